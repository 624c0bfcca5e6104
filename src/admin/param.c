/* param.c - system runtime parameters (manual 13.2.1) */
#include "admin/param.h"
#include "db/audit.h"
#include "base/validate.h"

#include <string.h>

static const struct param_def defs[PARAM_COUNT] = {
    {PARAM_VM_COLLECT, "vm_collect_interval", N_("VM info collection interval (s)"), PARAM_KIND_INT,
     2, 1800, "30", -1},
    {PARAM_VM_FLUSH, "vm_flush_interval", N_("VM info flush interval (s)"), PARAM_KIND_INT, 4, 1800,
     "50", PARAM_VM_COLLECT},
    {PARAM_HOST_COLLECT, "host_collect_interval", N_("Host info collection interval (s)"),
     PARAM_KIND_INT, 5, 1800, "30", -1},
    {PARAM_HOST_HISTORY, "host_history_interval", N_("Host history save interval (s)"),
     PARAM_KIND_INT, 10, 3600, "60", PARAM_HOST_COLLECT},
    {PARAM_HEARTBEAT, "heartbeat_interval", N_("Heartbeat base interval (s)"), PARAM_KIND_INT, 2,
     300, "15", -1},
    {PARAM_TASK_INTERVAL, "task_interval", N_("Task scheduling interval (s)"), PARAM_KIND_INT, 5,
     300, "5", -1},
    {PARAM_HEARTBEAT_FAILS, "heartbeat_fail_count", N_("Heartbeats to judge a host failed"),
     PARAM_KIND_INT, 1, 10, "3", -1},
    {PARAM_DOSVMD_PORT, "dosvmd_port", N_("dosvmd listen port"), PARAM_KIND_INT, 1, 65535, "5555",
     -1},
    {PARAM_VM_TEMP_DIR, "vm_temp_dir", N_("VM temporary file directory"), PARAM_KIND_PATH, 1, 255,
     "/raid/tmp", -1},
    {PARAM_SHARED_ROOT, "shared_fs_root", N_("Shared file system root"), PARAM_KIND_PATH, 1, 255,
     "/dpfs", -1},
    {PARAM_LOGIN_LOCK_FAILS, "login_lock_failures", N_("Failed logins before a lockout"),
     PARAM_KIND_INT, 3, 100, "5", -1},
    {PARAM_LOGIN_LOCK_WINDOW, "login_lock_window", N_("Lockout window (minutes)"), PARAM_KIND_INT,
     1, 1440, "15", -1},
};

const struct param_def *param_def(enum param_id id)
{
    return id < PARAM_COUNT ? &defs[id] : NULL;
}

