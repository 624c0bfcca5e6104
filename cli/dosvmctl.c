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
 * database failure.  The nouns and verbs are the tables of the noun files
 * (cli/ctl_*.c, listed below); bash completion is generated from them
 * (dosvmctl --completion). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/program.h"
#include "admin/user.h"
#include "ctl.h"
#include "db/db.h"
#include "jobs/job.h"
#include "virt/virt.h"

/* ---------------------------------------------------------------- the verb tables */

static const struct ctl_verb *const tables[] = {
    ctl_admin_verbs,  ctl_host_verbs, ctl_project_verbs, ctl_storage_verbs,
    ctl_volume_verbs, ctl_net_verbs,  ctl_vm_verbs,
};

/* Every verb in table order (g_ptr_array_unref it). */
static GPtrArray *all_verbs(void)
{
    GPtrArray *a = g_ptr_array_new();

    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++)
        for (const struct ctl_verb *v = tables[t]; v->noun; v++)
            g_ptr_array_add(a, (gpointer)v);
    return a;
}

#define VERB(a, i) ((const struct ctl_verb *)g_ptr_array_index(a, i))

/* An option as it is written: "--name-en" */
static void print_option(FILE *to, const char *key)
{
    fputs("--", to);
    for (const char *p = key; *p; p++)
        fputc(*p == '_' ? '-' : *p, to);
}

static void print_verb(FILE *to, const struct ctl_verb *v)
{
    fprintf(to, "  %s %s", v->noun, v->verb);
    for (int k = 0; v->options[k]; k++) {
        fputs(" [", to);
        print_option(to, v->options[k]);
        fputs(" VALUE]", to);
    }
    fputc('\n', to);
}

/* ---------------------------------------------------------------- the command line */

static int usage(FILE *to)
{
    GPtrArray *a = all_verbs();

    fprintf(to, "%s\n",
            _("Usage: dosvmctl [--db FILE] --user ACCOUNT [--json|--csv] NOUN VERB [--FIELD "
              "VALUE ...]"));
    fprintf(to, "%s\n",
            _("The password comes from the file DOSVM_PASSWORD_FILE names, from --password-fd N, "
              "or from a prompt; never from the command line."));
    fprintf(to, "%s\n", _("Nouns and verbs:"));
    for (guint i = 0; i < a->len; i++)
        print_verb(to, VERB(a, i));
    g_ptr_array_unref(a);
    return to == stdout ? 0 : 2;
}

/* bash completion from the tables: nouns, then their verbs, then options */
static int completion(void)
{
    GPtrArray *a = all_verbs();

    printf(
        "# bash completion for dosvmctl, made by dosvmctl --completion\n"
        "_dosvmctl() {\n"
        "  local cur=${COMP_WORDS[COMP_CWORD]} w i noun= verb=\n"
        "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
        "    w=${COMP_WORDS[i]}\n"
        "    case $w in --db|--user|--password-fd) ((i++)) ;; --json|--csv) ;;\n"
        "      --*) ((i++)) ;;\n"
        "      *) if [ -z \"$noun\" ]; then noun=$w; elif [ -z \"$verb\" ]; then verb=$w; fi ;;\n"
        "    esac\n"
        "  done\n"
        "  case \"$noun/$verb\" in\n");
    printf("    /) COMPREPLY=($(compgen -W '");
    for (guint i = 0; i < a->len; i++)
        if (i == 0 || strcmp(VERB(a, i)->noun, VERB(a, i - 1)->noun) != 0)
            printf("%s ", VERB(a, i)->noun);
    printf("--db --user --json --csv --password-fd' -- \"$cur\")) ;;\n");
    for (guint i = 0; i < a->len; i++) {
        const struct ctl_verb *v = VERB(a, i);

        if (i == 0 || strcmp(v->noun, VERB(a, i - 1)->noun) != 0) {
            printf("    %s/) COMPREPLY=($(compgen -W '", v->noun);
            for (guint j = i; j < a->len && strcmp(VERB(a, j)->noun, v->noun) == 0; j++)
                printf("%s ", VERB(a, j)->verb);
            printf("' -- \"$cur\")) ;;\n");
        }
        printf("    %s/%s) COMPREPLY=($(compgen -W '", v->noun, v->verb);
        for (int k = 0; v->options[k]; k++) {
            print_option(stdout, v->options[k]);
            putchar(' ');
        }
        printf("' -- \"$cur\")) ;;\n");
    }
    printf("  esac\n}\ncomplete -F _dosvmctl dosvmctl\n");
    g_ptr_array_unref(a);
    return 0;
}

/* The verb noun verb names, or NULL after saying why on stderr. */
static const struct ctl_verb *find_verb(GPtrArray *a, const char *noun, const char *verb)
{
    bool noun_known = false;

    for (guint i = 0; i < a->len; i++) {
        if (strcmp(VERB(a, i)->noun, noun) != 0)
            continue;
        noun_known = true;
        if (strcmp(VERB(a, i)->verb, verb) == 0)
            return VERB(a, i);
    }
    if (!noun_known) {
        fprintf(stderr, "dosvmctl: ");
        fprintf(stderr, _("There is no noun '%s'; dosvmctl --help lists them."), noun);
        fputc('\n', stderr);
        return NULL;
    }
    fprintf(stderr, "dosvmctl: ");
    fprintf(stderr, _("%s has no verb '%s'. Its verbs:"), noun, verb);
    fputc('\n', stderr);
    for (guint i = 0; i < a->len; i++)
        if (strcmp(VERB(a, i)->noun, noun) == 0)
            print_verb(stderr, VERB(a, i));
    return NULL;
}

/* Every option word is one the verb takes; else say so (false). */
static bool options_known(const struct ctl_verb *v, char **opts)
{
    for (int k = 0; opts[k]; k += 2) {
        bool known = false;

        for (int o = 0; v->options[o] && !known; o++)
            known = ctl_option_is(opts[k], v->options[o]);
        if (!known) {
            fprintf(stderr, "dosvmctl: ");
            fprintf(stderr, _("%s %s takes no option %s. It takes:"), v->noun, v->verb, opts[k]);
            fputc('\n', stderr);
            print_verb(stderr, v);
            return false;
        }
    }
    return true;
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
        if (!(text = ctl_prompt_secret(_("Password: "))))
            dv_error_set(err, DV_ERR_INVALID, "password", "%s",
                         _("No password: set DOSVM_PASSWORD_FILE, give --password-fd, or run "
                           "dosvmctl on a terminal."));
        return text;
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
    GPtrArray *verbs;
    const struct ctl_verb *v;

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
    verbs = all_verbs();
    v = find_verb(verbs, argv[i], argv[i + 1]);
    if (!v || !options_known(v, c.opts)) {
        g_ptr_array_unref(verbs);
        return 2;
    }
    c.arg = v->arg;
    dflt = db_path ? NULL : program_default_db_path();
    c.db = program_open(db_path ? db_path : dflt, false, &err);
    g_free(dflt);
    if (!c.db || !login(&c, account, fd, &err) || !v->run(&c, &t, &err))
        rc = fail(&c, &err);
    else {
        ctl_table_print(t, c.fmt, stdout);
        rc = 0;
    }
    ctl_table_free(t);
    job_end_all(_("dosvmctl ended"));
    db_close(c.db);
    g_ptr_array_unref(verbs);
    return rc;
}
