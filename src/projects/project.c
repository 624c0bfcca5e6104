/* project.c - projects, their quotas, admins and host groups */
#include "projects/project.h"
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

/* key: the form field (and dvtool's COLUMN=N word); the project table's
 * columns are named only in QUOTA_COLUMNS and QUOTA_SET below, in this order. */
static const struct quota_def quotas[QUOTA_COUNT] = {
    {QUOTA_INSTANCES, "max_instances", N_("Max VM instances"), N_("VM instances")},
    {QUOTA_VCPUS, "max_vcpus", N_("Max VCPUs"), N_("VCPUs")},
    {QUOTA_MEM_MB, "max_mem_mb", N_("Max memory (MiB)"), N_("Memory (MiB)")},
    {QUOTA_DISK_MB, "max_disk_mb", N_("Max disk capacity (MiB)"), N_("Disk capacity (MiB)")},
    {QUOTA_IMAGE_MB, "max_image_mb", N_("Max total image size (MiB)"), N_("Image size (MiB)")},
    {QUOTA_IMAGES, "max_images", N_("Max image files"), N_("Image files")},
    {QUOTA_SNAPSHOTS, "max_snapshots", N_("Max disk snapshots"), N_("Disk snapshots")},
};
#define QUOTA_COLUMNS                                                                              \
    "p.max_instances, p.max_vcpus, p.max_mem_mb, p.max_disk_mb, p.max_image_mb, p.max_images, "    \
    "p.max_snapshots"
#define QUOTA_SET                                                                                  \
    "max_instances = ?1, max_vcpus = ?2, max_mem_mb = ?3, max_disk_mb = ?4, "                      \
    "max_image_mb = ?5, max_images = ?6, max_snapshots = ?7"

/* What each quota's usage counts (P1/OP-9), ?1 = the project's id: the
 * capacities (MB, rounded up) of the volumes and snapshots it created, the
 * number of its snapshots, and the images it uploaded (whatever their
 * group).  Instances add their queries with their chapter; until then their
 * usage is 0. */
static const char *const usage_sql[QUOTA_COUNT] = {
    [QUOTA_INSTANCES] = "SELECT count(*) FROM instance WHERE project_id = ?1",
    /* OP-29: vCPUs and memory count while a VM runs or is suspended */
    [QUOTA_VCPUS] = "SELECT coalesce(sum(i.vcpus), 0) FROM vm JOIN instance i ON "
                    "i.id = vm.instance_id WHERE i.project_id = ?1 AND vm.run_state IN (1, 2)",
    [QUOTA_MEM_MB] = "SELECT coalesce(sum(i.memory_mib), 0) FROM vm JOIN instance i ON "
                     "i.id = vm.instance_id WHERE i.project_id = ?1 AND vm.run_state IN (1, 2)",
    [QUOTA_DISK_MB] = "SELECT (coalesce(sum(capacity), 0) + 1048575) / 1048576 FROM volume "
                      "WHERE project_id = ?1",
    [QUOTA_SNAPSHOTS] =
        "SELECT count(*) FROM volume WHERE project_id = ?1 AND parent_id IS NOT NULL",
    [QUOTA_IMAGE_MB] = "SELECT coalesce(sum(size_mb), 0) FROM image WHERE owner_project_id = ?1",
    [QUOTA_IMAGES] = "SELECT count(*) FROM image WHERE owner_project_id = ?1",
};

const struct quota_def *quota_def(enum quota_id id)
{
    return id < QUOTA_COUNT ? &quotas[id] : NULL;
}

#define PROJECT_COLUMNS                                                                            \
    "p.id, p.name, p.description, p.active, " QUOTA_COLUMNS ", "                                   \
    "coalesce((SELECT " DB_LIST_AGG(                                                               \
        "name_zh") " FROM (SELECT name_zh FROM user "                                              \
                   "WHERE project_id = p.id ORDER BY id)), ''), p.row_version"

static bool read_project(const struct db_row *r, void *ctx)
{
    struct project *p = ctx;

    p->id = db_row_int(r, 0);
    p->name = db_row_text(r, 1);
    p->description = db_row_text(r, 2);
    p->active = db_row_int(r, 3);
    for (int q = 0; q < QUOTA_COUNT; q++)
        p->quota[q] = db_row_int(r, 4 + q);
    p->admins = db_row_text(r, 11);
    p->version = db_row_int(r, 12);
    return true;
}
DB_PAGE_READER(add_row, struct project_page, read_project)

