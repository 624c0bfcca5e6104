# tests/lib/tui.sh - drive the real dosvm in tmux and report TAP.
#
# Each test script sources this file, calls tui_start with the console's
# arguments, types keys, waits for text with a deadline (never fixed sleeps)
# and checks the database with sqlite3.  Every check prints one TAP line.
#
#   tui_start [--lang zh] [ENV=VALUE ...] -- ARGS    start dosvm in an 80x24 pane
#   (PANE=b before these functions drives a second console at the same time)
#   tui_type TEXT / tui_keys KEY...                  literal text / named keys
#   tui_wait TEXT [SECONDS]                          wait until TEXT is on screen
#   tui_gone TEXT [SECONDS]                          wait until TEXT is off screen
#   tui_login ACCOUNT PASSWORD                       fill the login dialog
#   tui_module NAME [projadm]                        open a top-bar module by English name
#   tui_page N [DIGIT]                               focus page N of the current module (or module DIGIT)
#   check_screen DESC TEXT / check_no_screen DESC TEXT
#   check_sql DESC "SQL" EXPECTED                    one value from the database
#   check DESC COMMAND...                            a command that must succeed
#   tui_exit_status                                  wait for exit, print status
#   finish                                           plan line, exit status

set -u

: "${top_builddir:?run from make check}"
: "${top_srcdir:?run from make check}"

DOSVM=$top_builddir/ui/dosvm
DVTOOL=$top_builddir/tests/lib/dvtool
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-e2e.XXXXXX")
DB=$TMPD/dosvm.db
PANE=main         # the console the functions talk to; set PANE=b for a second one
declare -A SOCKS  # console name -> its tmux server
TAP_N=0
TAP_FAILED=0

# tmux on the current console's server
tm() { tmux -L "${SOCKS[$PANE]:-none}" "$@"; }

cleanup() {
  local p
  for p in "${!SOCKS[@]}"; do tmux -L "${SOCKS[$p]}" kill-server 2>/dev/null; done
  rm -rf "$TMPD"
}
trap cleanup EXIT

if ! command -v tmux >/dev/null || ! command -v sqlite3 >/dev/null; then
  echo "1..0 # SKIP tmux or sqlite3 is not installed"
  exit 0
fi

tap() { # tap OK DESC
  TAP_N=$((TAP_N + 1))
  if [ "$1" = 0 ]; then
    echo "ok $TAP_N - $2"
  else
    TAP_FAILED=$((TAP_FAILED + 1))
    echo "not ok $TAP_N - $2"
  fi
}

screen() { tm capture-pane -p -t "$PANE" 2>/dev/null; }

dump_screen() {
  echo "# ---- screen ----"
  screen | sed 's/^/# |/'
}

# tui_start [--lang zh] [VAR=VALUE ...] -- dosvm arguments
tui_start() {
  local lang="C.UTF-8" language="" envs=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
      --lang) shift; [ "$1" = zh ] && { lang=zh_CN.UTF-8; language=zh_CN; } ;;
      *) envs+=("$1") ;;
    esac
    shift
  done
  [ "${1:-}" = -- ] && shift
  # a shell records the exit status (tmux does not always reap its child in time)
  rm -f "$TMPD/status.$PANE"
  local cmd
  cmd=$(printf '%q ' sh -c '"$@"; echo $? >"$0"' "$TMPD/status.$PANE" \
    env -u LANGUAGE LANG="$lang" LC_ALL="$lang" ${language:+LANGUAGE=$language} \
    DOSVM_LOCALEDIR="$DOSVM_LOCALEDIR" DOSVM_DATADIR="${DOSVM_DATADIR:-$top_srcdir/data}" TZ="${TZ:-UTC}" \
    ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" DOSVM_CHECK_KEYLOOP=1 \
    "${envs[@]}" "$DOSVM" "$@")
  # a fresh server each time: a killed one may still be shutting down
  tm kill-server 2>/dev/null
  STARTS=$((${STARTS:-0} + 1))
  SOCKS[$PANE]=dosvm-e2e-$$-$STARTS
  # the server's configuration keeps a pane whose program ended, to read its screen
  printf 'set -g remain-on-exit on\nset -g status off\n' >"$TMPD/tmux.conf"
  tm -f "$TMPD/tmux.conf" new-session -d -s "$PANE" -x 80 -y 24 "$cmd"
}

tui_type() { tm send-keys -t "$PANE" -l -- "$1"; }
tui_keys() { tm send-keys -t "$PANE" "$@"; }
# tui_resize COLS LINES
tui_resize() { tm resize-window -t "$PANE" -x "$1" -y "$2"; }

# tui_wait TEXT [SECONDS]: 0 when TEXT shows up in time
tui_wait() {
  local deadline=$((SECONDS + ${2:-10}))
  while [ $SECONDS -le $deadline ]; do
    screen | grep -qF -- "$1" && return 0
    sleep 0.05
  done
  return 1
}

