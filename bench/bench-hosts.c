/* bench-hosts.c - hosts at scale (issue 3): a database of 200 hosts with 30
 * days of history at 60 s intervals; prints the time to read the first page
 * of the host list, the time to read 10,000 history rows, and the size of the
 * database.  Run on demand: `make bench`.  Aim: each read under 50 ms.
 *
 *   bench-hosts [DIR]    (the database is made in DIR, default a temporary one) */
#include "admin/program.h"
#include "hosts/host.h"

#include <stdio.h>
#include <sys/stat.h>

#define HOSTS        200
#define DAYS         30
#define STEP         60
#define PAGE         15
#define HISTORY_ROWS 10000

static double ms_since(int64_t t0)
{
    return (double)(g_get_monotonic_time() - t0) / 1000.0;
}

static bool fill(struct db *db, struct dv_error *err)
{
    struct db_stmt *host, *hist;
    int64_t end = 1760000000, start = end - (int64_t)DAYS * 86400;
    bool ok = db_begin(db, err);

    host = db_stmt_new(db,
                       "INSERT INTO host(uuid, name, uri, ip, cpu_cores, mem_total_mb, "
                       "max_vcpus, max_vmem_mb, state, cpu_pct, mem_pct, disk_pct, net_mbps, "
                       "registered_at) VALUES (?1, ?2, ?3, ?4, 32, 131072, 32, 130560, 1, "
                       "12.5, 40.25, 55.5, 3.25, 0)",
                       err);
    hist = db_stmt_new(db,
                       "INSERT INTO host_history(host_id, time, cpu_pct, mem_pct, disk_pct, "
                       "net_mbps) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                       err);
    ok = ok && host && hist;
    for (int h = 1; ok && h <= HOSTS; h++) {
        char *uuid = g_uuid_string_random(), *name = g_strdup_printf("node-%03d", h);
        char *uri = g_strdup_printf("qemu+ssh://root@127.1.%d.%d/system", h / 250, h % 250);

        ok = db_stmt_run(host, DB_ARGS(DB_T(uuid), DB_T(name), DB_T(uri), DB_T(uri + 16)), err);
        for (int64_t t = start; ok && t < end; t += STEP)
            ok = db_stmt_run(hist,
                             DB_ARGS(DB_I(h), DB_I(t), DB_D(t % 100), DB_D(40.0 + (double)(t % 7)),
                                     DB_D(55.5), DB_D((double)(t % 13) / 4.0)),
                             err);
        g_free(uuid);
        g_free(name);
        g_free(uri);
    }
    db_stmt_free(host);
    db_stmt_free(hist);
    if (!ok) {
        db_rollback(db);
        return false;
    }
    return db_commit(db, err);
}

static void report(const char *what, double ms)
{
    printf("%-44s %9.2f ms%s\n", what, ms, ms < 50 ? "" : "   (over the 50 ms aim)");
}

int main(int argc, char **argv)
{
    char *dir = argc > 1 ? g_strdup(argv[1]) : g_dir_make_tmp("dosvm-bench-XXXXXX", NULL);
    char *path = g_build_filename(dir, "bench.db", NULL);
    struct dv_error err = {0};
    struct host_page page;
    struct host_history_page hist;
    struct stat st;
    struct db *db;
    int64_t t0;

    remove(path);
    db = program_open(path, false, &err);
    if (!db) {
        fprintf(stderr, "bench-hosts: %s\n", err.msg);
        return 1;
    }
    printf("filling %d hosts x %d days of history every %d s ...\n", HOSTS, DAYS, STEP);
    t0 = g_get_monotonic_time();
    if (!fill(db, &err)) {
        fprintf(stderr, "bench-hosts: %s\n", err.msg);
        return 1;
    }
    printf("%-44s %9.0f ms\n", "fill", ms_since(t0));
    t0 = g_get_monotonic_time();
    if (host_list(db, "", 0, PAGE, &page, &err))
        report("open the host list (first page of 15)", ms_since(t0));
    host_page_free(&page);
    t0 = g_get_monotonic_time();
    if (host_history_list(db, 100, false, 0, 0, 0, HISTORY_ROWS, &hist, &err))
        report("read 10,000 history rows of one host", ms_since(t0));
    host_history_page_free(&hist);
    t0 = g_get_monotonic_time();
    if (host_history_list(db, 100, false, 0, 0, 40000, PAGE, &hist, &err))
        report("a history page deep in the list (offset 40000)", ms_since(t0));
    host_history_page_free(&hist);
    db_close(db);
    if (stat(path, &st) == 0)
        printf("%-44s %9.1f MB\n", "database size", (double)st.st_size / 1e6);
    g_free(path);
    g_free(dir);
    return 0;
}
