/* vmreconcile.c - OP-30's runner in dosvmd (reconcile.h) */
#include <string.h>

#include "admin/param.h"
#include "db/db.h"
#include "jobs/job.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "vm/reconcile.h"
#include "vm/vm.h"
#include "vm/vmpower.h"

struct reconciler {
    struct db *db;
    int64_t self_id;
    int64_t last;     /* the last tick that visited */
    GHashTable *busy; /* host ids with a visit under way */
    struct dv_actor actor;
};

struct visit {
    struct reconciler *r;
    int64_t host_id;
    char *uri;
    GArray *vms;      /* struct rec_vm */
    GPtrArray *uuids; /* of vms, same order */
};

static void visit_free(void *data)
{
    struct visit *v = data;

    g_array_free(v->vms, TRUE);
    g_ptr_array_free(v->uuids, TRUE);
    g_free(v->uri);
    g_free(v);
}

struct reconciler *reconciler_new(struct db *db, int64_t self_id)
{
    struct reconciler *r = g_new0(struct reconciler, 1);

    r->db = db;
    r->self_id = self_id;
    r->busy = g_hash_table_new(g_int64_hash, g_int64_equal);
    r->actor = (struct dv_actor){.user_id = 0, .sysadm = true};
    g_strlcpy(r->actor.account, "dosvmd", sizeof r->actor.account);
    g_strlcpy(r->actor.addr, "localhost", sizeof r->actor.addr);
    g_strlcpy(r->actor.session, DV_SESSION_SERVICE, sizeof r->actor.session);
    return r;
}

void reconciler_free(struct reconciler *r)
{
    if (!r)
        return;
    g_hash_table_destroy(r->busy);
    g_free(r);
}

int reconcile_pending(const struct reconciler *r)
{
    return (int)g_hash_table_size(r->busy);
}

/* ---------------------------------------------------------------- applying */

static void apply(struct reconciler *r, int64_t host_id, const struct rec_decision *d)
{
    struct dv_error err = {0};
    struct job *job;

    switch (d->action) {
    case REC_KEEP:
        return;
    case REC_STATE:
        /* seen running again: no longer one that stopped by itself */
        db_do(r->db,
              "UPDATE vm SET run_state = ?2, stopped_at = CASE WHEN ?2 IN (1, 2) THEN 0 ELSE "
              "stopped_at END WHERE id = ?1",
              DB_ARGS(DB_I(d->vm_id), DB_I(d->run)), &err);
        break;
    case REC_FLAG:
        if (db_do(r->db, "UPDATE vm SET flagged = 1 WHERE id = ?1", DB_ARGS(DB_I(d->vm_id)), &err))
            vm_event(r->db, d->vm_id, "flagged", host_id, "runs while its power state is off",
                     &err);
        break;
    case REC_UNFLAG:
        db_do(r->db, "UPDATE vm SET flagged = 0 WHERE id = ?1", DB_ARGS(DB_I(d->vm_id)), &err);
        break;
    case REC_RESTART:
        /* shut off as recorded, then started like a power-on (placement
         * may choose another host when this one failed) */
        if (!db_do(r->db,
                   "UPDATE vm SET run_state = 0, access_port = 0, stopped_at = 0 WHERE id = ?1",
                   DB_ARGS(DB_I(d->vm_id)), &err) ||
            !vm_event(r->db, d->vm_id, "restart", host_id, "", &err))
            break;
        job = vm_power_on_start(r->db, &r->actor, d->vm_id, 0, &err);
        if (job) {
            job_unref(job);
        } else {
            /* not startable now (quota, no host ...): recorded as its start error */
            db_do(r->db,
                  "UPDATE vm SET power_on = 0, start_error = ?2, start_error_at = "
                  "strftime('%s', 'now') WHERE id = ?1",
                  DB_ARGS(DB_I(d->vm_id), DB_T(err.msg)), NULL);
        }
        break;
    }
}

/* A VM of the host as recorded now, with the names its jobs' tasks carry. */
struct rec_row {
    struct rec_vm vm;
    char *uuid, *name, *instance;
};

static bool read_row(const struct db_row *row, void *ctx)
{
    struct rec_row r = {.vm = {.id = db_row_int(row, 0),
                               .power_on = db_row_int(row, 2),
                               .run = (enum vm_run)db_row_int(row, 3),
                               .flagged = db_row_int(row, 4),
                               .stopped = db_row_int(row, 5) != 0},
                        .uuid = db_row_text(row, 1),
                        .name = db_row_text(row, 6),
                        .instance = db_row_text(row, 7)};

    g_array_append_val(ctx, r);
    return true;
}

static void rows_free(GArray *rows)
{
    for (guint i = 0; i < rows->len; i++) {
        struct rec_row *r = &g_array_index(rows, struct rec_row, i);

        g_free(r->uuid);
        g_free(r->name);
        g_free(r->instance);
    }
    g_array_free(rows, TRUE);
}

/* The VMs recorded on the host now (NULL with err). */
static GArray *read_rows(struct db *db, int64_t host_id, struct dv_error *err)
{
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(struct rec_row));

    if (db_query(db,
                 "SELECT v.id, v.uuid, v.power_on, v.run_state, v.flagged, v.stopped_at, "
                 "v.name_en, i.name_en FROM vm v JOIN instance i ON i.id = v.instance_id "
                 "WHERE v.run_host_id = ?1",
                 DB_ARGS(DB_I(host_id)), read_row, rows, NULL, err))
        return rows;
    rows_free(rows);
    return NULL;
}