bool project_list(struct db *db, const char *name, int active, int64_t offset, int limit,
                  struct project_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, PROJECT_COLUMNS,
                       "project p WHERE (?1 = '' OR p.name LIKE ?2 ESCAPE '\\')"
                       " AND (?3 < 0 OR p.active = ?3)",
                       "p.id", DB_ARGS(DB_T(name ? name : ""), DB_T(like), DB_I(active)), offset,
                       limit, &out->total, add_row, out, err);
    g_free(like);
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
    DB_PAGE_FREE(p, project_clear);
}

bool project_get(struct db *db, int64_t id, struct project *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (db_get(db, "SELECT " PROJECT_COLUMNS " FROM project p WHERE p.id = ?1", DB_ARGS(DB_I(id)),
               read_project, out, _("The project no longer exists."), err))
        return true;
    project_clear(out);
    return false;
}

static bool check_fields(const char *name, const char *description, struct dv_error *err)
{
    return validate_cn_name(PF_NAME, _("Project name"), name, err) &&
           validate_length(PF_DESCRIPTION, _("Project description"), description, 0, 256, err);
}

static bool name_free(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    bool taken = false;

    if (!choice_taken(db, "project", "name", name, except, &taken, err))
        return false;
    if (taken)
        dv_error_set(err, DV_ERR_EXISTS, PF_NAME, _("The project '%s' already exists."), name);
    return !taken;
}

static bool group_exists(struct db *db, int64_t gid, struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db, "SELECT count(*) FROM project_group WHERE id = ?1", DB_ARGS(DB_I(gid)), &n,
                   err))
        return false;
    if (n == 0)
        dv_error_set(err, DV_ERR_INVALID, PF_GROUP,
                     _("Choose a project group; create one in project group management first."));
    return n > 0;
}

bool project_add(struct db *db, const struct dv_actor *actor, int64_t group_id, const char *name,
                 const char *description, int64_t *id, struct dv_error *err)
{
    bool ok = audit_require_sysadm(actor, err) && check_fields(name, description, err) &&
              db_begin(db, err);
    int64_t pid;

    if (!ok)
        return false;
    ok = group_exists(db, group_id, err) && name_free(db, name, 0, err) &&
         db_do(db, "INSERT INTO project(name, description, created_at) VALUES (?1, ?2, ?3)",
               DB_ARGS(DB_T(name), DB_T(description ? description : ""), DB_I(dv_now())), err);
    if (ok) {
        pid = db_last_id(db);
        if (id)
            *id = pid;
        ok = db_do(db, "INSERT INTO project_group_member(group_id, project_id) VALUES (?1, ?2)",
                   DB_ARGS(DB_I(group_id), DB_I(pid)), err);
    }
    return audit_commit(db, ok, actor, AUDIT_ADD, N_("Add project"), name, err);
}

/* Begin a write on an existing project: the transaction first, then the
 * project read inside it, so every check that follows sees what the write
 * will change; expected (0: any) is the row version the edit was based on.
 * *name receives its name. */
static bool begin_on(struct db *db, const struct dv_actor *actor, int64_t id, int64_t expected,
                     char **name, struct dv_error *err)
{
    struct project p;

    *name = NULL;
    if (!audit_require_sysadm(actor, err) || !db_begin(db, err))
        return false;
    if (project_get(db, id, &p, err) &&
        db_bump_version(db, "project", id, expected, _("The project no longer exists."), err)) {
        *name = g_strdup(p.name);
        project_clear(&p);
        return true;
    }
    db_rollback(db);
    return false;
}

bool project_update(struct db *db, const struct dv_actor *actor, int64_t id,
                    const struct project_spec *spec, struct dv_error *err)
{
    char *old = NULL;
    bool ok = check_fields(spec->name, spec->description, err) &&
              begin_on(db, actor, id, spec->version, &old, err);

    if (!ok)
        return false;
    ok =
        name_free(db, spec->name, id, err) &&
        db_do(db, "UPDATE project SET name = ?1, description = ?2 WHERE id = ?3",
              DB_ARGS(DB_T(spec->name), DB_T(spec->description ? spec->description : ""), DB_I(id)),
              err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project basic information"),
                      spec->name, err);
    g_free(old);
    return ok;
}

