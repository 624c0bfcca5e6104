/* test-param.c - system runtime parameters and the console's site parameters;
 * features: M13.2.1 M13.2.2 */
#include "admin/param.h"
#include "admin/siteparam.h"
#include "db/audit.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static struct db *db;
static struct dv_actor sys;
static const struct dv_actor admin = {.user_id = 2, .account = "alice", .addr = "test"};

static const char *const defaults[PARAM_COUNT] = {"30", "50",   "30",        "60",    "15", "5",
                                                  "3",  "5555", "/raid/tmp", "/dpfs", "5",  "15"};

/* Everything a refused save must leave alone. */
struct snap {
    char *settings;
    long ops;
};

static struct snap snap_take(void)
{
    struct snap s = {
        testdb_text(db, "SELECT group_concat(key || '=' || value, char(10)) FROM "
                        "(SELECT * FROM setting ORDER BY key)"),
        testdb_count(db, "op_log", NULL),
    };

    return s;
}

static void snap_same(struct snap *s, const char *what)
{
    struct snap now = snap_take();

    ok(g_strcmp0(s->settings, now.settings) == 0, "%s: the settings are unchanged", what);
    is_int(now.ops, s->ops, "%s: no operation-log row", what);
    g_free(s->settings);
    g_free(now.settings);
}

/* One new operation-log row, type modify by the sysadm, with this action. */
static void logged(long before, const char *action, const char *what)
{
    char *where = sqlite3_mprintf("id = (SELECT max(id) FROM op_log) AND type = 2 AND user = "
                                  "'sysadm' AND addr = 'test' AND action = %Q",
                                  action);

    is_int(testdb_count(db, "op_log", NULL), before + 1, "%s: one operation-log row", what);
    is_int(testdb_count(db, "op_log", where), 1, "%s: the row is '%s' by the sysadm", what, action);
    sqlite3_free(where);
}

/* ---------------------------------------------------------------- M13.2.1 */

static void test_defs(void)
{
    static const struct {
        const char *key;
        enum param_kind kind;
        long min, max;
        int greater_than;
    } want[PARAM_COUNT] = {
        {"vm_collect_interval", PARAM_KIND_INT, 2, 1800, -1},
        {"vm_flush_interval", PARAM_KIND_INT, 4, 1800, PARAM_VM_COLLECT},
        {"host_collect_interval", PARAM_KIND_INT, 5, 1800, -1},
        {"host_history_interval", PARAM_KIND_INT, 10, 3600, PARAM_HOST_COLLECT},
        {"heartbeat_interval", PARAM_KIND_INT, 2, 300, -1},
        {"task_interval", PARAM_KIND_INT, 5, 300, -1},
        {"heartbeat_fail_count", PARAM_KIND_INT, 1, 10, -1},
        {"dosvmd_port", PARAM_KIND_INT, 1, 65535, -1},
        {"vm_temp_dir", PARAM_KIND_PATH, 1, 255, -1},
        {"shared_fs_root", PARAM_KIND_PATH, 1, 255, -1},
        {"login_lock_failures", PARAM_KIND_INT, 3, 100, -1},
        {"login_lock_window", PARAM_KIND_INT, 1, 1440, -1},
    };

    for (int i = 0; i < PARAM_COUNT; i++) {
        const struct param_def *d = param_def((enum param_id)i);

        if (!ok(d != NULL, "param_def(%d)", i))
            continue;
        ok((int)d->id == i && g_strcmp0(d->key, want[i].key) == 0 && d->kind == want[i].kind &&
               d->min == want[i].min && d->max == want[i].max &&
               d->greater_than == want[i].greater_than && d->label && *d->label,
           "param_def(%d): %s %ld-%ld", i, want[i].key, want[i].min, want[i].max);
        is_str(d->def, defaults[i], "param_def(%d): default", i);
    }
    ok(param_def(PARAM_COUNT) == NULL, "param_def(PARAM_COUNT) is NULL");
}

/* The form's path: the texts parsed, then checked or saved. */
static bool check_texts(char *const *texts, struct dv_error *err)
{
    struct param_values v;
    bool ok = param_parse((const char *const *)texts, &v, err) && param_check(&v, err);

    param_values_clear(&v);
    return ok;
}

static bool save_texts(const struct dv_actor *a, char *const *texts, struct dv_error *err)
{
    struct param_values v;
    bool ok = param_parse((const char *const *)texts, &v, err) && param_save(db, a, &v, err);

    param_values_clear(&v);
    return ok;
}

