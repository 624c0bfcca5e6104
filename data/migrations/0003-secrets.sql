-- 0003-secrets.sql: security objects (manual ch. 8): the value is sealed with
-- libsodium (D7) and never shown; (usage_type, usage_id) is unique as libvirt
-- requires on each host

CREATE TABLE secret (
    id           INTEGER PRIMARY KEY,
    uuid         TEXT    NOT NULL UNIQUE,
    name_zh      TEXT    NOT NULL,
    name_en      TEXT    NOT NULL UNIQUE,
    usage_type   TEXT    NOT NULL CHECK (usage_type IN ('volume', 'ceph', 'iscsi')),
    usage_id     TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    value_sealed TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    UNIQUE (usage_type, usage_id)
);
