# tests/lib/guest.sh - a tiny real Linux guest for the tier-4 scripts
# (sourced), built from Debian packages already on the machine: the kernel of
# linux-image-*-cloud-amd64 and an initramfs of busybox-static.  Its /init
# mounts /proc, /sys and devtmpfs, loads the virtio and ACPI-button modules
# of the same kernel, starts busybox acpid so that the ACPI power button
# (virsh shutdown) powers it off at once, prints DOSVM-GUEST-READY on the
# serial port and loops a shell there (prompt "dosvm-guest# ").  A virtio
# disk shows up as /dev/vda; tests write to it from the shell.
#
#   guest_skip_reasons            prints why the guest cannot be built (empty: it can)
#   guest_build DIR               writes DIR/vmlinuz and DIR/initrd.img (cpio newc, gzip);
#                                 reuses them while kernel and recipe are unchanged.
#                                 DIR and its parents must be searchable by QEMU's user
#                                 (guest_build makes DIR itself so)
#   guest_os_xml DIR              prints the <os> element booting that kernel and initrd
#   guest_domain_xml NAME DIR [DISK]
#                                 prints a whole TCG domain (type='qemu', 256 MiB, 1 vCPU,
#                                 serial pty logged to $(guest_serial_log NAME DIR) plus
#                                 its console, VNC on 127.0.0.1, no network, optional
#                                 virtio qcow2 disk DISK as vda)
#   guest_serial_log NAME DIR     the serial log file of guest_domain_xml NAME DIR
#   guest_wait_log FILE TEXT SECS polls FILE until it holds the fixed string TEXT;
#                                 false after SECS seconds
#   guest_run NAME LOG CMD TEXT [SECS]
#                                 types the shell command CMD and Enter on the serial
#                                 console of the running domain NAME (its pty, from
#                                 virsh ttyconsole on $LV_URI) and waits up to SECS
#                                 (20) for TEXT in its serial log LOG.  Make TEXT what
#                                 only the command's output holds, not its echo, e.g.
#                                 CMD 'echo OK-$((6*7))' and TEXT OK-42; keep the output
#                                 short (nobody reads the pty meanwhile)
#   guest_virtlogd_start DIR      libvirtd's QEMU driver logs through virtlogd, which has
#                                 no socket activation here: reuse a running one, else
#                                 start one with its PID file in DIR
#   guest_virtlogd_stop           stop the virtlogd started above (after the domains)
#
# The whole frame of a script that runs the guest on the real libvirtd
# (tests/lib/libvirtd.sh sourced first):
#   guest_tier4_skip              the plan "1..0 # SKIP why" and exit when the machine
#                                 cannot (no root, libvirtd, virtlogd, virt-admin, guest)
#   guest_tier4_start DIR         libvirtd, virtlogd and the guest built in DIR/guest; else
#                                 a failed plan and exit
#   guest_tier4_stop NAME         destroy and undefine the domain NAME, then stop virtlogd
#                                 and libvirtd (for the script's EXIT trap)
#
# Facts (../shared/TESTING.md): under TCG the guest reaches its shell in a few
# seconds.  libvirt needs <features><acpi/> for the power button (else QEMU
# runs with -no-acpi), and busybox acpid maps the evdev KEY_POWER press to
# the action PWRF/00000080 under its -c directory (/etc/acpi).

GUEST_READY=DOSVM-GUEST-READY
GUEST_PROMPT='dosvm-guest# '
# in load order; a module absent from the kernel's tree is built in
GUEST_MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk evdev button"
GUEST_CMDLINE="console=ttyS0 panic=-1 quiet"

