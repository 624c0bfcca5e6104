#!/bin/bash
# e2e-ctl-command.sh - the storage screens leave each action's dosvmctl
# command for F4 (issue 12): a security object added and modified, a pool
# added (its type from the menu, its projects from the checklist, its bound
# host by name) and deleted in the console; each command read off the
# screen and run against a second copy of the database, which then holds
# the same records as the console's.
# features: M8.2b M8.2c M8.2d M9.3.2 M9.3.2.4 M9.3.4
. "$top_srcdir/tests/lib/tui.sh"

CTL=$top_builddir/cli/dosvmctl
init_db
add_host alpha 1
sql "INSERT INTO project_group(name, file_dir, created_at) VALUES ('组', '/tmp', 0);
     INSERT INTO project(name, active, created_at) VALUES ('网站', 1, 0);" >/dev/null
# the second database: a copy before the actions (with its sealing key)
DB2=$TMPD/second.db
sqlite3 "$DB" ".backup '$DB2'"
[ -f "$DB.key" ] && cp -p "$DB.key" "$DB2.key"
echo 123456 >"$TMPD/pw"
printf 's3cr3t\n' >"$TMPD/value"

# second CMD [OPTION VALUE...]: run the command F4 showed against the second database
second() {
  local cmd=$1
  shift
  DOSVM_PASSWORD_FILE=$TMPD/pw eval "\"\$CTL\" --db \"\$DB2\" ${cmd#dosvmctl }" '"$@"' \
    </dev/null >"$TMPD/out" 2>"$TMPD/err"
}
same() { # DESC SQL: the query gives the same rows in both databases
  local a b
  a=$(sqlite3 "$DB" "$2")
  b=$(sqlite3 "$DB2" "$2")
  check "$1" test -n "$a" -a "$a" = "$b"
}
SECRET="SELECT name_zh, name_en, usage_type, usage_id, description FROM secret ORDER BY name_en"
POOL="SELECT p.name, p.type, p.capacity_mb, p.target_path, p.description, h.name,
        (SELECT group_concat(pr.name) FROM pool_project pp JOIN project pr ON pr.id = pp.project_id
         WHERE pp.pool_id = p.id)
      FROM pool p LEFT JOIN host h ON h.id = p.bound_host_id ORDER BY p.name"
POOLS="SELECT count(*) || '/' || (SELECT count(*) FROM op_log WHERE action = 'Delete storage pool') FROM pool"

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_keys F4
check_screen "before any action F4 says there is no command yet" \
  "No action of this session has a dosvmctl command yet."
tui_keys Escape

# ---- a security object: add, modify
tui_module "Security object management"
tui_wait "Security object information" 5
tui_keys a; tui_wait "Add security object" 5
tui_field "存储密钥"; tui_field chap1; tui_keys Space Space Tab
tui_field iqn.2024-01.com.example:t1; tui_field "CHAP"; tui_field s3cr3t; tui_keys C-u; tui_type s3cr3t
tui_keys Enter
tui_wait "The security object was added." 5
cmd=$(tui_f4_command)
check "F4 shows the add as a dosvmctl command (M8.2b)" \
  test "$cmd" = "dosvmctl --user sysadm secret add --name-zh 存储密钥 --name-en chap1 --usage-type iscsi --usage-id iqn.2024-01.com.example:t1 --description CHAP"
check "... without the value" bash -c "! grep -q s3cr3t <<<'$cmd'"
second "$cmd" --value-file "$TMPD/value"
check "... which works (with the value from a file)" test $? = 0
same "... and gives the same security object" "$SECRET"
tui_keys e; tui_wait "Modify security object" 5
tui_keys Tab Tab Tab C-u; tui_keys F2
tui_wait "The security object was saved." 5
cmd=$(tui_f4_command)
check "F4 shows the modify with the object and the emptied description (M8.2c)" \
  grep -q -- "secret modify --secret chap1 --name-zh 存储密钥 .*--description ''" <<<"$cmd"
second "$cmd"
check "... which works" test $? = 0
same "... and gives the same record" "$SECRET"

# ---- a host directory pool: add, delete
tui_module "Storage pool management"
tui_wait "System storage pool information" 5
tui_keys a; tui_wait "Storage pool type" 5
tui_keys Down Down Down Enter
tui_wait "$(t 'Add storage pool: %s' "$(t 'Host directory pool')")" 5
tui_field hd1; tui_field 64; tui_field ""; tui_field /raid/hd1
tui_keys F2
tui_wait "Projects using this pool" 5
tui_keys Space Enter
tui_wait "The storage pool was added." 10 || dump_screen
cmd=$(tui_f4_command)
check "F4 shows the add with the menu's type, the checklist's projects and the host's name (M9.3.2.4)" \
  test "$cmd" = "dosvmctl --user sysadm pool add --type 3 --projects 网站 --name hd1 --capacity-mb 64 --target-path /raid/hd1 --bound-host alpha"
second "$cmd"
check "... which works" test $? = 0
same "... and gives the same pool, bound, with its project" "$POOL"
tui_keys d; tui_wait "$(t "Delete the storage pool '%s'? Its data stay on the hosts." hd1)" 5
tui_keys Enter
tui_wait "$(t "The storage pool '%s' was deleted." hd1)" 10 || dump_screen
cmd=$(tui_f4_command)
check "F4 shows the delete (M9.3.4)" test "$cmd" = "dosvmctl --user sysadm pool delete --pool hd1"
second "$cmd"
check "... which works" test $? = 0
same "... and both databases have no pool left, each delete logged" "$POOLS"
tui_keys F3
check_screen "... F3 lists the commands among the messages" "$ dosvmctl --user sysadm pool delete"
tui_keys Escape
finish
