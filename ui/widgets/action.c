/* action.c - the prerequisites of toolbar actions */
#include "widgets/action.h"

/* The reason of state s (one bit), or a general sentence when the page's
 * table has none. */
static char *state_reason(const struct list_states *st, unsigned s)
{
    for (int i = 0; st && s && i < st->n; i++)
        if (s == LIST_STATE(i) && st->reasons[i])
            return g_strdup(_(st->reasons[i]));
    return g_strdup(_("This operation is not possible in the current state."));
}

unsigned list_row_state(void *ctx, const struct list_row *row)
{
    return row ? row->state : 0;
}

char *list_action_refusal(const struct list_action *a, const struct list_states *st, void *ctx,
                          const struct list_row *row, bool sysadm)
{
    unsigned s;

    if ((a->needs & LN_SYSADM) && !sysadm)
        /* L10N: %s is the label of a toolbar button */
        return g_strdup_printf(_("Only the system administrator can use '%s'."), _(a->label));
    if ((a->needs & LN_ROW) && !row)
        return g_strdup(_("Please select a record first."));
    if (!(a->needs & LN_STATE))
        return NULL;
    s = st && st->of ? st->of(ctx, (a->needs & LN_ROW) ? row : NULL) : 0;
    return s & a->states ? NULL : state_reason(st, s);
}
