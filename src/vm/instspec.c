/* instspec.c - the word tables, defaults and copies of an instance
 * definition (instspec.h) */
#include "vm/instspec.h"
#include "db/choice.h"

#include <string.h>

static const char *const arch_words[] = {"i686", "x86_64", NULL};
static const char *const hv_words[] = {"kvm", "qemu", NULL};
static const char *const boot_words[] = {"cdrom", "hd", "fd", "network", NULL};
static const char *const resource_words[] = {"file", "volume", NULL};
static const char *const device_words[] = {"disk", "cdrom", NULL};
static const char *const policy_words[] = {"", "mandatory", "requisite", "optional", NULL};
static const char *const bus_words[] = {"ide", "scsi", "virtio", "usb", "sata", NULL};
static const char *const cache_words[] = {
    "default", "none", "writethrough", "writeback", "directsync", "unsafe", NULL};
static const char *const gfx_words[] = {"vnc", "spice", NULL};
static const char *const share_words[] = {"allow-exclusive", "force-shared", "ignore", NULL};
static const char *const mode_words[] = {"any", "insecure", "secure", NULL};
static const char *const image_words[] = {"",    "auto_glz", "auto_lz", "quic",
                                          "glz", "lz",       "off",     NULL};
static const char *const wan_words[] = {"", "auto", "never", "always", NULL};
static const char *const streaming_words[] = {"", "filter", "all", "off", NULL};
static const char *const model_words[] = {"rtl8139", "e1000", "virtio", "ne2k_pci", "pcnet", NULL};
static const char *const channel_words[] = {"main",   "display",   "inputs",   "cursor", "playback",
                                            "record", "smartcard", "usbredir", NULL};

static const char *const *const words[IC_COUNT] = {
    [IC_ARCH] = arch_words,         [IC_HYPERVISOR] = hv_words,       [IC_BOOT] = boot_words,
    [IC_RESOURCE] = resource_words, [IC_DEVICE] = device_words,       [IC_POLICY] = policy_words,
    [IC_BUS] = bus_words,           [IC_CACHE] = cache_words,         [IC_GFX] = gfx_words,
    [IC_SHARE] = share_words,       [IC_MODE] = mode_words,           [IC_IMAGE] = image_words,
    [IC_WAN] = wan_words,           [IC_STREAMING] = streaming_words, [IC_MODEL] = model_words,
    [IC_CHANNEL] = channel_words,
};

const char INSTSPEC_DEFAULT_DOMAIN_XML[] = "<domain><features><acpi/></features></domain>";
const char INSTSPEC_DEFAULT_DEVICES_XML[] =
    "<devices><serial type=\"pty\"><target port=\"0\"/></serial>"
    "<video><model type=\"vmvga\" vram=\"10240\" heads=\"1\"/></video></devices>";

int instspec_count(enum inst_choice c)
{
    int n = 0;

    if ((int)c < 0 || c >= IC_COUNT)
        return 0;
    while (words[c][n])
        n++;
    return n;
}

const char *const *instspec_words(enum inst_choice c)
{
    return (int)c < 0 || c >= IC_COUNT ? NULL : words[c];
}

const char *instspec_word(enum inst_choice c, int v)
{
    if (v < 0 || v >= instspec_count(c))
        return NULL;
    return words[c][v];
}

int instspec_parse_word(enum inst_choice c, const char *w)
{
    int n = instspec_count(c);

    for (int i = 0; i < n && w; i++)
        if (strcmp(words[c][i], w) == 0)
            return i;
    return -1;
}

void instspec_defaults(struct inst_spec *s)
{
    memset(s, 0, sizeof *s);
    s->name_en = g_strdup("");
    s->name_zh = g_strdup("");
    s->vcpus = 1;
    s->memory_mib = 1024;
    s->memory_gb = true;
    s->arch = ARCH_X86_64;
    s->hypervisor = HV_KVM;
    s->machine = g_strdup("pc");
    s->boot[0] = BOOT_HD;
    s->nboot = 1;
    s->bootmenu_timeout = -1;
    s->reboot_timeout = -1;
    s->gfx.type = GFX_VNC;
    s->gfx.autoport = true;
    s->gfx.passwd = g_strdup("");
    s->gfx.share = SHARE_ALLOW_EXCLUSIVE;
    s->gfx.listen = g_strdup("0.0.0.0");
    s->gfx.tls_port = -1;
    s->gfx.default_mode = MODE_ANY;
    s->gfx.playback = -1;
    s->gfx.filetransfer = true;
    s->custom_domain = g_strdup(INSTSPEC_DEFAULT_DOMAIN_XML);
    s->custom_devices = g_strdup(INSTSPEC_DEFAULT_DEVICES_XML);
    s->unique = true;
}

static void nic_clear(struct inst_nic *n)
{
    g_free(n->portgroup);
    g_free(n->target_dev);
}

void instspec_clear(struct inst_spec *s)
{
    g_free(s->name_en);
    g_free(s->name_zh);
    g_free(s->machine);
    if (s->gfx.passwd)
        memset(s->gfx.passwd, 0, strlen(s->gfx.passwd));
    g_free(s->gfx.passwd);
    g_free(s->gfx.listen);
    g_free(s->gfx.channels);
    for (int i = 0; i < s->nnics; i++)
        nic_clear(&s->nics[i]);
    g_free(s->nics);
    g_free(s->custom_domain);
    g_free(s->custom_devices);
    memset(s, 0, sizeof *s);
}

