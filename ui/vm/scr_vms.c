/* scr_vms.c - M11.4 实例虚拟机信息 (the VMs of one instance, opened by the
 * instance list's Manage VMs) and M11.1 项目虚拟机信息 (every VM of the
 * project): one list page with the VM page's toolbar.  Each button is
 * enabled in the run states vm/vmstate.h gives (the list engine dims the
 * others and says why); the instance's own rules (disabled, unique, bound)
 * are checked by vm_action_allowed when pressed.  The actions that call a
 * host run as jobs in the progress dialog.
 *
 * Fresh run states (issue 11): the console watches no host's lifecycle
 * events itself.  It would need connections of its own for them, and its
 * key loop may neither open one nor call libvirt (virt.h's guard); dosvmd
 * watches every host and records each event in the database within a
 * fraction of a second (vm/vmevents.h).  These pages read vm_stamp (vm.h:
 * moved by a trigger whenever a VM's run state, power state, host or port
 * changes, in any process) each time they draw, which the key loop does
 * at least once a second, and re-read their page when it moved; refresh_s
 * re-reads the rest (names, errors) now and then. */
#include <string.h>

#include "base/textwidth.h"
#include "base/util.h"
#include "projects/project.h"
#include "screens.h"
#include "vm/checkpoint.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "vm/vmpages.h"
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"

/* The page's context: the instance whose VMs it lists, 0 for the project's. */
struct vms_ctx {
    int64_t instance_id;
};

static int64_t ctx_instance(const struct list_page *lp)
{
    const struct vms_ctx *c = list_ctx(lp);

    return c ? c->instance_id : 0;
}

static const struct list_column columns[] = {
    {.header = N_("Instance name"), .min_width = 6, .weight = 2, .hide_below = 100},
    {.header = N_("VM English name"), .min_width = 6, .weight = 2, .fixed = true},
    {.header = N_("vCPUs"), .min_width = 3, .align = LA_RIGHT, .hide_below = 100},
    {.header = N_("Memory (MiB)"), .min_width = 5, .align = LA_RIGHT, .hide_below = 100},
    {.header = N_("Run host"), .min_width = 6, .weight = 1},
    {.header = N_("Access port"), .min_width = 4, .align = LA_RIGHT},
    {.header = N_("Power state"), .min_width = 4},
    {.header = N_("Run state"), .min_width = 14},
    {.header = N_("Created"), .min_width = 19, .hide_below = 110},
};

