/* seal.h - sealing secrets at rest with libsodium crypto_secretbox (D7).
 *
 * The key is a file of crypto_secretbox_KEYBYTES random bytes, mode 0600,
 * created beside the database ("<db>.key") the first time it is needed.
 * Sealed text is base64 of nonce || ciphertext. */
#ifndef DV_SEAL_H
#define DV_SEAL_H

#include "base/dv.h"

#define SEAL_KEY_BYTES 32

/* Read the key file, creating it when absent. */
bool seal_key_load(const char *path, unsigned char key[SEAL_KEY_BYTES], struct dv_error *err);

/* Seal len bytes of plain; g_free the base64 result. */
char *seal_seal(const unsigned char key[SEAL_KEY_BYTES], const void *plain, size_t len,
                struct dv_error *err);

/* Open sealed text; the result is NUL-terminated, *len (may be NULL) gets its
 * length; wipe and g_free it.  NULL when the text was not sealed with key. */
char *seal_open(const unsigned char key[SEAL_KEY_BYTES], const char *sealed, size_t *len,
                struct dv_error *err);

#endif
