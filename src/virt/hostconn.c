/* hostconn.c - cached libvirt connections to hosts */
#include "virt/hostconn.h"
#include "hosts/host.h"

static GMutex lock;
static GHashTable *conns; /* URI -> struct virt_conn * */

static void close_conn(gpointer c)
{
    virt_close(c);
}

struct virt_conn *hostconn_get_uri(const char *uri, struct dv_error *err)
{
    struct virt_conn *c, *dead = NULL, *other;

    g_mutex_lock(&lock);
    if (!conns)
        conns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, close_conn);
    c = g_hash_table_lookup(conns, uri);
    if (c && !virt_alive(c)) {
        g_hash_table_steal(conns, uri); /* closed below, outside the lock */
        dead = c;
        c = NULL;
    }
    g_mutex_unlock(&lock);
    if (dead)
        virt_close(dead);
    if (c)
        return c;
    /* Opening may take long (or hang on a host that never answers): never
     * under the lock, so that other hosts' connections are not held up. */
    if (!(c = virt_open(uri, err)))
        return NULL;
    g_mutex_lock(&lock);
    other = conns ? g_hash_table_lookup(conns, uri) : NULL;
    if (!other) {
        if (!conns)
            conns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, close_conn);
        g_hash_table_insert(conns, g_strdup(uri), c);
    }
    g_mutex_unlock(&lock);
    if (other) { /* another thread opened it meanwhile: keep that one */
        virt_close(c);
        c = other;
    }
    return c;
}

struct virt_conn *hostconn_get(struct db *db, int64_t host_id, struct dv_error *err)
{
    struct host h = {0};
    struct virt_conn *c;

    if (!host_get(db, host_id, &h, err))
        return NULL;
    c = hostconn_get_uri(h.uri, err);
    host_clear(&h);
    return c;
}

void hostconn_close_all(void)
{
    g_mutex_lock(&lock);
    if (conns)
        g_hash_table_destroy(conns);
    conns = NULL;
    g_mutex_unlock(&lock);
}
