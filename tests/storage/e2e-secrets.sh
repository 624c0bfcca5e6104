#!/bin/bash
# e2e-secrets.sh - security objects: list and query, add (with every rule),
# modify without ever showing the value, delete
# features: M8.1 M8.2a M8.2b M8.2c M8.2d
. "$top_srcdir/tests/lib/tui.sh"

init_db
count() { sql "SELECT count(*) FROM secret"; }
query() { tui_keys /; tui_keys C-u Tab C-u Tab C-u Tab C-u; tui_keys BTab BTab BTab; tui_type "$1"; tui_keys Enter Escape; }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Security object management"
check_screen "安全对象管理 opens the list (M8.2a)" "Security object information"
check_screen "the list has the usage column" "Usage"

# add NAME_ZH NAME_EN TYPE-SPACES USAGE VALUE REPEAT
add() {
  local spaces=$3
  tui_keys a; tui_wait "Add security object" 5
  tui_field "$1"; tui_field "$2"
  while [ "$spaces" -gt 0 ]; do tui_keys Space; spaces=$((spaces - 1)); done
  tui_keys Tab; tui_field "$4"; tui_field "说明"; tui_field "$5"; tui_keys C-u; tui_type "$6"; tui_keys Enter
}
refused() { # DESC TEXT
  check_screen "$1" "$2"
  tui_discard
  check "$1: nothing written" test "$(count)" = "$n"
}
tui_keys a; tui_wait "Add security object" 5
check_screen "the add dialog has the usage type" "Usage type"
check_screen "... and the repeated password" "Repeat password"
tui_keys Escape
n=$(count)
add "存储*密钥" storage-key 2 iqn.2016-04.com.example:t1 pw pw
refused "a Chinese name with '*' is refused (M8.2b)" "$(t "%s may contain only letters, digits, Chinese characters, '-', '_' and '.'." "$(t 'Chinese name')")"
add "存储密钥" "存储key" 2 iqn.2016-04.com.example:t1 pw pw
refused "an English name with Chinese is refused" "$(t "%s may contain only letters, digits, '-', '_' and '.'." "$(t 'English name')")"
add "存储密钥" storage-key 2 "iqn 2016" pw pw
refused "a usage with a blank is refused" "$(t "%s may contain only letters, digits, '-', '.', '_', '/' and ':'." "$(t Usage)")"
add "存储密钥" storage-key 2 iqn.2016-04.com.example:t1 pw1 pw2
refused "mismatching passwords are refused" "$(t '%s does not match: the two passwords differ.' "$(t 'Repeat password')")"
add "存储密钥" storage-key 2 iqn.2016-04.com.example.t1 s3cret s3cret
check_screen "a valid security object is added" "The security object was added."
check_sql "it is stored with usage type iscsi" "SELECT usage_type, usage_id FROM secret WHERE name_en = 'storage-key'" "iscsi|iqn.2016-04.com.example.t1"
check "the value is sealed, never stored in clear (M8.1)" test "$(sql "SELECT count(*) FROM secret WHERE value_sealed LIKE '%s3cret%'")" = 0
check "the sealing key file is private" test "$(stat -c %a "$DB.key")" = 600
n=$(count)
add "另一个" other-key 2 iqn.2016-04.com.example.t1 pw pw
refused "the same usage type and usage twice is refused" "$(t "Another security object already has the usage %s '%s'." iscsi iqn.2016-04.com.example.t1)"
add "卷密钥" volume-key 0 /dpfs/vol1.qcow2 v v
check_screen "a volume key is added" "$(items 1 2 2)"
check_no_screen "no value is ever shown" "s3cret"

# ---- M8.2a the four fuzzy filters
query "卷"
check_screen "a Chinese-name substring finds one (M8.2a)" "$(items 1 1 1)"
tui_keys /; tui_keys C-u Tab C-u; tui_type "storage"; tui_keys Enter Escape
check_screen "an English-name substring finds one" "storage-key"
tui_keys /; tui_keys C-u Tab C-u Tab C-u Tab C-u; tui_type "dpfs"; tui_keys Enter Escape
check_screen "a usage substring finds one" "volume-key"
tui_keys /; tui_keys C-u Tab C-u Tab C-u Tab C-u; tui_keys Enter Escape
check_screen "empty filters list both" "$(items 1 2 2)"

# ---- M8.2c modify: the type cannot change; empty values keep the sealed one
tui_keys Home
before=$(sql "SELECT value_sealed FROM secret WHERE name_en = 'storage-key'")
tui_keys e; tui_wait "Modify security object" 5
check_no_screen "the stored value is not shown (M8.2c)" "s3cret"
tui_keys C-u; tui_type "存储密钥二"; tui_keys Tab Tab C-u; tui_type "iqn.2016-04.com.example.t2"; tui_keys F2
check_screen "the object is saved" "The security object was saved."
check_sql "names and usage changed, the type did not" "SELECT name_zh, usage_type, usage_id FROM secret WHERE name_en = 'storage-key'" "存储密钥二|iscsi|iqn.2016-04.com.example.t2"
check "empty password fields keep the sealed value" test "$(sql "SELECT value_sealed FROM secret WHERE name_en = 'storage-key'")" = "$before"
tui_keys e; tui_wait "Modify security object" 5
tui_keys NPage; tui_keys BTab C-u; tui_type newvalue; tui_keys Tab C-u; tui_type newvalue; tui_keys F2
check_screen "a new value is saved" "The security object was saved."
check "the sealed value changed" test "$(sql "SELECT value_sealed FROM secret WHERE name_en = 'storage-key'")" != "$before"

# ---- M8.2d delete
n=$(count)
tui_keys d; tui_wait "Delete security object" 5; tui_keys Escape
check "cancelling deletes nothing" test "$(count)" = "$n"
tui_keys d; tui_wait "Delete security object" 5; tui_keys Enter
check_screen "an unused object is deleted (M8.2d)" "$(t_head "The security object '%s' was deleted.")"
check "the record is gone" test "$(count)" = "$((n - 1))"
check_sql "every change was audited" "SELECT count(*) FROM op_log WHERE action LIKE '%security object'" 5
tui_quit

finish
