#!/bin/bash
# e2e-logs.sh - the operation log, the login log, purging and the purge history
# features: M13.1.1 M13.1.2 M13.1.3 M13.1.4
. "$top_srcdir/tests/lib/tui.sh"

# The clock of every session (DOSVM_NOW, UTC) and the client address
# (SSH_CONNECTION), so that every log row is known in advance.
T0=1701388800 # 2023-12-01 00:00:00  fixture: alice added
T1=1704873600 # 2024-01-10 08:00:00  session A: bob and carol added
T2=1707555600 # 2024-02-10 09:00:00  session B: bob's password, carol frozen, alice deleted
T3=1710064800 # 2024-03-10 10:00:00  session C: the logs are read, first purge
T4=1712746800 # 2024-04-10 11:00:00  session D: second purge, the purge history
PURGE1=1706745600 # 2024-02-01 00:00:00
PURGE2=1704067200 # 2024-01-01 00:00:00

WIDE_COLS=160 # wide enough for every column of the log lists

# ---------------------------------------------------------------- helpers

count() { sql "SELECT count(*) FROM $1"; }

# session TIME ADDR: start the console at TIME as seen from client ADDR
session() {
  tui_start DOSVM_NOW="$1" SSH_CONNECTION="$2 40000 10.0.0.254 22" -- --db "$DB"
}

resize() { # COLS LINES
  if declare -F tui_resize >/dev/null; then tui_resize "$1" "$2"
  else tmux -L "$SOCK" resize-window -t main -x "$1" -y "$2"; fi
}

# line_with TEXT...: 0 when one screen line holds every TEXT (one table row)
line_with() {
  local line text texts=()
  for text in "$@"; do texts+=("$(t "$text")"); done
  while IFS= read -r line; do
    for text in "${texts[@]}"; do [[ $line == *"$text"* ]] || continue 2; done
    return 0
  done < <(screen)
  return 1
}

# check_row DESC TEXT...: wait (ROW_WAIT seconds) for one line with every TEXT
ROW_WAIT=10
check_row() {
  local desc=$1 deadline=$((SECONDS + ROW_WAIT))
  shift
  until line_with "$@"; do
    if [ $SECONDS -gt $deadline ]; then
      tap 1 "$desc"
      echo "# expected one line with: $*"
      dump_screen
      return
    fi
    sleep 0.05
  done
  tap 0 "$desc"
}

# row_no TEXT: number of the first screen line holding TEXT (0 when none)
row_no() { screen | grep -nF -- "$(t "$1")" | head -1 | cut -d: -f1 | grep . || echo 0; }

# content ACTION OBJECT: the operation content of a log row, "ACTION: OBJECT"
content() { t '%s: %s' "$(t "$1")" "$2"; }

# period_shows TEXT: the query row's period line holds TEXT
period_shows() { screen | grep -F "$(t 'Period from'):" | grep -qF -- "$1"; }
period_lacks() { ! period_shows "$1"; }

# query VALUE...: fill the query row's fields in order, press Query, leave the row
query() {
  local v
  tui_keys /
  for v in "$@"; do
    tui_keys C-u
    [ -n "$v" ] && tui_type "$v"
    tui_keys Tab
  done
  tui_keys Enter Escape
}

# find_module TITLE: print the digit of the top-bar module whose first page
# has TITLE (modules are numbered by the navigation table, which grows)
find_module() {
  local d t
  tui_keys Escape
  for t in 0.5 3; do # a second, slower pass for a loaded machine
    for d in 1 2 3 4 5 6 7 8 9; do
      tui_keys $d
      tui_wait "$1" $t && { echo $d; return; }
    done
  done
}

# bar_names DIGIT LABEL: the top bar shows module DIGIT as LABEL
bar_names() { screen | head -1 | grep -qF -- "$1 $(t "$2")"; }

# open_page MODULE N: the Nth page (1-based) of top-bar module MODULE, focused
open_page() { tui_page "$2" "$1"; }

# add_user NAME ACCOUNT PASSWORD: the sysadm adds a project admin through the
# UI: the first two fields, then the last three (the passwords), F2
add_user() {
  tui_keys a
  tui_wait "Add project administrator" 5
  tui_keys PPage C-u; tui_type "$1"
  tui_keys Tab C-u; tui_type "$2"
  tui_keys NPage C-u; tui_type "$3"
  tui_keys BTab C-u; tui_type "$3"
  tui_keys BTab C-u; tui_type 123456
  tui_keys F2
  tui_wait "The project administrator was added." 5
}

