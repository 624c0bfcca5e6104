/* choice.c - lists of records to pick from */
#include "db/choice.h"

#include <string.h>

static bool add_row(const struct db_row *r, void *ctx)
{
    struct choice_list *l = ctx;

    l->v = g_renew(struct choice, l->v, l->n + 1);
    l->v[l->n].id = db_row_int(r, 0);
    l->v[l->n].label = db_row_text(r, 1);
    l->v[l->n].on = db_row_int(r, 2) != 0;
    l->n++;
    return true;
}

bool choice_select(struct db *db, const char *sql, const struct db_val *args, int nargs,
                   struct choice_list *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (db_query(db, sql, args, nargs, add_row, out, NULL, err))
        return true;
    choice_list_free(out);
    return false;
}

bool choice_query(struct db *db, const char *sql, const char *const *binds, int nbinds,
                  struct choice_list *out, struct dv_error *err)
{
    struct db_val *args = g_new0(struct db_val, nbinds > 0 ? nbinds : 1);
    bool ok;

    for (int i = 0; i < nbinds; i++)
        args[i] = DB_T(binds[i]);
    ok = choice_select(db, sql, args, nbinds, out, err);
    g_free(args);
    return ok;
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
