/* test-host.c - libvirt access (src/virt.h) and the host model (src/host.h)
 * against libvirt's test driver on the host files of data/demo/ and a real
 * temporary database.
 * features: P2/OP-6 M6.2.2 M6.2.2.1 M6.2.2.3 M6.2.2.4 M6.2.2.5 */
#include "db/audit.h"
#include "hosts/host.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "base/util.h"
#include "virt/virt.h"

#include <stdlib.h>
#include <string.h>

#define UUID1     "3f1a6c52-8e0b-4d3a-9a61-0c5d1e2b7a01"
#define UUID2     "3f1a6c52-8e0b-4d3a-9a61-0c5d1e2b7a02"
#define UUID_SELF "0b7e5c1e-2f0a-4c4e-8d1d-5a9e6b3c2d10"
#define UUID_NEW  "0b7e5c1e-2f0a-4c4e-8d1d-5a9e6b3c2d11"
#define HOST1_MB  131072 /* 128 GiB in host1.xml */

static struct db *db;
static struct dv_actor sys;
static struct dv_actor admin = {.user_id = 2, .account = "alice", .addr = "test"};
static char *hostname; /* what the test driver reports: the real machine's */

static char *demo_uri(const char *file)
{
    const char *top = getenv("top_srcdir");

    return g_strdup_printf("test://%s/data/demo/%s", top ? top : "..", file);
}

static long ops(void)
{
    return testdb_count(db, "op_log", NULL);
}

static long hosts_where(const char *where)
{
    return testdb_count(db, "host", where);
}

/* A refusal: false, with code and field, and nothing written. */
static void refused(bool got, const struct dv_error *err, enum dv_status code, const char *field,
                    long ops_before, const char *what)
{
    ok(!got, "%s: refused", what);
    is_int(err->code, code, "%s: error code", what);
    is_str(err->field, field, "%s: error field", what);
    ok(err->msg[0] != '\0', "%s: a message ('%s')", what, err->msg);
    is_int(ops(), ops_before, "%s: no operation-log row", what);
}

/* The last operation-log row is type/action/object by sysadm. */
static void logged(long before, int type, const char *action, const char *object, const char *what)
{
    char *where = sqlite3_mprintf("id = (SELECT max(id) FROM op_log) AND type = %d AND "
                                  "user = 'sysadm' AND action = %Q AND object = %Q",
                                  type, action, object);

    is_int(ops(), before + 1, "%s: one operation-log row", what);
    is_int(testdb_count(db, "op_log", where), 1, "%s: the row says %d '%s' '%s'", what, type,
           action, object);
    sqlite3_free(where);
}

/* The modify form's path: the texts parsed, then saved (version 0: no form). */
static bool update_host(struct db *d, const struct dv_actor *a, int64_t id, const char *name,
                        const char *vcpus, const char *vmem, struct dv_error *err)
{
    struct host_spec spec;

    return host_spec_parse(name, vcpus, vmem, 0, &spec, err) && host_update(d, a, id, &spec, err);
}

/* ---------------------------------------------------------------- virt */

