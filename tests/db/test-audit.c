/* test-audit.c - the operation log, the login log, filters and purging;
 * features: M13.1.1 M13.1.2 M13.1.3 M13.1.4 */
#include "db/audit.h"
#include "admin/user.h"
#include "base/util.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdlib.h>
#include <string.h>

/* 2016-04-15 in UTC: the times of the rows */
#define T1 INT64_C(1460700000) /* 06:00:00 */
#define T2 INT64_C(1460710000) /* 08:46:40 */
#define T3 INT64_C(1460720000) /* 11:33:20 */
#define T4 INT64_C(1460730000) /* 14:20:00 */

static struct db *db;
static struct dv_actor sys;

/* dv_now() answers t from now on */
static void at(int64_t t)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%lld", (long long)t);
    setenv("DOSVM_NOW", buf, 1);
}

/* ids of one page of a log, "|"-joined ("" on failure; g_free it), total in *total */
static char *page_ids(enum audit_log log, const struct audit_filter *f, int64_t offset, int limit,
                      int64_t *total)
{
    struct audit_page p;
    struct dv_error err = {0};
    GString *s = g_string_new("");

    *total = -1;
    if (!audit_list(db, log, f, offset, limit, &p, &err)) {
        printf("# audit_list: %s\n", err.msg);
        return g_string_free(s, FALSE);
    }
    for (int i = 0; i < p.n; i++)
        g_string_append_printf(s, "%s%lld", i ? "|" : "", (long long)p.rows[i].id);
    *total = p.total;
    audit_page_free(&p);
    return g_string_free(s, FALSE);
}

/* The operation rows (ids 1-5):
 *   1 T1 sysadm add    "Add project administrator" alice
 *   2 T2 alice  modify "Change own password"       alice
 *   3 T3 Bob    delete "Delete user"               x
 *   4 T3 sysadm modify "Modify system runtime parameters" ""
 *   5 T4 carol  modify "Change own password"       carol */
static void make_ops(void)
{
    static const struct {
        int64_t t;
        const char *user;
        enum audit_type type;
        const char *action, *object;
    } rows[] = {
        {T1, "sysadm", AUDIT_ADD, "Add project administrator", "alice"},
        {T2, "alice", AUDIT_MODIFY, "Change own password", "alice"},
        {T3, "Bob", AUDIT_DELETE, "Delete user", "x"},
        {T3, "sysadm", AUDIT_MODIFY, "Modify system runtime parameters", ""},
        {T4, "carol", AUDIT_MODIFY, "Change own password", "carol"},
    };
    struct dv_error err = {0};
    bool good = true;

    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        struct dv_actor a = {.user_id = (int64_t)i + 1, .addr = "10.0.0.9"};

        g_strlcpy(a.account, rows[i].user, sizeof(a.account));
        at(rows[i].t);
        good = audit_op(db, &a, rows[i].type, rows[i].action, rows[i].object, &err) && good;
    }
    ok(good, "audit_op writes five rows (%s)", err.msg);
    is_int(testdb_count(db, "op_log", NULL), 5, "five operation rows");
}

static void test_op_rows(void)
{
    struct audit_page p;
    struct dv_error err = {0};
    char *c;

    ok(audit_list(db, AUDIT_LOG_OPS, NULL, 0, 10, &p, &err) && p.n == 5 && p.total == 5,
       "audit_list of every operation");
    if (p.n == 5) {
        const struct audit_row *r = &p.rows[4]; /* the oldest */

        ok(r->id == 1 && r->time == T1 && g_strcmp0(r->user, "sysadm") == 0 &&
               g_strcmp0(r->addr, "10.0.0.9") == 0 && r->type == AUDIT_ADD &&
               g_strcmp0(r->action, "Add project administrator") == 0 &&
               g_strcmp0(r->object, "alice") == 0,
           "a row carries time, user, address, type, action and object");
        c = audit_row_content(AUDIT_LOG_OPS, r);
        is_str(c, "Add project administrator: alice", "content is 'action: object'");
        g_free(c);
        c = audit_row_content(AUDIT_LOG_OPS, &p.rows[1]); /* id 4, no object */
        is_str(c, "Modify system runtime parameters", "content without object is the action");
        g_free(c);
        is_int(p.rows[2].type, AUDIT_DELETE, "the delete row has type 3");
    }
    audit_page_free(&p);
    ok(p.rows == NULL && p.n == 0, "audit_page_free empties the page");
    is_str(audit_type_label(AUDIT_ADD), "Add", "audit_type_label 1");
    is_str(audit_type_label(AUDIT_MODIFY), "Modify", "audit_type_label 2");
    is_str(audit_type_label(AUDIT_DELETE), "Delete", "audit_type_label 3");
    is_str(audit_type_label(7), "?", "audit_type_label of an unknown type");
}

