/* filtersite.h - filters' libvirt work as a background job (D11), shared by
 * the filter and security-group operations, and the VM power-on (src/vm)
 * through secgroup_site and filter_site_run.
 *
 * The owner's thread reads what the worker needs: the hosts (their URIs)
 * and, per host, the steps: define a filter's XML, or undefine a filter by
 * name.  The worker connects to each host (hostconn) and runs the steps in
 * order, stopping on a host at its first failure; the finish, on the
 * owner's thread, sees per host how many steps were done and writes the
 * records. */
#ifndef DV_FILTERSITE_H
#define DV_FILTERSITE_H

#include "db/db.h"
#include "jobs/job.h"

struct filter_step {
    int64_t filter_id;
    char *name;
    char *xml; /* NULL: undefine name */
};

struct filter_host {
    int64_t id;
    char *name, *uri;
    int done;            /* steps done on this host (all of them: ok) */
    struct dv_error err; /* why the next step failed */
};

struct filter_site;

/* The finish of an operation: every host's outcome is in s. */
typedef bool (*filter_site_finish_fn)(struct job *job, struct filter_site *s, bool ok,
                                      struct dv_error *err);

struct filter_site {
    struct filter_host *hosts;
    int nhosts;
    struct filter_step *steps;
    int nsteps;
    filter_site_finish_fn finish;
    int64_t id;   /* the operation's record */
    char *object; /* its name (task, audit) */
};

/* A new site; add the hosts and steps, then start it. */
struct filter_site *filter_site_new(int64_t id, const char *object, filter_site_finish_fn finish);
void filter_site_add_host(struct filter_site *s, int64_t id, const char *name, const char *uri);
void filter_site_add_step(struct filter_site *s, int64_t filter_id, const char *name,
                          const char *xml);
/* Add every host filter_id is defined on (nwfilter_host). */
bool filter_site_add_filter_hosts(struct filter_site *s, struct db *db, int64_t filter_id,
                                  struct dv_error *err);
void filter_site_free(struct filter_site *s);

/* On a worker: every step on every host of s, in order, stopping on a host
 * at its first failure (hosts[i].done, hosts[i].err); false with the first
 * host's error when one failed.  filter_site_start's work; other jobs (a
 * VM's start) call it inside their own work. */
bool filter_site_run(struct job_ctx *ctx, struct filter_site *s, struct dv_error *err);

/* Start the job "what" (a msgid) on s (taken, freed with the job).  NULL
 * with err when the task cannot be written. */
struct job *filter_site_start(struct db *db, const struct dv_actor *actor, const char *what,
                              struct filter_site *s, struct dv_error *err);

/* The first host of s that failed, or NULL. */
const struct filter_host *filter_site_failed(const struct filter_site *s);

#endif
