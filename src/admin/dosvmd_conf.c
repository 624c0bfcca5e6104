/* dosvmd_conf.c - dosvmd.conf, the service's per-host configuration (manual 4.4.7)
 *
 * Every key is one row of keys[]: its section, its name (which is also the
 * name of its field in struct dosvmd_config), how its value is read, where
 * it is stored and its default.  Reading a file is then a walk over the
 * table followed by the rules that join several keys (localhost, the port
 * range, the SSL files). */
#include "admin/dosvmd_conf.h"
#include "base/hosturi.h"
#include "base/validate.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MIN_PORT_COUNT 100 /* fewer ports than this only warns */

enum key_kind {
    KIND_STR,      /* text, blanks around it stripped */
    KIND_SSL_FILE, /* text; with use_ssl = 1 a readable file is required */
    KIND_INT,      /* decimal integer within [min, max] */
    KIND_BOOL,     /* 0 or 1 */
};

struct key_spec {
    const char *section;
    const char *key;
    enum key_kind kind;
    size_t offset;       /* of the field in struct dosvmd_config */
    const char *str_def; /* default of KIND_STR and KIND_SSL_FILE */
    int int_def;         /* default of KIND_INT and KIND_BOOL */
    int min, max;        /* bounds of KIND_INT */
};

#define SPEC(sec, fld, kind, sdef, idef, lo, hi)                                                   \
    {                                                                                              \
        sec, #fld, kind, offsetof(struct dosvmd_config, fld), sdef, idef, lo, hi                   \
    }
#define SPEC_STR(sec, fld, def)         SPEC(sec, fld, KIND_STR, def, 0, 0, 0)
#define SPEC_FILE(sec, fld)             SPEC(sec, fld, KIND_SSL_FILE, "", 0, 0, 0)
#define SPEC_INT(sec, fld, def, lo, hi) SPEC(sec, fld, KIND_INT, NULL, def, lo, hi)
#define SPEC_BOOL(sec, fld, def)        SPEC(sec, fld, KIND_BOOL, NULL, def, 0, 1)

/* The defaults are those of the manual, 4.4.7. */
static const struct key_spec keys[] = {
    SPEC_STR("network", localhost, ""),
    SPEC_INT("network", min_tcp_port, 2000, 1, 65535),
    SPEC_INT("network", max_tcp_port, 4000, 1, 65535),
    SPEC_STR("db", db_name, "dosvm"),
    SPEC_STR("db", db_host, "localhost"),
    SPEC_STR("db", db_user, "dba"),
    SPEC_STR("db", db_password, "sql"),
    SPEC_INT("db", db_max_connect_count, 2, 1, INT_MAX),
    SPEC_INT("command_thread", max_command_thread_count, 10, 1, INT_MAX),
    SPEC_BOOL("ssl", use_ssl, 0),
    SPEC_FILE("ssl", ssl_ca),
    SPEC_FILE("ssl", ssl_cert),
    SPEC_FILE("ssl", ssl_key),
    SPEC_STR("ssl", ssl_password, ""),
    SPEC_STR("config", temp_image_save_path, "/tmp"),
    SPEC_STR("config", share_disk_path, "/raid/data"),
    SPEC_STR("config", host_uuid, ""),
    SPEC_STR("config", libvirt_url, "qemu:///system"),
    SPEC_STR("info", vir_log_save_path, "/var/log/"),
};

static char **str_at(struct dosvmd_config *c, const struct key_spec *k)
{
    return (char **)((char *)c + k->offset);
}

static int *int_at(struct dosvmd_config *c, const struct key_spec *k)
{
    return (int *)((char *)c + k->offset);
}

static bool *bool_at(struct dosvmd_config *c, const struct key_spec *k)
{
    return (bool *)((char *)c + k->offset);
}

/* "section.key", the err->field of a key */
static void field_of(const struct key_spec *k, char field[48])
{
    g_snprintf(field, 48, "%s.%s", k->section, k->key);
}

