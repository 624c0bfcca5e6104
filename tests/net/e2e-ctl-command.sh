#!/bin/bash
# e2e-ctl-command.sh - the console's network actions as dosvmctl commands
# (issue 12, F4): a subnet added in the console, with its DHCP panel, then
# modified, and an address pool range of its sub-page, each leave the
# command on F4; run
# on a copy of the database taken before, the commands make the same
# records, with the console's audit rows from dosvmctl.  Deleting the
# subnet leaves its delete command, which empties the copy too.  Then a
# project admin's isolated network with a route and a port group, modified
# and deleted: the same on the copy, defined on its test-driver host there.
# Last a filter whose XML's name the console rewrote (OP-15) and a security
# group using it: their commands make the same records.
# features: M10.2.1.2 M10.2.1.2a M10.2.1.2b M10.2.1.3 M10.2.1.4 M10.3.2.1 M10.3.2.1a M10.3.2.1b
# features: M10.3.3 M10.3.4 M10.2.3.2 M10.2.4.2 M10.2.4.4
. "$top_srcdir/tests/lib/tui.sh"
. "$top_srcdir/tests/net/netlib.sh"

CTL=$top_builddir/cli/dosvmctl
command -v jq >/dev/null || { echo "1..0 # SKIP jq is not installed"; exit 0; }
init_db
add_host node1 1
DB2=$TMPD/copy.db
sqlite3 "$DB" ".backup '$DB2'"
echo 123456 >"$TMPD/pw"

# the command the F4 dialog shows: its lines from "dosvmctl" to the blank one, joined
# run COMMAND on the copy (dosvmctl from the build tree, the copy's file)
on_copy() {
  local words
  eval "words=($1)"
  [ "${words[0]:-}" = dosvmctl ] || { echo "# not a dosvmctl command: $1"; return 1; }
  DOSVM_PASSWORD_FILE=${PWFILE:-$TMPD/pw} LC_ALL=C.UTF-8 "$CTL" --db "$DB2" --json "${words[@]:1}" \
    >"$TMPD/out" 2>"$TMPD/err" || { sed 's/^/# /' "$TMPD/err"; return 1; }
}
# same DESC SQL: the query gives the same rows in both databases
same() {
  local a b
  a=$(sqlite3 "$DB" "$2")
  b=$(sqlite3 "$DB2" "$2")
  if [ -n "$a" ] && [ "$a" = "$b" ]; then tap 0 "$1"; else
    tap 1 "$1"; echo "# console: $a"; echo "# copy:    $b"; fi
}
SUBNET="SELECT name, description, ip_version, address, netmask, prefix, gateway, dhcp, dns,
  bootp_file, bootp_server, auto_gateway, tftp_root FROM subnet"
RANGES="SELECT s.name, r.start_addr, r.end_addr FROM subnet_range r JOIN subnet s ON s.id = r.subnet_id
  ORDER BY r.start_addr"
last_op() { sqlite3 "$1" "SELECT user || '|' || addr || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"; }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Network management"
tui_wait "Subnet information" 10
tui_keys F4
tui_wait "No action of this session has a dosvmctl command yet." 5
check_screen "before any action F4 says there is no command yet" \
  "No action of this session has a dosvmctl command yet."

# ---- a subnet with its DHCP panel (M10.2.1.2, M10.2.1.2b)
tui_keys a
tui_wait "Add subnet: subnet basic information" 5
tui_field ctl1; tui_field 命令行
tui_keys Tab
tui_field 10.5.0.0; tui_field 255.255.0.0; tui_field 10.5.0.1
tui_keys Tab
tui_field 10.5.0.10; tui_field 10.5.0.99
tui_keys Right # DHCP on
tui_keys F2
tui_wait "DHCP service configuration" 5
tui_field pxelinux.0; tui_field 10.5.0.2
tui_keys F2
tui_wait "The subnet was added." 5
check_screen "the console adds the subnet" "The subnet was added."
cmd=$(tui_f4_command)
echo "# $cmd"
check "F4 shows it as a dosvmctl subnet add command" grep -q "^dosvmctl --user sysadm subnet add " <<<"$cmd"
check "... with the DHCP panel's fields" grep -q -- "--bootp-file pxelinux.0" <<<"$cmd"
check "... which runs on the copy of the database" on_copy "$cmd"
same "... and makes the same subnet" "$SUBNET"
same "... with the same pool range" "$RANGES"
check "... logged as the console's action, from dosvmctl" \
  test "$(last_op "$DB2")" = "sysadm|dosvmctl|Add subnet|ctl1"

