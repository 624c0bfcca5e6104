/* instrec.c - the instance records (instance.h): reading, the editor's
 * choices, and add / modify / delete / activate with the rules that need
 * the other records. */
#include "vm/instance.h"

#include <sodium.h>
#include <string.h>

#include "admin/program.h"
#include "base/seal.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/page.h"
#include "projects/project.h"

#define INST_COLUMNS                                                                               \
    "i.id, i.project_id, i.name_en, i.name_zh, i.vcpus, i.memory_mib, i.memory_unit, i.arch, "     \
    "i.hypervisor, i.machine, i.boot, i.bootmenu, i.bootmenu_timeout, i.bios_serial, "             \
    "i.reboot_timeout, i.tablet, i.gfx_type, i.gfx_autoport, i.gfx_port, i.gfx_passwd_valid_to, "  \
    "i.gfx_keep, i.gfx_share_policy, i.gfx_listen, i.gfx_tls_port, i.gfx_default_mode, "           \
    "i.gfx_image, i.gfx_jpeg, i.gfx_zlib, i.gfx_playback, i.gfx_streaming, i.gfx_filetransfer, "   \
    "coalesce(i.bound_host_id, 0), coalesce(i.bound_group_id, 0), i.custom_domain, "               \
    "i.custom_devices, i.is_unique, i.active, i.row_version, i.created_at, p.name, "               \
    "coalesce(h.name, ''), coalesce(g.name, ''), "                                                 \
    "(SELECT count(*) FROM vm WHERE vm.instance_id = i.id)"
#define INST_FROM                                                                                  \
    "instance i JOIN project p ON p.id = i.project_id LEFT JOIN host h ON h.id = i.bound_host_id " \
    "LEFT JOIN host_group g ON g.id = i.bound_group_id"

/* The hosts an instance of project ?1 may use (OP-38): those of its host
 * groups, or every host when it has none. */
#define HOSTS_OF_PROJECT(p)                                                                        \
    "(SELECT m.host_id FROM host_group_member m JOIN project_host_group pg "                       \
    "ON pg.group_id = m.group_id WHERE pg.project_id = " p " UNION SELECT id FROM host WHERE "     \
    "NOT EXISTS (SELECT 1 FROM project_host_group WHERE project_id = " p "))"
#define PROJECT_HOSTS HOSTS_OF_PROJECT("?1")
/* The images project ?1 sees: those in its groups' file directories (§9.5). */
#define PROJECT_IMAGES                                                                             \
    "(SELECT i.id FROM image i WHERE i.save_dir IN (SELECT g.file_dir FROM project_group g JOIN "  \
    "project_group_member m ON m.group_id = g.id WHERE m.project_id = ?1))"
/* The volumes of the pools assigned to project ?1. */
#define PROJECT_VOLUMES                                                                            \
    "(SELECT v.id FROM volume v JOIN pool_project pp ON pp.pool_id = v.pool_id "                   \
    "WHERE pp.project_id = ?1)"

static const char *missing_instance(void)
{
    return _("The VM instance no longer exists.");
}

/* ---------------------------------------------------------------- reading */

static int word_or(enum inst_choice c, const char *w, int dflt)
{
    int v = instspec_parse_word(c, w);

    return v < 0 ? dflt : v;
}

static void read_boot_list(const char *text, struct inst_spec *s)
{
    char **w = g_strsplit(text, ",", -1);

    s->nboot = 0;
    for (int i = 0; w[i] && s->nboot < INSTANCE_BOOT_MAX; i++) {
        int b = instspec_parse_word(IC_BOOT, w[i]);

        if (b >= 0)
            s->boot[s->nboot++] = b;
    }
    g_strfreev(w);
}

