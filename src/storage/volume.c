/* volume.c - storage volumes and incremental snapshots */
#include "storage/volume.h"
#include "db/audit.h"
#include "db/page.h"
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

const char *const volume_units[] = {"GB", "B", "KB",  "K",  "KiB", "MB",  "M",  "MiB", "G",   "GiB",
                                    "TB", "T", "TiB", "PB", "P",   "PiB", "EB", "E",   "EiB", NULL};

#define VOLUME_EXTEND_MAX_MB 1000000000LL /* a petabyte */

/* What may use a volume: instance disks arrive with chapter 11, which adds
 * its query here (?1 = the volume's id). */
static const char *const in_use_sql[] = {NULL};

/* ---------------------------------------------------------------- reading */

#define VOLUME_COLUMNS                                                                             \
    "v.id, v.pool_id, v.name_en, v.name_zh, v.description, v.remark, v.format, v.capacity, "       \
    "v.allocation, v.path, v.present, coalesce(v.parent_id, 0), coalesce(b.name_en, ''), "         \
    "coalesce(v.project_id, 0), v.created_at, "                                                    \
    "(SELECT count(*) FROM volume c WHERE c.parent_id = v.id), '', v.row_version"

#define VOLUME_FROM "volume v LEFT JOIN volume b ON b.id = v.parent_id"

static bool read_volume(const struct db_row *r, void *ctx)
{
    struct volume *v = ctx;

    v->id = db_row_int(r, 0);
    v->pool_id = db_row_int(r, 1);
    v->name_en = db_row_text(r, 2);
    v->name_zh = db_row_text(r, 3);
    v->description = db_row_text(r, 4);
    v->remark = db_row_text(r, 5);
    v->format = db_row_text(r, 6);
    v->capacity = db_row_int(r, 7);
    v->allocation = db_row_int(r, 8);
    v->path = db_row_text(r, 9);
    v->present = db_row_int(r, 10) != 0;
    v->parent_id = db_row_int(r, 11);
    v->parent_name = db_row_text(r, 12);
    v->project_id = db_row_int(r, 13);
    v->created_at = db_row_int(r, 14);
    v->children = (int)db_row_int(r, 15);
    v->instances = db_row_text(r, 16);
    v->row_version = db_row_int(r, 17);
    return true;
}

DB_PAGE_READER(add_volume, struct volume_page, read_volume)

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
    DB_PAGE_FREE(p, volume_clear);
}

bool volume_list(struct db *db, int64_t pool_id, int64_t parent_id, int64_t offset, int limit,
                 struct volume_page *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (db_query_page(db, VOLUME_COLUMNS,
                      VOLUME_FROM " WHERE v.pool_id = ?1 AND (?2 = 0 OR v.parent_id = ?2)", "v.id",
                      DB_ARGS(DB_I(pool_id), DB_I(parent_id)), offset, limit, &out->total,
                      add_volume, out, err))
        return true;
    volume_page_free(out);
    return false;
}

bool volume_get(struct db *db, int64_t id, struct volume *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    /* no row: db_get never called read_volume, *out stays empty */
    return db_get(db, "SELECT " VOLUME_COLUMNS " FROM " VOLUME_FROM " WHERE v.id = ?1",
                  DB_ARGS(DB_I(id)), read_volume, out, _("The volume no longer exists."), err);
}

/* ---------------------------------------------------------------- rights and limits */

/* End a transaction that writes no audit row: commit when ok, else roll back. */
static bool tx_end(struct db *db, bool ok, struct dv_error *err)
{
    if (ok)
        return db_commit(db, err);
    db_rollback(db);
    return false;
}

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

    if (!actor_project(db, actor, &project, err))
        return false;
    if (!project)
        return true;
    if (!db_scalar(db, "SELECT count(*) FROM pool_project WHERE pool_id = ?1 AND project_id = ?2",
                   DB_ARGS(DB_I(pool_id), DB_I(project)), &n, err))
        return false;
    if (!n)
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The storage pool is not assigned to your project."));
    return n != 0;
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

/* The pool's logical capacity holds every record's capacity (P1/OP-34) with
 * `more` bytes added.  Run it inside the operation's transaction. */
