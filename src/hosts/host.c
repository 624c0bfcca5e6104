/* host.c - hosts: registration, the sysadm's operations, metrics, history */
#include "hosts/host.h"
#include "base/hosturi.h"
#include "db/audit.h"
#include "db/choice.h"
#include "db/page.h"
#include "jobs/job.h"
#include "base/util.h"
#include "base/validate.h"

#include <limits.h>
#include <string.h>

#define HOST_COLUMNS                                                                               \
    "id, uuid, name, uri, ip, self, cpu_model, cpu_cores, cpu_mhz, mem_total_mb, max_vcpus, "      \
    "max_vmem_mb, share_disk_path, state, missed, last_seen, cpu_pct, mem_pct, disk_pct, "         \
    "net_mbps, registered_at, row_version"
#define SAMPLE_COLUMNS "cpu_pct, mem_pct, disk_pct, net_mbps"
/* a stopped host's metrics are unavailable */
#define CLEAR_METRICS "cpu_pct = NULL, mem_pct = NULL, disk_pct = NULL, net_mbps = NULL"

static const char *const label_name = N_("Host name");
static const char *const label_vcpus = N_("Max VCPUs");
static const char *const label_vmem = N_("Max VMEM (MiB)");
static const char *const label_uri = N_("libvirt URI");

/* ---------------------------------------------------------------- rows */

/* A metric column: false (unavailable) when NULL. */
static bool col_double(const struct db_row *r, int i, double *out)
{
    if (db_row_is_null(r, i))
        return false;
    *out = db_row_double(r, i);
    return true;
}

/* The four metrics from columns first .. first + 3 (SAMPLE_COLUMNS order). */
static void read_sample(const struct db_row *r, int first, struct host_sample *s)
{
    s->has_cpu = col_double(r, first, &s->cpu_pct);
    s->has_mem = col_double(r, first + 1, &s->mem_pct);
    s->has_disk = col_double(r, first + 2, &s->disk_pct);
    s->has_net = col_double(r, first + 3, &s->net_mbps);
}

/* A metric to bind: NULL when unavailable. */
static struct db_val metric(bool has, double v)
{
    return has ? DB_D(v) : DB_NULL;
}

/* The four metrics as ?1 .. ?4 followed by two more values. */
#define SAMPLE_ARGS(s, a, b)                                                                       \
    DB_ARGS(metric((s)->has_cpu, (s)->cpu_pct), metric((s)->has_mem, (s)->mem_pct),                \
            metric((s)->has_disk, (s)->disk_pct), metric((s)->has_net, (s)->net_mbps), a, b)

static bool read_host(const struct db_row *r, void *ctx)
{
    struct host *h = ctx;

    h->id = db_row_int(r, 0);
    h->uuid = db_row_text(r, 1);
    h->name = db_row_text(r, 2);
    h->uri = db_row_text(r, 3);
    h->ip = db_row_text(r, 4);
    h->self = db_row_int(r, 5);
    h->cpu_model = db_row_text(r, 6);
    h->cpu_cores = (int)db_row_int(r, 7);
    h->cpu_mhz = (int)db_row_int(r, 8);
    h->mem_total_mb = db_row_int(r, 9);
    h->max_vcpus = (int)db_row_int(r, 10);
    h->max_vmem_mb = db_row_int(r, 11);
    h->share_disk_path = db_row_text(r, 12);
    h->running = db_row_int(r, 13);
    h->missed = (int)db_row_int(r, 14);
    h->has_last_seen = !db_row_is_null(r, 15);
    h->last_seen = db_row_int(r, 15);
    read_sample(r, 16, &h->now);
    h->now.time = h->last_seen;
    h->registered_at = db_row_int(r, 20);
    h->version = db_row_int(r, 21);
    return true;
}
DB_PAGE_READER(add_host, struct host_page, read_host)

void host_clear(struct host *h)
{
    g_free(h->uuid);
    g_free(h->name);
    g_free(h->uri);
    g_free(h->ip);
    g_free(h->cpu_model);
    g_free(h->share_disk_path);
    memset(h, 0, sizeof(*h));
}

