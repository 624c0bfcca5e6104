/* test-instance.c - the VM instances of src/vm/instance.h against a real
 * database: the editor's texts read and checked step by step (vCPUs 0 and
 * 256 refused, 1 and 255 taken; memory units; boot order; a fifth disk; a
 * volume as CD-ROM; device names by bus; MAC and tun/tap names; a fixed
 * VNC port below 5900; spice-only fields on vnc; bound host XOR host group;
 * custom XML roots), add with the rules that need other records (the name
 * unique in the project, the quota of instances, images the project sees,
 * volumes of its pools, its networks and their port groups, the bound host
 * and its memory less 512 MB), the record read back field by field with
 * its password sealed at rest, the list with its query and paging, modify
 * (row version, "unique" with two VMs), delete (refused with VMs), activate,
 * and the in-use rules of images, volumes, security groups and networks;
 * nothing written on a refusal, one audit row per success.
 * features: M11.3a M11.3c M11.3d M11.3e M11.3f M11.3g M11.3i M11.3j M11.3k M11.3l M11.3m M11.3n */
#include "db/audit.h"
#include "net/network.h"
#include "net/secgroup.h"
#include "projects/project.h"
#include "storage/image.h"
#include "vm/instance.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmfixture.h"

static const char *const snap_tables[] = {"instance", "instance_disk", "instance_nic",
                                          "instance_channel", "vm"};

#include "lib/testcheck.h"

/* testcheck.h's logged, for a project admin's row. */
static void logged_by(const char *user, long before, int type, const char *action,
                      const char *object, const char *what)
{
    char *where = sqlite3_mprintf("id = (SELECT max(id) FROM op_log) AND type = %d AND "
                                  "user = %Q AND action = %Q AND object = %Q",
                                  type, user, action, object);

    is_int(ops(), before + 1, "%s: one operation-log row", what);
    is_int(testdb_count(db, "op_log", where), 1, "%s: the row names %s", what, user);
    sqlite3_free(where);
}

/* A complete, valid editor input of instance name. */
static struct instance_input input(const char *name)
{
    return (struct instance_input){.name_en = name,
                                   .name_zh = "测试",
                                   .vcpus = "2",
                                   .memory = "1",
                                   .memory_unit = "GB",
                                   .arch = "x86_64",
                                   .hypervisor = "kvm",
                                   .machine = "pc",
                                   .boot = "cdrom,hd"};
}

static bool parse_ok(const struct instance_input *in, struct inst_spec *s, struct dv_error *err)
{
    return instance_parse(in, s, err) && instance_check(s, NULL, err);
}

/* The input refused on field (parse or check). */
static void refused_input(const struct instance_input *in, const char *field, const char *what)
{
    struct inst_spec s;
    struct dv_error err = {0};
    bool got = parse_ok(in, &s, &err);

    ok(!got, "%s: refused", what);
    is_str(err.field, field, "%s: names the field", what);
    ok(err.msg[0], "%s: says why ('%s')", what, err.msg);
    instspec_clear(&s);
}

