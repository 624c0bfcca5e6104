/* scr_profile.c - 个人信息管理: a project admin's own account (M5.5.1-M5.5.3).
 * One row, the logged-in admin; its actions stay disabled until the row is
 * selected (Space, Enter or a cursor key). */
#include "widgets/list.h"
#include "screens.h"
#include "admin/userforms.h"

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 8, .weight = 2},
    {.header = N_("Account"), .min_width = 8, .weight = 2},
    {.header = N_("Managed project name"), .min_width = 8, .weight = 2},
    {.header = N_("Phone"), .min_width = 8, .weight = 2},
    {.header = N_("Disabled"), .min_width = 4, .weight = 1},
};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct user u;
    char *c[5];

    if (!user_get(app->db, app->me.id, &u, err))
        return false;
    out->total = 1;
    if (offset == 0 && limit > 0) {
        userform_row_cells(&u, c);
        list_rows_add(out, u.id, 5, c[0], c[1], c[2], c[3], c[4]);
    }
    user_clear(&u);
    return true;
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return userform_edit(app, row->id, false);
}

static int act_password(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return userform_own_password(app);
}

static const struct list_action actions[] = {
    {.key = 'e', .label = N_("Modify basic info"), .needs = LN_ROW, .run = act_edit},
    {.key = 'w', .label = N_("Change my password"), .needs = LN_ROW, .run = act_password},
};

static const struct list_def profile_list = {
    .title = N_("Personal information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
    .start_unselected = true,
};

LIST_SCREEN(scr_profile, profile_list);
