#!/bin/bash
# e2e-ctl-volumes.sh - the volume page's actions as dosvmctl commands (F4,
# issue 12): a project admin creates a volume in the console on a test-driver
# host, F4 shows the command with the page's pool; run against a copy of the
# database taken before, it makes the same record.  Then the volume's
# description is changed, and the modify command shown does the same on the
# copy; deleting shows its command too.
# features: M9.4.3 M9.4.5 M9.4.6
. "$top_srcdir/tests/lib/tui.sh"

CTL=$top_builddir/cli/dosvmctl
init_db
add_host alpha 1
add_admin zhou 周 zhoupw
sql "INSERT INTO project_group(name, file_dir, created_at) VALUES ('组', '/tmp', 0);
     INSERT INTO project(name, active, max_disk_mb, max_snapshots, created_at)
       VALUES ('网站', 1, 4096, 1, 0);
     UPDATE user SET project_id = (SELECT id FROM project WHERE name = '网站') WHERE account = 'zhou';
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at) VALUES
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000001', 'web-pool', 0, 2048, '/dpfs/web-pool', 0);
     INSERT INTO pool_project(pool_id, project_id)
       SELECT pool.id, project.id FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';" \
  >/dev/null
COPY=$TMPD/copy.db
echo zhoupw >"$TMPD/pw"

# f4 EXPECTED DESC: F4 shows the command EXPECTED (flattened: the dialog
# wraps it), which then runs on the copy of the database
f4() {
  tui_keys F4
  tui_wait "As a command" 5
  check "$2: F4 shows its dosvmctl command" \
    sh -c "flatten() { sed 's/[│ ]//g' | tr -d '\n'; }; [ -n \"\$1\" ] && printf '%s' \"\$2\" | flatten | grep -qF -- \"\$(printf '%s' \"\$1\" | flatten)\"" \
    - "$1" "$(screen)"
  tui_keys Escape
  tui_gone "As a command" 5
  eval "DOSVM_PASSWORD_FILE='$TMPD/pw' '$CTL' --db '$COPY' ${1#dosvmctl }" >"$TMPD/out" 2>"$TMPD/err"
  check "$2: the command works (exit 0)" test $? = 0
}
# the volume's record as both databases have it
vol() { sqlite3 -batch -noheader "$1" "SELECT name_zh, name_en, format, capacity, path, description, present FROM volume"; }

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Volume management"
tui_wait "web-pool" 5
tui_keys v
tui_wait "Storage volume information" 5
cp "$DB" "$COPY"
tui_keys c
tui_wait "Create volume" 5
tui_field "系统盘"; tui_field sys; tui_field 0.5
tui_keys F2
check_screen "the console creates the volume" "The volume was created."
f4 "dosvmctl --user zhou volume create --pool web-pool --name-zh 系统盘 --name-en sys --capacity 0.5 --unit GB --format qcow2 --mode 0666 --lazy-refcounts 0" \
  "create (M9.4.3)"
check "... the copy has the same volume" test "$(vol "$COPY")" = "$(vol "$DB")"
check "... which is there" test -n "$(vol "$COPY")"

tui_keys Home e
tui_wait "Modify volume" 5
tui_field "系统盘2"; tui_field "日志"
tui_keys F2
check_screen "the console saves the volume" "The volume was saved."
f4 "dosvmctl --user zhou volume modify --pool web-pool --name-en sys --name-zh 系统盘2 --description 日志" \
  "modify (M9.4.5)"
check "... the copy has the same record" test "$(vol "$COPY")" = "$(vol "$DB")"

tui_keys Home e
tui_wait "Modify volume" 5
tui_keys Tab C-u F2
check_screen "the console clears the description" "The volume was saved."
f4 "dosvmctl --user zhou volume modify --pool web-pool --name-en sys --name-zh 系统盘2 --description ''" \
  "a description cleared"
check "... the copy's is cleared too" test "$(vol "$COPY")" = "$(vol "$DB")"

tui_keys Home d
tui_wait "Delete volume" 5
tui_keys Enter
check_screen "the console deletes the volume" "$(t "The volume '%s' was deleted." sys)"
f4 "dosvmctl --user zhou volume delete --pool web-pool --name-en sys" "delete (M9.4.6)"
check "... the copy has no volume either" test -z "$(vol "$COPY")" -a -z "$(vol "$DB")"
tui_keys Escape
tui_wait "Project storage pool information" 5
tui_quit
finish
