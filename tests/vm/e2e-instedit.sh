#!/bin/bash
# e2e-instedit.sh - the instance editor of a project admin (自定义新增,
# 从实例导入, 修改): the six steps as panels; every refusal of the manual
# (vCPUs 0 and 256, a fifth disk, a volume that is a CD-ROM, a fixed port
# below 5900, a bad MAC, bound host and host group both set, custom XML
# with the wrong root, no Chinese name, memory above the bound host's less
# 512 MiB) leaves the database as it was, and the save that fails on a
# rule opens the panel of its field; before the save the user-defined XML
# is shown as a diff.  The instance is bound to a host whose libvirt
# endpoint never answers, and the console's key loop aborts on any
# blocking libvirt call (DOSVM_CHECK_KEYLOOP): the save makes none.
# features: M11.3c M11.3d M11.3e M11.3i M11.3j M11.3k M11.3l M11.3m M11.3n
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/net/netlib.sh"

net_fixture
SOCK=$TMPD/hang.sock
"$top_builddir/tests/jobs/hang-listener" "$SOCK" >"$TMPD/listener.out" &
LISTENER=$!
trap 'kill $LISTENER 2>/dev/null; cleanup' EXIT
for _ in $(seq 100); do grep -q ready "$TMPD/listener.out" 2>/dev/null && break; sleep 0.05; done
"$DVTOOL" register-host "$DB" stuck "qemu+unix:///system?socket=$SOCK" >/dev/null
printf 'iso' >"$TMPD/centos.iso"
sql "UPDATE host SET state = 1;
     UPDATE project SET max_instances = 5, max_vcpus = 64, max_mem_mb = 262144;
     INSERT INTO host_group(name, created_at) VALUES ('计算组', 0);
     INSERT INTO host_group_member(group_id, host_id)
       SELECT g.id, h.id FROM host_group g, host h WHERE h.name IN ('alpha', 'stuck');
     INSERT INTO project_host_group(project_id, group_id)
       SELECT p.id, g.id FROM project p, host_group g;
     INSERT INTO image(name, format, arch, shared, readonly, save_dir, file_name, size_mb,
                       owner_project_id, uploaded_at)
       SELECT '安装光盘', 'raw', 'x86-64', 0, 1, '$TMPD', 'centos.iso', 1, id, 0 FROM project;
     INSERT INTO network(uuid, project_id, name_en, name_zh, type, bridge, bound_host_id, created_at)
       SELECT '00000000-0000-0000-0000-00000000a001', p.id, 'inner', '内部网络', 0, 'vir1', h.id, 0
       FROM project p, host h WHERE h.name = 'alpha';
     INSERT INTO network_portgroup(network_id, name) SELECT id, 'pg-web' FROM network;" >/dev/null
instances() { sql "SELECT count(*) FROM instance"; }
snapshot() { INST=$(instances); OPS=$(ops); }
# unchanged DESC: no instance written and nothing logged since snapshot
unchanged() {
  check "$1: no instance is written" test "$(instances)" = "$INST"
  check "$1: nothing is logged" test "$(ops)" = "$OPS"
}
last_op() { sql "SELECT action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"; }
editor_page() { tui_wait "VM instance configuration" 5; }

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "VM management" projadm
tui_wait "Instance information" 5
check_screen "the toolbar has 自定义新增, 从实例导入 and 修改 (M11.3a)" \
  "$(toolbar a "Custom add" i "Import from instance" e Modify)"
snapshot

# ---- M11.3c: the editor's panels
tui_keys a
editor_page
for p in "Basic configuration" "Disk device configuration" "Graphics configuration" \
  "SPICE settings" "SPICE channels" "Network interface configuration" \
  "Bound host or host group" "Optimisation XML" "Device XML" "Chinese name and save"; do
  check_screen "自定义新增 opens the editor with the panel $p (M11.3c)" "$p"
done

# ---- M11.3i basic configuration
panel 1
tui_wait "Number of vCPUs" 5
tui_field web
tui_field 0
tui_keys F2
check_screen "0 vCPUs is refused (M11.3i)" \
  "$(t "%s must be between %ld and %ld." "$(t "Number of vCPUs")" 1 255)" 5
tui_keys C-u; tui_type 256; tui_keys F2
check_screen "... and 256 (M11.3i)" "$(t "%s must be between %ld and %ld." "$(t "Number of vCPUs")" 1 255)" 5
tui_keys C-u; tui_type 2; tui_keys Tab C-u; tui_type 200; tui_keys F2
editor_page
check_screen "1-255 vCPUs are accepted (M11.3i)" \
  "$(t "%s; %s vCPUs, %s %s; %s, %s; boot: %s" web 2 200 GiB x86_64 kvm hd)"

