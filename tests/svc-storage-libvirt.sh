#!/bin/bash
# svc-storage-libvirt.sh - tier 4: pools, volumes and incremental snapshots as
# real qcow2 files on a REAL libvirtd (qemu:///system): it reuses a running
# libvirtd, else starts a private one (tests/lib/libvirtd.sh; stopped at the
# end), then runs the TAP program tests/test-storage-real with
# DOSVM_REAL_LIBVIRT=1.  Needs root, libvirt-daemon, libvirt-daemon-driver-qemu,
# libvirt-clients and qemu-utils; without them it is skipped.
# features: M9.3.2.1 M9.3.4 M9.4.3 M9.4.4 M9.4.6 M9.4.7 M9.4.8.2 M9.4.8.4 M9.4.8.5
set -u
: "${top_builddir:?run from make check}"
. "$top_srcdir/tests/lib/libvirtd.sh"

HELPER=$top_builddir/tests/test-storage-real
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-storage.XXXXXX")
unset LANGUAGE
export LC_ALL=C.UTF-8

skip() { echo "1..0 # SKIP $*"; rm -rf "$TMPD"; exit 0; }
why=$(libvirtd_skip_reasons)
[ -z "$why" ] || skip "$why"
command -v qemu-img >/dev/null && command -v qemu-io >/dev/null || skip "qemu-utils is not installed"
[ -x "$HELPER" ] || skip "$HELPER is not built"

cleanup() { libvirtd_stop; rm -rf "$TMPD"; }
trap cleanup EXIT

if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi
# not exec: the EXIT trap must still stop the private libvirtd
TMPDIR=$TMPD DOSVM_REAL_LIBVIRT=1 "$HELPER"
