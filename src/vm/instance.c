/* instance.c - the editor's texts into an instance definition and its
 * rules without other records (instance.h); the records are instrec.c's. */
#include "vm/instance.h"

#include <arpa/inet.h>
#include <string.h>

#include "base/util.h"
#include "base/validate.h"
#include "xml/domainxml.h"

#define PASSWD_MAX  64
#define MACHINE_MAX 64
#define TIMEOUT_MAX 65535
#define PORT_MAX    65535

static bool blank(const char *s)
{
    return !s || !*s;
}

/* ---------------------------------------------------------------- reading */

/* "1", "0" or "" (= dflt) into *out. */
static bool read_bool(const char *key, const char *label, const char *v, bool dflt, bool *out,
                      struct dv_error *err)
{
    if (blank(v)) {
        *out = dflt;
        return true;
    }
    if (strcmp(v, "1") == 0 || strcmp(v, "0") == 0) {
        *out = v[0] == '1';
        return true;
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be yes or no."), label);
    return false;
}

/* A libvirt word of choice c ("" = dflt) into *out. */
static bool read_word(const char *key, const char *label, enum inst_choice c, const char *v,
                      int dflt, int *out, struct dv_error *err)
{
    int i;

    if (blank(v)) {
        *out = dflt;
        return true;
    }
    i = instspec_parse_word(c, v);
    if (i >= 0) {
        *out = i;
        return true;
    }
    dv_error_set(err, DV_ERR_INVALID, key, _("%s has no value '%s'."), label, v);
    return false;
}

/* A whole number in [min, max] ("" = dflt). */
static bool read_int(const char *key, const char *label, const char *v, long min, long max,
                     long dflt, long *out, struct dv_error *err)
{
    if (blank(v)) {
        *out = dflt;
        return true;
    }
    return validate_int_range(key, label, v, min, max, out, err);
}

/* A picker's id: "", "0" or a positive number. */
static bool read_id(const char *key, const char *label, const char *v, int64_t *out,
                    struct dv_error *err)
{
    long n = 0;

