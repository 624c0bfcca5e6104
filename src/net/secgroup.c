/* secgroup.c - security groups */
#include "net/secgroup.h"
#include "net/filtersite.h"
#include "db/audit.h"
#include "db/page.h"
#include "base/util.h"
#include "base/validate.h"
#include "hosts/host.h"
#include "xml/nwfilterxml.h"

#include <string.h>

/* What may use a security group (?1 = its id): an instance's NIC (OP-16). */
static const char *const in_use_sql[] = {
    "SELECT count(*) FROM instance_nic WHERE secgroup_id = ?1",
    NULL,
};

#define SECGROUP_COLUMNS                                                                           \
    "g.id, g.name, g.description, g.top_filter_id, t.name_en, "                                    \
    "coalesce((SELECT group_concat(name_en, ', ') FROM (SELECT f.name_en FROM secgroup_filter sf " \
    "JOIN nwfilter f ON f.id = sf.filter_id WHERE sf.secgroup_id = g.id ORDER BY f.name_en)), "    \
    "''), g.created_at, g.row_version"

static bool read_group(const struct db_row *r, void *ctx)
{
    struct secgroup *g = ctx;

    g->id = db_row_int(r, 0);
    g->name = db_row_text(r, 1);
    g->description = db_row_text(r, 2);
    g->top_filter_id = db_row_int(r, 3);
    g->top_name_en = db_row_text(r, 4);
    g->filters = db_row_text(r, 5);
    g->created_at = db_row_int(r, 6);
    g->row_version = db_row_int(r, 7);
    return true;
}

DB_PAGE_READER(add_group, struct secgroup_page, read_group)

bool secgroup_list(struct db *db, const char *name, int64_t offset, int limit,
                   struct secgroup_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, SECGROUP_COLUMNS,
                       "secgroup g JOIN nwfilter t ON t.id = g.top_filter_id "
                       "WHERE (?1 = '' OR g.name LIKE ?2 ESCAPE '\\')",
                       "g.id", DB_ARGS(DB_T(name ? name : ""), DB_T(like)), offset, limit,
                       &out->total, add_group, out, err);
    g_free(like);
    if (!ok)
        secgroup_page_free(out);
    return ok;
}

void secgroup_clear(struct secgroup *g)
{
    g_free(g->name);
    g_free(g->description);
    g_free(g->top_name_en);
    g_free(g->filters);
    memset(g, 0, sizeof(*g));
}

void secgroup_page_free(struct secgroup_page *p)
{
    DB_PAGE_FREE(p, secgroup_clear);
}

bool secgroup_get(struct db *db, int64_t id, struct secgroup *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    return db_get(db,
                  "SELECT " SECGROUP_COLUMNS " FROM secgroup g JOIN nwfilter t "
                  "ON t.id = g.top_filter_id WHERE g.id = ?1",
                  DB_ARGS(DB_I(id)), read_group, out, _("The security group no longer exists."),
                  err);
}

static bool read_filter_row(const struct db_row *r, void *ctx)
{
    struct nwfilter_page *p = ctx;
    struct nwfilter *f = DB_PAGE_NEXT(p);

    f->id = db_row_int(r, 0);
    f->name_zh = db_row_text(r, 1);
    f->name_en = db_row_text(r, 2);
    f->description = db_row_text(r, 3);
    f->builtin = db_row_int(r, 4) != 0;
    f->xml = db_row_text(r, 5);
    p->total++;
    return true;
}

bool secgroup_filters(struct db *db, int64_t id, struct nwfilter_page *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    if (db_query(db,
                 "SELECT f.id, f.name_zh, f.name_en, f.description, f.builtin, NULL "
                 "FROM secgroup_filter sf JOIN nwfilter f ON f.id = sf.filter_id "
                 "WHERE sf.secgroup_id = ?1 ORDER BY f.name_en",
                 DB_ARGS(DB_I(id)), read_filter_row, out, NULL, err))
        return true;
    nwfilter_page_free(out);
    return false;
}

bool secgroup_filter_choices(struct db *db, int64_t id, struct choice_list *out,
                             struct dv_error *err)
{
    return choice_select(db,
                         "SELECT f.id, f.name_en || ' (' || f.name_zh || ')', EXISTS (SELECT 1 "
                         "FROM secgroup_filter sf WHERE sf.secgroup_id = ?1 AND sf.filter_id = "
                         "f.id) FROM nwfilter f ORDER BY f.builtin, f.name_en",
                         DB_ARGS(DB_I(id)), out, err);
}

/* ---------------------------------------------------------------- rules */

bool secgroup_top_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name_en, 0 FROM nwfilter ORDER BY builtin, name_en",
                         DB_NOARGS, out, err);
}

