#!/bin/bash
# e2e-hang.sh - hosts whose libvirt endpoint accepts a connection and never
# answers (a listener this test starts on unix sockets): adding one by URI,
# and refreshing a pool on a registered one, run as background jobs; the
# console keeps answering keys and redrawing while the calls hang, the Tasks
# page shows each task running, then failed after the job's timeout
# (DOSVM_JOB_TIMEOUT_S), and no record is written.
# Run in English, then in zh_CN (LANG=zh_CN.UTF-8).
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

# the zh_CN translation of a message
msg() { LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 TEXTDOMAINDIR=$DOSVM_LOCALEDIR gettext dosvm "$1"; }

# wait_sql SQL VALUE SECONDS: poll the database until SQL gives VALUE
wait_sql() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -le $deadline ]; do
    [ "$(sql "$1")" = "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# scenario LANG: the words to expect are set by the caller
scenario() {
  local lang=$1 host=dead-${1:-en}
  tui_start ${lang:+--lang $lang} DOSVM_JOB_TIMEOUT_S=$TIMEOUT -- --db "$DB"
  tui_login sysadm 123456
  tui_module "Host group management"
  tui_keys Escape Down Enter
  check_screen "[${lang:-en}] the host list opens" "$W_HOSTS" 5
  tui_keys a; tui_wait "$W_ADD" 5
  tui_field "$host"; tui_keys C-u; tui_type "$URI"; tui_keys Enter
  check_screen "[${lang:-en}] adding the host shows the job's progress dialog" "$W_CONNECTING" 5
  check_screen "[${lang:-en}] the dialog offers the background" "$W_BACKGROUND" 5
  tui_resize 100 30
  check_screen "[${lang:-en}] the dialog follows a resize while the call hangs" "$W_BACKGROUND" 3
  tui_resize 80 24
  tui_keys Escape
  check_screen "[${lang:-en}] Esc is answered while the call hangs: it cannot be cancelled" \
    "$W_NO_CANCEL" 3
  check_sql "[${lang:-en}] the task is recorded as running" \
    "SELECT state FROM task WHERE what = 'Add host' AND object = '$host'" running
  tui_keys b
  check_screen "[${lang:-en}] b sends it to the background" "$W_BG_NOTE" 3
  tui_keys Escape
  # the console answers keys and redraws while the host does not answer
  tui_module "User management"
  check_screen "[${lang:-en}] another module opens and is drawn while the call hangs" "$W_USERS" 3
  tui_module "Task management"
  check_screen "[${lang:-en}] the Tasks page lists the task" "$host" 3
  check_screen "[${lang:-en}] as running" "$W_RUNNING" 3
  tui_resize 140 30
  check_screen "[${lang:-en}] a resize redraws the page, now with the host column" "qemu+unix" 3
  tui_resize 80 24
  wait_sql "SELECT state FROM task WHERE object = '$host'" timeout $((TIMEOUT + 10))
  check_screen "[${lang:-en}] the page shows the timeout once it passes" "$W_TIMED_OUT" 3
  check_screen "[${lang:-en}] with the message naming the host" "$W_NO_ANSWER" 3
  check_sql "[${lang:-en}] the task ended as timed out, with the message" \
    "SELECT state, result LIKE '%$SOCK%' FROM task WHERE object = '$host'" "timeout|1"
  check_sql "[${lang:-en}] nothing was registered" "SELECT count(*) FROM host WHERE uri = '$URI'" 0
  check_screen "[${lang:-en}] the status line said how the background task ended" "$W_NO_ANSWER" 3
  tui_keys /; tui_keys Right Right Right Right Right; tui_keys Enter Escape
  check_screen "[${lang:-en}] the query by state keeps the timed-out task" "$host" 3

  # a pool on the registered host that never answers: its refresh
  tui_module "Storage pool management"
  check_screen "[${lang:-en}] the pool list shows the pool" "stuck-pool" 5
  tui_keys Home v
  check_screen "[${lang:-en}] its volumes open" "$W_VOLUMES" 5
  tui_keys r; tui_wait "$W_REFRESH_Q" 5; tui_keys Enter
  check_screen "[${lang:-en}] the refresh shows the job's progress dialog" "$W_REFRESHING" 5
  tui_keys b
  check_screen "[${lang:-en}] and goes to the background" "$W_BG_NOTE" 3
  tui_keys Escape Escape
  tui_module "Task management"
  check_screen "[${lang:-en}] the Tasks page shows the refresh running on its host" "stuck-pool" 3
  wait_sql "SELECT count(*) FROM task WHERE object = 'stuck-pool' AND state = 'running'" 0 \
    $((TIMEOUT + 10))
  check_sql "[${lang:-en}] the refresh timed out naming the host" \
    "SELECT count(*) FROM task WHERE object = 'stuck-pool' AND host = 'stuck' AND state = 'timeout' AND result LIKE '%stuck%'" \
    "$RUNS"
  check_sql "[${lang:-en}] no refresh was logged" \
    "SELECT count(*) FROM op_log WHERE action = 'Refresh storage pool'" 0
  tui_quit
}

init_db
"$DVTOOL" register-host "$DB" stuck "$URI2" >/dev/null || echo "# dvtool register-host failed"
mkdir -p "$TMPD/dpfs"
sql "INSERT INTO setting(key, value) VALUES ('shared_fs_root', '$TMPD/dpfs');
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at)
       VALUES ('$(cat /proc/sys/kernel/random/uuid)', 'stuck-pool', 0, 1000, '$TMPD/dpfs/p', 0);"
