#!/bin/bash
# e2e-hosts.sh - the host list with its load, details with live charts and
# the refresh interval, history with a period, modification, clearing the
# history, adding a host by libvirt URI and deleting a stopped one; a
# Chinese host name
# features: M6.2.1 M6.2.2.1 M6.2.2.2a M6.2.2.2b M6.2.2.3 M6.2.2.4 M6.2.2.5
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host node-a 1
add_host node-b 2
hid() { sql "SELECT id FROM host WHERE name = '$1'"; }
A=$(hid node-a)
B=$(hid node-b)
# current load of node-a (disk unavailable: never shown as 0), and its history
sql "UPDATE host SET cpu_pct = 12.5, mem_pct = 40.25, disk_pct = NULL, net_mbps = 3.25 WHERE id = $A"
T1=1704873600 # 2024-01-10 08:00:00
for i in 0 1 2 3 4; do
  sql "INSERT INTO host_history VALUES ($A, $((T1 + i * 86400)), $((10 + i)).5, 50, 60.25, 2)"
done
sql "INSERT INTO host_history VALUES ($B, $T1, 1, 2, 3, 4)"

query() { tui_keys /; tui_keys C-u; tui_type "$1"; tui_keys Enter Escape; }

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Host group management"
tui_keys Escape Down Enter
check_screen "宿主机群管理's second page is the host list (M6.2.1)" "Host information"

# ---- M6.2.2.1 the list and its load
tui_resize 160 30
for h in "CPU cores" "Total memory (MiB)" "Max VCPUs" "Current state" "CPU load (%)" \
  "Memory load (%)" "Disk load (%)" "Network load (MiB/s)"; do
  check_screen "the list has the column $h" "$h"
done
tui_resize 80 24
check_screen "both hosts are listed" "$(items 1 2 2)"
# at 80x24 the table scrolls sideways to its load columns (the headers stay whole)
tui_scroll_to "12.50" 5
check_screen "node-a shows its CPU load with 2 decimals" "12.50"
tui_scroll_to "40.25" 5
check_screen "node-a shows its memory load" "40.25"
tui_scroll_to "n/a" 5
check_screen "an unavailable metric is shown as such, never 0 (M6.2.2.1)" "n/a"
tui_scroll_back
tui_scroll_to "Running" 5
check_screen "the state is shown" "Running"
tui_scroll_back
check_screen "the toolbar has Details and History" "$(toolbar i Details h History)"
query "node-b"
check_screen "a fuzzy host query filters (M6.2.2.1)" "$(items 1 1 1)"
query "node-a"

# ---- M6.2.2.2a details with charts; M6.2.2.2b the refresh interval
tui_keys i
check_screen "details open with the host name (M6.2.2.2a)" "$(t 'Host details: %s' node-a)"
check_screen "details show the CPU model" "$(t 'CPU model'):"
check_screen "details show the CPU cores" "$(t 'CPU cores'): 56"
check_screen "details show the max VCPUs" "$(t 'Max VCPUs allowed'): 56"
check_screen "the CPU chart shows the current load" "12.50"
check_screen "the NET chart is there" "$(t '%s (%s)' "$(t NET)" MiB/s)"
check_screen "the DISK chart says unavailable" "unavailable"
check_screen "the refresh interval is labelled as in the manual" "Refresh interval (s)"
tui_keys C-u; tui_type 3; tui_keys Enter
check_screen "an interval under 5 s is refused (M6.2.2.2b)" "$(t '%s must be between %ld and %ld.' "$(t 'Refresh interval (s)')" 5)"
tui_keys C-u; tui_type 10; tui_keys Enter
check_screen "a valid interval is set" "Set successfully."
check_screen "the charts now refresh at it" "$(t 'Refreshed every %d s' 10)"
tui_keys Escape
check "the details close" tui_gone "$(t 'Host details: %s' node-a)" 5

# ---- M6.2.2.3 history with a period
tui_keys h
check_screen "the history page opens (M6.2.2.3)" "Host history information"
check_screen "it lists the host's five records" "$(items 1 5 5)"
check_screen "a record shows its time and loads" "2024-01-14 08:00:00"
tui_keys /; tui_type "2024-01-11 00:00:00"; tui_keys Tab; tui_type "2024-01-12 23:59:59"; tui_keys Enter Escape
check_screen "a period returns only the records inside it" "$(items 1 2 2)"
check_no_screen "a record outside the period is gone" "2024-01-14 08:00:00"
tui_keys /; tui_keys C-u Tab C-u; tui_type "2024-02-01 00:00:00"; tui_keys BTab; tui_type "2024-02-01 00:00:00"; tui_keys Enter Escape
check_screen "an empty period shows no rows" "$(items 0 0 0)"
check_screen "and says there are no records" "No records."
tui_keys Escape
check "the history closes" tui_gone "Host history information" 5

