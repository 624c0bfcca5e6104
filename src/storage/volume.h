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
 * whose disk and snapshot quotas are enforced (P1/OP-9).
 *
 * The order of every storage operation (pool, volume, image, secret; issue 7):
 *
 *   Create (volume, snapshot, merge; pools likewise): validate the typed
 *   fields; one BEGIN IMMEDIATE transaction makes every check that depends on
 *   other records (name unique in the pool, the pool's capacity, the
 *   project's quotas) and reserves the record (inserted 不存在, present = 0,
 *   with the asked capacity, so that it counts in every sum); commit; then the
 *   host step, holding no lock; then a second transaction completes the
 *   record with what the host made and writes the audit row.  When the host
 *   step fails, the reservation is removed again and nothing is logged (the
 *   operation did not happen).  Extending reserves the added capacity the
 *   same way and gives it back on failure.
 *
 *   Delete (the one order everywhere): first the host is reached (a file
 *   pool's volume: its pool ensured on a running host), so that a host that
 *   is down refuses the delete with nothing written; then one transaction
 *   makes every check (rights, in use, snapshots built on it, volumes in the
 *   pool) and removes the record with its audit row; commit; then the host or
 *   file step (the volume's file, the pool's definitions on its hosts; a
 *   security object has none; an image's file is renamed aside inside the
 *   transaction and unlinked after the commit, so that a failed commit puts
 *   it back).  When the host step fails while the object stays, a second
 *   transaction puts the volume's record back as it was (same id) with an
 *   audit row saying so, so that the records match the host again; a pool is
 *   deleted all the same and the hosts that kept its definition are named in
 *   the warning (M9.3.4: undefining never touches data).
 *
 *   A crash between the steps leaves a reserved record 不存在, which the next
 *   refresh (M9.4.7) reconciles with the host, or a host object without its
 *   record, which the refresh adds back. */
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
    int children;        /* snapshots built on it */
    char *instances;     /* VM instances using it, comma-separated ("" until ch. 11) */
    int64_t row_version; /* hand it back in volume_spec.version (P2/OP-6) */
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

/* A volume operation's input, typed.  Capacities are bytes; the extension is
 * MiB.  Strings may be NULL (empty).
 *   create (M9.4.3): pool_id, name_zh, name_en, capacity, format, and the
 *     optional mode (octal text as libvirt takes it, e.g. "0666"), owner and
 *     group (used with has_owner / has_group), label, compat ("", "0.10",
 *     "1.1") and lazy_refcounts
 *   modify (M9.4.5): name_zh, description, version
 *   remark (M9.4.8.3): name_zh, remark, version
 *   extend (M9.4.4): extend_mb, version
 * version is the row_version read with the record; 0 skips the comparison
 * (callers without a form). */
struct volume_spec {
    int64_t pool_id;
    const char *name_zh;
    const char *name_en;
    int64_t capacity; /* bytes */
    const char *format;
    const char *mode;
    int64_t owner, group;
    bool has_owner, has_group;
    const char *label;
    const char *compat;
    bool lazy_refcounts;
    const char *description;
    const char *remark;
    int64_t extend_mb; /* MiB */
    int64_t version;
};

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

/* The create spec of what the dialog typed for pool_id (strings borrowed
 * from in); false with err naming the field of a number that cannot be read. */
bool volume_spec_parse(const struct volume_input *in, int64_t pool_id, struct volume_spec *out,
                       struct dv_error *err);

/* The extension the dialog typed (MiB, field VLF_EXTEND). */
bool volume_extend_parse(const char *text, int64_t *mb, struct dv_error *err);

/* M9.4.3: in a file pool, within the pool's logical capacity and the
 * project's disk quota (both checked inside the transaction). */
bool volume_create(struct db *db, const struct dv_actor *actor, const struct volume_spec *s,
                   int64_t *id, struct dv_error *err);

/* M9.4.4: grow by s->extend_mb (> 10 MiB), within the pool's capacity and
 * the quota. */
bool volume_extend(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err);

/* M9.4.5: the Chinese name and description (the record only); a stale
 * s->version is refused with DV_ERR_STALE. */
bool volume_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err);

/* M9.4.6 and M9.4.8.5: refused while snapshots are built on it (P1/OP-38);
 * in a file pool the file goes too, unless it is already missing. */
bool volume_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

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
                     const char *name_zh, const char *name_en, int64_t *id, struct dv_error *err);

/* M9.4.8.3: a snapshot's remark and Chinese name (s->name_zh, s->remark,
 * s->version). */
bool volume_remark(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct volume_spec *s, struct dv_error *err);

/* M9.4.8.4: merge a snapshot with its backing chain into a new independent
 * volume, in three steps so that the console stays live: start checks and
 * reserves the record, then launches the copy on the host in a thread; poll
 * reports progress; finish waits for it and completes the record (or removes
 * the reservation and reports the host's error). */
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
