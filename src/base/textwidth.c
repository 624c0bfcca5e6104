/* textwidth.c - display width of UTF-8 text */
#define _XOPEN_SOURCE 700
#include "base/textwidth.h"

#include <string.h>
#include <wchar.h>
#include <glib.h>

static int char_width(gunichar c)
{
    int w = wcwidth((wchar_t)c);

    if (w >= 0)
        return w;
    /* the C locale knows no wide characters: ask GLib's Unicode tables */
    if (g_unichar_iszerowidth(c) || !g_unichar_isprint(c))
        return 0;
    return g_unichar_iswide(c) ? 2 : 1;
}

size_t tw_fit(const char *s, int cols, int *used)
{
    const char *p = s;
    int w = 0;

    while (p && *p) {
        gunichar c = g_utf8_get_char_validated(p, -1);
        int cw = (c == (gunichar)-1 || c == (gunichar)-2) ? 1 : char_width(c);
        const char *next = (c == (gunichar)-1 || c == (gunichar)-2) ? p + 1 : g_utf8_next_char(p);

        if (w + cw > cols)
            break;
        w += cw;
        p = next;
    }
    if (used)
        *used = w;
    return p ? (size_t)(p - s) : 0;
}

int tw_width(const char *s)
{
    int w;

    tw_fit(s, 1 << 30, &w);
    return w;
}

/* Bytes of the next line of p within cols cells, preferring a break after a blank. */
static size_t line_bytes(const char *p, int cols)
{
    size_t n = tw_fit(p, cols, NULL), nl = strcspn(p, "\n");
    const char *blank = NULL;

    if (nl <= n)
        return nl;
    if (p[n] == ' ' || p[n] == '\0')
        return n;
    for (const char *q = p; q < p + n; q++)
        if (*q == ' ')
            blank = q;
    if (blank && blank > p)
        return (size_t)(blank - p);
    return n > 0 ? n : (size_t)(g_utf8_next_char(p) - p);
}

char **tw_wrap(const char *s, int cols)
{
    GPtrArray *lines = g_ptr_array_new();
    const char *p = s ? s : "";

    if (cols < 2)
        cols = 2;
    do {
        size_t n = line_bytes(p, cols);

        g_ptr_array_add(lines, g_strndup(p, n));
        p += n;
        if (*p == '\n') {
            p++;
        } else {
            /* a break for width: drop the blanks there, and one newline after them */
            p += strspn(p, " ");
            if (*p == '\n')
                p++;
        }
    } while (*p);
    g_ptr_array_add(lines, NULL);
    return (char **)g_ptr_array_free(lines, FALSE);
}
