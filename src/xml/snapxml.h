/* snapxml.h - the <domainsnapshot> XML of a VM checkpoint (spec part 2
 * M11.4.3a, OP-47): a pure function, tested in tests/vm/test-checkpoint.c. */
#ifndef DV_SNAPXML_H
#define DV_SNAPXML_H

#include "base/dv.h"

struct snapxml_disk {
    const char *dev; /* target device, e.g. vda */
    bool selected;   /* in the checkpoint (external: its overlay in dir) */
};

struct snapxml_spec {
    const char *name;        /* the English name */
    const char *description; /* the Chinese name */
    bool internal;           /* memory and disks inside the qcow2 disks */
    const char *dir;         /* external: {path}/{folder} */
    const struct snapxml_disk *disks;
    int ndisks;
};

/* Internal: <memory snapshot='internal'/> and no <disks> (libvirt takes
 * every writable qcow2 disk).  External: <memory snapshot='external'
 * file='{dir}/memory.save'/> and per disk <disk name snapshot='external'>
 * <source file='{dir}/{dev}.qcow2'/> when selected, snapshot='no' when not.
 * g_free the result. */
char *snapxml_build(const struct snapxml_spec *s);

#endif
