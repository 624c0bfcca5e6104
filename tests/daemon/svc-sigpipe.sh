#!/bin/bash
# svc-sigpipe.sh - tier 4: a watched host whose libvirtd goes away does not
# end dosvmd (issue 8, point 5: SIGPIPE is ignored; before, the write on the
# dead socket ended it with status 141).  dosvmd watches a private libvirtd
# on qemu:///system; the libvirtd is killed with SIGKILL under it: dosvmd
# keeps running and beating, judges the host stopped, and sees it running
# again once a libvirtd is back.  Needs root and libvirtd (skipped without);
# a libvirtd this test did not start is never killed (skipped then too).
# features: M6.2.2
. "$top_srcdir/tests/lib/svc.sh"
. "$top_srcdir/tests/lib/libvirtd.sh"

why=$(libvirtd_skip_reasons)
[ -z "$why" ] || { echo "1..0 # SKIP $why"; exit 0; }
trap 'libvirtd_stop; svc_cleanup' EXIT
if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi
if [ -z "$LV_PID" ]; then
  echo "1..0 # SKIP a libvirtd runs already: this test kills only one it started"
  exit 0
fi

"$DOSVMD" --init-db --db "$DB" >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('heartbeat_interval', '2'), ('heartbeat_fail_count', '2'), ('host_collect_interval', '5')"
write_conf "$CONF" qemu:///system
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT state FROM host WHERE self = 1" 1 30
check "dosvmd watches the host of the real libvirtd" test $? = 0
sleep 3 # a few heartbeats on the open connection

kill -KILL "$(cat "$LV_PID")"
sleep 8
check "dosvmd survives its host's libvirtd killed under it" alive "$DPID"
wait_sql "SELECT state FROM host WHERE self = 1" 0 20
check "the host is judged stopped after its missed heartbeats" test $? = 0
b1=$(sql "SELECT heartbeat_at FROM service")
sleep 2
b2=$(sql "SELECT heartbeat_at FROM service")
check "the service's own heartbeat goes on ($b1 -> $b2)" test "$b2" -gt "$b1"

libvirtd -d -f "$TMPD/libvirtd.conf" -p "$LV_PID" {LV_LOCK_FD}>&-
for _ in $(seq 150); do libvirt_up && break; sleep 0.2; done
wait_sql "SELECT state FROM host WHERE self = 1" 1 40
check "with a libvirtd back, the host is running again" test $? = 0

kill -TERM "$DPID"
wait "$DPID"
st=$?
check "SIGTERM then ends dosvmd with status 0 (not 141)" test "$st" = 0

[ "$TAP_FAILED" = 0 ] || show "$TMPD/d.err"
svc_done
