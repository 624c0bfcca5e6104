/* test-collector.c - the host metrics collector (src/collector.h) driven by a
 * fake clock over test-driver hosts from data/demo/ and a temporary file
 * that appears late; a fake /proc/net/dev gives exact network loads.
 * Built twice: test-collector ticks with collector_tick (dosvmd's way);
 * test-collector-async (COLLECT_ASYNC) with collector_tick_start, the
 * console's, on a thread marked as a key loop with DOSVM_CHECK_KEYLOOP=1
 * (any libvirt call on it aborts), the jobs ended by job_poll().
 * features: M6.2.2 M6.2.2.1 M6.2.2.3 D11 */
#include "hosts/collector.h"
#include "hosts/host.h"
#include "admin/param.h"
#include "jobs/job.h"
#include "virt/virt.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define T0  1700000000
#define MIB (1024ULL * 1024ULL)

static struct db *db;
static struct collector *col;
static char *tmp;       /* temporary directory: share disk, net file, late host */
static char *net_file;  /* the fake /proc/net/dev */
static char *late_file; /* a host file that is missing at first */
static int64_t id_self, id_b, id_late;
static GPtrArray *lines; /* what the collector logged */

static char *demo_uri(const char *file)
{
    const char *top = getenv("top_srcdir");

    return g_strdup_printf("test://%s/data/demo/%s", top ? top : "..", file);
}

static void on_log(void *ctx, const char *line)
{
    g_ptr_array_add(lines, g_strdup(line));
}

static bool logged_line(const char *part)
{
    for (guint i = 0; i < lines->len; i++)
        if (strstr(g_ptr_array_index(lines, i), part))
            return true;
    return false;
}

#ifdef COLLECT_ASYNC
/* One tick as the console makes it: no libvirt call on this thread, the
 * visits ended by polling the jobs before the next tick. */
static bool tick_once(struct collector *c, int64_t t, struct dv_error *err)
{
    bool good;

    setenv("DOSVM_CHECK_KEYLOOP", "1", 1);
    virt_forbid_thread(g_thread_self());
    good = collector_tick_start(c, t, err);
    while (collector_pending(c) > 0)
        if (job_poll() == 0)
            g_usleep(1000);
    virt_forbid_thread(NULL);
    return good;
}
#else
static bool tick_once(struct collector *c, int64_t t, struct dv_error *err)
{
    return collector_tick(c, t, err);
}
#endif

/* Tick at every second of [from, to]; false if a tick failed. */
static bool tick_to(int64_t from, int64_t to)
{
    struct dv_error err = {0};
    bool all = true;

    for (int64_t t = from; t <= to; t++) {
        if (!tick_once(col, t, &err)) {
            printf("# tick %" G_GINT64_FORMAT ": %s\n", t - T0, err.msg);
            all = false;
        }
    }
    return all;
}

static long host_is(int64_t id, const char *cond)
{
    char *where = g_strdup_printf("id = %" G_GINT64_FORMAT " AND %s", id, cond);
    long n = testdb_count(db, "host", where);

    g_free(where);
    return n;
}

static long history_of(int64_t id, const char *cond)
{
    char *where = g_strdup_printf("host_id = %" G_GINT64_FORMAT " AND %s", id, cond ? cond : "1");
    long n = testdb_count(db, "host_history", where);

    g_free(where);
    return n;
}

static void set_param(const char *key, const char *value)
{
    struct dv_error err = {0};

    if (!setting_put(db, key, value, &err))
        printf("# setting %s: %s\n", key, err.msg);
}

/* eth0 counts; lo, bridges, tap, vnet and macvtap devices do not (OP-17). */
static void write_net(uint64_t eth0, uint64_t other)
{
    char *text = g_strdup_printf(
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets "
        "errs drop fifo colls carrier compressed\n"
        "    lo: %1$llu 1 0 0 0 0 0 0 %1$llu 1 0 0 0 0 0 0\n"
        "  eth0: %2$llu 9 0 0 0 0 0 0 %2$llu 9 0 0 0 0 0 0\n"
        "virbr0: %1$llu 1 0 0 0 0 0 0 %1$llu 1 0 0 0 0 0 0\n"
        "   br0: %1$llu 1 0 0 0 0 0 0 %1$llu 1 0 0 0 0 0 0\n"
        " vnet0: %1$llu 1 0 0 0 0 0 0 %1$llu 1 0 0 0 0 0 0\n"
        "  tap3: %1$llu 1 0 0 0 0 0 0 %1$llu 1 0 0 0 0 0 0\n"
        "macvtap0: %1$llu 1 0 0 0 0 0 0 %1$llu 1 0 0 0 0 0 0\n",
        (unsigned long long)other, (unsigned long long)eth0);

    g_file_set_contents(net_file, text, -1, NULL);
    g_free(text);
}

