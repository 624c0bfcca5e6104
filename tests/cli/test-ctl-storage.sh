#!/bin/bash
# test-ctl-storage.sh - dosvmctl's storage nouns (cli/ctl_storage.c):
# security objects (list, show, add, modify, delete; the value only from a
# file or a prompt on a terminal, a tmux pane here; sealed, never printed)
# and storage pools on test-driver hosts (list, show as the pool's XML, add
# as a job with the bound host, the projects and the CHAP secret by name,
# modify, delete), each with the JSON of its schema, the record, the
# console's audit row, and refusals with their exit status (1 a rule naming
# the field, 2 usage, 3 not found); one refusal in Chinese.
# features: M8.1 M8.2a M8.2b M8.2c M8.2d M9.3 M9.3.1 M9.3.2 M9.3.2.1 M9.3.2.2 M9.3.2.3 M9.3.2.4
# features: M9.3.2.5 M9.3.2.6
# features: M9.3.3 M9.3.4 M9.3.5
. "$top_srcdir/tests/lib/ctl.sh"

"$DVTOOL" add-host "$DB" alpha "test://$top_srcdir/data/demo/host1.xml" >/dev/null
"$DVTOOL" add-group "$DB" "研发组" "$T/rd" >/dev/null
"$DVTOOL" add-project "$DB" "网站" "研发组" zhou >/dev/null
"$DVTOOL" add-project "$DB" "数据" "研发组" "" >/dev/null 2>&1 ||
  sqlite3 "$DB" "INSERT INTO project(name, active, created_at) VALUES ('数据', 1, 0)"

# ---- security objects (M8.2)
printf 's3cr3t-chap\n' >"$T/value"
ctl --json secret add --name-zh 存储密钥 --name-en chap1 --usage-type iscsi \
  --usage-id iqn.2024-01.com.example:t1 --description "CHAP of t1" --value-file "$T/value" >"$T/out"
check "secret add (M8.2b) prints the object in its schema" \
  test "$(jqo '.[0] | "\(.name_zh) \(.name_en) \(.usage_type) \(.usage_id) \(.id|type)"')" = \
  "存储密钥 chap1 iscsi iqn.2024-01.com.example:t1 number"
check "... never its value" bash -c "! grep -q s3cr3t '$T/out'"
check "... stored sealed, not in plain text (M8.1)" \
  check_sql "SELECT count(*) FROM secret WHERE name_en = 'chap1' AND value_sealed NOT LIKE '%s3cr3t%'" 1
check "... with the console's audit row, from dosvmctl" \
  test "$(last_op)" = "sysadm|dosvmctl|Add security object|chap1"
sealed0=$(sqlite3 "$DB" "SELECT value_sealed FROM secret WHERE name_en = 'chap1'")
ops0=$(ops)
ctl --json secret add --name-zh 卷密钥 --name-en vol1 --usage-type volume --usage-id /dpfs/v1 >"$T/out" 2>/dev/null
check "without a value file or a terminal the value is missing (exit 1), naming the option" \
  test $? = 1 -a "$(jqo .error.field)" = value-file
check "... saying what to give" \
  test "$(jqo .error.message)" = "No value: give --value-file FILE or run dosvmctl on a terminal."

ctl --json secret add --name-zh 卷密钥 --name-en vol1 --usage-type disk --usage-id /dpfs/v1 \
  --value-file "$T/value" >"$T/out" 2>/dev/null
check "an unknown usage type is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = usage-type
ctl --json secret add --name-zh 重复 --name-en chap1 --usage-type volume --usage-id /dpfs/v2 \
  --value-file "$T/value" >"$T/out" 2>/dev/null
check "a duplicate English name is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = name-en
ctl secret add --name-zh 卷密钥 --name-en vol1 --usage-type volume --usage-id /dpfs/v1 \
  --value-file "$T/nonexistent" >/dev/null 2>&1
check "a value file that cannot be read is a failure (exit 4)" test $? = 4
ctl secret add --name-zh 卷密钥 --name-en vol1 --usage-type volume --usage-id /dpfs/v1 \
  --value s3cr3t >/dev/null 2>&1
check "a value on the command line is no option (exit 2)" test $? = 2
check "... and no refusal was logged" test "$(ops)" = "$ops0"
ctl --json secret add --name-zh 卷密钥 --name-en vol1 --usage-type volume --usage-id /dpfs/v1 \
  --value-file "$T/value" >/dev/null
