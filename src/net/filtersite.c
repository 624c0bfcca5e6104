/* filtersite.c - filters' libvirt work on a job's worker */
#include "net/filtersite.h"
#include "virt/hostconn.h"
#include "virt/virtfilter.h"

#include <string.h>

struct filter_site *filter_site_new(int64_t id, const char *object, filter_site_finish_fn finish)
{
    struct filter_site *s = g_new0(struct filter_site, 1);

    s->id = id;
    s->object = g_strdup(object);
    s->finish = finish;
    return s;
}

void filter_site_add_host(struct filter_site *s, int64_t id, const char *name, const char *uri)
{
    s->hosts = g_renew(struct filter_host, s->hosts, s->nhosts + 1);
    s->hosts[s->nhosts++] =
        (struct filter_host){.id = id, .name = g_strdup(name), .uri = g_strdup(uri)};
}

void filter_site_add_step(struct filter_site *s, int64_t filter_id, const char *name,
                          const char *xml)
{
    s->steps = g_renew(struct filter_step, s->steps, s->nsteps + 1);
    s->steps[s->nsteps++] =
        (struct filter_step){.filter_id = filter_id, .name = g_strdup(name), .xml = g_strdup(xml)};
}

static bool add_host_row(const struct db_row *r, void *ctx)
{
    char *name = db_row_text(r, 1), *uri = db_row_text(r, 2);

    filter_site_add_host(ctx, db_row_int(r, 0), name, uri);
    g_free(name);
    g_free(uri);
    return true;
}

bool filter_site_add_filter_hosts(struct filter_site *s, struct db *db, int64_t filter_id,
                                  struct dv_error *err)
{
    return db_query(db,
                    "SELECT h.id, h.name, h.uri FROM nwfilter_host fh JOIN host h "
                    "ON h.id = fh.host_id WHERE fh.filter_id = ?1 ORDER BY h.id",
                    DB_ARGS(DB_I(filter_id)), add_host_row, s, NULL, err);
}

void filter_site_free(struct filter_site *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nhosts; i++) {
        g_free(s->hosts[i].name);
        g_free(s->hosts[i].uri);
    }
    for (int i = 0; i < s->nsteps; i++) {
        g_free(s->steps[i].name);
        g_free(s->steps[i].xml);
    }
    g_free(s->hosts);
    g_free(s->steps);
    g_free(s->object);
    g_free(s);
}

bool filter_site_run(struct job_ctx *ctx, struct filter_site *s, struct dv_error *err)
{
    bool all = true;

    for (int i = 0; i < s->nhosts; i++) {
        struct filter_host *h = &s->hosts[i];
        struct virt_conn *c;

        if (job_ctx_cancelled(ctx))
            return job_ctx_fail_cancelled(ctx, err);
        /* L10N: progress text while a job connects to a host */
        job_ctx_progress(ctx, s->nhosts ? (double)i / s->nhosts : -1,
                         _("Connecting to the host..."));
        c = hostconn_get_uri(h->uri, &h->err);
        for (int k = 0; c && k < s->nsteps; k++) {
            const struct filter_step *st = &s->steps[k];
            bool ok = st->xml ? virt_nwfilter_define(c, st->name, st->xml, &h->err)
                              : virt_nwfilter_undefine(c, st->name, &h->err);

            if (!ok)
                break;
            h->done++;
        }
        all = all && h->done == s->nsteps;
    }
    /* the finish looks at every host; the job's own error is the first one */
    if (!all)
        *err = filter_site_failed(s)->err;
    return all;
}

static bool site_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    (void)result;
    return filter_site_run(ctx, data, err);
}

static bool site_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    (void)result;
    return ((struct filter_site *)data)->finish(job, data, ok, err);
}

static void site_free(void *data)
{
    filter_site_free(data);
}

struct job *filter_site_start(struct db *db, const struct dv_actor *actor, const char *what,
                              struct filter_site *s, struct dv_error *err)
{
    struct job_spec js = {.what = what,
                          .object = s->object,
                          .host = s->nhosts == 1 ? s->hosts[0].name : NULL,
                          .work = site_work,
                          .finish = site_finish,
                          .data = s,
                          .data_free = site_free};

    return job_start(db, actor, &js, err);
}

const struct filter_host *filter_site_failed(const struct filter_site *s)
{
    for (int i = 0; i < s->nhosts; i++)
        if (s->hosts[i].done < s->nsteps)
            return &s->hosts[i];
    return NULL;
}
