/* test-race.c - two consoles (two connections to one database file) racing
 * for the last unit of a project write: each check runs inside the
 * operation's BEGIN IMMEDIATE transaction, so exactly one of them wins.
 *
 * The race is made deterministic: a third connection holds BEGIN IMMEDIATE
 * while two threads, each on its own connection, start the operation; both
 * have done everything they do before their transaction and wait for the
 * lock; after 300 ms the holder rolls back and they run one after the other.
 * A check made before db_begin would let both pass.
 *
 * The contested units: the quota record of a project, edited by two consoles
 * that both read row version v (spec P2/OP-6: only one edit may be based on
 * v), and the last project admin that manages no project (an admin manages
 * at most one project, M7.2.1.3b).  Also: a stale basic-information edit is
 * refused and writes nothing, and a project-group write that fails takes
 * back the directory it made.
 * features: M7.2.1.3a M7.2.1.3b M7.2.1.2 M7.2.2.3 P2/OP-6 */
#include "db/audit.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "admin/user.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <string.h>

static struct dv_actor sys;

enum race_op { RACE_QUOTA, RACE_ADMINS };

struct racer {
    struct db *db; /* its own connection */
    enum race_op op;
    int64_t project;
    struct project_quota quota; /* RACE_QUOTA */
    int64_t user;               /* RACE_ADMINS */
    bool ok;
    struct dv_error err;
};

static gpointer run_racer(gpointer data)
{
    struct racer *r = data;

    if (r->op == RACE_QUOTA)
        r->ok = project_set_quota(r->db, &sys, r->project, &r->quota, &r->err);
    else
        r->ok = project_set_admins(r->db, &sys, r->project, &r->user, 1, &r->err);
    return NULL;
}

/* Run both racers while a third connection holds the write lock for 300 ms. */
static bool race(const char *path, struct racer *a, struct racer *b)
{
    struct dv_error err = {0};
    struct db *holder = db_open(path, &err);
    GThread *ta, *tb;

    if (!holder || !db_begin(holder, &err)) {
        printf("# holder: %s\n", err.msg);
        db_close(holder);
        return false;
    }
    ta = g_thread_new("racer-a", run_racer, a);
    tb = g_thread_new("racer-b", run_racer, b);
    g_usleep(300 * 1000);
    db_rollback(holder);
    g_thread_join(ta);
    g_thread_join(tb);
    db_close(holder);
    return true;
}

static struct racer *winner(struct racer *a, struct racer *b)
{
    return a->ok ? a : b;
}

static void test_quota_race(struct db *db, const char *path, int64_t project)
{
    struct dv_error err = {0};
    struct project p;
    struct racer a = {.op = RACE_QUOTA, .project = project};
    struct racer b = {.op = RACE_QUOTA, .project = project};
    long before = testdb_count(db, "op_log", "action = 'Modify project quota'");

    ok(project_get(db, project, &p, &err), "quota race: both consoles read the project (%s)",
       err.msg);
    a.db = db_open(path, &err);
    b.db = db_open(path, &err);
    ok(a.db && b.db, "quota race: two more connections to one file");
    for (int q = 0; q < QUOTA_COUNT; q++) {
        a.quota.max[q] = 10 + q;
        b.quota.max[q] = 20 + q;
    }
    a.quota.version = b.quota.version = p.version;
    ok(race(path, &a, &b), "quota race: run while a third connection holds the lock");
    is_int(a.ok + b.ok, 1, "quota race: exactly one of the two quota edits succeeds");
    if (a.ok + b.ok == 1) {
        struct racer *w = winner(&a, &b), *l = w == &a ? &b : &a;
        struct project got;

        is_int(l->err.code, DV_ERR_STALE, "quota race: the other is refused as stale (%s)",
               l->err.msg);
        ok(project_get(db, project, &got, &err), "quota race: read back");
        is_int(got.quota[QUOTA_VCPUS], w->quota.max[QUOTA_VCPUS],
               "quota race: the stored quota is the winner's");
        is_int(got.version, p.version + 1, "quota race: the row version went up once");
        project_clear(&got);
    }
    is_int(testdb_count(db, "op_log", "action = 'Modify project quota'"), before + 1,
           "quota race: one operation-log row");
    project_clear(&p);
    db_close(a.db);
    db_close(b.db);
}

static void test_admin_race(struct db *db, const char *path, int64_t p1, int64_t p2, int64_t user)
{
    struct dv_error err = {0};
    struct racer a = {.op = RACE_ADMINS, .project = p1, .user = user};
    struct racer b = {.op = RACE_ADMINS, .project = p2, .user = user};
    char *where;

    a.db = db_open(path, &err);
    b.db = db_open(path, &err);
    ok(a.db && b.db, "admin race: two more connections to one file");
    ok(race(path, &a, &b), "admin race: run while a third connection holds the lock");
    is_int(a.ok + b.ok, 1, "admin race: only one project gets the last free admin");
    if (a.ok + b.ok == 1) {
        struct racer *w = winner(&a, &b), *l = w == &a ? &b : &a;

        is_int(l->err.code, DV_ERR_INVALID, "admin race: the other is refused (%s)", l->err.msg);
        where = g_strdup_printf("id = %lld AND project_id = %lld", (long long)user,
                                (long long)w->project);
        is_int(testdb_count(db, "user", where), 1, "admin race: the admin manages the winner's");
        g_free(where);
    }
    db_close(a.db);
    db_close(b.db);
}

