#!/bin/bash
# e2e-sigpipe-real.sh - tier 4: a host whose libvirtd goes away under the
# console does not end it (issue 8, point 5: SIGPIPE is ignored; before, the
# next call on the kept connection ended the console with status 141).  The
# console creates a volume on a private libvirtd (qemu:///system), which keeps
# its connection to the host; the libvirtd is killed with SIGKILL; the next
# volume is refused with libvirt's error in its form while the console stays up, and it
# works again once a libvirtd is back.  A libvirtd this test did not start is
# never killed (skipped then).
# features: M9.4.3
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/lib/libvirtd.sh"

why=$(libvirtd_skip_reasons)
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi
trap 'libvirtd_stop; cleanup' EXIT
if ! libvirtd_start "$TMPD"; then
  echo "not ok 1 - a private libvirtd starts"; echo "1..1"; exit 1
fi
if [ -z "$LV_PID" ]; then
  echo "1..0 # SKIP a libvirtd runs already: this test kills only one it started"
  exit 0
fi

ROOT=$TMPD/dpfs
POOL=$ROOT/pipe-$$
mkdir -p "$ROOT"
init_db
"$DVTOOL" add-host "$DB" real qemu:///system >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('shared_fs_root', '$ROOT');
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at)
       VALUES ('$(cat /proc/sys/kernel/random/uuid)', 'pipe-$$', 0, 100000, '$POOL', 0);"

# create_volume EN-NAME: the Create volume dialog on the pool's volume page
create_volume() {
  tui_keys c
  tui_wait "Create volume" 5
  tui_field "卷$1"; tui_field "$1"; tui_field 1; tui_keys F2
}

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Storage pool management"
tui_wait "pipe-$$" 5
tui_keys v
tui_wait "Storage volume information" 5
create_volume v1
check_screen "a volume is created on the real host (the connection is kept)" "The volume was created."
check "its file exists" test -f "$POOL/v1"

kill -KILL "$(cat "$LV_PID")"
for _ in $(seq 50); do kill -0 "$(cat "$LV_PID")" 2>/dev/null || break; sleep 0.1; done
create_volume v2
check_screen "the console survives its host's libvirtd killed under it: the form says why" \
  "$(t "Cannot connect to %s: %s" qemu:///system "")" 30
check "it is still running" test "$(tui_exit_status 1)" = running
tui_discard
check_sql "no record of the refused volume" "SELECT count(*) FROM volume WHERE name_en = 'v2'" 0
check "and no file" test ! -e "$POOL/v2"
dump_screen

libvirtd -d -f "$TMPD/libvirtd.conf" -p "$LV_PID" {LV_LOCK_FD}>&-
for _ in $(seq 150); do libvirt_up && break; sleep 0.2; done
create_volume v3
check_screen "with a libvirtd back, the next volume is created" "The volume was created." 30
check "its file exists" test -f "$POOL/v3"
tui_quit

finish
