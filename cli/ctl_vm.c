/* ctl_vm.c - dosvmctl's VM nouns (manual ch. 11): instance, vm,
 * checkpoint.
 *
 * An instance's scalar options are the editor's field keys (vm/instance.h
 * INF_*); its tables are repeated options, one per row, each a list of
 * parts "key=value,key=value" with the row dialog's keys without their
 * prefix (--disk "resource=volume,volume=p1/v1,bus=virtio", --nic
 * "network=inner,model=virtio", --channel "name=main,mode=secure").  A
 * comma starts a new part only where a key and '=' follow, so a label with
 * commas in it ("cd (raw, read-only)") stays one value.  instance show
 * prints the instance as these options, so that instance add takes it
 * back; a scalar option given twice counts the last time, so that options
 * after the copied ones change them. */
#include "ctl.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "db/choice.h"
#include "jobs/job.h"
#include "projects/project.h"
#include "vm/checkpoint.h"
#include "vm/instance.h"
#include "vm/vm.h"
#include "vm/vmpower.h"

/* ---------------------------------------------------------------- shared helpers */

static void warn(const char *text)
{
    if (text && *text)
        fprintf(stderr, "dosvmctl: %s\n", text);
}

/* The project a project administrator's instances are in; the system
 * administrator has none (the console shows the pages to project
 * administrators only). */
static bool my_project(struct ctl *c, int64_t *project, struct dv_error *err)
{
    *project = 0;
    if (c->actor.sysadm) {
        dv_error_set(err, DV_ERR_DENIED, NULL, "%s",
                     _("VM instances are managed by the administrator of their project."));
        return false;
    }
    return project_for_actor(c->db, &c->actor, 0, project, err);
}

/* ---------------------------------------------------------------- instances: the record */

static const struct ctl_column instance_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name_en", N_("English name"), CTL_STR},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"project", N_("Project name"), CTL_STR},
    {"bound_host", N_("Bound host"), CTL_STR},
    {"bound_group", N_("Bound host group"), CTL_STR},
    {"vcpus", N_("vCPUs"), CTL_NUM},
    {"memory_mib", N_("Memory (MiB)"), CTL_NUM},
    {"vms", N_("Number of VMs"), CTL_NUM},
    {"unique", N_("Unique VM"), CTL_BOOL},
    {"active", N_("Active"), CTL_BOOL},
    {"created", N_("Created"), CTL_STR},
};

static void instance_row(struct ctl_table *t, const struct instance *in)
{
    char when[DV_TIME_LEN];

    ctl_cell_num(t, in->id);
    ctl_cell(t, in->spec.name_en);
    ctl_cell(t, in->spec.name_zh);
    ctl_cell(t, in->project);
    ctl_cell(t, in->bound_host);
    ctl_cell(t, in->bound_group);
    ctl_cell_num(t, in->spec.vcpus);
    ctl_cell_num(t, in->spec.memory_mib);
    ctl_cell_num(t, in->nvms);
    ctl_cell_bool(t, in->spec.unique);
    ctl_cell_bool(t, in->active);
    ctl_cell(t, dv_format_time(in->created_at, when));
}

static struct ctl_table *instance_table(const struct instance *in)
{
    struct ctl_table *t = ctl_table_new(instance_cols, G_N_ELEMENTS(instance_cols));

    instance_row(t, in);
    return t;
}

/* The instance of the project named exactly name (English, else Chinese). */
static bool find_instance(struct ctl *c, int64_t project, const char *name, struct instance *out,
                          struct dv_error *err)
{
    struct instance_page p;
    int64_t id = 0;

    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, "name", _("%s is required."), _("Instance English name"));
        return false;
    }
    if (!instance_list(c->db, project, name, 0, -1, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].spec.name_en, name) == 0)
            id = p.rows[i].id;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].spec.name_zh, name) == 0)
            id = p.rows[i].id;
    instance_page_free(&p);
    if (!id && ctl_id_of(name, &id)) { /* the instance of that id, if it is the actor's */
        struct dv_error none = {0};

        if (instance_get(c->db, &c->actor, id, out, &none) &&
            (!project || out->spec.project_id == project))
            return true;
        instance_clear(out);
        id = 0;
    }
    if (!id) {
        dv_error_set(err, DV_ERR_NOTFOUND, "name", _("There is no VM instance '%s'."), name);
        return false;
    }
    return instance_get(c->db, &c->actor, id, out, err);
}

/* instance list [--name PART] (M11.3a) */
static bool instance_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct instance_page p;
    int64_t project = 0;

    if (!my_project(c, &project, err) ||
        !instance_list(c->db, project, ctl_opt(c, "name"), 0, -1, &p, err))
        return false;
    *out = ctl_table_new(instance_cols, G_N_ELEMENTS(instance_cols));
    for (int i = 0; i < p.n; i++)
        instance_row(*out, &p.rows[i]);
    instance_page_free(&p);
    return true;
}

/* ---------------------------------------------------------------- instances: the options */

/* The scalar fields, in the order of struct instance_input. */
enum {
    T_NAME_EN,
    T_NAME_ZH,
    T_VCPUS,
    T_MEMORY,
    T_MEMORY_UNIT,
    T_ARCH,
    T_HYPERVISOR,
    T_MACHINE,
    T_BOOT,
    T_BOOTMENU,
    T_BOOTMENU_TIMEOUT,
    T_BIOS_SERIAL,
    T_REBOOT_TIMEOUT,
    T_TABLET,
    T_GFX_TYPE,
    T_GFX_AUTOPORT,
    T_GFX_PORT,
    T_GFX_PASSWD,
    T_GFX_VALID_TO,
    T_GFX_KEEP,
    T_GFX_SHARE,
    T_GFX_LISTEN,
    T_GFX_TLS_PORT,
    T_GFX_MODE,
    T_GFX_IMAGE,
    T_GFX_JPEG,
    T_GFX_ZLIB,
    T_GFX_PLAYBACK,
    T_GFX_STREAMING,
    T_GFX_FILETRANSFER,
    T_BOUND_HOST,
    T_BOUND_GROUP,
    T_CUSTOM_DOMAIN,
    T_CUSTOM_DEVICES,
    T_UNIQUE,
    T_COUNT
};

/* Each text's key, its member of struct instance_input, and whether it is
 * a yes/no ("1"/"0") field. */
