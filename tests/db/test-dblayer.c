/* test-dblayer.c - the typed data layer: binds by type, rows, get-one, pages,
 * kept statements, row versions (spec P2/OP-6) */
#include "db/db.h"
#include "lib/tap.h"
#include "lib/testdb.h"

struct item {
    int64_t id;
    char *name;
    double weight;
    bool null_note;
};

static bool read_item(const struct db_row *r, void *ctx)
{
    struct item *it = ctx;

    it->id = db_row_int(r, 0);
    it->name = db_row_text(r, 1);
    it->weight = db_row_double(r, 2);
    it->null_note = db_row_is_null(r, 3);
    return true;
}

struct names {
    GString *s;
    int stop_after;
};

static bool append_name(const struct db_row *r, void *ctx)
{
    struct names *n = ctx;

    g_string_append_printf(n->s, "%s%s", n->s->len ? "," : "", db_row_peek(r, 0));
    return --n->stop_after != 0;
}

static bool setup(struct db *db)
{
    struct dv_error err = {0};
    bool ok = db_do(db,
                    "CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT UNIQUE, weight REAL, "
                    "note TEXT, row_version INTEGER NOT NULL DEFAULT 1)",
                    DB_NOARGS, &err);

    for (int i = 1; ok && i <= 25; i++) {
        char name[16];

        g_snprintf(name, sizeof(name), "item-%02d", i);
        ok = db_do(db, "INSERT INTO item(name, weight, note) VALUES (?1, ?2, ?3)",
                   DB_ARGS(DB_T(name), DB_D(i * 1.5), i % 2 ? DB_NULL : DB_T("even")), &err);
    }
    if (!ok)
        printf("# setup: %s\n", err.msg);
    return ok;
}

static void test_binds_and_get(struct db *db)
{
    struct dv_error err = {0};
    struct item it = {0};

    ok(db_get(db, "SELECT id, name, weight, note FROM item WHERE id = ?1", DB_ARGS(DB_I(3)),
              read_item, &it, "gone", &err),
       "db_get finds a row by an integer bind");
    is_str(it.name, "item-03", "text column");
    ok(it.weight == 4.5, "real column bound and read as a double");
    ok(it.null_note, "NULL bound by DB_NULL reads as NULL");
    g_free(it.name);
    it = (struct item){0};
    ok(db_get(db, "SELECT id, name, weight, note FROM item WHERE name = ?1",
              DB_ARGS(DB_T("item-04")), read_item, &it, "gone", &err) &&
           !it.null_note && it.id == 4,
       "db_get by a text bind");
    g_free(it.name);
    ok(!db_get(db, "SELECT id, name, weight, note FROM item WHERE id = ?1", DB_ARGS(DB_I(99)),
               read_item, &it, "The item no longer exists.", &err),
       "db_get without a row fails");
    is_int(err.code, DV_ERR_NOTFOUND, "... with DV_ERR_NOTFOUND");
    is_str(err.msg, "The item no longer exists.", "... and the caller's sentence");
    ok(!db_get(db, "SELECT nonsense FROM item", DB_NOARGS, NULL, NULL, "x", &err) &&
           err.code == DV_ERR_DB,
       "an SQL error is DV_ERR_DB");
}

