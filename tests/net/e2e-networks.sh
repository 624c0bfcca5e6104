#!/bin/bash
# e2e-networks.sh - a project admin's networks on test-driver hosts: the
# list and its query, the type first, an isolated network with bandwidth,
# static routes and port groups, a NAT network with its address and port
# range, a routed network, each saved through the core's job and defined
# on its bound host; the subnet picker offering only what the rules allow;
# modify with the type kept and delete.  Every refusal (virbr0, peak
# without average, a second NAT range, a prefix out of range, a duplicate
# English name) leaves the database
# as it was.
# features: M10.3.1 M10.3.2 M10.3.2.1 M10.3.2.1a M10.3.2.1b M10.3.2.2 M10.3.2.2a
# features: M10.3.2.2b M10.3.2.3 M10.3.3 M10.3.4
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/net/netlib.sh"

net_fixture

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Network management" projadm
check_screen "网络管理 opens the project's network list (M10.3.1)" "Network information"
check_screen "... with 新增, 修改 and 删除" "$(toolbar a Add e Modify d Delete)"
check_screen "... and an empty table" "$(items 0 0 0)"

# ---- M10.3.2 the type first, the six of them
tui_keys a
tui_wait "Network type" 5
for ty in "Isolated network" "NAT network" "Routed network" "Linux bridge network" \
  "OVS bridge network" "MACVTAP bridge network"; do
  check_screen "the type menu offers the $ty (M10.3.2)" "$ty"
done
tui_keys Escape
tui_gone "Network type" 5

# ---- M10.3.2.1 an isolated network
net_snapshot
net_add 1
check_screen "the isolated network's form starts with its description panel" "Network English name"
desc zhao-inner "赵的内部网络" "内部服务器使用"
tui_wait "Network basic information" 5
check_screen "... then its basic panel (M10.3.2.1)" "Bridge name"
check_screen "... which says virbr0 is reserved" "Prefix 'vir' recommended; 'virbr0' is reserved for 'default'."
check_no_screen "... and has no forward interface: an isolated network cannot have one" \
  "Forward network interface"
tui_field virbr0
tui_keys F2
check_screen "the bridge name virbr0 is refused (M10.3.2.1)" \
  "The bridge name virbr0 is reserved for libvirt's default network."
unchanged "virbr0"
tui_keys Home C-u
tui_type vir1
tui_keys Tab Tab
# the bound host: required, and a picker without "(none)"
hosts=$(offered "Bind to host" 4)
check "the isolated network's host picker lists the hosts" grep -q beta <<<"$hosts"
check "... and has no (none): an isolated network must be bound (M10.3.2.1)" \
  test -z "$(grep -F -- "$(t '(none)')" <<<"$hosts")"
choose "Bind to host" alpha
tui_keys Tab Tab Tab Tab
subnets=$(offered "Subnet used" 6)
check "the subnet picker offers the project's subnets (S0)" grep -q "内部服务子网" <<<"$subnets"
check "... but not one the project was not given (S0, M10.3.2)" \
  test -z "$(grep -F "未分配子网" <<<"$subnets")"
check "... nor one with an automatic gateway to an isolated network (S1, M10.3.2)" \
  test -z "$(grep -F "自动网关子网" <<<"$subnets")"
check "... and may be left empty for an isolated network" grep -qF -- "$(t '(none)')" <<<"$subnets"
choose "Subnet used" "内部服务子网"
check_screen "the subnet's details are shown under it: the address" "10.1.0.0"
check_screen "... the netmask" "255.255.0.0"
check_screen "... and the pool" "10.1.0.10 — 10.1.255.255"
tui_keys F2
tui_wait "Network configuration" 5
for p in "Network description information" "Network basic information" "Network bandwidth limits" \
  "Static route configuration" "Port group configuration"; do
  check_screen "the isolated network has the panel $p (Table 10-1)" "$p"
done
check_no_screen "... and no NAT forwarding panel" "NAT forwarding configuration"
check_no_screen "... nor a VLAN panel" "Network VLAN configuration"

# bandwidth: peak without average refused, then the manual's example
panel 3
tui_wait "Inbound average (kb/s)" 5
tui_field ""
tui_field 7000
tui_keys F2
check_screen "an inbound peak without an average is refused" \
  "$(t '%s is required when a peak or burst is set.' "$(t 'Inbound average')")"
unchanged "peak without average"
tui_discard
panel 3
tui_wait "Inbound average (kb/s)" 5
for v in 5000 7000 3000 5000 7000 3000; do tui_field $v; done
tui_keys F2
check_screen "the bandwidth panel takes the manual's values" "5000/7000/3000"