static bool check_pool_capacity(struct db *db, const struct pool *p, int64_t more,
                                struct dv_error *err)
{
    int64_t used = 0;

    if (!db_scalar(db, "SELECT coalesce(sum(capacity), 0) FROM volume WHERE pool_id = ?1",
                   DB_ARGS(DB_I(p->id)), &used, err))
        return false;
    if (used + more > p->capacity_mb * VOLUME_MB) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("This exceeds the storage pool's logical capacity (%lld MB; %lld MB are "
                       "taken)."),
                     (long long)p->capacity_mb, (long long)(used / VOLUME_MB));
        return false;
    }
    return true;
}

/* The disk quota (MB, over the capacities of the project's volumes) with
 * `more` bytes added and, with snapshot, the snapshot count quota of project
 * (0: none).  Run it inside the operation's transaction. */
static bool check_quota(struct db *db, int64_t project, int64_t more, bool snapshot,
                        struct dv_error *err)
{
    struct project_usage u;
    int64_t bytes = 0;

    if (!project)
        return true;
    if (!project_usage(db, project, &u, err) ||
        !db_scalar(db, "SELECT coalesce(sum(capacity), 0) FROM volume WHERE project_id = ?1",
                   DB_ARGS(DB_I(project)), &bytes, err))
        return false;
    if (bytes + more > u.max[QUOTA_DISK_MB] * VOLUME_MB) {
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

/* The English name: a file name. */
static bool check_name_en(const char *name, struct dv_error *err)
{
    return validate_account(VLF_NAME, _("English name"), name, err);
}

/* No other volume of the pool has the English name (inside the transaction). */
static bool name_free(struct db *db, int64_t pool_id, const char *name, struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db, "SELECT count(*) FROM volume WHERE pool_id = ?1 AND name_en = ?2",
                   DB_ARGS(DB_I(pool_id), DB_T(name)), &n, err))
        return false;
    if (n)
        dv_error_set(err, DV_ERR_EXISTS, VLF_NAME, _("The pool already has a volume named '%s'."),
                     name);
    return n == 0;
}

static bool check_name_zh(const char *name, struct dv_error *err)
{
    return validate_required(VLF_NAME_ZH, _("Chinese name"), name, err) &&
           validate_length(VLF_NAME_ZH, _("Chinese name"), name, 1, 64, err);
}

static bool require_present(const struct volume *v, struct dv_error *err)
{
    if (v->present)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL,
                 _("The volume '%s' no longer exists on the host (不存在)."), v->name_en);
    return false;
}

static bool require_snapshot(const struct volume *v, struct dv_error *err)
{
    if (v->parent_id)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL, _("'%s' is not an incremental snapshot."), v->name_en);
    return false;
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

/* ---------------------------------------------------------------- records */

/* A volume record to insert. */
struct volume_row {
    int64_t pool_id;
    const char *name_en, *name_zh, *format, *path;
    int64_t capacity, allocation;
    bool present;
    int64_t parent_id, project_id;
};

static bool insert_volume(struct db *db, const struct volume_row *r, int64_t *id,
                          struct dv_error *err)
{
    bool ok = db_do(db,
                    "INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, allocation, "
                    "path, present, parent_id, project_id, created_at) VALUES (?1, ?2, ?3, ?4, "
                    "?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    DB_ARGS(DB_I(r->pool_id), DB_T(r->name_en), DB_T(r->name_zh), DB_T(r->format),
                            DB_I(r->capacity), DB_I(r->allocation), DB_T(r->path), DB_I(r->present),
                            DB_ID0(r->parent_id), DB_ID0(r->project_id), DB_I(dv_now())),
                    err);

    if (ok && id)
        *id = db_last_id(db);
    return ok;
}

/* Step 1 of a create, inside its transaction: reserve the record of what
 * the host is about to make (不存在 until completed), so that it counts in
 * the pool's capacity and the quotas from now on. */
static bool reserve(struct db *db, const struct pool *p, const char *name_en, const char *name_zh,
                    const char *format, int64_t capacity, int64_t parent, int64_t project,
                    int64_t *rid, struct dv_error *err)
{
    char *path = g_build_filename(p->target_path, name_en, NULL);
    struct volume_row r = {.pool_id = p->id,
                           .name_en = name_en,
                           .name_zh = name_zh,
                           .format = format,
                           .path = path,
                           .capacity = capacity,
                           .parent_id = parent,
                           .project_id = project};
    bool ok = insert_volume(db, &r, rid, err);

    g_free(path);
    return ok;
}

