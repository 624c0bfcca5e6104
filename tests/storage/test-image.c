/* test-image.c - the image files of src/image.h against a real database and
 * real files in temporary project-group directories: format detection with
 * qemu-img, add by registering a file (every field and file-name rule, the
 * format check, duplicates) and by importing one (the copy, its progress
 * calls, cancel, an existing target), the image quotas and the usage figures
 * of M7.3, the list of the project's groups with 项目镜像, modify within the
 * group (OP-41: another file of the directory), delete by the owner only
 * (the file goes too), the operation log, and that every refusal writes
 * nothing to the database or the directories;
 * features: M9.5.1 M9.5.2 M9.5.3 M9.5.4 M7.3.2 P2/OP-6 */
#include "db/audit.h"
#include "storage/image.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "admin/user.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct db *db;
static struct dv_actor sys;
static char *base;         /* the temporary directory of the groups and sources */
static char *g1, *g2, *g3; /* group directories: 甲 and 乙 share g1, 甲 also has g2 */
static char *src;          /* local files to import */
static struct dv_actor alice, bob, carol, dave; /* admins of 甲, 乙, 丙 (g3), 丁 (inactive) */
static int64_t p_alice, p_bob, p_carol;

static const char *const snap_tables[] = {"image", "project"};

#include "lib/testcheck.h"

/* ---------------------------------------------------------------- fixtures */

static bool run_cmd(const char *const *argv)
{
    int status = -1;
    GError *e = NULL;

    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, &e)) {
        printf("# %s: %s\n", argv[0], e->message);
        g_error_free(e);
        return false;
    }
    return g_spawn_check_wait_status(status, NULL);
}

/* dir/name made by qemu-img create -f format (size like "10M"). */
static void make_image(const char *dir, const char *name, const char *format, const char *size)
{
    char *path = g_build_filename(dir, name, NULL);
    const char *argv[] = {"qemu-img", "create", "-q", "-f", format, path, size, NULL};

    if (!run_cmd(argv))
        printf("# cannot create %s\n", path);
    g_free(path);
}

/* dir/name holding bytes pseudo-random bytes (seeded, so raw to qemu-img). */
static void make_raw(const char *dir, const char *name, size_t bytes)
{
    char *path = g_build_filename(dir, name, NULL), *buf = g_malloc(bytes + 1);
    GRand *r = g_rand_new_with_seed((guint32)bytes);

    for (size_t i = 0; i < bytes; i++)
        buf[i] = (char)g_rand_int_range(r, 0, 256);
    if (!g_file_set_contents(path, buf, (gssize)bytes, NULL))
        printf("# cannot write %s\n", path);
    g_rand_free(r);
    g_free(buf);
    g_free(path);
}

/* An ISO 9660 volume descriptor at 32 KiB: what an install CD starts with. */
static void make_iso(const char *dir, const char *name)
{
    char *path = g_build_filename(dir, name, NULL), *buf = g_malloc0(40960);

    memcpy(buf + 32768, "\001CD001\001", 7);
    if (!g_file_set_contents(path, buf, 40960, NULL))
        printf("# cannot write %s\n", path);
    g_free(buf);
    g_free(path);
}

static int64_t add_group(const char *name, const char *dir)
{
    struct dv_error err = {0};
    int64_t id = -1;

    if (!projgroup_add(db, &sys, name, dir, "", &id, &err))
        printf("# projgroup_add %s: %s\n", name, err.msg);
    return id;
}

/* A project in group with an admin account; active unless told. */
static int64_t add_project(int64_t group, const char *name, const char *account, bool active,
                           struct dv_actor *actor)
{
    struct dv_error err = {0};
    int64_t id = -1, uid = -1;
    struct user_info in = {.name_zh = account, .account = account};
    bool ok = project_add(db, &sys, group, name, "", &id, &err) &&
              user_add(db, &sys, &in, USER_INITIAL_PASSWORD, "pw", "pw", &uid, &err) &&
              project_set_admins(db, &sys, id, &uid, 1, &err) &&
              (!active || project_set_active(db, &sys, id, true, &err));

    if (!ok)
        printf("# project %s: %s\n", name, err.msg);
    *actor = (struct dv_actor){.user_id = uid, .addr = "test"};
    g_strlcpy(actor->account, account, sizeof(actor->account));
    return id;
}

static void set_quota(int64_t project, const char *images, const char *mb)
{
    const char *v[QUOTA_COUNT] = {"0", "0", "0", "0", "0", "0", "0"};
    struct dv_error err = {0};
    struct project_quota q;

    v[QUOTA_IMAGES] = images;
    v[QUOTA_IMAGE_MB] = mb;

    if (!project_quota_parse(v, 0, &q, &err) || !project_set_quota(db, &sys, project, &q, &err))
        printf("# quota: %s\n", err.msg);
}

/* ---------------------------------------------------------------- checks */

