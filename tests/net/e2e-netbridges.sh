#!/bin/bash
# e2e-netbridges.sh - a project admin's bridged networks, unbound (they can
# span hosts; OP-23 realizes them where a VM starts): a Linux bridge network
# with its port group, an OVS network with its VLAN table, interface ID,
# trunk and a port group with a VLAN, a macvtap network with its forward
# interface table.  The bridged subnet is offered once only (S4), a forward
# interface of another network is refused (H2), VLAN tag 4096, a duplicate
# tag, a second native tag, a macvtap network without interfaces and a
# duplicate interface are refused, each leaving the database as it was;
# the console runs with NO_COLOR and the form follows a resize.
# OVS cannot run on this kernel (no openvswitch module, TESTING.md): the OVS
# network is proven by its stored XML here and the golden XML of tests/xml.
# features: M10.3.2.4 M10.3.2.5 M10.3.2.5a M10.3.2.5b M10.3.2.5c M10.3.2.6 M10.3.2.6a
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/net/netlib.sh"

net_fixture

# without colours (NO_COLOR) this time; the form survives a resize
tui_start NO_COLOR=1 -- --db "$DB"
tui_login zhou zhoupw
tui_module "Network management" projadm
tui_wait "Network information" 5

# ---- M10.3.2.4 a Linux bridge network
net_snapshot
net_add 4
desc zhao-linux-br "赵的linux桥接网络-有子网"
tui_wait "Network basic information" 5
check_screen "the Linux bridge form advises the linux- prefix (M10.3.2.4)" \
  "Prefix 'linux-' recommended, such as linux-br0."
check_no_screen "... and has no MAC field" "Bridge MAC address"
tui_field linux-br0
tui_resize 100 30
check_screen "the basic panel survives a resize, its value kept" "linux-br0"
tui_resize 80 24
check_screen "... and fits 80x24 again, every field shown" "Pool of the subnet"
check_screen "... the buttons too" "[ $(t OK) ]"
check_screen "... binding is advised against: it can span hosts" \
  "Bridged networks can span hosts, so it is recommended not to bind."
hosts=$(offered "Bind to host" 4)
check "... and the host picker offers (none)" grep -qF -- "$(t '(none)')" <<<"$hosts"
choose "Bind to host" "$(t '(none)')"
tui_keys Tab Tab Tab
check_screen "the forward interface: the host loses it" \
  "The host's physical interface for the bridge; the host loses it."
tui_keys F2
check_screen "the forward interface is required (M10.3.2.4)" \
  "$(t '%s is required.' "$(t 'Forward network interface')")"
unchanged "no forward interface"
tui_field eth3
tui_keys Tab
subnets=$(offered "Subnet used" 6)
check "a bridged network may take a subnet with an automatic gateway" \
  grep -q "自动网关子网" <<<"$subnets"
check "... but not the one the project was not given (S0)" test -z "$(grep -F "未分配子网" <<<"$subnets")"
choose "Subnet used" "桥接子网"
tui_keys F2
tui_wait "Network configuration" 5
check_screen "the Linux bridge network has the port group panel" "Port group configuration"
check_no_screen "... but no bandwidth panel (M10.3.2.4)" "Network bandwidth limits"
check_no_screen "... nor static routes" "Static route configuration"
panel 3
tui_wait "$(toolbar a Add d Delete)" 5
tui_keys a
tui_wait "Add port group" 5
tui_field test
for v in 50000 70000 30000 5000 7000 3000; do tui_field $v; done
tui_keys F2
tui_wait "The port group was added to the table." 5
tui_keys Escape
tui_wait "Network configuration" 5
save_added zhao-linux-br "the Linux bridge network is saved (M10.3.2.4)"
xml_has "its XML bridges (M10.3.2.4)" zhao-linux-br '<forward mode="bridge"/>'
xml_has "... on the bridge linux-br0, without stp or delay" zhao-linux-br '<bridge name="linux-br0"/>'
xml_has "... with its port group" zhao-linux-br '<portgroup name="test" default="yes">'
check_sql "it is not bound and uses eth3 and the bridged subnet" \
  "SELECT n.bound_host_id IS NULL, n.forward_dev, s.name FROM network n JOIN subnet s ON s.id = n.subnet_id
     WHERE n.name_en = 'zhao-linux-br'" "1|eth3|桥接子网"

