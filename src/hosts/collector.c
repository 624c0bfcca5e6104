/* collector.c - the host metrics collector */
#include "hosts/collector.h"
#include "hosts/host.h"
#include "admin/param.h"
#include "jobs/job.h"
#include "virt/virt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#define NET_DEV "/proc/net/dev"
#define MIB     (1024.0 * 1024.0)

/* What the collector remembers of one host between ticks. */
struct host_state {
    int64_t id;
    struct virt_conn *conn; /* cached; NULL until opened or after a failure */
    bool has_cpu;           /* cpu holds the previous sample's counters */
    struct virt_cpu_times cpu;
    bool fresh; /* the last collection succeeded: last is current */
    struct host_sample last;
    bool listed; /* still in the database at this tick */
    bool busy;   /* a background visit has conn and cpu (collector_tick_start) */
};

struct collector {
    struct db *db;
    GHashTable *hosts; /* id -> struct host_state */
    bool started;      /* the first tick happened: the times below are set */
    int64_t last_collect, last_beat, last_history;
    int64_t self_id; /* this process's own host, 0 when not set */
    char *net_dev;
    bool has_net; /* net_bytes/net_time hold the previous reading */
    uint64_t net_bytes;
    int64_t net_time;
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
    bool async;           /* visits run as jobs: no libvirt call on this thread */
    GPtrArray *pending;   /* struct visit * of the jobs not ended yet */
    unsigned gen;         /* ticks started, numbering their visits */
    unsigned history_gen; /* a history row is due once this tick's visits end; 0: none */
};

/* One heartbeat of one host: what the owner read of it at the tick and
 * hands to the libvirt part (a worker's, or the tick's own thread in
 * collector_tick), with the host's connection and CPU counters moved in. */
struct visit {
    struct collector *c; /* the owner's; NULL once the collector is freed */
    unsigned gen;        /* the tick's */
    int64_t id, now;
    char *name, *uri, *share; /* share: the self host's share_disk_path, else NULL */
    bool self, running, collect;
    int missed;
    long fails;
    long beat_s;
    struct virt_conn *conn; /* taken by the libvirt part */
    bool has_cpu;
    struct virt_cpu_times cpu;
};

/* What the libvirt part found; its connection and counters go back to the
 * host's state. */
struct outcome {
    struct virt_conn *conn; /* NULL when dropped */
    bool has_cpu;
    struct virt_cpu_times cpu;
    bool answered;
    struct host_sample sample; /* when collecting */
    struct dv_error why;
};

/* The parameters of one tick. */
struct tick {
    int64_t now;
    long fails;
    long beat_s; /* the heartbeat interval: a visit's time limit */
    bool collect, beat;
};

/* Close a connection the owner holds: at once in collector_tick, else in a
 * job of its own (closing a remote connection waits for the host). */
static bool close_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    (void)ctx;
    (void)result;
    (void)err;
    virt_close(data);
    return true;
}

static void close_conn(struct collector *c, struct virt_conn *conn)
{
    struct job_spec spec = {
        .what = N_("Close a host connection"), .work = close_work, .data = conn, .quiet = true};

    if (!conn)
        return;
    if (!c || c->async)
        job_unref(job_start(NULL, NULL, &spec, NULL));
    else
        virt_close(conn);
}

struct collector *collector_new(struct db *db)
{
    struct collector *c = g_new0(struct collector, 1);

    virt_init();
    c->db = db;
    c->hosts = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free);
    c->pending = g_ptr_array_new();
    c->net_dev = g_strdup(NET_DEV);
    return c;
}

void collector_free(struct collector *c)
{
    GHashTableIter it;
    gpointer value;

    if (!c)
        return;
    /* visits still running end without it (their jobs free them) */
    for (guint i = 0; i < c->pending->len; i++)
        ((struct visit *)g_ptr_array_index(c->pending, i))->c = NULL;
    g_ptr_array_free(c->pending, TRUE);
    g_hash_table_iter_init(&it, c->hosts);
    while (g_hash_table_iter_next(&it, NULL, &value))
        virt_close(((struct host_state *)value)->conn);
    g_hash_table_destroy(c->hosts);
    g_free(c->net_dev);
    g_free(c);
}