static const struct {
    const char *key;
    size_t off;
    bool yes_no;
} in_fields[T_COUNT] = {
#define F(ID, KEY, MEMBER, B) [ID] = {KEY, offsetof(struct instance_input, MEMBER), B}
    F(T_NAME_EN, INF_NAME_EN, name_en, false),
    F(T_NAME_ZH, INF_NAME_ZH, name_zh, false),
    F(T_VCPUS, INF_VCPUS, vcpus, false),
    F(T_MEMORY, INF_MEMORY, memory, false),
    F(T_MEMORY_UNIT, INF_MEMORY_UNIT, memory_unit, false),
    F(T_ARCH, INF_ARCH, arch, false),
    F(T_HYPERVISOR, INF_HYPERVISOR, hypervisor, false),
    F(T_MACHINE, INF_MACHINE, machine, false),
    F(T_BOOT, INF_BOOT, boot, false),
    F(T_BOOTMENU, INF_BOOTMENU, bootmenu, true),
    F(T_BOOTMENU_TIMEOUT, INF_BOOTMENU_TIMEOUT, bootmenu_timeout, false),
    F(T_BIOS_SERIAL, INF_BIOS_SERIAL, bios_serial, true),
    F(T_REBOOT_TIMEOUT, INF_REBOOT_TIMEOUT, reboot_timeout, false),
    F(T_TABLET, INF_TABLET, tablet, true),
    F(T_GFX_TYPE, INF_GFX_TYPE, gfx_type, false),
    F(T_GFX_AUTOPORT, INF_GFX_AUTOPORT, gfx_autoport, true),
    F(T_GFX_PORT, INF_GFX_PORT, gfx_port, false),
    F(T_GFX_PASSWD, INF_GFX_PASSWD, gfx_passwd, false),
    F(T_GFX_VALID_TO, INF_GFX_VALID_TO, gfx_valid_to, false),
    F(T_GFX_KEEP, INF_GFX_KEEP, gfx_keep, true),
    F(T_GFX_SHARE, INF_GFX_SHARE, gfx_share, false),
    F(T_GFX_LISTEN, INF_GFX_LISTEN, gfx_listen, false),
    F(T_GFX_TLS_PORT, INF_GFX_TLS_PORT, gfx_tls_port, false),
    F(T_GFX_MODE, INF_GFX_MODE, gfx_mode, false),
    F(T_GFX_IMAGE, INF_GFX_IMAGE, gfx_image, false),
    F(T_GFX_JPEG, INF_GFX_JPEG, gfx_jpeg, false),
    F(T_GFX_ZLIB, INF_GFX_ZLIB, gfx_zlib, false),
    F(T_GFX_PLAYBACK, INF_GFX_PLAYBACK, gfx_playback, true),
    F(T_GFX_STREAMING, INF_GFX_STREAMING, gfx_streaming, false),
    F(T_GFX_FILETRANSFER, INF_GFX_FILETRANSFER, gfx_filetransfer, true),
    F(T_BOUND_HOST, INF_BOUND_HOST, bound_host, false),
    F(T_BOUND_GROUP, INF_BOUND_GROUP, bound_group, false),
    F(T_CUSTOM_DOMAIN, INF_CUSTOM_DOMAIN, custom_domain, false),
    F(T_CUSTOM_DEVICES, INF_CUSTOM_DEVICES, custom_devices, false),
    F(T_UNIQUE, INF_UNIQUE, unique, true),
#undef F
};

/* What instance add and modify build: the texts (owned), the tables, and
 * the choices the options name. */
struct idraft {
    char *t[T_COUNT];
    struct inst_disk disks[INSTANCE_DISK_MAX];
    int ndisks;
    GArray *nics;     /* struct inst_nic, owned strings */
    GArray *channels; /* struct inst_channel */
    struct choice_list images, volumes, networks, secgroups, hosts, groups;
};

static void nic_clear(void *p)
{
    instance_nic_clear(p);
}

static void set_t(struct idraft *d, int i, char *v)
{
    g_free(d->t[i]);
    d->t[i] = v;
}

static char *word_text(enum inst_choice c, int v)
{
    const char *w = instspec_word(c, v);

    return g_strdup(w ? w : "");
}

static char *b01(bool b)
{
    return g_strdup(b ? "1" : "0");
}

/* The draft of s (the defaults, a copy or the record), as the editor loads it. */
static void idraft_init(struct idraft *d, const struct inst_spec *s)
{
    const struct inst_graphics *g = &s->gfx;
    GString *boot = g_string_new(NULL);
    bool gib = s->memory_gb && s->memory_mib % 1024 == 0;
    char when[DV_TIME_LEN];

    memset(d, 0, sizeof *d);
    d->nics = g_array_new(FALSE, TRUE, sizeof(struct inst_nic));
    g_array_set_clear_func(d->nics, nic_clear);
    d->channels = g_array_new(FALSE, TRUE, sizeof(struct inst_channel));
    set_t(d, T_NAME_EN, g_strdup(s->name_en ? s->name_en : ""));
    set_t(d, T_NAME_ZH, g_strdup(s->name_zh ? s->name_zh : ""));
    set_t(d, T_VCPUS, g_strdup_printf("%d", s->vcpus));
    set_t(d, T_MEMORY,
          g_strdup_printf("%lld", (long long)(gib ? s->memory_mib / 1024 : s->memory_mib)));
    set_t(d, T_MEMORY_UNIT, g_strdup(gib ? "GiB" : "MiB"));
    set_t(d, T_ARCH, word_text(IC_ARCH, s->arch));
    set_t(d, T_HYPERVISOR, word_text(IC_HYPERVISOR, s->hypervisor));
    set_t(d, T_MACHINE, g_strdup(s->machine ? s->machine : ""));
    for (int i = 0; i < s->nboot; i++)
        g_string_append_printf(boot, "%s%s", i ? "," : "", instspec_word(IC_BOOT, s->boot[i]));
    set_t(d, T_BOOT, g_string_free(boot, FALSE));
    set_t(d, T_BOOTMENU, b01(s->bootmenu));
    set_t(d, T_BOOTMENU_TIMEOUT, g_strdup_printf("%d", s->bootmenu_timeout));
    set_t(d, T_BIOS_SERIAL, b01(s->bios_serial));
    set_t(d, T_REBOOT_TIMEOUT, g_strdup_printf("%d", s->reboot_timeout));
    set_t(d, T_TABLET, b01(s->tablet));
    set_t(d, T_GFX_TYPE, word_text(IC_GFX, g->type));
    set_t(d, T_GFX_AUTOPORT, b01(g->autoport));
    set_t(d, T_GFX_PORT, g->autoport || !g->port ? g_strdup("") : g_strdup_printf("%d", g->port));
    set_t(d, T_GFX_PASSWD, g_strdup(g->passwd ? g->passwd : ""));
    set_t(d, T_GFX_VALID_TO, g_strdup(g->valid_to ? dv_format_time(g->valid_to, when) : ""));
    set_t(d, T_GFX_KEEP, b01(g->keep));
    set_t(d, T_GFX_SHARE, word_text(IC_SHARE, g->share));
    set_t(d, T_GFX_LISTEN, g_strdup(g->listen ? g->listen : ""));
    set_t(d, T_GFX_TLS_PORT, g->tls_port == -1 ? g_strdup("") : g_strdup_printf("%d", g->tls_port));
    set_t(d, T_GFX_MODE, word_text(IC_MODE, g->default_mode));
    set_t(d, T_GFX_IMAGE, word_text(IC_IMAGE, g->image));
    set_t(d, T_GFX_JPEG, word_text(IC_WAN, g->jpeg));
    set_t(d, T_GFX_ZLIB, word_text(IC_WAN, g->zlib));
    set_t(d, T_GFX_PLAYBACK, g->playback < 0 ? g_strdup("") : b01(g->playback));
    set_t(d, T_GFX_STREAMING, word_text(IC_STREAMING, g->streaming));
    set_t(d, T_GFX_FILETRANSFER, b01(g->filetransfer));
    set_t(d, T_BOUND_HOST, g_strdup_printf("%lld", (long long)s->bound_host_id));
    set_t(d, T_BOUND_GROUP, g_strdup_printf("%lld", (long long)s->bound_group_id));
    set_t(d, T_CUSTOM_DOMAIN, g_strdup(s->custom_domain ? s->custom_domain : ""));
    set_t(d, T_CUSTOM_DEVICES, g_strdup(s->custom_devices ? s->custom_devices : ""));
    set_t(d, T_UNIQUE, b01(s->unique));
    d->ndisks = MIN(s->ndisks, INSTANCE_DISK_MAX);
    if (d->ndisks)
        memcpy(d->disks, s->disks, sizeof *s->disks * (size_t)d->ndisks);
    for (int i = 0; i < s->nnics; i++) {
        struct inst_nic n = s->nics[i];

        n.portgroup = g_strdup(n.portgroup ? n.portgroup : "");
        n.target_dev = g_strdup(n.target_dev ? n.target_dev : "");
        g_array_append_val(d->nics, n);
    }
    for (int i = 0; i < g->nchannels; i++)
        g_array_append_val(d->channels, g->channels[i]);
}

