#!/bin/bash
# svc-storage-libvirt.sh - tier 4: pools, volumes and incremental snapshots as
# real qcow2 files on a REAL libvirtd (qemu:///system).  Runs the TAP program
# tests/storage/test-storage-real around a running or private libvirtd
# (tests/lib/libvirtd.sh); skipped without root, libvirt or qemu-utils.
# features: M9.3.2.1 M9.3.4 M9.4.3 M9.4.4 M9.4.6 M9.4.7 M9.4.8.2 M9.4.8.4 M9.4.8.5
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
. "$top_srcdir/tests/lib/libvirtd.sh"
libvirtd_run_helper "$top_builddir/tests/storage/test-storage-real" qemu-img qemu-io
