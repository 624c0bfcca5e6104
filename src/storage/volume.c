/* volume.c - storage volumes and incremental snapshots */
#include "storage/volume.h"
#include "db/audit.h"
#include "virt/hostconn.h"
#include "storage/pool.h"
#include "projects/project.h"
#include "base/util.h"
#include "base/validate.h"
#include "virt/virtstore.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const volume_units[] = {"GB", "B",  "KB", "K",  "KiB", "MB", "M",  "MiB",
                                    "G",  "GiB", "TB", "T",  "TiB", "PB", "P",  "PiB",
                                    "EB", "E",  "EiB", NULL};

/* What may use a volume: instance disks arrive with chapter 11, which adds
 * its query here (?1 = the volume's id). */
static const char *const in_use_sql[] = {NULL};

/* ---------------------------------------------------------------- reading */

#define VOLUME_COLUMNS                                                                         \
    "v.id, v.pool_id, v.name_en, v.name_zh, v.description, v.remark, v.format, v.capacity, "  \
    "v.allocation, v.path, v.present, coalesce(v.parent_id, 0), coalesce(b.name_en, ''), "     \
    "coalesce(v.project_id, 0), v.created_at, "                                                \
    "(SELECT count(*) FROM volume c WHERE c.parent_id = v.id), ''"

#define VOLUME_FROM "volume v LEFT JOIN volume b ON b.id = v.parent_id"

static void add_row(sqlite3_stmt *st, void *ctx)
{
    struct volume_page *pg = ctx;
    struct volume *v;

    pg->rows = g_renew(struct volume, pg->rows, pg->n + 1);
    v = &pg->rows[pg->n++];
    v->id = sqlite3_column_int64(st, 0);
    v->pool_id = sqlite3_column_int64(st, 1);
    v->name_en = db_col_text(st, 2);
    v->name_zh = db_col_text(st, 3);
    v->description = db_col_text(st, 4);
    v->remark = db_col_text(st, 5);
    v->format = db_col_text(st, 6);
    v->capacity = sqlite3_column_int64(st, 7);
    v->allocation = sqlite3_column_int64(st, 8);
    v->path = db_col_text(st, 9);
    v->present = sqlite3_column_int(st, 10);
    v->parent_id = sqlite3_column_int64(st, 11);
    v->parent_name = db_col_text(st, 12);
    v->project_id = sqlite3_column_int64(st, 13);
    v->created_at = sqlite3_column_int64(st, 14);
    v->children = sqlite3_column_int(st, 15);
    v->instances = db_col_text(st, 16);
}

void volume_clear(struct volume *v)
{
    g_free(v->name_en);
    g_free(v->name_zh);
    g_free(v->description);
    g_free(v->remark);
    g_free(v->format);
    g_free(v->path);
    g_free(v->parent_name);
    g_free(v->instances);
    memset(v, 0, sizeof(*v));
}

