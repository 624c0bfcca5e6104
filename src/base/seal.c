/* seal.c - sealing secrets at rest with libsodium crypto_secretbox */
#include "base/seal.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>

G_STATIC_ASSERT(SEAL_KEY_BYTES == crypto_secretbox_KEYBYTES);

/* Read the key of the opened file; false (err set only when damaged_err) when
 * it is not exactly SEAL_KEY_BYTES long. */
static bool read_key(int fd, const char *path, unsigned char key[SEAL_KEY_BYTES], bool damaged_err,
                     struct dv_error *err)
{
    struct stat st;
    ssize_t n = -1;

    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == SEAL_KEY_BYTES)
        n = read(fd, key, SEAL_KEY_BYTES);
    close(fd);
    if (n == SEAL_KEY_BYTES)
        return true;
    if (damaged_err)
        dv_error_set(err, DV_ERR_IO, NULL,
                     _("The key file '%s' is damaged and sealed values exist in the database: "
                       "restore the key file from a backup; a new key cannot open them."),
                     path);
    return false;
}

static bool fsync_dir_of(const char *path)
{
    char *dir = g_path_get_dirname(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    bool ok = fd >= 0 && fsync(fd) == 0;

    if (fd >= 0)
        close(fd);
    g_free(dir);
    return ok;
}

/* Create the key file by a temporary file, fsync and link (or rename over a
 * damaged one); when another process created it first, read theirs. */
static bool create_key(const char *path, bool replace, unsigned char key[SEAL_KEY_BYTES],
                       struct dv_error *err)
{
    char *tmp = g_strconcat(path, ".tmp-XXXXXX", NULL);
    /* readable by the group of a shared directory (util.h), never written */
    mode_t mode = dv_private_mode(path, false);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600), e = 0;
    bool ok, placed = false;

    if (fd < 0) {
        e = errno;
        goto fail;
    }
    crypto_secretbox_keygen(key);
    ok =
        fchmod(fd, mode) == 0 && write(fd, key, SEAL_KEY_BYTES) == SEAL_KEY_BYTES && fsync(fd) == 0;
    e = errno;
    ok = close(fd) == 0 && ok;
    if (!ok)
        goto fail;
    if (g_strcmp0(getenv("DOSVM_TEST_SEAL_KILL_BEFORE_RENAME"), "1") == 0)
        _exit(99); /* tests: a kill between writing and renaming */
    if (!replace && link(tmp, path) == 0) {
        placed = true;
    } else if (!replace && errno == EEXIST) {
        unlink(tmp);
        g_free(tmp);
        explicit_bzero(key, SEAL_KEY_BYTES);
        fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0 && read_key(fd, path, key, true, err))
            return true;
        if (fd < 0)
            dv_error_set(err, DV_ERR_IO, NULL, _("Cannot read the key file '%s': %s."), path,
                         g_strerror(errno));
        return false;
    }
    if (!placed && rename(tmp, path) != 0) {
        e = errno;
        goto fail;
    }
    if (placed)
        unlink(tmp);
    g_free(tmp);
    if (!fsync_dir_of(path)) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot write the key file '%s': %s."), path,
                     g_strerror(errno));
        return false;
    }
    return true;
fail:
    if (fd >= 0 || g_file_test(tmp, G_FILE_TEST_EXISTS))
        unlink(tmp);
    g_free(tmp);
    explicit_bzero(key, SEAL_KEY_BYTES);
    dv_error_set(err, DV_ERR_IO, NULL, _("Cannot write the key file '%s': %s."), path,
                 g_strerror(e ? e : EIO));
    return false;
}

/* A temporary key file older than this was left by a process killed while
 * it wrote the key (a write takes microseconds). */
#define SEAL_TMP_STALE_S 60

/* Remove the temporary key files of path ("<path>.tmp-XXXXXX") that such
 * killed processes left behind; they hold keys that never sealed anything. */
static void remove_stale_tmps(const char *path)
{
    char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
    char *prefix = g_strconcat(base, ".tmp-", NULL);
    size_t plen = strlen(prefix);
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *e;
    time_t now = time(NULL);

    while (d && (e = g_dir_read_name(d))) {
        char *p;
        struct stat st;

        if (strncmp(e, prefix, plen) != 0 || strlen(e) != plen + 6)
            continue;
        p = g_build_filename(dir, e, NULL);
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            st.st_mtime < now - SEAL_TMP_STALE_S)
            unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_free(prefix);
    g_free(base);
    g_free(dir);
}

bool seal_key_load(const char *path, bool may_create, unsigned char key[SEAL_KEY_BYTES],
                   struct dv_error *err)
{
    int fd;

    if (sodium_init() < 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("libsodium cannot be initialised."));
        return false;
    }
    remove_stale_tmps(path);
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0 && errno == ENOENT) {
        if (may_create)
            return create_key(path, false, key, err);
        dv_error_set(err, DV_ERR_IO, NULL,
                     _("The key file '%s' is missing and sealed values exist in the database: "
                       "restore the key file from a backup; a new key cannot open them."),
                     path);
        return false;
    }
    if (fd < 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot read the key file '%s': %s."), path,
                     g_strerror(errno));
        return false;
    }
    if (read_key(fd, path, key, !may_create, err))
        return true;
    return may_create && create_key(path, true, key, err); /* damaged, nothing sealed yet */
}

char *seal_seal(const unsigned char key[SEAL_KEY_BYTES], const void *plain, size_t len,
                struct dv_error *err)
{
    size_t total = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
    unsigned char *buf = g_malloc(total);
    char *out;

    if (sodium_init() < 0) {
        g_free(buf);
        dv_error_set(err, DV_ERR_IO, NULL, _("libsodium cannot be initialised."));
        return NULL;
    }
    randombytes_buf(buf, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(buf + crypto_secretbox_NONCEBYTES, plain, len, buf, key);
    out = g_base64_encode(buf, total);
    g_free(buf);
    return out;
}

char *seal_open(const unsigned char key[SEAL_KEY_BYTES], const char *sealed, size_t *len,
                struct dv_error *err)
{
    gsize n = 0;
    unsigned char *buf = g_base64_decode(sealed ? sealed : "", &n);
    char *plain = NULL;
    size_t plen;

    if (n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
        goto bad;
    plen = n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
    plain = g_malloc0(plen + 1);
    if (crypto_secretbox_open_easy((unsigned char *)plain, buf + crypto_secretbox_NONCEBYTES,
                                   n - crypto_secretbox_NONCEBYTES, buf, key) != 0)
        goto bad;
    if (len)
        *len = plen;
    g_free(buf);
    return plain;
bad:
    g_free(plain);
    g_free(buf);
    dv_error_set(err, DV_ERR_IO, NULL, _("A sealed value cannot be opened with this key."));
    return NULL;
}
