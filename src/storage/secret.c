/* secret.c - security objects */
#include "storage/secret.h"
#include "db/audit.h"
#include "db/page.h"
#include "admin/program.h"
#include "base/seal.h"
#include "xml/secretxml.h"
#include "base/util.h"
#include "base/validate.h"
#include "virt/virt.h"

#include <string.h>

static const char *const usage_types[] = {"volume", "ceph", "iscsi", NULL};

/* What uses a security object (?1 = the secret's id): the pools it
 * authenticates (iSCSI CHAP, M9.3.2); volumes take none. */
static const char *const in_use_sql[] = {
    "SELECT count(*) FROM pool WHERE auth_secret_id = ?1",
    NULL,
};

/* the projects using a secret: those of the pools it authenticates */
#define SECRET_PROJECTS                                                                            \
    "coalesce((SELECT group_concat(name, ', ') FROM (SELECT DISTINCT pr.name FROM pool p "        \
    "JOIN pool_project pp ON pp.pool_id = p.id JOIN project pr ON pr.id = pp.project_id "        \
    "WHERE p.auth_secret_id = s.id ORDER BY pr.name)), '')"

#define SECRET_COLUMNS                                                                             \
    "s.id, s.uuid, s.name_zh, s.name_en, s.usage_type, s.usage_id, s.description, "               \
    SECRET_PROJECTS ", s.row_version"

static bool read_secret(const struct db_row *r, void *ctx)
{
    struct secret *s = ctx;

    s->id = db_row_int(r, 0);
    s->uuid = db_row_text(r, 1);
    s->name_zh = db_row_text(r, 2);
    s->name_en = db_row_text(r, 3);
    s->usage_type = db_row_text(r, 4);
    s->usage_id = db_row_text(r, 5);
    s->description = db_row_text(r, 6);
    s->projects = db_row_text(r, 7);
    s->row_version = db_row_int(r, 8);
    return true;
}

DB_PAGE_READER(add_secret, struct secret_page, read_secret)

bool secret_list(struct db *db, const struct secret_filter *f, int64_t offset, int limit,
                 struct secret_page *out, struct dv_error *err)
{
    const char *in[4] = {f ? f->name_zh : NULL, f ? f->name_en : NULL, f ? f->project : NULL,
                         f ? f->usage : NULL};
    struct db_val args[8];
    char *like[4];
    bool ok;

    for (int i = 0; i < 4; i++) {
        args[2 * i] = DB_T(in[i] ? in[i] : "");
        args[2 * i + 1] = DB_T(like[i] = db_like_pattern(in[i] ? in[i] : ""));
    }
    memset(out, 0, sizeof(*out));
    /* the project filter matches the derived project column */
    ok = db_query_page(db, SECRET_COLUMNS,
                       "secret s WHERE (?1 = '' OR s.name_zh LIKE ?2 ESCAPE '\\')"
                       " AND (?3 = '' OR s.name_en LIKE ?4 ESCAPE '\\')"
                       " AND (?5 = '' OR " SECRET_PROJECTS " LIKE ?6 ESCAPE '\\')"
                       " AND (?7 = '' OR s.usage_id LIKE ?8 ESCAPE '\\')",
                       "s.id", args, G_N_ELEMENTS(args), offset, limit, &out->total, add_secret,
                       out, err);
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
    DB_PAGE_FREE(p, secret_clear);
}