static void test_list_filters(void)
{
    char f2[DV_TIME_LEN], f3[DV_TIME_LEN], f4[DV_TIME_LEN];
    const struct {
        const char *from, *to, *user;
        int64_t offset;
        int limit;
        const char *want;
        int64_t total;
        const char *what;
    } cases[] = {
        {"", "", "", 0, 10, "5|4|3|2|1", 5, "newest first, ties by id"},
        {"", "", "", 1, 2, "4|3", 5, "paging: offset 1, limit 2"},
        {"", "", "", 4, 2, "1", 5, "paging: last page"},
        {"", "", "", 9, 2, "", 5, "paging: past the end"},
        {dv_format_time(T2, f2), dv_format_time(T3, f3), "", 0, 10, "4|3|2", 3,
         "period, both ends inclusive"},
        {f3, f3, "", 0, 10, "4|3", 2, "a one-second period"},
        {"2016-04-15", "2016-04-15 08:00", "", 0, 10, "1", 1, "period of short forms"},
        {dv_format_time(T4 + 1, f4), "2030-01-01", "", 0, 10, "", 0, "period after every row"},
        {"", "", "adm", 0, 10, "4|1", 2, "user substring"},
        {"", "", "bob", 0, 10, "3", 1, "user substring, case-insensitive"},
        {"", "", " alice ", 0, 10, "2", 1, "user substring, trimmed"},
        {"", "", "%", 0, 10, "", 0, "user '%' is literal"},
        {f2, f3, "sysadm", 0, 10, "4", 1, "period and user"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct audit_filter f;
        struct dv_error err = {0};
        int64_t total;
        char *got;

        if (!ok(audit_filter_parse(cases[i].from, cases[i].to, cases[i].user, &f, &err),
                "list: %s: the filter parses (%s)", cases[i].what, err.msg))
            continue;
        got = page_ids(AUDIT_LOG_OPS, &f, cases[i].offset, cases[i].limit, &total);
        is_str(got, cases[i].want, "list: %s", cases[i].what);
        is_int(total, cases[i].total, "list: %s: total", cases[i].what);
        g_free(got);
        audit_filter_free(&f);
    }
}

static void test_filter_parse(void)
{
    static const struct {
        const char *from, *to, *field, *what;
    } bad[] = {
        {"2016-04-15", "", "to", "start only"},
        {"", "2016-04-15", "from", "end only"},
        {"2016-04-15", "   ", "to", "end of blanks"},
        {"yesterday", "2016-04-15", "from", "unreadable start"},
        {"2016-04-15", "2016-02-31", "to", "impossible end"},
        {"2016-04-15 10:00", "2016-04-15 09:59:59", "to", "end before the start"},
    };
    struct audit_filter f;
    struct dv_error err = {0};

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        dv_error_clear(&err);
        memset(&f, 0x5a, sizeof(f));
        ok(!audit_filter_parse(bad[i].from, bad[i].to, "x", &f, &err), "filter: %s refused",
           bad[i].what);
        is_int(err.code, DV_ERR_INVALID, "filter: %s: DV_ERR_INVALID", bad[i].what);
        is_str(err.field, bad[i].field, "filter: %s: on field '%s'", bad[i].what, bad[i].field);
        ok(f.user == NULL && !f.has_period, "filter: %s: nothing to free", bad[i].what);
    }
    ok(audit_filter_parse("  ", "", NULL, &f, &err) && !f.has_period && g_strcmp0(f.user, "") == 0,
       "filter: no period, NULL user");
    audit_filter_free(&f);
    ok(audit_filter_parse("2016-04-15", "2016-04-15 23:47:01", " ad ", &f, &err) && f.has_period &&
           f.from == INT64_C(1460678400) && f.to == INT64_C(1460764021) &&
           g_strcmp0(f.user, "ad") == 0,
       "filter: period and trimmed user");
    audit_filter_free(&f);
    ok(f.user == NULL, "audit_filter_free empties the filter");
}

