/* volume.c - storage volumes and incremental snapshots */
#include "storage/volume.h"
#include "db/audit.h"
#include "db/page.h"
#include "storage/poolsite.h"
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

/* What may use a volume (?1 = its id): an instance's disk. */
static const char *const in_use_sql[] = {
    "SELECT count(*) FROM instance_disk WHERE volume_id = ?1",
    NULL,
};

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
                     _("This exceeds the storage pool's logical capacity (%lld MiB; %lld MiB are "
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
                     _("This exceeds the project's disk capacity quota (%lld MiB; %lld MiB are "
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

/* ---------------------------------------------------------------- host steps as jobs */

/* What a volume operation carries from its start to its finish (D11): the
 * first transaction ran on the owner's thread; the host step runs on a
 * worker (storage/poolsite.h: connect by URI, ensure the pool); the finish,
 * on the owner's thread again, completes the records and the audit row. */
struct vol_job {
    const char *action;   /* msgid of the audit row */
    const char *done;     /* msgid of the task's result */
    int64_t rid;          /* create: the reserved record; extend: the volume */
    char *xml;            /* create: the new volume's XML */
    char *from_path;      /* merge: the snapshot flattened into the new volume */
    char *target_path;    /* merge: where the copy grows (its progress) */
    int64_t expected;     /* merge: the bytes the copy should write */
    int64_t add;          /* extend: the bytes added */
    struct volume v;      /* extend, delete: the volume as it was */
    struct virt_conn *c;  /* the worker's connection (borrowed) */
    struct virt_vol made; /* create: what the host made; extend: the volume now */
    struct virt_vol *hv;  /* refresh: what the host lists */
    int n;
    struct volume_refresh sum;
};

static void vol_job_free(void *data)
{
    struct vol_job *j = data;

    g_free(j->xml);
    g_free(j->from_path);
    g_free(j->target_path);
    volume_clear(&j->v);
    virt_vol_clear(&j->made);
    virt_vols_free(j->hv, j->n);
    g_free(j);
}

/* Start the host step of p as a job; j is taken (freed on failure). */
static struct job *start_step(struct db *db, const struct dv_actor *actor, const struct pool *p,
                              const char *what, const char *object, pool_site_step_fn step,
                              pool_site_finish_fn finish, struct vol_job *j, int timeout_s,
                              struct dv_error *err)
{
    struct pool_site site;
    struct pool_site_job spec = {.what = what,
                                 .object = object,
                                 .timeout_s = timeout_s,
                                 .step = step,
                                 .finish = finish,
                                 .data = j,
                                 .data_free = vol_job_free};

    if (!pool_site_prepare(db, p, 0, &site, err)) {
        vol_job_free(j);
        return NULL;
    }
    return pool_site_start(db, actor, &site, &spec, err);
}

/* The synchronous form of an operation: run its job to the end. */
static bool wait_step(struct job *job, int64_t *id, struct dv_error *err)
{
    bool ok = job_run(job, err);

    if (ok && id)
        *id = ((struct vol_job *)pool_site_data(job))->rid;
    job_unref(job);
    return ok;
}

int64_t volume_job_id(const struct job *job)
{
    return ((const struct vol_job *)pool_site_data(job))->rid;
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

/* What the host made but no record could keep: removed again by a job of
 * its own (no libvirt call on the owner's thread; no task row: the failed
 * operation's task says what happened). */
struct undo {
    struct virt_conn *c;
    char *path;
};

static void undo_free(void *data)
{
    g_free(((struct undo *)data)->path);
    g_free(data);
}

static bool undo_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct undo *u = data;

    (void)ctx;
    (void)result;
    return virt_vol_delete(u->c, u->path, err);
}

static void undo_on_host(struct virt_conn *c, const char *path)
{
    struct undo *u = g_new0(struct undo, 1);
    struct job_spec spec = {.what = N_("Delete volume"),
                            .object = path,
                            .work = undo_work,
                            .data = u,
                            .data_free = undo_free,
                            .quiet = true};

    u->c = c;
    u->path = g_strdup(path);
    job_unref(job_start(NULL, NULL, &spec, NULL));
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
    if (!ok && made_ok)
        undo_on_host(c, made->path);
    if (!ok)
        unreserve(db, rid);
    return ok;
}

/* A merge's copy runs in a thread of the worker, which meanwhile reads how
 * far the new file has grown (a flattening copy reports no progress). */
struct copy {
    struct virt_conn *c;
    const char *pool_uuid, *xml, *from;
    struct virt_vol made;
    struct dv_error err;
    bool ok;
    gint done;
};

static gpointer copy_main(gpointer data)
{
    struct copy *t = data;

    t->ok = virt_vol_create(t->c, t->pool_uuid, t->xml, t->from, &t->made, &t->err);
    g_atomic_int_set(&t->done, 1);
    return NULL;
}

static bool copy_watched(struct job_ctx *ctx, struct virt_conn *c, const struct pool_site *s,
                         struct vol_job *j, struct dv_error *err)
{
    struct copy *t = g_new0(struct copy, 1);
    GThread *th;
    bool ok;

    *t = (struct copy){.c = c, .pool_uuid = s->pool_uuid, .xml = j->xml, .from = j->from_path};
    th = g_thread_new("volume-merge", copy_main, t);
    while (!g_atomic_int_get(&t->done)) {
        struct virt_vol now = {0};
        struct dv_error ignored = {0};

        g_usleep(200000);
        if (j->expected > 0 && virt_vol_get(c, j->target_path, &now, &ignored))
            job_ctx_progress(ctx, MIN(0.99, (double)now.allocation / (double)j->expected), NULL);
        virt_vol_clear(&now);
        dv_error_clear(&ignored);
    }
    g_thread_join(th);
    ok = t->ok;
    if (ok) {
        j->made = t->made;
        job_ctx_progress(ctx, 1.0, NULL);
    } else {
        *err = t->err;
    }
    g_free(t);
    return ok;
}

/* On the worker: make the volume (a merge: the flattened copy). */
static bool step_create(struct job_ctx *ctx, struct virt_conn *c, const struct pool_site *s,
                        void *data, struct dv_error *err)
{
    struct vol_job *j = data;

    j->c = c;
    if (j->from_path)
        return copy_watched(ctx, c, s, j, err);
    return virt_vol_create(c, s->pool_uuid, j->xml, NULL, &j->made, err);
}

/* On the owner: complete the reserved record, or remove it. */
static bool finish_made(struct job *job, const struct pool_site *s, void *data, bool ok,
                        struct dv_error *err)
{
    struct vol_job *j = data;

    (void)s;
    ok = finish_create(job_db(job), job_actor(job), j->c, j->rid, ok, &j->made, j->action, err);
    if (ok)
        job_set_result_text(job, _(j->done));
    return ok;
}

/* Steps 2 and 3 of a create whose record rid was reserved in pool p. */
static struct job *start_create(struct db *db, const struct dv_actor *actor, const struct pool *p,
                                struct vol_job *j, const char *object, int timeout_s,
                                struct dv_error *err)
{
    int64_t rid = j->rid;
    struct job *job =
        start_step(db, actor, p, j->action, object, step_create, finish_made, j, timeout_s, err);

    if (!job)
        unreserve(db, rid);
    return job;
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
    for (size_t i = 0; i < G_N_ELEMENTS(unit_factors); i++) {
        enum dv_num_rc rc;

        if (g_strcmp0(unit, unit_factors[i].unit) != 0)
            continue;
        if (!validate_text(VLF_CAPACITY, _("Logical capacity"), value, err))
            return false;
        /* digits and one decimal point: no exponent, hex, sign or blank */
        rc = dv_num_parse(value, true, false, unit_factors[i].factor, 9000000000000000000LL, bytes);
        if (rc == DV_NUM_RANGE) {
            dv_error_set(err, DV_ERR_INVALID, VLF_CAPACITY, _("%s is too large."),
                         _("Logical capacity"));
            return false;
        }
        if (rc != DV_NUM_OK || *bytes <= 0) {
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
    if (!validate_int_range(VLF_EXTEND, _("Size to add (MiB)"), text, 0, VOLUME_EXTEND_MAX_MB, &n,
                            err))
        return false;
    *mb = n;
    return true;
}

struct job *volume_create_start(struct db *db, const struct dv_actor *actor,
                                const struct volume_spec *s, struct dv_error *err)
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
    struct job *job = NULL;
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
        struct vol_job *j = g_new0(struct vol_job, 1);

        *j = (struct vol_job){.action = N_("Create volume"),
                              .done = N_("The volume was created."),
                              .rid = rid,
                              .xml = xml};
        xml = NULL;
        job = start_create(db, actor, &p, j, s->name_en, 0, err);
    }
    g_free(xml);
    pool_clear(&p);
    return job;
}

bool volume_create(struct db *db, const struct dv_actor *actor, const struct volume_spec *s,
                   int64_t *id, struct dv_error *err)
{
    return wait_step(volume_create_start(db, actor, s, err), id, err);
}

/* ---------------------------------------------------------------- extend, modify */

/* OP-37 (part 1): a volume a VM is running on (or suspended on) cannot be
 * extended. */
static bool not_running(struct db *db, int64_t id, struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db,
                   "SELECT count(*) FROM vm JOIN instance_disk d ON d.instance_id = vm.instance_id "
                   "WHERE d.volume_id = ?1 AND vm.run_state IN (1, 2)",
                   DB_ARGS(DB_I(id)), &n, err))
        return false;
    if (!n)
        return true;
    dv_error_set(err, DV_ERR_INUSE, NULL, "%s",
                 _("A running VM uses the volume; power it off before extending the volume."));
    return false;
}

