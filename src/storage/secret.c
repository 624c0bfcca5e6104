/* secret.c - security objects */
#include "storage/secret.h"
#include "db/audit.h"
#include "admin/program.h"
#include "base/seal.h"
#include "xml/secretxml.h"
#include "base/util.h"
#include "base/validate.h"
#include "virt/virt.h"

#include <string.h>

static const char *const usage_types[] = {"volume", "ceph", "iscsi", NULL};

/* What may use a security object: iSCSI pools and encrypted volumes arrive
 * with the storage chapter, which adds their queries (?1 = the secret's id). */
static const char *const in_use_sql[] = {NULL};

#define SECRET_COLUMNS                                                                         \
    "s.id, s.uuid, s.name_zh, s.name_en, s.usage_type, s.usage_id, s.description, ''"

static void add_row(sqlite3_stmt *st, void *ctx)
{
    struct secret_page *p = ctx;
    struct secret *s;

    p->rows = g_renew(struct secret, p->rows, p->n + 1);
    s = &p->rows[p->n++];
    s->id = sqlite3_column_int64(st, 0);
    s->uuid = db_col_text(st, 1);
    s->name_zh = db_col_text(st, 2);
    s->name_en = db_col_text(st, 3);
    s->usage_type = db_col_text(st, 4);
    s->usage_id = db_col_text(st, 5);
    s->description = db_col_text(st, 6);
    s->projects = db_col_text(st, 7);
}

bool secret_list(struct db *db, const struct secret_filter *f, int64_t offset, int limit,
                 struct secret_page *out, struct dv_error *err)
{
    const char *in[4] = {f ? f->name_zh : NULL, f ? f->name_en : NULL, f ? f->project : NULL,
                         f ? f->usage : NULL};
    char *like[4];
    const char *binds[8];
    bool ok;

    for (int i = 0; i < 4; i++) {
        binds[2 * i] = in[i] ? in[i] : "";
        binds[2 * i + 1] = like[i] = db_like_pattern(in[i] ? in[i] : "");
    }
    memset(out, 0, sizeof(*out));
    /* the project filter matches the derived project column (no pool uses a
     * secret yet, so it is empty) */
    ok = db_page(db, SECRET_COLUMNS,
                 "secret s WHERE (?1 = '' OR s.name_zh LIKE ?2 ESCAPE '\\')"
                 " AND (?3 = '' OR s.name_en LIKE ?4 ESCAPE '\\')"
                 " AND (?5 = '' OR '' LIKE ?6 ESCAPE '\\')"
                 " AND (?7 = '' OR s.usage_id LIKE ?8 ESCAPE '\\')",
                 "s.id", binds, 8, offset, limit, &out->total, add_row, out, err);
    for (int i = 0; i < 4; i++)
        g_free(like[i]);
    if (!ok)
        secret_page_free(out);
    return ok;
}

void secret_clear(struct secret *s)
{
    g_free(s->uuid);
    g_free(s->name_zh);
    g_free(s->name_en);
    g_free(s->usage_type);
    g_free(s->usage_id);
    g_free(s->description);
    g_free(s->projects);
    memset(s, 0, sizeof(*s));
}

void secret_page_free(struct secret_page *p)
{
    for (int i = 0; i < p->n; i++)
        secret_clear(&p->rows[i]);
    g_free(p->rows);
    memset(p, 0, sizeof(*p));
}

bool secret_get(struct db *db, int64_t id, struct secret *out, struct dv_error *err)
{
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    struct secret_page page = {0};
    bool ok = db_page(db, SECRET_COLUMNS, "secret s WHERE s.id = ?1", "s.id", binds, 1, 0, 1,
                      &page.total, add_row, &page, err);

    g_free(sid);
    if (ok && page.n == 0) {
        dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The security object no longer exists."));
        ok = false;
    }
    if (!ok) {
        secret_page_free(&page);
        return false;
    }
    *out = page.rows[0];
    g_free(page.rows);
    return true;
}

