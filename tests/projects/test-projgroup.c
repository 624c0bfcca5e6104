/* test-projgroup.c - the project groups of src/projgroup.h against a real database;
 * features: M7.2.2.1 M7.2.2.2 M7.2.2.3 M7.2.2.4 M7.2.2.5 M7.2.2.6 */
#include "db/audit.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;
static const struct dv_actor admin = {.user_id = 2, .account = "alice", .addr = "test"};
static char *base; /* a temporary directory holding the groups' file directories */

static bool update_group(struct db *d, const struct dv_actor *a, int64_t id, const char *name,
                         const char *dir, const char *description, struct dv_error *err)
{
    struct projgroup_spec spec = {.name = name, .file_dir = dir, .description = description};

    return projgroup_update(d, a, id, &spec, err);
}

/* ---------------------------------------------------------------- helpers */

static const char *const snap_tables[] = {"project_group", "project_group_member", "project",
                                          "user", "project_host_group"};

#include "lib/testcheck.h"

/* base/rel (g_free) */
static char *in_base(const char *rel)
{
    return g_build_filename(base, rel, NULL);
}

static bool is_dir(const char *path)
{
    return g_file_test(path, G_FILE_TEST_IS_DIR);
}

/* Add a group as the sysadm; its id, or -1. */
static int64_t add_group(const char *name, const char *rel)
{
    char *dir = in_base(rel);
    struct dv_error err = {0};
    int64_t id = -1;

    if (!projgroup_add(db, &sys, name, dir, "", &id, &err))
        printf("# projgroup_add %s: %s\n", name, err.msg);
    g_free(dir);
    return id;
}

/* Add a project into group as the sysadm; its id, or -1. */
static int64_t add_project(int64_t group, const char *name)
{
    struct dv_error err = {0};
    int64_t id = -1;

    if (!project_add(db, &sys, group, name, "", &id, &err))
        printf("# project_add %s: %s\n", name, err.msg);
    return id;
}

static long members(int64_t group, int64_t project)
{
    return count_where("project_group_member", "group_id = %lld AND project_id = %lld",
                       (long long)group, (long long)project);
}

/* ---------------------------------------------------------------- M7.2.2.2 */

struct add_case {
    const char *what;
    const char *name;
    const char *dir; /* "@x": base/x */
    const char *description;
    enum dv_status code;
    const char *field;
};

