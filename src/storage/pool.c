/* pool.c - storage pools: records, validation, realization on hosts */
#include "storage/pool.h"
#include "db/audit.h"
#include "db/page.h"
#include "virt/hostconn.h"
#include "storage/poolsite.h"
#include "admin/param.h"
#include "storage/secret.h"
#include "base/util.h"
#include "base/validate.h"
#include "virt/virtstore.h"

#include <stdlib.h>
#include <string.h>

#define POOL_CAPACITY_MAX 1000000000L /* MB: a petabyte */

const char *pool_type_label(enum pool_type t)
{
    const struct pool_type_info *i = pool_type_info(t);

    return i ? _(i->label) : "";
}

/* ---------------------------------------------------------------- reading */

#define POOL_COLUMNS                                                                               \
    "p.id, p.uuid, p.name, p.type, p.capacity_mb, p.description, p.target_path, "                  \
    "coalesce(p.bound_host_id, 0), coalesce(h.name, ''), p.src_host, p.src_port, p.src_dir, "      \
    "p.src_format, p.src_device, p.auth_user, coalesce(p.auth_secret_id, 0), "                     \
    "coalesce(s.usage_id, ''), p.vendor, p.product, p.created_at, "                                \
    "coalesce((SELECT " DB_LIST_AGG(                                                               \
        "path") " FROM (SELECT path FROM pool_device "                                             \
                "WHERE pool_id = p.id ORDER BY seq) d), ''), "                                     \
                "coalesce((SELECT " DB_LIST_AGG(                                                   \
                    "name") " FROM (SELECT pr.name FROM pool_project pp "                          \
                            "JOIN project pr ON pr.id = pp.project_id WHERE pp.pool_id = p.id "    \
                            "ORDER BY pr.name) n), "                                               \
                            "''), p.row_version"

#define POOL_FROM                                                                                  \
    "pool p LEFT JOIN host h ON h.id = p.bound_host_id "                                           \
    "LEFT JOIN secret s ON s.id = p.auth_secret_id"

static bool read_pool(const struct db_row *r, void *ctx)
{
    struct pool *p = ctx;
    const char *devices = db_row_peek(r, 20);

    p->id = db_row_int(r, 0);
    p->uuid = db_row_text(r, 1);
    p->name = db_row_text(r, 2);
    p->type = (enum pool_type)db_row_int(r, 3);
    p->capacity_mb = db_row_int(r, 4);
    p->description = db_row_text(r, 5);
    p->target_path = db_row_text(r, 6);
    p->bound_host_id = db_row_int(r, 7);
    p->bound_host = db_row_text(r, 8);
    p->src_host = db_row_text(r, 9);
    p->src_port = (int)db_row_int(r, 10);
    p->src_dir = db_row_text(r, 11);
    p->src_format = db_row_text(r, 12);
    p->src_device = db_row_text(r, 13);
    p->auth_user = db_row_text(r, 14);
    p->auth_secret_id = db_row_int(r, 15);
    p->auth_secret_usage = db_row_text(r, 16);
    p->vendor = db_row_text(r, 17);
    p->product = db_row_text(r, 18);
    p->created_at = db_row_int(r, 19);
    p->devices = devices && *devices ? g_strsplit(devices, ",", -1) : g_new0(char *, 1);
    p->projects = db_row_text(r, 21);
    p->row_version = db_row_int(r, 22);
    return true;
}

DB_PAGE_READER(add_pool, struct pool_page, read_pool)

void pool_clear(struct pool *p)
{
    g_free(p->uuid);
    g_free(p->name);
    g_free(p->description);
    g_free(p->target_path);
    g_free(p->bound_host);
    g_free(p->src_host);
    g_free(p->src_dir);
    g_free(p->src_format);
    g_free(p->src_device);
    g_free(p->auth_user);
    g_free(p->auth_secret_usage);
    g_free(p->vendor);
    g_free(p->product);
    g_strfreev(p->devices);
    g_free(p->projects);
    memset(p, 0, sizeof(*p));
}

void pool_page_free(struct pool_page *pg)
{
    DB_PAGE_FREE(pg, pool_clear);
}

/* A day "YYYY-MM-DD" as the epoch of its midnight (end: of the next one);
 * "" is 0 (any).  False with err naming key otherwise. */
static bool day_bound(const char *key, const char *label, const char *v, bool end, int64_t *out,
                      struct dv_error *err)
{
    int64_t t;

    *out = 0;
    if (!v || !*v)
        return true;
    if (strlen(v) != 10 || !dv_parse_time(v, &t)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a date such as 2024-03-10."), label);
        return false;
    }
    *out = end ? t + 86400 : t;
    return true;
}

/* A capacity bound; "" is 0 (any). */
static bool number_bound(const char *key, const char *label, const char *v, int64_t *out,
                         struct dv_error *err)
{
    long n = 0;

    *out = 0;
    if (!v || !*v)
        return true;
    if (!validate_count(key, label, v, POOL_CAPACITY_MAX, &n, err))
        return false;
    *out = n;
    return true;
}

