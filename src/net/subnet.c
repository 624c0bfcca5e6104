/* subnet.c - subnets with their pool, DHCP and DNS rows, and their projects */
#include "net/subnet.h"
#include "net/ipaddr.h"
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

static const char *const gone = N_("The subnet no longer exists.");

static bool empty(const char *s)
{
    return !s || !*s;
}

static const char *nz(const char *s)
{
    return s ? s : "";
}

/* ---------------------------------------------------------------- reading */

#define SUBNET_COLUMNS                                                                             \
    "s.id, s.name, s.description, s.ip_version, s.address, s.netmask, s.prefix, s.gateway, "       \
    "coalesce(s.gateway_host_id, 0), coalesce((SELECT h.name FROM host h "                         \
    "WHERE h.id = s.gateway_host_id), ''), s.dhcp, s.dns, s.tftp_root, s.auto_gateway, "           \
    "s.gw_start_script, s.gw_stop_script, s.bootp_file, s.bootp_server, s.dns_domain, "            \
    "s.dns_forward_plain, "                                                                        \
    "coalesce((SELECT " DB_LIST_AGG(                                                               \
        "x") " FROM (SELECT r.start_addr || ',' || r.end_addr AS x "                               \
             "FROM subnet_range r WHERE r.subnet_id = s.id ORDER BY r.id)), ''), "                 \
             "coalesce((SELECT " DB_LIST_AGG(                                                      \
                 "p.name") " FROM (SELECT p.name FROM subnet_project x "                           \
                           "JOIN project p ON p.id = x.project_id WHERE x.subnet_id = s.id ORDER " \
                           "BY p.name) p), ''), "                                                  \
                           "s.created_at, s.row_version"

static bool read_subnet(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;

    s->id = db_row_int(r, 0);
    s->name = db_row_text(r, 1);
    s->description = db_row_text(r, 2);
    s->ip_version = (int)db_row_int(r, 3);
    s->address = db_row_text(r, 4);
    s->netmask = db_row_text(r, 5);
    s->prefix = (int)db_row_int(r, 6);
    s->gateway = db_row_text(r, 7);
    s->gateway_host_id = db_row_int(r, 8);
    s->gateway_host = db_row_text(r, 9);
    s->dhcp = db_row_int(r, 10) != 0;
    s->dns = db_row_int(r, 11) != 0;
    s->tftp_root = db_row_text(r, 12);
    s->auto_gateway = db_row_int(r, 13) != 0;
    s->gw_start_script = db_row_text(r, 14);
    s->gw_stop_script = db_row_text(r, 15);
    s->bootp_file = db_row_text(r, 16);
    s->bootp_server = db_row_text(r, 17);
    s->dns_domain = db_row_text(r, 18);
    s->dns_forward_plain = db_row_int(r, 19) != 0;
    s->pool = db_row_text(r, 20);
    s->projects = db_row_text(r, 21);
    s->created_at = db_row_int(r, 22);
    s->version = db_row_int(r, 23);
    return true;
}
DB_PAGE_READER(add_subnet_row, struct subnet_page, read_subnet)

/* The child arrays grow one row at a time (they are short). */
#define CHILD_NEXT(arr, n)                                                                         \
    (arr = g_renew(__typeof__(*(arr)), arr, (n) + 1), memset(&(arr)[(n)], 0, sizeof(*(arr))),      \
     &(arr)[(n)++])

static bool read_range(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;
    struct subnet_range *x = CHILD_NEXT(s->ranges, s->nranges);

    x->id = db_row_int(r, 0);
    x->start = db_row_text(r, 1);
    x->end = db_row_text(r, 2);
    return true;
}

static bool read_reservation(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;
    struct subnet_reservation *x = CHILD_NEXT(s->reservations, s->nreservations);

    x->id = db_row_int(r, 0);
    x->mac = db_row_text(r, 1);
    x->ip = db_row_text(r, 2);
    x->hostname = db_row_text(r, 3);
    return true;
}

static bool read_txt(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;
    struct subnet_txt *x = CHILD_NEXT(s->txts, s->ntxts);

    x->id = db_row_int(r, 0);
    x->name = db_row_text(r, 1);
    x->value = db_row_text(r, 2);
    return true;
}

static bool read_forwarder(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;
    struct subnet_forwarder *x = CHILD_NEXT(s->forwarders, s->nforwarders);

    x->id = db_row_int(r, 0);
    x->addr = db_row_text(r, 1);
    return true;
}

static int int_or_none(const struct db_row *r, int col)
{
    return db_row_is_null(r, col) ? -1 : (int)db_row_int(r, col);
}

static bool read_srv(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;
    struct subnet_srv *x = CHILD_NEXT(s->srvs, s->nsrvs);

    x->id = db_row_int(r, 0);
    x->service = db_row_text(r, 1);
    x->protocol = db_row_text(r, 2);
    x->domain = db_row_text(r, 3);
    x->target = db_row_text(r, 4);
    x->port = int_or_none(r, 5);
    x->priority = int_or_none(r, 6);
    x->weight = int_or_none(r, 7);
    return true;
}

static bool read_dnshost(const struct db_row *r, void *ctx)
{
    struct subnet *s = ctx;
    struct subnet_dnshost *x = CHILD_NEXT(s->dnshosts, s->ndnshosts);

    x->id = db_row_int(r, 0);
    x->ip = db_row_text(r, 1);
    x->hostnames = db_row_text(r, 2);
    return true;
}

bool subnet_get(struct db *db, int64_t id, struct subnet *out, struct dv_error *err)
{
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_get(db, "SELECT " SUBNET_COLUMNS " FROM subnet s WHERE s.id = ?1", DB_ARGS(DB_I(id)),
                read_subnet, out, _(gone), err) &&
         db_query(db,
                  "SELECT id, start_addr, end_addr FROM subnet_range WHERE subnet_id = ?1 "
                  "ORDER BY id",
                  DB_ARGS(DB_I(id)), read_range, out, NULL, err) &&
         db_query(db,
                  "SELECT id, mac, ip, hostname FROM subnet_reservation WHERE subnet_id = ?1 "
                  "ORDER BY id",
                  DB_ARGS(DB_I(id)), read_reservation, out, NULL, err) &&
         db_query(db, "SELECT id, name, value FROM subnet_txt WHERE subnet_id = ?1 ORDER BY id",
                  DB_ARGS(DB_I(id)), read_txt, out, NULL, err) &&
         db_query(db, "SELECT id, addr FROM subnet_forwarder WHERE subnet_id = ?1 ORDER BY id",
                  DB_ARGS(DB_I(id)), read_forwarder, out, NULL, err) &&
         db_query(db,
                  "SELECT id, service, protocol, domain, target, port, priority, weight "
                  "FROM subnet_srv WHERE subnet_id = ?1 ORDER BY id",
                  DB_ARGS(DB_I(id)), read_srv, out, NULL, err) &&
         db_query(db,
                  "SELECT id, ip, hostnames FROM subnet_dnshost WHERE subnet_id = ?1 ORDER BY id",
                  DB_ARGS(DB_I(id)), read_dnshost, out, NULL, err);
    if (!ok)
        subnet_free(out);
    return ok;
}