static void test_virt(void)
{
    char *uri = demo_uri("host1.xml"), *uuid, *tmp, *bare, *bare_uri;
    struct dv_error err = {0};
    struct virt_conn *c = virt_open(uri, &err);
    struct virt_node_info info = {0};
    struct virt_cpu_times t1 = {0}, t2 = {0};
    struct virt_mem m;

    ok(c != NULL, "virt: opens %s (%s)", uri, err.msg);
    if (!c)
        return;
    ok(virt_node_info(c, &info, &err), "virt: node info");
    is_str(info.cpu_model, "Xeon-E5-2680-v4", "virt: CPU model of host1.xml");
    is_int(info.cpu_cores, 56, "virt: cores = nodes x sockets x cores x threads");
    is_int(info.cpu_mhz, 2400, "virt: CPU MHz");
    is_int(info.mem_total_mb, HOST1_MB, "virt: memory KiB / 1024");
    ok(info.hostname && *info.hostname, "virt: a host name ('%s')", info.hostname);
    hostname = g_strdup(info.hostname);
    virt_node_info_clear(&info);

    uuid = virt_host_uuid(c, &err);
    is_str(uuid, UUID1, "virt: the host UUID comes from the file's node device 'computer'");
    g_free(uuid);

    ok(virt_cpu_times(c, &t1, &err) && virt_cpu_times(c, &t2, &err), "virt: node CPU times");
    ok(t1.total > t1.busy && t1.busy > 0, "virt: busy %llu of total %llu",
       (unsigned long long)t1.busy, (unsigned long long)t1.total);
    ok(t1.busy == t2.busy && t1.total == t2.total,
       "virt: the test driver's CPU counters are constant (documented)");
    dv_error_clear(&err);
    ok(!virt_mem(c, &m, &err), "virt: the test driver has no node memory statistics");
    is_int(err.code, DV_ERR_INFO, "virt: 'not supported' is DV_ERR_INFO (unavailable, not down)");
    ok(virt_alive(c), "virt: the connection is alive");
    is_str(virt_uri(c), uri, "virt: the connection keeps its URI");
    virt_close(c);

    /* a host file without a node device gets a name-based UUID of its URI */
    tmp = g_dir_make_tmp("dosvm-virt-XXXXXX", NULL);
    bare = g_build_filename(tmp, "bare.xml", NULL);
    g_file_set_contents(bare,
                        "<node><cpu><mhz>1000</mhz><model>m</model><active>1</active>"
                        "<nodes>1</nodes><sockets>1</sockets><cores>1</cores>"
                        "<threads>1</threads></cpu><memory>1048576</memory></node>",
                        -1, NULL);
    bare_uri = g_strconcat("test://", bare, NULL);
    c = virt_open(bare_uri, &err);
    uuid = c ? virt_host_uuid(c, &err) : NULL;
    {
        char *expect = virt_name_uuid(bare_uri), *again = virt_name_uuid(bare_uri);

        is_str(uuid, expect, "virt: a bare test-driver file gets the name-based UUID of its URI");
        ok(g_uuid_string_is_valid(expect) && expect[14] == '5',
           "virt: the name-based UUID is a valid version-5 UUID (%s)", expect);
        is_str(again, expect, "virt: the name-based UUID is stable");
        g_free(expect);
        g_free(again);
    }
    g_free(uuid);
    virt_close(c);
    g_remove(bare);
    g_rmdir(tmp);
    g_free(bare_uri);
    g_free(bare);
    g_free(tmp);

    dv_error_clear(&err);
    ok(virt_open("test:///nonexistent/dosvm-host.xml", &err) == NULL,
       "virt: a missing host file cannot be opened");
    is_int(err.code, DV_ERR_IO, "virt: the failure is DV_ERR_IO");
    is_str(err.field, "uri", "virt: the failure names the uri field");
    ok(strstr(err.msg, "test:///nonexistent/dosvm-host.xml") != NULL,
       "virt: the message names the URI and libvirt's reason ('%s')", err.msg);
    g_free(uri);
}

/* ---------------------------------------------------------------- M6.2.2 registration */

static struct virt_node_info node_of(const char *file)
{
    char *uri = demo_uri(file);
    struct virt_conn *c = virt_open(uri, NULL);
    struct virt_node_info info = {0};

    if (!c || !virt_node_info(c, &info, NULL))
        printf("# cannot read %s\n", uri);
    virt_close(c);
    g_free(uri);
    return info;
}

