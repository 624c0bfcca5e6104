/* progress.h - the one progress dialog: it watches a background job
 * (jobs/job.h) and shows what it does, a bar (or, while the job cannot tell
 * how far it is, a moving block and the seconds spent) and the job's own
 * progress text.  It redraws several times a second, follows resizes, and
 * keeps polling the jobs through app_read_key().  Esc cancels a job that can
 * be cancelled (and says so when it cannot); b sends the job to the
 * background: it goes on, its task stays on the Tasks page, and the status
 * line tells when it has ended. */
#ifndef DV_PROGRESS_H
#define DV_PROGRESS_H

#include "app.h"
#include "jobs/job.h"

enum progress_end {
    PROGRESS_ENDED,      /* the job has ended: job_ok(), job_error() say how */
    PROGRESS_BACKGROUND, /* the user sent it to the background; it runs on */
};

/* Watch job in a dialog titled title with text (what is done, translated)
 * above the bar, until it ends or goes to the background. */
enum progress_end progress_run(struct app *app, struct job *job, const char *title,
                               const char *text);

/* The usual way to run a job the user waits for: progress_run(), then its
 * outcome.  True when it succeeded or went to the background (*background,
 * may be NULL, tells which); false with err (the job's error) otherwise.
 * Takes the caller's reference to job; a NULL job (refused by its start)
 * returns false and leaves err as the start filled it. */
bool progress_wait(struct app *app, struct job *job, const char *title, const char *text,
                   bool *background, struct dv_error *err);

/* The status-line sentence after a job went to the background. */
const char *progress_background_note(void);

/* True while a progress dialog watches job (its end is shown there, not in
 * the status line). */
bool progress_watching(const struct job *job);

/* The bar in w cells: "[####----] 42%" for a fraction in [0, 1], or a
 * moving block and the seconds spent ("[--###---]  12s") when fraction < 0;
 * g_free it. */
char *progress_bar_text(double fraction, int64_t elapsed_s, int w);

/* The status-line sentence for an ended job (its result, or its error):
 * "Refresh storage pool 'p1': 3 volumes added." (g_free it). */
char *progress_job_summary(const struct job *job);

#endif
