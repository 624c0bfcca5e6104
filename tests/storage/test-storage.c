/* test-storage.c - storage pools (src/pool.h) and volumes with incremental
 * snapshots (src/volume.h) on libvirt's test driver (pools and volumes in
 * memory, kept by the cached connection) and a real temporary database.
 * The test driver cannot resize volumes: the extend that reaches it reports
 * that; tests/svc-storage-libvirt.sh extends real files.
 * features: M9.2 M9.3.1 M9.3.2 M9.3.2.1 M9.3.2.2 M9.3.2.3 M9.3.2.4 M9.3.2.5 M9.3.2.6
 * features: M9.3.3 M9.3.4 M9.3.5 M9.3.6 M9.4.1 M9.4.2 M9.4.3 M9.4.4 M9.4.5 M9.4.6 M9.4.7
 * features: M9.4.8.1 M9.4.8.2 M9.4.8.3 M9.4.8.4 M9.4.8.5 M7.2.1.3c */
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
#include "virt/virtstore.h"
#include "jobs/job.h"
#include "storage/volume.h"

#include <stdlib.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;
static struct dv_actor admin = {.account = "zhou", .addr = "test"};
static int64_t host1, host2, project, other_project;
static char *base;

static const char *const snap_tables[] = {"pool", "pool_device", "pool_project", "pool_host",
                                          "volume"};

#include "lib/testcheck.h"

/* One new operation-log row since before, the last one by account. */
static void logged_by(long before, const char *account, int type, const char *action,
                      const char *object)
{
    is_int(ops(), before + 1, "%s: one operation-log row", action);
    is_int(count_where("op_log",
                       "id = (SELECT max(id) FROM op_log) AND user = %Q AND type = %d AND "
                       "action = %Q AND object = %Q",
                       account, type, action, object),
           1, "%s: the row names %s and %s", action, account, object);
}

static void setup_projects(void)
{
    struct dv_error err = {0};
    char *dir = g_build_filename(base, "group", NULL);
    struct project_quota quota = {.max = {5, 8, 8192, 2048, 0, 0, 1}};
    int64_t group = 0;

    if (teststore_project(db, &sys, dir, "网站", &quota, "zhou", "周", &group, &project, &admin) &&
        !project_add(db, &sys, group, "其他", "", &other_project, &err))
        printf("# project set-up: %s\n", err.msg);
    g_free(dir);
}

/* pool_add of what a dialog typed, through pool_spec_parse as the screen does. */
static bool add_pool(const struct pool_input *in, int64_t *id, struct dv_error *err)
{
    struct pool_spec s;
    bool ok = pool_spec_parse(in, &s, err) && pool_add(db, &sys, &s, id, err);

    g_strfreev(s.devices);
    return ok;
}

static struct pool_input dosdir(const char *name, const char *target)
{
    return (struct pool_input){.name = name, .type = POOL_DOSDIR, .capacity_mb = "1024",
                               .target_path = target, .vendor = "数字有机体文件系统"};
}

