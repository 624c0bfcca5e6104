#!/bin/bash
# e2e-keys.sh - one key map on every page, modal or not (issue 9 point 3):
# F1 help, q/F10 quit after a question, Esc back, and a key bar that offers
# what works there, on the volume, snapshot and host-history pages, the host
# details and inside a dialog (F1 there gives the focused field's rule)
# features: M5.1 M9.3.1 M6.2.2.1
. "$top_srcdir/tests/lib/tui.sh"

DEMOTMP=$TMPD/demo-tmp
mkdir -p "$DEMOTMP"
keybar() { screen | tail -1; }
# keybar_has KEY LABEL / keybar_lacks KEY LABEL: the key bar offers KEY LABEL
keybar_has() { [[ $(keybar) == *"$1 $(t "$2")"* ]]; }
keybar_lacks() { ! keybar_has "$@"; }

# common_keys WHAT STILL: on a page showing STILL, F1 opens the help, q and
# F10 ask before quitting (No keeps the page), and the key bar says so
common_keys() {
  tui_keys F1
  check_screen "$1: F1 opens the help" "Keys everywhere:"
  check_screen "$1: the help has the page's keys" "Keys of this page:"
  tui_keys Escape
  tui_gone "Keys everywhere:" 5
  tui_keys q
  check_screen "$1: q asks before quitting" "Quit dosvm?"
  tui_keys Escape
  tui_gone "Quit dosvm?" 5
  check_screen "$1: No keeps the page (q does not close it)" "$2"
  tui_keys F10
  check_screen "$1: F10 asks before quitting" "Quit dosvm?"
  tui_keys Escape
  tui_gone "Quit dosvm?" 5
  check_screen "$1: ... and No keeps the page" "$2"
  check "$1: the key bar offers F1 Help" keybar_has F1 Help
  check "$1: ... F10 Quit" keybar_has F10 Quit
  check "$1: ... Esc Back" keybar_has Esc Back
  check "$1: ... and not Tab Pane, which does not work there" keybar_lacks Tab Pane
}

tui_start TMPDIR="$DEMOTMP" -- --demo
tui_login sysadm 123456
tui_wait "System user information"

# ---------------------------------------------------------------- volumes, snapshots
tui_module "Storage pool management"
tui_wait "dos-pool"
tui_keys Home v
tui_wait "centos7.qcow2"
common_keys "the volume page" "Storage volume information"

# a dialog: F1 gives the focused field and its rule, then the dialog's keys
tui_keys c
tui_wait "Create volume"
check "in a dialog the key bar offers F1 Help" keybar_has F1 Help
tui_keys F1
check_screen "F1 in a dialog names the focused field" "$(t 'Field: %s' "$(t 'Chinese name')")"
check_screen "... gives its rule" "A name for administrators to recognize the volume."
check_screen "... says it is required" "Required (marked *)."
check_screen "... and lists the dialog's keys" "Keys of this dialog:"
tui_keys Escape
tui_gone "Keys of this dialog:" 5
check_screen "closing that help goes back to the dialog" "Create volume"
tui_keys Escape
tui_gone "Create volume" 5

tui_keys Home s
tui_wait "Volume incremental snapshot information"
common_keys "the snapshot page" "Volume incremental snapshot information"
tui_keys Escape
check_screen "Esc goes back from the snapshots to the volumes" "Storage volume information"
tui_keys Escape
check_screen "Esc goes back from the volumes to the pools" "dos-pool"
check "... closing the volume page (the pools' title is back on line 2)" \
  eval 'screen | sed -n 2p | grep -qF -- "$(t "System storage pool information")"'
check "the pool page's key bar offers Tab Pane again" keybar_has Tab Pane

# ---------------------------------------------------------------- host history, details
tui_module "Host group management"
tui_page 2
tui_wait "$(items 1 3 3)"
tui_keys Home h
tui_wait "Host history information"
common_keys "the host-history page" "Host history information"
tui_keys Escape
tui_gone "Host history information" 5
tui_keys Home i
tui_keys F1
check_screen "the host details: F1 opens the help" "Keys everywhere:"
tui_keys Escape
tui_gone "Keys everywhere:" 5
tui_keys F10
check_screen "the host details: F10 asks before quitting" "Quit dosvm?"
tui_keys Escape
tui_gone "Quit dosvm?" 5
tui_keys Escape

# ---------------------------------------------------------------- a page that is no list
tui_module "System parameters"
tui_page 1
tui_wait "System runtime parameters"
check "a form page's key bar offers F1 Help" keybar_has F1 Help
check "... and not / Query, which it has not" keybar_lacks / Query
tui_keys Escape

# ---------------------------------------------------------------- F10 in a dialog quits
tui_module "Storage pool management"
tui_wait "dos-pool"
tui_keys Home v
tui_wait "centos7.qcow2"
tui_keys c
tui_wait "Create volume"
tui_keys F10
check_screen "F10 inside a dialog asks before quitting" "Quit dosvm?"
tui_keys Enter
check "... and OK ends dosvm with status 0" test "$(tui_exit_status 10)" = 0
check "... removing the demo's directory" test -z "$(ls -A "$DEMOTMP")"

finish