static void write_late_host(void)
{
    char *top = demo_uri("host3.xml"), *text = NULL;

    g_file_get_contents(top + strlen("test://"), &text, NULL, NULL);
    g_file_set_contents(late_file, text ? text : "", -1, NULL);
    g_free(text);
    g_free(top);
}

/* ---------------------------------------------------------------- pure parts */

static void test_interfaces(void)
{
    static const struct {
        const char *name;
        bool counted;
    } cases[] = {
        {"eth0", true},  {"ens3", true},    {"bond0", true},     {"wlan0", true},
        {"lo", false},   {"virbr0", false}, {"br0", false},      {"br-lan", false},
        {"tap0", false}, {"vnet12", false}, {"macvtap1", false}, {"ovs-system", false},
    };
    uint64_t bytes = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
        is_int(collector_iface_counted(cases[i].name), cases[i].counted,
               "OP-17: interface %s is %s", cases[i].name,
               cases[i].counted ? "counted" : "skipped");
    ok(collector_net_bytes("x\n  eth0: 100 1 0 0 0 0 0 0 23 1 0 0 0 0 0 0\n"
                           "    lo: 900 1 0 0 0 0 0 0 900 1 0 0 0 0 0 0\n",
                           &bytes) &&
           bytes == 123,
       "net: rx + tx of the counted interfaces (got %llu)", (unsigned long long)bytes);
    ok(!collector_net_bytes("nothing here\n", &bytes), "net: a text without interfaces fails");
    ok(!collector_net_bytes("eth0: 1 2 3\n", &bytes), "net: a short line fails");
}

/* ---------------------------------------------------------------- the hosts */

static bool setup_hosts(void)
{
    struct dv_actor sys = testdb_sysadm();
    struct dv_error err = {0};
    struct virt_node_info info = {0};
    char *uri1 = demo_uri("host1.xml"), *uri2 = demo_uri("host2.xml");
    char *late_uri = g_strconcat("test://", late_file, NULL);
    struct virt_conn *c = virt_open(uri1, &err);
    bool good = c && virt_node_info(c, &info, &err) &&
                host_register(db, "0b7e5c1e-2f0a-4c4e-8d1d-5a9e6b3c2d10", uri1, "127.0.0.1", true,
                              &info, tmp, &id_self, &err) &&
                host_add(db, &sys, "b", uri2, &id_b, &err);

    virt_close(c);
    virt_node_info_clear(&info);
    /* the late host is added while its file exists, then the file goes away */
    write_late_host();
    good = good && host_add(db, &sys, "late", late_uri, &id_late, &err);
    g_remove(late_file);
    if (!good)
        printf("# setup: %s\n", err.msg);
    g_free(uri1);
    g_free(uri2);
    g_free(late_uri);
    return good;
}

static void test_first_collection(void)
{
    ok(tick_to(T0, T0), "t+0: the first tick collects at once");
    is_int(host_is(id_self, "state = 1 AND last_seen = 1700000000"), 1,
           "t+0: the local host is running, seen now");
    is_int(host_is(id_self, "cpu_pct IS NULL"), 1,
           "t+0: CPU load needs two samples: unavailable (NULL), not 0");
    is_int(host_is(id_self, "mem_pct IS NULL"), 1,
           "t+0: the test driver has no memory statistics: unavailable (NULL), not 0");
    is_int(host_is(id_self, "disk_pct IS NOT NULL AND disk_pct BETWEEN 0 AND 100"), 1,
           "t+0: the local host's disk load from statvfs(share_disk_path)");
    is_int(host_is(id_self, "net_mbps IS NULL"), 1, "t+0: network load needs two readings");
    is_int(host_is(id_b, "state = 1 AND disk_pct IS NULL AND net_mbps IS NULL"), 1,
           "t+0: a remote host's disk and network loads are unavailable (NULL)");
    is_int(host_is(id_late, "missed = 1 AND state = 1"), 1,
           "t+0: a host whose URI cannot be opened misses a heartbeat");
    is_int(testdb_count(db, "host_history", NULL), 0, "t+0: no history yet");
}

