# tests/net/netlib.sh - what the network console tests share: a project
# admin zhou of the project 网站 on test-driver hosts, the project's
# subnets, and the keys of the network form (ui/net/scr_networks.c).
# Sourced after tests/lib/tui.sh.

# net_fixture: hosts alpha, beta, gamma; zhou's project; subnets (all but
# the last assigned to the project): 内部服务子网 10.1.0.0/16, NAT子网
# 192.168.21.0/24, 路由子网 192.168.22.0/24, 桥接子网 192.168.20.0/24,
# 自动网关子网 192.168.30.0/24 (automatic gateway), 未分配子网 192.168.40.0/24
net_fixture() {
  init_db
  add_host alpha 1
  add_host beta 2
  add_host gamma 3
  add_admin zhou 周 zhoupw
  "$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
  "$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
  sql "INSERT INTO subnet(name, ip_version, address, netmask, prefix, gateway, auto_gateway, created_at)
         VALUES ('内部服务子网', 4, '10.1.0.0', '255.255.0.0', 16, '10.1.0.1', 0, 0),
                ('NAT子网', 4, '192.168.21.0', '255.255.255.0', 24, '192.168.21.1', 0, 0),
                ('路由子网', 4, '192.168.22.0', '255.255.255.0', 24, '192.168.22.1', 0, 0),
                ('桥接子网', 4, '192.168.20.0', '255.255.255.0', 24, '192.168.20.1', 0, 0),
                ('自动网关子网', 4, '192.168.30.0', '255.255.255.0', 24, '192.168.30.1', 1, 0),
                ('未分配子网', 4, '192.168.40.0', '255.255.255.0', 24, '192.168.40.1', 0, 0);
       INSERT INTO subnet_range(subnet_id, start_addr, end_addr)
         SELECT id, substr(address, 1, length(address) - 1) || '10',
                substr(address, 1, length(address) - 1) || '200' FROM subnet;
       UPDATE subnet_range SET start_addr = '10.1.0.10', end_addr = '10.1.255.255'
         WHERE subnet_id = (SELECT id FROM subnet WHERE name = '内部服务子网');
       INSERT INTO subnet_project(subnet_id, project_id)
         SELECT s.id, p.id FROM subnet s, project p WHERE p.name = '网站' AND s.name != '未分配子网';" \
    >/dev/null
}

networks() { sql "SELECT count(*) FROM network"; }
ops() { sql "SELECT count(*) FROM op_log"; }
net_snapshot() { NETS=$(networks); OPS=$(ops); }
# unchanged DESC: no network was added and nothing was logged since net_snapshot
unchanged() {
  check "$1: no network is written" test "$(networks)" = "$NETS"
  check "$1: nothing is logged" test "$(ops)" = "$OPS"
}
netcol() { sql "SELECT $2 FROM network WHERE name_en = '$1'"; } # NAME COLUMN
netxml() { netcol "$1" xml; }
# xml_has DESC NAME TEXT: the stored XML of network NAME contains TEXT
xml_has() {
  if netxml "$2" | grep -qF -- "$3"; then tap 0 "$1"; else
    tap 1 "$1"; echo "# no '$3' in:"; netxml "$2" | sed 's/^/# /'; fi
}
xml_lacks() {
  if netxml "$2" | grep -qF -- "$3"; then
    tap 1 "$1"; echo "# '$3' in:"; netxml "$2" | sed 's/^/# /'; else tap 0 "$1"; fi
}

# line_of LABEL: the screen line showing the field LABEL ("label:" or "label *:")
line_of() { screen | grep -F -e "$(t "$1"):" -e "$(t "$1") *:" | head -1; }
# choose LABEL VALUE: Space on the focused choice until its line shows VALUE
choose() {
  local i until line
  for ((i = 0; i < 12; i++)); do
    line=$(line_of "$1")
    grep -qF -- "$2" <<<"$line" && return 0
    tui_keys Space
    until=$(deadline 2)
    while [ "$(line_of "$1")" = "$line" ] && [ "$(now_us)" -lt "$until" ]; do sleep $TUI_POLL; done
  done
  echo "# choose: no '$2' for '$1'"
  dump_screen
  return 1
}
# offered LABEL N: the values the focused choice shows while Space turns it
# N times, one a line
offered() {
  local i until line
  for ((i = 0; i < $2; i++)); do
    line=$(line_of "$1")
    echo "$line"
    tui_keys Space
    until=$(deadline 2)
    while [ "$(line_of "$1")" = "$line" ] && [ "$(now_us)" -lt "$until" ]; do sleep $TUI_POLL; done
  done
}

# net_add N: the Nth type of the menu (1 isolated ... 6 macvtap); the
# description dialog is open
net_add() {
  local i
  tui_keys a
  tui_wait "Network type" 5
  for ((i = 1; i < $1; i++)); do tui_keys Down; done
  tui_keys Enter
  tui_wait "Network description information" 5
}
# desc EN ZH [DESCRIPTION]: fill the description dialog and OK it
desc() {
  tui_field "$1"
  tui_field "$2"
  tui_keys C-u
  [ -n "${3:-}" ] && tui_type "$3"
  tui_keys F2
}
# panel N: select row N of the form page (or a sub-page) and press KEY (e)
row() { tui_keys Home; local i; for ((i = 1; i < $1; i++)); do tui_keys Down; done; }
panel() { row "$1"; tui_keys "${2:-e}"; }
# save NAME: 保存 on the form page; the list says the network was added
save_added() {
  tui_keys s
  check_screen "$2" "$(t "The network '%s' was added." "$1")" 15
}
