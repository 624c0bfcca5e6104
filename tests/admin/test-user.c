/* test-user.c - the user operations of src/user.h against a real database;
 * features: M4.5c M5.2 M5.4.1 M5.4.2 M5.4.3 M5.4.4 M5.4.5 M5.4.6 M5.4.7a M5.4.7b M5.5.2 M5.5.3
 * M13.1.1 P2/OP-6 */
#include "admin/user.h"
#include "db/audit.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <limits.h>
#include <stdarg.h>
#include <string.h>

#define SYSPW USER_INITIAL_PASSWORD

static struct db *db;
static struct dv_actor sys;

/* ---------------------------------------------------------------- helpers */

/* Everything a refused operation must leave alone. */
struct snap {
    char *users; /* every column of every user */
    long ops, logins;
};

static struct snap snap_take(void)
{
    struct snap s;

    s.users = testdb_text(db, "SELECT group_concat(id || '|' || account || '|' || name_zh || '|' "
                              "|| pw_hash || '|' || phone || '|' || email || '|' || address || "
                              "'|' || description || '|' || frozen || '|' || must_change_pw, "
                              "char(10)) FROM (SELECT * FROM user ORDER BY id)");
    s.ops = testdb_count(db, "op_log", NULL);
    s.logins = testdb_count(db, "login_log", "result = 0"); /* refusals are logged (issue 8) */
    return s;
}

/* Assert that nothing was written since s was taken; frees s. */
static void snap_same(struct snap *s, const char *what)
{
    struct snap now = snap_take();

    ok(g_strcmp0(s->users, now.users) == 0, "%s: the user table is unchanged", what);
    is_int(now.ops, s->ops, "%s: no operation-log row", what);
    is_int(now.logins, s->logins, "%s: no successful-login row", what);
    g_free(s->users);
    g_free(now.users);
}

/* A refusal: false, with code and field. */
static void refused(bool got, const struct dv_error *err, enum dv_status code, const char *field,
                    const char *what)
{
    ok(!got, "%s: refused", what);
    is_int(err->code, code, "%s: error code", what);
    is_str(err->field, field, "%s: error field", what);
    ok(err->msg[0] != '\0', "%s: a message ('%s')", what, err->msg);
}

/* Exactly one new operation-log row since `before` rows, with these values. */
static void logged(long before, int type, const char *user, const char *object, const char *what)
{
    char *where = sqlite3_mprintf("id = (SELECT max(id) FROM op_log) AND type = %d AND "
                                  "user = %Q AND addr = 'test' AND object = %Q AND action != ''",
                                  type, user, object);

    is_int(testdb_count(db, "op_log", NULL), before + 1, "%s: one operation-log row", what);
    is_int(testdb_count(db, "op_log", where), 1, "%s: the row is type %d by %s on '%s'", what, type,
           user, object);
    sqlite3_free(where);
}

/* Count of users matching a WHERE clause built by sqlite3_mprintf (%Q quotes). */
static long users_where(const char *fmt, ...)
{
    va_list ap;
    char *where;
    long n;

    va_start(ap, fmt);
    where = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    n = testdb_count(db, "user", where);
    sqlite3_free(where);
    return n;
}

static struct dv_actor admin_actor(int64_t id, const char *account)
{
    struct dv_actor a = {.user_id = id, .addr = "test", .sysadm = false};

    g_strlcpy(a.account, account, sizeof(a.account));
    return a;
}

/* Add a project admin as the sysadm; its id, or -1. */
static int64_t add(const char *account, const char *name, const char *pw)
{
    struct user_info in = {.name_zh = name, .account = account};
    struct dv_error err = {0};
    int64_t id = -1;

    if (!user_add(db, &sys, &in, SYSPW, pw, pw, &id, &err))
        printf("# user_add %s: %s\n", account, err.msg);
    return id;
}

/* Whether account/password logs in (and nothing is leaked either way). */
static bool can_login(const char *account, const char *pw)
{
    struct user u;
    struct dv_error err = {0};
    bool got = user_login(db, account, pw, "test", &u, &err);

    if (got)
        user_clear(&u);
    return got;
}