void instspec_copy(struct inst_spec *out, const struct inst_spec *s)
{
    *out = *s;
    out->name_en = g_strdup(s->name_en ? s->name_en : "");
    out->name_zh = g_strdup(s->name_zh ? s->name_zh : "");
    out->machine = g_strdup(s->machine ? s->machine : "");
    out->gfx.passwd = g_strdup(s->gfx.passwd ? s->gfx.passwd : "");
    out->gfx.listen = g_strdup(s->gfx.listen ? s->gfx.listen : "");
    out->gfx.channels = s->gfx.nchannels
                            ? g_memdup2(s->gfx.channels, sizeof *s->gfx.channels * s->gfx.nchannels)
                            : NULL;
    out->nics = s->nnics ? g_new0(struct inst_nic, s->nnics) : NULL;
    for (int i = 0; i < s->nnics; i++) {
        out->nics[i] = s->nics[i];
        out->nics[i].portgroup = g_strdup(s->nics[i].portgroup ? s->nics[i].portgroup : "");
        out->nics[i].target_dev = g_strdup(s->nics[i].target_dev ? s->nics[i].target_dev : "");
    }
    out->custom_domain = g_strdup(s->custom_domain ? s->custom_domain : "");
    out->custom_devices = g_strdup(s->custom_devices ? s->custom_devices : "");
}

/* The device-name prefix of a bus and how many letters it has. */
static const char *bus_prefix(enum inst_bus bus, int *letters)
{
    switch (bus) {
    case BUS_IDE:
        *letters = 4;
        return "hd";
    case BUS_VIRTIO:
        *letters = 26;
        return "vd";
    default:
        *letters = 26;
        return "sd";
    }
}

void instspec_disk_dev(const struct inst_disk *disks, int n, int skip, enum inst_bus bus,
                       char out[INSTANCE_DEV_MAX])
{
    int letters;
    const char *prefix = bus_prefix(bus, &letters);

    for (int l = 0; l < letters; l++) {
        bool used = false;

        g_snprintf(out, INSTANCE_DEV_MAX, "%s%c", prefix, 'a' + l);
        for (int i = 0; i < n && !used; i++)
            used = i != skip && strcmp(disks[i].dev, out) == 0;
        if (!used)
            return;
    }
    g_snprintf(out, INSTANCE_DEV_MAX, "%sa", prefix);
}

static const char *yes_no(bool b)
{
    return b ? "yes" : "no";
}

char *instspec_disk_parts(const struct inst_disk *k, const char *source)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "resource=%s,device=%s,%s=%s,bus=%s,dev=%s,readonly=%s,cache=%s",
                           instspec_word(IC_RESOURCE, k->resource),
                           instspec_word(IC_DEVICE, k->device),
                           k->resource == RES_FILE ? "image" : "volume", source,
                           instspec_word(IC_BUS, k->bus), k->dev, yes_no(k->readonly),
                           instspec_word(IC_CACHE, k->cache));
    if (k->policy != POLICY_UNSET)
        g_string_append_printf(s, ",policy=%s", instspec_word(IC_POLICY, k->policy));
    if (k->relabel)
        g_string_append(s, ",relabel=yes");
    if (k->tray_open)
        g_string_append(s, ",tray=yes");
    if (k->removable)
        g_string_append(s, ",removable=yes");
    if (k->copy_on_read)
        g_string_append(s, ",cor=yes");
    return g_string_free(s, FALSE);
}

char *instspec_nic_parts(const struct inst_nic *n, const char *network, const char *secgroup)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "network=%s", network);
    if (n->portgroup && *n->portgroup)
        g_string_append_printf(s, ",portgroup=%s", n->portgroup);
    if (*n->mac)
        g_string_append_printf(s, ",mac=%s", n->mac);
    if (n->target_dev && *n->target_dev)
        g_string_append_printf(s, ",target=%s", n->target_dev);
    if (secgroup && *secgroup)
        g_string_append_printf(s, ",secgroup=%s", secgroup);
    g_string_append_printf(s, ",model=%s,link=%s", instspec_word(IC_MODEL, n->model),
                           n->link_up ? "up" : "down");
    return g_string_free(s, FALSE);
}

char *instspec_channel_parts(const struct inst_channel *ch)
{
    return g_strdup_printf("name=%s,mode=%s", instspec_word(IC_CHANNEL, ch->name),
                           instspec_word(IC_MODE, ch->mode));
}

char *instspec_disk_parts_of(const struct inst_disk *k, const struct choice_list *images,
                             const struct choice_list *volumes)
{
    char *src = k->resource == RES_FILE ? choice_name(images, k->image_id)
                                        : choice_name(volumes, k->volume_id);
    char *text = instspec_disk_parts(k, src);

    g_free(src);
    return text;
}

char *instspec_nic_parts_of(const struct inst_nic *n, const struct choice_list *networks,
                            const struct choice_list *secgroups)
{
    char *net = choice_name(networks, n->network_id);
    char *sg = choice_name(secgroups, n->secgroup_id);
    char *text = instspec_nic_parts(n, net, sg);

    g_free(net);
    g_free(sg);
    return text;
}