static const struct fv_field query_fields[] = {
    {.key = "name",
     .label = N_("Name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 16,
     .hint = N_("Part of the VM's English name or of its instance's name; Enter queries.")},
};

static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

/* vm_stamp: the pages re-read their rows when a VM changed anywhere. */
static bool vms_stamp(struct app *app, void *ctx, int64_t *out)
{
    (void)ctx;
    return vm_stamp(app->db, out, NULL);
}

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    const struct vms_ctx *c = ctx;
    struct vm_page page;
    int64_t project = 0;

    if (!project_for_actor(app->db, &app->actor, 0, &project, err) ||
        !vm_list(app->db, project, c ? c->instance_id : 0, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        const struct vm *v = &page.rows[i];
        char t[DV_TIME_LEN];

        list_rows_add(out, v->id, 9, g_strdup(v->instance_name), g_strdup(v->name_en),
                      g_strdup_printf("%d", v->vcpus),
                      g_strdup_printf("%lld", (long long)v->memory_mib),
                      g_strdup(v->run == VM_SHUTOFF && !v->power_on ? "" : v->run_host),
                      v->access_port ? g_strdup_printf("%d", v->access_port) : g_strdup(""),
                      g_strdup(vm_power_label(v->power_on)), g_strdup(vm_run_label(v->run)),
                      g_strdup(dv_format_time(v->created_at, t)));
        list_rows_set_state(out, VM_IN(v->run));
    }
    vm_page_free(&page);
    return true;
}

static const char *const state_reasons[VM_RUN_COUNT] = {
    [VM_SHUTOFF] = N_("Not possible while the VM is shut off."),
    [VM_RUNNING] = N_("Not possible while the VM is running."),
    [VM_SUSPENDED] = N_("Not possible while the VM is suspended."),
    [VM_SAVED] = N_("Not possible while the VM is saved."),
};

static const struct list_states states = {
    .of = list_row_state, .reasons = state_reasons, .n = VM_RUN_COUNT};

/* ---------------------------------------------------------------- helpers */

/* The dosvmctl verb of action a (vm VERB --name VM), or NULL. */
static const char *verb_of(enum vm_action a)
{
    switch (a) {
    case VMA_POWER_ON:
        return "start";
    case VMA_POWER_OFF:
        return "stop";
    case VMA_REBOOT:
        return "reboot";
    case VMA_RESET:
        return "reset";
    case VMA_SUSPEND:
        return "suspend";
    case VMA_RESUME:
        return "resume";
    case VMA_SAVE:
        return "save";
    case VMA_RESTORE:
        return "restore";
    case VMA_DELETE:
        return "delete";
    default:
        return NULL;
    }
}

/* F4: action a on the VM name was done: "dosvmctl ... vm VERB --name VM". */
static void vm_command(struct app *app, enum vm_action a, const char *name)
{
    if (verb_of(a))
        app_command(app, "vm", verb_of(a), (const char *const[]){"vm", name, NULL});
}

/* The VM of row with the instance's rules checked for action a; false with
 * the reason in the status line. */
static bool allowed(struct app *app, const struct list_row *row, enum vm_action a, struct vm *v)
{
    struct dv_error err = {0};
    struct vm_action_ctx c;
    const char *why = NULL;

    if (!vm_get(app->db, &app->actor, row->id, v, &err)) {
        app_status_error(app, &err);
        return false;
    }
    c = vm_ctx(v);
    if (vm_action_allowed(a, &c, &why))
        return true;
    app_status(app, STATUS_ERROR, "%s", why);
    vm_clear(v);
    return false;
}

/* Watch job (NULL: refused, err says why) titled title; the status line
 * gets done, the job's own result text, or the error.  A result text that
 * is a warning (warn) is shown in a message box as well. */
static int watch(struct app *app, struct job *job, const char *title, const char *text,
                 const char *done, bool warn, enum vm_action a, const char *name,
                 struct dv_error *err)
{
    const char *result;

    if (!job) {
        app_status_error(app, err);
        return UI_RELOAD;
    }
    if (progress_run(app, job, title, text) == PROGRESS_BACKGROUND) {
        app_status(app, STATUS_INFO, "%s", progress_background_note());
    } else if (!job_ok(job)) {
        app_status_error(app, job_error(job));
    } else {
        result = job_result_text(job);
        if (warn && result && *result)
            dialog_message(app, title, result);
        app_status(app, STATUS_OK, "%s", result && *result ? result : done);
        vm_command(app, a, name);
    }
    job_unref(job);
    return UI_RELOAD;
}

/* ---------------------------------------------------------------- the actions */

struct action_text {
    enum vm_action action;
    const char *title;   /* msgid of the dialog */
    const char *working; /* msgid of the progress text */
};

static const struct action_text texts[] = {
    {VMA_POWER_OFF, N_("Power off"),
     N_("Shutting the guest down; it is forced off when it does not stop in time...")},
    {VMA_REBOOT, N_("Reboot"), N_("Asking the guest to reboot...")},
    {VMA_RESET, N_("Reset"), N_("Resetting the VM...")},
    {VMA_SUSPEND, N_("Suspend"), N_("Suspending the VM...")},
    {VMA_RESUME, N_("Resume"), N_("Resuming the VM...")},
    {VMA_SAVE, N_("Save"), N_("Saving the VM's memory...")},
    {VMA_RESTORE, N_("Restore VM"), N_("Restoring the VM...")},
};

static const struct action_text *text_of(enum vm_action a)
{
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++)
        if (texts[i].action == a)
            return &texts[i];
    return NULL;
}

/* The confirmation of action a on the VM name (g_free it). */
static char *question(enum vm_action a, const char *name)
{
    switch (a) {
    case VMA_POWER_OFF:
        return g_strdup_printf(_("Power off the VM '%s'?"), name);
    case VMA_REBOOT:
        return g_strdup_printf(_("Are you sure you want to reboot the VM '%s'?"), name);
    case VMA_RESET:
        return g_strdup_printf(_("Reset the VM '%s' as with the reset button?"), name);
    case VMA_SUSPEND:
        return g_strdup_printf(_("Suspend the VM '%s'?"), name);
    case VMA_RESUME:
        return g_strdup_printf(_("Resume the VM '%s'?"), name);
    case VMA_SAVE:
        return g_strdup_printf(_("Save the memory of the VM '%s' to disk and stop it?"), name);
    default:
        return g_strdup_printf(_("Restore the VM '%s' from its saved memory?"), name);
    }
}

/* The status line after action a ended well (g_free it). */
static char *done_text(enum vm_action a, const char *name)
{
    switch (a) {
    case VMA_POWER_OFF:
        return g_strdup_printf(_("The VM '%s' is powered off."), name);
    case VMA_REBOOT:
        return g_strdup_printf(
            _("The VM '%s' was asked to reboot; its operating system may ignore it."), name);
    case VMA_RESET:
        return g_strdup_printf(_("The VM '%s' was reset."), name);
    case VMA_SUSPEND:
        return g_strdup_printf(_("The VM '%s' is suspended."), name);
    case VMA_RESUME:
        return g_strdup_printf(_("The VM '%s' runs again."), name);
    case VMA_SAVE:
        return g_strdup_printf(_("The VM '%s' is saved."), name);
    case VMA_DELETE:
        return g_strdup_printf(_("The VM '%s' was deleted."), name);
    default:
        return g_strdup_printf(_("The VM '%s' runs again from its saved state."), name);
    }
}

