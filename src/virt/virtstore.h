/* virtstore.h - storage pools and volumes on a host's libvirt (M9.2-M9.4).
 *
 * Pools are found by the UUID dosvm gave them, volumes by their path.  Every
 * call returns false with err (DV_ERR_IO, or DV_ERR_INFO when the host's
 * driver does not support it: the test driver cannot resize volumes). */
#ifndef DV_VIRTSTORE_H
#define DV_VIRTSTORE_H

#include "virt/virt.h"

/* A volume as the host reports it. */
struct virt_vol {
    char *name;
    char *path;
    char *format;         /* <target><format type>, "" when not reported */
    long long capacity;   /* bytes */
    long long allocation; /* bytes */
};

void virt_vol_clear(struct virt_vol *v);
void virt_vols_free(struct virt_vol *v, int n);

/* ensure_pool (M9.2): define the pool of xml when uuid is unknown, start it
 * when inactive (building it first when build is true: the dir and netfs
 * types, never disk or logical), and mark it autostart.  Idempotent. */
bool virt_pool_ensure(struct virt_conn *c, const char *uuid, const char *xml, bool build,
                      struct dv_error *err);

/* Make the directory path (and its parents) on the host itself, 0700,
 * through a transient directory pool built there and destroyed again; an
 * existing directory is kept as it is. */
bool virt_dir_ensure(struct virt_conn *c, const char *path, struct dv_error *err);

/* Stop and undefine the pool uuid; never deletes its data.  True when the
 * pool is not there at all. */
bool virt_pool_remove(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* The live XML of the pool uuid (g_free it), with its capacity, allocation
 * and available; NULL with DV_ERR_NOTFOUND when it is not defined there. */
char *virt_pool_xml(struct virt_conn *c, const char *uuid, struct dv_error *err);

/* Refresh the pool, then list its volumes into *out (virt_vols_free it). */
bool virt_pool_volumes(struct virt_conn *c, const char *uuid, struct virt_vol **out, int *n,
                       struct dv_error *err);

/* Create the volume of xml in the pool uuid, empty or (from_path not NULL)
 * as a copy of the volume at from_path flattened into one file
 * (virStorageVolCreateXMLFrom); out gets what the host made. */
bool virt_vol_create(struct virt_conn *c, const char *pool_uuid, const char *xml,
                     const char *from_path, struct virt_vol *out, struct dv_error *err);

/* What the host says about the volume at path. */
bool virt_vol_get(struct virt_conn *c, const char *path, struct virt_vol *out,
                  struct dv_error *err);

/* Grow the volume at path to capacity bytes (never shrinks); out gets it. */
bool virt_vol_resize(struct virt_conn *c, const char *path, long long capacity,
                     struct virt_vol *out, struct dv_error *err);

/* Delete the volume at path and its data; true when it is not there. */
bool virt_vol_delete(struct virt_conn *c, const char *path, struct dv_error *err);

#endif