static void set_default(struct dosvmd_config *c, const struct key_spec *k)
{
    if (k->kind == KIND_INT)
        *int_at(c, k) = k->int_def;
    else if (k->kind == KIND_BOOL)
        *bool_at(c, k) = k->int_def != 0;
    else
        *str_at(c, k) = g_strdup(k->str_def);
}

/* Overwrites c without freeing what it held: pass a new or cleared struct. */
void config_defaults(struct dosvmd_config *c)
{
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        set_default(c, &keys[i]);
}

void config_clear(struct dosvmd_config *c)
{
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (keys[i].kind == KIND_STR || keys[i].kind == KIND_SSL_FILE)
            g_free(*str_at(c, &keys[i]));
    }
    g_strfreev(c->warnings);
    memset(c, 0, sizeof(*c));
}

static void add_warning(struct dosvmd_config *c, char *msg)
{
    guint n = c->warnings ? g_strv_length(c->warnings) : 0;

    c->warnings = g_renew(char *, c->warnings, n + 2);
    c->warnings[n] = msg;
    c->warnings[n + 1] = NULL;
}

static void number_error(const struct key_spec *k, const char *v, bool not_number,
                         struct dv_error *err)
{
    char field[48];

    field_of(k, field);
    if (k->kind == KIND_BOOL)
        /* L10N: "[%s] %s" is a section and a key of dosvmd.conf, kept as in the file */
        dv_error_set(err, DV_ERR_INVALID, field, _("[%s] %s must be 0 or 1, not '%s'."), k->section,
                     k->key, v);
    else if (not_number)
        dv_error_set(err, DV_ERR_INVALID, field, _("[%s] %s must be a whole number, not '%s'."),
                     k->section, k->key, v);
    else if (k->max == INT_MAX)
        dv_error_set(err, DV_ERR_INVALID, field, _("[%s] %s must be at least %d, not %s."),
                     k->section, k->key, k->min, v);
    else
        dv_error_set(err, DV_ERR_INVALID, field, _("[%s] %s must be from %d to %d, not %s."),
                     k->section, k->key, k->min, k->max, v);
}

/* Store the integer v of a KIND_INT or KIND_BOOL key. */
static bool parse_number(const struct key_spec *k, const char *v, struct dosvmd_config *c,
                         struct dv_error *err)
{
    int64_t n = 0;
    enum dv_num_rc rc = dv_num_parse(v, false, true, 1, INT64_MAX, &n); /* the strict parser */

    if (rc != DV_NUM_OK || n < k->min || n > k->max) {
        number_error(k, v, rc == DV_NUM_SYNTAX, err);
        return false;
    }
    if (k->kind == KIND_BOOL)
        *bool_at(c, k) = n != 0;
    else
        *int_at(c, k) = (int)n;
    return true;
}

/* An absent (or commented-out) key keeps its default. */
static bool read_key(GKeyFile *kf, const struct key_spec *k, struct dosvmd_config *c,
                     struct dv_error *err)
{
    char *v = g_key_file_get_value(kf, k->section, k->key, NULL);
    bool good;

    if (!v)
        return true;
    g_strstrip(v);
    if (k->kind == KIND_STR || k->kind == KIND_SSL_FILE) {
        g_free(*str_at(c, k));
        *str_at(c, k) = v;
        return true;
    }
    good = parse_number(k, v, c, err);
    g_free(v);
    return good;
}

static bool check_localhost(const struct dosvmd_config *c, struct dv_error *err)
{
    if (*c->localhost == '\0') {
        dv_error_set(err, DV_ERR_INVALID, "network.localhost",
                     _("[network] localhost is required: the host's IPv4 address for "
                       "host-to-host communication."));
        return false;
    }
    return validate_ipv4("network.localhost", "[network] localhost", c->localhost, err);
}

