/* siteparam.h - the console's connection settings (manual 13.2.2 as
 * DECISIONS re-reads it): the dosvmd host address, whether qemu+tls:// is
 * used, the CA certificate, client certificate and key for it, and the key's
 * pass phrase, sealed at rest (D7) and never shown again. */
#ifndef DV_SITEPARAM_H
#define DV_SITEPARAM_H

#include "db/db.h"

/* form-field keys */
#define SF_HOST     "dosvmd_host"
#define SF_USE_TLS  "use_tls"
#define SF_CA       "tls_ca"
#define SF_CERT     "tls_cert"
#define SF_KEY      "tls_key"
#define SF_PASSWORD "tls_password"
#define SF_CONFIRM  "tls_confirm"

struct site_params {
    char *dosvmd_host;
    bool use_tls;
    char *ca;
    char *cert;
    char *key;
    bool has_password; /* a pass phrase is stored */
};

bool site_load(struct db *db, struct site_params *out, struct dv_error *err);
void site_params_clear(struct site_params *p);

/* What the form submits.  An empty password and confirmation keep the
 * stored pass phrase. */
struct site_input {
    const char *dosvmd_host;
    bool use_tls;
    const char *ca;
    const char *cert;
    const char *key;
    const char *password;
    const char *confirm;
};

/* Validate (IPv4 address; with TLS the three paths are required, 1-128
 * allowed characters, readable files; the passwords must match) and save in
 * one transaction with an audit row. */
/* The form's Yes/No choice ("1" or "0") as a bool; an error names SF_USE_TLS. */
bool site_tls_parse(const char *text, bool *out, struct dv_error *err);

bool site_save(struct db *db, const struct dv_actor *actor, const struct site_input *in,
               struct dv_error *err);

/* M4.4.3, M13.2.2 applied: the saved TLS settings for the process's next
 * qemu+tls:// connections (virt/virt.h virt_set_tls), or libvirt's default
 * files when TLS is off.  Run by program_open and after site_save. */
bool site_apply_tls(struct db *db, struct dv_error *err);

/* The stored pass phrase, unsealed ("" when none); wipe and g_free it. */
char *site_password(struct db *db, struct dv_error *err);

#endif