void subnet_free(struct subnet *s)
{
    g_free(s->name);
    g_free(s->description);
    g_free(s->address);
    g_free(s->netmask);
    g_free(s->gateway);
    g_free(s->gateway_host);
    g_free(s->tftp_root);
    g_free(s->gw_start_script);
    g_free(s->gw_stop_script);
    g_free(s->bootp_file);
    g_free(s->bootp_server);
    g_free(s->dns_domain);
    g_free(s->pool);
    g_free(s->projects);
    for (int i = 0; i < s->nranges; i++) {
        g_free(s->ranges[i].start);
        g_free(s->ranges[i].end);
    }
    g_free(s->ranges);
    for (int i = 0; i < s->nreservations; i++) {
        g_free(s->reservations[i].mac);
        g_free(s->reservations[i].ip);
        g_free(s->reservations[i].hostname);
    }
    g_free(s->reservations);
    for (int i = 0; i < s->ntxts; i++) {
        g_free(s->txts[i].name);
        g_free(s->txts[i].value);
    }
    g_free(s->txts);
    for (int i = 0; i < s->nforwarders; i++)
        g_free(s->forwarders[i].addr);
    g_free(s->forwarders);
    for (int i = 0; i < s->nsrvs; i++) {
        g_free(s->srvs[i].service);
        g_free(s->srvs[i].protocol);
        g_free(s->srvs[i].domain);
        g_free(s->srvs[i].target);
    }
    g_free(s->srvs);
    for (int i = 0; i < s->ndnshosts; i++) {
        g_free(s->dnshosts[i].ip);
        g_free(s->dnshosts[i].hostnames);
    }
    g_free(s->dnshosts);
    memset(s, 0, sizeof(*s));
}

void subnet_page_free(struct subnet_page *p)
{
    DB_PAGE_FREE(p, subnet_free);
}

bool subnet_list(struct db *db, const struct subnet_filter *f, int64_t offset, int limit,
                 struct subnet_page *out, struct dv_error *err)
{
    static const struct subnet_filter all = {.dhcp = -1, .dns = -1};
    char *name, *addr;
    bool ok;

    if (!f)
        f = &all;
    name = db_like_pattern(nz(f->name));
    addr = db_like_pattern(nz(f->address));
    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, SUBNET_COLUMNS,
                       "subnet s WHERE (?1 = '' OR s.name LIKE ?2 ESCAPE '\\') "
                       "AND (?3 = '' OR s.address LIKE ?4 ESCAPE '\\') "
                       "AND (?5 = 0 OR s.ip_version = ?5) AND (?6 < 0 OR s.dhcp = ?6) "
                       "AND (?7 < 0 OR s.dns = ?7)",
                       "s.id",
                       DB_ARGS(DB_T(nz(f->name)), DB_T(name), DB_T(nz(f->address)), DB_T(addr),
                               DB_I(f->ip_version), DB_I(f->dhcp), DB_I(f->dns)),
                       offset, limit, &out->total, add_subnet_row, out, err);
    g_free(name);
    g_free(addr);
    if (!ok)
        subnet_page_free(out);
    return ok;
}

/* ---------------------------------------------------------------- parsing */

