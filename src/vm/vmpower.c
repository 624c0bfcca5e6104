/* vmpower.c - a VM's actions after its start (vmpower.h): power-off,
 * reboot, reset, suspend, resume, save, restore; delete; disabling an
 * instance.  The power-on is vmstart.c's. */
#include <stdlib.h>
#include <string.h>

#include "db/audit.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "virt/virtstore.h"
#include "vm/instance.h"
#include "vm/vmop.h"

bool vm_host_choices(struct db *db, int64_t vm_id, struct choice_list *out, struct dv_error *err)
{
    struct instance_host *h = NULL;
    int64_t inst = 0;
    int n = 0;
    bool ok = db_scalar(db, "SELECT instance_id FROM vm WHERE id = ?1", DB_ARGS(DB_I(vm_id)), &inst,
                        err) &&
              instance_run_hosts(db, inst, &h, &n, err);

    memset(out, 0, sizeof *out);
    if (ok) {
        out->v = g_new0(struct choice, n + 1);
        for (int i = 0; i < n; i++)
            out->v[out->n++] =
                (struct choice){.id = h[i].id, .label = g_strdup(h[i].name), .on = h[i].live};
    }
    instance_hosts_free(h, n);
    return ok;
}

/* The graceful power-off's timeout: DOSVM_POWEROFF_TIMEOUT_MS (tests), else OP-50's. */
static int power_off_timeout_ms(void)
{
    const char *t = g_getenv("DOSVM_POWEROFF_TIMEOUT_MS");
    long ms = t ? strtol(t, NULL, 10) : 0;

    return ms > 0 && ms < 3600000 ? (int)ms : VM_POWER_OFF_TIMEOUT_MS;
}

/* ---------------------------------------------------------------- the worker */

static void off_progress(uint64_t done, uint64_t total, void *data)
{
    char text[96];

    g_snprintf(text, sizeof text, _("Waiting for the guest to shut down: %llu of %llu s"),
               (unsigned long long)(done / 1000), (unsigned long long)(total / 1000));
    job_ctx_progress(data, total ? (double)done / (double)total : -1, text);
}

static bool action_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct vmop *op = data;
    struct virt_conn *c;
    struct virt_dom_graphics g = {0};
    bool ok;

    (void)result;
    job_ctx_progress(ctx, -1, _("Connecting to the host..."));
    if (!(c = hostconn_get_uri(op->uri, err)))
        return false;
    switch (op->action) {
    case VMA_POWER_OFF:
        ok = virt_dom_power_off(c, op->uuid, op->timeout_ms, off_progress, ctx,
                                job_ctx_cancellable(ctx), &op->forced, err);
        if (ok)
            vmop_remove_overlays(c, op, true);
        return ok;
    case VMA_REBOOT:
        return virt_dom_reboot(c, op->uuid, err);
    case VMA_RESET:
        return virt_dom_reset(c, op->uuid, err);
    case VMA_SUSPEND:
        return virt_dom_suspend(c, op->uuid, err);
    case VMA_RESUME:
        return virt_dom_resume(c, op->uuid, err);
    case VMA_SAVE:
        job_ctx_progress(ctx, -1, _("Saving the VM's memory..."));
        /* the overlays stay: the saved memory refers to them (restore) */
        return vmop_temp_pool(c, op, err) && virt_dom_save(c, op->uuid, op->save_path, err);
    case VMA_RESTORE:
        job_ctx_progress(ctx, -1, _("Restoring the VM..."));
        ok = virt_dom_restore(c, op->save_path, err);
        if (ok) {
            vmop_delete_temp_file(c, op->save_path);
            if (virt_dom_graphics(c, op->uuid, &g, NULL))
                op->port = g.port;
            virt_dom_graphics_clear(&g);
        }
        return ok;
    default:
        dv_error_set(err, DV_ERR_INVALID, NULL, "%s", _("The action is unknown."));
        return false;
    }
}

/* ---------------------------------------------------------------- the finish */

struct action_outcome {
    enum vm_action action;
    bool power_on;
    enum vm_run run;
    const char *event; /* the history's kind, NULL none */
    const char *audit; /* msgid */
};

