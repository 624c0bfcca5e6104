/* instedit.c - the instance editor of 自定义新增 (M11.3c), 从实例导入
 * (M11.3d) and 修改 (M11.3e): the six steps of the manual (基本配置
 * M11.3i, 磁盘设备配置 M11.3j, 图形界面配置 M11.3k, 网络接口配置 M11.3l,
 * 用户自定义配置 M11.3m, the Chinese name and 保存 M11.3n) as a page of
 * panels, one row each, as the network editor: e opens a panel as its
 * dialog, or a table as its sub-page, x edits a user-defined XML in
 * $VISUAL / $EDITOR, p previews the domain XML, and s saves the whole
 * instance.  A save refused by a rule opens the panel of the field the rule
 * names with the field focused; before it is written the final domain XML
 * is shown as a diff against what the editor alone would produce. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/command.h"
#include "base/util.h"
#include "projects/project.h"
#include "screens.h"
#include "vm/instdraft.h"
#include "vm/instedit.h"
#include "widgets/dialog.h"
#include "widgets/list.h"
#include "xml/domainxml.h"

/* ---------------------------------------------------------------- the draft */

/* Each scalar text's core key and its place in struct instance_input. */
static const struct {
    const char *key;
    size_t off;
} d_fields[D_COUNT] = {
#define D(ID, KEY, MEMBER) [ID] = {KEY, offsetof(struct instance_input, MEMBER)}
    D(D_NAME_EN, INF_NAME_EN, name_en),
    D(D_NAME_ZH, INF_NAME_ZH, name_zh),
    D(D_VCPUS, INF_VCPUS, vcpus),
    D(D_MEMORY, INF_MEMORY, memory),
    D(D_MEMORY_UNIT, INF_MEMORY_UNIT, memory_unit),
    D(D_ARCH, INF_ARCH, arch),
    D(D_HYPERVISOR, INF_HYPERVISOR, hypervisor),
    D(D_MACHINE, INF_MACHINE, machine),
    D(D_BOOT, INF_BOOT, boot),
    D(D_BOOTMENU, INF_BOOTMENU, bootmenu),
    D(D_BOOTMENU_TIMEOUT, INF_BOOTMENU_TIMEOUT, bootmenu_timeout),
    D(D_BIOS_SERIAL, INF_BIOS_SERIAL, bios_serial),
    D(D_REBOOT_TIMEOUT, INF_REBOOT_TIMEOUT, reboot_timeout),
    D(D_TABLET, INF_TABLET, tablet),
    D(D_GFX_TYPE, INF_GFX_TYPE, gfx_type),
    D(D_GFX_AUTOPORT, INF_GFX_AUTOPORT, gfx_autoport),
    D(D_GFX_PORT, INF_GFX_PORT, gfx_port),
    D(D_GFX_PASSWD, INF_GFX_PASSWD, gfx_passwd),
    D(D_GFX_VALID_TO, INF_GFX_VALID_TO, gfx_valid_to),
    D(D_GFX_KEEP, INF_GFX_KEEP, gfx_keep),
    D(D_GFX_SHARE, INF_GFX_SHARE, gfx_share),
    D(D_GFX_LISTEN, INF_GFX_LISTEN, gfx_listen),
    D(D_GFX_TLS_PORT, INF_GFX_TLS_PORT, gfx_tls_port),
    D(D_GFX_MODE, INF_GFX_MODE, gfx_mode),
    D(D_GFX_IMAGE, INF_GFX_IMAGE, gfx_image),
    D(D_GFX_JPEG, INF_GFX_JPEG, gfx_jpeg),
    D(D_GFX_ZLIB, INF_GFX_ZLIB, gfx_zlib),
    D(D_GFX_PLAYBACK, INF_GFX_PLAYBACK, gfx_playback),
    D(D_GFX_STREAMING, INF_GFX_STREAMING, gfx_streaming),
    D(D_GFX_FILETRANSFER, INF_GFX_FILETRANSFER, gfx_filetransfer),
    D(D_BOUND_HOST, INF_BOUND_HOST, bound_host),
    D(D_BOUND_GROUP, INF_BOUND_GROUP, bound_group),
    D(D_CUSTOM_DOMAIN, INF_CUSTOM_DOMAIN, custom_domain),
    D(D_CUSTOM_DEVICES, INF_CUSTOM_DEVICES, custom_devices),
    D(D_UNIQUE, INF_UNIQUE, unique),
#undef D
};

static int d_index(const char *key)
{
    for (int i = 0; key && i < D_COUNT; i++)
        if (strcmp(d_fields[i].key, key) == 0)
            return i;
    return -1;
}

static void set_v(struct instdraft *d, int i, char *text)
{
    g_free(d->v[i]);
    d->v[i] = text;
}

static char *b01(bool b)
{
    return g_strdup(b ? "1" : "0");
}

static char *word_text(enum inst_choice c, int v)
{
    const char *w = instspec_word(c, v);

    return g_strdup(w ? w : "");
}

static char *int_or_empty(int n, int unset)
{
    return n == unset ? g_strdup("") : g_strdup_printf("%d", n);
}

