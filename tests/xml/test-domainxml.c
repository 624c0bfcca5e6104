/* test-domainxml.c - the libvirt domain XML of src/xml/domainxml.h: one
 * golden file per editor option group (tests/data/domain-*.xml, checked
 * against libvirt's schema by tests/xml/check-domain-xml.sh), the parts
 * each option must and must not emit, the user-defined XML merge and its
 * refusals (in English and in zh_CN: fields and codes compared, messages
 * through the catalogue), the preview's diff and the live graphics port.
 * DOSVM_REGEN_GOLDEN=DIR writes the golden files into DIR.
 * features: M11.3i M11.3j M11.3k M11.3l M11.3m */
#include "base/util.h"
#include "xml/domainxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <libxml/parser.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UUID "3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b"

/* A spec with the editor's defaults and no custom XML unless asked for. */
static void base_spec(struct inst_spec *s)
{
    instspec_defaults(s);
    g_free(s->name_en);
    s->name_en = g_strdup("web");
}

static char *build(const struct inst_spec *s, const struct domainxml_disk *disks,
                   const struct domainxml_nic *nics, bool custom, struct dv_error *err)
{
    struct domainxml_input in = {.name = "web-1",
                                 .uuid = UUID,
                                 .title = "网站服务器",
                                 .spec = s,
                                 .disks = disks,
                                 .nics = nics,
                                 .custom = custom};
    struct dv_error local = {0};

    return domainxml_build(&in, err ? err : &local);
}

static bool has(const char *xml, const char *part)
{
    return xml && strstr(xml, part);
}

static void golden_case(const char *file, const struct inst_spec *s,
                        const struct domainxml_disk *disks, const struct domainxml_nic *nics,
                        bool custom)
{
    const char *regen = getenv("DOSVM_REGEN_GOLDEN"); /* a developer's aid: write them */
    struct dv_error err = {0};
    char *xml = build(s, disks, nics, custom, &err), *want;
    xmlDocPtr doc;

    if (regen && xml) {
        char *path = g_strdup_printf("%s/%s", regen, file);

        g_file_set_contents(path, xml, -1, NULL);
        g_free(path);
    }
    want = golden(file);
    doc = xml ? xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR)
              : NULL;
    ok(xml != NULL, "%s: built (%s)", file, err.msg);
    is_str(xml, want, "%s: byte for byte", file);
    ok(doc != NULL, "%s: the document parses", file);
    xmlFreeDoc(doc);
    g_free(xml);
    g_free(want);
}

/* M11.3i: kvm/x86_64, machine pc, boot order, boot menu with timeout, the
 * default custom XML (OP-39) merged */
static void spec_basic(struct inst_spec *s)
{
    base_spec(s);
    s->vcpus = 2;
    s->memory_mib = 2048;
    s->boot[0] = BOOT_CDROM;
    s->boot[1] = BOOT_HD;
    s->boot[2] = BOOT_NETWORK;
    s->nboot = 3;
    s->bootmenu = true;
    s->bootmenu_timeout = 10000;
}

/* M11.3i: i686/qemu, the host's default machine, BIOS serial and reboot
 * timeout, tablet; the menu off (its timeout not emitted) */
static void spec_i686(struct inst_spec *s)
{
    base_spec(s);
    s->arch = ARCH_I686;
    s->hypervisor = HV_QEMU;
    g_free(s->machine);
    s->machine = g_strdup("");
    s->memory_mib = 512;
    s->boot[0] = BOOT_FD;
    s->boot[1] = BOOT_HD;
    s->nboot = 2;
    s->bootmenu = false;
    s->bootmenu_timeout = 3000;
    s->bios_serial = true;
    s->reboot_timeout = 5000;
    s->tablet = true;
}

