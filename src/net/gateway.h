/* gateway.h - the automatic gateway of a bridged subnet (M10.2.1.2
 * "libvirt / host mapping", R6, OP-11).
 *
 * libvirt serves DHCP, DNS and TFTP only for isolated, NAT and routed
 * networks.  For a subnet with 需要自动建立网关 used by Linux or OVS bridged
 * networks dosvm builds the gateway itself on one host:
 *
 *  up:   1. ip addr replace GW/PREFIX dev BRIDGE
 *        2. forwarding on: sysctl -w net.ipv4.ip_forward=1
 *           (IPv6: net.ipv6.conf.all.forwarding=1)
 *        3. a dnsmasq generated from the subnet's DHCP/DNS/TFTP data
 *           (gateway_dnsmasq_conf), its file, PID file and lease file in
 *           the run directory on that host, when the subnet has any of them
 *        4. the subnet's start script: sh -c SCRIPT
 *  down: the reverse: the stop script, dnsmasq stopped (by its PID file,
 *        only when that process is dnsmasq) and its files removed, the
 *        address removed.  Forwarding stays on: libvirt's NAT and routed
 *        networks on the same host need it as well.
 *
 * Both scripts run with DOSVM_SUBNET (name), DOSVM_GATEWAY (address),
 * DOSVM_PREFIX and DOSVM_BRIDGE in their environment.  A failed up undoes
 * its steps.  Each step runs through net/hostexec.h (ssh for remote hosts).
 *
 * Where it runs (OP-11): the subnet's bound gateway host (gateway_host_id)
 * when set; else a live host (heartbeat state running) that carries a
 * Linux/OVS network of the subnet (a network_host row); a gateway whose
 * unbound host stops is moved to another such live host, and taken down on
 * the old host once that host is live again.  It is up while any Linux/OVS
 * network of the subnet is realized on a host, down when the last is gone.
 * The table subnet_gateway (migration 0010) records where it runs, since
 * when and the last error. */
#ifndef DV_GATEWAY_H
#define DV_GATEWAY_H

#include "db/db.h"
#include "net/subnet.h"

/* The run directory on the gateway's host: DOSVM_GATEWAY_RUN_DIR, else
 * this.  Files: subnet-ID.conf, subnet-ID.pid, subnet-ID.leases. */
#define GATEWAY_RUN_DIR     "/run/dosvm/gateway"
#define GATEWAY_RUN_DIR_ENV "DOSVM_GATEWAY_RUN_DIR"
/* seconds before a failed placement is tried again */
#define GATEWAY_RETRY_S 60
/* seconds a gateway script may run */
#define GATEWAY_SCRIPT_TIMEOUT_S 60

const char *gateway_run_dir(void);

/* Whether the subnet's gateway needs a dnsmasq: DHCP or DNS on, or a TFTP
 * root (IPv4). */
bool gateway_needs_dnsmasq(const struct subnet *s);

/* The dnsmasq configuration of s on bridge, its files under run_dir
 * (pure; golden-tested).  DHCP rows only with DHCP on, DNS rows only with
 * DNS on (R7; without DNS, port=0), TFTP and BOOTP on IPv4 only.  NULL
 * with err when a value holds a line break or a control character.
 * g_free it. */
char *gateway_dnsmasq_conf(const struct subnet *s, const char *bridge, const char *run_dir,
                           struct dv_error *err);

/* What a gateway's steps need, copied from the records (a job's data). */
struct gateway_site {
    int64_t subnet_id;
    char *uri;  /* the host's */
    char *host; /* its name, for messages */
    char *bridge;
    char *address_up;  /* GATEWAY/PREFIX on the bridge now (subnet_gateway), or NULL */
    bool reconfigure;  /* gateway_up takes the running gateway down first */
    struct subnet sub; /* filled by subnet_get */
};
void gateway_site_clear(struct gateway_site *g);

/* The steps on the host (any thread; no database); nothing on a
 * test-driver host (net/hostexec.h: hostexec_uri_real).  Down removes
 * address_up when set (the subnet's gateway may have changed since), up
 * removes an address_up other than the subnet's; with reconfigure, up runs
 * down first (Modify network re-applies the subnet, OP-11). */
bool gateway_up(const struct gateway_site *g, struct dv_error *err);
bool gateway_down(const struct gateway_site *g, struct dv_error *err);

/* ---- placement (OP-11), with the records */

enum gateway_action {
    GATEWAY_KEEP,  /* nothing to do */
    GATEWAY_UP,    /* build on to_host (after taking it down on from_host) */
    GATEWAY_DOWN,  /* take down on from_host: no network needs it */
    GATEWAY_CLEAN, /* take down on from_host, which left it while dead */
    GATEWAY_NONE,  /* needed, but no live host carries a network: error recorded */
};

struct gateway_move {
    int64_t subnet_id;
    enum gateway_action action;
    int64_t from_host;  /* where it runs now (0: nowhere) */
    int64_t to_host;    /* where it goes (GATEWAY_UP) */
    int64_t network_id; /* the network whose bridge it sits on (GATEWAY_UP) */
    bool from_live;     /* from_host is live: take it down there first */
};

/* Decide, at now, what every subnet's gateway needs (pure over the
 * records: subnets, networks, network_host, host states, subnet_gateway).
 * *moves holds only actions other than GATEWAY_KEEP; g_free it. */
bool gateway_plan(struct db *db, int64_t now, struct gateway_move **moves, int *n,
                  struct dv_error *err);

/* Record the outcome of a move at now: ok or error (kept on the row with
 * since = now; the move is tried again GATEWAY_RETRY_S later).  left_host:
 * a host the gateway may still run on (it was dead, or its down failed),
 * cleaned once live (0: none). */
bool gateway_record(struct db *db, const struct gateway_move *m, bool ok, int64_t now,
                    const char *error, int64_t left_host, struct dv_error *err);

/* Carry out m's steps on the hosts (any thread, no database): for
 * GATEWAY_UP a live from_host's gateway is taken down first; *left_host
 * gets a host that may still run it.  site_from/site_to from
 * gateway_site_load (NULL when the move has no such host). */
bool gateway_move_run(const struct gateway_move *m, const struct gateway_site *site_from,
                      const struct gateway_site *site_to, int64_t *left_host, struct dv_error *err);

/* Read what a gateway's steps on host_id need: the subnet, the host's URI
 * and name, and the bridge of network_id (0: the bridge of the subnet's
 * Linux/OVS network realized on host_id, as recorded for it). */
bool gateway_site_load(struct db *db, int64_t subnet_id, int64_t host_id, int64_t network_id,
                       struct gateway_site *out, struct dv_error *err);

/* dosvmd's tick: plan and carry out the moves now, one after the other, on
 * this thread (tests) ... */
bool gateway_tick(struct db *db, int64_t now, struct dv_error *err);

/* ... or in background jobs (dosvmd's main loop): each move's steps run on
 * a worker, its record is written when job_poll() ends it.  A subnet whose
 * move has not ended is left alone at later ticks.  self_id: the host this
 * dosvmd runs on (0: none); like the collector it acts on its own host and
 * on hosts added by URI, not on another dosvmd's self-registered host. */
struct gateway_runner;
struct gateway_runner *gateway_runner_new(struct db *db, int64_t self_id);
void gateway_runner_free(struct gateway_runner *r);
bool gateway_tick_start(struct gateway_runner *r, int64_t now, struct dv_error *err);
int gateway_pending(const struct gateway_runner *r);

#endif
