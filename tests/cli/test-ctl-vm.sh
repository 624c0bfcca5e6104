#!/bin/bash
# test-ctl-vm.sh - dosvmctl's VM nouns (cli/ctl_vm.c) on the libvirt test
# driver: instances (list, show, add with the editor's defaults, repeated
# --disk/--nic/--channel, --from, modify, delete, activate, disable), an
# instance copied by script from what instance show prints, VMs (show, add,
# start on a chosen host, stop, delete, migrate a shut-off VM, MG2) and a
# VM's checkpoint tree (create, list with parents, revert, delete with the
# subtree).  Each dosvmctl is a process of its own and sees a test-driver
# host file afresh; the checkpoints work on a domain the host file itself
# holds (the tree is redefined from the database where missing, OP-47).
# For every verb: the JSON, the record, the console's audit row, and a
# refusal with its exit status (1 a rule with .error.field, 3 not found).
# features: M11.3a M11.3c M11.3d M11.3e M11.3f M11.3g M11.3h M11.3j M11.3k M11.3l M11.4 M11.4.2 M11.4.3 M11.4.3a M11.4.3b M11.4.3c M11.4.4a M11.4.4b M11.4.5a
. "$top_srcdir/tests/lib/ctl.sh"
export LC_ALL=C.UTF-8 TZ=UTC
last_op() { sql "SELECT user || '|' || addr || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"; }
is_op() { test "$(last_op)" = "zhou|dosvmctl|$1"; }
ops() { sql "SELECT count(*) FROM op_log"; }
jqis() { test "$(jq -r "$1" "$T/out" 2>/dev/null)" = "$2"; }

"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$T" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
"$DVTOOL" quota "$DB" "网站" max_instances=8 max_vcpus=8 max_mem_mb=8192 >/dev/null
# a host whose file holds the running domain of the VM cp1 (checkpoints)
CPU=5a1e0000-0000-4000-8000-0000000000c1
sed -e 's/3f1a6c52-8e0b-4d3a-9a61-0c5d1e2b7a01/3f1a6c52-8e0b-4d3a-9a61-0c5d1e2b7ac9/' \
  -e "s|^<node>|<node xmlns:test='http://libvirt.org/schemas/domain/test/1.0'><domain type='test'><name>cp1</name><uuid>$CPU</uuid><memory>524288</memory><vcpu>1</vcpu><os><type>hvm</type></os><test:runstate>1</test:runstate></domain>|" \
  "$top_srcdir/data/demo/host1.xml" >"$T/hostc.xml"
"$DVTOOL" add-host "$DB" beta "test://$T/hostc.xml" >/dev/null
printf 'iso' >"$T/centos.iso"
sql "UPDATE project SET max_snapshots = 5;
     INSERT INTO setting(key, value) VALUES ('vm_temp_dir', '$T');
     INSERT INTO image(name, format, arch, shared, readonly, save_dir, file_name, size_mb,
                       owner_project_id, uploaded_at)
       SELECT '安装光盘', 'raw', 'x86-64', 0, 1, '$T', 'centos.iso', 1, id, 0 FROM project;
     INSERT INTO network(uuid, project_id, name_en, name_zh, type, bridge, bound_host_id, created_at)
       SELECT '00000000-0000-0000-0000-00000000a001', p.id, 'inner', '内部网络', 0, 'vir1', h.id, 0
       FROM project p, host h WHERE h.name = 'alpha';
     INSERT INTO network_portgroup(network_id, name) SELECT id, 'pg-web' FROM network;"
# zr EXIT DESC ARGS...: refused with exit EXIT; the JSON error in $T/out
zr() { local want=$1 d=$2; shift 2; zctl --json "$@" >"$T/out" 2>"$T/err"; tap $(($? != want)) "$d (exit $want)"; }

