/* user.c - accounts: the system administrator and the project administrators */
#include "admin/user.h"
#include "db/audit.h"
#include "base/auth.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

#define USER_COLUMNS                                                                           \
    "id, account, name_zh, phone, email, address, description, is_sysadm, frozen, "           \
    "must_change_pw, coalesce((SELECT name FROM project WHERE project.id = user.project_id), '')"

static void read_user(sqlite3_stmt *st, struct user *u)
{
    u->id = sqlite3_column_int64(st, 0);
    u->account = db_col_text(st, 1);
    u->name_zh = db_col_text(st, 2);
    u->phone = db_col_text(st, 3);
    u->email = db_col_text(st, 4);
    u->address = db_col_text(st, 5);
    u->description = db_col_text(st, 6);
    u->sysadm = sqlite3_column_int(st, 7);
    u->frozen = sqlite3_column_int(st, 8);
    u->must_change_pw = sqlite3_column_int(st, 9);
    u->project = db_col_text(st, 10);
}

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

/* Fetch one user by a WHERE clause with one bound value; DV_ERR_NOTFOUND when absent.
 * *hash (may be NULL) receives the password hash. */
static bool fetch_user(struct db *db, const char *where, const char *text, int64_t id,
                       struct user *out, char **hash, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT " USER_COLUMNS ", pw_hash FROM user WHERE %s", where);
    sqlite3_stmt *st = db_prepare(db, sql, err);
    int rc;

    g_free(sql);
    memset(out, 0, sizeof(*out));
    if (!st)
        return false;
    if (text)
        db_bind_text(st, 1, text);
    else
        db_bind_int(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        read_user(st, out);
        if (hash)
            *hash = db_col_text(st, 11);
    } else if (rc == SQLITE_DONE) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The user no longer exists."));
    } else {
        db_fail(db, err);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW;
}

bool user_get(struct db *db, int64_t id, struct user *out, struct dv_error *err)
{
    return fetch_user(db, "id = ?", NULL, id, out, NULL, err);
}

static bool sysadm_exists(struct db *db, bool *exists, struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM user WHERE is_sysadm = 1", err);
    int rc;

    if (!st)
        return false;
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    *exists = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE || db_fail(db, err);
}

bool user_ensure_sysadm(struct db *db, bool must_change, struct dv_error *err)
{
    sqlite3_stmt *st;
    char *hash;
    bool exists, ok;

    if (!sysadm_exists(db, &exists, err))
        return false;
    if (exists)
        return true;
    hash = auth_hash(USER_INITIAL_PASSWORD, err);
    if (!hash)
        return false;
    st = db_prepare(db,
                    "INSERT INTO user(account, name_zh, pw_hash, is_sysadm, must_change_pw, "
                    "created_at) VALUES (?, ?, ?, 1, ?, ?)",
                    err);
    ok = st != NULL;
    if (ok) {
        db_bind_text(st, 1, USER_SYSADM);
        db_bind_text(st, 2, "系统管理员");
        db_bind_text(st, 3, hash);
        db_bind_int(st, 4, must_change);
        db_bind_int(st, 5, dv_now());
        ok = sqlite3_step(st) == SQLITE_DONE || db_fail(db, err);
    }
    sqlite3_finalize(st);
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

bool user_login(struct db *db, const char *account, const char *password, const char *addr,
                struct user *out, struct dv_error *err)
{
    char *hash = NULL;
    struct dv_error lookup = {0};
    bool found = fetch_user(db, "account = ?", account ? account : "", 0, out, &hash, &lookup);
    bool match = found && auth_verify(password, hash);

    g_free(hash);
    if (!found && lookup.code == DV_ERR_DB) {
        *err = lookup;
        return false;
    }
    if (!match) {
        if (found)
            user_clear(out);
        dv_error_set(err, DV_ERR_DENIED, UF_PASSWORD, _("Wrong account or password."));
        return false;
    }
    if (out->frozen) {
        user_clear(out);
        dv_error_set(err, DV_ERR_DENIED, UF_ACCOUNT,
                     _("This account is frozen. Ask the system administrator to restore it."));
        return false;
    }
    if (!audit_login(db, out->account, addr, err)) {
        user_clear(out);
        return false;
    }
    return true;
}

bool user_list(struct db *db, const struct user_filter *f, int64_t offset, int limit,
               struct user_page *out, struct dv_error *err)
{
    static const char where[] = " FROM user WHERE is_sysadm = 0"
                                " AND (?1 = '' OR name_zh LIKE ?2 ESCAPE '\\')"
                                " AND (?3 = '' OR account LIKE ?4 ESCAPE '\\')";
    const char *name = f && f->name_zh ? f->name_zh : "";
    const char *acct = f && f->account ? f->account : "";
    char *lname = db_like_pattern(name), *lacct = db_like_pattern(acct);
    sqlite3_stmt *count, *st = NULL;
    char *sql;
    bool ok = false;

    memset(out, 0, sizeof(*out));
    sql = g_strconcat("SELECT count(*)", where, NULL);
    count = db_prepare(db, sql, err);
    g_free(sql);
    sql = g_strconcat("SELECT " USER_COLUMNS, where, " ORDER BY id LIMIT ?5 OFFSET ?6", NULL);
    st = count ? db_prepare(db, sql, err) : NULL;
    if (!st)
        goto cleanup;
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *s = i ? st : count;

        db_bind_text(s, 1, name);
        db_bind_text(s, 2, lname);
        db_bind_text(s, 3, acct);
        db_bind_text(s, 4, lacct);
    }
    if (sqlite3_step(count) != SQLITE_ROW) {
        db_fail(db, err);
        goto cleanup;
    }
    out->total = sqlite3_column_int64(count, 0);
    db_bind_int(st, 5, limit);
    db_bind_int(st, 6, offset);
    out->rows = g_new0(struct user, limit > 0 ? limit : 1);
    while (out->n < limit && sqlite3_step(st) == SQLITE_ROW)
        read_user(st, &out->rows[out->n++]);
    ok = true;
cleanup:
    sqlite3_finalize(count);
    sqlite3_finalize(st);
    g_free(sql);
    g_free(lname);
    g_free(lacct);
    return ok;
}

