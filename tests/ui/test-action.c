/* test-action.c - the prerequisites of toolbar actions, checked once by the
 * list engine's dispatcher: role, then row, then the page's state
 * features: M5.5.1 */
#include "widgets/action.h"
#include "lib/tap.h"

#include <locale.h>

/* A page whose rows are in the state their id says; it records what it saw. */
struct page {
    int calls;
    bool saw_null_row;
};

static unsigned state_of(void *ctx, const struct list_row *row)
{
    struct page *p = ctx;

    p->calls++;
    if (!row) {
        p->saw_null_row = true;
        return LIST_STATE(4);
    }
    return row->id < 0 ? 0 : LIST_STATE(row->id);
}

static const char *const reasons[] = {
    "Not possible while the VM is shut off.",
    "Not possible while the VM is running.",
    "Not possible while the VM is paused.",
    NULL, /* state 3 has no sentence of its own */
    NULL,
};
static const struct list_states states = {.of = state_of, .reasons = reasons, .n = 5};

static int run(struct app *app, struct list_page *lp, const struct list_row *row)
{
    return 0;
}

/* The refusal of a for row (NULL: none selected) as a string ("" when none). */
static char *why(const struct list_action *a, const struct list_states *st, struct page *p,
                 const struct list_row *row, bool sysadm)
{
    char *r = list_action_refusal(a, st, p, row, sysadm);

    return r ? r : g_strdup("");
}

#define IS_WHY(A, ST, P, ROW, SYSADM, WANT, DESC)                                                  \
    do {                                                                                           \
        char *why_ = why(A, ST, P, ROW, SYSADM);                                                   \
        is_str(why_, WANT, DESC);                                                                  \
        g_free(why_);                                                                              \
    } while (0)

int main(void)
{
    struct page p = {0};
    struct list_row r0 = {.id = 0}, r1 = {.id = 1}, r3 = {.id = 3}, unknown = {.id = -1};
    const struct list_action plain = {.key = 'a', .label = "Add", .run = run};
    const struct list_action on_row = {.key = 'e', .label = "Modify", .needs = LN_ROW, .run = run};
    const struct list_action admin = {
        .key = 'd', .label = "Delete", .needs = LN_ROW | LN_SYSADM, .run = run};
    const struct list_action start = {.key = 's',
                                      .label = "Start",
                                      .needs = LN_ROW | LN_STATE,
                                      .states = LIST_STATE(0) | LIST_STATE(2),
                                      .run = run};
    const struct list_action create = {
        .key = 'c', .label = "Create", .needs = LN_STATE, .states = LIST_STATE(4), .run = run};

    setlocale(LC_ALL, "C.UTF-8");

    IS_WHY(&plain, NULL, &p, NULL, false, "", "an action without prerequisites always runs");
    IS_WHY(&on_row, NULL, &p, NULL, true, "Please select a record first.",
           "a row action without a row asks for one (C5)");
    IS_WHY(&on_row, NULL, &p, &r1, false, "", "... and runs with one");

    IS_WHY(&admin, NULL, &p, &r1, false, "Only the system administrator can use 'Delete'.",
           "a sysadm action is refused to a project admin, naming the button");
    IS_WHY(&admin, NULL, &p, NULL, false, "Only the system administrator can use 'Delete'.",
           "... the role is checked before the row");
    IS_WHY(&admin, NULL, &p, NULL, true, "Please select a record first.",
           "... then the row, for the sysadm");
    IS_WHY(&admin, NULL, &p, &r1, true, "", "... and the sysadm runs it with a row");

    IS_WHY(&start, &states, &p, &r0, false, "", "a state action runs in one of its states");
    IS_WHY(&start, &states, &p, &r1, false, "Not possible while the VM is running.",
           "... and is refused in another, with that state's sentence");
    IS_WHY(&start, &states, &p, &r3, false, "This operation is not possible in the current state.",
           "a state without a sentence gets the general one");
    IS_WHY(&start, &states, &p, &unknown, false,
           "This operation is not possible in the current state.",
           "an unknown state (0) allows no state action");
    p.calls = 0;
    IS_WHY(&start, &states, &p, NULL, false, "Please select a record first.",
           "the row is checked before the state");
    is_int(p.calls, 0, "... so the state function is not asked without a row");
    IS_WHY(&start, NULL, &p, &r0, false, "This operation is not possible in the current state.",
           "a page without states allows no state action");

    p.saw_null_row = false;
    IS_WHY(&create, &states, &p, &r1, false, "",
           "an action without LN_ROW asks for the page's state");
    ok(p.saw_null_row, "... with no row, even when one is selected");
    is_int(p.calls, 1, "... and the page's context reaches the state function");
    return tap_done();
}