    *out = 0;
    if (!read_int(key, label, v, 0, G_MAXINT32, 0, &n, err))
        return false;
    *out = n;
    return true;
}

static bool read_boot(const char *v, struct inst_spec *s, struct dv_error *err)
{
    char **w = g_strsplit(blank(v) ? "" : v, ",", -1);
    bool ok = true;

    s->nboot = 0;
    for (int i = 0; ok && w[i]; i++) {
        int b;
        char *t = g_strstrip(w[i]);

        if (!*t)
            continue;
        if (s->nboot == INSTANCE_BOOT_MAX) {
            dv_error_set(err, DV_ERR_INVALID, INF_BOOT, "%s",
                         _("Boot devices can name each device only once."));
            ok = false;
        } else if ((ok = read_word(INF_BOOT, _("Boot devices"), IC_BOOT, t, 0, &b, err))) {
            s->boot[s->nboot++] = b;
        }
    }
    g_strfreev(w);
    return ok;
}

static bool read_memory(const struct instance_input *in, struct inst_spec *s, struct dv_error *err)
{
    long n = 0;

    const char *u = in->memory_unit;

    if (blank(u) || strcmp(u, "GiB") == 0 || strcmp(u, "GB") == 0)
        s->memory_gb = true;
    else if (strcmp(u, "MiB") == 0 || strcmp(u, "MB") == 0)
        s->memory_gb = false;
    else {
        dv_error_set(err, DV_ERR_INVALID, INF_MEMORY_UNIT, "%s", _("The unit must be MiB or GiB."));
        return false;
    }
    if (!validate_required(INF_MEMORY, _("Memory size"), in->memory, err) ||
        !validate_int_range(INF_MEMORY, _("Memory size"), in->memory, 1,
                            s->memory_gb ? 1024 * 1024 : 1024L * 1024 * 1024, &n, err))
        return false;
    s->memory_mib = s->memory_gb ? (int64_t)n * 1024 : n;
    return true;
}

static bool read_valid_to(const char *v, int64_t *out, struct dv_error *err)
{
    *out = 0;
    if (blank(v) || dv_parse_time(v, out))
        return true;
    dv_error_set(err, DV_ERR_INVALID, INF_GFX_VALID_TO,
                 _("%s must be a time such as 2026-12-31 23:59:59."), _("Password validity"));
    return false;
}

static bool read_graphics(const struct instance_input *in, struct inst_graphics *g,
                          struct dv_error *err)
{
    long port = 0, tls = -1;
    int type = 0, share = 0, mode = 0, image = 0, jpeg = 0, zlib = 0, stream = 0;
    bool ok = read_word(INF_GFX_TYPE, _("Remote desktop type"), IC_GFX, in->gfx_type, GFX_VNC,
                        &type, err) &&
              read_bool(INF_GFX_AUTOPORT, _("Allocate the port automatically"), in->gfx_autoport,
                        true, &g->autoport, err) &&
              read_int(INF_GFX_PORT, _("TCP port"), in->gfx_port, 0, PORT_MAX, 0, &port, err) &&
              read_valid_to(in->gfx_valid_to, &g->valid_to, err) &&
              read_bool(INF_GFX_KEEP, _("Keep connections when the password changes"), in->gfx_keep,
                        false, &g->keep, err) &&
              read_word(INF_GFX_SHARE, _("Share policy"), IC_SHARE, in->gfx_share,
                        SHARE_ALLOW_EXCLUSIVE, &share, err) &&
              read_int(INF_GFX_TLS_PORT, _("Secure port"), in->gfx_tls_port, 1, PORT_MAX, -1, &tls,
                       err) &&
              read_word(INF_GFX_MODE, _("Default channel security"), IC_MODE, in->gfx_mode,
                        MODE_ANY, &mode, err) &&
              read_word(INF_GFX_IMAGE, _("Image compression"), IC_IMAGE, in->gfx_image, IMAGE_UNSET,
                        &image, err) &&
              read_word(INF_GFX_JPEG, _("JPEG compression"), IC_WAN, in->gfx_jpeg, WAN_UNSET, &jpeg,
                        err) &&
              read_word(INF_GFX_ZLIB, _("zlib compression"), IC_WAN, in->gfx_zlib, WAN_UNSET, &zlib,
                        err) &&
              read_word(INF_GFX_STREAMING, _("Streaming mode"), IC_STREAMING, in->gfx_streaming,
                        STREAM_UNSET, &stream, err) &&
              read_bool(INF_GFX_FILETRANSFER, _("File transfer"), in->gfx_filetransfer, true,
                        &g->filetransfer, err);

