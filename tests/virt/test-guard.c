/* test-guard.c - the key-loop guard of src/virt (issue 7, point 7: no
 * libvirt call is made on the console's key loop).  On the thread marked
 * with virt_forbid_thread, every entry point that may block aborts naming
 * itself when DOSVM_CHECK_KEYLOOP=1 (each case runs in a forked child), and
 * only counts the call without the switch; other threads are never held.
 * The domain layer (virtdom.h) is covered call by call as well.
 * features: D11 */
#include "virt/virt.h"
#include "virt/virtdom.h"
#include "virt/virtstore.h"
#include "lib/tap.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define URI "test:///default"
/* the test driver's default pool */
#define POOL_UUID "dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"
/* the test driver's default domain "test" */
#define DOM_UUID "6695eb01-f6a4-8304-79aa-97f2502e193f"
#define DOM_XML                                                                                    \
    "<domain type='test'><name>g1</name><memory>1024</memory><os><type>hvm</type></os>"            \
    "</domain>"

enum call {
    CALL_OPEN,
    CALL_CLOSE,
    CALL_ALIVE,
    CALL_NODE_INFO,
    CALL_POOL_VOLUMES,
    CALL_VOL_GET,
    CALL_DOM_DEFINE,
    CALL_DOM_CREATE_STARTED,
    CALL_DOM_START,
    CALL_DOM_STATE,
    CALL_DOM_SHUTDOWN,
    CALL_DOM_DESTROY,
    CALL_DOM_POWER_OFF,
    CALL_DOM_REBOOT,
    CALL_DOM_RESET,
    CALL_DOM_SUSPEND,
    CALL_DOM_RESUME,
    CALL_DOM_SAVE,
    CALL_DOM_RESTORE,
    CALL_DOM_UNDEFINE,
    CALL_DOM_XML,
    CALL_DOM_GRAPHICS,
    CALL_SNAP_CREATE,
    CALL_SNAP_REDEFINE,
    CALL_SNAP_REVERT,
    CALL_SNAP_DELETE,
    CALL_SNAP_LIST,
    CALL_DOM_LIST_ALL,
    CALL_DOM_MIGRATE,
    CALL_CONSOLE_OPEN,
    CALL_DOM_WATCH,
};

static const struct {
    enum call call;
    const char *name;
} calls[] = {
    {CALL_OPEN, "virt_open"},
    {CALL_CLOSE, "virt_close"},
    {CALL_ALIVE, "virt_alive"},
    {CALL_NODE_INFO, "virt_node_info"},
    {CALL_POOL_VOLUMES, "virt_pool_volumes"},
    {CALL_VOL_GET, "virt_vol_get"},
    {CALL_DOM_DEFINE, "virt_dom_define"},
    {CALL_DOM_CREATE_STARTED, "virt_dom_create_started"},
    {CALL_DOM_START, "virt_dom_start"},
    {CALL_DOM_STATE, "virt_dom_state"},
    {CALL_DOM_SHUTDOWN, "virt_dom_shutdown"},
    {CALL_DOM_DESTROY, "virt_dom_destroy"},
    {CALL_DOM_POWER_OFF, "virt_dom_power_off"},
    {CALL_DOM_REBOOT, "virt_dom_reboot"},
    {CALL_DOM_RESET, "virt_dom_reset"},
    {CALL_DOM_SUSPEND, "virt_dom_suspend"},
    {CALL_DOM_RESUME, "virt_dom_resume"},
    {CALL_DOM_SAVE, "virt_dom_save"},
    {CALL_DOM_RESTORE, "virt_dom_restore"},
    {CALL_DOM_UNDEFINE, "virt_dom_undefine"},
    {CALL_DOM_XML, "virt_dom_xml"},
    {CALL_DOM_GRAPHICS, "virt_dom_graphics"},
    {CALL_SNAP_CREATE, "virt_dom_snapshot_create"},
    {CALL_SNAP_REDEFINE, "virt_dom_snapshot_redefine"},
    {CALL_SNAP_REVERT, "virt_dom_snapshot_revert"},
    {CALL_SNAP_DELETE, "virt_dom_snapshot_delete"},
    {CALL_SNAP_LIST, "virt_dom_snapshot_list"},
    {CALL_DOM_LIST_ALL, "virt_dom_list_all"},
    {CALL_DOM_MIGRATE, "virt_dom_migrate"},
    {CALL_CONSOLE_OPEN, "virt_console_open"},
    {CALL_DOM_WATCH, "virt_dom_watch"},
};

