/* network.h - the networks of a project (manual 10.3, spec part 2 §1.2):
 * six kinds, their rules (H1, H2, S0-S5, OP-8 ... OP-28), the generated
 * libvirt XML kept with the record (spec 0.5), and their realization on the
 * hosts through the job layer (D11).
 *
 * A network belongs to one project; a project admin works on the networks of
 * the active project they manage (the sysadm may name any project, for the
 * demo and dosvmd).  The form's texts become a typed struct network_spec
 * through network_parse(); the sub-dialogs' rows (routes, port groups, VLAN
 * tags, macvtap interfaces, the NAT ranges) through their own *_parse, which
 * also refuse a duplicate of a row already in the table.  network_add,
 * network_modify and network_delete check every rule again, in one
 * BEGIN IMMEDIATE transaction with the audit row; nothing is written when a
 * rule fails.
 *
 * Realization (M10.3.2 "Effect of saving a network"): isolated, NAT and
 * routed networks are defined, started and set to autostart on their bound
 * host; Linux bridge, OVS and macvtap networks are defined and started on
 * the bound host when they are bound (OP-23), after the per-kind host step
 * (the host bridge, net-hostnet's part: network.c's table host_steps).  The
 * hosts a network was defined on are kept in network_host; modify redefines
 * it on each of them (restarting it only without connections, OP-28), delete
 * removes it from each. */
#ifndef DV_NETWORK_H
#define DV_NETWORK_H

#include "db/choice.h"
#include "db/db.h"
#include "virt/virtnet.h"

/* The six kinds, stored by value in network.type (migration 0010). */
enum network_type {
    NETWORK_ISOLATED = 0, /* 隔离网络 */
    NETWORK_NAT = 1,      /* NAT网络 */
    NETWORK_ROUTED = 2,   /* 路由网络 */
    NETWORK_BRIDGE = 3,   /* Linux桥接网络 */
    NETWORK_OVS = 4,      /* OVS桥接网络 */
    NETWORK_MACVTAP = 5,  /* MACVTAP桥接网络 */
    NETWORK_TYPE_COUNT
};

/* The console's label of a type (translated), "" out of range. */
const char *network_type_label(enum network_type t);
/* isolated, NAT or routed: a single host's internal network (H1) */
bool network_type_internal(enum network_type t);

/* Keys of the form fields, as set in dv_error.field. */
#define NWF_TYPE           "type"
#define NWF_NAME_EN        "name_en"
#define NWF_NAME_ZH        "name_zh"
#define NWF_DESCRIPTION    "description"
#define NWF_BRIDGE         "bridge"
#define NWF_MAC            "mac"
#define NWF_BOUND_HOST     "bound_host" /* host id, "" or "0" for none */
#define NWF_IPV6           "ipv6"       /* "1", "0" or "" */
#define NWF_STP            "stp"        /* "1", "0" or "" */
#define NWF_DELAY          "delay_ms"   /* whole milliseconds, "" = 0 */
#define NWF_FORWARD_DEV    "forward_dev"
#define NWF_SUBNET         "subnet" /* subnet id, "" or "0" for none */
#define NWF_IN_AVERAGE     "in_average"
#define NWF_IN_PEAK        "in_peak"
#define NWF_IN_BURST       "in_burst"
#define NWF_OUT_AVERAGE    "out_average"
#define NWF_OUT_PEAK       "out_peak"
#define NWF_OUT_BURST      "out_burst"
#define NWF_NAT_ADDR_START "nat_addr_start" /* M10.3.2.2a */
#define NWF_NAT_ADDR_END   "nat_addr_end"
#define NWF_NAT_PORT_START "nat_port_start" /* M10.3.2.2b */
#define NWF_NAT_PORT_END   "nat_port_end"
#define NWF_VLAN_TRUNK     "vlan_trunk"   /* M10.3.2.5b */
#define NWF_INTERFACE_ID   "interface_id" /* M10.3.2.5b, a UUID or "" */
#define NWF_ROUTES         "routes"       /* the route table as a whole */
#define NWF_PORTGROUPS     "portgroups"
#define NWF_VLANS          "vlans"
#define NWF_IFACES         "ifaces" /* M10.3.2.6a, the macvtap interfaces */
/* the sub-dialogs' fields */
#define NWF_ROUTE_FAMILY  "route_family" /* "ipv4" or "ipv6" */
#define NWF_ROUTE_ADDRESS "route_address"
#define NWF_ROUTE_PREFIX  "route_prefix"
#define NWF_ROUTE_GATEWAY "route_gateway"
#define NWF_PG_NAME       "pg_name" /* port group dialogs; its bandwidth keys are NWF_IN_* ... */
#define NWF_VLAN_TAG      "vlan_tag"
#define NWF_VLAN_NATIVE   "vlan_native" /* "", "none", "tagged", "untagged" */
#define NWF_IFACE         "iface"

