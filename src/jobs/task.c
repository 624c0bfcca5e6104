/* task.c - task records of background jobs */
#include "jobs/task.h"
#include "base/util.h"
#include "db/page.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

const char *const task_state_names[] = {"running", "ok", "failed", "cancelled", "timeout", NULL};

static const char *const state_labels[] = {N_("Running"), N_("Succeeded"), N_("Failed"),
                                           N_("Cancelled"), N_("Timed out")};

const char *const task_state_choices[] = {N_("All"),    N_("Running"),   N_("Succeeded"),
                                          N_("Failed"), N_("Cancelled"), N_("Timed out"),
                                          NULL};
const char *const task_state_values[] = {"",          "running", "ok", "failed",
                                         "cancelled", "timeout", NULL};

const char *task_state_label(enum task_state s)
{
    return s >= 0 && s < TASK_NSTATES ? _(state_labels[s]) : "?";
}

static enum task_state state_of(const char *name)
{
    for (int i = 0; task_state_names[i]; i++)
        if (g_strcmp0(name, task_state_names[i]) == 0)
            return (enum task_state)i;
    return TASK_FAILED;
}

bool task_begin(struct db *db, const struct dv_actor *actor, const char *what, const char *object,
                const char *host, int64_t *id, struct dv_error *err)
{
    bool ok = db_do(db,
                    "INSERT INTO task(what, object, host, user_id, account, pid, started_at, "
                    "state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'running')",
                    DB_ARGS(DB_T(what), DB_T(object ? object : ""), DB_T(host ? host : ""),
                            DB_ID0(actor ? actor->user_id : 0), DB_T(actor ? actor->account : ""),
                            DB_I(getpid()), DB_I(dv_now())),
                    err);

    if (ok && id)
        *id = db_last_id(db);
    return ok;
}

bool task_end(struct db *db, int64_t id, enum task_state state, const char *result,
              struct dv_error *err)
{
    return db_do(db, "UPDATE task SET state = ?1, ended_at = ?2, result = ?3 WHERE id = ?4",
                 DB_ARGS(DB_T(task_state_names[state]), DB_I(dv_now()), DB_T(result ? result : ""),
                         DB_I(id)),
                 err);
}

struct pids {
    GArray *dead; /* int64_t task ids */
};

static bool collect_dead(const struct db_row *r, void *ctx)
{
    struct pids *p = ctx;
    int64_t pid = db_row_int(r, 1);

    if (pid <= 0 || (pid != getpid() && kill((pid_t)pid, 0) != 0 && errno == ESRCH)) {
        int64_t id = db_row_int(r, 0);

        g_array_append_val(p->dead, id);
    }
    return true;
}

bool task_mark_interrupted(struct db *db, int *n, struct dv_error *err)
{
    struct pids p = {g_array_new(FALSE, FALSE, sizeof(int64_t))};
    bool ok = db_query(db, "SELECT id, pid FROM task WHERE state = 'running'", DB_NOARGS,
                       collect_dead, &p, NULL, err);

    for (guint i = 0; ok && i < p.dead->len; i++)
        ok = task_end(db, g_array_index(p.dead, int64_t, i), TASK_FAILED,
                      _("Interrupted: the program running the task ended."), err);
    if (n)
        *n = ok ? (int)p.dead->len : 0;
    g_array_free(p.dead, TRUE);
    return ok;
}

/* ---------------------------------------------------------------- reading */

#define TASK_COLS "id, what, object, host, account, started_at, ended_at, state, result"

static bool read_task(const struct db_row *r, void *ctx)
{
    struct task *t = ctx;

    t->id = db_row_int(r, 0);
    t->what = db_row_text(r, 1);
    t->object = db_row_text(r, 2);
    t->host = db_row_text(r, 3);
    t->account = db_row_text(r, 4);
    t->started_at = db_row_int(r, 5);
    t->ended_at = db_row_is_null(r, 6) ? 0 : db_row_int(r, 6);
    t->state = state_of(db_row_peek(r, 7));
    t->result = db_row_text(r, 8);
    return true;
}

DB_PAGE_READER(add_row, struct task_page, read_task)

struct whats {
    const char *needle;
    GPtrArray *match; /* msgids that match */
};

static bool match_what(const struct db_row *r, void *ctx)
{
    struct whats *w = ctx;
    const char *msgid = db_row_peek(r, 0);
    char *a = g_utf8_casefold(msgid ? msgid : "", -1), *b = g_utf8_casefold(_(msgid), -1);
    char *n = g_utf8_casefold(w->needle, -1);

    if (strstr(a, n) || strstr(b, n))
        g_ptr_array_add(w->match, g_strdup(msgid));
    g_free(a);
    g_free(b);
    g_free(n);
    return true;
}

bool task_list(struct db *db, const struct dv_actor *actor, const struct task_filter *f,
               int64_t offset, int limit, struct task_page *out, struct dv_error *err)
{
    struct whats w = {f && f->what ? f->what : "", g_ptr_array_new_with_free_func(g_free)};
    const char *state =
        f && f->state >= 0 && f->state < TASK_NSTATES ? task_state_names[f->state] : "";
    GArray *args = g_array_new(FALSE, FALSE, sizeof(struct db_val));
    GString *from = g_string_new("task WHERE (?1 = '' OR state = ?1) AND (?2 = 0 OR user_id = ?3)");
    struct db_val a[] = {DB_T(state), DB_I(actor->sysadm ? 0 : 1), DB_I(actor->user_id)};
    bool ok = true;

    memset(out, 0, sizeof(*out));
    g_array_append_vals(args, a, G_N_ELEMENTS(a));
    if (*w.needle) {
        /* what is stored as its msgid: match the text typed against the
         * msgid and its translation, then list the msgids that matched */
        ok = db_query(db, "SELECT DISTINCT what FROM task", DB_NOARGS, match_what, &w, NULL, err);
        g_string_append(from, " AND what IN (''");
        for (guint i = 0; i < w.match->len; i++) {
            struct db_val v = DB_T(g_ptr_array_index(w.match, i));

            g_array_append_val(args, v);
            g_string_append_printf(from, ", ?%u", args->len);
        }
        g_string_append(from, ")");
    }
    ok = ok && db_query_page(db, TASK_COLS, from->str, "started_at DESC, id DESC",
                             (const struct db_val *)args->data, (int)args->len, offset, limit,
                             &out->total, add_row, out, err);
    if (!ok)
        task_page_free(out);
    g_array_free(args, TRUE);
    g_string_free(from, TRUE);
    g_ptr_array_free(w.match, TRUE);
    return ok;
}

bool task_get(struct db *db, int64_t id, struct task *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    return db_get(db, "SELECT " TASK_COLS " FROM task WHERE id = ?1", DB_ARGS(DB_I(id)), read_task,
                  out, _("The task no longer exists."), err);
}

void task_clear(struct task *t)
{
    g_free(t->what);
    g_free(t->object);
    g_free(t->host);
    g_free(t->account);
    g_free(t->result);
    memset(t, 0, sizeof(*t));
}

void task_page_free(struct task_page *p)
{
    DB_PAGE_FREE(p, task_clear);
}
