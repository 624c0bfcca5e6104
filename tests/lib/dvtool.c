/* dvtool.c - test fixtures through the core API (never raw SQL):
 *   dvtool init DB [--must-change]        create the database (sysadm/123456)
 *   dvtool add-admin DB ACCOUNT NAME PW   add a project administrator
 *   dvtool freeze DB ACCOUNT              freeze a project administrator
 *   dvtool add-host DB NAME URI           add a host by libvirt URI
 *   dvtool register-host DB NAME URI      register a running host without connecting to it
 *                                         (as dosvmd's self-registration; a host that hangs)
 *   dvtool add-group DB NAME DIR          add a project group with its file directory
 *   dvtool add-project DB NAME GROUP ACCOUNT   an active project in GROUP managed by ACCOUNT
 *   dvtool join-group DB GROUP PROJECT    add a project to another group
 *   dvtool quota DB PROJECT COLUMN=N...   set quotas (max_images=3 max_image_mb=10)
 *   dvtool deactivate DB PROJECT          deactivate a project
 *   dvtool add-image DB ACCOUNT NAME FORMAT DIR FILE   register DIR/FILE as ACCOUNT's image
 *   dvtool guest-vm DB ACCOUNT NAME GUESTDIR LOG   ACCOUNT's instance and VM NAME booting
 *                                         the tiny real guest of tests/lib/guest.sh built in
 *                                         GUESTDIR (serial log LOG, tests/vm/guestinst.h),
 *                                         powered on with automatic placement
 *   dvtool site-tls DB CA CERT KEY        the console's TLS settings (M13.2.2) on, with these files
 *   dvtool host-states DB                 each host's "name|state" as the console shows it
 *                                         (running, stopped, unknown: hosts/service.h) now,
 *                                         then the host list's line when there is one */
#include "admin/program.h"
#include "hosts/host.h"
#include "hosts/service.h"
#include "base/util.h"
#include "storage/image.h"
#include "projects/project.h"
#include "projects/projgroup.h"
#include "admin/user.h"
#include "admin/siteparam.h"
#include "virt/virt.h"
#include "vm/vm.h"
#include "vm/vmpower.h"
#include "vm/guestinst.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct dv_actor sysadm = {
    .user_id = 1, .account = USER_SYSADM, .addr = "fixture", .sysadm = true};

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

/* The id of the entry of l labelled label, 0 when none. */
static int64_t find_choice(const struct choice_list *l, const char *label)
{
    for (int i = 0; i < l->n; i++)
        if (strcmp(l->v[i].label, label) == 0)
            return l->v[i].id;
    return 0;
}

static int64_t find_group(struct db *db, const char *name)
{
    struct choice_list l = {0};
    int64_t id = projgroup_choices(db, &l, NULL) ? find_choice(&l, name) : 0;

    choice_list_free(&l);
    return id;
}

static int64_t find_project(struct db *db, const char *name)
{
    struct choice_list l = {0};
    int64_t id = project_choices(db, &l, NULL) ? find_choice(&l, name) : 0;

    choice_list_free(&l);
    return id;
}

static bool add_project(struct db *db, char **argv, struct dv_error *err)
{
    int64_t id = 0, admin = find(db, argv[5]);

    return project_add(db, &sysadm, find_group(db, argv[4]), argv[3], "", &id, err) &&
           (admin == 0 || project_set_admins(db, &sysadm, id, &admin, 1, err)) &&
           project_set_active(db, &sysadm, id, true, err);
}

/* quota DB PROJECT KEY=N...: the other quotas keep their values; the words
 * are parsed as the quota form's texts are. */
static bool set_quota(struct db *db, int argc, char **argv, struct dv_error *err)
{
    int64_t id = find_project(db, argv[3]);
    char *texts[QUOTA_COUNT] = {0};
    struct project_quota q;
    struct project p;
    bool ok;

    if (!project_get(db, id, &p, err))
        return false;
    for (int i = 0; i < QUOTA_COUNT; i++) {
        size_t n = strlen(quota_def(i)->key);

        texts[i] = g_strdup_printf("%lld", (long long)p.quota[i]);
        for (int a = 4; a < argc; a++)
            if (strncmp(argv[a], quota_def(i)->key, n) == 0 && argv[a][n] == '=') {
                g_free(texts[i]);
                texts[i] = g_strdup(argv[a] + n + 1);
            }
    }
    ok = project_quota_parse((const char *const *)texts, p.version, &q, err) &&
         project_set_quota(db, &sysadm, id, &q, err);
    for (int i = 0; i < QUOTA_COUNT; i++)
        g_free(texts[i]);
    project_clear(&p);
    return ok;
}

static bool add_image(struct db *db, char **argv, struct dv_error *err)
{
    struct dv_actor a = {.user_id = find(db, argv[3]), .addr = "fixture"};
    struct image_spec in = {.name = argv[4],
                            .format = argv[5],
                            .arch = "x86-64",
                            .shared = true,
                            .readonly = true,
                            .save_dir = argv[6],
                            .file_name = argv[7]};

    g_strlcpy(a.account, argv[3], sizeof(a.account));
    return image_register(db, &a, &in, NULL, err);
}

