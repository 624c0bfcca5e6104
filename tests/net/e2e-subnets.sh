#!/bin/bash
# e2e-subnets.sh - the sysadm's subnets end to end: the list with its five
# filters, add with the basic, DHCP and DNS panels (and the refusals: a
# gateway outside the subnet, a pool range outside it, TFTP on IPv6, each
# checked in the database to have written nothing), modify (and the
# networks to modify again), the tables of a subnet (address pool with its
# last range kept, IP reservations, DNS names, upstream servers, SRV
# services, DNS hosts), delete (refused while a network uses the subnet),
# and the subnet's projects (add, duplicate, delete, refused while used)
# features: M10.2.1.1 M10.2.1.2 M10.2.1.2a M10.2.1.2b M10.2.1.2c M10.2.1.2d M10.2.1.2e
# features: M10.2.1.2f M10.2.1.2g M10.2.1.2h M10.2.1.3 M10.2.1.4 M10.2.2.1 M10.2.2.2 M10.2.2.3
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host node1 1
sql "INSERT INTO project(name, created_at) VALUES ('网站', 0), ('数据', 0)"

subnets() { sql "SELECT count(*) FROM subnet"; }
ranges() { sql "SELECT count(*) FROM subnet_range"; }
ops() { sql "SELECT count(*) FROM op_log"; }
rows_of() { sql "SELECT count(*) FROM $1"; }
# query NAME ADDRESS VERSION DHCP DNS: fill the query row and apply it; the
# three choices by index (0 All; ipv4 ipv6; On Off), reached from the values
# the last query left (each choice cycles through its three values)
QV=(0 0 0)
query() {
  local i k want
  tui_keys /
  tui_keys C-u; [ -n "$1" ] && tui_type "$1"
  tui_keys Tab C-u; [ -n "$2" ] && tui_type "$2"
  for i in 0 1 2; do
    tui_keys Tab
    k=$((i + 3)); want=${!k}
    while [ "${QV[$i]}" != "$want" ]; do tui_keys Right; QV[$i]=$(((QV[$i] + 1) % 3)); done
  done
  tui_keys Tab Enter Escape
}

# add NAME IPV6(0|1) ADDRESS MASK GATEWAY START END DHCP(0|1) DNS(0|1) TFTP: the
# basic panel of the add form, submitted with F2
add() {
  tui_keys a; tui_wait "Add subnet: subnet basic information" 5
  tui_field "$1"; tui_field "描述"
  [ "$2" = 1 ] && tui_keys Right
  tui_keys Tab
  tui_field "$3"; tui_field "$4"; tui_field "$5"
  tui_keys Tab
  tui_field "$6"; tui_field "$7"
  [ "$8" = 1 ] && tui_keys Right
  tui_keys Tab
  [ "$9" = 1 ] && tui_keys Right
  tui_keys Tab
  tui_field "${10}"
  tui_keys F2
}
# refused DESC TEXT: TEXT is shown, the dialog is left, nothing was written
refused() {
  check_screen "$1" "$2"
  tui_discard
  check "$1: no subnet or range written" test "$(subnets)/$(ranges)" = "$n/$r"
  check "$1: no operation-log row" test "$(ops)" = "$o"
}
snapshot() { n=$(subnets); r=$(ranges); o=$(ops); }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Network management"
check_screen "网络管理 opens the subnet list (M10.2.1.1)" "Subnet information"
check_screen "its left pane has the subnet page" "Subnets"
check_screen "... and the subnet projects page" "Subnet projects"
check_screen "the toolbar has Add, Modify, Delete (M10.2.1.1)" "$(toolbar a Add e Modify d Delete)"

# ---- M10.2.1.2 add, with its refusals
snapshot
add test1 0 192.168.7.0 255.255.255.0 192.168.8.1 192.168.7.10 192.168.7.99 0 0 ""
refused "R1: a gateway outside the subnet is refused (M10.2.1.2)" \
  "$(t "%s must be inside the subnet %s/%d." "$(t "Gateway address")" 192.168.7.0 24)"
add test1 0 192.168.7.0 255.255.255.0 192.168.7.1 192.168.6.10 192.168.7.99 0 0 ""
refused "R3: a pool range outside the subnet is refused (M10.2.1.2a)" \
  "$(t "%s must be inside the subnet %s/%d." "$(t "Start address")" 192.168.7.0 24)"
add test1 0 192.168.7.0 255.255.255.0 192.168.7.1 192.168.7.99 192.168.7.10 0 0 ""
refused "R3: a pool range ending before its start is refused" \
  "$(t "%s must not be before the start address." "$(t "End address")")"
