/* service.c - dosvmd's heartbeat row and lease, and the states the console
 * shows of hosts nobody watches */
#include "hosts/service.h"
#include "admin/param.h"
#include "base/util.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

bool service_alive_at(int64_t heartbeat_at, bool stopped, int64_t now, long interval_s, long fails)
{
    return !stopped && now - heartbeat_at <= service_lease_s(interval_s, fails);
}

long service_lease_s(long interval_s, long fails)
{
    return (interval_s > 0 ? interval_s : 1) * (fails > 0 ? fails : 1);
}

/* ---------------------------------------------------------------- the watch */

#define ROW_COLUMNS "host_uuid, pid, node, started_at, heartbeat_at, expires_at, stopped_at"

static void read_row(const struct db_row *r, struct service_row *s)
{
    s->host_uuid = db_row_text(r, 0);
    s->pid = db_row_int(r, 1);
    s->node = db_row_text(r, 2);
    s->started_at = db_row_int(r, 3);
    s->heartbeat_at = db_row_int(r, 4);
    s->expires_at = db_row_int(r, 5);
    s->stopped = !db_row_is_null(r, 6);
    s->stopped_at = s->stopped ? db_row_int(r, 6) : 0;
}

static bool add_row(const struct db_row *r, void *ctx)
{
    GArray *a = ctx;
    struct service_row s = {0};

    read_row(r, &s);
    g_array_append_val(a, s);
    return true;
}

bool service_watch_load(struct db *db, int64_t now, struct service_watch *out, struct dv_error *err)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(struct service_row));
    long interval = param_get_int(db, PARAM_HEARTBEAT);
    long fails = param_get_int(db, PARAM_HEARTBEAT_FAILS);
    bool ok = db_query(db, "SELECT " ROW_COLUMNS " FROM service ORDER BY host_uuid", DB_NOARGS,
                       add_row, a, NULL, err);

    memset(out, 0, sizeof(*out));
    out->now = now;
    out->n = (int)a->len;
    out->rows = (struct service_row *)(void *)g_array_free(a, FALSE);
    for (int i = 0; i < out->n; i++) {
        struct service_row *s = &out->rows[i];
        int64_t last =
            s->stopped && s->stopped_at > s->heartbeat_at ? s->stopped_at : s->heartbeat_at;

        s->alive = service_alive_at(s->heartbeat_at, s->stopped, now, interval, fails);
        out->any_alive = out->any_alive || s->alive;
        out->last_beat = MAX(out->last_beat, last);
    }
    if (!ok)
        service_watch_clear(out);
    return ok;
}

void service_watch_clear(struct service_watch *w)
{
    for (int i = 0; i < w->n; i++) {
        g_free(w->rows[i].host_uuid);
        g_free(w->rows[i].node);
    }
    g_free(w->rows);
    memset(w, 0, sizeof(*w));
}

static const struct service_row *row_of(const struct service_watch *w, const char *uuid)
{
    for (int i = 0; uuid && i < w->n; i++)
        if (strcmp(w->rows[i].host_uuid, uuid) == 0)
            return &w->rows[i];
    return NULL;
}

enum host_shown service_host_shown(const struct service_watch *w, const struct host *h)
{
    enum host_shown stored = h->running ? HOST_SHOWN_RUNNING : HOST_SHOWN_STOPPED;
    const struct service_row *own;

    if (w->n == 0)
        return stored; /* no service has ever run here: nothing judges the states */
    if (!h->self)
        return w->any_alive ? stored : HOST_SHOWN_UNKNOWN;
    own = row_of(w, h->uuid);
    if (own && (own->alive || (own->stopped && !h->running)))
        return stored;
    return HOST_SHOWN_UNKNOWN;
}

const char *service_shown_label(enum host_shown s)
{
    static const char *const label[] = {
        [HOST_SHOWN_STOPPED] = N_("Stopped"),
        [HOST_SHOWN_RUNNING] = N_("Running"),
        [HOST_SHOWN_UNKNOWN] = N_("Unknown"),
    };
    return label[s];
}

bool service_host_shown_id(struct db *db, const struct service_watch *w, int64_t host_id,
                           enum host_shown *out, struct dv_error *err)
{
    struct host h = {0};

    if (!host_get(db, host_id, &h, err))
        return false;
    *out = service_host_shown(w, &h);
    host_clear(&h);
    return true;
}

char *service_down_note(const struct service_watch *w)
{
    char when[DV_TIME_LEN];

    if (w->n == 0 || w->any_alive)
        return NULL;
    return g_strdup_printf(_("The service dosvmd is not running since %s."),
                           dv_format_time(w->last_beat, when));
}

