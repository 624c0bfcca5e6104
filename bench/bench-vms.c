/* bench-vms.c - the data of the VM list at scale (issue 11): in DIR, a
 * database with 200 test-driver hosts, one project group, one project with
 * its admin, 100 instances and 10,000 VMs over the hosts (50 each; every
 * 10th one powered on, on its host), and the libvirt test-driver files:
 * DIR/hostN.xml, one per host with its 50 domains, and DIR/all.xml with all
 * 10,000 (for `virsh -c test:///DIR/all.xml list --all`).  Everything goes
 * through the core API, as the console would do it: host_add opens each
 * host, vm_power_on_start starts a VM on its host in a job, and the VMs
 * that stay shut off get their run host by MG2's migrate of a shut-off VM
 * (a job without a libvirt call); the jobs run 50 at a time.
 * bench/bench-vms.sh times the console on the result.
 *
 *   bench-vms DIR [VMS]   (VMS: fewer VMs for a quick run; default 10000)
 *
 * It prints "key value" lines: db, hosts, host_files, all_xml, account,
 * password, vms, running and the fill times. */
#include "admin/program.h"
#include "admin/user.h"
#include "hosts/host.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "virt/virt.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOSTS         200
#define PER_HOST      50
#define INSTANCES     100
#define RUN_EVERY     10          /* every 10th VM runs */
#define HOST_MEM_KIB  "268435456" /* 256 GiB */
#define ACCOUNT       "benchadm"
#define PASSWORD      "bench-pw-11"
#define TEST_NS       "http://libvirt.org/schemas/domain/test/1.0"
#define VM_MEMORY_MIB 512
#define BATCH         50 /* jobs at a time */

static const struct dv_actor sysadm = {
    .user_id = 1, .account = USER_SYSADM, .addr = "bench", .sysadm = true};

static double s_since(int64_t t0)
{
    return (double)(g_get_monotonic_time() - t0) / 1e6;
}

static void die(const char *what, const struct dv_error *err)
{
    fprintf(stderr, "bench-vms: %s: %s\n", what, err->msg);
    exit(1);
}

static char *host_file(const char *dir, int h)
{
    char *name = g_strdup_printf("host%d.xml", h);
    char *path = g_build_filename(dir, name, NULL);

    g_free(name);
    return path;
}

/* A <node> with the host's CPU and memory; domains[0..n) (NULL: none) as
 * test-driver domains, running or shut off (<test:runstate>5). */
static void node_open(GString *x)
{
    g_string_append(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                       "<node>\n"
                       "  <cpu><mhz>2400</mhz><model>bench</model><active>32</active><nodes>1"
                       "</nodes><sockets>2</sockets><cores>8</cores><threads>2</threads></cpu>\n"
                       "  <memory>" HOST_MEM_KIB "</memory>\n");
}

static void node_domain(GString *x, const struct vm *v)
{
    g_string_append_printf(x,
                           "  <domain type='test' xmlns:test='" TEST_NS "'>\n"
                           "    <name>%s</name>\n"
                           "    <uuid>%s</uuid>\n"
                           "    <memory unit='MiB'>%lld</memory>\n"
                           "    <vcpu>%d</vcpu>\n"
                           "    <os><type arch='x86_64'>hvm</type></os>\n"
                           "    <test:runstate>%d</test:runstate>\n"
                           "  </domain>\n",
                           v->name_en, v->uuid, (long long)v->memory_mib, v->vcpus,
                           v->run == VM_RUNNING ? 1 : 5);
}

static void write_file(const char *path, GString *x)
{
    GError *e = NULL;

    g_string_append(x, "</node>\n");
    if (!g_file_set_contents(path, x->str, (gssize)x->len, &e)) {
        fprintf(stderr, "bench-vms: %s\n", e->message);
        exit(1);
    }
}

