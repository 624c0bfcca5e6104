/* siteparam.c - the console's connection settings (manual 13.2.2) */
#include "admin/siteparam.h"
#include "db/audit.h"
#include "admin/program.h"
#include "admin/param.h"
#include "base/seal.h"
#include "base/validate.h"
#include "virt/virt.h"

#include <string.h>
#include <unistd.h>

#define DEFAULT_HOST "127.0.0.1"

bool site_load(struct db *db, struct site_params *out, struct dv_error *err)
{
    char *tls = setting_get(db, SF_USE_TLS, "0"), *pw = setting_get(db, SF_PASSWORD, "");

    memset(out, 0, sizeof(*out));
    out->dosvmd_host = setting_get(db, SF_HOST, DEFAULT_HOST);
    out->use_tls = strcmp(tls, "1") == 0;
    out->ca = setting_get(db, SF_CA, "");
    out->cert = setting_get(db, SF_CERT, "");
    out->key = setting_get(db, SF_KEY, "");
    out->has_password = *pw != '\0';
    g_free(tls);
    g_free(pw);
    return true;
}

void site_params_clear(struct site_params *p)
{
    g_free(p->dosvmd_host);
    g_free(p->ca);
    g_free(p->cert);
    g_free(p->key);
    memset(p, 0, sizeof(*p));
}

static bool check_file(const char *key, const char *label, const char *v, struct dv_error *err)
{
    if (!validate_cert_path(key, label, v, err))
        return false;
    if (access(v, R_OK) == 0)
        return true;
    dv_error_set(err, DV_ERR_INVALID, key, _("%s: the file '%s' cannot be read."), label, v);
    return false;
}

bool site_tls_parse(const char *text, bool *out, struct dv_error *err)
{
    if (g_strcmp0(text, "1") != 0 && g_strcmp0(text, "0") != 0) {
        dv_error_set(err, DV_ERR_INVALID, SF_USE_TLS, _("%s must be Yes or No."), _("Use SSL"));
        return false;
    }
    *out = g_strcmp0(text, "1") == 0;
    return true;
}

static bool check_input(const struct site_input *in, struct dv_error *err)
{
    if (!validate_ipv4(SF_HOST, _("Back-end (dosvmd) host address"), in->dosvmd_host, err))
        return false;
    if (in->use_tls && !(check_file(SF_CA, _("SSL root certificate path"), in->ca, err) &&
                         check_file(SF_CERT, _("SSL client certificate path"), in->cert, err) &&
                         check_file(SF_KEY, _("SSL client key path"), in->key, err)))
        return false;
    if (in->password && *in->password &&
        !validate_length(SF_PASSWORD, _("SSL password"), in->password, 1, 128, err))
        return false;
    if (g_strcmp0(in->password ? in->password : "", in->confirm ? in->confirm : "") != 0) {
        dv_error_set(err, DV_ERR_INVALID, SF_CONFIRM, _("The two passwords do not match."));
        return false;
    }
    return true;
}

static bool put_password(struct db *db, const char *password, struct dv_error *err)
{
    unsigned char k[SEAL_KEY_BYTES];
    char *sealed;
    bool ok;

    if (!password || !*password)
        return true;
    if (!program_seal_key(db, k, err))
        return false;
    sealed = seal_seal(k, password, strlen(password), err);
    explicit_bzero(k, sizeof(k));
    ok = sealed && setting_put(db, SF_PASSWORD, sealed, err);
    g_free(sealed);
    return ok;
}

bool site_save(struct db *db, const struct dv_actor *actor, const struct site_input *in,
               struct dv_error *err)
{
    bool ok;

    if (!actor->sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("Only the system administrator can change the system parameters."));
        return false;
    }
    if (!check_input(in, err) || !db_begin(db, err))
        return false;
    ok = setting_put(db, SF_HOST, in->dosvmd_host, err) &&
         setting_put(db, SF_USE_TLS, in->use_tls ? "1" : "0", err) &&
         setting_put(db, SF_CA, in->ca ? in->ca : "", err) &&
         setting_put(db, SF_CERT, in->cert ? in->cert : "", err) &&
         setting_put(db, SF_KEY, in->key ? in->key : "", err) &&
         put_password(db, in->password, err);
    if (!audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify management-site parameters"), "",
                      err))
        return false;
    /* the next qemu+tls:// connections use them (M13.2.2 applied) */
    return site_apply_tls(db, err);
}

bool site_apply_tls(struct db *db, struct dv_error *err)
{
    struct site_params p = {0};
    bool ok = site_load(db, &p, err) &&
              (p.use_tls ? virt_set_tls(p.ca, p.cert, p.key, err)
                         : virt_set_tls(NULL, NULL, NULL, err));

    site_params_clear(&p);
    return ok;
}

char *site_password(struct db *db, struct dv_error *err)
{
    unsigned char k[SEAL_KEY_BYTES];
    char *sealed = setting_get(db, SF_PASSWORD, ""), *plain = NULL;

    if (!*sealed)
        return sealed;
    if (program_seal_key(db, k, err))
        plain = seal_open(k, sealed, NULL, err);
    explicit_bzero(k, sizeof(k));
    g_free(sealed);
    return plain;
}
