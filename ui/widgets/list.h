/* list.h - the generic list page (spec C1-C5, C11): title, toolbar of
 * actions with hotkeys, a query row (查询 applies, 重置 only clears: C3), a
 * table with the running 序号 column, and the paging bar
 * "第 a - b 个 (共 n 项目数)".  A page is its tables plus a fetch function;
 * only the visible page of rows is ever read.  The actions' prerequisites
 * (widgets/action.h) are checked by one dispatcher here; a sub-page gets its
 * context (the pool, the host...) through list_run_modal(). */
#ifndef DV_LIST_H
#define DV_LIST_H

#include "app.h"
#include "widgets/action.h"
#include "widgets/form.h"

struct list_rows {
    struct list_row *rows;
    int n;
    int64_t total; /* rows matching the query, all pages */
    char *notice;  /* a line about the whole page under the title (list_rows_set_notice) */
};

enum list_align { LA_LEFT, LA_RIGHT };

struct list_column {
    const char *header; /* msgid */
    int min_width;      /* cells the data keeps before it is cut */
    int weight;         /* share of the spare width */
    enum list_align align;
    int hide_below; /* a pane narrower than this first shows the table without
                     * it ("»"), reachable with Right (0: in the first view) */
    bool fixed;     /* stays in place when the table scrolls sideways (the name
                     * column; the first column when no column says so) */
};

struct list_def {
    const char *title; /* msgid */
    const struct list_column *columns;
    int ncolumns;
    const struct fv_def *query; /* may be NULL: no query row */
    const struct list_action *actions;
    int nactions;
    /* One page of rows for the applied query values (NULL without a query
     * row); false with err when the query is refused.  ctx is the page's
     * context (list_run_modal's, NULL for a page of the navigation). */
    bool (*fetch)(struct app *app, void *ctx, char **query, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err);
    /* the states of the page and its rows, for actions with LN_STATE */
    const struct list_states *states;
    /* Start with no row selected; actions needing one stay disabled until
     * the user selects a row (M5.5.1). */
    bool start_unselected;
    /* re-read the page every refresh_s seconds (0: only on F5 and actions) */
    int refresh_s;
    /* may be NULL: a number that moves when the page's records change
     * elsewhere (another process, a host's event), read at every draw (so
     * at least each second the key loop waits; keep it cheap): the page is
     * re-read when it differs from the value read before the last fetch */
    bool (*stamp)(struct app *app, void *ctx, int64_t *out);
    /* D15: Space marks the selected row (and moves down), '*' marks every
     * row shown (or unmarks them when all are); a marked row's number
     * starts with '*'.  Actions with LN_BULK act on the marked rows. */
    bool markable;
};

/* The table: every column gets at least its header's display width and
 * the rest is shared by content; when that does not fit, first the
 * hide_below columns move out of sight, then (in a pane narrower than 100
 * cells) headers are cut, never below their first word; when even that
 * does not fit, or the pane is wider, the table scrolls
 * sideways with Left/Right ("«" and "»" mark the columns out of sight) and
 * 序号 and the fixed (name) column stay in place.  Enter on a row shows every column
 * of it as "label: value" lines in a scrollable dialog. */

/* The screen_ops functions of a list page; ops->data is its struct list_def. */
void *list_open(struct app *app, const void *def);
void list_draw(struct app *app, void *state, WINDOW *win, bool focused);
int list_key(struct app *app, void *state, int key);
void list_close(void *state);
void list_help(void *state, GString *out);
/* The page (a list_open state) has a query row, so '/' works there. */
bool list_has_query(const void *state);

/* Show def as a modal full-screen list over the main screen (a sub-page such
 * as a host's history) with the context ctx (the host, the pool...) handed to
 * its fetch function, its state function and, through list_ctx(), its
 * actions; Esc closes it (q quits, after the question, as everywhere); Tab
 * goes to its query row when it has one, and never closes it. */
void list_run_modal(struct app *app, const struct list_def *def, void *ctx);

/* The context the page was opened with. */
void *list_ctx(const struct list_page *lp);
/* Inside an action's run: the .arg of that action. */
int list_action_arg(const struct list_page *lp);

/* The common shape of a destructive row action: ask question under title
 * (C7); on OK run op(db, actor, id) and show done, else the error; the
 * command set with app_command_pending() before is kept for F4 when op
 * succeeded (dropped otherwise).  Takes
 * ownership of question and done (already translated and formatted).
 * Returns UI_RELOAD, or UI_REDRAW when cancelled. */
int list_confirm_op(struct app *app, const char *title, char *question, char *done,
                    bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *),
                    int64_t id);

/* list_confirm_op with a title naming the record: "title: record". */
int list_confirm_op_on(struct app *app, const char *title, const char *record, char *question,
                       char *done,
                       bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *),
                       int64_t id);

/* The ids of the marked rows (n of them; g_free it), in no order. */
int64_t *list_marked(const struct list_page *lp, int *n);
bool list_is_marked(const struct list_page *lp, int64_t id);
void list_marks_clear(struct list_page *lp);

/* For actions: re-read the current page, keeping the selection in range. */
void list_reload(struct app *app, struct list_page *lp);

/* Free rows filled by a fetch. */
void list_rows_free(struct list_rows *r);
/* Append a row of n cells (taking ownership of the strings). */
void list_rows_add(struct list_rows *r, int64_t id, int n, ...);
/* A fetch's warning about the whole page, shown on a line under the title
 * until the next fetch (the host list: the service is not running); takes text. */
void list_rows_set_notice(struct list_rows *r, char *text);
/* Give the row added last its state (a LIST_STATE() bit, see list_states). */
void list_rows_set_state(struct list_rows *r, unsigned state);

#define LIST_SCREEN(NAME, DEF)                                                                     \
    const struct screen_ops NAME = {.name = #NAME,                                                 \
                                    .data = &DEF,                                                  \
                                    .open = list_open,                                             \
                                    .draw = list_draw,                                             \
                                    .key = list_key,                                               \
                                    .close = list_close,                                           \
                                    .help = list_help}

#endif
