#!/bin/bash
# test-ctl-admin.sh - dosvmctl's system administration verbs (cli/ctl_admin.c):
# users (add, show, modify, password, delete, unlock) with the confirming
# sysadm password and the new password read from files, never from argv;
# the system parameters, the management-site settings, the operation,
# login and purge logs, the log purge and the task list.  Each verb: --json
# parsed, the record in the database, the console's audit row, and its
# refusals with their exit status and field; one refusal in Chinese.
# features: M5.4.1 M5.4.2 M5.5.3 M5.4.3 M5.4.4 M5.4.5 M5.4.6 M5.5.2 M13.1.1 M13.1.2 M13.1.3 M13.1.4 M13.2.1 M13.2.2
. "$top_srcdir/tests/lib/ctl.sh"
echo wrong >"$T/bad"
echo lipw1 >"$T/new"
printf 'one\ntwo\n' >"$T/mismatch"
# jqf FILE FILTER EXPECTED

# ---- user add (M5.4.3)
DOSVM_NEW_PASSWORD_FILE=$T/new ctl --json user add --name-zh 李四 --account li --phone 028-1 \
  --email li@example.org --address 成都 --description 测试 >"$T/out" 2>"$T/err"
check "user add exits 0 (M5.4.3)" test $? = 0
check "... and prints the user in the user schema" \
  jqf "$T/out" '.[0] | "\(.account) \(.name_zh) \(.phone) \(.frozen) \(.id|type)"' "li 李四 028-1 false number"
check "... the record is in the database" \
  check_sql "SELECT name_zh || '|' || email || '|' || address FROM user WHERE account = 'li'" "李四|li@example.org|成都"
check "... with the console's audit row, from dosvmctl" check_op "sysadm|dosvmctl|Add project administrator|li"
"$CTL" --db "$DB" --user li --json user list 3<"$T/new" --password-fd 3 >/dev/null 2>&1
"$CTL" --db "$DB" --user li --password-fd 3 --json user show --account li 3<"$T/new" >"$T/out" 2>"$T/err"
check "the new password from DOSVM_NEW_PASSWORD_FILE logs li in (refused later as no sysadm)" \
  test $? = 1 -a "$(sq "SELECT result FROM login_log WHERE user = 'li' ORDER BY id DESC LIMIT 1")" = 0
check "... user show is for the system administrator" grep -q "Only the system administrator can manage users." "$T/err"
ops0=$(ops)
DOSVM_NEW_PASSWORD_FILE=$T/new ctl --json user add --name-zh 李四 --account li >"$T/out" 2>/dev/null
check "a second account li is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = account
DOSVM_NEW_PASSWORD_FILE=$T/mismatch ctl --json user add --name-zh 王五 --account wang >"$T/out" 2>/dev/null
check "a confirmation that differs is refused (exit 1, confirm)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = confirm
ctl --json user add --name-zh 王五 --account wang >"$T/out" 2>/dev/null
check "no new password and no terminal: refused (exit 1, password)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = password
DOSVM_SYSADM_PASSWORD_FILE=$T/bad DOSVM_NEW_PASSWORD_FILE=$T/new "$CTL" --db "$DB" --user sysadm \
  --password-fd 3 --json user add --name-zh 王五 --account wang 3<"$T/pw" >"$T/out" 2>/dev/null </dev/null
check "a wrong confirming sysadm password is refused (exit 1, sysadm-pw)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = sysadm-pw
DOSVM_NEW_PASSWORD_FILE=$T/new ctl --json user add --name-zh 王五 --account wang --project nosuch \
  >"$T/out" 2>/dev/null
check "a project that does not exist is not found (exit 3)" \
  test $? = 3 -a "$(jq -r .error.field "$T/out")" = project
check "... and none of the refusals wrote anything" test "$(ops)" = "$ops0"
check "... nor an account wang" check_sql "SELECT count(*) FROM user WHERE account = 'wang'" 0

# ---- user show (M5.4.1)
ctl --json user show --account li >"$T/out"
check "user show --account li" jqf "$T/out" '.[0] | "\(.account) \(.description) \(.locked_until)"' "li 测试 "
ctl --json user show --account nobody >"$T/out" 2>/dev/null
check "user show of an account that does not exist (exit 3)" \
  test $? = 3 -a "$(jq -r .error.field "$T/out")" = account