/* A confirmed state change of the selected VM (M11.4.5b ... M11.4.8b). */
static int run_action(struct app *app, const struct list_row *row, enum vm_action a)
{
    const struct action_text *t = text_of(a);
    struct dv_error err = {0};
    struct vm v = {0};
    char *q, *title, *done;
    bool go;
    int rc;

    if (!allowed(app, row, a, &v))
        return UI_RELOAD;
    q = question(a, v.name_en);
    done = done_text(a, v.name_en);
    title = dialog_title_on(_(t->title), v.name_en);
    go = dialog_confirm(app, title, q);
    rc = go ? watch(app, vm_action_start(app->db, &app->actor, v.id, a, &err), title, _(t->working),
                    done, false, a, v.name_en, &err)
            : UI_REDRAW;
    g_free(q);
    g_free(done);
    g_free(title);
    vm_clear(&v);
    return rc;
}

/* ---------------------------------------------------------------- D15 bulk actions */

static struct job *start_one(struct app *app, int64_t id, enum vm_action a, struct dv_error *err)
{
    switch (a) {
    case VMA_POWER_ON:
        return vm_power_on_start(app->db, &app->actor, id, 0, err);
    case VMA_DELETE:
        return vm_delete_start(app->db, &app->actor, id, err);
    default:
        return vm_action_start(app->db, &app->actor, id, a, err);
    }
}

static const struct fv_field count_fields[] = {
    {.key = "count",
     .label = N_("Number of VMs"),
     .kind = FV_TEXT,
     .required = true,
     .max = 6,
     .width = 6,
     .hint = N_("Type the number of marked VMs to confirm.")},
};

static const struct fv_def count_form = {
    .fields = count_fields, .nfields = G_N_ELEMENTS(count_fields), .buttons = fv_ok_cancel};

static bool submit_count(struct app *app, void *ctx, char **values, struct dv_error *err)
{
    int n = *(int *)ctx;

    (void)app;
    if (g_ascii_strtoll(values[0], NULL, 10) == n &&
        strspn(values[0], "0123456789") == strlen(values[0]))
        return true;
    dv_error_set(err, DV_ERR_INVALID, "count", _("Type %d, the number of marked VMs."), n);
    return false;
}

/* Whether the user confirms action a on n marked VMs: destructive ones
 * (power off, reset, delete) ask for the number typed in (D15). */
static bool bulk_confirm(struct app *app, enum vm_action a, const char *label, int n)
{
    char *title = g_strdup_printf(_("%s: %d marked VMs"), label, n);
    bool go;

    if (a == VMA_POWER_OFF || a == VMA_RESET || a == VMA_DELETE) {
        struct fv_def def = count_form;

        def.title = title;
        go = dialog_form(app, &def, NULL, submit_count, &n);
    } else {
        char *q = g_strdup_printf(_("%s the %d marked VMs?"), label, n);

        go = dialog_confirm(app, title, q);
        g_free(q);
    }
    g_free(title);
    return go;
}

/* Why VM v is skipped by action a, or NULL (g_free it). */
static char *skip_reason(enum vm_action a, const struct vm *v)
{
    struct vm_action_ctx c = vm_ctx(v);
    struct dv_error err = {0};
    const char *why = NULL;

    if (vm_action_target(a) >= 0 && (int)v->run == vm_action_target(a))
        return g_strdup_printf(_("skipped: already %s"), vm_run_label(v->run));
    if (a == VMA_DELETE && !vm_may_delete(v, &err))
        return g_strdup_printf(_("skipped: %s"), err.msg);
    if (a != VMA_DELETE && !vm_action_allowed(a, &c, &why))
        return g_strdup_printf(_("skipped: %s"), why);
    return NULL;
}

/* D15: action a on every marked VM as parallel jobs, then a table of each
 * VM's result. */
static int bulk_run(struct app *app, struct list_page *lp, enum vm_action a, const char *label)
{
    int n = 0;
    int64_t *ids = list_marked(lp, &n);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *results = g_ptr_array_new_with_free_func(g_free);
    struct job **jobs = g_new0(struct job *, n + 1);
    GString *table = g_string_new(NULL);
    int width = 0;

    if (!bulk_confirm(app, a, label, n)) {
        g_free(ids);
        g_free(jobs);
        g_ptr_array_free(names, TRUE);
        g_ptr_array_free(results, TRUE);
        g_string_free(table, TRUE);
        return UI_REDRAW;
    }
    for (int i = 0; i < n; i++) {
        struct dv_error err = {0};
        struct vm v = {0};
        char *skip = NULL;

        if (!vm_get(app->db, &app->actor, ids[i], &v, &err)) {
            g_ptr_array_add(names, g_strdup_printf("#%lld", (long long)ids[i]));
            g_ptr_array_add(results, g_strdup_printf(_("failed: %s"), err.msg));
            continue;
        }
        g_ptr_array_add(names, g_strdup(v.name_en));
        width = MAX(width, tw_width(v.name_en));
        if ((skip = skip_reason(a, &v)))
            g_ptr_array_add(results, skip);
        else if (!(jobs[i] = start_one(app, v.id, a, &err)))
            g_ptr_array_add(results, g_strdup_printf(_("failed: %s"), err.msg));
        else
            g_ptr_array_add(results, NULL);
        vm_clear(&v);
    }
    for (int i = 0; i < n; i++) {
        char *text;

        if (!jobs[i])
            continue;
        text = g_strdup_printf(_("%s (%d of %d)"), (char *)g_ptr_array_index(names, i), i + 1, n);
        if (progress_run(app, jobs[i], label, text) == PROGRESS_BACKGROUND)
            g_ptr_array_index(results, i) = g_strdup(_("running in the background"));
        else if (job_ok(jobs[i])) {
            g_ptr_array_index(results, i) = g_strdup(_("done"));
            vm_command(app, a, g_ptr_array_index(names, i));
        } else {
            g_ptr_array_index(results, i) =
                g_strdup_printf(_("failed: %s"), job_error(jobs[i])->msg);
        }
        g_free(text);
        job_unref(jobs[i]);
    }
    for (int i = 0; i < n; i++) {
        const char *name = g_ptr_array_index(names, i);

        g_string_append(table, name);
        for (int k = tw_width(name); k < width + 2; k++)
            g_string_append_c(table, ' ');
        g_string_append_printf(table, "%s\n", (char *)g_ptr_array_index(results, i));
    }
    dialog_text(app, label, table->str);
    list_marks_clear(lp);
    g_string_free(table, TRUE);
    g_ptr_array_free(names, TRUE);
    g_ptr_array_free(results, TRUE);
    g_free(jobs);
    g_free(ids);
    return UI_RELOAD;
}