/* On the worker: grow the file. */
static bool step_resize(struct job_ctx *ctx, struct virt_conn *c, const struct pool_site *s,
                        void *data, struct dv_error *err)
{
    struct vol_job *j = data;

    (void)ctx;
    (void)s;
    return virt_vol_resize(c, j->v.path, j->v.capacity + j->add, &j->made, err);
}

/* On the owner: the host's numbers and the audit row, or the reservation
 * given back. */
static bool finish_resize(struct job *job, const struct pool_site *s, void *data, bool ok,
                          struct dv_error *err)
{
    struct vol_job *j = data;
    struct db *db = job_db(job);
    bool resized = ok;

    (void)s;
    if (ok && db_begin(db, err)) {
        ok = db_do(db,
                   "UPDATE volume SET capacity = ?1, allocation = ?2, "
                   "row_version = row_version + 1 WHERE id = ?3",
                   DB_ARGS(DB_I(j->made.capacity), DB_I(j->made.allocation), DB_I(j->v.id)), err);
        ok = audit_commit(db, ok, job_actor(job), AUDIT_MODIFY, N_("Extend volume"), j->v.name_en,
                          err);
    } else {
        ok = false;
    }
    if (!resized) { /* give the reservation back */
        struct dv_error ignored = {0};

        db_do(db, "UPDATE volume SET capacity = ?1 WHERE id = ?2 AND capacity = ?3",
              DB_ARGS(DB_I(j->v.capacity), DB_I(j->v.id), DB_I(j->v.capacity + j->add)), &ignored);
        dv_error_clear(&ignored);
    }
    if (ok)
        job_set_result_text(job, _("The volume was extended."));
    return ok;
}

