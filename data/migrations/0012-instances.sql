-- 0012-instances.sql - VM instances and VMs (manual 11.3, 11.4; spec part 2
-- §2, OP-27 ... OP-52).  An instance is a project's complete VM definition
-- (the six editor steps); a VM is one run of it with its own name, UUID,
-- power state (what the user wants) and run state (what libvirt saw).
-- Domain XML is built at power-on from these rows (M11.3c: no libvirt call
-- at save) and the XML a VM was last defined with is kept on the VM.
CREATE TABLE instance (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id      INTEGER NOT NULL REFERENCES project(id) ON DELETE RESTRICT,
    name_en         TEXT    NOT NULL,
    name_zh         TEXT    NOT NULL,
    -- M11.3i basic configuration
    vcpus           INTEGER NOT NULL CHECK (vcpus BETWEEN 1 AND 255),
    memory_mib      INTEGER NOT NULL CHECK (memory_mib > 0),
    memory_unit     INTEGER NOT NULL DEFAULT 1 CHECK (memory_unit IN (0, 1)), -- 0 MB, 1 GB (OP-32)
    arch            TEXT    NOT NULL CHECK (arch IN ('i686', 'x86_64')),
    hypervisor      TEXT    NOT NULL CHECK (hypervisor IN ('kvm', 'qemu')),
    machine         TEXT    NOT NULL DEFAULT '',
    boot            TEXT    NOT NULL DEFAULT 'hd',  -- ordered, comma-separated cdrom,hd,fd,network
    bootmenu        INTEGER NOT NULL DEFAULT 0 CHECK (bootmenu IN (0, 1)),
    bootmenu_timeout INTEGER NOT NULL DEFAULT -1,   -- ms, -1 = no timeout
    bios_serial     INTEGER NOT NULL DEFAULT 0 CHECK (bios_serial IN (0, 1)),
    reboot_timeout  INTEGER NOT NULL DEFAULT -1,    -- ms, -1 = no reboot
    tablet          INTEGER NOT NULL DEFAULT 0 CHECK (tablet IN (0, 1)),
    -- M11.3k graphics (one device)
    gfx_type        TEXT    NOT NULL DEFAULT 'vnc' CHECK (gfx_type IN ('vnc', 'spice')),
    gfx_autoport    INTEGER NOT NULL DEFAULT 1 CHECK (gfx_autoport IN (0, 1)),
    gfx_port        INTEGER NOT NULL DEFAULT 0,
    gfx_passwd      TEXT    NOT NULL DEFAULT '',    -- sealed (base/seal.h), '' = none
    gfx_passwd_valid_to INTEGER NOT NULL DEFAULT 0, -- epoch seconds, 0 = none
    gfx_keep        INTEGER NOT NULL DEFAULT 0 CHECK (gfx_keep IN (0, 1)),
    gfx_share_policy TEXT   NOT NULL DEFAULT 'allow-exclusive',
    gfx_listen      TEXT    NOT NULL DEFAULT '0.0.0.0',
    gfx_tls_port    INTEGER NOT NULL DEFAULT -1,    -- spice, -1 = auto
    gfx_default_mode TEXT   NOT NULL DEFAULT 'any',
    gfx_image       TEXT    NOT NULL DEFAULT '',    -- '' = unset
    gfx_jpeg        TEXT    NOT NULL DEFAULT '',
    gfx_zlib        TEXT    NOT NULL DEFAULT '',
    gfx_playback    INTEGER NOT NULL DEFAULT -1,    -- -1 unset, 0 off, 1 on
    gfx_streaming   TEXT    NOT NULL DEFAULT '',
    gfx_filetransfer INTEGER NOT NULL DEFAULT 1 CHECK (gfx_filetransfer IN (0, 1)),
    -- M11.3m user-defined configuration
    bound_host_id   INTEGER REFERENCES host(id) ON DELETE RESTRICT,
    bound_group_id  INTEGER REFERENCES host_group(id) ON DELETE RESTRICT,
    custom_domain   TEXT    NOT NULL DEFAULT '',
    custom_devices  TEXT    NOT NULL DEFAULT '',
    -- M11.3n
    is_unique       INTEGER NOT NULL DEFAULT 1 CHECK (is_unique IN (0, 1)),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    row_version     INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    UNIQUE (project_id, name_en),
    CHECK (bound_host_id IS NULL OR bound_group_id IS NULL)
);

-- M11.3j: at most four, in the editor's order
CREATE TABLE instance_disk (
    instance_id     INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL CHECK (pos BETWEEN 0 AND 3),
    resource        TEXT    NOT NULL CHECK (resource IN ('file', 'volume')),
    device          TEXT    NOT NULL CHECK (device IN ('disk', 'cdrom')),
    image_id        INTEGER REFERENCES image(id) ON DELETE RESTRICT,
    volume_id       INTEGER REFERENCES volume(id) ON DELETE RESTRICT,
    startup_policy  TEXT    NOT NULL DEFAULT '',    -- '' = unset
    relabel         INTEGER NOT NULL DEFAULT 0 CHECK (relabel IN (0, 1)),
    bus             TEXT    NOT NULL CHECK (bus IN ('ide', 'scsi', 'virtio', 'usb', 'sata')),
    dev             TEXT    NOT NULL,
    tray_open       INTEGER NOT NULL DEFAULT 0 CHECK (tray_open IN (0, 1)),
    removable       INTEGER NOT NULL DEFAULT 0 CHECK (removable IN (0, 1)),
    readonly        INTEGER NOT NULL DEFAULT 0 CHECK (readonly IN (0, 1)),
    cache           TEXT    NOT NULL DEFAULT 'writeback',
    copy_on_read    INTEGER NOT NULL DEFAULT 0 CHECK (copy_on_read IN (0, 1)),
    PRIMARY KEY (instance_id, pos),
    UNIQUE (instance_id, dev),
    CHECK ((resource = 'file' AND image_id IS NOT NULL AND volume_id IS NULL)
        OR (resource = 'volume' AND volume_id IS NOT NULL AND image_id IS NULL AND device = 'disk'))
);
CREATE INDEX instance_disk_image ON instance_disk(image_id);
CREATE INDEX instance_disk_volume ON instance_disk(volume_id);