# tui_gone TEXT [SECONDS]: 0 when TEXT has left the screen in time
tui_gone() {
  local deadline=$((SECONDS + ${2:-10}))
  while [ $SECONDS -le $deadline ]; do
    screen | grep -qF -- "$1" || return 0
    sleep 0.05
  done
  return 1
}

check_screen() { # DESC TEXT [SECONDS]
  if tui_wait "$2" "${3:-10}"; then tap 0 "$1"; else tap 1 "$1"; echo "# expected on screen: $2"; dump_screen; fi
}

check_no_screen() { # DESC TEXT
  if screen | grep -qF -- "$2"; then tap 1 "$1"; echo "# not expected on screen: $2"; dump_screen; else tap 0 "$1"; fi
}

sql() { sqlite3 -batch -noheader "$DB" "$1"; }

check_sql() { # DESC SQL EXPECTED
  local got
  got=$(sql "$2")
  if [ "$got" = "$3" ]; then tap 0 "$1"; else tap 1 "$1"; echo "# SQL: $2"; echo "# got '$got', want '$3'"; fi
}

check() { # DESC COMMAND...
  local desc=$1; shift
  if "$@"; then tap 0 "$desc"; else tap 1 "$desc"; fi
}

# tui_login ACCOUNT PASSWORD: fill the login dialog (it must be showing)
tui_login() {
  tui_wait "*:" 10 || { dump_screen; return 1; }
  tui_keys PPage C-u
  tui_type "$1"
  tui_keys Tab C-u
  tui_type "$2"
  tui_keys Enter
}

# tui_field TEXT: clear the focused field and type TEXT, then Tab to the next
tui_field() {
  tui_keys C-u
  [ -n "$1" ] && tui_type "$1"
  tui_keys Tab
}

# Wait for the program to end; print its exit status (or "running").
tui_exit_status() {
  local deadline=$((SECONDS + ${1:-10}))
  while [ $SECONDS -le $deadline ]; do
    if [ -s "$TMPD/status.$PANE" ]; then
      cat "$TMPD/status.$PANE"
      return 0
    fi
    sleep 0.05
  done
  echo running
}

# Quit from the main screen with q and the confirmation; check status 0.
tui_quit() {
  tui_keys Escape q # Esc first: q in a form field would be typed
  tui_wait "${QUIT_TEXT:-Quit dosvm?}" 5
  tui_keys Enter
  local st
  st=$(tui_exit_status 10)
  if [ "$st" = 0 ]; then tap 0 "dosvm exits with status 0"; else tap 1 "dosvm exits with status 0 (got $st)"; dump_screen; fi
}

# The modules of each role in top-bar order (ui/nav.c); tui_module presses
# the digit of one by its English name, whatever the language on screen.
SYSADM_MODULES=("User management" "Project management" "Security object management"
  "Storage pool management" "Host group management" "Operation logs" "System parameters"
  "Task management")
PROJADM_MODULES=("Resource usage" "Volume management" "Image management" "Personal information management"
  "Task management")

tui_module() { # NAME [projadm]: a module both roles have is the sysadm's unless projadm
  local i
  if [ "${2:-}" = projadm ]; then
    for i in "${!PROJADM_MODULES[@]}"; do
      [ "${PROJADM_MODULES[$i]}" = "$1" ] && { tui_keys "$((i + 1))"; return 0; }
    done
  fi
  for i in "${!SYSADM_MODULES[@]}"; do
    [ "${SYSADM_MODULES[$i]}" = "$1" ] && { tui_keys "$((i + 1))"; return 0; }
  done
  for i in "${!PROJADM_MODULES[@]}"; do
    [ "${PROJADM_MODULES[$i]}" = "$1" ] && { tui_keys "$((i + 1))"; return 0; }
  done
  echo "# tui_module: no module named $1"
  return 1
}

# tui_page N [DIGIT]: focus the Nth page (1-based) of the current module or
# of top-bar module DIGIT (Esc leaves a page; a digit focuses a list at once)
tui_page() {
  local i
  tui_keys Escape
  [ -n "${2:-}" ] && tui_keys "$2" Escape
  tui_keys Home
  for ((i = 1; i < $1; i++)); do tui_keys Down; done
  tui_keys Enter
}

init_db() { "$DVTOOL" init "$DB" "$@" >/dev/null; }
# add_host NAME N: the test-driver host data/demo/hostN.xml
add_host() { "$DVTOOL" add-host "$DB" "$1" "test://$top_srcdir/data/demo/host$2.xml" >/dev/null; }
add_admin() { DVTOOL_SYSADM_PW=${SYSADM_PW:-123456} "$DVTOOL" add-admin "$DB" "$1" "$2" "$3" >/dev/null; }

finish() {
  echo "1..$TAP_N"
  [ "$TAP_FAILED" = 0 ]
}
