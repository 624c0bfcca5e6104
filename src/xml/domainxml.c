/* domainxml.c - the libvirt domain XML of a VM (domainxml.h)
 *
 * Decisions taken here (spec part 2, M11.3i ... M11.3m):
 * - memory and currentMemory in MiB (OP-32); an empty machine leaves
 *   type@machine out (the host's default); <bootmenu> always says
 *   enable='yes|no' and carries timeout only when the menu is on and the
 *   timeout is not -1; <bios useserial> carries rebootTimeout unless -1.
 * - startupPolicy (OP-33): on a cdrom whenever set; on a file-backed
 *   hard disk only mandatory and optional (libvirt 9.0 refuses requisite
 *   there: "allowed only for cdrom or floppy"); never on a volume disk
 *   (a volume disk is always device='disk', and libvirt accepts the
 *   attribute only when the volume is file-backed, which this pure
 *   function cannot know).
 * - <seclabel model='selinux' relabel='yes'/> inside <source> when
 *   relabel is on; nothing when off.  libvirt 9.0's parser accepts it
 *   (virsh define on test:///, tests/xml/check-domain-xml.sh) though its
 *   RNG schema wants a <label> beside relabel='yes'; relabel='no' is not
 *   emitted for an unchecked box, as a model='selinux' label makes a VM
 *   fail to start on a host without SELinux.
 * - cache "default" leaves the cache attribute out; copy_on_read='on'
 *   only when on; tray only on cdroms, removable only on the usb bus.
 * - graphics: autoport='yes' without a port, or port='N' autoport='no';
 *   VNC carries connected='keep' only when keep is checked (OP-36), SPICE
 *   always keep or disconnect; SPICE's tlsPort is -1 with autoport or
 *   when auto; defaultMode only when it is not libvirt's default "any";
 *   <filetransfer enable='no'/> only when file transfer is off.
 * - user-defined XML (M11.3m): every element child of the custom <domain>
 *   replaces the generated element of the same name, else is appended; a
 *   <devices> child of it, and the children of the custom <devices>, are
 *   appended to the generated <devices> (which is never replaced: it holds
 *   the disks and NICs). */
#include "xml/domainxml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "xml/xmlutil.h"

static bool empty(const char *s)
{
    return !s || !*s;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    return xmlNewChild(parent, NULL, BAD_CAST name, NULL);
}

static void prop(xmlNodePtr n, const char *name, const char *value)
{
    xmlNewProp(n, BAD_CAST name, BAD_CAST value);
}

static void prop_int(xmlNodePtr n, const char *name, int64_t v)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, v);
    prop(n, name, buf);
}

static const char *word(enum inst_choice c, int v)
{
    const char *w = instspec_word(c, v);

    return w ? w : "";
}

static const char *yesno(bool b)
{
    return b ? "yes" : "no";
}

/* <os>: type, boot order, boot menu, BIOS (M11.3i) */
static void add_os(xmlNodePtr root, const struct inst_spec *s)
{
    xmlNodePtr os = child(root, "os"), n;

    n = xmlNewTextChild(os, NULL, BAD_CAST "type", BAD_CAST "hvm");
    prop(n, "arch", word(IC_ARCH, s->arch));
    if (!empty(s->machine))
        prop(n, "machine", s->machine);
    for (int i = 0; i < s->nboot && i < INSTANCE_BOOT_MAX; i++)
        prop(child(os, "boot"), "dev", word(IC_BOOT, s->boot[i]));
    n = child(os, "bootmenu");
    prop(n, "enable", yesno(s->bootmenu));
    if (s->bootmenu && s->bootmenu_timeout >= 0)
        prop_int(n, "timeout", s->bootmenu_timeout);
    n = child(os, "bios");
    prop(n, "useserial", yesno(s->bios_serial));
    if (s->reboot_timeout != -1)
        prop_int(n, "rebootTimeout", s->reboot_timeout);
}

/* Whether the disk's <source> carries startupPolicy (OP-33, above). */
static bool policy_applies(const struct inst_disk *d)
{
    if (d->policy == POLICY_UNSET)
        return false;
    if (d->device == DEV_CDROM)
        return true;
    return d->resource == RES_FILE && d->policy != POLICY_REQUISITE;
}