void volume_page_free(struct volume_page *p)
{
    for (int i = 0; i < p->n; i++)
        volume_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

bool volume_list(struct db *db, int64_t pool_id, int64_t parent_id, int64_t offset, int limit,
                 struct volume_page *out, struct dv_error *err)
{
    char *pool = db_id_text(pool_id), *parent = db_id_text(parent_id);
    const char *binds[] = {pool, parent};
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_page(db, VOLUME_COLUMNS,
                 VOLUME_FROM " WHERE v.pool_id = CAST(?1 AS INTEGER) AND "
                             "(?2 = '0' OR v.parent_id = CAST(?2 AS INTEGER))",
                 "v.id", binds, 2, offset, limit, &out->total, add_row, out, err);
    g_free(pool);
    g_free(parent);
    if (!ok)
        volume_page_free(out);
    return ok;
}

bool volume_get(struct db *db, int64_t id, struct volume *out, struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    struct volume_page pg = {0};
    bool ok = db_page(db, VOLUME_COLUMNS, VOLUME_FROM " WHERE v.id = ?1", "v.id", binds, 1, 0, 1,
                      &pg.total, add_row, &pg, err);

    g_free(sid);
    if (ok && pg.n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The volume no longer exists."));
        ok = false;
    }
    if (!ok) {
        volume_page_free(&pg);
        return false;
    }
    *out = pg.rows[0];
    g_free(pg.rows);
    return true;
}

/* ---------------------------------------------------------------- rights and limits */

/* The project whose quota an operation of actor counts against: the one a
 * project admin manages (active), 0 for the sysadm. */
static bool actor_project(struct db *db, const struct dv_actor *actor, int64_t *project,
                          struct dv_error *err)
{
    struct project p = {0};

    *project = 0;
    if (actor->sysadm)
        return true;
    if (!project_of_admin(db, actor->user_id, &p, err))
        return false;
    *project = p.id;
    project_clear(&p);
    return true;
}

bool volume_may_use_pool(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                         struct dv_error *err)
{
    int64_t project, n = 0;
    char *pool, *prj;
    bool ok;

    if (!actor_project(db, actor, &project, err))
        return false;
    if (!project)
        return true;
    pool = db_id_text(pool_id);
    prj = db_id_text(project);
    {
        const char *binds[] = {pool, prj};

        ok = db_int(db, "SELECT count(*) FROM pool_project WHERE pool_id = ?1 AND project_id = ?2",
                    binds, 2, &n, err);
    }
    g_free(pool);
    g_free(prj);
    if (ok && !n)
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The storage pool is not assigned to your project."));
    return ok && n;
}

/* The pool of a volume operation, which actor may use; with files true only
 * a file pool (the M9.2 matrix). */
static bool open_pool(struct db *db, const struct dv_actor *actor, int64_t pool_id, bool files,
                      struct pool *p, struct dv_error *err)
{
    if (!pool_get(db, pool_id, p, err))
        return false;
    if (!volume_may_use_pool(db, actor, pool_id, err)) {
        pool_clear(p);
        return false;
    }
    if (files && !pool_type_info(p->type)->files) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("This pool type does not support this operation."));
        pool_clear(p);
        return false;
    }
    return true;
}

/* The pool's logical capacity holds every record's capacity (P1/OP-34) with
 * `less` bytes taken out and `more` added. */
static bool check_pool_capacity(struct db *db, const struct pool *p, int64_t less, int64_t more,
                                struct dv_error *err)
{
    char *sid = db_id_text(p->id);
    const char *binds[] = {sid};
    int64_t used = 0;
    bool ok = db_int(db, "SELECT coalesce(sum(capacity), 0) FROM volume WHERE pool_id = ?1", binds,
                     1, &used, err);

    g_free(sid);
    if (ok && used - less + more > p->capacity_mb * VOLUME_MB) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("This exceeds the storage pool's logical capacity (%lld MB; %lld MB are "
                       "taken)."),
                     (long long)p->capacity_mb, (long long)(used / VOLUME_MB));
        return false;
    }
    return ok;
}

/* The disk quota (MB, over the capacities of the project's volumes) and,
 * with snapshot, the snapshot count quota of project (0: none). */
static bool check_quota(struct db *db, int64_t project, int64_t less, int64_t more, bool snapshot,
                        struct dv_error *err)
{
    struct project_usage u;
    char *sid;
    int64_t bytes = 0;
    bool ok;

    if (!project)
        return true;
    sid = db_id_text(project);
    ok = project_usage(db, project, &u, err) &&
         db_int(db, "SELECT coalesce(sum(capacity), 0) FROM volume WHERE project_id = ?1",
                (const char *[]){sid}, 1, &bytes, err);
    g_free(sid);
    if (!ok)
        return false;
    if (bytes - less + more > u.max[QUOTA_DISK_MB] * VOLUME_MB) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("This exceeds the project's disk capacity quota (%lld MB; %lld MB are "
                       "used)."),
                     (long long)u.max[QUOTA_DISK_MB], (long long)u.used[QUOTA_DISK_MB]);
        return false;
    }
    if (snapshot && u.used[QUOTA_SNAPSHOTS] + 1 > u.max[QUOTA_SNAPSHOTS]) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("This exceeds the project's disk snapshot quota (%lld)."),
                     (long long)u.max[QUOTA_SNAPSHOTS]);
        return false;
    }
    return true;
}

