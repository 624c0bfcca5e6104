#!/bin/bash
# svc-hostnet.sh - the host side of bridged networks on real kernel objects,
# ONLY inside a network namespace made here and removed at the end (never in
# the machine's own): veth pairs stand in for physical interfaces (this
# kernel has no dummy NICs).  Runs tests/net/test-hostnet-real with every
# host command of dosvm wrapped in `ip netns exec` (DOSVM_HOSTEXEC_NETNS),
# the gateway's files in a private run directory, and a private libvirtd in
# the namespace for the networks made through the core (DOSVM_NET_URI);
# skipped without root, ip, dnsmasq, dig (bind9-dnsutils) or libvirtd.
# features: M10.2.1.2 M10.3.2.4 M10.3.2.6 M10.3.2.6a
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
prog=$top_builddir/tests/net/test-hostnet-real
why=
[ "$(id -u)" = 0 ] || why="network namespaces need root"
for t in ip bridge dnsmasq dig libvirtd virsh unshare; do command -v "$t" >/dev/null || why="$why $t is not installed"; done
[ -x "$prog" ] || why="$why $prog is not built"
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

ns=dosvm-hostnet-$$
dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-hostnet.XXXXXX")
cleanup() {
  # only what runs in the namespace made here: its libvirtd, a dnsmasq
  [ -s "$dir/libvirtd.pid" ] && kill "$(cat "$dir/libvirtd.pid")" 2>/dev/null
  for _ in $(seq 50); do [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] && break
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done; sleep 0.1; done
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

# a private libvirtd inside the namespace, with its own state directories
# bind-mounted from $dir in its own mount namespace, reached over its socket
# (as tests/net/svc-network-libvirt.sh)
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null ||
  useradd --system --no-create-home --home-dir /var/lib/libvirt --gid libvirt-qemu \
    --shell /usr/sbin/nologin libvirt-qemu
mkdir -p /run/libvirt /var/lib/libvirt /etc/libvirt /var/log/libvirt /var/cache/libvirt
mkdir -p "$dir/lv/run" "$dir/lv/lib" "$dir/lv/etc" "$dir/lv/log" "$dir/lv/cache"
printf 'user = "root"\ngroup = "root"\n' >"$dir/lv/etc/qemu.conf"
printf 'log_outputs = "1:file:%s/libvirtd.log"\nhost_uuid = "%s"\n' "$dir" \
  "$(cat /proc/sys/kernel/random/uuid)" >"$dir/libvirtd.conf"
ip netns exec "$ns" unshare --mount --propagation private sh -c "
  mount --bind '$dir/lv/run' /run/libvirt && mount --bind '$dir/lv/lib' /var/lib/libvirt &&
  mount --bind '$dir/lv/etc' /etc/libvirt && mount --bind '$dir/lv/log' /var/log/libvirt &&
  mount --bind '$dir/lv/cache' /var/cache/libvirt &&
  exec libvirtd -d -f '$dir/libvirtd.conf' -p '$dir/libvirtd.pid'"
uri="qemu+unix:///system?socket=$dir/lv/run/libvirt-sock"
for _ in $(seq 100); do virsh -c "$uri" net-list --all >/dev/null 2>&1 && break; sleep 0.1; done
if ! virsh -c "$uri" net-list --all >/dev/null 2>&1; then
  echo "not ok 1 - a libvirtd starts in the namespace"
  sed 's/^/# | /' "$dir/libvirtd.log" 2>/dev/null | tail -20
  echo "1..1"; exit 1
fi

DOSVM_HOSTEXEC_NETNS=$ns DOSVM_TEST_NETNS=$ns DOSVM_NET_URI=$uri DOSVM_GATEWAY_RUN_DIR=$dir/run \
  TMPDIR=$dir "$prog"
