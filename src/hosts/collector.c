/* collector.c - the host metrics collector */
#include "hosts/collector.h"
#include "hosts/host.h"
#include "admin/param.h"
#include "base/util.h"
#include "virt/virt.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>

#define NET_DEV "/proc/net/dev"
#define MIB     (1024.0 * 1024.0)

/* One heartbeat of one host on a thread of its own: what it needs is copied
 * in, what the host answered is read back on the collector's thread.  The
 * connection travels with it; a probe the collector gave up on (its host
 * deleted, the collector freed) closes it when its thread returns. */
struct probe {
    int64_t host_id;
    int64_t time; /* the tick that started it */
    char *uri;
    bool collect;           /* a full sample, else a probe of the connection */
    struct virt_conn *conn; /* in: the cached one or NULL; out: the one to keep */
    GAsyncQueue *done;      /* the collector's; the probe is pushed when done */
    /* out */
    bool answered;
    struct dv_error why;
    bool has_cpu, has_mem;
    struct virt_cpu_times cpu;
    struct virt_mem mem;
};

/* What the collector remembers of one host between ticks. */
struct host_state {
    int64_t id;
    struct virt_conn *conn; /* cached; NULL until opened or after a failure */
    struct probe *inflight; /* the probe running on its thread, or NULL */
    bool counted;           /* the running probe's miss was counted already */
    bool has_cpu;           /* cpu holds the previous sample's counters */
    struct virt_cpu_times cpu;
    bool fresh; /* the last collection succeeded: last is current */
    struct host_sample last;
    bool listed; /* still in the database at this tick */
};

struct collector {
    struct db *db;
    GHashTable *hosts; /* id -> struct host_state */
    GAsyncQueue *done; /* probes whose thread returned */
    unsigned wait_ms;  /* how long a tick waits for its probes */
    bool started;      /* the first tick happened: the times below are set */
    int64_t last_collect, last_beat, last_history;
    int64_t self_id; /* this process's own host, 0 when not set */
    char *net_dev;
    bool has_net; /* net_bytes/net_time hold the previous reading */
    uint64_t net_bytes;
    int64_t net_time;
    void (*log)(void *ctx, const char *line);
    void *log_ctx;
};

/* The parameters of one tick. */
struct tick {
    int64_t now;
    long fails;
    bool collect, beat;
};

static void probe_free(gpointer p)
{
    struct probe *pr = p;

    virt_close(pr->conn);
    g_free(pr->uri);
    g_free(pr);
}

static void state_free(gpointer p)
{
    struct host_state *s = p;

    /* a running probe is its thread's now: it lands in the queue and is
     * freed with it */
    virt_close(s->conn);
    g_free(s);
}

struct collector *collector_new(struct db *db)
{
    struct collector *c = g_new0(struct collector, 1);

    virt_init();
    c->db = db;
    c->hosts = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, state_free);
    c->done = g_async_queue_new_full(probe_free);
    c->wait_ms = COLLECTOR_WAIT_DEFAULT_MS;
    c->net_dev = g_strdup(NET_DEV);
    return c;
}

void collector_set_wait(struct collector *c, unsigned ms)
{
    c->wait_ms = ms;
}

int collector_probes_running(const struct collector *c)
{
    GHashTableIter it;
    gpointer value;
    int n = 0;

    g_hash_table_iter_init(&it, c->hosts);
    while (g_hash_table_iter_next(&it, NULL, &value))
        n += ((struct host_state *)value)->inflight != NULL;
    return n;
}

