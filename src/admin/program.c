/* program.c - opening the dosvm database for a program */
#include "admin/program.h"
#include "admin/user.h"
#include "admin/siteparam.h"
#include "base/seal.h"
#include "base/util.h"
#include "jobs/task.h"
#include "net/nwfilter.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

void program_setup_locale(void)
{
    char *dir = dv_locale_dir(); /* DOSVM_LOCALEDIR, the build tree's, or the installed one */

    setlocale(LC_ALL, "");
    bindtextdomain(PACKAGE, dir);
    bind_textdomain_codeset(PACKAGE, "UTF-8");
    textdomain(PACKAGE);
    g_free(dir);
}

struct db *program_open(const char *path, bool must_change, struct dv_error *err)
{
    struct db *db = db_open(path, err);

    /* tasks a dead process left running are marked failed, "interrupted";
     * libvirt's stock filters are records (M10.2.3.1); qemu+tls:// uses the
     * console's TLS settings (M13.2.2) */
    if (db && (!user_ensure_sysadm(db, must_change, err) || !nwfilter_seed_builtin(db, err) ||
               !task_mark_interrupted(db, NULL, err))) {
        db_close(db);
        return NULL;
    }
    if (db) {
        struct dv_error tls = {0}; /* not fatal: an open of a qemu+tls:// host says why */

        site_apply_tls(db, &tls);
        dv_error_clear(&tls);
    }
    return db;
}

char *program_default_db_path(void)
{
    /* root, and a member of the shared directory's group (the package's dosvm) */
    if (geteuid() == 0 || dv_shared_dir_usable(DV_SHARED_DB_DIR))
        return g_build_filename(DV_SHARED_DB_DIR, "dosvm.db", NULL);
    return g_build_filename(g_get_user_data_dir(), "dosvm", "dosvm.db", NULL);
}

char *program_key_path(struct db *db)
{
    return g_strconcat(db_path(db), ".key", NULL);
}

bool program_seal_key(struct db *db, unsigned char key[32], struct dv_error *err)
{
    char *path = program_key_path(db);
    int64_t n = 1; /* when the count fails: as if sealed values existed */
    bool ok;

    if (!db_scalar(db,
                   "SELECT (SELECT count(*) FROM secret WHERE coalesce(value_sealed, '') <> '') "
                   "+ (SELECT count(*) FROM setting WHERE key = ?1 AND value <> '') "
                   "+ (SELECT count(*) FROM instance WHERE gfx_passwd <> '')",
                   DB_ARGS(DB_T(SF_PASSWORD)), &n, NULL))
        n = 1;
    ok = seal_key_load(path, n == 0, key, err);
    g_free(path);
    return ok;
}