/* A choice's value: a whole number, -1 for "" (all), -2 (matching nothing)
 * for a text that is not a strict number. */
static int choice_value(const char *v)
{
    int64_t n = -1;

    if (v && *v && dv_num_parse(v, false, true, 1, 1000000, &n) != DV_NUM_OK)
        return -2;
    return (int)n;
}

bool pool_filter_parse(const struct pool_query *q, struct pool_filter *out, struct dv_error *err)
{
    *out = (struct pool_filter){
        .name = q->name,
        .type = choice_value(q->type),
        .bound = choice_value(q->bound),
        .host = q->host,
    };
    return number_bound("cap_min", _("Logical capacity (MiB)"), q->cap_min, &out->cap_min, err) &&
           number_bound("cap_max", _("Logical capacity (MiB)"), q->cap_max, &out->cap_max, err) &&
           day_bound("created_from", _("Created at"), q->created_from, false, &out->created_from,
                     err) &&
           day_bound("created_to", _("Created at"), q->created_to, true, &out->created_to, err);
}

bool pool_list(struct db *db, const struct pool_filter *f, int64_t offset, int limit,
               struct pool_page *out, struct dv_error *err)
{
    char *like_name = db_like_pattern(f->name ? f->name : "");
    char *like_host = db_like_pattern(f->host ? f->host : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, POOL_COLUMNS,
                       POOL_FROM " WHERE (?1 = '' OR p.name LIKE ?2 ESCAPE '\\')"
                                 " AND (?3 = 0 OR p.capacity_mb >= ?3)"
                                 " AND (?4 = 0 OR p.capacity_mb <= ?4)"
                                 " AND (?5 = -1 OR p.type = ?5)"
                                 " AND (?6 = 0 OR p.created_at >= ?6)"
                                 " AND (?7 = 0 OR p.created_at < ?7)"
                                 " AND (?8 = -1 OR (CASE WHEN p.bound_host_id IS NULL THEN 0 "
                                 "ELSE 1 END) = ?8)"
                                 " AND (?9 = '' OR coalesce(h.name, '') LIKE ?10 ESCAPE '\\')"
                                 " AND (?11 = 0 OR p.id IN (SELECT pool_id FROM pool_project "
                                 "WHERE project_id = ?11))",
                       "p.id",
                       DB_ARGS(DB_T(f->name ? f->name : ""), DB_T(like_name), DB_I(f->cap_min),
                               DB_I(f->cap_max), DB_I(f->type), DB_I(f->created_from),
                               DB_I(f->created_to), DB_I(f->bound), DB_T(f->host ? f->host : ""),
                               DB_T(like_host), DB_I(f->project_id)),
                       offset, limit, &out->total, add_pool, out, err);
    g_free(like_name);
    g_free(like_host);
    if (!ok)
        pool_page_free(out);
    return ok;
}

bool pool_get(struct db *db, int64_t id, struct pool *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    /* no row: db_get never called read_pool, *out stays empty */
    return db_get(db, "SELECT " POOL_COLUMNS " FROM " POOL_FROM " WHERE p.id = ?1",
                  DB_ARGS(DB_I(id)), read_pool, out, _("The storage pool no longer exists."), err);
}

/* ---------------------------------------------------------------- the libvirt side */

/* The poolxml_spec of a record (borrowing its strings). */
static struct poolxml_spec spec_of(const struct pool *p)
{
    return (struct poolxml_spec){
        .uuid = p->uuid,
        .name = p->name,
        .type = p->type,
        .target_path = p->target_path,
        .vendor = p->vendor,
        .product = p->product,
        .host = p->src_host,
        .port = p->src_port,
        .source_dir = p->src_dir,
        .format = p->src_format,
        .device = p->src_device,
        .auth_user = p->auth_user,
        .auth_secret_usage = p->auth_secret_usage,
        .devices = (const char *const *)p->devices,
        .n_devices = p->devices ? g_strv_length(p->devices) : 0,
    };
}

static bool host_running(struct db *db, int64_t host_id, struct dv_error *err)
{
    int64_t state = 0;

    return db_scalar(db, "SELECT coalesce(max(state), 0) FROM host WHERE id = ?1",
                     DB_ARGS(DB_I(host_id)), &state, err) &&
           state == 1;
}

static bool read_text(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

/* The name of host id ("" when gone); g_free it. */
static char *host_name(struct db *db, int64_t id)
{
    char *name = NULL;

    db_query(db, "SELECT name FROM host WHERE id = ?1", DB_ARGS(DB_I(id)), read_text, &name, NULL,
             NULL);
    return name ? name : g_strdup("");
}

bool pool_pick_host(struct db *db, const struct pool *p, int64_t *host_id, struct dv_error *err)
{
    if (p->bound_host_id) {
        if (!host_running(db, p->bound_host_id, err)) {
            dv_error_set(err, DV_ERR_DENIED, NULL, _("The bound host '%s' is not running."),
                         p->bound_host);
            return false;
        }
        *host_id = p->bound_host_id;
        return true;
    }
    if (!db_scalar(db,
                   "SELECT coalesce((SELECT h.id FROM host h LEFT JOIN pool_host ph "
                   "ON ph.host_id = h.id AND ph.pool_id = ?1 WHERE h.state = 1 "
                   "ORDER BY CASE WHEN ph.pool_id IS NULL THEN 1 ELSE 0 END, h.id LIMIT 1), 0)",
                   DB_ARGS(DB_I(p->id)), host_id, err))
        return false;
    if (!*host_id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("No host is running to reach the pool on."));
        return false;
    }
    return true;
}

