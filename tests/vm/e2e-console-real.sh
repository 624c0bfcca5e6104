#!/bin/bash
# e2e-console-real.sh - tier 4: the serial console of a running VM in the
# console, on a REAL libvirtd with the tiny real guest of tests/lib/guest.sh.
# 串口控制台 on the project's VM list attaches to the guest's shell: a
# command typed there runs in the guest and its output is on the console's
# screen; Ctrl-] detaches back to the list.  Peek shows the console without
# sending keys.  Skipped without root, libvirt or the guest's packages.
# features: M11.4 M11.1
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/lib/libvirtd.sh"
. "$top_srcdir/tests/lib/guest.sh"

guest_tier4_skip
NAME=dvcons-$$
trap 'guest_tier4_stop "$NAME"; cleanup' EXIT
guest_tier4_start "$TMPD"

LOG=$TMPD/$NAME.serial.log
init_db
"$DVTOOL" add-host "$DB" real qemu:///system >/dev/null
add_admin zhou 周 zhoupw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
"$DVTOOL" quota "$DB" "网站" max_instances=2 max_vcpus=4 max_mem_mb=4096 >/dev/null
sql "INSERT INTO setting(key, value) VALUES ('vm_temp_dir', '$TMPD')" >/dev/null
"$DVTOOL" guest-vm "$DB" zhou "$NAME" "$TMPD/guest" "$LOG" ||
  { echo "not ok 1 - the guest VM powers on"; echo "1..1"; exit 1; }
check "the guest boots on the real host" guest_wait_log "$LOG" "$GUEST_READY" 90

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "VM management" projadm
tui_page 2
tui_wait "$NAME" 10
tui_keys Home k
tui_wait "$(t "Ctrl-] detaches; every other key goes to the guest.")" 10
tui_keys Enter
check_screen "the serial console shows the guest's shell" "$GUEST_PROMPT" 20
tui_type 'echo DOSVM-CONSOLE-$((6*7))'
tui_keys Enter
check_screen "a command typed in the console runs in the guest, its output on screen" \
  DOSVM-CONSOLE-42 20
check "... the guest's serial log has it too" guest_wait_log "$LOG" DOSVM-CONSOLE-42 5
tui_keys C-]
tui_wait "$(t "Project VMs")" 10
check_screen "Ctrl-] detaches back to the VM list" "$NAME"

tui_keys Home p
tui_wait "$(t "Ctrl-] leaves; keys are not sent while peeking.")" 10
tui_type 'echo PEEK-$((6*7))'
tui_keys Enter
sleep 1
check "a peek sends no key to the guest" sh -c "! grep -q PEEK-42 '$LOG'"
tui_keys C-]
tui_wait "$NAME" 10
tui_quit
finish