/* ---------------------------------------------------------------- M5.4.3 */

struct add_case {
    const char *what;
    const char *name, *account, *phone, *email;
    const char *sysadm_pw, *password, *confirm;
    enum dv_status code;
    const char *field;
};

static void test_add(void)
{
    static const struct add_case cases[] = {
        {"duplicate account", "重复", "alice", "", "", SYSPW, "pw", "pw", DV_ERR_EXISTS,
         UF_ACCOUNT},
        {"account of the sysadm", "重复", "sysadm", "", "", SYSPW, "pw", "pw", DV_ERR_EXISTS,
         UF_ACCOUNT},
        {"17-character password", "新", "new1", "", "", SYSPW, "12345678901234567",
         "12345678901234567", DV_ERR_INVALID, UF_PASSWORD},
        {"empty password", "新", "new1", "", "", SYSPW, "", "", DV_ERR_INVALID, UF_PASSWORD},
        {"confirmation differs", "新", "new1", "", "", SYSPW, "pw1", "pw2", DV_ERR_INVALID,
         UF_CONFIRM},
        {"wrong sysadm password", "新", "new1", "", "", "1234567", "pw", "pw", DV_ERR_DENIED,
         UF_SYSADM_PW},
        {"empty sysadm password", "新", "new1", "", "", "", "pw", "pw", DV_ERR_INVALID,
         UF_SYSADM_PW},
        {"empty Chinese name", "", "new1", "", "", SYSPW, "pw", "pw", DV_ERR_INVALID, UF_NAME_ZH},
        {"empty account", "新", "", "", "", SYSPW, "pw", "pw", DV_ERR_INVALID, UF_ACCOUNT},
        {"account with a blank", "新", "new 1", "", "", SYSPW, "pw", "pw", DV_ERR_INVALID,
         UF_ACCOUNT},
        {"bad email", "新", "new1", "", "new1-at-example", SYSPW, "pw", "pw", DV_ERR_INVALID,
         UF_EMAIL},
        {"33-character phone", "新", "new1", "123456789012345678901234567890123", "", SYSPW, "pw",
         "pw", DV_ERR_INVALID, UF_PHONE},
    };
    struct user_info in = {.name_zh = "张三",
                           .account = "alice",
                           .phone = "13800000000",
                           .email = "alice@example.com",
                           .address = "成都",
                           .description = "项目甲"};
    struct dv_error err = {0};
    struct dv_actor adm;
    struct snap s;
    int64_t id = -1;
    long ops = testdb_count(db, "op_log", NULL);

    dv_error_clear(&err);
    ok(user_add(db, &sys, &in, SYSPW, "alicepw", "alicepw", &id, &err), "add alice (%s)", err.msg);
    ok(id > 1, "add: the new id is returned (%lld)", (long long)id);
    is_int(users_where("account = 'alice' AND name_zh = '张三' AND phone = '13800000000' AND "
                       "email = 'alice@example.com' AND address = '成都' AND description = "
                       "'项目甲' AND is_sysadm = 0 AND frozen = 0 AND must_change_pw = 0 AND "
                       "pw_hash LIKE '$y$%%' AND created_at > 0"),
           1, "add: every column stored, the password hashed");
    logged(ops, AUDIT_ADD, "sysadm", "alice", "add alice");
    ok(can_login("alice", "alicepw"), "add: alice logs in with her password");

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct add_case *c = &cases[i];
        struct user_info ci = {
            .name_zh = c->name, .account = c->account, .phone = c->phone, .email = c->email};
        char *what = g_strdup_printf("add: %s", c->what);

        dv_error_clear(&err);
        s = snap_take();
        refused(user_add(db, &sys, &ci, c->sysadm_pw, c->password, c->confirm, NULL, &err), &err,
                c->code, c->field, what);
        snap_same(&s, what);
        g_free(what);
    }

    adm = admin_actor(id, "alice");
    in.account = "byalice";
    dv_error_clear(&err);
    s = snap_take();
    refused(user_add(db, &adm, &in, SYSPW, "pw", "pw", NULL, &err), &err, DV_ERR_DENIED, "",
            "add by a project admin");
    snap_same(&s, "add by a project admin");

    ok(add("pw16", "十六", "1234567890123456") > 0, "add: a 16-character password is accepted");
    ok(add("pwzh", "中文", "一二三四五六七八九十甲乙丙丁戊己") > 0,
       "add: a 16-character Chinese password is accepted");
    ok(can_login("pwzh", "一二三四五六七八九十甲乙丙丁戊己"), "add: the Chinese password logs in");
    ops = testdb_count(db, "op_log", NULL);
    in = (struct user_info){.name_zh = "无选填", .account = "bare"};
    dv_error_clear(&err);
    ok(user_add(db, &sys, &in, SYSPW, "pw", "pw", NULL, &err),
       "add: NULL optional fields, NULL new_id (%s)", err.msg);
    is_int(users_where("account = %Q AND phone = '' AND email = '' AND address = '' AND "
                       "description = ''",
                       "bare"),
           1, "add: NULL optional fields stored as ''");
    logged(ops, AUDIT_ADD, "sysadm", "bare", "add bare");
}

