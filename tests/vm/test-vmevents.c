/* test-vmevents.c - run states follow libvirt's lifecycle events
 * (src/vm/vmevents.h, issue 11) on the test driver: a test:///FILE host's
 * connection is watched, its domain is suspended, resumed, destroyed and
 * started directly through the virt layer (as virsh would, outside dosvm's
 * jobs), and after each change the drain records the VM's run state, never
 * its power state; a domain that stops by itself while its power is on is
 * marked and gets a "stopped" history row, a crash (queued as the event
 * thread would, the test driver cannot crash a guest) a "crash" row, and
 * the reconciler starts such a VM again on its tick (OP-30), but not while
 * a job of a live process works on it; a stop leaves a
 * saved VM saved, events of one domain between two drains count as one,
 * an event of another host's URI, of a VM with a job under way (a running
 * task of a live process) and of a VM powered off change what they should
 * and no more; vm_stamp moves with every run-state change; closing a
 * connection ends its watch; dosvmd's keeper watches every live host and
 * again after a reconnect.
 * features: M11.4 M11.1 */
#include "base/util.h"
#include "jobs/job.h"
#include "virt/hostconn.h"
#include "virt/virt.h"
#include "virt/virtdom.h"
#include "vm/instance.h"
#include "vm/reconcile.h"
#include "vm/vm.h"
#include "vm/vmevents.h"
#include "vm/vmpower.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmfixture.h"

static const char *const snap_tables[] = {"vm", "vm_event"};
#include "lib/testcheck.h"

#define DEADLINE_MS 5000

static char *host_uri, *host2_uri;

static int64_t add_instance(const char *name)
{
    struct instance_input in = {.name_en = name,
                                .name_zh = "实例",
                                .vcpus = "1",
                                .memory = "256",
                                .memory_unit = "MiB",
                                .unique = "0",
                                .hypervisor = "qemu"};
    struct inst_spec s;
    struct dv_error err = {0};
    int64_t id = 0;

    if (!instance_parse(&in, &s, &err))
        printf("# parse %s: %s\n", name, err.msg);
    if (!instance_add(db, &pa, &s, &id, NULL, &err))
        printf("# add instance %s: %s\n", name, err.msg);
    instspec_clear(&s);
    return id;
}

static int64_t add_vm(int64_t inst, const char *name)
{
    struct dv_error err = {0};
    int64_t id = 0;

    if (!vm_add(db, &pa, inst, name, &id, NULL, &err))
        printf("# add vm %s: %s\n", name, err.msg);
    return id;
}

static char *vm_uuid(int64_t id)
{
    char *sql = g_strdup_printf("SELECT uuid FROM vm WHERE id = %lld", (long long)id);
    char *u = testdb_text(db, sql);

    g_free(sql);
    return u;
}

static int run_state(int64_t id)
{
    char *sql = g_strdup_printf("SELECT run_state FROM vm WHERE id = %lld", (long long)id);
    char *v = testdb_text(db, sql);
    int r = v ? atoi(v) : -1;

    g_free(sql);
    g_free(v);
    return r;
}

static int64_t stamp(void)
{
    int64_t n = -1;

    vm_stamp(db, &n, NULL);
    return n;
}

/* Drain the events as they come until the run state of id is want, within
 * the deadline; the number of run states the drains changed. */
static int follow(int64_t id, int want)
{
    int64_t end = g_get_monotonic_time() + DEADLINE_MS * 1000;
    struct dv_error err = {0};
    int changed = 0, n;

    while (run_state(id) != want && g_get_monotonic_time() < end) {
        vmevents_wait(100);
        if ((n = vmevents_drain(db, &err)) < 0)
            printf("# drain: %s\n", err.msg);
        changed += MAX(n, 0);
    }
    return changed;
}

/* Wait for at least one event and drain what came: the number changed. */
static int drain_next(void)
{
    struct dv_error err = {0};
    int n;

    if (!vmevents_wait(DEADLINE_MS))
        printf("# no event within the deadline\n");
    n = vmevents_drain(db, &err);
    if (n < 0)
        printf("# drain: %s\n", err.msg);
    return n;
}

static long events_of(int64_t id, const char *kind)
{
    return count_where("vm_event", "vm_id = %lld AND kind = %Q", (long long)id, kind);
}