static void load_basic(struct instdraft *d, const struct inst_spec *s)
{
    GString *boot = g_string_new(NULL);
    bool gib = s->memory_gb && s->memory_mib % 1024 == 0;

    set_v(d, D_NAME_EN, g_strdup(s->name_en ? s->name_en : ""));
    set_v(d, D_NAME_ZH, g_strdup(s->name_zh ? s->name_zh : ""));
    set_v(d, D_VCPUS, g_strdup_printf("%d", s->vcpus));
    set_v(d, D_MEMORY, g_strdup_printf("%lld", (long long)(gib ? s->memory_mib / 1024 : s->memory_mib)));
    set_v(d, D_MEMORY_UNIT, g_strdup(gib ? "GiB" : "MiB"));
    set_v(d, D_ARCH, word_text(IC_ARCH, s->arch));
    set_v(d, D_HYPERVISOR, word_text(IC_HYPERVISOR, s->hypervisor));
    set_v(d, D_MACHINE, g_strdup(s->machine ? s->machine : ""));
    for (int i = 0; i < s->nboot; i++)
        g_string_append_printf(boot, "%s%s", i ? "," : "", instspec_word(IC_BOOT, s->boot[i]));
    set_v(d, D_BOOT, g_string_free(boot, FALSE));
    set_v(d, D_BOOTMENU, b01(s->bootmenu));
    set_v(d, D_BOOTMENU_TIMEOUT, g_strdup_printf("%d", s->bootmenu_timeout));
    set_v(d, D_BIOS_SERIAL, b01(s->bios_serial));
    set_v(d, D_REBOOT_TIMEOUT, g_strdup_printf("%d", s->reboot_timeout));
    set_v(d, D_TABLET, b01(s->tablet));
}

static void load_graphics(struct instdraft *d, const struct inst_graphics *g)
{
    char t[DV_TIME_LEN];

    set_v(d, D_GFX_TYPE, word_text(IC_GFX, g->type));
    set_v(d, D_GFX_AUTOPORT, b01(g->autoport));
    set_v(d, D_GFX_PORT, int_or_empty(g->autoport ? 0 : g->port, 0));
    set_v(d, D_GFX_PASSWD, g_strdup(g->passwd ? g->passwd : ""));
    set_v(d, D_GFX_VALID_TO, g_strdup(g->valid_to ? dv_format_time(g->valid_to, t) : ""));
    set_v(d, D_GFX_KEEP, b01(g->keep));
    set_v(d, D_GFX_SHARE, word_text(IC_SHARE, g->share));
    set_v(d, D_GFX_LISTEN, g_strdup(g->listen ? g->listen : ""));
    set_v(d, D_GFX_TLS_PORT, int_or_empty(g->tls_port, -1));
    set_v(d, D_GFX_MODE, word_text(IC_MODE, g->default_mode));
    set_v(d, D_GFX_IMAGE, word_text(IC_IMAGE, g->image));
    set_v(d, D_GFX_JPEG, word_text(IC_WAN, g->jpeg));
    set_v(d, D_GFX_ZLIB, word_text(IC_WAN, g->zlib));
    set_v(d, D_GFX_PLAYBACK, int_or_empty(g->playback, -1));
    set_v(d, D_GFX_STREAMING, word_text(IC_STREAMING, g->streaming));
    set_v(d, D_GFX_FILETRANSFER, b01(g->filetransfer));
    for (int i = 0; i < g->nchannels; i++)
        g_array_append_val(d->channels, g->channels[i]);
}

/* The draft of s (the defaults, a copy or the record). */
static void draft_init(struct instdraft *d, const struct inst_spec *s)
{
    memset(d, 0, sizeof *d);
    for (int i = 0; i < D_COUNT; i++)
        d->v[i] = g_strdup("");
    instdraft_tables_init(d);
    d->version = s->version;
    d->project_id = s->project_id;
    load_basic(d, s);
    load_graphics(d, &s->gfx);
    if (s->ndisks)
        g_array_append_vals(d->disks, s->disks, (guint)s->ndisks);
    for (int i = 0; i < s->nnics; i++) {
        struct inst_nic n = s->nics[i];

        n.portgroup = g_strdup(n.portgroup ? n.portgroup : "");
        n.target_dev = g_strdup(n.target_dev ? n.target_dev : "");
        g_array_append_val(d->nics, n);
    }
    set_v(d, D_BOUND_HOST, g_strdup_printf("%lld", (long long)s->bound_host_id));
    set_v(d, D_BOUND_GROUP, g_strdup_printf("%lld", (long long)s->bound_group_id));
    set_v(d, D_CUSTOM_DOMAIN, g_strdup(s->custom_domain ? s->custom_domain : ""));
    set_v(d, D_CUSTOM_DEVICES, g_strdup(s->custom_devices ? s->custom_devices : ""));
    set_v(d, D_UNIQUE, b01(s->unique));
}

static void draft_free(struct instdraft *d)
{
    if (d->v[D_GFX_PASSWD])
        memset(d->v[D_GFX_PASSWD], 0, strlen(d->v[D_GFX_PASSWD]));
    for (int i = 0; i < D_COUNT; i++)
        g_free(d->v[i]);
    g_free(d->name_was);
    g_array_unref(d->disks);
    g_array_unref(d->nics);
    g_array_unref(d->channels);
    choice_list_free(&d->images);
    choice_list_free(&d->volumes);
    choice_list_free(&d->networks);
    choice_list_free(&d->secgroups);
    choice_list_free(&d->hosts);
    choice_list_free(&d->groups);
}

/* The draft as the core's spec with the texts t (the draft's, or a panel's
 * values put in), every rule that needs no other record checked. */
static bool draft_spec(const struct instdraft *d, const char *const *t, struct inst_spec *s,
                       char **warning, struct dv_error *err)
{
    struct instance_input in = {
        .disks = (const struct inst_disk *)(const void *)d->disks->data,
        .ndisks = (int)d->disks->len,
        .nics = (const struct inst_nic *)(const void *)d->nics->data,
        .nnics = (int)d->nics->len,
        .channels = (const struct inst_channel *)(const void *)d->channels->data,
        .nchannels = (int)d->channels->len,
        .project_id = d->project_id,
        .version = d->version,
    };

    for (int i = 0; i < D_COUNT; i++)
        *(const char **)(void *)((char *)&in + d_fields[i].off) = t[i];
    memset(s, 0, sizeof *s);
    return instance_parse(&in, s, err) && instance_check(s, warning, err);
}