char *pool_build_xml(const struct pool *p, bool *build, struct dv_error *err)
{
    struct poolxml_spec spec = spec_of(p);

    *build = p->type == POOL_DOSDIR || p->type == POOL_HOSTDIR || p->type == POOL_NETFS;
    return poolxml_build(&spec, err);
}

static bool remember_host(struct db *db, int64_t pool_id, int64_t host_id, struct dv_error *err);

bool pool_remember_host(struct db *db, int64_t pool_id, int64_t host_id, struct dv_error *err)
{
    return remember_host(db, pool_id, host_id, err);
}

static bool remember_host(struct db *db, int64_t pool_id, int64_t host_id, struct dv_error *err)
{
    return db_do(db,
                 "INSERT INTO pool_host(pool_id, host_id) SELECT ?1, ?2 WHERE NOT EXISTS "
                 "(SELECT 1 FROM pool_host WHERE pool_id = ?1 AND host_id = ?2)",
                 DB_ARGS(DB_I(pool_id), DB_I(host_id)), err);
}

/* ---------------------------------------------------------------- adding */

static bool check_name(const char *name, struct dv_error *err)
{
    return validate_account(PLF_NAME, _("Pool name"), name, err);
}

/* The name is free (inside the transaction). */
static bool name_free(struct db *db, const char *name, struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db, "SELECT count(*) FROM pool WHERE name = ?1", DB_ARGS(DB_T(name)), &n, err))
        return false;
    if (n)
        dv_error_set(err, DV_ERR_EXISTS, PLF_NAME, _("The storage pool name '%s' already exists."),
                     name);
    return n == 0;
}

/* path with "." and ".." removed and the symbolic links of the part that
 * exists resolved (g_free). */
static char *canonical_path(const char *path)
{
    char *lex = g_canonicalize_filename(path, "/"), *rest = g_strdup(""), *real;

    /* resolve the longest existing prefix; keep the missing rest as it is */
    for (;;) {
        real = realpath(lex, NULL);
        if (real || strcmp(lex, "/") == 0)
            break;
        {
            char *base = g_path_get_basename(lex), *dir = g_path_get_dirname(lex);
            char *r = *rest ? g_build_filename(base, rest, NULL) : g_strdup(base);

            g_free(rest);
            rest = r;
            g_free(base);
            g_free(lex);
            lex = dir;
        }
    }
    if (real) {
        char *out = *rest ? g_build_filename(real, rest, NULL) : g_strdup(real);

        free(real);
        g_free(lex);
        g_free(rest);
        return out;
    }
    g_free(rest);
    return lex;
}

/* The target path of in: absolute; a shared directory pool's below the shared
 * file system root (D8); a logical pool's last component is its name. */
static bool check_target(struct db *db, const struct pool_spec *in, struct dv_error *err)
{
    const struct pool_type_info *t = pool_type_info(in->type);
    const char *v = in->target_path && *in->target_path ? in->target_path : t->fixed_target;
    char *root, *base;
    bool ok;

    if (t->fixed_target)
        return true; /* poolxml refuses any other value */
    if (!validate_abs_path(PLF_TARGET, _("Target path"), v, 255, err))
        return false;
    if (in->type == POOL_DOSDIR) {
        size_t n;

        char *shown = param_get_text(db, PARAM_SHARED_ROOT), *cv;

        /* both canonicalized first: /dpfs/../etc is /etc, not below /dpfs */
        root = canonical_path(shown);
        cv = canonical_path(v);
        n = strlen(root);
        while (n > 1 && root[n - 1] == '/')
            root[--n] = '\0';
        ok = g_str_has_prefix(cv, root) && cv[n] == '/' && cv[n + 1];
        if (!ok)
            dv_error_set(err, DV_ERR_INVALID, PLF_TARGET,
                         _("%s must lie below the shared file system root %s."), _("Target path"),
                         shown);
        g_free(root);
        g_free(shown);
        g_free(cv);
        return ok;
    }
    if (in->type == POOL_LOGICAL) {
        base = g_path_get_basename(v);
        ok = g_strcmp0(base, in->name) == 0;
        g_free(base);
        if (!ok)
            dv_error_set(err, DV_ERR_INVALID, PLF_NAME,
                         _("The pool name must equal the volume group name in the target path."));
        return ok;
    }
    return true;
}

