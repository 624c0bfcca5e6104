/* vmstart.c - M11.4.5a, a VM's power-on (vmpower.h): the rules and the
 * domain XML on the owner's thread, the host's steps on a worker, the
 * states, start error, history and audit row in the finish. */
#include <string.h>

#include "base/util.h"
#include "db/audit.h"
#include "net/secgroup.h"
#include "projects/project.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "virt/virtstore.h"
#include "vm/instance.h"
#include "vm/placement.h"
#include "vm/vmop.h"
#include "xml/domainxml.h"
#include "xml/volxml.h"

#define MIB (1024LL * 1024)

/* ---------------------------------------------------------------- the host */

static int find_host(const struct instance_host *h, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (h[i].id == id)
            return i;
    return -1;
}

/* The host the VM starts on: the one asked for (when allowed, running and
 * with the memory); else its own run host (where a migration of the
 * stopped VM sent it, MG2, or where it ran last) when that is one it may
 * run on, running and with the memory; else placement's choice. */
static bool choose_host(struct db *db, const struct instance *in, int64_t asked, int64_t own,
                        struct vmop *op, struct dv_error *err)
{
    struct instance_host *hosts = NULL;
    struct place_host *ph;
    int n = 0, pick = -1;
    char *why = NULL;
    bool ok = instance_run_hosts(db, in->id, &hosts, &n, err);

    if (!ok)
        return false;
    ph = g_new0(struct place_host, n + 1);
    for (int i = 0; i < n; i++)
        ph[i] = (struct place_host){.id = hosts[i].id,
                                    .name = hosts[i].name,
                                    .live = hosts[i].live,
                                    .mem_total_mib = hosts[i].mem_total_mib,
                                    .mem_used_mib = hosts[i].mem_used_mib,
                                    .load = hosts[i].load};
    if (asked) {
        int i = find_host(hosts, n, asked);

        if (i < 0) {
            dv_error_set(err, DV_ERR_INVALID, NULL, "%s",
                         _("The host is not one the VM may run on."));
            ok = false;
        } else if (!hosts[i].live) {
            dv_error_set(err, DV_ERR_INVALID, NULL, _("The host %s is not running."),
                         hosts[i].name);
            ok = false;
        } else if (hosts[i].mem_total_mib > 0 && placement_free_mib(&ph[i]) < in->spec.memory_mib) {
            dv_error_set(err, DV_ERR_INVALID, NULL,
                         _("Memory exceeds the host's memory less 512 MiB (%lld MiB at most)."),
                         (long long)placement_free_mib(&ph[i]));
            ok = false;
        }
        pick = i;
    } else if ((pick = find_host(hosts, n, own)) >= 0 && hosts[pick].live &&
               (hosts[pick].mem_total_mib <= 0 ||
                placement_free_mib(&ph[pick]) >= in->spec.memory_mib)) {
        /* its own host it is */
    } else if ((pick = placement_pick(ph, n, in->spec.memory_mib, &why)) < 0) {
        dv_error_set(err, DV_ERR_INVALID, NULL, "%s", why);
        ok = false;
    }
    if (ok) {
        op->host_id = hosts[pick].id;
        op->host = g_strdup(hosts[pick].name);
        op->uri = g_strdup(hosts[pick].uri);
    }
    g_free(why);
    g_free(ph);
    instance_hosts_free(hosts, n);
    return ok;
}

/* ---------------------------------------------------------------- the rules */

/* M11.3l, OP-35: another running VM of the instance forbids this one when
 * the instance is unique, has a fixed MAC, or a writable disk no temporary
 * snapshot protects. */