add v6 1 fd00:1:: 64 fd00:1::1 fd00:1::10 fd00:1::ff 0 0 /var/lib/tftpboot
refused "R4: a TFTP root on an IPv6 subnet is refused (M10.2.1.2)" \
  "$(t "%s is supported only on IPv4 subnets." "$(t "TFTP root path")")"
add test1 0 192.168.7.0 255.255.0.255 192.168.7.1 192.168.7.10 192.168.7.99 0 0 ""
refused "a non-contiguous netmask is refused" \
  "$(t "%s must be a dotted IPv4 netmask with contiguous ones such as 255.255.255.0." "$(t Netmask)")"

add test1 0 192.168.7.0 255.255.255.0 192.168.7.1 192.168.7.10 192.168.7.99 0 0 /var/lib/tftpboot
check_screen "a subnet with a pool range is added (M10.2.1.2)" "The subnet was added."
check_sql "it is stored" "SELECT ip_version, address, netmask, prefix, gateway, dhcp, dns, tftp_root FROM subnet WHERE name = 'test1'" \
  "4|192.168.7.0|255.255.255.0|24|192.168.7.1|0|0|/var/lib/tftpboot"
check_sql "with its pool range (R2)" "SELECT start_addr || '-' || end_addr FROM subnet_range" "192.168.7.10-192.168.7.99"
check_sql "and one audit row" "SELECT count(*) FROM op_log WHERE action = 'Add subnet' AND object = 'test1'" 1
check_screen "the list shows the subnet" "192.168.7.1"
snapshot
add test1 0 10.0.0.0 255.0.0.0 10.0.0.1 10.0.0.10 10.0.0.20 0 0 ""
refused "a second subnet of the same name is refused" "$(t "The subnet '%s' already exists." test1)"

# DHCP and DNS panels open only when their flags are on (M10.2.1.2b, M10.2.1.2d)
add lab 0 10.1.0.0 255.255.0.0 10.1.0.1 10.1.0.10 10.1.255.254 1 1 ""
tui_wait "DHCP service configuration" 5
check_screen "DHCP on opens the DHCP panel (M10.2.1.2b)" "BOOTP boot file"
tui_keys Tab; tui_type 10.1.0.2; tui_keys F2
check_screen "a BOOTP server without a boot file is refused" \
  "$(t "%s is required when a BOOTP server address is given." "$(t "Boot file")")"
check "... and nothing is written yet" test "$(subnets)" = "$n"
tui_keys C-u; tui_type pxelinux.0; tui_keys F2
tui_wait "DNS service configuration" 5
check_screen "DNS on opens the DNS panel (M10.2.1.2d)" "Forward plain names"
tui_type "lab.example.com"; tui_keys Tab Right F2
check_screen "the subnet with DHCP and DNS is added" "The subnet was added."
check_sql "its panels are stored" "SELECT dhcp, dns, bootp_file, bootp_server, dns_domain, dns_forward_plain FROM subnet WHERE name = 'lab'" \
  "1|1|pxelinux.0|10.1.0.2|lab.example.com|1"
add v6net 1 fd00:1:: 64 fd00:1::1 fd00:1::100 fd00:1::1ff 1 0 ""
tui_wait "DHCP service configuration" 5
tui_keys F2
check_screen "an IPv6 subnet is added" "The subnet was added."
check_sql "with its prefix as the netmask" "SELECT netmask, prefix FROM subnet WHERE name = 'v6net'" "64|64"

# ---- M10.2.1.1 the five filters
check_screen "three subnets are listed" "$(items 1 3 3)"
query lab "" 0 0 0
check_screen "by name (M10.2.1.1)" "$(items 1 1 1)"
check_screen "... the row is lab" "10.1.0.1"
query "" "fd00" 0 0 0
check_screen "by network address" "$(items 1 1 1)"
check_screen "... the row is v6net" "fd00:1::1"
query "" "" 2 0 0
check_screen "by IP version ipv6" "$(items 1 1 1)"
query "" "" 0 1 0
check_screen "by DHCP on" "$(items 1 2 2)"
query "" "" 0 2 0
check_screen "by DHCP off" "$(items 1 1 1)"
check_screen "... the row is test1" "192.168.7.1"
query "" "" 0 0 1
check_screen "by DNS on" "$(items 1 1 1)"
query "" "" 1 1 2
check_screen "the filters combine (ipv4, DHCP on, DNS off)" "$(items 0 0 0)"
query test1 "" 0 0 0
tui_scroll_to "192.168.7.10,192.168.7.99"
check_screen "the address pool column shows start,end" "192.168.7.10,192.168.7.99"
tui_scroll_back

