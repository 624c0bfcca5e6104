/* checkpoint.h - a VM's checkpoints (manual 11.4.3, spec part 2 M11.4.3,
 * M11.4.3a-c, OP-45 ... OP-47): snapshots of memory and disks that form a
 * tree, the newest (or the one reverted to) being the current one.
 *
 * Each checkpoint's snapshot XML, as the host stored it, and its parent
 * are kept in vm_checkpoint, so the tree can be put back on whichever host
 * the VM runs on now (VIR_DOMAIN_SNAPSHOT_CREATE_REDEFINE) before a revert
 * or a delete (OP-47).  The snapshot is internal (kept inside the qcow2
 * disks, with the memory) when every selected disk is a qcow2 file or
 * volume, which libvirt 9.0 can revert to; otherwise it is external, with
 * the memory in {path}/{folder}/memory.save and each selected disk's
 * overlay in {path}/{folder}/{dev}.qcow2, as the spec's XML says. */
#ifndef DV_CHECKPOINT_H
#define DV_CHECKPOINT_H

#include "db/db.h"
#include "jobs/job.h"

#define CPF_NAME_ZH "cp_name_zh"
#define CPF_NAME_EN "cp_name_en"
#define CPF_PATH    "cp_path"
#define CPF_FOLDER  "cp_folder"
#define CPF_DISKS   "cp_disks"

struct vm_checkpoint {
    int64_t id, parent_id; /* parent 0: a root */
    char *name_en, *name_zh, *dir;
    bool current;
    int depth; /* 0 for a root: the tree as an indented list */
    int64_t created_at;
};

void checkpoints_free(struct vm_checkpoint *c, int n);

/* M11.4.3: the VM's checkpoints in tree order (each after its parent,
 * siblings by creation) with their depth. */
bool checkpoint_tree(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                     struct vm_checkpoint **out, int *n, struct dv_error *err);

/* What the 新建检查点 dialog gives. */
struct checkpoint_input {
    const char *name_zh, *name_en, *path, *folder;
    const char *const *disks; /* the target devices selected, NULL-terminated (may be NULL) */
};

/* M11.4.3a: the names (Chinese 1-64, English EN-NAME unique per VM), the
 * absolute save path and the folder (EN-NAME) are required; the VM must be
 * 运行 or 挂起 (OP-46); a selected disk with copy-on-read is refused ("Disk
 * %s has copy-on-read on; a checkpoint cannot be made"); the project's
 * snapshot quota counts the volume snapshots and the checkpoints (OP-29).
 * On a worker the snapshot is made on the run host; the finish stores it
 * as a new leaf under the current checkpoint, which it becomes, with the
 * audit row. */
struct job *checkpoint_create_start(struct db *db, const struct dv_actor *actor, int64_t vm_id,
                                    const struct checkpoint_input *in, struct dv_error *err);

/* M11.4.3b: the tree redefined on the run host where it is missing, then
 * virDomainRevertToSnapshot; the checkpoint becomes current and the VM's
 * run state follows the snapshot's (运行/挂起/关机). */
struct job *checkpoint_revert_start(struct db *db, const struct dv_actor *actor,
                                    int64_t checkpoint_id, struct dv_error *err);

/* M11.4.3c: a leaf alone, or a checkpoint with everything below it
 * (VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN); their rows go.  When the current
 * checkpoint goes, its parent becomes current. */
struct job *checkpoint_delete_start(struct db *db, const struct dv_actor *actor,
                                    int64_t checkpoint_id, struct dv_error *err);

#endif