void collector_free(struct collector *c)
{
    if (!c)
        return;
    g_hash_table_destroy(c->hosts);
    /* probes still running keep the queue alive; never waited for */
    g_async_queue_unref(c->done);
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
static bool cpu_load(struct host_state *s, const struct virt_cpu_times *now, double *pct)
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

/* On the probe's thread: the libvirt calls of one heartbeat. */
static void probe_host(struct probe *p)
{
    struct virt_cpu_times t;

    if (!p->conn)
        p->conn = virt_open(p->uri, &p->why);
    if (!p->conn) {
        p->answered = false;
    } else if (p->collect) {
        p->answered = true;
        if (virt_cpu_times(p->conn, &p->cpu, &p->why))
            p->has_cpu = true;
        else if (!unsupported(&p->why))
            p->answered = false;
        if (p->answered && virt_mem(p->conn, &p->mem, &p->why))
            p->has_mem = p->mem.total_kb > 0;
        else if (p->answered && !unsupported(&p->why))
            p->answered = false;
    } else {
        p->answered =
            virt_alive(p->conn) && (virt_cpu_times(p->conn, &t, &p->why) || unsupported(&p->why));
    }
    if (p->conn && !p->answered && !p->why.msg[0])
        dv_error_set(&p->why, DV_ERR_IO, NULL, _("The connection to %s is closed."), p->uri);
    if (!p->answered)
        g_clear_pointer(&p->conn, virt_close);
    if (p->answered)
        dv_error_clear(&p->why);
}

static gpointer probe_thread(gpointer data)
{
    struct probe *p = data;
    GAsyncQueue *q = p->done;

    virt_init();
    probe_host(p);
    p->done = NULL;
    g_async_queue_push(q, p);
    g_async_queue_unref(q);
    return NULL;
}

/* On the collector's thread: the sample of an answered probe. */
static void make_sample(struct collector *c, struct host_state *s, const struct host *h,
                        const struct probe *p, struct host_sample *out)
{
    memset(out, 0, sizeof(*out));
    out->time = p->time;
    if (p->has_cpu)
        out->has_cpu = cpu_load(s, &p->cpu, &out->cpu_pct);
    if (p->has_mem) {
        out->mem_pct = clamp_pct(100.0 * (double)(p->mem.total_kb - p->mem.avail_kb) /
                                 (double)p->mem.total_kb);
        out->has_mem = true;
    }
    if (h->self) {
        out->has_disk = disk_load(h->share_disk_path, &out->disk_pct);
        out->has_net = net_rate(c, p->time, &out->net_mbps);
    }
}

/* ---------------------------------------------------------------- hosts */

static struct host_state *state_of(struct collector *c, const struct host *h)
{
    struct host_state *s = g_hash_table_lookup(c->hosts, &h->id);

    if (!s) {
        s = g_new0(struct host_state, 1);
        s->id = h->id;
        g_hash_table_insert(c->hosts, &s->id, s);
    }
    /* an admin changed the URI: the old connection is not this host's */
    if (s->conn && strcmp(virt_uri(s->conn), h->uri) != 0) {
        g_clear_pointer(&s->conn, virt_close);
        s->has_cpu = false;
    }
    s->listed = true;
    return s;
}

static void drop_connection(struct host_state *s)
{
    g_clear_pointer(&s->conn, virt_close);
    s->has_cpu = false;
    s->fresh = false;
}

/* The host answered: store what we learnt. */
static bool host_ok(struct collector *c, const struct host *h, struct host_state *s,
                    const struct tick *t, const struct host_sample *sample, struct dv_error *err)
{
    bool ok;

    if (!h->running)
        say(c, _("Host %s (%s) is running again."), h->name, h->uri);
    if (sample) {
        s->last = *sample;
        s->fresh = true;
        ok = host_record_sample(c->db, h->id, sample, err);
    } else {
        ok = host_mark_seen(c->db, h->id, t->now, err);
    }
    return ok;
}

/* The host did not answer: one more missed heartbeat. */
static bool host_missed(struct collector *c, const struct host *h, struct host_state *s,
                        const struct tick *t, const struct dv_error *why, struct dv_error *err)
{
    bool stopped = false;

    drop_connection(s);
    if (!host_mark_missed(c->db, h->id, (int)t->fails, &stopped, err))
        return false;
    if (h->running)
        say(c, _("Host %s missed a heartbeat (%d of %ld): %s"), h->name, h->missed + 1, t->fails,
            why->msg);
    if (stopped && h->running)
        say(c, _("Host %s (%s) is stopped."), h->name, h->uri);
    return true;
}

static void keep_first(bool ok, const struct dv_error *e, bool *all_ok, struct dv_error *err);

/* One heartbeat of one host: a full sample when collecting, else a probe,
 * started on a thread of its own.  A host whose previous probe has not
 * returned misses this heartbeat (and that probe's failure is not counted
 * again when it comes back). */
static bool visit_host(struct collector *c, const struct host *h, const struct tick *t,
                       struct dv_error *err)
{
    struct host_state *s = state_of(c, h);
    struct dv_error why = {0};
    struct probe *p;
    GThread *th;
    char since[DV_TIME_LEN];

    if (s->inflight) {
        s->counted = true;
        dv_error_set(&why, DV_ERR_TIMEOUT, NULL, _("No answer from %s since %s."), h->uri,
                     dv_format_time(s->inflight->time, since));
        return host_missed(c, h, s, t, &why, err);
    }
    p = g_new0(struct probe, 1);
    p->host_id = h->id;
    p->time = t->now;
    p->uri = g_strdup(h->uri);
    p->collect = t->collect;
    p->conn = g_steal_pointer(&s->conn);
    p->done = g_async_queue_ref(c->done);
    th = g_thread_try_new("probe", probe_thread, p, NULL);
    if (!th) { /* no thread: the heartbeat is taken here */
        probe_thread(p);
    } else {
        g_thread_unref(th);
    }
    s->inflight = p;
    s->counted = false;
    return true;
}

/* A probe came back: store what its host answered. */
static bool probe_done(struct collector *c, struct probe *p, const struct tick *t,
                       struct dv_error *err)
{
    struct host_state *s = g_hash_table_lookup(c->hosts, &p->host_id);
    struct host h = {0};
    struct host_sample sample;
    struct tick pt = *t;
    bool ok = true;

    if (!s || s->inflight != p) { /* the host went meanwhile */
        probe_free(p);
        return true;
    }
    s->inflight = NULL;
    if (!host_get(c->db, p->host_id, &h, err)) {
        probe_free(p);
        return err && err->code == DV_ERR_NOTFOUND ? (dv_error_clear(err), true) : false;
    }
    pt.now = p->time;
    if (strcmp(h.uri, p->uri) != 0) { /* an admin changed the URI meanwhile */
        s->has_cpu = false;
    } else if (p->answered) {
        s->conn = g_steal_pointer(&p->conn);
        if (p->collect)
            make_sample(c, s, &h, p, &sample);
        ok = host_ok(c, &h, s, &pt, p->collect ? &sample : NULL, err);
    } else if (!s->counted) {
        ok = host_missed(c, &h, s, &pt, &p->why, err);
    }
    s->counted = false;
    host_clear(&h);
    probe_free(p);
    return ok;
}

/* Take the probes that came back, waiting up to wait_ms for those still
 * running (0: only those back already). */
static bool take_probes(struct collector *c, const struct tick *t, unsigned wait_ms,
                        struct dv_error *err)
{
    int64_t end = g_get_monotonic_time() + (int64_t)wait_ms * 1000;
    bool all_ok = true;
    struct probe *p;

    for (;;) {
        int64_t left = end - g_get_monotonic_time();
        struct dv_error e = {0};

        if (collector_probes_running(c) == 0)
            p = g_async_queue_try_pop(c->done);
        else if (left > 0)
            p = g_async_queue_timeout_pop(c->done, (guint64)left);
        else
            p = g_async_queue_try_pop(c->done);
        if (!p)
            break;
        keep_first(probe_done(c, p, t, &e), &e, &all_ok, err);
    }
    return all_ok;
}

static gboolean not_listed(gpointer key, gpointer value, gpointer data)
{
    struct host_state *s = value;
    bool gone = !s->listed;

    s->listed = false;
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
    g_hash_table_foreach_remove(c->hosts, not_listed, NULL);
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

bool collector_tick(struct collector *c, int64_t now, struct dv_error *err)
{
    struct tick t = {.now = now, .fails = param_get_int(c->db, PARAM_HEARTBEAT_FAILS)};
    bool ok = true;

    t.collect = !c->started || due(now, c->last_collect, param_get_int(c->db, PARAM_HOST_COLLECT));
    t.beat = t.collect || due(now, c->last_beat, param_get_int(c->db, PARAM_HEARTBEAT));
    if (!c->started) {
        c->started = true;
        c->last_history = now;
    }
    /* what came back since the last tick, then this tick's heartbeats */
    ok = take_probes(c, &t, 0, err);
    if (t.beat) {
        ok = visit_hosts(c, &t, ok ? err : NULL) && ok;
        ok = take_probes(c, &t, c->wait_ms, ok ? err : NULL) && ok;
    }
    if (t.collect)
        c->last_collect = now;
    if (t.beat)
        c->last_beat = now;
    if (due(now, c->last_history, param_get_int(c->db, PARAM_HOST_HISTORY))) {
        c->last_history = now;
        ok = save_history(c, ok ? err : NULL) && ok;
    }
    return ok;
}