/* ---------------------------------------------------------------- the lease */

struct holder {
    bool found;
    struct service_row row;
    char *token;
};

static bool read_holder(const struct db_row *r, void *ctx)
{
    struct holder *h = ctx;

    read_row(r, &h->row);
    h->token = db_row_text(r, 7);
    h->found = true;
    return false;
}

/* A holder on this machine whose process is gone holds nothing. */
static bool holder_gone(const struct service_row *s)
{
    return strcmp(s->node, g_get_host_name()) == 0 && s->pid > 0 && kill((pid_t)s->pid, 0) != 0 &&
           errno == ESRCH;
}

bool service_acquire(struct db *db, const char *host_uuid, int64_t now, struct service_lease *out,
                     struct dv_error *err)
{
    struct holder h = {0};
    long lease = service_lease_s(param_get_int(db, PARAM_HEARTBEAT),
                                 param_get_int(db, PARAM_HEARTBEAT_FAILS));
    char until[DV_TIME_LEN];
    bool ok;

    memset(out, 0, sizeof(*out));
    if (!db_begin(db, err))
        return false;
    ok = db_query(db, "SELECT " ROW_COLUMNS ", token FROM service WHERE host_uuid = ?1",
                  DB_ARGS(DB_T(host_uuid)), read_holder, &h, NULL, err);
    if (ok && h.found && !h.row.stopped && h.row.expires_at > now && !holder_gone(&h.row)) {
        dv_error_set(err, DV_ERR_EXISTS, NULL,
                     _("Another dosvmd (PID %lld on %s) serves this host (UUID %s) on this "
                       "database; its lease runs until %s."),
                     (long long)h.row.pid, h.row.node, host_uuid,
                     dv_format_time(h.row.expires_at, until));
        ok = false;
    }
    if (ok) {
        out->host_uuid = g_strdup(host_uuid);
        out->token = g_uuid_string_random();
        out->pid = (int64_t)getpid();
        ok = db_do(db,
                   "INSERT INTO service(host_uuid, token, pid, node, started_at, heartbeat_at, "
                   "expires_at, stopped_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, NULL) "
                   "ON CONFLICT(host_uuid) DO UPDATE SET token = excluded.token, "
                   "pid = excluded.pid, node = excluded.node, started_at = excluded.started_at, "
                   "heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at, "
                   "stopped_at = NULL",
                   DB_ARGS(DB_T(host_uuid), DB_T(out->token), DB_I(out->pid),
                           DB_T(g_get_host_name()), DB_I(now), DB_I(now + lease)),
                   err);
    }
    ok = ok && db_commit(db, err);
    if (!ok) {
        db_rollback(db);
        service_lease_clear(out);
    }
    g_free(h.row.host_uuid);
    g_free(h.row.node);
    g_free(h.token);
    return ok;
}

static bool lost(const struct service_lease *l, struct dv_error *err)
{
    dv_error_set(err, DV_ERR_STALE, NULL,
                 _("The lease of the host %s was taken by another dosvmd."), l->host_uuid);
    return false;
}

bool service_renew(struct db *db, const struct service_lease *l, int64_t now, struct dv_error *err)
{
    long lease = service_lease_s(param_get_int(db, PARAM_HEARTBEAT),
                                 param_get_int(db, PARAM_HEARTBEAT_FAILS));

    if (!db_do(db,
               "UPDATE service SET heartbeat_at = ?1, expires_at = ?2 "
               "WHERE host_uuid = ?3 AND token = ?4 AND stopped_at IS NULL",
               DB_ARGS(DB_I(now), DB_I(now + lease), DB_T(l->host_uuid), DB_T(l->token)), err))
        return false;
    return db_changes(db) == 1 || lost(l, err);
}

bool service_release(struct db *db, const struct service_lease *l, int64_t now,
                     struct dv_error *err)
{
    if (!db_do(db,
               "UPDATE service SET stopped_at = ?1, heartbeat_at = ?1, expires_at = ?1 "
               "WHERE host_uuid = ?2 AND token = ?3",
               DB_ARGS(DB_I(now), DB_T(l->host_uuid), DB_T(l->token)), err))
        return false;
    return db_changes(db) == 1 || lost(l, err);
}

void service_lease_clear(struct service_lease *l)
{
    g_free(l->host_uuid);
    g_free(l->token);
    memset(l, 0, sizeof(*l));
}
