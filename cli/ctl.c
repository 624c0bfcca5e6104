/* ctl.c - the parts every dosvmctl verb shares (ctl.h) */
#include "ctl.h"

#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "base/textwidth.h"
#include "db/choice.h"
#include "jobs/job.h"

bool ctl_option_is(const char *word, const char *key)
{
    if (!g_str_has_prefix(word, "--"))
        return false;
    for (word += 2; *word && *key; word++, key++)
        if (*word != *key && !((*word == '-' || *word == '_') && (*key == '-' || *key == '_')))
            return false;
    return !*word && !*key;
}

const char *ctl_opt(const struct ctl *c, const char *key)
{
    const char *v = NULL;

    for (int i = 0; c->opts[i] && c->opts[i + 1]; i += 2)
        if (ctl_option_is(c->opts[i], key))
            v = c->opts[i + 1];
    return v;
}

const char *ctl_opt_text(const struct ctl *c, const char *key)
{
    const char *v = ctl_opt(c, key);

    return v ? v : "";
}

const char **ctl_opt_all(const struct ctl *c, const char *key)
{
    GPtrArray *a = g_ptr_array_new();

    for (int i = 0; c->opts[i] && c->opts[i + 1]; i += 2)
        if (ctl_option_is(c->opts[i], key))
            g_ptr_array_add(a, c->opts[i + 1]);
    g_ptr_array_add(a, NULL);
    return (const char **)g_ptr_array_free(a, FALSE);
}

const char *ctl_record(const struct ctl *c, const char *noun_key, const char *name_key,
                       const char **new_name)
{
    const char **names = ctl_opt_all(c, name_key);
    const char *rec = ctl_opt(c, noun_key), *nw = NULL;

    if (!rec) { /* the older spelling: --name OLD [--name NEW] */
        rec = names[0];
        nw = names[0] && names[1] ? ctl_opt(c, name_key) : NULL;
    } else {
        nw = ctl_opt(c, name_key);
    }
    g_free(names);
    if (new_name)
        *new_name = nw;
    return rec;
}

bool ctl_has(const struct ctl *c, const char *key)
{
    return ctl_opt(c, key) != NULL;
}

static const char *const yes[] = {"1", "yes", "true", "on", NULL};
static const char *const no[] = {"0", "no", "false", "off", NULL};

const char *ctl_opt_or(const struct ctl *c, const char *key, const char *dflt)
{
    const char *v = ctl_opt(c, key);

    return v ? v : dflt;
}

const char *ctl_flag01(const char *v)
{
    if (v && g_strv_contains(yes, v))
        return "1";
    if (v && g_strv_contains(no, v))
        return "0";
    return v;
}

bool ctl_opt_bool(const struct ctl *c, const char *key, bool *value, struct dv_error *err)
{
    const char *v = ctl_opt(c, key);

    if (!v)
        return true;
    if (g_strv_contains(yes, v))
        *value = true;
    else if (g_strv_contains(no, v))
        *value = false;
    else {
        dv_error_set(err, DV_ERR_INVALID, key, _("--%s takes yes or no, not '%s'."), key, v);
        return false;
    }
    return true;
}

/* The length of a label's name before " (", or the whole label. */
static size_t label_head(const char *label)
{
    const char *p = strstr(label, " (");

    return p ? (size_t)(p - label) : strlen(label);
}

/* The entry of l that text names: its label, the label's name before " ("
 * ("web (网站)"), the name inside its parentheses ("网站实例 (web)"), else
 * its id as digits. */
static const struct choice *find_choice(const struct choice_list *l, const char *text)
{
    size_t n = strlen(text);
    char *end = NULL;
    long long id;

    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i].label, text) == 0)
            return &l->v[i];
    for (int i = 0; i < l->n; i++)
        if (label_head(l->v[i].label) == n && strncmp(l->v[i].label, text, n) == 0)
            return &l->v[i];
    for (int i = 0; i < l->n; i++) {
        const char *lb = l->v[i].label, *open = strstr(lb, " (");
        size_t len = strlen(lb);

        if (open && lb[len - 1] == ')' && (size_t)(lb + len - 1 - (open + 2)) == n &&
            strncmp(open + 2, text, n) == 0)
            return &l->v[i];
    }
    id = g_ascii_strtoll(text, &end, 10);
    if (!*text || *end)
        return NULL;
    for (int i = 0; i < l->n; i++)
        if (l->v[i].id == id)
            return &l->v[i];
    return NULL;
}

bool ctl_id_of(const char *text, int64_t *id)
{
    char *end = NULL;
    long long v = text && g_ascii_isdigit(*text) ? g_ascii_strtoll(text, &end, 10) : 0;

    *id = v > 0 && end && !*end ? v : 0;
    return *id > 0;
}

/* A field's label inside a sentence: "Host" as "host", "VM instance" as it
 * is (an initialism), a Chinese one as it is; g_free it. */
static char *label_in_sentence(const char *label)
{
    char *s = g_strdup(label);

    if (g_ascii_isupper(s[0]) && g_ascii_islower(s[1]))
        s[0] = g_ascii_tolower(s[0]);
    return s;
}