/* The values as the form shows them. */
static char **load_texts(struct dv_error *err)
{
    struct param_values v;
    char **t;

    ok(param_load(db, &v, err), "param_load");
    t = param_texts(&v);
    param_values_clear(&v);
    return t;
}

static void test_load_defaults(void)
{
    struct dv_error err = {0};
    char **v = load_texts(&err);

    is_int(g_strv_length(v), PARAM_COUNT, "param_load gives every parameter");
    for (int i = 0; i < PARAM_COUNT; i++)
        is_str(v[i], defaults[i], "default of %s", param_def((enum param_id)i)->key);
    g_strfreev(v);
    is_int(param_get_int(db, PARAM_VM_COLLECT), 30, "param_get_int default");
    is_int(param_get_int(db, PARAM_DOSVMD_PORT), 5555, "param_get_int port default");
    is_int(param_get_int(db, PARAM_VM_TEMP_DIR), 0, "param_get_int of a path is 0");
    is_int(param_get_int(db, PARAM_COUNT), 0, "param_get_int of no parameter is 0");
}

static void test_ranges(void)
{
    static const struct {
        enum param_id id;
        const char *v;
        const char *field; /* NULL: accepted */
        const char *what;
    } cases[] = {
        {PARAM_VM_COLLECT, "1", "vm_collect_interval", "VM collection 1"},
        {PARAM_VM_COLLECT, "1801", "vm_collect_interval", "VM collection 1801"},
        {PARAM_VM_COLLECT, "abc", "vm_collect_interval", "VM collection not a number"},
        {PARAM_VM_COLLECT, "", "vm_collect_interval", "VM collection blank"},
        {PARAM_VM_COLLECT, "2", NULL, "VM collection 2"},
        {PARAM_VM_COLLECT, "49", NULL, "VM collection 49 (flush 50)"},
        {PARAM_VM_COLLECT, "50", "vm_flush_interval", "VM collection 50 = flush"},
        {PARAM_VM_FLUSH, "30", "vm_flush_interval", "flush = collection"},
        {PARAM_VM_FLUSH, "29", "vm_flush_interval", "flush < collection"},
        {PARAM_VM_FLUSH, "31", NULL, "flush > collection"},
        {PARAM_VM_FLUSH, "1801", "vm_flush_interval", "flush 1801"},
        {PARAM_HOST_COLLECT, "4", "host_collect_interval", "host collection 4"},
        {PARAM_HOST_COLLECT, "60", "host_history_interval", "host collection = history"},
        {PARAM_HOST_HISTORY, "30", "host_history_interval", "history = host collection"},
        {PARAM_HOST_HISTORY, "20", "host_history_interval", "history < host collection"},
        {PARAM_HOST_HISTORY, "3600", NULL, "history 3600"},
        {PARAM_HOST_HISTORY, "3601", "host_history_interval", "history 3601"},
        {PARAM_HEARTBEAT, "1", "heartbeat_interval", "heartbeat 1"},
        {PARAM_HEARTBEAT, "301", "heartbeat_interval", "heartbeat 301"},
        {PARAM_HEARTBEAT, " 40 ", NULL, "heartbeat ' 40 '"},
        {PARAM_TASK_INTERVAL, "4", "task_interval", "task interval 4"},
        {PARAM_HEARTBEAT_FAILS, "11", "heartbeat_fail_count", "heartbeats 11"},
        {PARAM_HEARTBEAT_FAILS, "0", "heartbeat_fail_count", "heartbeats 0"},
        {PARAM_HEARTBEAT_FAILS, "10", NULL, "heartbeats 10"},
        {PARAM_DOSVMD_PORT, "0", "dosvmd_port", "port 0"},
        {PARAM_DOSVMD_PORT, "65536", "dosvmd_port", "port 65536"},
        {PARAM_DOSVMD_PORT, "-1", "dosvmd_port", "port -1"},
        {PARAM_DOSVMD_PORT, "65535", NULL, "port 65535"},
        {PARAM_VM_TEMP_DIR, "raid/tmp", "vm_temp_dir", "relative directory"},
        {PARAM_VM_TEMP_DIR, "", "vm_temp_dir", "empty directory"},
        {PARAM_VM_TEMP_DIR, "/data/临时", NULL, "Chinese directory"},
        {PARAM_SHARED_ROOT, "dpfs", "shared_fs_root", "a relative shared root"},
        {PARAM_SHARED_ROOT, "/mnt/dos", NULL, "another shared root"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *v[PARAM_COUNT + 1] = {NULL};
        struct dv_error err = {0};
        bool got;

        memcpy(v, defaults, sizeof(defaults));
        v[cases[i].id] = (char *)cases[i].v;
        got = check_texts(v, &err);
        if (cases[i].field) {
            struct snap s = snap_take();

            ok(!got && err.code == DV_ERR_INVALID && strcmp(err.field, cases[i].field) == 0,
               "param_check: %s refused on %s (%s)", cases[i].what, cases[i].field, err.msg);
            dv_error_clear(&err);
            ok(!save_texts(&sys, v, &err) && err.code == DV_ERR_INVALID, "param_save: %s refused",
               cases[i].what);
            snap_same(&s, cases[i].what);
        } else {
            ok(got, "param_check: %s accepted (%s)", cases[i].what, err.msg);
        }
    }
}

/* Spec 13.2.1: a listen port of 1024 or below is allowed, with a question. */
static void test_port_warning(void)
{
    static const struct {
        const char *port;
        bool warns;
    } cases[] = {{"1", true}, {"80", true}, {"1024", true}, {"1025", false}, {"5555", false}};

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *v[PARAM_COUNT + 1] = {NULL};
        struct param_values pv;
        struct dv_error err = {0};
        const char *field = NULL;
        char *q;

        memcpy(v, defaults, sizeof(defaults));
        v[PARAM_DOSVMD_PORT] = (char *)cases[i].port;
        ok(param_parse((const char *const *)v, &pv, &err) && param_check(&pv, &err),
           "port %s is allowed (%s)", cases[i].port, err.msg);
        q = param_warning(&pv, &field);
        if (cases[i].warns) {
            ok(q && strstr(q, "dosvmd listen port") && strstr(q, cases[i].port) &&
                   strstr(q, "1024"),
               "port %s: a question naming the field, the port and 1024: %s", cases[i].port,
               q ? q : "(none)");
            is_str(field, "dosvmd_port", "port %s: the question's field", cases[i].port);
        } else {
            ok(q == NULL, "port %s: no question", cases[i].port);
        }
        g_free(q);
        param_values_clear(&pv);
    }
}