static void test_heartbeats_and_rates(void)
{
    ok(tick_to(T0 + 1, T0 + 3), "t+1..3: ticks");
    is_int(host_is(id_late, "missed = 2 AND state = 1"), 1,
           "t+2: the heartbeat (every 2 s) misses again: 2 of 3, still running");
    is_int(host_is(id_b, "last_seen = 1700000002 AND missed = 0"), 1,
           "t+2: a reachable host answers the heartbeat");
    is_int(host_is(id_self, "cpu_pct IS NULL"), 1, "t+2: a heartbeat takes no sample");
    ok(tick_to(T0 + 4, T0 + 4), "t+4: tick");
    is_int(host_is(id_late, "missed = 3 AND state = 0"), 1,
           "t+4: after 3 missed heartbeats (heartbeat_fail_count) the host is stopped");
    ok(logged_line("is stopped"), "t+4: the stop is logged");

    /* 5 MiB in and 5 MiB out on eth0 in 5 s; 100 MiB elsewhere is not counted */
    write_net(10 * MIB, 100 * MIB);
    ok(tick_to(T0 + 5, T0 + 5), "t+5: the second collection");
    is_int(host_is(id_self, "cpu_pct = 0"), 1,
           "t+5: CPU load from the delta of constant counters is a measured 0.00");
    is_int(host_is(id_self, "abs(net_mbps - 2.0) < 1e-9"), 1,
           "t+5: network 10 MiB / 5 s = 2.00 MB/s over eth0 only (OP-17)");
    is_int(host_is(id_self, "last_seen = 1700000005"), 1, "t+5: the sample is stored");
    is_int(host_is(id_late, "state = 0 AND cpu_pct IS NULL"), 1,
           "t+5: the stopped host stays stopped with unavailable metrics");
}

static void test_history(void)
{
    ok(tick_to(T0 + 6, T0 + 9), "t+6..9: ticks");
    is_int(testdb_count(db, "host_history", NULL), 0,
           "t+9: no history before host_history_interval (10 s), not one row per tick");
    ok(tick_to(T0 + 10, T0 + 10), "t+10: tick");
    is_int(history_of(id_self, "time = 1700000010 AND cpu_pct = 0 AND mem_pct IS NULL"), 1,
           "t+10: one history row of the local host, unavailable memory kept NULL");
    is_int(history_of(id_b, "time = 1700000010"), 1, "t+10: one history row of host b");
    is_int(history_of(id_late, NULL), 0, "t+10: no history row for a stopped host");
    is_int(testdb_count(db, "host_history", NULL), 2, "t+10: two rows in all");

    /* the late host's file appears: running again at the next heartbeat */
    write_late_host();
    ok(tick_to(T0 + 11, T0 + 11), "t+11: tick");
    is_int(host_is(id_late, "state = 0"), 1, "t+11: no heartbeat due yet");
    ok(tick_to(T0 + 12, T0 + 12), "t+12: tick");
    is_int(host_is(id_late, "state = 1 AND missed = 0 AND last_seen = 1700000012"), 1,
           "t+12: the host answers again: running, missed 0");
    ok(logged_line("running again"), "t+12: the recovery is logged");
    ok(tick_to(T0 + 13, T0 + 20), "t+13..20: ticks");
    is_int(testdb_count(db, "host_history", NULL), 5,
           "t+20: one more row per live host, 10 s after the last");
    is_int(history_of(id_self, "time IN (1700000010, 1700000020)"), 2,
           "t+20: the local host's rows are 10 s apart");
    is_int(history_of(id_late, "time = 1700000020"), 1, "t+20: the recovered host has a row");
}