static void test_basic(void)
{
    struct instance_input in = input("vm1");
    struct inst_spec s;
    struct dv_error err = {0};

    ok(parse_ok(&in, &s, &err), "a complete input is taken (%s)", err.msg);
    is_int(s.vcpus, 2, "vCPUs");
    is_int(s.memory_mib, 1024, "1 GB is 1024 MiB (OP-32)");
    is_int(s.nboot, 2, "two boot devices");
    ok(s.boot[0] == BOOT_CDROM && s.boot[1] == BOOT_HD, "in priority order");
    ok(s.unique, "unique by default (OP-40)");
    ok(s.gfx.type == GFX_VNC && s.gfx.autoport, "vnc with autoport by default");
    is_str(s.custom_domain, "", "no custom XML given");
    instspec_clear(&s);

    in.vcpus = "0";
    refused_input(&in, INF_VCPUS, "vCPUs 0");
    in.vcpus = "256";
    refused_input(&in, INF_VCPUS, "vCPUs 256");
    in.vcpus = "255";
    ok(parse_ok(&in, &s, &err), "vCPUs 255 taken");
    instspec_clear(&s);
    in.vcpus = "1";
    ok(parse_ok(&in, &s, &err), "vCPUs 1 taken");
    instspec_clear(&s);
    in.vcpus = "";
    refused_input(&in, INF_VCPUS, "vCPUs required");
    in = input("vm1");
    in.memory = "512";
    in.memory_unit = "MB";
    ok(parse_ok(&in, &s, &err) && s.memory_mib == 512 && !s.memory_gb, "512 MB");
    instspec_clear(&s);
    in.memory = "0";
    refused_input(&in, INF_MEMORY, "memory 0");
    in.memory = "1";
    in.memory_unit = "TB";
    refused_input(&in, INF_MEMORY_UNIT, "unit TB");
    in = input("vm1");
    in.boot = "hd,hd";
    refused_input(&in, INF_BOOT, "a boot device twice");
    in.boot = "usb";
    refused_input(&in, INF_BOOT, "an unknown boot device");
    in = input("vm1");
    in.bootmenu_timeout = "-2";
    refused_input(&in, INF_BOOTMENU_TIMEOUT, "boot timeout -2");
    in.bootmenu_timeout = "-1";
    in.reboot_timeout = "70000";
    refused_input(&in, INF_REBOOT_TIMEOUT, "reboot timeout above 65535");
    in = input("vm1");
    in.arch = "arm";
    refused_input(&in, INF_ARCH, "arch arm");
    in.arch = "i686";
    in.hypervisor = "xen";
    refused_input(&in, INF_HYPERVISOR, "hypervisor xen");
    in = input("bad name");
    refused_input(&in, INF_NAME_EN, "an English name with a blank");
    in = input("vm1");
    in.name_zh = "";
    refused_input(&in, INF_NAME_ZH, "no Chinese name (M11.3n)");
}

static struct inst_disk disk_of(const struct instance_disk_input *in, const struct inst_disk *ex,
                                int n, bool *got, struct dv_error *err)
{
    struct inst_disk d;

    *got = instance_disk_parse(in, ex, n, -1, &d, err);
    return d;
}

static void test_disks(void)
{
    struct inst_disk disks[INSTANCE_DISK_MAX + 1];
    struct dv_error err = {0};
    bool got;
    char *img = idstr(image), *vol = idstr(volume);
    struct instance_disk_input cd = {
        .resource = "file", .device = "cdrom", .image = img, .bus = "ide"};
    struct instance_disk_input hd = {.resource = "volume",
                                     .device = "disk",
                                     .volume = vol,
                                     .bus = "virtio",
                                     .cache = "none",
                                     .copy_on_read = "1"};

    disks[0] = disk_of(&cd, disks, 0, &got, &err);
    ok(got, "a CD-ROM from an image (%s)", err.msg);
    is_str(disks[0].dev, "hda", "its name generated: hda");
    ok(disks[0].readonly, "a CD-ROM is read-only by default");
    ok(disks[0].cache == CACHE_WRITEBACK, "cache writeback by default");
    disks[1] = disk_of(&hd, disks, 1, &got, &err);
    ok(got, "a volume disk on virtio (%s)", err.msg);
    is_str(disks[1].dev, "vda", "named vda");
    ok(disks[1].copy_on_read && disks[1].cache == CACHE_NONE && !disks[1].readonly,
       "copy on read, cache none, writable");
    disks[2] = disk_of(&cd, disks, 2, &got, &err);
    is_str(disks[2].dev, "hdb", "the next ide name is hdb");
    disks[3] = disk_of(&hd, disks, 3, &got, &err);
    is_str(disks[3].dev, "vdb", "the next virtio name is vdb");
    disks[4] = disk_of(&cd, disks, 4, &got, &err);
    ok(!got && strcmp(err.field, INF_DISKS) == 0, "a fifth disk is refused: %s", err.msg);

    struct instance_disk_input bad = hd;
    bad.device = "cdrom";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && strcmp(err.field, INF_DISK_DEVICE) == 0, "a volume cannot be a CD-ROM: %s", err.msg);
    bad = cd;
    bad.image = "";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && strcmp(err.field, INF_DISK_IMAGE) == 0, "a file needs an image");
    bad = cd;
    bad.dev = "hda";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && err.code == DV_ERR_EXISTS, "a device name used twice: %s", err.msg);
    bad.dev = "sda";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && strcmp(err.field, INF_DISK_DEV) == 0, "sda does not fit ide");
    bad.dev = "hde";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got, "ide has only hda-hdd");
    bad = hd;
    bad.removable = "1";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && strcmp(err.field, INF_DISK_REMOVABLE) == 0, "removable is for usb only");
    bad.bus = "usb";
    struct inst_disk u = disk_of(&bad, disks, 1, &got, &err);
    ok(got && u.removable && strcmp(u.dev, "sda") == 0, "a removable usb disk sda");
    bad = hd;
    bad.tray = "1";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && strcmp(err.field, INF_DISK_TRAY) == 0, "a tray is a CD-ROM's");
    bad = hd;
    bad.cache = "fast";
    disk_of(&bad, disks, 1, &got, &err);
    ok(!got && strcmp(err.field, INF_DISK_CACHE) == 0, "an unknown cache mode");
    bad = cd;
    bad.policy = "optional";
    u = disk_of(&bad, disks, 1, &got, &err);
    ok(got && u.policy == POLICY_OPTIONAL, "startup policy optional");
    g_free(img);
    g_free(vol);
}