/* ---------------------------------------------------------------- pickers */

/* ctx: a panel dialog's, whose first member is the draft (struct panel_ctx) */

static bool pick_hosts(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return instance_host_choices(app->db, (*(struct instdraft **)ctx)->project_id, out, err);
}

static bool pick_groups(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return instance_group_choices(app->db, (*(struct instdraft **)ctx)->project_id, out, err);
}

/* ---------------------------------------------------------------- panel forms */

static const char *const no_yes_labels[] = {N_("No"), N_("Yes"), NULL};
static const char *const no_yes_values[] = {"0", "1", NULL};
static const char *const unit_words[] = {"MiB", "GiB", NULL};
static const char *const playback_labels[] = {N_("Not set"), N_("On"), N_("Off"), NULL};
static const char *const playback_values[] = {"", "1", "0", NULL};

#define F_BOOL(KEY, LABEL, HINT)                                                                   \
    {                                                                                              \
        .key = KEY, .label = LABEL, .kind = FV_CHOICE, .choices = no_yes_labels,                   \
        .values = no_yes_values, .hint = HINT                                                      \
    }
#define F_TEXT(KEY, LABEL, MAX, WIDTH, HINT)                                                       \
    {                                                                                              \
        .key = KEY, .label = LABEL, .kind = FV_TEXT, .max = MAX, .width = WIDTH, .hint = HINT      \
    }
#define F_WORD(KEY, LABEL, HINT)                                                                   \
    {                                                                                              \
        .key = KEY, .label = LABEL, .kind = FV_CHOICE, .hint = HINT                                \
    }

/* M11.3i, Table 11-1 */
static struct fv_field basic_fields[] = {
    {.key = INF_NAME_EN,
     .label = N_("Instance English name"),
     .kind = FV_TEXT,
     .required = true,
     .max = INSTANCE_NAME_MAX,
     .width = 30,
     .hint = N_("Unique in the project; only letters, digits, '-', '_' and '.'.")},
    {.key = INF_VCPUS,
     .label = N_("Number of vCPUs"),
     .kind = FV_TEXT,
     .required = true,
     .max = 3,
     .width = 4,
     .hint = N_("1 to 255.")},
    {.key = INF_MEMORY,
     .label = N_("Memory size"),
     .kind = FV_TEXT,
     .required = true,
     .max = 10,
     .width = 8,
     .hint = N_("At most the host's memory minus 512 MiB kept for the host system.")},
    {.key = INF_MEMORY_UNIT,
     .label = N_("Unit"),
     .kind = FV_CHOICE,
     .required = true,
     .choices = unit_words,
     .values = unit_words},
    F_WORD(INF_ARCH, N_("Machine"), N_("i686 means a 32-bit host, x86_64 a 64-bit host.")),
    F_WORD(INF_HYPERVISOR, N_("Hypervisor"),
           N_("KVM performs better under Linux; QEMU is a full emulator.")),
    F_TEXT(INF_MACHINE, N_("Machine type"), 64, 16,
           N_("The model of the real server emulated, e.g. pc or q35; empty: the host's default.")),
    F_TEXT(INF_BOOT, N_("Boot devices"), 40, 24,
           N_("In priority order, separated by commas: cdrom, hd, fd, network (e.g. cdrom,hd to "
              "install from a CD).")),
    F_BOOL(INF_BOOTMENU, N_("Boot menu"),
           N_("Yes: at start the VM offers the boot devices and picks one on timeout.")),
    F_TEXT(INF_BOOTMENU_TIMEOUT, N_("Boot timeout (ms)"), 6, 7,
           N_("How long the boot menu is shown: 0 to 65535 ms, -1 for no timeout.")),
    F_BOOL(INF_BIOS_SERIAL, N_("Serial console in the BIOS"),
           N_("Whether the BIOS uses a serial-connected display device.")),
    F_TEXT(INF_REBOOT_TIMEOUT, N_("Reboot timeout (ms)"), 6, 7,
           N_("A VM that fails to boot reboots after this time: 0 to 65535 ms, -1 for never.")),
    F_BOOL(INF_TABLET, N_("Tablet-mode mouse"),
           N_("Yes: the pointer follows the real mouse exactly; best for Windows and FreeBSD "
              "guests.")),
};

/* M11.3k, Table 11-3: what vnc and spice share */
static struct fv_field gfx_fields[] = {
    F_WORD(INF_GFX_TYPE, N_("Remote desktop type"), N_("Only vnc and spice are supported.")),
    F_BOOL(INF_GFX_AUTOPORT, N_("Allocate the port automatically"),
           N_("Automatic allocation avoids port conflicts.")),
    F_TEXT(INF_GFX_PORT, N_("TCP port"), 5, 6,
           N_("5900 to 65535 (absolute), used when the port is not allocated automatically.")),
    {.key = INF_GFX_PASSWD,
     .label = N_("Password"),
     .kind = FV_PASSWORD,
     .max = 64,
     .hint = N_("Recommended for security; empty: none.")},
    F_TEXT(INF_GFX_VALID_TO, N_("Password validity"), 19, 20,
           N_("YYYY-MM-DD HH:MM:SS, empty for no limit; the shorter, the safer.")),
    F_BOOL(INF_GFX_KEEP, N_("Keep connections when the password changes"),
           N_("Yes keeps the current connections; no disconnects them (spice).")),
    F_WORD(INF_GFX_SHARE, N_("Share policy"),
           N_("vnc: allow-exclusive (the default), force-shared (-shared for every client) or "
              "ignore.")),
    F_TEXT(INF_GFX_LISTEN, N_("Listen address"), 45, 24,
           N_("An IPv4 or IPv6 address; 0.0.0.0 listens on every interface.")),
};

