/* test-job.c - the background job layer and its task records (issue 7,
 * D11): work runs off the owner's thread and reports progress; cancel is
 * honoured; a timeout fires while the worker is still blocked and its late
 * result is dropped; finish runs only when the owner polls; every job has a
 * task row; tasks of dead processes are marked interrupted.
 * features: D11 */
#include "jobs/job.h"
#include "jobs/task.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdlib.h>

/* What a test work function is told and what it saw. */
struct probe {
    GMutex lock;
    GCond cond;
    bool release;      /* the blocked work may return */
    bool blocking;     /* the work waits for release */
    bool entered;      /* the work has started */
    GThread *worker;   /* the thread the work ran on */
    GThread *finisher; /* the thread finish ran on */
    int finishes;
    bool finish_ok;
    enum dv_status finish_code;
    int results_freed;
    int data_freed;
    int steps; /* loop steps of a cancellable work */
};

static struct probe *probe_new(void)
{
    struct probe *p = g_new0(struct probe, 1);

    g_mutex_init(&p->lock);
    g_cond_init(&p->cond);
    return p;
}

static void probe_free(struct probe *p)
{
    g_mutex_clear(&p->lock);
    g_cond_clear(&p->cond);
    g_free(p);
}

struct result {
    struct probe *p;
    int value;
};

static void result_free(void *r)
{
    struct result *res = r;

    g_atomic_int_inc(&res->p->results_freed);
    g_free(res);
}

static void data_free(void *d)
{
    g_atomic_int_inc(&((struct probe *)d)->data_freed);
}

/* Reports three steps of progress, waits while blocking, returns 42. */
static bool work_steps(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct probe *p = data;
    struct result *r = g_new0(struct result, 1);

    (void)err;
    g_mutex_lock(&p->lock);
    p->worker = g_thread_self();
    p->entered = true;
    g_cond_broadcast(&p->cond);
    while (p->blocking && !p->release)
        g_cond_wait(&p->cond, &p->lock);
    g_mutex_unlock(&p->lock);
    job_ctx_progress(ctx, 0.5, "half way");
    r->p = p;
    r->value = 42;
    *result = r;
    return true;
}

/* Loops until cancelled. */
static bool work_loop(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct probe *p = data;

    (void)result;
    for (int i = 0; i < 5000; i++) {
        g_atomic_int_inc(&p->steps);
        job_ctx_progress(ctx, i / 5000.0, "looping");
        if (!job_ctx_sleep(ctx, 2))
            return job_ctx_fail_cancelled(ctx, err);
    }
    return true;
}

static bool finish_probe(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct probe *p = data;
    struct result *r = result;

    p->finisher = g_thread_self();
    p->finishes++;
    p->finish_ok = ok;
    p->finish_code = ok ? DV_OK : err->code;
    if (ok && r && r->value == 42)
        job_set_result_text(job, "the answer is 42");
    return ok;
}

static struct job *start(struct db *db, struct probe *p, job_work_fn work, bool cancellable,
                         int timeout_s)
{
    struct dv_actor a = testdb_sysadm();
    struct job_spec spec = {.what = "Refresh storage pool",
                            .object = "pool-1",
                            .host = "host-1",
                            .cancellable = cancellable,
                            .timeout_s = timeout_s,
                            .work = work,
                            .finish = finish_probe,
                            .data = p,
                            .data_free = data_free,
                            .result_free = result_free};
    struct dv_error err = {0};
    struct job *job = job_start(db, &a, &spec, &err);

    if (!job)
        printf("# job_start: %s\n", err.msg);
    return job;
}

static void wait_entered(struct probe *p)
{
    g_mutex_lock(&p->lock);
    while (!p->entered)
        g_cond_wait(&p->cond, &p->lock);
    g_mutex_unlock(&p->lock);
}

static void release(struct probe *p)
{
    g_mutex_lock(&p->lock);
    p->release = true;
    g_cond_broadcast(&p->cond);
    g_mutex_unlock(&p->lock);
}

static void test_progress_and_poll(void)
{
    struct probe *p = probe_new();
    struct job *job;
    double f = 0;
    char text[64] = "";

    p->blocking = true;
    job = start(NULL, p, work_steps, false, 0);
    wait_entered(p);
    ok(p->worker != g_thread_self(), "the work runs on another thread than the owner");
    job_progress(job, &f, text, sizeof(text));
    ok(f < 0, "no progress reported yet: the fraction is unknown");
    is_int(job_pending(), 1, "the job is pending for its owner");
    release(p);
    /* wait for the worker to hand its result over without polling */
    for (int i = 0; i < 500; i++) {
        job_progress(job, &f, text, sizeof(text));
        if (f > 0.4)
            break;
        g_usleep(2000);
    }
    is_str(text, "half way", "the owner sees the progress text");
    ok(f > 0.49 && f < 0.51, "and the fraction 0.5");
    g_usleep(50000);
    is_int(p->finishes, 0, "finish has not run before the owner polls");
    ok(!job_ended(job), "the job is not ended before the owner polls");
    ok(job_wait(job), "polling ends the job, well");
    is_int(p->finishes, 1, "finish ran once");
    ok(p->finisher == g_thread_self(), "on the owner's thread");
    ok(p->finish_ok, "with the work's result");
    is_str(job_result_text(job), "the answer is 42", "finish saw the result pointer");
    is_int(p->results_freed, 1, "the result was freed after finish");
    is_int(job_pending(), 0, "nothing pending any more");
    job_unref(job);
    is_int(p->data_freed, 1, "the data is freed with the last reference");
    probe_free(p);
}