void host_page_free(struct host_page *p)
{
    DB_PAGE_FREE(p, host_clear);
}

void host_history_page_free(struct host_history_page *p)
{
    DB_PAGE_FREE(p, DB_PAGE_NO_CLEAR);
}

/* ---------------------------------------------------------------- reads */

/* limit < 0: every row */
static int page_limit(int limit)
{
    return limit < 0 ? INT_MAX : limit;
}

bool host_list(struct db *db, const char *filter, int64_t offset, int limit, struct host_page *out,
               struct dv_error *err)
{
    char *text = dv_strtrim(filter), *like = db_like_pattern(text);
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, HOST_COLUMNS,
                       "host WHERE (?1 = '' OR name LIKE ?2 ESCAPE '\\' OR ip LIKE ?2 "
                       "ESCAPE '\\')",
                       "id", DB_ARGS(DB_T(text), DB_T(like)), offset, page_limit(limit),
                       &out->total, add_host, out, err);
    if (!ok)
        host_page_free(out);
    g_free(like);
    g_free(text);
    return ok;
}

/* One host by "<key> = ?1"; DV_ERR_NOTFOUND when absent. */
static bool fetch_host(struct db *db, const char *key, struct db_val v, struct host *out,
                       struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT " HOST_COLUMNS " FROM host WHERE %s = ?1", key);
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_get(db, sql, &v, 1, read_host, out, _("The host no longer exists."), err);
    g_free(sql);
    if (!ok)
        host_clear(out);
    return ok;
}

bool host_get(struct db *db, int64_t id, struct host *out, struct dv_error *err)
{
    return fetch_host(db, "id", DB_I(id), out, err);
}

bool host_get_by_uuid(struct db *db, const char *uuid, struct host *out, struct dv_error *err)
{
    return fetch_host(db, "uuid", DB_T(uuid ? uuid : ""), out, err);
}

static bool read_history_row(const struct db_row *r, void *ctx)
{
    struct host_sample *s = ctx;

    s->time = db_row_int(r, 0);
    read_sample(r, 1, s);
    return true;
}
DB_PAGE_READER(add_history_row, struct host_history_page, read_history_row)

bool host_history_list(struct db *db, int64_t id, bool has_period, int64_t from, int64_t to,
                       int64_t offset, int limit, struct host_history_page *out,
                       struct dv_error *err)
{
    bool ok;

    memset(out, 0, sizeof(*out));
    ok = db_query_page(db, "time, " SAMPLE_COLUMNS,
                       "host_history WHERE host_id = ?1 AND (?2 = 0 OR time BETWEEN ?3 AND ?4)",
                       "time DESC, rowid DESC",
                       DB_ARGS(DB_I(id), DB_I(has_period), DB_I(from), DB_I(to)), offset,
                       page_limit(limit), &out->total, add_history_row, out, err);
    if (!ok)
        host_history_page_free(out);
    return ok;
}

/* ---------------------------------------------------------------- names */

/* *taken: another host than except has this name. */
static bool name_taken(struct db *db, const char *name, int64_t except, bool *taken,
                       struct dv_error *err)
{
    return choice_taken(db, "host", "name", name, except, taken, err);
}

/* base made a free host name: "base", else "base-2", "base-3", ...; base is
 * cut to leave room for the suffix within 64 characters. */
static char *unique_name(struct db *db, const char *base, struct dv_error *err)
{
    char *trimmed = dv_strtrim(base);
    const char *from = *trimmed && g_utf8_validate(trimmed, -1, NULL) ? trimmed : "host";
    char *stem = g_utf8_substring(from, 0, MIN(g_utf8_strlen(from, -1), HOST_NAME_MAX_CHARS - 6));
    char *name = g_strdup(stem);
    bool taken = true;

    for (int n = 2; name && taken; n++) {
        if (!name_taken(db, name, 0, &taken, err)) {
            g_clear_pointer(&name, g_free);
        } else if (taken) {
            g_free(name);
            name = g_strdup_printf("%s-%d", stem, n);
        }
    }
    g_free(stem);
    g_free(trimmed);
    return name;
}

