#!/bin/bash
# e2e-forms.sh - the rest of issue 9, on a project admin's volumes and the
# sysadm's pages, in English and zh_CN:
#   point 8 (a): without colours (NO_COLOR) the usage gauges' legend
#                describes the characters drawn, with colours the colours;
#   point 8 (b): units match labels: the capacity column says MiB and shows
#                MiB (1 GB = 10^9 bytes shows as 954, 1 GiB as 1024);
#   point 8 (c): a dialog that acts on a record names it in its title
#                (extend, modify, delete, the row's details);
#   point 8 (d): Esc on a changed form asks "Discard the changes?" (No keeps
#                the typed values, OK drops them, nothing is written); an
#                unchanged form closes at once; the same on a form page;
#   point 3:     F1 and F10 in a confirmation: its keys, and quit as
#                everywhere; Tab never closes a modal page (it goes to the
#                query row when there is one); "/ Query" is offered on the
#                key bar only where there is a query row.
# features: M9.4.2 M9.4.4 M9.4.5 M9.4.6 M7.3.2 M13.2.1 C6 C7
. "$top_srcdir/tests/lib/tui.sh"

init_db
add_host alpha 1
add_admin zhou 周 zhoupw
sql "INSERT INTO project_group(name, file_dir, created_at) VALUES ('组', '/tmp', 0);
     INSERT INTO project(name, active, max_disk_mb, max_mem_mb, created_at) VALUES ('网站', 1, 8192, 100, 0);
     UPDATE user SET project_id = (SELECT id FROM project WHERE name = '网站') WHERE account = 'zhou';
     INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at) VALUES
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000001', 'web-pool', 0, 100000, '/dpfs/web-pool', 0);
     INSERT INTO pool_project(pool_id, project_id)
       SELECT pool.id, project.id FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';
     INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, allocation, path, project_id, created_at)
       SELECT pool.id, 'vol1', '卷一', 'qcow2', 1000000000, 196608, '/dpfs/web-pool/vol1', project.id, 0
         FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';
     INSERT INTO volume(pool_id, name_en, name_zh, format, capacity, allocation, path, project_id, created_at)
       SELECT pool.id, 'vol2', '卷二', 'qcow2', 1073741824, 196608, '/dpfs/web-pool/vol2', project.id, 0
         FROM pool, project WHERE pool.name = 'web-pool' AND project.name = '网站';" >/dev/null

keybar() { screen | tail -1; }
keybar_has() { [[ $(keybar) == *"$1 $(t "$2")"* ]]; }
keybar_lacks() { ! keybar_has "$@"; }
# titled MSGID RECORD: a dialog's title naming its record, "Extend volume: vol1"
titled() { t '%s: %s' "$(t "$1")" "$2"; }
# row_shows NAME VALUE: the table row of NAME holds VALUE as a cell of its own
row_shows() { screen | grep -F -- " $1 " | grep -qE -- "(^| )$2( |$)"; }
vol1() { sql "SELECT capacity || ' ' || name_zh FROM volume WHERE name_en = 'vol1'"; }
ops() { sql "SELECT count(*) FROM op_log"; }

# ---------------------------------------------------------------- point 8 (a)
tui_start NO_COLOR=1 -- --db "$DB"
tui_login zhou zhoupw
tui_wait "$(t 'Resource usage: %s' 网站)" 5
check_screen "issue 9 point 8 (a): without colours the gauges' legend names the characters" \
  "#: used; .: free.  F5 refreshes."
check_no_screen "... and no colour" "Red: used; green: free.  F5 refreshes."
check "... the used part of a bar is drawn with '#', the free part with '.'" \
  eval 'screen | grep -qE "#+\.+"'
tui_quit

tui_start -- --db "$DB"
tui_login zhou zhoupw
tui_wait "$(t 'Resource usage: %s' 网站)" 5
check_screen "issue 9 point 8 (a): with colours the legend names the colours" \
  "Red: used; green: free.  F5 refreshes."

# ---------------------------------------------------------------- point 2: / Query
tui_module "Volume management" projadm
tui_wait "Project storage pool information" 5
tui_wait web-pool 5
check "issue 9: the project pool list has no query row, so its key bar lacks / Query" \
  keybar_lacks / Query
tui_module "Image management" projadm
tui_wait "Image file information" 5
check "... the image list has one, and its key bar offers / Query" keybar_has / Query
tui_module "Volume management" projadm
tui_wait web-pool 5

# ---------------------------------------------------------------- point 8 (b)
tui_keys Home v
tui_wait "Storage volume information" 5
tui_wait vol2 5
check_screen "issue 9 point 8 (b): the capacity column is labelled MiB" "Capacity (MiB)"
check "... and 1 GB (10^9 bytes) shows as 954 MiB" row_shows vol1 954
check "... and 1 GiB (2^30 bytes) as 1024 MiB" row_shows vol2 1024
check "... the volume page has no query row: no / Query on its key bar" keybar_lacks / Query

# ---------------------------------------------------------------- point 3: Tab in a modal page
tui_keys Tab
sleep 0.3
check_screen "issue 9: Tab does not close the volume page" "Storage volume information"
check "... whose key bar still offers Esc Back" keybar_has Esc Back

# ---------------------------------------------------------------- point 8 (c), (d)
tui_keys Home
tui_keys Enter
check_screen "issue 9 point 8 (c): the row's details name the row" \
  "$(titled 'Storage volume information' 卷一)"
check_screen "... with the capacity in MiB" "$(t 'Capacity (MiB)'): 954"
tui_keys Escape
tui_gone "$(t 'Capacity (MiB)'): 954" 5

