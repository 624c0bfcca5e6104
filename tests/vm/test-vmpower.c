/* test-vmpower.c - a VM's power operations (src/vm/vmpower.h) on libvirt's
 * test driver (a test:///FILE host of the demo): power-on with automatic
 * placement and with a chosen host, the domain defined and running on the
 * host, the states, XML, history and audit rows; the refusals before any
 * job (a running VM, a host outside the instance's, a stopped host, the
 * vCPU and memory quotas, a disabled instance, a second running VM of an
 * instance with a fixed MAC); the temporary overlay of a read-only image
 * made in dosvm's temporary pool and removed at power-off; suspend,
 * resume, reboot, reset, save (the save path kept) and restore, power-off
 * (graceful on the test driver), delete (undefined on the host), the start
 * error of a start that failed on its host (M11.4.5c), and disabling an
 * instance, which destroys its running VMs; migration's host choice (MG1),
 * the next-run move of a VM that does not run (MG2), the shared-storage
 * warning (MG4) and a live move the host cannot make leaving the VM.
 * features: M11.4.4b M11.4.5a M11.4.5b M11.4.5c M11.4.6a M11.4.6b M11.4.7a M11.4.7b M11.4.8a
 * M11.4.8b M11.3h M11.3j M11.4.2 */
#include "db/audit.h"
#include "hosts/host.h"
#include "virt/hostconn.h"
#include "virt/virt.h"
#include "virt/virtdom.h"
#include "virt/virtstore.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmfixture.h"

static const char *const snap_tables[] = {"vm", "vm_overlay", "instance"};

#include "lib/testcheck.h"

static char *host_uri;

static int64_t add_instance(const char *name, bool unique, int64_t disk_image, const char *mac)
{
    struct instance_input in = {.name_en = name,
                                .name_zh = "实例",
                                .vcpus = "2",
                                .memory = "1",
                                .memory_unit = "GiB",
                                .unique = unique ? "1" : "0",
                                .hypervisor = "qemu"};
    struct inst_disk d = {.resource = RES_FILE,
                          .device = DEV_DISK,
                          .image_id = disk_image,
                          .bus = BUS_VIRTIO,
                          .cache = CACHE_WRITEBACK,
                          .dev = "vda"};
    struct inst_spec s;
    struct dv_error err = {0};
    int64_t id = 0;

    in.disks = &d;
    in.ndisks = disk_image ? 1 : 0;
    if (!instance_parse(&in, &s, &err))
        printf("# parse %s: %s\n", name, err.msg);
    (void)mac;
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

/* The domain of VM id on the test host: its state, or -1 when not defined. */
static int dom_state(int64_t id)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(host_uri, &err);
    enum virt_dom_state st = VIRT_DOM_OTHER;
    bool defined = false;
    char *u = vm_uuid(id);
    bool ok = c && virt_dom_state(c, u, &st, &defined, &err);

    g_free(u);
    return ok && defined ? (int)st : -1;
}

static void states(int64_t id, int power, int run, const char *what)
{
    is_int(count_where("vm", "id = %lld AND power_on = %d AND run_state = %d", (long long)id, power,
                       run),
           1, "%s: power %d, run state %d", what, power, run);
}

static void act(int64_t id, enum vm_action a, int power, int run, const char *audit,
                const char *what)
{
    struct dv_error err = {0};
    long ops0 = ops();

    ok(vm_action(db, &pa, id, a, &err), "%s: %s", what, err.msg);
    states(id, power, run, what);
    is_int(ops(), ops0 + 1, "%s: one audit row", what);
    is_int(count_where("op_log", "id = (SELECT max(id) FROM op_log) AND action = %Q AND type = 2",
                       audit),
           1, "%s: the row says %s", what, audit);
}

static void refused_action(int64_t id, enum vm_action a, const char *what)
{
    struct snap before = snap_take();
    struct dv_error err = {0};
    struct job *job = a == VMA_POWER_ON ? vm_power_on_start(db, &pa, id, 0, &err)
                                        : vm_action_start(db, &pa, id, a, &err);

    ok(!job, "%s: refused (%s)", what, err.msg);
    ok(err.code == DV_ERR_DENIED, "%s: as not allowed in this state", what);
    ok(err.msg[0], "%s: says why", what);
    snap_same(&before, what);
}

