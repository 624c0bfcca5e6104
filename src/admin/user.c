/* user.c - accounts: the system administrator and the project administrators */
#include "admin/user.h"
#include "admin/param.h"
#include "db/audit.h"
#include "db/choice.h"
#include "db/page.h"
#include "base/auth.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

#define USER_COLUMNS                                                                               \
    "id, account, name_zh, phone, email, address, description, is_sysadm, frozen, "                \
    "must_change_pw, coalesce((SELECT name FROM project WHERE project.id = user.project_id), "     \
    "''), row_version"

static const char *const gone = N_("The user no longer exists.");

static bool read_user(const struct db_row *r, void *ctx)
{
    struct user *u = ctx;

    u->id = db_row_int(r, 0);
    u->account = db_row_text(r, 1);
    u->name_zh = db_row_text(r, 2);
    u->phone = db_row_text(r, 3);
    u->email = db_row_text(r, 4);
    u->address = db_row_text(r, 5);
    u->description = db_row_text(r, 6);
    u->sysadm = db_row_int(r, 7);
    u->frozen = db_row_int(r, 8);
    u->must_change_pw = db_row_int(r, 9);
    u->project = db_row_text(r, 10);
    u->version = db_row_int(r, 11);
    return true;
}
DB_PAGE_READER(add_user, struct user_page, read_user)

void user_clear(struct user *u)
{
    g_free(u->account);
    g_free(u->name_zh);
    g_free(u->phone);
    g_free(u->email);
    g_free(u->address);
    g_free(u->description);
    g_free(u->project);
    memset(u, 0, sizeof(*u));
}

/* A user with its password hash (column 12). */
struct user_hash {
    struct user *u;
    char *hash;
};

static bool read_user_hash(const struct db_row *r, void *ctx)
{
    struct user_hash *uh = ctx;

    read_user(r, uh->u);
    uh->hash = db_row_text(r, 12);
    return true;
}

/* Fetch one user by "<where> = ?1"; DV_ERR_NOTFOUND when absent.  *hash (may
 * be NULL) receives the password hash. */
static bool fetch_user(struct db *db, const char *where, struct db_val key, struct user *out,
                       char **hash, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT " USER_COLUMNS ", pw_hash FROM user WHERE %s = ?1", where);
    struct user_hash uh = {out, NULL};
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_get(db, sql, &key, 1, read_user_hash, &uh, _(gone), err);
    g_free(sql);
    if (ok && hash)
        *hash = uh.hash;
    else
        g_free(uh.hash);
    if (!ok)
        user_clear(out);
    return ok;
}

bool user_get(struct db *db, int64_t id, struct user *out, struct dv_error *err)
{
    return fetch_user(db, "id", DB_I(id), out, NULL, err);
}

bool user_ensure_sysadm(struct db *db, bool must_change, struct dv_error *err)
{
    int64_t exists = 0;
    char *hash;
    bool ok;

    if (!db_scalar(db, "SELECT count(*) FROM user WHERE is_sysadm = 1", DB_NOARGS, &exists, err))
        return false;
    if (exists)
        return true;
    hash = auth_hash(USER_INITIAL_PASSWORD, err);
    if (!hash)
        return false;
    ok = db_do(db,
               "INSERT INTO user(account, name_zh, pw_hash, is_sysadm, must_change_pw, "
               "created_at) VALUES (?1, ?2, ?3, 1, ?4, ?5)",
               DB_ARGS(DB_T(USER_SYSADM), DB_T("系统管理员"), DB_T(hash), DB_I(must_change),
                       DB_I(dv_now())),
               err);
    g_free(hash);
    return ok;
}

unsigned user_login_delay_ms(int failures)
{
    unsigned ms = 500;

    if (failures <= 0)
        return 0;
    for (int i = 1; i < failures && ms < 8000; i++)
        ms *= 2;
    return ms > 8000 ? 8000 : ms;
}

/* An unknown account is verified against this (yescrypt, the cost of
 * auth_hash's): it costs the same as a wrong password. */
static const char dummy_hash[] =
    "$y$j9T$ifb0NLtlCg4TcQNbYUKkg/$FI/d2HZSErpi/467/p1NGOcDwf.PUW56mmyZPNML1k7";

