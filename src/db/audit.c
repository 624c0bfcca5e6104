/* audit.c - the operation log, the login log and log purging */
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"

#include <string.h>
#include <sys/random.h>

const char *audit_type_label(int type)
{
    switch (type) {
    case AUDIT_ADD:
        return _("Add");
    case AUDIT_MODIFY:
        return _("Modify");
    case AUDIT_DELETE:
        return _("Delete");
    }
    return "?";
}

bool session_open(struct db *db, struct dv_actor *actor, struct dv_error *err)
{
    guint8 raw[DV_SESSION_TOKEN_LEN / 2];
    char token[DV_SESSION_TOKEN_LEN + 1];
    int64_t now = dv_now();

    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
        dv_error_set(err, DV_ERR_IO, NULL, _("No random numbers for a session token."));
        return false;
    }
    for (size_t i = 0; i < sizeof(raw); i++)
        g_snprintf(token + 2 * i, 3, "%02x", raw[i]);
    if (!db_do(db,
               "INSERT INTO session(token, user_id, started_at, last_seen, client) "
               "VALUES (?1, ?2, ?3, ?3, ?4)",
               DB_ARGS(DB_T(token), DB_I(actor->user_id), DB_I(now), DB_T(actor->addr)), err))
        return false;
    g_strlcpy(actor->session, token, sizeof(actor->session));
    return true;
}

void session_close(struct db *db, const struct dv_actor *actor)
{
    if (!actor->session[0] || !strcmp(actor->session, DV_SESSION_SERVICE))
        return;
    db_do(db, "DELETE FROM session WHERE token = ?1", DB_ARGS(DB_T(actor->session)), NULL);
}

bool audit_actor_alive(struct db *db, const struct dv_actor *actor, struct dv_error *err)
{
    int64_t n = 0;

    if (!actor->session[0] || !strcmp(actor->session, DV_SESSION_SERVICE))
        return true;
    if (!db_scalar(db,
                   "SELECT count(*) FROM session s JOIN user u ON u.id = s.user_id "
                   "WHERE s.token = ?1 AND s.user_id = ?2 AND u.account = ?3",
                   DB_ARGS(DB_T(actor->session), DB_I(actor->user_id), DB_T(actor->account)), &n,
                   err))
        return false;
    if (n == 0) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("Your account no longer exists."));
        return false;
    }
    return db_do(db, "UPDATE session SET last_seen = ?2 WHERE token = ?1",
                 DB_ARGS(DB_T(actor->session), DB_I(dv_now())), err);
}

bool audit_op(struct db *db, const struct dv_actor *actor, enum audit_type type, const char *action,
              const char *object, struct dv_error *err)
{
    return audit_actor_alive(db, actor, err) &&
           db_do(db,
                 "INSERT INTO op_log(time, user, addr, type, action, object) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                 DB_ARGS(DB_I(dv_now()), DB_T(actor->account), DB_T(actor->addr), DB_I(type),
                         DB_T(action), DB_T(object ? object : "")),
                 err);
}

bool audit_commit(struct db *db, bool ok, const struct dv_actor *actor, enum audit_type type,
                  const char *action, const char *object, struct dv_error *err)
{
    if (ok)
        ok = audit_op(db, actor, type, action, object, err) && db_commit(db, err);
    if (!ok)
        db_rollback(db);
    return ok;
}

bool audit_require_sysadm(const struct dv_actor *actor, struct dv_error *err)
{
    if (actor->sysadm)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL, _("Only the system administrator can do this."));
    return false;
}

bool audit_login(struct db *db, const char *account, const char *addr, struct dv_error *err)
{
    return db_do(db, "INSERT INTO login_log(time, user, addr) VALUES (?1, ?2, ?3)",
                 DB_ARGS(DB_I(dv_now()), DB_T(account), DB_T(addr)), err);
}

bool audit_filter_parse(const char *from, const char *to, const char *user,
                        struct audit_filter *out, struct dv_error *err)
{
    char *f = dv_strtrim(from), *t = dv_strtrim(to);
    bool ok = true;

    memset(out, 0, sizeof(*out));
    if (*f || *t) {
        if (!*f || !*t) {
            dv_error_set(err, DV_ERR_INVALID, *f ? "to" : "from",
                         _("Enter a complete time period: both the start and the end."));
            ok = false;
        } else if (!dv_parse_time(f, &out->from)) {
            dv_error_set(err, DV_ERR_INVALID, "from",
                         _("Start time must be written as YYYY-MM-DD HH:MM:SS."));
            ok = false;
        } else if (!dv_parse_time(t, &out->to)) {
            dv_error_set(err, DV_ERR_INVALID, "to",
                         _("End time must be written as YYYY-MM-DD HH:MM:SS."));
            ok = false;
        } else if (out->to < out->from) {
            dv_error_set(err, DV_ERR_INVALID, "to",
                         _("End time must not be before the start time."));
            ok = false;
        }
        out->has_period = ok;
    }
    out->user = dv_strtrim(user);
    g_free(f);
    g_free(t);
    if (!ok)
        audit_filter_free(out);
    return ok;
}