static int64_t inst_plain, inst_ro, inst_shared, vm_a, vm_b, vm_c;

static void test_power_on(void)
{
    struct dv_error err = {0};
    struct snap before;
    char *xml;
    long ops0 = ops();

    ok(vm_power_on(db, &pa, vm_a, 0, &err), "power on with automatic placement: %s", err.msg);
    states(vm_a, 1, VM_RUNNING, "power on");
    is_int(count_where("vm", "id = %lld AND run_host_id = %lld AND start_error = ''",
                       (long long)vm_a, (long long)host),
           1, "placed on h1 (the only host of the project's group), no start error");
    is_int(dom_state(vm_a), VIRT_DOM_RUNNING, "the domain runs on the host");
    xml = testdb_text(db, "SELECT xml FROM vm WHERE name_en = 'vma'");
    ok(xml && strstr(xml, "<name>vma</name>") &&
           (strstr(xml, "type=\"qemu\"") || strstr(xml, "type='qemu'")),
       "the domain XML is kept with the VM");
    g_free(xml);
    is_int(ops(), ops0 + 1, "one audit row");
    is_int(count_where("op_log", "action = 'Power on VM' AND object = 'vma' AND type = 2"), 1,
           "type 修改, naming the action (OP-3)");
    is_int(count_where("vm_event", "vm_id = %lld AND kind = 'start' AND host_id = %lld",
                       (long long)vm_a, (long long)host),
           1, "a start event on h1 (M11.5.2)");
    refused_action(vm_a, VMA_POWER_ON, "power on a running VM");

    before = snap_take();
    ok(!vm_power_on_start(db, &pa, vm_b, host2, &err), "h2 is not among the instance's hosts");
    snap_same(&before, "a host outside the project's groups");
    exec("UPDATE host SET state = 0 WHERE name = 'h1'");
    before = snap_take();
    ok(!vm_power_on_start(db, &pa, vm_b, 0, &err), "no running host: %s", err.msg);
    snap_same(&before, "no running host");
    exec("UPDATE host SET state = 1 WHERE name = 'h1'");
    exec("UPDATE project SET max_vcpus = 3 WHERE name = 'p1'");
    before = snap_take();
    ok(!vm_power_on_start(db, &pa, vm_b, 0, &err) && strstr(err.msg, "4"),
       "the vCPU quota of running VMs (OP-29): %s", err.msg);
    snap_same(&before, "vCPU quota");
    exec("UPDATE project SET max_vcpus = 100, max_mem_mb = 1500 WHERE name = 'p1'");
    ok(!vm_power_on_start(db, &pa, vm_b, 0, &err), "the memory quota: %s", err.msg);
    exec("UPDATE project SET max_mem_mb = 100000 WHERE name = 'p1'");
    exec("UPDATE instance SET memory_mib = 4000 WHERE name_en = 'ro'");
    ok(!vm_power_on_start(db, &pa, vm_b, host, &err) && strstr(err.msg, "512"),
       "memory above the host's less 512 MiB: %s", err.msg);
    exec("UPDATE instance SET memory_mib = 1024 WHERE name_en = 'ro'");
}

static void test_overlay(void)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(host_uri, &err);
    struct virt_vol v = {0};
    char *path;

    ok(vm_power_on(db, &pa, vm_b, host, &err), "a VM on a read-only image, host chosen: %s",
       err.msg);
    path = testdb_text(db, "SELECT path FROM vm_overlay o JOIN vm ON vm.id = o.vm_id WHERE "
                           "vm.name_en = 'vmb'");
    ok(path && g_str_has_suffix(path, "/vmb-vda.qcow2"), "its temporary overlay: %s",
       path ? path : "none");
    ok(path && c && virt_vol_get(c, path, &v, &err), "the overlay is a volume on the host");
    is_str(v.format, "qcow2", "a qcow2 overlay");
    virt_vol_clear(&v);
    act(vm_b, VMA_POWER_OFF, 0, VM_SHUTOFF, "Power off VM", "power off (M11.4.5b)");
    is_int(count_where("vm_overlay", "vm_id = %lld", (long long)vm_b), 0, "the overlay forgotten");
    ok(path && c && !virt_vol_get(c, path, &v, &err), "and removed from the host");
    virt_vol_clear(&v);
    g_free(path);
    {
        /* the temporary directory changed (OP-34): the pool follows it */
        char *own = g_build_filename(tdb.dir, "moved", NULL);

        g_mkdir_with_parents(own, 0700);
        ok(host_set_temp_dir(db, host, own, &err), "h1 gets a directory of its own");
        ok(vm_power_on(db, &pa, vm_b, host, &err), "power on again: %s", err.msg);
        path = testdb_text(db, "SELECT path FROM vm_overlay o JOIN vm ON vm.id = o.vm_id WHERE "
                               "vm.name_en = 'vmb'");
        ok(path && g_str_has_prefix(path, own) && c && virt_vol_get(c, path, &v, &err),
           "the overlay is made in the new directory, a volume of the pool there: %s",
           path ? path : "none");
        virt_vol_clear(&v);
        act(vm_b, VMA_POWER_OFF, 0, VM_SHUTOFF, "Power off VM", "power off again");
        ok(host_set_temp_dir(db, host, "", &err), "h1 back to the parameter's directory");
        g_free(path);
        g_free(own);
    }
}