bool secgroup_spec_parse(const struct secgroup_input *in, struct secgroup_spec *out,
                         struct dv_error *err)
{
    const char *top = in->top_filter ? in->top_filter : "";
    gint64 id = 0;

    *out = (struct secgroup_spec){.name = in->name,
                                  .description = in->description,
                                  .filter_ids = in->filter_ids,
                                  .nfilters = in->nfilters};
    if (*top && !g_ascii_string_to_signed(top, 10, 0, G_MAXINT64, &id, NULL)) {
        dv_error_set(err, DV_ERR_INVALID, SGF_TOP, _("%s is required."), _("Top-level filter"));
        return false;
    }
    out->top_filter_id = id;
    return true;
}

/* The referenced filters without the top-level one and without repeats
 * (g_free); *n their count. */
static int64_t *ref_ids(const struct secgroup_spec *s, int *n)
{
    int64_t *v = g_new0(int64_t, s->nfilters + 1);

    *n = 0;
    for (int i = 0; i < s->nfilters; i++) {
        bool dup = s->filter_ids[i] == s->top_filter_id;

        for (int k = 0; !dup && k < *n; k++)
            dup = v[k] == s->filter_ids[i];
        if (!dup)
            v[(*n)++] = s->filter_ids[i];
    }
    return v;
}

static bool check_spec(const struct secgroup_spec *s, struct dv_error *err)
{
    int n = 0;

    g_free(ref_ids(s, &n));
    if (!validate_cn_name(SGF_NAME, _("Security group name"), s->name, err) ||
        !validate_length(SGF_DESCRIPTION, _("Description"), s->description, 0, DV_DESC_MAX, err))
        return false;
    if (s->top_filter_id <= 0) {
        dv_error_set(err, DV_ERR_INVALID, SGF_TOP, _("%s is required."), _("Top-level filter"));
        return false;
    }
    if (n == 0) {
        dv_error_set(err, DV_ERR_INVALID, SGF_FILTERS,
                     _("Choose at least one referenced filter besides the top-level filter."));
        return false;
    }
    return true;
}

/* Inside the transaction: the name free, the filters there. */
static bool check_db(struct db *db, int64_t except, const struct secgroup_spec *s,
                     const int64_t *refs, int n, struct dv_error *err)
{
    int64_t taken = 0;

    if (!db_scalar(db, "SELECT count(*) FROM secgroup WHERE name = ?1 AND id != ?2",
                   DB_ARGS(DB_T(s->name), DB_I(except)), &taken, err))
        return false;
    if (taken) {
        dv_error_set(err, DV_ERR_EXISTS, SGF_NAME, _("The security group '%s' already exists."),
                     s->name);
        return false;
    }
    if (!choice_ids_exist(db, "nwfilter", &s->top_filter_id, 1,
                          _("The top-level filter no longer exists."), err)) {
        g_strlcpy(err->field, SGF_TOP, sizeof(err->field));
        return false;
    }
    if (!choice_ids_exist(db, "nwfilter", refs, n, _("A referenced filter no longer exists."),
                          err)) {
        g_strlcpy(err->field, SGF_FILTERS, sizeof(err->field));
        return false;
    }
    return true;
}

static bool set_refs(struct db *db, int64_t id, const int64_t *refs, int n, struct dv_error *err)
{
    bool ok =
        db_do(db, "DELETE FROM secgroup_filter WHERE secgroup_id = ?1", DB_ARGS(DB_I(id)), err);

    for (int i = 0; ok && i < n; i++)
        ok = db_do(db, "INSERT INTO secgroup_filter(secgroup_id, filter_id) VALUES (?1, ?2)",
                   DB_ARGS(DB_I(id), DB_I(refs[i])), err);
    return ok;
}

bool secgroup_add(struct db *db, const struct dv_actor *actor, const struct secgroup_spec *s,
                  int64_t *id, struct dv_error *err)
{
    int n = 0;
    int64_t *refs = ref_ids(s, &n), gid = 0;
    bool ok = audit_require_sysadm(actor, err) && check_spec(s, err) && db_begin(db, err);

    if (ok) {
        ok = check_db(db, 0, s, refs, n, err) &&
             db_do(db,
                   "INSERT INTO secgroup(name, description, top_filter_id, created_at) "
                   "VALUES (?1, ?2, ?3, ?4)",
                   DB_ARGS(DB_T(s->name), DB_T(s->description ? s->description : ""),
                           DB_I(s->top_filter_id), DB_I(dv_now())),
                   err) &&
             (gid = db_last_id(db)) > 0 && set_refs(db, gid, refs, n, err);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add security group"), s->name, err);
        if (ok && id)
            *id = gid;
    }
    g_free(refs);
    return ok;
}

