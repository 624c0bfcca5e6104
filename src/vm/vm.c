/* vm.c - the VM records (vm.h) */
#include "vm/vm.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "base/util.h"
#include "base/validate.h"
#include "db/audit.h"
#include "db/page.h"
#include "projects/project.h"
#include "vm/instance.h"

#define VM_COLUMNS                                                                                 \
    "v.id, v.instance_id, i.name_zh, i.name_en, v.name_en, v.uuid, i.vcpus, i.memory_mib, "        \
    "v.power_on, v.run_state, coalesce(v.run_host_id, 0), coalesce(h.name, ''), "                  \
    "v.access_port, v.flagged, v.start_error, v.start_error_at, v.start_error_host, i.active, "    \
    "i.is_unique, i.bound_host_id IS NOT NULL, "                                                   \
    "(SELECT count(*) FROM vm o WHERE o.instance_id = v.instance_id), p.name, v.created_at, "      \
    "i.project_id, v.save_path, coalesce(h.ip, '')"
#define VM_FROM                                                                                    \
    "vm v JOIN instance i ON i.id = v.instance_id JOIN project p ON p.id = i.project_id "          \
    "LEFT JOIN host h ON h.id = v.run_host_id"

static const char *missing_vm(void)
{
    return _("The VM no longer exists.");
}

static void read_vm(const struct db_row *r, struct vm *v)
{
    v->id = db_row_int(r, 0);
    v->instance_id = db_row_int(r, 1);
    v->instance_name = db_row_text(r, 2);
    v->instance_en = db_row_text(r, 3);
    v->name_en = db_row_text(r, 4);
    v->uuid = db_row_text(r, 5);
    v->vcpus = (int)db_row_int(r, 6);
    v->memory_mib = db_row_int(r, 7);
    v->power_on = db_row_int(r, 8);
    v->run = (enum vm_run)db_row_int(r, 9);
    v->run_host_id = db_row_int(r, 10);
    v->run_host = db_row_text(r, 11);
    v->access_port = (int)db_row_int(r, 12);
    v->flagged = db_row_int(r, 13);
    v->start_error = db_row_text(r, 14);
    v->start_error_at = db_row_int(r, 15);
    v->start_error_host = db_row_text(r, 16);
    v->instance_active = db_row_int(r, 17);
    v->unique = db_row_int(r, 18);
    v->bound_host = db_row_int(r, 19);
    v->nvms = (int)db_row_int(r, 20);
    v->project = db_row_text(r, 21);
    v->created_at = db_row_int(r, 22);
    v->save_path = db_row_text(r, 24);
    v->run_host_ip = db_row_text(r, 25);
}

DB_PAGE_READER(add_vm, struct vm_page, read_vm)

struct one_vm {
    struct vm *v;
    int64_t project_id;
};

static bool read_one(const struct db_row *r, void *ctx)
{
    struct one_vm *o = ctx;

    read_vm(r, o->v);
    o->project_id = db_row_int(r, 23);
    return true;
}

void vm_clear(struct vm *v)
{
    g_free(v->instance_name);
    g_free(v->instance_en);
    g_free(v->name_en);
    g_free(v->uuid);
    g_free(v->run_host);
    g_free(v->start_error);
    g_free(v->start_error_host);
    g_free(v->project);
    g_free(v->save_path);
    g_free(v->run_host_ip);
    memset(v, 0, sizeof *v);
}

void vm_page_free(struct vm_page *p)
{
    for (int i = 0; i < p->n; i++)
        vm_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof *p);
}

struct vm_action_ctx vm_ctx(const struct vm *v)
{
    return (struct vm_action_ctx){.selected = v && v->id,
                                  .run = v ? v->run : VM_SHUTOFF,
                                  .instance_active = v && v->instance_active,
                                  .unique = v && v->unique,
                                  .nvms = v ? v->nvms : 0,
                                  .bound_host = v && v->bound_host};
}

bool vm_get(struct db *db, const struct dv_actor *actor, int64_t id, struct vm *out,
            struct dv_error *err)
{
    struct one_vm o = {.v = out};
    int64_t pid = 0;