static bool check_name(struct db *db, const char *name, int64_t except, struct dv_error *err)
{
    bool taken = false;

    if (!validate_required(HF_NAME, _(label_name), name, err) ||
        !validate_length(HF_NAME, _(label_name), name, 1, HOST_NAME_MAX_CHARS, err))
        return false;
    for (const char *p = name; *p; p++) {
        if ((unsigned char)*p < 0x20) {
            dv_error_set(err, DV_ERR_INVALID, HF_NAME, _("%s contains a control character."),
                         _(label_name));
            return false;
        }
    }
    if (!name_taken(db, name, except, &taken, err))
        return false;
    if (taken)
        dv_error_set(err, DV_ERR_EXISTS, HF_NAME, _("A host named '%s' already exists."), name);
    return !taken;
}

/* ---------------------------------------------------------------- registration */

static bool insert_host(struct db *db, const char *uuid, const char *name, const char *uri,
                        const char *ip, bool self, const struct virt_node_info *info,
                        const char *share, int64_t *id, struct dv_error *err)
{
    int64_t vmem = info->mem_total_mb - HOST_MEM_RESERVE_MB;
    bool ok = db_do(
        db,
        "INSERT INTO host(uuid, name, uri, ip, self, cpu_model, cpu_cores, cpu_mhz, "
        "mem_total_mb, max_vcpus, max_vmem_mb, share_disk_path, state, missed, last_seen, "
        "registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 0, ?13, ?13)",
        DB_ARGS(DB_T(uuid), DB_T(name), DB_T(uri), DB_T(ip ? ip : ""), DB_I(self),
                DB_T(info->cpu_model ? info->cpu_model : ""), DB_I(info->cpu_cores),
                DB_I(info->cpu_mhz), DB_I(info->mem_total_mb),
                DB_I(info->cpu_cores > 0 ? info->cpu_cores : 1), DB_I(vmem > 0 ? vmem : 1),
                DB_T(share ? share : ""), DB_I(dv_now())),
        err);

    if (ok && id)
        *id = db_last_id(db);
    return ok;
}

/* Refresh a known host; the admin-edited name, max VCPUs and max VMEM stay. */
static bool refresh_host(struct db *db, int64_t id, const char *uri, const char *ip, bool self,
                         const struct virt_node_info *info, const char *share, struct dv_error *err)
{
    return db_do(db,
                 "UPDATE host SET uri = ?1, ip = ?2, self = ?3, cpu_model = ?4, "
                 "cpu_cores = ?5, cpu_mhz = ?6, mem_total_mb = ?7, "
                 "share_disk_path = ?8, state = 1, missed = 0, last_seen = ?9 "
                 "WHERE id = ?10",
                 DB_ARGS(DB_T(uri), DB_T(ip ? ip : ""), DB_I(self),
                         DB_T(info->cpu_model ? info->cpu_model : ""), DB_I(info->cpu_cores),
                         DB_I(info->cpu_mhz), DB_I(info->mem_total_mb), DB_T(share ? share : ""),
                         DB_I(dv_now()), DB_I(id)),
                 err);
}

/* The registration inside a caller's transaction; name NULL = the host name
 * made unique. */
static bool register_in_tx(struct db *db, const char *uuid, const char *name, const char *uri,
                           const char *ip, bool self, const struct virt_node_info *info,
                           const char *share, int64_t *id, struct dv_error *err)
{
    struct host old;
    struct dv_error lookup = {0};
    char *made;
    bool ok;

    if (host_get_by_uuid(db, uuid, &old, &lookup)) {
        ok = refresh_host(db, old.id, uri, ip, self, info, share, err);
        if (ok && id)
            *id = old.id;
        host_clear(&old);
        return ok;
    }
    if (lookup.code != DV_ERR_NOTFOUND) {
        if (err)
            *err = lookup;
        return false;
    }
    made = name ? g_strdup(name) : unique_name(db, info->hostname, err);
    ok = made && insert_host(db, uuid, made, uri, ip, self, info, share, id, err);
    g_free(made);
    return ok;
}

