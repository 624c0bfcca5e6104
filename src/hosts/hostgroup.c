/* hostgroup.c - host groups */
#include "hosts/hostgroup.h"
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

#define GROUP_COLUMNS                                                                              \
    "g.id, g.name, g.description, "                                                                \
    "coalesce((SELECT " DB_LIST_AGG(                                                               \
        "h.name") " FROM host_group_member m JOIN host h "                                         \
                  "ON h.id = m.host_id WHERE m.group_id = g.id), ''), "                            \
                  "coalesce((SELECT " DB_LIST_AGG(                                                 \
                      "p.name") " FROM project_host_group x JOIN project p "                       \
                                "ON p.id = x.project_id WHERE x.group_id = g.id), ''), "           \
                                "g.row_version"

static const char *const gone = N_("The host group no longer exists.");

static bool read_group(const struct db_row *r, void *ctx)
{
    struct hostgroup *g = ctx;

    g->id = db_row_int(r, 0);
    g->name = db_row_text(r, 1);
    g->description = db_row_text(r, 2);
    g->hosts = db_row_text(r, 3);
    g->projects = db_row_text(r, 4);
    g->version = db_row_int(r, 5);
    return true;
}
DB_PAGE_READER(add_row, struct hostgroup_page, read_group)

bool hostgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                    struct hostgroup_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(
        db, GROUP_COLUMNS, "host_group g WHERE ?1 = '' OR g.name LIKE ?2 ESCAPE '\\'", "g.id",
        DB_ARGS(DB_T(name ? name : ""), DB_T(like)), offset, limit, &out->total, add_row, out, err);
    g_free(like);
    if (!ok)
        hostgroup_page_free(out);
    return ok;
}

void hostgroup_clear(struct hostgroup *g)
{
    g_free(g->name);
    g_free(g->description);
    g_free(g->hosts);
    g_free(g->projects);
    memset(g, 0, sizeof(*g));
}

void hostgroup_page_free(struct hostgroup_page *p)
{
    DB_PAGE_FREE(p, hostgroup_clear);
}

bool hostgroup_get(struct db *db, int64_t id, struct hostgroup *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (db_get(db, "SELECT " GROUP_COLUMNS " FROM host_group g WHERE g.id = ?1", DB_ARGS(DB_I(id)),
               read_group, out, _(gone), err))
        return true;
    hostgroup_clear(out);
    return false;
}

static bool check_fields(const char *name, const char *description, int nhosts,
                         struct dv_error *err)
{
    if (!validate_cn_name(HGF_NAME, _("Host group name"), name, err) ||
        !validate_length(HGF_DESCRIPTION, _("Description"), description, 0, 256, err))
        return false;
    if (nhosts > 0)
        return true;
    dv_error_set(err, DV_ERR_INVALID, HGF_HOSTS, _("A host group needs at least one host."));
    return false;
}

static bool name_free(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    bool taken = false;

    if (!choice_taken(db, "host_group", "name", name, except, &taken, err))
        return false;
    if (taken)
        dv_error_set(err, DV_ERR_EXISTS, HGF_NAME, _("The host group '%s' already exists."), name);
    return !taken;
}

static const struct choice_link host_link = {
    "host", N_("The host no longer exists."), "DELETE FROM host_group_member WHERE group_id = ?1",
    "INSERT INTO host_group_member(group_id, host_id) VALUES (?1, ?2)"};
static const struct choice_link project_link = {
    "project", N_("The project no longer exists."),
    "DELETE FROM project_host_group WHERE group_id = ?1",
    "INSERT INTO project_host_group(group_id, project_id) VALUES (?1, ?2)"};

