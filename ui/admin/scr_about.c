/* scr_about.c - 关于本软件的说明 (M5.4b): product, version, copyright holder */
#include "admin/program.h"
#include "screens.h"

struct about_line {
    const char *label; /* msgid */
    int which;
};

enum { AB_PRODUCT, AB_VERSION, AB_HOLDER };

static const struct about_line lines[] = {
    {N_("Product"), AB_PRODUCT},
    {N_("Version"), AB_VERSION},
    {N_("Copyright holder"), AB_HOLDER},
};

static char *value(int which)
{
    switch (which) {
    case AB_PRODUCT:
        return g_strdup_printf("%s  %s", DV_PRODUCT_ZH, _(DV_PRODUCT));
    case AB_VERSION:
        return g_strdup_printf("dosvm %s (%s %s)", PACKAGE_VERSION, _("manual"),
                               DV_MANUAL_VERSION);
    }
    return g_strdup_printf("%s  %s", DV_COPYRIGHT_ZH, _(DV_COPYRIGHT));
}

static void *about_open(struct app *app, const void *data)
{
    return NULL;
}

static void about_draw(struct app *app, void *state, WINDOW *win, bool focused)
{
    int w = getmaxx(win);

    werase(win);
    wattrset(win, tui_attr(TR_TITLE));
    tui_put(win, 0, 0, w, _("About this software"));
    wattrset(win, A_NORMAL);
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        char *v = value(lines[i].which);
        int x;

        wattrset(win, tui_attr(TR_HEADER));
        x = tui_put(win, 2 + 2 * (int)i, 0, w, _(lines[i].label));
        wattrset(win, A_NORMAL);
        tui_put(win, 2 + 2 * (int)i, x + 2, w - x - 2, v);
        g_free(v);
    }
    tui_put(win, 9, 0, w, _("dosvm re-implements the system of the vendor manual V-1.20 as a "
                            "keyboard-driven terminal console."));
}

static int about_key(struct app *app, void *state, int key)
{
    return key == K_ESC || key == K_TAB ? UI_NAV : UI_UNHANDLED;
}

static void about_close(void *state)
{
}

const struct screen_ops scr_about = {
    .name = "about",
    .open = about_open,
    .draw = about_draw,
    .key = about_key,
    .close = about_close,
};