static bool read_text(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

char *setting_get(struct db *db, const char *key, const char *def)
{
    char *v = NULL;

    db_query(db, "SELECT value FROM setting WHERE key = ?1", DB_ARGS(DB_T(key)), read_text, &v,
             NULL, NULL);
    return v ? v : g_strdup(def ? def : "");
}

bool setting_put(struct db *db, const char *key, const char *value, struct dv_error *err)
{
    return db_do(db,
                 "INSERT INTO setting(key, value) VALUES (?1, ?2) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                 DB_ARGS(DB_T(key), DB_T(value)), err);
}

/* One value from its text: an integer in its range, or an absolute path. */
static bool parse_one(const struct param_def *d, const char *text, struct param_values *out,
                      struct dv_error *err)
{
    long n = 0;

    if (d->kind == PARAM_KIND_PATH) {
        if (!validate_abs_path(d->key, _(d->label), text, d->max, err))
            return false;
        g_free(out->text[d->id]);
        out->text[d->id] = g_strstrip(g_strdup(text));
        return true;
    }
    if (!validate_int_range(d->key, _(d->label), text, d->min, d->max, &n, err))
        return false;
    out->n[d->id] = n;
    return true;
}

bool param_load(struct db *db, struct param_values *out, struct dv_error *err)
{
    (void)err; /* an unreadable or damaged value takes its default */
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < PARAM_COUNT; i++) {
        char *v = setting_get(db, defs[i].key, defs[i].def);

        if (!parse_one(&defs[i], v, out, NULL))
            parse_one(&defs[i], defs[i].def, out, NULL);
        g_free(v);
    }
    return true;
}

void param_values_clear(struct param_values *v)
{
    for (int i = 0; i < PARAM_COUNT; i++)
        g_free(v->text[i]);
    memset(v, 0, sizeof(*v));
}

char **param_texts(const struct param_values *v)
{
    char **t = g_new0(char *, PARAM_COUNT + 1);

    for (int i = 0; i < PARAM_COUNT; i++)
        t[i] = defs[i].kind == PARAM_KIND_PATH ? g_strdup(v->text[i] ? v->text[i] : "")
                                               : g_strdup_printf("%ld", v->n[i]);
    return t;
}

bool param_parse(const char *const *texts, struct param_values *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    for (int i = 0; i < PARAM_COUNT; i++)
        if (!parse_one(&defs[i], texts[i], out, err)) {
            param_values_clear(out);
            return false;
        }
    return true;
}

long param_get_int(struct db *db, enum param_id id)
{
    const struct param_def *d = param_def(id);
    struct param_values v = {0};
    char *text;

    if (!d || d->kind != PARAM_KIND_INT)
        return 0;
    text = setting_get(db, d->key, d->def);
    if (!parse_one(d, text, &v, NULL))
        parse_one(d, d->def, &v, NULL);
    g_free(text);
    return v.n[id];
}

char *param_get_text(struct db *db, enum param_id id)
{
    const struct param_def *d = param_def(id);

    return d ? setting_get(db, d->key, d->def) : g_strdup("");
}

bool param_check(const struct param_values *v, struct dv_error *err)
{
    for (int i = 0; i < PARAM_COUNT; i++) {
        const struct param_def *d = &defs[i];

        if (d->kind == PARAM_KIND_PATH) {
            if (!validate_abs_path(d->key, _(d->label), v->text[i], d->max, err))
                return false;
        } else if (v->n[i] < d->min || v->n[i] > d->max) {
            dv_error_set(err, DV_ERR_INVALID, d->key, _("%s must be between %ld and %ld."),
                         _(d->label), d->min, d->max);
            return false;
        }
    }
    for (int i = 0; i < PARAM_COUNT; i++) {
        int other = defs[i].greater_than;

        if (other >= 0 && v->n[i] <= v->n[other]) {
            dv_error_set(err, DV_ERR_INVALID, defs[i].key, _("%s must be greater than %s."),
                         _(defs[i].label), _(defs[other].label));
            return false;
        }
    }
    return true;
}

#define PARAM_PRIVILEGED_PORT_MAX 1024 /* ports only root may listen on */

char *param_warning(const struct param_values *v, const char **field)
{
    long port = v->n[PARAM_DOSVMD_PORT];

    if (port > PARAM_PRIVILEGED_PORT_MAX)
        return NULL;
    if (field)
        *field = defs[PARAM_DOSVMD_PORT].key;
    /* L10N: %1$s is the field's label, %2$ld the port */
    return g_strdup_printf(_("%s is %ld: ports of 1024 and below are reserved for system "
                             "services, and only root may listen on them. Ports above 1024 are "
                             "recommended. Save it anyway?"),
                           _(defs[PARAM_DOSVMD_PORT].label), port);
}

bool param_save(struct db *db, const struct dv_actor *actor, const struct param_values *v,
                struct dv_error *err)
{
    bool ok = true;

    if (!actor->sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("Only the system administrator can change the system parameters."));
        return false;
    }
    if (!param_check(v, err) || !db_begin(db, err))
        return false;
    for (int i = 0; ok && i < PARAM_COUNT; i++) {
        char *text = defs[i].kind == PARAM_KIND_PATH ? g_strdup(v->text[i])
                                                     : g_strdup_printf("%ld", v->n[i]);

        ok = setting_put(db, defs[i].key, text, err);
        g_free(text);
    }
    return audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify system runtime parameters"), "",
                        err);
}