static void test_nics_graphics(void)
{
    struct inst_nic n;
    struct dv_error err = {0};
    char *nid = idstr(net);
    struct instance_nic_input ni = {.network = nid,
                                    .mac = "52:54:00:12:34:56",
                                    .target = "vnet7",
                                    .model = "virtio",
                                    .link = "down"};
    struct instance_input in = input("vm1");

    ok(instance_nic_parse(&ni, &n, &err), "a NIC (%s)", err.msg);
    ok(!n.link_up && n.model == MODEL_VIRTIO && strcmp(n.target_dev, "vnet7") == 0,
       "link down, virtio, vnet7");
    instance_nic_clear(&n);
    ni.mac = "01:00:5e:00:00:01";
    ok(!instance_nic_parse(&ni, &n, &err) && strcmp(err.field, INF_NIC_MAC) == 0,
       "a multicast MAC is refused");
    instance_nic_clear(&n);
    ni.mac = "";
    ni.target = "eth0";
    ok(!instance_nic_parse(&ni, &n, &err) && strcmp(err.field, INF_NIC_TARGET) == 0,
       "tun/tap name eth0 refused: %s", err.msg);
    instance_nic_clear(&n);
    ni.target = "";
    ni.network = "";
    ok(!instance_nic_parse(&ni, &n, &err) && strcmp(err.field, INF_NIC_NETWORK) == 0,
       "a NIC needs a network");
    instance_nic_clear(&n);
    ni.network = nid;
    ni.model = "rtl8139";
    ni.link = "sideways";
    ok(!instance_nic_parse(&ni, &n, &err) && strcmp(err.field, INF_NIC_LINK) == 0,
       "link state up or down");
    instance_nic_clear(&n);
    g_free(nid);

    in.gfx_autoport = "0";
    in.gfx_port = "5899";
    refused_input(&in, INF_GFX_PORT, "a fixed port below 5900");
    in.gfx_port = "5901";
    struct inst_spec s;
    ok(parse_ok(&in, &s, &err) && s.gfx.port == 5901 && !s.gfx.autoport, "fixed port 5901");
    instspec_clear(&s);
    in = input("vm1");
    in.gfx_jpeg = "always";
    refused_input(&in, INF_GFX_TYPE, "JPEG compression on vnc");
    in.gfx_type = "spice";
    in.gfx_tls_port = "5902";
    in.gfx_mode = "secure";
    ok(parse_ok(&in, &s, &err) && s.gfx.jpeg == WAN_ALWAYS && s.gfx.tls_port == 5902 &&
           s.gfx.default_mode == MODE_SECURE,
       "spice with jpeg, TLS port and secure mode");
    instspec_clear(&s);
    in.gfx_listen = "300.1.1.1";
    refused_input(&in, INF_GFX_LISTEN, "a listen address that is no address");
    in.gfx_listen = "::1";
    ok(parse_ok(&in, &s, &err), "an IPv6 listen address");
    instspec_clear(&s);

    struct inst_channel ch[2];
    ok(instance_channel_parse("main", "secure", ch, 0, &ch[0], &err), "channel main");
    ok(!instance_channel_parse("main", "any", ch, 1, &ch[1], &err) && err.code == DV_ERR_EXISTS,
       "channel main twice");
    ok(!instance_channel_parse("tv", "any", ch, 1, &ch[1], &err), "an unknown channel");
}

