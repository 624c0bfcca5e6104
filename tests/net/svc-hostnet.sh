#!/bin/bash
# svc-hostnet.sh - the host side of bridged networks on real kernel objects,
# ONLY inside a network namespace made here and removed at the end (never in
# the machine's own): veth pairs stand in for physical interfaces (this
# kernel has no dummy NICs).  Runs tests/net/test-hostnet-real with every
# host command of dosvm wrapped in `ip netns exec` (DOSVM_HOSTEXEC_NETNS),
# the gateway's files in a private run directory; skipped without root, ip,
# dnsmasq or dig (bind9-dnsutils, .ci/deps-test).
# features: M10.2.1.2 M10.3.2.4 M10.3.2.6 M10.3.2.6a
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
prog=$top_builddir/tests/net/test-hostnet-real
why=
[ "$(id -u)" = 0 ] || why="network namespaces need root"
for t in ip bridge dnsmasq dig; do command -v "$t" >/dev/null || why="$why $t is not installed"; done
[ -x "$prog" ] || why="$why $prog is not built"
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

ns=dosvm-hostnet-$$
dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-hostnet.XXXXXX")
cleanup() {
  # only what runs in the namespace made here (a dnsmasq a failed test left)
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
if ! ip netns add "$ns"; then echo "not ok 1 - ip netns add"; echo "1..1"; exit 1; fi
ip -n "$ns" link set lo up
# three veth pairs: dv-eth0..2 are the "host interfaces", dv-peer0..2 the far ends
for i in 0 1 2; do
  ip -n "$ns" link add "dv-eth$i" type veth peer name "dv-peer$i" || exit 1
  ip -n "$ns" link set "dv-peer$i" up
done

DOSVM_HOSTEXEC_NETNS=$ns DOSVM_TEST_NETNS=$ns DOSVM_GATEWAY_RUN_DIR=$dir/run TMPDIR=$dir "$prog"
