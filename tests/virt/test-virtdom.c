/* test-virtdom.c - the domain layer of src/virt (virtdom.h) against
 * libvirt's test driver: define, start, state, graceful and forced power
 * off, reboot, reset, suspend, resume, save, restore, undefine, graphics,
 * snapshots with children, the bulk list, and that migration and the
 * console, which the test driver lacks, fail cleanly.
 * features: M11.4.5a M11.4.5b M11.4.6a M11.4.6b M11.4.7a M11.4.7b M11.4.8a M11.4.8b
 * features: M11.4.3a M11.4.3b M11.4.3c M11.4.4b */
#include "virt/virtdom.h"
#include "lib/tap.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#define URI  "test:///default"
#define UUID "0b7d4c1e-5a6f-4e21-9c3d-7f8e9a0b1c2d"
#define GONE "11111111-2222-4333-8444-555555555555"

static const char *dom_xml = "<domain type='test'>"
                             "<name>dv-vm1</name>"
                             "<uuid>" UUID "</uuid>"
                             "<memory unit='MiB'>256</memory>"
                             "<vcpu>1</vcpu>"
                             "<os><type arch='x86_64'>hvm</type></os>"
                             "<devices>"
                             "<graphics type='vnc' port='5907' autoport='no' listen='127.0.0.1'/>"
                             "</devices>"
                             "</domain>";

static const char *transient_xml = "<domain type='test'>"
                                   "<name>dv-transient</name>"
                                   "<uuid>22222222-3333-4444-8555-666666666666</uuid>"
                                   "<memory unit='MiB'>128</memory>"
                                   "<os><type>hvm</type></os>"
                                   "</domain>";

static enum virt_dom_state state_of(struct virt_conn *c, const char *uuid, bool *defined)
{
    struct dv_error err = {0};
    enum virt_dom_state st = VIRT_DOM_OTHER;
    bool def = false;

    if (!virt_dom_state(c, uuid, &st, &def, &err))
        printf("# virt_dom_state: %s\n", err.msg);
    if (defined)
        *defined = def;
    return st;
}

#define is_state(c, want, what)                                                                    \
    do {                                                                                           \
        enum virt_dom_state s_ = state_of(c, UUID, NULL);                                          \
        if (!ok(s_ == (want), "%s: %s", what, virt_dom_state_name(want)))                          \
            printf("#   got %s\n", virt_dom_state_name(s_));                                       \
    } while (0)

static void snap(struct virt_conn *c, const char *name, char **xml_out)
{
    struct dv_error err = {0};
    char *xml = g_strdup_printf("<domainsnapshot><name>%s</name>"
                                "<description>检查点 %s</description></domainsnapshot>",
                                name, name);

    ok(virt_dom_snapshot_create(c, UUID, xml, xml_out, &err), "snapshot %s is created: %s", name,
       err.msg);
    g_free(xml);
}

/* The parent of name in the host's list ("" for a root), NULL when absent;
 * *current_out: the current one's name. */
static char *parent_of(struct virt_conn *c, const char *name, char **current_out, int *count)
{
    struct dv_error err = {0};
    struct virt_dom_snapshot *s = NULL;
    int n = 0;
    char *parent = NULL;

    if (!virt_dom_snapshot_list(c, UUID, &s, &n, &err))
        printf("# list: %s\n", err.msg);
    if (current_out)
        *current_out = NULL;
    for (int i = 0; i < n; i++) {
        if (strcmp(s[i].name, name) == 0)
            parent = g_strdup(s[i].parent);
        if (s[i].current && current_out)
            *current_out = g_strdup(s[i].name);
    }
    if (count)
        *count = n;
    virt_dom_snapshots_free(s, n);
    return parent;
}

static void progress_count(uint64_t done, uint64_t total, void *data)
{
    (void)done;
    (void)total;
    ++*(int *)data;
}

