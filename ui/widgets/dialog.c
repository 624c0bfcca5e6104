/* dialog.c - modal dialogs on panels */
#include "widgets/dialog.h"
#include "db/choice.h"
#include "base/command.h"
#include "base/textwidth.h"

#include <ncursesw/panel.h>
#include <string.h>

struct dlg {
    WINDOW *win;
    PANEL *panel;
};

/* Create (or re-create after a resize) a centred h x w framed window. */
static void dlg_open(struct dlg *d, int h, int w, const char *title)
{
    if (d->panel) {
        del_panel(d->panel);
        delwin(d->win);
    }
    h = MIN(h, LINES);
    w = MIN(w, COLS);
    d->win = newwin(h, w, (LINES - h) / 2, (COLS - w) / 2);
    keypad(d->win, TRUE);
    d->panel = new_panel(d->win);
    werase(d->win);
    tui_frame(d->win, title);
}

static void dlg_close(struct dlg *d)
{
    del_panel(d->panel);
    delwin(d->win);
    d->panel = NULL;
    update_panels();
}

static void dlg_show(struct dlg *d)
{
    (void)d;
    update_panels();
    doupdate();
}

static void dlg_hint(struct dlg *d, const char *hint)
{
    int w = getmaxx(d->win), h = getmaxy(d->win), hw = tw_width(hint);

    if (hw + 4 > w)
        return;
    wattrset(d->win, tui_attr(TR_DIM));
    tui_put(d->win, h - 1, w - hw - 2, hw, hint);
    wattrset(d->win, A_NORMAL);
}

/* ---------------------------------------------------------------- form */

static int form_width(const struct fv_def *def)
{
    int w = 60;

    for (int i = 0; i < def->nfields; i++)
        w = MAX(w, tw_width(_(def->fields[i].label)) + 4 + 30 + 20);
    return MIN(w, 78);
}

static void form_layout(struct dlg *d, struct form_view *fv, const struct fv_def *def,
                        const char *title)
{
    int w = MIN(MAX(form_width(def), tw_width(title) + 8), MIN(COLS, 78)), h;

    h = fv_height(fv, w - 4) + 3;
    dlg_open(d, h, w, title);
    fv_place(fv, d->win, 2, 2, getmaxx(d->win) - 4);
    /* L10N: key hint at the bottom of every form dialog */
    dlg_hint(d, _(" Tab: next  Enter: OK  Esc: cancel "));
}

/* What a pick's value v shows: its label; NULL for the "none" entry. */
static const char *pick_label(const struct fv_field *f, const char *v)
{
    for (int k = 0; f->values && f->values[k]; k++)
        if (strcmp(f->values[k], v) == 0)
            return f->pick_none && strcmp(v, "0") == 0 ? NULL : f->choices[k];
    return v;
}

/* After a successful submit of def: its dosvmctl command for F4 (issue 12),
 * the app's command context first, then the fields; an empty field is left
 * out, unless the user emptied it (opened: the values the dialog opened
 * with): then it is given as '', as dosvmctl keeps what is not given. */
static void form_command(struct app *app, const struct fv_def *def, char **v, char **opened)
{
    GString *cmd;
    char **words;

    if (!def->command)
        return;
    words = g_strsplit(def->command, " ", 2);
    cmd = command_new(app->actor.account, words[0], words[1] ? words[1] : "");
    g_strfreev(words);
    for (guint i = 0; app->command_context && i + 1 < app->command_context->len; i += 2)
        command_option(cmd, g_ptr_array_index(app->command_context, i),
                       g_ptr_array_index(app->command_context, i + 1));
    for (int i = 0; i < def->nfields && v[i]; i++) {
        const struct fv_field *f = &def->fields[i];
        const char *shown = v[i];

        bool emptied = !*v[i] && opened && opened[i] && *opened[i];

        if (f->kind == FV_PASSWORD || f->kind == FV_READONLY || (!*v[i] && !emptied))
            continue;
        if (f->kind == FV_PICK && !(shown = pick_label(f, v[i])))
            continue;
        command_option(cmd, f->key, shown);
    }
    app_set_command(app, cmd);
}

