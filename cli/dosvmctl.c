/* dosvmctl.c - the scriptable twin of the console (issue 12): log in as the
 * console does, then run one NOUN VERB on the core with the console's rules,
 * messages and audit rows, and print the result as aligned text, JSON or
 * CSV (cli/ctlout.h).
 *
 *   dosvmctl [--db FILE] --user ACCOUNT [--json|--csv] NOUN VERB [--FIELD VALUE ...]
 *
 * The password never comes from the command line: the file named by
 * DOSVM_PASSWORD_FILE, a read-only descriptor (--password-fd N), or a prompt
 * on the terminal without echo.  The same failed-login rules as the console
 * apply (delay, lockout, login log).  Exit status: 0 done, 1 refused by a
 * rule (the JSON names the field), 2 usage, 3 not found, 4 host, libvirt or
 * database failure.  The nouns and verbs are the table below; bash
 * completion is generated from it (dosvmctl --completion). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "admin/param.h"
#include "admin/program.h"
#include "admin/user.h"
#include "base/util.h"
#include "db/audit.h"
#include "ctlout.h"
#include "hosts/host.h"
#include "projects/project.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "virt/virt.h"

struct ctl {
    struct db *db;
    struct dv_actor actor;
    enum ctl_format fmt;
    char **opts; /* --FIELD VALUE pairs after the verb, NULL-terminated */
    int arg;     /* the verb's arg */
};

/* ---------------------------------------------------------------- verbs */

/* The value of --name among the verb's options, or NULL. */
static const char *opt(const struct ctl *c, const char *name)
{
    for (int i = 0; c->opts[i] && c->opts[i + 1]; i += 2)
        if (strcmp(c->opts[i] + 2, name) == 0)
            return c->opts[i + 1];
    return NULL;
}

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
    struct user_filter f = {opt(c, "name"), opt(c, "account")};
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

static const struct ctl_column host_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Host name"), CTL_STR},
    {"ip", N_("IP address"), CTL_STR},
    {"uri", N_("libvirt URI"), CTL_STR},
    {"running", N_("Running"), CTL_BOOL},
    {"cpu_cores", N_("CPU cores"), CTL_NUM},
    {"mem_total_mb", N_("Memory (MiB)"), CTL_NUM},
};

/* host list [--filter PART]: the hosts (M6.2.2) */
static bool host_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct host_page p;

    if (!c->actor.sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("Only the system administrator can manage hosts."));
        return false;
    }
    if (!host_list(c->db, opt(c, "filter"), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
    for (int i = 0; i < p.n; i++) {
        const struct host *h = &p.rows[i];
        char *id = g_strdup_printf("%lld", (long long)h->id);
        char *cores = g_strdup_printf("%d", h->cpu_cores);
        char *mem = g_strdup_printf("%lld", (long long)h->mem_total_mb);
        const char *cells[] = {id, h->name, h->ip, h->uri, h->running ? "1" : "0", cores, mem};

        ctl_table_add(*out, cells);
        g_free(id);
        g_free(cores);
        g_free(mem);
    }
    host_page_free(&p);
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
    bool ok = find_user(c, opt(c, "account"), &u, err) &&
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

/* host add --name N --uri U (D3): connects, reads the node and registers it */
static bool host_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    int64_t id = 0;
    struct host h = {0};
    bool ok = host_add(c->db, &c->actor, opt(c, "name") ? opt(c, "name") : "",
                       opt(c, "uri") ? opt(c, "uri") : "", &id, err) &&
              host_get(c->db, id, &h, err);

    if (ok) {
        char *sid = g_strdup_printf("%lld", (long long)h.id);
        char *cores = g_strdup_printf("%d", h.cpu_cores);
        char *mem = g_strdup_printf("%lld", (long long)h.mem_total_mb);
        const char *cells[] = {sid, h.name, h.ip, h.uri, h.running ? "1" : "0", cores, mem};

        *out = ctl_table_new(host_cols, G_N_ELEMENTS(host_cols));
        ctl_table_add(*out, cells);
        g_free(sid);
        g_free(cores);
        g_free(mem);
    }
    host_clear(&h);
    return ok;
}

static const struct ctl_column project_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("Project name"), CTL_STR},
    {"active", N_("Active"), CTL_BOOL},
    {"admins", N_("Project administrators"), CTL_STR},
    {"description", N_("Description"), CTL_STR},
};

