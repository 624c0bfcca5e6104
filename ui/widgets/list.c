/* list.c - the generic list page */
#include "widgets/list.h"
#include <ncursesw/panel.h>
#include "widgets/dialog.h"
#include "base/textwidth.h"

#include <stdarg.h>
#include <string.h>

struct list_page {
    const struct list_def *def;
    void *ctx;   /* the page's context (list_run_modal) */
    bool sysadm; /* the session's role, for LN_SYSADM */
    struct form_view *query;
    char **applied; /* query values in force (C3) */
    bool query_focus;
    struct list_rows rows;
    int64_t offset;     /* index of the first row shown */
    int64_t fetched_at; /* monotonic seconds of the last fetch */
    int64_t stamp;      /* def->stamp's value before the last fetch */
    int page_size;      /* rows that fit, from the last layout */
    int sel;            /* selected row on this page, -1 none */
    bool loaded;
    WINDOW *query_win; /* where the query row was placed */
    int query_y, query_w;
    int hscroll;       /* first scrolled column shown (after the fixed ones) */
    bool scrolls;      /* the last layout was wider than the pane */
    GHashTable *marks; /* markable pages: the ids of the marked rows (D15) */
    const struct list_action *running; /* the action whose run is under way */
};

void list_rows_free(struct list_rows *r)
{
    for (int i = 0; i < r->n; i++)
        g_strfreev(r->rows[i].cells);
    g_free(r->rows);
    g_free(r->notice);
    memset(r, 0, sizeof(*r));
}

void list_rows_set_notice(struct list_rows *r, char *text)
{
    g_free(r->notice);
    r->notice = text;
}

void list_rows_add(struct list_rows *r, int64_t id, int n, ...)
{
    va_list ap;
    struct list_row *row;

    r->rows = g_renew(struct list_row, r->rows, r->n + 1);
    row = &r->rows[r->n++];
    row->id = id;
    row->state = 0;
    row->cells = g_new0(char *, n + 1);
    va_start(ap, n);
    for (int i = 0; i < n; i++) {
        char *c = va_arg(ap, char *);

        row->cells[i] = c ? c : g_strdup("");
    }
    va_end(ap);
}

bool list_is_marked(const struct list_page *lp, int64_t id)
{
    return lp->marks && g_hash_table_contains(lp->marks, &id);
}

static void toggle_mark(struct list_page *lp, int64_t id)
{
    if (!g_hash_table_remove(lp->marks, &id))
        g_hash_table_add(lp->marks, g_memdup2(&id, sizeof id));
}

/* '*': every row shown is marked; when all are, they are unmarked. */
static void mark_shown(struct list_page *lp)
{
    bool all = true;

    for (int i = 0; i < lp->rows.n && all; i++)
        all = list_is_marked(lp, lp->rows.rows[i].id);
    for (int i = 0; i < lp->rows.n; i++) {
        int64_t id = lp->rows.rows[i].id;

        if (all)
            g_hash_table_remove(lp->marks, &id);
        else if (!list_is_marked(lp, id))
            g_hash_table_add(lp->marks, g_memdup2(&id, sizeof id));
    }
}

int64_t *list_marked(const struct list_page *lp, int *n)
{
    GHashTableIter it;
    gpointer key;
    int64_t *out;
    int k = 0;

    *n = lp->marks ? (int)g_hash_table_size(lp->marks) : 0;
    out = g_new0(int64_t, *n + 1);
    if (lp->marks) {
        g_hash_table_iter_init(&it, lp->marks);
        while (g_hash_table_iter_next(&it, &key, NULL))
            out[k++] = *(int64_t *)key;
    }
    return out;
}

void list_marks_clear(struct list_page *lp)
{
    if (lp->marks)
        g_hash_table_remove_all(lp->marks);
}

static struct list_page *open_page(struct app *app, const struct list_def *def, void *ctx)
{
    struct list_page *lp = g_new0(struct list_page, 1);

    lp->def = def;
    lp->ctx = ctx;
    lp->sysadm = app->actor.sysadm;
    lp->sel = lp->def->start_unselected ? -1 : 0;
    if (def->markable)
        lp->marks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    if (lp->def->query) {
        lp->query = fv_new(lp->def->query, NULL);
        lp->applied = fv_values(lp->query);
    }
    return lp;
}

void list_rows_set_state(struct list_rows *r, unsigned state)
{
    if (r->n > 0)
        r->rows[r->n - 1].state = state;
}

void *list_open(struct app *app, const void *data)
{
    return open_page(app, data, NULL);
}