# select_user ACCOUNT: query the user list down to one account (selected)
select_user() {
  tui_keys /
  tui_keys C-u Tab C-u
  tui_type "$1"
  tui_keys Enter Escape
  tui_wait "$(items 1 1 1)" 5
}

# failed_login ACCOUNT PASSWORD: a refused login, waiting out its delay (keys
# typed during the delay are discarded)
failed_login() {
  tui_login "$1" "$2"
  tui_wait "Checking..." 3
  tui_gone "Checking..." 15
}

# purge TIME: type TIME into the purge page's field and submit (Enter)
purge() {
  tui_keys PPage C-u
  # wait for the cleared field to be drawn: text typed in the same read as the
  # focus change lands before its first character (the redraw that sets the
  # field's focus colour puts libform's cursor back to the field's start)
  tui_gone "$(t 'Purge log time') *: 2" 5
  tui_type "$1"
  tui_keys Enter
}

# ---------------------------------------------------------------- the history

init_db
DOSVM_NOW=$T0 add_admin alice "Alice" alicepw

# Session A: the sysadm adds bob and carol.
session $T1 10.0.0.1
tui_login sysadm 123456
tui_wait "System user information"
add_user "Bob" bob bobpw
add_user "Carol" carol carolpw
check_sql "the adds through the console are logged" \
  "SELECT group_concat(object) FROM (SELECT object FROM op_log WHERE time = $T1 ORDER BY id)" \
  "bob,carol"
tui_quit

# Session B: bob changes his password; a failed login; the sysadm freezes
# carol and deletes alice.
session $T2 10.0.0.2
tui_login bob bobpw
tui_wait "bob@10.0.0.2"
PROFILE=$(find_module "[e]$(t 'Modify basic info')")
open_page "$PROFILE" 1
tui_wait "Personal information"
tui_keys Space w
tui_wait "Old password" 5
tui_field bobpw; tui_field bobpw2; tui_keys C-u; tui_type bobpw2; tui_keys Enter
tui_wait "Password changed; the next login needs the new password." 5
tui_keys F8
logins=$(count login_log)
failed_login sysadm wrongpw
check_screen "a wrong password is refused" "Wrong account or password."
check "a failed login adds one login-log row with its result (M13.1.2, issue 8)" \
  test "$(count "login_log WHERE result = 1")" = 1 -a "$(count login_log)" = $((logins + 1))
failed_login nobody 123456
check_screen "an unknown account is refused" "Wrong account or password."
check "a failed login of an unknown account adds one too" \
  test "$(count "login_log WHERE result = 2 AND user = 'nobody'")" = 1 -a "$(count login_log)" = $((logins + 2))
tui_login sysadm 123456
tui_wait "System user information"
select_user carol
tui_keys f
tui_wait "$(t "Freeze '%s'? The user can no longer log in." carol)" 5
tui_keys Enter
tui_wait "$(t "The user '%s' is frozen." carol)" 5
select_user alice
tui_keys d
tui_wait "$(t "Delete the project administrator '%s'" alice)" 5
tui_type 123456
tui_keys Enter
tui_wait "$(t "The user '%s' was deleted." alice)" 5
tui_quit

check_sql "the successful logins are logged, one row each" \
  "SELECT group_concat(user || '@' || addr || '@' || time, ' ') FROM (SELECT * FROM login_log WHERE result = 0 ORDER BY id)" \
  "sysadm@10.0.0.1@$T1 bob@10.0.0.2@$T2 sysadm@10.0.0.2@$T2"
check_sql "the operations of the sessions are logged" "SELECT count(*) FROM op_log" 6

# ---------------------------------------------------------------- M13.1.1 operation log

session $T3 10.0.0.3
tui_login sysadm 123456
tui_wait "System user information"
LOGS=$(find_module "Operation log information")
check "a top-bar module opens on the operation log" test -n "$LOGS"
check "the top bar names it Operation logs" bar_names "$LOGS" "Operation logs"
open_page "$LOGS" 1
check_screen "its first page is the operation log" "Operation log information"
check_screen "the paging bar counts the six operations" "$(items 1 6 6)"
ROW_WAIT=3
# (at 80x24 the headers stay readable, so the content is cut: whole in Enter's details)
check_row "at 80x24 the newest row shows user, date, type and content" \
  "1 sysadm" "2024-02-10 09:00:00" "Delete" "$(t 'Delete user')"