/* Failures of one column's value (user or addr) since its last success,
 * within the window ending now. */
static int64_t failures(struct db *db, const char *column, const char *value, int64_t now,
                        int64_t window)
{
    char *sql = g_strdup_printf(
        "SELECT count(*) FROM login_log WHERE %s = ?1 AND result IN (1, 2) AND time > ?2 AND "
        "time <= ?3 AND time >= (SELECT coalesce(max(time), 0) FROM login_log WHERE %s = ?1 AND "
        "result = 0)%s",
        column, column,
        /* an account's failures up to its unlock by the sysadm do not count */
        strcmp(column, "user") == 0
            ? " AND time > (SELECT coalesce(max(unlocked_at), 0) FROM user WHERE account = ?1)"
            : "");
    struct db_val args[] = {DB_T(value), DB_I(now - window), DB_I(now)};
    int64_t n = 0;

    db_scalar(db, sql, args, 3, &n, NULL);
    g_free(sql);
    return n;
}

/* When a locked account's count of failures within the window drops below
 * limit: its limit-th newest failure leaves the window. */
static int64_t unlock_time(struct db *db, const char *account, long limit, int64_t now,
                           int64_t window)
{
    int64_t t = now;

    db_scalar(db,
              "SELECT time FROM login_log WHERE user = ?1 AND result IN (1, 2) AND time > ?2 AND "
              "time <= ?3 ORDER BY time DESC LIMIT 1 OFFSET ?4",
              DB_ARGS(DB_T(account), DB_I(now - window), DB_I(now), DB_I(limit - 1)), &t, NULL);
    return t + window;
}

static int64_t lock_window(struct db *db)
{
    return (int64_t)param_get_int(db, PARAM_LOGIN_LOCK_WINDOW) * 60;
}

int64_t user_locked_until(struct db *db, const char *account, int64_t now)
{
    int64_t window = lock_window(db);
    long limit = param_get_int(db, PARAM_LOGIN_LOCK_FAILS);

    if (failures(db, "user", account ? account : "", now, window) < limit)
        return 0;
    return unlock_time(db, account, limit, now, window);
}

unsigned user_login_wait_ms(struct db *db, const char *account, const char *addr)
{
    int64_t now = dv_now(), window = lock_window(db);
    int64_t a = failures(db, "user", account ? account : "", now, window);
    int64_t b = failures(db, "addr", addr ? addr : "", now, window);

    return user_login_delay_ms((int)MIN(MAX(a, b), 64));
}

static bool log_attempt(struct db *db, const char *account, const char *addr,
                        enum login_result result, struct dv_error *err)
{
    return db_do(db, "INSERT INTO login_log(time, user, addr, result) VALUES (?1, ?2, ?3, ?4)",
                 DB_ARGS(DB_I(dv_now()), DB_T(account), DB_T(addr ? addr : ""), DB_I(result)), err);
}

bool user_login_done(struct db *db, const char *account, const char *addr, struct dv_error *err)
{
    return log_attempt(db, account, addr, LOGIN_OK, err);
}

bool user_login(struct db *db, const char *account, const char *password, const char *addr,
                struct user *out, struct dv_error *err)
{
    const char *acct = account ? account : "";
    char *hash = NULL;
    struct dv_error lookup = {0};
    int64_t now = dv_now(), window = lock_window(db);
    long limit = param_get_int(db, PARAM_LOGIN_LOCK_FAILS);
    bool found, match;