static void test_add(void)
{
    char long_name[66], long_dir[258], long_desc[258];
    const struct add_case cases[] = {
        {"empty name", "", "@e1", "", DV_ERR_INVALID, PGF_NAME},
        {"NULL name", NULL, "@e2", "", DV_ERR_INVALID, PGF_NAME},
        {"blank name", "   ", "@e3", "", DV_ERR_INVALID, PGF_NAME},
        {"name with a blank", "图像 组", "@e4", "", DV_ERR_INVALID, PGF_NAME},
        {"name with '%'", "a%b", "@e5", "", DV_ERR_INVALID, PGF_NAME},
        {"name with '/'", "a/b", "@e6", "", DV_ERR_INVALID, PGF_NAME},
        {"65-character name", long_name, "@e7", "", DV_ERR_INVALID, PGF_NAME},
        {"relative path", "新组", "images/new", "", DV_ERR_INVALID, PGF_DIR},
        {"relative path ./", "新组", "./images", "", DV_ERR_INVALID, PGF_DIR},
        {"empty path", "新组", "", "", DV_ERR_INVALID, PGF_DIR},
        {"NULL path", "新组", NULL, "", DV_ERR_INVALID, PGF_DIR},
        {"path with a control character", "新组", "@a\tb", "", DV_ERR_INVALID, PGF_DIR},
        {"256-character path", "新组", long_dir, "", DV_ERR_INVALID, PGF_DIR},
        {"257-character description", "新组", "@e8", long_desc, DV_ERR_INVALID, PGF_DESCRIPTION},
        {"directory under /proc", "新组", "/proc/dosvm-test-nodir/images", "", DV_ERR_IO, PGF_DIR},
        {"directory under a regular file", "新组", "@plain-file/images", "", DV_ERR_IO, PGF_DIR},
    };
    char *dir = in_base("图像/images"), *file = in_base("plain-file"), *dup_dir;
    struct dv_error err = {0};
    struct snap s;
    int64_t id = -1, id2 = -1;
    long before = ops();
    bool got;

    memset(long_name, 'n', 65);
    long_name[65] = '\0';
    long_dir[0] = '/';
    memset(long_dir + 1, 'd', 255);
    long_dir[256] = '\0';
    memset(long_desc, 'x', 257);
    long_desc[257] = '\0';
    ok(g_file_set_contents(file, "x", 1, NULL), "fixture: a regular file in the way");

    ok(!is_dir(dir), "add: the directory does not exist before");
    dv_error_clear(&err);
    ok(projgroup_add(db, &sys, "图像组", dir, "镜像文件", &id, &err), "add 图像组 (%s)", err.msg);
    ok(id > 0, "add: the new id is returned (%lld)", (long long)id);
    is_int(count_where("project_group",
                       "id = %lld AND name = '图像组' AND file_dir = %Q AND description = "
                       "'镜像文件' AND created_at > 0",
                       (long long)id, dir),
           1, "add: every column stored");
    ok(is_dir(dir), "add: the missing directory (and its parent) is created");
    logged(before, AUDIT_ADD, "Add project group", "图像组", "add 图像组");

    /* an existing directory, NULL description, NULL id */
    before = ops();
    dv_error_clear(&err);
    ok(projgroup_add(db, &sys, "Data_1", base, NULL, NULL, &err),
       "add: an existing directory, NULL description and id (%s)", err.msg);
    is_int(count_where("project_group", "name = 'Data_1' AND file_dir = %Q AND description = ''",
                       base),
           1, "add: NULL description stored as ''");
    logged(before, AUDIT_ADD, "Add project group", "Data_1", "add Data_1");

    /* a name of 64 Chinese characters is the longest */
    {
        GString *n64 = g_string_new("");
        char *d64 = in_base("n64");

        for (int i = 0; i < 64; i++)
            g_string_append(n64, "组");
        dv_error_clear(&err);
        ok(projgroup_add(db, &sys, n64->str, d64, "", &id2, &err),
           "add: a 64-character Chinese name (%s)", err.msg);
        ok(is_dir(d64), "add: its directory is created");
        dv_error_clear(&err);
        ok(projgroup_delete(db, &sys, id2, &err), "add: delete it again (%s)", err.msg);
        g_string_free(n64, TRUE);
        g_free(d64);
    }

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct add_case *c = &cases[i];
        char *what = g_strdup_printf("add: %s", c->what);
        char *cdir = c->dir && c->dir[0] == '@' ? in_base(c->dir + 1) : g_strdup(c->dir);

        dv_error_clear(&err);
        s = snap_take();
        refused(projgroup_add(db, &sys, c->name, cdir, c->description, NULL, &err), &err, c->code,
                c->field, what);
        snap_same(&s, what);
        if (cdir && cdir[0] == '/')
            ok(!is_dir(cdir), "%s: no directory %s", what, cdir);
        g_free(cdir);
        g_free(what);
    }

    /* a duplicate name is refused */
    dup_dir = in_base("dup");
    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_add(db, &sys, "图像组", dup_dir, "", NULL, &err), &err, DV_ERR_EXISTS,
            PGF_NAME, "add: duplicate name");
    snap_same(&s, "add: duplicate name");
    ok(strstr(err.msg, "图像组") != NULL, "add: duplicate name: the message names the group");
    /* BUG (src/projgroup.c, projgroup_add): make_dir() runs before name_free(), so an add
     * refused for its duplicate name has already created the directory it named. */
    ok(!is_dir(dup_dir), "BUG add: duplicate name: no directory is created");
    g_free(dup_dir);

    dv_error_clear(&err);
    s = snap_take();
    got = projgroup_add(db, &admin, "新组", dir, "", NULL, &err);
    refused(got, &err, DV_ERR_DENIED, "", "add by a project admin");
    snap_same(&s, "add by a project admin");

    g_free(dir);
    g_free(file);
}

/* ---------------------------------------------------------------- M7.2.2.1 */