void collector_set_log(struct collector *c, void (*log)(void *ctx, const char *line), void *ctx)
{
    c->log = log;
    c->log_ctx = ctx;
}

void collector_set_self(struct collector *c, int64_t host_id)
{
    c->self_id = host_id;
}

void collector_set_net_dev(struct collector *c, const char *path)
{
    g_free(c->net_dev);
    c->net_dev = g_strdup(path);
    c->has_net = false;
}

static void say(struct collector *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void say(struct collector *c, const char *fmt, ...)
{
    va_list ap;
    char *line;

    if (!c->log)
        return;
    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    c->log(c->log_ctx, line);
    g_free(line);
}

/* ---------------------------------------------------------------- network (OP-17) */

bool collector_iface_counted(const char *name)
{
    static const char *const skipped[] = {"virbr", "br", "tap", "vnet", "macvtap"};

    if (strcmp(name, "lo") == 0 || strcmp(name, "ovs-system") == 0)
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(skipped); i++)
        if (g_str_has_prefix(name, skipped[i]))
            return false;
    return true;
}

/* "  eth0: rx_bytes rx_packets ... (8 receive fields) tx_bytes ..." */
static bool parse_net_line(const char *line, uint64_t *bytes)
{
    const char *colon = strchr(line, ':');
    char *name, *end;
    const char *p;
    uint64_t rx = 0, tx = 0;
    bool counted;

    if (!colon)
        return false;
    name = g_strstrip(g_strndup(line, (gsize)(colon - line)));
    counted = collector_iface_counted(name);
    g_free(name);
    p = colon + 1;
    for (int field = 0; field <= 8; field++) {
        uint64_t v = g_ascii_strtoull(p, &end, 10);

        if (end == p)
            return false;
        if (field == 0)
            rx = v;
        else if (field == 8)
            tx = v;
        p = end;
    }
    if (counted)
        *bytes += rx + tx;
    return true;
}

bool collector_net_bytes(const char *text, uint64_t *bytes)
{
    char **lines = g_strsplit(text ? text : "", "\n", -1);
    bool any = false;

    *bytes = 0;
    for (char **l = lines; *l; l++)
        any = parse_net_line(*l, bytes) || any;
    g_strfreev(lines);
    return any;
}

/* Network MB/s since the previous reading; false when unavailable. */
static bool net_rate(struct collector *c, int64_t now, double *mbps)
{
    char *text = NULL;
    uint64_t bytes;
    bool ok =
        g_file_get_contents(c->net_dev, &text, NULL, NULL) && collector_net_bytes(text, &bytes);
    bool rate = ok && c->has_net && now > c->net_time && bytes >= c->net_bytes;

    g_free(text);
    if (rate)
        *mbps = (double)(bytes - c->net_bytes) / (double)(now - c->net_time) / MIB;
    c->has_net = ok;
    c->net_bytes = ok ? bytes : 0;
    c->net_time = now;
    return rate;
}

/* ---------------------------------------------------------------- one sample */

static bool disk_load(const char *path, double *pct)
{
    struct statvfs v;

    if (!path || !*path || statvfs(path, &v) != 0 || v.f_blocks == 0)
        return false;
    *pct = 100.0 * (double)(v.f_blocks - v.f_bfree) / (double)v.f_blocks;
    return true;
}

static double clamp_pct(double v)
{
    return v < 0 ? 0 : v > 100 ? 100 : v;
}

/* CPU load over the interval since the previous counters. */
static bool cpu_load(struct outcome *s, const struct virt_cpu_times *now, double *pct)
{
    bool rate = s->has_cpu && now->total >= s->cpu.total && now->busy >= s->cpu.busy;

    if (rate) {
        uint64_t dt = now->total - s->cpu.total, db = now->busy - s->cpu.busy;

        /* counters that did not move (the test driver's) measure 0.00 */
        *pct = dt ? clamp_pct(100.0 * (double)db / (double)dt) : 0.0;
    }
    s->cpu = *now;
    s->has_cpu = true;
    return rate;
}

/* A call that fails for a reason other than "not supported" fails the sample. */
static bool unsupported(const struct dv_error *e)
{
    return e->code == DV_ERR_INFO;
}