static void test_uri_change(void)
{
    char *sql = g_strdup_printf("UPDATE host SET uri = 'test:///nonexistent/b.xml' WHERE id = "
                                "%" G_GINT64_FORMAT,
                                id_b);
    char *back = demo_uri("host2.xml"), *restore;
    struct dv_error err = {0};

    ok(db_exec(db, sql, &err), "uri: host b's URI is changed to a missing file");
    ok(tick_to(T0 + 21, T0 + 25), "t+21..25: ticks");
    is_int(host_is(id_b, "state = 0 AND missed = 3"), 1,
           "t+25: the cached connection is dropped for the new URI, which fails 3 times");
    is_int(host_is(id_self, "state = 1") + host_is(id_late, "state = 1"), 2,
           "t+25: the other hosts are unaffected");
    restore =
        g_strdup_printf("UPDATE host SET uri = '%s' WHERE id = %" G_GINT64_FORMAT, back, id_b);
    ok(db_exec(db, restore, &err), "uri: the URI is set back");
    ok(tick_to(T0 + 26, T0 + 27), "t+26..27: ticks");
    is_int(host_is(id_b, "state = 1 AND missed = 0"), 1, "t+27: host b is running again");
    g_free(sql);
    g_free(back);
    g_free(restore);
}

static void test_parameter_change(void)
{
    struct dv_error err = {0};

    set_param("host_collect_interval", "10");
    set_param("host_history_interval", "20");
    db_exec(db, "UPDATE host SET disk_pct = -1", &err);
    ok(tick_to(T0 + 28, T0 + 34), "t+28..34: ticks");
    is_int(host_is(id_self, "disk_pct = -1"), 1,
           "t+30: a changed collection interval (10 s) applies at once: no sample at t+30");
    is_int(testdb_count(db, "host_history", "time > 1700000020"), 0,
           "t+30: nor history (now every 20 s)");
    ok(tick_to(T0 + 35, T0 + 35), "t+35: tick");
    is_int(host_is(id_self, "disk_pct >= 0"), 1, "t+35: sampled 10 s after the last (t+25)");
}

static void test_deleted_host(void)
{
    struct dv_error err = {0};
    char *sql = g_strdup_printf("DELETE FROM host WHERE id = %" G_GINT64_FORMAT, id_late);

    ok(db_exec(db, sql, &err), "delete: a host disappears from the database");
    ok(tick_to(T0 + 36, T0 + 45), "t+36..45: the collector forgets it without an error");
    is_int(testdb_count(db, "host", "state = 1"), 2, "t+45: the other hosts are running");
    g_free(sql);
}

/* dosvmd's collector visits its own host, not another machine's self host */
static void test_other_self(void)
{
    struct dv_error err = {0};
    struct virt_node_info info = {
        .hostname = "other", .cpu_model = "m", .cpu_cores = 2, .mem_total_mb = 4096};
    struct collector *c2 = collector_new(db);
    int64_t other = 0;

    ok(host_register(db, "0b7e5c1e-2f0a-4c4e-8d1d-5a9e6b3c2d99", "test:///nonexistent/other.xml",
                     "10.0.0.2", true, &info, "/", &other, &err),
       "self: another machine's dosvmd registered its host (%s)", err.msg);
    collector_set_self(c2, id_self);
    collector_set_net_dev(c2, net_file);
    ok(tick_once(c2, T0 + 100, &err), "self: a collector of host %" G_GINT64_FORMAT " ticks",
       id_self);
    is_int(host_is(other, "state = 1 AND missed = 0 AND last_seen IS NOT 1700000100"), 1,
           "self: the other self host is left to its own dosvmd");
    is_int(host_is(id_self, "last_seen = 1700000100"), 1, "self: its own host is sampled");
    is_int(host_is(id_b, "last_seen = 1700000100"), 1, "self: hosts added by URI are sampled");
    collector_free(c2);
}

#ifdef COLLECT_ASYNC
/* A unix socket that accepts connections (the kernel's backlog) and never
 * answers: a libvirt endpoint that hangs. */
static int listen_hung(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    if (fd < 0 || strlen(path) >= sizeof(a.sun_path))
        return -1;
    strcpy(a.sun_path, path);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 16) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Poll the jobs until c has at most n visits running, or seconds pass. */
static int drain_to(struct collector *c, int n, int seconds)
{
    int64_t end = g_get_monotonic_time() + (int64_t)seconds * G_USEC_PER_SEC;

    while (collector_pending(c) > n && g_get_monotonic_time() < end)
        if (job_poll() == 0)
            g_usleep(2000);
    return collector_pending(c);
}

