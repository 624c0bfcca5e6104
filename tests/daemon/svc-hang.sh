#!/bin/bash
# svc-hang.sh - no host can stop the service (issue 8, point 5): a host
# whose libvirt endpoint accepts and never answers (tests/jobs/hang-listener
# on a unix socket) is registered beside dosvmd's own healthy test-driver
# host.  The healthy host's heartbeat keeps advancing, the stalled host
# misses its heartbeats and is judged stopped, and SIGTERM ends dosvmd
# within a few seconds although a heartbeat thread is stuck in libvirt.
# features: M6.2.2 M4.5a
. "$top_srcdir/tests/lib/svc.sh"

SOCK=$TMPD/hang.sock
"$top_builddir/tests/jobs/hang-listener" "$SOCK" >"$TMPD/listener.out" &
svc_started $!
for _ in $(seq 100); do grep -q ready "$TMPD/listener.out" 2>/dev/null && break; sleep 0.05; done
STUCK="qemu+unix:///system?socket=$SOCK"

"$DOSVMD" --init-db --db "$DB" >/dev/null
# a heartbeat every 2 s, a host failed after 2 missed ones
sql "INSERT INTO setting(key, value) VALUES ('heartbeat_interval', '2'), ('heartbeat_fail_count', '2')"
"$DVTOOL" register-host "$DB" stuck "$STUCK" >/dev/null
check_sql "the stalled host is registered, running" "SELECT state FROM host WHERE name = 'stuck'" 1
write_conf
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT count(*) FROM host WHERE self = 1" 1 30
check "dosvmd registers its own (healthy) host" test $? = 0
wait_sql "SELECT last_seen IS NOT NULL FROM host WHERE self = 1" 1 20
first=$(sql "SELECT last_seen FROM host WHERE self = 1")
sleep 7
later=$(sql "SELECT last_seen FROM host WHERE self = 1")
check "the healthy host's heartbeat advances while the other host hangs ($first -> $later)" \
  test "$((later - first))" -ge 4
wait_sql "SELECT state FROM host WHERE name = 'stuck'" 0 20
check "the stalled host misses its heartbeats and is judged stopped" test $? = 0
check "its missed heartbeat is logged with the reason" contains "$TMPD/d.err" "Host stuck missed a heartbeat (1 of 2): No answer in time"
check "dosvmd is still running" alive "$DPID"
check_sql "the healthy host stays running" "SELECT state, missed FROM host WHERE self = 1" "1|0"

start=$(date +%s%N)
kill -TERM "$DPID"
wait_gone "$DPID" 10
gone=$?
took=$((($(date +%s%N) - start) / 1000000))
check "SIGTERM ends dosvmd while a heartbeat is stuck in libvirt" test "$gone" = 0
check "within 3 s (took $took ms)" test "$took" -le 3000
wait "$DPID"
check "with status 0" test $? = 0
check "the stop is logged" contains "$TMPD/d.err" "Stopped."

[ "$TAP_FAILED" = 0 ] || show "$TMPD/d.err"
svc_done
