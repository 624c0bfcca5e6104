/* form.h - a declarative form on ncursesw's form library.
 *
 * A form is described by a table of fields (key, label, kind, required,
 * limits, hint) and buttons; a form view shows it in a window, either as a
 * column (label, field, error beside it: dialogs and settings pages) or as a
 * row (a list page's query row).  The view edits; it never validates beyond
 * "required": rules belong to the core, whose dv_error names the field. */
#ifndef DV_FORM_H
#define DV_FORM_H

#include "app.h"
#include "base/validate.h"

enum fv_kind {
    FV_TEXT,
    FV_PASSWORD, /* masked with '*' */
    FV_CHOICE,   /* one of choices[] (msgids); Space, Left and Right change it */
    FV_PICK,     /* like FV_CHOICE among records: choices[] are shown as they are */
    FV_READONLY, /* shown, never focused */
};

struct choice_list;

/* Reads the records an FV_PICK field chooses among (ctx: the dialog's). */
typedef bool (*fv_pick_fn)(struct app *app, void *ctx, struct choice_list *out,
                           struct dv_error *err);

struct fv_field {
    const char *key;   /* matches dv_error.field */
    const char *label; /* msgid */
    enum fv_kind kind;
    bool required;     /* marked '*'; empty refused before submit */
    int max;           /* characters accepted, 0 = FV_MAX_DEFAULT */
    /* cells of the input box, 0 = FV_WIDTH_DEFAULT (a choice: its widest) */
    int width;
    const char *const *choices; /* FV_CHOICE: msgids, NULL-terminated */
    const char *const *values;  /* FV_CHOICE: stored value of each choice */
    const char *hint;  /* msgid shown in the status line while focused, or NULL */
    /* FV_PICK in a dialog: the choices come from the core when it opens.
     * When they cannot be read, the dialog is not opened and the status line
     * gives the core's reason; nor when there is nothing to choose (and no
     * pick_none), then it says pick_empty. */
    fv_pick_fn pick;
    const char *pick_none;  /* msgid of a first entry "none" (value "0"), or NULL */
    const char *pick_empty; /* msgid: why the dialog cannot open without a choice */
    bool pick_by_label;     /* the value stored is the label, not the record's id */
    /* FV_PICK in a dialog: the texts of the FV_READONLY fields right after
     * it (the chosen subnet's address, netmask...) for the choice value,
     * NULL-terminated (g_strfreev'd); read when the dialog opens and again
     * whenever the choice changes.  ctx is the dialog's. */
    char **(*detail)(struct app *app, void *ctx, const char *value);
};

#define FV_MAX_DEFAULT    DV_NAME_MAX
#define FV_WIDTH_DEFAULT  28
#define FV_WIDTH_PASSWORD 20

enum fv_layout { FV_COLUMN, FV_ROW };

struct fv_def {
    const char *title; /* msgid, may be NULL */
    const struct fv_field *fields;
    int nfields;
    const char *const *buttons; /* msgids, NULL-terminated */
    enum fv_layout layout;
    /* Esc drops typed values without asking "Discard the changes?" (the
     * login dialogs, where Esc means quit) */
    bool quiet_cancel;
    /* "noun verb" of the dosvmctl command that does what the dialog does
     * (issue 12), or NULL: after a successful submit the console keeps
     * that command, with the app's command context and the fields' values
     * as options (passwords, read-only and empty fields left out; a pick
     * gives the label of its choice), for F4 */
    const char *command;
};

/* fv_key() results besides a button index (>= 0) */
#define FV_IGNORED (-1)  /* not a key of the form */
#define FV_CONSUMED (-2) /* handled */
#define FV_LEAVE (-3)    /* Esc */

struct form_view;

/* A view with initial values (may be NULL; a choice takes its stored value). */
struct form_view *fv_new(const struct fv_def *def, char *const *values);
void fv_free(struct form_view *fv);

/* Lay out in win from row y, column x, within w cells; returns rows used.
 * Call again after a resize (the values are kept). */
int fv_place(struct form_view *fv, WINDOW *win, int y, int x, int w);
/* Rows the view needs at width w. */
int fv_height(const struct form_view *fv, int w);

/* Draw; focused shows the cursor and the focus highlight. */
void fv_draw(struct form_view *fv, bool focused);

/* Give a key; see FV_* above. */
int fv_key(struct form_view *fv, int key);

/* Current values, trimmed (a choice gives its stored value); g_strfreev. */
char **fv_values(struct form_view *fv);
void fv_set_value(struct form_view *fv, int i, const char *v);
/* Empty every editable field (a choice goes back to its first value). */
void fv_clear(struct form_view *fv);

/* Show err beside its field (or on the message line) and focus that field. */
void fv_set_error(struct form_view *fv, const struct dv_error *err);
void fv_clear_error(struct form_view *fv);

/* Refuse an empty required field: fill err and return false. */
bool fv_check_required(struct form_view *fv, struct dv_error *err);

/* Focus the first field (or button index -1 - b). */
void fv_focus_first(struct form_view *fv);
/* Focus the field whose key is key (nothing happens when there is none). */
void fv_focus_key(struct form_view *fv, const char *key);
/* The focused field, or NULL when a button has the focus. */
const struct fv_field *fv_focus_field(const struct form_view *fv);
/* The hint of the focused field, translated, or NULL. */
const char *fv_hint(const struct form_view *fv);

/* Choices of an FV_PICK field made from records: labels and their ids as
 * values, NULL-terminated; first a "none" entry (value "0") when none is not
 * NULL. */
struct fv_pick {
    char **labels;
    char **values;
};
void fv_pick_fill(struct fv_pick *p, const struct choice_list *l, const char *none);
void fv_pick_free(struct fv_pick *p);

/* The common button sets. */
extern const char *const fv_ok_cancel[];
extern const char *const fv_query_reset[];
/* The query row of the lists searched by a part of the Chinese or English
 * name (one field, key "name"). */
extern const struct fv_def fv_query_name;
extern const char *const fv_save[];

#endif