bool secgroup_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                     const struct secgroup_spec *s, struct dv_error *err)
{
    int n = 0;
    int64_t *refs = ref_ids(s, &n);
    bool ok = audit_require_sysadm(actor, err) && check_spec(s, err) && db_begin(db, err);

    if (ok) {
        ok = db_bump_version(db, "secgroup", id, s->version,
                             _("The security group no longer exists."), err) &&
             check_db(db, id, s, refs, n, err) &&
             db_do(db,
                   "UPDATE secgroup SET name = ?1, description = ?2, top_filter_id = ?3 "
                   "WHERE id = ?4",
                   DB_ARGS(DB_T(s->name), DB_T(s->description ? s->description : ""),
                           DB_I(s->top_filter_id), DB_I(id)),
                   err) &&
             set_refs(db, id, refs, n, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify security group"), s->name, err);
    }
    g_free(refs);
    return ok;
}

/* Whether an instance NIC uses group id (err set then, or on failure). */
static bool in_use(struct db *db, int64_t id, struct dv_error *err)
{
    for (int i = 0; in_use_sql[i]; i++) {
        int64_t n = 0;

        if (!db_scalar(db, in_use_sql[i], DB_ARGS(DB_I(id)), &n, err))
            return true;
        if (n > 0) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The security group is used by a VM's network interface; it cannot be "
                           "deleted."));
            return true;
        }
    }
    return false;
}

bool secgroup_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct secgroup cur = {0};
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    /* the filters stay defined on the hosts: they are the filters' own */
    if (ok) {
        ok = secgroup_get(db, id, &cur, err) && !in_use(db, id, err) &&
             db_do(db, "DELETE FROM secgroup WHERE id = ?1", DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete security group"), cur.name, err);
    }
    secgroup_clear(&cur);
    return ok;
}

char *secgroup_filterref_xml(struct db *db, int64_t id, struct dv_error *err)
{
    struct secgroup g = {0};
    char *xml = secgroup_get(db, id, &g, err) ? nwfilterxml_filterref(g.top_name_en) : NULL;

    secgroup_clear(&g);
    return xml;
}

/* ---------------------------------------------------------------- the set */

/* The filters of a set: the top-level one first. */
struct fset {
    struct nwfilter_page f;
    char ***refs; /* each filter's <filterref> names */
};

static bool read_one(struct db *db, int64_t id, struct nwfilter_page *p, struct dv_error *err)
{
    return db_query(db,
                    "SELECT id, name_zh, name_en, description, builtin, xml FROM nwfilter "
                    "WHERE id = ?1",
                    DB_ARGS(DB_I(id)), read_filter_row, p, NULL, err);
}

static bool fset_load(struct db *db, int64_t top, const int64_t *refs, int n, struct fset *out,
                      struct dv_error *err)
{
    bool ok = read_one(db, top, &out->f, err);

    for (int i = 0; ok && i < n; i++)
        ok = read_one(db, refs[i], &out->f, err);
    out->refs = g_new0(char **, out->f.n + 1);
    for (int i = 0; i < out->f.n; i++)
        out->refs[i] = nwfilterxml_refs(out->f.rows[i].xml);
    return ok;
}

static void fset_free(struct fset *s)
{
    for (int i = 0; s->refs && i < s->f.n; i++)
        g_strfreev(s->refs[i]);
    g_free(s->refs);
    nwfilter_page_free(&s->f);
}

static int fset_find(const struct fset *s, const char *name)
{
    for (int i = 0; i < s->f.n; i++)
        if (strcmp(s->f.rows[i].name_en, name) == 0)
            return i;
    return -1;
}

/* Mark what filter i reaches through the set (seen), depth first; append
 * each filter after those it references (order), so defining in that order
 * defines a filter after what it references. */
static void fset_walk(const struct fset *s, int i, bool *seen, GArray *order)
{
    if (seen[i])
        return;
    seen[i] = true;
    for (char **r = s->refs[i]; *r; r++) {
        int k = fset_find(s, *r);

        if (k >= 0)
            fset_walk(s, k, seen, order);
    }
    g_array_append_val(order, i);
}

bool secgroup_set_warning(struct db *db, const struct secgroup_spec *s, char **warning,
                          struct dv_error *err)
{
    int n = 0;
    int64_t *refs = ref_ids(s, &n);
    struct fset set = {0};
    GString *missing = g_string_new(""), *unused = g_string_new("");
    bool ok = fset_load(db, s->top_filter_id, refs, n, &set, err);