# M10.3.2.1a static routes
panel 4
tui_wait "$(toolbar a Add d Delete)" 5
check_screen "the static route panel is a table with 新增 and 删除 (M10.3.2.1a)" "Netmask (prefix)"
tui_keys a
tui_wait "Add route" 5
tui_keys Tab
tui_field 192.168.21.9
tui_field 33
tui_field 10.1.0.9
tui_keys F2
check_screen "an IPv4 route with prefix 33 is refused (M10.3.2.1a)" \
  "$(t 'Prefix out of range: %s must be at most %d.' "$(t 'Netmask')" 32)"
tui_discard
tui_keys a
tui_wait "Add route" 5
tui_keys Space Tab
tui_field 2001:da6:201::
tui_field 129
tui_field 2001:da6:201::1
tui_keys F2
check_screen "an IPv6 route with prefix 129 is refused" \
  "$(t 'Prefix out of range: %s must be at most %d.' "$(t 'Netmask')" 128)"
tui_discard
tui_keys a
tui_wait "Add route" 5
tui_keys Tab
tui_field 192.168.21.9
tui_field 32
tui_field 10.1.0.9
tui_keys F2
check_screen "a valid route is added to the table" "The route was added to the table."
check_screen "... and shown in it" "192.168.21.9"
unchanged "a route of an unsaved network"
tui_keys Escape
tui_wait "Network configuration" 5
check_screen "the form page counts the route" "$(t 'Static routes: %d' 1)"

# M10.3.2.1b port groups
panel 5
tui_wait "$(toolbar a Add d Delete)" 5
check_no_screen "a non-OVS port group page has no VLAN action (M10.3.2.5a)" "VLAN configuration"
tui_keys a
tui_wait "Add port group" 5
check_no_screen "... nor its dialog a trunk field" "trunk"
tui_field work
tui_field ""
tui_field 7000
tui_keys F2
check_screen "a port group's peak without average is refused (M10.3.2.1b)" \
  "$(t '%s is required when a peak or burst is set.' "$(t 'Inbound average')")"
tui_discard
tui_keys a
tui_wait "Add port group" 5
tui_field work
for v in 50000 70000 30000 50000 70000 30000; do tui_field $v; done
tui_keys F2
check_screen "a port group with its limits is added" "The port group was added to the table."
tui_keys a
tui_wait "Add port group" 5
tui_field work
tui_keys F2
check_screen "a second port group named work is refused" \
  "$(t "The port group '%s' already exists in this network." work)"
tui_discard
tui_keys a
tui_wait "Add port group" 5
tui_field test
tui_keys F2
tui_wait "The port group was added to the table." 5
check_screen "the page says which group is the default" "The first port group is the default."
tui_keys Escape
tui_wait "Network configuration" 5
save_added zhao-inner "the isolated network is saved (M10.3.2.1)"
check_sql "... as an isolated network bound to alpha with its subnet" \
  "SELECT n.type, n.bridge, h.name, s.name, n.forward_dev FROM network n JOIN host h ON h.id = n.bound_host_id
     JOIN subnet s ON s.id = n.subnet_id WHERE n.name_en = 'zhao-inner'" "0|vir1|alpha|内部服务子网|"
check_sql "... with its bandwidth" \
  "SELECT in_average, in_peak, in_burst, out_average FROM network WHERE name_en = 'zhao-inner'" \
  "5000|7000|3000|5000"
xml_lacks "its XML has no <forward> (M10.3.2.1)" zhao-inner "<forward"
xml_has "... a bridge with stp and delay" zhao-inner '<bridge name="vir1" stp="off" delay="0"'
xml_has "... the subnet's gateway as its <ip>" zhao-inner 'address="10.1.0.1" netmask="255.255.0.0"'
xml_has "... the bandwidth" zhao-inner '<inbound average="5000" peak="7000" burst="3000"'
xml_has "... the route (M10.3.2.1a)" zhao-inner \
  '<route address="192.168.21.9" prefix="32" gateway="10.1.0.9"'
xml_has "... the first port group as the default (M10.3.2.1b)" zhao-inner \
  '<portgroup name="work" default="yes">'
xml_has "... with its limits" zhao-inner '<inbound average="50000" peak="70000" burst="30000"'
check_sql "it is defined on its bound host" \
  "SELECT h.name FROM network_host nh JOIN host h ON h.id = nh.host_id JOIN network n ON n.id = nh.network_id
     WHERE n.name_en = 'zhao-inner'" alpha
