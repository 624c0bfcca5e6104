/* dvtool.c - test fixtures through the core API (never raw SQL):
 *   dvtool init DB [--must-change]        create the database (sysadm/123456)
 *   dvtool add-admin DB ACCOUNT NAME PW   add a project administrator
 *   dvtool freeze DB ACCOUNT              freeze a project administrator
 *   dvtool add-host DB NAME URI           add a host by libvirt URI */
#include "core.h"
#include "host.h"
#include "user.h"
#include "virt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct dv_actor sysadm = {1, USER_SYSADM, "fixture", true};

static int64_t find(struct db *db, const char *account)
{
    struct user_filter f = {NULL, account};
    struct user_page p;
    int64_t id = 0;

    if (user_list(db, &f, 0, 1000, &p, NULL)) {
        for (int i = 0; i < p.n; i++)
            if (strcmp(p.rows[i].account, account) == 0)
                id = p.rows[i].id;
        user_page_free(&p);
    }
    return id;
}

static bool run(struct db *db, int argc, char **argv, struct dv_error *err)
{
    if (strcmp(argv[1], "init") == 0)
        return true;
    if (strcmp(argv[1], "add-admin") == 0 && argc == 6) {
        struct user_info in = {argv[4], argv[3], "", "", "", "", 0};

        const char *pw = getenv("DVTOOL_SYSADM_PW");

        return user_add(db, &sysadm, &in, pw ? pw : USER_INITIAL_PASSWORD, argv[5], argv[5],
                        NULL, err);
    }
    if (strcmp(argv[1], "add-host") == 0 && argc == 5)
        return host_add(db, &sysadm, argv[3], argv[4], NULL, err);
    if (strcmp(argv[1], "freeze") == 0 && argc == 4)
        return user_set_frozen(db, &sysadm, find(db, argv[3]), true, err);
    dv_error_set(err, DV_ERR_INVALID, NULL, "usage: dvtool init|add-admin|freeze|add-host DB ...");
    return false;
}

int main(int argc, char **argv)
{
    struct dv_error err = {0};
    struct db *db;
    bool ok;

    virt_init();
    if (argc < 3) {
        fprintf(stderr, "usage: dvtool init|add-admin|freeze DB ...\n");
        return 2;
    }
    db = core_open(argv[2], argc > 3 && strcmp(argv[3], "--must-change") == 0, &err);
    ok = db && run(db, argc, argv, &err);
    if (!ok)
        fprintf(stderr, "dvtool: %s\n", err.msg);
    db_close(db);
    return ok ? 0 : 1;
}
