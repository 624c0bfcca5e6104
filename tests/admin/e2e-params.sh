#!/bin/bash
# e2e-params.sh - the runtime parameters and the management-site (TLS) parameters
# features: M13.2.1 M13.2.2
. "$top_srcdir/tests/lib/tui.sh"

# ---------------------------------------------------------------- helpers

settings() { sql "SELECT count(*) FROM setting"; }
oplogs() { sql "SELECT count(*) FROM op_log"; }
setting() { sql "SELECT value FROM setting WHERE key = '$1'"; }

# find_module TITLE: print the digit of the top-bar module whose first page
# has TITLE (modules are numbered by the navigation table, which grows)
find_module() {
  local d t
  tui_keys Escape
  for t in 0.5 3; do # a second, slower pass for a loaded machine
    for d in 1 2 3 4 5 6 7 8 9; do
      tui_keys $d
      tui_wait "$1" $t && { echo $d; return; }
    done
  done
}

# bar_names DIGIT LABEL: the top bar shows module DIGIT as LABEL
bar_names() { screen | head -1 | grep -qF -- "$1 $(t "$2")"; }

# open_page MODULE N: the Nth page (1-based) of top-bar module MODULE, focused
open_page() { tui_page "$2" "$1"; }

# label MSGID START: a field's label as the form shows it at 80 columns: the
# English labels are cut short (START is what stays), the Chinese ones are whole
label() { if [ "$TUI_LANG" = en ]; then printf '%s' "$2"; else t "$1"; fi; }

