/* subnet.h - subnets (manual 10.2.1) with their address pool, DHCP
 * reservations, DNS records, and the projects allowed to use them (10.2.2).
 *
 * A subnet is a template: saving one changes nothing in libvirt; a network
 * that uses it expands it into its XML when the network is created or
 * modified (xml/subnetxml.h, M10.2.1.3).  Rules (spec part 2 §1.1): R1 the
 * gateway inside the subnet, R2 at least one pool range, R3 ranges inside
 * the subnet with start <= end and no overlap, R4 TFTP (and BOOTP) on IPv4
 * only, R7 the DHCP and DNS rows are kept while their flag is off.  The
 * address is kept as typed (host bits too); comparisons use address & mask
 * (OP-10). */
#ifndef DV_SUBNET_H
#define DV_SUBNET_H

#include "db/choice.h"
#include "db/db.h"

/* form-field keys (dv_error.field) */
#define SNF_NAME         "name"
#define SNF_DESCRIPTION  "description"
#define SNF_VERSION      "ip_version"
#define SNF_ADDRESS      "address"
#define SNF_NETMASK      "netmask"
#define SNF_GATEWAY      "gateway"
#define SNF_GATEWAY_HOST "gateway_host"
#define SNF_DHCP         "dhcp"
#define SNF_DNS          "dns"
#define SNF_TFTP         "tftp_root"
#define SNF_AUTO_GW      "auto_gateway"
#define SNF_GW_START     "gw_start_script"
#define SNF_GW_STOP      "gw_stop_script"
#define SNF_BOOTP_FILE   "bootp_file"
#define SNF_BOOTP_SERVER "bootp_server"
#define SNF_DOMAIN       "dns_domain"
#define SNF_FORWARD      "dns_forward_plain"
#define SNF_START        "start" /* a pool range */
#define SNF_END          "end"
#define SNF_MAC          "mac"      /* a reservation */
#define SNF_IP           "ip"       /* a reservation, a DNS host */
#define SNF_HOSTNAME     "hostname" /* a reservation; a DNS host's names */
#define SNF_TXT_NAME     "txt_name"
#define SNF_TXT_VALUE    "txt_value"
#define SNF_FORWARDER    "forwarder"
#define SNF_SRV_SERVICE  "service"
#define SNF_SRV_PROTOCOL "protocol"
#define SNF_SRV_DOMAIN   "domain"
#define SNF_SRV_TARGET   "target"
#define SNF_SRV_PORT     "port"
#define SNF_SRV_PRIORITY "priority"
#define SNF_SRV_WEIGHT   "weight"
#define SNF_SUBNET       "subnet"  /* an assignment */
#define SNF_PROJECT      "project" /* an assignment */

#define SUBNET_SCRIPT_MAX 4096 /* characters of a gateway script */

/* ------------------------------------------------------------- the record */

struct subnet_range {
    int64_t id;
    char *start, *end;
};

struct subnet_reservation {
    int64_t id;
    char *mac; /* IPv4: identifies the host; "" on IPv6 */
    char *ip;
    char *hostname; /* IPv6: identifies the host; optional on IPv4 */
};

struct subnet_txt {
    int64_t id;
    char *name, *value;
};

struct subnet_forwarder {
    int64_t id;
    char *addr;
};

struct subnet_srv {
    int64_t id;
    char *service;
    char *protocol;             /* "tcp" or "udp" */
    char *domain, *target;      /* "" when not given */
    int port, priority, weight; /* -1 when not given (only with a target) */
};

struct subnet_dnshost {
    int64_t id;
    char *ip;
    char *hostnames; /* comma-separated, as stored */
};

struct subnet {
    int64_t id;
    char *name;
    char *description;
    int ip_version; /* 4 or 6 */
    char *address;  /* as typed (canonical form), host bits kept (OP-10) */
    char *netmask;  /* IPv4 dotted, IPv6 the prefix as text */
    int prefix;
    char *gateway;
    int64_t gateway_host_id; /* 0: none */
    char *gateway_host;      /* its name, "" */
    bool dhcp, dns;
    char *tftp_root;
    bool auto_gateway;
    char *gw_start_script, *gw_stop_script;
    char *bootp_file, *bootp_server;
    char *dns_domain;
    bool dns_forward_plain;
    char *pool;     /* the ranges as "start,end[,start,end...]" */
    char *projects; /* names of the projects it is assigned to, comma-separated */
    int64_t created_at;
    int64_t version; /* row_version: hand it back in subnet_spec.version */
    /* the child rows, in the order added; filled by subnet_get only */
    struct subnet_range *ranges;
    int nranges;
    struct subnet_reservation *reservations;
    int nreservations;
    struct subnet_txt *txts;
    int ntxts;
    struct subnet_forwarder *forwarders;
    int nforwarders;
    struct subnet_srv *srvs;
    int nsrvs;
    struct subnet_dnshost *dnshosts;
    int ndnshosts;
};

