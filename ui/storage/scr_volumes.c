/* scr_volumes.c - 存储卷信息 and 卷增量快照信息: a pool's volumes and a volume's
 * incremental snapshots, as modal pages over the pool list */
#include "storage/scr_volumes.h"
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "storage/pool.h"
#include "base/util.h"
#include "storage/volume.h"
#include "base/command.h"

/* A volume's host step runs as a background job watched by the progress
 * dialog (D11): ok when it succeeded or went to the background (*bg). */
static bool run_job(struct app *app, struct job *job, const char *title, const char *text, bool *bg,
                    struct dv_error *err)
{
    return progress_wait(app, job, title, text, bg, err);
}

/* The status line after an action that ran a job. */
static void job_done(struct app *app, bool bg, const char *done)
{
    app_status(app, bg ? STATUS_INFO : STATUS_OK, "%s", bg ? progress_background_note() : done);
}

/* A form's submit context: the page's context (struct vol_page or struct
 * snap_page), the volume it edits (may be NULL) and whether its job went to
 * the background. */
struct submit {
    const void *page;
    const struct volume *v;
    int64_t id;
    bool bg;
};

/* The context of the volume page: the pool shown. */
struct vol_page {
    int64_t pool_id;
    bool files;       /* a file pool: create, extend and snapshots allowed */
    const char *pool; /* its name, the --pool of the dosvmctl commands (F4) */
};

/* The record a dialog acts on, for its dosvmctl command (F4): the page's
 * pool and, with key, the volume or snapshot named name. */
static void command_context(struct app *app, const char *pool, const char *key, const char *name)
{
    app_command_context(app, (const char *const[]){"pool", pool, key, name, NULL});
}

/* The context of the snapshot page: its pool and volume. */
struct snap_page {
    const struct vol_page *pool;
    int64_t base_id;
    const char *base_name;
};

static char *mb_text(int64_t bytes)
{
    return g_strdup_printf("%lld", (long long)((bytes + VOLUME_MB / 2) / VOLUME_MB));
}

/* The states of the volume page: the pool type allows file operations or
 * not (the M9.2 matrix), the selected volume's file is there or not. */
enum { VS_OTHER_POOL, VS_FILE_POOL, VS_PRESENT, VS_MISSING, VS_COUNT };

static const char *const vol_reasons[VS_COUNT] = {
    [VS_OTHER_POOL] = N_("This pool type does not support this operation."),
    [VS_MISSING] = N_("Not possible while the volume is missing."),
};

/* The page's state: its pool's, or with a row the volume's (set by fetch). */
static unsigned vol_state(void *ctx, const struct list_row *row)
{
    const struct vol_page *vp = ctx;

    if (!vp->files)
        return LIST_STATE(VS_OTHER_POOL);
    if (!row)
        return LIST_STATE(VS_FILE_POOL);
    return row->state;
}

static const struct list_states vol_states = {
    .of = vol_state, .reasons = vol_reasons, .n = VS_COUNT};

