/* test-service.c - the liveness of dosvmd (hosts/service.h, issue 8 point
 * 6): the heartbeat rule with the clock passed in, the states the console
 * shows of hosts nobody watches, and the lease that allows one dosvmd per
 * host record and database.
 * features: M6.2.2 M13.2.1 */
#include "hosts/service.h"
#include "admin/param.h"
#include "lib/tap.h"
#include "lib/testdb.h"

#include <string.h>
#include <unistd.h>

#define T0     1700000000
#define UUID_A "11111111-2222-4333-8444-555555555555"
#define UUID_B "66666666-7777-4888-9999-aaaaaaaaaaaa"

static struct host host_of(const char *uuid, bool self, bool running)
{
    struct host h = {.uuid = (char *)uuid, .self = self, .running = running};

    return h;
}

static enum host_shown shown_at(struct db *db, int64_t now, const struct host *h)
{
    struct service_watch w;
    enum host_shown s;

    if (!service_watch_load(db, now, &w, NULL))
        return (enum host_shown) - 1;
    s = service_host_shown(&w, h);
    service_watch_clear(&w);
    return s;
}

static char *note_at(struct db *db, int64_t now)
{
    struct service_watch w;
    char *note;

    if (!service_watch_load(db, now, &w, NULL))
        return g_strdup("(failed)");
    note = service_down_note(&w);
    service_watch_clear(&w);
    return note;
}

static void pure_rule(void)
{
    ok(service_alive_at(T0, false, T0, 15, 3), "rule: a heartbeat now is alive");
    ok(service_alive_at(T0, false, T0 + 45, 15, 3),
       "rule: alive up to interval x fails (45 s) after the heartbeat");
    ok(!service_alive_at(T0, false, T0 + 46, 15, 3), "rule: stale one second later");
    ok(!service_alive_at(T0, true, T0, 15, 3), "rule: a stopped service is not alive");
    ok(!service_alive_at(T0, false, T0 + 3, 2, 1), "rule: 2 s x 1: stale after 2 s");
    is_int(service_lease_s(15, 3), 45, "rule: the lease lasts interval x fails");
    is_int(service_lease_s(0, 0), 1, "rule: a damaged parameter still gives a lease");
}