/* The English name: a file name, unique in the pool. */
static bool check_name_en(struct db *db, int64_t pool_id, const char *name, struct dv_error *err)
{
    char *sid = db_id_text(pool_id);
    const char *binds[] = {sid, name};
    int64_t n = 0;
    bool ok = validate_account(VLF_NAME, _("English name"), name, err) &&
              db_int(db, "SELECT count(*) FROM volume WHERE pool_id = ?1 AND name_en = ?2", binds,
                     2, &n, err);

    g_free(sid);
    if (ok && n)
        dv_error_set(err, DV_ERR_EXISTS, VLF_NAME,
                     _("The pool already has a volume named '%s'."), name);
    return ok && !n;
}

static bool check_name_zh(const char *name, struct dv_error *err)
{
    return validate_required(VLF_NAME_ZH, _("Chinese name"), name, err) &&
           validate_length(VLF_NAME_ZH, _("Chinese name"), name, 1, 64, err);
}

/* The connection to the host the pool's operations run on, the pool ensured
 * there (borrowed). */
static struct virt_conn *pool_conn(struct db *db, const struct pool *p, struct dv_error *err)
{
    int64_t host = 0;

    if (!pool_pick_host(db, p, &host, err) || !pool_realize(db, p, host, err))
        return NULL;
    return hostconn_get(db, host, err);
}

/* ---------------------------------------------------------------- create */

static const struct {
    const char *unit;
    int64_t factor;
} unit_factors[] = {
    {"B", 1},
    {"KB", 1000LL},
    {"K", 1LL << 10},
    {"KiB", 1LL << 10},
    {"MB", 1000LL * 1000},
    {"M", 1LL << 20},
    {"MiB", 1LL << 20},
    {"GB", 1000LL * 1000 * 1000},
    {"G", 1LL << 30},
    {"GiB", 1LL << 30},
    {"TB", 1000LL * 1000 * 1000 * 1000},
    {"T", 1LL << 40},
    {"TiB", 1LL << 40},
    {"PB", 1000LL * 1000 * 1000 * 1000 * 1000},
    {"P", 1LL << 50},
    {"PiB", 1LL << 50},
    {"EB", 1000LL * 1000 * 1000 * 1000 * 1000 * 1000},
    {"E", 1LL << 60},
    {"EiB", 1LL << 60},
};

bool volume_bytes(const char *value, const char *unit, int64_t *bytes, struct dv_error *err)
{
    char *end = NULL;
    double v;

    for (size_t i = 0; i < G_N_ELEMENTS(unit_factors); i++) {
        if (g_strcmp0(unit, unit_factors[i].unit) != 0)
            continue;
        errno = 0;
        v = value && *value ? g_ascii_strtod(value, &end) : 0;
        if (!value || !*value || *end || errno || !(v > 0) || !isfinite(v)) {
            dv_error_set(err, DV_ERR_INVALID, VLF_CAPACITY, _("%s must be a number above 0."),
                         _("Logical capacity"));
            return false;
        }
        if (v * (double)unit_factors[i].factor >= 9.0e18) {
            dv_error_set(err, DV_ERR_INVALID, VLF_CAPACITY, _("%s is too large."),
                         _("Logical capacity"));
            return false;
        }
        *bytes = (int64_t)(v * (double)unit_factors[i].factor + 0.5);
        if (*bytes <= 0) {
            dv_error_set(err, DV_ERR_INVALID, VLF_CAPACITY, _("%s must be a number above 0."),
                         _("Logical capacity"));
            return false;
        }
        return true;
    }
    dv_error_set(err, DV_ERR_INVALID, VLF_UNIT, _("%s is unknown."), _("Unit"));
    return false;
}

