/* test-secret.c - the security objects of src/secret.h against a real database:
 * add with its rules (refusals write nothing), the value sealed at rest and
 * unsealed only by secret_value, the key file, the list with its filters and
 * paging, modify (usage type fixed, an empty value keeps the old one), delete
 * and the operation log;
 * features: M8.1 M8.2a M8.2b M8.2c M8.2d */
#include "db/audit.h"
#include "storage/secret.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "virt/virt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct db *db;
static struct dv_actor sys;
static const struct dv_actor admin = {.user_id = 2, .account = "zhou", .addr = "test"};

static const char *const snap_tables[] = {"secret"};

#include "lib/testcheck.h"

/* ---------------------------------------------------------------- helpers */

static int64_t secret_id(const char *name_en)
{
    char *sql = sqlite3_mprintf("SELECT id FROM secret WHERE name_en = %Q", name_en);
    char *v = testdb_text(db, sql);
    int64_t id = v ? g_ascii_strtoll(v, NULL, 10) : -1;

    sqlite3_free(sql);
    g_free(v);
    return id;
}

/* The stored value_sealed of id (g_free). */
static char *sealed_of(int64_t id)
{
    char *sql = sqlite3_mprintf("SELECT value_sealed FROM secret WHERE id = %lld", (long long)id);
    char *v = testdb_text(db, sql);

    sqlite3_free(sql);
    return v;
}

/* secret_value of id compared with want. */
static void value_is(int64_t id, const char *want, const char *what)
{
    struct dv_error err = {0};
    size_t len = 0;
    char *v = secret_value(db, id, &len, &err);

    is_str(v, want, "%s: secret_value returns the plain text (%s)", what, err.msg);
    is_int(len, want ? strlen(want) : 0, "%s: secret_value's length", what);
    secret_value_free(v, len);
}

/* A page as "name_en,name_en" (g_free). */
static char *names_of(const struct secret_page *p)
{
    GString *s = g_string_new("");

    for (int i = 0; i < p->n; i++)
        g_string_append_printf(s, "%s%s", i ? "," : "", p->rows[i].name_en);
    return g_string_free(s, FALSE);
}

static void list_is(const char *zh, const char *en, const char *project, const char *usage,
                    int64_t offset, int limit, const char *want, int64_t total, const char *what)
{
    struct secret_filter f = {.name_zh = zh, .name_en = en, .project = project, .usage = usage};
    struct secret_page p = {0};
    struct dv_error err = {0};
    char *got;

    ok(secret_list(db, &f, offset, limit, &p, &err), "%s: listed (%s)", what, err.msg);
    got = names_of(&p);
    is_str(got, want, "%s: the rows", what);
    is_int(p.total, total, "%s: the total", what);
    g_free(got);
    secret_page_free(&p);
}

/* secret_add and secret_modify of what a dialog typed, through
 * secret_spec_parse as the screen does. */
static bool add_typed(struct db *d, const struct dv_actor *a, const struct secret_input *in,
                      int64_t *id, struct dv_error *err)
{
    struct secret_spec s;

    return secret_spec_parse(in, true, &s, err) && secret_add(d, a, &s, id, err);
}

static bool modify_typed(struct db *d, const struct dv_actor *a, int64_t id,
                         const struct secret_input *in, struct dv_error *err)
{
    struct secret_spec s;

    return secret_spec_parse(in, false, &s, err) && secret_modify(d, a, id, &s, err);
}

/* ---------------------------------------------------------------- M8.2b */

struct add_case {
    const char *what;
    struct secret_input in;
    enum dv_status code;
    const char *field;
};

