/* job.h - background jobs: long or remote work off the owner's thread (D11).
 *
 * An operation splits its work in three: what needs the database runs on the
 * owner's thread before job_start(); the work function runs on a worker of
 * a thread pool and may only touch what it was handed (never the owner's
 * database connection); the finish function runs again on the owner's
 * thread, from job_poll(), and turns the worker's result into records and an
 * audit row.  The console polls from its key loop, dosvmd from its main loop
 * (job_source_add()); tests and synchronous callers use job_wait().
 *
 * A job reports progress (a fraction and a short text), can be cancelled
 * when its work checks the cancellable, and has a timeout: when the worker
 * has not returned by then (stuck in a call to a host that never answers),
 * the job ends as failed with DV_ERR_TIMEOUT; the worker is abandoned and
 * whatever it returns later is freed without being looked at.
 *
 * Every job started with a database has a task row (jobs/task.h) written
 * when it starts and when it ends, on the owner's thread. */
#ifndef DV_JOB_H
#define DV_JOB_H

#include "base/dv.h"
#include <gio/gio.h>

struct db;

enum job_state {
    JOB_RUNNING,
    JOB_OK,
    JOB_FAILED,
    JOB_CANCELLED,
    JOB_TIMEOUT,
};

/* The default timeout of a job: DOSVM_JOB_TIMEOUT_S when set (a whole
 * number of seconds above 0, used by tests), else this. */
#define JOB_TIMEOUT_DEFAULT_S 120
/* spec.timeout_s of a job that may run as long as it needs (a local copy) */
#define JOB_NO_TIMEOUT (-1)

struct job;
/* What the work function sees of its job (thread-safe calls only). */
struct job_ctx;

/* Runs on a worker thread.  May put a result in *result (freed with the
 * spec's result_free); returns false with err on failure (DV_ERR_CANCELLED
 * when it stopped because it was cancelled). */
typedef bool (*job_work_fn)(struct job_ctx *ctx, void *data, void **result, struct dv_error *err);
/* Runs on the owner's thread with what the work returned: ok and err as the
 * work left them (or DV_ERR_TIMEOUT with result NULL).  Writes the records
 * and the audit row; returns the job's outcome, err filled when false.  May
 * call job_set_result_text().  result is freed after it returns. */
typedef bool (*job_finish_fn)(struct job *job, void *data, bool ok, void *result,
                              struct dv_error *err);

struct job_spec {
    const char *what;   /* English msgid of the operation (task list, audit) */
    const char *object; /* the record's name, may be NULL */
    const char *host;   /* the host's name, may be NULL */
    bool cancellable;
    int timeout_s; /* 0: job_default_timeout_s(); JOB_NO_TIMEOUT: none */
    job_work_fn work;
    job_finish_fn finish; /* may be NULL */
    void *data;           /* handed to work and finish */
    /* frees data once both the owner and the worker are done with it; it
     * may run on the worker's thread */
    GDestroyNotify data_free;
    GDestroyNotify result_free;
    bool quiet; /* housekeeping: the notifier is not called when it ends */
};

/* The timeout a job gets when its spec says 0. */
int job_default_timeout_s(void);

/* Start the work of spec on a worker.  db may be NULL (no task row); with a
 * db the task is written first (a failure to write it refuses the job:
 * NULL with err, and data freed).  The caller holds one reference. */
struct job *job_start(struct db *db, const struct dv_actor *actor, const struct job_spec *spec,
                      struct dv_error *err);

struct job *job_ref(struct job *job);
void job_unref(struct job *job);

/* On the owner's thread: end every job of this thread whose worker has
 * returned or whose time is up (running its finish, writing its task row,
 * calling the notifier).  Returns how many ended. */
int job_poll(void);
/* Jobs of this thread not ended yet. */
int job_pending(void);
/* Those of them the user sees: not quiet (what a quit would interrupt). */
int job_pending_shown(void);
/* At exit: end every job of this thread now, as failed with why (their
 * finish undoes what they began; their workers are abandoned).  Returns
 * how many there were. */
int job_end_all(const char *why);
/* Poll until job has ended; returns job_ok(). */
bool job_wait(struct job *job);
/* The synchronous form of an operation: false when job is NULL (refused by
 * its start, which filled err); else wait, and on failure copy the job's
 * error into err (may be NULL).  The reference stays the caller's. */
bool job_run(struct job *job, struct dv_error *err);

/* Ask the work to stop; false (nothing done) when the job cannot be
 * cancelled or has ended. */
bool job_cancel(struct job *job);
/* The running job of this thread whose task is task_id (a new reference),
 * or NULL (another program's task, or one that has ended). */
struct job *job_find_task(int64_t task_id);

/* What the owner may read. */
enum job_state job_state(const struct job *job);
bool job_ended(const struct job *job);
bool job_ok(const struct job *job);
bool job_cancellable(const struct job *job);
const char *job_what(const struct job *job); /* the msgid */
const char *job_object(const struct job *job);
int64_t job_task_id(const struct job *job);
/* The error of an ended job that failed. */
const struct dv_error *job_error(const struct job *job);
/* The latest progress: fraction in [0, 1] or < 0 when unknown; text (may
 * be "") copied into buf. */
void job_progress(struct job *job, double *fraction, char *buf, size_t size);
/* Seconds since the job started. */
int64_t job_elapsed_s(const struct job *job);

/* From finish: the text the task list and the console show for a job that
 * went well ("3 volumes added"); translated. */
void job_set_result_text(struct job *job, const char *text);
const char *job_result_text(const struct job *job);
/* The spec's data (for the operation that started the job). */
void *job_data(const struct job *job);
/* The database and actor the job was started with (for finish). */
struct db *job_db(const struct job *job);
const struct dv_actor *job_actor(const struct job *job);

/* Called on the owner's thread after each job of it ends (the console shows
 * the result of jobs sent to the background).  One notifier per process. */
typedef void (*job_notify_fn)(struct job *job, void *ctx);
void job_set_notify(job_notify_fn fn, void *ctx);

/* For dosvmd: poll the jobs of the thread running ctx's loop every 100 ms. */
guint job_source_add(GMainContext *ctx);

/* ---- for work functions (any thread) */

/* Report progress: fraction in [0, 1] (< 0: unknown), text (NULL keeps the
 * last one). */
void job_ctx_progress(struct job_ctx *ctx, double fraction, const char *text);
bool job_ctx_cancelled(struct job_ctx *ctx);
GCancellable *job_ctx_cancellable(struct job_ctx *ctx);
/* Sleep ms milliseconds; false at once when the job is cancelled. */
bool job_ctx_sleep(struct job_ctx *ctx, unsigned ms);
/* Fill err with DV_ERR_CANCELLED and the sentence that the user cancelled. */
bool job_ctx_fail_cancelled(struct job_ctx *ctx, struct dv_error *err);

#endif
