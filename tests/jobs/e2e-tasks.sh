#!/bin/bash
# e2e-tasks.sh - the Tasks page (任务列表) of both roles: a project admin's
# image import sent to the background goes on, the page shows it running and
# then succeeded with its result, the status line says when it ended; a
# project admin sees only their own tasks, the sysadm every task; the query
# by state and by what; a task left running by a dead process shows as
# failed, interrupted.  One script for both languages (DOSVM_TEST_LANG).
# features: D11 M9.5.2
. "$top_srcdir/tests/lib/tui.sh"

if ! command -v qemu-img >/dev/null; then
  echo "1..0 # SKIP qemu-img is not installed (package qemu-utils)"
  exit 0
fi

G1=$TMPD/shared-dir SRC=$TMPD/local
mkdir -p "$SRC" "$G1"
init_db
add_admin alice "爱丽丝" alicepw
add_admin bob "鲍勃" bobpw
dv() { "$DVTOOL" "$1" "$DB" "${@:2}" >/dev/null || echo "# dvtool $* failed"; }
dv add-group 共享组 "$G1"
dv add-project 项目甲 共享组 alice
dv add-project 项目乙 共享组 bob
dv quota 项目甲 max_images=3 max_image_mb=100
head -c 4000000 /dev/urandom >"$SRC/big.img"
head -c 30000000 /dev/urandom >"$SRC/long.img"
bob_id=$(sql "SELECT id FROM user WHERE account = 'bob'")
# bob's own task, and one a process that died left running
sql "INSERT INTO task(what, object, host, user_id, account, pid, started_at, ended_at, state, result)
       VALUES ('Refresh storage pool', 'bobs-pool', 'node-b', $bob_id, 'bob', 0, 100, 160, 'ok', '1 added');
     INSERT INTO task(what, object, user_id, account, pid, started_at, state)
       VALUES ('Merge incremental snapshot into a new volume', 'lost', 1, 'sysadm', 999999999, 200, 'running');"

# the words to expect, in the run's language
read -r W_CANCEL_BG <<<"$(t " Esc: cancel  b: background ")"
W_BG_NOTE=$(t_clause "The task goes on in the background; the Tasks page shows it.")
W_INTERRUPTED=$(t "Interrupted: the program running the task ended.")
W_ADDED=$(t "The image file was added.")

tui_start DOSVM_IMAGE_COPY_DELAY_MS=200 -- --db "$DB"
tui_login alice alicepw
check_sql "a task a dead process left running is marked failed at the start" \
  "SELECT state, result = '$W_INTERRUPTED' FROM task WHERE object = 'lost'" "failed|1"
tui_module "Image management"
tui_wait "Image file information" 5
tui_keys a; tui_wait "Add image file" 5
tui_field "后台镜像"
tui_keys Tab Tab Tab Tab
tui_field "说明"
tui_keys Tab
tui_keys Space Tab
tui_field ""
tui_keys C-u; tui_type "$SRC/big.img"; tui_keys Enter
check_screen "the import shows the job's progress dialog" "Importing the image file" 5
check_screen "which offers to cancel or to go to the background" "$W_CANCEL_BG" 5
tui_keys b
check_screen "b sends the import to the background" "$W_BG_NOTE" 5
tui_module "Task management" projadm
check_screen "the project admin's Tasks page opens" "Tasks" 5
check_screen "it lists the import" "Add image file" 5
check_screen "running" "Running" 5
check_no_screen "a project admin does not see another admin's task" "bobs-pool"
check_no_screen "nor the sysadm's" "lost"
check_screen "the import ends in the background; the page shows it succeeded" "Succeeded" 30
check_screen "with its result" "$W_ADDED" 5
check_sql "the record was saved by the job's finish" \
  "SELECT count(*) FROM image WHERE name = '后台镜像' AND file_name = 'big.img'" 1
check "the file was copied" cmp -s "$SRC/big.img" "$G1/big.img"
check_sql "the operation log has its row" \
  "SELECT count(*) FROM op_log WHERE user = 'alice' AND action = 'Add image file'" 1
check_sql "the task names who, what and the result" \
  "SELECT account, state, result FROM task WHERE what = 'Add image file'" \
  "alice|ok|$W_ADDED"

# a task of this console is cancelled from the Tasks page
tui_module "Image management"
tui_wait "Image file information" 5
tui_keys a; tui_wait "Add image file" 5
tui_field "长镜像"
tui_keys Tab Tab Tab Tab
tui_field "说明"
tui_keys Tab
tui_keys Space Tab
tui_field ""
tui_keys C-u; tui_type "$SRC/long.img"; tui_keys Enter
tui_wait "$W_CANCEL_BG" 5; tui_keys b
tui_module "Task management" projadm
check_screen "the long import is listed running" "长镜像" 5
tui_keys Home x
check_screen "x cancels the running task of this console" "Cancelling the task..." 5
check_screen "the task ends cancelled" "Cancelled" 15
check_sql "its task says so" "SELECT state FROM task WHERE object = '长镜像'" cancelled
check_sql "nothing was saved" "SELECT count(*) FROM image WHERE name = '长镜像'" 0
check "and no copy is left in the directory" test -z "$(ls -A "$G1" | grep -v '^big.img$')"
tui_keys End x
check_screen "an ended task cannot be cancelled, and the status line says why" \
  "The task has ended." 5
tui_quit

tui_start -- --db "$DB"
tui_login sysadm 123456
tui_module "Task management"
check_screen "the sysadm sees every task: the import" "后台镜像" 5
check_screen "bob's" "bobs-pool" 5
check_screen "and the interrupted one" "lost" 5
check_screen "the pager counts four" "$(items 1 4 4)" 5
tui_resize 140 30  # at 80 columns the English header is cut (issue 9)
check_screen "its columns in the manual's words" "Result or error" 5
tui_resize 80 24
check_screen "states are translated: succeeded" "Succeeded" 5
check_screen "... failed" "Failed" 5
tui_keys /; tui_keys Right Right Right; tui_keys Enter Escape
check_screen "the query by state shows the failed one" "$(items 1 1 1)" 5
check_no_screen "and not the cancelled one" "长镜像"
check_screen "with the reason" "${W_INTERRUPTED%%[:：]*}" 5
# the query by what matches the words the page shows: English or the translation
part=refresh
[ "$TUI_LANG" = zh ] && part=刷新
tui_keys /; tui_keys Left Left Left Tab; tui_type "$part"; tui_keys Enter Escape
check_screen "the query by what matches part of it" "bobs-pool" 5
check_screen "and only it" "$(items 1 1 1)" 5
tui_quit

finish
