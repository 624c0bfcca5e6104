/* test-hostexec.c - the host command runner (tier 1): the targets of URIs,
 * the ssh argv (built only: no test runs ssh to another address), local
 * runs with output, status, input, time limit and errors, the netns prefix,
 * and the host-bridge and OVS argv (OVS: argv only, no openvswitch module on
 * this kernel).
 * features: M10.3.2.4 M10.3.2.5 M10.3.2.6 */
#include "net/hostbridge.h"
#include "net/hostexec.h"
#include "../lib/tap.h"

#include <stdlib.h>
#include <string.h>

static char *joined(char **argv)
{
    char *s = g_strjoinv(" ", argv);

    g_strfreev(argv);
    return s;
}

static char *built(const char *uri, const char *const *argv, const char *netns)
{
    struct hostexec_target t;
    struct dv_error err = {0};
    char *s;

    if (!hostexec_target_from_uri(uri, &t, &err)) {
        printf("# %s: %s\n", uri, err.msg);
        return g_strdup("(refused)");
    }
    s = joined(hostexec_build_argv(&t, argv, netns, 7));
    hostexec_target_clear(&t);
    return s;
}

static void test_targets(void)
{
    const char *argv[] = {"ip", "link", "add", "name", "br 0;x", "type", "bridge", NULL};
    struct hostexec_target t;
    struct dv_error err = {0};
    char *s;

    ok(hostexec_target_from_uri("qemu:///system", &t, &err) && !t.remote,
       "qemu:///system is local");
    is_str(t.label, "localhost", "named localhost");
    hostexec_target_clear(&t);
    ok(hostexec_target_from_uri("qemu+unix:///system?socket=/run/x.sock", &t, &err) && !t.remote,
       "qemu+unix is local");
    hostexec_target_clear(&t);
    ok(hostexec_target_from_uri("test:///default", &t, &err) && !t.remote, "test:/// is local");
    hostexec_target_clear(&t);
    ok(!hostexec_target_from_uri("qemu+ext:///system?command=/bin/sh", &t, &err) &&
           err.code == DV_ERR_INVALID,
       "a URI outside dosvm's transports is refused");

    s = built("qemu:///system", argv, NULL);
    is_str(s, "ip link add name br 0;x type bridge", "a local command is the argv itself");
    g_free(s);
    s = built("qemu:///system", argv, "dosvm-t1");
    is_str(s, "ip netns exec dosvm-t1 ip link add name br 0;x type bridge",
           "the test netns wraps a local command");
    g_free(s);

    s = built("qemu+ssh://admin@node7.example:2222/system?keyfile=/k/id&known_hosts=/k/kh", argv,
              "ignored");
    is_str(s,
           "ssh -T -o BatchMode=yes -o ConnectTimeout=7 -o UserKnownHostsFile=/k/kh -i /k/id -p "
           "2222 -l admin -- node7.example env LC_ALL=C 'ip' 'link' 'add' 'name' 'br 0;x' 'type' "
           "'bridge'",
           "qemu+ssh: ssh to the same user, host and port, each argument quoted, no netns");
    g_free(s);
    s = built("qemu+ssh://node8/system?no_verify=1", argv, NULL);
    is_str(s,
           "ssh -T -o BatchMode=yes -o ConnectTimeout=7 -o StrictHostKeyChecking=no -- node8 env "
           "LC_ALL=C 'ip' 'link' 'add' 'name' 'br 0;x' 'type' 'bridge'",
           "no_verify=1 is ssh's StrictHostKeyChecking=no");
    g_free(s);
    s = built("qemu+tls://node9:16514/system", (const char *[]){"echo", "it's", NULL}, NULL);
    is_str(s, "ssh -T -o BatchMode=yes -o ConnectTimeout=7 -- node9 env LC_ALL=C 'echo' 'it'\\''s'",
           "qemu+tls: ssh to the host, not to libvirt's TLS port; a quote is escaped");
    g_free(s);
}

