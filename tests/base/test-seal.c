/* test-seal.c - the key file and sealing secrets with libsodium; features: none (unit level;
 * M13.2.2 relies on it) */
#include "base/seal.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>
#include <time.h>

#define OVERHEAD (24 + 16) /* crypto_secretbox nonce + MAC */

static char *dir;

static void test_key_file(unsigned char key[SEAL_KEY_BYTES])
{
    char *path = g_build_filename(dir, "dosvm.db.key", NULL), *bad, *contents = NULL;
    unsigned char again[SEAL_KEY_BYTES], zero[SEAL_KEY_BYTES] = {0};
    struct dv_error err = {0};
    gsize len = 0;
    struct stat sb;

    ok(seal_key_load(path, true, key, &err), "seal_key_load creates a key (%s)", err.msg);
    ok(stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0600,
       "the key file has mode 0600");
    ok(g_file_get_contents(path, &contents, &len, NULL) && len == SEAL_KEY_BYTES &&
           memcmp(contents, key, SEAL_KEY_BYTES) == 0,
       "the key file holds the 32 bytes returned");
    g_free(contents);
    ok(memcmp(key, zero, SEAL_KEY_BYTES) != 0, "the key is not all zeros");
    ok(seal_key_load(path, false, again, &err) && memcmp(key, again, SEAL_KEY_BYTES) == 0,
       "seal_key_load reads the same key back");
    g_free(path);

    bad = g_build_filename(dir, "short.key", NULL);
    g_file_set_contents(bad, "short", -1, NULL);
    dv_error_clear(&err);
    ok(!seal_key_load(bad, false, again, &err) && err.code == DV_ERR_IO && strstr(err.msg, bad),
       "a short key file is refused as damaged, naming it (%s)", err.msg);
    g_remove(bad);
    g_free(bad);
    dv_error_clear(&err);
    ok(!seal_key_load(dir, false, again, &err) && err.code == DV_ERR_IO,
       "a directory is not a key file (%s)", err.msg);
}

/* BUG (src/seal.c, seal_key_load/create_key): when the key file is absent and
 * cannot be created (its directory is missing or not writable), create_key()
 * returns false without setting err and seal_key_load() calls itself again,
 * forever (a tail call: with -O2 the process spins, otherwise the stack
 * overflows) instead of failing with DV_ERR_IO.  Run in a child with an alarm. */
static void test_key_uncreatable(void)
{
    char *path = g_build_filename(dir, "no-such-dir", "dosvm.db.key", NULL);
    int status = 0;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        unsigned char k[SEAL_KEY_BYTES];
        struct dv_error err = {0};
        int null = open("/dev/null", O_WRONLY);

        if (null >= 0)
            dup2(null, STDERR_FILENO); /* the sanitizer's stack-overflow report */
        alarm(3);                      /* SIGALRM: it never returned */
        _exit(!seal_key_load(path, true, k, &err) && err.code == DV_ERR_IO ? 42 : 43);
    }
    ok(pid > 0 && waitpid(pid, &status, 0) == pid, "a child tries a key in a missing directory");
    if (!ok(WIFEXITED(status) && WEXITSTATUS(status) == 42,
            "BUG seal_key_load: an uncreatable key file gives DV_ERR_IO (not endless recursion)"))
        printf("#   child %s %d\n", WIFEXITED(status) ? "exited with" : "killed by signal",
               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    ok(!g_file_test(path, G_FILE_TEST_EXISTS), "no key file appeared");
    g_free(path);
}

/* How many entries of directory d are not named keep. */
static int entries_besides(const char *d, const char *keep)
{
    GDir *gd = g_dir_open(d, 0, NULL);
    const char *e;
    int n = 0;

    while (gd && (e = g_dir_read_name(gd)))
        n += g_strcmp0(e, keep) != 0;
    if (gd)
        g_dir_close(gd);
    return n;
}

/* Run seal_key_load(path, may_create) in a child with the test hook that ends
 * it between writing the temporary key and renaming it; its exit status. */
