/* image.c - image files in the project groups' directories */
#include "storage/image.h"
#include "db/audit.h"
#include "db/page.h"
#include "projects/project.h"
#include "base/util.h"
#include "base/validate.h"
#include "jobs/job.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const image_formats[] = {"raw", "qcow", "qcow2", NULL};
const char *const image_archs[] = {"x86-64", "i686", NULL};

#define MIB           (1024 * 1024)
#define COPY_CHUNK    MIB
#define FILE_NAME_MAX 128 /* characters of a file name */

/* What may use an image (?1 = the image's id), each query counting the
 * users: an instance's disk, running or not (M9.5.4). */
static const char *const in_use_sql[] = {
    "SELECT count(*) FROM instance_disk WHERE image_id = ?1",
    NULL,
};

/* The file directories of the groups of project ?1. */
#define GROUP_DIRS                                                                                 \
    "(SELECT g.file_dir FROM project_group g JOIN project_group_member m "                         \
    "ON m.group_id = g.id WHERE m.project_id = ?1)"

#define IMAGE_COLUMNS                                                                              \
    "i.id, i.name, i.format, i.arch, i.shared, i.readonly, i.description, i.save_dir, "            \
    "i.file_name, i.size_mb, i.owner_project_id, p.name, coalesce(u.account, ''), "                \
    "i.uploaded_at, CASE WHEN i.owner_project_id = ?1 THEN 1 ELSE 0 END, i.row_version"

#define IMAGE_FROM                                                                                 \
    "image i JOIN project p ON p.id = i.owner_project_id "                                         \
    "LEFT JOIN user u ON u.id = i.uploader_user_id "

/* ---------------------------------------------------------------- reading */

static bool read_image(const struct db_row *r, void *ctx)
{
    struct image *im = ctx;

    im->id = db_row_int(r, 0);
    im->name = db_row_text(r, 1);
    im->format = db_row_text(r, 2);
    im->arch = db_row_text(r, 3);
    im->shared = db_row_int(r, 4) != 0;
    im->readonly = db_row_int(r, 5) != 0;
    im->description = db_row_text(r, 6);
    im->save_dir = db_row_text(r, 7);
    im->file_name = db_row_text(r, 8);
    im->size_mb = db_row_int(r, 9);
    im->owner_project_id = db_row_int(r, 10);
    im->owner_project = db_row_text(r, 11);
    im->uploader = db_row_text(r, 12);
    im->uploaded_at = db_row_int(r, 13);
    im->own = db_row_int(r, 14) != 0;
    im->row_version = db_row_int(r, 15);
    return true;
}

DB_PAGE_READER(add_image_row, struct image_page, read_image)

bool image_list(struct db *db, int64_t project_id, const char *name, int64_t offset, int limit,
                struct image_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, IMAGE_COLUMNS,
                       IMAGE_FROM "WHERE i.save_dir IN " GROUP_DIRS
                                  " AND (?2 = '' OR i.name LIKE ?3 ESCAPE '\\')",
                       "i.id", DB_ARGS(DB_I(project_id), DB_T(name ? name : ""), DB_T(like)),
                       offset, limit, &out->total, add_image_row, out, err);
    g_free(like);
    if (!ok)
        image_page_free(out);
    return ok;
}

void image_clear(struct image *im)
{
    g_free(im->name);
    g_free(im->format);
    g_free(im->arch);
    g_free(im->description);
    g_free(im->save_dir);
    g_free(im->file_name);
    g_free(im->owner_project);
    g_free(im->uploader);
    memset(im, 0, sizeof(*im));
}

void image_page_free(struct image_page *p)
{
    DB_PAGE_FREE(p, image_clear);
}

bool image_get(struct db *db, int64_t project_id, int64_t id, struct image *out,
               struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    /* no row: db_get never called read_image, *out stays empty */
    return db_get(db,
                  "SELECT " IMAGE_COLUMNS " FROM " IMAGE_FROM
                  "WHERE i.id = ?2 AND (?1 = 0 OR i.save_dir IN " GROUP_DIRS ")",
                  DB_ARGS(DB_I(project_id), DB_I(id)), read_image, out,
                  _("The image file no longer exists."), err);
}

char *image_path(const struct image *im)
{
    return g_build_filename(im->save_dir, im->file_name, NULL);
}

bool image_dir_choices(struct db *db, int64_t project_id, struct choice_list *out,
                       struct dv_error *err)
{
    return choice_select(db,
                         "SELECT min(g.id), g.file_dir, 0 FROM project_group g "
                         "JOIN project_group_member m ON m.group_id = g.id "
                         "WHERE m.project_id = ?1 GROUP BY g.file_dir ORDER BY min(g.id)",
                         DB_ARGS(DB_I(project_id)), out, err);
}

/* ---------------------------------------------------------------- format detection */

static int open_source(const char *key, const char *path, const char *shown, struct dv_error *err);

