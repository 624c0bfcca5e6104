#!/bin/bash
# e2e-profile.sh - a project administrator's personal information page
# features: M5.5.1 M5.5.2 M5.5.3 M5.1
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin alice "爱丽丝" alicepw
add_admin bob "王小明" bobpw

tui_start -- --db "$DB"
tui_login alice alicepw
tui_module "Personal information management"

# ---- M5.5.1 one row, the buttons need a selection
check_screen "the personal page opens" "Personal information"
check_screen "it has the managed project column" "Managed project name"
check_screen "it shows exactly one row" "$(items 1 1 1)"
check_screen "the row is the logged-in admin" "alice"
check_no_screen "no other account is shown" "bob"
tui_keys e
check_screen "Modify basic info needs the row selected first" "Please select a record first."
tui_keys w
check_screen "Change my password needs the row selected first" "Please select a record first."
check_no_screen "no password dialog opened" "Old password"

# ---- M5.5.2 own basic info; the account is read-only
tui_keys Space e
check_screen "selecting the row enables Modify basic info" "Modify basic information"
check_screen "the account is shown" "alice"
tui_keys PPage C-u; tui_type "爱丽丝二"; tui_keys Tab
check_screen "Tab skips the read-only account to the phone" "$(t Phone):"
tui_keys C-u; tui_type 13800000000; tui_keys Tab Tab Tab C-u; tui_type "自己的描述"; tui_keys F2
check_screen "the own info is saved" "$(t "Saved the basic information of '%s'." alice)"
check_sql "name, phone and description are stored; the account is unchanged" \
  "SELECT account || ' ' || name_zh || ' ' || phone || ' ' || description FROM user WHERE id = (SELECT max(id) FROM user WHERE account = 'alice')" \
  "alice 爱丽丝二 13800000000 自己的描述"
check_sql "the edit is audited by alice" "SELECT user, type FROM op_log ORDER BY id DESC LIMIT 1" "alice|2"

# ---- M5.5.3 own password, asking for the current one (P1/OP-8)
before=$(sql "SELECT pw_hash FROM user WHERE account = 'alice'")
tui_keys w
tui_wait "Change my password" 5
tui_field alicepw; tui_field newpw1; tui_keys C-u; tui_type newpw2; tui_keys Enter
check_screen "a mismatching confirmation is refused (M5.5.3)" "$(t '%s does not match: the two passwords differ.' "$(t 'Confirm password')")"
tui_keys PPage; tui_field alicepw; tui_field 12345678901234567; tui_keys C-u; tui_type 12345678901234567; tui_keys Enter
check_screen "a 17-character password is refused" "$(t '%s must be at most %d characters long.' "$(t 'New password')" 16)"
tui_keys PPage; tui_field wrong; tui_field newpw1; tui_keys C-u; tui_type newpw1; tui_keys Enter
check_screen "a wrong current password is refused" "The old password is wrong."
check "the refusals left the password" test "$(sql "SELECT pw_hash FROM user WHERE account = 'alice'")" = "$before"
tui_keys PPage; tui_field alicepw; tui_field newpw1; tui_keys C-u; tui_type newpw1; tui_keys Enter
check_screen "the own password is changed" "Password changed; the next login needs the new password."
tui_keys F8
tui_login alice alicepw
check_screen "the old password no longer logs in" "Wrong account or password."
tui_login alice newpw1
check_screen "the next login needs the new password" "Resource usage"
tui_quit

finish
