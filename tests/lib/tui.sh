# tests/lib/tui.sh - drive the real dosvm in tmux and report TAP.
#
# Each test script sources this file, calls tui_start with the console's
# arguments, types keys, waits for text with a deadline (never fixed sleeps)
# and checks the database with sqlite3.  Every check prints one TAP line.
#
# One script serves both languages.  DOSVM_TEST_LANG=en (the default) or zh
# selects the language of a run: tui_start runs the console under
# LANG=zh_CN.UTF-8 for zh, and every expected screen text goes through the
# built catalogue ($DOSVM_LOCALEDIR, domain dosvm) before it is matched.
# `make check` runs each script of E2E_TESTS twice: tests/x/e2e-y.sh in
# English and its generated twin tests/x/e2e-y.zh in Chinese (tests/local.mk).
#
#   t MSGID [ARG...]                                 MSGID in the run's language, ARGs printf'ed in
#                                                    (fewer ARGs: its start, up to the first missing)
#   t_head MSGID [ARG...]                            its start, up to the first value without an ARG
#   t_clause MSGID [ARG...]                          its first clause, up to the first ';'
#   items FIRST LAST TOTAL                           the paging bar's "Items 1 - 15 (of 20)"
#   toolbar KEY LABEL...                             a toolbar's "[a]Add [e]Modify"
#   TUI_LANG                                         en or zh: the language of this run
#   tui_start [--lang en|zh] [ENV=VALUE ...] -- ARGS start dosvm in an 80x24 pane
#   (PANE=b before these functions drives a second console at the same time)
#   tui_type TEXT / tui_keys KEY...                  literal text / named keys
#   tui_wait TEXT [SECONDS]                          wait until TEXT is on screen (SECONDS may be 0.5)
#   tui_gone TEXT [SECONDS]                          wait until TEXT is off screen
#   tui_login ACCOUNT PASSWORD                       fill the login dialog
#   tui_module NAME [projadm]                        open a top-bar module by English name
#   tui_page N [DIGIT]                               focus page N of the current module (or module DIGIT)
#   tui_discard                                      Esc on a changed form, OK to "Discard the changes?"
#   tui_scroll_to TEXT [SECONDS]                     press Right (a table wider than the pane scrolls
#                                                    sideways) until TEXT is on screen; tui_scroll_back
#   check_screen DESC TEXT / check_no_screen DESC TEXT
#   check_sql DESC "SQL" EXPECTED                    one value from the database
#   check DESC COMMAND...                            a command that must succeed
#   tui_f4_command                                   press F4, print the dosvmctl command the
#                                                    dialog shows (its lines joined), close it
#   tui_copy_db / tui_run_on_copy CMD / tui_same SQL  F4 tests: copy $DB to $COPY before an
#                                                    action; run the command F4 showed on the
#                                                    copy ($TMPD/pw, out and err in $TMPD); the
#                                                    query gives the same rows in both
#   tui_f4_redo DESC EXPECTED [WHAT SQL ...]         check that F4 shows EXPECTED, that it runs
#                                                    on the copy, and that each SQL gives the same
#                                                    WHAT in both databases
#   tui_exit_status                                  wait for exit, print status
#   finish                                           plan line, exit status
#
# tui_wait, tui_gone, check_screen and check_no_screen translate their TEXT
# when it is a message of the catalogue; any other text (data: names,
# numbers, URIs, or a message already passed through t) is matched as it is.
# A message with values is written $(t "The user '%s' is frozen." zhao6),
# so the zh run looks for the translation with the same values.  A check
# that holds in English only says why and tests [ "$TUI_LANG" = en ].
# A text of 12 characters or more is also found when a dialog wraps it over
# lines (at each language's own places).  Waits poll every 20 ms (TUI_POLL).

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

TUI_LANG=${DOSVM_TEST_LANG:-en}
case $TUI_LANG in
  en) ;;
  zh)
    if ! locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
      echo "1..0 # SKIP the zh_CN.UTF-8 locale is not generated (locale-gen)"
      exit 0
    fi
    if ! command -v gettext >/dev/null; then
      echo "1..0 # SKIP gettext (gettext-base) is not installed"
      exit 0
    fi
    ;;
  *)
    echo "Bail out! DOSVM_TEST_LANG must be en or zh, not '$TUI_LANG'"
    exit 1
    ;;
esac