static void read_spec_row(const struct db_row *r, struct instance *in)
{
    struct inst_spec *s = &in->spec;
    struct inst_graphics *g = &s->gfx;

    instspec_defaults(s);
    in->id = db_row_int(r, 0);
    s->project_id = db_row_int(r, 1);
    g_free(s->name_en);
    s->name_en = db_row_text(r, 2);
    g_free(s->name_zh);
    s->name_zh = db_row_text(r, 3);
    s->vcpus = (int)db_row_int(r, 4);
    s->memory_mib = db_row_int(r, 5);
    s->memory_gb = db_row_int(r, 6) == 1;
    s->arch = word_or(IC_ARCH, db_row_peek(r, 7), ARCH_X86_64);
    s->hypervisor = word_or(IC_HYPERVISOR, db_row_peek(r, 8), HV_KVM);
    g_free(s->machine);
    s->machine = db_row_text(r, 9);
    read_boot_list(db_row_peek(r, 10) ? db_row_peek(r, 10) : "", s);
    s->bootmenu = db_row_int(r, 11);
    s->bootmenu_timeout = (int)db_row_int(r, 12);
    s->bios_serial = db_row_int(r, 13);
    s->reboot_timeout = (int)db_row_int(r, 14);
    s->tablet = db_row_int(r, 15);
    g->type = word_or(IC_GFX, db_row_peek(r, 16), GFX_VNC);
    g->autoport = db_row_int(r, 17);
    g->port = (int)db_row_int(r, 18);
    g->valid_to = db_row_int(r, 19);
    g->keep = db_row_int(r, 20);
    g->share = word_or(IC_SHARE, db_row_peek(r, 21), SHARE_ALLOW_EXCLUSIVE);
    g_free(g->listen);
    g->listen = db_row_text(r, 22);
    g->tls_port = (int)db_row_int(r, 23);
    g->default_mode = word_or(IC_MODE, db_row_peek(r, 24), MODE_ANY);
    g->image = word_or(IC_IMAGE, db_row_peek(r, 25), IMAGE_UNSET);
    g->jpeg = word_or(IC_WAN, db_row_peek(r, 26), WAN_UNSET);
    g->zlib = word_or(IC_WAN, db_row_peek(r, 27), WAN_UNSET);
    g->playback = (int)db_row_int(r, 28);
    g->streaming = word_or(IC_STREAMING, db_row_peek(r, 29), STREAM_UNSET);
    g->filetransfer = db_row_int(r, 30);
    s->bound_host_id = db_row_int(r, 31);
    s->bound_group_id = db_row_int(r, 32);
    g_free(s->custom_domain);
    s->custom_domain = db_row_text(r, 33);
    g_free(s->custom_devices);
    s->custom_devices = db_row_text(r, 34);
    s->unique = db_row_int(r, 35);
    in->active = db_row_int(r, 36);
    s->version = db_row_int(r, 37);
    in->created_at = db_row_int(r, 38);
    in->project = db_row_text(r, 39);
    in->bound_host = db_row_text(r, 40);
    in->bound_group = db_row_text(r, 41);
    in->nvms = (int)db_row_int(r, 42);
}

static bool read_one(const struct db_row *r, void *ctx)
{
    read_spec_row(r, ctx);
    return true;
}

static bool add_row(const struct db_row *r, void *ctx)
{
    struct instance_page *p = ctx;

    p->rows = db_page_grow(p->rows, p->n, sizeof *p->rows);
    memset(&p->rows[p->n], 0, sizeof *p->rows);
    read_spec_row(r, &p->rows[p->n++]);
    return true;
}

static bool read_disk(const struct db_row *r, void *ctx)
{
    struct inst_spec *s = ctx;
    struct inst_disk *d;

    if (s->ndisks >= INSTANCE_DISK_MAX)
        return false;
    d = &s->disks[s->ndisks++];
    memset(d, 0, sizeof *d);
    d->resource = word_or(IC_RESOURCE, db_row_peek(r, 0), RES_FILE);
    d->device = word_or(IC_DEVICE, db_row_peek(r, 1), DEV_DISK);
    d->image_id = db_row_int(r, 2);
    d->volume_id = db_row_int(r, 3);
    d->policy = word_or(IC_POLICY, db_row_peek(r, 4), POLICY_UNSET);
    d->relabel = db_row_int(r, 5);
    d->bus = word_or(IC_BUS, db_row_peek(r, 6), BUS_IDE);
    g_strlcpy(d->dev, db_row_peek(r, 7) ? db_row_peek(r, 7) : "", sizeof d->dev);
    d->tray_open = db_row_int(r, 8);
    d->removable = db_row_int(r, 9);
    d->readonly = db_row_int(r, 10);
    d->cache = word_or(IC_CACHE, db_row_peek(r, 11), CACHE_WRITEBACK);
    d->copy_on_read = db_row_int(r, 12);
    return true;
}

static bool read_channel(const struct db_row *r, void *ctx)
{
    struct inst_graphics *g = ctx;

    g->channels = g_renew(struct inst_channel, g->channels, g->nchannels + 1);
    g->channels[g->nchannels].name = word_or(IC_CHANNEL, db_row_peek(r, 0), 0);
    g->channels[g->nchannels++].mode = word_or(IC_MODE, db_row_peek(r, 1), MODE_ANY);
    return true;
}

static bool read_nic(const struct db_row *r, void *ctx)
{
    struct inst_spec *s = ctx;
    struct inst_nic *n;

    s->nics = g_renew(struct inst_nic, s->nics, s->nnics + 1);
    n = &s->nics[s->nnics++];
    memset(n, 0, sizeof *n);
    n->network_id = db_row_int(r, 0);
    n->portgroup = db_row_text(r, 1);
    g_strlcpy(n->mac, db_row_peek(r, 2) ? db_row_peek(r, 2) : "", sizeof n->mac);
    n->target_dev = db_row_text(r, 3);
    n->secgroup_id = db_row_int(r, 4);
    n->model = word_or(IC_MODEL, db_row_peek(r, 5), MODEL_RTL8139);
    n->link_up = db_row_int(r, 6);
    return true;
}