bool host_register(struct db *db, const char *uuid, const char *uri, const char *ip, bool self,
                   const struct virt_node_info *info, const char *share_disk_path, int64_t *id,
                   struct dv_error *err)
{
    if (!uuid || !g_uuid_string_is_valid(uuid)) {
        dv_error_set(err, DV_ERR_INVALID, NULL, _("'%s' is not a valid host UUID."),
                     uuid ? uuid : "");
        return false;
    }
    if (!db_begin(db, err))
        return false;
    if (!register_in_tx(db, uuid, NULL, uri, ip, self, info, share_disk_path, id, err)) {
        db_rollback(db);
        return false;
    }
    return db_commit(db, err);
}

/* ---------------------------------------------------------------- sysadm operations */

static bool require_sysadm(const struct dv_actor *actor, struct dv_error *err)
{
    if (actor && actor->sysadm)
        return true;
    dv_error_set(err, DV_ERR_DENIED, NULL, _("Only the system administrator can manage hosts."));
    return false;
}

/* The host part of a URI ("" for test:///FILE or an unreadable URI). */
static char *uri_host(const char *uri)
{
    GUri *u = g_uri_parse(uri, G_URI_FLAGS_NON_DNS, NULL);
    char *host = g_strdup(u && g_uri_get_host(u) ? g_uri_get_host(u) : "");

    if (u)
        g_uri_unref(u);
    return host;
}

/* What host_add learns from the host before it writes anything. */
struct probe {
    struct virt_node_info info;
    char *uuid;
};

static bool probe_host(const char *uri, struct probe *p, struct dv_error *err)
{
    struct virt_conn *c = virt_open(uri, err);
    bool ok;

    memset(p, 0, sizeof(*p));
    if (!c)
        return false;
    ok = virt_node_info(c, &p->info, err);
    if (ok)
        p->uuid = virt_host_uuid(c, err);
    virt_close(c);
    if (ok && p->uuid)
        return true;
    if (err)
        g_strlcpy(err->field, HF_URI, sizeof(err->field));
    virt_node_info_clear(&p->info);
    return false;
}

/* A registered uuid is refused, naming the record that has it. */
static bool uuid_free(struct db *db, const char *uuid, struct dv_error *err)
{
    struct host old;
    struct dv_error lookup = {0};

    if (host_get_by_uuid(db, uuid, &old, &lookup)) {
        dv_error_set(err, DV_ERR_EXISTS, HF_URI,
                     _("This host (UUID %s) is already registered as '%s'."), uuid, old.name);
        host_clear(&old);
        return false;
    }
    if (lookup.code == DV_ERR_NOTFOUND)
        return true;
    if (err)
        *err = lookup;
    return false;
}

static void probe_free(void *data)
{
    struct probe *p = data;

    virt_node_info_clear(&p->info);
    g_free(p->uuid);
    g_free(p);
}

/* What the add-by-URI job carries from its start to its finish. */
struct adding {
    char *name, *uri; /* trimmed */
    int64_t id;       /* the host registered */
};

static void adding_free(void *data)
{
    struct adding *a = data;

    g_free(a->name);
    g_free(a->uri);
    g_free(a);
}

/* On a worker: connect and read what the host says about itself. */
static bool add_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct adding *a = data;
    struct probe *p = g_new0(struct probe, 1);

    (void)ctx;
    if (!probe_host(a->uri, p, err)) {
        probe_free(p);
        return false;
    }
    *result = p;
    return true;
}

