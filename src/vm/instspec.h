/* instspec.h - the typed definition of a VM instance (manual 11.3, spec
 * part 2 M11.3i ... M11.3n): what the six editor steps fill in, what the
 * instance rows hold, and what the domain XML builder (xml/domainxml.h)
 * reads.  Curses-free, database-free: values only.
 *
 * Choices are small enums with a table of their libvirt words
 * (instspec_word / instspec_parse_word); the editor's labels are the words
 * themselves except where the manual translates them (instspec_label). */
#ifndef DV_INSTSPEC_H
#define DV_INSTSPEC_H

#include "base/dv.h"

#define INSTANCE_NAME_MAX         64
#define INSTANCE_VCPU_MIN         1
#define INSTANCE_VCPU_MAX         255
#define INSTANCE_DISK_MAX         4 /* "A VM supports at most four disks" */
#define INSTANCE_BOOT_MAX         4
#define INSTANCE_HOST_RESERVE_MIB 512 /* "at least 512 MB is kept for the host system" */
#define INSTANCE_GFX_PORT_MIN     5900
#define INSTANCE_MAC_MAX          18
#define INSTANCE_DEV_MAX          16

/* Every choice of the editor, each with its word table in instspec.c. */
enum inst_choice {
    IC_ARCH,       /* i686 x86_64 */
    IC_HYPERVISOR, /* kvm qemu */
    IC_BOOT,       /* cdrom hd fd network */
    IC_RESOURCE,   /* file volume */
    IC_DEVICE,     /* disk cdrom */
    IC_POLICY,     /* "" mandatory requisite optional */
    IC_BUS,        /* ide scsi virtio usb sata */
    IC_CACHE,      /* default none writethrough writeback directsync unsafe */
    IC_GFX,        /* vnc spice */
    IC_SHARE,      /* allow-exclusive force-shared ignore */
    IC_MODE,       /* any insecure secure */
    IC_IMAGE,      /* "" auto_glz auto_lz quic glz lz off */
    IC_WAN,        /* "" auto never always (jpeg, zlib) */
    IC_STREAMING,  /* "" filter all off */
    IC_MODEL,      /* rtl8139 e1000 virtio ne2k_pci pcnet (OP-37) */
    IC_CHANNEL,    /* main display inputs cursor playback record smartcard usbredir */
    IC_COUNT
};

/* The libvirt word of value v of choice c ("" for an unset value), NULL
 * out of range. */
const char *instspec_word(enum inst_choice c, int v);
/* The value whose word is w, or -1. */
int instspec_parse_word(enum inst_choice c, const char *w);
/* How many values choice c has. */
int instspec_count(enum inst_choice c);
/* All the words of choice c, NULL-terminated (the editor's choice lists);
 * NULL out of range. */
const char *const *instspec_words(enum inst_choice c);

enum inst_arch { ARCH_I686, ARCH_X86_64 };
enum inst_hv { HV_KVM, HV_QEMU };
enum inst_boot { BOOT_CDROM, BOOT_HD, BOOT_FD, BOOT_NETWORK };
enum inst_resource { RES_FILE, RES_VOLUME };
enum inst_device { DEV_DISK, DEV_CDROM };
enum inst_policy { POLICY_UNSET, POLICY_MANDATORY, POLICY_REQUISITE, POLICY_OPTIONAL };
enum inst_bus { BUS_IDE, BUS_SCSI, BUS_VIRTIO, BUS_USB, BUS_SATA };
enum inst_cache {
    CACHE_DEFAULT,
    CACHE_NONE,
    CACHE_WRITETHROUGH,
    CACHE_WRITEBACK,
    CACHE_DIRECTSYNC,
    CACHE_UNSAFE
};
enum inst_gfx { GFX_VNC, GFX_SPICE };
enum inst_share { SHARE_ALLOW_EXCLUSIVE, SHARE_FORCE_SHARED, SHARE_IGNORE };
enum inst_mode { MODE_ANY, MODE_INSECURE, MODE_SECURE };
enum inst_image {
    IMAGE_UNSET,
    IMAGE_AUTO_GLZ,
    IMAGE_AUTO_LZ,
    IMAGE_QUIC,
    IMAGE_GLZ,
    IMAGE_LZ,
    IMAGE_OFF
};
enum inst_wan { WAN_UNSET, WAN_AUTO, WAN_NEVER, WAN_ALWAYS };
enum inst_streaming { STREAM_UNSET, STREAM_FILTER, STREAM_ALL, STREAM_OFF };
enum inst_model { MODEL_RTL8139, MODEL_E1000, MODEL_VIRTIO, MODEL_NE2K_PCI, MODEL_PCNET };

/* M11.3j: one disk device.  A file disk names an image (image_id), a volume
 * disk a volume of a pool (volume_id); the other id is 0. */
struct inst_disk {
    enum inst_resource resource;
    enum inst_device device;
    int64_t image_id;
    int64_t volume_id;
    enum inst_policy policy;
    bool relabel;
    enum inst_bus bus;
    char dev[INSTANCE_DEV_MAX]; /* hda, sdb, vdc ... */
    bool tray_open;             /* cdrom only */
    bool removable;             /* usb bus only */
    bool readonly;
    enum inst_cache cache;
    bool copy_on_read;
};

