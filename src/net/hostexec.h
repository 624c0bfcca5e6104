/* hostexec.h - host commands libvirt cannot run itself (D3): the host bridge
 * of a bridged network, the automatic gateway of a subnet (OP-11).
 *
 * A command is an argv, never a shell line put together from what a user
 * typed (the one shell text run is the sysadm's own gateway script, given to
 * `sh -c` as one argument).  Where it runs follows the host's libvirt URI:
 *
 * - qemu:///system|session, qemu+unix:///..., test:///...: on this machine;
 * - qemu+ssh://[USER@]HOST[:PORT]/system and qemu+tls://HOST/system: through
 *   the OpenSSH client to the same address, `ssh -o BatchMode=yes -o
 *   ConnectTimeout=N [-p PORT (ssh only)] [-i keyfile] [-o
 *   UserKnownHostsFile=known_hosts] [-l USER] -- HOST 'cmd' 'arg'...`, each
 *   argument quoted for the remote shell (no password prompt: a key or an
 *   agent must let dosvm in, as for libvirt's own qemu+ssh transport).
 *
 * Every command runs with LC_ALL=C, standard input from /dev/null (or the
 * given text), its output and errors captured, and a bounded time: past it
 * the process is killed.  The output goes to unlinked temporary files, so a
 * daemon a command leaves behind (dnsmasq) cannot hold the caller up.
 *
 * Tests: when HOSTEXEC_NETNS_ENV (DOSVM_HOSTEXEC_NETNS=NAME) is set, every
 * local command runs as `ip netns exec NAME cmd...`, inside the network
 * namespace the test made; remote commands are never changed.
 *
 * Errors (DV_ERR_IO, DV_ERR_TIMEOUT) name the command (or the label given
 * for a script) and the host, and quote the command's standard error, never
 * its input. */
#ifndef DV_HOSTEXEC_H
#define DV_HOSTEXEC_H

#include "base/dv.h"
#include <gio/gio.h>

#define HOSTEXEC_NETNS_ENV         "DOSVM_HOSTEXEC_NETNS"
#define HOSTEXEC_TIMEOUT_S         30     /* a command's default time limit */
#define HOSTEXEC_CONNECT_TIMEOUT_S 10     /* ssh's ConnectTimeout */
#define HOSTEXEC_OUT_MAX           262144 /* bytes of output kept */

/* Where a host's commands run (from its URI). */
struct hostexec_target {
    bool remote;       /* through ssh */
    char *host;        /* the URI's host (remote only) */
    char *user;        /* the URI's user, NULL for ssh's default */
    int port;          /* qemu+ssh's port, 0 for ssh's default */
    char *keyfile;     /* qemu+ssh's keyfile= */
    char *known_hosts; /* qemu+ssh's known_hosts= */
    bool no_verify;    /* qemu+ssh's no_verify=1: StrictHostKeyChecking=no */
    char *label;       /* for messages: the host part, or "localhost" */
};

/* Whether host commands for uri act on a machine: not for libvirt's test
 * driver (test:///...), whose hosts and networks exist only in libvirt's
 * memory, unless HOSTEXEC_NETNS_ENV names a test's namespace that stands in
 * for the host.  The host-bridge and gateway steps do nothing (and succeed)
 * where this is false; hostexec_run itself runs what it is given. */
bool hostexec_uri_real(const char *uri);

/* The target of uri (any URI base/hosturi.h accepts; qemu+tcp runs through
 * ssh too).  Errors are DV_ERR_INVALID.  Clear with hostexec_target_clear. */
bool hostexec_target_from_uri(const char *uri, struct hostexec_target *out, struct dv_error *err);
void hostexec_target_clear(struct hostexec_target *t);

/* Pure: the argv that runs argv on t; netns (NULL or "": none) wraps a local
 * command in `ip netns exec NETNS`.  g_strfreev it. */
char **hostexec_build_argv(const struct hostexec_target *t, const char *const *argv,
                           const char *netns, int connect_timeout_s);

/* Pure: argv as one line for messages ("ip link add br0 type bridge"),
 * shortened to about 200 characters.  g_free it. */
char *hostexec_describe(const char *const *argv);

struct hostexec_opts {
    const char *input;    /* standard input, NULL: /dev/null */
    int timeout_s;        /* 0: HOSTEXEC_TIMEOUT_S */
    const char *what;     /* named in errors instead of the argv (a script) */
    bool any_status;      /* a non-zero exit is no error (read res->status) */
    GCancellable *cancel; /* may be NULL: a job's cancellable */
};

struct hostexec_result {
    int status; /* exit status; -1 when killed by a signal */
    char *out;  /* standard output (at most HOSTEXEC_OUT_MAX bytes) */
    char *err;  /* standard error */
};
void hostexec_result_clear(struct hostexec_result *r);

/* Run argv on the host of uri.  True when it ran and exited 0 (or at all,
 * with any_status); res (may be NULL) gets the status and output in every
 * case where the command ran.  opts may be NULL. */
bool hostexec_run(const char *uri, const char *const *argv, const struct hostexec_opts *opts,
                  struct hostexec_result *res, struct dv_error *err);

/* hostexec_run of `sh -c script` with env (NULL-terminated "NAME=value"
 * strings, may be NULL) set through `env`; errors name what, not the
 * script.  An empty script (blanks only) runs nothing and succeeds. */
bool hostexec_script(const char *uri, const char *script, const char *const *env, const char *what,
                     int timeout_s, struct dv_error *err);

#endif
