/* hostexec.c - host commands on this machine or through ssh */
#include "net/hostexec.h"
#include "base/hosturi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void hostexec_target_clear(struct hostexec_target *t)
{
    g_free(t->host);
    g_free(t->user);
    g_free(t->keyfile);
    g_free(t->known_hosts);
    g_free(t->label);
    memset(t, 0, sizeof(*t));
}

void hostexec_result_clear(struct hostexec_result *r)
{
    g_free(r->out);
    g_free(r->err);
    memset(r, 0, sizeof(*r));
}

/* the parameters of qemu+ssh that tell ssh how to log in */
static void read_ssh_params(GUri *u, struct hostexec_target *t)
{
    const char *query = g_uri_get_query(u);
    GHashTable *params;
    const char *v;

    if (!query || !*query)
        return;
    params = g_uri_parse_params(query, -1, "&;", G_URI_PARAMS_NONE, NULL);
    if (!params)
        return;
    if ((v = g_hash_table_lookup(params, "keyfile")) && *v)
        t->keyfile = g_strdup(v);
    if ((v = g_hash_table_lookup(params, "known_hosts")) && *v)
        t->known_hosts = g_strdup(v);
    if ((v = g_hash_table_lookup(params, "no_verify")))
        t->no_verify = !strcmp(v, "1");
    g_hash_table_unref(params);
}

bool hostexec_uri_real(const char *uri)
{
    const char *ns = getenv(HOSTEXEC_NETNS_ENV);

    return !(uri && g_str_has_prefix(uri, "test:")) || (ns && *ns);
}

bool hostexec_target_from_uri(const char *uri, struct hostexec_target *out, struct dv_error *err)
{
    GUri *u;
    const char *scheme;

    memset(out, 0, sizeof(*out));
    if (!hosturi_check(uri, HOSTURI_TCP_CONFIRMED, "uri", NULL, err))
        return false;
    u = g_uri_parse(uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED_QUERY, NULL);
    if (!u) { /* hosturi_check read it: not reached */
        dv_error_set(err, DV_ERR_INVALID, "uri",
                     _("The libvirt URI cannot be read; write it as "
                       "TRANSPORT://HOST/system."));
        return false;
    }
    scheme = g_uri_get_scheme(u);
    if (!strcmp(scheme, "qemu+ssh") || !strcmp(scheme, "qemu+tls") || !strcmp(scheme, "qemu+tcp")) {
        out->remote = true;
        out->host = g_strdup(g_uri_get_host(u));
        if (g_uri_get_user(u) && *g_uri_get_user(u))
            out->user = g_strdup(g_uri_get_user(u));
        /* qemu+tls's and qemu+tcp's port is libvirtd's, not sshd's */
        if (!strcmp(scheme, "qemu+ssh")) {
            out->port = g_uri_get_port(u) > 0 ? g_uri_get_port(u) : 0;
            read_ssh_params(u, out);
        }
        out->label = g_strdup(out->host);
    } else {
        out->label = g_strdup("localhost");
    }
    g_uri_unref(u);
    return true;
}

