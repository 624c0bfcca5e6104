/* ctl_admin.c - dosvmctl's system management nouns (manual ch. 5 and 13):
 * user, param, site, log, task.
 *
 * Secrets never come from the command line.  The core's confirmation by
 * the system administrator's own password (sysadm_pw of the add, password
 * and delete dialogs) is read from the file DOSVM_SYSADM_PASSWORD_FILE
 * names, else again from DOSVM_PASSWORD_FILE's, else from a prompt; a new
 * password (and its confirmation) from the file DOSVM_NEW_PASSWORD_FILE
 * names (first line; a second line is the confirmation, else the first
 * line confirms itself), else from two prompts; the TLS pass phrase of
 * site set from DOSVM_TLS_PASSWORD_FILE the same way, and it is kept when
 * that is not set. */
#include "ctl.h"

#include <stdlib.h>
#include <string.h>

#include "admin/param.h"
#include "admin/siteparam.h"
#include "admin/user.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/choice.h"
#include "jobs/task.h"
#include "projects/project.h"

/* ---------------------------------------------------------------- secrets */

/* The lines of the file the environment variable env names: *first and
 * *second (the first again when the file has one line).  false with err
 * (naming field) when it cannot be read; true with *first NULL when env is
 * not set. */
static bool secret_file(const char *env, const char *field, char **first, char **second,
                        struct dv_error *err)
{
    const char *file = getenv(env);
    char *text = NULL, *nl;
    GError *ge = NULL;

    *first = NULL;
    if (second)
        *second = NULL;
    if (!file || !*file)
        return true;
    if (!g_file_get_contents(file, &text, NULL, &ge)) {
        dv_error_set(err, DV_ERR_IO, field, _("The password file cannot be read: %s"), ge->message);
        g_error_free(ge);
        return false;
    }
    nl = text + strcspn(text, "\r\n");
    if (second) {
        char *rest = *nl ? nl + 1 + (nl[0] == '\r' && nl[1] == '\n') : nl;

        rest[strcspn(rest, "\r\n")] = '\0';
        *second = g_strdup(*rest ? rest : NULL);
    }
    *nl = '\0';
    *first = g_strdup(text);
    if (second && !*second)
        *second = g_strdup(*first);
    explicit_bzero(text, strlen(text) + 1);
    g_free(text);
    return true;
}

/* The system administrator's password that confirms an operation (the
 * dialogs' sysadm_pw): DOSVM_SYSADM_PASSWORD_FILE, DOSVM_PASSWORD_FILE
 * again, else a prompt. */
static char *read_sysadm_pw(struct dv_error *err)
{
    char *pw;

    if (!secret_file("DOSVM_SYSADM_PASSWORD_FILE", UF_SYSADM_PW, &pw, NULL, err))
        return NULL;
    if (!pw && !secret_file("DOSVM_PASSWORD_FILE", UF_SYSADM_PW, &pw, NULL, err))
        return NULL;
    if (!pw && !(pw = ctl_prompt_secret(_("System administrator password: "))))
        dv_error_set(err, DV_ERR_INVALID, UF_SYSADM_PW, "%s",
                     _("The operation is confirmed with your password: set "
                       "DOSVM_SYSADM_PASSWORD_FILE or run dosvmctl on a terminal."));
    return pw;
}

/* A new password and its confirmation: DOSVM_NEW_PASSWORD_FILE, else two
 * prompts.  false with err when neither can be read. */
static bool read_new_pw(char **pw, char **confirm, struct dv_error *err)
{
    if (!secret_file("DOSVM_NEW_PASSWORD_FILE", UF_PASSWORD, pw, confirm, err))
        return false;
    if (*pw)
        return true;
    if (!(*pw = ctl_prompt_secret(_("New password: ")))) {
        dv_error_set(err, DV_ERR_INVALID, UF_PASSWORD, "%s",
                     _("No new password: set DOSVM_NEW_PASSWORD_FILE or run dosvmctl on a "
                       "terminal."));
        return false;
    }
    *confirm = ctl_prompt_secret(_("Confirm new password: "));
    return true;
}

/* ---------------------------------------------------------------- user */