    if (!ok)
        return false;
    g->type = type;
    g->port = g->autoport ? 0 : (int)port;
    g->tls_port = (int)tls;
    g->share = share;
    g->default_mode = mode;
    g->image = image;
    g->jpeg = jpeg;
    g->zlib = zlib;
    g->streaming = stream;
    if (blank(in->gfx_playback))
        g->playback = -1;
    else if (strcmp(in->gfx_playback, "1") == 0 || strcmp(in->gfx_playback, "0") == 0)
        g->playback = in->gfx_playback[0] == '1';
    else {
        dv_error_set(err, DV_ERR_INVALID, INF_GFX_PLAYBACK, _("%s must be on, off or unset."),
                     _("Audio compression"));
        return false;
    }
    g_free(g->passwd);
    g->passwd = g_strdup(in->gfx_passwd ? in->gfx_passwd : "");
    g_free(g->listen);
    g->listen = dv_strtrim(in->gfx_listen ? in->gfx_listen : "");
    g_free(g->channels);
    g->nchannels = in->nchannels;
    g->channels =
        in->nchannels ? g_memdup2(in->channels, sizeof *in->channels * in->nchannels) : NULL;
    return true;
}

static bool read_basic(const struct instance_input *in, struct inst_spec *s, struct dv_error *err)
{
    long vcpus = 0, bmt = -1, rbt = -1;
    int arch = 0, hv = 0;
    bool ok = validate_required(INF_VCPUS, _("Number of vCPUs"), in->vcpus, err) &&
              validate_int_range(INF_VCPUS, _("Number of vCPUs"), in->vcpus, INSTANCE_VCPU_MIN,
                                 INSTANCE_VCPU_MAX, &vcpus, err) &&
              read_memory(in, s, err) &&
              read_word(INF_ARCH, _("Machine"), IC_ARCH, in->arch, ARCH_X86_64, &arch, err) &&
              read_word(INF_HYPERVISOR, _("Hypervisor"), IC_HYPERVISOR, in->hypervisor, HV_KVM, &hv,
                        err) &&
              read_boot(in->boot, s, err) &&
              read_bool(INF_BOOTMENU, _("Boot menu"), in->bootmenu, false, &s->bootmenu, err) &&
              read_int(INF_BOOTMENU_TIMEOUT, _("Boot timeout (ms)"), in->bootmenu_timeout, -1,
                       TIMEOUT_MAX, -1, &bmt, err) &&
              read_bool(INF_BIOS_SERIAL, _("Serial console in the BIOS"), in->bios_serial, false,
                        &s->bios_serial, err) &&
              read_int(INF_REBOOT_TIMEOUT, _("Reboot timeout (ms)"), in->reboot_timeout, -1,
                       TIMEOUT_MAX, -1, &rbt, err) &&
              read_bool(INF_TABLET, _("Tablet-mode mouse"), in->tablet, false, &s->tablet, err);

    if (!ok)
        return false;
    s->vcpus = (int)vcpus;
    s->arch = arch;
    s->hypervisor = hv;
    s->bootmenu_timeout = (int)bmt;
    s->reboot_timeout = (int)rbt;
    return true;
}

bool instance_parse(const struct instance_input *in, struct inst_spec *out, struct dv_error *err)
{
    instspec_defaults(out);
    g_free(out->name_en);
    out->name_en = dv_strtrim(in->name_en ? in->name_en : "");
    g_free(out->name_zh);
    out->name_zh = dv_strtrim(in->name_zh ? in->name_zh : "");
    g_free(out->machine);
    out->machine = dv_strtrim(in->machine ? in->machine : "");
    g_free(out->custom_domain);
    out->custom_domain = g_strdup(in->custom_domain ? in->custom_domain : "");
    g_free(out->custom_devices);
    out->custom_devices = g_strdup(in->custom_devices ? in->custom_devices : "");
    out->project_id = in->project_id;
    out->version = in->version;
    if (in->ndisks > INSTANCE_DISK_MAX || in->ndisks < 0) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISKS, "%s", _("At most 4 disks are supported."));
        return false;
    }
    if (in->ndisks)
        memcpy(out->disks, in->disks, sizeof *in->disks * (size_t)in->ndisks);
    out->ndisks = in->ndisks;
    out->nics = in->nnics ? g_new0(struct inst_nic, in->nnics) : NULL;
    for (int i = 0; i < in->nnics; i++) {
        out->nics[i] = in->nics[i];
        out->nics[i].portgroup = g_strdup(in->nics[i].portgroup ? in->nics[i].portgroup : "");
        out->nics[i].target_dev = g_strdup(in->nics[i].target_dev ? in->nics[i].target_dev : "");
    }
    out->nnics = in->nnics;
    return read_basic(in, out, err) && read_graphics(in, &out->gfx, err) &&
           read_id(INF_BOUND_HOST, _("Bound host"), in->bound_host, &out->bound_host_id, err) &&
           read_id(INF_BOUND_GROUP, _("Bound host group"), in->bound_group, &out->bound_group_id,
                   err) &&
           read_bool(INF_UNIQUE, _("Unique VM"), in->unique, true, &out->unique, err);
}

/* ---------------------------------------------------------------- rules */

static bool en_name(const char *key, const char *label, const char *v, struct dv_error *err)
{
    return validate_required(key, label, v, err) && validate_account(key, label, v, err);
}