struct job *volume_extend_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                const struct volume_spec *s, struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    struct vol_job *j;
    struct job *job;
    int64_t add = s->extend_mb * VOLUME_MB;
    bool ok;

    if (s->extend_mb <= VOLUME_EXTEND_MIN_MB || s->extend_mb > VOLUME_EXTEND_MAX_MB) {
        dv_error_set(err, DV_ERR_INVALID, VLF_EXTEND,
                     _("The extension must be greater than %d MiB; a volume cannot shrink."),
                     VOLUME_EXTEND_MIN_MB);
        return NULL;
    }
    /* step 1: check and reserve the added capacity, at the version the
     * form read */
    ok = db_begin(db, err);
    if (ok) {
        ok = open_volume(db, actor, id, true, &v, &p, err) && require_present(&v, err) &&
             not_running(db, id, err) && check_pool_capacity(db, &p, add, err) &&
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
        ok = tx_end(db, ok, err);
    }
    if (!ok) {
        volume_clear(&v);
        pool_clear(&p);
        return NULL;
    }
    /* step 2 on a worker: the host; step 3 in its finish */
    j = g_new0(struct vol_job, 1);
    j->rid = id;
    j->add = add;
    j->v = v;
    job = start_step(db, actor, &p, N_("Extend volume"), v.name_en, step_resize, finish_resize, j,
                     0, err);
    if (!job) { /* give the reservation back */
        struct dv_error ignored = {0};

        db_do(db, "UPDATE volume SET capacity = capacity - ?1 WHERE id = ?2",
              DB_ARGS(DB_I(add), DB_I(id)), &ignored);
        dv_error_clear(&ignored);
    }
    pool_clear(&p);
    return job;
}

