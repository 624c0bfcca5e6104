#!/bin/bash
# svc-guest.sh - tier 4: the test guest of tests/lib/guest.sh on a REAL
# libvirtd (qemu:///system, TCG): it builds, boots to its ready marker and
# shell prompt on the serial log, runs a typed command, writes its virtio
# disk, and powers off on the ACPI button (virsh shutdown, never destroy)
# within 20 s.  The domain is dosvm-test-guest-PID, gone at the end.
# Skipped without root, libvirt, the guest's packages or qemu-img.
# features: none (the harness of the tier-4 guests)
set -u
: "${top_builddir:?run from make check}"
unset LANGUAGE
export LC_ALL=C.UTF-8
. "$top_srcdir/tests/lib/libvirtd.sh"
. "$top_srcdir/tests/lib/guest.sh"

why=$({ libvirtd_skip_reasons; guest_skip_reasons
  for t in virtlogd virt-admin qemu-img; do
    command -v "$t" >/dev/null || echo "$t is not installed"
  done; } | paste -s -d ';' | sed 's/;/; /g')
if [ -n "$why" ]; then echo "1..0 # SKIP $why"; exit 0; fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/dosvm-guest.XXXXXX")
# QEMU runs as libvirt-qemu: it must reach the kernel, initrd and disk
chmod 0711 "$dir"
name=dosvm-test-guest-$$
gdir=$dir/guest
disk=$dir/disk.qcow2
log=$(guest_serial_log "$name" "$gdir")
V() { virsh -q -c "$LV_URI" "$@"; }
cleanup() {
  if V dominfo "$name" >/dev/null 2>&1; then
    V destroy "$name" >/dev/null 2>&1
    V undefine "$name" >/dev/null 2>&1
  fi
  guest_virtlogd_stop
  libvirtd_stop
  rm -rf "$dir"
}
trap cleanup EXIT

TAP_N=0
tap() { # STATUS DESC
  TAP_N=$((TAP_N + 1))
  if [ "$1" = 0 ]; then echo "ok $TAP_N - $2"; else echo "not ok $TAP_N - $2"; fi
}
check() { # DESC COMMAND...
  local d=$1
  shift
  "$@"
  tap $? "$d"
}
show_log() { sed 's/^/# | /' "$log" 2>/dev/null | tr -d '\r' | tail -20; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
state() { V domstate "$name" 2>/dev/null | head -1; }

if ! libvirtd_start "$dir" || ! guest_virtlogd_start "$dir"; then
  echo "not ok 1 - libvirtd and virtlogd run"; echo "1..1"; exit 1
fi

t0=$(now)
check "guest_build writes a kernel and an initramfs" guest_build "$gdir"
echo "# built in $(since "$t0") s"
check "the initramfs is a gzip'd cpio with /init" \
  sh -c "gzip -dc '$gdir/initrd.img' | cpio -it --quiet 2>/dev/null | grep -qx init"
before=$(stat -c %Y.%i "$gdir/initrd.img")
t0=$(now)
guest_build "$gdir"
echo "# rebuilt in $(since "$t0") s"
check "guest_build again reuses the files" test "$(stat -c %Y.%i "$gdir/initrd.img")" = "$before"
os=$(guest_os_xml "$gdir")
case $os in
  "<os>"*"<kernel>$gdir/vmlinuz</kernel><initrd>$gdir/initrd.img</initrd><cmdline>console=ttyS0"*"</os>") tap 0 "the <os> element boots that kernel" ;;
  *) tap 1 "the <os> element boots that kernel"; echo "# $os" ;;
esac

qemu-img create -q -f qcow2 "$disk" 16M
guest_domain_xml "$name" "$gdir" "$disk" >"$dir/domain.xml"
check "the domain defines" V define "$dir/domain.xml"
t0=$(now)
check "the domain starts" V start "$name"
echo "# virsh start took $(since "$t0") s"
t0=$(now)
if guest_wait_log "$log" "$GUEST_READY" 60; then
  tap 0 "the guest prints $GUEST_READY on its serial port"
  echo "# ready $(since "$t0") s after virsh start returned"
else
  tap 1 "the guest prints $GUEST_READY on its serial port"; show_log
fi
if guest_wait_log "$log" "$GUEST_PROMPT" 30; then
  tap 0 "its shell prompt follows"
  echo "# prompt $(since "$t0") s after virsh start returned"
else
  tap 1 "its shell prompt follows"; show_log
fi
if guest_run "$name" "$log" 'echo DOSVM-TYPED-$((6*7))' DOSVM-TYPED-42; then
  tap 0 "a command typed on the serial console runs"
else
  tap 1 "a command typed on the serial console runs"; show_log
fi
if guest_run "$name" "$log" \
  'echo dosvm-disk-mark | dd of=/dev/vda conv=fsync 2>/dev/null && echo DOSVM-DISK-$((1+1))' \
  DOSVM-DISK-2; then
  tap 0 "the guest writes its virtio disk /dev/vda"
else
  tap 1 "the guest writes its virtio disk /dev/vda"; show_log
fi

t0=$(now)
check "virsh shutdown is accepted" V shutdown "$name"
end=$((SECONDS + 20))
while [ "$(state)" != "shut off" ] && [ "$SECONDS" -lt "$end" ]; do sleep 0.2; done
if [ "$(state)" = "shut off" ]; then
  tap 0 "the guest powers off on the ACPI button"
  echo "# shut off $(since "$t0") s after virsh shutdown"
else
  tap 1 "the guest powers off on the ACPI button (state: $(state))"; show_log
fi
reason=$(V domstate --reason "$name" 2>/dev/null | head -1)
check "libvirt records a shutdown, not a destroy ($reason)" test "$reason" = "shut off (shutdown)"
check "the disk holds what the guest wrote" \
  sh -c "qemu-img dd -f qcow2 -O raw if='$disk' of='$dir/disk.raw' bs=512 count=1 2>/dev/null &&
         head -c 15 '$dir/disk.raw' | grep -qx dosvm-disk-mark"
check "the domain undefines" V undefine "$name"
echo "1..$TAP_N"