static gint by_name(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names and sizes of the files of dir, sorted (g_free). */
static char *dir_listing(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GString *s = g_string_new("");
    const char *name;

    while (d && (name = g_dir_read_name(d)) != NULL) {
        char *p = g_build_filename(dir, name, NULL);
        struct stat st = {0};

        stat(p, &st);
        g_ptr_array_add(names, g_strdup_printf("%s:%lld", name, (long long)st.st_size));
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_ptr_array_sort(names, by_name);
    for (guint i = 0; i < names->len; i++)
        g_string_append_printf(s, "%s ", (char *)names->pdata[i]);
    g_ptr_array_free(names, TRUE);
    return g_string_free(s, FALSE);
}

/* The tables and every directory: what a refusal must leave alone. */
struct world {
    struct snap db;
    char *files;
};

static char *all_files(void)
{
    char *a = dir_listing(g1), *b = dir_listing(g2), *c = dir_listing(g3);
    char *all = g_strdup_printf("g1: %s\ng2: %s\ng3: %s", a, b, c);

    g_free(a);
    g_free(b);
    g_free(c);
    return all;
}

static struct world world_take(void)
{
    return (struct world){snap_take(), all_files()};
}

static void world_same(struct world *w, const char *what)
{
    char *now = all_files();

    snap_same(&w->db, what);
    is_str(now, w->files, "%s: the directories are unchanged", what);
    g_free(now);
    g_free(w->files);
}

/* One new operation-log row since before, the last one by account. */
static void logged_by(long before, const char *account, int type, const char *action,
                      const char *object, const char *what)
{
    char *where = sqlite3_mprintf("id = (SELECT max(id) FROM op_log) AND type = %d AND user = %Q "
                                  "AND addr = 'test' AND action = %Q AND object = %Q",
                                  type, account, action, object);

    is_int(ops(), before + 1, "%s: one operation-log row", what);
    is_int(testdb_count(db, "op_log", where), 1, "%s: the row says %s %d '%s' '%s'", what, account,
           type, action, object);
    sqlite3_free(where);
}

static int64_t image_id(const char *name)
{
    char *sql = sqlite3_mprintf("SELECT id FROM image WHERE name = %Q", name);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : -1;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

static bool exists_in(const char *dir, const char *name)
{
    char *p = g_build_filename(dir, name, NULL);
    bool e = g_file_test(p, G_FILE_TEST_EXISTS);

    g_free(p);
    return e;
}

static bool same_content(const char *a, const char *b)
{
    char *x = NULL, *y = NULL;
    gsize nx = 0, ny = 0;
    bool same = g_file_get_contents(a, &x, &nx, NULL) && g_file_get_contents(b, &y, &ny, NULL) &&
                nx == ny && memcmp(x, y, nx) == 0;

    g_free(x);
    g_free(y);
    return same;
}

/* image_register or image_import (the upload choice) and image_modify of
 * what a dialog typed, through image_spec_parse as the screen does. */
static bool add_typed(struct db *d, const struct dv_actor *a, const struct image_input *in,
                      image_progress_fn progress, void *ctx, int64_t *id, struct dv_error *err)
{
    struct image_spec s;
    bool import = false;

    if (!image_spec_parse(in, &s, &import, err))
        return false;
    return import ? image_import(d, a, &s, progress, ctx, id, err)
                  : image_register(d, a, &s, id, err);
}

static bool modify_typed(struct db *d, const struct dv_actor *a, int64_t id,
                         const struct image_input *in, struct dv_error *err)
{
    struct image_spec s;

    return image_spec_parse(in, &s, NULL, err) && image_modify(d, a, id, &s, err);
}

/* Register file of dir (as a pointer to a compound literal). */
#define REG(NAME, FORMAT, DIR, FILE)                                                               \
    (&(struct image_input){NAME, FORMAT, "x86-64", "1", "1", "描述", DIR, "0", FILE, NULL})

/* Expect a refusal that leaves the database and the directories alone. */
static void refused_add(const struct dv_actor *a, const struct image_input *in, enum dv_status code,
                        const char *field, const char *what)
{
    struct dv_error err = {0};
    struct world w = world_take();
    int64_t id = -1;

    refused(add_typed(db, a, in, NULL, NULL, &id, &err), &err, code, field, what);
    world_same(&w, what);
}

/* ---------------------------------------------------------------- detection */

static void test_detect(void)
{
    const char *const cases[][3] = {
        {"sys.qcow2", "qcow2", "a qcow2 image"},
        {"old.qcow", "qcow", "a qcow image"},
        {"disk.raw", "raw", "pseudo-random bytes"},
        {"install.iso", "raw", "an ISO 9660 CD image (the manual: choose raw)"},
        {"disk.vmdk", "vmdk", "a vmdk image"},
    };
    struct dv_error err = {0};
    char *p, *f;

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        p = g_build_filename(g1, cases[i][0], NULL);
        dv_error_clear(&err);
        f = image_detect_format(p, &err);
        is_str(f, cases[i][1], "detect: %s is %s (%s)", cases[i][2], cases[i][1], err.msg);
        g_free(f);
        g_free(p);
    }
    p = g_build_filename(g1, "missing.img", NULL);
    dv_error_clear(&err);
    f = image_detect_format(p, &err);
    ok(!f && err.code == DV_ERR_INVALID && strstr(err.msg, "missing.img"),
       "detect: a missing file is an error naming it ('%s')", err.msg);
    g_free(f);
    g_free(p);
    /* issue 8, point 1: qemu-img reads the descriptor opened without
     * following a link, never the name */
    {
        char *target = g_build_filename(g1, "sys.qcow2", NULL);

        p = g_build_filename(g1, "link.qcow2", NULL);
        ok(symlink(target, p) == 0, "a symbolic link to a qcow2 image");
        dv_error_clear(&err);
        f = image_detect_format(p, &err);
        ok(!f && err.code == DV_ERR_INVALID && strstr(err.msg, "symbolic link"),
           "detect: a symbolic link is not read ('%s')", err.msg);
        unlink(p);
        g_free(f);
        g_free(p);
        g_free(target);
    }
}

/* ---------------------------------------------------------------- M9.5.2 register */

static void test_register(void)
{
    struct dv_error err = {0};
    char long_name[140];
    long before = ops();
    int64_t id = -1;

    /* a valid one: a 10 MiB qcow2 whose file is 192 KiB (1 MB, rounded up) */
    ok(add_typed(db, &alice,
                 &(struct image_input){"系统镜像", "qcow2", "i686", "1", "0", "第一个", g1, "0",
                                       "sys.qcow2", NULL},
                 NULL, NULL, &id, &err),
       "register sys.qcow2 as qcow2 (%s)", err.msg);
    ok(id > 0, "register: the new id is returned");
    is_int(count_where("image",
                       "id = %lld AND name = '系统镜像' AND format = 'qcow2' AND arch = 'i686' AND "
                       "shared = 1 AND readonly = 0 AND description = '第一个' AND save_dir = %Q "
                       "AND file_name = 'sys.qcow2' AND size_mb = 1 AND owner_project_id = %lld "
                       "AND uploader_user_id = %lld AND uploaded_at > 0",
                       (long long)id, g1, (long long)p_alice, (long long)alice.user_id),
           1, "register: every field stored, the size from the file, owned by the project");
    logged_by(before, "alice", AUDIT_ADD, "Add image file", "系统镜像", "register");
    ok(exists_in(g1, "sys.qcow2"), "register: the file stays where it is");

    before = ops();
    dv_error_clear(&err);
    ok(add_typed(db, &alice,
                 &(struct image_input){"安装光盘", "raw", "x86-64", "", NULL, NULL, g2, NULL,
                                       "install.iso", NULL},
                 NULL, NULL, NULL, &err),
       "register an ISO as raw in the second group's directory, empty flags (%s)", err.msg);
    is_int(count_where("image",
                       "name = '安装光盘' AND shared = 0 AND readonly = 0 AND "
                       "description = '' AND size_mb = 1 AND save_dir = %Q",
                       g2),
           1, "register: empty flags are no, a NULL description is ''");
    logged_by(before, "alice", AUDIT_ADD, "Add image file", "安装光盘", "register the ISO");

    /* the format must be the detected one */
    refused_add(&alice, REG("镜像", "qcow2", g1, "disk.raw"), DV_ERR_INVALID, IMF_FORMAT,
                "register: a raw file as qcow2");
    refused_add(&alice, REG("镜像", "raw", g1, "old.qcow"), DV_ERR_INVALID, IMF_FORMAT,
                "register: a qcow file as raw");
    refused_add(&alice, REG("镜像", "raw", g1, "disk.vmdk"), DV_ERR_INVALID, IMF_FORMAT,
                "register: a vmdk file (unsupported)");
    dv_error_clear(&err);
    add_typed(
        db, &alice,
        &(struct image_input){"镜像", "qcow2", "x86-64", "1", "1", "", g1, "0", "disk.raw", NULL},
        NULL, NULL, NULL, &err);
    ok(strstr(err.msg, "File format") && strstr(err.msg, "raw"),
       "register: the mismatch names the field and the detected format ('%s')", err.msg);

    /* the fields */
    memset(long_name, 'n', 129);
    long_name[129] = '\0';
    refused_add(&alice, REG("镜像*", "raw", g1, "disk.raw"), DV_ERR_INVALID, IMF_NAME,
                "register: a name with '*'");
    refused_add(&alice, REG("", "raw", g1, "disk.raw"), DV_ERR_INVALID, IMF_NAME,
                "register: an empty name");
    refused_add(&alice, REG("镜像", "vmdk", g1, "disk.vmdk"), DV_ERR_INVALID, IMF_FORMAT,
                "register: format vmdk is not offered");
    refused_add(&alice, REG("镜像", NULL, g1, "disk.raw"), DV_ERR_INVALID, IMF_FORMAT,
                "register: no format");
    refused_add(
        &alice,
        &(struct image_input){"镜像", "raw", "arm", "1", "1", "", g1, "0", "disk.raw", NULL},
        DV_ERR_INVALID, IMF_ARCH, "register: architecture arm");
    refused_add(
        &alice,
        &(struct image_input){"镜像", "raw", "x86-64", "2", "1", "", g1, "0", "disk.raw", NULL},
        DV_ERR_INVALID, IMF_SHARED, "register: shared '2'");
    refused_add(
        &alice,
        &(struct image_input){"镜像", "raw", "x86-64", "1", "yes", "", g1, "0", "disk.raw", NULL},
        DV_ERR_INVALID, IMF_READONLY, "register: read-only 'yes'");
    {
        char d257[258];

        memset(d257, 'd', 257);
        d257[257] = '\0';
        refused_add(&alice,
                    &(struct image_input){"镜像", "raw", "x86-64", "1", "1", d257, g1, "0",
                                          "disk.raw", NULL},
                    DV_ERR_INVALID, IMF_DESCRIPTION, "register: a 257-character description");
    }
    refused_add(&alice, REG("镜像", "raw", g3, "disk.raw"), DV_ERR_INVALID, IMF_SAVE_DIR,
                "register: the directory of a group the project is not in");
    refused_add(&alice, REG("镜像", "raw", "/tmp", "disk.raw"), DV_ERR_INVALID, IMF_SAVE_DIR,
                "register: a directory of no group");
    refused_add(
        &alice,
        &(struct image_input){"镜像", "raw", "x86-64", "1", "1", "", g1, "maybe", "disk.raw", NULL},
        DV_ERR_INVALID, IMF_UPLOAD, "register: upload 'maybe'");

    /* OP-40: the file name */
    {
        const char *const bad[][2] = {
            {"../disk.raw", "'..' and '/'"},
            {"sub/x.img", "a '/'"},
            {"..", "'..'"},
            {".", "'.'"},
            {"a..b", "'..' inside"},
            {"", "empty"},
            {"tab\tname", "a control character"},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
            char *what = g_strdup_printf("register: a file name with %s", bad[i][1]);

            refused_add(&alice, REG("镜像", "raw", g1, bad[i][0]), DV_ERR_INVALID, IMF_FILE_NAME,
                        what);
            g_free(what);
        }
    }
    refused_add(&alice, REG("镜像", "raw", g1, NULL), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: no file name");
    refused_add(&alice, REG("镜像", "raw", g1, long_name), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a 129-character file name");
    refused_add(&alice, REG("镜像", "raw", g1, "missing.img"), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a file that does not exist");
    refused_add(&alice, REG("镜像", "raw", g1, "sub"), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a directory");
    refused_add(&alice, REG("镜像", "raw", g2, "disk.raw"), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a file of another group's directory");
    refused_add(&alice, REG("又一个", "qcow2", g1, "sys.qcow2"), DV_ERR_EXISTS, IMF_FILE_NAME,
                "register: a file that is already an image");
    refused_add(&bob, REG("又一个", "qcow2", g1, "sys.qcow2"), DV_ERR_EXISTS, IMF_FILE_NAME,
                "register: another project's image file");

    /* who may add */
    refused_add(&sys, REG("镜像", "raw", g1, "disk.raw"), DV_ERR_DENIED, "",
                "register: the sysadm manages no project");
    refused_add(&dave, REG("镜像", "raw", g1, "disk.raw"), DV_ERR_DENIED, "",
                "register: an admin of an inactive project");
}

/* ---------------------------------------------------------------- M9.5.2 import */

struct seen {
    int calls;
    uint64_t last_done, last_total, first_total;
    bool monotonic;
    int cancel_at; /* return false on this call (0: never) */
};

static bool on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct seen *s = ctx;

    if (s->calls == 0)
        s->first_total = total;
    else if (done < s->last_done)
        s->monotonic = false;
    s->calls++;
    s->last_done = done;
    s->last_total = total;
    return s->cancel_at == 0 || s->calls < s->cancel_at;
}

/* Import source into dir as file. */
#define IMP(NAME, FORMAT, DIR, FILE, SOURCE)                                                       \
    (&(struct image_input){NAME, FORMAT, "x86-64", "1", "1", "", DIR, "1", FILE, SOURCE})

static void test_import(void)
{
    char *big = g_build_filename(src, "big.img", NULL), *copy = NULL;
    char *q = g_build_filename(src, "web.qcow2", NULL);
    struct seen s = {.monotonic = true};
    struct dv_error err = {0};
    struct world w;
    long before = ops();
    int64_t id = -1;

    ok(add_typed(db, &alice,
                 &(struct image_input){"导入镜像", "raw", "x86-64", "0", "1", "", g1, "1", "", big},
                 on_progress, &s, &id, &err),
       "import big.img (%s)", err.msg);
    copy = g_build_filename(g1, "big.img", NULL);
    ok(same_content(big, copy), "import: the copy in the save directory equals the source");
    ok(g_file_test(big, G_FILE_TEST_EXISTS), "import: the source is left alone");
    is_int(count_where("image",
                       "id = %lld AND file_name = 'big.img' AND save_dir = %Q AND "
                       "size_mb = 4 AND owner_project_id = %lld AND shared = 0",
                       (long long)id, g1, (long long)p_alice),
           1, "import: the record names the copy, 3.5 MB rounded up to 4");
    logged_by(before, "alice", AUDIT_ADD, "Add image file", "导入镜像", "import");
    ok(s.calls >= 4, "import: progress reported chunk by chunk (%d calls)", s.calls);
    ok(s.monotonic, "import: the progress never goes back");
    is_int(s.first_total, 3500000, "import: the first report has the total");
    is_int(s.last_done, 3500000, "import: the last report is every byte");
    is_int(s.last_total, 3500000, "import: and the total");
    {
        char *l = dir_listing(g1);

        ok(!strstr(l, ".dosvm"), "import: no temporary file is left (%s)", l);
        g_free(l);
    }
    g_free(copy);

    /* a chosen name for the copy, no callback */
    before = ops();
    dv_error_clear(&err);
    ok(add_typed(db, &alice, IMP("网站镜像", "qcow2", g2, "web-v1.qcow2", q), NULL, NULL, NULL,
                 &err),
       "import web.qcow2 as web-v1.qcow2 into g2 without a progress callback (%s)", err.msg);
    copy = g_build_filename(g2, "web-v1.qcow2", NULL);
    ok(same_content(q, copy), "import: copied under the chosen name");
    g_free(copy);
    logged_by(before, "alice", AUDIT_ADD, "Add image file", "网站镜像", "import with a name");

    /* refusals: nothing copied, nothing recorded */
    refused_add(&alice, IMP("再导入", "raw", g1, "", big), DV_ERR_EXISTS, IMF_FILE_NAME,
                "import: the target file exists");
    refused_add(&alice, IMP("再导入", "raw", g1, "disk.raw", big), DV_ERR_EXISTS, IMF_FILE_NAME,
                "import: a named target that exists (not registered)");
    refused_add(&alice, IMP("再导入", "qcow2", g1, "other.img", big), DV_ERR_INVALID, IMF_FORMAT,
                "import: a raw source as qcow2");
    refused_add(&alice, IMP("再导入", "raw", g1, "other.img", "relative/big.img"), DV_ERR_INVALID,
                IMF_SOURCE, "import: a relative source path");
    refused_add(&alice, IMP("再导入", "raw", g1, "other.img", "/nonexistent/big.img"),
                DV_ERR_INVALID, IMF_SOURCE, "import: a missing source");
    refused_add(&alice, IMP("再导入", "raw", g1, "other.img", src), DV_ERR_INVALID, IMF_SOURCE,
                "import: a directory as the source");
    refused_add(&alice, IMP("再导入", "raw", g1, "../other.img", big), DV_ERR_INVALID,
                IMF_FILE_NAME, "import: a target name with '..'");
    refused_add(&alice, IMP("再导入", "raw", g3, "other.img", big), DV_ERR_INVALID, IMF_SAVE_DIR,
                "import: into a group the project is not in");

    /* cancelled on the third report: the partial copy is removed */
    s = (struct seen){.monotonic = true, .cancel_at = 3};
    w = world_take();
    dv_error_clear(&err);
    ok(!add_typed(db, &alice, IMP("取消", "raw", g1, "cancelled.img", big), on_progress, &s, NULL,
                  &err),
       "import: cancelled by the progress callback");
    is_int(err.code, DV_ERR_INFO, "import: a cancel is DV_ERR_INFO ('%s')", err.msg);
    is_int(s.calls, 3, "import: no report after the cancel");
    world_same(&w, "import: cancelled");
    g_free(big);
    g_free(q);
}

/* ---------------------------------------------------------------- issue 8: files */

/* A refusal (any code but DV_OK; `code` when it is not DV_OK) naming field,
 * that leaves the database and the directories alone. */
static void refused_any(const struct dv_actor *a, const struct image_input *in, enum dv_status code,
                        const char *field, const char *what)
{
    struct dv_error err = {0};
    struct world w = world_take();
    int64_t id = -1;
    bool got = add_typed(db, a, in, NULL, NULL, &id, &err);

    ok(!got, "%s: refused (%s)", what, err.msg);
    if (code != DV_OK)
        is_int(err.code, code, "%s: code %d", what, (int)code);
    else
        ok(err.code != DV_OK, "%s: an error code", what);
    is_str(err.field, field, "%s: field %s", what, field);
    is_int(id, -1, "%s: no id", what);
    world_same(&w, what);
}

/* issue 8 point 1: only a regular file the project may reach is read, checked
 * on the opened descriptor; every path canonicalized; copies not readable by
 * others.  features: M9.5.2, M9.5.1 */
static void test_reach(void)
{
    char *big = g_build_filename(src, "big.img", NULL);
    char *slink = g_build_filename(src, "link.img", NULL);
    char *fifo = g_build_filename(src, "fifo.img", NULL);
    char *etcdir = g_build_filename(src, "etcdir", NULL);
    char *via_etc = g_build_filename(etcdir, "passwd", NULL);
    char *hard = g_build_filename(src, "db-hardlink", NULL);
    char *key = g_strconcat(db_path(db), ".key", NULL);
    char *wal = g_strconcat(db_path(db), "-wal", NULL);
    char *other = g_build_filename(g3, "carol.raw", NULL);
    char *other_dotdot = g_strconcat(g1, "/../g3/carol.raw", NULL);
    char *g3_dotdot = g_strconcat(g1, "/../g3", NULL);
    char *g1_dotted = g_strconcat(g2, "/../g1", NULL);
    char *reg_link = g_build_filename(g1, "link.raw", NULL);
    char *reg_etc = g_build_filename(g1, "passwd.raw", NULL);
    char *copy = NULL;
    struct dv_error err = {0};
    struct stat st, dst;
    int64_t id = -1;

    set_quota(p_alice, "100", "1000");
    ok(symlink(big, slink) == 0, "fixture: a symbolic link to a good image");
    ok(mkfifo(fifo, 0644) == 0, "fixture: a FIFO");
    ok(symlink("/etc", etcdir) == 0, "fixture: a directory link to /etc");
    ok(link(db_path(db), hard) == 0, "fixture: a hard link to the database");
    ok(g_file_set_contents(key, "0123456789abcdef0123456789abcdef", 32, NULL),
       "fixture: the database's key file");
    make_raw(g3, "carol.raw", 100000);
    ok(symlink(big, reg_link) == 0, "fixture: a symbolic link in the group directory");
    ok(symlink("/etc/passwd", reg_etc) == 0, "fixture: a link to /etc/passwd in the directory");

    refused_any(&alice, IMP("坏", "raw", g1, "x1.img", slink), DV_ERR_INVALID, IMF_SOURCE,
                "import: a symbolic link");
    refused_any(&alice, IMP("坏", "raw", g1, "x2.img", "/dev/null"), DV_ERR_INVALID, IMF_SOURCE,
                "import: a device (/dev/null)");
    refused_any(&alice, IMP("坏", "raw", g1, "x3.img", "/dev/zero"), DV_ERR_INVALID, IMF_SOURCE,
                "import: a device (/dev/zero)");
    refused_any(&alice, IMP("坏", "raw", g1, "x4.img", fifo), DV_ERR_INVALID, IMF_SOURCE,
                "import: a FIFO (and no hang)");
    refused_any(&alice, IMP("坏", "raw", g1, "x5.img", "/etc/shadow"), DV_OK, IMF_SOURCE,
                "import: /etc/shadow");
    refused_any(&alice, IMP("坏", "raw", g1, "x6.img", "/etc/passwd"), DV_ERR_DENIED, IMF_SOURCE,
                "import: /etc/passwd (below /etc)");
    refused_any(&alice, IMP("坏", "raw", g1, "x7.img", "/tmp/../etc/passwd"), DV_ERR_DENIED,
                IMF_SOURCE, "import: /tmp/../etc/passwd (canonically below /etc)");
    refused_any(&alice, IMP("坏", "raw", g1, "x8.img", via_etc), DV_ERR_DENIED, IMF_SOURCE,
                "import: passwd through a directory link to /etc");
    refused_any(&alice, IMP("坏", "raw", g1, "x9.img", "/proc/self/environ"), DV_OK, IMF_SOURCE,
                "import: /proc/self/environ");
    refused_any(&alice, IMP("坏", "raw", g1, "x10.img", db_path(db)), DV_ERR_DENIED, IMF_SOURCE,
                "import: the database");
    refused_any(&alice, IMP("坏", "raw", g1, "x11.img", key), DV_ERR_DENIED, IMF_SOURCE,
                "import: the database's key");
    if (g_file_test(wal, G_FILE_TEST_EXISTS))
        refused_any(&alice, IMP("坏", "raw", g1, "x12.img", wal), DV_ERR_DENIED, IMF_SOURCE,
                    "import: the database's WAL");
    refused_any(&alice, IMP("坏", "raw", g1, "x13.img", hard), DV_ERR_DENIED, IMF_SOURCE,
                "import: a hard link to the database");
    refused_any(&alice, IMP("坏", "raw", g1, "x14.img", other), DV_ERR_DENIED, IMF_SOURCE,
                "import: a file of another project's group directory");
    refused_any(&alice, IMP("坏", "raw", g1, "x15.img", other_dotdot), DV_ERR_DENIED, IMF_SOURCE,
                "import: g1/../g3/carol.raw (canonically another project's)");
    refused_any(&alice, IMP("坏", "raw", g3_dotdot, "x16.img", big), DV_ERR_INVALID, IMF_SAVE_DIR,
                "import: into g1/../g3 (canonically not the project's)");
    refused_any(&alice, REG("坏", "raw", g1, "link.raw"), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a symbolic link in the group directory");
    refused_any(&alice, REG("坏", "raw", g1, "passwd.raw"), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a link to /etc/passwd in the group directory");
    refused_any(&alice, REG("坏", "raw", g1, "sub"), DV_ERR_INVALID, IMF_FILE_NAME,
                "register: a directory");
    refused_any(&alice, REG("坏", "raw", g3_dotdot, "carol.raw"), DV_ERR_INVALID, IMF_SAVE_DIR,
                "register: in g1/../g3 (canonically another project's)");
    make_raw(g1, "dotted.raw", 100000);
    ok(add_typed(db, &alice, REG("点路径", "raw", g1_dotted, "dotted.raw"), NULL, NULL, &id, &err),
       "register: g2/../g1 is canonically g1, the project's (%s)", err.msg);
    is_int(count_where("image", "id = %lld AND save_dir = %Q", (long long)id, g1), 1,
           "register: the record names the group's directory as the group records it");

    /* the copy has the group directory's mode without execute, never world-readable */
    ok(chmod(g1, 0775) == 0, "fixture: g1 is mode 0775");
    dv_error_clear(&err);
    ok(add_typed(db, &alice, IMP("模式", "raw", g1, "mode.img", big), NULL, NULL, NULL, &err),
       "import mode.img (%s)", err.msg);
    copy = g_build_filename(g1, "mode.img", NULL);
    ok(stat(copy, &st) == 0 && stat(g1, &dst) == 0, "the copy exists");
    is_int(st.st_mode & 07777, 0660,
           "the copy is 0660: the directory's 0775 without execute "
           "and without others");
    ok(chmod(g1, 0755) == 0, "fixture: g1 back to 0755");

    g_unlink(slink);
    g_unlink(fifo);
    g_unlink(etcdir);
    g_unlink(hard);
    g_unlink(reg_link);
    g_unlink(reg_etc);
    g_free(copy);
    g_free(big);
    g_free(slink);
    g_free(fifo);
    g_free(etcdir);
    g_free(via_etc);
    g_free(hard);
    g_free(key);
    g_free(wal);
    g_free(other);
    g_free(other_dotdot);
    g_free(g3_dotdot);
    g_free(g1_dotted);
    g_free(reg_link);
    g_free(reg_etc);
}

/* ---------------------------------------------------------------- quotas, M7.3 */

static void test_quota(void)
{
    struct project_usage u;
    struct dv_error err = {0};
    char *big = g_build_filename(src, "big.img", NULL);

    /* alice: sys.qcow2 (1), install.iso (1), big.img (4), web-v1.qcow2 (1) */
    ok(project_usage(db, p_alice, &u, &err), "usage of 甲 (%s)", err.msg);
    is_int(u.used[QUOTA_IMAGES], 4, "usage: 4 image files (M7.3.2)");
    is_int(u.used[QUOTA_IMAGE_MB], 7, "usage: 7 MB of images");
    is_int(u.max[QUOTA_IMAGES], 5, "usage: of at most 5");
    ok(project_usage(db, p_bob, &u, &err) && u.used[QUOTA_IMAGES] == 0 &&
           u.used[QUOTA_IMAGE_MB] == 0,
       "usage: 乙 has uploaded none, although it sees 甲's images");

    set_quota(p_alice, "4", "100");
    refused_add(&alice, REG("超额", "raw", g1, "disk.raw"), DV_ERR_DENIED, "",
                "quota: a fifth image file with at most 4");
    dv_error_clear(&err);
    add_typed(db, &alice, REG("超额", "raw", g1, "disk.raw"), NULL, NULL, NULL, &err);
    ok(strstr(err.msg, "image file quota is exceeded") != NULL, "quota: the message ('%s')",
       err.msg);
    set_quota(p_alice, "10", "8");
    refused_add(&alice, REG("超额", "raw", g1, "disk2.raw"), DV_ERR_DENIED, "",
                "quota: 7 MB + 2 MB above 8 MB");
    refused_add(&alice, IMP("超额", "raw", g1, "big2.img", big), DV_ERR_DENIED, "",
                "quota: importing 4 MB above 8 MB copies nothing");
    dv_error_clear(&err);
    ok(add_typed(db, &alice, REG("刚好", "raw", g1, "disk.raw"), NULL, NULL, NULL, &err),
       "quota: 7 MB + 1 MB is exactly 8 MB (%s)", err.msg);
    ok(project_usage(db, p_alice, &u, &err) && u.used[QUOTA_IMAGE_MB] == 8 &&
           u.used[QUOTA_IMAGES] == 5,
       "usage: now 5 files and 8 MB");
    set_quota(p_bob, "0", "0");
    refused_add(&bob, REG("乙的", "raw", g1, "disk2.raw"), DV_ERR_DENIED, "",
                "quota: 0 allows nothing (P1/OP-10)");
    set_quota(p_alice, "10", "100");
    set_quota(p_bob, "10", "100");
    g_free(big);
}

/* ---------------------------------------------------------------- M9.5.1 */

/* "name:own" of each row (g_free). */
static char *rows_of(const struct image_page *p)
{
    GString *s = g_string_new("");

    for (int i = 0; i < p->n; i++)
        g_string_append_printf(s, "%s%s:%s", i ? "," : "", p->rows[i].name,
                               p->rows[i].own ? "是" : "否");
    return g_string_free(s, FALSE);
}

static void list_is(int64_t project, const char *name, int64_t offset, int limit, const char *want,
                    int64_t total, const char *what)
{
    struct image_page p = {0};
    struct dv_error err = {0};
    char *got;

    ok(image_list(db, project, name, offset, limit, &p, &err), "%s: listed (%s)", what, err.msg);
    got = rows_of(&p);
    is_str(got, want, "%s: the rows", what);
    is_int(p.total, total, "%s: the total", what);
    g_free(got);
    image_page_free(&p);
}

static void test_list(void)
{
    struct dv_error err = {0};
    struct image im = {0};
    char *path;

    ok(add_typed(db, &bob, REG("乙的镜像", "raw", g1, "disk2.raw"), NULL, NULL, NULL, &err),
       "list fixture: 乙 registers disk2.raw in the shared g1 (%s)", err.msg);
    list_is(p_alice, NULL, 0, 50,
            "系统镜像:是,安装光盘:是,导入镜像:是,网站镜像:是,刚好:是,乙的镜像:否", 6,
            "list: 甲 sees both its groups, 乙's image is not its own");
    list_is(p_bob, "", 0, 50, "系统镜像:否,导入镜像:否,刚好:否,乙的镜像:是", 4,
            "list: 乙 sees only g1");
    is_int(count_where("image", "name = '刚好' AND owner_project_id = %lld", (long long)p_alice), 1,
           "list fixture: 刚好 belongs to 甲");
    list_is(p_carol, NULL, 0, 50, "", 0, "list: 丙's group has no image");
    list_is(p_alice, "镜像", 0, 50, "系统镜像:是,导入镜像:是,网站镜像:是,乙的镜像:否", 4,
            "list: the name contains 镜像");
    list_is(p_alice, "%", 0, 50, "", 0, "list: '%' is not a wildcard");
    list_is(p_alice, NULL, 2, 2, "导入镜像:是,网站镜像:是", 6, "list: the second page of 2");
    list_is(p_alice, "镜像", 3, 2, "乙的镜像:否", 4, "list: filtered and paged");

    dv_error_clear(&err);
    ok(image_get(db, p_bob, image_id("系统镜像"), &im, &err), "get as 乙 (%s)", err.msg);
    path = image_path(&im);
    ok(g_str_has_suffix(path, "/g1/sys.qcow2") && !im.own && im.owner_project_id == p_alice,
       "get: the path %s, not 乙's own", path);
    is_str(im.uploader, "alice", "get: the uploader's account");
    is_str(im.owner_project, "项目甲", "get: the owner project's name");
    g_free(path);
    image_clear(&im);
    dv_error_clear(&err);
    ok(!image_get(db, p_bob, image_id("安装光盘"), &im, &err) && err.code == DV_ERR_NOTFOUND,
       "get: 乙 cannot see an image of g2");
}

/* ---------------------------------------------------------------- M9.5.3 */

/* Modify to these values; the save directory, upload and source are ignored. */
#define MOD(NAME, FORMAT, FILE)                                                                    \
    (&(struct image_input){NAME, FORMAT, "i686", "0", "1", "改过", "/elsewhere", "1", FILE,        \
                           "/ignored"})

static void refused_mod(const struct dv_actor *a, int64_t id, const struct image_input *in,
                        enum dv_status code, const char *field, const char *what)
{
    struct dv_error err = {0};
    struct world w = world_take();

    refused(modify_typed(db, a, id, in, &err), &err, code, field, what);
    world_same(&w, what);
}

static void test_update(void)
{
    int64_t sys_id = image_id("系统镜像"), iso = image_id("安装光盘"), bobs = image_id("乙的镜像");
    struct dv_error err = {0};
    long before = ops();

    ok(modify_typed(db, &bob, sys_id, MOD("共享系统镜像", "qcow2", "sys.qcow2"), &err),
       "modify: 乙 changes 甲's image of their shared group (%s)", err.msg);
    is_int(count_where("image",
                       "id = %lld AND name = '共享系统镜像' AND format = 'qcow2' AND arch = 'i686' "
                       "AND shared = 0 AND readonly = 1 AND description = '改过' AND save_dir = %Q "
                       "AND file_name = 'sys.qcow2' AND owner_project_id = %lld",
                       (long long)sys_id, g1, (long long)p_alice),
           1, "modify: the fields changed, the save directory and the owner did not");
    logged_by(before, "bob", AUDIT_MODIFY, "Modify image file information", "共享系统镜像",
              "modify by 乙");

    /* OP-41: another existing file of the same directory */
    before = ops();
    dv_error_clear(&err);
    ok(modify_typed(db, &alice, sys_id, MOD("共享系统镜像", "qcow", "old.qcow"), &err),
       "modify: the file becomes old.qcow, format qcow (%s)", err.msg);
    is_int(count_where("image",
                       "id = %lld AND file_name = 'old.qcow' AND format = 'qcow' AND "
                       "size_mb = 1",
                       (long long)sys_id),
           1, "modify: the new file and its size are stored");
    logged_by(before, "alice", AUDIT_MODIFY, "Modify image file information", "共享系统镜像",
              "modify the file");

    refused_mod(&carol, sys_id, MOD("丙改", "qcow", "old.qcow"), DV_ERR_DENIED, "",
                "modify: 丙 is not in the image's group");
    refused_mod(&bob, iso, MOD("乙改", "raw", "install.iso"), DV_ERR_DENIED, "",
                "modify: 乙 is not in g2");
    refused_mod(&dave, sys_id, MOD("丁改", "qcow", "old.qcow"), DV_ERR_DENIED, "",
                "modify: an inactive project");
    refused_mod(&alice, sys_id, MOD("共享系统镜像", "qcow2", "old.qcow"), DV_ERR_INVALID,
                IMF_FORMAT, "modify: the format no longer matches the file");
    refused_mod(&alice, sys_id, MOD("共享系统镜像", "qcow", "disk.vmdk"), DV_ERR_INVALID,
                IMF_FORMAT, "modify: a file of another format");
    refused_mod(&alice, sys_id, MOD("共享系统镜像", "qcow", "nothere.qcow"), DV_ERR_INVALID,
                IMF_FILE_NAME, "modify: a file that does not exist");
    refused_mod(&alice, sys_id, MOD("共享系统镜像", "raw", "disk2.raw"), DV_ERR_EXISTS,
                IMF_FILE_NAME, "modify: the file of another image");
    refused_mod(&alice, sys_id, MOD("共享系统镜像", "qcow", "../g2/install.iso"), DV_ERR_INVALID,
                IMF_FILE_NAME, "modify: a file of another directory");
    refused_mod(&alice, sys_id, MOD("共享系统镜像", "qcow", ""), DV_ERR_INVALID, IMF_FILE_NAME,
                "modify: an empty file name");
    refused_mod(&alice, sys_id, MOD("共享*", "qcow", "old.qcow"), DV_ERR_INVALID, IMF_NAME,
                "modify: a name with '*'");
    refused_mod(&alice, sys_id,
                &(struct image_input){"共享系统镜像", "qcow", "sparc", "0", "1", "", NULL, NULL,
                                      "old.qcow", NULL},
                DV_ERR_INVALID, IMF_ARCH, "modify: architecture sparc");
    refused_mod(&alice, 9999, MOD("无", "raw", "disk.raw"), DV_ERR_NOTFOUND, "",
                "modify: a missing image");

    /* a bigger file counts against the owner's size quota */
    set_quota(p_bob, "10", "1");
    refused_mod(&alice, bobs, MOD("乙的镜像", "raw", "disk3.raw"), DV_ERR_DENIED, "",
                "modify: a 3 MB file above the owner's 1 MB");
    set_quota(p_bob, "10", "100");
    dv_error_clear(&err);
    ok(modify_typed(db, &alice, bobs, MOD("乙的镜像", "raw", "disk3.raw"), &err),
       "modify: within the owner's quota (%s)", err.msg);
    is_int(count_where("image", "id = %lld AND size_mb = 3", (long long)bobs), 1,
           "modify: the size follows the file");

    /* P2/OP-6: an edit made with what was read before another edit */
    {
        struct image read = {0};
        struct image_spec spec = {.name = "乙的镜像",
                                  .format = "raw",
                                  .arch = "x86-64",
                                  .description = "第一",
                                  .file_name = "disk3.raw"};
        struct world w;

        ok(image_get(db, 0, bobs, &read, &err), "modify: the form reads the image (%s)", err.msg);
        spec.version = read.row_version;
        ok(image_modify(db, &bob, bobs, &spec, &err),
           "modify: an edit at the version read is saved (%s)", err.msg);
        spec.description = "第二";
        w = world_take();
        dv_error_clear(&err);
        refused(image_modify(db, &alice, bobs, &spec, &err), &err, DV_ERR_STALE, "",
                "modify: a stale edit");
        world_same(&w, "modify: a stale edit");
        is_int(count_where("image", "id = %lld AND description = '第一'", (long long)bobs), 1,
               "modify: the first edit stands");
        image_clear(&read);
    }
}

/* ---------------------------------------------------------------- M9.5.4 */

static void test_delete(void)
{
    int64_t bobs = image_id("乙的镜像"), big = image_id("导入镜像"), iso = image_id("安装光盘");
    struct dv_error err = {0};
    struct world w;
    long before;
    char *path;

    w = world_take();
    dv_error_clear(&err);
    refused(image_delete(db, &alice, bobs, &err), &err, DV_ERR_DENIED, "",
            "delete: 甲 deletes 乙's image");
    ok(strstr(err.msg, "uploaded by your project") != NULL, "delete: the owner rule's message");
    world_same(&w, "delete: not the owner");
    ok(exists_in(g1, "disk3.raw"), "delete: 乙's file is still there");

    w = world_take();
    dv_error_clear(&err);
    refused(image_delete(db, &dave, bobs, &err), &err, DV_ERR_DENIED, "",
            "delete: an inactive project");
    world_same(&w, "delete: an inactive project");

    before = ops();
    dv_error_clear(&err);
    ok(image_delete(db, &alice, big, &err), "delete: 甲 deletes its imported image (%s)", err.msg);
    is_int(count_where("image", "id = %lld", (long long)big), 0, "delete: the record is gone");
    ok(!exists_in(g1, "big.img"), "delete: the file is gone");
    {
        char *l = dir_listing(g1);

        ok(!strstr(l, ".dosvm"), "delete: nothing is left aside (%s)", l);
        g_free(l);
    }
    logged_by(before, "alice", AUDIT_DELETE, "Delete image file", "导入镜像", "delete");

    before = ops();
    dv_error_clear(&err);
    ok(image_delete(db, &bob, bobs, &err), "delete: 乙 deletes its own image (%s)", err.msg);
    ok(!exists_in(g1, "disk3.raw"), "delete: its file is gone");
    logged_by(before, "bob", AUDIT_DELETE, "Delete image file", "乙的镜像", "delete by 乙");

    /* a missing file does not block deleting the record */
    path = g_build_filename(g2, "install.iso", NULL);
    g_unlink(path);
    g_free(path);
    dv_error_clear(&err);
    ok(image_delete(db, &alice, iso, &err), "delete: the record of a missing file (%s)", err.msg);
    is_int(count_where("image", "id = %lld", (long long)iso), 0, "delete: that record is gone");

    w = world_take();
    dv_error_clear(&err);
    refused(image_delete(db, &alice, iso, &err), &err, DV_ERR_NOTFOUND, "", "delete: again");
    world_same(&w, "delete: again");
}

/* ---------------------------------------------------------------- main */

int main(void)
{
    const char *probe[] = {"qemu-img", "--version", NULL};
    struct testdb t;
    int64_t ga, gb, gc;

    (void)logged; /* testcheck.h's, for the sysadm; logged_by here */
    if (!run_cmd(probe)) {
        printf("1..0 # SKIP qemu-img is not installed (package qemu-utils)\n");
        return 0;
    }
    sys = testdb_sysadm();
    db = testdb_open(&t, false);
    ok(db != NULL, "fixture: a fresh database");
    if (!db)
        return tap_done();
    base = t.dir;
    g1 = g_build_filename(base, "g1", NULL);
    g2 = g_build_filename(base, "g2", NULL);
    g3 = g_build_filename(base, "g3", NULL);
    src = g_build_filename(base, "src", NULL);
    ga = add_group("共享组", g1);
    gb = add_group("甲组", g2);
    gc = add_group("丙组", g3);
    g_mkdir_with_parents(src, 0755);
    p_alice = add_project(ga, "项目甲", "alice", true, &alice);
    p_bob = add_project(ga, "项目乙", "bob", true, &bob);
    p_carol = add_project(gc, "项目丙", "carol", true, &carol);
    add_project(ga, "项目丁", "dave", false, &dave);
    ok(projgroup_add_project(db, &sys, gb, p_alice, NULL), "fixture: 甲 is also in 甲组");
    set_quota(p_alice, "5", "100");
    set_quota(p_bob, "5", "100");
    make_image(g1, "sys.qcow2", "qcow2", "10M");
    make_image(g1, "old.qcow", "qcow", "10M");
    make_image(g1, "disk.vmdk", "vmdk", "10M");
    make_raw(g1, "disk.raw", 100000);
    make_raw(g1, "disk2.raw", 1500000);
    make_raw(g1, "disk3.raw", 2500000);
    make_iso(g1, "install.iso");
    make_iso(g2, "install.iso");
    {
        char *sub = g_build_filename(g1, "sub", NULL);

        g_mkdir(sub, 0755);
        g_free(sub);
    }
    make_raw(src, "big.img", 3500000);
    make_image(src, "web.qcow2", "qcow2", "1G");

    test_detect();
    test_register();
    test_import();
    test_quota();
    test_list();
    test_update();
    test_delete();
    test_reach(); /* last: it adds images */

    {
        struct dv_error err = {0};

        ok(project_delete(db, &sys, p_alice, &err), "delete project 甲 (%s)", err.msg);
        is_int(count_where("image", "owner_project_id = %lld", (long long)p_alice), 0,
               "a deleted project's image records go with it (P1/OP-42)");
    }
    rm_tree(g1);
    rm_tree(g2);
    rm_tree(g3);
    rm_tree(src);
    testdb_close(&t);
    g_free(g1);
    g_free(g2);
    g_free(g3);
    g_free(src);
    return tap_done();
}
