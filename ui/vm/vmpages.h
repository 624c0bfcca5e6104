/* vmpages.h - the VM pages other pages open (ui/vm). */
#ifndef DV_VMPAGES_H
#define DV_VMPAGES_H

#include "app.h"

/* M11.3b: the VM page of one instance (M11.4), as a modal list. */
void vms_run_for_instance(struct app *app, int64_t instance_id);

/* M7.2.1.4: the sysadm's read-only list of a project's VMs (0: every VM
 * of the system). */
void vms_run_for_project(struct app *app, int64_t project_id);

/* The serial console of a running VM (vm_id) in a full-screen pane: keys
 * go to the guest, Ctrl-] detaches; peek: only when no other client holds
 * the console, and no key is sent. */
void vm_console_run(struct app *app, int64_t vm_id, bool peek);

#endif
