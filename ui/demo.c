/* demo.c - the embedded demo database */
#include "demo.h"
#include "core.h"
#include "user.h"

#include <glib/gstdio.h>
#include <string.h>

struct demo_admin {
    const char *account, *name, *phone, *email, *address, *description;
};

static const struct demo_admin admins[] = {
    {"admin1", "张伟", "028-85550101", "zhangwei@example.com", "成都市高新区天府大道 1 号",
     "Web cluster project"},
    {"admin2", "李娜", "028-85550102", "lina@example.com", "成都市武侯区科华北路 2 号",
     "Database project"},
};

static bool seed(struct db *db, struct dv_error *err)
{
    struct dv_actor sa = {1, USER_SYSADM, "demo", true};

    for (size_t i = 0; i < G_N_ELEMENTS(admins); i++) {
        const struct demo_admin *a = &admins[i];
        struct user_info info = {a->name,    a->account,     a->phone, a->email,
                                 a->address, a->description, 0};

        if (!user_add(db, &sa, &info, USER_INITIAL_PASSWORD, USER_INITIAL_PASSWORD,
                      USER_INITIAL_PASSWORD, NULL, err))
            return false;
    }
    return true;
}

struct db *demo_open(char **dir, struct dv_error *err)
{
    GError *gerr = NULL;
    char *path;
    struct db *db;

    *dir = g_dir_make_tmp("dosvm-demo-XXXXXX", &gerr);
    if (!*dir) {
        dv_error_set(err, DV_ERR_IO, NULL, _("Cannot create the demo directory: %s."),
                     gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    path = g_build_filename(*dir, "dosvm.db", NULL);
    db = core_open(path, false, err);
    g_free(path);
    if (db && !seed(db, err)) {
        db_close(db);
        db = NULL;
    }
    return db;
}

void demo_remove(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);

        g_unlink(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(dir);
}
