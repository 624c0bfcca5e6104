/* error.c - filling struct dv_error */
#include "base/dv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void dv_error_set(struct dv_error *err, enum dv_status code, const char *field, const char *fmt,
                  ...)
{
    va_list ap;

    if (!err)
        return;
    err->code = code;
    g_strlcpy(err->field, field ? field : "", sizeof(err->field));
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
}

void dv_error_clear(struct dv_error *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}