static void test_register(void)
{
    struct virt_node_info one = node_of("host1.xml"), two = node_of("host2.xml");
    struct dv_error err = {0};
    int64_t id = 0, again = 0, other = 0;
    struct host h;
    char *uri = demo_uri("host1.xml"), *name2;
    long before = ops();

    ok(host_register(db, UUID_SELF, uri, "192.168.2.189", true, &one, "/raid/data", &id, &err),
       "register: a new UUID is inserted (%s)", err.msg);
    ok(host_get(db, id, &h, &err), "register: the record reads back");
    is_str(h.uuid, UUID_SELF, "register: uuid");
    is_str(h.name, hostname, "register: name = virConnectGetHostname");
    is_str(h.ip, "192.168.2.189", "register: ip = [network] localhost");
    ok(h.self, "register: registered by its own dosvmd (self)");
    is_str(h.cpu_model, "Xeon-E5-2680-v4", "register: CPU model");
    is_int(h.cpu_cores, 56, "register: CPU cores");
    is_int(h.mem_total_mb, HOST1_MB, "register: total memory MB");
    is_int(h.max_vcpus, 56, "register: max VCPUs = cores (OP-15)");
    is_int(h.max_vmem_mb, HOST1_MB - 512, "register: max VMEM = memory - 512 MB (OP-15)");
    ok(h.running, "register: state running");
    is_str(h.share_disk_path, "/raid/data", "register: share_disk_path");
    ok(h.registered_at > 0, "register: registration time");
    ok(!h.now.has_cpu && !h.now.has_mem && !h.now.has_disk && !h.now.has_net,
       "register: no metric yet: all four unavailable");
    is_int(ops(), before, "register: the daemon's registration writes no operation-log row");
    host_clear(&h);

    /* the admin edits it, it stops; the daemon restarts on other hardware */
    ok(update_host(db, &sys, id, "edited", "10", "1000", &err), "register: admin edit (%s)",
       err.msg);
    ok(host_mark_stopped(db, id, &err), "register: the host stops");
    ok(host_register(db, UUID_SELF, uri, "10.0.0.9", true, &two, "/srv", &again, &err),
       "register: the same UUID again (%s)", err.msg);
    is_int(again, id, "register: the same UUID finds the same record");
    is_int(hosts_where(NULL), 1, "register: no new record");
    host_get(db, id, &h, &err);
    is_str(h.cpu_model, "Xeon-Silver-4214", "register: static info refreshed (model)");
    is_int(h.cpu_cores, 48, "register: static info refreshed (cores)");
    is_int(h.mem_total_mb, 98304, "register: static info refreshed (memory)");
    is_str(h.ip, "10.0.0.9", "register: ip refreshed");
    is_str(h.share_disk_path, "/srv", "register: share_disk_path refreshed");
    is_str(h.name, "edited", "register: the admin-edited name is kept");
    is_int(h.max_vcpus, 10, "register: the admin-edited max VCPUs are kept");
    is_int(h.max_vmem_mb, 1000, "register: the admin-edited max VMEM is kept");
    ok(h.running, "register: state running again");
    host_clear(&h);

    /* a changed UUID makes a new record, as the manual warns */
    ok(update_host(db, &sys, id, hostname, "10", "1000", &err), "register: name back (%s)",
       err.msg);
    ok(host_register(db, UUID_NEW, uri, "192.168.2.189", true, &one, "/raid/data", &other, &err),
       "register: a changed UUID (%s)", err.msg);
    ok(other != id, "register: a changed UUID makes a new record");
    is_int(hosts_where(NULL), 2, "register: two records for one machine now");
    host_get(db, other, &h, &err);
    name2 = g_strdup_printf("%s-2", hostname);
    is_str(h.name, name2, "register: the duplicate's name is made unique");
    host_clear(&h);
    g_free(name2);

    dv_error_clear(&err);
    ok(!host_register(db, "not-a-uuid", uri, "", true, &one, "", NULL, &err),
       "register: an invalid UUID is refused");
    is_int(err.code, DV_ERR_INVALID, "register: DV_ERR_INVALID");

    virt_node_info_clear(&one);
    virt_node_info_clear(&two);
    g_free(uri);
}

/* ---------------------------------------------------------------- D3 add by URI */

static int64_t added2;

