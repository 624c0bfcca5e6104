/* test-secgroup.c - the security groups of src/net/secgroup.h against a real
 * database: add with every rule (name, description, a top-level filter, at
 * least one referenced filter, the top-level filter not counted among them,
 * the name unique, the filters existing), saved although the set is
 * incomplete, with the optional warning (incomplete, not minimal); the
 * list with its filter and paging; details with the referenced filters;
 * modify (a new top-level filter, row version); delete; the filterref a NIC
 * gets; the realization's refusals (a host or group that is gone) and its
 * failure on a host without nwfilter support (the test driver) recording
 * nothing; nothing written on a refusal, one audit row per success.
 * features: M10.2.4.1 M10.2.4.2 M10.2.4.3 M10.2.4.4 M10.2.4.5 */
#include "db/audit.h"
#include "net/nwfilter.h"
#include "net/secgroup.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "lib/teststore.h"
#include "virt/hostconn.h"
#include "virt/virt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct db *db;
static struct dv_actor sys;
static const struct dv_actor admin = {.user_id = 2, .account = "zhou", .addr = "test"};
static struct testdb tdb;

static const char *const snap_tables[] = {"nwfilter", "nwfilter_host", "secgroup",
                                          "secgroup_filter"};

#include "lib/testcheck.h"