static const struct action_outcome outcomes[] = {
    {VMA_POWER_OFF, false, VM_SHUTOFF, "stop", N_("Power off VM")},
    {VMA_REBOOT, true, VM_RUNNING, "reboot", N_("Reboot VM")},
    {VMA_RESET, true, VM_RUNNING, "reset", N_("Reset VM")},
    {VMA_SUSPEND, true, VM_SUSPENDED, "suspend", N_("Suspend VM")},
    {VMA_RESUME, true, VM_RUNNING, "resume", N_("Resume VM")},
    {VMA_SAVE, false, VM_SAVED, "save", N_("Save VM")},
    {VMA_RESTORE, true, VM_RUNNING, "restore", N_("Restore VM")},
};

static const struct action_outcome *outcome_of(enum vm_action a)
{
    for (size_t i = 0; i < G_N_ELEMENTS(outcomes); i++)
        if (outcomes[i].action == a)
            return &outcomes[i];
    return NULL;
}

static bool action_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct vmop *op = data;
    const struct action_outcome *o = outcome_of(op->action);
    struct db *db = job_db(job);
    bool stopped = op->action == VMA_POWER_OFF; /* a saved VM keeps its overlays */
    int port = op->action == VMA_RESTORE ? op->port : 0;

    (void)result;
    if (!ok || !db_begin(db, err))
        return false;
    /* a reboot, reset, suspend or resume keeps the port the VM has */
    if (o->power_on && op->action != VMA_RESTORE) {
        int64_t p = 0;

        ok = db_scalar(db, "SELECT access_port FROM vm WHERE id = ?1", DB_ARGS(DB_I(op->vm_id)), &p,
                       err);
        port = (int)p;
    }
    ok = ok && vmop_set_state(db, op->vm_id, o->power_on, o->run, 0, port, err) &&
         db_do(db, "UPDATE vm SET save_path = ?2 WHERE id = ?1",
               DB_ARGS(DB_I(op->vm_id), DB_T(op->action == VMA_SAVE ? op->save_path : "")), err) &&
         (!stopped ||
          db_do(db, "DELETE FROM vm_overlay WHERE vm_id = ?1", DB_ARGS(DB_I(op->vm_id)), err)) &&
         vm_event(db, op->vm_id, o->event, op->host_id,
                  op->action == VMA_POWER_OFF && op->forced ? "forced" : "", err);
    if (!audit_commit(db, ok, job_actor(job), AUDIT_MODIFY, o->audit, op->vm, err))
        return false;
    if (op->action == VMA_POWER_OFF)
        job_set_result_text(job, op->forced ? _("The guest did not shut down in time; the VM was "
                                                "forced off.")
                                            : _("The guest shut down."));
    return true;
}

/* ---------------------------------------------------------------- the start */

static bool read_paths(const struct db_row *r, void *ctx)
{
    struct vmop *op = ctx;

    op->overlays = g_renew(struct vmop_overlay, op->overlays, op->noverlays + 1);
    memset(&op->overlays[op->noverlays], 0, sizeof *op->overlays);
    op->overlays[op->noverlays++].path = db_row_text(r, 0);
    return true;
}

struct job *vm_action_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                            enum vm_action action, struct dv_error *err)
{
    struct vm v = {0};
    struct vmop *op = NULL;
    struct vm_action_ctx c;
    const char *why = NULL;
    const struct action_outcome *o = outcome_of(action);
    bool ok;