static void test_add(void)
{
    char *uri2 = demo_uri("host2.xml"), *uri3 = demo_uri("host3.xml");
    struct dv_error err = {0};
    struct host h;
    long before = ops(), nhosts = hosts_where(NULL);
    int64_t id3 = 0;
    char *name3;

    ok(host_add(db, &sys, " node-b ", uri2, &added2, &err), "add: test:///host2.xml (%s)", err.msg);
    host_get(db, added2, &h, &err);
    is_str(h.name, "node-b", "add: the given name, trimmed");
    is_str(h.uuid, UUID2, "add: the host's own UUID");
    is_str(h.uri, uri2, "add: the URI is stored");
    ok(!h.self, "add: not self-registered");
    is_str(h.ip, "", "add: a test:/// URI has no host part");
    is_int(h.cpu_cores, 48, "add: static info read from the host");
    is_int(h.max_vmem_mb, 98304 - 512, "add: max VMEM default");
    ok(h.running, "add: running");
    host_clear(&h);
    logged(before, AUDIT_ADD, "Add host", "node-b", "add");

    before = ops();
    dv_error_clear(&err);
    refused(host_add(db, &sys, "again", uri2, NULL, &err), &err, DV_ERR_EXISTS, HF_URI, before,
            "add the same host twice");
    ok(strstr(err.msg, "node-b") != NULL, "add twice: the message names the record");
    dv_error_clear(&err);
    refused(host_add(db, &sys, "x", "test:///nonexistent/dosvm-host.xml", NULL, &err), &err,
            DV_ERR_IO, HF_URI, before, "add an unreachable URI");
    dv_error_clear(&err);
    refused(host_add(db, &sys, "x", "  ", NULL, &err), &err, DV_ERR_INVALID, HF_URI, before,
            "add without a URI");
    dv_error_clear(&err);
    refused(host_add(db, &sys, "node-b", uri3, NULL, &err), &err, DV_ERR_EXISTS, HF_NAME, before,
            "add with a taken name");
    dv_error_clear(&err);
    refused(host_add(db, &admin, "n3", uri3, NULL, &err), &err, DV_ERR_DENIED, "", before,
            "add by a project admin");
    is_int(hosts_where(NULL), nhosts + 1, "add: the refusals added no host");

    ok(host_add(db, &sys, "", uri3, &id3, &err), "add: without a name (%s)", err.msg);
    host_get(db, id3, &h, &err);
    name3 = g_strdup_printf("%s-3", hostname);
    is_str(h.name, name3, "add: without a name, the host name made unique");
    host_clear(&h);
    g_free(name3);
    g_free(uri2);
    g_free(uri3);
}

/* ---------------------------------------------------------------- list */

static void test_list(void)
{
    struct host_page p;
    struct dv_error err = {0};

    ok(host_list(db, NULL, 0, 50, &p, &err), "list: all hosts");
    is_int(p.total, 4, "list: total 4");
    is_int(p.n, 4, "list: 4 rows");
    ok(p.n == 4 && p.rows[0].id < p.rows[3].id, "list: by id");
    host_page_free(&p);
    ok(host_list(db, "node", 0, 50, &p, &err) && p.total == 1 && p.n == 1 &&
           strcmp(p.rows[0].name, "node-b") == 0,
       "list: fuzzy on the name");
    host_page_free(&p);
    ok(host_list(db, "168.2.1", 0, 50, &p, &err) && p.total == 1 && p.n == 1 &&
           strcmp(p.rows[0].ip, "192.168.2.189") == 0,
       "list: fuzzy on the IP");
    host_page_free(&p);
    ok(host_list(db, "%", 0, 50, &p, &err) && p.total == 0, "list: '%%' is a literal character");
    host_page_free(&p);
    ok(host_list(db, "", 1, 2, &p, &err) && p.total == 4 && p.n == 2, "list: a page of 2 from 1");
    host_page_free(&p);
    ok(host_list(db, "", 0, -1, &p, &err) && p.n == 4, "list: limit -1 = all");
    host_page_free(&p);
}

/* ---------------------------------------------------------------- M6.2.2.4 modify */