/* <disk> (M11.3j) */
static void add_disk(xmlNodePtr devices, const struct inst_disk *d, const struct domainxml_disk *r)
{
    xmlNodePtr disk = child(devices, "disk"), n, src = NULL;

    prop(disk, "type", word(IC_RESOURCE, d->resource));
    prop(disk, "device", word(IC_DEVICE, d->device));

    n = child(disk, "driver");
    prop(n, "name", "qemu");
    if (r && !empty(r->format))
        prop(n, "type", r->format);
    if (d->cache != CACHE_DEFAULT)
        prop(n, "cache", word(IC_CACHE, d->cache));
    if (d->copy_on_read)
        prop(n, "copy_on_read", "on");

    if (d->resource == RES_VOLUME) {
        src = child(disk, "source");
        prop(src, "pool", r && r->pool ? r->pool : "");
        prop(src, "volume", r && r->volume ? r->volume : "");
    } else if (r && !empty(r->file)) { /* a cdrom without a medium has no <source> */
        src = child(disk, "source");
        prop(src, "file", r->file);
    }
    if (src && policy_applies(d))
        prop(src, "startupPolicy", word(IC_POLICY, d->policy));
    if (src && d->relabel) {
        n = child(src, "seclabel");
        prop(n, "model", "selinux");
        prop(n, "relabel", "yes");
    }

    n = child(disk, "target");
    prop(n, "dev", d->dev);
    prop(n, "bus", word(IC_BUS, d->bus));
    if (d->device == DEV_CDROM)
        prop(n, "tray", d->tray_open ? "open" : "closed");
    if (d->bus == BUS_USB)
        prop(n, "removable", d->removable ? "on" : "off");
    if (d->readonly)
        child(disk, "readonly");
}

/* <interface type='network'> (M11.3l) */
static void add_nic(xmlNodePtr devices, const struct inst_nic *nic, const struct domainxml_nic *r)
{
    xmlNodePtr n = child(devices, "interface"), c;
    const char *mac = r && !empty(r->mac) ? r->mac : nic->mac;

    prop(n, "type", "network");
    if (!empty(mac))
        prop(child(n, "mac"), "address", mac);
    c = child(n, "source");
    prop(c, "network", r && r->network ? r->network : "");
    if (!empty(nic->portgroup))
        prop(c, "portgroup", nic->portgroup);
    if (!empty(nic->target_dev))
        prop(child(n, "target"), "dev", nic->target_dev);
    prop(child(n, "model"), "type", word(IC_MODEL, nic->model));
    if (r && !empty(r->filter))
        prop(child(n, "filterref"), "filter", r->filter);
    prop(child(n, "link"), "state", nic->link_up ? "up" : "down");
}

/* <graphics> (M11.3k) */
static void add_graphics(xmlNodePtr devices, const struct inst_graphics *g)
{
    xmlNodePtr n = child(devices, "graphics"), c;
    bool spice = g->type == GFX_SPICE;

    prop(n, "type", word(IC_GFX, g->type));
    if (!g->autoport)
        prop_int(n, "port", g->port);
    if (spice)
        prop_int(n, "tlsPort", g->autoport || g->tls_port <= 0 ? -1 : g->tls_port);
    prop(n, "autoport", yesno(g->autoport));
    if (!empty(g->passwd))
        prop(n, "passwd", g->passwd);
    if (g->valid_to > 0) {
        GDateTime *t = g_date_time_new_from_unix_utc(g->valid_to);
        char *iso = t ? g_date_time_format(t, "%Y-%m-%dT%H:%M:%S") : NULL;

        if (iso)
            prop(n, "passwdValidTo", iso);
        g_free(iso);
        if (t)
            g_date_time_unref(t);
    }
    if (spice)
        prop(n, "connected", g->keep ? "keep" : "disconnect");
    else if (g->keep)
        prop(n, "connected", "keep");
    if (!spice)
        prop(n, "sharePolicy", word(IC_SHARE, g->share));
    if (spice && g->default_mode != MODE_ANY)
        prop(n, "defaultMode", word(IC_MODE, g->default_mode));
    if (!empty(g->listen)) {
        c = child(n, "listen");
        prop(c, "type", "address");
        prop(c, "address", g->listen);
    }
    if (!spice)
        return;
    for (int i = 0; i < g->nchannels; i++) {
        c = child(n, "channel");
        prop(c, "name", word(IC_CHANNEL, g->channels[i].name));
        prop(c, "mode", word(IC_MODE, g->channels[i].mode));
    }
    if (g->image != IMAGE_UNSET)
        prop(child(n, "image"), "compression", word(IC_IMAGE, g->image));
    if (g->jpeg != WAN_UNSET)
        prop(child(n, "jpeg"), "compression", word(IC_WAN, g->jpeg));
    if (g->zlib != WAN_UNSET)
        prop(child(n, "zlib"), "compression", word(IC_WAN, g->zlib));
    if (g->playback >= 0)
        prop(child(n, "playback"), "compression", g->playback ? "on" : "off");
    if (g->streaming != STREAM_UNSET)
        prop(child(n, "streaming"), "mode", word(IC_STREAMING, g->streaming));
    if (!g->filetransfer)
        prop(child(n, "filetransfer"), "enable", "no");
}