/* The format qemu-img reports for the open file fd (shown in messages):
 * qemu-img reads the descriptor itself (/dev/fd/3 in the child), never a
 * name that could be swapped after the checks. */
static char *detect_fd(int fd, const char *shown, struct dv_error *err)
{
    GError *gerr = NULL;
    GSubprocessLauncher *l =
        g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    GSubprocess *p;
    GRegex *re;
    GMatchInfo *m = NULL;
    char *out = NULL, *errout = NULL, *fmt = NULL;

    g_subprocess_launcher_take_fd(l, fd, 3);
    /* -U: read even while a running VM holds the image's lock */
    p = g_subprocess_launcher_spawn(l, &gerr, "qemu-img", "info", "-U", "/dev/fd/3", NULL);
    g_object_unref(l);
    if (!p || !g_subprocess_communicate_utf8(p, NULL, NULL, &out, &errout, &gerr)) {
        dv_error_set(err, DV_ERR_IO, IMF_FORMAT,
                     _("Cannot run qemu-img to detect the file format: %s."), gerr->message);
        g_error_free(gerr);
        if (p)
            g_object_unref(p);
        return NULL;
    }
    if (!g_subprocess_get_if_exited(p) || g_subprocess_get_exit_status(p) != 0) {
        char *first =
            g_strstrip(g_strndup(errout ? errout : "", strcspn(errout ? errout : "", "\n")));

        dv_error_set(err, DV_ERR_IO, IMF_FORMAT, _("qemu-img cannot read '%s': %s"), shown, first);
        g_free(first);
    } else {
        /* the image's own line; child nodes of newer versions are indented */
        re = g_regex_new("^file format: (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
        if (g_regex_match(re, out ? out : "", 0, &m))
            fmt = g_match_info_fetch(m, 1);
        else
            dv_error_set(err, DV_ERR_IO, IMF_FORMAT,
                         _("qemu-img reported no file format for '%s'."), shown);
        g_match_info_free(m);
        g_regex_unref(re);
    }
    g_free(out);
    g_free(errout);
    g_object_unref(p);
    return fmt;
}

/* Open path as a source (no symbolic link) and detect its format; when
 * checked is not NULL the file opened must be the one checked before
 * (same device and inode), else it was swapped in between. */
static char *detect_file(const char *path, const struct stat *checked, struct dv_error *err)
{
    int fd = open_source(IMF_FORMAT, path, path, err);
    struct stat st;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (checked && (st.st_dev != checked->st_dev || st.st_ino != checked->st_ino))) {
        dv_error_set(err, DV_ERR_INVALID, IMF_FORMAT,
                     _("The file '%s' changed while it was being checked; try again."), path);
        close(fd);
        return NULL;
    }
    return detect_fd(fd, path, err); /* the child owns fd now */
}

char *image_detect_format(const char *path, struct dv_error *err)
{
    return detect_file(path, NULL, err);
}

/* The detected format of path (the file checked, when not NULL) must be
 * want (the chosen 文件格式). */
static bool check_format(const char *path, const struct stat *checked, const char *want,
                         struct dv_error *err)
{
    char *got = detect_file(path, checked, err);
    bool ok = got && strcmp(got, want) == 0;

    if (got && !ok && !g_strv_contains(image_formats, got))
        dv_error_set(err, DV_ERR_INVALID, IMF_FORMAT,
                     _("%s: qemu-img finds the file in %s format, which is not supported (only "
                       "raw, qcow and qcow2)."),
                     _("File format"), got);
    else if (got && !ok)
        dv_error_set(err, DV_ERR_INVALID, IMF_FORMAT,
                     _("%s: qemu-img finds the file in %s format, not %s; choose %s."),
                     _("File format"), got, want, got);
    g_free(got);
    return ok;
}

/* ---------------------------------------------------------------- field rules */

static bool check_one_of(const char *key, const char *label, const char *v,
                         const char *const *allowed, struct dv_error *err)
{
    char *list;

    if (v && g_strv_contains(allowed, v))
        return true;
    list = g_strjoinv(", ", (char **)allowed);
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be one of %s."), label, list);
    g_free(list);
    return false;
}

/* A yes/no field: "1", "0" or "" (no). */
static bool parse_flag(const char *key, const char *label, const char *v, bool *out,
                       struct dv_error *err)
{
    *out = v && strcmp(v, "1") == 0;
    if (!v || !*v || strcmp(v, "0") == 0 || *out)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be yes or no."), label);
    return false;
}

bool image_spec_parse(const struct image_input *in, struct image_spec *out, bool *import,
                      struct dv_error *err)
{
    bool upload = false;