# ---- M10.2.1.2a the address pool of test1
tui_keys p
tui_wait "Address pool" 5
check_screen "the pool page lists the range" "192.168.7.99"
tui_keys a; tui_wait "Add address pair" 5
tui_field 192.168.7.100; tui_keys C-u; tui_type 192.168.8.5; tui_keys F2
check_screen "a range outside the subnet is refused (M10.2.1.2a)" \
  "$(t "%s must be inside the subnet %s/%d." "$(t "End address")" 192.168.7.0 24)"
tui_keys BTab C-u; tui_type 192.168.7.50; tui_keys Tab C-u; tui_type 192.168.7.120; tui_keys F2
check_screen "an overlapping range is refused" "$(t "The range overlaps the address pool range %s-%s." 192.168.7.10 192.168.7.99)"
tui_discard
check_sql "nothing was added" "SELECT count(*) FROM subnet_range r JOIN subnet s ON s.id = r.subnet_id WHERE s.name = 'test1'" 1
tui_keys a; tui_wait "Add address pair" 5
tui_field 192.168.7.100; tui_keys C-u; tui_type 192.168.7.200; tui_keys F2
check_screen "a second range is added" "The address pair was added."
check_screen "... and listed" "192.168.7.200"
tui_keys d; tui_wait "Delete address pair" 5; tui_keys Enter
check_screen "a range is deleted after confirmation" "The address pair was deleted."
tui_keys d; tui_wait "Delete address pair" 5; tui_keys Enter
check_screen "R2: the last range cannot be deleted" \
  "$(t "The address pool needs at least one range; the last one cannot be deleted.")"
check_sql "the last range stays" "SELECT start_addr FROM subnet_range r JOIN subnet s ON s.id = r.subnet_id WHERE s.name = 'test1'" 192.168.7.100
tui_keys Escape
tui_wait "Subnet information" 5

# ---- M10.2.1.2c IP reservations (IPv4: MAC, IP, name)
tui_keys r
tui_wait "IP reservation list" 5
tui_keys a; tui_wait "Add IP reservation" 5
tui_field 52:54:00:12:34:56; tui_field 192.168.9.5; tui_keys C-u; tui_type web1; tui_keys F2
check_screen "a reservation outside the subnet is refused (M10.2.1.2c)" \
  "$(t "%s must be inside the subnet %s/%d." "$(t "IP address")" 192.168.7.0 24)"
tui_keys C-u; tui_type 192.168.7.5; tui_keys F2
check_screen "a reservation is added" "The IP reservation was added."
check_sql "with its MAC, IP and name" "SELECT mac, ip, hostname FROM subnet_reservation" "52:54:00:12:34:56|192.168.7.5|web1"
tui_keys a; tui_wait "Add IP reservation" 5
tui_field 52:54:00:12:34:56; tui_field 192.168.7.6; tui_keys F2
check_screen "a MAC reserved twice is refused" "$(t "The MAC address %s is already reserved in this subnet." 52:54:00:12:34:56)"
tui_discard
tui_keys d; tui_wait "Delete IP reservation" 5; tui_keys Enter
check_screen "a reservation is deleted" "The IP reservation was deleted."
check_sql "it is gone" "SELECT count(*) FROM subnet_reservation" 0
tui_keys Escape
tui_wait "Subnet information" 5

# ---- M10.2.1.2e DNS names
tui_keys t
tui_wait "Name list" 5
tui_keys a; tui_wait "Add DNS name" 5
tui_field "my ftp"; tui_type 10.0.1.14; tui_keys F2
check_screen "a name with a space is refused (M10.2.1.2e)" "$(t "%s must not contain spaces or commas." "$(t "TXT name")")"
tui_keys C-u; tui_type ftp; tui_keys F2
check_screen "a DNS name is added" "The DNS name was added."
check_sql "as typed" "SELECT name, value FROM subnet_txt" "ftp|10.0.1.14"
tui_keys Escape
tui_wait "Subnet information" 5

# ---- M10.2.1.2f upstream servers
tui_keys u
tui_wait "Upstream DNS server list" 5
tui_keys a; tui_wait "Add upstream DNS server" 5
tui_type dns.example.com; tui_keys F2
check_screen "a server that is not an IP address is refused (M10.2.1.2f)" \
  "$(t "%s must be an IPv4 or IPv6 address such as 192.168.2.189." "$(t "Server address")")"
