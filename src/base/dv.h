/* dv.h - declarations shared by every module of the dosvm core.
 *
 * The core never prints and never exits: a function that can fail returns
 * false (or NULL) and fills a struct dv_error with a status, the key of the
 * form field it is about (or ""), and a whole translated sentence. */
#ifndef DV_H
#define DV_H

#include <config.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libintl.h>
#include <glib.h>

#define _(s) gettext(s)
#define N_(s) (s)

enum dv_status {
    DV_OK = 0,
    DV_ERR_INVALID,  /* a field breaks a rule */
    DV_ERR_NOTFOUND, /* the record is gone */
    DV_ERR_EXISTS,   /* a unique value is taken */
    DV_ERR_DENIED,   /* wrong password, frozen, not allowed for this role */
    DV_ERR_DB,       /* SQLite failed */
    DV_ERR_IO,       /* a file could not be read or written */
    DV_ERR_INFO,     /* nothing to do; the message says why */
    DV_ERR_INUSE,    /* the record is referenced and cannot go */
    DV_ERR_STALE,    /* the record was changed since the form read it (P2/OP-6) */
    DV_ERR_CANCELLED, /* the user cancelled the work */
    DV_ERR_TIMEOUT,  /* a host did not answer in time */
};

struct dv_error {
    enum dv_status code;
    char field[48]; /* key of the offending form field, or "" */
    char msg[512];  /* translated sentence */
};

/* Who performs an operation: written into every audit row. */
struct dv_actor {
    int64_t user_id;
    char account[65];
    char addr[64]; /* client address, see dv_client_address() */
    bool sysadm;
    /* The console session's token (db/audit.h session_open), checked by
     * every mutating operation; DV_SESSION_SERVICE for dosvmd and the demo's
     * seeding; "" for an actor built in-process by a test or tool, which
     * is not checked. */
    char session[40];
};
#define DV_SESSION_SERVICE "service"
#define DV_SESSION_TOKEN_LEN 32 /* hex digits of a console session token */

/* Fill err (may be NULL) with code, field (may be NULL) and a formatted message. */
void dv_error_set(struct dv_error *err, enum dv_status code, const char *field, const char *fmt,
                  ...) G_GNUC_PRINTF(4, 5);
void dv_error_clear(struct dv_error *err);

#endif
