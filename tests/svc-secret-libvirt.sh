#!/bin/bash
# svc-secret-libvirt.sh - tier 4: a security object realized as a private
# libvirt secret on a REAL libvirtd (qemu:///system); the test driver has no
# secrets.  It reuses a running libvirtd, else starts a private one as
# tests/svc-real-libvirt.sh does (and stops it at the end), then runs the TAP
# program tests/test-secret-realize with DOSVM_REAL_LIBVIRT=1.  Needs root and
# the packages libvirt-daemon, libvirt-daemon-driver-qemu and libvirt-clients;
# without them it is skipped.
# features: M8.1
set -u
: "${top_builddir:?run from make check}"

HELPER=$top_builddir/tests/test-secret-realize
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-secret.XXXXXX")
LV_PID=$TMPD/libvirtd.pid
URI=qemu:///system
unset LANGUAGE
export LC_ALL=C.UTF-8

skip() { echo "1..0 # SKIP $*"; rm -rf "$TMPD"; exit 0; }

[ "$(id -u)" = 0 ] || skip "starting a system libvirtd needs root"
command -v libvirtd >/dev/null || skip "libvirtd is not installed (libvirt-daemon, libvirt-daemon-driver-qemu)"
command -v virsh >/dev/null || skip "virsh is not installed (libvirt-clients)"
command -v sqlite3 >/dev/null || skip "sqlite3 is not installed"
[ -x "$HELPER" ] || skip "$HELPER is not built"

cleanup() {
  if [ -s "$LV_PID" ]; then
    local p
    p=$(cat "$LV_PID")
    kill "$p" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$TMPD"
}
trap cleanup EXIT

libvirt_up() { virsh -c "$URI" nodeinfo >/dev/null 2>&1; }

# ---------------------------------------------------------------- a libvirtd
if libvirt_up; then
  echo "# reusing the running libvirtd"
else
  mkdir -p /var/log/libvirt /var/lib/libvirt /var/cache/libvirt
  # the QEMU driver looks its user up before it reads qemu.conf
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    useradd --system --no-create-home --home-dir /var/lib/libvirt --gid libvirt-qemu \
      --shell /usr/sbin/nologin libvirt-qemu
  printf 'log_outputs = "1:file:%s/libvirtd.log"\n' "$TMPD" >"$TMPD/libvirtd.conf"
  libvirtd -d -f "$TMPD/libvirtd.conf" -p "$LV_PID"
  for _ in $(seq 150); do libvirt_up && break; sleep 0.2; done
  if ! libvirt_up; then
    echo "# libvirtd did not come up:"; sed 's/^/# | /' "$TMPD/libvirtd.log" 2>/dev/null | tail -20
    echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
  fi
  echo "# started a private libvirtd (PID $(cat "$LV_PID"))"
fi

# ---------------------------------------------------------------- the checks
# not exec: the EXIT trap must still stop the private libvirtd
DOSVM_REAL_LIBVIRT=1 "$HELPER"
