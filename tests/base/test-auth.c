/* test-auth.c - yescrypt password hashing and verification; features: none (unit level) */
#include "base/auth.h"
#include "lib/tap.h"

#include <string.h>

int main(void)
{
    static const char *const wrong[] = {"12345", "1234567", "", "123456 ", "Secret-16chars!x"};
    struct dv_error err = {0};
    char *h1 = auth_hash("123456", &err), *h2 = auth_hash("123456", &err);
    char *zh = auth_hash("中文密码", &err);

    ok(h1 && h2 && zh, "auth_hash returns hashes");
    is_int(err.code, DV_OK, "auth_hash leaves err alone");
    ok(h1 && strncmp(h1, "$y$", 3) == 0, "the hash is yescrypt ('%s')", h1 ? h1 : "");
    ok(h1 && h2 && strcmp(h1, h2) != 0, "two hashes of one password differ (salt)");
    ok(h1 && !strstr(h1, "123456"), "the hash does not contain the password");
    ok(auth_verify("123456", h1), "auth_verify accepts the right password");
    ok(auth_verify("123456", h2), "auth_verify accepts the right password (other salt)");
    ok(auth_verify("中文密码", zh), "auth_verify accepts a Chinese password");
    ok(!auth_verify("中文密", zh), "auth_verify refuses a prefix of a Chinese password");
    for (size_t i = 0; i < G_N_ELEMENTS(wrong); i++)
        ok(!auth_verify(wrong[i], h1), "auth_verify refuses '%s'", wrong[i]);
    ok(!auth_verify("123456", ""), "auth_verify refuses an empty hash");
    ok(!auth_verify("123456", NULL), "auth_verify refuses a NULL hash");
    ok(!auth_verify(NULL, h1), "auth_verify refuses a NULL password");
    ok(!auth_verify("123456", "*"), "auth_verify refuses a locked hash '*'");
    ok(!auth_verify("123456", "$y$garbage"), "auth_verify refuses a malformed hash");
    g_free(h1);
    g_free(h2);
    g_free(zh);
    return tap_done();
}
