/* test-secretxml.c - the libvirt <secret> XML of src/secretxml.h: golden files
 * for each usage type (tests/data/secret-*.xml), an unknown usage type, and
 * the document read back with libxml2 (private, persistent, UUID, the usage
 * element of each type, XML special characters escaped);
 * features: M8.1 */
#include "xml/secretxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct secret mk(const char *uuid, const char *name_en, const char *type,
                        const char *usage, const char *description)
{
    struct secret s = {.id = 1,
                       .uuid = (char *)uuid,
                       .name_zh = (char *)"安全对象",
                       .name_en = (char *)name_en,
                       .usage_type = (char *)type,
                       .usage_id = (char *)usage,
                       .description = (char *)description,
                       .projects = (char *)""};

    return s;
}

/* The string value of an XPath expression on doc (g_free); NULL when it fails. */
static char *xpath(xmlDocPtr doc, const char *expr)
{
    xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr o = ctx ? xmlXPathEvalExpression(BAD_CAST expr, ctx) : NULL;
    char *v = NULL;

    if (o) {
        xmlChar *s = xmlXPathCastToString(o);

        v = g_strdup((const char *)s);
        xmlFree(s);
    }
    xmlXPathFreeObject(o);
    xmlXPathFreeContext(ctx);
    return v;
}

static void xpath_is(xmlDocPtr doc, const char *expr, const char *want, const char *what)
{
    char *got = xpath(doc, expr);

    is_str(got, want, "%s: %s", what, expr);
    g_free(got);
}

struct gcase {
    const char *file, *uuid, *name_en, *type, *usage, *description, *element, *want_desc;
};

static void test_golden(void)
{
    const struct gcase cases[] = {
        {"secret-iscsi.xml", "6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f", "iscsi-pw", "iscsi",
         "iqn.2024-01.com.example/storage.disk1", "存储的访问密码", "target",
         "iscsi-pw: 存储的访问密码"},
        {"secret-volume.xml", "0b7d3f4a-9c2e-4f61-a5d8-1e2f3a4b5c6d", "vol.key_1", "volume",
         "/var/lib/libvirt/images/encrypted.qcow2", "", "volume", "vol.key_1"},
        {"secret-ceph.xml", "c2a9e8b1-7d6f-4e3c-9b0a-5f4e3d2c1b0a", "ceph_client", "ceph",
         "client.admin", "Ceph client.admin key", "name", "ceph_client: Ceph client.admin key"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const struct gcase *c = &cases[i];
        struct secret s = mk(c->uuid, c->name_en, c->type, c->usage, c->description);
        struct dv_error err = {0};
        char *xml = secretxml_build(&s, &err), *want = golden(c->file), *expr;
        xmlDocPtr doc;

        ok(xml != NULL, "%s: built (%s)", c->type, err.msg);
        is_str(xml, want, "%s: byte for byte as %s", c->type, c->file);
        doc = xml ? xmlReadMemory(xml, strlen(xml), "secret.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
                  : NULL;
        ok(doc != NULL, "%s: the document parses", c->type);
        xpath_is(doc, "name(/*)", "secret", c->type);
        xpath_is(doc, "string(/secret/@private)", "yes", c->type);
        xpath_is(doc, "string(/secret/@ephemeral)", "no", c->type);
        xpath_is(doc, "string(/secret/uuid)", c->uuid, c->type);
        xpath_is(doc, "string(/secret/description)", c->want_desc, c->type);
        xpath_is(doc, "string(/secret/usage/@type)", c->type, c->type);
        xpath_is(doc, "string(count(/secret/usage/*))", "1", c->type);
        xpath_is(doc, "name(/secret/usage/*)", c->element, c->type);
        expr = g_strdup_printf("string(/secret/usage/%s)", c->element);
        xpath_is(doc, expr, c->usage, c->type);
        g_free(expr);
        xmlFreeDoc(doc);
        g_free(xml);
        g_free(want);
    }
}

static void test_unknown_type(void)
{
    const char *types[] = {"nfs", "", "ISCSI", "tls"};

    for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
        struct secret s = mk("6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f", "x", types[i], "u", "");
        struct dv_error err = {0};
        char *xml = secretxml_build(&s, &err);

        ok(xml == NULL, "usage type '%s': no XML", types[i]);
        is_int(err.code, DV_ERR_INVALID, "usage type '%s': DV_ERR_INVALID", types[i]);
        is_str(err.field, SCF_USAGE_TYPE, "usage type '%s': the field", types[i]);
        ok(err.msg[0] != '\0', "usage type '%s': a message ('%s')", types[i], err.msg);
        g_free(xml);
    }
    {
        struct secret s = mk("6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f", "x", NULL, "u", "");
        struct dv_error err = {0};
        char *xml = secretxml_build(&s, &err);

        ok(xml == NULL && err.code == DV_ERR_INVALID, "usage type NULL: no XML, DV_ERR_INVALID");
        g_free(xml);
    }
}

static void test_escaping(void)
{
    const char *desc = "a<b & c \"d\" 'e' ]]> f>";
    struct secret s = mk("6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f", "esc", "volume",
                         "/tmp/a&b<c", desc);
    struct dv_error err = {0};
    char *xml = secretxml_build(&s, &err), *want = g_strdup_printf("esc: %s", desc);
    xmlDocPtr doc;

    ok(xml != NULL, "escaping: built (%s)", err.msg);
    doc = xml ? xmlReadMemory(xml, strlen(xml), "secret.xml", NULL,
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)
              : NULL;
    ok(doc != NULL, "escaping: the document parses");
    ok(xml && strstr(xml, "a&lt;b &amp; c") != NULL, "escaping: '<' and '&' are escaped");
    ok(xml && !strstr(xml, "a<b"), "escaping: no raw '<' from the description");
    xpath_is(doc, "string(/secret/description)", want, "escaping: description reads back");
    xpath_is(doc, "string(/secret/usage/volume)", "/tmp/a&b<c", "escaping: usage reads back");
    xpath_is(doc, "string(count(/secret/*))", "3", "escaping: no extra elements");
    xmlFreeDoc(doc);
    g_free(xml);
    g_free(want);
}

int main(void)
{
    test_golden();
    test_unknown_type();
    test_escaping();
    xmlCleanupParser();
    return tap_done();
}
