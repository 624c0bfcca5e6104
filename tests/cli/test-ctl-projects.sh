#!/bin/bash
# test-ctl-projects.sh - dosvmctl's project nouns (cli/ctl_projects.c):
# projects (list, show, add, modify, delete, activate, deactivate, their
# administrators, host groups, pools and quota) and project groups (list,
# add, modify, delete, add-project, remove-project), each with the JSON of
# its schema, the record in the database, the console's audit row, and
# refusals with their exit status (1 a rule naming the field, 3 not found);
# one refusal in Chinese.
# features: M7.2.1 M7.2.1.1a M7.2.1.1b M7.2.1.2 M7.2.1.3a M7.2.1.3b M7.2.1.3c M7.2.1.3d
# features: M7.3.1 M7.3.2 M7.2.1.5a M7.2.1.5b M7.2.2.1 M7.2.2.2 M7.2.2.3 M7.2.2.4 M7.2.2.5 M7.2.2.6
. "$top_srcdir/tests/lib/ctl.sh"
# the newest audit row: user|addr|action|object

DVTOOL_SYSADM_PW=123456 "$DVTOOL" add-admin "$DB" wang 王芳 wangpw >/dev/null
"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$T/rd" >/dev/null
sqlite3 "$DB" "INSERT INTO host_group(name, created_at) VALUES ('机房一', 0), ('机房二', 0);
  INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at)
    VALUES ('0b5d6f62-3c27-4f8e-9d55-7c1c1e0f2a11', 'pool-a', 0, 1024, '/dpfs/a', 0)" 2>"$T/err" ||
  cat "$T/err" >&2

# ---- project add (M7.2.1.1a)
ctl --json project add --group 研发组 --name 网站 --description "the web site" >"$T/out"
check "project add (M7.2.1.1a) prints the project in its schema" \
  test "$(jqo '.[0] | "\(.name) \(.active) \(.description) \(.max_vcpus) \(.id|type)"')" = \
  "网站 false the web site 0 number"
check "... the project is in the database, in its group, inactive" \
  check_sql "SELECT p.active FROM project p JOIN project_group_member m ON m.project_id = p.id
             JOIN project_group g ON g.id = m.group_id WHERE p.name = '网站' AND g.name = '研发组'" 0
check "... with the console's audit row, from dosvmctl" test "$(last_op)" = "sysadm|dosvmctl|Add project|网站"
ops0=$(ops)
ctl --json project add --group 研发组 --name 网站 >"$T/out" 2>"$T/err"
check "a duplicate project name is refused (exit 1)" test $? = 1
check "... the JSON error names the field" test "$(jqo .error.field)" = name
ctl --json project add --name 数据 >"$T/out" 2>/dev/null
check "no project group is refused (exit 1), naming the field" test $? = 1 -a "$(jqo .error.field)" = group
ctl project add --group 无此组 --name 数据 >/dev/null 2>&1
check "a project group that does not exist is not found (exit 3)" test $? = 3
check "... and nothing was logged" test "$(ops)" = "$ops0"
ctl --json project add --group 研发组 --name 数据 >/dev/null

# ---- list, show
ctl --json project list >"$T/out"
check "project list (M7.2.1) lists both" test "$(jqo 'map(.name) | sort | join(",")')" = "数据,网站"
ctl --json project list --name 网 >"$T/out"
check "... --name narrows it" test "$(jqo 'map(.name) | join(",")')" = 网站
ctl --json project show --project 数据 >"$T/out"
check "project show gives one project" test "$(jqo 'length, .[0].name' | tr '\n' ' ')" = "1 数据 "
ctl project show --project 无 >/dev/null 2>&1
check "a project that does not exist is not found (exit 3)" test $? = 3

# ---- modify (M7.2.1.2)
ctl --json project modify --project 数据 --name 数据中心 >"$T/out"
check "project modify (M7.2.1.2) renames it" test "$(jqo '.[0].name')" = 数据中心
check "... in the database" check_sql "SELECT count(*) FROM project WHERE name = '数据中心'" 1
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Modify project basic information|数据中心"
ctl --json project modify --project 网站 --description "" >"$T/out"
check "... a field not given keeps its value, an empty one is emptied" \
  test "$(jqo '.[0] | "\(.name)|\(.description)"')" = "网站|"
ctl --json project modify --project 网站 --name 数据中心 >"$T/out" 2>/dev/null
check "renaming to a name in use is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = name

