/* hosturi.h - which libvirt URIs dosvm hands to libvirt (issue 8, point 3).
 *
 * Only the transports dosvm supports are accepted: test:///ABSFILE (or
 * test:///default), qemu:///system|session, qemu+unix, qemu+ssh, qemu+tls and
 * qemu+tcp (unencrypted: only with HOSTURI_TCP_CONFIRMED, the sysadm's
 * explicit confirmation).  Only the parameters dosvm needs pass: socket (qemu,
 * +unix), keyfile, known_hosts, no_verify, no_tty (+ssh), pkipath, no_verify
 * (+tls).  Everything else -- ext, libssh, command=, netcat=, proxy=, an
 * unknown or repeated parameter, a fragment -- is refused with a message that
 * names the rule and the field.  The check is pure (no file is read, no
 * connection made); hosturi_test_file() looks at a test:/// file. */
#ifndef DV_HOSTURI_H
#define DV_HOSTURI_H

#include "base/dv.h"

#define HOSTURI_TCP_CONFIRMED 1u /* the sysadm confirmed qemu+tcp is unencrypted */

struct hosturi_info {
    bool tcp;        /* qemu+tcp: the traffic is not encrypted */
    bool no_verify;  /* no_verify=1: the server's identity is not checked */
    bool test;       /* the test driver */
    char *test_file; /* test:///FILE: the absolute file (g_free); NULL otherwise */
};

/* Check uri against the rules above; errors are DV_ERR_INVALID and name
 * field.  A qemu+tcp URI without HOSTURI_TCP_CONFIRMED is refused with
 * DV_ERR_DENIED and info->tcp set, so a dialog can ask and try again.  info
 * may be NULL; free it with hosturi_info_clear. */
bool hosturi_check(const char *uri, unsigned flags, const char *field, struct hosturi_info *info,
                   struct dv_error *err);
void hosturi_info_clear(struct hosturi_info *info);

/* A test:/// file must be a regular file whose document element is
 * libvirt's test driver's <node>; the message never quotes the file. */
bool hosturi_test_file(const char *path, const char *field, struct dv_error *err);

#endif