static void add_hosts(struct db *db, const char *dir, int64_t *ids)
{
    struct dv_error err = {0};

    for (int h = 1; h <= HOSTS; h++) {
        char *path = host_file(dir, h), *uri = g_strconcat("test://", path, NULL);
        char *name = g_strdup_printf("node-%03d", h);
        GString *x = g_string_new(NULL);

        node_open(x);
        write_file(path, x); /* no domains yet: written at the end */
        if (!host_add(db, &sysadm, name, uri, &ids[h - 1], &err))
            die(uri, &err);
        g_string_free(x, TRUE);
        g_free(path);
        g_free(uri);
        g_free(name);
    }
}

/* The project with its group, admin and quotas; *admin gets its actor. */
static int64_t add_project(struct db *db, const char *dir, struct dv_actor *admin)
{
    struct user_info u = {.name_zh = "压测管理员",
                          .account = ACCOUNT,
                          .phone = "",
                          .email = "",
                          .address = "",
                          .description = ""};
    struct project_quota q = {.max = {[QUOTA_INSTANCES] = INSTANCES,
                                      [QUOTA_VCPUS] = 100000,
                                      [QUOTA_MEM_MB] = 100000000,
                                      [QUOTA_DISK_MB] = 1000000,
                                      [QUOTA_IMAGE_MB] = 1000000,
                                      [QUOTA_IMAGES] = 100,
                                      [QUOTA_SNAPSHOTS] = 100}};
    struct dv_error err = {0};
    int64_t group = 0, project = 0;

    if (!projgroup_add(db, &sysadm, "压测组", dir, "", &group, &err) ||
        !user_add(db, &sysadm, &u, USER_INITIAL_PASSWORD, PASSWORD, PASSWORD, &admin->user_id,
                  &err) ||
        !project_add(db, &sysadm, group, "压测项目", "", &project, &err) ||
        !project_set_admins(db, &sysadm, project, &admin->user_id, 1, &err) ||
        !project_set_active(db, &sysadm, project, true, &err) ||
        !project_set_quota(db, &sysadm, project, &q, &err))
        die("project", &err);
    g_strlcpy(admin->account, ACCOUNT, sizeof admin->account);
    g_strlcpy(admin->addr, "bench", sizeof admin->addr);
    return project;
}

static void add_instances(struct db *db, const struct dv_actor *a, int64_t *ids)
{
    for (int i = 0; i < INSTANCES; i++) {
        char *en = g_strdup_printf("inst-%03d", i), *zh = g_strdup_printf("实例%03d", i);
        char *mem = g_strdup_printf("%d", VM_MEMORY_MIB);
        struct instance_input in = {.name_en = en,
                                    .name_zh = zh,
                                    .vcpus = "1",
                                    .memory = mem,
                                    .memory_unit = "MiB",
                                    .hypervisor = "qemu",
                                    .unique = "0"};
        struct dv_error err = {0};
        struct inst_spec s;

        if (!instance_parse(&in, &s, &err) || !instance_add(db, a, &s, &ids[i], NULL, &err))
            die(en, &err);
        instspec_clear(&s);
        g_free(en);
        g_free(zh);
        g_free(mem);
    }
}

/* Wait for the jobs of batch, as the console's key loop does (job_poll),
 * and end on the first failure. */
static void finish_batch(GPtrArray *batch)
{
    for (;;) {
        bool running = false;

        for (guint i = 0; i < batch->len; i++)
            running = running || !job_ended(g_ptr_array_index(batch, i));
        if (!running)
            break;
        if (job_poll() == 0)
            g_usleep(1000);
    }
    for (guint i = 0; i < batch->len; i++) {
        struct job *job = g_ptr_array_index(batch, i);

        if (!job_ok(job))
            die(job_what(job), job_error(job));
        job_unref(job);
    }
    g_ptr_array_set_size(batch, 0);
}

/* VM k on host k / PER_HOST: powered on there when k % RUN_EVERY == 0, else
 * moved there while shut off (MG2: the host it runs on next).  The jobs run
 * BATCH at a time, as marked VMs do in the console (D15). */