/* A uid or gid field: empty, or a whole number. */
static bool id_field(const char *key, const char *label, const char *v, long long *out, bool *has,
                     struct dv_error *err)
{
    long n = 0;

    *has = v && *v;
    if (*has && !validate_count(key, label, v, 4294967294L, &n, err))
        return false;
    *out = n;
    return true;
}

/* Insert the record of what the host made. */
static bool insert_volume(struct db *db, int64_t pool_id, const char *name_zh,
                          const struct virt_vol *made, int64_t parent, int64_t project,
                          int64_t *id, struct dv_error *err)
{
    char *pool = db_id_text(pool_id), *cap = db_id_text(made->capacity);
    char *alloc = db_id_text(made->allocation), *now = db_id_text(dv_now());
    char *par = parent ? db_id_text(parent) : NULL, *prj = project ? db_id_text(project) : NULL;
    const char *binds[] = {pool, made->name, name_zh, made->format, cap, alloc, made->path, par,
                           prj, now};
    bool ok = db_run(db,
                     "INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, allocation, "
                     "path, parent_id, project_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                     "?7, ?8, ?9, ?10)",
                     binds, G_N_ELEMENTS(binds), err);

    if (ok && id)
        *id = sqlite3_last_insert_rowid(db_handle(db));
    g_free(pool);
    g_free(cap);
    g_free(alloc);
    g_free(now);
    g_free(par);
    g_free(prj);
    return ok;
}

/* Record a volume the host just made; on a database failure remove it from
 * the host again, so that nothing is left half done. */
static bool record_made(struct db *db, const struct dv_actor *actor, struct virt_conn *c,
                        int64_t pool_id, const char *name_zh, struct virt_vol *made,
                        int64_t parent, int64_t project, const char *action, int64_t *id,
                        struct dv_error *err)
{
    bool ok = db_begin(db, err);

    if (ok) {
        if (!made->format || !*made->format) {
            g_free(made->format);
            made->format = g_strdup("raw");
        }
        ok = insert_volume(db, pool_id, name_zh, made, parent, project, id, err);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, action, made->name, err);
    }
    if (!ok) {
        struct dv_error ignored = {0};

        virt_vol_delete(c, made->path, &ignored);
        dv_error_clear(&ignored);
    }
    return ok;
}

bool volume_create(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                   const struct volume_input *in, int64_t *id, struct dv_error *err)
{
    struct pool p = {0};
    struct volxml_spec spec = {0};
    struct virt_vol made = {0};
    struct virt_conn *c = NULL;
    int64_t project = 0, bytes = 0;
    char *xml = NULL;
    bool ok = actor_project(db, actor, &project, err) && open_pool(db, actor, pool_id, true, &p, err);

    if (!ok)
        return false;
    spec.name = in->name_en;
    spec.format = in->format;
    spec.mode = in->mode;
    spec.label = in->label;
    spec.compat = in->compat;
    spec.lazy_refcounts = g_strcmp0(in->lazy_refcounts, "1") == 0;
    ok = check_name_zh(in->name_zh, err) && check_name_en(db, pool_id, in->name_en, err) &&
         volume_bytes(in->capacity, in->unit, &bytes, err) &&
         id_field(VLF_OWNER, _("Owner"), in->owner, &spec.owner, &spec.has_owner, err) &&
         id_field(VLF_GROUP, _("Group"), in->group, &spec.group, &spec.has_group, err) &&
         validate_length(VLF_LABEL, _("Label"), in->label, 0, 128, err);
    spec.capacity = bytes;
    ok = ok && (xml = volxml_build(&spec, err)) && check_pool_capacity(db, &p, 0, bytes, err) &&
         check_quota(db, project, 0, bytes, false, err) && (c = pool_conn(db, &p, err)) &&
         virt_vol_create(c, p.uuid, xml, NULL, &made, err) &&
         record_made(db, actor, c, pool_id, in->name_zh, &made, 0, project, N_("Create volume"),
                     id, err);
    virt_vol_clear(&made);
    g_free(xml);
    pool_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- extend, modify */

/* Load volume id and its pool for an operation of actor. */
static bool open_volume(struct db *db, const struct dv_actor *actor, int64_t id, bool files,
                        struct volume *v, struct pool *p, struct dv_error *err)
{
    if (!volume_get(db, id, v, err))
        return false;
    if (!open_pool(db, actor, v->pool_id, files, p, err)) {
        volume_clear(v);
        return false;
    }
    return true;
}

static bool update_size(struct db *db, int64_t id, const struct virt_vol *now,
                        struct dv_error *err)
{
    char *sid = db_id_text(id), *cap = db_id_text(now->capacity);
    char *alloc = db_id_text(now->allocation);
    const char *binds[] = {cap, alloc, sid};
    bool ok = db_run(db, "UPDATE volume SET capacity = ?1, allocation = ?2 WHERE id = ?3", binds,
                     3, err);

    g_free(sid);
    g_free(cap);
    g_free(alloc);
    return ok;
}

static bool require_present(const struct volume *v, struct dv_error *err)
{
    if (v->present)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL,
                 _("The volume '%s' no longer exists on the host (不存在)."), v->name_en);
    return false;
}