# ---- user modify (M5.4.4)
ctl --json user modify --account li --phone 13800000000 --email '' >"$T/out"
check "user modify changes the fields given (M5.4.4)" \
  jqf "$T/out" '.[0] | "\(.phone)|\(.email)|\(.name_zh)"' "13800000000||李四"
check "... in the database, the others kept" \
  check_sql "SELECT phone || '|' || email || '|' || address FROM user WHERE account = 'li'" "13800000000||成都"
check "... with the console's audit row" check_op "sysadm|dosvmctl|Modify basic information of user|li"
ctl --json user modify --account li --account li2 >"$T/out"
check "a second --account renames it" jqf "$T/out" '.[0].account' li2
ctl --json user modify --account li2 --email not-an-address >"$T/out" 2>/dev/null
check "an e-mail address of the wrong form is refused (exit 1, email)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = email
ctl --json user modify --account li2 --account zhou >"$T/out" 2>/dev/null
check "... and an account that is taken (exit 1, account)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = account
echo zhoupw >"$T/zpw"
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json user modify --account zhou \
  --phone 110 >"$T/out" 2>"$T/err"
check "a project administrator modifies its own basic information (M5.5.2)" jqf "$T/out" '.[0].phone' 110
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json user modify --account zhou \
  --account zhou9 >"$T/out" 2>/dev/null
check "... but its account stays (M5.5.2)" jqf "$T/out" '.[0].account' zhou

# ---- user password (M5.4.5)
echo lipw2 >"$T/new2"
DOSVM_NEW_PASSWORD_FILE=$T/new2 ctl --json user password --account li2 >"$T/out"
check "user password sets the password (M5.4.5)" jqf "$T/out" '.[0].result' "The password of 'li2' was changed."
check "... with the console's audit row" check_op "sysadm|dosvmctl|Change password of user|li2"
DOSVM_PASSWORD_FILE=$T/new2 "$CTL" --db "$DB" --user li2 --json user show --account li2 >/dev/null 2>&1
check "... and li2 logs in with it" \
  check_sql "SELECT result FROM login_log WHERE user = 'li2' ORDER BY id DESC LIMIT 1" 0
DOSVM_NEW_PASSWORD_FILE=$T/mismatch ctl --json user password --account li2 >"$T/out" 2>/dev/null
check "a confirmation that differs is refused (exit 1, confirm)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = confirm
DOSVM_NEW_PASSWORD_FILE=$T/new2 ctl --json user password --account nobody >/dev/null 2>&1
check "... an account that does not exist (exit 3)" test $? = 3

# ---- user own-password (M5.4.2, M5.5.3): one's own, the current one given again
echo lipw3 >"$T/new3"
DOSVM_PASSWORD_FILE=$T/new2 DOSVM_NEW_PASSWORD_FILE=$T/new3 "$CTL" --db "$DB" --user li2 --json \
  user own-password >"$T/out" 2>"$T/err" </dev/null
check "user own-password changes one's own password (M5.5.3)" \
  jqf "$T/out" '.[0].result' "Password changed; the next login needs the new password."
DOSVM_PASSWORD_FILE=$T/new3 "$CTL" --db "$DB" --user li2 --json user show --account li2 >/dev/null 2>&1
check "... li2 logs in with the new one" \
  check_sql "SELECT result FROM login_log WHERE user = 'li2' ORDER BY id DESC LIMIT 1" 0
DOSVM_PASSWORD_FILE=$T/new3 DOSVM_NEW_PASSWORD_FILE=$T/mismatch "$CTL" --db "$DB" --user li2 --json \
  user own-password >"$T/out" 2>/dev/null </dev/null
check "... a confirmation that differs is refused (exit 1, confirm)" \
  test $? = 1 -a "$(field)" = confirm
DOSVM_NEW_PASSWORD_FILE=$T/new ctl --json user own-password >"$T/out" 2>/dev/null
check "the sysadm changes its own too (M5.4.2)" \
  jqf "$T/out" '.[0].result' "Password changed; the next login needs the new password."
cp "$T/new" "$T/pw"

# ---- user unlock (issue 8)
now=$(date +%s)
for i in 1 2 3 4 5; do
  sq "INSERT INTO login_log(time, user, addr, result) VALUES ($now, 'li2', 'dosvmctl', 1)"
