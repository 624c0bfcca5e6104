/* test-race.c - storage operations of two consoles at once: every capacity,
 * quota and uniqueness check runs inside the operation's BEGIN IMMEDIATE
 * transaction (issue 7), and an edit of a record changed since its form read
 * it is refused (spec P2/OP-6).
 *
 * Each console is a connection of its own to one database file.  To make the
 * race deterministic, a third connection holds BEGIN IMMEDIATE while two
 * threads each start a volume create on their own connection; the threads
 * have read everything they can read without the lock when the holder rolls
 * back after 300 ms.  Two creates asking for the last unit of a project's
 * disk quota, and of a pool's logical capacity, cannot both succeed: with the
 * checks made before the transaction (the order of old) both would.
 * features: M9.4.3 M9.4.4 M9.4.5 M9.3.3 M8.2c P1/OP-9 P1/OP-34 P2/OP-6 */
#include "db/audit.h"
#include "hosts/host.h"
#include "virt/hostconn.h"
#include "storage/pool.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "lib/teststore.h"
#include "admin/user.h"
#include "storage/secret.h"
#include "storage/volume.h"

#include <stdlib.h>
#include <string.h>

static struct db *db;
static char *db_file;
static struct dv_actor sys;
static struct dv_actor admin = {.account = "wu", .addr = "test"};
static int64_t host, project;
static char *base;

static const char *const snap_tables[] = {"pool", "pool_project", "volume", "secret"};

#include "lib/testcheck.h"

#define HOLD_MS 300

/* A project with a disk quota of 100 MB, managed by admin. */
static void setup_project(void)
{
    char *dir = g_build_filename(base, "group", NULL);
    struct project_quota quota = {.max = {5, 8, 8192, 100, 0, 0, 5}};
    int64_t group = 0;

    teststore_project(db, &sys, dir, "竞争", &quota, "wu", "吴", &group, &project, &admin);
    g_free(dir);
}

/* A shared directory pool of capacity_mb on the test host, used by the project. */
static int64_t add_pool(const char *name, int64_t capacity_mb)
{
    struct dv_error err = {0};
    char *target = g_strdup_printf("/dpfs/%s", name);
    struct pool_spec s = {.name = name,
                          .type = POOL_DOSDIR,
                          .capacity_mb = capacity_mb,
                          .target_path = target,
                          .projects = &project,
                          .nprojects = 1};
    int64_t id = 0;

    ok(pool_add(db, &sys, &s, &id, &err), "the pool %s of %lld MB (%s)", name,
       (long long)capacity_mb, err.msg);
    g_free(target);
    return id;
}

/* One racing create: its own connection, its own result. */
struct racer {
    const struct dv_actor *actor;
    struct volume_spec spec;
    bool ok;
    struct dv_error err;
};

static gpointer race_thread(gpointer data)
{
    struct racer *r = data;
    struct dv_error err = {0};
    struct db *mine = db_open(db_file, &err);

    if (!mine) {
        r->err = err;
        return NULL;
    }
    r->ok = volume_create(mine, r->actor, &r->spec, NULL, &r->err);
    db_close(mine);
    return NULL;
}

/* Two creates of 60 MiB racing in pool for what is left of 100 MB: while a
 * third connection holds the write lock, both threads start; then it lets
 * go.  Exactly one may succeed; the other is refused for the limit. */
static void race(const char *what, const struct dv_actor *actor, int64_t pool)
{
    struct dv_error err = {0};
    struct racer r[2] = {
        {.actor = actor,
         .spec = {.pool_id = pool,
                  .name_zh = "甲盘",
                  .name_en = "race-a",
                  .capacity = 60 * VOLUME_MB,
                  .format = "raw"}},
        {.actor = actor,
         .spec = {.pool_id = pool,
                  .name_zh = "乙盘",
                  .name_en = "race-b",
                  .capacity = 60 * VOLUME_MB,
                  .format = "raw"}},
    };
    struct db *holder = db_open(db_file, &err);
    GThread *t[2];
    int won = 0;

    ok(holder && db_begin(holder, &err), "%s: a third connection holds BEGIN IMMEDIATE (%s)", what,
       err.msg);
    for (int i = 0; i < 2; i++)
        t[i] = g_thread_new("race", race_thread, &r[i]);
    g_usleep(HOLD_MS * 1000);
    is_int(count_where("volume", "pool_id = %lld", (long long)pool), 0,
           "%s: nothing is written while the lock is held", what);
    db_rollback(holder);
    for (int i = 0; i < 2; i++)
        g_thread_join(t[i]);
    db_close(holder);
    for (int i = 0; i < 2; i++) {
        if (r[i].ok)
            won++;
        else
            printf("# %s: %s refused: %s\n", what, r[i].spec.name_en, r[i].err.msg);
    }
    is_int(won, 1, "%s: exactly one of the two creates succeeds", what);
    ok(r[0].ok || r[0].err.code == DV_ERR_DENIED, "%s: the first is made or refused (denied)",
       what);
    ok(r[1].ok || r[1].err.code == DV_ERR_DENIED, "%s: the second is made or refused (denied)",
       what);
    is_int(count_where("volume", "pool_id = %lld AND present = 1", (long long)pool), 1,
           "%s: one volume record", what);
    is_int(count_where("volume", "pool_id = %lld AND present = 0", (long long)pool), 0,
           "%s: no reservation is left behind", what);
}

static void test_quota_race(void)
{
    int64_t pool = add_pool("race-quota", 100000);

    race("the project's disk quota", &admin, pool);
    is_int(count_where("volume", "project_id = %lld", (long long)project), 1,
           "the quota race: the project holds one volume");
}

