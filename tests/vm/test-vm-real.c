/* test-vm-real.c - a VM's power operations and checkpoints on a REAL
 * libvirtd (qemu:///system) with the tiny real guest of tests/lib/guest.sh
 * (TCG): power-on starts a qemu process and the access port is read back;
 * the read-only image gets its temporary overlay, the guest writes to its
 * disk and the image file stays unchanged; reboot and reset boot the guest
 * again, suspend and resume pause and run it, save writes the save file and
 * restore runs the guest again from it; a tree of three checkpoints is made,
 * reverted to and a subtree deleted, on the host too; graceful power-off
 * ends the guest through ACPI without the forced fallback and the overlay
 * is gone; a guest without an OS is forced off after the timeout.
 * Run by tests/vm/svc-vm-libvirt.sh with DOSVM_REAL_LIBVIRT=1 and
 * DOSVM_GUEST_DIR (the built guest).
 * features: M11.4.5a M11.4.5b M11.4.6a M11.4.6b M11.4.7a M11.4.7b M11.4.8a M11.4.8b
 * features: M11.3j M11.4.3 M11.4.3a M11.4.3b M11.4.3c */
#include "virt/hostconn.h"
#include "virt/virt.h"
#include "vm/checkpoint.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmfixture.h"
#include "guestinst.h"

static const char *const snap_tables[] = {"vm", "vm_overlay", "vm_checkpoint"};

#include "lib/testcheck.h"

#define READY "DOSVM-GUEST-READY"

static char *tmp, *guest_dir;

/* argv's stdout (g_free), NULL when it could not run or failed */
static char *run(const char *const *argv)
{
    char *out = NULL, *errs = NULL;
    int st = -1;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &errs, &st,
                      NULL) ||
        st != 0) {
        printf("# %s %s %s: %s\n", argv[0], argv[3] ? argv[3] : "", argv[4] ? argv[4] : "",
               errs ? g_strstrip(errs) : "");
        g_clear_pointer(&out, g_free);
    }
    g_free(errs);
    return out;
}

static char *virsh(const char *cmd, const char *arg, const char *arg2)
{
    const char *argv[] = {"virsh", "-c", "qemu:///system", cmd, arg, arg2, NULL};

    return run(argv);
}

static char *file_text(const char *path)
{
    char *t = NULL;

    return g_file_get_contents(path, &t, NULL, NULL) ? t : g_strdup("");
}

static int count_in(const char *path, const char *text)
{
    char *t = file_text(path);
    int n = 0;

    for (const char *p = t; (p = strstr(p, text)); p += strlen(text))
        n++;
    g_free(t);
    return n;
}

/* Poll path until it holds text at least n times (deadline secs). */
static bool wait_log(const char *path, const char *text, int n, int secs)
{
    for (int i = 0; i < secs * 10; i++) {
        if (count_in(path, text) >= n)
            return true;
        g_usleep(100000);
    }
    printf("# no %d x '%s' in %s after %d s; its tail:\n", n, text, path, secs);
    {
        char *t = file_text(path);
        size_t l = strlen(t);

        printf("# %s\n", l > 400 ? t + l - 400 : t);
        g_free(t);
    }
    return false;
}

/* Type cmd on the serial console of domain name and wait for text in its
 * log (the pty stays open until then, as tests/lib/guest.sh's guest_run). */
static bool guest_run(const char *name, const char *log, const char *cmd, const char *text)
{
    char *tty = virsh("ttyconsole", name, NULL);
    int fd = -1;
    bool ok = false;

    if (tty) {
        g_strstrip(tty);
        fd = open(tty, O_RDWR | O_NOCTTY);
    }
    if (fd >= 0) {
        char *line = g_strdup_printf("%s\n", cmd);

        ok = write(fd, line, strlen(line)) == (ssize_t)strlen(line) && wait_log(log, text, 1, 30);
        g_free(line);
        close(fd);
    }
    g_free(tty);
    return ok;
}

/* "running", "paused", "shut off (shutdown)" ...: virsh domstate --reason */
static char *dom_state(const char *name)
{
    char *s = virsh("domstate", name, "--reason");

    return s ? g_strstrip(s) : g_strdup("undefined");
}

static char *sha(const char *path)
{
    char *t = NULL;
    gsize n = 0;
    char *h;

    if (!g_file_get_contents(path, &t, &n, NULL))
        return g_strdup("");
    h = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)t, n);
    g_free(t);
    return h;
}

static char *vm_text(int64_t id, const char *col)
{
    char *sql = g_strdup_printf("SELECT %s FROM vm WHERE id = %lld", col, (long long)id);
    char *v = testdb_text(db, sql);

    g_free(sql);
    return v ? v : g_strdup("");
}