static void test_update(void)
{
    struct dv_error err = {0};
    struct host h;
    char *before_row = testdb_text(db, "SELECT group_concat(name || max_vcpus || max_vmem_mb) "
                                       "FROM host");
    char *after_row, limit[32], over[32], *long_name = g_strnfill(65, 'a');
    long before = ops();
    struct {
        const char *name, *vcpus, *vmem, *field;
        enum dv_status code;
        const char *what;
    } bad[] = {
        {"", "4", "1000", HF_NAME, DV_ERR_INVALID, "an empty name"},
        {long_name, "4", "1000", HF_NAME, DV_ERR_INVALID, "a 65-character name"},
        {hostname, "4", "1000", HF_NAME, DV_ERR_EXISTS, "another host's name"},
        {"n", "", "1000", HF_MAX_VCPUS, DV_ERR_INVALID, "empty max VCPUs"},
        {"n", "0", "1000", HF_MAX_VCPUS, DV_ERR_INVALID, "max VCPUs 0"},
        {"n", "2.5", "1000", HF_MAX_VCPUS, DV_ERR_INVALID, "max VCPUs 2.5"},
        {"n", "4", "", HF_MAX_VMEM, DV_ERR_INVALID, "empty max VMEM"},
        {"n", "4", "0", HF_MAX_VMEM, DV_ERR_INVALID, "max VMEM 0"},
        {"n", "4", "x", HF_MAX_VMEM, DV_ERR_INVALID, "max VMEM not a number"},
        {"n", "4", over, HF_MAX_VMEM, DV_ERR_INVALID, "max VMEM = physical - 511"},
    };

    g_snprintf(limit, sizeof(limit), "%d", 98304 - 512);
    g_snprintf(over, sizeof(over), "%d", 98304 - 511);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        dv_error_clear(&err);
        refused(update_host(db, &sys, added2, bad[i].name, bad[i].vcpus, bad[i].vmem, &err), &err,
                bad[i].code, bad[i].field, before, bad[i].what);
    }
    ok(strstr(err.msg, "physical memory minus 512 MiB (97792 MiB)") != NULL,
       "modify: the VMEM message names the rule and the limit ('%s')", err.msg);
    dv_error_clear(&err);
    refused(update_host(db, &admin, added2, "n", "4", "1000", &err), &err, DV_ERR_DENIED, "",
            before, "modify by a project admin");
    dv_error_clear(&err);
    refused(update_host(db, &sys, 9999, "n", "4", "1000", &err), &err, DV_ERR_NOTFOUND, "", before,
            "modify a deleted host");
    after_row = testdb_text(db, "SELECT group_concat(name || max_vcpus || max_vmem_mb) FROM host");
    is_str(after_row, before_row, "modify: the refusals changed nothing");

    ok(update_host(db, &sys, added2, " 节点-B ", "200", limit, &err),
       "modify: VMEM = physical - 512 is allowed, VCPUs may exceed cores (%s)", err.msg);
    host_get(db, added2, &h, &err);
    is_str(h.name, "节点-B", "modify: the name (trimmed, Chinese allowed)");
    is_int(h.max_vcpus, 200, "modify: max VCPUs");
    is_int(h.max_vmem_mb, 98304 - 512, "modify: max VMEM");
    host_clear(&h);
    logged(before, AUDIT_MODIFY, "Modify host", "节点-B", "modify");
    g_free(before_row);
    g_free(after_row);
    g_free(long_name);
}

/* ---------------------------------------------------------------- M6.2.2.1 metrics */

/* P2/OP-6: two modify dialogs read the same host; the second save is stale. */
static void test_stale(void)
{
    struct dv_error err = {0};
    struct host h;
    struct host_spec first, second;
    char *before, *after;
    long logs = ops();

    ok(host_get(db, added2, &h, &err), "stale: both dialogs read the host (%s)", err.msg);
    /* the first save keeps the values (the tests after this one read them) */
    first = (struct host_spec){.name = h.name,
                               .max_vcpus = h.max_vcpus,
                               .max_vmem_mb = h.max_vmem_mb,
                               .version = h.version};
    second = (struct host_spec){
        .name = "后存", .max_vcpus = 9, .max_vmem_mb = 900, .version = h.version};
    ok(host_update(db, &sys, added2, &first, &err), "stale: the first save (%s)", err.msg);
    before = testdb_text(db, "SELECT group_concat(name || max_vcpus || max_vmem_mb || "
                             "row_version) FROM host");
    dv_error_clear(&err);
    ok(!host_update(db, &sys, added2, &second, &err) && err.code == DV_ERR_STALE,
       "stale: the second save is refused as stale (%s)", err.msg);
    after = testdb_text(db, "SELECT group_concat(name || max_vcpus || max_vmem_mb || "
                            "row_version) FROM host");
    is_str(after, before, "stale: nothing of the stale save is written");
    is_int(ops(), logs + 1, "stale: one operation-log row, the first save's");
    g_free(before);
    g_free(after);
    host_clear(&h);
}

