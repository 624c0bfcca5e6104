#!/bin/bash
# e2e-vms.sh - the project admin's VM page (项目虚拟机信息) on a test-driver
# host: add a VM (the instance picked, the English name unique), its row
# 关闭/关机; each button dimmed in the run states it does not allow; power on
# through the host picker (automatic placement) to 运行 with its run host;
# suspend, resume, reboot, reset, save (保存停止运行), restore, power off, each
# after its confirmation and with its audit row; a running VM cannot be
# deleted; the start error of a start that failed on its host; delete; a
# second VM of a unique instance refused.  Then the sysadm's 查看项目虚拟机
# (M7.2.1.4) lists it with its run host.  Marked VMs are acted on together
# (D15): Space, *, parallel jobs, skipped ones, the count typed in.  A run
# state written by another process shows within seconds (issue 11).
# features: M11.4.2 M11.4.3 M11.4.3a M11.4.3b M11.4.3c
# features: M11.1 M11.4 M11.4.4a M11.4.4b M11.4.5a M11.4.5b M11.4.5c M11.4.6a M11.4.6b M11.4.7a M11.4.7b M11.4.8a M11.4.8b M7.2.1.4
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_host beta 2
add_admin zhou 周 zhoupw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
mkdir -p "$TMPD/vmtmp"
sql "UPDATE host SET state = 1;
     UPDATE project SET max_instances = 5, max_vcpus = 16, max_mem_mb = 65536, max_snapshots = 20;
     INSERT INTO setting(key, value) VALUES ('vm_temp_dir', '$TMPD/vmtmp');
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, created_at)
       SELECT id, 'web', '网站实例', 2, 512, 'x86_64', 'qemu', 1, 1 FROM project;" >/dev/null

ops() { sql "SELECT count(*) FROM op_log"; }
vmstate() { sql "SELECT power_on || '/' || run_state FROM vm WHERE name_en = '$1'"; }
last_op() { sql "SELECT action FROM op_log ORDER BY id DESC LIMIT 1"; }
# act KEY TITLE STATE OP DESC: press KEY, confirm TITLE, wait for STATE and the audit row OP
act() {
  local before
  before=$(ops)
  tui_keys "$1"
  tui_wait "$(t "%s: %s" "$(t "$2")" vvm5)" 5
  tui_keys Enter
  local i
  for ((i = 0; i < 100; i++)); do
    [ "$(vmstate vvm5)" = "$3" ] && [ "$(ops)" -gt "$before" ] && break
    sleep 0.2
  done
  tui_gone "$(t "%s: %s" "$(t "$2")" vvm5)" 10
  check_sql "$5: the states become $3" "SELECT power_on || '/' || run_state FROM vm WHERE name_en = 'vvm5'" "$3"
  check "$5: one audit row '$4'" test "$(ops)" = "$((before + 1))" -a "$(last_op)" = "$4"
}

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "VM management" projadm
tui_wait "Instance information" 5
tui_page 2
tui_wait "Project VMs" 5
check_screen "the VM page's toolbar (M11.4)" \
  "$(toolbar a Add d Delete o "Power on" f "Power off" e "Start error")"

# M11.4.4a: add (the instance first, M11.1)
tui_keys a
tui_wait "Add VM" 5
check_screen "Add asks for the instance (M11.1)" "$(t "Instance")"
tui_keys Tab; tui_type "bad name"; tui_keys F2
check_screen "a name with a blank is refused naming the field" \
  "$(t "%s may contain only letters, digits, '-', '_' and '.'." "$(t "English name")")" 5
check_sql "... and nothing is written" "SELECT count(*) FROM vm" 0
tui_keys C-u; tui_type vvm5; tui_keys F2
tui_gone "Add VM" 5
check_screen "the new VM is listed" vvm5 5
check_screen "... 关闭" "$(t "Off")"
check_screen "... 关机" "$(t "Shut off")"
check_sql "... power 关闭, run state 关机" "SELECT power_on || '/' || run_state FROM vm" "0/0"

