/* form.c - a declarative form on ncursesw's form library */
#include "widgets/form.h"
#include "db/choice.h"
#include "base/textwidth.h"
#include "base/util.h"
#include "base/validate.h"

#include <ncursesw/form.h>
#include <string.h>

const char *const fv_ok_cancel[] = {N_("OK"), N_("Cancel"), NULL};
const char *const fv_query_reset[] = {N_("Query"), N_("Reset"), NULL};

static const struct fv_field query_name_fields[] = {
    {.key = "name",
     .label = N_("Name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 16,
     .hint = N_("Part of the Chinese or English name; Enter queries.")},
};
const struct fv_def fv_query_name = {.fields = query_name_fields,
                                     .nfields = G_N_ELEMENTS(query_name_fields),
                                     .buttons = fv_query_reset,
                                     .layout = FV_ROW};
const char *const fv_save[] = {N_("Save"), NULL};

struct slot {         /* where a field or button sits, relative to the sub window */
    int y, x, w;      /* the input box (or button) */
    int label_x;      /* the label */
};

struct form_view {
    const struct fv_def *def;
    int nbuttons;
    char **values;    /* kept across re-layouts */
    int *choice;      /* FV_CHOICE: index of the current choice */
    WINDOW *win, *sub;
    FORM *form;
    FIELD **fields;
    struct slot *slots; /* nfields + nbuttons */
    int label_w;
    int focus;          /* 0..nfields-1 a field, nfields.. a button */
    char *err_field;
    char *err_msg;
    int msg_y;          /* message line (column layout), -1 none */
};

static int nfocus(const struct form_view *fv)
{
    return fv->def->nfields + fv->nbuttons;
}

static bool focusable(const struct form_view *fv, int i)
{
    return i >= fv->def->nfields || fv->def->fields[i].kind != FV_READONLY;
}

static const struct fv_field *fld(const struct form_view *fv, int i)
{
    return &fv->def->fields[i];
}

static bool is_choice(const struct fv_field *f)
{
    return f->kind == FV_CHOICE || f->kind == FV_PICK;
}

/* The shown label of choice c of field f. */
static const char *choice_label(const struct fv_field *f, int c)
{
    return f->kind == FV_PICK ? f->choices[c] : _(f->choices[c]);
}

static int choice_index(const struct fv_field *f, const char *v)
{
    for (int i = 0; f->choices[i]; i++)
        if (v && f->values && strcmp(f->values[i], v) == 0)
            return i;
    return 0;
}

struct form_view *fv_new(const struct fv_def *def, char *const *values)
{
    struct form_view *fv = g_new0(struct form_view, 1);

    fv->def = def;
    while (def->buttons && def->buttons[fv->nbuttons])
        fv->nbuttons++;
    fv->values = g_new0(char *, def->nfields + 1);
    fv->choice = g_new0(int, def->nfields);
    for (int i = 0; i < def->nfields; i++) {
        const char *v = values && values[i] ? values[i] : "";

        fv->values[i] = g_strdup(v);
        if (is_choice(&def->fields[i]))
            fv->choice[i] = choice_index(&def->fields[i], values ? values[i] : NULL);
    }
    fv->slots = g_new0(struct slot, nfocus(fv));
    fv->msg_y = -1;
    fv_focus_first(fv);
    return fv;
}

static char *trimmed_buffer(FIELD *f)
{
    return g_strstrip(g_strdup(field_buffer(f, 0)));
}

/* Copy the form's buffers into fv->values (before a re-layout or a read). */
static void sync_values(struct form_view *fv)
{
    if (!fv->form)
        return;
    form_driver(fv->form, REQ_VALIDATION);
    for (int i = 0; i < fv->def->nfields; i++) {
        if (is_choice(fld(fv, i)) || fld(fv, i)->kind == FV_PASSWORD)
            continue;
        g_free(fv->values[i]);
        fv->values[i] = trimmed_buffer(fv->fields[i]);
    }
}

static void drop_form(struct form_view *fv)
{
    if (!fv->form)
        return;
    sync_values(fv);
    unpost_form(fv->form);
    free_form(fv->form);
    for (int i = 0; i < fv->def->nfields; i++)
        free_field(fv->fields[i]);
    g_free(fv->fields);
    delwin(fv->sub);
    fv->form = NULL;
    fv->fields = NULL;
    fv->sub = NULL;
}

void fv_free(struct form_view *fv)
{
    if (!fv)
        return;
    drop_form(fv);
    g_strfreev(fv->values);
    g_free(fv->choice);
    g_free(fv->slots);
    g_free(fv->err_field);
    g_free(fv->err_msg);
    g_free(fv);
}

static char *label_text(const struct fv_field *f)
{
    return g_strdup_printf("%s%s:", _(f->label), f->required ? " *" : "");
}

/* "[ label ]" in a dialog, "[label]" in a query row */
static int button_width(const struct form_view *fv, const char *label)
{
    return tw_width(_(label)) + (fv->def->layout == FV_ROW ? 2 : 4);
}

static int input_width(const struct fv_field *f, int avail)
{
    int w = f->width ? f->width : FV_WIDTH_DEFAULT;

    if (is_choice(f)) {
        w = 4;
        for (int i = 0; f->choices[i]; i++)
            w = MAX(w, tw_width(choice_label(f, i)) + 1);
    }
    return MAX(4, MIN(w, avail));
}

/* Cells of the widest input box of the form within w. */
static int widest_input(const struct form_view *fv, int w)
{
    int m = 4;

    for (int i = 0; i < fv->def->nfields; i++)
        m = MAX(m, input_width(fld(fv, i), w / 2));
    return m;
}

/* Column layout: one field per row, labels aligned, an error message line
 * of two rows (a long sentence wraps), buttons centred. */
static int layout_column(struct form_view *fv, int w)
{
    int n = fv->def->nfields, bx, total = 0;

    fv->label_w = 0;
    for (int i = 0; i < n; i++) {
        char *l = label_text(fld(fv, i));

        fv->label_w = MAX(fv->label_w, tw_width(l));
        g_free(l);
    }
    fv->label_w = MIN(fv->label_w, MAX(w / 2, w - widest_input(fv, w) - 1));
    for (int i = 0; i < n; i++) {
        fv->slots[i] = (struct slot){i, fv->label_w + 1, 0, 0};
        fv->slots[i].w = input_width(fld(fv, i), w - fv->label_w - 1);
    }
    fv->msg_y = n;
    for (int b = 0; b < fv->nbuttons; b++)
        total += button_width(fv, fv->def->buttons[b]) + (b ? 2 : 0);
    bx = MAX(0, (w - total) / 2);
    for (int b = 0; b < fv->nbuttons; b++) {
        int bw = button_width(fv, fv->def->buttons[b]);

        fv->slots[n + b] = (struct slot){n + 2, bx, bw, bx};
        bx += bw + 2;
    }
    return n + 3;
}

/* Row layout: "label: [field]  label: [field]  [Query] [Reset]", wrapped. */
static int layout_row(struct form_view *fv, int w)
{
    int y = 0, x = 0;

    fv->msg_y = -1;
    for (int i = 0; i < nfocus(fv); i++) {
        bool is_field = i < fv->def->nfields;
        char *l = is_field ? label_text(fld(fv, i)) : g_strdup("");
        int lw = is_field ? tw_width(l) + 1 : 0;
        int iw = is_field ? input_width(fld(fv, i), w - lw) : button_width(fv, fv->def->buttons[i - fv->def->nfields]);

        if (x > 0 && x + lw + iw > w) {
            y++;
            x = 0;
        }
        fv->slots[i] = (struct slot){y, x + lw, iw, x};
        x += lw + iw + 1;
        g_free(l);
    }
    return y + 1;
}

int fv_height(const struct form_view *fv, int w)
{
    struct form_view tmp = *fv;
    struct slot *slots = g_new0(struct slot, nfocus(fv));
    int h;

    tmp.slots = slots;
    h = fv->def->layout == FV_ROW ? layout_row(&tmp, w) : layout_column(&tmp, w);
    g_free(slots);
    return h;
}

/* What the field's cells show: a choice's label, stars for a password. */
static const char *shown_text(struct form_view *fv, int i)
{
    static char stars[256];
    const struct fv_field *f = fld(fv, i);
    long n;

    if (is_choice(f))
        return choice_label(f, fv->choice[i]);
    if (f->kind != FV_PASSWORD)
        return fv->values[i];
    n = MIN(dv_strlen_chars(fv->values[i]), (long)sizeof(stars) - 1);
    memset(stars, '*', (size_t)n);
    stars[n] = '\0';
    return stars;
}

static FIELD *make_field(struct form_view *fv, int i)
{
    const struct fv_field *f = fld(fv, i);
    struct slot *s = &fv->slots[i];
    FIELD *field = new_field(1, s->w, s->y, s->x, 0, 0);
    int max = f->max ? f->max : FV_MAX_DEFAULT;

    field_opts_off(field, O_AUTOSKIP | O_BLANK);
    if (f->kind == FV_TEXT || f->kind == FV_PASSWORD) {
        field_opts_off(field, O_STATIC);
        set_max_field(field, max * 2); /* wide characters take two cells */
    }
    if (is_choice(f) || f->kind == FV_READONLY)
        field_opts_off(field, O_EDIT);
    if (f->kind == FV_READONLY)
        field_opts_off(field, O_ACTIVE);
    set_field_back(field, tui_attr(TR_FIELD));
    set_field_buffer(field, 0, shown_text(fv, i));
    return field;
}

int fv_place(struct form_view *fv, WINDOW *win, int y, int x, int w)
{
    int n = fv->def->nfields, h;

    drop_form(fv);
    h = fv->def->layout == FV_ROW ? layout_row(fv, w) : layout_column(fv, w);
    fv->win = win;
    fv->sub = derwin(win, h, w, y, x);
    if (!fv->sub)
        return h;
    fv->fields = g_new0(FIELD *, n + 1);
    for (int i = 0; i < n; i++)
        fv->fields[i] = make_field(fv, i);
    fv->form = new_form(fv->fields);
    set_form_win(fv->form, win);
    set_form_sub(fv->form, fv->sub);
    post_form(fv->form);
    if (fv->focus < n)
        set_current_field(fv->form, fv->fields[fv->focus]);
    return h;
}

static void draw_labels(struct form_view *fv)
{
    for (int i = 0; i < fv->def->nfields; i++) {
        const struct fv_field *f = fld(fv, i);
        struct slot *s = &fv->slots[i];
        char *l = label_text(f);
        bool bad = fv->err_field && strcmp(fv->err_field, f->key) == 0;
        int lw = fv->def->layout == FV_ROW ? tw_width(l) : fv->label_w;

        wattrset(fv->sub, bad ? tui_attr(TR_ERROR) : A_NORMAL);
        tui_put_cell(fv->sub, s->y, s->label_x, lw, l, fv->def->layout == FV_ROW ? 0 : 1);
        wattrset(fv->sub, A_NORMAL);
        g_free(l);
    }
}

/* The error sentence on two rows, centred, wrapped by display width. */
static void draw_message(WINDOW *win, int y, int w, const char *msg)
{
    char **lines = tw_wrap(msg ? msg : "", w);

    for (int i = 0; i < 2; i++)
        tui_put_cell(win, y + i, 0, w, lines[0] && i < (int)g_strv_length(lines) ? lines[i] : "",
                     2);
    g_strfreev(lines);
}

static void draw_error(struct form_view *fv)
{
    int w = getmaxx(fv->sub);
    bool row = fv->def->layout == FV_ROW;

    wattrset(fv->sub, tui_attr(TR_ERROR));
    for (int i = 0; i < fv->def->nfields && !row; i++) {
        struct slot *s = &fv->slots[i];
        int room = w - (s->x + s->w + 1);
        bool here = fv->err_msg && fv->err_field && strcmp(fv->err_field, fld(fv, i)->key) == 0;

        if (room > 0)
            tui_put_cell(fv->sub, s->y, s->x + s->w + 1, room, here && room >= 6 ? fv->err_msg : "", 0);
    }
    if (fv->msg_y >= 0)
        draw_message(fv->sub, fv->msg_y, w, fv->err_msg);
    wattrset(fv->sub, A_NORMAL);
}

static void draw_buttons(struct form_view *fv, bool focused)
{
    int n = fv->def->nfields;

    for (int b = 0; b < fv->nbuttons; b++) {
        struct slot *s = &fv->slots[n + b];
        char *t = g_strdup_printf(fv->def->layout == FV_ROW ? "[%s]" : "[ %s ]",
                                  _(fv->def->buttons[b]));

        wattrset(fv->sub, focused && fv->focus == n + b ? tui_attr(TR_SEL) : tui_attr(TR_KEY));
        tui_put(fv->sub, s->y, s->x, s->w, t);
        wattrset(fv->sub, A_NORMAL);
        g_free(t);
    }
}

/* The field cells belong to libform: they are never erased here, only their
 * attributes change (re-posting would move the cursor to the field's start). */
void fv_draw(struct form_view *fv, bool focused)
{
    int n = fv->def->nfields;

    if (!fv->form)
        return;
    for (int i = 0; i < n; i++) {
        chtype want = tui_attr(focused && i == fv->focus ? TR_FIELD_FOCUS : TR_FIELD);

        if (field_back(fv->fields[i]) == want)
            continue;
        set_field_back(fv->fields[i], want);
        /* libform puts the cursor of the current field back at its start
         * when its attributes change: keys typed next (in the same read as
         * the focus change) would land before its text */
        if (fv->fields[i] == current_field(fv->form) && !is_choice(fld(fv, i)))
            form_driver(fv->form, REQ_END_FIELD);
    }
    form_driver(fv->form, REQ_VALIDATION); /* refresh the current field's cells */
    draw_labels(fv);
    draw_buttons(fv, focused);
    draw_error(fv);
    if (focused && fv->focus < n && !is_choice(fld(fv, fv->focus))) {
        pos_form_cursor(fv->form);
        curs_set(1);
    } else {
        curs_set(0);
    }
}

static void set_focus(struct form_view *fv, int i)
{
    fv->focus = i;
    if (fv->form && i < fv->def->nfields)
        set_current_field(fv->form, fv->fields[i]);
}

static void move_focus(struct form_view *fv, int dir)
{
    int n = nfocus(fv), i = fv->focus;

    if (fv->form)
        form_driver(fv->form, REQ_VALIDATION);
    do
        i = (i + dir + n) % n;
    while (!focusable(fv, i) && i != fv->focus);
    set_focus(fv, i);
}

void fv_focus_first(struct form_view *fv)
{
    for (int i = 0; i < nfocus(fv); i++) {
        if (focusable(fv, i)) {
            set_focus(fv, i);
            return;
        }
    }
}

void fv_focus_key(struct form_view *fv, const char *key)
{
    for (int i = 0; key && i < fv->def->nfields; i++)
        if (fld(fv, i)->key && strcmp(fld(fv, i)->key, key) == 0 && focusable(fv, i))
            set_focus(fv, i);
}

static void cycle_choice(struct form_view *fv, int dir)
{
    const struct fv_field *f = fld(fv, fv->focus);
    int n = 0;

    while (f->choices[n])
        n++;
    fv->choice[fv->focus] = (fv->choice[fv->focus] + dir + n) % n;
    set_field_buffer(fv->fields[fv->focus], 0, choice_label(f, fv->choice[fv->focus]));
}

struct edit_key {
    int key;
    int req;
};

static const struct edit_key edit_keys[] = {
    {K_F(KEY_LEFT), REQ_PREV_CHAR},   {K_F(KEY_RIGHT), REQ_NEXT_CHAR},
    {K_F(KEY_HOME), REQ_BEG_FIELD},   {K_F(KEY_END), REQ_END_FIELD},
    {K_F(KEY_BACKSPACE), REQ_DEL_PREV}, {127, REQ_DEL_PREV},
    {K_CTRL('h'), REQ_DEL_PREV},      {K_F(KEY_DC), REQ_DEL_CHAR},
    {K_CTRL('u'), REQ_CLR_FIELD},     {K_CTRL('a'), REQ_BEG_FIELD},
    {K_CTRL('e'), REQ_END_FIELD},
};

/* A password's text is kept here, never in libform's buffer (which shows
 * stars): typing appends, Backspace removes the last character, Ctrl-U clears. */
static int password_key(struct form_view *fv, int key)
{
    char **v = &fv->values[fv->focus];
    GString *s = g_string_new(*v);

    if (key == K_F(KEY_BACKSPACE) || key == 127 || key == K_CTRL('h')) {
        const char *end = s->str + s->len;

        if (s->len)
            g_string_truncate(s, (gsize)(g_utf8_prev_char(end) - s->str));
    } else if (key == K_CTRL('u')) {
        g_string_truncate(s, 0);
    } else if (!K_IS_FN(key) && key >= ' ' && key != 127) {
        /* up to the default even when max is less: the core names the rule */
        if (dv_strlen_chars(s->str) < FV_MAX_DEFAULT)
            g_string_append_unichar(s, (gunichar)key);
    } else if (!(key == K_F(KEY_LEFT) || key == K_F(KEY_RIGHT) || key == K_F(KEY_HOME) ||
                 key == K_F(KEY_END) || key == K_F(KEY_DC))) {
        g_string_free(s, TRUE);
        return FV_IGNORED;
    }
    g_free(*v);
    *v = g_string_free(s, FALSE);
    set_field_buffer(fv->fields[fv->focus], 0, shown_text(fv, fv->focus));
    form_driver(fv->form, REQ_END_FIELD);
    return FV_CONSUMED;
}

static int field_key(struct form_view *fv, int key)
{
    const struct fv_field *f = fld(fv, fv->focus);

    if (f->kind == FV_PASSWORD)
        return password_key(fv, key);

    if (is_choice(f)) {
        if (key == ' ' || key == K_F(KEY_RIGHT) || key == K_F(KEY_LEFT)) {
            cycle_choice(fv, key == K_F(KEY_LEFT) ? -1 : 1);
            return FV_CONSUMED;
        }
        return FV_IGNORED;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(edit_keys); i++) {
        if (edit_keys[i].key == key) {
            form_driver(fv->form, edit_keys[i].req);
            return FV_CONSUMED;
        }
    }
    if (!K_IS_FN(key) && key >= ' ' && key != 127) {
        form_driver_w(fv->form, OK, (wchar_t)key);
        return FV_CONSUMED;
    }
    return FV_IGNORED;
}

/* True when no focusable field follows the focused one. */
static bool last_field(const struct form_view *fv)
{
    for (int i = fv->focus + 1; i < fv->def->nfields; i++)
        if (focusable(fv, i))
            return false;
    return true;
}

/* Enter: a button is pressed; a field of a row (query) or the last field
 * submits (button 0); another field passes the focus on. */
static int enter_key(struct form_view *fv)
{
    int n = fv->def->nfields;

    if (fv->focus >= n)
        return fv->focus - n;
    if (fv->def->layout == FV_ROW || last_field(fv))
        return 0;
    move_focus(fv, 1);
    return FV_CONSUMED;
}

int fv_key(struct form_view *fv, int key)
{
    bool row = fv->def->layout == FV_ROW;
    int r;

    if (!fv->form)
        return FV_IGNORED;
    switch (key) {
    case K_ESC:
        return FV_LEAVE;
    case K_TAB:
        move_focus(fv, 1);
        return FV_CONSUMED;
    case K_F(KEY_BTAB):
        move_focus(fv, -1);
        return FV_CONSUMED;
    case K_F(KEY_DOWN):
    case K_F(KEY_UP):
        if (row)
            return FV_IGNORED;
        move_focus(fv, key == K_F(KEY_DOWN) ? 1 : -1);
        return FV_CONSUMED;
    case K_ENTER:
    case '\r':
    case K_F(KEY_ENTER):
        return enter_key(fv);
    case K_F(KEY_F(2)):
        return 0;
    case K_F(KEY_PPAGE):
        if (row)
            return FV_IGNORED;
        fv_focus_first(fv);
        return FV_CONSUMED;
    case K_F(KEY_NPAGE):
        if (row)
            return FV_IGNORED;
        set_focus(fv, fv->def->nfields);
        move_focus(fv, -1);
        return FV_CONSUMED;
    }
    if (fv->focus >= fv->def->nfields) {
        if (key == K_F(KEY_LEFT) || key == K_F(KEY_RIGHT)) {
            move_focus(fv, key == K_F(KEY_LEFT) ? -1 : 1);
            return FV_CONSUMED;
        }
        return FV_IGNORED;
    }
    r = field_key(fv, key);
    if (r == FV_CONSUMED && fv->err_field && strcmp(fv->err_field, fld(fv, fv->focus)->key) == 0)
        fv_clear_error(fv);
    return r;
}

char **fv_values(struct form_view *fv)
{
    char **out = g_new0(char *, fv->def->nfields + 1);

    sync_values(fv);
    for (int i = 0; i < fv->def->nfields; i++) {
        const struct fv_field *f = fld(fv, i);

        if (is_choice(f))
            out[i] = g_strdup(f->values ? f->values[fv->choice[i]] : f->choices[fv->choice[i]]);
        else
            out[i] = g_strdup(fv->values[i]);
    }
    return out;
}

void fv_set_value(struct form_view *fv, int i, const char *v)
{
    if (i < 0 || i >= fv->def->nfields)
        return;
    g_free(fv->values[i]);
    fv->values[i] = g_strdup(v ? v : "");
    if (is_choice(fld(fv, i)))
        fv->choice[i] = choice_index(fld(fv, i), v);
    if (fv->form)
        set_field_buffer(fv->fields[i], 0, shown_text(fv, i));
}

void fv_clear(struct form_view *fv)
{
    for (int i = 0; i < fv->def->nfields; i++)
        if (fld(fv, i)->kind != FV_READONLY)
            fv_set_value(fv, i, is_choice(fld(fv, i)) && fld(fv, i)->values
                                    ? fld(fv, i)->values[0]
                                    : "");
    fv_clear_error(fv);
}

void fv_set_error(struct form_view *fv, const struct dv_error *err)
{
    fv_clear_error(fv);
    fv->err_msg = g_strdup(err->msg);
    fv->err_field = g_strdup(err->field);
    for (int i = 0; i < fv->def->nfields; i++)
        if (*err->field && strcmp(fld(fv, i)->key, err->field) == 0 && focusable(fv, i))
            set_focus(fv, i);
}

void fv_clear_error(struct form_view *fv)
{
    g_free(fv->err_msg);
    g_free(fv->err_field);
    fv->err_msg = fv->err_field = NULL;
}

bool fv_check_required(struct form_view *fv, struct dv_error *err)
{
    char **v = fv_values(fv);
    bool ok = true;

    for (int i = 0; ok && i < fv->def->nfields; i++)
        if (fld(fv, i)->required && fld(fv, i)->kind != FV_READONLY)
            ok = validate_required(fld(fv, i)->key, _(fld(fv, i)->label), v[i], err);
    g_strfreev(v);
    return ok;
}

const struct fv_field *fv_focus_field(const struct form_view *fv)
{
    return fv->focus < fv->def->nfields ? fld(fv, fv->focus) : NULL;
}

const char *fv_hint(const struct form_view *fv)
{
    if (fv->focus < fv->def->nfields && fld(fv, fv->focus)->hint)
        return _(fld(fv, fv->focus)->hint);
    return NULL;
}

void fv_pick_fill(struct fv_pick *p, const struct choice_list *l, const char *none)
{
    int k = 0;

    p->labels = g_new0(char *, l->n + 2);
    p->values = g_new0(char *, l->n + 2);
    if (none) {
        p->labels[k] = g_strdup(none);
        p->values[k++] = g_strdup("0");
    }
    for (int i = 0; i < l->n; i++, k++) {
        p->labels[k] = g_strdup(l->v[i].label);
        p->values[k] = g_strdup_printf("%" G_GINT64_FORMAT, l->v[i].id);
    }
}

void fv_pick_free(struct fv_pick *p)
{
    g_strfreev(p->labels);
    g_strfreev(p->values);
    p->labels = p->values = NULL;
}