static bool parse_flag(const char *key, const char *label, const char *v, bool *out,
                       struct dv_error *err)
{
    if (empty(v) || strcmp(v, "0") == 0) {
        *out = false;
        return true;
    }
    if (strcmp(v, "1") == 0) {
        *out = true;
        return true;
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be yes or no."), label);
    return false;
}

static bool parse_version(const char *v, int *out, struct dv_error *err)
{
    if (v && (strcmp(v, "4") == 0 || g_ascii_strcasecmp(v, "ipv4") == 0))
        *out = 4;
    else if (v && (strcmp(v, "6") == 0 || g_ascii_strcasecmp(v, "ipv6") == 0))
        *out = 6;
    else {
        dv_error_set(err, DV_ERR_INVALID, SNF_VERSION, _("%s must be ipv4 or ipv6."),
                     _("IP version"));
        return false;
    }
    return true;
}

bool subnet_parse(const struct subnet_input *in, struct subnet_spec *out, struct dv_error *err)
{
    int64_t host = 0;

    memset(out, 0, sizeof(*out));
    out->name = in->name;
    out->description = in->description;
    out->address = in->address;
    out->gateway = in->gateway;
    out->tftp_root = in->tftp_root;
    out->gw_start_script = in->gw_start_script;
    out->gw_stop_script = in->gw_stop_script;
    out->bootp_file = in->bootp_file;
    out->bootp_server = in->bootp_server;
    out->dns_domain = in->dns_domain;
    out->range_start = in->range_start;
    out->range_end = in->range_end;
    out->version = in->version;
    if (!parse_version(in->ip_version, &out->ip_version, err) ||
        !ipaddr_netmask_parse(SNF_NETMASK, _("Netmask"), in->netmask, out->ip_version, &out->prefix,
                              err))
        return false;
    if (!empty(in->gateway_host) &&
        dv_num_parse(in->gateway_host, false, false, 1, INT64_MAX, &host) != DV_NUM_OK) {
        dv_error_set(err, DV_ERR_INVALID, SNF_GATEWAY_HOST, _("%s is unknown."),
                     _("Bind gateway to host"));
        return false;
    }
    out->gateway_host_id = host;
    return parse_flag(SNF_DHCP, _("Enable DHCP service"), in->dhcp, &out->dhcp, err) &&
           parse_flag(SNF_DNS, _("Enable DNS service"), in->dns, &out->dns, err) &&
           parse_flag(SNF_AUTO_GW, _("Automatically build gateway"), in->auto_gateway,
                      &out->auto_gateway, err) &&
           parse_flag(SNF_FORWARD, _("Forward plain names"), in->dns_forward_plain,
                      &out->dns_forward_plain, err);
}

/* ------------------------------------------------------------- validation */

/* Multi-line text: validate_text with line breaks and tabs allowed. */
static bool check_script(const char *key, const char *label, const char *v, struct dv_error *err)
{
    char *flat;
    bool ok;

    if (empty(v))
        return true;
    flat = g_strdup(v);
    for (char *p = flat; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    ok = validate_text(key, label, flat, err) &&
         validate_length(key, label, flat, 0, SUBNET_SCRIPT_MAX, err);
    g_free(flat);
    return ok;
}

/* A DNS name as libvirt's schema has it: 1..253 of letters, digits, '-', '.'. */
static bool dns_name_ok(const char *v)
{
    size_t n = v ? strlen(v) : 0;

    if (n == 0 || n > 253)
        return false;
    for (const char *p = v; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.')
            return false;
    return true;
}

static bool check_dns_name(const char *key, const char *label, const char *v, bool required,
                           struct dv_error *err)
{
    if (empty(v) && !required)
        return true;
    if (empty(v)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    if (dns_name_ok(v))
        return true;
    dv_error_set(err, DV_ERR_INVALID, key,
                 _("%s may contain only letters, digits, '-' and '.' (at most 253)."), label);
    return false;
}

/* An address of the subnet's version inside it. */
static bool check_inside(const char *key, const char *label, const char *text,
                         const struct ipaddr *net, int prefix, struct ipaddr *out,
                         struct dv_error *err)
{
    char *n;

    if (!ipaddr_parse(key, label, text, net->version, out, err))
        return false;
    if (ipaddr_in_network(out, net, prefix))
        return true;
    {
        struct ipaddr base = ipaddr_network(net, prefix);

        n = ipaddr_format(&base);
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be inside the subnet %s/%d."), label, n,
                 prefix);
    g_free(n);
    return false;
}

/* A pool range: both ends inside, start <= end. */
static bool check_range(const char *start, const char *end, const struct ipaddr *net, int prefix,
                        struct ipaddr *a, struct ipaddr *b, struct dv_error *err)
{
    if (!check_inside(SNF_START, _("Start address"), start, net, prefix, a, err) ||
        !check_inside(SNF_END, _("End address"), end, net, prefix, b, err))
        return false;
    if (ipaddr_cmp(a, b) <= 0)
        return true;
    dv_error_set(err, DV_ERR_INVALID, SNF_END, _("%s must not be before the start address."),
                 _("End address"));
    return false;
}

/* Every field rule of a subnet (R1, R3 of the first range, R4); *net
 * receives the subnet's address. */
static bool check_spec(const struct subnet_spec *s, bool adding, struct ipaddr *net,
                       struct dv_error *err)
{
    struct ipaddr gw, a, b;

    if (!validate_cn_name(SNF_NAME, _("Subnet name"), s->name, err) ||
        !validate_text(SNF_DESCRIPTION, _("Subnet description"), s->description, err) ||
        !validate_length(SNF_DESCRIPTION, _("Subnet description"), s->description, 0, DV_DESC_MAX,
                         err))
        return false;
    if (s->ip_version != 4 && s->ip_version != 6) {
        dv_error_set(err, DV_ERR_INVALID, SNF_VERSION, _("%s must be ipv4 or ipv6."),
                     _("IP version"));
        return false;
    }
    if (!ipaddr_parse(SNF_ADDRESS, _("Subnet address"), s->address, s->ip_version, net, err))
        return false;
    if (s->prefix < 0 || s->prefix > (s->ip_version == 4 ? 32 : 128)) {
        dv_error_set(err, DV_ERR_INVALID, SNF_NETMASK, _("%s must be between %ld and %ld."),
                     _("Netmask"), 0L, s->ip_version == 4 ? 32L : 128L);
        return false;
    }
    /* R1 */
    if (!check_inside(SNF_GATEWAY, _("Gateway address"), s->gateway, net, s->prefix, &gw, err))
        return false;
    /* R2, R3: the first range of a new subnet */
    if (adding && (empty(s->range_start) || empty(s->range_end))) {
        dv_error_set(err, DV_ERR_INVALID, empty(s->range_start) ? SNF_START : SNF_END,
                     _("The address pool needs at least one range: %s is required."),
                     empty(s->range_start) ? _("Start address") : _("End address"));
        return false;
    }
    if (adding && !check_range(s->range_start, s->range_end, net, s->prefix, &a, &b, err))
        return false;
    /* R4: TFTP and BOOTP are IPv4 only */
    if (!empty(s->tftp_root) && s->ip_version != 4) {
        dv_error_set(err, DV_ERR_INVALID, SNF_TFTP, _("%s is supported only on IPv4 subnets."),
                     _("TFTP root path"));
        return false;
    }
    if (!empty(s->tftp_root) &&
        !validate_abs_path(SNF_TFTP, _("TFTP root path"), s->tftp_root, DV_PATH_MAX, err))
        return false;
    if ((!empty(s->bootp_file) || !empty(s->bootp_server)) && s->ip_version != 4) {
        dv_error_set(err, DV_ERR_INVALID, empty(s->bootp_file) ? SNF_BOOTP_SERVER : SNF_BOOTP_FILE,
                     _("%s is supported only on IPv4 subnets."), _("BOOTP"));
        return false;
    }
    if (!empty(s->bootp_file) &&
        (!validate_text(SNF_BOOTP_FILE, _("Boot file"), s->bootp_file, err) ||
         !validate_length(SNF_BOOTP_FILE, _("Boot file"), s->bootp_file, 0, DV_PATH_MAX, err)))
        return false;
    if (!empty(s->bootp_file) && strpbrk(s->bootp_file, " \"'")) {
        dv_error_set(err, DV_ERR_INVALID, SNF_BOOTP_FILE,
                     _("%s must not contain blanks or quotes."), _("Boot file"));
        return false;
    }
    if (!empty(s->bootp_server)) {
        if (!ipaddr_parse(SNF_BOOTP_SERVER, _("BOOTP server address"), s->bootp_server, 4, &a, err))
            return false;
        if (empty(s->bootp_file)) {
            dv_error_set(err, DV_ERR_INVALID, SNF_BOOTP_FILE,
                         _("%s is required when a BOOTP server address is given."), _("Boot file"));
            return false;
        }
    }
    return check_dns_name(SNF_DOMAIN, _("Network domain"), s->dns_domain, false, err) &&
           check_script(SNF_GW_START, _("Gateway start script"), s->gw_start_script, err) &&
           check_script(SNF_GW_STOP, _("Gateway stop script"), s->gw_stop_script, err);
}

static bool name_free(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    bool taken = false;

    if (!choice_taken(db, "subnet", "name", name, except, &taken, err))
        return false;
    if (taken)
        dv_error_set(err, DV_ERR_EXISTS, SNF_NAME, _("The subnet '%s' already exists."), name);
    return !taken;
}

static bool host_exists(struct db *db, int64_t host, struct dv_error *err)
{
    if (!host)
        return true;
    if (!choice_ids_exist(db, "host", &host, 1, _("The host no longer exists."), err))
        return false;
    return true;
}

/* Text of an address text in canonical form (g_free). */
static char *canon(const char *text)
{
    char *c = ipaddr_canonical(text);

    return c ? c : g_strdup(nz(text));
}

/* ------------------------------------------------------------ add, modify */

bool subnet_add(struct db *db, const struct dv_actor *actor, const struct subnet_spec *s,
                int64_t *id, struct dv_error *err)
{
    struct ipaddr net;
    char *addr, *mask, *gw, *rs, *re;
    int64_t sid;
    bool ok =
        audit_require_sysadm(actor, err) && check_spec(s, true, &net, err) && db_begin(db, err);

    if (!ok)
        return false;
    addr = canon(s->address);
    gw = canon(s->gateway);
    rs = canon(s->range_start);
    re = canon(s->range_end);
    mask = ipaddr_netmask_text(s->ip_version, s->prefix);
    ok = name_free(db, s->name, 0, err) && host_exists(db, s->gateway_host_id, err) &&
         db_do(db,
               "INSERT INTO subnet(name, description, ip_version, address, netmask, prefix, "
               "gateway, gateway_host_id, dhcp, dns, tftp_root, auto_gateway, gw_start_script, "
               "gw_stop_script, bootp_file, bootp_server, dns_domain, dns_forward_plain, "
               "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
               "?15, ?16, ?17, ?18, ?19)",
               DB_ARGS(DB_T(s->name), DB_T(nz(s->description)), DB_I(s->ip_version), DB_T(addr),
                       DB_T(mask), DB_I(s->prefix), DB_T(gw), DB_ID0(s->gateway_host_id),
                       DB_I(s->dhcp), DB_I(s->dns), DB_T(nz(s->tftp_root)), DB_I(s->auto_gateway),
                       DB_T(nz(s->gw_start_script)), DB_T(nz(s->gw_stop_script)),
                       DB_T(nz(s->bootp_file)), DB_T(nz(s->bootp_server)), DB_T(nz(s->dns_domain)),
                       DB_I(s->dns_forward_plain), DB_I(dv_now())),
               err);
    if (ok) {
        sid = db_last_id(db);
        if (id)
            *id = sid;
        ok = db_do(db,
                   "INSERT INTO subnet_range(subnet_id, start_addr, end_addr) VALUES (?1, ?2, ?3)",
                   DB_ARGS(DB_I(sid), DB_T(rs), DB_T(re)), err);
    }
    g_free(addr);
    g_free(gw);
    g_free(rs);
    g_free(re);
    g_free(mask);
    return audit_commit(db, ok, actor, AUDIT_ADD, N_("Add subnet"), s->name, err);
}

/* The rows a modified subnet keeps must still fit it. */
static bool children_fit(const struct subnet *old, const struct subnet_spec *s,
                         const struct ipaddr *net, struct dv_error *err)
{
    struct ipaddr a;

    for (int i = 0; i < old->nranges; i++)
        for (int k = 0; k < 2; k++) {
            const char *t = k ? old->ranges[i].end : old->ranges[i].start;

            if (!ipaddr_parse(SNF_ADDRESS, "", t, s->ip_version, &a, NULL) ||
                !ipaddr_in_network(&a, net, s->prefix)) {
                dv_error_set(err, DV_ERR_INVALID, SNF_ADDRESS,
                             _("The address pool range %s-%s would lie outside the subnet; "
                               "change the range first."),
                             old->ranges[i].start, old->ranges[i].end);
                return false;
            }
        }
    for (int i = 0; i < old->nreservations; i++) {
        const struct subnet_reservation *r = &old->reservations[i];

        if (!ipaddr_parse(SNF_ADDRESS, "", r->ip, s->ip_version, &a, NULL) ||
            !ipaddr_in_network(&a, net, s->prefix)) {
            dv_error_set(err, DV_ERR_INVALID, SNF_ADDRESS,
                         _("The IP reservation %s would lie outside the subnet; delete it "
                           "first."),
                         r->ip);
            return false;
        }
        if (s->ip_version == 6 && (empty(r->hostname) || !empty(r->mac))) {
            dv_error_set(err, DV_ERR_INVALID, SNF_VERSION,
                         _("The IP reservation %s is identified by its MAC address, which IPv6 "
                           "does not allow; delete it first."),
                         r->ip);
            return false;
        }
        if (s->ip_version == 4 && empty(r->mac)) {
            dv_error_set(err, DV_ERR_INVALID, SNF_VERSION,
                         _("The IP reservation %s has no MAC address, which IPv4 needs; delete "
                           "it first."),
                         r->ip);
            return false;
        }
    }
    return true;
}

bool subnet_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct subnet_spec *s, struct dv_error *err)
{
    struct ipaddr net;
    struct subnet old;
    char *addr, *mask, *gw;
    bool ok =
        audit_require_sysadm(actor, err) && check_spec(s, false, &net, err) && db_begin(db, err);

    if (!ok)
        return false;
    if (!subnet_get(db, id, &old, err)) {
        db_rollback(db);
        return false;
    }
    addr = canon(s->address);
    gw = canon(s->gateway);
    mask = ipaddr_netmask_text(s->ip_version, s->prefix);
    ok = children_fit(&old, s, &net, err) && name_free(db, s->name, id, err) &&
         host_exists(db, s->gateway_host_id, err) &&
         db_bump_version(db, "subnet", id, s->version, _(gone), err) &&
         db_do(db,
               "UPDATE subnet SET name = ?1, description = ?2, ip_version = ?3, address = ?4, "
               "netmask = ?5, prefix = ?6, gateway = ?7, gateway_host_id = ?8, dhcp = ?9, "
               "dns = ?10, tftp_root = ?11, auto_gateway = ?12, gw_start_script = ?13, "
               "gw_stop_script = ?14, bootp_file = ?15, bootp_server = ?16, dns_domain = ?17, "
               "dns_forward_plain = ?18 WHERE id = ?19",
               DB_ARGS(DB_T(s->name), DB_T(nz(s->description)), DB_I(s->ip_version), DB_T(addr),
                       DB_T(mask), DB_I(s->prefix), DB_T(gw), DB_ID0(s->gateway_host_id),
                       DB_I(s->dhcp), DB_I(s->dns), DB_T(nz(s->tftp_root)), DB_I(s->auto_gateway),
                       DB_T(nz(s->gw_start_script)), DB_T(nz(s->gw_stop_script)),
                       DB_T(nz(s->bootp_file)), DB_T(nz(s->bootp_server)), DB_T(nz(s->dns_domain)),
                       DB_I(s->dns_forward_plain), DB_I(id)),
               err);
    subnet_free(&old);
    g_free(addr);
    g_free(gw);
    g_free(mask);
    return audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify subnet"), s->name, err);
}

bool subnet_check(struct db *db, int64_t id, const struct subnet_spec *s, struct dv_error *err)
{
    struct ipaddr net;
    struct subnet old;
    bool ok;

    if (!check_spec(s, id == 0, &net, err))
        return false;
    if (id == 0)
        return name_free(db, s->name, 0, err) && host_exists(db, s->gateway_host_id, err);
    if (!subnet_get(db, id, &old, err))
        return false;
    ok = children_fit(&old, s, &net, err) && name_free(db, s->name, id, err) &&
         host_exists(db, s->gateway_host_id, err);
    subnet_free(&old);
    return ok;
}

bool subnet_users(struct db *db, int64_t id, char **names, struct dv_error *err)
{
    struct choice_list l;
    GString *s;

    *names = NULL;
    if (!choice_select(db,
                       "SELECT id, name_en, 0 FROM network WHERE subnet_id = ?1 ORDER BY name_en",
                       DB_ARGS(DB_I(id)), &l, err))
        return false;
    s = g_string_new("");
    for (int i = 0; i < l.n; i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", l.v[i].label);
    choice_list_free(&l);
    *names = g_string_free(s, FALSE);
    return true;
}

/* Begin a write on subnet id, read (with its rows) inside the transaction. */
static bool begin_on(struct db *db, const struct dv_actor *actor, int64_t id, struct subnet *s,
                     struct dv_error *err)
{
    memset(s, 0, sizeof(*s));
    if (!audit_require_sysadm(actor, err) || !db_begin(db, err))
        return false;
    if (subnet_get(db, id, s, err))
        return true;
    db_rollback(db);
    return false;
}

bool subnet_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct subnet s;
    int64_t used = 0;
    bool ok;

    if (!begin_on(db, actor, id, &s, err))
        return false;
    ok = db_scalar(db, "SELECT count(*) FROM network WHERE subnet_id = ?1", DB_ARGS(DB_I(id)),
                   &used, err);
    if (ok && used > 0) {
        dv_error_set(err, DV_ERR_INUSE, NULL, _("Subnet is in use; delete failed."));
        ok = false;
    }
    ok = ok &&
         db_do(db, "DELETE FROM subnet_project WHERE subnet_id = ?1", DB_ARGS(DB_I(id)), err) &&
         db_do(db, "DELETE FROM subnet WHERE id = ?1", DB_ARGS(DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete subnet"), s.name, err);
    subnet_free(&s);
    return ok;
}

/* ---------------------------------------------------------------- children */

/* End a child write: bump the subnet's version, audit as "subnet: what". */
static bool child_commit(struct db *db, bool ok, const struct dv_actor *actor, enum audit_type type,
                         const char *action, struct subnet *s, const char *what,
                         struct dv_error *err)
{
    char *object = g_strdup_printf("%s: %s", s->name, what);

    ok = ok && db_bump_version(db, "subnet", s->id, 0, _(gone), err);
    ok = audit_commit(db, ok, actor, type, action, object, err);
    g_free(object);
    subnet_free(s);
    return ok;
}

static void set_id(int64_t *id, struct db *db)
{
    if (id)
        *id = db_last_id(db);
}

bool subnet_range_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                      const char *start, const char *end, int64_t *id, struct dv_error *err)
{
    struct subnet s;
    struct ipaddr net, a, b, x, y;
    char *what = NULL, *cs = NULL, *ce = NULL;
    bool ok;

    if (!begin_on(db, actor, subnet_id, &s, err))
        return false;
    ok = ipaddr_parse(SNF_ADDRESS, _("Subnet address"), s.address, s.ip_version, &net, err) &&
         check_range(start, end, &net, s.prefix, &a, &b, err);
    for (int i = 0; ok && i < s.nranges; i++) {
        if (!ipaddr_parse(SNF_START, "", s.ranges[i].start, s.ip_version, &x, NULL) ||
            !ipaddr_parse(SNF_END, "", s.ranges[i].end, s.ip_version, &y, NULL))
            continue;
        if (ipaddr_cmp(&b, &x) < 0 || ipaddr_cmp(&a, &y) > 0)
            continue;
        dv_error_set(err, DV_ERR_INVALID, SNF_START,
                     _("The range overlaps the address pool range %s-%s."), s.ranges[i].start,
                     s.ranges[i].end);
        ok = false;
    }
    if (ok) {
        cs = ipaddr_format(&a);
        ce = ipaddr_format(&b);
        what = g_strdup_printf("%s-%s", cs, ce);
        ok = db_do(db,
                   "INSERT INTO subnet_range(subnet_id, start_addr, end_addr) VALUES (?1, ?2, ?3)",
                   DB_ARGS(DB_I(subnet_id), DB_T(cs), DB_T(ce)), err);
        if (ok)
            set_id(id, db);
    }
    ok = child_commit(db, ok, actor, AUDIT_ADD, N_("Add address pool range"), &s, nz(what), err);
    g_free(what);
    g_free(cs);
    g_free(ce);
    return ok;
}

bool subnet_reservation_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                            const struct subnet_reservation_spec *r, int64_t *id,
                            struct dv_error *err)
{
    struct subnet s;
    struct ipaddr net, a, x;
    char mac[18] = "", *ip = NULL;
    bool ok;

    if (!begin_on(db, actor, subnet_id, &s, err))
        return false;
    ok = ipaddr_parse(SNF_ADDRESS, _("Subnet address"), s.address, s.ip_version, &net, err);
    if (ok && s.ip_version == 4)
        ok = ipaddr_mac_parse(SNF_MAC, _("MAC address"), r->mac, mac, err);
    if (ok && s.ip_version == 6 && !empty(r->mac)) {
        dv_error_set(err, DV_ERR_INVALID, SNF_MAC,
                     _("%s is not used on IPv6 subnets: IPv6 hosts are identified by host "
                       "name."),
                     _("MAC address"));
        ok = false;
    }
    ok = ok && check_inside(SNF_IP, _("IP address"), r->ip, &net, s.prefix, &a, err) &&
         check_dns_name(SNF_HOSTNAME, _("Client name"), r->hostname, s.ip_version == 6, err);
    if (ok)
        ip = ipaddr_format(&a);
    for (int i = 0; ok && i < s.nreservations; i++) {
        const struct subnet_reservation *o = &s.reservations[i];

        if (*mac && g_ascii_strcasecmp(o->mac, mac) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, SNF_MAC,
                         _("The MAC address %s is already reserved in this subnet."), mac);
            ok = false;
        } else if (ipaddr_parse(SNF_IP, "", o->ip, s.ip_version, &x, NULL) &&
                   ipaddr_cmp(&x, &a) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, SNF_IP,
                         _("The IP address %s is already reserved in this subnet."), ip);
            ok = false;
        } else if (s.ip_version == 6 && g_ascii_strcasecmp(o->hostname, r->hostname) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, SNF_HOSTNAME,
                         _("The host name %s is already reserved in this subnet."), r->hostname);
            ok = false;
        }
    }
    if (ok) {
        ok = db_do(db,
                   "INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname) "
                   "VALUES (?1, ?2, ?3, ?4)",
                   DB_ARGS(DB_I(subnet_id), DB_T(mac), DB_T(ip), DB_T(nz(r->hostname))), err);
        if (ok)
            set_id(id, db);
    }
    ok = child_commit(db, ok, actor, AUDIT_ADD, N_("Add IP reservation"), &s, nz(ip), err);
    g_free(ip);
    return ok;
}

