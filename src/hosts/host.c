/* host.c - hosts: registration, the sysadm's operations, metrics, history */
#include "hosts/host.h"
#include "db/audit.h"
#include "jobs/job.h"
#include "base/util.h"
#include "base/validate.h"

#include <limits.h>
#include <string.h>

#define HOST_COLUMNS                                                                               \
    "id, uuid, name, uri, ip, self, cpu_model, cpu_cores, cpu_mhz, mem_total_mb, max_vcpus, "      \
    "max_vmem_mb, share_disk_path, state, missed, last_seen, cpu_pct, mem_pct, disk_pct, "         \
    "net_mbps, registered_at"
#define SAMPLE_COLUMNS "cpu_pct, mem_pct, disk_pct, net_mbps"
/* a stopped host's metrics are unavailable */
#define CLEAR_METRICS "cpu_pct = NULL, mem_pct = NULL, disk_pct = NULL, net_mbps = NULL"

static const char *const label_name = N_("Host name");
static const char *const label_vcpus = N_("Max VCPUs");
static const char *const label_vmem = N_("Max VMEM (MB)");
static const char *const label_uri = N_("libvirt URI");

/* ---------------------------------------------------------------- rows */

static bool col_double(sqlite3_stmt *st, int i, double *out)
{
    if (sqlite3_column_type(st, i) == SQLITE_NULL)
        return false;
    *out = sqlite3_column_double(st, i);
    return true;
}

/* The four metrics from columns first .. first + 3 (SAMPLE_COLUMNS order). */
static void read_sample(sqlite3_stmt *st, int first, struct host_sample *s)
{
    s->has_cpu = col_double(st, first, &s->cpu_pct);
    s->has_mem = col_double(st, first + 1, &s->mem_pct);
    s->has_disk = col_double(st, first + 2, &s->disk_pct);
    s->has_net = col_double(st, first + 3, &s->net_mbps);
}

static void bind_metric(sqlite3_stmt *st, int i, bool has, double v)
{
    if (has)
        sqlite3_bind_double(st, i, v);
    else
        sqlite3_bind_null(st, i);
}

/* Bind the four metrics to parameters first .. first + 3. */
static void bind_sample(sqlite3_stmt *st, int first, const struct host_sample *s)
{
    bind_metric(st, first, s->has_cpu, s->cpu_pct);
    bind_metric(st, first + 1, s->has_mem, s->mem_pct);
    bind_metric(st, first + 2, s->has_disk, s->disk_pct);
    bind_metric(st, first + 3, s->has_net, s->net_mbps);
}

static void read_host(sqlite3_stmt *st, struct host *h)
{
    h->id = sqlite3_column_int64(st, 0);
    h->uuid = db_col_text(st, 1);
    h->name = db_col_text(st, 2);
    h->uri = db_col_text(st, 3);
    h->ip = db_col_text(st, 4);
    h->self = sqlite3_column_int(st, 5);
    h->cpu_model = db_col_text(st, 6);
    h->cpu_cores = sqlite3_column_int(st, 7);
    h->cpu_mhz = sqlite3_column_int(st, 8);
    h->mem_total_mb = sqlite3_column_int64(st, 9);
    h->max_vcpus = sqlite3_column_int(st, 10);
    h->max_vmem_mb = sqlite3_column_int64(st, 11);
    h->share_disk_path = db_col_text(st, 12);
    h->running = sqlite3_column_int(st, 13);
    h->missed = sqlite3_column_int(st, 14);
    h->has_last_seen = sqlite3_column_type(st, 15) != SQLITE_NULL;
    h->last_seen = sqlite3_column_int64(st, 15);
    read_sample(st, 16, &h->now);
    h->now.time = h->last_seen;
    h->registered_at = sqlite3_column_int64(st, 20);
}

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
    for (int i = 0; i < p->n; i++)
        host_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

void host_history_page_free(struct host_history_page *p)
{
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

/* Step st to its end, reading each row into a new element of rows. */
static bool read_rows(struct db *db, sqlite3_stmt *st, GArray *rows,
                      void (*read)(sqlite3_stmt *st, void *row), struct dv_error *err)
{
    int rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        g_array_set_size(rows, rows->len + 1);
        read(st, rows->data + (size_t)(rows->len - 1) * g_array_get_element_size(rows));
    }
    return rc == SQLITE_DONE || db_fail(db, err);
}

