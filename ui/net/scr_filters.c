/* scr_filters.c - 过滤器信息: filters (M10.2.3.1-M10.2.3.5) for the system
 * administrator, and the same list read-only for project administrators
 * (OP-14).  The XML comes from a local file or is typed into one long line;
 * modify shows the stored XML there; details show it whole in a
 * scrollable viewer. */
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "widgets/progress.h"
#include "screens.h"
#include "base/command.h"
#include "base/util.h"
#include "net/nwfilter.h"

#include <string.h>

static const struct list_column columns[] = {
    {.header = N_("Chinese name"), .min_width = 6, .weight = 2},
    {.header = N_("English name"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("Created on"), .min_width = 10, .hide_below = 70},
    {.header = N_("Created by"), .min_width = 6, .weight = 1, .hide_below = 60},
    {.header = N_("Description"), .min_width = 6, .weight = 3},
};

static const struct fv_field query_fields[] = {
    {.key = "name_en",
     .label = N_("English name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the English name; Enter queries.")},
    {.key = "name_zh",
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 12,
     .hint = N_("Part of the Chinese name; Enter queries.")},
};
static const struct fv_def query = {.fields = query_fields,
                                    .nfields = G_N_ELEMENTS(query_fields),
                                    .buttons = fv_query_reset,
                                    .layout = FV_ROW};

static bool fetch(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                  struct list_rows *out, struct dv_error *err)
{
    struct nwfilter_filter f = {.name_en = q[0], .name_zh = q[1]};
    struct nwfilter_page page;

    if (!nwfilter_list(app->db, &f, offset, limit, &page, err))
        return false;
    out->total = page.total;
    for (int i = 0; i < page.n; i++) {
        struct nwfilter *r = &page.rows[i];
        char buf[DV_TIME_LEN];

        dv_format_time(r->created_at, buf);
        buf[10] = '\0'; /* the date */
        list_rows_add(out, r->id, 5, g_strdup(r->name_zh), g_strdup(r->name_en), g_strdup(buf),
                      g_strdup(r->created_by), g_strdup(r->description));
    }
    nwfilter_page_free(&page);
    return true;
}

/* ---------------------------------------------------------------- add, modify */

enum { F_NAME_ZH, F_NAME_EN, F_DESC, F_FILE, F_XML, F_COUNT };

#define FILTER_FIELDS(NAME_KIND)                                                                   \
    {.key = NFF_NAME_ZH,                                                                           \
     .label = N_("Chinese name"),                                                                  \
     .kind = FV_TEXT,                                                                              \
     .required = true,                                                                             \
     .max = DV_NAME_MAX,                                                                           \
     .hint = N_("1-64 Chinese characters, letters, digits, '-', '.' or '_'.")},                    \
        {.key = NFF_NAME_EN,                                                                       \
         .label = N_("English name"),                                                              \
         .kind = NAME_KIND,                                                                        \
         .required = true,                                                                         \
         .max = DV_NAME_MAX,                                                                       \
         .hint = N_("Unique among all filters; other filters reference it, so it cannot be "       \
                    "changed later.")},                                                            \
        {.key = NFF_DESCRIPTION,                                                                   \
         .label = N_("Description"),                                                               \
         .kind = FV_TEXT,                                                                          \
         .max = DV_DESC_MAX,                                                                       \
         .width = 40},                                                                             \
        {.key = NFF_FILE,                                                                          \
         .label = N_("Filter XML file"),                                                           \
         .kind = FV_TEXT,                                                                          \
         .max = DV_PATH_MAX,                                                                       \
         .width = 40,                                                                              \
         .hint = N_("A local XML file to read, or leave empty and type the XML below.")},          \
    {                                                                                              \
        .key = NFF_XML, .label = N_("XML description"), .kind = FV_TEXT, .max = NWFILTER_XML_MAX,  \
        .width = 40,                                                                               \
        .hint = N_("The filter XML, <filter name='English name'>...</filter>, or leave empty "     \
                   "and give a file above.")                                                       \
    }

static const struct fv_field add_fields[F_COUNT] = {FILTER_FIELDS(FV_TEXT)};
static const struct fv_field edit_fields[F_COUNT] = {FILTER_FIELDS(FV_READONLY)};
static const struct fv_def add_form = {.title = N_("Add filter"),
                                       .fields = add_fields,
                                       .nfields = F_COUNT,
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};
static const struct fv_def edit_form = {.title = N_("Modify filter"),
                                        .fields = edit_fields,
                                        .nfields = F_COUNT,
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

/* The filter being modified (NULL when adding). */
struct edit {
    const struct nwfilter *cur;
    bool said; /* the status line already says what happened */
};

/* OP-15: when the XML names another filter, ask whether to rewrite its
 * name attribute; false (err set) when that fails. */
static bool offer_rename(struct app *app, struct nwfilter_spec *s, struct dv_error *err)
{
    char *found = NULL, *q;
    bool yes;

    if (!nwfilter_spec_name_differs(s, &found))
        return true;
    q = g_strdup_printf(_("The XML names the filter '%s', not '%s'. Rewrite its name attribute "
                          "to '%s'?"),
                        found, s->name_en, s->name_en);
    yes = dialog_confirm(app, _("Filter name"), q);
    g_free(q);
    g_free(found);
    /* declined: the core refuses with the rule (OP-15) */
    return !yes || nwfilter_spec_rename(s, err);
}

/* dosvmctl filter add|modify of the dialog's values v; xml: the XML to give
 * instead of the typed fields (renamed), or NULL. */
static void filter_command(struct app *app, const struct edit *e, char **v, const char *xml)
{
    GString *cmd = command_new(app->actor.account, "filter", e->cur ? "modify" : "add");

    if (e->cur)
        command_option(cmd, "filter", e->cur->name_en);
    command_option(cmd, NFF_NAME_ZH, v[F_NAME_ZH]);
    if (!e->cur)
        command_option(cmd, NFF_NAME_EN, v[F_NAME_EN]);
    if (*v[F_DESC] || e->cur)
        command_option(cmd, NFF_DESCRIPTION, v[F_DESC]);
    if (xml) {
        char *text = g_strstrip(g_strdup(xml)); /* the rewrite's serialisation ends in '\n' */

        command_option(cmd, NFF_XML, text);
        g_free(text);
    } else if (*v[F_FILE])
        command_option(cmd, NFF_FILE, v[F_FILE]);
    else if (*v[F_XML])
        command_option(cmd, NFF_XML, v[F_XML]);
    app_set_command(app, cmd);
}

static bool submit(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct edit *e = ctx;
    struct nwfilter_input in = {.name_zh = v[F_NAME_ZH],
                                .name_en = e->cur ? e->cur->name_en : v[F_NAME_EN],
                                .description = v[F_DESC],
                                .xml_file = v[F_FILE],
                                .xml_text = v[F_XML]};
    struct nwfilter_spec s;
    bool ok = nwfilter_spec_parse(&in, &s, err);
    char *typed = g_strdup(ok && s.xml ? s.xml : ""); /* before OP-15's rewrite */

    ok = ok && offer_rename(app, &s, err);

    if (ok && !e->cur) {
        ok = nwfilter_add(app->db, &app->actor, &s, NULL, err);
    } else if (ok) {
        struct job *job;

        s.version = e->cur->row_version; /* as read (P2/OP-6) */
        job = nwfilter_modify_start(app->db, &app->actor, e->cur->id, &s, err);
        ok = progress_wait(app, job, _("Modify filter"), _("Defining the filter on its hosts..."),
                           &e->said, err);
        /* the record is saved once the job started: the dialog closes and
         * the status line says what the hosts did */
        if (!ok && job) {
            app_status_error(app, err);
            ok = true;
            e->said = true;
        }
    }
    if (ok) /* F4 (issue 12); a renamed XML (OP-15) is given as it was saved */
        filter_command(app, e, v, s.xml && strcmp(s.xml, typed) != 0 ? s.xml : NULL);
    g_free(typed);
    nwfilter_spec_clear(&s);
    return ok;
}

static int act_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct edit e = {0};

    if (dialog_form(app, &add_form, NULL, submit, &e))
        app_status(app, STATUS_OK, "%s", _("The filter was added."));
    return UI_RELOAD;
}

/* The XML as one line for the one-line editor: line breaks and tabs become
 * spaces, runs of spaces at line starts are dropped (g_free). */
static char *one_line(const char *xml)
{
    GString *s = g_string_new("");
    bool start = false;

    for (const char *p = xml ? xml : ""; *p; p++) {
        if (*p == '\n' || *p == '\r' || *p == '\t') {
            start = true;
            continue;
        }
        if (start && *p == ' ')
            continue;
        if (start && s->len && s->str[s->len - 1] != '>')
            g_string_append_c(s, ' ');
        start = false;
        g_string_append_c(s, *p);
    }
    return g_string_free(s, FALSE);
}

static int act_edit(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct nwfilter f;
    struct edit e = {.cur = &f};
    char *initial[F_COUNT + 1] = {0};

    if (!nwfilter_get(app->db, row->id, &f, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    if (f.builtin) {
        app_status(app, STATUS_ERROR,
                   _("'%s' is a built-in filter of libvirt; it cannot be modified or deleted."),
                   f.name_en);
        nwfilter_clear(&f);
        return UI_REDRAW;
    }
    initial[F_NAME_ZH] = f.name_zh;
    initial[F_NAME_EN] = f.name_en;
    initial[F_DESC] = f.description;
    initial[F_XML] = one_line(f.xml);
    if (dialog_form(app, &edit_form, initial, submit, &e) && !e.said)
        app_status(app, STATUS_OK, "%s", _("The filter was saved."));
    g_free(initial[F_XML]);
    nwfilter_clear(&f);
    return UI_RELOAD;
}

static int act_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    char *q = g_strdup_printf(_("Delete the filter '%s'?"), row->cells[1]);
    bool yes = dialog_confirm(app, _("Delete filter"), q), bg = false;

    g_free(q);
    if (!yes)
        return UI_REDRAW;
    if (progress_wait(app, nwfilter_delete_start(app->db, &app->actor, row->id, &err),
                      _("Delete filter"), _("Removing the filter from its hosts..."), &bg, &err)) {
        if (bg)
            app_status(app, STATUS_INFO, "%s", progress_background_note());
        else
            app_status(app, STATUS_OK, _("The filter '%s' was deleted."), row->cells[1]);
        app_command(app, "filter", "delete", (const char *const[]){"filter", row->cells[1], NULL});
    } else {
        app_status_error(app, &err);
    }
    return UI_RELOAD;
}

static int act_details(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct dv_error err = {0};
    struct nwfilter f;
    char buf[DV_TIME_LEN];
    GString *t;

    if (!nwfilter_get(app->db, row->id, &f, &err)) {
        app_status_error(app, &err);
        return UI_RELOAD;
    }
    t = g_string_new(NULL);
    g_string_append_printf(t, "%s: %s\n%s: %s\n%s: %s\n%s: %s\n%s: %s\n\n%s:\n%s",
                           _("Chinese name"), f.name_zh, _("English name"), f.name_en,
                           _("Description"), f.description, _("Created on"),
                           dv_format_time(f.created_at, buf), _("Created by"), f.created_by,
                           _("XML description"), f.xml);
    app_command(app, "filter", "show", (const char *const[]){"filter", f.name_en, NULL});
    dialog_text(app, _("Filter details"), t->str);
    g_string_free(t, TRUE);
    nwfilter_clear(&f);
    return UI_REDRAW;
}

static const struct list_action actions[] = {
    {.key = 'a', .label = N_("Add"), .needs = LN_SYSADM, .run = act_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW | LN_SYSADM, .run = act_edit},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW | LN_SYSADM, .run = act_delete},
    {.key = 'i', .label = N_("Details"), .needs = LN_ROW, .run = act_details},
};

static const struct list_def filters_list = {
    .title = N_("Filter information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions,
    .nactions = G_N_ELEMENTS(actions),
    .fetch = fetch,
};

LIST_SCREEN(scr_filters, filters_list);

/* OP-14: the project administrator's read-only list */
static const struct list_def pa_filters_list = {
    .title = N_("Filter information"),
    .columns = columns,
    .ncolumns = G_N_ELEMENTS(columns),
    .query = &query,
    .actions = actions + 3,
    .nactions = 1,
    .fetch = fetch,
};

LIST_SCREEN(scr_pafilters, pa_filters_list);