int list_action_arg(const struct list_page *lp)
{
    return lp->running ? lp->running->arg : 0;
}

void *list_ctx(const struct list_page *lp)
{
    return lp->ctx;
}

void list_close(void *state)
{
    struct list_page *lp = state;

    list_rows_free(&lp->rows);
    if (lp->marks)
        g_hash_table_destroy(lp->marks);
    fv_free(lp->query);
    g_strfreev(lp->applied);
    g_free(lp);
}

static void fetch(struct app *app, struct list_page *lp)
{
    struct dv_error err = {0};
    struct list_rows rows = {0};
    int64_t stamp = 0;

    if (lp->def->stamp && lp->def->stamp(app, lp->ctx, &stamp))
        lp->stamp = stamp;
    if (!lp->def->fetch(app, lp->ctx, lp->applied, lp->offset, lp->page_size, &rows, &err)) {
        app_status_error(app, &err);
        list_rows_free(&rows);
        return;
    }
    list_rows_free(&lp->rows);
    lp->rows = rows;
    lp->loaded = true;
    lp->fetched_at = g_get_monotonic_time() / G_USEC_PER_SEC;
    if (lp->rows.n == 0 && lp->offset > 0 && lp->rows.total > 0) {
        lp->offset = MAX(0, ((lp->rows.total - 1) / lp->page_size) * lp->page_size);
        fetch(app, lp);
        return;
    }
    if (lp->sel >= lp->rows.n)
        lp->sel = lp->rows.n - 1;
    if (lp->sel < 0 && !lp->def->start_unselected && lp->rows.n > 0)
        lp->sel = 0;
}

void list_reload(struct app *app, struct list_page *lp)
{
    lp->loaded = false;
    (void)app;
}

/* ---------------------------------------------------------------- drawing */

static const struct list_row *selected(const struct list_page *lp)
{
    return lp->sel >= 0 && lp->sel < lp->rows.n ? &lp->rows.rows[lp->sel] : NULL;
}

/* Why a cannot run now (g_free it), or NULL. */
static char *refusal(const struct list_page *lp, const struct list_action *a)
{
    /* a bulk action with rows marked checks each row itself */
    if ((a->needs & LN_BULK) && lp->marks && g_hash_table_size(lp->marks) > 0) {
        struct list_action bulk = *a;

        bulk.needs &= ~(unsigned)(LN_ROW | LN_STATE);
        return list_action_refusal(&bulk, lp->def->states, lp->ctx, NULL, lp->sysadm);
    }
    return list_action_refusal(a, lp->def->states, lp->ctx, selected(lp), lp->sysadm);
}

static bool action_enabled(const struct list_page *lp, const struct list_action *a)
{
    char *why = refusal(lp, a);

    g_free(why);
    return why == NULL;
}

/* Draw (or just measure when win is NULL) the toolbar from row y; returns its rows. */
static int toolbar(WINDOW *win, const struct list_page *lp, int y, int w)
{
    int x = 0, rows = lp->def->nactions ? 1 : 0;

    for (int i = 0; i < lp->def->nactions; i++) {
        const struct list_action *a = &lp->def->actions[i];
        char *label = g_strdup_printf("[%lc]%s", (wint_t)a->key, _(a->label));
        int lw = tw_width(label);

        if (x > 0 && x + lw > w) {
            rows++;
            y++;
            x = 0;
        }
        if (win) {
            bool on = action_enabled(lp, a);

            wattrset(win, on ? tui_attr(TR_KEY) : tui_attr(TR_DIM));
            x += tui_put(win, y, x, w - x, "[");
            x += tui_put(win, y, x, w - x, label + 1);
            wattrset(win, A_NORMAL);
            x += 1;
        } else {
            x += lw + 1;
        }
        g_free(label);
    }
    return rows;
}

/* Cells of the widest value of column c on this page. */
static int data_width(const struct list_page *lp, int c)
{
    int w = 0;

    for (int i = 0; i < lp->rows.n; i++)
        w = MAX(w, tw_width(lp->rows.rows[i].cells[c]));
    return w;
}

/* Cells of a header cut to its first word (with the "…" after it), or of
 * the whole header when it is one word. */
static int first_word_width(const char *h)
{
    const char *sp = strchr(h, ' ');
    char *word;
    int w;

    if (!sp)
        return tw_width(h);
    word = g_strndup(h, (gsize)(sp - h));
    w = tw_width(word) + 1;
    g_free(word);
    return w;
}

