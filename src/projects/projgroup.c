/* projgroup.c - project groups */
#include "projects/projgroup.h"
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"
#include "base/validate.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

static bool read_row(const struct db_row *r, void *ctx)
{
    struct projgroup_row *row = ctx;

    row->group_id = db_row_int(r, 0);
    row->name = db_row_text(r, 1);
    row->file_dir = db_row_text(r, 2);
    row->description = db_row_text(r, 3);
    row->project_id = db_row_int(r, 4);
    row->project = db_row_text(r, 5);
    return true;
}
DB_PAGE_READER(add_row, struct projgroup_page, read_row)

bool projgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                    struct projgroup_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(
        db, "g.id, g.name, g.file_dir, g.description, coalesce(p.id, 0), coalesce(p.name, '')",
        "project_group g LEFT JOIN project_group_member m ON m.group_id = g.id"
        " LEFT JOIN project p ON p.id = m.project_id"
        " WHERE ?1 = '' OR g.name LIKE ?2 ESCAPE '\\'",
        "g.id, p.id", DB_ARGS(DB_T(name ? name : ""), DB_T(like)), offset, limit, &out->total,
        add_row, out, err);
    g_free(like);
    if (!ok)
        projgroup_page_free(out);
    return ok;
}

static void clear_row(struct projgroup_row *r)
{
    g_free(r->name);
    g_free(r->file_dir);
    g_free(r->description);
    g_free(r->project);
}

void projgroup_page_free(struct projgroup_page *p)
{
    DB_PAGE_FREE(p, clear_row);
}

static bool read_group(const struct db_row *r, void *ctx)
{
    struct projgroup *g = ctx;

    g->id = db_row_int(r, 0);
    g->name = db_row_text(r, 1);
    g->file_dir = db_row_text(r, 2);
    g->description = db_row_text(r, 3);
    g->version = db_row_int(r, 4);
    return true;
}

bool projgroup_get(struct db *db, int64_t id, struct projgroup *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (db_get(db,
               "SELECT id, name, file_dir, description, row_version FROM project_group "
               "WHERE id = ?1",
               DB_ARGS(DB_I(id)), read_group, out, _("The project group no longer exists."), err))
        return true;
    projgroup_clear(out);
    return false;
}

void projgroup_clear(struct projgroup *g)
{
    g_free(g->name);
    g_free(g->file_dir);
    g_free(g->description);
    memset(g, 0, sizeof(*g));
}

static bool check_fields(const char *name, const char *dir, const char *description,
                         struct dv_error *err)
{
    return validate_cn_name(PGF_NAME, _("Project group name"), name, err) &&
           validate_abs_path(PGF_DIR, _("File save directory"), dir, 255, err) &&
           validate_length(PGF_DESCRIPTION, _("Description"), description, 0, 256, err);
}

/* The directory must exist or be created (M7.2.2.2 Rec.); *made tells
 * whether this call created it (issue 7 point 8: a write that then fails
 * takes it back, so the disk matches the records). */
static bool make_dir(const char *dir, bool *made, struct dv_error *err)
{
    *made = !g_file_test(dir, G_FILE_TEST_IS_DIR);
    if (g_mkdir_with_parents(dir, 0755) == 0)
        return true;
    *made = false;
    dv_error_set(err, DV_ERR_IO, PGF_DIR, _("File save directory: '%s' cannot be created: %s."),
                 dir, g_strerror(errno));
    return false;
}

/* End a write that may have made dir: when it did not commit, remove the
 * (empty) directory it made. */
static bool commit_dir(struct db *db, bool ok, const struct dv_actor *actor, enum audit_type type,
                       const char *action, const char *object, const char *dir, bool made,
                       struct dv_error *err)
{
    ok = audit_commit(db, ok, actor, type, action, object, err);
    if (!ok && made)
        g_rmdir(dir);
    return ok;
}

static bool name_free(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    bool taken = false;

    if (!choice_taken(db, "project_group", "name", name, except, &taken, err))
        return false;
    if (taken)
        dv_error_set(err, DV_ERR_EXISTS, PGF_NAME, _("The project group '%s' already exists."),
                     name);
    return !taken;
}

/* The group id must exist (DV_ERR_NOTFOUND otherwise). */
static bool group_exists(struct db *db, int64_t id, struct dv_error *err)
{
    return choice_ids_exist(db, "project_group", &id, 1, _("The project group no longer exists."),
                            err);
}

static bool project_exists(struct db *db, int64_t id, struct dv_error *err)
{
    return choice_ids_exist(db, "project", &id, 1, _("The project no longer exists."), err);
}

bool projgroup_add(struct db *db, const struct dv_actor *actor, const char *name,
                   const char *file_dir, const char *description, int64_t *id, struct dv_error *err)
{
    bool ok, made = false;

    if (!audit_require_sysadm(actor, err) || !check_fields(name, file_dir, description, err) ||
        !db_begin(db, err))
        return false;
    ok = name_free(db, name, 0, err) && make_dir(file_dir, &made, err) &&
         db_do(db,
               "INSERT INTO project_group(name, file_dir, description, created_at) "
               "VALUES (?1, ?2, ?3, ?4)",
               DB_ARGS(DB_T(name), DB_T(file_dir), DB_T(description ? description : ""),
                       DB_I(dv_now())),
               err);
    if (ok && id)
        *id = db_last_id(db);
    return commit_dir(db, ok, actor, AUDIT_ADD, N_("Add project group"), name, file_dir, made, err);
}

