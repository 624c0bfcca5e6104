/* scr_instances.c - M11.3a 虚拟机实例信息, the project's instances: the
 * list with its query and paging, and the toolbar's 管理虚拟机 (M11.3b, the
 * instance's VM page), 自定义新增, 从实例导入 and 修改 (M11.3c-e, the editor
 * of ui/vm/instedit.c), 删除 (M11.3f), 激活 (M11.3g) and 禁用 (M11.3h,
 * which force-stops the instance's running VMs as a job). */
#include <string.h>

#include "base/util.h"
#include "projects/project.h"
#include "screens.h"
#include "vm/instance.h"
#include "vm/instedit.h"
#include "vm/vmpages.h"
#include "vm/vmpower.h"
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"

enum { IS_ACTIVE, IS_DISABLED, IS_COUNT };

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 6, .weight = 2, .fixed = true},
    {.header = N_("English name"), .min_width = 6, .weight = 2},
    {.header = N_("Bound host"), .min_width = 6, .weight = 1, .hide_below = 100},
    {.header = N_("vCPUs"), .min_width = 3, .align = LA_RIGHT, .hide_below = 100},
    {.header = N_("Memory (MiB)"), .min_width = 5, .align = LA_RIGHT, .hide_below = 100},
    {.header = N_("Number of VMs"), .min_width = 3, .align = LA_RIGHT},
    {.header = N_("Unique VM"), .min_width = 2},
    {.header = N_("Admin state"), .min_width = 11},
    {.header = N_("Created"), .min_width = 19, .hide_below = 120},
};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct instance_page page;
    int64_t project = 0;

    (void)ctx;
    if (!project_for_actor(app->db, &app->actor, 0, &project, err) ||
        !instance_list(app->db, project, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        const struct instance *in = &page.rows[i];
        char t[DV_TIME_LEN];

        list_rows_add(out, in->id, 9, g_strdup(in->spec.name_zh), g_strdup(in->spec.name_en),
                      g_strdup(in->bound_host), g_strdup_printf("%d", in->spec.vcpus),
                      g_strdup_printf("%lld", (long long)in->spec.memory_mib),
                      g_strdup_printf("%d", in->nvms),
                      g_strdup(in->spec.unique ? _("Unique") : _("No")),
                      g_strdup(in->active ? _("Activated") : _("Deactivated")),
                      g_strdup(dv_format_time(in->created_at, t)));
        list_rows_set_state(out, LIST_STATE(in->active ? IS_ACTIVE : IS_DISABLED));
    }
    instance_page_free(&page);
    return true;
}

static const char *const state_reasons[IS_COUNT] = {
    [IS_ACTIVE] = N_("The instance is active."),
    [IS_DISABLED] = N_("The instance is disabled."),
};

static const struct list_states states = {
    .of = list_row_state, .reasons = state_reasons, .n = IS_COUNT};

/* M11.3b: the VM page of the instance. */
static int act_manage(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    vms_run_for_instance(app, row->id);
    return UI_RELOAD;
}

/* M11.3c */
static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp, (void)row;
    instedit_run(app, INSTEDIT_ADD, 0);
    return UI_RELOAD;
}

/* M11.3d */
static int act_import(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    instedit_run(app, INSTEDIT_IMPORT, row->id);
    return UI_RELOAD;
}

/* M11.3e */
static int act_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    instedit_run(app, INSTEDIT_MODIFY, row->id);
    return UI_RELOAD;
}

/* A confirmed operation on the instance of row; its dosvmctl command
 * "instance VERB --name ENGLISH-NAME" for F4 when it was done. */
static int confirm_op(struct app *app, const struct list_row *row, const char *title,
                      char *question, char *done, const char *verb,
                      bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *))
{
    struct dv_error err = {0};
    char *t = dialog_title_on(title, row->cells[0]);
    int flags = UI_REDRAW;

    if (dialog_confirm(app, t, question)) {
        if (op(app->db, &app->actor, row->id, &err)) {
            app_status(app, STATUS_OK, "%s", done);
            app_command(app, "instance", verb, (const char *const[]){"instance", row->cells[1], NULL});
        } else {
            app_status_error(app, &err);
        }
        flags = UI_RELOAD;
    }
    g_free(t);
    g_free(question);
    g_free(done);
    return flags;
}

/* M11.3f (OP-31): refused while the instance has VMs. */
static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    char *q = g_strdup_printf(_("Delete the VM instance '%s'?"), row->cells[0]);
    char *done = g_strdup_printf(_("The VM instance '%s' was deleted."), row->cells[0]);

    (void)lp;
    return confirm_op(app, row, _("Delete VM instance"), q, done, "delete", instance_delete);
}

/* M11.3g */
static int act_activate(struct app *app, struct list_page *lp, const struct list_row *row)
{
    char *q = g_strdup_printf(_("Activate the VM instance '%s'?"), row->cells[0]);
    char *done = g_strdup_printf(_("The VM instance '%s' is active."), row->cells[0]);

    (void)lp;
    return confirm_op(app, row, _("Activate VM instance"), q, done, "activate",
                      instance_activate);
}

/* M11.3h: its running VMs are force-stopped, as a job. */
static int act_disable(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *title = dialog_title_on(_("Disable VM instance"), row->cells[0]);
    char *q = g_strdup_printf(_("Disable the VM instance '%s'? Its running VMs are forced off."),
                              row->cells[0]);
    struct job *job;

    (void)lp;
    if (dialog_confirm(app, title, q)) {
        job = instance_disable_start(app->db, &app->actor, row->id, &err);
        if (!job) {
            app_status_error(app, &err);
        } else if (progress_run(app, job, title, _("Stopping the instance's VMs...")) ==
                   PROGRESS_BACKGROUND) {
            app_status(app, STATUS_INFO, "%s", progress_background_note());
        } else if (!job_ok(job)) {
            app_status_error(app, job_error(job));
        } else {
            app_status(app, STATUS_OK, "%s", job_result_text(job));
            app_command(app, "instance", "disable",
                        (const char *const[]){"instance", row->cells[1], NULL});
        }
        if (job)
            job_unref(job);
    }
    g_free(q);
    g_free(title);
    return UI_RELOAD;
}

static const struct list_action actions[] = {
    {.key = 'v',
     .label = N_("Manage VMs"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(IS_ACTIVE),
     .run = act_manage},
    {.key = 'a', .label = N_("Custom add"), .run = act_add},
    {.key = 'i', .label = N_("Import from instance"), .needs = LN_ROW, .run = act_import},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_modify},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_delete},
    {.key = 't',
     .label = N_("Activate"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(IS_DISABLED),
     .run = act_activate},
    {.key = 's',
     .label = N_("Disable"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(IS_ACTIVE),
     .run = act_disable},
};

static const struct list_def instances_list = {
    .title = N_("Instance information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &fv_query_name,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .states = &states,
};

LIST_SCREEN(scr_instances, instances_list);
