/* ctl_volumes.c - dosvmctl's volume nouns (manual 9.4 and 9.5): volume,
 * snapshot, image.
 *
 * A volume lives in a pool, given by name (--pool) among the pools the
 * actor's console lists: every pool for the system administrator (系统存储池
 * 信息), the pools of the project for a project administrator (项目存储池信息).
 * The volume is then found by its English name (--name-en); where a form's
 * own field is name_en (a snapshot's or a merged volume's new name), the
 * record it works on is --volume (a snapshot's base) or --snapshot.  An image
 * is found by its name among the images of the project's groups; --image
 * names it where --name is the new name.  The modify verbs take the dialog's
 * fields: one not given keeps the record's value (the dialog shows it). */
#include "ctl.h"

#include <string.h>

#include "base/util.h"
#include "db/choice.h"
#include "jobs/job.h"
#include "projects/project.h"
#include "storage/image.h"
#include "storage/pool.h"
#include "storage/volume.h"

/* ---------------------------------------------------------------- pools */

/* The pools the actor's console lists, as choices labelled by their names
 * (the label the pool page shows and passes to the volume page). */
static bool pool_choices(struct ctl *c, struct choice_list *out, struct dv_error *err)
{
    struct pool_filter f = {.type = -1, .bound = -1};
    struct pool_page p;

    memset(out, 0, sizeof(*out));
    if (!c->actor.sysadm) {
        struct project pr;

        if (!project_of_admin(c->db, c->actor.user_id, &pr, err))
            return false;
        f.project_id = pr.id;
        project_clear(&pr);
    }
    if (!pool_list(c->db, &f, 0, -1, &p, err))
        return false;
    out->v = g_new0(struct choice, p.n + 1);
    out->n = p.n;
    for (int i = 0; i < p.n; i++) {
        out->v[i].id = p.rows[i].id;
        out->v[i].label = g_strdup(p.rows[i].name);
    }
    pool_page_free(&p);
    return true;
}

/* The pool --pool names, which the actor may work in (volume_may_use_pool). */
static bool find_pool(struct ctl *c, int64_t *id, struct dv_error *err)
{
    struct choice_list l;
    bool ok = pool_choices(c, &l, err);

    ok = ok && ctl_choose(c, &l, "pool", N_("Pool name"), true, id, err);
    if (!ok && err->code == DV_ERR_NOTFOUND) /* a sentence of its own */
        dv_error_set(err, DV_ERR_NOTFOUND, "pool", _("There is no storage pool '%s'."),
                     ctl_opt(c, "pool"));
    ok = ok && volume_may_use_pool(c->db, &c->actor, *id, err);
    choice_list_free(&l);
    return ok;
}

/* The volume (or snapshot) of pool_id whose English name option key gives;
 * what is the msgid of the option's label, for "%s is required.". */
static bool find_volume(struct ctl *c, int64_t pool_id, const char *key, const char *what,
                        struct volume *out, struct dv_error *err)
{
    const char *name = ctl_opt(c, key);
    struct volume_page p;
    int64_t id = 0;

    memset(out, 0, sizeof(*out));
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _(what));
        return false;
    }
    if (!volume_list(c->db, pool_id, 0, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].name_en, name) == 0)
            id = p.rows[i].id;
    volume_page_free(&p);
    if (!id) {
        dv_error_set(err, DV_ERR_NOTFOUND, key, _("The pool has no volume named '%s'."), name);
        return false;
    }
    return volume_get(c->db, id, out, err);
}

/* --pool and the volume of option key in it (--volume for the English
 * name, as the snapshot verbs name their volume, is taken too). */
static bool find_pool_volume(struct ctl *c, const char *key, const char *what, int64_t *pool_id,
                             struct volume *v, struct dv_error *err)
{
    if (strcmp(key, VLF_NAME) == 0 && ctl_has(c, "volume"))
        key = "volume";
    memset(v, 0, sizeof(*v));
    return find_pool(c, pool_id, err) && find_volume(c, *pool_id, key, what, v, err);
}

/* ---------------------------------------------------------------- volume */

/* the volume page's columns (M9.4.2), then the rest of the record */
static const struct ctl_column volume_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"name_en", N_("English name"), CTL_STR},
    {"format", N_("Volume format"), CTL_STR},
    {"capacity_mb", N_("Capacity (MiB)"), CTL_NUM},
    {"allocation_mb", N_("Allocation (MiB)"), CTL_NUM},
    {"path", N_("Volume path"), CTL_STR},
    {"present", N_("Status"), CTL_BOOL},
    {"instances", N_("Instances using the volume"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"remark", N_("Remark"), CTL_STR},
    {"base", N_("Base volume"), CTL_STR},
};

