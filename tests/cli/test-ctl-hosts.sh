#!/bin/bash
# test-ctl-hosts.sh - dosvmctl's host verbs (cli/ctl_hosts.c) on test-driver
# hosts: host show, modify, delete and clear-history; host groups listed,
# added with their member hosts, modified, given their projects by name on
# the console's choice lists, and deleted.  Each verb: --json parsed, the
# record in the database, the console's audit row, and its refusals with
# their exit status and field; one refusal in Chinese.
# features: M6.2.2.3 M6.2.1.1 M6.2.1.2 M6.2.1.3a M6.2.1.3b M6.2.1.4 M6.2.2.1 M6.2.2.2a M6.2.2.4 M6.2.2.5
. "$top_srcdir/tests/lib/ctl.sh"
"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
"$DVTOOL" add-host "$DB" beta "test://$top_srcdir/data/demo/host2.xml" >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$T" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null

# ---- host show (M6.2.2.2a), list (M6.2.2.1)
ctl --json host show --host alpha >"$T/out"
check "host show: the host's static information (M6.2.2.2a)" \
  jqf "$T/out" '.[0] | "\(.name) \(.cpu_cores > 0) \(.max_vcpus == .cpu_cores) \(.max_vmem == .mem_total_mb - 512) \(.cpu_model | length > 0)"' \
  "alpha true true true true"
ctl --json host list >"$T/out"
check "host list (M6.2.2.1): both hosts in the same schema" \
  jqf "$T/out" '[.[].name] | join(" ")' "alpha beta"
ctl --json host show --host "$(sq "SELECT id FROM host WHERE name = 'beta'")" >"$T/out"
check "... a host named by its id too" jqf "$T/out" '.[0].name' beta
ctl --json host show --host 999 >"$T/out" 2>/dev/null
check "... an id no host has is not found (exit 3)" test $? = 3
ctl --json host show --host gamma >"$T/out" 2>/dev/null
check "a host that does not exist is not found (exit 3, name)" test $? = 3 -a "$(field)" = name
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json host show --name alpha >"$T/out" 2>"$T/err"
check "a project administrator may not see hosts (exit 1)" test $? = 1
check "... with the console's message" grep -q "Only the system administrator can manage hosts." "$T/err"

# ---- host modify (M6.2.2.4)
mem=$(sq "SELECT mem_total_mb FROM host WHERE name = 'alpha'")
ctl --json host modify --host alpha --max-vcpus 3 --max-vmem 1024 >"$T/out"
check "host modify sets max VCPUs and max VMEM (M6.2.2.4)" \
  jqf "$T/out" '.[0] | "\(.name) \(.max_vcpus) \(.max_vmem)"' "alpha 3 1024"
check "... in the database" check_sql "SELECT max_vcpus || ' ' || max_vmem_mb FROM host WHERE name = 'alpha'" "3 1024"
check "... with the console's audit row" check_op "sysadm|dosvmctl|Modify host|alpha"
ctl --json host modify --host alpha --name alpha1 >"$T/out"
check "a second --name renames it, the limits kept" \
  jqf "$T/out" '.[0] | "\(.name) \(.max_vcpus) \(.max_vmem)"' "alpha1 3 1024"
ops0=$(ops)
ctl --json host modify --host alpha1 --max-vmem $((mem - 511)) >"$T/out" 2>/dev/null
check "max VMEM above the memory less 512 MiB is refused (exit 1, max-vmem)" \
  test $? = 1 -a "$(field)" = max-vmem
ctl --json host modify --host alpha1 --max-vcpus 0 >"$T/out" 2>/dev/null
check "max VCPUs 0 is refused (exit 1, max-vcpus)" test $? = 1 -a "$(field)" = max-vcpus
ctl --json host modify --name alpha1 --name beta >"$T/out" 2>/dev/null
check "a name another host has is refused (exit 1, name; the older --name OLD --name NEW)" test $? = 1 -a "$(field)" = name
check "... and none of the refusals wrote anything" test "$(ops)" = "$ops0"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 ctl host modify --host alpha1 --max-vcpus 0 >/dev/null 2>"$T/err"
check "the refusal in Chinese (zh_CN)" grep -q "最大VCPU数必须在 1 到 65536 之间" "$T/err"

# ---- host clear-history (M6.2.2.5)
id=$(sq "SELECT id FROM host WHERE name = 'alpha1'")
t1=$(date -d '2026-01-01 00:00:00' +%s)
t2=$(date -d '2026-03-01 00:00:00' +%s)
sq "INSERT INTO host_history(host_id, time, cpu_pct) VALUES ($id, $t1, 1), ($id, $t2, 2)"
# ---- host history (M6.2.2.3), before it is cleared
ctl --json host history --host alpha1 >"$T/out"
check "host history (M6.2.2.3): the samples, newest first, a missing value null" \
  jqf "$T/out" 'map("\(.time) \(.cpu_pct) \(.mem_pct)") | join(",")' \
  "2026-03-01 00:00:00 2 null,2026-01-01 00:00:00 1 null"
ctl --json host history --host alpha1 --from "2026-02-01 00:00:00" --to "2026-04-01 00:00:00" >"$T/out"
check "... within a period" jqf "$T/out" 'map(.time) | join(",")' "2026-03-01 00:00:00"
ctl --json host history --host alpha1 --from "2026-02-01 00:00:00" >"$T/out" 2>/dev/null
check "... a period with one end is refused (exit 1, to)" test $? = 1 -a "$(field)" = to
ctl --json host history --host alpha1 --from 2026-02-01 --to "March" >"$T/out" 2>/dev/null
check "... an end that is no time (exit 1, to)" test $? = 1 -a "$(field)" = to
ctl --json host clear-history --date 2026-02-01 --time 00:00:00 >"$T/out"
check "host clear-history deletes the rows before the time (M6.2.2.5)" \
  jqf "$T/out" '.[0].result' "Deleted 1 host history rows before 2026-02-01 00:00:00."