/* On the owner's thread: register what the worker learnt. */
static bool add_finish(struct job *job, void *data, bool ok, void *result, struct dv_error *err)
{
    struct adding *a = data;
    struct probe *p = result;
    struct db *db = job_db(job);
    char *ip = NULL, *chosen = NULL;
    int64_t new_id = 0;

    if (!ok && err->code == DV_ERR_TIMEOUT) /* shown beside the URI */
        g_strlcpy(err->field, HF_URI, sizeof(err->field));
    if (!ok || !db_begin(db, err))
        return false;
    ip = uri_host(a->uri);
    chosen = *a->name ? g_strdup(a->name) : unique_name(db, p->info.hostname, err);
    ok = audit_commit(
        db,
        chosen && (!*a->name || check_name(db, a->name, 0, err)) && uuid_free(db, p->uuid, err) &&
            register_in_tx(db, p->uuid, chosen, a->uri, ip, false, &p->info, "", &new_id, err),
        job_actor(job), AUDIT_ADD, N_("Add host"), chosen, err);
    if (ok) {
        a->id = new_id;
        job_set_result_text(job, _("The host was added."));
    }
    g_free(chosen);
    g_free(ip);
    return ok;
}

/* A test:/// file is looked at before the job: never quoted (issue 8). */
static bool test_file_readable(const char *uri, const char *file, struct dv_error *err)
{
    if (hosturi_test_file(file, HF_URI, err))
        return true;
    dv_error_set(err, DV_ERR_IO, HF_URI, _("Cannot connect to %s: %s"), uri,
                 _("The host's test file could not be read as a libvirt test driver file."));
    return false;
}

struct job *host_add_start(struct db *db, const struct dv_actor *actor, const char *name,
                           const char *uri, struct dv_error *err)
{
    return host_add_start_flags(db, actor, name, uri, 0, err);
}

struct job *host_add_start_flags(struct db *db, const struct dv_actor *actor, const char *name,
                                 const char *uri, unsigned uri_flags, struct dv_error *err)
{
    struct adding *a = g_new0(struct adding, 1);
    struct job_spec spec = {.what = N_("Add host"),
                            .work = add_work,
                            .finish = add_finish,
                            .data = a,
                            .data_free = adding_free,
                            .result_free = probe_free};
    struct hosturi_info info = {0};

    a->name = dv_strtrim(name);
    a->uri = dv_strtrim(uri);
    if (!require_sysadm(actor, err) || !validate_required(HF_URI, _(label_uri), a->uri, err) ||
        !hosturi_check(a->uri, uri_flags, HF_URI, &info, err) ||
        (info.test_file && !test_file_readable(a->uri, info.test_file, err)) ||
        (*a->name && !check_name(db, a->name, 0, err))) {
        hosturi_info_clear(&info);
        adding_free(a);
        return NULL;
    }
    hosturi_info_clear(&info);
    spec.object = *a->name ? a->name : a->uri;
    spec.host = a->uri;
    return job_start(db, actor, &spec, err);
}

int64_t host_add_job_id(const struct job *job)
{
    return ((const struct adding *)job_data(job))->id;
}

bool host_add(struct db *db, const struct dv_actor *actor, const char *name, const char *uri,
              int64_t *id, struct dv_error *err)
{
    struct job *job = host_add_start(db, actor, name, uri, err);
    bool ok = job_run(job, err);

    if (ok && id)
        *id = host_add_job_id(job);
    job_unref(job);
    return ok;
}

bool host_spec_parse(const char *name, const char *max_vcpus, const char *max_vmem, int64_t version,
                     struct host_spec *out, struct dv_error *err)
{
    long nv = 0, nm = 0;

    memset(out, 0, sizeof(*out));
    if (!validate_required(HF_MAX_VCPUS, _(label_vcpus), max_vcpus, err) ||
        !validate_int_range(HF_MAX_VCPUS, _(label_vcpus), max_vcpus, 1, HOST_MAX_VCPUS_LIMIT, &nv,
                            err) ||
        !validate_required(HF_MAX_VMEM, _(label_vmem), max_vmem, err) ||
        !validate_int_range(HF_MAX_VMEM, _(label_vmem), max_vmem, LONG_MIN, LONG_MAX, &nm, err))
        return false;
    out->name = name;
    out->max_vcpus = nv;
    out->max_vmem_mb = nm;
    out->version = version;
    return true;
}

