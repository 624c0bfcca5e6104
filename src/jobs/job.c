/* job.c - background jobs on a thread pool, ended on the owner's thread */
#include "jobs/job.h"
#include "jobs/task.h"

#include <stdlib.h>
#include <string.h>

struct job {
    gint refs;
    GMutex lock;

    /* set by job_start, then read-only */
    char *what, *object, *host;
    bool cancellable, quiet;
    int64_t started_us, deadline_us; /* monotonic; deadline 0 = none */
    int timeout_s;
    job_work_fn work;
    job_finish_fn finish;
    void *data;
    GDestroyNotify data_free, result_free;
    struct db *db;
    struct dv_actor actor;
    int64_t task_id;
    GThread *owner;
    GCancellable *cancel;

    /* under lock: what the worker reports */
    double fraction;
    char text[256];
    bool worker_done, abandoned, w_ok;
    struct dv_error w_err;
    void *w_result;

    /* the owner's */
    enum job_state state;
    struct dv_error err;
    char *result_text;
};

static GMutex jobs_lock;
static GPtrArray *jobs; /* unended jobs, each holding a reference */
static GThreadPool *pool;
static job_notify_fn notify_fn;
static void *notify_ctx;

int job_default_timeout_s(void)
{
    const char *v = getenv("DOSVM_JOB_TIMEOUT_S");
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : 0;

    return n > 0 && end && !*end && n < 86400 * 30 ? (int)n : JOB_TIMEOUT_DEFAULT_S;
}

struct job *job_ref(struct job *job)
{
    g_atomic_int_inc(&job->refs);
    return job;
}

void job_unref(struct job *job)
{
    if (!job || !g_atomic_int_dec_and_test(&job->refs))
        return;
    if (job->data_free && job->data)
        job->data_free(job->data);
    g_object_unref(job->cancel);
    g_mutex_clear(&job->lock);
    g_free(job->what);
    g_free(job->object);
    g_free(job->host);
    g_free(job->result_text);
    g_free(job);
}

/* The worker: run the work, then hand its result over, or drop it when the
 * owner has given up on the job meanwhile. */
static void run_work(gpointer data, gpointer unused)
{
    struct job *job = data;
    struct dv_error err = {0};
    void *result = NULL;
    bool ok, dropped;

    (void)unused;
    ok = job->work((struct job_ctx *)job, job->data, &result, &err);
    if (!ok && !err.msg[0])
        dv_error_set(&err, DV_ERR_IO, NULL, _("The task failed."));
    g_mutex_lock(&job->lock);
    dropped = job->abandoned;
    if (!dropped) {
        job->w_ok = ok;
        job->w_err = err;
        job->w_result = result;
        job->worker_done = true;
    }
    g_mutex_unlock(&job->lock);
    if (dropped && result && job->result_free)
        job->result_free(result);
    job_unref(job);
}

static GThreadPool *get_pool(void)
{
    static gsize once;

    if (g_once_init_enter(&once)) {
        /* no upper bound: a worker stuck on a dead host must not keep the
         * next job waiting */
        pool = g_thread_pool_new(run_work, NULL, -1, FALSE, NULL);
        g_once_init_leave(&once, 1);
    }
    return pool;
}

struct job *job_start(struct db *db, const struct dv_actor *actor, const struct job_spec *spec,
                      struct dv_error *err)
{
    struct job *job = g_new0(struct job, 1);
    int t = spec->timeout_s ? spec->timeout_s : job_default_timeout_s();

    job->refs = 1;
    g_mutex_init(&job->lock);
    job->what = g_strdup(spec->what);
    job->object = g_strdup(spec->object ? spec->object : "");
    job->host = g_strdup(spec->host ? spec->host : "");
    job->cancellable = spec->cancellable;
    job->quiet = spec->quiet;
    job->work = spec->work;
    job->finish = spec->finish;
    job->data = spec->data;
    job->data_free = spec->data_free;
    job->result_free = spec->result_free;
    job->db = db;
    if (actor)
        job->actor = *actor;
    job->owner = g_thread_self();
    job->cancel = g_cancellable_new();
    job->fraction = -1;
    job->state = JOB_RUNNING;
    job->timeout_s = t > 0 ? t : 0;
    job->started_us = g_get_monotonic_time();
    job->deadline_us = t > 0 ? job->started_us + (int64_t)t * G_USEC_PER_SEC : 0;
    if (db && !task_begin(db, actor, job->what, job->object, job->host, &job->task_id, err)) {
        job_unref(job);
        return NULL;
    }
    g_mutex_lock(&jobs_lock);
    if (!jobs)
        jobs = g_ptr_array_new();
    g_ptr_array_add(jobs, job_ref(job));
    g_mutex_unlock(&jobs_lock);
    g_thread_pool_push(get_pool(), job_ref(job), NULL);
    return job;
}

