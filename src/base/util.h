/* util.h - time, client address and text helpers of the core */
#ifndef DV_UTIL_H
#define DV_UTIL_H

#include "base/dv.h"

#include <sys/types.h>

#define DV_TIME_LEN 20 /* "YYYY-MM-DD HH:MM:SS" + NUL */

/* The shared database directory of root and of the group that owns it (the
 * Debian package's group dosvm, README.Debian). */
#define DV_SHARED_DB_DIR "/var/lib/dosvm"

/* The mode of a private file at path: 0600, or with the group's access (0660,
 * 0640 without group_write) when the file's directory is set-group-ID, a
 * directory shared with its group such as DV_SHARED_DB_DIR. */
mode_t dv_private_mode(const char *path, bool group_write);

/* Whether dir is a set-group-ID directory this process may create files in. */
bool dv_shared_dir_usable(const char *dir);

/* Seconds since the epoch; DOSVM_NOW (seconds) overrides it for tests. */
int64_t dv_now(void);

/* Format t as local "YYYY-MM-DD HH:MM:SS" into buf; returns buf. */
char *dv_format_time(int64_t t, char buf[DV_TIME_LEN]);

/* Parse local "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS"
 * (missing parts are 00); false when s is not such a valid time. */
bool dv_parse_time(const char *s, int64_t *out);

/* The client address for logs (DECISIONS D10): the peer of SSH_CONNECTION or
 * SSH_CLIENT, else the terminal's name, else "local". */
const char *dv_client_address(char *buf, size_t len);

/* Copy s with leading and trailing blanks removed (g_free the result). */
char *dv_strtrim(const char *s);

/* Number of characters (code points) of a UTF-8 string. */
long dv_strlen_chars(const char *s);

/* Whether the running program is one of a build tree (its executable lies
 * below the tree's top build directory, compiled in as DV_ABS_BUILDDIR). */
bool dv_in_build_tree(void);

/* Where the data files (demo/hostN.xml) are: $DOSVM_DATADIR, else the
 * source tree's data/ for a program of the build tree, else the installed
 * PKGDATADIR; g_free it. */
char *dv_data_dir(void);

/* Where the message catalogues are: $DOSVM_LOCALEDIR, else the build tree's
 * locale/ for a program of the build tree, else the installed LOCALEDIR;
 * g_free it. */
char *dv_locale_dir(void);

#endif