/* The id of the row of table whose name column is name, 0 when none. */
static int64_t id_named(const char *table, const char *column, const char *name)
{
    char *sql = sqlite3_mprintf("SELECT id FROM %s WHERE %s = %Q", table, column, name);
    char *v = testdb_text(db, sql);
    int64_t id = v ? atoll(v) : 0;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

static int64_t pool_id(const char *name)
{
    return id_named("pool", "name", name);
}

static int64_t volume_id(const char *name_en)
{
    return id_named("volume", "name_en", name_en);
}

/* The pool uuid as the host of host_id has it: its live XML, or NULL. */
static char *live_xml(int64_t host_id, const char *name)
{
    struct dv_error err = {0};
    struct pool p;
    struct virt_conn *c = hostconn_get(db, host_id, &err);
    char *xml = NULL;

    if (c && pool_get(db, pool_id(name), &p, &err)) {
        xml = virt_pool_xml(c, p.uuid, &err);
        pool_clear(&p);
    }
    return xml;
}

/* ---------------------------------------------------------------- pools */

static void add_refused(const struct pool_input *in, enum dv_status code, const char *field,
                        const char *what)
{
    struct dv_error err = {0};
    struct snap s = snap_take();

    refused(add_pool(in, NULL, &err), &err, code, field, what);
    snap_same(&s, what);
}

static void test_pool_add(void)
{
    struct dv_error err = {0};
    int64_t id = 0, projects[] = {0};
    struct pool_input in = dosdir("dos-pool", "/dpfs/dos-pool");
    long before = ops();
    char *xml;

    projects[0] = project;
    in.projects = projects;
    in.nprojects = 1;
    ok(add_pool(&in, &id, &err), "a shared directory pool is added (%s)", err.msg);
    logged(before, AUDIT_ADD, "Add storage pool", "dos-pool", "add");
    is_int(count_where("pool", "id = %lld AND type = 0 AND capacity_mb = 1024 AND "
                               "bound_host_id IS NULL AND target_path = '/dpfs/dos-pool'",
                       (long long)id),
           1, "the record holds type, capacity and target");
    is_int(count_where("pool_project", "pool_id = %lld AND project_id = %lld", (long long)id,
                       (long long)project),
           1, "the chosen project uses it");
    is_int(count_where("pool_host", "pool_id = %lld", (long long)id), 1,
           "the host it was defined on is remembered");
    xml = live_xml(host1, "dos-pool");
    ok(xml && strstr(xml, "<path>/dpfs/dos-pool</path>") && strstr(xml, "数字有机体文件系统"),
       "the pool is defined and running on a host, with the record's target and vendor");
    g_free(xml);

    /* each other type */
    {
        char host[32];
        struct pool_input nfs = {.name = "nfspool1", .type = POOL_NETFS, .capacity_mb = "2048",
                                 .target_path = "/media/nfs", .src_host = "192.168.2.212",
                                 .src_dir = "/raid/disk-pool", .src_format = "auto"};
        struct pool_input iscsi = {.name = "iscsipool3", .type = POOL_ISCSI,
                                   .capacity_mb = "4096", .src_host = "192.168.2.189",
                                   .src_device = "iqn.2024-01.test:target"};
        struct pool_input hostdir = {.name = "server189-dir", .type = POOL_HOSTDIR,
                                     .capacity_mb = "512", .target_path = "/raid/disk-pool",
                                     .bound_host = host};
        struct pool_input disk = {.name = "diskvolpool1", .type = POOL_DISK,
                                  .capacity_mb = "148000", .bound_host = host,
                                  .src_device = "/dev/sdb", .src_format = "gpt"};
        struct pool_input lvm = {.name = "server212-lvm", .type = POOL_LOGICAL,
                                 .capacity_mb = "98770", .target_path = "/dev/server212-lvm",
                                 .bound_host = host, .devices = "/dev/sda3, /dev/sda4"};

        snprintf(host, sizeof(host), "%lld", (long long)host2);
        ok(add_pool(&nfs, NULL, &err), "a netfs pool is added (%s)", err.msg);
        ok(add_pool(&iscsi, NULL, &err), "an iSCSI pool is added (%s)", err.msg);
        is_int(count_where("pool", "name = 'iscsipool3' AND target_path = '/dev/disk/by-path' "
                                   "AND src_port = 3260"),
               1, "the iSCSI pool gets the fixed target and port 3260");
        ok(add_pool(&hostdir, NULL, &err), "a host directory pool is added (%s)", err.msg);
        is_int(count_where("pool_host", "pool_id = %lld AND host_id = %lld",
                           (long long)pool_id("server189-dir"), (long long)host2),
               1, "a bound pool is defined on its bound host");
        ok(add_pool(&disk, NULL, &err), "a disk pool is added (%s)", err.msg);
        is_int(count_where("pool", "name = 'diskvolpool1' AND target_path = '/dev' AND "
                                   "src_format = 'gpt'"),
               1, "the disk pool gets /dev and its partition table format");
        ok(add_pool(&lvm, NULL, &err), "a logical pool is added (%s)", err.msg);
        is_int(count_where("pool_device", "pool_id = %lld", (long long)pool_id("server212-lvm")),
               2, "the logical pool keeps both devices");
        xml = live_xml(host2, "server212-lvm");
        ok(xml && strstr(xml, "/dev/sda3") && strstr(xml, "/dev/sda4"),
           "the logical pool on its host has both devices");
        g_free(xml);

        /* refusals */
        add_refused(&in, DV_ERR_EXISTS, PLF_NAME, "a duplicate name");
        in.name = "bad name";
        add_refused(&in, DV_ERR_INVALID, PLF_NAME, "a name with a blank");
        in.name = "dos2";
        in.capacity_mb = "0";
        add_refused(&in, DV_ERR_INVALID, PLF_CAPACITY, "capacity 0");
        in.capacity_mb = "10";
        in.target_path = "/srv/dos2";
        add_refused(&in, DV_ERR_INVALID, PLF_TARGET, "a shared directory outside /dpfs");
        in.target_path = "/dpfs";
        add_refused(&in, DV_ERR_INVALID, PLF_TARGET, "the shared root itself");
        /* issue 8 point 1: the rule compares canonical paths */
        in.target_path = "/dpfs/../etc";
        add_refused(&in, DV_ERR_INVALID, PLF_TARGET, "/dpfs/../etc (canonically /etc)");
        in.target_path = "/dpfs/x/../../etc/dos";
        add_refused(&in, DV_ERR_INVALID, PLF_TARGET, "/dpfs/x/../../etc/dos");
        in.target_path = "/dpfs/./";
        add_refused(&in, DV_ERR_INVALID, PLF_TARGET, "/dpfs/./ (the root itself)");
        in.target_path = "/dpfsx/dos";
        add_refused(&in, DV_ERR_INVALID, PLF_TARGET, "/dpfsx/dos (a prefix, not below)");
        lvm.name = "vg2";
        add_refused(&lvm, DV_ERR_INVALID, PLF_NAME, "a logical pool named unlike its VG");
        lvm.name = "server212-lvm2";
        lvm.target_path = "/dev/server212-lvm2";
        lvm.devices = "";
        add_refused(&lvm, DV_ERR_INVALID, PLF_DEVICES, "a logical pool without devices");
        hostdir.name = "hostdir2";
        hostdir.bound_host = "";
        add_refused(&hostdir, DV_ERR_INVALID, PLF_BOUND_HOST, "a host directory without host");
        hostdir.bound_host = "999";
        add_refused(&hostdir, DV_ERR_NOTFOUND, "", "a bound host that does not exist");
        iscsi.name = "iscsi2";
        iscsi.auth_user = "qgh";
        add_refused(&iscsi, DV_ERR_INVALID, PLF_AUTH_SECRET, "CHAP with a user but no secret");
        nfs.name = "nfs2";
        nfs.src_port = "70000";
        add_refused(&nfs, DV_ERR_INVALID, PLF_PORT, "a port above 65535");
        nfs.src_port = "";
        nfs.src_dir = "";
        add_refused(&nfs, DV_ERR_INVALID, PLF_DIR, "netfs without a source path");
        /* issue 8 point 8: escapes in the texts that go into the pool's XML */
        nfs.src_dir = "/raid/\x1b[31mx";
        add_refused(&nfs, DV_ERR_INVALID, PLF_DIR, "netfs: an escape in the source path");
        nfs.src_dir = "/raid/disk-pool";
        nfs.src_host = "192.168.2.212\n";
        add_refused(&nfs, DV_ERR_INVALID, PLF_HOST, "netfs: a newline in the server address");
        nfs.src_host = "192.168.2.212";
        nfs.src_dir = "";
        disk.name = "disk2";
        disk.src_format = "ntfs";
        add_refused(&disk, DV_ERR_INVALID, PLF_FORMAT, "an unknown partition table format");
    }
    /* a bound host that is stopped */
    {
        char host[32], *sql = sqlite3_mprintf("UPDATE host SET state = 0 WHERE id = %lld",
                                              (long long)host2);
        struct pool_input hd = {.name = "hostdir3", .type = POOL_HOSTDIR, .capacity_mb = "10",
                                .target_path = "/srv/x", .bound_host = host};

        snprintf(host, sizeof(host), "%lld", (long long)host2);
        sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
        add_refused(&hd, DV_ERR_DENIED, "", "a pool bound to a stopped host");
        sqlite3_free(sql);
        sql = sqlite3_mprintf("UPDATE host SET state = 1 WHERE id = %lld", (long long)host2);
        sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
        sqlite3_free(sql);
    }
}

static char *names(const struct pool_filter *f)
{
    struct dv_error err = {0};
    struct pool_page pg;
    GString *s = g_string_new(NULL);

    if (!pool_list(db, f, 0, -1, &pg, &err))
        g_string_append_printf(s, "error: %s", err.msg);
    for (int i = 0; i < pg.n; i++)
        g_string_append_printf(s, "%s%s", i ? " " : "", pg.rows[i].name);
    pool_page_free(&pg);
    return g_string_free(s, FALSE);
}

static void list_is(struct pool_filter f, const char *want, const char *what)
{
    char *got = names(&f);

    is_str(got, want, "%s", what);
    g_free(got);
}

static void test_pool_list(void)
{
    struct pool_filter all = {.type = -1, .bound = -1};
    struct pool_filter f;
    struct dv_error err = {0};
    char today[11];
    GDateTime *now = g_date_time_new_now_local();
    char *d = g_date_time_format(now, "%Y-%m-%d");

    g_strlcpy(today, d, sizeof(today));
    g_free(d);
    g_date_time_unref(now);
    list_is(all, "dos-pool nfspool1 iscsipool3 server189-dir diskvolpool1 server212-lvm",
            "all pools by creation");
    f = all, f.name = "pool";
    list_is(f, "dos-pool nfspool1 iscsipool3 diskvolpool1", "a fuzzy name");
    f = all, f.type = POOL_LOGICAL;
    list_is(f, "server212-lvm", "one type");
    f = all, f.bound = 1;
    list_is(f, "server189-dir diskvolpool1 server212-lvm", "bound to a host");
    f = all, f.bound = 0;
    list_is(f, "dos-pool nfspool1 iscsipool3", "not bound");
    f = all, f.host = "two";
    list_is(f, "server189-dir diskvolpool1 server212-lvm", "a fuzzy bound host name");
    f = all, f.cap_min = 1024, f.cap_max = 4096;
    list_is(f, "dos-pool nfspool1 iscsipool3", "a capacity range");
    f = all, f.project_id = project;
    list_is(f, "dos-pool", "the pools of a project (M9.4.1)");

    /* what the query row typed */
    ok(pool_filter_parse(&(struct pool_query){.cap_min = "1024", .cap_max = "4096"}, &f, &err) &&
           f.cap_min == 1024 && f.cap_max == 4096 && f.type == -1 && f.bound == -1,
       "the query row's capacities, all types and hosts (%s)", err.msg);
    ok(pool_filter_parse(&(struct pool_query){.type = "4", .bound = "1"}, &f, &err) &&
           f.type == POOL_LOGICAL && f.bound == 1,
       "the query row's type and binding");
    ok(pool_filter_parse(&(struct pool_query){.created_from = today, .created_to = today}, &f,
                         &err),
       "the query row's dates (%s)", err.msg);
    list_is(f, "dos-pool nfspool1 iscsipool3 server189-dir diskvolpool1 server212-lvm",
            "created today");
    ok(pool_filter_parse(&(struct pool_query){.created_to = "2000-01-01"}, &f, &err),
       "a date in 2000");
    list_is(f, "", "created before 2000");
    refused(pool_filter_parse(&(struct pool_query){.cap_min = "abc"}, &f, &err), &err,
            DV_ERR_INVALID, "cap_min", "an unreadable capacity");
    refused(pool_filter_parse(&(struct pool_query){.created_from = "2024-13-01"}, &f, &err), &err,
            DV_ERR_INVALID, "created_from", "an impossible date");
}

static void test_pool_misc(void)
{
    struct dv_error err = {0};
    int64_t id = pool_id("nfspool1"), pools[] = {0, 0};
    long before = ops();
    bool live = false;
    char *xml;

    ok(pool_modify(db, &sys, id, &(struct pool_spec){.description = "NFS 共享"}, &err),
       "the description is saved (M9.3.3)");
    logged(before, AUDIT_MODIFY, "Modify storage pool description", "nfspool1", "description");
    is_int(count_where("pool", "id = %lld AND description = 'NFS 共享'", (long long)id), 1,
           "the record holds it");
    xml = pool_details_xml(db, id, &live, &err);
    ok(xml && live && strstr(xml, "<capacity"),
       "the details are the live XML with capacity (M9.3.5)");
    g_free(xml);

    /* M7.2.1.3c: a project's pools */
    pools[0] = pool_id("nfspool1");
    pools[1] = pool_id("server189-dir");
    before = ops();
    ok(project_set_pools(db, &sys, other_project, pools, 2, &err), "a project's pools are set");
    logged(before, AUDIT_MODIFY, "Modify project storage pools", "其他", "project pools");
    is_int(count_where("pool_project", "project_id = %lld", (long long)other_project), 2,
           "the project uses both");
    {
        struct choice_list l;
        int on = 0;

        ok(project_pool_choices(db, other_project, &l, &err), "the pool choices of a project");
        for (int i = 0; i < l.n; i++)
            on += l.v[i].on;
        is_int(l.n, 6, "every pool is a choice");
        is_int(on, 2, "the project's two are checked");
        choice_list_free(&l);
    }
}

/* ---------------------------------------------------------------- volumes */

static struct volume_input vol(const char *zh, const char *en, const char *cap, const char *unit)
{
    return (struct volume_input){.name_zh = zh, .name_en = en, .capacity = cap, .unit = unit,
                                 .format = "qcow2", .mode = "0666"};
}

/* volume_create of what the dialog typed, through volume_spec_parse. */
static bool create_vol(const struct dv_actor *a, int64_t pool, const struct volume_input *in,
                       int64_t *id, struct dv_error *err)
{
    struct volume_spec s;

    return volume_spec_parse(in, pool, &s, err) && volume_create(db, a, &s, id, err);
}

/* volume_extend of the typed MB, through volume_extend_parse. */
static bool extend(const struct dv_actor *a, int64_t id, const char *mb, struct dv_error *err)
{
    struct volume_spec s = {0};

    return volume_extend_parse(mb, &s.extend_mb, err) && volume_extend(db, a, id, &s, err);
}

static void create_refused(const struct dv_actor *a, int64_t pool, const struct volume_input *in,
                           enum dv_status code, const char *field, const char *what)
{
    struct dv_error err = {0};
    struct snap s = snap_take();

    refused(create_vol(a, pool, in, NULL, &err), &err, code, field, what);
    snap_same(&s, what);
}

static void test_volumes(void)
{
    struct dv_error err = {0};
    int64_t dos = pool_id("dos-pool"), id = 0, bytes = 0;
    struct volume_input in = vol("系统盘", "DOS", "100", "MiB");
    struct volume v;
    long before = ops();

    ok(volume_bytes("1.5", "GiB", &bytes, &err) && bytes == 1610612736LL, "1.5 GiB in bytes");
    ok(volume_bytes("80", "GB", &bytes, &err) && bytes == 80000000000LL, "80 GB in bytes");
    ok(!volume_bytes("-1", "GB", &bytes, &err), "a negative capacity is refused");

    ok(create_vol(&admin, dos, &in, &id, &err), "a project admin creates a volume (%s)", err.msg);
    is_int(ops(), before + 1, "one operation-log row");
    ok(volume_get(db, id, &v, &err), "the volume reads back");
    is_str(v.path, "/dpfs/dos-pool/DOS", "its path is in the pool's target");
    is_int(v.capacity, 100 * VOLUME_MB, "its capacity is 100 MiB");
    is_str(v.format, "qcow2", "its format");
    ok(v.present, "it exists");
    is_int(v.project_id, project, "it belongs to the admin's project");
    volume_clear(&v);

    create_refused(&admin, dos, &in, DV_ERR_EXISTS, VLF_NAME, "a duplicate English name");
    in.name_en = "a/b";
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_NAME, "a file name with '/'");
    in = vol("", "x1", "1", "GiB");
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_NAME_ZH, "no Chinese name");
    /* issue 8 point 8: escapes, controls and invalid UTF-8 through volume_create,
     * numbers only by the strict parser; nothing written */
    in = vol("盘\x1b[31m红", "esc1", "1", "MiB");
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_NAME_ZH, "a Chinese name with ESC [31m");
    in = vol("盘", "a\xc0\xaf" "b", "1", "MiB");
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_NAME, "an overlong '/' in the name");
    in = vol("盘", "a\x7f" "b", "1", "MiB");
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_NAME, "a DEL in the name");
    {
        static const char *const bad_caps[] = {"0x1p-10", "1e3", " 5",   "5 ",   "+5", "\xd9\xa3",
                                               "5.",      ".5",  "1.2.3", "inf", "nan", "5\x1b"};

        for (size_t i = 0; i < G_N_ELEMENTS(bad_caps); i++) {
            char *what = g_strdup_printf("capacity '%s' refused by the strict parser",
                                         bad_caps[i]);

            in = vol("盘", "num", bad_caps[i], "MiB");
            create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_CAPACITY, what);
            g_free(what);
        }
    }
    in = vol("大", "big", "1", "GiB");
    create_refused(&admin, dos, &in, DV_ERR_DENIED, "", "beyond the pool's 1024 MB");
    in = vol("中", "mid", "900", "MiB");
    create_refused(&sys, pool_id("iscsipool3"), &in, DV_ERR_DENIED, "",
                   "creating in an iSCSI pool");
    create_refused(&admin, pool_id("nfspool1"), &in, DV_ERR_DENIED, "",
                   "a pool not assigned to the project");
    in.compat = "0.10";
    in.lazy_refcounts = "1";
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_LAZY, "lazy refcounts with compat 0.10");
    in = vol("中", "mid", "900", "MiB");
    in.mode = "999";
    create_refused(&admin, dos, &in, DV_ERR_INVALID, VLF_MODE, "a mode that is not octal");

    /* the project's disk quota: 2048 MB, in a bigger pool */
    {
        char *sql = sqlite3_mprintf("UPDATE pool SET capacity_mb = 100000 WHERE id = %lld",
                                    (long long)dos);

        sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
        sqlite3_free(sql);
    }
    in = vol("配额", "quota", "2000", "MiB");
    create_refused(&admin, dos, &in, DV_ERR_DENIED, "", "beyond the project's disk quota");
    ok(create_vol(&sys, dos, &in, NULL, &err), "the sysadm's volume counts in no quota (%s)",
       err.msg);
    is_int(count_where("volume", "name_en = 'quota' AND project_id IS NULL"), 1,
           "it has no project");

    /* modify (M9.4.5) */
    before = ops();
    ok(volume_modify(db, &admin, id,
                     &(struct volume_spec){.name_zh = "新名", .description = "描述"}, &err),
       "the Chinese name and description");
    logged_by(before, "zhou", AUDIT_MODIFY, "Modify volume", "DOS");
    is_int(count_where("volume", "id = %lld AND name_zh = '新名' AND description = '描述'",
                       (long long)id),
           1, "are stored");

    /* extend (M9.4.4) */
    {
        struct snap s = snap_take();

        refused(extend(&admin, id, "10", &err), &err, DV_ERR_INVALID, VLF_EXTEND,
                "an extension of 10 MB");
        refused(extend(&admin, id, "-20", &err), &err, DV_ERR_INVALID, VLF_EXTEND,
                "a negative extension (shrinking)");
        refused(extend(&admin, id, "5000", &err), &err, DV_ERR_DENIED, "",
                "an extension beyond the quota");
        refused(extend(&admin, id, "20", &err), &err, DV_ERR_INFO, "",
                "the test driver cannot resize");
        snap_same(&s, "refused extensions");
    }
}