/* Take up to `excess` cells from the columns in use[], one at a time from
 * the one furthest above its floor[] (so cuts are spread); returns what is
 * left. */
static int shrink(int n, const bool *use, int *out, const int *floor, int excess)
{
    while (excess > 0) {
        int best = -1;

        for (int i = 0; i < n; i++)
            if (use[i] && out[i] > floor[i] &&
                (best < 0 || out[i] - floor[i] > out[best] - floor[best]))
                best = i;
        if (best < 0)
            break;
        out[best]--;
        excess--;
    }
    return excess;
}

/* Give `spare` cells to the columns in use[]: first to those whose content
 * is cut (up to want[]), then by weight (or evenly without weights). */
static void grow(const struct list_def *d, const bool *use, int *out, const int *want, int spare)
{
    int weights = 0, shown = 0, last = -1;

    for (bool more = true; spare > 0 && more;) {
        more = false;
        for (int i = 0; i < d->ncolumns && spare > 0; i++)
            if (use[i] && out[i] < want[i]) {
                out[i]++;
                spare--;
                more = true;
            }
    }
    for (int i = 0; i < d->ncolumns; i++)
        if (use[i]) {
            weights += d->columns[i].weight;
            shown++;
            last = i;
        }
    if (spare <= 0 || shown == 0)
        return;
    if (weights == 0) {
        for (int i = 0, k = 0; i < d->ncolumns; i++)
            if (use[i])
                out[i] += spare / shown + (k++ < spare % shown);
        return;
    }
    for (int i = 0, left = spare; i < d->ncolumns; i++)
        if (use[i] && d->columns[i].weight > 0) {
            int add = spare * d->columns[i].weight / weights;

            out[i] += add;
            left -= add;
            if (i == last || left < 0)
                break;
        }
}

/* Width of the 序号 column: its header or its largest number on this page. */
static int no_width(const struct list_page *lp)
{
    char buf[24];

    g_snprintf(buf, sizeof(buf), "%lld", (long long)(lp->offset + MAX(lp->rows.n, 1)));
    return MAX(tw_width(_("No.")), (int)strlen(buf));
}

#define LIST_MAX_COLUMNS 32
/* Headers are cut (to no less than their first word) only in a pane
 * narrower than this; a wider one scrolls sideways instead, so that at 140
 * columns every header shows whole (issue 9). */
#define LIST_CUT_BELOW 100

/* Where the columns go: n of them, col[i] at x[i] in w[i] cells, in
 * drawing order (序号 is at 0, not listed); left/right say whether columns
 * are scrolled out of sight on that side, with their marks at left_x and
 * the last cell. */
struct table_layout {
    int n, col[LIST_MAX_COLUMNS], x[LIST_MAX_COLUMNS], w[LIST_MAX_COLUMNS];
    int nw;       /* the 序号 column */
    bool scrolls; /* the table is wider than the pane */
    bool left, right;
    int left_x;
};

static bool is_fixed(const struct list_def *d, int c)
{
    for (int i = 0; i < d->ncolumns; i++)
        if (d->columns[i].fixed)
            return d->columns[c].fixed;
    return c == 0;
}

/* Lay out the columns in set[] side by side in avail cells (separators
 * already taken): their content, cut down to whole[] (the whole header and
 * a dozen cells of data), then to cut[] (the header's first word), then to
 * floor_w[] (min_width cells of data). */
static void fit_columns(const struct list_def *d, struct table_layout *t, int n, const bool *set,
                        const int *want, const int *whole, const int *cut, const int *floor_w,
                        int avail)
{
    int out[LIST_MAX_COLUMNS], sum = 0, x = t->nw + 1;

    for (int i = 0; i < n; i++) {
        out[i] = set[i] ? want[i] : 0;
        sum += out[i];
    }
    if (sum <= avail)
        grow(d, set, out, want, avail - sum);
    else /* the data to a dozen cells, the headers to their first word, the data */
        shrink(n, set, out, floor_w,
               shrink(n, set, out, cut, shrink(n, set, out, whole, sum - avail)));
    t->n = 0;
    for (int i = 0; i < n; i++)
        if (set[i]) {
            t->col[t->n] = i;
            t->x[t->n] = x;
            t->w[t->n++] = out[i];
            x += out[i] + 1;
        }
}

/* Lay the table out in w cells.  Every column gets its content, or at
 * least its header and min_width cells of content, or at least its
 * header's first word and those cells; when even that is too wide, the
 * fixed columns stay and the others scroll from lp->hscroll (clamped here
 * so that no empty space is scrolled into). */
