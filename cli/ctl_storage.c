/* ctl_storage.c - dosvmctl's storage nouns (manual ch. 8, 9): secret, pool.
 *
 * A verb that acts on a security object names it with --secret (its English
 * name), one on a pool with --pool.  A secret's value never comes from the
 * command line: --value-file FILE, or (adding) a prompt on the terminal
 * without echo, asked twice as the console's two password fields. */
#include "ctl.h"

#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "jobs/job.h"
#include "storage/pool.h"
#include "storage/secret.h"

/* ---------------------------------------------------------------- secret */

static const struct ctl_column secret_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"uuid", N_("UUID"), CTL_STR},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"name_en", N_("English name"), CTL_STR},
    {"usage_type", N_("Usage type"), CTL_STR},
    {"usage_id", N_("Usage"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"projects", N_("Project"), CTL_STR},
};

static void secret_row(struct ctl_table *t, const struct secret *s)
{
    ctl_cell_num(t, s->id);
    ctl_cell(t, s->uuid);
    ctl_cell(t, s->name_zh);
    ctl_cell(t, s->name_en);
    ctl_cell(t, s->usage_type);
    ctl_cell(t, s->usage_id);
    ctl_cell(t, s->description);
    ctl_cell(t, s->projects);
}

static bool storage_sysadm(const struct ctl *c, struct dv_error *err)
{
    return ctl_require_sysadm(c, N_("Only the system administrator can do this."), err);
}

/* secret list [--name-zh PART] [--name-en PART] [--project PART] [--usage PART] (M8.2a) */
static bool secret_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secret_filter f = {ctl_opt(c, "name_zh"), ctl_opt(c, "name_en"), ctl_opt(c, "project"),
                              ctl_opt(c, "usage")};
    struct secret_page p;

    if (!storage_sysadm(c, err) || !secret_list(c->db, &f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(secret_cols, G_N_ELEMENTS(secret_cols));
    for (int i = 0; i < p.n; i++)
        secret_row(*out, &p.rows[i]);
    secret_page_free(&p);
    return true;
}

/* The security object whose English name option --secret is, read whole. */
static bool find_secret(struct ctl *c, struct secret *out, struct dv_error *err)
{
    const char *name = ctl_opt(c, "secret");
    struct secret_filter f = {.name_en = name};
    struct secret_page p;
    int64_t id = 0;

    if (!storage_sysadm(c, err))
        return false;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, "secret", _("%s is required."), _("English name"));
        return false;
    }
    if (!secret_list(c->db, &f, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].name_en, name) == 0)
            id = p.rows[i].id;
    secret_page_free(&p);
    if (!id && ctl_id_of(name, &id)) { /* the object of that id */
        struct dv_error none = {0};

        if (secret_get(c->db, id, out, &none))
            return true;
        id = 0;
    }
    if (!id) {
        dv_error_set(err, DV_ERR_NOTFOUND, "secret", _("There is no security object '%s'."), name);
        return false;
    }
    return secret_get(c->db, id, out, err);
}

static bool secret_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct secret s = {0};
    bool ok = secret_get(c->db, id, &s, err);

    if (ok) {
        *out = ctl_table_new(secret_cols, G_N_ELEMENTS(secret_cols));
        secret_row(*out, &s);
    }
    secret_clear(&s);
    return ok;
}

/* secret show --secret NAME_EN */
static bool secret_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secret s = {0};
    bool ok = find_secret(c, &s, err);

    if (ok) {
        *out = ctl_table_new(secret_cols, G_N_ELEMENTS(secret_cols));
        secret_row(*out, &s);
    }
    secret_clear(&s);
    return ok;
}

/* The value and its repeat: the file --value-file names (one final newline
 * dropped), else when prompt a prompt on the terminal, else both NULL
 * (modify: keep the stored value).  false with err when the file cannot be
 * read.  ctl_secret_free() both. */
static bool secret_value_of(struct ctl *c, bool prompt, char **value, char **repeat,
                            struct dv_error *err)
{
    const char *file = ctl_opt(c, "value_file");

