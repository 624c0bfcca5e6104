/* vmop.h - what a VM job carries between its three parts (inside src/vm
 * only: vmstart.c, vmpower.c).  Read on the owner's thread, used by the
 * worker, written back by the finish (jobs/job.h). */
#ifndef DV_VMOP_H
#define DV_VMOP_H

#include "net/filtersite.h"
#include "net/network.h"
#include "vm/vm.h"
#include "vm/vmpower.h"

/* A temporary overlay of a read-only image (M11.3j). */
struct vmop_overlay {
    char *name;    /* the volume's name in the temporary pool */
    char *path;    /* {temp dir}/{name} */
    char *backing; /* the image's path */
    char *format;  /* the image's format */
    long long capacity;
    bool made; /* the worker made it (removed again on failure) */
};

struct vmop {
    enum vm_action action;
    int64_t vm_id, instance_id, host_id;
    char *vm, *uuid, *host, *uri;
    char *temp_dir;  /* the VM temporary directory (M13.2.1 #9) */
    char *xml;       /* power-on: the domain */
    char *save_path; /* save, restore, delete */
    int timeout_ms;  /* power-off */
    struct network_host_site **nets;
    int nnets;
    struct filter_site **groups;
    int ngroups;
    struct vmop_overlay *overlays;
    int noverlays;
    /* disable: every VM to destroy (vm ids, UUIDs, URIs) */
    GArray *targets;
    /* the worker's findings */
    int port;
    bool forced;
    GString *notes; /* hosts that failed (disable) */
};

struct vmop_target {
    int64_t vm_id;
    char *uuid, *uri, *host;
    bool done;
};

struct vmop *vmop_new(enum vm_action action, const struct vm *v);
void vmop_free(void *data);

/* Owner's thread: the run host's name and URI of op (host_id) and the VM
 * temporary directory; false with err when the host is gone. */
bool vmop_read_host(struct db *db, struct vmop *op, struct dv_error *err);

/* Worker: the temporary pool on c (made and started when missing). */
bool vmop_temp_pool(struct virt_conn *c, const struct vmop *op, struct dv_error *err);

/* Worker: remove op's overlays (those made, or all when all is true);
 * errors are ignored (the files are temporary). */
void vmop_remove_overlays(struct virt_conn *c, struct vmop *op, bool all);
/* Delete the file at path of the temporary pool (a save file): the pool is
 * refreshed first, since libvirt's save wrote it behind the pool's back.
 * Best effort. */
void vmop_delete_temp_file(struct virt_conn *c, const char *path);

/* Owner's thread, inside a transaction: the VM's states. */
bool vmop_set_state(struct db *db, int64_t vm_id, bool power_on, enum vm_run run, int64_t host_id,
                    int port, struct dv_error *err);

/* The job of op: what (msgid), work and finish; op is taken. */
struct job *vmop_start(struct db *db, const struct dv_actor *actor, const char *what,
                       struct vmop *op, job_work_fn work, job_finish_fn finish,
                       struct dv_error *err);

#endif