static void test_query_scalar_changes(struct db *db)
{
    struct dv_error err = {0};
    struct names n = {g_string_new(""), -1};
    int64_t rows = 0, count = 0;
    double sum = 0;

    ok(db_query(db, "SELECT name FROM item WHERE weight > ?1 ORDER BY id", DB_ARGS(DB_D(33.0)),
                append_name, &n, &rows, &err),
       "db_query");
    is_str(n.s->str, "item-23,item-24,item-25", "rows in order, a real bind");
    is_int(rows, 3, "nrows counts the rows");
    g_string_truncate(n.s, 0);
    n.stop_after = 2;
    ok(db_query(db, "SELECT name FROM item ORDER BY id", DB_NOARGS, append_name, &n, &rows, &err),
       "a callback may stop early");
    is_str(n.s->str, "item-01,item-02", "... after two rows");
    g_string_free(n.s, TRUE);
    ok(db_scalar(db, "SELECT count(*) FROM item WHERE note IS NULL", DB_NOARGS, &count, &err),
       "db_scalar");
    is_int(count, 13, "... counts");
    ok(db_scalar(db, "SELECT id FROM item WHERE id = 0", DB_NOARGS, &count, &err) && count == 0,
       "db_scalar without a row gives 0");
    ok(db_scalar_double(db, "SELECT sum(weight) FROM item", DB_NOARGS, &sum, &err) &&
           sum == 487.5,
       "db_scalar_double sums reals");
    ok(db_do(db, "UPDATE item SET note = ?1 WHERE id <= ?2", DB_ARGS(DB_T("low"), DB_I(4)), &err),
       "db_do updates");
    is_int(db_changes(db), 4, "db_changes counts the changed rows");
    ok(db_do(db, "INSERT INTO item(name) VALUES (?1)", DB_ARGS(DB_T("new")), &err), "insert");
    is_int(db_last_id(db), 26, "db_last_id is the new row's id");
    ok(!db_do(db, "INSERT INTO item(name) VALUES (?1)", DB_ARGS(DB_T("new")), &err) &&
           db_error_is_constraint(db),
       "a unique violation is recognized as a constraint error");
}

static void test_page(struct db *db)
{
    struct dv_error err = {0};
    struct names n = {g_string_new(""), -1};
    int64_t total = 0;

    ok(db_query_page(db, "name", "item WHERE name LIKE ?1", "id DESC", DB_ARGS(DB_T("item-1%")),
                     3, 4, &total, append_name, &n, &err),
       "db_query_page");
    is_int(total, 10, "total counts every matching row");
    is_str(n.s->str, "item-16,item-15,item-14,item-13", "one page: offset 3, limit 4, in order");
    g_string_free(n.s, TRUE);
}

static void test_stmt(struct db *db)
{
    struct dv_error err = {0};
    struct db_stmt *st = db_stmt_new(db, "INSERT INTO item(name, weight) VALUES (?1, ?2)", &err);
    bool ran = st != NULL;
    int64_t n = 0;

    for (int i = 0; ran && i < 100; i++) {
        char name[16];

        g_snprintf(name, sizeof(name), "bulk-%03d", i);
        ran = db_stmt_run(st, DB_ARGS(DB_T(name), DB_D(i)), &err);
    }
    ok(ran, "a kept statement runs 100 times (%s)", err.msg);
    db_stmt_free(st);
    db_scalar(db, "SELECT count(*) FROM item WHERE name LIKE 'bulk-%'", DB_NOARGS, &n, &err);
    is_int(n, 100, "... and wrote 100 rows");
}

static void test_versions(struct db *db)
{
    struct dv_error err = {0};
    int64_t v = 0;

    ok(db_bump_version(db, "item", 5, 1, "gone", &err), "the expected version is bumped");
    db_scalar(db, "SELECT row_version FROM item WHERE id = 5", DB_NOARGS, &v, &err);
    is_int(v, 2, "... to 2");
    ok(!db_bump_version(db, "item", 5, 1, "gone", &err), "a stale version is refused");
    is_int(err.code, DV_ERR_STALE, "... with DV_ERR_STALE");
    ok(strstr(err.msg, "changed by someone else") != NULL, "... and says why: %s", err.msg);
    db_scalar(db, "SELECT row_version FROM item WHERE id = 5", DB_NOARGS, &v, &err);
    is_int(v, 2, "... and leaves the version");
    ok(!db_bump_version(db, "item", 9999, 1, "The item no longer exists.", &err) &&
           err.code == DV_ERR_NOTFOUND,
       "a missing record is DV_ERR_NOTFOUND");
    ok(db_bump_version(db, "item", 5, 0, "gone", &err), "expected 0 skips the comparison");
}

int main(void)
{
    struct testdb t;

    if (!testdb_open(&t, false) || !setup(t.db)) {
        ok(false, "a database for the data layer");
        return tap_done();
    }
    test_binds_and_get(t.db);
    test_query_scalar_changes(t.db);
    test_page(t.db);
    test_stmt(t.db);
    test_versions(t.db);
    testdb_close(&t);
    return tap_done();
}