/* Max VCPUs from 1 to HOST_MAX_VCPUS_LIMIT; max VMEM from 1 to physical
 * memory - 512 MB. */
static bool check_limits(const struct host *h, const struct host_spec *spec, struct dv_error *err)
{
    int64_t limit = h->mem_total_mb - HOST_MEM_RESERVE_MB;

    if (spec->max_vcpus < 1 || spec->max_vcpus > HOST_MAX_VCPUS_LIMIT) {
        dv_error_set(err, DV_ERR_INVALID, HF_MAX_VCPUS, _("%s must be between %ld and %ld."),
                     _(label_vcpus), 1L, (long)HOST_MAX_VCPUS_LIMIT);
        return false;
    }
    if (spec->max_vmem_mb < 1) {
        dv_error_set(err, DV_ERR_INVALID, HF_MAX_VMEM, _("%s must be at least 1."), _(label_vmem));
        return false;
    }
    if (spec->max_vmem_mb > limit) {
        dv_error_set(err, DV_ERR_INVALID, HF_MAX_VMEM,
                     _("%s must not exceed physical memory minus 512 MiB (%ld MiB)."),
                     _(label_vmem), (long)limit);
        return false;
    }
    return true;
}

bool host_update(struct db *db, const struct dv_actor *actor, int64_t id,
                 const struct host_spec *spec, struct dv_error *err)
{
    char *n = dv_strtrim(spec->name);
    struct host h = {0};
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok) {
        g_free(n);
        return false;
    }
    ok = host_get(db, id, &h, err) && check_name(db, n, h.id, err) && check_limits(&h, spec, err) &&
         db_bump_version(db, "host", id, spec->version, _("The host no longer exists."), err) &&
         db_do(db, "UPDATE host SET name = ?1, max_vcpus = ?2, max_vmem_mb = ?3 WHERE id = ?4",
               DB_ARGS(DB_T(n), DB_I(spec->max_vcpus), DB_I(spec->max_vmem_mb), DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify host"), n, err);
    host_clear(&h);
    g_free(n);
    return ok;
}

static int64_t count_of(struct db *db, const char *sql, int64_t id, bool *ok, struct dv_error *err)
{
    int64_t n = 0;

    *ok = *ok && db_scalar(db, sql, DB_ARGS(DB_I(id)), &n, err);
    return n;
}

static bool check_deletable(struct db *db, const struct host *h, struct dv_error *err)
{
    bool ok = true;

    if (h->running) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The host '%s' is running; only a stopped host can be deleted."), h->name);
        return false;
    }
    if (count_of(db, "SELECT count(*) FROM host_group_member WHERE host_id = ?1", h->id, &ok, err) >
        0) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The host '%s' belongs to a host group; remove it from the group first."),
                     h->name);
        return false;
    }
    if (ok &&
        count_of(db, "SELECT count(*) FROM pool WHERE bound_host_id = ?1", h->id, &ok, err) > 0) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The host '%s' holds a storage pool bound to it; delete the pool first."),
                     h->name);
        return false;
    }
    return ok;
}

bool host_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct host h = {0};
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok = host_get(db, id, &h, err) && check_deletable(db, &h, err) &&
         db_do(db, "DELETE FROM host WHERE id = ?1", DB_ARGS(DB_I(id)), err);
    ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete host"), h.name, err);
    host_clear(&h);
    return ok;
}

bool host_clear_history(struct db *db, const struct dv_actor *actor, int64_t before, int *deleted,
                        struct dv_error *err)
{
    char when[DV_TIME_LEN];
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok = db_do(db, "DELETE FROM host_history WHERE time < ?1", DB_ARGS(DB_I(before)), err);
    if (ok && deleted)
        *deleted = (int)db_changes(db);
    return audit_commit(db, ok, actor, AUDIT_DELETE, N_("Clear host history"),
                        dv_format_time(before, when), err);
}

/* ---------------------------------------------------------------- the daemon's writes */