RUNS=1
W_VOLUMES="Storage volume information" W_REFRESH_Q="Refresh the pool now?"
W_REFRESHING="Refreshing the pool on its host"
W_HOSTS="Host information" W_ADD="Add host" W_CONNECTING="Connecting to"
W_BACKGROUND="b: background" W_NO_CANCEL="cannot be cancelled"
W_BG_NOTE="goes on in the background" W_USERS="System user information"
W_RUNNING="Running" W_TIMED_OUT="Timed out" W_NO_ANSWER="No answer in time"
scenario ""

if locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
  QUIT_TEXT="退出 dosvm 吗？"
  W_HOSTS="宿主机信息" W_ADD="新增宿主机" W_CONNECTING="qemu+unix"
  W_BACKGROUND="b：转入后台" W_NO_CANCEL="该任务不能取消" W_BG_NOTE="任务转入后台继续运行"
  W_USERS="系统用户信息" W_RUNNING="运行" W_TIMED_OUT="超时" W_NO_ANSWER="未在规定时间"
  W_VOLUMES="存储卷信息" W_REFRESH_Q="$(msg 'Refresh the pool now?')"
  W_REFRESHING="$(msg 'Refreshing the pool on its host...')"
  RUNS=2
  scenario zh
else
  echo "# the zh_CN.UTF-8 locale is not generated: the Chinese run is left out"
fi

# quitting while a task still runs: it ends at once, marked interrupted
QUIT_TEXT="Quit dosvm?"
tui_start DOSVM_JOB_TIMEOUT_S=600 -- --db "$DB"
tui_login sysadm 123456
tui_module "Host group management"
tui_keys Escape Down Enter
tui_wait "Host information" 5
tui_keys a; tui_wait "Add host" 5
tui_field "dead-quit"; tui_keys C-u; tui_type "$URI"; tui_keys Enter
tui_wait "b: background" 5; tui_keys b Escape
tui_keys q
check_screen "quitting asks, naming the task still running" "Tasks still running: 1" 5
tui_keys Enter
check "dosvm exits at once, not waiting for the host" test "$(tui_exit_status 10)" = 0
check_sql "the task ended as failed, interrupted" \
  "SELECT state, result LIKE 'Interrupted%' FROM task WHERE object = 'dead-quit'" "failed|1"
finish