/* A number field of the add dialog: "" is 0 when optional. */
static bool parse_number(const char *key, const char *label, const char *v, long min, long max,
                         bool optional, int64_t *out, struct dv_error *err)
{
    long n = 0;

    *out = 0;
    if (optional && (!v || !*v))
        return true;
    if (!validate_int_range(key, label, v, min, max, &n, err))
        return false;
    *out = n;
    return true;
}

/* A picker's value: a record id, "" or "0" for none. */
static bool parse_ref(const char *key, const char *label, const char *v, int64_t *out,
                      struct dv_error *err)
{
    int64_t n = 0;

    *out = 0;
    if (v && *v && dv_num_parse(v, false, false, 1, INT64_MAX, &n) != DV_NUM_OK) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is unknown."), label);
        return false;
    }
    *out = n;
    return true;
}

bool pool_spec_parse(const struct pool_input *in, struct pool_spec *out, struct dv_error *err)
{
    int64_t port = 0;
    bool ok;

    *out = (struct pool_spec){
        .name = in->name,
        .type = in->type,
        .description = in->description,
        .target_path = in->target_path,
        .vendor = in->vendor,
        .product = in->product,
        .src_host = in->src_host,
        .src_dir = in->src_dir,
        .src_format = in->src_format,
        .src_device = in->src_device,
        .auth_user = in->auth_user,
        .projects = in->projects,
        .nprojects = in->nprojects,
    };
    ok = parse_number(PLF_CAPACITY, _("Logical capacity (MiB)"), in->capacity_mb, 1,
                      POOL_CAPACITY_MAX, false, &out->capacity_mb, err) &&
         parse_ref(PLF_BOUND_HOST, _("Bound host"), in->bound_host, &out->bound_host_id, err) &&
         parse_number(PLF_PORT, _("Port"), in->src_port, 1, 65535, true, &port, err) &&
         parse_ref(PLF_AUTH_SECRET, _("Security object"), in->auth_secret, &out->auth_secret_id,
                   err);
    out->src_port = (int)port;
    if (ok)
        out->devices = g_strsplit_set(in->devices ? in->devices : "", " ,\t", -1);
    return ok;
}

static bool check_capacity(int64_t v, struct dv_error *err)
{
    if (v >= 1 && v <= POOL_CAPACITY_MAX)
        return true;
    dv_error_set(err, DV_ERR_INVALID, PLF_CAPACITY, _("%s must be between %ld and %ld."),
                 _("Logical capacity (MiB)"), 1L, POOL_CAPACITY_MAX);
    return false;
}

static bool check_port(int v, struct dv_error *err)
{
    if (v >= 0 && v <= 65535)
        return true;
    dv_error_set(err, DV_ERR_INVALID, PLF_PORT, _("%s must be between %ld and %ld."), _("Port"), 1L,
                 65535L);
    return false;
}

/* Logical pool devices: absolute paths, no repeats (empty entries skipped). */
static bool check_devices(const struct pool_spec *in, char ***out, struct dv_error *err)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(g_free);

    for (int i = 0; in->devices && in->devices[i]; i++) {
        const char *d = in->devices[i];

        if (!*d)
            continue;
        for (guint j = 0; j < a->len; j++)
            if (strcmp(a->pdata[j], d) == 0) {
                dv_error_set(err, DV_ERR_INVALID, PLF_DEVICES, _("The device %s is given twice."),
                             d);
                goto fail;
            }
        if (!validate_abs_path(PLF_DEVICES, _("Devices"), d, 255, err))
            goto fail;
        g_ptr_array_add(a, g_strdup(d));
    }
    if (in->type == POOL_LOGICAL && a->len == 0) {
        dv_error_set(err, DV_ERR_INVALID, PLF_DEVICES, _("%s is required."), _("Devices"));
        goto fail;
    }
    if (in->type != POOL_LOGICAL)
        g_ptr_array_set_size(a, 0);
    g_ptr_array_set_free_func(a, NULL);
    g_ptr_array_add(a, NULL);
    *out = (char **)g_ptr_array_free(a, FALSE);
    return true;
fail:
    g_ptr_array_free(a, TRUE);
    *out = NULL;
    return false;
}

/* An id of table (a trusted name) given for a reference exists. */
static bool ref_exists(struct db *db, const char *table, int64_t id, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM %s WHERE id = ?1", table);
    int64_t n = 0;
    bool ok = db_scalar(db, sql, DB_ARGS(DB_I(id)), &n, err);

    g_free(sql);
    if (ok && n != 1) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, "%s", _("The chosen record no longer exists."));
        return false;
    }
    return ok;
}

/* The references of p exist: the bound host, the CHAP secret and (with
 * projects) every project using it.  Run again inside the transaction. */
static bool check_refs(struct db *db, const struct pool *p, const struct pool_spec *in,
                       bool projects, struct dv_error *err)
{
    if ((p->bound_host_id && !ref_exists(db, "host", p->bound_host_id, err)) ||
        (p->auth_secret_id && !ref_exists(db, "secret", p->auth_secret_id, err)))
        return false;
    for (int i = 0; projects && i < in->nprojects; i++)
        if (!ref_exists(db, "project", in->projects[i], err)) {
            dv_error_set(err, DV_ERR_NOTFOUND, NULL, "%s", _("The project no longer exists."));
            return false;
        }
    return true;
}