done
ctl --json user show --account li2 >"$T/out"
check "five failed logins lock the account" test -n "$(jq -r '.[0].locked_until' "$T/out")"
ctl --json user unlock --account li2 >"$T/out"
check "user unlock lifts the lockout" jqf "$T/out" '.[0].locked_until' ""
check "... with the console's audit row" check_op "sysadm|dosvmctl|Unlock user|li2"
ctl --json user unlock --account li2 >"$T/out" 2>"$T/err"
check "unlocking an account that is not locked is refused (exit 1)" test $? = 1
check "... with the console's message" grep -q "The user 'li2' is not locked." "$T/err"

# ---- user delete (M5.4.6)
DOSVM_SYSADM_PASSWORD_FILE=$T/bad "$CTL" --db "$DB" --user sysadm --password-fd 3 --json \
  user delete --account li2 3<"$T/pw" >"$T/out" 2>/dev/null </dev/null
check "a wrong confirming password refuses the deletion (exit 1, sysadm-pw)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = sysadm-pw
ctl --json user delete --account li2 >"$T/out"
check "user delete (M5.4.6)" jqf "$T/out" '.[0].result' "The user 'li2' was deleted."
check "... the account is gone" check_sql "SELECT count(*) FROM user WHERE account = 'li2'" 0
check "... with the console's audit row" check_op "sysadm|dosvmctl|Delete user|li2"
ctl --json user delete --account li2 >/dev/null 2>&1
check "... deleting it again: not found (exit 3)" test $? = 3

# ---- param set (M13.2.1)
ctl --json param set --task-interval 10 --vm-temp-dir /srv/tmp >"$T/out"
check "param set changes the parameters given (M13.2.1)" \
  jqf "$T/out" '[.[] | select(.key == "task_interval" or .key == "vm_temp_dir") | .value] | join(" ")' "10 /srv/tmp"
check "... in the database" check_sql "SELECT value FROM setting WHERE key = 'task_interval'" 10
check "... the others keep their values" jqf "$T/out" '.[] | select(.key == "heartbeat_interval") | .value' 15
check "... with the console's audit row" check_op "sysadm|dosvmctl|Modify system runtime parameters|"
ops0=$(ops)
ctl --json param set --task-interval 1 >"$T/out" 2>/dev/null
check "a value out of range is refused (exit 1), the field in the dash spelling" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = task-interval
ctl --json param set --vm-flush-interval 20 >"$T/out" 2>/dev/null
check "a flush interval not above the collection interval is refused (exit 1)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = vm-flush-interval
ctl --json param set --dosvmd-port 80 >"$T/out" 2>"$T/err"
check "a port of 1024 or below needs --confirm yes (exit 1, dosvmd-port)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = dosvmd-port
check "... saying the console's question" grep -q "only root may listen on them" "$T/err"
check "... and nothing was written" test "$(ops)" = "$ops0"
ctl --json param set --dosvmd-port 80 --confirm yes >"$T/out"
check "... with it, the port is saved" check_sql "SELECT value FROM setting WHERE key = 'dosvmd_port'" 80
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 ctl param set --task-interval 1 >/dev/null 2>"$T/err"
check "the refusal in Chinese (zh_CN)" grep -q "任务调度时间间隔" "$T/err"
"$CTL" --completion >"$T/comp"
keys=$(ctl --json param show | jq -r '[.[].key | gsub("_"; "-") | "--" + .] | join(" ")')
check "param set takes exactly the keys of param show (and --confirm)" \
  bash -c ". '$T/comp'; COMP_WORDS=(dosvmctl param set ''); COMP_CWORD=3; _dosvmctl; [ \"\${COMPREPLY[*]}\" = '$keys --confirm' ]"

# ---- site show, site set (M13.2.2)
ctl --json site show >"$T/out"
check "site show: the TLS settings, the pass phrase only as a flag" \
  jqf "$T/out" '.[0] | "\(.use_tls) \(.has_password)"' "false false"
for f in ca cert key; do echo "$f" >"$T/$f.pem"; done
printf 'secret\n' >"$T/tlspw"
DOSVM_TLS_PASSWORD_FILE=$T/tlspw ctl --json site set --dosvmd-host 127.0.0.1 --use-tls yes \
  --tls-ca "$T/ca.pem" --tls-cert "$T/cert.pem" --tls-key "$T/key.pem" >"$T/out" 2>"$T/err"