# a unique instance has one VM
tui_keys a; tui_wait "Add VM" 5
tui_keys Tab; tui_type vvm6; tui_keys F2
check_screen "a second VM of a unique instance is refused (M11.4.4a)" \
  "$(t "A unique instance can have only one VM.")" 5
tui_discard
check_sql "... and not written" "SELECT count(*) FROM vm" 1

# buttons by run state
tui_keys Home b
check_screen "reboot is not possible while shut off (M11.4.6a)" \
  "$(t "Not possible while the VM is shut off.")" 5
tui_keys z
check_screen "nor suspend (M11.4.7a)" "$(t "Not possible while the VM is shut off.")" 5

# M11.4.5c before any start
tui_keys e
check_screen "no start error yet (M11.4.5c)" "$(t "No start error.")" 5
tui_keys Enter

# M11.4.5a: power on, the host left to placement
before=$(ops)
tui_keys o
tui_wait "$(t "%s: %s" "$(t "Power on")" vvm5)" 5
check_screen "the host picker offers automatic placement" "$(t "(automatic)")"
tui_keys F2
for ((i = 0; i < 50; i++)); do [ "$(vmstate vvm5)" = "1/1" ] && break; sleep 0.2; done
check_sql "power on: 开启/运行 on alpha (M11.4.5a)" \
  "SELECT power_on || '/' || run_state || '/' || h.name FROM vm JOIN host h ON h.id = vm.run_host_id" \
  "1/1/alpha"
check "... with one audit row" test "$(ops)" = "$((before + 1))" -a "$(last_op)" = "Power on VM"
check_screen "the list shows 运行" "$(t "Running")" 10
check_screen "... and the run host" alpha

tui_keys k
check_screen "the serial console of a test-driver host: the host says it cannot" \
  "$(t "%s is not supported by the host %s." virDomainOpenConsole)" 10
check_no_screen "... and the pane is not left open" "$(t "Serial console of %s" vvm5)"

tui_keys d
check_screen "a running VM cannot be deleted (M11.4.4b)" "$(t "Power off the VM first.")" 5

# issue 11: another process records a run state (dosvmd following a host's
# lifecycle event, vm/vmevents.h): the page shows it within seconds, without
# a key and long before its 10 s refresh (vm_stamp)
sql "UPDATE vm SET run_state = 3 WHERE name_en = 'vvm5'"
check_screen "a run state another process recorded shows without a key" "$(t "Saved, stopped")" 3
sql "UPDATE vm SET run_state = 1 WHERE name_en = 'vvm5'"
tui_gone "$(t "Saved, stopped")" 3
check "... and its next change too" test $? = 0

act z Suspend 1/2 "Suspend VM" "suspend (M11.4.7a)"
check_screen "the list shows 挂起" "$(t "Suspended")" 10
act u Resume 1/1 "Resume VM" "resume (M11.4.7b)"
act b Reboot 1/1 "Reboot VM" "reboot (M11.4.6a)"
act x Reset 1/1 "Reset VM" "reset (M11.4.6b)"
# M11.4.3: the checkpoint tree of the running VM
cps() { sql "SELECT count(*) FROM vm_checkpoint"; }
new_cp() { # ZH EN
  local n
  n=$(cps)
  tui_keys n
  tui_wait "$(t "%s: %s" "$(t "New checkpoint")" vvm5)" 5
  tui_field "$1"; tui_field "$2"; tui_field "$TMPD/cps"; tui_field "$2"
  tui_keys F2
  for ((i = 0; i < 50; i++)); do [ "$(cps)" -gt "$n" ] && break; sleep 0.2; done
  tui_gone "$(t "%s: %s" "$(t "New checkpoint")" vvm5)" 10
}
tui_keys c
tui_wait "Checkpoint information" 5
check_screen "检查点信息 opens for the VM (M11.4.3)" "$(toolbar n New r "Revert to checkpoint" d Delete)"
new_cp 纸牌 cpa
check_screen "a new checkpoint is listed (M11.4.3a)" 纸牌 5
check_sql "... and is current" "SELECT name_en FROM vm_checkpoint WHERE is_current = 1" cpa
new_cp 画图 cpb
check_screen "the second is drawn as a leaf under the first" "└ 画图" 5
check_sql "... and becomes current" "SELECT name_en FROM vm_checkpoint WHERE is_current = 1" cpb
tui_keys Home r
tui_wait "$(t "Are you sure you want to revert to the checkpoint?")" 5
tui_keys Enter
for ((i = 0; i < 50; i++)); do
  [ "$(sql "SELECT name_en FROM vm_checkpoint WHERE is_current = 1")" = cpa ] && break; sleep 0.2