static const struct ctl_column user_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"account", N_("Account"), CTL_STR},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"project", N_("Project"), CTL_STR},
    {"frozen", N_("Frozen"), CTL_BOOL},
    {"phone", N_("Phone"), CTL_STR},
    {"email", N_("Email"), CTL_STR},
    {"address", N_("Address"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
    {"locked_until", N_("Login locked until"), CTL_STR},
};

static void user_row(struct ctl_table *t, const struct user *u, int64_t locked_until)
{
    char when[DV_TIME_LEN];

    ctl_cell_num(t, u->id);
    ctl_cell(t, u->account);
    ctl_cell(t, u->name_zh);
    ctl_cell(t, u->project);
    ctl_cell_bool(t, u->frozen);
    ctl_cell(t, u->phone);
    ctl_cell(t, u->email);
    ctl_cell(t, u->address);
    ctl_cell(t, u->description);
    ctl_cell(t, locked_until ? dv_format_time(locked_until, when) : "");
}

/* *out: the one-row table of user id as it is now. */
static bool user_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct user u = {0};

    if (!user_get(c->db, id, &u, err))
        return false;
    *out = ctl_table_new(user_cols, G_N_ELEMENTS(user_cols));
    user_row(*out, &u, user_locked_until(c->db, u.account, dv_now()));
    user_clear(&u);
    return true;
}

#define USERS_SYSADM_ONLY N_("Only the system administrator can manage users.")

/* user list [--account PART] [--name PART]: the project administrators (M5.4.1) */
static bool user_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct user_filter f = {ctl_opt(c, "name"), ctl_opt(c, "account")};
    struct user_page p;

    if (!ctl_require_sysadm(c, USERS_SYSADM_ONLY, err) || !user_list(c->db, &f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(user_cols, G_N_ELEMENTS(user_cols));
    for (int i = 0; i < p.n; i++)
        user_row(*out, &p.rows[i], p.rows[i].locked_until);
    user_page_free(&p);
    return true;
}

/* The project administrator whose account is exactly account. */
static bool find_user(struct ctl *c, const char *account, struct user *out, struct dv_error *err)
{
    struct user_filter f = {NULL, account};
    struct user_page p;
    bool found = false;

    if (!account || !*account) {
        dv_error_set(err, DV_ERR_INVALID, UF_ACCOUNT, _("%s is required."), _("Account"));
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
        dv_error_set(err, DV_ERR_NOTFOUND, UF_ACCOUNT, _("There is no account '%s'."), account);
    return found;
}

/* user show --account A (M5.4.1) */
static bool user_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct user u = {0};
    bool ok = ctl_require_sysadm(c, USERS_SYSADM_ONLY, err) &&
              find_user(c, ctl_opt(c, UF_ACCOUNT), &u, err) && user_table(c, u.id, out, err);

    user_clear(&u);
    return ok;
}

/* user add --name-zh N --account A [--phone ... --project P] (M5.4.3): the
 * sysadm's password confirms it, the new password as read_new_pw reads it */
static bool user_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list projects = {0};
    struct user_info info = {.name_zh = ctl_opt_text(c, UF_NAME_ZH),
                             .account = ctl_opt_text(c, UF_ACCOUNT),
                             .phone = ctl_opt_text(c, UF_PHONE),
                             .email = ctl_opt_text(c, UF_EMAIL),
                             .address = ctl_opt_text(c, UF_ADDRESS),
                             .description = ctl_opt_text(c, UF_DESCRIPTION)};
    char *syspw = NULL, *pw = NULL, *confirm = NULL;
    int64_t id = 0;
    bool ok = ctl_require_sysadm(c, USERS_SYSADM_ONLY, err) &&
              project_choices(c->db, &projects, err) &&
              ctl_choose(c, &projects, UF_PROJECT, N_("Project"), false, &info.project_id, err) &&
              (syspw = read_sysadm_pw(err)) && read_new_pw(&pw, &confirm, err) &&
              user_add(c->db, &c->actor, &info, syspw, pw, confirm ? confirm : "", &id, err) &&
              user_table(c, id, out, err);

    choice_list_free(&projects);
    ctl_secret_free(syspw);
    ctl_secret_free(pw);
    ctl_secret_free(confirm);
    return ok;
}

/* user modify --account A [--account NEW] [--name-zh ... --description ...]
 * (M5.4.4, M5.5.2): the fields given change, the others stay; a second
 * --account is the new account (the console's command gives the record
 * first, then the dialog's fields). */
