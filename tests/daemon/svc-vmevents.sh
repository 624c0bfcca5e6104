#!/bin/bash
# svc-vmevents.sh - tier 4: dosvmd keeps a VM's run state fresh from its
# host's lifecycle events (issue 11, src/vm/vmevents.h).  dosvmd watches a
# real libvirtd on qemu:///system with the task-scheduling interval at its
# longest (300 s), so its reconciler reads the domains only at its start;
# a diskless TCG domain is then started, suspended, resumed and destroyed
# with virsh, outside dosvm, and each change shows in the VM's run state
# within seconds, the power state untouched; the stop by itself is marked
# and written to the VM's history.  A libvirtd this test started is then
# restarted: dosvmd watches its new connection and sees the next start.
# Needs root and libvirtd (skipped without).
# features: M11.4 M11.1
. "$top_srcdir/tests/lib/svc.sh"
. "$top_srcdir/tests/lib/libvirtd.sh"
. "$top_srcdir/tests/lib/guest.sh"

why=$(libvirtd_skip_reasons)
[ -z "$why" ] || { echo "1..0 # SKIP $why"; exit 0; }
NAME=dvev-$$
UUID=$(cat /proc/sys/kernel/random/uuid)
GUEST_VIRTLOGD_PID=
cleanup() {
  virsh -c "$LV_URI" destroy "$NAME" >/dev/null 2>&1
  virsh -c "$LV_URI" undefine "$NAME" >/dev/null 2>&1
  guest_virtlogd_stop
  libvirtd_stop
  svc_cleanup
}
trap cleanup EXIT
if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi
# QEMU's domains log through virtlogd (no socket activation here)
if ! guest_virtlogd_start "$TMPD"; then
  echo "not ok 1 - virtlogd starts"; echo "1..1"; exit 1
fi

cat >"$TMPD/dom.xml" <<EOF
<domain type='qemu'>
  <name>$NAME</name>
  <uuid>$UUID</uuid>
  <memory unit='MiB'>32</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <on_crash>destroy</on_crash>
  <devices>
    <controller type='usb' model='none'/>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
virsh -c "$LV_URI" define "$TMPD/dom.xml" >"$TMPD/virsh.out" 2>&1
check "a diskless domain is defined on the host" test $? = 0

"$DOSVMD" --init-db --db "$DB" >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('task_interval', '300')"
write_conf "$CONF" "$LV_URI"
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT state FROM host WHERE self = 1" 1 30
check "dosvmd watches the host" test $? = 0
# the VM of that domain, powered on, its start under way (run state 关机)
sql "INSERT INTO project(name, active, created_at) VALUES ('p1', 1, 1);
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
       created_at) SELECT id, 'inst', '实例', 1, 32, 'x86_64', 'qemu', 1 FROM project;
     INSERT INTO vm(instance_id, name_en, uuid, power_on, run_state, run_host_id, created_at)
       SELECT i.id, '$NAME', '$UUID', 1, 0, h.id, 1 FROM instance i, host h WHERE h.self = 1"
check_sql "the VM's record" "SELECT power_on, run_state FROM vm" "1|0"
stamp0=$(sql "SELECT n FROM vm_stamp")

# wait_state RUN SECS: the run state is RUN within SECS (the reconciler
# would need 300 s); the time it took goes to the log
wait_state() {
  local t0=$SECONDS
  wait_sql "SELECT run_state FROM vm" "$1" "$2" || return 1
  echo "# run state $1 after $((SECONDS - t0)) s"
}

# dosvmd's keeper watches the host's connection within VMEVENTS_KEEP_S (5 s)
wait_log() { # TEXT SECS
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -le $deadline ]; do
    contains "$TMPD/d.err" "$1" && return 0
    sleep 0.2
  done
  return 1
}
wait_log "Watching the VM lifecycle events of $LV_URI." 20
check "dosvmd watches the host's lifecycle events (its log says so)" test $? = 0

virsh -c "$LV_URI" start "$NAME" >>"$TMPD/virsh.out" 2>&1
wait_state 1 3
check "virsh start: recorded within 3 s" test $? = 0
check_sql "virsh start: the VM is recorded 运行 from the started event" \
  "SELECT run_state, power_on FROM vm" "1|1"

virsh -c "$LV_URI" suspend "$NAME" >>"$TMPD/virsh.out" 2>&1
wait_state 2 3
check "virsh suspend: recorded 挂起 within 3 s" test $? = 0
virsh -c "$LV_URI" resume "$NAME" >>"$TMPD/virsh.out" 2>&1
wait_state 1 3
check "virsh resume: recorded 运行 within 3 s" test $? = 0
check_sql "no history for a suspend and a resume" "SELECT count(*) FROM vm_event" 0

virsh -c "$LV_URI" destroy "$NAME" >>"$TMPD/virsh.out" 2>&1
wait_state 0 3
check "virsh destroy: recorded 关机 within 3 s" test $? = 0
check_sql "the power state is still the user's 开启, the VM marked stopped by itself" \
  "SELECT power_on, stopped_at > 0, access_port FROM vm" "1|1|0"
check_sql "the unexpected stop is in the VM's history" \
  "SELECT kind, detail, host_id = (SELECT id FROM host WHERE self = 1) FROM vm_event" \
  "stopped|stopped: destroyed|1"
check_sql "vm_stamp moved with the run states" "SELECT n > $stamp0 FROM vm_stamp" 1

# a libvirtd started again: the keeper opens a new connection and watches it
if [ -n "$LV_PID" ]; then
  lvpid=$(cat "$LV_PID")
  kill -TERM "$lvpid"
  wait_gone "$lvpid" 10
  libvirtd -d -f "$TMPD/libvirtd.conf" -p "$LV_PID" {LV_LOCK_FD}>&-
  for _ in $(seq 150); do libvirt_up && break; sleep 0.2; done
  check "libvirtd runs again" libvirt_up
  deadline=$((SECONDS + 30))
  while [ "$(grep -cF "Watching the VM lifecycle events of $LV_URI." "$TMPD/d.err")" -lt 2 ] &&
    [ $SECONDS -le $deadline ]; do sleep 0.2; done
  check "dosvmd watches the new connection after the reconnect" \
    test "$(grep -cF "Watching the VM lifecycle events of $LV_URI." "$TMPD/d.err")" = 2
  virsh -c "$LV_URI" start "$NAME" >>"$TMPD/virsh.out" 2>&1
  wait_state 1 3
  check "virsh start after the reconnect: recorded 运行 within 3 s" test $? = 0
  check_sql "started again from outside: no longer marked" "SELECT stopped_at FROM vm" 0
else
  echo "# a libvirtd this test did not start is not restarted: no reconnect checked"
fi

kill -TERM "$DPID"
wait_gone "$DPID" 30
check "dosvmd stops on SIGTERM" test $? = 0
if [ "$TAP_FAILED" != 0 ]; then
  echo "# ---- dosvmd"; show "$TMPD/d.err"
  echo "# ---- virsh"; show "$TMPD/virsh.out"
fi
svc_done