static void test_snapshots(struct virt_conn *c)
{
    struct dv_error err = {0};
    char *s1xml = NULL, *p, *cur;
    int n;

    snap(c, "s1", &s1xml);
    ok(s1xml && strstr(s1xml, "<name>s1</name>") && strstr(s1xml, "<domain"),
       "the snapshot's XML comes back with its domain, for a later redefine");
    snap(c, "s2", NULL);
    snap(c, "s3", NULL);
    p = parent_of(c, "s3", &cur, &n);
    is_int(n, 3, "three snapshots");
    is_str(p, "s2", "s3 is a child of s2");
    is_str(cur, "s3", "the newest is current");
    g_free(p);
    g_free(cur);
    p = parent_of(c, "s1", NULL, NULL);
    is_str(p, "", "s1 is the root");
    g_free(p);

    ok(virt_dom_snapshot_revert(c, UUID, "s1", &err), "revert to s1: %s", err.msg);
    p = parent_of(c, "s1", &cur, NULL);
    is_str(cur, "s1", "the reverted one is current");
    g_free(p);
    g_free(cur);
    is_state(c, VIRT_DOM_RUNNING, "after the revert the guest runs as it did then");
    /* a second branch below s1 */
    snap(c, "s1b", NULL);
    p = parent_of(c, "s1b", NULL, NULL);
    is_str(p, "s1", "a new snapshot after a revert is a new leaf below the reverted one");
    g_free(p);

    dv_error_clear(&err);
    ok(!virt_dom_snapshot_revert(c, UUID, "nope", &err) && err.code == DV_ERR_NOTFOUND,
       "reverting to a missing snapshot: DV_ERR_NOTFOUND (%s)", err.msg);

    /* a leaf alone */
    dv_error_clear(&err);
    ok(virt_dom_snapshot_delete(c, UUID, "s1b", false, &err), "delete the leaf s1b: %s", err.msg);
    p = parent_of(c, "s1b", NULL, &n);
    ok(!p && n == 3, "only s1b went (%d left)", n);
    g_free(p);
    /* a non-leaf with everything below it */
    ok(virt_dom_snapshot_delete(c, UUID, "s2", true, &err), "delete s2 with its children: %s",
       err.msg);
    p = parent_of(c, "s3", NULL, &n);
    ok(!p, "s3 went with its parent");
    is_int(n, 1, "only s1 is left");
    g_free(p);
    ok(virt_dom_snapshot_delete(c, UUID, "s2", true, &err), "deleting it again is fine");

    /* the metadata put back from the stored XML (OP-47) */
    ok(virt_dom_snapshot_delete(c, UUID, "s1", false, &err), "delete s1: %s", err.msg);
    parent_of(c, "s1", NULL, &n);
    is_int(n, 0, "no snapshot is left");
    ok(s1xml && virt_dom_snapshot_redefine(c, UUID, s1xml, true, &err), "redefine s1: %s", err.msg);
    p = parent_of(c, "s1", &cur, &n);
    ok(p && n == 1, "s1 is back from its XML");
    is_str(cur, "s1", "and current, as asked");
    g_free(p);
    g_free(cur);
    g_free(s1xml);
}

static void test_power_off(struct virt_conn *c)
{
    struct dv_error err = {0};
    bool forced = true;
    int calls = 0;
    GCancellable *cancel;

    /* the test driver shuts a guest down at once on the ACPI request */
    ok(virt_dom_power_off(c, UUID, 3000, progress_count, &calls, NULL, &forced, &err),
       "graceful power-off: %s", err.msg);
    ok(!forced, "the guest went down by itself: not forced");
    is_state(c, VIRT_DOM_SHUTOFF, "after the power-off");
    ok(virt_dom_power_off(c, UUID, 3000, NULL, NULL, NULL, &forced, &err) && !forced,
       "powering off a shut-off guest does nothing");

    /* a paused guest cannot act on the button: forced */
    ok(virt_dom_start(c, UUID, &err) && virt_dom_suspend(c, UUID, &err), "start, suspend: %s",
       err.msg);
    ok(virt_dom_power_off(c, UUID, 3000, NULL, NULL, NULL, &forced, &err), "power off: %s",
       err.msg);
    ok(forced, "a paused guest is forced off");
    is_state(c, VIRT_DOM_SHUTOFF, "the suspended guest after the power-off");
    dv_error_clear(&err);
    ok(!virt_dom_resume(c, UUID, &err) && err.code == DV_ERR_IO,
       "a guest powered off while suspended cannot be resumed (%s)", err.msg);

    /* cancelled before the guest is asked: nothing happens to a paused guest
     * (forced at once) - so ask a running one with cancel set; the test
     * driver stops at once, which wins over the cancel */
    cancel = g_cancellable_new();
    g_cancellable_cancel(cancel);
    ok(virt_dom_start(c, UUID, &err), "start again: %s", err.msg);
    ok(virt_dom_power_off(c, UUID, 3000, NULL, NULL, cancel, &forced, &err) && !forced,
       "a guest already down is no cancellation: %s", err.msg);
    g_object_unref(cancel);

    dv_error_clear(&err);
    ok(virt_dom_power_off(c, GONE, 1000, NULL, NULL, NULL, &forced, &err) && !forced,
       "powering off a missing guest does nothing: %s", err.msg);
}