static void test_metrics(void)
{
    struct dv_error err = {0};
    struct host_sample s = {.time = 1000,
                            .has_cpu = true,
                            .cpu_pct = 0.0,
                            .has_disk = true,
                            .disk_pct = 42.5,
                            .has_net = true,
                            .net_mbps = 1.25};
    struct host h;
    bool stopped = true;
    char *where;

    host_mark_stopped(db, added2, &err);
    ok(host_record_sample(db, added2, &s, &err), "metrics: a sample is stored (%s)", err.msg);
    where = g_strdup_printf("id = %" G_GINT64_FORMAT, added2);
    is_int(hosts_where("cpu_pct = 0 AND mem_pct IS NULL AND disk_pct = 42.5 AND "
                       "net_mbps = 1.25 AND state = 1 AND missed = 0 AND last_seen = 1000"),
           1, "metrics: a measured 0 is 0, an unavailable memory load is NULL (not 0)");
    host_get(db, added2, &h, &err);
    ok(h.now.has_cpu && h.now.cpu_pct == 0.0, "metrics: CPU 0.00 reads back as available");
    ok(!h.now.has_mem, "metrics: memory reads back as unavailable");
    ok(h.now.has_disk && h.now.disk_pct == 42.5 && h.now.has_net && h.now.net_mbps == 1.25,
       "metrics: disk and network read back");
    ok(h.has_last_seen && h.last_seen == 1000 && h.now.time == 1000, "metrics: last seen");
    host_clear(&h);

    /* heartbeats: stopped after fail_count missed in a row */
    for (int i = 1; i <= 3; i++) {
        ok(host_mark_missed(db, added2, 3, &stopped, &err), "heartbeat: miss %d", i);
        is_int(stopped, i >= 3, "heartbeat: after %d missed of 3 the host is %s", i,
               i >= 3 ? "stopped" : "still running");
    }
    host_get(db, added2, &h, &err);
    ok(!h.running && h.missed == 3, "heartbeat: state stopped, missed 3");
    ok(!h.now.has_cpu && !h.now.has_disk && !h.now.has_net,
       "heartbeat: a stopped host's metrics are unavailable");
    host_clear(&h);
    ok(host_mark_seen(db, added2, 2000, &err), "heartbeat: an answer");
    host_get(db, added2, &h, &err);
    ok(h.running && h.missed == 0 && h.last_seen == 2000, "heartbeat: running again, missed 0");
    host_clear(&h);
    dv_error_clear(&err);
    ok(!host_mark_missed(db, 9999, 3, NULL, &err) && err.code == DV_ERR_NOTFOUND,
       "heartbeat: a deleted host is DV_ERR_NOTFOUND");
    g_free(where);
}

/* ---------------------------------------------------------------- M6.2.2.3 history */

static void test_history(void)
{
    struct dv_error err = {0};
    struct host_history_page p;
    int64_t t0 = 1700000000;
    bool all = true;

    for (int i = 0; i < 6; i++) {
        struct host_sample s = {.time = t0 + 10 * i,
                                .has_cpu = true,
                                .cpu_pct = i,
                                .has_mem = i % 2 == 0,
                                .mem_pct = 50};

        all = host_append_history(db, added2, &s, &err) && all;
    }
    ok(all, "history: six rows appended");
    ok(host_history_list(db, added2, false, 0, 0, 0, 50, &p, &err), "history: list");
    is_int(p.total, 6, "history: total 6");
    ok(p.n == 6 && p.rows[0].time == t0 + 50 && p.rows[5].time == t0, "history: newest first");
    ok(p.n == 6 && p.rows[0].has_cpu && p.rows[0].cpu_pct == 5 && !p.rows[0].has_mem &&
           p.rows[1].has_mem && !p.rows[1].has_disk,
       "history: metrics with unavailable ones kept NULL");
    host_history_page_free(&p);
    ok(host_history_list(db, added2, true, t0 + 10, t0 + 30, 0, 50, &p, &err) && p.total == 3 &&
           p.n == 3 && p.rows[0].time == t0 + 30 && p.rows[2].time == t0 + 10,
       "history: a period [from, to] includes both ends");
    host_history_page_free(&p);
    ok(host_history_list(db, added2, true, t0 - 100, t0 - 1, 0, 50, &p, &err) && p.total == 0 &&
           p.n == 0,
       "history: an empty period gives no records");
    host_history_page_free(&p);
    ok(host_history_list(db, added2, false, 0, 0, 2, 2, &p, &err) && p.total == 6 && p.n == 2 &&
           p.rows[0].time == t0 + 30,
       "history: paging");
    host_history_page_free(&p);
    ok(host_history_list(db, 9999, false, 0, 0, 0, 50, &p, &err) && p.total == 0,
       "history: another host has none");
    host_history_page_free(&p);
}

