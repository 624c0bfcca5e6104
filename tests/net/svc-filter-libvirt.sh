#!/bin/bash
# svc-filter-libvirt.sh - tier 4: filters and a security group defined on a
# REAL libvirtd (qemu:///system) and read back, modified and undefined; the
# test driver has no nwfilter support.  Runs the TAP program
# tests/net/test-filter-real around a running or private libvirtd
# (tests/lib/libvirtd.sh); skipped without root or libvirt.
# features: M10.2.3.2 M10.2.3.3 M10.2.3.4 M10.2.4.2 M10.2.4.4
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
. "$top_srcdir/tests/lib/libvirtd.sh"
libvirtd_run_helper "$top_builddir/tests/net/test-filter-real"