/* The console's collector and a host that accepts and never answers: the
 * tick returns at once, the other hosts are sampled, the hung one is not
 * visited twice and misses its heartbeat at the job's timeout. */
static void test_hung_host(void)
{
    struct dv_error err = {0};
    struct virt_node_info info = {
        .hostname = "hung", .cpu_model = "m", .cpu_cores = 2, .mem_total_mb = 1024};
    char *sock = g_build_filename(tmp, "hung.sock", NULL);
    char *uri = g_strdup_printf("qemu+unix:///system?socket=%s", sock);
    struct collector *c3 = collector_new(db);
    int fd = listen_hung(sock);
    int64_t hung = 0, started;

    ok(fd >= 0 && host_register(db, "0b7e5c1e-2f0a-4c4e-8d1d-5a9e6b3c2daa", uri, "127.0.0.1", false,
                                &info, "/", &hung, &err),
       "hang: a host whose endpoint never answers is registered (%s)", err.msg);
    collector_set_log(c3, on_log, NULL);
    collector_set_net_dev(c3, net_file);
    setenv("DOSVM_JOB_TIMEOUT_S", "2", 1);
    setenv("DOSVM_CHECK_KEYLOOP", "1", 1);
    virt_forbid_thread(g_thread_self());
    started = g_get_monotonic_time();
    ok(collector_tick_start(c3, T0 + 200, &err), "hang: the tick starts (%s)", err.msg);
    ok(g_get_monotonic_time() - started < G_USEC_PER_SEC / 2,
       "hang: the tick returns at once, the host is called in a job");
    is_int(drain_to(c3, 1, 5), 1, "hang: the other hosts' visits end, the hung one runs");
    is_int(host_is(id_b, "last_seen = 1700000200"), 1, "hang: host b is sampled meanwhile");
    ok(collector_tick_start(c3, T0 + 202, &err), "hang: the next heartbeat's tick");
    /* the others' visits end again; a second visit of the hung host would stay */
    is_int(drain_to(c3, 1, 5), 1, "hang: a host still being visited is not visited twice");
    is_int(host_is(hung, "missed = 0"), 1, "hang: no heartbeat missed before the timeout");
    is_int(drain_to(c3, 0, 10), 0, "hang: the visit ends at the job's timeout (2 s)");
    is_int(host_is(hung, "missed = 1 AND state = 1"), 1, "hang: the host missed one heartbeat");
    ok(logged_line("No answer in time (2 s)"), "hang: the miss is logged with the timeout");
    virt_forbid_thread(NULL);
    unsetenv("DOSVM_JOB_TIMEOUT_S");
    collector_free(c3); /* the abandoned worker stays blocked until the program ends */
    if (fd >= 0)
        close(fd);
    g_free(sock);
    g_free(uri);
}
#endif

int main(void)
{
    struct testdb t;

    if (!testdb_open(&t, false)) {
        ok(0, "open a test database");
        return tap_done();
    }
    db = t.db;
    tmp = g_dir_make_tmp("dosvm-collector-XXXXXX", NULL);
    net_file = g_build_filename(tmp, "net_dev", NULL);
    late_file = g_build_filename(tmp, "late.xml", NULL);
    lines = g_ptr_array_new_with_free_func(g_free);
    set_param("host_collect_interval", "5");
    set_param("host_history_interval", "10");
    set_param("heartbeat_interval", "2");
    set_param("heartbeat_fail_count", "3");
    write_net(5 * MIB, 0);

    test_interfaces();
    ok(setup_hosts(), "setup: a local host (host1.xml), host b (host2.xml), a late host");
    col = collector_new(db);
    collector_set_log(col, on_log, NULL);
    collector_set_net_dev(col, net_file);
    test_first_collection();
    test_heartbeats_and_rates();
    test_history();
    test_uri_change();
    test_parameter_change();
    test_deleted_host();
    test_other_self();
#ifdef COLLECT_ASYNC
    test_hung_host();
#endif
    for (guint i = 0; i < lines->len; i++)
        printf("# log: %s\n", (char *)g_ptr_array_index(lines, i));

    collector_free(col);
    g_ptr_array_free(lines, TRUE);
    testdb_remove_dir(tmp);
    g_free(net_file);
    g_free(late_file);
    g_free(tmp);
    testdb_close(&t);
    return tap_done();
}
