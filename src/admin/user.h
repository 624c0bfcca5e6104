/* user.h - accounts: the system administrator and the project administrators
 * (manual ch. 5).  Every write validates all fields first, runs in one
 * transaction and writes its operation-log row there. */
#ifndef DV_USER_H
#define DV_USER_H

#include "db/db.h"

#define USER_SYSADM           "sysadm"
#define USER_INITIAL_PASSWORD "123456"

/* form-field keys named in dv_error.field */
#define UF_NAME_ZH     "name_zh"
#define UF_ACCOUNT     "account"
#define UF_PHONE       "phone"
#define UF_EMAIL       "email"
#define UF_ADDRESS     "address"
#define UF_DESCRIPTION "description"
#define UF_SYSADM_PW   "sysadm_pw"
#define UF_OLD_PW      "old_pw"
#define UF_PASSWORD    "password"
#define UF_CONFIRM     "confirm"
#define UF_PROJECT     "project"

struct user {
    int64_t id;
    char *account;
    char *name_zh;
    char *phone;
    char *email;
    char *address;
    char *description;
    char *project; /* managed project's name, "" when none */
    bool sysadm;
    bool frozen;
    bool must_change_pw;
    /* user_list only: when the login lockout of the account ends (issue 8,
     * point 4), 0 while it is not locked */
    int64_t locked_until;
    int64_t version; /* row version, handed back with an edit (P2/OP-6) */
};

/* The editable basic information (M5.4.4, M5.5.2). */
struct user_info {
    const char *name_zh;
    const char *account;
    const char *phone;
    const char *email;
    const char *address;
    const char *description;
    int64_t project_id; /* user_add only: the project it manages, 0 for none (M5.4.3) */
    int64_t version;    /* user_update only: the row version read with the user; 0: any */
};

struct user_filter {
    const char *name_zh; /* substring, may be NULL or "" */
    const char *account; /* substring, may be NULL or "" */
};

struct user_page {
    struct user *rows;
    int n;
    int64_t total;
};

/* Create the sysadm with the initial password when the database has none
 * (M4.5c); must_change marks it for a change at the first login (D6). */
bool user_ensure_sysadm(struct db *db, bool must_change, struct dv_error *err);

/* Log in: on success fill out and return true; the login-log row is
 * written then, or -- when out->must_change_pw -- by user_login_done once
 * the initial password was changed.  A wrong account or password and a
 * frozen admin are refused (DV_ERR_DENIED).  Every refusal is stored in the
 * login log with its result, time and addr (also for an unknown account,
 * which costs the same password hash as a wrong password).  An account with
 * PARAM_LOGIN_LOCK_FAILS failures within PARAM_LOGIN_LOCK_WINDOW minutes is
 * locked: until the window after its last failure has passed no password
 * is checked, and the attempt is logged as locked out (issue 8). */
bool user_login(struct db *db, const char *account, const char *password, const char *addr,
                struct user *out, struct dv_error *err);

/* The login-log row of a login that had to change its initial password. */
bool user_login_done(struct db *db, const char *account, const char *addr, struct dv_error *err);

/* The result column of the login log (login_log.result). */
enum login_result {
    LOGIN_OK = 0,
    LOGIN_WRONG_PASSWORD = 1,
    LOGIN_UNKNOWN_ACCOUNT = 2,
    LOGIN_FROZEN = 3,
    LOGIN_LOCKED = 4,
};

/* When the login lockout of account ends, 0 when it is not locked at now. */
int64_t user_locked_until(struct db *db, const char *account, int64_t now);

/* The sysadm lifts the login lockout of a project admin: its failures up
 * to now no longer count (user.unlocked_at; an operation-log row).
 * Refused (DV_ERR_INFO) when it is not locked. */
bool user_unlock(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* How long to wait before checking the next attempt of account from addr,
 * in milliseconds: user_login_delay_ms of the larger number of stored
 * failures (since the last success, within the lockout window) of the
 * account and of the address -- so a restarted console waits as long. */
unsigned user_login_wait_ms(struct db *db, const char *account, const char *addr);

/* Delay before answering the n-th consecutive failed login, in milliseconds:
 * 0 for n <= 0, then 500, 1000, 2000, ... up to 8000. */
unsigned user_login_delay_ms(int failures);

/* Project administrators (never the sysadm) matching f, one page, by id. */
bool user_list(struct db *db, const struct user_filter *f, int64_t offset, int limit,
               struct user_page *out, struct dv_error *err);
void user_page_free(struct user_page *p);

bool user_get(struct db *db, int64_t id, struct user *out, struct dv_error *err);
void user_clear(struct user *u);

/* M5.4.3: sysadm adds a project admin; *new_id may be NULL. */
bool user_add(struct db *db, const struct dv_actor *actor, const struct user_info *info,
              const char *sysadm_pw, const char *password, const char *confirm, int64_t *new_id,
              struct dv_error *err);

/* M5.4.4 (sysadm, any project admin) and M5.5.2 (an admin, itself; the
 * account cannot change there).  A stale info->version is refused
 * (DV_ERR_STALE) and nothing written. */
bool user_update(struct db *db, const struct dv_actor *actor, int64_t id,
                 const struct user_info *info, struct dv_error *err);

/* M5.4.2 / M5.5.3: change one's own password, giving the current one. */
bool user_change_own_password(struct db *db, const struct dv_actor *actor, const char *old_pw,
                              const char *password, const char *confirm, struct dv_error *err);

/* M5.4.5: sysadm sets a project admin's password. */
bool user_set_password(struct db *db, const struct dv_actor *actor, int64_t id,
                       const char *sysadm_pw, const char *password, const char *confirm,
                       struct dv_error *err);

/* M5.4.6: sysadm deletes a project admin. */
bool user_delete(struct db *db, const struct dv_actor *actor, int64_t id, const char *sysadm_pw,
                 struct dv_error *err);

/* M5.4.7a/b: freeze or restore; DV_ERR_INFO when already in that state. */
bool user_set_frozen(struct db *db, const struct dv_actor *actor, int64_t id, bool frozen,
                     struct dv_error *err);

#endif
