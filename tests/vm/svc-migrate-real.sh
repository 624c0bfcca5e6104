#!/bin/bash
# svc-migrate-real.sh - tier 4: live migration through dosvm's core between
# two REAL libvirtd hosts on this machine (tests/lib/twohosts.sh: each in a
# network and mount namespace made here, reached on its unix socket, joined
# by a veth pair that carries QEMU's migration stream).  Builds the tiny
# guest of tests/lib/guest.sh, starts both hosts and runs the TAP program
# tests/vm/test-migrate-real with TH_URI_A, TH_URI_B and DOSVM_GUEST_DIR;
# the namespaces, daemons and guests are gone at the end.  Skipped without
# root, libvirt, namespaces or the guest's packages.  Then the same through
# dosvmctl, each step a process of its own: instance add (the guest as its
# user-defined XML), vm add --vm-start yes (placed on A or B), vm migrate
# to the other host (live), vm stop there.
# features: M11.4.2 M11.3c M11.4.4a
set -u
: "${top_builddir:?run from make check}" "${top_srcdir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
. "$top_srcdir/tests/lib/twohosts.sh"
. "$top_srcdir/tests/lib/guest.sh"
prog=$top_builddir/tests/vm/test-migrate-real

why=$({ twohosts_skip_reasons; guest_skip_reasons
  [ -x "$prog" ] || echo "$prog is not built"; } | paste -s -d ';' | sed 's/;/; /g')
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-migrate.XXXXXX")
chmod 0711 "$dir"
trap 'twohosts_stop; rm -rf "$dir"' EXIT
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

t0=$(now)
if ! guest_build "$dir/guest"; then
  echo "not ok 1 - the test guest builds"; echo "1..1"; exit 1
fi
echo "# guest built in $(since "$t0") s"
t0=$(now)
if ! twohosts_start "$dir/hosts"; then
  echo "not ok 1 - two libvirtd hosts start"; echo "1..1"; exit 1
fi
echo "# two hosts up in $(since "$t0") s, $TH_LOCK_WAIT s of it waiting for the lock"
# not exec: the EXIT trap must still stop the hosts; its plan is moved to the end
TMPDIR=$dir DOSVM_GUEST_DIR=$dir/guest "$prog" >"$dir/prog.tap"
rc=$?
grep -v '^1\.\.[0-9]*$' "$dir/prog.tap"
N=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$dir/prog.tap")
N=${N:-0}
[ "$rc" = 0 ] || th_show_logs
tap() { N=$((N + 1)); if [ "$1" = 0 ]; then echo "ok $N - $2"; else rc=1; echo "not ok $N - $2"; fi; }
check() { local d=$1; shift; "$@"; tap $? "$d"; }

# ---- the same through dosvmctl
DB=$dir/ctl.db
DVTOOL=$top_builddir/tests/lib/dvtool
CTL=$top_builddir/cli/dosvmctl
NAME=dvctl-$$
sql() { sqlite3 "$DB" "$1"; }
"$DVTOOL" init "$DB" >/dev/null
DVTOOL_SYSADM_PW=123456 "$DVTOOL" add-admin "$DB" zhou 周 zhoupw >/dev/null
"$DVTOOL" add-host "$DB" host-a "$TH_URI_A" >/dev/null
"$DVTOOL" add-host "$DB" host-b "$TH_URI_B" >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$dir" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
"$DVTOOL" quota "$DB" "网站" max_instances=2 max_vcpus=4 max_mem_mb=4096 >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('vm_temp_dir', '$dir')"
echo zhoupw >"$dir/zpw"
zctl() { DOSVM_PASSWORD_FILE=$dir/zpw "$CTL" --db "$DB" --user zhou --json "$@" >"$dir/ctl.out" 2>"$dir/ctl.err"; }
g=$dir/guest
zctl instance add --name-en tiny --name-zh 小客户机 --vcpus 1 --memory 256 --memory-unit MiB \
  --hypervisor qemu \
  --custom-domain "<domain><os><type arch='x86_64' machine='pc'>hvm</type><kernel>$g/vmlinuz</kernel><initrd>$g/initrd.img</initrd><cmdline>console=ttyS0 panic=-1 quiet</cmdline></os><features><acpi/></features></domain>" \
  --custom-devices "<devices><serial type='pty'><log file='$dir/ctl-serial.log' append='off'/><target port='0'/></serial><console type='pty'><target type='serial' port='0'/></console></devices>"
check "dosvmctl instance add: the guest's instance (M11.3c)" test $? = 0
zctl vm add --instance tiny --vm-name-en "$NAME" --vm-start yes
check "dosvmctl vm add --vm-start yes starts it on a real host (M11.4.4a)" \
  test "$(jq -r '.[0].run_state' "$dir/ctl.out" 2>/dev/null)" = running
sed 's/^/# /' "$dir/ctl.err"
from=$(jq -r '.[0].host' "$dir/ctl.out" 2>/dev/null)
to=host-b; to_uri=$TH_URI_B
[ "$from" = host-b ] && { to=host-a; to_uri=$TH_URI_A; }
t0=$(now)
zctl vm migrate --name "$NAME" --target "$to"
check "dosvmctl vm migrate moves the running VM live from $from to $to (M11.4.2)" \
  test "$(jq -r '.[0] | "\(.host) \(.run_state)"' "$dir/ctl.out" 2>/dev/null)" = "$to running"
echo "# migrated in $(since "$t0") s (dosvmctl)"
sed 's/^/# /' "$dir/ctl.err"
check "... where libvirt runs it" sh -c "virsh -c '$to_uri' domstate '$NAME' 2>/dev/null | grep -q running"
check "... with the audit row from dosvmctl" \
  test "$(sql "SELECT addr || '|' || action FROM op_log ORDER BY id DESC LIMIT 1")" = "dosvmctl|Migrate VM"
zctl vm migrate --name "$NAME" --target "$to"
check "... and not to the host it is on (exit 1, a rule)" test $? = 1
zctl vm stop --name "$NAME"
check "dosvmctl vm stop powers it off there" test "$(jq -r '.[0].run_state' "$dir/ctl.out" 2>/dev/null)" = shutoff
echo "1..$N"
exit $rc