# ---- M11.3j disks: four, not five; a volume is a disk only
panel 2
tui_wait "$(t "Disks: %u of at most %d." 0 4)" 5
for i in 1 2 3 4; do
  tui_keys a
  tui_wait "Image file" 5
  tui_keys Tab Tab
  choose "Image file" "安装光盘"
  tui_keys F2
  tui_wait "$(t "Disks: %u of at most %d." $i 4)" 5
done
check_screen "four disks are named hda to hdd on the ide bus (M11.3j)" hdd
tui_keys a
check_screen "a fifth disk is refused (M11.3j)" "$(t "At most 4 disks are supported.")" 5
check_no_screen "... and its dialog does not open" "Relabel the security label"
row 4; tui_keys e
tui_wait "Image file" 5
tui_keys Space   # resource type: volume, the device stays a CD-ROM
tui_keys F2
check_screen "a volume that is a CD-ROM is refused (M11.3j)" \
  "$(t "A volume can only be a disk, not a CD-ROM.")" 5
tui_discard
for i in 4 3 2; do
  row $i; tui_keys d
  tui_wait "Delete the selected row from the table?" 5
  tui_keys Enter
  tui_wait "$(t "Disks: %u of at most %d." $((i - 1)) 4)" 5
done
check_screen "deleted disks leave the table (M11.3j)" "$(t "Disks: %u of at most %d." 1 4)"
tui_keys Escape
editor_page

# ---- M11.3k graphics
panel 3
tui_wait "Remote desktop type" 5
tui_keys Tab Space Tab
tui_field 5800
tui_keys F2
check_screen "a fixed port below 5900 is refused (M11.3k)" \
  "$(t "The TCP port must be between %d and %d when it is not allocated automatically." 5900 65535)" 5
tui_keys C-u; tui_type 5901; tui_keys F2
editor_page
check_screen "a fixed port 5901 is taken (M11.3k)" "$(t "%s, port %s, listen %s" vnc 5901 0.0.0.0)"
panel 4
check_screen "the SPICE settings wait for spice (M11.3k)" \
  "$(t "These settings are spice's: choose spice in the graphics configuration first.")" 5

# ---- M11.3l network interfaces
panel 6
tui_wait "Network interface configuration" 5
tui_keys a
tui_wait "Virtual link state" 5
choose "Network" "inner"
check_screen "the network's port groups are shown under it (M11.3l)" pg-web
tui_keys Tab
tui_field pg-web
tui_field "zz:11"
tui_keys F2
check_screen "a malformed MAC is refused (M11.3l)" \
  "$(t "%s must be a unicast MAC address such as 00:16:3e:3e:a9:1a." "$(t "MAC address")")" 5
tui_keys C-u; tui_type 52:54:00:12:34:56; tui_keys F2
tui_wait 52:54:00:12:34:56 5
check_screen "the NIC is in the table with its port group (M11.3l)" pg-web
tui_keys Escape
editor_page

# ---- M11.3m bound host xor host group, custom XML
panel 7
tui_wait "Bound host group" 5
choose "Bound host" stuck
tui_keys Tab
choose "Bound host group" "计算组"
tui_keys F2
check_screen "a bound host and a bound host group are refused together (M11.3m)" \
  "$(t "Bound host and bound host group are mutually exclusive.")" 5
choose "Bound host group" "$(t "(none)")"
tui_keys F2
editor_page
check_screen "the bound host is taken (M11.3m)" stuck
panel 9
tui_wait "$(t "User-defined configuration")" 5
tui_keys C-u; tui_type "<domain><features/></domain>"; tui_keys F2
check_screen "device XML rooted in <domain> is refused (M11.3m)" \
  "$(t "%s: the custom XML must be inside <%s>, not <%s>." "$(t "Device XML")" devices domain)" 5
tui_keys C-u; tui_type "<devices><serial type='pty'><target port='0'/></serial><console type='pty'/></devices>"
tui_keys F2
editor_page
unchanged "the refusals of the panels"

