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

bool choice_ids_exist(struct db *db, const char *table, const int64_t *ids, int n,
                      const char *missing, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT count(*) FROM %s WHERE id = ?1", table);
    bool ok = true;

    for (int i = 0; ok && i < n; i++) {
        int64_t found = 0;

        ok = db_scalar(db, sql, DB_ARGS(DB_I(ids[i])), &found, err);
        if (ok && found == 0) {
            dv_error_set(err, DV_ERR_NOTFOUND, NULL, "%s", missing);
            ok = false;
        }
    }
    g_free(sql);
    return ok;
}

bool choice_set_links(struct db *db, const struct choice_link *l, int64_t owner, const int64_t *ids,
                      int n, struct dv_error *err)
{
    bool ok = choice_ids_exist(db, l->table, ids, n, _(l->missing), err) &&
              db_do(db, l->clear, DB_ARGS(DB_I(owner)), err);

    for (int i = 0; ok && i < n; i++)
        ok = db_do(db, l->set, DB_ARGS(DB_I(owner), DB_I(ids[i])), err);
    return ok;
}

bool choice_taken(struct db *db, const char *table, const char *column, const char *value,
                  int64_t except, bool *taken, struct dv_error *err)
{
    char *sql =
        g_strdup_printf("SELECT count(*) FROM %s WHERE %s = ?1 AND id != ?2", table, column);
    int64_t n = 0;
    bool ok = db_scalar(db, sql, DB_ARGS(DB_T(value), DB_I(except)), &n, err);

    g_free(sql);
    *taken = n > 0;
    return ok;
}

char *choice_name(const struct choice_list *l, int64_t id)
{
    for (int i = 0; id > 0 && i < l->n; i++)
        if (l->v[i].id == id) {
            const char *label = l->v[i].label, *p = strstr(label, " (");

            return p ? g_strndup(label, (size_t)(p - label)) : g_strdup(label);
        }
    return id > 0 ? g_strdup_printf("%lld", (long long)id) : g_strdup("");
}
