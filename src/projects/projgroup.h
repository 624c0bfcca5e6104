/* projgroup.h - project groups (manual 7.2.2): a named file directory shared
 * by its projects (images, snapshots).  A project is in one or more groups. */
#ifndef DV_PROJGROUP_H
#define DV_PROJGROUP_H

#include "db/choice.h"

#define PGF_NAME        "name"
#define PGF_DIR         "file_dir"
#define PGF_DESCRIPTION "description"
#define PGF_PROJECT     "project"
#define PGF_GROUP       "group"

/* One row of the list: a (group, project) pair; a group without projects
 * has one row with project_id 0 and project "". */
struct projgroup_row {
    int64_t group_id;
    char *name;
    char *file_dir;
    char *description;
    int64_t project_id;
    char *project;
};

struct projgroup_page {
    struct projgroup_row *rows;
    int n;
    int64_t total;
};

/* One group as the edit dialog reads it. */
struct projgroup {
    int64_t id;
    char *name;
    char *file_dir;
    char *description;
    int64_t version; /* row version, handed back with an edit (P2/OP-6) */
};

/* What an edit writes (M7.2.2.3). */
struct projgroup_spec {
    const char *name;
    const char *file_dir;
    const char *description;
    int64_t version; /* the row version the edit is based on; 0: any */
};

bool projgroup_get(struct db *db, int64_t id, struct projgroup *out, struct dv_error *err);
void projgroup_clear(struct projgroup *g);

/* Rows whose group name contains name (fuzzy; NULL or "" for all). */
bool projgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                    struct projgroup_page *out, struct dv_error *err);
void projgroup_page_free(struct projgroup_page *p);

/* M7.2.2.2: name unique (CN-NAME), file_dir an absolute path, created when
 * missing; *id may be NULL. */
bool projgroup_add(struct db *db, const struct dv_actor *actor, const char *name,
                   const char *file_dir, const char *description, int64_t *id,
                   struct dv_error *err);
/* M7.2.2.3; a stale version is refused (DV_ERR_STALE) and nothing written. */
bool projgroup_update(struct db *db, const struct dv_actor *actor, int64_t id,
                      const struct projgroup_spec *spec, struct dv_error *err);
/* M7.2.2.4: refused while the group has projects. */
bool projgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                      struct dv_error *err);
/* M7.2.2.5: refused when the project is already in the group. */
bool projgroup_add_project(struct db *db, const struct dv_actor *actor, int64_t group_id,
                           int64_t project_id, struct dv_error *err);
/* M7.2.2.6: refused for the project's last group (P1/OP-21). */
bool projgroup_remove_project(struct db *db, const struct dv_actor *actor, int64_t group_id,
                              int64_t project_id, struct dv_error *err);

/* Every group, for pickers. */
bool projgroup_choices(struct db *db, struct choice_list *out, struct dv_error *err);

#endif