ROW_WAIT=10
tui_keys Enter
check_screen "Enter shows the selected row's host address" "$(t 'Host address'): 10.0.0.2"
check_screen "... and its whole content" "$(t 'Operation content'): $(content 'Delete user' alice)"
tui_keys Escape
check "the row dialog closes" tui_gone "$(t 'Host address'): 10.0.0.2" 5

resize $WIDE_COLS 30
check_row "a delete: Delete, 'Delete user: alice'" \
  "sysadm" "2024-02-10 09:00:00" "10.0.0.2" "Delete" "$(content 'Delete user' alice)"
check_row "a freeze: Modify, 'Freeze user: carol'" \
  "sysadm" "2024-02-10 09:00:00" "10.0.0.2" "Modify" "$(content 'Freeze user' carol)"
check_row "bob's own change is logged under bob" \
  "bob" "2024-02-10 09:00:00" "10.0.0.2" "Modify" "$(content 'Change own password' bob)"
check_row "an add: Add, 'Add project administrator: carol'" \
  "sysadm" "2024-01-10 08:00:00" "10.0.0.1" "Add" "$(content 'Add project administrator' carol)"
check_row "an add of the fixture, with its address" \
  "sysadm" "2023-12-01 00:00:00" "fixture" "Add" "$(content 'Add project administrator' alice)"
check "the newest row comes first" \
  test "$(row_no "$(content 'Delete user' alice)")" -lt "$(row_no "$(content 'Add project administrator' alice)")"
check "the rows are numbered from 1" line_with " 1 sysadm" "$(content 'Delete user' alice)"
check "the oldest row is number 6" line_with " 6 sysadm" "$(content 'Add project administrator' alice)"

# Paging: a short terminal shows five rows a page.
resize $WIDE_COLS 12
check_screen "a short page shows rows 1-5" "$(items 1 5 6)"
tui_keys NPage
check_screen "PgDn shows the last row" "$(items 6 6 6)"
check_row "the last page holds the oldest row" " 6 sysadm" "$(content 'Add project administrator' alice)"
tui_keys Home
check_screen "Home returns to the first page" "$(items 1 5 6)"
resize $WIDE_COLS 30
check_screen "a tall page shows all six again" "$(items 1 6 6)"

# The user-name filter matches a part of the name.
query "" "" ob
check_screen "user 'ob' finds bob's operation only" "$(items 1 1 1)"
check_row "the row found is bob's" "bob" "$(content 'Change own password' bob)"
query "" "" sad
check_screen "user 'sad' finds the sysadm's five" "$(items 1 5 5)"
check_no_screen "bob's row is not among them" "$(content 'Change own password' bob)"
query "" "" ""
check_screen "an empty query lists everything" "$(items 1 6 6)"

# A period needs both ends.
query "2024-01-01 00:00:00" "" ""
check_screen "a period without an end is refused" \
  "Enter a complete time period: both the start and the end."
check_screen "the refused query leaves the list as it was" "$(items 1 6 6)"
check_row "the rows stay too" "$(content 'Delete user' alice)"
query "2024-01-01 00:00:00" "2024-01-31 23:59:59" ""
check_screen "a full period (January) filters" "$(items 1 2 2)"
check_row "January holds the add of bob" "2024-01-10 08:00:00" "$(content 'Add project administrator' bob)"
check_row "and the add of carol" "2024-01-10 08:00:00" "$(content 'Add project administrator' carol)"
check_no_screen "December's add is outside the period" "$(content 'Add project administrator' alice)"
check "the error message is gone after a good query" tui_gone "Enter a complete time period" 3
query "" "2024-02-29 23:59:59" ""
check_screen "a period without a start is refused" \
  "Enter a complete time period: both the start and the end."
check_screen "the filtered list stays as it was" "$(items 1 2 2)"
query "2024-02-01 00:00:00" "2024-01-01 00:00:00" ""
check_screen "an end before the start is refused" "End time must not be before the start time."
check_screen "the list still stays" "$(items 1 2 2)"
query "2024-02-01 00:00:00" "2024-02-29 23:59:59" "ob"
check_screen "period and user together: bob in February" "$(items 1 1 1)"
check_row "the row is bob's February change" "bob" "2024-02-10 09:00:00" "$(content 'Change own password' bob)"

