/* testhost.h - a registered host on libvirt's test driver for the storage
 * tests (a helper, not a test): testhost_add(db, &sys, "host-one",
 * "host1.xml") registers test://$top_srcdir/data/demo/host1.xml, whose
 * pools and volumes live in the memory of the cached connection, and
 * returns its id (-1 after a TAP comment saying why). */
#ifndef DV_TESTHOST_H
#define DV_TESTHOST_H

#include "hosts/host.h"

#include <stdio.h>
#include <stdlib.h>

static inline int64_t testhost_add(struct db *db, const struct dv_actor *sys, const char *name,
                                   const char *file)
{
    struct dv_error err = {0};
    const char *top = getenv("top_srcdir");
    char *uri = g_strdup_printf("test://%s/data/demo/%s", top ? top : "..", file);
    int64_t id = -1;

    if (!host_add(db, sys, name, uri, &id, &err))
        printf("# host_add %s: %s\n", name, err.msg);
    g_free(uri);
    return id;
}

#endif