static int load_killed(const char *path, bool may_create)
{
    int status = -1;
    pid_t pid;

    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        unsigned char k[SEAL_KEY_BYTES];
        struct dv_error err = {0};

        setenv("DOSVM_TEST_SEAL_KILL_BEFORE_RENAME", "1", 1);
        _exit(seal_key_load(path, may_create, k, &err) ? 0 : 1);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* issue 8 point 7: the key is written to a temporary file and renamed; a
 * missing or damaged key is only replaced when the caller says nothing is
 * sealed yet, otherwise refused naming the file with nothing written. */
static void test_key_atomic(void)
{
    char *sub = g_build_filename(dir, "atomic", NULL);
    char *path = g_build_filename(sub, "dosvm.db.key", NULL), *contents = NULL;
    unsigned char k1[SEAL_KEY_BYTES], k2[SEAL_KEY_BYTES];
    struct dv_error err = {0};
    struct stat sb;
    gsize len = 0;

    g_mkdir(sub, 0700);
    /* missing, sealed values exist: refused, nothing made */
    ok(!seal_key_load(path, false, k1, &err) && err.code == DV_ERR_IO && strstr(err.msg, path),
       "a missing key while sealed values exist is refused naming the file (%s)", err.msg);
    ok(!g_file_test(path, G_FILE_TEST_EXISTS) && entries_besides(sub, "") == 0,
       "no key file (and no temporary file) was made");

    /* a kill between writing the temporary file and renaming: no key at all, never 0 bytes */
    is_int(load_killed(path, true), 99, "a first key: the child is ended before the rename");
    ok(!g_file_test(path, G_FILE_TEST_EXISTS), "the kill left no (0-byte) key file");
    dv_error_clear(&err);
    ok(seal_key_load(path, true, k1, &err), "the next load creates the key (%s)", err.msg);
    ok(stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (sb.st_mode & 0777) == 0600 &&
           sb.st_size == SEAL_KEY_BYTES,
       "the key file is whole, mode 0600");
    /* the killed writer's temporary key: kept while it could be in use,
     * removed by a later load once it is stale */
    is_int(entries_besides(sub, "dosvm.db.key"), 1, "the killed writer left its temporary file");
    {
        GDir *gd = g_dir_open(sub, 0, NULL);
        const char *e;
        struct utimbuf old = {.actime = time(NULL) - 120, .modtime = time(NULL) - 120};

        while (gd && (e = g_dir_read_name(gd)))
            if (strcmp(e, "dosvm.db.key") != 0) {
                char *p = g_build_filename(sub, e, NULL);

                utime(p, &old);
                g_free(p);
            }
        if (gd)
            g_dir_close(gd);
    }
    ok(seal_key_load(path, true, k2, &err) && memcmp(k1, k2, SEAL_KEY_BYTES) == 0,
       "the key is read again (%s)", err.msg);
    is_int(entries_besides(sub, "dosvm.db.key"), 0,
           "a stale temporary key file is removed by the next load");

    /* a valid key is only read: the hook is never reached */
    is_int(load_killed(path, true), 0, "a valid key is read, not rewritten");
    ok(g_file_get_contents(path, &contents, &len, NULL) && len == SEAL_KEY_BYTES &&
           memcmp(contents, k1, SEAL_KEY_BYTES) == 0,
       "the old key is intact");
    g_free(contents);

    /* damaged, nothing sealed yet: replaced by rename; a kill before it keeps the old file */
    g_file_set_contents(path, "", 0, NULL);
    is_int(load_killed(path, true), 99, "replacing a damaged key: ended before the rename");
    ok(g_file_get_contents(path, &contents, &len, NULL) && len == 0,
       "the kill left the old (damaged) file as it was, not half a new one");
    g_free(contents);
    dv_error_clear(&err);
    ok(seal_key_load(path, true, k2, &err) && memcmp(k1, k2, SEAL_KEY_BYTES) != 0,
       "a damaged key with nothing sealed is replaced by a new one (%s)", err.msg);
    ok(g_file_get_contents(path, &contents, &len, NULL) && len == SEAL_KEY_BYTES &&
           memcmp(contents, k2, SEAL_KEY_BYTES) == 0,
       "the new key is in the file");
    g_free(contents);

    /* damaged while sealed values exist: refused, file untouched */
    g_file_set_contents(path, "0123456789", -1, NULL);
    dv_error_clear(&err);
    ok(!seal_key_load(path, false, k2, &err) && err.code == DV_ERR_IO && strstr(err.msg, path),
       "a damaged key while sealed values exist is refused naming the file (%s)", err.msg);
    ok(g_file_get_contents(path, &contents, &len, NULL) && len == 10,
       "the damaged file is left as it was");
    g_free(contents);
    g_free(path);
    g_free(sub);
}

/* sealed with one byte of its decoded form flipped (g_free it) */
static char *tamper(const char *sealed, size_t at)
{
    gsize n = 0;
    guchar *raw = g_base64_decode(sealed, &n);
    char *out;

    if (at < n)
        raw[at] ^= 0x01;
    out = g_base64_encode(raw, n);
    g_free(raw);
    return out;
}

static void test_seal_open(const unsigned char key[SEAL_KEY_BYTES])
{
    static const struct {
        const char *plain;
        size_t len;
        const char *what;
    } texts[] = {
        {"秘密 secret", sizeof("秘密 secret") - 1, "Chinese and ASCII"},
        {"", 0, "empty"},
        {"a\0b\0c", 5, "bytes with NULs"},
    };
    unsigned char other[SEAL_KEY_BYTES];
    struct dv_error err = {0};

    memcpy(other, key, SEAL_KEY_BYTES);
    other[0] ^= 0x80;
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        char *s = seal_seal(key, texts[i].plain, texts[i].len, &err), *p;
        size_t len = 999;
        gsize raw = 0;

        ok(s != NULL, "seal %s", texts[i].what);
        if (!s)
            continue;
        g_free(g_base64_decode(s, &raw));
        is_int(raw, OVERHEAD + texts[i].len, "seal %s: base64 of nonce, MAC and text",
               texts[i].what);
        p = seal_open(key, s, &len, &err);
        ok(p && len == texts[i].len && memcmp(p, texts[i].plain, len) == 0 && p[len] == '\0',
           "open %s: the same bytes, NUL-terminated", texts[i].what);
        g_free(p);
        dv_error_clear(&err);
        p = seal_open(other, s, NULL, &err);
        ok(p == NULL && err.code == DV_ERR_IO, "open %s with another key fails", texts[i].what);
        g_free(p);
        g_free(s);
    }
}

