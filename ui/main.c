/* main.c - dosvm, the console: command line, locale, database, curses */
#include "app.h"
#include "hosts/collector.h"
#include "admin/program.h"
#include "demo/demo.h"
#include "jobs/job.h"
#include "login.h"
#include "base/util.h"
#include "virt/virt.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct options {
    char *db;
    gboolean demo;
    gboolean version;
};

static bool parse_args(int *argc, char ***argv, struct options *o)
{
    GOptionEntry entries[] = {
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &o->db,
         N_("Database file (default: $DOSVM_DB, else /var/lib/dosvm/dosvm.db for root and "
            "that directory's group, else $XDG_DATA_HOME/dosvm/dosvm.db)"),
         N_("FILE")},
        {"demo", 0, 0, G_OPTION_ARG_NONE, &o->demo,
         N_("Open the console on a fresh demo database in a temporary directory"), NULL},
        {"version", 0, 0, G_OPTION_ARG_NONE, &o->version, N_("Print the version and exit"), NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(NULL);
    GError *err = NULL;
    bool ok;

    g_option_context_set_translation_domain(ctx, PACKAGE);
    g_option_context_set_summary(ctx, _("The terminal console of the Digital Organism VM "
                                        "System: hosts, projects, storage, networks and VMs on "
                                        "libvirt."));
    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    ok = g_option_context_parse(ctx, argc, argv, &err);
    if (!ok) {
        fprintf(stderr, "dosvm: %s\n", err->message);
        g_error_free(err);
    }
    g_option_context_free(ctx);
    return ok;
}

static struct db *open_database(const struct options *o, char **demo_dir)
{
    struct dv_error err = {0};
    struct db *db;
    char *path;

    if (o->demo) {
        db = demo_open(demo_dir, &err);
    } else {
        const char *env = getenv("DOSVM_DB");

        path = o->db ? g_strdup(o->db) : env && *env ? g_strdup(env) : program_default_db_path();
        db = program_open(path, true, &err);
        g_free(path);
    }
    if (!db)
        fprintf(stderr, "dosvm: %s\n", err.msg);
    return db;
}

/* The demo has no dosvmd: the console samples its hosts itself, in
 * background jobs (no libvirt call on the key loop); the samples are
 * written when the key loop polls the jobs. */
static void demo_tick(struct app *app)
{
    collector_tick_start(app->tick_data, dv_now(), NULL);
}

/* What main() leaves to close at the end, or when a signal ends it early. */
static char *demo_dir;

static void shut_down(struct app *app)
{
    tui_stop();
    virt_forbid_thread(NULL); /* the key loop has ended */
    /* tasks still running end now as failed; their finish undoes what they began */
    job_end_all(_("Interrupted: the program running the task ended."));
    if (app->tick_data)
        collector_free(app->tick_data);
    app->tick_data = NULL;
    db_close(app->db);
    app->db = NULL;
    if (demo_dir)
        demo_remove(demo_dir);
    g_free(demo_dir);
    demo_dir = NULL;
}

/* The terminal closed (SIGHUP) or the program was told to end: close as on
 * quit (the demo's directory goes too), then die of the signal. */
static void on_signal(struct app *app, int sig)
{
    shut_down(app);
    signal(sig, SIG_DFL);
    raise(sig);
    _exit(128 + sig);
}

int main(int argc, char **argv)
{
    struct options o = {0};
    struct app app = {0};

    program_setup_locale();
    /* a host whose libvirtd goes away must not end the console (EPIPE instead) */
    signal(SIGPIPE, SIG_IGN);
    virt_init();
    if (!parse_args(&argc, &argv, &o))
        return 2;
    if (o.version) {
        printf("dosvm %s (%s %s)\n", PACKAGE_VERSION, _(DV_PRODUCT), DV_MANUAL_VERSION);
        return 0;
    }
    app_catch_signals();
    app.db = open_database(&o, &demo_dir);
    if (!app.db || app_caught_signal()) {
        if (app.db)
            db_close(app.db);
        if (demo_dir)
            demo_remove(demo_dir);
        g_free(demo_dir);
        g_free(o.db);
        return 1;
    }
    app.demo = o.demo;
    if (o.demo) {
        app.tick = demo_tick;
        app.tick_data = collector_new(app.db);
    }
    app.on_signal = on_signal;
    tui_start();
    /* from here on keys are read on this thread: no libvirt call on it */
    virt_forbid_thread(g_thread_self());
    while (login_run(&app)) {
        app_run_session(&app);
        login_forget(&app);
        if (app.quit)
            break;
    }
    shut_down(&app);
    g_free(o.db);
    return 0;
}