static bool read_text(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return true;
}

/* The VNC/SPICE password of instance id, opened ("" when none). */
static bool read_passwd(struct db *db, int64_t id, char **out, struct dv_error *err)
{
    unsigned char key[SEAL_KEY_BYTES];
    char *sealed = NULL;
    bool ok = db_get(db, "SELECT gfx_passwd FROM instance WHERE id = ?1", DB_ARGS(DB_I(id)),
                     read_text, &sealed, missing_instance(), err);

    *out = NULL;
    if (ok && sealed && *sealed) {
        ok = program_seal_key(db, key, err) && (*out = seal_open(key, sealed, NULL, err)) != NULL;
        sodium_memzero(key, sizeof key);
    }
    if (ok && !*out)
        *out = g_strdup("");
    g_free(sealed);
    return ok;
}

static bool read_children(struct db *db, struct instance *in, struct dv_error *err)
{
    struct inst_spec *s = &in->spec;

    s->ndisks = 0;
    return db_query(db,
                    "SELECT resource, device, coalesce(image_id, 0), coalesce(volume_id, 0), "
                    "startup_policy, relabel, bus, dev, tray_open, removable, readonly, cache, "
                    "copy_on_read FROM instance_disk WHERE instance_id = ?1 ORDER BY pos",
                    DB_ARGS(DB_I(in->id)), read_disk, s, NULL, err) &&
           db_query(db,
                    "SELECT name, mode FROM instance_channel WHERE instance_id = ?1 ORDER BY pos",
                    DB_ARGS(DB_I(in->id)), read_channel, &s->gfx, NULL, err) &&
           db_query(db,
                    "SELECT network_id, portgroup, mac, target_dev, coalesce(secgroup_id, 0), "
                    "model, link_up FROM instance_nic WHERE instance_id = ?1 ORDER BY pos",
                    DB_ARGS(DB_I(in->id)), read_nic, s, NULL, err);
}

void instance_clear(struct instance *in)
{
    instspec_clear(&in->spec);
    g_free(in->project);
    g_free(in->bound_host);
    g_free(in->bound_group);
    memset(in, 0, sizeof *in);
}

void instance_page_free(struct instance_page *p)
{
    for (int i = 0; i < p->n; i++)
        instance_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof *p);
}

/* The record and children, with no project check. */
static bool get_instance(struct db *db, int64_t id, struct instance *out, struct dv_error *err)
{
    char *pw = NULL;
    bool ok;

    memset(out, 0, sizeof *out);
    ok = db_get(db, "SELECT " INST_COLUMNS " FROM " INST_FROM " WHERE i.id = ?1", DB_ARGS(DB_I(id)),
                read_one, out, missing_instance(), err) &&
         read_children(db, out, err) && read_passwd(db, id, &pw, err);
    if (ok) {
        g_free(out->spec.gfx.passwd);
        out->spec.gfx.passwd = pw;
    } else {
        g_free(pw);
        instance_clear(out);
    }
    return ok;
}

/* A project admin sees only the instances of their project. */
static bool own_project(struct db *db, const struct dv_actor *actor, int64_t project_id,
                        struct dv_error *err)
{
    int64_t pid = 0;

    if (!project_for_actor(db, actor, project_id, &pid, err))
        return false;
    if (pid == project_id)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL, "%s", _("The VM instance belongs to another project."));
    return false;
}

bool instance_get(struct db *db, const struct dv_actor *actor, int64_t id, struct instance *out,
                  struct dv_error *err)
{
    if (!get_instance(db, id, out, err))
        return false;
    if (own_project(db, actor, out->spec.project_id, err))
        return true;
    instance_clear(out);
    return false;
}

bool instance_list(struct db *db, int64_t project_id, const char *name, int64_t offset, int limit,
                   struct instance_page *out, struct dv_error *err)
{
    char *like = db_like_pattern(name ? name : "");
    bool ok;

    memset(out, 0, sizeof *out);
    ok = db_query_page(db, INST_COLUMNS,
                       INST_FROM " WHERE i.project_id = ?1 AND (?2 = '' OR i.name_zh LIKE ?3 "
                                 "ESCAPE '\\' OR i.name_en LIKE ?3 ESCAPE '\\')",
                       "i.id", DB_ARGS(DB_I(project_id), DB_T(name ? name : ""), DB_T(like)),
                       offset, limit, &out->total, add_row, out, err);
    g_free(like);
    if (!ok)
        instance_page_free(out);
    return ok;
}