#define NETWORK_BRIDGE_MAX 15 /* Linux interface names (OP-22) */
#define NETWORK_BW_UNSET   (-1)
#define NETWORK_VLAN_MAX   4095
#define NETWORK_ADDR_MAX   46 /* INET6_ADDRSTRLEN */

/* Bandwidth in kb/s (burst KiB); NETWORK_BW_UNSET when not set. */
struct network_bandwidth {
    int64_t in_average, in_peak, in_burst;
    int64_t out_average, out_peak, out_burst;
};
/* Every value unset. */
struct network_bandwidth network_bandwidth_unset(void);
bool network_bandwidth_is_set(const struct network_bandwidth *b);

enum network_native { NETWORK_NATIVE_NONE, NETWORK_NATIVE_TAGGED, NETWORK_NATIVE_UNTAGGED };

struct network_vlan {
    int tag; /* 0-4095 */
    enum network_native native;
};

/* A VLAN set: the network's (OVS) or a port group's.  trunk is set by the
 * rules when there is more than one tag or a native mode (M10.3.2.5b). */
struct network_vlans {
    bool trunk;
    struct network_vlan *v;
    int n;
};

struct network_route {
    int family; /* 4 or 6 */
    char address[NETWORK_ADDR_MAX];
    int prefix;
    char gateway[NETWORK_ADDR_MAX];
};

struct network_portgroup {
    char *name;
    struct network_bandwidth bw;
    struct network_vlans vlan; /* OVS only */
};

/* A network operation's input, typed; owned by the spec (network_spec_clear).
 * Fields a type does not have stay empty / 0 / unset.  */
struct network_spec {
    int64_t project_id; /* the sysadm names it; a project admin's is their project */
    enum network_type type;
    char *name_en, *name_zh, *description;
    char *bridge;          /* isolated, NAT, routed, Linux, OVS */
    char *mac;             /* isolated, NAT, routed; "" = libvirt's own */
    int64_t bound_host_id; /* 0: not bound */
    bool ipv6, stp;
    int64_t delay_ms;             /* forward delay as typed, ms; libvirt gets seconds rounded up */
    char *forward_dev;            /* NAT, routed (optional), Linux, OVS (required) */
    int64_t subnet_id;            /* 0: none (required for NAT and routed, OP-26) */
    struct network_bandwidth bw;  /* isolated, NAT, routed */
    struct network_route *routes; /* isolated, NAT, routed */
    int nroutes;
    struct network_portgroup *portgroups; /* all but macvtap; the first is the default */
    int nportgroups;
    struct network_vlans vlan; /* OVS */
    char *interface_id;        /* OVS, "" = none */
    char **ifaces;             /* macvtap, NULL-terminated (nifaces of them) */
    int nifaces;
    char *nat_addr_start, *nat_addr_end; /* NAT, "" = all addresses */
    int nat_port_start, nat_port_end;    /* NAT, 0 = all ports */
    int64_t version;                     /* modify: the row_version read with the record; 0 skips */
};

void network_spec_clear(struct network_spec *s);
/* A deep copy of s into out. */
void network_spec_copy(struct network_spec *out, const struct network_spec *s);

/* What the add/modify form submits: the scalar fields as typed (NULL = "");
 * the tables' rows as their dialogs made them (copied by network_parse). */
struct network_input {
    enum network_type type; /* chosen in the first dialog; read-only on modify */
    const char *name_en, *name_zh, *description;
    const char *bridge, *mac, *bound_host, *ipv6, *stp, *delay_ms, *forward_dev, *subnet;
    const char *in_average, *in_peak, *in_burst, *out_average, *out_peak, *out_burst;
    const char *vlan_trunk, *interface_id;
    const char *nat_addr_start, *nat_addr_end, *nat_port_start, *nat_port_end;
    const struct network_route *routes;
    int nroutes;
    const struct network_portgroup *portgroups;
    int nportgroups;
    const struct network_vlan *vlans;
    int nvlans;
    const char *const *ifaces;
    int nifaces;
    int64_t project_id; /* sysadm callers */
    int64_t version;
};

/* The spec of what the form typed (network_spec_clear it, also on failure):
 * numbers read strictly, ids of the pickers, booleans "1"/"0"/"".  False
 * with err naming the field (an NWF_* key) for a text that is not a number
 * or a boolean.  The rules are checked by network_check (and again by
 * network_add/network_modify). */
