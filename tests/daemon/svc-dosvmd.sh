#!/bin/bash
# svc-dosvmd.sh - the service end to end: the real dosvmd on a temporary
# database and configuration, its host being libvirt's test driver on
# data/demo/host1.xml.  Options, the configuration check, self-registration
# with host_uuid written back, history at the configured interval, the PID
# file lock, background mode with -l, clean exit on SIGTERM.
# features: M4.4.7 M4.5a M4.5b M6.2.2
set -u
: "${top_builddir:?run from make check}"
: "${top_srcdir:?run from make check}"

DOSVMD=$top_builddir/daemon/dosvmd
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvmd-svc.XXXXXX")
DB=$TMPD/dosvm.db
CONF=$TMPD/dosvmd.conf
PIDF=$TMPD/run/dosvmd.pid
HOST_URI="test://$top_srcdir/data/demo/host1.xml"
TAP_N=0
TAP_FAILED=0
unset LANGUAGE
export LC_ALL=C.UTF-8

cleanup() {
  local p
  for p in $(cat "$TMPD"/*.pid "$TMPD"/run/*.pid 2>/dev/null) ${DPID:-}; do
    kill "$p" 2>/dev/null
  done
  rm -rf "$TMPD"
}
trap cleanup EXIT

if ! command -v sqlite3 >/dev/null; then
  echo "1..0 # SKIP sqlite3 is not installed"
  exit 0
fi

tap() { # tap STATUS DESC
  TAP_N=$((TAP_N + 1))
  if [ "$1" = 0 ]; then echo "ok $TAP_N - $2"; else TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $2"; fi
}
check() { # check DESC COMMAND...
  local desc=$1; shift
  if "$@"; then tap 0 "$desc"; else tap 1 "$desc"; fi
}
sql() { sqlite3 -batch -noheader "$DB" "$1"; }
check_sql() { # DESC SQL EXPECTED
  local got
  got=$(sql "$2")
  if [ "$got" = "$3" ]; then tap 0 "$1"; else tap 1 "$1"; echo "# SQL: $2"; echo "# got '$got', want '$3'"; fi
}
# wait_sql SQL EXPECTED SECONDS: poll the database until SQL gives EXPECTED
wait_sql() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -le $deadline ]; do
    [ "$(sql "$1" 2>/dev/null)" = "$2" ] && return 0
    sleep 0.2
  done
  return 1
}
# wait_gone PID SECONDS: until the process has ended
wait_gone() {
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -le $deadline ]; do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}
contains() { grep -qF -- "$2" "$1"; }
show() { sed 's/^/# | /' "$1"; }

write_conf() { # write_conf [EXTRA LINE...] into $CONF
  {
    echo "# a dosvmd.conf for the tests"
    echo "[network]"
    echo "localhost = 127.0.0.1"
    echo "${NET_EXTRA:-#min_tcp_port = 2000}"
    echo "[config]"
    echo "share_disk_path = $TMPD/share"
    echo "${TEMP_LINE:-#temp_image_save_path = /tmp}"
    echo "libvirt_url = $HOST_URI"
    echo "#host_uuid ="
  } >"$CONF"
}
mkdir -p "$TMPD/share"

# ---------------------------------------------------------------- the command line (M4.5a)
"$DOSVMD" --version >"$TMPD/out" 2>&1
check "--version exits 0" test $? = 0
check "--version prints the version" contains "$TMPD/out" "dosvmd 0.1.0"
"$DOSVMD" --usage >"$TMPD/out" 2>&1
check "--usage exits 0" test $? = 0
check "--usage prints the synopsis" contains "$TMPD/out" "Usage: dosvmd [-c FILE] [-l] [-d]"
"$DOSVMD" --help >"$TMPD/out" 2>&1
check "--help exits 0" test $? = 0
check "--help describes -c" contains "$TMPD/out" "-c, --config=FILE"
check "--help describes -l" contains "$TMPD/out" "-l, --log"
check "--help describes -d" contains "$TMPD/out" "-d, --debug"
"$DOSVMD" --bogus >"$TMPD/out" 2>&1
check "an unknown option exits 2" test $? = 2

# ---------------------------------------------------------------- the configuration (M4.4.7)
NET_EXTRA="min_tcp_port = 3000
max_tcp_port = 2000" write_conf
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" >"$TMPD/out" 2>&1
check "an invalid configuration (min_tcp_port > max_tcp_port) exits 1" test $? = 1
check "the parser's message is printed" contains "$TMPD/out" "min_tcp_port (3000) must not be greater than max_tcp_port (2000)"
check "nothing is created for an invalid configuration" test ! -e "$DB" -a ! -e "$PIDF"
"$DOSVMD" -c "$TMPD/missing.conf" --db "$DB" --pid-file "$PIDF" >"$TMPD/out" 2>&1
check "a missing configuration file exits 1" test $? = 1
check "the missing file is named" contains "$TMPD/out" "missing.conf"

# ---------------------------------------------------------------- --init-db, parameters
"$DOSVMD" --init-db --db "$DB" >"$TMPD/out" 2>&1
check "--init-db exits 0" test $? = 0
check_sql "--init-db creates the database with the sysadm" "SELECT account FROM user" "sysadm"
sql "INSERT INTO setting(key, value) VALUES ('host_collect_interval', '5'), ('host_history_interval', '10')"

# ---------------------------------------------------------------- -d: foreground, self-registration (M6.2.2)
write_conf
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d.err" &
DPID=$!
wait_sql "SELECT count(*) FROM host" 1 30
check "dosvmd -d registers its host" test $? = 0
check_sql "the host is registered as self, with [network] localhost and the test host's static info" \
  "SELECT self, ip, uri, cpu_model, cpu_cores, cpu_mhz, mem_total_mb FROM host" \
  "1|127.0.0.1|$HOST_URI|Xeon-E5-2680-v4|56|2400|131072"
check_sql "defaults: max VCPUs = cores, max VMEM = memory - 512 MB, running" \
  "SELECT max_vcpus, max_vmem_mb, state, share_disk_path FROM host" "56|130560|1|$TMPD/share"
check_sql "temp_image_save_path commented out: the parameter's directory applies (OP-34)" \
  "SELECT temp_dir FROM host" ""
uuid=$(sed -n 's/^host_uuid *= *//p' "$CONF")
check "host_uuid was generated and written back into the configuration" \
  test "$(printf '%s' "$uuid" | grep -cE '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')" = 1
check "the configuration keeps its comments" contains "$CONF" "# a dosvmd.conf for the tests"
check_sql "the host record carries that UUID" "SELECT uuid FROM host" "$uuid"
check "the PID file holds the service's PID" test "$(cat "$PIDF" 2>/dev/null)" = "$DPID"
check "-d prints the run log on the terminal" contains "$TMPD/d.err" "Registered this host"

# a second instance on the same PID file, in the background and with -d
"$DOSVMD" -c "$CONF" --db "$DB" --pid-file "$PIDF" >"$TMPD/out" 2>&1
check "a second dosvmd on the same PID file exits non-zero" test $? != 0
check "and says another dosvmd runs" contains "$TMPD/out" "Another dosvmd (PID $DPID) is running"
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" >"$TMPD/out" 2>&1
check "a second dosvmd -d is refused too" test $? != 0
check "the first one's PID file is untouched" test "$(cat "$PIDF" 2>/dev/null)" = "$DPID"

# metrics at the collection interval, history at the history interval (M6.2.2 step 3)
wait_sql "SELECT cpu_pct IS NOT NULL FROM host" 1 20
check "the second collection (5 s) measures the CPU load" test $? = 0
check_sql "memory load is unavailable on the test driver (NULL, not 0); disk and network are measured" \
  "SELECT mem_pct IS NULL, disk_pct BETWEEN 0 AND 100, net_mbps >= 0 FROM host" "1|1|1"
wait_sql "SELECT count(*) >= 1 FROM host_history" 1 20
check "a history row is written" test $? = 0
check_sql "one history row after about 10 s (host_history_interval), not one per tick" \
  "SELECT count(*), min(time) - (SELECT registered_at FROM host) BETWEEN 9 AND 12 FROM host_history" "1|1"
check_sql "the history row keeps the unavailable memory load NULL" \
  "SELECT cpu_pct IS NOT NULL, mem_pct IS NULL, disk_pct IS NOT NULL FROM host_history" "1|1|1"

# SIGTERM: clean exit
kill -TERM "$DPID"
wait "$DPID"
check "SIGTERM ends dosvmd with status 0" test $? = 0
DPID=
check "the PID file is removed" test ! -e "$PIDF"
check_sql "the host is stopped when its service ends" "SELECT state FROM host" 0
check "the stop is logged" contains "$TMPD/d.err" "Stopping on a signal."

# ---------------------------------------------------------------- background (M4.5a) with -l
echo 999999 >"$PIDF" # a stale PID file: no process holds its lock
sed -i "s|^#temp_image_save_path = /tmp|temp_image_save_path = $TMPD/vmtmp|" "$CONF"
DOSVMD_LOG=$TMPD/dosvmd.log "$DOSVMD" -l -c "$CONF" --db "$DB" --pid-file "$PIDF" >"$TMPD/out" 2>&1
check "without -d dosvmd starts in the background and the command exits 0" test $? = 0
bg=$(cat "$PIDF" 2>/dev/null)
check "a stale PID file does not block the start" test -n "$bg" -a "$bg" != 999999
check "the background service runs" kill -0 "${bg:-0}"
check "the background service has no terminal output" test ! -s "$TMPD/out"
check_sql "the same host_uuid finds the same record (no new host)" "SELECT count(*), state FROM host" "1|1"
check "-l writes the run log to \$DOSVMD_LOG" contains "$TMPD/dosvmd.log" "Registered this host (UUID $uuid)"
check_sql "temp_image_save_path set in the file is the host's directory (OP-34)" \
  "SELECT temp_dir FROM host" "$TMPD/vmtmp"
kill -TERM "${bg:-0}"
wait_gone "${bg:-0}" 20
check "SIGTERM ends the background service" test $? = 0
check "its PID file is removed" test ! -e "$PIDF"
check "the log records the stop" contains "$TMPD/dosvmd.log" "Stopped."

# a changed host_uuid makes a new record, as the manual warns (M6.2.2)
sed -i "s/^host_uuid *=.*/host_uuid = 7d1b3c8e-5a4f-4e2d-9c6b-1f0e2d3c4b5a/" "$CONF"
"$DOSVMD" -c "$CONF" --db "$DB" --pid-file "$PIDF" >"$TMPD/out" 2>&1
check "dosvmd starts with a changed host_uuid" test $? = 0
check_sql "a changed host_uuid makes a second record" \
  "SELECT count(*), sum(uuid = '7d1b3c8e-5a4f-4e2d-9c6b-1f0e2d3c4b5a') FROM host" "2|1"
check_sql "the duplicate gets a unique name" "SELECT count(DISTINCT name) FROM host" 2
bg=$(cat "$PIDF" 2>/dev/null)
kill -TERM "${bg:-0}"
wait_gone "${bg:-0}" 20
check "SIGTERM ends it" test $? = 0

if [ "$TAP_FAILED" != 0 ]; then echo "# ---- dosvmd -d output"; show "$TMPD/d.err"; fi
echo "1..$TAP_N"
[ "$TAP_FAILED" = 0 ]
