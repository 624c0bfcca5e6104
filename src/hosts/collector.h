/* collector.h - the host metrics collector (M6.2.2 step 3-4, M6.2.2.1),
 * shared by dosvmd and the console's demo.
 *
 * The clock is passed in: collector_tick(c, now) does whatever is due at
 * `now`, so tests drive it with fake times.  It re-reads the system
 * parameters (ch. 13) at every tick, so a change made in the console takes
 * effect at once:
 *
 * - every PARAM_HOST_COLLECT seconds, one sample per host (the first tick
 *   collects at once): CPU load from the delta of the node CPU times since
 *   the previous sample (unavailable for a host's first sample; 0.00 when
 *   the counters did not move, which the test driver's constant counters
 *   always give), memory load = (total - free - buffers - cached) / total
 *   (OP-16; unavailable when the driver has no memory statistics, as the
 *   test driver), and for the local host (self) only: disk load of
 *   share_disk_path by statvfs and network MB/s from /proc/net/dev deltas
 *   (OP-17); other hosts' disk and network loads are unavailable.  An
 *   unavailable metric is stored as NULL, never 0.
 * - every PARAM_HOST_HISTORY seconds (the first time that long after the
 *   first tick), one history row per host whose last sample succeeded.
 * - heartbeats: every collection is a heartbeat; between collections every
 *   PARAM_HEARTBEAT seconds a host is probed.  A host that cannot be
 *   reached misses the heartbeat and is stopped after PARAM_HEARTBEAT_FAILS
 *   in a row; the next success makes it running again.
 *
 * One libvirt connection is cached per host; it is dropped when a call
 * fails or the host's URI changes, and re-opened at the next tick.
 *
 * Each host's heartbeat runs on a thread of its own, so a host that never
 * answers delays no other host: a tick starts the heartbeats that are due,
 * then waits up to collector_set_wait() for them; one that comes back later
 * is stored at a later tick (with the time of the tick that started it).
 * A host whose heartbeat is still running when the next one is due misses
 * that one; its thread is never waited for (nor at collector_free). */
#ifndef DV_COLLECTOR_H
#define DV_COLLECTOR_H

#include "db/db.h"

struct collector;

/* A collector over the hosts of db (db stays the caller's). */
struct collector *collector_new(struct db *db);
/* Close the cached connections and free c (NULL is ignored). */
void collector_free(struct collector *c);

/* Receive a translated line for each notable event (a host stopped or
 * running again, a missed heartbeat with its reason); log may be NULL. */
void collector_set_log(struct collector *c, void (*log)(void *ctx, const char *line), void *ctx);

/* The host this process runs on (dosvmd's own record).  Another
 * self-registered host is skipped: its own dosvmd reaches it through its
 * local URI (qemu:///system means a different machine there).  Without it
 * (0, the default) every host is visited, and every self host gets disk and
 * network loads. */
void collector_set_self(struct collector *c, int64_t host_id);

/* How long collector_tick waits for the heartbeats it started (dosvmd
 * waits less, to stay responsive to signals). */
#define COLLECTOR_WAIT_DEFAULT_MS 5000
void collector_set_wait(struct collector *c, unsigned ms);

/* Hosts whose heartbeat is running on its thread now. */
int collector_probes_running(const struct collector *c);

/* Read the network counters from path instead of /proc/net/dev (tests). */
void collector_set_net_dev(struct collector *c, const char *path);

/* Do what is due at now (seconds since the epoch).  False with err only
 * when the database fails; a host that fails is a missed heartbeat. */
bool collector_tick(struct collector *c, int64_t now, struct dv_error *err);

/* OP-17: whether an interface counts toward the network load: not lo, not
 * a bridge (virbr*, br*), tap*, vnet*, macvtap* or ovs-system. */
bool collector_iface_counted(const char *name);

/* Sum of the received and sent bytes of the counted interfaces in the text
 * of /proc/net/dev; false when the text has no interface line. */
bool collector_net_bytes(const char *text, uint64_t *bytes);

#endif
