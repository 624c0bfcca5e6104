/* insttables.c - the instance editor's tables (ui/vm/instdraft.h): the
 * disk devices of M11.3j (at most four), the network interfaces of M11.3l
 * and the SPICE channels of M11.3k, each a sub-page with 新增, 修改 and
 * 删除 whose dialog checks its row with the core's rules on OK. */
#include <string.h>

#include "screens.h"
#include "vm/instdraft.h"
#include "widgets/dialog.h"
#include "widgets/list.h"

/* ---------------------------------------------------------------- words */

static const struct {
    const char *key;
    enum inst_choice c;
} word_fields[] = {
    {INF_ARCH, IC_ARCH},           {INF_HYPERVISOR, IC_HYPERVISOR},
    {INF_DISK_RESOURCE, IC_RESOURCE}, {INF_DISK_DEVICE, IC_DEVICE},
    {INF_DISK_POLICY, IC_POLICY},  {INF_DISK_BUS, IC_BUS},
    {INF_DISK_CACHE, IC_CACHE},    {INF_GFX_TYPE, IC_GFX},
    {INF_GFX_SHARE, IC_SHARE},     {INF_GFX_MODE, IC_MODE},
    {INF_GFX_IMAGE, IC_IMAGE},     {INF_GFX_JPEG, IC_WAN},
    {INF_GFX_ZLIB, IC_WAN},        {INF_GFX_STREAMING, IC_STREAMING},
    {INF_NIC_MODEL, IC_MODEL},     {INF_CHANNEL_NAME, IC_CHANNEL},
    {INF_CHANNEL_MODE, IC_MODE},
};

const char *const *instdraft_word_labels(enum inst_choice c)
{
    static const char **labels[IC_COUNT];
    const char *const *w = instspec_words(c);

    if (!w)
        return NULL;
    if (!labels[c]) {
        int n = instspec_count(c);

        labels[c] = g_new0(const char *, n + 1);
        for (int i = 0; i < n; i++)
            labels[c][i] = *w[i] ? w[i] : N_("Not set");
    }
    return labels[c];
}

void instdraft_complete(struct fv_field *fields, int n)
{
    for (int i = 0; i < n; i++)
        for (size_t j = 0; j < G_N_ELEMENTS(word_fields); j++)
            if (fields[i].kind == FV_CHOICE && !fields[i].choices &&
                strcmp(fields[i].key, word_fields[j].key) == 0) {
                fields[i].choices = instdraft_word_labels(word_fields[j].c);
                fields[i].values = instspec_words(word_fields[j].c);
            }
}

const char *instdraft_label_id(const struct choice_list *l, int64_t id)
{
    for (int i = 0; id > 0 && i < l->n; i++)
        if (l->v[i].id == id)
            return l->v[i].label;
    return NULL;
}

const char *instdraft_label(const struct choice_list *l, const char *id_text)
{
    return instdraft_label_id(l, g_ascii_strtoll(id_text ? id_text : "", NULL, 10));
}

static const char *word(enum inst_choice c, int v)
{
    const char *w = instspec_word(c, v);

    return w && *w ? w : "";
}

static char *yes_no(bool b)
{
    return g_strdup(b ? _("Yes") : _("No"));
}

static bool confirm_row_delete(struct app *app, const char *title)
{
    return dialog_confirm(app, title, _("Delete the selected row from the table?"));
}

static const char *const no_yes_labels[] = {N_("No"), N_("Yes"), NULL};
static const char *const no_yes_values[] = {"0", "1", NULL};

/* A dialog on a table row: the draft and the row (-1 when adding). */
struct row_ctx {
    struct instdraft *d;
    int row;
};

/* ---------------------------------------------------------------- disks (M11.3j) */

static const char *const tray_labels[] = {N_("Closed"), N_("Ejected"), NULL};
static const char *const on_off_labels[] = {N_("Off"), N_("On"), NULL};

static bool pick_images(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return instance_image_choices(app->db, ((struct row_ctx *)ctx)->d->project_id, out, err);
}

