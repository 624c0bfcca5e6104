/* param.c - system runtime parameters (manual 13.2.1) */
#include "admin/param.h"
#include "db/audit.h"
#include "base/validate.h"

#include <stdlib.h>

static const struct param_def defs[PARAM_COUNT] = {
    {PARAM_VM_COLLECT, "vm_collect_interval", N_("VM info collection interval (s)"),
     PARAM_KIND_INT, 2, 1800, "30", -1},
    {PARAM_VM_FLUSH, "vm_flush_interval", N_("VM info flush interval (s)"),
     PARAM_KIND_INT, 4, 1800, "50", PARAM_VM_COLLECT},
    {PARAM_HOST_COLLECT, "host_collect_interval", N_("Host info collection interval (s)"),
     PARAM_KIND_INT, 5, 1800, "30", -1},
    {PARAM_HOST_HISTORY, "host_history_interval", N_("Host history save interval (s)"),
     PARAM_KIND_INT, 10, 3600, "60", PARAM_HOST_COLLECT},
    {PARAM_HEARTBEAT, "heartbeat_interval", N_("Heartbeat base interval (s)"),
     PARAM_KIND_INT, 2, 300, "15", -1},
    {PARAM_TASK_INTERVAL, "task_interval", N_("Task scheduling interval (s)"), PARAM_KIND_INT, 5,
     300, "5", -1},
    {PARAM_HEARTBEAT_FAILS, "heartbeat_fail_count", N_("Heartbeats to judge a host failed"),
     PARAM_KIND_INT, 1, 10, "3", -1},
    {PARAM_DOSVMD_PORT, "dosvmd_port", N_("dosvmd listen port"), PARAM_KIND_INT, 1,
     65535, "5555", -1},
    {PARAM_VM_TEMP_DIR, "vm_temp_dir", N_("VM temporary file directory"), PARAM_KIND_PATH, 1, 255,
     "/raid/tmp", -1},
    {PARAM_SHARED_ROOT, "shared_fs_root", N_("Shared file system root"), PARAM_KIND_PATH, 1, 255,
     "/dpfs", -1},
};

const struct param_def *param_def(enum param_id id)
{
    return id < PARAM_COUNT ? &defs[id] : NULL;
}

char *setting_get(struct db *db, const char *key, const char *def)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT value FROM setting WHERE key = ?", NULL);
    char *v = NULL;

    if (st) {
        db_bind_text(st, 1, key);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = db_col_text(st, 0);
    }
    sqlite3_finalize(st);
    return v ? v : g_strdup(def ? def : "");
}

bool setting_put(struct db *db, const char *key, const char *value, struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "INSERT INTO setting(key, value) VALUES (?, ?) "
                                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                  err);
    bool ok;

    if (!st)
        return false;
    db_bind_text(st, 1, key);
    db_bind_text(st, 2, value);
    ok = sqlite3_step(st) == SQLITE_DONE || db_fail(db, err);
    sqlite3_finalize(st);
    return ok;
}

char **param_load(struct db *db, struct dv_error *err)
{
    char **values = g_new0(char *, PARAM_COUNT + 1);

    for (int i = 0; i < PARAM_COUNT; i++)
        values[i] = setting_get(db, defs[i].key, defs[i].def);
    return values;
}

long param_get_int(struct db *db, enum param_id id)
{
    const struct param_def *d = param_def(id);
    char *v;
    long n;

    if (!d || d->kind != PARAM_KIND_INT)
        return 0;
    v = setting_get(db, d->key, d->def);
    if (!validate_int_range(d->key, d->key, v, d->min, d->max, &n, NULL))
        n = strtol(d->def, NULL, 10);
    g_free(v);
    return n;
}

char *param_get_text(struct db *db, enum param_id id)
{
    const struct param_def *d = param_def(id);

    return d ? setting_get(db, d->key, d->def) : g_strdup("");
}

static bool check_one(const struct param_def *d, const char *v, long *n, struct dv_error *err)
{
    if (d->kind == PARAM_KIND_PATH)
        return validate_abs_path(d->key, _(d->label), v, d->max, err);
    return validate_int_range(d->key, _(d->label), v, d->min, d->max, n, err);
}

bool param_check(char *const *values, struct dv_error *err)
{
    long n[PARAM_COUNT] = {0};

    for (int i = 0; i < PARAM_COUNT; i++)
        if (!check_one(&defs[i], values[i], &n[i], err))
            return false;
    for (int i = 0; i < PARAM_COUNT; i++) {
        int other = defs[i].greater_than;

        if (other >= 0 && n[i] <= n[other]) {
            dv_error_set(err, DV_ERR_INVALID, defs[i].key, _("%s must be greater than %s."),
                         _(defs[i].label), _(defs[other].label));
            return false;
        }
    }
    return true;
}

bool param_save(struct db *db, const struct dv_actor *actor, char *const *values,
                struct dv_error *err)
{
    bool ok = true;

    if (!actor->sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("Only the system administrator can change the system parameters."));
        return false;
    }
    if (!param_check(values, err) || !db_begin(db, err))
        return false;
    for (int i = 0; ok && i < PARAM_COUNT; i++) {
        char *v = g_strstrip(g_strdup(values[i]));

        ok = setting_put(db, defs[i].key, v, err);
        g_free(v);
    }
    if (ok)
        ok = audit_op(db, actor, AUDIT_MODIFY, N_("Modify system runtime parameters"), "", err);
    if (!ok) {
        db_rollback(db);
        return false;
    }
    return db_commit(db, err);
}
