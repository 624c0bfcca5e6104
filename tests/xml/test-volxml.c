/* test-volxml.c - the libvirt <volume> XML of src/volxml.h: golden files
 * (tests/data/vol-*.xml, checked against libvirt's schema by
 * tests/check-storage-xml.sh) for raw, qcow2, qcow2 with permissions and features,
 * and an incremental snapshot overlay; allocation 0 and capacity in bytes; compat
 * and lazy_refcounts rules; refusals of missing or wrong parts;
 * features: M9.4.3 M9.4.8.2 */
#include "xml/volxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GIB 1073741824LL

static const struct gcase {
    const char *file;
    struct volxml_spec v;
} golden_cases[] = {
    {"vol-raw.xml", {.name = "data1.img", .capacity = 10 * GIB, .format = "raw"}},
    {"vol-qcow2.xml", {.name = "vol5", .capacity = 80000000000LL, .format = "qcow2"}},
    {"vol-qcow2-perms.xml",
     {.name = "vol6",
      .capacity = 20 * GIB,
      .format = "qcow2",
      .mode = "0666",
      .owner = 107,
      .group = 107,
      .has_owner = true,
      .has_group = true,
      .label = "system_u:object_r:virt_image_t:s0",
      .compat = "1.1",
      .lazy_refcounts = true}},
    {"vol-overlay.xml",
     {.name = "vol5-snap1",
      .capacity = 80000000000LL,
      .backing_path = "/dpfs/dos-pool/vol5",
      .backing_format = "qcow2"}},
};

static void test_golden(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(golden_cases); i++) {
        const struct gcase *c = &golden_cases[i];
        struct dv_error err = {0};
        char *xml = volxml_build(&c->v, &err), *want = golden(c->file);
        xmlDocPtr doc = xml ? xmlReadMemory(xml, strlen(xml), "vol.xml", NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR)
                            : NULL;

        ok(xml != NULL, "%s: built (%s)", c->file, err.msg);
        is_str(xml, want, "%s: byte for byte", c->file);
        ok(doc != NULL, "%s: the document parses", c->file);
        ok(xml && strstr(xml, "<allocation unit=\"bytes\">0</allocation>"),
           "%s: allocation 0 (sparse)", c->file);
        xmlFreeDoc(doc);
        g_free(xml);
        g_free(want);
    }
}

static char *build_ok(const struct volxml_spec *v, const char *what)
{
    struct dv_error err = {0};
    char *xml = volxml_build(v, &err);

    ok(xml != NULL, "%s: built (%s)", what, err.msg);
    return xml;
}

static void test_rules(void)
{
    struct volxml_spec v = golden_cases[1].v;
    char *xml;

    v.lazy_refcounts = true;
    xml = build_ok(&v, "lazy_refcounts without compat");
    ok(xml && strstr(xml, "<compat>1.1</compat>") && strstr(xml, "<lazy_refcounts/>"),
       "lazy_refcounts without compat: 1.1 implied");
    g_free(xml);
    v.lazy_refcounts = false;
    v.compat = "0.10";
    xml = build_ok(&v, "compat 0.10");
    ok(xml && strstr(xml, "<compat>0.10</compat>") && !strstr(xml, "<features"),
       "compat 0.10: no features");
    g_free(xml);
    v = golden_cases[0].v;
    v.compat = "1.1";
    v.lazy_refcounts = true;
    xml = build_ok(&v, "raw with compat and lazy_refcounts");
    ok(xml && !strstr(xml, "<compat") && !strstr(xml, "<features"),
       "raw: compat and lazy_refcounts ignored");
    g_free(xml);
    v = golden_cases[0].v;
    v.mode = "755";
    v.has_owner = true;
    v.owner = 0;
    xml = build_ok(&v, "mode 755, owner root");
    ok(xml && strstr(xml, "<mode>755</mode>") && strstr(xml, "<owner>0</owner>") &&
           !strstr(xml, "<group>"),
       "mode 755, owner 0, no group");
    g_free(xml);
    v = golden_cases[3].v;
    v.format = "qcow2";
    v.backing_format = "raw";
    xml = build_ok(&v, "overlay on a raw volume");
    ok(xml && strstr(xml, "<format type=\"raw\"/>\n  </backingStore>"),
       "overlay: the backing format is the base's");
    g_free(xml);
}

