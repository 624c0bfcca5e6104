/* test-nwfilterxml.c - the filter XML of src/xml/nwfilterxml.h: the checks
 * of a <filter> document (well-formed, root, name, chain, the name equal to
 * the English name, OP-15) with the field they name; the name read back;
 * the rewrite of the name attribute against a golden file (comments, rules
 * and layout kept); the <filterref> names in document order without
 * repeats; the <filterref> a VM NIC of a security group gets (golden); an
 * entity or external DTD is never fetched or expanded.
 * features: M10.2.3.2 M10.2.4.2 */
#include "xml/nwfilterxml.h"
#include "lib/golden.h"
#include "lib/tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void check_is(const char *xml, const char *name, bool want, const char *what)
{
    struct dv_error err = {0};
    bool got = nwfilterxml_check(xml, name, "xml", &err);

    ok(got == want, "%s: %s (%s)", what, want ? "accepted" : "refused", err.msg);
    if (!want) {
        is_str(err.field, "xml", "%s: the field", what);
        is_int(err.code, DV_ERR_INVALID, "%s: the code", what);
    }
}

int main(void)
{
    char *web = golden("nwfilter-web.xml"), *renamed = golden("nwfilter-web-renamed.xml");
    char *ref = golden("nwfilter-filterref.xml"), *v, **refs;
    struct dv_error err = {0};

    check_is(web, "web-in", true, "the golden filter");
    check_is(web, NULL, true, "any name when none is asked");
    check_is(web, "web", false, "OP-15: the name attribute differs from the English name");
    check_is("<filter name='a'/>", "a", true, "an empty filter");
    check_is("<filter name='a' chain='root'/>", "a", true, "chain root");
    check_is("<filter name='a' chain='ipv6-x'/>", "a", true, "a named ipv6 chain");
    check_is("<filter name='a' chain='rooty'/>", "a", false, "an unknown chain");
    check_is("<filter name='a' chain='root-x'/>", "a", false, "root takes no suffix");
    check_is("<filter name='a' chain=''/>", "a", false, "an empty chain");
    check_is("<filter name='a'>", "a", false, "not well-formed");
    check_is("", "a", false, "empty");
    check_is(NULL, "a", false, "none");
    check_is("<filter/>", "a", false, "no name attribute");
    check_is("<filter name=''/>", "", false, "an empty name attribute");
    check_is("<rule name='a'/>", "a", false, "another root element");
    check_is("<x:filter xmlns:x='urn:x' name='a'/>", "a", false, "a filter in a namespace");
    {
        struct dv_error e = {0};

        nwfilterxml_check("<filter name='other'/>", "mine", "xml", &e);
        ok(strstr(e.msg, "other") && strstr(e.msg, "mine"), "the mismatch names both ('%s')",
           e.msg);
    }
    /* never fetched, never expanded */
    check_is("<!DOCTYPE filter SYSTEM 'http://127.0.0.1:9/x.dtd'><filter name='a'/>", "a", true,
             "an external DTD is not fetched");
    {
        const char *xxe = "<!DOCTYPE filter [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"
                          "<filter name='a'><rule action='accept' direction='in'/>&e;</filter>";
        char *r = nwfilterxml_set_name(xxe, "b", "xml", &err);

        ok(r && !strstr(r, "root:"), "an external entity is not substituted");
        g_free(r);
    }

    v = nwfilterxml_name(web);
    is_str(v, "web-in", "the name attribute");
    g_free(v);
    ok(nwfilterxml_name("<network name='x'/>") == NULL, "no filter name of another document");
    ok(nwfilterxml_name("<filter") == NULL, "no name of broken XML");

    v = nwfilterxml_set_name(web, "web", "xml", &err);
    is_str(v, renamed, "OP-15: the name rewritten, everything else kept (golden)");
    if (v && renamed && strcmp(v, renamed) != 0)
        printf("# got:\n%s", v);
    check_is(v, "web", true, "the rewritten XML passes with the English name");
    g_free(v);
    dv_error_clear(&err);
    ok(nwfilterxml_set_name("<filter", "a", "xml", &err) == NULL && !strcmp(err.field, "xml"),
       "no rewrite of broken XML (%s)", err.msg);
    dv_error_clear(&err);
    ok(nwfilterxml_set_name("<pool/>", "a", "xml", &err) == NULL && err.msg[0],
       "no rewrite of another document (%s)", err.msg);

    refs = nwfilterxml_refs(web);
    v = g_strjoinv(",", refs);
    is_str(v, "clean-traffic,allow-dhcp", "the filterrefs in order, without repeats");
    g_free(v);
    g_strfreev(refs);
    refs = nwfilterxml_refs("<filter name='a'><rule action='accept' direction='in'/></filter>");
    is_int(g_strv_length(refs), 0, "no filterrefs");
    g_strfreev(refs);
    refs = nwfilterxml_refs("<broken");
    is_int(g_strv_length(refs), 0, "none of broken XML");
    g_strfreev(refs);

    v = nwfilterxml_filterref("web-in");
    is_str(v, ref, "the NIC's filterref (golden)");
    g_free(v);
    v = nwfilterxml_filterref("a'<b");
    is_str(v, "<filterref filter=\"a'&lt;b\"/>\n", "special characters are escaped");
    g_free(v);

    g_free(web);
    g_free(renamed);
    g_free(ref);
    return tap_done();
}