static void place(struct db *db, const struct dv_actor *a, int64_t vm, int64_t host, bool run,
                  GPtrArray *batch)
{
    struct dv_error err = {0};
    struct job *job =
        run ? vm_power_on_start(db, a, vm, host, &err) : vm_migrate_start(db, a, vm, host, &err);

    if (!job)
        die(run ? "power on" : "migrate", &err);
    g_ptr_array_add(batch, job);
    if (batch->len >= BATCH)
        finish_batch(batch);
}

int main(int argc, char **argv)
{
    int nvms = argc > 2 ? atoi(argv[2]) : HOSTS * PER_HOST;
    char *dir, *path, *all;
    int64_t hosts[HOSTS], insts[INSTANCES], project, t0;
    struct dv_actor admin = {0};
    struct dv_error err = {0};
    struct vm_page page;
    struct db *db;
    GPtrArray *batch = g_ptr_array_new();
    int running = 0;

    if (argc < 2 || nvms < 1 || nvms > HOSTS * PER_HOST) {
        fprintf(stderr, "usage: bench-vms DIR [VMS (1-%d)]\n", HOSTS * PER_HOST);
        return 2;
    }
    virt_init();
    g_mkdir_with_parents(argv[1], 0700);
    dir = g_canonicalize_filename(argv[1], NULL);
    path = g_build_filename(dir, "bench.db", NULL);
    all = g_build_filename(dir, "all.xml", NULL);
    remove(path);
    db = program_open(path, false, &err);
    if (!db)
        die(path, &err);

    t0 = g_get_monotonic_time();
    add_hosts(db, dir, hosts);
    printf("fill_hosts_s %.2f\n", s_since(t0));
    project = add_project(db, dir, &admin);
    t0 = g_get_monotonic_time();
    add_instances(db, &admin, insts);
    for (int k = 0; k < nvms; k++) {
        char *name = g_strdup_printf("vm-%05d", k);

        if (!vm_add(db, &admin, insts[k % INSTANCES], name, NULL, NULL, &err))
            die(name, &err);
        g_free(name);
    }
    printf("fill_vms_s %.2f\n", s_since(t0));

    /* by creation: VM k is row k */
    t0 = g_get_monotonic_time();
    if (!vm_list(db, project, 0, "", 0, -1, &page, &err))
        die("vm_list", &err);
    for (int k = 0; k < page.n; k++) {
        bool run = k % RUN_EVERY == 0;

        place(db, &admin, page.rows[k].id, hosts[k / PER_HOST], run, batch);
        running += run;
    }
    finish_batch(batch);
    g_ptr_array_free(batch, TRUE);
    vm_page_free(&page);
    printf("fill_place_s %.2f\n", s_since(t0));

    /* the files, from the records as they are now */
    if (!vm_list(db, project, 0, "", 0, -1, &page, &err))
        die("vm_list", &err);
    {
        GString *ax = g_string_new(NULL);
        GString *hx[HOSTS];

        node_open(ax);
        for (int h = 0; h < HOSTS; h++) {
            hx[h] = g_string_new(NULL);
            node_open(hx[h]);
        }
        for (int i = 0; i < page.n; i++) {
            const struct vm *v = &page.rows[i];

            node_domain(ax, v);
            for (int h = 0; h < HOSTS; h++)
                if (hosts[h] == v->run_host_id)
                    node_domain(hx[h], v);
        }
        for (int h = 0; h < HOSTS; h++) {
            char *f = host_file(dir, h + 1);

            write_file(f, hx[h]);
            g_string_free(hx[h], TRUE);
            g_free(f);
        }
        write_file(all, ax);
        g_string_free(ax, TRUE);
    }
    printf("db %s\n", path);
    printf("hosts %d\n", HOSTS);
    printf("host_files %s/host{1..%d}.xml\n", dir, HOSTS);
    printf("all_xml %s\n", all);
    printf("account %s\n", ACCOUNT);
    printf("password %s\n", PASSWORD);
    printf("vms %d\n", page.n);
    printf("running %d\n", running);
    vm_page_free(&page);
    db_close(db);
    g_free(dir);
    g_free(path);
    g_free(all);
    return 0;
}
