/* hostbridge.h - the host side of bridged networks that libvirt cannot do
 * (spec part 2 §1.2 "Effect of saving a network", OP-22, OP-23, H2).
 *
 * Linux bridge: before libvirt defines a network with <forward
 * mode='bridge'/><bridge name='BR'/>, the bridge must exist on the host with
 * the forward interface as its port:
 *
 *     ip link add name BR type bridge            (when BR is missing)
 *     ip link set dev IF master BR               (H2: IF is no other bridge's port)
 *     ip link set dev BR type bridge stp_state 0|1
 *     ip link set dev BR type bridge forward_delay CS
 *     ip link set dev IF up;  ip link set dev BR up
 *
 * CS is the forward delay in hundredths of a second: the form's
 * milliseconds rounded up to whole seconds (OP-22), kept inside the 2-30 s
 * the kernel allows while STP is on.  An existing bridge is adjusted, not
 * made again; hostbridge_ensure says whether dosvm made it
 * (network_host.made_bridge), and only such a bridge is removed, when no
 * other network uses it on that host (hostbridge_may_remove).
 *
 * OVS bridge: the ovs-vsctl argv below.  This machine's kernel has no
 * openvswitch module and Debian's CI has no Open vSwitch running, so they
 * are proven as argv only (tests/net/test-hostbridge.c), never run there.
 *
 * Macvtap: nothing is made; the forward interfaces must exist on the host
 * and be no bridge's port (hostbridge_check_ifaces).
 *
 * Every command runs through net/hostexec.h on the host of a URI; on a
 * test-driver host (hostexec_uri_real false) the steps do nothing. */
#ifndef DV_HOSTBRIDGE_H
#define DV_HOSTBRIDGE_H

#include "db/db.h"

/* the kernel's forward-delay range while STP is on (seconds) */
#define HOSTBRIDGE_STP_DELAY_MIN_S 2
#define HOSTBRIDGE_STP_DELAY_MAX_S 30

/* OP-22: the forward delay in seconds from the form's milliseconds, rounded
 * up; with STP on, clamped to the kernel's range. */
int64_t hostbridge_delay_s(int64_t delay_ms, bool stp);

/* The argv of each step (pure; NULL-terminated; g_strfreev them). */
char **hostbridge_argv_add(const char *br);
char **hostbridge_argv_port(const char *br, const char *dev);
char **hostbridge_argv_stp(const char *br, bool stp);
char **hostbridge_argv_delay(const char *br, bool stp, int64_t delay_ms);
char **hostbridge_argv_up(const char *dev);
char **hostbridge_argv_del(const char *br);
char **hostbridge_argv_show(const char *dev); /* ip -d -o link show dev DEV */

char **hostbridge_ovs_argv_add_br(const char *br);
char **hostbridge_ovs_argv_add_port(const char *br, const char *dev);
char **hostbridge_ovs_argv_stp(const char *br, bool stp);
char **hostbridge_ovs_argv_del_br(const char *br);

/* What `ip -d -o link show dev DEV` says of a link. */
struct hostbridge_link {
    bool exists;
    bool is_bridge;
    char *master; /* the bridge it is a port of, NULL when none */
};
/* Pure: read the one line of `ip -d -o link show` into out. */
void hostbridge_link_parse(const char *line, struct hostbridge_link *out);
void hostbridge_link_clear(struct hostbridge_link *l);
/* The link dev on the host of uri (exists false when there is none). */
bool hostbridge_link_get(const char *uri, const char *dev, struct hostbridge_link *out,
                         struct dv_error *err);

/* Make or adjust the Linux bridge br with dev as its port on the host of
 * uri (steps above, idempotent).  *made (may be NULL): dosvm made br now.
 * Refused, with nothing changed, when dev is missing, is a port of another
 * bridge (H2), or br exists and is not a bridge; a failure after br was
 * made removes it again.  host names the host in messages. */
bool hostbridge_ensure(const char *uri, const char *host, const char *br, const char *dev, bool stp,
                       int64_t delay_ms, bool *made, struct dv_error *err);

/* Remove the Linux bridge br from the host of uri; a missing one is no
 * error.  Its ports are released by the kernel. */
bool hostbridge_remove(const char *uri, const char *host, const char *br, struct dv_error *err);

/* The OVS steps (ovs-vsctl --may-exist, idempotent); *made (may be NULL):
 * the bridge did not exist before (`ovs-vsctl br-exists` said 2). */
char **hostbridge_ovs_argv_exists(const char *br);
bool hostbridge_ovs_ensure(const char *uri, const char *br, const char *dev, bool stp, bool *made,
                           struct dv_error *err);
bool hostbridge_ovs_remove(const char *uri, const char *br, struct dv_error *err);

/* Macvtap: every interface of devs (NULL-terminated) exists on the host of
 * uri and is no bridge's port (H2). */
bool hostbridge_check_ifaces(const char *uri, const char *host, const char *const *devs,
                             struct dv_error *err);

/* Whether the bridge of network_id on host_id goes with the network: dosvm
 * made it there (network_host.made_bridge) and no other network realized
 * on that host uses a bridge of the same name. */
bool hostbridge_may_remove(struct db *db, int64_t network_id, int64_t host_id, bool *remove,
                           struct dv_error *err);

#endif