/* A queued event, as libvirt's event thread queues them. */
static void inject(const char *uri, const char *uuid, enum virt_dom_state st, bool crashed,
                   const char *what)
{
    struct virt_dom_event ev = {.uri = uri, .state = st, .crashed = crashed};

    g_strlcpy(ev.uuid, uuid, sizeof ev.uuid);
    g_strlcpy(ev.what, what, sizeof ev.what);
    vmevents_queue(&ev);
}

static void poll_jobs(void)
{
    int64_t end = g_get_monotonic_time() + DEADLINE_MS * 1000;

    while (job_pending() && g_get_monotonic_time() < end) {
        if (job_poll() == 0)
            g_usleep(10000);
    }
}

static int64_t vm_a, vm_b;
static char *uuid_a, *uuid_b;

static void test_watch(void)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(host_uri, &err);

    ok(c != NULL, "the host's connection: %s", err.msg);
    ok(!virt_dom_watched(c), "not watched before");
    ok(vmevents_watch(c, &err), "watched: %s", err.msg);
    ok(virt_dom_watched(c), "now watched");
    ok(vmevents_watch(c, &err), "a second watch of the connection: nothing more to do");
    ok(vm_power_on(db, &pa, vm_a, host, &err), "vma powered on by its job: %s", err.msg);
    ok(vm_power_on(db, &pa, vm_b, host, &err), "vmb too: %s", err.msg);
    is_int(run_state(vm_a), VM_RUNNING, "vma runs");
    /* the starts' events come too: the jobs recorded the same already */
    drain_next();
    is_int(count_where("vm", "run_state = 1 AND power_on = 1 AND stopped_at = 0"), 2,
           "the jobs' own events change nothing");
}

static void test_outside(void)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(host_uri, &err);
    int64_t s0 = stamp();
    long rows0 = count_where("vm_event", "1");

    ok(virt_dom_suspend(c, uuid_a, &err), "vma suspended outside dosvm: %s", err.msg);
    is_int(follow(vm_a, VM_SUSPENDED), 1, "one run state changed by the drain");
    is_int(run_state(vm_a), VM_SUSPENDED, "recorded 挂起 (suspended event)");
    ok(stamp() > s0, "vm_stamp moved: the console's VM pages re-read");
    ok(virt_dom_resume(c, uuid_a, &err), "resumed outside: %s", err.msg);
    follow(vm_a, VM_RUNNING);
    is_int(run_state(vm_a), VM_RUNNING, "recorded 运行 (resumed event)");
    is_int(count_where("vm_event", "1"), rows0, "a suspend and a resume write no history");

    ok(virt_dom_destroy(c, uuid_a, &err), "vma destroyed outside dosvm: %s", err.msg);
    follow(vm_a, VM_SHUTOFF);
    is_int(count_where("vm",
                       "id = %lld AND run_state = 0 AND power_on = 1 AND stopped_at > 0 "
                       "AND access_port = 0",
                       (long long)vm_a),
           1, "recorded 关机, power still 开启 (the user's wish), marked stopped by itself");
    is_int(count_where("vm_event",
                       "vm_id = %lld AND kind = 'stopped' AND host_id = %lld AND detail = "
                       "'stopped: destroyed'",
                       (long long)vm_a, (long long)host),
           1, "the unexpected stop in the history, with libvirt's words");
    is_int(run_state(vm_b), VM_RUNNING, "vmb untouched");
}

/* One reconciler tick, waited for: its visit and what it started. */
static void reconcile_once(struct reconciler *r, int64_t now)
{
    struct dv_error err = {0};
    int64_t end = g_get_monotonic_time() + DEADLINE_MS * 1000;

    ok(reconcile_tick_start(r, now, &err), "the reconciler's tick: %s", err.msg);
    while ((reconcile_pending(r) || job_pending()) && g_get_monotonic_time() < end)
        if (job_poll() == 0)
            g_usleep(10000);
}

/* OP-30 still decides the restart, on its tick; not while a job (of any
 * live dosvm process) works on the VM: what the job does is not the VM
 * stopping by itself (a save under way in dosvmctl, dosvmd's own restart). */
