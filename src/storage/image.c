/* image.c - image files in the project groups' directories */
#include "storage/image.h"
#include "db/audit.h"
#include "db/page.h"
#include "projects/project.h"
#include "base/util.h"
#include "base/validate.h"

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
 * users: instance disks arrive with chapter 11 (instances), which adds its
 * query here, e.g. "SELECT count(*) FROM instance_disk WHERE image_id = ?1".
 * An instance that is not running counts too (M9.5.4). */
static const char *const in_use_sql[] = {NULL};

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

char *image_detect_format(const char *path, struct dv_error *err)
{
    GError *gerr = NULL;
    GSubprocess *p;
    GRegex *re;
    GMatchInfo *m = NULL;
    char *out = NULL, *errout = NULL, *fmt = NULL;

    /* -U: read even while a running VM holds the image's lock */
    p = g_subprocess_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &gerr,
                         "qemu-img", "info", "-U", path, NULL);
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

        dv_error_set(err, DV_ERR_IO, IMF_FORMAT, _("qemu-img cannot read '%s': %s"), path, first);
        g_free(first);
    } else {
        /* the image's own line; child nodes of newer versions are indented */
        re = g_regex_new("^file format: (\\S+)$", G_REGEX_MULTILINE, 0, NULL);
        if (g_regex_match(re, out ? out : "", 0, &m))
            fmt = g_match_info_fetch(m, 1);
        else
            dv_error_set(err, DV_ERR_IO, IMF_FORMAT,
                         _("qemu-img reported no file format for '%s'."), path);
        g_match_info_free(m);
        g_regex_unref(re);
    }
    g_free(out);
    g_free(errout);
    g_object_unref(p);
    return fmt;
}

