#!/bin/bash
# test-dosvm-cert.sh - dosvm-cert, the libvirt TLS certificates of manual
# 4.4.4: the CA (cacert.pem, cakey.pem 0600) in the current directory; a
# server's five files in IP/, its certificate signed by the CA for that IP
# and its keys 0600; an existing key never overwritten, an IP that is not
# one refused, a server without a CA refused, each with its exit status and
# nothing written.  Skipped without certtool (gnutls-bin).
# features: M4.4.4a M4.4.4b
set -u
: "${top_builddir:?run from make check}"
CERT=$top_builddir/cli/dosvm-cert
export LC_ALL=C.UTF-8
unset LANGUAGE
command -v certtool >/dev/null || { echo "1..0 # SKIP certtool is not installed (gnutls-bin)"; exit 0; }
T=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-cert.XXXXXX")
trap 'rm -rf "$T"' EXIT
N=0
FAILED=0
tap() { N=$((N + 1)); if [ "$1" = 0 ]; then echo "ok $N - $2"; else FAILED=1; echo "not ok $N - $2"; fi; }
check() { local d=$1; shift; "$@"; tap $? "$d"; }
mode() { stat -c %a "$1"; }
sum() { sha256sum "$1" | cut -d' ' -f1; }

cd "$T" || exit 1
"$CERT" server 10.0.0.5 >out 2>err
check "a server without a CA is refused (exit 3)" test $? = 3
check "... saying to make the CA first" grep -q "dosvm-cert ca" err
check "... and writes nothing" test ! -e 10.0.0.5

"$CERT" ca >out 2>err
check "dosvm-cert ca exits 0 (M4.4.4a)" test $? = 0
check "it writes cacert.pem and cakey.pem in the current directory" test -s cacert.pem -a -s cakey.pem
check "the CA key is 0600" test "$(mode cakey.pem)" = 600
check "the certificate is a CA's" sh -c "certtool -i --infile cacert.pem | grep -q 'Certificate Authority (CA): TRUE'"
key=$(sum cakey.pem)
"$CERT" ca >out 2>err
check "a second CA is refused (exit 1)" test $? = 1
check "... naming the key" grep -q "cakey.pem" err
check "... which is not overwritten" test "$(sum cakey.pem)" = "$key"

"$CERT" server 10.0.0.999 >out 2>err
check "an IP that is not one is refused (exit 1)" test $? = 1
check "... naming it" grep -q "10.0.0.999" err
check "... and writes nothing" test ! -e 10.0.0.999

"$CERT" server 10.0.0.5 >out 2>err
check "dosvm-cert server IP exits 0 (M4.4.4b)" test $? = 0
for f in cacert.pem clientcert.pem clientkey.pem servercert.pem serverkey.pem; do
  check "10.0.0.5/ has $f" test -s "10.0.0.5/$f"
done
check "the keys are 0600" test "$(mode 10.0.0.5/serverkey.pem)$(mode 10.0.0.5/clientkey.pem)" = 600600
check "the server certificate is signed by the CA" \
  sh -c "certtool --verify --load-ca-certificate cacert.pem --infile 10.0.0.5/servercert.pem | grep -q 'Verified'"
check "... and so is the client certificate" \
  sh -c "certtool --verify --load-ca-certificate cacert.pem --infile 10.0.0.5/clientcert.pem | grep -q 'Verified'"
check "the server certificate names the IP" \
  sh -c "certtool -i --infile 10.0.0.5/servercert.pem | grep -q 'IPAddress: 10.0.0.5'"
check "the CA certificate in it is the CA's" test "$(sum 10.0.0.5/cacert.pem)" = "$(sum cacert.pem)"
check "it says where each file goes" grep -q "serverkey.pem *-> /etc/pki/libvirt/private/" out
skey=$(sum 10.0.0.5/serverkey.pem)
"$CERT" server 10.0.0.5 >out 2>err
check "the same server again is refused (exit 1): its key is not overwritten" \
  test $? = 1 -a "$(sum 10.0.0.5/serverkey.pem)" = "$skey"
"$CERT" server fd00::5 "$T" >out 2>err
check "an IPv6 server in a directory given" test $? = 0 -a -s "$T/fd00::5/servercert.pem"
"$CERT" bogus >out 2>err
check "a wrong command is a usage error (exit 2)" test $? = 2
LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 "$CERT" ca >out 2>err
check "the refusal in Chinese" grep -q "已存在" err
echo "1..$N"
exit $FAILED
