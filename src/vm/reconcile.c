/* reconcile.c - the planner of OP-30 (reconcile.h) */
#include "vm/reconcile.h"

enum rec_seen rec_seen_of(enum virt_dom_state s)
{
    switch (s) {
    case VIRT_DOM_SHUTOFF:
        return REC_SEEN_SHUTOFF;
    case VIRT_DOM_RUNNING:
        return REC_SEEN_RUNNING;
    case VIRT_DOM_PAUSED:
        return REC_SEEN_PAUSED;
    case VIRT_DOM_CRASHED:
        return REC_SEEN_CRASHED;
    default:
        return REC_SEEN_OTHER;
    }
}

bool rec_run_of(enum rec_seen seen, enum vm_run *run)
{
    switch (seen) {
    case REC_SEEN_RUNNING:
        *run = VM_RUNNING;
        return true;
    case REC_SEEN_PAUSED:
        *run = VM_SUSPENDED;
        return true;
    case REC_SEEN_MISSING:
    case REC_SEEN_SHUTOFF:
    case REC_SEEN_CRASHED:
        *run = VM_SHUTOFF;
        return true;
    case REC_SEEN_OTHER:
        break;
    }
    return false;
}

/* Power on and recorded running, or seen stopping by itself since. */
static bool should_run(const struct rec_vm *v)
{
    return v->power_on && (v->run == VM_RUNNING || v->run == VM_SUSPENDED || v->stopped);
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
    rec_run_of(v->seen, &d.run);
    if (d.run != v->run)
        d.action = REC_STATE;
    return d;
}