# ---- quota (M7.2.1.3a)
ctl --json project quota --project 网站 --max-instances 4 --max-vcpus 8 --max-mem-mb 8192 >"$T/out"
check "project quota (M7.2.1.3a) sets the quotas given" \
  test "$(jqo '.[0] | "\(.max_instances) \(.max_vcpus) \(.max_mem_mb) \(.max_disk_mb)"')" = "4 8 8192 0"
check "... in the database" \
  check_sql "SELECT max_instances, max_vcpus, max_mem_mb FROM project WHERE name = '网站'" "4|8|8192"
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Modify project quota|网站"
ctl --json project quota --project 网站 --max-disk-mb 100 >"$T/out"
check "... the quotas not given keep their values" \
  test "$(jqo '.[0] | "\(.max_instances) \(.max_disk_mb)"')" = "4 100"
ctl --json project show --project "$(sql "SELECT id FROM project WHERE name = '网站'")" >"$T/out"
check "project show finds a project by its id too" test "$(jqo '.[0].name')" = 网站
ctl --json project usage --name 网站 >"$T/out"
check "project usage (M7.3.1): the quotas' maximums beside what is used" \
  test "$(jqo '.[0] | "\(.project) \(.instances_used) \(.instances_max) \(.vcpus_max) \(.disk_mb_max) \(.vcpu_seconds)"')" = "网站 0 4 8 100 0"
ctl --json project quota --project 网站 --max-vcpus -3 >"$T/out" 2>/dev/null
check "a negative quota is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = max-vcpus

# ---- admins, host groups, pools (M7.2.1.3b-d)
ctl --json project admins --project 网站 --admins "周伟 (zhou)" >"$T/out"
check "project admins (M7.2.1.3b) by the checklist's labels" test "$(jqo '.[0].admins')" = 周伟
check "... the user manages the project" \
  check_sql "SELECT p.name FROM user u JOIN project p ON p.id = u.project_id WHERE u.account = 'zhou'" 网站
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Modify project administrators|网站"
ctl --json project admins --project 数据中心 --admins "周伟 (zhou)" >"$T/out" 2>/dev/null
check "an admin of another project is not in the list: not found (exit 3)" test $? = 3
ctl --json project admins --project 网站 >"$T/out" 2>/dev/null
check "the list is required (exit 1), naming the field" test $? = 1 -a "$(jqo .error.field)" = admins
ctl --json project hostgroups --project 网站 --hostgroups "机房一,机房二" >"$T/out"
check "project hostgroups (M7.2.1.3d)" test "$(jqo '.[0].hostgroups')" = "机房一,机房二"
check "... in the database" check_sql "SELECT count(*) FROM project_host_group" 2
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Modify project host groups|网站"
ctl --json project hostgroups --project 网站 --hostgroups "机房一" >/dev/null
check "... the list replaces the links" check_sql "SELECT count(*) FROM project_host_group" 1
ctl project hostgroups --project 网站 --hostgroups "机房九" >/dev/null 2>&1
check "a host group that does not exist is not found (exit 3)" test $? = 3
ctl --json project pools --project 网站 --pools pool-a >"$T/out"
check "project pools (M7.2.1.3c)" test "$(jqo '.[0].pools')" = pool-a
check "... in the database" \
  check_sql "SELECT count(*) FROM pool_project pp JOIN project p ON p.id = pp.project_id WHERE p.name = '网站'" 1
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Modify project storage pools|网站"
ctl --json project pools --project 网站 --pools "" >"$T/out"
check "... \"\" chooses none" test "$(jqo '.[0].pools')" = ""

# ---- activate, deactivate (M7.2.1.5a/b)
ctl --json project activate --project 网站 >"$T/out"
check "project activate (M7.2.1.5a)" test "$(jqo '.[0].active')" = true
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json project usage >"$T/out" </dev/null
check "project usage: a project administrator's own project only (M7.3.2)" \
  test "$(jqo 'map("\(.project) \(.vcpus_max)") | join(",")')" = "网站 8"
check "... in the database" check_sql "SELECT active FROM project WHERE name = '网站'" 1
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Activate project|网站"
ctl --json project activate --project 网站 >"$T/out" 2>"$T/err"
check "activating an active project is refused (exit 1)" test $? = 1
check "... with the console's message" grep -q "already active" "$T/err"
ctl --json project deactivate --project 网站 >"$T/out"
check "project deactivate (M7.2.1.5b)" test "$(jqo '.[0].active')" = false
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Deactivate project|网站"

