/* virt-private.h - what the libvirt modules (virt.c, virtstore.c) share:
 * the connection's handle and the error translation.  Nothing else includes
 * it: libvirt's headers stay inside the virt*.c files. */
#ifndef DV_VIRT_PRIVATE_H
#define DV_VIRT_PRIVATE_H

#include "virt/virt.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

struct virt_conn {
    virConnectPtr h;
    char *uri;
    int watch_id; /* the lifecycle watch (virt_dom_watch), -1 none, -2 being set up */
};

/* End c's lifecycle watch, if any (virt_close, before it closes). */
void virt_dom_unwatch(struct virt_conn *c);

/* Fill err with libvirt's last message for the call `what` on c's host:
 * DV_ERR_INFO when the driver does not support it, else DV_ERR_IO.  Returns
 * false. */
bool virt_fail(const struct virt_conn *c, const char *what, struct dv_error *err);

/* The key-loop guard of every entry point that may block (virt.h): on the
 * thread marked by virt_forbid_thread, abort naming fn when
 * DOSVM_CHECK_KEYLOOP=1, else count the call. */
void virt_guard(const char *fn);
#define VIRT_GUARD() virt_guard(__func__)

#endif
