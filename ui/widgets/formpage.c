/* formpage.c - a page that is one form */
#include "widgets/formpage.h"
#include "widgets/dialog.h"

#include <string.h>

struct formpage {
    const struct formpage_def *def;
    struct fv_def form;      /* def->form, or its completed copy */
    struct fv_field *fields; /* the copy (NULL without def->complete) */
    struct form_view *fv;
    char **loaded; /* the values as loaded: Esc asks before dropping changes */
    WINDOW *win;
    int w, h;
};

static void load(struct app *app, struct formpage *fp)
{
    char **v = fp->def->load ? fp->def->load(app) : NULL;

    for (int i = 0; v && v[i] && i < fp->def->form->nfields; i++)
        fv_set_value(fp->fv, i, v[i]);
    g_strfreev(v);
    g_strfreev(fp->loaded);
    fp->loaded = fv_values(fp->fv);
}

/* The form's values differ from those loaded. */
static bool changed(struct formpage *fp)
{
    char **now = fv_values(fp->fv);
    bool diff = false;

    for (int i = 0; now[i] || fp->loaded[i]; i++)
        if (!now[i] || !fp->loaded[i] || strcmp(now[i], fp->loaded[i]) != 0) {
            diff = true;
            break;
        }
    g_strfreev(now);
    return diff;
}

void *formpage_open(struct app *app, const void *data)
{
    struct formpage *fp = g_new0(struct formpage, 1);

    fp->def = data;
    fp->form = *fp->def->form;
    if (fp->def->complete) {
        fp->fields = g_memdup2(fp->form.fields, sizeof(*fp->fields) * (gsize)fp->form.nfields);
        fp->def->complete(fp->fields, fp->form.nfields);
        fp->form.fields = fp->fields;
    }
    fp->fv = fv_new(&fp->form, NULL);
    load(app, fp);
    return fp;
}

void formpage_close(void *state)
{
    struct formpage *fp = state;

    fv_free(fp->fv);
    g_strfreev(fp->loaded);
    g_free(fp->fields);
    g_free(fp);
}

void formpage_draw(struct app *app, void *state, WINDOW *win, bool focused)
{
    struct formpage *fp = state;
    int w = getmaxx(win), y = 2;
    const char *hint = focused ? fv_hint(fp->fv) : NULL;

    wattrset(win, tui_attr(TR_TITLE));
    tui_put_cell(win, 0, 0, w, _(fp->def->title), 0);
    wattrset(win, A_NORMAL);
    if (fp->def->intro) {
        tui_put_cell(win, y, 0, w, _(fp->def->intro), 0);
        y += 2;
    }
    if (fp->win != win || fp->w != w || fp->h != getmaxy(win)) {
        fv_place(fp->fv, win, y, 0, MIN(w, 76));
        fp->win = win;
        fp->w = w;
        fp->h = getmaxy(win);
    }
    if (hint && !app->status[0])
        app_hint(app, hint);
    fv_draw(fp->fv, focused);
}

/* Ask the page's question, if it has one; on no the focus goes to the field. */
static bool confirmed(struct app *app, struct formpage *fp, char **values)
{
    const char *field = NULL;
    char *q = fp->def->confirm(app, values, &field);
    bool yes;

    if (!q)
        return true;
    yes = dialog_confirm(app, _(fp->def->title), q);
    g_free(q);
    if (!yes) {
        if (field)
            fv_focus_key(fp->fv, field);
        app_status(app, STATUS_INFO, "%s", _("Nothing was saved."));
    }
    return yes;
}

static int submit(struct app *app, struct formpage *fp)
{
    struct dv_error err = {0};
    char **v;
    bool ok;

    if (!fv_check_required(fp->fv, &err)) {
        fv_set_error(fp->fv, &err);
        app_status_error(app, &err);
        return UI_REDRAW;
    }
    v = fv_values(fp->fv);
    if (fp->def->confirm && !confirmed(app, fp, v)) {
        g_strfreev(v);
        return UI_REDRAW;
    }
    ok = fp->def->submit(app, v, &err);
    g_strfreev(v);
    if (!ok) {
        if (err.code != DV_OK) {
            fv_set_error(fp->fv, &err);
            app_status_error(app, &err);
        }
        return UI_REDRAW;
    }
    fv_clear_error(fp->fv);
    load(app, fp);
    if (fp->def->done)
        app_status(app, STATUS_OK, "%s", _(fp->def->done));
    return UI_REDRAW;
}

int formpage_key(struct app *app, void *state, int key)
{
    struct formpage *fp = state;
    int r = fv_key(fp->fv, key);

    if (r == 0)
        return submit(app, fp);
    if (r == FV_LEAVE) {
        /* changed values: ask before dropping them (issue 9); the stored
         * values come back when the user agrees */
        if (changed(fp)) {
            if (!dialog_discard_ok(app, _(fp->def->title)))
                return UI_REDRAW;
            fv_clear_error(fp->fv);
            load(app, fp);
        }
        return UI_NAV;
    }
    if (r == FV_CONSUMED) {
        app->status[0] = '\0';
        return UI_REDRAW;
    }
    return UI_UNHANDLED;
}

void formpage_help(void *state, GString *out)
{
    g_string_append_printf(out, "  %s\n", _("Tab/Up/Down move between fields; Enter on the "
                                            "button, or F2, submits; Esc returns to the page "
                                            "list."));
}