bool subnet_txt_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                    const char *name, const char *value, int64_t *id, struct dv_error *err)
{
    struct subnet s;
    bool ok;

    if (!begin_on(db, actor, subnet_id, &s, err))
        return false;
    ok = validate_required(SNF_TXT_NAME, _("TXT name"), name, err) &&
         validate_text(SNF_TXT_NAME, _("TXT name"), name, err) &&
         validate_length(SNF_TXT_NAME, _("TXT name"), name, 1, DV_NAME_MAX, err);
    /* blanks and commas, ASCII or full-width (U+3000, U+FF0C, U+3001) */
    if (ok && (strpbrk(name, " ,") || strstr(name, "\u3000") || strstr(name, "\uff0c") ||
               strstr(name, "\u3001"))) {
        dv_error_set(err, DV_ERR_INVALID, SNF_TXT_NAME, _("%s must not contain spaces or commas."),
                     _("TXT name"));
        ok = false;
    }
    ok = ok && check_dns_name(SNF_TXT_NAME, _("TXT name"), name, true, err);
    ok = ok && validate_required(SNF_TXT_VALUE, _("Value"), value, err) &&
         validate_text(SNF_TXT_VALUE, _("Value"), value, err) &&
         validate_length(SNF_TXT_VALUE, _("Value"), value, 1, DV_PATH_MAX, err);
    for (int i = 0; ok && i < s.ntxts; i++)
        if (strcmp(s.txts[i].name, name) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, SNF_TXT_NAME,
                         _("The name %s is already in this subnet's name list."), name);
            ok = false;
        }
    if (ok) {
        ok = db_do(db, "INSERT INTO subnet_txt(subnet_id, name, value) VALUES (?1, ?2, ?3)",
                   DB_ARGS(DB_I(subnet_id), DB_T(name), DB_T(value)), err);
        if (ok)
            set_id(id, db);
    }
    return child_commit(db, ok, actor, AUDIT_ADD, N_("Add DNS name"), &s, nz(name), err);
}

