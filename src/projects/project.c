/* project.c - projects, their quotas, admins and host groups */
#include "projects/project.h"
#include "db/audit.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

static const struct quota_def quotas[QUOTA_COUNT] = {
    {QUOTA_INSTANCES, "max_instances", N_("Max VM instances"), N_("VM instances")},
    {QUOTA_VCPUS, "max_vcpus", N_("Max VCPUs"), N_("VCPUs")},
    {QUOTA_MEM_MB, "max_mem_mb", N_("Max memory (MB)"), N_("Memory (MB)")},
    {QUOTA_DISK_MB, "max_disk_mb", N_("Max disk capacity (MB)"), N_("Disk capacity (MB)")},
    {QUOTA_IMAGE_MB, "max_image_mb", N_("Max total image size (MB)"), N_("Image size (MB)")},
    {QUOTA_IMAGES, "max_images", N_("Max image files"), N_("Image files")},
    {QUOTA_SNAPSHOTS, "max_snapshots", N_("Max disk snapshots"), N_("Disk snapshots")},
};

/* What each quota's usage counts (P1/OP-9), ?1 = the project's id: the
 * capacities (MB, rounded up) of the volumes and snapshots it created, the
 * number of its snapshots, and the images it uploaded (whatever their
 * group).  Instances add their queries with their chapter; until then their
 * usage is 0. */
static const char *const usage_sql[QUOTA_COUNT] = {
    [QUOTA_DISK_MB] = "SELECT (coalesce(sum(capacity), 0) + 1048575) / 1048576 FROM volume "
                      "WHERE project_id = ?1",
    [QUOTA_SNAPSHOTS] = "SELECT count(*) FROM volume WHERE project_id = ?1 AND parent_id IS NOT NULL",
    [QUOTA_IMAGE_MB] = "SELECT coalesce(sum(size_mb), 0) FROM image WHERE owner_project_id = ?1",
    [QUOTA_IMAGES] = "SELECT count(*) FROM image WHERE owner_project_id = ?1",
};

const struct quota_def *quota_def(enum quota_id id)
{
    return id < QUOTA_COUNT ? &quotas[id] : NULL;
}

#define PROJECT_COLUMNS                                                                        \
    "p.id, p.name, p.description, p.active, p.max_instances, p.max_vcpus, p.max_mem_mb, "     \
    "p.max_disk_mb, p.max_image_mb, p.max_images, p.max_snapshots, "                          \
    "coalesce((SELECT group_concat(name_zh, ',') FROM (SELECT name_zh FROM user "             \
    "WHERE project_id = p.id ORDER BY id)), '')"

static void read_project(sqlite3_stmt *st, struct project *p)
{
    p->id = sqlite3_column_int64(st, 0);
    p->name = db_col_text(st, 1);
    p->description = db_col_text(st, 2);
    p->active = sqlite3_column_int(st, 3);
    for (int q = 0; q < QUOTA_COUNT; q++)
        p->quota[q] = sqlite3_column_int64(st, 4 + q);
    p->admins = db_col_text(st, 11);
}

static void add_row(sqlite3_stmt *st, void *ctx)
{
    struct project_page *p = ctx;

    p->rows = g_renew(struct project, p->rows, p->n + 1);
    read_project(st, &p->rows[p->n++]);
}

bool project_list(struct db *db, const char *name, int active, int64_t offset, int limit,
                  struct project_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : ""), *act = db_id_text(active);
    const char *binds[] = {name ? name : "", like, act};
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_page(db, PROJECT_COLUMNS,
                 "project p WHERE (?1 = '' OR p.name LIKE ?2 ESCAPE '\\')"
                 " AND (CAST(?3 AS INTEGER) < 0 OR p.active = CAST(?3 AS INTEGER))",
                 "p.id", binds, 3, offset, limit, &out->total, add_row, out, err);
    g_free(like);
    g_free(act);
    if (!ok)
        project_page_free(out);
    return ok;
}

void project_clear(struct project *p)
{
    g_free(p->name);
    g_free(p->description);
    g_free(p->admins);
    memset(p, 0, sizeof(*p));
}

