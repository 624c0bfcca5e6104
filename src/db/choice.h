/* choice.h - a list of records to pick from (dropdowns and checklists):
 * id, label and whether it is currently chosen. */
#ifndef DV_CHOICE_H
#define DV_CHOICE_H

#include "db/db.h"

struct choice {
    int64_t id;
    char *label;
    bool on;
};

struct choice_list {
    struct choice *v;
    int n;
};

/* Fill out from sql returning (id, label, on) rows, ?1..?n bound to args. */
bool choice_select(struct db *db, const char *sql, const struct db_val *args, int nargs,
                   struct choice_list *out, struct dv_error *err);
/* The same with text binds (kept for the storage files until they move). */
bool choice_query(struct db *db, const char *sql, const char *const *binds, int nbinds,
                  struct choice_list *out, struct dv_error *err);
void choice_list_free(struct choice_list *l);

/* The ids of the chosen entries (g_free it); *n receives their count. */
int64_t *choice_chosen(const struct choice_list *l, int *n);

#endif
