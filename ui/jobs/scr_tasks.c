/* scr_tasks.c - 任务列表: the background jobs, newest first, as Proxmox's
 * task log (issue 7, D11): what was done, on which record and host, by
 * whom, when, how long, how it ended.  The sysadm sees every task, a project
 * admin their own.  The page re-reads itself every second, so a running task
 * is seen to end. */
#include "jobs/job.h"
#include "jobs/task.h"
#include "widgets/list.h"
#include "screens.h"
#include "base/util.h"
#include "base/validate.h"

#include <string.h>

static const struct fv_field query_fields[] = {
    {.key = "state",
     .label = N_("State"),
     .kind = FV_CHOICE,
     .width = 10,
     .choices = task_state_choices,
     .values = task_state_values,
     .hint = N_("Space, Left and Right change the state shown.")},
    {.key = "what",
     .label = N_("Task"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 16,
     .hint = N_("Part of what the task does; Enter queries.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

/* "H:MM:SS" between start and end (now while running). */
static char *duration(const struct task *t)
{
    int64_t end = t->ended_at ? t->ended_at : dv_now(), s = MAX(0, end - t->started_at);

    return g_strdup_printf("%lld:%02lld:%02lld", (long long)(s / 3600), (long long)(s / 60 % 60),
                           (long long)(s % 60));
}

static int state_index(const char *name)
{
    for (int i = 0; name && *name && task_state_names[i]; i++)
        if (strcmp(name, task_state_names[i]) == 0)
            return i;
    return -1;
}

static bool fetch_tasks(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                        struct list_rows *out, struct dv_error *err)
{
    struct task_filter f = {state_index(q[0]), q[1]};
    struct task_page page;

    if (!task_list(app->db, &app->actor, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct task *t = &page.rows[i];
        char start[DV_TIME_LEN];

        dv_format_time(t->started_at, start);
        list_rows_add(out, t->id, 8, g_strdup(_(t->what)), g_strdup(t->object), g_strdup(t->host),
                      g_strdup(t->account), g_strdup(start), duration(t),
                      g_strdup(task_state_label(t->state)), g_strdup(t->result));
        list_rows_set_state(out, LIST_STATE(t->state));
    }
    task_page_free(&page);
    return true;
}

/* Cancel a running task of this console whose work allows it. */
static int act_cancel(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct job *job = job_find_task(row->id);

    (void)lp;
    if (!job)
        app_status(app, STATUS_ERROR, "%s",
                   _("Only a task that this console runs now can be cancelled here."));
    else if (!job_cancellable(job))
        app_status(app, STATUS_ERROR, "%s", _("This task cannot be cancelled."));
    else if (job_cancel(job))
        app_status(app, STATUS_INFO, "%s", _("Cancelling the task..."));
    job_unref(job);
    return UI_RELOAD;
}

/* Why a task in each state cannot be cancelled (only a running one can). */
static const char *const task_reasons[TASK_NSTATES] = {
    [TASK_OK] = N_("The task has ended."),
    [TASK_FAILED] = N_("The task has ended."),
    [TASK_CANCELLED] = N_("The task has ended."),
    [TASK_TIMEOUT] = N_("The task has ended."),
};
static const struct list_states task_states = {
    .of = list_row_state, .reasons = task_reasons, .n = TASK_NSTATES};

static const struct list_action actions[] = {
    {.key = 'x',
     .label = N_("Cancel task"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(TASK_RUNNING),
     .run = act_cancel},
};

/* At 80 columns the page is about 62 cells wide: the host and who give way
 * to the result there (Enter shows every column). */
static const struct list_column columns[] = {
    {.header = N_("Task"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("Object"), .min_width = 6, .weight = 1},
    {.header = N_("Host"), .min_width = 6, .weight = 1, .hide_below = 90},
    {.header = N_("User name"), .min_width = 6, .weight = 1, .hide_below = 100},
    {.header = N_("Start time"), .min_width = 19, .hide_below = 70},
    {.header = N_("Duration"), .min_width = 7, .align = LA_RIGHT},
    {.header = N_("State"), .min_width = 9, .fixed = true}, /* stays in sight when scrolling */
    {.header = N_("Result or error"), .min_width = 8, .weight = 3},
};

static const struct list_def tasks_list = {
    .title = N_("Tasks"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch_tasks,
    .states = &task_states,
    .refresh_s = 1,
};

LIST_SCREEN(scr_tasks, tasks_list);