void user_page_free(struct user_page *p)
{
    for (int i = 0; i < p->n; i++)
        user_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
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
    if (!fetch_user(db, "is_sysadm = ?", NULL, 1, &u, &hash, err))
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
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM user WHERE account = ? AND id != ?", err);
    int rc;

    if (!st)
        return false;
    db_bind_text(st, 1, account);
    db_bind_int(st, 2, except);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) {
        dv_error_set(err, DV_ERR_EXISTS, UF_ACCOUNT, _("The account '%s' already exists."),
                     account);
        return false;
    }
    return rc == SQLITE_DONE || db_fail(db, err);
}

static bool step_done(struct db *db, sqlite3_stmt *st, struct dv_error *err)
{
    bool ok = st && (sqlite3_step(st) == SQLITE_DONE || db_fail(db, err));

    sqlite3_finalize(st);
    return ok;
}

/* A chosen project must exist (0: none chosen). */
static bool project_exists(struct db *db, int64_t id, struct dv_error *err)
{
    char *sid;
    const char *binds[1];
    int64_t n = 0;
    bool ok;

    if (id <= 0)
        return true;
    sid = db_id_text(id);
    binds[0] = sid;
    ok = db_int(db, "SELECT count(*) FROM project WHERE id = ?1", binds, 1, &n, err);
    g_free(sid);
    if (ok && n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, UF_PROJECT, _("The project no longer exists."));
        return false;
    }
    return ok;
}

bool user_add(struct db *db, const struct dv_actor *actor, const struct user_info *info,
              const char *sysadm_pw, const char *password, const char *confirm, int64_t *new_id,
              struct dv_error *err)
{
    sqlite3_stmt *st;
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
    ok = account_free(db, info->account, 0, err) && project_exists(db, info->project_id, err);
    if (ok) {
        st = db_prepare(db,
                        "INSERT INTO user(account, name_zh, pw_hash, phone, email, address, "
                        "description, created_at, project_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        err);
        if (st) {
            db_bind_text(st, 1, info->account);
            db_bind_text(st, 2, info->name_zh);
            db_bind_text(st, 3, hash);
            db_bind_text(st, 4, info->phone ? info->phone : "");
            db_bind_text(st, 5, info->email ? info->email : "");
            db_bind_text(st, 6, info->address ? info->address : "");
            db_bind_text(st, 7, info->description ? info->description : "");
            db_bind_int(st, 8, dv_now());
            if (info->project_id > 0)
                db_bind_int(st, 9, info->project_id);
        }
        ok = step_done(db, st, err);
        if (ok && new_id)
            *new_id = sqlite3_last_insert_rowid(db_handle(db));
    }
    g_free(hash);
    return audit_commit(db, ok, actor, AUDIT_ADD, N_("Add project administrator"), info->account, err);
}

/* The project admin `id`, which actor may edit: the sysadm any, an admin itself. */
static bool editable_target(struct db *db, const struct dv_actor *actor, int64_t id,
                            struct user *u, struct dv_error *err)
{
    if (!actor->sysadm && actor->user_id != id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("You can change only your own account."));
        return false;
    }
    if (!user_get(db, id, u, err))
        return false;
    if (u->sysadm && actor->user_id != id) {
        user_clear(u);
        dv_error_set(err, DV_ERR_DENIED, NULL, _("The system administrator cannot be changed here."));
        return false;
    }
    return true;
}

