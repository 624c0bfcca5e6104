/* poolxml.h - the libvirt <pool> XML of a storage pool (M9.2, M9.3.2.1-M9.3.2.6):
 * the six pool types of the console, each mapped to a libvirt pool type, with the
 * source section of its type and the target path.  A pure function, golden-file
 * tested (tests/data/pool-*.xml, validated with virt-xml-validate). */
#ifndef DV_POOLXML_H
#define DV_POOLXML_H

#include "base/dv.h"

/* Keys of the pool form fields, as set in dv_error.field. */
#define PLF_UUID        "uuid"
#define PLF_NAME        "name"
#define PLF_TYPE        "type"
#define PLF_TARGET      "target_path"
#define PLF_HOST        "source_host"
#define PLF_PORT        "source_port"
#define PLF_DIR         "source_dir"
#define PLF_FORMAT      "source_format"
#define PLF_DEVICE      "source_device"
#define PLF_AUTH_USER   "auth_user"
#define PLF_AUTH_SECRET "auth_secret"
#define PLF_DEVICES     "source_devices"

/* The console's pool types, in the manual's order (M9.2).  Stored by value. */
enum pool_type {
    POOL_DOSDIR,  /* 数字有机体目录池: libvirt dir under the shared FS root (D8) */
    POOL_NETFS,   /* 网络文件系统池: netfs */
    POOL_ISCSI,   /* iSCSI池: iscsi */
    POOL_HOSTDIR, /* 宿主机文件目录池: dir on one host */
    POOL_LOGICAL, /* 逻辑卷池: logical (an existing VG) */
    POOL_DISK,    /* 磁盘卷池: disk (one whole disk device) */
    POOL_TYPE_COUNT
};

/* What the console knows about a pool type (the M9.2 table and capability matrix). */
struct pool_type_info {
    enum pool_type type;
    const char *libvirt;      /* <pool type='...'> */
    const char *label;        /* manual label, marked N_(): translate with _() */
    const char *fixed_target; /* the only allowed target path, or NULL */
    bool host_bound;          /* defined only on its bound host */
    bool files;               /* volumes are files: create, extend, snapshot allowed */
};

/* All types, indexed by enum pool_type. */
extern const struct pool_type_info pool_types[POOL_TYPE_COUNT];

/* The entry of t, or NULL when t is out of range. */
const struct pool_type_info *pool_type_info(enum pool_type t);

/* The libvirt pool type of t ("dir", "netfs", ...), or NULL when t is out of range. */
const char *pool_type_libvirt(enum pool_type t);

/* A pool as the console stores it.  Strings may be NULL, which means empty.
 * Which parts a type uses (the others are ignored):
 *   all      uuid*, name*, target_path* (iSCSI: /dev/disk/by-path, disk: /dev; empty =
 *            that value), vendor, product (omitted when empty)
 *   netfs    host*, port (0 = omitted), source_dir*, format (auto, nfs, glusterfs,
 *            cifs; empty = auto)
 *   iscsi    host*, port (0 = 3260), device* (the target IQN), auth_user and
 *            auth_secret_usage (the usage of an iscsi secret): both or neither (CHAP)
 *   disk     device* (e.g. /dev/sdb), format (dos, gpt, dvh, mac, bsd, pc98, sun,
 *            lvm2; empty = dos)
 *   logical  vg_name (empty = name), devices[0..n_devices) (format is always lvm2)
 * (* = required) */
struct poolxml_spec {
    const char *uuid;
    const char *name;
    enum pool_type type;
    const char *target_path;
    const char *vendor, *product;
    const char *host;
    int port;
    const char *source_dir;
    const char *format;
    const char *device;
    const char *auth_user, *auth_secret_usage;
    const char *vg_name;
    const char *const *devices;
    size_t n_devices;
};

/* The <pool type='...'> document of p without the XML declaration (g_free it), or
 * NULL with err (DV_ERR_INVALID, field = a PLF_* key) for an unknown type, a missing
 * required part, a port outside 1-65535, an unknown format, a half-given CHAP
 * authentication, or a target other than the fixed one of the type. */
char *poolxml_build(const struct poolxml_spec *p, struct dv_error *err);

#endif