/* M11.3k, Table 11-3: spice only */
static const char *const transfer_labels[] = {N_("No"), N_("Yes"), NULL};
static struct fv_field spice_fields[] = {
    F_TEXT(INF_GFX_TLS_PORT, N_("Secure port"), 5, 6,
           N_("The SSL-encrypted port, 1 to 65535; empty: allocated automatically.")),
    F_WORD(INF_GFX_MODE, N_("Default channel security"),
           N_("any: all connections; insecure: the TCP channel; secure: the TLS channel.")),
    F_WORD(INF_GFX_IMAGE, N_("Image compression"), NULL),
    F_WORD(INF_GFX_JPEG, N_("JPEG compression"),
           N_("WAN image compression: auto, never or always.")),
    F_WORD(INF_GFX_ZLIB, N_("zlib compression"), N_("WAN compression: auto, never or always.")),
    {.key = INF_GFX_PLAYBACK,
     .label = N_("Audio compression"),
     .kind = FV_CHOICE,
     .choices = playback_labels,
     .values = playback_values},
    F_WORD(INF_GFX_STREAMING, N_("Streaming mode"),
           N_("filter: partial; all: everything; off: none.")),
    {.key = INF_GFX_FILETRANSFER,
     .label = N_("File transfer"),
     .kind = FV_CHOICE,
     .choices = transfer_labels,
     .values = no_yes_values,
     .hint = N_("Enabled by default; No disables it.")},
};

/* M11.3m, Table 11-5 */
static struct fv_field binding_fields[] = {
    {.key = INF_BOUND_HOST,
     .label = N_("Bound host"),
     .kind = FV_PICK,
     .width = 28,
     .pick = pick_hosts,
     .pick_none = N_("(none)"),
     .hint = N_("Its VMs run only on this host and cannot migrate; exclusive with the host "
                "group.")},
    {.key = INF_BOUND_GROUP,
     .label = N_("Bound host group"),
     .kind = FV_PICK,
     .width = 28,
     .pick = pick_groups,
     .pick_none = N_("(none)"),
     .hint = N_("Its VMs run and migrate within the group; exclusive with the bound host.")},
};

#define XML_MAX 8000
static struct fv_field domain_xml_fields[] = {
    F_TEXT(INF_CUSTOM_DOMAIN, N_("Optimisation XML"), XML_MAX, 60,
           N_("Must sit inside the domain element; its children are merged into the generated "
              "XML. x on the editor page edits it in $EDITOR.")),
};
static struct fv_field devices_xml_fields[] = {
    F_TEXT(INF_CUSTOM_DEVICES, N_("Device XML"), XML_MAX, 60,
           N_("Must sit inside the devices element; its children are added to the generated "
              "devices. x on the editor page edits it in $EDITOR.")),
};

/* M11.3n */
static struct fv_field name_fields[] = {
    {.key = INF_NAME_ZH,
     .label = N_("Chinese name"),
     .kind = FV_TEXT,
     .required = true,
     .max = INSTANCE_NAME_MAX,
     .width = 30,
     .hint = N_("The instance's Chinese name, shown in the lists.")},
    F_BOOL(INF_UNIQUE, N_("Unique VM"),
           N_("Yes: the instance has one VM at most, whose MAC addresses are kept.")),
};

/* ---------------------------------------------------------------- the panels */

enum panel {
    P_BASIC,
    P_DISKS,
    P_GFX,
    P_SPICE,
    P_CHANNELS,
    P_NICS,
    P_BINDING,
    P_DOMAIN_XML,
    P_DEVICES_XML,
    P_NAME,
    P_END
};

enum { PS_FORM, PS_XML, PS_COUNT }; /* the rows' states: x needs an XML panel */

static const struct {
    const char *label; /* msgid */
    const char *title; /* the dialog's, msgid */
    struct fv_field *fields;
    int nfields;
    void (*table)(struct app *app, struct instdraft *d);
} panels[P_END] = {
#define FORM(P, L, T, F) [P] = {L, T, F, G_N_ELEMENTS(F), NULL}
    FORM(P_BASIC, N_("Basic configuration"), N_("Basic configuration"), basic_fields),
    [P_DISKS] = {N_("Disk device configuration"), NULL, NULL, 0, instdraft_disks_run},
    FORM(P_GFX, N_("Graphics configuration"), N_("Graphics configuration"), gfx_fields),
    FORM(P_SPICE, N_("SPICE settings"), N_("SPICE settings"), spice_fields),
    [P_CHANNELS] = {N_("SPICE channels"), NULL, NULL, 0, instdraft_channels_run},
    [P_NICS] = {N_("Network interface configuration"), NULL, NULL, 0, instdraft_nics_run},
    FORM(P_BINDING, N_("Bound host or host group"), N_("User-defined configuration"),
         binding_fields),
    FORM(P_DOMAIN_XML, N_("Optimisation XML"), N_("User-defined configuration"),
         domain_xml_fields),
    FORM(P_DEVICES_XML, N_("Device XML"), N_("User-defined configuration"),
         devices_xml_fields),
    FORM(P_NAME, N_("Chinese name and save"), N_("Save VM instance"), name_fields),
#undef FORM
};

/* The panel of the field key names (a table's keys: its sub-page). */
static enum panel panel_of_key(const char *key)
{
    if (!key)
        return P_END;
    if (strcmp(key, INF_DISKS) == 0 || strncmp(key, "disk_", 5) == 0)
        return P_DISKS;
    if (strcmp(key, INF_NICS) == 0 || strncmp(key, "nic_", 4) == 0)
        return P_NICS;
    if (strcmp(key, INF_GFX_CHANNELS) == 0 || strncmp(key, "channel_", 8) == 0)
        return P_CHANNELS;
    for (int p = 0; p < P_END; p++)
        for (int i = 0; i < panels[p].nfields; i++)
            if (strcmp(panels[p].fields[i].key, key) == 0)
                return p;
    return P_END;
}

