/* seal.h - sealing secrets at rest with libsodium crypto_secretbox (D7).
 *
 * The key is a file of crypto_secretbox_KEYBYTES random bytes, mode 0600,
 * created beside the database ("<db>.key") the first time it is needed.
 * Sealed text is base64 of nonce || ciphertext. */
#ifndef DV_SEAL_H
#define DV_SEAL_H

#include "base/dv.h"

#define SEAL_KEY_BYTES 32

/* Read the key file.  may_create: no sealed value exists yet (the caller
 * knows, e.g. program_seal_key), so a missing or damaged key file is
 * (re)created: written to a temporary file of mode 0600 in the same
 * directory, fsync'ed, linked or renamed into place and the directory
 * fsync'ed, so a kill leaves either the old key or the whole new one.
 * Without may_create a missing or damaged key is an error naming the file
 * and nothing is written.  DOSVM_TEST_SEAL_KILL_BEFORE_RENAME=1 (tests)
 * ends the process between writing the temporary file and renaming it. */
bool seal_key_load(const char *path, bool may_create, unsigned char key[SEAL_KEY_BYTES],
                   struct dv_error *err);

/* Seal len bytes of plain; g_free the base64 result. */
char *seal_seal(const unsigned char key[SEAL_KEY_BYTES], const void *plain, size_t len,
                struct dv_error *err);

/* Open sealed text; the result is NUL-terminated, *len (may be NULL) gets its
 * length; wipe and g_free it.  NULL when the text was not sealed with key. */
char *seal_open(const unsigned char key[SEAL_KEY_BYTES], const char *sealed, size_t *len,
                struct dv_error *err);

#endif
