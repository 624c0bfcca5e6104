/* dosvmd.c - the dosvm service (M4.4.7, M4.5a, M4.5b, M6.2.2): it reads
 * dosvmd.conf, registers this host by its UUID, and collects the metrics,
 * history and heartbeats of every host until SIGTERM or SIGINT.
 *
 * Without -d it goes to the background: the parent waits on a pipe until
 * the child has locked the PID file, opened the database and registered the
 * host, then exits 0, or prints the child's error and exits 1 - so a start
 * that fails is seen on the terminal (and by systemd) even in the
 * background.  With libsystemd it also tells systemd (sd_notify) when it is
 * ready and when it stops, for the unit's Type=notify. */
#include "hosts/collector.h"
#include "net/gateway.h"
#include "vm/reconcile.h"
#include "vm/vmevents.h"
#include "admin/program.h"
#include "admin/dosvmd_conf.h"
#include "hosts/host.h"
#include "hosts/service.h"
#include "jobs/job.h"
#include "base/util.h"
#include "virt/virt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib-unix.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#define DOSVMD_DB_DIR   "/var/lib/dosvm"
#define DOSVMD_PID_FILE "/run/dosvmd.pid"
#define DOSVMD_LOG_FILE "/var/log/dosvmd.log"

struct options {
    char *config;
    char *db;
    char *pid_file;
    gboolean log;
    gboolean debug;
    gboolean init_db;
    gboolean write_uuid;
    gboolean usage;
    gboolean version;
};

struct daemon {
    struct options o;
    struct dosvmd_config conf;
    bool conf_loaded;
    struct db *db;
    struct collector *collector;
    struct gateway_runner *gateways; /* automatic subnet gateways (OP-11) */
    struct reconciler *reconciler;   /* VM states (OP-30) */
    struct vmwatcher *watcher;       /* the hosts' lifecycle events (issue 11) */
    int64_t host_id;
    struct service_lease lease; /* this host's row in `service`, once taken */
    bool leased, lease_lost;
    int pid_fd;     /* the locked PID file, or -1 */
    FILE *log_file; /* -l */
    int report_fd;  /* the pipe to the waiting parent, or -1 */
    GMainLoop *loop;
};

/* ---------------------------------------------------------------- logging */