bool volume_extend(struct db *db, const struct dv_actor *actor, int64_t id, const char *mb,
                   struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    struct virt_vol now = {0};
    struct virt_conn *c = NULL;
    long add = 0;
    bool ok;

    if (!validate_int_range(VLF_EXTEND, _("Size to add (MB)"), mb, 0, 1000000000L, &add, err))
        return false;
    if (add <= VOLUME_EXTEND_MIN_MB) {
        dv_error_set(err, DV_ERR_INVALID, VLF_EXTEND,
                     _("The extension must be greater than %d MB; a volume cannot shrink."),
                     VOLUME_EXTEND_MIN_MB);
        return false;
    }
    if (!open_volume(db, actor, id, true, &v, &p, err))
        return false;
    ok = require_present(&v, err) &&
         check_pool_capacity(db, &p, 0, add * VOLUME_MB, err) &&
         check_quota(db, v.project_id, 0, add * VOLUME_MB, false, err) &&
         (c = pool_conn(db, &p, err)) &&
         virt_vol_resize(c, v.path, v.capacity + add * VOLUME_MB, &now, err) && db_begin(db, err);
    if (ok) {
        ok = update_size(db, id, &now, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Extend volume"), v.name_en, err);
    }
    virt_vol_clear(&now);
    volume_clear(&v);
    pool_clear(&p);
    return ok;
}

/* Set the Chinese name and one text column (description or remark, at most
 * 256 characters) of volume id: a record-only change with its log row.
 * only_snapshot refuses a volume that is no incremental snapshot. */
static bool update_texts(struct db *db, const struct dv_actor *actor, int64_t id,
                         const char *name_zh, const char *key, const char *label,
                         const char *text, bool only_snapshot, const char *action,
                         struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    char *sid = db_id_text(id);
    char *sql = g_strdup_printf("UPDATE volume SET name_zh = ?1, %s = ?2 WHERE id = ?3", key);
    const char *binds[] = {name_zh, text ? text : "", sid};
    bool ok = check_name_zh(name_zh, err) && validate_length(key, label, text, 0, 256, err) &&
              open_volume(db, actor, id, false, &v, &p, err);

    if (ok && only_snapshot && !v.parent_id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("'%s' is not an incremental snapshot."),
                     v.name_en);
        ok = false;
    }
    if (ok && db_begin(db, err)) {
        ok = db_run(db, sql, binds, 3, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, action, v.name_en, err);
    } else {
        ok = false;
    }
    volume_clear(&v);
    pool_clear(&p);
    g_free(sql);
    g_free(sid);
    return ok;
}

bool volume_modify(struct db *db, const struct dv_actor *actor, int64_t id, const char *name_zh,
                   const char *description, struct dv_error *err)
{
    return update_texts(db, actor, id, name_zh, VLF_DESCRIPTION, _("Description"), description,
                        false, N_("Modify volume"), err);
}

