/* nav.c - the navigation tree of each role, the top bar and the left pane */
#include "nav.h"
#include "screens.h"
#include "base/textwidth.h"
#include "widgets/dialog.h"

#define PAGES(a) a, (int)G_N_ELEMENTS(a)

static const struct nav_page sa_users[] = {
    {N_("System users"), &scr_users},
    {N_("About"), &scr_about},
};
static const struct nav_page sa_projects[] = {
    {N_("Projects"), &scr_projects},
    {N_("Project groups"), &scr_projgroups},
    {N_("Resource usage"), &scr_usage},
};
static const struct nav_page sa_secrets[] = {
    {N_("Security objects"), &scr_secrets},
};
static const struct nav_page sa_pools[] = {
    {N_("Storage pools"), &scr_pools},
};
static const struct nav_page sa_net[] = {
    {N_("Subnets"), &scr_subnets},
    {N_("Subnet projects"), &scr_subnetprojects},
    {N_("Filters"), &scr_filters},
    {N_("Security groups"), &scr_secgroups},
};
static const struct nav_page sa_hosts[] = {
    {N_("Host groups"), &scr_hostgroups},
    {N_("Hosts"), &scr_hosts},
};
static const struct nav_page sa_logs[] = {
    {N_("Operation log"), &scr_oplog},
    {N_("Login log"), &scr_loginlog},
    {N_("Purge old logs"), &scr_purge},
    {N_("Purge records"), &scr_purgelog},
};
static const struct nav_page sa_params[] = {
    {N_("Runtime parameters"), &scr_params},
    {N_("Site parameters"), &scr_site},
};

static const struct nav_page tasks[] = {
    {N_("Tasks"), &scr_tasks},
};

/* Modules of later issues join these tables when they work (M5.1). */
static const struct nav_module sa_modules[] = {
    {N_("User management"), PAGES(sa_users)},
    {N_("Project management"), PAGES(sa_projects)},
    {N_("Security object management"), PAGES(sa_secrets)},
    {N_("Storage pool management"), PAGES(sa_pools)},
    {N_("Network management"), PAGES(sa_net)},
    {N_("Host group management"), PAGES(sa_hosts)},
    {N_("Operation logs"), PAGES(sa_logs)},
    {N_("System parameters"), PAGES(sa_params)},
    {N_("Task management"), PAGES(tasks)},
};

static const struct nav_page pa_personal[] = {
    {N_("Personal info"), &scr_profile},
};

static const struct nav_page pa_volumes[] = {
    {N_("Project storage pools"), &scr_mypools},
};
static const struct nav_page pa_images[] = {
    {N_("Image file information"), &scr_images},
};

static const struct nav_page pa_net[] = {
    {N_("Network information"), &scr_networks},
    {N_("Filters"), &scr_pafilters},
    {N_("Security groups"), &scr_pasecgroups},
};
static const struct nav_page pa_vms[] = {
    {N_("Instance information"), &scr_instances},
    {N_("Project VMs"), &scr_projvms},
};
static const struct nav_page pa_usage[] = {
    {N_("Resource usage"), &scr_myusage},
};

static const struct nav_module pa_modules[] = {
    {N_("Resource usage"), PAGES(pa_usage)},
    {N_("Volume management"), PAGES(pa_volumes)},
    {N_("Image management"), PAGES(pa_images)},
    {N_("Network management"), PAGES(pa_net)},
    {N_("VM management"), PAGES(pa_vms)},
    {N_("Personal information management"), PAGES(pa_personal)},
    {N_("Task management"), PAGES(tasks)},
};

const struct nav_role nav_sysadm = {N_("System administrator"), PAGES(sa_modules)};
const struct nav_role nav_projadm = {N_("Project administrator"), PAGES(pa_modules)};

/* Width of module i's bar item " N label " and the blank after it. */
static int item_width(const struct nav_role *r, int i)
{
    char *item = g_strdup_printf(" %d %s ", i + 1, _(r->modules[i].label));
    int w = tw_width(item) + 1;

    g_free(item);
    return w;
}