static void test_custom(void)
{
    struct instance_input in = input("vm1");
    char *h = idstr(host), *g = idstr(group);

    in.bound_host = h;
    in.bound_group = g;
    refused_input(&in, INF_BOUND_GROUP, "bound host and host group both (M11.3m)");
    in.bound_group = "";
    in.custom_domain = "<devices/>";
    refused_input(&in, INF_CUSTOM_DOMAIN, "optimisation XML rooted in <devices>");
    in.custom_domain = "<domain><features>";
    refused_input(&in, INF_CUSTOM_DOMAIN, "malformed optimisation XML");
    in.custom_domain = INSTSPEC_DEFAULT_DOMAIN_XML;
    in.custom_devices = "<domain/>";
    refused_input(&in, INF_CUSTOM_DEVICES, "device XML rooted in <domain>");
    g_free(h);
    g_free(g);
}

/* A spec with one disk of each kind, a NIC and spice, for add. */
static bool full_spec(const char *name, struct inst_spec *s, struct dv_error *err)
{
    char *img = idstr(image), *vol = idstr(volume), *nid = idstr(net), *sg = idstr(secgroup);
    struct instance_disk_input cd = {
        .resource = "file", .device = "cdrom", .image = img, .bus = "ide"};
    struct instance_disk_input hd = {
        .resource = "volume", .device = "disk", .volume = vol, .bus = "virtio"};
    struct instance_nic_input ni = {.network = nid, .portgroup = "web", .secgroup = sg};
    struct inst_disk disks[2];
    struct inst_nic nic;
    struct inst_channel ch;
    struct instance_input in = input(name);
    bool ok = instance_disk_parse(&cd, disks, 0, -1, &disks[0], err) &&
              instance_disk_parse(&hd, disks, 1, -1, &disks[1], err) &&
              instance_nic_parse(&ni, &nic, err) &&
              instance_channel_parse("display", "insecure", NULL, 0, &ch, err);

    in.disks = disks;
    in.ndisks = 2;
    in.nics = &nic;
    in.nnics = 1;
    in.channels = &ch;
    in.nchannels = 1;
    in.gfx_type = "spice";
    in.gfx_passwd = "s3cret";
    in.gfx_valid_to = "2030-01-02 03:04:05";
    in.gfx_image = "quic";
    in.custom_domain = INSTSPEC_DEFAULT_DOMAIN_XML;
    in.custom_devices = INSTSPEC_DEFAULT_DEVICES_XML;
    in.bound_host = "";
    ok = ok && instance_parse(&in, s, err);
    instance_nic_clear(&nic);
    g_free(img);
    g_free(vol);
    g_free(nid);
    g_free(sg);
    return ok;
}

static int64_t add_named(const struct dv_actor *a, const char *name, struct dv_error *err)
{
    struct inst_spec s;
    int64_t id = 0;

    if (!full_spec(name, &s, err) || !instance_add(db, a, &s, &id, NULL, err))
        id = 0;
    instspec_clear(&s);
    return id;
}

