/* test-session.c - console sessions (issue 8 point 2): user ids are never
 * reused, each session holds a token that every mutating operation checks
 * inside its transaction, a deleted account's open session is refused with
 * "Your account no longer exists." and writes nothing, a frozen admin's open
 * session keeps working (M5.4.7: freezing takes effect at the next login),
 * and the migration left foreign keys on.
 * features: M5.4.6 M5.4.7a M13.1.1 */
#include "admin/user.h"
#include "db/audit.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <string.h>

#define SYSPW USER_INITIAL_PASSWORD

static struct db *db;
static struct dv_actor sys;

static int64_t add(const char *account)
{
    struct user_info in = {.name_zh = account, .account = account};
    struct dv_error err = {0};
    int64_t id = -1;

    if (!user_add(db, &sys, &in, SYSPW, "pw", "pw", &id, &err))
        printf("# user_add %s: %s\n", account, err.msg);
    return id;
}

/* A console's actor: logged in, with its session token. */
static struct dv_actor console(int64_t id, const char *account)
{
    struct dv_actor a = {.user_id = id, .addr = "192.0.2.7", .sysadm = false};
    struct dv_error err = {0};

    g_strlcpy(a.account, account, sizeof(a.account));
    ok(session_open(db, &a, &err), "%s logs in: a session (%s)", account, err.msg);
    is_int(strlen(a.session), DV_SESSION_TOKEN_LEN, "%s: a %d-digit token", account,
           DV_SESSION_TOKEN_LEN);
    return a;
}

static char *everything(void)
{
    return testdb_text(db, "SELECT (SELECT group_concat(id || account || pw_hash || row_version) "
                           "FROM user) || '/' || (SELECT count(*) FROM op_log)");
}

static void test_deleted_session(void)
{
    int64_t alice = add("alice"), bob, carol;
    struct dv_actor a = console(alice, "alice"), b, forged;
    struct dv_error err = {0};
    char *before, *after;
    int64_t fk = 0;

    ok(alice > 1, "alice is added");
    is_int(testdb_count(db, "session", NULL), 1, "one session row");
    ok(user_delete(db, &sys, alice, SYSPW, &err), "the sysadm deletes alice (%s)", err.msg);
    is_int(testdb_count(db, "session", NULL), 0, "her session goes with her account");
    bob = add("bob");
    ok(bob > alice, "a user added after the delete gets a new id (%lld > %lld)", (long long)bob,
       (long long)alice);

    /* alice's console is still open */
    before = everything();
    dv_error_clear(&err);
    ok(!user_change_own_password(db, &a, "pw", "newpw", "newpw", &err),
       "alice's open session cannot change a password");
    after = everything();
    is_str(after, before, "... and nothing is written");
    g_free(after);

    /* the old bug: alice's session acting under the id bob now has */
    forged = a;
    forged.user_id = bob;
    dv_error_clear(&err);
    ok(!user_change_own_password(db, &forged, "pw", "newpw", "newpw", &err),
       "a session whose account was deleted is refused under another id too");
    is_int(err.code, DV_ERR_DENIED, "refused: DV_ERR_DENIED");
    is_str(err.msg, _("Your account no longer exists."), "refused: the message says why");
    after = everything();
    is_str(after, before, "... and nothing is written");
    g_free(after);
    g_free(before);

    /* bob's own session works; a frozen bob's open session too (M5.4.7) */
    b = console(bob, "bob");
    dv_error_clear(&err);
    ok(user_set_frozen(db, &sys, bob, true, &err), "the sysadm freezes bob (%s)", err.msg);
    ok(user_change_own_password(db, &b, "pw", "bobpw2", "bobpw2", &err),
       "a frozen admin's open session keeps working (%s)", err.msg);
    is_int(testdb_count(db, "op_log", "user = 'bob' AND action = 'Change own password'"), 1,
           "... and its operation is logged under bob");
    session_close(db, &b);
    is_int(testdb_count(db, "session", NULL), 0, "logging out removes the session");
    dv_error_clear(&err);
    ok(!user_change_own_password(db, &b, "bobpw2", "bobpw3", "bobpw3", &err),
       "a closed session writes nothing");

    /* the highest id deleted is not handed out again */
    carol = add("carol");
    ok(user_delete(db, &sys, carol, SYSPW, &err), "carol (the highest id) is deleted");
    ok(add("dave") > carol, "the next user's id is higher than carol's");

    /* dosvmd's actor is the service: no session row needed */
    {
        struct dv_actor svc = sys;
        struct user_info in = {.name_zh = "erin", .account = "erin"};

        g_strlcpy(svc.session, DV_SESSION_SERVICE, sizeof(svc.session));
        dv_error_clear(&err);
        ok(user_add(db, &svc, &in, SYSPW, "pw", "pw", NULL, &err),
           "the service actor needs no session (%s)", err.msg);
    }
    ok(db_scalar(db, "PRAGMA foreign_keys", NULL, 0, &fk, &err) && fk == 1,
       "foreign keys are on after the migrations");
    is_int(testdb_count(db, "pragma_foreign_key_check", NULL), 0, "no foreign key is broken");
    is_int(testdb_count(db, "sqlite_sequence", "name = 'user'"), 1,
           "user ids come from AUTOINCREMENT");
}

int main(void)
{
    struct testdb t;

    sys = testdb_sysadm();
    db = testdb_open(&t, false);
    if (!db) {
        ok(0, "open a test database");
        return tap_done();
    }
    test_deleted_session();
    testdb_close(&t);
    return tap_done();
}
