/* instance.h - the VM instances of a project (manual 11.3, spec part 2
 * M11.3a ... M11.3n): the editor's texts and sub-dialog rows into the typed
 * definition (vm/instspec.h), its rules, and the records.
 *
 * As the other modules: instance_parse reads what the form typed,
 * instance_check applies every rule that needs no other record, and
 * instance_add / instance_modify / instance_delete check everything again
 * with the other records (the project's images, volumes, networks, hosts,
 * host groups and quota) in one BEGIN IMMEDIATE transaction with the audit
 * row; nothing is written when a rule fails.  No libvirt call is made at
 * save (M11.3c): the domain XML is built when a VM is powered on. */
#ifndef DV_INSTANCE_H
#define DV_INSTANCE_H

#include "db/choice.h"
#include "db/db.h"
#include "vm/instspec.h"

/* Keys of the editor's fields, as set in dv_error.field. */
#define INF_NAME_EN          "name_en"
#define INF_NAME_ZH          "name_zh"
#define INF_VCPUS            "vcpus"
#define INF_MEMORY           "memory"
#define INF_MEMORY_UNIT      "memory_unit" /* "MiB" or "GiB" (OP-32; "MB", "GB" read as them) */
#define INF_ARCH             "arch"
#define INF_HYPERVISOR       "hypervisor"
#define INF_MACHINE          "machine"
#define INF_BOOT             "boot" /* words joined by ',' in priority order */
#define INF_BOOTMENU         "bootmenu"
#define INF_BOOTMENU_TIMEOUT "bootmenu_timeout"
#define INF_BIOS_SERIAL      "bios_serial"
#define INF_REBOOT_TIMEOUT   "reboot_timeout"
#define INF_TABLET           "tablet"
#define INF_DISKS            "disks" /* the disk table as a whole */
#define INF_GFX_TYPE         "gfx_type"
#define INF_GFX_AUTOPORT     "gfx_autoport"
#define INF_GFX_PORT         "gfx_port"
#define INF_GFX_PASSWD       "gfx_passwd"
#define INF_GFX_VALID_TO     "gfx_valid_to" /* "YYYY-MM-DD HH:MM:SS" or "" */
#define INF_GFX_KEEP         "gfx_keep"
#define INF_GFX_SHARE        "gfx_share"
#define INF_GFX_LISTEN       "gfx_listen"
#define INF_GFX_TLS_PORT     "gfx_tls_port" /* "" = auto */
#define INF_GFX_MODE         "gfx_mode"
#define INF_GFX_CHANNELS     "gfx_channels"
#define INF_GFX_IMAGE        "gfx_image"
#define INF_GFX_JPEG         "gfx_jpeg"
#define INF_GFX_ZLIB         "gfx_zlib"
#define INF_GFX_PLAYBACK     "gfx_playback" /* "", "1", "0" */
#define INF_GFX_STREAMING    "gfx_streaming"
#define INF_GFX_FILETRANSFER "gfx_filetransfer"
#define INF_NICS             "nics"
#define INF_BOUND_HOST       "bound_host"  /* host id, "" or "0" */
#define INF_BOUND_GROUP      "bound_group" /* host group id, "" or "0" */
#define INF_CUSTOM_DOMAIN    "custom_domain"
#define INF_CUSTOM_DEVICES   "custom_devices"
#define INF_UNIQUE           "unique"
/* the disk dialog */
#define INF_DISK_RESOURCE  "disk_resource"
#define INF_DISK_DEVICE    "disk_device"
#define INF_DISK_IMAGE     "disk_image"  /* image id */
#define INF_DISK_VOLUME    "disk_volume" /* volume id */
#define INF_DISK_POLICY    "disk_policy"
#define INF_DISK_RELABEL   "disk_relabel"
#define INF_DISK_BUS       "disk_bus"
#define INF_DISK_DEV       "disk_dev"
#define INF_DISK_TRAY      "disk_tray" /* "1" = open */
#define INF_DISK_REMOVABLE "disk_removable"
#define INF_DISK_READONLY  "disk_readonly"
#define INF_DISK_CACHE     "disk_cache"
#define INF_DISK_COR       "disk_cor"
/* the NIC dialog */
#define INF_NIC_NETWORK   "nic_network" /* network id */
#define INF_NIC_PORTGROUP "nic_portgroup"
#define INF_NIC_MAC       "nic_mac"
#define INF_NIC_TARGET    "nic_target"
#define INF_NIC_SECGROUP  "nic_secgroup" /* security group id, "" or "0" */
#define INF_NIC_MODEL     "nic_model"
#define INF_NIC_LINK      "nic_link" /* "up" or "down" */
/* the channel dialog */
#define INF_CHANNEL_NAME "channel_name"
#define INF_CHANNEL_MODE "channel_mode"

