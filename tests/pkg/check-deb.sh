#!/bin/bash
# tests/pkg/check-deb.sh DEB - install the package `make deb` built (dpkg -i)
# on this machine, check what the manual (4.3) and README.Debian promise,
# purge it and check that it is gone.  Prints "ok"/"not ok" lines; exits 0
# when all held.  Root only: it changes the machine, so it is not part of
# make check; .ci/run runs it on the CI machine as one test of the total.
# features: M4.3
set -u
deb=${1:?usage: tests/pkg/check-deb.sh dosvmd_VERSION_ARCH.deb}
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@" >/dev/null 2>&1; then echo "ok - $what"; else echo "not ok - $what"; failed=1; fi
}
status() { dpkg-query -W -f='${db:Status-Abbrev}' dosvmd 2>/dev/null | tr -d ' '; }

# a package left by an earlier run goes first
[ -z "$(status)" ] || [ "$(status)" = un ] || $sudo dpkg --purge dosvmd >/dev/null

check "dpkg -i $(basename "$deb")" $sudo dpkg -i "$deb"
check "dpkg -l dosvmd shows ii" sh -c "dpkg -l dosvmd | grep -q '^ii  dosvmd '"
check "/usr/local/bin/dosvm/dosvmd --version" /usr/local/bin/dosvm/dosvmd --version
check "/usr/sbin/dosvmd links to it" \
  test "$(readlink -f /usr/sbin/dosvmd)" = /usr/local/bin/dosvm/dosvmd
check "/usr/sbin/dosvmd --version" /usr/sbin/dosvmd --version
check "dosvm is on the PATH beside dosvmd" \
  test "$(readlink -f "$(command -v dosvm)")" = /usr/local/bin/dosvm/dosvm
check "dosvm --version" dosvm --version
check "dosvm-cert is on the PATH beside them (M4.4.4)" \
  test "$(readlink -f "$(command -v dosvm-cert)")" = /usr/local/bin/dosvm/dosvm-cert
check "dosvm-cert --version" dosvm-cert --version
check "dosvmctl is on the PATH beside them" \
  test "$(readlink -f "$(command -v dosvmctl)")" = /usr/local/bin/dosvm/dosvmctl
check "dosvmctl --version" dosvmctl --version
check "the versions agree" \
  test "$(/usr/sbin/dosvmd --version | cut -d' ' -f2)" = "$(dpkg-query -W -f='${Version}' dosvmd | sed 's/-[^-]*$//')"
check "man pages dosvm(1) dosvm-cert(1) dosvmctl(1) dosvmd(8) dosvmd.conf(5)" \
  test -f /usr/share/man/man1/dosvm.1.gz -a -f /usr/share/man/man1/dosvm-cert.1.gz \
  -a -f /usr/share/man/man1/dosvmctl.1.gz \
  -a -f /usr/share/man/man8/dosvmd.8.gz -a -f /usr/share/man/man5/dosvmd.conf.5.gz
check "the zh_CN catalogue is used" sh -c \
  "LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 /usr/sbin/dosvmd --help | grep -q '退出'"
check "/etc/dosvmd.conf is a conffile" sh -c \
  "dpkg-query -W -f='\${Conffiles}' dosvmd | grep -q '^ /etc/dosvmd.conf '"
check "the unit runs the installed dosvmd" \
  grep -q '^ExecStart=/usr/local/bin/dosvm/dosvmd -d ' /lib/systemd/system/dosvmd.service
check "the unit is enabled" test -L /etc/systemd/system/multi-user.target.wants/dosvmd.service
check "the unit was not started" sh -c '! pgrep -x dosvmd'
check "the system group dosvm" getent group dosvm
check "/var/lib/dosvm is root:dosvm 2770" test "$(stat -c %U:%G:%a /var/lib/dosvm)" = root:dosvm:2770

# the admin's configuration survives an upgrade (here: the same package again)
echo "# an admin's line" | $sudo tee -a /etc/dosvmd.conf >/dev/null
check "dpkg -i again (as an upgrade)" $sudo dpkg -i --force-confold "$deb"
check "the changed /etc/dosvmd.conf is kept" grep -qx "# an admin's line" /etc/dosvmd.conf
check "still ii" sh -c "dpkg -l dosvmd | grep -q '^ii  dosvmd '"

# a database and a log as the service would leave them: purge removes them too
check "dosvmd --init-db makes the shared database" \
  $sudo /usr/sbin/dosvmd --init-db --db /var/lib/dosvm/dosvm.db
check "the database is the group's (root:dosvm 0660)" \
  test "$(stat -c %U:%G:%a /var/lib/dosvm/dosvm.db)" = root:dosvm:660
$sudo touch /var/log/dosvmd.log
check "dpkg --purge dosvmd" $sudo dpkg --purge dosvmd
check "dpkg -l dosvmd no longer lists it installed" sh -c "! dpkg -l dosvmd 2>/dev/null | grep -q '^ii'"
for f in /usr/local/bin/dosvm /usr/sbin/dosvmd /usr/bin/dosvm /etc/dosvmd.conf \
    /lib/systemd/system/dosvmd.service /etc/systemd/system/multi-user.target.wants/dosvmd.service \
    /var/lib/dosvm /var/log/dosvmd.log /usr/share/man/man8/dosvmd.8.gz \
    /usr/share/locale/zh_CN/LC_MESSAGES/dosvm.mo; do
  check "purged: $f" sh -c "! test -e '$f' && ! test -L '$f'"
done
check "purged: the group dosvm" sh -c '! getent group dosvm'
exit $failed
