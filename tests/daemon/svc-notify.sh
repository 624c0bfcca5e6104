#!/bin/bash
# svc-notify.sh - dosvmd under systemd's eyes (issue 12, point 2): the unit
# made by make names configure's sbindir and runs dosvmd in the foreground
# with the type configure chose; --write-uuid writes the host_uuid once (the
# unit's ExecStartPre); built with libsystemd, dosvmd sends READY=1 on
# $NOTIFY_SOCKET only once its host is registered, and STOPPING=1 on SIGTERM.
# The socket's listener is perl's (perl-base is essential in Debian).
# features: M4.5a M6.2.2
. "$top_srcdir/tests/lib/svc.sh"

notify=no
grep -q '^#define HAVE_LIBSYSTEMD 1' "$top_builddir/config.h" && notify=yes
sbindir=$(sed -n 's/^sbindir = //p' "$top_builddir/Makefile")
prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
exec_prefix=$(sed -n 's/^exec_prefix = //p' "$top_builddir/Makefile")
sbindir=${sbindir//'${exec_prefix}'/$exec_prefix}
sbindir=${sbindir//'${prefix}'/$prefix}

# ---------------------------------------------------------------- the unit
UNIT=$top_builddir/dosvmd.service
check "make wrote the unit (all)" test -s "$UNIT"
check "no @...@ left in the unit" sh -c "! grep -q '@[A-Za-z_]*@' '$UNIT'"
check "ExecStart runs $sbindir/dosvmd in the foreground" \
  grep -qx "ExecStart=$sbindir/dosvmd -d -c /etc/dosvmd.conf --pid-file /run/dosvmd/dosvmd.pid" "$UNIT"
check "ExecStartPre writes the host_uuid outside the sandbox" \
  grep -qx "ExecStartPre=+$sbindir/dosvmd --write-uuid -c /etc/dosvmd.conf" "$UNIT"
if [ "$notify" = yes ]; then want=notify; else want=simple; fi
check "Type=$want (libsystemd: $notify)" grep -qx "Type=$want" "$UNIT"
for k in ProtectSystem=strict ProtectHome=read-only PrivateTmp=yes NoNewPrivileges=yes \
    "ReadWritePaths=-/var/lib/dosvm /var/log"; do
  check "hardening: $k" grep -qx "$k" "$UNIT"
done
check "no PrivateNetwork (bridges, gateways, remote hosts)" sh -c "! grep -q '^PrivateNetwork' '$UNIT'"

# ---------------------------------------------------------------- --write-uuid
write_conf
"$DOSVMD" --write-uuid -c "$CONF" >"$TMPD/out" 2>&1
check "--write-uuid exits 0" test $? = 0
uuid=$(sed -n 's/^host_uuid *= *//p' "$CONF")
check "--write-uuid wrote a UUID" sh -c "echo '$uuid' | grep -Eqx '[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}'"
check "--write-uuid says so" contains "$TMPD/out" "Wrote the host UUID $uuid into $CONF."
cp "$CONF" "$TMPD/before"
"$DOSVMD" --write-uuid -c "$CONF" >"$TMPD/out" 2>&1
check "again: exit 0, silent" sh -c "test $? = 0 && ! test -s '$TMPD/out'"
check "again: the file is unchanged" cmp -s "$CONF" "$TMPD/before"
"$DOSVMD" --write-uuid -c "$TMPD/missing.conf" >"$TMPD/out" 2>&1
check "--write-uuid of a missing file exits 1" test $? = 1
check "no database was made by --write-uuid" test ! -e "$DB"

# ---------------------------------------------------------------- sd_notify
if [ "$notify" = yes ]; then
  SOCK=$TMPD/notify.sock
  # one line per datagram; ends after STOPPING=1 or 60 s
  perl -MIO::Socket::UNIX -e '
    my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM(), Local => $ARGV[0]) or die "socket: $!";
    $| = 1; print "listening\n";
    local $SIG{ALRM} = sub { exit 1 }; alarm 60;
    while (defined $s->recv(my $m, 4096)) { print "$m\n"; exit 0 if $m =~ /STOPPING=1/ }' \
    "$SOCK" >"$TMPD/notified" 2>&1 &
  LPID=$!
  svc_started $LPID
  deadline=$((SECONDS + 10))
  until contains "$TMPD/notified" listening || [ $SECONDS -gt $deadline ]; do sleep 0.1; done
  "$DOSVMD" --init-db --db "$DB" >/dev/null
  NOTIFY_SOCKET=$SOCK "$DOSVMD" -d -c "$CONF" --db "$DB" --pid-file "$PIDF" 2>"$TMPD/d.err" &
  DPID=$!
  svc_started $DPID
  deadline=$((SECONDS + 30))
  until contains "$TMPD/notified" READY=1 || [ $SECONDS -gt $deadline ]; do sleep 0.1; done
  check "READY=1 on \$NOTIFY_SOCKET" contains "$TMPD/notified" READY=1
  check_sql "the host is registered once READY=1 came" "SELECT count(*) FROM host WHERE self = 1" 1
  kill -TERM $DPID
  wait_gone $DPID 30
  check "dosvmd ended on SIGTERM" test $? = 0
  wait_gone $LPID 10
  check "STOPPING=1 after READY=1" sh -c "grep -A9 READY=1 '$TMPD/notified' | grep -q STOPPING=1"
  grep -q READY=1 "$TMPD/notified" || { show "$TMPD/notified"; show "$TMPD/d.err"; }
else
  echo "# built without libsystemd: no sd_notify to check (Type=simple checked above)"
fi
svc_done
