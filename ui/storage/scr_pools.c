/* scr_pools.c - 存储池管理: the system's storage pools (M9.3.1-M9.3.6) and a
 * project admin's pools (M9.4.1).  Adding asks for the type first, then shows
 * that type's form (the manual's dialog changes its 源 section with the
 * type), then the projects that use the pool. */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "storage/pool.h"
#include "projects/project.h"
#include "screens.h"
#include "base/util.h"
#include "storage/volume.h"
#include "storage/scr_volumes.h"

static const struct list_column columns[] = {
    {.header = N_("Name"), .min_width = 8, .weight = 2},
    /* the type's whole name ("Network file system pool") */
    {.header = N_("Type"), .min_width = 24, .weight = 2},
    {.header = N_("Logical capacity (MiB)"), .min_width = 6, .weight = 1, .align = LA_RIGHT},
    {.header = N_("Bound host"), .min_width = 6, .weight = 1},
    {.header = N_("Created at"), .min_width = 10, .weight = 1, .hide_below = 90},
    {.header = N_("Description"), .min_width = 6, .weight = 2, .hide_below = 70},
};

/* ---------------------------------------------------------------- the query row */

static const char *const type_labels[] = {
    N_("All"),           N_("DOS directory pool"), N_("Network file system pool"),
    N_("iSCSI pool"),    N_("Host directory pool"),   N_("Logical volume pool"),
    N_("Disk volume pool"), NULL};
static const char *const type_values[] = {"-1", "0", "1", "2", "3", "4", "5", NULL};
static const char *const bound_labels[] = {N_("All"), N_("Yes"), N_("No"), NULL};
static const char *const bound_values[] = {"-1", "1", "0", NULL};