    *value = *repeat = NULL;
    if (file) {
        GError *ge = NULL;
        gsize len = 0;

        if (!g_file_get_contents(file, value, &len, &ge)) {
            dv_error_set(err, DV_ERR_IO, "value_file", _("The value file cannot be read: %s"),
                         ge->message);
            g_error_free(ge);
            return false;
        }
        if (strlen(*value) != len) {
            ctl_secret_free(*value);
            *value = NULL;
            dv_error_set(err, DV_ERR_INVALID, "value_file", "%s",
                         _("The value file holds a NUL byte: the value is text."));
            return false;
        }
        if (len && (*value)[len - 1] == '\n')
            (*value)[--len] = '\0';
        if (len && (*value)[len - 1] == '\r')
            (*value)[--len] = '\0';
        *repeat = g_strdup(*value);
        return true;
    }
    if (!prompt)
        return true;
    if (!(*value = ctl_prompt_secret(_("Value: ")))) {
        dv_error_set(err, DV_ERR_INVALID, "value_file", "%s",
                     _("No value: give --value-file FILE or run dosvmctl on a terminal."));
        return false;
    }
    *repeat = ctl_prompt_secret(_("Repeat value: "));
    return true;
}

/* The console's dialog input of the options; value and repeat as read. */
static struct secret_input secret_input_of(struct ctl *c, const char *value, const char *repeat)
{
    return (struct secret_input){
        .name_zh = ctl_opt_text(c, SCF_NAME_ZH),
        .name_en = ctl_opt_text(c, SCF_NAME_EN),
        .usage_type = ctl_opt_text(c, SCF_USAGE_TYPE),
        .usage_id = ctl_opt_text(c, SCF_USAGE_ID),
        .description = ctl_opt_text(c, SCF_DESCRIPTION),
        .value = value ? value : "",
        .repeat = repeat ? repeat : "",
    };
}

/* secret add --name-zh Z --name-en E --usage-type T --usage-id U
 * [--description D] [--value-file FILE] (M8.2b) */
static bool secret_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    char *value = NULL, *repeat = NULL;
    struct secret_input in;
    struct secret_spec s;
    int64_t id = 0;
    bool ok = storage_sysadm(c, err) && secret_value_of(c, true, &value, &repeat, err);

    in = secret_input_of(c, value, repeat);
    ok = ok && secret_spec_parse(&in, true, &s, err) &&
         secret_add(c->db, &c->actor, &s, &id, err) && secret_table(c, id, out, err);
    ctl_secret_free(value);
    ctl_secret_free(repeat);
    return ok;
}

/* secret modify --secret E [--name-zh Z] [--name-en E2] [--usage-id U]
 * [--description D] [--value-file FILE] (M8.2c): fields not given keep
 * their values, the value too without --value-file */
static bool secret_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secret cur = {0};
    char *value = NULL, *repeat = NULL;
    bool ok = find_secret(c, &cur, err) && secret_value_of(c, false, &value, &repeat, err);

    if (ok) {
        struct secret_input in = {
            .name_zh = ctl_has(c, SCF_NAME_ZH) ? ctl_opt(c, SCF_NAME_ZH) : cur.name_zh,
            .name_en = ctl_has(c, SCF_NAME_EN) ? ctl_opt(c, SCF_NAME_EN) : cur.name_en,
            .usage_type = cur.usage_type,
            .usage_id = ctl_has(c, SCF_USAGE_ID) ? ctl_opt(c, SCF_USAGE_ID) : cur.usage_id,
            .description =
                ctl_has(c, SCF_DESCRIPTION) ? ctl_opt(c, SCF_DESCRIPTION) : cur.description,
            .value = value ? value : "",
            .repeat = repeat ? repeat : "",
        };
        struct secret_spec s;

        ok = secret_spec_parse(&in, false, &s, err);
        s.version = cur.row_version; /* as read (P2/OP-6) */
        ok = ok && secret_modify(c->db, &c->actor, cur.id, &s, err) &&
             secret_table(c, cur.id, out, err);
    }
    ctl_secret_free(value);
    ctl_secret_free(repeat);
    secret_clear(&cur);
    return ok;
}

