#!/bin/bash
# svc-vm-libvirt.sh - tier 4: a VM's power operations and checkpoints on a
# REAL libvirtd (qemu:///system) with the tiny real guest of
# tests/lib/guest.sh: runs the TAP program tests/vm/test-vm-real with the
# guest built and virtlogd running.  Skipped without root, libvirt, the
# guest's packages or qemu-img.
# features: M11.4.5a M11.4.5b M11.4.6a M11.4.6b M11.4.7a M11.4.7b M11.4.8a M11.4.8b
# features: M11.3j M11.4.3 M11.4.3a M11.4.3b M11.4.3c
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
. "$top_srcdir/tests/lib/libvirtd.sh"
. "$top_srcdir/tests/lib/guest.sh"

prog=$top_builddir/tests/vm/test-vm-real
why=$({ libvirtd_skip_reasons; guest_skip_reasons
  for t in virtlogd virt-admin qemu-img; do
    command -v "$t" >/dev/null || echo "$t is not installed"
  done
  [ -x "$prog" ] || echo "$prog is not built"; } | paste -s -d ';' | sed 's/;/; /g')
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-vmreal.XXXXXX")
chmod 0711 "$dir"
cleanup() {
  local d
  for d in $(virsh -q -c "$LV_URI" list --all --name 2>/dev/null | grep '^dvreal-'); do
    virsh -q -c "$LV_URI" destroy "$d" >/dev/null 2>&1
    virsh -q -c "$LV_URI" undefine --snapshots-metadata "$d" >/dev/null 2>&1
  done
  virsh -q -c "$LV_URI" pool-destroy dosvm-tmp >/dev/null 2>&1
  virsh -q -c "$LV_URI" pool-undefine dosvm-tmp >/dev/null 2>&1
  guest_virtlogd_stop
  libvirtd_stop
  rm -rf "$dir"
}
trap cleanup EXIT
if ! libvirtd_start "$dir" || ! guest_virtlogd_start "$dir"; then
  echo "not ok 1 - libvirtd and virtlogd run"; echo "1..1"; exit 1
fi
if ! guest_build "$dir/guest"; then
  echo "not ok 1 - the guest builds"; echo "1..1"; exit 1
fi
TMPDIR=$dir DOSVM_REAL_LIBVIRT=1 DOSVM_GUEST_DIR=$dir/guest "$prog"
