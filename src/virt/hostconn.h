/* hostconn.h - the process's libvirt connections to registered hosts, opened
 * on first use from the host's URI and kept (the storage and, later, VM
 * operations of the console and dosvmd share them; a test:///FILE host keeps
 * its in-memory state as long as its connection lives). */
#ifndef DV_HOSTCONN_H
#define DV_HOSTCONN_H

#include "db/db.h"
#include "virt/virt.h"

/* The connection to host id, borrowed until hostconn_close_all(); a dead one
 * is reopened.  NULL with err when the host is unknown or unreachable.
 * Thread-safe. */
struct virt_conn *hostconn_get(struct db *db, int64_t host_id, struct dv_error *err);

/* The connection to uri, opened when there is none (or it died).  Safe
 * on any thread: a background job's worker calls it with the URI its
 * operation read on the owner's thread (libvirt connections are
 * thread-safe).  The open is made outside the cache's lock. */
struct virt_conn *hostconn_get_uri(const char *uri, struct dv_error *err);

/* Close every connection (at exit, or to drop a test driver's state). */
void hostconn_close_all(void);

#endif