/* secret delete --secret E (M8.2d) */
static bool secret_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct secret s = {0};
    bool ok = find_secret(c, &s, err) && secret_delete(c->db, &c->actor, s.id, err);

    if (ok) {
        char *msg = g_strdup_printf(_("The security object '%s' was deleted."), s.name_en);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    secret_clear(&s);
    return ok;
}

/* ---------------------------------------------------------------- pool */

static const struct ctl_column pool_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"uuid", N_("UUID"), CTL_STR},
    {"name", N_("Pool name"), CTL_STR},
    {"type", N_("Type code"), CTL_NUM},
    {"type_name", N_("Type"), CTL_MSG},
    {"capacity_mb", N_("Logical capacity (MiB)"), CTL_NUM},
    {"bound_host", N_("Bound host"), CTL_STR},
    {"target_path", N_("Target path"), CTL_STR},
    {"source_host", N_("Server address"), CTL_STR},
    {"source_port", N_("Port"), CTL_NUM},
    {"source_dir", N_("Source path"), CTL_STR},
    {"source_format", N_("Pool format"), CTL_STR},
    {"source_device", N_("Device path"), CTL_STR},
    {"source_devices", N_("Devices"), CTL_STR},
    {"auth_user", N_("Authentication user"), CTL_STR},
    {"auth_secret", N_("Security object"), CTL_STR},
    {"vendor", N_("Provider"), CTL_STR},
    {"product", N_("Product name"), CTL_STR},
    {"projects", N_("Project"), CTL_STR},
    {"created_at", N_("Created at"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
};

/* One row of the pool schema; the CHAP secret by its label in the
 * console's list (secrets: pool_secret_choices, read once). */
static void pool_row(struct ctl_table *t, const struct pool *p, const struct choice_list *secrets)
{
    char when[DV_TIME_LEN];
    char *devices = p->devices ? g_strjoinv(",", p->devices) : g_strdup("");
    const char *secret = "";

    for (int i = 0; p->auth_secret_id && i < secrets->n; i++)
        if (secrets->v[i].id == p->auth_secret_id)
            secret = secrets->v[i].label;
    ctl_cell_num(t, p->id);
    ctl_cell(t, p->uuid);
    ctl_cell(t, p->name);
    ctl_cell_num(t, p->type);
    ctl_cell(t, pool_type_info(p->type) ? pool_type_info(p->type)->label : "");
    ctl_cell_num(t, p->capacity_mb);
    ctl_cell(t, p->bound_host);
    ctl_cell(t, p->target_path);
    ctl_cell(t, p->src_host);
    if (p->src_port)
        ctl_cell_num(t, p->src_port);
    else
        ctl_cell(t, "");
    ctl_cell(t, p->src_dir);
    ctl_cell(t, p->src_format);
    ctl_cell(t, p->src_device);
    ctl_cell(t, devices);
    ctl_cell(t, p->auth_user);
    ctl_cell(t, secret);
    ctl_cell(t, p->vendor);
    ctl_cell(t, p->product);
    ctl_cell(t, p->projects);
    ctl_cell(t, dv_format_time(p->created_at, when));
    ctl_cell(t, p->description);
    g_free(devices);
}

/* The console's type value ("0".."5") of --type: the value itself, or the
 * type's label in English or as the console shows it.  NULL when not given;
 * false with err when it names no type. */
static bool pool_type_of(struct ctl *c, bool required, const char **value, struct dv_error *err)
{
    static const char *const values[POOL_TYPE_COUNT] = {"0", "1", "2", "3", "4", "5"};
    const char *v = ctl_opt(c, PLF_TYPE);

    *value = NULL;
    if (!v || !*v) {
        if (!required)
            return true;
        dv_error_set(err, DV_ERR_INVALID, PLF_TYPE, _("%s is required."), _("Storage pool type"));
        return false;
    }
    for (int t = 0; t < POOL_TYPE_COUNT; t++)
        if (strcmp(v, values[t]) == 0 || strcmp(v, pool_type_info(t)->label) == 0 ||
            strcmp(v, pool_type_label(t)) == 0)
            *value = values[t];
    /* virsh's word, where it names one type only ("dir" names two) */
    for (int t = 0; !*value && t < POOL_TYPE_COUNT; t++)
        if (strcmp(v, pool_type_libvirt(t)) == 0) {
            bool unique = true;

            for (int u = t + 1; u < POOL_TYPE_COUNT; u++)
                unique = unique && strcmp(v, pool_type_libvirt(u)) != 0;
            if (unique)
                *value = values[t];
            break;
        }
    if (!*value)
        dv_error_set(err, DV_ERR_INVALID, PLF_TYPE,
                     _("--type takes a pool type: 0 to 5, its name or its libvirt type, not '%s'."),
                     v);
    return *value != NULL;
}

/* pool list [--name PART] [--type T] [--cap-min MB] [--cap-max MB]
 * [--created-from DAY] [--created-to DAY] [--bound yes|no] [--host PART]
 * (M9.3.1): the console's query row */
static bool pool_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list secrets = {0};
    struct pool_filter f;
    struct pool_page p;
    const char *type = NULL;
    bool bound = false;
    struct pool_query q = {.name = ctl_opt(c, "name"),
                           .cap_min = ctl_opt(c, "cap_min"),
                           .cap_max = ctl_opt(c, "cap_max"),
                           .created_from = ctl_opt(c, "created_from"),
                           .created_to = ctl_opt(c, "created_to"),
                           .host = ctl_opt(c, "host")};
    bool ok = storage_sysadm(c, err) && pool_type_of(c, false, &type, err) &&
              ctl_opt_bool(c, "bound", &bound, err);

    q.type = type ? type : "-1";
    q.bound = !ctl_has(c, "bound") ? "-1" : bound ? "1" : "0";
    if (!ok || !pool_filter_parse(&q, &f, err) || !pool_secret_choices(c->db, &secrets, err))
        return false;
    if (!pool_list(c->db, &f, 0, -1, &p, err)) {
        choice_list_free(&secrets);
        return false;
    }
    *out = ctl_table_new(pool_cols, G_N_ELEMENTS(pool_cols));
    for (int i = 0; i < p.n; i++)
        pool_row(*out, &p.rows[i], &secrets);
    pool_page_free(&p);
    choice_list_free(&secrets);
    return true;
}

