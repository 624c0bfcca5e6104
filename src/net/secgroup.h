/* secgroup.h - security groups (manual 10.2.4): a set of filters, its
 * top-level filter being what a VM NIC of the group uses
 * (<filterref filter='{top-level English name}'/>).  Completeness and
 * minimality of the set are not enforced (the manual leaves them to the
 * administrator); secgroup_set_warning computes an optional, non-blocking
 * warning.  Before a VM using a group starts on a host, the VM code calls
 * secgroup_realize_start: the group's filters other than libvirt's
 * built-ins are defined there, the referenced ones first, the top-level
 * filter last. */
#ifndef DV_SECGROUP_H
#define DV_SECGROUP_H

#include "db/db.h"
#include "db/choice.h"
#include "net/filtersite.h"
#include "net/nwfilter.h"

struct job;

/* form-field keys */
#define SGF_NAME        "name"
#define SGF_DESCRIPTION "description"
#define SGF_TOP         "top_filter"
#define SGF_FILTERS     "filters"

struct secgroup {
    int64_t id;
    char *name;
    char *description;
    int64_t top_filter_id;
    char *top_name_en; /* the top-level filter's English name */
    char *filters;     /* the referenced filters' English names, ", "-separated */
    int64_t created_at;
    int64_t row_version; /* hand it back in secgroup_spec.version */
};

struct secgroup_page {
    struct secgroup *rows;
    int n;
    int64_t total;
};

/* M10.2.4.1: by name (fuzzy; NULL or "" for all), in the order added. */
bool secgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                   struct secgroup_page *out, struct dv_error *err);
void secgroup_page_free(struct secgroup_page *p);
bool secgroup_get(struct db *db, int64_t id, struct secgroup *out, struct dv_error *err);
void secgroup_clear(struct secgroup *g);

/* M10.2.4.5: the referenced filters of group id (rows without XML), by
 * English name. */
bool secgroup_filters(struct db *db, int64_t id, struct nwfilter_page *out, struct dv_error *err);

/* Every filter to pick from: label "English name (Chinese name)"; `on` for
 * the referenced filters of group id (0: none).  Filters of dosvm first,
 * then the built-ins, each by English name. */
bool secgroup_filter_choices(struct db *db, int64_t id, struct choice_list *out,
                             struct dv_error *err);

/* The top-level filter's choices: label the English name, in the same
 * order. */
bool secgroup_top_choices(struct db *db, struct choice_list *out, struct dv_error *err);

/* A security-group operation's input, typed (arrays borrowed). */
struct secgroup_spec {
    const char *name;
    const char *description;
    int64_t top_filter_id;
    const int64_t *filter_ids; /* the referenced filters, at least one */
    int nfilters;
    int64_t version; /* modify: the row_version read with the record (0: no check) */
};

/* What the dialogs submit: the top-level filter picker's value (an id as
 * text) and the chosen referenced filters. */
struct secgroup_input {
    const char *name;
    const char *description;
    const char *top_filter; /* the id, "" or "0" for none */
    const int64_t *filter_ids;
    int nfilters;
};

bool secgroup_spec_parse(const struct secgroup_input *in, struct secgroup_spec *out,
                         struct dv_error *err);

/* The optional warning of M10.2.4.2 (never blocking): filters the set's
 * filters reference (<filterref>) that are not in the set (incomplete), and
 * filters of the set the top-level filter does not reach (not minimal).
 * *warning gets a translated sentence (g_free) or NULL when the set is
 * complete and minimal.  False only when the filters cannot be read. */
bool secgroup_set_warning(struct db *db, const struct secgroup_spec *s, char **warning,
                          struct dv_error *err);

/* M10.2.4.2: validate (name, description, a top-level filter, at least one
 * referenced filter; the top-level filter is not counted among its
 * referenced ones) and insert, the name unique and every filter existing
 * inside the transaction; *id may be NULL. */
bool secgroup_add(struct db *db, const struct dv_actor *actor, const struct secgroup_spec *s,
                  int64_t *id, struct dv_error *err);
/* M10.2.4.3: the same rules; a stale s->version is refused (DV_ERR_STALE).
 * A running VM keeps the filterref it was started with (OP-17): a new
 * top-level filter takes effect at the VM's next start. */
bool secgroup_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                     const struct secgroup_spec *s, struct dv_error *err);
/* M10.2.4.4: refused while an instance NIC uses the group (OP-16). */
bool secgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* The <filterref> a VM NIC of group id gets (g_free). */
char *secgroup_filterref_xml(struct db *db, int64_t id, struct dv_error *err);

/* The public entry of the VM start: define on host_id every filter of the
 * group id that is not a built-in, the referenced filters first (a filter
 * after those it references), the top-level filter last, and record each in
 * nwfilter_host (no operation-log row: it is a step of the VM's start,
 * which writes its own).  Idempotent.  secgroup_realize runs it and waits. */
struct job *secgroup_realize_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                   int64_t host_id, struct dv_error *err);
bool secgroup_realize(struct db *db, const struct dv_actor *actor, int64_t id, int64_t host_id,
                      struct dv_error *err);

/* The same in parts, for a job that does more (a VM's power-on): the site
 * of group id on host_id (owner's thread; NULL with err when the group or
 * host is gone), run on a worker with filter_site_run, then, on the owner's
 * thread inside the caller's transaction, secgroup_site_record remembers in
 * nwfilter_host the filters the run defined. */
struct filter_site *secgroup_site(struct db *db, int64_t id, int64_t host_id,
                                  filter_site_finish_fn finish, struct dv_error *err);
bool secgroup_site_record(struct db *db, const struct filter_site *s, struct dv_error *err);

#endif
