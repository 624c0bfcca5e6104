/* page.h - pages of typed rows read through the data layer.
 *
 * A page type is a struct with `rows` (an array of the row type), `n` and
 * `total`: struct host_page, struct user_page, ...  A row reader is a
 * db_row_fn that fills one row struct (ctx); DB_PAGE_READER makes from it
 * the db_row_fn that appends rows to a page, so that db_get (one row) and
 * db_query_page (a page) share the reader:
 *
 *     static bool read_host(const struct db_row *r, void *ctx) { ... }
 *     DB_PAGE_READER(add_host, struct host_page, read_host)
 *     db_get(db, sql, DB_ARGS(DB_I(id)), read_host, &h, missing, err);
 *     db_query_page(db, cols, from, order, args, nargs, off, lim, &p->total, add_host, p, err);
 *     DB_PAGE_FREE(p, host_clear);
 */
#ifndef DV_DB_PAGE_H
#define DV_DB_PAGE_H

#include "db/db.h"

#include <string.h>

/* Append a zeroed row to page p and return it.  The array doubles when n
 * reaches a power of two, so rows must be added only through this macro. */
#define DB_PAGE_NEXT(p)                                                                        \
    ((p)->rows = db_page_grow((p)->rows, (p)->n, sizeof(*(p)->rows)),                          \
     memset(&(p)->rows[(p)->n], 0, sizeof(*(p)->rows)), &(p)->rows[(p)->n++])

static inline void *db_page_grow(void *rows, int n, size_t size)
{
    if (n > 0 && (n & (n - 1)) != 0)
        return rows; /* room left up to the next power of two */
    return g_realloc_n(rows, n > 0 ? (size_t)n * 2 : 1, size);
}

/* A static db_row_fn `name` appending a row read by `read` to the page ctx. */
#define DB_PAGE_READER(name, page_type, read)                                                  \
    static bool name(const struct db_row *r, void *ctx)                                        \
    {                                                                                          \
        read(r, DB_PAGE_NEXT((page_type *)ctx));                                               \
        return true;                                                                           \
    }

/* Clear every row with clear(row *) (may be a no-op), free them, zero p. */
#define DB_PAGE_FREE(p, clear)                                                                 \
    do {                                                                                       \
        for (int db_i_ = 0; db_i_ < (p)->n; db_i_++)                                           \
            clear(&(p)->rows[db_i_]);                                                          \
        g_free((p)->rows);                                                                     \
        memset((p), 0, sizeof(*(p)));                                                          \
    } while (0)

/* For DB_PAGE_FREE of rows that own nothing. */
#define DB_PAGE_NO_CLEAR(row) ((void)(row))

#endif
