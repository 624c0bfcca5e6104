/* choice.c - lists of records to pick from */
#include "db/choice.h"

#include <string.h>

static void add_row(sqlite3_stmt *st, void *ctx)
{
    struct choice_list *l = ctx;

    l->v = g_renew(struct choice, l->v, l->n + 1);
    l->v[l->n].id = sqlite3_column_int64(st, 0);
    l->v[l->n].label = db_col_text(st, 1);
    l->v[l->n].on = sqlite3_column_int(st, 2) != 0;
    l->n++;
}

bool choice_query(struct db *db, const char *sql, const char *const *binds, int nbinds,
                  struct choice_list *out, struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db, sql, err);
    int rc;

    memset(out, 0, sizeof(*out));
    if (!st)
        return false;
    for (int i = 0; i < nbinds; i++)
        db_bind_text(st, i + 1, binds[i]);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        add_row(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || db_fail(db, err);
}

void choice_list_free(struct choice_list *l)
{
    for (int i = 0; i < l->n; i++)
        g_free(l->v[i].label);
    g_free(l->v);
    memset(l, 0, sizeof(*l));
}

int64_t *choice_chosen(const struct choice_list *l, int *n)
{
    int64_t *ids = g_new0(int64_t, l->n + 1);

    *n = 0;
    for (int i = 0; i < l->n; i++)
        if (l->v[i].on)
            ids[(*n)++] = l->v[i].id;
    return ids;
}