static void idraft_free(struct idraft *d)
{
    if (d->t[T_GFX_PASSWD])
        memset(d->t[T_GFX_PASSWD], 0, strlen(d->t[T_GFX_PASSWD]));
    for (int i = 0; i < T_COUNT; i++)
        g_free(d->t[i]);
    g_array_unref(d->nics);
    g_array_unref(d->channels);
    choice_list_free(&d->images);
    choice_list_free(&d->volumes);
    choice_list_free(&d->networks);
    choice_list_free(&d->secgroups);
    choice_list_free(&d->hosts);
    choice_list_free(&d->groups);
}

/* The choices of the editor's pickers in project. */
static bool idraft_choices(struct ctl *c, int64_t project, struct idraft *d, struct dv_error *err)
{
    return instance_image_choices(c->db, project, &d->images, err) &&
           instance_volume_choices(c->db, project, &d->volumes, err) &&
           instance_network_choices(c->db, project, &d->networks, err) &&
           instance_secgroup_choices(c->db, &d->secgroups, err) &&
           instance_host_choices(c->db, project, &d->hosts, err) &&
           instance_group_choices(c->db, project, &d->groups, err);
}

/* "k1=v1,k2=v2" as key, value pairs (g_strfreev): a comma starts a new
 * part only where a key ([a-z_-]+) and '=' follow.  The keys lose prefix
 * ("disk_bus" is "bus") and have '_' for '-'.  NULL when a part has no '='. */
static char **split_parts(const char *text, const char *prefix)
{
    GPtrArray *a = g_ptr_array_new();
    const char *p = text;

    while (*p) {
        const char *eq = strchr(p, '='), *end;
        char *key;

        if (!eq || eq == p) {
            g_ptr_array_add(a, NULL);
            g_strfreev((char **)g_ptr_array_free(a, FALSE));
            return NULL;
        }
        for (end = eq + 1; *end; end++) {
            const char *k = end + 1;

            if (*end != ',')
                continue;
            while ((*k >= 'a' && *k <= 'z') || *k == '_' || *k == '-')
                k++;
            if (k > end + 1 && *k == '=')
                break;
        }
        key = g_strndup(p, (size_t)(eq - p));
        g_strdelimit(key, "-", '_');
        if (g_str_has_prefix(key, prefix))
            memmove(key, key + strlen(prefix), strlen(key) - strlen(prefix) + 1);
        g_ptr_array_add(a, key);
        g_ptr_array_add(a, g_strndup(eq + 1, (size_t)(end - eq - 1)));
        p = *end ? end + 1 : end;
    }
    g_ptr_array_add(a, NULL);
    return (char **)g_ptr_array_free(a, FALSE);
}

/* The value of part key of parts (the last given), or NULL. */
static const char *part(char **parts, const char *key)
{
    const char *v = NULL;

    for (int i = 0; parts[i] && parts[i + 1]; i += 2)
        if (strcmp(parts[i], key) == 0)
            v = parts[i + 1];
    return v;
}

/* false with the field's error unless every part of parts is one of keys */
static bool parts_known(char **parts, const char *option, const char *field,
                        const char *const *keys, const char *text, struct dv_error *err)
{
    for (int i = 0; parts && parts[i] && parts[i + 1]; i += 2)
        if (!g_strv_contains(keys, parts[i])) {
            char *list = g_strjoinv(", ", (char **)keys);

            dv_error_set(err, DV_ERR_INVALID, field, _("--%s takes no part '%s'; its parts: %s."),
                         option, parts[i], list);
            g_free(list);
            return false;
        }
    if (!parts) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("--%s takes parts such as key=value,key=value, not '%s'."), option, text);
        return false;
    }
    return true;
}

static const char *const disk_keys[] = {"resource",  "device",   "image", "volume", "pool",
                                        "policy",    "relabel",  "bus",   "dev",    "tray",
                                        "removable", "readonly", "cache", "cor",    NULL};