static const struct inst_disk file_disks[] = {
    /* a read-only ide cdrom, tray closed, optional, default cache */
    {.resource = RES_FILE,
     .device = DEV_CDROM,
     .image_id = 1,
     .policy = POLICY_OPTIONAL,
     .bus = BUS_IDE,
     .dev = "hdc",
     .readonly = true,
     .cache = CACHE_DEFAULT},
    /* a scsi file disk: mandatory, cache none, copy on read */
    {.resource = RES_FILE,
     .device = DEV_DISK,
     .image_id = 2,
     .policy = POLICY_MANDATORY,
     .bus = BUS_SCSI,
     .dev = "sda",
     .cache = CACHE_NONE,
     .copy_on_read = true},
    /* a virtio file disk: requisite is not emitted on a disk (OP-33) */
    {.resource = RES_FILE,
     .device = DEV_DISK,
     .image_id = 3,
     .policy = POLICY_REQUISITE,
     .bus = BUS_VIRTIO,
     .dev = "vda",
     .cache = CACHE_WRITETHROUGH},
    /* a removable usb file disk, writeback */
    {.resource = RES_FILE,
     .device = DEV_DISK,
     .image_id = 4,
     .bus = BUS_USB,
     .dev = "sdb",
     .removable = true,
     .cache = CACHE_WRITEBACK},
};
static const struct domainxml_disk file_res[] = {
    {.file = "/var/lib/dosvm/images/centos7.iso", .format = "raw"},
    {.file = "/var/lib/dosvm/tmp/web-1-sda.qcow2", .format = "qcow2"},
    {.file = "/var/lib/dosvm/images/data.img", .format = "raw"},
    {.file = "/var/lib/dosvm/images/usb.qcow", .format = "qcow"},
};

static const struct inst_disk volume_disks[] = {
    /* a sata volume disk: directsync; a policy on a volume disk is not emitted (OP-33) */
    {.resource = RES_VOLUME,
     .device = DEV_DISK,
     .volume_id = 7,
     .policy = POLICY_OPTIONAL,
     .bus = BUS_SATA,
     .dev = "sda",
     .cache = CACHE_DIRECTSYNC},
    /* a virtio volume disk: unsafe, read-only */
    {.resource = RES_VOLUME,
     .device = DEV_DISK,
     .volume_id = 8,
     .bus = BUS_VIRTIO,
     .dev = "vdb",
     .readonly = true,
     .cache = CACHE_UNSAFE},
    /* a usb cdrom, tray open, not removable, requisite (allowed on a cdrom) */
    {.resource = RES_FILE,
     .device = DEV_CDROM,
     .image_id = 9,
     .policy = POLICY_REQUISITE,
     .bus = BUS_USB,
     .dev = "sdb",
     .tray_open = true,
     .readonly = true},
    /* an ide cdrom without a medium: no <source> */
    {.resource = RES_FILE, .device = DEV_CDROM, .bus = BUS_IDE, .dev = "hda", .readonly = true},
};
static const struct domainxml_disk volume_res[] = {
    {.pool = "pool-lvm", .volume = "web-root", .format = "raw"},
    {.pool = "pool-dir", .volume = "web-data.qcow2", .format = "qcow2"},
    {.file = "/var/lib/dosvm/images/tools.iso", .format = "raw"},
    {.file = NULL, .format = "raw"},
};

/* relabel on a file disk and on a volume disk (libvirt's RNG refuses
 * relabel='yes' without a <label>; check-domain-xml.sh defines this one on
 * test:/// instead) */
static const struct inst_disk relabel_disks[] = {
    {.resource = RES_FILE,
     .device = DEV_DISK,
     .image_id = 2,
     .relabel = true,
     .bus = BUS_VIRTIO,
     .dev = "vda",
     .cache = CACHE_NONE},
    {.resource = RES_VOLUME,
     .device = DEV_DISK,
     .volume_id = 8,
     .relabel = true,
     .bus = BUS_VIRTIO,
     .dev = "vdb",
     .cache = CACHE_NONE},
};
static const struct domainxml_disk relabel_res[] = {
    {.file = "/var/lib/dosvm/images/root.qcow2", .format = "qcow2"},
    {.pool = "pool-dir", .volume = "web-data.qcow2", .format = "qcow2"},
};

static void spec_disks(struct inst_spec *s, const struct inst_disk *d, int n)
{
    base_spec(s);
    for (int i = 0; i < n; i++)
        s->disks[i] = d[i];
    s->ndisks = n;
}

/* M11.3k: vnc with every field */
static void spec_vnc(struct inst_spec *s)
{
    base_spec(s);
    s->gfx.autoport = false;
    s->gfx.port = 5901;
    g_free(s->gfx.passwd);
    s->gfx.passwd = g_strdup("s3cr&t");
    s->gfx.valid_to = 1798761600; /* 2027-01-01T00:00:00Z */
    s->gfx.keep = true;
    s->gfx.share = SHARE_FORCE_SHARED;
    g_free(s->gfx.listen);
    s->gfx.listen = g_strdup("192.168.21.10");
}

static const struct inst_channel channels[] = {
    {.name = 0, .mode = MODE_SECURE},   /* main */
    {.name = 2, .mode = MODE_INSECURE}, /* inputs */
    {.name = 1, .mode = MODE_ANY},      /* display */
};