    *out = (struct image_spec){
        .name = in->name,
        .format = in->format,
        .arch = in->arch,
        .description = in->description,
        .save_dir = in->save_dir,
        .file_name = in->file_name,
        .source = in->source,
    };
    if (import)
        *import = false;
    if (!parse_flag(IMF_SHARED, _("Shared between VMs"), in->shared, &out->shared, err) ||
        !parse_flag(IMF_READONLY, _("Read-only image"), in->readonly, &out->readonly, err) ||
        !parse_flag(IMF_UPLOAD, _("Upload file"), in->upload, &upload, err))
        return false;
    if (import)
        *import = upload;
    return true;
}

/* OP-40: a name inside the directory: no '/', no '..', no control character. */
static bool check_file_name(const char *key, const char *label, const char *v, struct dv_error *err)
{
    if (!validate_required(key, label, v, err) ||
        !validate_length(key, label, v, 1, FILE_NAME_MAX, err))
        return false;
    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f) {
            dv_error_set(err, DV_ERR_INVALID, key, _("%s contains a control character."), label);
            return false;
        }
    }
    if (strchr(v, '/') || strstr(v, "..") || strcmp(v, ".") == 0) {
        dv_error_set(err, DV_ERR_INVALID, key,
                     _("%s must be a name inside the save directory, without '/' or '..'."), label);
        return false;
    }
    return true;
}

static bool check_fields(const struct image_spec *in, struct dv_error *err)
{
    return validate_cn_name(IMF_NAME, _("Name"), in->name, err) &&
           check_one_of(IMF_FORMAT, _("File format"), in->format, image_formats, err) &&
           check_one_of(IMF_ARCH, _("Architecture"), in->arch, image_archs, err) &&
           validate_length(IMF_DESCRIPTION, _("Description"), in->description, 0, 256, err);
}

/* Open path for reading as an image file may be read: never following a
 * symbolic link in its last component, never a device's side effects (no
 * controlling tty, no blocking on a FIFO); -1 with err set when it fails. */
static int open_source(const char *key, const char *path, const char *shown, struct dv_error *err)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

    if (fd >= 0)
        return fd;
    if (errno == ENOENT)
        dv_error_set(err, DV_ERR_INVALID, key, _("The file '%s' does not exist."), shown);
    else if (errno == ELOOP)
        dv_error_set(err, DV_ERR_INVALID, key,
                     _("'%s' is a symbolic link; only a regular file can be an image file."),
                     shown);
    else
        dv_error_set(err, DV_ERR_IO, key, _("Cannot read the file '%s': %s."), shown,
                     g_strerror(errno));
    return -1;
}

/* path with its directories' symbolic links resolved and "." and ".."
 * removed (g_free); its last component is not followed. */
static char *canonical_path(const char *path)
{
    char *dir = g_path_get_dirname(path), *name = g_path_get_basename(path);
    char *rd = realpath(dir, NULL), *out;

    if (rd && strcmp(name, ".") != 0 && strcmp(name, "..") != 0 && strcmp(name, "/") != 0)
        out = g_build_filename(rd, name, NULL);
    else
        out = g_canonicalize_filename(path, "/");
    free(rd);
    g_free(dir);
    g_free(name);
    return out;
}

/* dir canonicalized (g_free): realpath when it exists, else lexically. */
static char *canonical_dir(const char *dir)
{
    char *rd = realpath(dir, NULL), *out;

    out = rd ? g_strdup(rd) : g_canonicalize_filename(dir, "/");
    free(rd);
    return out;
}

/* path is root or lies below it */
static bool path_under(const char *path, const char *root)
{
    size_t n = strlen(root);

    while (n > 1 && root[n - 1] == '/')
        n--;
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0' || n == 1);
}

/* The system's directories and dosvm's own, from which no image file is read. */
static const char *const denied_roots[] = {"/etc", "/proc", "/sys",
                                           "/dev", "/root", "/var/lib/dosvm"};

static bool collect_text(const struct db_row *r, void *ctx)
{
    g_ptr_array_add(ctx, db_row_text(r, 0));
    return true;
}

/* The file (opened as st) may be reached by project pid (issue 8): not in a
 * system directory, not the database or one of its files, not in the
 * directory of a group the project is not in; every path canonicalized. */
