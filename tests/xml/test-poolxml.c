/* test-poolxml.c - the libvirt <pool> XML of src/poolxml.h: golden files for the
 * six pool types (tests/data/pool-*.xml, checked against libvirt's schema by
 * tests/check-storage-xml.sh), the type table, defaults (iSCSI port, formats, fixed
 * targets), refusals of missing or wrong parts, and XML escaping;
 * features: M9.2 M9.3.2.1 M9.3.2.2 M9.3.2.3 M9.3.2.4 M9.3.2.5 M9.3.2.6 */
#include "xml/poolxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UUID "3e4b5c6d-7f80-4a91-b2c3-d4e5f6a7b8c9"

static const char *const lvm_devices[] = {"/dev/sda3", "/dev/sda4"};

static const struct gcase {
    const char *file;
    struct poolxml_spec p;
} golden_cases[] = {
    {"pool-dosdir.xml",
     {.uuid = UUID,
      .name = "dos-pool",
      .type = POOL_DOSDIR,
      .target_path = "/dpfs/dos-pool",
      .vendor = "数字有机体文件系统",
      .product = "共享存储池"}},
    {"pool-netfs-nfs.xml",
     {.uuid = UUID,
      .name = "nfspool1",
      .type = POOL_NETFS,
      .target_path = "/media",
      .host = "192.168.2.212",
      .source_dir = "/raid/disk-pool",
      .format = "nfs"}},
    {"pool-netfs-cifs.xml",
     {.uuid = UUID,
      .name = "cifspool",
      .type = POOL_NETFS,
      .target_path = "/mnt/cifs",
      .host = "fileserver.example.com",
      .port = 445,
      .source_dir = "share",
      .format = "cifs"}},
    {"pool-iscsi.xml",
     {.uuid = UUID,
      .name = "iscsipool2",
      .type = POOL_ISCSI,
      .host = "192.168.2.189",
      .device = "iqn.2024-01.com.example:qyj-target"}},
    {"pool-iscsi-chap.xml",
     {.uuid = UUID,
      .name = "iscsipool3",
      .type = POOL_ISCSI,
      .target_path = "/dev/disk/by-path",
      .host = "192.168.2.189",
      .port = 3261,
      .device = "qyj-target",
      .auth_user = "qgh",
      .auth_secret_usage = "iscsi-189"}},
    {"pool-hostdir.xml",
     {.uuid = UUID,
      .name = "server189-dir",
      .type = POOL_HOSTDIR,
      .target_path = "/raid/disk-pool"}},
    {"pool-disk.xml",
     {.uuid = UUID,
      .name = "diskvolpool1",
      .type = POOL_DISK,
      .target_path = "/dev",
      .device = "/dev/sdb",
      .format = "gpt",
      .vendor = "Dell",
      .product = "PERC H730"}},
    {"pool-logical.xml",
     {.uuid = UUID,
      .name = "server212-lvm",
      .type = POOL_LOGICAL,
      .target_path = "/dev/server212-lvm",
      .devices = lvm_devices,
      .n_devices = 2}},
};

static void test_golden(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(golden_cases); i++) {
        const struct gcase *c = &golden_cases[i];
        struct dv_error err = {0};
        char *xml = poolxml_build(&c->p, &err), *want = golden(c->file);
        xmlDocPtr doc = xml ? xmlReadMemory(xml, strlen(xml), "pool.xml", NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR)
                            : NULL;

        ok(xml != NULL, "%s: built (%s)", c->file, err.msg);
        is_str(xml, want, "%s: byte for byte", c->file);
        ok(doc != NULL, "%s: the document parses", c->file);
        xmlFreeDoc(doc);
        g_free(xml);
        g_free(want);
    }
}

static void test_table(void)
{
    const char *libvirt[] = {"dir", "netfs", "iscsi", "dir", "logical", "disk"};
    const bool bound[] = {false, false, false, true, true, true};
    const bool files[] = {true, true, false, true, false, false};

    for (int t = 0; t < POOL_TYPE_COUNT; t++) {
        const struct pool_type_info *i = pool_type_info((enum pool_type)t);

        ok(i && i->type == (enum pool_type)t, "type %d: its own table entry", t);
        is_str(pool_type_libvirt((enum pool_type)t), libvirt[t], "type %d: libvirt type", t);
        ok(i && i->label && *i->label, "type %d: a label (%s)", t, i ? i->label : "");
        ok(i && i->host_bound == bound[t], "type %d: host-bound is %d", t, bound[t]);
        ok(i && i->files == files[t], "type %d: file volumes is %d", t, files[t]);
    }
    ok(pool_type_info(POOL_TYPE_COUNT) == NULL, "out of range: no entry");
    ok(pool_type_libvirt((enum pool_type) - 1) == NULL, "negative: no libvirt type");
}

/* Build p and return the document; expects success. */
static char *build_ok(const struct poolxml_spec *p, const char *what)
{
    struct dv_error err = {0};
    char *xml = poolxml_build(p, &err);

    ok(xml != NULL, "%s: built (%s)", what, err.msg);
    return xml;
}

