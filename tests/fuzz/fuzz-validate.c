/* fuzz-validate.c - libFuzzer target: every validator of src/base/validate.h,
 * issue 8 point 10.  The input is the value (and, for validate_same, its
 * second half the first password).  Beside not crashing it checks the rule
 * every text validator shares: what passes is valid UTF-8 without C0/C1
 * control characters or ESC, and a refusal names the field.  Built and run
 * by `make fuzz`. */
#include "base/validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An independent reading of the text rule. */
static bool clean_text(const char *v)
{
    if (!g_utf8_validate(v, -1, NULL))
        return false;
    for (const char *p = v; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
            return false;
    }
    return true;
}

/* A verdict: passing needs clean text (when must_be_clean); a refusal sets
 * the code and names the field. */
static void verdict(bool ok, const struct dv_error *err, const char *v, bool must_be_clean)
{
    if (ok && must_be_clean && !clean_text(v))
        abort();
    if (!ok && (err->code != DV_ERR_INVALID || strcmp(err->field, "f") != 0 || !err->msg[0]))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *v = g_strndup((const char *)data, size), *first = g_strndup(v, strlen(v) / 2);
    struct dv_error e;
    long n = 0;
    bool ok;

#define RUN(call, clean)                                                                           \
    do {                                                                                           \
        memset(&e, 0, sizeof(e));                                                                  \
        ok = (call);                                                                               \
        verdict(ok, &e, v, clean);                                                                 \
    } while (0)

    RUN(validate_text("f", "L", v, &e), true);
    RUN(validate_required("f", "L", v, &e), true);
    RUN(validate_length("f", "L", v, 0, 64, &e), true);
    RUN(validate_length("f", "L", v, 1, DV_DESC_MAX, &e), true);
    RUN(validate_account("f", "L", v, &e), true);
    RUN(validate_cn_name("f", "L", v, &e), true);
    RUN(validate_usage_id("f", "L", v, DV_TEXT_MAX, &e), true);
    RUN(validate_count("f", "L", v, 1000000, &n, &e), true);
    if (ok && (n < 0 || n > 1000000))
        abort();
    RUN(validate_email("f", "L", v, &e), true);
    RUN(validate_password("f", "L", v, &e), true);
    RUN(validate_same("f", "L", v, first, &e), false);
    RUN(validate_int_range("f", "L", v, -100, 100, &n, &e), true);
    if (ok && (n < -100 || n > 100))
        abort();
    RUN(validate_int_range("f", "L", v, LONG_MIN, LONG_MAX, &n, &e), true);
    RUN(validate_ipv4("f", "L", v, &e), true);
    RUN(validate_abs_path("f", "L", v, DV_PATH_MAX, &e), true);
    if (ok && v[0] != '/')
        abort();
    RUN(validate_cert_path("f", "L", v, &e), true);
#undef RUN
    g_free(first);
    g_free(v);
    return 0;
}