/* project list [--name PART] (M7.2.1) */
static bool project_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct project_page p;

    if (!c->actor.sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("Only the system administrator can manage projects."));
        return false;
    }
    if (!project_list(c->db, opt(c, "name"), -1, 0, -1, &p, err))
        return false;
    *out = ctl_table_new(project_cols, G_N_ELEMENTS(project_cols));
    for (int i = 0; i < p.n; i++) {
        const struct project *r = &p.rows[i];
        char *id = g_strdup_printf("%lld", (long long)r->id);
        const char *cells[] = {id, r->name, r->active ? "1" : "0", r->admins, r->description};

        ctl_table_add(*out, cells);
        g_free(id);
    }
    project_page_free(&p);
    return true;
}

static const struct ctl_column vm_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("VM English name"), CTL_STR},
    {"instance", N_("Instance name"), CTL_STR},
    {"power_on", N_("Power state"), CTL_BOOL},
    {"run_state", N_("Run state"), CTL_STR},
    {"host", N_("Run host"), CTL_STR},
    {"access_port", N_("Access port"), CTL_NUM},
    {"project", N_("Project name"), CTL_STR},
};

/* run_state's stable words (the text of vm_run_label is translated) */
static const char *const run_words[VM_RUN_COUNT] = {"shutoff", "running", "suspended", "saved"};

static void vm_row(struct ctl_table *t, const struct vm *v)
{
    char *id = g_strdup_printf("%lld", (long long)v->id);
    char *port = v->access_port ? g_strdup_printf("%d", v->access_port) : g_strdup("");
    const char *cells[] = {id,
                           v->name_en,
                           v->instance_name,
                           v->power_on ? "1" : "0",
                           (unsigned)v->run < VM_RUN_COUNT ? run_words[v->run] : "",
                           v->run_host,
                           port,
                           v->project};

    ctl_table_add(t, cells);
    g_free(id);
    g_free(port);
}

/* The VMs the actor sees: a project admin's project, every VM for the sysadm. */
static bool visible_vms(struct ctl *c, const char *name, struct vm_page *p, struct dv_error *err)
{
    int64_t project = 0;

    if (!c->actor.sysadm && !project_for_actor(c->db, &c->actor, 0, &project, err))
        return false;
    return vm_list(c->db, project, 0, name, 0, -1, p, err);
}

/* vm list [--name PART] (M11.1, M7.2.1.4) */
static bool vm_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm_page p;

    if (!visible_vms(c, opt(c, "name"), &p, err))
        return false;
    *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
    for (int i = 0; i < p.n; i++)
        vm_row(*out, &p.rows[i]);
    vm_page_free(&p);
    return true;
}

/* The id of the VM named exactly name that the actor sees. */
static bool find_vm(struct ctl *c, const char *name, int64_t *id, struct dv_error *err)
{
    struct vm_page p;

    *id = 0;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, VMF_NAME_EN, _("%s is required."), _("VM English name"));
        return false;
    }
    if (!visible_vms(c, name, &p, err))
        return false;
    for (int i = 0; i < p.n && !*id; i++)
        if (strcmp(p.rows[i].name_en, name) == 0)
            *id = p.rows[i].id;
    vm_page_free(&p);
    if (!*id)
        dv_error_set(err, DV_ERR_NOTFOUND, VMF_NAME_EN, _("There is no VM '%s'."), name);
    return *id != 0;
}