/* ---------------------------------------------------------------- M5.2 */

static void test_login(void)
{
    static const int delays[][2] = {{-1, 0},   {0, 0},    {1, 500},  {2, 1000},   {3, 2000},
                                    {4, 4000}, {5, 8000}, {6, 8000}, {100, 8000}, {INT_MAX, 8000}};
    static const struct {
        const char *account, *pw, *what;
    } bad[] = {
        {"alice", "alicepw2", "wrong password"},
        {"alice", "", "empty password"},
        {"alice", NULL, "NULL password"},
        {"nobody", "alicepw", "unknown account"},
        {"", "alicepw", "empty account"},
        {NULL, "alicepw", "NULL account"},
        {"sysadm", "alicepw", "sysadm with alice's password"},
    };
    struct dv_error err = {0};
    struct user u;
    long logins = testdb_count(db, "login_log", NULL);

    for (size_t i = 0; i < G_N_ELEMENTS(delays); i++)
        is_int(user_login_delay_ms(delays[i][0]), delays[i][1], "user_login_delay_ms(%d)",
               delays[i][0]);

    ok(user_login(db, "alice", "alicepw", "10.1.2.3", &u, &err), "login alice");
    ok(u.id > 1 && g_strcmp0(u.account, "alice") == 0 && g_strcmp0(u.name_zh, "张三") == 0 &&
           !u.sysadm && !u.frozen && u.project != NULL,
       "login fills the user");
    user_clear(&u);
    is_int(testdb_count(db, "login_log", NULL), logins + 1, "login writes one login-log row");
    is_int(testdb_count(db, "login_log",
                        "id = (SELECT max(id) FROM login_log) AND user = "
                        "'alice' AND addr = '10.1.2.3' AND time > 0"),
           1, "the login-log row names the user and the address");

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        struct snap s = snap_take();
        char *what = g_strdup_printf("login: %s", bad[i].what);

        bool got;

        dv_error_clear(&err);
        memset(&u, 0x5a, sizeof(u));
        got = user_login(db, bad[i].account, bad[i].pw, "test", &u, &err);
        refused(got, &err, DV_ERR_DENIED, UF_PASSWORD, what);
        if (got)
            user_clear(&u);
        else
            ok(u.account == NULL && u.name_zh == NULL, "%s: out is left empty", what);
        snap_same(&s, what);
        g_free(what);
    }
}

/* ---------------------------------------------------------------- M5.4.1 */