struct panel_ctx {
    struct instdraft *d;
    enum panel p;
};

/* OK of a panel's dialog: the draft with the values vals must pass the
 * core's rules about the panel's fields (a rule about another panel is
 * said there, and again at save); then the values go into the draft. */
static bool submit_panel(struct app *app, void *ctx, char **vals, struct dv_error *err)
{
    struct panel_ctx *pc = ctx;
    struct instdraft *d = pc->d;
    const char *t[D_COUNT];
    struct inst_spec s;
    bool ok;

    (void)app;
    for (int i = 0; i < D_COUNT; i++)
        t[i] = d->v[i];
    /* the names are typed last (steps 1 and 6): until then a stand-in, so
     * that the rules checked after them see this panel's values */
    if (!*t[D_NAME_EN])
        t[D_NAME_EN] = "x";
    if (!*t[D_NAME_ZH])
        t[D_NAME_ZH] = "x";
    for (int i = 0; i < panels[pc->p].nfields; i++) {
        int k = d_index(panels[pc->p].fields[i].key);

        if (k >= 0)
            t[k] = vals[i];
    }
    ok = draft_spec(d, t, &s, NULL, err);
    instspec_clear(&s);
    if (!ok && panel_of_key(err->field) != pc->p) {
        dv_error_clear(err);
        ok = true;
    }
    if (!ok)
        return false;
    for (int i = 0; i < panels[pc->p].nfields; i++) {
        int k = d_index(panels[pc->p].fields[i].key);

        if (k >= 0 && strcmp(d->v[k], vals[i]) != 0) {
            set_v(d, k, g_strdup(vals[i]));
            d->changed = true;
        }
    }
    return true;
}

/* Open panel p: its dialog (with first shown, may be NULL) or its sub-page. */
static void open_panel(struct app *app, struct instdraft *d, enum panel p,
                       const struct dv_error *first)
{
    struct fv_def def = {.title = panels[p].title,
                         .fields = panels[p].fields,
                         .nfields = panels[p].nfields,
                         .buttons = fv_ok_cancel,
                         .layout = FV_COLUMN};
    struct panel_ctx pc = {d, p};
    char **init;

    if (panels[p].table) {
        if (first)
            app_status_error(app, first);
        panels[p].table(app, d);
        return;
    }
    if (p == P_SPICE && strcmp(d->v[D_GFX_TYPE], "spice") != 0 && !first) {
        app_status(app, STATUS_ERROR, "%s",
                   _("These settings are spice's: choose spice in the graphics configuration "
                     "first."));
        return;
    }
    instdraft_complete(panels[p].fields, panels[p].nfields);
    init = g_new0(char *, panels[p].nfields + 1);
    for (int i = 0; i < panels[p].nfields; i++) {
        int k = d_index(panels[p].fields[i].key);

        init[i] = g_strdup(k >= 0 ? d->v[k] : "");
        if (p == P_DOMAIN_XML || p == P_DEVICES_XML)
            g_strdelimit(init[i], "\n\r\t", ' '); /* one line in the field */
    }
    /* the pickers read their choices with the dialog's context */
    if (dialog_form_error(app, &def, NULL, init, first, submit_panel, &pc) && first)
        app_status(app, STATUS_INFO, "%s", _("s saves the instance."));
    g_strfreev(init);
}

/* ---------------------------------------------------------------- summaries */

static char *xml_summary(const char *xml)
{
    char *one = g_strdup(xml && *xml ? xml : _("(none)"));

    g_strdelimit(one, "\n\r\t", ' ');
    return one;
}

static char *panel_summary(const struct instdraft *d, enum panel p)
{
    const char *l;

    switch (p) {
    case P_BASIC:
        return g_strdup_printf(_("%s; %s vCPUs, %s %s; %s, %s; boot: %s"),
                               *d->v[D_NAME_EN] ? d->v[D_NAME_EN] : _("(no name)"),
                               d->v[D_VCPUS], d->v[D_MEMORY], d->v[D_MEMORY_UNIT], d->v[D_ARCH],
                               d->v[D_HYPERVISOR], d->v[D_BOOT]);
    case P_DISKS:
        return instdraft_disks_text(d);
    case P_GFX:
        return g_strdup_printf(_("%s, port %s, listen %s"), d->v[D_GFX_TYPE],
                               strcmp(d->v[D_GFX_AUTOPORT], "1") == 0 ? _("automatic")
                                                                       : d->v[D_GFX_PORT],
                               *d->v[D_GFX_LISTEN] ? d->v[D_GFX_LISTEN] : _("(default)"));
    case P_SPICE:
        if (strcmp(d->v[D_GFX_TYPE], "spice") != 0)
            return g_strdup(_("(vnc: none)"));
        return g_strdup_printf(_("secure port %s, channel security %s"),
                               *d->v[D_GFX_TLS_PORT] ? d->v[D_GFX_TLS_PORT] : _("automatic"),
                               d->v[D_GFX_MODE]);
    case P_CHANNELS:
        return instdraft_channels_text(d);
    case P_NICS:
        return instdraft_nics_text(d);
    case P_BINDING:
        if ((l = instdraft_label(&d->hosts, d->v[D_BOUND_HOST])))
            return g_strdup_printf("%s: %s", _("Bound host"), l);
        if ((l = instdraft_label(&d->groups, d->v[D_BOUND_GROUP])))
            return g_strdup_printf("%s: %s", _("Bound host group"), l);
        return g_strdup(_("(none)"));
    case P_DOMAIN_XML:
        return xml_summary(d->v[D_CUSTOM_DOMAIN]);
    case P_DEVICES_XML:
        return xml_summary(d->v[D_CUSTOM_DEVICES]);
    case P_NAME:
        return g_strdup_printf("%s; %s: %s", *d->v[D_NAME_ZH] ? d->v[D_NAME_ZH] : _("(none)"),
                               _("Unique VM"),
                               strcmp(d->v[D_UNIQUE], "1") == 0 ? _("Yes") : _("No"));
    case P_END:
        break;
    }
    return g_strdup("");
}

