#!/bin/bash
# e2e-volumes.sh - volumes and incremental snapshots on a test-driver host:
# a project admin's pools and volumes (create, extend, modify, delete,
# refresh) and snapshots (create, remark, merge, delete) with the pool
# capacity, the disk and snapshot quotas and the pool-type matrix; the
# sysadm's entry through the pool list.  The pools are
# records only: the console defines them on the host when first used.
# features: M9.3.6 M9.4 M9.4.1 M9.4.2 M9.4.3 M9.4.4 M9.4.5 M9.4.6 M9.4.7
# features: M9.4.8.1 M9.4.8.2 M9.4.8.3 M9.4.8.4 M9.4.8.5 M7.3.2
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_admin zhou 周 zhoupw
sql "INSERT INTO project_group(name, file_dir, created_at) VALUES ('组', '/tmp', 0);
     INSERT INTO project(name, active, max_disk_mb, max_snapshots, created_at)
       VALUES ('网站', 1, 2048, 1, 0), ('数据', 1, 0, 0, 0);
     UPDATE user SET project_id = (SELECT id FROM project WHERE name = '网站') WHERE account = 'zhou';
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at) VALUES
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000001', 'web-pool', 0, 1024, '/dpfs/web-pool', 0),
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000002', 'data-pool', 0, 1024, '/dpfs/data-pool', 0),
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000003', 'san', 2, 4096, '/dev/disk/by-path', 0);
     UPDATE pool SET src_host = '192.168.2.189', src_port = 3260, src_device = 'qyj-target' WHERE name = 'san';
     INSERT INTO pool_project(pool_id, project_id)
       SELECT pool.id, project.id FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';" \
  >/dev/null

volumes() { sql "SELECT count(*) || ' ' || coalesce(sum(capacity), 0) FROM volume"; }
ops() { sql "SELECT count(*) FROM op_log"; }
snapshot() { V=$(volumes); OPS=$(ops); }
unchanged() { # DESC
  check "$1: the volumes are unchanged" test "$(volumes)" = "$V"
  check "$1: nothing is logged" test "$(ops)" = "$OPS"
}
refused() { # DESC TEXT
  check_screen "$1" "$2"
  tui_discard
  unchanged "$1"
}
# create ZH EN CAPACITY [UNIT-SPACES [FORMAT-SPACES [COMPAT-SPACES LAZY-SPACES]]]
create() {
  local i
  tui_keys c
  tui_wait "Create volume" 5
  tui_field "$1"; tui_field "$2"; tui_field "$3"
  for ((i = 0; i < ${4:-0}; i++)); do tui_keys Space; done
  tui_keys Tab
  for ((i = 0; i < ${5:-0}; i++)); do tui_keys Space; done
  tui_keys Tab Tab Tab Tab Tab
  for ((i = 0; i < ${6:-0}; i++)); do tui_keys Space; done
  tui_keys Tab
  for ((i = 0; i < ${7:-0}; i++)); do tui_keys Space; done
  tui_keys F2
}
row() { tui_keys Home; local i; for ((i = 1; i < $1; i++)); do tui_keys Down; done; }

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Volume management"
check_screen "存储卷管理 opens the project's pool list (M9.4, M9.4.1)" "Project storage pool information"
check_screen "it lists the pool assigned to the project" "web-pool"
check_no_screen "and not the others" "data-pool"
check_screen "... one pool" "$(items 1 1 1)"
tui_keys v
check_screen "存储卷信息 opens the pool's volumes (M9.4.2)" "Storage volume information"
check_screen "with the capacity column" "Capacity (MiB)"
check_screen "the toolbar names the volume actions as the manual does" \
  "$(toolbar c 'Create volume' x 'Extend volume')"
tui_keys c
tui_wait "Create volume" 5
check_screen "the create form has the unit" "Unit"
check_screen "... and the compatibility level" "Compatibility level"
tui_keys Escape

# ---- M9.4.3 create
snapshot
create "大盘" big 2
refused "a volume beyond the pool's 1024 MB is refused (M9.4.3)" \
  "$(t "This exceeds the storage pool's logical capacity (%lld MiB; %lld MiB are taken)." 1024)"
