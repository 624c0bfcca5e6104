#!/bin/bash
# e2e-vmrefusals.sh - the VM page's refusals that need records set up: a VM
# of an instance bound to a host is not migrated, a checkpoint of a disk
# with copy-on-read is refused, and a power-on above the project's vCPU
# quota of running VMs is refused; each leaves the records and the audit
# log as they were.
# features: M11.4.2 M11.4.3a M11.4.5a
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_host beta 2
add_admin zhou 周 zhoupw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
printf 'disk' >"$TMPD/disk.img"
sql "UPDATE host SET state = 1;
     UPDATE project SET max_instances = 5, max_vcpus = 4, max_mem_mb = 65536, max_snapshots = 20;
     INSERT INTO image(name, format, arch, shared, readonly, save_dir, file_name, size_mb,
                       owner_project_id, uploaded_at)
       SELECT '系统盘', 'raw', 'x86-64', 0, 0, '$TMPD', 'disk.img', 1, id, 0 FROM project;
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, bound_host_id, created_at)
       SELECT p.id, 'cor', '读时复制实例', 1, 512, 'x86_64', 'qemu', 1, h.id, 1
       FROM project p, host h WHERE h.name = 'alpha';
     INSERT INTO instance_disk(instance_id, pos, resource, device, image_id, bus, dev, copy_on_read)
       SELECT i.id, 0, 'file', 'disk', m.id, 'virtio', 'vda', 1 FROM instance i, image m
       WHERE i.name_en = 'cor';
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, created_at)
       SELECT id, 'big', '大实例', 8, 512, 'x86_64', 'qemu', 1, 2 FROM project;
     INSERT INTO vm(instance_id, name_en, uuid, power_on, run_state, run_host_id, created_at)
       SELECT i.id, 'vcor', '00000000-0000-0000-0000-0000000000c1', 1, 1, h.id, 1
       FROM instance i, host h WHERE i.name_en = 'cor' AND h.name = 'alpha';
     INSERT INTO vm(instance_id, name_en, uuid, created_at)
       SELECT id, 'vbig', '00000000-0000-0000-0000-0000000000c2', 2 FROM instance
       WHERE name_en = 'big';" >/dev/null
ops() { sql "SELECT count(*) FROM op_log"; }
records() {
  sql "SELECT group_concat(name_en || ':' || power_on || run_state || ':' || coalesce(run_host_id, 0), ' ')
       FROM vm; SELECT count(*) FROM vm_checkpoint; SELECT count(*) FROM op_log"
}
BEFORE=$(records)
unchanged() { check "$1: records and log unchanged" test "$(records)" = "$BEFORE"; }

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "VM management" projadm
tui_page 2
tui_wait vcor 10

# M11.4.2: a VM bound to a host
tui_keys Home m
check_screen "a VM of an instance bound to a host is not migrated (M11.4.2)" \
  "$(t "The VM is bound to a host and cannot be migrated.")" 5
check_no_screen "... and no target picker opens" "$(t "Target host")"
unchanged "migrating a bound VM"

# M11.4.3a: a disk with copy-on-read
tui_keys Home c
tui_wait "Checkpoint information" 5
tui_keys n
tui_wait "$(t "Select disks")" 5
tui_keys Space Enter
tui_wait "$(t "%s: %s" "$(t "New checkpoint")" vcor)" 5
tui_field 检查点; tui_field cp1; tui_field "$TMPD/cps"; tui_field cp1
tui_keys F2
check_screen "a checkpoint of a copy-on-read disk is refused (M11.4.3a)" \
  "$(t "Disk %s has copy-on-read on; a checkpoint cannot be made." vda)" 10
tui_discard
tui_keys Escape
tui_wait "Project VMs" 5
unchanged "a checkpoint of a copy-on-read disk"

# M11.4.5a (OP-29): the vCPU quota of running VMs
tui_keys End o
tui_wait "$(t "%s: %s" "$(t "Power on")" vbig)" 5
tui_keys F2
check_screen "a power-on above the vCPU quota is refused (OP-29)" \
  "$(t "Project quota exceeded: running VMs would use %lld vCPUs, at most %lld are allowed." 9 4)" 10
tui_discard
unchanged "a power-on above the quota"
tui_quit
finish