# ---- instances
zctl --json instance add --name-en web --name-zh 网站实例 --vcpus 2 --memory 512 --memory-unit MiB \
  --gfx-type spice --gfx-tls-port 5999 --channel "name=main,mode=secure" \
  --disk "resource=file,device=cdrom,image=安装光盘,bus=ide" \
  --nic "network=inner,portgroup=pg-web,model=virtio" >"$T/out" 2>"$T/err"
check "instance add (M11.3c) saves the instance" jqis '.[0] | "\(.name_en) \(.vcpus) \(.memory_mib) \(.unique) \(.active)"' "web 2 512 true true"
check "... the record, with the editor's defaults for what was not given" \
  check_sql "SELECT vcpus || memory_mib || arch || hypervisor || machine || gfx_type FROM instance WHERE name_en = 'web'" \
  "2512x86_64kvmpcspice"
check "... a --disk as the disk dialog makes it, its device name from the bus (M11.3j)" \
  check_sql "SELECT resource || device || bus || dev || readonly FROM instance_disk" "filecdromidehda1"
check "... a --nic (M11.3l)" check_sql "SELECT portgroup || model FROM instance_nic" "pg-webvirtio"
check "... a --channel (M11.3k)" check_sql "SELECT name || mode FROM instance_channel" "mainsecure"
check "... the console's audit row, from dosvmctl" is_op "Add VM instance|web"
ops0=$(ops)
zr 1 "0 vCPUs are refused by the rule" instance add --name-en x --name-zh x --vcpus 0
check "... naming the field" jqis .error.field vcpus
zr 1 "a --disk part the dialog has not is refused" instance add --name-en x --name-zh x --disk "bus=ide,colour=red"
check "... naming the table" jqis .error.field disks
zr 3 "an image the project cannot use is not found" instance add --name-en x --name-zh x --disk "image=nosuch"
check "... naming the disk's field" jqis .error.field disk-image
zr 1 "a fifth disk is refused (M11.3j)" instance add --name-en x --name-zh x \
  --disk bus=virtio --disk bus=virtio --disk bus=virtio --disk bus=virtio --disk bus=virtio
zr 1 "the English name is unique in the project" instance add --name-en web --name-zh 又
check "... nothing written, nothing logged" test "$(ops)" = "$ops0" -a "$(sql "SELECT count(*) FROM instance")" = 1

zctl --json instance show --instance web >"$T/out"
check "instance show prints the instance as the options of instance add" \
  jqis '[.[] | select(.option == "disk" or .option == "nic" or .option == "vcpus") | .value] | join(" ")' \
  "2 resource=file,device=cdrom,image=安装光盘,bus=ide,dev=hda,readonly=yes,cache=writeback network=inner,portgroup=pg-web,model=virtio,link=up"
mapfile -t args < <(jq -r '.[] | "--\(.option)", .value' "$T/out")
zctl --json instance add "${args[@]}" --name-en web2 --name-zh 副本 --unique no >"$T/out" 2>"$T/err"
check "... which instance add takes back: a copy by script, later options win" jqis '.[0] | "\(.name_en) \(.unique)"' "web2 false"
diff <(zctl --csv instance show --name web | grep -v '^name-\|^unique,') \
  <(zctl --csv instance show --name web2 | grep -v '^name-\|^unique,') >"$T/diff"
check "... the copy shows the same options" test ! -s "$T/diff"
zctl instance modify --name web2 --machine "" --gfx-listen "" >/dev/null 2>&1
mapfile -t args < <(zctl --json instance show --name web2 | jq -r '.[] | "--\(.option)", .value')
zctl instance add "${args[@]}" --name-en web5 --name-zh 五号 >/dev/null 2>&1
check "... empty fields too, where add's defaults differ (machine pc, listen 0.0.0.0)" \
  check_sql "SELECT '[' || machine || gfx_listen || ']' FROM instance WHERE name_en = 'web5'" "[]"
