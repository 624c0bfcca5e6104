/* placement.h - where a VM runs (spec part 2 §0.5 "Where VMs run",
 * M11.4.5a, OP-38): a pure function of the candidate hosts, unit-tested.
 *
 * The caller passes the hosts the VM may use (the host the admin picked;
 * else the instance's bound host or the members of its bound host group;
 * else the hosts of the project's host groups, or every host when it has
 * none) with what the database knows of them. */
#ifndef DV_PLACEMENT_H
#define DV_PLACEMENT_H

#include "base/dv.h"

struct place_host {
    int64_t id;
    const char *name;
    bool live;             /* its heartbeat is current (host.state = 1) */
    int64_t mem_total_mib; /* physical memory; 0 = unknown */
    int64_t mem_used_mib;  /* what the VMs running there are given */
    double load;           /* CPU load in percent; < 0 = unknown (counts as 100) */
};

/* Memory a host can still give a VM: physical − 512 MiB − what its running
 * VMs use (never below 0). */
int64_t placement_free_mib(const struct place_host *h);

/* The host for a VM needing need_mib: among the live hosts with enough
 * free memory, the one with the lowest load, ties by name, then by id.
 * -1 when none fits; *why (may be NULL) then gets the reason, translated
 * (g_free it): no candidate host, none live, or none with the memory. */
int placement_pick(const struct place_host *hosts, int n, int64_t need_mib, char **why);

#endif