static bool form_submit(struct app *app, struct form_view *fv, const struct fv_def *def,
                        char **opened, dialog_submit_fn submit, void *ctx)
{
    struct dv_error err = {0};
    char **v;
    bool ok;

    if (!fv_check_required(fv, &err)) {
        fv_set_error(fv, &err);
        app_status_error(app, &err);
        return false;
    }
    v = fv_values(fv);
    ok = submit(app, ctx, v, &err);
    if (ok)
        form_command(app, def, v, opened);
    g_strfreev(v);
    if (!ok) {
        fv_set_error(fv, &err);
        app_status_error(app, &err);
    }
    return ok;
}

/* A copy of a form whose FV_PICK fields got their choices from the core. */
struct picked {
    struct fv_def def;
    struct fv_field *fields;
    struct fv_pick *picks;
};

static void picked_free(struct picked *p)
{
    for (int i = 0; p->picks && i < p->def.nfields; i++)
        fv_pick_free(&p->picks[i]);
    g_free(p->picks);
    g_free(p->fields);
}

/* Read the choices of field f of the form titled title into pick; false
 * with the reason shown: a failure of the core in a message (its reason may
 * be long) and the status line, nothing to choose in the status line. */
static bool pick_one(struct app *app, void *ctx, const char *title, const struct fv_field *f,
                     struct fv_pick *pick)
{
    struct dv_error err = {0};
    struct choice_list l = {0};
    bool ok = f->pick(app, ctx, &l, &err);

    if (!ok) {
        /* L10N: %s is a field's label, then the reason from the core */
        char *why = g_strdup_printf(_("The choices of '%s' could not be read: %s"), _(f->label),
                                    err.msg[0] ? err.msg : _("unknown error"));

        app_status(app, STATUS_ERROR, "%s", why);
        dialog_message(app, title, why);
        g_free(why);
    } else if (l.n == 0 && !f->pick_none) {
        if (f->pick_empty)
            app_status(app, STATUS_ERROR, "%s", _(f->pick_empty));
        else
            app_status(app, STATUS_ERROR, _("There is nothing to choose as '%s'."), _(f->label));
        ok = false;
    } else if (f->pick_by_label) {
        pick->labels = g_new0(char *, l.n + 1);
        for (int i = 0; i < l.n; i++)
            pick->labels[i] = g_strdup(l.v[i].label);
        pick->values = g_strdupv(pick->labels);
    } else {
        fv_pick_fill(pick, &l, f->pick_none ? _(f->pick_none) : NULL);
    }
    choice_list_free(&l);
    dv_error_clear(&err);
    return ok;
}

/* Fill p with def and the choices of its FV_PICK fields with a pick
 * function; false (p freed) when one cannot be shown. */
static bool picked_open(struct app *app, const struct fv_def *def, const char *title, void *ctx,
                        struct picked *p)
{
    p->def = *def;
    p->fields = g_memdup2(def->fields, sizeof(*def->fields) * (gsize)def->nfields);
    p->picks = g_new0(struct fv_pick, def->nfields);
    p->def.fields = p->fields;
    for (int i = 0; i < def->nfields; i++) {
        struct fv_field *f = &p->fields[i];

        if (f->kind != FV_PICK || !f->pick)
            continue;
        if (!pick_one(app, ctx, title, f, &p->picks[i])) {
            picked_free(p);
            return false;
        }
        f->choices = (const char *const *)p->picks[i].labels;
        f->values = (const char *const *)p->picks[i].values;
    }
    return true;
}

