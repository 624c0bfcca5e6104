/* test-hostnet-real.c - host bridges, macvtap interface checks and the
 * automatic subnet gateway on real kernel objects, run by svc-hostnet.sh
 * inside the network namespace it made (DOSVM_TEST_NETNS; every dosvm host
 * command goes there through DOSVM_HOSTEXEC_NETNS).  What the kernel holds
 * is read back with `ip -n NS`, `bridge -n NS` and dig inside NS.
 * features: M10.2.1.2 M10.3.2.4 M10.3.2.6 M10.3.2.6a */
#include "net/hostbridge.h"
#include "net/hostexec.h"
#include "../lib/tap.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define URI "qemu:///system"

static const char *ns;

/* The output of a shell line (run by the test itself, outside dosvm). */
static char *sh(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static char *sh(const char *fmt, ...)
{
    va_list ap;
    char *cmd, *out = NULL;
    const char *argv[] = {"sh", "-c", NULL, NULL};

    va_start(ap, fmt);
    cmd = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    argv[2] = cmd;
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &out, NULL, NULL, NULL))
        out = g_strdup("");
    g_free(cmd);
    return out;
}

static bool has(const char *text, const char *what)
{
    return text && strstr(text, what);
}

static void test_linux_bridge(void)
{
    struct dv_error err = {0};
    bool made = false;
    char *s;

    /* M10.3.2.4: made with its forward interface as a port, STP and delay */
    ok(hostbridge_ensure(URI, "h1", "dv-br0", "dv-eth0", true, 4001, &made, &err),
       "the Linux bridge is made: %s", err.msg);
    ok(made, "dosvm made it (network_host.made_bridge)");
    s = sh("ip -n %s -d -o link show dev dv-br0", ns);
    ok(has(s, " bridge ") && has(s, "stp_state 1") && has(s, "forward_delay 500"),
       "ip -d link: a bridge with STP on and 4001 ms as 5 s");
    ok(has(s, "state UP") || has(s, ",UP"), "the bridge is up");
    g_free(s);
    s = sh("bridge -n %s link show", ns);
    ok(has(s, "dv-eth0") && has(s, "master dv-br0"), "bridge link: dv-eth0 is its port");
    g_free(s);

    /* idempotent: made again, it is adjusted and not counted as made */
    ok(hostbridge_ensure(URI, "h1", "dv-br0", "dv-eth0", false, 0, &made, &err) && !made,
       "ensured again: adjusted, not made: %s", err.msg);
    s = sh("ip -n %s -d -o link show dev dv-br0", ns);
    ok(has(s, "stp_state 0") && has(s, "forward_delay 0"), "STP off and no delay now");
    g_free(s);

    /* an existing bridge dosvm did not make takes the port */
    sh("ip -n %s link add dv-br1 type bridge", ns);
    ok(hostbridge_ensure(URI, "h1", "dv-br1", "dv-eth1", true, 15000, &made, &err) && !made,
       "an existing bridge is used, not made: %s", err.msg);
    s = sh("bridge -n %s link show", ns);
    ok(has(s, "dv-eth1") && has(s, "master dv-br1"), "its port added");
    g_free(s);

    /* H2: an interface that is another bridge's port is refused, nothing made */
    ok(!hostbridge_ensure(URI, "h1", "dv-br2", "dv-eth0", false, 0, &made, &err) &&
           err.code == DV_ERR_INUSE && has(err.msg, "dv-br0"),
       "H2: dv-eth0 belongs to dv-br0: %s", err.msg);
    s = sh("ip -n %s -o link show dev dv-br2", ns);
    ok(!has(s, "dv-br2"), "dv-br2 was not made");
    g_free(s);
    dv_error_clear(&err);
    ok(!hostbridge_ensure(URI, "h1", "dv-br2", "dv-nothere", false, 0, &made, &err) &&
           has(err.msg, "dv-nothere"),
       "a missing interface is refused: %s", err.msg);
    dv_error_clear(&err);
    ok(!hostbridge_ensure(URI, "h1", "dv-eth2", "dv-peer1", false, 0, &made, &err) &&
           has(err.msg, "not a bridge"),
       "a bridge name held by another kind of link is refused: %s", err.msg);
    dv_error_clear(&err);

    /* removed on delete: the port is released */
    ok(hostbridge_remove(URI, "h1", "dv-br0", &err), "removed: %s", err.msg);
    s = sh("ip -n %s -o link show", ns);
    ok(!has(s, "dv-br0"), "dv-br0 is gone");
    ok(has(s, "dv-eth0") && !has(s, "master dv-br0"), "dv-eth0 is free again");
    g_free(s);
    ok(hostbridge_remove(URI, "h1", "dv-br0", &err), "removing a missing bridge is no error");
    sh("ip -n %s link del dv-br1", ns);
}

static void test_macvtap_ifaces(void)
{
    struct dv_error err = {0};

    /* M10.3.2.6, M10.3.2.6a: the forward interfaces exist and are free */
    ok(hostbridge_check_ifaces(URI, "h1", (const char *[]){"dv-eth1", "dv-eth2", NULL}, &err),
       "two free veths pass as macvtap forward interfaces: %s", err.msg);
    ok(!hostbridge_check_ifaces(URI, "h1", (const char *[]){"dv-eth1", "dv-eth9", NULL}, &err) &&
           has(err.msg, "dv-eth9"),
       "a missing one is named: %s", err.msg);
    dv_error_clear(&err);
    sh("ip -n %s link add dv-br3 type bridge && ip -n %s link set dv-eth2 master dv-br3", ns, ns);
    ok(!hostbridge_check_ifaces(URI, "h1", (const char *[]){"dv-eth2", NULL}, &err) &&
           err.code == DV_ERR_INUSE,
       "H2: a bridge's port cannot carry macvtap: %s", err.msg);
    dv_error_clear(&err);
    sh("ip -n %s link del dv-br3", ns);
}

int main(void)
{
    ns = getenv("DOSVM_TEST_NETNS");
    if (!ns || !getenv(HOSTEXEC_NETNS_ENV)) {
        printf("1..0 # SKIP run by svc-hostnet.sh inside its network namespace\n");
        return 0;
    }
    test_linux_bridge();
    test_macvtap_ifaces();
    return tap_done();
}
