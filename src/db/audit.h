/* audit.h - the operation log, the login log and log purging (manual 13.1).
 *
 * Every mutating core operation calls audit_op() inside its own transaction,
 * so the row exists exactly when the change was committed. */
#ifndef DV_AUDIT_H
#define DV_AUDIT_H

#include "db/db.h"

enum audit_type {
    AUDIT_ADD = 1,    /* 新增 */
    AUDIT_MODIFY = 2, /* 修改 */
    AUDIT_DELETE = 3, /* 删除 */
};

/* Translated name of an operation type. */
const char *audit_type_label(int type);

/* Record that actor did action (an English msgid marked N_(), translated
 * when shown) on object (the record's name). */
bool audit_op(struct db *db, const struct dv_actor *actor, enum audit_type type,
              const char *action, const char *object, struct dv_error *err);

/* End a write begun with db_begin(): when ok, write the audit row and commit;
 * otherwise (or when that fails) roll back.  Returns whether it committed. */
bool audit_commit(struct db *db, bool ok, const struct dv_actor *actor, enum audit_type type,
                  const char *action, const char *object, struct dv_error *err);

/* True for the sysadm; otherwise false with a DV_ERR_DENIED message. */
bool audit_require_sysadm(const struct dv_actor *actor, struct dv_error *err);

/* Issue 8: a console session.  session_open gives actor (user_id and addr
 * set) a new random token stored with its user (removed with the account);
 * session_close removes it (logout).  audit_op, and with it audit_commit,
 * refuses an actor whose token is no longer stored -- its account was
 * deleted -- with "Your account no longer exists." (DV_ERR_DENIED), so the
 * operation's transaction rolls back and writes nothing.  Freezing does not
 * end a session (M5.4.7: it takes effect at the next login). */
bool session_open(struct db *db, struct dv_actor *actor, struct dv_error *err);
void session_close(struct db *db, const struct dv_actor *actor);
/* The check audit_op makes, for operations that write no audit row. */
bool audit_actor_alive(struct db *db, const struct dv_actor *actor, struct dv_error *err);

/* Record a successful login. */
bool audit_login(struct db *db, const char *account, const char *addr, struct dv_error *err);

/* A list filter: a complete time period [from, to] or none, and a user-name
 * substring (may be empty). */
struct audit_filter {
    bool has_period;
    int64_t from, to;
    char *user;
};

/* Build a filter from the query row's text; a period with one end only, an
 * unreadable time, or an end before the start is refused (13.1.1). */
bool audit_filter_parse(const char *from, const char *to, const char *user,
                        struct audit_filter *out, struct dv_error *err);
void audit_filter_free(struct audit_filter *f);

struct audit_row {
    int64_t id;
    int64_t time;
    char *user;
    char *addr;
    int type;         /* enum audit_type; AUDIT_DELETE for purges; the result for logins */
    char *action;     /* English msgid */
    char *object;
    int64_t purge_point; /* purge history only */
};

struct audit_page {
    struct audit_row *rows;
    int n;
    int64_t total; /* rows matching the filter */
};

enum audit_log {
    AUDIT_LOG_OPS,    /* 操作日志信息 */
    AUDIT_LOG_LOGINS, /* 登录日志信息 */
    AUDIT_LOG_PURGES, /* 日志清理记录 */
};

/* One page (newest first) of a log matching f (f may be NULL). */
bool audit_list(struct db *db, enum audit_log log, const struct audit_filter *f, int64_t offset,
                int limit, struct audit_page *out, struct dv_error *err);
void audit_page_free(struct audit_page *p);

/* Translated content column of a row: "action: object". g_free it. */
char *audit_row_content(enum audit_log log, const struct audit_row *r);

/* Delete every operation and login log row older than before, and record the
 * purge in the purge history; sysadm only.  Counts may be NULL. */
bool audit_purge(struct db *db, const struct dv_actor *actor, int64_t before, int *ops,
                 int *logins, struct dv_error *err);

#endif