bool subnet_forwarder_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                          const char *addr, int64_t *id, struct dv_error *err)
{
    struct subnet s;
    struct ipaddr a;
    char *c = NULL;
    bool ok;

    if (!begin_on(db, actor, subnet_id, &s, err))
        return false;
    ok = ipaddr_parse(SNF_FORWARDER, _("Server address"), addr, 0, &a, err);
    if (ok) {
        c = ipaddr_format(&a);
        for (int i = 0; ok && i < s.nforwarders; i++)
            if (g_strcmp0(s.forwarders[i].addr, c) == 0) {
                dv_error_set(err, DV_ERR_EXISTS, SNF_FORWARDER,
                             _("The server %s is already an upstream server of this subnet."), c);
                ok = false;
            }
    }
    if (ok) {
        ok = db_do(db, "INSERT INTO subnet_forwarder(subnet_id, addr) VALUES (?1, ?2)",
                   DB_ARGS(DB_I(subnet_id), DB_T(c)), err);
        if (ok)
            set_id(id, db);
    }
    ok = child_commit(db, ok, actor, AUDIT_ADD, N_("Add upstream DNS server"), &s, nz(c), err);
    g_free(c);
    return ok;
}

static bool parse_opt_int(const char *key, const char *label, const char *v, int min, int max,
                          int *out, struct dv_error *err)
{
    int64_t n;

    *out = -1;
    if (empty(v))
        return true;
    if (dv_num_parse(v, false, false, 1, max, &n) == DV_NUM_OK && n >= min) {
        *out = (int)n;
        return true;
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a whole number from %ld to %ld."), label,
                 (long)min, (long)max);
    return false;
}

