/* virt.c - libvirt access: connections and node information */
#include "virt/virt-private.h"
#include "base/hosturi.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

/* The namespace of virt_name_uuid(): a fixed random UUID of dosvm's own. */
#define DOSVM_UUID_NAMESPACE "6c0f5e3a-8d4b-4c8e-9b1a-2f7d3e5a9c41"

/* libvirt calls this instead of printing its errors on stderr; the last
 * error stays readable through virGetLastErrorMessage(). */
static void ignore_error(void *data, virErrorPtr e)
{
}

/* libxml2's generic messages (the test driver parsing a missing host file
 * prints "I/O warning: failed to load external entity") are dropped too. */
static void ignore_xml_message(void *ctx, const char *fmt, ...)
{
}

/* Keepalive needs an event loop: one thread runs libvirt's default one for
 * the whole process. */
static gpointer run_events(gpointer data)
{
    for (;;)
        if (virEventRunDefaultImpl() < 0)
            g_usleep(100000);
    return NULL;
}

static gpointer init_once(gpointer data)
{
    GThread *t;

    virInitialize();
    virSetErrorFunc(NULL, ignore_error);
    if (virEventRegisterDefaultImpl() == 0 &&
        (t = g_thread_try_new("virt-events", run_events, NULL, NULL)))
        g_thread_unref(t);
    return NULL;
}

void virt_init(void)
{
    static GOnce once = G_ONCE_INIT;

    g_once(&once, init_once, NULL);
    /* libxml2 keeps this handler per thread: set it on every caller's */
    xmlSetGenericErrorFunc(NULL, ignore_xml_message);
}

/* ---------------------------------------------------------------- key-loop guard */

static GThread *forbidden;    /* atomic */
static guint forbidden_calls; /* atomic */

void virt_forbid_thread(GThread *thread)
{
    g_atomic_pointer_set(&forbidden, thread);
}

GThread *virt_forbidden_thread(void)
{
    return g_atomic_pointer_get(&forbidden);
}

unsigned virt_forbidden_calls(void)
{
    return g_atomic_int_get(&forbidden_calls);
}

void virt_guard(const char *fn)
{
    const char *check;

    if (g_atomic_pointer_get(&forbidden) != g_thread_self())
        return;
    check = getenv("DOSVM_CHECK_KEYLOOP");
    if (check && strcmp(check, "1") == 0) {
        /* a programming error, for the test's log: not translated.  Written
         * and aborted without GLib's logging, whose locks another thread may
         * hold (test-guard calls this in forked children). */
        char msg[256];
        int n = snprintf(msg, sizeof msg,
                         "ERROR: %s called on the console's key loop (DOSVM_CHECK_KEYLOOP=1): "
                         "run it in a job (jobs/job.h)\n",
                         fn);

        if (n > 0 && write(STDERR_FILENO, msg, (size_t)MIN(n, (int)sizeof msg - 1)) < 0)
            n = 0;
        abort();
    }
    g_atomic_int_inc(&forbidden_calls);
}

/* ---------------------------------------------------------------- errors */

bool virt_fail(const struct virt_conn *c, const char *what, struct dv_error *err)
{
    bool unsupported = virGetLastErrorCode() == VIR_ERR_NO_SUPPORT;

    if (unsupported)
        /* L10N: "%s" names a libvirt call, then the host's URI */
        dv_error_set(err, DV_ERR_INFO, NULL, _("%s is not supported by the host %s."), what,
                     c->uri);
    else
        /* L10N: a libvirt call, the host's URI and libvirt's own message */
        dv_error_set(err, DV_ERR_IO, NULL, _("%s failed on the host %s: %s"), what, c->uri,
                     virGetLastErrorMessage());
    return false;
}

/* The URI actually opened: an ssh transport must never prompt on the tty. */
static char *effective_uri(const char *uri)
{
    if (!strstr(uri, "+ssh://") || strstr(uri, "no_tty="))
        return g_strdup(uri);
    return g_strconcat(uri, strchr(uri, '?') ? "&" : "?", "no_tty=1", NULL);
}