# ---- M6.2.2.4 modify: max VMEM at most physical memory - 512 MB
phys=$(sql "SELECT mem_total_mb FROM host WHERE id = $A")
tui_keys e; tui_wait "Modify host information" 5
tui_keys C-u; tui_type "成都一号"; tui_keys Tab C-u; tui_type 48; tui_keys Tab C-u; tui_type $((phys - 511)); tui_keys Enter
check_screen "a max VMEM over physical - 512 MB is refused (M6.2.2.4)" "$(t '%s must not exceed physical memory minus 512 MiB (%ld MiB).' "$(t 'Max VMEM (MiB)')" $((phys - 512)))"
check_sql "the refusal changed nothing" "SELECT name, max_vcpus FROM host WHERE id = $A" "node-a|56"
tui_keys C-u; tui_type $((phys - 512)); tui_keys Enter
check_screen "the host is saved" "$(t "The host '%s' was saved." 成都一号)"
check_sql "name, max VCPUs and max VMEM are stored" "SELECT name, max_vcpus, max_vmem_mb FROM host WHERE id = $A" "成都一号|48|$((phys - 512))"

# ---- M6.2.2.5 clear the history before a time
tui_keys c; tui_wait "Clear host history" 5
tui_keys C-u; tui_type 2024-01-12; tui_keys Tab C-u; tui_type 08:00:00; tui_keys Enter
check_screen "clearing asks first" "$(t 'Delete the history of every host before %s?' '2024-01-12 08:00:00')"
tui_keys Enter
check_screen "the rows before the time are deleted (M6.2.2.5)" "$(t 'Deleted %d host history rows before %s.' 3 '2024-01-12 08:00:00')"
check_sql "rows before T are gone" "SELECT count(*) FROM host_history WHERE time < $((T1 + 2 * 86400))" 0
check_sql "rows at or after T are kept" "SELECT count(*) FROM host_history WHERE time >= $((T1 + 2 * 86400))" 3

# ---- D3 add a host by URI; OP-13 delete only a stopped one
tui_keys a; tui_wait "Add host" 5
tui_field "bj-03"; tui_keys C-u; tui_type "test://$top_srcdir/data/demo/host3.xml"; tui_keys Enter
check_screen "a host is added by its libvirt URI (D3)" "The host was added."
check_sql "it is registered with its node information" "SELECT cpu_cores FROM host WHERE name = 'bj-03'" 32
tui_keys a; tui_wait "Add host" 5
tui_field "again"; tui_keys C-u; tui_type "test://$top_srcdir/data/demo/host3.xml"; tui_keys Enter
check_screen "the same host cannot be added twice" \
  "$(t "This host (UUID %s) is already registered as '%s'." "$(sql "SELECT uuid FROM host WHERE name = 'bj-03'")" bj-03)"
tui_discard
tui_keys a; tui_wait "Add host" 5
tui_field "none"; tui_keys C-u; tui_type "test:///no/such/host.xml"; tui_keys Enter
check_screen "an unreachable URI is refused with libvirt's reason" "$(t 'Cannot connect to %s: %s' test:///no/such/host.xml)"
tui_discard
# issue 8: a URI that would run a program is refused naming the rule; nothing written
tui_keys a; tui_wait "Add host" 5
tui_field "evil"; tui_keys C-u; tui_type "qemu+ssh://root@127.0.0.1/system?command=/bin/sh"; tui_keys Enter
check_screen "a host URI's command= is refused naming the rule" \
  "$(t "The libvirt URI's parameter '%s' is refused: dosvm never lets a host URI run a program or a proxy." command)"
check_sql "... and no host or task is written" \
  "SELECT (SELECT count(*) FROM host WHERE name = 'evil') + (SELECT count(*) FROM task WHERE object = 'evil')" 0
tui_discard
query "bj-03"
tui_keys d
check_screen "a running host cannot be deleted (OP-13)" "The host is running; only a stopped host can be deleted."
check_no_screen "... and no confirmation is asked" "$(t_head "Delete the host record '%s' and its history?")"
sql "UPDATE host SET state = 0 WHERE name = 'bj-03'"
tui_keys F5 d; tui_wait "Delete host" 5; tui_keys Enter
check_screen "a stopped host is deleted" "$(t "The host '%s' was deleted." bj-03)"
check_sql "the record is gone" "SELECT count(*) FROM host WHERE name = 'bj-03'" 0
tui_quit

finish
