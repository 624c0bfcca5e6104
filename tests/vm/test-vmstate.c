/* test-vmstate.c - the enable rules of the VM page's buttons (M11.4's
 * table): each allowed exactly in the run states the spec gives, none
 * without a selection but Add, Add only for an active instance that is not
 * unique or has no VM, migration never for a bound instance; the labels of
 * the states; the bulk targets.
 * features: M11.4 M11.4.2 M11.4.4a M11.4.5a M11.4.5b M11.4.6a M11.4.6b M11.4.7a M11.4.7b M11.4.8a
 * M11.4.8b */
#include "vm/vmstate.h"
#include "lib/tap.h"

#include <string.h>

/* allowed[a] per run state: shut off, running, suspended, saved */
static const char *const allowed[VMA_COUNT] = {
    [VMA_TIMER] = "1111",     [VMA_MIGRATE] = "1111",     [VMA_CHECKPOINT] = "1111",
    [VMA_ADD] = "1111",       [VMA_DELETE] = "1111",      [VMA_POWER_ON] = "1000",
    [VMA_POWER_OFF] = "0110", [VMA_START_ERROR] = "1111", [VMA_REBOOT] = "0100",
    [VMA_RESET] = "0100",     [VMA_SUSPEND] = "0100",     [VMA_RESUME] = "0010",
    [VMA_SAVE] = "0100",      [VMA_RESTORE] = "0001",
};

int main(void)
{
    struct vm_action_ctx c = {.selected = true, .instance_active = true, .nvms = 1};
    const char *why;

    for (int a = 0; a < VMA_COUNT; a++)
        for (int r = 0; r < VM_RUN_COUNT; r++) {
            c.run = r;
            is_int(vm_action_allowed(a, &c, &why), allowed[a][r] == '1', "%s in %s",
                   vm_action_label(a), vm_run_label(r));
            if (allowed[a][r] == '0')
                ok(why && *why, "  with a reason: %s", why ? why : "");
        }
    c.run = VM_RUNNING;
    c.selected = false;
    for (int a = 0; a < VMA_COUNT; a++)
        is_int(vm_action_allowed(a, &c, NULL), a == VMA_ADD, "%s without a selection",
               vm_action_label(a));
    c.selected = true;
    c.unique = true;
    ok(!vm_action_allowed(VMA_ADD, &c, &why) && why && *why, "Add: a unique instance with a VM");
    c.nvms = 0;
    ok(vm_action_allowed(VMA_ADD, &c, NULL), "Add: a unique instance without a VM");
    c.instance_active = false;
    ok(!vm_action_allowed(VMA_ADD, &c, NULL), "Add: a disabled instance");
    c.run = VM_SHUTOFF;
    ok(!vm_action_allowed(VMA_POWER_ON, &c, NULL), "Power on: a disabled instance (M11.3h)");
    c.instance_active = true;
    c.bound_host = true;
    ok(!vm_action_allowed(VMA_MIGRATE, &c, &why) && why && *why,
       "Migrate: a bound instance (MG1): %s", why ? why : "");
    is_int(vm_action_target(VMA_POWER_ON), VM_RUNNING, "bulk power on skips running VMs");
    is_int(vm_action_target(VMA_POWER_OFF), VM_SHUTOFF, "bulk power off skips shut-off VMs");
    is_int(vm_action_target(VMA_REBOOT), -1, "reboot has no target state");
    ok(strlen(vm_power_label(true)) && strcmp(vm_power_label(true), vm_power_label(false)),
       "power labels");
    return tap_done();
}