# Reset clears the inputs only; Query applies them.
query "2024-01-01 00:00:00" "2024-01-31 23:59:59" ""
tui_wait "$(items 1 2 2)"
check "the query row shows the period in force" period_shows "2024-01-31 23:59:59"
tui_keys / Tab Tab Tab Tab
tui_keys Enter # Reset
check "Reset clears the inputs" tui_gone "2024-01-31 23:59:59" 5
check "the period's start is cleared too" period_lacks "2024-01-01"
check_screen "Reset does not query: the list stays filtered" "$(items 1 2 2)"
check "the list still holds the January rows only" line_with "$(content 'Add project administrator' bob)"
tui_keys BTab Enter # Query, with the cleared inputs
check_screen "Query with the cleared inputs lists everything" "$(items 1 6 6)"
tui_keys Escape

# ---------------------------------------------------------------- M13.1.2 login log

open_page "$LOGS" 2
check_screen "the second page is the login log" "Login log information"
check_screen "one row per login attempt (3 + 2 failures + this one)" "$(items 1 6 6)"
check_row "this session's login" "sysadm" "2024-03-10 10:00:00" "10.0.0.3" "Login succeeded"
check_row "bob's login" "bob" "2024-02-10 09:00:00" "10.0.0.2" "Login succeeded"
check_row "the sysadm's second login" "sysadm" "2024-02-10 09:00:00" "10.0.0.2" "Login succeeded"
check_row "the sysadm's first login" "sysadm" "2024-01-10 08:00:00" "10.0.0.1" "Login succeeded"
check_row "the failures show their result (issue 8)" "nobody" "2024-02-10 09:00:00" "10.0.0.2" "Unknown account"
check_row "... a wrong password too" "sysadm" "2024-02-10 09:00:00" "10.0.0.2" "Wrong password"
check_sql "the database holds the same six rows" "SELECT count(*) FROM login_log" 6
query "" "" bo
check_screen "user 'bo' finds bob's login and nobody's failure" "$(items 1 2 2)"
check_row "the row found is bob's" "bob" "Login succeeded"
query "2024-02-01 00:00:00" "2024-02-29 23:59:59" ""
check_screen "February holds two logins and two failures" "$(items 1 4 4)"
check_no_screen "March's login is outside" "2024-03-10 10:00:00"
query "2024-02-01 00:00:00" "" ""
check_screen "a half period is refused here too" \
  "Enter a complete time period: both the start and the end."
check_screen "and the list stays" "$(items 1 4 4)"
resize 80 24
ROW_WAIT=3
check_row "at 80x24 the login content is readable" "2024-02-10 09:00:00" "Login succeeded"
ROW_WAIT=10
resize $WIDE_COLS 30

# ---------------------------------------------------------------- M13.1.3 purge

ops_before=$(count op_log)
logins_before=$(count login_log)
open_page "$LOGS" 3
check_screen "the third page purges logs" "Purge history logs"
check_screen "the purge time defaults to today's midnight" "2024-03-10 00:00:00"

purge "2024-13-45 00:00:00"
check_screen "an unreadable time is refused" \
  "Purge log time must be written as YYYY-MM-DD HH:MM:SS."
check_no_screen "no confirmation is asked for it" "$(t 'Delete every operation log and login log before %s?' '2024-13-45 00:00:00')"
check_sql "the refused purge deleted no operation log" "SELECT count(*) FROM op_log" "$ops_before"
check_sql "the refused purge deleted no login log" "SELECT count(*) FROM login_log" "$logins_before"
check_sql "the refused purge recorded nothing" "SELECT count(*) FROM log_purge" 0

purge "2024-02-01 00:00:00"
check_screen "the purge asks first, naming the time" "$(t 'Delete every operation log and login log before %s?' '2024-02-01 00:00:00')"
tui_keys Escape
check "the confirmation closes on Esc" tui_gone "$(t 'Delete every operation log and login log before %s?' '2024-02-01 00:00:00')" 5
check_sql "cancelling deletes no operation log" "SELECT count(*) FROM op_log" "$ops_before"
check_sql "cancelling deletes no login log" "SELECT count(*) FROM login_log" "$logins_before"
check_sql "cancelling records no purge" "SELECT count(*) FROM log_purge" 0