/* M11.3k: spice with every field and channels */
static void spec_spice(struct inst_spec *s)
{
    base_spec(s);
    s->gfx.type = GFX_SPICE;
    s->gfx.autoport = false;
    s->gfx.port = 5902;
    s->gfx.tls_port = 5903;
    g_free(s->gfx.passwd);
    s->gfx.passwd = g_strdup("spicepw");
    s->gfx.valid_to = 1798765230; /* 2027-01-01T01:00:30Z */
    s->gfx.keep = false;
    s->gfx.default_mode = MODE_SECURE;
    g_free(s->gfx.listen);
    s->gfx.listen = g_strdup("2001:db8::10");
    s->gfx.channels = g_memdup2(channels, sizeof channels);
    s->gfx.nchannels = 3;
    s->gfx.image = IMAGE_AUTO_GLZ;
    s->gfx.jpeg = WAN_AUTO;
    s->gfx.zlib = WAN_NEVER;
    s->gfx.playback = 1;
    s->gfx.streaming = STREAM_FILTER;
    s->gfx.filetransfer = false;
}

/* M11.3k: spice with autoport and libvirt's defaults: tlsPort -1, no
 * defaultMode, no compression elements, file transfer on */
static void spec_spice_auto(struct inst_spec *s)
{
    base_spec(s);
    s->gfx.type = GFX_SPICE;
    s->gfx.keep = true;
}

static const struct domainxml_nic nic_res[] = {
    {.network = "Linux-br-network"},
    {.network = "nat1"},
    {.network = "ovs-net", .mac = "52:54:00:12:34:56"},
    {.network = "nat1", .filter = "dosvm-sg-web"},
    {.network = "isolated1", .filter = ""},
};

/* M11.3l: a NIC per model; port group, MAC, tap name, filter, link down */
static void spec_nics(struct inst_spec *s)
{
    base_spec(s);
    s->nnics = 5;
    s->nics = g_new0(struct inst_nic, 5);
    for (int i = 0; i < 5; i++) {
        s->nics[i].network_id = i + 1;
        s->nics[i].portgroup = g_strdup("");
        s->nics[i].target_dev = g_strdup("");
        s->nics[i].model = (enum inst_model)i;
        s->nics[i].link_up = true;
    }
    g_free(s->nics[1].portgroup);
    s->nics[1].portgroup = g_strdup("slow");
    g_free(s->nics[2].target_dev);
    s->nics[2].target_dev = g_strdup("vnet3");
    g_strlcpy(s->nics[3].mac, "00:16:3e:aa:bb:cc", INSTANCE_MAC_MAX); /* the configured MAC */
    s->nics[4].link_up = false;
}

/* M11.3m: features appended, vcpu replaced, devices appended */
static void spec_custom(struct inst_spec *s)
{
    base_spec(s);
    g_free(s->custom_domain);
    s->custom_domain = g_strdup("<domain>\n  <features>\n    <acpi/>\n    <apic/>\n    <pae/>\n  "
                                "</features>\n  <vcpu placement=\"static\">4</vcpu>\n"
                                "  <on_crash>restart</on_crash>\n</domain>\n");
    g_free(s->custom_devices);
    s->custom_devices =
        g_strdup("<devices>\n  <serial type=\"pty\">\n    <target port=\"0\"/>\n  </serial>\n"
                 "  <console type=\"pty\"/>\n  <video>\n    <model type=\"vmvga\" vram=\"10240\" "
                 "heads=\"1\"/>\n  </video>\n</devices>");
}

/* M11.3m: a custom <os> (direct kernel boot) replacing the generated one */
static void spec_custom_os(struct inst_spec *s)
{
    base_spec(s);
    g_free(s->custom_domain);
    s->custom_domain = g_strdup(
        "<domain><os><type arch=\"x86_64\" machine=\"pc\">hvm</type>"
        "<kernel>/var/lib/dosvm/boot/vmlinuz</kernel><initrd>/var/lib/dosvm/boot/initrd.img"
        "</initrd><cmdline>console=ttyS0 root=/dev/vda1</cmdline></os>"
        "<features><acpi/></features></domain>");
}