/* projgroup_list as "group/project|..." (g_free); total in *total. */
static char *list(const char *name, int64_t offset, int limit, int64_t *total)
{
    struct projgroup_page p;
    struct dv_error err = {0};
    GString *s = g_string_new("");

    *total = -1;
    if (!projgroup_list(db, name, offset, limit, &p, &err)) {
        printf("# projgroup_list: %s\n", err.msg);
        return g_string_free(s, FALSE);
    }
    for (int i = 0; i < p.n; i++)
        g_string_append_printf(s, "%s%s/%s", i ? "|" : "", p.rows[i].name, p.rows[i].project);
    *total = p.total;
    projgroup_page_free(&p);
    return g_string_free(s, FALSE);
}

static void test_list(void)
{
    static const struct {
        const char *name;
        int64_t offset;
        int limit;
        const char *want;
        int64_t total;
        const char *what;
    } cases[] = {
        {NULL, 0, 100, "图像组/项目甲|图像组/项目乙|Data_1/|dataX/项目甲|图像备份/", 5,
         "no filter: one row per (group, project), a group without projects once"},
        {"", 0, 100, "图像组/项目甲|图像组/项目乙|Data_1/|dataX/项目甲|图像备份/", 5,
         "empty filter"},
        {"图像", 0, 100, "图像组/项目甲|图像组/项目乙|图像备份/", 3, "Chinese prefix"},
        {"备份", 0, 100, "图像备份/", 1, "Chinese substring at the end"},
        {"像备", 0, 100, "图像备份/", 1, "Chinese substring in the middle"},
        {"DATA", 0, 100, "Data_1/|dataX/项目甲", 2, "ASCII, case-insensitive"},
        {"_", 0, 100, "Data_1/", 1, "'_' is literal"},
        {"%", 0, 100, "", 0, "'%' is literal"},
        {"项目甲", 0, 100, "", 0, "the filter is on the group name, not the project"},
        {"无此组", 0, 100, "", 0, "no match"},
        {NULL, 0, 2, "图像组/项目甲|图像组/项目乙", 5, "page 1 of 2 rows"},
        {NULL, 2, 2, "Data_1/|dataX/项目甲", 5, "page 2 of 2 rows"},
        {NULL, 4, 2, "图像备份/", 5, "last page"},
        {NULL, 10, 2, "", 5, "past the end"},
        {"图像", 1, 1, "图像组/项目乙", 3, "filtered paging"},
    };
    struct projgroup_page p;
    struct dv_error err = {0};
    int64_t g1 = add_group("图像组", "img"), g2 = add_group("Data_1", "data1"),
            g3 = add_group("dataX", "datax"), g4 = add_group("图像备份", "backup");
    int64_t p1 = add_project(g1, "项目甲"), p2 = add_project(g1, "项目乙");
    char *d1 = in_base("img");
    bool good;

    dv_error_clear(&err);
    good = g1 > 0 && g2 > 0 && g3 > 0 && g4 > 0 && p1 > 0 && p2 > 0 &&
           projgroup_add_project(db, &sys, g3, p1, &err);
    ok(good, "list: fixture of four groups and two projects (%s)", err.msg);
    if (!good) {
        g_free(d1);
        return;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        int64_t total;
        char *got = list(cases[i].name, cases[i].offset, cases[i].limit, &total);

        is_str(got, cases[i].want, "list: %s", cases[i].what);
        is_int(total, cases[i].total, "list: %s: total", cases[i].what);
        g_free(got);
    }

    dv_error_clear(&err);
    ok(projgroup_list(db, NULL, 0, 100, &p, &err) && p.n == 5, "list: five rows (%s)", err.msg);
    if (p.n == 5) {
        ok(p.rows[0].group_id == g1 && p.rows[0].project_id == p1 &&
               g_strcmp0(p.rows[0].file_dir, d1) == 0 && g_strcmp0(p.rows[0].description, "") == 0,
           "list: a (group, project) row carries the ids and the directory");
        ok(p.rows[1].group_id == g1 && p.rows[1].project_id == p2,
           "list: the group's second project is a second row");
        ok(p.rows[2].group_id == g2 && p.rows[2].project_id == 0 &&
               g_strcmp0(p.rows[2].project, "") == 0,
           "list: a group without projects has project id 0 and an empty project");
        ok(p.rows[3].group_id == g3 && p.rows[3].project_id == p1,
           "list: a project in two groups appears in both");
    }
    projgroup_page_free(&p);
    ok(p.rows == NULL && p.n == 0, "list: projgroup_page_free empties the page");
    dv_error_clear(&err);
    ok(projgroup_list(db, NULL, 0, 0, &p, &err) && p.n == 0 && p.total == 5,
       "list: limit 0 counts only");
    projgroup_page_free(&p);

    {
        struct choice_list l;
        GString *s = g_string_new("");

        dv_error_clear(&err);
        ok(projgroup_choices(db, &l, &err), "choices (%s)", err.msg);
        for (int i = 0; i < l.n; i++)
            g_string_append_printf(s, "%s%s%s", i ? "|" : "", l.v[i].label, l.v[i].on ? "*" : "");
        is_str(s->str, "Data_1|dataX|图像备份|图像组", "choices: every group by name, none chosen");
        ok(l.n == 4 && l.v[0].id == g2 && l.v[3].id == g1, "choices: with their ids");
        choice_list_free(&l);
        g_string_free(s, TRUE);
    }
    g_free(d1);
}