    memset(out, 0, sizeof *out);
    if (!db_get(db, "SELECT " VM_COLUMNS " FROM " VM_FROM " WHERE v.id = ?1", DB_ARGS(DB_I(id)),
                read_one, &o, missing_vm(), err))
        return false;
    if (actor->sysadm)
        return true;
    if (project_for_actor(db, actor, 0, &pid, err) && pid == o.project_id)
        return true;
    if (pid)
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s", _("The VM belongs to another project."));
    vm_clear(out);
    return false;
}

bool vm_list(struct db *db, int64_t project_id, int64_t instance_id, const char *name,
             int64_t offset, int limit, struct vm_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof *out);
    ok = db_query_page(
        db, VM_COLUMNS,
        VM_FROM " WHERE (?1 = 0 OR i.project_id = ?1) AND (?2 = 0 OR "
                "v.instance_id = ?2) AND (?3 = '' OR v.name_en LIKE ?4 ESCAPE '\\' "
                "OR i.name_zh LIKE ?4 ESCAPE '\\' OR i.name_en LIKE ?4 ESCAPE '\\')",
        "v.power_on DESC, v.created_at, v.id",
        DB_ARGS(DB_I(project_id), DB_I(instance_id), DB_T(name ? name : ""), DB_T(like)), offset,
        limit, &out->total, add_vm, out, err);
    g_free(like);
    if (!ok)
        vm_page_free(out);
    return ok;
}

/* ---------------------------------------------------------------- add */

/* The instance's project, state, uniqueness, VM count and whether a
 * writable disk no temporary snapshot protects is shared. */
struct inst_facts {
    int64_t project_id;
    bool active, unique, shared_writable;
    int64_t nvms;
    char *name;
};

static bool read_facts(const struct db_row *r, void *ctx)
{
    struct inst_facts *f = ctx;

    f->project_id = db_row_int(r, 0);
    f->active = db_row_int(r, 1);
    f->unique = db_row_int(r, 2);
    f->nvms = db_row_int(r, 3);
    f->shared_writable = db_row_int(r, 4) > 0;
    f->name = db_row_text(r, 5);
    return true;
}

static bool instance_facts(struct db *db, int64_t id, struct inst_facts *f, struct dv_error *err)
{
    memset(f, 0, sizeof *f);
    return db_get(db,
                  "SELECT i.project_id, i.active, i.is_unique, "
                  "(SELECT count(*) FROM vm WHERE instance_id = i.id), "
                  "(SELECT count(*) FROM instance_disk d LEFT JOIN image m ON m.id = d.image_id "
                  "WHERE d.instance_id = i.id AND d.readonly = 0 AND coalesce(m.readonly, 0) = 0), "
                  "i.name_en FROM instance i WHERE i.id = ?1",
                  DB_ARGS(DB_I(id)), read_facts, f, _("The VM instance no longer exists."), err);
}

bool vm_add(struct db *db, const struct dv_actor *actor, int64_t instance_id, const char *name_en,
            int64_t *id, char **warning, struct dv_error *err)
{
    struct inst_facts f = {0};
    char *name = dv_strtrim(name_en ? name_en : "");
    char *uuid = g_uuid_string_random();
    int64_t pid = 0, taken = 0;
    bool ok;

    if (warning)
        *warning = NULL;
    ok = validate_required(VMF_NAME_EN, _("English name"), name, err) &&
         validate_account(VMF_NAME_EN, _("English name"), name, err) && db_begin(db, err);
    if (ok) {
        ok = instance_facts(db, instance_id, &f, err) &&
             project_for_actor(db, actor, f.project_id, &pid, err);
        if (ok && pid != f.project_id) {
            dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                         _("The VM instance belongs to another project."));
            ok = false;
        }
        if (ok && !f.active) {
            dv_error_set(err, DV_ERR_DENIED, NULL, "%s", _("The instance is disabled."));
            ok = false;
        }
        if (ok && f.unique && f.nvms > 0) {
            dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                         _("A unique instance can have only one VM."));
            ok = false;
        }
        ok = ok && db_scalar(db, "SELECT count(*) FROM vm WHERE name_en = ?1", DB_ARGS(DB_T(name)),
                             &taken, err);
        if (ok && taken) {
            dv_error_set(err, DV_ERR_EXISTS, VMF_NAME_EN, _("A VM named '%s' exists already."),
                         name);
            ok = false;
        }
        ok = ok && db_do(db,
                         "INSERT INTO vm(instance_id, name_en, uuid, created_at) "
                         "VALUES (?1, ?2, ?3, ?4)",
                         DB_ARGS(DB_I(instance_id), DB_T(name), DB_T(uuid), DB_I(dv_now())), err);
        if (ok && id)
            *id = db_last_id(db);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add VM"), name, err);
    }
    if (ok && warning && !f.unique && f.shared_writable)
        *warning = g_strdup(_("The instance has writable disks shared by all its VMs: VMs running "
                              "at the same time may corrupt them."));
    g_free(f.name);
    g_free(name);
    g_free(uuid);
    return ok;
}

