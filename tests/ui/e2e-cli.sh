#!/bin/bash
# e2e-cli.sh - the command line: --version, --help, bad options, DOSVM_DB, --demo,
# NO_COLOR and terminal resizing
# features: M4.5c
. "$top_srcdir/tests/lib/tui.sh"

# ---------------------------------------------------------------- helpers

export LC_ALL=C.UTF-8 # the screen's lines are measured in characters

# run_dosvm ARGS...: run dosvm outside tmux; sets OUT, ERR and RC
run_dosvm() {
  OUT=$(env -u LANGUAGE $(tui_lang_env) DOSVM_LOCALEDIR="$DOSVM_LOCALEDIR" "$DOSVM" "$@" \
    2>"$TMPD/stderr" </dev/null)
  RC=$?
  ERR=$(cat "$TMPD/stderr")
}

has() { [[ $1 == *"$2"* ]]; }       # has TEXT PART
sql_in() { sqlite3 -batch -noheader "$1" "$2" 2>/dev/null; } # sql_in FILE SQL

tmux_here() { # the current console's tmux server, whichever harness version
  if declare -F tm >/dev/null; then tm "$@"; else tmux -L "$SOCK" "$@"; fi
}
resize() { # COLS LINES
  if declare -F tui_resize >/dev/null; then tui_resize "$1" "$2"
  else tmux_here resize-window -t main -x "$1" -y "$2"; fi
}

# colour_codes: 0 when the screen uses a foreground or background colour
colour_codes() {
  tmux_here capture-pane -e -p -t main | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|38;|48;)'
}
no_colour_codes() { ! colour_codes; }