static void test_snapshots(void)
{
    struct dv_error err = {0};
    int64_t vbase = volume_id("DOS"), snap = 0, merged = 0;
    struct job *m;
    double fraction = 0;
    struct volume v;
    long before = ops();

    ok(volume_snapshot(db, &admin, vbase, "快照1", "DOS-s1", &snap, &err),
       "an incremental snapshot is created (%s)", err.msg);
    logged_by(before, "zhou", AUDIT_ADD, "Create incremental snapshot", "DOS-s1");
    ok(volume_get(db, snap, &v, &err), "it is a volume");
    is_int(v.parent_id, vbase, "built on the volume");
    is_str(v.format, "qcow2", "a qcow2 overlay");
    is_int(v.capacity, 100 * VOLUME_MB, "with the vbase's capacity");
    volume_clear(&v);
    {
        struct volume_page pg;

        ok(volume_list(db, pool_id("dos-pool"), vbase, 0, -1, &pg, &err) && pg.n == 1 &&
               pg.rows[0].id == snap,
           "the snapshot page lists it (M9.4.8.1)");
        volume_page_free(&pg);
    }
    {
        struct snap s = snap_take();

        refused(volume_snapshot(db, &admin, vbase, "快照2", "DOS-s2", NULL, &err), &err,
                DV_ERR_DENIED, "", "beyond the snapshot quota of 1");
        refused(volume_delete(db, &admin, vbase, &err), &err, DV_ERR_INUSE, "",
                "deleting a volume a snapshot is built on");
        refused(volume_remark(db, &admin, vbase,
                              &(struct volume_spec){.name_zh = "x", .remark = "y"}, &err),
                &err, DV_ERR_DENIED, "", "a remark on a volume that is no snapshot");
        snap_same(&s, "snapshot refusals");
    }
    ok(volume_remark(db, &admin, snap,
                     &(struct volume_spec){.name_zh = "快照一", .remark = "装好系统"}, &err),
       "the remark is saved");
    is_int(count_where("volume", "id = %lld AND remark = '装好系统' AND name_zh = '快照一'",
                       (long long)snap),
           1, "with the Chinese name");

    /* merge (M9.4.8.4) */
    before = ops();
    m = volume_merge_start(db, &admin, snap, "DOS-merged", &err);
    ok(m != NULL, "a merge starts as a job (%s)", err.msg);
    ok(m && job_wait(m), "the merge finishes (%s)", m ? job_error(m)->msg : err.msg);
    if (m) {
        job_progress(m, &fraction, NULL, 0);
        merged = volume_job_id(m);
    }
    ok(fraction == 1, "its progress ends at 100%%");
    job_unref(m);
    logged_by(before, "zhou", AUDIT_ADD, "Merge incremental snapshot into a new volume",
              "DOS-merged");
    is_int(count_where("volume", "id = %lld AND parent_id IS NULL AND name_zh = 'DOS-merged'",
                       (long long)merged),
           1, "the new volume has no parent");
    ok(!volume_merge(db, &admin, vbase, "x2", NULL, &err),
       "merging a volume that is no snapshot is refused");
    ok(!volume_merge(db, &admin, snap, "DOS-merged", NULL, &err) &&
           strcmp(err.field, VLF_NAME) == 0,
       "merging into an existing name is refused");

    /* delete (M9.4.8.5, M9.4.6) */
    before = ops();
    ok(volume_delete(db, &admin, snap, &err), "the snapshot is deleted (%s)", err.msg);
    logged_by(before, "zhou", AUDIT_DELETE, "Delete incremental snapshot", "DOS-s1");
    ok(volume_delete(db, &admin, vbase, &err), "then the volume (%s)", err.msg);
    is_int(count_where("volume", "id IN (%lld, %lld)", (long long)snap, (long long)vbase), 0,
           "both records are gone");
}