/* MiB as the console shows them: rounded */
static long long mb_of(int64_t bytes)
{
    return (long long)((bytes + VOLUME_MB / 2) / VOLUME_MB);
}

static void volume_row(struct ctl_table *t, const struct volume *v)
{
    ctl_cell_num(t, v->id);
    ctl_cell(t, v->name_zh);
    ctl_cell(t, v->name_en);
    ctl_cell(t, v->format);
    ctl_cell_num(t, mb_of(v->capacity));
    ctl_cell_num(t, mb_of(v->allocation));
    ctl_cell(t, v->path);
    ctl_cell_bool(t, v->present);
    ctl_cell(t, v->instances);
    ctl_cell(t, v->description);
    ctl_cell(t, v->remark);
    ctl_cell(t, v->parent_name);
}

/* The table of volume id, read again after an operation. */
static bool volume_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;

    if (!volume_get(c->db, id, &v, err))
        return false;
    *out = ctl_table_new(volume_cols, G_N_ELEMENTS(volume_cols));
    volume_row(*out, &v);
    volume_clear(&v);
    return true;
}

typedef bool (*table_fn)(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err);

/* Run job (a create, snapshot or merge; NULL when refused) with its
 * progress bar, then show the record it made with table. */
static bool run_made(struct ctl *c, struct job *job, table_fn table, struct ctl_table **out,
                     struct dv_error *err)
{
    int64_t id;
    bool ok;

    if (!job)
        return false;
    job_ref(job);
    ok = ctl_run_job(c, job, err);
    id = volume_job_id(job);
    job_unref(job);
    return ok && table(c, id, out, err);
}

/* volume list --pool P (M9.4.2): every volume of the pool, snapshots too */
static bool volume_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume_page p;
    int64_t pool_id = 0;

    if (!find_pool(c, &pool_id, err) || !volume_list(c->db, pool_id, 0, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(volume_cols, G_N_ELEMENTS(volume_cols));
    for (int i = 0; i < p.n; i++)
        volume_row(*out, &p.rows[i]);
    volume_page_free(&p);
    return true;
}

/* volume show --pool P --name-en N */
static bool volume_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    bool ok = find_pool_volume(c, VLF_NAME, N_("English name"), &pool_id, &v, err);

    if (ok) {
        *out = ctl_table_new(volume_cols, G_N_ELEMENTS(volume_cols));
        volume_row(*out, &v);
    }
    volume_clear(&v);
    return ok;
}

/* volume create --pool P --name-zh Z --name-en N --capacity C [--unit U]
 * [--format F] [--mode M] [--owner UID] [--group GID] [--label L]
 * [--compat 0.10|1.1] [--lazy-refcounts 0|1] (M9.4.3) */
static bool volume_create_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume_input in = {
        .name_zh = ctl_opt_text(c, VLF_NAME_ZH),
        .name_en = ctl_opt_text(c, VLF_NAME),
        .capacity = ctl_opt_text(c, VLF_CAPACITY),
        .unit = ctl_opt_or(c, VLF_UNIT, volume_units[0]),
        .format = ctl_opt_or(c, VLF_FORMAT, vol_formats[0]),
        .mode = ctl_opt_text(c, VLF_MODE),
        .owner = ctl_opt_text(c, VLF_OWNER),
        .group = ctl_opt_text(c, VLF_GROUP),
        .label = ctl_opt_text(c, VLF_LABEL),
        .compat = ctl_opt_text(c, VLF_COMPAT),
        .lazy_refcounts = ctl_flag01(ctl_opt_or(c, VLF_LAZY, "0")),
    };
    struct volume_spec s;
    int64_t pool_id = 0;

    return find_pool(c, &pool_id, err) && volume_spec_parse(&in, pool_id, &s, err) &&
           run_made(c, volume_create_start(c->db, &c->actor, &s, err), volume_table, out, err);
}

/* volume extend --pool P --name-en N --extend-mb MB (M9.4.4) */
static bool volume_extend_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    struct volume_spec s = {0};
    bool ok = find_pool_volume(c, VLF_NAME, N_("English name"), &pool_id, &v, err);

    s.version = v.row_version;
    ok = ok && volume_extend_parse(ctl_opt_text(c, VLF_EXTEND), &s.extend_mb, err) &&
         ctl_run_job(c, volume_extend_start(c->db, &c->actor, v.id, &s, err), err) &&
         volume_table(c, v.id, out, err);
    volume_clear(&v);
    return ok;
}