/* vm start|stop|reboot|reset|suspend|resume|save|restore --name VM: the
 * console's rules, jobs and audit rows (M11.4.5a-M11.4.8b); the VM after it.
 * The action is the verb's arg. */
static bool vm_action_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    int64_t id = 0;
    enum vm_action a = (enum vm_action)c->arg;
    bool ok = find_vm(c, opt(c, "name"), &id, err) &&
              (a == VMA_POWER_ON ? vm_power_on(c->db, &c->actor, id, 0, err)
                                 : vm_action(c->db, &c->actor, id, a, err)) &&
              vm_get(c->db, &c->actor, id, &v, err);

    if (ok) {
        *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
        vm_row(*out, &v);
    }
    vm_clear(&v);
    return ok;
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
              audit_filter_parse(opt(c, "from"), opt(c, "to"), opt(c, "user"), &f, err) &&
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

static const struct {
    const char *noun, *verb;
    const char *const *options; /* the --FIELD names it takes, NULL-terminated */
    bool (*run)(struct ctl *c, struct ctl_table **out, struct dv_error *err);
    int arg; /* for run, as ctl.arg: one run for a family of verbs */
} verbs[] = {
    {"user", "list", (const char *const[]){"account", "name", NULL}, user_list_verb, 0},
    {"user", "freeze", (const char *const[]){"account", NULL}, user_freeze_verb, 0},
    {"user", "unfreeze", (const char *const[]){"account", NULL}, user_unfreeze_verb, 0},
    {"host", "list", (const char *const[]){"filter", NULL}, host_list_verb, 0},
    {"host", "add", (const char *const[]){"name", "uri", NULL}, host_add_verb, 0},
    {"project", "list", (const char *const[]){"name", NULL}, project_list_verb, 0},
    {"param", "show", (const char *const[]){NULL}, param_show_verb, 0},
    {"log", "list", (const char *const[]){"from", "to", "user", NULL}, log_list_verb, 0},
    {"vm", "list", (const char *const[]){"name", NULL}, vm_list_verb, 0},
#define VM_ENTRY(V, A) {"vm", V, (const char *const[]){"name", NULL}, vm_action_verb, A}
    VM_ENTRY("start", VMA_POWER_ON),   VM_ENTRY("stop", VMA_POWER_OFF),
    VM_ENTRY("reboot", VMA_REBOOT),    VM_ENTRY("reset", VMA_RESET),
    VM_ENTRY("suspend", VMA_SUSPEND),  VM_ENTRY("resume", VMA_RESUME),
    VM_ENTRY("save", VMA_SAVE),        VM_ENTRY("restore", VMA_RESTORE),
#undef VM_ENTRY
};

/* ---------------------------------------------------------------- the command line */

static int usage(FILE *to)
{
    fprintf(to, "%s\n",
            _("Usage: dosvmctl [--db FILE] --user ACCOUNT [--json|--csv] NOUN VERB [--FIELD "
              "VALUE ...]"));
    fprintf(to, "%s\n",
            _("The password comes from the file DOSVM_PASSWORD_FILE names, from --password-fd N, "
              "or from a prompt; never from the command line."));
    fprintf(to, "%s\n", _("Nouns and verbs:"));
    for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++) {
        fprintf(to, "  %s %s", verbs[i].noun, verbs[i].verb);
        for (int k = 0; verbs[i].options[k]; k++)
            fprintf(to, " [--%s VALUE]", verbs[i].options[k]);
        fputc('\n', to);
    }
    return to == stdout ? 0 : 2;
}