static bool check_usage_type(const char *v, struct dv_error *err)
{
    for (int i = 0; usage_types[i]; i++)
        if (g_strcmp0(v, usage_types[i]) == 0)
            return true;
    dv_error_set(err, DV_ERR_INVALID, SCF_USAGE_TYPE, _("%s must be volume, ceph or iscsi."),
                 _("Usage type"));
    return false;
}

/* The value: 1-128 bytes and the repeat equal (empty both allowed when optional). */
static bool check_value(const struct secret_input *in, bool optional, struct dv_error *err)
{
    const char *v = in->value ? in->value : "", *r = in->repeat ? in->repeat : "";

    if (optional && !*v && !*r)
        return true;
    if (!*v || strlen(v) > SECRET_VALUE_MAX) {
        dv_error_set(err, DV_ERR_INVALID, SCF_VALUE, _("%s must be 1 to %d bytes long."),
                     _("Password"), SECRET_VALUE_MAX);
        return false;
    }
    return validate_same(SCF_REPEAT, _("Repeat password"), r, v, err);
}

static bool check_input(const struct secret_input *in, bool adding, struct dv_error *err)
{
    return validate_cn_name(SCF_NAME_ZH, _("Chinese name"), in->name_zh, err) &&
           validate_account(SCF_NAME_EN, _("English name"), in->name_en, err) &&
           (!adding || check_usage_type(in->usage_type, err)) &&
           validate_usage_id(SCF_USAGE_ID, _("Usage"), in->usage_id, 128, err) &&
           validate_length(SCF_DESCRIPTION, _("Description"), in->description, 0, 256, err) &&
           check_value(in, !adding, err);
}

/* English name unique; (usage type, usage) unique (libvirt's rule per host). */
static bool unique(struct db *db, int64_t except, const char *name_en, const char *type,
                   const char *usage, struct dv_error *err)
{
    char *id = db_id_text(except);
    const char *b1[] = {name_en, id}, *b2[] = {type, usage, id};
    int64_t n1 = 0, n2 = 0;
    bool ok = db_int(db, "SELECT count(*) FROM secret WHERE name_en = ?1 AND id != ?2", b1, 2, &n1,
                     err) &&
              db_int(db,
                     "SELECT count(*) FROM secret WHERE usage_type = ?1 AND usage_id = ?2 "
                     "AND id != ?3",
                     b2, 3, &n2, err);

    g_free(id);
    if (ok && n1)
        dv_error_set(err, DV_ERR_EXISTS, SCF_NAME_EN,
                     _("The security object '%s' already exists."), name_en);
    else if (ok && n2)
        dv_error_set(err, DV_ERR_EXISTS, SCF_USAGE_ID,
                     _("Another security object already has the usage %s '%s'."), type, usage);
    return ok && !n1 && !n2;
}

/* Seal value with the database's key; g_free the result. */
static char *seal_value(struct db *db, const char *value, struct dv_error *err)
{
    unsigned char key[SEAL_KEY_BYTES];
    char *path = program_key_path(db), *sealed = NULL;

    if (seal_key_load(path, key, err))
        sealed = seal_seal(key, value, strlen(value), err);
    explicit_bzero(key, sizeof(key));
    g_free(path);
    return sealed;
}

