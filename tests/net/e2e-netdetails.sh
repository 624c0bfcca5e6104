#!/bin/bash
# e2e-netdetails.sh - a network's details (详细信息) on the project admin's
# network list: read-only, titled with the network, its main fields, the
# IP reservations of its subnet, and the live DHCP leases of the hosts it
# is defined on, read by a job off the key loop (DOSVM_CHECK_KEYLOOP=1);
# a test-driver host has no lease API, and the details say so.
# features: M10.3.1 M10.2.1.2c
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/net/netlib.sh"

net_fixture
sql "INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname)
       SELECT id, '52:54:00:aa:bb:01', '10.1.0.5', 'web-one' FROM subnet WHERE name = '内部服务子网';
     INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname)
       SELECT id, '52:54:00:aa:bb:02', '10.1.0.6', 'db-two' FROM subnet WHERE name = '内部服务子网';
     INSERT INTO subnet_reservation(subnet_id, mac, ip, hostname)
       SELECT id, '52:54:00:cc:dd:09', '192.168.21.9', 'other-net' FROM subnet WHERE name = 'NAT子网';" \
  >/dev/null

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Network management" projadm
check_screen "the network list offers 详细信息 (M10.3.1)" \
  "$(toolbar a Add e Modify d Delete i Details)"
tui_keys i
check_screen "... which needs a row" "$(t "Please select a record first.")" 5

# an isolated network on alpha using the subnet with the reservations
net_add 1
desc zhao-inner "赵的内部网络" "内部服务器使用"
tui_wait "Network basic information" 5
tui_keys C-u; tui_type vir1
tui_keys Tab Tab
choose "Bind to host" alpha
tui_keys Tab Tab Tab Tab
choose "Subnet used" "内部服务子网"
tui_keys F2
tui_wait "Network configuration" 5
save_added zhao-inner "the isolated network is saved on alpha"
check_sql "... and defined there" "SELECT count(*) FROM network_host" 1

ops_before=$(ops)
tui_keys Home i
check_screen "详细信息 opens a dialog titled with the network (M10.3.1)" \
  "$(t "%s: %s" "$(t "Network details")" zhao-inner)" 10
check_screen "... showing its type" "$(t "Network type"): $(t "Isolated network")"
check_screen "... its bridge" "$(t "Bridge name"): vir1"
check_screen "... its bound host" "$(t "Bound host name"): alpha"
check_screen "... its subnet" "$(t "Subnet name"): 内部服务子网"
check_screen "... the subnet's IP reservations (M10.2.1.2c)" "$(t "IP reservations")"
check_screen "... the first: MAC, IP and host name" "52:54:00:aa:bb:01  10.1.0.5         web-one"
check_screen "... the second" "52:54:00:aa:bb:02  10.1.0.6         db-two"
check_no_screen "... but not another subnet's" "other-net"
tui_scroll_to "$(t "DHCP leases on the host %s" alpha)" 10
check_screen "... then the DHCP leases of the host alpha" "$(t "DHCP leases on the host %s" alpha)"
check_screen "... which says a test-driver host cannot report them" \
  "This host's libvirt cannot report DHCP leases."
check_no_screen "... the dialog is read-only: no OK to save" "$(t "OK")"
tui_keys Escape
tui_gone "$(t "%s: %s" "$(t "Network details")" zhao-inner)" 5
check "reading the details writes nothing to the log" test "$(ops)" = "$ops_before"
check_sql "... nor a task" "SELECT count(*) FROM task WHERE what = 'Read the DHCP leases'" 0

tui_quit
finish
