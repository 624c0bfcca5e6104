/* dosvmd_conf.h - dosvmd.conf, the service's per-host configuration (manual 4.4.7).
 *
 * An INI file read with GKeyFile: [section] headers, "key = value" lines,
 * '#' comments.  A commented-out or absent key takes the documented default.
 * config_load() refuses a file without [network] localhost, with a localhost
 * that is not IPv4, with min_tcp_port > max_tcp_port, with a number that is
 * not one, or (use_ssl = 1) with SSL files that cannot be read. */
#ifndef DV_DOSVMD_CONF_H
#define DV_DOSVMD_CONF_H

#include "base/dv.h"

#define CONFIG_DEFAULT_PATH "/etc/dosvmd.conf"

struct dosvmd_config {
    /* [network] */
    char *localhost;       /* required, IPv4 */
    int min_tcp_port;      /* 2000 */
    int max_tcp_port;      /* 4000, >= min_tcp_port */
    /* [db] */
    char *db_name;         /* "dosvm" */
    char *db_host;         /* "localhost" */
    char *db_user;         /* "dba" */
    char *db_password;     /* "sql" */
    int db_max_connect_count; /* 2 */
    /* [command_thread] */
    int max_command_thread_count; /* 10 */
    /* [ssl] */
    bool use_ssl;          /* 0 */
    char *ssl_ca;          /* "" */
    char *ssl_cert;        /* "" */
    char *ssl_key;         /* "" */
    char *ssl_password;    /* "" */
    /* [config] */
    char *temp_image_save_path; /* "/tmp" */
    bool temp_image_save_path_set; /* the file sets it (OP-34: then it is the host's) */
    char *share_disk_path;      /* "/raid/data" */
    char *host_uuid;            /* "" until generated */
    char *libvirt_url;          /* "qemu:///system" */
    /* [info] */
    char *vir_log_save_path;    /* "/var/log/" */

    /* notices that do not stop the service (e.g. fewer than 100 ports); may be NULL */
    char **warnings;
};

/* Fill c with every default (localhost empty). */
void config_defaults(struct dosvmd_config *c);

/* Parse the file at path into c (defaults first).  False with err naming the
 * section, key and rule on any error; c is then cleared. */
bool config_load(const char *path, struct dosvmd_config *c, struct dv_error *err);

/* Parse text instead of a file (same rules); for tests and --check. */
bool config_load_data(const char *text, struct dosvmd_config *c, struct dv_error *err);

/* Write host_uuid into the file at path, keeping its comments and other keys
 * (manual: the daemon writes the generated UUID back). */
bool config_write_host_uuid(const char *path, const char *uuid, struct dv_error *err);

void config_clear(struct dosvmd_config *c);

#endif
