/* checkpoint.c - a VM's checkpoint tree (checkpoint.h) */
#include "vm/checkpoint.h"

#include <glib/gstdio.h>
#include <string.h>

#include "base/util.h"
#include "base/validate.h"
#include "db/audit.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "virt/virtstore.h"
#include "vm/instance.h"
#include "vm/reconcile.h"
#include "vm/vm.h"
#include "xml/snapxml.h"

#define TREE_SQL                                                                                   \
    "WITH RECURSIVE t(id, depth, path) AS (SELECT id, 0, printf('%010d', id) FROM vm_checkpoint "  \
    "WHERE vm_id = ?1 AND parent_id IS NULL UNION ALL SELECT c.id, t.depth + 1, t.path || '/' || " \
    "printf('%010d', c.id) FROM vm_checkpoint c JOIN t ON c.parent_id = t.id) "                    \
    "SELECT c.id, coalesce(c.parent_id, 0), c.name_en, c.name_zh, c.dir, c.is_current, t.depth, "  \
    "c.created_at, c.xml FROM t JOIN vm_checkpoint c ON c.id = t.id ORDER BY t.path"

void checkpoints_free(struct vm_checkpoint *c, int n)
{
    for (int i = 0; i < n; i++) {
        g_free(c[i].name_en);
        g_free(c[i].name_zh);
        g_free(c[i].dir);
    }
    g_free(c);
}

struct tree_read {
    GArray *rows;
    GPtrArray *xml; /* may be NULL */
};

static bool read_node(const struct db_row *r, void *ctx)
{
    struct tree_read *t = ctx;
    struct vm_checkpoint c = {.id = db_row_int(r, 0),
                              .parent_id = db_row_int(r, 1),
                              .name_en = db_row_text(r, 2),
                              .name_zh = db_row_text(r, 3),
                              .dir = db_row_text(r, 4),
                              .current = db_row_int(r, 5),
                              .depth = (int)db_row_int(r, 6),
                              .created_at = db_row_int(r, 7)};

    g_array_append_val(t->rows, c);
    if (t->xml)
        g_ptr_array_add(t->xml, db_row_text(r, 8));
    return true;
}

static bool read_tree(struct db *db, int64_t vm_id, struct vm_checkpoint **out, int *n,
                      GPtrArray *xml, struct dv_error *err)
{
    struct tree_read t = {g_array_new(FALSE, TRUE, sizeof(struct vm_checkpoint)), xml};
    bool ok = db_query(db, TREE_SQL, DB_ARGS(DB_I(vm_id)), read_node, &t, NULL, err);

    *n = (int)t.rows->len;
    *out = (struct vm_checkpoint *)g_array_free(t.rows, FALSE);
    return ok;
}

bool checkpoint_tree(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                     struct vm_checkpoint **out, int *n, struct dv_error *err)
{
    struct vm v = {0};
    bool ok = vm_get(db, actor, vm_id, &v, err);

    vm_clear(&v);
    *out = NULL;
    *n = 0;
    return ok && read_tree(db, vm_id, out, n, NULL, err);
}

/* ---------------------------------------------------------------- jobs */

struct cpop {
    int64_t vm_id, host_id, checkpoint_id, parent_id;
    char *vm, *uuid, *uri, *host;
    char *name_en, *name_zh, *dir, *xml;
    bool internal, children;
    GPtrArray *tree_xml; /* every stored snapshot XML of the VM, parents first */
    GPtrArray *tree_names;
    char *made_xml;            /* create: what the host stored */
    enum virt_dom_state after; /* revert: the domain's state afterwards */
};

static void cpop_free(void *data)
{
    struct cpop *op = data;

    g_free(op->vm);
    g_free(op->uuid);
    g_free(op->uri);
    g_free(op->host);
    g_free(op->name_en);
    g_free(op->name_zh);
    g_free(op->dir);
    g_free(op->xml);
    g_free(op->made_xml);
    if (op->tree_xml)
        g_ptr_array_free(op->tree_xml, TRUE);
    if (op->tree_names)
        g_ptr_array_free(op->tree_names, TRUE);
    g_free(op);
}