static bool check_reach(struct db *db, int64_t pid, const char *key, const char *path,
                        const char *shown, const struct stat *st, struct dv_error *err)
{
    static const char *const db_files[] = {"", ".key", "-wal", "-shm", "-journal"};
    char *canon = canonical_path(path);
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    bool ok = true;

    for (size_t i = 0; ok && i < G_N_ELEMENTS(denied_roots); i++) {
        char *root = canonical_dir(denied_roots[i]);

        if (path_under(canon, denied_roots[i]) || path_under(canon, root)) {
            dv_error_set(err, DV_ERR_DENIED, key,
                         _("'%s' lies below %s, from which no image file may be read."), shown,
                         denied_roots[i]);
            ok = false;
        }
        g_free(root);
    }
    for (size_t i = 0; ok && db_path(db) && i < G_N_ELEMENTS(db_files); i++) {
        char *f = g_strconcat(db_path(db), db_files[i], NULL), *cf = canonical_path(f);
        struct stat fs;

        if (strcmp(cf, canon) == 0 ||
            (stat(f, &fs) == 0 && fs.st_dev == st->st_dev && fs.st_ino == st->st_ino)) {
            dv_error_set(err, DV_ERR_DENIED, key,
                         _("'%s' is the database or one of its files (key, journal); it may not "
                           "be read as an image file."),
                         shown);
            ok = false;
        }
        g_free(f);
        g_free(cf);
    }
    if (ok)
        ok = db_query(db, "SELECT file_dir FROM project_group WHERE file_dir NOT IN " GROUP_DIRS,
                      DB_ARGS(DB_I(pid)), collect_text, dirs, NULL, err);
    for (guint i = 0; ok && i < dirs->len; i++) {
        char *d = canonical_dir(dirs->pdata[i]);

        if (*(char *)dirs->pdata[i] && path_under(canon, d)) {
            dv_error_set(err, DV_ERR_DENIED, key,
                         _("'%s' lies in the directory of a group your project is not in."), shown);
            ok = false;
        }
        g_free(d);
    }
    g_ptr_array_free(dirs, TRUE);
    g_free(canon);
    return ok;
}

/* A regular, readable file the project may reach, checked on the opened
 * descriptor: its size in MB (rounded up) into *mb, its identity into *st;
 * messages call it shown (the name in the save directory, or the local path). */
static bool check_file(struct db *db, int64_t pid, const char *key, const char *path,
                       const char *shown, int64_t *mb, struct stat *st, struct dv_error *err)
{
    int fd = open_source(key, path, shown, err);
    bool ok;

    if (fd < 0)
        return false;
    ok = fstat(fd, st) == 0;
    if (!ok)
        dv_error_set(err, DV_ERR_IO, key, _("Cannot read the file '%s': %s."), shown,
                     g_strerror(errno));
    close(fd);
    if (ok && !S_ISREG(st->st_mode)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("'%s' is not a regular file."), shown);
        return false;
    }
    if (!ok || !check_reach(db, pid, key, path, shown, st, err))
        return false;
    *mb = (int64_t)((st->st_size + MIB - 1) / MIB);
    return true;
}

/* ---------------------------------------------------------------- rights and rules */

/* The actor's project (active, M7.2.1.5b). */
static bool actor_project(struct db *db, const struct dv_actor *actor, int64_t *pid,
                          struct dv_error *err)
{
    struct project p;

    if (!project_of_admin(db, actor->user_id, &p, err))
        return false;
    *pid = p.id;
    project_clear(&p);
    return true;
}

/* dir is the file directory of one of the project's groups (*n: 1, else
 * 0), both canonicalized: "/g1/../etc" is not /g1; *stored (may be NULL;
 * g_free) gets that directory as the group records it. */
static bool dir_of_project(struct db *db, int64_t pid, const char *dir, int64_t *n, char **stored,
                           struct dv_error *err)
{
    GPtrArray *dirs = g_ptr_array_new_with_free_func(g_free);
    char *want = canonical_dir(dir ? dir : "");
    bool ok = db_query(db, "SELECT d.file_dir FROM " GROUP_DIRS " d", DB_ARGS(DB_I(pid)),
                       collect_text, dirs, NULL, err);

    *n = 0;
    for (guint i = 0; ok && dir && *dir && i < dirs->len; i++) {
        char *d = canonical_dir(dirs->pdata[i]);

        if (strcmp(d, want) == 0 && !*n) {
            *n = 1;
            if (stored)
                *stored = g_strdup(dirs->pdata[i]);
        }
        g_free(d);
    }
    g_ptr_array_free(dirs, TRUE);
    g_free(want);
    return ok;
}

/* M7.2.1.3a: the project may hold `more` more images of `mb` more MB (run
 * it inside the operation's transaction; before it only to refuse early). */
static bool check_quota(struct db *db, int64_t pid, int more, int64_t mb, struct dv_error *err)
{
    struct project_usage u;

    if (!project_usage(db, pid, &u, err))
        return false;
    if (more > 0 && u.used[QUOTA_IMAGES] + more > u.max[QUOTA_IMAGES]) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The image file quota is exceeded: the project has %lld of at most %lld "
                       "image files."),
                     (long long)u.used[QUOTA_IMAGES], (long long)u.max[QUOTA_IMAGES]);
        return false;
    }
    if (mb > 0 && u.used[QUOTA_IMAGE_MB] + mb > u.max[QUOTA_IMAGE_MB]) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The image file quota is exceeded: %lld MiB more would make %lld MiB, above "
                       "the %lld MiB allowed."),
                     (long long)mb, (long long)(u.used[QUOTA_IMAGE_MB] + mb),
                     (long long)u.max[QUOTA_IMAGE_MB]);
        return false;
    }
    return true;
}

