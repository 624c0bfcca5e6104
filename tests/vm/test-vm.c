/* test-vm.c - the VM records of src/vm/vm.h against a real database: add
 * (the English name required, EN-NAME and unique system-wide; a second VM
 * of a unique instance refused; a disabled instance refused; another
 * project's instance refused; 关闭/关机 with a UUID; the shared-storage
 * warning of a non-unique instance), the list (powered-on VMs first, by
 * instance, by name, a project's only, every project for the sysadm), the
 * delete rule (only 关机 or 保存停止运行), the start error text, the kept
 * MACs of a unique instance and the VM history; nothing written on a
 * refusal, one audit row per success.
 * features: M11.1 M11.4 M11.4.4a M11.4.4b M11.4.5c M7.2.1.4 M11.3l */
#include "db/audit.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <string.h>

#include "vmfixture.h"

static const char *const snap_tables[] = {"vm", "vm_mac", "instance"};

#include "lib/testcheck.h"

static int64_t unique_inst, shared_inst, other_inst;

static int64_t add_instance(const struct dv_actor *a, const char *name, bool unique, bool disk)
{
    struct instance_input in = {.name_en = name,
                                .name_zh = "实例",
                                .vcpus = "1",
                                .memory = "512",
                                .memory_unit = "MB",
                                .unique = unique ? "1" : "0"};
    struct inst_disk d = {.resource = RES_FILE,
                          .device = DEV_DISK,
                          .image_id = image,
                          .bus = BUS_VIRTIO,
                          .cache = CACHE_WRITEBACK,
                          .dev = "vda"};
    struct inst_spec s;
    struct dv_error err = {0};
    int64_t id = 0;

    in.disks = &d;
    in.ndisks = disk ? 1 : 0;
    if (!instance_parse(&in, &s, &err) || !instance_add(db, a, &s, &id, NULL, &err))
        printf("# add instance %s: %s\n", name, err.msg);
    instspec_clear(&s);
    return id;
}

static void add_refused(const struct dv_actor *a, int64_t inst, const char *name,
                        enum dv_status code, const char *field, const char *what)
{
    struct snap before = snap_take();
    struct dv_error err = {0};
    long ops0 = ops();

    refused(vm_add(db, a, inst, name, NULL, NULL, &err), &err, code, field, what);
    snap_same(&before, what);
    is_int(ops(), ops0, "%s: no audit row", what);
}

static int64_t v1, v2, v3;

static void test_add(void)
{
    struct dv_error err = {0};
    struct vm v = {0};
    char *warning = NULL;
    long ops0 = ops();

    ok(vm_add(db, &pa, unique_inst, "vvm5", &v1, &warning, &err), "add (M11.4.4a): %s", err.msg);
    ok(warning == NULL, "a unique instance: no warning");
    is_int(ops(), ops0 + 1, "one audit row");
    is_int(count_where("op_log", "action = 'Add VM' AND object = 'vvm5' AND user = 'zhou'"), 1,
           "it names the VM and the admin");
    ok(vm_get(db, &pa, v1, &v, &err), "get");
    ok(!v.power_on && v.run == VM_SHUTOFF, "power 关闭, run state 关机");
    ok(v.uuid && strlen(v.uuid) == 36, "a UUID: %s", v.uuid);
    is_int(v.run_host_id, 0, "no run host yet");
    is_str(v.instance_en, "solo", "its instance");
    ok(v.unique && v.instance_active && v.nvms == 1, "the instance's facts for the toolbar");
    vm_clear(&v);
    ok(!vm_get(db, &pb, v1, &v, &err) && err.code == DV_ERR_DENIED,
       "another project's admin cannot read it");

    add_refused(&pa, unique_inst, "vvm6", DV_ERR_DENIED, "", "a second VM of a unique instance");
    add_refused(&pa, shared_inst, "vvm5", DV_ERR_EXISTS, VMF_NAME_EN, "a name taken system-wide");
    add_refused(&pa, shared_inst, "", DV_ERR_INVALID, VMF_NAME_EN, "no English name");
    add_refused(&pa, shared_inst, "vm 6", DV_ERR_INVALID, VMF_NAME_EN, "a name with a blank");
    add_refused(&pb, shared_inst, "vvm7", DV_ERR_DENIED, "", "another project's instance");
    exec("UPDATE instance SET active = 0 WHERE name_en = 'shared'");
    add_refused(&pa, shared_inst, "vvm7", DV_ERR_DENIED, "", "a disabled instance");
    exec("UPDATE instance SET active = 1 WHERE name_en = 'shared'");

    ok(vm_add(db, &pa, shared_inst, "vvm6", &v2, &warning, &err), "a VM of a shared instance");
    ok(warning && *warning, "with the shared-storage warning: %s", warning ? warning : "");
    g_free(warning);
    ok(vm_add(db, &pa, shared_inst, "vvm7", &v3, NULL, &err), "a second one of it");
    ok(vm_add(db, &pb, other_inst, "theirs1", NULL, NULL, &err), "p2's VM");
}

