#!/bin/bash
# svc-secret-libvirt.sh - tier 4: a security object realized as a private
# libvirt secret on a REAL libvirtd (qemu:///system); the test driver has no
# secrets.  It reuses a running libvirtd, else starts a private one
# (tests/lib/libvirtd.sh; stopped at the end), then runs the TAP program
# tests/test-secret-realize with DOSVM_REAL_LIBVIRT=1.  Needs root and the
# packages libvirt-daemon, libvirt-daemon-driver-qemu and libvirt-clients;
# without them it is skipped.
# features: M8.1
set -u
: "${top_builddir:?run from make check}"
. "$top_srcdir/tests/lib/libvirtd.sh"

HELPER=$top_builddir/tests/test-secret-realize
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-secret.XXXXXX")
unset LANGUAGE
export LC_ALL=C.UTF-8

skip() { echo "1..0 # SKIP $*"; rm -rf "$TMPD"; exit 0; }
why=$(libvirtd_skip_reasons)
[ -z "$why" ] || skip "$why"
[ -x "$HELPER" ] || skip "$HELPER is not built"

cleanup() { libvirtd_stop; rm -rf "$TMPD"; }
trap cleanup EXIT

if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi
# not exec: the EXIT trap must still stop the private libvirtd
DOSVM_REAL_LIBVIRT=1 "$HELPER"
