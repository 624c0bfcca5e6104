#!/bin/bash
# test-ctl-volumes.sh - dosvmctl's volume, snapshot and image verbs
# (cli/ctl_volumes.c): image files registered and imported into a project
# group's directory, modified and deleted, with the console's rules, audit
# rows and exit statuses; the import's progress bar on a terminal (script)
# and never in --json; then volumes and incremental snapshots in a shared
# directory pool on a REAL libvirtd (tests/lib/libvirtd.sh: each dosvmctl is
# a process of its own, and the test driver's pools live only inside one),
# skipped without one: create with its progress, list, show, extend, modify,
# refresh with its summary, snapshot create/list, remark, merge, delete.
# features: M9.4.2 M9.4.3 M9.4.4 M9.4.5 M9.4.6 M9.4.7 M9.4.8.1 M9.4.8.2
# features: M9.4.8.3 M9.4.8.4 M9.4.8.5 M9.5.1 M9.5.2 M9.5.3 M9.5.4
. "$top_srcdir/tests/lib/ctl.sh"
for t in qemu-img script; do
  command -v "$t" >/dev/null || { echo "1..0 # SKIP $t is not installed"; exit 0; }
done
. "$top_srcdir/tests/lib/libvirtd.sh"
trap 'libvirtd_stop; rm -rf "$T"' EXIT
skip() { N=$((N + 1)); echo "ok $N - $1 # SKIP $2"; }
G=$T/group-dir
mkdir -p "$G" "$T/local"
DVTOOL_SYSADM_PW=123456 "$DVTOOL" add-admin "$DB" bob 鲍勃 bobpw >/dev/null
"$DVTOOL" add-group "$DB" 研发组 "$G" >/dev/null
"$DVTOOL" add-project "$DB" 网站 研发组 zhou >/dev/null
"$DVTOOL" add-project "$DB" 数据 研发组 bob >/dev/null
"$DVTOOL" quota "$DB" 网站 max_images=3 max_image_mb=100 max_disk_mb=4096 max_snapshots=2 >/dev/null
"$DVTOOL" quota "$DB" 数据 max_images=3 max_image_mb=100 >/dev/null
echo bobpw >"$T/bpw"
bctl() { DOSVM_PASSWORD_FILE=$T/bpw "$CTL" --db "$DB" --user bob "$@"; }
images() { sqlite3 "$DB" "SELECT count(*) FROM image"; }

# ---------------------------------------------------------------- images (M9.5)
qemu-img create -q -f qcow2 "$G/sys.qcow2" 64M
head -c 300000 /dev/urandom >"$G/disk.raw"
head -c 8000000 /dev/urandom >"$T/local/big.img"

zctl --json image register --name 系统盘 --format qcow2 --save-dir "$G" --file-name sys.qcow2 \
  --description 基础 >"$T/out"
check "image register (M9.5.2) adds the file of the group's directory" \
  test "$(jq -r '.[0] | "\(.name) \(.format) \(.file) \(.project_image) \(.shared)"' "$T/out")" = \
  "系统盘 qcow2 $G/sys.qcow2 true true"
check "... recorded for the project" \
  check_sql "SELECT i.name || ' ' || p.name FROM image i JOIN project p ON p.id = i.owner_project_id" "系统盘 网站"
check "... with the console's audit row, from dosvmctl" test "$(last_op)" = "zhou|dosvmctl|Add image file|系统盘"
n=$(images) o=$(ops)
zctl --json image register --name 错 --format qcow2 --save-dir "$G" --file-name disk.raw >"$T/out" 2>"$T/err"
check "a file of another format is refused by the rule (exit 1)" test $? = 1
check "... the JSON error names the field" test "$(jq -r '.error.field' "$T/out")" = format
check "... and nothing is written" test "$(images) $(ops)" = "$n $o"
zctl --json image register --name 错 --save-dir /nowhere --file-name disk.raw >"$T/out" 2>"$T/err"
check "a directory that is not one of the project's groups is not found (exit 3)" \
  test $? = 3 -a "$(jq -r '.error.field' "$T/out")" = save-dir

# the import's progress bar: on a terminal, never in JSON
export DOSVM_IMAGE_COPY_DELAY_MS=150
script -qfc "DOSVM_PASSWORD_FILE=$T/zpw '$CTL' --db '$DB' --user zhou image import --name 大盘 \
  --format raw --save-dir '$G' --source '$T/local/big.img' --file-name big.raw" /dev/null >"$T/tty"