/* The id of the pool option --pool names exactly. */
static bool find_pool(struct ctl *c, int64_t *id, struct dv_error *err)
{
    const char *name = ctl_opt(c, "pool");
    struct pool_filter f = {.name = name, .type = -1, .bound = -1};
    struct pool_page p;

    *id = 0;
    if (!storage_sysadm(c, err))
        return false;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, "pool", _("%s is required."), _("Pool name"));
        return false;
    }
    if (!pool_list(c->db, &f, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !*id; i++)
        if (strcmp(p.rows[i].name, name) == 0)
            *id = p.rows[i].id;
    pool_page_free(&p);
    if (!*id && ctl_id_of(name, id)) { /* the pool of that id */
        struct dv_error none = {0};
        struct pool pl = {0};

        if (!pool_get(c->db, *id, &pl, &none))
            *id = 0;
        pool_clear(&pl);
    }
    if (!*id)
        dv_error_set(err, DV_ERR_NOTFOUND, "pool", _("There is no storage pool '%s'."), name);
    return *id != 0;
}

static bool pool_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list secrets = {0};
    struct pool p = {0};
    bool ok = pool_secret_choices(c->db, &secrets, err) && pool_get(c->db, id, &p, err);

    if (ok) {
        *out = ctl_table_new(pool_cols, G_N_ELEMENTS(pool_cols));
        pool_row(*out, &p, &secrets);
    }
    pool_clear(&p);
    choice_list_free(&secrets);
    return ok;
}

static const struct ctl_column xml_cols[] = {
    {"xml", N_("XML"), CTL_STR},
    {"live", N_("Live"), CTL_BOOL},
};

/* pool show --pool P (M9.3.5): the pool's libvirt XML, live from a host
 * where it is defined, else as built from the record; raw in text mode */
