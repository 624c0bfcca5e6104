/* test-checkpoint.c - a VM's checkpoint tree (src/vm/checkpoint.h) on the
 * test driver: the snapshot XML (internal for qcow2 disks, external with
 * the memory file and the selected disks' overlays otherwise); create
 * refused without the required fields, with a name taken, with a
 * copy-on-read disk selected, for a VM that is not running (OP-46), over
 * the snapshot quota (OP-29); a tree of three, each new one a leaf under
 * the current one that it becomes; revert (the reverted one current, the
 * run state the snapshot's); delete of a subtree (its rows gone, the parent
 * current) and of a leaf; the snapshots on the host follow.
 * features: M11.4.3 M11.4.3a M11.4.3b M11.4.3c */
#include "db/audit.h"
#include "virt/hostconn.h"
#include "virt/virt.h"
#include "virt/virtdom.h"
#include "vm/checkpoint.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "xml/snapxml.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmfixture.h"

static const char *const snap_tables[] = {"vm_checkpoint", "vm"};

#include "lib/testcheck.h"

static char *host_uri;
static int64_t vm1, vm_cor;

static void test_xml(void)
{
    struct snapxml_disk d[] = {{"vda", true}, {"hdc", false}};
    struct snapxml_spec s = {.name = "cp1",
                             .description = "纸牌",
                             .internal = true,
                             .dir = "/x/f",
                             .disks = d,
                             .ndisks = 2};
    char *x = snapxml_build(&s);

    ok(strstr(x, "<name>cp1</name>") && strstr(x, "<description>纸牌</description>"),
       "the names: English as <name>, Chinese as <description>");
    ok(strstr(x, "<memory snapshot=\"internal\"/>") && !strstr(x, "<disks"),
       "internal: memory inside the disks, libvirt takes every qcow2 disk");
    g_free(x);
    s.internal = false;
    x = snapxml_build(&s);
    ok(strstr(x, "<memory snapshot=\"external\" file=\"/x/f/memory.save\"/>"),
       "external: the memory file in the folder (M11.4.3a)");
    ok(strstr(x, "<disk name=\"vda\" snapshot=\"external\">") &&
           strstr(x, "<source file=\"/x/f/vda.qcow2\"/>"),
       "a selected disk: its overlay in the folder");
    ok(strstr(x, "<disk name=\"hdc\" snapshot=\"no\"/>"), "an unselected disk: snapshot='no'");
    g_free(x);
}

static struct job *create(int64_t vm, const char *en, const char *zh, const char *const *disks,
                          struct dv_error *err)
{
    char *path = g_build_filename(tdb.dir, "cps", NULL);
    struct checkpoint_input in = {
        .name_zh = zh, .name_en = en, .path = path, .folder = en, .disks = disks};
    struct job *job = checkpoint_create_start(db, &pa, vm, &in, err);

    g_free(path);
    return job;
}

static bool run(struct job *job, struct dv_error *err)
{
    bool ok = job_run(job, err);

    if (job)
        job_unref(job);
    return ok;
}

static int64_t cp_id(const char *name)
{
    char *sql = g_strdup_printf("SELECT id FROM vm_checkpoint WHERE name_en = '%s'", name);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : 0;

    g_free(sql);
    g_free(v);
    return id;
}

static char *current(void)
{
    return testdb_text(db, "SELECT name_en FROM vm_checkpoint WHERE is_current = 1");
}

/* The names of the VM's snapshots on the host, joined by ','. */
static char *on_host(void)
{
    struct dv_error err = {0};
    struct virt_conn *c = hostconn_get_uri(host_uri, &err);
    struct virt_dom_snapshot *s = NULL;
    char *uuid = testdb_text(db, "SELECT uuid FROM vm WHERE name_en = 'cpvm'");
    GString *out = g_string_new("");
    int n = 0;

    if (c && virt_dom_snapshot_list(c, uuid, &s, &n, &err))
        for (int i = 0; i < n; i++)
            g_string_append_printf(out, "%s%s", i ? "," : "", s[i].name);
    virt_dom_snapshots_free(s, n);
    g_free(uuid);
    return g_string_free(out, FALSE);
}