/* The choices the tables and summaries name. */
static void draft_choices(struct app *app, struct instdraft *d)
{
    struct dv_error err = {0};

    if (!instance_image_choices(app->db, d->project_id, &d->images, &err) ||
        !instance_volume_choices(app->db, d->project_id, &d->volumes, &err) ||
        !instance_network_choices(app->db, d->project_id, &d->networks, &err) ||
        !instance_secgroup_choices(app->db, &d->secgroups, &err) ||
        !instance_host_choices(app->db, d->project_id, &d->hosts, &err) ||
        !instance_group_choices(app->db, d->project_id, &d->groups, &err))
        app_status_error(app, &err);
    dv_error_clear(&err);
}

/* ---------------------------------------------------------------- the XML preview */

/* "name (qcow2, 只读)" -> "qcow2" (an image choice's format), else raw */
static char *label_format(const char *label)
{
    const char *p = label ? strrchr(label, '(') : NULL;
    size_t n = p ? strcspn(p + 1, ",)") : 0;

    return n ? g_strndup(p + 1, n) : g_strdup("raw");
}

/* The domain XML of the draft's spec s as a VM of it would get it, with
 * the sources named as the editor knows them (power-on resolves them on
 * the host): with or without the user-defined XML. */
static char *preview_xml(const struct instdraft *d, const struct inst_spec *s, bool custom,
                         struct dv_error *err)
{
    struct domainxml_disk disks[INSTANCE_DISK_MAX] = {{0}};
    struct domainxml_nic *nics = g_new0(struct domainxml_nic, s->nnics + 1);
    char *fmt[INSTANCE_DISK_MAX] = {0}, **vols = g_new0(char *, s->ndisks + 1), *xml;
    struct domainxml_input in = {.name = s->name_en,
                                 .uuid = "00000000-0000-0000-0000-000000000000",
                                 .title = s->name_zh,
                                 .spec = s,
                                 .disks = disks,
                                 .nics = nics,
                                 .custom = custom};

    for (int i = 0; i < s->ndisks; i++) {
        const struct inst_disk *k = &s->disks[i];

        if (k->resource == RES_FILE) {
            const char *l = instdraft_label_id(&d->images, k->image_id);

            fmt[i] = label_format(l);
            disks[i].file = l ? l : "";
            disks[i].format = fmt[i];
        } else {
            const char *l = instdraft_label_id(&d->volumes, k->volume_id);
            const char *slash = l ? strchr(l, '/') : NULL;

            vols[i] = slash ? g_strndup(l, (size_t)(slash - l)) : g_strdup("");
            disks[i].pool = vols[i];
            disks[i].volume = slash ? slash + 1 : "";
            disks[i].format = "qcow2";
        }
    }
    for (int i = 0; i < s->nnics; i++) {
        const char *l = instdraft_label_id(&d->networks, s->nics[i].network_id);

        nics[i].network = l ? l : "";
        nics[i].filter = instdraft_label_id(&d->secgroups, s->nics[i].secgroup_id);
        nics[i].mac = s->nics[i].mac;
    }
    xml = domainxml_build(&in, err);
    for (int i = 0; i < INSTANCE_DISK_MAX; i++)
        g_free(fmt[i]);
    g_strfreev(vols);
    g_free(nics);
    return xml;
}

/* The diff of the user-defined XML (M11.3m): "" when it changes nothing;
 * NULL with err when the XML cannot be built. */
static char *custom_diff(const struct instdraft *d, const struct inst_spec *s,
                         struct dv_error *err)
{
    char *plain = preview_xml(d, s, false, err);
    char *custom = plain ? preview_xml(d, s, true, err) : NULL;
    char *diff = custom ? domainxml_diff(plain, custom) : NULL;

    g_free(plain);
    g_free(custom);
    return diff;
}

/* ---------------------------------------------------------------- saving */

/* A refused rule: its panel opens with the field focused (M11.3n). */
static void show_refusal(struct app *app, struct instdraft *d, const struct dv_error *err)
{
    enum panel p = panel_of_key(err->field);

    if (p == P_END) {
        app_status_error(app, err);
        dialog_message(app, d->id ? _("Modify VM instance") : _("Add VM instance"), err->msg);
        return;
    }
    open_panel(app, d, p, err);
}

/* The final XML as a diff, then the question (false: the user said no). */
static bool confirm_xml(struct app *app, struct instdraft *d, const struct inst_spec *s,
                        struct dv_error *err)
{
    char *diff = custom_diff(d, s, err);
    char *text;
    bool ok;

    if (!diff)
        return false;
    if (!*diff) {
        g_free(diff);
        return true;
    }
    text = g_strdup_printf("%s\n\n%s", _("The user-defined XML changes the domain XML the editor "
                                         "makes as follows:"),
                           diff);
    dialog_text(app, _("User-defined configuration"), text);
    ok = dialog_confirm(app, d->id ? _("Modify VM instance") : _("Add VM instance"),
                        _("Save the instance with this domain XML?"));
    g_free(text);
    g_free(diff);
    return ok;
}

/* ---------------------------------------------------------------- the command (F4) */

/* After a save: "instance add" (or "modify --name WAS") with every field of
 * the draft, empty ones too (machine '' is not add's default pc), and a
 * --disk, --nic, --channel per row, for F4 (the password left out, as the
 * form dialogs leave it). */