static void no_event(const struct virt_dom_event *ev, void *data)
{
    (void)ev;
    (void)data;
}

/* Make the call on this thread with the connection c; true when it went well. */
static bool make_call(enum call call, struct virt_conn *c)
{
    struct dv_error err = {0};
    struct virt_node_info info;
    struct virt_vol *vols = NULL, vol = {0};
    struct virt_conn *o;
    struct virt_dom_graphics g = {0};
    struct virt_dom_snapshot *snaps = NULL;
    struct virt_dom_info *doms = NULL;
    struct virt_migrate_opts mo = {.live = true};
    enum virt_dom_state st;
    char *s = NULL;
    int n = 0;
    bool ok, b = false;

    switch (call) {
    case CALL_OPEN:
        o = virt_open(URI, &err);
        virt_forbid_thread(NULL);
        virt_close(o);
        return o != NULL;
    case CALL_CLOSE:
        virt_close(c);
        return true;
    case CALL_ALIVE:
        return virt_alive(c);
    case CALL_NODE_INFO:
        ok = virt_node_info(c, &info, &err);
        virt_node_info_clear(&info);
        return ok;
    case CALL_POOL_VOLUMES:
        ok = virt_pool_volumes(c, POOL_UUID, &vols, &n, &err);
        virt_vols_free(vols, n);
        return ok;
    case CALL_VOL_GET:
        virt_vol_get(c, "/default-pool/none", &vol, &err); /* not there: false is fine */
        virt_vol_clear(&vol);
        return true;
    case CALL_DOM_DEFINE:
        ok = virt_dom_define(c, DOM_XML, &s, &err);
        break;
    case CALL_DOM_CREATE_STARTED:
        ok = virt_dom_create_started(c, DOM_XML, &s, &err);
        break;
    case CALL_DOM_START:
        return virt_dom_start(c, DOM_UUID, &err);
    case CALL_DOM_STATE:
        return virt_dom_state(c, DOM_UUID, &st, &b, &err);
    case CALL_DOM_SHUTDOWN:
        return virt_dom_shutdown(c, DOM_UUID, &err);
    case CALL_DOM_DESTROY:
        return virt_dom_destroy(c, DOM_UUID, &err);
    case CALL_DOM_POWER_OFF:
        return virt_dom_power_off(c, DOM_UUID, 100, NULL, NULL, NULL, &b, &err);
    case CALL_DOM_REBOOT:
        return virt_dom_reboot(c, DOM_UUID, &err);
    case CALL_DOM_RESET:
        return virt_dom_reset(c, DOM_UUID, &err);
    case CALL_DOM_SUSPEND:
        return virt_dom_suspend(c, DOM_UUID, &err);
    case CALL_DOM_RESUME:
        return virt_dom_resume(c, DOM_UUID, &err);
    case CALL_DOM_SAVE:
        return virt_dom_save(c, DOM_UUID, "/nonexistent/x.save", &err);
    case CALL_DOM_RESTORE:
        return virt_dom_restore(c, "/nonexistent/x.save", &err);
    case CALL_DOM_UNDEFINE:
        return virt_dom_undefine(c, DOM_UUID, &err);
    case CALL_DOM_XML:
        s = virt_dom_xml(c, DOM_UUID, true, &err);
        ok = s != NULL;
        break;
    case CALL_DOM_GRAPHICS:
        ok = virt_dom_graphics(c, DOM_UUID, &g, &err);
        virt_dom_graphics_clear(&g);
        return ok;
    case CALL_SNAP_CREATE:
        return virt_dom_snapshot_create(c, DOM_UUID, "<domainsnapshot/>", &s, &err);
    case CALL_SNAP_REDEFINE:
        return virt_dom_snapshot_redefine(c, DOM_UUID, "<domainsnapshot/>", false, &err);
    case CALL_SNAP_REVERT:
        return virt_dom_snapshot_revert(c, DOM_UUID, "none", &err);
    case CALL_SNAP_DELETE:
        return virt_dom_snapshot_delete(c, DOM_UUID, "none", false, &err);
    case CALL_SNAP_LIST:
        ok = virt_dom_snapshot_list(c, DOM_UUID, &snaps, &n, &err);
        virt_dom_snapshots_free(snaps, n);
        return ok;
    case CALL_DOM_LIST_ALL:
        ok = virt_dom_list_all(c, &doms, &n, &err);
        virt_dom_infos_free(doms, n);
        return ok;
    case CALL_DOM_MIGRATE:
        return virt_dom_migrate(c, DOM_UUID, URI, &mo, NULL, NULL, NULL, &err);
    case CALL_CONSOLE_OPEN:
        virt_console_close(virt_console_open(c, DOM_UUID, NULL, VIRT_CONSOLE_SAFE, &err));
        return true;
    case CALL_DOM_WATCH:
        return virt_dom_watch(c, no_event, NULL, NULL, &err);
    }
    g_free(s);
    return ok;
    return false;
}

