/* test-instspec.c - the typed instance definition of src/vm/instspec.h: the
 * word tables round-trip, the editor's defaults (Table 11-6, OP-39), deep
 * copies independent of their source, and the automatic disk device names
 * of each bus family (hd[a-d], sd[a-z], vd[a-z]) with skip.
 * features: M11.3i M11.3j M11.3k M11.3l M11.3m */
#include "vm/instspec.h"
#include "lib/tap.h"

#include <string.h>

static void test_words(void)
{
    static const struct {
        enum inst_choice c;
        int n;
        const char *first, *last;
    } t[] = {
        {IC_ARCH, 2, "i686", "x86_64"},    {IC_HYPERVISOR, 2, "kvm", "qemu"},
        {IC_BOOT, 4, "cdrom", "network"},  {IC_RESOURCE, 2, "file", "volume"},
        {IC_DEVICE, 2, "disk", "cdrom"},   {IC_POLICY, 4, "", "optional"},
        {IC_BUS, 5, "ide", "sata"},        {IC_CACHE, 6, "default", "unsafe"},
        {IC_GFX, 2, "vnc", "spice"},       {IC_SHARE, 3, "allow-exclusive", "ignore"},
        {IC_MODE, 3, "any", "secure"},     {IC_IMAGE, 7, "", "off"},
        {IC_WAN, 4, "", "always"},         {IC_STREAMING, 4, "", "off"},
        {IC_MODEL, 5, "rtl8139", "pcnet"}, {IC_CHANNEL, 8, "main", "usbredir"},
    };

    is_int(G_N_ELEMENTS(t), IC_COUNT, "every choice has its table row here");
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        int n = instspec_count(t[i].c);
        bool round = true;

        is_int(n, t[i].n, "choice %d has %d values", t[i].c, t[i].n);
        is_str(instspec_word(t[i].c, 0), t[i].first, "choice %d: first word", t[i].c);
        is_str(instspec_word(t[i].c, n - 1), t[i].last, "choice %d: last word", t[i].c);
        for (int v = 0; v < n; v++)
            round = round && instspec_parse_word(t[i].c, instspec_word(t[i].c, v)) == v;
        ok(round, "choice %d: every word parses back to its value", t[i].c);
        ok(instspec_word(t[i].c, -1) == NULL && instspec_word(t[i].c, n) == NULL,
           "choice %d: out of range is NULL", t[i].c);
        is_int(instspec_parse_word(t[i].c, "bogus"), -1, "choice %d: an unknown word is -1",
               t[i].c);
        is_int(instspec_parse_word(t[i].c, NULL), -1, "choice %d: NULL is -1", t[i].c);
    }
    /* the enums agree with their tables */
    is_str(instspec_word(IC_BUS, BUS_SATA), "sata", "BUS_SATA is sata");
    is_str(instspec_word(IC_CACHE, CACHE_DIRECTSYNC), "directsync", "CACHE_DIRECTSYNC");
    is_str(instspec_word(IC_MODEL, MODEL_NE2K_PCI), "ne2k_pci", "MODEL_NE2K_PCI");
    is_str(instspec_word(IC_POLICY, POLICY_REQUISITE), "requisite", "POLICY_REQUISITE");
    is_str(instspec_word(IC_SHARE, SHARE_FORCE_SHARED), "force-shared", "SHARE_FORCE_SHARED");
    is_str(instspec_word(IC_IMAGE, IMAGE_AUTO_LZ), "auto_lz", "IMAGE_AUTO_LZ");
    is_str(instspec_word(IC_STREAMING, STREAM_ALL), "all", "STREAM_ALL");
    is_int(instspec_count(IC_COUNT), 0, "IC_COUNT is no choice");
    ok(instspec_word(IC_COUNT, 0) == NULL, "IC_COUNT has no words");
}

static void test_defaults(void)
{
    struct inst_spec s;

    instspec_defaults(&s);
    ok(s.vcpus == 1 && s.memory_mib == 1024 && s.memory_gb, "defaults: 1 vCPU, 1 GB shown in GB");
    ok(s.arch == ARCH_X86_64 && s.hypervisor == HV_KVM && strcmp(s.machine, "pc") == 0,
       "defaults: x86_64, kvm, pc");
    ok(s.nboot == 1 && s.boot[0] == BOOT_HD, "defaults: boot from the hard disk");
    ok(!s.bootmenu && s.bootmenu_timeout == -1 && !s.bios_serial && s.reboot_timeout == -1 &&
           !s.tablet,
       "defaults: no menu, no timeout, no serial, no reboot, no tablet");
    ok(s.gfx.type == GFX_VNC && s.gfx.autoport && strcmp(s.gfx.listen, "0.0.0.0") == 0 &&
           s.gfx.share == SHARE_ALLOW_EXCLUSIVE && !*s.gfx.passwd,
       "defaults: vnc, autoport, listen 0.0.0.0, allow-exclusive, no password");
    ok(s.gfx.tls_port == -1 && s.gfx.default_mode == MODE_ANY && s.gfx.playback == -1 &&
           s.gfx.filetransfer && s.gfx.nchannels == 0,
       "defaults: spice tlsPort auto, mode any, playback unset, file transfer on");
    ok(s.ndisks == 0 && s.nnics == 0 && s.nics == NULL, "defaults: no disks, no NICs");
    is_str(s.custom_domain, INSTSPEC_DEFAULT_DOMAIN_XML, "OP-39: the default domain XML");
    is_str(s.custom_devices, INSTSPEC_DEFAULT_DEVICES_XML, "OP-39: the default device XML");
    ok(strstr(INSTSPEC_DEFAULT_DEVICES_XML, "/dev/pts") == NULL,
       "OP-39: the default device XML has no source path");
    ok(s.unique && s.bound_host_id == 0 && s.bound_group_id == 0, "defaults: unique, unbound");
    instspec_clear(&s);
    ok(s.name_en == NULL && s.custom_domain == NULL && s.nnics == 0, "clear zeroes the spec");
}