/* user_list with a filter; the accounts in order, "|"-joined (g_free), total in *total */
static char *list(const char *name, const char *account, int64_t offset, int limit, int64_t *total)
{
    struct user_filter f = {.name_zh = name, .account = account};
    struct user_page p;
    struct dv_error err = {0};
    GString *s = g_string_new("");

    *total = -1;
    if (!user_list(db, &f, offset, limit, &p, &err)) {
        printf("# user_list: %s\n", err.msg);
        return g_string_free(s, FALSE);
    }
    for (int i = 0; i < p.n; i++)
        g_string_append_printf(s, "%s%s", i ? "|" : "", p.rows[i].account);
    *total = p.total;
    user_page_free(&p);
    return g_string_free(s, FALSE);
}

static void test_list(void)
{
    static const struct {
        const char *name, *account;
        int64_t offset;
        int limit;
        const char *want;
        int64_t total;
        const char *what;
    } cases[] = {
        {NULL, NULL, 0, 100, "alice|bob|carol|Dave_X|eve", 5, "no filter: all, by id"},
        {"", "", 0, 100, "alice|bob|carol|Dave_X|eve", 5, "empty filter"},
        {NULL, NULL, 0, 2, "alice|bob", 5, "page 1 of 2 rows"},
        {NULL, NULL, 2, 2, "carol|Dave_X", 5, "page 2 of 2 rows"},
        {NULL, NULL, 4, 2, "eve", 5, "last page"},
        {NULL, NULL, 10, 2, "", 5, "past the end"},
        {"张", NULL, 0, 100, "alice|carol", 2, "Chinese substring of the name"},
        {"小明", NULL, 0, 100, "carol", 1, "Chinese substring in the middle"},
        {NULL, "AL", 0, 100, "alice", 1, "account, case-insensitive"},
        {NULL, "dave", 0, 100, "Dave_X", 1, "account, other case"},
        {NULL, "_", 0, 100, "Dave_X", 1, "'_' is literal"},
        {NULL, "%", 0, 100, "", 0, "'%' is literal"},
        {"张", "car", 0, 100, "carol", 1, "name and account together"},
        {"张", "bob", 0, 100, "", 0, "name and account, no match"},
        {NULL, "sys", 0, 100, "", 0, "the sysadm is never listed (account)"},
        {"系统", NULL, 0, 100, "", 0, "the sysadm is never listed (name)"},
        {"张", NULL, 1, 1, "carol", 2, "filtered paging"},
    };
    struct user_page p;
    struct dv_error err = {0};

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int64_t total;
        char *got = list(cases[i].name, cases[i].account, cases[i].offset, cases[i].limit, &total);

        is_str(got, cases[i].want, "list: %s", cases[i].what);
        is_int(total, cases[i].total, "list: %s: total", cases[i].what);
        g_free(got);
    }
    ok(user_list(db, NULL, 0, 0, &p, &err) && p.n == 0 && p.total == 5,
       "list: NULL filter, limit 0 counts only");
    user_page_free(&p);
}

/* ---------------------------------------------------------------- M5.4.4, M5.5.2, M4.5c */

