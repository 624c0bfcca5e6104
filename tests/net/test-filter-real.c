/* test-filter-real.c - filters and a security group realized on a REAL
 * libvirtd (qemu:///system; tier 4: the test driver has no nwfilter
 * support): secgroup_realize defines every filter of the group that is not
 * a built-in, each one after the filters it references, the top-level one
 * last, and records the host; the host's XML reads back with the rules;
 * realizing again is fine; a filter's modify defines it again there (the
 * host's UUID kept); a filter used by the group is not deleted and stays on
 * the host; deleting the group and then the filters undefines them and
 * leaves nothing, on the host and in nwfilter_host.  Run by
 * tests/net/svc-filter-libvirt.sh with DOSVM_REAL_LIBVIRT=1.
 * features: M10.2.3.2 M10.2.3.3 M10.2.3.4 M10.2.4.2 M10.2.4.3 M10.2.4.4 */
#include "hosts/host.h"
#include "net/nwfilter.h"
#include "net/secgroup.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "virt/hostconn.h"
#include "virt/virt.h"
#include "virt/virtfilter.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define URI "qemu:///system"

static struct db *db;
static struct dv_actor sys;
static virConnectPtr lv;

static void quiet(void *data, virErrorPtr e)
{
    (void)data;
    (void)e;
}

/* The host's XML of filter name (free), or NULL when it is not there. */
static char *host_xml(const char *name)
{
    virNWFilterPtr f = virNWFilterLookupByName(lv, name);
    char *xml = f ? virNWFilterGetXMLDesc(f, 0) : NULL;

    if (f)
        virNWFilterFree(f);
    return xml;
}

static char *host_uuid(const char *name)
{
    virNWFilterPtr f = virNWFilterLookupByName(lv, name);
    char buf[VIR_UUID_STRING_BUFLEN] = "";

    if (f) {
        virNWFilterGetUUIDString(f, buf);
        virNWFilterFree(f);
    }
    return f ? g_strdup(buf) : NULL;
}

static int64_t add_filter(const char *name, const char *xml)
{
    struct nwfilter_spec s = {.name_zh = "测试过滤器", .name_en = name, .xml = (char *)xml};
    struct dv_error err = {0};
    int64_t id = 0;

    ok(nwfilter_add(db, &sys, &s, &id, &err), "add the filter %s (%s)", name, err.msg);
    return id;
}