/* M13.1.2: successful logins, and (issue 8) the failed ones with their result */
static void test_logins(void)
{
    struct dv_error err = {0};
    struct user u;
    struct audit_page p;
    struct audit_filter f;
    int64_t total;
    char *got, *c;

    at(T1);
    ok(audit_login(db, "alice", "10.1.1.1", &err), "audit_login alice at T1");
    at(T3);
    ok(user_login(db, "sysadm", USER_INITIAL_PASSWORD, "10.2.2.2", &u, &err),
       "user_login sysadm at T3");
    user_clear(&u);
    at(T4);
    ok(!user_login(db, "sysadm", "wrong", "10.3.3.3", &u, &err), "a failed login at T4");
    ok(!user_login(db, "nobody", "x", "10.3.3.3", &u, &err), "a login of nobody at T4");
    is_int(testdb_count(db, "login_log", "result = 0"), 2, "two successful logins are logged");
    is_int(testdb_count(db, "login_log", "result IN (1, 2) AND time = 1460730000"), 2,
           "the two failures are logged with their result");
    got = page_ids(AUDIT_LOG_LOGINS, NULL, 0, 10, &total);
    is_str(got, "4|3|2|1", "login log newest first");
    is_int(total, 4, "login log total");
    g_free(got);
    ok(audit_list(db, AUDIT_LOG_LOGINS, NULL, 2, 1, &p, &err) && p.n == 1 && p.rows[0].time == T3 &&
           g_strcmp0(p.rows[0].user, "sysadm") == 0 && g_strcmp0(p.rows[0].addr, "10.2.2.2") == 0,
       "login row: time, user and address");
    c = p.n ? audit_row_content(AUDIT_LOG_LOGINS, &p.rows[0]) : NULL;
    is_str(c, "Login succeeded", "login row content");
    g_free(c);
    audit_page_free(&p);
    ok(audit_list(db, AUDIT_LOG_LOGINS, NULL, 0, 1, &p, &err) && p.n == 1, "the newest row");
    c = p.n ? audit_row_content(AUDIT_LOG_LOGINS, &p.rows[0]) : NULL;
    is_str(c, "Unknown account", "a failed row shows its result");
    g_free(c);
    audit_page_free(&p);
    ok(audit_filter_parse("", "", "ALI", &f, &err), "login filter parses");
    got = page_ids(AUDIT_LOG_LOGINS, &f, 0, 10, &total);
    ok(strcmp(got, "1") == 0 && total == 1, "login log: user filter");
    g_free(got);
    audit_filter_free(&f);
}

/* M13.1.3, M13.1.4 */
static void test_purge(void)
{
    struct dv_actor adm = {.user_id = 2, .account = "alice", .addr = "x", .sysadm = false};
    struct dv_error err = {0};
    struct audit_page p;
    int ops = -1, logins = -1;
    int64_t total;
    char *got, *c;
    long before_ops = testdb_count(db, "op_log", NULL);

    ok(!audit_purge(db, &adm, T4, &ops, &logins, &err) && err.code == DV_ERR_DENIED,
       "a project admin cannot purge");
    is_int(testdb_count(db, "op_log", NULL), before_ops, "  no operation row deleted");
    is_int(testdb_count(db, "log_purge", NULL), 0, "  no purge-history row");

    at(T4 + 100);
    ok(audit_purge(db, &sys, T3, &ops, &logins, &err), "purge before T3 (%s)", err.msg);
    is_int(ops, 2, "purge: two operation rows deleted");
    is_int(logins, 1, "purge: one login row deleted");
    got = page_ids(AUDIT_LOG_OPS, NULL, 0, 10, &total);
    is_str(got, "5|4|3", "purge: rows at or after T3 remain");
    g_free(got);
    is_int(testdb_count(db, "login_log", "time >= 1460720000"), 3,
           "purge: the T3 login and the T4 failures remain");
    is_int(testdb_count(db, "login_log", NULL), 3, "purge: the T1 login is gone");
    is_int(testdb_count(db, "log_purge", NULL), 1, "purge: one purge-history row");
    ok(audit_list(db, AUDIT_LOG_PURGES, NULL, 0, 10, &p, &err) && p.n == 1 && p.total == 1,
       "purge history listed");
    if (p.n == 1) {
        ok(p.rows[0].time == T4 + 100 && p.rows[0].purge_point == T3 &&
               g_strcmp0(p.rows[0].user, "sysadm") == 0 && g_strcmp0(p.rows[0].addr, "test") == 0 &&
               p.rows[0].type == AUDIT_DELETE,
           "purge row: time, purge point, user, address, type delete");
        c = audit_row_content(AUDIT_LOG_PURGES, &p.rows[0]);
        is_str(c, "Purge logs", "purge row content");
        g_free(c);
    }
    audit_page_free(&p);

    at(T4 + 200);
    ok(audit_purge(db, &sys, T1, NULL, NULL, &err), "a purge deleting nothing, NULL counts");
    is_int(testdb_count(db, "log_purge", NULL), 2, "  still records a purge-history row");
    is_int(testdb_count(db, "op_log", NULL), 3, "  and deletes no operation row");
    got = page_ids(AUDIT_LOG_PURGES, NULL, 0, 10, &total);
    is_str(got, "2|1", "purge history newest first");
    g_free(got);
}

