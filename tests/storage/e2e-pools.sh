#!/bin/bash
# e2e-pools.sh - the sysadm's storage pools on test-driver hosts: add each
# type through its own form with the projects that use it, every refusal
# leaving nothing behind, the query row, the description, the details as
# libvirt XML, delete; a project's pools (M7.2.1.3c)
# features: M9.2 M9.3 M9.3.1 M9.3.2 M9.3.2.1 M9.3.2.2 M9.3.2.3 M9.3.2.4 M9.3.2.5 M9.3.2.6
# features: M9.3.3 M9.3.4 M9.3.5 M7.2.1.3c
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_host beta 2
sql "INSERT INTO project_group(name, file_dir, created_at) VALUES ('组', '/tmp', 0);
     INSERT INTO project(name, active, created_at) VALUES ('网站', 1, 0), ('数据', 1, 0);" >/dev/null

pools() { sql "SELECT count(*) FROM pool"; }
ops() { sql "SELECT count(*) FROM op_log"; }
pool_volumes() { sql "SELECT count(*) FROM volume v JOIN pool p ON p.id = v.pool_id WHERE p.name = '$1'"; }

# add_pool N: the Nth type of the type menu (1-based), its form opened
add_pool() {
  local i
  tui_keys a
  tui_wait "Storage pool type" 5
  if [ -z "${MENU_SEEN:-}" ]; then
    MENU_SEEN=1
    check_screen "the type menu names the types as the manual does" "Host directory pool"
  fi
  for ((i = 1; i < $1; i++)); do tui_keys Down; done
  tui_keys Enter
  tui_wait "$(t 'Add storage pool: %s' '')" 5
}
# projects [SPACE-PRESSES...]: in the project checklist, toggle rows, accept
projects() {
  tui_wait "Projects using this pool" 5
  for k in "$@"; do [ "$k" = . ] && tui_keys Down || tui_keys Space; done
  tui_keys Enter
}
# refused DESC TEXT: the form shows TEXT; Esc leaves it; nothing was written
refused() {
  check_screen "$1" "$2"
  tui_discard
  check "$1: no pool was written" test "$(pools)" = "$N"
  check "$1: no operation logged" test "$(ops)" = "$OPS"
}

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Storage pool management"
check_screen "存储池管理 opens the system pool list (M9.3, M9.3.1)" "System storage pool information"
check_screen "with the logical capacity column" "Logical capacity (MiB)"
check_screen "and the bound host column" "Bound host"

N=$(pools)
OPS=$(ops)

# ---- M9.3.2.1 a shared directory pool: the target lies below /dpfs
add_pool 1
check_screen "the type chooses the form (M9.2)" "$(t 'Add storage pool: %s' "$(t 'DOS directory pool')")"
tui_field "dos-pool"; tui_field 1024; tui_field "共享池"; tui_field /srv/dos-pool
tui_field "数字有机体文件系统"; tui_keys C-u; tui_type "共享存储池"; tui_keys F2
projects
refused "a target outside the shared root is refused (M9.3.2.1)" \
  "$(t '%s must lie below the shared file system root %s.' "$(t 'Target path')" /dpfs)"
add_pool 1
tui_field "dos pool"; tui_field 1024; tui_field ""; tui_field /dpfs/dos-pool; tui_keys F2
projects
refused "a name with a blank is refused (M9.3.2)" "$(t "%s may contain only letters, digits, '-', '_' and '.'." "$(t 'Pool name')")"
add_pool 1
tui_field "dos-pool"; tui_field 0; tui_field ""; tui_field /dpfs/dos-pool; tui_keys F2
projects
refused "a capacity of 0 is refused" "$(t '%s must be between %ld and %ld.' "$(t 'Logical capacity (MiB)')" 1)"
add_pool 1
tui_field "dos-pool"; tui_field 1024; tui_field "共享池"; tui_field /dpfs/dos-pool
tui_field "数字有机体文件系统"; tui_keys C-u; tui_type "共享存储池"; tui_keys F2
projects x
check_screen "a valid shared directory pool is added" "The storage pool was added."
check_sql "it is stored unbound with its target" \
  "SELECT type, capacity_mb, target_path, bound_host_id IS NULL FROM pool WHERE name = 'dos-pool'" \
  "0|1024|/dpfs/dos-pool|1"
