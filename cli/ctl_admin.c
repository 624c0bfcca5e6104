/* ctl_admin.c - dosvmctl's system management nouns (manual ch. 5 and 13):
 * user, param, log. */
#include "ctl.h"

#include <string.h>

#include "admin/param.h"
#include "admin/user.h"
#include "base/util.h"
#include "db/audit.h"

static const struct ctl_column user_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"account", N_("Account"), CTL_STR},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"project", N_("Project"), CTL_STR},
    {"frozen", N_("Frozen"), CTL_BOOL},
    {"phone", N_("Phone"), CTL_STR},
    {"email", N_("Email"), CTL_STR},
};

/* user list [--account PART] [--name PART]: the project administrators (M5.4.1) */
static bool user_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct user_filter f = {ctl_opt(c, "name"), ctl_opt(c, "account")};
    struct user_page p;

    if (!c->actor.sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("Only the system administrator can manage users."));
        return false;
    }
    if (!user_list(c->db, &f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(user_cols, G_N_ELEMENTS(user_cols));
    for (int i = 0; i < p.n; i++) {
        const struct user *u = &p.rows[i];
        char *id = g_strdup_printf("%lld", (long long)u->id);
        const char *cells[] = {id,       u->account, u->name_zh, u->project,
                               u->frozen ? "1" : "0", u->phone, u->email};

        ctl_table_add(*out, cells);
        g_free(id);
    }
    user_page_free(&p);
    return true;
}

/* The project administrator whose account is exactly account (sysadm only). */
static bool find_user(struct ctl *c, const char *account, struct user *out, struct dv_error *err)
{
    struct user_filter f = {NULL, account};
    struct user_page p;
    bool found = false;

    if (!account || !*account) {
        dv_error_set(err, DV_ERR_INVALID, "account", _("%s is required."), _("Account"));
        return false;
    }
    if (!user_list(c->db, &f, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !found; i++)
        if (strcmp(p.rows[i].account, account) == 0) {
            found = user_get(c->db, p.rows[i].id, out, err);
            if (!found)
                break;
        }
    user_page_free(&p);
    if (!found && !err->msg[0])
        dv_error_set(err, DV_ERR_NOTFOUND, "account", _("There is no account '%s'."), account);
    return found;
}

static const struct ctl_column frozen_cols[] = {
    {"account", N_("Account"), CTL_STR},
    {"frozen", N_("Frozen"), CTL_BOOL},
};

/* user freeze|unfreeze --account A (M5.4.6, M5.4.7): the console's rule and audit row */
static bool user_frozen_verb(struct ctl *c, bool frozen, struct ctl_table **out,
                             struct dv_error *err)
{
    struct user u = {0};
    bool ok = find_user(c, ctl_opt(c, "account"), &u, err) &&
              user_set_frozen(c->db, &c->actor, u.id, frozen, err);

    if (ok) {
        const char *cells[] = {u.account, frozen ? "1" : "0"};

        *out = ctl_table_new(frozen_cols, G_N_ELEMENTS(frozen_cols));
        ctl_table_add(*out, cells);
    }
    user_clear(&u);
    return ok;
}

static bool user_freeze_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    return user_frozen_verb(c, true, out, err);
}

static bool user_unfreeze_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    return user_frozen_verb(c, false, out, err);
}

static const struct ctl_column param_cols[] = {
    {"key", N_("Key"), CTL_STR},
    {"name", N_("Parameter"), CTL_STR},
    {"value", N_("Value"), CTL_STR},
};

/* param show (M13.2.1): every system parameter with its value */
static bool param_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct param_values pv = {0};

    if (!audit_require_sysadm(&c->actor, err) || !param_load(c->db, &pv, err))
        return false;
    *out = ctl_table_new(param_cols, G_N_ELEMENTS(param_cols));
    for (int i = 0; i < PARAM_COUNT; i++) {
        const struct param_def *d = param_def(i);
        char *v = d->kind == PARAM_KIND_INT ? g_strdup_printf("%ld", pv.n[i])
                                            : g_strdup(pv.text[i] ? pv.text[i] : "");
        const char *cells[] = {d->key, _(d->label), v};

        ctl_table_add(*out, cells);
        g_free(v);
    }
    param_values_clear(&pv);
    return true;
}

static const struct ctl_column log_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"time", N_("Time"), CTL_STR},
    {"user", N_("User"), CTL_STR},
    {"address", N_("Client address"), CTL_STR},
    {"content", N_("Content"), CTL_STR},
};

/* log list [--from TIME --to TIME] [--user PART] (M13.1.1): the operation log, newest first */
static bool log_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct audit_filter f = {0};
    struct audit_page p;
    bool ok = audit_require_sysadm(&c->actor, err) &&
              audit_filter_parse(ctl_opt(c, "from"), ctl_opt(c, "to"), ctl_opt(c, "user"), &f, err) &&
              audit_list(c->db, AUDIT_LOG_OPS, &f, 0, -1, &p, err);

    audit_filter_free(&f);
    if (!ok)
        return false;
    *out = ctl_table_new(log_cols, G_N_ELEMENTS(log_cols));
    for (int i = 0; i < p.n; i++) {
        char t[DV_TIME_LEN];
        char *id = g_strdup_printf("%lld", (long long)p.rows[i].id);
        char *content = audit_row_content(AUDIT_LOG_OPS, &p.rows[i]);
        const char *cells[] = {id, dv_format_time(p.rows[i].time, t), p.rows[i].user,
                               p.rows[i].addr, content};

        ctl_table_add(*out, cells);
        g_free(id);
        g_free(content);
    }
    audit_page_free(&p);
    return true;
}

const struct ctl_verb ctl_admin_verbs[] = {
    {"user", "list", CTL_OPTS("account", "name"), user_list_verb, 0},
    {"user", "freeze", CTL_OPTS("account"), user_freeze_verb, 0},
    {"user", "unfreeze", CTL_OPTS("account"), user_unfreeze_verb, 0},
    {"param", "show", CTL_NO_OPTS, param_show_verb, 0},
    {"log", "list", CTL_OPTS("from", "to", "user"), log_list_verb, 0},
    {NULL},
};