static int64_t builtin_id(const char *name)
{
    char *sql = sqlite3_mprintf("SELECT id FROM nwfilter WHERE name_en = %Q AND builtin = 1", name);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : 0;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

int main(void)
{
    const char *real = getenv("DOSVM_REAL_LIBVIRT");
    struct dv_error err = {0};
    struct testdb t;
    int64_t host = 0, leaf, mid, top, clean, group = 0;
    char n_leaf[64], n_mid[64], n_top[64], *xml_leaf, *xml_mid, *xml_top, *x, *u1, *u2;

    if (!real || strcmp(real, "1") != 0) {
        printf("1..0 # SKIP needs a real libvirtd (run by svc-filter-libvirt.sh)\n");
        return 0;
    }
    virt_init();
    sys = testdb_sysadm();
    if (!ok(testdb_open(&t, false) != NULL, "a fresh database"))
        return tap_done();
    db = t.db;
    lv = virConnectOpen(URI);
    if (!ok(lv != NULL, "virConnectOpen %s", URI))
        return tap_done();
    virConnSetErrorFunc(lv, NULL, quiet);
    ok(host_add(db, &sys, "real", URI, &host, &err), "the real host (%s)", err.msg);

    snprintf(n_leaf, sizeof(n_leaf), "dvt-leaf-%ld", (long)getpid());
    snprintf(n_mid, sizeof(n_mid), "dvt-mid-%ld", (long)getpid());
    snprintf(n_top, sizeof(n_top), "dvt-top-%ld", (long)getpid());
    xml_leaf = g_strdup_printf("<filter name='%s' chain='ipv4'>\n"
                               "  <rule action='drop' direction='in' priority='210'>\n"
                               "    <ip protocol='udp' dstportstart='5353'/>\n"
                               "  </rule>\n</filter>\n",
                               n_leaf);
    xml_mid = g_strdup_printf("<filter name='%s' chain='root'>\n"
                              "  <filterref filter='%s'/>\n"
                              "  <rule action='accept' direction='out' priority='300'>\n"
                              "    <ip protocol='tcp' dstportstart='22'/>\n"
                              "  </rule>\n</filter>\n",
                              n_mid, n_leaf);
    xml_top = g_strdup_printf("<filter name='%s' chain='root'>\n"
                              "  <filterref filter='clean-traffic'/>\n"
                              "  <filterref filter='%s'/>\n</filter>\n",
                              n_top, n_mid);
    leaf = add_filter(n_leaf, xml_leaf);
    mid = add_filter(n_mid, xml_mid);
    top = add_filter(n_top, xml_top);
    clean = builtin_id("clean-traffic");
    ok(clean > 0, "clean-traffic is a built-in record");
    ok(host_xml(n_leaf) == NULL, "adding a filter defines nothing on the host yet");

    {
        /* the referenced filters in an order that is not the define order */
        int64_t refs[] = {mid, clean, leaf};
        struct secgroup_spec s = {
            .name = "real-web", .top_filter_id = top, .filter_ids = refs, .nfilters = 3};

        ok(secgroup_add(db, &sys, &s, &group, &err), "add the security group (%s)", err.msg);
    }
    dv_error_clear(&err);
    ok(secgroup_realize(db, &sys, group, host, &err), "secgroup_realize (%s)", err.msg);
    x = host_xml(n_leaf);
    ok(x && strstr(x, "dstportstart='5353'"), "the host has %s with its rule", n_leaf);
    free(x);
    x = host_xml(n_mid);
    ok(x && strstr(x, "dstportstart='22'") && strstr(x, n_leaf),
       "the host has %s with its rule and its filterref", n_mid);
    free(x);
    x = host_xml(n_top);
    ok(x && strstr(x, "filter='clean-traffic'"), "the host has the top-level filter %s", n_top);
    free(x);
    is_int(testdb_count(db, "nwfilter_host", NULL), 3,
           "nwfilter_host: the three filters of dosvm on the host, not the built-in");
    {
        char *where = g_strdup_printf("filter_id = %lld", (long long)clean);

        is_int(testdb_count(db, "nwfilter_host", where), 0, "the built-in is not recorded");
        g_free(where);
    }
    {
        char *v = testdb_text(db, "SELECT result FROM task ORDER BY id DESC LIMIT 1");

        ok(v && strstr(v, "3"), "the task says three filters were defined ('%s')", v);
        g_free(v);
    }
    {
        char *v = secgroup_filterref_xml(db, group, &err);
        char *want = g_strdup_printf("<filterref filter=\"%s\"/>\n", n_top);

        is_str(v, want, "a NIC of the group gets the top-level filter's filterref");
        g_free(v);
        g_free(want);
    }
    u1 = host_uuid(n_leaf);
    dv_error_clear(&err);
    ok(secgroup_realize(db, &sys, group, host, &err), "secgroup_realize again (%s)", err.msg);
    is_int(testdb_count(db, "nwfilter_host", NULL), 3, "still three nwfilter_host rows");

    /* modify: defined again on the host, the host's UUID kept */
    {
        struct nwfilter f = {0};
        struct nwfilter_spec s = {.name_zh = "改过的", .name_en = n_leaf};

        nwfilter_get(db, leaf, &f, &err);
        s.xml = g_strdup_printf("<filter name='%s' chain='ipv4'>\n"
                                "  <rule action='drop' direction='in' priority='220'>\n"
                                "    <ip protocol='udp' dstportstart='6000'/>\n"
                                "  </rule>\n</filter>\n",
                                n_leaf);
        s.version = f.row_version;
        dv_error_clear(&err);
        ok(nwfilter_modify(db, &sys, leaf, &s, &err), "modify %s (%s)", n_leaf, err.msg);
        x = host_xml(n_leaf);
        ok(x && strstr(x, "dstportstart='6000'") && !strstr(x, "5353"),
           "the host has the new rule of %s", n_leaf);
        free(x);
        u2 = host_uuid(n_leaf);
        is_str(u2, u1, "the host's UUID of the filter is kept");
        g_free(u2);
        g_free(s.xml);
        nwfilter_clear(&f);
    }
    g_free(u1);

    /* a filter the group uses is not deleted, and stays on the host */
    dv_error_clear(&err);
    ok(!nwfilter_delete(db, &sys, leaf, &err) && err.code == DV_ERR_INUSE,
       "deleting %s, used by the group, is refused (%s)", n_leaf, err.msg);
    x = host_xml(n_leaf);
    ok(x != NULL, "%s is still on the host", n_leaf);
    free(x);

    /* the group goes, then the filters: undefined on the host */
    dv_error_clear(&err);
    ok(secgroup_delete(db, &sys, group, &err), "delete the group (%s)", err.msg);
    {
        int64_t ids[] = {top, mid, leaf};
        const char *names[] = {n_top, n_mid, n_leaf};

        for (int i = 0; i < 3; i++) {
            dv_error_clear(&err);
            ok(nwfilter_delete(db, &sys, ids[i], &err), "delete %s (%s)", names[i], err.msg);
            x = host_xml(names[i]);
            ok(x == NULL, "%s is gone from the host", names[i]);
            free(x);
        }
    }
    is_int(testdb_count(db, "nwfilter_host", NULL), 0, "nwfilter_host is empty");
    is_int(testdb_count(db, "nwfilter", "builtin = 0"), 0, "no filter record of the test left");
    x = host_xml("clean-traffic");
    ok(x != NULL, "the built-in clean-traffic is still on the host");
    free(x);
    {
        /* the virt layer itself: undefine of a filter that is not there */
        struct virt_conn *c = hostconn_get(db, host, &err);

        ok(c && virt_nwfilter_undefine(c, n_leaf, &err), "undefine of a missing filter is true");
        ok(c && !virt_nwfilter_xml(c, n_leaf, &err) && err.code == DV_ERR_NOTFOUND,
           "virt_nwfilter_xml of a missing filter: not found");
    }

    g_free(xml_leaf);
    g_free(xml_mid);
    g_free(xml_top);
    hostconn_close_all();
    virConnectClose(lv);
    testdb_close(&t);
    return tap_done();
}
