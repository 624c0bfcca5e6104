/* task.h - the task list (issue 7, D11): one record per background job,
 * written when the job starts and when it ends, read by the Tasks page (as
 * Proxmox's task log).  The sysadm sees every task, a project admin only
 * their own. */
#ifndef DV_TASK_H
#define DV_TASK_H

#include "db/db.h"

enum task_state { TASK_RUNNING, TASK_OK, TASK_FAILED, TASK_CANCELLED, TASK_TIMEOUT, TASK_NSTATES };

/* The stored names of the states ("running", "ok", ...), in enum order. */
extern const char *const task_state_names[];
/* The console's label of a state (translated). */
const char *task_state_label(enum task_state s);

struct task {
    int64_t id;
    char *what; /* English msgid; translate when shown */
    char *object;
    char *host;
    char *account;
    int64_t started_at;
    int64_t ended_at; /* 0 while running */
    enum task_state state;
    char *result; /* the result or the error, translated when written */
};

struct task_page {
    struct task *rows;
    int n;
    int64_t total;
};

/* The query row: state (-1 any) and part of what was done (matched against
 * the msgid and its translation); NULL/"" for any. */
struct task_filter {
    int state;
    const char *what;
};

/* Write the task of a job actor started (running, now).  pid is the
 * process that owns it (for task_mark_interrupted). */
bool task_begin(struct db *db, const struct dv_actor *actor, const char *what, const char *object,
                const char *host, int64_t *id, struct dv_error *err);
/* The job of task id ended in state with result (the error's sentence when
 * it failed). */
bool task_end(struct db *db, int64_t id, enum task_state state, const char *result,
              struct dv_error *err);

/* Tasks left running by processes that no longer exist: mark them failed,
 * "interrupted".  *n (may be NULL) gets how many.  Run at program start. */
bool task_mark_interrupted(struct db *db, int *n, struct dv_error *err);

/* Newest first; the sysadm sees all tasks, anyone else their own. */
bool task_list(struct db *db, const struct dv_actor *actor, const struct task_filter *f,
               int64_t offset, int limit, struct task_page *out, struct dv_error *err);
void task_page_free(struct task_page *p);
bool task_get(struct db *db, int64_t id, struct task *out, struct dv_error *err);
void task_clear(struct task *t);

/* Choices of the query row's state field: "" (any) then the stored names. */
extern const char *const task_state_choices[]; /* msgids, NULL-terminated */
extern const char *const task_state_values[];

#endif