static void test_tamper(const unsigned char key[SEAL_KEY_BYTES])
{
    static const char plain[] = "pass phrase";
    struct dv_error err = {0};
    char *a = seal_seal(key, plain, strlen(plain), &err);
    char *b = seal_seal(key, plain, strlen(plain), &err);
    static const size_t spots[] = {0, 23, 24, 39, 40, 50};
    char *p;

    ok(a && b && strcmp(a, b) != 0, "two seals of one text differ (nonce)");
    p = b ? seal_open(key, b, NULL, &err) : NULL;
    is_str(p, plain, "the second seal opens too");
    g_free(p);
    for (size_t i = 0; a && i < G_N_ELEMENTS(spots); i++) {
        char *t = tamper(a, spots[i]);

        dv_error_clear(&err);
        p = seal_open(key, t, NULL, &err);
        ok(p == NULL && err.code == DV_ERR_IO, "a flipped byte %zu is refused", spots[i]);
        g_free(p);
        g_free(t);
    }
    if (a) {
        char *cut = g_strndup(a, strlen(a) - 8);

        p = seal_open(key, cut, NULL, &err);
        ok(p == NULL, "a truncated seal is refused");
        g_free(p);
        g_free(cut);
    }
    p = seal_open(key, "", NULL, &err);
    ok(p == NULL, "an empty seal is refused");
    g_free(p);
    p = seal_open(key, NULL, NULL, &err);
    ok(p == NULL, "a NULL seal is refused");
    g_free(p);
    p = seal_open(key, "not base64 at all!", NULL, &err);
    ok(p == NULL, "text that is not base64 is refused");
    g_free(p);
    g_free(a);
    g_free(b);
}

int main(void)
{
    unsigned char key[SEAL_KEY_BYTES];

    dir = g_dir_make_tmp("dosvm-test-XXXXXX", NULL);
    if (!ok(dir != NULL, "a temporary directory"))
        return tap_done();
    test_key_file(key);
    test_seal_open(key);
    test_tamper(key);
    test_key_uncreatable();
    test_key_atomic();
    testdb_remove_dir(dir);
    g_free(dir);
    return tap_done();
}