static void dlog(struct daemon *d, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void dlog(struct daemon *d, const char *fmt, ...)
{
    char when[DV_TIME_LEN];
    char *msg;
    va_list ap;

    if (!d->log_file && !d->o.debug)
        return;
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    dv_format_time(dv_now(), when);
    if (d->log_file)
        fprintf(d->log_file, "%s dosvmd[%ld]: %s\n", when, (long)getpid(), msg);
    if (d->o.debug)
        fprintf(stderr, "%s dosvmd[%ld]: %s\n", when, (long)getpid(), msg);
    g_free(msg);
}

static void collector_line(void *ctx, const char *line)
{
    dlog(ctx, "%s", line);
}

/* A start-up failure: to the waiting parent (background) or stderr, and the log. */
static int fail(struct daemon *d, const char *msg)
{
    dlog(d, "%s", msg);
    if (d->report_fd >= 0) {
        char *text = g_strconcat("1", msg, NULL);
        /* a failed write leaves the parent an unexplained failure: still 1 */
        ssize_t n = write(d->report_fd, text, strlen(text));

        (void)n;
        g_free(text);
        close(d->report_fd);
        d->report_fd = -1;
    } else if (!d->o.debug) {
        fprintf(stderr, "dosvmd: %s\n", msg);
    }
    return 1;
}

static int fail_err(struct daemon *d, const struct dv_error *err)
{
    return fail(d, err->msg);
}

/* ---------------------------------------------------------------- command line */

static bool parse_args(int *argc, char ***argv, struct options *o)
{
    GOptionEntry entries[] = {
        {"config", 'c', 0, G_OPTION_ARG_FILENAME, &o->config,
         N_("Read the configuration from FILE (default: /etc/dosvmd.conf)"), N_("FILE")},
        {"log", 'l', 0, G_OPTION_ARG_NONE, &o->log,
         N_("Write the run log to /var/log/dosvmd.log ($DOSVMD_LOG overrides the path)"), NULL},
        {"debug", 'd', 0, G_OPTION_ARG_NONE, &o->debug,
         N_("Stay in the foreground and print the run log on the terminal"), NULL},
        {"db", 0, 0, G_OPTION_ARG_FILENAME, &o->db,
         N_("Database file (default: /var/lib/dosvm/DB_NAME.db, DB_NAME from [db] db_name)"),
         N_("FILE")},
        {"pid-file", 0, 0, G_OPTION_ARG_FILENAME, &o->pid_file,
         N_("PID file, locked while the service runs (default: /run/dosvmd.pid)"), N_("FILE")},
        {"init-db", 0, 0, G_OPTION_ARG_NONE, &o->init_db,
         N_("Create the database with its schema and the initial sysadm, then exit"), NULL},
        {"write-uuid", 0, 0, G_OPTION_ARG_NONE, &o->write_uuid,
         N_("Write a generated host_uuid into the configuration when it has none, then exit"),
         NULL},
        {"usage", 0, 0, G_OPTION_ARG_NONE, &o->usage, N_("Print a short usage summary and exit"),
         NULL},
        {"version", 0, 0, G_OPTION_ARG_NONE, &o->version, N_("Print the version and exit"), NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    GOptionContext *ctx = g_option_context_new(NULL);
    GError *err = NULL;
    bool ok;

    g_option_context_set_translation_domain(ctx, PACKAGE);
    g_option_context_set_summary(ctx, _("The service of the Digital Organism VM System: it "
                                        "registers this host, collects the hosts' load and "
                                        "history, and watches their heartbeats."));
    g_option_context_set_description(
        ctx, _("Without -l nothing is logged; without -d the service goes to the background.\n"
               "Stop it with SIGTERM or SIGINT.  See dosvmd(8) and dosvmd.conf(5)."));
    g_option_context_add_main_entries(ctx, entries, PACKAGE);
    ok = g_option_context_parse(ctx, argc, argv, &err);
    if (!ok) {
        fprintf(stderr, "dosvmd: %s\n", err->message);
        fprintf(stderr, _("Try 'dosvmd --help' for more information.\n"));
        g_error_free(err);
    } else if (*argc > 1) {
        fprintf(stderr, _("dosvmd: unexpected argument '%s'\n"), (*argv)[1]);
        ok = false;
    }
    g_option_context_free(ctx);
    return ok;
}

static void print_usage(void)
{
    printf(_("Usage: dosvmd [-c FILE] [-l] [-d] [--db FILE] [--pid-file FILE] [--init-db] "
             "[--write-uuid] [--usage] [--help] [--version]\n"));
}

/* Absolute paths: the service changes its directory to / in the background. */
static void make_absolute(char **path)
{
    char *abs;

    if (!*path)
        return;
    abs = g_canonicalize_filename(*path, NULL);
    g_free(*path);
    *path = abs;
}

/* ---------------------------------------------------------------- start-up */

static bool load_config(struct daemon *d)
{
    struct dv_error err = {0};

    if (!config_load(d->o.config, &d->conf, &err)) {
        fprintf(stderr, "dosvmd: %s\n", err.msg);
        return false;
    }
    d->conf_loaded = true;
    return true;
}

/* --db, else /var/lib/dosvm/<db_name>.db (g_free it); NULL for a bad name. */
static char *daemon_db_path(struct daemon *d)
{
    const char *name = d->conf_loaded ? d->conf.db_name : "dosvm";

    if (d->o.db)
        return g_strdup(d->o.db);
    if (!*name || strchr(name, '/') || strcmp(name, "..") == 0 || strcmp(name, ".") == 0) {
        fprintf(stderr, _("dosvmd: [db] db_name must be a plain name, not '%s'.\n"), name);
        return NULL;
    }
    return g_strdup_printf("%s/%s.db", DOSVMD_DB_DIR, name);
}

static int init_db(struct daemon *d)
{
    struct dv_error err = {0};
    char *path;
    struct db *db;

    if (!d->o.db && !load_config(d))
        return 1;
    path = daemon_db_path(d);
    db = path ? program_open(path, true, &err) : NULL;
    if (db)
        printf(_("The database %s is ready.\n"), path);
    else if (path)
        fprintf(stderr, "dosvmd: %s\n", err.msg);
    db_close(db);
    g_free(path);
    return db ? 0 : 1;
}

static bool open_log(struct daemon *d)
{
    const char *env = getenv("DOSVMD_LOG");
    const char *path = env && *env ? env : DOSVMD_LOG_FILE;
    int fd;

    if (!d->o.log)
        return true;
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0640);
    d->log_file = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!d->log_file) {
        fprintf(stderr, _("dosvmd: cannot open the log file %s: %s\n"), path, g_strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    setvbuf(d->log_file, NULL, _IOLBF, 0);
    return true;
}

/* The parent's side of the pipe: 0 when the child reported "0", else 1. */
static int wait_for_child(int fd)
{
    GString *s = g_string_new(NULL);
    char buf[512];
    ssize_t n;
    int status;

    while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
        if (n > 0)
            g_string_append_len(s, buf, n);
    close(fd);
    status = s->len > 0 && s->str[0] == '0' ? 0 : 1;
    if (status && s->len > 1)
        fprintf(stderr, "dosvmd: %s\n", s->str + 1);
    else if (status)
        fprintf(stderr, _("dosvmd: the service ended while starting.\n"));
    g_string_free(s, TRUE);
    return status;
}

/* Fork into the background.  Returns -1 in the child (which goes on), else
 * the exit status of the parent. */
static int daemonize(struct daemon *d)
{
    int p[2];
    pid_t pid;

    if (pipe(p) != 0) {
        fprintf(stderr, _("dosvmd: cannot create a pipe: %s\n"), g_strerror(errno));
        return 1;
    }
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, _("dosvmd: cannot fork: %s\n"), g_strerror(errno));
        return 1;
    }
    if (pid > 0) {
        close(p[1]);
        return wait_for_child(p[0]);
    }
    close(p[0]);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    d->report_fd = p[1];
    setsid();
    umask(022);
    return -1;
}

/* Detach from the terminal once started, and tell the parent. */
static void report_started(struct daemon *d)
{
    int null;

    if (d->report_fd < 0)
        return;
    if (chdir("/") != 0)
        dlog(d, _("Cannot change the directory to /: %s"), g_strerror(errno));
    null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO)
            close(null);
    }
    if (write(d->report_fd, "0", 1) < 0)
        dlog(d, _("Cannot report the start to the parent: %s"), g_strerror(errno));
    close(d->report_fd);
    d->report_fd = -1;
}