static bool read_host(const struct db_row *r, void *ctx)
{
    struct cpop *op = ctx;

    op->host = db_row_text(r, 0);
    op->uri = db_row_text(r, 1);
    return false;
}

/* The VM of op with its run host; a VM that never ran has no checkpoints. */
static bool cpop_vm(struct db *db, const struct dv_actor *actor, int64_t vm_id, struct cpop *op,
                    struct vm *v, struct dv_error *err)
{
    if (!vm_get(db, actor, vm_id, v, err))
        return false;
    op->vm_id = v->id;
    op->vm = g_strdup(v->name_en);
    op->uuid = g_strdup(v->uuid);
    op->host_id = v->run_host_id;
    if (!op->host_id) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s", _("The VM has not run on any host yet."));
        return false;
    }
    return db_get(db, "SELECT name, uri FROM host WHERE id = ?1", DB_ARGS(DB_I(op->host_id)),
                  read_host, op, _("The host no longer exists."), err);
}

/* Worker: the stored tree put back on the host where it is missing (OP-47). */
static bool redefine_missing(struct virt_conn *c, const struct cpop *op, struct dv_error *err)
{
    struct virt_dom_snapshot *have = NULL;
    int n = 0;
    bool ok = virt_dom_snapshot_list(c, op->uuid, &have, &n, err);

    for (guint i = 0; ok && op->tree_xml && i < op->tree_xml->len; i++) {
        const char *name = g_ptr_array_index(op->tree_names, i);
        const char *xml = g_ptr_array_index(op->tree_xml, i);
        bool found = false;

        for (int k = 0; k < n && !found; k++)
            found = strcmp(have[k].name, name) == 0;
        if (!found && xml && *xml)
            ok = virt_dom_snapshot_redefine(c, op->uuid, xml, false, err);
    }
    virt_dom_snapshots_free(have, n);
    return ok;
}

static bool load_tree_xml(struct db *db, struct cpop *op, struct dv_error *err)
{
    struct vm_checkpoint *t = NULL;
    int n = 0;

    op->tree_xml = g_ptr_array_new_with_free_func(g_free);
    op->tree_names = g_ptr_array_new_with_free_func(g_free);
    if (!read_tree(db, op->vm_id, &t, &n, op->tree_xml, err))
        return false;
    for (int i = 0; i < n; i++)
        g_ptr_array_add(op->tree_names, g_strdup(t[i].name_en));
    checkpoints_free(t, n);
    return true;
}

static struct job *cpop_start(struct db *db, const struct dv_actor *actor, const char *what,
                              struct cpop *op, job_work_fn work, job_finish_fn finish,
                              struct dv_error *err)
{
    struct job_spec js = {.what = what,
                          .object = op->vm,
                          .host = op->host,
                          .timeout_s = JOB_NO_TIMEOUT,
                          .work = work,
                          .finish = finish,
                          .data = op,
                          .data_free = cpop_free};

    return job_start(db, actor, &js, err);
}

/* ---------------------------------------------------------------- create (M11.4.3a) */

static bool check_input(struct db *db, int64_t vm_id, const struct checkpoint_input *in,
                        struct dv_error *err)
{
    int64_t n = 0;

    if (!validate_required(CPF_NAME_ZH, _("Chinese name"), in->name_zh, err) ||
        !validate_text(CPF_NAME_ZH, _("Chinese name"), in->name_zh, err) ||
        !validate_length(CPF_NAME_ZH, _("Chinese name"), in->name_zh, 1, DV_NAME_MAX, err) ||
        !validate_required(CPF_NAME_EN, _("English name"), in->name_en, err) ||
        !validate_account(CPF_NAME_EN, _("English name"), in->name_en, err) ||
        !validate_required(CPF_PATH, _("Save path"), in->path, err) ||
        !validate_abs_path(CPF_PATH, _("Save path"), in->path, 255, err) ||
        !validate_required(CPF_FOLDER, _("Folder name for the checkpoint"), in->folder, err) ||
        !validate_account(CPF_FOLDER, _("Folder name for the checkpoint"), in->folder, err))
        return false;
    if (!db_scalar(db, "SELECT count(*) FROM vm_checkpoint WHERE vm_id = ?1 AND name_en = ?2",
                   DB_ARGS(DB_I(vm_id), DB_T(in->name_en)), &n, err))
        return false;
    if (n) {
        dv_error_set(err, DV_ERR_EXISTS, CPF_NAME_EN,
                     _("The VM already has a checkpoint named '%s'."), in->name_en);
        return false;
    }
    return true;
}

