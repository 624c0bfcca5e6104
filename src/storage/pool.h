/* pool.h - storage pools (manual 9.2, 9.3): the sysadm's six pool types,
 * realized on libvirt hosts (D4) and assigned to projects.
 *
 * A host-bound pool (host directory, logical, disk) lives on its bound host;
 * a shared one (shared directory, netfs, iSCSI) on every host that needs it,
 * defined lazily by pool_realize().  Every host a pool was defined on is
 * remembered, so that deleting the pool undefines it there (never deleting
 * its data). */
#ifndef DV_POOL_H
#define DV_POOL_H

#include "db/choice.h"
#include "db/db.h"
#include "xml/poolxml.h"

/* form-field keys besides the PLF_* of poolxml.h */
#define PLF_CAPACITY    "capacity_mb"
#define PLF_DESCRIPTION "description"
#define PLF_BOUND_HOST  "bound_host"
#define PLF_VENDOR      "vendor"
#define PLF_PRODUCT     "product"

struct pool {
    int64_t id;
    char *uuid;
    char *name;
    enum pool_type type;
    int64_t capacity_mb; /* 逻辑容量: the most the volumes may add up to */
    char *description;
    char *target_path;
    int64_t bound_host_id; /* 0 for the shared types */
    char *bound_host;      /* its name, "" */
    char *src_host;
    int src_port;
    char *src_dir, *src_format, *src_device, *auth_user;
    int64_t auth_secret_id; /* 0 = no CHAP */
    char *auth_secret_usage;
    char *vendor, *product;
    char **devices; /* logical: the VG's partitions, NULL-terminated */
    char *projects; /* names of the projects using it, comma-separated */
    int64_t created_at;
    int64_t row_version; /* hand it back in pool_spec.version (P2/OP-6) */
};

struct pool_page {
    struct pool *rows;
    int n;
    int64_t total;
};

/* A list's filter (the query row of M9.3.1), typed; NULL, "", 0 or -1 mean
 * "any".  The name and the bound host's name match fuzzily; capacities are
 * MB; creation times are epochs, [created_from, created_to); project_id > 0
 * lists one project's pools (M9.4.1). */
struct pool_filter {
    const char *name;
    int64_t cap_min, cap_max;         /* 0: any */
    int type;                         /* enum pool_type or -1 */
    int64_t created_from, created_to; /* 0: any */
    int bound;                        /* 1 bound to a host, 0 not, -1 all */
    const char *host;
    int64_t project_id;
};

/* What the query row typed: dates YYYY-MM-DD, inclusive; type and bound the
 * choices' values ("" or "-1" for all). */
struct pool_query {
    const char *name;
    const char *cap_min, *cap_max;
    const char *type;
    const char *created_from, *created_to;
    const char *bound;
    const char *host;
};

/* The filter of what the query row typed (strings borrowed); DV_ERR_INVALID
 * naming the field (cap_min, cap_max, created_from, created_to) for an
 * unreadable capacity or date. */
bool pool_filter_parse(const struct pool_query *q, struct pool_filter *out, struct dv_error *err);

/* One page of pools by id. */
bool pool_list(struct db *db, const struct pool_filter *f, int64_t offset, int limit,
               struct pool_page *out, struct dv_error *err);
void pool_page_free(struct pool_page *p);
bool pool_get(struct db *db, int64_t id, struct pool *out, struct dv_error *err);
void pool_clear(struct pool *p);

/* A pool operation's input, typed; strings may be NULL (empty).
 *   add (M9.3.2): everything but version; the capacity is MB (MiB, as the
 *     volumes count it), the port 0 for the type's default, the ids 0 for
 *     none; devices (logical) NULL-terminated or NULL
 *   modify (M9.3.3): description and version (the row_version read with the
 *     record; 0 skips the comparison) */
struct pool_spec {
    const char *name;
    enum pool_type type;
    int64_t capacity_mb;
    const char *description;
    const char *target_path;
    const char *vendor, *product;
    int64_t bound_host_id; /* host-bound types */
    const char *src_host;
    int src_port;
    const char *src_dir, *src_format, *src_device;
    const char *auth_user;
    int64_t auth_secret_id; /* iSCSI CHAP */
    char **devices;
    const int64_t *projects; /* the projects using the pool */
    int nprojects;
    int64_t version;
};

/* What the add dialog submits, as typed (the pickers' values are ids). */
struct pool_input {
    const char *name;
    enum pool_type type;
    const char *capacity_mb;
    const char *description;
    const char *target_path;
    const char *vendor, *product;
    const char *bound_host; /* host id, host-bound types */
    const char *src_host, *src_port, *src_dir, *src_format, *src_device;
    const char *auth_user;
    const char *auth_secret; /* secret id or "0"/"" for none */
    const char *devices;     /* logical: paths separated by blanks or commas */
    const int64_t *projects; /* the projects using the pool */
    int nprojects;
};

/* The add spec of what the dialog typed (strings borrowed from in; devices
 * allocated: g_strfreev(out->devices)); false with err naming the field of a
 * number that cannot be read. */
bool pool_spec_parse(const struct pool_input *in, struct pool_spec *out, struct dv_error *err);

/* M9.3.2: validate; insert the pool with its projects (the name's uniqueness
 * checked inside that transaction); define and start it on its bound host
 * (or, for a shared type, on one running host) to prove it works; then the
 * audit row.  A libvirt failure removes the record again and undefines what
 * was defined; err carries libvirt's message. */
bool pool_add(struct db *db, const struct dv_actor *actor, const struct pool_spec *s, int64_t *id,
              struct dv_error *err);

/* M9.3.3: the description (s->description at s->version), nothing on
 * libvirt; a stale version is refused with DV_ERR_STALE. */
bool pool_modify(struct db *db, const struct dv_actor *actor, int64_t id, const struct pool_spec *s,
                 struct dv_error *err);

/* M9.3.4: refused while the pool has volume records (any, missing and
 * snapshots included).  The record goes first (the delete order of
 * volume.h), then the pool is undefined on every host it was defined on;
 * hosts that cannot be reached are named in *warning (g_free it; NULL when
 * all went well) and the record is deleted all the same. */
bool pool_delete(struct db *db, const struct dv_actor *actor, int64_t id, char **warning,
                 struct dv_error *err);

/* M9.3.5: the pool's XML, live from a host where it is defined (*live true),
 * else as built from the record; g_free it. */
char *pool_details_xml(struct db *db, int64_t id, bool *live, struct dv_error *err);

/* The host a pool's libvirt operation runs on (M9.2): the bound host, which
 * must be running (「绑定主机未运行」), or for a shared pool a running host,
 * preferring one it is already defined on. */
bool pool_pick_host(struct db *db, const struct pool *p, int64_t *host_id, struct dv_error *err);

/* ensure_pool (M9.2) on host_id: the security object first for an iSCSI pool
 * with CHAP, then define, build (dir and netfs types only), start and
 * autostart; the host is remembered for pool_delete. */
bool pool_realize(struct db *db, const struct pool *p, int64_t host_id, struct dv_error *err);

/* Registered hosts as choices for the bound host (label "name (state)"). */
bool pool_host_choices(struct db *db, struct choice_list *out, struct dv_error *err);
/* Security objects of usage type iscsi, as choices for CHAP. */
bool pool_secret_choices(struct db *db, struct choice_list *out, struct dv_error *err);
/* All projects, `on` for those using pool id (0: none). */
bool pool_project_choices(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err);

/* The console's label of a type (translated). */
const char *pool_type_label(enum pool_type t);

#endif
