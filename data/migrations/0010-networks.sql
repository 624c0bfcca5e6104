-- 0010-networks.sql - chapter 10: subnets with their DHCP and DNS rows and
-- projects, filters and security groups, networks of the six kinds and the
-- hosts they are realized on (spec part 2 §1, OP-8 ... OP-26).

------------------------------------------------------------------ subnets
-- a subnet (M10.2.1.2): address and netmask as typed (OP-10: comparisons
-- and XML use address & mask); prefix is the netmask as a length (IPv4
-- masks are contiguous); the DHCP and DNS panel fields live here too and
-- are kept, but not applied, while their flag is off (R7)
CREATE TABLE subnet (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    description       TEXT    NOT NULL DEFAULT '',
    ip_version        INTEGER NOT NULL CHECK (ip_version IN (4, 6)),
    address           TEXT    NOT NULL,
    netmask           TEXT    NOT NULL,
    prefix            INTEGER NOT NULL CHECK (prefix BETWEEN 0 AND 128),
    gateway           TEXT    NOT NULL,
    gateway_host_id   INTEGER REFERENCES host(id) ON DELETE SET NULL,
    dhcp              INTEGER NOT NULL DEFAULT 0 CHECK (dhcp IN (0, 1)),
    dns               INTEGER NOT NULL DEFAULT 0 CHECK (dns IN (0, 1)),
    tftp_root         TEXT    NOT NULL DEFAULT '',
    auto_gateway      INTEGER NOT NULL DEFAULT 0 CHECK (auto_gateway IN (0, 1)),
    gw_start_script   TEXT    NOT NULL DEFAULT '',
    gw_stop_script    TEXT    NOT NULL DEFAULT '',
    bootp_file        TEXT    NOT NULL DEFAULT '',
    bootp_server      TEXT    NOT NULL DEFAULT '',
    dns_domain        TEXT    NOT NULL DEFAULT '',
    dns_forward_plain INTEGER NOT NULL DEFAULT 0 CHECK (dns_forward_plain IN (0, 1)),
    row_version       INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL
);
CREATE INDEX subnet_gateway_host ON subnet(gateway_host_id);

-- the address pool (M10.2.1.2a), one row per range, in the order added
CREATE TABLE subnet_range (
    id         INTEGER PRIMARY KEY,
    subnet_id  INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    start_addr TEXT    NOT NULL,
    end_addr   TEXT    NOT NULL
);
CREATE INDEX subnet_range_subnet ON subnet_range(subnet_id);