bool subnet_srv_parse(const struct subnet_srv_input *in, struct subnet_srv_spec *out,
                      struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    out->service = in->service;
    out->protocol = in->protocol;
    out->domain = in->domain;
    out->target = in->target;
    return parse_opt_int(SNF_SRV_PORT, _("Port"), in->port, 1, 65535, &out->port, err) &&
           parse_opt_int(SNF_SRV_PRIORITY, _("Priority"), in->priority, 0, 65535, &out->priority,
                         err) &&
           parse_opt_int(SNF_SRV_WEIGHT, _("Weight"), in->weight, 0, 65535, &out->weight, err);
}

static bool check_srv(const struct subnet_srv_spec *v, struct dv_error *err)
{
    static const struct {
        const char *key, *label;
        int min, max;
    } nums[] = {
        {SNF_SRV_PORT, N_("Port"), 1, 65535},
        {SNF_SRV_PRIORITY, N_("Priority"), 0, 65535},
        {SNF_SRV_WEIGHT, N_("Weight"), 0, 65535},
    };
    const int vals[] = {v->port, v->priority, v->weight};

    if (!validate_required(SNF_SRV_SERVICE, _("Service name"), v->service, err))
        return false;
    if (strlen(v->service) > 15 ||
        strspn(v->service, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                           "0123456789-_") != strlen(v->service)) {
        dv_error_set(err, DV_ERR_INVALID, SNF_SRV_SERVICE,
                     _("%s may contain only letters, digits, '-' and '_' (at most 15)."),
                     _("Service name"));
        return false;
    }
    if (g_strcmp0(v->protocol, "tcp") != 0 && g_strcmp0(v->protocol, "udp") != 0) {
        dv_error_set(err, DV_ERR_INVALID, SNF_SRV_PROTOCOL, _("%s must be tcp or udp."),
                     _("Protocol"));
        return false;
    }
    if (!check_dns_name(SNF_SRV_DOMAIN, _("Domain"), v->domain, false, err) ||
        !check_dns_name(SNF_SRV_TARGET, _("Target address"), v->target, false, err))
        return false;
    for (size_t i = 0; i < G_N_ELEMENTS(nums); i++) {
        if (vals[i] < 0)
            continue;
        if (empty(v->target)) {
            dv_error_set(err, DV_ERR_INVALID, nums[i].key,
                         _("%s is valid only when the target address is given."), _(nums[i].label));
            return false;
        }
        if (vals[i] < nums[i].min || vals[i] > nums[i].max) {
            dv_error_set(err, DV_ERR_INVALID, nums[i].key,
                         _("%s must be a whole number from %ld to %ld."), _(nums[i].label),
                         (long)nums[i].min, (long)nums[i].max);
            return false;
        }
    }
    return true;
}

