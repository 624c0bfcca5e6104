-- 0004-storage.sql: storage pools, their projects and the hosts they are
-- realized on, and volumes with their incremental snapshots (manual ch. 9)

-- a pool (M9.3.2); type is enum pool_type of src/poolxml.h:
-- 0 数字有机体目录池, 1 网络文件系统池, 2 iSCSI池, 3 宿主机文件目录池, 4 逻辑卷池, 5 磁盘卷池
CREATE TABLE pool (
    id             INTEGER PRIMARY KEY,
    uuid           TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL UNIQUE,
    type           INTEGER NOT NULL CHECK (type BETWEEN 0 AND 5),
    capacity_mb    INTEGER NOT NULL CHECK (capacity_mb > 0),
    description    TEXT    NOT NULL DEFAULT '',
    target_path    TEXT    NOT NULL,
    bound_host_id  INTEGER REFERENCES host(id) ON DELETE RESTRICT,
    src_host       TEXT    NOT NULL DEFAULT '',
    src_port       INTEGER NOT NULL DEFAULT 0,
    src_dir        TEXT    NOT NULL DEFAULT '',
    src_format     TEXT    NOT NULL DEFAULT '',
    src_device     TEXT    NOT NULL DEFAULT '',
    auth_user      TEXT    NOT NULL DEFAULT '',
    auth_secret_id INTEGER REFERENCES secret(id) ON DELETE RESTRICT,
    vendor         TEXT    NOT NULL DEFAULT '',
    product        TEXT    NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE INDEX pool_bound_host ON pool(bound_host_id);
CREATE INDEX pool_auth_secret ON pool(auth_secret_id);

-- the partitions of a logical pool's volume group, in the order given
CREATE TABLE pool_device (
    pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
    seq     INTEGER NOT NULL,
    path    TEXT    NOT NULL,
    PRIMARY KEY (pool_id, path)
);

-- the projects a pool is assigned to (M9.3.2, M7.2.1.3c)
CREATE TABLE pool_project (
    pool_id    INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, project_id)
);
CREATE INDEX pool_project_project ON pool_project(project_id);

-- the hosts a pool has been defined on, to undefine it there on delete
CREATE TABLE pool_host (
    pool_id INTEGER NOT NULL REFERENCES pool(id) ON DELETE CASCADE,
    host_id INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    PRIMARY KEY (pool_id, host_id)
);

-- a volume record (M9.4.2): present 1 = 存在, 0 = 不存在 (vanished, found by
-- refresh); an incremental snapshot has the volume it is built on as parent;
-- project_id is the creating project (NULL for the sysadm's, P1/OP-32)
CREATE TABLE volume (
    id             INTEGER PRIMARY KEY,
    pool_id        INTEGER NOT NULL REFERENCES pool(id) ON DELETE RESTRICT,
    name_en        TEXT    NOT NULL,
    name_zh        TEXT    NOT NULL,
    description    TEXT    NOT NULL DEFAULT '',
    remark         TEXT    NOT NULL DEFAULT '',
    format         TEXT    NOT NULL DEFAULT '',
    capacity       INTEGER NOT NULL DEFAULT 0,  -- bytes
    allocation     INTEGER NOT NULL DEFAULT 0,  -- bytes
    path           TEXT    NOT NULL,
    present        INTEGER NOT NULL DEFAULT 1 CHECK (present IN (0, 1)),
    parent_id      INTEGER REFERENCES volume(id) ON DELETE RESTRICT,
    project_id     INTEGER REFERENCES project(id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    UNIQUE (pool_id, name_en)
);
CREATE INDEX volume_parent ON volume(parent_id);
CREATE INDEX volume_project ON volume(project_id);
