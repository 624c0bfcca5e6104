/* vmpower.h - what a VM does on its host (spec part 2 M11.4.4b ...
 * M11.4.8b, M11.3h, table 6.2), each a job (D11): the rules and what the
 * worker needs are read on the caller's thread, libvirt is called on a
 * worker, and the finish writes the VM's states, its history event and the
 * operation-log row (type 修改 naming the action, OP-3) on the caller's
 * thread again.  A refusal returns NULL with err and writes nothing.
 *
 * Power-on (M11.4.5a) ensures on the chosen host, in order: the networks of
 * the NICs (net/network.h network_host_site_*), the filters of their
 * security groups (net/secgroup.h secgroup_site), the temporary overlays of
 * read-only images on writable devices (qcow2 volumes in dosvm's temporary
 * pool "dosvm-tmp" at the VM temporary directory, M13.2.1 #9), then defines
 * and starts the domain built by xml/domainxml.h, and reads the live access
 * port.  A failure at any step keeps the error as the VM's start error
 * (M11.4.5c), sets the states back (关闭/关机) and removes what this start
 * made.  Power-off (M11.4.5b) shuts the guest down through ACPI, waits
 * (OP-50: VM_POWER_OFF_TIMEOUT_MS, DOSVM_POWEROFF_TIMEOUT_MS in tests) and
 * forces it, then removes the overlays. */
#ifndef DV_VMPOWER_H
#define DV_VMPOWER_H

#include "db/choice.h"
#include "db/db.h"
#include "jobs/job.h"
#include "vm/vmstate.h"

#define VM_POWER_OFF_TIMEOUT_MS 60000 /* OP-50 */
#define VM_TEMP_POOL_NAME       "dosvm-tmp"
#define VM_TEMP_POOL_UUID       "d05e7e00-0000-4000-8000-000000000001"

/* M11.4.5a's picker: the hosts the VM may start on (the instance's bound
 * host, or its bound group's members, else OP-38's project hosts); label
 * "name", on = running. */
bool vm_host_choices(struct db *db, int64_t vm_id, struct choice_list *out, struct dv_error *err);

/* M11.4.5a: host_id 0 places the VM automatically (vm/placement.h).
 * Refused at once: a VM that is not 关机, a disabled instance, a host not
 * among vm_host_choices or not running, memory above the host's less
 * 512 MiB, the project's vCPU or memory quota of running VMs (OP-29), a
 * second running VM of a unique instance or of an instance with a fixed
 * MAC ("MAC conflict", M11.3l), or of one with an unprotected writable
 * disk (OP-35).  The VM's power state is 开启 from the start; the job's end
 * sets the run state. */
struct job *vm_power_on_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                              int64_t host_id, struct dv_error *err);
/* The err->field of the OP-35 refusal (another VM of the instance runs and
 * a writable disk is not protected): the one refusal a confirmation may
 * override. */
#define VM_FIELD_SHARED_DISKS "shared_disks"
/* vm_power_on_start with shared_ok: the admin confirmed starting the VM
 * beside a running one on the same writable disks (OP-35). */
struct job *vm_power_on_start_shared(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                                     int64_t host_id, bool shared_ok, struct dv_error *err);

/* M11.4.5b, M11.4.6a, M11.4.6b, M11.4.7a, M11.4.7b, M11.4.8a, M11.4.8b:
 * action is VMA_POWER_OFF, VMA_REBOOT, VMA_RESET, VMA_SUSPEND,
 * VMA_RESUME, VMA_SAVE or VMA_RESTORE, refused in a run state the action
 * does not allow (vm_action_allowed).  Save writes the memory to
 * {VM temporary directory}/{uuid}.save on the run host (OP-51); restore
 * starts it again there and deletes the file. */
struct job *vm_action_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                            enum vm_action action, struct dv_error *err);

/* M11.4.4b (OP-41): only 关机 or 保存停止运行; undefines the domain (with
 * its snapshot metadata) on the host it was last defined on, deletes the
 * save file, and removes the record with its checkpoints and history.  A
 * host that cannot be reached keeps the definition: the record goes all
 * the same and the job's result text says so. */
struct job *vm_delete_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                            struct dv_error *err);

/* M11.3h: the instance is disabled and every VM of it that runs or is
 * suspended is destroyed (virDomainDestroy) and set 关闭/关机.  A host that
 * cannot be reached is named in the result; the instance is disabled all
 * the same (its VMs are then flagged, OP-30). */
struct job *instance_disable_start(struct db *db, const struct dv_actor *actor, int64_t instance_id,
                                   struct dv_error *err);

/* M11.4.2's picker (MG1): the hosts the VM may move to, never its current
 * one; refused (DV_ERR_DENIED) for a VM bound to a host. */
bool vm_migrate_choices(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                        struct choice_list *out, struct dv_error *err);
/* MG4: a warning naming how many disks are not on shared storage (not
 * under the shared file system root, nor in a shared-root, netfs or iSCSI
 * pool), or NULL (g_free it). */
char *vm_migrate_warning(struct db *db, int64_t vm_id, struct dv_error *err);
/* M11.4.2: to host_id, one of vm_migrate_choices.  A running or suspended
 * VM moves live (the target first gets its networks and filters; progress
 * from the migration job's statistics; cancel aborts it and the VM stays);
 * any other VM only changes the host it runs on next (MG2), with no call to
 * libvirt.  The finish records the new run host and access port, moves the
 * overlays' records, and writes a "migrate" event and the audit row. */
struct job *vm_migrate_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                             int64_t host_id, struct dv_error *err);

/* The synchronous forms (tests, the demo): start, wait, err of the job. */
bool vm_power_on(struct db *db, const struct dv_actor *actor, int64_t vm_id, int64_t host_id,
                 struct dv_error *err);
bool vm_action(struct db *db, const struct dv_actor *actor, int64_t vm_id, enum vm_action action,
               struct dv_error *err);
bool vm_delete(struct db *db, const struct dv_actor *actor, int64_t vm_id, struct dv_error *err);
bool instance_disable(struct db *db, const struct dv_actor *actor, int64_t instance_id,
                      struct dv_error *err);

#endif