static void test_restart(void)
{
    struct reconciler *r = reconciler_new(db, 0);
    struct dv_error err = {0};
    int64_t end = g_get_monotonic_time() + DEADLINE_MS * 1000;
    char *sql = g_strdup_printf("INSERT INTO task(what, object, pid, started_at) VALUES "
                                "('Save VM', 'vma', %d, 1)",
                                (int)getpid());

    exec(sql);
    g_free(sql);
    reconcile_once(r, dv_now());
    is_int(events_of(vm_a, "restart"), 0, "a VM with a job under way: no restart decided");
    is_int(count_where("vm", "id = %lld AND run_state = 0 AND stopped_at > 0", (long long)vm_a), 1,
           "... its record left to the job");
    exec("DELETE FROM task");
    reconciler_free(r);
    r = reconciler_new(db, 0);
    ok(reconcile_tick_start(r, dv_now(), &err), "the reconciler's tick: %s", err.msg);
    while ((reconcile_pending(r) || job_pending() || run_state(vm_a) != VM_RUNNING) &&
           g_get_monotonic_time() < end)
        if (job_poll() == 0)
            g_usleep(10000);
    is_int(count_where("vm", "id = %lld AND run_state = 1 AND stopped_at = 0", (long long)vm_a), 1,
           "the stopped VM started again by the reconciler");
    is_int(events_of(vm_a, "restart"), 1, "with its restart event");
    reconciler_free(r);
    drain_next(); /* the restart's own start event */
    is_int(run_state(vm_a), VM_RUNNING, "its own event changes nothing");
}

static void test_crash(void)
{
    struct dv_error err = {0};

    inject(host_uri, uuid_b, VIRT_DOM_CRASHED, true, "crashed: panicked");
    is_int(vmevents_drain(db, &err), 1, "a crash event drained: %s", err.msg);
    is_int(count_where("vm", "id = %lld AND run_state = 0 AND power_on = 1 AND stopped_at > 0",
                       (long long)vm_b),
           1, "the crashed VM recorded 关机, power 开启, marked");
    is_int(count_where("vm_event",
                       "vm_id = %lld AND kind = 'crash' AND detail = 'crashed: "
                       "panicked' AND host_id = %lld",
                       (long long)vm_b, (long long)host),
           1, "a crash row in the history");
    inject(host_uri, uuid_b, VIRT_DOM_SHUTOFF, true, "stopped: crashed");
    is_int(vmevents_drain(db, &err), 0, "the same stop again: nothing changes");
    is_int(events_of(vm_b, "crash"), 1, "no second row");
    inject(host_uri, uuid_b, VIRT_DOM_RUNNING, false, "started: booted");
    is_int(vmevents_drain(db, &err), 1, "started again from outside");
    is_int(count_where("vm", "id = %lld AND run_state = 1 AND stopped_at = 0", (long long)vm_b), 1,
           "recorded 运行, the mark cleared");
}

static void test_rules(void)
{
    struct dv_error err = {0};
    pid_t child;
    int status;
    char *sql;

    /* one domain's events between two drains: the last stands */
    inject(host_uri, uuid_b, VIRT_DOM_SHUTOFF, false, "stopped: from snapshot");
    inject(host_uri, uuid_b, VIRT_DOM_RUNNING, false, "started: from snapshot");
    is_int(vmevents_drain(db, &err), 0, "a stop and a start queued together: no change");
    is_int(events_of(vm_b, "stopped"), 0, "and no history row");

    /* in between: nothing */
    vmevents_drain(db, &err);
    inject(host_uri, uuid_b, VIRT_DOM_OTHER, false, "shutdown: guest");
    ok(!vmevents_wait(0), "an in-between event is not even queued");

    /* another host's URI: not this VM's host */
    inject(host2_uri, uuid_b, VIRT_DOM_SHUTOFF, false, "stopped: destroyed");
    is_int(vmevents_drain(db, &err), 0, "an event from a host the VM does not run on: ignored");
    is_int(run_state(vm_b), VM_RUNNING, "still 运行");

    /* a job under way: its task, of this (live) process */
    sql = g_strdup_printf("INSERT INTO task(what, object, pid, started_at) VALUES ('Power off VM', "
                          "'vmb', %d, 1)",
                          (int)getpid());
    exec(sql);
    g_free(sql);
    inject(host_uri, uuid_b, VIRT_DOM_SHUTOFF, false, "stopped: shutdown");
    is_int(vmevents_drain(db, &err), 0, "a VM with a job under way: left to the job");
    is_int(run_state(vm_b), VM_RUNNING, "its run state as the job will set it");
    /* the task of a process that died: no job under way any more */
    child = fork();
    if (child == 0)
        _exit(0);
    waitpid(child, &status, 0);
    sql = g_strdup_printf("UPDATE task SET pid = %d WHERE object = 'vmb'", (int)child);
    exec(sql);
    g_free(sql);
    inject(host_uri, uuid_b, VIRT_DOM_PAUSED, false, "suspended: paused");
    is_int(vmevents_drain(db, &err), 1, "a task left by a dead process does not hold it");
    is_int(run_state(vm_b), VM_SUSPENDED, "recorded 挂起");
    exec("DELETE FROM task");

    /* a saved VM stays saved when its domain stops */
    exec("UPDATE vm SET run_state = 3, power_on = 0 WHERE name_en = 'vmb'");
    inject(host_uri, uuid_b, VIRT_DOM_SHUTOFF, false, "stopped: saved");
    is_int(vmevents_drain(db, &err), 0, "a stop of a saved VM: still 保存停止运行");
    is_int(run_state(vm_b), VM_SAVED, "saved");

    /* power off: the run state follows, no history, no mark */
    exec("UPDATE vm SET run_state = 0, power_on = 0 WHERE name_en = 'vmb'");
    inject(host_uri, uuid_b, VIRT_DOM_RUNNING, false, "started: booted");
    is_int(vmevents_drain(db, &err), 1, "started from outside while powered off");
    is_int(count_where("vm", "name_en = 'vmb' AND run_state = 1 AND power_on = 0"), 1,
           "recorded 运行, the power state still 关闭");
    inject(host_uri, uuid_b, VIRT_DOM_SHUTOFF, false, "stopped: destroyed");
    is_int(vmevents_drain(db, &err), 1, "and stopped again");
    is_int(count_where("vm", "name_en = 'vmb' AND run_state = 0 AND stopped_at = 0"), 1,
           "关机, not marked (nobody wants it on)");
    is_int(events_of(vm_b, "stopped"), 0, "no history row for a stop nobody minds");
}