purge "2024-02-01 00:00:00"
tui_wait "$(t 'Delete every operation log and login log before %s?' '2024-02-01 00:00:00')" 5
tui_keys Enter
check_screen "the purge reports what it deleted" \
  "$(t 'Purged %d operation log rows and %d login log rows.' 3 1)"
check_sql "the operation log keeps the rows from the purge time on" \
  "SELECT count(*) || ' ' || min(time) FROM op_log" "3 $T2"
check_sql "the login log keeps the rows from the purge time on" \
  "SELECT count(*) || ' ' || min(time) FROM login_log" "5 $T2"
check_sql "exactly one purge is recorded, with its purge point" \
  "SELECT group_concat(user || ' ' || addr || ' ' || time || ' ' || purge_point) FROM log_purge" \
  "sysadm 10.0.0.3 $T3 $PURGE1"
open_page "$LOGS" 1
check_screen "the operation log page shows what is left" "$(items 1 3 3)"
check_no_screen "the January adds are gone" "$(content 'Add project administrator' bob)"
tui_quit

# ---------------------------------------------------------------- M13.1.4 purge records

session $T4 10.0.0.4
tui_login sysadm 123456
tui_wait "System user information"
open_page "$LOGS" 3
purge "2024-01-01" # the time part defaults to 00:00:00
tui_wait "$(t 'Delete every operation log and login log before %s?' 2024-01-01)" 5
tui_keys Enter
check_screen "a purge that finds nothing still succeeds" \
  "$(t 'Purged %d operation log rows and %d login log rows.' 0 0)"
check_sql "a date alone purges from its midnight" \
  "SELECT purge_point FROM log_purge ORDER BY id DESC LIMIT 1" "$PURGE2"
check_sql "each purge adds one record" "SELECT count(*) FROM log_purge" 2

open_page "$LOGS" 4
check_screen "the fourth page is the purge history" "Log purge history information"
check_screen "it lists both purges" "$(items 1 2 2)"
ROW_WAIT=3
check_row "at 80x24 the purge point and content are readable (the type is in Enter's details)" \
  "2024-01-01 00:00:00" "Purge logs"
ROW_WAIT=10
tui_keys Enter
check_screen "Enter shows the purge's point" "$(t 'Purge point'): 2024-01-01 00:00:00"
check_screen "... its host address" "$(t 'Host address'): 10.0.0.4"
check_screen "... its type" "$(t 'Operation type'): $(t 'Delete')"
check_screen "... and its content" "$(t 'Operation content'): $(t 'Purge logs')"
tui_keys Escape
check "the row dialog closes" tui_gone "$(t 'Purge point'): 2024-01-01 00:00:00" 5
resize $WIDE_COLS 30
check_row "the newest purge: user, times, address, Delete, Purge logs" \
  "sysadm" "2024-04-10 11:00:00" "2024-01-01 00:00:00" "10.0.0.4" "Delete" "Purge logs"
check_row "the first purge" \
  "sysadm" "2024-03-10 10:00:00" "2024-02-01 00:00:00" "10.0.0.3" "Delete" "Purge logs"
query "2024-03-01 00:00:00" "2024-03-31 23:59:59"
check_screen "a period (March) filters the purges" "$(items 1 1 1)"
check_row "the purge of March is listed" "2024-03-10 10:00:00" "2024-02-01 00:00:00"
check_no_screen "April's purge is outside" "2024-04-10 11:00:00"
query "2024-03-01 00:00:00" ""
check_screen "a half period is refused" "Enter a complete time period: both the start and the end."
check_screen "and the list stays" "$(items 1 1 1)"
query "" ""
check_screen "no period lists both again" "$(items 1 2 2)"

# No action can change or delete a purge record.
check_no_screen "the purge history has no delete action" "[d]"
check_no_screen "the purge history has no modify action" "[e]"
tui_keys d e
tui_keys F1
check_screen "d and e open no dialog: F1 then shows the help" "Keys of this page:" 5
check_sql "d and e delete or change no purge record" \
  "SELECT count(*) || ' ' || sum(purge_point) FROM log_purge" "2 $((PURGE1 + PURGE2))"
tui_keys Escape
tui_gone "Keys of this page:" 5
tui_quit

finish
