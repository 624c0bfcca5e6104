/* virtnet.h - virtual networks on a host's libvirt (M10.3.2-M10.3.4).
 *
 * Networks are found by the UUID dosvm gave them.  Every call is
 * idempotent: ensuring a network that is already defined redefines it, one
 * that is already active stays so; removing one that is not there
 * succeeds.  False with err (DV_ERR_IO, DV_ERR_INFO when the driver does
 * not support the call). */
#ifndef DV_VIRTNET_H
#define DV_VIRTNET_H

#include "virt/virt.h"

/* What virt_net_ensure found and did. */
struct virt_net_state {
    bool defined;    /* it was defined before */
    bool active;     /* it is active now */
    bool restarted;  /* it was active and restarted to apply the new XML */
    bool pending;    /* active with connections: the new XML waits for a restart (OP-28) */
    int connections; /* guest interfaces connected (the live XML's connections) */
};

/* Define the network of xml (redefine when uuid is known; a renamed one is
 * undefined first when idle), then when start is true start it when
 * inactive or, when restart is true and it was active, restart it when no
 * guest is connected (else out->pending); autostart as asked when start is
 * true.  out (may be NULL) is filled also on failure (out->defined: it was
 * there before). */
bool virt_net_ensure(struct virt_conn *c, const char *uuid, const char *xml, bool start,
                     bool restart, bool autostart, struct virt_net_state *out,
                     struct dv_error *err);

/* Destroy (when active), unset autostart and undefine the network uuid.
 * True when it is not there. */
bool virt_net_remove(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* Whether uuid is defined (*defined) and active (*active) there. */
bool virt_net_state(struct virt_conn *c, const char *uuid, bool *defined, bool *active,
                    struct dv_error *err);

/* The guest interfaces connected to the network uuid (0 when it is not
 * there or inactive). */
bool virt_net_connections(struct virt_conn *c, const char *uuid, int *n, struct dv_error *err);

/* The live XML of the network uuid (inactive: its persistent definition, as
 * the next start will use it) (g_free it); NULL with DV_ERR_NOTFOUND when it
 * is not defined there. */
char *virt_net_xml(struct virt_conn *c, const char *uuid, bool inactive, struct dv_error *err);

/* Whether autostart is set for uuid. */
bool virt_net_autostart(struct virt_conn *c, const char *uuid, bool *on, struct dv_error *err);

/* One DHCP lease of a network, as the host's libvirt reports it. */
struct virt_net_lease {
    char *ip;        /* the leased address */
    int prefix;      /* its prefix length */
    char *mac;       /* "" when the client gave none (IPv6) */
    char *hostname;  /* "" when none */
    char *client_id; /* "" when none */
    int64_t expiry;  /* when it expires, seconds since the epoch; 0: never */
};

void virt_net_leases_free(struct virt_net_lease *l, int n);

/* M10.3.1: the live DHCP leases of the network uuid (*out: n of them,
 * virt_net_leases_free it; NULL with 0 when there is none).  DV_ERR_NOTFOUND
 * when the network is not defined there; DV_ERR_INFO ("This host's libvirt
 * cannot report DHCP leases.") when the driver has no lease API (the test
 * driver). */
bool virt_net_leases(struct virt_conn *c, const char *uuid, struct virt_net_lease **out, int *n,
                     struct dv_error *err);

#endif