struct subnet_page {
    struct subnet *rows; /* without child arrays */
    int n;
    int64_t total;
};

/* The list's query row (M10.2.1.1); NULL, "", 0 or -1 mean any. */
struct subnet_filter {
    const char *name;    /* fuzzy */
    const char *address; /* substring of the subnet address */
    int ip_version;      /* 4, 6, 0 all */
    int dhcp, dns;       /* 1 on, 0 off, -1 all */
};

bool subnet_list(struct db *db, const struct subnet_filter *f, int64_t offset, int limit,
                 struct subnet_page *out, struct dv_error *err);
void subnet_page_free(struct subnet_page *p);
/* The record with every child row. */
bool subnet_get(struct db *db, int64_t id, struct subnet *out, struct dv_error *err);
void subnet_free(struct subnet *s);

/* -------------------------------------------------- add, modify, delete */

/* A subnet's fields, typed; strings may be NULL (empty).  range_start and
 * range_end are the first pool range of an add (R2), unused by modify;
 * version is the row_version of a modify (0 skips the comparison). */
struct subnet_spec {
    const char *name;
    const char *description;
    int ip_version; /* 4 or 6 */
    const char *address;
    int prefix;
    const char *gateway;
    int64_t gateway_host_id; /* 0: none */
    bool dhcp, dns;
    const char *tftp_root;
    bool auto_gateway;
    const char *gw_start_script, *gw_stop_script;
    const char *bootp_file, *bootp_server;
    const char *dns_domain;
    bool dns_forward_plain;
    const char *range_start, *range_end;
    int64_t version;
};

/* What the form typed: ip_version "4"/"6" (or "ipv4"/"ipv6"), bools
 * "1"/"0" (""= no), gateway_host a host id ("" or "0": none), netmask
 * dotted (IPv4) or a prefix (IPv6). */
struct subnet_input {
    const char *name, *description, *ip_version, *address, *netmask, *gateway, *gateway_host;
    const char *dhcp, *dns, *tftp_root, *auto_gateway, *gw_start_script, *gw_stop_script;
    const char *bootp_file, *bootp_server, *dns_domain, *dns_forward_plain;
    const char *range_start, *range_end;
    int64_t version;
};

/* The spec of what the form typed (strings borrowed); false naming the
 * field of a version, netmask, host or flag that cannot be read. */
bool subnet_parse(const struct subnet_input *in, struct subnet_spec *out, struct dv_error *err);

/* M10.2.1.2: every rule, the unique name, the subnet and its first pool
 * range and the audit row in one transaction; *id may be NULL. */
bool subnet_add(struct db *db, const struct dv_actor *actor, const struct subnet_spec *s,
                int64_t *id, struct dv_error *err);
/* M10.2.1.3: the same rules; the existing pool ranges and reservations must
 * still lie inside the (new) subnet; a stale version is refused.  Networks
 * are not touched (see subnet_users). */
bool subnet_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct subnet_spec *s, struct dv_error *err);
/* Every rule subnet_add (id 0) or subnet_modify (id of the subnet) checks,
 * the unique name included, without writing: the form's panels ask it
 * before the next panel opens. */
bool subnet_check(struct db *db, int64_t id, const struct subnet_spec *s, struct dv_error *err);
/* M10.2.1.4: refused while a network uses it ("Subnet is in use; delete
 * failed", DV_ERR_INUSE); its rows and project assignments go with it. */
bool subnet_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);
/* The names of the networks using subnet id, comma-separated ("" for none;
 * g_free it): M10.2.1.3's "must be modified again" list. */
bool subnet_users(struct db *db, int64_t id, char **names, struct dv_error *err);