/* min > max is an error; a range of fewer than 100 ports only warns. */
static bool check_ports(struct dosvmd_config *c, struct dv_error *err)
{
    int n = c->max_tcp_port - c->min_tcp_port + 1;

    if (c->min_tcp_port > c->max_tcp_port) {
        dv_error_set(err, DV_ERR_INVALID, "network.min_tcp_port",
                     _("[network] min_tcp_port (%d) must not be greater than max_tcp_port (%d)."),
                     c->min_tcp_port, c->max_tcp_port);
        return false;
    }
    if (n < MIN_PORT_COUNT)
        add_warning(c, g_strdup_printf(ngettext("[network] min_tcp_port to max_tcp_port gives "
                                                "only %d port; keep at least 100 for "
                                                "host-to-host communication.",
                                                "[network] min_tcp_port to max_tcp_port gives "
                                                "only %d ports; keep at least 100 for "
                                                "host-to-host communication.",
                                                n),
                                       n));
    return true;
}

static bool check_ssl_file(const struct key_spec *k, const char *path, struct dv_error *err)
{
    char field[48];
    int e;

    field_of(k, field);
    if (*path == '\0') {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("[ssl] %s is required when use_ssl is 1: the full path of a readable "
                       "file."),
                     k->key);
        return false;
    }
    if (access(path, R_OK) == 0)
        return true;
    e = errno;
    dv_error_set(err, DV_ERR_INVALID, field,
                 _("[ssl] %s: the file '%s' cannot be read (%s); it must be readable when "
                   "use_ssl is 1."),
                 k->key, path, g_strerror(e));
    return false;
}

static bool check_ssl(struct dosvmd_config *c, struct dv_error *err)
{
    if (!c->use_ssl)
        return true;
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (keys[i].kind == KIND_SSL_FILE && !check_ssl_file(&keys[i], *str_at(c, &keys[i]), err))
            return false;
    }
    return true;
}

/* issue 8: [config] libvirt_url follows the URI rules of base/hosturi.h;
 * the sysadm who writes qemu+tcp into the file has chosen it. */
static bool check_libvirt_url(const struct dosvmd_config *c, struct dv_error *err)
{
    struct dv_error why = {0};

    if (hosturi_check(c->libvirt_url, HOSTURI_TCP_CONFIRMED, "config.libvirt_url", NULL, &why))
        return true;
    dv_error_set(err, DV_ERR_INVALID, "config.libvirt_url", _("[config] libvirt_url: %s"), why.msg);
    return false;
}

static bool read_config(GKeyFile *kf, struct dosvmd_config *c, struct dv_error *err)
{
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        if (!read_key(kf, &keys[i], c, err))
            return false;
    }
    c->temp_image_save_path_set = g_key_file_has_key(kf, "config", "temp_image_save_path", NULL);
    return check_localhost(c, err) && check_ports(c, err) && check_ssl(c, err) &&
           check_libvirt_url(c, err);
}

/* Parse text, or the file at path when text is NULL; NULL with err on failure
 * (DV_ERR_IO when the file cannot be read, DV_ERR_INVALID on bad syntax). */
static GKeyFile *open_keyfile(const char *path, const char *text, GKeyFileFlags flags,
                              struct dv_error *err)
{
    GKeyFile *kf = g_key_file_new();
    GError *gerr = NULL;
    bool loaded = text ? g_key_file_load_from_data(kf, text, (gsize)-1, flags, &gerr)
                       : g_key_file_load_from_file(kf, path, flags, &gerr);

    if (loaded)
        return kf;
    if (gerr->domain == G_FILE_ERROR)
        dv_error_set(err, DV_ERR_IO, "", _("The configuration file %s cannot be read: %s."), path,
                     gerr->message);
    else
        dv_error_set(err, DV_ERR_INVALID, "", _("The configuration file cannot be parsed: %s."),
                     gerr->message);
    g_error_free(gerr);
    g_key_file_free(kf);
    return NULL;
}

static bool load(const char *path, const char *text, struct dosvmd_config *c, struct dv_error *err)
{
    GKeyFile *kf = open_keyfile(path, text, G_KEY_FILE_NONE, err);
    bool good;

    config_defaults(c);
    good = kf && read_config(kf, c, err);
    if (kf)
        g_key_file_free(kf);
    if (!good)
        config_clear(c);
    return good;
}