# the newest /boot/vmlinuz-*-cloud-amd64 whose modules are installed
guest_kernel_version() {
  local k v best=
  for k in /boot/vmlinuz-*-cloud-amd64; do
    [ -r "$k" ] || continue
    v=${k#/boot/vmlinuz-}
    [ -d "/lib/modules/$v" ] && best="$best$v"$'\n'
  done
  printf '%s' "$best" | sort -V | tail -1
}

guest_skip_reasons() {
  [ -n "$(guest_kernel_version)" ] ||
    echo "no /boot/vmlinuz-*-cloud-amd64 with its /lib/modules (linux-image-cloud-amd64)"
  [ -x /bin/busybox ] && guest_is_static /bin/busybox ||
    echo "no static /bin/busybox (busybox-static)"
  command -v cpio >/dev/null || echo "cpio is not installed"
  command -v gzip >/dev/null || echo "gzip is not installed"
  command -v qemu-system-x86_64 >/dev/null || echo "qemu-system-x86_64 is not installed (qemu-system-x86)"
}

# true when the ELF file has no PT_INTERP program header (no loader: it
# runs alone in the initramfs), as busybox-static's binary, not busybox's
guest_is_static() { # FILE
  local off size num i
  [ "$(od -An -c -N4 "$1" 2>/dev/null | tr -d ' ')" = 177ELF ] || return 1
  off=$(od -An -tu8 -j32 -N8 "$1" 2>/dev/null) || return 1
  size=$(od -An -tu2 -j54 -N2 "$1") num=$(od -An -tu2 -j56 -N2 "$1")
  [ -n "$off" ] && [ -n "$num" ] || return 1
  for ((i = 0; i < num; i++)); do
    [ "$(od -An -tu4 -j$((off + i * size)) -N4 "$1")" -eq 3 ] && return 1
  done
  return 0
}

# the guest's /init (its modules sit flat in /lib/modules)
guest_init_script() {
  cat <<EOF
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
for m in $GUEST_MODULES; do
  [ -f /lib/modules/\$m.ko ] && insmod /lib/modules/\$m.ko
done
mkdir -p /tmp /var/log /var/run
# acpid opens /dev/input/event0, 1, ... (evdev) and then writes its PID
# file: ready only after that, so that a power button pressed at once counts
acpid -c /etc/acpi -l /var/log/acpid.log -p /var/run/acpid.pid
i=0
while [ ! -s /var/run/acpid.pid ] && [ \$i -lt 100 ]; do sleep 0.05; i=\$((i + 1)); done
[ -s /var/run/acpid.pid ] || echo "DOSVM-GUEST: acpid did not start"
echo $GUEST_READY
export PS1='$GUEST_PROMPT' HOME=/ TERM=vt100
while :; do setsid cttyhack sh; done
EOF
}

# the power-off handler.  busybox acpid's built-in tables turn evdev's
# KEY_POWER press into "button/power PWRF 00000080", then into the action
# PWRF/00000080; PWRB/ (the name of the button in /proc/acpi/event's text
# events) leads to the same place
guest_poweroff_script() {
  printf '#!/bin/sh\npoweroff -f\n'
}

# the cache key: kernel, busybox and this recipe
guest_stamp() { # KVER
  { echo "$1"; cksum </bin/busybox; guest_init_script; guest_poweroff_script
    echo "$GUEST_MODULES"; } | cksum
}

guest_build() { # DIR
  local dir=$1 kver root m ko applet stamp
  kver=$(guest_kernel_version)
  [ -n "$kver" ] || { echo "# guest_build: no cloud kernel" >&2; return 1; }
  mkdir -p "$dir" && chmod go+rx "$dir" || return 1
  stamp=$(guest_stamp "$kver")
  if [ -s "$dir/vmlinuz" ] && [ -s "$dir/initrd.img" ] &&
     [ "$(cat "$dir/guest.stamp" 2>/dev/null)" = "$stamp" ]; then
    return 0
  fi
  root=$(mktemp -d "$dir/initrd.XXXXXX") || return 1
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,lib/modules,etc/acpi/PWRF}
  cp /bin/busybox "$root/bin/busybox"
  for applet in $(/bin/busybox --list-full); do
    [ -e "$root/$applet" ] || ln -s /bin/busybox "$root/$applet"
  done
  for m in $GUEST_MODULES; do
    ko=$(find "/lib/modules/$kver" -name "$m.ko" -print -quit)
    [ -n "$ko" ] && cp "$ko" "$root/lib/modules/$m.ko"
  done
  guest_init_script >"$root/init"
  guest_poweroff_script >"$root/etc/acpi/PWRF/00000080"
  ln -s PWRF "$root/etc/acpi/PWRB"
  chmod 0755 "$root/init" "$root/etc/acpi/PWRF/00000080"
  (cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) |
    gzip -1 >"$dir/initrd.img.tmp" &&
    cp "/boot/vmlinuz-$kver" "$dir/vmlinuz.tmp" &&
    chmod 0644 "$dir/initrd.img.tmp" "$dir/vmlinuz.tmp" &&
    mv -f "$dir/initrd.img.tmp" "$dir/initrd.img" &&
    mv -f "$dir/vmlinuz.tmp" "$dir/vmlinuz" &&
    echo "$stamp" >"$dir/guest.stamp"
  local rc=$?
  rm -rf "$root" "$dir/initrd.img.tmp" "$dir/vmlinuz.tmp"
  return $rc
}