/* ---------------------------------------------------------- child rows
 * Each add validates against the subnet read inside its transaction, bumps
 * the subnet's row_version and writes an audit row ("Modify subnet"-like
 * actions naming the subnet); *id may be NULL. */

/* M10.2.1.2a: inside the subnet, start <= end, no overlap with another. */
bool subnet_range_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                      const char *start, const char *end, int64_t *id, struct dv_error *err);

/* M10.2.1.2c: IPv4 needs mac and ip (hostname optional), IPv6 hostname and
 * ip; the IP inside the subnet; MAC, IP (and the IPv6 name) unique in the
 * subnet's list. */
struct subnet_reservation_spec {
    const char *mac, *ip, *hostname;
};
bool subnet_reservation_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                            const struct subnet_reservation_spec *s, int64_t *id,
                            struct dv_error *err);

/* M10.2.1.2e: name without blank or comma; value as typed (OP-12). */
bool subnet_txt_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                    const char *name, const char *value, int64_t *id, struct dv_error *err);

/* M10.2.1.2f: an IP address (either version). */
bool subnet_forwarder_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                          const char *addr, int64_t *id, struct dv_error *err);

/* M10.2.1.2g: service and protocol required; port 1..65535, priority and
 * weight 0..65535, each -1 for none, only with a target. */
struct subnet_srv_spec {
    const char *service, *protocol, *domain, *target;
    int port, priority, weight;
};
struct subnet_srv_input {
    const char *service, *protocol, *domain, *target, *port, *priority, *weight;
};
/* Numbers of what the dialog typed ("" = none); false naming the field. */
bool subnet_srv_parse(const struct subnet_srv_input *in, struct subnet_srv_spec *out,
                      struct dv_error *err);
bool subnet_srv_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                    const struct subnet_srv_spec *s, int64_t *id, struct dv_error *err);

/* M10.2.1.2h: an IP (either version) and a comma-separated list of host
 * names (letters, digits, '-', '.', '_'; blanks around commas dropped). */
bool subnet_dnshost_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                        const char *ip, const char *hostnames, int64_t *id, struct dv_error *err);

enum subnet_child {
    SUBNET_RANGE,
    SUBNET_RESERVATION,
    SUBNET_TXT,
    SUBNET_FORWARDER,
    SUBNET_SRV,
    SUBNET_DNSHOST,
};
/* Delete the child row of that kind; the last pool range is refused (R2). */
bool subnet_child_delete(struct db *db, const struct dv_actor *actor, enum subnet_child kind,
                         int64_t row_id, struct dv_error *err);

/* ------------------------------------------------ project assignments */

struct subnet_assignment {
    int64_t subnet_id, project_id;
    char *subnet, *address, *gateway, *project;
};

struct subnet_assignment_page {
    struct subnet_assignment *rows;
    int n;
    int64_t total;
};

/* M10.2.2.1's query row; NULL or "" for any; fuzzy. */
struct subnet_assignment_filter {
    const char *subnet;
    const char *address;
    const char *project;
};

bool subnet_assignment_list(struct db *db, const struct subnet_assignment_filter *f, int64_t offset,
                            int limit, struct subnet_assignment_page *out, struct dv_error *err);
void subnet_assignment_page_free(struct subnet_assignment_page *p);

/* M10.2.2.2: a duplicate pair is refused ("Already assigned", DV_ERR_EXISTS). */
bool subnet_assign(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                   int64_t project_id, struct dv_error *err);
/* M10.2.2.3: refused while a network of the project uses the subnet (OP-13). */
bool subnet_unassign(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                     int64_t project_id, struct dv_error *err);

/* Every subnet (label "name (address/prefix)"), for the assignment picker. */
bool subnet_choices(struct db *db, struct choice_list *out, struct dv_error *err);
/* Every registered host (label its name), for 绑定网关到宿主机. */
bool subnet_host_choices(struct db *db, struct choice_list *out, struct dv_error *err);
/* Every project (label its name), for the assignment picker. */
bool subnet_project_choices(struct db *db, struct choice_list *out, struct dv_error *err);
/* S0: the subnets assigned to project_id (label "name (address/prefix)"),
 * for the network forms. */
bool subnet_choices_for_project(struct db *db, int64_t project_id, struct choice_list *out,
                                struct dv_error *err);

#endif