static bool pool_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;
    bool live = false;
    char *xml = NULL;

    if (!find_pool(c, &id, err) || !(xml = pool_details_xml(c->db, id, &live, err)))
        return false;
    if (c->fmt == CTL_TEXT) {
        fputs(xml, stdout);
        if (*xml && xml[strlen(xml) - 1] != '\n')
            fputc('\n', stdout);
        *out = ctl_table_new(xml_cols, 0); /* prints nothing */
    } else {
        *out = ctl_table_new(xml_cols, G_N_ELEMENTS(xml_cols));
        ctl_cell(*out, xml);
        ctl_cell_bool(*out, live);
    }
    g_free(xml);
    return true;
}

/* The id of the CHAP secret --auth-secret names: the label of the
 * console's list ("name (usage)"), its English name alone, or its id; ""
 * when not given. */
static bool pool_secret_of(struct ctl *c, char **id, struct dv_error *err)
{
    const char *v = ctl_opt(c, PLF_AUTH_SECRET);
    struct choice_list l = {0};
    int64_t found = 0;

    *id = g_strdup("");
    if (!v || !*v)
        return true;
    if (!pool_secret_choices(c->db, &l, err))
        return false;
    for (int i = 0; i < l.n && !found; i++) {
        const char *label = l.v[i].label;
        size_t n = strlen(v);

        if (strcmp(label, v) == 0 ||
            (strncmp(label, v, n) == 0 && strncmp(label + n, " (", 2) == 0))
            found = l.v[i].id;
    }
    if (!found) {
        int64_t digits = 0;

        if (!ctl_choose(c, &l, PLF_AUTH_SECRET, N_("Security object"), false, &digits, err)) {
            choice_list_free(&l);
            return false;
        }
        found = digits;
    }
    choice_list_free(&l);
    g_free(*id);
    *id = g_strdup_printf("%lld", (long long)found);
    return true;
}

/* pool add --type T --name N --capacity-mb MB ... [--projects "A,B"]
 * (M9.3.2-M9.3.2.6): the add form of the type, as a job */
static bool pool_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list hosts = {0}, projects = {0};
    const char *type = NULL;
    int64_t host = 0, *ids = NULL, id = 0;
    int n = 0;
    char *host_id = NULL, *secret_id = NULL;
    struct pool_spec spec = {0};
    bool ok = storage_sysadm(c, err) && pool_type_of(c, true, &type, err) &&
              pool_host_choices(c->db, &hosts, err) &&
              ctl_choose(c, &hosts, PLF_BOUND_HOST, N_("Bound host"), false, &host, err) &&
              pool_secret_of(c, &secret_id, err) &&
              pool_project_choices(c->db, 0, &projects, err) &&
              ctl_choose_many(c, &projects, "projects", N_("Project name"), &ids, &n, err);

    if (ok) {
        enum pool_type t = (enum pool_type)(type[0] - '0');
        const struct pool_type_info *info = pool_type_info(t);
        const char *target = ctl_opt_text(c, PLF_TARGET), *format = ctl_opt_text(c, PLF_FORMAT);
        struct pool_input in = {0};
        struct job *job;

        /* what the type's form shows fixed (read-only fields) */
        if (!*target && info->fixed_target)
            target = info->fixed_target;
        if (!*format && t == POOL_LOGICAL)
            format = "lvm2";
        host_id = host ? g_strdup_printf("%lld", (long long)host) : g_strdup("");
        in = (struct pool_input){.name = ctl_opt_text(c, PLF_NAME),
                                 .type = t,
                                 .capacity_mb = ctl_opt_text(c, PLF_CAPACITY),
                                 .description = ctl_opt_text(c, PLF_DESCRIPTION),
                                 .target_path = target,
                                 .vendor = ctl_opt_text(c, PLF_VENDOR),
                                 .product = ctl_opt_text(c, PLF_PRODUCT),
                                 .bound_host = host_id,
                                 .src_host = ctl_opt_text(c, PLF_HOST),
                                 .src_port = ctl_opt_text(c, PLF_PORT),
                                 .src_dir = ctl_opt_text(c, PLF_DIR),
                                 .src_format = format,
                                 .src_device = ctl_opt_text(c, PLF_DEVICE),
                                 .auth_user = ctl_opt_text(c, PLF_AUTH_USER),
                                 .auth_secret = secret_id,
                                 .devices = ctl_opt_text(c, PLF_DEVICES),
                                 .projects = ids,
                                 .nprojects = n};
        ok = pool_spec_parse(&in, &spec, err);
        if (ok) {
            job = pool_add_start(c->db, &c->actor, &spec, err);
            if (job)
                id = pool_add_job_id(job);
            ok = ctl_run_job(c, job, err) && pool_table(c, id, out, err);
        }
    }
    g_strfreev(spec.devices);
    g_free(host_id);
    g_free(secret_id);
    g_free(ids);
    choice_list_free(&hosts);
    choice_list_free(&projects);
    return ok;
}

