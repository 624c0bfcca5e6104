/* palette.c - the command palette on ':' */
#include "palette.h"
#include "nav.h"
#include "widgets/list.h"
#include "base/textwidth.h"

#include <ncursesw/panel.h>
#include <string.h>
#include <wchar.h>

enum entry_kind { E_PAGE, E_ACTION, E_KEY };

struct entry {
    enum entry_kind kind;
    char *label;   /* shown, in the language of the screen */
    char *english; /* matched too */
    char *keys;    /* how to reach it without the palette */
    int module, page, key;
};

static void add(GArray *a, enum entry_kind kind, char *label, const char *english, char *keys,
                int module, int page, int key)
{
    struct entry e = {kind, label, g_strdup(english), keys, module, page, key};

    g_array_append_val(a, e);
}

static const struct {
    int key;
    const char *keyname;
    const char *label; /* msgid */
} commands[] = {
    {K_F(KEY_F(1)), "F1", N_("Help")},    {K_F(KEY_F(3)), "F3", N_("Messages (newest first)")},
    {K_F(KEY_F(4)), "F4", N_("As a command")},
    {K_F(KEY_F(9)), "F9", N_("Modules")}, {K_F(KEY_F(5)), "F5", N_("Refresh")},
    {K_F(KEY_F(8)), "F8", N_("Logout")},  {K_F(KEY_F(10)), "F10", N_("Quit")},
};

static GArray *entries(struct app *app)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(struct entry));
    const struct nav_role *r = app->role;

    if (app->screen && app->screen->key == list_key) {
        const struct list_def *def = app->screen->data;

        for (int i = 0; i < def->nactions; i++) {
            const struct list_action *la = &def->actions[i];

            add(a, E_ACTION, g_strdup(_(la->label)), la->label,
                g_strdup_printf("%lc", (wint_t)la->key), 0, 0, la->key);
        }
    }
    for (int m = 0; m < r->nmodules; m++)
        for (int p = 0; p < r->modules[m].npages; p++) {
            const struct nav_page *pg = &r->modules[m].pages[p];
            char *en = g_strdup_printf("%s %s", r->modules[m].label, pg->label);

            /* L10N: a page in the palette: its module, then the page */
            add(a, E_PAGE, g_strdup_printf(_("%s › %s"), _(r->modules[m].label), _(pg->label)), en,
                p ? g_strdup_printf("%d ↓%d", m + 1, p) : g_strdup_printf("%d", m + 1), m, p, 0);
            g_free(en);
        }
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        add(a, E_KEY, g_strdup(_(commands[i].label)), commands[i].label,
            g_strdup(commands[i].keyname), 0, 0, commands[i].key);
    return a;
}

static void entries_free(GArray *a)
{
    for (guint i = 0; i < a->len; i++) {
        struct entry *e = &g_array_index(a, struct entry, i);

        g_free(e->label);
        g_free(e->english);
        g_free(e->keys);
    }
    g_array_free(a, TRUE);
}

static bool matches(const struct entry *e, const char *folded)
{
    char *l = g_utf8_casefold(e->label, -1), *en = g_utf8_casefold(e->english, -1);
    bool m = !*folded || strstr(l, folded) || strstr(en, folded);

    g_free(l);
    g_free(en);
    return m;
}

/* The indexes of the entries that match text. */
static GArray *palette_filter(GArray *a, const char *text)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(int));
    char *folded = g_utf8_casefold(text, -1);

    for (guint i = 0; i < a->len; i++)
        if (matches(&g_array_index(a, struct entry, i), folded)) {
            int k = (int)i;

            g_array_append_val(out, k);
        }
    g_free(folded);
    return out;
}

