#!/bin/bash
# svc-real-libvirt.sh - tier 4: dosvmd against a real libvirtd on
# qemu:///system.  It reuses a running libvirtd, else starts a private one
# as ../shared/TESTING.md describes (the user libvirt-qemu, libvirtd -d with
# its own PID file and log) and stops it at the end.  The registered host's
# static information must match `virsh nodeinfo` and its metrics must be
# real measurements.  Needs root and the packages libvirt-daemon,
# libvirt-daemon-driver-qemu and libvirt-clients; without them it is skipped.
# features: M6.2.2 M6.2.2.1
set -u
: "${top_builddir:?run from make check}"
. "$top_srcdir/tests/lib/libvirtd.sh"

DOSVMD=$top_builddir/daemon/dosvmd
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvmd-real.XXXXXX")
DB=$TMPD/dosvm.db
CONF=$TMPD/dosvmd.conf
PIDF=$TMPD/dosvmd.pid
URI=qemu:///system
TAP_N=0
TAP_FAILED=0
unset LANGUAGE
export LC_ALL=C.UTF-8

skip() { echo "1..0 # SKIP $*"; rm -rf "$TMPD"; exit 0; }

why=$(libvirtd_skip_reasons)
[ -z "$why" ] || skip "$why"
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"

DPID=
cleanup() {
  [ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
  libvirtd_stop
  rm -rf "$TMPD"
}
trap cleanup EXIT

tap() {
  TAP_N=$((TAP_N + 1))
  if [ "$1" = 0 ]; then echo "ok $TAP_N - $2"; else TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $2"; fi
}
check() { local desc=$1; shift; if "$@"; then tap 0 "$desc"; else tap 1 "$desc"; fi; }
sql() { sqlite3 -batch -noheader "$DB" "$1"; }
check_sql() {
  local got
  got=$(sql "$2")
  if [ "$got" = "$3" ]; then tap 0 "$1"; else tap 1 "$1"; echo "# SQL: $2"; echo "# got '$got', want '$3'"; fi
}
wait_sql() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -le $deadline ]; do
    [ "$(sql "$1" 2>/dev/null)" = "$2" ] && return 0
    sleep 0.2
  done
  return 1
}

# ---------------------------------------------------------------- a libvirtd
if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi
check "libvirtd answers on $URI" libvirt_up

# ---------------------------------------------------------------- dosvmd on it
mkdir -p "$TMPD/share"
cat >"$CONF" <<EOF
[network]
localhost = 127.0.0.1
[config]
share_disk_path = $TMPD/share
libvirt_url = $URI
EOF
"$DOSVMD" --init-db --db "$DB" >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('host_collect_interval', '5'), ('host_history_interval', '10')"
"$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/dosvmd.err" &
DPID=$!
wait_sql "SELECT count(*) FROM host" 1 30
check "dosvmd registers the real host" test $? = 0

nodeinfo=$(virsh -c "$URI" nodeinfo)
field() { printf '%s\n' "$nodeinfo" | sed -n "s/^$1: *//p" | sed 's/ .*//'; }
model=$(printf '%s\n' "$nodeinfo" | sed -n 's/^CPU model: *//p')
check_sql "CPU model = virsh nodeinfo's" "SELECT cpu_model FROM host" "$model"
check_sql "CPU cores = virsh nodeinfo's CPU(s)" "SELECT cpu_cores FROM host" "$(field 'CPU(s)')"
check_sql "total memory = virsh nodeinfo's memory / 1024" "SELECT mem_total_mb FROM host" \
  "$(( $(field 'Memory size') / 1024 ))"
check_sql "max VCPUs = cores, max VMEM = memory - 512 MB" \
  "SELECT max_vcpus = cpu_cores, max_vmem_mb = max(mem_total_mb - 512, 1) FROM host" "1|1"
check_sql "the CPU frequency is known" "SELECT cpu_mhz > 0 FROM host" 1

wait_sql "SELECT cpu_pct IS NOT NULL FROM host" 1 30
check "the second collection measures the CPU load" test $? = 0
check_sql "CPU load is a percentage" "SELECT cpu_pct BETWEEN 0 AND 100 FROM host" 1
check_sql "memory load is measured and between 0 and 100" \
  "SELECT mem_pct IS NOT NULL AND mem_pct > 0 AND mem_pct < 100 FROM host" 1
# OP-16: used = total - free - buffers - cached, against virsh nodememstats
mem=$(virsh -c "$URI" nodememstats | awk '{v[$1] = $3} END {printf "%.2f", 100 * (v["total"] - v["free"] - v["buffers"] - v["cached"]) / v["total"]}')
check_sql "memory load agrees with virsh nodememstats ($mem %) within 5 points" \
  "SELECT abs(mem_pct - $mem) < 5 FROM host" 1
check_sql "disk load of share_disk_path is measured" \
  "SELECT disk_pct IS NOT NULL AND disk_pct BETWEEN 0 AND 100 FROM host" 1
check_sql "network load of the local host is measured" "SELECT net_mbps IS NOT NULL AND net_mbps >= 0 FROM host" 1
check_sql "the host is running" "SELECT state, missed FROM host" "1|0"

kill -TERM "$DPID"
wait "$DPID"
check "dosvmd exits 0 on SIGTERM" test $? = 0
DPID=
if [ "$TAP_FAILED" != 0 ]; then echo "# ---- dosvmd"; sed 's/^/# | /' "$TMPD/dosvmd.err"; fi
echo "1..$TAP_N"
[ "$TAP_FAILED" = 0 ]
