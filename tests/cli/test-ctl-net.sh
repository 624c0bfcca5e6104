#!/bin/bash
# test-ctl-net.sh - dosvmctl's network nouns (cli/ctl_net.c): subnets with
# their pool ranges, reservations and DNS records, their projects; filters;
# security groups; a project's networks on a test-driver host.  Each verb
# as JSON, the record in the database, the console's audit row from
# dosvmctl, and its refusals with their exit status (1 a rule naming the
# field, 3 not found); one refusal in Chinese.
# features: M10.2.1.1 M10.2.1.2 M10.2.1.2a M10.2.1.2b M10.2.1.2c M10.2.1.2d M10.2.1.2e
# features: M10.2.1.2f M10.2.1.2g M10.2.1.2h M10.2.1.3 M10.2.1.4 M10.2.2.1 M10.2.2.2
# features: M10.2.2.3 M10.2.3.1 M10.2.3.2 M10.2.3.3 M10.2.3.4 M10.2.3.5 M10.2.4.1
# features: M10.2.4.2 M10.2.4.3 M10.2.4.4 M10.2.4.5 M10.3.1 M10.3.2 M10.3.2.1 M10.3.2.1a
# features: M10.3.2.1b M10.3.2.2 M10.3.2.2a M10.3.2.2b M10.3.2.5 M10.3.2.5a M10.3.2.5b M10.3.2.5c
# features: M10.3.2.6 M10.3.2.6a M10.3.3 M10.3.4
. "$top_srcdir/tests/lib/ctl.sh"
"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$T" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
jqis() { test "$(jq -r "$1" "$T/out" 2>/dev/null)" = "$2"; } # FILTER EXPECTED
# the newest operation-log row: user|addr|action|object
last_op() { sql "SELECT user || '|' || addr || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"; }
audit() { check "$1" test "$(last_op)" = "$2"; } # DESC USER|ADDR|ACTION|OBJECT
ops() { sql "SELECT count(*) FROM op_log"; }
# refused DESC STATUS FIELD CMD...: exit STATUS, the JSON error naming FIELD
# (- for none checked), nothing logged
refused() {
  local d=$1 st=$2 f=$3 o rc
  shift 3
  o=$(ops)
  "$@" >"$T/out" 2>"$T/err"
  rc=$?
  check "$d (exit $st)" test "$rc" = "$st"
  [ "$f" = - ] || check "... the JSON error names the field $f" jqis .error.field "$f"
  check "... and nothing is logged" test "$(ops)" = "$o"
}

# ---------------------------------------------------------------- subnets
ctl --json subnet add --name 内部子网 --description 内部使用 --address 10.1.0.0 \
  --netmask 255.255.0.0 --gateway 10.1.0.1 --start 10.1.0.10 --end 10.1.0.200 \
  --dhcp yes --bootp-file pxelinux.0 --dns yes --dns-domain corp.example --dns-forward-plain 1 \
  >"$T/out" 2>"$T/err"
check "subnet add (M10.2.1.2) exits 0" test $? = 0
check "... prints the record: typed keys, the first pool range" \
  jqis '.[0] | "\(.ip_version|type) \(.dhcp) \(.prefix) \(.pool)"' "number true 16 10.1.0.10,10.1.0.200"
check "... the DHCP and DNS panels' fields (M10.2.1.2b, M10.2.1.2d)" \
  jqis '.[0] | "\(.bootp_file) \(.dns_domain) \(.dns_forward_plain)"' "pxelinux.0 corp.example true"
check "... the record in the database" \
  check_sql "SELECT address || '/' || prefix || ' ' || gateway FROM subnet WHERE name = '内部子网'" \
  "10.1.0.0/16 10.1.0.1"
audit "... the console's audit row, from dosvmctl" "sysadm|dosvmctl|Add subnet|内部子网"
refused "a gateway outside the subnet is refused (M10.2.1.2)" 1 gateway \
  ctl --json subnet add --name 外部 --address 10.2.0.0 --netmask 255.255.0.0 --gateway 10.3.0.1 \
  --start 10.2.0.10 --end 10.2.0.20
refused "a subnet without its first pool range is refused (R2)" 1 start \
  ctl --json subnet add --name 外部 --address 10.2.0.0 --netmask 255.255.0.0 --gateway 10.2.0.1
ctl --json subnet add --name v6子网 --ip-version ipv6 --address fd00:1:: --netmask 64 \
  --gateway fd00:1::1 --start fd00:1::10 --end fd00:1::20 >"$T/out" 2>"$T/err"