static bool check_basic(const struct inst_spec *s, struct dv_error *err)
{
    if (!en_name(INF_NAME_EN, _("Instance English name"), s->name_en, err) ||
        !validate_required(INF_NAME_ZH, _("Chinese name"), s->name_zh, err) ||
        !validate_text(INF_NAME_ZH, _("Chinese name"), s->name_zh, err) ||
        !validate_length(INF_NAME_ZH, _("Chinese name"), s->name_zh, 1, INSTANCE_NAME_MAX, err))
        return false;
    if (s->vcpus < INSTANCE_VCPU_MIN || s->vcpus > INSTANCE_VCPU_MAX) {
        dv_error_set(err, DV_ERR_INVALID, INF_VCPUS, "%s", _("vCPUs must be 1-255."));
        return false;
    }
    if (s->memory_mib <= 0) {
        dv_error_set(err, DV_ERR_INVALID, INF_MEMORY, _("%s must be more than 0."),
                     _("Memory size"));
        return false;
    }
    if (!validate_length(INF_MACHINE, _("Machine type"), s->machine, 0, MACHINE_MAX, err))
        return false;
    for (const char *p = s->machine; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("._-", *p)) {
            dv_error_set(err, DV_ERR_INVALID, INF_MACHINE,
                         _("%s may contain only letters, digits, '-', '_' and '.'."),
                         _("Machine type"));
            return false;
        }
    for (int i = 0; i < s->nboot; i++)
        for (int j = 0; j < i; j++)
            if (s->boot[i] == s->boot[j]) {
                dv_error_set(err, DV_ERR_INVALID, INF_BOOT, "%s",
                             _("Boot devices can name each device only once."));
                return false;
            }
    if (s->bootmenu_timeout < -1 || s->bootmenu_timeout > TIMEOUT_MAX || s->reboot_timeout < -1 ||
        s->reboot_timeout > TIMEOUT_MAX) {
        dv_error_set(err, DV_ERR_INVALID,
                     s->bootmenu_timeout < -1 || s->bootmenu_timeout > TIMEOUT_MAX
                         ? INF_BOOTMENU_TIMEOUT
                         : INF_REBOOT_TIMEOUT,
                     "%s", _("A timeout must be -1 or 0 to 65535 ms."));
        return false;
    }
    return true;
}

/* The bus a device name belongs to: "hd" ide (a-d), "vd" virtio, "sd" others. */
static bool dev_matches_bus(const char *dev, enum inst_bus bus)
{
    const char *prefix = bus == BUS_IDE ? "hd" : bus == BUS_VIRTIO ? "vd" : "sd";
    char last = bus == BUS_IDE ? 'd' : 'z';

    return strlen(dev) == 3 && strncmp(dev, prefix, 2) == 0 && dev[2] >= 'a' && dev[2] <= last;
}

bool instance_disk_check(const struct inst_disk *d, const struct inst_disk *existing, int n,
                         int skip, struct dv_error *err)
{
    if (d->resource == RES_VOLUME && d->device != DEV_DISK) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISK_DEVICE, "%s",
                     _("A volume can only be a disk, not a CD-ROM."));
        return false;
    }
    if (d->resource == RES_FILE && !d->image_id) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISK_IMAGE, _("%s is required."), _("Image file"));
        return false;
    }
    if (d->resource == RES_VOLUME && !d->volume_id) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISK_VOLUME, _("%s is required."),
                     _("Storage volume"));
        return false;
    }
    if (d->tray_open && d->device != DEV_CDROM) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISK_TRAY, "%s",
                     _("Only a CD-ROM has a tray to open."));
        return false;
    }
    if (d->removable && d->bus != BUS_USB) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISK_REMOVABLE, "%s",
                     _("Only a disk on the usb bus can be removable."));
        return false;
    }
    if (!dev_matches_bus(d->dev, d->bus)) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISK_DEV,
                     _("The device name '%s' does not fit the %s bus (hda-hdd for ide, vda-vdz "
                       "for virtio, sda-sdz for the others)."),
                     d->dev, instspec_word(IC_BUS, d->bus));
        return false;
    }
    for (int i = 0; i < n; i++)
        if (i != skip && strcmp(existing[i].dev, d->dev) == 0) {
            dv_error_set(err, DV_ERR_EXISTS, INF_DISK_DEV,
                         _("The device name '%s' is used by another disk of the instance."),
                         d->dev);
            return false;
        }
    return true;
}