static void test_defaults(void)
{
    struct poolxml_spec iscsi = golden_cases[3].p, netfs = golden_cases[1].p,
                        disk = golden_cases[6].p, lvm = golden_cases[7].p;
    char *xml;

    xml = build_ok(&iscsi, "iscsi without port");
    ok(xml && strstr(xml, "port=\"3260\""), "iscsi: port 3260 by default");
    ok(xml && strstr(xml, "<path>/dev/disk/by-path</path>"), "iscsi: fixed target path");
    ok(xml && !strstr(xml, "<auth"), "iscsi: no auth without a user");
    g_free(xml);
    netfs.format = NULL;
    xml = build_ok(&netfs, "netfs without format");
    ok(xml && strstr(xml, "<format type=\"auto\"/>"), "netfs: format auto by default");
    ok(xml && !strstr(xml, "port="), "netfs: no port attribute when empty");
    g_free(xml);
    netfs.format = "glusterfs";
    xml = build_ok(&netfs, "netfs glusterfs");
    ok(xml && strstr(xml, "<format type=\"glusterfs\"/>"), "netfs: glusterfs");
    g_free(xml);
    disk.format = "";
    disk.target_path = NULL;
    xml = build_ok(&disk, "disk without format and target");
    ok(xml && strstr(xml, "<format type=\"dos\"/>"), "disk: format dos by default");
    ok(xml && strstr(xml, "<path>/dev</path>"), "disk: target /dev by default");
    g_free(xml);
    lvm.vg_name = "vg0";
    lvm.n_devices = 0;
    xml = build_ok(&lvm, "logical with a VG name and no device");
    ok(xml && strstr(xml, "<name>vg0</name>") && !strstr(xml, "<device"),
       "logical: VG name as source name, no device");
    g_free(xml);
}

struct rcase {
    const char *what, *field;
    size_t base;
    void (*edit)(struct poolxml_spec *p);
};

static void no_name(struct poolxml_spec *p)
{
    p->name = "";
}
static void no_uuid(struct poolxml_spec *p)
{
    p->uuid = NULL;
}
static void no_target(struct poolxml_spec *p)
{
    p->target_path = NULL;
}
static void bad_target(struct poolxml_spec *p)
{
    p->target_path = "/srv";
}
static void no_host(struct poolxml_spec *p)
{
    p->host = NULL;
}
static void no_dir(struct poolxml_spec *p)
{
    p->source_dir = "";
}
static void no_device(struct poolxml_spec *p)
{
    p->device = NULL;
}
static void bad_format(struct poolxml_spec *p)
{
    p->format = "ext4";
}
static void bad_port(struct poolxml_spec *p)
{
    p->port = 70000;
}
static void neg_port(struct poolxml_spec *p)
{
    p->port = -1;
}
static void user_only(struct poolxml_spec *p)
{
    p->auth_secret_usage = "";
}
static void secret_only(struct poolxml_spec *p)
{
    p->auth_user = NULL;
}
static void bad_type(struct poolxml_spec *p)
{
    p->type = POOL_TYPE_COUNT;
}

static const char *const empty_device[] = {"/dev/sda3", ""};
static void empty_lvm_device(struct poolxml_spec *p)
{
    p->devices = empty_device;
}

static void test_refusals(void)
{
    const struct rcase cases[] = {
        {"dosdir without name", PLF_NAME, 0, no_name},
        {"dosdir without uuid", PLF_UUID, 0, no_uuid},
        {"dosdir without target", PLF_TARGET, 0, no_target},
        {"hostdir without target", PLF_TARGET, 5, no_target},
        {"logical without target", PLF_TARGET, 7, no_target},
        {"netfs without target", PLF_TARGET, 1, no_target},
        {"netfs without host", PLF_HOST, 1, no_host},
        {"netfs without source dir", PLF_DIR, 1, no_dir},
        {"netfs with format ext4", PLF_FORMAT, 1, bad_format},
        {"netfs with port 70000", PLF_PORT, 1, bad_port},
        {"iscsi without host", PLF_HOST, 3, no_host},
        {"iscsi without target IQN", PLF_DEVICE, 3, no_device},
        {"iscsi with target /srv", PLF_TARGET, 3, bad_target},
        {"iscsi with port -1", PLF_PORT, 3, neg_port},
        {"iscsi with a user but no secret", PLF_AUTH_SECRET, 4, user_only},
        {"iscsi with a secret but no user", PLF_AUTH_USER, 4, secret_only},
        {"disk without device", PLF_DEVICE, 6, no_device},
        {"disk with format ext4", PLF_FORMAT, 6, bad_format},
        {"disk with target /srv", PLF_TARGET, 6, bad_target},
        {"logical with an empty device", PLF_DEVICES, 7, empty_lvm_device},
        {"unknown type", PLF_TYPE, 0, bad_type},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct poolxml_spec p = golden_cases[cases[i].base].p;
        struct dv_error err = {0};
        char *xml;

        cases[i].edit(&p);
        xml = poolxml_build(&p, &err);
        ok(xml == NULL && err.code == DV_ERR_INVALID, "%s: refused", cases[i].what);
        is_str(err.field, cases[i].field, "%s: field", cases[i].what);
        ok(err.msg[0] != '\0', "%s: a message ('%s')", cases[i].what, err.msg);
        g_free(xml);
    }
}

static void test_escaping(void)
{
    struct poolxml_spec p = golden_cases[0].p;
    char *xml;

    p.vendor = "A&B <\"x\">";
    p.name = "a&b";
    xml = build_ok(&p, "escaping");
    ok(xml && strstr(xml, "name=\"A&amp;B &lt;&quot;x&quot;&gt;\""), "escaping: attribute");
    ok(xml && strstr(xml, "<name>a&amp;b</name>"), "escaping: text");
    g_free(xml);
}

int main(void)
{
    test_golden();
    test_table();
    test_defaults();
    test_refusals();
    test_escaping();
    xmlCleanupParser();
    return tap_done();
}
