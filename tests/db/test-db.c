/* test-db.c - opening, migrating and configuring the database, the initial sysadm;
 * features: M4.5c */
#include "admin/program.h"
#include "admin/user.h"
#include "base/util.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const tables[] = {"user", "op_log", "login_log", "log_purge", "setting"};

/* a new temporary directory and its dosvm.db path (g_free both) */
static char *tmp_db(char **dir)
{
    *dir = g_dir_make_tmp("dosvm-test-XXXXXX", NULL);
    return g_build_filename(*dir, "dosvm.db", NULL);
}

static void test_migrate(void)
{
    struct dv_error err = {0};
    char *dir, *path = tmp_db(&dir), *v;
    struct db *db = db_open(path, &err);
    struct stat sb;

    ok(db != NULL, "db_open creates a new database (%s)", err.msg);
    if (!db)
        goto out;
    ok(db_schema_latest() >= 1, "at least one migration is embedded");
    is_int(db_schema_version(db), db_schema_latest(), "migrated to the newest version");
    is_str(db_path(db), path, "db_path");
    for (size_t i = 0; i < G_N_ELEMENTS(tables); i++) {
        char *where = g_strdup_printf("type = 'table' AND name = '%s'", tables[i]);

        is_int(testdb_count(db, "sqlite_master", where), 1, "table %s exists", tables[i]);
        g_free(where);
    }
    is_int(testdb_count(db, "sqlite_master", "type = 'trigger' AND tbl_name = 'log_purge'"), 2,
           "log_purge has its two triggers");
    is_int(testdb_count(db, "user", NULL), 0, "db_open alone creates no user");
    ok(stat(path, &sb) == 0 && (sb.st_mode & 07777) == 0600, "the file mode is 0600 (%o)",
       (unsigned)(sb.st_mode & 07777));
    v = testdb_text(db, "PRAGMA journal_mode");
    is_str(v, "wal", "journal_mode is WAL");
    g_free(v);
    v = testdb_text(db, "PRAGMA foreign_keys");
    is_str(v, "1", "foreign_keys is on");
    g_free(v);
    ok(db_exec(db, "INSERT INTO setting(key, value) VALUES ('probe', 'kept')", &err),
       "a row written before reopening");
    db_close(db);

    db = db_open(path, &err);
    ok(db != NULL, "reopening succeeds (%s)", db ? "" : err.msg);
    if (db) {
        is_int(db_schema_version(db), db_schema_latest(), "reopening keeps the version");
        is_int(testdb_count(db, "setting", "key = 'probe' AND value = 'kept'"), 1,
               "reopening keeps the data");
        is_int(testdb_count(db, "sqlite_master", "type = 'table' AND name = 'user'"), 1,
               "reopening does not duplicate the schema");
        db_close(db);
    }
out:
    testdb_remove_dir(dir);
    g_free(path);
    g_free(dir);
}

static void test_refusals(void)
{
    struct dv_error err = {0};
    char *dir, *path = tmp_db(&dir), *sql;
    struct db *db = db_open(path, &err);

    sql = g_strdup_printf("PRAGMA user_version = %d", db_schema_latest() + 1);
    ok(db && db_exec(db, sql, &err), "user_version set past the newest migration");
    db_close(db);
    dv_error_clear(&err);
    db = db_open(path, &err);
    ok(db == NULL, "a database newer than the program is refused");
    is_int(err.code, DV_ERR_DB, "  with DV_ERR_DB");
    ok(strstr(err.msg, "newer") != NULL, "  and a message saying so ('%s')", err.msg);
    db_close(db);
    g_free(sql);
    g_free(path);

    path = g_build_filename(dir, "garbage.db", NULL);
    ok(g_file_set_contents(path, "this is not an SQLite database, not at all...........", -1, NULL),
       "a file that is not a database");
    dv_error_clear(&err);
    db = db_open(path, &err);
    ok(db == NULL && err.code == DV_ERR_DB, "is refused with DV_ERR_DB ('%s')", err.msg);
    db_close(db);

    dv_error_clear(&err);
    db = db_open("/dev/null/sub/dosvm.db", &err);
    ok(db == NULL && err.code == DV_ERR_IO, "an impossible directory: DV_ERR_IO ('%s')", err.msg);
    db_close(db);
    testdb_remove_dir(dir);
    g_free(path);
    g_free(dir);
}

static void test_nested_dir(void)
{
    struct dv_error err = {0};
    char *dir = g_dir_make_tmp("dosvm-test-XXXXXX", NULL);
    char *sub = g_build_filename(dir, "a", NULL);
    char *path = g_build_filename(sub, "dosvm.db", NULL);
    struct db *db = db_open(path, &err);
    struct stat sb;

    ok(db != NULL, "db_open creates missing directories (%s)", db ? "" : err.msg);
    ok(stat(sub, &sb) == 0 && S_ISDIR(sb.st_mode) && (sb.st_mode & 0077) == 0,
       "  private to the owner (%o)", (unsigned)(sb.st_mode & 07777));
    db_close(db);
    testdb_remove_dir(sub);
    testdb_remove_dir(dir);
    g_free(path);
    g_free(sub);
    g_free(dir);
}