static void test_actions(void)
{
    struct dv_error err = {0};
    struct vm v = {0};

    refused_action(vm_a, VMA_RESUME, "resume a running VM");
    refused_action(vm_a, VMA_RESTORE, "restore a running VM");
    act(vm_a, VMA_SUSPEND, 1, VM_SUSPENDED, "Suspend VM", "suspend (M11.4.7a)");
    is_int(dom_state(vm_a), VIRT_DOM_PAUSED, "paused on the host");
    refused_action(vm_a, VMA_REBOOT, "reboot a suspended VM");
    refused_action(vm_a, VMA_SAVE, "save a suspended VM");
    act(vm_a, VMA_RESUME, 1, VM_RUNNING, "Resume VM", "resume (M11.4.7b)");
    act(vm_a, VMA_REBOOT, 1, VM_RUNNING, "Reboot VM", "reboot (M11.4.6a)");
    act(vm_a, VMA_RESET, 1, VM_RUNNING, "Reset VM", "reset (M11.4.6b)");
    {
        /* OP-34: the host's own directory (its dosvmd.conf) before the parameter's */
        char *own = g_build_filename(tdb.dir, "hosttmp", NULL);

        g_mkdir_with_parents(own, 0700);
        ok(host_set_temp_dir(db, host, own, &err), "h1 has its own temporary directory");
        act(vm_a, VMA_SAVE, 0, VM_SAVED, "Save VM", "save (M11.4.8a)");
        ok(vm_get(db, &pa, vm_a, &v, &err) && g_str_has_suffix(v.save_path, ".save") &&
               g_str_has_prefix(v.save_path, own),
           "the save file is kept in the host's own directory (OP-34): %s", v.save_path);
        ok(host_set_temp_dir(db, host, "", &err), "h1 back to the parameter's directory");
        g_free(own);
    }
    vm_clear(&v);
    refused_action(vm_a, VMA_POWER_ON, "power on a saved VM (OP-49)");
    act(vm_a, VMA_RESTORE, 1, VM_RUNNING, "Restore VM", "restore (M11.4.8b)");
    is_int(dom_state(vm_a), VIRT_DOM_RUNNING, "running again");
    is_int(count_where("vm", "id = %lld AND save_path = ''", (long long)vm_a), 1,
           "the save file forgotten");
    ok(!vm_delete_start(db, &pa, vm_a, &err) && err.code == DV_ERR_DENIED,
       "a running VM cannot be deleted: %s", err.msg);
    act(vm_a, VMA_POWER_OFF, 0, VM_SHUTOFF, "Power off VM", "power off");
    is_int(dom_state(vm_a), VIRT_DOM_SHUTOFF, "shut off on the host");
    refused_action(vm_a, VMA_POWER_OFF, "power off a shut-off VM");
    ok(vm_delete(db, &pa, vm_a, &err), "delete (M11.4.4b): %s", err.msg);
    is_int(count_where("vm", "id = %lld", (long long)vm_a), 0, "the record is gone");
    is_int(dom_state(vm_a), -1, "and the domain undefined");
}

