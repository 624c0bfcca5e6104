/* audit.c - the operation log, the login log and log purging */
#include "db/audit.h"
#include "base/util.h"

#include <string.h>

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

bool audit_op(struct db *db, const struct dv_actor *actor, enum audit_type type,
              const char *action, const char *object, struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "INSERT INTO op_log(time, user, addr, type, action, object) "
                                  "VALUES (?, ?, ?, ?, ?, ?)",
                                  err);
    bool ok;

    if (!st)
        return false;
    db_bind_int(st, 1, dv_now());
    db_bind_text(st, 2, actor->account);
    db_bind_text(st, 3, actor->addr);
    db_bind_int(st, 4, type);
    db_bind_text(st, 5, action);
    db_bind_text(st, 6, object ? object : "");
    ok = sqlite3_step(st) == SQLITE_DONE || db_fail(db, err);
    sqlite3_finalize(st);
    return ok;
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
    sqlite3_stmt *st =
        db_prepare(db, "INSERT INTO login_log(time, user, addr) VALUES (?, ?, ?)", err);
    bool ok;

    if (!st)
        return false;
    db_bind_int(st, 1, dv_now());
    db_bind_text(st, 2, account);
    db_bind_text(st, 3, addr);
    ok = sqlite3_step(st) == SQLITE_DONE || db_fail(db, err);
    sqlite3_finalize(st);
    return ok;
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
            dv_error_set(err, DV_ERR_INVALID, "to", _("End time must not be before the start time."));
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
    [AUDIT_LOG_LOGINS] = {"login_log", "id, time, user, addr, 0, '', '', 0"},
    [AUDIT_LOG_PURGES] = {"log_purge", "id, time, user, addr, 3, '', '', purge_point"},
};

#define LOG_WHERE                                                                              \
    " WHERE (?1 = 0 OR time BETWEEN ?2 AND ?3) AND (?4 = '' OR user LIKE ?5 ESCAPE '\\')"

static void bind_filter(sqlite3_stmt *st, const struct audit_filter *f)
{
    char *like = db_like_pattern(f && f->user ? f->user : "");

    db_bind_int(st, 1, f && f->has_period);
    db_bind_int(st, 2, f ? f->from : 0);
    db_bind_int(st, 3, f ? f->to : 0);
    db_bind_text(st, 4, f && f->user ? f->user : "");
    db_bind_text(st, 5, like);
    g_free(like);
}

static bool count_rows(struct db *db, enum audit_log log, const struct audit_filter *f,
                       int64_t *total, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM %s" LOG_WHERE, log_sql[log].table);
    sqlite3_stmt *st = db_prepare(db, sql, err);
    bool ok = false;

    g_free(sql);
    if (!st)
        return false;
    bind_filter(st, f);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *total = sqlite3_column_int64(st, 0);
        ok = true;
    } else {
        db_fail(db, err);
    }
    sqlite3_finalize(st);
    return ok;
}

bool audit_list(struct db *db, enum audit_log log, const struct audit_filter *f, int64_t offset,
                int limit, struct audit_page *out, struct dv_error *err)
{
    char *sql;
    sqlite3_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    if (!count_rows(db, log, f, &out->total, err))
        return false;
    sql = g_strdup_printf("SELECT %s FROM %s" LOG_WHERE
                          " ORDER BY time DESC, id DESC LIMIT ?6 OFFSET ?7",
                          log_sql[log].columns, log_sql[log].table);
    st = db_prepare(db, sql, err);
    g_free(sql);
    if (!st)
        return false;
    bind_filter(st, f);
    db_bind_int(st, 6, limit);
    db_bind_int(st, 7, offset);
    out->rows = g_new0(struct audit_row, limit > 0 ? limit : 1);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && out->n < limit) {
        struct audit_row *r = &out->rows[out->n++];

        r->id = sqlite3_column_int64(st, 0);
        r->time = sqlite3_column_int64(st, 1);
        r->user = db_col_text(st, 2);
        r->addr = db_col_text(st, 3);
        r->type = sqlite3_column_int(st, 4);
        r->action = db_col_text(st, 5);
        r->object = db_col_text(st, 6);
        r->purge_point = sqlite3_column_int64(st, 7);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        audit_page_free(out);
        return db_fail(db, err);
    }
    return true;
}

void audit_page_free(struct audit_page *p)
{
    for (int i = 0; i < p->n; i++) {
        g_free(p->rows[i].user);
        g_free(p->rows[i].addr);
        g_free(p->rows[i].action);
        g_free(p->rows[i].object);
    }
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

char *audit_row_content(enum audit_log log, const struct audit_row *r)
{
    switch (log) {
    case AUDIT_LOG_LOGINS:
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
    char *sql = g_strdup_printf("DELETE FROM %s WHERE time < ?", table);
    sqlite3_stmt *st = db_prepare(db, sql, err);
    bool ok;

    g_free(sql);
    if (!st)
        return false;
    db_bind_int(st, 1, before);
    ok = sqlite3_step(st) == SQLITE_DONE || db_fail(db, err);
    sqlite3_finalize(st);
    if (ok && count)
        *count = sqlite3_changes(db_handle(db));
    return ok;
}

static bool record_purge(struct db *db, const struct dv_actor *actor, int64_t before,
                         struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(
        db, "INSERT INTO log_purge(time, user, addr, purge_point) VALUES (?, ?, ?, ?)", err);
    bool ok;

    if (!st)
        return false;
    db_bind_int(st, 1, dv_now());
    db_bind_text(st, 2, actor->account);
    db_bind_text(st, 3, actor->addr);
    db_bind_int(st, 4, before);
    ok = sqlite3_step(st) == SQLITE_DONE || db_fail(db, err);
    sqlite3_finalize(st);
    return ok;
}

bool audit_purge(struct db *db, const struct dv_actor *actor, int64_t before, int *ops,
                 int *logins, struct dv_error *err)
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
