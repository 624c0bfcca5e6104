/* ctlout.c - dosvmctl's tables as text, JSON or CSV (ctlout.h) */
#include "ctlout.h"

#include <stdio.h>
#include <string.h>

#include "base/textwidth.h"

struct ctl_table {
    const struct ctl_column *cols;
    int ncols;
    GPtrArray *rows; /* char ** of ncols cells */
    char **pending;  /* the row ctl_cell() is filling */
    int npending;
};

struct ctl_table *ctl_table_new(const struct ctl_column *cols, int ncols)
{
    struct ctl_table *t = g_new0(struct ctl_table, 1);

    t->cols = cols;
    t->ncols = ncols;
    t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
    return t;
}

void ctl_table_free(struct ctl_table *t)
{
    if (!t)
        return;
    g_ptr_array_unref(t->rows);
    g_strfreev(t->pending);
    g_free(t);
}

void ctl_table_add(struct ctl_table *t, const char *const *cells)
{
    char **row = g_new0(char *, t->ncols + 1);

    for (int i = 0; i < t->ncols; i++)
        row[i] = g_strdup(cells[i] ? cells[i] : "");
    g_ptr_array_add(t->rows, row);
}

void ctl_cell(struct ctl_table *t, const char *v)
{
    if (!t->pending)
        t->pending = g_new0(char *, t->ncols + 1);
    t->pending[t->npending++] = g_strdup(v ? v : "");
    if (t->npending == t->ncols) {
        g_ptr_array_add(t->rows, t->pending);
        t->pending = NULL;
        t->npending = 0;
    }
}

void ctl_cell_num(struct ctl_table *t, long long v)
{
    char buf[24];

    g_snprintf(buf, sizeof buf, "%lld", v);
    ctl_cell(t, buf);
}

void ctl_cell_bool(struct ctl_table *t, bool v)
{
    ctl_cell(t, v ? "1" : "0");
}

int ctl_table_rows(const struct ctl_table *t)
{
    return (int)t->rows->len;
}

/* What text and CSV show of a cell. */
/* What CSV shows of a cell. */
static const char *shown(const struct ctl_column *col, const char *v)
{
    if (col->kind == CTL_BOOL)
        return strcmp(v, "1") == 0 ? "yes" : "no";
    return v;
}

/* What the text table shows of a cell: for people, in their language. */
static const char *shown_text(const struct ctl_column *col, const char *v)
{
    if (col->kind == CTL_BOOL)
        return strcmp(v, "1") == 0 ? _("yes") : _("no");
    if (col->kind == CTL_MSG && *v)
        return _(v);
    return v;
}

static void pad(FILE *out, const char *s, int w, bool right)
{
    int n = w - tw_width(s);

    if (right)
        for (int i = 0; i < n; i++)
            fputc(' ', out);
    fputs(s, out);
    if (!right)
        for (int i = 0; i < n; i++)
            fputc(' ', out);
}

static void print_text(const struct ctl_table *t, FILE *out)
{
    int *w = g_new0(int, t->ncols);

    for (int c = 0; c < t->ncols; c++) {
        w[c] = tw_width(_(t->cols[c].header));
        for (guint r = 0; r < t->rows->len; r++)
            w[c] = MAX(w[c], tw_width(shown_text(&t->cols[c], ((char **)t->rows->pdata[r])[c])));
    }
    for (int c = 0; c < t->ncols; c++) {
        pad(out, _(t->cols[c].header), c + 1 < t->ncols || t->cols[c].kind == CTL_NUM ? w[c] : 0,
            t->cols[c].kind == CTL_NUM);
        fputs(c + 1 < t->ncols ? "  " : "\n", out);
    }
    for (guint r = 0; r < t->rows->len; r++)
        for (int c = 0; c < t->ncols; c++) {
            const char *v = shown_text(&t->cols[c], ((char **)t->rows->pdata[r])[c]);

            pad(out, v, c + 1 < t->ncols || t->cols[c].kind == CTL_NUM ? w[c] : 0,
                t->cols[c].kind == CTL_NUM);
            fputs(c + 1 < t->ncols ? "  " : "\n", out);
        }
    g_free(w);
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else if (*p == '\t')
            fputs("\\t", out);
        else if (*p == '\r')
            fputs("\\r", out);
        else if (*p < 0x20)
            fprintf(out, "\\u%04x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void print_json(const struct ctl_table *t, FILE *out)
{
    fputs("[", out);
    for (guint r = 0; r < t->rows->len; r++) {
        fputs(r ? ",\n {" : "\n {", out);
        for (int c = 0; c < t->ncols; c++) {
            const char *v = ((char **)t->rows->pdata[r])[c];

            if (c)
                fputs(", ", out);
            json_string(out, t->cols[c].key);
            fputs(": ", out);
            if (t->cols[c].kind == CTL_NUM)
                fputs(*v ? v : "null", out);
            else if (t->cols[c].kind == CTL_BOOL)
                fputs(strcmp(v, "1") == 0 ? "true" : "false", out);
            else
                json_string(out, v);
        }
        fputs("}", out);
    }
    fputs(t->rows->len ? "\n]\n" : "]\n", out);
}

static void csv_cell(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

static void print_csv(const struct ctl_table *t, FILE *out)
{
    for (int c = 0; c < t->ncols; c++) {
        csv_cell(out, t->cols[c].key);
        fputs(c + 1 < t->ncols ? "," : "\r\n", out);
    }
    for (guint r = 0; r < t->rows->len; r++)
        for (int c = 0; c < t->ncols; c++) {
            csv_cell(out, shown(&t->cols[c], ((char **)t->rows->pdata[r])[c]));
            fputs(c + 1 < t->ncols ? "," : "\r\n", out);
        }
}

void ctl_table_print(const struct ctl_table *t, enum ctl_format fmt, FILE *out)
{
    if (fmt == CTL_JSON)
        print_json(t, out);
    else if (fmt == CTL_CSV)
        print_csv(t, out);
    else
        print_text(t, out);
}

static const char *code_name(enum dv_status c)
{
    switch (c) {
    case DV_ERR_INVALID:
        return "invalid";
    case DV_ERR_NOTFOUND:
        return "not-found";
    case DV_ERR_EXISTS:
        return "exists";
    case DV_ERR_DENIED:
        return "denied";
    case DV_ERR_INUSE:
        return "in-use";
    case DV_ERR_STALE:
        return "stale";
    case DV_ERR_TIMEOUT:
        return "timeout";
    case DV_ERR_IO:
        return "io";
    default:
        return "failed";
    }
}

void ctl_error_json(const struct dv_error *err, FILE *out)
{
    char field[sizeof err->field];

    /* the field as the option that sets it is written (ctl.h) */
    g_strlcpy(field, err->field, sizeof field);
    g_strdelimit(field, "_", '-');
    fputs("{\"error\": {\"code\": ", out);
    json_string(out, code_name(err->code));
    fputs(", \"field\": ", out);
    json_string(out, field);
    fputs(", \"message\": ", out);
    json_string(out, err->msg);
    fputs("}}\n", out);
}