/* The detected format of path must be want (the chosen 文件格式). */
static bool check_format(const char *path, const char *want, struct dv_error *err)
{
    char *got = image_detect_format(path, err);
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

/* A regular, readable file: its size in MB (rounded up) into *mb; messages
 * call it shown (the name in the save directory, or the local path). */
static bool check_file(const char *key, const char *path, const char *shown, int64_t *mb,
                       struct dv_error *err)
{
    struct stat st;
    int fd;

    if (stat(path, &st) != 0) {
        if (errno == ENOENT)
            dv_error_set(err, DV_ERR_INVALID, key, _("The file '%s' does not exist."), shown);
        else
            dv_error_set(err, DV_ERR_IO, key, _("Cannot read the file '%s': %s."), shown,
                         g_strerror(errno));
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("'%s' is not a regular file."), shown);
        return false;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        dv_error_set(err, DV_ERR_IO, key, _("Cannot read the file '%s': %s."), shown,
                     g_strerror(errno));
        return false;
    }
    close(fd);
    *mb = (int64_t)((st.st_size + MIB - 1) / MIB);
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

/* dir is the file directory of one of the project's groups. */
static bool dir_of_project(struct db *db, int64_t pid, const char *dir, int64_t *n,
                           struct dv_error *err)
{
    return db_scalar(db, "SELECT count(*) FROM " GROUP_DIRS " d WHERE d.file_dir = ?2",
                     DB_ARGS(DB_I(pid), DB_T(dir ? dir : "")), n, err);
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
                     _("The image file quota is exceeded: %lld MB more would make %lld MB, above "
                       "the %lld MB allowed."),
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
static bool copy_in(const char *src, const char *dir, char **tmp, image_progress_fn progress,
                    void *ctx, struct dv_error *err)
{
    char *buf = NULL;
    uint64_t done = 0, total;
    unsigned delay = copy_delay_ms();
    struct stat st;
    int in = open(src, O_RDONLY | O_CLOEXEC), out = -1;
    bool ok = false, made = false;

    *tmp = g_build_filename(dir, ".dosvm-import-XXXXXX", NULL);
    if (in < 0 || fstat(in, &st) != 0) {
        dv_error_set(err, DV_ERR_IO, IMF_SOURCE, _("Cannot read the file '%s': %s."), src,
                     g_strerror(errno));
        goto cleanup;
    }
    out = g_mkstemp_full(*tmp, O_WRONLY | O_CLOEXEC, 0644);
    if (out < 0) {
        dv_error_set(err, DV_ERR_IO, IMF_SAVE_DIR, _("Cannot write in the directory '%s': %s."),
                     dir, g_strerror(errno));
        goto cleanup;
    }
    made = true;
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
};

/* Every check that needs no write; importing: the source and the free name. */
static bool check_add(struct db *db, const struct dv_actor *actor, const struct image_spec *in,
                      bool upload, struct adding *a, struct dv_error *err)
{
    int64_t n = 0;

    if (!actor_project(db, actor, &a->pid, err) || !check_fields(in, err))
        return false;
    if (!dir_of_project(db, a->pid, in->save_dir, &n, err))
        return false;
    if (n == 0) {
        dv_error_set(err, DV_ERR_INVALID, IMF_SAVE_DIR,
                     _("%s must be the file directory of one of your project's groups."),
                     _("Save directory"));
        return false;
    }
    if (upload) {
        if (!validate_abs_path(IMF_SOURCE, _("Image file"), in->source, 4096, err) ||
            !check_file(IMF_SOURCE, in->source, in->source, &a->size_mb, err))
            return false;
        a->file_name = in->file_name && *in->file_name ? g_strdup(in->file_name)
                                                       : g_path_get_basename(in->source);
        if (!check_file_name(IMF_FILE_NAME, _("File name"), a->file_name, err))
            return false;
        a->path = g_build_filename(in->save_dir, a->file_name, NULL);
        if (g_file_test(a->path, G_FILE_TEST_EXISTS)) {
            dv_error_set(err, DV_ERR_EXISTS, IMF_FILE_NAME,
                         _("The file '%s' already exists in the save directory."), a->file_name);
            return false;
        }
        return file_free(db, in->save_dir, a->file_name, 0, err) &&
               check_quota(db, a->pid, 1, a->size_mb, err) &&
               check_format(in->source, in->format, err);
    }
    a->file_name = g_strdup(in->file_name);
    if (!check_file_name(IMF_FILE_NAME, _("File name"), in->file_name, err))
        return false;
    a->path = g_build_filename(in->save_dir, in->file_name, NULL);
    return check_file(IMF_FILE_NAME, a->path, in->file_name, &a->size_mb, err) &&
           file_free(db, in->save_dir, in->file_name, 0, err) &&
           check_quota(db, a->pid, 1, a->size_mb, err) && check_format(a->path, in->format, err);
}

static bool add_image(struct db *db, const struct dv_actor *actor, const struct image_spec *in,
                      bool upload, image_progress_fn progress, void *ctx, int64_t *id,
                      struct dv_error *err)
{
    struct adding a = {0};
    bool placed = false;
    bool ok = check_add(db, actor, in, upload, &a, err) &&
              (!upload || copy_in(in->source, in->save_dir, &a.tmp, progress, ctx, err)) &&
              db_begin(db, err);

    if (ok) {
        /* again under the write lock: another console may have added meanwhile */
        ok = check_quota(db, a.pid, 1, a.size_mb, err) &&
             file_free(db, in->save_dir, a.file_name, 0, err) &&
             db_do(db,
                   "INSERT INTO image(name, format, arch, shared, readonly, description, "
                   "save_dir, file_name, size_mb, owner_project_id, uploader_user_id, "
                   "uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                   DB_ARGS(DB_T(in->name), DB_T(in->format), DB_T(in->arch), DB_I(in->shared),
                           DB_I(in->readonly), DB_T(in->description ? in->description : ""),
                           DB_T(in->save_dir), DB_T(a.file_name), DB_I(a.size_mb), DB_I(a.pid),
                           DB_ID0(actor->user_id), DB_I(dv_now())),
                   err);
        if (ok && id)
            *id = db_last_id(db);
        if (ok && upload)
            ok = placed = place(a.tmp, a.path, a.file_name, err);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add image file"), in->name, err);
        if (!ok && placed)
            g_unlink(a.path);
    }
    if (a.tmp && g_file_test(a.tmp, G_FILE_TEST_EXISTS))
        g_unlink(a.tmp);
    g_free(a.tmp);
    g_free(a.path);
    g_free(a.file_name);
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

/* ---------------------------------------------------------------- modify */

/* The image as the actor's project may modify it: in one of its groups. */
static bool get_in_group(struct db *db, const struct dv_actor *actor, int64_t id, struct image *cur,
                         int64_t *pid, struct dv_error *err)
{
    int64_t n = 0;

    if (!actor_project(db, actor, pid, err) || !image_get(db, 0, id, cur, err))
        return false;
    if (dir_of_project(db, *pid, cur->save_dir, &n, err) && n > 0)
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
    bool ok =
        check_fields(in, err) && check_file_name(IMF_FILE_NAME, _("File name"), in->file_name, err);

    *size_mb = cur->size_mb;
    if (ok)
        path = g_build_filename(cur->save_dir, in->file_name, NULL);
    if (ok && moved)
        ok = check_file(IMF_FILE_NAME, path, in->file_name, size_mb, err) &&
             file_free(db, cur->save_dir, in->file_name, cur->id, err);
    if (ok && *size_mb > cur->size_mb)
        ok = check_quota(db, cur->owner_project_id, 0, *size_mb - cur->size_mb, err);
    if (ok && (moved || strcmp(in->format, cur->format) != 0))
        ok = check_format(path, in->format, err);
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
