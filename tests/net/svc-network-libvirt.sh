#!/bin/bash
# svc-network-libvirt.sh - tier 4: networks realized by dosvm's core on a REAL
# libvirtd that runs ONLY inside a network namespace made here (never the
# machine's own: TESTING.md), with its own /run/libvirt, /var/lib/libvirt,
# /etc/libvirt, /var/log/libvirt and /var/cache/libvirt bind-mounted from a
# private directory in its own mount namespace, reached over its unix socket.
# A veth pair stands in for a physical interface (no dummy NICs here).  Runs
# tests/net/test-network-real; everything is removed at the end.  OVS and
# <bandwidth> cannot run on this kernel (no openvswitch module, no sfq):
# they are proven by golden XML and the test driver (tests/net/test-network).
# The details' live DHCP leases (M10.3.1): libvirt reads them from
# dnsmasq's status file under its state dir ($dir/lib here), which the
# program writes for its own isolated network (no DHCP client runs).
# features: M10.3.1 M10.3.2.1 M10.3.2.1a M10.3.2.2 M10.3.2.2b M10.3.2.3 M10.3.2.6 M10.3.3 M10.3.4
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
prog=$top_builddir/tests/net/test-network-real
why=
[ "$(id -u)" = 0 ] || why="network namespaces need root"
for t in ip iptables libvirtd virsh dnsmasq unshare; do
  command -v "$t" >/dev/null || why="$why $t is not installed"
done
[ -x "$prog" ] || why="$why $prog is not built"
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

ns=dosvm-net-$$
dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-net.XXXXXX")
cleanup() {
  # only what runs in the namespace made here: its libvirtd and dnsmasqs
  [ -s "$dir/libvirtd.pid" ] && kill "$(cat "$dir/libvirtd.pid")" 2>/dev/null
  for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done; sleep 0.1; done
  ip netns del "$ns" 2>/dev/null
  rm -rf "$dir"
}
trap cleanup EXIT
if ! ip netns add "$ns"; then echo "not ok 1 - ip netns add"; echo "1..1"; exit 1; fi
ip -n "$ns" link set lo up
ip -n "$ns" link add dv-up0 type veth peer name dv-far0 && ip -n "$ns" link set dv-up0 up &&
  ip -n "$ns" link set dv-far0 up || exit 1

# the private daemon: a user the QEMU driver looks up first, its own dirs
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null ||
  useradd --system --no-create-home --home-dir /var/lib/libvirt --gid libvirt-qemu \
    --shell /usr/sbin/nologin libvirt-qemu
mkdir -p /run/libvirt /var/lib/libvirt /etc/libvirt /var/log/libvirt /var/cache/libvirt
mkdir -p "$dir/run" "$dir/lib" "$dir/etc" "$dir/log" "$dir/cache"
printf 'user = "root"\ngroup = "root"\n' >"$dir/etc/qemu.conf"
printf 'log_outputs = "1:file:%s/libvirtd.log"\nhost_uuid = "%s"\n' "$dir" \
  "$(cat /proc/sys/kernel/random/uuid)" >"$dir/libvirtd.conf"
ip netns exec "$ns" unshare --mount --propagation private sh -c "
  mount --bind '$dir/run' /run/libvirt && mount --bind '$dir/lib' /var/lib/libvirt &&
  mount --bind '$dir/etc' /etc/libvirt && mount --bind '$dir/log' /var/log/libvirt &&
  mount --bind '$dir/cache' /var/cache/libvirt &&
  exec libvirtd -d -f '$dir/libvirtd.conf' -p '$dir/libvirtd.pid'"
uri="qemu+unix:///system?socket=$dir/run/libvirt-sock"
for _ in $(seq 100); do virsh -c "$uri" net-list --all >/dev/null 2>&1 && break; sleep 0.1; done
if ! virsh -c "$uri" net-list --all >/dev/null 2>&1; then
  echo "not ok 1 - a libvirtd starts in the namespace"
  sed 's/^/# | /' "$dir/libvirtd.log" 2>/dev/null | tail -20
  echo "1..1"; exit 1
fi
# dosvm's own host commands (the host bridge, net/hostexec.h) go into it too
DOSVM_HOSTEXEC_NETNS=$ns DOSVM_NET_URI=$uri DOSVM_NET_STATEDIR=$dir/lib DOSVM_TEST_NETNS=$ns TMPDIR=$dir "$prog"
