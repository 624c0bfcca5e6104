#!/bin/bash
# e2e-service.sh - the host list when dosvmd is not running (issue 8,
# point 6): a service row whose heartbeat is older than the heartbeat rule
# (a dosvmd killed without clean-up; svc-service.sh kills a real one) turns
# every host's state into Unknown, hides its stale load, and the page says
# since when the service is not running; a live heartbeat shows the stored
# states again.  Only stopped hosts can be deleted: an unknown one says why.
# One script for both languages (DOSVM_TEST_LANG, tests/lib/tui.sh).
# features: M6.2.2.1 M6.2.2 M6.2.2.2a M6.2.1.5
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host node-a 1
sql "UPDATE host SET cpu_pct = 12.5 WHERE name = 'node-a'"
now=$(date +%s)
beat=$((now - 600))
when=$(date -d "@$beat" '+%Y-%m-%d %H:%M:%S')
# a dosvmd that died ten minutes ago without releasing its row
sql "INSERT INTO service(host_uuid, token, pid, node, started_at, heartbeat_at, expires_at)
     VALUES ('00000000-0000-4000-8000-000000000001', 't', 999999999, 'elsewhere', $beat, $beat, $((beat + 45)))"

sql "INSERT INTO host_group(name, created_at) VALUES ('group-a', $now);
     INSERT INTO host_group_member SELECT g.id, h.id FROM host_group g, host h"

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Host group management"
tui_keys Escape Down Enter
check_screen "the host list opens" "Host information"
# wide enough for the state and load columns side by side (at 80 columns
# they are reached by scrolling sideways)
tui_resize 140 40
check_screen "the host's state is unknown while dosvmd is not running" "Unknown"
# in Chinese 运行 (running) is part of the line's 未运行 (not running)
[ "$TUI_LANG" = zh ] || check_no_screen "not the stale 'running'" "Running"
check_no_screen "nor its stale load" "12.50"
check_screen "the page says since when the service is not running" \
  "$(t 'The service dosvmd is not running since %s.' "$when")"
check_sql "the stored state is untouched" "SELECT state FROM host WHERE name = 'node-a'" 1
tui_keys d
check_screen "an unknown host cannot be deleted, and the status line says why" \
  "$(t_clause "The host's state is unknown: the service dosvmd is not running.")"
# the details and the host group's members say unknown too, not the stale state
tui_keys i
check_screen "the host's details open" "$(t 'Host details: %s' node-a)"
check_screen "its details say the state is unknown" "$(t 'Current state'): $(t Unknown)"
[ "$TUI_LANG" = zh ] || check_no_screen "not the stale 'running'" "Running"
tui_keys Escape
check "the details close" tui_gone "$(t 'Host details: %s' node-a)" 5
tui_module "Host group management"
tui_keys Escape Enter
check_screen "the host group list opens" "$(t 'Host group information')"
tui_keys i
check_screen "the group's details open" "$(t 'Host group name'): group-a"
check_screen "its member is shown with an unknown state" "$(printf "%-24s %s" node-a "$(t Unknown)")"
tui_keys Escape
tui_module "Host group management"
tui_keys Escape Down Enter
check_screen "back on the host list" "Host information"

# the service beats again: the stored states stand, the line goes
sql "UPDATE service SET heartbeat_at = $((now + 3600)), expires_at = $((now + 3700))"
tui_keys F5
check_screen "with a live heartbeat the host is shown running" "Running"
check_screen "with its load" "12.50"
check_no_screen "and the line is gone" "$(t_head 'The service dosvmd is not running since %s.')"
tui_quit

finish