/* ---------------------------------------------------------------- choices */

bool instance_host_choices(struct db *db, int64_t project_id, struct choice_list *out,
                           struct dv_error *err)
{
    return choice_select(
        db, "SELECT id, name, state = 1 FROM host WHERE id IN " PROJECT_HOSTS " ORDER BY name",
        DB_ARGS(DB_I(project_id)), out, err);
}

bool instance_group_choices(struct db *db, int64_t project_id, struct choice_list *out,
                            struct dv_error *err)
{
    return choice_select(db,
                         "SELECT g.id, g.name, 0 FROM host_group g JOIN project_host_group pg ON "
                         "pg.group_id = g.id WHERE pg.project_id = ?1 ORDER BY g.name",
                         DB_ARGS(DB_I(project_id)), out, err);
}

bool instance_image_choices(struct db *db, int64_t project_id, struct choice_list *out,
                            struct dv_error *err)
{
    return choice_select(
        db,
        "SELECT id, name || ' (' || format || CASE readonly WHEN 1 THEN ', ' || ?2 "
        "ELSE '' END || ')', readonly FROM image WHERE id IN " PROJECT_IMAGES " ORDER BY name",
        DB_ARGS(DB_I(project_id), DB_T(_("read-only"))), out, err);
}

bool instance_volume_choices(struct db *db, int64_t project_id, struct choice_list *out,
                             struct dv_error *err)
{
    return choice_select(db,
                         "SELECT v.id, p.name || '/' || v.name_en, 0 FROM volume v JOIN pool p ON "
                         "p.id = v.pool_id WHERE v.id IN " PROJECT_VOLUMES
                         " ORDER BY p.name, v.name_en",
                         DB_ARGS(DB_I(project_id)), out, err);
}

bool instance_network_choices(struct db *db, int64_t project_id, struct choice_list *out,
                              struct dv_error *err)
{
    return choice_select(db,
                         "SELECT id, name_en || ' (' || name_zh || ')', 0 FROM network WHERE "
                         "project_id = ?1 ORDER BY name_en",
                         DB_ARGS(DB_I(project_id)), out, err);
}

bool instance_active_choices(struct db *db, int64_t project_id, struct choice_list *out,
                             struct dv_error *err)
{
    return choice_select(db,
                         "SELECT id, name_zh || ' (' || name_en || ')', 0 FROM instance WHERE "
                         "project_id = ?1 AND active = 1 ORDER BY name_en",
                         DB_ARGS(DB_I(project_id)), out, err);
}

bool instance_portgroup_choices(struct db *db, int64_t network_id, struct choice_list *out,
                                struct dv_error *err)
{
    return choice_select(
        db, "SELECT id, name, 0 FROM network_portgroup WHERE network_id = ?1 ORDER BY id",
        DB_ARGS(DB_I(network_id)), out, err);
}

bool instance_secgroup_choices(struct db *db, struct choice_list *out, struct dv_error *err)
{
    return choice_select(db, "SELECT id, name, 0 FROM secgroup ORDER BY name", DB_NOARGS, out, err);
}

static bool read_run_host(const struct db_row *r, void *ctx)
{
    GArray *a = ctx;
    struct instance_host h = {
        .id = db_row_int(r, 0),
        .name = db_row_text(r, 1),
        .uri = db_row_text(r, 2),
        .live = db_row_int(r, 3) == 1,
        .mem_total_mib = db_row_int(r, 4),
        .load = db_row_is_null(r, 5) ? -1 : db_row_double(r, 5),
        .mem_used_mib = db_row_int(r, 6),
    };

    g_array_append_val(a, h);
    return true;
}

bool instance_run_hosts(struct db *db, int64_t id, struct instance_host **out, int *n,
                        struct dv_error *err)
{
    GArray *a = g_array_new(FALSE, TRUE, sizeof(struct instance_host));
    bool ok = db_query(
        db,
        "SELECT h.id, h.name, h.uri, h.state, h.mem_total_mb, h.cpu_pct, (SELECT "
        "coalesce(sum(i2.memory_mib), 0) FROM vm JOIN instance i2 ON i2.id = vm.instance_id "
        "WHERE vm.run_host_id = h.id AND vm.run_state IN (1, 2)) FROM host h, instance i "
        "WHERE i.id = ?1 AND ((i.bound_host_id IS NOT NULL AND h.id = i.bound_host_id) OR "
        "(i.bound_host_id IS NULL AND i.bound_group_id IS NOT NULL AND h.id IN (SELECT host_id "
        "FROM host_group_member WHERE group_id = i.bound_group_id)) OR (i.bound_host_id IS NULL "
        "AND i.bound_group_id IS NULL AND h.id IN " HOSTS_OF_PROJECT(
            "i.project_id") ")) "
                            "ORDER BY h.name",
        DB_ARGS(DB_I(id)), read_run_host, a, NULL, err);