/* What the editor submits: scalar fields as typed (NULL = ""), choices as
 * their libvirt words, booleans "1"/"0"/""; the tables' rows as their
 * dialogs made them (copied). */
struct instance_input {
    const char *name_en, *name_zh;
    const char *vcpus, *memory, *memory_unit, *arch, *hypervisor, *machine, *boot;
    const char *bootmenu, *bootmenu_timeout, *bios_serial, *reboot_timeout, *tablet;
    const char *gfx_type, *gfx_autoport, *gfx_port, *gfx_passwd, *gfx_valid_to, *gfx_keep;
    const char *gfx_share, *gfx_listen, *gfx_tls_port, *gfx_mode, *gfx_image, *gfx_jpeg;
    const char *gfx_zlib, *gfx_playback, *gfx_streaming, *gfx_filetransfer;
    const char *bound_host, *bound_group, *custom_domain, *custom_devices, *unique;
    const struct inst_disk *disks;
    int ndisks;
    const struct inst_nic *nics;
    int nnics;
    const struct inst_channel *channels;
    int nchannels;
    int64_t project_id; /* sysadm callers (the demo); a project admin's is their project */
    int64_t version;
};

/* The typed definition of what the editor typed (instspec_clear it, also
 * on failure).  False with err naming the field for a number, boolean,
 * word or time that does not read.  The rules are instance_check's. */
bool instance_parse(const struct instance_input *in, struct inst_spec *out, struct dv_error *err);

/* Every rule of the definition that needs no other record: English name
 * (EN-NAME 1-64), Chinese name (1-64), vCPUs 1-255, memory > 0, machine
 * type, boot order without repeats, the timeouts (-1 or 0-65535), at most
 * four disks (each as instance_disk_check, device names unique), graphics
 * (a fixed port 5900-65535, TLS port, listen address, password ≤ 64,
 * SPICE-only parts, channels), NICs (instance_nic_check), bound host XOR
 * bound host group, the user-defined XML rooted in <domain> / <devices>.
 * A failed rule names the step's field.  *warning (may be NULL; g_free)
 * gets advice that is no refusal (a read-only IDE/SATA hard disk). */
bool instance_check(const struct inst_spec *s, char **warning, struct dv_error *err);

/* M11.3j's disk dialog: the texts into *out, checked (instance_disk_check)
 * against the other rows existing[0..n) (skip: the row being edited, -1).
 * An empty device name is generated from the bus (instspec_disk_dev). */
struct instance_disk_input {
    const char *resource, *device, *image, *volume, *policy, *relabel, *bus, *dev, *tray;
    const char *removable, *readonly, *cache, *copy_on_read;
};
bool instance_disk_parse(const struct instance_disk_input *in, const struct inst_disk *existing,
                         int n, int skip, struct inst_disk *out, struct dv_error *err);
/* "file allows disk and cdrom; volume allows disk only"; a file needs an
 * image, a volume a volume; the tray is a CD-ROM's, removable a USB disk's;
 * the device name matches its bus (hd[a-d], sd[a-z], vd[a-z]) and is not
 * one of existing[0..n) but skip. */
bool instance_disk_check(const struct inst_disk *d, const struct inst_disk *existing, int n,
                         int skip, struct dv_error *err);

/* M11.3l's NIC dialog (out owns its strings; instance_nic_clear). */
struct instance_nic_input {
    const char *network, *portgroup, *mac, *target, *secgroup, *model, *link;
};
bool instance_nic_parse(const struct instance_nic_input *in, struct inst_nic *out,
                        struct dv_error *err);
/* a network; a unicast MAC or ""; the tun/tap name ^(vnet|tun|tap)[0-9]+$ or "". */
bool instance_nic_check(const struct inst_nic *n, struct dv_error *err);
void instance_nic_clear(struct inst_nic *n);

/* M11.3k's channel table: a libvirt channel name not among existing[0..n). */
bool instance_channel_parse(const char *name, const char *mode, const struct inst_channel *existing,
                            int n, struct inst_channel *out, struct dv_error *err);

/* ---- records */

struct instance {
    int64_t id;
    struct inst_spec spec; /* spec.version = the row_version */
    char *project;         /* the project's name */
    char *bound_host;      /* its name, "" */
    char *bound_group;     /* its name, "" */
    int nvms;              /* 虚拟机数量 */
    bool active;           /* 管理状态 激活 */
    int64_t created_at;
};