/* volume modify --pool P --name-en N [--name-zh Z] [--description D] (M9.4.5) */
static bool volume_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    bool ok = find_pool_volume(c, VLF_NAME, N_("English name"), &pool_id, &v, err);

    if (ok) {
        struct volume_spec s = {.name_zh = ctl_opt_or(c, VLF_NAME_ZH, v.name_zh),
                                .description = ctl_opt_or(c, VLF_DESCRIPTION, v.description),
                                .version = v.row_version};

        ok = volume_modify(c->db, &c->actor, v.id, &s, err) && volume_table(c, v.id, out, err);
    }
    volume_clear(&v);
    return ok;
}

/* volume remark --pool P --name-en SNAPSHOT [--remark R] [--name-zh Z] (M9.4.8.3) */
static bool volume_remark_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    bool ok = find_pool_volume(c, VLF_NAME, N_("English name"), &pool_id, &v, err);

    if (ok) {
        struct volume_spec s = {.name_zh = ctl_opt_or(c, VLF_NAME_ZH, v.name_zh),
                                .remark = ctl_opt_or(c, VLF_REMARK, v.remark),
                                .version = v.row_version};

        ok = volume_remark(c->db, &c->actor, v.id, &s, err) && volume_table(c, v.id, out, err);
    }
    volume_clear(&v);
    return ok;
}

/* volume delete --pool P --name-en N (M9.4.6, M9.4.8.5): the record, and the
 * file of a file pool by a job */
static bool volume_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    struct job *job = NULL;
    bool ok = find_pool_volume(c, VLF_NAME, N_("English name"), &pool_id, &v, err) &&
              volume_delete_start(c->db, &c->actor, v.id, &job, err) &&
              (!job || ctl_run_job(c, job, err));

    if (ok) {
        char *text = g_strdup_printf(v.parent_id ? _("The incremental snapshot '%s' was deleted.")
                                                 : _("The volume '%s' was deleted."),
                                     v.name_en);

        *out = ctl_result_table(text);
        g_free(text);
    }
    volume_clear(&v);
    return ok;
}

static const struct ctl_column refresh_cols[] = {
    {"result", N_("Result"), CTL_STR},
    {"added", N_("Added"), CTL_NUM},
    {"missing", N_("Marked missing"), CTL_NUM},
    {"updated", N_("Updated"), CTL_NUM},
};

/* volume refresh --pool P (M9.4.7): what the refresh found */
static bool volume_refresh_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume_refresh sum = {0};
    struct job *job;
    int64_t pool_id = 0;
    bool ok;
    char *text;

    if (!find_pool(c, &pool_id, err) ||
        !(job = volume_refresh_start(c->db, &c->actor, pool_id, err)))
        return false;
    job_ref(job);
    ok = ctl_run_job(c, job, err) && volume_refresh_summary(job, &sum);
    job_unref(job);
    if (!ok)
        return false;
    text = g_strdup_printf(_("The pool was refreshed: %d added, %d marked missing, %d updated."),
                           sum.added, sum.missing, sum.updated);
    *out = ctl_table_new(refresh_cols, G_N_ELEMENTS(refresh_cols));
    ctl_cell(*out, text);
    ctl_cell_num(*out, sum.added);
    ctl_cell_num(*out, sum.missing);
    ctl_cell_num(*out, sum.updated);
    g_free(text);
    return true;
}

/* ---------------------------------------------------------------- snapshot */

/* the snapshot page's columns (M9.4.8.1) */
static const struct ctl_column snapshot_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"name_en", N_("English name"), CTL_STR},
    {"remark", N_("Remark"), CTL_STR},
    {"path", N_("Snapshot path"), CTL_STR},
    {"created_at", N_("Created at"), CTL_STR},
    {"instances", N_("Instances using the snapshot"), CTL_STR},
    {"base", N_("Base volume"), CTL_STR},
};

static void snapshot_row(struct ctl_table *t, const struct volume *v)
{
    char when[DV_TIME_LEN];

    ctl_cell_num(t, v->id);
    ctl_cell(t, v->name_zh);
    ctl_cell(t, v->name_en);
    ctl_cell(t, v->remark);
    ctl_cell(t, v->path);
    ctl_cell(t, dv_format_time(v->created_at, when));
    ctl_cell(t, v->instances);
    ctl_cell(t, v->parent_name);
}

