#!/bin/bash
# svc-secret-libvirt.sh - tier 4: a security object realized as a private
# libvirt secret on a REAL libvirtd (qemu:///system); the test driver has no
# secrets.  Runs the TAP program tests/storage/test-secret-realize around a running or
# private libvirtd (tests/lib/libvirtd.sh); skipped without root or libvirt.
# features: M8.1
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
. "$top_srcdir/tests/lib/libvirtd.sh"
libvirtd_run_helper "$top_builddir/tests/storage/test-secret-realize"
