# tests/lib/ctl.sh - the fixture of the dosvmctl tests (sourced by
# tests/cli/test-*ctl*.sh): TAP helpers, a temporary directory $T with a
# fresh database $DB holding the sysadm (password 123456, file $T/pw) and
# the project administrator zhou 周伟 (zhoupw, $T/zpw), and
#
#   ctl ARGS...      dosvmctl as the sysadm (stdin closed: no prompt waits)
#   zctl ARGS...     dosvmctl as zhou
#   sql SQL / sq     sqlite3 on $DB;  check_sql SQL WANT
#   last_op, check_op WANT, ops   the newest op_log row (user|addr|action|object), the count
#   jqo FILTER       jq -r on $T/out;  jqf FILE FILTER WANT;  field: .error.field of $T/out
#
# Skips the whole script without jq or sqlite3.
set -u
: "${top_builddir:?run from make check}"
CTL=$top_builddir/cli/dosvmctl
DVTOOL=$top_builddir/tests/lib/dvtool
export LC_ALL=C.UTF-8
unset LANGUAGE SSH_CONNECTION DOSVM_PASSWORD_FILE DOSVM_NEW_PASSWORD_FILE DOSVM_TLS_PASSWORD_FILE \
  DOSVM_SYSADM_PASSWORD_FILE
for t in jq sqlite3; do
  command -v "$t" >/dev/null || { echo "1..0 # SKIP $t is not installed"; exit 0; }
done
T=$(mktemp -d "${TMPDIR:-/tmp}/$(basename "$0" .sh).XXXXXX")
trap 'rm -rf "$T"' EXIT
N=0
FAILED=0
tap() { N=$((N + 1)); if [ "$1" = 0 ]; then echo "ok $N - $2"; else FAILED=1; echo "not ok $N - $2"; fi; }
check() { local d=$1; shift; "$@"; tap $? "$d"; }
DB=$T/dosvm.db
"$DVTOOL" init "$DB" >/dev/null
DVTOOL_SYSADM_PW=123456 "$DVTOOL" add-admin "$DB" zhou 周伟 zhoupw >/dev/null
echo 123456 >"$T/pw"
echo zhoupw >"$T/zpw"
ctl() { DOSVM_PASSWORD_FILE=$T/pw "$CTL" --db "$DB" --user sysadm "$@" </dev/null; }
zctl() { DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou "$@" </dev/null; }
# (sqlite3 waits for a lock a dosvmctl that is still closing holds)
sql() { sqlite3 -cmd '.timeout 5000' "$DB" "$1"; }
sq() { sql "$1"; }
check_sql() { test "$(sql "$1")" = "$2"; }
last_op() { sql "SELECT user || '|' || addr || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"; }
check_op() { test "$(last_op)" = "$1"; }
ops() { sql "SELECT count(*) FROM op_log"; }
jqo() { jq -r "$1" "$T/out"; }
jqf() { test "$(jq -r "$2" "$1" 2>/dev/null)" = "$3"; }
field() { jq -r .error.field "$T/out" 2>/dev/null; }
