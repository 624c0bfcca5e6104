/* hosturi.c - the libvirt URI rules of hosturi.h. */
#include "base/hosturi.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum uri_where { UW_NONE, UW_LOCAL, UW_REMOTE }; /* host part: none or required */

struct transport {
    const char *scheme;
    enum uri_where host;
    const char *const *params; /* NULL-terminated, allowed parameter names */
};

static const char *const no_params[] = {NULL};
static const char *const local_params[] = {"socket", NULL};
static const char *const ssh_params[] = {"keyfile", "known_hosts", "no_verify", "no_tty", NULL};
static const char *const tls_params[] = {"pkipath", "no_verify", NULL};

static const struct transport transports[] = {
    {.scheme = "test", .host = UW_LOCAL, .params = no_params},
    {.scheme = "qemu", .host = UW_LOCAL, .params = local_params},
    {.scheme = "qemu+unix", .host = UW_LOCAL, .params = local_params},
    {.scheme = "qemu+ssh", .host = UW_REMOTE, .params = ssh_params},
    {.scheme = "qemu+tls", .host = UW_REMOTE, .params = tls_params},
    {.scheme = "qemu+tcp", .host = UW_REMOTE, .params = no_params},
};

/* Parameters that make libvirt run a program or reach elsewhere. */
static const char *const program_params[] = {"command", "netcat", "proxy", NULL};

void hosturi_info_clear(struct hosturi_info *info)
{
    if (!info)
        return;
    g_free(info->test_file);
    memset(info, 0, sizeof(*info));
}

static bool in_list(const char *const *list, const char *name)
{
    for (; *list; list++)
        if (!g_ascii_strcasecmp(*list, name))
            return true;
    return false;
}

/* Bytes a URI may hold: printable ASCII without the ones URI parsers
 * disagree on. */
static bool plain_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= ' ' || *p >= 0x7f || strchr("\"<>\\^`{|}", *p))
            return false;
    return true;
}

static bool bool_value(const char *v)
{
    return !strcmp(v, "0") || !strcmp(v, "1");
}

static bool check_param(const struct transport *t, const char *name, const char *value,
                        GHashTable *seen, struct hosturi_info *info, const char *field,
                        struct dv_error *err)
{
    char *allowed;

    if (in_list(program_params, name)) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The libvirt URI's parameter '%s' is refused: dosvm never lets a host URI "
                       "run a program or a proxy."),
                     name);
        return false;
    }
    if (!in_list(t->params, name)) {
        allowed = g_strjoinv(", ", (char **)t->params);
        if (*allowed)
            dv_error_set(err, DV_ERR_INVALID, field,
                         _("The libvirt URI's parameter '%s' is not allowed with %s; allowed: %s."),
                         name, t->scheme, allowed);
        else
            dv_error_set(err, DV_ERR_INVALID, field,
                         _("The libvirt URI's parameter '%s' is not allowed: %s takes no "
                           "parameters."),
                         name, t->scheme);
        g_free(allowed);
        return false;
    }
    if (g_hash_table_contains(seen, name)) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The libvirt URI's parameter '%s' is given twice."), name);
        return false;
    }
    g_hash_table_add(seen, g_ascii_strdown(name, -1));
    if (!g_ascii_strcasecmp(name, "no_verify") || !g_ascii_strcasecmp(name, "no_tty")) {
        if (!bool_value(value)) {
            dv_error_set(err, DV_ERR_INVALID, field,
                         _("The libvirt URI's parameter '%s' must be 0 or 1."), name);
            return false;
        }
        if (!g_ascii_strcasecmp(name, "no_verify") && !strcmp(value, "1") && info)
            info->no_verify = true;
        return true;
    }
    /* socket, keyfile, known_hosts, pkipath: an absolute path */
    if (value[0] != '/') {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The libvirt URI's parameter '%s' must be an absolute path."), name);
        return false;
    }
    return true;
}

static bool check_params(const struct transport *t, const char *query, struct hosturi_info *info,
                         const char *field, struct dv_error *err)
{
    GHashTable *params, *seen;
    GHashTableIter it;
    gpointer k, v;
    bool ok = true;

    if (!query || !*query)
        return true;
    /* libvirt splits parameters at & and ; and decodes %XX in both parts */
    params = g_uri_parse_params(query, -1, "&;", G_URI_PARAMS_NONE, NULL);
    if (!params) {
        dv_error_set(err, DV_ERR_INVALID, field, _("The libvirt URI's parameters cannot be read."));
        return false;
    }
    seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_iter_init(&it, params);
    while (ok && g_hash_table_iter_next(&it, &k, &v))
        ok = check_param(t, k, v, seen, info, field, err);
    /* a name given twice with the same case is merged by the parser: count */
    if (ok) {
        int n = 1;

        for (const char *p = query; *p; p++)
            n += *p == '&' || *p == ';';
        if (n != (int)g_hash_table_size(params)) {
            dv_error_set(err, DV_ERR_INVALID, field,
                         _("The libvirt URI's parameters must each be given once."));
            ok = false;
        }
    }
    g_hash_table_unref(seen);
    g_hash_table_unref(params);
    return ok;
}

