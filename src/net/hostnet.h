/* hostnet.h - the per-kind host steps of bridged networks (the hooks of
 * net/network.c's host_steps), between the records and the hosts.
 *
 * Linux bridge (M10.3.2.4): up ensures the host bridge with its forward
 * interface, STP and delay (net/hostbridge.h), setting site->made_bridge
 * when it made it, then, when this network is the one that brings up its
 * subnet's automatic gateway (OP-11), the gateway (net/gateway.h).  Down,
 * after libvirt undefined the network: the gateway when it runs on this
 * host for this network, then the bridge when dosvm made it and no other
 * network realized on the host uses it.
 * OVS (M10.3.2.5): the same with ovs-vsctl (not run on this machine's
 * kernel: no openvswitch module).
 * Macvtap (M10.3.2.6): up checks that the forward interfaces exist on the
 * host and are no bridge's port (H2); nothing to remove.
 *
 * Modify network re-applies the subnet to a gateway that runs for the
 * network on the host (taken down and built again: OP-11, M10.3.3).
 *
 * The steps run on a job's worker with what hostnet_site_prepare read on
 * the owner's thread; hostnet_site_finish records the gateway's outcome in
 * subnet_gateway on the owner's thread after the job.  A gateway that fails
 * does not fail the network: its error is recorded and dosvmd's tick tries
 * again (gateway_tick_start). */
#ifndef DV_HOSTNET_H
#define DV_HOSTNET_H

#include "net/network.h"

/* Owner's thread, when a site is added to a job: whether the bridge is
 * another network's too (kept on down), and the automatic gateway the site
 * brings up (ensure) or takes down (remove), if any. */
bool hostnet_site_prepare(struct db *db, struct network_site *site, bool ensure,
                          struct dv_error *err);
/* Owner's thread, after the job: the gateway's outcome into subnet_gateway. */
void hostnet_site_finish(struct db *db, const struct network_site *site);
/* Worker's thread: undo what a successful up step made (the gateway it
 * brought up, the bridge it made) when the network cannot be defined. */
void hostnet_site_undo(struct network_site *site);
/* Free what prepare and the steps added to site. */
void hostnet_site_clear(struct network_site *site);

/* The hooks (worker's thread). */
bool hostnet_bridge_up(struct job_ctx *ctx, struct network_site *site, struct dv_error *err);
bool hostnet_bridge_down(struct job_ctx *ctx, struct network_site *site, struct dv_error *err);
bool hostnet_ovs_up(struct job_ctx *ctx, struct network_site *site, struct dv_error *err);
bool hostnet_ovs_down(struct job_ctx *ctx, struct network_site *site, struct dv_error *err);
bool hostnet_macvtap_up(struct job_ctx *ctx, struct network_site *site, struct dv_error *err);

#endif