check_sql "... and logged once" "SELECT count(*) FROM op_log" "$((OPS + 1))"
tui_keys Enter
check_screen "the list shows it with its type (M10.3.1)" "$(t 'Network type'): $(t 'Isolated network')"
check_screen "... its bound host" "$(t 'Bound host name'): alpha"
check_screen "... and its subnet" "$(t 'Subnet name'): 内部服务子网"
tui_keys Escape

# ---- M10.3.2 a duplicate English name
net_snapshot
net_add 1
desc zhao-inner "重名"
tui_wait "Network basic information" 5
tui_field vir2
tui_keys Tab
choose "Bind to host" beta
tui_keys F2
tui_wait "Network configuration" 5
tui_keys s
check_screen "a second network named zhao-inner is refused at save (M10.3.2)" \
  "$(t "The network name '%s' already exists." zhao-inner)"
tui_keys Escape
unchanged "a duplicate English name"
tui_keys Escape
tui_wait "Leave without saving? The changes are lost." 5
tui_keys Enter
tui_wait "Network information" 5

# ---- M10.3.2.2 a NAT network on beta (alpha has the isolated one: H1, OP-8)
net_snapshot
net_add 2
desc zhao-nat "赵的NAT网络-有子网" "赵家人的NAT网络"
tui_wait "Network basic information" 5
check_screen "the NAT network's basic panel has the forward interface (M10.3.2.2)" \
  "Forward network interface"
tui_field zhao-virbr0
tui_keys Tab
subnets=$(offered "Bind to host" 4)
check "... a host picker without (none): a NAT network must be bound" \
  test -z "$(grep -F -- "$(t '(none)')" <<<"$subnets")"
choose "Bind to host" beta
tui_keys Tab Tab Tab
tui_field eth0
tui_keys Tab
subnets=$(offered "Subnet used" 6)
check "... and a subnet picker without (none): a NAT network needs a subnet (OP-26)" \
  test -z "$(grep -F -- "$(t '(none)')" <<<"$subnets")"
check "... which offers the isolated network's subnet: isolated/NAT may share (S1)" \
  grep -q "内部服务子网" <<<"$subnets"
choose "Subnet used" "NAT子网"
tui_keys F2
tui_wait "Network configuration" 5
check_screen "the NAT network has the NAT forwarding panel: six in all (M10.3.2.2)" \
  "NAT forwarding configuration"
check_screen "... with everything allowed at first" "All addresses and ports allowed"
save_added zhao-nat "the NAT network is saved on beta"
xml_has "its XML forwards by NAT on eth0 (M10.3.2.2)" zhao-nat '<forward mode="nat" dev="eth0"'
xml_lacks "... without a <nat> element: no range, everything allowed (M10.3.2.2b)" zhao-nat "<nat>"
xml_has "... with its subnet" zhao-nat 'address="192.168.21.1" netmask="255.255.255.0"'

# ---- M10.3.3 modify the NAT network: its ranges, its Chinese name
tui_keys '/'
tui_type nat
tui_keys Enter Escape
tui_wait "$(items 1 1 1)" 5
check_screen "the query by name finds the NAT network (M10.3.1)" "zhao-nat"
net_snapshot
version=$(netcol zhao-nat row_version)
tui_keys e
tui_wait "Network configuration" 5
check_screen "修改 opens the same form, of the same type (M10.3.3, OP-19)" "$(t "%s '%s'." "$(t 'NAT network')" zhao-nat)"
check_screen "... pre-filled" "$(t "Bridge name"): zhao-virbr0"
panel 1
tui_wait "Network description information" 5
check_screen "... the English name stays as it is" "zhao-nat"
tui_field "赵的NAT网络"
tui_keys F2
tui_wait "Network configuration" 5
panel 6
tui_wait "$(toolbar a "Add address range" p "Add port range" d Delete)" 5
check_screen "the NAT panel has an address range and a port range table (M10.3.2.2)" \
  "Without a range all addresses and ports are allowed."
tui_keys a
tui_wait "Add network forwarding address range" 5
tui_field 192.168.21.120
tui_field 192.168.21.100
tui_keys F2
check_screen "an address range whose start is after its end is refused (M10.3.2.2a)" \
  "$(t '%s must not come before the start address.' "$(t 'End address')")"
tui_discard
tui_keys a
tui_wait "Add network forwarding address range" 5
tui_field 192.168.21.100
tui_field 192.168.21.100
tui_keys F2
check_screen "start = end is one address and accepted" "The address range was added to the table."
tui_keys a
check_screen "a second address range is refused (OP-25)" \
  "The address range table has its one row; delete it first."