static void layout_table(struct list_page *lp, int w, struct table_layout *t)
{
    const struct list_def *d = lp->def;
    int n = MIN(d->ncolumns, LIST_MAX_COLUMNS);
    int want[LIST_MAX_COLUMNS], head[LIST_MAX_COLUMNS], word[LIST_MAX_COLUMNS];
    int out[LIST_MAX_COLUMNS];
    bool all[LIST_MAX_COLUMNS], fixed[LIST_MAX_COLUMNS];
    int whole[LIST_MAX_COLUMNS], cut[LIST_MAX_COLUMNS], floor_w[LIST_MAX_COLUMNS];
    int span[LIST_MAX_COLUMNS];
    bool primary[LIST_MAX_COLUMNS];
    int sum_want = 0, avail, x, first_view = 0;

    memset(t, 0, sizeof(*t));
    t->nw = no_width(lp);
    avail = w - t->nw;
    for (int i = 0; i < n; i++) {
        const char *h = _(d->columns[i].header);

        head[i] = tw_width(h);
        word[i] = MIN(head[i], first_word_width(h));
        want[i] = MAX(head[i], data_width(lp, i));
        all[i] = true;
        fixed[i] = is_fixed(d, i);
        avail--; /* the separator before it */
        sum_want += want[i];
    }
    for (int i = 0; i < n; i++) {
        /* the data keeps min_width cells (or 12) while headers are cut, the
         * header its first word */
        int dw = data_width(lp, i), keep = MIN(dw, d->columns[i].min_width);
        int soft = MIN(dw, MAX(d->columns[i].min_width, 12));

        if (fixed[i]) /* the name: up to a third of the pane, 20 cells */
            soft = MAX(soft, MIN(want[i], MIN((w - t->nw) / 3, 20)));
        whole[i] = MAX(head[i], soft);
        cut[i] = MAX(word[i], soft);
        floor_w[i] = MAX(word[i], keep);
    }
    for (int i = 0; i < n; i++)
        primary[i] = d->columns[i].hide_below == 0 || w >= d->columns[i].hide_below;
    /* The first that fits: every column with whole headers; without the
     * columns a narrow pane may leave out (hide_below: out of sight, with
     * "»", reachable with Right) with whole headers; the same with headers
     * cut to their first word; else scrolling. */
    {
        int cnt = 0;

        for (int i = 0; i < n; i++)
            cnt += primary[i];
        for (int k = 0; k < 3; k++) {
            const bool *set = k == 0 ? all : primary;
            bool part = k > 0 && cnt < n; /* some columns out of sight */
            int room = w - t->nw - (part ? 1 : 0), need = 0;

            if (k == 1 && cnt == n)
                continue; /* nothing left out: the same as k = 0 */
            if (k == 2 && w >= LIST_CUT_BELOW)
                break; /* room enough to scroll with whole headers */
            for (int i = 0; i < n; i++)
                if (set[i]) {
                    room--;
                    need += k < 2 ? whole[i] : floor_w[i];
                }
            if (need > room)
                continue;
            if (part && lp->hscroll > 0) {
                first_view = 1; /* hscroll 1 is the first scrolled view */
                break;
            }
            fit_columns(d, t, n, set, want, whole, k < 2 ? whole : cut, k < 2 ? whole : floor_w,
                        room);
            t->scrolls = t->right = part;
            if (!part)
                lp->hscroll = 0;
            return;
        }
    }

    /* Scrolling: the fixed columns first, with their header (or its first
     * word when the pane is very narrow), then as many of the others from
     * lp->hscroll as fit with their whole header; one cell stays for "»". */
    t->scrolls = true;
    int nscroll = 0, scroll[LIST_MAX_COLUMNS], area, fixed_w = 0, hs;
    bool use[LIST_MAX_COLUMNS] = {false};

    for (int i = 0; i < n; i++) {
        if (fixed[i]) { /* its content, up to a third of the pane */
            out[i] = MAX(head[i], MIN(want[i], MIN((w - t->nw) / 3, 20)));
            fixed_w += out[i] + 1;
        } else {
            scroll[nscroll++] = i;
        }
    }
    if (nscroll == 0) { /* only fixed columns: nothing to scroll */
        for (int i = 0; i < n; i++)
            use[i] = true;
        memcpy(out, want, sizeof(int) * n);
        shrink(n, use, out, (const int[LIST_MAX_COLUMNS]){0},
               shrink(n, use, out, word, sum_want - avail));
    }
    area = w - t->nw - fixed_w - 1; /* cells for the scrolled columns, "»" */
    int widest = 0;

    for (int k = 0; k < nscroll; k++)
        widest = MAX(widest, word[scroll[k]] + 1);
    if (area < widest) { /* narrow: the fixed columns shrink to their first word */
        for (int i = 0; i < n; i++)
            if (fixed[i]) {
                fixed_w -= out[i] - word[i];
                out[i] = word[i];
            }
        area = w - t->nw - fixed_w - 1;
    }
    /* a scrolled column shows its header whole and its content up to half
     * the area (the rest in Enter's details) */
    for (int k = 0; k < nscroll; k++)
        span[scroll[k]] = MAX(head[scroll[k]], MIN(want[scroll[k]], area / 2));
    if (nscroll > 0) {
        /* the last start from which every remaining column fits */
        int last_start = nscroll - 1, used = span[scroll[nscroll - 1]] + 1;

        while (last_start > 0 && used + span[scroll[last_start - 1]] + 1 <= area + 1) {
            last_start--;
            used += span[scroll[last_start]] + 1;
        }
        lp->hscroll = CLAMP(lp->hscroll - first_view, 0, last_start) + first_view;
    }
    x = t->nw + 1;
    for (int i = 0; i < n; i++)
        if (fixed[i]) {
            t->col[t->n] = i;
            t->x[t->n] = x;
            t->w[t->n++] = out[i];
            x += out[i] + 1;
        }
    t->left = lp->hscroll > 0;
    hs = lp->hscroll - first_view;
    t->left_x = x - 1;
    if (nscroll == 0)
        return;
    {
        int left = area, k, rest = 0;

        for (k = hs; k < nscroll; k++)
            rest += span[scroll[k]] + 1;
        if (rest <= area + 1)
            left = area + 1; /* the last columns: no "»", its cell is theirs */

        for (k = hs; k < nscroll; k++) {
            int c = scroll[k], cw = span[c];

            if (k > hs && cw + 1 > left)
                break;
            cw = MIN(cw, left - 1);
            out[c] = cw;
            use[c] = true;
            left -= cw + 1;
        }
        t->right = k < nscroll;
        grow(d, use, out, want, MAX(0, left));
        for (int j = hs; j < k; j++) {
            int c = scroll[j];

            t->col[t->n] = c;
            t->x[t->n] = x;
            t->w[t->n++] = out[c];
            x += out[c] + 1;
        }
    }
}

