/* test-storage-real.c - pools and volumes on a REAL libvirtd (qemu:///system)
 * with real qcow2 files in a temporary shared directory pool: create; extend
 * (the file really grows); an overlay snapshot (its backing chain shows in
 * qemu-img info); merge (no backing file, the same content as the snapshot);
 * delete (the file is gone); refresh after a file is removed outside (不存在)
 * and after one is added; the pool undefined on delete, its directory kept.
 * Run by tests/svc-storage-libvirt.sh with DOSVM_REAL_LIBVIRT=1; skipped
 * otherwise.
 * features: M9.3.2.1 M9.3.4 M9.4.3 M9.4.4 M9.4.6 M9.4.7 M9.4.8.2 M9.4.8.4 M9.4.8.5 */
#include "hosts/host.h"
#include "virt/hostconn.h"
#include "admin/param.h"
#include "storage/pool.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "virt/virtstore.h"
#include "storage/volume.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct db *db;
static struct dv_actor sys;

/* Run argv; its stdout (g_free), or NULL when it failed. */
static char *run(const char *const *argv, int *status)
{
    char *out = NULL, *errs = NULL;
    GError *e = NULL;
    int st = -1;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errs,
                      &st, &e)) {
        printf("# %s: %s\n", argv[0], e->message);
        g_error_free(e);
    } else if (st != 0) {
        printf("# %s %s: %s", argv[0], argv[1], errs ? errs : "");
    }
    g_free(errs);
    if (status)
        *status = st;
    return out;
}

static char *img_info(const char *path)
{
    const char *argv[] = {"qemu-img", "info", "-U", path, NULL};

    return run(argv, NULL);
}

static bool qemu_write(const char *path, const char *fmt, const char *cmd)
{
    const char *argv[] = {"qemu-io", "-f", fmt, "-c", cmd, path, NULL};
    int st = -1;
    char *out = run(argv, &st);

    g_free(out);
    return st == 0;
}