static bool read_int_col(const struct db_row *r, void *ctx)
{
    *(int64_t *)ctx = db_row_int(r, 0);
    return false;
}

static bool read_texts(const struct db_row *r, void *ctx)
{
    char **out = ctx;

    out[0] = db_row_text(r, 0);
    out[1] = db_row_text(r, 1);
    return false;
}

static void test_helpers(void)
{
    struct testdb t;
    struct db *db = testdb_open(&t, false);
    struct dv_error err = {0};
    char *p = db_like_pattern("5%_a\\b"), *texts[2] = {0};
    int64_t v = 0;

    is_str(p, "%5\\%\\_a\\\\b%", "db_like_pattern escapes %%, _ and \\");
    for (int i = 0; i < 4; i++) {
        static const char *const subjects[] = {"x5%_A\\bx", "5%_a\\b", "55xa\\b", "5%_ab"};
        static const int want[] = {1, 1, 0, 0};

        ok(db_get(db, "SELECT ?1 LIKE ?2 ESCAPE '\\'", DB_ARGS(DB_T(subjects[i]), DB_T(p)),
                  read_int_col, &v, "none", &err) &&
               v == want[i],
           "'%s' %s the pattern", subjects[i], want[i] ? "matches" : "does not match");
    }
    g_free(p);
    p = db_like_pattern(NULL);
    is_str(p, "%%", "db_like_pattern(NULL)");
    g_free(p);

    dv_error_clear(&err);
    ok(!db_do(db, "SELEKT nonsense", DB_NOARGS, &err) && err.code == DV_ERR_DB,
       "db_do of bad SQL: false, DV_ERR_DB");
    dv_error_clear(&err);
    ok(!db_exec(db, "INSERT INTO nowhere VALUES (1)", &err) && err.code == DV_ERR_DB,
       "db_exec of bad SQL: false, DV_ERR_DB");

    ok(db_begin(db, &err) && db_exec(db, "INSERT INTO setting VALUES ('t1', 'x')", &err),
       "begin and insert");
    db_rollback(db);
    is_int(testdb_count(db, "setting", "key = 't1'"), 0, "db_rollback discards");
    ok(db_begin(db, &err) && db_exec(db, "INSERT INTO setting VALUES ('t2', 'x')", &err) &&
           db_commit(db, &err),
       "begin, insert, commit");
    is_int(testdb_count(db, "setting", "key = 't2'"), 1, "db_commit keeps");
    db_rollback(db); /* outside a transaction: harmless */
    is_int(testdb_count(db, "setting", "key = 't2'"), 1, "db_rollback outside a transaction");

    ok(db_get(db, "SELECT ?1 IS NULL, ?2", DB_ARGS(DB_T(NULL), DB_I(INT64_C(9000000000))),
              read_int_col, &v, "none", &err) &&
           v == 1,
       "DB_T(NULL) binds NULL");
    ok(db_scalar(db, "SELECT ?1", DB_ARGS(DB_I(INT64_C(9000000000))), &v, &err) &&
           v == INT64_C(9000000000),
       "DB_I is 64-bit");
    ok(db_get(db, "SELECT ?1, NULL", DB_ARGS(DB_T("文本")), read_texts, texts, "none", &err),
       "two text columns");
    is_str(texts[0], "文本", "db_row_text");
    is_str(texts[1], "", "db_row_text of NULL is \"\"");
    g_free(texts[0]);
    g_free(texts[1]);
    testdb_close(&t);
}

/* M4.5c: the initial sysadm/123456, once */
static void test_core_open(bool must_change)
{
    struct testdb t;
    struct db *db = testdb_open(&t, must_change);
    struct dv_error err = {0};
    struct user u = {0};
    char *where = g_strdup_printf("is_sysadm = 1 AND account = 'sysadm' AND frozen = 0 AND "
                                  "must_change_pw = %d",
                                  must_change);
    const char *m = must_change ? "must_change" : "no must_change";

    ok(db != NULL, "%s: program_open", m);
    if (!db)
        goto out;
    is_int(testdb_count(db, "user", NULL), 1, "%s: exactly one user", m);
    is_int(testdb_count(db, "user", where), 1, "%s: it is sysadm, must_change_pw=%d", m,
           must_change);
    is_int(testdb_count(db, "op_log", NULL) + testdb_count(db, "login_log", NULL), 0,
           "%s: seeding writes no log row", m);
    db_close(db);
    t.db = db = program_open(t.path, !must_change, &err);
    ok(db != NULL, "%s: reopening with program_open", m);
    if (!db)
        goto out;
    is_int(testdb_count(db, "user", "is_sysadm = 1"), 1, "%s: still one sysadm", m);
    is_int(testdb_count(db, "user", where), 1, "%s: reopening changes nothing", m);
    ok(!user_login(db, "sysadm", "1234567", "test", &u, &err) && err.code == DV_ERR_DENIED,
       "%s: login with a wrong password refused", m);
    ok(user_login(db, "sysadm", "123456", "test", &u, &err), "%s: login sysadm/123456", m);
    ok(u.sysadm && u.id == 1 && u.must_change_pw == must_change,
       "%s: logged in as the sysadm (id 1, must_change_pw %d)", m, must_change);
    user_clear(&u);
out:
    g_free(where);
    testdb_close(&t);
}

