#!/bin/bash
# e2e-demo.sh - the demo from the build tree without DOSVM_DATADIR or
# DOSVM_LOCALEDIR, a missing demo file named, and the demo's temporary
# directory removed when the terminal closes (SIGHUP) or on SIGTERM
# (issue 9 point 9)
# features: M4.5c M10.2.1.1 M10.2.2.1 M10.2.3.1 M10.2.4.1 M11.1
. "$top_srcdir/tests/lib/tui.sh"

DEMOTMP=$TMPD/demo-tmp
mkdir -p "$DEMOTMP"
demo_dir() { ls -d "$DEMOTMP"/dosvm-demo-* 2>/dev/null | head -1; }
no_demo_dir() { [ -z "$(ls -A "$DEMOTMP")" ]; }
# gone_within SECONDS: wait until no demo directory is left
gone_within() {
  local until
  until=$(deadline "$1")
  until no_demo_dir; do
    [ "$(now_us)" -lt "$until" ] || return 1
    sleep 0.05
  done
}
# console_pid: the pid of the dosvm of the pane (the child of its shell)
console_pid() {
  local sh f pid ppid rest
  sh=$(tm list-panes -t "$PANE" -F '#{pane_pid}' 2>/dev/null)
  for f in /proc/[0-9]*/stat; do
    read -r pid _ _ ppid rest <"$f" 2>/dev/null || continue
    [ "$ppid" = "$sh" ] && { echo "$pid"; return; }
  done
}
DEMO_ACCOUNTS="Demo accounts: sysadm / 123456 (system administrator), admin1 / 123456 and admin2 / 123456 (project administrators)"

# ---------------------------------------------------------------- the build tree

# Neither variable set: ui/dosvm of the build tree finds data/demo of its
# source tree and the catalogue of its build tree (the zh run sees Chinese).
tui_start TMPDIR="$DEMOTMP" DOSVM_DATADIR= DOSVM_LOCALEDIR= -- --demo
check_screen "ui/dosvm --demo of the build tree starts without DOSVM_DATADIR" "$DEMO_ACCOUNTS"
check "... its demo database is made" test -s "$(demo_dir)/dosvm.db"
check_no_screen "... with no XML error" "XML error"
tui_login sysadm 123456
tui_wait "System user information"
tui_module "Host group management"
tui_page 2
check_screen "... and its three hosts come from the source tree's data/demo" "$(items 1 3 3)"
tui_module "Network management"
check_screen "... its three subnets are listed (M10.2.1.1)" "$(items 1 3 3)"
check_screen "... the demo's IPv6 subnet among them" "fd00:10::1"
tui_page 2
check_screen "... assigned to the demo projects (M10.2.2.1)" "$(items 1 4 4)"
check "... the 24 built-in filters and four of its own" \
  test "$(sqlite3 "$(demo_dir)/dosvm.db" "SELECT count(*) FROM nwfilter")" = 28
tui_page 4
check_screen "... and two security groups" "网站服务器安全组"
check_screen "... both listed" "$(items 1 2 2)"
demo_sql() { sqlite3 "$(demo_dir)/dosvm.db" "$1"; }
check "... two instances of the first project" test "$(demo_sql "SELECT count(*) FROM instance")" = 2
check "... three VMs, two of them running" \
  test "$(demo_sql "SELECT count(*) || '/' || sum(run_state = 1) FROM vm")" = 3/2
check "... one with a tree of two checkpoints" \
  test "$(demo_sql "SELECT count(*) FROM vm_checkpoint c JOIN vm ON vm.id = c.vm_id WHERE vm.name_en = 'db1'")" = 2
tui_quit
check "the demo's directory is removed on quit" no_demo_dir
tui_start TMPDIR="$DEMOTMP" -- --demo
tui_wait "$DEMO_ACCOUNTS"
tui_login admin1 123456
tui_module "VM management" projadm
tui_wait "Instance information" 5
check_screen "the project admin sees the demo's instances (M11.3a)" 网站前端
tui_page 2
check_screen "... and its VMs, web1 running" web1 5
check_screen "... db1 too" db1
tui_quit
check "the demo's directory is removed on quit" no_demo_dir

# ---------------------------------------------------------------- a missing file

OUT=$(env -u LANGUAGE $(tui_lang_env) DOSVM_LOCALEDIR="$DOSVM_LOCALEDIR" TMPDIR="$DEMOTMP" \
  DOSVM_DATADIR="$TMPD/nodata" "$DOSVM" --demo 2>&1 </dev/null)
RC=$?
check "a missing demo file: dosvm --demo exits with status 1" test "$RC" = 1
MISSING=$(t 'The demo host file %s is missing. Install dosvm (make install), run ui/dosvm of a build tree, or set DOSVM_DATADIR to the directory that holds demo/%s.' "$TMPD/nodata/demo/host1.xml" host1.xml)
check "... and says which file is missing and how to run the demo" test "$OUT" = "dosvm: $MISSING"
[ "$OUT" = "dosvm: $MISSING" ] || echo "# got: $OUT"
check "... leaving no demo directory" no_demo_dir

# ---------------------------------------------------------------- signals

tui_start TMPDIR="$DEMOTMP" -- --demo
tui_wait "$DEMO_ACCOUNTS"
check "a second demo has its directory" test -n "$(demo_dir)"
PID=$(console_pid)
check "the console's pid is found" test -n "$PID"
kill -TERM "$PID" 2>/dev/null
check "SIGTERM at the login screen removes the demo's directory" gone_within 10
check "... and the console ends of SIGTERM (status 143)" test "$(tui_exit_status 10)" = 143

tui_start TMPDIR="$DEMOTMP" -- --demo
tui_login sysadm 123456
tui_wait "System user information"
tui_keys F1 # a dialog's own key loop is open when the signal comes
tui_wait "Keys everywhere:"
PID=$(console_pid)
kill -HUP "$PID" 2>/dev/null
check "SIGHUP inside a dialog removes the demo's directory" gone_within 10
check "... and the console ends of SIGHUP (status 129)" test "$(tui_exit_status 10)" = 129

tui_start TMPDIR="$DEMOTMP" -- --demo
tui_login sysadm 123456
tui_wait "System user information"
check "a third demo has its directory" test -n "$(demo_dir)"
tm kill-server # the terminal closes: the kernel sends SIGHUP
check "closing the terminal removes the demo's directory" gone_within 10

finish
