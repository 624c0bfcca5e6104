/* instdraft.h - the instance editor's draft (ui/vm/instedit.c), shared
 * with its table sub-pages (ui/vm/insttables.c): the texts of the scalar
 * fields by their core keys (vm/instance.h INF_*) and the rows of the
 * disk, NIC and SPICE channel tables as their dialogs made them.  Until
 * 保存 the editor changes only this copy; every dialog checks its values
 * with the core's rules when OK is pressed. */
#ifndef DV_INSTDRAFT_H
#define DV_INSTDRAFT_H

#include "app.h"
#include "db/choice.h"
#include "vm/instance.h"
#include "widgets/form.h"

/* The scalar fields, in the order of struct instance_input. */
enum {
    D_NAME_EN,
    D_NAME_ZH,
    D_VCPUS,
    D_MEMORY,
    D_MEMORY_UNIT,
    D_ARCH,
    D_HYPERVISOR,
    D_MACHINE,
    D_BOOT,
    D_BOOTMENU,
    D_BOOTMENU_TIMEOUT,
    D_BIOS_SERIAL,
    D_REBOOT_TIMEOUT,
    D_TABLET,
    D_GFX_TYPE,
    D_GFX_AUTOPORT,
    D_GFX_PORT,
    D_GFX_PASSWD,
    D_GFX_VALID_TO,
    D_GFX_KEEP,
    D_GFX_SHARE,
    D_GFX_LISTEN,
    D_GFX_TLS_PORT,
    D_GFX_MODE,
    D_GFX_IMAGE,
    D_GFX_JPEG,
    D_GFX_ZLIB,
    D_GFX_PLAYBACK,
    D_GFX_STREAMING,
    D_GFX_FILETRANSFER,
    D_BOUND_HOST,
    D_BOUND_GROUP,
    D_CUSTOM_DOMAIN,
    D_CUSTOM_DEVICES,
    D_UNIQUE,
    D_COUNT
};

struct instdraft {
    int64_t id; /* 0 while adding or importing */
    char *name_was; /* modify: the English name of the record, for its command */
    int64_t version;
    int64_t project_id;
    char *v[D_COUNT];
    GArray *disks;    /* struct inst_disk */
    GArray *nics;     /* struct inst_nic, owned strings */
    GArray *channels; /* struct inst_channel */
    /* what the tables' rows and the summaries name */
    struct choice_list images, volumes, networks, secgroups, hosts, groups;
    bool changed, saved;
};

/* The label of the entry whose id is the number id_text, or NULL. */
const char *instdraft_label(const struct choice_list *l, const char *id_text);
/* The same for an id. */
const char *instdraft_label_id(const struct choice_list *l, int64_t id);

/* The choice labels of the words of c: the words themselves, "" shown as
 * "Not set"; NULL-terminated, static (the values are instspec_words). */
const char *const *instdraft_word_labels(enum inst_choice c);

/* Fill the FV_CHOICE fields of fields[0..n) whose choices are NULL and
 * whose key is one of the core's word fields with the words (first use). */
void instdraft_complete(struct fv_field *fields, int n);

/* Empty tables for a new draft (g_array_unref them). */
void instdraft_tables_init(struct instdraft *d);

/* The table sub-pages (insttables.c), run modally on the draft. */
void instdraft_disks_run(struct app *app, struct instdraft *d);
void instdraft_nics_run(struct app *app, struct instdraft *d);
void instdraft_channels_run(struct app *app, struct instdraft *d);

/* One-line summaries of the tables for the editor page. */
char *instdraft_disks_text(const struct instdraft *d);
char *instdraft_nics_text(const struct instdraft *d);
char *instdraft_channels_text(const struct instdraft *d);

#endif