static void run_state(int64_t id, int expect, const char *what)
{
    char *v = vm_text(id, "run_state");

    is_int((int)g_ascii_strtoll(v, NULL, 10), expect, "%s: run state %d", what, expect);
    g_free(v);
}

static void dom_is(const char *name, const char *expect, const char *what)
{
    char *s = dom_state(name);

    ok(g_str_has_prefix(s, expect), "%s: the domain is %s (%s)", what, expect, s);
    g_free(s);
}

static int64_t add_vm(int64_t inst, const char *name)
{
    struct dv_error err = {0};
    int64_t id = 0;

    if (!vm_add(db, &pa, inst, name, &id, NULL, &err))
        printf("# add vm %s: %s\n", name, err.msg);
    return id;
}

/* The pid of the qemu process of domain name (its pid file), 0 when none. */
static long qemu_pid(const char *name)
{
    char *path = g_strdup_printf("/run/libvirt/qemu/%s.pid", name);
    char *t = file_text(path);
    long pid = strtol(t, NULL, 10);
    char *cmd = g_strdup_printf("/proc/%ld/cmdline", pid);
    char *c = NULL;
    gsize n = 0;

    if (pid <= 0 || !g_file_get_contents(cmd, &c, &n, NULL) || !strstr(c, "qemu-system"))
        pid = 0;
    g_free(path);
    g_free(t);
    g_free(cmd);
    g_free(c);
    return pid;
}

static char *vm_name, *vm_log, *image_path, *image_sha;
static int64_t vm_g;

static void test_power_on(void)
{
    struct dv_error err = {0};
    char *port, *overlay;

    ok(vm_power_on(db, &pa, vm_g, 0, &err), "power on the guest: %s", err.msg);
    run_state(vm_g, VM_RUNNING, "power on");
    dom_is(vm_name, "running", "power on");
    ok(qemu_pid(vm_name) > 0, "a real qemu process runs the guest (M11.4.5a)");
    port = vm_text(vm_g, "access_port");
    ok(g_ascii_strtoll(port, NULL, 10) >= 5900, "the access port is read back: %s", port);
    g_free(port);
    overlay = testdb_text(db, "SELECT path FROM vm_overlay");
    ok(overlay && g_file_test(overlay, G_FILE_TEST_EXISTS),
       "the read-only image has its temporary overlay: %s (M11.3j)", overlay ? overlay : "none");
    g_free(overlay);
    ok(wait_log(vm_log, READY, 1, 90), "the guest boots to its shell");
    ok(guest_run(vm_name, vm_log, "echo DOSVM-DISK | dd of=/dev/vda conv=fsync 2>/dev/null; "
                                  "echo WROTE-$((6*7))",
                 "WROTE-42"),
       "the guest writes to its disk");
}

static void act(enum vm_action a, int expect, const char *what)
{
    struct dv_error err = {0};

    ok(vm_action(db, &pa, vm_g, a, &err), "%s: %s", what, err.msg);
    run_state(vm_g, expect, what);
}

static void test_actions(void)
{
    char *save;

    act(VMA_REBOOT, VM_RUNNING, "reboot");
    ok(wait_log(vm_log, READY, 2, 90), "reboot boots the guest again (M11.4.6a)");
    act(VMA_RESET, VM_RUNNING, "reset");
    ok(wait_log(vm_log, READY, 3, 90), "reset boots the guest again (M11.4.6b)");
    act(VMA_SUSPEND, VM_SUSPENDED, "suspend");
    dom_is(vm_name, "paused", "suspend (M11.4.7a)");
    act(VMA_RESUME, VM_RUNNING, "resume");
    dom_is(vm_name, "running", "resume (M11.4.7b)");
    act(VMA_SAVE, VM_SAVED, "save");
    save = vm_text(vm_g, "save_path");
    ok(*save && g_file_test(save, G_FILE_TEST_IS_REGULAR), "save writes the save file: %s (M11.4.8a)",
       save);
    dom_is(vm_name, "shut off", "save");
    is_int(testdb_count(db, "vm_overlay", NULL), 1, "the saved VM keeps its overlay for restore");
    ok(qemu_pid(vm_name) == 0, "no qemu process while saved");
    act(VMA_RESTORE, VM_RUNNING, "restore");
    dom_is(vm_name, "running", "restore (M11.4.8b)");
    ok(!g_file_test(save, G_FILE_TEST_EXISTS), "restore deletes the save file");
    ok(guest_run(vm_name, vm_log, "echo RESTORED-$((6*7))", "RESTORED-42"),
       "the restored guest answers on its console");
    g_free(save);
}