    *warning = NULL;
    if (ok && set.f.n > 0) {
        bool *seen = g_new0(bool, set.f.n);
        GArray *order = g_array_new(FALSE, FALSE, sizeof(int));

        fset_walk(&set, 0, seen, order);
        for (int i = 0; i < set.f.n; i++) {
            for (char **r = set.refs[i]; *r; r++)
                if (fset_find(&set, *r) < 0 && !strstr(missing->str, *r))
                    g_string_append_printf(missing, "%s%s", missing->len ? ", " : "", *r);
            if (!seen[i])
                g_string_append_printf(unused, "%s%s", unused->len ? ", " : "",
                                       set.f.rows[i].name_en);
        }
        if (missing->len && unused->len)
            *warning = g_strdup_printf(_("The set is not complete: %s referenced but not in the "
                                         "group; the top-level filter does not reach %s."),
                                       missing->str, unused->str);
        else if (missing->len)
            *warning = g_strdup_printf(
                _("The set is not complete: %s referenced but not in the group."), missing->str);
        else if (unused->len)
            *warning = g_strdup_printf(
                _("The set is not minimal: the top-level filter does not reach %s."), unused->str);
        g_array_free(order, TRUE);
        g_free(seen);
    }
    g_string_free(missing, TRUE);
    g_string_free(unused, TRUE);
    fset_free(&set);
    g_free(refs);
    return ok;
}

/* ---------------------------------------------------------------- realization */

static bool realize_finish(struct job *job, struct filter_site *s, bool ok, struct dv_error *err)
{
    struct db *db = job_db(job);
    struct dv_error why = *err;
    bool rec;

    /* what was defined is remembered, so a filter's modify and delete reach
     * this host, even when a later step failed (a timeout: nothing known) */
    dv_error_clear(err);
    rec = db_begin(db, err);
    if (rec && why.code != DV_ERR_TIMEOUT)
        rec = secgroup_site_record(db, s, err);
    if (rec)
        rec = db_commit(db, err);
    else
        db_rollback(db);
    if (!ok) {
        *err = why;
        return false;
    }
    if (rec) {
        char *text = g_strdup_printf(_("Filters defined on the host: %d."), s->nsteps);

        job_set_result_text(job, text);
        g_free(text);
    }
    return rec;
}

struct filter_site *secgroup_site(struct db *db, int64_t id, int64_t host_id,
                                  filter_site_finish_fn finish, struct dv_error *err)
{
    struct secgroup g = {0};
    struct nwfilter_page refs = {0};
    struct host h = {0};
    struct fset set = {0};
    struct filter_site *site = NULL;
    int64_t *ids = NULL;
    bool ok = secgroup_get(db, id, &g, err) && secgroup_filters(db, id, &refs, err) &&
              host_get(db, host_id, &h, err);

    if (ok) {
        bool *seen;
        GArray *order = g_array_new(FALSE, FALSE, sizeof(int));

        ids = g_new0(int64_t, refs.n + 1);
        for (int i = 0; i < refs.n; i++)
            ids[i] = refs.rows[i].id;
        ok = fset_load(db, g.top_filter_id, ids, refs.n, &set, err);
        seen = g_new0(bool, set.f.n + 1);
        /* each referenced filter after the ones it references, the
         * top-level filter (index 0) last */
        seen[0] = true;
        for (int i = 1; ok && i < set.f.n; i++)
            fset_walk(&set, i, seen, order);
        if (ok && set.f.n > 0) {
            int top = 0;

            g_array_append_val(order, top);
        }
        site = filter_site_new(id, g.name, finish);
        filter_site_add_host(site, h.id, h.name, h.uri);
        for (guint k = 0; ok && k < order->len; k++) {
            const struct nwfilter *f = &set.f.rows[g_array_index(order, int, k)];

            if (!f->builtin) /* libvirt's own are on every host */
                filter_site_add_step(site, f->id, f->name_en, f->xml);
        }
        g_free(seen);
        g_array_free(order, TRUE);
    }
    fset_free(&set);
    g_free(ids);
    nwfilter_page_free(&refs);
    host_clear(&h);
    secgroup_clear(&g);
    if (!ok) {
        filter_site_free(site);
        return NULL;
    }
    return site;
}

bool secgroup_site_record(struct db *db, const struct filter_site *s, struct dv_error *err)
{
    int done = s->nhosts == 0 ? 0 : s->hosts[0].done;
    bool ok = true;

    for (int i = 0; ok && i < done; i++)
        ok = nwfilter_remember_host(db, s->steps[i].filter_id, s->hosts[0].id, err);
    return ok;
}

struct job *secgroup_realize_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                   int64_t host_id, struct dv_error *err)
{
    struct filter_site *site = secgroup_site(db, id, host_id, realize_finish, err);

    return site ? filter_site_start(db, actor, N_("Define security group on host"), site, err)
                : NULL;
}

bool secgroup_realize(struct db *db, const struct dv_actor *actor, int64_t id, int64_t host_id,
                      struct dv_error *err)
{
    struct job *job = secgroup_realize_start(db, actor, id, host_id, err);
    bool ok = job_run(job, err);

    if (job)
        job_unref(job);
    return ok;
}
