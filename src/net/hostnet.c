/* hostnet.c - the host steps of bridged networks */
#include "net/hostnet.h"
#include "net/gateway.h"
#include "net/hostbridge.h"
#include "base/util.h"

#include <string.h>

struct gwrow {
    bool has, up;
    int64_t host_id, network_id;
    char *bridge;
};

static bool read_gwrow(const struct db_row *r, void *data)
{
    struct gwrow *g = data;

    g->has = true;
    g->up = db_row_int(r, 0) != 0;
    g->host_id = db_row_is_null(r, 1) ? 0 : db_row_int(r, 1);
    g->network_id = db_row_is_null(r, 2) ? 0 : db_row_int(r, 2);
    g->bridge = db_row_text(r, 3);
    return false;
}

struct subinfo {
    int64_t subnet_id, gateway_host;
    bool auto_gw;
};

static bool read_subinfo(const struct db_row *r, void *data)
{
    struct subinfo *s = data;

    s->subnet_id = db_row_is_null(r, 0) ? 0 : db_row_int(r, 0);
    s->auto_gw = db_row_int(r, 1) != 0;
    s->gateway_host = db_row_is_null(r, 2) ? 0 : db_row_int(r, 2);
    return false;
}

bool hostnet_site_prepare(struct db *db, struct network_site *site, bool ensure,
                          struct dv_error *err)
{
    struct subinfo si = {0};
    struct gwrow g = {0};
    bool remove = false, ok;

    if (site->type != NETWORK_BRIDGE && site->type != NETWORK_OVS)
        return true;
    if (!ensure) {
        if (!hostbridge_may_remove(db, site->network_id, site->host_id, &remove, err))
            return false;
        site->keep_bridge = !remove;
    }
    ok = db_query(db,
                  "SELECT n.subnet_id, coalesce(s.auto_gateway, 0), s.gateway_host_id FROM "
                  "network n LEFT JOIN subnet s ON s.id = n.subnet_id WHERE n.id = ?1",
                  DB_ARGS(DB_I(site->network_id)), read_subinfo, &si, NULL, err);
    if (!ok || !si.subnet_id)
        return ok;
    ok = db_query(db,
                  "SELECT up, host_id, network_id, bridge FROM subnet_gateway WHERE subnet_id = ?1",
                  DB_ARGS(DB_I(si.subnet_id)), read_gwrow, &g, NULL, err);
    if (ok && ensure && si.auto_gw && !(g.has && g.up) &&
        (!si.gateway_host || si.gateway_host == site->host_id)) {
        /* OP-11: the first host of the subnet's bridged network brings it up
         * (on the subnet's gateway host, when it names one) */
        site->gateway = g_new0(struct gateway_site, 1);
        site->gateway_ensure = true;
        ok = gateway_site_load(db, si.subnet_id, site->host_id, site->network_id, site->gateway,
                               err);
    } else if (ok && ensure && si.auto_gw && g.has && g.up && g.host_id == site->host_id &&
               g.network_id == site->network_id) {
        /* Modify network: the gateway here takes the subnet as it is now */
        site->gateway = g_new0(struct gateway_site, 1);
        site->gateway_ensure = true;
        ok = gateway_site_load(db, si.subnet_id, site->host_id, site->network_id, site->gateway,
                               err);
        site->gateway->reconfigure = ok;
    } else if (ok && !ensure && g.has && g.up && g.host_id == site->host_id &&
               (g.network_id == site->network_id || !g_strcmp0(g.bridge, site->bridge))) {
        /* it sits on this network's bridge here: it goes first (dosvmd's
         * tick builds it again on another host if the subnet needs it) */
        site->gateway = g_new0(struct gateway_site, 1);
        site->gateway_ensure = false;
        ok = gateway_site_load(db, si.subnet_id, site->host_id, 0, site->gateway, err);
    }
    if (!ok && site->gateway) {
        /* the network goes ahead; dosvmd's tick tries the gateway again */
        g_free(site->gateway);
        site->gateway = NULL;
        dv_error_clear(err);
        ok = true;
    }
    g_free(g.bridge);
    return ok;
}