# tui_printf FORMAT ARG...: printf, also for the positional %N$ conversions a
# translation may use (bash's printf has none); with fewer ARGs than
# conversions, the text up to the first conversion without one
tui_printf() {
  local fmt=$1 out="" n=0 i spec
  local re='^([^%]*)%(([0-9]+)\$)?([-#0 +]*[0-9]*(\.[0-9]+)?[hlLqjzt]*([a-zA-Z%]))(.*)$'
  shift
  while [[ $fmt =~ $re ]]; do
    out+=${BASH_REMATCH[1]}
    spec=${BASH_REMATCH[4]}
    fmt=${BASH_REMATCH[7]}
    if [ "${BASH_REMATCH[6]}" = % ]; then
      out+=%
      continue
    fi
    if [ -n "${BASH_REMATCH[3]}" ]; then i=${BASH_REMATCH[3]}; else n=$((n + 1)); i=$n; fi
    if [ "$i" -gt $# ]; then
      printf '%s' "$out"
      return
    fi
    out+=$(printf -- "%$spec" "${!i}")
  done
  printf '%s' "$out$fmt"
}

# t MSGID [ARG...]: what the console shows for MSGID in this run's language
# (the built catalogue's translation for zh), with the ARGs put in; with
# fewer ARGs than the message has values, only its start (up to the first
# missing value: for a message whose end varies, such as libvirt's reason)
t() {
  local s=$1
  shift
  if [ "$TUI_LANG" = zh ] && [ -n "$s" ]; then
    s=$(TEXTDOMAINDIR=$DOSVM_LOCALEDIR LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 gettext -d dosvm -- "$s")
  fi
  if [ $# -gt 0 ]; then tui_printf "$s" "$@"; else printf '%s' "$s"; fi
}

# t_head MSGID [ARG...]: the start of MSGID's text, up to its first value
# without an ARG (t with no ARGs gives the whole message, conversions and all)
t_head() {
  local s
  s=$(t "$1")
  shift
  tui_printf "$s" "$@"
}

# t_clause MSGID [ARG...]: the message's first clause, up to its first ';'
# (for a message too long for the status line, which cuts it)
t_clause() {
  local s
  s=$(t "$@")
  s=${s%%;*}
  printf '%s' "${s%%；*}"
}

# items FIRST LAST TOTAL: the paging bar of a list
items() { t "Items %lld - %lld (of %lld)" "$@"; }

# toolbar KEY LABEL...: a list's toolbar, "[a]Add [e]Modify", in the run's language
toolbar() {
  local out=""
  while [ $# -ge 2 ]; do
    out+="${out:+ }[$1]$(t "$2")"
    shift 2
  done
  printf '%s' "$out"
}

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

# tui_lang_env [en|zh]: the locale variables that run a program in a language
tui_lang_env() {
  case ${1:-$TUI_LANG} in
    zh) echo LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN ;;
    *) echo LANG=C.UTF-8 LC_ALL=C.UTF-8 ;;
  esac
}

# tui_start [--lang en|zh] [VAR=VALUE ...] -- dosvm arguments (the run's
# language unless --lang says otherwise)
tui_start() {
  local lang=$TUI_LANG envs=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case $1 in
      --lang) shift; lang=$1 ;;
      *) envs+=("$1") ;;
    esac
    shift
  done
  [ "${1:-}" = -- ] && shift
  # a shell records the exit status (tmux does not always reap its child in time)
  rm -f "$TMPD/status.$PANE"
  local cmd
  cmd=$(printf '%q ' sh -c '"$@"; echo $? >"$0"' "$TMPD/status.$PANE" \
    env -u LANGUAGE $(tui_lang_env "$lang") \
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

# flatten: the text without blanks, line ends and the boxes' side lines, so
# that a message a dialog wrapped over lines (at a language's own places)
# is still found; used for texts of 12 characters or more
flatten() { LC_ALL=C.UTF-8 sed 's/[│ ]//g' | tr -d '\n'; }

# on_screen TEXT FLAT: 0 when TEXT is on one line of the screen, or FLAT
# (TEXT flattened, or empty) on the flattened screen
on_screen() {
  local s
  s=$(screen)
  grep -qF -- "$1" <<<"$s" && return 0
  [ -n "$2" ] && flatten <<<"$s" | grep -qF -- "$2"
}

# deadline SECONDS: the clock in microseconds SECONDS (may be "0.5") from now;
# now_us: the clock in microseconds (EPOCHREALTIME without its decimal point)
now_us() { printf '%s' "${EPOCHREALTIME//[!0-9]/}"; }
deadline() {
  local s=$1 i f
  i=${s%%.*}
  f=${s#"$i"}
  f=${f#.}000000
  echo $(($(now_us) + ${i:-0} * 1000000 + 10#${f:0:6}))
}

# Waits poll the screen every TUI_POLL seconds: a text that is already there
# is found at once, one that comes later within about 20 ms.
TUI_POLL=0.02

# tui_wait TEXT [SECONDS]: 0 when TEXT shows up in time
tui_wait() {
  local until text flat=""
  until=$(deadline "${2:-10}")
  text=$(t "$1")
  [ ${#text} -ge 12 ] && flat=$(flatten <<<"$text")
  while :; do
    on_screen "$text" "$flat" && return 0
    [ "${EPOCHREALTIME//[!0-9]/}" -lt "$until" ] || return 1
    sleep $TUI_POLL
  done
}

# tui_gone TEXT [SECONDS]: 0 when TEXT has left the screen in time
tui_gone() {
  local until text flat=""
  until=$(deadline "${2:-10}")
  text=$(t "$1")
  [ ${#text} -ge 12 ] && flat=$(flatten <<<"$text")
  while :; do
    on_screen "$text" "$flat" || return 0
    [ "${EPOCHREALTIME//[!0-9]/}" -lt "$until" ] || return 1
    sleep $TUI_POLL
  done
}

check_screen() { # DESC TEXT [SECONDS]
  if tui_wait "$2" "${3:-10}"; then tap 0 "$1"; else tap 1 "$1"; echo "# expected on screen: $(t "$2")"; dump_screen; fi
}

check_no_screen() { # DESC TEXT
  local text flat=""
  text=$(t "$2")
  [ ${#text} -ge 12 ] && flat=$(flatten <<<"$text")
  if on_screen "$text" "$flat"; then tap 1 "$1"; echo "# not expected on screen: $text"; dump_screen; else tap 0 "$1"; fi
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
tui_f4_command() {
  tui_keys F4
  tui_wait "dosvmctl --user" 5 || { dump_screen >&2; return 1; }
  # the dialog's text between its borders (the last two │ of a line), from
  # "dosvmctl --user" to the blank line, a wrapped line joined at its blank
  screen | LC_ALL=C.UTF-8 awk -F'│' '
    NF >= 3 { f = $(NF - 1); sub(/^ +/, "", f); sub(/ +$/, "", f)
              if (!on && index(f, "dosvmctl --user ") == 1) on = 1
              else if (on && f == "") exit
              if (on) { printf "%s%s", sep, f; sep = " " } }'
  tui_keys Escape
  tui_gone "dosvmctl --user" 5
}

COPY=$TMPD/copy.db
tui_copy_db() { sqlite3 "$DB" ".backup '$COPY'"; }
tui_run_on_copy() {
  local rest=${1#dosvmctl }
  eval "DOSVM_PASSWORD_FILE=\$TMPD/pw \"\$top_builddir/cli/dosvmctl\" --db \"\$COPY\" $rest" \
    </dev/null >"$TMPD/out" 2>"$TMPD/err"
}
tui_same() { test "$(sqlite3 "$DB" "$1")" = "$(sqlite3 "$COPY" "$1")"; }
tui_f4_redo() {
  local cmd
  cmd=$(tui_f4_command)
  check "$1" test "$cmd" = "$2"
  [ "$cmd" = "$2" ] || echo "# F4 showed: $cmd"
  tui_run_on_copy "$cmd"
  check "... it runs (exit 0)" test $? = 0
  shift 2
  while [ $# -ge 2 ]; do
    check "... and gives the same $1" tui_same "$2"
    shift 2
  done
}

tui_field() {
  tui_keys C-u
  [ -n "$1" ] && tui_type "$1"
  tui_keys Tab
}

# tui_discard: Esc on a form whose values changed, and OK to the question
# "Discard the changes?" it asks first (issue 9); 1 when it did not ask
tui_discard() {
  tui_keys Escape
  tui_wait "Discard the changes?" 5 || return 1
  tui_keys Enter
  tui_gone "Discard the changes?" 5
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
  "Storage pool management" "Network management" "Host group management" "Operation logs" "System parameters"
  "Task management")
PROJADM_MODULES=("Resource usage" "Volume management" "Image management" "Network management"
  "VM management" "Personal information management"
  "Task management")

# module_digit NAME: the sysadm's top-bar digit of module NAME
module_digit() {
  local i
  for i in "${!SYSADM_MODULES[@]}"; do
    [ "${SYSADM_MODULES[$i]}" = "$1" ] && { echo $((i + 1)); return 0; }
  done
  return 1
}

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

# tui_scroll_to TEXT [SECONDS]: scroll a list's columns right until TEXT is
# on screen (0), from its first column again after its last; tui_scroll_back
# returns to the first columns
tui_scroll_to() {
  local until text flat="" i=0
  until=$(deadline "${2:-10}")
  text=$(t "$1")
  [ ${#text} -ge 12 ] && flat=$(flatten <<<"$text")
  while :; do
    on_screen "$text" "$flat" && return 0
    [ "${EPOCHREALTIME//[!0-9]/}" -lt "$until" ] || return 1
    i=$((i + 1))
    if [ $i -gt 12 ]; then tui_scroll_back; i=0; else tui_keys Right; fi
    sleep $TUI_POLL
  done
}
tui_scroll_back() { local i; for ((i = 0; i < 12; i++)); do tui_keys Left; done; }

init_db() { "$DVTOOL" init "$DB" "$@" >/dev/null; }
# add_host NAME N: the test-driver host data/demo/hostN.xml
add_host() { "$DVTOOL" add-host "$DB" "$1" "test://$top_srcdir/data/demo/host$2.xml" >/dev/null; }
add_admin() { DVTOOL_SYSADM_PW=${SYSADM_PW:-123456} "$DVTOOL" add-admin "$DB" "$1" "$2" "$3" >/dev/null; }

finish() {
  echo "1..$TAP_N"
  [ "$TAP_FAILED" = 0 ]
}
