/* golden.h - the golden files of the XML builder tests (a helper, not a test):
 * golden("pool-dir.xml") is the text of tests/data/pool-dir.xml under
 * $top_srcdir (g_free it), or NULL after a TAP comment saying why. */
#ifndef DV_GOLDEN_H
#define DV_GOLDEN_H

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

static inline char *golden(const char *name)
{
    const char *top = getenv("top_srcdir");
    char *path = g_strdup_printf("%s/tests/data/%s", top ? top : "..", name), *text = NULL;
    GError *e = NULL;

    if (!g_file_get_contents(path, &text, NULL, &e)) {
        printf("# %s: %s\n", path, e->message);
        g_error_free(e);
    }
    g_free(path);
    return text;
}

#endif