int main(void)
{
    struct testdb t;
    struct dv_error err = {0};
    struct service_lease a = {0}, b = {0};
    struct host self_a = host_of(UUID_A, true, true), self_b = host_of(UUID_B, true, true);
    struct host remote = host_of("r", false, true), stopped_a = host_of(UUID_A, true, false);
    char *note;

    pure_rule();
    if (!testdb_open(&t, false))
        return tap_done();
    setting_put(t.db, "heartbeat_interval", "2", NULL);
    setting_put(t.db, "heartbeat_fail_count", "3", NULL);

    /* no service has ever run: the stored states stand */
    is_int(shown_at(t.db, T0, &self_a), HOST_SHOWN_RUNNING, "none: a self host as stored");
    is_int(shown_at(t.db, T0, &remote), HOST_SHOWN_RUNNING, "none: a remote host as stored");
    note = note_at(t.db, T0);
    ok(note == NULL, "none: no line on the host list (%s)", note ? note : "");
    g_free(note);

    /* the lease */
    ok(service_acquire(t.db, UUID_A, T0, &a, &err), "lease: the first dosvmd takes it (%s)",
       err.msg);
    is_int(testdb_count(t.db, "service",
                        "host_uuid = '" UUID_A "' AND heartbeat_at = 1700000000 AND expires_at = "
                        "1700000006 AND stopped_at IS NULL"),
           1, "lease: one row, heartbeat now, expiry now + 2 x 3 s");
    dv_error_clear(&err);
    ok(!service_acquire(t.db, UUID_A, T0 + 1, &b, &err), "lease: a second dosvmd is refused");
    is_int(err.code, DV_ERR_EXISTS, "lease: DV_ERR_EXISTS");
    ok(strstr(err.msg, "Another dosvmd (PID") && strstr(err.msg, UUID_A),
       "lease: the message names the other dosvmd and the host (%s)", err.msg);
    is_int(testdb_count(t.db, "service", "heartbeat_at = 1700000000"), 1,
           "lease: the refusal wrote nothing");
    ok(b.token == NULL, "lease: the refused one holds nothing");

    /* alive: states as stored; dead: unknown */
    is_int(shown_at(t.db, T0 + 6, &self_a), HOST_SHOWN_RUNNING, "alive: its host as stored");
    is_int(shown_at(t.db, T0 + 6, &remote), HOST_SHOWN_RUNNING, "alive: hosts added by URI too");
    is_int(shown_at(t.db, T0 + 6, &self_b), HOST_SHOWN_UNKNOWN,
           "alive: another machine's self host without its own dosvmd is unknown");
    is_int(shown_at(t.db, T0 + 7, &self_a), HOST_SHOWN_UNKNOWN,
           "stale: 7 s after the last heartbeat its host is unknown");
    is_int(shown_at(t.db, T0 + 7, &remote), HOST_SHOWN_UNKNOWN, "stale: hosts added by URI too");
    note = note_at(t.db, T0 + 7);
    ok(note && strstr(note, "The service dosvmd is not running since 2023-11-"),
       "stale: the host list says since when (%s)", note ? note : "");
    g_free(note);

    /* renewal */
    dv_error_clear(&err);
    ok(service_renew(t.db, &a, T0 + 5, &err), "renew: the holder renews (%s)", err.msg);
    is_int(shown_at(t.db, T0 + 10, &self_a), HOST_SHOWN_RUNNING, "renew: alive again");
    dv_error_clear(&err);
    ok(!service_acquire(t.db, UUID_A, T0 + 10, &b, &err), "renew: still refused to another");

    /* expiry: a holder that stopped renewing loses the lease */
    dv_error_clear(&err);
    ok(service_acquire(t.db, UUID_A, T0 + 12, &b, &err),
       "expiry: after the expiry another dosvmd takes it (%s)", err.msg);
    dv_error_clear(&err);
    ok(!service_renew(t.db, &a, T0 + 12, &err), "expiry: the old holder cannot renew");
    is_int(err.code, DV_ERR_STALE, "expiry: DV_ERR_STALE");
    dv_error_clear(&err);
    ok(!service_release(t.db, &a, T0 + 12, &err), "expiry: nor release the new holder's row");
    is_int(testdb_count(t.db, "service", "stopped_at IS NULL"), 1, "expiry: the new lease stands");

    /* a clean stop: the host was marked stopped, which is shown */
    dv_error_clear(&err);
    ok(service_release(t.db, &b, T0 + 13, &err), "stop: the holder releases (%s)", err.msg);
    is_int(shown_at(t.db, T0 + 13, &stopped_a), HOST_SHOWN_STOPPED,
           "stop: its host, stopped by the clean stop, is shown stopped");
    is_int(shown_at(t.db, T0 + 13, &self_a), HOST_SHOWN_UNKNOWN,
           "stop: a host still marked running is unknown");
    is_int(shown_at(t.db, T0 + 13, &remote), HOST_SHOWN_UNKNOWN,
           "stop: no dosvmd watches the hosts added by URI");
    service_lease_clear(&b);
    dv_error_clear(&err);
    ok(service_acquire(t.db, UUID_A, T0 + 14, &b, &err), "stop: a released lease is free at once");
    service_lease_clear(&b);

    /* a holder on this machine whose process is gone holds nothing */
    db_do(t.db, "UPDATE service SET pid = 999999999, expires_at = ?1", DB_ARGS(DB_I(T0 + 1000)),
          NULL);
    dv_error_clear(&err);
    ok(service_acquire(t.db, UUID_A, T0 + 15, &b, &err),
       "gone: the lease of a dead process of this machine is taken at once (%s)", err.msg);
    is_int(testdb_count(t.db, "service", "pid = 999999999"), 0, "gone: the row is this process's");
    service_lease_clear(&b);
    db_do(t.db, "UPDATE service SET node = 'elsewhere', pid = 999999999, expires_at = ?1",
          DB_ARGS(DB_I(T0 + 1000)), NULL);
    dv_error_clear(&err);
    ok(!service_acquire(t.db, UUID_A, T0 + 16, &b, &err),
       "gone: another machine's unexpired lease is refused");

    service_lease_clear(&a);
    testdb_close(&t);
    return tap_done();
}