/* Remove the reservation rid again: the host step failed. */
static void unreserve(struct db *db, int64_t rid)
{
    struct dv_error ignored = {0};

    db_do(db, "DELETE FROM volume WHERE id = ?1 AND present = 0", DB_ARGS(DB_I(rid)), &ignored);
    dv_error_clear(&ignored);
}

/* Step 3 of a create: the host made `made` (made_ok) or failed.  Complete the
 * reserved record rid with what the host made and the audit row; otherwise
 * remove the reservation (and what the host made, when the record cannot be
 * completed), so that nothing is left half done. */
static bool finish_create(struct db *db, const struct dv_actor *actor, struct virt_conn *c,
                          int64_t rid, bool made_ok, struct virt_vol *made, const char *action,
                          struct dv_error *err)
{
    bool ok = false;

    if (made_ok && db_begin(db, err)) {
        const char *fmt = made->format && *made->format ? made->format : "raw";

        ok = db_do(db,
                   "UPDATE volume SET name_en = ?1, format = ?2, capacity = ?3, allocation = ?4, "
                   "path = ?5, present = 1 WHERE id = ?6",
                   DB_ARGS(DB_T(made->name), DB_T(fmt), DB_I(made->capacity),
                           DB_I(made->allocation), DB_T(made->path), DB_I(rid)),
                   err);
        if (ok && db_changes(db) != 1) {
            dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The volume no longer exists."));
            ok = false;
        }
        ok = audit_commit(db, ok, actor, AUDIT_ADD, action, made->name, err);
    }
    if (!ok && made_ok) {
        struct dv_error ignored = {0};

        virt_vol_delete(c, made->path, &ignored);
        dv_error_clear(&ignored);
    }
    if (!ok)
        unreserve(db, rid);
    return ok;
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

bool volume_spec_parse(const struct volume_input *in, int64_t pool_id, struct volume_spec *out,
                       struct dv_error *err)
{
    long long owner = 0, group = 0;
    bool ok;