static enum task_state task_state_of(enum job_state s)
{
    switch (s) {
    case JOB_OK:
        return TASK_OK;
    case JOB_CANCELLED:
        return TASK_CANCELLED;
    case JOB_TIMEOUT:
        return TASK_TIMEOUT;
    default:
        return TASK_FAILED;
    }
}

/* End job: its worker returned (done), or its time is up (why NULL), or the
 * program ends (why says so). */
static void end_job(struct job *job, bool done, const char *why)
{
    void *result = NULL;
    bool ok = false;

    g_mutex_lock(&job->lock);
    done = done || job->worker_done; /* it may have returned meanwhile */
    if (done) {
        ok = job->w_ok;
        job->err = job->w_err;
        result = job->w_result;
        job->w_result = NULL;
    } else if (why) {
        job->abandoned = true;
        dv_error_set(&job->err, DV_ERR_CANCELLED, NULL, "%s", why);
    } else {
        job->abandoned = true;
        if (job->host[0])
            dv_error_set(&job->err, DV_ERR_TIMEOUT, NULL,
                         _("No answer in time (%d s) from the host '%s'; the task was abandoned."),
                         job->timeout_s, job->host);
        else
            dv_error_set(&job->err, DV_ERR_TIMEOUT, NULL,
                         _("No end in time (%d s); the task was abandoned."), job->timeout_s);
    }
    g_mutex_unlock(&job->lock);
    if (ok)
        dv_error_clear(&job->err);
    if (job->finish)
        ok = job->finish(job, job->data, ok, result, &job->err);
    if (result && job->result_free)
        job->result_free(result);
    if (ok)
        job->state = JOB_OK;
    else if (job->err.code == DV_ERR_TIMEOUT && !done)
        job->state = JOB_TIMEOUT;
    else if (job->err.code == DV_ERR_CANCELLED && (done || !why))
        job->state = JOB_CANCELLED;
    else
        job->state = JOB_FAILED;
    if (job->db && job->task_id) {
        struct dv_error e = {0};

        task_end(job->db, job->task_id, task_state_of(job->state),
                 ok ? (job->result_text ? job->result_text : "") : job->err.msg, &e);
    }
    if (notify_fn && !job->quiet)
        notify_fn(job, notify_ctx);
}

/* The jobs of this thread that can end now, each with a reference. */
static GPtrArray *take_ready(void)
{
    GPtrArray *ready = g_ptr_array_new();
    int64_t now = g_get_monotonic_time();
    GThread *self = g_thread_self();

    g_mutex_lock(&jobs_lock);
    for (guint i = 0; jobs && i < jobs->len;) {
        struct job *job = g_ptr_array_index(jobs, i);
        bool done, late;

        g_mutex_lock(&job->lock);
        done = job->worker_done;
        late = !done && job->deadline_us && now >= job->deadline_us;
        g_mutex_unlock(&job->lock);
        if (job->owner == self && (done || late)) {
            g_ptr_array_add(ready, job); /* the list's reference moves */
            g_ptr_array_remove_index(jobs, i);
        } else {
            i++;
        }
    }
    g_mutex_unlock(&jobs_lock);
    return ready;
}

int job_poll(void)
{
    GPtrArray *ready = take_ready();
    int n = (int)ready->len;

    for (guint i = 0; i < ready->len; i++) {
        struct job *job = g_ptr_array_index(ready, i);
        bool done;

        g_mutex_lock(&job->lock);
        done = job->worker_done;
        g_mutex_unlock(&job->lock);
        end_job(job, done, NULL);
        job_unref(job);
    }
    g_ptr_array_free(ready, TRUE);
    return n;
}

int job_end_all(const char *why)
{
    GPtrArray *mine = g_ptr_array_new();
    GThread *self = g_thread_self();
    int n;

    job_poll(); /* those that have ended end as they did */
    g_mutex_lock(&jobs_lock);
    for (guint i = 0; jobs && i < jobs->len;) {
        struct job *job = g_ptr_array_index(jobs, i);

        if (job->owner == self) {
            g_ptr_array_add(mine, job);
            g_ptr_array_remove_index(jobs, i);
        } else {
            i++;
        }
    }
    g_mutex_unlock(&jobs_lock);
    n = (int)mine->len;
    for (guint i = 0; i < mine->len; i++) {
        struct job *job = g_ptr_array_index(mine, i);

        end_job(job, false, why);
        job_unref(job);
    }
    g_ptr_array_free(mine, TRUE);
    return n;
}

int job_pending(void)
{
    GThread *self = g_thread_self();
    int n = 0;

    g_mutex_lock(&jobs_lock);
    for (guint i = 0; jobs && i < jobs->len; i++)
        n += ((struct job *)g_ptr_array_index(jobs, i))->owner == self;
    g_mutex_unlock(&jobs_lock);
    return n;
}