bool volume_extend(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err)
{
    return wait_step(volume_extend_start(db, actor, id, s, err), NULL, err);
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

/* On the worker: the volume's file. */
static bool step_delete(struct job_ctx *ctx, struct virt_conn *c, const struct pool_site *s,
                        void *data, struct dv_error *err)
{
    (void)ctx;
    (void)s;
    return virt_vol_delete(c, ((struct vol_job *)data)->v.path, err);
}

/* On the owner: when the file stays, the record comes back. */
static bool finish_delete(struct job *job, const struct pool_site *s, void *data, bool ok,
                          struct dv_error *err)
{
    struct vol_job *j = data;

    (void)s;
    if (!ok) {
        char *why = g_strdup(err->msg);

        restore_volume(job_db(job), job_actor(job), &j->v);
        dv_error_set(err, err->code, NULL,
                     _("The volume's file could not be deleted, so its record was kept: %s"), why);
        g_free(why);
    } else {
        job_set_result_text(job, _(j->done));
    }
    return ok;
}

bool volume_delete_start(struct db *db, const struct dv_actor *actor, int64_t id, struct job **job,
                         struct dv_error *err)
{
    struct volume v = {0};
    struct pool p = {0};
    struct pool_site site = {0};
    struct vol_job *j = NULL;
    bool ok = open_volume(db, actor, id, false, &v, &p, err), host_step;

    *job = NULL;
    /* a file pool's file goes after its record; other types keep their
     * LUN, partition or LV (M9.4.6), and a missing volume has nothing left.
     * Where the file goes is found before anything is written: with no
     * running host the delete is refused, not undone. */
    host_step = ok && v.present && pool_type_info(p.type)->files;
    ok = ok && (!host_step || pool_site_prepare(db, &p, 0, &site, err));
    volume_clear(&v);
    pool_clear(&p);
    /* step 1: the checks and the record, with its audit row */
    if (ok && db_begin(db, err)) {
        ok = open_volume(db, actor, id, false, &v, &p, err) && check_unused(db, &v, err);
        if (ok && host_step) { /* the record as it was, for its finish */
            j = g_new0(struct vol_job, 1);
            ok = volume_get(db, id, &j->v, err);
        }
        ok = ok && db_do(db, "DELETE FROM volume WHERE id = ?1", DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE,
                          v.parent_id ? N_("Delete incremental snapshot") : N_("Delete volume"),
                          v.name_en, err);
    } else {
        ok = false;
    }
    /* step 2 on a worker: the file */
    if (ok && host_step) {
        struct pool_site_job spec = {.what = v.parent_id ? N_("Delete incremental snapshot")
                                                         : N_("Delete volume"),
                                     .object = v.name_en,
                                     .step = step_delete,
                                     .finish = finish_delete,
                                     .data = j,
                                     .data_free = vol_job_free};

        j->rid = id;
        j->done = v.parent_id ? N_("The incremental snapshot was deleted.")
                              : N_("The volume was deleted.");
        j = NULL; /* the job's now */
        *job = pool_site_start(db, actor, &site, &spec, err);
        if (!*job) {
            restore_volume(db, actor, &v);
            ok = false;
        }
    }
    if (j)
        vol_job_free(j);
    pool_site_clear(&site);
    volume_clear(&v);
    pool_clear(&p);
    return ok;
}

bool volume_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct job *job = NULL;

    return volume_delete_start(db, actor, id, &job, err) && (!job || wait_step(job, NULL, err));
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

/* On the worker: what the host lists (after refreshing the pool). */
static bool step_list(struct job_ctx *ctx, struct virt_conn *c, const struct pool_site *s,
                      void *data, struct dv_error *err)
{
    struct vol_job *j = data;

    (void)ctx;
    return virt_pool_volumes(c, s->pool_uuid, &j->hv, &j->n, err);
}

/* On the owner: the records brought in line, with the audit row. */
static bool finish_refresh(struct job *job, const struct pool_site *s, void *data, bool ok,
                           struct dv_error *err)
{
    struct vol_job *j = data;
    struct db *db = job_db(job);
    struct pool p = {0};

    ok = ok && pool_get(db, s->pool_id, &p, err) && db_begin(db, err);
    if (ok) {
        ok = apply_refresh(db, &p, j->hv, j->n, &j->sum, err);
        ok = audit_commit(db, ok, job_actor(job), AUDIT_MODIFY, N_("Refresh storage pool"), p.name,
                          err);
    }
    if (ok) {
        char *text = g_strdup_printf(_("%d volumes added, %d marked missing, %d updated."),
                                     j->sum.added, j->sum.missing, j->sum.updated);

        job_set_result_text(job, text);
        g_free(text);
    } else {
        memset(&j->sum, 0, sizeof(j->sum));
    }
    pool_clear(&p);
    return ok;
}

struct job *volume_refresh_start(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                                 struct dv_error *err)
{
    struct pool p = {0};
    struct job *job;

    if (!open_pool(db, actor, pool_id, false, &p, err))
        return NULL;
    job = start_step(db, actor, &p, N_("Refresh storage pool"), p.name, step_list, finish_refresh,
                     g_new0(struct vol_job, 1), 0, err);
    pool_clear(&p);
    return job;
}

bool volume_refresh_summary(const struct job *job, struct volume_refresh *sum)
{
    *sum = ((const struct vol_job *)pool_site_data(job))->sum;
    return job_ok(job);
}

bool volume_refresh(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                    struct volume_refresh *sum, struct dv_error *err)
{
    struct job *job = volume_refresh_start(db, actor, pool_id, err);
    bool ok = job_run(job, err);

    memset(sum, 0, sizeof(*sum));
    if (ok)
        volume_refresh_summary(job, sum);
    job_unref(job);
    return ok;
}

/* ---------------------------------------------------------------- snapshots */

struct job *volume_snapshot_start(struct db *db, const struct dv_actor *actor, int64_t base_id,
                                  const char *name_zh, const char *name_en, struct dv_error *err)
{
    struct volume base = {0};
    struct pool p = {0};
    struct job *job = NULL;
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
        struct vol_job *j = g_new0(struct vol_job, 1);

        *j = (struct vol_job){.action = N_("Create incremental snapshot"),
                              .done = N_("The incremental snapshot was created."),
                              .rid = rid,
                              .xml = xml};
        xml = NULL;
        job = start_create(db, actor, &p, j, name_en, 0, err);
    }
    g_free(xml);
    volume_clear(&base);
    pool_clear(&p);
    return job;
}