/* c is overwritten without freeing (see config_defaults); on success release
 * it with config_clear. */
bool config_load(const char *path, struct dosvmd_config *c, struct dv_error *err)
{
    return load(path, NULL, c, err);
}

bool config_load_data(const char *text, struct dosvmd_config *c, struct dv_error *err)
{
    return load(NULL, text ? text : "", c, err);
}

/* A value written back must keep the file one "key=value" line. */
static bool check_uuid(const char *uuid, struct dv_error *err)
{
    bool good = uuid && *uuid != '\0';

    for (const char *p = uuid; good && *p; p++)
        good = (unsigned char)*p >= 0x20 && *p != 0x7f;
    if (!good)
        dv_error_set(err, DV_ERR_INVALID, "config.host_uuid",
                     _("[config] host_uuid must be a non-empty UUID without control "
                       "characters."));
    return good;
}

/* One line of the file as GKeyFile reads it: blanks before it are skipped,
 * "[name]" starts a section, "#" a comment, "key = value" sets a key. */
struct conf_line {
    const char *start, *end; /* the line without its "\n" (nor a "\r" before it) */
    const char *text;        /* start after leading blanks */
};

static bool line_next(const char **p, struct conf_line *l)
{
    const char *nl;

    if (**p == '\0')
        return false;
    nl = strchr(*p, '\n');
    l->start = *p;
    l->end = nl ? nl : *p + strlen(*p);
    *p = nl ? nl + 1 : l->end;
    if (l->end > l->start && l->end[-1] == '\r')
        l->end--;
    l->text = l->start;
    while (l->text < l->end && g_ascii_isspace(*l->text))
        l->text++;
    return true;
}

/* The section a "[name]" line opens, or NULL when it is no section line. */
static char *line_section(const struct conf_line *l)
{
    const char *close;

    if (l->text >= l->end || *l->text != '[')
        return NULL;
    close = memchr(l->text, ']', (size_t)(l->end - l->text));
    return close ? g_strndup(l->text + 1, (size_t)(close - l->text - 1)) : NULL;
}

/* Whether the line sets key (or, with hashed, is "#key ..." commented out);
 * *value receives where its value starts (after "=" and the blanks). */
static bool line_sets(const struct conf_line *l, const char *key, bool hashed, const char **value)
{
    const char *p = l->text, *eq, *kend;
    size_t n = strlen(key);

    if (hashed) {
        if (p >= l->end || *p != '#')
            return false;
        p++;
        while (p < l->end && g_ascii_isspace(*p))
            p++;
    }
    if (p >= l->end || (!hashed && *p == '#'))
        return false;
    eq = memchr(p, '=', (size_t)(l->end - p));
    if (!eq)
        return false;
    kend = eq;
    while (kend > p && g_ascii_isspace(kend[-1]))
        kend--;
    if ((size_t)(kend - p) != n || strncmp(p, key, n) != 0)
        return false;
    for (*value = eq + 1; *value < l->end && (**value == ' ' || **value == '\t'); (*value)++)
        ;
    return true;
}

/* Where in text the new host_uuid goes: [*from, *to) is replaced by the
 * bytes of what (a new value, or a whole new line).  The last active
 * "host_uuid" of [config] (the one GKeyFile reads) has its value replaced;
 * without one a line is added after a "#host_uuid" comment of [config], else
 * after the section's last line that is not blank, else a [config] section
 * is added at the end of the file.  Every other byte stays. */
