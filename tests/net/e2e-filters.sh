#!/bin/bash
# e2e-filters.sh - filters (过滤器信息): libvirt's built-in filters listed as
# records, the two queries, add from typed XML and from a local file with
# the negative paths (neither file nor XML, both, a duplicate English name,
# a name attribute that differs: OP-15 declined, then accepted and
# rewritten), modify (the English name read-only, the stored XML in the
# editor; a built-in refused), details with the whole XML, delete refused
# while a security group uses the filter (OP-16), then done; each refusal
# checked in the database; the project administrator's list read-only
# (OP-14)
# features: M10.2.3.1 M10.2.3.2 M10.2.3.3 M10.2.3.4 M10.2.3.5
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin zhou "周" zhoupw
count() { sql "SELECT count(*) FROM nwfilter"; }
state() { sql "SELECT group_concat(id || name_en || name_zh || description || xml || row_version, '|') FROM nwfilter"; }
query() { tui_keys /; tui_keys C-u Tab C-u BTab; tui_type "$1"; tui_keys Tab; tui_type "${2:-}"; tui_keys Enter Escape; }
# add NAME_ZH NAME_EN FILE XML: the add dialog filled and OK pressed
add() {
  tui_keys a; tui_wait "Add filter" 5
  tui_field "$1"; tui_field "$2"; tui_field "说明"; tui_field "$3"; tui_keys C-u
  [ -n "$4" ] && tui_type "$4"
  tui_keys F2
}
refused() { # DESC TEXT
  check_screen "$1" "$2"
  tui_discard
  check "$1: nothing written" test "$(state)" = "$before"
}

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Network management"
tui_page 3
check_screen "网络管理 opens the filter list (M10.2.3.1)" "Filter information"
check_screen "the list has the created-by column" "Created by"
check_screen "the four common buttons" "$(toolbar a Add e Modify d Delete i Details)"
check_screen "libvirt's built-in filters are records" "allow-arp"
check_screen "... described as built-in" "内置过滤器"
check_sql "all 24 of them" "SELECT count(*) FROM nwfilter WHERE builtin = 1" 24

# ---- M10.2.3.2 add, the negative paths first
before=$(state)
add "网站" web-in "" ""
refused "neither a file nor XML is refused" "Provide the filter XML."
add "网站" web-in "/nonexistent.xml" "<filter name='web-in'/>"
refused "both a file and XML are refused" "Provide the filter XML either from a file or typed, not both."
add "干净" clean-traffic "" "<filter name='clean-traffic' chain='root'/>"
refused "a duplicate English name is refused" "$(t "The filter '%s' already exists." clean-traffic)"
add "网站" web-in "" "<filter name='web-in'><rule"
refused "XML that is not well-formed is refused" "The filter XML is not well-formed XML."
xml="<filter name='other' chain='ipv4'><rule action='accept' direction='in' priority='500'><tcp dstportstart='80'/></rule></filter>"
add "网站" web-in "" "$xml"
tui_wait "$(t "The XML names the filter '%s', not '%s'. Rewrite its name attribute to '%s'?" other web-in web-in)" 5
check_screen "OP-15: a differing name attribute offers the rewrite" "$(t_head "The XML names the filter '%s', not '%s'. Rewrite its name attribute to '%s'?")"
tui_keys Escape
refused "declined, the name attribute mismatch is refused" "$(t "The name attribute of <filter> is '%s'; it must be the English name '%s'." other web-in)"
add "网站" web-in "" "$xml"
tui_wait "$(t_head "The XML names the filter '%s', not '%s'. Rewrite its name attribute to '%s'?")" 5
tui_keys Enter
check_screen "accepted, the filter is added" "The filter was added."
check_sql "its XML names web-in now" "SELECT count(*) FROM nwfilter WHERE name_en = 'web-in' AND xml LIKE '%name=\"web-in\"%dstportstart=\"80\"%'" 1
check_sql "created by sysadm, not built-in" "SELECT created_by, builtin FROM nwfilter WHERE name_en = 'web-in'" "sysadm|0"

cat >"$TMPD/ssh.xml" <<'XML'
<filter name='ssh-in' chain='ipv4'>
  <!-- SSH from anywhere -->
  <rule action='accept' direction='in' priority='500'>
    <tcp dstportstart='22'/>
  </rule>