static bool user_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    const char **accounts = ctl_opt_all(c, UF_ACCOUNT);
    struct user u = {0};
    bool ok = find_user(c, accounts[0], &u, err);

    if (ok) {
#define KEEP(KEY, NOW) (ctl_has(c, KEY) ? ctl_opt(c, KEY) : (NOW))
        struct user_info info = {.name_zh = KEEP(UF_NAME_ZH, u.name_zh),
                                 .account = accounts[1] ? accounts[1] : u.account,
                                 .phone = KEEP(UF_PHONE, u.phone),
                                 .email = KEEP(UF_EMAIL, u.email),
                                 .address = KEEP(UF_ADDRESS, u.address),
                                 .description = KEEP(UF_DESCRIPTION, u.description),
                                 .version = u.version};
#undef KEEP
        ok = user_update(c->db, &c->actor, u.id, &info, err) && user_table(c, u.id, out, err);
    }
    user_clear(&u);
    g_free(accounts);
    return ok;
}

/* user password --account A (M5.4.5) */
static bool user_password_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct user u = {0};
    char *syspw = NULL, *pw = NULL, *confirm = NULL;
    bool ok = ctl_require_sysadm(c, USERS_SYSADM_ONLY, err) &&
              find_user(c, ctl_opt(c, UF_ACCOUNT), &u, err) && (syspw = read_sysadm_pw(err)) &&
              read_new_pw(&pw, &confirm, err) &&
              user_set_password(c->db, &c->actor, u.id, syspw, pw, confirm ? confirm : "", err);

    if (ok) {
        char *msg = g_strdup_printf(_("The password of '%s' was changed."), u.account);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    ctl_secret_free(syspw);
    ctl_secret_free(pw);
    ctl_secret_free(confirm);
    user_clear(&u);
    return ok;
}

/* user own-password (M5.4.2, M5.5.3): the logged-in user's own password;
 * the current one from DOSVM_PASSWORD_FILE again or a prompt, the new one
 * as read_new_pw reads it */
static bool user_own_password_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    char *old = NULL, *pw = NULL, *confirm = NULL;
    bool ok = secret_file("DOSVM_PASSWORD_FILE", UF_OLD_PW, &old, NULL, err);

    if (ok && !old && !(old = ctl_prompt_secret(_("Current password: ")))) {
        dv_error_set(err, DV_ERR_INVALID, UF_OLD_PW, "%s",
                     _("No current password: set DOSVM_PASSWORD_FILE or run dosvmctl on a "
                       "terminal."));
        ok = false;
    }
    ok = ok && read_new_pw(&pw, &confirm, err) &&
         user_change_own_password(c->db, &c->actor, old, pw, confirm ? confirm : "", err);
    if (ok)
        *out = ctl_result_table(_("Password changed; the next login needs the new password."));
    ctl_secret_free(old);
    ctl_secret_free(pw);
    ctl_secret_free(confirm);
    return ok;
}

/* user delete --account A (M5.4.6): the sysadm's password confirms it */
static bool user_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct user u = {0};
    char *syspw = NULL;
    bool ok = ctl_require_sysadm(c, USERS_SYSADM_ONLY, err) &&
              find_user(c, ctl_opt(c, UF_ACCOUNT), &u, err) && (syspw = read_sysadm_pw(err)) &&
              user_delete(c->db, &c->actor, u.id, syspw, err);

    if (ok) {
        char *msg = g_strdup_printf(_("The user '%s' was deleted."), u.account);

        *out = ctl_result_table(msg);
        g_free(msg);
    }
    ctl_secret_free(syspw);
    user_clear(&u);
    return ok;
}

/* user freeze|unfreeze --account A (M5.4.7a, M5.4.7b) and user unlock
 * --account A (issue 8): the console's rules and audit rows; the verb's arg
 * says which */
enum { USER_FREEZE, USER_UNFREEZE, USER_UNLOCK };

static bool user_state_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct user u = {0};
    bool ok = find_user(c, ctl_opt(c, UF_ACCOUNT), &u, err) &&
              (c->arg == USER_UNLOCK
                   ? user_unlock(c->db, &c->actor, u.id, err)
                   : user_set_frozen(c->db, &c->actor, u.id, c->arg == USER_FREEZE, err)) &&
              user_table(c, u.id, out, err);

    user_clear(&u);
    return ok;
}

/* ---------------------------------------------------------------- param */

static const struct ctl_column param_cols[] = {
    {"key", N_("Key"), CTL_STR},
    {"name", N_("Parameter"), CTL_STR},
    {"value", N_("Value"), CTL_STR},
};