static void test_capacity_race(void)
{
    int64_t pool = add_pool("race-capacity", 100);

    race("the pool's capacity", &sys, pool);
}

/* ---------------------------------------------------------------- stale edits */

/* A second console reads a volume and a pool, the first changes them; the
 * second console's edits, made with what it read, are refused. */
static void test_stale(void)
{
    struct dv_error err = {0};
    struct db *other = db_open(db_file, &err);
    int64_t pool = add_pool("stale-pool", 1000), vid = 0;
    struct volume_spec vs = {.pool_id = pool,
                             .name_zh = "旧名",
                             .name_en = "stale.raw",
                             .capacity = 10 * VOLUME_MB,
                             .format = "raw"};
    struct volume v = {0}, now = {0};
    struct pool p = {0};
    struct snap s;

    ok(other != NULL, "a second connection (%s)", err.msg);
    ok(volume_create(db, &sys, &vs, &vid, &err), "a volume to edit (%s)", err.msg);
    ok(other && volume_get(other, vid, &v, &err), "the second console reads the volume");
    ok(other && pool_get(other, pool, &p, &err), "the second console reads the pool");

    /* the first console changes both */
    ok(volume_modify(db, &sys, vid,
                     &(struct volume_spec){
                         .name_zh = "新名", .description = "第一", .version = v.row_version},
                     &err),
       "the first console modifies the volume at the version read (%s)", err.msg);
    ok(pool_modify(db, &sys, pool,
                   &(struct pool_spec){.description = "第一", .version = p.row_version}, &err),
       "the first console modifies the pool at the version read (%s)", err.msg);
    ok(volume_get(db, vid, &now, &err) && now.row_version == v.row_version + 1,
       "the volume's row version went up");
    volume_clear(&now);

    /* the second console's edits with the old versions */
    s = snap_take();
    dv_error_clear(&err);
    refused(volume_modify(other, &sys, vid,
                          &(struct volume_spec){
                              .name_zh = "另名", .description = "第二", .version = v.row_version},
                          &err),
            &err, DV_ERR_STALE, "", "a stale volume edit");
    dv_error_clear(&err);
    refused(volume_extend(other, &sys, vid,
                          &(struct volume_spec){.extend_mb = 20, .version = v.row_version}, &err),
            &err, DV_ERR_STALE, "", "a stale volume extension");
    dv_error_clear(&err);
    refused(pool_modify(other, &sys, pool,
                        &(struct pool_spec){.description = "第二", .version = p.row_version}, &err),
            &err, DV_ERR_STALE, "", "a stale pool edit");
    snap_same(&s, "stale edits");
    is_int(count_where("volume", "id = %lld AND name_zh = '新名' AND description = '第一'",
                       (long long)vid),
           1, "the first console's volume edit stands");
    is_int(count_where("pool", "id = %lld AND description = '第一'", (long long)pool), 1,
           "the first console's pool edit stands");

    /* read again, the edit goes through */
    volume_clear(&v);
    ok(volume_get(other, vid, &v, &err) &&
           volume_modify(other, &sys, vid,
                         &(struct volume_spec){.name_zh = "另名", .version = v.row_version}, &err),
       "read again, the second console's edit is saved (%s)", err.msg);
    dv_error_clear(&err);
    refused(
        volume_modify(db, &sys, 9999, &(struct volume_spec){.name_zh = "无", .version = 1}, &err),
        &err, DV_ERR_NOTFOUND, "", "an edit of a volume that is gone");
    volume_clear(&v);
    pool_clear(&p);
    db_close(other);
}

/* The same for a security object (M8.2c). */
static void test_stale_secret(void)
{
    struct dv_error err = {0};
    struct secret_spec add = {.name_zh = "竞争密码",
                              .name_en = "race-pw",
                              .usage_type = "iscsi",
                              .usage_id = "iqn.race/t1",
                              .value = "pw1"};
    struct secret read = {0};
    int64_t id = 0;
    struct snap s;
    long before;

    ok(secret_add(db, &sys, &add, &id, &err), "a security object to edit (%s)", err.msg);
    ok(secret_get(db, id, &read, &err), "a form reads it");
    before = ops();
    ok(secret_modify(db, &sys, id,
                     &(struct secret_spec){.name_zh = "新名",
                                           .name_en = "race-pw",
                                           .usage_id = "iqn.race/t1",
                                           .version = read.row_version},
                     &err),
       "an edit at the version read is saved (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify security object", "race-pw", "the edit");
    s = snap_take();
    dv_error_clear(&err);
    refused(secret_modify(db, &sys, id,
                          &(struct secret_spec){.name_zh = "另名",
                                                .name_en = "race-pw",
                                                .usage_id = "iqn.race/t1",
                                                .value = "pw2",
                                                .version = read.row_version},
                          &err),
            &err, DV_ERR_STALE, "", "a stale security object edit");
    snap_same(&s, "a stale security object edit");
    secret_clear(&read);
}

int main(void)
{
    struct testdb t;

    virt_init();
    sys = testdb_sysadm();
    base = g_dir_make_tmp("dosvm-race-XXXXXX", NULL);
    if (!testdb_open(&t, false))
        return 1;
    db = t.db;
    db_file = t.path;
    host = testhost_add(db, &sys, "race-host", "host1.xml");
    setup_project();
    test_quota_race();
    test_capacity_race();
    test_stale();
    test_stale_secret();
    hostconn_close_all();
    testdb_close(&t);
    rm_tree(base);
    g_free(base);
    return tap_done();
}