check "an IPv6 subnet is added" jqis '.[0] | "\(.ip_version) \(.prefix)"' "6 64"
refused "a TFTP root on an IPv6 subnet is refused (R4)" 1 tftp-root \
  ctl --json subnet modify --subnet v6子网 --tftp-root /srv/tftp

ctl --json subnet list >"$T/out"
check "subnet list (M10.2.1.1) lists both" jqis 'length' 2
ctl --json subnet list --dhcp yes >"$T/out"
check "... narrowed by DHCP on" jqis '[.[].name] | join(",")' "内部子网"
ctl --json subnet list --ip-version 6 >"$T/out"
check "... and by IP version" jqis '[.[].name] | join(",")' "v6子网"
ctl --json subnet show --subnet 内部子网 >"$T/out"
check "subnet show gives the record by name" jqis '.[0].description' 内部使用
refused "a subnet that does not exist is not found" 3 subnet ctl --json subnet show --subnet 无此子网
zctl --json subnet list >"$T/out" 2>"$T/err"
check "a project administrator may not manage subnets (exit 1)" test $? = 1
zctl --json subnet add --name x >"$T/out" 2>"$T/err"
check "... nor add one, refused as such before any field is read" \
  test "$(jqo .error.message)" = "Only the system administrator can manage subnets."
zctl --json secgroup add --name x >"$T/out" 2>"$T/err"
check "... and the same for security groups" \
  test "$(jqo .error.message)" = "Only the system administrator can manage security groups."

ctl --json subnet modify --subnet 内部子网 --description 新描述 --tftp-root /srv/tftp >"$T/out"
check "subnet modify (M10.2.1.3) changes the fields given" \
  jqis '.[0] | "\(.description) \(.tftp_root) \(.gateway) \(.dhcp)"' "新描述 /srv/tftp 10.1.0.1 true"
audit "... with the console's audit row" "sysadm|dosvmctl|Modify subnet|内部子网"
refused "a netmask that cannot be read is refused" 1 netmask \
  ctl --json subnet modify --subnet 内部子网 --netmask 255.0.255.0

# the child rows (M10.2.1.2a c e f g h)
S="--subnet 内部子网"
ctl --json subnet range-add $S --start 10.1.1.1 --end 10.1.1.50 >"$T/out"
check "subnet range-add (M10.2.1.2a) prints the new row" jqis '.[0] | "\(.kind) \(.start) \(.end)"' \
  "range 10.1.1.1 10.1.1.50"
audit "... with the console's audit row" "sysadm|dosvmctl|Add address pool range|内部子网: 10.1.1.1-10.1.1.50"
refused "a range with start after end is refused" 1 - ctl --json subnet range-add $S --start 10.1.2.50 --end 10.1.2.1
refused "a range overlapping another is refused" 1 - ctl --json subnet range-add $S --start 10.1.1.40 --end 10.1.1.60
ctl --json subnet reservation-add $S --mac 52:54:00:12:34:56 --ip 10.1.0.5 --hostname web1 >"$T/out"
check "subnet reservation-add (M10.2.1.2c)" jqis '.[0] | "\(.kind) \(.mac) \(.ip) \(.hostname)"' \
  "reservation 52:54:00:12:34:56 10.1.0.5 web1"
check "... in the database" check_sql "SELECT count(*) FROM subnet_reservation WHERE ip = '10.1.0.5'" 1
refused "a reservation outside the subnet is refused" 1 ip \
  ctl --json subnet reservation-add $S --mac 52:54:00:12:34:57 --ip 10.9.0.5
ctl --json subnet txt-add $S --txt-name ftp --txt-value 10.0.1.14 >"$T/out"
check "subnet txt-add (M10.2.1.2e)" jqis '.[0] | "\(.txt_name) \(.txt_value)"' "ftp 10.0.1.14"
audit "... with the console's audit row" "sysadm|dosvmctl|Add DNS name|内部子网: ftp"
refused "a TXT name with a blank is refused" 1 txt-name ctl --json subnet txt-add $S --txt-name "f tp" --txt-value x
ctl --json subnet forwarder-add $S --forwarder 8.8.8.8 >"$T/out"
check "subnet forwarder-add (M10.2.1.2f)" jqis '.[0].forwarder' 8.8.8.8
refused "a forwarder that is no address is refused" 1 forwarder ctl --json subnet forwarder-add $S --forwarder 8.8.8
ctl --json subnet srv-add $S --service ldap --protocol tcp --domain corp.example --target ldap1 \
  --port 389 --priority 1 --weight 10 >"$T/out"