/* ---------------------------------------------------------------- M7.2.2.3 */

static void test_update(int64_t g1, int64_t g2)
{
    char *dir = in_base("影像/new"), *rel_none = in_base("never"); /* never a group's */
    struct dv_error err = {0};
    struct snap s;
    long before = ops(), mem = testdb_count(db, "project_group_member", NULL);

    ok(!is_dir(dir), "update: the new directory does not exist before");
    dv_error_clear(&err);
    ok(update_group(db, &sys, g1, "影像组", dir, "改", &err), "update 图像组 (%s)", err.msg);
    is_int(count_where("project_group",
                       "id = %lld AND name = '影像组' AND file_dir = %Q AND "
                       "description = '改'",
                       (long long)g1, dir),
           1, "update: every column changed");
    ok(is_dir(dir), "update: the new directory is created");
    is_int(testdb_count(db, "project_group_member", NULL), mem, "update: the memberships are kept");
    logged(before, AUDIT_MODIFY, "Modify project group", "影像组", "update");

    before = ops();
    dv_error_clear(&err);
    ok(update_group(db, &sys, g1, "影像组", dir, NULL, &err),
       "update: the same name, NULL description (%s)", err.msg);
    is_int(count_where("project_group", "id = %lld AND name = '影像组' AND description = ''",
                       (long long)g1),
           1, "update: NULL description stored as ''");
    logged(before, AUDIT_MODIFY, "Modify project group", "影像组", "update, same name");

    dv_error_clear(&err);
    s = snap_take();
    refused(update_group(db, &sys, g1, "Data_1", rel_none, "", &err), &err, DV_ERR_EXISTS, PGF_NAME,
            "update: name of another group");
    snap_same(&s, "update: name of another group");
    /* BUG (src/projgroup.c, projgroup_update): make_dir() runs before name_free(), so an
     * update refused for a duplicate name has already created the directory it named. */
    ok(!is_dir(rel_none), "BUG update: name of another group: no directory is created");
    if (is_dir(rel_none))
        rm_tree(rel_none);

    dv_error_clear(&err);
    s = snap_take();
    refused(update_group(db, &sys, g1, "影像组", "relative/dir", "", &err), &err, DV_ERR_INVALID,
            PGF_DIR, "update: relative path");
    snap_same(&s, "update: relative path");

    dv_error_clear(&err);
    s = snap_take();
    refused(update_group(db, &sys, g1, "", dir, "", &err), &err, DV_ERR_INVALID, PGF_NAME,
            "update: empty name");
    snap_same(&s, "update: empty name");

    dv_error_clear(&err);
    s = snap_take();
    refused(update_group(db, &sys, g1, "影像组", "/proc/dosvm-test-nodir/x", "", &err), &err,
            DV_ERR_IO, PGF_DIR, "update: a directory that cannot be created");
    snap_same(&s, "update: a directory that cannot be created");

    dv_error_clear(&err);
    s = snap_take();
    refused(update_group(db, &admin, g2, "新名", dir, "", &err), &err, DV_ERR_DENIED, "",
            "update by a project admin");
    snap_same(&s, "update by a project admin");

    /* BUG (src/projgroup.c, projgroup_update): a missing id is not checked: the UPDATE
     * matches no row, the call returns true and writes an operation-log row for a change
     * that never happened (and creates the directory). */
    dv_error_clear(&err);
    s = snap_take();
    refused(update_group(db, &sys, 9999, "幽灵组", rel_none, "", &err), &err, DV_ERR_NOTFOUND, "",
            "BUG update: missing group");
    snap_same(&s, "BUG update: missing group");
    g_free(dir);
    if (is_dir(rel_none))
        rm_tree(rel_none);
    g_free(rel_none);
}

