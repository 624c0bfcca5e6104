/* host.h - hosts (宿主机, manual 6.2.2): registration by dosvmd, hosts the
 * sysadm adds by libvirt URI, the admin-edited limits, current metrics,
 * heartbeats and the metrics history.
 *
 * A host's state is 运行 running or 停止 stopped.  Each of the four current
 * metrics may be unavailable (NULL in the database, has_x false here), which
 * is never the same as 0.  User operations validate every field first, then
 * run one transaction that also writes the operation-log row; the daemon's
 * writes (registration, samples, heartbeats, history) are not audited. */
#ifndef DV_HOST_H
#define DV_HOST_H

#include "db/db.h"
#include "virt/virt.h"

/* form-field keys named in dv_error.field */
#define HF_NAME      "name"
#define HF_MAX_VCPUS "max_vcpus"
#define HF_MAX_VMEM  "max_vmem"
#define HF_URI       "uri"

#define HOST_NAME_MAX_CHARS  64
#define HOST_MEM_RESERVE_MB  512 /* kept for the host system (6.2.2.4, OP-15) */
#define HOST_MAX_VCPUS_LIMIT 65536

/* One sample of the dynamic metrics (6.2.2.1); has_x false = unavailable. */
struct host_sample {
    int64_t time;
    bool has_cpu, has_mem, has_disk, has_net;
    double cpu_pct;  /* CPU load % */
    double mem_pct;  /* memory load % */
    double disk_pct; /* disk load % of share_disk_path */
    double net_mbps; /* network load MB/s (MB = 2^20 bytes) */
};

struct host {
    int64_t id;
    char *uuid;
    char *name;
    char *uri;
    char *ip;
    bool self; /* registered by its own dosvmd */
    char *cpu_model;
    int cpu_cores;
    int cpu_mhz;
    int64_t mem_total_mb;
    int max_vcpus;
    int64_t max_vmem_mb;
    char *share_disk_path;
    bool running;
    int missed; /* heartbeats missed in a row */
    bool has_last_seen;
    int64_t last_seen;
    struct host_sample now; /* current metrics; now.time = last_seen */
    int64_t registered_at;
    int64_t version; /* row version, handed back with an edit (P2/OP-6) */
};

/* What the sysadm edits (M6.2.2.4). */
struct host_spec {
    const char *name; /* trimmed by host_update */
    int64_t max_vcpus;
    int64_t max_vmem_mb;
    int64_t version; /* the row version the edit is based on; 0: any */
};

struct host_page {
    struct host *rows;
    int n;
    int64_t total; /* rows matching the filter */
};

struct host_history_page {
    struct host_sample *rows;
    int n;
    int64_t total;
};

/* Hosts whose name or IP contains filter (NULL or "" = all), by id; one page
 * of at most limit rows from offset (limit < 0: all).  Free with
 * host_page_free. */
bool host_list(struct db *db, const char *filter, int64_t offset, int limit, struct host_page *out,
               struct dv_error *err);
void host_page_free(struct host_page *p);

/* One host; DV_ERR_NOTFOUND when it is gone.  Free with host_clear. */
bool host_get(struct db *db, int64_t id, struct host *out, struct dv_error *err);
/* The host registered with uuid; false (DV_ERR_NOTFOUND) when none. */
bool host_get_by_uuid(struct db *db, const char *uuid, struct host *out, struct dv_error *err);
void host_clear(struct host *h);

/* M6.2.2: register the host uuid reached through uri (by its dosvmd when
 * self).  A new uuid inserts a record: name = info->hostname made unique
 * ("name-2", ...), max VCPUs = cores, max VMEM = memory - 512 MB (OP-15, at
 * least 1), state running.  A known uuid refreshes uri, ip, self, the static
 * information and share_disk_path, keeps the admin-edited name, max VCPUs and
 * max VMEM, and sets the state running.  *id (may be NULL) gets the id. */
bool host_register(struct db *db, const char *uuid, const char *uri, const char *ip, bool self,
                   const struct virt_node_info *info, const char *share_disk_path, int64_t *id,
                   struct dv_error *err);

/* OP-34: the directory for the temporary overlays and save files of the
 * VMs on host id, from its dosvmd.conf temp_image_save_path when the file
 * sets it ("" = the system parameter 虚拟机临时文件保存目录, M13.2.1 #9).
 * Written by the host's dosvmd at registration; no audit row (no admin
 * action). */
bool host_set_temp_dir(struct db *db, int64_t id, const char *dir, struct dv_error *err);

