/* reconcile.h - desired state against what the hosts see (spec part 2
 * §0.5, OP-30), run by dosvmd every task-scheduling interval (M13.2.1 #6).
 *
 * The power state is what the admin wants; the run state what libvirt saw.
 * On each host the planner compares the VMs recorded as running there with
 * the domains the host lists (one bulk call, virConnectListAllDomains):
 *   - a VM that should be on (power 开启, run state 运行 or 挂起) whose
 *     domain is shut off, crashed or gone, or whose host has failed, is
 *     started again (on the same or another eligible host: placement);
 *   - a domain that runs while its VM's power state is 关闭 is flagged, never
 *     killed silently (and unflagged when it stops);
 *   - otherwise the recorded run state follows the domain (运行/挂起).
 * A VM whose start is under way (power 开启, run state 关机) is left alone:
 * its job sets its state.  One that a lifecycle event saw stop by itself
 * while its power state is 开启 (vm/vmevents.h: run state 关机 and
 * vm.stopped_at set) is started again like one recorded as running. */
#ifndef DV_RECONCILE_H
#define DV_RECONCILE_H

#include "virt/virtdom.h"
#include "vm/vmstate.h"

/* What the host said of a domain. */
enum rec_seen {
    REC_SEEN_MISSING, /* not defined there, or not listed */
    REC_SEEN_SHUTOFF,
    REC_SEEN_RUNNING,
    REC_SEEN_PAUSED,
    REC_SEEN_CRASHED,
    REC_SEEN_OTHER, /* in between (shutting down ...): left alone */
};

/* What a domain state means here: libvirt's state (virtdom.h) as the
 * planner sees it. */
enum rec_seen rec_seen_of(enum virt_dom_state s);

/* The run state to record for what was seen: running 运行, paused 挂起,
 * shut off, crashed or missing 关机; false (run untouched) for
 * REC_SEEN_OTHER, a state in between.  The one mapping from libvirt's
 * states to run states (the reconciler, checkpoint reverts and lifecycle
 * events use it). */
bool rec_run_of(enum rec_seen seen, enum vm_run *run);

/* A VM recorded on the host, with what the host said of its domain. */
struct rec_vm {
    int64_t id;
    bool power_on;
    enum vm_run run;
    bool flagged;
    bool stopped; /* a lifecycle event saw it stop by itself (vm.stopped_at) */
    enum rec_seen seen;
};

enum rec_action {
    REC_KEEP,    /* nothing to do */
    REC_STATE,   /* record run state .run */
    REC_RESTART, /* start it again (the run state is set 关机 first) */
    REC_FLAG,    /* runs while it should be off (OP-30) */
    REC_UNFLAG,  /* a flagged VM no longer runs */
};

struct rec_decision {
    int64_t vm_id;
    enum rec_action action;
    enum vm_run run; /* REC_STATE */
};

/* The decision for one VM on a host that answered (host_failed false) or
 * failed (its heartbeats stopped: then seen is not looked at). */
struct rec_decision reconcile_decide(const struct rec_vm *v, bool host_failed);

/* ---- the runner (dosvmd), vmreconcile.c: every PARAM_TASK_INTERVAL
 * seconds each host (this dosvmd's own and those added by URI, as the
 * collector's) with no visit under way gets a job that lists its domains;
 * its finish applies the decisions: run states, flags and their history
 * events, and restarts through vm_power_on_start as the service (an
 * operation-log row "Power on VM" by dosvmd, and a "restart" event).  A
 * failed host (state 0) needs no job. */
struct db;
struct reconciler;
struct reconciler *reconciler_new(struct db *db, int64_t self_id);
void reconciler_free(struct reconciler *r);
bool reconcile_tick_start(struct reconciler *r, int64_t now, struct dv_error *err);
/* Visits not ended yet. */
int reconcile_pending(const struct reconciler *r);

#endif