enum { Q_NAME, Q_CAP_MIN, Q_CAP_MAX, Q_TYPE, Q_FROM, Q_TO, Q_BOUND, Q_HOST };

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the pool name; Enter queries.")},
    {.key = "cap_min",
     .label = N_("Capacity from"),
     .kind = FV_TEXT,
     .max = 10,
     .width = 7,
     .hint = N_("Smallest logical capacity in MiB, or empty.")},
    {.key = "cap_max",
     .label = N_("to"),
     .kind = FV_TEXT,
     .max = 10,
     .width = 7,
     .hint = N_("Largest logical capacity in MiB, or empty.")},
    {.key = "type",
     .label = N_("Type"),
     .kind = FV_CHOICE,
     .choices = type_labels,
     .values = type_values,
     .hint = N_("Space or Left/Right chooses the pool type.")},
    {.key = "created_from",
     .label = N_("Created from"),
     .kind = FV_TEXT,
     .max = 10,
     .width = 10,
     .hint = N_("First day, such as 2024-03-10, or empty.")},
    {.key = "created_to",
     .label = N_("to"),
     .kind = FV_TEXT,
     .max = 10,
     .width = 10,
     .hint = N_("Last day, such as 2024-03-31, or empty.")},
    {.key = "bound",
     .label = N_("Bound to host"),
     .kind = FV_CHOICE,
     .choices = bound_labels,
     .values = bound_values,
     .hint = N_("All, only pools bound to a host, or only shared pools.")},
    {.key = "host",
     .label = N_("Bound host"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 10,
     .hint = N_("Part of the bound host's name; Enter queries.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

static void add_pool_rows(struct list_rows *out, struct pool_page *page)
{
    char t[DV_TIME_LEN];

    out->total = page->total;
    for (int i = 0; i < page->n; i++) {
        struct pool *p = &page->rows[i];

        list_rows_add(out, p->id, 6, g_strdup(p->name), g_strdup(pool_type_label(p->type)),
                      g_strdup_printf("%lld", (long long)p->capacity_mb), g_strdup(p->bound_host),
                      g_strdup(dv_format_time(p->created_at, t)), g_strdup(p->description));
    }
}

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct pool_query pq = {.name = q[Q_NAME],
                            .cap_min = q[Q_CAP_MIN],
                            .cap_max = q[Q_CAP_MAX],
                            .type = q[Q_TYPE],
                            .created_from = q[Q_FROM],
                            .created_to = q[Q_TO],
                            .bound = q[Q_BOUND],
                            .host = q[Q_HOST]};
    struct pool_filter f;
    struct pool_page page;

    if (!pool_filter_parse(&pq, &f, err) || !pool_list(app->db, &f, offset, limit, &page, err))
        return false;
    add_pool_rows(out, &page);
    pool_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- the add forms */

/* Every field any pool type shows; each type lists the ones it uses. */
enum {
    PK_NAME, PK_CAPACITY, PK_DESC, PK_TARGET, PK_TARGET_FIXED, PK_BOUND, PK_SRC_HOST, PK_PORT,
    PK_NETFS_FORMAT, PK_SRC_DIR, PK_IQN, PK_AUTH_TYPE, PK_AUTH_USER, PK_SECRET_TYPE, PK_SECRET,
    PK_DISK_FORMAT, PK_DISK_DEVICE, PK_LVM_FORMAT, PK_DEVICES, PK_VENDOR, PK_PRODUCT, PK_END = -1
};

static const char *const netfs_formats[] = {"auto", "nfs", "glusterfs", "cifs", NULL};
static const char *const disk_formats[] = {"dos", "gpt", "dvh", "mac", "bsd", "pc98", "sun", "lvm2",
                                           NULL};

static bool pick_hosts(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return pool_host_choices(app->db, out, err);
}

static bool pick_secrets(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return pool_secret_choices(app->db, out, err);
}

static const struct fv_field catalog[] = {
    [PK_NAME] = {.key = PLF_NAME,
                 .label = N_("Pool name"),
                 .kind = FV_TEXT,
                 .required = true,
                 .max = DV_NAME_MAX,
                 .width = 24,
                 .hint = N_("Unique; only letters, digits, '-', '_' and '.'.")},
    [PK_CAPACITY] = {.key = PLF_CAPACITY,
                     .label = N_("Logical capacity (MiB)"),
                     .kind = FV_TEXT,
                     .required = true,
                     .max = 10,
                     .width = 10,
                     .hint = N_("The most the capacities of the pool's volumes may add up to.")},
    [PK_DESC] = {.key = PLF_DESCRIPTION,
                 .label = N_("Description"),
                 .kind = FV_TEXT,
                 .max = DV_DESC_MAX,
                 .width = 24},
    [PK_TARGET] = {.key = PLF_TARGET,
                   .label = N_("Target path"),
                   .kind = FV_TEXT,
                   .required = true,
                   .max = DV_PATH_MAX,
                   .width = 24,
                   .hint =
                       N_("The directory (or /dev/VG for a logical pool) holding the volumes.")},
    [PK_TARGET_FIXED] = {.key = PLF_TARGET,
                         .label = N_("Target path"),
                         .kind = FV_READONLY,
                         .required = true,
                         .max = DV_PATH_MAX,
                         .width = 24},
    [PK_BOUND] = {.key = PLF_BOUND_HOST,
                  .label = N_("Bound host"),
                  .kind = FV_PICK,
                  .required = true,
                  .hint = N_("The host holding the storage; Space or Left/Right chooses."),
                  .pick = pick_hosts,
                  .pick_empty = N_("There is no host to bind the pool to.")},
    [PK_SRC_HOST] = {.key = PLF_HOST,
                     .label = N_("Server address"),
                     .kind = FV_TEXT,
                     .required = true,
                     .max = DV_PATH_MAX,
                     .width = 20,
                     .hint = N_("Host name or IP address of the file server or iSCSI target.")},
    [PK_PORT] = {.key = PLF_PORT,
                 .label = N_("Port"),
                 .kind = FV_TEXT,
                 .max = 5,
                 .width = 6,
                 .hint = N_("1-65535; empty for the default.")},
    [PK_NETFS_FORMAT] = {.key = PLF_FORMAT,
                         .label = N_("Pool format"),
                         .kind = FV_CHOICE,
                         .required = true,
                         .choices = netfs_formats,
                         .values = netfs_formats,
                         .hint = N_("auto detects the protocol; or nfs, glusterfs, cifs.")},
    [PK_SRC_DIR] = {.key = PLF_DIR,
                    .label = N_("Source path"),
                    .kind = FV_TEXT,
                    .required = true,
                    .max = DV_PATH_MAX,
                    .width = 20,
                    .hint = N_("The NFS export, CIFS share or gluster volume and path.")},
    [PK_IQN] = {.key = PLF_DEVICE,
                .label = N_("Target name"),
                .kind = FV_TEXT,
                .required = true,
                .max = DV_PATH_MAX,
                .width = 24,
                .hint = N_("The iSCSI target's name (IQN).")},
    [PK_AUTH_TYPE] = {.key = "auth_type",
                      .label = N_("Authentication type"),
                      .kind = FV_READONLY,
                      .width = 8},
    [PK_AUTH_USER] = {.key = PLF_AUTH_USER,
                      .label = N_("Authentication user"),
                      .kind = FV_TEXT,
                      .max = DV_NAME_MAX,
                      .width = 16,
                      .hint = N_("The CHAP account; empty for no authentication.")},
    [PK_SECRET_TYPE] = {.key = "secret_type",
                        .label = N_("Secret type"),
                        .kind = FV_READONLY,
                        .width = 8},
    [PK_SECRET] = {.key = PLF_AUTH_SECRET,
                   .label = N_("Security object"),
                   .kind = FV_PICK,
                   .hint = N_("Holds the CHAP password; with the user, or both empty."),
                   .pick = pick_secrets,
                   .pick_none = N_("(none)")},
    [PK_DISK_FORMAT] = {.key = PLF_FORMAT,
                        .label = N_("Pool format"),
                        .kind = FV_CHOICE,
                        .required = true,
                        .choices = disk_formats,
                        .values = disk_formats,
                        .hint = N_("The partition table: dos, or gpt above 2 TiB.")},
    [PK_DISK_DEVICE] = {.key = PLF_DEVICE,
                        .label = N_("Device path"),
                        .kind = FV_TEXT,
                        .required = true,
                        .max = DV_PATH_MAX,
                        .width = 20,
                        .hint = N_("The whole disk, such as /dev/sdb; never the system disk.")},
    [PK_LVM_FORMAT] = {.key = PLF_FORMAT,
                       .label = N_("Pool format"),
                       .kind = FV_READONLY,
                       .required = true,
                       .width = 8},
    [PK_DEVICES] = {.key = PLF_DEVICES,
                    .label = N_("Devices"),
                    .kind = FV_TEXT,
                    .required = true,
                    .max = DV_PATH_MAX,
                    .width = 24,
                    .hint = N_("The volume group's partitions, such as /dev/sda3 /dev/sda4.")},
    [PK_VENDOR] = {.key = PLF_VENDOR,
                   .label = N_("Provider"),
                   .kind = FV_TEXT,
                   .max = DV_NAME_MAX,
                   .width = 20,
                   .hint = N_("Shown for information only.")},
    [PK_PRODUCT] = {.key = PLF_PRODUCT,
                    .label = N_("Product name"),
                    .kind = FV_TEXT,
                    .max = DV_NAME_MAX,
                    .width = 20,
                    .hint = N_("Shown for information only.")},
};

#define COMMON PK_NAME, PK_CAPACITY, PK_DESC
#define PK_MAX 16 /* fields of the longest type, with PK_END */
static const int type_fields[POOL_TYPE_COUNT][PK_MAX] = {
    [POOL_DOSDIR] = {COMMON, PK_TARGET, PK_VENDOR, PK_PRODUCT, PK_END},
    [POOL_NETFS] = {COMMON, PK_TARGET, PK_SRC_HOST, PK_PORT, PK_NETFS_FORMAT, PK_SRC_DIR,
                    PK_VENDOR, PK_PRODUCT, PK_END},
    [POOL_ISCSI] = {COMMON, PK_TARGET_FIXED, PK_SRC_HOST, PK_PORT, PK_IQN, PK_AUTH_TYPE,
                    PK_AUTH_USER, PK_SECRET_TYPE, PK_SECRET, PK_VENDOR, PK_PRODUCT, PK_END},
    [POOL_HOSTDIR] = {COMMON, PK_TARGET, PK_BOUND, PK_VENDOR, PK_PRODUCT, PK_END},
    [POOL_LOGICAL] = {COMMON, PK_TARGET, PK_BOUND, PK_LVM_FORMAT, PK_DEVICES, PK_VENDOR,
                      PK_PRODUCT, PK_END},
    [POOL_DISK] = {COMMON, PK_TARGET_FIXED, PK_BOUND, PK_DISK_FORMAT, PK_DISK_DEVICE, PK_VENDOR,
                   PK_PRODUCT, PK_END},
};
#undef COMMON

/* The form of one type: a per-open copy of its catalog rows (the dialog
 * reads the pickers' choices from the core). */
struct add_form {
    enum pool_type type;
    struct fv_field fields[PK_MAX];
    int n;
    char *initial[PK_MAX + 1];
    char *title;
    struct fv_def def;
    int64_t new_id;
    bool background; /* the add job went to the background */
};

static void add_form_init(struct add_form *f, enum pool_type type)
{
    const struct pool_type_info *t = pool_type_info(type);

    memset(f, 0, sizeof(*f));
    f->type = type;
    for (const int *i = type_fields[type]; *i != PK_END; i++) {
        const char *init = NULL;

        f->fields[f->n] = catalog[*i];
        if (*i == PK_TARGET_FIXED)
            init = t->fixed_target;
        else if (*i == PK_AUTH_TYPE)
            init = "chap";
        else if (*i == PK_SECRET_TYPE)
            init = "iscsi";
        else if (*i == PK_LVM_FORMAT)
            init = "lvm2";
        f->initial[f->n++] = g_strdup(init ? init : "");
    }
    f->title = g_strdup_printf(_("Add storage pool: %s"), pool_type_label(type));
    f->def = (struct fv_def){.title = f->title,
                             .fields = f->fields,
                             .nfields = f->n,
                             .buttons = fv_ok_cancel,
                             .layout = FV_COLUMN,
                             .command = "pool add"};
}

static void add_form_free(struct add_form *f)
{
    for (int i = 0; i < f->n; i++)
        g_free(f->initial[i]);
    g_free(f->title);
}

/* The value of the field with key in v ("" when the type has none). */
static const char *value_of(const struct add_form *f, char **v, const char *key)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->fields[i].key, key) == 0)
            return v[i];
    return "";
}