/* ---------------------------------------------------------------- the volume list */

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 8, .weight = 2},
    {.header = N_("English name"), .min_width = 8, .weight = 2},
    {.header = N_("Volume format"), .min_width = 5},
    {.header = N_("Capacity (MiB)"), .min_width = 6, .align = LA_RIGHT},
    {.header = N_("Allocation (MiB)"), .min_width = 6, .align = LA_RIGHT, .hide_below = 90},
    {.header = N_("Volume path"), .min_width = 10, .weight = 2, .hide_below = 110},
    {.header = N_("Status"), .min_width = 4},
    {.header = N_("Instances using the volume"), .min_width = 8, .weight = 1, .hide_below = 130},
};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    const struct vol_page *vp = ctx;
    struct volume_page page;

    if (!volume_list(app->db, vp->pool_id, 0, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct volume *v = &page.rows[i];

        list_rows_add(out, v->id, 8, g_strdup(v->name_zh), g_strdup(v->name_en),
                      g_strdup(v->format), mb_text(v->capacity), mb_text(v->allocation),
                      g_strdup(v->path), g_strdup(v->present ? _("Exists") : _("Missing")),
                      g_strdup(v->instances));
        list_rows_set_state(out, LIST_STATE(v->present ? VS_PRESENT : VS_MISSING));
    }
    volume_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- create */

enum { C_NAME_ZH, C_NAME_EN, C_CAPACITY, C_UNIT, C_FORMAT, C_MODE, C_OWNER, C_GROUP, C_LABEL,
       C_COMPAT, C_LAZY, C_COUNT };

static const char *const compat_labels[] = {N_("(qemu-img default)"), "0.10", "1.1", NULL};
static const char *const compat_values[] = {"", "0.10", "1.1", NULL};
static const char *const yes_no_labels[] = {N_("No"), N_("Yes"), NULL};
static const char *const yes_no_values[] = {"0", "1", NULL};

static const struct fv_field create_fields[C_COUNT] = {
    {.key = VLF_NAME_ZH,
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("A name for administrators to recognize the volume.")},
    {.key = VLF_NAME,
     .label = N_("English name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("The file name: letters, digits, '-', '_' and '.'; unique in the pool.")},
    {.key = VLF_CAPACITY,
     .label = N_("Logical capacity"),
     .kind = FV_TEXT,
     .required = true,
     .max = 12,
     .width = 10,
     .hint = N_("The most the volume may hold, in the unit below.")},
    {.key = VLF_UNIT,
     .label = N_("Unit"),
     .kind = FV_CHOICE,
     .required = true,
     .choices = volume_units,
     .values = volume_units,
     .hint = N_("GB = 10^9 bytes, G or GiB = 2^30 bytes; Space or Left/Right chooses.")},
    {.key = VLF_FORMAT,
     .label = N_("Volume format"),
     .kind = FV_CHOICE,
     .required = true,
     .choices = vol_formats,
     .values = vol_formats,
     .hint = N_("qcow2 grows as it is written and allows snapshots.")},
    {.key = VLF_MODE,
     .label = N_("Permission mode"),
     .kind = FV_TEXT,
     .max = 5,
     .width = 6,
     .hint = N_("Octal, such as 0666; empty for the default.")},
    {.key = VLF_OWNER,
     .label = N_("Owner"),
     .kind = FV_TEXT,
     .max = 10,
     .width = 8,
     .hint = N_("Numeric user ID; empty for the default.")},
    {.key = VLF_GROUP,
     .label = N_("Group"),
     .kind = FV_TEXT,
     .max = 10,
     .width = 8,
     .hint = N_("Numeric group ID; empty for the default.")},
    {.key = VLF_LABEL,
     .label = N_("Label"),
     .kind = FV_TEXT,
     .max = DV_TEXT_MAX,
     .width = 20,
     .hint = N_("A MAC (SELinux) label; usually empty.")},
    {.key = VLF_COMPAT,
     .label = N_("Compatibility level"),
     .kind = FV_CHOICE,
     .choices = compat_labels,
     .values = compat_values,
     .hint = N_("qcow2 only: the QEMU version the file stays readable by.")},
    {.key = VLF_LAZY,
     .label = N_("Lazy refcounts"),
     .kind = FV_CHOICE,
     .choices = yes_no_labels,
     .values = yes_no_values,
     .hint = N_("qcow2 only; needs compatibility level 1.1.")},
};
static const struct fv_def create_form = {.title = N_("Create volume"),
                                          .fields = create_fields,
                                          .nfields = C_COUNT,
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN,
                                          .command = "volume create"};

static bool submit_create(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct volume_input in = {
        .name_zh = v[C_NAME_ZH],
        .name_en = v[C_NAME_EN],
        .capacity = v[C_CAPACITY],
        .unit = v[C_UNIT],
        .format = v[C_FORMAT],
        .mode = v[C_MODE],
        .owner = v[C_OWNER],
        .group = v[C_GROUP],
        .label = v[C_LABEL],
        .compat = v[C_COMPAT],
        .lazy_refcounts = v[C_LAZY],
    };
    struct volume_spec s;
    struct submit *sub = ctx;
    const struct vol_page *vp = sub->page;

    return volume_spec_parse(&in, vp->pool_id, &s, err) &&
           run_job(app, volume_create_start(app->db, &app->actor, &s, err), _("Create volume"),
                   _("Creating the volume on the pool's host..."), &sub->bg, err);
}

static int act_create(struct app *app, struct list_page *lp, const struct list_row *row)
{
    char *initial[C_COUNT + 1] = {[C_MODE] = "0666"};
    struct submit sub = {.page = list_ctx(lp)};

    command_context(app, ((const struct vol_page *)sub.page)->pool, NULL, NULL);
    if (dialog_form(app, &create_form, initial, submit_create, &sub))
        job_done(app, sub.bg, _("The volume was created."));
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- extend, modify */

/* The volume a form edits, as it was read (its row version goes back with
 * the edit, P2/OP-6). */
static bool read_edited(struct app *app, int64_t id, struct volume *v)
{
    struct dv_error err = {0};

    if (volume_get(app->db, id, v, &err))
        return true;
    app_status_error(app, &err);
    return false;
}

static const struct fv_field extend_fields[] = {
    {.key = VLF_EXTEND,
     .label = N_("Size to add (MiB)"),
     .kind = FV_TEXT,
     .required = true,
     .max = 10,
     .width = 10,
     .hint = N_("More than 10 MiB; a volume never shrinks.")},
};
static const struct fv_def extend_form = {.title = N_("Extend volume"),
                                          .fields = extend_fields,
                                          .nfields = 1,
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN,
                                          .command = "volume extend"};

static bool submit_extend(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct submit *sub = ctx;
    struct volume_spec s = {.version = sub->v->row_version};

    return volume_extend_parse(v[0], &s.extend_mb, err) &&
           run_job(app, volume_extend_start(app->db, &app->actor, sub->v->id, &s, err),
                   _("Extend volume"), _("Extending the volume on the pool's host..."), &sub->bg,
                   err);
}

static int act_extend(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct volume v;

    if (!read_edited(app, row->id, &v))
        return UI_RELOAD;
    struct submit sub = {.v = &v};

    command_context(app, ((const struct vol_page *)list_ctx(lp))->pool, "volume", v.name_en);
    if (dialog_form_on(app, &extend_form, v.name_en, NULL, submit_extend, &sub))
        job_done(app, sub.bg, _("The volume was extended."));
    volume_clear(&v);
    return UI_RELOAD;
}

static const struct fv_field modify_fields[] = {
    {.key = VLF_NAME_ZH,
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24},
    {.key = VLF_DESCRIPTION,
     .label = N_("Description"),
     .kind = FV_TEXT,
     .max = DV_DESC_MAX,
     .width = 24},
};
static const struct fv_def modify_form = {.title = N_("Modify volume"),
                                          .fields = modify_fields,
                                          .nfields = 2,
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN,
                                          .command = "volume modify"};

static bool submit_modify(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct volume *vol = ctx;
    struct volume_spec s = {.name_zh = v[0], .description = v[1], .version = vol->row_version};

    return volume_modify(app->db, &app->actor, vol->id, &s, err);
}

/* Edit two texts of volume id of pool in form, whose fields show the
 * members at offsets first and second of struct volume; done is said when
 * saved. */
static int edit_texts(struct app *app, const char *pool, int64_t id, const struct fv_def *form,
                      dialog_submit_fn submit, size_t first, size_t second, const char *done)
{
    struct volume v;

    if (!read_edited(app, id, &v))
        return UI_RELOAD;
    {
        char *initial[] = {G_STRUCT_MEMBER(char *, &v, first), G_STRUCT_MEMBER(char *, &v, second),
                           NULL};

        command_context(app, pool, "volume", v.name_en);
        if (dialog_form_on(app, form, v.name_en, initial, submit, &v))
            app_status(app, STATUS_OK, "%s", done);
    }
    volume_clear(&v);
    return UI_RELOAD;
}

static int act_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return edit_texts(app, ((const struct vol_page *)list_ctx(lp))->pool, row->id, &modify_form,
                      submit_modify,
                      G_STRUCT_OFFSET(struct volume, name_zh),
                      G_STRUCT_OFFSET(struct volume, description), _("The volume was saved."));
}

/* ---------------------------------------------------------------- delete, refresh */

/* Ask question under title; on OK delete volume id named name of pool
 * (its file by a job). */
static int delete_volume(struct app *app, const char *title, const char *pool, const char *name,
                         char *question, char *done, int64_t id)
{
    struct dv_error err = {0};
    struct job *job = NULL;
    bool bg = false;

    char *named = dialog_title_on(title, name);
    bool yes = dialog_confirm(app, named, question);

    g_free(named);
    if (yes) {
        if (volume_delete_start(app->db, &app->actor, id, &job, &err) &&
            (!job ||
             run_job(app, job, title, _("Deleting the file on the pool's host..."), &bg, &err))) {
            job_done(app, bg, done);
            app_command(app, "volume", "delete",
                        (const char *const[]){"pool", pool, "volume", name, NULL});
        } else
            app_status_error(app, &err);
    }
    g_free(question);
    g_free(done);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const struct vol_page *vp = list_ctx(lp);
    const char *name = row->cells[1];

    return delete_volume(
        app, _("Delete volume"), vp->pool, name,
        g_strdup_printf(vp->files ? _("Delete the volume '%s' and its file?")
                                  : _("Delete the record of the volume '%s'? The storage "
                                      "object itself stays."),
                        name),
        g_strdup_printf(_("The volume '%s' was deleted."), name), row->id);
}

/* Refresh pool_id by a job; *sum gets what it found unless it failed or
 * went to the background (false with *bg set). */
static bool refresh_job(struct app *app, int64_t pool_id, struct volume_refresh *sum, bool *bg,
                        struct dv_error *err)
{
    struct job *job = volume_refresh_start(app->db, &app->actor, pool_id, err);
    bool ok = false;

    memset(sum, 0, sizeof(*sum));
    *bg = false;
    if (!job)
        return false;
    if (progress_run(app, job, _("Refresh storage pool"),
                     _("Refreshing the pool on its host...")) == PROGRESS_BACKGROUND)
        *bg = true;
    else if (!(ok = volume_refresh_summary(job, sum)))
        *err = *job_error(job);
    job_unref(job);
    return ok;
}

static void refresh_pool(struct app *app, const struct vol_page *vp)
{
    struct dv_error err = {0};
    struct volume_refresh sum;
    bool bg, ok = refresh_job(app, vp->pool_id, &sum, &bg, &err);

    if (ok)
        app_status(app, STATUS_OK,
                   _("The pool was refreshed: %d added, %d marked missing, %d updated."), sum.added,
                   sum.missing, sum.updated);
    else if (bg)
        job_done(app, true, NULL);
    else
        app_status_error(app, &err);
    if (ok || bg)
        app_command(app, "volume", "refresh", (const char *const[]){"pool", vp->pool, NULL});
}

static int act_refresh(struct app *app, struct list_page *lp, const struct list_row *row)
{
    if (!dialog_confirm(app, _("Refresh storage pool"), _("Refresh the pool now?")))
        return UI_REDRAW;
    refresh_pool(app, list_ctx(lp));
    return UI_RELOAD;
}

void volumes_initial_refresh(struct app *app, int64_t pool_id)
{
    struct dv_error err = {0};
    struct volume_refresh sum;
    bool bg;

    if (refresh_job(app, pool_id, &sum, &bg, &err))
        app_status(app, STATUS_OK, _("The storage pool was added; %d volumes were found."),
                   sum.added);
    else if (bg)
        job_done(app, true, NULL);
    else
        app_status(app, STATUS_ERROR, _("The storage pool was added, but its refresh failed: %s"),
                   err.msg);
    dv_error_clear(&err);
}

/* ---------------------------------------------------------------- snapshots */

static void snapshots_run(struct app *app, const struct vol_page *vp, const struct list_row *row);

static int act_snapshots(struct app *app, struct list_page *lp, const struct list_row *row)
{
    snapshots_run(app, list_ctx(lp), row);
    return UI_RELOAD;
}

#define FILE_POOL_STATES                                                                           \
    (LIST_STATE(VS_FILE_POOL) | LIST_STATE(VS_PRESENT) | LIST_STATE(VS_MISSING))

static const struct list_action actions[] = {
    {.key = 'c',
     .label = N_("Create volume"),
     .needs = LN_STATE,
     .states = FILE_POOL_STATES,
     .run = act_create},
    {.key = 'x',
     .label = N_("Extend volume"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(VS_PRESENT),
     .run = act_extend},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_modify},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'r', .label = N_("Refresh"), .run = act_refresh},
    {.key = 's',
     .label = N_("Incremental snapshots"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(VS_PRESENT),
     .run = act_snapshots},
};

static const struct list_def volumes_list = {
    .title = N_("Storage volume information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .states = &vol_states,
};

void volumes_run(struct app *app, int64_t pool_id, const char *pool_name)
{
    struct dv_error err = {0};
    struct vol_page vp = {pool_id, false, NULL};
    struct pool p;
    char *name;

    if (!volume_may_use_pool(app->db, &app->actor, pool_id, &err) ||
        !pool_get(app->db, pool_id, &p, &err)) {
        app_status_error(app, &err);
        return;
    }
    vp.files = pool_type_info(p.type)->files;
    vp.pool = name = g_strdup(p.name); /* dosvmctl's --pool: the name the pool lists show */
    pool_clear(&p);
    app_status(app, STATUS_INFO, _("The volumes of the pool '%s'."), pool_name);
    list_run_modal(app, &volumes_list, &vp);
    g_free(name);
}

/* ---------------------------------------------------------------- the snapshot page */

static const struct list_column snap_columns[] = {
    {.header = N_("Chinese name"), .min_width = 8, .weight = 2},
    {.header = N_("English name"), .min_width = 8, .weight = 2},
    {.header = N_("Remark"), .min_width = 6, .weight = 2},
    {.header = N_("Snapshot path"), .min_width = 10, .weight = 2, .hide_below = 100},
    {.header = N_("Created at"), .min_width = 10, .weight = 1},
    {.header = N_("Instances using the snapshot"), .min_width = 8, .weight = 1, .hide_below = 120},
};

static bool fetch_snapshots(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                            struct list_rows *out, struct dv_error *err)
{
    const struct snap_page *sp = ctx;
    struct volume_page page;
    char t[DV_TIME_LEN];

    if (!volume_list(app->db, sp->pool->pool_id, sp->base_id, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct volume *v = &page.rows[i];

        list_rows_add(out, v->id, 6, g_strdup(v->name_zh), g_strdup(v->name_en),
                      g_strdup(v->remark), g_strdup(v->path),
                      g_strdup(dv_format_time(v->created_at, t)), g_strdup(v->instances));
    }
    volume_page_free(&page);
    return true;
}

static const struct fv_field snap_fields[] = {
    {.key = VLF_NAME_ZH,
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24},
    {.key = VLF_NAME,
     .label = N_("English name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("The overlay file's name in the same pool.")},
};
static const struct fv_def snap_form = {.title = N_("Create incremental snapshot"),
                                        .fields = snap_fields,
                                        .nfields = 2,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "snapshot create"};

static bool submit_snapshot(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct submit *sub = ctx;
    const struct snap_page *sp = sub->page;

    return run_job(app, volume_snapshot_start(app->db, &app->actor, sp->base_id, v[0], v[1], err),
                   _("Create incremental snapshot"),
                   _("Creating the overlay on the pool's host..."), &sub->bg, err);
}

static int act_snap_create(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const struct snap_page *sp = list_ctx(lp);
    struct submit sub = {.page = sp};

    command_context(app, sp->pool->pool, "volume", sp->base_name);
    if (!dialog_form_on(app, &snap_form, sp->base_name, NULL, submit_snapshot, &sub))
        ;
    else if (sub.bg)
        job_done(app, true, NULL);
    else
        app_status(app, STATUS_OK,
                   _("The incremental snapshot of '%s' was created; use it, not "
                     "the volume, as the VM's disk from now on."),
                   sp->base_name);
    return UI_RELOAD;
}

static const struct fv_field remark_fields[] = {
    {.key = VLF_REMARK, .label = N_("Remark"), .kind = FV_TEXT, .max = DV_DESC_MAX},
    {.key = VLF_NAME_ZH,
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24},
};
static const struct fv_def remark_form = {.title = N_("Remark incremental snapshot"),
                                          .fields = remark_fields,
                                          .nfields = 2,
                                          .buttons = fv_ok_cancel,
                                          .layout = FV_COLUMN,
                                          .command = "volume remark"};

static bool submit_remark(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct volume *vol = ctx;
    struct volume_spec s = {.name_zh = v[1], .remark = v[0], .version = vol->row_version};

    return volume_remark(app->db, &app->actor, vol->id, &s, err);
}

static int act_snap_remark(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const struct snap_page *sp = list_ctx(lp);

    return edit_texts(app, sp->pool->pool, row->id, &remark_form, submit_remark,
                      G_STRUCT_OFFSET(struct volume, remark),
                      G_STRUCT_OFFSET(struct volume, name_zh), _("The snapshot was saved."));
}

static const struct fv_field merge_fields[] = {
    {.key = VLF_NAME,
     .label = N_("English name of the new volume"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .width = 24,
     .hint = N_("Unique in the pool; the merge may take long.")},
};
static const struct fv_def merge_form = {.title =
                                             N_("Merge incremental snapshot into a new volume"),
                                         .fields = merge_fields,
                                         .nfields = 1,
                                         .buttons = fv_ok_cancel,
                                         .layout = FV_COLUMN,
                                         .command = "snapshot merge"};

static bool submit_merge(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct submit *sub = ctx;
    struct job *job = volume_merge_start(app->db, &app->actor, sub->id, v[0], err);
    char *text =
        g_strdup_printf(_("Merging the snapshot and its backing files into '%s'..."), v[0]);
    bool ok =
        run_job(app, job, _("Merge incremental snapshot into a new volume"), text, &sub->bg, err);

    g_free(text);
    return ok;
}

static int act_snap_merge(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct submit sub = {.id = row->id};

    command_context(app, ((const struct snap_page *)list_ctx(lp))->pool->pool, "snapshot",
                    row->cells[1]);
    if (dialog_form_on(app, &merge_form, row->cells[1], NULL, submit_merge, &sub))
        job_done(app, sub.bg,
                 _("The snapshot was merged into a new volume; it is in the pool's volume "
                   "list."));
    return UI_RELOAD;
}

static int act_snap_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const char *name = row->cells[1];

    return delete_volume(
        app, _("Delete incremental snapshot"), ((const struct snap_page *)list_ctx(lp))->pool->pool,
        name,
        g_strdup_printf(_("Delete the incremental snapshot '%s' and its file?"), name),
        g_strdup_printf(_("The incremental snapshot '%s' was deleted."), name), row->id);
}

static const struct list_action snap_actions[] = {
    {.key = 'c', .label = N_("Create incremental snapshot"), .run = act_snap_create},
    {.key = 'r', .label = N_("Remark"), .needs = LN_ROW, .run = act_snap_remark},
    {.key = 'm', .label = N_("Merge into a new volume"), .needs = LN_ROW, .run = act_snap_merge},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_snap_delete},
};

static const struct list_def snapshots_list = {
    .title = N_("Volume incremental snapshot information"),
    .columns = snap_columns,
    .ncolumns = G_N_ELEMENTS(snap_columns),
    .actions = snap_actions,
    .nactions = G_N_ELEMENTS(snap_actions),
    .fetch = fetch_snapshots,
};

static void snapshots_run(struct app *app, const struct vol_page *vp, const struct list_row *row)
{
    struct snap_page sp = {vp, row->id, row->cells[1]};

    app_status(app, STATUS_INFO, _("The incremental snapshots of '%s'."), sp.base_name);
    list_run_modal(app, &snapshots_list, &sp);
}