tui_keys x
check_screen "issue 9 point 8 (c): the extend dialog names the volume" "$(titled 'Extend volume' vol1)"
tui_keys Escape
check "issue 9 point 8 (d): Esc on an unchanged form closes it at once" \
  tui_gone "$(titled 'Extend volume' vol1)" 5
check_no_screen "... without asking" "Discard the changes?"

before=$(vol1) o=$(ops)
tui_keys x
tui_wait "$(titled 'Extend volume' vol1)" 5
tui_type 20
tui_keys Escape
check_screen "issue 9 point 8 (d): Esc on a changed form asks first" "Discard the changes?"
tui_keys Escape
check "... No keeps the dialog" tui_gone "Discard the changes?" 5
check_screen "... with the value typed" "20"
check_screen "... under its title" "$(titled 'Extend volume' vol1)"
tui_keys Escape
tui_wait "Discard the changes?" 5
tui_keys Enter
check "... OK drops the form" tui_gone "$(titled 'Extend volume' vol1)" 5
check "... and nothing was written" test "$(vol1)" = "$before"
check "... or logged" test "$(ops)" = "$o"

tui_keys Home e
check_screen "issue 9 point 8 (c): the modify dialog names the volume" "$(titled 'Modify volume' vol1)"
tui_keys C-u
tui_type 改名
tui_keys Escape
check_screen "issue 9 point 8 (d): a changed modify dialog asks too" "Discard the changes?"
tui_keys Enter
tui_gone "$(titled 'Modify volume' vol1)" 5
check "... and the name was not changed" test "$(vol1)" = "$before"

# ---------------------------------------------------------------- point 8 (c), point 3: a confirmation
tui_keys Home d
check_screen "issue 9 point 8 (c): the delete confirmation names the volume" \
  "$(titled 'Delete volume' vol1)"
tui_keys F1
check_screen "issue 9 point 3: F1 in a confirmation shows its keys" "Keys of this dialog:"
check_screen "... how to move between its buttons" "Move between OK and Cancel"
tui_keys Escape
tui_gone "Move between OK and Cancel" 5
check_screen "... and closing the help goes back to the question" "$(t "Delete the volume '%s' and its file?" vol1)"
tui_keys F10
check_screen "issue 9 point 3: F10 in a confirmation asks to quit" "Quit dosvm?"
tui_keys Escape
tui_gone "Quit dosvm?" 5
check_screen "... No goes back to the question" "$(t "Delete the volume '%s' and its file?" vol1)"
tui_keys Escape
tui_gone "$(t "Delete the volume '%s' and its file?" vol1)" 5
check_sql "... which Esc cancels: the volume stays" "SELECT count(*) FROM volume WHERE name_en = 'vol1'" 1
tui_keys Escape
tui_wait web-pool 5
tui_quit

# ---------------------------------------------------------------- the sysadm: a modal page with a query, a form page
tui_start -- --db "$DB"
tui_login sysadm 123456
tui_wait "System user information" 5
tui_module "Host group management"
tui_page 2
tui_wait alpha 5
tui_keys Home h
tui_wait "Host history information" 5
check "issue 9: the host history has a query row, and its key bar offers / Query" keybar_has / Query
tui_keys Tab
tui_type 2031-
check_screen "issue 9 point 3: Tab moves the focus to its query row (typing goes there)" "2031-"
check_screen "... and the page stays" "Host history information"
tui_keys Escape Escape
check "... Esc then closes it" tui_gone "Host history information" 5

s0=$(sql "SELECT count(*) FROM setting")
tui_module "System parameters"
tui_page 1
tui_wait "System runtime parameters" 5
tui_keys C-u
tui_type 77
tui_keys Escape
check_screen "issue 9 point 8 (d): Esc on a changed form page asks first" "Discard the changes?"
tui_keys Escape
tui_gone "Discard the changes?" 5
check_screen "... No keeps the value typed" "77"
tui_keys Escape
tui_wait "Discard the changes?" 5
tui_keys Enter
check "... OK drops it: the stored value is back" tui_gone "77" 5
check_sql "... and nothing was saved" "SELECT count(*) FROM setting" "$s0"
tui_keys Enter Escape
check_no_screen "... an unchanged form page leaves at once" "Discard the changes?"

# ---------------------------------------------------------------- point 3: a message
# a pool on a host that cannot be reached: its delete ends in a message
sql "INSERT INTO pool(uuid, name, type, capacity_mb, target_path, created_at) VALUES
       ('6b1cdb0e-5c1e-4c55-9f0a-000000000002', 'gone-pool', 0, 1024, '/dpfs/gone-pool', 0);
     INSERT INTO pool_host(pool_id, host_id)
       SELECT pool.id, host.id FROM pool, host WHERE pool.name = 'gone-pool';
     UPDATE host SET uri = 'test:///no/such/host.xml';" >/dev/null
tui_module "Storage pool management"
tui_wait gone-pool 5
tui_keys End d
check_screen "issue 9 point 8 (c): the pool's delete confirmation names it" \
  "$(titled 'Delete storage pool' gone-pool)"
tui_keys Enter
MSG=$(t $'The storage pool \'%s\' was deleted, but these hosts could not undefine it:\n\n%s' gone-pool)
check_screen "the hosts that could not undefine the pool are named in a message" "$MSG"
tui_keys F1
check_screen "issue 9 point 3: F1 in a message shows its keys" "Close the message"
tui_keys Escape
tui_gone "Close the message" 5
check_screen "... then the message again" "$MSG"
tui_keys F10
check_screen "issue 9 point 3: F10 in a message asks to quit" "Quit dosvm?"
tui_keys Enter
check "... and OK ends dosvm with status 0" test "$(tui_exit_status 10)" = 0

finish
