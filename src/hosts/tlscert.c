/* tlscert.c - libvirt TLS certificates with certtool (tlscert.h) */
#include "hosts/tlscert.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* M4.4.4b's table: the file and where it goes on the server */
static const struct {
    const char *file, *dest;
} dests[] = {
    {TLSCERT_SERVER_KEY, "/etc/pki/libvirt/private/"},
    {TLSCERT_SERVER_CERT, "/etc/pki/libvirt/"},
    {TLSCERT_CA_CERT, "/etc/pki/CA/"},
    {TLSCERT_CLIENT_CERT, "/etc/pki/libvirt/"},
    {TLSCERT_CLIENT_KEY, "/etc/pki/libvirt/private/"},
};

const char *tlscert_dest(const char *file)
{
    for (size_t i = 0; i < G_N_ELEMENTS(dests); i++)
        if (strcmp(dests[i].file, file) == 0)
            return dests[i].dest;
    return NULL;
}

/* Run certtool with args (NULL-terminated, after the program); err with
 * its message on failure. */
static bool certtool(const char *const *args, struct dv_error *err)
{
    GPtrArray *argv = g_ptr_array_new();
    char *errs = NULL;
    GError *ge = NULL;
    int st = -1;
    bool ok;

    g_ptr_array_add(argv, (char *)"certtool");
    for (int i = 0; args[i]; i++)
        g_ptr_array_add(argv, (char *)args[i]);
    g_ptr_array_add(argv, NULL);
    ok = g_spawn_sync(NULL, (char **)argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &errs,
                      &st, &ge) &&
         g_spawn_check_wait_status(st, NULL);
    if (!ok && ge)
        dv_error_set(err, DV_ERR_IO, NULL,
                     _("certtool cannot be run (%s); install the package gnutls-bin."),
                     ge->message);
    else if (!ok)
        dv_error_set(err, DV_ERR_IO, NULL, _("certtool failed: %s"),
                     errs ? g_strstrip(errs) : "");
    g_clear_error(&ge);
    g_free(errs);
    g_ptr_array_free(argv, TRUE);
    return ok;
}

/* A template file in dir for certtool --template; g_free the path, unlink it. */
static char *template_file(const char *dir, const char *name, const char *text,
                           struct dv_error *err)
{
    char *path = g_build_filename(dir, name, NULL);
    GError *ge = NULL;

    if (!g_file_set_contents(path, text, -1, &ge)) {
        dv_error_set(err, DV_ERR_IO, NULL, "%s", ge->message);
        g_error_free(ge);
        g_free(path);
        return NULL;
    }
    return path;
}

/* A new private key at path, 0600; refused when one is there already. */
static bool make_key(const char *path, struct dv_error *err)
{
    const char *args[] = {"--generate-privkey", "--outfile", path, NULL};
    int fd;

    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        dv_error_set(err, DV_ERR_EXISTS, NULL, _("The key %s exists already; it is not overwritten."),
                     path);
        return false;
    }
    /* the file exists 0600 before certtool writes the key into it */
    fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("%s cannot be written: %s"), path, g_strerror(errno));
        return false;
    }
    close(fd);
    if (!certtool(args, err)) {
        g_unlink(path);
        return false;
    }
    return g_chmod(path, 0600) == 0;
}

/* A certificate at cert for key, self-signed (ca NULL) or signed by the CA. */
static bool make_cert(const char *dir, const char *tmpl_text, const char *key, const char *cert,
                      const char *ca_cert, const char *ca_key, struct dv_error *err)
{
    char *tmpl = template_file(dir, ".dosvm-cert.info", tmpl_text, err);
    bool ok;

    if (!tmpl)
        return false;
    if (!ca_cert) {
        const char *args[] = {"--generate-self-signed", "--load-privkey", key,    "--template",
                              tmpl,                     "--outfile",      cert, NULL};

        ok = certtool(args, err);
    } else {
        const char *args[] = {"--generate-certificate", "--load-privkey", key,
                              "--load-ca-certificate",  ca_cert,          "--load-ca-privkey",
                              ca_key,                   "--template",     tmpl,
                              "--outfile",              cert,             NULL};

        ok = certtool(args, err);
    }
    g_unlink(tmpl);
    g_free(tmpl);
    return ok;
}

