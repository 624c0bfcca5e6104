/* hostgroup.h - host groups (manual 6.2.1): named sets of one or more hosts
 * that projects may run on.  A host may be in several groups (P1/OP-14). */
#ifndef DV_HOSTGROUP_H
#define DV_HOSTGROUP_H

#include "db/choice.h"

#define HGF_NAME        "name"
#define HGF_DESCRIPTION "description"
#define HGF_HOSTS       "hosts"

struct hostgroup {
    int64_t id;
    char *name;
    char *description;
    char *hosts;     /* member host names, comma-separated */
    char *projects;  /* names of the projects using it, comma-separated */
    int64_t version; /* row version, handed back with an edit (P2/OP-6) */
};

/* What an edit writes (M6.2.1.3a): name, description, the member hosts. */
struct hostgroup_spec {
    const char *name;
    const char *description;
    const int64_t *hosts;
    int nhosts;
    int64_t version; /* the row version the edit is based on; 0: any */
};

struct hostgroup_page {
    struct hostgroup *rows;
    int n;
    int64_t total;
};

/* Groups whose name contains name (fuzzy; NULL or "" for all). */
bool hostgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                    struct hostgroup_page *out, struct dv_error *err);
void hostgroup_page_free(struct hostgroup_page *p);
bool hostgroup_get(struct db *db, int64_t id, struct hostgroup *out, struct dv_error *err);
void hostgroup_clear(struct hostgroup *g);

/* M6.2.1.2 / M6.2.1.3a: name unique (CN-NAME), at least one host; the
 * spec's version is not used; *id may be NULL. */
bool hostgroup_add(struct db *db, const struct dv_actor *actor, const struct hostgroup_spec *spec,
                   int64_t *id, struct dv_error *err);
/* A stale version is refused (DV_ERR_STALE) and nothing written. */
bool hostgroup_update(struct db *db, const struct dv_actor *actor, int64_t id,
                      const struct hostgroup_spec *spec, struct dv_error *err);
/* M6.2.1.3b: the projects using the group (the same link as M7.2.1.3d). */
bool hostgroup_set_projects(struct db *db, const struct dv_actor *actor, int64_t id,
                            const int64_t *projects, int n, struct dv_error *err);
/* M6.2.1.4: refused while assigned to a project. */
bool hostgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                      struct dv_error *err);

/* Every registered host (on = member of group id; id 0 for a new group). */
bool hostgroup_host_choices(struct db *db, int64_t id, struct choice_list *out,
                            struct dv_error *err);
/* Every project (on = uses group id). */
bool hostgroup_project_choices(struct db *db, int64_t id, struct choice_list *out,
                               struct dv_error *err);
/* M6.2.1.5: the member hosts, label = name, on = running. */
bool hostgroup_members(struct db *db, int64_t id, struct choice_list *out, struct dv_error *err);

#endif