    memset(out, 0, sizeof(*out));
    /* locked: no password is checked until the window after the last failure */
    if (failures(db, "user", acct, now, window) >= limit) {
        int64_t until = unlock_time(db, acct, limit, now, window);
        char when[DV_TIME_LEN];

        dv_format_time(until, when);
        log_attempt(db, acct, addr, LOGIN_LOCKED, NULL);
        dv_error_set(err, DV_ERR_DENIED, UF_ACCOUNT,
                     _("This account is locked after %ld failed logins; try again after %s."),
                     limit, when);
        return false;
    }
    found = fetch_user(db, "account", DB_T(acct), out, &hash, &lookup);
    if (!found && lookup.code == DV_ERR_DB) {
        *err = lookup;
        return false;
    }
    match = auth_verify(password ? password : "", found ? hash : dummy_hash) && found;
    g_free(hash);
    if (!match) {
        if (found)
            user_clear(out);
        log_attempt(db, acct, addr, found ? LOGIN_WRONG_PASSWORD : LOGIN_UNKNOWN_ACCOUNT, NULL);
        dv_error_set(err, DV_ERR_DENIED, UF_PASSWORD, _("Wrong account or password."));
        return false;
    }
    if (out->frozen) {
        user_clear(out);
        log_attempt(db, acct, addr, LOGIN_FROZEN, NULL);
        dv_error_set(err, DV_ERR_DENIED, UF_ACCOUNT,
                     _("This account is frozen. Ask the system administrator to restore it."));
        return false;
    }
    /* a forced password change first: the success row follows it */
    if (!out->must_change_pw && !log_attempt(db, out->account, addr, LOGIN_OK, err)) {
        user_clear(out);
        return false;
    }
    return true;
}

bool user_list(struct db *db, const struct user_filter *f, int64_t offset, int limit,
               struct user_page *out, struct dv_error *err)
{
    const char *name = f && f->name_zh ? f->name_zh : "";
    const char *acct = f && f->account ? f->account : "";
    char *lname = db_like_pattern(name), *lacct = db_like_pattern(acct);
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, USER_COLUMNS,
                       "user WHERE is_sysadm = 0"
                       " AND (?1 = '' OR name_zh LIKE ?2 ESCAPE '\\')"
                       " AND (?3 = '' OR account LIKE ?4 ESCAPE '\\')",
                       "id", DB_ARGS(DB_T(name), DB_T(lname), DB_T(acct), DB_T(lacct)), offset,
                       limit, &out->total, add_user, out, err);
    g_free(lname);
    g_free(lacct);
    for (int i = 0; ok && i < out->n; i++)
        out->rows[i].locked_until = user_locked_until(db, out->rows[i].account, dv_now());
    if (!ok)
        user_page_free(out);
    return ok;
}

void user_page_free(struct user_page *p)
{
    DB_PAGE_FREE(p, user_clear);
}

static bool require_sysadm(const struct dv_actor *actor, struct dv_error *err)
{
    if (actor->sysadm)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL,
                 _("Only the system administrator can manage other accounts."));
    return false;
}

/* C8: the sysadm's current password, asked again by sensitive dialogs. */
static bool check_sysadm_password(struct db *db, const char *pw, struct dv_error *err)
{
    struct user u;
    char *hash = NULL;
    bool ok;

    if (!validate_required(UF_SYSADM_PW, _("System administrator password"), pw, err))
        return false;
    if (!fetch_user(db, "is_sysadm", DB_I(1), &u, &hash, err))
        return false;
    ok = auth_verify(pw, hash);
    user_clear(&u);
    g_free(hash);
    if (!ok)
        dv_error_set(err, DV_ERR_DENIED, UF_SYSADM_PW,
                     _("The system administrator password is wrong; the operation is refused."));
    return ok;
}

static bool check_info(const struct user_info *in, struct dv_error *err)
{
    return validate_required(UF_NAME_ZH, _("Chinese name"), in->name_zh, err) &&
           validate_length(UF_NAME_ZH, _("Chinese name"), in->name_zh, 1, 64, err) &&
           validate_account(UF_ACCOUNT, _("Account"), in->account, err) &&
           validate_length(UF_PHONE, _("Phone"), in->phone, 0, 32, err) &&
           validate_email(UF_EMAIL, _("Email"), in->email, err) &&
           validate_length(UF_ADDRESS, _("Address"), in->address, 0, 128, err) &&
           validate_length(UF_DESCRIPTION, _("Description"), in->description, 0, 256, err);
}

static bool check_new_password(const char *password, const char *confirm, struct dv_error *err)
{
    return validate_password(UF_PASSWORD, _("New password"), password, err) &&
           validate_same(UF_CONFIRM, _("Confirm password"), confirm, password, err);
}

/* Unique account among all users but `except`. */
static bool account_free(struct db *db, const char *account, int64_t except, struct dv_error *err)
{
    bool taken = false;

    if (!choice_taken(db, "user", "account", account, except, &taken, err))
        return false;
    if (taken)
        dv_error_set(err, DV_ERR_EXISTS, UF_ACCOUNT, _("The account '%s' already exists."),
                     account);
    return !taken;
}

