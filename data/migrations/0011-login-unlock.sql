-- 0011-login-unlock.sql - the sysadm lifts an account's login lockout
-- (issue 8, point 4): failed logins up to unlocked_at no longer count.
ALTER TABLE user ADD COLUMN unlocked_at INTEGER NOT NULL DEFAULT 0;