int virt_open_timeout_s(void)
{
    const char *v = getenv("DOSVM_VIRT_OPEN_TIMEOUT_S");
    char *end = NULL;
    long n = v && *v ? strtol(v, &end, 10) : 0;

    return n > 0 && end && !*end && n <= 3600 ? (int)n : VIRT_OPEN_TIMEOUT_DEFAULT_S;
}

/* One virConnectOpen on its own thread, shared by the opener and that
 * thread; whoever is last frees it.  An opener that gives up abandons it:
 * the thread then closes whatever it opened late. */
struct opening {
    gint refs;
    GMutex lock;
    GCond cond;
    char *uri;
    bool done, abandoned;
    virConnectPtr h;
    char why[sizeof(((struct dv_error *)0)->msg)]; /* libvirt's message (per thread) */
};

/* URIs whose abandoned open has not returned yet (URI -> count): no second
 * thread is spent on a host that has not answered the first one. */
static GMutex pending_lock;
static GHashTable *pending;

static void pending_add(const char *uri, int delta)
{
    int n;

    g_mutex_lock(&pending_lock);
    if (!pending)
        pending = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    n = GPOINTER_TO_INT(g_hash_table_lookup(pending, uri)) + delta;
    if (n > 0)
        g_hash_table_insert(pending, g_strdup(uri), GINT_TO_POINTER(n));
    else
        g_hash_table_remove(pending, uri);
    g_mutex_unlock(&pending_lock);
}

static bool is_pending(const char *uri)
{
    bool p;

    g_mutex_lock(&pending_lock);
    p = pending && g_hash_table_contains(pending, uri);
    g_mutex_unlock(&pending_lock);
    return p;
}

static void opening_unref(struct opening *o)
{
    if (!g_atomic_int_dec_and_test(&o->refs))
        return;
    g_mutex_clear(&o->lock);
    g_cond_clear(&o->cond);
    g_free(o->uri);
    g_free(o);
}

static gpointer open_worker(gpointer data)
{
    struct opening *o = data;
    virConnectPtr h;
    bool late;

    virt_init();
    h = virConnectOpen(o->uri);
    g_mutex_lock(&o->lock);
    late = o->abandoned;
    if (!late) {
        o->h = h;
        if (!h)
            g_strlcpy(o->why, virGetLastErrorMessage(), sizeof(o->why));
        o->done = true;
        g_cond_signal(&o->cond);
    }
    g_mutex_unlock(&o->lock);
    if (late && h)
        virConnectClose(h);
    if (late)
        pending_add(o->uri, -1);
    opening_unref(o);
    return NULL;
}

/* virConnectOpen bounded by virt_open_timeout_s(): a host that accepts and
 * never answers leaves a thread behind, not the caller. */
static virConnectPtr open_bounded(const char *uri, struct dv_error *err)
{
    struct opening *o;
    int timeout = virt_open_timeout_s();
    int64_t deadline = g_get_monotonic_time() + (int64_t)timeout * G_USEC_PER_SEC;
    virConnectPtr h;
    GThread *t;
    bool done;

    o = g_new0(struct opening, 1);
    o->refs = 2;
    o->uri = effective_uri(uri);
    if (is_pending(o->uri)) {
        dv_error_set(err, DV_ERR_TIMEOUT, "uri",
                     _("No answer from %s yet: an earlier connection to it is still waiting."),
                     uri);
        g_free(o->uri);
        g_free(o);
        return NULL;
    }
    g_mutex_init(&o->lock);
    g_cond_init(&o->cond);
    t = g_thread_try_new("virt-open", open_worker, o, NULL);
    if (!t) { /* no thread to spare: open here, unbounded */
        h = virConnectOpen(o->uri);
        if (!h)
            dv_error_set(err, DV_ERR_IO, "uri", _("Cannot connect to %s: %s"), uri,
                         virGetLastErrorMessage());
        o->refs = 1;
        opening_unref(o);
        return h;
    }
    g_thread_unref(t);
    g_mutex_lock(&o->lock);
    while (!o->done && g_cond_wait_until(&o->cond, &o->lock, deadline))
        ;
    done = o->done;
    o->abandoned = !done;
    if (!done) /* under o->lock: before the thread can see it abandoned */
        pending_add(o->uri, 1);
    h = o->h;
    g_mutex_unlock(&o->lock);
    if (!done)
        dv_error_set(err, DV_ERR_TIMEOUT, "uri",
                     _("No answer in time (%d s) from %s; the connection was abandoned."), timeout,
                     uri);
    else if (!h)
        dv_error_set(err, DV_ERR_IO, "uri", _("Cannot connect to %s: %s"), uri, o->why);
    opening_unref(o);
    return h;
}

