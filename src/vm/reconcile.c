/* reconcile.c - the planner of OP-30 (reconcile.h) */
#include "vm/reconcile.h"

static bool should_run(const struct rec_vm *v)
{
    return v->power_on && (v->run == VM_RUNNING || v->run == VM_SUSPENDED);
}

static bool seen_active(enum rec_seen s)
{
    return s == REC_SEEN_RUNNING || s == REC_SEEN_PAUSED;
}

struct rec_decision reconcile_decide(const struct rec_vm *v, bool host_failed)
{
    struct rec_decision d = {.vm_id = v->id, .action = REC_KEEP, .run = v->run};

    if (host_failed) {
        if (should_run(v))
            d.action = REC_RESTART;
        return d;
    }
    if (v->seen == REC_SEEN_OTHER)
        return d;
    if (!v->power_on) {
        if (seen_active(v->seen))
            d.action = v->flagged ? REC_KEEP : REC_FLAG;
        else if (v->flagged)
            d.action = REC_UNFLAG;
        else if (v->run == VM_RUNNING || v->run == VM_SUSPENDED) {
            d.action = REC_STATE;
            d.run = VM_SHUTOFF;
        }
        return d;
    }
    if (!should_run(v)) /* a start under way, or saved */
        return d;
    if (!seen_active(v->seen)) {
        d.action = REC_RESTART;
        return d;
    }
    d.run = v->seen == REC_SEEN_PAUSED ? VM_SUSPENDED : VM_RUNNING;
    if (d.run != v->run)
        d.action = REC_STATE;
    return d;
}
