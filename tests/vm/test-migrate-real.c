/* test-migrate-real.c - live migration (M11.4.2) through dosvm's core
 * between two REAL libvirtd hosts A and B (tests/lib/twohosts.sh: each in
 * its own network and mount namespace, reached on its unix socket): the
 * tiny guest of tests/lib/guest.sh (no disk, its kernel and initramfs from
 * the instance's custom <os>, a serial pty logged to a file) is powered on
 * on A through vm_power_on and prints its ready marker; vm_migrate_choices
 * offers B and nothing warns about storage (MG4); vm_migrate_start moves it
 * to B live; then the VM record's run host is B, the domain runs on B and is
 * gone from A, the guest answers a command typed on its serial console
 * (virt_console on B), a "migrate" event and the audit row are written; it
 * powers off and is deleted through the core on B.  Run by
 * tests/vm/svc-migrate-real.sh with TH_URI_A, TH_URI_B and
 * DOSVM_GUEST_DIR; skipped otherwise.
 * features: M11.4.2 */
#include "admin/param.h"
#include "db/audit.h"
#include "hosts/host.h"
#include "virt/hostconn.h"
#include "virt/virt.h"
#include "virt/virtdom.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmfixture.h"

static const char *const snap_tables[] = {"vm", "vm_event", "op_log"};

#include "lib/testcheck.h"

#define READY  "DOSVM-GUEST-READY"
#define PROMPT "dosvm-guest# "

static const char *uri_a, *uri_b;
static int64_t host_a, host_b;

static double since(gint64 t0)
{
    return (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
}

/* Polls file until it holds text; false after secs seconds. */
static bool wait_log(const char *file, const char *text, int secs)
{
    gint64 end = g_get_monotonic_time() + secs * G_USEC_PER_SEC;

    for (;;) {
        char *s = NULL;
        bool found = g_file_get_contents(file, &s, NULL, NULL) && strstr(s, text);

        g_free(s);
        if (found)
            return true;
        if (g_get_monotonic_time() >= end)
            return false;
        g_usleep(200 * 1000);
    }
}

static void show_log(const char *file)
{
    char *s = NULL;

    if (g_file_get_contents(file, &s, NULL, NULL)) {
        char **lines = g_strsplit(s, "\n", -1);
        int n = (int)g_strv_length(lines);

        for (int i = n > 15 ? n - 15 : 0; i < n; i++)
            printf("# | %s\n", g_strdelimit(lines[i], "\r", ' '));
        g_strfreev(lines);
    }
    g_free(s);
}

/* The domain uuid on uri: its state, or -1 when it is not defined there. */
static int dom_state(const char *uri, const char *uuid)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(uri, &err);
    enum virt_dom_state st = VIRT_DOM_OTHER;
    bool defined = false;
    bool ok = c && virt_dom_state(c, uuid, &st, &defined, &err);

    if (!ok && err.code != DV_ERR_NOTFOUND)
        printf("# state on %s: %s\n", uri, err.msg);
    return ok && defined ? (int)st : -1;
}

/* Types cmd and Enter on the serial console of uuid on uri (dosvm's
 * virt_console) and reads until want shows up; false after secs seconds. */
static bool console_run(const char *uri, const char *uuid, const char *cmd, const char *want,
                        int secs)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(uri, &err);
    struct virt_console *con =
        c ? virt_console_open(c, uuid, NULL, VIRT_CONSOLE_FORCE, &err) : NULL;
    GString *got = g_string_new(NULL);
    gint64 end = g_get_monotonic_time() + secs * G_USEC_PER_SEC;
    char *line = g_strdup_printf("%s\r", cmd);
    bool found = false;

    if (!con) {
        printf("# console on %s: %s\n", uri, err.msg);
    } else if (!virt_console_send(con, line, strlen(line), &err)) {
        printf("# console send: %s\n", err.msg);
    } else {
        while (!found && g_get_monotonic_time() < end) {
            char buf[4096];
            ssize_t n = virt_console_recv(con, buf, sizeof buf, &err);

            if (n < 0) {
                printf("# console recv: %s\n", err.msg);
                break;
            }
            g_string_append_len(got, buf, n);
            /* want is what only the answer holds, not the echo of cmd */
            found = strstr(got->str, want) != NULL;
            if (!n)
                g_usleep(100 * 1000);
        }
        if (!found)
            printf("# the console said: %s\n", g_strdelimit(got->str, "\r\n", ' '));
    }
    virt_console_close(con);
    g_string_free(got, TRUE);
    g_free(line);
    return found;
}

