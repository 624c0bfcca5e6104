/* vmop.c - the parts VM jobs share (vmop.h) */
#include "vm/vmop.h"

#include <string.h>

#include "admin/param.h"
#include "virt/virtstore.h"
#include "xml/poolxml.h"

struct vmop *vmop_new(enum vm_action action, const struct vm *v)
{
    struct vmop *op = g_new0(struct vmop, 1);

    op->action = action;
    op->vm_id = v->id;
    op->instance_id = v->instance_id;
    op->host_id = v->run_host_id;
    op->vm = g_strdup(v->name_en);
    op->uuid = g_strdup(v->uuid);
    op->notes = g_string_new(NULL);
    return op;
}

void vmop_free(void *data)
{
    struct vmop *op = data;

    g_free(op->vm);
    g_free(op->uuid);
    g_free(op->host);
    g_free(op->uri);
    g_free(op->temp_dir);
    g_free(op->xml);
    g_free(op->save_path);
    for (int i = 0; i < op->nnets; i++)
        network_host_site_free(op->nets[i]);
    g_free(op->nets);
    for (int i = 0; i < op->ngroups; i++)
        filter_site_free(op->groups[i]);
    g_free(op->groups);
    for (int i = 0; i < op->noverlays; i++) {
        g_free(op->overlays[i].name);
        g_free(op->overlays[i].path);
        g_free(op->overlays[i].backing);
        g_free(op->overlays[i].format);
    }
    g_free(op->overlays);
    if (op->targets) {
        for (guint i = 0; i < op->targets->len; i++) {
            struct vmop_target *t = &g_array_index(op->targets, struct vmop_target, i);

            g_free(t->uuid);
            g_free(t->uri);
            g_free(t->host);
        }
        g_array_free(op->targets, TRUE);
    }
    g_string_free(op->notes, TRUE);
    g_free(op);
}

static bool read_host(const struct db_row *r, void *ctx)
{
    struct vmop *op = ctx;
    const char *dir = db_row_peek(r, 2);

    g_free(op->host);
    g_free(op->uri);
    op->host = db_row_text(r, 0);
    op->uri = db_row_text(r, 1);
    if (dir && *dir) { /* OP-34: the host's dosvmd.conf says where */
        g_free(op->temp_dir);
        op->temp_dir = db_row_text(r, 2);
    }
    return false;
}

bool vmop_read_host(struct db *db, struct vmop *op, struct dv_error *err)
{
    struct param_values pv = {0};
    bool ok = param_load(db, &pv, err);

    if (ok) {
        g_free(op->temp_dir);
        op->temp_dir = g_strdup(pv.text[PARAM_VM_TEMP_DIR]);
    }
    param_values_clear(&pv);
    if (!ok)
        return false;
    if (!op->host_id) {
        dv_error_set(err, DV_ERR_INFO, NULL, "%s", _("The VM has not run on any host yet."));
        return false;
    }
    return db_get(db, "SELECT name, uri, temp_dir FROM host WHERE id = ?1",
                  DB_ARGS(DB_I(op->host_id)),
                  read_host, op, _("The host no longer exists."), err);
}

/* Whether the host's temporary pool points at another directory than dir
 * (the parameter or the host's dosvmd.conf changed since it was defined). */
static bool temp_pool_moved(struct virt_conn *c, const char *dir)
{
    struct dv_error ignored = {0};
    char *live = virt_pool_xml(c, VM_TEMP_POOL_UUID, &ignored);
    const char *t = live ? strstr(live, "<target>") : NULL;
    const char *p = t ? strstr(t, "<path>") : NULL;
    const char *e = p ? strstr(p, "</path>") : NULL;
    char *path = e ? g_strndup(p + 6, (size_t)(e - p - 6)) : NULL;
    char *want = g_canonicalize_filename(dir, "/");
    bool moved = path && strcmp(g_strstrip(path), want) != 0 && strcmp(path, dir) != 0;

    dv_error_clear(&ignored);
    g_free(live);
    g_free(path);
    g_free(want);
    return moved;
}

bool vmop_temp_pool(struct virt_conn *c, const struct vmop *op, struct dv_error *err)
{
    struct poolxml_spec p = {.uuid = VM_TEMP_POOL_UUID,
                             .name = VM_TEMP_POOL_NAME,
                             .type = POOL_HOSTDIR,
                             .target_path = op->temp_dir};
    char *xml = poolxml_build(&p, err);
    bool ok;

    /* defined again at the directory in force: the files in the old one
     * stay (a pool never deletes its data) */
    if (xml && temp_pool_moved(c, op->temp_dir)) {
        virt_pool_remove(c, VM_TEMP_POOL_UUID, err);
        dv_error_clear(err); /* ensure says what fails */
    }
    ok = xml && virt_pool_ensure(c, VM_TEMP_POOL_UUID, xml, true, err);

    g_free(xml);
    return ok;
}

void vmop_remove_overlays(struct virt_conn *c, struct vmop *op, bool all)
{
    for (int i = 0; i < op->noverlays; i++) {
        struct dv_error ignored = {0};

        if (all || op->overlays[i].made)
            virt_vol_delete(c, op->overlays[i].path, &ignored);
        op->overlays[i].made = false;
    }
}

void vmop_delete_temp_file(struct virt_conn *c, const char *path)
{
    struct dv_error ignored = {0};
    struct virt_vol *v = NULL;
    int n = 0;

    if (virt_pool_volumes(c, VM_TEMP_POOL_UUID, &v, &n, &ignored))
        virt_vols_free(v, n);
    dv_error_clear(&ignored);
    virt_vol_delete(c, path, &ignored);
}

bool vmop_set_state(struct db *db, int64_t vm_id, bool power_on, enum vm_run run, int64_t host_id,
                    int port, struct dv_error *err)
{
    return db_do(db,
                 "UPDATE vm SET power_on = ?2, run_state = ?3, run_host_id = coalesce(?4, "
                 "run_host_id), access_port = ?5, flagged = 0, stopped_at = 0, row_version = "
                 "row_version + 1 "
                 "WHERE id = ?1",
                 DB_ARGS(DB_I(vm_id), DB_I(power_on), DB_I(run), DB_ID0(host_id), DB_I(port)), err);
}

struct job *vmop_start(struct db *db, const struct dv_actor *actor, const char *what,
                       struct vmop *op, job_work_fn work, job_finish_fn finish,
                       struct dv_error *err)
{
    struct job_spec js = {
        .what = what,
        .object = op->vm,
        .host = op->host,
        .cancellable = op->action == VMA_POWER_OFF,
        .timeout_s = op->action == VMA_POWER_OFF || op->action == VMA_SAVE ? JOB_NO_TIMEOUT : 0,
        .work = work,
        .finish = finish,
        .data = op,
        .data_free = vmop_free};

    return job_start(db, actor, &js, err);
}