/* ---------------------------------------------------------------- TLS (M13.2.2) */

static GMutex tls_lock;
static char *tls_dir;             /* the pkipath directory, NULL: libvirt's defaults */
static char *tls_files[3];        /* ca, cert, key as set */
static const char *const tls_names[3] = {"cacert.pem", "clientcert.pem", "clientkey.pem"};

static void tls_dir_remove(void)
{
    for (int i = 0; tls_dir && i < 3; i++) {
        char *l = g_build_filename(tls_dir, tls_names[i], NULL);

        g_unlink(l);
        g_free(l);
    }
    if (tls_dir)
        g_rmdir(tls_dir);
    g_clear_pointer(&tls_dir, g_free);
    for (int i = 0; i < 3; i++)
        g_clear_pointer(&tls_files[i], g_free);
}

static void tls_at_exit(void)
{
    g_mutex_lock(&tls_lock);
    tls_dir_remove();
    g_mutex_unlock(&tls_lock);
}

bool virt_set_tls(const char *ca, const char *cert, const char *key, struct dv_error *err)
{
    static bool registered;
    const char *files[3] = {ca, cert, key};
    GError *ge = NULL;
    bool ok = true;

    g_mutex_lock(&tls_lock);
    tls_dir_remove();
    if (ca && cert && key && *ca && *cert && *key) {
        tls_dir = g_dir_make_tmp("dosvm-pki-XXXXXX", &ge);
        for (int i = 0; tls_dir && i < 3; i++) {
            char *l = g_build_filename(tls_dir, tls_names[i], NULL);
            char *abs = g_canonicalize_filename(files[i], NULL);

            tls_files[i] = g_strdup(files[i]);
            ok = ok && symlink(abs, l) == 0;
            g_free(abs);
            g_free(l);
        }
        if (!tls_dir || !ok) {
            dv_error_set(err, DV_ERR_IO, NULL, _("The TLS settings cannot be applied: %s"),
                         ge ? ge->message : g_strerror(errno));
            tls_dir_remove();
            ok = false;
        }
        if (!registered)
            registered = atexit(tls_at_exit) == 0;
    }
    g_mutex_unlock(&tls_lock);
    g_clear_error(&ge);
    return ok;
}

/* uri with the TLS settings' pkipath (g_free), or a copy; NULL with err
 * naming the file that cannot be read. */
static char *tls_uri(const char *uri, struct dv_error *err)
{
    char *out = NULL;

    if (!g_str_has_prefix(uri, "qemu+tls:") || strstr(uri, "pkipath="))
        return g_strdup(uri);
    g_mutex_lock(&tls_lock);
    if (!tls_dir) {
        out = g_strdup(uri);
        goto done;
    }
    for (int i = 0; i < 3; i++)
        if (access(tls_files[i], R_OK) != 0) {
            static const char *const what[3] = {N_("The TLS CA certificate"),
                                                N_("The TLS client certificate"),
                                                N_("The TLS client key")};

            dv_error_set(err, DV_ERR_IO, "uri", _("Cannot connect to %s: %s %s cannot be read: %s"),
                         uri, _(what[i]), tls_files[i], g_strerror(errno));
            goto done;
        }
    out = g_strdup_printf("%s%cpkipath=%s", uri, strchr(uri, '?') ? '&' : '?', tls_dir);
done:
    g_mutex_unlock(&tls_lock);
    return out;
}