/* bash completion from the table: nouns, then their verbs, then options */
static int completion(void)
{
    printf("# bash completion for dosvmctl, made by dosvmctl --completion\n"
           "_dosvmctl() {\n"
           "  local cur=${COMP_WORDS[COMP_CWORD]} w i noun= verb=\n"
           "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "    w=${COMP_WORDS[i]}\n"
           "    case $w in --db|--user|--password-fd) ((i++)) ;; --*) ;;\n"
           "      *) if [ -z \"$noun\" ]; then noun=$w; elif [ -z \"$verb\" ]; then verb=$w; fi ;;\n"
           "    esac\n"
           "  done\n"
           "  case \"$noun/$verb\" in\n");
    printf("    /) COMPREPLY=($(compgen -W '");
    for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++)
        if (i == 0 || strcmp(verbs[i].noun, verbs[i - 1].noun) != 0)
            printf("%s ", verbs[i].noun);
    printf("--db --user --json --csv --password-fd' -- \"$cur\")) ;;\n");
    for (size_t i = 0; i < G_N_ELEMENTS(verbs); i++) {
        printf("    %s/) COMPREPLY=($(compgen -W '", verbs[i].noun);
        for (size_t j = 0; j < G_N_ELEMENTS(verbs); j++)
            if (strcmp(verbs[j].noun, verbs[i].noun) == 0)
                printf("%s ", verbs[j].verb);
        printf("' -- \"$cur\")) ;;\n");
        printf("    %s/%s) COMPREPLY=($(compgen -W '", verbs[i].noun, verbs[i].verb);
        for (int k = 0; verbs[i].options[k]; k++)
            printf("--%s ", verbs[i].options[k]);
        printf("' -- \"$cur\")) ;;\n");
    }
    printf("  esac\n}\ncomplete -F _dosvmctl dosvmctl\n");
    return 0;
}

static int status_of(const struct dv_error *err)
{
    switch (err->code) {
    case DV_ERR_INVALID:
    case DV_ERR_EXISTS:
    case DV_ERR_DENIED:
    case DV_ERR_INUSE:
    case DV_ERR_STALE:
    case DV_ERR_INFO:
        return 1;
    case DV_ERR_NOTFOUND:
        return 3;
    default:
        return 4;
    }
}

/* The password: DOSVM_PASSWORD_FILE, --password-fd, or the terminal
 * without echo; its first line.  NULL with err when none can be read. */
static char *read_password(int fd, struct dv_error *err)
{
    const char *file = getenv("DOSVM_PASSWORD_FILE");
    char *text = NULL;
    GString *s;
    char ch;

    if (file && *file) {
        GError *ge = NULL;

        if (!g_file_get_contents(file, &text, NULL, &ge)) {
            dv_error_set(err, DV_ERR_IO, "password", _("The password file cannot be read: %s"),
                         ge->message);
            g_error_free(ge);
            return NULL;
        }
        text[strcspn(text, "\r\n")] = '\0';
        return text;
    }
    if (fd < 0) {
        struct termios old, quiet;
        bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;

        if (!tty) {
            dv_error_set(err, DV_ERR_INVALID, "password", "%s",
                         _("No password: set DOSVM_PASSWORD_FILE, give --password-fd, or run "
                           "dosvmctl on a terminal."));
            return NULL;
        }
        fprintf(stderr, "%s", _("Password: "));
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        fd = STDIN_FILENO;
        s = g_string_new(NULL);
        while (read(fd, &ch, 1) == 1 && ch != '\n')
            g_string_append_c(s, ch);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
        return g_string_free(s, FALSE);
    }
    s = g_string_new(NULL);
    while (read(fd, &ch, 1) == 1 && ch != '\n')
        g_string_append_c(s, ch);
    return g_string_free(s, FALSE);
}

/* Log in as the console does; the actor's address is "dosvmctl", with the
 * SSH client's where there is one. */
