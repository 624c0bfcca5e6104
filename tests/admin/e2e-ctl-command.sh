#!/bin/bash
# e2e-ctl-command.sh - F4 in the system administration screens: an action
# done in the console leaves its dosvmctl command (issue 12); the command
# read off the screen, run with dosvmctl on a copy of the database as it
# was before the action, gives the same records and the same audit row.
# features: M5.4.4 M5.4.6 M13.2.1 M13.1.3
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin bob "王小明" bobpw
add_admin carol "陈丽" carolpw
echo 123456 >"$TMPD/pw"

LAST_OP="SELECT user || '|' || type || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"
USERS="SELECT account, name_zh, phone, email, address, description FROM user ORDER BY id"

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "王小明" 10

# ---- modify basic information (M5.4.4): the fields that changed
tui_copy_db
tui_keys e
tui_wait "Modify basic information" 5
tui_keys PPage Tab Tab C-u; tui_type 110; tui_keys F2
tui_wait "$(t "Saved the basic information of '%s'." bob)" 5
tui_f4_redo "F4 shows the modify command with the changed field only" \
  "dosvmctl --user sysadm user modify --account bob --phone 110" \
  "users" "$USERS" "audit row" "$LAST_OP"

# ---- delete (M5.4.6): the confirming password is left out
tui_copy_db
tui_keys Down d
tui_wait "$(t "Delete the project administrator '%s'" carol)" 5
tui_type 123456; tui_keys F2
tui_wait "$(t "The user '%s' was deleted." carol)" 5
tui_f4_redo "F4 shows the delete command, no password in it" \
  "dosvmctl --user sysadm user delete --account carol" \
  "users" "$USERS" "audit row" "$LAST_OP"

# ---- system runtime parameters (M13.2.1): the parameters that changed
tui_copy_db
tui_page 1 "$(module_digit "System parameters")"
tui_keys PPage Tab Tab Tab Tab Tab C-u; tui_type 10; tui_keys F2
tui_wait "The system runtime parameters were saved." 5
tui_f4_redo "F4 shows param set with the changed parameter" \
  "dosvmctl --user sysadm param set --task-interval 10" \
  "settings" "SELECT key, value FROM setting ORDER BY key" "audit row" "$LAST_OP"

# ---- purge history logs (M13.1.3)
tui_copy_db
tui_page 3 "$(module_digit "Operation logs")"
tui_wait "Purge log time" 5
tui_keys PPage C-u; tui_type "2020-01-01 00:00:00"; tui_keys F2
tui_wait "$(t "Delete every operation log and login log before %s?" "2020-01-01 00:00:00")" 5
tui_keys Enter
tui_wait "$(t "Purged %d operation log rows and %d login log rows." 0 0)" 5
tui_f4_redo "F4 shows log purge with the time" \
  "dosvmctl --user sysadm log purge --before '2020-01-01 00:00:00'" \
  "purge history" "SELECT user, purge_point FROM log_purge"
tui_quit
finish