static void test_lifecycle(struct virt_conn *c, const char *dir)
{
    struct dv_error err = {0};
    char *uuid = NULL, *xml, *save;
    bool defined = true;
    struct virt_dom_graphics g = {0};

    ok(state_of(c, UUID, &defined) == VIRT_DOM_SHUTOFF && !defined,
       "an undefined domain: not defined, no error");
    dv_error_clear(&err);
    ok(!virt_dom_start(c, UUID, &err) && err.code == DV_ERR_NOTFOUND,
       "starting it: DV_ERR_NOTFOUND (%s)", err.msg);
    dv_error_clear(&err);
    ok(!virt_dom_reboot(c, "not-a-uuid", &err) && err.code == DV_ERR_INVALID,
       "a malformed UUID: DV_ERR_INVALID (%s)", err.msg);

    /* M11.4.5a: define + start */
    ok(virt_dom_define(c, dom_xml, &uuid, &err), "define: %s", err.msg);
    is_str(uuid, UUID, "the UUID of the XML comes back");
    g_free(uuid);
    ok(state_of(c, UUID, &defined) == VIRT_DOM_SHUTOFF && defined, "defined, shut off");
    ok(virt_dom_define(c, dom_xml, NULL, &err), "defining it again is a redefine: %s", err.msg);
    ok(virt_dom_start(c, UUID, &err), "start: %s", err.msg);
    is_state(c, VIRT_DOM_RUNNING, "after the start");
    ok(virt_dom_start(c, UUID, &err), "starting a running guest is fine: %s", err.msg);

    ok(virt_dom_graphics(c, UUID, &g, &err), "graphics: %s", err.msg);
    is_str(g.type, "vnc", "the graphics type");
    is_int(g.port, 5907, "the access port from the live XML");
    is_str(g.listen, "127.0.0.1", "the listen address");
    virt_dom_graphics_clear(&g);
    xml = virt_dom_xml(c, UUID, false, &err);
    ok(xml && strstr(xml, "<name>dv-vm1</name>"), "the persistent XML reads back");
    g_free(xml);

    /* M11.4.7a/b */
    ok(virt_dom_suspend(c, UUID, &err), "suspend: %s", err.msg);
    is_state(c, VIRT_DOM_PAUSED, "after the suspend");
    ok(virt_dom_suspend(c, UUID, &err), "suspending a paused guest is fine");
    ok(virt_dom_resume(c, UUID, &err), "resume: %s", err.msg);
    is_state(c, VIRT_DOM_RUNNING, "after the resume");
    ok(virt_dom_resume(c, UUID, &err), "resuming a running guest is fine");

    /* M11.4.6a/b */
    ok(virt_dom_reboot(c, UUID, &err), "reboot: %s", err.msg);
    is_state(c, VIRT_DOM_RUNNING, "after the reboot");
    ok(virt_dom_reset(c, UUID, &err), "reset: %s", err.msg);
    is_state(c, VIRT_DOM_RUNNING, "after the reset");
    dv_error_clear(&err);
    ok(!virt_dom_reset(c, GONE, &err) && err.code == DV_ERR_NOTFOUND,
       "resetting a missing guest: DV_ERR_NOTFOUND (%s)", err.msg);

    /* M11.4.8a/b */
    save = g_build_filename(dir, "dv-vm1.save", NULL);
    ok(virt_dom_save(c, UUID, save, &err), "save: %s", err.msg);
    ok(g_file_test(save, G_FILE_TEST_IS_REGULAR), "the save file exists");
    ok(state_of(c, UUID, &defined) == VIRT_DOM_SHUTOFF && defined,
       "after the save: shut off, still defined");
    ok(virt_dom_restore(c, save, &err), "restore: %s", err.msg);
    is_state(c, VIRT_DOM_RUNNING, "after the restore");
    dv_error_clear(&err);
    ok(!virt_dom_restore(c, "/nonexistent/dv.save", &err) && err.code == DV_ERR_IO,
       "restoring from a missing file: DV_ERR_IO (%s)", err.msg);
    g_unlink(save);
    g_free(save);

    /* M11.4.3 */
    test_snapshots(c);

    /* M11.4.5b */
    test_power_off(c);

    ok(virt_dom_destroy(c, UUID, &err), "destroy: %s", err.msg);
    is_state(c, VIRT_DOM_SHUTOFF, "after the destroy");
    ok(virt_dom_destroy(c, UUID, &err), "destroying a shut-off guest is fine: %s", err.msg);
    ok(virt_dom_destroy(c, GONE, &err), "destroying a missing guest is fine: %s", err.msg);
}