static void test_save(void)
{
    static const char *const values[PARAM_COUNT] = {
        "60", "100", "40", " 120 ", "20", "10", "5", "6000", "/data/tmp", "/mnt/dos", "7", "30"};
    static const long ints[PARAM_DOSVMD_PORT + 1] = {60, 100, 40, 120, 20, 10, 5, 6000};
    struct dv_error err = {0};
    struct snap s = snap_take();
    char **v;
    long ops = testdb_count(db, "op_log", NULL);

    ok(!save_texts(&admin, (char *const *)values, &err) && err.code == DV_ERR_DENIED,
       "param_save by a project admin refused");
    snap_same(&s, "param_save by a project admin");

    dv_error_clear(&err);
    ok(save_texts(&sys, (char *const *)values, &err), "param_save valid values (%s)", err.msg);
    logged(ops, "Modify system runtime parameters", "param_save");
    v = load_texts(&err);
    for (int i = 0; i < PARAM_COUNT; i++) {
        char *want = g_strstrip(g_strdup(values[i]));

        is_str(v[i], want, "saved %s persists", param_def((enum param_id)i)->key);
        g_free(want);
    }
    g_strfreev(v);
    for (int i = 0; i <= PARAM_DOSVMD_PORT; i++)
        is_int(param_get_int(db, (enum param_id)i), ints[i], "param_get_int %s",
               param_def((enum param_id)i)->key);
    is_int(testdb_count(db, "setting", "key = 'host_history_interval' AND value = '120'"), 1,
           "values are stored trimmed");

    {
        /* a caller without a form (dosvmd) hands numbers: the ranges still hold */
        struct param_values pv;
        struct snap s2;

        param_load(db, &pv, &err);
        pv.n[PARAM_HEARTBEAT] = 301;
        s2 = snap_take();
        dv_error_clear(&err);
        ok(!param_save(db, &sys, &pv, &err) && err.code == DV_ERR_INVALID &&
               strcmp(err.field, "heartbeat_interval") == 0,
           "param_save of typed values: heartbeat 301 refused, naming the field (%s)", err.msg);
        snap_same(&s2, "param_save of typed values out of range");
        param_values_clear(&pv);
    }
    ok(setting_put(db, "heartbeat_interval", "nonsense", &err), "a damaged stored value");
    is_int(param_get_int(db, PARAM_HEARTBEAT), 15, "param_get_int falls back to the default");
}

