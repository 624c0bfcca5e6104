/* virt.h - libvirt access: connections to hosts and what they report about
 * themselves (static node information, CPU times, memory, the host's UUID).
 *
 * A connection is opaque; libvirt's own headers stay inside virt.c.  libvirt
 * never prints: virt_init() installs an error handler that keeps its
 * messages for err instead of writing them to the terminal the console owns.
 *
 * Errors: functions return false and fill err.  DV_ERR_IO means the host
 * could not be reached or the call failed; DV_ERR_INFO means the host's
 * driver does not support the call (the test driver has no memory
 * statistics), so the value is "unavailable", not an error of the host. */
#ifndef DV_VIRT_H
#define DV_VIRT_H

#include "base/dv.h"

struct virt_conn;

/* Static node information (virConnectGetHostname, virNodeGetInfo). */
struct virt_node_info {
    char *hostname;
    char *cpu_model;
    int cpu_cores; /* logical CPUs (virNodeInfo.cpus) */
    int cpu_mhz;
    int64_t mem_total_mb; /* virNodeInfo.memory KiB / 1024 */
};

/* Cumulative node CPU times over all CPUs, in nanoseconds:
 * busy = kernel + user, total = kernel + user + idle + iowait. */
struct virt_cpu_times {
    uint64_t busy;
    uint64_t total;
};

/* Node memory over all cells, in KiB; avail = free + buffers + cached
 * (those the driver reports). */
struct virt_mem {
    uint64_t total_kb;
    uint64_t avail_kb;
};

/* The key-loop guard (D11: no libvirt call on the console's key loop).
 *
 * The console marks the thread that reads its keys with
 * virt_forbid_thread(g_thread_self()) when curses starts (NULL lifts the
 * mark, once the loop has ended).  Every function of src/virt that may
 * block checks it first: virt_open, virt_close, virt_alive, and every
 * function here and in virtstore.h that takes a connection (hostconn.h's
 * lookups call virt_alive or virt_open, so they are checked too).
 * Called on the marked thread, such a function fails loudly when the
 * environment has DOSVM_CHECK_KEYLOOP=1 (tests/lib/tui.sh sets it for every
 * end-to-end run of the console): it aborts naming itself, so the test
 * fails.  Without the switch the call is counted (virt_forbidden_calls())
 * and goes on, so a user's console is never killed by the guard.  Only
 * virt_init, virt_uri, virt_name_uuid and the *_clear/_free functions are
 * free of it.  Work that calls a host belongs in a job (jobs/job.h). */
void virt_forbid_thread(GThread *thread);

/* The thread marked by virt_forbid_thread, or NULL. */
GThread *virt_forbidden_thread(void);

/* How many guarded calls were made on the marked thread (without the
 * switch); for tests. */
unsigned virt_forbidden_calls(void);

/* Initialise libvirt once and silence its default error printing; safe to
 * call any number of times.  Every other function calls it. */
void virt_init(void);

/* The bound of virt_open: DOSVM_VIRT_OPEN_TIMEOUT_S when set (whole seconds
 * above 0, for tests), else this. */
#define VIRT_OPEN_TIMEOUT_DEFAULT_S 30
int virt_open_timeout_s(void);
/* keepalive of every connection whose transport has it: a probe every
 * interval seconds, the connection closed after count unanswered ones */
#define VIRT_KEEPALIVE_INTERVAL_S 5
#define VIRT_KEEPALIVE_COUNT      3

/* Open a read-write connection to uri.  NULL on failure, with err
 * (DV_ERR_IO, field "uri") naming the URI and libvirt's reason, or
 * DV_ERR_TIMEOUT when the host has not answered within
 * virt_open_timeout_s() (the open goes on on a thread of its own, which
 * closes the late connection; until that thread returns, another open of
 * the same URI fails at once with DV_ERR_TIMEOUT instead of leaving one
 * more thread behind).  The connection gets keepalive
 * (VIRT_KEEPALIVE_*), so a host that stops answering fails the calls made
 * on it instead of hanging them.  An ssh transport is opened with
 * no_tty=1 so that it never prompts on the terminal. */
struct virt_conn *virt_open(const char *uri, struct dv_error *err);

/* M4.4.3, M13.2.2 (DECISIONS: the console's TLS settings): every later
 * qemu+tls:// open without its own pkipath uses the CA certificate ca, the
 * client certificate cert and its key (libvirt's pkipath, a private
 * directory of links to them); all NULL: libvirt's defaults again
 * (/etc/pki/CA/cacert.pem, /etc/pki/libvirt/clientcert.pem and
 * private/clientkey.pem).  Each open first checks the three files can be
 * read, and a failure names the file.  Process-wide; false with err when
 * the directory cannot be made. */
bool virt_set_tls(const char *ca, const char *cert, const char *key, struct dv_error *err);

/* Close c (NULL is ignored, and never checked by the key-loop guard). */
void virt_close(struct virt_conn *c);

/* The URI c was opened with. */
const char *virt_uri(const struct virt_conn *c);

/* True when the connection still works (virConnectIsAlive). */
bool virt_alive(struct virt_conn *c);

/* Fill out (release it with virt_node_info_clear) from the host. */
bool virt_node_info(struct virt_conn *c, struct virt_node_info *out, struct dv_error *err);
void virt_node_info_clear(struct virt_node_info *info);

/* Node CPU times.  The test driver returns constant counters. */
bool virt_cpu_times(struct virt_conn *c, struct virt_cpu_times *out, struct dv_error *err);

/* Node memory; DV_ERR_INFO when the driver has no memory statistics. */
bool virt_mem(struct virt_conn *c, struct virt_mem *out, struct dv_error *err);

/* The host's UUID as a lower-case string (g_free it): the capabilities'
 * <host><uuid>, else the SMBIOS UUID of the node device "computer"
 * (<hardware><uuid>; a test-driver host file can declare it), else, for
 * the test driver only, a name-based UUID (SHA-1, version 5) of the URI, so
 * that a test:///FILE host keeps one identity.  NULL with err otherwise. */
char *virt_host_uuid(struct virt_conn *c, struct dv_error *err);

/* The name-based (version 5, SHA-1) UUID of name in dosvm's namespace;
 * g_free it.  Exposed for tests. */
char *virt_name_uuid(const char *name);

/* Define the secret of xml on the host and set its value (len bytes): what a
 * pool that uses a security object needs there first (M8.1).  Idempotent:
 * defining the same UUID again replaces the definition. */
bool virt_secret_put(struct virt_conn *c, const char *xml, const void *value, size_t len,
                     struct dv_error *err);

/* Undefine the secret uuid on the host; true when it is not there at all. */
bool virt_secret_remove(struct virt_conn *c, const char *uuid, struct dv_error *err);

#endif