# ---- M11.3n: no Chinese name; then memory above the bound host's
tui_keys s
check_screen "saving without a Chinese name is refused (M11.3n)" "$(t "%s is required." "$(t "Chinese name")")" 5
check_screen "... and opens the field's panel" "$(t "Save VM instance")"
unchanged "no Chinese name"
tui_type "网站实例"
tui_keys F2
editor_page
tui_keys s
tui_wait "+++ with user-defined XML" 5
check_screen "the user-defined XML is shown as a diff before the save (M11.3m)" "+    <console"
tui_keys q
tui_wait "Save the instance with this domain XML?" 5
tui_keys Enter
check_screen "memory above the bound host's less 512 MiB is refused at save (M11.3i)" \
  "$(t "Memory exceeds the host's memory less 512 MiB (%lld MiB at most)." 7680)" 5
check_screen "... and opens the basic panel" "Number of vCPUs"
unchanged "too much memory"
tui_keys C-u; tui_type 2; tui_keys F2
editor_page
tui_keys s
tui_wait "+++ with user-defined XML" 5
tui_keys q
tui_wait "Save the instance with this domain XML?" 5
tui_keys Enter
tui_wait "Instance information" 10
check_screen "the save returns to the list, which shows the instance (M11.3n)" 网站实例
check_screen "... and says so" "$(t "The VM instance '%s' was added." 网站实例)" 5
check_sql "the instance is saved, active, with its settings (M11.3c)" \
  "SELECT name_en, vcpus, memory_mib, active, is_unique, gfx_port FROM instance" "web|2|2048|1|1|5901"
check_sql "... bound to its host (M11.3m)" \
  "SELECT h.name FROM instance i JOIN host h ON h.id = i.bound_host_id" stuck
check_sql "... with its disk and its NIC (M11.3j, M11.3l)" \
  "SELECT (SELECT count(*) FROM instance_disk) || '|' || (SELECT mac || '|' || portgroup FROM instance_nic)" \
  "1|52:54:00:12:34:56|pg-web"
check_sql "... and its device XML (M11.3m)" "SELECT custom_devices LIKE '%<console%' FROM instance" 1
check "... with its audit row" test "$(last_op)" = "Add VM instance|web"
check_sql "... and no VM: nothing was defined on a host (M11.3c)" "SELECT count(*) FROM vm" 0

# ---- M11.3d import: a copy with the names cleared
tui_keys Home i
editor_page
check_screen "从实例导入 copies the settings (M11.3d)" "$(t "%s, port %s, listen %s" vnc 5901 0.0.0.0)"
check_screen "... with the names cleared" "$(t "(no name)")"
panel 1
tui_wait "Number of vCPUs" 5
tui_field web2
tui_keys F2
editor_page
panel 10
tui_wait "$(t "Save VM instance")" 5
tui_type "网站实例二"
tui_keys F2
editor_page
tui_keys s
tui_wait "Save the instance with this domain XML?" 10 || { tui_keys q; tui_wait "Save the instance with this domain XML?" 5; }
tui_keys Enter
tui_wait "$(t "The VM instance '%s' was added." 网站实例二)" 10
check_sql "the copy is a second instance with the same settings (M11.3d)" \
  "SELECT vcpus || '|' || memory_mib || '|' || gfx_port || '|' || (SELECT count(*) FROM instance_nic n WHERE n.instance_id = i.id) FROM instance i WHERE name_en = 'web2'" \
  "2|2048|5901|1"
check_sql "... and the original is unchanged" "SELECT name_zh || '|' || row_version FROM instance WHERE name_en = 'web'" "网站实例|1"

# ---- M11.3e modify
tui_keys /; tui_keys C-u; tui_type web2; tui_keys Enter Escape
tui_gone "网站实例 " 5
tui_keys Home e
editor_page
check_screen "修改 opens the editor pre-filled (M11.3e)" \
  "$(t "%s; %s vCPUs, %s %s; %s, %s; boot: %s" web2 2 2 GiB x86_64 kvm hd)"
panel 1
tui_wait "Number of vCPUs" 5
tui_keys Tab C-u; tui_type 4; tui_keys F2
editor_page
tui_keys s
tui_wait "Save the instance with this domain XML?" 10 || { tui_keys q; tui_wait "Save the instance with this domain XML?" 5; }
tui_keys Enter
check_screen "the modified instance is saved for its VMs' next power-on (M11.3e)" \
  "$(t "The VM instance '%s' was saved (its VMs at their next power-on)." 网站实例二)" 10
check_sql "... with the new vCPUs" "SELECT vcpus FROM instance WHERE name_en = 'web2'" 4
check "... and its audit row" test "$(last_op)" = "Modify VM instance|web2"
tui_quit
finish
