/* auth.c - password hashing with yescrypt through libcrypt */
#include "base/auth.h"

#include <crypt.h>
#include <string.h>
#include <sodium.h>

char *auth_hash(const char *password, struct dv_error *err)
{
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    struct crypt_data *data = g_new0(struct crypt_data, 1);
    char *hash = NULL, *res;

    if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, sizeof(salt))) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot make a password salt."));
        goto cleanup;
    }
    res = crypt_r(password, salt, data);
    if (!res || res[0] == '*') {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot hash the password."));
        goto cleanup;
    }
    hash = g_strdup(res);
cleanup:
    explicit_bzero(data, sizeof(*data));
    g_free(data);
    return hash;
}

static unsigned long verify_count;

unsigned long auth_verify_count(void)
{
    return __atomic_load_n(&verify_count, __ATOMIC_RELAXED);
}

bool auth_verify(const char *password, const char *hash)
{
    struct crypt_data *data;
    const char *res;
    bool ok = false;

    if (!password || !hash || !*hash)
        return false;
    data = g_new0(struct crypt_data, 1);
    __atomic_add_fetch(&verify_count, 1, __ATOMIC_RELAXED);
    res = crypt_r(password, hash, data);
    if (res && res[0] != '*' && strlen(res) == strlen(hash))
        ok = sodium_memcmp(res, hash, strlen(hash)) == 0;
    explicit_bzero(data, sizeof(*data));
    g_free(data);
    return ok;
}
