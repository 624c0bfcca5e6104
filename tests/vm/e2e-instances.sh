#!/bin/bash
# e2e-instances.sh - the project admin's instance list (虚拟机实例信息): its
# columns and query; 管理虚拟机 opens the instance's VM page and is refused
# for a disabled instance; 禁用 and 激活 after their confirmation, with
# their audit rows; 删除 refused while the instance has VMs, and done for
# one without.
# features: M11.3a M11.3b M11.3f M11.3g M11.3h
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_admin zhou 周 zhoupw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
sql "UPDATE host SET state = 1;
     UPDATE project SET max_instances = 5, max_vcpus = 16, max_mem_mb = 65536;
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, created_at)
       SELECT id, 'web', '网站实例', 2, 2048, 'x86_64', 'kvm', 1, 1 FROM project;
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, created_at)
       SELECT id, 'spare', '备用实例', 1, 512, 'x86_64', 'qemu', 0, 2 FROM project;
     INSERT INTO vm(instance_id, name_en, uuid, created_at)
       SELECT id, 'vweb1', '00000000-0000-0000-0000-0000000000e1', 3 FROM instance
       WHERE name_en = 'web';" >/dev/null
ops() { sql "SELECT count(*) FROM op_log"; }
last_op() { sql "SELECT action FROM op_log ORDER BY id DESC LIMIT 1"; }

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "VM management" projadm
tui_wait "Instance information" 5
check_screen "虚拟机实例信息 is the module's first page (M11.3a)" "Instance information"
check_screen "its toolbar" "$(toolbar v "Manage VMs" a "Custom add" i "Import from instance" e Modify d Delete t Activate s Disable)"
check_screen "a row: its Chinese name" 网站实例
check_screen "... its English name" spare
check_screen "... unique" "$(t "Unique")"
check_screen "... active" "$(t "Activated")"
tui_keys /; tui_keys C-u; tui_type "备用"; tui_keys Enter Escape
tui_gone 网站实例 5
check_screen "the query finds by Chinese name" 备用实例
tui_keys /; tui_keys C-u; tui_type "eb"; tui_keys Enter Escape
tui_gone 备用实例 5
check_screen "... and by part of the English name" 网站实例
tui_keys /; tui_keys C-u; tui_keys Enter Escape
tui_wait 备用实例 5

# M11.3b
tui_keys Home v
tui_wait "Instance VMs" 5
check_screen "管理虚拟机 opens the instance's VM page (M11.3b)" vweb1
tui_keys Escape
tui_wait "Instance information" 5

# M11.3f: refused with VMs
ops0=$(ops)
tui_keys Home d
tui_wait "$(t "%s: %s" "$(t "Delete VM instance")" 网站实例)" 5
tui_keys Enter
check_screen "an instance with VMs is not deleted (M11.3f)" \
  "$(t "The instance still has VMs; it cannot be deleted.")" 5
check_sql "... it stays" "SELECT count(*) FROM instance WHERE name_en = 'web'" 1
check "... and nothing is logged" test "$(ops)" = "$ops0"

# M11.3h, M11.3b refused, M11.3g
tui_keys Home s
tui_wait "$(t "%s: %s" "$(t "Disable VM instance")" 网站实例)" 5
tui_keys Enter
for ((i = 0; i < 50; i++)); do
  [ "$(sql "SELECT active FROM instance WHERE name_en = 'web'")" = 0 ] && break; sleep 0.2
done
check_sql "禁用 disables the instance (M11.3h)" "SELECT active FROM instance WHERE name_en = 'web'" 0
check "... with its audit row" test "$(last_op)" = "Disable VM instance"
check_screen "... and the list shows it" "$(t "Deactivated")" 5
tui_keys Home v
check_screen "管理虚拟机 is refused for a disabled instance (M11.3b)" \
  "$(t "The instance is disabled.")" 5
tui_keys Home t
tui_wait "$(t "%s: %s" "$(t "Activate VM instance")" 网站实例)" 5
tui_keys Enter
for ((i = 0; i < 50; i++)); do
  [ "$(sql "SELECT active FROM instance WHERE name_en = 'web'")" = 1 ] && break; sleep 0.2
done
check_sql "激活 activates it again (M11.3g)" "SELECT active FROM instance WHERE name_en = 'web'" 1
check "... with its audit row" test "$(last_op)" = "Activate VM instance"

# M11.3f: an instance without VMs
tui_keys End d
tui_wait "$(t "%s: %s" "$(t "Delete VM instance")" 备用实例)" 5
tui_keys Enter
tui_gone 备用实例 10
check_sql "an instance without VMs is deleted (M11.3f)" "SELECT count(*) FROM instance" 1
check "... with its audit row" test "$(last_op)" = "Delete VM instance"
tui_quit
finish