void audit_filter_free(struct audit_filter *f)
{
    g_free(f->user);
    memset(f, 0, sizeof(*f));
}

struct log_sql {
    const char *table;
    const char *columns; /* id, time, user, addr, then log-specific */
};

static const struct log_sql log_sql[] = {
    [AUDIT_LOG_OPS] = {"op_log", "id, time, user, addr, type, action, object, 0"},
    [AUDIT_LOG_LOGINS] = {"login_log", "id, time, user, addr, result, '', '', 0"},
    [AUDIT_LOG_PURGES] = {"log_purge", "id, time, user, addr, 3, '', '', purge_point"},
};

#define LOG_WHERE                                                                                  \
    " WHERE (?1 = 0 OR time BETWEEN ?2 AND ?3) AND (?4 = '' OR user LIKE ?5 ESCAPE '\\')"

static bool read_log_row(const struct db_row *row, void *ctx)
{
    struct audit_row *r = ctx;

    r->id = db_row_int(row, 0);
    r->time = db_row_int(row, 1);
    r->user = db_row_text(row, 2);
    r->addr = db_row_text(row, 3);
    r->type = (int)db_row_int(row, 4);
    r->action = db_row_text(row, 5);
    r->object = db_row_text(row, 6);
    r->purge_point = db_row_int(row, 7);
    return true;
}
DB_PAGE_READER(add_log_row, struct audit_page, read_log_row)

bool audit_list(struct db *db, enum audit_log log, const struct audit_filter *f, int64_t offset,
                int limit, struct audit_page *out, struct dv_error *err)
{
    const char *user = f && f->user ? f->user : "";
    char *like = db_like_pattern(user), *from = g_strconcat(log_sql[log].table, LOG_WHERE, NULL);
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, log_sql[log].columns, from, "time DESC, id DESC",
                       DB_ARGS(DB_I(f && f->has_period), DB_I(f ? f->from : 0), DB_I(f ? f->to : 0),
                               DB_T(user), DB_T(like)),
                       offset, limit, &out->total, add_log_row, out, err);
    g_free(like);
    g_free(from);
    if (!ok)
        audit_page_free(out);
    return ok;
}

static void clear_log_row(struct audit_row *r)
{
    g_free(r->user);
    g_free(r->addr);
    g_free(r->action);
    g_free(r->object);
}

void audit_page_free(struct audit_page *p)
{
    DB_PAGE_FREE(p, clear_log_row);
}

char *audit_row_content(enum audit_log log, const struct audit_row *r)
{
    switch (log) {
    case AUDIT_LOG_LOGINS: /* type is login_log.result (admin/user.h enum login_result) */
        switch (r->type) {
        case 1:
            return g_strdup(_("Wrong password"));
        case 2:
            return g_strdup(_("Unknown account"));
        case 3:
            return g_strdup(_("Account frozen"));
        case 4:
            return g_strdup(_("Locked out"));
        }
        return g_strdup(_("Login succeeded"));
    case AUDIT_LOG_PURGES:
        return g_strdup(_("Purge logs"));
    case AUDIT_LOG_OPS:
        break;
    }
    if (!r->object || !*r->object)
        return g_strdup(_(r->action));
    /* L10N: operation log content: "<what was done>: <which record>" */
    return g_strdup_printf(_("%s: %s"), _(r->action), r->object);
}

static bool delete_before(struct db *db, const char *table, int64_t before, int *count,
                          struct dv_error *err)
{
    char *sql = g_strdup_printf("DELETE FROM %s WHERE time < ?1", table);
    bool ok = db_do(db, sql, DB_ARGS(DB_I(before)), err);

    g_free(sql);
    if (ok && count)
        *count = (int)db_changes(db);
    return ok;
}

static bool record_purge(struct db *db, const struct dv_actor *actor, int64_t before,
                         struct dv_error *err)
{
    return db_do(db, "INSERT INTO log_purge(time, user, addr, purge_point) VALUES (?1, ?2, ?3, ?4)",
                 DB_ARGS(DB_I(dv_now()), DB_T(actor->account), DB_T(actor->addr), DB_I(before)),
                 err);
}

bool audit_purge(struct db *db, const struct dv_actor *actor, int64_t before, int *ops, int *logins,
                 struct dv_error *err)
{
    if (!actor->sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("Only the system administrator can purge the logs."));
        return false;
    }
    if (!db_begin(db, err))
        return false;
    if (!delete_before(db, "op_log", before, ops, err) ||
        !delete_before(db, "login_log", before, logins, err) ||
        !record_purge(db, actor, before, err)) {
        db_rollback(db);
        return false;
    }
    return db_commit(db, err);
}