static struct db_val opt_int(int v)
{
    return v < 0 ? DB_NULL : DB_I(v);
}

bool subnet_srv_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                    const struct subnet_srv_spec *v, int64_t *id, struct dv_error *err)
{
    struct subnet s;
    char *what;
    bool ok;

    if (!begin_on(db, actor, subnet_id, &s, err))
        return false;
    ok = check_srv(v, err);
    what = g_strdup_printf("%s/%s", nz(v->service), nz(v->protocol));
    if (ok) {
        ok = db_do(db,
                   "INSERT INTO subnet_srv(subnet_id, service, protocol, domain, target, port, "
                   "priority, weight) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                   DB_ARGS(DB_I(subnet_id), DB_T(v->service), DB_T(v->protocol),
                           DB_T(nz(v->domain)), DB_T(nz(v->target)), opt_int(v->port),
                           opt_int(v->priority), opt_int(v->weight)),
                   err);
        if (ok)
            set_id(id, db);
    }
    ok = child_commit(db, ok, actor, AUDIT_ADD, N_("Add DNS service"), &s, what, err);
    g_free(what);
    return ok;
}

/* The comma-separated host names, each checked, joined again (g_free). */
static char *host_names(const char *v, struct dv_error *err)
{
    char **parts;
    GString *s;
    int n = 0;

    if (empty(v)) {
        dv_error_set(err, DV_ERR_INVALID, SNF_HOSTNAME, _("%s is required."), _("Host names"));
        return NULL;
    }
    parts = g_strsplit(v, ",", -1);
    s = g_string_new("");
    for (int i = 0; parts[i]; i++) {
        char *t = g_strstrip(parts[i]);

        if (!dns_name_ok(t)) {
            dv_error_set(err, DV_ERR_INVALID, SNF_HOSTNAME,
                         _("%s must be host names separated by commas, each of letters, digits, "
                           "'-' and '.'."),
                         _("Host names"));
            g_strfreev(parts);
            g_string_free(s, TRUE);
            return NULL;
        }
        g_string_append_printf(s, "%s%s", n++ ? "," : "", t);
    }
    g_strfreev(parts);
    return g_string_free(s, FALSE);
}

bool subnet_dnshost_add(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                        const char *ip, const char *hostnames, int64_t *id, struct dv_error *err)
{
    struct subnet s;
    struct ipaddr a;
    char *c = NULL, *names = NULL;
    bool ok;

    if (!begin_on(db, actor, subnet_id, &s, err))
        return false;
    ok = ipaddr_parse(SNF_IP, _("IP address"), ip, 0, &a, err) &&
         (names = host_names(hostnames, err)) != NULL;
    if (ok) {
        c = ipaddr_format(&a);
        for (int i = 0; ok && i < s.ndnshosts; i++)
            if (g_strcmp0(s.dnshosts[i].ip, c) == 0) {
                dv_error_set(err, DV_ERR_EXISTS, SNF_IP,
                             _("The IP address %s is already in this subnet's host list."), c);
                ok = false;
            }
    }
    if (ok) {
        ok = db_do(db, "INSERT INTO subnet_dnshost(subnet_id, ip, hostnames) VALUES (?1, ?2, ?3)",
                   DB_ARGS(DB_I(subnet_id), DB_T(c), DB_T(names)), err);
        if (ok)
            set_id(id, db);
    }
    ok = child_commit(db, ok, actor, AUDIT_ADD, N_("Add DNS host"), &s, nz(c), err);
    g_free(c);
    g_free(names);
    return ok;
}

static const struct {
    const char *table;
    const char *what; /* SQL of the row's text in the audit object */
    const char *action;
    const char *missing;
} child_kinds[] = {
    [SUBNET_RANGE] = {"subnet_range", "start_addr || '-' || end_addr",
                      N_("Delete address pool range"),
                      N_("The address pool range no longer exists.")},
    [SUBNET_RESERVATION] = {"subnet_reservation", "ip", N_("Delete IP reservation"),
                            N_("The IP reservation no longer exists.")},
    [SUBNET_TXT] = {"subnet_txt", "name", N_("Delete DNS name"),
                    N_("The DNS name no longer exists.")},
    [SUBNET_FORWARDER] = {"subnet_forwarder", "addr", N_("Delete upstream DNS server"),
                          N_("The upstream DNS server no longer exists.")},
    [SUBNET_SRV] = {"subnet_srv", "service || '/' || protocol", N_("Delete DNS service"),
                    N_("The DNS service no longer exists.")},
    [SUBNET_DNSHOST] = {"subnet_dnshost", "ip", N_("Delete DNS host"),
                        N_("The DNS host no longer exists.")},
};

struct child_row {
    int64_t subnet_id;
    char *what;
};

static bool read_child(const struct db_row *r, void *ctx)
{
    struct child_row *c = ctx;

    c->subnet_id = db_row_int(r, 0);
    c->what = db_row_text(r, 1);
    return true;
}

bool subnet_child_delete(struct db *db, const struct dv_actor *actor, enum subnet_child kind,
                         int64_t row_id, struct dv_error *err)
{
    struct child_row c = {0};
    struct subnet s;
    char *sql;
    bool ok;

    if ((unsigned)kind >= G_N_ELEMENTS(child_kinds)) {
        dv_error_set(err, DV_ERR_INVALID, NULL, "%s", _("Unknown subnet row kind."));
        return false;
    }
    if (!audit_require_sysadm(actor, err) || !db_begin(db, err))
        return false;
    sql = g_strdup_printf("SELECT subnet_id, %s FROM %s WHERE id = ?1", child_kinds[kind].what,
                          child_kinds[kind].table);
    ok = db_get(db, sql, DB_ARGS(DB_I(row_id)), read_child, &c, _(child_kinds[kind].missing), err);
    g_free(sql);
    if (!ok || !subnet_get(db, c.subnet_id, &s, err)) {
        db_rollback(db);
        g_free(c.what);
        return false;
    }
    if (kind == SUBNET_RANGE && s.nranges <= 1) {
        dv_error_set(err, DV_ERR_INVALID, SNF_START,
                     _("The address pool needs at least one range; the last one cannot be "
                       "deleted."));
        ok = false;
    }
    sql = g_strdup_printf("DELETE FROM %s WHERE id = ?1", child_kinds[kind].table);
    ok = ok && db_do(db, sql, DB_ARGS(DB_I(row_id)), err);
    g_free(sql);
    ok = child_commit(db, ok, actor, AUDIT_DELETE, child_kinds[kind].action, &s, c.what, err);
    g_free(c.what);
    return ok;
}

/* ------------------------------------------------------------ assignments */

