/* projgroup.c - project groups */
#include "projects/projgroup.h"
#include "db/audit.h"
#include "base/util.h"
#include "base/validate.h"

#include <errno.h>
#include <string.h>

static void read_row(sqlite3_stmt *st, void *ctx)
{
    struct projgroup_page *p = ctx;
    struct projgroup_row *r;

    p->rows = g_renew(struct projgroup_row, p->rows, p->n + 1);
    r = &p->rows[p->n++];
    r->group_id = sqlite3_column_int64(st, 0);
    r->name = db_col_text(st, 1);
    r->file_dir = db_col_text(st, 2);
    r->description = db_col_text(st, 3);
    r->project_id = sqlite3_column_int64(st, 4);
    r->project = db_col_text(st, 5);
}

bool projgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                    struct projgroup_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    const char *binds[] = {name ? name : "", like};
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_page(db, "g.id, g.name, g.file_dir, g.description, coalesce(p.id, 0), coalesce(p.name, '')",
                 "project_group g LEFT JOIN project_group_member m ON m.group_id = g.id"
                 " LEFT JOIN project p ON p.id = m.project_id"
                 " WHERE ?1 = '' OR g.name LIKE ?2 ESCAPE '\\'",
                 "g.id, p.id", binds, 2, offset, limit, &out->total, read_row, out, err);
    g_free(like);
    if (!ok)
        projgroup_page_free(out);
    return ok;
}

void projgroup_page_free(struct projgroup_page *p)
{
    for (int i = 0; i < p->n; i++) {
        g_free(p->rows[i].name);
        g_free(p->rows[i].file_dir);
        g_free(p->rows[i].description);
        g_free(p->rows[i].project);
    }
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

static bool check_fields(const char *name, const char *dir, const char *description,
                         struct dv_error *err)
{
    return validate_cn_name(PGF_NAME, _("Project group name"), name, err) &&
           validate_abs_path(PGF_DIR, _("File save directory"), dir, 255, err) &&
           validate_length(PGF_DESCRIPTION, _("Description"), description, 0, 256, err);
}

/* The directory must exist or be created (M7.2.2.2 Rec.). */
static bool make_dir(const char *dir, struct dv_error *err)
{
    if (g_mkdir_with_parents(dir, 0755) == 0)
        return true;
    dv_error_set(err, DV_ERR_IO, PGF_DIR, _("File save directory: '%s' cannot be created: %s."),
                 dir, g_strerror(errno));
    return false;
}

static bool name_free(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    char *id = db_id_text(except);
    const char *binds[] = {name, id};
    int64_t n = 0;
    bool ok = db_int(db, "SELECT count(*) FROM project_group WHERE name = ?1 AND id != ?2", binds,
                     2, &n, err);

    g_free(id);
    if (ok && n > 0) {
        dv_error_set(err, DV_ERR_EXISTS, PGF_NAME, _("The project group '%s' already exists."),
                     name);
        return false;
    }
    return ok;
}

/* The group id must exist (DV_ERR_NOTFOUND otherwise). */
static bool group_exists(struct db *db, int64_t id, struct dv_error *err)
{
    return db_ids_exist(db, "project_group", &id, 1, _("The project group no longer exists."),
                        err);
}

static bool project_exists(struct db *db, int64_t id, struct dv_error *err)
{
    return db_ids_exist(db, "project", &id, 1, _("The project no longer exists."), err);
}

bool projgroup_add(struct db *db, const struct dv_actor *actor, const char *name,
                   const char *file_dir, const char *description, int64_t *id,
                   struct dv_error *err)
{
    char *now = db_id_text(dv_now());
    const char *binds[] = {name, file_dir, description ? description : "", now};
    bool ok;

    if (!audit_require_sysadm(actor, err) || !check_fields(name, file_dir, description, err) ||
        !db_begin(db, err)) {
        g_free(now);
        return false;
    }
    ok = name_free(db, name, 0, err) && make_dir(file_dir, err) &&
         db_run(db, "INSERT INTO project_group(name, file_dir, description, created_at) "
                    "VALUES (?1, ?2, ?3, ?4)",
                binds, 4, err);
    if (ok && id)
        *id = sqlite3_last_insert_rowid(db_handle(db));
    g_free(now);
    return audit_commit(db, ok, actor, AUDIT_ADD, N_("Add project group"), name, err);
}

bool projgroup_update(struct db *db, const struct dv_actor *actor, int64_t id, const char *name,
                      const char *file_dir, const char *description, struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {name, file_dir, description ? description : "", sid};
    bool ok;

    if (!audit_require_sysadm(actor, err) || !check_fields(name, file_dir, description, err) ||
        !db_begin(db, err)) {
        g_free(sid);
        return false;
    }
    ok = group_exists(db, id, err) && name_free(db, name, id, err) && make_dir(file_dir, err) &&
         db_run(db, "UPDATE project_group SET name = ?1, file_dir = ?2, description = ?3 "
                    "WHERE id = ?4",
                binds, 4, err);
    g_free(sid);
    return audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify project group"), name, err);
}

static char *group_name(struct db *db, int64_t id)
{
    char *sid = db_id_text(id);
    struct choice_list l;
    const char *binds[] = {sid};
    char *name = NULL;

    if (choice_query(db, "SELECT id, name, 0 FROM project_group WHERE id = ?1", binds, 1, &l,
                     NULL)) {
        if (l.n == 1)
            name = g_strdup(l.v[0].label);
        choice_list_free(&l);
    }
    g_free(sid);
    return name;
}

bool projgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                      struct dv_error *err)
{
    char *sid = db_id_text(id), *name = NULL;
    const char *binds[] = {sid};
    int64_t n = 0;
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    if (ok) {
        name = group_name(db, id);
        ok = group_exists(db, id, err) &&
             db_int(db, "SELECT count(*) FROM project_group_member WHERE group_id = ?1", binds, 1,
                    &n, err);
        if (ok && n > 0) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The project group still contains projects; remove them first."));
            ok = false;
        }
        ok = ok && db_run(db, "DELETE FROM project_group WHERE id = ?1", binds, 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete project group"), name, err);
    }
    g_free(sid);
    g_free(name);
    return ok;
}

