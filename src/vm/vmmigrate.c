/* vmmigrate.c - M11.4.2 live migration (vmpower.h): MG1 (a bound instance
 * never moves; a host group keeps it inside), MG2 (a VM that does not run
 * only changes where it runs next), MG4 (disks not on shared storage are
 * warned about), the live move with its progress and abort. */
#include <string.h>

#include "admin/param.h"
#include "db/audit.h"
#include "net/secgroup.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "vm/instance.h"
#include "vm/vmop.h"

bool vm_migrate_choices(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                        struct choice_list *out, struct dv_error *err)
{
    struct vm v = {0};
    struct instance_host *h = NULL;
    int n = 0;
    bool ok = vm_get(db, actor, vm_id, &v, err);

    memset(out, 0, sizeof *out);
    if (ok && v.bound_host) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("The VM is bound to a host and cannot be migrated."));
        ok = false;
    }
    ok = ok && instance_run_hosts(db, v.instance_id, &h, &n, err);
    if (ok) {
        out->v = g_new0(struct choice, n + 1);
        for (int i = 0; i < n; i++)
            if (h[i].id != v.run_host_id)
                out->v[out->n++] =
                    (struct choice){.id = h[i].id, .label = g_strdup(h[i].name), .on = h[i].live};
    }
    instance_hosts_free(h, n);
    vm_clear(&v);
    return ok;
}

/* MG4: the disks of a running VM that are not on shared storage (under the
 * shared file system root, or a netfs/iSCSI/shared-root pool), named. */
char *vm_migrate_warning(struct db *db, int64_t vm_id, struct dv_error *err)
{
    struct param_values pv = {0};
    char *root, *names = NULL;
    int64_t n = 0;
    bool ok = param_load(db, &pv, err);

    if (!ok)
        return NULL;
    root = g_strdup_printf("%s/%%", pv.text[PARAM_SHARED_ROOT]);
    param_values_clear(&pv);
    ok = db_scalar(db,
                   "SELECT count(*) FROM vm JOIN instance_disk d ON d.instance_id = vm.instance_id "
                   "LEFT JOIN image m ON m.id = d.image_id LEFT JOIN volume v ON v.id = "
                   "d.volume_id LEFT JOIN pool p ON p.id = v.pool_id WHERE vm.id = ?1 AND "
                   "NOT ((m.id IS NOT NULL AND m.save_dir || '/' LIKE ?2) OR "
                   "(p.id IS NOT NULL AND p.type IN (0, 1, 2)))",
                   DB_ARGS(DB_I(vm_id), DB_T(root)), &n, err);
    g_free(root);
    if (ok && n > 0)
        names = g_strdup_printf(
            _("%lld disks of the VM are not on shared storage: the target host must reach them "
              "at the same paths, or the migration fails (copy them there, or share them over "
              "NFS first)."),
            (long long)n);
    return names;
}

/* ---------------------------------------------------------------- the job */

struct move {
    struct vmop *op;
    int64_t to_id;
    char *to_name, *to_uri;
    bool live;
};

static void move_free(void *data)
{
    struct move *m = data;

    if (m->op)
        vmop_free(m->op);
    g_free(m->to_name);
    g_free(m->to_uri);
    g_free(m);
}

static void move_progress(uint64_t done, uint64_t total, void *data)
{
    char text[96];

    if (total)
        g_snprintf(text, sizeof text, _("%llu of %llu MiB moved"), (unsigned long long)(done >> 20),
                   (unsigned long long)(total >> 20));
    else
        g_strlcpy(text, _("Starting the migration..."), sizeof text);
    job_ctx_progress(data, total ? (double)done / (double)total : -1, text);
}

static bool move_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct move *m = data;
    struct vmop *op = m->op;
    struct virt_migrate_opts opts = {.live = true};
    struct virt_conn *from, *to;
    struct virt_dom_graphics g = {0};
    bool ok;

    (void)result;
    if (!m->live) /* MG2: nothing runs; only the next run's host changes */
        return true;
    job_ctx_progress(ctx, -1, _("Connecting to the hosts..."));
    from = hostconn_get_uri(op->uri, err);
    to = from ? hostconn_get_uri(m->to_uri, err) : NULL;
    ok = to != NULL;
    /* the target first gets what the VM uses: its networks and filters */
    for (int i = 0; ok && i < op->nnets; i++)
        ok = network_host_site_run(ctx, op->nets[i], err);
    for (int i = 0; ok && i < op->ngroups; i++)
        ok = filter_site_run(ctx, op->groups[i], err);
    ok = ok && virt_dom_migrate(from, op->uuid, m->to_uri, &opts, move_progress, ctx,
                                job_ctx_cancellable(ctx), err);
    if (ok && virt_dom_graphics(to, op->uuid, &g, NULL))
        op->port = g.port;
    virt_dom_graphics_clear(&g);
    return ok;
}

