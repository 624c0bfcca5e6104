#!/bin/bash
# check-subnet-xml.sh - the golden subnet XML files (tests/data/subnet-*.xml:
# a network holding a subnet's <domain>, <dns> and <ip>) are valid for
# libvirt's own network schema (virt-xml-validate from libvirt-clients,
# installed in CI by .ci/deps-test)
# features: M10.2.1.2 M10.2.1.2b M10.2.1.2d
set -u
: "${top_srcdir:?run from make check}"
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }

command -v virt-xml-validate >/dev/null 2>&1
tap $? "virt-xml-validate is installed"
shopt -s nullglob
files=("$top_srcdir"/tests/data/subnet-*.xml)
[ ${#files[@]} -ge 4 ]; tap $? "at least 4 subnet golden files (${#files[@]})"
for f in "${files[@]}"; do
  out=$(virt-xml-validate "$f" network 2>&1)
  rc=$?
  tap $rc "$(basename "$f") is a valid network"
  [ $rc = 0 ] || while IFS= read -r line; do echo "# $line"; done <<<"$out"
done
echo "1..$n"
[ $failed = 0 ]