static void test_local_runs(void)
{
    struct hostexec_result r = {0};
    struct dv_error err = {0};
    struct hostexec_opts o = {0};
    int64_t t0;

    unsetenv(HOSTEXEC_NETNS_ENV);
    ok(hostexec_run("qemu:///system", (const char *[]){"printf", "%s|", "a b", "c", NULL}, NULL, &r,
                    &err),
       "a local command runs");
    is_str(r.out, "a b|c|", "its output is captured, arguments kept whole");
    is_int(r.status, 0, "status 0");
    hostexec_result_clear(&r);

    ok(!hostexec_run("qemu:///system", (const char *[]){"sh", "-c", "echo oops >&2; exit 3", NULL},
                     NULL, &r, &err),
       "a failing command fails");
    is_int(r.status, 3, "its status is kept");
    ok(err.code == DV_ERR_IO && strstr(err.msg, "sh -c echo oops") &&
           strstr(err.msg, "exit status 3") && strstr(err.msg, ": oops"),
       "the error names the command, the status and its stderr: %s", err.msg);
    hostexec_result_clear(&r);
    dv_error_clear(&err);

    o.any_status = true;
    ok(hostexec_run("qemu:///system", (const char *[]){"sh", "-c", "exit 4", NULL}, &o, &r, &err) &&
           r.status == 4,
       "any_status: a non-zero exit is read, not an error");
    hostexec_result_clear(&r);

    o = (struct hostexec_opts){.input = "line one\nsecret\n"};
    ok(hostexec_run("qemu:///system", (const char *[]){"wc", "-l", NULL}, &o, &r, &err), "input");
    ok(r.out && atoi(r.out) == 2, "the input reaches standard input");
    hostexec_result_clear(&r);
    o.any_status = false;
    ok(!hostexec_run("qemu:///system", (const char *[]){"sh", "-c", "cat >/dev/null; exit 1", NULL},
                     &o, &r, &err) &&
           !strstr(err.msg, "secret"),
       "an error never quotes the input");
    hostexec_result_clear(&r);
    dv_error_clear(&err);

    ok(hostexec_run("qemu:///system", (const char *[]){"sh", "-c", "echo $LC_ALL", NULL}, NULL, &r,
                    &err) &&
           !strcmp(r.out, "C\n"),
       "commands run with LC_ALL=C");
    hostexec_result_clear(&r);

    ok(!hostexec_run("qemu:///system", (const char *[]){"dosvm-no-such-program", NULL}, NULL, &r,
                     &err) &&
           strstr(err.msg, "dosvm-no-such-program"),
       "a program that is not there: %s", err.msg);
    dv_error_clear(&err);

    t0 = g_get_monotonic_time();
    o = (struct hostexec_opts){.timeout_s = 1};
    ok(!hostexec_run("qemu:///system", (const char *[]){"sleep", "30", NULL}, &o, &r, &err) &&
           err.code == DV_ERR_TIMEOUT,
       "a command past its time limit is stopped: %s", err.msg);
    ok(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC, "within the limit, not at its end");
    hostexec_result_clear(&r);
    dv_error_clear(&err);

    t0 = g_get_monotonic_time();
    ok(hostexec_run("qemu:///system",
                    (const char *[]){"sh", "-c", "sleep 20 >/dev/null 2>&1 & echo started", NULL},
                    NULL, &r, &err) &&
           !strcmp(r.out, "started\n"),
       "a command that leaves a process behind returns");
    ok(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC, "without waiting for that process");
    hostexec_result_clear(&r);

    ok(hostexec_script("qemu:///system", "test \"$A\" = 'x y' && test \"$B\" = 2",
                       (const char *[]){"A=x y", "B=2", NULL}, "the test script", 5, &err),
       "a script runs with its environment");
    ok(!hostexec_script("qemu:///system", "echo secret-text; echo failed >&2; exit 1", NULL,
                        "the test script", 5, &err) &&
           strstr(err.msg, "the test script") && !strstr(err.msg, "secret-text") &&
           strstr(err.msg, "failed"),
       "a failing script is named by its label, not its text: %s", err.msg);
    dv_error_clear(&err);
    ok(hostexec_script("qemu:///system", "  \n ", NULL, "blank", 5, &err),
       "a blank script is none");

    ok(!hostexec_uri_real("test:///default") && hostexec_uri_real("qemu:///system") &&
           hostexec_uri_real("qemu+ssh://node/system"),
       "a test-driver host is not a machine to run host steps on");
    setenv(HOSTEXEC_NETNS_ENV, "dosvm-t1", 1);
    ok(hostexec_uri_real("test:///default"), "unless a test's namespace stands in for it");
    unsetenv(HOSTEXEC_NETNS_ENV);
    {
        bool made = true;
        ok(hostbridge_ensure("test:///default", "t", "br-x", "eth-x", true, 0, &made, &err) &&
               !made,
           "so a test-driver host's bridge is left to libvirt's simulation");
    }

    /* the netns prefix: a namespace that does not exist makes ip fail */
    setenv(HOSTEXEC_NETNS_ENV, "dosvm-no-such-netns", 1);
    ok(!hostexec_run("qemu:///system", (const char *[]){"true", NULL}, NULL, &r, &err) &&
           strstr(err.msg, "true"),
       "with " HOSTEXEC_NETNS_ENV " a local command runs through ip netns exec");
    hostexec_result_clear(&r);
    unsetenv(HOSTEXEC_NETNS_ENV);
    dv_error_clear(&err);
}