static void test_update(int64_t alice, int64_t bob)
{
    struct user_info in = {.name_zh = "张三丰",
                           .account = "alice2",
                           .phone = "028-1234",
                           .email = "a2@example.com",
                           .address = "北京",
                           .description = "改"};
    struct dv_error err = {0};
    struct dv_actor adm = admin_actor(alice, "alice2");
    struct snap s;
    long ops = testdb_count(db, "op_log", NULL);

    dv_error_clear(&err);
    ok(user_update(db, &sys, alice, &in, &err), "update alice by the sysadm (%s)", err.msg);
    is_int(users_where("account = 'alice2' AND name_zh = '张三丰' AND phone = '028-1234' AND "
                       "email = 'a2@example.com' AND address = '北京' AND description = '改'"),
           1, "update: every column changed");
    logged(ops, AUDIT_MODIFY, "sysadm", "alice2", "update alice");
    ok(can_login("alice2", "alicepw") && !can_login("alice", "alicepw"),
       "update: the new account logs in, the old does not");

    in.account = "bob";
    dv_error_clear(&err);
    s = snap_take();
    refused(user_update(db, &sys, alice, &in, &err), &err, DV_ERR_EXISTS, UF_ACCOUNT,
            "update: account of another user");
    snap_same(&s, "update: account of another user");

    in.account = "alice2";
    in.email = "bad email";
    dv_error_clear(&err);
    s = snap_take();
    refused(user_update(db, &sys, alice, &in, &err), &err, DV_ERR_INVALID, UF_EMAIL,
            "update: bad email");
    snap_same(&s, "update: bad email");
    in.email = "a2@example.com";

    dv_error_clear(&err);
    s = snap_take();
    refused(user_update(db, &sys, 9999, &in, &err), &err, DV_ERR_NOTFOUND, "",
            "update: missing user");
    snap_same(&s, "update: missing user");

    /* M5.5.2: an admin edits its own information, but not its account */
    in = (struct user_info){.name_zh = "自己改", .account = "hacked", .phone = "1"};
    ops = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(user_update(db, &adm, alice, &in, &err), "update: an admin edits itself (%s)", err.msg);
    is_int(users_where("id = %lld AND account = 'alice2' AND name_zh = '自己改' AND phone = '1'",
                       (long long)alice),
           1, "update: own information changed, the account kept");
    is_int(users_where("account = %Q", "hacked"), 0, "update: no account 'hacked'");
    logged(ops, AUDIT_MODIFY, "alice2", "alice2", "update by the admin itself");

    dv_error_clear(&err);
    s = snap_take();
    refused(user_update(db, &adm, bob, &in, &err), &err, DV_ERR_DENIED, "",
            "update: an admin edits another admin");
    snap_same(&s, "update: an admin edits another admin");
    dv_error_clear(&err);
    s = snap_take();
    refused(user_update(db, &adm, 1, &in, &err), &err, DV_ERR_DENIED, "",
            "update: an admin edits the sysadm");
    snap_same(&s, "update: an admin edits the sysadm");

    /* M4.5c: the sysadm account cannot be renamed */
    in = (struct user_info){.name_zh = "管理员甲", .account = "root"};
    dv_error_clear(&err);
    user_update(db, &sys, 1, &in, &err);
    is_int(users_where("id = 1 AND is_sysadm = 1 AND account = %Q", "sysadm"), 1,
           "update: the sysadm account stays 'sysadm'");
    is_int(users_where("account = %Q", "root"), 0, "update: no account 'root'");
    ok(can_login("sysadm", SYSPW), "update: sysadm still logs in");
}

/* P2/OP-6: two dialogs opened the same user; the second save is stale. */
static void test_stale(int64_t bob)
{
    struct dv_error err = {0};
    struct user u;
    struct user_info first, second;
    struct snap s;

    ok(user_get(db, bob, &u, &err), "stale: both dialogs read bob (%s)", err.msg);
    first = (struct user_info){.name_zh = "先存", .account = u.account, .version = u.version};
    second = (struct user_info){.name_zh = "后存", .account = "bob-late", .version = u.version};
    ok(user_update(db, &sys, bob, &first, &err), "stale: the first save succeeds (%s)", err.msg);
    is_int(
        users_where("id = %lld AND row_version = %lld", (long long)bob, (long long)u.version + 1),
        1, "stale: the save raised the row version");
    dv_error_clear(&err);
    s = snap_take();
    refused(user_update(db, &sys, bob, &second, &err), &err, DV_ERR_STALE, "",
            "stale: the second save, based on the old version");
    snap_same(&s, "stale: the second save");
    is_int(
        users_where("id = %lld AND name_zh = '先存' AND account = %Q", (long long)bob, u.account),
        1, "stale: the first save's values stay");
    user_clear(&u);
}

/* ---------------------------------------------------------------- M5.4.2, M5.5.3 */

struct pw_case {
    const char *what, *old, *pw, *confirm;
    enum dv_status code;
    const char *field;
};

