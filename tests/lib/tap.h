/* tap.h - a tiny TAP producer for the C tests (automake's tap-driver reads it).
 *
 *   ok(cond, "description %d", n);   is_str(got, want, "desc");   is_int(got, want, "desc");
 *   return tap_done();               -- prints the plan, exits 1 if anything failed */
#ifndef DV_TAP_H
#define DV_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    tap_count++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed++;
        printf("#   failed at %s:%d\n", file, line);
    }
    fflush(stdout);
    return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                 \
    do {                                                                                       \
        long long g_ = (long long)(got), w_ = (long long)(want);                               \
        if (!ok(g_ == w_, __VA_ARGS__))                                                        \
            printf("#   got %lld, want %lld\n", g_, w_);                                       \
    } while (0)
#define is_str(got, want, ...)                                                                 \
    do {                                                                                       \
        const char *g_ = (got), *w_ = (want);                                                  \
        if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__))                                 \
            printf("#   got '%s', want '%s'\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)");      \
    } while (0)

static inline int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