static void test_stale_update(struct db *db, int64_t project)
{
    struct dv_error err = {0};
    struct project p;
    struct project_spec first, second;
    struct project_quota q = {.max = {1, 1, 1, 1, 1, 1, 1}};
    long logs;
    char *where;

    ok(project_get(db, project, &p, &err), "stale: read the project (%s)", err.msg);
    first = (struct project_spec){.name = "先改", .description = "a", .version = p.version};
    second = (struct project_spec){.name = "后改", .description = "b", .version = p.version};
    ok(project_update(db, &sys, project, &first, &err), "stale: the first edit saves (%s)",
       err.msg);
    logs = testdb_count(db, "op_log", NULL);
    dv_error_clear(&err);
    ok(!project_update(db, &sys, project, &second, &err) && err.code == DV_ERR_STALE,
       "stale: an edit based on the old version is refused as stale (%s)", err.msg);
    where = g_strdup_printf("id = %lld AND name = '先改' AND row_version = %lld",
                            (long long)project, (long long)p.version + 1);
    is_int(testdb_count(db, "project", where), 1, "stale: nothing of the stale edit is written");
    is_int(testdb_count(db, "op_log", NULL), logs, "stale: no operation-log row");
    q.version = p.version;
    dv_error_clear(&err);
    ok(!project_set_quota(db, &sys, project, &q, &err) && err.code == DV_ERR_STALE,
       "stale: a quota edit based on the old version is refused (%s)", err.msg);
    is_int(testdb_count(db, "project", where), 1, "stale: the quota edit wrote nothing");
    g_free(where);
    dv_error_clear(&err);
    q.version = 0;
    ok(project_set_quota(db, &sys, project, &q, &err),
       "stale: version 0 (a caller without a form) is not compared (%s)", err.msg);
    project_clear(&p);
}

static void test_stale_group(struct db *db, int64_t group, const char *dir)
{
    struct dv_error err = {0};
    struct projgroup g;
    struct projgroup_spec spec = {.file_dir = dir, .description = ""};
    long logs;
    char *where;

    ok(projgroup_get(db, group, &g, &err), "stale group: both dialogs read it (%s)", err.msg);
    spec.name = "组甲";
    spec.version = g.version;
    ok(projgroup_update(db, &sys, group, &spec, &err), "stale group: the first save (%s)", err.msg);
    logs = testdb_count(db, "op_log", NULL);
    spec.name = "组乙";
    dv_error_clear(&err);
    ok(!projgroup_update(db, &sys, group, &spec, &err) && err.code == DV_ERR_STALE,
       "stale group: the second save is refused as stale (%s)", err.msg);
    where = g_strdup_printf("id = %lld AND name = '组甲' AND row_version = %lld", (long long)group,
                            (long long)g.version + 1);
    is_int(testdb_count(db, "project_group", where), 1, "stale group: nothing written");
    is_int(testdb_count(db, "op_log", NULL), logs, "stale group: no operation-log row");
    g_free(where);
    projgroup_clear(&g);
}

/* Issue 7 point 8: a project-group write whose database step fails leaves no
 * directory it made (a trigger makes the INSERT fail after make_dir). */
static void test_failed_add_leaves_no_dir(struct db *db, const char *base)
{
    struct dv_error err = {0};
    char *dir = g_build_filename(base, "never", NULL);
    long groups = testdb_count(db, "project_group", NULL);

    ok(db_do(db,
             "CREATE TEMP TRIGGER no_group BEFORE INSERT ON project_group "
             "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END",
             DB_NOARGS, &err),
       "dir: a trigger refuses every new project group (%s)", err.msg);
    ok(!projgroup_add(db, &sys, "无组", dir, "", NULL, &err) && err.code == DV_ERR_DB,
       "dir: the add fails in its database step (%s)", err.msg);
    ok(!g_file_test(dir, G_FILE_TEST_EXISTS), "dir: the directory it made is gone again");
    is_int(testdb_count(db, "project_group", NULL), groups, "dir: no record");
    dv_error_clear(&err);
    ok(db_do(db, "DROP TRIGGER no_group", DB_NOARGS, &err), "dir: the trigger goes (%s)", err.msg);
    g_free(dir);
}

int main(void)
{
    struct testdb t;
    struct dv_error err = {0};
    struct user_info u = {.name_zh = "赵", .account = "zhao"};
    char *dir;
    int64_t group = 0, p1 = 0, p2 = 0, user = 0;

    if (!testdb_open(&t, false))
        return 1;
    sys = testdb_sysadm();
    dir = g_build_filename(t.dir, "group", NULL);
    ok(projgroup_add(t.db, &sys, "组", dir, "", &group, &err) &&
           project_add(t.db, &sys, group, "项目一", "", &p1, &err) &&
           project_add(t.db, &sys, group, "项目二", "", &p2, &err) &&
           user_add(t.db, &sys, &u, USER_INITIAL_PASSWORD, "pw", "pw", &user, &err),
       "fixture: a group, two projects, one free admin (%s)", err.msg);
    test_quota_race(t.db, t.path, p1);
    test_admin_race(t.db, t.path, p1, p2, user);
    test_stale_update(t.db, p2);
    test_stale_group(t.db, group, dir);
    test_failed_add_leaves_no_dir(t.db, t.dir);
    g_free(dir);
    testdb_close(&t);
    return tap_done();
}