tui_keys C-u; tui_type 8.8.8.8; tui_keys F2
check_screen "an upstream server is added" "The upstream DNS server was added."
check_sql "it is stored" "SELECT addr FROM subnet_forwarder" 8.8.8.8
tui_keys d; tui_wait "Delete upstream DNS server" 5; tui_keys Enter
check_screen "an upstream server is deleted" "The upstream DNS server was deleted."
tui_keys Escape
tui_wait "Subnet information" 5

# ---- M10.2.1.2g SRV services: port, priority and weight only with a target
tui_keys s
tui_wait "Service list" 5
tui_keys a; tui_wait "Add DNS service" 5
tui_field sip; tui_keys Right Tab F2
check_screen "a service without a target is added at once (M10.2.1.2g)" "The DNS service was added."
check_sql "without port, priority or weight" "SELECT service, protocol, coalesce(port, 'none') FROM subnet_srv" "sip|udp|none"
tui_keys a; tui_wait "Add DNS service" 5
tui_field ldap; tui_keys Tab; tui_field example.com; tui_type 192.168.7.5; tui_keys F2
tui_wait "Add DNS service: target" 5
check_screen "with a target, port, priority and weight are asked" "Priority"
tui_field 70000; tui_field 10; tui_type 20; tui_keys F2
check_screen "a port above 65535 is refused" "$(t "%s must be a whole number from %ld to %ld." "$(t Port)" 1 65535)"
tui_keys C-u; tui_type 389; tui_keys F2
check_screen "the service is added" "The DNS service was added."
check_sql "with every field" "SELECT service, protocol, domain, target, port, priority, weight FROM subnet_srv WHERE service = 'ldap'" \
  "ldap|tcp|example.com|192.168.7.5|389|10|20"
tui_keys Escape
tui_wait "Subnet information" 5

# ---- M10.2.1.2h DNS hosts
tui_keys h
tui_wait "Host list" 5
tui_keys a; tui_wait "Add DNS host" 5
tui_field 192.168.7.5; tui_keys F2
check_screen "a host without names is refused (M10.2.1.2h)" "$(t "%s is required." "$(t "Host names")")"
tui_keys C-u; tui_type "web1, www"; tui_keys F2
check_screen "a DNS host is added" "The DNS host was added."
check_sql "with its names" "SELECT ip, hostnames FROM subnet_dnshost" "192.168.7.5|web1,www"
tui_keys Escape
tui_wait "Subnet information" 5
check_sql "every table row was audited" \
  "SELECT count(*) FROM op_log WHERE action IN ('Add address pool range', 'Delete address pool range', 'Add IP reservation', 'Delete IP reservation', 'Add DNS name', 'Add upstream DNS server', 'Delete upstream DNS server', 'Add DNS service', 'Add DNS host')" 10

# ---- M10.2.1.3 modify: the networks using it are named
sql "INSERT INTO network(uuid, project_id, name_en, name_zh, type, subnet_id, created_at)
     SELECT 'u-1', p.id, 'web-net', '网站网络', 0, s.id, 0 FROM project p, subnet s
     WHERE p.name = '网站' AND s.name = 'test1'"
tui_keys e; tui_wait "Modify subnet: subnet basic information" 5
check_screen "the form is pre-filled" "192.168.7.0"
tui_keys Tab; tui_keys C-u; tui_type "改过"; tui_keys Tab Tab Tab Tab; tui_keys C-u; tui_type 192.168.6.1; tui_keys F2
check_screen "a gateway outside is refused when modifying too" \
  "$(t "%s must be inside the subnet %s/%d." "$(t "Gateway address")" 192.168.7.0 24)"
check_sql "nothing changed" "SELECT description, gateway FROM subnet WHERE name = 'test1'" "描述|192.168.7.1"
tui_keys C-u; tui_type 192.168.7.254; tui_keys Tab Tab Tab Right; tui_keys F2
tui_wait "DNS service configuration" 5
tui_type example.org; tui_keys F2
check_screen "the networks to modify again are named (M10.2.1.3)" "web-net"
check_screen "... with the manual's sentence" "$(printf '%b' "$(t "The following networks must be modified again for the change to take effect:\n\n%s" web-net)")"
tui_keys Enter
check_screen "the subnet is saved" "The subnet was saved."
check_sql "the change is stored" "SELECT description, gateway, dns, dns_domain, row_version > 1 FROM subnet WHERE name = 'test1'" \
  "改过|192.168.7.254|1|example.org|1"
