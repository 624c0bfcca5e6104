#!/bin/bash
# test-dosvmctl.sh - dosvmctl, the scriptable twin of the console: log-in
# with the password from DOSVM_PASSWORD_FILE or a descriptor (never the
# command line), the console's failed-login rules and login log with the
# client address "dosvmctl", the project administrators and the hosts as
# text, JSON (parsed with jq) and CSV, the refusals with their exit status
# (1 a rule, 2 usage) and the JSON error naming the field, and the bash
# completion made from the same table.
# features: M5.4.1 M5.4.7a M5.4.7b M6.2.2 M7.2.1 M11.1 M11.4.5a M11.4.5b M13.1.1 M13.2.1
. "$top_srcdir/tests/lib/ctl.sh"
"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
echo wrong >"$T/bad"

ctl user list >"$T/out" 2>"$T/err"
check "user list exits 0 (M5.4.1)" test $? = 0
check "... an aligned table with the account" grep -qE '^ *2 +zhou +周伟' "$T/out"
ctl --json user list >"$T/out"
check "--json gives an array of users" test "$(jq -r '.[0].account' "$T/out")" = zhou
check "... with its schema: id a number, frozen a boolean" \
  test "$(jq -r '.[0] | "\(.id|type) \(.frozen|type) \(.name_zh)"' "$T/out")" = "number boolean 周伟"
ctl --csv user list >"$T/out"
check "--csv gives a header line of the keys" test "$(head -1 "$T/out" | tr -d '\r')" = \
  "id,account,name_zh,project,frozen,phone,email,address,description,locked_until"
check "... and the row" grep -q "^2,zhou,周伟," "$T/out"
ctl --json user list --account zh >"$T/out"
check "a query option narrows the list" test "$(jq length "$T/out")" = 1
ctl --json user list --account nobody >"$T/out"
check "... to nothing: an empty array" test "$(jq length "$T/out")" = 0
ctl --json host list >"$T/out"
check "host list (M6.2.2) with the host's node information" \
  test "$(jq -r '.[0] | "\(.name) \(.cpu_cores > 0) \(.running|type)"' "$T/out")" = "alpha true boolean"

"$CTL" --db "$DB" --user sysadm --password-fd 3 --json user list 3<"$T/pw" >"$T/out"
check "the password from a read-only descriptor" test "$(jq -r '.[0].account' "$T/out")" = zhou
check "every log-in is in the login log with the address dosvmctl" \
  check_sql "SELECT count(*) FROM login_log WHERE addr = 'dosvmctl' AND result = 0" 7
SSH_CONNECTION="192.0.2.7 50000 192.0.2.1 22" ctl user list >/dev/null
check "... with the SSH client's address where there is one" \
  check_sql "SELECT addr FROM login_log ORDER BY id DESC LIMIT 1" "dosvmctl 192.0.2.7"

ops() { sqlite3 "$DB" "SELECT count(*) FROM op_log"; }
ops0=$(ops)
ctl --json user freeze --account zhou >"$T/out"
check "user freeze (M5.4.7a) freezes the account" test "$(jq -r '.[0].frozen' "$T/out")" = true
check "... with the console's audit row, from dosvmctl" \
  check_sql "SELECT user || '|' || addr || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1" \
  "sysadm|dosvmctl|Freeze user|zhou"
ctl --json user freeze --account zhou >"$T/out" 2>"$T/err"
check "freezing it again is refused by the rule (exit 1)" test $? = 1
check "... with the console's message" grep -q "already frozen" "$T/err"
ctl user freeze --account nobody >/dev/null 2>"$T/err"
check "an account that does not exist is not found (exit 3)" test $? = 3
check "... and nothing more is logged" test "$(ops)" = "$((ops0 + 1))"
ctl --json user unfreeze --account zhou >"$T/out"
check "user unfreeze (M5.4.7b)" test "$(jq -r '.[0].frozen' "$T/out")" = false
ctl --json host add --name beta --uri "test://$top_srcdir/data/demo/host2.xml" >"$T/out"
check "host add (M6.2.2) registers the host with its node information" \
  test "$(jq -r '.[0] | "\(.name) \(.cpu_cores > 0)"' "$T/out")" = "beta true"