/* OK of the form: choose the projects using the pool, then add it. */
static bool submit_add(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct add_form *f = ctx;
    struct choice_list projects = {0};
    struct pool_input in = {0};
    struct pool_spec spec = {0};
    int64_t *ids = NULL;
    int n = 0;
    bool ok = pool_project_choices(app->db, 0, &projects, err);

    if (ok && !dialog_checklist(app, _("Projects using this pool"), &projects)) {
        dv_error_clear(err); /* back to the form, nothing said */
        ok = false;
    }
    if (ok) {
        GString *chosen = g_string_new(NULL);
        char type[4];

        /* F4: the type of the menu and the projects of the checklist (the
         * form's fields follow) */
        for (int i = 0; i < projects.n; i++)
            if (projects.v[i].on)
                g_string_append_printf(chosen, "%s%s", chosen->len ? "," : "",
                                       projects.v[i].label);
        g_snprintf(type, sizeof type, "%d", (int)f->type);
        app_command_context(app,
                            (const char *const[]){"type", type, "projects", chosen->str, NULL});
        g_string_free(chosen, TRUE);
        ids = choice_chosen(&projects, &n);
        in.name = value_of(f, v, PLF_NAME);
        in.type = f->type;
        in.capacity_mb = value_of(f, v, PLF_CAPACITY);
        in.description = value_of(f, v, PLF_DESCRIPTION);
        in.target_path = value_of(f, v, PLF_TARGET);
        in.vendor = value_of(f, v, PLF_VENDOR);
        in.product = value_of(f, v, PLF_PRODUCT);
        in.bound_host = value_of(f, v, PLF_BOUND_HOST);
        in.src_host = value_of(f, v, PLF_HOST);
        in.src_port = value_of(f, v, PLF_PORT);
        in.src_dir = value_of(f, v, PLF_DIR);
        in.src_format = value_of(f, v, PLF_FORMAT);
        in.src_device = value_of(f, v, PLF_DEVICE);
        in.auth_user = value_of(f, v, PLF_AUTH_USER);
        in.auth_secret = value_of(f, v, PLF_AUTH_SECRET);
        in.devices = value_of(f, v, PLF_DEVICES);
        in.projects = ids;
        in.nprojects = n;
        ok = pool_spec_parse(&in, &spec, err);
        if (ok) { /* defined on its host by a background job */
            struct job *job = pool_add_start(app->db, &app->actor, &spec, err);

            if (job)
                f->new_id = pool_add_job_id(job);
            ok = progress_wait(app, job, _("Add storage pool"),
                               _("Defining the pool on its host..."), &f->background, err);
        }
    }
    g_strfreev(spec.devices);
    g_free(ids);
    choice_list_free(&projects);
    return ok;
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    const char *labels[POOL_TYPE_COUNT];
    struct add_form f;
    int t;

    for (int i = 0; i < POOL_TYPE_COUNT; i++)
        labels[i] = pool_type_label(i);
    t = dialog_menu(app, _("Storage pool type"), labels, POOL_TYPE_COUNT);
    if (t < 0)
        return UI_REDRAW;
    add_form_init(&f, t);
    if (dialog_form(app, &f.def, f.initial, submit_add, &f)) {
        if (f.background)
            app_status(app, STATUS_INFO, "%s", progress_background_note());
        else if (!pool_type_info(t)->files)
            volumes_initial_refresh(app, f.new_id);
        else
            app_status(app, STATUS_OK, "%s", _("The storage pool was added."));
    }
    add_form_free(&f);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- modify, delete, details */

static const struct fv_field desc_fields[] = {
    {.key = PLF_DESCRIPTION,
     .label = N_("Description"),
     .kind = FV_TEXT,
     .max = DV_DESC_MAX,
     .width = 32},
};
static const struct fv_def desc_form = {.title = N_("Edit storage pool description"),
                                        .fields = desc_fields,
                                        .nfields = 1,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN,
                                        .command = "pool modify"};

static bool submit_desc(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    const struct pool *p = ctx;
    struct pool_spec s = {.description = v[0], .version = p->row_version};

    app_command_context(app, (const char *const[]){"pool", p->name, NULL}); /* F4 */
    return pool_modify(app->db, &app->actor, p->id, &s, err);
}

static int act_desc(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct pool p;

    /* the record as read: its row version goes back with the edit (P2/OP-6) */
    if (!pool_get(app->db, row->id, &p, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    {
        char *initial[] = {p.description, NULL};

        if (dialog_form_on(app, &desc_form, p.name, initial, submit_desc, &p))
            app_status(app, STATUS_OK, "%s", _("The description was saved."));
    }
    pool_clear(&p);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q = g_strdup_printf(_("Delete the storage pool '%s'? Its data stay on the hosts."),
                              row->cells[0]);
    char *warning = NULL;
    struct job *job;

    char *title = dialog_title_on(_("Delete storage pool"), row->cells[0]);
    bool yes = dialog_confirm(app, title, q);

    g_free(title);
    g_free(q);
    if (!yes)
        return UI_REDRAW;
    /* the record goes at once; its hosts undefine it in a background job */
    job = pool_delete_start(app->db, &app->actor, row->id, &err);
    if (!job) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    app_command(app, "pool", "delete", (const char *const[]){"pool", row->cells[0], NULL});
    if (progress_run(app, job, _("Delete storage pool"),
                     _("Undefining the pool on its hosts...")) == PROGRESS_BACKGROUND) {
        app_status(app, STATUS_INFO, "%s", progress_background_note());
        job_unref(job);
        return UI_RELOAD;
    }
    warning = g_strdup(pool_delete_warning(job));
    job_unref(job);
    if (warning) {
        char *t = g_strdup_printf(_("The storage pool '%s' was deleted, but these hosts could not "
                                    "undefine it:\n\n%s"),
                                  row->cells[0], warning);

        dialog_message(app, _("Delete storage pool"), t);
        g_free(t);
    }
    app_status(app, STATUS_OK, _("The storage pool '%s' was deleted."), row->cells[0]);
    g_free(warning);
    return UI_RELOAD;
}

static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    bool live = false;
    struct job *job = pool_details_start(app->db, row->id, &app->actor, &err);
    char *xml, *t;

    /* the live XML is read by a background job; b shows the record's */
    if (job && progress_run(app, job, _("Storage pool details"),
                            _("Reading the pool from its hosts...")) == PROGRESS_BACKGROUND) {
        job_unref(job);
        job = NULL;
    }
    xml = pool_details_xml_of(app->db, row->id, job, &live, &err);
    job_unref(job);

    if (!xml) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    app_command(app, "pool", "show", (const char *const[]){"pool", row->cells[0], NULL});
    t = g_strdup_printf("%s\n\n%s", live ? _("As the host reports it now:")
                                         : _("As configured (no running host has it defined):"),
                        xml);
    {
        char *title = dialog_title_on(_("Storage pool details"), row->cells[0]);

        dialog_text(app, title, t);
        g_free(title);
    }
    g_free(t);
    g_free(xml);
    return UI_REDRAW;
}

static int act_volumes(struct app *app, struct list_page *lp, const struct list_row *row)
{
    volumes_run(app, row->id, row->cells[0]);
    return UI_RELOAD;
}

static const struct list_action actions[] = {
    {.key = 'v', .label = N_("Volumes"), .needs = LN_ROW, .run = act_volumes},
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'e', .label = N_("Edit description"), .needs = LN_ROW, .run = act_desc},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 'x', .label = N_("Details"), .needs = LN_ROW, .run = act_details},
};

static const struct list_def pools_list = {
    .title = N_("System storage pool information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_pools, pools_list);

/* ---------------------------------------------------------------- M9.4.1 the project's pools */

static bool fetch_mine(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                       struct list_rows *out, struct dv_error *err)
{
    struct project p;
    struct pool_filter f = {.type = -1, .bound = -1};
    struct pool_page page;

    if (!project_of_admin(app->db, app->me.id, &p, err))
        return false;
    f.project_id = p.id;
    project_clear(&p);
    if (!pool_list(app->db, &f, offset, limit, &page, err))
        return false;
    add_pool_rows(out, &page);
    pool_page_free(&page);
    return true;
}

static const struct list_action my_actions[] = {
    {.key = 'v', .label = N_("Volumes"), .needs = LN_ROW, .run = act_volumes},
};

static const struct list_def my_pools_list = {
    .title = N_("Project storage pool information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .actions = my_actions,
    .nactions = G_N_ELEMENTS(my_actions),
    .fetch = fetch_mine,
};

LIST_SCREEN(scr_mypools, my_pools_list);
