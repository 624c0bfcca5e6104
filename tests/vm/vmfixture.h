/* vmfixture.h - the records the VM tests start from (a helper, not a
 * test): two projects with their admins (zhou of p1, qian of p2), hosts h1
 * (4096 MB, in host group g1 of p1) and h2 (2048 MB), images in the
 * projects' group directories (debian writable, base read-only of p1;
 * theirs of p2), a pool of p1 with a volume, a network "lan" of p1 with
 * port group "web", one of p2, and security group sg1.
 *
 * The including file includes lib/testdb.h and lib/tap.h first, and
 * testcheck.h after this header if it wants it. */
#ifndef DV_VMFIXTURE_H
#define DV_VMFIXTURE_H

G_GNUC_UNUSED static struct db *db;
G_GNUC_UNUSED static struct dv_actor sys;
G_GNUC_UNUSED static struct dv_actor pa = {.account = "zhou", .addr = "test"};
G_GNUC_UNUSED static struct dv_actor pb = {.account = "qian", .addr = "test"};
G_GNUC_UNUSED static struct testdb tdb;
G_GNUC_UNUSED static int64_t proj, other, host, host2, group, image, ro_image, other_image, volume,
    net, other_net, secgroup;

G_GNUC_UNUSED static void exec(const char *sql)
{
    struct dv_error err = {0};

    if (!db_exec(db, sql, &err))
        printf("# %s: %s\n", sql, err.msg);
}

static int64_t last(const char *table)
{
    char *sql = g_strdup_printf("SELECT max(id) FROM %s", table);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : 0;

    g_free(sql);
    g_free(v);
    return id;
}

static void fixture(void)
{
    exec("INSERT INTO project(name, active, max_instances, created_at) VALUES ('p1', 1, 3, 1)");
    proj = last("project");
    exec("INSERT INTO project(name, active, max_instances, created_at) VALUES ('p2', 1, 5, 1)");
    other = last("project");
    exec("INSERT INTO user(account, name_zh, pw_hash, created_at, project_id) "
         "SELECT 'zhou', '周', 'x', 1, id FROM project WHERE name = 'p1'");
    pa.user_id = last("user");
    exec("INSERT INTO user(account, name_zh, pw_hash, created_at, project_id) "
         "SELECT 'qian', '钱', 'x', 1, id FROM project WHERE name = 'p2'");
    pb.user_id = last("user");
    exec("INSERT INTO host(uuid, name, uri, mem_total_mb, state, registered_at) VALUES "
         "('00000000-0000-0000-0000-000000000001', 'h1', 'test:///default', 4096, 1, 1)");
    host = last("host");
    exec("INSERT INTO host(uuid, name, uri, mem_total_mb, state, registered_at) VALUES "
         "('00000000-0000-0000-0000-000000000002', 'h2', 'test:///default', 2048, 1, 1)");
    host2 = last("host");
    exec("INSERT INTO host_group(name, created_at) VALUES ('g1', 1)");
    group = last("host_group");
    exec("INSERT INTO host_group_member(group_id, host_id) SELECT g.id, h.id FROM host_group g, "
         "host h WHERE g.name = 'g1' AND h.name = 'h1'");
    exec("INSERT INTO project_host_group(project_id, group_id) SELECT p.id, g.id FROM project p, "
         "host_group g WHERE p.name = 'p1' AND g.name = 'g1'");
    exec("INSERT INTO project_group(name, file_dir, created_at) VALUES ('pg1', '/srv/pg1', 1)");
    exec("INSERT INTO project_group(name, file_dir, created_at) VALUES ('pg2', '/srv/pg2', 1)");
    exec("INSERT INTO project_group_member(group_id, project_id) SELECT g.id, p.id FROM "
         "project_group g, project p WHERE g.name = 'pg1' AND p.name = 'p1'");
    exec("INSERT INTO project_group_member(group_id, project_id) SELECT g.id, p.id FROM "
         "project_group g, project p WHERE g.name = 'pg2' AND p.name = 'p2'");
    exec("INSERT INTO image(name, format, arch, readonly, save_dir, file_name, size_mb, "
         "owner_project_id, uploaded_at) SELECT 'debian', 'qcow2', 'x86-64', 0, '/srv/pg1', "
         "'debian.qcow2', 10, id, 1 FROM project WHERE name = 'p1'");
    image = last("image");
    exec("INSERT INTO image(name, format, arch, readonly, save_dir, file_name, size_mb, "
         "owner_project_id, uploaded_at) SELECT 'base', 'raw', 'x86-64', 1, '/srv/pg1', "
         "'base.img', 10, id, 1 FROM project WHERE name = 'p1'");
    ro_image = last("image");
    exec("INSERT INTO image(name, format, arch, readonly, save_dir, file_name, size_mb, "
         "owner_project_id, uploaded_at) SELECT 'theirs', 'raw', 'x86-64', 0, '/srv/pg2', "
         "'theirs.img', 10, id, 1 FROM project WHERE name = 'p2'");
    other_image = last("image");
    exec("INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at) VALUES "
         "('00000000-0000-0000-0000-0000000000a1', 'pool1', 0, 1000, '/srv/pool1', 1)");
    exec("INSERT INTO pool_project(pool_id, project_id) SELECT po.id, p.id FROM pool po, project "
         "p WHERE po.name = 'pool1' AND p.name = 'p1'");
    exec("INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, path, created_at) "
         "SELECT id, 'data', '数据', 'qcow2', 1073741824, '/srv/pool1/data', 1 FROM pool");
    volume = last("volume");
    exec("INSERT INTO network(uuid, project_id, name_en, name_zh, type, created_at) SELECT "
         "'00000000-0000-0000-0000-0000000000b1', id, 'lan', '内网', 3, 1 FROM project WHERE "
         "name = 'p1'");
    net = last("network");
    exec("INSERT INTO network_portgroup(network_id, name) SELECT id, 'web' FROM network WHERE "
         "name_en = 'lan'");
    exec("INSERT INTO network(uuid, project_id, name_en, name_zh, type, created_at) SELECT "
         "'00000000-0000-0000-0000-0000000000b2', id, 'theirs', '他网', 3, 1 FROM project WHERE "
         "name = 'p2'");
    other_net = last("network");
    exec("INSERT INTO nwfilter(name_en, name_zh, xml, created_at) VALUES ('dv-top', 'top', "
         "'<filter name=''dv-top''/>', 1)");
    exec("INSERT INTO secgroup(name, top_filter_id, created_at) SELECT 'sg1', id, 1 FROM nwfilter "
         "WHERE name_en = 'dv-top'");
    secgroup = last("secgroup");
}

/* The id as a picker's text; g_free it. */
G_GNUC_UNUSED static char *idstr(int64_t id)
{
    return g_strdup_printf("%lld", (long long)id);
}

#endif