static bool login(struct ctl *c, const char *account, int fd, struct dv_error *err)
{
    const char *ssh = getenv("SSH_CONNECTION");
    char *pw, *addr;
    struct user me = {0};
    bool ok;

    if (ssh && *ssh)
        addr = g_strdup_printf("dosvmctl %.*s", (int)strcspn(ssh, " "), ssh);
    else
        addr = g_strdup("dosvmctl");
    g_strlcpy(c->actor.addr, addr, sizeof c->actor.addr);
    if (!(pw = read_password(fd, err))) {
        g_free(addr);
        return false;
    }
    g_usleep((gulong)user_login_wait_ms(c->db, account, c->actor.addr) * 1000);
    ok = user_login(c->db, account, pw, c->actor.addr, &me, err);
    explicit_bzero(pw, strlen(pw));
    g_free(pw);
    g_free(addr);
    if (ok && me.must_change_pw) {
        dv_error_set(err, DV_ERR_DENIED, "password", "%s",
                     _("The initial password must be changed first: log in once in the "
                       "console."));
        ok = false;
    }
    if (ok) {
        c->actor.user_id = me.id;
        g_strlcpy(c->actor.account, me.account, sizeof c->actor.account);
        c->actor.sysadm = me.sysadm;
    }
    user_clear(&me);
    return ok;
}

static int fail(const struct ctl *c, const struct dv_error *err)
{
    if (c->fmt == CTL_JSON)
        ctl_error_json(err, stdout);
    fprintf(stderr, "dosvmctl: %s\n", err->msg);
    return status_of(err);
}

int main(int argc, char **argv)
{
    struct ctl c = {.fmt = CTL_TEXT};
    struct dv_error err = {0};
    const char *db_path = NULL, *account = NULL;
    char *dflt = NULL;
    int fd = -1, i = 1, rc;
    struct ctl_table *t = NULL;

    program_setup_locale();
    virt_init();
    for (; i < argc && g_str_has_prefix(argv[i], "--"); i++) {
        if (strcmp(argv[i], "--help") == 0)
            return usage(stdout);
        if (strcmp(argv[i], "--version") == 0) {
            printf("dosvmctl %s\n", PACKAGE_VERSION);
            return 0;
        }
        if (strcmp(argv[i], "--completion") == 0)
            return completion();
        if (strcmp(argv[i], "--json") == 0)
            c.fmt = CTL_JSON;
        else if (strcmp(argv[i], "--csv") == 0)
            c.fmt = CTL_CSV;
        else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            db_path = argv[++i];
        else if (strcmp(argv[i], "--user") == 0 && i + 1 < argc)
            account = argv[++i];
        else if (strcmp(argv[i], "--password-fd") == 0 && i + 1 < argc)
            fd = atoi(argv[++i]);
        else if (strcmp(argv[i], "--password") == 0) {
            fprintf(stderr, "dosvmctl: %s\n",
                    _("A password on the command line is refused: others can read it."));
            return 2;
        } else
            return usage(stderr);
    }
    if (!account || argc - i < 2 || (argc - i) % 2 != 0)
        return usage(stderr);
    c.opts = argv + i + 2;
    for (int k = 0; c.opts[k]; k += 2)
        if (!g_str_has_prefix(c.opts[k], "--"))
            return usage(stderr);
    for (size_t v = 0; v < G_N_ELEMENTS(verbs); v++) {
        if (strcmp(verbs[v].noun, argv[i]) != 0 || strcmp(verbs[v].verb, argv[i + 1]) != 0)
            continue;
        for (int k = 0; c.opts[k]; k += 2)
            if (!g_strv_contains(verbs[v].options, c.opts[k] + 2))
                return usage(stderr);
        c.arg = verbs[v].arg;
        dflt = db_path ? NULL : program_default_db_path();
        c.db = program_open(db_path ? db_path : dflt, false, &err);
        g_free(dflt);
        if (!c.db || !login(&c, account, fd, &err) || !verbs[v].run(&c, &t, &err)) {
            rc = fail(&c, &err);
            db_close(c.db);
            return rc;
        }
        ctl_table_print(t, c.fmt, stdout);
        ctl_table_free(t);
        db_close(c.db);
        return 0;
    }
    return usage(stderr);
}