check_sql "the first project (by name) uses it" \
  "SELECT p.name FROM pool_project pp JOIN project p ON p.id = pp.project_id" "数据"
check_sql "it was defined on a running host" "SELECT count(*) FROM pool_host" 1
check_sql "the add is logged" \
  "SELECT action || ' ' || object FROM op_log ORDER BY id DESC LIMIT 1" "Add storage pool dos-pool"
check_screen "the list shows it with its type" "DOS directory pool"
N=$(pools)
OPS=$(ops)
add_pool 1
tui_field "dos-pool"; tui_field 1024; tui_field ""; tui_field /dpfs/other; tui_keys F2
projects
refused "a duplicate name is refused" "$(t "The storage pool name '%s' already exists." dos-pool)"

# ---- M9.3.2.2 netfs
add_pool 2
check_screen "the netfs form has the server address" "Server address"
tui_field nfspool1; tui_field 2048; tui_field ""; tui_field /media/nfs; tui_field 192.168.2.212
tui_field 70000; tui_keys Tab; tui_field /raid/disk-pool; tui_keys F2
projects
refused "a port above 65535 is refused (M9.3.2.2)" "$(t '%s must be between %ld and %ld.' "$(t Port)" 1 65535)"
add_pool 2
tui_field nfspool1; tui_field 2048; tui_field ""; tui_field /media/nfs; tui_field 192.168.2.212
tui_field ""; tui_keys Space Tab; tui_field /raid/disk-pool; tui_keys F2
projects
check_screen "a netfs pool is added" "The storage pool was added."
check_sql "with format nfs and no port" \
  "SELECT src_host, src_port, src_format, src_dir FROM pool WHERE name = 'nfspool1'" \
  "192.168.2.212|0|nfs|/raid/disk-pool"

# ---- M9.3.2.3 iSCSI: a fixed target, CHAP both or neither, an initial refresh
N=$(pools)
OPS=$(ops)
add_pool 3
check_screen "the iSCSI target path is fixed" "/dev/disk/by-path"
check_screen "the authentication type is chap" "chap"
check_screen "the iSCSI form labels the target path as in the manual" "Target path"
check_screen "... and the authentication type" "Authentication type"
tui_field iscsipool3; tui_field 4096; tui_field ""; tui_field 192.168.2.189; tui_field ""
tui_field qyj-target; tui_field qgh; tui_keys F2
projects
refused "a CHAP user without a security object is refused (M9.3.2.3)" "$(t '%s is required.' "$(t 'Security object')")"
add_pool 3
tui_field iscsipool3; tui_field 4096; tui_field ""; tui_field 192.168.2.189; tui_field ""
tui_field qyj-target; tui_keys F2
projects
check_screen "an iSCSI pool is added and refreshed at once (P1/OP-28)" \
  "$(t 'The storage pool was added; %d volumes were found.' "$(pool_volumes iscsipool3)")"
check_sql "with the fixed target and port 3260" \
  "SELECT target_path, src_port, src_device FROM pool WHERE name = 'iscsipool3'" \
  "/dev/disk/by-path|3260|qyj-target"

# ---- M9.3.2.4 a host directory pool, bound to the chosen host
add_pool 4
check_screen "the host directory form asks for the bound host" "Bound host"
tui_field server-dir; tui_field 512; tui_field ""; tui_field /raid/disk-pool; tui_keys Space Tab
tui_keys F2
projects
check_screen "a host directory pool is added" "The storage pool was added."
check_sql "bound to the second host by name (beta)" \
  "SELECT h.name FROM pool p JOIN host h ON h.id = p.bound_host_id WHERE p.name = 'server-dir'" beta