static bool count_of(struct db *db, sqlite3_stmt *st, int64_t *out, struct dv_error *err)
{
    bool ok = sqlite3_step(st) == SQLITE_ROW;

    if (ok)
        *out = sqlite3_column_int64(st, 0);
    return ok || db_fail(db, err);
}

/* Run a statement expecting no rows; finalizes it. */
static bool step_done(struct db *db, sqlite3_stmt *st, struct dv_error *err)
{
    bool ok = st && (sqlite3_step(st) == SQLITE_DONE || db_fail(db, err));

    sqlite3_finalize(st);
    return ok;
}

/* ---------------------------------------------------------------- reads */

static void read_host_row(sqlite3_stmt *st, void *row)
{
    read_host(st, row);
}

#define LIST_WHERE                                                                                 \
    " FROM host WHERE (?1 = '' OR name LIKE ?2 ESCAPE '\\' OR ip LIKE ?2 ESCAPE '\\')"

bool host_list(struct db *db, const char *filter, int64_t offset, int limit, struct host_page *out,
               struct dv_error *err)
{
    char *text = dv_strtrim(filter), *like = db_like_pattern(text);
    sqlite3_stmt *count = db_prepare(db, "SELECT count(*)" LIST_WHERE, err);
    sqlite3_stmt *st =
        count ? db_prepare(db, "SELECT " HOST_COLUMNS LIST_WHERE " ORDER BY id LIMIT ?3 OFFSET ?4",
                           err)
              : NULL;
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(struct host));
    bool ok = st != NULL;

    memset(out, 0, sizeof(*out));
    for (int i = 0; ok && i < 2; i++) {
        sqlite3_stmt *s = i ? st : count;

        db_bind_text(s, 1, text);
        db_bind_text(s, 2, like);
    }
    if (ok) {
        db_bind_int(st, 3, limit < 0 ? -1 : limit);
        db_bind_int(st, 4, offset);
        ok = count_of(db, count, &out->total, err) && read_rows(db, st, rows, read_host_row, err);
    }
    out->n = (int)rows->len;
    out->rows = (struct host *)(void *)g_array_free(rows, FALSE);
    if (!ok)
        host_page_free(out);
    sqlite3_finalize(count);
    sqlite3_finalize(st);
    g_free(like);
    g_free(text);
    return ok;
}

/* One host by "id = ?" or "uuid = ?"; DV_ERR_NOTFOUND when absent. */
static bool fetch_host(struct db *db, const char *where, const char *text, int64_t id,
                       struct host *out, struct dv_error *err)
{
    char *sql = g_strdup_printf("SELECT " HOST_COLUMNS " FROM host WHERE %s", where);
    sqlite3_stmt *st = db_prepare(db, sql, err);
    int rc;

    g_free(sql);
    memset(out, 0, sizeof(*out));
    if (!st)
        return false;
    if (text)
        db_bind_text(st, 1, text);
    else
        db_bind_int(st, 1, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        read_host(st, out);
    else if (rc == SQLITE_DONE)
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The host no longer exists."));
    else
        db_fail(db, err);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW;
}

bool host_get(struct db *db, int64_t id, struct host *out, struct dv_error *err)
{
    return fetch_host(db, "id = ?", NULL, id, out, err);
}

bool host_get_by_uuid(struct db *db, const char *uuid, struct host *out, struct dv_error *err)
{
    return fetch_host(db, "uuid = ?", uuid ? uuid : "", 0, out, err);
}

static void read_history_row(sqlite3_stmt *st, void *row)
{
    struct host_sample *s = row;

    s->time = sqlite3_column_int64(st, 0);
    read_sample(st, 1, s);
}

#define HISTORY_WHERE " FROM host_history WHERE host_id = ?1 AND (?2 = 0 OR time BETWEEN ?3 AND ?4)"

bool host_history_list(struct db *db, int64_t id, bool has_period, int64_t from, int64_t to,
                       int64_t offset, int limit, struct host_history_page *out,
                       struct dv_error *err)
{
    sqlite3_stmt *count = db_prepare(db, "SELECT count(*)" HISTORY_WHERE, err);
    sqlite3_stmt *st = count ? db_prepare(db,
                                          "SELECT time, " SAMPLE_COLUMNS HISTORY_WHERE
                                          " ORDER BY time DESC, rowid DESC LIMIT ?5 OFFSET ?6",
                                          err)
                             : NULL;
    GArray *rows = g_array_new(FALSE, TRUE, sizeof(struct host_sample));
    bool ok = st != NULL;