static bool read_name(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

/* No other image (except `except`) is the file dir/name. */
static bool file_free(struct db *db, const char *dir, const char *name, int64_t except,
                      struct dv_error *err)
{
    char *other = NULL;

    if (!db_query(db, "SELECT name FROM image WHERE save_dir = ?1 AND file_name = ?2 AND id != ?3",
                  DB_ARGS(DB_T(dir), DB_T(name), DB_I(except)), read_name, &other, NULL, err))
        return false;
    if (other) {
        dv_error_set(err, DV_ERR_EXISTS, IMF_FILE_NAME,
                     _("The file '%s' is already the image file '%s'."), name, other);
        g_free(other);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- importing */

/* Tests slow the copy down (milliseconds per chunk) to watch the progress
 * and cancel it, as DOSVM_NOW fakes the clock. */
static unsigned copy_delay_ms(void)
{
    const char *v = getenv("DOSVM_IMAGE_COPY_DELAY_MS");

    return v && *v ? (unsigned)g_ascii_strtoull(v, NULL, 10) : 0;
}

static bool write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);

        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        buf += w;
        n -= (size_t)w;
    }
    return true;
}

/* Copy src into a new hidden file of dir, chunk by chunk, calling progress;
 * *tmp receives its path.  On failure or cancel the copy is removed. */
static bool copy_in(const char *src, const struct stat *checked, const char *dir, char **tmp,
                    image_progress_fn progress, void *ctx, struct dv_error *err)
{
    char *buf = NULL;
    uint64_t done = 0, total;
    unsigned delay = copy_delay_ms();
    struct stat st, dst;
    int in = open_source(IMF_SOURCE, src, src, err), out = -1;
    bool ok = false, made = false;

    *tmp = g_build_filename(dir, ".dosvm-import-XXXXXX", NULL);
    if (in < 0)
        goto cleanup;
    if (fstat(in, &st) != 0) {
        dv_error_set(err, DV_ERR_IO, IMF_SOURCE, _("Cannot read the file '%s': %s."), src,
                     g_strerror(errno));
        goto cleanup;
    }
    /* the file checked, not one put in its place since */
    if (!S_ISREG(st.st_mode) || st.st_dev != checked->st_dev || st.st_ino != checked->st_ino) {
        dv_error_set(err, DV_ERR_INVALID, IMF_SOURCE,
                     _("The file '%s' was replaced after it was checked; nothing was imported."),
                     src);
        goto cleanup;
    }
    fcntl(in, F_SETFL, fcntl(in, F_GETFL) & ~O_NONBLOCK);
    out = g_mkstemp_full(*tmp, O_WRONLY | O_CLOEXEC, 0600);
    if (out < 0 || stat(dir, &dst) != 0) {
        dv_error_set(err, DV_ERR_IO, IMF_SAVE_DIR, _("Cannot write in the directory '%s': %s."),
                     dir, g_strerror(errno));
        goto cleanup;
    }
    made = true;
    /* the group directory's mode without execute, never readable by others */
    if (fchmod(out, (dst.st_mode & 0660) | 0600) != 0) {
        dv_error_set(err, DV_ERR_IO, IMF_SAVE_DIR, _("Cannot write in the directory '%s': %s."),
                     dir, g_strerror(errno));
        goto cleanup;
    }
    total = (uint64_t)st.st_size;
    buf = g_malloc(COPY_CHUNK);
    if (progress && !progress(ctx, 0, total))
        goto cancelled;
    for (;;) {
        ssize_t r = read(in, buf, COPY_CHUNK);

        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            dv_error_set(err, DV_ERR_IO, IMF_SOURCE, _("Cannot read the file '%s': %s."), src,
                         g_strerror(errno));
            goto cleanup;
        }
        if (r == 0)
            break;
        if (!write_all(out, buf, (size_t)r)) {
            dv_error_set(err, DV_ERR_IO, IMF_SAVE_DIR, _("Cannot write in the directory '%s': %s."),
                         dir, g_strerror(errno));
            goto cleanup;
        }
        done += (uint64_t)r;
        if (delay)
            g_usleep((gulong)delay * 1000);
        if (progress && !progress(ctx, done, MAX(done, total)))
            goto cancelled;
    }
    ok = fsync(out) == 0;
    ok = close(out) == 0 && ok;
    out = -1;
    if (!ok)
        dv_error_set(err, DV_ERR_IO, IMF_SAVE_DIR, _("Cannot write in the directory '%s': %s."),
                     dir, g_strerror(errno));
    goto cleanup;
cancelled:
    dv_error_set(err, DV_ERR_INFO, NULL, _("The import was cancelled; nothing was saved."));
cleanup:
    if (in >= 0)
        close(in);
    if (out >= 0)
        close(out);
    g_free(buf);
    if (!ok && made)
        g_unlink(*tmp);
    return ok;
}