static void test_close_and_keep(void)
{
    struct dv_error err = {0};
    struct vmwatcher *w = vmwatcher_new(db, 0);
    struct virt_conn *c;
    int64_t end;

    hostconn_close_all(); /* closing ends the watch (a callback holds no connection) */
    c = hostconn_get_uri(host_uri, &err);
    ok(c && !virt_dom_watched(c), "a new connection is not watched");
    exec("UPDATE host SET state = 1");
    ok(vmwatcher_tick_start(w, 1000, &err), "the keeper's tick: %s", err.msg);
    is_int(vmwatcher_pending(w), 2, "a visit per live host");
    end = g_get_monotonic_time() + DEADLINE_MS * 1000;
    while (vmwatcher_pending(w) && g_get_monotonic_time() < end)
        if (job_poll() == 0)
            g_usleep(10000);
    ok(virt_dom_watched(hostconn_get_uri(host_uri, &err)), "the host's connection watched");
    ok(virt_dom_watched(hostconn_get_uri(host2_uri, &err)), "and the other host's");
    ok(vmwatcher_tick_start(w, 1001, &err) && vmwatcher_pending(w) == 0,
       "no visit before VMEVENTS_KEEP_S");
    hostconn_close_all();
    exec("UPDATE host SET state = 0 WHERE name = 'h2'");
    ok(vmwatcher_tick_start(w, 1000 + VMEVENTS_KEEP_S, &err), "a tick after a reconnect");
    is_int(vmwatcher_pending(w), 1, "only the live host visited");
    poll_jobs();
    ok(virt_dom_watched(hostconn_get_uri(host_uri, &err)), "its new connection watched again");
    vmwatcher_free(w);
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    char *sql;

    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    fixture();
    host_uri = g_strdup_printf("test://%s/data/demo/host1.xml", top ? top : "..");
    host2_uri = g_strdup_printf("test://%s/data/demo/host2.xml", top ? top : "..");
    sql = sqlite3_mprintf("UPDATE host SET uri = %Q WHERE name = 'h1'; UPDATE host SET uri = %Q "
                          "WHERE name = 'h2'; UPDATE project SET max_instances = 10, max_vcpus = "
                          "100, max_mem_mb = 100000",
                          host_uri, host2_uri);
    exec(sql);
    sqlite3_free(sql);
    vm_a = add_vm(add_instance("plain"), "vma");
    vm_b = add_vm(add_instance("other"), "vmb");
    ok(vm_a && vm_b, "the VMs");
    uuid_a = vm_uuid(vm_a);
    uuid_b = vm_uuid(vm_b);
    is_int(stamp(), stamp(), "vm_stamp reads");
    test_watch();
    test_outside();
    test_restart();
    test_crash();
    test_rules();
    test_close_and_keep();
    g_free(uuid_a);
    g_free(uuid_b);
    g_free(host_uri);
    g_free(host2_uri);
    hostconn_close_all();
    testdb_close(&tdb);
    return tap_done();
}