static void refused_create(int64_t vm, const char *en, const char *zh, const char *const *disks,
                           enum dv_status code, const char *field, const char *what)
{
    struct snap before = snap_take();
    struct dv_error err = {0};

    refused(create(vm, en, zh, disks, &err) != NULL, &err, code, field, what);
    snap_same(&before, what);
}

static void test_create(void)
{
    static const char *const vda[] = {"vda", NULL};
    struct dv_error err = {0};
    struct vm_checkpoint *t = NULL;
    char *s;
    int n = 0;

    refused_create(vm1, "cpa", "纸牌", vda, DV_ERR_DENIED, "", "a VM not running (OP-46)");
    ok(vm_power_on(db, &pa, vm1, 0, &err), "power the VM on: %s", err.msg);
    refused_create(vm1, "", "纸牌", vda, DV_ERR_INVALID, CPF_NAME_EN, "no English name");
    refused_create(vm1, "cpa", "", vda, DV_ERR_INVALID, CPF_NAME_ZH, "no Chinese name");
    refused_create(vm1, "cp a", "纸牌", vda, DV_ERR_INVALID, CPF_NAME_EN, "a blank in the name");
    refused_create(vm1, "cpa", "纸牌", (const char *const[]){"vdz", NULL}, DV_ERR_INVALID,
                   CPF_DISKS, "a disk the VM lacks");
    ok(run(create(vm1, "cpa", "纸牌", vda, &err), &err), "the first checkpoint: %s", err.msg);
    s = current();
    is_str(s, "cpa", "it is the current one");
    g_free(s);
    is_int(count_where("op_log", "action = 'Add checkpoint' AND object = 'cpa' AND type = 1"), 1,
           "with its audit row");
    ok(testdb_count(db, "vm_checkpoint", "name_en = 'cpa' AND xml LIKE '%<domainsnapshot>%'") == 1,
       "the host's snapshot XML is kept (OP-47)");
    refused_create(vm1, "cpa", "again", vda, DV_ERR_EXISTS, CPF_NAME_EN, "the name again");
    ok(run(create(vm1, "cpb", "画图", vda, &err), &err), "a second: %s", err.msg);
    ok(run(create(vm1, "cpc", "计算", NULL, &err), &err), "a third, no disk selected: %s", err.msg);
    is_int(count_where("vm_checkpoint", "name_en = 'cpb' AND parent_id = %lld",
                       (long long)cp_id("cpa")),
           1, "cpb is a leaf under cpa");
    is_int(count_where("vm_checkpoint", "name_en = 'cpc' AND parent_id = %lld",
                       (long long)cp_id("cpb")),
           1, "cpc under cpb");
    s = on_host();
    is_str(s, "cpa,cpb,cpc", "the three are on the host");
    g_free(s);
    ok(checkpoint_tree(db, &pa, vm1, &t, &n, &err) && n == 3, "the tree (M11.4.3)");
    ok(n == 3 && t[0].depth == 0 && t[1].depth == 1 && t[2].depth == 2 && t[2].current,
       "as an indented list with the current one marked");
    checkpoints_free(t, n);
    ok(!checkpoint_tree(db, &pb, vm1, &t, &n, &err) && err.code == DV_ERR_DENIED,
       "another project's admin cannot read it");

    refused_create(vm_cor, "cpx", "x", vda, DV_ERR_INVALID, CPF_DISKS,
                   "a copy-on-read disk (M11.4.3a)");
    exec("UPDATE project SET max_snapshots = 3 WHERE name = 'p1'");
    refused_create(vm1, "cpd", "新检查点", vda, DV_ERR_DENIED, "", "the snapshot quota (OP-29)");
    exec("UPDATE project SET max_snapshots = 100 WHERE name = 'p1'");
}

