# tests/lib/twohosts.sh - two real libvirtd "hosts" A and B on one machine
# for the tier-4 migration scripts (sourced), as ../shared/TESTING.md's "Two
# hosts on one machine" describes: each runs in a network namespace made
# here plus its own mount and UTS namespace (unshare --mount --uts), with
# /etc/libvirt, /run/libvirt, /var/lib/libvirt, /var/log/libvirt and
# /var/cache/libvirt bind-mounted from DIR/a or DIR/b, the cgroup v1
# controllers mounted again inside (ip netns exec mounts a fresh /sys, which
# hides them; without them CPU statistics fail), its own virtlogd (no socket
# activation here), a host_uuid of its own (else libvirt refuses "migrate
# guest to the same host") and QEMU run as root (else every call probes
# QEMU's capabilities again).  A veth pair joins the two namespaces
# (A 10.250.0.1/30, B 10.250.0.2/30) and each qemu.conf names its end as
# migration_host and migration_address: the migration data of a peer-to-peer
# migration that is not tunnelled goes from QEMU to QEMU over it.  Clients,
# and each daemon for the other (peer to peer), reach a host on its unix
# socket DIR/X/run/libvirt-sock, which every namespace sees.
#
#   twohosts_skip_reasons   prints why this machine cannot (empty: it can)
#   twohosts_start DIR      start both, their files under DIR (made searchable
#                           by QEMU); prints nothing on success and exports
#                           TH_URI_A and TH_URI_B (qemu+unix:///system?socket=…);
#                           false, with what the logs say as TAP comments, on
#                           failure.  It first takes the lock of libvirtd.sh
#                           (${TMPDIR:-/tmp}/dosvm-libvirtd.lock), held until
#                           the script exits, so that tier-4 scripts run by
#                           `make -j check` take turns; TH_LOCK_WAIT gets the
#                           seconds it waited for it
#   twohosts_stop           destroy the domains still running (through their
#                           daemon, which removes their cgroups), kill both
#                           daemons, the QEMU processes and virtlogds of their
#                           namespaces, and delete the namespaces (their veth
#                           ends go with them); safe to call twice
#   th_virsh A|B ARGS...    virsh on that host
#
# Facts (TESTING.md, libvirt 9.0, TCG, measured here): both hosts answer
# about 0.5 s after the start once QEMU's capabilities are cached (the
# machine's cache is copied into each host's /var/cache/libvirt to spare the
# first probe; libvirt checks it and probes again when it does not fit).
# The tiny guest of guest.sh moves A -> B in about 3.2 s (peer to peer, not
# tunnelled, over the veth).  Both daemons number their domains from 1 and
# share the machine's cgroup v1 hierarchies, so source and target use the
# same cgroup (machine/qemu-1-NAME.libvirt-qemu): the source's cleanup logs
# "Unable to remove ... (16)" (EBUSY) and leaves it to the target; harmless.

TH_URI_A=
TH_URI_B=
TH_DIR=
TH_NS_A=
TH_NS_B=
TH_LOCK_WAIT=

th_virsh() { # A|B ARGS...
  local uri=$TH_URI_A
  [ "$1" = B ] && uri=$TH_URI_B
  shift
  virsh -q -c "$uri" "$@"
}

twohosts_skip_reasons() {
  local t
  [ "$(id -u)" = 0 ] || echo "network and mount namespaces need root"
  for t in libvirtd virtlogd virsh ip unshare mount flock qemu-system-x86_64; do
    command -v "$t" >/dev/null || echo "$t is not installed"
  done
  [ -d /sys/fs/cgroup/cpuacct ] || [ -d /sys/fs/cgroup/cpu,cpuacct ] ||
    echo "no cgroup v1 cpuacct controller (the two-host recipe mounts the v1 controllers)"
}

# the cgroup v1 controllers mounted on this machine, by their mount options
th_cgroup_controllers() {
  awk '$3 == "cgroup" { n = split($4, o, ","); c = "";
         for (i = 1; i <= n; i++)
           if (o[i] !~ /^(rw|ro|relatime|noatime|nosuid|nodev|noexec|name=.*)$/)
             c = c (c == "" ? "" : ",") o[i];
         if (c != "") print c }' /proc/mounts | sort -u
}