static bool check_concurrent(struct db *db, const struct vm *v, const struct inst_spec *s,
                             bool unprotected, bool shared_ok, struct dv_error *err)
{
    int64_t running = 0;

    if (!db_scalar(db,
                   "SELECT count(*) FROM vm WHERE instance_id = ?1 AND id <> ?2 AND run_state IN "
                   "(1, 2)",
                   DB_ARGS(DB_I(v->instance_id), DB_I(v->id)), &running, err))
        return false;
    if (!running)
        return true;
    for (int i = 0; i < s->nnics; i++)
        if (*s->nics[i].mac) {
            dv_error_set(err, DV_ERR_DENIED, NULL,
                         _("MAC conflict: the instance has the fixed MAC %s and another of its VMs "
                           "is running."),
                         s->nics[i].mac);
            return false;
        }
    if (s->unique) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("A unique instance can have only one VM running."));
        return false;
    }
    if (unprotected && !shared_ok) {
        dv_error_set(err, DV_ERR_DENIED, VM_FIELD_SHARED_DISKS, "%s",
                     _("Another VM of the instance is running and its writable disks are not "
                       "protected by a temporary snapshot; make them read-only first."));
        return false;
    }
    return true;
}

/* OP-29: the vCPUs and memory of the project's running VMs with this one. */
static bool check_quota(struct db *db, int64_t project_id, const struct inst_spec *s,
                        struct dv_error *err)
{
    struct project_usage u;

    if (!project_usage(db, project_id, &u, err))
        return false;
    if (u.used[QUOTA_VCPUS] + s->vcpus > u.max[QUOTA_VCPUS]) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("Project quota exceeded: running VMs would use %lld vCPUs, at most %lld "
                       "are allowed."),
                     (long long)(u.used[QUOTA_VCPUS] + s->vcpus), (long long)u.max[QUOTA_VCPUS]);
        return false;
    }
    if (u.used[QUOTA_MEM_MB] + s->memory_mib > u.max[QUOTA_MEM_MB]) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("Project quota exceeded: running VMs would use %lld MiB of memory, at most "
                       "%lld MiB are allowed."),
                     (long long)(u.used[QUOTA_MEM_MB] + s->memory_mib),
                     (long long)u.max[QUOTA_MEM_MB]);
        return false;
    }
    return true;
}

/* ---------------------------------------------------------------- the domain */

struct disk_row {
    char *path, *format, *pool, *volume;
    bool readonly;
    int64_t size_mb;
};

static bool read_image(const struct db_row *r, void *ctx)
{
    struct disk_row *d = ctx;

    d->path = g_build_filename(db_row_peek(r, 0), db_row_peek(r, 1), NULL);
    d->format = db_row_text(r, 2);
    d->readonly = db_row_int(r, 3);
    d->size_mb = db_row_int(r, 4);
    return false;
}

static bool read_volume(const struct db_row *r, void *ctx)
{
    struct disk_row *d = ctx;

    d->pool = db_row_text(r, 0);
    d->volume = g_path_get_basename(db_row_peek(r, 1) ? db_row_peek(r, 1) : "");
    d->format = db_row_text(r, 2);
    if (!*d->format) {
        g_free(d->format);
        d->format = g_strdup("raw");
    }
    return false;
}

static void disk_rows_free(struct disk_row *d, int n)
{
    for (int i = 0; i < n; i++) {
        g_free(d[i].path);
        g_free(d[i].format);
        g_free(d[i].pool);
        g_free(d[i].volume);
    }
}

/* Each disk's source as this start gives it; an overlay for a read-only
 * image on a writable device (M11.3j).  *unprotected: a writable disk
 * without one. */
static bool resolve_disks(struct db *db, const struct inst_spec *s, struct vmop *op,
                          struct disk_row *rows, struct domainxml_disk *out, bool *unprotected,
                          struct dv_error *err)
{
    *unprotected = false;
    op->overlays = g_new0(struct vmop_overlay, INSTANCE_DISK_MAX);
    for (int i = 0; i < s->ndisks; i++) {
        const struct inst_disk *d = &s->disks[i];
        struct disk_row *r = &rows[i];
        bool ok = d->resource == RES_FILE
                      ? db_get(db,
                               "SELECT save_dir, file_name, format, readonly, size_mb FROM image "
                               "WHERE id = ?1",
                               DB_ARGS(DB_I(d->image_id)), read_image, r,
                               _("An image file of the instance no longer exists."), err)
                      : db_get(db,
                               "SELECT p.name, v.path, v.format FROM volume v JOIN pool p ON "
                               "p.id = v.pool_id WHERE v.id = ?1",
                               DB_ARGS(DB_I(d->volume_id)), read_volume, r,
                               _("A volume of the instance no longer exists."), err);

        if (!ok)
            return false;
        out[i] = (struct domainxml_disk){
            .file = r->path, .pool = r->pool, .volume = r->volume, .format = r->format};
        if (d->readonly)
            continue;
        if (d->resource == RES_FILE && r->readonly) {
            struct vmop_overlay *o = &op->overlays[op->noverlays++];

            o->name = g_strdup_printf("%s-%s.qcow2", op->vm, d->dev);
            o->path = g_build_filename(op->temp_dir, o->name, NULL);
            o->backing = g_strdup(r->path);
            o->format = g_strdup(r->format);
            o->capacity = r->size_mb * MIB;
            out[i].file = o->path;
            out[i].format = "qcow2";
        } else {
            *unprotected = true;
        }
    }
    return true;
}

