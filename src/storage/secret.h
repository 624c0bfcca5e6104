/* secret.h - security objects (manual ch. 8): a password or key held for
 * pools and volumes, sealed at rest (D7), never shown again, and realized on
 * a host as a private libvirt secret with the same UUID when a pool that uses
 * it is realized there (M8.1). */
#ifndef DV_SECRET_H
#define DV_SECRET_H

#include "db/db.h"

/* form-field keys */
#define SCF_NAME_ZH     "name_zh"
#define SCF_NAME_EN     "name_en"
#define SCF_USAGE_TYPE  "usage_type"
#define SCF_USAGE_ID    "usage_id"
#define SCF_DESCRIPTION "description"
#define SCF_VALUE       "value"
#define SCF_REPEAT      "repeat"

#define SECRET_VALUE_MAX 128 /* bytes (P1/OP-23) */

struct secret {
    int64_t id;
    char *uuid;
    char *name_zh;
    char *name_en;
    char *usage_type; /* "volume", "ceph" or "iscsi" */
    char *usage_id;   /* 用途: the iSCSI target, volume path or ceph name */
    char *description;
    char *projects;      /* projects using it through pools (P1/OP-24), comma-separated */
    int64_t row_version; /* hand it back in secret_spec.version (P2/OP-6) */
};

struct secret_page {
    struct secret *rows;
    int n;
    int64_t total;
};

/* Fuzzy filters (NULL or "" for none) on 中文名称, 英文名称, 项目 and 用途. */
struct secret_filter {
    const char *name_zh;
    const char *name_en;
    const char *project;
    const char *usage;
};

bool secret_list(struct db *db, const struct secret_filter *f, int64_t offset, int limit,
                 struct secret_page *out, struct dv_error *err);
void secret_page_free(struct secret_page *p);
bool secret_get(struct db *db, int64_t id, struct secret *out, struct dv_error *err);
void secret_clear(struct secret *s);

/* A security object operation's input, typed; strings may be NULL (empty).
 *   add (M8.2b): everything but version; value required
 *   modify (M8.2c): usage_type is ignored (not editable); value NULL or ""
 *     keeps the stored one; version is the row_version read with the record
 *     (0 skips the comparison) */
struct secret_spec {
    const char *name_zh;
    const char *name_en;
    const char *usage_type; /* "volume", "ceph" or "iscsi" */
    const char *usage_id;
    const char *description;
    const char *value; /* the password or key, at most SECRET_VALUE_MAX bytes */
    int64_t version;
};

/* What the add and modify dialogs submit. */
struct secret_input {
    const char *name_zh;
    const char *name_en;
    const char *usage_type; /* ignored when modifying: not editable */
    const char *usage_id;
    const char *description;
    const char *value; /* modifying: empty with an empty repeat keeps the value */
    const char *repeat;
};

/* The spec of what a dialog typed (strings borrowed from in): the value and
 * its repeat must match (SCF_VALUE, SCF_REPEAT); adding, the value is
 * required. */
bool secret_spec_parse(const struct secret_input *in, bool adding, struct secret_spec *out,
                       struct dv_error *err);

/* M8.2b: validate (names, usage type, usage, value), seal the value and
 * insert with a fresh UUID, the uniqueness checked inside the transaction;
 * *id may be NULL. */
bool secret_add(struct db *db, const struct dv_actor *actor, const struct secret_spec *s,
                int64_t *id, struct dv_error *err);
/* M8.2c: names, usage and description; a new value when one is given; a
 * stale s->version is refused with DV_ERR_STALE. */
bool secret_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct secret_spec *s, struct dv_error *err);
/* M8.2d: refused while a pool or a volume uses it. */
bool secret_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* The unsealed value, only in memory to hand to libvirt: wipe it with
 * secret_value_free.  *len gets its length. */
char *secret_value(struct db *db, int64_t id, size_t *len, struct dv_error *err);
void secret_value_free(char *value, size_t len);

struct virt_conn;

/* M8.1: make the security object exist on the host of c as a private libvirt
 * secret with its UUID, usage and value (the value unsealed only in memory).
 * Synchronous, for tests and dosvmd: it calls the host on the caller's
 * thread.  The console never calls it; a pool's job puts the secret it uses
 * on each host from its worker (storage/poolsite.h). */
bool secret_realize(struct db *db, struct virt_conn *c, int64_t id, struct dv_error *err);

#endif
