#!/bin/bash
# e2e-walk.sh - a walk over every list page of both roles at 80x24, 100x30
# and 140x40: every column header can be read, whole or cut to no less than
# its first word (a cut header ends in "…"), on the page or after scrolling
# the table sideways with Right; Left/Right show the columns out of sight
# with « » at the edges while 序号 and the name column stay; Enter shows the
# whole selected row as "label: value" lines; right after a page opens with
# row 1 selected, its row actions are drawn enabled (not dim).
# features: C1 C2 C5 C11 M5.5.1 M10.3.1
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_host beta-with-a-long-name 2
add_admin zhou "周" zhoupw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
"$DVTOOL" quota "$DB" "网站" max_images=3 max_image_mb=10 >/dev/null
printf 'x' >"$TMPD/disk.img"
"$DVTOOL" add-image "$DB" zhou "基础镜像" raw "$TMPD" disk.img >/dev/null
sql "INSERT INTO host_group(name, description, created_at) VALUES ('机房一', 'first room', 0);
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, description, created_at) VALUES
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000001', 'web-pool', 0, 1024, '/dpfs/web-pool', 'the web pool', 0);
     INSERT INTO pool_project(pool_id, project_id)
       SELECT pool.id, project.id FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';
     INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, allocation, path, project_id, created_at)
       SELECT pool.id, 'sysdisk', '系统盘', 'qcow2', 1073741824, 196608, '/dpfs/web-pool/sysdisk.qcow2',
              project.id, 0 FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';
     INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, allocation, path, parent_id,
                        project_id, created_at)
       SELECT pool_id, 'sysdisk-s1', '快照一', 'qcow2', 1073741824, 196608,
              '/dpfs/web-pool/sysdisk-s1.qcow2', id, project_id, 0 FROM volume WHERE name_en = 'sysdisk';
     INSERT INTO secret(uuid, name_zh, name_en, usage_type, usage_id, description, value_sealed, created_at)
       VALUES ('0a81f5b2-8403-7b23-c8d6-21ccfc0b3df1', '存储密钥', 'iscsi-key', 'iscsi', 'iqn.2026-01.web:t1',
               'the target', 'x', 0);
     INSERT INTO subnet(name, ip_version, address, netmask, prefix, gateway, dhcp, dns, created_at)
       VALUES ('lab-net', 4, '10.1.0.0', '255.255.0.0', 16, '10.1.0.1', 1, 1, 0);
     INSERT INTO subnet_range(subnet_id, start_addr, end_addr) VALUES (1, '10.1.0.10', '10.1.0.99');
     INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname) VALUES (1, '52:54:00:12:34:56', '10.1.0.5', 'web1');
     INSERT INTO subnet_txt(subnet_id, name, value) VALUES (1, 'ftp', '10.0.1.14');
     INSERT INTO subnet_forwarder(subnet_id, addr) VALUES (1, '8.8.8.8');
     INSERT INTO subnet_srv(subnet_id, service, protocol, domain, target, port, priority, weight)
       VALUES (1, 'ldap', 'tcp', 'example.com', '10.1.0.5', 389, 10, 20);
     INSERT INTO subnet_dnshost(subnet_id, ip, hostnames) VALUES (1, '10.1.0.5', 'web1,www');
     INSERT INTO subnet_project(subnet_id, project_id) SELECT 1, id FROM project WHERE name = '网站';
     INSERT INTO network(uuid, project_id, name_en, name_zh, type, bridge, forward_dev, subnet_id, created_at)
       SELECT '5f0c7a2e-1b3d-4c5e-8f9a-0b1c2d3e4f50', id, 'web-nat', '网站NAT网络', 1, 'virbr9', 'eth0', 1, 0
       FROM project WHERE name = '网站';" >/dev/null

# the header line of the table on the screen (the line that starts with 序号)
header_line() { screen | grep -m1 -E "(^|│) *$(t No.) "; }

# readable HEADER LINE...: 0 when HEADER is on one of the lines whole, or cut
# to no less than its first word and ended with "…" (not at WHOLE=1: at 140
# columns there is room for every header whole, scrolling when need be)
readable() {
  WHOLE=${WHOLE:-0} perl -CSA -Mutf8 -e '
    my $h = shift @ARGV;
    if ($ENV{WHOLE}) { for my $l (@ARGV) { exit 0 if index($l, $h) >= 0 } exit 1 }
    my ($w) = $h =~ /^(\S+)/;
    for my $l (@ARGV) {
      exit 0 if index($l, $h) >= 0;
      for (my $k = length($h) - 1; $k >= length($w); $k--) {
        exit 0 if index($l, substr($h, 0, $k) . "…") >= 0;
      }
    }
    exit 1;' "$@"
}

