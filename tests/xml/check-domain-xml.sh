#!/bin/bash
# check-domain-xml.sh - the golden domain XML files (tests/data/domain-*.xml,
# one per editor option group, written by src/xml/domainxml.c) are valid for
# libvirt's own schema "domain" (virt-xml-validate from libvirt-clients),
# and libvirt's parser takes each of them (virsh define on the test driver,
# test:///default, nothing leaves the process).  domain-disk-relabel.xml is
# checked by the parser only: the RNG wants a <label> beside a per-device
# relabel='yes', which libvirt 9.0's parser accepts (src/xml/domainxml.c).
# features: M11.3i M11.3j M11.3k M11.3l M11.3m
set -u
: "${top_srcdir:?run from make check}"
if ! command -v virt-xml-validate >/dev/null 2>&1; then
  echo "1..0 # SKIP virt-xml-validate is missing (package libvirt-clients)"
  exit 0
fi
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }

shopt -s nullglob
doms=("$top_srcdir"/tests/data/domain-*.xml)
[ ${#doms[@]} -ge 10 ]; tap $? "at least 10 domain golden files (${#doms[@]})"
for f in "${doms[@]}"; do
  b=$(basename "$f")
  if [ "$b" != domain-disk-relabel.xml ]; then
    out=$(virt-xml-validate "$f" domain 2>&1)
    rc=$?
    tap $rc "$b is a valid domain for the schema"
    [ $rc = 0 ] || while IFS= read -r line; do echo "# $line"; done <<<"$out"
  fi
  if command -v virsh >/dev/null 2>&1; then
    out=$(virsh -q -c test:///default define "$f" 2>&1)
    rc=$?
    tap $rc "$b is defined by libvirt's parser (test:///default)"
    [ $rc = 0 ] || while IFS= read -r line; do echo "# $line"; done <<<"$out"
  fi
done
echo "1..$n"
[ $failed = 0 ]