static void test_settings(void)
{
    struct dv_error err = {0};
    char *v = setting_get(db, "no_such_key", "dflt");

    is_str(v, "dflt", "setting_get of an absent key gives the default");
    g_free(v);
    v = setting_get(db, "no_such_key", NULL);
    is_str(v, "", "setting_get with a NULL default gives \"\"");
    g_free(v);
    ok(setting_put(db, "k1", "值一", &err) && setting_put(db, "k1", "值二", &err),
       "setting_put twice");
    v = setting_get(db, "k1", "dflt");
    is_str(v, "值二", "setting_put replaces");
    g_free(v);
    is_int(testdb_count(db, "setting", "key = 'k1'"), 1, "one row per key");
}

/* ---------------------------------------------------------------- M13.2.2 */

/* a readable file dir/name (g_free the path) */
static char *make_file(const char *dir, const char *name)
{
    char *p = g_build_filename(dir, name, NULL);

    if (!g_file_set_contents(p, "-----BEGIN TEST-----\n", -1, NULL))
        printf("# cannot write %s\n", p);
    return p;
}

static void test_site_defaults(void)
{
    struct site_params sp;
    struct dv_error err = {0};
    char *pw;

    ok(site_load(db, &sp, &err), "site_load on a fresh database");
    ok(g_strcmp0(sp.dosvmd_host, "127.0.0.1") == 0 && !sp.use_tls && g_strcmp0(sp.ca, "") == 0 &&
           g_strcmp0(sp.cert, "") == 0 && g_strcmp0(sp.key, "") == 0 && !sp.has_password,
       "site defaults: 127.0.0.1, no TLS, no paths, no password");
    site_params_clear(&sp);
    ok(sp.dosvmd_host == NULL, "site_params_clear empties the struct");
    pw = site_password(db, &err);
    is_str(pw, "", "site_password without a stored one is \"\"");
    g_free(pw);
}

static void test_site_refusals(const char *dir, const char *ca, const char *cert, const char *key)
{
    char *star = make_file(dir, "k*.pem"), *missing = g_build_filename(dir, "none.pem", NULL);
    char *p129 = g_strnfill(129, 'a'), *keypath = g_strconcat(dir, "/dosvm.db.key", NULL);
    const struct {
        struct site_input in;
        const char *field, *what;
    } cases[] = {
        {{"1.2.3", false, "", "", "", "", ""}, SF_HOST, "host 1.2.3"},
        {{"", false, "", "", "", "", ""}, SF_HOST, "empty host"},
        {{"host.example", false, "", "", "", "", ""}, SF_HOST, "a host name"},
        {{"10.0.0.1", true, "", cert, key, "", ""}, SF_CA, "TLS, no CA"},
        {{"10.0.0.1", true, missing, cert, key, "", ""}, SF_CA, "TLS, missing CA file"},
        {{"10.0.0.1", true, ca, missing, key, "", ""}, SF_CERT, "TLS, missing cert file"},
        {{"10.0.0.1", true, ca, cert, missing, "", ""}, SF_KEY, "TLS, missing key file"},
        {{"10.0.0.1", true, ca, cert, star, "", ""}, SF_KEY, "TLS, key path with '*'"},
        {{"10.0.0.1", false, "", "", "", "pw1", "pw2"}, SF_CONFIRM, "passwords differ"},
        {{"10.0.0.1", false, "", "", "", "pw1", ""}, SF_CONFIRM, "confirmation missing"},
        {{"10.0.0.1", false, "", "", "", "", "pw2"}, SF_CONFIRM, "password missing"},
        {{"10.0.0.1", false, "", "", "", p129, p129}, SF_PASSWORD, "129-character password"},
    };
    struct dv_error err = {0};
    struct snap s;
    bool tls = true;

    ok(!site_tls_parse("2", &tls, &err) && err.code == DV_ERR_INVALID &&
           strcmp(err.field, SF_USE_TLS) == 0 && tls,
       "site_tls_parse: use_tls '2' refused on %s (%s)", SF_USE_TLS, err.msg);
    ok(site_tls_parse("0", &tls, &err) && !tls && site_tls_parse("1", &tls, &err) && tls,
       "site_tls_parse: '0' is No, '1' is Yes");
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *what = g_strdup_printf("site_save: %s", cases[i].what);

        s = snap_take();
        dv_error_clear(&err);
        ok(!site_save(db, &sys, &cases[i].in, &err) && err.code == DV_ERR_INVALID &&
               strcmp(err.field, cases[i].field) == 0,
           "%s: refused on %s (%s: %s)", what, cases[i].field, err.field, err.msg);
        snap_same(&s, what);
        g_free(what);
    }
    s = snap_take();
    dv_error_clear(&err);
    ok(!site_save(db, &admin, &cases[0].in, &err) && err.code == DV_ERR_DENIED,
       "site_save by a project admin refused");
    snap_same(&s, "site_save by a project admin");
    ok(!g_file_test(keypath, G_FILE_TEST_EXISTS), "refusals create no key file");
    g_remove(star);
    g_free(star);
    g_free(missing);
    g_free(p129);
    g_free(keypath);
}