static char *pair_object(struct db *db, int64_t group_id, int64_t project_id)
{
    char *g = group_name(db, group_id), *sid = db_id_text(project_id), *obj;
    const char *binds[] = {sid};
    struct choice_list l = {0};

    choice_query(db, "SELECT id, name, 0 FROM project WHERE id = ?1", binds, 1, &l, NULL);
    obj = g_strdup_printf("%s / %s", g ? g : "?", l.n ? l.v[0].label : "?");
    choice_list_free(&l);
    g_free(g);
    g_free(sid);
    return obj;
}

bool projgroup_add_project(struct db *db, const struct dv_actor *actor, int64_t group_id,
                           int64_t project_id, struct dv_error *err)
{
    char *g = db_id_text(group_id), *p = db_id_text(project_id), *obj;
    const char *binds[] = {g, p};
    int64_t n = 0;
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        goto out;
    ok = group_exists(db, group_id, err) && project_exists(db, project_id, err) &&
         db_int(db, "SELECT count(*) FROM project_group_member WHERE group_id = ?1 AND project_id = ?2",
                binds, 2, &n, err);
    if (ok && n > 0) {
        dv_error_set(err, DV_ERR_EXISTS, PGF_PROJECT, _("The project is already in this project group."));
        ok = false;
    }
    ok = ok && db_run(db, "INSERT INTO project_group_member(group_id, project_id) VALUES (?1, ?2)",
                      binds, 2, err);
    obj = pair_object(db, group_id, project_id);
    ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add project to project group"), obj, err);
    g_free(obj);
out:
    g_free(g);
    g_free(p);
    return ok;
}

bool projgroup_remove_project(struct db *db, const struct dv_actor *actor, int64_t group_id,
                              int64_t project_id, struct dv_error *err)
{
    char *g = db_id_text(group_id), *p = db_id_text(project_id), *obj;
    const char *binds[] = {g, p};
    int64_t n = 0;
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        goto out;
    ok = db_int(db, "SELECT count(*) FROM project_group_member WHERE group_id = ?1 AND project_id = ?2",
                binds, 2, &n, err);
    if (ok && n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The project is not in this project group."));
        ok = false;
    }
    ok = ok && db_int(db, "SELECT count(*) FROM project_group_member WHERE project_id = ?2 AND ?1 = ?1",
                      binds, 2, &n, err);
    if (ok && n <= 1) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("A project must stay in at least one project group."));
        ok = false;
    }
    ok = ok && db_run(db, "DELETE FROM project_group_member WHERE group_id = ?1 AND project_id = ?2",
                      binds, 2, err);
    obj = pair_object(db, group_id, project_id);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Remove project from project group"), obj, err);
    g_free(obj);
out:
    g_free(g);
    g_free(p);
    return ok;
}

bool projgroup_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_query(db, "SELECT id, name, 0 FROM project_group ORDER BY name", NULL, 0, out,
                        err);
}