static bool param_table(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct param_values pv = {0};
    char **texts;

    if (!param_load(c->db, &pv, err))
        return false;
    texts = param_texts(&pv);
    *out = ctl_table_new(param_cols, G_N_ELEMENTS(param_cols));
    for (int i = 0; i < PARAM_COUNT; i++) {
        ctl_cell(*out, param_def(i)->key);
        ctl_cell(*out, _(param_def(i)->label));
        ctl_cell(*out, texts[i]);
    }
    g_strfreev(texts);
    param_values_clear(&pv);
    return true;
}

/* param show (M13.2.1): every system parameter with its value */
static bool param_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    return audit_require_sysadm(&c->actor, err) && param_table(c, out, err);
}

/* param set [--KEY VALUE ...] [--confirm yes] (M13.2.1): the parameters
 * given change, the others keep their values; the console's ranges and
 * relations.  A value the console saves only after its question (a listen
 * port of 1024 or below) needs --confirm yes. */
static bool param_set_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct param_values pv = {0}, nv = {0};
    char **texts = NULL, *q = NULL;
    const char *field = NULL;
    bool confirmed = false;
    bool ok = audit_require_sysadm(&c->actor, err) && ctl_opt_bool(c, "confirm", &confirmed, err) &&
              param_load(c->db, &pv, err);

    if (ok) {
        texts = param_texts(&pv);
        for (int i = 0; i < PARAM_COUNT; i++)
            if (ctl_has(c, param_def(i)->key)) {
                g_free(texts[i]);
                texts[i] = g_strdup(ctl_opt(c, param_def(i)->key));
            }
        ok = param_parse((const char *const *)texts, &nv, err) && param_check(&nv, err);
    }
    if (ok && !confirmed && (q = param_warning(&nv, &field))) {
        /* L10N: %s is the console's question about the value */
        dv_error_set(err, DV_ERR_INFO, field, _("%s Give --confirm yes to save it."), q);
        ok = false;
    }
    ok = ok && param_save(c->db, &c->actor, &nv, err) && param_table(c, out, err);
    g_free(q);
    g_strfreev(texts);
    param_values_clear(&pv);
    param_values_clear(&nv);
    return ok;
}

/* ---------------------------------------------------------------- site */

static const struct ctl_column site_cols[] = {
    {SF_HOST, N_("Back-end (dosvmd) host address"), CTL_STR},
    {SF_USE_TLS, N_("Use SSL"), CTL_BOOL},
    {SF_CA, N_("SSL root certificate path"), CTL_STR},
    {SF_CERT, N_("SSL client certificate path"), CTL_STR},
    {SF_KEY, N_("SSL client key path"), CTL_STR},
    {"has_password", N_("SSL password stored"), CTL_BOOL},
};

static bool site_table(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct site_params p = {0};

    if (!site_load(c->db, &p, err))
        return false;
    *out = ctl_table_new(site_cols, G_N_ELEMENTS(site_cols));
    ctl_cell(*out, p.dosvmd_host);
    ctl_cell_bool(*out, p.use_tls);
    ctl_cell(*out, p.ca);
    ctl_cell(*out, p.cert);
    ctl_cell(*out, p.key);
    ctl_cell_bool(*out, p.has_password);
    site_params_clear(&p);
    return true;
}

/* site show (M13.2.2): the console's TLS settings; the pass phrase only as
 * whether one is stored */
static bool site_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    return audit_require_sysadm(&c->actor, err) && site_table(c, out, err);
}

/* site set [--dosvmd-host A] [--use-tls yes|no] [--tls-ca F --tls-cert F
 * --tls-key F] (M13.2.2): the settings given change, the others stay; the
 * pass phrase from DOSVM_TLS_PASSWORD_FILE, kept when it is not set */