static void test_golden(void)
{
    struct inst_spec s;

    spec_basic(&s);
    golden_case("domain-basic.xml", &s, NULL, NULL, true);
    instspec_clear(&s);
    spec_i686(&s);
    golden_case("domain-i686-qemu.xml", &s, NULL, NULL, false);
    instspec_clear(&s);
    spec_disks(&s, file_disks, 4);
    golden_case("domain-disks-file.xml", &s, file_res, NULL, false);
    instspec_clear(&s);
    spec_disks(&s, volume_disks, 4);
    golden_case("domain-disks-volume.xml", &s, volume_res, NULL, false);
    instspec_clear(&s);
    spec_disks(&s, relabel_disks, 2);
    golden_case("domain-disk-relabel.xml", &s, relabel_res, NULL, false);
    instspec_clear(&s);
    spec_vnc(&s);
    golden_case("domain-vnc.xml", &s, NULL, NULL, false);
    instspec_clear(&s);
    spec_spice(&s);
    golden_case("domain-spice.xml", &s, NULL, NULL, false);
    instspec_clear(&s);
    spec_spice_auto(&s);
    golden_case("domain-spice-auto.xml", &s, NULL, NULL, false);
    instspec_clear(&s);
    spec_nics(&s);
    golden_case("domain-nics.xml", &s, NULL, nic_res, false);
    instspec_clear(&s);
    spec_custom(&s);
    golden_case("domain-custom.xml", &s, NULL, NULL, true);
    instspec_clear(&s);
    spec_custom_os(&s);
    golden_case("domain-custom-os.xml", &s, NULL, NULL, true);
    instspec_clear(&s);
}

static int count(const char *xml, const char *part)
{
    int n = 0;

    for (const char *p = xml ? strstr(xml, part) : NULL; p; p = strstr(p + 1, part))
        n++;
    return n;
}

static void test_basic_parts(void)
{
    struct inst_spec s;
    char *xml;

    spec_basic(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "<domain type=\"kvm\">"), "M11.3i: domain@type is the hypervisor (kvm)");
    ok(has(xml, "<memory unit=\"MiB\">2048</memory>") &&
           has(xml, "<currentMemory unit=\"MiB\">2048</currentMemory>"),
       "OP-32: memory and currentMemory in MiB");
    ok(has(xml, "<vcpu>2</vcpu>"), "M11.3i: <vcpu>");
    ok(has(xml, "<type arch=\"x86_64\" machine=\"pc\">hvm</type>"),
       "M11.3i: os/type arch, machine");
    ok(has(xml, "<boot dev=\"cdrom\"/>\n    <boot dev=\"hd\"/>\n    <boot dev=\"network\"/>"),
       "M11.3i: one <boot dev> per entry, in order");
    ok(has(xml, "<bootmenu enable=\"yes\" timeout=\"10000\"/>"), "M11.3i: bootmenu with timeout");
    ok(has(xml, "<bios useserial=\"no\"/>"), "M11.3i: bios without rebootTimeout when -1");
    ok(!has(xml, "<input"), "M11.3i: no tablet when unchecked");
    ok(!has(xml, "<features>") && !has(xml, "<serial"), "custom off: the custom XML is not merged");
    ok(has(xml, "<title>网站服务器</title>"), "the Chinese name is the <title>, unescaped UTF-8");
    g_free(xml);

    s.bootmenu_timeout = -1;
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "<bootmenu enable=\"yes\"/>"), "M11.3i: timeout -1 is not emitted");
    g_free(xml);
    instspec_clear(&s);

    spec_i686(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "<domain type=\"qemu\">") && has(xml, "<type arch=\"i686\">hvm</type>"),
       "M11.3i: qemu, i686, no machine when it is the host's default");
    ok(has(xml, "<bootmenu enable=\"no\"/>"), "M11.3i: the menu off carries no timeout");
    ok(has(xml, "<bios useserial=\"yes\" rebootTimeout=\"5000\"/>"),
       "M11.3i: bios useserial and rebootTimeout");
    ok(has(xml, "<input type=\"tablet\" bus=\"usb\"/>"), "M11.3i: the usb tablet");
    g_free(xml);
    s.reboot_timeout = 0;
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "rebootTimeout=\"0\""), "M11.3i: reboot timeout 0 is emitted (only -1 is not)");
    g_free(xml);
    {
        struct domainxml_input in = {.name = "a<b", .spec = &s};
        struct dv_error err = {0};

        xml = domainxml_build(&in, &err);
        ok(has(xml, "<name>a&lt;b</name>") && !has(xml, "<uuid") && !has(xml, "<title"),
           "the name escaped; no uuid nor title when not given");
        g_free(xml);
    }
    instspec_clear(&s);
}