/* In a child with the switch on: mark this thread, make the call.  The
 * child must die by a signal and its stderr must name the call. */
static void check_fires(enum call call, const char *name)
{
    int fds[2];
    pid_t pid;
    int status = 0;
    char buf[4096];
    ssize_t got, len = 0;

    if (pipe(fds) != 0) {
        ok(0, "pipe for %s", name);
        return;
    }
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        struct dv_error err = {0};
        struct virt_conn *c = call == CALL_OPEN ? NULL : virt_open(URI, &err);

        dup2(fds[1], STDERR_FILENO);
        close(fds[0]);
        if (call != CALL_OPEN && !c)
            _exit(3);
        setenv("DOSVM_CHECK_KEYLOOP", "1", 1);
        virt_forbid_thread(g_thread_self());
        make_call(call, c);
        _exit(0); /* the guard did not fire */
    }
    close(fds[1]);
    while (len < (ssize_t)sizeof(buf) - 1 &&
           (got = read(fds[0], buf + len, sizeof(buf) - 1 - (size_t)len)) > 0)
        len += got;
    buf[len] = '\0';
    close(fds[0]);
    waitpid(pid, &status, 0);
    ok(WIFSIGNALED(status), "%s on the marked thread with DOSVM_CHECK_KEYLOOP=1 aborts", name);
    if (!WIFSIGNALED(status))
        printf("#   exit status %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    ok(strstr(buf, name) && strstr(buf, "key loop"), "the abort names %s and the key loop", name);
    if (!strstr(buf, name))
        printf("#   stderr: %s\n", buf);
}

static gpointer other_thread(gpointer unused)
{
    struct dv_error err = {0};
    struct virt_conn *c = virt_open(URI, &err);
    struct virt_node_info info;
    bool ok_ = c && virt_node_info(c, &info, &err);

    (void)unused;
    if (c)
        virt_node_info_clear(&info);
    virt_close(c);
    return GINT_TO_POINTER(ok_);
}

int main(void)
{
    struct dv_error err = {0};
    struct virt_conn *c;
    unsigned before;
    GThread *t;

    virt_init();
    ok(virt_forbidden_thread() == NULL, "no thread is marked at first");
    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++)
        check_fires(calls[i].call, calls[i].name);

    /* another thread works while this one is marked, switch on */
    setenv("DOSVM_CHECK_KEYLOOP", "1", 1);
    virt_forbid_thread(g_thread_self());
    ok(virt_forbidden_thread() == g_thread_self(), "the mark reads back");
    t = g_thread_new("worker", other_thread, NULL);
    ok(GPOINTER_TO_INT(g_thread_join(t)), "another thread opens and reads the host meanwhile");

    /* without the switch the marked thread goes on, and the calls are counted */
    unsetenv("DOSVM_CHECK_KEYLOOP");
    before = virt_forbidden_calls();
    c = virt_open(URI, &err);
    ok(c != NULL, "without the switch the call goes on: %s", err.msg);
    virt_close(c);
    is_int(virt_forbidden_calls() - before, 2, "the open and the close were counted");

    /* the mark lifted, nothing is counted */
    virt_forbid_thread(NULL);
    before = virt_forbidden_calls();
    setenv("DOSVM_CHECK_KEYLOOP", "1", 1);
    c = virt_open(URI, &err);
    ok(c != NULL && virt_alive(c), "the mark lifted, the same thread may call");
    virt_close(c);
    is_int(virt_forbidden_calls() - before, 0, "nothing counted once the mark is lifted");
    return tap_done();
}
