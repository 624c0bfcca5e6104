/* test-nwfilter.c - the filters of src/net/nwfilter.h against a real
 * database: libvirt's built-in filters seeded once as records with their
 * XML and refused for modify and delete; the XML from exactly one of a file
 * (regular files only: no symbolic link, directory or FIFO; bounded size;
 * UTF-8) and typed text; every rule of add (names, the English name unique
 * among all filters, the XML well-formed with a <filter name> root, a known
 * chain, the name attribute equal to the English name, OP-15, with its
 * rewrite); the list with both filters and paging; modify (the English name
 * read-only, row version) and its job re-defining on the hosts of
 * nwfilter_host; delete refused while a security group uses the filter
 * (OP-16) or a host refuses; nothing written on a refusal, one audit row
 * per success.  The test-driver host has no nwfilter support: it stands for
 * a host that refuses (the real daemon is tests/net/test-filter-real.c).
 * features: M10.2.3.1 M10.2.3.2 M10.2.3.3 M10.2.3.4 M10.2.3.5 */
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
#include <sys/stat.h>
#include <unistd.h>

static struct db *db;
static struct dv_actor sys;
static const struct dv_actor admin = {.user_id = 2, .account = "zhou", .addr = "test"};
static struct testdb tdb;

static const char *const snap_tables[] = {"nwfilter", "nwfilter_host", "secgroup",
                                          "secgroup_filter"};

#include "lib/testcheck.h"

#define NBUILTIN 24 /* the files of data/nwfilter */

static const char web_xml[] = "<filter name='web' chain='ipv4'>\n"
                              "  <!-- the web ports -->\n"
                              "  <rule action='accept' direction='in' priority='500'>\n"
                              "    <tcp dstportstart='80' dstportend='443'/>\n"
                              "  </rule>\n"
                              "</filter>\n";

