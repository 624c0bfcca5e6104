#!/bin/bash
# e2e-ctl-command.sh - the project screens leave each action's dosvmctl
# command for F4 (issue 12): a project added, its quota, administrators and
# host groups configured, activated, modified, deactivated and deleted; a
# project group added, a project put in it and taken out, the group
# deleted.  Each command is read off the screen and run against a second
# copy of the database, which then holds the same records as the console's.
# features: M7.2.1.1a M7.2.1.1b M7.2.1.2 M7.2.1.3a M7.2.1.3b M7.2.1.3d M7.2.1.5a M7.2.1.5b
# features: M7.2.2.2 M7.2.2.4 M7.2.2.5 M7.2.2.6
. "$top_srcdir/tests/lib/tui.sh"

CTL=$top_builddir/cli/dosvmctl
init_db
add_admin alice "爱丽丝" alicepw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD/rd" >/dev/null
sql "INSERT INTO host_group(name, created_at) VALUES ('机房一', 0)" >/dev/null
DB2=$TMPD/second.db
sqlite3 "$DB" ".backup '$DB2'"
echo 123456 >"$TMPD/pw"

# second CMD: run the command F4 showed against the second database
second() {
  DOSVM_PASSWORD_FILE=$TMPD/pw eval "\"\$CTL\" --db \"\$DB2\" ${1#dosvmctl }" \
    </dev/null >"$TMPD/out" 2>"$TMPD/err"
}
same() { # DESC SQL: the query gives the same rows in both databases
  local a b
  a=$(sqlite3 "$DB" "$2")
  b=$(sqlite3 "$DB2" "$2")
  check "$1" test "$a" = "$b"
}
# f4 DESC EXPECTED SQL: F4 shows EXPECTED; run on the second database it
# works and gives the same rows of SQL
f4() {
  local cmd
  cmd=$(tui_f4_command)
  check "$1" test "$cmd" = "dosvmctl --user sysadm $2"
  [ "$cmd" = "dosvmctl --user sysadm $2" ] || echo "# F4 showed: $cmd"
  second "$cmd"
  check "... which works" test $? = 0
  same "... and gives the same records" "$3"
}
PROJECT="SELECT p.name, p.description, p.active, p.max_instances, p.max_vcpus, p.max_snapshots,
  (SELECT group_concat(g.name) FROM project_group_member m JOIN project_group g ON g.id = m.group_id WHERE m.project_id = p.id),
  (SELECT group_concat(u.account) FROM user u WHERE u.project_id = p.id),
  (SELECT group_concat(g.name) FROM project_host_group x JOIN host_group g ON g.id = x.group_id WHERE x.project_id = p.id)
  FROM project p ORDER BY p.name"
GROUP="SELECT g.name, g.file_dir, g.description,
  (SELECT group_concat(p.name) FROM project_group_member m JOIN project p ON p.id = m.project_id WHERE m.group_id = g.id)
  FROM project_group g ORDER BY g.name"
query() { tui_keys /; tui_keys C-u; tui_type "$1"; tui_keys Enter Escape; }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Project management"
tui_wait "Project information" 5

# ---- a project
tui_keys a; tui_wait "Add project" 5
tui_keys Tab; tui_field "网站"; tui_keys C-u; tui_type "站点"; tui_keys Enter
tui_wait "The project was added." 5
f4 "F4 shows the add with its group's name (M7.2.1.1a)" \
  "project add --group 研发组 --name 网站 --description 站点" "$PROJECT"
tui_keys c; tui_wait "Configure project" 5; tui_keys Enter
tui_wait "Max VM instances" 5
tui_field 4; tui_field 8; tui_keys F2
tui_wait "$(t "The quota of '%s' was saved." 网站)" 5
f4 "F4 shows the quota with every field (M7.2.1.3a)" \
  "project quota --project 网站 --max-instances 4 --max-vcpus 8 --max-mem-mb 0 --max-disk-mb 0 --max-image-mb 0 --max-images 0 --max-snapshots 0" \
  "$PROJECT"
tui_keys c; tui_wait "Configure project" 5; tui_keys Down Enter
tui_wait "爱丽丝 (alice)" 5; tui_keys Space Enter
tui_wait "The project configuration was saved." 5
f4 "F4 shows the administrators by the checklist's labels (M7.2.1.3b)" \
  "project admins --project 网站 --admins '爱丽丝 (alice)'" "$PROJECT"
tui_keys c; tui_wait "Configure project" 5; tui_keys Down Down Enter
tui_wait "机房一" 5; tui_keys Space Enter
tui_wait "The project configuration was saved." 5
f4 "F4 shows the host groups (M7.2.1.3d)" "project hostgroups --project 网站 --hostgroups 机房一" \
  "$PROJECT"
tui_keys t
tui_wait "$(t "The project '%s' is active." 网站)" 5
f4 "F4 shows the activation (M7.2.1.5a)" "project activate --project 网站" "$PROJECT"
tui_keys e; tui_wait "Modify project basic information" 5
tui_field "网站二"; tui_keys C-u; tui_keys Enter
tui_wait "The project was saved." 5
f4 "F4 shows the modify with the project, and the description it emptied (M7.2.1.2)" \
  "project modify --project 网站 --name 网站二 --description ''" "$PROJECT"

# ---- a project group, with the project in it for a while
tui_page 2
tui_wait "Project group management" 5
tui_keys a; tui_wait "Add project group" 5
tui_field "测试组"; tui_field "$TMPD/g2"; tui_keys C-u; tui_type "试验"; tui_keys Enter
tui_wait "The project group was added." 5
f4 "F4 shows the group's add (M7.2.2.2)" \
  "projgroup add --name 测试组 --file-dir $TMPD/g2 --description 试验" "$GROUP"
query "测试"
tui_keys j; tui_wait "Add project to project group" 5; tui_keys F2
tui_wait "The project was added to the project group." 5
f4 "F4 shows the membership by the pickers' labels (M7.2.2.5)" \
  "projgroup add-project --project 网站二 --group 测试组" "$GROUP"
tui_keys x; tui_wait "$(t "Remove the project '%s' from the project group '%s'?" 网站二 测试组)" 5
tui_keys Enter
tui_wait "The project was removed from the project group." 5
f4 "F4 shows the removal (M7.2.2.6)" "projgroup remove-project --group 测试组 --project 网站二" "$GROUP"
tui_keys d; tui_wait "$(t "Delete the project group '%s'?" 测试组)" 5; tui_keys Enter
tui_wait "$(t "The project group '%s' was deleted." 测试组)" 5
f4 "F4 shows the group's delete (M7.2.2.4)" "projgroup delete --group 测试组" "$GROUP"

# ---- the project deactivated and deleted
tui_page 1
tui_wait "Project information" 5
tui_keys s
tui_wait "$(t "The project '%s' is inactive." 网站二)" 5
f4 "F4 shows the deactivation (M7.2.1.5b)" "project deactivate --project 网站二" "$PROJECT"
tui_keys d; tui_wait "Delete project" 5; tui_keys Enter
tui_wait "$(t "The project '%s' was deleted." 网站二)" 5
f4 "F4 shows the delete (M7.2.1.1b)" "project delete --project 网站二" "$PROJECT"
check_sql "... the project is gone" "SELECT count(*) FROM project" 0
finish
