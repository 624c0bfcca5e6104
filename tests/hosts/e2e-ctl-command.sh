#!/bin/bash
# e2e-ctl-command.sh - F4 in the host screens: an action done in the
# console leaves its dosvmctl command (issue 12); the command read off the
# screen, run with dosvmctl on a copy of the database as it was before the
# action, gives the same records and the same audit row.
# features: M6.2.1.2 M6.2.1.4 M6.2.2.4 M6.2.2.5
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host node-a 1
add_host node-b 2
sql "INSERT INTO host_history(host_id, time, cpu_pct) SELECT id, 1704873600, 1 FROM host"
echo 123456 >"$TMPD/pw"

LAST_OP="SELECT user || '|' || type || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"
HOSTS="SELECT name, max_vcpus, max_vmem_mb FROM host ORDER BY id"
GROUPS="SELECT g.name, g.description, group_concat(h.name) FROM host_group g JOIN host_group_member m ON m.group_id = g.id JOIN host h ON h.id = m.host_id GROUP BY g.id ORDER BY g.id"

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Host group management"

# ---- add a host group (M6.2.1.2): the form, then the member hosts
tui_copy_db
tui_keys a; tui_wait "Add host group" 5
tui_field "计算群"; tui_keys C-u; tui_type "两台"; tui_keys Enter
tui_wait "Member hosts" 5
tui_keys Space Down Space Enter
tui_wait "The host group was added." 5
tui_f4_redo "F4 shows hostgroup add with the chosen hosts" \
  "dosvmctl --user sysadm hostgroup add --name 计算群 --description 两台 --hosts node-a,node-b" \
  "host groups" "$GROUPS" "audit row" "$LAST_OP"

# ---- delete it (M6.2.1.4): a confirmation, no form
tui_copy_db
tui_keys d; tui_wait "Delete host group" 5; tui_keys Enter
tui_wait "$(t "The host group '%s' was deleted." 计算群)" 5
tui_f4_redo "F4 shows hostgroup delete" \
  "dosvmctl --user sysadm hostgroup delete --hostgroup 计算群" \
  "host groups" "SELECT count(*) FROM host_group" "audit row" "$LAST_OP"

# ---- modify a host (M6.2.2.4): the fields that changed, a new name as --name
tui_copy_db
tui_keys Escape Down Enter
tui_wait "Host information" 5
tui_wait node-a 5
tui_keys e; tui_wait "Modify host information" 5
tui_keys C-u; tui_type "node-1"; tui_keys Tab C-u; tui_type 3; tui_keys F2
tui_wait "$(t "The host '%s' was saved." node-1)" 5
tui_f4_redo "F4 shows host modify with the changed fields" \
  "dosvmctl --user sysadm host modify --host node-a --name node-1 --max-vcpus 3" \
  "hosts" "$HOSTS" "audit row" "$LAST_OP"

# ---- clear the history (M6.2.2.5)
tui_copy_db
tui_keys c; tui_wait "Clear host history" 5
tui_keys C-u; tui_type 2024-02-01; tui_keys Tab C-u; tui_type 00:00:00; tui_keys Enter
tui_wait "$(t 'Delete the history of every host before %s?' '2024-02-01 00:00:00')" 5
tui_keys Enter
tui_wait "$(t 'Deleted %d host history rows before %s.' 2 '2024-02-01 00:00:00')" 5
tui_f4_redo "F4 shows host clear-history with the date and time" \
  "dosvmctl --user sysadm host clear-history --date 2024-02-01 --time 00:00:00" \
  "history" "SELECT count(*) FROM host_history" "audit row" "$LAST_OP"
tui_quit
finish
