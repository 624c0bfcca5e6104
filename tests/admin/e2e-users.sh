#!/bin/bash
# e2e-users.sh - the sysadm's user management: list, query, add, edit,
# passwords, delete, freeze and restore, with every refusal checked in the DB;
# Chinese input, and table columns that line up by display width (D5)
# features: M5.4.1 M5.4.2 M5.4.3 M5.4.4 M5.4.5 M5.4.6 M5.4.7a M5.4.7b M5.2
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin bob "王小明" bobpw
add_admin carol "陈丽" carolpw
for i in $(seq -w 1 18); do add_admin "user$i" "用户$i" pw$i; done

admins() { sql "SELECT count(*) FROM user WHERE is_sysadm = 0"; }
oplogs() { sql "SELECT count(*) FROM op_log"; }
hash_of() { sql "SELECT pw_hash FROM user WHERE account = '$1'"; }

# query ACCOUNT-SUBSTRING: run the query row on the account field
query_account() {
  tui_keys /
  tui_keys C-u Tab C-u
  tui_type "$1"
  tui_keys Enter Escape
}

# col TEXT LINE-PATTERN: display column where TEXT starts on the first screen
# line matching LINE-PATTERN (GNU wc -L counts a Chinese character as 2)
col() {
  local line prefix
  line=$(screen | grep -m1 -- "$2") || { echo -1; return; }
  prefix=${line%%"$1"*}
  printf '%s' "$prefix" | LC_ALL=C.UTF-8 wc -L
}

tui_start -- --db "$DB"
tui_login sysadm 123456

# ---- M5.4.1 list, paging, fuzzy query, reset
check_screen "the toolbar uses the manual's words" \
  "$(toolbar a Add e 'Modify basic info' p 'Change password' d Delete)"
check_screen "the query row has Query and Reset" "[$(t Query)] [$(t Reset)]"
# columns line up under their headers whatever the width of the names (D5)
tui_wait "王小明"
hdr=$(col "$(t Account)" "$(t No.)")
row=$(col "bob" "王小明")
check "the account column lines up under its header ($hdr = $row)" test "$hdr" -gt 0 -a "$hdr" = "$row"
hdr=$(col "$(t Disabled)" "$(t No.)")
row=$(col "$(t Normal)" "王小明")
check "the disabled-flag column lines up under its header ($hdr = $row)" test "$hdr" -gt 0 -a "$hdr" = "$row"
check_screen "the list has the No. column" "No."
check_screen "the list has the Chinese name column" "Chinese name"
check_screen "the list has the managed project column" "Managed project"
check_screen "the list has the disabled-flag column" "Disabled"
check_screen "the first page of 20 admins" "$(items 1 15 20)"
check_no_screen "the sysadm is not listed" "sysadm  "
tui_keys PPage NPage
check_screen "PgDn shows the next page" "$(items 16 20 20)"
tui_keys Home
tui_keys /
tui_type "王"
tui_keys Enter
check_screen "a Chinese-name substring finds bob" "$(items 1 1 1)"
check_screen "the row found is bob" "bob"
tui_keys Tab Tab Tab Enter
check_screen "Reset clears the inputs without querying (C3)" "$(items 1 1 1)"
check "the name input is empty after Reset" tui_gone "王 " 5
tui_keys Tab Enter
check_screen "Query with empty inputs lists everybody again" "$(items 1 15 20)"
tui_keys Escape
query_account CAR
check_screen "an account substring matches without case (C4)" "$(items 1 1 1)"
check_screen "the account found is carol" "carol"

