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

/* Polled by dialog_progress: true when the work has ended; *fraction gets
 * the share done in [0, 1], or < 0 when it is not known. */
typedef bool (*dialog_poll_fn)(void *ctx, double *fraction);
/* A progress bar under text, redrawn about five times a second until poll
 * says the work (running elsewhere, e.g. in a thread) has ended.  Keys are
 * read and a resize redraws, but nothing interrupts the work. */
void dialog_progress(struct app *app, const char *title, const char *text, dialog_poll_fn poll,
                     void *ctx);
/* A long text (help) with Up/Down/PgUp/PgDn; any other key closes. */
void dialog_text(struct app *app, const char *title, const char *text);

#endif