-- M11.3k: the SPICE channels
CREATE TABLE instance_channel (
    instance_id     INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    name            TEXT    NOT NULL,
    mode            TEXT    NOT NULL CHECK (mode IN ('any', 'insecure', 'secure')),
    PRIMARY KEY (instance_id, pos),
    UNIQUE (instance_id, name)
);

-- M11.3l: the network interfaces, in order
CREATE TABLE instance_nic (
    instance_id     INTEGER NOT NULL REFERENCES instance(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    network_id      INTEGER NOT NULL REFERENCES network(id) ON DELETE RESTRICT,
    portgroup       TEXT    NOT NULL DEFAULT '',
    mac             TEXT    NOT NULL DEFAULT '',
    target_dev      TEXT    NOT NULL DEFAULT '',
    secgroup_id     INTEGER REFERENCES secgroup(id) ON DELETE RESTRICT,
    model           TEXT    NOT NULL DEFAULT 'rtl8139',
    link_up         INTEGER NOT NULL DEFAULT 1 CHECK (link_up IN (0, 1)),
    PRIMARY KEY (instance_id, pos)
);
CREATE INDEX instance_nic_network ON instance_nic(network_id);
CREATE INDEX instance_nic_secgroup ON instance_nic(secgroup_id);

-- M11.4: a VM.  power_on is the wanted state (电源状态); run_state what
-- libvirt showed last (运行状态: 0 关机 shut off, 1 运行 running, 2 挂起
-- suspended, 3 保存停止运行 saved).  run_host_id: the host it runs on or
-- last ran on, and where it runs next (MG2).
CREATE TABLE vm (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    instance_id     INTEGER NOT NULL REFERENCES instance(id) ON DELETE RESTRICT,
    name_en         TEXT    NOT NULL UNIQUE,        -- the libvirt domain name (OP-48)
    uuid            TEXT    NOT NULL UNIQUE,
    power_on        INTEGER NOT NULL DEFAULT 0 CHECK (power_on IN (0, 1)),
    run_state       INTEGER NOT NULL DEFAULT 0 CHECK (run_state BETWEEN 0 AND 3),
    run_host_id     INTEGER REFERENCES host(id) ON DELETE SET NULL,
    access_port     INTEGER NOT NULL DEFAULT 0,
    save_path       TEXT    NOT NULL DEFAULT '',    -- M11.4.8a, '' when not saved
    xml             TEXT    NOT NULL DEFAULT '',    -- the domain XML last defined
    flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)), -- OP-30: runs while off
    start_error     TEXT    NOT NULL DEFAULT '',    -- M11.4.5c
    start_error_at  INTEGER NOT NULL DEFAULT 0,
    start_error_host TEXT   NOT NULL DEFAULT '',
    row_version     INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL
);
CREATE INDEX vm_instance ON vm(instance_id);
CREATE INDEX vm_run_host ON vm(run_host_id);

-- M11.3l rule 2: the MAC a unique instance's VM keeps per NIC
CREATE TABLE vm_mac (
    vm_id           INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    pos             INTEGER NOT NULL,
    mac             TEXT    NOT NULL,
    PRIMARY KEY (vm_id, pos)
);

-- M11.3j: the temporary overlays of read-only images while a VM runs
CREATE TABLE vm_overlay (
    vm_id           INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    host_id         INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    path            TEXT    NOT NULL,
    PRIMARY KEY (vm_id, path)
);

-- M11.4.3, OP-47: the checkpoint tree with each snapshot's XML
CREATE TABLE vm_checkpoint (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    vm_id           INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    parent_id       INTEGER REFERENCES vm_checkpoint(id) ON DELETE CASCADE,
    name_en         TEXT    NOT NULL,
    name_zh         TEXT    NOT NULL,
    dir             TEXT    NOT NULL,               -- {save path}/{folder}
    xml             TEXT    NOT NULL DEFAULT '',
    is_current      INTEGER NOT NULL DEFAULT 0 CHECK (is_current IN (0, 1)),
    created_at      INTEGER NOT NULL,
    UNIQUE (vm_id, name_en)
);

-- M11.5.2: what happened to a VM (start, stop, migrate, save, restore ...)
CREATE TABLE vm_event (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    vm_id           INTEGER NOT NULL REFERENCES vm(id) ON DELETE CASCADE,
    time            INTEGER NOT NULL,
    kind            TEXT    NOT NULL,
    host_id         INTEGER REFERENCES host(id) ON DELETE SET NULL,
    detail          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX vm_event_vm ON vm_event(vm_id, time);
