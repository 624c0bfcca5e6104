/* db.h - the SQLite database: opening, migrations, transactions.
 *
 * One file holds every record (WAL, foreign keys, busy timeout, mode 0600).
 * Its schema is the migrations embedded from data/migrations/NNNN-*.sql,
 * applied in order; PRAGMA user_version is the number of the last one. */
#ifndef DV_DB_H
#define DV_DB_H

#include "base/dv.h"
#include <sqlite3.h>

struct db;

/* Open (creating the file, its directory and the schema when missing) and
 * migrate to the newest version.  NULL on failure. */
struct db *db_open(const char *path, struct dv_error *err);
void db_close(struct db *db);

/* The SQLite handle, for src/db and the tests' direct checks only. */
sqlite3 *db_handle(struct db *db);
const char *db_path(const struct db *db);

/* Schema version of the open file, and the newest one this build knows. */
int db_schema_version(struct db *db);
int db_schema_latest(void);

/* Run one or more statements without results. */
bool db_exec(struct db *db, const char *sql, struct dv_error *err);

/* Transactions: begin IMMEDIATE (take the write lock now), commit, rollback. */
bool db_begin(struct db *db, struct dv_error *err);
bool db_commit(struct db *db, struct dv_error *err);
void db_rollback(struct db *db);

/* Fill err from the connection's last SQLite error. Returns false. */
bool db_fail(struct db *db, struct dv_error *err);

/* Build "%value%" for a fuzzy LIKE match with ESCAPE '\' (g_free it). */
char *db_like_pattern(const char *value);

/* ------------------------------------------------------------------------
 * The typed data layer.  Model code calls only these (no sqlite3_* outside
 * src/db): values are bound by type, rows are read through struct db_row,
 * and SQL stays portable (standard SQL plus the macros below; ?N parameters
 * are numbered from 1 in the order of the args array).
 *
 *     ok = db_do(db, "UPDATE host SET name = ?1 WHERE id = ?2",
 *                DB_ARGS(DB_T(name), DB_I(id)), err);
 *     ok = db_get(db, "SELECT name FROM host WHERE id = ?1", DB_ARGS(DB_I(id)),
 *                 read_host, &h, missing_host_sentence, err);
 * ---------------------------------------------------------------------- */

enum db_type { DB_TYPE_NULL, DB_TYPE_INT, DB_TYPE_REAL, DB_TYPE_TEXT };

/* One bound value. */
struct db_val {
    enum db_type type;
    union {
        int64_t i;
        double d;
        const char *s;
    } v;
};

#define DB_I(x) ((struct db_val){.type = DB_TYPE_INT, .v.i = (int64_t)(x)})
#define DB_D(x) ((struct db_val){.type = DB_TYPE_REAL, .v.d = (double)(x)})
/* text; a NULL pointer binds NULL */
#define DB_T(x) ((struct db_val){.type = DB_TYPE_TEXT, .v.s = (x)})
#define DB_NULL ((struct db_val){.type = DB_TYPE_NULL})
/* id or NULL: 0 binds NULL (optional references) */
#define DB_ID0(x) ((x) ? DB_I(x) : DB_NULL)

/* "args, n" for the functions below: DB_ARGS(DB_I(id), DB_T(name)). */
#define DB_ARGS(...)                                                                           \
    ((const struct db_val[]){__VA_ARGS__}),                                                    \
        (int)(sizeof((const struct db_val[]){__VA_ARGS__}) / sizeof(struct db_val))
#define DB_NOARGS NULL, 0

/* Portable spellings of what SQL dialects name differently. */
#define DB_LIST_AGG(expr) "group_concat(" expr ", ',')" /* names joined by ',' */

/* A result row, valid only during the callback that receives it. */
struct db_row;
int64_t db_row_int(const struct db_row *r, int col);
double db_row_double(const struct db_row *r, int col);
bool db_row_is_null(const struct db_row *r, int col);
/* newly allocated ("" for NULL); g_free it */
char *db_row_text(const struct db_row *r, int col);
/* borrowed (NULL for NULL), valid until the callback returns */
const char *db_row_peek(const struct db_row *r, int col);

/* Called for each row; return false to stop (the query then succeeds). */
typedef bool (*db_row_fn)(const struct db_row *r, void *ctx);

/* Run one statement; rows it returns are ignored. */
bool db_do(struct db *db, const char *sql, const struct db_val *args, int nargs,
           struct dv_error *err);
/* Rows changed by the last db_do (INSERT, UPDATE, DELETE). */
int64_t db_changes(struct db *db);
/* Id of the row the last INSERT made. */
int64_t db_last_id(struct db *db);

/* Run a query, calling fn per row (fn may be NULL); *nrows (may be NULL)
 * receives the number of rows passed to fn. */
bool db_query(struct db *db, const char *sql, const struct db_val *args, int nargs, db_row_fn fn,
              void *ctx, int64_t *nrows, struct dv_error *err);
/* Exactly one row: fn is called once; no row fails with DV_ERR_NOTFOUND and
 * the sentence missing (a translated message naming what is gone). */
bool db_get(struct db *db, const char *sql, const struct db_val *args, int nargs, db_row_fn fn,
            void *ctx, const char *missing, struct dv_error *err);
/* The first column of the first row as an integer (0 when there is no row
 * or it is NULL): counts, sums, existence. */
bool db_scalar(struct db *db, const char *sql, const struct db_val *args, int nargs,
               int64_t *out, struct dv_error *err);
/* As db_scalar, for a real number. */
bool db_scalar_double(struct db *db, const char *sql, const struct db_val *args, int nargs,
                      double *out, struct dv_error *err);

/* One page of a list: *total = "SELECT count(*) FROM <from>", then
 * "SELECT <cols> FROM <from> ORDER BY <order>" limited to limit rows from
 * offset, fn per row.  from may carry WHERE/JOIN with ?N of args. */
bool db_query_page(struct db *db, const char *cols, const char *from, const char *order,
                   const struct db_val *args, int nargs, int64_t offset, int limit,
                   int64_t *total, db_row_fn fn, void *ctx, struct dv_error *err);

/* A prepared statement kept for many runs (bulk inserts, a tick's writes). */
struct db_stmt;
struct db_stmt *db_stmt_new(struct db *db, const char *sql, struct dv_error *err);
bool db_stmt_run(struct db_stmt *st, const struct db_val *args, int nargs, struct dv_error *err);
void db_stmt_free(struct db_stmt *st);

/* Row versions (spec P2/OP-6): records edited from forms carry a column
 * row_version, read with the record and handed back with the edit.  Inside
 * the edit's transaction, bump it when it still is expected: otherwise
 * DV_ERR_STALE ("changed by someone else") or DV_ERR_NOTFOUND (missing).
 * expected 0 skips the comparison (callers without a form: dosvmd). */
bool db_bump_version(struct db *db, const char *table, int64_t id, int64_t expected,
                     const char *missing, struct dv_error *err);

/* True when the error is SQLite's "constraint failed" (a unique index). */
bool db_error_is_constraint(struct db *db);

#endif