zctl --json instance add --from web --name-en web3 --name-zh 三号 >"$T/out" 2>"$T/err"
check "instance add --from copies an instance (M11.3d)" \
  check_sql "SELECT count(*) FROM instance_disk d JOIN instance i ON i.id = d.instance_id WHERE i.name_en = 'web3'" 1
zr 1 "... but its names are given again" instance add --from web --name-zh 四号
check "... naming the field" jqis .error.field name-en
zctl --json instance add --name-en bare --name-zh 空实例 --memory 256 --memory-unit MiB >/dev/null 2>&1
zctl --json instance list --name web >"$T/out"
check "instance list --name (M11.3a) finds by part of the name" jqis '[.[].name_en] | join(" ")' "web web2 web5 web3"

zctl --json instance modify --name web --vcpus 4 --nic "" >"$T/out" 2>"$T/err"
check "instance modify (M11.3e) changes what is given" jqis '.[0].vcpus' 4
check "... keeps the rest, and an empty --nic empties its table" \
  check_sql "SELECT i.memory_mib || '/' || (SELECT count(*) FROM instance_disk WHERE instance_id = i.id) || '/' || (SELECT count(*) FROM instance_nic WHERE instance_id = i.id) FROM instance i WHERE name_en = 'web'" "512/1/0"
check "... with the audit row" is_op "Modify VM instance|web"
zr 1 "a fixed graphics port below 5900 is refused (M11.3k)" instance modify --name web --gfx-autoport no --gfx-port 5000
check "... naming the field" jqis .error.field gfx-port
zr 3 "modifying an instance that does not exist: not found" instance modify --name nosuch --vcpus 1

# ---- VMs
zctl --json vm add --instance web --vm-name-en v1 >"$T/out" 2>"$T/err"
check "vm add (M11.4.4a) adds a shut-off VM of the instance" jqis '.[0] | "\(.name) \(.instance) \(.power_on) \(.run_state)"' "v1 网站实例 false shutoff"
check "... the record" check_sql "SELECT count(*) FROM vm v JOIN instance i ON i.id = v.instance_id WHERE v.name_en = 'v1' AND i.name_en = 'web'" 1
check "... the audit row" is_op "Add VM|v1"
zr 1 "a second VM of a unique instance is refused (M11.4.4a)" vm add --instance web --vm-name-en v2
zr 3 "an instance that does not exist: not found" vm add --instance nosuch --vm-name-en v2
check "... naming the option" jqis .error.field instance
zctl --json vm add --instance "空实例 (bare)" --vm-name-en vb --vm-start yes >"$T/out" 2>"$T/err"
check "vm add --vm-start powers it on at once, the instance by its picker label" \
  jqis '.[0] | "\(.name) \(.run_state) \(.host)"' "vb running alpha"
zctl --json vm show --vm vb >"$T/out"
check "vm show (M11.4): the VM with its UUID and size" \
  jqis '.[0] | "\(.uuid | length) \(.vcpus) \(.memory_mib) \(.start_error)"' "36 1 256 "
uuid=$(jq -r '.[0].uuid' "$T/out")
zctl --json vm show --vm "$uuid" >"$T/out"
check "... found by its UUID too, as virsh finds it" jqis '.[0].name' vb
zctl --json vm show --name vb >"$T/out"
check "... and by the older --name" jqis '.[0].uuid' "$uuid"
zr 1 "a running VM is not deleted (M11.4.4b)" vm delete --name vb
check "... the console's message" grep -q "Power off the VM first" "$T/err"
zctl --json vm stop --name vb >/dev/null 2>&1
zctl --json vm start --name vb --host beta >"$T/out" 2>"$T/err"
check "vm start --host (M11.4.5a) starts it on the chosen host" jqis '.[0] | "\(.run_state) \(.host)"' "running beta"
zr 3 "a host the VM may not run on is not found" vm start --name v1 --host nosuch
zctl --json vm stop --name vb >/dev/null 2>&1
zctl --json vm delete --name vb >"$T/out" 2>"$T/err"
check "vm delete (M11.4.4b) removes a shut-off VM" jqis '.[0].result' "The VM 'vb' was deleted."
check "... the record goes" check_sql "SELECT count(*) FROM vm WHERE name_en = 'vb'" 0
check "... the audit row" is_op "Delete VM|vb"
zr 3 "deleting a VM that does not exist: not found" vm delete --name vb