/* M11.3k: a SPICE channel. */
struct inst_channel {
    int name; /* an IC_CHANNEL value */
    enum inst_mode mode;
};

/* M11.3k: the graphics device. */
struct inst_graphics {
    enum inst_gfx type;
    bool autoport;
    int port;                      /* ≥ 5900 when not autoport, else 0 */
    char *passwd;                  /* plain text while in memory, "" = none */
    int64_t valid_to;              /* epoch seconds, 0 = none */
    bool keep;                     /* keep connections on a password change (OP-36) */
    enum inst_share share;         /* vnc */
    char *listen;                  /* an IP address, "" = libvirt's default */
    int tls_port;                  /* spice: 1-65535, -1 = auto */
    enum inst_mode default_mode;   /* spice */
    struct inst_channel *channels; /* spice */
    int nchannels;
    enum inst_image image; /* spice */
    enum inst_wan jpeg, zlib;
    int playback; /* -1 unset, 0 off, 1 on */
    enum inst_streaming streaming;
    bool filetransfer; /* spice, default on */
};

/* M11.3l: a network interface. */
struct inst_nic {
    int64_t network_id;
    char *portgroup;            /* "" = the network's default group */
    char mac[INSTANCE_MAC_MAX]; /* "" = generated (M11.3l's MAC rule) */
    char *target_dev;           /* "" or vnetN / tunN / tapN */
    int64_t secgroup_id;        /* 0 = none */
    enum inst_model model;
    bool link_up;
};

/* A whole instance definition; owned strings and arrays (instspec_clear). */
struct inst_spec {
    int64_t project_id;
    char *name_en, *name_zh;
    /* M11.3i */
    int vcpus;
    int64_t memory_mib;
    bool memory_gb; /* the unit the editor shows (OP-32); memory_mib is the value */
    enum inst_arch arch;
    enum inst_hv hypervisor;
    char *machine; /* "" = the host's default, e.g. pc */
    enum inst_boot boot[INSTANCE_BOOT_MAX];
    int nboot;
    bool bootmenu;
    int bootmenu_timeout; /* ms, -1 = none */
    bool bios_serial;
    int reboot_timeout; /* ms, -1 = no reboot */
    bool tablet;
    /* M11.3j */
    struct inst_disk disks[INSTANCE_DISK_MAX];
    int ndisks;
    /* M11.3k */
    struct inst_graphics gfx;
    /* M11.3l */
    struct inst_nic *nics;
    int nnics;
    /* M11.3m */
    int64_t bound_host_id, bound_group_id; /* 0 = none; at most one set */
    char *custom_domain;                   /* "" or XML rooted in <domain> */
    char *custom_devices;                  /* "" or XML rooted in <devices> */
    /* M11.3n */
    bool unique;
    int64_t version; /* modify: the row_version read with the record */
};

/* The editor's defaults (Table 11-6, OP-39): 1 vCPU, 1 GB, x86_64, kvm,
 * machine "pc", boot from the hard disk, vnc with autoport listening on
 * 0.0.0.0, unique, no disks, no NICs, the default custom XML. */
void instspec_defaults(struct inst_spec *s);
void instspec_clear(struct inst_spec *s);
void instspec_copy(struct inst_spec *out, const struct inst_spec *s);

/* The default "optimisation" and "device" XML of M11.3m (OP-39). */
extern const char INSTSPEC_DEFAULT_DOMAIN_XML[];
extern const char INSTSPEC_DEFAULT_DEVICES_XML[];

/* M11.3j: the device name a disk on bus gets when it is the index-th on
 * that bus family (hd[a-d] for ide, sd[a-z] for scsi/sata/usb, vd[a-z]
 * for virtio): the first such name not used by disks[0..n) other than
 * skip (-1 = none). */
void instspec_disk_dev(const struct inst_disk *disks, int n, int skip, enum inst_bus bus,
                       char out[INSTANCE_DEV_MAX]);

/* A disk, NIC or SPICE channel row as the parts of dosvmctl's repeated
 * instance options ("resource=volume,device=disk,volume=v1,bus=virtio,...",
 * cli/ctl_vm.c reads them back): source is the name of the disk's image or
 * volume, network and secgroup the names of the NIC's (secgroup NULL or ""
 * for none).  g_free the text. */
char *instspec_disk_parts(const struct inst_disk *k, const char *source);
char *instspec_nic_parts(const struct inst_nic *n, const char *network, const char *secgroup);
char *instspec_channel_parts(const struct inst_channel *ch);
/* The same with the names taken from the editor's choice lists
 * (choice_name: a label's name before " ("). */
struct choice_list;
char *instspec_disk_parts_of(const struct inst_disk *k, const struct choice_list *images,
                             const struct choice_list *volumes);
char *instspec_nic_parts_of(const struct inst_nic *n, const struct choice_list *networks,
                            const struct choice_list *secgroups);

#endif