static void test_refresh(void)
{
    struct dv_error err = {0};
    struct volume_refresh sum = {0};
    struct virt_vol made = {0};
    struct pool p;
    struct virt_conn *c;
    int64_t dos = pool_id("dos-pool");
    long before;

    pool_get(db, dos, &p, &err);
    c = hostconn_get(db, host1, &err);
    /* a file vanishes and another appears outside dosvm */
    ok(c && virt_vol_delete(c, "/dpfs/dos-pool/quota", &err), "a file is removed outside");
    ok(c && virt_vol_create(c, p.uuid,
                            "<volume><name>outside.img</name><capacity>1048576</capacity>"
                            "<target><format type='raw'/></target></volume>",
                            NULL, &made, &err),
       "another is created outside (%s)", err.msg);
    virt_vol_clear(&made);
    /* the delete order (volume.h): a file pool's host must be reached before
     * the record goes, or nothing is written */
    {
        struct snap s;

        sqlite3_exec(db_handle(db), "UPDATE host SET state = 0", NULL, NULL, NULL);
        s = snap_take();
        refused(volume_delete(db, &sys, volume_id("DOS-merged"), &err), &err, DV_ERR_DENIED, "",
                "deleting a volume while no host runs");
        snap_same(&s, "a delete without a host");
        sqlite3_exec(db_handle(db), "UPDATE host SET state = 1", NULL, NULL, NULL);
    }
    before = ops();
    ok(volume_refresh(db, &sys, dos, &sum, &err), "the pool is refreshed (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Refresh storage pool", "dos-pool", "refresh");
    is_int(sum.added, 1, "one added");
    is_int(sum.missing, 1, "one marked missing");
    is_int(count_where("volume", "name_en = 'quota' AND present = 0"), 1,
           "the vanished volume is 不存在");
    is_int(count_where("volume", "name_en = 'outside.img' AND name_zh = 'outside.img-%q' AND "
                                 "present = 1 AND format = 'raw'",
                       p.uuid),
           1, "the new one is named file-pool UUID");
    ok(volume_refresh(db, &sys, dos, &sum, &err) && sum.added == 0 && sum.missing == 0,
       "a second refresh changes nothing");
    before = ops();
    ok(volume_delete(db, &sys, volume_id("quota"), &err), "a missing volume's record is deleted");
    is_int(ops(), before + 1, "with its log row");
    pool_clear(&p);
}