# line N: line N (1-based) of the screen
line() { screen | sed -n "${1}p"; }
# line_has N TEXT / line_lacks N TEXT: line N holds TEXT (translated) / does not
line_has() { [[ $(line "$1") == *"$(t "$2")"* ]]; }
line_lacks() { ! line_has "$@"; }
# wait_for COMMAND...: wait up to 10 s for COMMAND to succeed
wait_for() {
  local deadline=$((SECONDS + 10))
  until "$@"; do
    [ $SECONDS -gt $deadline ] && { dump_screen; return 1; }
    sleep 0.05
  done
}
# width TEXT: its display width in columns (a Chinese character takes 2)
width() { printf '%s' "$1" | wc -L; }
# centred TEXT COLS: the box line holding TEXT has equal margins (+-1) on a
# COLS-wide screen (capture-pane drops the blanks at the end of a line)
# (measured at the box's own corners: the page may show text beside it)
centred() {
  local l left box right
  l=$(screen | grep -F -- "$1" | head -1)
  [ -n "$l" ] || return 1
  left=${l%%┌*}
  box=${l#"$left"}
  box=${box%%┐*}┐
  left=$(width "$left")
  right=$(($2 - left - $(width "$box")))
  [ $((left - right)) -ge -1 ] && [ $((left - right)) -le 1 ]
}
# right_aligned TEXT COLS: the line holding TEXT ends with it at column COLS
# or COLS-1 (a blank may follow)
right_aligned() {
  local l
  l=$(screen | grep -F -- "$1" | head -1)
  [[ $l == *"$1" ]] && [ "$(width "$l")" -ge $(($2 - 1)) ] && [ "$(width "$l")" -le "$2" ]
}

# same_line A B: one screen line holds both A and B (translated)
same_line() { screen | grep -F -- "$(t "$1")" | grep -qF -- "$(t "$2")"; }
apart() { ! same_line "$@"; }

# quit_at_login: cancel the login dialog, confirm quitting, check status 0
quit_at_login() {
  tui_keys Escape
  tui_wait "Quit dosvm?" 5
  tui_keys Enter
  local st
  st=$(tui_exit_status 10)
  if [ "$st" = 0 ]; then tap 0 "dosvm exits with status 0"; else tap 1 "dosvm exits with status 0 (got $st)"; dump_screen; fi
}

# ---------------------------------------------------------------- options

run_dosvm --version
check "--version exits with 0" test "$RC" = 0
check "--version prints 'dosvm 0.1.0'" has "$OUT" "dosvm 0.1.0"
check "--version prints one line starting with the name" test "${OUT%% *}" = dosvm -a "$(printf '%s\n' "$OUT" | wc -l)" = 1

run_dosvm --help
check "--help exits with 0" test "$RC" = 0
check "--help lists --db" has "$OUT" "--db="
check "--help lists --demo" has "$OUT" "--demo"
check "--help lists --version" has "$OUT" "--version"
check "--help names DOSVM_DB" has "$OUT" "DOSVM_DB"

run_dosvm --no-such-option
check "an unknown option exits with 2" test "$RC" = 2
check "the error names the option" has "$ERR" "--no-such-option"
check "nothing is printed on stdout" test -z "$OUT"
run_dosvm --db
check "--db without a file exits with 2" test "$RC" = 2
run_dosvm --version extra-argument --bogus
check "a bad option among others exits with 2" test "$RC" = 2

# ---------------------------------------------------------------- DOSVM_DB

ENVDB=$TMPD/from-env.db
tui_start DOSVM_DB="$ENVDB" XDG_DATA_HOME="$TMPD/xdg" --
check_screen "DOSVM_DB: the login screen shows" "Log in to the management system"
check "DOSVM_DB: the console creates that database" test -s "$ENVDB"
if [ "$(id -u)" != 0 ]; then
  check "DOSVM_DB: not the default path under XDG_DATA_HOME" test ! -e "$TMPD/xdg/dosvm"
fi
tui_login sysadm 123456
check_screen "DOSVM_DB: a new database asks for the initial password change" \
  "Change the initial password"
check "DOSVM_DB: the session is held in that database" \
  test "$(sql_in "$ENVDB" "SELECT count(*) FROM session")" = 1
tui_keys Escape
tui_wait "Log in to the management system" 5
quit_at_login

# --db wins over DOSVM_DB.
OPTDB=$TMPD/from-option.db
tui_start DOSVM_DB="$ENVDB" -- --db "$OPTDB"
tui_login sysadm 123456
tui_wait "Change the initial password"
check "--db is used even with DOSVM_DB set" \
  test "$(sql_in "$OPTDB" "SELECT count(*) FROM session")" = 1
check "... and the DOSVM_DB file gets no row" \
  test "$(sql_in "$ENVDB" "SELECT count(*) FROM session")" = 0
tui_keys Escape
tui_wait "Log in to the management system" 5
quit_at_login

# ---------------------------------------------------------------- --demo

DEMOTMP=$TMPD/demo-tmp
demo_dir() { ls -d "$DEMOTMP"/dosvm-demo-*/ 2>/dev/null | head -1; }
mkdir -p "$DEMOTMP"
tui_start TMPDIR="$DEMOTMP" DOSVM_DB="$TMPD/not-for-demo.db" -- --demo
check_screen "--demo shows the demo accounts on the login screen" \
  "Demo accounts: sysadm / 123456 (system administrator), admin1 / 123456 and admin2 / 123456 (project administrators)"
check_screen "... naming admin1" "admin1 / 123456"
check_screen "... and admin2" "admin2 / 123456"
check "--demo works in a directory under TMPDIR" test -n "$(demo_dir)"
check "--demo keeps its database in that directory" test -s "$(demo_dir)dosvm.db"
check "--demo ignores DOSVM_DB" test ! -e "$TMPD/not-for-demo.db"
tui_login admin1 123456
check_screen "admin1 / 123456 logs in to the demo as a project administrator" \
  "$(t 'Resource usage: %s' 网站平台)"
check_no_screen "admin1 is not asked to change the password" "Change the initial password"
check "the login is recorded in the demo database" \
  test "$(sql_in "$(demo_dir)dosvm.db" "SELECT group_concat(user) FROM login_log")" = admin1
tui_keys F8
tui_wait "Log in to the management system" 5
tui_login sysadm 123456
check_screen "sysadm / 123456 logs in to the demo" "System user information"
check_no_screen "sysadm is not asked to change the password" "Change the initial password"
check_screen "the demo has admin1" "admin1"
check_screen "the demo has admin2" "admin2"
tui_module "Storage pool management"
check_screen "the demo has a shared directory pool" "dos-pool"
check_screen "... and an iSCSI pool" "san-189"
tui_keys Home v
check_screen "the demo pool has volumes" "centos7.qcow2"
check_screen "... and a snapshot" "centos7-s1.qcow2"
tui_keys Escape
tui_quit
check "the demo's temporary directory is removed at exit" \
  test -z "$(ls -A "$DEMOTMP")"

# ---------------------------------------------------------------- NO_COLOR

init_db
add_admin alice "Alice" alicepw
tui_start -- --db "$DB"
tui_wait "Log in to the management system"
check "with colours the screen uses colour codes" colour_codes
tui_keys F10
tui_wait "Quit dosvm?" 5
tui_keys Enter
tui_exit_status 10 >/dev/null

tui_start NO_COLOR=1 -- --db "$DB"
check_screen "NO_COLOR=1: the login screen shows" "Log in to the management system"
check "NO_COLOR=1: no colour codes at all" no_colour_codes
tui_login sysadm 123456
check_screen "NO_COLOR=1: the main screen works" "System user information"
check "NO_COLOR=1: still no colour on the main screen" no_colour_codes
tui_quit

# ---------------------------------------------------------------- resize

tui_start SSH_CONNECTION="10.9.8.7 50000 10.0.0.1 22" -- --db "$DB"
tui_wait "Log in to the management system"
resize 100 30
check "the login dialog is redrawn centred at 100x30" \
  wait_for centred "┌─ $(t 'Log in to the management system')" 100
check "the key bar moves to the new last line" wait_for line_has 30 "Tab $(t Next)"
resize 80 24
tui_login sysadm 123456
check_screen "logged in at 80x24" "$(items 1 1 1)"
check "at 80x24 the pager is on line 22" wait_for line_has 22 "$(items 1 1 1)"
# English only: the Chinese labels are short enough for one line at 80x24
if [ "$TUI_LANG" = en ]; then
  check "at 80x24 the toolbar needs two lines" apart "[w]Change my password" "[d]Delete"
fi
check "at 80x24 the user indicator is right-aligned" wait_for right_aligned "sysadm@10.9.8.7" 80

resize 100 30
check "at 100x30 the pager moves to line 28" wait_for line_has 28 "$(items 1 1 1)"
check "at 100x30 the old pager line is blank" line_lacks 22 "$(t_head 'Items %lld - %lld (of %lld)')"
check "at 100x30 the top bar still shows the modules" line_has 1 "1 $(t 'User management')"
check "at 100x30 the user indicator moves to the new right edge" \
  right_aligned "sysadm@10.9.8.7" 100
check "at 100x30 the key bar is on line 30" line_has 30 "F1 $(t Help)"
check_screen "at 100x30 the rows are still listed" "alice"
check "at 100x30 the toolbar uses the width (fewer lines)" \
  same_line "[w]$(t 'Change my password')" "[d]$(t Delete)"

resize 80 24
check "back at 80x24 the pager returns to line 22" wait_for line_has 22 "$(items 1 1 1)"
check "back at 80x24 the top bar shows the modules" line_has 1 "1 $(t 'User management')"
check "back at 80x24 the user indicator is right-aligned again" right_aligned "sysadm@10.9.8.7" 80
check "back at 80x24 the key bar is on line 24" line_has 24 "F1 $(t Help)"

# A dialog open during a resize is redrawn too.
tui_keys F1
tui_wait "Keys everywhere:" 5
check "the help dialog is centred at 80x24" centred "┌─ $(t Help)" 80
resize 100 30
check "the help dialog is re-centred after a resize" wait_for centred "┌─ $(t Help)" 100
check_screen "the help text is still shown" "Keys everywhere:"
tui_keys Escape
check "the help closes" tui_gone "Keys everywhere:" 5
check "the list under it is laid out for 100x30" wait_for line_has 28 "$(items 1 1 1)"
resize 80 24
tui_quit

finish