# shows_field LABEL VALUE: a screen line holds LABEL (the start of a field's
# label, which may be cut short) and then VALUE (translated) as a whole word
shows_field() {
  local line value
  value=$(t "$2")
  while IFS= read -r line; do
    [[ $line == *"$1"* ]] || continue
    line=${line#*"$1"}
    [[ " $line " == *[\ :…]"$value"\ * ]] && return 0
  done < <(screen)
  return 1
}

# check_field DESC LABEL VALUE: wait for shows_field
check_field() {
  local deadline=$((SECONDS + 10))
  until shows_field "$2" "$3"; do
    if [ $SECONDS -gt $deadline ]; then
      tap 1 "$1"
      echo "# expected '$3' in the field labelled '$2'"
      dump_screen
      return
    fi
    sleep 0.05
  done
  tap 0 "$1"
}

# The runtime parameter fields, in the form's order: their labels and the
# starts of the English ones that stay at 80 columns
LABEL_IDS=("VM info collection interval (s)" "VM info flush interval (s)"
  "Host info collection interval (s)" "Host history save interval (s)"
  "Heartbeat base interval (s)" "Task scheduling interval (s)"
  "Heartbeats to judge a host failed" "dosvmd listen port" "VM temporary file directory"
  "Shared file system root")
LABEL_STARTS=("VM info coll" "VM info flush" "Host info coll"
  "Host history save" "Heartbeat base" "Task scheduling" "Heartbeats to judge"
  "listen port" "VM temporary file" "Shared file system")
LABELS=()
for i in "${!LABEL_IDS[@]}"; do LABELS+=("$(label "${LABEL_IDS[$i]}" "${LABEL_STARTS[$i]}")"); done
DEFAULTS=(30 50 30 60 15 5 3 5555 /raid/tmp /dpfs 5 15)

# fill VALUE...: from the first field, replace each field's text (leaving the
# focus on the button); then wait for a previous error to disappear
fill() {
  local v
  tui_keys PPage
  for v in "$@"; do tui_field "$v"; done
  if [ -n "${ERR_SEEN:-}" ] && ! tui_gone "$ERR_SEEN" 5; then
    tap 1 "editing the fields clears the previous error"
    dump_screen
  fi
}

# params INDEX VALUE: submit (F2) the defaults with field INDEX (0-based) set to VALUE
params() {
  local v=("${DEFAULTS[@]}")
  v[$1]=$2
  fill "${v[@]}"
  tui_keys F2
}

# refused DESC MESSAGE: the message shows and nothing was written
refused() {
  ERR_SEEN=$(t "$2")
  check_screen "$1: refused" "$2"
  check "$1: the setting table is unchanged" test "$(settings)" = "$SETTINGS"
  check "$1: no operation is logged" test "$(oplogs)" = "$OPLOGS"
}

not_containing() { [[ $1 != *"$2"* ]]; }
# no_stars LABEL: the line of the password field LABEL shows no stars
no_stars() { ! screen | grep -F -- "$1" | grep -qF '*'; }

# site HOST TLS(No|Yes) CA CERT KEY PASSWORD CONFIRM: fill the site form, F2
site() {
  tui_keys PPage
  tui_field "$1"
  screen | grep -qF "$(t 'Use SSL'): $(t "$2")" || tui_keys Space
  if ! tui_wait "$(t 'Use SSL'): $(t "$2")" 5; then
    tap 1 "Space sets Use SSL to $2"
    dump_screen
  fi
  tui_keys Tab
  tui_field "$3"; tui_field "$4"; tui_field "$5"; tui_field "$6"; tui_field "$7"
  if { [ -n "${ERR_SEEN:-}" ] && ! tui_gone "$ERR_SEEN" 5; } || ! tui_gone "The management-site parameters were saved." 5; then
    tap 1 "editing the fields clears the previous message"
    dump_screen
  fi
  tui_keys F2
}

# quit: leave the form (where q is text), then quit with q and the confirmation
quit() {
  tui_keys Escape
  tui_quit
}

# ---------------------------------------------------------------- M13.2.1 runtime parameters

init_db
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "System user information"
PARAMS=$(find_module "System runtime parameters")
check "a top-bar module opens on the runtime parameters" test -n "$PARAMS"
check "the top bar names it System parameters" bar_names "$PARAMS" "System parameters"
open_page "$PARAMS" 1
check_screen "its first page is the runtime parameters form" "System runtime parameters"
for i in "${!LABELS[@]}"; do
  check_field "default of '${LABELS[$i]}' is ${DEFAULTS[$i]}" "${LABELS[$i]}" "${DEFAULTS[$i]}"
done
check_sql "no setting is stored before the first save" "SELECT count(*) FROM setting" 0
SETTINGS=0
OPLOGS=$(oplogs)

between() { t '%s must be between %ld and %ld.' "$(t "$1")" "$2" "$3"; }
M=$(between "VM info collection interval (s)" 2 1800)
params 0 1
refused "VM collection interval 1" "$M"
params 0 1801
refused "VM collection interval 1801" "$M"
params 6 11
refused "11 heartbeats" "$(between "Heartbeats to judge a host failed" 1 10)"
params 7 0
refused "port 0" "$(between "dosvmd listen port" 1 65535)"
params 7 65536
refused "port 65536" "$(between "dosvmd listen port" 1 65535)"
params 5 abc
refused "a task interval that is not a number" \
  "$(t '%s must be a whole number.' "$(t 'Task scheduling interval (s)')")"
params 4 "1.5"
refused "a heartbeat interval with a fraction" \
  "$(t '%s must be a whole number.' "$(t 'Heartbeat base interval (s)')")"
params 8 raid/tmp
refused "a relative temporary directory" \
  "$(t "%s must be an absolute path (starting with '/')." "$(t 'VM temporary file directory')")"
fill 50 50 30 60 15 5 3 5555 /raid/tmp /dpfs 5 15
tui_keys F2
GREATER=$(t '%s must be greater than %s.' "$(t 'VM info flush interval (s)')" "$(t 'VM info collection interval (s)')")
refused "flush interval equal to the collection interval" "$GREATER"
# the message is longer than a line: its text is found whole over the lines
check_screen "the message names both fields in full at 80x24" "$GREATER" 2
fill 60 50 30 60 15 5 3 5555 /raid/tmp /dpfs 5 15
tui_keys F2
refused "flush interval below the collection interval" "$GREATER"
fill 30 50 60 60 15 5 3 5555 /raid/tmp /dpfs 5 15
tui_keys F2
refused "host history equal to host collection" \
  "$(t '%s must be greater than %s.' "$(t 'Host history save interval (s)')" "$(t 'Host info collection interval (s)')")"

# A valid change, submitted with Enter on the last field.
fill 20 40 30 60 15 5 3 5555 /data/vmtmp /dpfs 5 15
tui_keys BTab Enter
check_screen "a valid change is saved" "The system runtime parameters were saved."
check_sql "every parameter is stored" "SELECT count(*) FROM setting" 12
check_sql "the VM collection interval is 20" \
  "SELECT value FROM setting WHERE key = 'vm_collect_interval'" 20
check_sql "the flush interval is 40" "SELECT value FROM setting WHERE key = 'vm_flush_interval'" 40
check_sql "the temporary directory is stored" \
  "SELECT value FROM setting WHERE key = 'vm_temp_dir'" /data/vmtmp
check "the save adds one operation-log row" test "$(oplogs)" = "$((OPLOGS + 1))"
check_sql "the row is the sysadm's modification of the parameters" \
  "SELECT user || ' ' || type || ' ' || action FROM op_log ORDER BY id DESC LIMIT 1" \
  "sysadm 2 Modify system runtime parameters"

# The values persist: leave the page and come back.
tui_keys Escape Down
tui_wait "Management-site parameters"
tui_keys Up Enter
tui_wait "System runtime parameters"
check_field "the page re-opened shows the VM collection interval 20" "${LABELS[0]}" 20
check_field "... the flush interval 40" "${LABELS[1]}" 40
check_field "... the temporary directory" "${LABELS[8]}" /data/vmtmp
check_field "... and the untouched port" "${LABELS[7]}" 5555
quit

# ... and after a restart.
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "System user information"
open_page "$PARAMS" 1
check_field "after a restart the VM collection interval is 20" "${LABELS[0]}" 20
check_field "after a restart the flush interval is 40" "${LABELS[1]}" 40

# Spec 13.2.1 (issue 9 point 11): a listen port of 1024 or below is saved
# only after a question; No saves nothing and goes back to the port field.
SETTINGS=$(settings)
OPLOGS=$(oplogs)
PORTQ() { t '%s is %ld: ports of 1024 and below are reserved for system services, and only root may listen on them. Ports above 1024 are recommended. Save it anyway?' "$(t 'dosvmd listen port')" "$1"; }
fill 20 40 30 60 15 5 3 80 /data/vmtmp /dpfs
tui_keys F2
check_screen "port 80: the page asks before saving it" "$(PORTQ 80)"
tui_keys Escape
check_screen "port 80, answered No: nothing is saved" "Nothing was saved."
check "port 80, answered No: the port stays 5555" test "$(setting dosvmd_port)" = 5555
check "port 80, answered No: no operation is logged" test "$(oplogs)" = "$OPLOGS"
check_field "port 80, answered No: the form keeps 80" "${LABELS[7]}" 80
tui_keys F2
check_screen "port 80 again: asked again" "$(PORTQ 80)"
tui_keys Enter
check_screen "port 80, answered OK: saved" "The system runtime parameters were saved."
check "port 80, answered OK: the port is 80" test "$(setting dosvmd_port)" = 80
check "port 80, answered OK: one operation is logged" test "$(oplogs)" = "$((OPLOGS + 1))"
fill 20 40 30 60 15 5 3 1024 /data/vmtmp /dpfs
tui_keys F2
check_screen "port 1024: asked too" "$(PORTQ 1024)"
tui_keys Enter
tui_wait "The system runtime parameters were saved." 5
check "port 1024, answered OK: the port is 1024" test "$(setting dosvmd_port)" = 1024
fill 20 40 30 60 15 5 3 1025 /data/vmtmp /dpfs
tui_keys F2
check_screen "port 1025: saved" "The system runtime parameters were saved."
check "port 1025: saved without a question" test "$(setting dosvmd_port)" = 1025
check_no_screen "port 1025: no question is shown" "$(PORTQ 1025)"

# ---------------------------------------------------------------- M13.2.2 site parameters

open_page "$PARAMS" 2
check_screen "the second page is the site parameters" "Management-site parameters"
check_field "the default back-end host" "$(label "Back-end (dosvmd) host address" "Back-end (dosvmd) host")" 127.0.0.1
check_field "SSL is off by default" "$(t 'Use SSL')" No
SETTINGS=$(settings)
OPLOGS=$(oplogs)
ERR_SEEN=""
IPV4=$(t '%s must be an IPv4 address such as 192.168.2.189.' "$(t 'Back-end (dosvmd) host address')")

site 192.168.1.300 No "" "" "" "" ""
refused "a host address that is not IPv4" "$IPV4"
site vm-host No "" "" "" "" ""
refused "a host name instead of an address" "$IPV4"
check_sql "no host setting is stored" "SELECT count(*) FROM setting WHERE key = 'dosvmd_host'" 0

site 192.168.2.189 No "" "" "" secret1 secret2
refused "mismatching SSL passwords" "The two passwords do not match."

CA=$TMPD/ca.pem CERT=$TMPD/client.pem KEY=$TMPD/client-key.pem
site 192.168.2.189 Yes "$CA" "$CERT" "$KEY" secret1 secret1
refused "SSL on with a missing root certificate" \
  "$(t "%s: the file '%s' cannot be read." "$(t 'SSL root certificate path')" "$CA")"
echo "-----BEGIN CERTIFICATE-----" >"$CA"
site 192.168.2.189 Yes "$CA" "$CERT" "$KEY" secret1 secret1
refused "SSL on with a missing client certificate" \
  "$(t "%s: the file '%s' cannot be read." "$(t 'SSL client certificate path')" "$CERT")"
echo "-----BEGIN CERTIFICATE-----" >"$CERT"
site 192.168.2.189 Yes "$CA" "$CERT" "$KEY" secret1 secret1
refused "SSL on with a missing client key" \
  "$(t "%s: the file '%s' cannot be read." "$(t 'SSL client key path')" "$KEY")"
site 192.168.2.189 Yes "" "" "" secret1 secret1
refused "SSL on without certificate paths" "$(t '%s is required.' "$(t 'SSL root certificate path')")"
check "no key file is made by a refused save" test ! -e "$DB.key"

echo "-----BEGIN PRIVATE KEY-----" >"$KEY"
site 192.168.2.189 Yes "$CA" "$CERT" "$KEY" "s3cret-TLS" "s3cret-TLS"
check_screen "SSL on with readable files is saved" "The management-site parameters were saved."
check_sql "the host is stored" "SELECT value FROM setting WHERE key = 'dosvmd_host'" 192.168.2.189
check_sql "SSL is on" "SELECT value FROM setting WHERE key = 'use_tls'" 1
check_sql "the certificate paths are stored" \
  "SELECT group_concat(value, ' ') FROM (SELECT value FROM setting WHERE key IN ('tls_ca', 'tls_cert', 'tls_key') ORDER BY key)" \
  "$CA $CERT $KEY"
pw=$(setting tls_password)
check "an SSL password is stored" test -n "$pw"
check "the stored SSL password is not the clear text" test "$pw" != "s3cret-TLS"
check "the clear text appears nowhere in the stored value" not_containing "$pw" s3cret
check "the stored password is sealed (longer than nonce and MAC)" \
  test "$(printf %s "$pw" | base64 -d 2>/dev/null | wc -c)" -gt 40
check "no setting holds the clear text" test "$(sql "SELECT count(*) FROM setting WHERE value LIKE '%s3cret%'")" = 0
check "the repeated password is not stored" test "$(sql "SELECT count(*) FROM setting WHERE key = 'tls_confirm'")" = 0
check "the key file \$DB.key exists" test -f "$DB.key"
check "the key file is private (mode 600)" test "$(stat -c %a "$DB.key" 2>/dev/null)" = 600
check_sql "the save is logged" \
  "SELECT user || ' ' || type || ' ' || action FROM op_log ORDER BY id DESC LIMIT 1" \
  "sysadm 2 Modify management-site parameters"
check "the password field is empty after the save" no_stars " $(t 'SSL password'):"
check "the repeat field is empty after the save" no_stars "$(t 'Repeat SSL password'):"

# Saving again with empty password fields keeps the stored password.
site 192.168.2.190 Yes "$CA" "$CERT" "$KEY" "" ""
check_screen "a second save with empty password fields" "The management-site parameters were saved."
check_sql "a second save stores the new host" \
  "SELECT value FROM setting WHERE key = 'dosvmd_host'" 192.168.2.190
check "empty password fields keep the stored password" test "$(setting tls_password)" = "$pw"

# The page re-opened shows what is stored.
tui_keys Escape Up
tui_wait "System runtime parameters"
tui_keys Down Enter
tui_wait "Management-site parameters"
check_field "the re-opened page shows the host" "$(label "Back-end (dosvmd) host address" "Back-end (dosvmd) host")" 192.168.2.190
check_field "the re-opened page shows SSL on" "$(t 'Use SSL')" Yes
quit

finish
