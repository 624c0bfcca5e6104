#!/bin/bash
# check-storage-xml.sh - the golden storage XML files are valid for libvirt's own
# schemas: tests/data/pool-*.xml as storagepool, tests/data/vol-*.xml as storagevol
# (virt-xml-validate from libvirt-clients; skipped when it is missing)
# features: M9.2 M9.4.3
set -u
: "${top_srcdir:?run from make check}"
if ! command -v virt-xml-validate >/dev/null 2>&1; then
  echo "1..0 # SKIP virt-xml-validate is missing (package libvirt-clients)"
  exit 0
fi
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }

# check SCHEMA FILES...: one test per file
check() {
  local schema=$1 f out rc line
  shift
  for f in "$@"; do
    out=$(virt-xml-validate "$f" "$schema" 2>&1)
    rc=$?
    tap $rc "$(basename "$f") is a valid $schema"
    [ $rc = 0 ] || while IFS= read -r line; do echo "# $line"; done <<<"$out"
  done
}

shopt -s nullglob
pools=("$top_srcdir"/tests/data/pool-*.xml)
vols=("$top_srcdir"/tests/data/vol-*.xml)
[ ${#pools[@]} -ge 8 ]; tap $? "at least 8 pool golden files (${#pools[@]})"
[ ${#vols[@]} -ge 4 ]; tap $? "at least 4 volume golden files (${#vols[@]})"
check storagepool "${pools[@]}"
check storagevol "${vols[@]}"
echo "1..$n"
[ $failed = 0 ]