/* One --disk into the draft's table, checked as the disk dialog checks it. */
static bool add_disk(struct idraft *d, const char *text, struct dv_error *err)
{
    char **p = split_parts(text, "disk_");
    char *volume = NULL, *img = NULL, *vol = NULL;
    int64_t image_id = 0, volume_id = 0;
    struct instance_disk_input in;
    bool ok = parts_known(p, "disk", INF_DISKS, disk_keys, text, err);

    if (ok && part(p, "pool") && part(p, "volume") && !strchr(part(p, "volume"), '/'))
        volume = g_strdup_printf("%s/%s", part(p, "pool"), part(p, "volume"));
    ok = ok &&
         ctl_choose_value(&d->images, INF_DISK_IMAGE, part(p, "image"), N_("Image file"), false,
                          &image_id, err) &&
         ctl_choose_value(&d->volumes, INF_DISK_VOLUME, volume ? volume : part(p, "volume"),
                          N_("Storage volume"), false, &volume_id, err);
    if (ok) {
        img = image_id ? g_strdup_printf("%lld", (long long)image_id) : NULL;
        vol = volume_id ? g_strdup_printf("%lld", (long long)volume_id) : NULL;
        in = (struct instance_disk_input){.resource = part(p, "resource"),
                                          .device = part(p, "device"),
                                          .image = img,
                                          .volume = vol,
                                          .policy = part(p, "policy"),
                                          .relabel = ctl_flag01(part(p, "relabel")),
                                          .bus = part(p, "bus"),
                                          .dev = part(p, "dev"),
                                          .tray = ctl_flag01(part(p, "tray")),
                                          .removable = ctl_flag01(part(p, "removable")),
                                          .readonly = ctl_flag01(part(p, "readonly")),
                                          .cache = part(p, "cache"),
                                          .copy_on_read = ctl_flag01(part(p, "cor"))};
        ok = instance_disk_parse(&in, d->disks, d->ndisks, -1, &d->disks[d->ndisks], err);
        if (ok)
            d->ndisks++;
    }
    g_free(volume);
    g_free(img);
    g_free(vol);
    g_strfreev(p);
    return ok;
}

static const char *const nic_keys[] = {"network",  "portgroup", "mac",  "target",
                                       "secgroup", "model",     "link", NULL};

/* One --nic into the draft's table, checked as the NIC dialog checks it. */
static bool add_nic(struct idraft *d, const char *text, struct dv_error *err)
{
    char **p = split_parts(text, "nic_");
    int64_t net = 0, sg = 0;
    char *net_t = NULL, *sg_t = NULL;
    struct inst_nic n = {0};
    bool ok = parts_known(p, "nic", INF_NICS, nic_keys, text, err) &&
              ctl_choose_value(&d->networks, INF_NIC_NETWORK, part(p, "network"), N_("Network"),
                               true, &net, err) &&
              ctl_choose_value(&d->secgroups, INF_NIC_SECGROUP, part(p, "secgroup"),
                               N_("Security group"), false, &sg, err);

    if (ok) {
        struct instance_nic_input in;

        net_t = g_strdup_printf("%lld", (long long)net);
        sg_t = g_strdup_printf("%lld", (long long)sg);
        in = (struct instance_nic_input){.network = net_t,
                                         .portgroup = part(p, "portgroup"),
                                         .mac = part(p, "mac"),
                                         .target = part(p, "target"),
                                         .secgroup = sg_t,
                                         .model = part(p, "model"),
                                         .link = part(p, "link")};
        ok = instance_nic_parse(&in, &n, err);
        if (ok)
            g_array_append_val(d->nics, n);
        else
            instance_nic_clear(&n);
    }
    g_free(net_t);
    g_free(sg_t);
    g_strfreev(p);
    return ok;
}

static const char *const channel_keys[] = {"name", "mode", NULL};

/* One --channel into the draft's SPICE channel table. */
static bool add_channel(struct idraft *d, const char *text, struct dv_error *err)
{
    char **p = split_parts(text, "channel_");
    struct inst_channel ch;
    bool ok = parts_known(p, "channel", INF_GFX_CHANNELS, channel_keys, text, err) &&
              instance_channel_parse(part(p, "name"), part(p, "mode"),
                                     (const struct inst_channel *)(const void *)d->channels->data,
                                     (int)d->channels->len, &ch, err);

    if (ok)
        g_array_append_val(d->channels, ch);
    g_strfreev(p);
    return ok;
}

/* The first line of the file --gfx-passwd-file names into the draft. */
static bool read_passwd_file(const struct ctl *c, struct idraft *d, struct dv_error *err)
{
    const char *file = ctl_opt(c, "gfx_passwd_file");
    GError *ge = NULL;
    char *text = NULL;

    if (!file)
        return true;
    if (!g_file_get_contents(file, &text, NULL, &ge)) {
        dv_error_set(err, DV_ERR_IO, INF_GFX_PASSWD, _("The password file cannot be read: %s"),
                     ge->message);
        g_error_free(ge);
        return false;
    }
    text[strcspn(text, "\r\n")] = '\0';
    set_t(d, T_GFX_PASSWD, text);
    return true;
}

/* The options given over the draft: scalars (the last of each), the bound
 * host or group by name, and the tables (given at all: the table is what
 * they say; one empty --disk "" empties it). */
static bool idraft_options(const struct ctl *c, struct idraft *d, struct dv_error *err)
{
    const char **all;
    bool ok = true;

    for (int i = 0; i < T_COUNT; i++) {
        const char *v = ctl_opt(c, in_fields[i].key);
        int64_t id = 0;

        if (!v || i == T_GFX_PASSWD)
            continue;
        if (i == T_BOUND_HOST || i == T_BOUND_GROUP) {
            if (!ctl_choose_value(i == T_BOUND_HOST ? &d->hosts : &d->groups, in_fields[i].key, v,
                                  i == T_BOUND_HOST ? N_("Bound host") : N_("Bound host group"),
                                  false, &id, err))
                return false;
            set_t(d, i, g_strdup_printf("%lld", (long long)id));
        } else {
            set_t(d, i, g_strdup(in_fields[i].yes_no ? ctl_flag01(v) : v));
        }
    }
    if (!read_passwd_file(c, d, err))
        return false;
    all = ctl_opt_all(c, "disk");
    if (all[0])
        d->ndisks = 0;
    for (int i = 0; ok && all[i]; i++)
        ok = (!*all[i] && !all[1]) || add_disk(d, all[i], err);
    g_free(all);
    all = ctl_opt_all(c, "nic");
    if (all[0])
        g_array_set_size(d->nics, 0);
    for (int i = 0; ok && all[i]; i++)
        ok = (!*all[i] && !all[1]) || add_nic(d, all[i], err);
    g_free(all);
    all = ctl_opt_all(c, "channel");
    if (all[0])
        g_array_set_size(d->channels, 0);
    for (int i = 0; ok && all[i]; i++)
        ok = (!*all[i] && !all[1]) || add_channel(d, all[i], err);
    g_free(all);
    return ok;
}

