/* gateway.c - automatic subnet gateways of bridged networks (OP-11) */
#include "net/gateway.h"
#include "net/hostexec.h"
#include "hosts/host.h"
#include "jobs/job.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* network.type of Linux and OVS bridged networks (migration 0010) */
#define NET_TYPE_LINUX_BRIDGE 3
#define NET_TYPE_OVS_BRIDGE   4

const char *gateway_run_dir(void)
{
    const char *d = getenv(GATEWAY_RUN_DIR_ENV);

    return d && *d ? d : GATEWAY_RUN_DIR;
}

bool gateway_needs_dnsmasq(const struct subnet *s)
{
    return s->dhcp || s->dns || (s->ip_version == 4 && s->tftp_root && *s->tftp_root);
}

/* ------------------------------------------------------------ dnsmasq.conf */

struct conf {
    GString *text;
    bool bad;
    const char *bad_value;
};

/* A value may not break the line it is written on. */
static bool value_ok(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

static void line(struct conf *c, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void line(struct conf *c, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (!value_ok(s) && !c->bad) {
        c->bad = true;
        c->bad_value = fmt;
    }
    g_string_append(c->text, s);
    g_string_append_c(c->text, '\n');
    g_free(s);
}

static bool set(const char *s)
{
    return s && *s;
}

static void conf_dns(struct conf *c, const struct subnet *s)
{
    if (set(s->dns_domain)) {
        line(c, "domain=%s", s->dns_domain);
        line(c, "local=/%s/", s->dns_domain);
        line(c, "expand-hosts");
    }
    /* R: names without a domain go upstream only when asked (libvirt's
     * forwardPlainNames='no' is the same two lines) */
    if (!s->dns_forward_plain) {
        line(c, "domain-needed");
        line(c, "local=//");
    }
    if (s->nforwarders > 0)
        line(c, "no-resolv");
    for (int i = 0; i < s->nforwarders; i++)
        line(c, "server=%s", s->forwarders[i].addr);
    for (int i = 0; i < s->ntxts; i++)
        line(c, "txt-record=%s,%s", s->txts[i].name, s->txts[i].value);
    for (int i = 0; i < s->nsrvs; i++) {
        const struct subnet_srv *v = &s->srvs[i];
        GString *l = g_string_new("");

        g_string_printf(l, "srv-host=_%s._%s", v->service, v->protocol);
        if (set(v->domain))
            g_string_append_printf(l, ".%s", v->domain);
        if (set(v->target)) {
            /* dnsmasq reads port, priority and weight by position */
            int last = v->weight >= 0 ? 3 : v->priority >= 0 ? 2 : v->port >= 0 ? 1 : 0;
            int vals[3] = {v->port, v->priority, v->weight};

            g_string_append_printf(l, ",%s", v->target);
            for (int k = 0; k < last; k++)
                g_string_append_printf(l, ",%d", vals[k] >= 0 ? vals[k] : 0);
        }
        line(c, "%s", l->str);
        g_string_free(l, TRUE);
    }
    for (int i = 0; i < s->ndnshosts; i++) {
        char **names = g_strsplit(s->dnshosts[i].hostnames, ",", -1);
        GString *l = g_string_new("host-record=");

        /* a plain name is also known in the subnet's domain, as libvirt's
         * expand-hosts does for its hosts */
        for (int k = 0; names[k]; k++) {
            char *n = g_strstrip(names[k]);
            if (*n)
                g_string_append_printf(l, "%s,", n);
            if (*n && !strchr(n, '.') && set(s->dns_domain))
                g_string_append_printf(l, "%s.%s,", n, s->dns_domain);
        }
        g_string_append(l, s->dnshosts[i].ip);
        line(c, "%s", l->str);
        g_string_free(l, TRUE);
        g_strfreev(names);
    }
}

static void conf_dhcp(struct conf *c, const struct subnet *s, const char *run_dir)
{
    for (int i = 0; i < s->nranges; i++) {
        if (s->ip_version == 4)
            line(c, "dhcp-range=%s,%s,%s", s->ranges[i].start, s->ranges[i].end, s->netmask);
        else
            line(c, "dhcp-range=%s,%s,%d", s->ranges[i].start, s->ranges[i].end, s->prefix);
    }
    if (s->ip_version == 6)
        line(c, "enable-ra");
    line(c, "dhcp-no-override");
    line(c, "dhcp-authoritative");
    line(c, "dhcp-leasefile=%s/subnet-%lld.leases", run_dir, (long long)s->id);
    for (int i = 0; i < s->nreservations; i++) {
        const struct subnet_reservation *r = &s->reservations[i];

        if (s->ip_version == 4 && set(r->hostname))
            line(c, "dhcp-host=%s,%s,%s", r->mac, r->ip, r->hostname);
        else if (s->ip_version == 4)
            line(c, "dhcp-host=%s,%s", r->mac, r->ip);
        else
            line(c, "dhcp-host=%s,[%s]", r->hostname, r->ip);
    }
    if (s->ip_version == 4 && set(s->bootp_file)) {
        if (set(s->bootp_server))
            line(c, "dhcp-boot=%s,,%s", s->bootp_file, s->bootp_server);
        else
            line(c, "dhcp-boot=%s", s->bootp_file);
    }
}

char *gateway_dnsmasq_conf(const struct subnet *s, const char *bridge, const char *run_dir,
                           struct dv_error *err)
{
    struct conf c = {.text = g_string_new("")};

    line(&c, "# dnsmasq of the automatic gateway of subnet %s", s->name);
    line(&c, "# generated by dosvm from the subnet's DHCP, DNS and TFTP data: do not edit");
    line(&c, "strict-order");
    line(&c, "pid-file=%s/subnet-%lld.pid", run_dir, (long long)s->id);
    line(&c, "except-interface=lo");
    line(&c, "interface=%s", bridge);
    line(&c, "bind-interfaces");
    if (s->dns)
        conf_dns(&c, s);
    else
        line(&c, "port=0");
    if (s->dhcp)
        conf_dhcp(&c, s, run_dir);
    if (s->ip_version == 4 && set(s->tftp_root)) {
        line(&c, "enable-tftp");
        line(&c, "tftp-root=%s", s->tftp_root);
    }
    if (c.bad) {
        dv_error_set(err, DV_ERR_INVALID, NULL,
                     _("The subnet %s holds a line break or a control character in a value "
                       "of its DHCP, DNS or TFTP data; its gateway's dnsmasq was not written."),
                     s->name);
        g_string_free(c.text, TRUE);
        return NULL;
    }
    return g_string_free(c.text, FALSE);
}

/* ------------------------------------------------------------- the steps */

void gateway_site_clear(struct gateway_site *g)
{
    g_free(g->uri);
    g_free(g->host);
    g_free(g->bridge);
    g_free(g->address_up);
    subnet_free(&g->sub);
    memset(g, 0, sizeof(*g));
}

static char *file_of(const struct gateway_site *g, const char *ext)
{
    return g_strdup_printf("%s/subnet-%lld.%s", gateway_run_dir(), (long long)g->subnet_id, ext);
}

static char *cidr(const struct gateway_site *g)
{
    return g_strdup_printf("%s/%d", g->sub.gateway, g->sub.prefix);
}

static bool run_argv(const struct gateway_site *g, struct dv_error *err, const char *first, ...)
{
    GPtrArray *a = g_ptr_array_new();
    va_list ap;
    bool ok;

    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        g_ptr_array_add(a, (char *)s);
    va_end(ap);
    g_ptr_array_add(a, NULL);
    ok = hostexec_run(g->uri, (const char *const *)a->pdata, NULL, NULL, err);
    g_ptr_array_free(a, TRUE);
    return ok;
}

static bool run_script(const struct gateway_site *g, const char *script, const char *what,
                       struct dv_error *err)
{
    char *env[5] = {
        g_strdup_printf("DOSVM_SUBNET=%s", g->sub.name),
        g_strdup_printf("DOSVM_GATEWAY=%s", g->sub.gateway),
        g_strdup_printf("DOSVM_PREFIX=%d", g->sub.prefix),
        g_strdup_printf("DOSVM_BRIDGE=%s", g->bridge),
        NULL,
    };
    bool ok = hostexec_script(g->uri, script, (const char *const *)env, what,
                              GATEWAY_SCRIPT_TIMEOUT_S, err);

    for (int i = 0; env[i]; i++)
        g_free(env[i]);
    return ok;
}

/* Stop the dnsmasq of the PID file, only when that process is a dnsmasq
 * (a stale PID may belong to another program now), and remove its files
 * (its leases too: a gateway built again elsewhere starts afresh).
 * The shell text is fixed; the paths are its arguments. */
static bool stop_dnsmasq(const struct gateway_site *g, struct dv_error *err)
{
    static const char stop[] =
        "p=$(cat \"$1\" 2>/dev/null); "
        "if [ -n \"$p\" ] && [ \"$(cat /proc/$p/comm 2>/dev/null)\" = dnsmasq ]; then "
        "kill \"$p\"; i=0; while [ -d /proc/$p ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); "
        "done; fi; rm -f \"$1\" \"$2\" \"$3\"";
    char *pid = file_of(g, "pid"), *conf = file_of(g, "conf"), *leases = file_of(g, "leases");
    bool ok = run_argv(g, err, "sh", "-c", stop, "sh", pid, conf, leases, NULL);

    g_free(pid);
    g_free(conf);
    g_free(leases);
    return ok;
}

static bool start_dnsmasq(const struct gateway_site *g, struct dv_error *err)
{
    static const char write[] = "umask 077 && mkdir -p \"$1\" && cat >\"$2\"";
    char *text = gateway_dnsmasq_conf(&g->sub, g->bridge, gateway_run_dir(), err);
    char *conf = file_of(g, "conf"), *arg = NULL;
    const char *argv[] = {"sh", "-c", write, "sh", gateway_run_dir(), conf, NULL};
    struct hostexec_opts o = {.input = text};
    bool ok = false;

    if (!text)
        goto out;
    if (!hostexec_run(g->uri, argv, &o, NULL, err))
        goto out;
    arg = g_strdup_printf("--conf-file=%s", conf);
    ok = run_argv(g, err, "dnsmasq", arg, NULL);
out:
    g_free(text);
    g_free(conf);
    g_free(arg);
    return ok;
}

/* Whether the bridge holds the address want (GW/PREFIX) now. */
static bool has_addr(const struct gateway_site *g, const char *want, bool *has,
                     struct dv_error *err)
{
    const char *argv[] = {"ip", "-o", "addr", "show", "dev", g->bridge, NULL};
    struct hostexec_opts o = {.any_status = true};
    struct hostexec_result r = {0};
    bool ok = hostexec_run(g->uri, argv, &o, &r, err);

    *has = false;
    if (ok && r.status == 0) {
        char **words = g_strsplit_set(r.out, " \t\n", -1);
        for (int i = 0; words[i] && words[i + 1]; i++)
            if ((!strcmp(words[i], "inet") || !strcmp(words[i], "inet6")) &&
                !strcmp(words[i + 1], want))
                *has = true;
        g_strfreev(words);
    }
    hostexec_result_clear(&r);
    return ok;
}

/* Remove the address want from the bridge when it is there. */
static bool del_addr(const struct gateway_site *g, const char *want, struct dv_error *err)
{
    bool has = false;

    return !has_addr(g, want, &has, err) || !has ||
           run_argv(g, err, "ip", "addr", "del", want, "dev", g->bridge, NULL);
}

bool gateway_down(const struct gateway_site *g, struct dv_error *err)
{
    struct dv_error first = {0}, e = {0};
    char *addr;

    if (!hostexec_uri_real(g->uri))
        return true;
    addr = g->address_up ? g_strdup(g->address_up) : cidr(g);
    /* every step is tried; the first failure is the one reported */
    if (!run_script(g, g->sub.gw_stop_script, _("the gateway's stop script"), &e))
        first = e;
    dv_error_clear(&e);
    if (!stop_dnsmasq(g, &e) && !first.code)
        first = e;
    dv_error_clear(&e);
    if (!del_addr(g, addr, &e) && !first.code)
        first = e;
    g_free(addr);
    if (first.code) {
        if (err)
            *err = first;
        return false;
    }
    return true;
}

bool gateway_up(const struct gateway_site *g, struct dv_error *err)
{
    const char *fwd =
        g->sub.ip_version == 6 ? "net.ipv6.conf.all.forwarding=1" : "net.ipv4.ip_forward=1";
    char *addr;
    bool ok;

    if (!hostexec_uri_real(g->uri))
        return true;
    if (g->reconfigure) {
        struct dv_error ignored = {0};
        gateway_down(g, &ignored);
    }
    addr = cidr(g);
    ok = run_argv(g, err, "ip", "addr", "replace", addr, "dev", g->bridge, NULL) &&
         (!g->address_up || !strcmp(g->address_up, addr) || del_addr(g, g->address_up, err)) &&
         run_argv(g, err, "sysctl", "-q", "-w", fwd, NULL) &&
         /* a dnsmasq left by an earlier run goes first */
         stop_dnsmasq(g, err) && (!gateway_needs_dnsmasq(&g->sub) || start_dnsmasq(g, err)) &&
         run_script(g, g->sub.gw_start_script, _("the gateway's start script"), err);

    if (!ok) {
        struct gateway_site quiet = *g;
        struct dv_error ignored = {0};

        /* undo without running the stop script of a start that failed */
        quiet.sub.gw_stop_script = NULL;
        quiet.address_up = addr;
        gateway_down(&quiet, &ignored);
    }
    g_free(addr);
    return ok;
}

bool gateway_move_run(const struct gateway_move *m, const struct gateway_site *site_from,
                      const struct gateway_site *site_to, int64_t *left_host, struct dv_error *err)
{
    struct dv_error e = {0};

    *left_host = 0;
    switch (m->action) {
    case GATEWAY_UP:
        if (m->from_host && m->from_host != m->to_host) {
            if (!m->from_live || !site_from || !gateway_down(site_from, &e))
                *left_host = m->from_host;
        }
        return gateway_up(site_to, err);
    case GATEWAY_DOWN:
    case GATEWAY_CLEAN:
        return !site_from || gateway_down(site_from, err);
    case GATEWAY_KEEP:
    case GATEWAY_NONE:
        break;
    }
    return true;
}

/* ------------------------------------------------------------- placement */

/* A Linux/OVS network of a subnet realized on a host. */
struct carrier {
    int64_t subnet_id, network_id, host_id;
    bool live;
};

/* The gateway state of one subnet. */
struct gwrow {
    int64_t subnet_id, bound, host_id, network_id, since, left;
    bool auto_gw, has_row, up, errored, host_live, left_live;
};

struct plan_ctx {
    GArray *subnets;  /* struct gwrow */
    GArray *carriers; /* struct carrier */
};

static bool read_subnet(const struct db_row *r, void *data)
{
    struct plan_ctx *p = data;
    struct gwrow g = {
        .subnet_id = db_row_int(r, 0),
        .auto_gw = db_row_int(r, 1) != 0,
        .bound = db_row_is_null(r, 2) ? 0 : db_row_int(r, 2),
        .has_row = !db_row_is_null(r, 3),
        .host_id = db_row_is_null(r, 4) ? 0 : db_row_int(r, 4),
        .network_id = db_row_is_null(r, 5) ? 0 : db_row_int(r, 5),
        .up = db_row_int(r, 6) != 0,
        .since = db_row_int(r, 7),
        .errored = db_row_peek(r, 8) && *db_row_peek(r, 8),
        .left = db_row_is_null(r, 9) ? 0 : db_row_int(r, 9),
        .host_live = db_row_int(r, 10) == 1,
        .left_live = db_row_int(r, 11) == 1,
    };

    g_array_append_val(p->subnets, g);
    return true;
}

static bool read_carrier(const struct db_row *r, void *data)
{
    struct plan_ctx *p = data;
    struct carrier c = {
        .subnet_id = db_row_int(r, 0),
        .network_id = db_row_int(r, 1),
        .host_id = db_row_int(r, 2),
        .live = db_row_int(r, 3) == 1,
    };

    g_array_append_val(p->carriers, c);
    return true;
}

/* The carrier of subnet on host (any when host is 0, live ones only when
 * live); NULL when none. */
static const struct carrier *find_carrier(const struct plan_ctx *p, int64_t subnet, int64_t host,
                                          bool live)
{
    for (guint i = 0; i < p->carriers->len; i++) {
        const struct carrier *c = &g_array_index(p->carriers, struct carrier, i);

        if (c->subnet_id == subnet && (!host || c->host_id == host) && (!live || c->live))
            return c;
    }
    return NULL;
}

static void decide(const struct plan_ctx *p, const struct gwrow *g, int64_t now, GArray *out)
{
    struct gateway_move m = {.subnet_id = g->subnet_id, .from_host = g->up ? g->host_id : 0};
    bool needed = g->auto_gw && find_carrier(p, g->subnet_id, 0, false);
    bool waiting = g->errored && now - g->since < GATEWAY_RETRY_S;
    const struct carrier *to;

    m.from_live = g->host_live;
    if (g->left && g->left_live && !waiting) {
        m.action = GATEWAY_CLEAN;
        m.from_host = g->left;
        m.from_live = true;
    } else if (!needed) {
        if (!g->has_row || (waiting && g->up))
            return;
        m.action = GATEWAY_DOWN; /* from_host 0: only the row goes */
    } else if (g->bound) {
        to = find_carrier(p, g->subnet_id, g->bound, false);
        if (g->up && g->host_id == g->bound)
            return;
        if (waiting)
            return;
        m.action = to ? GATEWAY_UP : GATEWAY_NONE;
        m.to_host = to ? to->host_id : 0;
        m.network_id = to ? to->network_id : 0;
    } else {
        /* unbound: stay on a live host that still carries the subnet */
        if (g->up && g->host_live && find_carrier(p, g->subnet_id, g->host_id, true))
            return;
        if (waiting)
            return;
        to = find_carrier(p, g->subnet_id, 0, true);
        m.action = to ? GATEWAY_UP : GATEWAY_NONE;
        m.to_host = to ? to->host_id : 0;
        m.network_id = to ? to->network_id : 0;
    }
    g_array_append_val(out, m);
}

bool gateway_plan(struct db *db, int64_t now, struct gateway_move **moves, int *n,
                  struct dv_error *err)
{
    struct plan_ctx p = {
        .subnets = g_array_new(FALSE, TRUE, sizeof(struct gwrow)),
        .carriers = g_array_new(FALSE, TRUE, sizeof(struct carrier)),
    };
    GArray *out = g_array_new(FALSE, TRUE, sizeof(struct gateway_move));
    bool ok;

    /* carriers in host order: the first live one is the chosen host */
    ok = db_query(db,
                  "SELECT s.id, s.auto_gateway, s.gateway_host_id, g.subnet_id, g.host_id, "
                  "g.network_id, coalesce(g.up, 0), coalesce(g.since, 0), coalesce(g.error, ''), "
                  "g.left_host_id, (SELECT state FROM host WHERE id = g.host_id), "
                  "(SELECT state FROM host WHERE id = g.left_host_id) "
                  "FROM subnet s LEFT JOIN subnet_gateway g ON g.subnet_id = s.id "
                  "WHERE s.auto_gateway = 1 OR g.subnet_id IS NOT NULL ORDER BY s.id",
                  DB_NOARGS, read_subnet, &p, NULL, err) &&
         db_query(db,
                  "SELECT n.subnet_id, n.id, nh.host_id, h.state FROM network n "
                  "JOIN network_host nh ON nh.network_id = n.id JOIN host h ON h.id = nh.host_id "
                  "WHERE n.subnet_id IS NOT NULL AND n.type IN (?1, ?2) "
                  "ORDER BY n.subnet_id, nh.host_id, n.id",
                  DB_ARGS(DB_I(NET_TYPE_LINUX_BRIDGE), DB_I(NET_TYPE_OVS_BRIDGE)), read_carrier, &p,
                  NULL, err);
    if (ok)
        for (guint i = 0; i < p.subnets->len; i++)
            decide(&p, &g_array_index(p.subnets, struct gwrow, i), now, out);
    g_array_free(p.subnets, TRUE);
    g_array_free(p.carriers, TRUE);
    *n = ok ? (int)out->len : 0;
    *moves = ok ? (struct gateway_move *)(void *)g_array_free(out, FALSE) : NULL;
    if (!ok)
        g_array_free(out, TRUE);
    return ok;
}

bool gateway_record(struct db *db, const struct gateway_move *m, bool ok, int64_t now,
                    const char *error, int64_t left_host, struct dv_error *err)
{
    const char *e = ok ? "" : (error && *error ? error : "?");
    bool done;

    if (!db_begin(db, err))
        return false;
    switch (m->action) {
    case GATEWAY_UP:
        done = db_do(db,
                     "INSERT INTO subnet_gateway (subnet_id, host_id, network_id, bridge, "
                     "address, up, since, error, left_host_id) VALUES (?1, ?2, ?3, "
                     "coalesce((SELECT bridge FROM network WHERE id = ?3), ''), "
                     "CASE WHEN ?4 THEN (SELECT gateway || '/' || prefix FROM subnet WHERE id = "
                     "?1) ELSE '' END, ?4, ?5, ?6, ?7) "
                     "ON CONFLICT (subnet_id) DO UPDATE SET host_id = ?2, network_id = ?3, "
                     "bridge = excluded.bridge, address = excluded.address, up = ?4, since = ?5, "
                     "error = ?6, left_host_id = coalesce(?7, left_host_id)",
                     DB_ARGS(DB_I(m->subnet_id), DB_ID0(m->to_host), DB_ID0(m->network_id),
                             DB_I(ok), DB_I(now), DB_T(e), DB_ID0(left_host)),
                     err);
        break;
    case GATEWAY_NONE:
        done = db_do(db,
                     "INSERT INTO subnet_gateway (subnet_id, host_id, network_id, up, since, "
                     "error) VALUES (?1, NULL, NULL, 0, ?2, ?3) "
                     "ON CONFLICT (subnet_id) DO UPDATE SET host_id = NULL, network_id = NULL, "
                     "up = 0, since = ?2, error = ?3",
                     DB_ARGS(DB_I(m->subnet_id), DB_I(now), DB_T(e)), err);
        break;
    case GATEWAY_DOWN:
        done = ok ? db_do(db, "DELETE FROM subnet_gateway WHERE subnet_id = ?1",
                          DB_ARGS(DB_I(m->subnet_id)), err)
                  : db_do(db,
                          "UPDATE subnet_gateway SET since = ?2, error = ?3 WHERE "
                          "subnet_id = ?1",
                          DB_ARGS(DB_I(m->subnet_id), DB_I(now), DB_T(e)), err);
        break;
    case GATEWAY_CLEAN:
        done = ok ? db_do(db,
                          "UPDATE subnet_gateway SET left_host_id = NULL, error = '' WHERE "
                          "subnet_id = ?1",
                          DB_ARGS(DB_I(m->subnet_id)), err)
                  : db_do(db,
                          "UPDATE subnet_gateway SET since = ?2, error = ?3 WHERE "
                          "subnet_id = ?1",
                          DB_ARGS(DB_I(m->subnet_id), DB_I(now), DB_T(e)), err);
        break;
    default:
        done = true;
    }
    if (!done || !db_commit(db, err)) {
        db_rollback(db);
        return false;
    }
    return true;
}

static bool read_bridge(const struct db_row *r, void *data)
{
    *(char **)data = db_row_text(r, 0);
    return false;
}

bool gateway_site_load(struct db *db, int64_t subnet_id, int64_t host_id, int64_t network_id,
                       struct gateway_site *out, struct dv_error *err)
{
    struct host h = {0};
    bool ok;

    memset(out, 0, sizeof(*out));
    out->subnet_id = subnet_id;
    if (!subnet_get(db, subnet_id, &out->sub, err))
        return false;
    if (!host_get(db, host_id, &h, err)) {
        gateway_site_clear(out);
        return false;
    }
    out->uri = g_strdup(h.uri);
    out->host = g_strdup(h.name);
    host_clear(&h);
    /* what is on that host now, when the gateway runs there */
    if (!db_query(db,
                  "SELECT address FROM subnet_gateway WHERE subnet_id = ?1 AND host_id = ?2 AND "
                  "up = 1 AND address <> ''",
                  DB_ARGS(DB_I(subnet_id), DB_I(host_id)), read_bridge, &out->address_up, NULL,
                  err)) {
        gateway_site_clear(out);
        return false;
    }
    if (network_id)
        ok = db_query(db, "SELECT bridge FROM network WHERE id = ?1", DB_ARGS(DB_I(network_id)),
                      read_bridge, &out->bridge, NULL, err);
    else
        ok = db_query(db, "SELECT bridge FROM subnet_gateway WHERE subnet_id = ?1 AND bridge <> ''",
                      DB_ARGS(DB_I(subnet_id)), read_bridge, &out->bridge, NULL, err);
    if (ok && !out->bridge)
        ok = db_query(db,
                      "SELECT n.bridge FROM network n JOIN network_host nh ON nh.network_id = "
                      "n.id WHERE n.subnet_id = ?1 AND nh.host_id = ?2 AND n.type IN (?3, ?4) "
                      "ORDER BY n.id",
                      DB_ARGS(DB_I(subnet_id), DB_I(host_id), DB_I(NET_TYPE_LINUX_BRIDGE),
                              DB_I(NET_TYPE_OVS_BRIDGE)),
                      read_bridge, &out->bridge, NULL, err);
    if (ok && (!out->bridge || !*out->bridge)) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL,
                     _("No bridged network of the subnet %s is realized on host %s."),
                     out->sub.name, out->host);
        ok = false;
    }
    if (!ok)
        gateway_site_clear(out);
    return ok;
}