static void test_add(void)
{
    char s65[66], u129[130], u128[129], v129[130], v128[129];
    struct dv_error err = {0};
    struct snap s;
    int64_t id = -1;
    long before;
    char *sealed, *key;
    struct stat st;

    memset(s65, 'n', 65);
    s65[65] = '\0';
    memset(u129, 'u', 129);
    u129[129] = '\0';
    memset(u128, 'u', 128);
    u128[128] = '\0';
    memset(v129, 'v', 129);
    v129[129] = '\0';
    memset(v128, 'v', 128);
    v128[128] = '\0';

    /* a valid one */
    before = ops();
    dv_error_clear(&err);
    ok(add_typed(db, &sys,
                 &(struct secret_input){.name_zh = "存储密码",
                                        .name_en = "iscsi-pw",
                                        .usage_type = "iscsi",
                                        .usage_id = "iqn.2024-01.com.example/disk1",
                                        .description = "第一个",
                                        .value = "s3cret!",
                                        .repeat = "s3cret!"},
                 &id, &err),
       "add iscsi-pw (%s)", err.msg);
    ok(id > 0, "add: the new id is returned (%lld)", (long long)id);
    is_int(count_where("secret",
                       "id = %lld AND name_zh = '存储密码' AND name_en = 'iscsi-pw' AND "
                       "usage_type = 'iscsi' AND usage_id = 'iqn.2024-01.com.example/disk1' AND "
                       "description = '第一个' AND created_at > 0 AND length(uuid) = 36",
                       (long long)id),
           1, "add: every field stored, with a UUID");
    logged(before, AUDIT_ADD, "Add security object", "iscsi-pw", "add iscsi-pw");
    sealed = sealed_of(id);
    ok(sealed && *sealed && strcmp(sealed, "s3cret!") != 0 && !strstr(sealed, "s3cret"),
       "add: value_sealed is not the plain text ('%s')", sealed ? sealed : "(null)");
    g_free(sealed);
    value_is(id, "s3cret!", "add");
    key = g_strdup_printf("%s.key", db_path(db));
    ok(stat(key, &st) == 0, "add: the key file %s exists", key);
    is_int(st.st_mode & 07777, 0600, "add: the key file is mode 0600");
    is_int(st.st_size, 32, "add: the key file holds 32 bytes");
    g_free(key);

    /* boundaries that pass: 128-character usage, 128-byte value, usage with '/' */
    before = ops();
    dv_error_clear(&err);
    ok(add_typed(db, &sys,
                 &(struct secret_input){.name_zh = "卷密钥",
                                        .name_en = "vol.key_1",
                                        .usage_type = "volume",
                                        .usage_id = u128,
                                        .description = NULL,
                                        .value = v128,
                                        .repeat = v128},
                 NULL, &err),
       "add: 128-character usage, 128-byte value, NULL description (%s)", err.msg);
    is_int(count_where("secret", "name_en = 'vol.key_1' AND description = ''"), 1,
           "add: NULL description stored as ''");
    logged(before, AUDIT_ADD, "Add security object", "vol.key_1", "add vol.key_1");
    value_is(secret_id("vol.key_1"), v128, "add 128-byte value");

    /* the same usage with another usage type is allowed */
    before = ops();
    dv_error_clear(&err);
    ok(add_typed(db, &sys,
                 &(struct secret_input){.name_zh = "块存储",
                                        .name_en = "ceph1",
                                        .usage_type = "ceph",
                                        .usage_id = "iqn.2024-01.com.example/disk1",
                                        .description = "",
                                        .value = "k",
                                        .repeat = "k"},
                 NULL, &err),
       "add: the same usage with another usage type (%s)", err.msg);
    logged(before, AUDIT_ADD, "Add security object", "ceph1", "add ceph1");

    {
        const struct add_case cases[] = {
            {"Chinese name with '*'",
             {"存储*密码", "n1", "iscsi", "t1", "", "pw", "pw"},
             DV_ERR_INVALID,
             SCF_NAME_ZH},
            {"empty Chinese name", {"", "n1", "iscsi", "t1", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_NAME_ZH},
            {"65-character Chinese name", {s65, "n1", "iscsi", "t1", "", "pw", "pw"},
             DV_ERR_INVALID, SCF_NAME_ZH},
            {"English name with a Chinese character",
             {"名", "name中", "iscsi", "t1", "", "pw", "pw"},
             DV_ERR_INVALID,
             SCF_NAME_EN},
            {"65-character English name", {"名", s65, "iscsi", "t1", "", "pw", "pw"},
             DV_ERR_INVALID, SCF_NAME_EN},
            {"empty English name", {"名", "", "iscsi", "t1", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_NAME_EN},
            {"usage type nfs", {"名", "n1", "nfs", "t1", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_USAGE_TYPE},
            {"NULL usage type", {"名", "n1", NULL, "t1", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_USAGE_TYPE},
            {"usage with a blank", {"名", "n1", "iscsi", "t 1", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_USAGE_ID},
            {"usage with '*'", {"名", "n1", "iscsi", "t*1", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_USAGE_ID},
            {"empty usage", {"名", "n1", "iscsi", "", "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_USAGE_ID},
            {"129-character usage", {"名", "n1", "iscsi", u129, "", "pw", "pw"}, DV_ERR_INVALID,
             SCF_USAGE_ID},
            {"mismatching repeat", {"名", "n1", "iscsi", "t1", "", "pw", "pW"}, DV_ERR_INVALID,
             SCF_REPEAT},
            {"empty value", {"名", "n1", "iscsi", "t1", "", "", ""}, DV_ERR_INVALID, SCF_VALUE},
            {"NULL value", {"名", "n1", "iscsi", "t1", "", NULL, NULL}, DV_ERR_INVALID,
             SCF_VALUE},
            {"129-byte value", {"名", "n1", "iscsi", "t1", "", v129, v129}, DV_ERR_INVALID,
             SCF_VALUE},
            {"duplicate English name", {"另一个", "iscsi-pw", "iscsi", "t1", "", "pw", "pw"},
             DV_ERR_EXISTS, SCF_NAME_EN},
            {"duplicate usage type and usage",
             {"另一个", "n1", "iscsi", "iqn.2024-01.com.example/disk1", "", "pw", "pw"},
             DV_ERR_EXISTS,
             SCF_USAGE_ID},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
            const struct add_case *c = &cases[i];
            char *what = g_strdup_printf("add: %s", c->what);
            int64_t nid = -1;

            dv_error_clear(&err);
            s = snap_take();
            refused(add_typed(db, &sys, &c->in, &nid, &err), &err, c->code, c->field, what);
            snap_same(&s, what);
            g_free(what);
        }
    }

    s = snap_take();
    dv_error_clear(&err);
    refused(add_typed(db, &admin, &(struct secret_input){"名", "n1", "iscsi", "t1", "", "pw", "pw"},
                      NULL, &err),
            &err, DV_ERR_DENIED, "", "add: not the sysadm");
    snap_same(&s, "add: not the sysadm");
}

/* ---------------------------------------------------------------- M8.2a */

static void test_list(void)
{
    /* after test_add: iscsi-pw (存储密码, iqn.../disk1), vol.key_1 (卷密钥, u*128),
     * ceph1 (块存储, iqn.../disk1) */
    struct dv_error err = {0};
    struct secret one = {0};

    ok(add_typed(db, &sys,
                 &(struct secret_input){"备份存储密码", "backup-pw", "iscsi", "iqn.backup/x",
                                        "备份", "b", "b"},
                 NULL, &err),
       "list fixture: backup-pw (%s)", err.msg);
    list_is(NULL, NULL, NULL, NULL, 0, 50, "iscsi-pw,vol.key_1,ceph1,backup-pw", 4,
            "list: no filter");
    list_is("", "", "", "", 0, 50, "iscsi-pw,vol.key_1,ceph1,backup-pw", 4,
            "list: empty filters");
    list_is("存储", NULL, NULL, NULL, 0, 50, "iscsi-pw,ceph1,backup-pw", 3,
            "list: Chinese name contains 存储");
    list_is("密", NULL, NULL, NULL, 0, 50, "iscsi-pw,vol.key_1,backup-pw", 3,
            "list: Chinese name contains 密");
    list_is(NULL, "PW", NULL, NULL, 0, 50, "iscsi-pw,backup-pw", 2,
            "list: English name contains PW (case-insensitive)");
    list_is(NULL, "_", NULL, NULL, 0, 50, "vol.key_1", 1,
            "list: English name contains '_' (not a wildcard)");
    list_is(NULL, NULL, NULL, "disk1", 0, 50, "iscsi-pw,ceph1", 2, "list: usage contains disk1");
    list_is(NULL, NULL, NULL, "%", 0, 50, "", 0, "list: usage contains '%' (not a wildcard)");
    list_is("存储", "pw", NULL, "backup", 0, 50, "backup-pw", 1, "list: three filters together");
    list_is(NULL, NULL, "项目", NULL, 0, 50, "", 0, "list: no secret is used by a project yet");
    list_is(NULL, NULL, NULL, NULL, 0, 2, "iscsi-pw,vol.key_1", 4, "list: first page of 2");
    list_is(NULL, NULL, NULL, NULL, 2, 2, "ceph1,backup-pw", 4, "list: second page of 2");
    list_is(NULL, NULL, NULL, NULL, 4, 2, "", 4, "list: past the end");
    list_is("存储", NULL, NULL, NULL, 1, 1, "ceph1", 3, "list: filtered, paged");

    dv_error_clear(&err);
    ok(secret_get(db, secret_id("iscsi-pw"), &one, &err), "get iscsi-pw (%s)", err.msg);
    is_str(one.usage_type, "iscsi", "get: usage type");
    is_str(one.usage_id, "iqn.2024-01.com.example/disk1", "get: usage");
    is_str(one.description, "第一个", "get: description");
    ok(one.uuid && strlen(one.uuid) == 36, "get: a UUID");
    is_str(one.projects, "", "get: no project uses it");
    secret_clear(&one);
    dv_error_clear(&err);
    ok(!secret_get(db, 9999, &one, &err) && err.code == DV_ERR_NOTFOUND && err.msg[0],
       "get: a missing id is DV_ERR_NOTFOUND");
}

/* ---------------------------------------------------------------- M8.2c */

static void test_update(void)
{
    int64_t id = secret_id("iscsi-pw"), other = secret_id("backup-pw");
    struct dv_error err = {0};
    struct secret one = {0};
    char *old, *now;
    long before = ops();
    struct snap s;

    old = sealed_of(id);
    dv_error_clear(&err);
    ok(modify_typed(db, &sys, id,
                    &(struct secret_input){"新存储密码", "iscsi-new", "volume", "iqn.new/t2",
                                           "改过", "", ""},
                    &err),
       "modify: names, usage, description, another usage type, empty value (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify security object", "iscsi-new", "modify iscsi-new");
    is_int(count_where("secret",
                       "id = %lld AND name_zh = '新存储密码' AND name_en = 'iscsi-new' AND "
                       "usage_id = 'iqn.new/t2' AND description = '改过'",
                       (long long)id),
           1, "modify: names, usage and description stored");
    is_int(count_where("secret", "id = %lld AND usage_type = 'iscsi'", (long long)id), 1,
           "modify: the usage type is unchanged although 'volume' was passed");
    now = sealed_of(id);
    is_str(now, old, "modify: an empty value keeps the sealed value byte for byte");
    g_free(now);
    value_is(id, "s3cret!", "modify without a value");

    before = ops();
    dv_error_clear(&err);
    ok(modify_typed(db, &sys, id,
                    &(struct secret_input){"新存储密码", "iscsi-new", NULL, "iqn.new/t2", "改过",
                                           "n3w-value", "n3w-value"},
                    &err),
       "modify: a new value (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify security object", "iscsi-new", "modify with a value");
    now = sealed_of(id);
    ok(now && old && strcmp(now, old) != 0 && !strstr(now, "n3w-value"),
       "modify: the sealed value changed and is not the plain text");
    g_free(now);
    g_free(old);
    value_is(id, "n3w-value", "modify with a value");

    dv_error_clear(&err);
    ok(secret_get(db, id, &one, &err), "modify: get (%s)", err.msg);
    is_str(one.usage_type, "iscsi", "modify: get shows the usage type unchanged");
    secret_clear(&one);

    {
        const struct add_case cases[] = {
            {"Chinese name with '*'",
             {"存储*", "iscsi-new", NULL, "iqn.new/t2", "", "", ""},
             DV_ERR_INVALID,
             SCF_NAME_ZH},
            {"English name with a Chinese character",
             {"名", "iscsi新", NULL, "iqn.new/t2", "", "", ""},
             DV_ERR_INVALID,
             SCF_NAME_EN},
            {"usage with a blank", {"名", "iscsi-new", NULL, "iqn new", "", "", ""},
             DV_ERR_INVALID, SCF_USAGE_ID},
            {"mismatching repeat", {"名", "iscsi-new", NULL, "iqn.new/t2", "", "a", "b"},
             DV_ERR_INVALID, SCF_REPEAT},
            {"only the repeat", {"名", "iscsi-new", NULL, "iqn.new/t2", "", "", "a"},
             DV_ERR_INVALID, SCF_VALUE},
            {"English name of another", {"名", "backup-pw", NULL, "iqn.new/t2", "", "", ""},
             DV_ERR_EXISTS, SCF_NAME_EN},
            {"usage of another of the same type",
             {"名", "iscsi-new", NULL, "iqn.backup/x", "", "", ""},
             DV_ERR_EXISTS,
             SCF_USAGE_ID},
        };

        for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
            char *what = g_strdup_printf("modify: %s", cases[i].what);

            dv_error_clear(&err);
            s = snap_take();
            refused(modify_typed(db, &sys, id, &cases[i].in, &err), &err, cases[i].code,
                    cases[i].field, what);
            snap_same(&s, what);
            g_free(what);
        }
    }

    /* the usage of a secret of another type is free (ceph1 has iqn.2024-01.../disk1) */
    before = ops();
    dv_error_clear(&err);
    ok(modify_typed(db, &sys, other,
                    &(struct secret_input){"备份存储密码", "backup-pw", NULL,
                                           "iqn.2024-01.com.example/disk1", "", NULL, NULL},
                    &err),
       "modify: the usage of a secret of another type (%s)", err.msg);
    logged(before, AUDIT_MODIFY, "Modify security object", "backup-pw", "modify backup-pw");
    value_is(other, "b", "modify with NULL value");

    s = snap_take();
    dv_error_clear(&err);
    refused(modify_typed(db, &admin, id, &(struct secret_input){"名", "x1", NULL, "t", "", "", ""},
                         &err),
            &err, DV_ERR_DENIED, "", "modify: not the sysadm");
    snap_same(&s, "modify: not the sysadm");
    s = snap_take();
    dv_error_clear(&err);
    refused(modify_typed(db, &sys, 9999, &(struct secret_input){"名", "x1", NULL, "t", "", "", ""},
                         &err),
            &err, DV_ERR_NOTFOUND, "", "modify: a missing id");
    snap_same(&s, "modify: a missing id");
}

/* ---------------------------------------------------------------- M8.2d */

static void test_delete(void)
{
    int64_t id = secret_id("iscsi-new");
    struct dv_error err = {0};
    struct snap s;
    long before;
    size_t len = 0;
    char *v;

    s = snap_take();
    dv_error_clear(&err);
    refused(secret_delete(db, &admin, id, &err), &err, DV_ERR_DENIED, "",
            "delete: not the sysadm");
    snap_same(&s, "delete: not the sysadm");

    /* used by an iSCSI pool's CHAP authentication: refused by the rule */
    ok(db_do(db,
             "INSERT INTO pool(uuid, name, type, capacity_mb, target_path, auth_user, "
             "auth_secret_id, created_at) VALUES ('c6b1e3f2-0000-4000-8000-000000000001', "
             "'chap-pool', 2, 1, '/dev/disk/by-path', 'chap', ?1, 1)",
             DB_ARGS(DB_I(id)), &err),
       "a pool using iscsi-new (%s)", err.msg);
    s = snap_take();
    dv_error_clear(&err);
    refused(secret_delete(db, &sys, id, &err), &err, DV_ERR_INUSE, "",
            "delete: used by a pool (M8.2d)");
    snap_same(&s, "delete: used by a pool");
    ok(db_do(db, "DELETE FROM pool WHERE name = 'chap-pool'", DB_NOARGS, &err), "the pool gone");

    before = ops();
    dv_error_clear(&err);
    ok(secret_delete(db, &sys, id, &err), "delete iscsi-new (%s)", err.msg);
    is_int(count_where("secret", "id = %lld", (long long)id), 0, "delete: the row is gone");
    is_int(testdb_count(db, "secret", NULL), 3, "delete: the others remain");
    logged(before, AUDIT_DELETE, "Delete security object", "iscsi-new", "delete iscsi-new");

    s = snap_take();
    dv_error_clear(&err);
    refused(secret_delete(db, &sys, id, &err), &err, DV_ERR_NOTFOUND, "", "delete: again");
    snap_same(&s, "delete: again");

    dv_error_clear(&err);
    v = secret_value(db, id, &len, &err);
    ok(!v && err.code == DV_ERR_NOTFOUND, "delete: secret_value of a deleted one is NOTFOUND");
    secret_value_free(v, len);
}

/* issue 8 point 7: while sealed values exist, a missing or damaged key file is
 * refused naming the file, and no new key is made (nothing written). */
static void test_key_lost(void)
{
    char *key = g_strdup_printf("%s.key", db_path(db)), *bak = g_strconcat(key, ".bak", NULL);
    int64_t id = secret_id("vol.key_1");
    struct dv_error err = {0};
    struct snap s;
    size_t len = 0;
    char *v, *contents = NULL;
    gsize n = 0;
    long before = ops();

    ok(testdb_count(db, "secret", NULL) > 0, "key lost: sealed values exist");
    ok(rename(key, bak) == 0, "key lost: the key file is moved away");
    v = secret_value(db, id, &len, &err);
    ok(!v && err.code == DV_ERR_IO && strstr(err.msg, key),
       "key lost: opening a value is refused naming the file (%s)", err.msg);
    secret_value_free(v, len);
    ok(!g_file_test(key, G_FILE_TEST_EXISTS), "key lost: no new key file was made");
    s = snap_take();
    dv_error_clear(&err);
    ok(!add_typed(db, &sys,
                  &(struct secret_input){.name_zh = "新密钥",
                                         .name_en = "after-loss",
                                         .usage_type = "volume",
                                         .usage_id = "/dpfs/x.img",
                                         .value = "abc",
                                         .repeat = "abc"},
                  NULL, &err) &&
           err.code == DV_ERR_IO && strstr(err.msg, key),
       "key lost: adding a value is refused naming the file (%s)", err.msg);
    snap_same(&s, "key lost: add");
    ok(!g_file_test(key, G_FILE_TEST_EXISTS), "key lost: still no new key file");
    is_int(ops(), before, "key lost: no operation-log row");

    /* damaged (0 bytes, as a kill during an in-place write left it) */
    ok(g_file_set_contents(key, "", 0, NULL), "key damaged: a 0-byte key file");
    dv_error_clear(&err);
    v = secret_value(db, id, &len, &err);
    ok(!v && err.code == DV_ERR_IO && strstr(err.msg, key) && strstr(err.msg, "damaged"),
       "key damaged: refused naming the file (%s)", err.msg);
    secret_value_free(v, len);
    ok(g_file_get_contents(key, &contents, &n, NULL) && n == 0,
       "key damaged: the file is left as it was");
    g_free(contents);

    ok(rename(bak, key) == 0, "key restored");
    dv_error_clear(&err);
    v = secret_value(db, id, &len, &err);
    ok(v != NULL, "key restored: the value opens again (%s)", err.msg);
    secret_value_free(v, len);
    g_free(key);
    g_free(bak);
}

/* ---------------------------------------------------------------- main */

int main(void)
{
    struct testdb t;

    virt_init();
    sys = testdb_sysadm();
    db = testdb_open(&t, false);
    ok(db != NULL, "fixture: a fresh database");
    if (db) {
        test_add();
        test_list();
        test_update();
        test_delete();
        test_key_lost();
    }
    testdb_close(&t);
    return tap_done();
}