static void test_bridge_argv(void)
{
    char *s;

    s = joined(hostbridge_argv_add("linux-br0"));
    is_str(s, "ip link add name linux-br0 type bridge", "make a Linux bridge");
    g_free(s);
    s = joined(hostbridge_argv_port("linux-br0", "eth1"));
    is_str(s, "ip link set dev eth1 master linux-br0", "the forward interface as its port");
    g_free(s);
    s = joined(hostbridge_argv_stp("linux-br0", false));
    is_str(s, "ip link set dev linux-br0 type bridge stp_state 0", "STP off");
    g_free(s);
    s = joined(hostbridge_argv_stp("linux-br0", true));
    is_str(s, "ip link set dev linux-br0 type bridge stp_state 1", "STP on");
    g_free(s);
    s = joined(hostbridge_argv_delay("linux-br0", false, 60));
    is_str(s, "ip link set dev linux-br0 type bridge forward_delay 100",
           "60 ms rounded up to 1 s (OP-22), in hundredths");
    g_free(s);
    s = joined(hostbridge_argv_delay("linux-br0", true, 4001));
    is_str(s, "ip link set dev linux-br0 type bridge forward_delay 500", "4001 ms is 5 s");
    g_free(s);
    s = joined(hostbridge_argv_delay("linux-br0", true, 0));
    is_str(s, "ip link set dev linux-br0 type bridge forward_delay 200",
           "STP on: at least the kernel's 2 s");
    g_free(s);
    is_int(hostbridge_delay_s(0, false), 0, "no delay without STP");
    is_int(hostbridge_delay_s(1000, false), 1, "1000 ms is 1 s");
    is_int(hostbridge_delay_s(90000, true), 30, "STP on: at most 30 s");
    is_int(hostbridge_delay_s(90000, false), 90, "STP off: as asked");
    s = joined(hostbridge_argv_up("linux-br0"));
    is_str(s, "ip link set dev linux-br0 up", "up");
    g_free(s);
    s = joined(hostbridge_argv_del("linux-br0"));
    is_str(s, "ip link del dev linux-br0", "remove");
    g_free(s);

    /* OVS (M10.3.2.5): this kernel has no openvswitch module and CI no Open
     * vSwitch, so the commands are proven as argv only */
    s = joined(hostbridge_ovs_argv_add_br("ovs-br0"));
    is_str(s, "ovs-vsctl --may-exist add-br ovs-br0", "OVS bridge, idempotent");
    g_free(s);
    s = joined(hostbridge_ovs_argv_add_port("ovs-br0", "eth2"));
    is_str(s, "ovs-vsctl --may-exist add-port ovs-br0 eth2", "OVS port, idempotent");
    g_free(s);
    s = joined(hostbridge_ovs_argv_stp("ovs-br0", true));
    is_str(s, "ovs-vsctl set Bridge ovs-br0 stp_enable=true", "OVS STP on");
    g_free(s);
    s = joined(hostbridge_ovs_argv_stp("ovs-br0", false));
    is_str(s, "ovs-vsctl set Bridge ovs-br0 stp_enable=false", "OVS STP off");
    g_free(s);
    s = joined(hostbridge_ovs_argv_exists("ovs-br0"));
    is_str(s, "ovs-vsctl br-exists ovs-br0", "whether dosvm makes it");
    g_free(s);
    s = joined(hostbridge_ovs_argv_del_br("ovs-br0"));
    is_str(s, "ovs-vsctl --if-exists del-br ovs-br0", "OVS bridge removed");
    g_free(s);
}

static void test_link_parse(void)
{
    struct hostbridge_link l;

    hostbridge_link_parse(
        "4: hb0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default "
        "qlen 1000\\    link/ether 76:66:56:21:34:ed brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti "
        "0 "
        "minmtu 68 maxmtu 65535 \\    bridge forward_delay 1500 hello_time 200 stp_state 0\n",
        &l);
    ok(l.exists && l.is_bridge && !l.master, "a bridge");
    hostbridge_link_clear(&l);
    hostbridge_link_parse(
        "3: hv0@hv1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop master hb0 state DOWN mode "
        "DEFAULT\\    link/ether 76:66:56:21:34:ed brd ff:ff:ff:ff:ff:ff promiscuity 1 \\    veth "
        "\\    bridge_slave state disabled priority 32\n",
        &l);
    ok(l.exists && !l.is_bridge && l.master && !strcmp(l.master, "hb0"),
       "a veth that is a port of hb0");
    hostbridge_link_clear(&l);
    hostbridge_link_parse("", &l);
    ok(!l.exists, "no line, no link");
    hostbridge_link_clear(&l);
}

int main(void)
{
    test_targets();
    test_local_runs();
    test_bridge_argv();
    test_link_parse();
    return tap_done();
}
