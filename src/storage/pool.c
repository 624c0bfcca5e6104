/* pool.c - storage pools: records, validation, realization on hosts */
#include "storage/pool.h"
#include "db/audit.h"
#include "virt/hostconn.h"
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

#define POOL_COLUMNS                                                                           \
    "p.id, p.uuid, p.name, p.type, p.capacity_mb, p.description, p.target_path, "             \
    "coalesce(p.bound_host_id, 0), coalesce(h.name, ''), p.src_host, p.src_port, p.src_dir, "  \
    "p.src_format, p.src_device, p.auth_user, coalesce(p.auth_secret_id, 0), "                 \
    "coalesce(s.usage_id, ''), p.vendor, p.product, p.created_at, "                            \
    "coalesce((SELECT group_concat(path, ' ') FROM (SELECT path FROM pool_device "             \
    "WHERE pool_id = p.id ORDER BY seq)), ''), "                                               \
    "coalesce((SELECT group_concat(name, ', ') FROM (SELECT pr.name FROM pool_project pp "     \
    "JOIN project pr ON pr.id = pp.project_id WHERE pp.pool_id = p.id ORDER BY pr.name)), '')"

#define POOL_FROM                                                                              \
    "pool p LEFT JOIN host h ON h.id = p.bound_host_id "                                       \
    "LEFT JOIN secret s ON s.id = p.auth_secret_id"

static void add_row(sqlite3_stmt *st, void *ctx)
{
    struct pool_page *pg = ctx;
    struct pool *p;
    char *devices;

    pg->rows = g_renew(struct pool, pg->rows, pg->n + 1);
    p = &pg->rows[pg->n++];
    p->id = sqlite3_column_int64(st, 0);
    p->uuid = db_col_text(st, 1);
    p->name = db_col_text(st, 2);
    p->type = sqlite3_column_int(st, 3);
    p->capacity_mb = sqlite3_column_int64(st, 4);
    p->description = db_col_text(st, 5);
    p->target_path = db_col_text(st, 6);
    p->bound_host_id = sqlite3_column_int64(st, 7);
    p->bound_host = db_col_text(st, 8);
    p->src_host = db_col_text(st, 9);
    p->src_port = sqlite3_column_int(st, 10);
    p->src_dir = db_col_text(st, 11);
    p->src_format = db_col_text(st, 12);
    p->src_device = db_col_text(st, 13);
    p->auth_user = db_col_text(st, 14);
    p->auth_secret_id = sqlite3_column_int64(st, 15);
    p->auth_secret_usage = db_col_text(st, 16);
    p->vendor = db_col_text(st, 17);
    p->product = db_col_text(st, 18);
    p->created_at = sqlite3_column_int64(st, 19);
    devices = db_col_text(st, 20);
    p->devices = g_strsplit_set(devices, " ", -1);
    if (!*devices) {
        g_strfreev(p->devices);
        p->devices = g_new0(char *, 1);
    }
    g_free(devices);
    p->projects = db_col_text(st, 21);
}

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
    for (int i = 0; i < pg->n; i++)
        pool_clear(&pg->rows[i]);
    g_free(pg->rows);
    memset(pg, 0, sizeof(*pg));
}

/* A day "YYYY-MM-DD" as the epoch of its midnight (end: of the next one);
 * "" stays "".  False with err naming key otherwise. */
static bool day_bound(const char *key, const char *label, const char *v, bool end, char **out,
                      struct dv_error *err)
{
    int64_t t;

    if (!v || !*v) {
        *out = g_strdup("");
        return true;
    }
    if (strlen(v) != 10 || !dv_parse_time(v, &t)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a date such as 2024-03-10."), label);
        return false;
    }
    *out = db_id_text(end ? t + 86400 : t);
    return true;
}

static bool number_bound(const char *key, const char *label, const char *v, char **out,
                         struct dv_error *err)
{
    long n;

    if (!v || !*v) {
        *out = g_strdup("");
        return true;
    }
    if (!validate_count(key, label, v, POOL_CAPACITY_MAX, &n, err))
        return false;
    *out = db_id_text(n);
    return true;
}

