/* progress.h - a progress dialog for long work done piece by piece in the
 * console's own thread (an image import copies chunk by chunk): after each
 * piece the work reports how far it is; the dialog redraws at most ten times
 * a second, reads keys without waiting (so a resize or Esc is seen at once)
 * and tells the work to stop when Esc was pressed. */
#ifndef DV_PROGRESS_H
#define DV_PROGRESS_H

#include "app.h"

struct progress;

/* A dialog titled title (translated) showing text (e.g. what is copied
 * where) above the bar; nothing is drawn before the first report. */
struct progress *progress_new(struct app *app, const char *title, const char *text);
/* Close the dialog (NULL is allowed). */
void progress_free(struct progress *p);

/* Report done of total units (bytes); ctx is the struct progress, so that
 * this serves directly as a core progress callback.  False once Esc was
 * pressed: the work should stop and undo itself. */
bool progress_report(void *ctx, uint64_t done, uint64_t total);

/* The bar's text for done of total in w cells, "[####....]" with the
 * percentage after it; g_free it (used without colours and in tests). */
char *progress_bar_text(uint64_t done, uint64_t total, int w);

#endif