/* err's message with the pkipath directory's links named by the files
 * they stand for, and with_tls by uri: what the admin configured. */
static void tls_unmask(struct dv_error *err, const char *with_tls, const char *uri)
{
    GString *m;

    if (!err || !err->msg[0])
        return;
    m = g_string_new(err->msg);
    g_string_replace(m, with_tls, uri, 0);
    g_mutex_lock(&tls_lock);
    for (int i = 0; tls_dir && i < 3; i++) {
        char *l = g_build_filename(tls_dir, tls_names[i], NULL);

        g_string_replace(m, l, tls_files[i], 0);
        g_free(l);
    }
    g_mutex_unlock(&tls_lock);
    g_strlcpy(err->msg, m->str, sizeof err->msg);
    g_string_free(m, TRUE);
}

struct virt_conn *virt_open(const char *uri, struct dv_error *err)
{
    struct virt_conn *c;
    virConnectPtr h;
    struct hosturi_info info = {0};

    VIRT_GUARD();

    virt_init();
    if (!uri || !*uri) {
        dv_error_set(err, DV_ERR_INVALID, "uri", _("The libvirt URI is empty."));
        return NULL;
    }
    /* issue 8: only the transports and parameters dosvm supports reach
     * libvirt (qemu+tcp was confirmed where the URI was entered), and a
     * test:/// file's content never reaches a message */
    if (!hosturi_check(uri, HOSTURI_TCP_CONFIRMED, "uri", &info, err))
        return NULL;
    if (info.test_file && !hosturi_test_file(info.test_file, "uri", err)) {
        dv_error_set(err, DV_ERR_IO, "uri", _("Cannot connect to %s: %s"), uri,
                     _("The host's test file could not be read as a libvirt test driver file."));
        hosturi_info_clear(&info);
        return NULL;
    }
    {
        char *with_tls = tls_uri(uri, err);

        h = with_tls ? open_bounded(with_tls, err) : NULL;
        if (!h && with_tls && strcmp(with_tls, uri) != 0)
            tls_unmask(err, with_tls, uri);
        g_free(with_tls);
    }
    if (!h && info.test && err && err->code == DV_ERR_IO)
        dv_error_set(err, DV_ERR_IO, "uri", _("Cannot connect to %s: %s"), uri,
                     _("The host's test file could not be read as a libvirt test driver file."));
    hosturi_info_clear(&info);
    if (!h)
        return NULL;
    /* a peer that stops answering is dropped after about interval * count
     * seconds instead of hanging every later call (-1 where the transport
     * has no keepalive, as the test driver: nothing to do then) */
    virConnectSetKeepAlive(h, VIRT_KEEPALIVE_INTERVAL_S, VIRT_KEEPALIVE_COUNT);
    c = g_new0(struct virt_conn, 1);
    c->h = h;
    c->uri = g_strdup(uri);
    c->watch_id = -1;
    return c;
}

void virt_close(struct virt_conn *c)
{
    if (!c)
        return;
    VIRT_GUARD();
    virt_dom_unwatch(c); /* a callback keeps the connection referenced */
    virConnectClose(c->h);
    g_free(c->uri);
    g_free(c);
}

const char *virt_uri(const struct virt_conn *c)
{
    return c->uri;
}

bool virt_alive(struct virt_conn *c)
{
    VIRT_GUARD();
    return c && virConnectIsAlive(c->h) == 1;
}

void virt_node_info_clear(struct virt_node_info *info)
{
    g_free(info->hostname);
    g_free(info->cpu_model);
    memset(info, 0, sizeof(*info));
}