static void test_disk_parts(void)
{
    struct inst_spec s;
    char *xml;

    spec_disks(&s, file_disks, 4);
    xml = build(&s, file_res, NULL, false, NULL);
    is_int(count(xml, "<disk "), 4, "M11.3j: four disks");
    ok(has(xml, "<disk type=\"file\" device=\"cdrom\">"), "M11.3j: disk type and device");
    ok(has(xml, "<driver name=\"qemu\" type=\"raw\"/>"), "M11.3j: cache default is not emitted");
    ok(has(xml, "<driver name=\"qemu\" type=\"qcow2\" cache=\"none\" copy_on_read=\"on\"/>"),
       "M11.3j: cache and copy_on_read on");
    is_int(count(xml, "copy_on_read"), 1, "M11.3j: copy_on_read only when on");
    ok(has(xml, "startupPolicy=\"optional\"") && has(xml, "startupPolicy=\"mandatory\""),
       "OP-33: policy on a cdrom and on a file disk");
    ok(!has(xml, "requisite"), "OP-33: requisite is not emitted on a hard disk");
    ok(!has(xml, "<seclabel"), "M11.3j: no seclabel when relabel is off");
    ok(has(xml, "<target dev=\"hdc\" bus=\"ide\" tray=\"closed\"/>"), "M11.3j: cdrom tray closed");
    is_int(count(xml, "tray="), 1, "M11.3j: tray only on cdroms");
    ok(has(xml, "<target dev=\"sdb\" bus=\"usb\" removable=\"on\"/>"),
       "M11.3j: removable on the usb bus");
    is_int(count(xml, "removable="), 1, "M11.3j: removable only on the usb bus");
    is_int(count(xml, "<readonly/>"), 1, "M11.3j: <readonly/> only when read-only");
    g_free(xml);
    instspec_clear(&s);

    spec_disks(&s, volume_disks, 4);
    xml = build(&s, volume_res, NULL, false, NULL);
    ok(has(xml, "<disk type=\"volume\" device=\"disk\">") &&
           has(xml, "<source pool=\"pool-lvm\" volume=\"web-root\"/>"),
       "M11.3j: a volume disk's <source pool volume>");
    ok(!has(xml, "startupPolicy=\"optional\""), "OP-33: no policy on a volume disk");
    ok(has(xml, "startupPolicy=\"requisite\""), "OP-33: requisite on a cdrom");
    ok(has(xml, "tray=\"open\" removable=\"off\""), "M11.3j: tray open, removable off on usb");
    ok(has(xml, "<target dev=\"hda\" bus=\"ide\" tray=\"closed\"/>") && count(xml, "<source") == 3,
       "M11.3j: a cdrom without a medium has no <source>");
    g_free(xml);
    instspec_clear(&s);

    spec_disks(&s, relabel_disks, 2);
    xml = build(&s, relabel_res, NULL, false, NULL);
    ok(has(xml, "<source file=\"/var/lib/dosvm/images/root.qcow2\">\n        <seclabel "
                "model=\"selinux\" relabel=\"yes\"/>\n      </source>"),
       "M11.3j: relabel: seclabel inside a file <source>");
    ok(has(xml, "<source pool=\"pool-dir\" volume=\"web-data.qcow2\">\n        <seclabel "
                "model=\"selinux\" relabel=\"yes\"/>\n      </source>"),
       "M11.3j: relabel: seclabel inside a volume <source>");
    g_free(xml);
    instspec_clear(&s);
}