# the prompt: on a terminal (a tmux pane) without --value-file, asked twice without echo
if command -v tmux >/dev/null; then
  SOCK=ctl-storage-$$
  tm() { tmux -L "$SOCK" "$@"; }
  printf 'set -g remain-on-exit on\nset -g status off\n' >"$T/tmux.conf"
  # (the command in a script: tmux's sh reads no bash quoting)
  {
    echo '#!/bin/bash'
    printf '%q ' env DOSVM_PASSWORD_FILE="$T/pw" ASAN_OPTIONS="${ASAN_OPTIONS:-}" "$CTL" \
      --db "$DB" --user sysadm --json secret add --name-zh 提示 --name-en prompted \
      --usage-type volume --usage-id /dpfs/p1
  } >"$T/prompt.sh"
  tm -f "$T/tmux.conf" new-session -d -x 100 -y 10 "bash $T/prompt.sh"
  pane_has() { # TEXT: wait up to 10 s for TEXT in the pane
    local i
    for ((i = 0; i < 500; i++)); do
      tm capture-pane -p 2>/dev/null | grep -qF -- "$1" && return 0
      sleep 0.02
    done
    return 1
  }
  check "without --value-file on a terminal the value is asked for" pane_has "Value:"
  tm send-keys -l typed-value; tm send-keys Enter
  check "... and asked again" pane_has "Repeat value:"
  tm send-keys -l typed-value; tm send-keys Enter
  check "... then the object is added" pane_has '"prompted"'
  check "... the typed value never echoed" bash -c "! tmux -L '$SOCK' capture-pane -p | grep -q typed-value"
  # dosvmctl has ended (the pane stays: remain-on-exit)
  for ((i = 0; i < 500; i++)); do [ "$(tm display -p '#{pane_dead}' 2>/dev/null)" = 1 ] && break; sleep 0.02; done
  check "... and stored sealed" check_sql "SELECT count(*) FROM secret WHERE name_en = 'prompted'" 1
  tm kill-server 2>/dev/null
  ctl secret delete --secret prompted >/dev/null
fi
ctl --json secret list >"$T/out"
check "secret list (M8.2a)" test "$(jqo 'map(.name_en) | sort | join(",")')" = "chap1,vol1"
ctl --json secret list --usage iqn >"$T/out"
check "... filtered by usage" test "$(jqo 'map(.name_en) | join(",")')" = chap1
ctl --json secret show --secret vol1 >"$T/out"
check "secret show by its English name" test "$(jqo '.[0].usage_id')" = /dpfs/v1
ctl secret show --secret nosuch >/dev/null 2>&1
check "an object that does not exist is not found (exit 3)" test $? = 3
ctl --json secret modify --secret chap1 --description "new text" >"$T/out"
check "secret modify (M8.2c) changes the field given, keeps the rest" \
  test "$(jqo '.[0] | "\(.name_zh)|\(.description)"')" = "存储密钥|new text"
check "... and the value without a value file" \
  check_sql "SELECT value_sealed = '$sealed0' FROM secret WHERE name_en = 'chap1'" 1
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Modify security object|chap1"
printf 'other\n' >"$T/value2"
ctl --json secret modify --secret chap1 --value-file "$T/value2" >/dev/null
check "a value file gives a new value, sealed" \
  check_sql "SELECT value_sealed <> '$sealed0' FROM secret WHERE name_en = 'chap1'" 1
ctl --json secret modify --secret chap1 --name-en "bad name" >"$T/out" 2>/dev/null
check "an invalid English name is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = name-en

# ---- pools (M9.3)
ctl --json pool add --type 3 --name hostdir1 --capacity-mb 512 --target-path /raid/hostdir1 \
  --bound-host alpha --projects "网站,数据" --description "on alpha" >"$T/out" 2>"$T/err"
check "pool add (M9.3.2.4): a host directory pool on its bound host, as a job" test $? = 0
check "... prints the pool in its schema" \
  test "$(jqo '.[0] | "\(.name) \(.type) \(.capacity_mb) \(.bound_host) \(.target_path) \(.id|type)"')" = \
  "hostdir1 3 512 alpha /raid/hostdir1 number"
check "... with its projects" test "$(jqo '.[0].projects | split(",") | sort | join(",")')" = "数据,网站"
check "... in the database, bound" \
  check_sql "SELECT p.type, p.capacity_mb, h.name FROM pool p JOIN host h ON h.id = p.bound_host_id WHERE p.name = 'hostdir1'" \
  "3|512|alpha"