bool projgroup_update(struct db *db, const struct dv_actor *actor, int64_t id,
                      const struct projgroup_spec *spec, struct dv_error *err)
{
    const char *desc = spec->description ? spec->description : "";
    bool ok, made = false;

    if (!audit_require_sysadm(actor, err) ||
        !check_fields(spec->name, spec->file_dir, spec->description, err) || !db_begin(db, err))
        return false;
    ok = group_exists(db, id, err) && name_free(db, spec->name, id, err) &&
         db_bump_version(db, "project_group", id, spec->version,
                         _("The project group no longer exists."), err) &&
         make_dir(spec->file_dir, &made, err) &&
         db_do(db,
               "UPDATE project_group SET name = ?1, file_dir = ?2, description = ?3 "
               "WHERE id = ?4",
               DB_ARGS(DB_T(spec->name), DB_T(spec->file_dir), DB_T(desc), DB_I(id)), err);
    return commit_dir(db, ok, actor, AUDIT_MODIFY, N_("Modify project group"), spec->name,
                      spec->file_dir, made, err);
}

static bool read_name(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

/* The name of a row of table ("?" when gone). */
static char *name_of(struct db *db, const char *sql, int64_t id)
{
    char *name = NULL;

    db_query(db, sql, DB_ARGS(DB_I(id)), read_name, &name, NULL, NULL);
    return name ? name : g_strdup("?");
}

bool projgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    char *name = NULL;
    int64_t n = 0;
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok = group_exists(db, id, err) &&
         db_scalar(db, "SELECT count(*) FROM project_group_member WHERE group_id = ?1",
                   DB_ARGS(DB_I(id)), &n, err);
    if (ok && n > 0) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("The project group still contains projects; remove them first."));
        ok = false;
    }
    if (ok)
        name = name_of(db, "SELECT name FROM project_group WHERE id = ?1", id);
    ok = ok && db_do(db, "DELETE FROM project_group WHERE id = ?1", DB_ARGS(DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete project group"), name, err);
    g_free(name);
    return ok;
}

/* End a membership change: the audit object is "group / project". */
static bool pair_commit(struct db *db, bool ok, const struct dv_actor *actor, enum audit_type type,
                        const char *action, int64_t group_id, int64_t project_id,
                        struct dv_error *err)
{
    char *g = name_of(db, "SELECT name FROM project_group WHERE id = ?1", group_id);
    char *p = name_of(db, "SELECT name FROM project WHERE id = ?1", project_id);
    char *obj = g_strdup_printf("%s / %s", g, p);

    ok = audit_commit(db, ok, actor, type, action, obj, err);
    g_free(g);
    g_free(p);
    g_free(obj);
    return ok;
}

static int64_t member_count(struct db *db, const char *where, int64_t group_id, int64_t project_id,
                            bool *ok, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM project_group_member WHERE %s", where);
    int64_t n = 0;

    *ok = *ok && db_scalar(db, sql, DB_ARGS(DB_I(group_id), DB_I(project_id)), &n, err);
    g_free(sql);
    return n;
}

bool projgroup_add_project(struct db *db, const struct dv_actor *actor, int64_t group_id,
                           int64_t project_id, struct dv_error *err)
{
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok = group_exists(db, group_id, err) && project_exists(db, project_id, err);
    if (member_count(db, "group_id = ?1 AND project_id = ?2", group_id, project_id, &ok, err) &&
        ok) {
        dv_error_set(err, DV_ERR_EXISTS, PGF_PROJECT,
                     _("The project is already in this project group."));
        ok = false;
    }
    ok = ok && db_do(db, "INSERT INTO project_group_member(group_id, project_id) VALUES (?1, ?2)",
                     DB_ARGS(DB_I(group_id), DB_I(project_id)), err);
    return pair_commit(db, ok, actor, AUDIT_ADD, N_("Add project to project group"), group_id,
                       project_id, err);
}

bool projgroup_remove_project(struct db *db, const struct dv_actor *actor, int64_t group_id,
                              int64_t project_id, struct dv_error *err)
{
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    if (member_count(db, "group_id = ?1 AND project_id = ?2", group_id, project_id, &ok, err) ==
            0 &&
        ok) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The project is not in this project group."));
        ok = false;
    }
    if (ok &&
        member_count(db, "project_id = ?2 AND ?1 = ?1", group_id, project_id, &ok, err) <= 1 &&
        ok) {
        dv_error_set(err, DV_ERR_INUSE, NULL,
                     _("A project must stay in at least one project group."));
        ok = false;
    }
    ok = ok && db_do(db, "DELETE FROM project_group_member WHERE group_id = ?1 AND project_id = ?2",
                     DB_ARGS(DB_I(group_id), DB_I(project_id)), err);
    return pair_commit(db, ok, actor, AUDIT_DELETE, N_("Remove project from project group"),
                       group_id, project_id, err);
}

bool projgroup_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, 0 FROM project_group ORDER BY name", DB_NOARGS, out,
                         err);
}