done
check_sql "revert makes cpa current (M11.4.3b)" \
  "SELECT name_en FROM vm_checkpoint WHERE is_current = 1" cpa
check_screen "... and says so" "$(t "Operation succeeded.")" 10
tui_keys Home d
tui_wait "$(t "Delete the checkpoint '%s' and every checkpoint below it?" cpa)" 5
tui_keys Enter
for ((i = 0; i < 50; i++)); do [ "$(cps)" = 0 ] && break; sleep 0.2; done
check_sql "deleting the root removes the whole tree (M11.4.3c)" "SELECT count(*) FROM vm_checkpoint" 0
tui_gone 纸牌 10
tui_keys Escape
tui_wait "Project VMs" 5
act v Save 0/3 "Save VM" "save (M11.4.8a)"
check_screen "the list shows 保存停止运行" "$(t "Saved, stopped")" 10
tui_keys o
check_screen "a saved VM is not powered on: restore it (OP-49)" \
  "$(t "Not possible while the VM is saved.")" 5
act t "Restore VM" 1/1 "Restore VM" "restore (M11.4.8b)"
act f "Power off" 0/0 "Power off VM" "power off (M11.4.5b)"
tui_keys k
check_screen "a shut-off VM has no serial console to attach to" \
  "$(t "Not possible while the VM is shut off.")" 5

# M11.4.5c: a start that fails on the host keeps its error
sql "UPDATE host SET uri = 'test:///nonexistent/dosvm-e2e-missing.xml'" >/dev/null
tui_keys o
tui_wait "$(t "%s: %s" "$(t "Power on")" vvm5)" 5
tui_keys F2
check_screen "a failed start says why" \
  "$(t "Cannot connect to %s: %s" test:///nonexistent/dosvm-e2e-missing.xml)" 10
tui_keys Escape
check_sql "... and the states go back" "SELECT power_on || '/' || run_state FROM vm" "0/0"
tui_keys e
check_screen "the start error is kept with its host (M11.4.5c)" \
  "$(t "%s on host %s: %s" "" alpha "")" 5
check_screen "... and its text" "dosvm-e2e-missing.xml"
tui_keys Enter

# M11.4.4b: delete
before=$(ops)
tui_keys d
tui_wait "$(t "%s: %s" "$(t "Delete VM")" vvm5)" 5
tui_keys Enter
tui_gone "$(t "%s: %s" "$(t "Delete VM")" vvm5)" 10
check_screen "the host cannot be reached: the record goes, the result says so" \
  "$(t "The VM was deleted, but its host could not remove its definition: %s" "")" 10
tui_keys Enter
check_sql "delete removes the VM (M11.4.4b)" "SELECT count(*) FROM vm" 0
check "... with one audit row" test "$(last_op)" = "Delete VM"

# D15: marked VMs, acted on together with a table of each VM's result
sql "INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, created_at)
       SELECT id, 'farm', '集群实例', 1, 256, 'x86_64', 'qemu', 0, 2 FROM project;
     UPDATE host SET uri = 'test://$top_srcdir/data/demo/host1.xml';
     INSERT INTO vm(instance_id, name_en, uuid, created_at)
       SELECT id, 'bm1', '00000000-0000-0000-0000-0000000000b1', 10 FROM instance WHERE name_en = 'farm';
     INSERT INTO vm(instance_id, name_en, uuid, created_at)
       SELECT id, 'bm2', '00000000-0000-0000-0000-0000000000b2', 11 FROM instance WHERE name_en = 'farm';
     INSERT INTO vm(instance_id, name_en, uuid, created_at)
       SELECT id, 'bm3', '00000000-0000-0000-0000-0000000000b3', 12 FROM instance WHERE name_en = 'farm';" \
  >/dev/null