check "... and keeps the later ones" check_sql "SELECT time FROM host_history" "$t2"
check "... with the console's audit row" check_op "sysadm|dosvmctl|Clear host history|2026-02-01 00:00:00"
ctl --json host clear-history --date 2026-02-30 >"$T/out" 2>/dev/null
check "a date that is no date is refused (exit 1, date)" test $? = 1 -a "$(field)" = date

# ---- hostgroup add (M6.2.1.2), list (M6.2.1.1)
ctl --json hostgroup add --name 计算 --description 主机群 --hosts alpha1,beta >"$T/out"
check "hostgroup add with its member hosts by name (M6.2.1.2)" \
  jqf "$T/out" '.[0] | "\(.name) \(.description) \(.hosts)"' "计算 主机群 alpha1,beta"
check "... the members in the database" \
  check_sql "SELECT count(*) FROM host_group_member m JOIN host_group g ON g.id = m.group_id WHERE g.name = '计算'" 2
check "... with the console's audit row" check_op "sysadm|dosvmctl|Add host group|计算"
ops0=$(ops)
ctl --json hostgroup add --name 空 >"$T/out" 2>/dev/null
check "a group without hosts is refused (exit 1, hosts)" test $? = 1 -a "$(field)" = hosts
ctl --json hostgroup add --name 计算 --hosts beta >"$T/out" 2>/dev/null
check "a name that is taken is refused (exit 1, name)" test $? = 1 -a "$(field)" = name
ctl --json hostgroup add --name 其他 --hosts gamma >"$T/out" 2>/dev/null
check "a host that does not exist is not found (exit 3, hosts)" test $? = 3 -a "$(field)" = hosts
check "... and none of the refusals wrote anything" test "$(ops)" = "$ops0"
ctl --json hostgroup list --name 计 >"$T/out"
check "hostgroup list by part of the name (M6.2.1.1)" jqf "$T/out" '[.[].name] | join(" ")' "计算"

# ---- hostgroup modify (M6.2.1.3a), projects (M6.2.1.3b)
ctl --json hostgroup modify --hostgroup 计算 --name 计算群 --hosts beta >"$T/out"
check "hostgroup modify: a new name and members (M6.2.1.3a)" \
  jqf "$T/out" '.[0] | "\(.name) \(.description) \(.hosts)"' "计算群 主机群 beta"
check "... with the console's audit row" check_op "sysadm|dosvmctl|Modify host group|计算群"
ctl --json hostgroup projects --hostgroup 计算群 --projects 网站 >"$T/out"
check "hostgroup projects by name (M6.2.1.3b)" jqf "$T/out" '.[0].projects' "网站"
check "... the link in the database" check_sql "SELECT count(*) FROM project_host_group" 1
check "... with the console's audit row" check_op "sysadm|dosvmctl|Modify projects of host group|计算群"
ctl --json hostgroup projects --name 计算群 --projects 没有 >"$T/out" 2>/dev/null
check "a project that does not exist is not found (exit 3, projects)" test $? = 3 -a "$(field)" = projects
ctl --json hostgroup modify --hostgroup 计算群 --description 新 --projects '' >"$T/out"
check "hostgroup modify --projects '' takes every project off" \
  jqf "$T/out" '.[0] | "\(.description)|\(.projects)|\(.hosts)"' "新||beta"
ctl --json hostgroup modify --hostgroup 无此群 --description x >"$T/out" 2>/dev/null
check "a group that does not exist is not found (exit 3, name)" test $? = 3 -a "$(field)" = name

# ---- host delete (OP-13), hostgroup delete (M6.2.1.4)
ctl --json host delete --host beta >"$T/out" 2>"$T/err"
check "a running host cannot be deleted (exit 1)" test $? = 1
check "... with the console's message" grep -q "only a stopped host can be deleted" "$T/err"
sq "UPDATE host SET state = 0 WHERE name = 'beta'"
ctl --json host delete --name beta >"$T/out" 2>"$T/err"
check "... nor a stopped one in a host group (exit 1)" test $? = 1
ctl --json hostgroup projects --name 计算群 --projects 网站 >/dev/null
ctl --json hostgroup delete --hostgroup 计算群 >"$T/out" 2>"$T/err"
check "a host group a project uses cannot be deleted (exit 1)" test $? = 1
ctl --json hostgroup projects --name 计算群 --projects '' >/dev/null
ctl --json hostgroup delete --name 计算群 >"$T/out"
check "hostgroup delete (M6.2.1.4)" jqf "$T/out" '.[0].result' "The host group '计算群' was deleted."
check "... the group is gone" check_sql "SELECT count(*) FROM host_group" 0
check "... with the console's audit row" check_op "sysadm|dosvmctl|Delete host group|计算群"
ctl --json host delete --name beta >"$T/out"
check "host delete of a stopped host in no group" jqf "$T/out" '.[0].result' "The host 'beta' was deleted."
check "... the record is gone" check_sql "SELECT count(*) FROM host WHERE name = 'beta'" 0
check "... with the console's audit row" check_op "sysadm|dosvmctl|Delete host|beta"
ctl --json host delete --name beta >"$T/out" 2>/dev/null
check "... deleting it again: not found (exit 3)" test $? = 3
echo "1..$N"
exit $FAILED