char **hostexec_build_argv(const struct hostexec_target *t, const char *const *argv,
                           const char *netns, int connect_timeout_s)
{
    GPtrArray *a = g_ptr_array_new();

    if (!t->remote) {
        if (netns && *netns) {
            g_ptr_array_add(a, g_strdup("ip"));
            g_ptr_array_add(a, g_strdup("netns"));
            g_ptr_array_add(a, g_strdup("exec"));
            g_ptr_array_add(a, g_strdup(netns));
        }
        for (const char *const *p = argv; *p; p++)
            g_ptr_array_add(a, g_strdup(*p));
    } else {
        GString *line = g_string_new("env LC_ALL=C");

        g_ptr_array_add(a, g_strdup("ssh"));
        g_ptr_array_add(a, g_strdup("-T"));
        g_ptr_array_add(a, g_strdup("-o"));
        g_ptr_array_add(a, g_strdup("BatchMode=yes"));
        g_ptr_array_add(a, g_strdup("-o"));
        g_ptr_array_add(a, g_strdup_printf("ConnectTimeout=%d", connect_timeout_s > 0
                                                                    ? connect_timeout_s
                                                                    : HOSTEXEC_CONNECT_TIMEOUT_S));
        if (t->no_verify) {
            g_ptr_array_add(a, g_strdup("-o"));
            g_ptr_array_add(a, g_strdup("StrictHostKeyChecking=no"));
        }
        if (t->known_hosts) {
            g_ptr_array_add(a, g_strdup("-o"));
            g_ptr_array_add(a, g_strdup_printf("UserKnownHostsFile=%s", t->known_hosts));
        }
        if (t->keyfile) {
            g_ptr_array_add(a, g_strdup("-i"));
            g_ptr_array_add(a, g_strdup(t->keyfile));
        }
        if (t->port > 0) {
            g_ptr_array_add(a, g_strdup("-p"));
            g_ptr_array_add(a, g_strdup_printf("%d", t->port));
        }
        if (t->user) {
            g_ptr_array_add(a, g_strdup("-l"));
            g_ptr_array_add(a, g_strdup(t->user));
        }
        g_ptr_array_add(a, g_strdup("--"));
        g_ptr_array_add(a, g_strdup(t->host));
        /* ssh hands the remote shell one line: every argument quoted */
        for (const char *const *p = argv; *p; p++) {
            char *q = g_shell_quote(*p);

            g_string_append_c(line, ' ');
            g_string_append(line, q);
            g_free(q);
        }
        g_ptr_array_add(a, g_string_free(line, FALSE));
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

char *hostexec_describe(const char *const *argv)
{
    GString *s = g_string_new("");

    for (const char *const *p = argv; *p; p++) {
        if (s->len)
            g_string_append_c(s, ' ');
        g_string_append(s, *p);
        if (s->len > 200) {
            g_string_truncate(s, 200);
            g_string_append(s, "...");
            break;
        }
    }
    return g_string_free(s, FALSE);
}

/* An unlinked temporary file for a command's output (or input); -1 on error. */
static int temp_fd(GError **ge)
{
    char *path = NULL;
    int fd = g_file_open_tmp("dosvm-hostexec-XXXXXX", &path, ge);

    if (fd >= 0)
        unlink(path);
    g_free(path);
    return fd;
}

static char *read_back(int fd)
{
    GString *s = g_string_new("");
    char buf[8192];
    ssize_t n;

    if (lseek(fd, 0, SEEK_SET) == 0)
        while (s->len < HOSTEXEC_OUT_MAX && (n = read(fd, buf, sizeof(buf))) > 0)
            g_string_append_len(s, buf, n);
    if (s->len > HOSTEXEC_OUT_MAX)
        g_string_truncate(s, HOSTEXEC_OUT_MAX);
    close(fd);
    return g_string_free(s, FALSE);
}

struct waiting {
    bool done, timed_out;
};

static void exited_cb(GObject *src, GAsyncResult *res, gpointer data)
{
    struct waiting *w = data;

    g_subprocess_wait_finish(G_SUBPROCESS(src), res, NULL);
    w->done = true;
}

static gboolean on_timeout(gpointer data)
{
    ((struct waiting *)data)->timed_out = true;
    return G_SOURCE_REMOVE;
}

static gboolean on_wake(gpointer data)
{
    (void)data;
    return G_SOURCE_CONTINUE;
}

/* Wait for p within timeout_s, on a context of this thread's own (workers
 * have no loop); kill it past the time or when cancel fires. */
static void wait_bounded(GSubprocess *p, int timeout_s, GCancellable *cancel, bool *timed_out,
                         bool *cancelled)
{
    GMainContext *ctx = g_main_context_new();
    struct waiting w = {0};
    GSource *t = g_timeout_source_new_seconds((guint)timeout_s);
    GSource *wake = g_timeout_source_new(100); /* to see a cancel */

    g_main_context_push_thread_default(ctx);
    g_source_set_callback(t, on_timeout, &w, NULL);
    g_source_attach(t, ctx);
    g_source_set_callback(wake, on_wake, NULL, NULL);
    g_source_attach(wake, ctx);
    g_subprocess_wait_async(p, NULL, exited_cb, &w);
    while (!w.done) {
        if (w.timed_out || (cancel && g_cancellable_is_cancelled(cancel))) {
            g_subprocess_force_exit(p);
            break;
        }
        g_main_context_iteration(ctx, TRUE);
    }
    while (!w.done)
        g_main_context_iteration(ctx, TRUE);
    *timed_out = w.timed_out && !g_subprocess_get_if_exited(p);
    *cancelled = !*timed_out && cancel && g_cancellable_is_cancelled(cancel) &&
                 !g_subprocess_get_if_exited(p);
    g_source_destroy(t);
    g_source_unref(t);
    g_source_destroy(wake);
    g_source_unref(wake);
    g_main_context_pop_thread_default(ctx);
    g_main_context_unref(ctx);
}

/* The first lines of a command's standard error, for a message. */
static char *err_excerpt(const char *text)
{
    char *s = g_strstrip(g_strdup(text ? text : ""));

    if (g_utf8_strlen(s, -1) > 300) {
        char *cut = g_utf8_offset_to_pointer(s, 300);
        *cut = '\0';
    }
    if (!g_utf8_validate(s, -1, NULL)) {
        char *v = g_utf8_make_valid(s, -1);
        g_free(s);
        s = v;
    }
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\t' || *p == '\r')
            *p = ' ';
    return s;
}

bool hostexec_run(const char *uri, const char *const *argv, const struct hostexec_opts *opts,
                  struct hostexec_result *res, struct dv_error *err)
{
    static const struct hostexec_opts none = {0};
    struct hostexec_target t;
    struct hostexec_result local = {0};
    GSubprocessLauncher *l = NULL;
    GSubprocess *p = NULL;
    GError *ge = NULL;
    char **full = NULL, *what = NULL;
    int out_fd = -1, err_fd = -1, in_fd = -1, timeout_s;
    bool ok = false, timed_out = false, cancelled = false;

    if (!opts)
        opts = &none;
    if (!res)
        res = &local;
    memset(res, 0, sizeof(*res));
    if (!hostexec_target_from_uri(uri, &t, err))
        return false;
    timeout_s = opts->timeout_s > 0 ? opts->timeout_s : HOSTEXEC_TIMEOUT_S;
    what = opts->what ? g_strdup(opts->what) : hostexec_describe(argv);
    full = hostexec_build_argv(&t, argv, getenv(HOSTEXEC_NETNS_ENV), 0);

    if ((out_fd = temp_fd(&ge)) < 0 || (err_fd = temp_fd(&ge)) < 0 ||
        (opts->input && (in_fd = temp_fd(&ge)) < 0))
        goto spawn_failed;
    if (in_fd >= 0) {
        size_t n = strlen(opts->input), done = 0;

        while (done < n) {
            ssize_t w = write(in_fd, opts->input + done, n - done);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                g_set_error_literal(&ge, G_IO_ERROR, g_io_error_from_errno(errno),
                                    g_strerror(errno));
                goto spawn_failed;
            }
            done += (size_t)w;
        }
        lseek(in_fd, 0, SEEK_SET);
    }
    l = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_NONE);
    g_subprocess_launcher_setenv(l, "LC_ALL", "C", TRUE);
    g_subprocess_launcher_take_stdout_fd(l, dup(out_fd));
    g_subprocess_launcher_take_stderr_fd(l, dup(err_fd));
    if (in_fd >= 0) {
        g_subprocess_launcher_take_stdin_fd(l, in_fd);
        in_fd = -1;
    }
    p = g_subprocess_launcher_spawnv(l, (const char *const *)full, &ge);
    g_clear_object(&l); /* closes the launcher's copies of the fds */
    if (!p)
        goto spawn_failed;

    wait_bounded(p, timeout_s, opts->cancel, &timed_out, &cancelled);
    res->out = read_back(out_fd);
    res->err = read_back(err_fd);
    out_fd = err_fd = -1;
    res->status = g_subprocess_get_if_exited(p) ? g_subprocess_get_exit_status(p) : -1;

    if (timed_out) {
        dv_error_set(err, DV_ERR_TIMEOUT, NULL,
                     _("The command '%s' on %s did not end within %d seconds; it was stopped."),
                     what, t.label, timeout_s);
    } else if (cancelled) {
        dv_error_set(err, DV_ERR_CANCELLED, NULL, _("The command '%s' on %s was cancelled."), what,
                     t.label);
    } else if (res->status == 0 || (opts->any_status && res->status >= 0)) {
        ok = true;
    } else {
        char *e = err_excerpt(res->err);

        if (t.remote && res->status == 255)
            dv_error_set(err, DV_ERR_IO, NULL,
                         _("The host %s could not be reached through ssh to run '%s': %s"), t.label,
                         what, e);
        else if (res->status < 0)
            dv_error_set(err, DV_ERR_IO, NULL, _("The command '%s' on %s was killed by a signal."),
                         what, t.label);
        else
            dv_error_set(err, DV_ERR_IO, NULL,
                         _("The command '%s' on %s failed (exit status %d): %s"), what, t.label,
                         res->status, e);
        g_free(e);
    }
    goto out;

spawn_failed:
    dv_error_set(err, DV_ERR_IO, NULL, _("The command '%s' could not be run on %s: %s"), what,
                 t.label, ge ? ge->message : g_strerror(errno));
    g_clear_error(&ge);
out:
    if (out_fd >= 0)
        close(out_fd);
    if (err_fd >= 0)
        close(err_fd);
    if (in_fd >= 0)
        close(in_fd);
    g_clear_object(&l);
    g_clear_object(&p);
    g_strfreev(full);
    g_free(what);
    hostexec_target_clear(&t);
    hostexec_result_clear(&local);
    return ok;
}

bool hostexec_script(const char *uri, const char *script, const char *const *env, const char *what,
                     int timeout_s, struct dv_error *err)
{
    GPtrArray *a;
    struct hostexec_opts o = {.what = what, .timeout_s = timeout_s};
    bool ok;
    const char *s = script ? script : "";

    while (g_ascii_isspace(*s))
        s++;
    if (!*s)
        return true;
    a = g_ptr_array_new();
    g_ptr_array_add(a, "env");
    for (const char *const *e = env; e && *e; e++)
        g_ptr_array_add(a, (char *)*e);
    g_ptr_array_add(a, "sh");
    g_ptr_array_add(a, "-c");
    g_ptr_array_add(a, (char *)script);
    g_ptr_array_add(a, NULL);
    ok = hostexec_run(uri, (const char *const *)a->pdata, &o, NULL, err);
    g_ptr_array_free(a, TRUE);
    return ok;
}