static void test_site_save(const char *ca, const char *cert, const char *key)
{
    const struct site_input in = {"192.168.2.189", true, ca, cert, key, "密码pass", "密码pass"};
    struct site_input keep = {"192.168.2.190", true, ca, cert, key, "", ""};
    struct dv_error err = {0};
    struct site_params sp;
    char *stored, *again, *pw, *keypath = g_strconcat(db_path(db), ".key", NULL);
    long ops = testdb_count(db, "op_log", NULL);
    struct stat sb;
    gsize sealed_len = 0;

    ok(site_save(db, &sys, &in, &err), "site_save with TLS and real files (%s)", err.msg);
    logged(ops, "Modify management-site parameters", "site_save");
    ok(site_load(db, &sp, &err) && g_strcmp0(sp.dosvmd_host, "192.168.2.189") == 0 && sp.use_tls &&
           g_strcmp0(sp.ca, ca) == 0 && g_strcmp0(sp.cert, cert) == 0 &&
           g_strcmp0(sp.key, key) == 0 && sp.has_password,
       "site_load reads the saved values back");
    site_params_clear(&sp);
    stored = testdb_text(db, "SELECT value FROM setting WHERE key = 'tls_password'");
    ok(stored && *stored && !strstr(stored, "密码pass"),
       "the stored tls_password is not the clear text ('%s')", stored ? stored : "");
    g_free(g_base64_decode(stored ? stored : "", &sealed_len));
    is_int(sealed_len, 24 + 16 + strlen("密码pass"), "  but base64 of nonce, MAC and cipher");
    pw = site_password(db, &err);
    is_str(pw, "密码pass", "site_password unseals the clear text");
    g_free(pw);
    ok(stat(keypath, &sb) == 0 && (sb.st_mode & 0777) == 0600 && sb.st_size == 32,
       "the seal key beside the database: 32 bytes, mode 0600");

    ok(site_save(db, &sys, &keep, &err), "site_save with empty password fields (%s)", err.msg);
    again = testdb_text(db, "SELECT value FROM setting WHERE key = 'tls_password'");
    is_str(again, stored, "empty password fields keep the stored pass phrase");
    pw = site_password(db, &err);
    is_str(pw, "密码pass", "  which still unseals");
    g_free(pw);
    g_free(again);

    keep.password = keep.confirm = "new";
    keep.use_tls = false;
    ok(site_save(db, &sys, &keep, &err), "site_save a new pass phrase, TLS off");
    pw = site_password(db, &err);
    is_str(pw, "new", "the new pass phrase unseals");
    g_free(pw);
    ok(site_load(db, &sp, &err) && !sp.use_tls && sp.has_password, "TLS off is stored");
    site_params_clear(&sp);

    ok(g_remove(keypath) == 0, "the key file is lost");
    dv_error_clear(&err);
    pw = site_password(db, &err);
    ok(pw == NULL && err.code == DV_ERR_IO, "site_password with another key fails (%s)", err.msg);
    g_free(pw);
    g_free(stored);
    g_free(keypath);
}

int main(void)
{
    struct testdb t;
    char *ca, *cert, *key;

    sys = testdb_sysadm();
    test_defs();
    db = testdb_open(&t, false);
    if (!ok(db != NULL, "a fresh database")) {
        testdb_close(&t);
        return tap_done();
    }
    test_load_defaults();
    test_ranges();
    test_port_warning();
    test_save();
    test_settings();
    ca = make_file(t.dir, "ca.pem");
    cert = make_file(t.dir, "客户端.pem");
    key = make_file(t.dir, "client-key.pem");
    test_site_defaults();
    test_site_refusals(t.dir, ca, cert, key);
    test_site_save(ca, cert, key);
    g_free(ca);
    g_free(cert);
    g_free(key);
    testdb_close(&t);
    return tap_done();
}