/* First module to show so that the current one fits in w cells. */
static int bar_first(const struct nav_role *r, int current, int w)
{
    int first = 0, used = 0;

    for (int i = 0; i <= current; i++)
        used += item_width(r, i);
    while (used > w - 2 && first < current)
        used -= item_width(r, first++);
    return first;
}

void nav_draw_bar(struct app *app)
{
    const struct nav_role *r = app->role;
    int w = COLS, total = 1, room, x, first, i;

    for (i = 0; i < r->nmodules; i++)
        total += item_width(r, i);
    room = total <= w - 1 ? w - 1 : w - 4; /* when some are hidden: " F9»" */
    first = bar_first(r, app->module, room - 1);

    attrset(tui_attr(TR_BAR));
    tui_blank(stdscr, 0, 0, w);
    x = tui_put(stdscr, 0, 0, w, first > 0 ? "«" : " ");
    for (i = first; i < r->nmodules; i++) {
        char *item = g_strdup_printf(" %d %s ", i + 1, _(r->modules[i].label));
        int iw = tw_width(item);

        if (x + iw > room) {
            g_free(item);
            break;
        }
        attrset(tui_attr(i == app->module ? TR_BAR_SEL : TR_BAR));
        x += tui_put(stdscr, 0, x, w - x, item);
        attrset(tui_attr(TR_BAR));
        x += tui_put(stdscr, 0, x, w - x, " ");
        g_free(item);
    }
    if (i < r->nmodules || first > 0) /* some are hidden: F9 lists them all */
        tui_put(stdscr, 0, w - 4, 4, i < r->nmodules ? " F9»" : " F9 ");
    attrset(A_NORMAL);
}

int nav_menu(struct app *app)
{
    const struct nav_role *r = app->role;
    char **labels = g_new0(char *, r->nmodules + 1);
    int m;

    for (int i = 0; i < r->nmodules; i++)
        labels[i] = g_strdup_printf("%d  %s", i + 1, _(r->modules[i].label));
    m = dialog_menu(app, _("Modules"), (const char *const *)labels, r->nmodules);
    g_strfreev(labels);
    if (m < 0)
        return UI_REDRAW;
    app_open_page(app, m, 0);
    app->nav_focus = app->screen->form; /* as a digit does */
    return UI_REDRAW;
}

void nav_draw_pages(struct app *app, int y, int h, int w)
{
    const struct nav_module *m = &app->role->modules[app->module];

    for (int i = 0; i < h; i++)
        tui_blank(stdscr, y + i, 0, w);
    for (int i = 0; i < m->npages && i < h; i++) {
        bool sel = i == app->page;

        attrset(sel ? tui_attr(app->nav_focus ? TR_SEL : TR_SEL_DIM) : A_NORMAL);
        tui_put_cell(stdscr, y + i, 0, w, _(m->pages[i].label), 0);
        attrset(A_NORMAL);
    }
    mvvline(y, w, ACS_VLINE, h);
}

int nav_key(struct app *app, int key)
{
    const struct nav_module *m = &app->role->modules[app->module];
    int n = app->role->nmodules;

    switch (key) {
    case K_F(KEY_UP):
        if (app->page > 0)
            app_open_page(app, app->module, app->page - 1);
        return UI_REDRAW;
    case K_F(KEY_DOWN):
        if (app->page + 1 < m->npages)
            app_open_page(app, app->module, app->page + 1);
        return UI_REDRAW;
    case K_F(KEY_HOME):
        app_open_page(app, app->module, 0);
        return UI_REDRAW;
    case K_F(KEY_END):
        app_open_page(app, app->module, m->npages - 1);
        return UI_REDRAW;
    case K_F(KEY_LEFT):
        app_open_page(app, (app->module + n - 1) % n, 0);
        return UI_REDRAW;
    case K_F(KEY_RIGHT):
        app_open_page(app, (app->module + 1) % n, 0);
        return UI_REDRAW;
    case K_ENTER:
    case '\r':
    case K_F(KEY_ENTER):
    case K_TAB:
        app->nav_focus = false;
        return UI_REDRAW;
    }
    return UI_UNHANDLED;
}
