/* volxml.h - the libvirt <volume> XML of a storage volume (M9.4.3) and of an
 * incremental snapshot, a qcow2 overlay on a backing store (M9.4.8.2).  Capacity in
 * bytes, allocation always 0 (sparse, OP-35).  A pure function, golden-file tested
 * (tests/data/vol-*.xml, validated with virt-xml-validate). */
#ifndef DV_VOLXML_H
#define DV_VOLXML_H

#include "base/dv.h"

/* Keys of the volume form fields, as set in dv_error.field. */
#define VLF_NAME           "name_en"
#define VLF_CAPACITY       "capacity"
#define VLF_FORMAT         "format"
#define VLF_MODE           "mode"
#define VLF_OWNER          "owner"
#define VLF_GROUP          "group"
#define VLF_COMPAT         "compat"
#define VLF_LAZY           "lazy_refcounts"
#define VLF_BACKING        "backing_path"
#define VLF_BACKING_FORMAT "backing_format"

/* The volume formats of M9.4.3, NULL-terminated; "qcow2" first (the default). */
extern const char *const vol_formats[];

/* A volume to create.  Strings may be NULL, which means empty.
 *   name*      <name>, the file name
 *   capacity*  bytes, > 0
 *   format*    one of vol_formats; empty with a backing store = qcow2
 *   mode       octal permission such as 0666 (^0?[0-7]{3,4}$), empty = omitted
 *   owner, group  uid and gid, used only when has_owner / has_group (>= 0)
 *   label      MAC label, empty = omitted
 *   compat     qcow2 only: "", "0.10" or "1.1" (ignored for other formats)
 *   lazy_refcounts  qcow2 only: needs compat 1.1; with compat empty 1.1 is implied
 *   backing_path, backing_format  the base of an incremental snapshot: the volume
 *              is then a qcow2 overlay; backing_format is one of vol_formats
 * (* = required) */
struct volxml_spec {
    const char *name;
    long long capacity;
    const char *format;
    const char *mode;
    long long owner, group;
    bool has_owner, has_group;
    const char *label;
    const char *compat;
    bool lazy_refcounts;
    const char *backing_path, *backing_format;
};

/* The <volume> document of v without the XML declaration (g_free it), or NULL with
 * err (DV_ERR_INVALID, field = a VLF_* key) for a missing name, a capacity <= 0, an
 * unknown format or backing format, a bad mode, owner or group, an unknown compat,
 * lazy_refcounts with compat 0.10, or a backing store on a non-qcow2 volume. */
char *volxml_build(const struct volxml_spec *v, struct dv_error *err);

#endif