static bool pick_volumes(struct app *app, void *ctx, struct choice_list *out, struct dv_error *err)
{
    return instance_volume_choices(app->db, ((struct row_ctx *)ctx)->d->project_id, out, err);
}

static struct fv_field disk_fields[] = {
    {.key = INF_DISK_RESOURCE,
     .label = N_("Resource type"),
     .kind = FV_CHOICE,
     .required = true,
     .hint = N_("file: an image of image management; volume: a storage volume (a disk only).")},
    {.key = INF_DISK_DEVICE,
     .label = N_("Device type"),
     .kind = FV_CHOICE,
     .required = true,
     .hint = N_("A file allows disk and cdrom; a volume allows disk only.")},
    {.key = INF_DISK_IMAGE,
     .label = N_("Image file"),
     .kind = FV_PICK,
     .width = 36,
     .pick = pick_images,
     .pick_none = N_("(none)"),
     .hint = N_("The image the disk uses; valid when the resource type is file.")},
    {.key = INF_DISK_VOLUME,
     .label = N_("Storage volume"),
     .kind = FV_PICK,
     .width = 36,
     .pick = pick_volumes,
     .pick_none = N_("(none)"),
     .hint = N_("Storage pool/volume; valid when the resource type is volume.")},
    {.key = INF_DISK_POLICY,
     .label = N_("Startup policy"),
     .kind = FV_CHOICE,
     .hint = N_("A CD-ROM's source that cannot be reached: mandatory fails, requisite fails at "
                "boot only, optional drops it.")},
    {.key = INF_DISK_RELABEL,
     .label = N_("Relabel the security label"),
     .kind = FV_CHOICE,
     .choices = no_yes_labels,
     .values = no_yes_values,
     .hint = N_("Yes: the SELinux label of the source is relabelled.")},
    {.key = INF_DISK_BUS,
     .label = N_("Bus"),
     .kind = FV_CHOICE,
     .required = true,
     .hint = N_("The type of disk emulated.")},
    {.key = INF_DISK_DEV,
     .label = N_("Device name"),
     .kind = FV_TEXT,
     .max = INSTANCE_DEV_MAX - 1,
     .width = 6,
     .hint = N_("hda-hdd for ide, vda-vdz for virtio, sda-sdz for the others; empty: generated "
                "from the bus.")},
    {.key = INF_DISK_TRAY,
     .label = N_("Tray state"),
     .kind = FV_CHOICE,
     .choices = tray_labels,
     .values = no_yes_values,
     .hint = N_("A CD-ROM's tray; closed by default.")},
    {.key = INF_DISK_REMOVABLE,
     .label = N_("Removable"),
     .kind = FV_CHOICE,
     .choices = no_yes_labels,
     .values = no_yes_values,
     .hint = N_("Effective when the bus is usb.")},
    {.key = INF_DISK_READONLY,
     .label = N_("Read-only"),
     .kind = FV_CHOICE,
     .choices = no_yes_labels,
     .values = no_yes_values,
     .hint = N_("CD-ROMs are read-only; disks on some buses cannot be.")},
    {.key = INF_DISK_CACHE,
     .label = N_("Cache mode"),
     .kind = FV_CHOICE,
     .hint = N_("default, none, writethrough, writeback, directsync (bypasses the host page "
                "cache) or unsafe.")},
    {.key = INF_DISK_COR,
     .label = N_("Copy on read"),
     .kind = FV_CHOICE,
     .choices = on_off_labels,
     .values = no_yes_values,
     .hint = N_("Copies what is read from the backing file into the image; a checkpoint of "
                "such a disk is refused.")},
};

static const struct fv_def disk_form = {.title = N_("Disk device configuration"),
                                        .fields = disk_fields,
                                        .nfields = G_N_ELEMENTS(disk_fields),
                                        .buttons = fv_ok_cancel,
                                        .layout = FV_COLUMN};

static char *id_text(int64_t id)
{
    return g_strdup_printf("%lld", (long long)id);
}