zctl --json vm migrate --name v1 --target alpha >"$T/out" 2>"$T/err"
check "vm migrate (M11.4.2) of a shut-off VM changes where it runs next (MG2)" jqis '.[0] | "\(.host) \(.run_state)"' "alpha shutoff"
check "... the audit row" is_op "Migrate VM|v1"
zr 1 "a migration to the host the VM is on is refused by the rule" vm migrate --name v1 --target alpha
check "... naming the option" jqis .error.field target
check "... saying so" grep -q "The VM 'v1' is on alpha already." "$T/err"
zr 3 "a target that is no host the VM may move to is not found" vm migrate --name v1 --target nosuch
# MG2: the next start is there; one of the two hosts is not the one
# placement alone would pick
for h in alpha beta; do
  [ "$h" = beta ] && zctl --json vm migrate --name v1 --target beta >/dev/null 2>&1
  zctl --json vm start --name v1 >"$T/out" 2>"$T/err"
  check "vm start after migrating the shut-off VM to $h starts it on $h (MG2)" \
    jqis '.[0] | "\(.run_state) \(.host)"' "running $h"
  zctl --json vm stop --name v1 >/dev/null 2>&1
done
zctl --json instance add --name-en pinned --name-zh 绑定 --memory 256 --memory-unit MiB --bound-host alpha >/dev/null 2>&1
check "instance add --bound-host takes the host by name (M11.3m)" \
  check_sql "SELECT h.name FROM instance i JOIN host h ON h.id = i.bound_host_id WHERE i.name_en = 'pinned'" alpha
zctl --json vm add --instance pinned --vm-name-en vp >/dev/null 2>&1
zr 1 "a VM of an instance bound to a host does not migrate (M11.4.2)" vm migrate --name vp --target beta

# ---- instance delete, disable, activate
zr 1 "an instance with VMs is not deleted (M11.3f)" instance delete --name web
check "... the console's message" grep -q "The instance still has VMs" "$T/err"
if locale -a 2>/dev/null | grep -qi '^zh_CN.utf-\?8$'; then
  LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 zctl instance delete --name web >/dev/null 2>"$T/err"
  zh=$(TEXTDOMAINDIR=$DOSVM_LOCALEDIR LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 gettext -d dosvm "The instance still has VMs; it cannot be deleted.")
  check "... in Chinese under zh_CN" test "$zh" != "The instance still has VMs; it cannot be deleted."
  check "... as the catalogue says it" grep -qF "$zh" "$T/err"
  LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 zctl instance show --name nosuch >/dev/null 2>"$T/err"
  zh=$(TEXTDOMAINDIR=$DOSVM_LOCALEDIR LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 gettext -d dosvm "There is no VM instance '%s'.")
  # shellcheck disable=SC2059
  check "dosvmctl's own refusal in Chinese too" grep -qF "$(printf "$zh" nosuch)" "$T/err"
fi
zctl --json instance delete --name web3 >"$T/out" 2>"$T/err"
check "instance delete (M11.3f) of an instance without VMs" jqis '.[0].result' "The VM instance '三号' was deleted."
check "... the record goes" check_sql "SELECT count(*) FROM instance WHERE name_en = 'web3'" 0
check "... the audit row" is_op "Delete VM instance|web3"
zr 3 "deleting an instance that does not exist: not found" instance delete --name web3
zctl --json instance disable --name web >"$T/out" 2>"$T/err"
check "instance disable (M11.3h)" jqis '.[0].active' false
check "... the record" check_sql "SELECT active FROM instance WHERE name_en = 'web'" 0
check "... the audit row" is_op "Disable VM instance|web"
zr 1 "a VM of a disabled instance does not start" vm start --name v1
zctl --json instance activate --name web >"$T/out" 2>"$T/err"
check "instance activate (M11.3g)" jqis '.[0].active' true
check "... the audit row" is_op "Activate VM instance|web"
zr 1 "activating an active instance is refused" instance activate --name web