/* The record of in, validated (strings copied; uuid fresh). */
static bool pool_of_spec(struct db *db, const struct pool_spec *in, struct pool *p,
                         struct dv_error *err)
{
    const struct pool_type_info *t = pool_type_info(in->type);
    const char *target;

    memset(p, 0, sizeof(*p));
    if (!t) {
        dv_error_set(err, DV_ERR_INVALID, PLF_TYPE, _("%s is unknown."), _("Pool type"));
        return false;
    }
    if (!check_name(in->name, err) || !check_capacity(in->capacity_mb, err) ||
        !validate_length(PLF_DESCRIPTION, _("Description"), in->description, 0, 256, err) ||
        !check_target(db, in, err))
        return false;
    if (t->host_bound && in->bound_host_id <= 0) {
        dv_error_set(err, DV_ERR_INVALID, PLF_BOUND_HOST, _("%s is required."), _("Bound host"));
        return false;
    }
    if (!check_port(in->src_port, err) || !check_devices(in, &p->devices, err) ||
        !validate_length(PLF_VENDOR, _("Provider"), in->vendor, 0, 64, err) ||
        !validate_length(PLF_PRODUCT, _("Product name"), in->product, 0, 64, err) ||
        /* the text rule (issue 8) for the texts that go into the pool's XML */
        !validate_text(PLF_HOST, _("Server address"), in->src_host, err) ||
        !validate_text(PLF_DIR, _("Source path"), in->src_dir, err) ||
        !validate_text(PLF_DEVICE, _("Target name"), in->src_device, err) ||
        !validate_text(PLF_AUTH_USER, _("Authentication user"), in->auth_user, err)) {
        g_strfreev(p->devices);
        p->devices = NULL;
        return false;
    }
    target = in->target_path && *in->target_path ? in->target_path : t->fixed_target;
    p->uuid = g_uuid_string_random();
    p->name = g_strdup(in->name);
    p->type = in->type;
    p->capacity_mb = in->capacity_mb;
    p->description = g_strdup(in->description ? in->description : "");
    p->target_path = g_strdup(target ? target : "");
    p->bound_host_id = t->host_bound ? in->bound_host_id : 0;
    p->bound_host = g_strdup("");
    p->vendor = g_strdup(in->vendor ? in->vendor : "");
    p->product = g_strdup(in->product ? in->product : "");
#define KEEP(field, typed, used) p->field = g_strdup((used) && (typed) ? (typed) : "")
    KEEP(src_host, in->src_host, in->type == POOL_NETFS || in->type == POOL_ISCSI);
    KEEP(src_dir, in->src_dir, in->type == POOL_NETFS);
    KEEP(src_format, in->src_format, in->type == POOL_NETFS || in->type == POOL_DISK);
    KEEP(src_device, in->src_device, in->type == POOL_ISCSI || in->type == POOL_DISK);
    KEEP(auth_user, in->auth_user, in->type == POOL_ISCSI);
#undef KEEP
    p->src_port = in->src_port;
    if (in->type == POOL_ISCSI && !p->src_port && in->src_host && *in->src_host)
        p->src_port = 3260;
    if (in->type != POOL_NETFS && in->type != POOL_ISCSI)
        p->src_port = 0;
    p->auth_secret_id = in->type == POOL_ISCSI ? in->auth_secret_id : 0;
    return true;
}

/* The CHAP secret: an iscsi security object, whose usage goes into the XML. */
static bool load_secret(struct db *db, struct pool *p, struct dv_error *err)
{
    struct secret s = {0};
    bool ok;

    p->auth_secret_usage = g_strdup("");
    if (!p->auth_secret_id)
        return true;
    if (!secret_get(db, p->auth_secret_id, &s, err))
        return false;
    ok = g_strcmp0(s.usage_type, "iscsi") == 0;
    if (ok) {
        g_free(p->auth_secret_usage);
        p->auth_secret_usage = g_strdup(s.usage_id);
    } else {
        dv_error_set(err, DV_ERR_INVALID, PLF_AUTH_SECRET,
                     _("The security object of an iSCSI pool must have the usage type iscsi."));
    }
    secret_clear(&s);
    return ok;
}

static bool insert_pool(struct db *db, struct pool *p, const struct pool_spec *in,
                        struct dv_error *err)
{
    bool ok =
        db_do(db,
              "INSERT INTO pool(uuid, name, type, capacity_mb, description, target_path, "
              "bound_host_id, src_host, src_port, src_dir, src_format, src_device, "
              "auth_user, auth_secret_id, vendor, product, created_at) VALUES (?1, ?2, ?3, "
              "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
              DB_ARGS(DB_T(p->uuid), DB_T(p->name), DB_I(p->type), DB_I(p->capacity_mb),
                      DB_T(p->description), DB_T(p->target_path), DB_ID0(p->bound_host_id),
                      DB_T(p->src_host), DB_I(p->src_port), DB_T(p->src_dir), DB_T(p->src_format),
                      DB_T(p->src_device), DB_T(p->auth_user), DB_ID0(p->auth_secret_id),
                      DB_T(p->vendor), DB_T(p->product), DB_I(dv_now())),
              err);