static void test_list(void)
{
    struct vm_page p = {0};
    struct dv_error err = {0};

    exec("UPDATE vm SET power_on = 1, run_state = 1, run_host_id = (SELECT id FROM host WHERE "
         "name = 'h1'), access_port = 5901 WHERE name_en = 'vvm7'");
    ok(vm_list(db, proj, 0, NULL, 0, 15, &p, &err), "the project's VMs (M11.1)");
    is_int(p.total, 3, "three in p1");
    ok(p.n == 3 && strcmp(p.rows[0].name_en, "vvm7") == 0, "the powered-on VM first (M11.4)");
    ok(p.n == 3 && strcmp(p.rows[1].name_en, "vvm5") == 0 && strcmp(p.rows[2].name_en, "vvm6") == 0,
       "then by creation");
    ok(p.n && strcmp(p.rows[0].run_host, "h1") == 0 && p.rows[0].access_port == 5901,
       "run host and access port");
    ok(p.n && p.rows[0].vcpus == 1 && p.rows[0].memory_mib == 512, "vCPUs and memory");
    vm_page_free(&p);
    ok(vm_list(db, proj, shared_inst, NULL, 0, 15, &p, &err) && p.total == 2,
       "one instance's VMs (M11.3b)");
    vm_page_free(&p);
    ok(vm_list(db, proj, 0, "solo", 0, 15, &p, &err) && p.total == 1, "by instance name");
    vm_page_free(&p);
    ok(vm_list(db, proj, 0, "vvm6", 0, 15, &p, &err) && p.total == 1, "by VM name");
    vm_page_free(&p);
    ok(vm_list(db, 0, 0, NULL, 0, 15, &p, &err) && p.total == 4, "every VM (M7.2.1.4)");
    ok(p.n == 4 && strcmp(p.rows[3].project, "p2") == 0, "with its project");
    vm_page_free(&p);
    ok(vm_list(db, proj, 0, NULL, 1, 1, &p, &err) && p.n == 1 && p.total == 3, "paging");
    vm_page_free(&p);
}

static void test_rules(void)
{
    struct vm v = {0};
    struct dv_error err = {0};
    char mac[18], again[18], *t;

    ok(vm_get(db, &pa, v3, &v, &err), "the running VM");
    ok(!vm_may_delete(&v, &err) && err.code == DV_ERR_DENIED, "a running VM cannot be deleted: %s",
       err.msg);
    v.run = VM_SUSPENDED;
    ok(!vm_may_delete(&v, &err), "nor a suspended one");
    v.run = VM_SAVED;
    ok(vm_may_delete(&v, &err), "a saved one can (OP-41)");
    v.run = VM_SHUTOFF;
    ok(vm_may_delete(&v, &err), "a shut-off one can");
    t = vm_start_error_text(&v);
    ok(t && *t, "no start error: %s", t);
    g_free(t);
    g_free(v.start_error);
    v.start_error = g_strdup("Cannot access storage file '/srv/pg1/debian.qcow2'");
    v.start_error_at = 1700000000;
    g_free(v.start_error_host);
    v.start_error_host = g_strdup("h1");
    t = vm_start_error_text(&v);
    ok(strstr(t, "h1") && strstr(t, "debian.qcow2") && strstr(t, "2023-11-14"),
       "the start error with its time and host (M11.4.5c): %s", t);
    g_free(t);
    vm_clear(&v);

    ok(vm_kept_mac(db, v1, 0, mac, &err), "a kept MAC for NIC 0");
    ok(strncmp(mac, "52:54:00:", 9) == 0 && strlen(mac) == 17, "QEMU's prefix: %s", mac);
    ok(vm_kept_mac(db, v1, 0, again, &err) && strcmp(mac, again) == 0,
       "the same MAC at the next start (M11.3l rule 2)");
    ok(vm_kept_mac(db, v1, 1, again, &err) && strcmp(mac, again) != 0, "another NIC, another MAC");
    ok(vm_event(db, v1, "start", host, "", &err), "a history event");
    is_int(count_where("vm_event", "vm_id = %lld AND kind = 'start'", (long long)v1), 1,
           "recorded");
}

int main(void)
{
    sys = testdb_sysadm();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    fixture();
    exec("UPDATE project SET max_instances = 10");
    unique_inst = add_instance(&pa, "solo", true, false);
    shared_inst = add_instance(&pa, "shared", false, true);
    other_inst = add_instance(&pb, "theirs", true, false);
    ok(unique_inst && shared_inst && other_inst, "the instances");
    test_add();
    test_list();
    test_rules();
    testdb_close(&tdb);
    return tap_done();
}