static bool snapshot_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;

    if (!volume_get(c->db, id, &v, err))
        return false;
    *out = ctl_table_new(snapshot_cols, G_N_ELEMENTS(snapshot_cols));
    snapshot_row(*out, &v);
    volume_clear(&v);
    return true;
}

/* snapshot list --pool P --volume BASE (M9.4.8.1) */
static bool snapshot_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    struct volume_page p;
    int64_t pool_id = 0;
    bool ok = find_pool_volume(c, "volume", N_("Storage volume"), &pool_id, &v, err) &&
              volume_list(c->db, pool_id, v.id, 0, -1, &p, err);

    if (ok) {
        *out = ctl_table_new(snapshot_cols, G_N_ELEMENTS(snapshot_cols));
        for (int i = 0; i < p.n; i++)
            snapshot_row(*out, &p.rows[i]);
        volume_page_free(&p);
    }
    volume_clear(&v);
    return ok;
}

/* snapshot create --pool P --volume BASE --name-zh Z --name-en N (M9.4.8.2) */
static bool snapshot_create_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    bool ok = find_pool_volume(c, "volume", N_("Storage volume"), &pool_id, &v, err) &&
              run_made(c,
                       volume_snapshot_start(c->db, &c->actor, v.id, ctl_opt_text(c, VLF_NAME_ZH),
                                             ctl_opt_text(c, VLF_NAME), err),
                       snapshot_table, out, err);

    volume_clear(&v);
    return ok;
}

/* snapshot merge --pool P --snapshot S --name-en NEW (M9.4.8.4): the new
 * volume, in volume's keys */
static bool snapshot_merge_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct volume v;
    int64_t pool_id = 0;
    bool ok =
        find_pool_volume(c, "snapshot", N_("Incremental snapshot"), &pool_id, &v, err) &&
        run_made(c, volume_merge_start(c->db, &c->actor, v.id, ctl_opt_text(c, VLF_NAME), err),
                 volume_table, out, err);

    volume_clear(&v);
    return ok;
}

/* ---------------------------------------------------------------- image */

/* the image page's columns (M9.5.1), then the rest of the record */
static const struct ctl_column image_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Name"), CTL_STR},
    {"file", N_("Image file"), CTL_STR},
    {"format", N_("Image format"), CTL_STR},
    {"arch", N_("Architecture"), CTL_STR},
    {"size_mb", N_("Image file size (MiB)"), CTL_NUM},
    {"project_image", N_("Project image"), CTL_BOOL},
    {"readonly", N_("Read-only"), CTL_BOOL},
    {"uploaded_at", N_("Upload time"), CTL_STR},
    {"shared", N_("Shared between VMs"), CTL_BOOL},
    {"description", N_("Description"), CTL_STR},
    {"save_dir", N_("Save directory"), CTL_STR},
    {"file_name", N_("File name"), CTL_STR},
};

static void image_row(struct ctl_table *t, const struct image *im)
{
    char when[DV_TIME_LEN];
    char *path = image_path(im);

    ctl_cell_num(t, im->id);
    ctl_cell(t, im->name);
    ctl_cell(t, path);
    ctl_cell(t, im->format);
    ctl_cell(t, im->arch);
    ctl_cell_num(t, im->size_mb);
    ctl_cell_bool(t, im->own);
    ctl_cell_bool(t, im->readonly);
    ctl_cell(t, dv_format_time(im->uploaded_at, when));
    ctl_cell_bool(t, im->shared);
    ctl_cell(t, im->description);
    ctl_cell(t, im->save_dir);
    ctl_cell(t, im->file_name);
    g_free(path);
}

/* The project administrator's project, whose groups' images they see. */
static bool my_project(struct ctl *c, int64_t *pid, struct dv_error *err)
{
    struct project p;

    if (!project_of_admin(c->db, c->actor.user_id, &p, err))
        return false;
    *pid = p.id;
    project_clear(&p);
    return true;
}

static bool image_table(struct ctl *c, int64_t pid, int64_t id, struct ctl_table **out,
                        struct dv_error *err)
{
    struct image im;

    if (!image_get(c->db, pid, id, &im, err))
        return false;
    *out = ctl_table_new(image_cols, G_N_ELEMENTS(image_cols));
    image_row(*out, &im);
    image_clear(&im);
    return true;
}

