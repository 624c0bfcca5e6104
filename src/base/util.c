/* util.c - time, client address and text helpers of the core */
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int64_t dv_now(void)
{
    const char *fake = getenv("DOSVM_NOW");

    if (fake && *fake)
        return g_ascii_strtoll(fake, NULL, 10);
    return (int64_t)time(NULL);
}

char *dv_format_time(int64_t t, char buf[DV_TIME_LEN])
{
    time_t tt = (time_t)t;
    struct tm tm;

    localtime_r(&tt, &tm);
    strftime(buf, DV_TIME_LEN, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

/* Parse "HH:MM" or "HH:MM:SS" (nothing after it but blanks). */
/* Parse "HH:MM" or "HH:MM:SS" (nothing after it but blanks). */
static bool parse_clock(const char *s, int *h, int *mi, int *sec)
{
    int used = 0, more = 0;

    if (sscanf(s, "%2d:%2d%n", h, mi, &used) != 2)
        return false;
    s += used;
    if (*s == ':') {
        if (sscanf(s, ":%2d%n", sec, &more) != 1)
            return false;
        s += more;
    }
    return s[strspn(s, " ")] == '\0';
}

bool dv_parse_time(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, used = 0;
    struct tm tm = {0};

    if (!s)
        return false;
    while (*s == ' ')
        s++;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &used) != 3)
        return false;
    s += used;
    if (*s == ' ' && s[strspn(s, " ")] != '\0') {
        if (!parse_clock(s + strspn(s, " "), &h, &mi, &sec))
            return false;
    } else if (s[strspn(s, " ")] != '\0') {
        return false; /* a time must be separated from the date by a blank */
    }
    if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
        mi > 59 || sec < 0 || sec > 59)
        return false;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    tm.tm_isdst = -1;
    *out = (int64_t)mktime(&tm);
    /* mktime normalises 31 February into March: refuse such dates */
    return tm.tm_mday == d && tm.tm_mon == mo - 1;
}

static bool first_word(const char *env, char *buf, size_t len)
{
    const char *v = getenv(env);
    size_t n;

    if (!v || !*v)
        return false;
    n = strcspn(v, " ");
    if (n == 0 || n >= len)
        return false;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return true;
}

const char *dv_client_address(char *buf, size_t len)
{
    const char *tty;

    if (first_word("SSH_CONNECTION", buf, len) || first_word("SSH_CLIENT", buf, len))
        return buf;
    tty = ttyname(STDIN_FILENO);
    g_strlcpy(buf, tty ? tty : "local", len);
    return buf;
}

char *dv_strtrim(const char *s)
{
    return g_strstrip(g_strdup(s ? s : ""));
}

long dv_strlen_chars(const char *s)
{
    if (!s)
        return 0;
    if (!g_utf8_validate(s, -1, NULL))
        return (long)strlen(s);
    return g_utf8_strlen(s, -1);
}

bool dv_in_build_tree(void)
{
#ifdef DV_ABS_BUILDDIR
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *top = realpath(DV_ABS_BUILDDIR, NULL);
    bool in = exe && top && g_str_has_prefix(exe, top) && exe[strlen(top)] == '/';

    g_free(exe);
    free(top);
    return in;
#else
    return false;
#endif
}

/* $var when set, else under in the build tree, else the installed dir */
static char *tree_dir(const char *var, const char *tree, const char *sub, const char *installed)
{
    const char *env = getenv(var);

    if (env && *env)
        return g_strdup(env);
    if (tree && dv_in_build_tree())
        return g_build_filename(tree, sub, NULL);
    return g_strdup(installed);
}

#ifndef DV_ABS_SRCDIR
#define DV_ABS_SRCDIR NULL
#endif
#ifndef DV_ABS_BUILDDIR
#define DV_ABS_BUILDDIR NULL
#endif

char *dv_data_dir(void)
{
    return tree_dir("DOSVM_DATADIR", DV_ABS_SRCDIR, "data", PKGDATADIR);
}

char *dv_locale_dir(void)
{
    return tree_dir("DOSVM_LOCALEDIR", DV_ABS_BUILDDIR, "locale", LOCALEDIR);
}

static bool setgid_dir(const char *dir)
{
    struct stat st;

    return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & S_ISGID);
}

mode_t dv_private_mode(const char *path, bool group_write)
{
    char *dir = g_path_get_dirname(path);
    mode_t mode = setgid_dir(dir) ? (group_write ? 0660 : 0640) : 0600;

    g_free(dir);
    return mode;
}

bool dv_shared_dir_usable(const char *dir)
{
    return setgid_dir(dir) && access(dir, W_OK | X_OK) == 0;
}