static bool site_set_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct site_params p = {0};
    char *pw = NULL, *confirm = NULL;
    bool ok = audit_require_sysadm(&c->actor, err) && site_load(c->db, &p, err) &&
              secret_file("DOSVM_TLS_PASSWORD_FILE", SF_PASSWORD, &pw, &confirm, err);

    if (ok) {
#define KEEP(KEY, NOW) (ctl_has(c, KEY) ? ctl_opt(c, KEY) : (NOW))
        struct site_input in = {.dosvmd_host = KEEP(SF_HOST, p.dosvmd_host),
                                .use_tls = p.use_tls,
                                .ca = KEEP(SF_CA, p.ca),
                                .cert = KEEP(SF_CERT, p.cert),
                                .key = KEEP(SF_KEY, p.key),
                                .password = pw ? pw : "",
                                .confirm = confirm ? confirm : ""};
#undef KEEP
        ok = (!ctl_has(c, SF_USE_TLS) || ctl_opt_bool(c, SF_USE_TLS, &in.use_tls, err)) &&
             site_save(c->db, &c->actor, &in, err) && site_table(c, out, err);
    }
    ctl_secret_free(pw);
    ctl_secret_free(confirm);
    site_params_clear(&p);
    return ok;
}

/* ---------------------------------------------------------------- log */

static const struct ctl_column log_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"time", N_("Time"), CTL_STR},
    {"user", N_("User"), CTL_STR},
    {"address", N_("Client address"), CTL_STR},
    {"type", N_("Operation type"), CTL_STR},
    {"content", N_("Content"), CTL_STR},
    {"purge_point", N_("Purge point"), CTL_STR},
};

/* the stable words of enum audit_type in the type column */
static const char *type_word(int type)
{
    return type == AUDIT_ADD ? "add" : type == AUDIT_MODIFY ? "modify" : "delete";
}

/* --kind's words, in enum audit_log order */
static const char *const log_kinds[] = {"ops", "login", "purge", NULL};

/* log list [--kind ops|login|purge] [--from TIME --to TIME] [--user PART]
 * (M13.1.1, M13.1.2, M13.1.4): a log, newest first */
static bool log_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    const char *kind = ctl_opt(c, "kind");
    struct audit_filter f = {0};
    struct audit_page p;
    int log = AUDIT_LOG_OPS;
    bool ok;

    if (!audit_require_sysadm(&c->actor, err))
        return false;
    if (kind) {
        for (log = 0; log_kinds[log] && strcmp(log_kinds[log], kind) != 0; log++)
            ;
        if (!log_kinds[log]) {
            dv_error_set(err, DV_ERR_INVALID, "kind",
                         _("--kind takes ops, login or purge, not '%s'."), kind);
            return false;
        }
    }
    ok = audit_filter_parse(ctl_opt(c, "from"), ctl_opt(c, "to"),
                            log == AUDIT_LOG_PURGES ? "" : ctl_opt(c, "user"), &f, err) &&
         audit_list(c->db, (enum audit_log)log, &f, 0, -1, &p, err);
    audit_filter_free(&f);
    if (!ok)
        return false;
    *out = ctl_table_new(log_cols, G_N_ELEMENTS(log_cols));
    for (int i = 0; i < p.n; i++) {
        const struct audit_row *r = &p.rows[i];
        char t[DV_TIME_LEN], pp[DV_TIME_LEN];
        char *content = audit_row_content((enum audit_log)log, r);

        ctl_cell_num(*out, r->id);
        ctl_cell(*out, dv_format_time(r->time, t));
        ctl_cell(*out, r->user);
        ctl_cell(*out, r->addr);
        ctl_cell(*out, log == AUDIT_LOG_LOGINS ? "" : type_word(r->type));
        ctl_cell(*out, content);
        ctl_cell(*out, log == AUDIT_LOG_PURGES ? dv_format_time(r->purge_point, pp) : "");
        g_free(content);
    }
    audit_page_free(&p);
    return true;
}

/* log purge --before TIME (M13.1.3): every operation and login log row
 * older than TIME, recorded in the purge history */
static bool log_purge_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t before;
    int ops = 0, logins = 0;
    char *msg;

    if (!audit_require_sysadm(&c->actor, err))
        return false;
    if (!dv_parse_time(ctl_opt_text(c, "before"), &before)) {
        dv_error_set(err, DV_ERR_INVALID, "before",
                     _("Purge log time must be written as YYYY-MM-DD HH:MM:SS."));
        return false;
    }
    if (!audit_purge(c->db, &c->actor, before, &ops, &logins, err))
        return false;
    msg = g_strdup_printf(_("Purged %d operation log rows and %d login log rows."), ops, logins);
    *out = ctl_result_table(msg);
    g_free(msg);
    return true;
}

/* ---------------------------------------------------------------- task */