static void test_cancel(void)
{
    struct probe *p = probe_new(), *q = probe_new();
    struct job *job = start(NULL, p, work_loop, true, 0), *fixed;

    while (g_atomic_int_get(&p->steps) < 3)
        g_usleep(1000);
    ok(job_cancel(job), "a cancellable job accepts cancel");
    ok(!job_wait(job), "the cancelled job does not succeed");
    is_int(job_state(job), JOB_CANCELLED, "its state is cancelled");
    is_int(job_error(job)->code, DV_ERR_CANCELLED, "its error says so");
    ok(g_atomic_int_get(&p->steps) < 5000, "the work stopped early (%d steps)",
       g_atomic_int_get(&p->steps));
    is_int(p->finishes, 1, "finish ran once for the cancelled job");
    job_unref(job);

    q->blocking = true;
    fixed = start(NULL, q, work_steps, false, 0);
    ok(!job_cancel(fixed), "a job that cannot be cancelled refuses cancel");
    release(q);
    ok(job_run(fixed, NULL), "and ends normally (job_run)");
    ok(!job_run(NULL, NULL), "job_run of a job its start refused is false");
    job_unref(fixed);
    probe_free(p);
    probe_free(q);
}

static void test_timeout(void)
{
    struct probe *p = probe_new();
    struct job *job;
    int64_t t0 = g_get_monotonic_time();

    p->blocking = true; /* never released until after the timeout */
    job = start(NULL, p, work_steps, false, 1);
    ok(!job_wait(job), "a job whose worker stays blocked fails");
    ok(g_get_monotonic_time() - t0 >= G_USEC_PER_SEC, "after its timeout of 1 s");
    ok(g_get_monotonic_time() - t0 < 5 * G_USEC_PER_SEC, "and not much later");
    is_int(job_state(job), JOB_TIMEOUT, "its state is timeout");
    is_int(job_error(job)->code, DV_ERR_TIMEOUT, "with DV_ERR_TIMEOUT");
    ok(strstr(job_error(job)->msg, "host-1") != NULL, "the message names the host: %s",
       job_error(job)->msg);
    is_int(p->finishes, 1, "finish ran once, with the failure");
    is_int(p->finish_code, DV_ERR_TIMEOUT, "finish saw the timeout");
    is_int(p->data_freed, 0, "the data stays while the worker may use it");
    job_unref(job);
    is_int(p->data_freed, 0, "even when the owner drops its reference");
    release(p); /* the late result comes in */
    for (int i = 0; i < 1000 && !g_atomic_int_get(&p->data_freed); i++)
        g_usleep(2000);
    is_int(g_atomic_int_get(&p->results_freed), 1, "the late result is freed, not delivered");
    is_int(g_atomic_int_get(&p->data_freed), 1, "the data goes with the worker's reference");
    job_poll();
    is_int(p->finishes, 1, "finish does not run again for the late result");
    probe_free(p);
}

static void test_end_all(void)
{
    struct probe *p = probe_new();
    struct job *job;

    p->blocking = true;
    job = start(NULL, p, work_steps, false, 0);
    wait_entered(p);
    is_int(job_end_all("the program ends"), 1, "ending all jobs at exit ends the running one");
    is_int(job_state(job), JOB_FAILED, "as failed");
    is_str(job_error(job)->msg, "the program ends", "with the reason given");
    is_int(p->finishes, 1, "its finish ran, to undo what it began");
    is_int(job_pending(), 0, "nothing is pending after that");
    job_unref(job);
    release(p);
    for (int i = 0; i < 1000 && !g_atomic_int_get(&p->data_freed); i++)
        g_usleep(2000);
    is_int(g_atomic_int_get(&p->results_freed), 1, "the abandoned worker's result is freed");
    probe_free(p);
}

static void test_default_timeout(void)
{
    setenv("DOSVM_JOB_TIMEOUT_S", "7", 1);
    is_int(job_default_timeout_s(), 7, "DOSVM_JOB_TIMEOUT_S sets the default timeout");
    setenv("DOSVM_JOB_TIMEOUT_S", "x", 1);
    is_int(job_default_timeout_s(), JOB_TIMEOUT_DEFAULT_S, "an unreadable value is ignored");
    unsetenv("DOSVM_JOB_TIMEOUT_S");
    is_int(job_default_timeout_s(), JOB_TIMEOUT_DEFAULT_S, "the built-in default otherwise");
}

