/* scr_images.c - 镜像管理: a project admin's image files (M9.5.1-M9.5.4):
 * the images of every group of the admin's project; add by registering a
 * file of the group's directory or by importing a local file with a progress
 * bar; modify; delete (own project's images only, the file goes too) */
#include "widgets/dialog.h"
#include "storage/image.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "projects/project.h"
#include "screens.h"
#include "base/util.h"
#include "base/command.h"

/* The short columns keep their (Chinese) headers whole at 80 columns, the
 * name and the path give way; Enter shows a row whole. */
static const struct list_column columns[] = {
    {.header = N_("Name"), .min_width = 8, .weight = 2},
    {.header = N_("Image file"), .min_width = 10, .weight = 3},
    {.header = N_("Image format"), .min_width = 8},
    {.header = N_("Architecture"), .min_width = 8, .hide_below = 68},
    {.header = N_("Image file size (MiB)"), .min_width = 12, .align = LA_RIGHT},
    {.header = N_("Project image"), .min_width = 8},
    {.header = N_("Read-only"), .min_width = 4},
    {.header = N_("Upload time"), .min_width = 10, .weight = 1, .hide_below = 72},
};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the image file's name; Enter queries.")},
};
static const struct fv_def query = {
    .fields = query_fields, .nfields = 1, .buttons = fv_query_reset, .layout = FV_ROW};

/* The logged-in admin's (active) project, or false with the reason shown. */
static bool my_project(struct app *app, int64_t *pid, struct dv_error *err)
{
    struct project p;

    if (!project_of_admin(app->db, app->me.id, &p, err))
        return false;
    *pid = p.id;
    project_clear(&p);
    return true;
}