# ---- M10.3.2.5 an OVS network: the bridged subnet is taken (S4), eth3 too (H2)
net_snapshot
net_add 5
desc zhao-ovs "赵的OVS网络"
tui_wait "Network basic information" 5
check_screen "the OVS form advises the ovs- prefix (M10.3.2.5)" "Prefix 'ovs-' recommended, such as ovs-br0."
tui_field ovs-br0
check_screen "... and no binding" "OVS networks can span hosts; binding is not recommended."
choose "Bind to host" "$(t '(none)')"
tui_keys Tab Tab Tab
tui_field eth3
tui_keys Tab
subnets=$(offered "Subnet used" 6)
check "the subnet of the Linux bridge network is not offered again (S4)" \
  test -z "$(grep -F "桥接子网" <<<"$subnets")"
choose "Subnet used" "$(t '(none)')"
tui_keys F2
tui_wait "Network configuration" 5
check_screen "the OVS network has the VLAN panel (M10.3.2.5)" "Network VLAN configuration"
tui_keys s
check_screen "eth3, the Linux bridge's forward interface, is refused (H2)" \
  "$(t 'The interface %s is already the forward interface of another network on this host.' eth3)"
tui_keys Escape
unchanged "a forward interface taken"
check_sql "the bridged subnet is used once" \
  "SELECT count(*) FROM network n JOIN subnet s ON s.id = n.subnet_id WHERE s.name = '桥接子网'" 1
panel 2
tui_wait "Network basic information" 5
tui_keys Tab Tab Tab Tab
tui_field eth2
tui_keys F2
tui_wait "Network configuration" 5

# M10.3.2.5b/c the network's VLAN table
panel 4
tui_wait "$(toolbar a Add d Delete s "Interface ID and trunk")" 5
check_screen "the VLAN panel says the switches must support VLAN (M10.3.2.5)" "Switches must support VLAN."
tui_keys a
tui_wait "Add VLAN configuration" 5
tui_keys Tab
nm=$(offered nativeMode 3)
check "nativeMode offers none, tagged and untagged (M10.3.2.5c)" \
  test "$(grep -c -E 'none|tagged|untagged' <<<"$nm")" = 3
tui_keys BTab
tui_field 4096
tui_keys F2
check_screen "tag 4096 is refused (M10.3.2.5c)" \
  "$(t '%s must be a whole number from %lld to %lld.' "$(t 'VLAN tag ID')" 0 4095)"
tui_discard
unchanged "VLAN tag 4096"
tui_keys a
tui_wait "Add VLAN configuration" 5
tui_field 42
choose nativeMode untagged
tui_keys F2
check_screen "tag 42 untagged is added" "The VLAN was added to the table."
tui_keys a
tui_wait "Add VLAN configuration" 5
tui_field 42
tui_keys F2
check_screen "a second tag 42 is refused (M10.3.2.5c)" "$(t 'The VLAN tag %d is already listed.' 42)"
tui_discard
tui_keys a
tui_wait "Add VLAN configuration" 5
tui_field 43
choose nativeMode untagged
tui_keys F2
check_screen "a second native tag is refused (M10.3.2.5b)" "Only one VLAN tag may have a native mode."
tui_discard
tui_keys a
tui_wait "Add VLAN configuration" 5
tui_field 47
tui_keys F2
tui_wait "The VLAN was added to the table." 5
tui_keys s
tui_wait "The VM interface's UUID; normally empty: one is generated." 5
tui_field 09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f
choose trunk "$(t Yes)"
tui_keys F2
check_screen "the trunk is shown on the page" "[trunk]"
check_screen "... with the interface ID" "interfaceid=09b11c53"
tui_keys Escape
tui_wait "Network configuration" 5

