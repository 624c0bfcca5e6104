/* testcheck.h - checks shared by the database tests of the core modules:
 * counting rows, taking a snapshot of the tables an operation may touch and
 * asserting it unchanged after a refusal, a refusal's code and field, and the
 * one operation-log row of a success.  Each is G_GNUC_UNUSED: an includer
 * takes the ones it needs.
 *
 * The including file defines, before including this header,
 *   static struct db *db;                        the database under test
 *   static const char *const snap_tables[];      the tables a snapshot covers */
#ifndef DV_TESTCHECK_H
#define DV_TESTCHECK_H

#include <glib/gstdio.h>
#include <stdarg.h>

G_GNUC_UNUSED static long ops(void)
{
    return testdb_count(db, "op_log", NULL);
}

/* Rows of table matching a WHERE clause built by sqlite3_mprintf (%Q quotes, %lld ids). */
G_GNUC_UNUSED static long count_where(const char *table, const char *fmt, ...)
{
    va_list ap;
    char *where;
    long n;

    va_start(ap, fmt);
    where = sqlite3_vmprintf(fmt, ap);
    va_end(ap);
    n = testdb_count(db, table, where);
    sqlite3_free(where);
    return n;
}

/* Every column of every row of table, one line per row (g_free). */
G_GNUC_UNUSED static char *dump_table(const char *table)
{
    char *sql = g_strdup_printf("SELECT * FROM %s ORDER BY 1, 2", table);
    sqlite3_stmt *st = NULL;
    GString *s = g_string_new(table);

    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) != SQLITE_OK)
        g_string_append_printf(s, ": %s", sqlite3_errmsg(db_handle(db)));
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        g_string_append_c(s, '\n');
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            const unsigned char *v = sqlite3_column_text(st, i);

            g_string_append_printf(s, "%s%s", i ? "|" : "", v ? (const char *)v : "NULL");
        }
    }
    sqlite3_finalize(st);
    g_free(sql);
    return g_string_free(s, FALSE);
}

/* Everything a refused operation must leave alone. */
struct snap {
    char *rows; /* every row of the tables the module touches */
    long ops;
};

G_GNUC_UNUSED static struct snap snap_take(void)
{
    GString *s = g_string_new("");
    struct snap sn;

    for (size_t i = 0; i < G_N_ELEMENTS(snap_tables); i++) {
        char *t = dump_table(snap_tables[i]);

        g_string_append_printf(s, "%s\n", t);
        g_free(t);
    }
    sn.rows = g_string_free(s, FALSE);
    sn.ops = ops();
    return sn;
}

/* Assert that nothing was written since s was taken; frees s. */
G_GNUC_UNUSED static void snap_same(struct snap *s, const char *what)
{
    struct snap now = snap_take();

    ok(g_strcmp0(s->rows, now.rows) == 0, "%s: the tables are unchanged", what);
    is_int(now.ops, s->ops, "%s: no operation-log row", what);
    g_free(s->rows);
    g_free(now.rows);
}

/* A refusal: false, with code and field, and a message. */
G_GNUC_UNUSED static void refused(bool got, const struct dv_error *err, enum dv_status code,
                                  const char *field, const char *what)
{
    ok(!got, "%s: refused", what);
    is_int(err->code, code, "%s: error code", what);
    is_str(err->field, field, "%s: error field", what);
    ok(err->msg[0] != '\0', "%s: a message ('%s')", what, err->msg);
}

/* Exactly one new operation-log row since `before`, the last one with these values. */
G_GNUC_UNUSED static void logged(long before, int type, const char *action, const char *object,
                                 const char *what)
{
    char *where = sqlite3_mprintf("id = (SELECT max(id) FROM op_log) AND type = %d AND "
                                  "user = 'sysadm' AND addr = 'test' AND action = %Q AND "
                                  "object = %Q AND time > 0",
                                  type, action, object);

    is_int(ops(), before + 1, "%s: one operation-log row", what);
    is_int(testdb_count(db, "op_log", where), 1, "%s: the row says %d '%s' '%s'", what, type,
           action, object);
    sqlite3_free(where);
}

/* Remove path and everything below it. */
G_GNUC_UNUSED static void rm_tree(const char *path)
{
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;

    if (d) {
        while ((name = g_dir_read_name(d)) != NULL) {
            char *p = g_build_filename(path, name, NULL);

            rm_tree(p);
            g_free(p);
        }
        g_dir_close(d);
    }
    if (g_remove(path) != 0)
        printf("# cannot remove %s\n", path);
}

#endif