/* The marked VMs when there are any (bulk), else the selected one. */
static int act_on(struct app *app, struct list_page *lp, const struct list_row *row,
                  enum vm_action a,
                  int (*one)(struct app *, const struct list_row *, enum vm_action))
{
    int n = 0;
    int64_t *ids = list_marked(lp, &n);

    g_free(ids);
    if (n > 0)
        return bulk_run(app, lp, a, _(vm_action_label(a)));
    return one(app, row, a);
}

/* 关闭电源, 重启, 重置, 挂起, 恢复, 保存, 还原: the action is the button's .arg. */
static int act_vm(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return act_on(app, lp, row, (enum vm_action)list_action_arg(lp), run_action);
}

/* ---- M11.4.5a power on: the host picker ("选择虚拟机运行属主机") */

static bool pick_host(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return vm_host_choices(app->db, *(int64_t *)ctx, out, err);
}

static const struct fv_field power_on_fields[] = {
    {.key = "host",
     .label = N_("Run host"),
     .kind = FV_PICK,
     .pick = pick_host,
     .pick_none = N_("(automatic)"),
     .hint = N_("Choosing no host lets the system place the VM by memory and load.")},
};

static const struct fv_def power_on_form = {.title = N_("Power on"),
                                            .fields = power_on_fields,
                                            .nfields = G_N_ELEMENTS(power_on_fields),
                                            .buttons = fv_ok_cancel,
                                            .command = "vm start"};

struct power_on {
    int64_t vm_id; /* first: pick_host reads it */
    struct vm *v;
};

static bool submit_power_on(struct app *app, void *ctx, char **values, struct dv_error *err)
{
    struct power_on *p = ctx;
    char *title = dialog_title_on(_("Power on"), p->v->name_en);
    int64_t host = g_ascii_strtoll(values[0] ? values[0] : "0", NULL, 10);
    bool background = false;
    struct job *job = vm_power_on_start(app->db, &app->actor, p->vm_id, host, err);
    bool ok;

    /* OP-35: beside a running VM on the same writable disks only when confirmed */
    if (!job && err->field[0] && strcmp(err->field, VM_FIELD_SHARED_DISKS) == 0) {
        char *q = g_strdup_printf("%s\n\n%s", err->msg,
                                  _("Start it anyway? Both VMs then write to the same disks."));

        if (dialog_confirm(app, title, q)) {
            dv_error_clear(err);
            job = vm_power_on_start_shared(app->db, &app->actor, p->vm_id, host, true, err);
            /* the command says it was confirmed */
            app_command_context(app, (const char *const[]){"vm", p->v->name_en,
                                                            VM_FIELD_SHARED_DISKS, "yes", NULL});
        }
        g_free(q);
    }
    ok = progress_wait(app, job, title, _("Starting the VM on its host..."), &background, err);

    if (ok && background)
        app_status(app, STATUS_INFO, "%s", progress_background_note());
    else if (ok)
        app_status(app, STATUS_OK, _("The VM '%s' is running."), p->v->name_en);
    g_free(title);
    return ok;
}

static int act_power_on(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct vm v = {0};
    struct power_on p;
    int n = 0;

    g_free(list_marked(lp, &n));
    if (n > 0) /* D15: placed automatically, each */
        return bulk_run(app, lp, VMA_POWER_ON, _("Power on"));
    if (!allowed(app, row, VMA_POWER_ON, &v))
        return UI_RELOAD;
    p = (struct power_on){.vm_id = v.id, .v = &v};
    app_command_context(app, (const char *const[]){"vm", v.name_en, NULL});
    dialog_form_on(app, &power_on_form, v.name_en, NULL, submit_power_on, &p);
    vm_clear(&v);
    return UI_RELOAD;
}

/* ---- M11.4.2 live migration ("迁移宿主机选择") */

static bool pick_target(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return vm_migrate_choices(app->db, &app->actor, *(int64_t *)ctx, out, err);
}