# ---- M5.4.3 add a project administrator, and the refusals
# add_form NAME ACCOUNT EMAIL SYSPW PW CONFIRM: fill the add dialog and submit
add_form() {
  tui_keys a
  tui_wait "Add project administrator" 5
  tui_field "$1"; tui_field "$2"; tui_field "028-1234"; tui_field "$3"
  tui_field "成都市"; tui_field "中文描述"; tui_field ""; tui_field "$4"; tui_field "$5"
  tui_keys C-u; tui_type "$6"; tui_keys Enter
}
n=$(admins); o=$(oplogs)
add_form "赵六" carol "z@example.com" 123456 pw pw
check_screen "a duplicate account is refused (M5.4.3)" "$(t "The account '%s' already exists." carol)"
tui_discard
add_form "赵六" zhao "z@example.com" 123456 12345678901234567 12345678901234567
check_screen "a 17-character password is refused" "$(t '%s must be at most %d characters long.' "$(t 'New password')" 16)"
tui_discard
add_form "赵六" zhao "z@example.com" wrongpw pw pw
check_screen "a wrong sysadm password is refused (C8)" "The system administrator password is wrong; the operation is refused."
tui_discard
add_form "赵六" zhao "z@example.com" 123456 pw1 pw2
check_screen "a mismatching confirmation is refused" "$(t '%s does not match: the two passwords differ.' "$(t 'Confirm password')")"
tui_discard
add_form "赵六" zhao "not-an-email" 123456 pw pw
check_screen "a malformed email is refused, naming the field" "$(t '%s must be an address like name@example.com.' "$(t 'Email')")"
tui_discard
add_form "" zhao "z@example.com" 123456 pw pw
check_screen "an empty required field is refused" "$(t '%s is required.' "$(t 'Chinese name')")"
tui_discard
check "the refused adds created no account" test "$(admins)" = "$n"
check "the refused adds wrote no operation log" test "$(oplogs)" = "$o"
add_form "赵六" zhao "z@example.com" 123456 zhaopw zhaopw
check_screen "the new admin is added" "The project administrator was added."
check_sql "the account is stored with its fields" \
  "SELECT name_zh, phone, email, address, description, frozen FROM user WHERE account = 'zhao'" \
  "赵六|028-1234|z@example.com|成都市|中文描述|0"
check_sql "the add is audited" "SELECT type, action, object FROM op_log ORDER BY id DESC LIMIT 1" \
  "1|Add project administrator|zhao"

# ---- M5.4.4 modify basic info
query_account zhao
check_screen "the query selects zhao" "$(items 1 1 1)"
tui_keys e
check_screen "the edit dialog is pre-filled" "赵六"
check_no_screen "the edit dialog has no password field (M5.4.4)" "Confirm password"
tui_keys PPage Tab C-u; tui_type bob; tui_keys F2
check_screen "renaming to an existing account is refused" "$(t "The account '%s' already exists." bob)"
tui_keys PPage C-u; tui_type "赵六六"; tui_keys Tab C-u; tui_type zhao6; tui_keys Tab C-u; tui_type 110; tui_keys F2
check_screen "the edit is saved" "$(t "Saved the basic information of '%s'." zhao)"
check_sql "the new name, account and phone are stored" \
  "SELECT name_zh || ' ' || phone FROM user WHERE account = 'zhao6'" "赵六六 110"
check_sql "the edit is audited" "SELECT type, object FROM op_log ORDER BY id DESC LIMIT 1" "2|zhao6"

# ---- M5.4.5 change the admin's password
query_account zhao6
before=$(hash_of zhao6)
tui_keys p
tui_wait "Change project administrator password" 5
tui_field wrongpw; tui_field newpw; tui_keys C-u; tui_type newpw; tui_keys Enter
check_screen "a wrong sysadm password is refused (M5.4.5)" "The system administrator password is wrong; the operation is refused."
check "the refused change left the password" test "$(hash_of zhao6)" = "$before"
tui_keys PPage; tui_field 123456; tui_field newpw; tui_keys C-u; tui_type newpw; tui_keys Enter
check_screen "the admin's password is changed" "$(t "The password of '%s' was changed." zhao6)"
check "the password hash changed" test "$(hash_of zhao6)" != "$before"

# ---- M5.4.2 the sysadm's own password
tui_keys w
tui_wait "Change my password" 5
tui_field wrong; tui_field sa-new; tui_keys C-u; tui_type sa-new; tui_keys Enter
check_screen "a wrong old password is refused (M5.4.2)" "The old password is wrong."
tui_keys PPage; tui_field 123456; tui_field sa-new; tui_keys C-u; tui_type sa-new; tui_keys Enter
check_screen "the sysadm password is changed" "Password changed; the next login needs the new password."
SYSADM_PW=sa-new

