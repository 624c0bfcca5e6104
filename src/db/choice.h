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
void choice_list_free(struct choice_list *l);

/* True when every one of the n ids chosen is still a row of table (a trusted
 * name); otherwise false with DV_ERR_NOTFOUND and the sentence missing. */
bool choice_ids_exist(struct db *db, const char *table, const int64_t *ids, int n,
                      const char *missing, struct dv_error *err);

/* A link table edited from a checklist: the ids chosen must be rows of
 * table; saving runs clear (?1 = owner), then set (?1 = owner, ?2 = id)
 * once per id. */
struct choice_link {
    const char *table;
    const char *missing; /* msgid: a chosen record is gone */
    const char *clear;
    const char *set;
};

/* Replace owner's links by ids, inside the caller's transaction. */
bool choice_set_links(struct db *db, const struct choice_link *l, int64_t owner, const int64_t *ids,
                      int n, struct dv_error *err);

/* *taken: a row of table other than except has column = value (a unique
 * name); table and column are trusted names. */
bool choice_taken(struct db *db, const char *table, const char *column, const char *value,
                  int64_t except, bool *taken, struct dv_error *err);

/* The ids of the chosen entries (g_free it); *n receives their count. */
int64_t *choice_chosen(const struct choice_list *l, int *n);

/* The name entry id of l goes by: its label up to " (" ("inner (内部网络)"
 * is inner), the id as digits when l has no such entry, "" for 0; g_free. */
char *choice_name(const struct choice_list *l, int64_t id);

#endif