bool ctl_choose_value(const struct choice_list *l, const char *key, const char *v, const char *what,
                      bool required, int64_t *id, struct dv_error *err)
{
    const struct choice *ch;

    *id = 0;
    if (!v || !*v) {
        if (!required)
            return true;
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _(what));
        return false;
    }
    if (!(ch = find_choice(l, v))) {
        char *w = label_in_sentence(_(what));

        dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no %s '%s'."), w, v);
        g_free(w);
        return false;
    }
    *id = ch->id;
    return true;
}

bool ctl_choose(const struct ctl *c, const struct choice_list *l, const char *key, const char *what,
                bool required, int64_t *id, struct dv_error *err)
{
    return ctl_choose_value(l, key, ctl_opt(c, key), what, required, id, err);
}

bool ctl_choose_many(const struct ctl *c, const struct choice_list *l, const char *key,
                     const char *what, int64_t **ids, int *n, struct dv_error *err)
{
    const char *v = ctl_opt(c, key);
    char **parts;

    *ids = NULL;
    *n = 0;
    if (!v)
        return true;
    parts = g_strsplit(v, ",", -1);
    *ids = g_new0(int64_t, g_strv_length(parts) + 1);
    for (int i = 0; parts[i]; i++) {
        const char *name = g_strstrip(parts[i]);
        const struct choice *ch;

        if (!*name)
            continue;
        if (!(ch = find_choice(l, name))) {
            char *w = label_in_sentence(_(what));

            dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no %s '%s'."), w, name);
            g_free(w);
            g_strfreev(parts);
            g_free(*ids);
            *ids = NULL;
            *n = 0;
            return false;
        }
        (*ids)[(*n)++] = ch->id;
    }
    g_strfreev(parts);
    return true;
}

char *ctl_prompt_secret(const char *prompt)
{
    struct termios old, quiet;
    GString *s;
    char ch;

    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &old) != 0)
        return NULL;
    fputs(prompt, stderr);
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    s = g_string_new(NULL);
    while (read(STDIN_FILENO, &ch, 1) == 1 && ch != '\n')
        g_string_append_c(s, ch);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return g_string_free(s, FALSE);
}

void ctl_secret_free(char *s)
{
    if (s) {
        explicit_bzero(s, strlen(s));
        g_free(s);
    }
}

bool ctl_require_sysadm(const struct ctl *c, const char *why, struct dv_error *err)
{
    if (c->actor.sysadm)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL, "%s", _(why));
    return false;
}

/* ---------------------------------------------------------------- progress */

#define BAR_CELLS 30

/* "\r[#####.....]  45%  text" on stderr, within the terminal's width */
static void draw_bar(struct job *job)
{
    double f;
    char text[128];
    GString *s = g_string_new("\r[");
    int done;

    job_progress(job, &f, text, sizeof text);
    done = f < 0 ? 0 : (int)(f * BAR_CELLS + 0.5);
    for (int i = 0; i < BAR_CELLS; i++)
        g_string_append_c(s, f < 0 ? (i == (int)(job_elapsed_s(job) % BAR_CELLS) ? '#' : '.')
                                   : (i < done ? '#' : '.'));
    if (f < 0)
        g_string_append_printf(s, "]  %llds  ", (long long)job_elapsed_s(job));
    else
        g_string_append_printf(s, "] %3d%%  ", (int)(f * 100 + 0.5));
    g_string_append(s, text[0] ? text : _(job_what(job)));
    fwrite(s->str, 1, tw_fit(s->str, 79, NULL), stderr);
    fputs("\033[K", stderr);
    fflush(stderr);
    g_string_free(s, TRUE);
}

bool ctl_run_job_result(struct ctl *c, struct job *job, char **result, struct dv_error *err)
{
    bool ok;

    if (result)
        *result = NULL;
    if (job)
        job_ref(job);
    ok = ctl_run_job(c, job, err);
    if (job) {
        const char *t = job_result_text(job);

        if (ok && result && t && *t)
            *result = g_strdup(t);
        job_unref(job);
    }
    return ok;
}

bool ctl_run_job(struct ctl *c, struct job *job, struct dv_error *err)
{
    bool bar = job && c->fmt != CTL_JSON && isatty(STDERR_FILENO) && getenv("TERM") &&
               strcmp(getenv("TERM"), "dumb") != 0;
    bool ok;

    if (!job)
        return false;
    while (!job_ended(job)) {
        job_poll();
        if (bar)
            draw_bar(job);
        if (!job_ended(job))
            g_usleep(100 * 1000);
    }
    if (bar) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    ok = job_run(job, err);
    job_unref(job);
    return ok;
}

/* ---------------------------------------------------------------- tables */

static const struct ctl_column result_cols[] = {
    {"result", N_("Result"), CTL_STR},
};

struct ctl_table *ctl_result_table(const char *text)
{
    struct ctl_table *t = ctl_table_new(result_cols, G_N_ELEMENTS(result_cols));

    ctl_cell(t, text);
    return t;
}