# ---- checkpoints: the VM cp1 runs on beta, whose host file holds its domain
zctl --json vm add --instance bare --vm-name-en cp1 >/dev/null 2>&1
sql "UPDATE vm SET uuid = '$CPU', power_on = 1, run_state = 1,
       run_host_id = (SELECT id FROM host WHERE name = 'beta') WHERE name_en = 'cp1'"
zr 1 "a checkpoint needs its Chinese name (M11.4.3a)" checkpoint create --vm cp1 --cp-name-en c1 --cp-path "$T" --cp-folder f1
check "... naming the field" jqis .error.field cp-name-zh
zr 1 "a checkpoint of a shut-off VM is refused (OP-46)" checkpoint create --vm v1 --cp-name-zh 一 --cp-name-en c1 --cp-path "$T" --cp-folder f1
zctl --json checkpoint create --vm cp1 --cp-name-zh 一 --cp-name-en c1 --cp-path "$T" --cp-folder f1 >"$T/out" 2>"$T/err"
check "checkpoint create (M11.4.3a) makes the first, current" jqis '.[0] | "\(.name_en) \(.current) \(.dir)"' "c1 true $T/f1"
check "... the audit row" is_op "Add checkpoint|c1"
zctl --json checkpoint create --vm cp1 --cp-name-zh 二 --cp-name-en c2 --cp-path "$T" --cp-folder f2 >/dev/null 2>&1
zctl --json checkpoint list --vm cp1 >"$T/out"
check "checkpoint list (M11.4.3): the tree, each under its parent, the newest current" \
  jqis '[.[] | "\(.name_en):\(.parent):\(.depth):\(.current)"] | join(" ")' "c1::0:false c2:c1:1:true"
check "... the records" check_sql "SELECT count(*) FROM vm_checkpoint" 2
zctl --json checkpoint revert --vm cp1 --cp-name-en c1 >"$T/out" 2>"$T/err"
check "checkpoint revert (M11.4.3b): c1 is current again" jqis '.[0] | "\(.name_en) \(.current)"' "c1 true"
check "... the audit row" is_op "Revert to checkpoint|c1"
zr 3 "a checkpoint that does not exist: not found" checkpoint revert --vm cp1 --cp-name-en nosuch
check "... naming the option" jqis .error.field cp-name-en
zctl --json checkpoint delete --vm cp1 --cp-name-en c1 >"$T/out" 2>"$T/err"
check "checkpoint delete (M11.4.3c) removes the checkpoint and its subtree" \
  jqis '.[0].result' "The checkpoint 'c1' and every checkpoint below it were deleted."
check "... their records go" check_sql "SELECT count(*) FROM vm_checkpoint" 0
check "... the audit row" is_op "Delete checkpoint|c1"

# ---- the system administrator has no instance pages
echo 123456 >"$T/sapw"
DOSVM_PASSWORD_FILE=$T/sapw "$CTL" --db "$DB" --user sysadm --json instance list >"$T/out" 2>"$T/err"
check "the system administrator is refused instances (exit 1)" test $? = 1
"$CTL" --completion >"$T/comp"
check "the bash completion knows the instance verbs" \
  bash -c ". '$T/comp'; COMP_WORDS=(dosvmctl instance ''); COMP_CWORD=2; _dosvmctl; [ \"\${COMPREPLY[*]}\" = 'list show add modify delete activate disable' ]"
echo "1..$N"
exit $FAILED