bool volume_remark(struct db *db, const struct dv_actor *actor, int64_t id, const char *name_zh,
                   const char *remark, struct dv_error *err)
{
    return update_texts(db, actor, id, name_zh, VLF_REMARK, _("Remark"), remark, true,
                        N_("Remark incremental snapshot"), err);
}

/* ---------------------------------------------------------------- delete */

static bool check_unused(struct db *db, const struct volume *v, struct dv_error *err)
{
    char *sid = db_id_text(v->id);
    const char *binds[] = {sid};
    bool ok = true;

    if (v->children) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("Incremental snapshots are built on '%s'; delete them first."), v->name_en);
        ok = false;
    }
    for (int i = 0; ok && in_use_sql[i]; i++) {
        int64_t n = 0;

        ok = db_int(db, in_use_sql[i], binds, 1, &n, err);
        if (ok && n) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The volume is used by a VM instance; it cannot be deleted."));
            ok = false;
        }
    }
    g_free(sid);
    return ok;
}

bool volume_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                   struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    struct virt_conn *c = NULL;
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = open_volume(db, actor, id, false, &v, &p, err) && check_unused(db, &v, err);

    /* a file pool's file goes with its record; other types keep their LUN,
     * partition or LV (M9.4.6), and a missing volume has nothing left */
    if (ok && v.present && pool_type_info(p.type)->files)
        ok = (c = pool_conn(db, &p, err)) && virt_vol_delete(c, v.path, err);
    if (ok && db_begin(db, err)) {
        ok = db_run(db, "DELETE FROM volume WHERE id = ?1", binds, 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE,
                          v.parent_id ? N_("Delete incremental snapshot") : N_("Delete volume"),
                          v.name_en, err);
    } else {
        ok = false;
    }
    volume_clear(&v);
    pool_clear(&p);
    g_free(sid);
    return ok;
}

/* ---------------------------------------------------------------- refresh */

/* The record of pool_id at path or named name, 0 when none. */
static int64_t record_of(struct db *db, const char *pool, const struct virt_vol *hv,
                         struct dv_error *err)
{
    const char *binds[] = {pool, hv->path, hv->name};
    int64_t id = 0;

    if (!db_int(db,
                "SELECT coalesce((SELECT id FROM volume WHERE pool_id = ?1 AND "
                "(path = ?2 OR name_en = ?3) ORDER BY path = ?2 DESC LIMIT 1), 0)",
                binds, 3, &id, err))
        return -1;
    return id;
}

/* Bring the records of p in line with what the host lists. */
static bool apply_refresh(struct db *db, const struct pool *p, const struct virt_vol *hv, int n,
                          struct volume_refresh *sum, struct dv_error *err)
{
    char *pool = db_id_text(p->id);
    bool ok = db_run(db, "CREATE TEMP TABLE IF NOT EXISTS seen_volume(id INTEGER PRIMARY KEY)",
                     NULL, 0, err) &&
              db_run(db, "DELETE FROM temp.seen_volume", NULL, 0, err);

