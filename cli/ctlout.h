/* ctlout.h - what a dosvmctl verb prints (issue 12): a table of rows, each
 * cell under a stable key, shown as aligned text (headers translated),
 * JSON (an array of objects with the keys; the schema of each noun is
 * documented in dosvmctl(1)) or CSV (the keys as the header line). */
#ifndef DV_CTLOUT_H
#define DV_CTLOUT_H

#include "base/dv.h"

#include <stdio.h>

enum ctl_format { CTL_TEXT, CTL_JSON, CTL_CSV };

enum ctl_kind {
    CTL_STR,
    CTL_NUM,  /* JSON: a number ("" is null); text: right-aligned */
    CTL_BOOL, /* cells "1" or "0": JSON true/false, CSV yes/no, text yes/no translated */
    CTL_MSG,  /* a msgid (a task's operation, a type's name): translated in the text,
                 as it is (stable English) in JSON and CSV */
};

/* A column: its JSON/CSV key, its text header (msgid) and its kind. */
struct ctl_column {
    const char *key;
    const char *header;
    enum ctl_kind kind;
};

struct ctl_table;

struct ctl_table *ctl_table_new(const struct ctl_column *cols, int ncols);
void ctl_table_free(struct ctl_table *t);
/* One row of ncols cells (copied; NULL is ""). */
void ctl_table_add(struct ctl_table *t, const char *const *cells);
/* A row cell by cell, in column order: the row is added with its last cell
 * (an unfinished row is never printed). */
void ctl_cell(struct ctl_table *t, const char *v);
void ctl_cell_num(struct ctl_table *t, long long v);
void ctl_cell_bool(struct ctl_table *t, bool v);
/* Rows added so far. */
int ctl_table_rows(const struct ctl_table *t);
/* Print t to out in fmt. */
void ctl_table_print(const struct ctl_table *t, enum ctl_format fmt, FILE *out);

/* The JSON of an error: {"error": {"code": "...", "field": "...", "message": "..."}}. */
void ctl_error_json(const struct dv_error *err, FILE *out);

#endif
