/* project.h - projects (manual 7.2.1, 7.3): name, description, activation,
 * quotas (a table), admins (an admin manages at most one project) and the
 * host groups the project may run on.  New projects start inactive with every
 * quota 0 (P1/OP-10, OP-11). */
#ifndef DV_PROJECT_H
#define DV_PROJECT_H

#include "db/choice.h"

#define PF_NAME        "name"
#define PF_DESCRIPTION "description"
#define PF_GROUP       "group"

enum quota_id {
    QUOTA_INSTANCES, /* 最大虚拟机实例数 */
    QUOTA_VCPUS,     /* 最大 VCPU 数 */
    QUOTA_MEM_MB,    /* 最大内存数 (MB) */
    QUOTA_DISK_MB,   /* 最大磁盘容量 (MB) */
    QUOTA_IMAGE_MB,  /* 最大镜像文件总容量 (MB) */
    QUOTA_IMAGES,    /* 最大镜像文件数 */
    QUOTA_SNAPSHOTS, /* 最大磁盘快照数 */
    QUOTA_COUNT
};

struct quota_def {
    enum quota_id id;
    const char *key;   /* the form-field key (the core maps it to its column) */
    const char *label; /* msgid of the quota (最大…) */
    const char *used;  /* msgid of the resource (M7.3.2 gauge label) */
};

const struct quota_def *quota_def(enum quota_id id);

struct project {
    int64_t id;
    char *name;
    char *description;
    bool active;
    int64_t quota[QUOTA_COUNT];
    char *admins;    /* Chinese names of its admins, comma-separated */
    int64_t version; /* row version, handed back with an edit (P2/OP-6) */
};

/* The basic information of an edit (M7.2.1.2). */
struct project_spec {
    const char *name;
    const char *description;
    int64_t version; /* the row version the edit is based on; 0: any */
};

/* The quota record (M7.2.1.3a): whole numbers from 0 to 2^31-1. */
struct project_quota {
    int64_t max[QUOTA_COUNT];
    int64_t version; /* the project's row version the edit is based on; 0: any */
};

struct project_page {
    struct project *rows;
    int n;
    int64_t total;
};

/* name: fuzzy (NULL or "" for all); active: -1 all, 0 inactive, 1 active. */
bool project_list(struct db *db, const char *name, int active, int64_t offset, int limit,
                  struct project_page *out, struct dv_error *err);
void project_page_free(struct project_page *p);
bool project_get(struct db *db, int64_t id, struct project *out, struct dv_error *err);
void project_clear(struct project *p);

/* M7.2.1.1a: in project group group_id (refused without one); *id may be NULL. */
bool project_add(struct db *db, const struct dv_actor *actor, int64_t group_id, const char *name,
                 const char *description, int64_t *id, struct dv_error *err);
/* M7.2.1.2; a stale version is refused (DV_ERR_STALE) and nothing written. */
bool project_update(struct db *db, const struct dv_actor *actor, int64_t id,
                    const struct project_spec *spec, struct dv_error *err);
/* M7.2.1.1b: removes its memberships, quota, admin and host-group assignments. */
bool project_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);
/* M7.2.1.5a/b; DV_ERR_INFO when already so. */
bool project_set_active(struct db *db, const struct dv_actor *actor, int64_t id, bool active,
                        struct dv_error *err);
/* The quota form's texts[QUOTA_COUNT] (blanks around a number allowed) into
 * out; an error names the field (quota_def(q)->key). */
bool project_quota_parse(const char *const *texts, int64_t version, struct project_quota *out,
                         struct dv_error *err);
/* M7.2.1.3a: replace the quota record; a stale version is refused. */
bool project_set_quota(struct db *db, const struct dv_actor *actor, int64_t id,
                       const struct project_quota *q, struct dv_error *err);

/* M7.2.1.3b: project admins that manage no project or this one (on = this). */
bool project_admin_choices(struct db *db, int64_t id, struct choice_list *out,
                           struct dv_error *err);
/* Make exactly these users the project's admins; refused for one that
 * manages another project. */
bool project_set_admins(struct db *db, const struct dv_actor *actor, int64_t id,
                        const int64_t *users, int n, struct dv_error *err);

/* M7.2.1.3d: every host group (on = assigned to the project). */
bool project_hostgroup_choices(struct db *db, int64_t id, struct choice_list *out,
                               struct dv_error *err);
bool project_set_hostgroups(struct db *db, const struct dv_actor *actor, int64_t id,
                            const int64_t *groups, int n, struct dv_error *err);

/* Every project, for pickers (M5.4.3, M7.2.2.5). */
/* M7.2.1.3c: all pools, `on` for those of project id; saving replaces them. */
bool project_pool_choices(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err);
bool project_set_pools(struct db *db, const struct dv_actor *actor, int64_t id,
                       const int64_t *pools, int n, struct dv_error *err);

bool project_choices(struct db *db, struct choice_list *out, struct dv_error *err);

/* M7.3: what a project uses of each quota, and the accumulated VCPU time. */
struct project_usage {
    int64_t used[QUOTA_COUNT];
    int64_t max[QUOTA_COUNT];
    int64_t vcpu_seconds;
};
bool project_usage(struct db *db, int64_t id, struct project_usage *out, struct dv_error *err);

/* The project that user_id manages, for the project modules: refused with a
 * clear message when the admin manages none, or when it is inactive
 * (M7.2.1.5b, P1/OP-12). */
bool project_of_admin(struct db *db, int64_t user_id, struct project *out, struct dv_error *err);

/* The project an operation of actor works in: a project admin's active
 * project (project_of_admin); for the sysadm, fallback, which must exist
 * (0: refused, "The project no longer exists."). */
bool project_for_actor(struct db *db, const struct dv_actor *actor, int64_t fallback,
                       int64_t *project_id, struct dv_error *err);

/* "N天 HH:MM:SS" style text of seconds (M7.3.1); g_free it. */
char *project_format_runtime(int64_t seconds);

#endif