check "... defined on the host" check_sql "SELECT count(*) FROM pool_host" 1
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Add storage pool|hostdir1"
check "... no progress bar in JSON mode" test ! -s "$T/err"
ctl --json pool add --type "DOS directory pool" --name dos1 --capacity-mb 1024 --target-path /dpfs/dos1 >"$T/out"
check "--type takes the type's name too (M9.3.2.1)" test "$(jqo '.[0] | "\(.type) \(.bound_host)"')" = "0 "
ops0=$(ops)
pools0=$(sqlite3 "$DB" "SELECT count(*) FROM pool")
ctl --json pool add --type 0 --name dos2 --capacity-mb 1024 --target-path /srv/dos2 >"$T/out" 2>/dev/null
check "a DOS directory pool outside the shared root is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = target-path
ctl --json pool add --type 0 --name dos2 --capacity-mb many --target-path /dpfs/dos2 >"$T/out" 2>/dev/null
check "a capacity that is no number is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = capacity-mb
ctl --json pool add --type 9 --name dos2 --capacity-mb 1 --target-path /dpfs/dos2 >"$T/out" 2>/dev/null
check "an unknown type is refused (exit 1), naming the field" test $? = 1 -a "$(jqo .error.field)" = type
ctl --json pool add --type 3 --name hd2 --capacity-mb 1 --target-path /raid/hd2 --bound-host omega >"$T/out" 2>/dev/null
check "a bound host that does not exist is not found (exit 3)" test $? = 3 -a "$(jqo .error.field)" = bound-host
ctl pool add --type 3 --name hd2 --capacity-mb 1 --target-path /raid/hd2 --bound-host alpha --projects 无 >/dev/null 2>&1
check "a project that does not exist is not found (exit 3)" test $? = 3
ctl pool add --type 2 --name iscsi1 --capacity-mb 1 --source-host 127.0.0.1 \
  --source-device iqn.2024-01.com.example:t1 --auth-user chap --auth-secret nosuch >/dev/null 2>&1
check "a CHAP secret that does not exist is not found (exit 3)" test $? = 3
check "... none of these wrote a pool or a log row" \
  test "$(sqlite3 "$DB" "SELECT count(*) FROM pool")/$(ops)" = "$pools0/$ops0"
ctl --json pool add --type 2 --name iscsi1 --capacity-mb 1 --source-host 127.0.0.1 \
  --source-device iqn.2024-01.com.example:t9 >"$T/out" 2>/dev/null
check "an iSCSI pool (M9.3.2.3) gets the fixed target path" \
  test "$(jqo '.[0] | "\(.type) \(.target_path) \(.source_device)"')" = "2 /dev/disk/by-path iqn.2024-01.com.example:t9"
ctl --json pool add --type 2 --name iscsi2 --capacity-mb 1 --source-host 127.0.0.1 \
  --source-device iqn.2024-01.com.example:t1 --auth-user chap --auth-secret chap1 >"$T/out" 2>"$T/err"
rc=$?
# the test driver has no secrets: the CHAP secret is found by its name and
# the add reaches the host, which refuses it (exit 4); a real libvirtd
# takes it (tests/storage/svc-secret-libvirt.sh)
check "the CHAP secret by its English name reaches the host (exit 0, or 4 on the test driver)" \
  test $rc = 0 -o $rc = 4
[ $rc = 4 ] && check "... the refused pool left no record" \
  check_sql "SELECT count(*) FROM pool WHERE name = 'iscsi2'" 0

ctl --json pool list >"$T/out"
check "pool list (M9.3.1)" test "$(jqo 'map(.name) | sort | join(",")')" = "dos1,hostdir1,iscsi1"
ctl --json pool list --type 3 >"$T/out"
check "... by type" test "$(jqo 'map(.name) | join(",")')" = hostdir1
ctl --json pool list --bound no --cap-min 100 >"$T/out"
check "... by the query row's fields" test "$(jqo 'map(.name) | join(",")')" = dos1
ctl --json pool list --cap-min lots >"$T/out" 2>/dev/null
check "... an unreadable capacity is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = cap-min
ctl pool show --pool hostdir1 >"$T/out"
check "pool show (M9.3.5) prints the pool's XML raw" grep -q "<name>hostdir1</name>" "$T/out"
check "... with its target" grep -q "<path>/raid/hostdir1</path>" "$T/out"
ctl --json pool show --pool hostdir1 >"$T/out"
check "... and as {\"xml\": ...} in JSON" test "$(jqo '.[0].xml' | grep -c '<pool type=.dir.>')" = 1
ctl pool show --pool nosuch >/dev/null 2>&1
check "a pool that does not exist is not found (exit 3)" test $? = 3
ctl --json pool modify --pool hostdir1 --description "new text" >"$T/out"
check "pool modify (M9.3.3) changes the description" test "$(jqo '.[0].description')" = "new text"
check "... with the console's audit row" \
  test "$(last_op)" = "sysadm|dosvmctl|Modify storage pool description|hostdir1"
long=$(printf 'x%.0s' $(seq 300))
ctl --json pool modify --pool hostdir1 --description "$long" >"$T/out" 2>/dev/null
check "a description that is too long is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = description

# ---- the other types (no traffic: the test driver holds pools in memory)
ctl --json pool add --type 1 --name nfs1 --capacity-mb 10 --target-path /media/nfs1 \
  --source-host 127.0.0.1 --source-format nfs --source-dir /export/a >"$T/out"