/* Give the copy its name, never replacing a file that appeared meanwhile. */
static bool place(const char *tmp, const char *path, const char *name, struct dv_error *err)
{
    int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE);

    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) { /* no RENAME_NOREPLACE here */
        rc = link(tmp, path);
        if (rc == 0)
            g_unlink(tmp);
    }
    if (rc == 0)
        return true;
    if (errno == EEXIST)
        dv_error_set(err, DV_ERR_EXISTS, IMF_FILE_NAME,
                     _("The file '%s' already exists in the save directory."), name);
    else
        dv_error_set(err, DV_ERR_IO, IMF_FILE_NAME, _("Cannot create the file '%s': %s."), path,
                     g_strerror(errno));
    return false;
}

/* ---------------------------------------------------------------- add */

struct adding {
    int64_t pid;
    char *file_name; /* the name in save_dir */
    char *path;      /* save_dir/file_name */
    char *tmp;       /* importing: the finished copy */
    int64_t size_mb;
    struct stat st; /* the file checked (copy_in reads only this one) */
    char *save_dir; /* the group's directory as recorded (the typed one canonicalized) */
};

/* Every check that needs no write; importing: the source and the free name. */
static bool check_add(struct db *db, const struct dv_actor *actor, const struct image_spec *in,
                      bool upload, struct adding *a, struct dv_error *err)
{
    int64_t n = 0;

    if (!actor_project(db, actor, &a->pid, err) || !check_fields(in, err))
        return false;
    if (!dir_of_project(db, a->pid, in->save_dir, &n, &a->save_dir, err))
        return false;
    if (n == 0) {
        dv_error_set(err, DV_ERR_INVALID, IMF_SAVE_DIR,
                     _("%s must be the file directory of one of your project's groups."),
                     _("Save directory"));
        return false;
    }
    if (upload) {
        if (!validate_abs_path(IMF_SOURCE, _("Image file"), in->source, 4096, err) ||
            !check_file(db, a->pid, IMF_SOURCE, in->source, in->source, &a->size_mb, &a->st, err))
            return false;
        a->file_name = in->file_name && *in->file_name ? g_strdup(in->file_name)
                                                       : g_path_get_basename(in->source);
        if (!check_file_name(IMF_FILE_NAME, _("File name"), a->file_name, err))
            return false;
        a->path = g_build_filename(a->save_dir, a->file_name, NULL);
        if (g_file_test(a->path, G_FILE_TEST_EXISTS)) {
            dv_error_set(err, DV_ERR_EXISTS, IMF_FILE_NAME,
                         _("The file '%s' already exists in the save directory."), a->file_name);
            return false;
        }
        return file_free(db, a->save_dir, a->file_name, 0, err) &&
               check_quota(db, a->pid, 1, a->size_mb, err) &&
               check_format(in->source, &a->st, in->format, err);
    }
    a->file_name = g_strdup(in->file_name);
    if (!check_file_name(IMF_FILE_NAME, _("File name"), in->file_name, err))
        return false;
    a->path = g_build_filename(a->save_dir, in->file_name, NULL);
    return check_file(db, a->pid, IMF_FILE_NAME, a->path, in->file_name, &a->size_mb, &a->st,
                      err) &&
           file_free(db, a->save_dir, in->file_name, 0, err) &&
           check_quota(db, a->pid, 1, a->size_mb, err) &&
           check_format(a->path, &a->st, in->format, err);
}

/* The record of what check_add accepted (and, importing, copy_in copied),
 * in one transaction that checks the quota and the name again. */
static bool commit_add(struct db *db, const struct dv_actor *actor, const struct image_spec *in,
                       bool upload, struct adding *a, int64_t *id, struct dv_error *err)
{
    bool placed = false;
    bool ok = db_begin(db, err);

    if (ok) {
        /* again under the write lock: another console may have added meanwhile */
        ok = check_quota(db, a->pid, 1, a->size_mb, err) &&
             file_free(db, a->save_dir, a->file_name, 0, err) &&
             db_do(db,
                   "INSERT INTO image(name, format, arch, shared, readonly, description, "
                   "save_dir, file_name, size_mb, owner_project_id, uploader_user_id, "
                   "uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                   DB_ARGS(DB_T(in->name), DB_T(in->format), DB_T(in->arch), DB_I(in->shared),
                           DB_I(in->readonly), DB_T(in->description ? in->description : ""),
                           DB_T(a->save_dir), DB_T(a->file_name), DB_I(a->size_mb), DB_I(a->pid),
                           DB_ID0(actor->user_id), DB_I(dv_now())),
                   err);
        if (ok && id)
            *id = db_last_id(db);
        if (ok && upload)
            ok = placed = place(a->tmp, a->path, a->file_name, err);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add image file"), in->name, err);
        if (!ok && placed)
            g_unlink(a->path);
    }
    return ok;
}