bool network_parse(const struct network_input *in, struct network_spec *out, struct dv_error *err);

/* Every rule of the record that needs no other record: names (EN-NAME
 * 1-64, Chinese name 1-64, description ≤256), bridge 1-15 of
 * [A-Za-z0-9_.-] and not virbr0, MAC, delay ≥ 0, bound host required for
 * isolated/NAT/routed, forward interface (none for isolated, required for
 * Linux/OVS, [A-Za-z0-9._:-] ≤15), subnet (required for NAT/routed, none
 * for macvtap), bandwidth ("peak or burst needs average"), routes, port
 * groups, VLANs (OVS only; trunk set when needed: s is adjusted), macvtap
 * interfaces (≥1, no duplicates), the NAT ranges; and which parts a type
 * may have (Table 10-1, OP-18).  *warning (may be NULL; g_free it) gets the
 * advice that is no refusal: STP on with a delay outside 2-30 s. */
bool network_check(struct network_spec *s, char **warning, struct dv_error *err);

/* ---- the sub-dialogs: each refuses a duplicate of the rows already there */

/* M10.3.2.1a: family "ipv4"/"ipv6", address of that family without host
 * bits beyond the prefix, prefix ≤32/≤128 ("Prefix out of range"), gateway
 * of the same family; a route equal to one of existing[0..n) refused. */
bool network_route_parse(const char *family, const char *address, const char *prefix,
                         const char *gateway, const struct network_route *existing, int n,
                         struct network_route *out, struct dv_error *err);

/* M10.3.2.1b / M10.3.2.5a: a port group (name 1-64, unique among
 * existing[0..n), bandwidth texts, "" = unset; peak or burst needs
 * average).  vlans (OVS only, may be NULL with nvlans 0) are checked as
 * M10.3.2.5b; trunk "1"/"0"/"".  out owns its strings (free with
 * network_portgroup_clear). */
bool network_portgroup_parse(const char *name, const char *in_average, const char *in_peak,
                             const char *in_burst, const char *out_average, const char *out_peak,
                             const char *out_burst, const char *trunk,
                             const struct network_vlan *vlans, int nvlans,
                             const struct network_portgroup *existing, int n,
                             struct network_portgroup *out, struct dv_error *err);
void network_portgroup_clear(struct network_portgroup *pg);

/* M10.3.2.5c: tag 0-4095 not among existing[0..n); native "", "none",
 * "tagged" or "untagged"; a second native tag refused ("one interface can
 * have only one VLAN in untagged mode"; libvirt: at most one native). */
bool network_vlan_parse(const char *tag, const char *native, const struct network_vlan *existing,
                        int n, struct network_vlan *out, struct dv_error *err);

/* M10.3.2.6a: 1-15 of [A-Za-z0-9._:-], not among existing[0..n). */
bool network_iface_parse(const char *dev, const char *const *existing, int n, struct dv_error *err);

/* M10.3.2.2a: IPv4 start ≤ end (start = end: one address); refused when
 * the table already has its one row (existing > 0, OP-25). */
bool network_nat_addr_parse(const char *start, const char *end, int existing, struct dv_error *err);
/* M10.3.2.2b: ports 1-65535, start ≤ end; one row (OP-25). */
bool network_nat_port_parse(const char *start, const char *end, int existing, int *out_start,
                            int *out_end, struct dv_error *err);

/* ---- records */

struct network {
    int64_t id;
    char *uuid;
    struct network_spec spec;           /* spec.version = the row_version */
    char *project;                      /* the project's name */
    char *bound_host;                   /* its name, "" */
    char *subnet_name, *subnet_gateway; /* "" without a subnet */
    char *ifaces_text; /* the list's 主机网络接口: forward_dev, or the macvtap ones "eth0,eth1" */
    char *xml;         /* the XML as last defined (spec 0.5) */
    int64_t created_at;
};

struct network_page {
    struct network *rows;
    int n;
    int64_t total;
};

void network_clear(struct network *n);
void network_page_free(struct network_page *p);

/* The record with its children; DV_ERR_NOTFOUND ("The network no longer
 * exists.") when gone. */
bool network_get(struct db *db, int64_t id, struct network *out, struct dv_error *err);

/* M10.3.1: one page (by id) of the networks of project_id whose Chinese or
 * English name contains name (NULL or "" for all). */
bool network_list(struct db *db, int64_t project_id, const char *name, int64_t offset, int limit,
                  struct network_page *out, struct dv_error *err);

/* The project a network operation of actor works in: a project admin's
 * active project; for the sysadm, fallback (0: refused). */