# ---- modify (M10.2.1.3): the description cleared, the TFTP root set
tui_keys e
tui_wait "Modify subnet: subnet basic information" 5
tui_keys Tab C-u
tui_keys Tab Tab Tab Tab Tab Tab Tab Tab C-u
tui_type /srv/tftp
tui_keys F2
tui_wait "DHCP service configuration" 5
tui_keys F2
tui_wait "The subnet was saved." 5
cmd=$(tui_f4_command)
echo "# $cmd"
check "a modify gives the subnet's modify command, every field" \
  grep -q "^dosvmctl --user sysadm subnet modify --subnet ctl1 --name ctl1 --description '' " <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and changes it the same way" "$SUBNET"
check "... logged as the console's action" test "$(last_op "$DB2")" = "sysadm|dosvmctl|Modify subnet|ctl1"

# ---- an address pool range of its sub-page (M10.2.1.2a)
tui_keys p
tui_wait "Address pool" 5
tui_wait "10.5.0.10" 5
tui_keys a
tui_wait "Add address pair" 5
tui_field 10.5.1.1; tui_field 10.5.1.9
tui_keys F2
tui_wait "The address pair was added." 5
cmd=$(tui_f4_command)
echo "# $cmd"
check "F4 gives the range's command with the page's subnet" \
  grep -q "^dosvmctl --user sysadm subnet range-add --subnet ctl1 --start 10.5.1.1 --end 10.5.1.9$" <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and makes the same ranges" "$RANGES"
# the range deleted again: the child-delete command
tui_keys Down
tui_keys d
tui_wait "$(t "Delete the address pair %s-%s?" 10.5.1.1 10.5.1.9)" 5
tui_keys Enter
tui_wait "The address pair was deleted." 5
cmd=$(tui_f4_command)
echo "# $cmd"
check "a deleted range gives its child-delete command" grep -q "subnet child-delete --subnet ctl1 --kind range" <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and leaves the same ranges" "$RANGES"
tui_keys Escape
tui_wait "Subnet information" 5

# ---- delete (M10.2.1.4): a confirmation, no form
tui_keys d
tui_wait "Delete subnet" 5
tui_keys Enter
tui_wait "$(t "The subnet '%s' was deleted." ctl1)" 5
cmd=$(tui_f4_command)
echo "# $cmd"
check "the delete's command names the subnet" test "$cmd" = "dosvmctl --user sysadm subnet delete --subnet ctl1"
check "... and runs on the copy" on_copy "$cmd"
check "... which has no subnet either" test "$(sqlite3 "$DB2" 'SELECT count(*) FROM subnet')/$(sqlite3 "$DB" 'SELECT count(*) FROM subnet')" = 0/0
tui_quit

# ---- a project admin's network (M10.3.2.1, M10.3.3, M10.3.4)
DB=$TMPD/net.db
DB2=$TMPD/net-copy.db
net_fixture
sqlite3 "$DB" ".backup '$DB2'"
echo zhoupw >"$TMPD/zpw"
PWFILE=$TMPD/zpw
NET="SELECT n.type, n.name_en, n.name_zh, n.description, n.bridge, h.name, s.name, n.in_average,
  replace(n.xml, n.uuid, 'UUID') FROM network n LEFT JOIN host h ON h.id = n.bound_host_id
  LEFT JOIN subnet s ON s.id = n.subnet_id"
tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_module "Network management" projadm
tui_wait "Network information" 10
net_add 1
desc ctlnet "命令网络" "F4"
tui_wait "Network basic information" 5
tui_keys Home C-u
tui_type vir7
tui_keys Tab Tab
choose "Bind to host" alpha
tui_keys Tab Tab Tab Tab
choose "Subnet used" "内部服务子网"
tui_keys F2
tui_wait "Network configuration" 5
panel 4
tui_wait "$(toolbar a Add d Delete)" 5
tui_keys a
tui_wait "Add route" 5
tui_keys Tab
tui_field 10.7.0.0; tui_field 24; tui_field 10.1.0.9
tui_keys F2
tui_wait "The route was added to the table." 5
tui_keys Escape
tui_wait "Network configuration" 5
panel 5
tui_wait "$(toolbar a Add d Delete)" 5
tui_keys a
tui_wait "Add port group" 5
tui_field work
tui_field 5000; tui_field 7000
tui_keys F2
tui_wait "The port group was added to the table." 5
tui_keys Escape
tui_wait "Network configuration" 5
save_added ctlnet "the console adds the isolated network"
cmd=$(tui_f4_command)
echo "# $cmd"
check "F4 gives the network's add command with its type" grep -q "^dosvmctl --user zhou network add --type isolated " <<<"$cmd"
check "... its tables as options" grep -q -- "--routes 10.7.0.0/24@10.1.0.9 --portgroups work:5000:7000" <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and makes the same network, with the same XML" "$NET"
check "... defined on its host there" test "$(sqlite3 "$DB2" 'SELECT count(*) FROM network_host')" = 1
check "... logged as the console's action, from dosvmctl" \
  test "$(last_op "$DB2")" = "zhou|dosvmctl|Add network|ctlnet"

