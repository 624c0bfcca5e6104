-- 0005-images.sql: image files (manual 9.5): a disk or CD image in the file
-- directory of a project group, at save_dir/file_name; the project that
-- uploaded it owns it (项目镜像, the delete right and the image quotas)

CREATE TABLE image (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    format           TEXT    NOT NULL CHECK (format IN ('raw', 'qcow', 'qcow2')),
    arch             TEXT    NOT NULL CHECK (arch IN ('x86-64', 'i686')),
    shared           INTEGER NOT NULL DEFAULT 0 CHECK (shared IN (0, 1)),
    readonly         INTEGER NOT NULL DEFAULT 0 CHECK (readonly IN (0, 1)),
    description      TEXT    NOT NULL DEFAULT '',
    save_dir         TEXT    NOT NULL,   -- a project group's file_dir
    file_name        TEXT    NOT NULL,   -- relative to save_dir, without '/'
    size_mb          INTEGER NOT NULL CHECK (size_mb >= 0),
    -- a deleted project takes its image records along (P1/OP-42)
    owner_project_id INTEGER NOT NULL REFERENCES project(id) ON DELETE CASCADE,
    uploader_user_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    uploaded_at      INTEGER NOT NULL,
    UNIQUE (save_dir, file_name)
);
CREATE INDEX image_owner ON image(owner_project_id);