static bool selected(const struct checkpoint_input *in, const char *dev)
{
    for (int i = 0; in->disks && in->disks[i]; i++)
        if (strcmp(in->disks[i], dev) == 0)
            return true;
    return false;
}

static bool read_format(const struct db_row *r, void *ctx)
{
    g_free(*(char **)ctx);
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

/* Whether the snapshot can be internal (made and reverted to inside the
 * disks): the VM has a writable disk, and every writable disk is qcow2 (a
 * read-only image's overlay is) and selected, as libvirt's internal
 * snapshots with memory require; a VM without one gets an external
 * snapshot (its memory in the folder).  The selected disks are checked for
 * copy-on-read. */
static bool plan_disks(struct db *db, const struct inst_spec *s, const struct checkpoint_input *in,
                       bool *internal, struct snapxml_disk *disks, struct dv_error *err)
{
    bool writable = false;

    *internal = true;
    for (int i = 0; in->disks && in->disks[i]; i++) {
        bool known = false;

        for (int k = 0; k < s->ndisks; k++)
            known = known || strcmp(s->disks[k].dev, in->disks[i]) == 0;
        if (!known) {
            dv_error_set(err, DV_ERR_INVALID, CPF_DISKS, _("The VM has no disk %s."), in->disks[i]);
            return false;
        }
    }
    for (int i = 0; i < s->ndisks; i++) {
        const struct inst_disk *d = &s->disks[i];
        char *fmt = NULL;
        int64_t ro = 0;
        bool ok;

        disks[i] = (struct snapxml_disk){.dev = d->dev, .selected = selected(in, d->dev)};
        if (disks[i].selected && d->copy_on_read) {
            dv_error_set(err, DV_ERR_INVALID, CPF_DISKS,
                         _("Disk %s has copy-on-read on; a checkpoint cannot be made."), d->dev);
            return false;
        }
        if (d->readonly)
            continue;
        writable = true;
        if (!disks[i].selected)
            *internal = false;
        if (d->resource == RES_FILE) {
            ok = db_scalar(db, "SELECT readonly FROM image WHERE id = ?1",
                           DB_ARGS(DB_I(d->image_id)), &ro, err) &&
                 (ro || db_query(db, "SELECT format FROM image WHERE id = ?1",
                                 DB_ARGS(DB_I(d->image_id)), read_format, &fmt, NULL, err));
        } else {
            ok = db_query(db, "SELECT format FROM volume WHERE id = ?1",
                          DB_ARGS(DB_I(d->volume_id)), read_format, &fmt, NULL, err);
        }
        if (!ok) {
            g_free(fmt);
            return false;
        }
        if (!ro && g_strcmp0(fmt, "qcow2") != 0)
            *internal = false;
        g_free(fmt);
    }
    if (!writable)
        *internal = false;
    return true;
}

/* OP-29: the project's disk snapshots, volume snapshots and checkpoints together. */
static bool check_quota(struct db *db, int64_t project_id, struct dv_error *err)
{
    int64_t max = 0, used = 0;

    if (!db_scalar(db, "SELECT max_snapshots FROM project WHERE id = ?1", DB_ARGS(DB_I(project_id)),
                   &max, err) ||
        !db_scalar(db,
                   "SELECT (SELECT count(*) FROM volume WHERE project_id = ?1 AND parent_id IS NOT "
                   "NULL) + (SELECT count(*) FROM vm_checkpoint c JOIN vm ON vm.id = c.vm_id JOIN "
                   "instance i ON i.id = vm.instance_id WHERE i.project_id = ?1)",
                   DB_ARGS(DB_I(project_id)), &used, err))
        return false;
    if (used < max)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL,
                 _("Project quota exceeded: the project may have at most %lld snapshots and "
                   "checkpoints."),
                 (long long)max);
    return false;
}