bool virt_node_info(struct virt_conn *c, struct virt_node_info *out, struct dv_error *err)
{
    virNodeInfo ni;
    char *host;
    VIRT_GUARD();

    memset(out, 0, sizeof(*out));
    if (virNodeGetInfo(c->h, &ni) < 0)
        return virt_fail(c, "virNodeGetInfo", err);
    host = virConnectGetHostname(c->h);
    if (!host)
        return virt_fail(c, "virConnectGetHostname", err);
    out->hostname = g_strdup(host);
    free(host);
    out->cpu_model = g_strndup(ni.model, sizeof(ni.model));
    out->cpu_cores = (int)ni.cpus;
    out->cpu_mhz = (int)ni.mhz;
    out->mem_total_mb = (int64_t)(ni.memory / 1024);
    return true;
}

/* Sum the named fields of an array of libvirt statistics. */
struct stat_sum {
    const char *field;
    uint64_t *into;
};

bool virt_cpu_times(struct virt_conn *c, struct virt_cpu_times *out, struct dv_error *err)
{
    int n = 0;
    virNodeCPUStatsPtr p;
    uint64_t busy = 0, idle = 0;
    const struct stat_sum sums[] = {
        {VIR_NODE_CPU_STATS_KERNEL, &busy},
        {VIR_NODE_CPU_STATS_USER, &busy},
        {VIR_NODE_CPU_STATS_IDLE, &idle},
        {VIR_NODE_CPU_STATS_IOWAIT, &idle},
    };
    VIRT_GUARD();

    if (virNodeGetCPUStats(c->h, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0) < 0 || n <= 0)
        return virt_fail(c, "virNodeGetCPUStats", err);
    p = g_new0(virNodeCPUStats, n);
    if (virNodeGetCPUStats(c->h, VIR_NODE_CPU_STATS_ALL_CPUS, p, &n, 0) < 0) {
        g_free(p);
        return virt_fail(c, "virNodeGetCPUStats", err);
    }
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < G_N_ELEMENTS(sums); k++)
            if (strcmp(p[i].field, sums[k].field) == 0)
                *sums[k].into += p[i].value;
    g_free(p);
    out->busy = busy;
    out->total = busy + idle;
    return true;
}

bool virt_mem(struct virt_conn *c, struct virt_mem *out, struct dv_error *err)
{
    int n = 0;
    virNodeMemoryStatsPtr p;
    uint64_t total = 0, avail = 0;
    const struct stat_sum sums[] = {
        {VIR_NODE_MEMORY_STATS_TOTAL, &total},
        {VIR_NODE_MEMORY_STATS_FREE, &avail},
        {VIR_NODE_MEMORY_STATS_BUFFERS, &avail},
        {VIR_NODE_MEMORY_STATS_CACHED, &avail},
    };
    VIRT_GUARD();

    if (virNodeGetMemoryStats(c->h, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &n, 0) < 0 || n <= 0)
        return virt_fail(c, "virNodeGetMemoryStats", err);
    p = g_new0(virNodeMemoryStats, n);
    if (virNodeGetMemoryStats(c->h, VIR_NODE_MEMORY_STATS_ALL_CELLS, p, &n, 0) < 0) {
        g_free(p);
        return virt_fail(c, "virNodeGetMemoryStats", err);
    }
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < G_N_ELEMENTS(sums); k++)
            if (strcmp(p[i].field, sums[k].field) == 0)
                *sums[k].into += p[i].value;
    g_free(p);
    if (total == 0) {
        dv_error_set(err, DV_ERR_INFO, NULL, _("The host %s reports no total memory."), c->uri);
        return false;
    }
    out->total_kb = total;
    out->avail_kb = avail > total ? total : avail;
    return true;
}

/* The text of an XPath expression over an XML document, lower-cased, when
 * it is a valid UUID; else NULL. */