/* add of a changed full spec is refused on field with code, writing nothing. */
static void add_refused(struct inst_spec *s, enum dv_status code, const char *field,
                        const char *what)
{
    struct snap before = snap_take();
    long ops0 = ops();
    struct dv_error err = {0};
    int64_t id = 0;

    refused(instance_add(db, &pa, s, &id, NULL, &err), &err, code, field, what);
    snap_same(&before, what);
    is_int(ops(), ops0, "%s: no audit row", what);
}

static int64_t vm1;

static void test_add(void)
{
    struct dv_error err = {0};
    struct inst_spec s;
    struct instance got = {0};
    long ops0 = ops();
    char *warning = NULL, *sealed;

    ok(full_spec("web", &s, &err), "the full spec (%s)", err.msg);
    ok(instance_add(db, &pa, &s, &vm1, &warning, &err), "add (M11.3c): %s", err.msg);
    ok(warning == NULL, "a unique instance gets no shared-storage warning");
    logged_by("zhou", ops0, AUDIT_ADD, "Add VM instance", "web", "add");
    is_int(count_where("instance", "id = %lld AND active = 1 AND project_id = %lld", (long long)vm1,
                       (long long)proj),
           1, "saved active in the admin's project");
    is_int(count_where("instance_disk", "instance_id = %lld", (long long)vm1), 2, "two disks");
    is_int(count_where("instance_nic", "instance_id = %lld", (long long)vm1), 1, "one NIC");
    sealed = testdb_text(db, "SELECT gfx_passwd FROM instance WHERE name_en = 'web'");
    ok(sealed && *sealed && strcmp(sealed, "s3cret") != 0 && !strstr(sealed, "s3cret"),
       "the password is sealed at rest");
    g_free(sealed);

    ok(instance_get(db, &pa, vm1, &got, &err), "get (%s)", err.msg);
    is_str(got.spec.gfx.passwd, "s3cret", "the password opened again");
    is_int(got.spec.ndisks, 2, "two disks read");
    is_str(got.spec.disks[1].dev, "vda", "the volume disk vda");
    is_int(got.spec.disks[1].volume_id, volume, "its volume");
    ok(got.spec.disks[0].device == DEV_CDROM && got.spec.disks[0].readonly, "a read-only CD-ROM");
    is_int(got.spec.nnics, 1, "one NIC read");
    is_str(got.spec.nics[0].portgroup, "web", "its port group");
    is_int(got.spec.nics[0].secgroup_id, secgroup, "its security group");
    ok(got.spec.gfx.type == GFX_SPICE && got.spec.gfx.image == IMAGE_QUIC &&
           got.spec.gfx.nchannels == 1 && got.spec.gfx.channels[0].mode == MODE_INSECURE,
       "spice with quic and a channel");
    ok(got.spec.gfx.valid_to > 0, "the password validity");
    ok(got.spec.nboot == 2 && got.spec.boot[0] == BOOT_CDROM, "boot order");
    is_str(got.spec.custom_devices, INSTSPEC_DEFAULT_DEVICES_XML, "the device XML");
    is_str(got.project, "p1", "its project");
    is_int(got.nvms, 0, "no VM yet");
    ok(got.active, "active");
    instance_clear(&got);
    ok(!instance_get(db, &pb, vm1, &got, &err) && err.code == DV_ERR_DENIED,
       "another project's admin cannot read it");

    /* refusals against the other records, each writing nothing */
    add_refused(&s, DV_ERR_EXISTS, INF_NAME_EN, "the name again");
    g_free(s.name_en);
    s.name_en = g_strdup("web2");
    s.disks[0].image_id = other_image;
    add_refused(&s, DV_ERR_INVALID, INF_DISKS, "another project's image");
    s.disks[0].image_id = image;
    s.nics[0].network_id = other_net;
    add_refused(&s, DV_ERR_INVALID, INF_NICS, "another project's network");
    s.nics[0].network_id = net;
    g_free(s.nics[0].portgroup);
    s.nics[0].portgroup = g_strdup("db");
    add_refused(&s, DV_ERR_INVALID, INF_NICS, "a port group the network lacks");
    g_free(s.nics[0].portgroup);
    s.nics[0].portgroup = g_strdup("");
    s.bound_host_id = host2;
    add_refused(&s, DV_ERR_INVALID, INF_BOUND_HOST, "a host outside the project's groups (OP-38)");
    s.bound_host_id = host;
    s.memory_mib = 4096 - 511;
    add_refused(&s, DV_ERR_INVALID, INF_MEMORY, "memory above the host less 512 MB");
    s.memory_mib = 4096 - 512;
    s.bound_host_id = 0;
    s.bound_group_id = group;
    ok(instance_add(db, &pa, &s, NULL, NULL, &err), "memory of the host less 512 MB, a group: %s",
       err.msg);
    instspec_clear(&s);

    /* the quota: p1 may have 3 */
    ok(add_named(&pa, "third", &err) > 0, "a third instance (%s)", err.msg);
    ok(full_spec("fourth", &s, &err), "a fourth spec");
    add_refused(&s, DV_ERR_DENIED, "", "a fourth instance: quota exceeded (OP-29)");
    instspec_clear(&s);

    /* the shared-storage warning of a non-unique instance with a writable disk */
    ok(full_spec("shared", &s, &err), "a non-unique spec");
    s.unique = false;
    exec("UPDATE project SET max_instances = 10 WHERE name = 'p1'");
    ok(instance_add(db, &pa, &s, NULL, &warning, &err) && warning && strstr(warning, "vda"),
       "a non-unique instance with a writable volume warns: %s", warning ? warning : err.msg);
    g_free(warning);
    instspec_clear(&s);
}

