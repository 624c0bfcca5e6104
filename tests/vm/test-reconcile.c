/* test-reconcile.c - the planner of OP-30 (src/vm/reconcile.h): every
 * combination of power state, run state and what the host saw, and a
 * failed host.
 * features: M11.4.5b */
#include "vm/reconcile.h"
#include "lib/tap.h"

struct row {
    bool power_on;
    enum vm_run run;
    bool flagged;
    enum rec_seen seen;
    bool failed;
    enum rec_action want;
    enum vm_run want_run;
    const char *what;
};

static const struct row rows[] = {
    {true, VM_RUNNING, false, REC_SEEN_RUNNING, false, REC_KEEP, VM_RUNNING, "running as wanted"},
    {true, VM_RUNNING, false, REC_SEEN_SHUTOFF, false, REC_RESTART, 0,
     "shut down on the host: started again (M11.4.5b: only the site powers off)"},
    {true, VM_RUNNING, false, REC_SEEN_CRASHED, false, REC_RESTART, 0, "crashed: started again"},
    {true, VM_RUNNING, false, REC_SEEN_MISSING, false, REC_RESTART, 0,
     "its qemu killed (transient gone): started again"},
    {true, VM_SUSPENDED, false, REC_SEEN_MISSING, false, REC_RESTART, 0, "suspended, gone: again"},
    {true, VM_RUNNING, false, REC_SEEN_PAUSED, false, REC_STATE, VM_SUSPENDED,
     "paused on the host: recorded 挂起"},
    {true, VM_SUSPENDED, false, REC_SEEN_RUNNING, false, REC_STATE, VM_RUNNING,
     "resumed on the host: recorded 运行"},
    {true, VM_RUNNING, false, REC_SEEN_OTHER, false, REC_KEEP, VM_RUNNING, "in between: left"},
    {true, VM_SHUTOFF, false, REC_SEEN_MISSING, false, REC_KEEP, VM_SHUTOFF,
     "a start under way: left to its job"},
    {true, VM_RUNNING, false, REC_SEEN_RUNNING, true, REC_RESTART, 0,
     "its host failed: started elsewhere"},
    {false, VM_SHUTOFF, false, REC_SEEN_RUNNING, true, REC_KEEP, VM_SHUTOFF,
     "off, host failed: nothing"},
    {false, VM_SHUTOFF, false, REC_SEEN_RUNNING, false, REC_FLAG, VM_SHUTOFF,
     "runs while off: flagged, not killed (OP-30)"},
    {false, VM_SHUTOFF, true, REC_SEEN_RUNNING, false, REC_KEEP, VM_SHUTOFF, "flagged already"},
    {false, VM_SHUTOFF, true, REC_SEEN_SHUTOFF, false, REC_UNFLAG, VM_SHUTOFF,
     "a flagged domain stopped: unflagged"},
    {false, VM_SAVED, false, REC_SEEN_SHUTOFF, false, REC_KEEP, VM_SAVED, "saved: left"},
    {false, VM_SAVED, false, REC_SEEN_MISSING, false, REC_KEEP, VM_SAVED, "saved, undefined: left"},
    {false, VM_RUNNING, false, REC_SEEN_SHUTOFF, false, REC_STATE, VM_SHUTOFF,
     "off and stopped but recorded running: recorded 关机"},
};

int main(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rows); i++) {
        const struct row *r = &rows[i];
        struct rec_vm v = {.id = (int64_t)i + 1,
                           .power_on = r->power_on,
                           .run = r->run,
                           .flagged = r->flagged,
                           .seen = r->seen};
        struct rec_decision d = reconcile_decide(&v, r->failed);

        is_int(d.action, r->want, "%s", r->what);
        is_int(d.vm_id, v.id, "  for that VM");
        if (r->want == REC_STATE)
            is_int(d.run, r->want_run, "  the run state");
    }
    return tap_done();
}