static void draw_row(WINDOW *win, const struct list_def *d, int y, const struct table_layout *t,
                     const char *no, char **cells)
{
    tui_put_cell(win, y, 0, t->nw, no, 1);
    for (int i = 0; i < t->n; i++) {
        int c = t->col[i];

        tui_put_cell(win, y, t->x[i], t->w[i], cells ? cells[c] : _(d->columns[c].header),
                     d->columns[c].align);
    }
}

static void draw_table(WINDOW *win, struct list_page *lp, int y, int h, int w, bool focused)
{
    struct table_layout t;

    layout_table(lp, w, &t);
    wattrset(win, tui_attr(TR_HEADER));
    tui_blank(win, y, 0, w);
    draw_row(win, lp->def, y, &t, _("No."), NULL);
    if (t.left)
        tui_put(win, y, t.left_x, 1, "«");
    if (t.right)
        tui_put(win, y, w - 1, 1, "»");
    wattrset(win, A_NORMAL);
    lp->scrolls = t.scrolls;
    for (int i = 0; i < h; i++) {
        char no[24];

        tui_blank(win, y + 1 + i, 0, w);
        if (i >= lp->rows.n)
            continue;
        if (i == lp->sel)
            wattrset(win, tui_attr(focused && !lp->query_focus ? TR_SEL : TR_SEL_DIM));
        tui_blank(win, y + 1 + i, 0, w);
        /* a marked row shows '*' before its number (NO_COLOR too) */
        g_snprintf(no, sizeof(no), "%s%lld", list_is_marked(lp, lp->rows.rows[i].id) ? "*" : "",
                   (long long)(lp->offset + i + 1));
        draw_row(win, lp->def, y + 1 + i, &t, no, lp->rows.rows[i].cells);
        wattrset(win, A_NORMAL);
    }
}

static void draw_pager(WINDOW *win, const struct list_page *lp, int y, int w)
{
    long long first = lp->rows.n ? lp->offset + 1 : 0, last = lp->offset + lp->rows.n;
    char *text;

    /* L10N: the paging bar; the manual writes 第 a - b 个 (共 n 项目数) */
    text =
        g_strdup_printf(_("Items %lld - %lld (of %lld)"), first, last, (long long)lp->rows.total);
    tui_blank(win, y, 0, w);
    wattrset(win, tui_attr(TR_DIM));
    tui_put(win, y, 0, w, text);
    wattrset(win, A_NORMAL);
    g_free(text);
}