struct nic_row {
    char *network, *filter;
    char mac[18];
};

static bool read_name(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

static bool has_id(const int64_t *ids, int n, int64_t id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* Each NIC's network, filter and MAC (M11.3l's rule), and the sites that
 * ensure the networks and security groups on the host. */
static bool resolve_nics(struct db *db, const struct vm *v, const struct inst_spec *s,
                         struct vmop *op, struct nic_row *rows, struct domainxml_nic *out,
                         struct dv_error *err)
{
    int64_t *nets = g_new0(int64_t, s->nnics + 1), *groups = g_new0(int64_t, s->nnics + 1);
    int nn = 0, ng = 0;
    bool ok = true;

    op->nets = g_new0(struct network_host_site *, s->nnics + 1);
    op->groups = g_new0(struct filter_site *, s->nnics + 1);
    for (int i = 0; ok && i < s->nnics; i++) {
        const struct inst_nic *n = &s->nics[i];

        ok = db_get(db, "SELECT name_en FROM network WHERE id = ?1", DB_ARGS(DB_I(n->network_id)),
                    read_name, &rows[i].network, _("A network of the instance no longer exists."),
                    err);
        if (ok && n->secgroup_id)
            ok = db_get(db,
                        "SELECT f.name_en FROM secgroup g JOIN nwfilter f ON f.id = "
                        "g.top_filter_id WHERE g.id = ?1",
                        DB_ARGS(DB_I(n->secgroup_id)), read_name, &rows[i].filter,
                        _("A security group of the instance no longer exists."), err);
        if (ok && *n->mac)
            g_strlcpy(rows[i].mac, n->mac, sizeof rows[i].mac);
        else if (ok && s->unique)
            ok = vm_kept_mac(db, v->id, i, rows[i].mac, err);
        if (ok && !has_id(nets, nn, n->network_id)) {
            nets[nn++] = n->network_id;
            ok = (op->nets[op->nnets] =
                      network_host_site_new(db, n->network_id, op->host_id, err)) != NULL;
            op->nnets += ok;
        }
        if (ok && n->secgroup_id && !has_id(groups, ng, n->secgroup_id)) {
            groups[ng++] = n->secgroup_id;
            ok = (op->groups[op->ngroups] =
                      secgroup_site(db, n->secgroup_id, op->host_id, NULL, err)) != NULL;
            op->ngroups += ok;
        }
        out[i] = (struct domainxml_nic){
            .network = rows[i].network, .filter = rows[i].filter, .mac = rows[i].mac};
    }
    g_free(nets);
    g_free(groups);
    return ok;
}

/* ---------------------------------------------------------------- the worker */

/* The virtual size of a local image file (qemu-img info), else 0. */
static long long image_virtual_size(const char *path)
{
    char *argv[] = {"qemu-img", "info", "--output=json", "-U", (char *)path, NULL};
    char *out = NULL;
    int status = 0;
    long long size = 0;

    if (g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL) &&
        g_spawn_check_wait_status(status, NULL) && out) {
        const char *p = strstr(out, "\"virtual-size\":");

        if (p)
            size = g_ascii_strtoll(p + strlen("\"virtual-size\":"), NULL, 10);
    }
    g_free(out);
    return size;
}

