#!/bin/bash
# check-net-xml.sh - the golden network XML files (tests/data/net-*.xml, one
# per kind and option, written by src/xml/netxml.c) are valid for libvirt's
# own schema "network" (virt-xml-validate from libvirt-clients).  OVS and
# <bandwidth> cannot run on this kernel (TESTING.md): this and the test
# driver are what proves their XML.
# features: M10.3.2 M10.3.2.1 M10.3.2.1a M10.3.2.1b M10.3.2.2 M10.3.2.2a M10.3.2.2b M10.3.2.3
# features: M10.3.2.4 M10.3.2.5 M10.3.2.5a M10.3.2.5b M10.3.2.6
set -u
: "${top_srcdir:?run from make check}"
if ! command -v virt-xml-validate >/dev/null 2>&1; then
  echo "1..0 # SKIP virt-xml-validate is missing (package libvirt-clients)"
  exit 0
fi
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }

shopt -s nullglob
nets=("$top_srcdir"/tests/data/net-*.xml)
[ ${#nets[@]} -ge 15 ]; tap $? "at least 15 network golden files (${#nets[@]})"
for f in "${nets[@]}"; do
  out=$(virt-xml-validate "$f" network 2>&1)
  rc=$?
  tap $rc "$(basename "$f") is a valid network"
  [ $rc = 0 ] || while IFS= read -r line; do echo "# $line"; done <<<"$out"
done
echo "1..$n"
[ $failed = 0 ]