# ---- project groups (M7.2.2)
ctl --json projgroup add --name 测试组 --file-dir "$T/test" --description tests >"$T/out"
check "projgroup add (M7.2.2.2) prints the group in its schema" \
  test "$(jqo '.[0] | "\(.name) \(.file_dir) \(.description) \(.projects) \(.id|type)"')" = \
  "测试组 $T/test tests  number"
check "... in the database, its directory made" \
  check_sql "SELECT file_dir FROM project_group WHERE name = '测试组'" "$T/test"
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Add project group|测试组"
ctl --json projgroup add --name 测试组 --file-dir "$T/t2" >"$T/out" 2>/dev/null
check "a duplicate group name is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = name
ctl --json projgroup add --name 相对组 --file-dir relative/dir >"$T/out" 2>/dev/null
check "a relative directory is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = file-dir
ctl --json projgroup list >"$T/out"
check "projgroup list (M7.2.2.1): one row per group, with its projects" \
  test "$(jqo 'map("\(.name)=\(.projects | split(",") | sort | join(","))") | sort | join(" ")')" = "测试组= 研发组=数据中心,网站"
ctl --json projgroup list --name 测试 >"$T/out"
check "... --name narrows it" test "$(jqo 'map(.name) | join(",")')" = 测试组
ctl --json projgroup modify --group 测试组 --name 试验组 >"$T/out"
check "projgroup modify (M7.2.2.3) renames it, the rest kept" \
  test "$(jqo '.[0] | "\(.name) \(.description)"')" = "试验组 tests"
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Modify project group|试验组"
ctl --json projgroup modify --group 测试组 --name x >/dev/null 2>&1
check "a group that does not exist is not found (exit 3)" test $? = 3
ctl --json projgroup add-project --group 试验组 --project 网站 >"$T/out"
check "projgroup add-project (M7.2.2.5)" test "$(jqo '.[0].projects')" = 网站
check "... in the database" \
  check_sql "SELECT count(*) FROM project_group_member m JOIN project p ON p.id = m.project_id WHERE p.name = '网站'" 2
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Add project to project group|试验组 / 网站"
ctl --json projgroup add-project --group 试验组 --project 网站 >"$T/out" 2>/dev/null
check "adding it twice is refused (exit 1)" test $? = 1
ctl --json projgroup delete --group 试验组 >"$T/out" 2>/dev/null
check "deleting a group with projects is refused (exit 1) (M7.2.2.4)" test $? = 1
ctl --json projgroup remove-project --group 试验组 --project 网站 >"$T/out"
check "projgroup remove-project (M7.2.2.6)" test "$(jqo '.[0].projects')" = ""
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Remove project from project group|试验组 / 网站"
ctl --json projgroup remove-project --group 研发组 --project 网站 >"$T/out" 2>/dev/null
check "removing a project from its last group is refused (exit 1)" test $? = 1
ctl --json projgroup delete --group 试验组 >"$T/out"
check "projgroup delete (M7.2.2.4) an empty group" \
  test "$(jqo '.[0].result')" = "The project group '试验组' was deleted."
check "... gone from the database" check_sql "SELECT count(*) FROM project_group WHERE name = '试验组'" 0
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Delete project group|试验组"

# ---- delete (M7.2.1.1b)
ctl --json project delete --project 网站 >"$T/out"
check "project delete (M7.2.1.1b)" test "$(jqo '.[0].result')" = "The project '网站' was deleted."
check "... gone, its administrator unassigned" \
  check_sql "SELECT (SELECT count(*) FROM project WHERE name = '网站') || (SELECT count(*) FROM user WHERE project_id IS NOT NULL)" 00
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Delete project|网站"
ctl project delete --project 网站 >/dev/null 2>&1
check "deleting it again: not found (exit 3)" test $? = 3

# ---- who may, and Chinese
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json project list >"$T/out" 2>"$T/err"
check "a project administrator may not manage projects (exit 1)" test $? = 1
check "... the console's message" grep -q "Only the system administrator can manage projects." "$T/err"
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 ctl --json projgroup add --name 研发组 --file-dir "$T/x" >"$T/out" 2>"$T/err"
msg=$(LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 TEXTDOMAINDIR=$DOSVM_LOCALEDIR gettext dosvm "The project group '%s' already exists." 2>/dev/null)
check "in zh_CN the refusal is in Chinese" grep -q "$(printf "${msg:-x%s}" 研发组)" "$T/err"
echo "1..$N"
exit $FAILED
