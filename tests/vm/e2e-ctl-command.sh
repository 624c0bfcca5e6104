#!/bin/bash
# e2e-ctl-command.sh - the VM pages leave each action's dosvmctl command
# for F4 (issue 12): a VM added on an instance's VM page (a form dialog,
# the page's instance given as the command's context) and an instance
# disabled after its confirmation (no form).  Each command is read from
# the screen and run, after the action is undone, by dosvmctl against the
# same database: the record comes back as the console made it, with the
# audit row from dosvmctl.  The instance editor's save gives every field
# and table as the options of instance modify.
# features: M11.3e M11.3h M11.4.4a
. "$top_srcdir/tests/lib/tui.sh"

CTL=$top_builddir/cli/dosvmctl
init_db
add_host alpha 1
add_admin zhou 周 zhoupw
"$DVTOOL" add-group "$DB" "研发组" "$TMPD" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
sql "UPDATE host SET state = 1;
     UPDATE project SET max_instances = 5, max_vcpus = 16, max_mem_mb = 65536;
     INSERT INTO instance(project_id, name_en, name_zh, vcpus, memory_mib, arch, hypervisor,
                          is_unique, created_at)
       SELECT id, 'web', '网站实例', 2, 512, 'x86_64', 'qemu', 0, 1 FROM project;" >/dev/null
echo zhoupw >"$TMPD/zpw"
last_op() { sql "SELECT addr || '|' || action || '|' || object FROM op_log ORDER BY id DESC LIMIT 1"; }
# run a command as F4 shows it against $DB, with zhou's password
run_command() {
  local words
  eval "words=(${1#dosvmctl })"
  DOSVM_PASSWORD_FILE=$TMPD/zpw "$CTL" --db "$DB" "${words[@]}" >"$TMPD/ctl.out" 2>"$TMPD/ctl.err"
}

tui_start -- --db "$DB"
tui_resize 160 30
tui_login zhou zhoupw
tui_module "VM management" projadm
tui_wait "Instance information" 5

# a form dialog: Add VM on the instance's VM page
tui_keys Home v
tui_wait "Instance VMs" 5
tui_keys a
tui_wait "Add VM" 5
tui_type v9; tui_keys F2
tui_gone "Add VM" 5
check_screen "the VM is added" v9 5
cmd=$(tui_f4_command)
check "F4 shows the add as a dosvmctl command, with the page's instance" \
  test "$cmd" = "dosvmctl --user zhou vm add --instance web --vm-name-en v9 --vm-start 0"
rec() { sql "SELECT i.name_en || '/' || v.power_on || '/' || v.run_state || '/' || v.access_port FROM vm v JOIN instance i ON i.id = v.instance_id WHERE v.name_en = 'v9'"; }
before=$(rec)
sql "DELETE FROM vm WHERE name_en = 'v9'"
run_command "$cmd"
check "... which dosvmctl runs (the console's VM undone first)" test $? = 0
check "... making the same record" test "$(rec)" = "$before" -a -n "$before"
check "... with the audit row from dosvmctl" test "$(last_op)" = "dosvmctl|Add VM|v9"
tui_keys Escape
tui_wait "Instance information" 5

# a confirmation: Disable
tui_keys Home s
tui_wait "$(t "%s: %s" "$(t "Disable VM instance")" 网站实例)" 5
tui_keys Enter
for ((i = 0; i < 50; i++)); do
  [ "$(sql "SELECT active FROM instance WHERE name_en = 'web'")" = 0 ] && break; sleep 0.2
done
tui_gone "$(t "%s: %s" "$(t "Disable VM instance")" 网站实例)" 5
cmd=$(tui_f4_command)
check "F4 shows the disable as a dosvmctl command" test "$cmd" = "dosvmctl --user zhou instance disable --instance web"
sql "UPDATE instance SET active = 1 WHERE name_en = 'web'"
run_command "$cmd"
check "... which dosvmctl runs (the instance active again first)" test $? = 0
check_sql "... disabling it" "SELECT active FROM instance WHERE name_en = 'web'" 0
check "... with the audit row from dosvmctl" test "$(last_op)" = "dosvmctl|Disable VM instance|web"

# the instance editor's save: every field and table as options
tui_keys Home e
tui_wait "VM instance configuration" 5
tui_keys Home e
tui_wait "Number of vCPUs" 5
tui_keys Tab C-u; tui_type 4; tui_keys F2
tui_wait "VM instance configuration" 5
tui_keys s
saved=$(t "The VM instance '%s' was saved (its VMs at their next power-on)." 网站实例)
for ((i = 0; i < 50; i++)); do
  on_screen "$saved" "" && break
  on_screen "$(t "Save the instance with this domain XML?")" "" && { tui_keys Enter; break; }
  on_screen "$(t "User-defined configuration")" "" && tui_keys q
  sleep 0.2
done
tui_wait "$saved" 10
check_sql "the editor saves the instance" "SELECT vcpus FROM instance WHERE name_en = 'web'" 4
cmd=$(tui_f4_command)
check "F4 shows the save as instance modify with the editor's fields" \
  grep -q -- "^dosvmctl --user zhou instance modify --instance web --name-en web --name-zh 网站实例 --vcpus 4 " <<<"$cmd"
sql "UPDATE instance SET vcpus = 2, row_version = row_version + 1 WHERE name_en = 'web'"
run_command "$cmd"
check "... which dosvmctl runs (the change undone first)" test $? = 0
check_sql "... making the console's change again" "SELECT vcpus FROM instance WHERE name_en = 'web'" 4
check "... with the audit row from dosvmctl" test "$(last_op)" = "dosvmctl|Modify VM instance|web"
tui_quit
finish