bool pool_list(struct db *db, const struct pool_filter *f, int64_t offset, int limit,
               struct pool_page *out, struct dv_error *err)
{
    char *like_name = db_like_pattern(f->name ? f->name : "");
    char *like_host = db_like_pattern(f->host ? f->host : "");
    char *type = g_strdup_printf("%d", f->type), *bound = g_strdup_printf("%d", f->bound);
    char *project = db_id_text(f->project_id);
    char *cmin = NULL, *cmax = NULL, *from = NULL, *to = NULL;
    bool ok = number_bound("cap_min", _("Logical capacity (MB)"), f->cap_min, &cmin, err) &&
              number_bound("cap_max", _("Logical capacity (MB)"), f->cap_max, &cmax, err) &&
              day_bound("created_from", _("Created at"), f->created_from, false, &from, err) &&
              day_bound("created_to", _("Created at"), f->created_to, true, &to, err);

    memset(out, 0, sizeof(*out));
    if (ok) {
        const char *binds[] = {f->name ? f->name : "", like_name, cmin, cmax, type, from, to,
                               bound, f->host ? f->host : "", like_host, project};

        ok = db_page(db, POOL_COLUMNS,
                     POOL_FROM " WHERE (?1 = '' OR p.name LIKE ?2 ESCAPE '\\')"
                               " AND (?3 = '' OR p.capacity_mb >= CAST(?3 AS INTEGER))"
                               " AND (?4 = '' OR p.capacity_mb <= CAST(?4 AS INTEGER))"
                               " AND (?5 = '-1' OR p.type = CAST(?5 AS INTEGER))"
                               " AND (?6 = '' OR p.created_at >= CAST(?6 AS INTEGER))"
                               " AND (?7 = '' OR p.created_at < CAST(?7 AS INTEGER))"
                               " AND (?8 = '-1' OR (p.bound_host_id IS NOT NULL) = (?8 = '1'))"
                               " AND (?9 = '' OR coalesce(h.name, '') LIKE ?10 ESCAPE '\\')"
                               " AND (?11 = '0' OR p.id IN (SELECT pool_id FROM pool_project "
                               "WHERE project_id = CAST(?11 AS INTEGER)))",
                     "p.id", binds, G_N_ELEMENTS(binds), offset, limit, &out->total, add_row,
                     out, err);
    }
    g_free(like_name);
    g_free(like_host);
    g_free(type);
    g_free(bound);
    g_free(project);
    g_free(cmin);
    g_free(cmax);
    g_free(from);
    g_free(to);
    if (!ok)
        pool_page_free(out);
    return ok;
}

bool pool_get(struct db *db, int64_t id, struct pool *out, struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    struct pool_page pg = {0};
    bool ok = db_page(db, POOL_COLUMNS, POOL_FROM " WHERE p.id = ?1", "p.id", binds, 1, 0, 1,
                      &pg.total, add_row, &pg, err);

    g_free(sid);
    if (ok && pg.n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The storage pool no longer exists."));
        ok = false;
    }
    if (!ok) {
        pool_page_free(&pg);
        return false;
    }
    *out = pg.rows[0];
    g_free(pg.rows);
    return true;
}

/* ---------------------------------------------------------------- the libvirt side */

/* The pool_spec of a record (borrowing its strings). */
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
    char *sid = db_id_text(host_id);
    const char *binds[] = {sid};
    int64_t state = 0;
    bool ok = db_int(db, "SELECT coalesce(max(state), 0) FROM host WHERE id = ?1", binds, 1,
                     &state, err);

    g_free(sid);
    return ok && state == 1;
}

/* The name of host id ("" when gone); g_free it. */
static char *host_name(struct db *db, int64_t id)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT name FROM host WHERE id = ?1", NULL);
    char *name = NULL;

    if (st) {
        db_bind_int(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            name = db_col_text(st, 0);
    }
    sqlite3_finalize(st);
    return name ? name : g_strdup("");
}

