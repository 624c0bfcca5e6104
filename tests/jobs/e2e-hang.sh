#!/bin/bash
# e2e-hang.sh - hosts whose libvirt endpoint accepts a connection and never
# answers (a listener this test starts on unix sockets): adding one by URI,
# and refreshing a pool on a registered one, run as background jobs; the
# console keeps answering keys and redrawing while the calls hang, the Tasks
# page shows each task running, then failed after the job's timeout
# (DOSVM_JOB_TIMEOUT_S), and no record is written.
# One script for both languages (DOSVM_TEST_LANG, tests/lib/tui.sh).
# features: D11 D3
. "$top_srcdir/tests/lib/tui.sh"

SOCK=$TMPD/hang.sock SOCK2=$TMPD/hang2.sock
# accept every connection on both sockets, keep it open, never write a byte
"$top_builddir/tests/jobs/hang-listener" "$SOCK" "$SOCK2" >"$TMPD/listener.out" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do grep -q ready "$TMPD/listener.out" 2>/dev/null && break; sleep 0.05; done
URI="qemu+unix:///system?socket=$SOCK"
URI2="qemu+unix:///system?socket=$SOCK2"
TIMEOUT=6

# wait_sql SQL VALUE SECONDS: poll the database until SQL gives VALUE
wait_sql() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -le $deadline ]; do
    [ "$(sql "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# the words to expect, in the run's language ("read" trims the blanks
# around a key hint)
read -r W_BACKGROUND <<<"$(t " b: background ")"
W_CONNECTING=$(t_head "Connecting to %s...")
W_NO_CANCEL=$(t_clause "This task cannot be cancelled; b sends it to the background.")
W_BG_NOTE=$(t_clause "The task goes on in the background; the Tasks page shows it.")
W_RUNNING=$(t "Running") W_TIMED_OUT=$(t "Timed out")
W_NO_ANSWER=$(t_head "No answer in time (%d s) from the host '%s'; the task was abandoned." "$TIMEOUT")
W_REFRESHING=$(t "Refreshing the pool on its host...")

scenario() {
  local host=dead-$TUI_LANG
  tui_start DOSVM_JOB_TIMEOUT_S=$TIMEOUT -- --db "$DB"
  tui_login sysadm 123456
  tui_module "Host group management"
  tui_keys Escape Down Enter
  check_screen "the host list opens" "Host information" 5
  tui_keys a; tui_wait "Add host" 5
  tui_field "$host"; tui_keys C-u; tui_type "$URI"; tui_keys Enter
  check_screen "adding the host shows the job's progress dialog" "$W_CONNECTING" 5
  check_screen "the dialog offers the background" "$W_BACKGROUND" 5
  tui_resize 100 30
  check_screen "the dialog follows a resize while the call hangs" "$W_BACKGROUND" 3
  tui_resize 80 24
  tui_keys Escape
  check_screen "Esc is answered while the call hangs: it cannot be cancelled" \
    "$W_NO_CANCEL" 3
  check_sql "the task is recorded as running" \
    "SELECT state FROM task WHERE what = 'Add host' AND object = '$host'" running
  tui_keys b
  check_screen "b sends it to the background" "$W_BG_NOTE" 3
  tui_keys Escape
  # the console answers keys and redraws while the host does not answer
  tui_module "User management"
  check_screen "another module opens and is drawn while the call hangs" "System user information" 3
  tui_module "Task management"
  check_screen "the Tasks page lists the task" "$host" 3
  check_screen "as running" "$W_RUNNING" 3
  tui_resize 140 30
  check_screen "a resize redraws the page, now with the host column" "qemu+unix" 3
  tui_resize 80 24
  wait_sql "SELECT state FROM task WHERE object = '$host'" timeout $((TIMEOUT + 10))
  check_screen "the page shows the timeout once it passes" "$W_TIMED_OUT" 3
  check_screen "with the message naming the host" "$W_NO_ANSWER" 3
  check_sql "the task ended as timed out, with the message" \
    "SELECT state, result LIKE '%$SOCK%' FROM task WHERE object = '$host'" "timeout|1"
  check_sql "nothing was registered" "SELECT count(*) FROM host WHERE uri = '$URI'" 0
  check_screen "the status line said how the background task ended" "$W_NO_ANSWER" 3
  tui_keys /; tui_keys Right Right Right Right Right; tui_keys Enter Escape
  check_screen "the query by state keeps the timed-out task" "$host" 3

  # a pool on the registered host that never answers: its refresh
  tui_module "Storage pool management"
  check_screen "the pool list shows the pool" "stuck-pool" 5
  tui_keys Home v
  check_screen "its volumes open" "Storage volume information" 5
  tui_keys r; tui_wait "Refresh the pool now?" 5; tui_keys Enter
  check_screen "the refresh shows the job's progress dialog" "$W_REFRESHING" 5
  tui_keys b
  check_screen "and goes to the background" "$W_BG_NOTE" 3
  tui_keys Escape Escape
  tui_module "Task management"
  check_screen "the Tasks page shows the refresh running on its host" "stuck-pool" 3
  wait_sql "SELECT count(*) FROM task WHERE object = 'stuck-pool' AND state = 'running'" 0 \
    $((TIMEOUT + 10))
  check_sql "the refresh timed out naming the host" \
    "SELECT count(*) FROM task WHERE object = 'stuck-pool' AND host = 'stuck' AND state = 'timeout' AND result LIKE '%stuck%'" \
    1
  check_sql "no refresh was logged" \
    "SELECT count(*) FROM op_log WHERE action = 'Refresh storage pool'" 0
  tui_quit
}

init_db
"$DVTOOL" register-host "$DB" stuck "$URI2" >/dev/null || echo "# dvtool register-host failed"
mkdir -p "$TMPD/dpfs"
sql "INSERT INTO setting(key, value) VALUES ('shared_fs_root', '$TMPD/dpfs');
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at)
       VALUES ('$(cat /proc/sys/kernel/random/uuid)', 'stuck-pool', 0, 1000, '$TMPD/dpfs/p', 0);"
scenario

# quitting while a task still runs: it ends at once, marked interrupted
tui_start DOSVM_JOB_TIMEOUT_S=600 -- --db "$DB"
tui_login sysadm 123456
tui_module "Host group management"
tui_keys Escape Down Enter
tui_wait "Host information" 5
tui_keys a; tui_wait "Add host" 5
tui_field "dead-quit"; tui_keys C-u; tui_type "$URI"; tui_keys Enter
tui_wait "$W_BACKGROUND" 5; tui_keys b Escape
tui_keys q
# the question's last line, up to its first full stop: "Tasks still running: 1"
quit=$(t "Quit dosvm?

Tasks still running: %d. They end now and are marked interrupted." 1)
quit=${quit##*$'\n'} quit=${quit%%[.。]*}
check_screen "quitting asks, naming the task still running" "$quit" 5
tui_keys Enter
check "dosvm exits at once, not waiting for the host" test "$(tui_exit_status 10)" = 0
check_sql "the task ended as failed, interrupted" \
  "SELECT state, result = '$(t "Interrupted: the program running the task ended.")' FROM task WHERE object = 'dead-quit'" \
  "failed|1"
finish