# ---- M5.4.7a freeze; a frozen admin cannot log in, one already logged in keeps working
PANE=b tui_start -- --db "$DB"
PANE=b tui_login zhao6 newpw
PANE=b check_screen "zhao6 logs in with the password set by the sysadm" "1 $(t 'Resource usage')"
PANE=b tui_module "Personal information management"
query_account zhao6
tui_keys f
tui_wait "Freeze user" 5
tui_keys Enter
check_screen "the admin is frozen" "$(t "The user '%s' is frozen." zhao6)"
check_screen "the list shows the frozen flag" "Frozen"
check_sql "the flag is stored" "SELECT frozen FROM user WHERE account = 'zhao6'" 1
tui_keys f
check_screen "freezing again only informs, without asking" "The user is already frozen."
check_no_screen "no confirmation is asked for it" "$(t "Freeze '%s'? The user can no longer log in." zhao6)"
# the session of the frozen admin keeps working until logout
PANE=b tui_keys Space e
PANE=b tui_wait "Modify basic information" 5
PANE=b tui_keys PPage C-u
PANE=b tui_type "还在工作"
PANE=b tui_keys F2
PANE=b check_screen "the frozen admin's open session still works (M5.4.7a)" "$(t "Saved the basic information of '%s'." zhao6)"
check_sql "its change is stored" "SELECT name_zh FROM user WHERE account = 'zhao6'" "还在工作"
PANE=b tui_keys F8
PANE=b tui_login zhao6 newpw
PANE=b check_screen "after logout the frozen admin is refused" "This account is frozen. Ask the system administrator to restore it."

# ---- M5.4.7b restore
tui_keys r; tui_wait "Restore user" 5; tui_keys Enter
check_screen "the admin is restored" "$(t "The user '%s' is restored." zhao6)"
check_sql "the flag is cleared" "SELECT frozen FROM user WHERE account = 'zhao6'" 0
PANE=b tui_login zhao6 newpw
PANE=b check_screen "the restored admin logs in again" "1 $(t 'Resource usage')"

# ---- issue 8, point 4: the sysadm sees a login lockout and lifts it
PANE=b tui_keys Escape F8
now=$(date +%s)
for i in 1 2 3 4 5; do
  sql "INSERT INTO login_log(time, user, addr, result) VALUES ($now, 'zhao6', 'pts/9', 1)"
done
until=$(date -d "@$((now + 900))" '+%Y-%m-%d %H:%M:%S')
tui_resize 140 40
tui_keys F5
check_screen "the user list has a lockout column" "$(t_head 'Login locked until')"
check_screen "it says until when the account is locked" "$until"
PANE=b tui_login zhao6 newpw
PANE=b check_screen "the locked account is refused at login" \
  "$(t_head 'This account is locked after %ld failed logins; try again after %s.')"
tui_keys u; tui_wait "Unlock user" 5; tui_keys Enter
check_screen "the sysadm unlocks it" "$(t "The user '%s' is unlocked." zhao6)"
check_no_screen "the list no longer shows the lockout" "$until"
check_sql "the unlock is audited" "SELECT type, action, object FROM op_log ORDER BY id DESC LIMIT 1" "2|Unlock user|zhao6"
PANE=b tui_login zhao6 newpw
PANE=b check_screen "the unlocked admin logs in at once" "1 $(t 'Resource usage')"
tui_keys u
check_screen "unlocking an account that is not locked only informs" "$(t "The user '%s' is not locked." zhao6)"
tui_resize 80 24

# ---- M5.4.6 delete
n=$(admins)
tui_keys d
tui_wait "$(t "Delete the project administrator '%s'" zhao6)" 5
tui_keys C-u; tui_type wrongpw; tui_keys Enter
check_screen "a wrong sysadm password refuses the delete (M5.4.6)" "The system administrator password is wrong; the operation is refused."
check "the account remains" test "$(admins)" = "$n"
tui_keys PPage C-u; tui_type sa-new; tui_keys Enter
check_screen "the admin is deleted" "$(t "The user '%s' was deleted." zhao6)"
check "the account is gone" test "$(admins)" = "$((n - 1))"
check_sql "the delete is audited" "SELECT type, object FROM op_log ORDER BY id DESC LIMIT 1" "3|zhao6"

# ---- C5: a row action without a row
query_account nobody-like-this
tui_keys e
check_screen "a row action without a selection asks for one" "Please select a record first."
tui_quit

finish