bool hostgroup_add(struct db *db, const struct dv_actor *actor, const struct hostgroup_spec *spec,
                   int64_t *id, struct dv_error *err)
{
    const char *name = spec->name, *description = spec->description;
    bool ok = audit_require_sysadm(actor, err) &&
              check_fields(name, description, spec->nhosts, err) && db_begin(db, err);
    int64_t gid;

    if (!ok)
        return false;
    ok = name_free(db, name, 0, err) &&
         db_do(db, "INSERT INTO host_group(name, description, created_at) VALUES (?1, ?2, ?3)",
               DB_ARGS(DB_T(name), DB_T(description ? description : ""), DB_I(dv_now())), err);
    if (ok) {
        gid = db_last_id(db);
        if (id)
            *id = gid;
        ok = choice_set_links(db, &host_link, gid, spec->hosts, spec->nhosts, err);
    }
    return audit_commit(db, ok, actor, AUDIT_ADD, N_("Add host group"), name, err);
}

bool hostgroup_update(struct db *db, const struct dv_actor *actor, int64_t id,
                      const struct hostgroup_spec *spec, struct dv_error *err)
{
    bool ok = audit_require_sysadm(actor, err) &&
              check_fields(spec->name, spec->description, spec->nhosts, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok =
        choice_ids_exist(db, "host_group", &id, 1, _(gone), err) &&
        name_free(db, spec->name, id, err) &&
        db_bump_version(db, "host_group", id, spec->version, _(gone), err) &&
        db_do(db, "UPDATE host_group SET name = ?1, description = ?2 WHERE id = ?3",
              DB_ARGS(DB_T(spec->name), DB_T(spec->description ? spec->description : ""), DB_I(id)),
              err) &&
        choice_set_links(db, &host_link, id, spec->hosts, spec->nhosts, err);
    return audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify host group"), spec->name, err);
}

/* Begin a write on an existing group, read inside the transaction; *name
 * receives its name. */
static bool begin_on(struct db *db, const struct dv_actor *actor, int64_t id, char **name,
                     struct dv_error *err)
{
    struct hostgroup g;

    *name = NULL;
    if (!audit_require_sysadm(actor, err) || !db_begin(db, err))
        return false;
    if (hostgroup_get(db, id, &g, err)) {
        *name = g_strdup(g.name);
        hostgroup_clear(&g);
        return true;
    }
    db_rollback(db);
    return false;
}

bool hostgroup_set_projects(struct db *db, const struct dv_actor *actor, int64_t id,
                            const int64_t *projects, int n, struct dv_error *err)
{
    char *name;
    bool ok = begin_on(db, actor, id, &name, err);

    if (!ok)
        return false;
    ok = choice_set_links(db, &project_link, id, projects, n, err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify projects of host group"), name, err);
    g_free(name);
    return ok;
}

bool hostgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    char *name;
    int64_t used = 0;
    bool ok = begin_on(db, actor, id, &name, err);

    if (!ok)
        return false;
    ok = db_scalar(db, "SELECT count(*) FROM project_host_group WHERE group_id = ?1",
                   DB_ARGS(DB_I(id)), &used, err);
    if (ok && used > 0) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("The host group is assigned to a project; it cannot be deleted."));
        ok = false;
    }
    ok = ok && db_do(db, "DELETE FROM host_group WHERE id = ?1", DB_ARGS(DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete host group"), name, err);
    g_free(name);
    return ok;
}

bool hostgroup_host_choices(struct db *db, int64_t id, struct choice_list *out,
                            struct dv_error *err)
{
    return choice_select(db,
                         "SELECT h.id, h.name, EXISTS (SELECT 1 FROM host_group_member m "
                         "WHERE m.group_id = ?1 AND m.host_id = h.id) FROM host h ORDER BY h.name",
                         DB_ARGS(DB_I(id)), out, err);
}

bool hostgroup_project_choices(struct db *db, int64_t id, struct choice_list *out,
                               struct dv_error *err)
{
    return choice_select(db,
                         "SELECT p.id, p.name, EXISTS (SELECT 1 FROM project_host_group x "
                         "WHERE x.group_id = ?1 AND x.project_id = p.id) FROM project p "
                         "ORDER BY p.name",
                         DB_ARGS(DB_I(id)), out, err);
}

bool hostgroup_members(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db,
                         "SELECT h.id, h.name, h.state FROM host_group_member m JOIN host h "
                         "ON h.id = m.host_id WHERE m.group_id = ?1 ORDER BY h.name",
                         DB_ARGS(DB_I(id)), out, err);
}