static void test_pool_delete(void)
{
    struct dv_error err = {0};
    int64_t dos = pool_id("dos-pool");
    char *warning = NULL, *xml, *uuid;
    struct snap s = snap_take();
    long before;

    refused(pool_delete(db, &sys, dos, &warning, &err), &err, DV_ERR_INUSE, "",
            "deleting a pool with volumes");
    snap_same(&s, "a pool with volumes");
    {
        char *sql = sqlite3_mprintf("DELETE FROM volume WHERE pool_id = %lld", (long long)dos);

        sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
        sqlite3_free(sql);
    }
    uuid = testdb_text(db, "SELECT uuid FROM pool WHERE name = 'dos-pool'");
    before = ops();
    ok(pool_delete(db, &sys, dos, &warning, &err), "an empty pool is deleted (%s)", err.msg);
    ok(warning == NULL, "every host undefined it");
    logged(before, AUDIT_DELETE, "Delete storage pool", "dos-pool", "delete");
    is_int(count_where("pool_project", "pool_id = %lld", (long long)dos), 0,
           "its project links are gone");
    {
        struct virt_conn *c = hostconn_get(db, host1, &err);
        struct dv_error e = {0};

        ok(c && uuid, "the host connection and the deleted pool's UUID");
        xml = c && uuid ? virt_pool_xml(c, uuid, &e) : NULL;
        ok(!xml && e.code == DV_ERR_NOTFOUND, "the host no longer defines the deleted pool");
        g_free(xml);
        g_free(uuid);
    }
    {
        struct dv_error e = {0};
        char *sql = sqlite3_mprintf("UPDATE host SET state = 0 WHERE id = %lld", (long long)host2);

        sqlite3_exec(db_handle(db), sql, NULL, NULL, NULL);
        sqlite3_free(sql);
        refused(host_delete(db, &sys, host2, &e), &e, DV_ERR_DENIED, "",
                "deleting a stopped host pools are bound to");
        ok(strstr(e.msg, "storage pool") != NULL, "the refusal names the storage pool");
    }
    g_free(warning);
}

int main(void)
{
    struct testdb t;

    sys = testdb_sysadm();
    base = g_dir_make_tmp("dosvm-storage-XXXXXX", NULL);
    if (!testdb_open(&t, false))
        return 1;
    db = t.db;
    host1 = testhost_add(db, &sys, "host-one", "host1.xml");
    host2 = testhost_add(db, &sys, "host-two", "host2.xml");
    setup_projects();
    test_pool_add();
    test_pool_list();
    test_pool_misc();
    test_volumes();
    test_snapshots();
    test_refresh();
    test_pool_delete();
    hostconn_close_all();
    testdb_close(&t);
    rm_tree(base);
    g_free(base);
    return tap_done();
}
