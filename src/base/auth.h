/* auth.h - password hashing with yescrypt through libcrypt (DECISIONS D6) */
#ifndef DV_AUTH_H
#define DV_AUTH_H

#include "base/dv.h"

/* Hash password with a fresh random salt; g_free the result. NULL on failure. */
char *auth_hash(const char *password, struct dv_error *err);

/* True when password matches hash (constant-time comparison). */
bool auth_verify(const char *password, const char *hash);

/* How many times auth_verify ran a hash (tests compare the cost of a wrong
 * password with an unknown account's). */
unsigned long auth_verify_count(void);

#endif