static void test_list(void)
{
    struct instance_page p = {0};
    struct dv_error err = {0};

    ok(instance_list(db, proj, NULL, 0, 15, &p, &err), "list (M11.3a)");
    is_int(p.total, 4, "four instances in p1");
    ok(p.n == 4 && strcmp(p.rows[0].spec.name_en, "web") == 0, "oldest first");
    ok(p.rows[0].spec.vcpus == 2 && p.rows[0].spec.memory_mib == 1024 && p.rows[0].spec.unique &&
           p.rows[0].active,
       "the columns: vCPUs, memory, unique, state");
    instance_page_free(&p);
    ok(instance_list(db, proj, "测", 0, 15, &p, &err) && p.total == 4, "by Chinese name");
    instance_page_free(&p);
    ok(instance_list(db, proj, "thi", 0, 15, &p, &err) && p.total == 1 &&
           strcmp(p.rows[0].spec.name_en, "third") == 0,
       "by English name, a substring");
    instance_page_free(&p);
    ok(instance_list(db, proj, NULL, 2, 2, &p, &err) && p.n == 2 && p.total == 4, "the 2nd page");
    instance_page_free(&p);
    ok(instance_list(db, other, NULL, 0, 15, &p, &err) && p.total == 0, "none in p2");
    instance_page_free(&p);
}