static void test_copy(void)
{
    struct inst_spec s, c;
    struct inst_channel ch[] = {{.name = 0, .mode = MODE_SECURE}};

    instspec_defaults(&s);
    g_free(s.name_en);
    s.name_en = g_strdup("web");
    g_free(s.gfx.passwd);
    s.gfx.passwd = g_strdup("pw");
    s.gfx.channels = g_memdup2(ch, sizeof ch);
    s.gfx.nchannels = 1;
    s.nnics = 2;
    s.nics = g_new0(struct inst_nic, 2);
    s.nics[0].portgroup = g_strdup("slow");
    s.nics[0].target_dev = g_strdup("vnet1");
    s.nics[1].portgroup = NULL; /* tolerated: copied as "" */
    s.nics[1].target_dev = g_strdup("");
    g_strlcpy(s.nics[1].mac, "52:54:00:00:00:01", INSTANCE_MAC_MAX);
    s.disks[0] = (struct inst_disk){.bus = BUS_VIRTIO, .dev = "vda"};
    s.ndisks = 1;

    instspec_copy(&c, &s);
    ok(c.name_en != s.name_en && strcmp(c.name_en, "web") == 0, "copy: own name");
    ok(c.gfx.channels != s.gfx.channels && c.gfx.channels[0].mode == MODE_SECURE,
       "copy: own channels");
    ok(c.nics != s.nics && c.nics[0].portgroup != s.nics[0].portgroup &&
           strcmp(c.nics[0].portgroup, "slow") == 0 && strcmp(c.nics[0].target_dev, "vnet1") == 0,
       "copy: own NICs and their strings");
    ok(c.nics[1].portgroup && !*c.nics[1].portgroup &&
           strcmp(c.nics[1].mac, "52:54:00:00:00:01") == 0,
       "copy: a NULL string becomes \"\"; the MAC is copied");
    ok(strcmp(c.disks[0].dev, "vda") == 0 && c.ndisks == 1, "copy: disks by value");
    /* change and free the source: the copy is untouched */
    s.name_en[0] = 'X';
    s.nics[0].portgroup[0] = 'X';
    s.disks[0].dev[0] = 'X';
    instspec_clear(&s);
    ok(strcmp(c.name_en, "web") == 0 && strcmp(c.nics[0].portgroup, "slow") == 0 &&
           strcmp(c.disks[0].dev, "vda") == 0 && strcmp(c.gfx.passwd, "pw") == 0,
       "copy: independent of its source after the source changes and is cleared");
    instspec_clear(&c);
}

static void test_disk_dev(void)
{
    struct inst_disk d[INSTANCE_DISK_MAX] = {0};
    char out[INSTANCE_DEV_MAX];

    instspec_disk_dev(d, 0, -1, BUS_IDE, out);
    is_str(out, "hda", "M11.3j: the first ide disk is hda");
    instspec_disk_dev(d, 0, -1, BUS_SCSI, out);
    is_str(out, "sda", "M11.3j: scsi is sd");
    instspec_disk_dev(d, 0, -1, BUS_SATA, out);
    is_str(out, "sda", "M11.3j: sata is sd");
    instspec_disk_dev(d, 0, -1, BUS_USB, out);
    is_str(out, "sda", "M11.3j: usb is sd");
    instspec_disk_dev(d, 0, -1, BUS_VIRTIO, out);
    is_str(out, "vda", "M11.3j: virtio is vd");

    g_strlcpy(d[0].dev, "sda", INSTANCE_DEV_MAX);
    g_strlcpy(d[1].dev, "hda", INSTANCE_DEV_MAX);
    g_strlcpy(d[2].dev, "sdb", INSTANCE_DEV_MAX);
    instspec_disk_dev(d, 3, -1, BUS_SATA, out);
    is_str(out, "sdc", "M11.3j: scsi, sata and usb share the sd names");
    instspec_disk_dev(d, 3, -1, BUS_IDE, out);
    is_str(out, "hdb", "M11.3j: the next free ide name");
    instspec_disk_dev(d, 3, 0, BUS_USB, out);
    is_str(out, "sda", "M11.3j: skip: the disk being renamed frees its own name");
    instspec_disk_dev(d, 2, -1, BUS_VIRTIO, out);
    is_str(out, "vda", "M11.3j: other families do not take virtio names");

    /* ide has four names only: hda..hdd */
    g_strlcpy(d[0].dev, "hda", INSTANCE_DEV_MAX);
    g_strlcpy(d[1].dev, "hdb", INSTANCE_DEV_MAX);
    g_strlcpy(d[2].dev, "hdc", INSTANCE_DEV_MAX);
    instspec_disk_dev(d, 3, -1, BUS_IDE, out);
    is_str(out, "hdd", "M11.3j: the fourth ide name is hdd");
    g_strlcpy(d[3].dev, "hdd", INSTANCE_DEV_MAX);
    instspec_disk_dev(d, 4, -1, BUS_IDE, out);
    is_str(out, "hda", "M11.3j: no fifth ide letter (hde): falls back to hda");
    instspec_disk_dev(d, 4, 2, BUS_IDE, out);
    is_str(out, "hdc", "M11.3j: with all four taken, skip gives back the skipped one's name");
}

int main(void)
{
    test_words();
    test_defaults();
    test_copy();
    test_disk_dev();
    return tap_done();
}