check "image import (M9.5.2) on a terminal shows the progress bar" grep -qF '[###' "$T/tty"
check "... with the amounts copied" grep -q 'MiB of' "$T/tty"
check "... copies the file into the directory" cmp -s "$T/local/big.img" "$G/big.raw"
check "... and records it" check_sql "SELECT size_mb FROM image WHERE name = '大盘'" 8
zctl image delete --name 大盘 >/dev/null
script -qfc "DOSVM_PASSWORD_FILE=$T/zpw '$CTL' --db '$DB' --user zhou --json image import --name 大盘 \
  --format raw --save-dir '$G' --source '$T/local/big.img' --file-name big.raw" /dev/null >"$T/tty"
check "--json on a terminal shows no bar" sh -c "! grep -qF '[#' '$T/tty' && ! grep -qF '[.' '$T/tty'"
check "... the JSON of the image only" \
  test "$(tr -d '\r' <"$T/tty" | jq -r '.[0] | "\(.name) \(.size_mb) \(.format)"')" = "大盘 8 raw"
unset DOSVM_IMAGE_COPY_DELAY_MS
check "... audited as the console's import" test "$(last_op)" = "zhou|dosvmctl|Add image file|大盘"

zctl --json image list >"$T/out"
check "image list (M9.5.1): the images of the project's groups" \
  test "$(jq -r '[.[].name] | join(",")' "$T/out")" = "系统盘,大盘"
bctl --json image list >"$T/out"
check "... another project of the group sees them, not as its own" \
  test "$(jq -r '[.[].project_image] | unique | join(",")' "$T/out")" = false
zctl --json image list --name 系统 >"$T/out"
check "--name narrows the list" test "$(jq length "$T/out")" = 1
zctl --json image show --name 系统盘 >"$T/out"
check "image show: one image, typed" \
  test "$(jq -r '.[0] | "\(.id|type) \(.size_mb|type) \(.readonly|type) \(.description)"' "$T/out")" = \
  "number number boolean 基础"
zctl image show --name 无 >/dev/null 2>&1
check "an image that does not exist is not found (exit 3)" test $? = 3
ctl image list >/dev/null 2>"$T/err"
check "the system administrator has no image page (exit 1)" test $? = 1

bctl --json image modify --image 系统盘 --name 系统盘2 --readonly no >"$T/out"
check "image modify (M9.5.3) by an admin of the group: renamed, not read-only" \
  test "$(jq -r '.[0] | "\(.name) \(.readonly) \(.description) \(.format)"' "$T/out")" = "系统盘2 false 基础 qcow2"
check "... in the record" check_sql "SELECT readonly FROM image WHERE name = '系统盘2'" 0
check "... audited" test "$(last_op)" = "bob|dosvmctl|Modify image file information|系统盘2"
o=$(ops)
zctl --json image modify --name 系统盘2 --file-name ../x >"$T/out" 2>"$T/err"
check "a file name leaving the directory is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jq -r '.error.field' "$T/out")" = file-name
bctl image delete --name 系统盘2 >/dev/null 2>"$T/err"
check "only the owner project may delete it (exit 1)" test $? = 1
check "... nothing logged" test "$(ops)" = "$o"
zctl --json image delete --name 系统盘2 >"$T/out"
check "image delete (M9.5.4) by the owner" test "$(jq -r '.[0].result' "$T/out")" = \
  "The image file '系统盘2' was deleted."
check "... the record and the file go" sh -c "[ ! -e '$G/sys.qcow2' ] && [ \$(sqlite3 '$DB' \"SELECT count(*) FROM image WHERE name = '系统盘2'\") = 0 ]"
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Delete image file|系统盘2"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 zctl image show --name 无 >/dev/null 2>"$T/err"
check "a refusal in Chinese (zh_CN)" grep -q "没有镜像文件“无”" "$T/err"

# ---------------------------------------------------------------- volumes (M9.4)
why=$(libvirtd_skip_reasons)
if [ -n "$why" ] || ! libvirtd_start "$T"; then
  skip "volumes and snapshots on a real libvirtd" "${why:-libvirtd did not start}"
  echo "1..$N"
  exit $FAILED