static void test_graphics_parts(void)
{
    struct inst_spec s;
    char *xml;

    base_spec(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "<graphics type=\"vnc\" autoport=\"yes\" sharePolicy=\"allow-exclusive\">") &&
           has(xml, "<listen type=\"address\" address=\"0.0.0.0\"/>"),
       "M11.3k: the default vnc: autoport, sharePolicy, listen on 0.0.0.0");
    ok(!has(xml, " port=\"") && !has(xml, "connected") && !has(xml, "passwd"),
       "OP-36: no port, no connected when keep is off, no password");
    g_free(xml);
    g_free(s.gfx.listen);
    s.gfx.listen = g_strdup("");
    xml = build(&s, NULL, NULL, false, NULL);
    ok(!has(xml, "<listen"), "M11.3k: no <listen> when the address is empty");
    g_free(xml);
    instspec_clear(&s);

    spec_vnc(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "port=\"5901\" autoport=\"no\""), "M11.3k: a fixed port");
    ok(has(xml, "passwd=\"s3cr&amp;t\" passwdValidTo=\"2027-01-01T00:00:00\""),
       "M11.3k: password and its validity in UTC");
    ok(has(xml, "connected=\"keep\"") && has(xml, "sharePolicy=\"force-shared\""),
       "OP-36: vnc connected='keep' when checked; sharePolicy");
    ok(!has(xml, "tlsPort") && !has(xml, "<channel"), "M11.3k: vnc has no spice fields");
    g_free(xml);
    instspec_clear(&s);

    spec_spice(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "<graphics type=\"spice\" port=\"5902\" tlsPort=\"5903\" autoport=\"no\""),
       "M11.3k: spice port and tlsPort");
    ok(has(xml, "connected=\"disconnect\" defaultMode=\"secure\""),
       "OP-36: spice disconnect; defaultMode");
    ok(!has(xml, "sharePolicy"), "M11.3k: spice has no sharePolicy");
    ok(has(xml, "<channel name=\"main\" mode=\"secure\"/>\n      <channel name=\"inputs\" "
                "mode=\"insecure\"/>\n      <channel name=\"display\" mode=\"any\"/>"),
       "M11.3k: the channels in order");
    ok(has(xml, "<image compression=\"auto_glz\"/>") && has(xml, "<jpeg compression=\"auto\"/>") &&
           has(xml, "<zlib compression=\"never\"/>") &&
           has(xml, "<playback compression=\"on\"/>") && has(xml, "<streaming mode=\"filter\"/>"),
       "M11.3k: image, jpeg, zlib, playback, streaming");
    ok(has(xml, "<filetransfer enable=\"no\"/>"), "M11.3k: filetransfer off");
    g_free(xml);
    s.gfx.tls_port = -1;
    s.gfx.playback = 0;
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "tlsPort=\"-1\"") && has(xml, "<playback compression=\"off\"/>"),
       "M11.3k: tlsPort auto is -1; playback off");
    g_free(xml);
    instspec_clear(&s);

    spec_spice_auto(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    ok(has(xml, "<graphics type=\"spice\" tlsPort=\"-1\" autoport=\"yes\" connected=\"keep\">"),
       "M11.3k: spice autoport: tlsPort -1, keep");
    ok(!has(xml, "defaultMode") && !has(xml, "<image") && !has(xml, "<jpeg") &&
           !has(xml, "<zlib") && !has(xml, "<playback") && !has(xml, "<streaming") &&
           !has(xml, "<filetransfer"),
       "M11.3k: unset spice options and file transfer on emit nothing");
    g_free(xml);
    instspec_clear(&s);
}

static void test_nic_parts(void)
{
    struct inst_spec s;
    char *xml;
    static const char *const models[] = {"rtl8139", "e1000", "virtio", "ne2k_pci", "pcnet"};

    spec_nics(&s);
    xml = build(&s, NULL, nic_res, false, NULL);
    is_int(count(xml, "<interface type=\"network\">"), 5, "M11.3l: one interface per NIC");
    for (int i = 0; i < 5; i++) {
        char *m = g_strdup_printf("<model type=\"%s\"/>", models[i]);

        ok(has(xml, m), "OP-37: model %s", models[i]);
        g_free(m);
    }
    ok(has(xml, "<source network=\"Linux-br-network\"/>"), "M11.3l: <source network>");
    ok(has(xml, "<source network=\"nat1\" portgroup=\"slow\"/>"), "M11.3l: portgroup");
    is_int(count(xml, "portgroup="), 1, "M11.3l: no portgroup when empty");
    ok(has(xml, "<mac address=\"52:54:00:12:34:56\"/>") &&
           has(xml, "<mac address=\"00:16:3e:aa:bb:cc\"/>"),
       "M11.3l: the resolved MAC, else the configured one");
    is_int(count(xml, "<mac "), 2, "M11.3l: no <mac> when neither is set");
    ok(has(xml, "<target dev=\"vnet3\"/>"), "M11.3l: the tun/tap name");
    ok(has(xml, "<filterref filter=\"dosvm-sg-web\"/>") && count(xml, "<filterref") == 1,
       "M11.3l: filterref only with a security group");
    is_int(count(xml, "<link state=\"up\"/>"), 4, "M11.3l: link up");
    is_int(count(xml, "<link state=\"down\"/>"), 1, "M11.3l: link down");
    g_free(xml);
    instspec_clear(&s);
}