struct instance_page {
    struct instance *rows;
    int n;
    int64_t total;
};

void instance_clear(struct instance *in);
void instance_page_free(struct instance_page *p);

/* The record with its disks, channels and NICs (the VNC/SPICE password
 * opened); DV_ERR_NOTFOUND ("The VM instance no longer exists.") when
 * gone, DV_ERR_DENIED for another project's instance of a project admin. */
bool instance_get(struct db *db, const struct dv_actor *actor, int64_t id, struct instance *out,
                  struct dv_error *err);

/* M11.3a: one page (by id) of the instances of project_id whose Chinese or
 * English name contains name (NULL or "" for all).  The rows carry the
 * scalar fields only (no disks, NICs or channels; no password). */
bool instance_list(struct db *db, int64_t project_id, const char *name, int64_t offset, int limit,
                   struct instance_page *out, struct dv_error *err);

/* ---- choices of the editor (label, id) */

/* OP-38: the hosts in the host groups assigned to the project, or every
 * host when it has none (label "name", on = running). */
bool instance_host_choices(struct db *db, int64_t project_id, struct choice_list *out,
                           struct dv_error *err);
/* The host groups assigned to the project (§7.2.1.3). */
bool instance_group_choices(struct db *db, int64_t project_id, struct choice_list *out,
                            struct dv_error *err);
/* §9.5: the images the project sees (label "name (format, 只读)"). */
bool instance_image_choices(struct db *db, int64_t project_id, struct choice_list *out,
                            struct dv_error *err);
/* §9.4: the volumes of the pools assigned to the project (label
 * "pool/volume"). */
bool instance_volume_choices(struct db *db, int64_t project_id, struct choice_list *out,
                             struct dv_error *err);
/* M10.3: the project's networks (label "English name (Chinese name)"). */
bool instance_network_choices(struct db *db, int64_t project_id, struct choice_list *out,
                              struct dv_error *err);
/* M11.1's Add: the active instances of the project (label "Chinese name
 * (English name)"). */
bool instance_active_choices(struct db *db, int64_t project_id, struct choice_list *out,
                             struct dv_error *err);
/* The port groups of a network (id = position, label = name). */
bool instance_portgroup_choices(struct db *db, int64_t network_id, struct choice_list *out,
                                struct dv_error *err);
/* M10.2.4: the security groups. */
bool instance_secgroup_choices(struct db *db, struct choice_list *out, struct dv_error *err);

/* The hosts a VM of instance id may run on: its bound host, else its bound
 * group's members, else OP-38's project hosts; with what placement needs
 * (vm/placement.h), by name. */
struct instance_host {
    int64_t id;
    char *name, *uri;
    bool live;
    int64_t mem_total_mib, mem_used_mib; /* used: by the VMs running there */
    double load;                         /* cpu_pct, -1 unknown */
};
bool instance_run_hosts(struct db *db, int64_t id, struct instance_host **out, int *n,
                        struct dv_error *err);
void instance_hosts_free(struct instance_host *h, int n);

/* ---- operations */

/* M11.3c / M11.3d: every rule (instance_check; inside the transaction the
 * English name unique in the project, the bound host among
 * instance_host_choices with memory ≤ its memory − 512 MB, the bound group
 * assigned to the project, every image, volume, network, port group and
 * security group one the project may use, and the quota of instances,
 * OP-29), then the record, active, with its children and the audit row.
 * *warning (may be NULL; g_free) gets instance_check's advice and the
 * shared-storage warning of M11.3j (an instance that is not unique with a
 * writable disk no temporary snapshot protects). */
bool instance_add(struct db *db, const struct dv_actor *actor, const struct inst_spec *s,
                  int64_t *id, char **warning, struct dv_error *err);

/* M11.3e: every rule again at s->version (DV_ERR_STALE when changed since);
 * the quota is not counted again; turning "unique" on while the instance
 * has more than one VM is refused.  Changes reach the VMs at their next
 * power-on. */
bool instance_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                     const struct inst_spec *s, char **warning, struct dv_error *err);

/* M11.3f (OP-31): refused while the instance has VMs ("Instance still has
 * VMs"). */
bool instance_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* M11.3g: 管理状态 := 激活 (DV_ERR_INFO when it already is). */
bool instance_activate(struct db *db, const struct dv_actor *actor, int64_t id,
                       struct dv_error *err);

/* The project quota rule of OP-29 for instances: refused when the project
 * has max_instances of them already (0 allows none, OP-10). */
bool instance_quota_check(struct db *db, int64_t project_id, struct dv_error *err);

#endif