bool instance_disk_parse(const struct instance_disk_input *in, const struct inst_disk *existing,
                         int n, int skip, struct inst_disk *out, struct dv_error *err)
{
    int res = 0, dev = 0, pol = 0, bus = 0, cache = 0;
    bool ok;

    memset(out, 0, sizeof *out);
    if (skip < 0 && n >= INSTANCE_DISK_MAX) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISKS, "%s", _("At most 4 disks are supported."));
        return false;
    }
    ok =
        read_word(INF_DISK_RESOURCE, _("Resource type"), IC_RESOURCE, in->resource, RES_FILE, &res,
                  err) &&
        read_word(INF_DISK_DEVICE, _("Device type"), IC_DEVICE, in->device, DEV_DISK, &dev, err) &&
        read_id(INF_DISK_IMAGE, _("Image file"), in->image, &out->image_id, err) &&
        read_id(INF_DISK_VOLUME, _("Storage volume"), in->volume, &out->volume_id, err) &&
        read_word(INF_DISK_POLICY, _("Startup policy"), IC_POLICY, in->policy, POLICY_UNSET, &pol,
                  err) &&
        read_bool(INF_DISK_RELABEL, _("Relabel the security label"), in->relabel, false,
                  &out->relabel, err) &&
        read_word(INF_DISK_BUS, _("Bus"), IC_BUS, in->bus, BUS_IDE, &bus, err) &&
        read_bool(INF_DISK_TRAY, _("Tray state"), in->tray, false, &out->tray_open, err) &&
        read_bool(INF_DISK_REMOVABLE, _("Removable"), in->removable, false, &out->removable, err) &&
        read_bool(INF_DISK_READONLY, _("Read-only"), in->readonly, dev == DEV_CDROM, &out->readonly,
                  err) &&
        read_word(INF_DISK_CACHE, _("Cache mode"), IC_CACHE, in->cache, CACHE_WRITEBACK, &cache,
                  err) &&
        read_bool(INF_DISK_COR, _("Copy on read"), in->copy_on_read, false, &out->copy_on_read,
                  err);
    if (!ok)
        return false;
    out->resource = res;
    out->device = dev;
    out->policy = pol;
    out->bus = bus;
    out->cache = cache;
    if (res == RES_FILE)
        out->volume_id = 0;
    else
        out->image_id = 0;
    if (blank(in->dev))
        instspec_disk_dev(existing, n, skip, out->bus, out->dev);
    else
        g_strlcpy(out->dev, in->dev, sizeof out->dev);
    return instance_disk_check(out, existing, n, skip, err);
}

/* 00:16:3e:3e:a9:1a: six pairs of hex digits; not a multicast address */
static bool mac_valid(const char *m)
{
    if (strlen(m) != 17)
        return false;
    for (int i = 0; i < 17; i++)
        if (i % 3 == 2 ? m[i] != ':' : !g_ascii_isxdigit(m[i]))
            return false;
    return (g_ascii_xdigit_value(m[1]) & 1) == 0;
}

static bool tap_name_valid(const char *t)
{
    static const char *const prefixes[] = {"vnet", "tun", "tap"};

    for (size_t i = 0; i < G_N_ELEMENTS(prefixes); i++) {
        size_t l = strlen(prefixes[i]);

        if (strncmp(t, prefixes[i], l) == 0 && t[l] && strlen(t) <= 15 &&
            strspn(t + l, "0123456789") == strlen(t + l))
            return true;
    }
    return false;
}

