/* vmevents.c - run states from libvirt's lifecycle events (vmevents.h) */
#include "vm/vmevents.h"

#include <string.h>

#include "base/util.h"
#include "jobs/job.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "vm/reconcile.h"
#include "vm/vm.h"

/* One queued event: what the event thread copied out of libvirt's. */
struct queued {
    char *uri;
    char uuid[37];
    enum vm_run run;
    bool crashed;
    char what[48];
};

static void queued_free(void *p)
{
    struct queued *q = p;

    g_free(q->uri);
    g_free(q);
}

static GAsyncQueue *the_queue(void)
{
    static gsize once;
    static GAsyncQueue *q;

    if (g_once_init_enter(&once)) {
        q = g_async_queue_new_full(queued_free);
        g_once_init_leave(&once, 1);
    }
    return q;
}

/* On libvirt's event thread: copy and queue, nothing else. */
static void on_event(const struct virt_dom_event *ev, void *data)
{
    GAsyncQueue *aq = the_queue();
    struct queued *q;
    enum vm_run run;

    (void)data;
    if (!rec_run_of(rec_seen_of(ev->state), &run)) /* in between: nothing to record */
        return;
    q = g_new0(struct queued, 1);
    q->uri = g_strdup(ev->uri);
    g_strlcpy(q->uuid, ev->uuid, sizeof q->uuid);
    q->run = run;
    q->crashed = ev->crashed;
    g_strlcpy(q->what, ev->what, sizeof q->what);
    g_async_queue_lock(aq);
    while (g_async_queue_length_unlocked(aq) >= VMEVENTS_QUEUE_MAX) {
        struct queued *old = g_async_queue_try_pop_unlocked(aq);

        if (!old)
            break;
        queued_free(old);
    }
    g_async_queue_push_unlocked(aq, q);
    g_async_queue_unlock(aq);
}

void vmevents_queue(const struct virt_dom_event *ev)
{
    on_event(ev, NULL);
}

bool vmevents_watch(struct virt_conn *c, struct dv_error *err)
{
    the_queue();
    return virt_dom_watch(c, on_event, NULL, NULL, err);
}

bool vmevents_wait(int timeout_ms)
{
    GAsyncQueue *aq = the_queue();
    void *p = g_async_queue_timeout_pop(aq, (guint64)MAX(0, timeout_ms) * 1000);

    if (p)
        g_async_queue_push_front(aq, p);
    return p != NULL;
}

/* ---------------------------------------------------------------- draining */

/* The VM an event is about, as recorded. */
struct target {
    int64_t id, host_id;
    bool power_on;
    enum vm_run run;
    char *name, *instance;
    bool found;
};

static bool read_target(const struct db_row *r, void *ctx)
{
    struct target *t = ctx;

    t->id = db_row_int(r, 0);
    t->host_id = db_row_int(r, 1);
    t->power_on = db_row_int(r, 2) != 0;
    t->run = (enum vm_run)db_row_int(r, 3);
    t->name = db_row_text(r, 4);
    t->instance = db_row_text(r, 5);
    t->found = true;
    return false;
}

/* Record q on its VM: 1 when the run state changed, 0 when nothing was to
 * do, -1 with err. */
static int apply(struct db *db, const struct queued *q, struct dv_error *err)
{
    struct target t = {0};
    bool busy = false, active, stopped, unexpected, ok;
    int changed = 0;

    if (!db_query(db,
                  "SELECT v.id, h.id, v.power_on, v.run_state, v.name_en, i.name_en FROM vm v "
                  "JOIN host h ON h.id = v.run_host_id JOIN instance i ON i.id = v.instance_id "
                  "WHERE v.uuid = ?1 AND h.uri = ?2",
                  DB_ARGS(DB_T(q->uuid), DB_T(q->uri)), read_target, &t, NULL, err))
        return -1;
    ok = true;
    if (!t.found || t.run == q->run || (q->run == VM_SHUTOFF && t.run == VM_SAVED))
        goto done;
    if (!(ok = vm_job_under_way(db, t.name, t.instance, &busy, err)) || busy)
        goto done;
    active = t.run == VM_RUNNING || t.run == VM_SUSPENDED;
    stopped = active && q->run == VM_SHUTOFF;
    unexpected = stopped && t.power_on;
    if (!(ok = db_begin(db, err)))
        goto done;
    /* still the state read above: another process may have applied it */
    ok = db_do(db,
               "UPDATE vm SET run_state = ?2, access_port = CASE WHEN ?2 = 0 THEN 0 ELSE "
               "access_port END, stopped_at = CASE WHEN ?4 THEN ?5 WHEN ?2 IN (1, 2) THEN 0 "
               "ELSE stopped_at END WHERE id = ?1 AND run_state = ?3",
               DB_ARGS(DB_I(t.id), DB_I(q->run), DB_I(t.run), DB_I(unexpected), DB_I(dv_now())),
               err);
    if (ok && db_changes(db) == 1) {
        changed = 1;
        if (unexpected || (stopped && q->crashed))
            ok = vm_event(db, t.id, q->crashed ? "crash" : "stopped", t.host_id, q->what, err);
    }
    if (ok)
        ok = db_commit(db, err);
    else
        db_rollback(db);
done:
    g_free(t.name);
    g_free(t.instance);
    return ok ? changed : -1;
}