static bool create_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct cpop *op = data;
    struct virt_conn *c = hostconn_get_uri(op->uri, err);

    (void)ctx;
    (void)result;
    if (!c)
        return false;
    /* an external checkpoint's folder, made on the host itself */
    if (!op->internal && !virt_dir_ensure(c, op->dir, err)) {
        char *why = g_strdup(err->msg);

        dv_error_set(err, DV_ERR_IO, CPF_PATH, _("The folder %s cannot be created: %s"), op->dir,
                     why);
        g_free(why);
        return false;
    }
    return redefine_missing(c, op, err) &&
           virt_dom_snapshot_create(c, op->uuid, op->xml, &op->made_xml, err);
}

static bool create_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct cpop *op = data;
    struct db *db = job_db(job);

    (void)result;
    if (!ok || !db_begin(db, err))
        return false;
    ok = db_do(db, "UPDATE vm_checkpoint SET is_current = 0 WHERE vm_id = ?1",
               DB_ARGS(DB_I(op->vm_id)), err) &&
         db_do(db,
               "INSERT INTO vm_checkpoint(vm_id, parent_id, name_en, name_zh, dir, xml, "
               "is_current, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7)",
               DB_ARGS(DB_I(op->vm_id), DB_ID0(op->parent_id), DB_T(op->name_en), DB_T(op->name_zh),
                       DB_T(op->dir), DB_T(op->made_xml), DB_I(dv_now())),
               err);
    return audit_commit(db, ok, job_actor(job), AUDIT_ADD, N_("Add checkpoint"), op->name_en, err);
}

struct job *checkpoint_create_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                                    const struct checkpoint_input *in, struct dv_error *err)
{
    struct cpop *op = g_new0(struct cpop, 1);
    struct vm v = {0};
    struct instance inst = {0};
    struct snapxml_disk disks[INSTANCE_DISK_MAX] = {0};
    bool ok = cpop_vm(db, actor, vm_id, op, &v, err);

    if (ok && v.run != VM_RUNNING && v.run != VM_SUSPENDED) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("The VM is not running: a checkpoint records its memory, so the VM must be "
                       "running or "
                       "suspended."));
        ok = false;
    }
    ok = ok && check_input(db, vm_id, in, err) &&
         instance_get(db, actor, v.instance_id, &inst, err) &&
         plan_disks(db, &inst.spec, in, &op->internal, disks, err) &&
         check_quota(db, inst.spec.project_id, err) &&
         db_scalar(db,
                   "SELECT coalesce(max(id), 0) FROM vm_checkpoint WHERE vm_id = ?1 AND "
                   "is_current = 1",
                   DB_ARGS(DB_I(vm_id)), &op->parent_id, err) &&
         load_tree_xml(db, op, err);
    if (ok) {
        struct snapxml_spec ss;

        op->name_en = g_strdup(in->name_en);
        op->name_zh = g_strdup(in->name_zh);
        op->dir = g_build_filename(in->path, in->folder, NULL);
        ss = (struct snapxml_spec){.name = op->name_en,
                                   .description = op->name_zh,
                                   .internal = op->internal,
                                   .dir = op->dir,
                                   .disks = disks,
                                   .ndisks = inst.spec.ndisks};
        op->xml = snapxml_build(&ss);
    }
    vm_clear(&v);
    instance_clear(&inst);
    if (!ok) {
        cpop_free(op);
        return NULL;
    }
    return cpop_start(db, actor, N_("Add checkpoint"), op, create_work, create_finish, err);
}

/* ---------------------------------------------------------------- revert, delete */

static bool read_cp(const struct db_row *r, void *ctx)
{
    struct cpop *op = ctx;

    op->checkpoint_id = db_row_int(r, 0);
    op->vm_id = db_row_int(r, 1);
    op->name_en = db_row_text(r, 2);
    op->parent_id = db_row_int(r, 3);
    op->children = db_row_int(r, 4) > 0;
    return false;
}

/* The checkpoint, its VM and host, and the tree to redefine. */
static struct cpop *cp_open(struct db *db, const struct dv_actor *actor, int64_t id,
                            struct dv_error *err)
{
    struct cpop *op = g_new0(struct cpop, 1);
    struct vm v = {0};
    bool ok = db_get(db,
                     "SELECT id, vm_id, name_en, coalesce(parent_id, 0), (SELECT count(*) FROM "
                     "vm_checkpoint k WHERE k.parent_id = c.id) FROM vm_checkpoint c WHERE id = ?1",
                     DB_ARGS(DB_I(id)), read_cp, op, _("The checkpoint no longer exists."), err);
    int64_t vm_id = op->vm_id;

