/* testdb.h - a fresh temporary database for the database tests (a helper, not a test)
 *
 *   struct testdb t;
 *   testdb_open(&t, false);            -- program_open() in a new g_dir_make_tmp() directory
 *   struct dv_actor a = testdb_sysadm();
 *   testdb_count(t.db, "op_log", "type = 1");
 *   char *v = testdb_text(t.db, "SELECT value FROM setting WHERE key = 'x'");
 *   testdb_close(&t);                  -- closes and removes the directory with its files */
#ifndef DV_TESTDB_H
#define DV_TESTDB_H

#include "admin/program.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

struct testdb {
    char *dir;  /* the temporary directory */
    char *path; /* dir/dosvm.db */
    struct db *db;
};

/* Create the directory and open a migrated database with the sysadm in it. */
static inline struct db *testdb_open(struct testdb *t, bool must_change)
{
    struct dv_error err = {0};

    memset(t, 0, sizeof(*t));
    t->dir = g_dir_make_tmp("dosvm-test-XXXXXX", NULL);
    if (!t->dir) {
        printf("# cannot create a temporary directory\n");
        return NULL;
    }
    t->path = g_build_filename(t->dir, "dosvm.db", NULL);
    t->db = program_open(t->path, must_change, &err);
    if (!t->db)
        printf("# program_open(%s): %s\n", t->path, err.msg);
    return t->db;
}

/* The system administrator as the actor of an operation. */
static inline struct dv_actor testdb_sysadm(void)
{
    struct dv_actor a = {.user_id = 1, .account = "sysadm", .addr = "test", .sysadm = true};

    return a;
}

/* Rows of table matching where (NULL: all); -1 when the query fails. */
static inline long testdb_count(struct db *db, const char *table, const char *where)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM %s WHERE %s", table, where ? where : "1");
    sqlite3_stmt *st = NULL;
    long n = -1;

    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    else
        printf("# %s: %s\n", sql, sqlite3_errmsg(db_handle(db)));
    sqlite3_finalize(st);
    g_free(sql);
    return n;
}

/* First column of the first row of sql as text (g_free it); NULL when there is none. */
static inline char *testdb_text(struct db *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    char *v = NULL;

    if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
        v = g_strdup((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return v;
}

/* Remove every file of dir, then dir itself. */
static inline void testdb_remove_dir(const char *dir)
{
    GDir *d = dir ? g_dir_open(dir, 0, NULL) : NULL;
    const char *name;

    if (!d)
        return;
    while ((name = g_dir_read_name(d)) != NULL) {
        char *p = g_build_filename(dir, name, NULL);

        if (g_remove(p) != 0)
            printf("# cannot remove %s\n", p);
        g_free(p);
    }
    g_dir_close(d);
    if (g_rmdir(dir) != 0)
        printf("# cannot remove %s\n", dir);
}

/* Close the database and remove dosvm.db, -wal, -shm, .key and the directory. */
static inline void testdb_close(struct testdb *t)
{
    db_close(t->db);
    testdb_remove_dir(t->dir);
    g_free(t->path);
    g_free(t->dir);
    memset(t, 0, sizeof(*t));
}

#endif