static int64_t add_guest_instance(const char *guest_dir, const char *serial_log)
{
    char *dom = g_strdup_printf(
        "<domain><os><type arch='x86_64' machine='pc'>hvm</type><kernel>%s/vmlinuz</kernel>"
        "<initrd>%s/initrd.img</initrd><cmdline>console=ttyS0 panic=-1 quiet</cmdline></os>"
        "<features><acpi/></features></domain>",
        guest_dir, guest_dir);
    char *dev = g_strdup_printf(
        "<devices><serial type='pty'><log file='%s' append='off'/><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console></devices>",
        serial_log);
    struct instance_input in = {.name_en = "tiny",
                                .name_zh = "小客户机",
                                .vcpus = "1",
                                .memory = "256",
                                .memory_unit = "MiB",
                                .hypervisor = "qemu",
                                .custom_domain = dom,
                                .custom_devices = dev};
    struct inst_spec s;
    struct dv_error err = {0};
    int64_t id = 0;

    if (!instance_parse(&in, &s, &err))
        printf("# parse: %s\n", err.msg);
    else if (!instance_add(db, &pa, &s, &id, NULL, &err))
        printf("# add instance: %s\n", err.msg);
    instspec_clear(&s);
    g_free(dom);
    g_free(dev);
    return id;
}

static char *vm_uuid_of(int64_t id)
{
    char *sql = g_strdup_printf("SELECT uuid FROM vm WHERE id = %lld", (long long)id);
    char *u = testdb_text(db, sql);

    g_free(sql);
    return u;
}

static void test_migrate(int64_t vm_id, const char *uuid, const char *log)
{
    struct dv_error err = {0};
    struct choice_list l = {0};
    struct job *job;
    struct vm v = {0};
    char *w;
    long ops0, events0;
    gint64 t0;

    ok(vm_migrate_choices(db, &pa, vm_id, &l, &err), "the target hosts: %s", err.msg);
    ok(l.n == 1 && l.v[0].id == host_b && l.v[0].on,
       "B is offered, running, and A (the current host) is not (MG1)");
    choice_list_free(&l);
    w = vm_migrate_warning(db, vm_id, &err);
    ok(!w, "a diskless VM gets no shared-storage warning (MG4): %s", w ? w : "none");
    g_free(w);

    ops0 = ops();
    events0 = count_where("vm_event", "vm_id = %lld", (long long)vm_id);
    t0 = g_get_monotonic_time();
    job = vm_migrate_start(db, &pa, vm_id, host_b, &err);
    ok(job != NULL, "vm_migrate_start to B starts a job: %s", err.msg);
    ok(job && job_cancellable(job), "a live move can be cancelled");
    ok(job && job_run(job, &err), "the job ends well: %s", err.msg);
    printf("# migrated in %.1f s (the job, from vm_migrate_start)\n", since(t0));
    if (job)
        job_unref(job);

    ok(vm_get(db, &pa, vm_id, &v, &err), "the VM is read back");
    is_int(v.run_host_id, host_b, "its run host is B");
    ok(v.power_on && v.run == VM_RUNNING, "it is still on and running (power %d, run %d)",
       v.power_on, v.run);
    ok(v.access_port > 0, "the access port was read on B (%d)", v.access_port);
    vm_clear(&v);
    is_int(dom_state(uri_b, uuid), VIRT_DOM_RUNNING, "the domain runs on B");
    is_int(dom_state(uri_a, uuid), -1, "and is no longer defined on A (undefined at the source)");
    t0 = g_get_monotonic_time();
    ok(console_run(uri_b, uuid, "echo DOSVM-MOVED-$((6*7))", "DOSVM-MOVED-42", 20),
       "the guest answers on its serial console on B");
    printf("# answered %.1f s after the command was typed\n", since(t0));
    if (!ok(wait_log(log, "DOSVM-MOVED-42", 10), "and its serial log, now kept by B, shows it"))
        show_log(log);
    is_int(count_where("vm_event", "vm_id = %lld", (long long)vm_id), events0 + 1,
           "one history event");
    is_int(count_where("vm_event",
                       "vm_id = %lld AND kind = 'migrate' AND host_id = %lld AND detail = 'live'",
                       (long long)vm_id, (long long)host_b),
           1, "a live migrate event naming B (M11.5.2)");
    is_int(ops(), ops0 + 1, "one audit row");
    is_int(count_where("op_log", "id = (SELECT max(id) FROM op_log) AND action = 'Migrate VM' AND "
                                 "object = 'mig' AND type = 2 AND user = 'zhou'"),
           1, "the row: zhou, 修改, Migrate VM, mig (OP-3)");
}