    ok = ok && cpop_vm(db, actor, vm_id, op, &v, err) && load_tree_xml(db, op, err);
    vm_clear(&v);
    if (!ok) {
        cpop_free(op);
        return NULL;
    }
    return op;
}

static bool revert_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct cpop *op = data;
    struct virt_conn *c = hostconn_get_uri(op->uri, err);
    bool defined = false;

    (void)ctx;
    (void)result;
    return c && redefine_missing(c, op, err) &&
           virt_dom_snapshot_revert(c, op->uuid, op->name_en, err) &&
           virt_dom_state(c, op->uuid, &op->after, &defined, err);
}

static bool revert_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct cpop *op = data;
    struct db *db = job_db(job);
    enum vm_run run = VM_SHUTOFF;

    (void)result;
    rec_run_of(rec_seen_of(op->after), &run); /* in between: 关机 */
    if (!ok || !db_begin(db, err))
        return false;
    ok = db_do(db, "UPDATE vm_checkpoint SET is_current = (id = ?2) WHERE vm_id = ?1",
               DB_ARGS(DB_I(op->vm_id), DB_I(op->checkpoint_id)), err) &&
         db_do(db, "UPDATE vm SET run_state = ?2, power_on = ?3, stopped_at = 0 WHERE id = ?1",
               DB_ARGS(DB_I(op->vm_id), DB_I(run), DB_I(run != VM_SHUTOFF)), err) &&
         vm_event(db, op->vm_id, "revert", op->host_id, op->name_en, err);
    return audit_commit(db, ok, job_actor(job), AUDIT_MODIFY, N_("Revert to checkpoint"),
                        op->name_en, err);
}

struct job *checkpoint_revert_start(struct db *db, const struct dv_actor *actor,
                                    int64_t checkpoint_id, struct dv_error *err)
{
    struct cpop *op = cp_open(db, actor, checkpoint_id, err);

    return op ? cpop_start(db, actor, N_("Revert to checkpoint"), op, revert_work, revert_finish,
                           err)
              : NULL;
}

static bool delete_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct cpop *op = data;
    struct virt_conn *c = hostconn_get_uri(op->uri, err);

    (void)ctx;
    (void)result;
    return c && redefine_missing(c, op, err) &&
           virt_dom_snapshot_delete(c, op->uuid, op->name_en, op->children, err);
}

static bool delete_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct cpop *op = data;
    struct db *db = job_db(job);
    int64_t current_gone = 0;

    (void)result;
    if (!ok || !db_begin(db, err))
        return false;
    /* was the current checkpoint in the subtree? then its parent is current */
    ok = db_scalar(db,
                   "WITH RECURSIVE s(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM vm_checkpoint c "
                   "JOIN s ON c.parent_id = s.id) SELECT count(*) FROM vm_checkpoint WHERE id IN "
                   "(SELECT id FROM s) AND is_current = 1",
                   DB_ARGS(DB_I(op->checkpoint_id)), &current_gone, err) &&
         db_do(db, "DELETE FROM vm_checkpoint WHERE id = ?1", DB_ARGS(DB_I(op->checkpoint_id)),
               err) &&
         (!current_gone || !op->parent_id ||
          db_do(db, "UPDATE vm_checkpoint SET is_current = 1 WHERE id = ?1",
                DB_ARGS(DB_I(op->parent_id)), err));
    return audit_commit(db, ok, job_actor(job), AUDIT_DELETE, N_("Delete checkpoint"), op->name_en,
                        err);
}

struct job *checkpoint_delete_start(struct db *db, const struct dv_actor *actor,
                                    int64_t checkpoint_id, struct dv_error *err)
{
    struct cpop *op = cp_open(db, actor, checkpoint_id, err);

    return op ? cpop_start(db, actor, N_("Delete checkpoint"), op, delete_work, delete_finish, err)
              : NULL;
}