bool user_update(struct db *db, const struct dv_actor *actor, int64_t id,
                 const struct user_info *info, struct dv_error *err)
{
    struct user cur;
    struct user_info in = *info;
    sqlite3_stmt *st;
    bool ok;

    if (!editable_target(db, actor, id, &cur, err))
        return false;
    if (!actor->sysadm || cur.sysadm)
        in.account = cur.account; /* M5.5.2, M4.5c: the account cannot be changed */
    if (!check_info(&in, err) || !db_begin(db, err)) {
        user_clear(&cur);
        return false;
    }
    ok = account_free(db, in.account, id, err);
    if (ok) {
        st = db_prepare(db,
                        "UPDATE user SET account = ?, name_zh = ?, phone = ?, email = ?, "
                        "address = ?, description = ? WHERE id = ?",
                        err);
        if (st) {
            db_bind_text(st, 1, in.account);
            db_bind_text(st, 2, in.name_zh);
            db_bind_text(st, 3, in.phone ? in.phone : "");
            db_bind_text(st, 4, in.email ? in.email : "");
            db_bind_text(st, 5, in.address ? in.address : "");
            db_bind_text(st, 6, in.description ? in.description : "");
            db_bind_int(st, 7, id);
        }
        ok = step_done(db, st, err);
    }
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify basic information of user"), in.account,
                err);
    user_clear(&cur);
    return ok;
}

static bool write_password(struct db *db, int64_t id, const char *password, struct dv_error *err)
{
    char *hash = auth_hash(password, err);
    sqlite3_stmt *st;
    bool ok;

    if (!hash)
        return false;
    st = db_prepare(db, "UPDATE user SET pw_hash = ?, must_change_pw = 0 WHERE id = ?", err);
    if (st) {
        db_bind_text(st, 1, hash);
        db_bind_int(st, 2, id);
    }
    ok = step_done(db, st, err);
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
    if (!fetch_user(db, "id = ?", NULL, actor->user_id, &u, &hash, err))
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
    return audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Change own password"), actor->account, err);
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
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Change password of user"), u.account, err);
    }
    user_clear(&u);
    return ok;
}

bool user_delete(struct db *db, const struct dv_actor *actor, int64_t id, const char *sysadm_pw,
                 struct dv_error *err)
{
    struct user u;
    sqlite3_stmt *st;
    bool ok;

    if (!validate_required(UF_SYSADM_PW, _("System administrator password"), sysadm_pw, err) ||
        !admin_target(db, actor, id, sysadm_pw, &u, err))
        return false;
    ok = db_begin(db, err);
    if (ok) {
        st = db_prepare(db, "DELETE FROM user WHERE id = ? AND is_sysadm = 0", err);
        if (st)
            db_bind_int(st, 1, id);
        ok = step_done(db, st, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete user"), u.account, err);
    }
    user_clear(&u);
    return ok;
}

bool user_set_frozen(struct db *db, const struct dv_actor *actor, int64_t id, bool frozen,
                     struct dv_error *err)
{
    struct user u;
    sqlite3_stmt *st;
    bool ok;

    if (!admin_target(db, actor, id, NULL, &u, err))
        return false;
    if (u.frozen == frozen) {
        dv_error_set(err, DV_ERR_INFO, NULL,
                     frozen ? _("The user '%s' is already frozen.")
                            : _("The user '%s' is not frozen."),
                     u.account);
        user_clear(&u);
        return false;
    }
    ok = db_begin(db, err);
    if (ok) {
        st = db_prepare(db, "UPDATE user SET frozen = ? WHERE id = ?", err);
        if (st) {
            db_bind_int(st, 1, frozen);
            db_bind_int(st, 2, id);
        }
        ok = step_done(db, st, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, frozen ? N_("Freeze user") : N_("Restore user"),
                    u.account, err);
    }
    user_clear(&u);
    return ok;
}
