#!/bin/bash
# e2e-actions.sh - toolbar actions carry their prerequisites, checked once by
# the list engine: an action that is not available is drawn dim and, pressed,
# does nothing but say why in the status line (no row selected, a record in
# the wrong state); row 1, selected when a page opens, enables the row
# actions at once.  A dialog whose choices cannot be read from the core says
# why instead of opening empty.
# features: M5.4.7a M5.4.7b M5.5.1 M7.2.1.1a
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin bob "王小明" bobpw
add_admin carol "陈丽" carolpw
sql "UPDATE user SET frozen = 1 WHERE account = 'carol'"

ops() { sql "SELECT count(*) FROM op_log"; }

# dim LABEL: "1" when the toolbar button LABEL is drawn dim, "0" when not,
# "" when it is not on the screen (the attributes in force where it starts)
dim() {
  tm capture-pane -e -p -t "$PANE" | LABEL="$1" perl -ne '
    my $i = index($_, $ENV{LABEL}); next if $i < 0;
    my $d = 0;
    for my $sgr (substr($_, 0, $i) =~ /\e\[([0-9;]*)m/g) {
      for my $p (split /;/, ($sgr eq "" ? "0" : $sgr)) { $d = 0 if $p == 0 || $p == 22; $d = 1 if $p == 2; }
    }
    print $d; exit;'
}
check_dim() { # DESC LABEL WANT
  local got
  tui_wait "$2" 5
  got=$(dim "$2")
  if [ "$got" = "$3" ]; then tap 0 "$1"; else tap 1 "$1"; echo "# '$2' dim: got '$got', want '$3'"; dump_screen; fi
}

T_USERS="System user information" MODIFY="[e]$(t 'Modify basic info')" FREEZE="[f]$(t Freeze)"
RESTORE="[r]$(t Restore)" NOT_FROZEN="The user is not frozen."
ALREADY_FROZEN="The user is already frozen." ASK_RESTORE="Restore user"
SELECT_FIRST="Please select a record first." T_PROJECTS="Project information"
F_PROJECT_NAME="$(t 'Project name') *"
# the message without the core's reason, which is checked on its own
CHOICES_FAILED=$(t "The choices of '%s' could not be read: %s" "$(t 'Project group')")

scenario() {
  local lang=$TUI_LANG
  tui_start -- --db "$DB"
  tui_login sysadm 123456
  check_screen "$lang: the user list opens" "$T_USERS"

  # row 1 (bob, not frozen) is selected as the page opens
  check_dim "$lang: row 1 is selected at once, so a row action is not dim" "$MODIFY" 0
  check_dim "$lang: Freeze is available for a user who is not frozen" "$FREEZE" 0
  check_dim "$lang: Restore is dim for a user who is not frozen" "$RESTORE" 1
  local n
  n=$(ops)
  tui_keys r
  check_screen "$lang: Restore in the wrong state says why (M5.4.7b)" "$NOT_FROZEN"
  check_no_screen "$lang: ... and asks nothing" "$ASK_RESTORE"
  check_sql "$lang: ... and changes nothing" "SELECT frozen FROM user WHERE account = 'bob'" 0

  # row 2 (carol, frozen)
  tui_keys Down
  check_dim "$lang: on a frozen user Restore is available" "$RESTORE" 0
  check_dim "$lang: ... and Freeze is dim" "$FREEZE" 1
  tui_keys f
  check_screen "$lang: Freeze on a frozen user says why (M5.4.7a)" "$ALREADY_FROZEN"
  check "$lang: the refused actions wrote no operation log" test "$(ops)" = "$n"

  # no row at all
  tui_keys /
  tui_keys C-u
  tui_type nobody-like-this
  tui_keys Enter Escape
  check_dim "$lang: without a row the row actions are dim" "$MODIFY" 1
  tui_keys e
  check_screen "$lang: a row action without a row says why" "$SELECT_FIRST"

  # a choice query that fails: the project group table is gone
  sql "ALTER TABLE project_group RENAME TO project_group_gone"
  tui_module "Project management"
  tui_wait "$T_PROJECTS" 5
  tui_keys a
  check_screen "$lang: a failed choice query says why (M7.2.1.1a)" "$CHOICES_FAILED"
  check_screen "$lang: ... with the core's reason" "project_group"
  check_no_screen "$lang: ... and no empty form opens" "$F_PROJECT_NAME"
  tui_keys Enter
  check_screen "$lang: the reason stays in the status line" "$CHOICES_FAILED"
  check_no_screen "$lang: still no form after the message" "$F_PROJECT_NAME"
  sql "ALTER TABLE project_group_gone RENAME TO project_group"
  tui_quit
}

scenario
finish