/* F1 in a form dialog: the focused field's rule, then the dialog's keys. */
static void form_help(struct app *app, const char *title, struct form_view *fv)
{
    const struct fv_field *f = fv_focus_field(fv);
    GString *s = g_string_new(NULL);

    if (f) {
        /* L10N: %s is the label of the field that has the focus */
        g_string_append_printf(s, _("Field: %s"), _(f->label));
        g_string_append(s, "\n");
        if (f->required)
            g_string_append_printf(s, "  %s\n", _("Required (marked *)."));
        if (f->hint)
            g_string_append_printf(s, "  %s\n", _(f->hint));
        if (f->kind == FV_CHOICE || f->kind == FV_PICK)
            g_string_append_printf(s, "  %s\n", _("Space, Left and Right change the choice."));
        g_string_append(s, "\n");
    }
    g_string_append_printf(s, "%s\n", _("Keys of this dialog:"));
    g_string_append_printf(s, "  Tab, Down   %s\n", _("Next field"));
    g_string_append_printf(s, "  BTab, Up    %s\n", _("Previous field"));
    g_string_append_printf(s, "  Enter       %s\n", _("Next field, or press the focused button"));
    g_string_append_printf(s, "  F2          %s\n", _("Submit the dialog"));
    g_string_append_printf(s, "  Esc         %s\n", _("Cancel the dialog"));
    g_string_append_printf(s, "  F10         %s\n", _("Quit (asks first)"));
    dialog_text(app, title[0] ? title : _("Help"), s->str);
    g_string_free(s, TRUE);
}

char *dialog_title_on(const char *title, const char *record)
{
    if (!record || !*record)
        return g_strdup(title);
    /* L10N: a dialog's title, then the record it acts on ("Extend volume: vol1") */
    return g_strdup_printf(_("%s: %s"), title, record);
}

/* The values differ from those the form opened with. */
static bool form_changed(struct form_view *fv, char **opened)
{
    char **now = fv_values(fv);
    bool changed = false;

    for (int i = 0; now[i] || opened[i]; i++)
        if (!now[i] || !opened[i] || strcmp(now[i], opened[i]) != 0) {
            changed = true;
            break;
        }
    g_strfreev(now);
    return changed;
}

bool dialog_discard_ok(struct app *app, const char *title)
{
    return dialog_confirm(app, title, _("Discard the changes?"));
}

/* Fill the read-only fields after each FV_PICK field with a detail function
 * from its current choice; shown[i] is the choice they show now. */
static void form_details(struct app *app, struct form_view *fv, const struct fv_def *def, void *ctx,
                         char **shown)
{
    char **v = NULL;

    for (int i = 0; i < def->nfields; i++) {
        char **d;
        int k = 0;

        if (!def->fields[i].detail)
            continue;
        if (!v)
            v = fv_values(fv);
        if (shown[i] && strcmp(shown[i], v[i]) == 0)
            continue;
        g_free(shown[i]);
        shown[i] = g_strdup(v[i]);
        d = def->fields[i].detail(app, ctx, v[i]);
        for (int j = i + 1; j < def->nfields && def->fields[j].kind == FV_READONLY; j++)
            fv_set_value(fv, j, d && d[k] ? d[k++] : "");
        g_strfreev(d);
    }
    g_strfreev(v);
}

bool dialog_form(struct app *app, const struct fv_def *form, char *const *initial,
                 dialog_submit_fn submit, void *ctx)
{
    return dialog_form_on(app, form, NULL, initial, submit, ctx);
}

bool dialog_form_on(struct app *app, const struct fv_def *form, const char *record,
                    char *const *initial, dialog_submit_fn submit, void *ctx)
{
    return dialog_form_error(app, form, record, initial, NULL, submit, ctx);
}