/* The libvirt part of a sample: CPU and memory, and the self host's disk. */
static bool take_sample(const struct visit *v, struct outcome *o)
{
    struct host_sample *out = &o->sample;
    struct virt_cpu_times t;
    struct virt_mem m;

    memset(out, 0, sizeof(*out));
    out->time = v->now;
    if (virt_cpu_times(o->conn, &t, &o->why))
        out->has_cpu = cpu_load(o, &t, &out->cpu_pct);
    else if (!unsupported(&o->why))
        return false;
    if (virt_mem(o->conn, &m, &o->why)) {
        out->mem_pct = clamp_pct(100.0 * (double)(m.total_kb - m.avail_kb) / (double)m.total_kb);
        out->has_mem = true;
    } else if (!unsupported(&o->why)) {
        return false;
    }
    if (v->self)
        out->has_disk = disk_load(v->share, &out->disk_pct);
    return true;
}

/* ---------------------------------------------------------------- hosts */

/* The part of a visit that calls the host (on a worker, or in
 * collector_tick on its caller's thread): a full sample when collecting,
 * else a probe.  The connection is opened when there is none, dropped when
 * the host did not answer or its URI changed. */
static void visit_run(struct visit *v, struct outcome *o)
{
    struct virt_cpu_times probe;

    memset(o, 0, sizeof(*o));
    o->conn = v->conn;
    v->conn = NULL;
    o->has_cpu = v->has_cpu;
    o->cpu = v->cpu;
    /* an admin changed the URI: the old connection is not this host's */
    if (o->conn && strcmp(virt_uri(o->conn), v->uri) != 0) {
        g_clear_pointer(&o->conn, virt_close);
        o->has_cpu = false;
    }
    if (!o->conn)
        o->conn = virt_open(v->uri, &o->why);
    if (!o->conn)
        o->answered = false;
    else if (v->collect)
        o->answered = take_sample(v, o);
    else
        o->answered = virt_alive(o->conn) &&
                      (virt_cpu_times(o->conn, &probe, &o->why) || unsupported(&o->why));
    if (o->conn && !o->answered && !o->why.msg[0])
        dv_error_set(&o->why, DV_ERR_IO, NULL, _("The connection to %s is closed."), v->uri);
    if (!o->answered) {
        g_clear_pointer(&o->conn, virt_close);
        o->has_cpu = false;
    }
}

static void visit_free(void *data)
{
    struct visit *v = data;

    virt_close(v->conn); /* NULL unless the work never ran */
    g_free(v->name);
    g_free(v->uri);
    g_free(v->share);
    g_free(v);
}

static void outcome_free(void *data)
{
    struct outcome *o = data;

    virt_close(o->conn); /* a result dropped after a timeout, on the worker */
    g_free(o);
}

static struct host_state *state_of(struct collector *c, int64_t id)
{
    struct host_state *s = g_hash_table_lookup(c->hosts, &id);

    if (!s) {
        s = g_new0(struct host_state, 1);
        s->id = id;
        g_hash_table_insert(c->hosts, &s->id, s);
    }
    return s;
}

/* The host answered: store what we learnt. */
static bool host_ok(struct collector *c, const struct visit *v, struct host_state *s,
                    struct host_sample *sample, struct dv_error *err)
{
    bool ok;

    if (!v->running)
        say(c, _("Host %s (%s) is running again."), v->name, v->uri);
    if (sample) {
        if (v->self)
            sample->has_net = net_rate(c, v->now, &sample->net_mbps);
        s->last = *sample;
        s->fresh = true;
        ok = host_record_sample(c->db, v->id, sample, err);
    } else {
        ok = host_mark_seen(c->db, v->id, v->now, err);
    }
    return ok;
}

/* The host did not answer: one more missed heartbeat. */
static bool host_missed(struct collector *c, const struct visit *v, struct host_state *s,
                        const struct dv_error *why, struct dv_error *err)
{
    bool stopped = false;

    s->fresh = false;
    if (!host_mark_missed(c->db, v->id, (int)v->fails, &stopped, err))
        return false;
    if (v->running)
        say(c, _("Host %s missed a heartbeat (%d of %ld): %s"), v->name, v->missed + 1, v->fails,
            why->msg);
    if (stopped && v->running)
        say(c, _("Host %s (%s) is stopped."), v->name, v->uri);
    return true;
}