static bool make_overlays(struct virt_conn *c, struct vmop *op, struct dv_error *err)
{
    if (op->noverlays && !vmop_temp_pool(c, op, err))
        return false;
    for (int i = 0; i < op->noverlays; i++) {
        struct vmop_overlay *o = &op->overlays[i];
        long long vsize = image_virtual_size(o->backing);
        struct volxml_spec vs = {.name = o->name,
                                 .capacity = vsize > 0 ? vsize : o->capacity,
                                 .format = "qcow2",
                                 .backing_path = o->backing,
                                 .backing_format = o->format};
        struct virt_vol made = {0};
        struct dv_error e = {0};
        char *xml = volxml_build(&vs, err);
        bool ok;

        if (!xml)
            return false;
        virt_vol_delete(c, o->path, &e); /* a leftover of a start that died */
        ok = virt_vol_create(c, VM_TEMP_POOL_UUID, xml, NULL, &made, err);
        g_free(xml);
        virt_vol_clear(&made);
        if (!ok) {
            char *msg = g_strdup(err->msg);

            dv_error_set(err, err->code, NULL,
                         _("The temporary snapshot %s could not be created: %s"), o->path, msg);
            g_free(msg);
            return false;
        }
        o->made = true;
    }
    return true;
}

static bool start_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct vmop *op = data;
    struct virt_conn *c;
    struct virt_dom_graphics g = {0};
    bool ok;

    (void)result;
    job_ctx_progress(ctx, 0, _("Connecting to the host..."));
    c = hostconn_get_uri(op->uri, err);
    ok = c != NULL;
    for (int i = 0; ok && i < op->nnets; i++) {
        job_ctx_progress(ctx, 0.1, _("Starting the networks..."));
        ok = network_host_site_run(ctx, op->nets[i], err);
    }
    for (int i = 0; ok && i < op->ngroups; i++) {
        job_ctx_progress(ctx, 0.3, _("Defining the security groups..."));
        ok = filter_site_run(ctx, op->groups[i], err);
    }
    if (ok) {
        job_ctx_progress(ctx, 0.5, _("Creating the temporary snapshots..."));
        ok = make_overlays(c, op, err);
    }
    if (ok) {
        job_ctx_progress(ctx, 0.7, _("Starting the VM..."));
        ok = virt_dom_define(c, op->xml, NULL, err) && virt_dom_start(c, op->uuid, err);
    }
    if (ok && virt_dom_graphics(c, op->uuid, &g, NULL))
        op->port = g.port;
    virt_dom_graphics_clear(&g);
    if (!ok && c)
        vmop_remove_overlays(c, op, false);
    return ok;
}

static bool start_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct vmop *op = data;
    struct db *db = job_db(job);
    struct dv_error why = *err, e = {0};
    bool rec;

    (void)result;
    rec = db_begin(db, &e);
    for (int i = 0; rec && i < op->nnets; i++)
        rec = network_host_site_record(db, op->nets[i], &e);
    for (int i = 0; rec && ok && i < op->ngroups; i++)
        rec = secgroup_site_record(db, op->groups[i], &e);
    if (rec && ok) {
        rec = vmop_set_state(db, op->vm_id, true, VM_RUNNING, op->host_id, op->port, &e) &&
              db_do(db,
                    "UPDATE vm SET xml = ?2, start_error = '', start_error_at = 0, "
                    "start_error_host = '', save_path = '' WHERE id = ?1",
                    DB_ARGS(DB_I(op->vm_id), DB_T(op->xml)), &e) &&
              db_do(db, "DELETE FROM vm_overlay WHERE vm_id = ?1", DB_ARGS(DB_I(op->vm_id)), &e);
        for (int i = 0; rec && i < op->noverlays; i++)
            rec =
                db_do(db, "INSERT INTO vm_overlay(vm_id, host_id, path) VALUES (?1, ?2, ?3)",
                      DB_ARGS(DB_I(op->vm_id), DB_I(op->host_id), DB_T(op->overlays[i].path)), &e);
        rec = rec && vm_event(db, op->vm_id, "start", op->host_id, "", &e);
        return audit_commit(db, rec, job_actor(job), AUDIT_MODIFY, N_("Power on VM"), op->vm, err);
    }
    /* failed: the states back, the error kept for M11.4.5c */
    if (rec)
        rec = vmop_set_state(db, op->vm_id, false, VM_SHUTOFF, 0, 0, &e) &&
              db_do(db,
                    "UPDATE vm SET start_error = ?2, start_error_at = ?3, start_error_host = ?4 "
                    "WHERE id = ?1",
                    DB_ARGS(DB_I(op->vm_id), DB_T(why.msg), DB_I(dv_now()), DB_T(op->host)), &e) &&
              db_commit(db, &e);
    else
        db_rollback(db);
    *err = rec ? why : e;
    return false;
}

