/* hostgroup.c - host groups */
#include "hosts/hostgroup.h"
#include "db/audit.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

#define GROUP_COLUMNS                                                                          \
    "g.id, g.name, g.description, "                                                            \
    "coalesce((SELECT group_concat(h.name, ',') FROM host_group_member m JOIN host h "        \
    "ON h.id = m.host_id WHERE m.group_id = g.id), ''), "                                     \
    "coalesce((SELECT group_concat(p.name, ',') FROM project_host_group x JOIN project p "    \
    "ON p.id = x.project_id WHERE x.group_id = g.id), '')"

static void add_row(sqlite3_stmt *st, void *ctx)
{
    struct hostgroup_page *p = ctx;
    struct hostgroup *g;

    p->rows = g_renew(struct hostgroup, p->rows, p->n + 1);
    g = &p->rows[p->n++];
    g->id = sqlite3_column_int64(st, 0);
    g->name = db_col_text(st, 1);
    g->description = db_col_text(st, 2);
    g->hosts = db_col_text(st, 3);
    g->projects = db_col_text(st, 4);
}

bool hostgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                    struct hostgroup_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    const char *binds[] = {name ? name : "", like};
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_page(db, GROUP_COLUMNS, "host_group g WHERE ?1 = '' OR g.name LIKE ?2 ESCAPE '\\'",
                 "g.id", binds, 2, offset, limit, &out->total, add_row, out, err);
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
    for (int i = 0; i < p->n; i++)
        hostgroup_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

bool hostgroup_get(struct db *db, int64_t id, struct hostgroup *out, struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    struct hostgroup_page page = {0};
    bool ok = db_page(db, GROUP_COLUMNS, "host_group g WHERE g.id = ?1", "g.id", binds, 1, 0, 1,
                      &page.total, add_row, &page, err);

    g_free(sid);
    if (ok && page.n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The host group no longer exists."));
        ok = false;
    }
    if (!ok) {
        hostgroup_page_free(&page);
        return false;
    }
    *out = page.rows[0];
    g_free(page.rows);
    return true;
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
    char *id = db_id_text(except);
    const char *binds[] = {name, id};
    int64_t n = 0;
    bool ok = db_int(db, "SELECT count(*) FROM host_group WHERE name = ?1 AND id != ?2", binds, 2,
                     &n, err);

    g_free(id);
    if (ok && n > 0) {
        dv_error_set(err, DV_ERR_EXISTS, HGF_NAME, _("The host group '%s' already exists."),
                     name);
        return false;
    }
    return ok;
}

/* Replace the links of group sid: clear, then insert one per id. */
static bool relink(struct db *db, const char *clear, const char *insert, const char *sid,
                   const int64_t *ids, int n, struct dv_error *err)
{
    const char *binds[2] = {sid, NULL};
    bool ok = db_run(db, clear, binds, 1, err);

    for (int i = 0; ok && i < n; i++) {
        char *other = db_id_text(ids[i]);

        binds[1] = other;
        ok = db_run(db, insert, binds, 2, err);
        g_free(other);
    }
    return ok;
}

static bool set_hosts(struct db *db, const char *sid, const int64_t *hosts, int n,
                      struct dv_error *err)
{
    return db_ids_exist(db, "host", hosts, n, _("The host no longer exists."), err) &&
           relink(db, "DELETE FROM host_group_member WHERE group_id = ?1",
                  "INSERT INTO host_group_member(group_id, host_id) VALUES (?1, ?2)", sid, hosts,
                  n, err);
}

bool hostgroup_add(struct db *db, const struct dv_actor *actor, const char *name,
                   const char *description, const int64_t *hosts, int n, int64_t *id,
                   struct dv_error *err)
{
    char *now = db_id_text(dv_now()), *sid = NULL;
    const char *binds[] = {name, description ? description : "", now};
    bool ok = audit_require_sysadm(actor, err) && check_fields(name, description, n, err) &&
              db_begin(db, err);