bool project_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    char *name;
    bool ok = begin_on(db, actor, id, 0, &name, err);

    if (!ok)
        return false;
    /* memberships and host groups cascade; admins are set free */
    ok = db_do(db, "DELETE FROM project WHERE id = ?1", DB_ARGS(DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete project"), name, err);
    g_free(name);
    return ok;
}

bool project_set_active(struct db *db, const struct dv_actor *actor, int64_t id, bool active,
                        struct dv_error *err)
{
    char *name;
    bool ok = begin_on(db, actor, id, 0, &name, err);

    if (!ok)
        return false;
    ok = db_do(db, "UPDATE project SET active = ?1 WHERE id = ?2 AND active != ?1",
               DB_ARGS(DB_I(active), DB_I(id)), err);
    if (ok && db_changes(db) == 0) {
        dv_error_set(err, DV_ERR_INFO, NULL,
                     active ? _("The project '%s' is already active.")
                            : _("The project '%s' is already inactive."),
                     name);
        ok = false;
    }
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY,
                      active ? N_("Activate project") : N_("Deactivate project"), name, err);
    g_free(name);
    return ok;
}

bool project_quota_parse(const char *const *texts, int64_t version, struct project_quota *out,
                         struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    out->version = version;
    for (int q = 0; q < QUOTA_COUNT; q++) {
        long n = 0;

        if (!validate_count(quotas[q].key, _(quotas[q].label), texts[q], G_MAXINT32, &n, err))
            return false;
        out->max[q] = n;
    }
    return true;
}

static bool check_quota(const struct project_quota *q, struct dv_error *err)
{
    for (int i = 0; i < QUOTA_COUNT; i++)
        if (q->max[i] < 0 || q->max[i] > G_MAXINT32) {
            dv_error_set(err, DV_ERR_INVALID, quotas[i].key, _("%s must be between %ld and %ld."),
                         _(quotas[i].label), 0L, (long)G_MAXINT32);
            return false;
        }
    return true;
}

bool project_set_quota(struct db *db, const struct dv_actor *actor, int64_t id,
                       const struct project_quota *q, struct dv_error *err)
{
    char *name = NULL;
    bool ok = check_quota(q, err) && begin_on(db, actor, id, q->version, &name, err);

    if (!ok)
        return false;
    ok = db_do(db, "UPDATE project SET " QUOTA_SET " WHERE id = ?8",
               DB_ARGS(DB_I(q->max[0]), DB_I(q->max[1]), DB_I(q->max[2]), DB_I(q->max[3]),
                       DB_I(q->max[4]), DB_I(q->max[5]), DB_I(q->max[6]), DB_I(id)),
               err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project quota"), name, err);
    g_free(name);
    return ok;
}

bool project_admin_choices(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db,
                         "SELECT id, name_zh || ' (' || account || ')', "
                         "coalesce(project_id = ?1, 0) FROM user WHERE is_sysadm = 0 AND "
                         "(project_id IS NULL OR project_id = ?1) ORDER BY id",
                         DB_ARGS(DB_I(id)), out, err);
}

/* Refused when one of users manages a project other than id. */
static bool admins_free(struct db *db, int64_t id, const int64_t *users, int n,
                        struct dv_error *err)
{
    for (int i = 0; i < n; i++) {
        int64_t busy = 0;

        if (!db_scalar(db,
                       "SELECT count(*) FROM user WHERE id = ?1 AND project_id IS NOT NULL "
                       "AND project_id != ?2",
                       DB_ARGS(DB_I(users[i]), DB_I(id)), &busy, err))
            return false;
        if (busy) {
            dv_error_set(err, DV_ERR_INVALID, NULL,
                         _("This admin already manages another project."));
            return false;
        }
    }
    return true;
}

static const struct choice_link admin_link = {
    "user", N_("The user no longer exists."),
    "UPDATE user SET project_id = NULL WHERE project_id = ?1",
    "UPDATE user SET project_id = ?1 WHERE id = ?2 AND is_sysadm = 0"};
