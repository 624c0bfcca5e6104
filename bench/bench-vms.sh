#!/bin/bash
# bench-vms.sh - the console's VM list at scale beside virsh (issue 11), on
# demand (`make bench-vms`, part of `make bench`), never a timed test.
#
# bench/bench-vms makes 10,000 VMs on 200 test-driver hosts and the file
# all.xml with the same 10,000 domains.  Then, BENCH_RUNS times, the real
# console starts in a private tmux server (80x24) on that database; the
# project admin logs in and opens VM management -> Project VMs, each key
# sent as soon as the screen before it shows.  The script polls the pane
# and takes, at the first frame showing the VM rows, the time since the
# console was started and its VmRSS / VmHWM (/proc/PID/status).  Then it
# times `virsh -c test:///DIR/all.xml list --all` on the same file, with
# its maximum RSS from /usr/bin/time, and prints the medians side by side
# with their ratio (dosvm / virsh).
#
#   BENCH_DIR=DIR    where the data goes (default: a temporary directory,
#                    removed at the end); BENCH_REUSE=1 keeps DIR's data
#   BENCH_VMS=N      fewer VMs for a quick run (default 10000)
#   BENCH_RUNS=N     runs of each side (default 3)
#   BENCH_SIZE=CxL   the pane (default 80x24, the console's target)
#   BENCH_POLL=S     the pane is polled every S seconds (default 0.005)
set -u

: "${top_builddir:?run through make bench-vms}"
: "${top_srcdir:?run through make bench-vms}"

VMS=${BENCH_VMS:-10000}
RUNS=${BENCH_RUNS:-3}
SIZE=${BENCH_SIZE:-80x24}
POLL=${BENCH_POLL:-0.005}
DOSVM=$top_builddir/ui/dosvm
if [ -n "${BENCH_DIR:-}" ]; then
  DIR=$BENCH_DIR
  KEEP=1
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-bench-vms.XXXXXX")
  KEEP=0
fi
SOCK=dosvm-bench-$$
WORK=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-bench-run.XXXXXX")