# ---- M9.3.2.6 a logical pool: its name is the VG of the target
N=$(pools)
OPS=$(ops)
add_pool 5
check_screen "the logical form has the fixed format lvm2" "lvm2"
tui_field vg1; tui_field 98770; tui_field ""; tui_field /dev/server212-lvm; tui_keys Tab
tui_field "/dev/sda3 /dev/sda4"; tui_keys F2
projects
refused "a name unlike the VG is refused (M9.3.2.6)" \
  "The pool name must equal the volume group name in the target path."
add_pool 5
tui_field server212-lvm; tui_field 98770; tui_field ""; tui_field /dev/server212-lvm; tui_keys Tab
tui_field "/dev/sda3 /dev/sda4"; tui_keys F2
projects
check_screen "a logical pool is added" "$(t 'The storage pool was added; %d volumes were found.' "$(pool_volumes server212-lvm)")"
check_sql "with both devices" "SELECT group_concat(path, ' ') FROM pool_device" "/dev/sda3 /dev/sda4"

# ---- M9.3.2.5 a disk pool on /dev
add_pool 6
check_screen "the disk target path is fixed /dev" "/dev"
tui_field diskvolpool1; tui_field 148000; tui_field ""; tui_keys Tab; tui_keys Right Tab
tui_field /dev/sdb; tui_keys F2
projects
check_screen "a disk pool is added" "$(t 'The storage pool was added; %d volumes were found.' "$(pool_volumes diskvolpool1)")"
check_sql "with its device and partition table format" \
  "SELECT target_path, src_device, src_format FROM pool WHERE name = 'diskvolpool1'" "/dev|/dev/sdb|gpt"
check_screen "six pools are listed" "$(items 1 6 6)"

# ---- M9.3.1 the query row: name, capacity from-to, type, created from-to,
# bound to host, bound host (重置 first brings every field back to empty/All)
spaces() { local i; for ((i = 0; i < $1; i++)); do tui_keys Space; done; }
q() { # NAME CAP_MIN CAP_MAX TYPE(spaces) FROM TO BOUND(spaces) HOST
  tui_keys / Tab Tab Tab Tab Tab Tab Tab Tab Tab Enter Escape /
  tui_field "$1"; tui_field "$2"; tui_field "$3"; spaces "$4"; tui_keys Tab
  tui_field "$5"; tui_field "$6"; spaces "$7"; tui_keys Tab C-u
  [ -n "$8" ] && tui_type "$8"
  tui_keys Enter Escape
}
q pool "" "" 0 "" "" 0 ""
check_screen "a name part finds four pools" "$(items 1 4 4)"
q "" 1000 3000 0 "" "" 0 ""
check_screen "a capacity range finds two" "$(items 1 2 2)"
check_screen "... the netfs pool" "nfspool1"
check_screen "... with its type in the manual's words" "Network file system pool"
check_no_screen "... not the 512 MB one" "server-dir"
q "" "" "" 5 "" "" 0 ""
check_screen "the type choice finds the logical pool" "server212-lvm"
check_screen "... alone" "$(items 1 1 1)"
q "" "" "" 0 "" "" 1 ""
check_screen "bound to a host: the three bound pools" "$(items 1 3 3)"
q "" "" "" 0 "" "" 2 ""
check_screen "not bound: the three shared pools" "$(items 1 3 3)"
check_screen "... among them iSCSI" "iscsipool3"
q "" "" "" 0 "" "" 0 alp
check_screen "a bound host name part finds its two pools" "$(items 1 2 2)"
check_screen "... the logical pool on alpha" "server212-lvm"
TODAY=$(date +%F)
q "" "" "" 0 "$TODAY" "$TODAY" 0 ""
check_screen "created today: all six (OP-27)" "$(items 1 6 6)"
q "" "" "" 0 "2000-01-01" "2000-12-31" 0 ""
check_screen "created in 2000: none" "$(items 0 0 0)"
q "" "" "" 0 "2024-13-40" "" 0 ""
check_screen "an impossible date is refused" "$(t '%s must be a date such as 2024-03-10.' "$(t 'Created at')")"
q "" "" "" 0 "" "" 0 ""
check_screen "查询 with empty fields lists all six again" "$(items 1 6 6)"