int main(void)
{
    const char *guest_dir = getenv("DOSVM_GUEST_DIR");
    struct dv_error err = {0};
    int64_t inst, vm_id = 0;
    char *uuid = NULL, *log, *tmp;
    gint64 t0;

    uri_a = getenv("TH_URI_A");
    uri_b = getenv("TH_URI_B");
    if (!uri_a || !*uri_a || !uri_b || !*uri_b || !guest_dir || !*guest_dir) {
        printf("1..0 # SKIP needs two real libvirtd hosts and the guest (run by "
               "svc-migrate-real.sh)\n");
        return 0;
    }
    setenv("DOSVM_POWEROFF_TIMEOUT_MS", "20000", 1);
    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    fixture();
    log = g_build_filename(tdb.dir, "mig.serial.log", NULL);
    tmp = g_build_filename(tdb.dir, "tmp", NULL);
    g_mkdir_with_parents(tmp, 0700);
    ok(setting_put(db, "vm_temp_dir", tmp, &err), "the VM temporary directory: %s", err.msg);

    ok(host_add(db, &sys, "host-a", uri_a, &host_a, &err), "host A is registered: %s", err.msg);
    ok(host_add(db, &sys, "host-b", uri_b, &host_b, &err), "host B is registered: %s", err.msg);
    {
        char *a = testdb_text(db, "SELECT uuid FROM host WHERE name = 'host-a'");
        char *b = testdb_text(db, "SELECT uuid FROM host WHERE name = 'host-b'");

        ok(a && b && strcmp(a, b) != 0, "with UUIDs of their own (%s, %s)", a ? a : "", b ? b : "");
        g_free(a);
        g_free(b);
    }
    /* the project's host group holds A and B only */
    exec("DELETE FROM host_group_member");
    {
        char *sql = sqlite3_mprintf("INSERT INTO host_group_member(group_id, host_id) VALUES "
                                    "(%lld, %lld), (%lld, %lld); UPDATE project SET "
                                    "max_instances = 10, max_vcpus = 100, max_mem_mb = 100000",
                                    (long long)group, (long long)host_a, (long long)group,
                                    (long long)host_b);

        exec(sql);
        sqlite3_free(sql);
    }
    inst = add_guest_instance(guest_dir, log);
    ok(inst > 0, "an instance booting the tiny guest, no disk");
    ok(inst && vm_add(db, &pa, inst, "mig", &vm_id, NULL, &err), "its VM: %s", err.msg);
    uuid = vm_id ? vm_uuid_of(vm_id) : NULL;

    t0 = g_get_monotonic_time();
    ok(vm_power_on(db, &pa, vm_id, host_a, &err), "vm_power_on on A: %s", err.msg);
    printf("# powered on in %.1f s\n", since(t0));
    is_int(count_where("vm", "id = %lld AND run_host_id = %lld AND run_state = %d",
                       (long long)vm_id, (long long)host_a, VM_RUNNING),
           1, "it runs on A");
    is_int(uuid ? dom_state(uri_a, uuid) : -2, VIRT_DOM_RUNNING, "the domain runs on A");
    if (ok(wait_log(log, READY, 60), "the guest prints " READY " on its serial log")) {
        printf("# ready %.1f s after vm_power_on returned\n", since(t0));
    } else {
        show_log(log);
    }
    if (!ok(wait_log(log, PROMPT, 30), "its shell prompt follows"))
        show_log(log);
    ok(uuid && console_run(uri_a, uuid, "echo DOSVM-ON-A-$((6*7))", "DOSVM-ON-A-42", 20),
       "the guest answers on its serial console on A");

    if (uuid)
        test_migrate(vm_id, uuid, log);

    t0 = g_get_monotonic_time();
    ok(vm_action(db, &pa, vm_id, VMA_POWER_OFF, &err), "power off through the core: %s", err.msg);
    printf("# powered off in %.1f s\n", since(t0));
    is_int(count_where("vm", "id = %lld AND power_on = 0 AND run_state = %d", (long long)vm_id,
                       VM_SHUTOFF),
           1, "off, shut off");
    is_int(uuid ? dom_state(uri_b, uuid) : -2, VIRT_DOM_SHUTOFF,
           "the domain is shut off on B, where it is defined now (persistent at the target)");
    ok(vm_delete(db, &pa, vm_id, &err), "the VM is deleted: %s", err.msg);
    is_int(uuid ? dom_state(uri_b, uuid) : -2, -1, "and undefined on B");
    is_int(uuid ? dom_state(uri_a, uuid) : -2, -1, "and still not on A");

    g_free(uuid);
    hostconn_close_all();
    rm_tree(tmp);
    g_free(tmp);
    g_free(log);
    testdb_close(&tdb);
    return tap_done();
}
