/* hostbridge.c - host bridges of bridged networks */
#include "net/hostbridge.h"
#include "net/hostexec.h"

#include <stdarg.h>
#include <string.h>

static char **argv_new(const char *first, ...)
{
    GPtrArray *a = g_ptr_array_new();
    va_list ap;

    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        g_ptr_array_add(a, g_strdup(s));
    va_end(ap);
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

int64_t hostbridge_delay_s(int64_t delay_ms, bool stp)
{
    int64_t s = delay_ms <= 0 ? 0 : (delay_ms + 999) / 1000;

    if (stp && s < HOSTBRIDGE_STP_DELAY_MIN_S)
        s = HOSTBRIDGE_STP_DELAY_MIN_S;
    if (stp && s > HOSTBRIDGE_STP_DELAY_MAX_S)
        s = HOSTBRIDGE_STP_DELAY_MAX_S;
    return s;
}

char **hostbridge_argv_add(const char *br)
{
    return argv_new("ip", "link", "add", "name", br, "type", "bridge", NULL);
}

char **hostbridge_argv_port(const char *br, const char *dev)
{
    return argv_new("ip", "link", "set", "dev", dev, "master", br, NULL);
}

char **hostbridge_argv_stp(const char *br, bool stp)
{
    return argv_new("ip", "link", "set", "dev", br, "type", "bridge", "stp_state", stp ? "1" : "0",
                    NULL);
}

char **hostbridge_argv_delay(const char *br, bool stp, int64_t delay_ms)
{
    char cs[32];

    g_snprintf(cs, sizeof(cs), "%lld", (long long)(hostbridge_delay_s(delay_ms, stp) * 100));
    return argv_new("ip", "link", "set", "dev", br, "type", "bridge", "forward_delay", cs, NULL);
}

char **hostbridge_argv_up(const char *dev)
{
    return argv_new("ip", "link", "set", "dev", dev, "up", NULL);
}

char **hostbridge_argv_del(const char *br)
{
    return argv_new("ip", "link", "del", "dev", br, NULL);
}

char **hostbridge_argv_show(const char *dev)
{
    return argv_new("ip", "-d", "-o", "link", "show", "dev", dev, NULL);
}

char **hostbridge_ovs_argv_add_br(const char *br)
{
    return argv_new("ovs-vsctl", "--may-exist", "add-br", br, NULL);
}

char **hostbridge_ovs_argv_add_port(const char *br, const char *dev)
{
    return argv_new("ovs-vsctl", "--may-exist", "add-port", br, dev, NULL);
}

char **hostbridge_ovs_argv_stp(const char *br, bool stp)
{
    return argv_new("ovs-vsctl", "set", "Bridge", br, stp ? "stp_enable=true" : "stp_enable=false",
                    NULL);
}

char **hostbridge_ovs_argv_del_br(const char *br)
{
    return argv_new("ovs-vsctl", "--if-exists", "del-br", br, NULL);
}

void hostbridge_link_clear(struct hostbridge_link *l)
{
    g_free(l->master);
    memset(l, 0, sizeof(*l));
}

/* `ip -o` joins a link's lines with a backslash: the first holds "master X",
 * a later one of `-d` starts with the kind ("bridge forward_delay ...",
 * "veth", "bridge_slave ..."). */
void hostbridge_link_parse(const char *line, struct hostbridge_link *out)
{
    char **parts, **words;

    memset(out, 0, sizeof(*out));
    if (!line || !*line)
        return;
    out->exists = true;
    parts = g_strsplit(line, "\\", -1);
    words = g_strsplit_set(parts[0], " \t\n", -1);
    for (int i = 0; words[i]; i++)
        if (!strcmp(words[i], "master") && words[i + 1] && *words[i + 1])
            out->master = g_strdup(words[i + 1]);
    g_strfreev(words);
    for (int i = 1; parts[i]; i++) {
        const char *s = parts[i];

        while (*s == ' ' || *s == '\t')
            s++;
        if (!strncmp(s, "bridge", 6) && (s[6] == ' ' || s[6] == '\0' || s[6] == '\n'))
            out->is_bridge = true;
    }
    g_strfreev(parts);
}

bool hostbridge_link_get(const char *uri, const char *dev, struct hostbridge_link *out,
                         struct dv_error *err)
{
    char **argv = hostbridge_argv_show(dev);
    struct hostexec_opts o = {.any_status = true};
    struct hostexec_result r = {0};
    bool ok = hostexec_run(uri, (const char *const *)argv, &o, &r, err);

    memset(out, 0, sizeof(*out));
    if (ok && r.status != 0 && !strstr(r.err ? r.err : "", "does not exist")) {
        char *what = hostexec_describe((const char *const *)argv);
        dv_error_set(err, DV_ERR_IO, NULL, _("The command '%s' failed (exit status %d): %s"), what,
                     r.status, g_strstrip(r.err));
        g_free(what);
        ok = false;
    } else if (ok && r.status == 0) {
        hostbridge_link_parse(r.out, out);
    }
    hostexec_result_clear(&r);
    g_strfreev(argv);
    return ok;
}

static bool run(const char *uri, char **argv, struct dv_error *err)
{
    bool ok = hostexec_run(uri, (const char *const *)argv, NULL, NULL, err);

    g_strfreev(argv);
    return ok;
}

bool hostbridge_ensure(const char *uri, const char *host, const char *br, const char *dev, bool stp,
                       int64_t delay_ms, bool *made, struct dv_error *err)
{
    struct hostbridge_link port = {0}, bridge = {0};
    bool ok = false, made_now = false;

    if (made)
        *made = false;
    if (!hostexec_uri_real(uri))
        return true;
    if (!dev || !*dev) { /* a bridge without a port of the host's */
        dev = NULL;
        port.exists = true;
    }
    if ((dev && !hostbridge_link_get(uri, dev, &port, err)) ||
        !hostbridge_link_get(uri, br, &bridge, err))
        goto out;
    if (!port.exists) {
        dv_error_set(err, DV_ERR_INVALID, "forward_dev",
                     _("The host %s has no network interface %s."), host, dev);
        goto out;
    }
    if (port.is_bridge) {
        dv_error_set(err, DV_ERR_INVALID, "forward_dev",
                     _("The interface %s on host %s is a bridge, not a physical interface."), dev,
                     host);
        goto out;
    }
    if (port.master && strcmp(port.master, br) != 0) {
        dv_error_set(err, DV_ERR_INUSE, "forward_dev",
                     _("The interface %s on host %s is already a port of the bridge %s: a host "
                       "interface serves one network only (H2)."),
                     dev, host, port.master);
        goto out;
    }
    if (bridge.exists && !bridge.is_bridge) {
        dv_error_set(err, DV_ERR_INVALID, "bridge",
                     _("The interface %s on host %s exists and is not a bridge."), br, host);
        goto out;
    }
    if (!bridge.exists) {
        if (!run(uri, hostbridge_argv_add(br), err))
            goto out;
        made_now = true;
    }
    if (dev && !(port.master && !strcmp(port.master, br)) &&
        !run(uri, hostbridge_argv_port(br, dev), err))
        goto undo;
    /* STP first: the kernel checks the delay against the STP state of the
     * moment, and applies forward_delay before stp_state in one request */
    if (!run(uri, hostbridge_argv_stp(br, stp), err) ||
        !run(uri, hostbridge_argv_delay(br, stp, delay_ms), err) ||
        (dev && !run(uri, hostbridge_argv_up(dev), err)) || !run(uri, hostbridge_argv_up(br), err))
        goto undo;
    ok = true;
    if (made)
        *made = made_now;
    goto out;
undo:
    if (made_now) {
        struct dv_error ignored = {0};
        run(uri, hostbridge_argv_del(br), &ignored);
    }
out:
    hostbridge_link_clear(&port);
    hostbridge_link_clear(&bridge);
    return ok;
}

bool hostbridge_remove(const char *uri, const char *host, const char *br, struct dv_error *err)
{
    struct hostbridge_link l = {0};
    bool ok;

    if (!hostexec_uri_real(uri))
        return true;
    if (!hostbridge_link_get(uri, br, &l, err))
        return false;
    if (!l.exists) {
        ok = true;
    } else if (!l.is_bridge) {
        dv_error_set(err, DV_ERR_INVALID, "bridge",
                     _("The interface %s on host %s exists and is not a bridge."), br, host);
        ok = false;
    } else {
        ok = run(uri, hostbridge_argv_del(br), err);
    }
    hostbridge_link_clear(&l);
    return ok;
}

char **hostbridge_ovs_argv_exists(const char *br)
{
    return argv_new("ovs-vsctl", "br-exists", br, NULL);
}

bool hostbridge_ovs_ensure(const char *uri, const char *br, const char *dev, bool stp, bool *made,
                           struct dv_error *err)
{
    struct hostexec_opts o = {.any_status = true};
    struct hostexec_result r = {0};
    char **exists;
    bool ok;

    if (made)
        *made = false;
    if (!hostexec_uri_real(uri))
        return true;
    exists = hostbridge_ovs_argv_exists(br);
    ok = hostexec_run(uri, (const char *const *)exists, &o, &r, err);
    g_strfreev(exists);
    if (ok && made)
        *made = r.status == 2;
    hostexec_result_clear(&r);
    return ok && run(uri, hostbridge_ovs_argv_add_br(br), err) &&
           (!dev || !*dev || run(uri, hostbridge_ovs_argv_add_port(br, dev), err)) &&
           run(uri, hostbridge_ovs_argv_stp(br, stp), err);
}

bool hostbridge_ovs_remove(const char *uri, const char *br, struct dv_error *err)
{
    return !hostexec_uri_real(uri) || run(uri, hostbridge_ovs_argv_del_br(br), err);
}

bool hostbridge_check_ifaces(const char *uri, const char *host, const char *const *devs,
                             struct dv_error *err)
{
    if (!hostexec_uri_real(uri))
        return true;
    for (const char *const *d = devs; d && *d; d++) {
        struct hostbridge_link l = {0};
        bool ok = hostbridge_link_get(uri, *d, &l, err);

        if (ok && !l.exists) {
            dv_error_set(err, DV_ERR_INVALID, "ifaces",
                         _("The host %s has no network interface %s."), host, *d);
            ok = false;
        } else if (ok && l.master) {
            dv_error_set(err, DV_ERR_INUSE, "ifaces",
                         _("The interface %s on host %s is already a port of the bridge %s: a "
                           "host interface serves one network only (H2)."),
                         *d, host, l.master);
            ok = false;
        }
        hostbridge_link_clear(&l);
        if (!ok)
            return false;
    }
    return true;
}

bool hostbridge_may_remove(struct db *db, int64_t network_id, int64_t host_id, bool *remove,
                           struct dv_error *err)
{
    int64_t made = 0, others = 0;

    *remove = false;
    if (!db_scalar(db,
                   "SELECT made_bridge FROM network_host WHERE network_id = ?1 AND host_id = ?2",
                   DB_ARGS(DB_I(network_id), DB_I(host_id)), &made, err) ||
        !db_scalar(db,
                   "SELECT count(*) FROM network_host nh JOIN network n ON n.id = nh.network_id "
                   "WHERE nh.host_id = ?2 AND nh.network_id <> ?1 AND n.bridge <> '' AND "
                   "n.bridge = (SELECT bridge FROM network WHERE id = ?1)",
                   DB_ARGS(DB_I(network_id), DB_I(host_id)), &others, err))
        return false;
    *remove = made == 1 && others == 0;
    return true;
}
