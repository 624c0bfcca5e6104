/* volume.h - storage volumes and incremental snapshots (manual 9.4).
 *
 * A volume record names a file, LUN, partition or logical volume of a pool.
 * File pools (shared directory, netfs, host directory) create, extend,
 * snapshot and delete their files; the other types only refresh, rename and
 * forget records (the M9.2 capability matrix).  An incremental snapshot is a
 * qcow2 overlay whose backing store is its parent volume; it is a volume of
 * the same pool.
 *
 * Rights: the sysadm may act on every pool (nothing counted in a quota,
 * P1/OP-32); a project admin on the pools of the active project they manage,
 * whose disk and snapshot quotas are enforced (P1/OP-9).  Each operation
 * checks everything first, then runs on the host (ensure_pool first), then
 * writes the record with its operation-log row; a host failure writes nothing
 * and shows libvirt's message. */
#ifndef DV_VOLUME_H
#define DV_VOLUME_H

#include "db/db.h"
#include "xml/volxml.h"

/* form-field keys besides the VLF_* of volxml.h */
#define VLF_NAME_ZH     "name_zh"
#define VLF_UNIT        "unit"
#define VLF_LABEL       "label"
#define VLF_DESCRIPTION "description"
#define VLF_REMARK      "remark"
#define VLF_EXTEND      "extend_mb"

#define VOLUME_MB            (1024LL * 1024)
#define VOLUME_EXTEND_MIN_MB 10 /* an extension must exceed it (manual 9.4.4) */

/* The capacity units of M9.4.3 (libvirt's scaled units), NULL-terminated;
 * "GB" is the default. */
extern const char *const volume_units[];

struct volume {
    int64_t id;
    int64_t pool_id;
    char *name_en; /* the libvirt volume name: file, LUN, partition or LV */
    char *name_zh;
    char *description;
    char *remark;
    char *format;
    int64_t capacity;   /* bytes */
    int64_t allocation; /* bytes */
    char *path;
    bool present;       /* 存在; false = 不存在, vanished from the host */
    int64_t parent_id;  /* the volume a snapshot is built on, 0 */
    char *parent_name;  /* its English name, "" */
    int64_t project_id; /* creating project, 0 = the sysadm's */
    int64_t created_at;
    int children;    /* snapshots built on it */
    char *instances; /* VM instances using it, comma-separated ("" until ch. 11) */
};

struct volume_page {
    struct volume *rows;
    int n;
    int64_t total;
};

/* The volumes of pool_id by id (M9.4.2), or with parent_id > 0 only the
 * snapshots built on that volume (M9.4.8.1). */
bool volume_list(struct db *db, int64_t pool_id, int64_t parent_id, int64_t offset, int limit,
                 struct volume_page *out, struct dv_error *err);
void volume_page_free(struct volume_page *p);
bool volume_get(struct db *db, int64_t id, struct volume *out, struct dv_error *err);
void volume_clear(struct volume *v);

/* Whether actor may work on the volumes of pool_id (a project admin: a pool
 * of their active project); false with DV_ERR_DENIED. */
bool volume_may_use_pool(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                         struct dv_error *err);

/* What the create dialog (M9.4.3) submits, as typed. */
struct volume_input {
    const char *name_zh;
    const char *name_en;
    const char *capacity; /* a positive number, with unit */
    const char *unit;     /* one of volume_units */
    const char *format;   /* one of vol_formats */
    const char *mode, *owner, *group, *label;
    const char *compat;         /* "", "0.10" or "1.1" */
    const char *lazy_refcounts; /* "1" or "0"/"" */
};

/* Bytes of value in unit; false with err (field VLF_CAPACITY or VLF_UNIT). */
bool volume_bytes(const char *value, const char *unit, int64_t *bytes, struct dv_error *err);

/* M9.4.3: in a file pool, within the pool's logical capacity and the
 * project's disk quota. */
bool volume_create(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                   const struct volume_input *in, int64_t *id, struct dv_error *err);

/* M9.4.4: grow by mb (> 10 MB), within the pool's capacity and the quota. */
bool volume_extend(struct db *db, const struct dv_actor *actor, int64_t id, const char *mb,
                   struct dv_error *err);

/* M9.4.5: the Chinese name and description (the record only). */
bool volume_modify(struct db *db, const struct dv_actor *actor, int64_t id, const char *name_zh,
                   const char *description, struct dv_error *err);

/* M9.4.6 and M9.4.8.5: refused while snapshots are built on it (P1/OP-38);
 * in a file pool the file goes too, unless it is already missing. */
bool volume_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                   struct dv_error *err);

/* What a refresh found. */
struct volume_refresh {
    int added, missing, updated;
};

/* M9.4.7: refresh the pool on its host and bring the records in line: new
 * volumes are added as "name-pool UUID", vanished ones marked 不存在. */
bool volume_refresh(struct db *db, const struct dv_actor *actor, int64_t pool_id,
                    struct volume_refresh *sum, struct dv_error *err);

/* M9.4.8.2: a qcow2 overlay on the volume base_id in its pool. */
bool volume_snapshot(struct db *db, const struct dv_actor *actor, int64_t base_id,
                     const char *name_zh, const char *name_en, int64_t *id,
                     struct dv_error *err);

/* M9.4.8.3: a snapshot's remark and Chinese name. */
bool volume_remark(struct db *db, const struct dv_actor *actor, int64_t id, const char *name_zh,
                   const char *remark, struct dv_error *err);

/* M9.4.8.4: merge a snapshot with its backing chain into a new independent
 * volume, in three steps so that the console stays live: start checks and
 * launches the copy on the host in a thread; poll reports progress; finish
 * waits for it and writes the record (or reports the host's error). */
struct volume_merge;
struct volume_merge *volume_merge_start(struct db *db, const struct dv_actor *actor,
                                        int64_t snapshot_id, const char *name_en,
                                        struct dv_error *err);
/* True when the copy has ended; *fraction gets an estimate in [0, 1) of the
 * work done, or -1 when the host cannot tell yet. */
bool volume_merge_poll(struct volume_merge *m, double *fraction);
/* Wait for the copy, insert the new volume; m is freed. */
bool volume_merge_finish(struct db *db, const struct dv_actor *actor, struct volume_merge *m,
                         int64_t *id, struct dv_error *err);

#endif