static bool move_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct move *m = data;
    struct vmop *op = m->op;
    struct db *db = job_db(job);
    struct dv_error why = *err;
    bool rec;

    (void)result;
    if (!db_begin(db, err))
        return false;
    /* what the target got is remembered, also when the move failed */
    rec = true;
    for (int i = 0; rec && i < op->nnets; i++)
        rec = network_host_site_record(db, op->nets[i], err);
    for (int i = 0; rec && ok && i < op->ngroups; i++)
        rec = secgroup_site_record(db, op->groups[i], err);
    if (!ok || !rec) { /* the VM stays where it was */
        if (rec)
            rec = db_commit(db, err);
        else
            db_rollback(db);
        if (!ok)
            *err = why;
        return false;
    }
    ok = db_do(db,
               "UPDATE vm SET run_host_id = ?2, access_port = CASE WHEN ?3 THEN ?4 ELSE "
               "access_port END, row_version = row_version + 1 WHERE id = ?1",
               DB_ARGS(DB_I(op->vm_id), DB_I(m->to_id), DB_I(m->live), DB_I(op->port)), err) &&
         db_do(db, "UPDATE vm_overlay SET host_id = ?2 WHERE vm_id = ?1",
               DB_ARGS(DB_I(op->vm_id), DB_I(m->to_id)), err) &&
         vm_event(db, op->vm_id, "migrate", m->to_id, m->live ? "live" : "next run", err);
    if (!audit_commit(db, ok, job_actor(job), AUDIT_MODIFY, N_("Migrate VM"), op->vm, err))
        return false;
    job_set_result_text(job, m->live ? _("The VM runs on its new host.")
                                     : _("The VM is not running: it will run on the new host "
                                         "at its next start."));
    return true;
}

static bool read_target(const struct db_row *r, void *ctx)
{
    struct move *m = ctx;

    m->to_name = db_row_text(r, 0);
    m->to_uri = db_row_text(r, 1);
    return false;
}

/* The sites that give the target what the VM's NICs use. */
static bool target_sites(struct db *db, const struct inst_spec *s, struct move *m,
                         struct dv_error *err)
{
    struct vmop *op = m->op;

    op->nets = g_new0(struct network_host_site *, s->nnics + 1);
    op->groups = g_new0(struct filter_site *, s->nnics + 1);
    for (int i = 0; i < s->nnics; i++) {
        if (!(op->nets[op->nnets] =
                  network_host_site_new(db, s->nics[i].network_id, m->to_id, err)))
            return false;
        op->nnets++;
        if (s->nics[i].secgroup_id) {
            if (!(op->groups[op->ngroups] =
                      secgroup_site(db, s->nics[i].secgroup_id, m->to_id, NULL, err)))
                return false;
            op->ngroups++;
        }
    }
    return true;
}

struct job *vm_migrate_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                             int64_t host_id, struct dv_error *err)
{
    struct choice_list hosts = {0};
    struct vm v = {0};
    struct instance in = {0};
    struct move *m = g_new0(struct move, 1);
    bool ok =
        vm_migrate_choices(db, actor, vm_id, &hosts, err) && vm_get(db, actor, vm_id, &v, err);
    bool allowed = false;

    for (int i = 0; ok && i < hosts.n; i++)
        allowed = allowed || hosts.v[i].id == host_id;
    if (ok && !allowed) {
        dv_error_set(err, DV_ERR_INVALID, NULL, "%s",
                     _("The target host is not one the VM may migrate to."));
        ok = false;
    }
    if (ok) {
        m->op = vmop_new(VMA_MIGRATE, &v);
        m->to_id = host_id;
        m->live = v.run == VM_RUNNING || v.run == VM_SUSPENDED;
        ok = db_get(db, "SELECT name, uri FROM host WHERE id = ?1", DB_ARGS(DB_I(host_id)),
                    read_target, m, _("The host no longer exists."), err);
    }
    if (ok && m->live)
        ok = vmop_read_host(db, m->op, err) && instance_get(db, actor, v.instance_id, &in, err) &&
             target_sites(db, &in.spec, m, err);
    choice_list_free(&hosts);
    vm_clear(&v);
    instance_clear(&in);
    if (!ok) {
        move_free(m);
        return NULL;
    }
    {
        struct job_spec js = {.what = N_("Migrate VM"),
                              .object = m->op->vm,
                              .host = m->to_name,
                              .cancellable = m->live,
                              .timeout_s = JOB_NO_TIMEOUT,
                              .work = move_work,
                              .finish = move_finish,
                              .data = m,
                              .data_free = move_free};

        return job_start(db, actor, &js, err);
    }
}