tui_keys e
tui_wait "Network configuration" 5
panel 1
tui_wait "Network description information" 5
tui_field "命令网络二"
tui_keys C-u
tui_keys F2
tui_wait "Network configuration" 5
tui_keys s
tui_wait "$(t "The network '%s' was saved." ctlnet)" 15
cmd=$(tui_f4_command)
echo "# $cmd"
check "a modify gives the network's modify command" grep -q "^dosvmctl --user zhou network modify --network ctlnet " <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and changes it the same way (the cleared description too)" "$NET"

tui_keys d
tui_wait "$(t "Delete the network '%s'?" ctlnet)" 5
tui_keys Enter
tui_wait "$(t "The network '%s' was deleted." ctlnet)" 15
cmd=$(tui_f4_command)
echo "# $cmd"
check "the delete's command names the network" test "$cmd" = "dosvmctl --user zhou network delete --network ctlnet"
check "... and runs on the copy" on_copy "$cmd"
check "... which has no network either" test "$(sqlite3 "$DB2" 'SELECT count(*) FROM network')/$(sqlite3 "$DB" 'SELECT count(*) FROM network')" = 0/0
tui_quit

# ---- a filter (M10.2.3.2, OP-15) and a security group (M10.2.4.2, M10.2.4.4)
DB=$TMPD/filter.db
DB2=$TMPD/filter-copy.db
init_db
sqlite3 "$DB" ".backup '$DB2'"
PWFILE=$TMPD/pw
FILTER="SELECT name_en, name_zh, description, builtin FROM nwfilter ORDER BY name_en"
GROUP="SELECT g.name, g.description, t.name_en, (SELECT group_concat(f.name_en) FROM secgroup_filter sf
  JOIN nwfilter f ON f.id = sf.filter_id WHERE sf.secgroup_id = g.id) FROM secgroup g
  JOIN nwfilter t ON t.id = g.top_filter_id"
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Network management"
tui_page 3
tui_wait "Filter information" 5
tui_keys a; tui_wait "Add filter" 5
tui_field "网站"; tui_field web-in; tui_field "说明"; tui_field ""; tui_keys C-u
tui_type "<filter name='other' chain='ipv4'><rule action='accept' direction='in'><tcp dstportstart='80'/></rule></filter>"
tui_keys F2
tui_wait "$(t_head "The XML names the filter '%s', not '%s'. Rewrite its name attribute to '%s'?")" 5
tui_keys Enter
tui_wait "The filter was added." 5
cmd=$(tui_f4_command)
echo "# $cmd"
check "F4 gives the filter's add command" grep -q "^dosvmctl --user sysadm filter add --name-zh 网站 --name-en web-in " <<<"$cmd"
check "... with the XML as the console rewrote it (OP-15)" grep -q "name=.web-in." <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and makes the same filter" "$FILTER"
check "... whose XML names web-in there too" \
  test "$(sqlite3 "$DB2" "SELECT count(*) FROM nwfilter WHERE name_en = 'web-in' AND xml LIKE '%name=\"web-in\"%dstportstart%'")" = 1
tui_page 4
tui_wait "Security group information" 5
tui_keys a; tui_wait "Add security group" 5
tui_field "网站组"; tui_field "说明"
tui_keys F2
tui_wait "Referenced filters (Space toggles)" 5
tui_keys Down Space Enter
tui_wait "The security group was added." 5
cmd=$(tui_f4_command)
echo "# $cmd"
check "the group's command gives its filters by English name" \
  grep -q "^dosvmctl --user sysadm secgroup add --name 网站组 --description 说明 --top-filter web-in --filters " <<<"$cmd"
check "... which runs on the copy" on_copy "$cmd"
same "... and makes the same group" "$GROUP"
tui_keys d
tui_wait "$(t "Delete the security group '%s'?" 网站组)" 5
tui_keys Enter
tui_wait "$(t "The security group '%s' was deleted." 网站组)" 5
cmd=$(tui_f4_command)
check "the group's delete command" test "$cmd" = "dosvmctl --user sysadm secgroup delete --secgroup 网站组"
check "... runs on the copy" on_copy "$cmd"
check "... which has no group either" test "$(sqlite3 "$DB2" 'SELECT count(*) FROM secgroup')" = 0
tui_quit
finish
