/* vmstate.c - the run states and the VM page's action rules (vmstate.h) */
#include "vm/vmstate.h"

static const char *const run_labels[VM_RUN_COUNT] = {
    [VM_SHUTOFF] = N_("Shut off"),
    [VM_RUNNING] = N_("Running"),
    [VM_SUSPENDED] = N_("Suspended"),
    [VM_SAVED] = N_("Saved, stopped"),
};

const char *vm_run_label(enum vm_run r)
{
    return (unsigned)r < VM_RUN_COUNT ? _(run_labels[r]) : "";
}

const char *vm_power_label(bool on)
{
    return on ? _("On") : _("Off");
}

struct action_rule {
    const char *label;
    unsigned states;       /* VMS_*: the run states it needs, VMS_ANY = any */
    const char *state_why; /* msgid when the run state is wrong */
    int target;            /* bulk actions skip VMs already there; -1 none */
};

static const struct action_rule rules[VMA_COUNT] = {
    [VMA_TIMER] = {N_("Timed start/stop"), 0, NULL, -1},
    [VMA_MIGRATE] = {N_("Live migration"), 0, NULL, -1},
    [VMA_CHECKPOINT] = {N_("Checkpoints"), 0, NULL, -1},
    [VMA_ADD] = {N_("Add"), 0, NULL, -1},
    [VMA_DELETE] = {N_("Delete"), 0, NULL, -1},
    [VMA_POWER_ON] = {N_("Power on"), VMA_NEEDS_POWER_ON,
                      N_("Only a shut-off VM can be powered on; restore a saved one."), VM_RUNNING},
    [VMA_POWER_OFF] = {N_("Power off"), VMA_NEEDS_POWER_OFF, N_("The VM is not running."), VM_SHUTOFF},
    [VMA_START_ERROR] = {N_("Start error"), 0, NULL, -1},
    [VMA_REBOOT] = {N_("Reboot"), VMA_NEEDS_REBOOT, N_("Only a running VM can be rebooted."), -1},
    [VMA_RESET] = {N_("Reset"), VMA_NEEDS_RESET, N_("Only a running VM can be reset."), -1},
    [VMA_SUSPEND] = {N_("Suspend"), VMA_NEEDS_SUSPEND, N_("Only a running VM can be suspended."),
                     VM_SUSPENDED},
    [VMA_RESUME] = {N_("Resume"), VMA_NEEDS_RESUME, N_("Only a suspended VM can be resumed."),
                    VM_RUNNING},
    [VMA_SAVE] = {N_("Save"), VMA_NEEDS_SAVE, N_("Only a running VM can be saved."), VM_SAVED},
    [VMA_RESTORE] = {N_("Restore VM"), VMA_NEEDS_RESTORE, N_("Only a saved VM can be restored."),
                     VM_RUNNING},
};

const char *vm_action_label(enum vm_action a)
{
    return (unsigned)a < VMA_COUNT ? rules[a].label : "";
}

int vm_action_target(enum vm_action a)
{
    return (unsigned)a < VMA_COUNT ? rules[a].target : -1;
}

static bool deny(const char **why, const char *msg)
{
    if (why)
        *why = msg;
    return false;
}

bool vm_action_allowed(enum vm_action a, const struct vm_action_ctx *c, const char **why)
{
    if (why)
        *why = NULL;
    if ((unsigned)a >= VMA_COUNT)
        return deny(why, "");
    if (a == VMA_ADD) {
        if (!c->instance_active)
            return deny(why, _("The instance is disabled."));
        if (c->unique && c->nvms > 0)
            return deny(why, _("A unique instance can have only one VM."));
        return true;
    }
    if (!c->selected)
        return deny(why, _("Please select a record first."));
    if (a == VMA_MIGRATE && c->bound_host)
        return deny(why, _("The VM is bound to a host and cannot be migrated."));
    if ((a == VMA_POWER_ON || a == VMA_RESTORE) && !c->instance_active)
        return deny(why, _("The instance is disabled."));
    if (rules[a].states && !(rules[a].states & VM_IN(c->run)))
        return deny(why, _(rules[a].state_why));
    return true;
}