# ---- M9.3.3 the description
tui_keys Home
tui_wait "dos-pool" 5
tui_keys e
tui_wait "Edit storage pool description" 5
check_screen "the dialog shows the description" "共享池"
tui_keys C-u; tui_type "共享存储池一"; tui_keys Enter
check_screen "the description is saved (M9.3.3)" "The description was saved."
check_sql "it is stored" "SELECT description FROM pool WHERE name = 'dos-pool'" "共享存储池一"
check_sql "and logged" "SELECT action FROM op_log ORDER BY id DESC LIMIT 1" \
  "Modify storage pool description"

# ---- M9.3.5 details: the live libvirt XML
tui_keys x
tui_wait "Storage pool details" 5
check_screen "the details are what the host reports now (M9.3.5)" "As the host reports it now:"
check_screen "as libvirt pool XML" "<pool type='dir'>"
check_screen "with the live capacity" "<capacity unit='bytes'>"
tui_keys Escape

# ---- M7.2.1.3c a project's pools
tui_module "Project management"
tui_wait "Project information" 5
tui_keys Home
tui_wait "网站" 5
tui_keys c
tui_wait "Project storage pools" 5
tui_keys Down Down Down Enter
tui_wait "iscsipool3" 5
check_screen "the project's pool checklist lists every pool (M7.2.1.3c)" "server212-lvm"
tui_keys Space Down Space Enter
check_screen "the choice is saved" "The project configuration was saved."
check_sql "网站 now uses two pools" \
  "SELECT count(*) FROM pool_project pp JOIN project p ON p.id = pp.project_id WHERE p.name = '网站'" 2
check_sql "and it is logged" "SELECT action || ' ' || object FROM op_log ORDER BY id DESC LIMIT 1" \
  "Modify project storage pools 网站"

# ---- M9.3.4 delete: refused while the pool has volume records
tui_module "Storage pool management"
tui_wait "System storage pool information" 5
sql "INSERT INTO volume(pool_id, name_en, name_zh, path, present, created_at)
     SELECT id, 'gone', 'gone', '/dpfs/dos-pool/gone', 0, 0 FROM pool WHERE name = 'dos-pool'"
N=$(pools)
OPS=$(ops)
tui_keys Home d
tui_wait "Delete storage pool" 5
tui_keys Enter
check_screen "a pool with a volume record, even a missing one, is kept (M9.3.4)" \
  "The storage pool still has volumes; it cannot be deleted."
check "nothing was deleted" test "$(pools)" = "$N"
check "nothing was logged" test "$(ops)" = "$OPS"
sql "DELETE FROM volume"
tui_keys d
tui_wait "Delete storage pool" 5
tui_keys Escape
check "Esc keeps the pool" test "$(pools)" = "$N"
tui_keys d
tui_wait "Delete storage pool" 5
tui_keys Enter
check_screen "an empty pool is deleted" "$(t "The storage pool '%s' was deleted." dos-pool)"
check_sql "its record and project links are gone" \
  "SELECT count(*) FROM pool WHERE name = 'dos-pool'" 0
check_sql "and it is logged" "SELECT action || ' ' || object FROM op_log ORDER BY id DESC LIMIT 1" \
  "Delete storage pool dos-pool"

# ---- 80x24 and a resize
tui_resize 100 30
check_screen "a resize redraws the list with the description column" "Description"
tui_resize 80 24
check_screen "back at 80x24" "System storage pool information"
tui_quit

finish