# shellcheck disable=SC2317 # run by the trap
cleanup() {
  tmux -L "$SOCK" kill-server 2>/dev/null
  rm -rf "$WORK"
  [ "$KEEP" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT

for t in tmux virsh; do
  command -v $t >/dev/null || { echo "bench-vms: $t is not installed" >&2; exit 1; }
done

# ---------------------------------------------------------------- the data
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ "${BENCH_REUSE:-0}" = 1 ] && [ -s "$DIR/bench.out" ]; then
  echo "bench-vms: reusing the data in $DIR"
else
  echo "bench-vms: making $VMS VMs on 200 test-driver hosts in $DIR ..."
  "$top_builddir/bench/bench-vms" "$DIR" "$VMS" >"$DIR/bench.out" || exit 1
fi
val() { sed -n "s/^$1 //p" "$DIR/bench.out"; }
DB=$(val db)
ALL=$(val all_xml)
ACCOUNT=$(val account)
PASSWORD=$(val password)
NVMS=$(val vms)
sed 's/^/  /' "$DIR/bench.out"

# ---------------------------------------------------------------- helpers
# a wait without a fork: read with a timeout on a FIFO nobody writes
mkfifo "$WORK/fifo"
exec {NAP}<>"$WORK/fifo"
nap() { read -r -t "$POLL" -u "$NAP" _; }
now_us() { local t=$EPOCHREALTIME; printf '%s' "${t//[!0-9]/}"; }
tm() { tmux -L "$SOCK" "$@"; }

# wait_for TEXT... : poll until every TEXT is on the pane (at most 120 s);
# FRAME_US gets the time the capture that showed them returned
wait_for() {
  local s t until=$(($(now_us) + 120000000))
  while :; do
    s=$(tm capture-pane -p -t b 2>/dev/null)
    FRAME_US=$(now_us)
    local all=1
    for t in "$@"; do [[ $s == *"$t"* ]] || { all=0; break; }; done
    [ $all = 1 ] && return 0
    if [ "$FRAME_US" -gt "$until" ] || ! kill -0 "$PID" 2>/dev/null; then
      echo "bench-vms: waited in vain for: $*" >&2
      printf '%s\n' "$s" | sed 's/^/  |/' >&2
      return 1
    fi
    nap
  done
}

status_kib() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$PID/status"; }
# mem: "VmRSS RssAnon VmHWM" of the console now, in KiB
mem() { echo "$(status_kib VmRSS) $(status_kib RssAnon) $(status_kib VmHWM)"; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ---------------------------------------------------------------- the console
# one_run: start the console, log in, open Project VMs; append the figures
one_run() {
  local cols=${SIZE%x*} lines=${SIZE#*x} t_login t_main t_inst t_vms t_key
  rm -f "$WORK/start"
  printf 'set -g remain-on-exit on\nset -g status off\n' >"$WORK/tmux.conf"
  # the pane's program notes its PID and the clock, then becomes the console
  # shellcheck disable=SC2016 # expanded by that bash
  tm -f "$WORK/tmux.conf" new-session -d -s b -x "$cols" -y "$lines" \
    "$(printf '%q ' bash -c 'echo "$$ $EPOCHREALTIME" >"$0"; exec "$@"' "$WORK/start" \
      env -u LANGUAGE LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC DOSVM_CHECK_KEYLOOP=1 \
      DOSVM_LOCALEDIR="$top_builddir/locale" DOSVM_DATADIR="$top_srcdir/data" \
      "$DOSVM" --db "$DB")"
  until [ -s "$WORK/start" ]; do nap; done
  read -r PID T0 <"$WORK/start"
  T0=${T0//[!0-9]/}

  wait_for "Log in to the management system" "Account" || return 1
  t_login=$FRAME_US
  local m_login m_main
  m_login=$(mem)
  tm send-keys -t b PPage C-u
  tm send-keys -t b -l "$ACCOUNT"
  tm send-keys -t b Tab C-u
  tm send-keys -t b -l "$PASSWORD"
  t_key=$(now_us)
  tm send-keys -t b Enter
  wait_for "Resource usage: " "green: free" || return 1
  t_main=$FRAME_US
  m_main=$(mem)
  local login_ms
  login_ms=$(ms "$t_key" "$t_main")
  t_key=$(now_us)
  tm send-keys -t b 5
  wait_for "Instance information" "inst-000" "(of " || return 1
  t_inst=$FRAME_US
  local inst_ms
  inst_ms=$(ms "$t_key" "$t_inst")
  t_key=$(now_us)
  tm send-keys -t b Escape Home Down Enter
  wait_for "Run state" "vm-00000" "(of $NVMS)" || return 1
  t_vms=$FRAME_US
  # fields: total, the four steps, VmRSS RssAnon VmHWM at the VM list, at
  # the login dialog and on Resource usage
  echo "$(ms "$T0" "$t_vms") $(ms "$T0" "$t_login") $login_ms $inst_ms $(ms "$t_key" "$t_vms") \
$(mem) $m_login $m_main" >>"$WORK/dosvm"
  [ -n "${BENCH_SHOW:-}" ] && tm capture-pane -p -t b | sed 's/^/  |/'
  tm kill-server 2>/dev/null
  while kill -0 "$PID" 2>/dev/null; do nap; done
  return 0
}

# ---------------------------------------------------------------- virsh
virsh_run() {
  local t0 t1 n
  t0=$(now_us)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' -o "$WORK/time" virsh -c "test://$ALL" list --all >"$WORK/virsh.out"
  else
    virsh -c "test://$ALL" list --all >"$WORK/virsh.out" &
    local p=$! m=0 r
    while kill -0 $p 2>/dev/null; do
      r=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' /proc/$p/status 2>/dev/null)
      [ -n "$r" ] && [ "$r" -gt "$m" ] && m=$r
      nap
    done
    wait $p
    echo "$m" >"$WORK/time"
  fi
  t1=$(now_us)
  n=$(grep -c ' vm-' "$WORK/virsh.out")
  [ "$n" = "$NVMS" ] || { echo "bench-vms: virsh listed $n domains, not $NVMS" >&2; return 1; }
  echo "$(ms "$t0" "$t1") $(tail -n 1 "$WORK/time")" >>"$WORK/virsh"
}

: >"$WORK/dosvm"
: >"$WORK/virsh"
for ((r = 1; r <= RUNS; r++)); do
  one_run || exit 1
  virsh_run || exit 1
done

col() { awk -v c="$2" '{ print $c }' "$WORK/$1" | median; }
D_STEPS=$(awk '{ print $2 + $3 + $4 + $5 }' "$WORK/dosvm" | median)
D_WALL=$(col dosvm 1)
D_RSS=$(col dosvm 6)
D_HWM=$(col dosvm 8)
V_TIME=$(col virsh 1)
V_RSS=$(col virsh 2)

build=optimised
if ldd "$DOSVM" 2>/dev/null | grep -q 'libasan'; then
  build="with sanitizers (ASan/UBSan): times and memory are inflated;"
  build+=" configure without --enable-sanitizers for the figures"
fi
echo
echo "bench-vms: $NVMS VMs on 200 hosts, one project; pane $SIZE; median of $RUNS runs;"
echo "pane polled every ${POLL} s; build $build"
echo
awk -v ds="$D_STEPS" -v dw="$D_WALL" -v vt="$V_TIME" -v dr="$D_RSS" -v dh="$D_HWM" \
  -v vr="$V_RSS" -v n="$NVMS" '
function row(m, d, v, u) { printf "%-44s %9.1f %9.1f %7.2f  %s\n", m, d, v, (v > 0 ? d / v : 0), u }
BEGIN {
  printf "%-44s %9s %9s %7s\n", "metric", "dosvm", "virsh", "ratio"
  row("start to the first frame of the VM list", ds, vt, "ms")
  row("  wall clock, with the typing", dw, vt, "ms")
  row("resident memory at that frame (VmRSS)", dr / 1024, vr / 1024, "MiB")
  row("peak resident memory (VmHWM)", dh / 1024, vr / 1024, "MiB")
  printf "virsh: list --all of the %d domains of all.xml, wall clock; memory: its max RSS\n", n
}'
echo
echo "dosvm by step (medians; each key sent when the screen before it showed):"
mib() { awk -v k="$1" 'BEGIN { printf "%7.1f", k / 1024 }'; }
printf '  %-40s %8s  %7s %7s %7s\n' "" "ms" "VmRSS" "RssAnon" "VmHWM"
step() { # LABEL TIME-COLUMN [MEMORY-COLUMN]
  printf '  %-40s %8.1f' "$1" "$(col dosvm "$2")"
  [ -n "${3:-}" ] && printf '  %s %s %s MiB' "$(mib "$(col dosvm "$3")")" \
    "$(mib "$(col dosvm $(($3 + 1)))")" "$(mib "$(col dosvm $(($3 + 2)))")"
  echo
}
step "start -> login dialog" 2 9
step "Enter on the login -> Resource usage" 3 12
step "key 5 -> Instance information" 4
step "Esc Home Down Enter -> Project VMs rows" 5 6
[ "$KEEP" = 1 ] && echo "data kept in $DIR (BENCH_REUSE=1 to run on it again)"
exit 0