create "系统盘" "a b" 1
refused "an English name with a blank is refused" "$(t "%s may contain only letters, digits, '-', '_' and '.'." "$(t 'English name')")"
create "系统盘" sys 0.5 0 0 1 1
refused "lazy refcounts with compatibility 0.10 are refused" "lazy_refcounts requires compat level 1.1."
create "" sys 0.5
refused "an empty Chinese name is refused before anything runs" "$(t '%s is required.' "$(t 'Chinese name')")"
create "系统盘" sys 0.5
check_screen "a volume is created" "The volume was created."
check_sql "with its path, format and capacity (0.5 GB)" \
  "SELECT path || ' ' || format || ' ' || capacity || ' ' || present FROM volume WHERE name_en = 'sys'" \
  "/dpfs/web-pool/sys qcow2 500000000 1"
check_sql "counted for the project" \
  "SELECT p.name FROM volume v JOIN project p ON p.id = v.project_id WHERE v.name_en = 'sys'" 网站
check_sql "and logged" "SELECT user || ' ' || action || ' ' || object FROM op_log ORDER BY id DESC LIMIT 1" \
  "zhou Create volume sys"
check_screen "the list shows it as existing" "Exists"
snapshot
create "系统盘" sys 0.1
refused "a duplicate English name is refused" "$(t "The pool already has a volume named '%s'." sys)"
sql "UPDATE pool SET capacity_mb = 100000 WHERE name = 'web-pool'"
create "大盘" big 2
refused "2 GB more is beyond the project's 2048 MB disk quota (OP-9)" \
  "$(t "This exceeds the project's disk capacity quota (%lld MiB; %lld MiB are used)." 2048)"

# ---- a volume whose file is missing can be neither extended nor snapshotted
sql "UPDATE volume SET present = 0 WHERE name_en = 'sys'"
tui_keys F5
tui_wait "Missing" 5
row 1
tui_keys x
check_screen "a missing volume cannot be extended, the status line says why" \
  "Not possible while the volume is missing."
check_no_screen "... and no dialog opens" "Size to add (MiB)"
tui_keys s
check_no_screen "... nor its snapshots open" "Volume incremental snapshot information"
sql "UPDATE volume SET present = 1 WHERE name_en = 'sys'"
tui_keys F5
tui_wait "Exists" 5

# ---- M9.4.4 extend
row 1
tui_keys x
tui_wait "Extend volume" 5
tui_field 10; tui_keys F2
refused "an extension of 10 MB is refused (M9.4.4)" "$(t 'The extension must be greater than %d MiB; a volume cannot shrink.' 10)"
tui_keys x
tui_wait "Extend volume" 5
tui_field -100; tui_keys F2
refused "a negative extension (a shrink) is refused" "Size to add (MiB)"
tui_keys x
tui_wait "Extend volume" 5
tui_field 5000; tui_keys F2
refused "an extension beyond the quota is refused" "$(t "This exceeds the project's disk capacity quota (%lld MiB; %lld MiB are used)." 2048)"
tui_keys x
tui_wait "Extend volume" 5
tui_field 20; tui_keys F2
# (up to the host's URI, which a deep build tree makes too long for the dialog)
refused "the test driver's refusal to resize is shown" \
  "$(t_head '%s is not supported by the host %s.' virStorageVolResize)"

# ---- M9.4.5 modify
tui_keys e
tui_wait "Modify volume" 5
check_screen "the dialog shows the Chinese name" "系统盘"
tui_field "系统盘一"; tui_keys C-u; tui_type "装好的系统"; tui_keys Enter
check_screen "the volume is saved (M9.4.5)" "The volume was saved."
check_sql "with its Chinese name and description" \
  "SELECT name_zh || ' ' || description FROM volume WHERE name_en = 'sys'" "系统盘一 装好的系统"

# ---- M9.4.8.1-5 incremental snapshots
tui_keys s
check_screen "卷增量快照管理 opens the volume's snapshots (M9.4.8.1)" \
  "Volume incremental snapshot information"
tui_keys c
tui_wait "Create incremental snapshot" 5
tui_field "快照一"; tui_field sys-s1; tui_keys Enter
check_screen "a snapshot is created (M9.4.8.2)" \
  "$(t_clause "The incremental snapshot of '%s' was created; use it, not the volume, as the VM's disk from now on." sys)"
check_sql "it is a qcow2 volume built on sys" \
  "SELECT v.format || ' ' || b.name_en FROM volume v JOIN volume b ON b.id = v.parent_id WHERE v.name_en = 'sys-s1'" \
  "qcow2 sys"