    *out = (struct volume_spec){
        .pool_id = pool_id,
        .name_zh = in->name_zh,
        .name_en = in->name_en,
        .format = in->format,
        .mode = in->mode,
        .label = in->label,
        .compat = in->compat,
        .lazy_refcounts = g_strcmp0(in->lazy_refcounts, "1") == 0,
    };
    ok = volume_bytes(in->capacity, in->unit, &out->capacity, err) &&
         id_field(VLF_OWNER, _("Owner"), in->owner, &owner, &out->has_owner, err) &&
         id_field(VLF_GROUP, _("Group"), in->group, &group, &out->has_group, err);
    out->owner = owner;
    out->group = group;
    return ok;
}

bool volume_extend_parse(const char *text, int64_t *mb, struct dv_error *err)
{
    long n = 0;

    *mb = 0;
    if (!validate_int_range(VLF_EXTEND, _("Size to add (MB)"), text, 0, VOLUME_EXTEND_MAX_MB, &n,
                            err))
        return false;
    *mb = n;
    return true;
}

bool volume_create(struct db *db, const struct dv_actor *actor, const struct volume_spec *s,
                   int64_t *id, struct dv_error *err)
{
    struct pool p = {0};
    struct volxml_spec x = {
        .name = s->name_en,
        .capacity = s->capacity,
        .format = s->format,
        .mode = s->mode,
        .owner = s->owner,
        .group = s->group,
        .has_owner = s->has_owner,
        .has_group = s->has_group,
        .label = s->label,
        .compat = s->compat,
        .lazy_refcounts = s->lazy_refcounts,
    };
    struct virt_vol made = {0};
    struct virt_conn *c = NULL;
    int64_t project = 0, rid = 0;
    char *xml = NULL;
    bool ok = check_name_zh(s->name_zh, err) && check_name_en(s->name_en, err) &&
              validate_length(VLF_LABEL, _("Label"), s->label, 0, 128, err) &&
              (xml = volxml_build(&x, err)) && actor_project(db, actor, &project, err) &&
              db_begin(db, err);

    if (ok) {
        ok = open_pool(db, actor, s->pool_id, true, &p, err) &&
             name_free(db, p.id, s->name_en, err) &&
             check_pool_capacity(db, &p, s->capacity, err) &&
             check_quota(db, project, s->capacity, false, err) &&
             reserve(db, &p, s->name_en, s->name_zh, s->format, s->capacity, 0, project, &rid, err);
        ok = tx_end(db, ok, err);
    }
    if (ok) {
        bool made_ok =
            (c = pool_conn(db, &p, err)) && virt_vol_create(c, p.uuid, xml, NULL, &made, err);

        ok = finish_create(db, actor, c, rid, made_ok, &made, N_("Create volume"), err);
        if (ok && id)
            *id = rid;
    }
    virt_vol_clear(&made);
    g_free(xml);
    pool_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- extend, modify */

bool volume_extend(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    struct virt_vol now = {0};
    struct virt_conn *c = NULL;
    int64_t add = s->extend_mb * VOLUME_MB;
    bool ok, reserved = false, resized = false;

    if (s->extend_mb <= VOLUME_EXTEND_MIN_MB || s->extend_mb > VOLUME_EXTEND_MAX_MB) {
        dv_error_set(err, DV_ERR_INVALID, VLF_EXTEND,
                     _("The extension must be greater than %d MB; a volume cannot shrink."),
                     VOLUME_EXTEND_MIN_MB);
        return false;
    }
    /* step 1: check and reserve the added capacity, at the version the
     * form read */
    ok = db_begin(db, err);
    if (ok) {
        ok = open_volume(db, actor, id, true, &v, &p, err) && require_present(&v, err) &&
             check_pool_capacity(db, &p, add, err) &&
             check_quota(db, v.project_id, add, false, err) &&
             db_do(db,
                   "UPDATE volume SET capacity = capacity + ?1 WHERE id = ?2 AND "
                   "(?3 = 0 OR row_version = ?3)",
                   DB_ARGS(DB_I(add), DB_I(id), DB_I(s->version)), err);
        if (ok && db_changes(db) != 1) {
            /* changed since the form read it: db_bump_version says so */
            db_bump_version(db, "volume", id, s->version, _("The volume no longer exists."), err);
            ok = false;
        }
        ok = reserved = tx_end(db, ok, err);
    }
    /* step 2: the host; step 3: the host's numbers and the audit row */
    if (ok)
        ok = resized =
            (c = pool_conn(db, &p, err)) && virt_vol_resize(c, v.path, v.capacity + add, &now, err);
    if (ok && db_begin(db, err)) {
        ok = db_do(db,
                   "UPDATE volume SET capacity = ?1, allocation = ?2, "
                   "row_version = row_version + 1 WHERE id = ?3",
                   DB_ARGS(DB_I(now.capacity), DB_I(now.allocation), DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Extend volume"), v.name_en, err);
    } else if (ok) {
        ok = false;
    }
    if (reserved && !resized) { /* give the reservation back */
        struct dv_error ignored = {0};

        db_do(db, "UPDATE volume SET capacity = ?1 WHERE id = ?2 AND capacity = ?3",
              DB_ARGS(DB_I(v.capacity), DB_I(id), DB_I(v.capacity + add)), &ignored);
        dv_error_clear(&ignored);
    }
    virt_vol_clear(&now);
    volume_clear(&v);
    pool_clear(&p);
    return ok;
}

/* Set the Chinese name and the description or (remark true) the remark, at
 * most 256 characters, of volume id at the version the form read: a
 * record-only change with its log row.  A remark is for snapshots only. */
static bool update_texts(struct db *db, const struct dv_actor *actor, int64_t id,
                         const char *name_zh, bool remark, const char *text, int64_t version,
                         const char *action, struct dv_error *err)
{
    static const char *const sql[] = {
        "UPDATE volume SET name_zh = ?1, description = ?2 WHERE id = ?3",
        "UPDATE volume SET name_zh = ?1, remark = ?2 WHERE id = ?3",
    };
    struct volume v = {0};
    struct pool p = {0};
    bool ok = check_name_zh(name_zh, err) &&
              validate_length(remark ? VLF_REMARK : VLF_DESCRIPTION,
                              remark ? _("Remark") : _("Description"), text, 0, 256, err) &&
              db_begin(db, err);

    if (ok) {
        ok = open_volume(db, actor, id, false, &v, &p, err) &&
             (!remark || require_snapshot(&v, err)) &&
             db_bump_version(db, "volume", id, version, _("The volume no longer exists."), err) &&
             db_do(db, sql[remark], DB_ARGS(DB_T(name_zh), DB_T(text ? text : ""), DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, action, v.name_en, err);
    }
    volume_clear(&v);
    pool_clear(&p);
    return ok;
}

bool volume_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err)
{
    return update_texts(db, actor, id, s->name_zh, false, s->description, s->version,
                        N_("Modify volume"), err);
}

bool volume_remark(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err)
{
    return update_texts(db, actor, id, s->name_zh, true, s->remark, s->version,
                        N_("Remark incremental snapshot"), err);
}

/* ---------------------------------------------------------------- delete */

static bool check_unused(struct db *db, const struct volume *v, struct dv_error *err)
{
    if (v->children) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("Incremental snapshots are built on '%s'; delete them first."), v->name_en);
        return false;
    }
    for (int i = 0; in_use_sql[i]; i++) {
        int64_t n = 0;

        if (!db_scalar(db, in_use_sql[i], DB_ARGS(DB_I(v->id)), &n, err))
            return false;
        if (n) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The volume is used by a VM instance; it cannot be deleted."));
            return false;
        }
    }
    return true;
}

/* After a delete whose host step failed: v's record back as it was (same
 * id) with its audit row, so that the records match the host again. */
static void restore_volume(struct db *db, const struct dv_actor *actor, const struct volume *v)
{
    struct dv_error e = {0};
    bool ok = db_begin(db, &e);

    if (ok) {
        ok = db_do(db,
                   "INSERT INTO volume(id, pool_id, name_en, name_zh, description, remark, format, "
                   "capacity, allocation, path, present, parent_id, project_id, created_at, "
                   "row_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                   "?14, ?15)",
                   DB_ARGS(DB_I(v->id), DB_I(v->pool_id), DB_T(v->name_en), DB_T(v->name_zh),
                           DB_T(v->description), DB_T(v->remark), DB_T(v->format),
                           DB_I(v->capacity), DB_I(v->allocation), DB_T(v->path), DB_I(v->present),
                           DB_ID0(v->parent_id), DB_ID0(v->project_id), DB_I(v->created_at),
                           DB_I(v->row_version)),
                   &e);
        audit_commit(db, ok, actor, AUDIT_ADD, N_("Restore volume record"), v->name_en, &e);
    }
    dv_error_clear(&e);
}