/* ---------------------------------------------------------------- M7.2.2.4 */

static void test_delete(int64_t g1, int64_t g2, int64_t g4)
{
    struct dv_error err = {0};
    struct snap s;
    long before;

    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_delete(db, &sys, g1, &err), &err, DV_ERR_INUSE, "",
            "delete: a group with projects");
    snap_same(&s, "delete: a group with projects");

    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_delete(db, &admin, g2, &err), &err, DV_ERR_DENIED, "",
            "delete by a project admin");
    snap_same(&s, "delete by a project admin");

    before = ops();
    dv_error_clear(&err);
    ok(projgroup_delete(db, &sys, g2, &err), "delete an empty group (%s)", err.msg);
    is_int(count_where("project_group", "id = %lld", (long long)g2), 0, "delete: the row is gone");
    is_int(testdb_count(db, "project_group", NULL), 3, "delete: the other groups stay");
    logged(before, AUDIT_DELETE, "Delete project group", "Data_1", "delete");

    /* BUG (src/projgroup.c, projgroup_delete): a missing id is not checked: the DELETE
     * matches no row, the call returns true and writes an operation-log row (object ''). */
    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_delete(db, &sys, g2, &err), &err, DV_ERR_NOTFOUND, "",
            "BUG delete: twice (the group is gone)");
    snap_same(&s, "BUG delete: twice (the group is gone)");

    before = ops();
    dv_error_clear(&err);
    ok(projgroup_delete(db, &sys, g4, &err), "delete 图像备份 (%s)", err.msg);
    logged(before, AUDIT_DELETE, "Delete project group", "图像备份", "delete 图像备份");
}

/* ---------------------------------------------------------------- M7.2.2.5, M7.2.2.6 */