static int64_t checkpoint(const char *en, struct dv_error *err)
{
    const char *disks[] = {"vda", NULL};
    char *path = g_build_filename(tmp, "cp", NULL);
    struct checkpoint_input in = {
        .name_zh = "检查点", .name_en = en, .path = path, .folder = en, .disks = disks};
    struct job *job = checkpoint_create_start(db, &pa, vm_g, &in, err);
    bool ok = job_run(job, err);
    char *sql = g_strdup_printf("SELECT coalesce(max(id), 0) FROM vm_checkpoint WHERE name_en = '%s'",
                                en);
    char *id = testdb_text(db, sql);
    int64_t n = ok && id ? g_ascii_strtoll(id, NULL, 10) : 0;

    if (job)
        job_unref(job);
    g_free(sql);
    g_free(id);
    g_free(path);
    return n;
}

static bool cp_job(struct job *job, struct dv_error *err)
{
    bool ok = job_run(job, err);

    if (job)
        job_unref(job);
    return ok;
}

static int host_snapshots(void)
{
    char *l = virsh("snapshot-list", vm_name, "--name");
    int n = 0;

    for (char **w = g_strsplit(l ? l : "", "\n", -1), **p = w; p && *p; p++)
        n += **p != '\0';
    g_free(l);
    return n;
}

static void test_checkpoints(void)
{
    struct dv_error err = {0};
    int64_t c1, c2, c3;

    c1 = checkpoint("cp1", &err);
    ok(c1, "checkpoint cp1: %s", err.msg);
    ok(guest_run(vm_name, vm_log, "echo AFTER-CP1-$((6*7))", "AFTER-CP1-42"), "the guest runs on");
    c2 = checkpoint("cp2", &err);
    ok(c2, "checkpoint cp2 under cp1: %s", err.msg);
    c3 = checkpoint("cp3", &err);
    ok(c3, "checkpoint cp3 under cp2: %s", err.msg);
    is_int(testdb_count(db, "vm_checkpoint", NULL), 3, "a tree of three checkpoints (M11.4.3a)");
    is_int(count_where("vm_checkpoint", "id = %lld AND parent_id = %lld", (long long)c3,
                       (long long)c2),
           1, "cp3's parent is cp2");
    is_int(host_snapshots(), 3, "the host has the three snapshots");
    ok(cp_job(checkpoint_revert_start(db, &pa, c1, &err), &err), "revert to cp1: %s", err.msg);
    is_int(count_where("vm_checkpoint", "id = %lld AND is_current = 1", (long long)c1), 1,
           "cp1 is the current checkpoint (M11.4.3b)");
    run_state(vm_g, VM_RUNNING, "revert to a checkpoint of a running guest");
    dom_is(vm_name, "running", "revert");
    ok(guest_run(vm_name, vm_log, "echo REVERTED-$((6*7))", "REVERTED-42"),
       "the reverted guest answers on its console");
    ok(cp_job(checkpoint_delete_start(db, &pa, c2, &err), &err), "delete cp2 with cp3 below it: %s",
       err.msg);
    is_int(testdb_count(db, "vm_checkpoint", NULL), 1, "only cp1 is left (M11.4.3c)");
    is_int(host_snapshots(), 1, "... on the host too");
}

