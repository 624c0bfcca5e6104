#!/bin/bash
# svc-service.sh - the liveness of dosvmd itself (issue 8, point 6): its
# heartbeat row advances every tick; a second dosvmd on the same host record
# and database is refused by the lease even with another PID file, and its
# exit leaves the host running; SIGHUP reloads the configuration, SIGUSR1
# writes a status line, SIGUSR2 is ignored: the service keeps running;
# killed with SIGKILL, the console's core shows its hosts unknown with the
# line "The service dosvmd is not running since ..." (dvtool host-states);
# a new start on the same machine takes over at once; one whose lease is
# taken stops with status 1 without marking the host stopped; a clean stop
# shows the host stopped.
# features: M6.2.2 M4.5a M13.2.1
. "$top_srcdir/tests/lib/svc.sh"

"$DOSVMD" --init-db --db "$DB" >/dev/null
# the heartbeat rule: 2 s x 2 = a service silent for 4 s is not running
sql "INSERT INTO setting(key, value) VALUES ('heartbeat_interval', '2'), ('heartbeat_fail_count', '2')"
# a host added by URI: any live dosvmd watches it
"$DVTOOL" register-host "$DB" remote "test://$top_srcdir/data/demo/host2.xml" >/dev/null
write_conf
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT count(*) FROM host WHERE self = 1" 1 30
check "dosvmd registers its host" test $? = 0
uuid=$(sed -n 's/^host_uuid *= *//p' "$CONF")
self=$(sql "SELECT name FROM host WHERE self = 1")
check_sql "its service row: this PID, running, with a lease ahead" \
  "SELECT pid, stopped_at IS NULL, expires_at > heartbeat_at FROM service WHERE host_uuid = '$uuid'" "$DPID|1|1"
b1=$(sql "SELECT heartbeat_at FROM service")
sleep 2.5
b2=$(sql "SELECT heartbeat_at FROM service")
check "the service's heartbeat advances every tick ($b1 -> $b2)" test "$((b2 - b1))" -ge 2
"$DVTOOL" host-states "$DB" >"$TMPD/states"
check "the console core shows its host running" contains "$TMPD/states" "$self|running"
check "and the host added by URI" contains "$TMPD/states" "remote|running"
check "no line about the service" test "$(grep -c 'not running' "$TMPD/states")" = 0

# ---------------------------------------------------------------- a second dosvmd
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$TMPD/other.pid" >"$TMPD/out" 2>&1
check "a second dosvmd with another PID file is refused (status 1)" test $? = 1
check "it names the running one" contains "$TMPD/out" "Another dosvmd (PID $DPID on"
check "and the host" contains "$TMPD/out" "serves this host (UUID $uuid) on this database"
"$DOSVMD" -c "$CONF" --db "$DB" --pid-file "$TMPD/other2.pid" >"$TMPD/out" 2>&1
check "in the background too (status 1)" test $? = 1
check "with the same message" contains "$TMPD/out" "Another dosvmd (PID $DPID on"
check_sql "the refused ones left the host running" "SELECT state FROM host WHERE self = 1" 1
check_sql "and the lease with the first one" "SELECT pid, stopped_at IS NULL FROM service" "$DPID|1"
check "the first one keeps running" alive "$DPID"

# ---------------------------------------------------------------- signals
sed -i 's/^localhost *=.*/localhost = 127.0.0.2/' "$CONF"
kill -HUP "$DPID"
wait_sql "SELECT ip FROM host WHERE self = 1" 127.0.0.2 10
check "SIGHUP reloads the configuration: the new [network] localhost is registered" test $? = 0
check "the reload is logged" contains "$TMPD/d.err" "Reloaded the configuration $CONF."
echo "[network" >>"$CONF"
kill -HUP "$DPID"
sleep 1
check "a configuration that does not parse is logged and the running one kept" \
  contains "$TMPD/d.err" "was not reloaded"
sed -i '$d' "$CONF"
kill -USR1 "$DPID"
sleep 1
check "SIGUSR1 writes a status line" contains "$TMPD/d.err" "Running as host"
kill -USR2 "$DPID"
sleep 1
check "after SIGHUP, SIGUSR1 and SIGUSR2 dosvmd still runs" alive "$DPID"
b3=$(sql "SELECT heartbeat_at FROM service")
check "and its heartbeat goes on" test "$b3" -gt "$b2"

# ---------------------------------------------------------------- killed
kill -KILL "$DPID"
wait "$DPID" 2>/dev/null
check_sql "SIGKILL leaves the host marked running in the database" "SELECT state FROM host WHERE self = 1" 1
"$DVTOOL" host-states "$DB" >"$TMPD/states"
check "within the heartbeat rule the host is still shown running" contains "$TMPD/states" "$self|running"
sleep 5
"$DVTOOL" host-states "$DB" >"$TMPD/states"
check "after it the console core shows its host unknown" contains "$TMPD/states" "$self|unknown"
check "and the host added by URI unknown" contains "$TMPD/states" "remote|unknown"
check "with the line since when the service is not running" \
  contains "$TMPD/states" "The service dosvmd is not running since $(date -d @"$(sql 'SELECT heartbeat_at FROM service')" '+%Y-%m-%d %H:%M:%S')."

# ---------------------------------------------------------------- restart, clean stop
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d2.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT pid FROM service" "$DPID" 15
check "a new dosvmd on this machine takes over the dead one's lease at once" test $? = 0
"$DVTOOL" host-states "$DB" >"$TMPD/states"
check "its host is shown running again" contains "$TMPD/states" "$self|running"
# its lease taken by another (as after a stall past the expiry): it stops
sql "UPDATE service SET token = 'taken', expires_at = 0"
wait_gone "$DPID" 10
check "a dosvmd whose lease was taken stops" test $? = 0
wait "$DPID"
check "with status 1" test $? = 1
check "saying why" contains "$TMPD/d2.err" "was taken by another dosvmd"
check_sql "leaving the host's state to the holder (not stopped)" "SELECT state FROM host WHERE self = 1" 1

"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d3.err" &
DPID=$!
svc_started $DPID
wait_sql "SELECT pid FROM service" "$DPID" 15
check "an expired lease is taken by the next start" test $? = 0
kill -TERM "$DPID"
wait_gone "$DPID" 10
check "SIGTERM ends it" test $? = 0
check_sql "the clean stop releases the lease" "SELECT stopped_at IS NOT NULL FROM service" 1
"$DVTOOL" host-states "$DB" >"$TMPD/states"
check "its host, stopped by the clean stop, is shown stopped" contains "$TMPD/states" "$self|stopped"
check "the host added by URI is unknown: no dosvmd watches it" contains "$TMPD/states" "remote|unknown"

[ "$TAP_FAILED" = 0 ] || { show "$TMPD/d.err"; show "$TMPD/states"; }
svc_done