/* ---------------------------------------------------------------- M6.2.2.5 clear history */

static void test_clear_history(void)
{
    struct dv_error err = {0};
    int64_t t0 = 1700000000;
    int deleted = -1;
    long before = ops();
    struct host_sample s = {.time = t0 + 5};
    char when[DV_TIME_LEN];

    host_append_history(db, 1, &s, &err); /* another host's row, older than T */
    refused(host_clear_history(db, &admin, t0 + 20, &deleted, &err), &err, DV_ERR_DENIED, "",
            before, "clear history by a project admin");
    is_int(testdb_count(db, "host_history", NULL), 7, "clear: the refusal deleted nothing");
    ok(host_clear_history(db, &sys, t0 + 20, &deleted, &err), "clear: before T (%s)", err.msg);
    is_int(deleted, 3, "clear: the rows before T of all hosts are counted");
    is_int(testdb_count(db, "host_history", NULL), 4, "clear: 4 rows remain");
    is_int(testdb_count(db, "host_history", "time < 1700000020"), 0,
           "clear: nothing older than T remains");
    is_int(testdb_count(db, "host_history", "time = 1700000020"), 1,
           "clear: the row at T itself is kept");
    logged(before, AUDIT_DELETE, "Clear host history", dv_format_time(t0 + 20, when), "clear");
}

/* ---------------------------------------------------------------- OP-13 delete */

static void test_delete(void)
{
    struct dv_error err = {0};
    long before = ops(), nhosts = hosts_where(NULL);
    char *sql;

    refused(host_delete(db, &sys, added2, &err), &err, DV_ERR_DENIED, "", before,
            "delete a running host");
    host_mark_stopped(db, added2, &err);
    sql = g_strdup_printf("INSERT INTO host_group(id, name, created_at) VALUES (1, 'g', 0);"
                          "INSERT INTO host_group_member VALUES (1, %" G_GINT64_FORMAT ")",
                          added2);
    ok(db_exec(db, sql, &err), "delete: the host joins a host group");
    g_free(sql);
    dv_error_clear(&err);
    refused(host_delete(db, &sys, added2, &err), &err, DV_ERR_DENIED, "", before,
            "delete a host of a host group");
    db_exec(db, "DELETE FROM host_group_member", &err);
    dv_error_clear(&err);
    refused(host_delete(db, &admin, added2, &err), &err, DV_ERR_DENIED, "", before,
            "delete by a project admin");
    is_int(hosts_where(NULL), nhosts, "delete: the refusals deleted nothing");
    ok(host_delete(db, &sys, added2, &err), "delete: a stopped host outside groups (%s)", err.msg);
    is_int(hosts_where(NULL), nhosts - 1, "delete: the record is gone");
    is_int(testdb_count(db, "host_history", "host_id NOT IN (SELECT id FROM host)"), 0,
           "delete: its history went with it");
    logged(before, AUDIT_DELETE, "Delete host", "节点-B", "delete");
    dv_error_clear(&err);
    ok(!host_delete(db, &sys, added2, &err) && err.code == DV_ERR_NOTFOUND,
       "delete: twice is DV_ERR_NOTFOUND");
}

int main(void)
{
    struct testdb t;

    virt_init();
    if (!testdb_open(&t, false)) {
        ok(0, "open a test database");
        return tap_done();
    }
    db = t.db;
    sys = testdb_sysadm();
    test_virt();
    test_register();
    test_add();
    test_list();
    test_update();
    test_stale();
    test_metrics();
    test_history();
    test_clear_history();
    test_delete();
    testdb_close(&t);
    g_free(hostname);
    return tap_done();
}
