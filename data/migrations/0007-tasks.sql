-- 0007-tasks.sql - the task list (issue 7, D11): one row per background job
-- (a pool refresh, a merge, an import...), written when it starts and when
-- it ends; the Tasks page reads it.  A task left 'running' by a process that
-- died is marked failed at the next start (pid is the owning process).
CREATE TABLE task (
    id         INTEGER PRIMARY KEY,
    what       TEXT    NOT NULL,             -- English msgid, translated when shown
    object     TEXT    NOT NULL DEFAULT '',  -- the record's name
    host       TEXT    NOT NULL DEFAULT '',  -- the host's name
    user_id    INTEGER REFERENCES user(id) ON DELETE SET NULL,
    account    TEXT    NOT NULL DEFAULT '',  -- kept when the user goes
    pid        INTEGER NOT NULL DEFAULT 0,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    state      TEXT    NOT NULL DEFAULT 'running'
               CHECK (state IN ('running', 'ok', 'failed', 'cancelled', 'timeout')),
    result     TEXT    NOT NULL DEFAULT ''   -- the result, or the error's sentence
);
CREATE INDEX task_started ON task(started_at);
CREATE INDEX task_user ON task(user_id);