static void draft_command(struct app *app, const struct instdraft *d)
{
    GString *cmd = command_new(app->actor.account, "instance", d->id ? "modify" : "add");

    if (d->id)
        command_option(cmd, "instance", d->name_was ? d->name_was : d->v[D_NAME_EN]);
    for (int i = 0; i < D_COUNT; i++) {
        int64_t id = g_ascii_strtoll(d->v[i] ? d->v[i] : "", NULL, 10);
        char *name;

        if (i == D_GFX_PASSWD || !d->v[i])
            continue;
        if (i == D_BOUND_HOST || i == D_BOUND_GROUP) {
            name = id <= 0 ? g_strdup("")
                           : choice_name(i == D_BOUND_HOST ? &d->hosts : &d->groups, id);
            command_option(cmd, d_fields[i].key, name);
            g_free(name);
        } else {
            command_option(cmd, d_fields[i].key, d->v[i]);
        }
    }
    for (guint i = 0; i < d->disks->len; i++) {
        char *p = instspec_disk_parts_of(&g_array_index(d->disks, struct inst_disk, i),
                                         &d->images, &d->volumes);

        command_option(cmd, "disk", p);
        g_free(p);
    }
    if (d->id && !d->disks->len)
        command_option(cmd, "disk", "");
    for (guint i = 0; i < d->nics->len; i++) {
        char *p = instspec_nic_parts_of(&g_array_index(d->nics, struct inst_nic, i), &d->networks,
                                        &d->secgroups);

        command_option(cmd, "nic", p);
        g_free(p);
    }
    if (d->id && !d->nics->len)
        command_option(cmd, "nic", "");
    for (guint i = 0; i < d->channels->len; i++) {
        char *p = instspec_channel_parts(&g_array_index(d->channels, struct inst_channel, i));

        command_option(cmd, "channel", p);
        g_free(p);
    }
    if (d->id && !d->channels->len)
        command_option(cmd, "channel", "");
    app_set_command(app, cmd);
}

/* Save the draft: every rule again, the advice asked about, the XML diff
 * shown, then the core's add or modify.  False when not saved (err set
 * when a rule refused it). */
static bool draft_save(struct app *app, struct instdraft *d, struct dv_error *err)
{
    const char *title = d->id ? _("Modify VM instance") : _("Add VM instance");
    struct inst_spec s;
    char *warning = NULL, *warn2 = NULL;
    int64_t id = 0;
    bool ok = draft_spec(d, (const char *const *)d->v, &s, &warning, err);

    if (ok && warning) {
        char *q = g_strdup_printf("%s\n\n%s", warning, _("Save the instance all the same?"));

        ok = dialog_confirm(app, title, q);
        g_free(q);
    }
    ok = ok && confirm_xml(app, d, &s, err);
    if (ok)
        ok = d->id ? instance_modify(app->db, &app->actor, d->id, &s, &warn2, err)
                   : instance_add(app->db, &app->actor, &s, &id, &warn2, err);
    if (ok)
        draft_command(app, d);
    if (ok && warn2)
        dialog_message(app, title, warn2);
    g_free(warning);
    g_free(warn2);
    instspec_clear(&s);
    return ok;
}

/* ---------------------------------------------------------------- the external editor */

/* Edit text in $VISUAL or $EDITOR (vi when neither is set), the screen
 * handed over meanwhile; the new text, or NULL when it failed (err). */
static char *edit_external(const char *text, struct dv_error *err)
{
    const char *ed = g_getenv("VISUAL");
    char *path = NULL, *out = NULL, *cmd;
    GError *ge = NULL;
    int fd, status = 0;

    if (!ed || !*ed)
        ed = g_getenv("EDITOR");
    if (!ed || !*ed)
        ed = "vi";
    fd = g_file_open_tmp("dosvm-XXXXXX.xml", &path, &ge);
    if (fd < 0 || !g_file_set_contents(path, text, -1, &ge)) {
        dv_error_set(err, DV_ERR_IO, NULL, _("The XML cannot be edited: %s"), ge->message);
        goto out;
    }
    def_prog_mode();
    endwin();
    cmd = g_strdup_printf("%s \"$1\"", ed);
    {
        char *argv[] = {"/bin/sh", "-c", cmd, "sh", path, NULL};

        if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, NULL, NULL,
                          &status, &ge))
            status = -1;
    }
    g_free(cmd);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
    if (status != 0) {
        dv_error_set(err, DV_ERR_IO, NULL, _("The editor '%s' failed; the XML is unchanged."), ed);
        goto out;
    }
    if (!g_file_get_contents(path, &out, NULL, &ge))
        dv_error_set(err, DV_ERR_IO, NULL, _("The XML cannot be edited: %s"), ge->message);
    else
        g_strchomp(out);
out:
    if (fd >= 0)
        close(fd);
    if (path)
        unlink(path);
    g_free(path);
    g_clear_error(&ge);
    return out;
}

/* ---------------------------------------------------------------- the editor page */

static const struct list_column editor_columns[] = {
    {.header = N_("Configuration panel"), .min_width = 12, .weight = 1},
    {.header = N_("Panel settings"), .min_width = 20, .weight = 3},
};

static bool fetch_editor(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                         struct list_rows *out, struct dv_error *err)
{
    const struct instdraft *d = ctx;

    (void)app, (void)q, (void)err;
    for (int p = (int)offset; p < P_END && p < offset + limit; p++) {
        list_rows_add(out, p, 2, g_strdup(_(panels[p].label)), panel_summary(d, p));
        list_rows_set_state(out, LIST_STATE(p == P_DOMAIN_XML || p == P_DEVICES_XML ? PS_XML
                                                                                   : PS_FORM));
    }
    out->total = P_END;
    list_rows_set_notice(out, g_strdup_printf(d->changed ? _("VM instance '%s': not saved yet.")
                                                         : _("VM instance '%s'."),
                                              d->v[D_NAME_EN]));
    return true;
}