/* A chosen project must exist (0: none chosen). */
static bool project_exists(struct db *db, int64_t id, struct dv_error *err)
{
    int64_t n = 0;

    if (id <= 0)
        return true;
    if (!db_scalar(db, "SELECT count(*) FROM project WHERE id = ?1", DB_ARGS(DB_I(id)), &n, err))
        return false;
    if (n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, UF_PROJECT, _("The project no longer exists."));
        return false;
    }
    return true;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

bool user_add(struct db *db, const struct dv_actor *actor, const struct user_info *info,
              const char *sysadm_pw, const char *password, const char *confirm, int64_t *new_id,
              struct dv_error *err)
{
    char *hash;
    bool ok;

    if (!require_sysadm(actor, err) || !check_info(info, err) ||
        !validate_required(UF_SYSADM_PW, _("System administrator password"), sysadm_pw, err) ||
        !check_new_password(password, confirm, err) || !check_sysadm_password(db, sysadm_pw, err))
        return false;
    hash = auth_hash(password, err);
    if (!hash || !db_begin(db, err)) {
        g_free(hash);
        return false;
    }
    ok = account_free(db, info->account, 0, err) && project_exists(db, info->project_id, err) &&
         db_do(db,
               "INSERT INTO user(account, name_zh, pw_hash, phone, email, address, "
               "description, created_at, project_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
               DB_ARGS(DB_T(info->account), DB_T(info->name_zh), DB_T(hash),
                       DB_T(or_empty(info->phone)), DB_T(or_empty(info->email)),
                       DB_T(or_empty(info->address)), DB_T(or_empty(info->description)),
                       DB_I(dv_now()), DB_ID0(info->project_id > 0 ? info->project_id : 0)),
               err);
    if (ok && new_id)
        *new_id = db_last_id(db);
    g_free(hash);
    return audit_commit(db, ok, actor, AUDIT_ADD, N_("Add project administrator"), info->account,
                        err);
}

/* The project admin `id`, which actor may edit: the sysadm any, an admin itself. */
static bool editable_target(struct db *db, const struct dv_actor *actor, int64_t id, struct user *u,
                            struct dv_error *err)
{
    if (!actor->sysadm && actor->user_id != id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("You can change only your own account."));
        return false;
    }
    if (!user_get(db, id, u, err))
        return false;
    if (u->sysadm && actor->user_id != id) {
        user_clear(u);
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The system administrator cannot be changed here."));
        return false;
    }
    return true;
}

bool user_update(struct db *db, const struct dv_actor *actor, int64_t id,
                 const struct user_info *info, struct dv_error *err)
{
    struct user cur;
    struct user_info in = *info;
    bool ok;

    if (!db_begin(db, err))
        return false;
    if (!editable_target(db, actor, id, &cur, err)) {
        db_rollback(db);
        return false;
    }
    if (!actor->sysadm || cur.sysadm)
        in.account = cur.account; /* M5.5.2, M4.5c: the account cannot be changed */
    ok = check_info(&in, err) && account_free(db, in.account, id, err) &&
         db_bump_version(db, "user", id, info->version, _(gone), err) &&
         db_do(db,
               "UPDATE user SET account = ?1, name_zh = ?2, phone = ?3, email = ?4, "
               "address = ?5, description = ?6 WHERE id = ?7",
               DB_ARGS(DB_T(in.account), DB_T(in.name_zh), DB_T(or_empty(in.phone)),
                       DB_T(or_empty(in.email)), DB_T(or_empty(in.address)),
                       DB_T(or_empty(in.description)), DB_I(id)),
               err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify basic information of user"),
                      in.account, err);
    user_clear(&cur);
    return ok;
}

static bool write_password(struct db *db, int64_t id, const char *password, struct dv_error *err)
{
    char *hash = auth_hash(password, err);
    bool ok = hash && db_do(db, "UPDATE user SET pw_hash = ?1, must_change_pw = 0 WHERE id = ?2",
                            DB_ARGS(DB_T(hash), DB_I(id)), err);

    g_free(hash);
    return ok;
}