    if (!o) {
        dv_error_set(err, DV_ERR_INVALID, NULL, "%s", _("The action is unknown."));
        return NULL;
    }
    if (!vm_get(db, actor, vm_id, &v, err))
        return NULL;
    c = vm_ctx(&v);
    ok = vm_action_allowed(action, &c, &why);
    if (!ok)
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s", why);
    if (ok) {
        op = vmop_new(action, &v);
        op->timeout_ms = power_off_timeout_ms();
        ok = vmop_read_host(db, op, err) &&
             db_query(db, "SELECT path FROM vm_overlay WHERE vm_id = ?1", DB_ARGS(DB_I(vm_id)),
                      read_paths, op, NULL, err);
    }
    if (ok && action == VMA_SAVE) {
        char *file = g_strdup_printf("%s.save", v.uuid);

        op->save_path = g_build_filename(op->temp_dir, file, NULL);
        g_free(file);
    } else if (ok && action == VMA_RESTORE) {
        op->save_path = g_strdup(v.save_path);
        if (!*op->save_path) {
            dv_error_set(err, DV_ERR_INFO, NULL, "%s", _("The VM has no saved state."));
            ok = false;
        }
    }
    vm_clear(&v);
    if (!ok) {
        if (op)
            vmop_free(op);
        return NULL;
    }
    return vmop_start(db, actor, o->audit, op, action_work, action_finish, err);
}

/* ---------------------------------------------------------------- delete (M11.4.4b) */

static bool delete_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct vmop *op = data;
    struct virt_conn *c;

    (void)result;
    if (!op->uri) /* never defined on a host */
        return true;
    job_ctx_progress(ctx, -1, _("Connecting to the host..."));
    /* a host that cannot be reached keeps its definition; the record goes
     * all the same (as a network's delete), and the result says so */
    if (!(c = hostconn_get_uri(op->uri, err))) {
        g_string_append(op->notes, err->msg);
        dv_error_clear(err);
        return true;
    }
    if (!virt_dom_undefine(c, op->uuid, err))
        return false;
    if (op->save_path && *op->save_path)
        vmop_delete_temp_file(c, op->save_path);
    vmop_remove_overlays(c, op, true);
    return true;
}

static bool delete_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct vmop *op = data;
    struct db *db = job_db(job);
    struct vm v = {0};

    (void)result;
    if (!ok || !db_begin(db, err))
        return false;
    /* still deletable: nothing started it in between */
    ok = vm_get(db, job_actor(job), op->vm_id, &v, err) && vm_may_delete(&v, err) &&
         db_do(db, "DELETE FROM vm WHERE id = ?1", DB_ARGS(DB_I(op->vm_id)), err);
    vm_clear(&v);
    if (!audit_commit(db, ok, job_actor(job), AUDIT_DELETE, N_("Delete VM"), op->vm, err))
        return false;
    if (op->notes->len) {
        char *text = g_strdup_printf(_("The VM was deleted, but its host could not remove its "
                                       "definition: %s"),
                                     op->notes->str);

        job_set_result_text(job, text);
        g_free(text);
    }
    return true;
}

struct job *vm_delete_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                            struct dv_error *err)
{
    struct vm v = {0};
    struct vmop *op;
    struct dv_error e = {0};

    if (!vm_get(db, actor, vm_id, &v, err) || !vm_may_delete(&v, err)) {
        vm_clear(&v);
        return NULL;
    }
    op = vmop_new(VMA_DELETE, &v);
    op->save_path = g_strdup(v.save_path);
    /* a VM that never ran has no host to undefine it on */
    if (op->host_id && !vmop_read_host(db, op, &e))
        op->host_id = 0;
    if (!db_query(db, "SELECT path FROM vm_overlay WHERE vm_id = ?1", DB_ARGS(DB_I(vm_id)),
                  read_paths, op, NULL, err)) {
        vmop_free(op);
        vm_clear(&v);
        return NULL;
    }
    vm_clear(&v);
    return vmop_start(db, actor, N_("Delete VM"), op, delete_work, delete_finish, err);
}

/* ---------------------------------------------------------------- disable (M11.3h) */

static bool read_target(const struct db_row *r, void *ctx)
{
    struct vmop_target t = {.vm_id = db_row_int(r, 0),
                            .uuid = db_row_text(r, 1),
                            .uri = db_row_text(r, 2),
                            .host = db_row_text(r, 3)};

    g_array_append_val(ctx, t);
    return true;
}