static bool read_assignment(const struct db_row *r, void *ctx)
{
    struct subnet_assignment *a = ctx;

    a->subnet_id = db_row_int(r, 0);
    a->project_id = db_row_int(r, 1);
    a->subnet = db_row_text(r, 2);
    a->address = db_row_text(r, 3);
    a->gateway = db_row_text(r, 4);
    a->project = db_row_text(r, 5);
    return true;
}

static void assignment_clear(struct subnet_assignment *a)
{
    g_free(a->subnet);
    g_free(a->address);
    g_free(a->gateway);
    g_free(a->project);
}
DB_PAGE_READER(add_assignment_row, struct subnet_assignment_page, read_assignment)

void subnet_assignment_page_free(struct subnet_assignment_page *p)
{
    DB_PAGE_FREE(p, assignment_clear);
}

bool subnet_assignment_list(struct db *db, const struct subnet_assignment_filter *f, int64_t offset,
                            int limit, struct subnet_assignment_page *out, struct dv_error *err)
{
    static const struct subnet_assignment_filter all = {0};
    char *sn, *ad, *pr;
    bool ok;

    if (!f)
        f = &all;
    sn = db_like_pattern(nz(f->subnet));
    ad = db_like_pattern(nz(f->address));
    pr = db_like_pattern(nz(f->project));
    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, "x.subnet_id, x.project_id, s.name, s.address, s.gateway, p.name",
                       "subnet_project x JOIN subnet s ON s.id = x.subnet_id "
                       "JOIN project p ON p.id = x.project_id "
                       "WHERE (?1 = '' OR s.name LIKE ?2 ESCAPE '\\') "
                       "AND (?3 = '' OR s.address LIKE ?4 ESCAPE '\\') "
                       "AND (?5 = '' OR p.name LIKE ?6 ESCAPE '\\')",
                       "s.name, p.name",
                       DB_ARGS(DB_T(nz(f->subnet)), DB_T(sn), DB_T(nz(f->address)), DB_T(ad),
                               DB_T(nz(f->project)), DB_T(pr)),
                       offset, limit, &out->total, add_assignment_row, out, err);
    g_free(sn);
    g_free(ad);
    g_free(pr);
    if (!ok)
        subnet_assignment_page_free(out);
    return ok;
}

struct pair_names {
    char *subnet, *project;
};

static bool read_pair(const struct db_row *r, void *ctx)
{
    struct pair_names *p = ctx;

    p->subnet = db_row_text(r, 0);
    p->project = db_row_text(r, 1);
    return true;
}

/* Begin an assignment write: both records must exist; *object receives
 * "subnet: project" (g_free). */
static bool begin_pair(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                       int64_t project_id, char **object, struct dv_error *err)
{
    struct pair_names p = {0};
    bool ok;

    *object = NULL;
    if (!audit_require_sysadm(actor, err) || !db_begin(db, err))
        return false;
    ok = choice_ids_exist(db, "subnet", &subnet_id, 1, _(gone), err) &&
         choice_ids_exist(db, "project", &project_id, 1, _("The project no longer exists."), err) &&
         db_get(db,
                "SELECT (SELECT name FROM subnet WHERE id = ?1), "
                "(SELECT name FROM project WHERE id = ?2)",
                DB_ARGS(DB_I(subnet_id), DB_I(project_id)), read_pair, &p, _(gone), err);
    if (ok)
        *object = g_strdup_printf("%s: %s", p.subnet, p.project);
    else
        db_rollback(db);
    g_free(p.subnet);
    g_free(p.project);
    return ok;
}

bool subnet_assign(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                   int64_t project_id, struct dv_error *err)
{
    char *object;
    int64_t n = 0;
    bool ok;

    if (!subnet_id || !project_id) {
        dv_error_set(err, DV_ERR_INVALID, subnet_id ? SNF_PROJECT : SNF_SUBNET,
                     _("%s is required."), subnet_id ? _("Project") : _("Subnet name"));
        return false;
    }
    if (!begin_pair(db, actor, subnet_id, project_id, &object, err))
        return false;
    ok = db_scalar(db,
                   "SELECT count(*) FROM subnet_project WHERE subnet_id = ?1 AND project_id = ?2",
                   DB_ARGS(DB_I(subnet_id), DB_I(project_id)), &n, err);
    if (ok && n > 0) {
        dv_error_set(err, DV_ERR_EXISTS, SNF_PROJECT,
                     _("Already assigned: the project may already use this subnet."));
        ok = false;
    }
    ok = ok && db_do(db, "INSERT INTO subnet_project(subnet_id, project_id) VALUES (?1, ?2)",
                     DB_ARGS(DB_I(subnet_id), DB_I(project_id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add subnet project"), object, err);
    g_free(object);
    return ok;
}

bool subnet_unassign(struct db *db, const struct dv_actor *actor, int64_t subnet_id,
                     int64_t project_id, struct dv_error *err)
{
    char *object;
    int64_t n = 0, used = 0;
    bool ok;

    if (!begin_pair(db, actor, subnet_id, project_id, &object, err))
        return false;
    ok = db_scalar(db,
                   "SELECT count(*) FROM subnet_project WHERE subnet_id = ?1 AND project_id = ?2",
                   DB_ARGS(DB_I(subnet_id), DB_I(project_id)), &n, err) &&
         db_scalar(db, "SELECT count(*) FROM network WHERE subnet_id = ?1 AND project_id = ?2",
                   DB_ARGS(DB_I(subnet_id), DB_I(project_id)), &used, err);
    if (ok && n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, "%s",
                     _("The subnet is no longer assigned to the project."));
        ok = false;
    } else if (ok && used > 0) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("A network of the project uses the subnet; the assignment cannot be "
                       "deleted."));
        ok = false;
    }
    ok = ok && db_do(db, "DELETE FROM subnet_project WHERE subnet_id = ?1 AND project_id = ?2",
                     DB_ARGS(DB_I(subnet_id), DB_I(project_id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete subnet project"), object, err);
    g_free(object);
    return ok;
}

#define SUBNET_LABEL "s.name || ' (' || s.address || '/' || s.prefix || ')'"

bool subnet_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT s.id, " SUBNET_LABEL ", 0 FROM subnet s ORDER BY s.name",
                         DB_NOARGS, out, err);
}

bool subnet_host_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, 0 FROM host ORDER BY name", DB_NOARGS, out, err);
}

bool subnet_project_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, 0 FROM project ORDER BY name", DB_NOARGS, out, err);
}

bool subnet_choices_for_project(struct db *db, int64_t project_id, struct choice_list *out,
                                struct dv_error *err)
{
    return choice_select(db,
                         "SELECT s.id, " SUBNET_LABEL ", 0 FROM subnet s JOIN subnet_project x "
                         "ON x.subnet_id = s.id WHERE x.project_id = ?1 ORDER BY s.name",
                         DB_ARGS(DB_I(project_id)), out, err);
}