bool dialog_form_error(struct app *app, const struct fv_def *form, const char *record,
                       char *const *initial, const struct dv_error *first,
                       dialog_submit_fn submit, void *ctx)
{
    struct picked picked;
    const struct fv_def *def = &picked.def;
    struct dlg d = {0};
    struct form_view *fv;
    bool done = false, ok = false;
    const char *hint_shown = NULL;
    char *title = dialog_title_on(form->title ? _(form->title) : "", record);
    char **opened, **shown;

    if (!picked_open(app, form, title, ctx, &picked)) {
        g_free(title);
        return false;
    }
    fv = fv_new(def, initial);
    shown = g_new0(char *, def->nfields + 1);
    form_details(app, fv, def, ctx, shown);
    opened = fv_values(fv); /* after the details: what the user sees at first */
    if (first && first->msg[0]) {
        fv_set_error(fv, first);
        app_status_error(app, first);
        hint_shown = fv_hint(fv); /* the error stays on the status line */
    }

    app->dialogs++;
    form_layout(&d, fv, def, title);
    while (!done) {
        const char *hint = fv_hint(fv);
        int key, r;

        if (hint != hint_shown) { /* a new field's hint; an error stays until then */
            app_hint(app, hint);
            hint_shown = hint;
        }
        app_draw_status(app);
        fv_draw(fv, true);
        dlg_show(&d);
        key = app_read_key(app, -1);
        if (key == K_F(KEY_RESIZE)) {
            form_layout(&d, fv, def, title);
            continue;
        }
        r = fv_key(fv, key);
        if (r == FV_CONSUMED)
            form_details(app, fv, def, ctx, shown);
        if (r == FV_LEAVE || r == 1) {
            /* a changed form asks before its values are dropped (issue 9) */
            done = form->quiet_cancel || !form_changed(fv, opened) || dialog_discard_ok(app, title);
        } else if (r == 0) {
            ok = done = form_submit(app, fv, def, opened, submit, ctx);
        } else if (key == K_F(KEY_F(1))) {
            form_help(app, title, fv);
        } else if (key == K_F(KEY_F(10))) {
            /* quit, as on every page: the dialog closes when it is confirmed */
            app->quit = done = app_confirm_quit(app);
        }
        if (app->quit) /* quit was confirmed in a question the dialog asked */
            done = true;
    }
    app->dialogs--;
    app_command_context(app, NULL); /* the context was for this dialog only */
    for (int i = 0; i < def->nfields; i++)
        g_free(shown[i]);
    g_free(shown);
    fv_free(fv);
    g_strfreev(opened);
    g_free(title);
    dlg_close(&d);
    picked_free(&picked);
    curs_set(0);
    return ok;
}

/* ---------------------------------------------------------------- confirm, message */

static int text_lines(char **lines)
{
    return (int)g_strv_length(lines);
}

static void draw_lines(struct dlg *d, char **lines, int y)
{
    for (int i = 0; lines[i]; i++)
        tui_put(d->win, y + i, 2, getmaxx(d->win) - 4, lines[i]);
}

static void draw_choice(struct dlg *d, int y, int sel)
{
    const char *labels[2] = {_("OK"), _("Cancel")};
    int w = getmaxx(d->win), total = tw_width(labels[0]) + tw_width(labels[1]) + 10;
    int x = MAX(1, (w - total) / 2);

    for (int i = 0; i < 2; i++) {
        char *t = g_strdup_printf("[ %s ]", labels[i]);

        wattrset(d->win, i == sel ? tui_attr(TR_SEL) : tui_attr(TR_KEY));
        x += tui_put(d->win, y, x, w - x - 1, t) + 2;
        wattrset(d->win, A_NORMAL);
        g_free(t);
    }
}

static char **wrap_for_dialog(const char *text, int *w)
{
    *w = MIN(MAX(tw_width(text) + 6, 40), MIN(COLS - 2, 78));
    return tw_wrap(text, *w - 4);
}

/* F1 in a confirmation (confirm) or a message: the dialog's keys. */
static void small_help(struct app *app, const char *title, bool confirm)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "%s\n", _("Keys of this dialog:"));
    if (confirm) {
        g_string_append_printf(s, "  Tab, Left, Right  %s\n", _("Move between OK and Cancel"));
        g_string_append_printf(s, "  Enter             %s\n", _("Press the focused button"));
        g_string_append_printf(s, "  Esc               %s\n", _("Cancel the dialog"));
    } else {
        g_string_append_printf(s, "  Enter, Esc        %s\n", _("Close the message"));
    }
    g_string_append_printf(s, "  F10               %s\n", _("Quit (asks first)"));
    dialog_text(app, title, s->str);
    g_string_free(s, TRUE);
}

