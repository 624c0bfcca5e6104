-- 0002-hosts-projects.sql: hosts and their metrics history, host groups,
-- project groups, projects with their quotas, admins and host groups (ch. 6, 7)

CREATE TABLE project_group (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    file_dir    TEXT    NOT NULL,   -- where the group's images and snapshots live
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

-- a project with its quota (7.2.1.3a): 0 means nothing allowed (P1/OP-10)
CREATE TABLE project (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    description   TEXT    NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    max_instances INTEGER NOT NULL DEFAULT 0 CHECK (max_instances >= 0),
    max_vcpus     INTEGER NOT NULL DEFAULT 0 CHECK (max_vcpus >= 0),
    max_mem_mb    INTEGER NOT NULL DEFAULT 0 CHECK (max_mem_mb >= 0),
    max_disk_mb   INTEGER NOT NULL DEFAULT 0 CHECK (max_disk_mb >= 0),
    max_image_mb  INTEGER NOT NULL DEFAULT 0 CHECK (max_image_mb >= 0),
    max_images    INTEGER NOT NULL DEFAULT 0 CHECK (max_images >= 0),
    max_snapshots INTEGER NOT NULL DEFAULT 0 CHECK (max_snapshots >= 0),
    created_at    INTEGER NOT NULL
);

CREATE TABLE project_group_member (
    group_id   INTEGER NOT NULL REFERENCES project_group(id) ON DELETE RESTRICT,
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, project_id)
);
CREATE INDEX project_group_member_project ON project_group_member(project_id);

-- one admin manages at most one project (5.1)
ALTER TABLE user ADD COLUMN project_id INTEGER REFERENCES project(id) ON DELETE SET NULL;

-- a host: registered by its dosvmd (self = 1) or added by the sysadm by URI
-- state 1 = 运行 running, 0 = 停止 stopped; a NULL metric is "unavailable"
CREATE TABLE host (
    id            INTEGER PRIMARY KEY,
    uuid          TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL UNIQUE,
    uri           TEXT    NOT NULL,
    ip            TEXT    NOT NULL DEFAULT '',
    self          INTEGER NOT NULL DEFAULT 0 CHECK (self IN (0, 1)),
    cpu_model     TEXT    NOT NULL DEFAULT '',
    cpu_cores     INTEGER NOT NULL DEFAULT 0,
    cpu_mhz       INTEGER NOT NULL DEFAULT 0,
    mem_total_mb  INTEGER NOT NULL DEFAULT 0,
    max_vcpus     INTEGER NOT NULL DEFAULT 0,
    max_vmem_mb   INTEGER NOT NULL DEFAULT 0,
    share_disk_path TEXT  NOT NULL DEFAULT '',
    state         INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1)),
    missed        INTEGER NOT NULL DEFAULT 0,  -- heartbeats missed in a row
    last_seen     INTEGER,
    cpu_pct       REAL,
    mem_pct       REAL,
    disk_pct      REAL,
    net_mbps      REAL,
    registered_at INTEGER NOT NULL
);

CREATE TABLE host_history (
    host_id  INTEGER NOT NULL REFERENCES host(id) ON DELETE CASCADE,
    time     INTEGER NOT NULL,
    cpu_pct  REAL,
    mem_pct  REAL,
    disk_pct REAL,
    net_mbps REAL
);
CREATE INDEX host_history_host_time ON host_history(host_id, time);
CREATE INDEX host_history_time ON host_history(time);

CREATE TABLE host_group (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    description TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);

CREATE TABLE host_group_member (
    group_id INTEGER NOT NULL REFERENCES host_group(id) ON DELETE CASCADE,
    host_id  INTEGER NOT NULL REFERENCES host(id) ON DELETE RESTRICT,
    PRIMARY KEY (group_id, host_id)
);
CREATE INDEX host_group_member_host ON host_group_member(host_id);

CREATE TABLE project_host_group (
    project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    group_id   INTEGER NOT NULL REFERENCES host_group(id) ON DELETE RESTRICT,
    PRIMARY KEY (project_id, group_id)
);
CREATE INDEX project_host_group_group ON project_host_group(group_id);
