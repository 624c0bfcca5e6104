/* ctl.h - what every dosvmctl verb is made of (issue 12).
 *
 * A verb is one entry of a noun file's table (cli/ctl_*.c): its noun and
 * verb words, the options it takes and the function that runs it.  The
 * options are the core's field keys (the dv_error.field of the rule they
 * feed, and the key of the console form's field), written on the command
 * line with '-' for '_' ("--name-en"); either spelling is accepted.  An
 * option given twice counts the last time (options after copied ones
 * change them), except in a rename, where the verb takes the first value
 * as the record's name and the last as its new name.  A reference to a
 * record (a pool, a host, a project...) takes its name as the console's
 * choice list shows it (the whole label, the name before " (" or the name
 * inside the parentheses), or its id as digits when none matches.
 *
 * A run function is called after the log-in, with the actor set; it calls
 * the core (which checks the rules and writes the audit row) and puts what
 * it shows in *out, or returns false with err.  The exit status comes from
 * err->code: 1 a rule (invalid, exists, denied, in use, stale), 3 not
 * found, 4 a host, libvirt or database failure. */
#ifndef DV_CTL_H
#define DV_CTL_H

#include "base/dv.h"
#include "ctlout.h"

struct db;
struct job;
struct choice_list;

struct ctl {
    struct db *db;
    struct dv_actor actor;
    enum ctl_format fmt;
    char **opts; /* --OPTION VALUE pairs after the verb, NULL-terminated */
    int arg;     /* the verb's arg */
};

typedef bool (*ctl_run_fn)(struct ctl *c, struct ctl_table **out, struct dv_error *err);

struct ctl_verb {
    const char *noun, *verb;
    const char *const *options; /* field keys, NULL-terminated */
    ctl_run_fn run;
    int arg; /* for run, as ctl.arg: one run for a family of verbs */
};

/* Option lists of the verb tables: CTL_OPTS("name", "uri") */
#define CTL_OPTS(...) ((const char *const[]){__VA_ARGS__, NULL})
#define CTL_NO_OPTS   ((const char *const[]){NULL})

/* The noun files' tables, each ended by an entry whose noun is NULL; the
 * order here is the order of the usage text and of dosvmctl(1). */
extern const struct ctl_verb ctl_admin_verbs[];   /* user, param, site, log, task */
extern const struct ctl_verb ctl_host_verbs[];    /* host, hostgroup */
extern const struct ctl_verb ctl_project_verbs[]; /* project, projgroup */
extern const struct ctl_verb ctl_storage_verbs[]; /* secret, pool */
extern const struct ctl_verb ctl_volume_verbs[];  /* volume, snapshot, image */
extern const struct ctl_verb ctl_net_verbs[];     /* subnet, filter, secgroup, network */
extern const struct ctl_verb ctl_vm_verbs[];      /* instance, vm, checkpoint */

/* ---- options */

/* true when the command-line word ("--name-en") is option key ("name_en") */
bool ctl_option_is(const char *word, const char *key);

/* The value of option key (either spelling; its last value when given
 * more than once), or NULL when not given. */
const char *ctl_opt(const struct ctl *c, const char *key);
/* The same, "" when not given (for the core's *_input structs). */
const char *ctl_opt_text(const struct ctl *c, const char *key);
/* Every value of an option given more than once, in order ("--disk a
 * --disk b"), NULL-terminated; g_free the array (the values are argv's). */
const char **ctl_opt_all(const struct ctl *c, const char *key);
/* The name of the record a verb acts on: the noun's option (--host H)
 * when given, else the first --name (name_key; the older spelling).
 * *new_name (may be NULL): the new name of a rename — --name N beside the
 * noun's option, or the last of two --name — else NULL. */
const char *ctl_record(const struct ctl *c, const char *noun_key, const char *name_key,
                       const char **new_name);
/* true when option key was given */
bool ctl_has(const struct ctl *c, const char *key);
/* The value of option key, or dflt when it is not given. */
const char *ctl_opt_or(const struct ctl *c, const char *key, const char *dflt);
/* A yes/no word ("yes", "true", "on", "1"; "no", "false", "off", "0") as
 * the core's flag text "1" or "0"; anything else as it is, for the core to
 * refuse with its message (NULL stays NULL). */
const char *ctl_flag01(const char *v);
/* A yes/no option: "1", "yes", "true", "on" or "0", "no", "false", "off";
 * *value stays as it was when the option is not given. */
bool ctl_opt_bool(const struct ctl *c, const char *key, bool *value, struct dv_error *err);

/* ---- records by name */

/* The id of the entry of l that option key names (see the top of this
 * file for how a name matches).  what is the msgid of the field's label for
 * the messages ("Pool"): "%s is required." when the option is missing (and
 * required), DV_ERR_NOTFOUND "There is no %s '%s'." when nothing matches.
 * Not required and missing: *id = 0 and true. */
bool ctl_choose(const struct ctl *c, const struct choice_list *l, const char *key, const char *what,
                bool required, int64_t *id, struct dv_error *err);
/* *id: the record id text is written as (digits, above 0); false when it
 * is none.  The find functions try it when no record has the name text. */
bool ctl_id_of(const char *text, int64_t *id);
/* ctl_choose for a value that is not an option (a part of a repeated one). */
bool ctl_choose_value(const struct choice_list *l, const char *key, const char *v, const char *what,
                      bool required, int64_t *id, struct dv_error *err);
/* The ids of the comma-separated entries of l option key names (g_free
 * *ids); not given: *ids NULL, *n 0 and true; "" chooses none. */
bool ctl_choose_many(const struct ctl *c, const struct choice_list *l, const char *key,
                     const char *what, int64_t **ids, int *n, struct dv_error *err);

/* ---- secrets (passwords, secret values: never from the command line) */

/* A line typed on the terminal without echo after prompt (on stderr);
 * NULL when stdin is no terminal. */
char *ctl_prompt_secret(const char *prompt);
/* Wipe and free a secret (NULL is fine). */
void ctl_secret_free(char *s);

/* ---- rules every noun shares */

/* false with DV_ERR_DENIED and why (a msgid) unless the actor is the sysadm */
bool ctl_require_sysadm(const struct ctl *c, const char *why, struct dv_error *err);

/* ---- long operations */

/* Wait for job to end, with a progress bar on stderr when it is a
 * terminal and the output is not JSON; then as job_run() (err filled when
 * the job failed or job is NULL).  Unrefs job. */
bool ctl_run_job(struct ctl *c, struct job *job, struct dv_error *err);
/* The same, with the job's result text when it went well (*result; NULL
 * when it has none; g_free it). */
bool ctl_run_job_result(struct ctl *c, struct job *job, char **result, struct dv_error *err);

/* ---- tables */

/* The one-row table of a message ("result": the job's or the operation's
 * text), for verbs that change something without a record to show. */
struct ctl_table *ctl_result_table(const char *text);

#endif