ctl --json host add --name gamma --uri "qemu+ext:///system" >"$T/out" 2>/dev/null
check "a URI dosvm does not support is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jq -r '.error.field' "$T/out")" = uri
"$DVTOOL" add-group "$DB" "研发组" "$T" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
ctl --json project list >"$T/out"
check "project list (M7.2.1) with its administrators" \
  test "$(jq -r '.[0] | "\(.name) \(.active) \(.admins)"' "$T/out")" = "网站 true 周伟"

# VMs: the project admin's, on the test-driver host
"$DVTOOL" quota "$DB" "网站" max_instances=2 max_vcpus=8 max_mem_mb=8192 >/dev/null
sqlite3 "$DB" "INSERT INTO setting(key, value) VALUES ('vm_temp_dir', '$T')"
"$DVTOOL" guest-vm "$DB" zhou vt1 "$T" "$T/vt1.log" >/dev/null 2>&1
zctl() { DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou "$@"; }
zctl --json vm list >"$T/out"
check "vm list (M11.1): the project's VM, running" \
  test "$(jq -r '.[0] | "\(.name) \(.power_on) \(.run_state) \(.host)"' "$T/out")" = "vt1 true running alpha"
vmact() { # VERB STATE DESC
  zctl --json vm "$1" --name vt1 >"$T/out" 2>"$T/err"
  check "$3" test "$(jq -r '.[0].run_state' "$T/out" 2>/dev/null)" = "$2"
}
# (each dosvmctl is a process of its own, and each process sees the test
# driver's file afresh: suspend, resume, reboot, save and restore need a
# domain that lives on, a real libvirtd; power off and on work here)
vmact stop shutoff "vm stop: power off (M11.4.5b)"
zctl --json vm resume --name vt1 >"$T/out" 2>"$T/err"
check "resuming a shut-off VM is refused by the rule (exit 1)" test $? = 1
check "... with the console's message" grep -q "Only a suspended VM can be resumed." "$T/err"
vmact start running "vm start: power on (M11.4.5a)"
check "each action has the console's audit row, from dosvmctl" \
  check_sql "SELECT count(*) FROM op_log WHERE user = 'zhou' AND addr = 'dosvmctl' AND object = 'vt1'" 2
zctl vm stop --name nosuch >/dev/null 2>&1
check "a VM that does not exist is not found (exit 3)" test $? = 3

ctl --json param show >"$T/out"
check "param show (M13.2.1): the system parameters by key" \
  test "$(jq -r '.[] | select(.key == "task_interval") | .value' "$T/out")" = 5
ctl --json log list --user zh >"$T/out"
check "log list (M13.1.1): the operation log, newest first, by user" \
  test "$(jq -r '.[0] | "\(.user) \(.address) \(.content)"' "$T/out")" = "zhou dosvmctl Power on VM: vt1"
ctl --json log list --from 2026-01-01 >"$T/out" 2>"$T/err"
check "a period with one end only is refused (exit 1), naming the field" \
  test $? = 1 -a -n "$(jq -r '.error.field' "$T/out")"

DOSVM_PASSWORD_FILE=$T/bad "$CTL" --db "$DB" --user sysadm --json user list >"$T/out" 2>"$T/err"
check "a wrong password is refused (exit 1)" test $? = 1
check "... the JSON error names the field" test "$(jq -r '.error.field' "$T/out")" = password
check "... and logged as a failed login" \
  check_sql "SELECT result FROM login_log ORDER BY id DESC LIMIT 1" 1
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json user list >"$T/out" 2>"$T/err"
check "a project administrator may not list users (exit 1)" test $? = 1
check "... the console's message" grep -q "Only the system administrator" "$T/err"
"$CTL" --db "$DB" --user sysadm --password 123456 user list >"$T/out" 2>"$T/err"
check "a password on the command line is refused (exit 2)" test $? = 2
"$CTL" --db "$DB" user list >/dev/null 2>&1
check "no --user is a usage error (exit 2)" test $? = 2
ctl user fly >/dev/null 2>&1
check "an unknown verb is a usage error (exit 2)" test $? = 2
ctl user list --colour red >/dev/null 2>&1
check "an option the verb does not take is a usage error (exit 2)" test $? = 2
# in Chinese: the console's messages and the table headers of zh_CN
zh() { LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 "$@"; }
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
  zh ctl user list >"$T/out" 2>"$T/err"
  check "zh_CN: the text table's headers in Chinese" grep -q "账号" "$T/out"
  DOSVM_PASSWORD_FILE=$T/zpw zh "$CTL" --db "$DB" --user zhou user list >"$T/out" 2>"$T/err"
  check "zh_CN: a refusal in the console's Chinese words" grep -q "只有系统管理员可以管理用户。" "$T/err"
  zh ctl --json user freeze --account nobody >"$T/out" 2>"$T/err"
  check "zh_CN: not found, in Chinese, in the JSON message too (exit 3)" \
    test $? = 3 -a "$(jq -r .error.message "$T/out")" = "没有账号“nobody”。"
  zh ctl user fly >/dev/null 2>"$T/err"
  check "zh_CN: a usage error says so in Chinese" grep -q "没有操作“fly”" "$T/err"
