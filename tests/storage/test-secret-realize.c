/* test-secret-realize.c - secret_realize against a REAL libvirtd on
 * qemu:///system (tier 4; the test driver has no secrets): the security
 * object becomes a private, persistent libvirt secret with its UUID and
 * usage whose value cannot be read back, realizing twice is fine, and
 * virt_secret_remove undefines it (twice is fine too).  Run by
 * tests/svc-secret-libvirt.sh, which sets DOSVM_REAL_LIBVIRT=1 once a
 * libvirtd answers; skipped otherwise.
 * features: M8.1 */
#include "storage/secret.h"
#include "lib/tap.h"
#include "lib/testdb.h"
#include "virt/virt.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define URI "qemu:///system"

static void quiet(void *data, virErrorPtr e)
{
    (void)data;
    (void)e;
}

/* secret_add and secret_modify of what a dialog typed, through
 * secret_spec_parse as the screen does. */
static bool add_typed(struct db *d, const struct dv_actor *a, const struct secret_input *in,
                      int64_t *id, struct dv_error *err)
{
    struct secret_spec s;

    return secret_spec_parse(in, true, &s, err) && secret_add(d, a, &s, id, err);
}

int main(void)
{
    const char *real = getenv("DOSVM_REAL_LIBVIRT");
    struct dv_error err = {0};
    struct dv_actor sys;
    struct testdb t;
    struct virt_conn *c = NULL;
    struct secret s = {0};
    virConnectPtr lv = NULL;
    virSecretPtr sec;
    int64_t id = -1;
    char usage[64];

    if (!real || strcmp(real, "1") != 0) {
        printf("1..0 # SKIP needs a real libvirtd (run by svc-secret-libvirt.sh)\n");
        return 0;
    }
    virt_init();
    sys = testdb_sysadm();
    snprintf(usage, sizeof(usage), "iqn.2024-01.org.dosvm-test/t%ld", (long)getpid());
    if (!ok(testdb_open(&t, false) != NULL, "a fresh database"))
        return tap_done();
    ok(add_typed(t.db, &sys,
                 &(struct secret_input){.name_zh = "测试密码",
                                        .name_en = "realize-test",
                                        .usage_type = "iscsi",
                                        .usage_id = usage,
                                        .description = "tier 4",
                                        .value = "s3cret!",
                                        .repeat = "s3cret!"},
                 &id, &err),
       "add an iscsi security object (%s)", err.msg);
    ok(secret_get(t.db, id, &s, &err), "get it (%s)", err.msg);
    c = virt_open(URI, &err);
    ok(c != NULL, "virt_open %s (%s)", URI, err.msg);
    lv = virConnectOpen(URI);
    ok(lv != NULL, "virConnectOpen %s", URI);
    if (c && lv && s.uuid) {
        virConnSetErrorFunc(lv, NULL, quiet);
        dv_error_clear(&err);
        ok(secret_realize(t.db, c, id, &err), "secret_realize (%s)", err.msg);
        sec = virSecretLookupByUUIDString(lv, s.uuid);
        ok(sec != NULL, "the libvirt secret %s exists", s.uuid);
        if (sec) {
            char *xml = virSecretGetXMLDesc(sec, 0);
            char *want = g_strdup_printf("<target>%s</target>", usage);
            size_t len = 0;
            unsigned char *v;

            ok(xml && (strstr(xml, "private='yes'") || strstr(xml, "private=\"yes\"")),
               "its XML says private='yes'");
            ok(xml && (strstr(xml, "ephemeral='no'") || strstr(xml, "ephemeral=\"no\"")),
               "its XML says ephemeral='no'");
            ok(xml && (strstr(xml, "type='iscsi'") || strstr(xml, "type=\"iscsi\"")),
               "its XML has the usage type iscsi");
            ok(xml && strstr(xml, want), "its XML has the usage target %s", usage);
            ok(xml && strstr(xml, "realize-test: tier 4"), "its XML has the description");
            if (!xml || !strstr(xml, want))
                printf("# %s\n", xml ? xml : "(null)");
            free(xml);
            g_free(want);
            ok(virSecretGetUsageType(sec) == VIR_SECRET_USAGE_TYPE_ISCSI,
               "virSecretGetUsageType is iSCSI");
            is_str(virSecretGetUsageID(sec), usage, "virSecretGetUsageID is the usage");
            v = virSecretGetValue(sec, &len, 0);
            ok(v == NULL, "virSecretGetValue fails on the private secret (cannot be retrieved)");
            if (v) {
                explicit_bzero(v, len);
                free(v);
            }
            virSecretFree(sec);
        }
        {
            /* the value did reach the host: libvirt keeps a persistent secret's
             * value as base64 beside its XML (unless it encrypts it) */
            char *path = g_strdup_printf("/etc/libvirt/secrets/%s.base64", s.uuid), *b64 = NULL;

            if (g_file_get_contents(path, &b64, NULL, NULL)) {
                gsize n = 0;
                guchar *raw = g_base64_decode(g_strstrip(b64), &n);

                ok(n == 7 && memcmp(raw, "s3cret!", 7) == 0,
                   "the host holds the value s3cret! (%s)", path);
                g_free(raw);
            } else {
                ok(1, "the host holds the value # SKIP %s is not readable here", path);
            }
            g_free(b64);
            g_free(path);
        }
        dv_error_clear(&err);
        ok(secret_realize(t.db, c, id, &err), "secret_realize again (idempotent) (%s)", err.msg);
        sec = virSecretLookupByUUIDString(lv, s.uuid);
        ok(sec != NULL, "the secret still exists after the second realize");
        if (sec)
            virSecretFree(sec);
        {
            int n = virConnectNumOfSecrets(lv);
            char **uuids = n > 0 ? g_new0(char *, n) : NULL;
            int got = n > 0 ? virConnectListSecrets(lv, uuids, n) : 0, same = 0;

            for (int i = 0; i < got; i++) {
                same += strcmp(uuids[i], s.uuid) == 0;
                free(uuids[i]);
            }
            g_free(uuids);
            is_int(same, 1, "exactly one libvirt secret with the UUID");
        }

        dv_error_clear(&err);
        ok(virt_secret_remove(c, s.uuid, &err), "virt_secret_remove (%s)", err.msg);
        sec = virSecretLookupByUUIDString(lv, s.uuid);
        ok(sec == NULL, "the libvirt secret is gone");
        if (sec) {
            virSecretUndefine(sec);
            virSecretFree(sec);
        }
        dv_error_clear(&err);
        ok(virt_secret_remove(c, s.uuid, &err), "virt_secret_remove again is true (%s)",
           err.msg);
    }
    if (lv)
        virConnectClose(lv);
    virt_close(c);
    secret_clear(&s);
    testdb_close(&t);
    return tap_done();
}