/* The host a delete of volume id will remove its file on (NULL when it has
 * none), reached before anything is written: a host that is down refuses
 * the delete rather than undoing it. */
static bool delete_conn(struct db *db, const struct dv_actor *actor, int64_t id,
                        struct virt_conn **c, struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    bool ok = open_volume(db, actor, id, false, &v, &p, err);

    *c = NULL;
    if (ok && v.present && pool_type_info(p.type)->files)
        ok = (*c = pool_conn(db, &p, err)) != NULL;
    volume_clear(&v);
    pool_clear(&p);
    return ok;
}

bool volume_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    struct virt_conn *c = NULL;
    bool ok = delete_conn(db, actor, id, &c, err) && db_begin(db, err), host_step;

    /* step 1: the checks and the record, with its audit row */
    if (ok) {
        ok = open_volume(db, actor, id, false, &v, &p, err) && check_unused(db, &v, err) &&
             db_do(db, "DELETE FROM volume WHERE id = ?1", DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE,
                          v.parent_id ? N_("Delete incremental snapshot") : N_("Delete volume"),
                          v.name_en, err);
    }
    /* step 2: a file pool's file goes after its record; other types keep
     * their LUN, partition or LV (M9.4.6), and a missing volume has nothing
     * left */
    host_step = ok && v.present && pool_type_info(p.type)->files;
    if (host_step) {
        struct dv_error e = {0};

        if (!c)
            c = pool_conn(db, &p, &e);
        if (!c || !virt_vol_delete(c, v.path, &e)) {
            restore_volume(db, actor, &v);
            dv_error_set(err, e.code, NULL,
                         _("The volume's file could not be deleted, so its record was kept: %s"),
                         e.msg);
            ok = false;
        }
        dv_error_clear(&e);
    }
    volume_clear(&v);
    pool_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- refresh */