/* pool modify --pool P --description D (M9.3.3) */
static bool pool_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct pool p = {0};
    int64_t id;
    bool ok = find_pool(c, &id, err) && pool_get(c->db, id, &p, err);

    if (ok) {
        struct pool_spec s = {.description = ctl_has(c, PLF_DESCRIPTION)
                                                 ? ctl_opt(c, PLF_DESCRIPTION)
                                                 : p.description,
                              .version = p.row_version};

        ok = pool_modify(c->db, &c->actor, id, &s, err) && pool_table(c, id, out, err);
    }
    pool_clear(&p);
    return ok;
}

/* pool delete --pool P (M9.3.4): the record, then the hosts undefine it as
 * a job; the hosts that could not are named in the result and on stderr */
static bool pool_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id;
    struct job *job;
    char *msg;
    const char *name = ctl_opt(c, "pool");

    if (!find_pool(c, &id, err) || !(job = pool_delete_start(c->db, &c->actor, id, err)))
        return false;
    job_ref(job);
    if (!ctl_run_job(c, job, err)) {
        job_unref(job);
        return false;
    }
    if (pool_delete_warning(job)) {
        msg = g_strdup_printf(_("The storage pool '%s' was deleted, but these hosts could not "
                                "undefine it:\n\n%s"),
                              name, pool_delete_warning(job));
        fprintf(stderr, "dosvmctl: %s\n", msg);
    } else
        msg = g_strdup_printf(_("The storage pool '%s' was deleted."), name);
    job_unref(job);
    *out = ctl_result_table(msg);
    g_free(msg);
    return true;
}

#define POOL_ADD_OPTS                                                                              \
    "type", "name", "capacity_mb", "description", "target_path", "bound_host", "source_host",      \
        "source_port", "source_dir", "source_format", "source_device", "source_devices",           \
        "auth_user", "auth_secret", "vendor", "product", "projects"

const struct ctl_verb ctl_storage_verbs[] = {
    {"secret", "list", CTL_OPTS("name_zh", "name_en", "project", "usage"), secret_list_verb, 0},
    {"secret", "show", CTL_OPTS("secret"), secret_show_verb, 0},
    {"secret", "add",
     CTL_OPTS("name_zh", "name_en", "usage_type", "usage_id", "description", "value_file"),
     secret_add_verb, 0},
    {"secret", "modify",
     CTL_OPTS("secret", "name_zh", "name_en", "usage_id", "description", "value_file"),
     secret_modify_verb, 0},
    {"secret", "delete", CTL_OPTS("secret"), secret_delete_verb, 0},
    {"pool", "list",
     CTL_OPTS("name", "type", "cap_min", "cap_max", "created_from", "created_to", "bound", "host"),
     pool_list_verb, 0},
    {"pool", "show", CTL_OPTS("pool"), pool_show_verb, 0},
    {"pool", "add", CTL_OPTS(POOL_ADD_OPTS), pool_add_verb, 0},
    {"pool", "modify", CTL_OPTS("pool", "description"), pool_modify_verb, 0},
    {"pool", "delete", CTL_OPTS("pool"), pool_delete_verb, 0},
    {NULL},
};
