-- 0001-foundation.sql: users, audit logs and system parameters (manual ch. 5, 13)

CREATE TABLE user (
    id           INTEGER PRIMARY KEY,
    account      TEXT    NOT NULL UNIQUE,
    name_zh      TEXT    NOT NULL,
    pw_hash      TEXT    NOT NULL,
    phone        TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    address      TEXT    NOT NULL DEFAULT '',
    description  TEXT    NOT NULL DEFAULT '',
    is_sysadm    INTEGER NOT NULL DEFAULT 0 CHECK (is_sysadm IN (0, 1)),
    frozen       INTEGER NOT NULL DEFAULT 0 CHECK (frozen IN (0, 1)),
    must_change_pw INTEGER NOT NULL DEFAULT 0 CHECK (must_change_pw IN (0, 1)),
    created_at   INTEGER NOT NULL
);
-- exactly one system administrator
CREATE UNIQUE INDEX user_one_sysadm ON user(is_sysadm) WHERE is_sysadm = 1;

-- operation log (13.1.1): type 1 = add, 2 = modify, 3 = delete;
-- action is an English msgid translated when shown, object names the record
CREATE TABLE op_log (
    id      INTEGER PRIMARY KEY,
    time    INTEGER NOT NULL,
    user    TEXT    NOT NULL,
    addr    TEXT    NOT NULL,
    type    INTEGER NOT NULL CHECK (type IN (1, 2, 3)),
    action  TEXT    NOT NULL,
    object  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX op_log_time ON op_log(time);

-- login log (13.1.2): successful logins only
CREATE TABLE login_log (
    id      INTEGER PRIMARY KEY,
    time    INTEGER NOT NULL,
    user    TEXT    NOT NULL,
    addr    TEXT    NOT NULL
);
CREATE INDEX login_log_time ON login_log(time);

-- purge history (13.1.4): rows can be neither changed nor deleted
CREATE TABLE log_purge (
    id          INTEGER PRIMARY KEY,
    time        INTEGER NOT NULL,
    user        TEXT    NOT NULL,
    addr        TEXT    NOT NULL,
    purge_point INTEGER NOT NULL
);
CREATE TRIGGER log_purge_no_delete BEFORE DELETE ON log_purge
BEGIN SELECT RAISE(ABORT, 'purge history cannot be deleted'); END;
CREATE TRIGGER log_purge_no_update BEFORE UPDATE ON log_purge
BEGIN SELECT RAISE(ABORT, 'purge history cannot be changed'); END;

-- system runtime parameters (13.2.1) and console connection settings (13.2.2);
-- an absent key takes its default from the code
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
