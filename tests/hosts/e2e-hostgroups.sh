#!/bin/bash
# e2e-hostgroups.sh - host groups: list, query, add with member hosts,
# modify with the projects using them, details, delete (and its refusal)
# features: M6.2.1 M6.2.1.1 M6.2.1.2 M6.2.1.3a M6.2.1.3b M6.2.1.4 M6.2.1.5 M7.2.1.3d
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host node-a 1
add_host node-b 2
add_host node-c 3


members() { sql "SELECT group_concat(h.name, ',') FROM (SELECT h.name FROM host_group_member m JOIN host h ON h.id = m.host_id JOIN host_group g ON g.id = m.group_id WHERE g.name = '$1' ORDER BY h.name) h"; }
query() { tui_keys /; tui_keys C-u; tui_type "$1"; tui_keys Enter Escape; }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Host group management"
check_screen "宿主机群管理 opens the host group page (M6.2.1)" "Host group information"
check_screen "its left pane has the host group page" "Host groups"

# ---- M6.2.1.2 add: name, description, then the member hosts
add_group() { # NAME DESC SPACE-KEYS...: the checklist rows to toggle (Down moves)
  local name=$1 desc=$2
  shift 2
  tui_keys a; tui_wait "Add host group" 5
  tui_field "$name"; tui_keys C-u; tui_type "$desc"; tui_keys Enter
  tui_wait "Member hosts" 5
  tui_keys "$@" Enter
}
add_group "成都机群" "Chengdu" Space Down Space
check_screen "a host group is added with its hosts (M6.2.1.2)" "The host group was added."
check "its members are exactly the chosen hosts" test "$(members 成都机群)" = "node-a,node-b"
add_group "空机群" "none" Down
check_screen "a group without hosts is refused" "A host group needs at least one host."
tui_discard
check_sql "nothing was added" "SELECT count(*) FROM host_group" 1
add_group "成都机群" "dup" Space
check_screen "a duplicate name is refused" "$(t "The host group '%s' already exists." 成都机群)"
tui_discard
add_group "北京机群" "Beijing" Down Down Space
check_screen "a second group is added" "$(items 1 2 2)"

# ---- M6.2.1.1 query
query "北京"
check_screen "a partial name finds the group (M6.2.1.1)" "$(items 1 1 1)"
check_screen "the row is the Beijing group" "北京机群"

# ---- M6.2.1.3a/b modify: members and the projects using it

sqlite3 "$DB" "INSERT INTO project(name, created_at) VALUES ('网站', 0), ('数据', 0)"
query "成都"
tui_keys e; tui_wait "Modify host group" 5
tui_keys C-u; tui_type "成都新机群"; tui_keys Tab C-u; tui_type "Chengdu 2"; tui_keys Enter
tui_wait "Member hosts" 5
tui_keys Down Space Down Space Enter
tui_wait "Projects using this host group" 5
check_screen "the project picker lists every project (M6.2.1.3b)" "[ ] 数据"
tui_keys Space Enter
check_screen "the group is saved (M6.2.1.3a)" "The host group was saved."
check "the members changed" test "$(members 成都新机群)" = "node-a,node-c"
check_sql "the chosen project uses the group" \
  "SELECT p.name FROM project_host_group x JOIN project p ON p.id = x.project_id JOIN host_group g ON g.id = x.group_id WHERE g.name = '成都新机群'" "数据"
check_sql "the description is stored" "SELECT description FROM host_group WHERE name = '成都新机群'" "Chengdu 2"

# ---- M6.2.1.5 details
query "成都新机群"
tui_keys i
check_screen "the details show the name (M6.2.1.5)" "$(t 'Host group name'): 成都新机群"
check_screen "the details list a member host" "node-c"
check_screen "with its current state" "Running"
tui_keys Escape

# ---- M6.2.1.4 delete: refused while a project uses it
tui_keys d; tui_wait "Delete host group" 5; tui_keys Enter
check_screen "a group assigned to a project cannot be deleted (M6.2.1.4)" "The host group is assigned to a project; it cannot be deleted."
check_sql "the group remains" "SELECT count(*) FROM host_group WHERE name = '成都新机群'" 1
query "北京"
tui_keys d; tui_wait "Delete host group" 5; tui_keys Enter
check_screen "an unused group is deleted" "$(t "The host group '%s' was deleted." 北京机群)"
check_sql "its member links are gone" "SELECT count(*) FROM host_group_member m LEFT JOIN host_group g ON g.id = m.group_id WHERE g.id IS NULL" 0
check_sql "every change was audited" \
  "SELECT count(*) FROM op_log WHERE action IN ('Add host group', 'Modify host group', 'Modify projects of host group', 'Delete host group')" 5
tui_quit

finish