static void place_query(struct list_page *lp, WINDOW *win, int y, int w)
{
    if (lp->query_win == win && lp->query_y == y && lp->query_w == w)
        return;
    for (int i = 0; i < fv_height(lp->query, w); i++)
        tui_blank(win, y + i, 0, w);
    fv_place(lp->query, win, y, 0, w);
    lp->query_win = win;
    lp->query_y = y;
    lp->query_w = w;
}

void list_draw(struct app *app, void *state, WINDOW *win, bool focused)
{
    struct list_page *lp = state;
    int h = getmaxy(win), w = getmaxx(win), y = 0, qh, th, ps;
    int tb = toolbar(NULL, lp, 0, w);  /* its rows: drawn after the fetch */
    bool nh = lp->rows.notice != NULL; /* the notice line under the title */
    static bool relayout;

    wattrset(win, tui_attr(TR_TITLE));
    tui_put_cell(win, y++, 0, w, _(lp->def->title), 0);
    wattrset(win, A_NORMAL);
    if (nh)
        tui_blank(win, y++, 0, w);
    for (int i = 0; i < tb; i++)
        tui_blank(win, y + i, 0, w);
    qh = lp->query ? fv_height(lp->query, w) : 0;
    if (lp->query)
        place_query(lp, win, y + tb, w);
    th = h - y - tb - qh - 2; /* header and pager */
    ps = MAX(1, th);
    if (ps != lp->page_size) {
        lp->page_size = ps;
        lp->offset = lp->offset / ps * ps;
        lp->loaded = false;
    }
    if (lp->def->refresh_s > 0 &&
        g_get_monotonic_time() / G_USEC_PER_SEC - lp->fetched_at >= lp->def->refresh_s)
        lp->loaded = false;
    if (lp->loaded && lp->def->stamp) {
        int64_t stamp = 0;

        if (lp->def->stamp(app, lp->ctx, &stamp) && stamp != lp->stamp)
            lp->loaded = false;
    }
    if (!lp->loaded)
        fetch(app, lp);
    if ((lp->rows.notice != NULL) != nh && !relayout) {
        /* the notice came or went with this fetch: lay the page out again */
        relayout = true;
        list_draw(app, state, win, focused);
        relayout = false;
        return;
    }
    if (nh && lp->rows.notice) {
        wattrset(win, tui_attr(TR_ERROR));
        tui_put_cell(win, 1, 0, w, lp->rows.notice, 0);
        wattrset(win, A_NORMAL);
    }
    /* after the fetch: the toolbar shows what the selected row allows */
    toolbar(win, lp, y, w);
    y += tb + qh;
    draw_table(win, lp, y, th, w, focused);
    draw_pager(win, lp, h - 1, w);
    if (lp->query)
        fv_draw(lp->query, focused && lp->query_focus);
    else
        curs_set(0);
    if (!(focused && lp->query_focus))
        curs_set(0);
}

/* ---------------------------------------------------------------- keys */

static int query_key(struct app *app, struct list_page *lp, int key)
{
    int r = fv_key(lp->query, key);

    if (r == 0) { /* 查询: apply the conditions */
        g_strfreev(lp->applied);
        lp->applied = fv_values(lp->query);
        lp->offset = 0;
        lp->sel = lp->def->start_unselected ? -1 : 0;
        lp->loaded = false;
        app_status(app, STATUS_INFO, "%s", "");
        return UI_REDRAW;
    }
    if (r == 1) { /* 重置: clear the inputs only */
        fv_clear(lp->query);
        return UI_REDRAW;
    }
    if (r == FV_LEAVE || (r == FV_IGNORED && key == K_F(KEY_DOWN))) {
        lp->query_focus = false;
        return UI_REDRAW;
    }
    return r == FV_CONSUMED ? UI_REDRAW : UI_UNHANDLED;
}

static void go_page(struct list_page *lp, int64_t offset, int sel)
{
    int64_t last = lp->rows.total > 0 ? (lp->rows.total - 1) / lp->page_size * lp->page_size : 0;

    offset = CLAMP(offset, 0, last);
    if (offset != lp->offset)
        lp->loaded = false;
    lp->offset = offset;
    lp->sel = sel;
}