bool instance_nic_check(const struct inst_nic *n, struct dv_error *err)
{
    if (!n->network_id) {
        dv_error_set(err, DV_ERR_INVALID, INF_NIC_NETWORK, _("%s is required."), _("Network"));
        return false;
    }
    if (*n->mac && !mac_valid(n->mac)) {
        dv_error_set(err, DV_ERR_INVALID, INF_NIC_MAC,
                     _("%s must be a unicast MAC address such as 00:16:3e:3e:a9:1a."),
                     _("MAC address"));
        return false;
    }
    if (n->target_dev && *n->target_dev && !tap_name_valid(n->target_dev)) {
        dv_error_set(err, DV_ERR_INVALID, INF_NIC_TARGET, "%s",
                     _("The tun/tap device name must be vnetN, tunN or tapN."));
        return false;
    }
    if ((unsigned)n->model >= (unsigned)instspec_count(IC_MODEL)) {
        dv_error_set(err, DV_ERR_INVALID, INF_NIC_MODEL, "%s", _("The NIC model is unknown."));
        return false;
    }
    return true;
}

bool instance_nic_parse(const struct instance_nic_input *in, struct inst_nic *out,
                        struct dv_error *err)
{
    int model = 0;
    char *mac = dv_strtrim(in->mac ? in->mac : "");
    bool ok;

    memset(out, 0, sizeof *out);
    out->link_up = true;
    ok = read_id(INF_NIC_NETWORK, _("Network"), in->network, &out->network_id, err) &&
         read_id(INF_NIC_SECGROUP, _("Security group"), in->secgroup, &out->secgroup_id, err) &&
         read_word(INF_NIC_MODEL, _("NIC model"), IC_MODEL, in->model, MODEL_RTL8139, &model, err);
    if (ok && !blank(in->link) && strcmp(in->link, "up") != 0) {
        if (strcmp(in->link, "down") == 0)
            out->link_up = false;
        else {
            dv_error_set(err, DV_ERR_INVALID, INF_NIC_LINK, "%s",
                         _("The virtual link state must be up or down."));
            ok = false;
        }
    }
    if (ok && strlen(mac) >= sizeof out->mac) {
        dv_error_set(err, DV_ERR_INVALID, INF_NIC_MAC,
                     _("%s must be a unicast MAC address such as 00:16:3e:3e:a9:1a."),
                     _("MAC address"));
        ok = false;
    }
    if (ok)
        g_strlcpy(out->mac, mac, sizeof out->mac);
    g_free(mac);
    out->model = model;
    out->portgroup = dv_strtrim(in->portgroup ? in->portgroup : "");
    out->target_dev = dv_strtrim(in->target ? in->target : "");
    return ok && instance_nic_check(out, err);
}

void instance_nic_clear(struct inst_nic *n)
{
    g_free(n->portgroup);
    g_free(n->target_dev);
    memset(n, 0, sizeof *n);
}

bool instance_channel_parse(const char *name, const char *mode, const struct inst_channel *existing,
                            int n, struct inst_channel *out, struct dv_error *err)
{
    int nm = 0, md = 0;

    if (!validate_required(INF_CHANNEL_NAME, _("Channel name"), name, err) ||
        !read_word(INF_CHANNEL_NAME, _("Channel name"), IC_CHANNEL, name, 0, &nm, err) ||
        !read_word(INF_CHANNEL_MODE, _("Channel security"), IC_MODE, mode, MODE_ANY, &md, err))
        return false;
    for (int i = 0; i < n; i++)
        if (existing[i].name == nm) {
            dv_error_set(err, DV_ERR_EXISTS, INF_CHANNEL_NAME,
                         _("The channel '%s' is already in the table."), name);
            return false;
        }
    out->name = nm;
    out->mode = md;
    return true;
}