static bool check_path(const struct transport *t, const char *path, struct hosturi_info *info,
                       const char *field, struct dv_error *err)
{
    if (!strcmp(t->scheme, "test")) {
        info->test = true;
        if (!strcmp(path, "/default"))
            return true;
        if (path[0] != '/' || path[1] == '/') {
            dv_error_set(err, DV_ERR_INVALID, field,
                         _("A test:/// URI must name an absolute file, e.g. test:///PATH.xml."));
            return false;
        }
        info->test_file = g_strdup(path);
        return true;
    }
    if (strcmp(path, "/system") && strcmp(path, "/session")) {
        dv_error_set(err, DV_ERR_INVALID, field, _("A %s URI must end in /system or /session."),
                     t->scheme);
        return false;
    }
    return true;
}

static bool check_parsed(const char *raw, GUri *u, unsigned flags, struct hosturi_info *info,
                         const char *field, struct dv_error *err)
{
    const char *scheme = g_uri_get_scheme(u), *host = g_uri_get_host(u);
    const struct transport *t = NULL;

    /* the scheme as written (GUri lowers its case; libvirt's rules here do not) */
    for (size_t i = 0; i < G_N_ELEMENTS(transports); i++)
        if (!strcmp(scheme, transports[i].scheme) &&
            !strncmp(raw, transports[i].scheme, strlen(transports[i].scheme)) &&
            raw[strlen(transports[i].scheme)] == ':')
            t = &transports[i];
    if (!t)
        scheme = g_strndup(raw, strcspn(raw, ":"));
    if (!t) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The libvirt URI's transport '%s' is not supported; use test, qemu, "
                       "qemu+unix, qemu+ssh, qemu+tls or qemu+tcp."),
                     scheme);
        g_free((char *)scheme);
        return false;
    }
    if (g_uri_get_fragment(u)) {
        dv_error_set(err, DV_ERR_INVALID, field, _("A libvirt URI has no #fragment."));
        return false;
    }
    if (t->host == UW_REMOTE && (!host || !*host)) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("A %s URI must name the host: %s://HOST/system."), t->scheme, t->scheme);
        return false;
    }
    if (t->host == UW_LOCAL &&
        ((host && *host) || g_uri_get_userinfo(u) || g_uri_get_port(u) > 0)) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("A %s URI names no host: it starts with %s:///."), t->scheme, t->scheme);
        return false;
    }
    if (g_uri_get_userinfo(u) && strchr(g_uri_get_userinfo(u), ':')) {
        dv_error_set(err, DV_ERR_INVALID, field, _("A libvirt URI must not hold a password."));
        return false;
    }
    if (!check_path(t, g_uri_get_path(u), info, field, err) ||
        !check_params(t, g_uri_get_query(u), info, field, err))
        return false;
    if (!strcmp(t->scheme, "qemu+tcp")) {
        info->tcp = true;
        if (!(flags & HOSTURI_TCP_CONFIRMED)) {
            dv_error_set(err, DV_ERR_DENIED, field,
                         _("qemu+tcp is not encrypted: anyone on the network can read and change "
                           "what dosvm sends. Confirm that you want it."));
            return false;
        }
    }
    return true;
}

bool hosturi_check(const char *uri, unsigned flags, const char *field, struct hosturi_info *info,
                   struct dv_error *err)
{
    struct hosturi_info local = {0};
    GUri *u;
    bool ok;

    if (!info)
        info = &local;
    memset(info, 0, sizeof(*info));
    if (!uri || !*uri) {
        dv_error_set(err, DV_ERR_INVALID, field, _("The libvirt URI is empty."));
        return false;
    }
    if (!plain_text(uri)) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The libvirt URI may hold only printable ASCII characters without spaces, "
                       "quotes or backslashes."));
        return false;
    }
    u = g_uri_parse(uri, G_URI_FLAGS_NON_DNS | G_URI_FLAGS_ENCODED_QUERY, NULL);
    if (!u) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("The libvirt URI cannot be read; write it as TRANSPORT://HOST/system."));
        return false;
    }
    ok = check_parsed(uri, u, flags, info, field, err);
    g_uri_unref(u);
    if (!ok || info == &local) {
        g_free(info->test_file);
        info->test_file = NULL;
    }
    return ok;
}

/* The document element's name, past the prolog, comments and blanks. */
static bool starts_with_node(const char *buf, size_t n)
{
    size_t i = 0;

    while (i < n) {
        while (i < n && g_ascii_isspace(buf[i]))
            i++;
        if (i + 4 <= n && !memcmp(buf + i, "<!--", 4)) {
            const char *e = g_strstr_len(buf + i + 4, n - i - 4, "-->");
            if (!e)
                return false;
            i = e - buf + 3;
        } else if (i + 2 <= n && !memcmp(buf + i, "<?", 2)) {
            const char *e = g_strstr_len(buf + i + 2, n - i - 2, "?>");
            if (!e)
                return false;
            i = e - buf + 2;
        } else {
            return i + 6 <= n && !memcmp(buf + i, "<node", 5) &&
                   (buf[i + 5] == '>' || g_ascii_isspace(buf[i + 5]));
        }
    }
    return false;
}

bool hosturi_test_file(const char *path, const char *field, struct dv_error *err)
{
    char buf[16384];
    struct stat st;
    ssize_t n = -1;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);

    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
        n = read(fd, buf, sizeof(buf));
    if (fd >= 0)
        close(fd);
    if (n <= 0 || !starts_with_node(buf, (size_t)n)) {
        dv_error_set(err, DV_ERR_IO, field,
                     _("The host's test file could not be read as a libvirt test driver file."));
        return false;
    }
    return true;
}
