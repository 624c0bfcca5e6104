/* textwidth.h - display width of UTF-8 text (a Chinese character is two
 * terminal cells wide).  Pure functions, used by the console's layout. */
#ifndef DV_TEXTWIDTH_H
#define DV_TEXTWIDTH_H

#include <stddef.h>

/* Terminal cells needed to show the UTF-8 string s (non-printables count 0). */
int tw_width(const char *s);

/* Number of bytes of s that fit in cols cells without cutting a character;
 * *used receives the cells they take (may be NULL). */
size_t tw_fit(const char *s, int cols, int *used);



/* Split s into lines of at most cols cells, breaking at '\n', at blanks
 * where possible and anywhere between wide characters; g_strfreev it. */
char **tw_wrap(const char *s, int cols);
#endif