static void quiet_errors(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* xml parsed quietly, no network, blanks between elements dropped; NULL
 * when it is not well-formed (*line: where libxml2 stopped). */
static xmlDocPtr parse(const char *xml, int *line)
{
    xmlDocPtr doc;
    const xmlError *e;

    xmlResetLastError();
    xmlSetGenericErrorFunc(NULL, quiet_errors);
    doc = xmlReadMemory(xml, (int)strlen(xml), "custom.xml", "UTF-8",
                        XML_PARSE_NONET | XML_PARSE_NOBLANKS | XML_PARSE_NOERROR |
                            XML_PARSE_NOWARNING);
    xmlSetGenericErrorFunc(NULL, NULL);
    e = xmlGetLastError();
    *line = e && e->line > 0 ? e->line : 1;
    return doc;
}

/* The editor's label of the custom XML rooted in root (M11.3m). */
static const char *custom_label(const char *root)
{
    return strcmp(root, "devices") == 0 ? _("Device XML") : _("Optimisation XML");
}

/* The custom XML parsed, its root named root; NULL with err otherwise. */
static xmlDocPtr parse_custom(const char *xml, const char *root, const char *field,
                              struct dv_error *err)
{
    int line;
    xmlDocPtr doc = parse(xml, &line);
    xmlNodePtr r = doc ? xmlDocGetRootElement(doc) : NULL;

    if (!doc) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("%s: the custom XML is not well-formed (line %d); it must be inside "
                       "<%s>."),
                     custom_label(root), line, root);
        return NULL;
    }
    if (!r || r->ns || xmlStrcmp(r->name, BAD_CAST root) != 0) {
        dv_error_set(err, DV_ERR_INVALID, field,
                     _("%s: the custom XML must be inside <%s>, not <%s>."), custom_label(root),
                     root, r ? (const char *)r->name : "");
        xmlFreeDoc(doc);
        return NULL;
    }
    return doc;
}

bool domainxml_check_custom(const char *xml, const char *root, const char *field,
                            struct dv_error *err)
{
    xmlDocPtr doc;

    if (empty(xml))
        return true;
    doc = parse_custom(xml, root, field, err);
    xmlFreeDoc(doc);
    return doc != NULL;
}

