-- 0009-service.sql - the liveness of dosvmd (issue 8): one row per host
-- record (its host_uuid) a dosvmd serves.  The row is that service's lease
-- and heartbeat: taken in a transaction at start (refused while another
-- process holds it and its expiry is ahead), renewed with heartbeat_at every
-- tick, released with stopped_at at a clean stop.  The console shows the
-- hosts' state as unknown when no live service watches them.
CREATE TABLE service (
    host_uuid    TEXT    PRIMARY KEY,
    token        TEXT    NOT NULL,            -- random, the holding process's
    pid          INTEGER NOT NULL,
    node         TEXT    NOT NULL DEFAULT '', -- the machine's host name
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    stopped_at   INTEGER                      -- set by a clean stop, NULL while it runs
);