/* ------------------------------------------------------------- the tick */

/* A move with what its steps need, as a job's data. */
struct move_job {
    struct gateway_runner *r; /* NULL once the runner is freed */
    struct gateway_move m;
    struct gateway_site from, to;
    bool has_from, has_to;
    int64_t now;
    int64_t left;
};

static void move_job_free(gpointer data)
{
    struct move_job *j = data;

    gateway_site_clear(&j->from);
    gateway_site_clear(&j->to);
    g_free(j);
}

/* The error of a move that cannot start. */
static const char *no_live_host(void)
{
    return _("No live host carries a bridged network of this subnet; its gateway waits for one.");
}

/* Read the sites of a move; false with err when a record is gone. */
static bool load_move(struct db *db, struct move_job *j, struct dv_error *err)
{
    const struct gateway_move *m = &j->m;

    /* the host it leaves: on the bridge the row names (its network may be
     * gone already); a dead host is not visited */
    if (m->from_host && (m->action != GATEWAY_UP || m->from_live))
        j->has_from = gateway_site_load(db, m->subnet_id, m->from_host, 0, &j->from, err);
    if (m->from_host && !j->has_from && m->action != GATEWAY_UP)
        return false;
    if (m->action == GATEWAY_UP) {
        j->has_to = gateway_site_load(db, m->subnet_id, m->to_host, m->network_id, &j->to, err);
        if (!j->has_to)
            return false;
    }
    return true;
}

