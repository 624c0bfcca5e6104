/* fuzz-size.c - libFuzzer target: the strict number and size parser
 * (dv_num_parse, dv_size_parse), issue 8 point 10.  The first byte chooses
 * the flags and the factor; the rest is the text.  Beside not crashing it
 * checks what the parser promises: a number it accepts is only ASCII digits,
 * at most one '.' and a leading '-' where allowed, lies within max, and agrees
 * with a plain decimal reading.  Built and run by `make fuzz`. */
#include "base/validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct dv_unit units[] = {{"B", 1},           {"K", 1024},
                                       {"KB", 1000},       {"M", 1LL << 20},
                                       {"MB", 1000000},    {"G", 1LL << 30},
                                       {"GiB", 1LL << 30}, {"T", 1LL << 40},
                                       {"E", 1LL << 60},   {"EiB", 1LL << 60}};

/* s has only the characters an accepted number may have */
static void check_shape(const char *s, bool decimals, bool negative)
{
    int dots = 0;

    if (*s == '-') {
        if (!negative)
            abort();
        s++;
    }
    if (!(*s >= '0' && *s <= '9'))
        abort();
    for (; *s; s++) {
        if (*s == '.')
            dots++;
        else if (!(*s >= '0' && *s <= '9'))
            abort();
    }
    if (dots > (decimals ? 1 : 0))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int64_t factors[] = {1, 10, 1000, 1024, 1LL << 20, 1LL << 30, 1LL << 40,
                                      1LL << 60};
    static const int64_t maxes[] = {0, 1, 100, 65535, INT32_MAX, 9000000000000000000LL,
                                    INT64_MAX};
    uint8_t flags;
    bool decimals, negative;
    int64_t factor, max, out = 0;
    char *s;
    enum dv_num_rc rc;

    if (size < 1)
        return 0;
    flags = data[0];
    decimals = flags & 1;
    negative = flags & 2;
    factor = factors[(flags >> 2) & 7];
    max = maxes[(flags >> 5) % G_N_ELEMENTS(maxes)];
    s = g_strndup((const char *)data + 1, size - 1);

    rc = dv_num_parse(s, decimals, negative, factor, max, &out);
    if (rc == DV_NUM_OK) {
        check_shape(s, decimals, negative);
        if (out > max || out < -max)
            abort();
        if (factor == 1 && !decimals) {
            /* the plain decimal reading agrees (no hex, no exponent, same value) */
            gint64 ref = 0;

            if (!g_ascii_string_to_signed(s, 10, G_MININT64, G_MAXINT64, &ref, NULL) ||
                ref != out)
                abort();
        }
    } else if (rc != DV_NUM_SYNTAX && rc != DV_NUM_RANGE) {
        abort();
    }

    out = 0;
    rc = dv_size_parse(s, units, G_N_ELEMENTS(units), max, &out);
    if (rc == DV_NUM_OK && (out < 0 || out > max))
        abort();
    g_free(s);
    return 0;
}