static void adding_clear(struct adding *a)
{
    if (a->tmp && g_file_test(a->tmp, G_FILE_TEST_EXISTS))
        g_unlink(a->tmp);
    g_free(a->tmp);
    g_free(a->save_dir);
    g_free(a->path);
    g_free(a->file_name);
    memset(a, 0, sizeof(*a));
}

static bool add_image(struct db *db, const struct dv_actor *actor, const struct image_spec *in,
                      bool upload, image_progress_fn progress, void *ctx, int64_t *id,
                      struct dv_error *err)
{
    struct adding a = {0};
    bool ok = check_add(db, actor, in, upload, &a, err) &&
              (!upload || copy_in(in->source, &a.st, a.save_dir, &a.tmp, progress, ctx, err)) &&
              commit_add(db, actor, in, upload, &a, id, err);

    adding_clear(&a);
    return ok;
}

bool image_register(struct db *db, const struct dv_actor *actor, const struct image_spec *s,
                    int64_t *id, struct dv_error *err)
{
    return add_image(db, actor, s, false, NULL, NULL, id, err);
}

bool image_import(struct db *db, const struct dv_actor *actor, const struct image_spec *s,
                  image_progress_fn progress, void *ctx, int64_t *id, struct dv_error *err)
{
    return add_image(db, actor, s, true, progress, ctx, id, err);
}

/* ---------------------------------------------------------------- import job */

/* An import as a background job: its own copy of the spec, what the checks
 * accepted, and the copy's hidden file. */
struct importing {
    struct image_spec s;
    char *str[7]; /* the strings s points to */
    struct adding a;
    int64_t id;
};

static void importing_free(void *data)
{
    struct importing *im = data;

    adding_clear(&im->a);
    for (size_t i = 0; i < G_N_ELEMENTS(im->str); i++)
        g_free(im->str[i]);
    g_free(im);
}

static bool report_copy(void *ctx, uint64_t done, uint64_t total)
{
    /* L10N: the amounts copied so far, in MB */
    char *text = g_strdup_printf(_("%.1f MiB of %.1f MiB"), (double)done / 1048576.0,
                                 (double)total / 1048576.0);

    job_ctx_progress(ctx, total ? (double)done / (double)total : 1.0, text);
    g_free(text);
    return !job_ctx_cancelled(ctx);
}

static bool import_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct importing *im = data;
    bool ok = copy_in(im->s.source, &im->a.st, im->a.save_dir, &im->a.tmp, report_copy, ctx, err);

    (void)result;
    if (!ok && job_ctx_cancelled(ctx))
        err->code = DV_ERR_CANCELLED;
    return ok;
}

static bool import_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct importing *im = data;

    (void)result;
    ok = ok && commit_add(job_db(job), job_actor(job), &im->s, true, &im->a, &im->id, err);
    if (ok)
        job_set_result_text(job, _("The image file was added."));
    return ok;
}

struct job *image_import_start(struct db *db, const struct dv_actor *actor,
                               const struct image_spec *s, struct dv_error *err)
{
    struct importing *im = g_new0(struct importing, 1);
    const char *const src[] = {s->name,     s->format,    s->arch,  s->description,
                               s->save_dir, s->file_name, s->source};
    const char **dst[] = {&im->s.name,     &im->s.format,    &im->s.arch,  &im->s.description,
                          &im->s.save_dir, &im->s.file_name, &im->s.source};
    struct job_spec spec = {.what = N_("Add image file"),
                            .object = s->name,
                            .cancellable = true,
                            .timeout_s = JOB_NO_TIMEOUT,
                            .work = import_work,
                            .finish = import_finish,
                            .data = im,
                            .data_free = importing_free};

    G_STATIC_ASSERT(G_N_ELEMENTS(src) == G_N_ELEMENTS(im->str));
    im->s = *s;
    for (size_t i = 0; i < G_N_ELEMENTS(src); i++)
        *dst[i] = im->str[i] = g_strdup(src[i]);
    if (!check_add(db, actor, &im->s, true, &im->a, err)) {
        importing_free(im);
        return NULL;
    }
    return job_start(db, actor, &spec, err);
}

/* ---------------------------------------------------------------- modify */

/* The image as the actor's project may modify it: in one of its groups. */
static bool get_in_group(struct db *db, const struct dv_actor *actor, int64_t id, struct image *cur,
                         int64_t *pid, struct dv_error *err)
{
    int64_t n = 0;

    if (!actor_project(db, actor, pid, err) || !image_get(db, 0, id, cur, err))
        return false;
    if (dir_of_project(db, *pid, cur->save_dir, &n, NULL, err) && n > 0)
        return true;
    if (n == 0)
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("You may modify only the image files of your project's groups."));
    image_clear(cur);
    return false;
}

/* OP-41: another existing file of the same directory, its size; a changed
 * file or format is detected again. */