static void test_power_off(void)
{
    struct dv_error err = {0};
    gint64 t0 = g_get_monotonic_time();
    char *overlay = testdb_text(db, "SELECT path FROM vm_overlay");
    char *h;

    setenv("DOSVM_POWEROFF_TIMEOUT_MS", "60000", 1);
    ok(vm_action(db, &pa, vm_g, VMA_POWER_OFF, &err), "power off: %s", err.msg);
    ok(g_get_monotonic_time() - t0 < 30 * G_USEC_PER_SEC,
       "the guest ended well before the timeout (%.1f s)",
       (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC);
    run_state(vm_g, VM_SHUTOFF, "power off");
    dom_is(vm_name, "shut off (shutdown)", "graceful power-off through ACPI, not forced (M11.4.5b)");
    ok(overlay && !g_file_test(overlay, G_FILE_TEST_EXISTS), "the overlay is gone after power-off");
    is_int(testdb_count(db, "vm_overlay", NULL), 0, "... with its record");
    h = sha(image_path);
    ok(strcmp(h, image_sha) == 0, "the read-only image file is unchanged (M11.3j)");
    g_free(h);
    g_free(overlay);
}

static void test_forced_off(int64_t inst)
{
    struct dv_error err = {0};
    int64_t id = add_vm(inst, "dvreal-noos");
    gint64 t0;

    ok(vm_power_on(db, &pa, id, 0, &err), "power on a guest without an OS: %s", err.msg);
    dom_is("dvreal-noos", "running", "the guest without an OS");
    {
        /* no qcow2 disk: an external checkpoint, its folder made on the host */
        char *path = g_build_filename(tmp, "ext", NULL);
        char *mem = g_build_filename(path, "cpx", "memory.save", NULL);
        struct checkpoint_input ci = {
            .name_zh = "外部检查点", .name_en = "cpx", .path = path, .folder = "cpx"};
        struct job *job = checkpoint_create_start(db, &pa, id, &ci, &err);

        ok(job_run(job, &err), "an external checkpoint of a diskless VM: %s", err.msg);
        if (job)
            job_unref(job);
        ok(g_file_test(mem, G_FILE_TEST_IS_REGULAR),
           "its folder is made on the host and holds the memory (M11.4.3a): %s", mem);
        g_free(mem);
        g_free(path);
    }
    setenv("DOSVM_POWEROFF_TIMEOUT_MS", "3000", 1);
    t0 = g_get_monotonic_time();
    ok(vm_action(db, &pa, id, VMA_POWER_OFF, &err), "power off: %s", err.msg);
    ok(g_get_monotonic_time() - t0 >= 3 * G_USEC_PER_SEC, "it waited for the timeout (%.1f s)",
       (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC);
    run_state(id, VM_SHUTOFF, "forced power off");
    dom_is("dvreal-noos", "shut off (destroyed)", "forced off after the timeout (M11.4.5b)");
    ok(vm_delete(db, &pa, id, &err), "delete it: %s", err.msg);
}

static void setup(void)
{
    struct dv_error err = {0};
    char *pg = g_build_filename(tmp, "pg1", NULL), *sql;
    const char *argv[] = {"qemu-img", "create", "-q", "-f", "qcow2", NULL, "64M", NULL};
    int64_t inst;

    g_mkdir_with_parents(pg, 0755);
    image_path = g_build_filename(pg, "guest-disk.qcow2", NULL);
    argv[5] = image_path;
    g_free(run(argv));
    image_sha = sha(image_path);
    sql = sqlite3_mprintf(
        "UPDATE host SET uri = 'qemu:///system', mem_total_mb = 8192 WHERE name = 'h1';"
        "UPDATE project SET max_instances = 10, max_vcpus = 100, max_mem_mb = 100000, max_snapshots = 10;"
        "UPDATE project_group SET file_dir = %Q WHERE name = 'pg1';"
        "INSERT INTO image(name, format, arch, readonly, save_dir, file_name, size_mb, "
        "owner_project_id, uploaded_at) SELECT 'guest-disk', 'qcow2', 'x86-64', 1, %Q, "
        "'guest-disk.qcow2', 1, id, 1 FROM project WHERE name = 'p1';"
        "INSERT INTO setting(key, value) VALUES ('vm_temp_dir', %Q)",
        pg, pg, tmp);
    exec(sql);
    sqlite3_free(sql);
    vm_name = g_strdup_printf("dvreal-%ld", (long)getpid());
    vm_log = g_strdup_printf("%s/%s.serial.log", tmp, vm_name);
    inst = guest_instance(db, &pa, "guest", guest_dir, vm_log, last("image"), true, &err);
    ok(inst, "the guest's instance: %s", err.msg);
    vm_g = add_vm(inst, vm_name);
    ok(vm_g, "its VM");
    g_free(pg);
}

int main(void)
{
    struct dv_error err = {0};
    int64_t noos;
    char *log2;

    if (!getenv("DOSVM_REAL_LIBVIRT") || !(guest_dir = getenv("DOSVM_GUEST_DIR"))) {
        printf("1..0 # SKIP needs a real libvirtd and the guest (tests/vm/svc-vm-libvirt.sh)\n");
        return 0;
    }
    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    tmp = g_strdup(getenv("TMPDIR") ? getenv("TMPDIR") : tdb.dir);
    fixture();
    setup();
    test_power_on();
    test_actions();
    test_checkpoints();
    test_power_off();
    log2 = g_strdup_printf("%s/noos.serial.log", tmp);
    noos = guest_instance(db, &pa, "noos", guest_dir, log2, 0, false, &err);
    ok(noos, "an instance without an OS: %s", err.msg);
    test_forced_off(noos);
    ok(vm_delete(db, &pa, vm_g, &err), "delete the guest: %s", err.msg);
    {
        char *s = dom_state(vm_name);

        ok(strcmp(s, "undefined") == 0, "the domain is undefined on the host (M11.4.4b)");
        g_free(s);
    }
    g_free(log2);
    hostconn_close_all();
    testdb_close(&tdb);
    return tap_done();
}