int vmevents_drain(struct db *db, struct dv_error *err)
{
    GAsyncQueue *aq = the_queue();
    GPtrArray *batch;
    GHashTable *seen;
    struct queued *q;
    int changed = 0;
    bool failed = false;

    if (g_async_queue_length(aq) <= 0) /* the usual case, five times a second */
        return 0;
    batch = g_ptr_array_new_with_free_func(queued_free);
    seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    while ((q = g_async_queue_try_pop(aq)))
        g_ptr_array_add(batch, q);
    /* newest first: the last event of a domain stands for the batch */
    for (guint i = batch->len; i > 0; i--) {
        struct queued *e = g_ptr_array_index(batch, i - 1);
        char *key = g_strconcat(e->uri, " ", e->uuid, NULL);
        struct dv_error e1 = {0};
        int r;

        if (!g_hash_table_add(seen, key))
            continue;
        r = apply(db, e, &e1);
        if (r < 0 && !failed) {
            failed = true;
            if (err)
                *err = e1;
        }
        changed += MAX(r, 0);
    }
    g_hash_table_destroy(seen);
    g_ptr_array_free(batch, TRUE);
    return failed ? -1 : changed;
}

/* ---------------------------------------------------------------- dosvmd's keeper */

struct vmwatcher {
    struct db *db;
    int64_t self_id;
    int64_t last;     /* the last tick that visited */
    GHashTable *busy; /* host ids with a visit under way */
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
};

struct keep {
    struct vmwatcher *w;
    int64_t host_id;
    char *uri;
    bool anew; /* the work watched the connection (it was not before) */
};

static void keep_free(void *data)
{
    struct keep *k = data;

    g_free(k->uri);
    g_free(k);
}

struct vmwatcher *vmwatcher_new(struct db *db, int64_t self_id)
{
    struct vmwatcher *w = g_new0(struct vmwatcher, 1);

    w->db = db;
    w->self_id = self_id;
    w->busy = g_hash_table_new(g_int64_hash, g_int64_equal);
    return w;
}

void vmwatcher_free(struct vmwatcher *w)
{
    if (!w)
        return;
    g_hash_table_destroy(w->busy);
    g_free(w);
}

void vmwatcher_set_log(struct vmwatcher *w, void (*log)(void *ctx, const char *line), void *ctx)
{
    w->log = log;
    w->log_ctx = ctx;
}

int vmwatcher_pending(const struct vmwatcher *w)
{
    return (int)g_hash_table_size(w->busy);
}

static bool keep_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct keep *k = data;
    struct virt_conn *c = hostconn_get_uri(k->uri, err);

    (void)ctx;
    (void)result;
    if (!c)
        return false;
    k->anew = !virt_dom_watched(c);
    return vmevents_watch(c, err);
}

static bool keep_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct keep *k = data;

    (void)job;
    (void)result;
    g_hash_table_remove(k->w->busy, &k->host_id);
    if (ok && k->anew && k->w->log) {
        char *line = g_strdup_printf(_("Watching the VM lifecycle events of %s."), k->uri);

        k->w->log(k->w->log_ctx, line);
        g_free(line);
    }
    dv_error_clear(err); /* an unreachable host is the heartbeat's to judge */
    return true;
}

struct keep_host {
    int64_t id;
    char *uri;
};

static bool read_keep_host(const struct db_row *row, void *ctx)
{
    struct keep_host h = {.id = db_row_int(row, 0), .uri = db_row_text(row, 1)};

    g_array_append_val(ctx, h);
    return true;
}

static void keep_host(struct vmwatcher *w, const struct keep_host *h)
{
    struct keep *k = g_new0(struct keep, 1);
    struct dv_error err = {0};
    struct job_spec js = {.what = N_("Watch VM lifecycle events"),
                          .work = keep_work,
                          .finish = keep_finish,
                          .data = k,
                          .data_free = keep_free,
                          .quiet = true};
    struct job *job;

    k->w = w;
    k->host_id = h->id;
    k->uri = g_strdup(h->uri);
    if ((job = job_start(NULL, NULL, &js, &err))) {
        g_hash_table_add(w->busy, &k->host_id);
        job_unref(job);
    }
}

bool vmwatcher_tick_start(struct vmwatcher *w, int64_t now, struct dv_error *err)
{
    GArray *hosts;
    bool ok;

    if (w->last && now - w->last < VMEVENTS_KEEP_S)
        return true;
    w->last = now;
    hosts = g_array_new(FALSE, TRUE, sizeof(struct keep_host));
    /* the hosts the reconciler visits (vmreconcile.c), live ones only */
    ok = db_query(w->db,
                  "SELECT id, uri FROM host WHERE state = 1 AND (self = 0 OR ?1 = 0 OR id = ?1) "
                  "ORDER BY id",
                  DB_ARGS(DB_I(w->self_id)), read_keep_host, hosts, NULL, err);
    for (guint i = 0; ok && i < hosts->len; i++) {
        const struct keep_host *h = &g_array_index(hosts, struct keep_host, i);

        if (!g_hash_table_contains(w->busy, &h->id))
            keep_host(w, h);
    }
    for (guint i = 0; i < hosts->len; i++)
        g_free(g_array_index(hosts, struct keep_host, i).uri);
    g_array_free(hosts, TRUE);
    return ok;
}