static int64_t id_of(const char *name_en)
{
    char *sql = sqlite3_mprintf("SELECT id FROM volume WHERE name_en = %Q", name_en);
    char *v = testdb_text(db, sql);
    int64_t id = v ? atoll(v) : 0;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

static long count(const char *table, const char *where)
{
    return testdb_count(db, table, where);
}

static int64_t file_size(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 ? (int64_t)st.st_size : -1;
}

int main(void)
{
    const char *real = getenv("DOSVM_REAL_LIBVIRT");
    struct dv_error err = {0};
    struct testdb t;
    struct volume_spec in = {.name_zh = "基础盘",
                             .name_en = "base",
                             .capacity = 64 * VOLUME_MB,
                             .format = "qcow2",
                             .mode = "0600"};
    struct volume_spec raw = {
        .name_zh = "裸盘", .name_en = "grow.raw", .capacity = 32 * VOLUME_MB, .format = "raw"};
    struct volume_refresh sum;
    struct volume_merge *m;
    struct pool_spec pin = {.name = NULL, .type = POOL_DOSDIR, .capacity_mb = 100000};
    char *root, *target, *base, *snap, *merged, *grow, *info, *name, *outside;
    int64_t host = 0, pool = 0, snap_id = 0, merged_id = 0;
    double fraction = 0;

    if (!real || strcmp(real, "1") != 0) {
        printf("1..0 # SKIP needs a real libvirtd (run by svc-storage-libvirt.sh)\n");
        return 0;
    }
    sys = testdb_sysadm();
    if (!ok(testdb_open(&t, false) != NULL, "a fresh database"))
        return tap_done();
    db = t.db;
    root = g_build_filename(t.dir, "dpfs", NULL);
    g_mkdir(root, 0755);
    name = g_strdup_printf("dosvm-test-%ld", (long)getpid());
    target = g_build_filename(root, name, NULL);
    base = g_build_filename(target, "base", NULL);
    snap = g_build_filename(target, "base-s1", NULL);
    merged = g_build_filename(target, "merged", NULL);
    grow = g_build_filename(target, "grow.raw", NULL);
    outside = g_build_filename(target, "outside.img", NULL);
    ok(setting_put(db, "shared_fs_root", root, &err), "the shared root is a temporary directory");
    ok(host_add(db, &sys, "real", "qemu:///system", &host, &err), "the real host (%s)", err.msg);

    /* the pool: defined, built (its directory made) and started */
    pin.name = name;
    pin.target_path = target;
    ok(pool_add(db, &sys, &pin, &pool, &err), "a shared directory pool (%s)", err.msg);
    ok(g_file_test(target, G_FILE_TEST_IS_DIR), "its directory was built on the host");

    /* create */
    in.pool_id = raw.pool_id = pool;
    ok(volume_create(db, &sys, &in, NULL, &err), "a qcow2 volume is created (%s)", err.msg);
    ok(g_file_test(base, G_FILE_TEST_EXISTS), "its file exists");
    info = img_info(base);
    ok(info && strstr(info, "file format: qcow2") && strstr(info, "67108864 bytes"),
       "qemu-img sees a 64 MiB qcow2 file");
    g_free(info);
    ok(qemu_write(base, "qcow2", "write -P 0x5a 0 1M"), "data is written into the volume");

    /* extend: a raw file really grows */
    ok(volume_create(db, &sys, &raw, NULL, &err), "a raw volume (%s)", err.msg);
    is_int(file_size(grow), 32 * VOLUME_MB, "the raw file is 32 MiB");
    ok(volume_extend(db, &sys, id_of("grow.raw"), &(struct volume_spec){.extend_mb = 20}, &err),
       "it is extended by 20 MB (%s)", err.msg);
    is_int(file_size(grow), 52 * VOLUME_MB, "the file really grew to 52 MiB");
    is_int(count("volume", "name_en = 'grow.raw' AND capacity = 52 * 1048576"), 1,
           "the record holds the new capacity");

    /* an incremental snapshot: a qcow2 overlay backed by the volume */
    ok(volume_snapshot(db, &sys, id_of("base"), "快照", "base-s1", &snap_id, &err),
       "an incremental snapshot (%s)", err.msg);
    info = img_info(snap);
    ok(info && strstr(info, "backing file: ") && strstr(info, base),
       "qemu-img shows the volume as its backing file");
    g_free(info);
    ok(qemu_write(snap, "qcow2", "write -P 0xa5 2M 1M"), "data is written into the snapshot");

    /* merge: a standalone copy of the chain */
    m = volume_merge_start(db, &sys, snap_id, "merged", &err);
    ok(m != NULL, "the merge starts (%s)", err.msg);
    while (m && !volume_merge_poll(m, &fraction))
        g_usleep(20000);
    ok(m && volume_merge_finish(db, &sys, m, &merged_id, &err), "the merge finishes (%s)",
       err.msg);
    info = img_info(merged);
    ok(info && !strstr(info, "backing file"), "the merged file has no backing file");
    g_free(info);
    {
        const char *argv[] = {"qemu-img", "compare", "-U", snap, merged, NULL};
        int st = -1;
        char *out = run(argv, &st);

        is_int(st, 0, "the merged volume has the snapshot's content (qemu-img compare)");
        g_free(out);
    }
    ok(qemu_write(merged, "qcow2", "read -P 0x5a 0 1M") &&
           qemu_write(merged, "qcow2", "read -P 0xa5 2M 1M"),
       "it holds both the volume's and the snapshot's data");

    /* delete: refused for a base, then the files go */
    ok(!volume_delete(db, &sys, id_of("base"), &err), "the snapshot's base cannot be deleted");
    ok(g_file_test(base, G_FILE_TEST_EXISTS), "its file stays");
    ok(volume_delete(db, &sys, snap_id, &err), "the snapshot is deleted (%s)", err.msg);
    ok(!g_file_test(snap, G_FILE_TEST_EXISTS), "its file is gone");
    ok(volume_delete(db, &sys, id_of("base"), &err), "then the volume (%s)", err.msg);
    ok(!g_file_test(base, G_FILE_TEST_EXISTS), "its file is gone");

    /* refresh after changes made outside dosvm */
    ok(g_remove(grow) == 0, "a volume's file is removed outside");
    {
        const char *argv[] = {"qemu-img", "create", "-q", "-f", "raw", outside, "1M", NULL};
        int st = -1;

        g_free(run(argv, &st));
        is_int(st, 0, "another file is made outside");
    }
    ok(volume_refresh(db, &sys, pool, &sum, &err), "the pool is refreshed (%s)", err.msg);
    is_int(sum.missing, 1, "one volume is missing");
    is_int(sum.added, 1, "one is added");
    is_int(count("volume", "name_en = 'grow.raw' AND present = 0"), 1, "the removed one is 不存在");
    is_int(count("volume", "name_en = 'outside.img' AND present = 1 AND name_zh LIKE "
                           "'outside.img-%-%-%-%-%'"),
           1, "the new one is named 'file name-pool UUID'");

    /* the delete order (volume.h): when the host cannot delete the file, the
     * record comes back; libvirt cannot remove a directory that holds a file */
    {
        char *dir = g_build_filename(target, "keep.d", NULL);
        char *inner = g_build_filename(dir, "data", NULL);
        char *where = NULL;
        long before;
        int64_t kid;

        ok(g_mkdir(dir, 0755) == 0 && g_file_set_contents(inner, "x", 1, NULL),
           "a directory holding a file is made outside");
        ok(volume_refresh(db, &sys, pool, &sum, &err) && sum.added == 1,
           "the refresh adds it as a volume (%s)", err.msg);
        kid = id_of("keep.d");
        before = count("op_log", "1");
        ok(kid > 0 && !volume_delete(db, &sys, kid, &err), "its delete fails on the host (%s)",
           err.msg);
        where = g_strdup_printf("id = %lld AND name_en = 'keep.d' AND present = 1", (long long)kid);
        is_int(count("volume", where), 1, "its record is back, with its id");
        is_int(count("op_log", "1"), before + 2, "the log has the delete and the restoration");
        is_int(count("op_log", "id = (SELECT max(id) FROM op_log) AND "
                               "action = 'Restore volume record' AND object = 'keep.d'"),
               1, "the last row says the record was restored");
        ok(g_file_test(inner, G_FILE_TEST_EXISTS), "the directory and its file stay");
        g_remove(inner);
        g_rmdir(dir);
        g_free(where);
        g_free(inner);
        g_free(dir);
        dv_error_clear(&err);
    }

    /* delete the pool: undefined, the directory kept */
    sqlite3_exec(db_handle(db), "DELETE FROM volume", NULL, NULL, NULL);
    {
        char *warning = NULL;
        struct pool p;
        char *uuid = NULL;
        struct virt_conn *c = hostconn_get(db, host, &err);

        if (pool_get(db, pool, &p, &err)) {
            uuid = g_strdup(p.uuid);
            pool_clear(&p);
        }
        ok(pool_delete(db, &sys, pool, &warning, &err) && !warning, "the pool is deleted (%s)",
           err.msg);
        ok(c && uuid && !virt_pool_xml(c, uuid, &err), "libvirt no longer knows it");
        ok(g_file_test(target, G_FILE_TEST_IS_DIR), "its directory and data stay");
        g_free(uuid);
        g_free(warning);
    }
    g_remove(outside);
    g_remove(merged);
    g_rmdir(target);
    g_rmdir(root);
    hostconn_close_all();
    testdb_close(&t);
    g_free(root);
    g_free(target);
    g_free(base);
    g_free(snap);
    g_free(merged);
    g_free(grow);
    g_free(outside);
    g_free(name);
    return tap_done();
}