static int act_panel(struct app *app, struct list_page *lp, const struct list_row *row)
{
    open_panel(app, list_ctx(lp), (enum panel)row->id, NULL);
    return UI_RELOAD;
}

/* x: the row's XML in $EDITOR, checked as the dialog checks it. */
static int act_edit_xml(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct instdraft *d = list_ctx(lp);
    int k = row->id == P_DOMAIN_XML ? D_CUSTOM_DOMAIN : D_CUSTOM_DEVICES;
    struct dv_error err = {0};
    struct panel_ctx pc = {d, (enum panel)row->id};
    char *text = edit_external(d->v[k], &err);
    char *vals[2] = {text, NULL};

    if (text && submit_panel(app, &pc, vals, &err))
        app_status(app, STATUS_OK, "%s", _("The XML was changed in the draft."));
    else if (text)
        open_panel(app, d, (enum panel)row->id, &err); /* say why; the old XML stays */
    else
        app_status_error(app, &err);
    g_free(text);
    dv_error_clear(&err);
    return UI_RELOAD;
}

/* p: the whole domain XML of a VM of the draft, and the user-defined part's diff. */
static int act_preview(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct instdraft *d = list_ctx(lp);
    struct dv_error err = {0};
    struct inst_spec s;
    char *xml = NULL, *diff = NULL;

    (void)row;
    if (draft_spec(d, (const char *const *)d->v, &s, NULL, &err) &&
        (xml = preview_xml(d, &s, true, &err)) && (diff = custom_diff(d, &s, &err))) {
        char *text = g_strdup_printf("%s\n\n%s\n%s", xml, _("Changed by the user-defined XML:"),
                                     *diff ? diff : _("(nothing)"));

        dialog_text(app, _("Domain XML preview"), text);
        g_free(text);
    } else {
        show_refusal(app, d, &err);
    }
    g_free(xml);
    g_free(diff);
    instspec_clear(&s);
    dv_error_clear(&err);
    return UI_RELOAD;
}

static int act_save(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct instdraft *d = list_ctx(lp);
    struct dv_error err = {0};

    (void)row;
    if (!draft_save(app, d, &err)) {
        if (err.msg[0])
            show_refusal(app, d, &err);
        dv_error_clear(&err);
        return UI_RELOAD;
    }
    d->saved = true;
    return UI_NAV; /* closes the editor page */
}

static const struct list_action editor_actions[] = {
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_panel},
    {.key = 'x',
     .label = N_("Edit in editor"),
     .needs = LN_ROW | LN_STATE,
     .states = LIST_STATE(PS_XML),
     .run = act_edit_xml},
    {.key = 'p', .label = N_("Preview XML"), .run = act_preview},
    {.key = 's', .label = N_("Save"), .run = act_save},
};

static const char *const panel_state_reasons[PS_COUNT] = {
    [PS_FORM] = N_("Only the user-defined XML panels are edited in an editor."),
    [PS_XML] = N_("A user-defined XML panel."),
};

static const struct list_states panel_states = {
    .of = list_row_state, .reasons = panel_state_reasons, .n = PS_COUNT};

static const struct list_def editor_list = {
    .title = N_("VM instance configuration"),
    .columns = editor_columns,
    .ncolumns = G_N_ELEMENTS(editor_columns),
    .actions = editor_actions,
    .nactions = G_N_ELEMENTS(editor_actions),
    .fetch = fetch_editor,
    .states = &panel_states,
};

/* Run the page until saved or left (asked first when something changed). */
static bool editor_run(struct app *app, struct instdraft *d)
{
    draft_choices(app, d);
    app_status(app, STATUS_INFO, "%s",
               _("e modifies the selected panel; p previews the XML; s saves the instance."));
    for (;;) {
        list_run_modal(app, &editor_list, d);
        if (d->saved || !d->changed || app_leaving(app))
            break;
        if (dialog_confirm(app, _("VM instance configuration"),
                           _("Leave without saving? The changes are lost.")))
            break;
    }
    return d->saved;
}

bool instedit_run(struct app *app, enum instedit_mode mode, int64_t id)
{
    struct dv_error err = {0};
    struct instance rec = {0};
    struct inst_spec s;
    struct instdraft d;
    int64_t project = 0;
    bool saved;

    if (!project_for_actor(app->db, &app->actor, 0, &project, &err) ||
        (mode != INSTEDIT_ADD && !instance_get(app->db, &app->actor, id, &rec, &err))) {
        app_status_error(app, &err);
        return false;
    }
    if (mode == INSTEDIT_ADD) {
        instspec_defaults(&s);
        s.project_id = project;
    } else {
        instspec_copy(&s, &rec.spec);
    }
    if (mode == INSTEDIT_IMPORT) { /* a copy: the names are typed again */
        s.name_en[0] = s.name_zh[0] = '\0';
        s.version = 0;
    }
    draft_init(&d, &s);
    d.id = mode == INSTEDIT_MODIFY ? id : 0;
    d.name_was = mode == INSTEDIT_MODIFY ? g_strdup(rec.spec.name_en) : NULL;
    d.changed = mode == INSTEDIT_IMPORT;
    instspec_clear(&s);
    instance_clear(&rec);
    saved = editor_run(app, &d);
    if (saved)
        app_status(app, STATUS_OK,
                   mode == INSTEDIT_MODIFY
                       ? _("The VM instance '%s' was saved (its VMs at their next power-on).")
                                           : _("The VM instance '%s' was added."),
                   d.v[D_NAME_ZH]);
    draft_free(&d);
    return saved;
}
