-- dosvm: foreign_keys off
-- 0008-sessions-logins.sql (issue 8): user ids are never reused, each console
-- session holds a token checked by every mutating operation, and failed
-- logins are stored with their result.
--
-- The first line asks db.c to run this migration with foreign keys off
-- (the user table is rebuilt; PRAGMA foreign_keys is a no-op inside the
-- migration's transaction) and to run PRAGMA foreign_key_check before it
-- commits.

CREATE TABLE user_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
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
    created_at   INTEGER NOT NULL,
    project_id   INTEGER REFERENCES project(id) ON DELETE SET NULL,
    row_version  INTEGER NOT NULL DEFAULT 1
);
INSERT INTO user_new(id, account, name_zh, pw_hash, phone, email, address, description,
                     is_sysadm, frozen, must_change_pw, created_at, project_id, row_version)
    SELECT id, account, name_zh, pw_hash, phone, email, address, description,
           is_sysadm, frozen, must_change_pw, created_at, project_id, row_version FROM user;
DROP TABLE user;
ALTER TABLE user_new RENAME TO user;
CREATE UNIQUE INDEX user_one_sysadm ON user(is_sysadm) WHERE is_sysadm = 1;
-- ids that rows still name (tasks, images) are never handed out again either
INSERT INTO sqlite_sequence(name, seq)
    SELECT 'user', max(coalesce((SELECT max(id) FROM user), 0),
                       coalesce((SELECT max(user_id) FROM task), 0),
                       coalesce((SELECT max(uploader_user_id) FROM image), 0))
    WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'user');
UPDATE sqlite_sequence
   SET seq = max(seq, coalesce((SELECT max(user_id) FROM task), 0),
                 coalesce((SELECT max(uploader_user_id) FROM image), 0))
 WHERE name = 'user';

-- one row per open console session; the token is checked by every
-- mutating operation (db/audit.c) and goes with its account
CREATE TABLE session (
    token      TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL,
    client     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX session_user ON session(user_id);

-- the login log keeps failed attempts too: result 0 = logged in,
-- 1 = wrong password, 2 = unknown account, 3 = frozen, 4 = locked out
ALTER TABLE login_log ADD COLUMN result INTEGER NOT NULL DEFAULT 0
    CHECK (result BETWEEN 0 AND 4);
CREATE INDEX login_log_user ON login_log(user, time);
CREATE INDEX login_log_addr ON login_log(addr, time);