check "site set saves the TLS settings (M13.2.2)" \
  jqf "$T/out" '.[0] | "\(.dosvmd_host) \(.use_tls) \(.has_password) \(.tls_ca == "'"$T/ca.pem"'")"' "127.0.0.1 true true true"
check "... with the console's audit row" check_op "sysadm|dosvmctl|Modify management-site parameters|"
ctl --json site set --dosvmd-host 127.0.0.2 >"$T/out"
check "... the pass phrase is kept when none is given" jqf "$T/out" '.[0] | "\(.dosvmd_host) \(.has_password)"' "127.0.0.2 true"
ctl --json site set --dosvmd-host 300.1.1.1 >"$T/out" 2>/dev/null
check "an address that is not IPv4 is refused (exit 1, dosvmd-host)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = dosvmd-host
ctl --json site set --tls-ca "$T/none.pem" >"$T/out" 2>/dev/null
check "a certificate file that cannot be read is refused (exit 1, tls-ca)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = tls-ca
ctl --json site set --use-tls maybe >"$T/out" 2>/dev/null
check "--use-tls takes yes or no (exit 1)" test $? = 1 -a "$(jq -r .error.field "$T/out")" = use-tls

# ---- log list (M13.1.1, M13.1.2), log purge (M13.1.3), purge history (M13.1.4)
ctl --json log list >"$T/out"
check "log list: the operation log with its type" jqf "$T/out" '.[0] | "\(.type) \(.address)"' "modify dosvmctl"
ctl --json log list --kind login --user li >"$T/out"
check "log list --kind login: the login log (M13.1.2)" \
  jqf "$T/out" '[.[] | .user] | unique | join(" ")' "li li2"
ctl --json log list --kind nothing >"$T/out" 2>/dev/null
check "an unknown --kind is refused (exit 1, kind)" test $? = 1 -a "$(jq -r .error.field "$T/out")" = kind
ctl --json log purge --before 2026-13-01 >"$T/out" 2>/dev/null
check "a purge time that is no time is refused (exit 1, before)" \
  test $? = 1 -a "$(jq -r .error.field "$T/out")" = before
old=$(date -d '2020-01-01 00:00:00' +%s)
sq "INSERT INTO op_log(time, user, addr, type, action, object) VALUES ($old, 'sysadm', 'x', 1, 'Add host', 'old')"
sq "INSERT INTO login_log(time, user, addr, result) VALUES ($old, 'sysadm', 'x', 0)"
ctl --json log purge --before '2021-01-01 00:00:00' >"$T/out"
check "log purge (M13.1.3) deletes the rows before the time" \
  jqf "$T/out" '.[0].result' "Purged 1 operation log rows and 1 login log rows."
check "... and keeps the later ones" test "$(sq "SELECT count(*) FROM op_log WHERE time >= $old + 1")" -gt 5
ctl --json log list --kind purge >"$T/out"
check "the purge is in the purge history (M13.1.4)" \
  jqf "$T/out" '.[0] | "\(.user) \(.address) \(.purge_point) \(.type)"' "sysadm dosvmctl 2021-01-01 00:00:00 delete"
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json log purge --before 2030-01-01 >"$T/out" 2>/dev/null
check "a project administrator may not purge (exit 1)" test $? = 1 -a "$(jq -r .error.code "$T/out")" = denied

# ---- task list
"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
ctl --json task list >"$T/out"
check "task list: the tasks, newest first" \
  test "$(jq -r 'length > 0 and (.[0].state | type) == "string"' "$T/out")" = true
check "... the same number the database holds" test "$(jq length "$T/out")" = "$(sq "SELECT count(*) FROM task")"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 ctl --json task list >"$T/zh"
check "... their operations in stable English in JSON, whatever the language" \
  test "$(jq -r '.[0].what' "$T/zh")" = "$(sq "SELECT what FROM task ORDER BY id DESC LIMIT 1")"
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
  LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 ctl task list >"$T/zh"
  check "... and in Chinese in the text table" \
    grep -qF "$(LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 TEXTDOMAINDIR=$top_builddir/locale gettext dosvm "$(sq "SELECT what FROM task ORDER BY id DESC LIMIT 1")")" "$T/zh"
fi
ctl --json task list --state nosuch >"$T/out" 2>/dev/null
check "an unknown --state is refused (exit 1, state)" test $? = 1 -a "$(jq -r .error.field "$T/out")" = state
echo "1..$N"
exit $FAILED