    memset(out, 0, sizeof(*out));
    for (int i = 0; ok && i < 2; i++) {
        sqlite3_stmt *s = i ? st : count;

        db_bind_int(s, 1, id);
        db_bind_int(s, 2, has_period);
        db_bind_int(s, 3, from);
        db_bind_int(s, 4, to);
    }
    if (ok) {
        db_bind_int(st, 5, limit < 0 ? -1 : limit);
        db_bind_int(st, 6, offset);
        ok =
            count_of(db, count, &out->total, err) && read_rows(db, st, rows, read_history_row, err);
    }
    out->n = (int)rows->len;
    out->rows = (struct host_sample *)(void *)g_array_free(rows, FALSE);
    if (!ok)
        host_history_page_free(out);
    sqlite3_finalize(count);
    sqlite3_finalize(st);
    return ok;
}

/* ---------------------------------------------------------------- names */

/* *taken: another host than except has this name. */
static bool name_taken(struct db *db, const char *name, int64_t except, bool *taken,
                       struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM host WHERE name = ? AND id != ?", err);
    int rc;

    if (!st)
        return false;
    db_bind_text(st, 1, name);
    db_bind_int(st, 2, except);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    *taken = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE || db_fail(db, err);
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
    int64_t now = dv_now();
    int64_t vmem = info->mem_total_mb - HOST_MEM_RESERVE_MB;
    sqlite3_stmt *st = db_prepare(
        db,
        "INSERT INTO host(uuid, name, uri, ip, self, cpu_model, cpu_cores, cpu_mhz, "
        "mem_total_mb, max_vcpus, max_vmem_mb, share_disk_path, state, missed, last_seen, "
        "registered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 0, ?13, ?13)",
        err);

    if (!st)
        return false;
    db_bind_text(st, 1, uuid);
    db_bind_text(st, 2, name);
    db_bind_text(st, 3, uri);
    db_bind_text(st, 4, ip ? ip : "");
    db_bind_int(st, 5, self);
    db_bind_text(st, 6, info->cpu_model ? info->cpu_model : "");
    db_bind_int(st, 7, info->cpu_cores);
    db_bind_int(st, 8, info->cpu_mhz);
    db_bind_int(st, 9, info->mem_total_mb);
    db_bind_int(st, 10, info->cpu_cores > 0 ? info->cpu_cores : 1);
    db_bind_int(st, 11, vmem > 0 ? vmem : 1);
    db_bind_text(st, 12, share ? share : "");
    db_bind_int(st, 13, now);
    if (!step_done(db, st, err))
        return false;
    if (id)
        *id = sqlite3_last_insert_rowid(db_handle(db));
    return true;
}

/* Refresh a known host; the admin-edited name, max VCPUs and max VMEM stay. */
static bool refresh_host(struct db *db, int64_t id, const char *uri, const char *ip, bool self,
                         const struct virt_node_info *info, const char *share, struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "UPDATE host SET uri = ?1, ip = ?2, self = ?3, cpu_model = ?4, "
                                  "cpu_cores = ?5, cpu_mhz = ?6, mem_total_mb = ?7, "
                                  "share_disk_path = ?8, state = 1, missed = 0, last_seen = ?9 "
                                  "WHERE id = ?10",
                                  err);

