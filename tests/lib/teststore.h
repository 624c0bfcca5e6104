/* teststore.h - fixtures of the storage tests (a helper, not a test):
 *
 *   testhost_add(db, &sys, "host-one", "host1.xml")
 *       registers test://$top_srcdir/data/demo/host1.xml, whose pools and
 *       volumes live in the memory of the cached connection; its id
 *   teststore_project(db, &sys, dir, "网站", quota, "zhou", "周", &group,
 *                     &project, &admin)
 *       a project group at dir with an active project of these quotas
 *       managed by a new project admin
 * Failures are TAP comments (-1 or false). */
#ifndef DV_TESTSTORE_H
#define DV_TESTSTORE_H

#include "admin/user.h"
#include "hosts/host.h"
#include "projects/project.h"
#include "projects/projgroup.h"

#include <stdio.h>
#include <stdlib.h>

static inline int64_t testhost_add(struct db *db, const struct dv_actor *sys, const char *name,
                                   const char *file)
{
    struct dv_error err = {0};
    const char *top = getenv("top_srcdir");
    char *uri = g_strdup_printf("test://%s/data/demo/%s", top ? top : "..", file);
    int64_t id = -1;

    if (!host_add(db, sys, name, uri, &id, &err))
        printf("# host_add %s: %s\n", name, err.msg);
    g_free(uri);
    return id;
}

static inline bool teststore_project(struct db *db, const struct dv_actor *sys, const char *dir,
                                     const char *name, const struct project_quota *quota,
                                     const char *account,
                                     const char *name_zh, int64_t *group, int64_t *project,
                                     struct dv_actor *admin)
{
    struct dv_error err = {0};
    struct user_info u = {.name_zh = name_zh, .account = account};
    int64_t uid = 0;
    bool ok = projgroup_add(db, sys, "组", dir, "", group, &err) &&
              project_add(db, sys, *group, name, "", project, &err) &&
              project_set_quota(db, sys, *project, quota, &err) &&
              project_set_active(db, sys, *project, true, &err);

    u.project_id = *project;
    ok = ok && user_add(db, sys, &u, USER_INITIAL_PASSWORD, "pw", "pw", &uid, &err);
    if (!ok)
        printf("# project set-up: %s\n", err.msg);
    admin->user_id = uid;
    g_strlcpy(admin->account, account, sizeof(admin->account));
    return ok;
}

#endif