static unsigned mode_of(const char *path)
{
    struct stat sb;

    return stat(path, &sb) == 0 ? (unsigned)(sb.st_mode & 07777) : 01000;
}

/* In a set-group-ID directory (the package's /var/lib/dosvm of the group
 * dosvm, debian/README.Debian) the database, its WAL files and the key file
 * are the group's too; an old 0600 database there is opened up, and one
 * elsewhere kept private. */
static void test_shared_dir(void)
{
    struct dv_error err = {0};
    char *dir, *path = tmp_db(&dir), *wal = g_strconcat(path, "-wal", NULL);
    char *key = g_strconcat(path, ".key", NULL);
    unsigned char k[32];
    struct db *db;

    ok(chmod(dir, 02770) == 0, "the directory is set-group-ID (2770)");
    ok(dv_shared_dir_usable(dir), "dv_shared_dir_usable");
    db = program_open(path, true, &err);
    ok(db != NULL, "program_open in the shared directory (%s)", err.msg);
    if (db) {
        ok(db_exec(db, "INSERT INTO setting(key, value) VALUES ('probe', 'x')", &err),
           "a write makes the WAL file");
        ok(program_seal_key(db, k, &err), "the key file is made (%s)", err.msg);
        db_close(db);
    }
    is_int(mode_of(path), 0660, "the database is 0660");
    db = db_open(path, &err);
    ok(db && db_exec(db, "INSERT INTO setting(key, value) VALUES ('probe2', 'x')", &err),
       "reopened and written");
    is_int(mode_of(wal), 0660, "its WAL file is 0660");
    db_close(db);
    is_int(mode_of(key), 0640, "the key file is 0640");
    ok(chmod(path, 0600) == 0 && chmod(dir, 0700) == 0, "back to a private directory");
    ok(!dv_shared_dir_usable(dir), "no longer shared");
    db = db_open(path, &err);
    db_close(db);
    is_int(mode_of(path), 0600, "the database stays 0600 there");
    ok(chmod(dir, 02770) == 0, "shared again");
    db = db_open(path, &err);
    db_close(db);
    is_int(mode_of(path), 0660, "an old 0600 database in a shared directory becomes 0660");
    testdb_remove_dir(dir);
    g_free(key);
    g_free(wal);
    g_free(path);
    g_free(dir);
}

static void test_default_path(void)
{
    char *p = program_default_db_path();

    if (geteuid() == 0)
        is_str(p, "/var/lib/dosvm/dosvm.db", "program_default_db_path for root");
    else
        ok(g_str_has_suffix(p, "/dosvm/dosvm.db") && g_path_is_absolute(p),
           "program_default_db_path for a user ('%s')", p);
    g_free(p);
}

/* A database made by version 1 (its migration applied by hand, with a user
 * row) upgrades to the newest schema and keeps its data. */
static void test_upgrade_from_v1(void)
{
    const char *top = getenv("top_srcdir");
    char *dir, *path = tmp_db(&dir), *file, *sql = NULL;
    sqlite3 *h = NULL;
    struct dv_error err = {0};
    struct db *db;
    int64_t n = -1;

    file = g_build_filename(top ? top : ".", "data", "migrations", "0001-foundation.sql", NULL);
    ok(g_file_get_contents(file, &sql, NULL, NULL), "the version 1 migration is readable");
    ok(sqlite3_open(path, &h) == SQLITE_OK && sql &&
           sqlite3_exec(h, sql, NULL, NULL, NULL) == SQLITE_OK &&
           sqlite3_exec(h, "INSERT INTO user(account, name_zh, pw_hash, created_at) "
                           "VALUES ('old', '旧', 'x', 0); PRAGMA user_version = 1",
                        NULL, NULL, NULL) == SQLITE_OK,
       "a version 1 database with a user");
    sqlite3_close(h);
    db = db_open(path, &err);
    ok(db != NULL, "version 1 opens: %s", err.msg);
    if (db) {
        is_int(db_schema_version(db), db_schema_latest(), "upgraded to the newest version");
        ok(db_scalar(db, "SELECT count(*) FROM user WHERE account = 'old' AND project_id IS NULL",
                     DB_NOARGS, &n, &err) &&
               n == 1,
           "the user row is kept, managing no project");
        ok(db_scalar(db, "SELECT count(*) FROM host, project, host_group, project_group",
                     DB_NOARGS, &n, &err),
           "the tables of version 2 exist");
        db_close(db);
    }
    g_free(sql);
    g_free(file);
    testdb_remove_dir(dir);
    g_free(path);
    g_free(dir);
}

int main(void)
{
    test_upgrade_from_v1();
    test_migrate();
    test_refusals();
    test_nested_dir();
    test_helpers();
    test_core_open(true);
    test_core_open(false);
    test_default_path();
    test_shared_dir();
    return tap_done();
}