bool secret_get(struct db *db, int64_t id, struct secret *out, struct dv_error *err)
{
    memset(out, 0, sizeof(*out));
    /* no row: db_get never called read_secret, *out stays empty */
    return db_get(db, "SELECT " SECRET_COLUMNS " FROM secret s WHERE s.id = ?1", DB_ARGS(DB_I(id)),
                  read_secret, out, _("The security object no longer exists."), err);
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

/* The value: 1-128 bytes (none allowed when optional). */
static bool check_value(const char *v, bool optional, struct dv_error *err)
{
    if (optional && (!v || !*v))
        return true;
    if (!v || !*v || strlen(v) > SECRET_VALUE_MAX) {
        dv_error_set(err, DV_ERR_INVALID, SCF_VALUE, _("%s must be 1 to %d bytes long."),
                     _("Password"), SECRET_VALUE_MAX);
        return false;
    }
    return true;
}

bool secret_spec_parse(const struct secret_input *in, bool adding, struct secret_spec *out,
                       struct dv_error *err)
{
    const char *v = in->value ? in->value : "", *r = in->repeat ? in->repeat : "";

    *out = (struct secret_spec){
        .name_zh = in->name_zh,
        .name_en = in->name_en,
        .usage_type = in->usage_type,
        .usage_id = in->usage_id,
        .description = in->description,
        .value = *v || *r ? v : NULL,
    };
    /* something typed must be a whole value, optional or not */
    return check_value(out->value, !adding && !out->value, err) &&
           (!out->value || validate_same(SCF_REPEAT, _("Repeat password"), r, v, err));
}

static bool check_spec(const struct secret_spec *s, bool adding, struct dv_error *err)
{
    return validate_cn_name(SCF_NAME_ZH, _("Chinese name"), s->name_zh, err) &&
           validate_account(SCF_NAME_EN, _("English name"), s->name_en, err) &&
           (!adding || check_usage_type(s->usage_type, err)) &&
           validate_usage_id(SCF_USAGE_ID, _("Usage"), s->usage_id, 128, err) &&
           validate_length(SCF_DESCRIPTION, _("Description"), s->description, 0, 256, err) &&
           check_value(s->value, !adding, err);
}

/* English name unique; (usage type, usage) unique (libvirt's rule per host);
 * inside the operation's transaction. */
static bool unique(struct db *db, int64_t except, const char *name_en, const char *type,
                   const char *usage, struct dv_error *err)
{
    int64_t n1 = 0, n2 = 0;
    bool ok = db_scalar(db, "SELECT count(*) FROM secret WHERE name_en = ?1 AND id != ?2",
                        DB_ARGS(DB_T(name_en), DB_I(except)), &n1, err) &&
              db_scalar(db,
                        "SELECT count(*) FROM secret WHERE usage_type = ?1 AND usage_id = ?2 "
                        "AND id != ?3",
                        DB_ARGS(DB_T(type), DB_T(usage), DB_I(except)), &n2, err);

    if (ok && n1)
        dv_error_set(err, DV_ERR_EXISTS, SCF_NAME_EN, _("The security object '%s' already exists."),
                     name_en);
    else if (ok && n2)
        dv_error_set(err, DV_ERR_EXISTS, SCF_USAGE_ID,
                     _("Another security object already has the usage %s '%s'."), type, usage);
    return ok && !n1 && !n2;
}

/* Seal value with the database's key; g_free the result. */
static char *seal_value(struct db *db, const char *value, struct dv_error *err)
{
    unsigned char key[SEAL_KEY_BYTES];
    char *sealed = NULL;

    if (program_seal_key(db, key, err))
        sealed = seal_seal(key, value, strlen(value), err);
    explicit_bzero(key, sizeof(key));
    return sealed;
}

bool secret_add(struct db *db, const struct dv_actor *actor, const struct secret_spec *s,
                int64_t *id, struct dv_error *err)
{
    char *sealed = NULL, *uuid = g_uuid_string_random();
    bool ok = audit_require_sysadm(actor, err) && check_spec(s, true, err) &&
              (sealed = seal_value(db, s->value, err)) && db_begin(db, err);

    if (ok) {
        ok = unique(db, 0, s->name_en, s->usage_type, s->usage_id, err) &&
             db_do(db,
                   "INSERT INTO secret(uuid, name_zh, name_en, usage_type, usage_id, "
                   "description, value_sealed, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                   DB_ARGS(DB_T(uuid), DB_T(s->name_zh), DB_T(s->name_en), DB_T(s->usage_type),
                           DB_T(s->usage_id), DB_T(s->description ? s->description : ""),
                           DB_T(sealed), DB_I(dv_now())),
                   err);
        if (ok && id)
            *id = db_last_id(db);
        ok = audit_commit(db, ok, actor, AUDIT_ADD, N_("Add security object"), s->name_en, err);
    }
    g_free(sealed);
    g_free(uuid);
    return ok;
}

bool secret_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                   const struct secret_spec *s, struct dv_error *err)
{
    struct secret cur = {0};
    char *sealed = NULL;
    bool ok = audit_require_sysadm(actor, err) && check_spec(s, false, err) &&
              (!s->value || !*s->value || (sealed = seal_value(db, s->value, err))) &&
              db_begin(db, err);

    if (ok) {
        ok = secret_get(db, id, &cur, err) &&
             db_bump_version(db, "secret", id, s->version,
                             _("The security object no longer exists."), err) &&
             unique(db, id, s->name_en, cur.usage_type, s->usage_id, err) &&
             db_do(db,
                   "UPDATE secret SET name_zh = ?1, name_en = ?2, usage_id = ?3, "
                   "description = ?4, value_sealed = coalesce(?6, value_sealed) WHERE id = ?5",
                   DB_ARGS(DB_T(s->name_zh), DB_T(s->name_en), DB_T(s->usage_id),
                           DB_T(s->description ? s->description : ""), DB_I(id), DB_T(sealed)),
                   err);
        ok = audit_commit(db, ok, actor, AUDIT_MODIFY, N_("Modify security object"), s->name_en,
                          err);
    }
    secret_clear(&cur);
    g_free(sealed);
    return ok;
}

/* Whether a pool or volume uses secret id (err set then, or on failure). */
static bool in_use(struct db *db, int64_t id, struct dv_error *err)
{
    for (int i = 0; in_use_sql[i]; i++) {
        int64_t n = 0;

        if (!db_scalar(db, in_use_sql[i], DB_ARGS(DB_I(id)), &n, err))
            return true;
        if (n > 0) {
            dv_error_set(err, DV_ERR_INUSE, NULL,
                         _("The security object is in use; it cannot be deleted."));
            return true;
        }
    }
    return false;
}

bool secret_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err)
{
    struct secret cur = {0};
    bool ok = audit_require_sysadm(actor, err) && db_begin(db, err);

    /* the delete order of volume.h: the checks and the record first; a
     * security object has nothing on the hosts to remove afterwards */
    if (ok) {
        ok = secret_get(db, id, &cur, err) && !in_use(db, id, err) &&
             db_do(db, "DELETE FROM secret WHERE id = ?1", DB_ARGS(DB_I(id)), err);
        ok = audit_commit(db, ok, actor, AUDIT_DELETE, N_("Delete security object"), cur.name_en,
                          err);
    }
    secret_clear(&cur);
    return ok;
}

static bool read_sealed(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return true;
}

char *secret_value(struct db *db, int64_t id, size_t *len, struct dv_error *err)
{
    char *sealed = NULL, *plain = NULL;
    unsigned char key[SEAL_KEY_BYTES];

    if (db_get(db, "SELECT value_sealed FROM secret WHERE id = ?1", DB_ARGS(DB_I(id)), read_sealed,
               &sealed, _("The security object no longer exists."), err) &&
        program_seal_key(db, key, err))
        plain = seal_open(key, sealed, len, err);
    explicit_bzero(key, sizeof(key));
    g_free(sealed);
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
              (value = secret_value(db, id, &len, err)) && virt_secret_put(c, xml, value, len, err);

    secret_value_free(value, len);
    g_free(xml);
    secret_clear(&s);
    return ok;
}
