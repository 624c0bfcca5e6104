/* seal.c - sealing secrets at rest with libsodium crypto_secretbox */
#include "base/seal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sodium.h>

G_STATIC_ASSERT(SEAL_KEY_BYTES == crypto_secretbox_KEYBYTES);

static bool read_key(int fd, const char *path, unsigned char key[SEAL_KEY_BYTES],
                     struct dv_error *err)
{
    ssize_t n = read(fd, key, SEAL_KEY_BYTES);

    close(fd);
    if (n == SEAL_KEY_BYTES)
        return true;
    dv_error_set(err, DV_ERR_IO, NULL, _("The key file '%s' is damaged."), path);
    return false;
}

/* Create the key file; when another process created it first, read theirs. */
static bool create_key(const char *path, unsigned char key[SEAL_KEY_BYTES], struct dv_error *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool ok;

    if (fd < 0 && errno == EEXIST && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
        return read_key(fd, path, key, err);
    if (fd < 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot write the key file '%s': %s."), path,
                     g_strerror(errno));
        return false;
    }
    crypto_secretbox_keygen(key);
    ok = write(fd, key, SEAL_KEY_BYTES) == SEAL_KEY_BYTES;
    ok = close(fd) == 0 && ok;
    if (!ok)
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot write the key file '%s': %s."), path,
                     g_strerror(errno));
    return ok;
}

bool seal_key_load(const char *path, unsigned char key[SEAL_KEY_BYTES], struct dv_error *err)
{
    int fd;

    if (sodium_init() < 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("libsodium cannot be initialised."));
        return false;
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return create_key(path, key, err);
    if (fd < 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot read the key file '%s': %s."), path,
                     g_strerror(errno));
        return false;
    }
    return read_key(fd, path, key, err);
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
