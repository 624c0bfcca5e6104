/* action.h - a list page's toolbar actions and their prerequisites, checked
 * once by the list engine's dispatcher (as neomutt's CHECK_* flags): a
 * selected row, the system administrator's role, a state of the page and
 * its selected row.  An action that is not available is drawn dim and, when
 * pressed, does nothing but say why in the status line.  No curses here, so
 * that the rules are unit-tested (tests/ui/test-action.c). */
#ifndef DV_ACTION_H
#define DV_ACTION_H

#include "base/dv.h"

struct app;
struct list_page;

struct list_row {
    int64_t id;
    char **cells;   /* one string per column, g_strfreev'd by the engine */
    unsigned state; /* its LIST_STATE() bit, from the fetch function (0: none) */
};

/* Prerequisites of an action (struct list_action.needs). */
enum list_need {
    LN_NONE = 0,
    LN_ROW = 1 << 0,     /* a selected row (C5) */
    LN_SYSADM = 1 << 1,  /* the system administrator's session */
    LN_STATE = 1 << 2,   /* the page's state is one of the action's .states */
    LN_BULK = 1 << 4,    /* with rows marked (list_marked) it acts on them: no row
                          * or state is required then (each row is checked itself) */
    LN_ROW_OPT = 1 << 3, /* the selected row when there is one, else NULL (M7.2.1.4) */
};

/* State number n of a page as a bit of struct list_action.states. */
#define LIST_STATE(n) (1u << (n))

/* The states a page and its selected row can be in (a VM: running, paused,
 * shut off...; a volume: its file present or missing). */
struct list_states {
    /* The state of the page with the selected row (NULL when none is
     * selected or the action needs none): one LIST_STATE() bit, or 0 when
     * it is not known (then no LN_STATE action is available). */
    unsigned (*of)(void *ctx, const struct list_row *row);
    /* msgid of each state number: why an action is not possible in it,
     * such as "Not possible while the volume is missing." */
    const char *const *reasons;
    int n;
};

struct list_action {
    int key;           /* hotkey (a letter; stays the same in every language) */
    const char *label; /* msgid */
    unsigned needs;    /* enum list_need */
    unsigned states;   /* LN_STATE: the LIST_STATE() bits in which it works */
    /* returns enum ui_flags; row is NULL unless LN_ROW or LN_ROW_OPT;
     * list_ctx(lp) is the page's context */
    int (*run)(struct app *app, struct list_page *lp, const struct list_row *row);
    int arg; /* a value for run, read with list_action_arg(): one run for a family of actions */
};

/* A list_states.of for pages whose rows carry their state: the row's. */
unsigned list_row_state(void *ctx, const struct list_row *row);

/* Why a cannot run now, translated (g_free it), or NULL when it can: the
 * role first (sysadm is the session's), then the row (row: the selected
 * one or NULL), then the state (st->of(ctx, row) must be in a->states). */
char *list_action_refusal(const struct list_action *a, const struct list_states *st, void *ctx,
                          const struct list_row *row, bool sysadm);

#endif