bool network_actor_project(struct db *db, const struct dv_actor *actor, int64_t fallback,
                           int64_t *project_id, struct dv_error *err);

/* ---- choices of the form */

/* M10.3.2 S0-S5/OP-20: the subnets a network of type (network_id: the one
 * being modified, 0 when adding) may use in project_id: assigned to the
 * project (S0), no automatic gateway for isolated/NAT/routed (S1, S2),
 * none for macvtap (S3), and the sharing matrix of spec 6.1: a subnet used
 * by a routed or Linux/OVS network is taken by it alone; a subnet used by
 * isolated/NAT networks is shared only with isolated/NAT ones.  Label
 * "name (address/prefix)"; on = the subnet network_id uses. */
bool network_subnet_choices(struct db *db, int64_t project_id, enum network_type type,
                            int64_t network_id, struct choice_list *out, struct dv_error *err);
/* Registered hosts to bind to (label "name", on = running). */
bool network_host_choices(struct db *db, struct choice_list *out, struct dv_error *err);

/* ---- operations (each a job: the checks and the record on the caller's
 * thread, libvirt on a worker, the audit row in the finish) */

struct job;

/* M10.3.2: every rule (network_check; inside the transaction: the English
 * name is unique, the bound host and subnet exist, the bridge name is not
 * used by another network on the host (OP-8), no forward interface is
 * another network's on the host (H2), S0-S5/OP-20); then the record with
 * its children and generated XML.  An unbound network (bridged kinds) is
 * done then, with its audit row (OP-23: nothing on a host yet).  A bound
 * one is realized on a worker: the per-kind up step, define, start and,
 * for the internal kinds, autostart.  H1/OP-8: when another isolated, NAT
 * or routed network is active on that host, it is defined but not started,
 * and the job's result text (network_add's *warning) says so.  The finish
 * remembers the host in network_host and writes the audit row; when the
 * host refused, the record is removed again and nothing is logged.  A
 * network "shares a host" with another bound to the same host or with an
 * unbound one (which may come to any host).  NULL with err when refused. */
struct job *network_add_start(struct db *db, const struct dv_actor *actor,
                              const struct network_spec *s, struct dv_error *err);
/* The id of the network a network_add_start job added. */
int64_t network_add_job_id(const struct job *job);
/* The synchronous form; *id and *warning may be NULL (*warning: the STP
 * advice of network_check and the H1 notice; g_free it). */
bool network_add(struct db *db, const struct dv_actor *actor, const struct network_spec *s,
                 int64_t *id, char **warning, struct dv_error *err);

/* M10.3.3: the type cannot change (OP-19: s->type must be the record's);
 * every rule again; the XML regenerated from the current subnet; the
 * record updated at s->version (DV_ERR_STALE when changed since) with its
 * audit row; then, on a worker, the network redefined on every host of
 * network_host (and the bound host when it is not there yet) and
 * restarted where it is active without connections.  Where guests are
 * connected the new definition waits for the next restart and
 * network_modify_notice() says "Network in use; changes apply after the
 * network restarts" (OP-28).  Hosts that failed are named in the job's
 * result text. */
struct job *network_modify_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                 const struct network_spec *s, struct dv_error *err);
/* The OP-28 message of an ended modify job, or NULL when every host took
 * the change at once. */
const char *network_modify_notice(const struct job *job);
bool network_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                    const struct network_spec *s, char **notice, struct dv_error *err);

/* M10.3.4: refused at once (NULL with err) for another project's network or
 * while network_in_use (OP-16: VM NICs, clusters).  On a worker, every host
 * of network_host is first asked for its live connections: when a guest
 * interface is connected anywhere, the job fails with DV_ERR_INUSE ("The
 * network is in use by N guest interfaces on the host H") and nothing is
 * removed or written.  Otherwise the network is destroyed, its autostart
 * unset and undefined on every host (the per-kind down step after it), and
 * the finish deletes the record with its audit row; hosts that could not
 * be reached are named in network_delete_warning() (the record is gone all
 * the same). */
struct job *network_delete_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                 struct dv_error *err);
const char *network_delete_warning(const struct job *job);
bool network_delete(struct db *db, const struct dv_actor *actor, int64_t id, char **warning,
                    struct dv_error *err);

/* OP-16: whether anything uses the network (refused with DV_ERR_INUSE and
 * the reason); called by network_delete inside its transaction. */
bool network_in_use(struct db *db, int64_t id, struct dv_error *err);