check_sql "the network's stored XML was not touched" "SELECT xml FROM network WHERE name_en = 'web-net'" ""

# ---- M10.2.2 the subnet's projects
tui_page 2
tui_wait "Subnet project configuration information" 5
check_screen "the assignment page has Add and Delete (M10.2.2.1)" "$(toolbar a Add d Delete)"
assign() { # SUBNET-RIGHTS PROJECT-RIGHTS
  local n
  tui_keys a; tui_wait "Add a project that may use the subnet" 5
  for ((n = 0; n < $1; n++)); do tui_keys Right; done
  tui_keys Tab
  for ((n = 0; n < $2; n++)); do tui_keys Right; done
  tui_keys F2
}
# subnets by name: lab, test1, v6net; projects by name: 数据, 网站
assign 1 1
check_screen "test1 is assigned to 网站 (M10.2.2.2)" "The subnet was assigned to the project."
check_sql "the pair is stored" "SELECT s.name || '/' || p.name FROM subnet_project x JOIN subnet s ON s.id = x.subnet_id JOIN project p ON p.id = x.project_id" "test1/网站"
assign 1 0
assign 2 0
check_screen "three assignments are listed" "$(items 1 3 3)"
o=$(ops)
assign 1 1
check_screen "a duplicate is refused (M10.2.2.2)" "Already assigned: the project may already use this subnet."
tui_discard
check_sql "nothing was added" "SELECT count(*) FROM subnet_project" 3
check "... nor logged" test "$(ops)" = "$o"
aquery() { # SUBNET ADDRESS PROJECT
  tui_keys /
  tui_keys C-u; [ -n "$1" ] && tui_type "$1"
  tui_keys Tab C-u; [ -n "$2" ] && tui_type "$2"
  tui_keys Tab C-u; [ -n "$3" ] && tui_type "$3"
  tui_keys Tab Enter Escape
}
aquery "" fd00 ""
check_screen "the network address filter finds v6net's pair (M10.2.2.1)" "$(items 1 1 1)"
aquery test1 "" "网站"
check_screen "the subnet and project filters find one pair" "$(items 1 1 1)"
tui_keys d; tui_wait "Delete subnet project" 5; tui_keys Enter
check_screen "an assignment a network uses cannot be deleted (OP-13)" \
  "$(t "A network of the project uses the subnet; the assignment cannot be deleted.")"
check_sql "it stays" "SELECT count(*) FROM subnet_project" 3
aquery test1 "" "数据"
check_screen "the other project's pair" "$(items 1 1 1)"
tui_keys d; tui_wait "Delete subnet project" 5; tui_keys Enter
check_screen "an unused assignment is deleted (M10.2.2.3)" "$(t "The project '%s' may no longer use the subnet '%s'." 数据 test1)"
check_sql "two pairs are left" "SELECT count(*) FROM subnet_project" 2

# ---- M10.2.1.4 delete
tui_page 1
tui_wait "Subnet information" 5
query test1 "" 0 0 0
tui_keys d; tui_wait "Delete subnet" 5
check_screen "the delete asks first (M10.2.1.4)" "$(t "Delete the subnet '%s'? Its project assignments go with it." test1)"
tui_keys Enter
check_screen "a subnet a network uses cannot be deleted" "$(t "Subnet is in use; delete failed.")"
check_sql "it stays" "SELECT count(*) FROM subnet WHERE name = 'test1'" 1
sql "DELETE FROM network"
tui_keys d; tui_wait "Delete subnet" 5; tui_keys Escape
check_sql "cancelling deletes nothing" "SELECT count(*) FROM subnet WHERE name = 'test1'" 1
tui_keys d; tui_wait "Delete subnet" 5; tui_keys Enter
check_screen "an unused subnet is deleted" "$(t "The subnet '%s' was deleted." test1)"
check_sql "with its rows" "SELECT (SELECT count(*) FROM subnet WHERE name = 'test1') + (SELECT count(*) FROM subnet_txt) + (SELECT count(*) FROM subnet_srv) + (SELECT count(*) FROM subnet_dnshost)" 0
check_sql "and its project assignments (OP-13)" "SELECT count(*) FROM subnet_project x JOIN subnet s ON s.id = x.subnet_id WHERE s.name = 'test1'" 0
check_sql "the other assignment stays" "SELECT count(*) FROM subnet_project" 1
tui_quit

finish