check "a network file system pool (M9.3.2.2) with its source" \
  test "$(jqo '.[0] | "\(.type) \(.source_host) \(.source_format) \(.source_dir)"')" = "1 127.0.0.1 nfs /export/a"
ctl --json pool add --type 4 --name vg1 --capacity-mb 10 --target-path /dev/vg1 --bound-host alpha \
  --source-devices "/dev/sda3 /dev/sda4" >"$T/out"
check "a logical volume pool (M9.3.2.6) with its devices" \
  test "$(jqo '.[0] | "\(.type) \(.bound_host) \(.source_devices)"')" = "4 alpha /dev/sda3,/dev/sda4"
ctl --json pool add --type 5 --name disk1 --capacity-mb 10 --bound-host alpha --source-device /dev/sdb \
  --source-format gpt >"$T/out"
check "a disk volume pool (M9.3.2.5) gets the fixed target /dev" \
  test "$(jqo '.[0] | "\(.type) \(.target_path) \(.source_device) \(.source_format)"')" = "5 /dev /dev/sdb gpt"
ctl --json pool add --type 5 --name disk2 --capacity-mb 10 --source-device /dev/sdc >"$T/out" 2>/dev/null
check "... without a bound host it is refused (exit 1), naming the field" \
  test $? = 1 -a "$(jqo .error.field)" = bound-host

# ---- deleting
sqlite3 "$DB" "UPDATE pool SET auth_user = 'chap', auth_secret_id = (SELECT id FROM secret WHERE name_en = 'chap1') WHERE name = 'iscsi1'"
ctl --json secret delete --secret chap1 >"$T/out" 2>/dev/null
rc=$?
check "deleting a secret a pool uses is refused (M8.2d)" test $rc != 0
check "... the object stays" check_sql "SELECT count(*) FROM secret WHERE name_en = 'chap1'" 1
check "... by the in-use rule (exit 1)" test $rc = 1
check "... with the console's message" \
  test "$(jqo .error.message)" = "The security object is in use; it cannot be deleted."
# the projects column: those of the pools the secret authenticates
sqlite3 "$DB" "INSERT INTO pool_project(pool_id, project_id) SELECT p.id, pr.id FROM pool p, project pr WHERE p.name = 'iscsi1' AND pr.name = '网站'"
ctl --json secret show --secret chap1 >"$T/out" 2>/dev/null
check "a secret's projects are those of the pools using it (M8.2a)" test "$(jqo '.[0].projects')" = "网站"
ctl --json secret list --project 网 >"$T/out" 2>/dev/null
check "... and the list is filtered by them" test "$(jqo 'map(.name_en) | join(",")')" = chap1
ctl --json pool delete --pool iscsi1 >"$T/out" 2>"$T/err"
check "pool delete (M9.3.4)" test "$(jqo '.[0].result')" = "The storage pool 'iscsi1' was deleted."
check "... gone from the database" check_sql "SELECT count(*) FROM pool WHERE name = 'iscsi1'" 0
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Delete storage pool|iscsi1"
ctl pool delete --pool iscsi1 >/dev/null 2>&1
check "deleting it again: not found (exit 3)" test $? = 3
sqlite3 "$DB" "INSERT INTO volume(pool_id, name_en, name_zh, path, created_at)
  SELECT id, 'v1', '卷一', '/raid/hostdir1/v1', 0 FROM pool WHERE name = 'hostdir1'"
ctl --json pool delete --pool hostdir1 >"$T/out" 2>/dev/null
check "deleting a pool with volume records is refused (exit 1) (M9.3.4)" test $? = 1
check "... the pool stays" check_sql "SELECT count(*) FROM pool WHERE name = 'hostdir1'" 1
ctl --json secret delete --secret chap1 >"$T/out"
check "secret delete (M8.2d) once unused" \
  test "$(jqo '.[0].result')" = "The security object 'chap1' was deleted."
check "... gone from the database" check_sql "SELECT count(*) FROM secret WHERE name_en = 'chap1'" 0
check "... with the console's audit row" test "$(last_op)" = "sysadm|dosvmctl|Delete security object|chap1"

# ---- who may, and Chinese
DOSVM_PASSWORD_FILE=$T/zpw "$CTL" --db "$DB" --user zhou --json pool list >"$T/out" 2>/dev/null
check "a project administrator may not manage the system's pools (exit 1)" test $? = 1
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 ctl pool add --type 0 --name dos1 --capacity-mb 1 \
  --target-path /dpfs/dos9 >/dev/null 2>"$T/err"
msg=$(LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 TEXTDOMAINDIR=$DOSVM_LOCALEDIR gettext dosvm "The storage pool name '%s' already exists." 2>/dev/null)
check "in zh_CN the refusal is in Chinese" grep -q "$(printf "${msg:-x%s}" dos1)" "$T/err"
echo "1..$N"
exit $FAILED
