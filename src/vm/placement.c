/* placement.c - picking the host a VM runs on (placement.h) */
#include "vm/placement.h"

#include <string.h>

#include "vm/instspec.h"

int64_t placement_free_mib(const struct place_host *h)
{
    int64_t free = h->mem_total_mib - INSTANCE_HOST_RESERVE_MIB - h->mem_used_mib;

    return free > 0 ? free : 0;
}

static double load_of(const struct place_host *h)
{
    return h->load < 0 ? 100.0 : h->load;
}

/* Whether a is a better choice than b (both fit). */
static bool better(const struct place_host *a, const struct place_host *b)
{
    int c;

    if (load_of(a) != load_of(b))
        return load_of(a) < load_of(b);
    c = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    return c != 0 ? c < 0 : a->id < b->id;
}

int placement_pick(const struct place_host *hosts, int n, int64_t need_mib, char **why)
{
    int best = -1, live = 0;

    if (why)
        *why = NULL;
    for (int i = 0; i < n; i++) {
        const struct place_host *h = &hosts[i];

        if (!h->live)
            continue;
        live++;
        if (placement_free_mib(h) < need_mib)
            continue;
        if (best < 0 || better(h, &hosts[best]))
            best = i;
    }
    if (best >= 0 || !why)
        return best;
    if (n == 0)
        *why = g_strdup(_("No host is available to the VM."));
    else if (live == 0)
        *why = g_strdup(_("None of the hosts the VM may run on is running."));
    else
        *why = g_strdup_printf(_("No running host has %lld MiB of memory free (its memory less "
                                 "512 MiB and what its VMs use)."),
                               (long long)need_mib);
    return -1;
}