static const struct fv_field migrate_fields[] = {
    {.key = "target",
     .label = N_("Target host"),
     .kind = FV_PICK,
     .required = true,
     .pick = pick_target,
     .pick_empty = N_("There is no other host the VM may migrate to."),
     .hint = N_("A host of the instance's host group, or of the project's hosts.")},
};

static const struct fv_def migrate_form = {.title = N_("Live migration"),
                                           .fields = migrate_fields,
                                           .nfields = G_N_ELEMENTS(migrate_fields),
                                           .buttons = fv_ok_cancel,
                                           .command = "vm migrate"};

static bool submit_migrate(struct app *app, void *ctx, char **values, struct dv_error *err)
{
    struct power_on *p = ctx;
    int64_t host = g_ascii_strtoll(values[0] ? values[0] : "0", NULL, 10);
    char *title = dialog_title_on(_("Live migration"), p->v->name_en);
    char *warning = p->v->run == VM_RUNNING || p->v->run == VM_SUSPENDED
                        ? vm_migrate_warning(app->db, p->vm_id, NULL)
                        : NULL;
    bool ok = true;

    if (warning) {
        char *q = g_strdup_printf("%s\n\n%s", warning, _("Migrate the VM all the same?"));

        ok = dialog_confirm(app, title, q);
        g_free(q);
        g_free(warning);
        if (!ok) {
            dv_error_set(err, DV_ERR_CANCELLED, NULL, "%s", _("The migration was not started."));
            g_free(title);
            return false;
        }
    }
    ok = progress_wait(app, vm_migrate_start(app->db, &app->actor, p->vm_id, host, err), title,
                       _("Moving the VM; Esc aborts the migration..."), NULL, err);
    if (ok)
        app_status(app, STATUS_OK, "%s", _("Operation succeeded."));
    g_free(title);
    return ok;
}

static int act_migrate(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct vm v = {0};
    struct power_on p;

    (void)lp;
    if (!allowed(app, row, VMA_MIGRATE, &v))
        return UI_RELOAD;
    p = (struct power_on){.vm_id = v.id, .v = &v};
    app_command_context(app, (const char *const[]){"vm", v.name_en, NULL});
    dialog_form_on(app, &migrate_form, v.name_en, NULL, submit_migrate, &p);
    vm_clear(&v);
    return UI_RELOAD;
}

/* ---- M11.4.5c start error */

