/* test-placement.c - where a VM runs (src/vm/placement.h): only live hosts
 * with the memory (physical − 512 MB − what their VMs use), the lowest
 * load first, ties by name; the reasons when none fits.
 * features: M11.4.5a */
#include "vm/placement.h"
#include "lib/tap.h"

#include <string.h>

int main(void)
{
    struct place_host h[] = {
        {.id = 1,
         .name = "beta",
         .live = true,
         .mem_total_mib = 4096,
         .mem_used_mib = 0,
         .load = 30},
        {.id = 2,
         .name = "alpha",
         .live = true,
         .mem_total_mib = 4096,
         .mem_used_mib = 0,
         .load = 30},
        {.id = 3,
         .name = "gamma",
         .live = true,
         .mem_total_mib = 8192,
         .mem_used_mib = 0,
         .load = 50},
        {.id = 4, .name = "delta", .live = false, .mem_total_mib = 65536, .load = 0},
        {.id = 5,
         .name = "eps",
         .live = true,
         .mem_total_mib = 2048,
         .mem_used_mib = 1024,
         .load = 1},
    };
    char *why = NULL;

    is_int(placement_free_mib(&h[0]), 4096 - 512, "free memory: physical less 512 MB");
    is_int(placement_free_mib(&h[4]), 2048 - 512 - 1024, "less what the running VMs use");
    is_int(placement_pick(h, 5, 1024, &why), 1, "the lowest load, ties by name: alpha");
    ok(why == NULL, "no reason when a host fits");
    is_int(placement_pick(h, 5, 512, &why), 4, "a small VM goes to the least loaded host (eps)");
    is_int(placement_pick(h, 5, 513, &why), 1, "eps has 512 MiB free: too little for 513");
    is_int(placement_pick(h, 5, 4000, &why), 2, "only gamma has 4000 MiB free");
    is_int(placement_pick(h, 5, 10000, &why), -1,
           "nothing has 10000 MiB; the dead host is not used");
    ok(why && strstr(why, "10000"), "the reason names the memory: %s", why ? why : "");
    g_free(why);
    is_int(placement_pick(&h[3], 1, 1, &why), -1, "a dead host only");
    ok(why && *why, "the reason: %s", why ? why : "");
    g_free(why);
    is_int(placement_pick(h, 0, 1, &why), -1, "no host at all");
    ok(why && *why, "the reason: %s", why ? why : "");
    g_free(why);
    h[2].load = -1; /* unknown counts as fully loaded */
    h[0].load = h[1].load = 99;
    is_int(placement_pick(h, 4, 1024, &why), 1, "an unknown load counts as 100");
    h[0].name = "alpha";
    is_int(placement_pick(h, 2, 1024, &why), 0, "same load and name: the lower id");
    return tap_done();
}