static const struct choice_link hostgroup_link = {
    "host_group", N_("The host group no longer exists."),
    "DELETE FROM project_host_group WHERE project_id = ?1",
    "INSERT INTO project_host_group(project_id, group_id) VALUES (?1, ?2)"};
static const struct choice_link pool_link = {
    "pool", N_("The storage pool no longer exists."),
    "DELETE FROM pool_project WHERE project_id = ?1",
    "INSERT INTO pool_project(project_id, pool_id) VALUES (?1, ?2)"};

/* Replace the project's links of one kind (M7.2.1.3b-d); check (may be NULL)
 * runs first inside the transaction. */
static bool set_links(struct db *db, const struct dv_actor *actor, int64_t id,
                      const struct choice_link *link, const char *action,
                      bool (*check)(struct db *, int64_t, const int64_t *, int, struct dv_error *),
                      const int64_t *ids, int n, struct dv_error *err)
{
    char *name;
    bool ok = begin_on(db, actor, id, 0, &name, err);

    if (!ok)
        return false;
    ok = (!check || check(db, id, ids, n, err)) && choice_set_links(db, link, id, ids, n, err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, action, name, err);
    g_free(name);
    return ok;
}

bool project_set_admins(struct db *db, const struct dv_actor *actor, int64_t id,
                        const int64_t *users, int n, struct dv_error *err)
{
    return set_links(db, actor, id, &admin_link, N_("Modify project administrators"), admins_free,
                     users, n, err);
}

bool project_hostgroup_choices(struct db *db, int64_t id, struct choice_list *out,
                               struct dv_error *err)
{
    return choice_select(db,
                         "SELECT g.id, g.name, EXISTS (SELECT 1 FROM project_host_group x "
                         "WHERE x.project_id = ?1 AND x.group_id = g.id) "
                         "FROM host_group g ORDER BY g.name",
                         DB_ARGS(DB_I(id)), out, err);
}

bool project_set_hostgroups(struct db *db, const struct dv_actor *actor, int64_t id,
                            const int64_t *groups, int n, struct dv_error *err)
{
    return set_links(db, actor, id, &hostgroup_link, N_("Modify project host groups"), NULL, groups,
                     n, err);
}

bool project_pool_choices(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db,
                         "SELECT p.id, p.name, EXISTS (SELECT 1 FROM pool_project pp WHERE "
                         "pp.pool_id = p.id AND pp.project_id = ?1) FROM pool p ORDER BY p.name",
                         DB_ARGS(DB_I(id)), out, err);
}

bool project_set_pools(struct db *db, const struct dv_actor *actor, int64_t id,
                       const int64_t *pools, int n, struct dv_error *err)
{
    return set_links(db, actor, id, &pool_link, N_("Modify project storage pools"), NULL, pools, n,
                     err);
}

bool project_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, 0 FROM project ORDER BY name", DB_NOARGS, out, err);
}

bool project_usage(struct db *db, int64_t id, struct project_usage *out, struct dv_error *err)
{
    struct project p;
    bool ok = true;

    memset(out, 0, sizeof(*out));
    if (!project_get(db, id, &p, err))
        return false;
    for (int q = 0; q < QUOTA_COUNT; q++) {
        out->max[q] = p.quota[q];
        if (ok && usage_sql[q])
            ok = db_scalar(db, usage_sql[q], DB_ARGS(DB_I(id)), &out->used[q], err);
    }
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
    int64_t pid = 0;

    memset(out, 0, sizeof(*out));
    if (!db_scalar(db, "SELECT project_id FROM user WHERE id = ?1", DB_ARGS(DB_I(user_id)), &pid,
                   err))
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

bool project_for_actor(struct db *db, const struct dv_actor *actor, int64_t fallback,
                       int64_t *project_id, struct dv_error *err)
{
    struct project p = {0};
    int64_t n = 0;

    *project_id = 0;
    if (!actor->sysadm) {
        if (!project_of_admin(db, actor->user_id, &p, err))
            return false;
        *project_id = p.id;
        project_clear(&p);
        return true;
    }
    if (fallback && !db_scalar(db, "SELECT count(*) FROM project WHERE id = ?1",
                               DB_ARGS(DB_I(fallback)), &n, err))
        return false;
    if (!n) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, "%s", _("The project no longer exists."));
        return false;
    }
    *project_id = fallback;
    return true;
}