bool user_change_own_password(struct db *db, const struct dv_actor *actor, const char *old_pw,
                              const char *password, const char *confirm, struct dv_error *err)
{
    struct user u;
    char *hash = NULL;
    bool ok;

    if (!validate_required(UF_OLD_PW, _("Old password"), old_pw, err) ||
        !check_new_password(password, confirm, err))
        return false;
    if (!fetch_user(db, "id", DB_I(actor->user_id), &u, &hash, err))
        return false;
    ok = auth_verify(old_pw, hash);
    g_free(hash);
    user_clear(&u);
    if (!ok) {
        dv_error_set(err, DV_ERR_DENIED, UF_OLD_PW, _("The old password is wrong."));
        return false;
    }
    if (!db_begin(db, err))
        return false;
    ok = write_password(db, actor->user_id, password, err);
    return audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Change own password"), actor->account,
                        err);
}

/* A project admin (not the sysadm) for a sysadm-only operation confirmed by the
 * sysadm password. */
static bool admin_target(struct db *db, const struct dv_actor *actor, int64_t id,
                         const char *sysadm_pw, struct user *u, struct dv_error *err)
{
    if (!require_sysadm(actor, err))
        return false;
    if (!user_get(db, id, u, err))
        return false;
    if (u->sysadm) {
        user_clear(u);
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The system administrator account cannot be changed here."));
        return false;
    }
    if (sysadm_pw && !check_sysadm_password(db, sysadm_pw, err)) {
        user_clear(u);
        return false;
    }
    return true;
}

bool user_set_password(struct db *db, const struct dv_actor *actor, int64_t id,
                       const char *sysadm_pw, const char *password, const char *confirm,
                       struct dv_error *err)
{
    struct user u;
    bool ok;

    if (!validate_required(UF_SYSADM_PW, _("System administrator password"), sysadm_pw, err) ||
        !check_new_password(password, confirm, err) ||
        !admin_target(db, actor, id, sysadm_pw, &u, err))
        return false;
    ok = db_begin(db, err);
    if (ok) {
        ok = write_password(db, id, password, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Change password of user"), u.account,
                          err);
    }
    user_clear(&u);
    return ok;
}

bool user_delete(struct db *db, const struct dv_actor *actor, int64_t id, const char *sysadm_pw,
                 struct dv_error *err)
{
    struct user u;
    bool ok;

    if (!validate_required(UF_SYSADM_PW, _("System administrator password"), sysadm_pw, err) ||
        !admin_target(db, actor, id, sysadm_pw, &u, err))
        return false;
    ok = db_begin(db, err);
    if (ok) {
        ok = db_do(db, "DELETE FROM user WHERE id = ?1 AND is_sysadm = 0", DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete user"), u.account, err);
    }
    user_clear(&u);
    return ok;
}

bool user_set_frozen(struct db *db, const struct dv_actor *actor, int64_t id, bool frozen,
                     struct dv_error *err)
{
    struct user u = {0};
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    /* the state is read inside the transaction that changes it */
    ok = admin_target(db, actor, id, NULL, &u, err);
    if (ok && u.frozen == frozen) {
        dv_error_set(err, DV_ERR_INFO, NULL,
                     frozen ? _("The user '%s' is already frozen.")
                            : _("The user '%s' is not frozen."),
                     u.account);
        ok = false;
    }
    ok = ok && db_do(db, "UPDATE user SET frozen = ?1 WHERE id = ?2",
                     DB_ARGS(DB_I(frozen), DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, frozen ? N_("Freeze user") : N_("Restore user"),
                      u.account, err);
    user_clear(&u);
    return ok;
}

bool user_unlock(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct user u = {0};
    int64_t now = dv_now();
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok = admin_target(db, actor, id, NULL, &u, err);
    if (ok && !user_locked_until(db, u.account, now)) {
        dv_error_set(err, DV_ERR_INFO, NULL, _("The user '%s' is not locked."), u.account);
        ok = false;
    }
    ok = ok && db_do(db, "UPDATE user SET unlocked_at = ?1 WHERE id = ?2",
                     DB_ARGS(DB_I(now), DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Unlock user"), u.account, err);
    user_clear(&u);
    return ok;
}
