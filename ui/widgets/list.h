/* list.h - the generic list page (spec C1-C5, C11): title, toolbar of
 * actions with hotkeys, a query row (查询 applies, 重置 only clears: C3), a
 * table with the running 序号 column, and the paging bar
 * "第 a - b 个 (共 n 项目数)".  A page is its tables plus a fetch function;
 * only the visible page of rows is ever read. */
#ifndef DV_LIST_H
#define DV_LIST_H

#include "app.h"
#include "widgets/form.h"

struct list_row {
    int64_t id;
    char **cells; /* one string per column, g_strfreev'd by the engine */
};

struct list_rows {
    struct list_row *rows;
    int n;
    int64_t total; /* rows matching the query, all pages */
};

struct list_page;

/* Prerequisites of an action, checked once by the dispatcher. */
enum list_need {
    LN_NONE = 0,
    LN_ROW = 1 << 0, /* a selected row (C5) */
};

struct list_action {
    int key;            /* hotkey (a letter; stays the same in every language) */
    const char *label;  /* msgid */
    unsigned needs;     /* enum list_need */
    /* returns enum ui_flags; row is NULL unless LN_ROW */
    int (*run)(struct app *app, struct list_page *lp, const struct list_row *row);
};

struct list_column {
    const char *header; /* msgid */
    int min_width;      /* cells the data keeps before it is cut */
    int weight;         /* share of the spare width */
    int align;          /* 0 left, 1 right */
    int hide_below;     /* hidden while the page is narrower than this (0: always shown) */
};

struct list_def {
    const char *title; /* msgid */
    const struct list_column *columns;
    int ncolumns;
    const struct fv_def *query; /* may be NULL: no query row */
    const struct list_action *actions;
    int nactions;
    /* One page of rows for the applied query values (NULL without a query
     * row); false with err when the query is refused. */
    bool (*fetch)(struct app *app, char **query, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err);
    /* Start with no row selected; actions needing one stay disabled until
     * the user selects a row (M5.5.1). */
    bool start_unselected;
    /* re-read the page every refresh_s seconds (0: only on F5 and actions) */
    int refresh_s;
};

/* Enter on a row shows every column of it in a dialog (hidden ones too). */

/* The screen_ops functions of a list page; ops->data is its struct list_def. */
void *list_open(struct app *app, const void *def);
void list_draw(struct app *app, void *state, WINDOW *win, bool focused);
int list_key(struct app *app, void *state, int key);
void list_close(void *state);
void list_help(void *state, GString *out);

/* Show def as a modal full-screen list over the main screen (a sub-page such
 * as a host's history); Esc or q closes it. */
void list_run_modal(struct app *app, const struct list_def *def);

/* The common shape of a destructive row action: ask question under title
 * (C7); on OK run op(db, actor, id) and show done, else the error.  Takes
 * ownership of question and done (already translated and formatted).
 * Returns UI_RELOAD, or UI_REDRAW when cancelled. */
int list_confirm_op(struct app *app, const char *title, char *question, char *done,
                    bool (*op)(struct db *, const struct dv_actor *, int64_t, struct dv_error *),
                    int64_t id);

/* For actions: re-read the current page, keeping the selection in range. */
void list_reload(struct app *app, struct list_page *lp);

/* Free rows filled by a fetch. */
void list_rows_free(struct list_rows *r);
/* Append a row of n cells (taking ownership of the strings). */
void list_rows_add(struct list_rows *r, int64_t id, int n, ...);

#define LIST_SCREEN(NAME, DEF)                                                                 \
    const struct screen_ops NAME = {.name = #NAME,                                             \
                                    .data = &DEF,                                              \
                                    .open = list_open,                                         \
                                    .draw = list_draw,                                         \
                                    .key = list_key,                                           \
                                    .close = list_close,                                       \
                                    .help = list_help}

#endif
