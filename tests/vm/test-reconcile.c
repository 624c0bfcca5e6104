/* test-reconcile.c - the planner of OP-30 (src/vm/reconcile.h): every
 * combination of power state, run state and what the host saw, and a
 * failed host; a VM a lifecycle event saw stop by itself (stopped) is
 * started again like one recorded running; the one mapping of libvirt's
 * states to run states.
 * features: M11.4.5b M11.4 */
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

/* VMs recorded 关机 with vm.stopped_at set (vm/vmevents.h) */
static const struct row stopped_rows[] = {
    {true, VM_SHUTOFF, false, REC_SEEN_SHUTOFF, false, REC_RESTART, 0,
     "still shut off at the tick: started again"},
    {true, VM_SHUTOFF, false, REC_SEEN_MISSING, false, REC_RESTART, 0, "gone: started again"},
    {true, VM_SHUTOFF, false, REC_SEEN_CRASHED, false, REC_RESTART, 0, "crashed: started again"},
    {true, VM_SHUTOFF, false, REC_SEEN_RUNNING, false, REC_STATE, VM_RUNNING,
     "started again from outside: recorded 运行"},
    {true, VM_SHUTOFF, false, REC_SEEN_PAUSED, false, REC_STATE, VM_SUSPENDED,
     "paused: recorded 挂起"},
    {true, VM_SHUTOFF, false, REC_SEEN_OTHER, false, REC_KEEP, VM_SHUTOFF, "in between: left"},
    {true, VM_SHUTOFF, false, REC_SEEN_SHUTOFF, true, REC_RESTART, 0,
     "its host failed: started elsewhere"},
    {false, VM_SHUTOFF, false, REC_SEEN_SHUTOFF, false, REC_KEEP, VM_SHUTOFF,
     "powered off meanwhile: nothing"},
};

static void test_mapping(void)
{
    static const struct {
        enum virt_dom_state dom;
        enum rec_seen seen;
        bool has_run;
        enum vm_run run;
    } map[] = {
        {VIRT_DOM_RUNNING, REC_SEEN_RUNNING, true, VM_RUNNING},
        {VIRT_DOM_PAUSED, REC_SEEN_PAUSED, true, VM_SUSPENDED},
        {VIRT_DOM_SHUTOFF, REC_SEEN_SHUTOFF, true, VM_SHUTOFF},
        {VIRT_DOM_CRASHED, REC_SEEN_CRASHED, true, VM_SHUTOFF},
        {VIRT_DOM_OTHER, REC_SEEN_OTHER, false, VM_SHUTOFF},
    };
    enum vm_run run = VM_SAVED;

    for (size_t i = 0; i < G_N_ELEMENTS(map); i++) {
        is_int(rec_seen_of(map[i].dom), map[i].seen, "libvirt's %s seen as %d",
               virt_dom_state_name(map[i].dom), map[i].seen);
        run = VM_SAVED;
        is_int(rec_run_of(map[i].seen, &run), map[i].has_run, "  a run state to record or not");
        if (map[i].has_run)
            is_int(run, map[i].run, "  recorded as run state %d", map[i].run);
        else
            is_int(run, VM_SAVED, "  the run state untouched");
    }
    ok(rec_run_of(REC_SEEN_MISSING, &run) && run == VM_SHUTOFF, "a missing domain: 关机");
}

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
    for (size_t i = 0; i < G_N_ELEMENTS(stopped_rows); i++) {
        const struct row *r = &stopped_rows[i];
        struct rec_vm v = {
            .id = 1, .power_on = r->power_on, .run = r->run, .stopped = true, .seen = r->seen};
        struct rec_decision d = reconcile_decide(&v, r->failed);

        is_int(d.action, r->want, "stopped by itself: %s", r->what);
        if (r->want == REC_STATE)
            is_int(d.run, r->want_run, "  the run state");
    }
    test_mapping();
    return tap_done();
}