/* image list [--name PART] (M9.5.1) */
static bool image_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct image_page p;
    int64_t pid = 0;

    if (!my_project(c, &pid, err) || !image_list(c->db, pid, ctl_opt(c, IMF_NAME), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(image_cols, G_N_ELEMENTS(image_cols));
    for (int i = 0; i < p.n; i++)
        image_row(*out, &p.rows[i]);
    image_page_free(&p);
    return true;
}

/* The image of project pid's groups named exactly name (option key). */
static bool image_named(struct ctl *c, int64_t pid, const char *key, const char *name,
                        struct image *out, struct dv_error *err)
{
    struct image_page p;
    int64_t id = 0;

    memset(out, 0, sizeof(*out));
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _("Name"));
        return false;
    }
    if (!image_list(c->db, pid, name, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].name, name) == 0)
            id = p.rows[i].id;
    image_page_free(&p);
    if (!id) {
        dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no image file '%s'."), name);
        return false;
    }
    return image_get(c->db, pid, id, out, err);
}

/* The image option key names, among those of the actor's project's groups. */
static bool find_image(struct ctl *c, const char *key, int64_t *pid, struct image *out,
                       struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    return my_project(c, pid, err) && image_named(c, *pid, key, ctl_opt(c, key), out, err);
}

/* image show --name N */
static bool image_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct image im;
    int64_t pid = 0;
    bool ok = find_image(c, ctl_has(c, "image") ? "image" : IMF_NAME, &pid, &im, err);

    if (ok) {
        *out = ctl_table_new(image_cols, G_N_ELEMENTS(image_cols));
        image_row(*out, &im);
    }
    image_clear(&im);
    return ok;
}

/* image register|import: the add dialog (M9.5.2), its upload choice given
 * by the verb (arg 1: import); what is not given takes the dialog's default */
static bool image_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct image_input in = {
        .name = ctl_opt_text(c, IMF_NAME),
        .format = ctl_opt_or(c, IMF_FORMAT, image_formats[0]),
        .arch = ctl_opt_or(c, IMF_ARCH, image_archs[0]),
        .shared = ctl_flag01(ctl_opt_or(c, IMF_SHARED, "1")),
        .readonly = ctl_flag01(ctl_opt_or(c, IMF_READONLY, "1")),
        .description = ctl_opt_text(c, IMF_DESCRIPTION),
        .upload = c->arg ? "1" : "0",
        .file_name = ctl_opt_text(c, IMF_FILE_NAME),
        .source = ctl_opt_text(c, IMF_SOURCE),
    };
    struct choice_list dirs = {0};
    struct image_spec s;
    int64_t pid = 0, gid = 0, id = 0;
    bool ok = my_project(c, &pid, err) && image_dir_choices(c->db, pid, &dirs, err) &&
              ctl_choose(c, &dirs, IMF_SAVE_DIR, N_("Save directory"), true, &gid, err);

    if (!ok && err->code == DV_ERR_NOTFOUND)
        dv_error_set(err, DV_ERR_NOTFOUND, IMF_SAVE_DIR,
                     _("'%s' is not the file directory of a group of your project."),
                     ctl_opt(c, IMF_SAVE_DIR));

    for (int i = 0; ok && i < dirs.n; i++)
        if (dirs.v[i].id == gid)
            in.save_dir = dirs.v[i].label; /* the picker gives its label */
    ok = ok && image_spec_parse(&in, &s, NULL, err);
    if (ok && !c->arg)
        ok = image_register(c->db, &c->actor, &s, &id, err);
    else if (ok) {
        struct job *job = image_import_start(c->db, &c->actor, &s, err);

        /* the record is saved by the job's finish, under the name given */
        ok = ctl_run_job(c, job, err);
        if (ok) {
            struct image im;

            ok = image_named(c, pid, IMF_NAME, s.name, &im, err);
            id = im.id;
            image_clear(&im);
        }
    }
    ok = ok && image_table(c, pid, id, out, err);
    choice_list_free(&dirs);
    return ok;
}

/* image modify --name N | --image N --name NEW, [--format F] [--arch A]
 * [--shared yes|no] [--readonly yes|no] [--description D] [--file-name F] (M9.5.3) */