bool pool_pick_host(struct db *db, const struct pool *p, int64_t *host_id, struct dv_error *err)
{
    char *sid = db_id_text(p->id);
    const char *binds[] = {sid};
    bool ok;

    if (p->bound_host_id) {
        g_free(sid);
        if (!host_running(db, p->bound_host_id, err)) {
            dv_error_set(err, DV_ERR_DENIED, NULL, _("The bound host '%s' is not running."),
                         p->bound_host);
            return false;
        }
        *host_id = p->bound_host_id;
        return true;
    }
    *host_id = 0;
    ok = db_int(db,
                "SELECT coalesce((SELECT h.id FROM host h LEFT JOIN pool_host ph "
                "ON ph.host_id = h.id AND ph.pool_id = CAST(?1 AS INTEGER) WHERE h.state = 1 "
                "ORDER BY ph.pool_id IS NULL, h.id LIMIT 1), 0)",
                binds, 1, host_id, err);
    g_free(sid);
    if (ok && !*host_id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("No host is running to reach the pool on."));
        return false;
    }
    return ok;
}

static bool remember_host(struct db *db, int64_t pool_id, int64_t host_id, struct dv_error *err)
{
    char *p = db_id_text(pool_id), *h = db_id_text(host_id);
    const char *binds[] = {p, h};
    bool ok = db_run(db, "INSERT OR IGNORE INTO pool_host(pool_id, host_id) VALUES (?1, ?2)",
                     binds, 2, err);

    g_free(p);
    g_free(h);
    return ok;
}

/* ensure_pool on the host of c, without touching the database. */
static bool ensure_on(struct db *db, struct virt_conn *c, const struct pool *p,
                      struct dv_error *err)
{
    struct poolxml_spec spec = spec_of(p);
    const struct pool_type_info *t = pool_type_info(p->type);
    char *xml = poolxml_build(&spec, err);
    bool build = t && (p->type == POOL_DOSDIR || p->type == POOL_HOSTDIR || p->type == POOL_NETFS);
    bool ok = xml && (!p->auth_secret_id || secret_realize(db, c, p->auth_secret_id, err)) &&
              virt_pool_ensure(c, p->uuid, xml, build, err);

    g_free(xml);
    return ok;
}

bool pool_realize(struct db *db, const struct pool *p, int64_t host_id, struct dv_error *err)
{
    struct virt_conn *c = hostconn_get(db, host_id, err);

    return c && ensure_on(db, c, p, err) && remember_host(db, p->id, host_id, err);
}

/* ---------------------------------------------------------------- adding */

static bool check_name(struct db *db, const char *name, struct dv_error *err)
{
    const char *binds[] = {name};
    int64_t n = 0;

    if (!validate_account(PLF_NAME, _("Pool name"), name, err) ||
        !db_int(db, "SELECT count(*) FROM pool WHERE name = ?1", binds, 1, &n, err))
        return false;
    if (n)
        dv_error_set(err, DV_ERR_EXISTS, PLF_NAME, _("The storage pool name '%s' already exists."),
                     name);
    return n == 0;
}

/* The target path of in: absolute; a shared directory pool's below the shared
 * file system root (D8); a logical pool's last component is its name. */
static bool check_target(struct db *db, const struct pool_input *in, struct dv_error *err)
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

        root = param_get_text(db, PARAM_SHARED_ROOT);
        n = strlen(root);
        while (n > 1 && root[n - 1] == '/')
            root[--n] = '\0';
        ok = g_str_has_prefix(v, root) && v[n] == '/' && v[n + 1];
        if (!ok)
            dv_error_set(err, DV_ERR_INVALID, PLF_TARGET,
                         _("%s must lie below the shared file system root %s."), _("Target path"),
                         root);
        g_free(root);
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

static bool check_capacity(const char *v, int64_t *out, struct dv_error *err)
{
    long n;

    if (!validate_int_range(PLF_CAPACITY, _("Logical capacity (MB)"), v, 1, POOL_CAPACITY_MAX, &n,
                            err))
        return false;
    *out = n;
    return true;
}