static void draw(WINDOW *win, GArray *a, GArray *shown, const char *text, int sel, int top)
{
    int h = getmaxy(win), w = getmaxx(win);
    char *prompt = g_strdup_printf(": %s", text);

    werase(win);
    tui_frame(win, _("Command palette"));
    tui_put_cell(win, 1, 2, w - 4, prompt, 0);
    for (int i = 0; i < h - 4; i++) {
        int k = top + i;
        const struct entry *e;
        int kw;

        if (k >= (int)shown->len)
            break;
        e = &g_array_index(a, struct entry, g_array_index(shown, int, k));
        kw = tw_width(e->keys);
        wattrset(win, k == sel ? tui_attr(TR_SEL) : A_NORMAL);
        tui_put_cell(win, 3 + i, 2, w - 4, e->label, 0);
        wattrset(win, k == sel ? tui_attr(TR_SEL) : tui_attr(TR_KEY));
        if (kw + 2 < w - 4)
            tui_put(win, 3 + i, w - 2 - kw, kw, e->keys);
        wattrset(win, A_NORMAL);
    }
    if (shown->len == 0)
        tui_put(win, 3, 2, w - 4, _("Nothing matches."));
    /* L10N: key hint at the bottom of the command palette */
    {
        const char *hint = _(" Type to filter  Enter: go  Esc: cancel ");
        int hw = tw_width(hint);

        if (hw + 4 <= w) {
            wattrset(win, tui_attr(TR_DIM));
            tui_put(win, h - 1, w - hw - 2, hw, hint);
            wattrset(win, A_NORMAL);
        }
    }
    wmove(win, 1, MIN(w - 3, 4 + tw_width(text)));
    g_free(prompt);
}

/* Do what entry e names. */
static int run(struct app *app, const struct entry *e)
{
    switch (e->kind) {
    case E_PAGE:
        app_open_page(app, e->module, e->page);
        app->nav_focus = app->screen->form;
        return UI_REDRAW;
    case E_ACTION: {
        int flags = app->screen->key(app, app->screen_state, e->key);

        return flags | UI_REDRAW;
    }
    case E_KEY:
        if (e->key == K_F(KEY_F(9)))
            return nav_menu(app);
        if (e->key == K_F(KEY_F(5)) && app->screen)
            return app->screen->key(app, app->screen_state, e->key) | UI_REDRAW;
        if (app->screen && app->screen->help)
            return app_common_key(app, e->key, false, app->screen->help, app->screen_state);
        return app_common_key(app, e->key, false, NULL, NULL);
    }
    return UI_REDRAW;
}

int palette_run(struct app *app)
{
    GArray *a = entries(app), *shown = NULL;
    GString *text = g_string_new(NULL);
    WINDOW *win = NULL;
    PANEL *panel = NULL;
    int key = K_F(KEY_RESIZE), sel = 0, top = 0, flags = UI_REDRAW;
    const struct entry *chosen = NULL;

    app->dialogs++;
    for (;;) {
        if (key == K_F(KEY_RESIZE)) {
            int h = MIN(LINES - 2, 20), w = MIN(COLS - 2, 70);

            if (panel) {
                del_panel(panel);
                delwin(win);
            }
            win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
            keypad(win, TRUE);
            panel = new_panel(win);
        } else if (key == K_ESC || key == K_F(KEY_F(10))) {
            break;
        } else if (key == K_ENTER || key == '\r' || key == K_F(KEY_ENTER)) {
            if (shown && shown->len > 0)
                chosen = &g_array_index(a, struct entry, g_array_index(shown, int, sel));
            break;
        } else if (key == K_F(KEY_UP)) {
            sel = MAX(0, sel - 1);
        } else if (key == K_F(KEY_DOWN)) {
            sel++;
        } else if (key == K_F(KEY_BACKSPACE) || key == 127 || key == K_CTRL('h')) {
            if (text->len > 0) {
                const char *prev = g_utf8_find_prev_char(text->str, text->str + text->len);

                g_string_truncate(text, prev ? (gsize)(prev - text->str) : 0);
            }
            sel = 0;
        } else if (!K_IS_FN(key) && key >= ' ' && g_unichar_validate((gunichar)key)) {
            g_string_append_unichar(text, (gunichar)key);
            sel = 0;
        }
        if (shown)
            g_array_free(shown, TRUE);
        shown = palette_filter(a, text->str);
        sel = CLAMP(sel, 0, MAX(0, (int)shown->len - 1));
        if (sel < top)
            top = sel;
        if (sel >= top + getmaxy(win) - 4)
            top = sel - (getmaxy(win) - 4) + 1;
        draw(win, a, shown, text->str, sel, top);
        curs_set(1);
        update_panels();
        doupdate();
        key = app_read_key(app, -1);
    }
    curs_set(0);
    del_panel(panel);
    delwin(win);
    update_panels();
    app->dialogs--;
    if (chosen)
        flags = run(app, chosen);
    if (shown)
        g_array_free(shown, TRUE);
    g_string_free(text, TRUE);
    entries_free(a);
    return flags;
}