static int64_t filter_id(const char *name_en)
{
    char *sql = sqlite3_mprintf("SELECT id FROM nwfilter WHERE name_en = %Q", name_en);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : -1;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

static char *write_file(const char *name, const char *text, gssize len)
{
    char *path = g_build_filename(tdb.dir, name, NULL);

    g_file_set_contents(path, text, len, NULL);
    return path;
}

/* nwfilter_add of what a dialog typed, through nwfilter_spec_parse. */
static bool add_typed(const struct dv_actor *a, const struct nwfilter_input *in, int64_t *id,
                      struct dv_error *err)
{
    struct nwfilter_spec s;
    bool ok = nwfilter_spec_parse(in, &s, err) && nwfilter_add(db, a, &s, id, err);

    nwfilter_spec_clear(&s);
    return ok;
}

static bool modify_typed(int64_t id, const struct nwfilter_input *in, int64_t version,
                         struct dv_error *err)
{
    struct nwfilter_spec s;
    bool ok = nwfilter_spec_parse(in, &s, err);

    s.version = version;
    ok = ok && nwfilter_modify(db, &sys, id, &s, err);
    nwfilter_spec_clear(&s);
    return ok;
}

static int64_t version_of(int64_t id)
{
    struct nwfilter f;
    struct dv_error err = {0};
    int64_t v = nwfilter_get(db, id, &f, &err) ? f.row_version : 0;

    nwfilter_clear(&f);
    return v;
}

/* ---------------------------------------------------------------- built-ins */

static void test_builtin(void)
{
    struct dv_error err = {0};
    struct nwfilter f = {0};
    char *path, *want = NULL;
    struct db *again;
    struct snap s;

    is_int(testdb_count(db, "nwfilter", "builtin = 1"), NBUILTIN,
           "M10.2.3.1: the %d stock filters of libvirt are records", NBUILTIN);
    is_int(testdb_count(db, "nwfilter",
                        "builtin = 1 AND description = '内置过滤器 built-in filter' AND "
                        "name_zh = name_en AND created_by = ''"),
           NBUILTIN, "each says 内置过滤器 built-in filter");
    {
        static const char *const fig[] = {
            "allow-incoming-ipv4", "allow-dhcp-server",   "allow-dhcp",
            "allow-arp",           "allow-ipv4",          "clean-traffic",
            "no-ip-spoofing",      "no-arp-mac-spoofing", "no-mac-spoofing"};

        for (size_t i = 0; i < G_N_ELEMENTS(fig); i++)
            ok(filter_id(fig[i]) > 0, "the built-in %s of Fig 10-19/10-25 is there", fig[i]);
    }
    ok(nwfilter_get(db, filter_id("clean-traffic"), &f, &err), "read clean-traffic (%s)", err.msg);
    path = g_strdup_printf("%s/data/nwfilter/clean-traffic.xml", getenv("top_srcdir"));
    g_file_get_contents(path, &want, NULL, NULL);
    is_str(f.xml, want, "its XML is libvirt's file");
    ok(f.builtin, "it is marked built-in");
    g_free(want);
    g_free(path);
    nwfilter_clear(&f);

    /* opening the database again adds nothing */
    s = snap_take();
    again = program_open(tdb.path, false, &err);
    ok(again != NULL, "the database opens a second time (%s)", err.msg);
    db_close(again);
    snap_same(&s, "a second open");

    /* built-ins are read-only */
    s = snap_take();
    {
        struct nwfilter_spec sp = {.name_zh = "x",
                                   .name_en = "clean-traffic",
                                   .xml = (char *)"<filter name='clean-traffic'/>",
                                   .version = 0};
        dv_error_clear(&err);
        refused(nwfilter_modify(db, &sys, filter_id("clean-traffic"), &sp, &err), &err,
                DV_ERR_DENIED, "", "modify a built-in");
        dv_error_clear(&err);
        refused(nwfilter_delete(db, &sys, filter_id("allow-arp"), &err), &err, DV_ERR_DENIED, "",
                "delete a built-in");
    }
    snap_same(&s, "built-ins refused");
}

/* ---------------------------------------------------------------- the XML's source */

static void parse_refused(const struct nwfilter_input *in, const char *field, const char *what)
{
    struct nwfilter_spec s;
    struct dv_error err = {0};
    bool got = nwfilter_spec_parse(in, &s, &err);

    ok(!got, "%s: refused", what);
    is_str(err.field, field, "%s: field", what);
    ok(err.msg[0], "%s: '%s'", what, err.msg);
    ok(s.xml == NULL, "%s: no XML", what);
    nwfilter_spec_clear(&s);
}

static void test_source(void)
{
    struct nwfilter_spec s;
    struct dv_error err = {0};
    char *good = write_file("web.xml", web_xml, -1), *big, *bad, *dir, *link, *fifo, *rel;
    char *huge = g_malloc(NWFILTER_XML_MAX + 2);
    struct snap sn = snap_take();

    parse_refused(&(struct nwfilter_input){.name_en = "web"}, NFF_FILE, "neither file nor XML");
    {
        struct nwfilter_spec s2;

        dv_error_clear(&err);
        nwfilter_spec_parse(&(struct nwfilter_input){.name_en = "web"}, &s2, &err);
        is_str(err.msg, "Provide the filter XML.", "the message is 'Provide the filter XML.'");
    }
    parse_refused(&(struct nwfilter_input){.name_en = "web", .xml_text = "  \n\t "}, NFF_FILE,
                  "blank typed XML counts as none");
    parse_refused(&(struct nwfilter_input){.name_en = "web", .xml_file = good, .xml_text = web_xml},
                  NFF_XML, "both a file and typed XML");
    parse_refused(&(struct nwfilter_input){.xml_file = "/nonexistent/web.xml"}, NFF_FILE,
                  "a missing file");
    rel = g_strdup("web.xml");
    parse_refused(&(struct nwfilter_input){.xml_file = rel}, NFF_FILE, "a relative path");
    link = g_build_filename(tdb.dir, "link.xml", NULL);
    ok(symlink(good, link) == 0, "a symbolic link to the good file");
    parse_refused(&(struct nwfilter_input){.xml_file = link}, NFF_FILE, "a symbolic link");
    dir = g_build_filename(tdb.dir, "adir", NULL);
    g_mkdir(dir, 0700);
    parse_refused(&(struct nwfilter_input){.xml_file = dir}, NFF_FILE, "a directory");
    fifo = g_build_filename(tdb.dir, "fifo", NULL);
    ok(mkfifo(fifo, 0600) == 0, "a FIFO");
    parse_refused(&(struct nwfilter_input){.xml_file = fifo}, NFF_FILE, "a FIFO (not waited on)");
    memset(huge, ' ', NWFILTER_XML_MAX + 1);
    huge[NWFILTER_XML_MAX + 1] = '\0';
    memcpy(huge, "<filter name='web'/>", 20);
    big = write_file("big.xml", huge, -1);
    parse_refused(&(struct nwfilter_input){.xml_file = big}, NFF_FILE, "a file over 64 KB");
    parse_refused(&(struct nwfilter_input){.xml_text = huge}, NFF_XML, "typed XML over 64 KB");
    bad = write_file("latin1.xml", "<filter name='w\xe9'/>", -1);
    parse_refused(&(struct nwfilter_input){.xml_file = bad}, NFF_FILE, "a file not in UTF-8");

    dv_error_clear(&err);
    ok(nwfilter_spec_parse(&(struct nwfilter_input){.name_en = "web", .xml_file = good}, &s, &err),
       "a regular file is read (%s)", err.msg);
    is_str(s.xml, web_xml, "the file's text is the XML");
    nwfilter_spec_clear(&s);
    ok(nwfilter_spec_parse(&(struct nwfilter_input){.name_en = "web", .xml_text = web_xml}, &s,
                           &err),
       "typed XML is taken");
    is_str(s.xml, web_xml, "as typed");
    nwfilter_spec_clear(&s);
    snap_same(&sn, "parsing writes nothing");
    g_free(huge);
    g_free(good);
    g_free(big);
    g_free(bad);
    g_free(dir);
    g_free(link);
    g_free(fifo);
    g_free(rel);
}

/* ---------------------------------------------------------------- add */

struct add_case {
    const char *what;
    const char *zh, *en, *desc, *xml;
    enum dv_status code;
    const char *field;
};

static void test_add(void)
{
    char d257[258], *longxml;
    struct dv_error err = {0};
    struct nwfilter f = {0};
    int64_t id = 0;
    long before = ops();

    ok(add_typed(&sys,
                 &(struct nwfilter_input){.name_zh = "网站端口",
                                          .name_en = "web",
                                          .description = "80-443",
                                          .xml_text = web_xml},
                 &id, &err),
       "M10.2.3.2: add a typed filter (%s)", err.msg);
    logged(before, AUDIT_ADD, "Add filter", "web", "add");
    ok(nwfilter_get(db, id, &f, &err), "read it back");
    is_str(f.name_zh, "网站端口", "Chinese name");
    is_str(f.name_en, "web", "English name");
    is_str(f.description, "80-443", "description");
    is_str(f.xml, web_xml, "the XML as typed");
    is_str(f.created_by, "sysadm", "created by the account");
    ok(f.created_at > 0 && !f.builtin, "created now, not built-in");
    nwfilter_clear(&f);
    is_int(testdb_count(db, "nwfilter_host", NULL), 0, "defined on no host yet");

    memset(d257, 'd', 257);
    d257[257] = '\0';
    longxml = g_strdup_printf("<filter name='%s'/>", d257);
    {
        const struct add_case cases[] = {
            {"duplicate English name", "网站二", "web", "",
             "<filter name='web'><rule action='drop' direction='in'/></filter>", DV_ERR_EXISTS,
             NFF_NAME_EN},
            {"English name of a built-in", "干净", "clean-traffic", "",
             "<filter name='clean-traffic'/>", DV_ERR_EXISTS, NFF_NAME_EN},
            {"empty Chinese name", "", "w2", "", "<filter name='w2'/>", DV_ERR_INVALID,
             NFF_NAME_ZH},
            {"English name with a space", "网", "w 2", "", "<filter name='w 2'/>", DV_ERR_INVALID,
             NFF_NAME_EN},
            {"English name in Chinese", "网", "网站", "", "<filter name='网站'/>", DV_ERR_INVALID,
             NFF_NAME_EN},
            {"description over 256", "网", "w2", d257, "<filter name='w2'/>", DV_ERR_INVALID,
             NFF_DESCRIPTION},
            {"XML not well-formed", "网", "w2", "", "<filter name='w2'>", DV_ERR_INVALID, NFF_XML},
            {"root not <filter>", "网", "w2", "", "<network name='w2'/>", DV_ERR_INVALID, NFF_XML},
            {"no name attribute", "网", "w2", "", "<filter chain='root'/>", DV_ERR_INVALID,
             NFF_XML},
            {"unknown chain", "网", "w2", "", "<filter name='w2' chain='tcp'/>", DV_ERR_INVALID,
             NFF_XML},
            {"chain prefix without suffix", "网", "w2", "", "<filter name='w2' chain='ipv4-'/>",
             DV_ERR_INVALID, NFF_XML},
            {"OP-15: name attribute differs", "网", "w2", "", "<filter name='other'/>",
             DV_ERR_INVALID, NFF_XML},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
            const struct add_case *c = &cases[i];
            struct snap s = snap_take();

            dv_error_clear(&err);
            refused(add_typed(&sys,
                              &(struct nwfilter_input){.name_zh = c->zh,
                                                       .name_en = c->en,
                                                       .description = c->desc,
                                                       .xml_text = c->xml},
                              NULL, &err),
                    &err, c->code, c->field, c->what);
            snap_same(&s, c->what);
        }
    }
    {
        struct snap s = snap_take();

        dv_error_clear(&err);
        refused(add_typed(&admin,
                          &(struct nwfilter_input){
                              .name_zh = "网", .name_en = "w2", .xml_text = "<filter name='w2'/>"},
                          NULL, &err),
                &err, DV_ERR_DENIED, "", "a project admin cannot add (OP-14)");
        snap_same(&s, "a project admin");
    }
    g_free(longxml);

    /* chains libvirt accepts */
    {
        static const char *const chains[] = {"root", "mac",  "stp",  "vlan",     "arp",
                                             "rarp", "ipv4", "ipv6", "ipv4-web", "arp-x"};

        for (size_t i = 0; i < G_N_ELEMENTS(chains); i++) {
            char *name = g_strdup_printf("chain-%zu", i);
            char *xml = g_strdup_printf("<filter name='%s' chain='%s'/>", name, chains[i]);

            dv_error_clear(&err);
            ok(add_typed(
                   &sys,
                   &(struct nwfilter_input){.name_zh = name, .name_en = name, .xml_text = xml},
                   NULL, &err),
               "the chain %s is accepted (%s)", chains[i], err.msg);
            g_free(name);
            g_free(xml);
        }
    }
}

/* OP-15: the console offers to rewrite the name attribute */
static void test_rename(void)
{
    struct nwfilter_spec s;
    struct dv_error err = {0};
    char *found = NULL;
    int64_t id = 0;

    ok(nwfilter_spec_parse(
           &(struct nwfilter_input){.name_zh = "改名", .name_en = "renamed", .xml_text = web_xml},
           &s, &err),
       "parse XML naming 'web' for the filter 'renamed'");
    ok(nwfilter_spec_name_differs(&s, &found), "OP-15: the names differ");
    is_str(found, "web", "the XML's name is reported");
    g_free(found);
    ok(nwfilter_spec_rename(&s, &err), "rewrite the name attribute (%s)", err.msg);
    ok(strstr(s.xml, "name=\"renamed\"") != NULL, "the XML now names 'renamed'");
    ok(strstr(s.xml, "<!-- the web ports -->") && strstr(s.xml, "dstportend=\"443\""),
       "comments and rules are kept");
    found = NULL;
    ok(!nwfilter_spec_name_differs(&s, &found) && !found, "the names agree now");
    ok(nwfilter_add(db, &sys, &s, &id, &err), "and the filter is added (%s)", err.msg);
    nwfilter_spec_clear(&s);
}

/* ---------------------------------------------------------------- list */

static void list_is(const char *en, const char *zh, int64_t offset, int limit, const char *want,
                    int64_t total, const char *what)
{
    struct nwfilter_filter f = {.name_en = en, .name_zh = zh};
    struct nwfilter_page p = {0};
    struct dv_error err = {0};
    GString *got = g_string_new("");

    ok(nwfilter_list(db, &f, offset, limit, &p, &err), "%s: listed (%s)", what, err.msg);
    for (int i = 0; i < p.n; i++)
        g_string_append_printf(got, "%s%s", i ? "," : "", p.rows[i].name_en);
    is_str(got->str, want, "%s: the rows", what);
    is_int(p.total, total, "%s: the total", what);
    ok(p.n == 0 || p.rows[0].xml == NULL, "%s: the list carries no XML", what);
    g_string_free(got, TRUE);
    nwfilter_page_free(&p);
}

static void test_list(void)
{
    list_is("web", NULL, 0, 10, "web", 1, "M10.2.3.1: by English name");
    list_is(NULL, "网站", 0, 10, "web", 1, "by Chinese name");
    list_is("dhcp", NULL, 0, 10, "allow-dhcp-server,allow-dhcp,allow-dhcpv6-server,allow-dhcpv6", 4,
            "a part of the English name");
    list_is("spoof", "spoof", 0, 2, "no-arp-ip-spoofing,no-arp-mac-spoofing", 6,
            "both filters, the first page of 2");
    list_is("spoof", NULL, 4, 4, "no-ipv6-spoofing,no-mac-spoofing", 6, "the last page");
    list_is("100%", NULL, 0, 10, "", 0, "LIKE characters match themselves");
    list_is(NULL, NULL, 0, 1, "allow-arp", NBUILTIN + 12, "everything: built-ins first");
}

/* ---------------------------------------------------------------- modify */

static void test_modify(void)
{
    struct dv_error err = {0};
    struct nwfilter f = {0};
    int64_t id = filter_id("web"), v = version_of(id), host;
    const char *xml2 = "<filter name='web' chain='ipv4'><rule action='drop' direction='in' "
                       "priority='400'/></filter>";
    long before = ops();
    struct snap s;

    ok(modify_typed(
           id,
           &(struct nwfilter_input){
               .name_zh = "网站改", .name_en = "ignored", .description = "新", .xml_text = xml2},
           v, &err),
       "M10.2.3.3: modify (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify filter", "web", "modify");
    nwfilter_get(db, id, &f, &err);
    is_str(f.name_zh, "网站改", "Chinese name saved");
    is_str(f.name_en, "web", "the English name is read-only");
    is_str(f.description, "新", "description saved");
    is_str(f.xml, xml2, "XML saved");
    is_int(f.row_version, v + 1, "row version bumped");
    nwfilter_clear(&f);

    s = snap_take();
    dv_error_clear(&err);
    refused(modify_typed(id, &(struct nwfilter_input){.name_zh = "x", .xml_text = xml2}, v, &err),
            &err, DV_ERR_STALE, "", "a stale version");
    dv_error_clear(&err);
    refused(modify_typed(
                id, &(struct nwfilter_input){.name_zh = "x", .xml_text = "<filter name='web2'/>"},
                0, &err),
            &err, DV_ERR_INVALID, NFF_XML, "the XML names another filter");
    dv_error_clear(&err);
    refused(modify_typed(id, &(struct nwfilter_input){.name_zh = "x"}, 0, &err), &err,
            DV_ERR_INVALID, NFF_FILE, "no XML at all");
    dv_error_clear(&err);
    refused(
        modify_typed(999999, &(struct nwfilter_input){.name_zh = "x", .xml_text = xml2}, 0, &err),
        &err, DV_ERR_NOTFOUND, "", "a filter that is gone");
    snap_same(&s, "modify refusals");

    /* a host of nwfilter_host: the test driver has no nwfilters, so the
     * re-define fails there: the record stays saved, the job says why */
    host = testhost_add(db, &sys, "host-one", "host1.xml");
    ok(nwfilter_remember_host(db, id, host, &err), "the filter is on host-one (%s)", err.msg);
    ok(nwfilter_remember_host(db, id, host, &err), "remembered twice: one row");
    is_int(testdb_count(db, "nwfilter_host", NULL), 1, "one nwfilter_host row");
    before = ops();
    dv_error_clear(&err);
    ok(!modify_typed(id, &(struct nwfilter_input){.name_zh = "又改", .xml_text = web_xml},
                     version_of(id), &err),
       "modify with a host that refuses the define: the job fails");
    ok(strstr(err.msg, "host-one") != NULL, "the message names the host ('%s')", err.msg);
    nwfilter_get(db, id, &f, &err);
    is_str(f.name_zh, "又改", "the record is saved all the same");
    nwfilter_clear(&f);
    logged(before, AUDIT_MODIFY, "Modify filter", "web", "modify with a host");
    {
        char *v2 = testdb_text(db, "SELECT state FROM task ORDER BY id DESC LIMIT 1");

        is_str(v2, "failed", "its task failed");
        g_free(v2);
    }
}

/* ---------------------------------------------------------------- delete */

static void test_delete(void)
{
    struct dv_error err = {0};
    int64_t web = filter_id("web"), ren = filter_id("renamed"), c0 = filter_id("chain-0"),
            c1 = filter_id("chain-1"), gid = 0;
    long before;
    struct snap s;

    /* OP-16: a filter of a security group */
    {
        int64_t refs[] = {c1};
        struct secgroup_spec g = {
            .name = "组一", .top_filter_id = c0, .filter_ids = refs, .nfilters = 1};

        ok(secgroup_add(db, &sys, &g, &gid, &err), "a security group of chain-0 and chain-1 (%s)",
           err.msg);
    }
    s = snap_take();
    dv_error_clear(&err);
    refused(nwfilter_delete(db, &sys, c0, &err), &err, DV_ERR_INUSE, "",
            "M10.2.3.4: delete the top-level filter of a group");
    ok(strstr(err.msg, "组一") != NULL, "the message names the group");
    dv_error_clear(&err);
    refused(nwfilter_delete(db, &sys, c1, &err), &err, DV_ERR_INUSE, "",
            "delete a referenced filter of a group");
    dv_error_clear(&err);
    refused(nwfilter_delete(db, &admin, ren, &err), &err, DV_ERR_DENIED, "",
            "a project admin cannot delete");
    dv_error_clear(&err);
    refused(nwfilter_delete(db, &sys, 999999, &err), &err, DV_ERR_NOTFOUND, "",
            "a filter that is gone");
    snap_same(&s, "delete refusals");

    /* a host refuses the undefine: the record and its host stay */
    s = snap_take();
    dv_error_clear(&err);
    ok(!nwfilter_delete(db, &sys, web, &err), "delete while a host refuses the undefine: fails");
    ok(strstr(err.msg, "host-one") != NULL, "the message names the host ('%s')", err.msg);
    snap_same(&s, "a host refused");

    /* unused, on no host: gone */
    before = ops();
    dv_error_clear(&err);
    ok(nwfilter_delete(db, &sys, ren, &err), "delete an unused filter (%s)", err.msg);
    logged(before, AUDIT_DELETE, "Delete filter", "renamed", "delete");
    is_int(count_where("nwfilter", "id = %lld", (long long)ren), 0, "the record is gone");

    /* the host record gone, nothing stands in the way */
    ok(testdb_count(db, "nwfilter_host", NULL) == 1, "web is still on host-one");
    sqlite3_exec(db_handle(db), "DELETE FROM nwfilter_host", NULL, NULL, NULL);
    dv_error_clear(&err);
    ok(nwfilter_delete(db, &sys, web, &err), "delete web once no host has it (%s)", err.msg);
    ok(secgroup_delete(db, &sys, gid, &err), "delete the group");
    dv_error_clear(&err);
    ok(nwfilter_delete(db, &sys, c0, &err), "then its top-level filter can go (%s)", err.msg);
}

int main(void)
{
    sys = testdb_sysadm();
    virt_init();
    if (!ok(testdb_open(&tdb, false) != NULL, "a fresh database"))
        return tap_done();
    db = tdb.db;
    test_builtin();
    test_source();
    test_add();
    test_rename();
    test_list();
    test_modify();
    test_delete();
    hostconn_close_all();
    testdb_close(&tdb);
    return tap_done();
}