/* The record of pool_id at path or named name, 0 when none, -1 on error. */
static int64_t record_of(struct db *db, int64_t pool_id, const struct virt_vol *hv,
                         struct dv_error *err)
{
    int64_t id = 0;

    if (!db_scalar(db,
                   "SELECT coalesce((SELECT id FROM volume WHERE pool_id = ?1 AND "
                   "(path = ?2 OR name_en = ?3) ORDER BY path = ?2 DESC LIMIT 1), 0)",
                   DB_ARGS(DB_I(pool_id), DB_T(hv->path), DB_T(hv->name)), &id, err))
        return -1;
    return id;
}

/* The ids of a pool's present records that the host did not list. */
struct unseen {
    GHashTable *seen; /* int64_t ids */
    GArray *gone;
};

static bool collect_unseen(const struct db_row *r, void *ctx)
{
    struct unseen *u = ctx;
    int64_t id = db_row_int(r, 0);

    if (!g_hash_table_contains(u->seen, &id))
        g_array_append_val(u->gone, id);
    return true;
}

/* Bring the records of p in line with what the host lists. */
static bool apply_refresh(struct db *db, const struct pool *p, const struct virt_vol *hv, int n,
                          struct volume_refresh *sum, struct dv_error *err)
{
    struct unseen u = {g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
                       g_array_new(FALSE, FALSE, sizeof(int64_t))};
    bool ok = true;

    for (int i = 0; ok && i < n; i++) {
        int64_t id = record_of(db, p->id, &hv[i], err);
        const char *fmt = hv[i].format && *hv[i].format ? hv[i].format : "raw";

        if (id < 0) {
            ok = false;
        } else if (id > 0) {
            ok = db_do(db,
                       "UPDATE volume SET format = ?1, capacity = ?2, allocation = ?3, "
                       "path = ?4, present = 1 WHERE id = ?5",
                       DB_ARGS(DB_T(fmt), DB_I(hv[i].capacity), DB_I(hv[i].allocation),
                               DB_T(hv[i].path), DB_I(id)),
                       err);
            sum->updated++;
        } else {
            char *zh = g_strdup_printf("%s-%s", hv[i].name, p->uuid);
            struct volume_row r = {.pool_id = p->id,
                                   .name_en = hv[i].name,
                                   .name_zh = zh,
                                   .format = fmt,
                                   .path = hv[i].path,
                                   .capacity = hv[i].capacity,
                                   .allocation = hv[i].allocation,
                                   .present = true};

            ok = insert_volume(db, &r, &id, err);
            sum->added++;
            g_free(zh);
        }
        if (ok)
            g_hash_table_add(u.seen, g_memdup2(&id, sizeof(id)));
    }
    ok = ok && db_query(db, "SELECT id FROM volume WHERE pool_id = ?1 AND present = 1",
                        DB_ARGS(DB_I(p->id)), collect_unseen, &u, NULL, err);
    for (guint i = 0; ok && i < u.gone->len; i++)
        ok = db_do(db, "UPDATE volume SET present = 0 WHERE id = ?1",
                   DB_ARGS(DB_I(g_array_index(u.gone, int64_t, i))), err);
    sum->missing = (int)u.gone->len;
    g_hash_table_destroy(u.seen);
    g_array_free(u.gone, TRUE);
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
                     const char *name_zh, const char *name_en, int64_t *id, struct dv_error *err)
{
    struct volume base = {0};
    struct pool p = {0};
    struct virt_vol made = {0};
    struct virt_conn *c = NULL;
    struct volxml_spec x = {.name = name_en, .format = "qcow2"};
    int64_t project = 0, rid = 0;
    char *xml = NULL;
    bool ok = check_name_zh(name_zh, err) && check_name_en(name_en, err) &&
              actor_project(db, actor, &project, err) && db_begin(db, err);

    if (ok) {
        ok = open_volume(db, actor, base_id, true, &base, &p, err) && require_present(&base, err);
        x.capacity = base.capacity;
        x.backing_path = base.path;
        x.backing_format = base.format;
        ok = ok && name_free(db, p.id, name_en, err) && (xml = volxml_build(&x, err)) &&
             check_pool_capacity(db, &p, base.capacity, err) &&
             check_quota(db, project, base.capacity, true, err) &&
             reserve(db, &p, name_en, name_zh, "qcow2", base.capacity, base.id, project, &rid, err);
        ok = tx_end(db, ok, err);
    }
    if (ok) {
        bool made_ok =
            (c = pool_conn(db, &p, err)) && virt_vol_create(c, p.uuid, xml, NULL, &made, err);

        ok = finish_create(db, actor, c, rid, made_ok, &made, N_("Create incremental snapshot"),
                           err);
        if (ok && id)
            *id = rid;
    }
    virt_vol_clear(&made);
    g_free(xml);
    volume_clear(&base);
    pool_clear(&p);
    return ok;
}