check "subnet srv-add (M10.2.1.2g) with its numbers" jqis '.[0] | "\(.service) \(.port|type) \(.port) \(.weight)"' \
  "ldap number 389 10"
refused "a port out of range is refused" 1 port \
  ctl --json subnet srv-add $S --service http --protocol tcp --target w --port 70000
ctl --json subnet dnshost-add $S --ip 10.1.0.7 --hostname "web1, www" >"$T/out"
check "subnet dnshost-add (M10.2.1.2h)" jqis '.[0] | "\(.ip) \(.hostname)"' "10.1.0.7 web1,www"
refused "a DNS host without names is refused" 1 hostname ctl --json subnet dnshost-add $S --ip 10.1.0.8
xml_subnet() { sql "SELECT count(*) FROM subnet_$1 WHERE subnet_id = (SELECT id FROM subnet WHERE name = '内部子网')"; }
ctl --json subnet rows $S >"$T/out"
check "subnet rows lists every child row" jqis '[.[].kind] | join(",")' \
  "range,range,reservation,txt,forwarder,srv,dnshost"
ctl --json subnet rows $S --kind srv >"$T/out"
check "... or those of one kind" jqis 'length' 1

ctl --json subnet child-delete $S --kind range --start 10.1.1.1 >"$T/out"
check "subnet child-delete removes the row its fields name" jqis '.[0].result' "The row was deleted."
check "... from the database" check_sql "SELECT count(*) FROM subnet_range WHERE start_addr = '10.1.1.1'" 0
audit "... with the console's audit row" "sysadm|dosvmctl|Delete address pool range|内部子网: 10.1.1.1-10.1.1.50"
refused "the last pool range cannot be deleted (R2, M10.2.1.2a)" 1 - \
  ctl --json subnet child-delete $S --kind range --start 10.1.0.10