static char **disk_values(const struct inst_disk *k)
{
    char **v = g_new0(char *, G_N_ELEMENTS(disk_fields) + 1);
    int i = 0;

    v[i++] = g_strdup(word(IC_RESOURCE, k->resource));
    v[i++] = g_strdup(word(IC_DEVICE, k->device));
    v[i++] = id_text(k->image_id);
    v[i++] = id_text(k->volume_id);
    v[i++] = g_strdup(word(IC_POLICY, k->policy));
    v[i++] = g_strdup(k->relabel ? "1" : "0");
    v[i++] = g_strdup(word(IC_BUS, k->bus));
    v[i++] = g_strdup(k->dev);
    v[i++] = g_strdup(k->tray_open ? "1" : "0");
    v[i++] = g_strdup(k->removable ? "1" : "0");
    v[i++] = g_strdup(k->readonly ? "1" : "0");
    v[i++] = g_strdup(word(IC_CACHE, k->cache));
    v[i] = g_strdup(k->copy_on_read ? "1" : "0");
    return v;
}

static bool submit_disk(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct row_ctx *rc = ctx;
    struct instdraft *d = rc->d;
    struct instance_disk_input in = {.resource = v[0],
                                     .device = v[1],
                                     .image = v[2],
                                     .volume = v[3],
                                     .policy = v[4],
                                     .relabel = v[5],
                                     .bus = v[6],
                                     .dev = v[7],
                                     .tray = v[8],
                                     .removable = v[9],
                                     .readonly = v[10],
                                     .cache = v[11],
                                     .copy_on_read = v[12]};
    struct inst_disk k;

    (void)app;
    if (!instance_disk_parse(&in, (const struct inst_disk *)(const void *)d->disks->data,
                             (int)d->disks->len, rc->row, &k, err))
        return false;
    if (rc->row < 0)
        g_array_append_val(d->disks, k);
    else
        g_array_index(d->disks, struct inst_disk, rc->row) = k;
    d->changed = true;
    return true;
}

static const struct list_column disk_columns[] = {
    {.header = N_("Device name"), .min_width = 4, .fixed = true},
    {.header = N_("Resource type"), .min_width = 4},
    {.header = N_("Device type"), .min_width = 4},
    {.header = N_("Source"), .min_width = 12, .weight = 3},
    {.header = N_("Bus"), .min_width = 4},
    {.header = N_("Read-only"), .min_width = 2},
    {.header = N_("Cache mode"), .min_width = 6, .hide_below = 100},
    {.header = N_("Copy on read"), .min_width = 2, .hide_below = 100},
};

static const char *disk_source(const struct instdraft *d, const struct inst_disk *k)
{
    const char *l = k->resource == RES_FILE ? instdraft_label_id(&d->images, k->image_id)
                                            : instdraft_label_id(&d->volumes, k->volume_id);

    return l ? l : "";
}

static bool fetch_disks(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                        struct list_rows *out, struct dv_error *err)
{
    const struct instdraft *d = ctx;

    (void)app, (void)q, (void)err;
    out->total = d->disks->len;
    for (int64_t i = offset; i < (int64_t)d->disks->len && i < offset + limit; i++) {
        const struct inst_disk *k = &g_array_index(d->disks, struct inst_disk, i);

        list_rows_add(out, i, 8, g_strdup(k->dev), g_strdup(word(IC_RESOURCE, k->resource)),
                      g_strdup(word(IC_DEVICE, k->device)), g_strdup(disk_source(d, k)),
                      g_strdup(word(IC_BUS, k->bus)), yes_no(k->readonly),
                      g_strdup(word(IC_CACHE, k->cache)), g_strdup(k->copy_on_read ? _("On") : _("Off")));
    }
    list_rows_set_notice(out, g_strdup_printf(_("Disks: %u of at most %d."), d->disks->len,
                                              INSTANCE_DISK_MAX));
    return true;
}