static void test_members(void)
{
    struct dv_error err = {0};
    struct snap s;
    int64_t ga = add_group("甲组", "ga"), gb = add_group("乙组", "gb"),
            gc = add_group("丙组", "gc");
    int64_t p = add_project(ga, "成员项目"), q = add_project(ga, "独项目");
    long before;
    bool got;

    ok(ga > 0 && gb > 0 && gc > 0 && p > 0 && q > 0, "members: fixture of three groups");
    is_int(members(ga, p), 1, "members: project_add made the first membership");

    before = ops();
    dv_error_clear(&err);
    ok(projgroup_add_project(db, &sys, gb, p, &err), "add project to a second group (%s)", err.msg);
    is_int(members(gb, p), 1, "add project: the membership exists");
    is_int(count_where("project_group_member", "project_id = %lld", (long long)p), 2,
           "add project: the project is in two groups");
    logged(before, AUDIT_ADD, "Add project to project group", "乙组 / 成员项目", "add project");

    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_add_project(db, &sys, gb, p, &err), &err, DV_ERR_EXISTS, PGF_PROJECT,
            "add project: already in the group");
    snap_same(&s, "add project: already in the group");

    dv_error_clear(&err);
    s = snap_take();
    got = projgroup_add_project(db, &admin, gc, p, &err);
    refused(got, &err, DV_ERR_DENIED, "", "add project by a project admin");
    snap_same(&s, "add project by a project admin");

    /* BUG (src/projgroup.c, projgroup_add_project): a missing project or group is left to
     * the foreign key, so the refusal is DV_ERR_DB "Database error: FOREIGN KEY constraint
     * failed." instead of DV_ERR_NOTFOUND with a readable message. */
    dv_error_clear(&err);
    s = snap_take();
    got = projgroup_add_project(db, &sys, gc, 9999, &err);
    ok(!got, "add project: a missing project is refused");
    snap_same(&s, "add project: a missing project");
    is_int(err.code, DV_ERR_NOTFOUND,
           "BUG add project: a missing project is DV_ERR_NOTFOUND "
           "('%s')",
           err.msg);
    dv_error_clear(&err);
    s = snap_take();
    got = projgroup_add_project(db, &sys, 9999, p, &err);
    ok(!got, "add project: a missing group is refused");
    snap_same(&s, "add project: a missing group");
    is_int(err.code, DV_ERR_NOTFOUND,
           "BUG add project: a missing group is DV_ERR_NOTFOUND "
           "('%s')",
           err.msg);

    /* M7.2.2.6 */
    dv_error_clear(&err);
    s = snap_take();
    got = projgroup_remove_project(db, &admin, gb, p, &err);
    refused(got, &err, DV_ERR_DENIED, "", "remove project by a project admin");
    snap_same(&s, "remove project by a project admin");

    /* BUG (src/projgroup.c, projgroup_remove_project): only the project's number of groups
     * is checked, not that it is in group_id: removing it from a group it is not in
     * "succeeds" and writes an operation-log row. */
    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_remove_project(db, &sys, gc, p, &err), &err, DV_ERR_NOTFOUND, "",
            "BUG remove project: not in that group");
    snap_same(&s, "BUG remove project: not in that group");

    before = ops();
    dv_error_clear(&err);
    ok(projgroup_remove_project(db, &sys, gb, p, &err), "remove project from a group (%s)",
       err.msg);
    is_int(members(gb, p), 0, "remove project: the membership is gone");
    is_int(members(ga, p), 1, "remove project: the other membership stays");
    logged(before, AUDIT_DELETE, "Remove project from project group", "乙组 / 成员项目",
           "remove project");

    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_remove_project(db, &sys, ga, p, &err), &err, DV_ERR_INUSE, "",
            "remove project: its last group");
    snap_same(&s, "remove project: its last group");
    dv_error_clear(&err);
    s = snap_take();
    refused(projgroup_remove_project(db, &sys, ga, q, &err), &err, DV_ERR_INUSE, "",
            "remove project: the last group of a project never in another");
    snap_same(&s, "remove project: the last group of a project never in another");

    /* a group whose projects all moved away can be deleted */
    dv_error_clear(&err);
    ok(projgroup_add_project(db, &sys, gb, p, &err) &&
           projgroup_add_project(db, &sys, gb, q, &err) &&
           projgroup_remove_project(db, &sys, ga, p, &err) &&
           projgroup_remove_project(db, &sys, ga, q, &err),
       "members: move both projects from 甲组 to 乙组 (%s)", err.msg);
    before = ops();
    dv_error_clear(&err);
    ok(projgroup_delete(db, &sys, ga, &err), "delete: the emptied group (%s)", err.msg);
    logged(before, AUDIT_DELETE, "Delete project group", "甲组", "delete the emptied group");
    is_int(count_where("project_group_member", "group_id = %lld", (long long)ga), 0,
           "delete: no membership of the deleted group");
}

/* ---------------------------------------------------------------- fixture */

static bool fresh(struct testdb *t)
{
    db = testdb_open(t, false);
    base = g_dir_make_tmp("dosvm-pg-XXXXXX", NULL);
    ok(db != NULL && base != NULL, "fixture: a fresh database and directory");
    return db != NULL && base != NULL;
}

static void done(struct testdb *t)
{
    testdb_close(t);
    if (base)
        rm_tree(base);
    g_free(base);
    base = NULL;
}

static int64_t group_id(const char *name)
{
    char *sql = sqlite3_mprintf("SELECT id FROM project_group WHERE name = %Q", name);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : -1;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

int main(void)
{
    struct testdb t;

    sys = testdb_sysadm();
    if (fresh(&t))
        test_add();
    done(&t);
    if (fresh(&t)) {
        test_list();
        test_update(group_id("图像组"), group_id("Data_1"));
        test_delete(group_id("影像组"), group_id("Data_1"), group_id("图像备份"));
    }
    done(&t);
    if (fresh(&t))
        test_members();
    done(&t);
    return tap_done();
}