bool volume_snapshot(struct db *db, const struct dv_actor *actor, int64_t base_id,
                     const char *name_zh, const char *name_en, int64_t *id, struct dv_error *err)
{
    return wait_step(volume_snapshot_start(db, actor, base_id, name_zh, name_en, err), id, err);
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

struct job *volume_merge_start(struct db *db, const struct dv_actor *actor, int64_t snapshot_id,
                               const char *name_en, struct dv_error *err)
{
    struct volume s = {0};
    struct pool p = {0};
    struct volxml_spec x = {.name = name_en, .format = "qcow2"};
    struct job *job = NULL;
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
    if (ok) {
        struct vol_job *j = g_new0(struct vol_job, 1);

        *j = (struct vol_job){.action = N_("Merge incremental snapshot into a new volume"),
                              .done = N_("The snapshot was merged into a new volume."),
                              .rid = rid,
                              .xml = xml,
                              .from_path = g_strdup(s.path),
                              .target_path = g_build_filename(p.target_path, name_en, NULL),
                              .expected = expected};
        xml = NULL;
        job = start_create(db, actor, &p, j, name_en, VOLUME_MERGE_TIMEOUT_S, err);
    }
    g_free(xml);
    volume_clear(&s);
    pool_clear(&p);
    return job;
}

bool volume_merge(struct db *db, const struct dv_actor *actor, int64_t snapshot_id,
                  const char *name_en, int64_t *id, struct dv_error *err)
{
    return wait_step(volume_merge_start(db, actor, snapshot_id, name_en, err), id, err);
}
