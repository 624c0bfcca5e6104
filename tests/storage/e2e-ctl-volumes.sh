#!/bin/bash
# e2e-ctl-volumes.sh - the volume page's actions as dosvmctl commands (F4,
# issue 12): a project admin creates a volume in the console on a test-driver
# host, F4 shows the command with the page's pool; run against a copy of the
# database taken before, it makes the same record.  Then the volume's
# description is changed, and the modify command shown does the same on the
# copy; deleting shows its command too.  Then the image page's add (as
# image register), modify and delete, the same way.
# features: M9.4.3 M9.4.5 M9.4.6 M9.5.2 M9.5.3 M9.5.4
. "$top_srcdir/tests/lib/tui.sh"

CTL=$top_builddir/cli/dosvmctl
if ! command -v qemu-img >/dev/null; then
  echo "1..0 # SKIP qemu-img is not installed (package qemu-utils)"
  exit 0
fi
G=$TMPD/group-dir
mkdir -p "$G"
head -c 300000 /dev/urandom >"$G/disk.raw"
init_db
add_host alpha 1
add_admin zhou 周 zhoupw
sql "INSERT INTO project_group(name, file_dir, created_at) VALUES ('组', '$G', 0);
     INSERT INTO project(name, active, max_disk_mb, max_snapshots, max_images, max_image_mb, created_at)
       VALUES ('网站', 1, 4096, 1, 3, 100, 0);
     INSERT INTO project_group_member(group_id, project_id) SELECT g.id, p.id FROM project_group g, project p;
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
sqlite3 "$DB" ".backup '$COPY'"
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
f4 "dosvmctl --user zhou volume modify --pool web-pool --volume sys --name-zh 系统盘2 --description 日志" \
  "modify (M9.4.5)"
check "... the copy has the same record" test "$(vol "$COPY")" = "$(vol "$DB")"

tui_keys Home e
tui_wait "Modify volume" 5
tui_keys Tab C-u F2
check_screen "the console clears the description" "The volume was saved."
f4 "dosvmctl --user zhou volume modify --pool web-pool --volume sys --name-zh 系统盘2 --description ''" \
  "a description cleared"
check "... the copy's is cleared too" test "$(vol "$COPY")" = "$(vol "$DB")"

tui_keys Home d
tui_wait "Delete volume" 5
tui_keys Enter
check_screen "the console deletes the volume" "$(t "The volume '%s' was deleted." sys)"
f4 "dosvmctl --user zhou volume delete --pool web-pool --volume sys" "delete (M9.4.6)"
check "... the copy has no volume either" test -z "$(vol "$COPY")" -a -z "$(vol "$DB")"
tui_keys Escape
tui_wait "Project storage pool information" 5

# ---- the image page
img() { sqlite3 -batch -noheader "$1" "SELECT name, format, arch, shared, readonly, description, save_dir, file_name, size_mb FROM image"; }
tui_module "Image management"
tui_wait "Image file information" 5
sqlite3 "$DB" ".backup '$COPY'"
tui_keys a
tui_wait "Add image file" 5
tui_field "镜像"; tui_keys Tab Tab Tab Tab; tui_field "说明"; tui_keys Tab Tab
tui_field disk.raw
tui_keys Enter
check_screen "the console adds the image" "The image file was added."
f4 "dosvmctl --user zhou image register --name 镜像 --format raw --arch x86-64 --shared 1 --readonly 1 --description 说明 --save-dir $G --file-name disk.raw" \
  "image add as register (M9.5.2)"
check "... the copy has the same image" test "$(img "$COPY")" = "$(img "$DB")"
check "... which is there" test -n "$(img "$COPY")"
tui_keys Home e
tui_wait "Modify image file information" 5
tui_field "镜像2"; tui_keys Tab Tab Tab Space Tab C-u
tui_keys F2
check_screen "the console saves the image" "The image file information was saved."
f4 "dosvmctl --user zhou image modify --image 镜像 --name 镜像2 --format raw --arch x86-64 --shared 1 --readonly 0 --description '' --file-name disk.raw" \
  "image modify (M9.5.3), the description cleared"
check "... the copy has the same image" test "$(img "$COPY")" = "$(img "$DB")"
tui_keys Home d
tui_wait "Delete image file" 5
tui_keys Enter
check_screen "the console deletes the image" "$(t "The image file '%s' was deleted." 镜像2)"
f4 "dosvmctl --user zhou image delete --image 镜像2" "image delete (M9.5.4)"
check "... the copy has no image either" test -z "$(img "$COPY")" -a -z "$(img "$DB")"
tui_quit
finish