static void test_custom_parts(void)
{
    struct inst_spec s;
    char *xml;

    spec_custom(&s);
    xml = build(&s, NULL, NULL, true, NULL);
    ok(has(xml, "<vcpu placement=\"static\">4</vcpu>") && count(xml, "<vcpu") == 1,
       "M11.3m: a custom element replaces the generated one of its name");
    ok(has(xml, "<features>\n    <acpi/>\n    <apic/>\n    <pae/>\n  </features>"),
       "M11.3m: custom <features> merged, indented");
    ok(has(xml, "<graphics") && has(xml, "<serial type=\"pty\">") &&
           strstr(xml, "<graphics") < strstr(xml, "<serial") && count(xml, "<devices>") == 1,
       "M11.3m: custom devices appended to the generated <devices>");
    g_free(xml);
    instspec_clear(&s);

    spec_custom_os(&s);
    xml = build(&s, NULL, NULL, true, NULL);
    ok(has(xml, "<kernel>/var/lib/dosvm/boot/vmlinuz</kernel>") && count(xml, "<os>") == 1 &&
           !has(xml, "<bootmenu"),
       "M11.3m: a custom <os> replaces the generated one");
    g_free(xml);
    g_free(s.custom_domain);
    s.custom_domain = g_strdup("<domain><devices><sound model=\"ich6\"/></devices></domain>");
    xml = build(&s, NULL, NULL, true, NULL);
    ok(count(xml, "<devices>") == 1 && has(xml, "<sound model=\"ich6\"/>") && has(xml, "<graphics"),
       "M11.3m: a <devices> in the domain XML is appended to, never replaces, <devices>");
    g_free(xml);
    g_free(s.custom_domain);
    s.custom_domain = g_strdup("");
    g_free(s.custom_devices);
    s.custom_devices = g_strdup("");
    xml = build(&s, NULL, NULL, true, NULL);
    ok(xml && !has(xml, "<features"), "M11.3m: empty custom XML merges nothing");
    g_free(xml);
    instspec_clear(&s);
}

/* M11.3m: refusals naming the field, in the current language */
static void test_refusals(const char *lang)
{
    static const struct {
        const char *domain, *devices, *field;
        bool wellformed;
    } bad[] = {
        {"<domain><features></domain>", "", "custom_domain", false},
        {"<devices><video/></devices>", "", "custom_domain", true},
        {"<domain/><domain/>", "", "custom_domain", false},
        {"", "<domain><video/></domain>", "custom_devices", true},
        {"", "<devices><serial>", "custom_devices", false},
        {"", "not xml", "custom_devices", false},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        struct inst_spec s;
        struct dv_error err = {0};
        char *xml;
        bool dom = strcmp(bad[i].field, "custom_domain") == 0;
        const char *label = dom ? _("Optimisation XML") : _("Device XML");

        base_spec(&s);
        g_free(s.custom_domain);
        s.custom_domain = g_strdup(bad[i].domain);
        g_free(s.custom_devices);
        s.custom_devices = g_strdup(bad[i].devices);
        xml = build(&s, NULL, NULL, true, &err);
        ok(xml == NULL && err.code == DV_ERR_INVALID, "%s: refusal %zu: build refused", lang, i);
        is_str(err.field, bad[i].field, "%s: refusal %zu: names the field", lang, i);
        ok(g_str_has_prefix(err.msg, label) && strstr(err.msg, dom ? "<domain>" : "<devices>"),
           "%s: refusal %zu: the message names the field and the root (%s)", lang, i, err.msg);
        g_free(xml);
        dv_error_clear(&err);
        ok(!domainxml_check_custom(dom ? bad[i].domain : bad[i].devices, dom ? "domain" : "devices",
                                   bad[i].field, &err) &&
               strcmp(err.field, bad[i].field) == 0,
           "%s: refusal %zu: domainxml_check_custom refuses it too", lang, i);
        xml = build(&s, NULL, NULL, false, NULL);
        ok(xml != NULL, "%s: refusal %zu: without custom the XML is built", lang, i);
        g_free(xml);
        instspec_clear(&s);
    }
    {
        struct dv_error err = {0};

        ok(domainxml_check_custom("", "domain", "custom_domain", &err) &&
               domainxml_check_custom(NULL, "devices", "custom_devices", &err),
           "%s: empty custom XML is accepted", lang);
        ok(domainxml_check_custom(INSTSPEC_DEFAULT_DOMAIN_XML, "domain", "custom_domain", &err) &&
               domainxml_check_custom(INSTSPEC_DEFAULT_DEVICES_XML, "devices", "custom_devices",
                                      &err),
           "%s: the default custom XML (OP-39) is accepted", lang);
        ok(domainxml_check_custom("<?xml version=\"1.0\"?>\n<!-- tuned -->\n<domain>"
                                  "<features><acpi default=\"on\" toggle=\"yes\"/></features>"
                                  "</domain>\n",
                                  "domain", "custom_domain", &err),
           "%s: the manual's example with a declaration and a comment is accepted", lang);
    }
}