fi
ROOT=$T/dpfs
mkdir -p "$ROOT"
P=ctlvol-$$
"$DVTOOL" add-host "$DB" real qemu:///system >/dev/null
sqlite3 "$DB" "INSERT INTO setting(key, value) VALUES ('shared_fs_root', '$ROOT');
  INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at) VALUES
    ('$(cat /proc/sys/kernel/random/uuid)', '$P', 0, 100000, '$ROOT/$P', 0),
    ('$(cat /proc/sys/kernel/random/uuid)', 'other-$$', 0, 100000, '$ROOT/other-$$', 0);
  INSERT INTO pool_project(pool_id, project_id)
    SELECT pool.id, project.id FROM pool, project WHERE pool.name = '$P' AND project.name = '网站';"
trap 'virsh -c qemu:///system pool-destroy "$P" >/dev/null 2>&1; virsh -c qemu:///system pool-undefine "$P" >/dev/null 2>&1; libvirtd_stop; rm -rf "$T"' EXIT

script -qfc "DOSVM_PASSWORD_FILE=$T/zpw '$CTL' --db '$DB' --user zhou volume create --pool $P \
  --name-zh 系统盘 --name-en sys --capacity 1 --unit GiB" /dev/null >"$T/tty"
check "volume create (M9.4.3) on a terminal: a bar while the host works" grep -qE '\[[.#]+\]' "$T/tty"
check "... the qcow2 file exists" test -f "$ROOT/$P/sys"
check "... the record with its capacity, counted for the project" \
  check_sql "SELECT v.format || ' ' || v.capacity || ' ' || p.name FROM volume v JOIN project p ON p.id = v.project_id WHERE v.name_en = 'sys'" \
  "qcow2 1073741824 网站"
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Create volume|sys"
zctl --json volume create --pool $P --name-zh 数据盘 --name-en data --capacity 100 --unit MiB \
  --format raw --mode 0640 >"$T/out" 2>"$T/err"
check "... --json: the volume in the list's keys, and no bar" \
  test "$(jq -r '.[0] | "\(.name_en) \(.format) \(.capacity_mb) \(.present)"' "$T/out")" = "data raw 100 true"
check "... on stderr either" test ! -s "$T/err"
o=$(ops)
zctl --json volume create --pool $P --name-zh 大 --name-en big --capacity 5 >"$T/out" 2>"$T/err"
check "beyond the project's disk quota is refused (exit 1)" \
  test $? = 1 -a "$(jq -r '.error.code' "$T/out")" = denied
check "... with the console's message" grep -q "disk capacity quota" "$T/err"
zctl --json volume create --pool $P --name-zh 大 --name-en big --capacity 1 --lazy-refcounts 1 \
  --compat 0.10 >"$T/out" 2>/dev/null
check "lazy refcounts need compat 1.1 (exit 1)" test $? = 1 -a "$(jq -r '.error.field' "$T/out")" = lazy-refcounts
zctl volume list --pool other-$$ >/dev/null 2>"$T/err"
check "a pool not of the project is not found for its admin (exit 3)" test $? = 3
check "... saying so" grep -qF "There is no storage pool 'other-$$'." "$T/err"
check "... and nothing is logged" test "$(ops)" = "$o"

zctl --json volume list --pool $P >"$T/out"
check "volume list (M9.4.2) with the page's columns" \
  test "$(jq -r '[.[] | "\(.name_zh):\(.name_en):\(.format):\(.capacity_mb):\(.path)"] | join(" ")' "$T/out")" = \
  "系统盘:sys:qcow2:1024:$ROOT/$P/sys 数据盘:data:raw:100:$ROOT/$P/data"
ctl --json volume show --pool $P --name-en sys >"$T/out"
check "volume show by the system administrator too" test "$(jq -r '.[0].allocation_mb|type' "$T/out")" = number
zctl volume show --pool $P --name-en nosuch >/dev/null 2>&1
check "a volume that does not exist is not found (exit 3)" test $? = 3

zctl --json volume extend --pool $P --name-en data --extend-mb 50 >"$T/out"
check "volume extend (M9.4.4) grows it" test "$(jq -r '.[0].capacity_mb' "$T/out")" = 150
check "... on the host" test "$(stat -c %s "$ROOT/$P/data")" = $((150 * 1048576))
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Extend volume|data"
zctl --json volume extend --pool $P --name-en data --extend-mb 10 >"$T/out" 2>/dev/null
check "10 MiB or less is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jq -r '.error.field' "$T/out")" = extend-mb

zctl --json volume modify --pool $P --name-en data --description 日志 >"$T/out"
check "volume modify (M9.4.5): the description, the name kept" \
  test "$(jq -r '.[0] | "\(.name_zh) \(.description)"' "$T/out")" = "数据盘 日志"
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Modify volume|data"
zctl --json volume modify --pool $P --name-en data --name-zh '' >"$T/out" 2>/dev/null
check "an empty Chinese name is refused (exit 1)" test $? = 1 -a "$(jq -r '.error.field' "$T/out")" = name-zh

