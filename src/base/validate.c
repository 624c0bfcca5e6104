/* validate.c - field validators shared by every form and core operation */
#include "base/validate.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

bool validate_required(const char *key, const char *label, const char *v, struct dv_error *err)
{
    char *t = dv_strtrim(v);
    bool ok = *t != '\0';

    g_free(t);
    if (!ok)
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
    return ok;
}

bool validate_length(const char *key, const char *label, const char *v, long min, long max,
                     struct dv_error *err)
{
    long n = dv_strlen_chars(v);

    if (n >= min && n <= max)
        return true;
    if (min <= 1 && n == 0)
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
    else
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be %ld to %ld characters long."),
                     label, min, max);
    return false;
}

static bool all_chars_in(const char *v, const char *extra, bool allow_han)
{
    for (const char *p = v; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c < 128 && (g_ascii_isalnum((char)c) || strchr(extra, (int)c)))
            continue;
        if (allow_han && g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN)
            continue;
        return false;
    }
    return true;
}

bool validate_account(const char *key, const char *label, const char *v, struct dv_error *err)
{
    if (!validate_length(key, label, v, 1, 64, err))
        return false;
    if (all_chars_in(v, "-_.", false))
        return true;
    dv_error_set(err, DV_ERR_INVALID, key,
                 _("%s may contain only letters, digits, '-', '_' and '.'."), label);
    return false;
}

bool validate_cn_name(const char *key, const char *label, const char *v, struct dv_error *err)
{
    if (!validate_required(key, label, v, err) || !validate_length(key, label, v, 1, 64, err))
        return false;
    if (all_chars_in(v, "-_.", true))
        return true;
    dv_error_set(err, DV_ERR_INVALID, key,
                 _("%s may contain only letters, digits, Chinese characters, '-', '_' and '.'."),
                 label);
    return false;
}

bool validate_usage_id(const char *key, const char *label, const char *v, long max,
                       struct dv_error *err)
{
    if (!validate_length(key, label, v, 1, max, err))
        return false;
    if (all_chars_in(v, "-._/:", false)) /* ':' because every iSCSI IQN has one */
        return true;
    dv_error_set(err, DV_ERR_INVALID, key,
                 _("%s may contain only letters, digits, '-', '.', '_', '/' and ':'."), label);
    return false;
}

bool validate_count(const char *key, const char *label, const char *v, long max, long *out,
                    struct dv_error *err)
{
    return validate_int_range(key, label, v, 0, max, out, err);
}

bool validate_email(const char *key, const char *label, const char *v, struct dv_error *err)
{
    const char *at;

    if (!v || !*v)
        return true;
    at = strchr(v, '@');
    if (at && at != v && at[1] && !strchr(at + 1, '@') && !strpbrk(v, " \t") &&
        dv_strlen_chars(v) <= 128)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be an address like name@example.com."),
                 label);
    return false;
}

bool validate_password(const char *key, const char *label, const char *v, struct dv_error *err)
{
    long n = dv_strlen_chars(v);

    if (n == 0) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    if (n > DV_PASSWORD_MAX) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be at most %d characters long."),
                     label, DV_PASSWORD_MAX);
        return false;
    }
    return true;
}

bool validate_same(const char *key, const char *label, const char *v, const char *first,
                   struct dv_error *err)
{
    if (g_strcmp0(v ? v : "", first ? first : "") == 0)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s does not match: the two passwords differ."),
                 label);
    return false;
}

bool validate_int_range(const char *key, const char *label, const char *v, long min, long max,
                        long *out, struct dv_error *err)
{
    char *t = dv_strtrim(v), *end = NULL;
    long n = 0;
    bool ok = *t && (g_ascii_isdigit(*t) || (*t == '-' && g_ascii_isdigit(t[1])));

    if (ok) {
        n = strtol(t, &end, 10);
        ok = *end == '\0';
    }
    g_free(t);
    if (!ok) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a whole number."), label);
        return false;
    }
    if (n < min || n > max) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be between %ld and %ld."), label, min,
                     max);
        return false;
    }
    if (out)
        *out = n;
    return true;
}

bool validate_ipv4(const char *key, const char *label, const char *v, struct dv_error *err)
{
    struct in_addr a;

    if (v && inet_pton(AF_INET, v, &a) == 1)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be an IPv4 address such as 192.168.2.189."),
                 label);
    return false;
}

bool validate_abs_path(const char *key, const char *label, const char *v, long max,
                       struct dv_error *err)
{
    if (!validate_length(key, label, v, 1, max, err))
        return false;
    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < 0x20) {
            dv_error_set(err, DV_ERR_INVALID, key, _("%s contains a control character."), label);
            return false;
        }
    }
    if (v[0] == '/')
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s must be an absolute path (starting with '/')."),
                 label);
    return false;
}

bool validate_cert_path(const char *key, const char *label, const char *v, struct dv_error *err)
{
    if (!validate_length(key, label, v, 1, 128, err))
        return false;
    if (all_chars_in(v, "-._/:\\", true))
        return true;
    dv_error_set(err, DV_ERR_INVALID, key,
                 _("%s may contain only Chinese characters, letters, digits, '-', '.', '_', "
                   "'/', ':' and '\\'."),
                 label);
    return false;
}
