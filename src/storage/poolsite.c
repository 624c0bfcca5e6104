/* poolsite.c - a pool's libvirt work on a job's worker */
#include "storage/poolsite.h"
#include "storage/secret.h"
#include "hosts/host.h"
#include "virt/hostconn.h"
#include "xml/secretxml.h"

#include <string.h>

bool pool_site_prepare(struct db *db, const struct pool *p, int64_t host_id, struct pool_site *out,
                       struct dv_error *err)
{
    struct host h = {0};
    struct secret sec = {0};
    bool ok = host_id || pool_pick_host(db, p, &host_id, err);

    memset(out, 0, sizeof(*out));
    ok = ok && host_get(db, host_id, &h, err) &&
         (out->pool_xml = pool_build_xml(p, &out->build, err)) != NULL;
    if (ok && p->auth_secret_id)
        ok = secret_get(db, p->auth_secret_id, &sec, err) &&
             (out->secret_xml = secretxml_build(&sec, err)) &&
             (out->secret_value = secret_value(db, p->auth_secret_id, &out->secret_len, err));
    if (ok) {
        out->pool_id = p->id;
        out->host_id = host_id;
        out->host_name = g_strdup(h.name);
        out->uri = g_strdup(h.uri);
        out->pool_uuid = g_strdup(p->uuid);
        out->pool_name = g_strdup(p->name);
        out->ensure = true;
    } else {
        pool_site_clear(out);
    }
    secret_clear(&sec);
    host_clear(&h);
    return ok;
}

void pool_site_clear(struct pool_site *s)
{
    g_free(s->host_name);
    g_free(s->uri);
    g_free(s->pool_uuid);
    g_free(s->pool_name);
    g_free(s->pool_xml);
    g_free(s->secret_xml);
    secret_value_free(s->secret_value, s->secret_len);
    memset(s, 0, sizeof(*s));
}

struct virt_conn *pool_site_connect(const struct pool_site *s, struct dv_error *err)
{
    struct virt_conn *c = hostconn_get_uri(s->uri, err);

    if (!c || !s->ensure)
        return c;
    if (s->secret_xml && !virt_secret_put(c, s->secret_xml, s->secret_value, s->secret_len, err))
        return NULL;
    return virt_pool_ensure(c, s->pool_uuid, s->pool_xml, s->build, err) ? c : NULL;
}

struct site_job {
    struct pool_site site;
    struct pool_site_job spec;
};

static void site_job_free(void *data)
{
    struct site_job *j = data;

    pool_site_clear(&j->site);
    if (j->spec.data_free && j->spec.data)
        j->spec.data_free(j->spec.data);
    g_free(j);
}

static bool site_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct site_job *j = data;
    struct virt_conn *c;

    (void)result;
    /* L10N: progress text while a job connects to a host */
    job_ctx_progress(ctx, -1, _("Connecting to the host..."));
    c = pool_site_connect(&j->site, err);
    if (c && j->spec.step)
        job_ctx_progress(ctx, -1, _("Working on the host..."));
    return c && (!j->spec.step || j->spec.step(ctx, c, &j->site, j->spec.data, err));
}

static bool site_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct site_job *j = data;

    (void)result;
    if (ok && j->site.ensure)
        ok = pool_remember_host(job_db(job), j->site.pool_id, j->site.host_id, err);
    if (j->spec.finish)
        ok = j->spec.finish(job, &j->site, j->spec.data, ok, err);
    return ok;
}

struct job *pool_site_start(struct db *db, const struct dv_actor *actor, struct pool_site *site,
                            const struct pool_site_job *spec, struct dv_error *err)
{
    struct site_job *j = g_new0(struct site_job, 1);
    struct job_spec js = {.what = spec->what,
                          .object = spec->object,
                          .cancellable = spec->cancellable,
                          .timeout_s = spec->timeout_s,
                          .work = site_work,
                          .finish = site_finish,
                          .data = j,
                          .data_free = site_job_free};

    j->site = *site;
    memset(site, 0, sizeof(*site));
    j->spec = *spec;
    js.host = j->site.host_name;
    return job_start(db, actor, &js, err);
}

void *pool_site_data(const struct job *job)
{
    return ((struct site_job *)job_data(job))->spec.data;
}