zctl --json snapshot create --pool $P --volume sys --name-zh 快照 --name-en sys-s1 >"$T/out"
check "snapshot create (M9.4.8.2): an overlay on the volume" \
  test "$(jq -r '.[0] | "\(.name_en) \(.base)"' "$T/out")" = "sys-s1 sys"
check "... backed by the volume's file" sh -c "qemu-img info -U '$ROOT/$P/sys-s1' | grep -q 'backing file: $ROOT/$P/sys'"
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Create incremental snapshot|sys-s1"
zctl --json snapshot list --pool $P --volume sys >"$T/out"
check "snapshot list (M9.4.8.1): the volume's snapshots" \
  test "$(jq -r '[.[].name_en] | join(",")' "$T/out")" = sys-s1
zctl --json snapshot list --pool $P --volume data >"$T/out"
check "... none for another volume" test "$(jq length "$T/out")" = 0
zctl --json volume remark --pool $P --name-en sys-s1 --remark 升级前 >"$T/out"
check "volume remark (M9.4.8.3) of the snapshot" test "$(jq -r '.[0] | "\(.remark) \(.name_zh)"' "$T/out")" = "升级前 快照"
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Remark incremental snapshot|sys-s1"
zctl volume delete --pool $P --name-en sys >/dev/null 2>"$T/err"
check "a volume with snapshots is not deleted (exit 1)" test $? = 1
check "... its file stays" test -f "$ROOT/$P/sys"
zctl --json snapshot merge --pool $P --snapshot sys-s1 --name-en sys-flat >"$T/out"
check "snapshot merge (M9.4.8.4): a new volume" \
  test "$(jq -r '.[0] | "\(.name_en) \(.base) \(.present)"' "$T/out")" = "sys-flat  true"
check "... without a backing file" sh -c "! qemu-img info -U '$ROOT/$P/sys-flat' | grep -q 'backing file'"
zctl --json snapshot merge --pool $P --snapshot sys-s1 --name-en sys-flat >"$T/out" 2>/dev/null
check "a taken name is refused (exit 1)" test $? = 1 -a "$(jq -r '.error.field' "$T/out")" = name-en
zctl --json volume delete --pool $P --name-en sys-s1 >"$T/out"
check "volume delete of the snapshot (M9.4.8.5)" \
  test "$(jq -r '.[0].result' "$T/out")" = "The incremental snapshot 'sys-s1' was deleted."
check "... its file goes, the base stays" sh -c "[ ! -e '$ROOT/$P/sys-s1' ] && [ -f '$ROOT/$P/sys' ]"

rm "$ROOT/$P/data"
qemu-img create -q -f qcow2 "$ROOT/$P/found" 10M
# on a terminal too, --json shows no bar
script -qfc "DOSVM_PASSWORD_FILE=$T/zpw '$CTL' --db '$DB' --user zhou --json volume refresh \
  --pool $P" /dev/null >"$T/tty"
check "volume refresh --json on a terminal: no bar" sh -c "! grep -qE '\[[.#]+\]' '$T/tty'"
tr -d '\r' <"$T/tty" >"$T/out"
check "volume refresh (M9.4.7) prints what it found" \
  test "$(jq -r '.[0] | "\(.added) \(.missing)"' "$T/out")" = "1 1"
check "... the new file as a record" \
  check_sql "SELECT name_zh FROM volume WHERE name_en = 'found'" "found-$(sqlite3 "$DB" "SELECT uuid FROM pool WHERE name = '$P'")"
check "... the vanished one missing" check_sql "SELECT present FROM volume WHERE name_en = 'data'" 0
zctl --json volume delete --pool $P --name-en sys >"$T/out"
check "volume delete (M9.4.6): the record and the file" \
  sh -c "[ ! -e '$ROOT/$P/sys' ] && [ \$(sqlite3 '$DB' \"SELECT count(*) FROM volume WHERE name_en = 'sys'\") = 0 ]"
check "... audited" test "$(last_op)" = "zhou|dosvmctl|Delete volume|sys"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 zctl volume show --pool $P --name-en sys >/dev/null 2>"$T/err"
check "a refusal in Chinese (zh_CN)" grep -q "存储池中没有名为“sys”的存储卷" "$T/err"
echo "1..$N"
exit $FAILED
