#!/bin/bash
# e2e-merge-real.sh - the console on a REAL libvirtd (qemu:///system): a
# volume with 1.5 GB of data in a shared directory pool of a temporary shared
# root, an incremental snapshot of it, and the merge into a new volume, long
# enough to watch its progress bar while the console stays live.  Reuses or
# starts a libvirtd (tests/lib/libvirtd.sh); skipped without one.
# features: M9.4.8.4 M9.4.8.2 M9.4.3
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/lib/libvirtd.sh"

why=$(libvirtd_skip_reasons)
command -v qemu-io >/dev/null || why="$why qemu-utils is not installed"
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi
trap 'libvirtd_stop; cleanup' EXIT
if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi

ROOT=$TMPD/dpfs
POOL=$ROOT/merge-$$
mkdir -p "$ROOT"
init_db
"$DVTOOL" add-host "$DB" real qemu:///system >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('shared_fs_root', '$ROOT');
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at)
       VALUES ('$(cat /proc/sys/kernel/random/uuid)', 'merge-$$', 0, 100000, '$POOL', 0);"

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Storage pool management"
tui_wait "merge-$$" 5
tui_keys v
tui_wait "Storage volume information" 5
tui_keys c
tui_wait "Create volume" 5
tui_field "大盘"; tui_field big; tui_field 4; tui_keys Space Space Space Space Space Space Space Space F2
check_screen "a 4 GiB qcow2 volume is created on the real host" "The volume was created."
check "its file exists" test -f "$POOL/big"
check "1.5 GB of data are written into it" \
  qemu-io -f qcow2 -c "write -P 0x5a 0 1536M" "$POOL/big"
tui_keys Home s
tui_wait "Volume incremental snapshot information" 5
tui_keys c
tui_wait "Create incremental snapshot" 5
tui_field "快照"; tui_field big-s1; tui_keys Enter
check_screen "its incremental snapshot is created" \
  "$(t_clause "The incremental snapshot of '%s' was created; use it, not the volume, as the VM's disk from now on." big)"
check "the snapshot is backed by the volume" \
  sh -c "qemu-img info -U '$POOL/big-s1' | grep -q 'backing file: $POOL/big'"
tui_keys m
tui_wait "Merge incremental snapshot into a new volume" 5
tui_field big-flat; tui_keys F2
# the bar and the dialog's text are read from the same screen (a fast merge
# may end before a second look); the dialog wraps the text, so its first
# 16 characters (on its first line in both languages) are looked for
tui_wait "[#" 10; merging=$(screen)
what=$(t "Merging the snapshot and its backing files into '%s'..." big-flat)
check "the merge shows its progress bar while it runs" grep -qF "[#" <<<"$merging"
check "... in a dialog that says what it does" grep -qF "${what:0:16}" <<<"$merging"
check_screen "the merge ends with the new volume" "The snapshot was merged into a new volume; it is in the pool's volume list." 180
check "the merged file has no backing file" \
  sh -c "! qemu-img info -U '$POOL/big-flat' | grep -q 'backing file'"
check "and the snapshot's content" qemu-img compare -U "$POOL/big-s1" "$POOL/big-flat"
tui_keys Escape
tui_wait "Storage volume information" 5
check_screen "the pool's volumes list the merged volume" "big-flat"
tui_keys Escape
tui_wait "System storage pool information" 5
tui_quit
finish