refused "a row that is not there is not found" 3 id ctl --json subnet child-delete $S --kind txt --txt-name nosuch
refused "a kind that does not exist is refused" 1 kind ctl --json subnet child-delete $S --kind cname --id 1
for k in reservation:--ip=10.1.0.5 txt:--txt-name=ftp forwarder:--forwarder=8.8.8.8 \
  srv:--service=ldap dnshost:--ip=10.1.0.7; do
  o=${k#*:}
  ctl --json subnet child-delete $S --kind "${k%%:*}" "${o%%=*}" "${o#*=}" >"$T/out" 2>"$T/err"
  check "subnet child-delete --kind ${k%%:*}" test $? = 0
done
check "... every DNS row is gone" test "$(xml_subnet txt)$(xml_subnet forwarder)$(xml_subnet srv)$(xml_subnet dnshost)" = 0000
ctl --json subnet reservation-add $S --mac 52:54:00:12:34:56 --ip 10.1.0.5 --hostname web1 >/dev/null

# project assignments (M10.2.2)
ctl --json subnet assign --subnet 内部子网 --project 网站 >"$T/out"
check "subnet assign (M10.2.2.2) prints the assignment" jqis '.[0] | "\(.subnet) \(.project)"' "内部子网 网站"
audit "... with the console's audit row" "sysadm|dosvmctl|Add subnet project|内部子网: 网站"
refused "a second assignment of the pair is refused" 1 - ctl --json subnet assign --subnet 内部子网 --project 网站
refused "a project that does not exist is not found" 3 project ctl --json subnet assign --subnet 内部子网 --project 无
ctl --json subnet assign --subnet "v6子网 (fd00:1::/64)" --project 网站 >"$T/out"
check "the subnet may be named by the picker's label" jqis '.[0].subnet' v6子网
ctl --json subnet assignments --project 网站 >"$T/out"
check "subnet assignments (M10.2.2.1)" jqis 'length' 2
ctl --json subnet unassign --subnet v6子网 --project 网站 >"$T/out"
check "subnet unassign (M10.2.2.3)" check_sql "SELECT count(*) FROM subnet_project" 1
audit "... with the console's audit row" "sysadm|dosvmctl|Delete subnet project|v6子网: 网站"

# ---------------------------------------------------------------- filters
ctl --json filter list >"$T/out"
check "filter list (M10.2.3.1) has the built-in filters" \
  jqis '[.[] | select(.name_en == "clean-traffic")][0].builtin' true
XML="<filter name='web-in' chain='ipv4'><rule action='accept' direction='in'><tcp dstportstart='80'/></rule></filter>"
ctl --json filter add --name-zh 网页入 --name-en web-in --description 网页 --xml "$XML" >"$T/out"
check "filter add (M10.2.3.2) from typed XML" jqis '.[0] | "\(.name_en) \(.builtin) \(.created_by)"' "web-in false sysadm"
audit "... with the console's audit row" "sysadm|dosvmctl|Add filter|web-in"
printf '%s\n' "<filter name='ssh-in' chain='ipv4'><rule action='accept' direction='in'><tcp dstportstart='22'/></rule></filter>" >"$T/ssh.xml"
ctl --json filter add --name-zh 远程入 --name-en ssh-in --xml-file "$T/ssh.xml" >"$T/out"
check "... or from a file" check_sql "SELECT count(*) FROM nwfilter WHERE name_en = 'ssh-in' AND xml LIKE '%22%'" 1
refused "a duplicate English name is refused" 1 name-en \
  ctl --json filter add --name-zh 又一个 --name-en web-in --xml "$XML"
refused "no XML at all is refused" 1 - ctl --json filter add --name-zh 空 --name-en empty-in
ctl --json filter show --filter web-in >"$T/out"
check "filter show (M10.2.3.5) gives the XML" jqis '.[0].xml | contains("dstportstart")' true
ctl --json filter modify --filter web-in --description 网页流量 >"$T/out"
check "filter modify (M10.2.3.3) keeps the XML when none is given" \
  jqis '.[0] | "\(.description) \(.xml | contains("dstportstart"))"' "网页流量 true"
audit "... with the console's audit row" "sysadm|dosvmctl|Modify filter|web-in"
refused "a built-in filter cannot be modified" 1 - ctl --json filter modify --filter clean-traffic --description x
refused "a filter that does not exist is not found" 3 filter ctl --json filter show --filter nosuch
zctl --json filter list >"$T/out"
check "a project administrator may list the filters (OP-14)" test "$(jq length "$T/out")" -gt 2
refused "... but not add one" 1 - zctl --json filter add --name-zh 他的 --name-en his-in --xml "$XML"

# ---------------------------------------------------------------- security groups
ctl --json secgroup add --name 网页组 --description 网站 --top-filter web-in \
  --filters "ssh-in,clean-traffic (clean-traffic)" >"$T/out" 2>"$T/err"
check "secgroup add (M10.2.4.2) with names or picker labels" \
  jqis '.[0] | "\(.top_filter) \(.filters)"' "web-in clean-traffic, ssh-in"
check "... saved although the set is not complete, with the warning" jqis '.[0].warning | length > 0' true
audit "... with the console's audit row" "sysadm|dosvmctl|Add security group|网页组"
refused "a group without referenced filters is refused" 1 filters \
  ctl --json secgroup add --name 空组 --top-filter web-in --filters ""
refused "a filter that does not exist is not found" 3 filters \
  ctl --json secgroup add --name 空组 --top-filter web-in --filters nosuch
ctl --json secgroup list >"$T/out"
check "secgroup list (M10.2.4.1)" jqis '.[0].name' 网页组
ctl --json secgroup show --secgroup 网页组 >"$T/out"
check "secgroup show (M10.2.4.5)" jqis '.[0].description' 网站
ctl --json secgroup modify --secgroup 网页组 --top-filter ssh-in --filters web-in >"$T/out"
check "secgroup modify (M10.2.4.3) changes the top-level filter" \
  jqis '.[0] | "\(.top_filter) \(.filters)"' "ssh-in web-in"
audit "... with the console's audit row" "sysadm|dosvmctl|Modify security group|网页组"
refused "a filter used by a group is not deleted (M10.2.3.4)" 1 - ctl --json filter delete --filter web-in
refused "a group that does not exist is not found" 3 secgroup ctl --json secgroup delete --secgroup 无此组
ctl --json secgroup delete --secgroup 网页组 >"$T/out"
check "secgroup delete (M10.2.4.4)" check_sql "SELECT count(*) FROM secgroup" 0
audit "... with the console's audit row" "sysadm|dosvmctl|Delete security group|网页组"
ctl --json filter delete --filter ssh-in >"$T/out"
check "filter delete (M10.2.3.4) once no group uses it" check_sql "SELECT count(*) FROM nwfilter WHERE name_en = 'ssh-in'" 0
audit "... with the console's audit row" "sysadm|dosvmctl|Delete filter|ssh-in"

# ---------------------------------------------------------------- networks
zctl --json network add --type isolated --name-en inner --name-zh 内部网络 --bridge vir1 \
  --bound-host alpha --subnet 内部子网 --routes 10.9.0.0/24@10.1.0.254 \
  --portgroups pg1:1000:2000:100 >"$T/out" 2>"$T/err"
check "network add (M10.3.2.1) of the project admin, on its host" \
  jqis '.[0] | "\(.type) \(.bound_host) \(.subnet) \(.project)"' "isolated alpha 内部子网 网站"
check "... its XML has the subnet, the route and the port group (M10.3.2.1a, M10.3.2.1b)" \
  bash -c "sqlite3 '$DB' \"SELECT xml FROM network WHERE name_en = 'inner'\" | grep -q 'route address=\"10.9.0.0\" prefix=\"24\"' &&
           sqlite3 '$DB' \"SELECT xml FROM network WHERE name_en = 'inner'\" | grep -q 'portgroup name=\"pg1\" default=\"yes\"'"
check "... defined on the host (network_host)" check_sql "SELECT count(*) FROM network_host" 1
audit "... with the console's audit row" "zhou|dosvmctl|Add network|inner"
refused "the bridge name virbr0 is refused" 1 bridge \
  zctl --json network add --type isolated --name-en other --name-zh 别的 --bridge virbr0 --bound-host alpha
refused "a route prefix out of range is refused" 1 route-prefix \
  zctl --json network add --type isolated --name-en other --name-zh 别的 --bridge vir2 --bound-host alpha \
  --routes 10.9.0.0/33@10.1.0.254
refused "a duplicate English name is refused" 1 name-en \
  zctl --json network add --type isolated --name-en inner --name-zh 别的 --bridge vir2 --bound-host alpha
refused "a subnet the project may not use is not found (S0)" 3 subnet \
  zctl --json network add --type isolated --name-en other --name-zh 别的 --bridge vir2 --bound-host alpha \
  --subnet v6子网
refused "an unknown type is refused" 1 type zctl --json network add --type vpn --name-en other --name-zh 别的
zctl --json network add --type macvtap --name-en mv --name-zh 直通 --ifaces eth0,eth1 >"$T/out" 2>"$T/err"
check "a macvtap network with its interfaces (M10.3.2.6, M10.3.2.6a)" jqis '.[0] | "\(.type) \(.ifaces)"' "macvtap eth0,eth1"
refused "a duplicate interface is refused" 1 - \
  zctl --json network add --type macvtap --name-en mv2 --name-zh 直通2 --ifaces eth2,eth2
zctl --json network add --type ovs --name-en ovs1 --name-zh OVS网络 --bridge ovsbr0 --forward-dev eth3 \
  --vlans 10,20:untagged --interface-id 8e4a1c52-0000-4000-8000-000000000001 \
  --portgroups "web:1000/trunk+42:untagged+43,db" >"$T/out" 2>"$T/err"
check "an unbound OVS network with its VLANs (M10.3.2.5, M10.3.2.5b)" jqis '.[0] | "\(.type) \(.bound_host)"' "ovs "
ovsxml=$(sql "SELECT xml FROM network WHERE name_en = 'ovs1'")
check "... its XML has the tags, the interface id and the port group's VLANs (M10.3.2.5a)" \
  bash -c 'grep -q "<tag id=\"20\" nativeMode=\"untagged\"/>" <<<"$1" && grep -q "interfaceid=" <<<"$1" &&
           grep -q "<tag id=\"42\" nativeMode=\"untagged\"/>" <<<"$1"' - "$ovsxml"
refused "a second native tag is refused (M10.3.2.5b)" 1 vlan-native \
  zctl --json network add --type ovs --name-en ovs2 --name-zh O2 --bridge ovsbr1 --forward-dev eth1 \
  --vlans 7:untagged,8:tagged
refused "a tag out of range is refused (M10.3.2.5c)" 1 vlan-tag \
  zctl --json network add --type ovs --name-en ovs2 --name-zh O2 --bridge ovsbr1 --forward-dev eth1 --vlans 4096
ctl subnet add --name NAT子网 --address 192.168.21.0 --netmask 255.255.255.0 --gateway 192.168.21.1 \
  --start 192.168.21.10 --end 192.168.21.200 >/dev/null && ctl subnet assign --subnet NAT子网 --project 网站 >/dev/null
zctl --json network add --type nat --name-en nat1 --name-zh NAT网络 --bridge vir3 --bound-host alpha \
  --subnet NAT子网 --forward-dev eth4 --nat-addr-start 192.168.21.100 --nat-addr-end 192.168.21.120 \
  --nat-port-start 1024 --nat-port-end 65535 >"$T/out" 2>"$T/err"
check "a NAT network with its address and port ranges (M10.3.2.2)" jqis '.[0].type' nat
natxml=$(sql "SELECT xml FROM network WHERE name_en = 'nat1'")
check "... in its XML (M10.3.2.2a, M10.3.2.2b)" \
  bash -c 'grep -q "<address start=\"192.168.21.100\" end=\"192.168.21.120\"/>" <<<"$1" &&
           grep -q "<port start=\"1024\" end=\"65535\"/>" <<<"$1"' - "$natxml"
refused "a NAT port range with start after end is refused" 1 nat-port-end \
  zctl --json network modify --network nat1 --nat-port-start 2000 --nat-port-end 1000
zctl network delete --network nat1 >/dev/null 2>&1
zctl network delete --network ovs1 >/dev/null 2>&1
zctl --json network list >"$T/out"
check "network list (M10.3.1): the project's networks" jqis '[.[].name_en] | join(",")' "inner,mv"
zctl --json network show --network inner >"$T/out"
check "network show" jqis '.[0].bridge' vir1
zctl --json network modify --network inner --description 改过 --in-average 500 >"$T/out" 2>"$T/err"
check "network modify (M10.3.3) keeps what is not given" \
  jqis '.[0] | "\(.description) \(.bridge) \(.subnet)"' "改过 vir1 内部子网"
check "... and regenerates the XML" bash -c "sqlite3 '$DB' \"SELECT xml FROM network WHERE name_en = 'inner'\" | grep -q 'inbound average=\"500\"'"
audit "... with the console's audit row" "zhou|dosvmctl|Modify network|inner"
refused "the type cannot change (OP-19)" 1 type zctl --json network modify --network inner --type nat
zctl --json network reservations --network inner >"$T/out"
check "network reservations: its subnet's" jqis '.[0] | "\(.mac) \(.ip)"' "52:54:00:12:34:56 10.1.0.5"
zctl --json network leases --network inner >"$T/out" 2>"$T/err"
check "network leases asks each host; a test-driver host says why it has none" \
  jqis '.[0] | "\(.host) \(.error | length > 0)"' "alpha true"
refused "unassigning a subnet a network of the project uses is refused (OP-13)" 1 - \
  ctl --json subnet unassign --subnet 内部子网 --project 网站
refused "deleting a subnet a network uses is refused (M10.2.1.4)" 1 - ctl --json subnet delete --subnet 内部子网
zctl --json network delete --network inner >"$T/out" 2>"$T/err"
check "network delete (M10.3.4)" check_sql "SELECT count(*) FROM network WHERE name_en = 'inner'" 0
audit "... with the console's audit row" "zhou|dosvmctl|Delete network|inner"
refused "a network that does not exist is not found" 3 network zctl --json network delete --network inner
refused "... nor are its leases" 3 network zctl --json network leases --network inner
ctl --json network list >"$T/out" 2>"$T/err"
check "the system administrator names the project of the networks (exit 1)" test $? = 1 -a "$(jq -r .error.field "$T/out")" = project
ctl --json network list --project 网站 >"$T/out"
check "... with --project" jqis '[.[].name_en] | join(",")' mv
zctl network delete --network mv >/dev/null 2>&1

ctl --json subnet delete --subnet 内部子网 >"$T/out"
check "subnet delete (M10.2.1.4) once no network uses it" check_sql "SELECT count(*) FROM subnet WHERE name = '内部子网'" 0
check "... its assignments go with it" check_sql "SELECT count(*) FROM subnet_project p LEFT JOIN subnet s ON s.id = p.subnet_id WHERE s.id IS NULL OR s.name = '内部子网'" 0
audit "... with the console's audit row" "sysadm|dosvmctl|Delete subnet|内部子网"

LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 DOSVM_PASSWORD_FILE=$T/pw "$CTL" --db "$DB" --user sysadm \
  subnet show --subnet 无此子网 >/dev/null 2>"$T/err"
check "a refusal in Chinese" grep -q "没有子网“无此子网”" "$T/err"
echo "1..$N"
exit $FAILED