static void test_start_error(void)
{
    struct dv_error err = {0};
    struct vm v = {0};
    char *text;

    exec("UPDATE host SET uri = 'test:///nonexistent/dosvm-missing-host.xml' WHERE name = 'h1'");
    ok(!vm_power_on(db, &pa, vm_c, 0, &err), "a start the host cannot do fails: %s", err.msg);
    states(vm_c, 0, VM_SHUTOFF, "after a failed start");
    ok(vm_get(db, &pa, vm_c, &v, &err), "read");
    text = vm_start_error_text(&v);
    ok(*v.start_error && strstr(text, "h1"), "the start error is kept with its host: %s", text);
    g_free(text);
    vm_clear(&v);
    exec("UPDATE host SET uri = (SELECT uri FROM host WHERE name = 'h2') WHERE name = 'h1'");
    g_free(host_uri);
    host_uri = testdb_text(db, "SELECT uri FROM host WHERE name = 'h1'");
    ok(vm_power_on(db, &pa, vm_c, 0, &err), "the next start works: %s", err.msg);
    ok(vm_get(db, &pa, vm_c, &v, &err) && !*v.start_error, "and clears the start error");
    text = vm_start_error_text(&v);
    ok(text && *text, "no start error now: %s", text);
    g_free(text);
    vm_clear(&v);
}

static void test_disable(void)
{
    struct dv_error err = {0};
    long ops0 = ops();

    ok(instance_disable(db, &pa, inst_shared, &err), "disable the instance (M11.3h): %s", err.msg);
    is_int(count_where("instance", "id = %lld AND active = 0", (long long)inst_shared), 1,
           "disabled");
    states(vm_c, 0, VM_SHUTOFF, "its running VM");
    is_int(dom_state(vm_c), VIRT_DOM_SHUTOFF, "destroyed on the host");
    is_int(ops(), ops0 + 1, "one audit row");
    ok(!vm_power_on_start(db, &pa, vm_c, 0, &err), "a VM of a disabled instance cannot start");
    ok(!instance_disable_start(db, &pa, inst_shared, &err) && err.code == DV_ERR_INFO,
       "disabled already");
}

static void test_migrate(void)
{
    struct dv_error err = {0};
    struct choice_list l = {0};
    struct job *job;
    char *w;
    long ops0;

    exec("INSERT INTO host_group_member(group_id, host_id) SELECT g.id, h.id FROM host_group g, "
         "host h WHERE g.name = 'g1' AND h.name = 'h2'");
    ok(vm_migrate_choices(db, &pa, vm_c, &l, &err), "the target hosts (M11.4.2)");
    ok(l.n == 1 && strcmp(l.v[0].label, "h2") == 0,
       "only the project's group hosts, never the current one (MG1)");
    choice_list_free(&l);
    exec("UPDATE instance SET bound_group_id = NULL, bound_host_id = (SELECT id FROM host WHERE "
         "name = 'h1') WHERE name_en = 'plain'");
    {
        int64_t bound_vm = add_vm(inst_plain, "vmbound");

        ok(!vm_migrate_choices(db, &pa, bound_vm, &l, &err) && err.code == DV_ERR_DENIED,
           "a VM bound to a host cannot migrate (MG1): %s", err.msg);
        ok(!vm_migrate_start(db, &pa, bound_vm, host2, &err), "nor be moved");
    }
    ok(!vm_migrate_start(db, &pa, vm_c, host, &err), "not to its own host: %s", err.msg);
    ops0 = ops();
    job = vm_migrate_start(db, &pa, vm_c, host2, &err);
    ok(job && job_run(job, &err), "a shut-off VM 'migrates': %s", err.msg);
    if (job)
        job_unref(job);
    is_int(count_where("vm", "id = %lld AND run_host_id = %lld", (long long)vm_c, (long long)host2),
           1, "only where it runs next changes (MG2)");
    is_int(count_where("vm_event", "vm_id = %lld AND kind = 'migrate'", (long long)vm_c), 1,
           "a migrate event");
    is_int(ops(), ops0 + 1, "one audit row");
    /* a running VM: the test driver cannot migrate; the VM stays */
    ok(vm_power_on(db, &pa, vm_b, host, &err), "a running VM: %s", err.msg);
    w = vm_migrate_warning(db, vm_b, &err);
    ok(w && strstr(w, "1"), "its disk is not on shared storage: warned (MG4): %s", w ? w : "none");
    g_free(w);
    job = vm_migrate_start(db, &pa, vm_b, host2, &err);
    ok(job && !job_run(job, &err), "a live migration the host cannot do fails: %s", err.msg);
    if (job)
        job_unref(job);
    is_int(count_where("vm", "id = %lld AND run_host_id = %lld AND run_state = 1", (long long)vm_b,
                       (long long)host),
           1, "and the VM stays, running, on its host");
}

