/* service.h - the liveness of dosvmd itself (issue 8, point 6): its
 * heartbeat row, the lease that allows one dosvmd per host record and
 * database, and what the console shows of hosts nobody watches.
 *
 * A dosvmd holds the row of its host's UUID in the table `service`
 * (migration 0009): it takes it in one transaction at start, renews it
 * (heartbeat_at, expires_at) at every tick and releases it (stopped_at)
 * at a clean stop.  The heartbeat rule is the one of hosts (13.2.1): a
 * service whose last heartbeat is more than heartbeat_interval x
 * heartbeat_fail_count seconds old is not running, and its lease has
 * expired.
 *
 * The console's host list: while no service has ever run on the database
 * the states are shown as stored (nothing judges them); else a
 * self-registered host is shown as stored while its own dosvmd is alive
 * (or stopped cleanly, which stopped the host), a host added by URI while
 * any dosvmd is alive, and otherwise as unknown. */
#ifndef DV_SERVICE_H
#define DV_SERVICE_H

#include "db/db.h"
#include "hosts/host.h"

/* The heartbeat rule, pure: alive at now when not stopped and the last
 * heartbeat is at most interval_s * fails seconds before now. */
bool service_alive_at(int64_t heartbeat_at, bool stopped, int64_t now, long interval_s, long fails);

/* The lease length (and the age of a stale heartbeat) in seconds. */
long service_lease_s(long interval_s, long fails);

struct service_row {
    char *host_uuid;
    int64_t pid;
    char *node;
    int64_t started_at, heartbeat_at, expires_at;
    bool stopped; /* released by a clean stop at stopped_at */
    int64_t stopped_at;
    bool alive; /* service_alive_at the watch's now */
};

/* Every service row judged at now. */
struct service_watch {
    int64_t now;
    struct service_row *rows;
    int n;
    bool any_alive;
    int64_t last_beat; /* the newest heartbeat (0 without rows) */
};

/* Read the rows and the heartbeat parameters and judge them at now. */
bool service_watch_load(struct db *db, int64_t now, struct service_watch *out,
                        struct dv_error *err);
void service_watch_clear(struct service_watch *w);

enum host_shown {
    HOST_SHOWN_STOPPED,
    HOST_SHOWN_RUNNING,
    HOST_SHOWN_UNKNOWN,
};

/* What the console shows as h's state (pure; rules above). */
enum host_shown service_host_shown(const struct service_watch *w, const struct host *h);

/* The msgid of a shown state: "Stopped", "Running", "Unknown". */
const char *service_shown_label(enum host_shown s);

/* What the console shows as the state of the host with this id, read with
 * the watch; false with err when the host cannot be read. */
bool service_host_shown_id(struct db *db, const struct service_watch *w, int64_t host_id,
                           enum host_shown *out, struct dv_error *err);

/* The line of the host list when no service is alive ("The service dosvmd
 * is not running since ..."), translated; NULL when one is alive or none
 * has ever run.  g_free it. */
char *service_down_note(const struct service_watch *w);

/* ---- dosvmd's lease */

struct service_lease {
    char *host_uuid;
    char *token;
    int64_t pid;
};

/* Take the row of host_uuid for this process at now, in one transaction.
 * Refused (DV_ERR_EXISTS, naming the other PID, machine and UUID) while
 * another process holds it: not stopped and not expired, unless it names
 * this machine and a process that is gone.  Clear with
 * service_lease_clear. */
bool service_acquire(struct db *db, const char *host_uuid, int64_t now, struct service_lease *out,
                     struct dv_error *err);
/* The heartbeat of the tick at now: renews the lease.  DV_ERR_STALE when
 * the row is not this process's any more (another dosvmd took it). */
bool service_renew(struct db *db, const struct service_lease *l, int64_t now, struct dv_error *err);
/* A clean stop: stopped_at = now (only while the row is still ours). */
bool service_release(struct db *db, const struct service_lease *l, int64_t now,
                     struct dv_error *err);
void service_lease_clear(struct service_lease *l);

#endif