    for (int i = 0; ok && i < n; i++) {
        int64_t id = record_of(db, pool, &hv[i], err);
        char *sid = db_id_text(id), *cap = db_id_text(hv[i].capacity);
        char *alloc = db_id_text(hv[i].allocation);
        const char *fmt = hv[i].format && *hv[i].format ? hv[i].format : "raw";

        if (id < 0) {
            ok = false;
        } else if (id > 0) {
            const char *b[] = {fmt, cap, alloc, hv[i].path, sid};

            ok = db_run(db,
                        "UPDATE volume SET format = ?1, capacity = ?2, allocation = ?3, "
                        "path = ?4, present = 1 WHERE id = ?5",
                        b, 5, err) &&
                 db_run(db, "INSERT OR IGNORE INTO temp.seen_volume(id) VALUES (?1)",
                        (const char *[]){sid}, 1, err);
            sum->updated++;
        } else {
            char *zh = g_strdup_printf("%s-%s", hv[i].name, p->uuid);
            struct virt_vol row = hv[i];
            int64_t nid = 0;

            row.format = (char *)fmt;
            ok = insert_volume(db, p->id, zh, &row, 0, 0, &nid, err);
            g_free(sid);
            sid = db_id_text(nid);
            ok = ok && db_run(db, "INSERT OR IGNORE INTO temp.seen_volume(id) VALUES (?1)",
                              (const char *[]){sid}, 1, err);
            sum->added++;
            g_free(zh);
        }
        g_free(sid);
        g_free(cap);
        g_free(alloc);
    }
    if (ok) {
        const char *b[] = {pool};
        int64_t missing = 0;

        ok = db_int(db,
                    "SELECT count(*) FROM volume WHERE pool_id = ?1 AND present = 1 AND "
                    "id NOT IN (SELECT id FROM temp.seen_volume)",
                    b, 1, &missing, err) &&
             db_run(db,
                    "UPDATE volume SET present = 0 WHERE pool_id = ?1 AND "
                    "id NOT IN (SELECT id FROM temp.seen_volume)",
                    b, 1, err);
        sum->missing = (int)missing;
    }
    g_free(pool);
    return ok;
}

