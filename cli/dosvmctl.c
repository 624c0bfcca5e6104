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
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <stdarg.h>
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
        "  # the value of an option: a file name, if anything\n"
        "  case ${COMP_WORDS[COMP_CWORD-1]} in --json|--csv) ;;\n"
        "    --*) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
        "  esac\n"
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
    if (*verb)
        fprintf(stderr, _("%s has no verb '%s'. Its verbs:"), noun, verb);
    else
        fprintf(stderr, _("%s needs a verb. Its verbs:"), noun);
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

/* "dosvmctl: " and the message on stderr: a usage error (exit status 2) */
static int usage_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
    va_list ap;

    fputs("dosvmctl: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return 2;
}

/* The words after the program with "--key=value" split in two (a new
 * NULL-terminated array of argv's strings and the split halves). */
static char **split_words(int argc, char **argv, GPtrArray *keep)
{
    GPtrArray *w = g_ptr_array_new();

    for (int i = 1; i < argc; i++) {
        const char *eq = g_str_has_prefix(argv[i], "--") ? strchr(argv[i], '=') : NULL;

        if (!eq) {
            g_ptr_array_add(w, argv[i]);
            continue;
        }
        g_ptr_array_add(keep, g_strndup(argv[i], (gsize)(eq - argv[i])));
        g_ptr_array_add(w, g_ptr_array_index(keep, keep->len - 1));
        g_ptr_array_add(keep, g_strdup(eq + 1));
        g_ptr_array_add(w, g_ptr_array_index(keep, keep->len - 1));
    }
    g_ptr_array_add(w, NULL);
    return (char **)g_ptr_array_free(w, FALSE);
}

struct args {
    const char *db_path, *account;
    int fd;
    bool json, csv;
    char **rest; /* NOUN VERB [--OPTION VALUE ...] */
};

/* The options before the noun; -1 to go on, else the exit status. */
static int parse_globals(char **w, struct args *a)
{
    int i = 0;

    for (; w[i] && g_str_has_prefix(w[i], "--"); i++) {
        static const char *const valued[] = {"--db", "--user", "--password-fd", NULL};
        const char *o = w[i];

        if (strcmp(o, "--help") == 0)
            return usage(stdout);
        if (strcmp(o, "--version") == 0) {
            printf("dosvmctl %s\n", PACKAGE_VERSION);
            return 0;
        }
        if (strcmp(o, "--completion") == 0)
            return completion();
        if (strcmp(o, "--password") == 0)
            return usage_error("%s",
                               _("A password on the command line is refused: others can read it."));
        if (strcmp(o, "--json") == 0 || strcmp(o, "--csv") == 0) {
            *(o[2] == 'j' ? &a->json : &a->csv) = true;
            continue;
        }
        if (!g_strv_contains(valued, o))
            return usage_error(_("There is no option %s; dosvmctl --help lists them."), o);
        if (!w[i + 1])
            return usage_error(_("%s needs a value."), o);
        if (strcmp(o, "--db") == 0)
            a->db_path = w[++i];
        else if (strcmp(o, "--user") == 0)
            a->account = w[++i];
        else {
            char *end = NULL;
            long fd = strtol(w[++i], &end, 10);

            if (!*w[i] || *end || fd < 0 || fd > INT_MAX)
                return usage_error(_("--password-fd takes a descriptor number, not '%s'."), w[i]);
            a->fd = (int)fd;
            if (fcntl(a->fd, F_GETFD) == -1)
                return usage_error(_("Descriptor %d is not open: the password cannot be read."),
                                   a->fd);
        }
    }
    if (a->json && a->csv)
        return usage_error("%s", _("--json and --csv exclude each other."));
    if (!w[i])
        return usage(stderr);
    if (!a->account)
        return usage_error("%s", _("--user ACCOUNT is required: the account dosvmctl logs in as."));
    a->rest = w + i;
    return -1;
}

/* NOUN VERB and its option words; the verb, or NULL with *status set. */
static const struct ctl_verb *parse_verb(GPtrArray *verbs, char **rest, int *status)
{
    const struct ctl_verb *v;

    *status = 2;
    if (!rest[1] || strcmp(rest[1], "--help") == 0) {
        find_verb(verbs, rest[0], "");
        return NULL;
    }
    if (!(v = find_verb(verbs, rest[0], rest[1])))
        return NULL;
    for (int k = 2; rest[k]; k += 2) {
        if (strcmp(rest[k], "--help") == 0) {
            print_verb(stdout, v);
            *status = 0;
            return NULL;
        }
        if (!g_str_has_prefix(rest[k], "--")) {
            usage_error(_("'%s' is not an option: a verb takes --OPTION VALUE pairs."), rest[k]);
            return NULL;
        }
        if (!rest[k + 1]) {
            usage_error(_("%s needs a value."), rest[k]);
            return NULL;
        }
    }
    return options_known(v, rest + 2) ? v : NULL;
}

int main(int argc, char **argv)
{
    struct ctl c = {.fmt = CTL_TEXT};
    struct dv_error err = {0};
    struct args a = {.fd = -1};
    GPtrArray *keep = g_ptr_array_new_with_free_func(g_free);
    char **words, *path;
    int rc;
    struct ctl_table *t = NULL;
    GPtrArray *verbs;
    const struct ctl_verb *v;

    program_setup_locale();
    virt_init();
    words = split_words(argc, argv, keep);
    verbs = all_verbs();
    rc = parse_globals(words, &a);
    v = rc < 0 ? parse_verb(verbs, a.rest, &rc) : NULL;
    if (!v)
        goto out;
    c.fmt = a.json ? CTL_JSON : a.csv ? CTL_CSV : CTL_TEXT;
    c.opts = a.rest + 2;
    c.arg = v->arg;
    path = a.db_path ? g_strdup(a.db_path) : program_default_db_path();
    /* an existing database only: a mistyped --db must not make a new one */
    if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
        dv_error_set(&err, DV_ERR_IO, "db",
                     _("There is no database %s (dosvmd --init-db makes one)."), path);
    else
        c.db = program_open(path, false, &err);
    g_free(path);
    if (!c.db || !login(&c, a.account, a.fd, &err) || !v->run(&c, &t, &err))
        rc = fail(&c, &err);
    else {
        ctl_table_print(t, c.fmt, stdout);
        rc = 0;
    }
    ctl_table_free(t);
    job_end_all(_("dosvmctl ended"));
    db_close(c.db);
out:
    g_ptr_array_unref(verbs);
    g_free(words);
    g_ptr_array_unref(keep);
    return rc;
}