static bool move_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct move_job *j = data;

    (void)ctx;
    (void)result;
    return gateway_move_run(&j->m, j->has_from ? &j->from : NULL, j->has_to ? &j->to : NULL,
                            &j->left, err);
}

struct gateway_runner {
    struct db *db;
    int64_t self_id;
    GHashTable *busy; /* subnet ids with a move running */
    GPtrArray *jobs;  /* struct move_job * of the jobs not ended */
};

static bool move_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct move_job *j = data;
    struct dv_error e = {0};

    (void)job;
    (void)result;
    if (!j->r)
        return ok;
    gateway_record(j->r->db, &j->m, ok, j->now, ok ? NULL : err->msg, j->left, &e);
    g_hash_table_remove(j->r->busy, &j->m.subnet_id);
    g_ptr_array_remove(j->r->jobs, j);
    return ok;
}

struct gateway_runner *gateway_runner_new(struct db *db, int64_t self_id)
{
    struct gateway_runner *r = g_new0(struct gateway_runner, 1);

    r->db = db;
    r->self_id = self_id;
    r->busy = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    r->jobs = g_ptr_array_new();
    return r;
}

void gateway_runner_free(struct gateway_runner *r)
{
    if (!r)
        return;
    for (guint i = 0; i < r->jobs->len; i++)
        ((struct move_job *)r->jobs->pdata[i])->r = NULL;
    g_ptr_array_free(r->jobs, TRUE);
    g_hash_table_unref(r->busy);
    g_free(r);
}