bool tlscert_make_ca(const char *dir, struct dv_error *err)
{
    char *key = g_build_filename(dir, TLSCERT_CA_KEY, NULL);
    char *cert = g_build_filename(dir, TLSCERT_CA_CERT, NULL);
    bool ok = make_key(key, err) &&
              make_cert(dir, "cn = dosvm CA\nca\ncert_signing_key\nexpiration_days = 3650\n", key,
                        cert, NULL, NULL, err);

    g_free(key);
    g_free(cert);
    return ok;
}

static bool is_ip(const char *ip)
{
    unsigned char buf[16];

    return ip && (inet_pton(AF_INET, ip, buf) == 1 || inet_pton(AF_INET6, ip, buf) == 1);
}

/* Copy the CA certificate into the server's directory. */
static bool copy_file(const char *from, const char *to, struct dv_error *err)
{
    char *t = NULL;
    gsize n = 0;
    GError *ge = NULL;
    bool ok = g_file_get_contents(from, &t, &n, &ge) && g_file_set_contents(to, t, (gssize)n, &ge);

    if (!ok) {
        dv_error_set(err, DV_ERR_IO, NULL, "%s", ge->message);
        g_error_free(ge);
    }
    g_free(t);
    return ok;
}

bool tlscert_make_server(const char *dir, const char *ip, char **out_dir, struct dv_error *err)
{
    char *ca_key = g_build_filename(dir, TLSCERT_CA_KEY, NULL);
    char *ca_cert = g_build_filename(dir, TLSCERT_CA_CERT, NULL);
    char *sdir = g_build_filename(dir, ip ? ip : "", NULL);
    char *f[5], *server_t = NULL, *client_t = NULL;
    bool ok = false;

    if (!is_ip(ip)) {
        dv_error_set(err, DV_ERR_INVALID, "ip",
                     _("'%s' is not an IP address: give the server's internal IPv4 or IPv6 "
                       "address."),
                     ip ? ip : "");
        goto out0;
    }
    if (!g_file_test(ca_key, G_FILE_TEST_EXISTS) || !g_file_test(ca_cert, G_FILE_TEST_EXISTS)) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL,
                     _("There is no CA in %s: make it first (dosvm-cert ca)."), dir);
        goto out0;
    }
    if (g_mkdir_with_parents(sdir, 0700) != 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("%s cannot be written: %s"), sdir, g_strerror(errno));
        goto out0;
    }
    f[0] = g_build_filename(sdir, TLSCERT_SERVER_KEY, NULL);
    f[1] = g_build_filename(sdir, TLSCERT_SERVER_CERT, NULL);
    f[2] = g_build_filename(sdir, TLSCERT_CLIENT_KEY, NULL);
    f[3] = g_build_filename(sdir, TLSCERT_CLIENT_CERT, NULL);
    f[4] = g_build_filename(sdir, TLSCERT_CA_CERT, NULL);
    server_t = g_strdup_printf("organization = dosvm\ncn = %s\nip_address = %s\n"
                               "tls_www_server\nencryption_key\nsigning_key\n"
                               "expiration_days = 3650\n",
                               ip, ip);
    client_t = g_strdup_printf("organization = dosvm\ncn = %s\ntls_www_client\nencryption_key\n"
                               "signing_key\nexpiration_days = 3650\n",
                               ip);
    ok = make_key(f[0], err) && make_cert(sdir, server_t, f[0], f[1], ca_cert, ca_key, err) &&
         make_key(f[2], err) && make_cert(sdir, client_t, f[2], f[3], ca_cert, ca_key, err) &&
         copy_file(ca_cert, f[4], err);
    for (int i = 0; i < 5; i++)
        g_free(f[i]);
    if (ok && out_dir)
        *out_dir = g_strdup(sdir);
out0:
    g_free(server_t);
    g_free(client_t);
    g_free(ca_key);
    g_free(ca_cert);
    g_free(sdir);
    return ok;
}