bool vm_may_delete(const struct vm *v, struct dv_error *err)
{
    if (v->run == VM_SHUTOFF || v->run == VM_SAVED)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL, "%s", _("Power off the VM first."));
    return false;
}

char *vm_start_error_text(const struct vm *v)
{
    char t[DV_TIME_LEN];

    if (!v->start_error || !*v->start_error)
        return g_strdup(_("No start error."));
    /* L10N: the last start error: time, host, then the error text */
    return g_strdup_printf(_("%s on host %s: %s"), dv_format_time(v->start_error_at, t),
                           *v->start_error_host ? v->start_error_host : "-", v->start_error);
}

void vm_random_mac(char out[18])
{
    g_snprintf(out, 18, "52:54:00:%02x:%02x:%02x", g_random_int_range(0, 256),
               g_random_int_range(0, 256), g_random_int_range(0, 256));
}

static bool read_text(const struct db_row *r, void *ctx)
{
    g_strlcpy(ctx, db_row_peek(r, 0) ? db_row_peek(r, 0) : "", 18);
    return false;
}

bool vm_kept_mac(struct db *db, int64_t vm_id, int pos, char out[18], struct dv_error *err)
{
    int64_t n = 0;

    out[0] = '\0';
    if (!db_query(db, "SELECT mac FROM vm_mac WHERE vm_id = ?1 AND pos = ?2",
                  DB_ARGS(DB_I(vm_id), DB_I(pos)), read_text, out, &n, err))
        return false;
    if (n)
        return true;
    vm_random_mac(out);
    return db_do(db, "INSERT INTO vm_mac(vm_id, pos, mac) VALUES (?1, ?2, ?3)",
                 DB_ARGS(DB_I(vm_id), DB_I(pos), DB_T(out)), err);
}

bool vm_event(struct db *db, int64_t vm_id, const char *kind, int64_t host_id, const char *detail,
              struct dv_error *err)
{
    return db_do(db,
                 "INSERT INTO vm_event(vm_id, time, kind, host_id, detail) VALUES (?1, ?2, ?3, ?4, "
                 "?5)",
                 DB_ARGS(DB_I(vm_id), DB_I(dv_now()), DB_T(kind), DB_ID0(host_id),
                         DB_T(detail ? detail : "")),
                 err);
}

bool vm_stamp(struct db *db, int64_t *out, struct dv_error *err)
{
    return db_scalar(db, "SELECT n FROM vm_stamp WHERE id = 1", DB_NOARGS, out, err);
}

static bool pid_alive(int64_t pid)
{
    return pid > 0 && (pid == getpid() || kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

static bool read_busy(const struct db_row *r, void *ctx)
{
    bool *busy = ctx;

    *busy = pid_alive(db_row_int(r, 0));
    return !*busy;
}

bool vm_job_under_way(struct db *db, const char *vm_name, const char *instance_name, bool *busy,
                      struct dv_error *err)
{
    *busy = false;
    return db_query(db, "SELECT pid FROM task WHERE state = 'running' AND object IN (?1, ?2)",
                    DB_ARGS(DB_T(vm_name), DB_T(instance_name)), read_busy, busy, NULL, err);
}
