/* hostconn.c - cached libvirt connections to hosts */
#include "virt/hostconn.h"
#include "hosts/host.h"

static GMutex lock;
static GHashTable *conns; /* URI -> struct virt_conn * */

static void close_conn(gpointer c)
{
    virt_close(c);
}

struct virt_conn *hostconn_get(struct db *db, int64_t host_id, struct dv_error *err)
{
    struct host h = {0};
    struct virt_conn *c = NULL;

    if (!host_get(db, host_id, &h, err))
        return NULL;
    g_mutex_lock(&lock);
    if (!conns)
        conns = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, close_conn);
    c = g_hash_table_lookup(conns, h.uri);
    if (c && !virt_alive(c)) {
        g_hash_table_remove(conns, h.uri);
        c = NULL;
    }
    if (!c && (c = virt_open(h.uri, err)))
        g_hash_table_insert(conns, g_strdup(h.uri), c);
    g_mutex_unlock(&lock);
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