/* A running host record as host_register writes it, with made-up node
 * information: nothing is asked of the host. */
static bool register_host(struct db *db, const char *name, const char *uri, struct dv_error *err)
{
    struct virt_node_info info = {.hostname = (char *)name,
                                  .cpu_model = (char *)"fixture",
                                  .cpu_cores = 4,
                                  .cpu_mhz = 2000,
                                  .mem_total_mb = 8192};
    char *uuid = g_uuid_string_random();
    bool ok = host_register(db, uuid, uri, "", false, &info, "", NULL, err);

    g_free(uuid);
    return ok;
}

static bool guest_vm(struct db *db, char **argv, struct dv_error *err)
{
    struct dv_actor a = {.user_id = find(db, argv[3]), .addr = "fixture"};
    char *inst_name = g_strdup_printf("%s-inst", argv[4]);
    int64_t inst, vm = 0;
    bool ok;

    g_strlcpy(a.account, argv[3], sizeof(a.account));
    inst = guest_instance(db, &a, inst_name, argv[5], argv[6], 0, true, err);
    ok = inst && vm_add(db, &a, inst, argv[4], &vm, NULL, err) &&
         vm_power_on(db, &a, vm, 0, err);
    g_free(inst_name);
    return ok;
}

static bool host_states(struct db *db, struct dv_error *err)
{
    static const char *const names[] = {"stopped", "running", "unknown"};
    struct service_watch w;
    struct host_page p;
    char *note;

    if (!service_watch_load(db, dv_now(), &w, err))
        return false;
    if (!host_list(db, NULL, 0, -1, &p, err)) {
        service_watch_clear(&w);
        return false;
    }
    for (int i = 0; i < p.n; i++)
        printf("%s|%s\n", p.rows[i].name, names[service_host_shown(&w, &p.rows[i])]);
    note = service_down_note(&w);
    if (note)
        printf("%s\n", note);
    g_free(note);
    host_page_free(&p);
    service_watch_clear(&w);
    return true;
}

static bool run(struct db *db, int argc, char **argv, struct dv_error *err)
{
    if (strcmp(argv[1], "host-states") == 0 && argc == 3)
        return host_states(db, err);
    if (strcmp(argv[1], "init") == 0)
        return true;
    if (strcmp(argv[1], "add-admin") == 0 && argc == 6) {
        struct user_info in = {.name_zh = argv[4],
                               .account = argv[3],
                               .phone = "",
                               .email = "",
                               .address = "",
                               .description = ""};
        const char *pw = getenv("DVTOOL_SYSADM_PW");

        return user_add(db, &sysadm, &in, pw ? pw : USER_INITIAL_PASSWORD, argv[5], argv[5], NULL,
                        err);
    }
    if (strcmp(argv[1], "add-host") == 0 && argc == 5)
        return host_add(db, &sysadm, argv[3], argv[4], NULL, err);
    if (strcmp(argv[1], "register-host") == 0 && argc == 5)
        return register_host(db, argv[3], argv[4], err);
    if (strcmp(argv[1], "freeze") == 0 && argc == 4)
        return user_set_frozen(db, &sysadm, find(db, argv[3]), true, err);
    if (strcmp(argv[1], "add-group") == 0 && argc == 5)
        return projgroup_add(db, &sysadm, argv[3], argv[4], "", NULL, err);
    if (strcmp(argv[1], "add-project") == 0 && argc == 6)
        return add_project(db, argv, err);
    if (strcmp(argv[1], "join-group") == 0 && argc == 5)
        return projgroup_add_project(db, &sysadm, find_group(db, argv[3]),
                                     find_project(db, argv[4]), err);
    if (strcmp(argv[1], "quota") == 0 && argc >= 5)
        return set_quota(db, argc, argv, err);
    if (strcmp(argv[1], "deactivate") == 0 && argc == 4)
        return project_set_active(db, &sysadm, find_project(db, argv[3]), false, err);
    if (strcmp(argv[1], "add-image") == 0 && argc == 8)
        return add_image(db, argv, err);
    if (strcmp(argv[1], "site-tls") == 0 && argc == 6) {
        struct site_input in = {.dosvmd_host = "127.0.0.1",
                                .use_tls = true,
                                .ca = argv[3],
                                .cert = argv[4],
                                .key = argv[5],
                                .password = "",
                                .confirm = ""};

        return site_save(db, &sysadm, &in, err);
    }
    if (strcmp(argv[1], "guest-vm") == 0 && argc == 7)
        return guest_vm(db, argv, err);
    dv_error_set(err, DV_ERR_INVALID, NULL,
                 "usage: dvtool init|add-admin|freeze|add-host|register-host|add-group|add-project|"
                 "join-group|quota|deactivate|add-image|guest-vm|site-tls|host-states DB ...");
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
    db = program_open(argv[2], argc > 3 && strcmp(argv[3], "--must-change") == 0, &err);
    ok = db && run(db, argc, argv, &err);
    if (!ok)
        fprintf(stderr, "dvtool: %s\n", err.msg);
    db_close(db);
    return ok ? 0 : 1;
}