static void test_unsupported(struct virt_conn *c)
{
    struct dv_error err = {0};
    struct virt_migrate_opts opts = {.live = true, .unsafe = true};
    struct virt_console *con;
    int calls = 0;
    bool done;

    ok(virt_dom_start(c, UUID, &err), "start for the unsupported calls: %s", err.msg);
    done = virt_dom_migrate(c, UUID, "test:///default", &opts, progress_count, &calls, NULL, &err);
    ok(!done && (err.code == DV_ERR_INFO || err.code == DV_ERR_IO),
       "migration on the test driver fails cleanly (%s)", err.msg);
    ok(strstr(err.msg, "virDomainMigrateToURI3") && strstr(err.msg, URI),
       "the message names the call and the host");
    is_state(c, VIRT_DOM_RUNNING, "the guest still runs here");
    dv_error_clear(&err);
    ok(!virt_dom_migrate(c, GONE, "test:///default", &opts, NULL, NULL, NULL, &err) &&
           err.code == DV_ERR_NOTFOUND,
       "migrating a missing guest: DV_ERR_NOTFOUND");

    dv_error_clear(&err);
    con = virt_console_open(c, UUID, NULL, VIRT_CONSOLE_SAFE, &err);
    ok(!con && (err.code == DV_ERR_INFO || err.code == DV_ERR_IO),
       "the console on the test driver fails cleanly (%s)", err.msg);
    virt_console_close(con);
    dv_error_clear(&err);
    con = virt_console_open(c, UUID, NULL, VIRT_CONSOLE_FORCE, &err);
    ok(!con && err.code != DV_OK, "also forced (%s)", err.msg);
    virt_console_close(con);
}

static void test_list_and_undefine(struct virt_conn *c)
{
    struct dv_error err = {0};
    struct virt_dom_info *d = NULL;
    char *tuuid = NULL;
    int n = 0, mine = -1, trans = -1, other = -1;
    bool defined = true;

    ok(virt_dom_create_started(c, transient_xml, &tuuid, &err), "a transient guest starts: %s",
       err.msg);
    ok(virt_dom_list_all(c, &d, &n, &err), "list every domain: %s", err.msg);
    for (int i = 0; i < n; i++) {
        if (strcmp(d[i].uuid, UUID) == 0)
            mine = i;
        else if (tuuid && strcmp(d[i].uuid, tuuid) == 0)
            trans = i;
        else if (strcmp(d[i].name, "test") == 0)
            other = i;
    }
    ok(n >= 3, "at least three domains (%d)", n);
    ok(mine >= 0 && strcmp(d[mine].name, "dv-vm1") == 0 && d[mine].state == VIRT_DOM_RUNNING &&
           d[mine].persistent,
       "ours: name, running, persistent");
    ok(trans >= 0 && !d[trans].persistent && d[trans].state == VIRT_DOM_RUNNING,
       "the transient one: running, not persistent");
    ok(other >= 0 && g_uuid_string_is_valid(d[other].uuid),
       "the driver's own domain is listed with its UUID");
    virt_dom_infos_free(d, n);
    ok(virt_dom_destroy(c, tuuid, &err), "destroy the transient guest: %s", err.msg);
    ok(state_of(c, tuuid, &defined) == VIRT_DOM_SHUTOFF && !defined,
       "a destroyed transient guest is gone");
    g_free(tuuid);

    /* M11.4.4b */
    snap(c, "keep", NULL);
    dv_error_clear(&err);
    ok(!virt_dom_undefine(c, UUID, &err) && err.code == DV_ERR_INUSE,
       "a running guest is not undefined (%s)", err.msg);
    ok(virt_dom_destroy(c, UUID, &err), "destroy: %s", err.msg);
    ok(virt_dom_undefine(c, UUID, &err), "undefine with its snapshot metadata: %s", err.msg);
    ok(state_of(c, UUID, &defined) == VIRT_DOM_SHUTOFF && !defined, "it is gone");
    ok(virt_dom_undefine(c, UUID, &err), "undefining it again is fine: %s", err.msg);
}

int main(void)
{
    struct dv_error err = {0};
    struct virt_conn *c;
    char *dir = g_dir_make_tmp("dv-virtdom-XXXXXX", NULL);

    c = virt_open(URI, &err);
    ok(c != NULL, "open %s: %s", URI, err.msg);
    if (!c)
        return tap_done();
    test_lifecycle(c, dir);
    test_unsupported(c);
    test_list_and_undefine(c);
    is_str(virt_dom_state_name(VIRT_DOM_PAUSED), "paused", "state names for logs");
    virt_close(c);
    g_rmdir(dir);
    g_free(dir);
    return tap_done();
}