/* Lock the PID file (a stale file whose process is gone has no lock) and
 * write our PID into it. */
static int lock_pid_file(struct daemon *d)
{
    const char *path = d->o.pid_file;
    struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
    char *msg, *dir = g_path_get_dirname(path), *other = NULL, pid[32];
    int fd, e;

    g_mkdir_with_parents(dir, 0755);
    g_free(dir);
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0644);
    if (fd < 0) {
        e = errno;
        msg = g_strdup_printf(_("Cannot open the PID file %s: %s."), path, g_strerror(e));
        e = fail(d, msg);
        g_free(msg);
        return e;
    }
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        g_file_get_contents(path, &other, NULL, NULL);
        msg = g_strdup_printf(_("Another dosvmd (PID %s) is running: the PID file %s is locked."),
                              other ? g_strstrip(other) : "?", path);
        g_free(other);
        close(fd);
        e = fail(d, msg);
        g_free(msg);
        return e;
    }
    g_snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || write(fd, pid, strlen(pid)) != (ssize_t)strlen(pid))
        dlog(d, _("Cannot write the PID file %s: %s"), path, g_strerror(errno));
    d->pid_fd = fd;
    return 0;
}

/* M6.2.2 step 1: an empty host_uuid is generated and written back. */
static int ensure_uuid(struct daemon *d)
{
    struct dv_error err = {0};
    char *uuid;

    if (*d->conf.host_uuid)
        return 0;
    uuid = g_uuid_string_random();
    if (!config_write_host_uuid(d->o.config, uuid, &err)) {
        g_free(uuid);
        return fail_err(d, &err);
    }
    dlog(d, _("Generated the host UUID %s and wrote it into %s."), uuid, d->o.config);
    g_free(d->conf.host_uuid);
    d->conf.host_uuid = uuid;
    return 0;
}