static int act_disk_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct row_ctx rc = {list_ctx(lp), -1};
    /* Fig 11-5: a CD-ROM from an image file on the ide bus */
    struct inst_disk k = {.resource = RES_FILE,
                          .device = DEV_CDROM,
                          .bus = BUS_IDE,
                          .readonly = true,
                          .cache = CACHE_WRITEBACK};
    char **init;

    (void)row;
    if (rc.d->disks->len >= INSTANCE_DISK_MAX) {
        app_status(app, STATUS_ERROR, "%s", _("At most 4 disks are supported."));
        return UI_REDRAW;
    }
    init = disk_values(&k);
    g_free(init[7]);
    init[7] = g_strdup(""); /* generated from the bus on OK */
    if (dialog_form(app, &disk_form, init, submit_disk, &rc))
        app_status(app, STATUS_OK, "%s", _("The disk was added to the table."));
    g_strfreev(init);
    return UI_RELOAD;
}

static int act_disk_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct row_ctx rc = {list_ctx(lp), (int)row->id};
    char **init;

    if (row->id >= (int64_t)rc.d->disks->len)
        return UI_RELOAD;
    init = disk_values(&g_array_index(rc.d->disks, struct inst_disk, row->id));
    if (dialog_form_on(app, &disk_form, row->cells[0], init, submit_disk, &rc))
        app_status(app, STATUS_OK, "%s", _("The disk was changed in the table."));
    g_strfreev(init);
    return UI_RELOAD;
}

static int act_disk_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct instdraft *d = list_ctx(lp);

    if (!confirm_row_delete(app, _("Disk device configuration")))
        return UI_REDRAW;
    if (row->id < (int64_t)d->disks->len) {
        g_array_remove_index(d->disks, (guint)row->id);
        d->changed = true;
    }
    return UI_RELOAD;
}

static const struct list_action disk_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_disk_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_disk_modify},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_disk_delete},
};

static const struct list_def disks_list = {
    .title = N_("Disk device configuration"),
    .columns = disk_columns,
    .ncolumns = G_N_ELEMENTS(disk_columns),
    .actions = disk_actions,
    .nactions = G_N_ELEMENTS(disk_actions),
    .fetch = fetch_disks,
};

void instdraft_disks_run(struct app *app, struct instdraft *d)
{
    instdraft_complete(disk_fields, G_N_ELEMENTS(disk_fields));
    list_run_modal(app, &disks_list, d);
}

char *instdraft_disks_text(const struct instdraft *d)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < d->disks->len; i++) {
        const struct inst_disk *k = &g_array_index(d->disks, struct inst_disk, i);

        g_string_append_printf(s, "%s%s %s %s", i ? "; " : "", k->dev, word(IC_DEVICE, k->device),
                               disk_source(d, k));
    }
    if (!d->disks->len)
        g_string_append(s, _("No disk"));
    return g_string_free(s, FALSE);
}

/* ---------------------------------------------------------------- NICs (M11.3l) */

static bool pick_networks(struct app *app, void *ctx, struct choice_list *out,
                          struct dv_error *err)
{
    return instance_network_choices(app->db, ((struct row_ctx *)ctx)->d->project_id, out, err);
}

static bool pick_secgroups(struct app *app, void *ctx, struct choice_list *out,
                           struct dv_error *err)
{
    (void)ctx;
    return instance_secgroup_choices(app->db, out, err);
}

/* The read-only line under the network picker: its port groups. */
static char **network_detail(struct app *app, void *ctx, const char *value)
{
    struct choice_list l = {0};
    struct dv_error err = {0};
    GString *s = g_string_new(NULL);
    char **v = g_new0(char *, 2);

    (void)ctx;
    if (instance_portgroup_choices(app->db, g_ascii_strtoll(value ? value : "", NULL, 10), &l,
                                   &err))
        for (int i = 0; i < l.n; i++)
            g_string_append_printf(s, "%s%s", i ? ", " : "", l.v[i].label);
    dv_error_clear(&err);
    choice_list_free(&l);
    if (!s->len)
        g_string_append(s, _("(none)"));
    v[0] = g_string_free(s, FALSE);
    return v;
}

static const char *const link_words[] = {"up", "down", NULL};