/* D3: the sysadm adds a remote host by libvirt URI (qemu+ssh://, qemu+tls://,
 * test:///ABSFILE).  It connects, reads the static information and the
 * host's UUID (virt_host_uuid), and registers it (self = 0, ip = the URI's
 * host part).  name may be empty: the host name made unique is used.  A host
 * already registered under that UUID is refused (DV_ERR_EXISTS, "uri"). */
bool host_add(struct db *db, const struct dv_actor *actor, const char *name, const char *uri,
              int64_t *id, struct dv_error *err);

/* The modify form's texts into out: max VCPUs a whole number from 1 to
 * HOST_MAX_VCPUS_LIMIT, max VMEM a whole number; errors name the field. */
bool host_spec_parse(const char *name, const char *max_vcpus, const char *max_vmem, int64_t version,
                     struct host_spec *out, struct dv_error *err);

struct job;
/* host_add as a background job (D11): the checks that need no host run
 * first (NULL with err); the connection is made on a worker; the job's
 * finish registers the host.  host_add() runs it and waits. */
struct job *host_add_start(struct db *db, const struct dv_actor *actor, const char *name,
                           const char *uri, struct dv_error *err);
/* host_add_start with the flags of base/hosturi.h: HOSTURI_TCP_CONFIRMED
 * once the sysadm confirmed an unencrypted qemu+tcp URI.  A URI outside
 * dosvm's transports and parameters is refused (HF_URI) before anything
 * runs; without the flag a qemu+tcp URI is refused with DV_ERR_DENIED. */
struct job *host_add_start_flags(struct db *db, const struct dv_actor *actor, const char *name,
                                 const char *uri, unsigned uri_flags, struct dv_error *err);
/* The id a host_add_start job registered (0 until it succeeded). */
int64_t host_add_job_id(const struct job *job);

/* M6.2.2.4: the sysadm sets the display name (required, 1-64 characters,
 * unique), max VCPUs (1 to HOST_MAX_VCPUS_LIMIT) and max VMEM in MB (>= 1
 * and <= physical memory - 512 MB); a stale version is refused. */
bool host_update(struct db *db, const struct dv_actor *actor, int64_t id,
                 const struct host_spec *spec, struct dv_error *err);

/* OP-13: the sysadm deletes a (duplicate) host record; only a stopped host
 * that no host group contains (DV_ERR_DENIED otherwise).  Its history goes
 * with it. */
bool host_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* Store s as the current metrics (NULL for an unavailable one), state
 * running, missed 0, last_seen s->time. */
bool host_record_sample(struct db *db, int64_t id, const struct host_sample *s,
                        struct dv_error *err);

/* A heartbeat answered without a sample: state running, missed 0,
 * last_seen now; the metrics are kept. */
bool host_mark_seen(struct db *db, int64_t id, int64_t now, struct dv_error *err);

/* A missed heartbeat: missed + 1; once missed >= fail_count the host is
 * stopped and its current metrics become unavailable.  *stopped (may be
 * NULL) tells whether the host is stopped now. */
bool host_mark_missed(struct db *db, int64_t id, int fail_count, bool *stopped,
                      struct dv_error *err);

/* Mark a host stopped at once (its daemon ends cleanly). */
bool host_mark_stopped(struct db *db, int64_t id, struct dv_error *err);

/* M6.2.2.3: append s as a history row of host id at s->time. */
bool host_append_history(struct db *db, int64_t id, const struct host_sample *s,
                         struct dv_error *err);

/* M6.2.2.3: the period of the history query, as typed (YYYY-MM-DD
 * HH:MM:SS): both ends or neither (*has false); false with err naming the
 * field ("from" or "to") otherwise. */
bool host_history_period(const char *from_text, const char *to_text, bool *has, int64_t *from,
                         int64_t *to, struct dv_error *err);

/* M6.2.2.3: one page of host id's history, newest first, within [from, to]
 * when has_period; limit < 0: all. */
bool host_history_list(struct db *db, int64_t id, bool has_period, int64_t from, int64_t to,
                       int64_t offset, int limit, struct host_history_page *out,
                       struct dv_error *err);
void host_history_page_free(struct host_history_page *p);

/* M6.2.2.5: the sysadm deletes the history of all hosts older than before;
 * *deleted (may be NULL) gets the number of rows (OP-19). */
bool host_clear_history(struct db *db, const struct dv_actor *actor, int64_t before, int *deleted,
                        struct dv_error *err);

#endif