struct volume_merge {
    struct virt_conn *conn;
    int64_t rid; /* the reserved record */
    char *pool_uuid;
    char *xml;
    char *source_path;
    char *target_path; /* where the new file will be: pool target / name */
    int64_t expected;  /* bytes the copy is expected to write */
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
    int64_t n = 0;

    db_scalar(db,
              "WITH RECURSIVE chain(id, parent) AS (SELECT id, parent_id FROM volume WHERE id = ?1 "
              "UNION ALL SELECT v.id, v.parent_id FROM volume v JOIN chain c ON v.id = c.parent) "
              "SELECT coalesce(sum(v.allocation), 0) FROM volume v JOIN chain c ON c.id = v.id",
              DB_ARGS(DB_I(v->id)), &n, NULL);
    return n;
}

struct volume_merge *volume_merge_start(struct db *db, const struct dv_actor *actor,
                                        int64_t snapshot_id, const char *name_en,
                                        struct dv_error *err)
{
    struct volume s = {0};
    struct pool p = {0};
    struct volxml_spec x = {.name = name_en, .format = "qcow2"};
    struct volume_merge *m = NULL;
    struct virt_conn *c = NULL;
    int64_t project = 0, rid = 0, expected = 0;
    char *xml = NULL;
    bool ok =
        check_name_en(name_en, err) && actor_project(db, actor, &project, err) && db_begin(db, err);

    if (ok) {
        ok = open_volume(db, actor, snapshot_id, true, &s, &p, err) && require_snapshot(&s, err) &&
             require_present(&s, err);
        x.capacity = s.capacity;
        ok = ok && name_free(db, p.id, name_en, err) && (xml = volxml_build(&x, err)) &&
             check_pool_capacity(db, &p, s.capacity, err) &&
             check_quota(db, project, s.capacity, false, err) &&
             reserve(db, &p, name_en, name_en, "qcow2", s.capacity, 0, project, &rid, err);
        if (ok)
            expected = chain_allocation(db, &s);
        ok = tx_end(db, ok, err);
    }
    if (ok && !(c = pool_conn(db, &p, err))) {
        unreserve(db, rid);
        ok = false;
    }
    if (ok) {
        m = g_new0(struct volume_merge, 1);
        m->conn = c;
        m->rid = rid;
        m->pool_uuid = g_strdup(p.uuid);
        m->xml = xml;
        xml = NULL;
        m->source_path = g_strdup(s.path);
        m->target_path = g_build_filename(p.target_path, name_en, NULL);
        m->expected = expected;
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
    if (!m->ok) {
        *err = m->err;
        memset(&m->err, 0, sizeof(m->err));
    }
    ok = finish_create(db, actor, m->conn, m->rid, m->ok, &m->made,
                       N_("Merge incremental snapshot into a new volume"), err);
    if (ok && id)
        *id = m->rid;
    virt_vol_clear(&m->made);
    dv_error_clear(&m->err);
    g_free(m->pool_uuid);
    g_free(m->xml);
    g_free(m->source_path);
    g_free(m->target_path);
    g_free(m);
    return ok;
}