running() { sql "SELECT count(*) FROM vm WHERE run_state = 1"; }
tui_keys F5
tui_wait bm3 10
tui_keys Home Space Space
check_screen "Space marks a row and moves down: two marked" "*2 " 5
tui_keys o
tui_wait "$(t "%s: %d marked VMs" "$(t "Power on")" 2)" 5
tui_keys Enter
for ((i = 0; i < 50; i++)); do [ "$(running)" = 2 ] && break; sleep 0.2; done
check_sql "power on acts on the two marked VMs (D15)" "SELECT count(*) FROM vm WHERE run_state = 1" 2
tui_wait "bm2  $(t "done")" 15
check_screen "... and ends with each VM's result" "bm1  $(t "done")"
tui_keys Enter
tui_keys '*'
check_screen "* marks every row shown" "*3 " 5
tui_keys o
tui_wait "$(t "%s: %d marked VMs" "$(t "Power on")" 3)" 5
tui_keys Enter
tui_wait "bm3  $(t "done")" 15
check_screen "VMs already running are skipped, and say why" \
  "bm1  $(t "skipped: already %s" "$(t "Running")")"
tui_keys Enter
tui_keys '*' f
tui_wait "$(t "%s: %d marked VMs" "$(t "Power off")" 3)" 5
tui_type 2; tui_keys F2
check_screen "a destructive bulk action asks for the number typed in" \
  "$(t "Type %d, the number of marked VMs." 3)" 5
check_sql "... and does nothing on a wrong one" "SELECT count(*) FROM vm WHERE run_state = 1" 3
tui_keys C-u; tui_type 3; tui_keys F2
for ((i = 0; i < 100; i++)); do [ "$(running)" = 0 ] && break; sleep 0.2; done
check_sql "power off acts on the three" "SELECT count(*) FROM vm WHERE run_state = 1" 0
tui_wait "bm3  $(t "done")" 20
tui_keys Enter

# M11.4.2 (MG2): a VM that does not run only changes where it runs next
tui_keys Home m
tui_wait "$(t "%s: %s" "$(t "Live migration")" bm1)" 5
check_screen "the target picker offers the other host, not the current one (MG1)" beta
tui_keys F2
for ((i = 0; i < 50; i++)); do
  [ "$(sql "SELECT h.name FROM vm JOIN host h ON h.id = vm.run_host_id WHERE vm.name_en = 'bm1'")" = beta ] && break
  sleep 0.2
done
check_sql "the shut-off VM will run on beta next (M11.4.2, MG2)" \
  "SELECT h.name || '/' || vm.run_state FROM vm JOIN host h ON h.id = vm.run_host_id WHERE vm.name_en = 'bm1'" \
  "beta/0"
check "... with its audit row" test "$(last_op)" = "Migrate VM"
tui_quit

# M7.2.1.4: the sysadm's view
sql "INSERT INTO vm(instance_id, name_en, uuid, power_on, run_state, run_host_id, access_port,
                    created_at)
       SELECT i.id, 'vvm9', '00000000-0000-0000-0000-0000000000f9', 1, 1, h.id, 5901, 1
       FROM instance i, host h WHERE i.name_en = 'web' AND h.name = 'alpha';
     UPDATE host SET ip = '127.0.0.1' WHERE name = 'alpha'" >/dev/null
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Project management"
tui_wait "Project information" 5
tui_keys Home v
tui_wait "View project VMs" 5
check_screen "the project's VMs (M7.2.1.4)" vvm9 5
check_screen "... with its project and instance" "网站实例"
check_screen "... the run host's address" "127.0.0.1"
check_screen "... and the access port" 5901
tui_keys Escape
tui_quit
finish
