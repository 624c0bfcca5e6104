#!/bin/bash
# svc-migrate-real.sh - tier 4: live migration through dosvm's core between
# two REAL libvirtd hosts on this machine (tests/lib/twohosts.sh: each in a
# network and mount namespace made here, reached on its unix socket, joined
# by a veth pair that carries QEMU's migration stream).  Builds the tiny
# guest of tests/lib/guest.sh, starts both hosts and runs the TAP program
# tests/vm/test-migrate-real with TH_URI_A, TH_URI_B and DOSVM_GUEST_DIR;
# the namespaces, daemons and guests are gone at the end.  Skipped without
# root, libvirt, namespaces or the guest's packages.
# features: M11.4.2
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
# not exec: the EXIT trap must still stop the hosts
TMPDIR=$dir DOSVM_GUEST_DIR=$dir/guest "$prog"
rc=$?
[ "$rc" = 0 ] || th_show_logs
exit $rc
