/* ctl_vm.c - dosvmctl's VM nouns (manual ch. 11): instance, vm,
 * checkpoint. */
#include "ctl.h"

#include <string.h>

#include "projects/project.h"
#include "vm/vm.h"
#include "vm/vmpower.h"

static const struct ctl_column vm_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("VM English name"), CTL_STR},
    {"instance", N_("Instance name"), CTL_STR},
    {"power_on", N_("Power state"), CTL_BOOL},
    {"run_state", N_("Run state"), CTL_STR},
    {"host", N_("Run host"), CTL_STR},
    {"access_port", N_("Access port"), CTL_NUM},
    {"project", N_("Project name"), CTL_STR},
};

/* run_state's stable words (the text of vm_run_label is translated) */
static const char *const run_words[VM_RUN_COUNT] = {"shutoff", "running", "suspended", "saved"};

static void vm_row(struct ctl_table *t, const struct vm *v)
{
    char *id = g_strdup_printf("%lld", (long long)v->id);
    char *port = v->access_port ? g_strdup_printf("%d", v->access_port) : g_strdup("");
    const char *cells[] = {id,
                           v->name_en,
                           v->instance_name,
                           v->power_on ? "1" : "0",
                           (unsigned)v->run < VM_RUN_COUNT ? run_words[v->run] : "",
                           v->run_host,
                           port,
                           v->project};

    ctl_table_add(t, cells);
    g_free(id);
    g_free(port);
}

/* The VMs the actor sees: a project admin's project, every VM for the sysadm. */
static bool visible_vms(struct ctl *c, const char *name, struct vm_page *p, struct dv_error *err)
{
    int64_t project = 0;

    if (!c->actor.sysadm && !project_for_actor(c->db, &c->actor, 0, &project, err))
        return false;
    return vm_list(c->db, project, 0, name, 0, -1, p, err);
}

/* vm list [--name PART] (M11.1, M7.2.1.4) */
static bool vm_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm_page p;

    if (!visible_vms(c, ctl_opt(c, "name"), &p, err))
        return false;
    *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
    for (int i = 0; i < p.n; i++)
        vm_row(*out, &p.rows[i]);
    vm_page_free(&p);
    return true;
}

/* The id of the VM named exactly name that the actor sees. */
static bool find_vm(struct ctl *c, const char *name, int64_t *id, struct dv_error *err)
{
    struct vm_page p;

    *id = 0;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, VMF_NAME_EN, _("%s is required."), _("VM English name"));
        return false;
    }
    if (!visible_vms(c, name, &p, err))
        return false;
    for (int i = 0; i < p.n && !*id; i++)
        if (strcmp(p.rows[i].name_en, name) == 0)
            *id = p.rows[i].id;
    vm_page_free(&p);
    if (!*id)
        dv_error_set(err, DV_ERR_NOTFOUND, VMF_NAME_EN, _("There is no VM '%s'."), name);
    return *id != 0;
}

/* vm start|stop|reboot|reset|suspend|resume|save|restore --name VM: the
 * console's rules, jobs and audit rows (M11.4.5a-M11.4.8b); the VM after it.
 * The action is the verb's arg. */
static bool vm_action_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    int64_t id = 0;
    enum vm_action a = (enum vm_action)c->arg;
    bool ok = find_vm(c, ctl_opt(c, "name"), &id, err) &&
              (a == VMA_POWER_ON ? vm_power_on(c->db, &c->actor, id, 0, err)
                                 : vm_action(c->db, &c->actor, id, a, err)) &&
              vm_get(c->db, &c->actor, id, &v, err);

    if (ok) {
        *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
        vm_row(*out, &v);
    }
    vm_clear(&v);
    return ok;
}

const struct ctl_verb ctl_vm_verbs[] = {
    {"vm", "list", CTL_OPTS("name"), vm_list_verb, 0},
#define VM_ENTRY(V, A) {"vm", V, CTL_OPTS("name"), vm_action_verb, A}
    VM_ENTRY("start", VMA_POWER_ON),   VM_ENTRY("stop", VMA_POWER_OFF),
    VM_ENTRY("reboot", VMA_REBOOT),    VM_ENTRY("reset", VMA_RESET),
    VM_ENTRY("suspend", VMA_SUSPEND),  VM_ENTRY("resume", VMA_RESUME),
    VM_ENTRY("save", VMA_SAVE),        VM_ENTRY("restore", VMA_RESTORE),
#undef VM_ENTRY
    {NULL},
};
