#!/bin/bash
# e2e-secgroups.sh - security groups (安全组信息): add with the top-level
# filter picker and the referenced filters' checklist (Space toggles), saved
# although the set is incomplete with the warning shown; the negative paths
# (a duplicate name, no referenced filter) checked in the database; the
# query; modify with a new top-level filter (OP-17 notice); details with the
# referenced filters; delete; the project administrator's list read-only
# (OP-14)
# features: M10.2.4.1 M10.2.4.2 M10.2.4.3 M10.2.4.4 M10.2.4.5
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin zhou "周" zhoupw
# the filters of the groups (their own pages are e2e-filters.sh): dosvm's
# filters come first in the pickers, by English name
filter() { # NAME_EN NAME_ZH BODY
  local body=${3//\'/\'\'}
  sql "INSERT INTO nwfilter(name_en, name_zh, xml, created_by, created_at) VALUES ('$1', '$2', '<filter name=''$1'' chain=''root''>$body</filter>', 'sysadm', 1)"
}
filter a-top 顶层 "<filterref filter='b-web'/><filterref filter='c-ssh'/><filterref filter='d-dhcp'/>"
filter b-web 网站 "<rule action='accept' direction='in'><tcp dstportstart='80'/></rule>"
filter c-ssh 远程 "<rule action='accept' direction='in'><tcp dstportstart='22'/></rule>"
filter d-dhcp 地址 "<filterref filter='allow-dhcp'/>"
check_sql "the four filters are there" "SELECT count(*) FROM nwfilter WHERE builtin = 0" 4
state() { sql "SELECT (SELECT group_concat(id || name || description || top_filter_id || row_version, '|') FROM secgroup) || ':' || (SELECT group_concat(secgroup_id || '-' || filter_id, '|') FROM secgroup_filter)"; }
id_of() { sql "SELECT id FROM nwfilter WHERE name_en = '$1'"; }
refs_of() { sql "SELECT group_concat(f.name_en, ',') FROM (SELECT f.name_en FROM secgroup g JOIN secgroup_filter sf ON sf.secgroup_id = g.id JOIN nwfilter f ON f.id = sf.filter_id WHERE g.name = '$1' ORDER BY f.name_en) f"; }
top_of() { sql "SELECT f.name_en FROM secgroup g JOIN nwfilter f ON f.id = g.top_filter_id WHERE g.name = '$1'"; }
# add NAME SPACES CHECKS...: the form (SPACES presses on the top-level
# picker), OK, then in the checklist Down to each entry index of CHECKS
# (0 = the first) and Space, then Enter
add() {
  local name=$1 spaces=$2 at=0 i
  shift 2
  tui_keys a; tui_wait "Add security group" 5
  tui_field "$name"; tui_field "说明"
  for ((i = 0; i < spaces; i++)); do tui_keys Space; done
  tui_keys F2
  tui_wait "Referenced filters (Space toggles)" 5
  for i in "$@"; do
    while [ "$at" -lt "$i" ]; do tui_keys Down; at=$((at + 1)); done
    tui_keys Space
  done
  tui_keys Enter
}

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Network management"
tui_page 4
check_screen "安全组信息 opens the list (M10.2.4.1)" "Security group information"
check_screen "the list has the top-level filter column" "Top-level filter"
check_screen "the four common buttons" "$(toolbar a Add e Modify d Delete i Details)"

# ---- M10.2.4.2 add: an incomplete set is saved, with the warning
tui_keys a; tui_wait "Add security group" 5
tui_keys Tab Tab
check_screen "the top-level filter picker starts at dosvm's first filter" "a-top"
tui_keys Escape
before=$(state)
add "网站组" 0
refused_no_ref=$(t "Choose at least one referenced filter besides the top-level filter.")
check_screen "no referenced filter is refused" "$refused_no_ref"
tui_discard
check "nothing written" test "$(state)" = "$before"
add "网站组" 0 1 2
check_screen "the incomplete group is saved" "The security group was added."
check_screen "... with the warning naming the missing filter" "d-dhcp"
check_sql "its top-level filter" "SELECT f.name_en FROM secgroup g JOIN nwfilter f ON f.id = g.top_filter_id" a-top
check "its referenced filters" test "$(refs_of 网站组)" = "b-web,c-ssh"
check_screen "the row shows the top-level filter" "a-top"
before=$(state)
add "网站组" 0 1
check_screen "a duplicate name is refused" "$(t "The security group '%s' already exists." 网站组)"
tui_discard
check "nothing written" test "$(state)" = "$before"
add "远程组" 2 1
check_screen "a second group is added" "The security group was added."
check "its top-level filter is c-ssh" test "$(top_of 远程组)" = c-ssh
check "its referenced filter is b-web" test "$(refs_of 远程组)" = b-web

# ---- the query
tui_keys /; tui_keys C-u; tui_type "远程"; tui_keys Enter Escape
check_screen "a name substring finds one (M10.2.4.1)" "$(items 1 1 1)"
tui_keys /; tui_keys C-u; tui_type "组"; tui_keys Enter Escape
check_screen "both match '组'" "$(items 1 2 2)"

# ---- M10.2.4.3 modify: a new top-level filter
tui_keys Home e; tui_wait "Modify security group" 5
check_screen "the form shows the group" "网站组"
tui_keys Tab Tab Space F2
tui_wait "Referenced filters (Space toggles)" 5
check_screen "the referenced filters are checked" "[x]"
tui_keys Down Down Down Space Enter
check_screen "the group is saved" "The security group was saved."
check_screen "... with the OP-17 notice" "$(t "Running VMs keep their filter until restarted.")"
check "the top-level filter is b-web now" test "$(top_of 网站组)" = b-web
check "d-dhcp was added to the referenced filters" test "$(refs_of 网站组)" = "c-ssh,d-dhcp"
check_sql "the row version went up" "SELECT row_version FROM secgroup WHERE name = '网站组'" 2

# ---- M10.2.4.5 details
tui_keys Home i; tui_wait "Security group details" 5
check_screen "details show the top-level filter" "b-web"
check_screen "... and the referenced filters with their Chinese names" "地址"
check_no_screen "details offer no save" "$(t OK)"
tui_keys Escape

# ---- M10.2.4.4 delete
before=$(state)
tui_keys Home d; tui_wait "Delete security group" 5; tui_keys Escape
check "cancelling deletes nothing" test "$(state)" = "$before"
tui_keys Home d; tui_wait "Delete security group" 5; tui_keys Enter
check_screen "an unused group is deleted" "$(t "The security group '%s' was deleted." 网站组)"
check_sql "the group and its links are gone" "SELECT count(*) FROM secgroup WHERE name = '网站组'" 0
check_sql "every change was audited" "SELECT group_concat(action, ',') FROM op_log WHERE action LIKE '%security group'" "Add security group,Add security group,Modify security group,Delete security group"
tui_quit

# ---- OP-14: the project administrator reads the list, changes nothing
tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Network management" projadm
tui_page 3
check_screen "the project administrator has the security-group list (OP-14)" "Security group information"
check_screen "... with the group" "远程组"
check_screen "... offering only Details" "$(toolbar i Details)"
before=$(state)
tui_keys Home a e d
check "a, e and d change nothing" test "$(state)" = "$before"
tui_keys Home i; tui_wait "Security group details" 5
check_screen "the details open read-only" "c-ssh"
tui_keys Escape
tui_quit

finish
