/* poolsite.h - a pool's libvirt work as a background job (D11, M9.2).
 *
 * ensure_pool needs the database (which host, its URI, the pool's XML, the
 * CHAP secret's value) and the host (define, build, start, autostart).  A
 * pool site is what the owner's thread reads for the worker: the worker
 * connects by URI, ensures the pool and runs the operation's step; the
 * finish, on the owner's thread again, remembers the host for pool_delete
 * and runs the operation's own finish (its records and audit row). */
#ifndef DV_POOLSITE_H
#define DV_POOLSITE_H

#include "storage/pool.h"
#include "jobs/job.h"
#include "virt/virtstore.h"

struct pool_site {
    int64_t pool_id, host_id;
    char *host_name, *uri;
    char *pool_uuid, *pool_name, *pool_xml;
    bool build;       /* dir and netfs types are built before the start */
    bool ensure;      /* define/start the pool before the step (false: undefine work) */
    char *secret_xml; /* an iSCSI pool's CHAP secret, or NULL */
    char *secret_value;
    size_t secret_len;
};

/* On the owner's thread: the site of p on host_id (0: pool_pick_host). */
bool pool_site_prepare(struct db *db, const struct pool *p, int64_t host_id, struct pool_site *out,
                       struct dv_error *err);
void pool_site_clear(struct pool_site *s);

/* On a worker: the connection to the site's host with the pool ensured
 * there (borrowed from hostconn). */
struct virt_conn *pool_site_connect(const struct pool_site *s, struct dv_error *err);

/* The host step of an operation, on a worker: c is the site's connection. */
typedef bool (*pool_site_step_fn)(struct job_ctx *ctx, struct virt_conn *c,
                                  const struct pool_site *s, void *data, struct dv_error *err);
/* The operation's finish, on the owner's thread (the site's host already
 * remembered when ok). */
typedef bool (*pool_site_finish_fn)(struct job *job, const struct pool_site *s, void *data, bool ok,
                                    struct dv_error *err);

struct pool_site_job {
    const char *what; /* msgid */
    const char *object;
    bool cancellable;
    int timeout_s;
    pool_site_step_fn step;     /* may be NULL: only ensure the pool */
    pool_site_finish_fn finish; /* may be NULL */
    void *data;
    GDestroyNotify data_free;
};

/* Start the job of spec on site (taken: cleared, freed with the job).  NULL
 * with err when the task cannot be written (data freed). */
struct job *pool_site_start(struct db *db, const struct dv_actor *actor, struct pool_site *site,
                            const struct pool_site_job *spec, struct dv_error *err);

/* The operation's data of a job pool_site_start started. */
void *pool_site_data(const struct job *job);

#endif
