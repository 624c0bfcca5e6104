#!/bin/bash
# e2e-login.sh - login, the initial sysadm password, role navigation, about, logout
# features: M4.5c M5.1 M5.2 M5.4a M5.4b M13.1.2
. "$top_srcdir/tests/lib/tui.sh"

# A fresh database made by the console itself: sysadm / 123456, to be changed.
tui_start -- --db "$DB"
check_screen "the login screen shows" "Log in to the management system"
check_sql "the database is created with its schema and the sysadm (M4.5c)" \
  "SELECT account, must_change_pw FROM user" "sysadm|1"
check "the database file is private (mode 0600)" test "$(stat -c %a "$DB")" = 600

# A wrong password is refused and stored with its result (issue 8).
tui_login sysadm wrong
check_screen "a wrong password is refused (M5.2)" "Wrong account or password."
check_sql "a failed login is stored with its result" "SELECT user || ':' || result FROM login_log" "sysadm:1"
tui_login nobody 123456
check_screen "an unknown account gets the same answer" "Wrong account or password."
check_sql "... and is stored too" "SELECT count(*) FROM login_log WHERE user = 'nobody' AND result = 2" 1

# The initial password works and must be changed first (D6).
tui_login sysadm 123456
check_screen "the initial password must be changed before anything else" "Change the initial password"
check_sql "the login is not logged before the forced change (issue 9)" "SELECT count(*) FROM login_log WHERE result = 0" 0
tui_field wrong; tui_field secret1; tui_field secret1; tui_keys Enter
check_screen "a wrong old password is refused" "The old password is wrong."
tui_keys PPage
tui_field 123456; tui_field 12345678901234567; tui_field 12345678901234567; tui_keys Enter
check_screen "a 17-character new password is refused" "$(t '%s must be at most %d characters long.' "$(t 'New password')" 16)"
check_sql "the refused changes wrote nothing" "SELECT must_change_pw FROM user WHERE account='sysadm'" 1
tui_keys PPage
tui_field 123456; tui_field secret1; tui_field secret2; tui_keys Enter
check_screen "a mismatching confirmation is refused" "$(t '%s does not match: the two passwords differ.' "$(t 'Confirm password')")"
tui_keys PPage
tui_field 123456; tui_field secret1; tui_field secret1; tui_keys Enter
tui_wait "System user information" 10
check_sql "the login is logged once the password was changed (M13.1.2)" "SELECT user FROM login_log WHERE result = 0" "sysadm"

# The sysadm's main screen (M5.4a): module bar and 用户管理's pages.
check_screen "the sysadm lands on the system user list (M5.4a)" "System user information"
check_screen "the module bar shows User management" "1 $(t 'User management')"
check_screen "the module bar shows Project management" "2 $(t 'Project management')"
for m in 3 "Security object management" 4 "Storage pool management" 5 "Network management" \
  6 "Host group management" 7 "Operation logs" 8 "System parameters"; do
  [ ${#m} = 1 ] && { n=$m; continue; }
  tui_module "$m"
  check_screen "the module bar scrolls to $m" "$n $(t "$m")"
done
tui_module "User management"
check_screen "the left pane shows the About page" "About"
check_no_screen "the sysadm sees no project-admin module (M5.1)" "Personal information management"
check_sql "the new password is stored and the flag cleared" \
  "SELECT must_change_pw FROM user WHERE account='sysadm'" 0
check_sql "the password change is audited" \
  "SELECT user || ' ' || type || ' ' || action FROM op_log" "sysadm 2 Change own password"

# About this software (M5.4b).
tui_keys Escape Down
check_screen "the about page shows the product name" "数字有机体虚拟机系统"
check_screen "the about page shows the version" "dosvm 0.1.0"
check_screen "the about page shows the copyright holder" "成都天心悦高科技发展有限公司"

# Logout returns to the login screen; the old password no longer works.
tui_keys F8
check_screen "F8 logs out to the login screen" "Log in to the management system"
tui_login sysadm 123456
check_screen "the old password is refused after the change" "Wrong account or password."
tui_login sysadm secret1
check_screen "the new password logs in without another change" "System user information"
# issue 8: the failures are kept across a console restart and shown with their result
tui_quit
tui_start -- --db "$DB"
check_sql "the failed logins are kept across a console restart" \
  "SELECT count(*) FROM login_log WHERE result IN (1, 2)" 3
tui_login sysadm secret1
tui_wait "System user information" 10
tui_module "Operation logs"
tui_page 2
check_screen "the login log shows an unknown account's failure" "Unknown account"
check_screen "... and a wrong password's" "Wrong password"
tui_quit

# A project administrator sees only the project modules (M5.1).
SYSADM_PW=secret1 add_admin alice "爱丽丝" pass1
tui_start -- --db "$DB"
tui_login alice pass1
check_screen "a project admin sees its resource usage module (M5.1)" "1 $(t 'Resource usage')"
check_screen "a project admin sees its volume management module (M9.4)" "2 $(t 'Volume management')"
check_screen "a project admin sees its image management module (M5.1)" "3 $(t 'Image management')"
tui_module "Personal information management"
check_screen "a project admin sees its personal information module (M5.1)" "6 $(t 'Personal information management')"
check_no_screen "a project admin has no user management" "User management"
check_no_screen "a project admin has no operation logs" "Operation logs"
tui_quit

finish