int job_pending_shown(void)
{
    GThread *self = g_thread_self();
    int n = 0;

    g_mutex_lock(&jobs_lock);
    for (guint i = 0; jobs && i < jobs->len; i++) {
        const struct job *job = g_ptr_array_index(jobs, i);

        n += job->owner == self && !job->quiet;
    }
    g_mutex_unlock(&jobs_lock);
    return n;
}

bool job_wait(struct job *job)
{
    while (job->state == JOB_RUNNING) {
        if (job_poll() == 0)
            g_usleep(5000);
    }
    return job_ok(job);
}

struct job *job_find_task(int64_t task_id)
{
    GThread *self = g_thread_self();
    struct job *found = NULL;

    g_mutex_lock(&jobs_lock);
    for (guint i = 0; task_id && jobs && !found && i < jobs->len; i++) {
        struct job *job = g_ptr_array_index(jobs, i);

        if (job->owner == self && job->task_id == task_id)
            found = job_ref(job);
    }
    g_mutex_unlock(&jobs_lock);
    return found;
}

bool job_run(struct job *job, struct dv_error *err)
{
    if (!job)
        return false;
    if (job_wait(job))
        return true;
    if (err)
        *err = job->err;
    return false;
}

bool job_cancel(struct job *job)
{
    if (!job->cancellable || job->state != JOB_RUNNING)
        return false;
    g_cancellable_cancel(job->cancel);
    return true;
}

enum job_state job_state(const struct job *job)
{
    return job->state;
}

bool job_ended(const struct job *job)
{
    return job->state != JOB_RUNNING;
}

bool job_ok(const struct job *job)
{
    return job->state == JOB_OK;
}

bool job_cancellable(const struct job *job)
{
    return job->cancellable;
}

const char *job_what(const struct job *job)
{
    return job->what;
}

const char *job_object(const struct job *job)
{
    return job->object;
}

int64_t job_task_id(const struct job *job)
{
    return job->task_id;
}

const struct dv_error *job_error(const struct job *job)
{
    return &job->err;
}

void job_progress(struct job *job, double *fraction, char *buf, size_t size)
{
    g_mutex_lock(&job->lock);
    *fraction = job->fraction;
    if (buf && size)
        g_strlcpy(buf, job->text, size);
    g_mutex_unlock(&job->lock);
}

int64_t job_elapsed_s(const struct job *job)
{
    return (g_get_monotonic_time() - job->started_us) / G_USEC_PER_SEC;
}

void job_set_result_text(struct job *job, const char *text)
{
    g_free(job->result_text);
    job->result_text = g_strdup(text);
}

const char *job_result_text(const struct job *job)
{
    return job->result_text ? job->result_text : "";
}

void *job_data(const struct job *job)
{
    return job->data;
}

struct db *job_db(const struct job *job)
{
    return job->db;
}

const struct dv_actor *job_actor(const struct job *job)
{
    return &job->actor;
}

void job_set_notify(job_notify_fn fn, void *ctx)
{
    notify_fn = fn;
    notify_ctx = ctx;
}

static gboolean poll_source(gpointer unused)
{
    (void)unused;
    job_poll();
    return G_SOURCE_CONTINUE;
}

guint job_source_add(GMainContext *ctx)
{
    GSource *s = g_timeout_source_new(100);
    guint id;

    g_source_set_callback(s, poll_source, NULL, NULL);
    id = g_source_attach(s, ctx);
    g_source_unref(s);
    return id;
}

/* ---------------------------------------------------------------- work side */

void job_ctx_progress(struct job_ctx *ctx, double fraction, const char *text)
{
    struct job *job = (struct job *)ctx;

    g_mutex_lock(&job->lock);
    job->fraction = fraction < 0 ? -1 : MIN(fraction, 1.0);
    if (text)
        g_strlcpy(job->text, text, sizeof(job->text));
    g_mutex_unlock(&job->lock);
}

bool job_ctx_cancelled(struct job_ctx *ctx)
{
    return g_cancellable_is_cancelled(((struct job *)ctx)->cancel);
}

GCancellable *job_ctx_cancellable(struct job_ctx *ctx)
{
    return ((struct job *)ctx)->cancel;
}

bool job_ctx_sleep(struct job_ctx *ctx, unsigned ms)
{
    int64_t end = g_get_monotonic_time() + (int64_t)ms * 1000;

    while (!job_ctx_cancelled(ctx)) {
        int64_t left = end - g_get_monotonic_time();

        if (left <= 0)
            return true;
        g_usleep((gulong)MIN(left, 10000));
    }
    return false;
}

bool job_ctx_fail_cancelled(struct job_ctx *ctx, struct dv_error *err)
{
    (void)ctx;
    dv_error_set(err, DV_ERR_CANCELLED, NULL, _("Cancelled by the user."));
    return false;
}