# th_host_start X IP: start host X (a or b) in its namespaces
th_host_start() { # X IP
  local x=$1 ip=$2 r=$TH_DIR/$1 ns c mounts=
  ns=$TH_NS_A
  [ "$x" = b ] && ns=$TH_NS_B
  mkdir -p "$r"/{etc,run,lib,log,cache/qemu/capabilities} || return 1
  cp /var/cache/libvirt/qemu/capabilities/*.xml "$r/cache/qemu/capabilities/" 2>/dev/null
  printf 'log_outputs = "1:file:%s/libvirtd.log"\nhost_uuid = "%s"\n' "$r" \
    "$(cat /proc/sys/kernel/random/uuid)" >"$r/etc/libvirtd.conf"
  printf 'user = "root"\ngroup = "root"\nmigration_host = "%s"\nmigration_address = "%s"\n' \
    "$ip" "$ip" >"$r/etc/qemu.conf"
  for c in $(th_cgroup_controllers); do
    mounts="$mounts mkdir -p /sys/fs/cgroup/$c && mount -t cgroup -o $c cgroup /sys/fs/cgroup/$c &&"
  done
  # the daemons must not inherit the lock: they would hold it after the script
  ip netns exec "$ns" unshare --mount --uts --propagation private sh -c "
    mount --bind '$r/etc' /etc/libvirt && mount --bind '$r/run' /run/libvirt &&
    mount --bind '$r/lib' /var/lib/libvirt && mount --bind '$r/log' /var/log/libvirt &&
    mount --bind '$r/cache' /var/cache/libvirt && hostname dosvm-host-$x &&
    mount -t tmpfs cgroup /sys/fs/cgroup && $mounts
    virtlogd -d -p '$r/virtlogd.pid' &&
    exec libvirtd -d -f /etc/libvirt/libvirtd.conf -p '$r/libvirtd.pid'" \
    >"$r/start.log" 2>&1 {TH_LOCK_FD}>&-
}

th_up() { virsh -c "$1" nodeinfo >/dev/null 2>&1; }

th_show_logs() {
  local x
  for x in a b; do
    echo "# host $x:"
    cat "$TH_DIR/$x/start.log" "$TH_DIR/$x/libvirtd.log" 2>/dev/null | grep -v ': debug :' |
      tail -15 | sed 's/^/# | /'
  done
}

twohosts_start() { # DIR
  local x
  local t0
  exec {TH_LOCK_FD}>"${TMPDIR:-/tmp}/dosvm-libvirtd.lock"
  t0=$(date +%s.%N)
  flock "$TH_LOCK_FD"
  # shellcheck disable=SC2034 # the caller's
  TH_LOCK_WAIT=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
  TH_DIR=$1
  # QEMU runs as root, but a stricter parent would hide the guests' files
  mkdir -p "$TH_DIR" && chmod go+x "$TH_DIR" || return 1
  TH_NS_A=dosvm-th-a-$$
  TH_NS_B=dosvm-th-b-$$
  # the QEMU driver looks its user up before it reads qemu.conf
  getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
  getent passwd libvirt-qemu >/dev/null ||
    useradd --system --no-create-home --home-dir /var/lib/libvirt --gid libvirt-qemu \
      --shell /usr/sbin/nologin libvirt-qemu
  mkdir -p /run/libvirt /var/lib/libvirt /etc/libvirt /var/log/libvirt /var/cache/libvirt
  if ! { ip netns add "$TH_NS_A" && ip netns add "$TH_NS_B"; }; then
    echo "# ip netns add failed"; return 1
  fi
  if ! { ip -n "$TH_NS_A" link set lo up && ip -n "$TH_NS_B" link set lo up &&
         ip link add "thA$$" type veth peer name "thB$$" &&
         ip link set "thA$$" netns "$TH_NS_A" name mig0 &&
         ip link set "thB$$" netns "$TH_NS_B" name mig0 &&
         ip -n "$TH_NS_A" addr add 10.250.0.1/30 dev mig0 &&
         ip -n "$TH_NS_B" addr add 10.250.0.2/30 dev mig0 &&
         ip -n "$TH_NS_A" link set mig0 up && ip -n "$TH_NS_B" link set mig0 up; }; then
    echo "# the veth pair between the namespaces failed"; return 1
  fi
  if ! { th_host_start a 10.250.0.1 && th_host_start b 10.250.0.2; }; then
    echo "# a host did not start:"; th_show_logs; return 1
  fi
  TH_URI_A="qemu+unix:///system?socket=$TH_DIR/a/run/libvirt-sock"
  TH_URI_B="qemu+unix:///system?socket=$TH_DIR/b/run/libvirt-sock"
  export TH_URI_A TH_URI_B
  for x in $(seq 150); do th_up "$TH_URI_A" && th_up "$TH_URI_B" && break; sleep 0.2; done
  if ! th_up "$TH_URI_A" || ! th_up "$TH_URI_B"; then
    echo "# a libvirtd did not come up:"; th_show_logs
    return 1
  fi
}

# kill what runs in namespace NS (libvirtd first: it would restart nothing,
# but QEMU must not be left to a daemon that is going away)
th_ns_kill() { # NS PIDFILE
  local pid pids
  [ -n "$1" ] || return 0
  ip netns list 2>/dev/null | grep -qw "$1" || return 0
  pid=$(cat "$2" 2>/dev/null)
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  for _ in $(seq 50); do
    mapfile -t pids < <(ip netns pids "$1" 2>/dev/null)
    [ "${#pids[@]}" = 0 ] && break
    kill "${pids[@]}" 2>/dev/null
    sleep 0.1
  done
  mapfile -t pids < <(ip netns pids "$1" 2>/dev/null)
  [ "${#pids[@]}" = 0 ] || kill -9 "${pids[@]}" 2>/dev/null
  ip netns del "$1" 2>/dev/null
}

twohosts_stop() {
  local x d
  [ -n "$TH_DIR" ] || return 0
  # destroyed by their daemon, the domains leave no cgroups behind
  for x in A B; do
    th_virsh "$x" list --name 2>/dev/null | while read -r d; do
      [ -n "$d" ] && th_virsh "$x" destroy "$d" >/dev/null 2>&1
    done
  done
  th_ns_kill "$TH_NS_A" "$TH_DIR/a/libvirtd.pid"
  th_ns_kill "$TH_NS_B" "$TH_DIR/b/libvirtd.pid"
  TH_NS_A='' TH_NS_B='' TH_DIR=''
}