static const struct ctl_column task_cols[] = {
    {"id", N_("ID"), CTL_NUM},         {"what", N_("Task"), CTL_MSG},
    {"object", N_("Object"), CTL_STR}, {"host", N_("Host"), CTL_STR},
    {"user", N_("User"), CTL_STR},     {"started", N_("Started"), CTL_STR},
    {"ended", N_("Ended"), CTL_STR},   {"state", N_("State"), CTL_STR},
    {"result", N_("Result"), CTL_STR},
};

/* task list [--state running|ok|failed|cancelled|timeout] [--what PART]
 * (issue 7): the sysadm's every task, a project admin's own, newest first */
static bool task_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    const char *state = ctl_opt(c, "state");
    struct task_filter f = {-1, ctl_opt(c, "what")};
    struct task_page p;

    if (state && *state) {
        for (f.state = 0; task_state_names[f.state] && strcmp(task_state_names[f.state], state);
             f.state++)
            ;
        if (!task_state_names[f.state]) {
            dv_error_set(err, DV_ERR_INVALID, "state",
                         _("--state takes running, ok, failed, cancelled or timeout, not '%s'."),
                         state);
            return false;
        }
    }
    if (!task_list(c->db, &c->actor, &f, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(task_cols, G_N_ELEMENTS(task_cols));
    for (int i = 0; i < p.n; i++) {
        const struct task *t = &p.rows[i];
        char s[DV_TIME_LEN], e[DV_TIME_LEN];

        ctl_cell_num(*out, t->id);
        ctl_cell(*out, t->what);
        ctl_cell(*out, t->object);
        ctl_cell(*out, t->host);
        ctl_cell(*out, t->account);
        ctl_cell(*out, dv_format_time(t->started_at, s));
        ctl_cell(*out, t->ended_at ? dv_format_time(t->ended_at, e) : "");
        ctl_cell(*out, (unsigned)t->state < TASK_NSTATES ? task_state_names[t->state] : "");
        ctl_cell(*out, t->result);
    }
    task_page_free(&p);
    return true;
}

/* ---------------------------------------------------------------- the table */

#define USER_INFO UF_NAME_ZH, UF_ACCOUNT, UF_PHONE, UF_EMAIL, UF_ADDRESS, UF_DESCRIPTION
/* param set's options: the keys of the core's parameter table (admin/param.c) */
#define PARAM_KEYS                                                                                 \
    "vm_collect_interval", "vm_flush_interval", "host_collect_interval", "host_history_interval",  \
        "heartbeat_interval", "task_interval", "heartbeat_fail_count", "dosvmd_port",              \
        "vm_temp_dir", "shared_fs_root", "login_lock_failures", "login_lock_window"

const struct ctl_verb ctl_admin_verbs[] = {
    {"user", "list", CTL_OPTS("account", "name"), user_list_verb, 0},
    {"user", "show", CTL_OPTS(UF_ACCOUNT), user_show_verb, 0},
    {"user", "add", CTL_OPTS(USER_INFO, UF_PROJECT), user_add_verb, 0},
    {"user", "modify", CTL_OPTS(USER_INFO), user_modify_verb, 0},
    {"user", "password", CTL_OPTS(UF_ACCOUNT), user_password_verb, 0},
    {"user", "own-password", CTL_NO_OPTS, user_own_password_verb, 0},
    {"user", "delete", CTL_OPTS(UF_ACCOUNT), user_delete_verb, 0},
    {"user", "freeze", CTL_OPTS(UF_ACCOUNT), user_state_verb, USER_FREEZE},
    {"user", "unfreeze", CTL_OPTS(UF_ACCOUNT), user_state_verb, USER_UNFREEZE},
    {"user", "unlock", CTL_OPTS(UF_ACCOUNT), user_state_verb, USER_UNLOCK},
    {"param", "show", CTL_NO_OPTS, param_show_verb, 0},
    {"param", "set", CTL_OPTS(PARAM_KEYS, "confirm"), param_set_verb, 0},
    {"site", "show", CTL_NO_OPTS, site_show_verb, 0},
    {"site", "set", CTL_OPTS(SF_HOST, SF_USE_TLS, SF_CA, SF_CERT, SF_KEY), site_set_verb, 0},
    {"log", "list", CTL_OPTS("kind", "from", "to", "user"), log_list_verb, 0},
    {"log", "purge", CTL_OPTS("before"), log_purge_verb, 0},
    {"task", "list", CTL_OPTS("state", "what"), task_list_verb, 0},
    {NULL},
};