guest_os_xml() { # DIR
  printf "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>%s/vmlinuz</kernel>" "$1"
  printf "<initrd>%s/initrd.img</initrd><cmdline>%s</cmdline></os>\n" "$1" "$GUEST_CMDLINE"
}

guest_serial_log() { # NAME DIR
  printf '%s/%s.serial.log\n' "$2" "$1"
}

guest_domain_xml() { # NAME DIR [DISK]
  local name=$1 dir=$2 disk=${3:-}
  cat <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  $(guest_os_xml "$dir")
  <features><acpi/></features>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
EOF
  [ -z "$disk" ] || cat <<EOF
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$disk'/>
      <target dev='vda' bus='virtio'/>
    </disk>
EOF
  cat <<EOF
    <controller type='usb' model='none'/>
    <serial type='pty'>
      <log file='$(guest_serial_log "$name" "$dir")' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'>
      <listen type='address' address='127.0.0.1'/>
    </graphics>
    <memballoon model='none'/>
  </devices>
</domain>
EOF
}

guest_run() { # NAME LOG CMD TEXT [SECS]
  local tty fd rc
  tty=$(virsh -c "${LV_URI:-qemu:///system}" ttyconsole "$1") && [ -c "$tty" ] || return 1
  # hold the pty open until the answer is in: QEMU reads it only while a
  # client is connected, and a last close may drop unread input
  exec {fd}<>"$tty" || return 1
  printf '%s\r' "$3" >&"$fd"
  guest_wait_log "$2" "$4" "${5:-20}"
  rc=$?
  exec {fd}>&-
  return $rc
}

GUEST_VIRTLOGD_PID=
guest_virtlogd_start() { # DIR
  virt-admin -c virtlogd:///system srv-list >/dev/null 2>&1 && return 0
  GUEST_VIRTLOGD_PID=$1/virtlogd.pid
  # it must not inherit the lock of libvirtd_start: it would hold it after the script
  if [ -n "${LV_LOCK_FD:-}" ]; then
    virtlogd -d -p "$GUEST_VIRTLOGD_PID" {LV_LOCK_FD}>&-
  else
    virtlogd -d -p "$GUEST_VIRTLOGD_PID"
  fi
  for _ in $(seq 50); do
    virt-admin -c virtlogd:///system srv-list >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "# virtlogd did not come up"
  return 1
}

guest_virtlogd_stop() {
  [ -n "$GUEST_VIRTLOGD_PID" ] && [ -s "$GUEST_VIRTLOGD_PID" ] || return 0
  local p
  p=$(cat "$GUEST_VIRTLOGD_PID")
  kill "$p" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  GUEST_VIRTLOGD_PID=
}

guest_wait_log() { # FILE TEXT SECS
  local end=$((SECONDS + $3))
  while :; do
    grep -q -F -- "$2" "$1" 2>/dev/null && return 0
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.2
  done
}

guest_tier4_skip() {
  local why
  why=$({ libvirtd_skip_reasons; guest_skip_reasons
    for t in virtlogd virt-admin; do command -v "$t" >/dev/null || echo "$t is not installed"; done; } |
    paste -s -d ';' | sed 's/;/; /g')
  [ -z "$why" ] || { echo "1..0 # SKIP $why"; exit 0; }
}

guest_tier4_start() { # DIR
  chmod 0711 "$1"
  if ! libvirtd_start "$1" || ! guest_virtlogd_start "$1" || ! guest_build "$1/guest"; then
    echo "not ok 1 - libvirtd, virtlogd and the guest"; echo "1..1"; exit 1
  fi
}

guest_tier4_stop() { # NAME
  virsh -q -c "$LV_URI" destroy "$1" >/dev/null 2>&1
  virsh -q -c "$LV_URI" undefine "$1" >/dev/null 2>&1
  guest_virtlogd_stop
  libvirtd_stop
}
