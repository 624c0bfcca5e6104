#!/bin/bash
# e2e-images.sh - a project admin's image files: the list of the project's
# groups with 项目镜像, the name query, add by registering a file of the
# group's directory and by importing a local file with a progress bar
# (cancel included), modify within the group (another file, OP-41), delete
# (own project's images only, the file goes too), and each refusal (wrong
# format, file name rules, existing target, quota, not the owner) checked in
# the database and on disk; the usage gauges; then the page without colours
# features: M9.5.1 M9.5.2 M9.5.3 M9.5.4 M7.3.2
. "$top_srcdir/tests/lib/tui.sh"

if ! command -v qemu-img >/dev/null; then
  echo "1..0 # SKIP qemu-img is not installed (package qemu-utils)"
  exit 0
fi

G1=$TMPD/shared-dir G2=$TMPD/own-dir SRC=$TMPD/local
mkdir -p "$SRC"
init_db
add_admin alice "爱丽丝" alicepw
add_admin bob "鲍勃" bobpw
dv() { "$DVTOOL" "$1" "$DB" "${@:2}" >/dev/null || echo "# dvtool $* failed"; }
dv add-group 共享组 "$G1"
dv add-group 甲组 "$G2"
dv add-project 项目甲 共享组 alice
dv add-project 项目乙 共享组 bob
dv join-group 甲组 项目甲
dv quota 项目甲 max_images=3 max_image_mb=100
dv quota 项目乙 max_images=5 max_image_mb=100
qemu-img create -q -f qcow2 "$G1/sys.qcow2" 64M
qemu-img create -q -f qcow2 "$G1/other.qcow2" 10M
head -c 300000 /dev/urandom >"$G1/disk.raw"
head -c 200000 /dev/urandom >"$G1/bob.raw"
head -c 8000000 /dev/urandom >"$SRC/big.img"
dv add-image bob "乙的镜像" raw "$G1" bob.raw

pid() { sql "SELECT id FROM project WHERE name = '$1'"; }
count() { sql "SELECT count(*) FROM image"; }
files() { ls -A "$G1" "$G2" | tr '\n' ' '; }
spaces() { local i; for ((i = 0; i < $1; i++)); do tui_keys Space; done; }
# add NAME FORMAT-SPACES DIR-SPACES UPLOAD FILE SOURCE: fill the add dialog and press OK
# (formats: raw qcow qcow2; directories: 共享组's, 甲组's; upload: 0 no, 1 yes)
add() {
  tui_keys a; tui_wait "Add image file" 5
  tui_field "$1"
  spaces "$2"; tui_keys Tab Tab Tab Tab
  tui_field "说明"
  spaces "$3"; tui_keys Tab
  spaces "$4"; tui_keys Tab
  tui_field "$5"
  tui_keys C-u; [ -n "$6" ] && tui_type "$6"
  tui_keys Enter
}
# refused DESC TEXT: the dialog shows TEXT; Esc; nothing in the table or the directories changed
refused() {
  check_screen "$1" "$2"
  tui_discard
  check "$1: no record written" test "$(count)" = "$n"
  check "$1: no file written or removed" test "$(files)" = "$f"
}
snap() { n=$(count); f=$(files); }
query() { tui_keys /; tui_keys C-u; [ -n "$1" ] && tui_type "$1"; tui_keys Enter Escape; }

tui_start DOSVM_IMAGE_COPY_DELAY_MS=300 -- --db "$DB"
tui_login alice alicepw
tui_module "Image management"
check_screen "镜像管理 opens 镜像文件信息 (M9.5.1)" "Image file information"
check_screen "another project's image of the shared group is listed" "乙的镜像"
check_screen "the toolbar has Add, Modify and Delete" "$(toolbar a Add e Modify d Delete)"
tui_keys Home Enter
check_screen "Enter shows every column: 项目镜像 No for bob's image" "$(t 'Project image'): $(t 'No')"
check_screen "... the full path of the image file" "$(t 'Image file'): $G1/bob.raw"
check_screen "... read-only" "$(t 'Read-only'): $(t 'Yes')"
tui_keys Escape

# ---- M9.5.2 register a file of the group's directory
snap
add "系统镜像" 0 0 0 sys.qcow2 ""
refused "a wrong format is refused, naming the field and the detected one" \
  "$(t '%s: qemu-img finds the file in %s format, not %s; choose %s.' "$(t 'File format')" qcow2 raw)"
add "系统镜像" 0 0 0 "../sys.qcow2" ""
refused "a file name with '..' is refused (OP-40)" "$(t "%s must be a name inside the save directory, without '/' or '..'." "$(t 'File name')")"
add "系统镜像" 2 0 0 nothere.qcow2 ""
refused "a missing file is refused" "$(t "The file '%s' does not exist." nothere.qcow2)"
add "系统镜像" 2 1 0 sys.qcow2 ""
refused "the file must be in the chosen save directory" "$(t "The file '%s' does not exist." sys.qcow2)"
add "系统镜像" 2 0 0 sys.qcow2 ""
check_screen "a file of the directory is registered (M9.5.2)" "The image file was added."
check_sql "stored as qcow2 in 共享组's directory, owned by 项目甲, 1 MB" \
  "SELECT format, save_dir, file_name, size_mb, owner_project_id FROM image WHERE name = '系统镜像'" \
  "qcow2|$G1|sys.qcow2|1|$(pid 项目甲)"
tui_keys End Enter
check_screen "the row shows the full path" "$(t 'Image file'): $G1/sys.qcow2"
check_screen "... and 项目镜像 Yes" "$(t 'Project image'): $(t 'Yes')"
tui_keys Escape