/* The draft as the core's spec (instance_parse: the editor's reading). */
static bool idraft_spec(const struct idraft *d, int64_t project, int64_t version,
                        struct inst_spec *s, struct dv_error *err)
{
    struct instance_input in = {
        .disks = d->disks,
        .ndisks = d->ndisks,
        .nics = (const struct inst_nic *)(const void *)d->nics->data,
        .nnics = (int)d->nics->len,
        .channels = (const struct inst_channel *)(const void *)d->channels->data,
        .nchannels = (int)d->channels->len,
        .project_id = project,
        .version = version,
    };

    for (int i = 0; i < T_COUNT; i++)
        *(const char **)(void *)((char *)&in + in_fields[i].off) = d->t[i];
    memset(s, 0, sizeof *s);
    return instance_parse(&in, s, err);
}

/* ---------------------------------------------------------------- instances: show */

static const struct ctl_column option_cols[] = {
    {"option", N_("Option"), CTL_STR},
    {"value", N_("Value"), CTL_STR},
};

static void option_row(struct ctl_table *t, const char *key, const char *value)
{
    char *opt = g_strdelimit(g_strdup(key), "_", '-');

    ctl_cell(t, opt);
    ctl_cell(t, value);
    g_free(opt);
}

static const char *yn(bool b)
{
    return b ? "yes" : "no";
}

/* instance show --name INSTANCE: the instance as the options of instance
 * add, every field (an empty one may differ from add's default), the
 * password left out */
static bool instance_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct instance rec = {0};
    struct idraft d;
    int64_t project = 0;
    bool ok = my_project(c, &project, err) &&
              find_instance(c, project, ctl_record(c, "instance", "name", NULL), &rec, err);

    if (!ok) {
        instance_clear(&rec);
        return false;
    }
    idraft_init(&d, &rec.spec);
    if ((ok = idraft_choices(c, project, &d, err))) {
        *out = ctl_table_new(option_cols, G_N_ELEMENTS(option_cols));
        for (int i = 0; i < T_COUNT; i++) {
            const char *v = d.t[i];
            char *name = NULL;

            if (i == T_GFX_PASSWD)
                continue;
            if (i == T_BOUND_HOST || i == T_BOUND_GROUP)
                v = name = choice_name(i == T_BOUND_HOST ? &d.hosts : &d.groups,
                                       g_ascii_strtoll(v, NULL, 10));
            else if (in_fields[i].yes_no && *v)
                v = yn(strcmp(v, "1") == 0);
            option_row(*out, in_fields[i].key, v); /* "" too: it may not be the default */
            g_free(name);
        }
        for (int i = 0; i < d.ndisks; i++) {
            char *t = instspec_disk_parts_of(&d.disks[i], &d.images, &d.volumes);

            option_row(*out, "disk", t);
            g_free(t);
        }
        for (guint i = 0; i < d.nics->len; i++) {
            char *t = instspec_nic_parts_of(&g_array_index(d.nics, struct inst_nic, i), &d.networks,
                                            &d.secgroups);

            option_row(*out, "nic", t);
            g_free(t);
        }
        for (guint i = 0; i < d.channels->len; i++) {
            const struct inst_channel *ch = &g_array_index(d.channels, struct inst_channel, i);
            char *t = instspec_channel_parts(ch);

            option_row(*out, "channel", t);
            g_free(t);
        }
    }
    idraft_free(&d);
    instance_clear(&rec);
    return ok;
}

/* ---------------------------------------------------------------- instances: add, modify */

/* The saved instance id as a row, with the core's warning on stderr. */
static bool saved_row(struct ctl *c, int64_t id, char *warning, struct ctl_table **out,
                      struct dv_error *err)
{
    struct instance rec = {0};
    bool ok;

    warn(warning);
    g_free(warning);
    ok = instance_get(c->db, &c->actor, id, &rec, err);
    if (ok)
        *out = instance_table(&rec);
    instance_clear(&rec);
    return ok;
}

/* instance add [--from INSTANCE] [--FIELD VALUE ...] [--disk PARTS ...]
 * [--nic PARTS ...] [--channel PARTS ...] (M11.3c, M11.3d): the editor's
 * defaults (or a copy of --from, its names cleared) with the options over
 * them */
static bool instance_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct instance from = {0};
    struct inst_spec base, s = {0};
    struct idraft d;
    int64_t project = 0, id = 0;
    char *warning = NULL;
    bool ok;

    if (!my_project(c, &project, err))
        return false;
    if (ctl_has(c, "from")) {
        if (!find_instance(c, project, ctl_opt(c, "from"), &from, err)) {
            instance_clear(&from);
            return false;
        }
        instspec_copy(&base, &from.spec);
        base.name_en[0] = base.name_zh[0] = '\0'; /* a copy: the names are given again */
    } else {
        instspec_defaults(&base);
    }
    idraft_init(&d, &base);
    instspec_clear(&base);
    instance_clear(&from);
    ok = idraft_choices(c, project, &d, err) && idraft_options(c, &d, err) &&
         idraft_spec(&d, project, 0, &s, err) &&
         instance_add(c->db, &c->actor, &s, &id, &warning, err);
    instspec_clear(&s);
    idraft_free(&d);
    return ok ? saved_row(c, id, warning, out, err) : false;
}

/* instance modify --name INSTANCE [--FIELD VALUE ...] [--disk PARTS ...] ...
 * (M11.3e): the record with the options over it, at its row version */
static bool instance_modify_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct instance rec = {0};
    struct inst_spec s = {0};
    struct idraft d;
    int64_t project = 0, id;
    char *warning = NULL;
    bool ok = my_project(c, &project, err) &&
              find_instance(c, project, ctl_record(c, "instance", "name", NULL), &rec, err);

    if (!ok) {
        instance_clear(&rec);
        return false;
    }
    id = rec.id;
    idraft_init(&d, &rec.spec);
    ok = idraft_choices(c, project, &d, err) && idraft_options(c, &d, err) &&
         idraft_spec(&d, project, rec.spec.version, &s, err) &&
         instance_modify(c->db, &c->actor, id, &s, &warning, err);
    instspec_clear(&s);
    idraft_free(&d);
    instance_clear(&rec);
    return ok ? saved_row(c, id, warning, out, err) : false;
}

/* ---------------------------------------------------------------- instances: the toolbar */

/* instance delete --name INSTANCE (M11.3f, OP-31) */
static bool instance_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct instance rec = {0};
    int64_t project = 0;
    bool ok = my_project(c, &project, err) &&
              find_instance(c, project, ctl_record(c, "instance", "name", NULL), &rec, err) &&
              instance_delete(c->db, &c->actor, rec.id, err);

    if (ok) {
        char *done = g_strdup_printf(_("The VM instance '%s' was deleted."), rec.spec.name_zh);

        *out = ctl_result_table(done);
        g_free(done);
    }
    instance_clear(&rec);
    return ok;
}

