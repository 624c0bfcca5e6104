/* guestinst.h - an instance that boots the tiny real guest of
 * tests/lib/guest.sh (a helper of the tier-4 programs and of dvtool, not a
 * test): TCG (hypervisor qemu), 256 MiB, one vCPU, the kernel and initrd
 * of the guest directory booted through the user-defined <os> (M11.3m: an
 * element of the custom <domain> replaces the generated one), ACPI for the
 * power button, and a serial port logged to a file plus its console.  An
 * optional writable virtio disk vda on image disk_image (a read-only
 * image gets its temporary overlay at power-on); boot false leaves the
 * kernel out: a guest without an OS, which ignores the ACPI button. */
#ifndef DV_GUESTINST_H
#define DV_GUESTINST_H

#include "vm/instance.h"

#include <stdio.h>

static int64_t guest_instance(struct db *gdb, const struct dv_actor *actor, const char *name,
                              const char *guest_dir, const char *serial_log, int64_t disk_image,
                              bool boot, struct dv_error *err)
{
    char *os = boot ? g_strdup_printf("<os><type arch='x86_64' machine='pc'>hvm</type>"
                                      "<kernel>%s/vmlinuz</kernel><initrd>%s/initrd.img</initrd>"
                                      "<cmdline>console=ttyS0 panic=-1 quiet</cmdline></os>",
                                      guest_dir, guest_dir)
                    : g_strdup("");
    char *domain = g_strdup_printf("<domain>%s<features><acpi/></features></domain>", os);
    char *devices = g_strdup_printf(
        "<devices><serial type='pty'><log file='%s' append='off'/><target port='0'/></serial>"
        "<console type='pty'><target type='serial' port='0'/></console></devices>",
        serial_log);
    struct inst_disk d = {.resource = RES_FILE,
                          .device = DEV_DISK,
                          .image_id = disk_image,
                          .bus = BUS_VIRTIO,
                          .cache = CACHE_WRITEBACK,
                          .dev = "vda"};
    struct instance_input in = {.name_en = name,
                                .name_zh = "测试客户机",
                                .vcpus = "1",
                                .memory = "256",
                                .memory_unit = "MiB",
                                .hypervisor = "qemu",
                                .unique = "1",
                                .gfx_listen = "127.0.0.1",
                                .custom_domain = domain,
                                .custom_devices = devices,
                                .disks = &d,
                                .ndisks = disk_image ? 1 : 0};
    struct inst_spec s;
    int64_t id = 0;

    if (!instance_parse(&in, &s, err) || !instance_add(gdb, actor, &s, &id, NULL, err))
        id = 0;
    instspec_clear(&s);
    g_free(os);
    g_free(domain);
    g_free(devices);
    return id;
}

#endif