static void test_revert_delete(void)
{
    struct dv_error err = {0};
    char *s;

    ok(run(checkpoint_revert_start(db, &pa, cp_id("cpa"), &err), &err), "revert to cpa: %s",
       err.msg);
    s = current();
    is_str(s, "cpa", "cpa is current again (M11.4.3b)");
    g_free(s);
    is_int(count_where("vm", "name_en = 'cpvm' AND run_state = 1 AND power_on = 1"), 1,
           "the VM runs, as when cpa was made");
    is_int(count_where("op_log", "action = 'Revert to checkpoint' AND object = 'cpa'"), 1,
           "with its audit row");
    ok(run(create(vm1, "cpd", "新检查点", NULL, &err), &err), "a new one after the revert: %s",
       err.msg);
    is_int(count_where("vm_checkpoint", "name_en = 'cpd' AND parent_id = %lld",
                       (long long)cp_id("cpa")),
           1, "a new leaf under cpa, beside cpb");
    ok(run(checkpoint_delete_start(db, &pa, cp_id("cpb"), &err), &err),
       "delete cpb, which has a child: %s", err.msg);
    is_int(count_where("vm_checkpoint", "name_en IN ('cpb', 'cpc')"), 0,
           "cpb and everything below it are gone (M11.4.3c)");
    s = on_host();
    is_str(s, "cpa,cpd", "also on the host");
    g_free(s);
    s = current();
    is_str(s, "cpd", "cpd stays current");
    g_free(s);
    ok(run(checkpoint_delete_start(db, &pa, cp_id("cpd"), &err), &err), "delete the leaf cpd");
    s = current();
    is_str(s, "cpa", "its parent becomes current");
    g_free(s);
    is_int(count_where("op_log", "action = 'Delete checkpoint'"), 2, "two audit rows");
}

int main(void)
{
    const char *top = getenv("top_srcdir");
    struct instance_input in = {.name_en = "cpi",
                                .name_zh = "检查点实例",
                                .vcpus = "1",
                                .memory = "512",
                                .memory_unit = "MiB",
                                .hypervisor = "qemu"};
    struct inst_disk d = {.resource = RES_FILE,
                          .device = DEV_DISK,
                          .bus = BUS_VIRTIO,
                          .cache = CACHE_WRITEBACK,
                          .dev = "vda"};
    struct inst_spec s;
    struct dv_error err = {0};
    int64_t inst = 0, inst_cor = 0;
    char *sql;

    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    fixture();
    host_uri = g_strdup_printf("test://%s/data/demo/host1.xml", top ? top : "..");
    sql = sqlite3_mprintf("UPDATE host SET uri = %Q; UPDATE project SET max_instances = 10, "
                          "max_vcpus = 100, max_mem_mb = 100000, max_snapshots = 100",
                          host_uri);
    exec(sql);
    sqlite3_free(sql);
    d.image_id = image;
    in.disks = &d;
    in.ndisks = 1;
    ok(instance_parse(&in, &s, &err) && instance_add(db, &pa, &s, &inst, NULL, &err),
       "an instance on a qcow2 image: %s", err.msg);
    instspec_clear(&s);
    d.copy_on_read = true;
    in.name_en = "cori";
    ok(instance_parse(&in, &s, &err) && instance_add(db, &pa, &s, &inst_cor, NULL, &err),
       "one with copy on read: %s", err.msg);
    instspec_clear(&s);
    ok(vm_add(db, &pa, inst, "cpvm", &vm1, NULL, &err), "its VM");
    ok(vm_add(db, &pa, inst_cor, "corvm", &vm_cor, NULL, &err), "and the other's");
    exec("UPDATE vm SET run_state = 1, power_on = 1, run_host_id = (SELECT id FROM host WHERE "
         "name = 'h1') WHERE name_en = 'corvm'");
    test_xml();
    test_create();
    test_revert_delete();
    g_free(host_uri);
    hostconn_close_all();
    testdb_close(&tdb);
    return tap_done();
}