/* Register this host (self) through [config] libvirt_url and log it;
 * false with err when the host or the database refuses. */
static bool register_host(struct daemon *d, struct dv_error *err)
{
    struct virt_node_info info = {0};
    struct virt_conn *c = virt_open(d->conf.libvirt_url, err);
    bool ok = c && virt_node_info(c, &info, err) &&
              host_register(d->db, d->conf.host_uuid, d->conf.libvirt_url, d->conf.localhost, true,
                            &info, d->conf.share_disk_path, &d->host_id, err) &&
              /* OP-34: this host's temporary overlays and save files */
              host_set_temp_dir(d->db, d->host_id,
                                d->conf.temp_image_save_path_set ? d->conf.temp_image_save_path
                                                                 : "",
                                err);

    virt_close(c);
    virt_node_info_clear(&info);
    if (ok)
        dlog(d, _("Registered this host (UUID %s) as host %lld through %s."), d->conf.host_uuid,
             (long long)d->host_id, d->conf.libvirt_url);
    return ok;
}

/* M6.2.2 step 2: register this host at the start. */
static int register_self(struct daemon *d)
{
    struct dv_error err = {0};

    return register_host(d, &err) ? 0 : fail_err(d, &err);
}

static int open_db(struct daemon *d)
{
    struct dv_error err = {0};
    char *path = daemon_db_path(d);

    if (!path)
        return fail(d, _("[db] db_name must be a plain name."));
    d->db = program_open(path, true, &err);
    if (d->db)
        dlog(d, _("Opened the database %s."), path);
    g_free(path);
    return d->db ? 0 : fail_err(d, &err);
}

/* One dosvmd per host record and database: the lease row, taken in a
 * transaction (the PID file only guards one machine's path). */
static int take_lease(struct daemon *d)
{
    struct dv_error err = {0};

    if (!service_acquire(d->db, d->conf.host_uuid, dv_now(), &d->lease, &err))
        return fail_err(d, &err);
    d->leased = true;
    return 0;
}

/* --write-uuid: M6.2.2 step 1 alone, before a start whose sandbox keeps
 * /etc read-only (the unit's ExecStartPre). */
static int write_uuid(struct daemon *d)
{
    int status;

    if (!load_config(d))
        return 1;
    if (*d->conf.host_uuid)
        return 0;
    status = ensure_uuid(d);
    if (!status)
        printf(_("Wrote the host UUID %s into %s.\n"), d->conf.host_uuid, d->o.config);
    return status;
}

/* ---------------------------------------------------------------- running */

/* Tell systemd (Type=notify) READY=1 or STOPPING=1; nothing without libsystemd
 * or outside a unit. */
static void notify_systemd(const char *state)
{
#ifdef HAVE_LIBSYSTEMD
    sd_notify(0, state);
#else
    (void)state;
#endif
}

static gboolean on_tick(gpointer data)
{
    struct daemon *d = data;
    struct dv_error err = {0};
    int64_t now = dv_now();

    /* the service's own heartbeat first: it renews the lease */
    if (!service_renew(d->db, &d->lease, now, &err)) {
        dlog(d, "%s", err.msg);
        if (err.code == DV_ERR_STALE) {
            d->lease_lost = true;
            g_main_loop_quit(d->loop);
            return G_SOURCE_CONTINUE;
        }
        dv_error_clear(&err);
    }
    /* each host is visited by a job of its own, so one that never answers
     * delays no other host and no signal (their finish runs from the job
     * source of the main loop) */
    if (!collector_tick_start(d->collector, now, &err))
        dlog(d, "%s", err.msg);
    dv_error_clear(&err);
    /* the automatic gateways of bridged subnets follow the heartbeats just
     * recorded: built, moved off a failed host, taken down (net/gateway.h) */
    if (!gateway_tick_start(d->gateways, now, &err))
        dlog(d, "%s", err.msg);
    dv_error_clear(&err);
    /* VMs that should run but do not are started again (vm/reconcile.h) */
    if (!reconcile_tick_start(d->reconciler, now, &err))
        dlog(d, "%s", err.msg);
    dv_error_clear(&err);
    /* and between its ticks every host's lifecycle events are watched
     * (vm/vmevents.h), the connection opened again when it died */
    if (!vmwatcher_tick_start(d->watcher, now, &err))
        dlog(d, "%s", err.msg);
    return G_SOURCE_CONTINUE;
}

