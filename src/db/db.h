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

sqlite3 *db_handle(struct db *db);
const char *db_path(const struct db *db);

/* Schema version of the open file, and the newest one this build knows. */
int db_schema_version(struct db *db);
int db_schema_latest(void);

/* Prepare sql; on failure NULL and err says why. */
sqlite3_stmt *db_prepare(struct db *db, const char *sql, struct dv_error *err);
/* Run one or more statements without results. */
bool db_exec(struct db *db, const char *sql, struct dv_error *err);

/* Transactions: begin IMMEDIATE (take the write lock now), commit, rollback. */
bool db_begin(struct db *db, struct dv_error *err);
bool db_commit(struct db *db, struct dv_error *err);
void db_rollback(struct db *db);

/* Fill err from the connection's last SQLite error. Returns false. */
bool db_fail(struct db *db, struct dv_error *err);

/* Bind helpers: text (NULL binds NULL), 64-bit integer. */
void db_bind_text(sqlite3_stmt *st, int i, const char *v);
void db_bind_int(sqlite3_stmt *st, int i, int64_t v);
/* Column as a newly allocated string ("" for NULL); g_free it. */
char *db_col_text(sqlite3_stmt *st, int i);

/* One page of a list query: counts "SELECT count(*) FROM <from>" into *total,
 * then runs "SELECT <cols> FROM <from> ORDER BY <order> LIMIT ? OFFSET ?"
 * calling row(st, ctx) per row.  binds (texts, NULL binds NULL) fill ?1..?n
 * of <from> in both statements. */
bool db_page(struct db *db, const char *cols, const char *from, const char *order,
             const char *const *binds, int nbinds, int64_t offset, int limit, int64_t *total,
             void (*row)(sqlite3_stmt *st, void *ctx), void *ctx, struct dv_error *err);

/* Run sql (one statement, ?1..?n bound to the texts) expecting no rows. */
bool db_run(struct db *db, const char *sql, const char *const *binds, int nbinds,
            struct dv_error *err);

/* The single integer result of sql with text binds; false with err on failure. */
bool db_int(struct db *db, const char *sql, const char *const *binds, int nbinds, int64_t *out,
            struct dv_error *err);

/* True when every one of the n ids is a row of table (a trusted name);
 * otherwise false with DV_ERR_NOTFOUND and the translated sentence missing
 * (or the database error). */
bool db_ids_exist(struct db *db, const char *table, const int64_t *ids, int n,
                  const char *missing, struct dv_error *err);

/* An id as decimal text for the bind arrays above (g_free it). */
char *db_id_text(int64_t id);

/* Build "%value%" for a fuzzy LIKE match with ESCAPE '\' (g_free it). */
char *db_like_pattern(const char *value);

#endif
