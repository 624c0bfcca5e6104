-- 0014-vm-events.sql - run states kept fresh by libvirt's lifecycle events
-- (issue 11, src/vm/vmevents.h).
--
-- stopped_at: when a lifecycle event showed the domain of a VM whose power
-- state is 开启 stop by itself (a crash, a shutdown from inside the guest,
-- a destroy from outside dosvm); 0 otherwise.  Its run state is then 关机,
-- and the reconciler (OP-30) starts it again on its tick as one recorded
-- running, where a VM 开启/关机 without it is a start under way.  Every
-- job that sets a VM's state clears it.
ALTER TABLE vm ADD COLUMN stopped_at INTEGER NOT NULL DEFAULT 0;

-- vm_stamp.n moves whenever a VM is added or deleted or its power state,
-- run state, host or access port changes, by whichever process: the
-- console's VM pages read it each time their loop wakes (cheaply, one
-- row) and re-read their page when it moved.
CREATE TABLE vm_stamp (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    n               INTEGER NOT NULL
);
INSERT INTO vm_stamp(id, n) VALUES (1, 0);

CREATE TRIGGER vm_stamp_insert AFTER INSERT ON vm
BEGIN
    UPDATE vm_stamp SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER vm_stamp_delete AFTER DELETE ON vm
BEGIN
    UPDATE vm_stamp SET n = n + 1 WHERE id = 1;
END;

CREATE TRIGGER vm_stamp_update AFTER UPDATE OF power_on, run_state, run_host_id, access_port ON vm
WHEN old.power_on IS NOT new.power_on OR old.run_state IS NOT new.run_state OR
     old.run_host_id IS NOT new.run_host_id OR old.access_port IS NOT new.access_port
BEGIN
    UPDATE vm_stamp SET n = n + 1 WHERE id = 1;
END;
