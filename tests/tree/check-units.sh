#!/bin/bash
# check-units.sh - units match labels (issue 9 point 8 (b)): dosvm counts
# sizes in 2^20 bytes, so every message of the sources that names a size
# unit names a binary one (KiB, MiB, GiB, TiB; MiB/s), in the English msgid
# and in its zh_CN translation; a decimal unit (KB, MB, GB, TB = 10^3...
# bytes) appears only in a message that says what it means ("10^9 bytes"),
# as the volume dialog's unit choice does.
# features: M9.4.2 M7.2.1.3a M7.3.2
set -u
: "${top_srcdir:?run from make check}"
cd "$top_srcdir" || exit 1
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  -o "$tmp/dosvm.pot" $(cat po/POTFILES.in) 2>/dev/null
tap $? "xgettext reads the sources"
decimal='(^|[^A-Za-z_])[KMGTP]B([^A-Za-z_]|$)'

# the messages, one a line (msgcat joins the wrapped ones)
msgcat --no-wrap "$tmp/dosvm.pot" | grep '^msgid ' | sed 's/^msgid //' >"$tmp/ids"
grep -cE '(^|[^A-Za-z_])MiB' "$tmp/ids" >"$tmp/nmib"
[ "$(cat "$tmp/nmib")" -ge 10 ]
tap $? "the sizes of the console are labelled MiB ($(cat "$tmp/nmib") messages)"
bad=$(grep -E "$decimal" "$tmp/ids" | grep -v '10^')
[ -z "$bad" ]
tap $? "no message labels a size with a decimal unit without saying so${bad:+: $bad}"

msgcat --no-wrap po/zh_CN.po | grep '^msgstr ' | sed 's/^msgstr //' >"$tmp/strs"
bad=$(grep -E "$decimal" "$tmp/strs" | grep -v '10^')
[ -z "$bad" ]
tap $? "nor does a zh_CN translation${bad:+: $bad}"

# the pages' own labels: the volume capacity column shows MiB and says so
grep -q 'N_("Capacity (MiB)")' ui/storage/scr_volumes.c && grep -q 'VOLUME_MB  *(1024LL \* 1024)' src/storage/volume.h
tap $? "the volume list's capacity column is labelled MiB and counts 2^20 bytes"
echo "1..$n"
[ $failed = 0 ]