static struct fv_field nic_fields[] = {
    {.key = INF_NIC_NETWORK,
     .label = N_("Network"),
     .kind = FV_PICK,
     .required = true,
     .width = 36,
     .pick = pick_networks,
     .pick_empty = N_("The project has no network yet: add one in network management first."),
     .detail = network_detail,
     .hint = N_("The virtual networks configured in network management.")},
    {.key = "nic_portgroups",
     .label = N_("Port groups of the network"),
     .kind = FV_READONLY,
     .width = 36},
    {.key = INF_NIC_PORTGROUP,
     .label = N_("Port group"),
     .kind = FV_TEXT,
     .max = DV_NAME_MAX,
     .width = 20,
     .hint = N_("One of the network's port groups; empty: its default group.")},
    {.key = INF_NIC_MAC,
     .label = N_("MAC address"),
     .kind = FV_TEXT,
     .max = INSTANCE_MAC_MAX - 1,
     .width = 18,
     .hint = N_("Empty: generated (kept for a unique instance, new at every start otherwise).")},
    {.key = INF_NIC_TARGET,
     .label = N_("tun/tap device name"),
     .kind = FV_TEXT,
     .max = 15,
     .width = 12,
     .hint = N_("vnetN, tunN or tapN; the name is not guaranteed.")},
    {.key = INF_NIC_SECGROUP,
     .label = N_("Security group"),
     .kind = FV_PICK,
     .width = 28,
     .pick = pick_secgroups,
     .pick_none = N_("(none)"),
     .hint = N_("A set of network filter rules made by the system administrator.")},
    {.key = INF_NIC_MODEL,
     .label = N_("NIC model"),
     .kind = FV_CHOICE,
     .hint = N_("The NIC the guest sees; rtl8139 by default.")},
    {.key = INF_NIC_LINK,
     .label = N_("Virtual link state"),
     .kind = FV_CHOICE,
     .choices = link_words,
     .values = link_words,
     .hint = N_("down: as if the cable were unplugged.")},
};

static const struct fv_def nic_form = {.title = N_("Network interface configuration"),
                                       .fields = nic_fields,
                                       .nfields = G_N_ELEMENTS(nic_fields),
                                       .buttons = fv_ok_cancel,
                                       .layout = FV_COLUMN};

static void nic_clear(void *p)
{
    instance_nic_clear(p);
}

static char **nic_values(const struct inst_nic *n)
{
    char **v = g_new0(char *, G_N_ELEMENTS(nic_fields) + 1);

    v[0] = id_text(n->network_id);
    v[1] = g_strdup("");
    v[2] = g_strdup(n->portgroup ? n->portgroup : "");
    v[3] = g_strdup(n->mac);
    v[4] = g_strdup(n->target_dev ? n->target_dev : "");
    v[5] = id_text(n->secgroup_id);
    v[6] = g_strdup(word(IC_MODEL, n->model));
    v[7] = g_strdup(n->link_up ? "up" : "down");
    return v;
}

static bool submit_nic(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct row_ctx *rc = ctx;
    struct instance_nic_input in = {.network = v[0],
                                    .portgroup = v[2],
                                    .mac = v[3],
                                    .target = v[4],
                                    .secgroup = v[5],
                                    .model = v[6],
                                    .link = v[7]};
    struct inst_nic n;

    (void)app;
    if (!instance_nic_parse(&in, &n, err)) {
        instance_nic_clear(&n);
        return false;
    }
    if (rc->row < 0) {
        g_array_append_val(rc->d->nics, n);
    } else {
        instance_nic_clear(&g_array_index(rc->d->nics, struct inst_nic, rc->row));
        g_array_index(rc->d->nics, struct inst_nic, rc->row) = n;
    }
    rc->d->changed = true;
    return true;
}

static const struct list_column nic_columns[] = {
    {.header = N_("Network"), .min_width = 8, .weight = 2, .fixed = true},
    {.header = N_("Port group"), .min_width = 4, .weight = 1},
    {.header = N_("MAC address"), .min_width = 17},
    {.header = N_("tun/tap device name"), .min_width = 5, .hide_below = 100},
    {.header = N_("Security group"), .min_width = 6, .weight = 1, .hide_below = 100},
    {.header = N_("NIC model"), .min_width = 6},
    {.header = N_("Virtual link state"), .min_width = 4},
};