/* F10 in a confirmation or a message: quit after the question, as on
 * every page; true when the user confirmed (the dialog then closes).  In
 * the quit question itself it does nothing (app_confirm_quit). */
static bool ask_quit(struct app *app)
{
    if (app_confirm_quit(app))
        app->quit = true;
    return app->quit;
}

bool dialog_confirm(struct app *app, const char *title, const char *text)
{
    struct dlg d = {0};
    int w, sel = 0, key = K_F(KEY_RESIZE);
    char **lines = NULL;

    for (;;) {
        if (key == K_F(KEY_RESIZE)) {
            g_strfreev(lines);
            lines = wrap_for_dialog(text, &w);
            dlg_open(&d, text_lines(lines) + 5, w, title);
            draw_lines(&d, lines, 2);
            dlg_hint(&d, _(" Enter: choose  Esc: cancel "));
        }
        draw_choice(&d, text_lines(lines) + 3, sel);
        dlg_show(&d);
        key = app_read_key(app, -1);
        if (key == K_F(KEY_F(1))) {
            small_help(app, title, true);
            key = K_F(KEY_RESIZE); /* draw the dialog again */
            continue;
        }
        if (key == K_F(KEY_F(10))) {
            if (!ask_quit(app)) {
                key = K_F(KEY_RESIZE);
                continue;
            }
            key = K_ESC; /* quitting: the question is cancelled */
        }
        if (key == K_ESC)
            sel = 1;
        if (key == K_ESC || key == K_ENTER || key == '\r' || key == K_F(KEY_ENTER))
            break;
        if (key == K_TAB || key == K_F(KEY_LEFT) || key == K_F(KEY_RIGHT) || key == K_F(KEY_BTAB))
            sel = !sel;
    }
    g_strfreev(lines);
    dlg_close(&d);
    return sel == 0;
}

void dialog_message(struct app *app, const char *title, const char *text)
{
    struct dlg d = {0};
    int w, key = K_F(KEY_RESIZE);
    char **lines = NULL;

    while (key == K_F(KEY_RESIZE)) {
        g_strfreev(lines);
        lines = wrap_for_dialog(text, &w);
        dlg_open(&d, text_lines(lines) + 4, w, title);
        draw_lines(&d, lines, 2);
        dlg_hint(&d, _(" Any key: close "));
        dlg_show(&d);
        key = app_read_key(app, -1);
        if (key == K_F(KEY_F(1))) { /* the dialog's keys, then the message again */
            small_help(app, title, false);
            key = K_F(KEY_RESIZE);
        } else if (key == K_F(KEY_F(10)) && !ask_quit(app)) {
            key = K_F(KEY_RESIZE);
        }
    }
    g_strfreev(lines);
    dlg_close(&d);
}

/* ---------------------------------------------------------------- text */

static void draw_text_page(struct dlg *d, char **lines, int top)
{
    int h = getmaxy(d->win) - 2, w = getmaxx(d->win) - 4, n = text_lines(lines);

    for (int i = 0; i < h; i++) {
        tui_blank(d->win, 1 + i, 2, w);
        if (top + i < n)
            tui_put(d->win, 1 + i, 2, w, lines[top + i]);
    }
}

void dialog_text(struct app *app, const char *title, const char *text)
{
    struct dlg d = {0};
    char **lines = NULL;
    int top = 0, key = K_F(KEY_RESIZE), h = 0;

    for (;;) {
        if (key == K_F(KEY_RESIZE)) {
            int w = MIN(COLS, 76);

            g_strfreev(lines);
            lines = tw_wrap(text, w - 4);
            h = MIN(text_lines(lines) + 2, LINES - 2);
            dlg_open(&d, h, w, title);
            dlg_hint(&d, _(" Up/Down: scroll  any other key: close "));
        } else if (key == K_F(KEY_DOWN) || key == K_F(KEY_NPAGE)) {
            top = MIN(top + (key == K_F(KEY_DOWN) ? 1 : h - 2), MAX(0, text_lines(lines) - (h - 2)));
        } else if (key == K_F(KEY_UP) || key == K_F(KEY_PPAGE)) {
            top = MAX(0, top - (key == K_F(KEY_UP) ? 1 : h - 2));
        } else {
            break;
        }
        draw_text_page(&d, lines, top);
        dlg_show(&d);
        key = app_read_key(app, -1);
    }
    g_strfreev(lines);
    dlg_close(&d);
}