    if (ok)
        p->id = db_last_id(db);
    for (int i = 0; ok && p->devices[i]; i++)
        ok = db_do(db, "INSERT INTO pool_device(pool_id, seq, path) VALUES (?1, ?2, ?3)",
                   DB_ARGS(DB_I(p->id), DB_I(i), DB_T(p->devices[i])), err);
    for (int i = 0; ok && i < in->nprojects; i++)
        ok = db_do(db,
                   "INSERT INTO pool_project(pool_id, project_id) SELECT ?1, ?2 WHERE NOT EXISTS "
                   "(SELECT 1 FROM pool_project WHERE pool_id = ?1 AND project_id = ?2)",
                   DB_ARGS(DB_I(p->id), DB_I(in->projects[i])), err);
    return ok;
}

/* What the add job carries from its start to its finish. */
struct adding {
    int64_t id;
    char *name;
};

static void adding_free(void *data)
{
    struct adding *a = data;

    g_free(a->name);
    g_free(a);
}

/* Step 3, on the owner's thread: the audit row once the host has the pool
 * (the host is remembered by then), else the record goes again. */
static bool add_finish(struct job *job, const struct pool_site *s, void *data, bool ok,
                       struct dv_error *err)
{
    struct adding *a = data;
    struct db *db = job_db(job);

    (void)s;
    if (ok && db_begin(db, err))
        ok = audit_commit(db, true, job_actor(job), AUDIT_ADD, N_("Add storage pool"), a->name,
                          err);
    else
        ok = false;
    if (!ok) {
        struct dv_error ignored = {0};

        db_do(db, "DELETE FROM pool WHERE id = ?1", DB_ARGS(DB_I(a->id)), &ignored);
        dv_error_clear(&ignored);
    } else {
        job_set_result_text(job, _("The storage pool was added."));
    }
    return ok;
}

struct job *pool_add_start(struct db *db, const struct dv_actor *actor, const struct pool_spec *in,
                           struct dv_error *err)
{
    struct pool p = {0};
    struct pool_site site = {0};
    struct job *job = NULL;
    int64_t host_id = 0;
    bool ok;

    /* validate, and what can be refused without a write */
    ok = audit_require_sysadm(actor, err) && pool_of_spec(db, in, &p, err) &&
         check_refs(db, &p, in, false, err) && load_secret(db, &p, err);
    if (ok && p.bound_host_id) {
        g_free(p.bound_host);
        p.bound_host = host_name(db, p.bound_host_id);
    }
    ok = ok && pool_pick_host(db, &p, &host_id, err);
    /* step 1: the checks against other records, and the record */
    if (ok && db_begin(db, err)) {
        ok = name_free(db, p.name, err) && check_refs(db, &p, in, true, err) &&
             insert_pool(db, &p, in, err);
        if (ok)
            ok = db_commit(db, err);
        else
            db_rollback(db);
    } else {
        ok = false;
    }
    /* step 2, on a worker: prove it on the host (define, build, start) */
    if (ok && pool_site_prepare(db, &p, host_id, &site, err)) {
        struct adding *a = g_new0(struct adding, 1);
        struct pool_site_job spec = {.what = N_("Add storage pool"),
                                     .object = p.name,
                                     .finish = add_finish,
                                     .data = a,
                                     .data_free = adding_free};

        a->id = p.id;
        a->name = g_strdup(p.name);
        job = pool_site_start(db, actor, &site, &spec, err);
    }
    if (ok && !job) {
        struct dv_error ignored = {0};

        db_do(db, "DELETE FROM pool WHERE id = ?1", DB_ARGS(DB_I(p.id)), &ignored);
        dv_error_clear(&ignored);
    }
    pool_clear(&p);
    return job;
}

int64_t pool_add_job_id(const struct job *job)
{
    return ((const struct adding *)pool_site_data(job))->id;
}

bool pool_add(struct db *db, const struct dv_actor *actor, const struct pool_spec *in, int64_t *id,
              struct dv_error *err)
{
    struct job *job = pool_add_start(db, actor, in, err);
    bool ok = job_run(job, err);

    if (ok && id)
        *id = pool_add_job_id(job);
    job_unref(job);
    return ok;
}

/* ---------------------------------------------------------------- modify, delete, details */

bool pool_modify(struct db *db, const struct dv_actor *actor, int64_t id, const struct pool_spec *s,
                 struct dv_error *err)
{
    struct pool p = {0};
    bool ok = audit_require_sysadm(actor, err) &&
              validate_length(PLF_DESCRIPTION, _("Description"), s->description, 0, 256, err) &&
              db_begin(db, err);