static bool disable_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct vmop *op = data;

    (void)result;
    (void)err;
    for (guint i = 0; i < op->targets->len; i++) {
        struct vmop_target *t = &g_array_index(op->targets, struct vmop_target, i);
        struct dv_error e = {0};
        struct virt_conn *c;

        job_ctx_progress(ctx, (double)i / op->targets->len, t->host);
        c = hostconn_get_uri(t->uri, &e);
        t->done = c && virt_dom_destroy(c, t->uuid, &e);
        if (!t->done)
            g_string_append_printf(op->notes, "%s%s: %s", op->notes->len ? "; " : "", t->host,
                                   e.msg);
    }
    return true;
}

static bool disable_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct vmop *op = data;
    struct db *db = job_db(job);

    (void)result;
    if (!ok || !db_begin(db, err))
        return false;
    ok = db_do(db, "UPDATE instance SET active = 0, row_version = row_version + 1 WHERE id = ?1",
               DB_ARGS(DB_I(op->instance_id)), err);
    for (guint i = 0; ok && i < op->targets->len; i++) {
        struct vmop_target *t = &g_array_index(op->targets, struct vmop_target, i);

        ok = t->done ? vmop_set_state(db, t->vm_id, false, VM_SHUTOFF, 0, 0, err) &&
                           db_do(db, "DELETE FROM vm_overlay WHERE vm_id = ?1",
                                 DB_ARGS(DB_I(t->vm_id)), err) &&
                           vm_event(db, t->vm_id, "stop", 0, "disabled", err)
                     : db_do(db, "UPDATE vm SET power_on = 0, flagged = 1 WHERE id = ?1",
                             DB_ARGS(DB_I(t->vm_id)), err);
    }
    if (!audit_commit(db, ok, job_actor(job), AUDIT_MODIFY, N_("Disable VM instance"), op->vm, err))
        return false;
    if (op->notes->len) {
        char *text = g_strdup_printf(_("The instance is disabled; these VMs could not be stopped: "
                                       "%s"),
                                     op->notes->str);

        job_set_result_text(job, text);
        g_free(text);
    } else {
        job_set_result_text(job, _("The instance is disabled."));
    }
    return true;
}

struct job *instance_disable_start(struct db *db, const struct dv_actor *actor, int64_t instance_id,
                                   struct dv_error *err)
{
    struct instance in = {0};
    struct vm dummy = {0};
    struct vmop *op;

    if (!instance_get(db, actor, instance_id, &in, err))
        return NULL;
    if (!in.active) {
        dv_error_set(err, DV_ERR_INFO, NULL, "%s", _("The instance is already disabled."));
        instance_clear(&in);
        return NULL;
    }
    dummy.instance_id = instance_id;
    dummy.name_en = in.spec.name_en;
    op = vmop_new(VMA_COUNT, &dummy);
    op->targets = g_array_new(FALSE, TRUE, sizeof(struct vmop_target));
    instance_clear(&in);
    if (!db_query(db,
                  "SELECT v.id, v.uuid, h.uri, h.name FROM vm v JOIN host h ON h.id = "
                  "v.run_host_id WHERE v.instance_id = ?1 AND v.run_state IN (1, 2)",
                  DB_ARGS(DB_I(instance_id)), read_target, op->targets, NULL, err)) {
        vmop_free(op);
        return NULL;
    }
    return vmop_start(db, actor, N_("Disable VM instance"), op, disable_work, disable_finish, err);
}

/* ---------------------------------------------------------------- synchronous forms */

static bool run_job(struct job *job, struct dv_error *err)
{
    bool ok = job_run(job, err);

    if (job)
        job_unref(job);
    return ok;
}

bool vm_action(struct db *db, const struct dv_actor *actor, int64_t vm_id, enum vm_action action,
               struct dv_error *err)
{
    return run_job(vm_action_start(db, actor, vm_id, action, err), err);
}

bool vm_delete(struct db *db, const struct dv_actor *actor, int64_t vm_id, struct dv_error *err)
{
    return run_job(vm_delete_start(db, actor, vm_id, err), err);
}

bool instance_disable(struct db *db, const struct dv_actor *actor, int64_t instance_id,
                      struct dv_error *err)
{
    return run_job(instance_disable_start(db, actor, instance_id, err), err);
}
