#!/bin/bash
# e2e-messages.sh - messages that fit (issue 9 point 4): a page's message
# wraps, the status line cuts a long one with "…", F3 shows every message of
# the session whole (newest first), and logging out clears the status line
# features: M5.1 M7.3.2 M13.2.1
. "$top_srcdir/tests/lib/tui.sh"

export LC_ALL=C.UTF-8 # the screen's lines are measured in characters
status_line() { screen | sed -n 23p; }
width() { printf '%s' "$1" | wc -L; }

init_db
add_admin alice "Alice" alicepw
tui_start -- --db "$DB"

# A project administrator without a project: the page's message wraps whole.
tui_login alice alicepw
check_screen "a long message on a page wraps over lines, whole" \
  "You manage no project yet; the system administrator assigns projects."
tui_keys F8
tui_wait "Log in to the management system" 5

# A long error on the status line: cut with "…" when wider than the screen.
tui_login sysadm 123456
tui_wait "System user information"
tui_module "System parameters"
tui_page 1
tui_wait "System runtime parameters"
tui_keys PPage
tui_field 50
tui_keys F2
GREATER=$(t '%s must be greater than %s.' "$(t 'VM info flush interval (s)')" "$(t 'VM info collection interval (s)')")
tui_wait "$GREATER" 5
if [ "$(width "$GREATER")" -gt 80 ]; then
  check "a status message wider than the screen ends with …" eval '[[ $(status_line) == *… ]]'
  check "... after its start" eval '[[ $(status_line) == "${GREATER:0:20}"* ]]'
else
  check "a status message that fits is shown whole" eval '[[ $(status_line) == *"$GREATER"* ]]'
fi
tui_discard
tui_keys F3
check_screen "F3 opens the messages" "Messages (newest first)"
check_screen "... showing the long message whole" "$GREATER"
tui_keys Escape
tui_gone "Messages (newest first)" 5

# Logging out clears the status line and the messages.
tui_keys F8
tui_wait "Log in to the management system" 5
check "after logout the status line no longer shows the message" \
  eval '[[ $(status_line) != *"${GREATER:0:20}"* ]]'
check_no_screen "... nor does any line of the login screen" "${GREATER:0:20}"
tui_login sysadm 123456
tui_wait "System user information"
tui_keys Escape F3
check_screen "a new session's messages start empty" "No message yet."
tui_keys Escape
tui_quit

finish