/* instance activate|disable --name INSTANCE (M11.3g, M11.3h: its running
 * VMs are forced off, as a job); the instance after it */
static bool instance_state_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct instance rec = {0};
    int64_t project = 0;
    char *result = NULL;
    bool ok = my_project(c, &project, err) &&
              find_instance(c, project, ctl_record(c, "instance", "name", NULL), &rec, err);

    if (ok)
        ok = c->arg ? instance_activate(c->db, &c->actor, rec.id, err)
                    : ctl_run_job_result(c, instance_disable_start(c->db, &c->actor, rec.id, err),
                                         &result, err);
    if (ok) {
        warn(result);
        g_free(result);
        ok = saved_row(c, rec.id, NULL, out, err);
    }
    instance_clear(&rec);
    return ok;
}

/* ---------------------------------------------------------------- VMs */

static const struct ctl_column vm_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name", N_("VM English name"), CTL_STR},
    {"instance", N_("Instance name"), CTL_STR},
    {"power_on", N_("Power state"), CTL_BOOL},
    {"run_state", N_("Run state"), CTL_STR},
    {"host", N_("Run host"), CTL_STR},
    {"access_port", N_("Access port"), CTL_NUM},
    {"project", N_("Project name"), CTL_STR},
    {"uuid", N_("UUID"), CTL_STR},
    {"vcpus", N_("vCPUs"), CTL_NUM},
    {"memory_mib", N_("Memory (MiB)"), CTL_NUM},
    {"start_error", N_("Start error"), CTL_STR},
};

/* run_state's stable words (the text of vm_run_label is translated) */
static const char *const run_words[VM_RUN_COUNT] = {"shutoff", "running", "suspended", "saved"};

static void vm_row(struct ctl_table *t, const struct vm *v)
{
    ctl_cell_num(t, v->id);
    ctl_cell(t, v->name_en);
    ctl_cell(t, v->instance_name);
    ctl_cell_bool(t, v->power_on);
    ctl_cell(t, (unsigned)v->run < VM_RUN_COUNT ? run_words[v->run] : "");
    ctl_cell(t, v->run_host);
    if (v->access_port)
        ctl_cell_num(t, v->access_port);
    else
        ctl_cell(t, "");
    ctl_cell(t, v->project);
    ctl_cell(t, v->uuid);
    ctl_cell_num(t, v->vcpus);
    ctl_cell_num(t, v->memory_mib);
    ctl_cell(t, v->start_error);
}

/* The VMs the actor sees: a project admin's project, every VM for the sysadm. */
static bool visible_vms(struct ctl *c, const char *name, struct vm_page *p, struct dv_error *err)
{
    int64_t project = 0;

    if (!c->actor.sysadm && !project_for_actor(c->db, &c->actor, 0, &project, err))
        return false;
    return vm_list(c->db, project, 0, name, 0, -1, p, err);
}

/* vm list [--name PART] (M11.1, M7.2.1.4) */
static bool vm_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm_page p;

    if (!visible_vms(c, ctl_opt(c, "name"), &p, err))
        return false;
    *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
    for (int i = 0; i < p.n; i++)
        vm_row(*out, &p.rows[i]);
    vm_page_free(&p);
    return true;
}

/* The VM named exactly name (option key) that the actor sees, read whole. */
static bool find_vm(struct ctl *c, const char *key, struct vm *out, struct dv_error *err)
{
    /* --vm VM, or the older --name VM */
    const char *name =
        strcmp(key, "name") == 0 ? ctl_record(c, "vm", "name", NULL) : ctl_opt(c, key);
    struct vm_page p;
    int64_t id = 0;
    char *end = NULL;
    long long digits;

    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, key, _("%s is required."), _("VM English name"));
        return false;
    }
    if (!visible_vms(c, name, &p, err))
        return false;
    for (int i = 0; i < p.n && !id; i++)
        if (strcmp(p.rows[i].name_en, name) == 0)
            id = p.rows[i].id;
    vm_page_free(&p);
    /* no VM of that name: its UUID (as virsh takes it) or its id */
    digits = g_ascii_strtoll(name, &end, 10);
    if (!id && visible_vms(c, NULL, &p, err)) {
        for (int i = 0; i < p.n && !id; i++)
            if (g_ascii_strcasecmp(p.rows[i].uuid, name) == 0 || (!*end && p.rows[i].id == digits))
                id = p.rows[i].id;
        vm_page_free(&p);
    }
    if (!id) {
        if (!err->msg[0])
            dv_error_set(err, DV_ERR_NOTFOUND, key, _("There is no VM '%s'."), name);
        return false;
    }
    return vm_get(c->db, &c->actor, id, out, err);
}

/* The VM id again, as a one-row table. */
static bool vm_table(struct ctl *c, int64_t id, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    bool ok = vm_get(c->db, &c->actor, id, &v, err);

    if (ok) {
        *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
        vm_row(*out, &v);
    }
    vm_clear(&v);
    return ok;
}

/* vm show --name VM (M11.4) */
static bool vm_show_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    bool ok = find_vm(c, "name", &v, err);

    if (ok) {
        *out = ctl_table_new(vm_cols, G_N_ELEMENTS(vm_cols));
        vm_row(*out, &v);
    }
    vm_clear(&v);
    return ok;
}

/* vm start [--host HOST] [--shared-disks yes] and stop|reboot|reset|
 * suspend|resume|save|restore --name VM: the console's rules, jobs and
 * audit rows (M11.4.5a-M11.4.8b); the VM after it.  The action is the
 * verb's arg. */
static bool vm_action_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    enum vm_action a = (enum vm_action)c->arg;
    struct choice_list hosts = {0};
    struct vm v = {0};
    int64_t host = 0;
    bool shared = false;
    bool ok = find_vm(c, "name", &v, err);

    if (ok && a == VMA_POWER_ON)
        ok = vm_host_choices(c->db, v.id, &hosts, err) &&
             ctl_choose(c, &hosts, "host", N_("Run host"), false, &host, err) &&
             ctl_opt_bool(c, VM_FIELD_SHARED_DISKS, &shared, err) &&
             ctl_run_job_result(
                 c, vm_power_on_start_shared(c->db, &c->actor, v.id, host, shared, err), NULL, err);
    else if (ok)
        ok = ctl_run_job_result(c, vm_action_start(c->db, &c->actor, v.id, a, err), NULL, err);
    ok = ok && vm_table(c, v.id, out, err);
    choice_list_free(&hosts);
    vm_clear(&v);
    return ok;
}