bool volume_refresh(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                    struct volume_refresh *sum, struct dv_error *err)
{
    struct pool p = {0};
    struct virt_vol *hv = NULL;
    struct virt_conn *c;
    int n = 0;
    bool ok;

    memset(sum, 0, sizeof(*sum));
    if (!open_pool(db, actor, pool_id, false, &p, err))
        return false;
    ok = (c = pool_conn(db, &p, err)) && virt_pool_volumes(c, p.uuid, &hv, &n, err) &&
         db_begin(db, err);
    if (ok) {
        ok = apply_refresh(db, &p, hv, n, sum, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Refresh storage pool"), p.name, err);
    }
    if (!ok)
        memset(sum, 0, sizeof(*sum));
    virt_vols_free(hv, n);
    pool_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- snapshots */

bool volume_snapshot(struct db *db, const struct dv_actor *actor, int64_t base_id,
                     const char *name_zh, const char *name_en, int64_t *id,
                     struct dv_error *err)
{
    struct volume base = {0};
    struct pool p = {0};
    struct virt_vol made = {0};
    struct virt_conn *c = NULL;
    struct volxml_spec spec = {0};
    int64_t project = 0;
    char *xml = NULL;
    bool ok = actor_project(db, actor, &project, err) &&
              open_volume(db, actor, base_id, true, &base, &p, err);

    if (!ok)
        return false;
    spec.name = name_en;
    spec.capacity = base.capacity;
    spec.format = "qcow2";
    spec.backing_path = base.path;
    spec.backing_format = base.format;
    ok = require_present(&base, err) && check_name_zh(name_zh, err) &&
         check_name_en(db, p.id, name_en, err) && (xml = volxml_build(&spec, err)) &&
         check_pool_capacity(db, &p, 0, base.capacity, err) &&
         check_quota(db, project, 0, base.capacity, true, err) && (c = pool_conn(db, &p, err)) &&
         virt_vol_create(c, p.uuid, xml, NULL, &made, err) &&
         record_made(db, actor, c, p.id, name_zh, &made, base.id, project,
                     N_("Create incremental snapshot"), id, err);
    virt_vol_clear(&made);
    g_free(xml);
    volume_clear(&base);
    pool_clear(&p);
    return ok;
}

struct volume_merge {
    struct virt_conn *conn;
    int64_t pool_id;
    int64_t project;
    char *pool_uuid;
    char *xml;
    char *source_path;
    char *target_path; /* where the new file will be: pool target / name */
    char *name_en;
    int64_t expected; /* bytes the copy is expected to write */
    GThread *thread;
    gint done;
    struct virt_vol made;
    struct dv_error err;
    bool ok;
};

static gpointer merge_thread(gpointer data)
{
    struct volume_merge *m = data;

    virt_init();
    m->ok = virt_vol_create(m->conn, m->pool_uuid, m->xml, m->source_path, &m->made, &m->err);
    g_atomic_int_set(&m->done, 1);
    return NULL;
}

/* The bytes allocated along the backing chain of v: what flattening copies. */
static int64_t chain_allocation(struct db *db, const struct volume *v)
{
    char *sid = db_id_text(v->id);
    const char *binds[] = {sid};
    int64_t n = 0;

    db_int(db,
           "WITH RECURSIVE chain(id, parent) AS (SELECT id, parent_id FROM volume WHERE id = ?1 "
           "UNION ALL SELECT v.id, v.parent_id FROM volume v JOIN chain c ON v.id = c.parent) "
           "SELECT coalesce(sum(v.allocation), 0) FROM volume v JOIN chain c ON c.id = v.id",
           binds, 1, &n, NULL);
    g_free(sid);
    return n;
}

struct volume_merge *volume_merge_start(struct db *db, const struct dv_actor *actor,
                                        int64_t snapshot_id, const char *name_en,
                                        struct dv_error *err)
{
    struct volume s = {0};
    struct pool p = {0};
    struct volxml_spec spec = {0};
    struct volume_merge *m = NULL;
    struct virt_conn *c = NULL;
    int64_t project = 0;
    char *xml = NULL;
    bool ok = actor_project(db, actor, &project, err) &&
              open_volume(db, actor, snapshot_id, true, &s, &p, err);

    if (!ok)
        return NULL;
    if (!s.parent_id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, _("'%s' is not an incremental snapshot."),
                     s.name_en);
        ok = false;
    }
    spec.name = name_en;
    spec.capacity = s.capacity;
    spec.format = "qcow2";
    ok = ok && require_present(&s, err) && check_name_en(db, p.id, name_en, err) &&
         (xml = volxml_build(&spec, err)) && check_pool_capacity(db, &p, 0, s.capacity, err) &&
         check_quota(db, project, 0, s.capacity, false, err) && (c = pool_conn(db, &p, err));
    if (ok) {
        m = g_new0(struct volume_merge, 1);
        m->conn = c;
        m->pool_id = p.id;
        m->project = project;
        m->pool_uuid = g_strdup(p.uuid);
        m->xml = xml;
        xml = NULL;
        m->source_path = g_strdup(s.path);
        m->target_path = g_build_filename(p.target_path, name_en, NULL);
        m->name_en = g_strdup(name_en);
        m->expected = chain_allocation(db, &s);
        m->thread = g_thread_new("volume-merge", merge_thread, m);
    }
    g_free(xml);
    volume_clear(&s);
    pool_clear(&p);
    return m;
}

bool volume_merge_poll(struct volume_merge *m, double *fraction)
{
    struct virt_vol now = {0};
    struct dv_error ignored = {0};

    if (g_atomic_int_get(&m->done)) {
        *fraction = 1;
        return true;
    }
    *fraction = -1;
    if (m->expected > 0 && virt_vol_get(m->conn, m->target_path, &now, &ignored))
        *fraction = MIN(0.99, (double)now.allocation / (double)m->expected);
    virt_vol_clear(&now);
    dv_error_clear(&ignored);
    return false;
}

bool volume_merge_finish(struct db *db, const struct dv_actor *actor, struct volume_merge *m,
                         int64_t *id, struct dv_error *err)
{
    bool ok;

    g_thread_join(m->thread);
    ok = m->ok;
    if (!ok) {
        *err = m->err;
        memset(&m->err, 0, sizeof(m->err));
    } else {
        ok = record_made(db, actor, m->conn, m->pool_id, m->name_en, &m->made, 0, m->project,
                         N_("Merge incremental snapshot into a new volume"), id, err);
    }
    virt_vol_clear(&m->made);
    dv_error_clear(&m->err);
    g_free(m->pool_uuid);
    g_free(m->xml);
    g_free(m->source_path);
    g_free(m->target_path);
    g_free(m->name_en);
    g_free(m);
    return ok;
}