static int move_key(struct list_page *lp, int key)
{
    int n = lp->rows.n, ps = lp->page_size;

    switch (key) {
    case K_F(KEY_UP):
        if (lp->sel > 0)
            lp->sel--;
        else if (lp->offset > 0)
            go_page(lp, lp->offset - ps, ps - 1);
        else if (lp->sel < 0 && n > 0)
            lp->sel = 0;
        return UI_REDRAW;
    case K_F(KEY_DOWN):
        if (lp->sel + 1 < n)
            lp->sel++;
        else if (lp->offset + n < lp->rows.total)
            go_page(lp, lp->offset + ps, 0);
        return UI_REDRAW;
    case K_F(KEY_PPAGE):
        go_page(lp, lp->offset - ps, 0);
        return UI_REDRAW;
    case K_F(KEY_NPAGE):
        go_page(lp, lp->offset + ps, 0);
        return UI_REDRAW;
    case K_F(KEY_HOME):
        go_page(lp, 0, 0);
        return UI_REDRAW;
    case K_F(KEY_END):
        go_page(lp, lp->rows.total, 0);
        lp->sel = INT32_MAX; /* clamped to the last row once loaded */
        return UI_REDRAW;
    case K_F(KEY_LEFT):
        if (!lp->scrolls)
            return UI_UNHANDLED;
        lp->hscroll = MAX(0, lp->hscroll - 1);
        return UI_REDRAW;
    case K_F(KEY_RIGHT):
        if (!lp->scrolls)
            return UI_UNHANDLED;
        lp->hscroll++; /* clamped by the next layout */
        return UI_REDRAW;
    case ' ':
        if (n > 0 && lp->sel < 0) {
            lp->sel = 0;
        } else if (lp->marks && lp->sel >= 0 && lp->sel < n) {
            toggle_mark(lp, lp->rows.rows[lp->sel].id);
            if (lp->sel + 1 < n)
                lp->sel++;
        }
        return UI_REDRAW;
    case '*':
        if (!lp->marks)
            return UI_UNHANDLED;
        mark_shown(lp);
        return UI_REDRAW;
    }
    return UI_UNHANDLED;
}

/* Every column of the selected row, one per line, in a dialog. */
static int show_details(struct app *app, struct list_page *lp)
{
    GString *text;
    const struct list_row *row;
    char *title;
    int name = 0;

    if (lp->sel < 0 || lp->sel >= lp->rows.n)
        return UI_UNHANDLED;
    row = &lp->rows.rows[lp->sel];
    text = g_string_new(NULL);
    for (int c = 0; c < lp->def->ncolumns; c++) {
        g_string_append_printf(text, "%s: %s\n", _(lp->def->columns[c].header), row->cells[c]);
        if (c < LIST_MAX_COLUMNS && is_fixed(lp->def, c) && !is_fixed(lp->def, name))
            name = c;
    }
    /* the title names the row: its name column (issue 9) */
    title = dialog_title_on(_(lp->def->title), row->cells[name]);
    dialog_text(app, title, text->str);
    g_free(title);
    g_string_free(text, TRUE);
    return UI_REDRAW;
}

/* The one dispatcher: an action runs only when its prerequisites hold;
 * otherwise the status line says why and nothing else happens. */
static int run_action(struct app *app, struct list_page *lp, const struct list_action *a)
{
    char *why = refusal(lp, a);
    int flags;

    if (why) {
        app_status(app, STATUS_ERROR, "%s", why);
        g_free(why);
        return UI_REDRAW;
    }
    lp->running = a;
    flags = a->run(app, lp, (a->needs & (LN_ROW | LN_ROW_OPT)) ? selected(lp) : NULL);
    lp->running = NULL;
    if (flags & UI_RELOAD)
        lp->loaded = false;
    return flags | UI_REDRAW;
}

int list_key(struct app *app, void *state, int key)
{
    struct list_page *lp = state;
    int r;

    if (lp->query_focus)
        return query_key(app, lp, key);
    if (lp->sel == INT32_MAX)
        lp->sel = lp->rows.n - 1;
    r = move_key(lp, key);
    if (r)
        return r;
    for (int i = 0; i < lp->def->nactions; i++)
        if (lp->def->actions[i].key == key)
            return run_action(app, lp, &lp->def->actions[i]);
    switch (key) {
    case '/':
        if (!lp->query)
            return UI_UNHANDLED;
        lp->query_focus = true;
        fv_focus_first(lp->query);
        return UI_REDRAW;
    case K_F(KEY_F(5)):
    case K_CTRL('r'):
        lp->loaded = false;
        return UI_REDRAW;
    case K_ENTER:
    case '\r':
    case K_F(KEY_ENTER):
        return show_details(app, lp);
    case K_ESC:
    case K_TAB:
        return UI_NAV;
    }
    return UI_UNHANDLED;
}

