#!/bin/bash
# e2e-modules.sh - every module within reach at 80 columns (issue 9 point 2):
# the top bar marks hidden modules with F9, and F9 opens a menu of every
# module of the role, whose choice opens as its digit does
# features: M5.1
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_admin alice "Alice" alicepw
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "Change the initial password"
tui_field 123456; tui_field secret1; tui_field secret1; tui_keys Enter
tui_wait "System user information"
check "the top bar shows F9 where modules are hidden" eval 'screen | head -1 | grep -qF F9'
tui_keys F9
check_screen "F9 opens the module menu" "─ $(t Modules) ─"
for i in "${!SYSADM_MODULES[@]}"; do
  check_screen "the menu lists module $((i + 1)) ${SYSADM_MODULES[$i]}" "$((i + 1))  $(t "${SYSADM_MODULES[$i]}")"
done
LOGS=$(module_digit "Operation logs")
for ((i = 1; i < LOGS; i++)); do tui_keys Down; done
tui_keys Enter
check_screen "the menu's choice opens the module" "Operation log information"
check "... marked on the top bar" eval 'screen | head -1 | grep -qF -- "$LOGS $(t "Operation logs")"'
tui_keys F9
tui_wait "─ $(t Modules) ─" 5
tui_keys Escape
tui_gone "$(t '%d  %s' 1 "$(t 'User management')")" 5
check_screen "Esc closes the menu, keeping the module" "Operation log information"
tui_keys F8
tui_wait "Log in to the management system" 5

tui_login alice alicepw
tui_wait "Resource usage"
tui_keys F9
check_screen "a project admin's F9 opens the menu too" "─ $(t Modules) ─"
for i in "${!PROJADM_MODULES[@]}"; do
  check_screen "... listing module $((i + 1)) ${PROJADM_MODULES[$i]}" "$((i + 1))  $(t "${PROJADM_MODULES[$i]}")"
done
tui_keys Escape
tui_quit

finish