# ---- M9.5.2 import a local file with a progress bar
snap
add "导入镜像" 0 0 1 "" "$SRC/big.img"
check_screen "the copy shows a progress dialog" "Importing the image file"
check_screen "with the amounts copied" "$(t '%.1f MiB of %.1f MiB' 0 7.6 | sed 's/^0\.0//')"
check_screen "and a bar with its percentage" "%"
check_screen "the import completes and saves the record" "The image file was added." 20
check "the file was copied into the save directory" cmp -s "$SRC/big.img" "$G1/big.img"
check_sql "the record names the copy, 8 MB" \
  "SELECT file_name, size_mb, format FROM image WHERE name = '导入镜像'" "big.img|8|raw"
check "no temporary file is left" test -z "$(ls -A "$G1" | grep dosvm)"
snap
add "再导入" 0 0 1 "" "$SRC/big.img"
refused "importing onto an existing file is refused" "$(t "The file '%s' already exists in the save directory." big.img)"
add "取消的" 0 1 1 copy.img "$SRC/big.img"
check_screen "a second import shows its progress" "Importing the image file"
tui_keys Escape
check_screen "Esc cancels the import" "The import was cancelled; nothing was saved."
tui_discard
check "the cancelled import wrote no record" test "$(count)" = "$n"
check "the partial copy was removed" test "$(files)" = "$f"

# ---- quota (M7.2.1.3a): 项目甲 may hold 3 image files
add "光盘" 0 0 0 disk.raw ""
check_screen "a third image file is added" "The image file was added."
snap
add "超额" 2 0 0 other.qcow2 ""
refused "a fourth image file exceeds the quota" "$(t 'The image file quota is exceeded: the project has %lld of at most %lld image files.' 3 3)"
tui_module "Resource usage"
check_screen "the admin's gauges count the image files (M7.3.2)" "3 / 3 (100.00%)"
check_screen "and their size" "10 / 100 (10.00%)"
tui_module "Image management"

# ---- M9.5.1 the query
query "镜像"
check_screen "a part of the name finds three (M9.5.1)" "$(items 1 3 3)"
check_no_screen "光盘 is not among them" "光盘"
query ""
check_screen "an empty query lists all four" "$(items 1 4 4)"

# ---- M9.5.3 modify another project's image of the same group (OP-41: another file)
tui_keys Home e; tui_wait "Modify image file information" 5
check_screen "the dialog is filled in" "bob.raw"
tui_field "乙的共享镜像"; spaces 2; tui_keys Tab Tab Tab Tab; tui_field "改过"
tui_keys C-u; tui_type other.qcow2; tui_keys Enter
check_screen "the image of the shared group is saved (M9.5.3)" "The image file information was saved."
check_sql "name, format, file and description changed; the directory and owner did not" \
  "SELECT name, format, file_name, description, save_dir, owner_project_id FROM image WHERE file_name = 'other.qcow2'" \
  "乙的共享镜像|qcow2|other.qcow2|改过|$G1|$(pid 项目乙)"
snap
tui_keys e; tui_wait "Modify image file information" 5
tui_keys Tab Space F2
check_screen "a format that does not match the file is refused" \
  "$(t '%s: qemu-img finds the file in %s format, not %s; choose %s.' "$(t 'File format')" qcow2)"
tui_discard
check_sql "the refused modification wrote nothing" \
  "SELECT format FROM image WHERE file_name = 'other.qcow2'" "qcow2"

# ---- M9.5.4 delete
snap
tui_keys Home d; tui_wait "Delete image file" 5
check_screen "the confirmation names the file that goes too" "other.qcow2"
tui_keys Enter
check_screen "another project's image cannot be deleted" \
  "Only image files uploaded by your project can be deleted."
check "the refused delete kept the record" test "$(count)" = "$n"
check "and the file" test -f "$G1/other.qcow2"
query "导入"
tui_keys Home d; tui_wait "Delete image file" 5; tui_keys Escape
check "cancelling deletes nothing" test -f "$G1/big.img"
tui_keys d; tui_wait "Delete image file" 5; tui_keys Enter
check_screen "the own image is deleted (M9.5.4)" "$(t "The image file '%s' was deleted." 导入镜像)"
check_sql "its record is gone" "SELECT count(*) FROM image WHERE name = '导入镜像'" 0
check "its file is gone" test ! -e "$G1/big.img"
check_sql "every change was audited by alice" \
  "SELECT count(*) FROM op_log WHERE user = 'alice' AND action LIKE '%image file%'" 5

# ---- a resize keeps the page
query ""
tui_resize 100 30
check_screen "the page survives a resize" "Image file information"
tui_resize 80 24
check_screen "and back to 80x24" "$(items 1 3 3)"
tui_quit

# ---- a second session without colours
tui_start NO_COLOR=1 -- --db "$DB"
tui_login alice alicepw
tui_module "Image management"
check_screen "the module bar names Image management" "3 $(t 'Image management')"
check_screen "the page is Image file information" "Image file information"
check_screen "the toolbar is Add, Modify, Delete" "$(toolbar a Add e Modify d Delete)"
check_screen "the paging bar" "$(items 1 3 3)"
tui_keys Home Enter
check_screen "the row shows Project image No" "$(t 'Project image'): $(t 'No')"
check_screen "... the image file size" "$(t 'Image file size (MiB)'): 1"
check_screen "... the upload time" "$(t 'Upload time'): "
tui_keys Escape
tui_keys a; tui_wait "Add image file" 5
check_screen "the add dialog has Shared between VMs" "Shared between VMs"
check_screen "... Upload file" "Upload file"
check_screen "... File name" "File name"
tui_keys Escape
tui_keys Home d; tui_wait "Delete image file" 5; tui_keys Enter
check_screen "the owner rule in the manual's words" "Only image files uploaded by your project can be deleted."
tui_quit

finish