/* vm add --instance INSTANCE --vm-name-en NAME [--vm-start yes] (M11.4.4a):
 * the console's Add VM; started at once on a host the system chooses */
static bool vm_add_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list insts = {0};
    int64_t project = 0, inst = 0, id = 0;
    char *warning = NULL;
    bool start = false;
    bool ok = my_project(c, &project, err) &&
              instance_active_choices(c->db, project, &insts, err) &&
              ctl_choose_value(&insts, "instance", ctl_opt(c, "instance"), N_("Instance"), true,
                               &inst, err) &&
              ctl_opt_bool(c, VMF_START, &start, err) &&
              vm_add(c->db, &c->actor, inst, ctl_opt_text(c, VMF_NAME_EN), &id, &warning, err);

    choice_list_free(&insts);
    warn(warning);
    g_free(warning);
    if (ok && start)
        ok = ctl_run_job_result(c, vm_power_on_start(c->db, &c->actor, id, 0, err), NULL, err);
    return ok && vm_table(c, id, out, err);
}

/* vm delete --name VM (M11.4.4b, OP-41): only shut off or saved */
static bool vm_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    char *result = NULL;
    bool ok = find_vm(c, "name", &v, err) && vm_may_delete(&v, err) &&
              ctl_run_job_result(c, vm_delete_start(c->db, &c->actor, v.id, err), &result, err);

    if (ok) {
        char *done = result ? NULL : g_strdup_printf(_("The VM '%s' was deleted."), v.name_en);

        *out = ctl_result_table(result ? result : done);
        g_free(done);
    }
    g_free(result);
    vm_clear(&v);
    return ok;
}

/* vm migrate --name VM --target HOST (M11.4.2, MG1-MG4): a running VM moves
 * live; any other only changes the host it runs on next */
static bool vm_migrate_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct choice_list targets = {0};
    struct vm v = {0};
    struct vm_action_ctx ac;
    const char *why = NULL;
    int64_t host = 0;
    bool ok = find_vm(c, "name", &v, err);

    if (ok) {
        ac = vm_ctx(&v);
        if (!vm_action_allowed(VMA_MIGRATE, &ac, &why)) {
            dv_error_set(err, DV_ERR_DENIED, NULL, "%s", why);
            ok = false;
        }
    }
    if (ok && v.run_host && ctl_opt(c, "target") && strcmp(v.run_host, ctl_opt(c, "target")) == 0) {
        dv_error_set(err, DV_ERR_INVALID, "target", _("The VM '%s' is on %s already."), v.name_en,
                     v.run_host);
        ok = false;
    }
    ok = ok && vm_migrate_choices(c->db, &c->actor, v.id, &targets, err) &&
         ctl_choose(c, &targets, "target", N_("Target host"), true, &host, err);
    if (ok && (v.run == VM_RUNNING || v.run == VM_SUSPENDED)) {
        char *warning = vm_migrate_warning(c->db, v.id, NULL);

        warn(warning);
        g_free(warning);
    }
    ok = ok &&
         ctl_run_job_result(c, vm_migrate_start(c->db, &c->actor, v.id, host, err), NULL, err) &&
         vm_table(c, v.id, out, err);
    choice_list_free(&targets);
    vm_clear(&v);
    return ok;
}

/* ---------------------------------------------------------------- checkpoints */

static const struct ctl_column cp_cols[] = {
    {"id", N_("ID"), CTL_NUM},
    {"name_en", N_("English name"), CTL_STR},
    {"name_zh", N_("Chinese name"), CTL_STR},
    {"parent", N_("Parent checkpoint"), CTL_STR},
    {"current", N_("Current"), CTL_BOOL},
    {"depth", N_("Depth"), CTL_NUM},
    {"dir", N_("Save path"), CTL_STR},
    {"created", N_("Created"), CTL_STR},
};

static void cp_row(struct ctl_table *t, const struct vm_checkpoint *all, int n, int i)
{
    const char *parent = "";
    char when[DV_TIME_LEN];

    for (int k = 0; k < n; k++)
        if (all[k].id == all[i].parent_id)
            parent = all[k].name_en;
    ctl_cell_num(t, all[i].id);
    ctl_cell(t, all[i].name_en);
    ctl_cell(t, all[i].name_zh);
    ctl_cell(t, parent);
    ctl_cell_bool(t, all[i].current);
    ctl_cell_num(t, all[i].depth);
    ctl_cell(t, all[i].dir);
    ctl_cell(t, dv_format_time(all[i].created_at, when));
}

/* The tree of vm_id: the row of the checkpoint named name (NULL: every
 * row) added to *out (made when NULL; out may be NULL), its id in *cp_id
 * (0 when not there; may be NULL). */
static bool cp_rows(struct ctl *c, int64_t vm_id, const char *name, struct ctl_table **out,
                    int64_t *cp_id, struct dv_error *err)
{
    struct vm_checkpoint *t = NULL;
    int n = 0;

    if (cp_id)
        *cp_id = 0;
    if (!checkpoint_tree(c->db, &c->actor, vm_id, &t, &n, err))
        return false;
    for (int i = 0; i < n; i++)
        if (!name || strcmp(t[i].name_en, name) == 0) {
            if (out) {
                if (!*out)
                    *out = ctl_table_new(cp_cols, G_N_ELEMENTS(cp_cols));
                cp_row(*out, t, n, i);
            }
            if (cp_id)
                *cp_id = t[i].id;
        }
    checkpoints_free(t, n);
    return true;
}

/* checkpoint list --vm VM (M11.4.3): the tree, each row after its parent */
static bool cp_list_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    bool ok = find_vm(c, "vm", &v, err) && cp_rows(c, v.id, NULL, out, NULL, err);

    if (ok && !*out)
        *out = ctl_table_new(cp_cols, G_N_ELEMENTS(cp_cols));
    vm_clear(&v);
    return ok;
}

/* The checkpoint --cp-name-en of the VM --vm. */
static bool find_cp(struct ctl *c, struct vm *v, int64_t *cp_id, struct dv_error *err)
{
    const char *name = ctl_opt(c, CPF_NAME_EN);

    if (!find_vm(c, "vm", v, err))
        return false;
    if (!name || !*name) {
        dv_error_set(err, DV_ERR_INVALID, CPF_NAME_EN, _("%s is required."), _("English name"));
        return false;
    }
    if (!cp_rows(c, v->id, name, NULL, cp_id, err))
        return false;
    if (!*cp_id)
        dv_error_set(err, DV_ERR_NOTFOUND, CPF_NAME_EN,
                     _("There is no checkpoint '%s' of the VM "
                       "'%s'."),
                     name, v->name_en);
    return *cp_id != 0;
}

