/* test-login.c - failed logins (issue 8 point 4): every refusal is stored
 * in the login log with its result, time and client address, also for an
 * unknown account; the wait before the next check grows per account and per
 * address from the stored failures, so it survives a console restart (a
 * second open of the database); an unknown account costs the same password
 * hash as a wrong password; after PARAM_LOGIN_LOCK_FAILS failures within the
 * window no password is checked until it has passed; a login that must change
 * its initial password is logged only after the change (issue 9).  Time is
 * DOSVM_NOW.
 * features: M5.2 M13.1.2 M13.2.1 */
#include "admin/param.h"
#include "admin/user.h"
#include "base/auth.h"
#include "base/util.h"
#include "db/audit.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdlib.h>
#include <string.h>

#define SYSPW USER_INITIAL_PASSWORD
#define T0    1767225600 /* 2026-01-01 00:00:00 UTC */

static struct testdb t;
static struct db *db;
static struct dv_actor sys;

static void at(int64_t when)
{
    char s[32];

    g_snprintf(s, sizeof(s), "%lld", (long long)when);
    setenv("DOSVM_NOW", s, 1);
}

/* One attempt; the hash calls it cost through *hashes (may be NULL). */
static bool attempt(const char *account, const char *pw, const char *addr, unsigned long *hashes,
                    struct dv_error *err)
{
    struct user u;
    unsigned long before = auth_verify_count();
    bool got;

    dv_error_clear(err);
    got = user_login(db, account, pw, addr, &u, err);
    if (hashes)
        *hashes = auth_verify_count() - before;
    if (got)
        user_clear(&u);
    return got;
}

static long rows(const char *where)
{
    return testdb_count(db, "login_log", where);
}

static void reopen(void)
{
    struct dv_error err = {0};

    db_close(db);
    db = t.db = program_open(t.path, false, &err);
    ok(db != NULL, "the console restarts: the database opens again (%s)", err.msg);
}

static void test_failures(void)
{
    struct user_info in = {.name_zh = "爱丽丝", .account = "alice"};
    struct dv_error err = {0};
    unsigned long wrong = 0, unknown = 0, locked = 9;
    struct audit_page page;
    int64_t id = 0;

    at(T0);
    ok(user_add(db, &sys, &in, SYSPW, "alicepw", "alicepw", &id, &err), "alice (%s)", err.msg);
    is_int(user_login_wait_ms(db, "alice", "10.0.0.1"), 0, "no failure: no wait");

    ok(!attempt("alice", "bad1", "10.0.0.1", &wrong, &err), "a wrong password is refused");
    is_str(err.msg, _("Wrong account or password."), "... with the usual answer");
    ok(!attempt("nobody", "bad1", "10.0.0.9", &unknown, &err), "an unknown account is refused");
    is_str(err.msg, _("Wrong account or password."), "... with the same answer");
    is_int(wrong, 1, "a wrong password costs one password hash");
    is_int(unknown, wrong, "an unknown account costs the same hash as a wrong password");
    is_int(rows("user = 'alice' AND addr = '10.0.0.1' AND result = 1 AND time = 1767225600"), 1,
           "the wrong password is stored with account, address, time and result");
    is_int(rows("user = 'nobody' AND addr = '10.0.0.9' AND result = 2"), 1,
           "the unknown account is stored too");

    at(T0 + 5);
    ok(!attempt("alice", "bad2", "10.0.0.1", NULL, &err), "a second wrong password");
    is_int(user_login_wait_ms(db, "alice", "10.0.0.1"), user_login_delay_ms(2),
           "two failures: the wait of two");

    reopen();
    is_int(user_login_wait_ms(db, "alice", "10.0.0.1"), user_login_delay_ms(2),
           "after a restart the account still waits as long");
    is_int(user_login_wait_ms(db, "alice", "192.0.2.1"), user_login_delay_ms(2),
           "... from another address too (per account)");
    is_int(user_login_wait_ms(db, "carol", "10.0.0.1"), user_login_delay_ms(2),
           "... and another account from that address (per address)");
    is_int(user_login_wait_ms(db, "carol", "192.0.2.1"), 0, "a fresh account and address: none");

    /* the sysadm sees them on the login-log page with their result */
    ok(audit_list(db, AUDIT_LOG_LOGINS, NULL, 0, -1, &page, &err) && page.n == 3,
       "the login log lists the three failures (%s)", err.msg);
    if (page.n == 3) {
        char *c0 = audit_row_content(AUDIT_LOG_LOGINS, &page.rows[0]);
        char *c1 = audit_row_content(AUDIT_LOG_LOGINS, &page.rows[2]);

        is_str(c0, _("Wrong password"), "the newest shows its result");
        is_str(c1, _("Wrong password"), "the oldest too");
        g_free(c0);
        g_free(c1);
    }
    audit_page_free(&page);

    /* lockout: 5 failures within 15 minutes (the defaults) */
    is_int(param_get_int(db, PARAM_LOGIN_LOCK_FAILS), 5, "default: 5 failures before a lockout");
    is_int(param_get_int(db, PARAM_LOGIN_LOCK_WINDOW), 15, "default: a 15-minute window");
    for (int i = 0; i < 3; i++) {
        at(T0 + 10 + i);
        attempt("alice", "bad", "10.0.0.1", NULL, &err);
    }
    at(T0 + 20);
    ok(!attempt("alice", "alicepw", "10.0.0.1", &locked, &err),
       "after 5 failures even the right password is refused");
    is_int(locked, 0, "... without a password being checked");
    {
        char until[DV_TIME_LEN];

        dv_format_time(T0 + 15 * 60, until); /* the 5th newest failure leaves the window */
        ok(strstr(err.msg, until) != NULL, "... and the message says until %s ('%s')", until,
           err.msg);
    }
    is_int(rows("user = 'alice' AND result = 4"), 1, "the locked attempt is logged as locked out");
    reopen();
    ok(!attempt("alice", "alicepw", "10.0.0.1", NULL, &err), "still locked after a restart");
    at(T0 + 15 * 60 + 6);
    ok(attempt("alice", "alicepw", "10.0.0.1", NULL, &err), "after the window it logs in (%s)",
       err.msg);
    is_int(rows("user = 'alice' AND result = 0"), 1, "the success is logged");
    is_int(user_login_wait_ms(db, "alice", "10.0.0.1"), 0, "a success clears the wait");
}