    if (!st)
        return false;
    db_bind_text(st, 1, uri);
    db_bind_text(st, 2, ip ? ip : "");
    db_bind_int(st, 3, self);
    db_bind_text(st, 4, info->cpu_model ? info->cpu_model : "");
    db_bind_int(st, 5, info->cpu_cores);
    db_bind_int(st, 6, info->cpu_mhz);
    db_bind_int(st, 7, info->mem_total_mb);
    db_bind_text(st, 8, share ? share : "");
    db_bind_int(st, 9, dv_now());
    db_bind_int(st, 10, id);
    return step_done(db, st, err);
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

/* Commit with an audit row when ok, else roll back. */
static bool finish_tx(struct db *db, bool ok, const struct dv_actor *actor, enum audit_type type,
                      const char *action, const char *object, struct dv_error *err)
{
    if (ok)
        ok = audit_op(db, actor, type, action, object, err) && db_commit(db, err);
    if (!ok)
        db_rollback(db);
    return ok;
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
    ok = finish_tx(
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

struct job *host_add_start(struct db *db, const struct dv_actor *actor, const char *name,
                           const char *uri, struct dv_error *err)
{
    struct adding *a = g_new0(struct adding, 1);
    struct job_spec spec = {.what = N_("Add host"),
                            .work = add_work,
                            .finish = add_finish,
                            .data = a,
                            .data_free = adding_free,
                            .result_free = probe_free};

    a->name = dv_strtrim(name);
    a->uri = dv_strtrim(uri);
    if (!require_sysadm(actor, err) || !validate_required(HF_URI, _(label_uri), a->uri, err) ||
        (*a->name && !check_name(db, a->name, 0, err))) {
        adding_free(a);
        return NULL;
    }
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

/* Max VMEM: a whole number from 1 to physical memory - 512 MB. */
static bool check_vmem(const char *v, int64_t mem_total_mb, long *out, struct dv_error *err)
{
    int64_t limit = mem_total_mb - HOST_MEM_RESERVE_MB;

    if (!validate_required(HF_MAX_VMEM, _(label_vmem), v, err) ||
        !validate_int_range(HF_MAX_VMEM, _(label_vmem), v, LONG_MIN, LONG_MAX, out, err))
        return false;
    if (*out < 1) {
        dv_error_set(err, DV_ERR_INVALID, HF_MAX_VMEM, _("%s must be at least 1."), _(label_vmem));
        return false;
    }
    if (*out > limit) {
        dv_error_set(err, DV_ERR_INVALID, HF_MAX_VMEM,
                     _("%s must not exceed physical memory minus 512 MB (%ld MB)."), _(label_vmem),
                     (long)limit);
        return false;
    }
    return true;
}

static bool check_update(struct db *db, const struct host *h, const char *name, const char *vcpus,
                         const char *vmem, long *nv, long *nm, struct dv_error *err)
{
    return check_name(db, name, h->id, err) &&
           validate_required(HF_MAX_VCPUS, _(label_vcpus), vcpus, err) &&
           validate_int_range(HF_MAX_VCPUS, _(label_vcpus), vcpus, 1, HOST_MAX_VCPUS_LIMIT, nv,
                              err) &&
           check_vmem(vmem, h->mem_total_mb, nm, err);
}

bool host_update(struct db *db, const struct dv_actor *actor, int64_t id, const char *name,
                 const char *max_vcpus, const char *max_vmem, struct dv_error *err)
{
    char *n = dv_strtrim(name);
    struct host h = {0};
    long nv = 0, nm = 0;
    sqlite3_stmt *st;
    bool ok = require_sysadm(actor, err) && host_get(db, id, &h, err) &&
              check_update(db, &h, n, max_vcpus, max_vmem, &nv, &nm, err) && db_begin(db, err);

    if (ok) {
        st = db_prepare(db, "UPDATE host SET name = ?, max_vcpus = ?, max_vmem_mb = ? WHERE id = ?",
                        err);
        if (st) {
            db_bind_text(st, 1, n);
            db_bind_int(st, 2, nv);
            db_bind_int(st, 3, nm);
            db_bind_int(st, 4, id);
        }
        ok = finish_tx(db, step_done(db, st, err), actor, AUDIT_MODIFY, N_("Modify host"), n, err);
    }
    host_clear(&h);
    g_free(n);
    return ok;
}

static bool check_deletable(struct db *db, const struct host *h, struct dv_error *err)
{
    sqlite3_stmt *st;
    int64_t groups = 0;
    bool ok;

    if (h->running) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The host '%s' is running; only a stopped host can be deleted."), h->name);
        return false;
    }
    st = db_prepare(db, "SELECT count(*) FROM host_group_member WHERE host_id = ?", err);
    if (!st)
        return false;
    db_bind_int(st, 1, h->id);
    ok = count_of(db, st, &groups, err);
    sqlite3_finalize(st);
    if (ok && groups > 0) {
        dv_error_set(err, DV_ERR_DENIED, NULL,
                     _("The host '%s' belongs to a host group; remove it from the group first."),
                     h->name);
        return false;
    }
    st = ok ? db_prepare(db, "SELECT count(*) FROM pool WHERE bound_host_id = ?", err) : NULL;
    if (!st)
        return false;
    db_bind_int(st, 1, h->id);
    ok = count_of(db, st, &groups, err);
    sqlite3_finalize(st);
    if (ok && groups > 0) {
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
    sqlite3_stmt *st;
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    ok = host_get(db, id, &h, err) && check_deletable(db, &h, err);
    st = ok ? db_prepare(db, "DELETE FROM host WHERE id = ?", err) : NULL;
    if (st)
        db_bind_int(st, 1, id);
    ok = finish_tx(db, ok && step_done(db, st, err), actor, AUDIT_DELETE, N_("Delete host"), h.name,
                   err);
    host_clear(&h);
    return ok;
}

bool host_clear_history(struct db *db, const struct dv_actor *actor, int64_t before, int *deleted,
                        struct dv_error *err)
{
    char when[DV_TIME_LEN];
    sqlite3_stmt *st;
    bool ok = require_sysadm(actor, err) && db_begin(db, err);

    if (!ok)
        return false;
    st = db_prepare(db, "DELETE FROM host_history WHERE time < ?", err);
    if (st)
        db_bind_int(st, 1, before);
    ok = step_done(db, st, err);
    if (ok && deleted)
        *deleted = sqlite3_changes(db_handle(db));
    return finish_tx(db, ok, actor, AUDIT_DELETE, N_("Clear host history"),
                     dv_format_time(before, when), err);
}

/* ---------------------------------------------------------------- the daemon's writes */

/* Run an UPDATE of one host; DV_ERR_NOTFOUND when the host is gone. */
static bool update_one(struct db *db, sqlite3_stmt *st, struct dv_error *err)
{
    if (!step_done(db, st, err))
        return false;
    if (sqlite3_changes(db_handle(db)) > 0)
        return true;
    dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The host no longer exists."));
    return false;
}

bool host_record_sample(struct db *db, int64_t id, const struct host_sample *s,
                        struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "UPDATE host SET cpu_pct = ?1, mem_pct = ?2, disk_pct = ?3, "
                                  "net_mbps = ?4, state = 1, missed = 0, last_seen = ?5 "
                                  "WHERE id = ?6",
                                  err);

    if (!st)
        return false;
    bind_sample(st, 1, s);
    db_bind_int(st, 5, s->time);
    db_bind_int(st, 6, id);
    return update_one(db, st, err);
}

bool host_mark_seen(struct db *db, int64_t id, int64_t now, struct dv_error *err)
{
    sqlite3_stmt *st =
        db_prepare(db, "UPDATE host SET state = 1, missed = 0, last_seen = ? WHERE id = ?", err);

    if (!st)
        return false;
    db_bind_int(st, 1, now);
    db_bind_int(st, 2, id);
    return update_one(db, st, err);
}

bool host_mark_missed(struct db *db, int64_t id, int fail_count, bool *stopped,
                      struct dv_error *err)
{
    /* the right-hand sides see the old row: missed + 1 is the new count */
    sqlite3_stmt *st =
        db_prepare(db,
                   "UPDATE host SET missed = missed + 1, "
                   "state = CASE WHEN missed + 1 >= ?1 THEN 0 ELSE state END, "
                   "cpu_pct = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE cpu_pct END, "
                   "mem_pct = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE mem_pct END, "
                   "disk_pct = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE disk_pct END, "
                   "net_mbps = CASE WHEN missed + 1 >= ?1 THEN NULL ELSE net_mbps END "
                   "WHERE id = ?2 RETURNING state",
                   err);
    int rc;

    if (!st)
        return false;
    db_bind_int(st, 1, fail_count);
    db_bind_int(st, 2, id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && stopped)
        *stopped = sqlite3_column_int(st, 0) == 0;
    if (rc == SQLITE_ROW)
        rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return db_fail(db, err);
    if (sqlite3_changes(db_handle(db)) > 0)
        return true;
    dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The host no longer exists."));
    return false;
}

bool host_mark_stopped(struct db *db, int64_t id, struct dv_error *err)
{
    sqlite3_stmt *st =
        db_prepare(db, "UPDATE host SET state = 0, " CLEAR_METRICS " WHERE id = ?", err);

    if (!st)
        return false;
    db_bind_int(st, 1, id);
    return update_one(db, st, err);
}

bool host_append_history(struct db *db, int64_t id, const struct host_sample *s,
                         struct dv_error *err)
{
    sqlite3_stmt *st = db_prepare(db,
                                  "INSERT INTO host_history(host_id, time, " SAMPLE_COLUMNS
                                  ") VALUES (?5, ?6, ?1, ?2, ?3, ?4)",
                                  err);

    if (!st)
        return false;
    bind_sample(st, 1, s);
    db_bind_int(st, 5, id);
    db_bind_int(st, 6, s->time);
    return step_done(db, st, err);
}