/* Run an UPDATE of one host; DV_ERR_NOTFOUND when the host is gone. */
static bool update_one(struct db *db, const char *sql, const struct db_val *args, int nargs,
                       struct dv_error *err)
{
    if (!db_do(db, sql, args, nargs, err))
        return false;
    if (db_changes(db) > 0)
        return true;
    dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The host no longer exists."));
    return false;
}

bool host_record_sample(struct db *db, int64_t id, const struct host_sample *s,
                        struct dv_error *err)
{
    return update_one(db,
                      "UPDATE host SET cpu_pct = ?1, mem_pct = ?2, disk_pct = ?3, "
                      "net_mbps = ?4, state = 1, missed = 0, last_seen = ?5 WHERE id = ?6",
                      SAMPLE_ARGS(s, DB_I(s->time), DB_I(id)), err);
}

bool host_mark_seen(struct db *db, int64_t id, int64_t now, struct dv_error *err)
{
    return update_one(db, "UPDATE host SET state = 1, missed = 0, last_seen = ?1 WHERE id = ?2",
                      DB_ARGS(DB_I(now), DB_I(id)), err);
}

static bool read_state(const struct db_row *r, void *ctx)
{
    *(int64_t *)ctx = db_row_int(r, 0);
    return true;
}

bool host_mark_missed(struct db *db, int64_t id, int fail_count, bool *stopped,
                      struct dv_error *err)
{
    /* the right-hand sides see the old row: missed + 1 is the new count;
     * RETURNING (SQLite and PostgreSQL) gives the new state of this very write */
    int64_t state = 0, rows = 0;

    if (!db_query(db,
                  "UPDATE host SET missed = missed + 1, "
                  "state = CASE WHEN missed + 1 >= ?1 THEN 0 ELSE state END, "
                  "cpu_pct = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE cpu_pct END, "
                  "mem_pct = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE mem_pct END, "
                  "disk_pct = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE disk_pct END, "
                  "net_mbps = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE net_mbps END "
                  "WHERE id = ?2 RETURNING state",
                  DB_ARGS(DB_I(fail_count), DB_I(id)), read_state, &state, &rows, err))
        return false;
    if (rows == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The host no longer exists."));
        return false;
    }
    if (stopped)
        *stopped = state == 0;
    return true;
}

bool host_mark_stopped(struct db *db, int64_t id, struct dv_error *err)
{
    return update_one(db, "UPDATE host SET state = 0, " CLEAR_METRICS " WHERE id = ?1",
                      DB_ARGS(DB_I(id)), err);
}

bool host_append_history(struct db *db, int64_t id, const struct host_sample *s,
                         struct dv_error *err)
{
    return db_do(db,
                 "INSERT INTO host_history(host_id, time, " SAMPLE_COLUMNS
                 ") VALUES (?5, ?6, ?1, ?2, ?3, ?4)",
                 SAMPLE_ARGS(s, DB_I(id), DB_I(s->time)), err);
}

bool host_set_temp_dir(struct db *db, int64_t id, const char *dir, struct dv_error *err)
{
    return db_do(db, "UPDATE host SET temp_dir = ?2 WHERE id = ?1",
                 DB_ARGS(DB_I(id), DB_T(dir ? dir : "")), err);
}

bool host_history_period(const char *from_text, const char *to_text, bool *has, int64_t *from,
                         int64_t *to, struct dv_error *err)
{
    bool f = from_text && *from_text, t = to_text && *to_text;

    *has = f || t;
    if (!*has)
        return true;
    if (!f || !t) {
        dv_error_set(err, DV_ERR_INVALID, f ? "to" : "from",
                     _("Enter a complete time period: both the start and the end."));
        return false;
    }
    if (!dv_parse_time(from_text, from)) {
        dv_error_set(err, DV_ERR_INVALID, "from",
                     _("Start time must be written as YYYY-MM-DD HH:MM:SS."));
        return false;
    }
    if (!dv_parse_time(to_text, to)) {
        dv_error_set(err, DV_ERR_INVALID, "to",
                     _("End time must be written as YYYY-MM-DD HH:MM:SS."));
        return false;
    }
    return true;
}