static void test_forced_change(void)
{
    struct dv_error err = {0};
    struct user u;
    long before = rows("result = 0");

    ok(db_do(db, "UPDATE user SET must_change_pw = 1 WHERE account = 'alice'", NULL, 0, &err),
       "alice must change her password");
    if (ok(user_login(db, "alice", "alicepw", "10.0.0.1", &u, &err), "alice logs in (%s)",
           err.msg)) {
        ok(u.must_change_pw, "... and must change her password first");
        user_clear(&u);
    }
    is_int(rows("result = 0"), before, "no success row before the forced change");
    ok(user_login_done(db, "alice", "10.0.0.1", &err), "the change succeeded");
    is_int(rows("result = 0"), before + 1, "... then the success row is written");
}

/* issue 8, point 4: the sysadm sees a lockout on the user list and lifts it */
static void test_unlock(void)
{
    struct dv_error err = {0};
    struct user_page page;
    struct user_filter f = {NULL, "alice"};
    struct dv_actor pa = sys;
    int64_t t1 = T0 + 7200;
    long ops;
    int64_t alice = 0;

    db_scalar(db, "SELECT id FROM user WHERE account = 'alice'", NULL, 0, &alice, NULL);
    ok(!user_unlock(db, &sys, alice, &err) && err.code == DV_ERR_INFO,
       "an account that is not locked is not unlocked ('%s')", err.msg);
    for (int i = 0; i < 5; i++) {
        at(t1 + i);
        attempt("alice", "bad", "10.0.0.9", NULL, &err);
    }
    at(t1 + 5);
    ok(!attempt("alice", "alicepw", "10.0.0.9", NULL, &err), "alice is locked again");
    if (ok(user_list(db, &f, 0, 10, &page, &err) && page.n == 1, "the user list has alice")) {
        is_int(page.rows[0].locked_until, t1 + 15 * 60,
               "... locked until her 5th newest failure "
               "leaves the window");
        user_page_free(&page);
    }
    pa.sysadm = false;
    ok(!user_unlock(db, &pa, alice, &err) && err.code == DV_ERR_DENIED,
       "a project admin cannot unlock ('%s')", err.msg);
    ops = rows("1"); /* login rows: unlocking writes none */
    ok(user_unlock(db, &sys, alice, &err), "the sysadm unlocks alice (%s)", err.msg);
    is_int(rows("1"), ops, "no login-log row is written by the unlock");
    {
        int64_t n = 0;

        db_scalar(db,
                  "SELECT count(*) FROM op_log WHERE action = 'Unlock user' AND object = 'alice'",
                  NULL, 0, &n, NULL);
        is_int(n, 1, "the unlock has its operation-log row");
    }
    if (ok(user_list(db, &f, 0, 10, &page, &err) && page.n == 1, "the user list again")) {
        is_int(page.rows[0].locked_until, 0, "... shows alice unlocked");
        user_page_free(&page);
    }
    ok(attempt("alice", "alicepw", "10.0.0.9", NULL, &err), "alice logs in at once (%s)", err.msg);
}

int main(void)
{
    sys = testdb_sysadm();
    if (!testdb_open(&t, false)) {
        ok(0, "open a test database");
        return tap_done();
    }
    db = t.db;
    test_failures();
    test_forced_change();
    test_unlock();
    testdb_close(&t);
    return tap_done();
}