-- IP reservations (M10.2.1.2c): IPv4 by MAC, IPv6 by host name
CREATE TABLE subnet_reservation (
    id        INTEGER PRIMARY KEY,
    subnet_id INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    mac       TEXT    NOT NULL DEFAULT '',
    ip        TEXT    NOT NULL,
    hostname  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX subnet_reservation_subnet ON subnet_reservation(subnet_id);

-- DNS TXT names (M10.2.1.2e)
CREATE TABLE subnet_txt (
    id        INTEGER PRIMARY KEY,
    subnet_id INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    name      TEXT    NOT NULL,
    value     TEXT    NOT NULL
);
CREATE INDEX subnet_txt_subnet ON subnet_txt(subnet_id);

-- upstream DNS servers (M10.2.1.2f)
CREATE TABLE subnet_forwarder (
    id        INTEGER PRIMARY KEY,
    subnet_id INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    addr      TEXT    NOT NULL
);
CREATE INDEX subnet_forwarder_subnet ON subnet_forwarder(subnet_id);

-- DNS SRV services (M10.2.1.2g); port, priority and weight only with a target
CREATE TABLE subnet_srv (
    id        INTEGER PRIMARY KEY,
    subnet_id INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    service   TEXT    NOT NULL,
    protocol  TEXT    NOT NULL CHECK (protocol IN ('tcp', 'udp')),
    domain    TEXT    NOT NULL DEFAULT '',
    target    TEXT    NOT NULL DEFAULT '',
    port      INTEGER CHECK (port BETWEEN 1 AND 65535),
    priority  INTEGER CHECK (priority BETWEEN 0 AND 65535),
    weight    INTEGER CHECK (weight BETWEEN 0 AND 65535)
);
CREATE INDEX subnet_srv_subnet ON subnet_srv(subnet_id);

-- DNS hosts (M10.2.1.2h): hostnames is a comma-separated list of aliases
CREATE TABLE subnet_dnshost (
    id        INTEGER PRIMARY KEY,
    subnet_id INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    ip        TEXT    NOT NULL,
    hostnames TEXT    NOT NULL
);
CREATE INDEX subnet_dnshost_subnet ON subnet_dnshost(subnet_id);

-- the projects allowed to use a subnet (M10.2.2); deleting the subnet
-- removes them (OP-13)
CREATE TABLE subnet_project (
    subnet_id  INTEGER NOT NULL REFERENCES subnet(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    PRIMARY KEY (subnet_id, project_id)
);
CREATE INDEX subnet_project_project ON subnet_project(project_id);

------------------------------------------------ filters, security groups
-- a filter (M10.2.3.2): the XML as stored is what is defined on the hosts;
-- builtin 1 marks libvirt's predefined filters, listed as records;
-- created_by is the account name at the time (empty for built-ins)
CREATE TABLE nwfilter (
    id          INTEGER PRIMARY KEY,
    name_en     TEXT    NOT NULL UNIQUE,
    name_zh     TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    xml         TEXT    NOT NULL,
    builtin     INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_by  TEXT    NOT NULL DEFAULT '',
    row_version INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

-- the hosts a filter has been defined on, to undefine it there on delete
CREATE TABLE nwfilter_host (
    filter_id INTEGER NOT NULL REFERENCES nwfilter(id) ON DELETE CASCADE,
    host_id   INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    PRIMARY KEY (filter_id, host_id)
);

-- a security group (M10.2.4.2): its top-level filter and the filters it
-- references (a filter in use by a group cannot be deleted, OP-16)
CREATE TABLE secgroup (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    description   TEXT    NOT NULL DEFAULT '',
    top_filter_id INTEGER NOT NULL REFERENCES nwfilter(id) ON DELETE RESTRICT,
    row_version   INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);
CREATE INDEX secgroup_top_filter ON secgroup(top_filter_id);

CREATE TABLE secgroup_filter (
    secgroup_id INTEGER NOT NULL REFERENCES secgroup(id) ON DELETE CASCADE,
    filter_id   INTEGER NOT NULL REFERENCES nwfilter(id) ON DELETE RESTRICT,
    PRIMARY KEY (secgroup_id, filter_id)
);
CREATE INDEX secgroup_filter_filter ON secgroup_filter(filter_id);

---------------------------------------------------------------- networks
-- a network of a project (M10.3.2); type: 0 isolated 隔离网络, 1 NAT,
-- 2 routed 路由网络, 3 Linux bridge, 4 OVS bridge, 5 macvtap (enum
-- network_type of src/net/network.h).  Fields a type does not have stay at
-- their defaults.  Bandwidth values are kb/s (burst KB), NULL when not set.
-- NAT address and port ranges: one of each (OP-25).  delay_ms is what the
-- form asks; libvirt gets seconds (OP-22).  xml is the generated network XML
-- as last defined (spec 0.5).
CREATE TABLE network (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT    NOT NULL UNIQUE,
    project_id     INTEGER NOT NULL REFERENCES project(id) ON DELETE RESTRICT,
    name_en        TEXT    NOT NULL UNIQUE,
    name_zh        TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    type           INTEGER NOT NULL CHECK (type BETWEEN 0 AND 5),
    bridge         TEXT    NOT NULL DEFAULT '',
    mac            TEXT    NOT NULL DEFAULT '',
    bound_host_id  INTEGER REFERENCES host(id) ON DELETE RESTRICT,
    ipv6           INTEGER NOT NULL DEFAULT 0 CHECK (ipv6 IN (0, 1)),
    stp            INTEGER NOT NULL DEFAULT 0 CHECK (stp IN (0, 1)),
    delay_ms       INTEGER NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
    forward_dev    TEXT    NOT NULL DEFAULT '',
    subnet_id      INTEGER REFERENCES subnet(id) ON DELETE RESTRICT,
    in_average     INTEGER CHECK (in_average >= 0),
    in_peak        INTEGER CHECK (in_peak >= 0),
    in_burst       INTEGER CHECK (in_burst >= 0),
    out_average    INTEGER CHECK (out_average >= 0),
    out_peak       INTEGER CHECK (out_peak >= 0),
    out_burst      INTEGER CHECK (out_burst >= 0),
    nat_addr_start TEXT    NOT NULL DEFAULT '',
    nat_addr_end   TEXT    NOT NULL DEFAULT '',
    nat_port_start INTEGER NOT NULL DEFAULT 0 CHECK (nat_port_start BETWEEN 0 AND 65535),
    nat_port_end   INTEGER NOT NULL DEFAULT 0 CHECK (nat_port_end BETWEEN 0 AND 65535),
    vlan_trunk     INTEGER NOT NULL DEFAULT 0 CHECK (vlan_trunk IN (0, 1)),
    interface_id   TEXT    NOT NULL DEFAULT '',
    xml            TEXT    NOT NULL DEFAULT '',
    row_version    INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
);
CREATE INDEX network_project ON network(project_id);
CREATE INDEX network_subnet ON network(subnet_id);
CREATE INDEX network_bound_host ON network(bound_host_id);

-- static routes (M10.3.2.1a)
CREATE TABLE network_route (
    id         INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    ip_version INTEGER NOT NULL CHECK (ip_version IN (4, 6)),
    address    TEXT    NOT NULL,
    prefix     INTEGER NOT NULL CHECK (prefix BETWEEN 0 AND 128),
    gateway    TEXT    NOT NULL
);
CREATE INDEX network_route_network ON network_route(network_id);

-- port groups (M10.3.2.1b, M10.3.2.5a); the first (lowest id) is the default
CREATE TABLE network_portgroup (
    id          INTEGER PRIMARY KEY,
    network_id  INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    in_average  INTEGER CHECK (in_average >= 0),
    in_peak     INTEGER CHECK (in_peak >= 0),
    in_burst    INTEGER CHECK (in_burst >= 0),
    out_average INTEGER CHECK (out_average >= 0),
    out_peak    INTEGER CHECK (out_peak >= 0),
    out_burst   INTEGER CHECK (out_burst >= 0),
    vlan_trunk  INTEGER NOT NULL DEFAULT 0 CHECK (vlan_trunk IN (0, 1)),
    UNIQUE (network_id, name)
);

-- VLAN tags of an OVS network (portgroup_id NULL) or of one of its port
-- groups (M10.3.2.5b/c); native '' = none
CREATE TABLE network_vlan (
    id           INTEGER PRIMARY KEY,
    network_id   INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    portgroup_id INTEGER REFERENCES network_portgroup(id) ON DELETE CASCADE,
    tag          INTEGER NOT NULL CHECK (tag BETWEEN 0 AND 4095),
    native       TEXT    NOT NULL DEFAULT '' CHECK (native IN ('', 'tagged', 'untagged'))
);
CREATE INDEX network_vlan_network ON network_vlan(network_id);

-- the forward interfaces of a macvtap network (M10.3.2.6a), in order
CREATE TABLE network_iface (
    id         INTEGER PRIMARY KEY,
    network_id INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    dev        TEXT    NOT NULL,
    UNIQUE (network_id, dev)
);

-- the hosts a network has been defined on (and the host bridge dosvm made
-- there for a bridged network), to remove it there on delete
CREATE TABLE network_host (
    network_id     INTEGER NOT NULL REFERENCES network(id) ON DELETE CASCADE,
    host_id        INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    made_bridge    INTEGER NOT NULL DEFAULT 0 CHECK (made_bridge IN (0, 1)),
    PRIMARY KEY (network_id, host_id)
);

-- the automatic gateway of a bridged subnet (OP-11, src/net/gateway.h):
-- the host it runs on (up 1) or was last tried on (up 0, error set), on
-- bridge (the bridge of network_id, kept when that network goes) with
-- address (GATEWAY/PREFIX as it was put there), since when (the last
-- attempt when error is set); left_host_id: a host it was moved away from while that host was
-- down, to be taken down there once it is live again
CREATE TABLE subnet_gateway (
    subnet_id    INTEGER PRIMARY KEY REFERENCES subnet(id) ON DELETE CASCADE,
    host_id      INTEGER REFERENCES host(id) ON DELETE SET NULL,
    network_id   INTEGER REFERENCES network(id) ON DELETE SET NULL,
    bridge       TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    up           INTEGER NOT NULL DEFAULT 0 CHECK (up IN (0, 1)),
    since        INTEGER NOT NULL,
    error        TEXT    NOT NULL DEFAULT '',
    left_host_id INTEGER REFERENCES host(id) ON DELETE SET NULL
);