/* The element children of from copied to the end of to. */
static void append_children(xmlNodePtr to, xmlNodePtr from)
{
    for (xmlNodePtr n = from->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            xmlAddChild(to, xmlDocCopyNode(n, to->doc, 1));
}

/* M11.3m: the custom <domain>'s children merged into root (see above). */
static void merge_domain(xmlNodePtr root, xmlNodePtr devices, xmlNodePtr custom)
{
    GPtrArray *generated = g_ptr_array_new(); /* the builder's own elements, not yet replaced */

    for (xmlNodePtr n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && n != devices)
            g_ptr_array_add(generated, n);
    for (xmlNodePtr n = custom->children; n; n = n->next) {
        xmlNodePtr copy, old = NULL;

        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (xmlStrcmp(n->name, BAD_CAST "devices") == 0) {
            append_children(devices, n);
            continue;
        }
        for (guint i = 0; i < generated->len && !old; i++)
            if (xmlStrcmp(((xmlNodePtr)generated->pdata[i])->name, n->name) == 0)
                old = g_ptr_array_steal_index(generated, i);
        copy = xmlDocCopyNode(n, root->doc, 1);
        if (old) {
            xmlReplaceNode(old, copy);
            xmlFreeNode(old);
        } else {
            xmlAddChild(root, copy);
        }
    }
    g_ptr_array_free(generated, TRUE);
}

/* M11.3m: both custom parts merged; false with err when one is bad. */
static bool merge_custom(xmlNodePtr root, xmlNodePtr devices, const struct inst_spec *s,
                         struct dv_error *err)
{
    xmlDocPtr dom = NULL, dev = NULL;

    if (!empty(s->custom_domain) &&
        !(dom = parse_custom(s->custom_domain, "domain", "custom_domain", err)))
        return false;
    if (!empty(s->custom_devices) &&
        !(dev = parse_custom(s->custom_devices, "devices", "custom_devices", err))) {
        xmlFreeDoc(dom);
        return false;
    }
    if (dom)
        merge_domain(root, devices, xmlDocGetRootElement(dom));
    if (dev)
        append_children(devices, xmlDocGetRootElement(dev));
    xmlFreeDoc(dom);
    xmlFreeDoc(dev);
    return true;
}

char *domainxml_build(const struct domainxml_input *in, struct dv_error *err)
{
    const struct inst_spec *s = in->spec;
    xmlNodePtr root, devices, n;
    xmlDocPtr doc = xmlutil_new_doc("domain", &root);
    char num[32], *out;

    prop(root, "type", word(IC_HYPERVISOR, s->hypervisor));
    xmlNewTextChild(root, NULL, BAD_CAST "name", BAD_CAST(in->name ? in->name : ""));
    if (!empty(in->uuid))
        xmlNewTextChild(root, NULL, BAD_CAST "uuid", BAD_CAST in->uuid);
    if (!empty(in->title))
        xmlNewTextChild(root, NULL, BAD_CAST "title", BAD_CAST in->title);
    g_snprintf(num, sizeof num, "%" G_GINT64_FORMAT, s->memory_mib);
    prop(xmlNewTextChild(root, NULL, BAD_CAST "memory", BAD_CAST num), "unit", "MiB");
    prop(xmlNewTextChild(root, NULL, BAD_CAST "currentMemory", BAD_CAST num), "unit", "MiB");
    g_snprintf(num, sizeof num, "%d", s->vcpus);
    xmlNewTextChild(root, NULL, BAD_CAST "vcpu", BAD_CAST num);
    add_os(root, s);

    devices = child(root, "devices");
    for (int i = 0; i < s->ndisks && i < INSTANCE_DISK_MAX; i++)
        add_disk(devices, &s->disks[i], in->disks ? &in->disks[i] : NULL);
    for (int i = 0; i < s->nnics; i++)
        add_nic(devices, &s->nics[i], in->nics ? &in->nics[i] : NULL);
    add_graphics(devices, &s->gfx);
    if (s->tablet) {
        n = child(devices, "input");
        prop(n, "type", "tablet");
        prop(n, "bus", "usb");
    }

    if (in->custom && !merge_custom(root, devices, s, err)) {
        xmlFreeDoc(doc);
        return NULL;
    }
    out = xmlutil_text(root);
    xmlFreeDoc(doc);
    return out;
}

/* ---- the preview's diff (M11.3m) ---- */

/* One line of the edit script: ' ', '-' or '+', and its index in a or b. */
struct edit {
    char op;
    int ia, ib;
};

/* The LCS edit script turning a[0..na) into b[0..nb). */
static GArray *edit_script(char **a, int na, char **b, int nb)
{
    int *len = g_new0(int, (size_t)(na + 1) * (size_t)(nb + 1));
    GArray *out = g_array_new(FALSE, FALSE, sizeof(struct edit));
    int i = 0, j = 0;

#define LEN(x, y) len[(size_t)(x) * (size_t)(nb + 1) + (size_t)(y)]
    for (int x = na - 1; x >= 0; x--)
        for (int y = nb - 1; y >= 0; y--)
            LEN(x, y) =
                strcmp(a[x], b[y]) == 0 ? LEN(x + 1, y + 1) + 1 : MAX(LEN(x + 1, y), LEN(x, y + 1));
    while (i < na || j < nb) {
        struct edit e;

        if (i < na && j < nb && strcmp(a[i], b[j]) == 0)
            e = (struct edit){' ', i++, j++};
        else if (i < na && (j == nb || LEN(i + 1, j) >= LEN(i, j + 1)))
            e = (struct edit){'-', i++, j};
        else
            e = (struct edit){'+', i, j++};
        g_array_append_val(out, e);
    }
#undef LEN
    g_free(len);
    return out;
}

/* The lines of s without their newlines (a last empty line dropped). */
static char **lines(const char *s, int *n)
{
    char **v = g_strsplit(s ? s : "", "\n", -1);

    *n = (int)g_strv_length(v);
    if (*n > 0 && !*v[*n - 1]) {
        g_free(v[*n - 1]);
        v[--*n] = NULL;
    }
    return v;
}

/* "start,count" of a hunk side in unified-diff form. */
static void range(GString *out, int start, int count)
{
    if (count == 1)
        g_string_append_printf(out, "%d", start + 1);
    else
        g_string_append_printf(out, "%d,%d", count ? start + 1 : start, count);
}

#define DIFF_CONTEXT 3

char *domainxml_diff(const char *a, const char *b)
{
    int na, nb, ne;
    char **la = lines(a, &na), **lb = lines(b, &nb);
    GArray *es = edit_script(la, na, lb, nb);
    const struct edit *e = (const struct edit *)(void *)es->data;
    GString *out = g_string_new(NULL);

    ne = (int)es->len;
    for (int k = 0; k < ne;) {
        int first, last, sa = 0, ca = 0, sb = 0, cb = 0;

        if (e[k].op == ' ') {
            k++;
            continue;
        }
        /* a hunk: from DIFF_CONTEXT before this change to DIFF_CONTEXT after
         * the last change closer than 2 * DIFF_CONTEXT unchanged lines */
        first = MAX(0, k - DIFF_CONTEXT);
        last = k;
        for (int m = k; m < ne; m++) {
            if (e[m].op != ' ')
                last = m;
            else if (m - last > 2 * DIFF_CONTEXT)
                break;
        }
        last = MIN(ne - 1, last + DIFF_CONTEXT);
        if (!out->len)
            g_string_append(out, "--- editor\n+++ with user-defined XML\n");
        sa = e[first].ia;
        sb = e[first].ib;
        for (int m = first; m <= last; m++) {
            ca += e[m].op != '+';
            cb += e[m].op != '-';
        }
        g_string_append(out, "@@ -");
        range(out, sa, ca);
        g_string_append(out, " +");
        range(out, sb, cb);
        g_string_append(out, " @@\n");
        for (int m = first; m <= last; m++)
            g_string_append_printf(out, "%c%s\n", e[m].op,
                                   e[m].op == '+' ? lb[e[m].ib] : la[e[m].ia]);
        k = last + 1;
    }
    g_array_free(es, TRUE);
    g_strfreev(la);
    g_strfreev(lb);
    return g_string_free(out, FALSE);
}

int domainxml_graphics_port(const char *live_xml)
{
    int line, port = 0;
    xmlDocPtr doc = empty(live_xml) ? NULL : parse(live_xml, &line);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;

    for (xmlNodePtr d = root ? root->children : NULL; d && !port; d = d->next) {
        if (d->type != XML_ELEMENT_NODE || xmlStrcmp(d->name, BAD_CAST "devices") != 0)
            continue;
        for (xmlNodePtr g = d->children; g; g = g->next) {
            xmlChar *v;

            if (g->type != XML_ELEMENT_NODE || xmlStrcmp(g->name, BAD_CAST "graphics") != 0)
                continue;
            v = xmlGetNoNsProp(g, BAD_CAST "port");
            if (v) {
                char *end;
                long p = strtol((const char *)v, &end, 10);

                port = *end || p <= 0 || p > 65535 ? 0 : (int)p;
            }
            xmlFree(v);
            break;
        }
        break;
    }
    xmlFreeDoc(doc);
    return port;
}