    *n = (int)a->len;
    *out = (struct instance_host *)g_array_free(a, FALSE);
    return ok;
}

void instance_hosts_free(struct instance_host *h, int n)
{
    for (int i = 0; i < n; i++) {
        g_free(h[i].name);
        g_free(h[i].uri);
    }
    g_free(h);
}

/* ---------------------------------------------------------------- rules */

/* sql with ?1 = project, ?2 = the id counts one row: the id is one the
 * project may use; else DV_ERR_INVALID on field with the message. */
static bool allowed(struct db *db, const char *sql, int64_t project_id, int64_t id,
                    const char *field, const char *msg, struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db, sql, DB_ARGS(DB_I(project_id), DB_I(id)), &n, err))
        return false;
    if (n)
        return true;
    dv_error_set(err, DV_ERR_INVALID, field, "%s", msg);
    return false;
}

static bool check_binding(struct db *db, const struct inst_spec *s, struct dv_error *err)
{
    int64_t mem = 0;

    if (s->bound_group_id &&
        !allowed(db,
                 "SELECT count(*) FROM project_host_group WHERE project_id = ?1 AND group_id = ?2",
                 s->project_id, s->bound_group_id, INF_BOUND_GROUP,
                 _("The host group is not assigned to the project."), err))
        return false;
    if (!s->bound_host_id)
        return true;
    if (!allowed(db, "SELECT count(*) FROM host WHERE id = ?2 AND id IN " PROJECT_HOSTS,
                 s->project_id, s->bound_host_id, INF_BOUND_HOST,
                 _("The host is not one the project may run VMs on."), err) ||
        !db_scalar(db, "SELECT mem_total_mb FROM host WHERE id = ?1",
                   DB_ARGS(DB_I(s->bound_host_id)), &mem, err))
        return false;
    if (mem > 0 && s->memory_mib > mem - INSTANCE_HOST_RESERVE_MIB) {
        dv_error_set(err, DV_ERR_INVALID, INF_MEMORY,
                     _("Memory exceeds the host's memory less 512 MiB (%lld MiB at most)."),
                     (long long)(mem - INSTANCE_HOST_RESERVE_MIB));
        return false;
    }
    return true;
}

static bool check_devices(struct db *db, const struct inst_spec *s, struct dv_error *err)
{
    for (int i = 0; i < s->ndisks; i++) {
        const struct inst_disk *d = &s->disks[i];
        bool ok =
            d->resource == RES_FILE
                ? allowed(db, "SELECT count(*) FROM image WHERE id = ?2 AND id IN " PROJECT_IMAGES,
                          s->project_id, d->image_id, INF_DISKS,
                          _("An image file of the disks is not one the project sees."), err)
                : allowed(db,
                          "SELECT count(*) FROM volume WHERE id = ?2 AND id IN " PROJECT_VOLUMES,
                          s->project_id, d->volume_id, INF_DISKS,
                          _("A volume of the disks is not in a pool of the project."), err);
        if (!ok)
            return false;
    }
    for (int i = 0; i < s->nnics; i++) {
        const struct inst_nic *n = &s->nics[i];
        int64_t pg = 1;

        if (!allowed(db, "SELECT count(*) FROM network WHERE project_id = ?1 AND id = ?2",
                     s->project_id, n->network_id, INF_NICS,
                     _("A network of the interfaces is not one of the project."), err) ||
            (n->secgroup_id &&
             !allowed(db, "SELECT count(*) FROM secgroup WHERE ?1 = ?1 AND id = ?2", s->project_id,
                      n->secgroup_id, INF_NICS,
                      _("A security group of the interfaces no longer exists."), err)))
            return false;
        if (*n->portgroup &&
            !db_scalar(db,
                       "SELECT count(*) FROM network_portgroup WHERE network_id = ?1 AND name = ?2",
                       DB_ARGS(DB_I(n->network_id), DB_T(n->portgroup)), &pg, err))
            return false;
        if (!pg) {
            dv_error_set(err, DV_ERR_INVALID, INF_NICS, _("The network has no port group '%s'."),
                         n->portgroup);
            return false;
        }
    }
    return true;
}

bool instance_quota_check(struct db *db, int64_t project_id, struct dv_error *err)
{
    int64_t max = 0, n = 0;

    if (!db_scalar(db, "SELECT max_instances FROM project WHERE id = ?1", DB_ARGS(DB_I(project_id)),
                   &max, err) ||
        !db_scalar(db, "SELECT count(*) FROM instance WHERE project_id = ?1",
                   DB_ARGS(DB_I(project_id)), &n, err))
        return false;
    if (n < max)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL,
                 _("Project quota exceeded: the project may have at most %lld VM instances."),
                 (long long)max);
    return false;
}