static bool check_update(struct db *db, const struct image *cur, const struct image_spec *in,
                         int64_t *size_mb, struct dv_error *err)
{
    bool moved = g_strcmp0(in->file_name, cur->file_name) != 0;
    char *path = NULL;
    struct stat st;
    bool ok =
        check_fields(in, err) && check_file_name(IMF_FILE_NAME, _("File name"), in->file_name, err);

    *size_mb = cur->size_mb;
    if (ok)
        path = g_build_filename(cur->save_dir, in->file_name, NULL);
    if (ok && moved)
        ok = check_file(db, cur->owner_project_id, IMF_FILE_NAME, path, in->file_name, size_mb, &st,
                        err) &&
             file_free(db, cur->save_dir, in->file_name, cur->id, err);
    if (ok && *size_mb > cur->size_mb)
        ok = check_quota(db, cur->owner_project_id, 0, *size_mb - cur->size_mb, err);
    if (ok && (moved || strcmp(in->format, cur->format) != 0))
        ok = check_format(path, moved ? &st : NULL, in->format, err);
    g_free(path);
    return ok;
}

bool image_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                  const struct image_spec *in, struct dv_error *err)
{
    struct image cur = {0};
    int64_t pid = 0, size_mb = 0;
    bool ok = get_in_group(db, actor, id, &cur, &pid, err) &&
              check_update(db, &cur, in, &size_mb, err) && db_begin(db, err);

    if (ok) {
        /* again under the write lock, at the version the form read */
        ok = db_bump_version(db, "image", id, in->version, _("The image file no longer exists."),
                             err) &&
             file_free(db, cur.save_dir, in->file_name, id, err) &&
             (size_mb <= cur.size_mb ||
              check_quota(db, cur.owner_project_id, 0, size_mb - cur.size_mb, err)) &&
             db_do(db,
                   "UPDATE image SET name = ?1, format = ?2, arch = ?3, shared = ?4, "
                   "readonly = ?5, description = ?6, file_name = ?7, size_mb = ?8 WHERE id = ?9",
                   DB_ARGS(DB_T(in->name), DB_T(in->format), DB_T(in->arch), DB_I(in->shared),
                           DB_I(in->readonly), DB_T(in->description ? in->description : ""),
                           DB_T(in->file_name), DB_I(size_mb), DB_I(id)),
                   err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify image file information"),
                          in->name, err);
    }
    image_clear(&cur);
    return ok;
}

/* ---------------------------------------------------------------- delete */

/* Whether an instance uses image id (err set then, or on failure). */
static bool in_use(struct db *db, int64_t id, struct dv_error *err)
{
    for (int i = 0; in_use_sql[i]; i++) {
        int64_t n = 0;

        if (!db_scalar(db, in_use_sql[i], DB_ARGS(DB_I(id)), &n, err))
            return true;
        if (n > 0) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The image file is used by a VM instance; it cannot be deleted."));
            return true;
        }
    }
    return false;
}

/* Move the file aside until the record's deletion is committed; a missing
 * file is no obstacle (M9.5.4).  *aside is NULL when there was no file. */
static bool move_aside(const struct image *im, char **aside, struct dv_error *err)
{
    char *path = image_path(im);
    char *name = g_strdup_printf(".dosvm-delete-%lld", (long long)im->id);
    bool ok = true;

    *aside = g_build_filename(im->save_dir, name, NULL);
    if (rename(path, *aside) != 0) {
        if (errno != ENOENT) {
            dv_error_set(err, DV_ERR_IO, NULL, _("Cannot delete the file '%s': %s."), path,
                         g_strerror(errno));
            ok = false;
        }
        g_free(*aside);
        *aside = NULL;
    }
    g_free(name);
    g_free(path);
    return ok;
}

bool image_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct image cur = {0};
    int64_t pid = 0;
    char *aside = NULL;
    bool ok = actor_project(db, actor, &pid, err) && db_begin(db, err);

    /* the delete order of volume.h: the checks and the record first, the
     * file after it (moved aside until the commit, so that a failure on
     * either side puts the other back) */
    if (ok) {
        ok = image_get(db, 0, id, &cur, err);
        if (ok && cur.owner_project_id != pid) {
            dv_error_set(err, DV_ERR_DENIED, NULL,
                         _("Only image files uploaded by your project can be deleted."));
            ok = false;
        }
        ok = ok && !in_use(db, id, err) &&
             db_do(db, "DELETE FROM image WHERE id = ?1", DB_ARGS(DB_I(id)), err) &&
             move_aside(&cur, &aside, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete image file"), cur.name, err);
        if (aside && ok) {
            g_unlink(aside);
        } else if (aside) { /* not committed: the file goes back */
            char *path = image_path(&cur);

            if (rename(aside, path) != 0)
                dv_error_set(err, DV_ERR_IO, NULL,
                             _("The image file was not deleted, but its file could not be put "
                               "back from '%s': %s."),
                             aside, g_strerror(errno));
            g_free(path);
        }
    }
    image_clear(&cur);
    g_free(aside);
    return ok;
}
