/* tlscert.h - the certificates of libvirt's TLS connections (manual 4.4.4,
 * spec part 1 M4.4.4a and M4.4.4b), made with GnuTLS certtool as libvirt's
 * own documentation does.
 *
 * tlscert_make_ca writes dir/cacert.pem (public: every party gets it) and
 * dir/cakey.pem (private); tlscert_make_server signs, with that CA, the
 * files of one server in dir/IP/: cacert.pem, servercert.pem,
 * serverkey.pem, clientcert.pem and clientkey.pem, to be installed where
 * tlscert_dest() says.  A key is never overwritten (DV_ERR_EXISTS naming
 * it), keys are written 0600, and an IP that is not an IPv4 or IPv6
 * address is refused (DV_ERR_INVALID).  No libvirt call; certtool must be
 * on the PATH (package gnutls-bin), else DV_ERR_IO says so. */
#ifndef DV_TLSCERT_H
#define DV_TLSCERT_H

#include "base/dv.h"

#define TLSCERT_CA_CERT     "cacert.pem"
#define TLSCERT_CA_KEY      "cakey.pem"
#define TLSCERT_SERVER_CERT "servercert.pem"
#define TLSCERT_SERVER_KEY  "serverkey.pem"
#define TLSCERT_CLIENT_CERT "clientcert.pem"
#define TLSCERT_CLIENT_KEY  "clientkey.pem"

/* M4.4.4a: the CA in dir (made when missing). */
bool tlscert_make_ca(const char *dir, struct dv_error *err);

/* M4.4.4b: the server ip's files in dir/ip, signed by dir's CA; *out_dir
 * (may be NULL; g_free) gets the directory. */
bool tlscert_make_server(const char *dir, const char *ip, char **out_dir, struct dv_error *err);

/* Where a file of tlscert_make_server is installed on the server (the
 * defaults of libvirtd and of its clients, M4.4.3), or NULL for an unknown
 * name. */
const char *tlscert_dest(const char *file);

#endif