struct rcase {
    const char *what, *field;
    size_t base;
    void (*edit)(struct volxml_spec *v);
};

static void no_name(struct volxml_spec *v)
{
    v->name = NULL;
}
static void zero_cap(struct volxml_spec *v)
{
    v->capacity = 0;
}
static void neg_cap(struct volxml_spec *v)
{
    v->capacity = -1;
}
static void bad_format(struct volxml_spec *v)
{
    v->format = "vdi";
}
static void no_format(struct volxml_spec *v)
{
    v->format = "";
}
static void lazy_010(struct volxml_spec *v)
{
    v->compat = "0.10";
}
static void bad_compat(struct volxml_spec *v)
{
    v->compat = "2";
}
static void bad_mode(struct volxml_spec *v)
{
    v->mode = "0868";
}
static void long_mode(struct volxml_spec *v)
{
    v->mode = "17777";
}
static void neg_owner(struct volxml_spec *v)
{
    v->owner = -1;
}
static void neg_group(struct volxml_spec *v)
{
    v->group = -2;
}
static void raw_overlay(struct volxml_spec *v)
{
    v->format = "raw";
}
static void no_backing_format(struct volxml_spec *v)
{
    v->backing_format = NULL;
}
static void bad_backing_format(struct volxml_spec *v)
{
    v->backing_format = "iso";
}

static void test_refusals(void)
{
    const struct rcase cases[] = {
        {"no name", VLF_NAME, 0, no_name},
        {"capacity 0", VLF_CAPACITY, 0, zero_cap},
        {"capacity -1", VLF_CAPACITY, 1, neg_cap},
        {"format vdi", VLF_FORMAT, 0, bad_format},
        {"no format", VLF_FORMAT, 1, no_format},
        {"lazy_refcounts with compat 0.10", VLF_LAZY, 2, lazy_010},
        {"compat 2", VLF_COMPAT, 1, bad_compat},
        {"mode 0868", VLF_MODE, 2, bad_mode},
        {"mode 17777", VLF_MODE, 2, long_mode},
        {"owner -1", VLF_OWNER, 2, neg_owner},
        {"group -2", VLF_GROUP, 2, neg_group},
        {"a raw overlay", VLF_FORMAT, 3, raw_overlay},
        {"overlay without backing format", VLF_BACKING_FORMAT, 3, no_backing_format},
        {"overlay with backing format iso", VLF_BACKING_FORMAT, 3, bad_backing_format},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        struct volxml_spec v = golden_cases[cases[i].base].v;
        struct dv_error err = {0};
        char *xml;

        cases[i].edit(&v);
        xml = volxml_build(&v, &err);
        ok(xml == NULL && err.code == DV_ERR_INVALID, "%s: refused", cases[i].what);
        is_str(err.field, cases[i].field, "%s: field", cases[i].what);
        ok(err.msg[0] != '\0', "%s: a message ('%s')", cases[i].what, err.msg);
        g_free(xml);
    }
}

static void test_formats(void)
{
    for (size_t i = 0; vol_formats[i]; i++) {
        struct volxml_spec v = {.name = "f", .capacity = 1, .format = vol_formats[i]};
        char *xml = build_ok(&v, vol_formats[i]),
             *want = g_strdup_printf("<format type=\"%s\"/>", vol_formats[i]);

        ok(xml && strstr(xml, want), "format %s written", vol_formats[i]);
        g_free(want);
        g_free(xml);
    }
}

int main(void)
{
    test_golden();
    test_rules();
    test_refusals();
    test_formats();
    xmlCleanupParser();
    return tap_done();
}