/* ---- a network's realization as a step of another job: a VM's power-on
 * (M11.4.5a step 2.1) or migration ensures each NIC's network on the host.
 * network_host_site_new reads, on the owner's thread, what the worker needs
 * (the host step of the kind, the stored XML); network_host_site_run, on
 * the worker, runs the host step, defines and starts the network (false
 * with err when it is not active afterwards, e.g. H1); then, on the owner's
 * thread inside the caller's transaction, network_host_site_record
 * remembers the host in network_host.  No operation-log row: the caller's
 * operation writes its own. */
struct network_host_site;
struct job_ctx;
struct network_host_site *network_host_site_new(struct db *db, int64_t network_id, int64_t host_id,
                                                struct dv_error *err);
bool network_host_site_run(struct job_ctx *ctx, struct network_host_site *s, struct dv_error *err);
bool network_host_site_record(struct db *db, struct network_host_site *s, struct dv_error *err);
void network_host_site_free(struct network_host_site *s);

/* ---- details (M10.3.1): the subnet's reservations and the live leases */

/* An IP reservation of the network's subnet (M10.2.1.2c). */
struct network_reservation {
    char *mac; /* "" on IPv6 */
    char *ip;
    char *hostname; /* "" when none */
};

/* The reservations of the subnet the network id uses, in the order added
 * (*out: n of them, network_reservations_free it; none without a subnet).
 * Refused (DV_ERR_DENIED) for another project's network. */
bool network_reservations(struct db *db, const struct dv_actor *actor, int64_t id,
                          struct network_reservation **out, int *n, struct dv_error *err);
void network_reservations_free(struct network_reservation *r, int n);

/* What one host of network_host said. */
struct network_host_leases {
    int64_t host_id;
    char *host_name;
    bool ok;     /* it reported its leases */
    char *error; /* else why not (translated): its libvirt cannot, unreachable ... */
    struct virt_net_lease *leases; /* its live leases (virt/virtnet.h) */
    int n;
};

struct network_leases {
    struct network_host_leases *hosts; /* the hosts it is realized on, by host id */
    int n;
};

void network_leases_clear(struct network_leases *l);

/* A read job (no task row, no audit): on a worker, ask every host the
 * network is realized on (network_host) for its live leases; a host that
 * cannot answer has its error in its entry and the job still succeeds.
 * Refused at once (NULL with err) for another project's network or one
 * that no longer exists. */
struct job *network_leases_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                 struct dv_error *err);
/* The leases a successful network_leases_start job read: moved into out
 * (network_leases_clear it); once only. */
void network_leases_take(struct job *job, struct network_leases *out);
/* The synchronous form. */
bool network_leases(struct db *db, const struct dv_actor *actor, int64_t id,
                    struct network_leases *out, struct dv_error *err);

/* ---- for the host steps (net-hostnet) and tests */

struct job_ctx;

/* What a job's worker has of one host it realizes a network on: read on
 * the owner's thread (never the database on the worker). */
struct network_site {
    int64_t network_id, host_id;
    char *host_name, *uri;
    char *uuid, *name, *xml;
    enum network_type type;
    char *bridge, *forward_dev; /* the host bridge's parts (Linux, OVS) */
    char **ifaces;              /* macvtap, NULL-terminated */
    bool stp;
    int64_t delay_s;
    bool made_bridge; /* network_host.made_bridge: read, and set by a step that made it */
    /* net/hostnet.h: read by hostnet_site_prepare, set by the host steps */
    bool keep_bridge;             /* down: another network uses the bridge on this host */
    bool made_now;                /* up made the bridge (undone when libvirt refuses) */
    struct gateway_site *gateway; /* the subnet's automatic gateway handled here, or NULL */
    bool gateway_ensure;          /* bring it up (true) or take it down */
    bool gateway_ran, gateway_ok;
    char *gateway_error;
};

/* A per-kind host step, run on the worker before the network is defined on
 * the site's host (up) and after it is undefined there (down).  Returns
 * false with err to stop the operation on that host.  The table host_steps
 * of network.c holds them; its Linux bridge, OVS and macvtap entries are
 * empty until net-hostnet fills them (the host bridge: ip link / ovs-vsctl
 * over the host's own tools, D3; the automatic gateway, OP-11). */
typedef bool (*network_host_step_fn)(struct job_ctx *ctx, struct network_site *site,
                                     struct dv_error *err);
struct network_host_steps {
    network_host_step_fn up;
    network_host_step_fn down;
};
/* The steps of type t (never NULL; its members may be). */
const struct network_host_steps *network_host_steps_of(enum network_type t);

/* The XML of s with uuid (g_free it), its subnet read from the database
 * (the current subnet record: M10.3.3 picks up subnet changes). */
char *network_build_xml(struct db *db, const struct network_spec *s, const char *uuid,
                        struct dv_error *err);

#endif