static void test_own_password(int64_t bob)
{
    static const struct pw_case cases[] = {
        {"wrong old password", "1234567", "newpw", "newpw", DV_ERR_DENIED, UF_OLD_PW},
        {"empty old password", "", "newpw", "newpw", DV_ERR_INVALID, UF_OLD_PW},
        {"17-character new password", SYSPW, "12345678901234567", "12345678901234567",
         DV_ERR_INVALID, UF_PASSWORD},
        {"empty new password", SYSPW, "", "", DV_ERR_INVALID, UF_PASSWORD},
        {"confirmation differs", SYSPW, "newpw", "newpx", DV_ERR_INVALID, UF_CONFIRM},
    };
    struct dv_actor bobact = admin_actor(bob, "bob");
    struct dv_error err = {0};
    long ops;

    is_int(users_where("account = %Q AND must_change_pw = 1", "sysadm"), 1,
           "own password: the sysadm must change the initial password");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *what = g_strdup_printf("own password: %s", cases[i].what);
        struct snap s = snap_take();

        dv_error_clear(&err);
        refused(
            user_change_own_password(db, &sys, cases[i].old, cases[i].pw, cases[i].confirm, &err),
            &err, cases[i].code, cases[i].field, what);
        snap_same(&s, what);
        g_free(what);
    }
    ok(can_login("sysadm", SYSPW), "own password: refusals keep the old password");

    ops = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(user_change_own_password(db, &sys, SYSPW, "1234567890abcdef", "1234567890abcdef", &err),
       "own password: the sysadm sets a 16-character password (%s)", err.msg);
    logged(ops, AUDIT_MODIFY, "sysadm", "sysadm", "own password of the sysadm");
    ok(can_login("sysadm", "1234567890abcdef") && !can_login("sysadm", SYSPW),
       "own password: the new one logs in, the old does not");
    is_int(users_where("account = %Q AND must_change_pw = 0", "sysadm"), 1,
           "own password: must_change_pw cleared");
    dv_error_clear(&err);
    ok(user_change_own_password(db, &sys, "1234567890abcdef", SYSPW, SYSPW, &err),
       "own password: back to the initial one");

    ops = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(user_change_own_password(db, &bobact, "pw", "新密码", "新密码", &err),
       "own password: a project admin changes its own (%s)", err.msg);
    logged(ops, AUDIT_MODIFY, "bob", "bob", "own password of an admin");
    ok(can_login("bob", "新密码") && !can_login("bob", "pw"),
       "own password: the admin's new password logs in");
}

/* ---------------------------------------------------------------- M5.4.5 */

static void test_set_password(int64_t carol)
{
    static const struct pw_case cases[] = {
        {"wrong sysadm password", "1234567", "carolpw", "carolpw", DV_ERR_DENIED, UF_SYSADM_PW},
        {"empty sysadm password", "", "carolpw", "carolpw", DV_ERR_INVALID, UF_SYSADM_PW},
        {"17-character password", SYSPW, "12345678901234567", "12345678901234567", DV_ERR_INVALID,
         UF_PASSWORD},
        {"confirmation differs", SYSPW, "carolpw", "carolpx", DV_ERR_INVALID, UF_CONFIRM},
    };
    struct dv_actor adm = admin_actor(carol, "carol");
    struct dv_error err = {0};
    struct snap s;
    long ops;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *what = g_strdup_printf("set password: %s", cases[i].what);

        s = snap_take();
        dv_error_clear(&err);
        refused(
            user_set_password(db, &sys, carol, cases[i].old, cases[i].pw, cases[i].confirm, &err),
            &err, cases[i].code, cases[i].field, what);
        snap_same(&s, what);
        g_free(what);
    }
    ok(can_login("carol", "pw"), "set password: refusals keep carol's password");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_password(db, &sys, 1, SYSPW, "x", "x", &err), &err, DV_ERR_DENIED, "",
            "set password: of the sysadm");
    snap_same(&s, "set password: of the sysadm");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_password(db, &adm, carol, SYSPW, "x", "x", &err), &err, DV_ERR_DENIED, "",
            "set password: by a project admin");
    snap_same(&s, "set password: by a project admin");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_password(db, &sys, 9999, SYSPW, "x", "x", &err), &err, DV_ERR_NOTFOUND, "",
            "set password: missing user");
    snap_same(&s, "set password: missing user");

    ops = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(user_set_password(db, &sys, carol, SYSPW, "carolpw", "carolpw", &err),
       "set password: the sysadm sets carol's (%s)", err.msg);
    logged(ops, AUDIT_MODIFY, "sysadm", "carol", "set password");
    ok(can_login("carol", "carolpw") && !can_login("carol", "pw"),
       "set password: the new one logs in, the old does not");
}