# dim LABEL: "1" when the toolbar button LABEL is drawn dim, "0" when not
dim() {
  tm capture-pane -e -p -t "$PANE" | LABEL="$1" perl -ne '
    my $i = index($_, $ENV{LABEL}); next if $i < 0;
    my $d = 0;
    for my $sgr (substr($_, 0, $i) =~ /\e\[([0-9;]*)m/g) {
      for my $p (split /;/, ($sgr eq "" ? "0" : $sgr)) { $d = 0 if $p == 0 || $p == 22; $d = 1 if $p == 2; }
    }
    print $d; exit;'
}

# check_headers WHERE HEADER...: every header of the page is readable, on
# the page or after scrolling right; then scroll back
check_headers() {
  local where=$1 lines=() line prev="" i bad=() h
  shift
  for ((i = 0; i < 12; i++)); do
    line=$(header_line)
    lines+=("$line")
    [[ $line == *"»" ]] || break
    tui_keys Right
    # wait for the header line to change
    local until
    until=$(deadline 3)
    while [ "$(header_line)" = "$line" ] && [ "$(now_us)" -lt "$until" ]; do sleep $TUI_POLL; done
  done
  for h in "$@"; do
    readable "$(t "$h")" "${lines[@]}" || bad+=("$(t "$h")")
  done
  local what="every column header can be read"
  [ "${WHOLE:-0}" = 1 ] && what="every column header shows whole (issue 9 point 1)"
  if [ ${#bad[@]} = 0 ]; then
    tap 0 "$where: $what"
  else
    tap 1 "$where: $what"
    printf '# cut or missing: %s\n' "${bad[@]}"
    printf '# header line: %s\n' "${lines[@]}"
  fi
  for ((i = 0; i < ${#lines[@]}; i++)); do tui_keys Left; done
}

# page WHERE TITLE ROWACTION HEADER...: the page titled TITLE is open; its
# headers can be read and (when ROWACTION is not "-") the row action
# "[k]Label" is not dim at once
page() {
  local where=$1 title=$2 act=$3
  shift 3
  if ! tui_wait "$title" 5; then
    tap 1 "$where: the page '$title' opens"
    dump_screen
    return
  fi
  if [ "$act" != - ]; then
    local label="[${act%%:*}]$(t "${act#*:}")" got
    tui_wait "$label" 5
    got=$(dim "$label")
    if [ "$got" = 0 ]; then tap 0 "$where: row 1 is selected, so '$label' is drawn enabled at once"
    else tap 1 "$where: row 1 is selected, so '$label' is drawn enabled at once (dim: '$got')"; dump_screen; fi
  fi
  check_headers "$where" "$@"
}

H_USERS=("Chinese name" "Account" "Managed project" "Phone" "Disabled")
H_PROJECTS=("Project name" "Project active" "Project administrators" "Project description")
H_PROJGROUPS=("Project group name" "Project name" "File save directory" "Description")
H_USAGE=("Project name" "Instances created / max" "VCPUs used / max" "Memory used / max (MiB)"
  "Disk used / max (MiB)" "Accumulated VCPU run time")
H_SECRETS=("Chinese name" "English name" "Usage" "Project" "Description")
H_POOLS=("Name" "Type" "Logical capacity (MiB)" "Bound host" "Created at" "Description")
H_VOLUMES=("Chinese name" "English name" "Volume format" "Capacity (MiB)" "Allocation (MiB)"
  "Volume path" "Status" "Instances using the volume")
H_SNAPS=("Chinese name" "English name" "Remark" "Snapshot path" "Created at"
  "Instances using the snapshot")
H_SUBNETS=("Subnet name" "IP version" "Subnet address" "Mask" "Gateway address" "DHCP enabled"
  "DNS enabled" "Address pool")
H_SUBNET_PROJECTS=("Subnet name" "Subnet address" "Gateway address" "Project name")
H_RANGES=("Start address" "End address")
H_RESERVATIONS=("MAC address" "IP address" "Client name")
H_TXTS=("TXT name" "Value")
H_FORWARDERS=("Server address")
H_SRVS=("Service name" "Protocol" "Domain" "Target address" "Port" "Priority" "Weight")
H_DNSHOSTS=("IP address" "Host names")
H_HOSTGROUPS=("Host group name" "Description" "Member hosts")
H_HOSTS=("Host name" "CPU cores" "Total memory (MiB)" "Max VCPUs" "Current state" "CPU load (%)"
  "Memory load (%)" "Disk load (%)" "Network load (MiB/s)")
H_HISTORY=("Name" "Time" "CPU load (%)" "Memory load (%)" "Disk load (%)" "Network load (MiB)")
H_OPLOG=("User name" "Date" "Host address" "Operation type" "Operation content")
H_LOGINLOG=("User name" "Login time" "Login host address" "Operation content")
H_PURGES=("User name" "Operation time" "Purge point" "Host address" "Operation type" "Operation content")
H_TASKS=("Task" "Object" "Host" "User name" "Start time" "Duration" "State" "Result or error")
H_IMAGES=("Name" "Image file" "Image format" "Architecture" "Image file size (MiB)" "Project image"
  "Read-only" "Upload time")
H_NETWORKS=("Chinese name" "English name" "Bridge name" "Bridge MAC address" "Host network interface"
  "Network type" "Bound host name" "Subnet gateway address" "Subnet name")
H_NETFORM=("Configuration panel" "Panel settings")
H_VMS=("Instance name" "VM English name" "vCPUs" "Memory (MiB)" "Run host" "Access port"
  "Power state" "Run state" "Created")
H_INSTANCES=("Chinese name" "English name" "Bound host" "vCPUs" "Memory (MiB)" "Number of VMs"
  "Unique VM" "Admin state" "Created")
H_PROFILE=("Chinese name" "Account" "Managed project name" "Phone" "Disabled")

walk_sysadm() { # SIZE
  local s="$TUI_LANG $1 sysadm"
  tui_module "User management"
  page "$s users" "System user information" "e:Modify basic info" "${H_USERS[@]}"
  tui_module "Project management"
  page "$s projects" "Project information" "e:Modify project basic info" "${H_PROJECTS[@]}"
  tui_page 2
  page "$s project groups" "Project group management" "e:Modify project group" "${H_PROJGROUPS[@]}"
  tui_page 3
  page "$s resource usage" "Project resource usage" - "${H_USAGE[@]}"
  tui_module "Security object management"
  page "$s secrets" "Security object information" "e:Modify" "${H_SECRETS[@]}"
  tui_module "Storage pool management"
  page "$s pools" "System storage pool information" "v:Volumes" "${H_POOLS[@]}"
  tui_keys v
  page "$s volumes" "Storage volume information" "e:Modify" "${H_VOLUMES[@]}"
  tui_keys s
  page "$s snapshots" "Volume incremental snapshot information" "r:Remark" "${H_SNAPS[@]}"
  tui_keys Escape
  tui_wait "Storage volume information" 5
  tui_keys Escape
  tui_module "Network management"
  page "$s subnets" "Subnet information" "e:Modify" "${H_SUBNETS[@]}"
  # (each table of the subnet: its sub-page, then back)
  local sub
  for sub in "p|Address pool|H_RANGES" "r|IP reservation list|H_RESERVATIONS" "t|Name list|H_TXTS" \
    "u|Upstream DNS server list|H_FORWARDERS" "s|Service list|H_SRVS" "h|Host list|H_DNSHOSTS"; do
    local key=${sub%%|*} rest=${sub#*|}
    local title=${rest%%|*} var="${rest#*|}[@]"
    tui_keys "$key"
    page "$s subnet $key" "$title" "d:Delete" "${!var}"
    tui_keys Escape
    tui_wait "Subnet information" 5
  done
  tui_page 2
  page "$s subnet projects" "Subnet project configuration information" "d:Delete" \
    "${H_SUBNET_PROJECTS[@]}"
  tui_module "Host group management"
  page "$s host groups" "Host group information" "e:Modify" "${H_HOSTGROUPS[@]}"
  tui_page 2
  page "$s hosts" "Host information" "h:History" "${H_HOSTS[@]}"
  tui_keys h
  page "$s host history" "Host history information" - "${H_HISTORY[@]}"
  tui_keys Escape
  tui_module "Operation logs"
  page "$s operation log" "Operation log information" - "${H_OPLOG[@]}"
  tui_page 2
  page "$s login log" "Login log information" - "${H_LOGINLOG[@]}"
  tui_page 4
  page "$s purge records" "Log purge history information" - "${H_PURGES[@]}"
  tui_module "Task management"
  page "$s tasks" "Tasks" - "${H_TASKS[@]}"
}

walk_projadm() { # SIZE
  local s="$TUI_LANG $1 projadm"
  tui_module "Volume management" projadm
  page "$s pools" "Project storage pool information" "v:Volumes" "${H_POOLS[@]}"
  tui_keys v
  page "$s volumes" "Storage volume information" "e:Modify" "${H_VOLUMES[@]}"
  tui_keys s
  page "$s snapshots" "Volume incremental snapshot information" "r:Remark" "${H_SNAPS[@]}"
  tui_keys Escape
  tui_wait "Storage volume information" 5
  tui_keys Escape
  tui_module "Image management" projadm
  page "$s images" "Image file information" "e:Modify" "${H_IMAGES[@]}"
  tui_module "Network management" projadm
  page "$s networks" "Network information" "e:Modify" "${H_NETWORKS[@]}"
  tui_keys e
  page "$s network form" "Network configuration" "e:Modify" "${H_NETFORM[@]}"
  tui_keys Escape
  tui_wait "Network information" 5
  tui_module "VM management" projadm
  page "$s instances" "Instance information" - "${H_INSTANCES[@]}"
  tui_page 2
  page "$s VMs" "Project VMs" - "${H_VMS[@]}"
  tui_module "Personal information management" projadm
  # (the profile's row starts unselected, M5.5.1: its actions wait for Space)
  page "$s profile" "Personal information" - "${H_PROFILE[@]}"
  tui_module "Task management" projadm
  page "$s tasks" "Tasks" - "${H_TASKS[@]}"
}

SIZES=("80 24" "100 30" "140 40")

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "System user information" 5
for size in "${SIZES[@]}"; do
  tui_resize $size
  WHOLE=0
  [ "${size% *}" -ge 140 ] && WHOLE=1
  walk_sysadm "${size/ /x}"
done
WHOLE=0

# ---- sideways scrolling and the details of a row, on the host list at 80x24
tui_resize 80 24
tui_module "Host group management"
tui_page 2
tui_wait "Host information" 5
tui_wait alpha 5
before=$(header_line)
check "$TUI_LANG: the host list is wider than 80 columns and says so with »" \
  test "${before: -1}" = "»"
check "$TUI_LANG: ... and no « while it is not scrolled" test "${before/«/}" = "$before"
check "$TUI_LANG: ... its last column is out of sight" \
  test "${before/"$(t "Network load (MiB/s)")"/}" = "$before"
for ((i = 0; i < 9; i++)); do tui_keys Right; done
tui_wait "Network load (MiB/s)" 5
after=$(header_line)
check_screen "$TUI_LANG: Right scrolls to the last column" "Network load (MiB/s)"
check "$TUI_LANG: ... marked with « on the left" test "${after/«/}" != "$after"
check "$TUI_LANG: ... and no » at the end" test "${after: -1}" != "»"
check "$TUI_LANG: ... while 序号 stays" test "${after/"$(t No.)"/}" != "$after"
check "$TUI_LANG: ... and the name column stays" test "${after/"$(t "Host name")"/}" != "$after"
check_screen "$TUI_LANG: ... with the hosts' names in its rows" "alpha"
check "$TUI_LANG: ... and the first columns scrolled away" \
  test "${after/"$(t "CPU cores")"/}" = "$after"
for ((i = 0; i < 9; i++)); do tui_keys Left; done
tui_gone "Network load (MiB/s)" 5
check "$TUI_LANG: Left scrolls back to the first columns" test "$(header_line)" = "$before"

tui_keys Enter
tui_wait "$(t "Host name"): alpha" 5
for h in "${H_HOSTS[@]}"; do
  check_screen "$TUI_LANG: Enter shows the row's '$h' as label: value" "$(t "$h"): "
done
check_screen "$TUI_LANG: ... with the values, the scrolled-away ones too" "$(t "Total memory (MiB)"): 131072"
tui_keys Escape
tui_gone "$(t "Host name"): alpha" 5
tui_quit

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_wait "Resource usage" 5
for size in "${SIZES[@]}"; do
  tui_resize $size
  WHOLE=0
  [ "${size% *}" -ge 140 ] && WHOLE=1
  walk_projadm "${size/ /x}"
done
WHOLE=0
tui_quit

finish
