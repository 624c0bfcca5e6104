/* dialog.h - modal dialogs on panels: a form, a confirmation, a message and
 * a scrollable text.  Each reads keys through app_read_key() and survives a
 * resize. */
#ifndef DV_DIALOG_H
#define DV_DIALOG_H

#include "app.h"
#include "widgets/form.h"

/* Called on OK with the form's values (in field order); returns false with
 * err (naming the field) to keep the dialog open. */
typedef bool (*dialog_submit_fn)(struct app *app, void *ctx, char **values, struct dv_error *err);

/* Run def as a modal dialog with initial values (may be NULL).  First the
 * FV_PICK fields with a pick function read their choices (with ctx); when one
 * cannot, the status line says why and false is returned, no dialog shown.
 * OK checks the required fields, then calls submit.  True when submit
 * succeeded, false when cancelled.  cancel_ok: Esc/Cancel allowed (false for forced dialogs, which
 * then return false only when the user asks to quit with F10). */
bool dialog_form(struct app *app, const struct fv_def *def, char *const *initial,
                 dialog_submit_fn submit, void *ctx);

/* dialog_form for a dialog that acts on a record: its title names it,
 * "<title>: <record>" (issue 9); record NULL or empty: the title alone.
 * Esc (or Cancel) on a form whose values changed asks "Discard the
 * changes?" first, in every form dialog but those with quiet_cancel. */
bool dialog_form_on(struct app *app, const struct fv_def *def, const char *record,
                    char *const *initial, dialog_submit_fn submit, void *ctx);

/* dialog_form_on opened with first (may be NULL) shown beside its field,
 * which gets the focus, and on the status line: a save refused by a rule
 * about this dialog's field sends the user back here (M11.3n). */
bool dialog_form_error(struct app *app, const struct fv_def *def, const char *record,
                       char *const *initial, const struct dv_error *first,
                       dialog_submit_fn submit, void *ctx);

/* The title of a dialog acting on record: "title: record" (title already
 * translated; record NULL or empty: title); g_free it. */
char *dialog_title_on(const char *title, const char *record);

/* Ask "Discard the changes?" under title; true when the user says OK. */
bool dialog_discard_ok(struct app *app, const char *title);

/* 确定 / 取消 around text; true on OK. */
bool dialog_confirm(struct app *app, const char *title, const char *text);

/* A message closed by any key. */
void dialog_message(struct app *app, const char *title, const char *text);

struct choice_list;

/* A checklist of l's entries: Space toggles, Enter accepts, Esc cancels.  On
 * accept the entries' `on` flags hold the choice and true is returned. */
bool dialog_checklist(struct app *app, const char *title, struct choice_list *l);

/* Choose one of n labels: the index, or -1 when cancelled. */
int dialog_menu(struct app *app, const char *title, const char *const *labels, int n);

/* A long text (help) with Up/Down/PgUp/PgDn; any other key closes. */
void dialog_text(struct app *app, const char *title, const char *text);

#endif