    if (ok) {
        ok = pool_get(db, id, &p, err) &&
             db_bump_version(db, "pool", id, s->version, _("The storage pool no longer exists."),
                             err) &&
             db_do(db, "UPDATE pool SET description = ?1 WHERE id = ?2",
                   DB_ARGS(DB_T(s->description ? s->description : ""), DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify storage pool description"),
                          p.name, err);
    }
    pool_clear(&p);
    return ok;
}

/* The hosts a pool is defined on: ids and names. */
struct pool_hosts {
    GArray *ids;
    GPtrArray *names;
};

static bool add_host(const struct db_row *r, void *ctx)
{
    struct pool_hosts *h = ctx;
    int64_t id = db_row_int(r, 0);

    g_array_append_val(h->ids, id);
    g_ptr_array_add(h->names, db_row_text(r, 1));
    return true;
}

/* The hosts pool_id was defined on (running ones only with running). */
static bool pool_hosts_of(struct db *db, int64_t pool_id, bool running, struct pool_hosts *h,
                          struct dv_error *err)
{
    h->ids = g_array_new(FALSE, FALSE, sizeof(int64_t));
    h->names = g_ptr_array_new_with_free_func(g_free);
    return db_query(db,
                    "SELECT h.id, h.name FROM pool_host ph JOIN host h ON h.id = ph.host_id "
                    "WHERE ph.pool_id = ?1 AND (?2 = 0 OR h.state = 1) ORDER BY h.id",
                    DB_ARGS(DB_I(pool_id), DB_I(running)), add_host, h, NULL, err);
}

static void pool_hosts_free(struct pool_hosts *h)
{
    if (h->ids)
        g_array_free(h->ids, TRUE);
    if (h->names)
        g_ptr_array_free(h->names, TRUE);
}

/* The hosts a pool job visits, prepared on the owner's thread: each
 * host's site (its URI, the pool's XML and secret), and what the worker
 * found: the warning of a delete, the live XML of the details. */
struct visit {
    struct pool_site *sites;
    int n;
    GString *warning;
    char *xml;
};

static void visit_free(void *data)
{
    struct visit *v = data;

    for (int i = 0; i < v->n; i++)
        pool_site_clear(&v->sites[i]);
    g_free(v->sites);
    g_string_free(v->warning, TRUE);
    g_free(v->xml);
    g_free(v);
}

/* The sites of p on the hosts h; a host whose site cannot be read is named
 * in the warning. */
static struct visit *visit_new(struct db *db, const struct pool *p, const struct pool_hosts *h)
{
    struct visit *v = g_new0(struct visit, 1);

    v->sites = g_new0(struct pool_site, h->ids->len);
    v->warning = g_string_new(NULL);
    for (guint i = 0; i < h->ids->len; i++) {
        struct dv_error e = {0};

        if (pool_site_prepare(db, p, g_array_index(h->ids, int64_t, i), &v->sites[v->n], &e))
            v->n++;
        else
            g_string_append_printf(v->warning, "%s%s: %s", v->warning->len ? "\n" : "",
                                   (const char *)h->names->pdata[i], e.msg);
        dv_error_clear(&e);
    }
    return v;
}

static void warning_free(void *w)
{
    g_string_free(w, TRUE);
}

/* On a worker: undefine the pool on every host; the result names the
 * unreachable hosts (the owner's warning is not touched here). */
static bool undefine_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    const struct visit *v = data;
    GString *w = g_string_new(NULL);

    (void)err;
    *result = w;
    for (int i = 0; i < v->n; i++) {
        struct dv_error e = {0};
        struct virt_conn *c;

        job_ctx_progress(ctx, (double)i / v->n, v->sites[i].host_name);
        c = hostconn_get_uri(v->sites[i].uri, &e);
        if (!c || !virt_pool_remove(c, v->sites[i].pool_uuid, &e))
            g_string_append_printf(w, "%s%s: %s", w->len ? "\n" : "", v->sites[i].host_name, e.msg);
        dv_error_clear(&e);
    }
    return true;
}

static bool undefine_finish(struct job *job, void *data, bool ok, void *result,
                            struct dv_error *err)
{
    struct visit *v = data;
    GString *w = result;

    if (ok && w && w->len)
        g_string_append_printf(v->warning, "%s%s", v->warning->len ? "\n" : "", w->str);
    if (!ok) { /* the record is gone all the same (M9.3.4): say where it may stay */
        g_string_append_printf(v->warning, "%s%s", v->warning->len ? "\n" : "", err->msg);
        dv_error_clear(err);
    }
    job_set_result_text(job, v->warning->len ? v->warning->str
                                             : _("The storage pool was undefined on its hosts."));
    return true;
}