    if (ok) {
        ok = name_free(db, name, 0, err) &&
             db_run(db, "INSERT INTO host_group(name, description, created_at) VALUES (?1, ?2, ?3)",
                    binds, 3, err);
        if (ok) {
            sid = db_id_text(sqlite3_last_insert_rowid(db_handle(db)));
            if (id)
                *id = sqlite3_last_insert_rowid(db_handle(db));
            ok = set_hosts(db, sid, hosts, n, err);
        }
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add host group"), name, err);
    }
    g_free(now);
    g_free(sid);
    return ok;
}

bool hostgroup_update(struct db *db, const struct dv_actor *actor, int64_t id, const char *name,
                      const char *description, const int64_t *hosts, int n,
                      struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {name, description ? description : "", sid};
    bool ok = audit_require_sysadm(actor, err) && check_fields(name, description, n, err) &&
              db_begin(db, err);

    if (ok) {
        ok = db_ids_exist(db, "host_group", &id, 1, _("The host group no longer exists."), err) &&
             name_free(db, name, id, err) &&
             db_run(db, "UPDATE host_group SET name = ?1, description = ?2 WHERE id = ?3", binds,
                    3, err) &&
             set_hosts(db, sid, hosts, n, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify host group"), name, err);
    }
    g_free(sid);
    return ok;
}

/* Begin a write on an existing group; *name receives its name. */
static bool begin_on(struct db *db, const struct dv_actor *actor, int64_t id, char **name,
                     struct dv_error *err)
{
    struct hostgroup g;

    *name = NULL;
    if (!audit_require_sysadm(actor, err) || !hostgroup_get(db, id, &g, err))
        return false;
    *name = g_strdup(g.name);
    hostgroup_clear(&g);
    if (db_begin(db, err))
        return true;
    g_free(*name);
    *name = NULL;
    return false;
}

bool hostgroup_set_projects(struct db *db, const struct dv_actor *actor, int64_t id,
                            const int64_t *projects, int n, struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        ok = db_ids_exist(db, "project", projects, n, _("The project no longer exists."), err) &&
             relink(db, "DELETE FROM project_host_group WHERE group_id = ?1",
                    "INSERT INTO project_host_group(group_id, project_id) VALUES (?1, ?2)", sid,
                    projects, n, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify projects of host group"), name,
                          err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

bool hostgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                      struct dv_error *err)
{
    char *sid = db_id_text(id), *name;
    const char *binds[] = {sid};
    int64_t used = 0;
    bool ok = begin_on(db, actor, id, &name, err);

    if (ok) {
        ok = db_int(db, "SELECT count(*) FROM project_host_group WHERE group_id = ?1", binds, 1,
                    &used, err);
        if (ok && used > 0) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The host group is assigned to a project; it cannot be deleted."));
            ok = false;
        }
        ok = ok && db_run(db, "DELETE FROM host_group WHERE id = ?1", binds, 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete host group"), name, err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

static bool query_for(struct db *db, const char *sql, int64_t id, struct choice_list *out,
                      struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = choice_query(db, sql, binds, 1, out, err);

    g_free(sid);
    return ok;
}

bool hostgroup_host_choices(struct db *db, int64_t id, struct choice_list *out,
                            struct dv_error *err)
{
    return query_for(db,
                     "SELECT h.id, h.name, EXISTS (SELECT 1 FROM host_group_member m "
                     "WHERE m.group_id = ?1 AND m.host_id = h.id) FROM host h ORDER BY h.name",
                     id, out, err);
}

bool hostgroup_project_choices(struct db *db, int64_t id, struct choice_list *out,
                               struct dv_error *err)
{
    return query_for(db,
                     "SELECT p.id, p.name, EXISTS (SELECT 1 FROM project_host_group x "
                     "WHERE x.group_id = ?1 AND x.project_id = p.id) FROM project p "
                     "ORDER BY p.name",
                     id, out, err);
}

bool hostgroup_members(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err)
{
    return query_for(db,
                     "SELECT h.id, h.name, h.state FROM host_group_member m JOIN host h "
                     "ON h.id = m.host_id WHERE m.group_id = ?1 ORDER BY h.name",
                     id, out, err);
}