/* ---------------------------------------------------------------- checklist, menu */

struct picker {
    const char *const *labels;
    bool *on;      /* NULL: a menu without check boxes */
    int n, cur, top;
};

static int picker_width(const struct picker *p, const char *title)
{
    int w = tw_width(title) + 8;

    for (int i = 0; i < p->n; i++)
        w = MAX(w, tw_width(p->labels[i]) + (p->on ? 8 : 4));
    return MIN(MAX(w, 36), COLS - 2);
}

static void picker_draw(struct dlg *d, struct picker *p)
{
    int h = getmaxy(d->win) - 2, w = getmaxx(d->win) - 4;

    if (p->cur < p->top)
        p->top = p->cur;
    if (p->cur >= p->top + h)
        p->top = p->cur - h + 1;
    for (int i = 0; i < h; i++) {
        int k = p->top + i;
        char *line;

        tui_blank(d->win, 1 + i, 2, w);
        if (k >= p->n) {
            if (p->n == 0 && i == 0)
                tui_put(d->win, 1, 2, w, _("(nothing to choose)"));
            continue;
        }
        line = p->on ? g_strdup_printf("[%s] %s", p->on[k] ? "x" : " ", p->labels[k])
                     : g_strdup(p->labels[k]);
        wattrset(d->win, k == p->cur ? tui_attr(TR_SEL) : A_NORMAL);
        tui_put_cell(d->win, 1 + i, 2, w, line, 0);
        wattrset(d->win, A_NORMAL);
        g_free(line);
    }
}

/* Run the picker; true when accepted with Enter. */
static bool picker_run(struct app *app, const char *title, struct picker *p)
{
    struct dlg d = {0};
    int key = K_F(KEY_RESIZE);

    for (;;) {
        if (key == K_F(KEY_RESIZE)) {
            dlg_open(&d, MIN(MAX(p->n, 1) + 2, LINES - 2), picker_width(p, title), title);
            dlg_hint(&d, p->on ? _(" Space: choose  Enter: OK  Esc: cancel ")
                               : _(" Enter: choose  Esc: cancel "));
        } else if (key == K_F(KEY_UP) && p->cur > 0) {
            p->cur--;
        } else if (key == K_F(KEY_DOWN) && p->cur + 1 < p->n) {
            p->cur++;
        } else if (key == ' ' && p->on && p->n > 0) {
            p->on[p->cur] = !p->on[p->cur];
        } else if (key == K_ENTER || key == '\r' || key == K_F(KEY_ENTER) || key == K_F(KEY_F(2))) {
            dlg_close(&d);
            return p->on || p->n > 0;
        } else if (key == K_ESC || key == K_F(KEY_F(10))) {
            dlg_close(&d);
            return false;
        }
        picker_draw(&d, p);
        dlg_show(&d);
        key = app_read_key(app, -1);
    }
}

bool dialog_checklist(struct app *app, const char *title, struct choice_list *l)
{
    const char **labels = g_new0(const char *, l->n + 1);
    bool *on = g_new0(bool, l->n + 1), ok;
    struct picker p = {labels, on, l->n, 0, 0};

    for (int i = 0; i < l->n; i++) {
        labels[i] = l->v[i].label;
        on[i] = l->v[i].on;
    }
    ok = picker_run(app, title, &p);
    for (int i = 0; ok && i < l->n; i++)
        l->v[i].on = on[i];
    g_free(labels);
    g_free(on);
    return ok;
}

int dialog_menu(struct app *app, const char *title, const char *const *labels, int n)
{
    struct picker p = {labels, NULL, n, 0, 0};

    return picker_run(app, title, &p) ? p.cur : -1;
}