/* M13.1.4: the history can be neither deleted nor changed */
static void test_purge_triggers(void)
{
    static const char *const sql[] = {
        "DELETE FROM log_purge",
        "DELETE FROM log_purge WHERE id = 1",
        "UPDATE log_purge SET user = 'nobody'",
        "UPDATE log_purge SET purge_point = 0 WHERE id = 2",
    };
    char *before = testdb_text(db, "SELECT group_concat(id || ',' || time || ',' || user || ','"
                                   " || addr || ',' || purge_point, ';') FROM log_purge");

    for (size_t i = 0; i < G_N_ELEMENTS(sql); i++) {
        char *msg = NULL, *after;
        int rc = sqlite3_exec(db_handle(db), sql[i], NULL, NULL, &msg);

        ok(rc != SQLITE_OK && msg && strstr(msg, "purge history cannot be"), "'%s' is refused (%s)",
           sql[i], msg ? msg : "no error");
        sqlite3_free(msg);
        after = testdb_text(db, "SELECT group_concat(id || ',' || time || ',' || user || ','"
                                " || addr || ',' || purge_point, ';') FROM log_purge");
        ok(before && g_strcmp0(before, after) == 0, "  the purge history is unchanged");
        g_free(after);
    }
    g_free(before);
    is_int(testdb_count(db, "log_purge", NULL), 2, "both purge rows remain");
}

/* M13.1.1 through the core: a user operation appears in the list */
static void test_core_rows(void)
{
    struct user_info in = {.name_zh = "张三", .account = "zhang"};
    struct dv_error err = {0};
    struct audit_page p;
    char *c = NULL;

    at(T4 + 300);
    ok(user_add(db, &sys, &in, USER_INITIAL_PASSWORD, "pw", "pw", NULL, &err),
       "user_add through the core (%s)", err.msg);
    ok(audit_list(db, AUDIT_LOG_OPS, NULL, 0, 1, &p, &err) && p.n == 1, "newest operation");
    if (p.n == 1) {
        c = audit_row_content(AUDIT_LOG_OPS, &p.rows[0]);
        ok(p.rows[0].time == T4 + 300 && p.rows[0].type == AUDIT_ADD &&
               g_strcmp0(p.rows[0].user, "sysadm") == 0 && g_strcmp0(p.rows[0].addr, "test") == 0,
           "the add is logged at its time, by its user and address, type add");
    }
    is_str(c, "Add project administrator: zhang", "its content names the account");
    g_free(c);
    audit_page_free(&p);
}

int main(void)
{
    struct testdb t;

    setenv("TZ", "UTC", 1);
    tzset();
    sys = testdb_sysadm();
    at(T1 - 1000);
    db = testdb_open(&t, false);
    ok(db != NULL, "a fresh database");
    if (db) {
        make_ops();
        test_op_rows();
        test_list_filters();
        test_filter_parse();
        test_logins();
        test_purge();
        test_purge_triggers();
        test_core_rows();
    }
    testdb_close(&t);
    unsetenv("DOSVM_NOW");
    return tap_done();
}
