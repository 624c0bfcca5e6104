-- 0013-host-temp-dir.sql - OP-34: the directory for a host's temporary
-- overlays and save files, when its dosvmd.conf sets temp_image_save_path
-- ('' = the system parameter 虚拟机临时文件保存目录, M13.2.1 #9).
ALTER TABLE host ADD COLUMN temp_dir TEXT NOT NULL DEFAULT '';