# M10.3.2.5a an OVS port group with a VLAN
panel 3
tui_wait "$(toolbar a Add d Delete v "VLAN configuration")" 5
check_screen "the OVS port group page has the VLAN action (M10.3.2.5a)" "VLAN configuration"
tui_keys a
tui_wait "Add port group" 5
check_screen "... and its dialog the trunk" "trunk"
tui_field vlan42
tui_field 5000
tui_field 7000
tui_field 3000
tui_keys F2
tui_wait "The port group was added to the table." 5
row 1
tui_keys v
tui_wait "Port group VLAN configuration" 5
tui_keys a
tui_wait "Add VLAN configuration" 5
tui_field 42
choose nativeMode untagged
tui_keys F2
tui_wait "The VLAN was added to the table." 5
tui_keys Escape
tui_wait "$(toolbar a Add d Delete v "VLAN configuration")" 5
check_screen "the port group shows its VLAN" "42 untagged"
tui_keys Escape
tui_wait "Network configuration" 5
unchanged "an OVS network not saved yet"
save_added zhao-ovs "the OVS network is saved (M10.3.2.5)"
xml_has "its XML bridges" zhao-ovs '<forward mode="bridge"/>'
xml_has "... on ovs-br0" zhao-ovs '<bridge name="ovs-br0"/>'
xml_has "... with an openvswitch port (M10.3.2.5)" zhao-ovs '<virtualport type="openvswitch">'
xml_has "... and its interface ID (M10.3.2.5b)" zhao-ovs \
  '<parameters interfaceid="09b11c53-8b5c-4eeb-8f00-d84eaa0aaa4f"/>'
xml_has "... its VLAN table with trunk" zhao-ovs '<vlan trunk="yes">'
xml_has "... tag 42 untagged" zhao-ovs '<tag id="42" nativeMode="untagged"/>'
xml_has "... and tag 47 without a mode (M10.3.2.5c)" zhao-ovs '<tag id="47"/>'
check "the port group has its VLAN, trunk set by the rule (M10.3.2.5a)" \
  perl -0ne 'exit !/<portgroup name="vlan42" default="yes">\s*<vlan trunk="yes">\s*<tag id="42" nativeMode="untagged"\/>/' \
  <<<"$(netxml zhao-ovs)"
check_sql "the tags are stored" "SELECT count(*) FROM network_vlan" 3

# ---- M10.3.2.6 a macvtap network
net_snapshot
net_add 6
desc zhao-macvtap "赵的macvtap网络"
tui_wait "Network basic information" 5
check_no_screen "the macvtap form has no bridge name (M10.3.2.6)" "$(t "Bridge name") *:"
check_no_screen "... no subnet (S3)" "$(t "Subnet used"):"
check_no_screen "... no STP" "Enable STP"
check_screen "... the binding rule of the manual" "Must be bound when a given host's interfaces are used."
choose "Bind to host" "$(t '(none)')"
tui_keys F2
tui_wait "Network configuration" 5
check_screen "it has the forward interface table (M10.3.2.6a)" "Forward network interface table"
check_no_screen "... and no port groups (OP-18)" "Port group configuration"
tui_keys s
check_screen "saving without an interface is refused (M10.3.2.6a)" \
  "A MACVTAP bridge network needs at least one forward interface."
tui_keys Escape
unchanged "a macvtap network without interfaces"
panel 3
tui_wait "$(toolbar a Add d Delete)" 5
for dev in eth0 eth1 eth0; do
  tui_keys a
  tui_wait "Add forward network interface" 5
  tui_field $dev
  tui_keys F2
  [ $dev = eth1 ] && tui_wait "The interface was added to the table." 5
done
check_screen "a second eth0 is refused (M10.3.2.6a)" "$(t 'The interface %s is already listed.' eth0)"
tui_discard
unchanged "a duplicate interface"
tui_keys End d
tui_wait "Delete the selected row from the table?" 5
tui_keys Enter
tui_gone eth1 5
check_screen "an interface can be deleted from the table" "$(items 1 1 1)"
tui_keys a
tui_wait "Add forward network interface" 5
tui_field eth1
tui_keys F2
tui_wait "The interface was added to the table." 5
tui_keys Escape
tui_wait "Network configuration" 5
check_screen "the form page lists the interfaces" "eth0,eth1"
save_added zhao-macvtap "the macvtap network is saved (M10.3.2.6)"
check "its XML bridges on both interfaces" \
  perl -0ne 'exit !/<forward mode="bridge">\s*<interface dev="eth0"\/>\s*<interface dev="eth1"\/>\s*<\/forward>/' \
  <<<"$(netxml zhao-macvtap)"
xml_lacks "... without a bridge" zhao-macvtap "<bridge"
tui_keys End Enter
check_screen "the list shows the interfaces as eth0,eth1 (M10.3.1)" "$(t 'Host network interface'): eth0,eth1"
check_screen "... and the type" "$(t 'Network type'): $(t 'MACVTAP bridge network')"
tui_keys Escape

tui_quit
finish