/* ---------------------------------------------------------------- the start */

/* The domain XML and the host's steps of v on op's host. */
static bool build_start(struct db *db, const struct vm *v, const struct instance *in,
                        struct vmop *op, bool shared_ok, struct dv_error *err)
{
    const struct inst_spec *s = &in->spec;
    struct disk_row drows[INSTANCE_DISK_MAX] = {0};
    struct domainxml_disk disks[INSTANCE_DISK_MAX] = {0};
    struct nic_row *nrows = g_new0(struct nic_row, s->nnics + 1);
    struct domainxml_nic *nics = g_new0(struct domainxml_nic, s->nnics + 1);
    bool unprotected = false;
    bool ok =
        vmop_read_host(db, op, err) && resolve_disks(db, s, op, drows, disks, &unprotected, err) &&
        check_concurrent(db, v, s, unprotected, shared_ok, err) && check_quota(db, s->project_id, s, err) &&
        resolve_nics(db, v, s, op, nrows, nics, err);

    if (ok) {
        struct domainxml_input di = {.name = v->name_en,
                                     .uuid = v->uuid,
                                     .title = s->name_zh,
                                     .spec = s,
                                     .disks = disks,
                                     .nics = nics,
                                     .custom = true};

        ok = (op->xml = domainxml_build(&di, err)) != NULL;
    }
    disk_rows_free(drows, s->ndisks);
    for (int i = 0; i < s->nnics; i++) {
        g_free(nrows[i].network);
        g_free(nrows[i].filter);
    }
    g_free(nrows);
    g_free(nics);
    return ok;
}

struct job *vm_power_on_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                              int64_t host_id, struct dv_error *err)
{
    return vm_power_on_start_shared(db, actor, vm_id, host_id, false, err);
}

struct job *vm_power_on_start_shared(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                                     int64_t host_id, bool shared_ok, struct dv_error *err)
{
    struct vm v = {0};
    struct instance in = {0};
    struct vmop *op = NULL;
    struct vm_action_ctx c;
    const char *why = NULL;
    bool ok = vm_get(db, actor, vm_id, &v, err);

    if (ok) {
        c = vm_ctx(&v);
        if (!vm_action_allowed(VMA_POWER_ON, &c, &why)) {
            dv_error_set(err, DV_ERR_DENIED, NULL, "%s", why);
            ok = false;
        }
    }
    ok = ok && instance_get(db, actor, v.instance_id, &in, err);
    if (ok) {
        op = vmop_new(VMA_POWER_ON, &v);
        ok = choose_host(db, &in, host_id, v.run_host_id, op, err) &&
             build_start(db, &v, &in, op, shared_ok, err);
    }
    /* the power state is what the admin wants from now on (spec 0.5) */
    if (ok && db_begin(db, err)) {
        ok = db_do(db, "UPDATE vm SET power_on = 1, run_host_id = ?2, stopped_at = 0 WHERE id = ?1",
                   DB_ARGS(DB_I(vm_id), DB_I(op->host_id)), err);
        ok = ok ? db_commit(db, err) : (db_rollback(db), false);
    } else {
        ok = false;
    }
    vm_clear(&v);
    instance_clear(&in);
    if (!ok) {
        if (op)
            vmop_free(op);
        return NULL;
    }
    return vmop_start(db, actor, N_("Power on VM"), op, start_work, start_finish, err);
}

bool vm_power_on(struct db *db, const struct dv_actor *actor, int64_t vm_id, int64_t host_id,
                 struct dv_error *err)
{
    struct job *job = vm_power_on_start(db, actor, vm_id, host_id, err);
    bool ok = job_run(job, err);

    if (job)
        job_unref(job);
    return ok;
}