static const char *nic_network(const struct instdraft *d, const struct inst_nic *n)
{
    const char *l = instdraft_label_id(&d->networks, n->network_id);

    return l ? l : "";
}

static bool fetch_nics(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                       struct list_rows *out, struct dv_error *err)
{
    const struct instdraft *d = ctx;

    (void)app, (void)q, (void)err;
    out->total = d->nics->len;
    for (int64_t i = offset; i < (int64_t)d->nics->len && i < offset + limit; i++) {
        const struct inst_nic *n = &g_array_index(d->nics, struct inst_nic, i);
        const char *sg = instdraft_label_id(&d->secgroups, n->secgroup_id);

        list_rows_add(out, i, 7, g_strdup(nic_network(d, n)), g_strdup(n->portgroup),
                      g_strdup(*n->mac ? n->mac : _("(generated)")), g_strdup(n->target_dev),
                      g_strdup(sg ? sg : ""), g_strdup(word(IC_MODEL, n->model)),
                      g_strdup(n->link_up ? "up" : "down"));
    }
    return true;
}

static int act_nic_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct row_ctx rc = {list_ctx(lp), -1};
    struct inst_nic n = {.link_up = true, .model = MODEL_RTL8139};
    char **init = nic_values(&n);

    (void)row;
    if (dialog_form(app, &nic_form, init, submit_nic, &rc))
        app_status(app, STATUS_OK, "%s", _("The network interface was added to the table."));
    g_strfreev(init);
    return UI_RELOAD;
}

static int act_nic_modify(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct row_ctx rc = {list_ctx(lp), (int)row->id};
    char **init;

    if (row->id >= (int64_t)rc.d->nics->len)
        return UI_RELOAD;
    init = nic_values(&g_array_index(rc.d->nics, struct inst_nic, row->id));
    if (dialog_form_on(app, &nic_form, row->cells[0], init, submit_nic, &rc))
        app_status(app, STATUS_OK, "%s", _("The network interface was changed in the table."));
    g_strfreev(init);
    return UI_RELOAD;
}

static int act_nic_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct instdraft *d = list_ctx(lp);

    if (!confirm_row_delete(app, _("Network interface configuration")))
        return UI_REDRAW;
    if (row->id < (int64_t)d->nics->len) {
        g_array_remove_index(d->nics, (guint)row->id);
        d->changed = true;
    }
    return UI_RELOAD;
}

static const struct list_action nic_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_nic_add},
    {.key = 'e', .label = N_("Modify"), .needs = LN_ROW, .run = act_nic_modify},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_nic_delete},
};

static const struct list_def nics_list = {
    .title = N_("Network interface configuration"),
    .columns = nic_columns,
    .ncolumns = G_N_ELEMENTS(nic_columns),
    .actions = nic_actions,
    .nactions = G_N_ELEMENTS(nic_actions),
    .fetch = fetch_nics,
};

void instdraft_nics_run(struct app *app, struct instdraft *d)
{
    instdraft_complete(nic_fields, G_N_ELEMENTS(nic_fields));
    list_run_modal(app, &nics_list, d);
}

char *instdraft_nics_text(const struct instdraft *d)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < d->nics->len; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "",
                               nic_network(d, &g_array_index(d->nics, struct inst_nic, i)));
    if (!d->nics->len)
        g_string_append(s, _("No network interface"));
    return g_string_free(s, FALSE);
}

void instdraft_tables_init(struct instdraft *d)
{
    d->disks = g_array_new(FALSE, TRUE, sizeof(struct inst_disk));
    d->nics = g_array_new(FALSE, TRUE, sizeof(struct inst_nic));
    g_array_set_clear_func(d->nics, nic_clear);
    d->channels = g_array_new(FALSE, TRUE, sizeof(struct inst_channel));
}

/* ---------------------------------------------------------------- SPICE channels (M11.3k) */