void hostnet_site_finish(struct db *db, const struct network_site *site)
{
    struct gateway_move m = {0};
    struct dv_error ignored = {0};

    if (!site->gateway || !site->gateway_ran)
        return;
    m.subnet_id = site->gateway->subnet_id;
    if (site->gateway_ensure) {
        m.action = GATEWAY_UP;
        m.to_host = site->host_id;
        m.network_id = site->network_id;
    } else {
        m.action = GATEWAY_DOWN;
        m.from_host = site->host_id;
    }
    gateway_record(db, &m, site->gateway_ok, dv_now(), site->gateway_error, 0, &ignored);
}

void hostnet_site_undo(struct network_site *site)
{
    struct dv_error ignored = {0};

    if (site->gateway && site->gateway_ensure && site->gateway_ran && site->gateway_ok) {
        gateway_down(site->gateway, &ignored);
        site->gateway_ran = false;
    }
    if (site->made_now && site->type == NETWORK_BRIDGE)
        hostbridge_remove(site->uri, site->host_name, site->bridge, &ignored);
    else if (site->made_now && site->type == NETWORK_OVS)
        hostbridge_ovs_remove(site->uri, site->bridge, &ignored);
    if (site->made_now)
        site->made_bridge = false;
    site->made_now = false;
}

void hostnet_site_clear(struct network_site *site)
{
    if (site->gateway) {
        gateway_site_clear(site->gateway);
        g_free(site->gateway);
        site->gateway = NULL;
    }
    g_free(site->gateway_error);
    site->gateway_error = NULL;
}

/* The gateway step of a site: never fails the network (recorded instead). */
static void gateway_step(struct network_site *site, bool up)
{
    struct dv_error e = {0};

    if (!site->gateway || site->gateway_ensure != up)
        return;
    site->gateway_ran = true;
    site->gateway_ok = up ? gateway_up(site->gateway, &e) : gateway_down(site->gateway, &e);
    g_free(site->gateway_error);
    site->gateway_error = site->gateway_ok ? NULL : g_strdup(e.msg);
}

bool hostnet_bridge_up(struct job_ctx *ctx, struct network_site *site, struct dv_error *err)
{
    bool made = false;

    (void)ctx;
    if (!hostbridge_ensure(site->uri, site->host_name, site->bridge, site->forward_dev, site->stp,
                           site->delay_s * 1000, &made, err))
        return false;
    site->made_now = made;
    site->made_bridge = site->made_bridge || made;
    gateway_step(site, true);
    return true;
}

bool hostnet_bridge_down(struct job_ctx *ctx, struct network_site *site, struct dv_error *err)
{
    (void)ctx;
    gateway_step(site, false);
    if (!site->made_bridge || site->keep_bridge)
        return true;
    return hostbridge_remove(site->uri, site->host_name, site->bridge, err);
}

bool hostnet_ovs_up(struct job_ctx *ctx, struct network_site *site, struct dv_error *err)
{
    bool made = false;

    (void)ctx;
    if (!hostbridge_ovs_ensure(site->uri, site->bridge, site->forward_dev, site->stp, &made, err))
        return false;
    site->made_now = made;
    site->made_bridge = site->made_bridge || made;
    gateway_step(site, true);
    return true;
}

bool hostnet_ovs_down(struct job_ctx *ctx, struct network_site *site, struct dv_error *err)
{
    (void)ctx;
    gateway_step(site, false);
    if (!site->made_bridge || site->keep_bridge)
        return true;
    return hostbridge_ovs_remove(site->uri, site->bridge, err);
}

bool hostnet_macvtap_up(struct job_ctx *ctx, struct network_site *site, struct dv_error *err)
{
    (void)ctx;
    return hostbridge_check_ifaces(site->uri, site->host_name, (const char *const *)site->ifaces,
                                   err);
}