static bool check_graphics(const struct inst_graphics *g, struct dv_error *err)
{
    unsigned char buf[16];

    if (!g->autoport && (g->port < INSTANCE_GFX_PORT_MIN || g->port > PORT_MAX)) {
        dv_error_set(err, DV_ERR_INVALID, INF_GFX_PORT,
                     _("The TCP port must be between %d and %d when it is not allocated "
                       "automatically."),
                     INSTANCE_GFX_PORT_MIN, PORT_MAX);
        return false;
    }
    if (g->tls_port != -1 && (g->tls_port < 1 || g->tls_port > PORT_MAX)) {
        dv_error_set(err, DV_ERR_INVALID, INF_GFX_TLS_PORT, _("%s must be between %ld and %ld."),
                     _("Secure port"), 1L, (long)PORT_MAX);
        return false;
    }
    if (!validate_text(INF_GFX_PASSWD, _("Password"), g->passwd, err) ||
        !validate_length(INF_GFX_PASSWD, _("Password"), g->passwd, 0, PASSWD_MAX, err))
        return false;
    if (*g->listen && inet_pton(AF_INET, g->listen, buf) != 1 &&
        inet_pton(AF_INET6, g->listen, buf) != 1) {
        dv_error_set(err, DV_ERR_INVALID, INF_GFX_LISTEN, "%s",
                     _("The listen address must be an IPv4 or IPv6 address."));
        return false;
    }
    if (g->type == GFX_VNC &&
        (g->nchannels || g->tls_port != -1 || g->default_mode != MODE_ANY ||
         g->image != IMAGE_UNSET || g->jpeg != WAN_UNSET || g->zlib != WAN_UNSET ||
         g->playback != -1 || g->streaming != STREAM_UNSET || !g->filetransfer)) {
        dv_error_set(err, DV_ERR_INVALID, INF_GFX_TYPE, "%s",
                     _("Channels, the secure port and the compression settings are spice's; vnc "
                       "has none of them."));
        return false;
    }
    for (int i = 0; i < g->nchannels; i++)
        for (int j = 0; j < i; j++)
            if (g->channels[i].name == g->channels[j].name) {
                dv_error_set(err, DV_ERR_EXISTS, INF_GFX_CHANNELS,
                             _("The channel '%s' is already in the table."),
                             instspec_word(IC_CHANNEL, g->channels[i].name));
                return false;
            }
    return true;
}

bool instance_check(const struct inst_spec *s, char **warning, struct dv_error *err)
{
    GString *w = g_string_new("");
    bool ok = check_basic(s, err);

    if (warning)
        *warning = NULL;
    if (ok && s->ndisks > INSTANCE_DISK_MAX) {
        dv_error_set(err, DV_ERR_INVALID, INF_DISKS, "%s", _("At most 4 disks are supported."));
        ok = false;
    }
    for (int i = 0; ok && i < s->ndisks; i++) {
        const struct inst_disk *d = &s->disks[i];

        ok = instance_disk_check(d, s->disks, s->ndisks, i, err);
        if (ok && d->readonly && d->device == DEV_DISK && (d->bus == BUS_IDE || d->bus == BUS_SATA))
            g_string_append_printf(w,
                                   _("libvirt refuses a read-only hard disk on the %s bus (%s)."),
                                   instspec_word(IC_BUS, d->bus), d->dev);
    }
    ok = ok && check_graphics(&s->gfx, err);
    for (int i = 0; ok && i < s->nnics; i++)
        ok = instance_nic_check(&s->nics[i], err);
    if (ok && s->bound_host_id && s->bound_group_id) {
        dv_error_set(err, DV_ERR_INVALID, INF_BOUND_GROUP, "%s",
                     _("Bound host and bound host group are mutually exclusive."));
        ok = false;
    }
    ok = ok && domainxml_check_custom(s->custom_domain, "domain", INF_CUSTOM_DOMAIN, err) &&
         domainxml_check_custom(s->custom_devices, "devices", INF_CUSTOM_DEVICES, err);
    if (ok && warning && w->len)
        *warning = g_string_free(g_steal_pointer(&w), FALSE);
    if (w)
        g_string_free(w, TRUE);
    return ok;
}