/* ---------------------------------------------------------------- M5.4.7a/b */

static void test_freeze(int64_t dave, int64_t eve)
{
    struct dv_actor adm = admin_actor(eve, "eve");
    struct dv_error err = {0};
    struct snap s;
    struct user u;
    long ops = testdb_count(db, "op_log", NULL);
    bool got;

    dv_error_clear(&err);
    ok(user_set_frozen(db, &sys, dave, true, &err), "freeze Dave_X (%s)", err.msg);
    is_int(users_where("account = %Q AND frozen = 1", "Dave_X"), 1, "freeze: stored");
    logged(ops, AUDIT_MODIFY, "sysadm", "Dave_X", "freeze");

    s = snap_take();
    dv_error_clear(&err);
    got = user_login(db, "Dave_X", "pw", "test", &u, &err);
    refused(got, &err, DV_ERR_DENIED, UF_ACCOUNT, "freeze: login of a frozen admin");
    if (got)
        user_clear(&u);
    ok(strstr(err.msg, "frozen") != NULL, "freeze: the message says frozen");
    snap_same(&s, "freeze: login of a frozen admin");

    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_frozen(db, &sys, dave, true, &err), &err, DV_ERR_INFO, "", "freeze: twice");
    snap_same(&s, "freeze: twice");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_frozen(db, &adm, dave, false, &err), &err, DV_ERR_DENIED, "",
            "restore: by a project admin");
    snap_same(&s, "restore: by a project admin");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_frozen(db, &adm, eve, true, &err), &err, DV_ERR_DENIED, "",
            "freeze: an admin freezes itself");
    snap_same(&s, "freeze: an admin freezes itself");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_frozen(db, &sys, 1, true, &err), &err, DV_ERR_DENIED, "",
            "freeze: the sysadm");
    snap_same(&s, "freeze: the sysadm");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_frozen(db, &sys, 9999, true, &err), &err, DV_ERR_NOTFOUND, "",
            "freeze: missing user");
    snap_same(&s, "freeze: missing user");

    ops = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(user_set_frozen(db, &sys, dave, false, &err), "restore Dave_X (%s)", err.msg);
    is_int(users_where("account = %Q AND frozen = 0", "Dave_X"), 1, "restore: stored");
    logged(ops, AUDIT_MODIFY, "sysadm", "Dave_X", "restore");
    ok(can_login("Dave_X", "pw"), "restore: Dave_X logs in again");
    s = snap_take();
    dv_error_clear(&err);
    refused(user_set_frozen(db, &sys, dave, false, &err), &err, DV_ERR_INFO, "",
            "restore: not frozen");
    snap_same(&s, "restore: not frozen");
}

/* ---------------------------------------------------------------- M5.4.6 */