else
  for d in headers refusal not-found usage; do N=$((N + 1)); echo "ok $N - zh_CN $d # SKIP no zh_CN.UTF-8 locale"; done
fi
ctl user list --colour red >/dev/null 2>"$T/err"
check "an unknown option is named, with the options the verb takes" \
  grep -q -- "--colour" "$T/err"
check "... listed" grep -q -- "user list \[--account VALUE\]" "$T/err"

# usage mistakes: each named in one line (exit 2), nothing logged or made
logins0=$(sql "SELECT count(*) FROM login_log")
DOSVM_PASSWORD_FILE=$T/pw "$CTL" --db "$T/nosuch/dosvm.db" --user sysadm host list >/dev/null 2>"$T/err"
check "a database that does not exist is not made (exit 4)" test $? = 4 -a ! -e "$T/nosuch"
check "... saying so" grep -q "There is no database $T/nosuch/dosvm.db" "$T/err"
"$CTL" --db "$DB" --user sysadm --password-fd 99 host list >/dev/null 2>"$T/err"
check "a --password-fd that is not open is a usage error (exit 2)" test $? = 2
check "... named as such" grep -q "Descriptor 99 is not open" "$T/err"
"$CTL" --db "$DB" --user sysadm --password-fd abc host list >/dev/null 2>&1
check "... and one that is no number" test $? = 2
check "... neither counts as a failed log-in" check_sql "SELECT count(*) FROM login_log" "$logins0"
ctl user list --account >/dev/null 2>"$T/err"
check "an option without its value (exit 2)" test $? = 2
check "... says which" grep -q -- "--account needs a value." "$T/err"
ctl user list account zhou >/dev/null 2>"$T/err"
check "a word that is no option (exit 2), named" grep -q "'account' is not an option" "$T/err"
ctl user >/dev/null 2>"$T/err"
check "a noun without its verb lists the noun's verbs" grep -q "^  user list" "$T/err"
ctl user list --help >"$T/out" 2>&1
check "NOUN VERB --help shows the verb's options (exit 0)" \
  test $? = 0 -a "$(head -1 "$T/out" | awk '{print $1, $2, $3}')" = "user list [--account"
ctl --json --csv user list >/dev/null 2>"$T/err"
check "--json with --csv is refused (exit 2)" grep -q -- "--json and --csv" "$T/err"
ctl --json user list --account=zhou >"$T/out"
check "--OPTION=VALUE is taken too" test "$(jq -r '.[0].account' "$T/out")" = zhou
DOSVM_PASSWORD_FILE=$T/pw "$CTL" --db="$DB" --user=sysadm --json user list >"$T/out" </dev/null
check "... for the options before the noun as well" test "$(jq length "$T/out")" = 1

"$CTL" --completion >"$T/comp"
check "the bash completion is made from the table" \
  bash -c ". '$T/comp'; COMP_WORDS=(dosvmctl user ''); COMP_CWORD=2; _dosvmctl; [ \"\${COMPREPLY[*]}\" = 'list show add modify password own-password delete freeze unfreeze unlock' ]"
check "... with each verb's options" \
  bash -c ". '$T/comp'; COMP_WORDS=(dosvmctl vm stop ''); COMP_CWORD=3; _dosvmctl; [ \"\${COMPREPLY[*]}\" = '--vm --name' ]"
touch "$T/comp-file-x"
check "... and a file name, not an option, as an option's value" \
  bash -c ". '$T/comp'; COMP_WORDS=(dosvmctl --db '$T/comp-file-'); COMP_CWORD=2; _dosvmctl; [ \"\${COMPREPLY[*]}\" = '$T/comp-file-x' ]"
echo "1..$N"
exit $FAILED