/* The owner's part of a visit: the connection and counters go back to the
 * host's state, the sample or the missed heartbeat to the database.  o is
 * NULL when the work never returned (why says so). */
static bool visit_end(struct collector *c, struct visit *v, struct outcome *o,
                      const struct dv_error *why, struct dv_error *err)
{
    struct host_state *s = g_hash_table_lookup(c->hosts, &v->id);

    if (!s) { /* deleted meanwhile: forgotten */
        if (o)
            close_conn(c, g_steal_pointer(&o->conn));
        return true;
    }
    s->busy = false;
    if (o) {
        s->conn = g_steal_pointer(&o->conn);
        s->has_cpu = o->has_cpu;
        s->cpu = o->cpu;
    } else {
        s->has_cpu = false;
    }
    if (o && o->answered)
        return host_ok(c, v, s, v->collect ? &o->sample : NULL, err);
    return host_missed(c, v, s, o ? &o->why : why, err);
}

/* A visit of host h at this tick, with its state's connection moved in. */
static struct visit *visit_new(struct collector *c, const struct host *h, struct host_state *s,
                               const struct tick *t)
{
    struct visit *v = g_new0(struct visit, 1);

    v->c = c;
    v->gen = c->gen;
    v->id = h->id;
    v->now = t->now;
    v->name = g_strdup(h->name);
    v->uri = g_strdup(h->uri);
    v->self = h->self;
    v->share = h->self ? g_strdup(h->share_disk_path) : NULL;
    v->running = h->running;
    v->missed = h->missed;
    v->collect = t->collect;
    v->fails = t->fails;
    v->beat_s = t->beat_s;
    v->conn = g_steal_pointer(&s->conn);
    v->has_cpu = s->has_cpu;
    v->cpu = s->cpu;
    return v;
}

/* ---------------------------------------------------------------- visits as jobs */

static bool save_history(struct collector *c, struct dv_error *err);

/* Whether a visit of tick gen has not ended yet. */
static bool gen_pending(const struct collector *c, unsigned gen)
{
    for (guint i = 0; i < c->pending->len; i++)
        if (((const struct visit *)g_ptr_array_index(c->pending, i))->gen == gen)
            return true;
    return false;
}

/* The history due at a tick is saved when its visits have ended, so that
 * it holds their samples (as collector_tick's does). */
static void history_when_ended(struct collector *c)
{
    struct dv_error e = {0};

    if (!c->history_gen || gen_pending(c, c->history_gen))
        return;
    c->history_gen = 0;
    save_history(c, &e); /* a database error: the next row is due later */
}

static bool visit_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct outcome *o = g_new0(struct outcome, 1);

    (void)ctx;
    (void)err;
    visit_run(data, o);
    *result = o;
    return true;
}

static bool visit_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct visit *v = data;
    struct outcome *o = result;
    struct dv_error e = {0};

    (void)job;
    if (!v->c) { /* the collector is gone */
        if (o)
            close_conn(NULL, g_steal_pointer(&o->conn));
        return true;
    }
    g_ptr_array_remove(v->c->pending, v);
    /* the program ends: not the host's fault */
    if (!o && err->code == DV_ERR_CANCELLED) {
        struct host_state *s = g_hash_table_lookup(v->c->hosts, &v->id);

        if (s)
            s->busy = false;
        return true;
    }
    visit_end(v->c, v, o, err, &e); /* a database error: the next tick tries again */
    history_when_ended(v->c);
    return true;
}

static void visit_start(struct collector *c, struct visit *v)
{
    struct job_spec spec = {.what = N_("Collect host metrics"),
                            .object = v->name,
                            .host = v->name,
                            .work = visit_work,
                            .finish = visit_finish,
                            .data = v,
                            .data_free = visit_free,
                            .result_free = outcome_free,
                            /* a host that does not answer within a heartbeat
                             * interval misses that heartbeat */
                            .timeout_s = (int)MAX(2, v->beat_s),
                            .quiet = true};

    g_ptr_array_add(c->pending, v);
    job_unref(job_start(NULL, NULL, &spec, NULL));
}