bool list_has_query(const void *state)
{
    const struct list_page *lp = state;

    return lp->query != NULL;
}

void list_help(void *state, GString *out)
{
    struct list_page *lp = state;

    for (int i = 0; i < lp->def->nactions; i++)
        g_string_append_printf(out, "  %lc  %s\n", (wint_t)lp->def->actions[i].key,
                               _(lp->def->actions[i].label));
    if (lp->query)
        g_string_append_printf(out, "  /  %s\n", _("Go to the query row (Enter: query)"));
    g_string_append_printf(out, "  %s  %s\n", _("Up/Down, PgUp/PgDn, Home/End"),
                           _("Move the selection, change page"));
    if (lp->scrolls) /* only where it works: the table is wider than the pane */
        g_string_append_printf(out, "  %s  %s\n", _("Left/Right"),
                               _("Scroll the columns sideways when they do not fit («, »)"));
    g_string_append_printf(out, "  Enter  %s\n", _("Show every column of the selected row"));
    if (lp->marks) {
        g_string_append_printf(out, "  Space  %s\n",
                               _("Mark or unmark the selected row; actions then act on every "
                                 "marked row"));
        g_string_append_printf(out, "  *  %s\n", _("Mark every row shown (again: unmark them)"));
    }
}

int list_confirm_op_on(struct app *app, const char *title, const char *record, char *question,
                       char *done,
                       bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *),
                       int64_t id)
{
    char *t = dialog_title_on(title, record);
    int r = list_confirm_op(app, t, question, done, op, id);

    g_free(t);
    return r;
}

int list_confirm_op(struct app *app, const char *title, char *question, char *done,
                    bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *),
                    int64_t id)
{
    struct dv_error err = {0};
    int flags = UI_REDRAW;

    if (dialog_confirm(app, title, question)) {
        bool ok = op(app->db, &app->actor, id, &err);

        if (ok)
            app_status(app, STATUS_OK, "%s", done);
        else
            app_status_error(app, &err);
        app_command_done(app, ok);
        flags = UI_RELOAD;
    }
    app_command_done(app, false); /* cancelled, or kept above */
    g_free(question);
    g_free(done);
    return flags;
}

/* ---------------------------------------------------------------- modal */

void list_run_modal(struct app *app, const struct list_def *def, void *ctx)
{
    struct list_page *lp = open_page(app, def, ctx);
    WINDOW *win = NULL;
    PANEL *panel = NULL;
    int key = K_F(KEY_RESIZE);

    bool outer_query = app->modal_query;

    app->modal++;
    for (;;) {
        app->modal_query = lp->query != NULL; /* the key bar offers '/' */
        if (key == K_F(KEY_RESIZE)) {
            if (panel) {
                del_panel(panel);
                delwin(win);
            }
            win = newwin(MAX(3, LINES - 3), COLS, 1, 0); /* the status line stays visible */
            panel = new_panel(win);
            werase(win);
            lp->query_win = NULL; /* place the query row again */
        } else if (key == K_NONE) {
            /* a second without a key: the page refreshes itself (refresh_s,
             * stamp) when it draws */
            if (app_leaving(app))
                break;
        } else {
            int r;

            if (key == K_TAB && !lp->query_focus) {
                /* Tab moves the focus to the query row, if there is one;
                 * it never closes the page (Esc does) */
                if (lp->query) {
                    lp->query_focus = true;
                    fv_focus_first(lp->query);
                }
                r = UI_REDRAW;
            } else {
                r = list_key(app, lp, key);
            }
            /* the keys every page shares (app.h), q quitting as elsewhere */
            if (r == UI_UNHANDLED)
                r = app_common_key(app, key, lp->query_focus, list_help, lp);
            if ((r & UI_NAV) || (r == UI_UNHANDLED && key == K_ESC) || app_leaving(app))
                break;
        }
        list_draw(app, lp, win, true);
        app_draw_status(app);
        update_panels();
        doupdate();
        /* a page that refreshes itself is drawn again each second */
        key = app_read_key(app, lp->def->refresh_s > 0 || lp->def->stamp ? 1000 : -1);
    }
    app->modal--;
    app->modal_query = outer_query;
    del_panel(panel);
    delwin(win);
    list_close(lp);
    update_panels();
    curs_set(0);
}
