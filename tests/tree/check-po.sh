#!/bin/bash
# check-po.sh - po/zh_CN.po translates every message of the sources, none
# fuzzy, and POTFILES.in names every source file that has messages (D5)
set -u
: "${top_srcdir:?run from make check}"
cd "$top_srcdir" || exit 1
n=0 failed=0
tap() { n=$((n + 1)); if [ "$1" = 0 ]; then echo "ok $n - $2"; else failed=$((failed + 1)); echo "not ok $n - $2"; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

missing=$(find src ui daemon -name '*.[ch]' | sort | xargs grep -lE '\b(N_|_)\("' | grep -vxFf po/POTFILES.in)
[ -z "$missing" ]; tap $? "POTFILES.in lists every file with messages${missing:+ (missing: $missing)}"

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 --add-comments=L10N \
  -o "$tmp/dosvm.pot" $(cat po/POTFILES.in) 2>"$tmp/xgettext.err"
tap $? "xgettext reads the sources"
msgmerge -q --no-fuzzy-matching -o "$tmp/zh_CN.po" po/zh_CN.po "$tmp/dosvm.pot" 2>/dev/null
stats=$(msgfmt -c --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1)
echo "# $stats"
case $stats in *untranslated*|*fuzzy*) false ;; *) true ;; esac
tap $? "every message is translated and none is fuzzy"
msgfmt -c -o /dev/null po/zh_CN.po
tap $? "po/zh_CN.po passes msgfmt --check (format strings agree)"
echo "1..$n"
[ $failed = 0 ]