/* M11.3j: a writable disk no temporary snapshot protects (a volume, or a
 * file whose image is not read-only) of an instance that is not unique. */
static bool shared_warning(struct db *db, const struct inst_spec *s, GString *w,
                           struct dv_error *err)
{
    for (int i = 0; !s->unique && i < s->ndisks; i++) {
        const struct inst_disk *d = &s->disks[i];
        int64_t ro = 0;

        if (d->readonly)
            continue;
        if (d->resource == RES_FILE && !db_scalar(db, "SELECT readonly FROM image WHERE id = ?1",
                                                  DB_ARGS(DB_I(d->image_id)), &ro, err))
            return false;
        if (!ro) {
            if (w->len)
                g_string_append_c(w, ' ');
            g_string_append_printf(
                w,
                _("The disk %s is writable and shared by every VM of the instance: VMs running "
                  "at the same time may corrupt it; make it read-only or use a read-only image."),
                d->dev);
            return true;
        }
    }
    return true;
}

/* ---------------------------------------------------------------- writing */

static char *boot_text(const struct inst_spec *s)
{
    GString *b = g_string_new("");

    for (int i = 0; i < s->nboot; i++)
        g_string_append_printf(b, "%s%s", i ? "," : "", instspec_word(IC_BOOT, s->boot[i]));
    return g_string_free(b, FALSE);
}

static bool seal_passwd(struct db *db, const char *pw, char **out, struct dv_error *err)
{
    unsigned char key[SEAL_KEY_BYTES];
    bool ok;

    *out = NULL;
    if (!pw || !*pw) {
        *out = g_strdup("");
        return true;
    }
    ok = program_seal_key(db, key, err) && (*out = seal_seal(key, pw, strlen(pw), err)) != NULL;
    sodium_memzero(key, sizeof key);
    return ok;
}

/* The scalar columns ?3 ... ?37 of an insert or update (?1, ?2 the caller's). */
#define SCALAR_SET                                                                                 \
    "name_en = ?3, name_zh = ?4, vcpus = ?5, memory_mib = ?6, memory_unit = ?7, arch = ?8, "       \
    "hypervisor = ?9, machine = ?10, boot = ?11, bootmenu = ?12, bootmenu_timeout = ?13, "         \
    "bios_serial = ?14, reboot_timeout = ?15, tablet = ?16, gfx_type = ?17, gfx_autoport = ?18, "  \
    "gfx_port = ?19, gfx_passwd = ?20, gfx_passwd_valid_to = ?21, gfx_keep = ?22, "                \
    "gfx_share_policy = ?23, gfx_listen = ?24, gfx_tls_port = ?25, gfx_default_mode = ?26, "       \
    "gfx_image = ?27, gfx_jpeg = ?28, gfx_zlib = ?29, gfx_playback = ?30, gfx_streaming = ?31, "   \
    "gfx_filetransfer = ?32, bound_host_id = ?33, bound_group_id = ?34, custom_domain = ?35, "     \
    "custom_devices = ?36, is_unique = ?37"

static bool write_scalars(struct db *db, const char *sql, int64_t a1, int64_t a2,
                          const struct inst_spec *s, const char *sealed, struct dv_error *err)
{
    const struct inst_graphics *g = &s->gfx;
    char *boot = boot_text(s);
    bool ok = db_do(
        db, sql,
        DB_ARGS(DB_I(a1), DB_I(a2), DB_T(s->name_en), DB_T(s->name_zh), DB_I(s->vcpus),
                DB_I(s->memory_mib), DB_I(s->memory_gb), DB_T(instspec_word(IC_ARCH, s->arch)),
                DB_T(instspec_word(IC_HYPERVISOR, s->hypervisor)), DB_T(s->machine), DB_T(boot),
                DB_I(s->bootmenu), DB_I(s->bootmenu_timeout), DB_I(s->bios_serial),
                DB_I(s->reboot_timeout), DB_I(s->tablet), DB_T(instspec_word(IC_GFX, g->type)),
                DB_I(g->autoport), DB_I(g->port), DB_T(sealed), DB_I(g->valid_to), DB_I(g->keep),
                DB_T(instspec_word(IC_SHARE, g->share)), DB_T(g->listen), DB_I(g->tls_port),
                DB_T(instspec_word(IC_MODE, g->default_mode)),
                DB_T(instspec_word(IC_IMAGE, g->image)), DB_T(instspec_word(IC_WAN, g->jpeg)),
                DB_T(instspec_word(IC_WAN, g->zlib)), DB_I(g->playback),
                DB_T(instspec_word(IC_STREAMING, g->streaming)), DB_I(g->filetransfer),
                DB_ID0(s->bound_host_id), DB_ID0(s->bound_group_id), DB_T(s->custom_domain),
                DB_T(s->custom_devices), DB_I(s->unique)),
        err);

    g_free(boot);
    return ok;
}

