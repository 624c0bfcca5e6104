#!/bin/bash
# e2e-palette.sh - the command palette on ':' (issue 9 point 5): part of a
# page's name, in English or in the language shown, jumps there; part of an
# action's name runs it through the toolbar's key; each entry shows its key
# features: M5.1
. "$top_srcdir/tests/lib/tui.sh"

init_db
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "Change the initial password"
tui_field 123456; tui_field secret1; tui_field secret1; tui_keys Enter
tui_wait "System user information"
PAGE=$(t '%s › %s' "$(t 'System parameters')" "$(t 'Runtime parameters')")

# a line of the palette holding TEXT ends with KEY before the box's side
entry_key() { screen | grep -F -- "$1" | grep -qE -- " $2 *│"; }

tui_keys :
check_screen "':' opens the command palette" "Command palette"
tui_type runtime # English, in either language
check_screen "part of a page's English name finds it" "$PAGE"
check "... and the entry shows its key (the module's digit)" entry_key "$PAGE" "$(module_digit "System parameters")"
check_no_screen "... other pages are filtered out" "$(t '%s › %s' "$(t 'User management')" "$(t 'About')")"
tui_keys Enter
check_screen "Enter goes to that page" "System runtime parameters"
tui_gone "Command palette" 5
check_no_screen "... closing the palette" "Command palette"

tui_keys Escape :
tui_wait "Command palette" 5
tui_type "$(t 'Login log')" # the name as shown in this run's language
LOGIN=$(t '%s › %s' "$(t 'Operation logs')" "$(t 'Login log')")
check_screen "part of a page's name as shown finds it" "$LOGIN"
check "... with its key: the module's digit, then Down once" entry_key "$LOGIN" "$(module_digit "Operation logs") ↓1"
tui_keys Enter
check_screen "... and Enter opens it" "Login log information"

tui_module "User management"
tui_keys :
tui_wait "Command palette" 5
tui_type "$(t 'Add')"
check "an action of the page is listed with its toolbar key" entry_key "$(t 'Add')" a
tui_keys Enter
check_screen "Enter runs the action as its key does" "Add project administrator"
tui_keys Escape
tui_gone "Add project administrator" 5

tui_keys :
tui_wait "Command palette" 5
tui_type zzzqqq
check_screen "a text that matches nothing says so" "Nothing matches."
tui_keys Escape
tui_gone "Command palette" 5
check_no_screen "Esc closes the palette" "Command palette"
tui_quit

finish