check_screen "the snapshot page lists it" "sys-s1"
snapshot
tui_keys c
tui_wait "Create incremental snapshot" 5
tui_field "快照二"; tui_field sys-s2; tui_keys Enter
refused "a second snapshot is beyond the snapshot quota of 1" \
  "$(t "This exceeds the project's disk snapshot quota (%lld)." 1)"
tui_keys r
tui_wait "Remark incremental snapshot" 5
tui_field "装好 nginx"; tui_field "快照甲"; tui_keys F2
check_screen "the remark is saved (M9.4.8.3)" "The snapshot was saved."
check_sql "with the Chinese name" "SELECT remark || ' ' || name_zh FROM volume WHERE name_en = 'sys-s1'" \
  "装好 nginx 快照甲"
tui_keys m
tui_wait "Merge incremental snapshot into a new volume" 5
tui_field sys; tui_keys F2
check_screen "a merge into an existing name is refused (M9.4.8.4)" \
  "$(t "The pool already has a volume named '%s'." sys)"
tui_discard
tui_keys m
tui_wait "Merge incremental snapshot into a new volume" 5
tui_field sys-full; tui_keys F2
check_screen "the snapshot is merged into a new volume" "The snapshot was merged into a new volume; it is in the pool's volume list."
check_sql "the new volume stands alone" \
  "SELECT parent_id IS NULL, format FROM volume WHERE name_en = 'sys-full'" "1|qcow2"
check_sql "the merge is logged" "SELECT action FROM op_log ORDER BY id DESC LIMIT 1" \
  "Merge incremental snapshot into a new volume"
tui_keys Escape
tui_wait "Storage volume information" 5
snapshot
row 1
tui_keys d
tui_wait "Delete volume" 5
tui_keys Enter
check_screen "a volume a snapshot is built on cannot be deleted (OP-38)" \
  "$(t "Incremental snapshots are built on '%s'; delete them first." sys)"
unchanged "deleting a snapshot's base"
tui_keys s
tui_wait "Volume incremental snapshot information" 5
tui_keys d
tui_wait "Delete incremental snapshot" 5
tui_keys Enter
check_screen "the snapshot is deleted (M9.4.8.5)" "$(t "The incremental snapshot '%s' was deleted." sys-s1)"
check_sql "its record is gone" "SELECT count(*) FROM volume WHERE name_en = 'sys-s1'" 0
tui_keys Escape
tui_wait "Storage volume information" 5

# ---- M9.4.7 refresh, M9.4.6 delete
tui_keys r
tui_wait "Refresh the pool now?" 5
tui_keys Enter
check_screen "the pool is refreshed (M9.4.7)" "$(t 'The pool was refreshed: %d added, %d marked missing, %d updated.' 0 0 2)"
row 1
tui_keys d
tui_wait "$(t "Delete the volume '%s' and its file?" sys)" 5
tui_keys Enter
check_screen "the volume is deleted (M9.4.6)" "$(t "The volume '%s' was deleted." sys)"
check_sql "only the merged volume is left" "SELECT group_concat(name_en) FROM volume" sys-full
check_sql "the delete is logged" "SELECT action || ' ' || object FROM op_log ORDER BY id DESC LIMIT 1" \
  "Delete volume sys"
tui_keys Escape

# ---- M7.3.2 the project's usage shows the volumes
tui_module "Resource usage"
check_screen "the usage gauges count the volume's disk (M7.3.2)" "477 / 2048"
tui_quit

# ---- M9.3.6 the sysadm's entry, and the matrix of an iSCSI pool (M9.2)
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Storage pool management"
tui_wait "System storage pool information" 5
tui_keys End v
check_screen "存储卷信息 from the pool list opens the pool's volumes (M9.3.6)" \
  "Storage volume information"
snapshot
tui_keys c
check_screen "an iSCSI pool cannot create volumes (M9.2)" \
  "This pool type does not support this operation."
unchanged "creating in an iSCSI pool"
tui_keys r
tui_wait "Refresh the pool now?" 5
tui_keys Enter
check_screen "but it can be refreshed" "$(t_head 'The pool was refreshed: %d added, %d marked missing, %d updated.')"
tui_keys Escape
tui_keys Home v
tui_wait "Storage volume information" 5
create "管理员盘" admin-disk 0.2
check_screen "the sysadm creates a volume in any pool" "The volume was created."
check_sql "which counts in no project's quota (OP-32)" \
  "SELECT project_id IS NULL FROM volume WHERE name_en = 'admin-disk'" 1
tui_quit

finish