static int act_start_error(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct vm v = {0};
    struct dv_error err = {0};
    char *text, *title;

    (void)lp;
    if (!vm_get(app->db, &app->actor, row->id, &v, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    text = vm_start_error_text(&v);
    title = dialog_title_on(_("Start error"), v.name_en);
    dialog_message(app, title, text);
    g_free(title);
    g_free(text);
    vm_clear(&v);
    return UI_REDRAW;
}

/* ---- M11.4.4a add, M11.4.4b delete */

static bool pick_instance(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    int64_t project = 0;

    (void)ctx;
    return project_for_actor(app->db, &app->actor, 0, &project, err) &&
           instance_active_choices(app->db, project, out, err);
}

static const char *const yes_no[] = {N_("No"), N_("Yes"), NULL};
static const char *const zero_one[] = {"0", "1", NULL};

static const struct fv_field add_fields[] = {
    {.key = "instance",
     .label = N_("Instance"),
     .kind = FV_PICK,
     .required = true,
     .pick = pick_instance,
     .pick_empty = N_("The project has no active instance; add one under Instance information."),
     .hint = N_("The instance whose definition the new VM runs.")},
    {.key = VMF_NAME_EN,
     .label = N_("English name"),
     .kind = FV_TEXT,
     .required = true,
     .max = DV_NAME_MAX,
     .hint = N_("Letters, digits, '-', '_' and '.'; unique in the system: the libvirt domain "
                "name.")},
    {.key = VMF_START,
     .label = N_("Start immediately"),
     .kind = FV_CHOICE,
     .choices = yes_no,
     .values = zero_one,
     .hint = N_("Power the VM on at once, on a host the system chooses.")},
};

static const struct fv_def add_form_project = {.title = N_("Add VM"),
                                               .fields = add_fields,
                                               .nfields = G_N_ELEMENTS(add_fields),
                                               .buttons = fv_ok_cancel,
                                               .command = "vm add"};
static const struct fv_def add_form_instance = {.title = N_("Add VM"),
                                                .fields = add_fields + 1,
                                                .nfields = G_N_ELEMENTS(add_fields) - 1,
                                                .buttons = fv_ok_cancel,
                                                .command = "vm add"};

struct add_ctx {
    int64_t instance_id; /* 0: the form picks it */
    int64_t id;
    char *warning;
};

static bool submit_add(struct app *app, void *ctx, char **values, struct dv_error *err)
{
    struct add_ctx *a = ctx;
    int off = a->instance_id ? 0 : 1;
    int64_t inst = a->instance_id ? a->instance_id : g_ascii_strtoll(values[0], NULL, 10);
    bool start = values[off + 1] && strcmp(values[off + 1], "1") == 0;

    if (!vm_add(app->db, &app->actor, inst, values[off], &a->id, &a->warning, err))
        return false;
    if (start) {
        struct dv_error e = {0};
        char *title = dialog_title_on(_("Power on"), values[off]);
        bool background = false;

        if (!progress_wait(app, vm_power_on_start(app->db, &app->actor, a->id, 0, &e), title,
                           _("Starting the VM on its host..."), &background, &e))
            app_status_error(app, &e);
        g_free(title);
    }
    return true;
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct add_ctx a = {.instance_id = ctx_instance(lp)};
    char *instance = NULL;

    (void)row;
    if (a.instance_id) {
        struct vm_action_ctx c = {0};
        struct instance in = {0};
        struct dv_error err = {0};
        const char *why = NULL;

        if (!instance_get(app->db, &app->actor, a.instance_id, &in, &err)) {
            app_status_error(app, &err);
            return UI_RELOAD;
        }
        c = (struct vm_action_ctx){
            .instance_active = in.active, .unique = in.spec.unique, .nvms = in.nvms};
        instance = g_strdup(in.spec.name_en);
        instance_clear(&in);
        if (!vm_action_allowed(VMA_ADD, &c, &why)) {
            app_status(app, STATUS_ERROR, "%s", why);
            g_free(instance);
            return UI_REDRAW;
        }
        /* the page's instance, for the command (F4) */
        app_command_context(app, (const char *const[]){"instance", instance, NULL});
    }
    if (dialog_form(app, a.instance_id ? &add_form_instance : &add_form_project, NULL, submit_add,
                    &a)) {
        if (a.warning)
            dialog_message(app, _("Add VM"), a.warning);
        else if (app->status_kind != STATUS_ERROR)
            app_status(app, STATUS_OK, "%s", _("Operation succeeded."));
    }
    g_free(a.warning);
    g_free(instance);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct vm v = {0};
    char *q, *title;
    int rc = UI_REDRAW, n = 0;

    g_free(list_marked(lp, &n));
    if (n > 0)
        return bulk_run(app, lp, VMA_DELETE, _("Delete"));
    if (!vm_get(app->db, &app->actor, row->id, &v, &err) || !vm_may_delete(&v, &err)) {
        app_status_error(app, &err);
        vm_clear(&v);
        return UI_RELOAD;
    }
    q = g_strdup_printf(_("Delete the VM '%s'? Its saved state and checkpoints go with it."),
                        v.name_en);
    title = dialog_title_on(_("Delete VM"), v.name_en);
    if (dialog_confirm(app, title, q)) {
        char *done = done_text(VMA_DELETE, v.name_en);

        rc = watch(app, vm_delete_start(app->db, &app->actor, v.id, &err), title,
                   _("Removing the VM from its host..."), done, true, VMA_DELETE, v.name_en, &err);
        g_free(done);
    }
    g_free(q);
    g_free(title);
    vm_clear(&v);
    return rc;
}

/* ---------------------------------------------------------------- M11.4.3 checkpoints */

struct cp_ctx {
    int64_t vm_id;
    const char *vm;
};

static const struct list_column cp_columns[] = {
    {.header = N_("Checkpoint"), .min_width = 12, .weight = 3, .fixed = true},
    {.header = N_("English name"), .min_width = 8, .weight = 2},
    {.header = N_("Current"), .min_width = 2},
    {.header = N_("Created"), .min_width = 19, .hide_below = 90},
};

/* The tree as an indented list, the current checkpoint marked. */
static bool fetch_cp(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                     struct list_rows *out, struct dv_error *err)
{
    const struct cp_ctx *c = ctx;
    struct vm_checkpoint *t = NULL;
    int n = 0;

    (void)q;
    if (!checkpoint_tree(app->db, &app->actor, c->vm_id, &t, &n, err))
        return false;
    out->total = n;
    for (int64_t i = offset; i < n && i < offset + limit; i++) {
        GString *name = g_string_new(NULL);
        char when[DV_TIME_LEN];

        for (int d = 0; d < t[i].depth; d++)
            g_string_append(name, d + 1 == t[i].depth ? "└ " : "  ");
        g_string_append(name, t[i].name_zh);
        list_rows_add(out, t[i].id, 4, g_string_free(name, FALSE), g_strdup(t[i].name_en),
                      g_strdup(t[i].current ? "*" : ""),
                      g_strdup(dv_format_time(t[i].created_at, when)));
    }
    checkpoints_free(t, n);
    return true;
}

static const struct fv_field cp_fields[] = {
    {.key = CPF_NAME_ZH, .label = N_("Chinese name"), .kind = FV_TEXT, .required = true},
    {.key = CPF_NAME_EN,
     .label = N_("English name"),
     .kind = FV_TEXT,
     .required = true,
     .hint = N_("Letters, digits, '-', '_' and '.'; unique among the VM's checkpoints.")},
    {.key = CPF_PATH,
     .label = N_("Save path"),
     .kind = FV_TEXT,
     .required = true,
     .max = 255,
     .width = 32,
     .hint = N_("An absolute directory on the host (or a shared file system).")},
    {.key = CPF_FOLDER,
     .label = N_("Folder name for the checkpoint"),
     .kind = FV_TEXT,
     .required = true},
};

static const struct fv_def cp_form = {.title = N_("New checkpoint"),
                                      .fields = cp_fields,
                                      .nfields = G_N_ELEMENTS(cp_fields),
                                      .buttons = fv_ok_cancel,
                                      .command = "checkpoint create"};

struct cp_new {
    const struct cp_ctx *c;
    const char *const *disks;
};

static bool submit_cp(struct app *app, void *ctx, char **values, struct dv_error *err)
{
    struct cp_new *nw = ctx;
    struct checkpoint_input in = {.name_zh = values[0],
                                  .name_en = values[1],
                                  .path = values[2],
                                  .folder = values[3],
                                  .disks = nw->disks};
    char *title = dialog_title_on(_("New checkpoint"), nw->c->vm);
    bool ok =
        progress_wait(app, checkpoint_create_start(app->db, &app->actor, nw->c->vm_id, &in, err),
                      title, _("Making the checkpoint..."), NULL, err);

    if (ok)
        app_status(app, STATUS_OK, "%s", _("Operation succeeded."));
    g_free(title);
    return ok;
}

/* The VM's disks to choose from (M11.4.3a: "empty if the VM has no disk"). */
static bool vm_disks(struct app *app, int64_t vm_id, struct choice_list *out, struct dv_error *err)
{
    struct vm v = {0};
    struct instance in = {0};
    bool ok = vm_get(app->db, &app->actor, vm_id, &v, err) &&
              instance_get(app->db, &app->actor, v.instance_id, &in, err);

    memset(out, 0, sizeof *out);
    if (ok) {
        out->v = g_new0(struct choice, in.spec.ndisks + 1);
        for (int i = 0; i < in.spec.ndisks; i++)
            out->v[out->n++] = (struct choice){.id = i, .label = g_strdup(in.spec.disks[i].dev)};
    }
    vm_clear(&v);
    instance_clear(&in);
    return ok;
}

static int act_cp_new(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct cp_new nw = {.c = list_ctx(lp)};
    struct choice_list disks = {0};
    struct dv_error err = {0};
    GPtrArray *chosen;
    char *joined;

    (void)row;
    if (!vm_disks(app, nw.c->vm_id, &disks, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    if (disks.n && !dialog_checklist(app, _("Select disks"), &disks)) {
        choice_list_free(&disks);
        return UI_REDRAW;
    }
    chosen = g_ptr_array_new();
    for (int i = 0; i < disks.n; i++)
        if (disks.v[i].on)
            g_ptr_array_add(chosen, disks.v[i].label);
    g_ptr_array_add(chosen, NULL);
    nw.disks = (const char *const *)chosen->pdata;
    joined = g_strjoinv(",", (char **)chosen->pdata);
    /* the VM and the disks chosen before the form, for the command (F4) */
    app_command_context(app, (const char *const[]){"vm", nw.c->vm, *joined ? CPF_DISKS : NULL,
                                                    joined, NULL});
    dialog_form_on(app, &cp_form, nw.c->vm, NULL, submit_cp, &nw);
    g_free(joined);
    g_ptr_array_free(chosen, TRUE);
    choice_list_free(&disks);
    return UI_RELOAD;
}

/* Revert or delete the selected checkpoint of the VM vm after the question. */
static int cp_run(struct app *app, const char *vm, const struct list_row *row, bool revert)
{
    struct dv_error err = {0};
    const char *title = revert ? _("Revert to checkpoint") : _("Delete checkpoint");
    char *q = revert ? g_strdup(_("Are you sure you want to revert to the checkpoint?"))
                     : g_strdup_printf(_("Delete the checkpoint '%s' and every checkpoint below "
                                         "it?"),
                                       row->cells[1]);
    bool go = dialog_confirm(app, title, q);

    g_free(q);
    if (!go)
        return UI_REDRAW;
    if (progress_wait(app,
                      revert ? checkpoint_revert_start(app->db, &app->actor, row->id, &err)
                             : checkpoint_delete_start(app->db, &app->actor, row->id, &err),
                      title,
                      revert ? _("Reverting; this may take some time...")
                             : _("Deleting the checkpoints; this may take some time..."),
                      NULL, &err)) {
        app_status(app, STATUS_OK, "%s", _("Operation succeeded."));
        app_command(app, "checkpoint", revert ? "revert" : "delete",
                    (const char *const[]){"vm", vm, CPF_NAME_EN, row->cells[1], NULL});
    } else {
        app_status_error(app, &err);
    }
    return UI_RELOAD;
}

static int act_cp_revert(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return cp_run(app, ((const struct cp_ctx *)list_ctx(lp))->vm, row, true);
}

static int act_cp_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return cp_run(app, ((const struct cp_ctx *)list_ctx(lp))->vm, row, false);
}

static const struct list_action cp_actions[] = {
    {.key = 'n', .label = N_("New"), .run = act_cp_new},
    {.key = 'r', .label = N_("Revert to checkpoint"), .needs = LN_ROW, .run = act_cp_revert},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_cp_delete},
};

static const struct list_def cp_list = {
    .title = N_("Checkpoint information"),
    .columns = cp_columns,
    .ncolumns = G_N_ELEMENTS(cp_columns),
    .actions = cp_actions,
    .nactions = G_N_ELEMENTS(cp_actions),
    .fetch = fetch_cp,
};

static int act_checkpoints(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct cp_ctx c = {.vm_id = row->id, .vm = row->cells[1]};

    (void)lp;
    list_run_modal(app, &cp_list, &c);
    return UI_RELOAD;
}

/* The serial console (issue 11): attach, or peek without taking it. */
static int act_console(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    vm_console_run(app, row->id, false);
    return UI_RELOAD;
}

static int act_peek(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)lp;
    vm_console_run(app, row->id, true);
    return UI_RELOAD;
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW | LN_BULK, .run = act_delete},
    {.key = 'o',
     .label = N_("Power on"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_POWER_ON,
     .run = act_power_on},
    {.key = 'f',
     .label = N_("Power off"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_POWER_OFF,
     .run = act_vm,
     .arg = VMA_POWER_OFF},
    {.key = 'e', .label = N_("Start error"), .needs = LN_ROW, .run = act_start_error},
    {.key = 'm', .label = N_("Live migration"), .needs = LN_ROW, .run = act_migrate},
    {.key = 'k',
     .label = N_("Serial console"),
     .needs = LN_ROW | LN_STATE,
     .states = VMA_NEEDS_CONSOLE,
     .run = act_console},
    {.key = 'p',
     .label = N_("Peek console"),
     .needs = LN_ROW | LN_STATE,
     .states = VMA_NEEDS_CONSOLE,
     .run = act_peek},
    {.key = 'c', .label = N_("Checkpoints"), .needs = LN_ROW, .run = act_checkpoints},
    {.key = 'b',
     .label = N_("Reboot"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_REBOOT,
     .run = act_vm,
     .arg = VMA_REBOOT},
    {.key = 'x',
     .label = N_("Reset"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_RESET,
     .run = act_vm,
     .arg = VMA_RESET},
    {.key = 'z',
     .label = N_("Suspend"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_SUSPEND,
     .run = act_vm,
     .arg = VMA_SUSPEND},
    {.key = 'u',
     .label = N_("Resume"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_RESUME,
     .run = act_vm,
     .arg = VMA_RESUME},
    {.key = 'v',
     .label = N_("Save"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_SAVE,
     .run = act_vm,
     .arg = VMA_SAVE},
    {.key = 't',
     .label = N_("Restore VM"),
     .needs = LN_ROW | LN_STATE | LN_BULK,
     .states = VMA_NEEDS_RESTORE,
     .run = act_vm,
     .arg = VMA_RESTORE},
};

/* The project's VM list (M11.1) and an instance's VM page (M11.4): the
 * same page but for the title and what fetch reads (the context). */
#define VMS_LIST(TITLE)                                                                            \
    {                                                                                              \
        .title = TITLE, .columns = columns, .ncolumns = G_N_ELEMENTS(columns), .query = &query,    \
        .actions = actions, .nactions = G_N_ELEMENTS(actions), .fetch = fetch, .states = &states,  \
        .refresh_s = 10, .stamp = vms_stamp, .markable = true                                      \
    }
static const struct list_def project_vms = VMS_LIST(N_("Project VMs"));
static const struct list_def instance_vms = VMS_LIST(N_("Instance VMs"));

LIST_SCREEN(scr_projvms, project_vms);

/* ---------------------------------------------------------------- M7.2.1.4 (sysadm) */

static const struct list_column sa_columns[] = {
    {.header = N_("Project name"), .min_width = 6, .weight = 1},
    {.header = N_("Instance name"), .min_width = 6, .weight = 2},
    {.header = N_("VM name"), .min_width = 6, .weight = 2, .fixed = true},
    {.header = N_("Disabled"), .min_width = 2},
    {.header = N_("Run host"), .min_width = 8, .weight = 1},
    {.header = N_("Access port"), .min_width = 4, .align = LA_RIGHT},
};

static bool fetch_all(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                      struct list_rows *out, struct dv_error *err)
{
    const int64_t *project = ctx;
    struct vm_page page;

    if (!vm_list(app->db, project ? *project : 0, 0, q[0], offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        const struct vm *v = &page.rows[i];
        bool running = v->run == VM_RUNNING || v->run == VM_SUSPENDED;

        list_rows_add(out, v->id, 6, g_strdup(v->project), g_strdup(v->instance_name),
                      g_strdup(v->name_en), g_strdup(v->instance_active ? _("No") : _("Yes")),
                      g_strdup(!running          ? ""
                               : *v->run_host_ip ? v->run_host_ip
                                                 : v->run_host),
                      running && v->access_port ? g_strdup_printf("%d", v->access_port)
                                                : g_strdup(""));
    }
    vm_page_free(&page);
    return true;
}

static const struct list_def all_vms = {
    .title = N_("View project VMs"),
    .columns = sa_columns,
    .ncolumns = G_N_ELEMENTS(sa_columns),
    .query = &query,
    .fetch = fetch_all,
    .stamp = vms_stamp,
};

void vms_run_for_project(struct app *app, int64_t project_id)
{
    list_run_modal(app, &all_vms, project_id ? &project_id : NULL);
}

void vms_run_for_instance(struct app *app, int64_t instance_id)
{
    struct vms_ctx c = {.instance_id = instance_id};

    list_run_modal(app, &instance_vms, &c);
}