/* The run states the hosts' lifecycle events changed, recorded on this
 * thread (libvirt's event thread only queues them). */
static gboolean on_events(gpointer data)
{
    struct daemon *d = data;
    struct dv_error err = {0};

    if (vmevents_drain(d->db, &err) < 0)
        dlog(d, "%s", err.msg);
    return G_SOURCE_CONTINUE;
}

/* The host's registration again from the (reloaded) configuration. */
static void reregister(struct daemon *d)
{
    struct dv_error err = {0};

    if (!register_host(d, &err))
        dlog(d, "%s", err.msg);
}

/* SIGHUP: read the configuration again.  [network] localhost, [config]
 * libvirt_url and share_disk_path apply at once (the host is registered
 * again); host_uuid and [db] only at the next start; -l's log file is
 * reopened (after a log rotation).  A configuration that does not parse
 * is logged and the running one kept. */
static gboolean on_reload(gpointer data)
{
    struct daemon *d = data;
    struct dosvmd_config conf = {0};
    struct dv_error err = {0};

    if (d->log_file) {
        fclose(d->log_file);
        d->log_file = NULL;
        if (!open_log(d))
            d->o.log = false;
    }
    if (!config_load(d->o.config, &conf, &err)) {
        dlog(d, _("The configuration %s was not reloaded: %s"), d->o.config, err.msg);
        return G_SOURCE_CONTINUE;
    }
    if (g_strcmp0(conf.host_uuid, d->conf.host_uuid) != 0 ||
        g_strcmp0(conf.db_name, d->conf.db_name) != 0)
        dlog(d, _("host_uuid and [db] take effect at the next start of the service."));
    g_free(conf.host_uuid);
    conf.host_uuid = g_strdup(d->conf.host_uuid);
    g_free(conf.db_name);
    conf.db_name = g_strdup(d->conf.db_name);
    config_clear(&d->conf);
    d->conf = conf;
    for (char **w = d->conf.warnings; w && *w; w++)
        dlog(d, "%s", *w);
    dlog(d, _("Reloaded the configuration %s."), d->o.config);
    reregister(d);
    return G_SOURCE_CONTINUE;
}

/* SIGUSR1: one line of status in the run log. */
static gboolean on_status(gpointer data)
{
    struct daemon *d = data;

    dlog(d, _("Running as host %lld (UUID %s); %d host heartbeats still waiting for an answer."),
         (long long)d->host_id, d->conf.host_uuid, collector_pending(d->collector));
    return G_SOURCE_CONTINUE;
}

/* SIGUSR2: ignored (documented in dosvmd(8)). */
static gboolean on_ignored(gpointer data)
{
    (void)data;
    return G_SOURCE_CONTINUE;
}

static gboolean on_signal(gpointer data)
{
    struct daemon *d = data;

    dlog(d, _("Stopping on a signal."));
    g_main_loop_quit(d->loop);
    return G_SOURCE_CONTINUE;
}

static void run(struct daemon *d)
{
    guint sources[8];

    d->collector = collector_new(d->db);
    collector_set_log(d->collector, collector_line, d);
    collector_set_self(d->collector, d->host_id);
    d->gateways = gateway_runner_new(d->db, d->host_id);
    d->reconciler = reconciler_new(d->db, d->host_id);
    d->watcher = vmwatcher_new(d->db, d->host_id);
    vmwatcher_set_log(d->watcher, collector_line, d);
    d->loop = g_main_loop_new(NULL, FALSE);
    sources[0] = g_unix_signal_add(SIGTERM, on_signal, d);
    sources[1] = g_unix_signal_add(SIGINT, on_signal, d);
    sources[4] = g_unix_signal_add(SIGHUP, on_reload, d);
    sources[5] = g_unix_signal_add(SIGUSR1, on_status, d);
    sources[6] = g_unix_signal_add(SIGUSR2, on_ignored, d);
    on_tick(d);
    sources[2] = g_timeout_add_seconds(1, on_tick, d);
    sources[3] = job_source_add(NULL); /* background jobs end on this thread */
    sources[7] = g_timeout_add(VMEVENTS_DRAIN_MS, on_events, d);
    notify_systemd("READY=1");
    g_main_loop_run(d->loop);
    notify_systemd("STOPPING=1");
    for (size_t i = 0; i < G_N_ELEMENTS(sources); i++)
        g_source_remove(sources[i]);
    g_main_loop_unref(d->loop);
}

