/* vm.h - the VMs of a project (manual 11.1, 11.4; spec part 2 M11.1,
 * M11.4, M11.4.4a/b, M11.4.5c, M11.3h, M7.2.1.4): the records, their two
 * states and the rules that need only the database.  The power operations,
 * which call the hosts, are vmpower.h's.
 *
 * A VM is one run of an instance: its own English name (the libvirt
 * domain name, unique system-wide, OP-48), UUID, power state (what the
 * admin wants: 开启/关闭) and run state (what libvirt showed last, vmstate.h),
 * the host it runs on or last ran on (where it runs next, MG2), its access
 * port, its last start error, and, for a unique instance, the MACs its NICs
 * keep (M11.3l rule 2). */
#ifndef DV_VM_H
#define DV_VM_H

#include "db/db.h"
#include "vm/vmstate.h"

#define VMF_NAME_EN "vm_name_en"
#define VMF_START   "vm_start" /* 立即启动 "1"/"0"/"" */

struct vm {
    int64_t id;
    int64_t instance_id;
    char *instance_name; /* 实例名称: its Chinese name */
    char *instance_en;
    char *name_en;
    char *uuid;
    int vcpus;
    int64_t memory_mib;
    bool power_on;
    enum vm_run run;
    int64_t run_host_id; /* 0: none yet */
    char *run_host;      /* its name, "" */
    char *run_host_ip;   /* its address, "" when not known */
    int access_port;     /* 0 when not running */
    bool flagged;        /* OP-30: a domain runs while the power state is off */
    char *start_error;   /* M11.4.5c, "" */
    int64_t start_error_at;
    char *start_error_host;
    char *save_path; /* M11.4.8a, "" when not saved */
    /* of the instance, for the toolbar rules (vm_ctx) */
    bool instance_active, unique, bound_host;
    int nvms;
    char *project; /* its project's name (M7.2.1.4) */
    int64_t created_at;
};

struct vm_page {
    struct vm *rows;
    int n;
    int64_t total;
};

void vm_clear(struct vm *v);
void vm_page_free(struct vm_page *p);

/* The toolbar context of a VM row (selected, run state and its instance). */
struct vm_action_ctx vm_ctx(const struct vm *v);

/* The VM; DV_ERR_NOTFOUND ("The VM no longer exists.") when gone,
 * DV_ERR_DENIED for another project's VM of a project admin. */
bool vm_get(struct db *db, const struct dv_actor *actor, int64_t id, struct vm *out,
            struct dv_error *err);

/* M11.4 / M11.1 / M7.2.1.4: one page of the VMs of project_id (0: every
 * project, for the sysadm), of instance_id only when not 0, whose English
 * name or instance name contains name; powered-on VMs first, then by
 * creation (M11.4 "VMs whose power state is 开启 are always listed first"). */
bool vm_list(struct db *db, int64_t project_id, int64_t instance_id, const char *name,
             int64_t offset, int limit, struct vm_page *out, struct dv_error *err);

/* M11.4.4a: a new VM of instance_id named name_en (EN-NAME 1-64, unique
 * system-wide), power 关闭 and run state 关机, with a generated UUID; the
 * instance must be active and, when unique, have no VM yet ("A unique
 * instance can have only one VM").  *warning (may be NULL; g_free) gets
 * the shared-storage warning of M11.3j for an instance that is not unique
 * with a writable disk.  No libvirt call. */
bool vm_add(struct db *db, const struct dv_actor *actor, int64_t instance_id, const char *name_en,
            int64_t *id, char **warning, struct dv_error *err);

/* M11.4.4b's rule (OP-41): only a VM 关机 or 保存停止运行 may be deleted
 * ("Power off the VM first"). */
bool vm_may_delete(const struct vm *v, struct dv_error *err);

/* M11.4.5c: the last start error of a VM as a whole message with its time
 * and host, or "No start error" (translated; g_free it). */
char *vm_start_error_text(const struct vm *v);

/* The MAC NIC pos of a VM keeps (M11.3l rule 2): the stored one, or a new
 * 52:54:00:xx:xx:xx stored now (inside the caller's transaction).  out has
 * room for 18 characters. */
bool vm_kept_mac(struct db *db, int64_t vm_id, int pos, char out[18], struct dv_error *err);

/* A random MAC 52:54:00:xx:xx:xx (QEMU's prefix). */
void vm_random_mac(char out[18]);

/* M11.5.2's history: a VM event (start, stop, migrate ...) on host_id (0:
 * none), inside or outside a transaction.  The kinds written: start, stop,
 * reboot, reset, suspend, resume, save, restore, revert, migrate (dosvm's
 * jobs), restart and flagged (the reconciler, OP-30), crash and stopped
 * (a lifecycle event showed the domain crash or stop by itself, detail
 * libvirt's words, vm/vmevents.h). */
bool vm_event(struct db *db, int64_t vm_id, const char *kind, int64_t host_id, const char *detail,
              struct dv_error *err);

/* A number that moves whenever a VM is added or deleted or its power
 * state, run state, host or access port changes, in any process (a
 * trigger keeps it: migration 0013).  One row, cheap enough to read each
 * time the console's loop wakes: its VM pages re-read their rows when it
 * moved. */
bool vm_stamp(struct db *db, int64_t *out, struct dv_error *err);

/* *busy: a dosvm job of a live process (any console, dosvmctl or dosvmd)
 * works on the VM vm_name of instance instance_name now (its task is
 * running).  What a job does meanwhile is not the VM's own doing: the
 * lifecycle events and the reconciler leave such a VM alone. */
bool vm_job_under_way(struct db *db, const char *vm_name, const char *instance_name, bool *busy,
                      struct dv_error *err);

#endif