static bool write_children(struct db *db, int64_t id, const struct inst_spec *s,
                           struct dv_error *err)
{
    bool ok =
        db_do(db, "DELETE FROM instance_disk WHERE instance_id = ?1", DB_ARGS(DB_I(id)), err) &&
        db_do(db, "DELETE FROM instance_channel WHERE instance_id = ?1", DB_ARGS(DB_I(id)), err) &&
        db_do(db, "DELETE FROM instance_nic WHERE instance_id = ?1", DB_ARGS(DB_I(id)), err);

    for (int i = 0; ok && i < s->ndisks; i++) {
        const struct inst_disk *d = &s->disks[i];

        ok = db_do(db,
                   "INSERT INTO instance_disk(instance_id, pos, resource, device, image_id, "
                   "volume_id, startup_policy, relabel, bus, dev, tray_open, removable, readonly, "
                   "cache, copy_on_read) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                   "?12, ?13, ?14, ?15)",
                   DB_ARGS(DB_I(id), DB_I(i), DB_T(instspec_word(IC_RESOURCE, d->resource)),
                           DB_T(instspec_word(IC_DEVICE, d->device)), DB_ID0(d->image_id),
                           DB_ID0(d->volume_id), DB_T(instspec_word(IC_POLICY, d->policy)),
                           DB_I(d->relabel), DB_T(instspec_word(IC_BUS, d->bus)), DB_T(d->dev),
                           DB_I(d->tray_open), DB_I(d->removable), DB_I(d->readonly),
                           DB_T(instspec_word(IC_CACHE, d->cache)), DB_I(d->copy_on_read)),
                   err);
    }
    for (int i = 0; ok && i < s->gfx.nchannels; i++)
        ok = db_do(db,
                   "INSERT INTO instance_channel(instance_id, pos, name, mode) "
                   "VALUES (?1, ?2, ?3, ?4)",
                   DB_ARGS(DB_I(id), DB_I(i),
                           DB_T(instspec_word(IC_CHANNEL, s->gfx.channels[i].name)),
                           DB_T(instspec_word(IC_MODE, s->gfx.channels[i].mode))),
                   err);
    for (int i = 0; ok && i < s->nnics; i++) {
        const struct inst_nic *n = &s->nics[i];

        ok = db_do(db,
                   "INSERT INTO instance_nic(instance_id, pos, network_id, portgroup, mac, "
                   "target_dev, secgroup_id, model, link_up) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                   "?8, ?9)",
                   DB_ARGS(DB_I(id), DB_I(i), DB_I(n->network_id), DB_T(n->portgroup), DB_T(n->mac),
                           DB_T(n->target_dev), DB_ID0(n->secgroup_id),
                           DB_T(instspec_word(IC_MODEL, n->model)), DB_I(n->link_up)),
                   err);
    }
    return ok;
}

/* The English name is unique in the project (a constraint error says so). */
static bool name_free(struct db *db, const struct inst_spec *s, int64_t self, struct dv_error *err)
{
    int64_t n = 0;

    if (!db_scalar(db,
                   "SELECT count(*) FROM instance WHERE project_id = ?1 AND name_en = ?2 AND "
                   "id <> ?3",
                   DB_ARGS(DB_I(s->project_id), DB_T(s->name_en), DB_I(self)), &n, err))
        return false;
    if (!n)
        return true;
    dv_error_set(err, DV_ERR_EXISTS, INF_NAME_EN,
                 _("The project already has an instance named '%s'."), s->name_en);
    return false;
}

static char *take_warning(GString *w, char *first)
{
    if (first) {
        g_string_prepend_c(w, ' ');
        g_string_prepend(w, first);
        g_free(first);
    }
    g_strstrip(w->str);
    w->len = strlen(w->str);
    return w->len ? g_string_free(w, FALSE) : (g_string_free(w, TRUE), NULL);
}

