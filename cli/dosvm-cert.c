/* dosvm-cert.c - the certificates of libvirt's TLS connections (manual
 * 4.4.4, M4.4.4a, M4.4.4b; the core is hosts/tlscert.h):
 *
 *   dosvm-cert ca [DIR]          the CA: DIR/cacert.pem and DIR/cakey.pem
 *   dosvm-cert server IP [DIR]   the files of server IP in DIR/IP/, signed by DIR's CA
 *
 * DIR is the current directory by default, as the manual's gen_cacert.sh
 * and gen_svr_cacert.sh.  Exit status: 0 done, 1 refused by a rule (a key
 * that exists, an IP that is not one), 2 usage, 3 no CA, 4 certtool failed. */
#include "admin/program.h"
#include "hosts/tlscert.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

static int usage(FILE *to)
{
    fprintf(to, "%s\n%s\n", _("Usage: dosvm-cert ca [DIR]"),
            _("       dosvm-cert server IP [DIR]"));
    fprintf(to, "%s\n",
            _("Makes the CA of libvirt's TLS connections, or the certificates of one server "
              "signed by it (manual 4.4.4), with GnuTLS certtool."));
    return to == stdout ? 0 : 2;
}

static int status_of(const struct dv_error *err)
{
    switch (err->code) {
    case DV_ERR_INVALID:
    case DV_ERR_EXISTS:
        return 1;
    case DV_ERR_NOTFOUND:
        return 3;
    default:
        return 4;
    }
}

/* The server's files and where each goes (M4.4.4b's table). */
static void print_install(const char *sdir)
{
    static const char *const files[] = {TLSCERT_SERVER_KEY, TLSCERT_SERVER_CERT, TLSCERT_CA_CERT,
                                        TLSCERT_CLIENT_CERT, TLSCERT_CLIENT_KEY};

    printf(_("The server's files are in %s; install them on the server:"), sdir);
    printf("\n");
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
        printf("  %-16s -> %s\n", files[i], tlscert_dest(files[i]));
}

int main(int argc, char **argv)
{
    struct dv_error err = {0};
    char *sdir = NULL;
    bool ok;

    program_setup_locale();
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return usage(stdout);
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("dosvm-cert %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (argc >= 2 && argc <= 3 && strcmp(argv[1], "ca") == 0) {
        const char *dir = argc == 3 ? argv[2] : ".";

        ok = tlscert_make_ca(dir, &err);
        if (ok)
            printf(_("Made the CA: %s/%s (give it to every party) and %s/%s (keep it private)."),
                   dir, TLSCERT_CA_CERT, dir, TLSCERT_CA_KEY);
    } else if (argc >= 3 && argc <= 4 && strcmp(argv[1], "server") == 0) {
        ok = tlscert_make_server(argc == 4 ? argv[3] : ".", argv[2], &sdir, &err);
        if (ok)
            print_install(sdir);
    } else {
        return usage(stderr);
    }
    if (!ok) {
        fprintf(stderr, "dosvm-cert: %s\n", err.msg);
        return status_of(&err);
    }
    if (!sdir)
        printf("\n");
    g_free(sdir);
    return 0;
}