static const char *yes_no(bool v)
{
    return v ? _("Yes") : _("No");
}

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct image_page page;
    int64_t pid = 0;

    if (!my_project(app, &pid, err) || !image_list(app->db, pid, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct image *im = &page.rows[i];
        char t[DV_TIME_LEN];

        list_rows_add(out, im->id, 8, g_strdup(im->name), image_path(im), g_strdup(im->format),
                      g_strdup(im->arch), g_strdup_printf("%lld", (long long)im->size_mb),
                      g_strdup(yes_no(im->own)), g_strdup(yes_no(im->readonly)),
                      g_strdup(dv_format_time(im->uploaded_at, t)));
    }
    image_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, modify */

static const char *const yes_no_labels[] = {N_("Yes"), N_("No"), NULL};
static const char *const yes_no_values[] = {"1", "0", NULL};
static const char *const no_yes_labels[] = {N_("No"), N_("Yes"), NULL};
static const char *const no_yes_values[] = {"0", "1", NULL};

enum { F_NAME, F_FORMAT, F_ARCH, F_SHARED, F_READONLY, F_DESC, F_DIR, F_UPLOAD, F_FILE, F_SOURCE };

#define IMAGE_FIELDS(DIR_KIND)                                                                     \
    {.key = IMF_NAME,                                                                              \
     .label = N_("Name"),                                                                          \
     .kind = FV_TEXT,                                                                              \
     .required = true,                                                                             \
     .max = DV_NAME_MAX,                                                                           \
     .hint = N_("For recording and recognition: letters, digits, Chinese, '-', '_' and '.'.")},    \
        {.key = IMF_FORMAT,                                                                        \
         .label = N_("File format"),                                                               \
         .kind = FV_CHOICE,                                                                        \
         .required = true,                                                                         \
         .choices = image_formats,                                                                 \
         .values = image_formats,                                                                  \
         .hint = N_(                                                                               \
             "ISO CD images: raw; others: the 'file format' of qemu-img info. Space changes.")},   \
        {.key = IMF_ARCH,                                                                          \
         .label = N_("Architecture"),                                                              \
         .kind = FV_CHOICE,                                                                        \
         .required = true,                                                                         \
         .choices = image_archs,                                                                   \
         .values = image_archs,                                                                    \
         .hint = N_("The VM type the image suits; only a hint when configuring VMs.")},            \
        {.key = IMF_SHARED,                                                                        \
         .label = N_("Shared between VMs"),                                                        \
         .kind = FV_CHOICE,                                                                        \
         .choices = yes_no_labels,                                                                 \
         .values = yes_no_values,                                                                  \
         .hint = N_("Whether the image is shared between VMs.")},                                  \
        {.key = IMF_READONLY,                                                                      \
         .label = N_("Read-only image"),                                                           \
         .kind = FV_CHOICE,                                                                        \
         .choices = yes_no_labels,                                                                 \
         .values = yes_no_values,                                                                  \
         .hint = N_("Used as a writable disk, a read-only image runs on a temporary snapshot.")},  \
        {.key = IMF_DESCRIPTION, .label = N_("Description"), .kind = FV_TEXT, .max = DV_DESC_MAX}, \
    {                                                                                              \
        .key = IMF_SAVE_DIR, .label = N_("Save directory"), .kind = DIR_KIND, .required = true,    \
        .hint = N_("The file directory of one of your project's groups."), .pick = pick_dirs,      \
        .pick_empty = N_("Your project is in no project group."), .pick_by_label = true            \
    }

/* The file directories of the admin's project's groups (FV_PICK). */
static bool pick_dirs(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    int64_t pid = 0;

    return my_project(app, &pid, err) && image_dir_choices(app->db, pid, out, err);
}

static const struct fv_field add_fields[] = {
    IMAGE_FIELDS(FV_PICK),
    {.key = IMF_UPLOAD,
     .label = N_("Upload file"),
     .kind = FV_CHOICE,
     .required = true,
     .choices = no_yes_labels,
     .values = no_yes_values,
     .hint = N_("Yes: copy a local file into the save directory; no: the file is there.")},
    {.key = IMF_FILE_NAME,
     .label = N_("File name"),
     .kind = FV_TEXT,
     .max = DV_TEXT_MAX,
     .hint = N_("The file in the save directory; with upload the copy's name (empty: the same).")},
    {.key = IMF_SOURCE,
     .label = N_("Image file"),
     .kind = FV_TEXT,
     .max = 4096,
     .hint = N_("With upload: the absolute path of the local file to copy.")},
};
/* no .command: the upload choice makes it "image import" or "image
 * register", which act_add sets */
static const struct fv_def add_form = {.title = N_("Add image file"),
                                       .fields = add_fields,
                                       .nfields = G_N_ELEMENTS(add_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};

enum { E_FILE = F_DIR + 1 };

static const struct fv_field edit_fields[] = {
    IMAGE_FIELDS(FV_READONLY),
    {.key = IMF_FILE_NAME,
     .label = N_("File name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_TEXT_MAX,
     .hint = N_("Another file of the same directory may be chosen; its format is checked.")},
};
static const struct fv_def edit_form = {.title = N_("Modify image file information"),
                                        .fields = edit_fields,
                                        .nfields = G_N_ELEMENTS(edit_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "image modify"};

/* What the fields both forms have hold. */
static struct image_input input_of(char **v)
{
    return (struct image_input){
        .name = v[F_NAME],
        .format = v[F_FORMAT],
        .arch = v[F_ARCH],
        .shared = v[F_SHARED],
        .readonly = v[F_READONLY],
        .description = v[F_DESC],
    };
}

/* The add dialog's context: whether its import went to the background, and
 * what it saved (for the command). */
struct adding {
    bool background;
    bool import;
    char **values;
};

static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct adding *add = ctx;
    struct image_input in = input_of(v);
    struct image_spec s;
    bool import = false, ok;
    char *what;

    in.save_dir = v[F_DIR];
    in.upload = v[F_UPLOAD];
    in.file_name = v[F_FILE];
    in.source = v[F_SOURCE];
    if (!image_spec_parse(&in, &s, &import, err))
        return false;
    if (!import)
        ok = image_register(app->db, &app->actor, &s, NULL, err);
    else {
        /* the copy runs in a background job watched by the progress dialog */
        what = g_strdup_printf(_("Copying %s into %s"), v[F_SOURCE], v[F_DIR]);
        ok = progress_wait(app, image_import_start(app->db, &app->actor, &s, err),
                           _("Importing the image file"), what, &add->background, err);
        g_free(what);
    }
    if (ok) {
        add->import = import;
        add->values = g_strdupv(v);
    }
    return ok;
}

/* The dosvmctl command of what the add dialog saved (F4): image import or
 * register, the fields but the upload choice (which the verb says), the
 * empty ones left out as the dialog does. */
static void add_command(struct app *app, const struct adding *add)
{
    GString *cmd = command_new(app->actor.account, "image", add->import ? "import" : "register");

    for (int i = 0; i < (int)G_N_ELEMENTS(add_fields) && add->values[i]; i++)
        if (i != F_UPLOAD && *add->values[i] && (add->import || i != F_SOURCE))
            command_option(cmd, add_fields[i].key, add->values[i]);
    app_set_command(app, cmd);
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct adding add = {0};

    if (dialog_form(app, &add_form, NULL, submit_add, &add)) {
        app_status(app, add.background ? STATUS_INFO : STATUS_OK, "%s",
                   add.background ? progress_background_note() : _("The image file was added."));
        add_command(app, &add);
    }
    g_strfreev(add.values);
    return UI_RELOAD;
}

static bool submit_edit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct image *cur = ctx;
    struct image_input in = input_of(v);
    struct image_spec s;

    in.file_name = v[E_FILE];
    if (!image_spec_parse(&in, &s, NULL, err))
        return false;
    s.version = cur->row_version; /* as read (P2/OP-6) */
    return image_modify(app->db, &app->actor, cur->id, &s, err);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct image im;
    int64_t id = row->id, pid = 0;
    char *initial[G_N_ELEMENTS(edit_fields) + 1] = {0};

    if (!my_project(app, &pid, &err) || !image_get(app->db, pid, id, &im, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    initial[F_NAME] = im.name;
    initial[F_FORMAT] = im.format;
    initial[F_ARCH] = im.arch;
    initial[F_SHARED] = (char *)(im.shared ? "1" : "0");
    initial[F_READONLY] = (char *)(im.readonly ? "1" : "0");
    initial[F_DESC] = im.description;
    initial[F_DIR] = im.save_dir;
    initial[E_FILE] = im.file_name;
    app_command_context(app, (const char *const[]){"image", im.name, NULL});
    if (dialog_form_on(app, &edit_form, im.name, initial, submit_edit, &im))
        app_status(app, STATUS_OK, "%s", _("The image file information was saved."));
    image_clear(&im);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    app_command_pending(app, "image", "delete",
                        (const char *const[]){"image", row->cells[0], NULL});
    return list_confirm_op_on(
        app, _("Delete image file"), row->cells[0],
        g_strdup_printf(_("Delete the image file '%s'? Its file %s is deleted too."),
                        row->cells[0], row->cells[1]),
        g_strdup_printf(_("The image file '%s' was deleted."), row->cells[0]), image_delete,
        row->id);
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
};

static const struct list_def images_list = {
    .title = N_("Image file information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_images, images_list);