bool instance_add(struct db *db, const struct dv_actor *actor, const struct inst_spec *in,
                  int64_t *id, char **warning, struct dv_error *err)
{
    struct inst_spec s;
    char *advice = NULL, *sealed = NULL;
    GString *w = g_string_new("");
    int64_t new_id = 0;
    bool ok;

    instspec_copy(&s, in);
    ok = project_for_actor(db, actor, in->project_id, &s.project_id, err) &&
         instance_check(&s, &advice, err) && seal_passwd(db, s.gfx.passwd, &sealed, err) &&
         db_begin(db, err);
    if (ok) {
        ok = name_free(db, &s, 0, err) && instance_quota_check(db, s.project_id, err) &&
             check_binding(db, &s, err) && check_devices(db, &s, err) &&
             shared_warning(db, &s, w, err) &&
             write_scalars(db,
                           "INSERT INTO instance(project_id, created_at, name_en, name_zh, vcpus, "
                           "memory_mib, memory_unit, arch, hypervisor, machine, boot, bootmenu, "
                           "bootmenu_timeout, bios_serial, reboot_timeout, tablet, gfx_type, "
                           "gfx_autoport, gfx_port, gfx_passwd, gfx_passwd_valid_to, gfx_keep, "
                           "gfx_share_policy, gfx_listen, gfx_tls_port, gfx_default_mode, "
                           "gfx_image, gfx_jpeg, gfx_zlib, gfx_playback, gfx_streaming, "
                           "gfx_filetransfer, bound_host_id, bound_group_id, custom_domain, "
                           "custom_devices, is_unique) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                           "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
                           "?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, "
                           "?37)",
                           s.project_id, dv_now(), &s, sealed, err) &&
             (new_id = db_last_id(db)) > 0 && write_children(db, new_id, &s, err);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add VM instance"), s.name_en, err);
    }
    if (ok && id)
        *id = new_id;
    if (ok && warning)
        *warning = take_warning(w, g_steal_pointer(&advice));
    else
        g_string_free(w, TRUE);
    g_free(advice);
    g_free(sealed);
    instspec_clear(&s);
    return ok;
}

bool instance_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                     const struct inst_spec *in, char **warning, struct dv_error *err)
{
    struct instance cur = {0};
    struct inst_spec s;
    char *advice = NULL, *sealed = NULL;
    GString *w = g_string_new("");
    bool ok;

    instspec_copy(&s, in);
    ok = get_instance(db, id, &cur, err) && own_project(db, actor, cur.spec.project_id, err);
    s.project_id = cur.spec.project_id;
    ok = ok && instance_check(&s, &advice, err) && seal_passwd(db, s.gfx.passwd, &sealed, err) &&
         db_begin(db, err);
    if (ok) {
        int64_t vms = 0;

        ok = db_bump_version(db, "instance", id, s.version, missing_instance(), err) &&
             name_free(db, &s, id, err) && check_binding(db, &s, err) &&
             check_devices(db, &s, err) && shared_warning(db, &s, w, err) &&
             db_scalar(db, "SELECT count(*) FROM vm WHERE instance_id = ?1", DB_ARGS(DB_I(id)),
                       &vms, err);
        if (ok && s.unique && vms > 1) {
            dv_error_set(err, DV_ERR_INVALID, INF_UNIQUE,
                         _("The instance has %lld VMs; a unique instance can have only one."),
                         (long long)vms);
            ok = false;
        }
        ok = ok &&
             write_scalars(db, "UPDATE instance SET " SCALAR_SET " WHERE id = ?1 AND ?2 = ?2", id,
                           0, &s, sealed, err) &&
             write_children(db, id, &s, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify VM instance"), s.name_en, err);
    }
    if (ok && warning)
        *warning = take_warning(w, g_steal_pointer(&advice));
    else
        g_string_free(w, TRUE);
    g_free(advice);
    g_free(sealed);
    instspec_clear(&s);
    instance_clear(&cur);
    return ok;
}

bool instance_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct instance cur = {0};
    bool ok = get_instance(db, id, &cur, err) && own_project(db, actor, cur.spec.project_id, err) &&
              db_begin(db, err);

    if (ok) {
        int64_t vms = 0;

        ok = db_scalar(db, "SELECT count(*) FROM vm WHERE instance_id = ?1", DB_ARGS(DB_I(id)),
                       &vms, err);
        if (ok && vms) {
            dv_error_set(err, DV_ERR_INUSE, NULL, "%s",
                         _("The instance still has VMs; it cannot be deleted."));
            ok = false;
        }
        ok = ok && db_do(db, "DELETE FROM instance WHERE id = ?1", DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete VM instance"), cur.spec.name_en,
                          err);
    }
    instance_clear(&cur);
    return ok;
}

bool instance_activate(struct db *db, const struct dv_actor *actor, int64_t id,
                       struct dv_error *err)
{
    struct instance cur = {0};
    bool ok = get_instance(db, id, &cur, err) && own_project(db, actor, cur.spec.project_id, err);

    if (ok && cur.active) {
        dv_error_set(err, DV_ERR_INFO, NULL, "%s", _("The instance is already active."));
        ok = false;
    }
    if (ok && db_begin(db, err)) {
        ok =
            db_do(db, "UPDATE instance SET active = 1, row_version = row_version + 1 WHERE id = ?1",
                  DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Activate VM instance"), cur.spec.name_en,
                          err);
    } else {
        ok = false;
    }
    instance_clear(&cur);
    return ok;
}