static void test_modify_delete(void)
{
    struct dv_error err = {0};
    struct instance cur = {0}, copy = {0};
    long ops0;
    int64_t id2 = 0;

    ok(instance_get(db, &pa, vm1, &cur, &err), "read for modify");
    cur.spec.vcpus = 4;
    ops0 = ops();
    ok(instance_modify(db, &pa, vm1, &cur.spec, NULL, &err), "modify (M11.3e): %s", err.msg);
    logged_by("zhou", ops0, AUDIT_MODIFY, "Modify VM instance", "web", "modify");
    is_int(count_where("instance", "id = %lld AND vcpus = 4", (long long)vm1), 1, "4 vCPUs now");
    ok(!instance_modify(db, &pa, vm1, &cur.spec, NULL, &err) && err.code == DV_ERR_STALE,
       "a second modify at the old version is stale");
    instance_clear(&cur);

    /* import from an instance (M11.3d): a copy with new names */
    ok(instance_get(db, &pa, vm1, &copy, &err), "read for import");
    g_free(copy.spec.name_en);
    copy.spec.name_en = g_strdup("web-copy");
    ok(instance_add(db, &pa, &copy.spec, &id2, NULL, &err), "the copy saved (%s)", err.msg);
    is_int(count_where("instance_disk", "instance_id = %lld", (long long)id2), 2,
           "with the original's disks");
    is_int(count_where("instance", "id = %lld AND vcpus = 4", (long long)vm1), 1,
           "the original unchanged");
    instance_clear(&copy);

    /* unique with two VMs; delete with VMs */
    exec("UPDATE instance SET is_unique = 0 WHERE name_en = 'web'");
    exec("INSERT INTO vm(instance_id, name_en, uuid, created_at) SELECT id, 'vvm1', "
         "'00000000-0000-0000-0000-0000000000c1', 1 FROM instance WHERE name_en = 'web'");
    exec("INSERT INTO vm(instance_id, name_en, uuid, created_at) SELECT id, 'vvm2', "
         "'00000000-0000-0000-0000-0000000000c2', 1 FROM instance WHERE name_en = 'web'");
    ok(instance_get(db, &pa, vm1, &cur, &err), "read again");
    cur.spec.unique = true;
    {
        struct snap before = snap_take();

        refused(instance_modify(db, &pa, vm1, &cur.spec, NULL, &err), &err, DV_ERR_INVALID,
                INF_UNIQUE, "unique with two VMs");
        snap_same(&before, "unique with two VMs");
        before = snap_take();
        refused(instance_delete(db, &pa, vm1, &err), &err, DV_ERR_INUSE, "",
                "delete with VMs (M11.3f)");
        snap_same(&before, "delete with VMs");
    }
    instance_clear(&cur);
    ok(!instance_delete(db, &pb, id2, &err) && err.code == DV_ERR_DENIED,
       "another project's admin cannot delete");
    ops0 = ops();
    ok(instance_delete(db, &pa, id2, &err), "delete the copy: %s", err.msg);
    logged_by("zhou", ops0, AUDIT_DELETE, "Delete VM instance", "web-copy", "delete");
    is_int(count_where("instance_disk", "instance_id = %lld", (long long)id2), 0,
           "its disks are gone too");

    /* activate */
    ok(!instance_activate(db, &pa, vm1, &err) && err.code == DV_ERR_INFO, "already active");
    exec("UPDATE instance SET active = 0 WHERE name_en = 'web'");
    ops0 = ops();
    ok(instance_activate(db, &pa, vm1, &err), "activate (M11.3g)");
    logged_by("zhou", ops0, AUDIT_MODIFY, "Activate VM instance", "web", "activate");
    is_int(count_where("instance", "id = %lld AND active = 1", (long long)vm1), 1, "active again");
}

static void test_in_use(void)
{
    struct dv_error err = {0};
    struct project_usage u;

    refused(image_delete(db, &pa, image, &err), &err, DV_ERR_INUSE, "",
            "an image an instance uses");
    refused(secgroup_delete(db, &sys, secgroup, &err), &err, DV_ERR_INUSE, "",
            "a security group a NIC uses");
    ok(network_in_use(db, net, &err) && err.code == DV_ERR_INUSE, "a network a NIC uses: %s",
       err.msg);
    ok(!network_in_use(db, other_net, &err), "a network no NIC uses");
    ok(project_usage(db, proj, &u, &err), "usage");
    is_int(u.used[QUOTA_INSTANCES], 4, "4 instances used (M7.3.2)");
    is_int(u.used[QUOTA_VCPUS], 0, "no running VM: no vCPUs used");
    exec("UPDATE vm SET run_state = 1 WHERE name_en = 'vvm1'");
    ok(project_usage(db, proj, &u, &err) && u.used[QUOTA_VCPUS] == 4 &&
           u.used[QUOTA_MEM_MB] == 1024,
       "a running VM counts its vCPUs and memory (OP-29)");
    (void)ro_image;
}

int main(void)
{
    sys = testdb_sysadm();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    fixture();
    ok(proj && other && host && group && image && volume && net && secgroup, "the fixture");
    test_basic();
    test_disks();
    test_nics_graphics();
    test_custom();
    test_add();
    test_list();
    test_modify_delete();
    test_in_use();
    testdb_close(&tdb);
    return tap_done();
}
