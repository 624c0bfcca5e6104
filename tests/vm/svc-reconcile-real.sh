#!/bin/bash
# svc-reconcile-real.sh - tier 4 and 6: dosvmd's reconciliation (OP-30) on
# a REAL libvirtd with the tiny real guest of tests/lib/guest.sh.  A VM is
# powered on through the core on the host dosvmd registered; its qemu
# process is killed (SIGKILL, as a crash would); at its next task-scheduling
# visit dosvmd starts the VM again, the guest boots again in a new qemu
# process, and the restart is logged as the VM's history event.  Before
# that, dosvmctl suspends, resumes, reboots, saves and restores it.  Skipped
# without root, libvirt or the guest's packages.
# features: M11.4.5a M11.5.2 M11.4.6a M11.4.7a M11.4.7b M11.4.8a M11.4.8b
. "$top_srcdir/tests/lib/svc.sh"
. "$top_srcdir/tests/lib/libvirtd.sh"
. "$top_srcdir/tests/lib/guest.sh"

guest_tier4_skip
NAME=dvrec-$$
LOG=$TMPD/$NAME.serial.log
DPID=
rec_cleanup() {
  [ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
  guest_tier4_stop "$NAME"
  svc_cleanup
}
trap rec_cleanup EXIT
guest_tier4_start "$TMPD"
qemu_pid() { cat "/run/libvirt/qemu/$NAME.pid" 2>/dev/null; }

"$DOSVMD" --init-db --db "$DB" >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('heartbeat_interval', '2'), ('task_interval', '5'),
       ('vm_temp_dir', '$TMPD')"
write_conf "$CONF" qemu:///system
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/dosvmd.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT count(*) FROM host WHERE state = 1" 1 30
check "dosvmd registers the real host, running" test $? = 0

DVTOOL_SYSADM_PW=123456 "$DVTOOL" add-admin "$DB" zhou 周 zhoupw >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
"$DVTOOL" quota "$DB" "网站" max_instances=2 max_vcpus=4 max_mem_mb=4096 >/dev/null
check "a VM of the real guest powers on" "$DVTOOL" guest-vm "$DB" zhou "$NAME" "$TMPD/guest" "$LOG"
check "the guest boots" guest_wait_log "$LOG" "$GUEST_READY" 90
pid1=$(qemu_pid)
check "a qemu process runs it" test -n "$pid1"
check_sql "it is recorded running" "SELECT power_on, run_state FROM vm WHERE name_en = '$NAME'" "1|1"

# dosvmctl acts on the real guest (each call a process of its own)
echo zhoupw >"$TMPD/zpw"
CTL=$top_builddir/cli/dosvmctl
vmctl() { # VERB STATE DESC
  DOSVM_PASSWORD_FILE=$TMPD/zpw "$CTL" --db "$DB" --user zhou --json vm "$1" --name "$NAME" \
    >"$TMPD/ctl.out" 2>"$TMPD/ctl.err"
  check "$3" test "$(sed -n 's/.*"run_state": "\([a-z]*\)".*/\1/p' "$TMPD/ctl.out")" = "$2"
  [ -s "$TMPD/ctl.err" ] && sed 's/^/# /' "$TMPD/ctl.err"
}
vmctl suspend suspended "dosvmctl vm suspend pauses the real guest (M11.4.7a)"
check "... which libvirt sees paused" sh -c "virsh -c '$LV_URI' domstate '$NAME' | grep -q paused"
vmctl resume running "dosvmctl vm resume (M11.4.7b)"
vmctl reboot running "dosvmctl vm reboot (M11.4.6a)"
vmctl save saved "dosvmctl vm save (M11.4.8a)"
vmctl restore running "dosvmctl vm restore (M11.4.8b)"
check_sql "... each with its audit row from dosvmctl" \
  "SELECT count(*) FROM op_log WHERE addr = 'dosvmctl' AND object = '$NAME'" 5
guest_wait_log "$LOG" "$GUEST_READY" 90
pid1=$(qemu_pid)

kill -KILL "$pid1"
wait_sql "SELECT count(*) FROM vm_event e JOIN vm ON vm.id = e.vm_id
          WHERE vm.name_en = '$NAME' AND e.kind = 'restart'" 1 60
check "dosvmd starts the killed VM again and logs the restart (OP-30, M11.5.2)" test $? = 0
for _ in $(seq 100); do [ -n "$(qemu_pid)" ] && [ "$(qemu_pid)" != "$pid1" ] && break; sleep 0.2; done
pid2=$(qemu_pid)
check "... in a new qemu process ($pid1 -> $pid2)" test -n "$pid2" -a "$pid2" != "$pid1"
check "... and the guest boots again" guest_wait_log "$LOG" "$GUEST_READY" 90
wait_sql "SELECT power_on, run_state FROM vm WHERE name_en = '$NAME'" "1|1" 30
check "the VM is recorded running again" test $? = 0
# one restart only: the reconciler leaves the VM alone while a job (its own
# restart, dosvmctl's save and restore) works on it
check_sql "one restart event, naming the host" \
  "SELECT count(*) || '|' || min(h.name IS NOT NULL) FROM vm_event e JOIN vm ON vm.id = e.vm_id
   JOIN host h ON h.id = e.host_id WHERE vm.name_en = '$NAME' AND e.kind = 'restart'" "1|1"
check_sql "... and no VM flagged while dosvmctl restored it" \
  "SELECT count(*) FROM vm_event e JOIN vm ON vm.id = e.vm_id
   WHERE vm.name_en = '$NAME' AND e.kind = 'flagged'" 0
if [ "$TAP_FAILED" != 0 ]; then echo "# ---- dosvmd"; sed 's/^/# | /' "$TMPD/dosvmd.err" | tail -30; fi
svc_done
