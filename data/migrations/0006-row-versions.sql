-- 0006-row-versions.sql - a row version on every record edited from a form
-- (spec P2/OP-6): the form reads it with the record, the edit hands it back,
-- and db_bump_version refuses an edit whose record changed in between.
ALTER TABLE user ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE project_group ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE project ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE host ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE host_group ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE secret ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE pool ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE volume ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE image ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;
