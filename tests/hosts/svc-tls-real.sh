#!/bin/bash
# svc-tls-real.sh - tier 4: qemu+tls:// with the console's TLS settings
# (M4.4.3, M13.2.2 applied).  A real libvirtd in a network and mount
# namespace made here listens with TLS on 10.251.0.2 with the server files
# dosvm-cert made; the core, with the CA, client certificate and key saved
# as the management-site parameters, adds the host by qemu+tls:// and reads
# its node information.  A client certificate of another CA is refused and
# the error says why; a client key that cannot be read is named.  Traffic
# goes only into the namespace.  Skipped without root, libvirtd, certtool,
# ip or unshare.
# features: M4.4.3 M13.2.2
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
CERT=$top_builddir/cli/dosvm-cert
DVTOOL=$top_builddir/tests/lib/dvtool
IP=10.251.0.2
N=0
FAILED=0
tap() { N=$((N + 1)); if [ "$1" = 0 ]; then echo "ok $N - $2"; else FAILED=1; echo "not ok $N - $2"; fi; }
check() { local d=$1; shift; "$@"; tap $? "$d"; }

why=
[ "$(id -u)" = 0 ] || why="namespaces need root"
for t in libvirtd virsh certtool ip unshare flock sqlite3; do
  command -v "$t" >/dev/null || why="$why $t is not installed"
done
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

# tier-4 scripts take turns (tests/lib/libvirtd.sh's lock)
exec {LOCK}>"${TMPDIR:-/tmp}/dosvm-libvirtd.lock"
flock "$LOCK"
T=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-tls.XXXXXX")
NS=dosvm-tls-$$
R=$T/host
cleanup() {
  local p
  p=$(cat "$R/libvirtd.pid" 2>/dev/null)
  [ -n "$p" ] && kill "$p" 2>/dev/null
  for _ in $(seq 50); do [ -z "$p" ] || ! kill -0 "$p" 2>/dev/null && break; sleep 0.1; done
  ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null
  ip netns del "$NS" 2>/dev/null
  rm -rf "$T"
}
trap cleanup EXIT

ip netns add "$NS" && ip -n "$NS" link set lo up &&
  ip link add "tlsR$$" type veth peer name "tlsN$$" &&
  ip link set "tlsN$$" netns "$NS" name tls0 &&
  ip addr add 10.251.0.1/30 dev "tlsR$$" && ip link set "tlsR$$" up &&
  ip -n "$NS" addr add "$IP/30" dev tls0 && ip -n "$NS" link set tls0 up ||
  { echo "not ok 1 - the network namespace"; echo "1..1"; exit 1; }

cd "$T" || exit 1
check "dosvm-cert makes the CA" sh -c "'$CERT' ca >/dev/null"
check "... and the server's files for $IP" sh -c "'$CERT' server $IP >/dev/null"
S=$T/$IP
mkdir -p "$R"/{etc,run,lib,log,cache}
cat >"$R/etc/libvirtd.conf" <<CONF
listen_tls = 1
listen_tcp = 0
listen_addr = "$IP"
auth_tls = "none"
key_file = "$S/serverkey.pem"
cert_file = "$S/servercert.pem"
ca_file = "$S/cacert.pem"
host_uuid = "$(cat /proc/sys/kernel/random/uuid)"
log_outputs = "1:file:$R/libvirtd.log"
CONF
printf 'user = "root"\ngroup = "root"\n' >"$R/etc/qemu.conf"
ip netns exec "$NS" unshare --mount --uts --propagation private sh -c "
  mount --bind '$R/etc' /etc/libvirt && mount --bind '$R/run' /run/libvirt &&
  mount --bind '$R/lib' /var/lib/libvirt && mount --bind '$R/log' /var/log/libvirt &&
  mount --bind '$R/cache' /var/cache/libvirt && hostname dosvm-tls-host &&
  exec libvirtd -d -l -f /etc/libvirt/libvirtd.conf -p '$R/libvirtd.pid'" \
  >"$R/start.log" 2>&1 {LOCK}>&-
URI="qemu+tls://$IP/system"
for _ in $(seq 100); do
  virsh -c "$URI?pkipath=$S" nodeinfo >/dev/null 2>&1 && break; sleep 0.2
done
if ! virsh -c "$URI?pkipath=$S" nodeinfo >/dev/null 2>&1; then
  tap 1 "libvirtd listens with TLS on $IP"
  sed 's/^/# | /' "$R/start.log" "$R/libvirtd.log" 2>/dev/null | grep -v debug | tail -20
  echo "1..$N"; exit 1
fi
tap 0 "libvirtd listens with TLS on $IP (the server files of dosvm-cert)"

# the console's TLS settings, then the host added through qemu+tls://
DB=$T/dosvm.db
"$DVTOOL" init "$DB" >/dev/null
check "the TLS settings are saved (M13.2.2)" \
  "$DVTOOL" site-tls "$DB" "$T/cacert.pem" "$S/clientcert.pem" "$S/clientkey.pem"
"$DVTOOL" add-host "$DB" tlshost "$URI" >out 2>err
check "the core adds the host through $URI with them (M4.4.3)" test $? = 0
[ -s err ] && sed 's/^/# /' err
check "... and reads its node information" \
  test "$(sqlite3 "$DB" "SELECT uri, cpu_cores > 0, mem_total_mb > 0 FROM host")" = "$URI|1|1"

# a client certificate of another CA
mkdir -p "$T/other" && (cd "$T/other" && "$CERT" ca >/dev/null && "$CERT" server "$IP" >/dev/null)
DB2=$T/other.db
"$DVTOOL" init "$DB2" >/dev/null
"$DVTOOL" site-tls "$DB2" "$T/cacert.pem" "$T/other/$IP/clientcert.pem" "$T/other/$IP/clientkey.pem"
"$DVTOOL" add-host "$DB2" tlshost "$URI" >out 2>err
check "a client certificate of another CA is refused" test $? != 0
sed 's/^/# /' err
check "... the error says why (the certificate)" grep -qi "certificate" err
check "... naming the configured file, not a link of dosvm's" grep -qF "$T/other/$IP/clientcert.pem" err
check "... and nothing is recorded" test "$(sqlite3 "$DB2" "SELECT count(*) FROM host")" = 0

# a client key that cannot be read
mkdir -p "$T/k" && cp "$S/clientkey.pem" "$T/k/clientkey.pem"
DB3=$T/missing.db
"$DVTOOL" init "$DB3" >/dev/null
"$DVTOOL" site-tls "$DB3" "$T/cacert.pem" "$S/clientcert.pem" "$T/k/clientkey.pem"
rm -f "$T/k/clientkey.pem"
"$DVTOOL" add-host "$DB3" tlshost "$URI" >out 2>err
check "a client key that is gone is refused" test $? != 0
sed 's/^/# /' err
check "... naming the file" grep -qF "$T/k/clientkey.pem" err
echo "1..$N"
exit $FAILED