int gateway_pending(const struct gateway_runner *r)
{
    return (int)r->jobs->len;
}

/* Whether this process acts on host id: its own, or one added by URI (a
 * host registered by another dosvm is that one's). */
static bool ours(struct gateway_runner *r, int64_t id)
{
    int64_t self = 0;

    if (!id || !r || !r->self_id || id == r->self_id)
        return true;
    if (!db_scalar(r->db, "SELECT self FROM host WHERE id = ?1", DB_ARGS(DB_I(id)), &self, NULL))
        return false;
    return self == 0;
}

/* Plan, then for each move: record it when there is nothing to run, else
 * run it here (runner NULL) or start its job. */
static bool tick(struct db *db, struct gateway_runner *r, int64_t now, struct dv_error *err)
{
    struct gateway_move *moves = NULL;
    int n = 0;

    if (!gateway_plan(db, now, &moves, &n, err))
        return false;
    for (int i = 0; i < n; i++) {
        struct move_job *j;
        struct dv_error e = {0};
        int64_t sid = moves[i].subnet_id;

        if (r && g_hash_table_contains(r->busy, &sid))
            continue;
        if (moves[i].action == GATEWAY_NONE) {
            gateway_record(db, &moves[i], false, now, no_live_host(), 0, &e);
            continue;
        }
        if (moves[i].action == GATEWAY_DOWN && !moves[i].from_host) {
            gateway_record(db, &moves[i], true, now, NULL, 0, &e);
            continue;
        }
        if (r && !ours(r, moves[i].action == GATEWAY_UP ? moves[i].to_host : moves[i].from_host))
            continue;
        j = g_new0(struct move_job, 1);
        j->m = moves[i];
        j->now = now;
        if (!load_move(db, j, &e)) {
            gateway_record(db, &j->m, false, now, e.msg, 0, NULL);
            move_job_free(j);
            continue;
        }
        if (!r) {
            bool ok = gateway_move_run(&j->m, j->has_from ? &j->from : NULL,
                                       j->has_to ? &j->to : NULL, &j->left, &e);
            gateway_record(db, &j->m, ok, now, ok ? NULL : e.msg, j->left, NULL);
            move_job_free(j);
        } else {
            struct job_spec spec = {
                .what = N_("Move a subnet's automatic gateway"),
                .object = j->to.sub.name ? j->to.sub.name : j->from.sub.name,
                .timeout_s = 4 * GATEWAY_SCRIPT_TIMEOUT_S,
                .work = move_work,
                .finish = move_finish,
                .data = j,
                .data_free = move_job_free,
                .quiet = true,
            };
            struct job *job;

            j->r = r;
            g_hash_table_add(r->busy, g_memdup2(&sid, sizeof(sid)));
            g_ptr_array_add(r->jobs, j);
            job = job_start(NULL, NULL, &spec, &e);
            if (!job) {
                g_hash_table_remove(r->busy, &sid);
                g_ptr_array_remove(r->jobs, j);
            }
            job_unref(job);
        }
    }
    g_free(moves);
    return true;
}

bool gateway_tick(struct db *db, int64_t now, struct dv_error *err)
{
    return tick(db, NULL, now, err);
}

bool gateway_tick_start(struct gateway_runner *r, int64_t now, struct dv_error *err)
{
    return tick(r->db, r, now, err);
}