void project_page_free(struct project_page *p)
{
    for (int i = 0; i < p->n; i++)
        project_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

bool project_get(struct db *db, int64_t id, struct project *out, struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    struct project_page page = {0};
    bool ok = db_page(db, PROJECT_COLUMNS, "project p WHERE p.id = ?1", "p.id", binds, 1, 0, 1,
                      &page.total, add_row, &page, err);

    g_free(sid);
    if (ok && page.n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The project no longer exists."));
        ok = false;
    }
    if (!ok) {
        project_page_free(&page);
        return false;
    }
    *out = page.rows[0];
    g_free(page.rows);
    return true;
}

static bool check_fields(const char *name, const char *description, struct dv_error *err)
{
    return validate_cn_name(PF_NAME, _("Project name"), name, err) &&
           validate_length(PF_DESCRIPTION, _("Project description"), description, 0, 256, err);
}

static bool name_free(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    char *id = db_id_text(except);
    const char *binds[] = {name, id};
    int64_t n = 0;
    bool ok = db_int(db, "SELECT count(*) FROM project WHERE name = ?1 AND id != ?2", binds, 2, &n,
                     err);

    g_free(id);
    if (ok && n > 0) {
        dv_error_set(err, DV_ERR_EXISTS, PF_NAME, _("The project '%s' already exists."), name);
        return false;
    }
    return ok;
}

static bool group_exists(struct db *db, const char *gid, struct dv_error *err)
{
    const char *binds[] = {gid};
    int64_t n = 0;

    if (!db_int(db, "SELECT count(*) FROM project_group WHERE id = ?1", binds, 1, &n, err))
        return false;
    if (n == 0)
        dv_error_set(err, DV_ERR_INVALID, PF_GROUP,
                     _("Choose a project group; create one in project group management first."));
    return n > 0;
}

bool project_add(struct db *db, const struct dv_actor *actor, int64_t group_id, const char *name,
                 const char *description, int64_t *id, struct dv_error *err)
{
    char *gid = db_id_text(group_id), *now = db_id_text(dv_now()), *pid = NULL;
    const char *binds[] = {name, description ? description : "", now};
    bool ok = audit_require_sysadm(actor, err) && check_fields(name, description, err) &&
              db_begin(db, err);

    if (ok) {
        ok = group_exists(db, gid, err) && name_free(db, name, 0, err) &&
             db_run(db, "INSERT INTO project(name, description, created_at) VALUES (?1, ?2, ?3)",
                    binds, 3, err);
        if (ok) {
            const char *member[] = {gid, pid = db_id_text(sqlite3_last_insert_rowid(db_handle(db)))};

            if (id)
                *id = sqlite3_last_insert_rowid(db_handle(db));
            ok = db_run(db, "INSERT INTO project_group_member(group_id, project_id) VALUES (?1, ?2)",
                        member, 2, err);
        }
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add project"), name, err);
    }
    g_free(gid);
    g_free(now);
    g_free(pid);
    return ok;
}

/* Begin a write on an existing project; *name receives its name. */
static bool begin_on(struct db *db, const struct dv_actor *actor, int64_t id, char **name,
                     struct dv_error *err)
{
    struct project p;

    *name = NULL;
    if (!audit_require_sysadm(actor, err) || !project_get(db, id, &p, err))
        return false;
    *name = g_strdup(p.name);
    project_clear(&p);
    if (db_begin(db, err))
        return true;
    g_free(*name);
    *name = NULL;
    return false;
}

bool project_update(struct db *db, const struct dv_actor *actor, int64_t id, const char *name,
                    const char *description, struct dv_error *err)
{
    char *sid = db_id_text(id), *old = NULL;
    const char *binds[] = {name, description ? description : "", sid};
    bool ok = check_fields(name, description, err) && begin_on(db, actor, id, &old, err);

    if (ok) {
        ok = name_free(db, name, id, err) &&
             db_run(db, "UPDATE project SET name = ?1, description = ?2 WHERE id = ?3", binds, 3,
                    err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project basic information"),
                          name, err);
    }
    g_free(sid);
    g_free(old);
    return ok;
}

bool project_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                    struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    const char *binds[] = {sid};
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        /* memberships and host groups cascade; admins are set free */
        ok = db_run(db, "DELETE FROM project WHERE id = ?1", binds, 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete project"), name, err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

bool project_set_active(struct db *db, const struct dv_actor *actor, int64_t id, bool active,
                        struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    const char *binds[] = {active ? "1" : "0", sid};
    int64_t changed = 0;
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        ok = db_run(db, "UPDATE project SET active = ?1 WHERE id = ?2 AND active != ?1", binds, 2,
                    err);
        changed = sqlite3_changes(db_handle(db));
        if (ok && changed == 0) {
            dv_error_set(err, DV_ERR_INFO, NULL,
                         active ? _("The project '%s' is already active.")
                                : _("The project '%s' is already inactive."),
                         name);
            ok = false;
        }
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY,
                          active ? N_("Activate project") : N_("Deactivate project"), name, err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

bool project_set_quota(struct db *db, const struct dv_actor *actor, int64_t id,
                       char *const *values, struct dv_error *err)
{
    GString *sql = g_string_new("UPDATE project SET ");
    char *sid = db_id_text(id), *name = NULL;
    const char *binds[QUOTA_COUNT + 1];
    long n;
    bool ok = true;

    for (int q = 0; ok && q < QUOTA_COUNT; q++) {
        ok = validate_count(quotas[q].column, _(quotas[q].label), values[q], G_MAXINT32, &n, err);
        binds[q] = values[q];
        g_string_append_printf(sql, "%s%s = CAST(trim(?%d) AS INTEGER)", q ? ", " : "",
                               quotas[q].column, q + 1);
    }
    binds[QUOTA_COUNT] = sid;
    g_string_append_printf(sql, " WHERE id = ?%d", QUOTA_COUNT + 1);
    if (ok && begin_on(db, actor, id, &name, err)) {
        ok = db_run(db, sql->str, binds, QUOTA_COUNT + 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project quota"), name, err);
    } else {
        ok = false;
    }
    g_string_free(sql, TRUE);
    g_free(sid);
    g_free(name);
    return ok;
}

bool project_admin_choices(struct db *db, int64_t id, struct choice_list *out,
                           struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = choice_query(db,
                           "SELECT id, name_zh || ' (' || account || ')', project_id IS ?1 "
                           "FROM user WHERE is_sysadm = 0 AND (project_id IS NULL OR "
                           "project_id = ?1) ORDER BY id",
                           binds, 1, out, err);

    g_free(sid);
    return ok;
}

/* Replace the rows linking project sid: clear with `clear`, then run `set` per id. */
static bool relink(struct db *db, const char *clear, const char *set, const char *sid,
                   const int64_t *ids, int n, struct dv_error *err)
{
    const char *binds[2] = {sid, NULL};
    bool ok = db_run(db, clear, binds, 1, err);

    for (int i = 0; ok && i < n; i++) {
        char *other = db_id_text(ids[i]);

        binds[1] = other;
        ok = db_run(db, set, binds, 2, err);
        g_free(other);
    }
    return ok;
}

/* True when one of users manages a project other than sid. */
static bool admins_free(struct db *db, const char *sid, const int64_t *users, int n,
                        struct dv_error *err)
{
    for (int i = 0; i < n; i++) {
        char *uid = db_id_text(users[i]);
        const char *binds[] = {uid, sid};
        int64_t busy = 0;
        bool ok = db_int(db, "SELECT count(*) FROM user WHERE id = ?1 AND project_id IS NOT NULL "
                             "AND project_id != ?2",
                         binds, 2, &busy, err);

        g_free(uid);
        if (!ok)
            return false;
        if (busy) {
            dv_error_set(err, DV_ERR_INVALID, NULL,
                         _("This admin already manages another project."));
            return false;
        }
    }
    return true;
}

bool project_set_admins(struct db *db, const struct dv_actor *actor, int64_t id,
                        const int64_t *users, int n, struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        ok = db_ids_exist(db, "user", users, n, _("The user no longer exists."), err) &&
             admins_free(db, sid, users, n, err) &&
             relink(db, "UPDATE user SET project_id = NULL WHERE project_id = ?1",
                    "UPDATE user SET project_id = ?1 WHERE id = ?2 AND is_sysadm = 0", sid, users,
                    n, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project administrators"), name,
                          err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

bool project_hostgroup_choices(struct db *db, int64_t id, struct choice_list *out,
                               struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = choice_query(db,
                           "SELECT g.id, g.name, EXISTS (SELECT 1 FROM project_host_group x "
                           "WHERE x.project_id = ?1 AND x.group_id = g.id) "
                           "FROM host_group g ORDER BY g.name",
                           binds, 1, out, err);

    g_free(sid);
    return ok;
}

bool project_set_hostgroups(struct db *db, const struct dv_actor *actor, int64_t id,
                            const int64_t *groups, int n, struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        ok = db_ids_exist(db, "host_group", groups, n, _("The host group no longer exists."), err) &&
             relink(db, "DELETE FROM project_host_group WHERE project_id = ?1",
                    "INSERT INTO project_host_group(project_id, group_id) VALUES (?1, ?2)", sid,
                    groups, n, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project host groups"), name,
                          err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

bool project_pool_choices(struct db *db, int64_t id, struct choice_list *out,
                          struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = choice_query(db,
                           "SELECT p.id, p.name, EXISTS (SELECT 1 FROM pool_project pp WHERE "
                           "pp.pool_id = p.id AND pp.project_id = CAST(?1 AS INTEGER)) "
                           "FROM pool p ORDER BY p.name",
                           binds, 1, out, err);

    g_free(sid);
    return ok;
}

bool project_set_pools(struct db *db, const struct dv_actor *actor, int64_t id,
                       const int64_t *pools, int n, struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        ok = db_ids_exist(db, "pool", pools, n, _("The storage pool no longer exists."), err) &&
             relink(db, "DELETE FROM pool_project WHERE project_id = ?1",
                    "INSERT INTO pool_project(project_id, pool_id) VALUES (?1, ?2)", sid, pools,
                    n, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project storage pools"), name,
                          err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

bool project_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_query(db, "SELECT id, name, 0 FROM project ORDER BY name", NULL, 0, out, err);
}

bool project_usage(struct db *db, int64_t id, struct project_usage *out, struct dv_error *err)
{
    struct project p;
    char *sid;
    bool ok = true;

    memset(out, 0, sizeof(*out));
    if (!project_get(db, id, &p, err))
        return false;
    sid = db_id_text(id);
    for (int q = 0; q < QUOTA_COUNT; q++) {
        const char *binds[] = {sid};

        out->max[q] = p.quota[q];
        if (ok && usage_sql[q])
            ok = db_int(db, usage_sql[q], binds, 1, &out->used[q], err);
    }
    g_free(sid);
    project_clear(&p);
    return ok;
}

char *project_format_runtime(int64_t s)
{
    /* L10N: accumulated run time: days, then HH:MM:SS (manual: 7天 00:01:11) */
    return g_strdup_printf(_("%lldd %02lld:%02lld:%02lld"), (long long)(s / 86400),
                           (long long)(s % 86400 / 3600), (long long)(s % 3600 / 60),
                           (long long)(s % 60));
}

bool project_of_admin(struct db *db, int64_t user_id, struct project *out, struct dv_error *err)
{
    char *uid = db_id_text(user_id);
    const char *binds[] = {uid};
    int64_t pid = 0;
    bool ok = db_int(db, "SELECT coalesce((SELECT project_id FROM user WHERE id = ?1), 0)", binds,
                     1, &pid, err);

    g_free(uid);
    if (!ok)
        return false;
    if (pid == 0) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("You manage no project yet; the system administrator assigns projects."));
        return false;
    }
    if (!project_get(db, pid, out, err))
        return false;
    if (out->active)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL,
                 _("The project '%s' is deactivated; it cannot be managed until the system "
                   "administrator activates it again."),
                 out->name);
    project_clear(out);
    return false;
}
