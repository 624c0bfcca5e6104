/* validate.c - field validators shared by every form and core operation */
#include "base/validate.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

bool validate_text(const char *key, const char *label, const char *v, struct dv_error *err)
{
    if (!v)
        return true;
    /* g_utf8_validate refuses overlong forms, surrogates and code points
     * above U+10FFFF (tests/base/test-validate.c proves it) */
    if (!g_utf8_validate(v, -1, NULL)) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is not valid UTF-8 text."), label);
        return false;
    }
    for (const char *p = v; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c == 0x1b || c == 0x9b) { /* ESC, CSI */
            dv_error_set(err, DV_ERR_INVALID, key,
                         _("%s contains an escape sequence, which is not allowed."), label);
            return false;
        }
        if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            dv_error_set(err, DV_ERR_INVALID, key,
                         _("%s contains a control character, which is not allowed."), label);
            return false;
        }
    }
    return true;
}

enum dv_num_rc dv_num_parse(const char *s, bool decimals, bool negative, int64_t factor,
                            int64_t max, int64_t *out)
{
    const char *p = s;
    bool neg = false, range = false;
    uint64_t whole = 0, v = 0, f;
    long double frac = 0, scale = 1;
    int nd = 0, nf = 0;

    if (!s || factor <= 0 || max < 0)
        return DV_NUM_SYNTAX;
    if (*p == '-' && negative) {
        neg = true;
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++, nd++)
        if (!range && (__builtin_mul_overflow(whole, 10u, &whole) ||
                       __builtin_add_overflow(whole, (uint64_t)(*p - '0'), &whole)))
            range = true;
    if (*p == '.' && decimals && nd > 0) {
        for (p++; *p >= '0' && *p <= '9'; p++, nf++) {
            scale /= 10;
            frac += (*p - '0') * scale;
        }
        if (nf == 0)
            return DV_NUM_SYNTAX;
    }
    if (nd == 0 || *p)
        return DV_NUM_SYNTAX;
    if (range || __builtin_mul_overflow(whole, (uint64_t)factor, &v))
        return DV_NUM_RANGE;
    f = (uint64_t)(frac * (long double)factor + 0.5L); /* frac < 1: no overflow */
    if (__builtin_add_overflow(v, f, &v) || v > (uint64_t)max)
        return DV_NUM_RANGE;
    if (out)
        *out = neg ? -(int64_t)v : (int64_t)v;
    return DV_NUM_OK;
}

enum dv_num_rc dv_size_parse(const char *s, const struct dv_unit *units, size_t n_units,
                             int64_t max, int64_t *out)
{
    const char *u;
    char *num;
    int64_t factor = 1;
    enum dv_num_rc rc;

    if (!s)
        return DV_NUM_SYNTAX;
    for (u = s; (*u >= '0' && *u <= '9') || *u == '.'; u++)
        ;
    if (*u) {
        size_t i;

        for (i = 0; i < n_units && g_strcmp0(u, units[i].unit) != 0; i++)
            ;
        if (i == n_units)
            return DV_NUM_SYNTAX;
        factor = units[i].factor;
    }
    num = g_strndup(s, (gsize)(u - s));
    rc = dv_num_parse(num, true, false, factor, max, out);
    g_free(num);
    return rc;
}

bool validate_required(const char *key, const char *label, const char *v, struct dv_error *err)
{
    char *t;
    bool ok;

    if (!validate_text(key, label, v, err))
        return false;
    t = dv_strtrim(v);
    ok = *t != '\0';
    g_free(t);
    if (!ok)
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
    return ok;
}

bool validate_length(const char *key, const char *label, const char *v, long min, long max,
                     struct dv_error *err)
{
    long n;

    if (!validate_text(key, label, v, err))
        return false;
    n = dv_strlen_chars(v);
    if (n >= min && n <= max)
        return true;
    if (min <= 1 && n == 0)
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
    else
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be %ld to %ld characters long."), label,
                     min, max);
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
    if (!validate_text(key, label, v, err))
        return false;
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
    long n;

    if (!validate_text(key, label, v, err))
        return false;
    n = dv_strlen_chars(v);
    if (n == 0) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), label);
        return false;
    }
    if (n > DV_PASSWORD_MAX) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be at most %d characters long."), label,
                     DV_PASSWORD_MAX);
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
    char *t;
    int64_t n = 0;
    enum dv_num_rc rc;

    if (!validate_text(key, label, v, err))
        return false;
    t = dv_strtrim(v); /* forms hand the text as typed: blanks around it are trimmed by design */
    rc = dv_num_parse(t, false, true, 1, INT64_MAX, &n); /* "-1" of 1-10: out of range */
    g_free(t);
    if (rc == DV_NUM_SYNTAX) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be a whole number."), label);
        return false;
    }
    if (rc != DV_NUM_OK || n < min || n > max) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s must be between %ld and %ld."), label, min,
                     max);
        return false;
    }
    if (out)
        *out = (long)n;
    return true;
}

bool validate_ipv4(const char *key, const char *label, const char *v, struct dv_error *err)
{
    struct in_addr a;

    if (!validate_text(key, label, v, err))
        return false;
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
