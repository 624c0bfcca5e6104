# svc.sh - what the tier-6 dosvmd scripts share: a temporary directory with
# a database and a dosvmd.conf on libvirt's test driver, TAP helpers and
# waits on the database and on processes.  Source it; it sets DOSVMD,
# DVTOOL, TMPD, DB, CONF, PIDF and HOST_URI, and kills what it started.
set -u
: "${top_builddir:?run from make check}"
: "${top_srcdir:?run from make check}"

DOSVMD=$top_builddir/daemon/dosvmd
DVTOOL=$top_builddir/tests/lib/dvtool
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvmd-svc.XXXXXX")
DB=$TMPD/dosvm.db
CONF=$TMPD/dosvmd.conf
PIDF=$TMPD/dosvmd.pid
HOST_URI="test://$top_srcdir/data/demo/host1.xml"
TAP_N=0
TAP_FAILED=0
SVC_PIDS=
unset LANGUAGE
export LC_ALL=C.UTF-8

svc_cleanup() {
  local p
  for p in $SVC_PIDS; do { kill -9 "$p"; wait "$p"; } 2>/dev/null; done
  rm -rf "$TMPD"
}
trap svc_cleanup EXIT
# svc_started PID: kill it at the end
svc_started() { SVC_PIDS="$SVC_PIDS $1"; }

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
sql() { sqlite3 -batch -noheader -cmd ".timeout 5000" "$DB" "$1"; }
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
alive() { kill -0 "$1" 2>/dev/null; }
show() { sed 's/^/# | /' "$1"; }

# write_conf [FILE [URI]]: a configuration on URI (default $HOST_URI)
write_conf() {
  mkdir -p "$TMPD/share"
  {
    echo "[network]"
    echo "localhost = 127.0.0.1"
    echo "[config]"
    echo "share_disk_path = $TMPD/share"
    echo "libvirt_url = ${2:-$HOST_URI}"
    echo "#host_uuid ="
  } >"${1:-$CONF}"
}

# svc_done: the plan line and the status
svc_done() {
  echo "1..$TAP_N"
  [ "$TAP_FAILED" = 0 ]
}