struct job *pool_delete_start(struct db *db, const struct dv_actor *actor, int64_t id,
                              struct dv_error *err)
{
    struct pool p = {0};
    struct pool_hosts hosts = {0};
    struct job *job = NULL;
    int64_t volumes = 0;
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    /* step 1: the checks and the record, with its audit row */
    if (ok) {
        ok = pool_get(db, id, &p, err) &&
             db_scalar(db, "SELECT count(*) FROM volume WHERE pool_id = ?1", DB_ARGS(DB_I(id)),
                       &volumes, err);
        if (ok && volumes) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The storage pool still has volumes; it cannot be deleted."));
            ok = false;
        }
        ok = ok && pool_hosts_of(db, id, false, &hosts, err);
        if (ok) {
            struct visit *v = visit_new(db, &p, &hosts);
            struct job_spec spec = {.what = N_("Delete storage pool"),
                                    .object = p.name,
                                    .work = undefine_work,
                                    .finish = undefine_finish,
                                    .data = v,
                                    .data_free = visit_free,
                                    .result_free = warning_free};

            ok = db_do(db, "DELETE FROM pool WHERE id = ?1", DB_ARGS(DB_I(id)), err);
            ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete storage pool"), p.name, err);
            /* step 2, on a worker: the hosts */
            if (ok)
                job = job_start(db, actor, &spec, err);
            else
                visit_free(v);
        } else {
            db_rollback(db);
        }
    }
    pool_hosts_free(&hosts);
    pool_clear(&p);
    return job;
}

const char *pool_delete_warning(const struct job *job)
{
    const struct visit *v = job_data(job);

    return v->warning->len ? v->warning->str : NULL;
}

bool pool_delete(struct db *db, const struct dv_actor *actor, int64_t id, char **warning,
                 struct dv_error *err)
{
    struct job *job = pool_delete_start(db, actor, id, err);

    if (warning)
        *warning = NULL;
    if (!job)
        return false;
    job_wait(job);
    if (warning && pool_delete_warning(job))
        *warning = g_strdup(pool_delete_warning(job));
    job_unref(job);
    return true;
}

/* On a worker: the live XML (the result) from the first host that
 * answers. */
static bool live_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    const struct visit *v = data;
    char *xml = NULL;

    (void)ctx;
    (void)err;
    for (int i = 0; !xml && i < v->n; i++) {
        struct dv_error e = {0};
        struct virt_conn *c = pool_site_connect(&v->sites[i], &e);

        if (c)
            xml = virt_pool_xml(c, v->sites[i].pool_uuid, &e);
        dv_error_clear(&e);
    }
    *result = xml;
    return true;
}

static bool live_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct visit *v = data;

    (void)job;
    (void)err;
    v->xml = ok ? g_strdup(result) : NULL;
    return true;
}

struct job *pool_details_start(struct db *db, int64_t id, const struct dv_actor *actor,
                               struct dv_error *err)
{
    struct pool p = {0};
    struct pool_hosts hosts = {0};
    struct job *job = NULL;

    if (!pool_get(db, id, &p, err))
        return NULL;
    if (pool_hosts_of(db, id, true, &hosts, err)) {
        struct job_spec spec = {.what = N_("Storage pool details"),
                                .object = p.name,
                                .work = live_work,
                                .finish = live_finish,
                                .data = visit_new(db, &p, &hosts),
                                .data_free = visit_free,
                                .result_free = g_free};

        /* a read, not a task the user needs to find again: no task row */
        job = job_start(NULL, actor, &spec, err);
    }
    pool_hosts_free(&hosts);
    pool_clear(&p);
    return job;
}

char *pool_details_xml_of(struct db *db, int64_t id, const struct job *job, bool *live,
                          struct dv_error *err)
{
    const struct visit *v = job ? job_data(job) : NULL;
    struct pool p = {0};
    struct poolxml_spec spec;
    char *xml = NULL;

    *live = v && v->xml;
    if (*live)
        return g_strdup(v->xml);
    if (pool_get(db, id, &p, err)) {
        spec = spec_of(&p);
        xml = poolxml_build(&spec, err);
    }
    pool_clear(&p);
    return xml;
}

char *pool_details_xml(struct db *db, int64_t id, bool *live, struct dv_error *err)
{
    struct dv_actor nobody = {0};
    struct job *job = pool_details_start(db, id, &nobody, err);
    char *xml;

    if (job)
        job_wait(job);
    xml = pool_details_xml_of(db, id, job, live, err);
    job_unref(job);
    return xml;
}

/* ---------------------------------------------------------------- choices */

bool pool_host_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, state FROM host ORDER BY name", DB_NOARGS, out, err);
}

bool pool_secret_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db,
                         "SELECT id, name_en || ' (' || usage_id || ')', 0 FROM secret "
                         "WHERE usage_type = 'iscsi' ORDER BY name_en",
                         DB_NOARGS, out, err);
}

bool pool_project_choices(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db,
                         "SELECT p.id, p.name, CASE WHEN EXISTS (SELECT 1 FROM pool_project pp "
                         "WHERE pp.project_id = p.id AND pp.pool_id = ?1) THEN 1 ELSE 0 END "
                         "FROM project p ORDER BY p.name",
                         DB_ARGS(DB_I(id)), out, err);
}