/* OP-35: a second VM on the same writable disk only when confirmed. */
static void test_shared_disks(void)
{
    struct instance_input in = {.name_en = "shared-disk",
                                .name_zh = "共享盘",
                                .vcpus = "1",
                                .memory = "128",
                                .memory_unit = "MiB",
                                .unique = "0",
                                .hypervisor = "qemu"};
    struct inst_disk d = {.resource = RES_FILE,
                          .device = DEV_DISK,
                          .image_id = image,
                          .bus = BUS_VIRTIO,
                          .cache = CACHE_WRITEBACK,
                          .dev = "vda"};
    struct dv_error err = {0};
    struct inst_spec s;
    struct snap before;
    struct job *job;
    int64_t id = 0, w1, w2;

    in.disks = &d;
    in.ndisks = 1;
    ok(instance_parse(&in, &s, &err) && instance_add(db, &pa, &s, &id, NULL, &err),
       "an instance that is not unique, with a writable disk: %s", err.msg);
    instspec_clear(&s);
    w1 = add_vm(id, "vw1");
    w2 = add_vm(id, "vw2");
    ok(vm_power_on(db, &pa, w1, host, &err), "its first VM starts: %s", err.msg);
    before = snap_take();
    ok(!vm_power_on_start(db, &pa, w2, host, &err) &&
           strcmp(err.field, VM_FIELD_SHARED_DISKS) == 0,
       "a second one on the same writable disk is refused (OP-35): %s", err.msg);
    snap_same(&before, "the refused second VM");
    dv_error_clear(&err);
    job = vm_power_on_start_shared(db, &pa, w2, host, true, &err);
    ok(job_run(job, &err), "... and starts when the admin confirms it: %s", err.msg);
    if (job)
        job_unref(job);
    states(w2, 1, VM_RUNNING, "the confirmed second VM");
    ok(vm_action(db, &pa, w1, VMA_POWER_OFF, &err) && vm_action(db, &pa, w2, VMA_POWER_OFF, &err),
       "both power off: %s", err.msg);
}

int main(void)
{
    const char *top = getenv("top_srcdir");

    setenv("DOSVM_POWEROFF_TIMEOUT_MS", "2000", 1);
    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    fixture();
    host_uri = g_strdup_printf("test://%s/data/demo/host1.xml", top ? top : "..");
    {
        char *sql = sqlite3_mprintf("UPDATE host SET uri = %Q WHERE name = 'h1'; UPDATE host SET "
                                    "uri = %Q WHERE name = 'h2'; UPDATE project SET "
                                    "max_instances = 10, max_vcpus = 100, max_mem_mb = 100000",
                                    host_uri, host_uri);
        exec(sql);
        sqlite3_free(sql);
        char *dir = g_build_filename(tdb.dir, "tmp", NULL);

        /* the test driver's pools keep no files: the directory a real
         * host's pool build makes is made here, for the save files */
        g_mkdir_with_parents(dir, 0700);
        sql = sqlite3_mprintf("INSERT INTO setting(key, value) VALUES ('vm_temp_dir', %Q)", dir);
        exec(sql);
        sqlite3_free(sql);
        g_free(dir);
    }
    inst_plain = add_instance("plain", true, 0, NULL);
    inst_ro = add_instance("ro", true, ro_image, NULL);
    inst_shared = add_instance("shared", false, 0, NULL);
    vm_a = add_vm(inst_plain, "vma");
    vm_b = add_vm(inst_ro, "vmb");
    vm_c = add_vm(inst_shared, "vmc");
    ok(vm_a && vm_b && vm_c, "the VMs");
    test_power_on();
    test_overlay();
    test_actions();
    test_start_error();
    test_disable();
    test_migrate();
    test_shared_disks();
    g_free(host_uri);
    hostconn_close_all();
    {
        char *dir = g_build_filename(tdb.dir, "tmp", NULL);

        rm_tree(dir);
        g_free(dir);
    }
    testdb_close(&tdb);
    return tap_done();
}