static int64_t filter_id(const char *name_en)
{
    char *sql = sqlite3_mprintf("SELECT id FROM nwfilter WHERE name_en = %Q", name_en);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : -1;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

static int64_t add_filter(const char *name, const char *body)
{
    char *xml = g_strdup_printf("<filter name='%s' chain='root'>%s</filter>", name, body);
    struct nwfilter_spec s = {.name_zh = name, .name_en = name, .xml = xml};
    struct dv_error err = {0};
    int64_t id = 0;

    if (!nwfilter_add(db, &sys, &s, &id, &err))
        printf("# add filter %s: %s\n", name, err.msg);
    g_free(xml);
    return id;
}

/* secgroup_add of what a dialog gave, through secgroup_spec_parse. */
static bool add_typed(const struct dv_actor *a, const char *name, const char *desc, const char *top,
                      const int64_t *ids, int n, int64_t *id, struct dv_error *err)
{
    struct secgroup_input in = {
        .name = name, .description = desc, .top_filter = top, .filter_ids = ids, .nfilters = n};
    struct secgroup_spec s;

    return secgroup_spec_parse(&in, &s, err) && secgroup_add(db, a, &s, id, err);
}

static char *idstr(int64_t id)
{
    return g_strdup_printf("%lld", (long long)id);
}

static int64_t web, ssh, dhcp, top, clean, lonely;

static void test_add(void)
{
    struct dv_error err = {0};
    struct secgroup g = {0};
    struct nwfilter_page refs = {0};
    char *t = idstr(top), *w = NULL, d257[258];
    int64_t id = 0;
    long before = ops();

    /* the set is incomplete (top references dhcp, not chosen): saved anyway */
    {
        int64_t ids[] = {web, ssh, top, web};

        ok(add_typed(&sys, "网站组", "web servers", t, ids, 4, &id, &err),
           "M10.2.4.2: add an incomplete group (%s)", err.msg);
    }
    logged(before, AUDIT_ADD, "Add security group", "网站组", "add");
    ok(secgroup_get(db, id, &g, &err), "read it back");
    is_str(g.name, "网站组", "name");
    is_str(g.description, "web servers", "description");
    is_int(g.top_filter_id, top, "top-level filter");
    is_str(g.top_name_en, "dv-top", "top-level filter's English name");
    is_str(g.filters, "dv-ssh, dv-web", "referenced filters: the top one and repeats left out");
    secgroup_clear(&g);
    ok(secgroup_filters(db, id, &refs, &err), "M10.2.4.5: the referenced filters");
    is_int(refs.n, 2, "two of them");
    ok(refs.n == 2 && strcmp(refs.rows[0].name_en, "dv-ssh") == 0 &&
           strcmp(refs.rows[0].name_zh, "dv-ssh") == 0,
       "with English and Chinese names");
    nwfilter_page_free(&refs);
    {
        char *x = secgroup_filterref_xml(db, id, &err);

        is_str(x, "<filterref filter=\"dv-top\"/>\n",
               "a NIC of the group gets the top-level filter's filterref");
        g_free(x);
    }

    memset(d257, 'd', 257);
    d257[257] = '\0';
    {
        int64_t one[] = {web}, only_top[] = {top}, gone[] = {999999};
        char *bad_top = idstr(999999);
        struct {
            const char *what, *name, *desc, *top;
            const int64_t *ids;
            int n;
            enum dv_status code;
            const char *field;
            const struct dv_actor *who;
        } cases[] = {
            {"duplicate name", "网站组", "", t, one, 1, DV_ERR_EXISTS, SGF_NAME, &sys},
            {"empty name", "", "", t, one, 1, DV_ERR_INVALID, SGF_NAME, &sys},
            {"name with a space", "a b", "", t, one, 1, DV_ERR_INVALID, SGF_NAME, &sys},
            {"description over 256", "g2", d257, t, one, 1, DV_ERR_INVALID, SGF_DESCRIPTION, &sys},
            {"no top-level filter", "g2", "", "", one, 1, DV_ERR_INVALID, SGF_TOP, &sys},
            {"top-level filter not a number", "g2", "", "x", one, 1, DV_ERR_INVALID, SGF_TOP, &sys},
            {"top-level filter gone", "g2", "", bad_top, one, 1, DV_ERR_NOTFOUND, SGF_TOP, &sys},
            {"no referenced filter", "g2", "", t, one, 0, DV_ERR_INVALID, SGF_FILTERS, &sys},
            {"only the top-level filter referenced", "g2", "", t, only_top, 1, DV_ERR_INVALID,
             SGF_FILTERS, &sys},
            {"a referenced filter gone", "g2", "", t, gone, 1, DV_ERR_NOTFOUND, SGF_FILTERS, &sys},
            {"a project admin (OP-14)", "g2", "", t, one, 1, DV_ERR_DENIED, "", &admin},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
            struct snap s = snap_take();

            dv_error_clear(&err);
            refused(add_typed(cases[i].who, cases[i].name, cases[i].desc, cases[i].top,
                              cases[i].ids, cases[i].n, NULL, &err),
                    &err, cases[i].code, cases[i].field, cases[i].what);
            snap_same(&s, cases[i].what);
        }
        g_free(bad_top);
    }

    /* the optional warning */
    {
        bool got;
        int64_t ids[] = {web, ssh};
        struct secgroup_spec s = {
            .name = "x", .top_filter_id = top, .filter_ids = ids, .nfilters = 2};

        got = secgroup_set_warning(db, &s, &w, &err);
        ok(got, "the warning is computed (%s)", err.msg);
        ok(w && strstr(w, "dv-dhcp") && strstr(w, "not complete"),
           "incomplete: dv-dhcp is referenced but missing ('%s')", w);
        g_free(w);
        {
            int64_t all[] = {web, ssh, dhcp, filter_id("allow-dhcp")};

            s.filter_ids = all;
            s.nfilters = 4;
            got = secgroup_set_warning(db, &s, &w, &err);
            ok(got && w == NULL, "complete and minimal: no warning ('%s')", w ? w : "");
            g_free(w);
        }
        {
            int64_t extra[] = {web, ssh, dhcp, filter_id("allow-dhcp"), lonely};

            s.filter_ids = extra;
            s.nfilters = 5;
            got = secgroup_set_warning(db, &s, &w, &err);
            ok(got && w && strstr(w, "dv-lonely") && strstr(w, "not minimal"),
               "not minimal: the top-level filter does not reach dv-lonely ('%s')", w);
            g_free(w);
        }
        {
            /* a built-in top references built-ins not in the set */
            int64_t b[] = {filter_id("no-mac-spoofing")};

            s.top_filter_id = clean;
            s.filter_ids = b;
            s.nfilters = 1;
            got = secgroup_set_warning(db, &s, &w, &err);
            ok(got && w && strstr(w, "no-ip-spoofing"),
               "clean-traffic's references count as well ('%s')", w);
            g_free(w);
        }
    }
    g_free(t);
}

static void list_is(const char *name, int64_t offset, int limit, const char *want, int64_t total,
                    const char *what)
{
    struct secgroup_page p = {0};
    struct dv_error err = {0};
    GString *got = g_string_new("");

    ok(secgroup_list(db, name, offset, limit, &p, &err), "%s: listed (%s)", what, err.msg);
    for (int i = 0; i < p.n; i++)
        g_string_append_printf(got, "%s%s:%s", i ? "," : "", p.rows[i].name, p.rows[i].top_name_en);
    is_str(got->str, want, "%s: the rows (name:top-level filter)", what);
    is_int(p.total, total, "%s: the total", what);
    g_string_free(got, TRUE);
    secgroup_page_free(&p);
}

static void test_list(void)
{
    struct dv_error err = {0};
    int64_t ids[] = {filter_id("no-mac-spoofing"), filter_id("no-ip-spoofing")};
    char *c = idstr(clean);

    ok(add_typed(&sys, "干净", "", c, ids, 2, NULL, &err), "a group of built-ins (%s)", err.msg);
    ok(add_typed(&sys, "网站组二", "", c, ids, 1, NULL, &err), "a third group (%s)", err.msg);
    list_is(NULL, 0, 10, "网站组:dv-top,干净:clean-traffic,网站组二:clean-traffic", 3,
            "M10.2.4.1: all, in the order added");
    list_is("网站", 0, 10, "网站组:dv-top,网站组二:clean-traffic", 2, "by name");
    list_is("网站", 1, 1, "网站组二:clean-traffic", 2, "the second page of 1");
    list_is("%", 0, 10, "", 0, "LIKE characters match themselves");
    g_free(c);
}

static void test_choices(void)
{
    struct choice_list l = {0};
    struct dv_error err = {0};
    int64_t gid = 0;
    int on = 0;
    bool label = false;

    db_scalar(db, "SELECT id FROM secgroup WHERE name = '网站组'", DB_NOARGS, &gid, &err);
    ok(secgroup_filter_choices(db, gid, &l, &err), "the filters to pick from (%s)", err.msg);
    is_int(l.n, testdb_count(db, "nwfilter", NULL), "every filter");
    for (int i = 0; i < l.n; i++) {
        on += l.v[i].on;
        label = label || strcmp(l.v[i].label, "dv-web (dv-web)") == 0;
    }
    is_int(on, 2, "the group's two referenced filters are on");
    ok(label, "labels say English name (Chinese name)");
    choice_list_free(&l);
}

static void test_modify_delete(void)
{
    struct dv_error err = {0};
    struct secgroup g = {0};
    int64_t gid = 0, ids[] = {web, dhcp};
    struct secgroup_spec s = {.name = "网站组改",
                              .description = "新",
                              .top_filter_id = ssh,
                              .filter_ids = ids,
                              .nfilters = 2};
    long before;
    struct snap sn;

    db_scalar(db, "SELECT id FROM secgroup WHERE name = '网站组'", DB_NOARGS, &gid, &err);
    secgroup_get(db, gid, &g, &err);
    s.version = g.row_version;
    secgroup_clear(&g);
    before = ops();
    ok(secgroup_modify(db, &sys, gid, &s, &err), "M10.2.4.3: a new top-level filter (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify security group", "网站组改", "modify");
    secgroup_get(db, gid, &g, &err);
    is_str(g.top_name_en, "dv-ssh", "the top-level filter is saved");
    is_str(g.filters, "dv-dhcp, dv-web", "the referenced filters are replaced");
    is_str(g.description, "新", "the description");
    secgroup_clear(&g);
    {
        char *x = secgroup_filterref_xml(db, gid, &err);

        is_str(x, "<filterref filter=\"dv-ssh\"/>\n",
               "the next VM start gets the new top-level filter's filterref");
        g_free(x);
    }
    sn = snap_take();
    dv_error_clear(&err);
    refused(secgroup_modify(db, &sys, gid, &s, &err), &err, DV_ERR_STALE, "", "a stale version");
    s.version = 0;
    s.name = "干净";
    dv_error_clear(&err);
    refused(secgroup_modify(db, &sys, gid, &s, &err), &err, DV_ERR_EXISTS, SGF_NAME,
            "another group's name");
    s.name = "x";
    dv_error_clear(&err);
    refused(secgroup_modify(db, &sys, 999999, &s, &err), &err, DV_ERR_NOTFOUND, "",
            "a group that is gone");
    dv_error_clear(&err);
    refused(secgroup_delete(db, &admin, gid, &err), &err, DV_ERR_DENIED, "",
            "a project admin cannot delete");
    dv_error_clear(&err);
    refused(secgroup_delete(db, &sys, 999999, &err), &err, DV_ERR_NOTFOUND, "",
            "delete a group that is gone");
    snap_same(&sn, "modify and delete refusals");

    /* realization refusals and a host without nwfilter support */
    {
        int64_t host = testhost_add(db, &sys, "host-one", "host1.xml");

        sn = snap_take();
        dv_error_clear(&err);
        refused(secgroup_realize(db, &sys, gid, 999999, &err), &err, DV_ERR_NOTFOUND, "",
                "realize on a host that is gone");
        dv_error_clear(&err);
        refused(secgroup_realize(db, &sys, 999999, host, &err), &err, DV_ERR_NOTFOUND, "",
                "realize a group that is gone");
        dv_error_clear(&err);
        ok(!secgroup_realize(db, &sys, gid, host, &err),
           "realize on the test driver fails (no nwfilter support: %s)", err.msg);
        snap_same(&sn, "nothing recorded for a host that defined nothing");
    }

    before = ops();
    dv_error_clear(&err);
    ok(secgroup_delete(db, &sys, gid, &err), "M10.2.4.4: delete an unused group (%s)", err.msg);
    logged(before, AUDIT_DELETE, "Delete security group", "网站组改", "delete");
    is_int(count_where("secgroup_filter", "secgroup_id = %lld", (long long)gid), 0,
           "its referenced filters' rows are gone");
    ok(filter_id("dv-ssh") > 0, "the filters stay");
}

int main(void)
{
    struct dv_error err = {0};

    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    web = add_filter("dv-web",
                     "<rule action='accept' direction='in'><tcp dstportstart='80'/></rule>");
    ssh = add_filter("dv-ssh",
                     "<rule action='accept' direction='in'><tcp dstportstart='22'/></rule>");
    dhcp = add_filter("dv-dhcp", "<filterref filter='allow-dhcp'/>");
    top = add_filter("dv-top", "<filterref filter='dv-web'/><filterref filter='dv-ssh'/>"
                               "<filterref filter='dv-dhcp'/>");
    lonely = add_filter("dv-lonely", "");
    clean = filter_id("clean-traffic");
    ok(web > 0 && ssh > 0 && dhcp > 0 && top > 0 && lonely > 0 && clean > 0, "the filters");
    (void)err;
    test_add();
    test_list();
    test_choices();
    test_modify_delete();
    hostconn_close_all();
    testdb_close(&tdb);
    return tap_done();
}
