# tests/lib/libvirtd.sh - a real libvirtd on qemu:///system for the tier-4
# scripts (sourced): reuse a running one, else start a private one as
# ../shared/TESTING.md describes (the user libvirt-qemu, QEMU run as root
# when the machine has no qemu.conf of its own, libvirtd -d with its own
# log), and stop only what was started.
#
#   libvirtd_skip_reasons               prints why this machine cannot (empty: it can)
#   libvirtd_start DIR                  start (or reuse) with its log and PID file in DIR;
#                                       false, with the log on stdout as TAP comments, on failure.
#                                       It first takes a lock held until the script exits, so
#                                       that tier-4 scripts run by `make -j check` take turns
#                                       (one would otherwise stop the daemon another reuses)
#   libvirtd_stop                       remove the storage pools and networks defined since
#                                       libvirtd_start (the script's own: the scripts take turns),
#                                       then stop a private libvirtd started above
#   libvirtd_run_helper PROGRAM TOOL... the whole of a tier-4 script around a TAP program:
#                                       skip (with the reason) without root, libvirtd or one of
#                                       the TOOLs; start or reuse the daemon; run PROGRAM with
#                                       DOSVM_REAL_LIBVIRT=1 and TMPDIR in a private directory
#   libvirt_up                          the daemon answers on $LV_URI

LV_URI=qemu:///system
LV_PID=

libvirt_up() { virsh -c "$LV_URI" nodeinfo >/dev/null 2>&1; }

# the pools and networks libvirt had when the script began (libvirtd_start)
LV_BEFORE=
lv_objects() { # the pools and networks, one "pool NAME" or "net NAME" a line
  virsh -q -c "$LV_URI" pool-list --all --name 2>/dev/null | sed '/^$/d; s/^/pool /'
  virsh -q -c "$LV_URI" net-list --all --name 2>/dev/null | sed '/^$/d; s/^/net /'
}
lv_note_objects() { [ -n "$LV_BEFORE" ] || LV_BEFORE=$(lv_objects; echo end); }
lv_forget_new() { # destroy and undefine what the script left defined
  local kind name
  [ -n "$LV_BEFORE" ] && libvirt_up || return 0
  lv_objects | while read -r kind name; do
    printf '%s\n' "$LV_BEFORE" | grep -qxF "$kind $name" && continue
    virsh -q -c "$LV_URI" "$kind-destroy" "$name" >/dev/null 2>&1
    virsh -q -c "$LV_URI" "$kind-undefine" "$name" >/dev/null 2>&1
  done
}

libvirtd_skip_reasons() {
  [ "$(id -u)" = 0 ] || echo "starting a system libvirtd needs root"
  command -v libvirtd >/dev/null || echo "libvirtd is not installed (libvirt-daemon, libvirt-daemon-driver-qemu)"
  command -v virsh >/dev/null || echo "virsh is not installed (libvirt-clients)"
}

libvirtd_start() { # DIR
  exec {LV_LOCK_FD}>"${TMPDIR:-/tmp}/dosvm-libvirtd.lock"
  flock "$LV_LOCK_FD"
  if libvirt_up; then
    echo "# reusing the running libvirtd"
    lv_note_objects
    return 0
  fi
  mkdir -p /var/log/libvirt /var/lib/libvirt /var/cache/libvirt
  # the QEMU driver looks its user up before it reads qemu.conf
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    useradd --system --no-create-home --home-dir /var/lib/libvirt --gid libvirt-qemu \
      --shell /usr/sbin/nologin libvirt-qemu
  # QEMU as root (TESTING.md): the guests' files sit in private temporary
  # directories, and a libvirt-qemu user without /dev/kvm makes every
  # capabilities lookup probe QEMU again (about 4 s each)
  [ -e /etc/libvirt/qemu.conf ] ||
    printf 'user = "root"\ngroup = "root"\n' >/etc/libvirt/qemu.conf
  LV_PID=$1/libvirtd.pid
  printf 'log_outputs = "1:file:%s/libvirtd.log"\n' "$1" >"$1/libvirtd.conf"
  # the daemon must not inherit the lock: it would hold it after the script
  libvirtd -d -f "$1/libvirtd.conf" -p "$LV_PID" {LV_LOCK_FD}>&-
  for _ in $(seq 150); do libvirt_up && break; sleep 0.2; done
  if ! libvirt_up; then
    echo "# libvirtd did not come up:"; sed 's/^/# | /' "$1/libvirtd.log" 2>/dev/null | tail -20
    return 1
  fi
  echo "# started a private libvirtd (PID $(cat "$LV_PID"))"
  lv_note_objects
}

libvirtd_stop() {
  lv_forget_new
  [ -n "$LV_PID" ] && [ -s "$LV_PID" ] || return 0
  local p
  p=$(cat "$LV_PID")
  kill "$p" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
}

libvirtd_run_helper() { # PROGRAM TOOL...
  local helper=$1 dir why t
  shift
  why=$(libvirtd_skip_reasons)
  for t in "$@"; do command -v "$t" >/dev/null || why="$why $t is not installed"; done
  [ -x "$helper" ] || why="$why $helper is not built"
  if [ -n "$why" ]; then echo "1..0 # SKIP $why"; return 0; fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-tier4.XXXXXX")
  trap 'libvirtd_stop; rm -rf "'"$dir"'"' EXIT
  if ! libvirtd_start "$dir"; then
    echo "not ok 1 - a private libvirtd starts"; echo "1..1"; return 1
  fi
  # not exec: the EXIT trap must still stop a private libvirtd
  TMPDIR=$dir DOSVM_REAL_LIBVIRT=1 "$helper"
}