/* One heartbeat of one host: in collector_tick at once, else as a job; a
 * host whose previous visit still runs is skipped. */
static bool visit_host(struct collector *c, const struct host *h, const struct tick *t,
                       struct dv_error *err)
{
    struct host_state *s = state_of(c, h->id);
    struct visit *v;
    struct outcome o;
    bool ok;

    s->listed = true;
    if (s->busy)
        return true;
    v = visit_new(c, h, s, t);
    if (c->async) {
        s->busy = true;
        visit_start(c, v);
        return true;
    }
    visit_run(v, &o);
    ok = visit_end(c, v, &o, NULL, err);
    visit_free(v);
    return ok;
}

static gboolean not_listed(gpointer key, gpointer value, gpointer data)
{
    struct host_state *s = value;
    bool gone = !s->listed;

    s->listed = false;
    if (gone)
        close_conn(data, g_steal_pointer(&s->conn));
    return gone;
}

/* A database error of one host does not stop the others; the first is kept. */
static void keep_first(bool ok, const struct dv_error *e, bool *all_ok, struct dv_error *err)
{
    if (ok || e->code == DV_ERR_NOTFOUND) /* deleted meanwhile */
        return;
    if (*all_ok && err)
        *err = *e;
    *all_ok = false;
}

static bool visit_hosts(struct collector *c, const struct tick *t, struct dv_error *err)
{
    struct host_page hosts;
    bool all_ok = true;

    if (!host_list(c->db, NULL, 0, -1, &hosts, err))
        return false;
    for (int i = 0; i < hosts.n; i++) {
        const struct host *h = &hosts.rows[i];
        struct dv_error e = {0};

        if (!h->self || !c->self_id || h->id == c->self_id)
            keep_first(visit_host(c, h, t, &e), &e, &all_ok, err);
    }
    /* forget deleted hosts; the survivors' flags are reset for the next tick */
    g_hash_table_foreach_remove(c->hosts, not_listed, c);
    host_page_free(&hosts);
    return all_ok;
}

static bool save_history(struct collector *c, struct dv_error *err)
{
    GHashTableIter it;
    gpointer value;
    bool all_ok = true;

    g_hash_table_iter_init(&it, c->hosts);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        struct host_state *s = value;
        struct dv_error e = {0};

        if (s->fresh)
            keep_first(host_append_history(c->db, s->id, &s->last, &e), &e, &all_ok, err);
    }
    return all_ok;
}

static bool due(int64_t now, int64_t last, long interval)
{
    return now - last >= interval;
}

static bool tick(struct collector *c, int64_t now, struct dv_error *err)
{
    struct tick t = {.now = now,
                     .fails = param_get_int(c->db, PARAM_HEARTBEAT_FAILS),
                     .beat_s = param_get_int(c->db, PARAM_HEARTBEAT)};
    bool ok = true;

    c->gen++;
    t.collect = !c->started || due(now, c->last_collect, param_get_int(c->db, PARAM_HOST_COLLECT));
    t.beat = t.collect || due(now, c->last_beat, param_get_int(c->db, PARAM_HEARTBEAT));
    if (!c->started) {
        c->started = true;
        c->last_history = now;
    }
    if (t.beat)
        ok = visit_hosts(c, &t, err);
    if (t.collect)
        c->last_collect = now;
    if (t.beat)
        c->last_beat = now;
    if (due(now, c->last_history, param_get_int(c->db, PARAM_HOST_HISTORY))) {
        c->last_history = now;
        if (c->async) {
            c->history_gen = c->gen;
            history_when_ended(c);
        } else {
            ok = save_history(c, ok ? err : NULL) && ok;
        }
    }
    return ok;
}

bool collector_tick(struct collector *c, int64_t now, struct dv_error *err)
{
    c->async = false;
    return tick(c, now, err);
}

bool collector_tick_start(struct collector *c, int64_t now, struct dv_error *err)
{
    c->async = true;
    return tick(c, now, err);
}

int collector_pending(const struct collector *c)
{
    return (int)c->pending->len;
}