static bool image_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct image im;
    int64_t pid = 0;
    bool ok = find_image(c, ctl_has(c, "image") ? "image" : IMF_NAME, &pid, &im, err);

    if (ok) {
        struct image_input in = {
            .name = ctl_opt_or(c, IMF_NAME, im.name),
            .format = ctl_opt_or(c, IMF_FORMAT, im.format),
            .arch = ctl_opt_or(c, IMF_ARCH, im.arch),
            .shared = ctl_flag01(ctl_opt_or(c, IMF_SHARED, im.shared ? "1" : "0")),
            .readonly = ctl_flag01(ctl_opt_or(c, IMF_READONLY, im.readonly ? "1" : "0")),
            .description = ctl_opt_or(c, IMF_DESCRIPTION, im.description),
            .file_name = ctl_opt_or(c, IMF_FILE_NAME, im.file_name),
        };
        struct image_spec s;

        ok = image_spec_parse(&in, &s, NULL, err);
        s.version = im.row_version; /* as read (P2/OP-6) */
        ok = ok && image_modify(c->db, &c->actor, im.id, &s, err) &&
             image_table(c, pid, im.id, out, err);
    }
    image_clear(&im);
    return ok;
}

/* image delete --name N (M9.5.4): the record and its file */
static bool image_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct image im;
    int64_t pid = 0;
    bool ok = find_image(c, ctl_has(c, "image") ? "image" : IMF_NAME, &pid, &im, err) &&
              image_delete(c->db, &c->actor, im.id, err);

    if (ok) {
        char *text = g_strdup_printf(_("The image file '%s' was deleted."), im.name);

        *out = ctl_result_table(text);
        g_free(text);
    }
    image_clear(&im);
    return ok;
}

#define VOLUME_CREATE_OPTS                                                                         \
    CTL_OPTS("pool", VLF_NAME_ZH, VLF_NAME, VLF_CAPACITY, VLF_UNIT, VLF_FORMAT, VLF_MODE,          \
             VLF_OWNER, VLF_GROUP, VLF_LABEL, VLF_COMPAT, VLF_LAZY)
#define IMAGE_ADD_OPTS                                                                             \
    CTL_OPTS(IMF_NAME, IMF_FORMAT, IMF_ARCH, IMF_SHARED, IMF_READONLY, IMF_DESCRIPTION,            \
             IMF_SAVE_DIR, IMF_FILE_NAME, IMF_SOURCE)

const struct ctl_verb ctl_volume_verbs[] = {
    {"volume", "list", CTL_OPTS("pool"), volume_list_verb, 0},
    {"volume", "show", CTL_OPTS("pool", "volume", VLF_NAME), volume_show_verb, 0},
    {"volume", "create", VOLUME_CREATE_OPTS, volume_create_verb, 0},
    {"volume", "extend", CTL_OPTS("pool", "volume", VLF_NAME, VLF_EXTEND), volume_extend_verb, 0},
    {"volume", "modify", CTL_OPTS("pool", "volume", VLF_NAME, VLF_NAME_ZH, VLF_DESCRIPTION),
     volume_modify_verb, 0},
    {"volume", "delete", CTL_OPTS("pool", "volume", VLF_NAME), volume_delete_verb, 0},
    {"volume", "refresh", CTL_OPTS("pool"), volume_refresh_verb, 0},
    {"volume", "remark", CTL_OPTS("pool", "volume", VLF_NAME, VLF_REMARK, VLF_NAME_ZH),
     volume_remark_verb, 0},
    {"snapshot", "list", CTL_OPTS("pool", "volume"), snapshot_list_verb, 0},
    {"snapshot", "create", CTL_OPTS("pool", "volume", VLF_NAME_ZH, VLF_NAME), snapshot_create_verb,
     0},
    {"snapshot", "merge", CTL_OPTS("pool", "snapshot", VLF_NAME), snapshot_merge_verb, 0},
    {"image", "list", CTL_OPTS(IMF_NAME), image_list_verb, 0},
    {"image", "show", CTL_OPTS("image", IMF_NAME), image_show_verb, 0},
    {"image", "register", IMAGE_ADD_OPTS, image_add_verb, 0},
    {"image", "import", IMAGE_ADD_OPTS, image_add_verb, 1},
    {"image", "modify",
     CTL_OPTS("image", IMF_NAME, IMF_FORMAT, IMF_ARCH, IMF_SHARED, IMF_READONLY, IMF_DESCRIPTION,
              IMF_FILE_NAME),
     image_modify_verb, 0},
    {"image", "delete", CTL_OPTS("image", IMF_NAME), image_delete_verb, 0},
    {NULL},
};