bool secret_add(struct db *db, const struct dv_actor *actor, const struct secret_input *in,
                int64_t *id, struct dv_error *err)
{
    char *sealed = NULL, *uuid = g_uuid_string_random(), *now = db_id_text(dv_now());
    const char *binds[8];
    bool ok = audit_require_sysadm(actor, err) && check_input(in, true, err) &&
              (sealed = seal_value(db, in->value, err)) && db_begin(db, err);

    if (ok) {
        const char *b[] = {uuid, in->name_zh, in->name_en, in->usage_type, in->usage_id,
                           in->description ? in->description : "", sealed, now};

        memcpy(binds, b, sizeof(b));
        ok = unique(db, 0, in->name_en, in->usage_type, in->usage_id, err) &&
             db_run(db,
                    "INSERT INTO secret(uuid, name_zh, name_en, usage_type, usage_id, "
                    "description, value_sealed, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    binds, 8, err);
        if (ok && id)
            *id = sqlite3_last_insert_rowid(db_handle(db));
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add security object"), in->name_en, err);
    }
    g_free(sealed);
    g_free(uuid);
    g_free(now);
    return ok;
}

bool secret_update(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct secret_input *in, struct dv_error *err)
{
    struct secret cur = {0};
    char *sealed = NULL, *sid = db_id_text(id);
    bool ok = audit_require_sysadm(actor, err) && check_input(in, false, err) &&
              secret_get(db, id, &cur, err) &&
              (!in->value || !*in->value || (sealed = seal_value(db, in->value, err))) &&
              db_begin(db, err);

    if (ok) {
        const char *binds[] = {in->name_zh, in->name_en, in->usage_id,
                               in->description ? in->description : "", sid, sealed};

        ok = unique(db, id, in->name_en, cur.usage_type, in->usage_id, err) &&
             db_run(db,
                    "UPDATE secret SET name_zh = ?1, name_en = ?2, usage_id = ?3, "
                    "description = ?4, value_sealed = coalesce(?6, value_sealed) WHERE id = ?5",
                    binds, 6, err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify security object"), in->name_en,
                          err);
    }
    secret_clear(&cur);
    g_free(sealed);
    g_free(sid);
    return ok;
}

static bool in_use(struct db *db, const char *sid, struct dv_error *err)
{
    const char *binds[] = {sid};

    for (int i = 0; in_use_sql[i]; i++) {
        int64_t n = 0;

        if (!db_int(db, in_use_sql[i], binds, 1, &n, err))
            return true;
        if (n > 0) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The security object is in use; it cannot be deleted."));
            return true;
        }
    }
    return false;
}

bool secret_delete(struct db *db, const struct dv_actor *actor, int64_t id,
                   struct dv_error *err)
{
    struct secret cur = {0};
    char *sid = db_id_text(id);
    const char *binds[] = {sid};
    bool ok = audit_require_sysadm(actor, err) && secret_get(db, id, &cur, err) &&
              db_begin(db, err);

    if (ok) {
        ok = !in_use(db, sid, err) && db_run(db, "DELETE FROM secret WHERE id = ?1", binds, 1, err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete security object"), cur.name_en,
                          err);
    }
    secret_clear(&cur);
    g_free(sid);
    return ok;
}

char *secret_value(struct db *db, int64_t id, size_t *len, struct dv_error *err)
{
    char *sid = db_id_text(id), *path = program_key_path(db), *sealed = NULL, *plain = NULL;
    const char *binds[] = {sid};
    unsigned char key[SEAL_KEY_BYTES];
    sqlite3_stmt *st = db_prepare(db, "SELECT value_sealed FROM secret WHERE id = ?1", err);

    if (st) {
        db_bind_text(st, 1, binds[0]);
        if (sqlite3_step(st) == SQLITE_ROW)
            sealed = db_col_text(st, 0);
        else
            dv_error_set(err, DV_ERR_NOTFOUND, NULL, _("The security object no longer exists."));
    }
    sqlite3_finalize(st);
    if (sealed && seal_key_load(path, key, err))
        plain = seal_open(key, sealed, len, err);
    explicit_bzero(key, sizeof(key));
    g_free(sealed);
    g_free(path);
    g_free(sid);
    return plain;
}

void secret_value_free(char *value, size_t len)
{
    if (value)
        explicit_bzero(value, len);
    g_free(value);
}

bool secret_realize(struct db *db, struct virt_conn *c, int64_t id, struct dv_error *err)
{
    struct secret s = {0};
    char *xml = NULL, *value = NULL;
    size_t len = 0;
    bool ok = secret_get(db, id, &s, err) && (xml = secretxml_build(&s, err)) &&
              (value = secret_value(db, id, &len, err)) &&
              virt_secret_put(c, xml, value, len, err);

    secret_value_free(value, len);
    g_free(xml);
    secret_clear(&s);
    return ok;
}