/* What the visit's work saw of uuid; false for a VM it did not look for
 * (recorded on the host since). */
static bool seen_of(const struct visit *v, const char *uuid, enum rec_seen *seen)
{
    for (guint i = 0; i < v->uuids->len; i++)
        if (strcmp(g_ptr_array_index(v->uuids, i), uuid) == 0) {
            *seen = g_array_index(v->vms, struct rec_vm, i).seen;
            return true;
        }
    return false;
}

/* Decide on the host's VMs as they are recorded at this moment (not as
 * they were when the visit began: a console, dosvmctl or a job of dosvmd
 * may have changed them meanwhile), leaving alone a VM a job works on. */
static void decide_all(struct visit *v, bool failed)
{
    struct dv_error err = {0};
    GArray *rows = read_rows(v->r->db, v->host_id, &err);

    for (guint i = 0; rows && i < rows->len; i++) {
        struct rec_row *r = &g_array_index(rows, struct rec_row, i);
        bool busy = false;
        struct rec_decision d;

        if (!failed && !seen_of(v, r->uuid, &r->vm.seen))
            continue;
        if (!vm_job_under_way(v->r->db, r->name, r->instance, &busy, &err) || busy)
            continue;
        d = reconcile_decide(&r->vm, failed);
        apply(v->r, v->host_id, &d);
    }
    if (rows)
        rows_free(rows);
}

/* ---------------------------------------------------------------- visiting */

static bool list_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct visit *v = data;
    struct virt_conn *c = hostconn_get_uri(v->uri, err);
    struct virt_dom_info *d = NULL;
    int n = 0;

    (void)ctx;
    (void)result;
    if (!c || !virt_dom_list_all(c, &d, &n, err))
        return false;
    for (guint i = 0; i < v->vms->len; i++) {
        struct rec_vm *m = &g_array_index(v->vms, struct rec_vm, i);
        const char *uuid = g_ptr_array_index(v->uuids, i);

        m->seen = REC_SEEN_MISSING;
        for (int k = 0; k < n; k++)
            if (g_ascii_strcasecmp(d[k].uuid, uuid) == 0)
                m->seen = rec_seen_of(d[k].state);
    }
    virt_dom_infos_free(d, n);
    return true;
}

static bool list_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct visit *v = data;

    (void)job;
    (void)result;
    g_hash_table_remove(v->r->busy, &v->host_id);
    if (ok) /* a host that did not answer is the heartbeat's to judge */
        decide_all(v, false);
    return ok || (dv_error_clear(err), true);
}

static bool read_vm(const struct db_row *row, void *ctx)
{
    struct visit *v = ctx;
    struct rec_vm m = {.id = db_row_int(row, 0)}; /* its seen filled by the work */

    g_ptr_array_add(v->uuids, db_row_text(row, 1));
    g_array_append_val(v->vms, m);
    return true;
}

struct host_row {
    int64_t id;
    char *uri;
    bool live, self;
};

static bool read_host(const struct db_row *row, void *ctx)
{
    struct host_row h = {.id = db_row_int(row, 0),
                         .uri = db_row_text(row, 1),
                         .live = db_row_int(row, 2) == 1,
                         .self = db_row_int(row, 3) == 1};

    g_array_append_val(ctx, h);
    return true;
}

static void visit_host(struct reconciler *r, const struct host_row *h)
{
    struct visit *v = g_new0(struct visit, 1);
    struct dv_error err = {0};
    struct job_spec js = {.what = N_("Reconcile VM states"),
                          .work = list_work,
                          .finish = list_finish,
                          .data = v,
                          .data_free = visit_free,
                          .quiet = true};
    struct job *job;

    v->r = r;
    v->host_id = h->id;
    v->uri = g_strdup(h->uri);
    v->vms = g_array_new(FALSE, TRUE, sizeof(struct rec_vm));
    v->uuids = g_ptr_array_new_with_free_func(g_free);
    if (!db_query(r->db,
                  "SELECT id, uuid FROM vm WHERE run_host_id = ?1",
                  DB_ARGS(DB_I(h->id)), read_vm, v, NULL, &err) ||
        v->vms->len == 0) {
        visit_free(v);
        return;
    }
    if (!h->live) {
        decide_all(v, true);
        visit_free(v);
        return;
    }
    if ((job = job_start(NULL, NULL, &js, &err))) {
        g_hash_table_add(r->busy, &v->host_id);
        job_unref(job);
    }
}

bool reconcile_tick_start(struct reconciler *r, int64_t now, struct dv_error *err)
{
    struct param_values pv = {0};
    GArray *hosts;
    bool ok = param_load(r->db, &pv, err);
    long interval = ok ? pv.n[PARAM_TASK_INTERVAL] : 0;

    param_values_clear(&pv);
    if (!ok)
        return false;
    if (r->last && now - r->last < interval)
        return true;
    r->last = now;
    hosts = g_array_new(FALSE, TRUE, sizeof(struct host_row));
    ok = db_query(r->db, "SELECT id, uri, state, self FROM host ORDER BY id", DB_NOARGS, read_host,
                  hosts, NULL, err);
    for (guint i = 0; ok && i < hosts->len; i++) {
        const struct host_row *h = &g_array_index(hosts, struct host_row, i);

        if ((!h->self || !r->self_id || h->id == r->self_id) &&
            !g_hash_table_contains(r->busy, &h->id))
            visit_host(r, h);
    }
    for (guint i = 0; i < hosts->len; i++)
        g_free(g_array_index(hosts, struct host_row, i).uri);
    g_array_free(hosts, TRUE);
    return ok;
}