row 1
tui_keys d
tui_wait "Delete the selected row from the table?" 5
tui_keys Enter
tui_gone "192.168.21.100" 5
tui_keys a
tui_wait "Add network forwarding address range" 5
tui_field 192.168.21.100
tui_field 192.168.21.120
tui_keys F2
tui_wait "The address range was added to the table." 5
tui_keys p
tui_wait "Add network forwarding port range" 5
tui_field 0
tui_field 6189
tui_keys F2
check_screen "port 0 is refused (M10.3.2.2b)" \
  "$(t '%s must be a whole number from %lld to %lld.' "$(t 'Start port')" 1 65535)"
tui_discard
tui_keys p
tui_wait "Add network forwarding port range" 5
tui_field 6189
tui_field 5179
tui_keys F2
check_screen "a port range whose end is below its start is refused" \
  "$(t '%s must not be below the start port.' "$(t 'End port')")"
tui_discard
tui_keys p
tui_wait "Add network forwarding port range" 5
tui_field 5179
tui_field 6189
tui_keys F2
check_screen "a valid port range is added" "The port range was added to the table."
unchanged "the ranges of an unsaved modification"
tui_keys Escape
tui_wait "Network configuration" 5
tui_keys s
check_screen "the modified network is saved (M10.3.3)" "$(t "The network '%s' was saved." zhao-nat)" 15
check_sql "... with its new Chinese name and a new row version" \
  "SELECT name_zh, row_version > $version FROM network WHERE name_en = 'zhao-nat'" "赵的NAT网络|1"
check_sql "... its type kept" "SELECT type FROM network WHERE name_en = 'zhao-nat'" 1
xml_has "... and the ranges in its XML (M10.3.2.2a)" zhao-nat \
  '<address start="192.168.21.100" end="192.168.21.120"'
xml_has "... (M10.3.2.2b)" zhao-nat '<port start="5179" end="6189"'
check_sql "... logged once" "SELECT count(*) FROM op_log" "$((OPS + 1))"
tui_keys '/' C-u Enter Escape
tui_wait "$(items 1 2 2)" 5

# ---- M10.3.2.3 a routed network on gamma
net_snapshot
net_add 3
desc zhao-route "赵的路由网络"
tui_wait "Network basic information" 5
tui_field zhao-route-net
tui_keys Tab
choose "Bind to host" gamma
tui_keys Tab Tab Tab
tui_field eth1
tui_keys Tab
subnets=$(offered "Subnet used" 6)
check "a routed network is not offered the NAT network's subnet (S2, OP-20)" \
  test -z "$(grep -F "NAT子网" <<<"$subnets")"
check "... nor one with an automatic gateway (S2)" test -z "$(grep -F "自动网关子网" <<<"$subnets")"
choose "Subnet used" "路由子网"
tui_keys F2
tui_wait "Network configuration" 5
save_added zhao-route "the routed network is saved (M10.3.2.3)"
xml_has "its XML routes through eth1" zhao-route '<forward mode="route" dev="eth1"'
check_sql "it is defined on gamma" \
  "SELECT h.name FROM network_host nh JOIN host h ON h.id = nh.host_id JOIN network n ON n.id = nh.network_id
     WHERE n.name_en = 'zhao-route'" gamma
net_add 1
desc zhao-route2 "第二个"
tui_wait "Network basic information" 5
tui_keys Tab Tab Tab Tab Tab Tab
subnets=$(offered "Subnet used" 6)
check "the routed network's subnet is offered to no other network (S2, M10.3.2.3)" \
  test -z "$(grep -F "路由子网" <<<"$subnets")"
tui_discard
tui_wait "Network information" 5

# ---- M10.3.4 delete
net_snapshot
tui_keys End
tui_wait zhao-route 5
tui_keys d
tui_wait "$(t "Delete the network '%s'?" zhao-route)" 5
tui_keys Tab Enter
tui_gone "$(t "Delete the network '%s'?" zhao-route)" 5
check "a cancelled delete keeps the network" test "$(networks)" = "$NETS"
tui_keys d
tui_wait "$(t "Delete the network '%s'?" zhao-route)" 5
tui_keys Enter
check_screen "删除 after the confirmation deletes it (M10.3.4)" "$(t "The network '%s' was deleted." zhao-route)" 15
check_sql "... the record" "SELECT count(*) FROM network WHERE name_en = 'zhao-route'" 0
check_sql "... and its host rows" "SELECT count(*) FROM network_host" 2
check_sql "... logged" "SELECT count(*) FROM op_log" "$((OPS + 1))"
check_screen "the list has the others" "$(items 1 2 2)"

tui_quit
finish