/* An id field ("" or "0" = none) of table, which must exist when given. */
static bool check_ref(struct db *db, const char *key, const char *label, const char *v,
                      const char *table, bool required, int64_t *out, struct dv_error *err)
{
    char *end = NULL;
    long long n = v && *v ? strtoll(v, &end, 10) : 0;

    *out = 0;
    if (n <= 0 || (end && *end)) {
        if (!required && (!v || !*v || g_strcmp0(v, "0") == 0))
            return true;
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    *out = n;
    return db_ids_exist(db, table, out, 1, _("The chosen record no longer exists."), err);
}

/* Logical pool devices: absolute paths, no repeats. */
static bool parse_devices(const struct pool_input *in, char ***out, struct dv_error *err)
{
    char **v = g_strsplit_set(in->devices ? in->devices : "", " ,\t", -1);
    GPtrArray *a = g_ptr_array_new();

    for (int i = 0; v[i]; i++) {
        if (!*v[i])
            continue;
        for (guint j = 0; j < a->len; j++)
            if (strcmp(a->pdata[j], v[i]) == 0) {
                dv_error_set(err, DV_ERR_INVALID, PLF_DEVICES, _("The device %s is given twice."),
                             v[i]);
                goto fail;
            }
        if (!validate_abs_path(PLF_DEVICES, _("Devices"), v[i], 255, err))
            goto fail;
        g_ptr_array_add(a, g_strdup(v[i]));
    }
    if (in->type == POOL_LOGICAL && a->len == 0) {
        dv_error_set(err, DV_ERR_INVALID, PLF_DEVICES, _("%s is required."), _("Devices"));
        goto fail;
    }
    g_ptr_array_add(a, NULL);
    *out = (char **)g_ptr_array_free(a, FALSE);
    g_strfreev(v);
    return true;
fail:
    g_ptr_array_free(a, TRUE);
    g_strfreev(v);
    *out = NULL;
    return false;
}

static bool check_port(const char *v, int *out, struct dv_error *err)
{
    long n;

    *out = 0;
    if (!v || !*v)
        return true;
    if (!validate_int_range(PLF_PORT, _("Port"), v, 1, 65535, &n, err))
        return false;
    *out = (int)n;
    return true;
}

/* The record of in, validated (strings copied; uuid fresh). */
static bool pool_of_input(struct db *db, const struct pool_input *in, struct pool *p,
                          struct dv_error *err)
{
    const struct pool_type_info *t = pool_type_info(in->type);
    const char *target;

    memset(p, 0, sizeof(*p));
    if (!t) {
        dv_error_set(err, DV_ERR_INVALID, PLF_TYPE, _("%s is unknown."), _("Pool type"));
        return false;
    }
    if (!check_name(db, in->name, err) || !check_capacity(in->capacity_mb, &p->capacity_mb, err) ||
        !validate_length(PLF_DESCRIPTION, _("Description"), in->description, 0, 256, err) ||
        !check_target(db, in, err) ||
        !check_ref(db, PLF_BOUND_HOST, _("Bound host"), in->bound_host, "host", t->host_bound,
                   &p->bound_host_id, err) ||
        !check_port(in->src_port, &p->src_port, err) ||
        !check_ref(db, PLF_AUTH_SECRET, _("Security object"), in->auth_secret, "secret", false,
                   &p->auth_secret_id, err) ||
        !parse_devices(in, &p->devices, err) ||
        !validate_length(PLF_VENDOR, _("Provider"), in->vendor, 0, 64, err) ||
        !validate_length(PLF_PRODUCT, _("Product name"), in->product, 0, 64, err))
        return false;
    if (!t->host_bound)
        p->bound_host_id = 0;
    target = in->target_path && *in->target_path ? in->target_path : t->fixed_target;
    p->uuid = g_uuid_string_random();
    p->name = g_strdup(in->name);
    p->type = in->type;
    p->description = g_strdup(in->description ? in->description : "");
    p->target_path = g_strdup(target ? target : "");
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
    if (in->type == POOL_ISCSI && !p->src_port && in->src_host && *in->src_host)
        p->src_port = 3260;
    if (in->type != POOL_NETFS && in->type != POOL_ISCSI)
        p->src_port = 0;
    if (in->type != POOL_ISCSI)
        p->auth_secret_id = 0;
    if (in->type != POOL_LOGICAL) {
        g_strfreev(p->devices);
        p->devices = g_new0(char *, 1);
    }
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

static bool insert_pool(struct db *db, struct pool *p, const struct pool_input *in,
                        struct dv_error *err)
{
    char *type = g_strdup_printf("%d", p->type), *cap = db_id_text(p->capacity_mb);
    char *host = p->bound_host_id ? db_id_text(p->bound_host_id) : NULL;
    char *port = g_strdup_printf("%d", p->src_port), *now = db_id_text(dv_now());
    char *secret = p->auth_secret_id ? db_id_text(p->auth_secret_id) : NULL;
    const char *binds[] = {p->uuid,       p->name,      type,          cap,
                           p->description, p->target_path, host,       p->src_host,
                           port,          p->src_dir,   p->src_format, p->src_device,
                           p->auth_user,  secret,       p->vendor,     p->product,
                           now};
    bool ok = db_run(db,
                     "INSERT INTO pool(uuid, name, type, capacity_mb, description, target_path, "
                     "bound_host_id, src_host, src_port, src_dir, src_format, src_device, "
                     "auth_user, auth_secret_id, vendor, product, created_at) VALUES (?1, ?2, ?3, "
                     "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
                     binds, G_N_ELEMENTS(binds), err);

    if (ok)
        p->id = sqlite3_last_insert_rowid(db_handle(db));
    for (int i = 0; ok && p->devices[i]; i++) {
        char *pid = db_id_text(p->id), *seq = db_id_text(i);
        const char *b[] = {pid, seq, p->devices[i]};

        ok = db_run(db, "INSERT INTO pool_device(pool_id, seq, path) VALUES (?1, ?2, ?3)", b, 3,
                    err);
        g_free(pid);
        g_free(seq);
    }
    ok = ok && db_ids_exist(db, "project", in->projects, in->nprojects,
                            _("The project no longer exists."), err);
    for (int i = 0; ok && i < in->nprojects; i++) {
        char *pid = db_id_text(p->id), *prj = db_id_text(in->projects[i]);
        const char *b[] = {pid, prj};

        ok = db_run(db, "INSERT OR IGNORE INTO pool_project(pool_id, project_id) VALUES (?1, ?2)",
                    b, 2, err);
        g_free(pid);
        g_free(prj);
    }
    g_free(type);
    g_free(cap);
    g_free(host);
    g_free(port);
    g_free(now);
    g_free(secret);
    return ok;
}

bool pool_add(struct db *db, const struct dv_actor *actor, const struct pool_input *in,
              int64_t *id, struct dv_error *err)
{
    struct pool p = {0};
    struct poolxml_spec spec;
    struct virt_conn *c = NULL;
    int64_t host_id = 0;
    char *xml = NULL;
    bool ok, defined = false;

    ok = audit_require_sysadm(actor, err) && pool_of_input(db, in, &p, err) &&
         load_secret(db, &p, err);
    if (ok) {
        spec = spec_of(&p);
        ok = (xml = poolxml_build(&spec, err)) != NULL;
    }
    if (ok && p.bound_host_id) {
        g_free(p.bound_host);
        p.bound_host = host_name(db, p.bound_host_id);
    }
    ok = ok && pool_pick_host(db, &p, &host_id, err) && (c = hostconn_get(db, host_id, err)) &&
         (defined = ensure_on(db, c, &p, err));
    if (ok && db_begin(db, err)) {
        ok = insert_pool(db, &p, in, err) && remember_host(db, p.id, host_id, err);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add storage pool"), p.name, err);
    } else {
        ok = false;
    }
    if (!ok && defined) {
        struct dv_error ignored = {0};

        virt_pool_remove(c, p.uuid, &ignored);
        dv_error_clear(&ignored);
    }
    if (ok && id)
        *id = p.id;
    g_free(xml);
    pool_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- modify, delete, details */

bool pool_set_description(struct db *db, const struct dv_actor *actor, int64_t id,
                          const char *description, struct dv_error *err)
{
    struct pool p = {0};
    char *sid = db_id_text(id);
    const char *binds[] = {description ? description : "", sid};
    bool ok = audit_require_sysadm(actor, err) &&
              validate_length(PLF_DESCRIPTION, _("Description"), description, 0, 256, err) &&
              pool_get(db, id, &p, err) && db_begin(db, err);

    if (ok) {
        ok = db_run(db, "UPDATE pool SET description = ?1 WHERE id = ?2", binds, 2, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify storage pool description"),
                          p.name, err);
    }
    pool_clear(&p);
    g_free(sid);
    return ok;
}

/* Undefine p on every host it was defined on; unreachable hosts are added
 * to the warning. */
static void undefine_everywhere(struct db *db, const struct pool *p, GString *warning)
{
    char *sid = db_id_text(p->id);
    sqlite3_stmt *st =
        db_prepare(db, "SELECT h.id, h.name FROM pool_host ph JOIN host h ON h.id = ph.host_id "
                       "WHERE ph.pool_id = ?1 ORDER BY h.id",
                   NULL);

    if (st)
        db_bind_text(st, 1, sid);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        struct dv_error e = {0};
        struct virt_conn *c = hostconn_get(db, sqlite3_column_int64(st, 0), &e);

        if (!c || !virt_pool_remove(c, p->uuid, &e))
            g_string_append_printf(warning, "%s%s: %s", warning->len ? "\n" : "",
                                   (const char *)sqlite3_column_text(st, 1), e.msg);
        dv_error_clear(&e);
    }
    sqlite3_finalize(st);
    g_free(sid);
}

bool pool_delete(struct db *db, const struct dv_actor *actor, int64_t id, char **warning,
                 struct dv_error *err)
{
    struct pool p = {0};
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    int64_t volumes = 0;
    GString *w = g_string_new(NULL);
    bool ok = audit_require_sysadm(actor, err) && pool_get(db, id, &p, err) &&
              db_int(db, "SELECT count(*) FROM volume WHERE pool_id = ?1", binds, 1, &volumes,
                     err);

    if (ok && volumes) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("The storage pool still has volumes; it cannot be deleted."));
        ok = false;
    }
    if (ok)
        undefine_everywhere(db, &p, w);
    if (ok && db_begin(db, err)) {
        ok = db_run(db, "DELETE FROM pool WHERE id = ?1", binds, 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete storage pool"), p.name, err);
    } else {
        ok = false;
    }
    if (warning)
        *warning = ok && w->len ? g_strdup(w->str) : NULL;
    g_string_free(w, TRUE);
    pool_clear(&p);
    g_free(sid);
    return ok;
}

char *pool_details_xml(struct db *db, int64_t id, bool *live, struct dv_error *err)
{
    struct pool p = {0};
    struct poolxml_spec spec;
    char *sid, *xml = NULL;
    sqlite3_stmt *st;

    *live = false;
    if (!pool_get(db, id, &p, err))
        return NULL;
    sid = db_id_text(id);
    st = db_prepare(db,
                    "SELECT h.id FROM pool_host ph JOIN host h ON h.id = ph.host_id "
                    "WHERE ph.pool_id = ?1 AND h.state = 1 ORDER BY h.id",
                    NULL);
    if (st)
        db_bind_text(st, 1, sid);
    while (!xml && st && sqlite3_step(st) == SQLITE_ROW) {
        struct dv_error e = {0};
        struct virt_conn *c = hostconn_get(db, sqlite3_column_int64(st, 0), &e);

        if (c && ensure_on(db, c, &p, &e))
            xml = virt_pool_xml(c, p.uuid, &e);
        dv_error_clear(&e);
    }
    sqlite3_finalize(st);
    g_free(sid);
    *live = xml != NULL;
    if (!xml) {
        spec = spec_of(&p);
        xml = poolxml_build(&spec, err);
    }
    pool_clear(&p);
    return xml;
}

/* ---------------------------------------------------------------- choices */

bool pool_host_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_query(db, "SELECT id, name, state FROM host ORDER BY name", NULL, 0, out, err);
}

bool pool_secret_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_query(db,
                        "SELECT id, name_en || ' (' || usage_id || ')', 0 FROM secret "
                        "WHERE usage_type = 'iscsi' ORDER BY name_en",
                        NULL, 0, out, err);
}

bool pool_project_choices(struct db *db, int64_t id, struct choice_list *out,
                          struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = choice_query(db,
                           "SELECT p.id, p.name, EXISTS (SELECT 1 FROM pool_project pp WHERE "
                           "pp.project_id = p.id AND pp.pool_id = CAST(?1 AS INTEGER)) "
                           "FROM project p ORDER BY p.name",
                           binds, 1, out, err);

    g_free(sid);
    return ok;
}