static struct fv_field channel_fields[] = {
    {.key = INF_CHANNEL_NAME,
     .label = N_("Channel name"),
     .kind = FV_CHOICE,
     .required = true,
     .hint = N_("A SPICE channel: main, display, inputs, cursor, playback, record, smartcard "
                "or usbredir.")},
    {.key = INF_CHANNEL_MODE,
     .label = N_("Channel security"),
     .kind = FV_CHOICE,
     .hint = N_("any: all connections; insecure: the TCP channel; secure: the TLS channel.")},
};

static const struct fv_def channel_form = {.title = N_("Add channel"),
                                           .fields = channel_fields,
                                           .nfields = G_N_ELEMENTS(channel_fields),
                                           .buttons = fv_ok_cancel,
                                           .layout = FV_COLUMN};

static bool submit_channel(struct app *app, void *ctx, char **v, struct dv_error *err)
{
    struct instdraft *d = ctx;
    struct inst_channel c;

    (void)app;
    if (!instance_channel_parse(v[0], v[1], (const struct inst_channel *)(const void *)d->channels->data,
                                (int)d->channels->len, &c, err))
        return false;
    g_array_append_val(d->channels, c);
    d->changed = true;
    return true;
}

static const struct list_column channel_columns[] = {
    {.header = N_("Channel name"), .min_width = 8, .weight = 1},
    {.header = N_("Channel security"), .min_width = 8, .weight = 1},
};

static bool fetch_channels(struct app *app, void *ctx, char **q, int64_t offset, int limit,
                           struct list_rows *out, struct dv_error *err)
{
    const struct instdraft *d = ctx;

    (void)app, (void)q, (void)err;
    out->total = d->channels->len;
    for (int64_t i = offset; i < (int64_t)d->channels->len && i < offset + limit; i++) {
        const struct inst_channel *c = &g_array_index(d->channels, struct inst_channel, i);

        list_rows_add(out, i, 2, g_strdup(word(IC_CHANNEL, c->name)),
                      g_strdup(word(IC_MODE, c->mode)));
    }
    if (strcmp(d->v[D_GFX_TYPE], "spice") != 0)
        list_rows_set_notice(out, g_strdup(_("Channels are spice's: choose spice in the graphics "
                                             "configuration first.")));
    return true;
}

static int act_channel_add(struct app *app, struct list_page *lp, const struct list_row *row)
{
    (void)row;
    if (dialog_form(app, &channel_form, NULL, submit_channel, list_ctx(lp)))
        app_status(app, STATUS_OK, "%s", _("The channel was added to the table."));
    return UI_RELOAD;
}

static int act_channel_delete(struct app *app, struct list_page *lp, const struct list_row *row)
{
    struct instdraft *d = list_ctx(lp);

    if (!confirm_row_delete(app, _("SPICE channels")))
        return UI_REDRAW;
    if (row->id < (int64_t)d->channels->len) {
        g_array_remove_index(d->channels, (guint)row->id);
        d->changed = true;
    }
    return UI_RELOAD;
}

static const struct list_action channel_actions[] = {
    {.key = 'a', .label = N_("Add"), .run = act_channel_add},
    {.key = 'd', .label = N_("Delete"), .needs = LN_ROW, .run = act_channel_delete},
};

static const struct list_def channels_list = {
    .title = N_("SPICE channels"),
    .columns = channel_columns,
    .ncolumns = G_N_ELEMENTS(channel_columns),
    .actions = channel_actions,
    .nactions = G_N_ELEMENTS(channel_actions),
    .fetch = fetch_channels,
};

void instdraft_channels_run(struct app *app, struct instdraft *d)
{
    instdraft_complete(channel_fields, G_N_ELEMENTS(channel_fields));
    list_run_modal(app, &channels_list, d);
}

char *instdraft_channels_text(const struct instdraft *d)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < d->channels->len; i++) {
        const struct inst_channel *c = &g_array_index(d->channels, struct inst_channel, i);

        g_string_append_printf(s, "%s%s %s", i ? ", " : "", word(IC_CHANNEL, c->name),
                               word(IC_MODE, c->mode));
    }
    if (!d->channels->len)
        g_string_append(s, _("No channel"));
    return g_string_free(s, FALSE);
}
