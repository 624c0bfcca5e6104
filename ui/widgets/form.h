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

enum fv_kind {
    FV_TEXT,
    FV_PASSWORD, /* masked with '*' */
    FV_CHOICE,   /* one of choices[] (msgids); Space, Left and Right change it */
    FV_PICK,     /* like FV_CHOICE among records: choices[] are shown as they are */
    FV_READONLY, /* shown, never focused */
};

struct fv_field {
    const char *key;   /* matches dv_error.field */
    const char *label; /* msgid */
    enum fv_kind kind;
    bool required;     /* marked '*'; empty refused before submit */
    int max;           /* characters accepted, 0 = 64 */
    int width;         /* cells of the input box, 0 = fit */
    const char *const *choices; /* FV_CHOICE: msgids, NULL-terminated */
    const char *const *values;  /* FV_CHOICE: stored value of each choice */
    const char *hint;  /* msgid shown in the status line while focused, or NULL */
};

enum fv_layout { FV_COLUMN, FV_ROW };

struct fv_def {
    const char *title; /* msgid, may be NULL */
    const struct fv_field *fields;
    int nfields;
    const char *const *buttons; /* msgids, NULL-terminated */
    enum fv_layout layout;
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
/* The hint of the focused field, translated, or NULL. */
const char *fv_hint(const struct form_view *fv);

/* Choices of an FV_PICK field made from records: labels and their ids as
 * values, NULL-terminated; first a "none" entry (value "0") when none is not
 * NULL. */
struct fv_pick {
    char **labels;
    char **values;
};
struct choice_list;
void fv_pick_fill(struct fv_pick *p, const struct choice_list *l, const char *none);
void fv_pick_free(struct fv_pick *p);

/* The common button sets. */
extern const char *const fv_ok_cancel[];
extern const char *const fv_query_reset[];
extern const char *const fv_save[];

#endif