static void test_delete(int64_t eve, int64_t bob)
{
    struct dv_actor adm = admin_actor(bob, "bob");
    struct dv_error err = {0};
    struct user u;
    long ops;
    static const struct {
        const char *what, *pw;
        enum dv_status code;
        const char *field;
    } bad[] = {
        {"wrong sysadm password", "1234567", DV_ERR_DENIED, UF_SYSADM_PW},
        {"empty sysadm password", "", DV_ERR_INVALID, UF_SYSADM_PW},
        {"NULL sysadm password", NULL, DV_ERR_INVALID, UF_SYSADM_PW},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *what = g_strdup_printf("delete: %s", bad[i].what);
        struct snap s = snap_take();

        dv_error_clear(&err);
        refused(user_delete(db, &sys, eve, bad[i].pw, &err), &err, bad[i].code, bad[i].field, what);
        snap_same(&s, what);
        g_free(what);
    }
    {
        struct snap s = snap_take();

        dv_error_clear(&err);
        refused(user_delete(db, &adm, eve, SYSPW, &err), &err, DV_ERR_DENIED, "",
                "delete: by a project admin");
        snap_same(&s, "delete: by a project admin");
        s = snap_take();
        dv_error_clear(&err);
        refused(user_delete(db, &sys, 1, SYSPW, &err), &err, DV_ERR_DENIED, "",
                "delete: the sysadm");
        snap_same(&s, "delete: the sysadm");
        s = snap_take();
        dv_error_clear(&err);
        refused(user_delete(db, &sys, 9999, SYSPW, &err), &err, DV_ERR_NOTFOUND, "",
                "delete: missing user");
        snap_same(&s, "delete: missing user");
    }

    ops = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(user_delete(db, &sys, eve, SYSPW, &err), "delete eve (%s)", err.msg);
    is_int(users_where("account = %Q", "eve"), 0, "delete: the row is gone");
    logged(ops, AUDIT_DELETE, "sysadm", "eve", "delete");
    dv_error_clear(&err);
    ok(!user_get(db, eve, &u, &err) && err.code == DV_ERR_NOTFOUND,
       "delete: user_get gives DV_ERR_NOTFOUND");
    ok(!can_login("eve", "pw"), "delete: eve cannot log in");
}

static void test_get_and_ensure(int64_t bob)
{
    struct dv_error err = {0};
    struct user u;

    ok(user_get(db, bob, &u, &err) && u.id == bob && g_strcmp0(u.account, "bob") == 0 &&
           g_strcmp0(u.name_zh, "李四") == 0 && g_strcmp0(u.project, "") == 0,
       "user_get bob");
    user_clear(&u);
    ok(u.account == NULL && u.id == 0, "user_clear empties the struct");
    ok(user_get(db, 1, &u, &err) && u.sysadm && g_strcmp0(u.account, "sysadm") == 0,
       "user_get the sysadm");
    user_clear(&u);
    ok(user_ensure_sysadm(db, true, &err), "user_ensure_sysadm again");
    is_int(users_where("is_sysadm = 1"), 1, "user_ensure_sysadm adds no second sysadm");
}

/* ---------------------------------------------------------------- fixture */

enum { ALICE, BOB, CAROL, DAVE, EVE, NPEOPLE };
static int64_t ids[NPEOPLE];

/* A fresh database (sysadm must change 123456), with the five admins when asked. */
static bool fresh(struct testdb *t, bool people)
{
    static const char *const who[NPEOPLE][3] = {{"alice", "张三", "alicepw"},
                                                {"bob", "李四", "pw"},
                                                {"carol", "张小明", "pw"},
                                                {"Dave_X", "王五", "pw"},
                                                {"eve", "赵六", "pw"}};
    bool good;

    db = testdb_open(t, true);
    good = db != NULL;
    for (int i = 0; good && people && i < NPEOPLE; i++)
        good = (ids[i] = add(who[i][0], who[i][1], who[i][2])) > 1;
    ok(good, "fixture: a fresh database%s", people ? " with five admins" : "");
    return good;
}

int main(void)
{
    struct testdb t;

    sys = testdb_sysadm();
    if (fresh(&t, false)) {
        test_add();
        test_login();
    }
    testdb_close(&t);
    if (fresh(&t, true)) {
        test_list();
        test_get_and_ensure(ids[BOB]);
        test_update(ids[ALICE], ids[BOB]);
        test_stale(ids[BOB]);
    }
    testdb_close(&t);
    if (fresh(&t, true)) {
        test_own_password(ids[BOB]);
        test_set_password(ids[CAROL]);
        test_freeze(ids[DAVE], ids[EVE]);
        test_delete(ids[EVE], ids[BOB]);
    }
    testdb_close(&t);
    return tap_done();
}