static void test_tasks(void)
{
    struct testdb t;
    struct probe *p = probe_new(), *q = probe_new();
    struct dv_actor sa = testdb_sysadm(), bob = {.user_id = 99, .account = "bob"};
    struct task_page page = {0};
    struct task_filter all = {-1, NULL}, failed = {TASK_TIMEOUT, NULL}, what = {-1, "REFRESH"};
    struct dv_error err = {0};
    struct job *job;
    int n = -1;

    if (!testdb_open(&t, false))
        return;
    p->blocking = true;
    job = start(t.db, p, work_steps, false, 0);
    wait_entered(p);
    is_int(testdb_count(t.db, "task",
                        "state = 'running' AND what = 'Refresh storage pool' AND "
                        "object = 'pool-1' AND host = 'host-1' AND account = "
                        "'sysadm'"),
           1, "starting a job writes its running task");
    {
        struct job *found = job_find_task(job_task_id(job));

        ok(found == job, "the running job is found by its task id");
        job_unref(found);
        ok(job_find_task(job_task_id(job) + 1000) == NULL, "another task id finds none");
    }
    release(p);
    job_wait(job);
    is_int(testdb_count(t.db, "task",
                        "state = 'ok' AND result = 'the answer is 42' AND ended_at IS NOT NULL"),
           1, "its end writes the state and the result");
    ok(job_find_task(job_task_id(job)) == NULL, "an ended job is not found any more");
    job_unref(job);

    q->blocking = true;
    job = start(t.db, q, work_steps, false, 1);
    job_wait(job);
    is_int(testdb_count(t.db, "task", "state = 'timeout' AND result LIKE '%host-1%'"), 1,
           "a timed-out job's task keeps the timeout message");
    job_unref(job);
    release(q);

    ok(task_list(t.db, &sa, &all, 0, 10, &page, &err), "the sysadm lists the tasks");
    is_int(page.total, 2, "both of them");
    ok(page.n == 2 && page.rows[0].id > page.rows[1].id, "newest first");
    task_page_free(&page);
    ok(task_list(t.db, &sa, &failed, 0, 10, &page, &err) && page.total == 1 &&
           page.rows[0].state == TASK_TIMEOUT,
       "the query by state finds the timed-out one");
    task_page_free(&page);
    ok(task_list(t.db, &sa, &what, 0, 10, &page, &err) && page.total == 2,
       "the query by what matches part of it, case-blind");
    task_page_free(&page);
    ok(task_list(t.db, &bob, &all, 0, 10, &page, &err) && page.total == 0,
       "another user sees none of the sysadm's tasks");
    task_page_free(&page);

    /* a task left running by a process that is gone */
    ok(db_do(t.db,
             "INSERT INTO task(what, account, pid, started_at, state) "
             "VALUES ('Merge', 'sysadm', 999999999, 1, 'running'), "
             "('Import', 'sysadm', ?1, 1, 'running')",
             DB_ARGS(DB_I(getpid())), &err),
       "two running tasks: one of a dead process, one of this one");
    ok(task_mark_interrupted(t.db, &n, &err), "marking interrupted tasks");
    is_int(n, 1, "only the dead process's task is marked");
    is_int(testdb_count(t.db, "task",
                        "what = 'Merge' AND state = 'failed' AND "
                        "result LIKE 'Interrupted%'"),
           1, "failed, interrupted");
    is_int(testdb_count(t.db, "task", "what = 'Import' AND state = 'running'"), 1,
           "the live process's task keeps running");
    for (int i = 0; i < 1000 && !g_atomic_int_get(&q->data_freed); i++)
        g_usleep(2000);
    testdb_close(&t);
    probe_free(p);
    probe_free(q);
}

/* A quiet job (housekeeping) is pending but not shown (the quit dialog). */
static void test_quiet_pending(void)
{
    struct probe *p = probe_new(), *q = probe_new();
    struct job_spec spec = {.what = "Close a host connection",
                            .work = work_steps,
                            .data = q,
                            .data_free = data_free,
                            .result_free = result_free,
                            .quiet = true};
    struct job *shown, *quiet;

    p->blocking = q->blocking = true;
    shown = start(NULL, p, work_steps, false, 0);
    quiet = job_start(NULL, NULL, &spec, NULL);
    ok(shown && quiet, "a job and a quiet job start");
    is_int(job_pending(), 2, "both are pending");
    is_int(job_pending_shown(), 1, "only the one that is not quiet is shown");
    release(p);
    release(q);
    job_wait(shown);
    job_wait(quiet);
    is_int(job_pending_shown(), 0, "none is shown once they ended");
    job_unref(shown);
    job_unref(quiet);
    for (int i = 0;
         i < 1000 && !(g_atomic_int_get(&p->data_freed) && g_atomic_int_get(&q->data_freed)); i++)
        g_usleep(2000);
    probe_free(p);
    probe_free(q);
}

int main(void)
{
    test_progress_and_poll();
    test_cancel();
    test_timeout();
    test_end_all();
    test_default_timeout();
    test_tasks();
    test_quiet_pending();
    return tap_done();
}