/* checkpoint create --vm VM --cp-name-zh N --cp-name-en N --cp-path DIR
 * --cp-folder F [--cp-disks vda,hdc] (M11.4.3a): the new checkpoint */
static bool cp_create_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    const char *disks_opt = ctl_opt(c, CPF_DISKS);
    char **disks = g_strsplit(disks_opt ? disks_opt : "", ",", -1);
    GPtrArray *chosen = g_ptr_array_new();
    struct checkpoint_input in = {.name_zh = ctl_opt_text(c, CPF_NAME_ZH),
                                  .name_en = ctl_opt_text(c, CPF_NAME_EN),
                                  .path = ctl_opt_text(c, CPF_PATH),
                                  .folder = ctl_opt_text(c, CPF_FOLDER)};
    bool ok;

    for (int i = 0; disks[i]; i++)
        if (*g_strstrip(disks[i]))
            g_ptr_array_add(chosen, disks[i]);
    g_ptr_array_add(chosen, NULL);
    in.disks = (const char *const *)chosen->pdata;
    ok = find_vm(c, "vm", &v, err) &&
         ctl_run_job_result(c, checkpoint_create_start(c->db, &c->actor, v.id, &in, err), NULL,
                            err) &&
         cp_rows(c, v.id, in.name_en, out, NULL, err);
    g_ptr_array_free(chosen, TRUE);
    g_strfreev(disks);
    vm_clear(&v);
    return ok;
}

/* checkpoint revert --vm VM --cp-name-en N (M11.4.3b): the checkpoint, current */
static bool cp_revert_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    int64_t id = 0;
    bool ok =
        find_cp(c, &v, &id, err) &&
        ctl_run_job_result(c, checkpoint_revert_start(c->db, &c->actor, id, err), NULL, err) &&
        cp_rows(c, v.id, ctl_opt(c, CPF_NAME_EN), out, NULL, err);

    vm_clear(&v);
    return ok;
}

/* checkpoint delete --vm VM --cp-name-en N (M11.4.3c): with its subtree */
static bool cp_delete_verb(struct ctl *c, struct ctl_table **out, struct dv_error *err)
{
    struct vm v = {0};
    int64_t id = 0;
    bool ok = find_cp(c, &v, &id, err) &&
              ctl_run_job_result(c, checkpoint_delete_start(c->db, &c->actor, id, err), NULL, err);

    if (ok) {
        char *done = g_strdup_printf(_("The checkpoint '%s' and every checkpoint below it were "
                                       "deleted."),
                                     ctl_opt(c, CPF_NAME_EN));

        *out = ctl_result_table(done);
        g_free(done);
    }
    vm_clear(&v);
    return ok;
}

/* ---------------------------------------------------------------- the table */

#define INSTANCE_FIELDS                                                                            \
    INF_NAME_EN, INF_NAME_ZH, INF_VCPUS, INF_MEMORY, INF_MEMORY_UNIT, INF_ARCH, INF_HYPERVISOR,    \
        INF_MACHINE, INF_BOOT, INF_BOOTMENU, INF_BOOTMENU_TIMEOUT, INF_BIOS_SERIAL,                \
        INF_REBOOT_TIMEOUT, INF_TABLET, INF_GFX_TYPE, INF_GFX_AUTOPORT, INF_GFX_PORT,              \
        "gfx_passwd_file", INF_GFX_VALID_TO, INF_GFX_KEEP, INF_GFX_SHARE, INF_GFX_LISTEN,          \
        INF_GFX_TLS_PORT, INF_GFX_MODE, INF_GFX_IMAGE, INF_GFX_JPEG, INF_GFX_ZLIB,                 \
        INF_GFX_PLAYBACK, INF_GFX_STREAMING, INF_GFX_FILETRANSFER, INF_BOUND_HOST,                 \
        INF_BOUND_GROUP, INF_CUSTOM_DOMAIN, INF_CUSTOM_DEVICES, INF_UNIQUE, "disk", "nic",         \
        "channel"

const struct ctl_verb ctl_vm_verbs[] = {
    {"instance", "list", CTL_OPTS("name"), instance_list_verb, 0},
    {"instance", "show", CTL_OPTS("instance", "name"), instance_show_verb, 0},
    {"instance", "add", CTL_OPTS("from", INSTANCE_FIELDS), instance_add_verb, 0},
    {"instance", "modify", CTL_OPTS("instance", "name", INSTANCE_FIELDS), instance_modify_verb, 0},
    {"instance", "delete", CTL_OPTS("instance", "name"), instance_delete_verb, 0},
    {"instance", "activate", CTL_OPTS("instance", "name"), instance_state_verb, 1},
    {"instance", "disable", CTL_OPTS("instance", "name"), instance_state_verb, 0},
    {"vm", "list", CTL_OPTS("name"), vm_list_verb, 0},
    {"vm", "show", CTL_OPTS("vm", "name"), vm_show_verb, 0},
    {"vm", "add", CTL_OPTS("instance", VMF_NAME_EN, VMF_START), vm_add_verb, 0},
    {"vm", "delete", CTL_OPTS("vm", "name"), vm_delete_verb, 0},
    {"vm", "start", CTL_OPTS("vm", "name", "host", VM_FIELD_SHARED_DISKS), vm_action_verb,
     VMA_POWER_ON},
#define VM_ENTRY(V, A)                                                                             \
    {                                                                                              \
        "vm", V, CTL_OPTS("vm", "name"), vm_action_verb, A                                         \
    }
    VM_ENTRY("stop", VMA_POWER_OFF),
    VM_ENTRY("reboot", VMA_REBOOT),
    VM_ENTRY("reset", VMA_RESET),
    VM_ENTRY("suspend", VMA_SUSPEND),
    VM_ENTRY("resume", VMA_RESUME),
    VM_ENTRY("save", VMA_SAVE),
    VM_ENTRY("restore", VMA_RESTORE),
#undef VM_ENTRY
    {"vm", "migrate", CTL_OPTS("vm", "name", "target"), vm_migrate_verb, 0},
    {"checkpoint", "list", CTL_OPTS("vm"), cp_list_verb, 0},
    {"checkpoint", "create",
     CTL_OPTS("vm", CPF_NAME_ZH, CPF_NAME_EN, CPF_PATH, CPF_FOLDER, CPF_DISKS), cp_create_verb, 0},
    {"checkpoint", "revert", CTL_OPTS("vm", CPF_NAME_EN), cp_revert_verb, 0},
    {"checkpoint", "delete", CTL_OPTS("vm", CPF_NAME_EN), cp_delete_verb, 0},
    {NULL},
};