/* The host's daemon ends: its heartbeat ends too (M6.2.2 step 4). */
static void shut_down(struct daemon *d)
{
    struct dv_error err = {0};

    /* the heartbeat visits end first: their finish must not write a state
     * after the one below */
    job_end_all(_("Interrupted: the program running the task ended."));
    collector_free(d->collector);
    d->collector = NULL;
    gateway_runner_free(d->gateways);
    d->gateways = NULL;
    reconciler_free(d->reconciler);
    d->reconciler = NULL;
    vmwatcher_free(d->watcher);
    d->watcher = NULL;
    /* only the lease's holder speaks for the host: a refused or displaced
     * dosvmd leaves its state to the one that runs */
    if (d->db && d->host_id && d->leased && !d->lease_lost &&
        !host_mark_stopped(d->db, d->host_id, &err))
        dlog(d, "%s", err.msg);
    if (d->db && d->leased && !d->lease_lost && !service_release(d->db, &d->lease, dv_now(), &err))
        dlog(d, "%s", err.msg);
    service_lease_clear(&d->lease);
    db_close(d->db);
    if (d->pid_fd >= 0) {
        unlink(d->o.pid_file);
        close(d->pid_fd);
    }
    dlog(d, _("Stopped."));
}

static void free_all(struct daemon *d)
{
    if (d->conf_loaded)
        config_clear(&d->conf);
    if (d->log_file)
        fclose(d->log_file);
    g_free(d->o.config);
    g_free(d->o.db);
    g_free(d->o.pid_file);
}

/* Everything after the configuration has been read: 0, or 1 with the reason told. */
static int serve(struct daemon *d)
{
    int status;

    if (!d->o.debug && (status = daemonize(d)) >= 0)
        return status;
    dlog(d, _("Starting dosvmd %s."), PACKAGE_VERSION);
    for (char **w = d->conf.warnings; w && *w; w++)
        dlog(d, "%s", *w);
    status = lock_pid_file(d);
    if (!status)
        status = ensure_uuid(d);
    if (!status)
        status = open_db(d);
    if (!status)
        status = take_lease(d);
    if (!status)
        status = register_self(d);
    if (!status) {
        report_started(d);
        run(d);
        if (d->lease_lost) /* another dosvmd serves the host now */
            status = 1;
    }
    shut_down(d);
    return status;
}

int main(int argc, char **argv)
{
    struct daemon d = {.pid_fd = -1, .report_fd = -1};
    int status;

    program_setup_locale();
    /* a host whose libvirtd goes away must not end the service (EPIPE instead) */
    signal(SIGPIPE, SIG_IGN);
    /* until the main loop handles them (run()), these do not end it either */
    signal(SIGHUP, SIG_IGN);
    signal(SIGUSR1, SIG_IGN);
    signal(SIGUSR2, SIG_IGN);
    if (!parse_args(&argc, &argv, &d.o))
        return 2;
    if (d.o.version) {
        printf("dosvmd %s (%s %s)\n", PACKAGE_VERSION, _(DV_PRODUCT), DV_MANUAL_VERSION);
        status = 0;
    } else if (d.o.usage) {
        print_usage();
        status = 0;
    } else {
        if (!d.o.config)
            d.o.config = g_strdup(CONFIG_DEFAULT_PATH);
        if (!d.o.pid_file)
            d.o.pid_file = g_strdup(DOSVMD_PID_FILE);
        make_absolute(&d.o.config);
        make_absolute(&d.o.db);
        make_absolute(&d.o.pid_file);
        if (d.o.init_db)
            status = init_db(&d);
        else if (d.o.write_uuid)
            status = write_uuid(&d);
        else
            status = load_config(&d) && open_log(&d) ? serve(&d) : 1;
    }
    free_all(&d);
    return status;
}