static char *uuid_edit(const char *text, const char *uuid)
{
    const char *p = text, *active = NULL, *active_end = NULL, *after_hash = NULL,
               *after_last = NULL, *value;
    const char *eol = strstr(text, "\r\n") ? "\r\n" : "\n";
    bool in_config = false, had_config = false;
    struct conf_line l;
    GString *out = g_string_new(NULL);

    while (line_next(&p, &l)) {
        char *sec = line_section(&l);

        if (sec) {
            in_config = strcmp(g_strstrip(sec), "config") == 0;
            had_config = had_config || in_config;
            if (in_config)
                after_last = p;
            g_free(sec);
            continue;
        }
        if (!in_config)
            continue;
        if (line_sets(&l, "host_uuid", false, &value)) {
            active = value;
            active_end = l.end;
        } else if (!after_hash && line_sets(&l, "host_uuid", true, &value)) {
            after_hash = p;
        }
        if (l.text < l.end)
            after_last = p;
    }
    if (active) {
        g_string_append_len(out, text, active - text);
        g_string_append(out, uuid);
        g_string_append(out, active_end);
    } else if (had_config) {
        const char *at = after_hash ? after_hash : after_last;

        g_string_append_len(out, text, at - text);
        if (at > text && at[-1] != '\n')
            g_string_append(out, eol);
        g_string_append_printf(out, "host_uuid = %s%s", uuid, eol);
        g_string_append(out, at);
    } else {
        g_string_append(out, text);
        if (out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append(out, eol);
        g_string_append_printf(out, "[config]%shost_uuid = %s%s", eol, uuid, eol);
    }
    return g_string_free(out, FALSE);
}

/* Replace path by data through a temporary file in the same directory, then
 * give it back mode (the umask may have narrowed it). */
static bool save_text(const char *data, const char *path, mode_t mode, struct dv_error *err)
{
    GError *gerr = NULL;
    int e;
    bool good = g_file_set_contents_full(path, data, (gssize)strlen(data),
                                         G_FILE_SET_CONTENTS_CONSISTENT, (int)mode, &gerr);

    if (!good) {
        dv_error_set(err, DV_ERR_IO, "config.host_uuid",
                     _("The configuration file %s cannot be written: %s."), path, gerr->message);
        g_error_free(gerr);
        return false;
    }
    if (chmod(path, mode) == 0)
        return true;
    e = errno;
    dv_error_set(err, DV_ERR_IO, "config.host_uuid",
                 _("The permissions of the configuration file %s cannot be restored: %s."), path,
                 g_strerror(e));
    return false;
}

/* The file is reached through symbolic links, so that a linked
 * /etc/dosvmd.conf stays a link; its permission bits are kept, its owner is
 * that of the writer.  Only the host_uuid line changes (dosvmd(8)): the
 * file is edited as text, and it must parse before and after. */
bool config_write_host_uuid(const char *path, const char *uuid, struct dv_error *err)
{
    char *real, *text = NULL, *edited = NULL, *check = NULL;
    struct stat st;
    GKeyFile *kf = NULL;
    GError *gerr = NULL;
    bool good = false;
    int e;

    if (!check_uuid(uuid, err))
        return false;
    real = realpath(path, NULL);
    if (!real || stat(real, &st) != 0) {
        e = errno;
        dv_error_set(err, DV_ERR_IO, "", _("The configuration file %s cannot be read: %s."), path,
                     g_strerror(e));
        goto cleanup;
    }
    if (!g_file_get_contents(real, &text, NULL, &gerr)) {
        dv_error_set(err, DV_ERR_IO, "", _("The configuration file %s cannot be read: %s."), path,
                     gerr->message);
        g_error_free(gerr);
        goto cleanup;
    }
    kf = open_keyfile(real, text, G_KEY_FILE_NONE, err);
    if (!kf)
        goto cleanup;
    g_key_file_free(kf);
    edited = uuid_edit(text, uuid);
    kf = open_keyfile(real, edited, G_KEY_FILE_NONE, err);
    if (!kf)
        goto cleanup;
    check = g_key_file_get_value(kf, "config", "host_uuid", NULL);
    if (!check || strcmp(g_strstrip(check), uuid) != 0) {
        dv_error_set(err, DV_ERR_INVALID, "config.host_uuid",
                     _("The configuration file %s cannot take host_uuid: its [config] section "
                       "cannot be edited line by line."),
                     path);
        goto cleanup;
    }
    good = save_text(edited, real, st.st_mode & 07777, err);
cleanup:
    if (kf)
        g_key_file_free(kf);
    g_free(check);
    g_free(edited);
    g_free(text);
    free(real);
    return good;
}