static void test_diff(void)
{
    const char *a = "<domain>\n  <name>a</name>\n  <vcpu>1</vcpu>\n  <os/>\n  <devices/>\n"
                    "  <l1/>\n  <l2/>\n  <l3/>\n  <l4/>\n  <l5/>\n  <l6/>\n  <l7/>\n  <l8/>\n"
                    "</domain>\n";
    const char *b = "<domain>\n  <name>a</name>\n  <vcpu>4</vcpu>\n  <os/>\n  <devices/>\n"
                    "  <l1/>\n  <l2/>\n  <l3/>\n  <l4/>\n  <l5/>\n  <l6/>\n  <l7/>\n  <l8/>\n"
                    "  <features/>\n</domain>\n";
    const char *want = "--- editor\n+++ with user-defined XML\n"
                       "@@ -1,6 +1,6 @@\n <domain>\n   <name>a</name>\n-  <vcpu>1</vcpu>\n"
                       "+  <vcpu>4</vcpu>\n   <os/>\n   <devices/>\n   <l1/>\n"
                       "@@ -11,4 +11,5 @@\n   <l6/>\n   <l7/>\n   <l8/>\n+  <features/>\n"
                       " </domain>\n";
    char *d = domainxml_diff(a, b);

    is_str(d, want, "M11.3m: the preview's unified diff, two hunks with context");
    g_free(d);
    d = domainxml_diff(a, a);
    is_str(d, "", "M11.3m: no difference is the empty string");
    g_free(d);
    d = domainxml_diff("", "<a/>\n");
    is_str(d, "--- editor\n+++ with user-defined XML\n@@ -0,0 +1 @@\n+<a/>\n",
           "M11.3m: diff from nothing");
    g_free(d);
    {
        struct inst_spec s;
        char *plain, *merged;

        spec_custom(&s);
        plain = build(&s, NULL, NULL, false, NULL);
        merged = build(&s, NULL, NULL, true, NULL);
        d = domainxml_diff(plain, merged);
        ok(has(d, "-  <vcpu>1</vcpu>\n") && has(d, "+  <vcpu placement=\"static\">4</vcpu>\n") &&
               has(d, "+    <serial type=\"pty\">\n") && !has(d, "-    <graphics"),
           "M11.3m: the preview of a real merge shows what the custom XML changes");
        g_free(d);
        g_free(plain);
        g_free(merged);
        instspec_clear(&s);
    }
}

static void test_graphics_port(void)
{
    /* as virDomainGetXMLDesc returns a running domain */
    const char *live =
        "<domain type='kvm' id='3'>\n  <name>web-1</name>\n  <devices>\n"
        "    <disk type='file' device='disk'><target dev='vda' bus='virtio'/></disk>\n"
        "    <graphics type='vnc' port='5903' autoport='yes' listen='0.0.0.0'>\n"
        "      <listen type='address' address='0.0.0.0'/>\n    </graphics>\n"
        "    <graphics type='spice' port='5904' autoport='yes'/>\n  </devices>\n</domain>\n";

    is_int(domainxml_graphics_port(live), 5903, "M11.3k: the live port of the first <graphics>");
    is_int(domainxml_graphics_port("<domain><devices><graphics type='vnc' port='-1' "
                                   "autoport='yes'/></devices></domain>"),
           0, "M11.3k: port -1 (not yet assigned) is 0");
    is_int(domainxml_graphics_port("<domain><devices><disk/></devices></domain>"), 0,
           "M11.3k: no <graphics> is 0");
    is_int(domainxml_graphics_port("<domain><devices>"), 0, "malformed XML is 0");
    is_int(domainxml_graphics_port(NULL), 0, "NULL is 0");
}

/* The XML is the same in Chinese: numbers and words do not follow the locale. */
static void test_zh_same(void)
{
    struct inst_spec s;
    char *xml, *want = golden("domain-spice.xml");

    spec_spice(&s);
    xml = build(&s, NULL, NULL, false, NULL);
    is_str(xml, want, "zh_CN: domain-spice.xml byte for byte");
    g_free(xml);
    g_free(want);
    instspec_clear(&s);
}

int main(void)
{
    test_golden();
    test_basic_parts();
    test_disk_parts();
    test_graphics_parts();
    test_nic_parts();
    test_custom_parts();
    test_refusals("en");
    test_diff();
    test_graphics_port();
    if (setlocale(LC_ALL, "zh_CN.UTF-8")) {
        char *dir = dv_locale_dir();

        bindtextdomain(PACKAGE, dir);
        bind_textdomain_codeset(PACKAGE, "UTF-8");
        textdomain(PACKAGE);
        g_free(dir);
        ok(strcmp(_("Device XML"), "Device XML") != 0, "zh_CN: the catalogue is loaded");
        test_refusals("zh_CN");
        test_zh_same();
    } else {
        ok(false, "the zh_CN.UTF-8 locale exists (TESTING.md)");
    }
    return tap_done();
}