static char *xml_uuid(const char *xml, const char *xpath)
{
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "host.xml", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlXPathContextPtr ctx = doc ? xmlXPathNewContext(doc) : NULL;
    xmlXPathObjectPtr res = ctx ? xmlXPathEvalExpression(BAD_CAST xpath, ctx) : NULL;
    char *uuid = NULL;

    if (res && res->type == XPATH_STRING && res->stringval) {
        char *v = g_strstrip(g_strdup((const char *)res->stringval));

        if (g_uuid_string_is_valid(v))
            uuid = g_ascii_strdown(v, -1);
        g_free(v);
    }
    xmlXPathFreeObject(res);
    xmlXPathFreeContext(ctx);
    xmlFreeDoc(doc);
    return uuid;
}

static char *caps_uuid(struct virt_conn *c)
{
    char *xml = virConnectGetCapabilities(c->h);
    char *uuid = xml ? xml_uuid(xml, "string(/capabilities/host/uuid)") : NULL;

    free(xml);
    return uuid;
}

static char *smbios_uuid(struct virt_conn *c)
{
    virNodeDevicePtr dev = virNodeDeviceLookupByName(c->h, "computer");
    char *xml = dev ? virNodeDeviceGetXMLDesc(dev, 0) : NULL;
    char *uuid =
        xml ? xml_uuid(xml, "string(/device/capability[@type='system']/hardware/uuid)") : NULL;

    free(xml);
    if (dev)
        virNodeDeviceFree(dev);
    return uuid;
}

char *virt_name_uuid(const char *name)
{
    guint8 ns[16], digest[20];
    gsize len = sizeof(digest);
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
    const char *p = DOSVM_UUID_NAMESPACE;

    for (int i = 0; i < 16; p++) {
        if (*p == '-')
            continue;
        ns[i++] = (guint8)(g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]));
        p++;
    }
    g_checksum_update(sum, ns, sizeof(ns));
    g_checksum_update(sum, (const guchar *)name, (gssize)strlen(name));
    g_checksum_get_digest(sum, digest, &len);
    g_checksum_free(sum);
    digest[6] = (guint8)((digest[6] & 0x0f) | 0x50); /* version 5 */
    digest[8] = (guint8)((digest[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    return g_strdup_printf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                           digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                           digest[12], digest[13], digest[14], digest[15]);
}

static bool is_test_driver(struct virt_conn *c)
{
    const char *type = virConnectGetType(c->h);

    return type && g_ascii_strcasecmp(type, "TEST") == 0;
}

char *virt_host_uuid(struct virt_conn *c, struct dv_error *err)
{
    char *uuid;

    VIRT_GUARD();
    uuid = caps_uuid(c);
    if (!uuid)
        uuid = smbios_uuid(c);
    if (!uuid && is_test_driver(c))
        uuid = virt_name_uuid(c->uri);
    if (!uuid)
        dv_error_set(err, DV_ERR_IO, "uri", _("The host %s does not report its UUID."), c->uri);
    return uuid;
}

bool virt_secret_put(struct virt_conn *c, const char *xml, const void *value, size_t len,
                     struct dv_error *err)
{
    virSecretPtr sec;
    bool ok;

    VIRT_GUARD();
    sec = virSecretDefineXML(c->h, xml, 0);
    ok = sec && virSecretSetValue(sec, value, len, 0) == 0;
    if (!ok)
        dv_error_set(err, DV_ERR_IO, NULL, _("The security object cannot be set on %s: %s"), c->uri,
                     virGetLastErrorMessage());
    if (sec)
        virSecretFree(sec);
    return ok;
}

bool virt_secret_remove(struct virt_conn *c, const char *uuid, struct dv_error *err)
{
    virSecretPtr sec;
    bool ok;

    VIRT_GUARD();
    sec = virSecretLookupByUUIDString(c->h, uuid);
    if (!sec)
        return true;
    ok = virSecretUndefine(sec) == 0;
    if (!ok)
        dv_error_set(err, DV_ERR_IO, NULL, _("The security object cannot be removed from %s: %s"),
                     c->uri, virGetLastErrorMessage());
    virSecretFree(sec);
    return ok;
}