</filter>
XML
ln -s "$TMPD/ssh.xml" "$TMPD/link.xml"
before=$(state)
add "远程" ssh-in "$TMPD/link.xml" ""
refused "a symbolic link is not read" "$(t_clause "'%s' is a symbolic link; only a regular file can be read." "$TMPD/link.xml")"
add "远程" ssh-in "$TMPD/ssh.xml" ""
check_screen "a filter is added from a file" "The filter was added."
check "its XML is the file's" test "$(sql "SELECT xml FROM nwfilter WHERE name_en = 'ssh-in'")" = "$(cat "$TMPD/ssh.xml")"

# ---- the queries
query web
check_screen "an English-name substring finds one (M10.2.3.1)" "$(items 1 1 1)"
query "" "远程"
check_screen "a Chinese-name substring finds one" "ssh-in"
check_no_screen "... and not the other" "web-in"

# ---- M10.2.3.3 modify
tui_keys Home
tui_keys e; tui_wait "Modify filter" 5
check_screen "the stored XML is in the editor, whatever its origin" "<filter name='ssh-in'"
tui_field "远程登录"; tui_keys F2
check_screen "the filter is saved" "The filter was saved."
check_sql "the Chinese name changed, the English name did not" "SELECT name_zh, name_en, row_version FROM nwfilter WHERE name_en = 'ssh-in'" "远程登录|ssh-in|2"
check_sql "the XML kept its rule" "SELECT count(*) FROM nwfilter WHERE name_en = 'ssh-in' AND xml LIKE '%dstportstart=''22''%'" 1
tui_keys e; tui_wait "Modify filter" 5
tui_keys Tab Tab Tab C-u; tui_type "<filter name='ssh-two'/>"; tui_keys F2
before=$(state)
tui_wait "$(t_head "The XML names the filter '%s', not '%s'. Rewrite its name attribute to '%s'?")" 5
check_screen "OP-15 on modify: the rewrite is offered" "$(t_head "The XML names the filter '%s', not '%s'. Rewrite its name attribute to '%s'?")"
tui_keys Escape
refused "declined, the XML cannot rename the filter" "$(t "The name attribute of <filter> is '%s'; it must be the English name '%s'." ssh-two ssh-in)"
query allow-arp
tui_keys Home e
check_screen "a built-in filter cannot be modified" "$(t_clause "'%s' is a built-in filter of libvirt; it cannot be modified or deleted." allow-arp)"
check "nothing changed" test "$(state)" = "$before"

# ---- M10.2.3.5 details
query ssh
tui_keys Home i; tui_wait "Filter details" 5
check_screen "details show the English name" "ssh-in"
check_screen "... the creator" "sysadm"
check_screen "... and the XML" "dstportstart='22'"
check_no_screen "details offer no save" "$(t OK)"
tui_keys Escape

# ---- M10.2.3.4 delete: refused while a security group uses it (OP-16)
sql "INSERT INTO secgroup(name, top_filter_id, created_at) SELECT '网站组', id, 1 FROM nwfilter WHERE name_en = 'ssh-in'"
before=$(state)
tui_keys d; tui_wait "Delete filter" 5; tui_keys Enter
check_screen "a filter used by a security group is not deleted" "$(t_clause "The filter '%s' is used by the security group '%s'; it cannot be deleted." ssh-in 网站组)"
check "nothing was deleted" test "$(state)" = "$before"
sql "DELETE FROM secgroup"
tui_keys d; tui_wait "Delete filter" 5; tui_keys Escape
check "cancelling deletes nothing" test "$(state)" = "$before"
tui_keys d; tui_wait "Delete filter" 5; tui_keys Enter
check_screen "an unused filter is deleted" "$(t "The filter '%s' was deleted." ssh-in)"
check_sql "the record is gone" "SELECT count(*) FROM nwfilter WHERE name_en = 'ssh-in'" 0
check_sql "every change was audited" "SELECT group_concat(action, ',') FROM op_log WHERE action LIKE '%filter'" "Add filter,Add filter,Modify filter,Delete filter"
tui_quit

# ---- OP-14: the project administrator reads the list, changes nothing
tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Network management" projadm
tui_page 2
check_screen "the project administrator has the filter list (OP-14)" "Filter information"
check_screen "... with the built-ins" "allow-arp"
check_screen "... offering only Details" "$(toolbar i Details)"
check_no_screen "... no Add" "$(toolbar a Add)"
before=$(state)
tui_keys Home a d
check "a and d change nothing" test "$(state)" = "$before"
tui_keys Home i; tui_wait "Filter details" 5
check_screen "the details open read-only" "allow-arp"
tui_keys Escape
tui_quit

finish
