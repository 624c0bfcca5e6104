/* nwfilter.h - filters (manual 10.2.3): libvirt network filters kept as
 * records.  A filter's XML, typed or read from a local file, is stored with
 * the record and defined on the hosts that need it: a security group's
 * filters are defined on a host before a VM using the group starts there
 * (net/secgroup.h: secgroup_realize_start), and nwfilter_host remembers
 * where, so that a modify re-defines and a delete undefines there.
 * libvirt's stock filters are built-in records (builtin = 1, description
 * "内置过滤器 built-in filter"), seeded when a database is opened; they are
 * never modified, deleted or defined by dosvm (the hosts have them). */
#ifndef DV_NWFILTER_H
#define DV_NWFILTER_H

#include "db/db.h"

struct job;

/* form-field keys */
#define NFF_NAME_ZH     "name_zh"
#define NFF_NAME_EN     "name_en"
#define NFF_DESCRIPTION "description"
#define NFF_FILE        "xml_file"
#define NFF_XML         "xml"

#define NWFILTER_XML_MAX (64 * 1024) /* bytes of a filter's XML, typed or read */
/* the description of the built-in filters (M10.2.3.1) */
#define NWFILTER_BUILTIN_DESC "内置过滤器 built-in filter"

struct nwfilter {
    int64_t id;
    char *name_zh;
    char *name_en;
    char *description;
    char *xml;
    bool builtin;
    char *created_by; /* the account that added it ("" for built-ins) */
    int64_t created_at;
    int64_t row_version; /* hand it back in nwfilter_spec.version */
};

struct nwfilter_page {
    struct nwfilter *rows;
    int n;
    int64_t total;
};

/* Fuzzy filters of the list (NULL or "" for none): 英文名, 中文名. */
struct nwfilter_filter {
    const char *name_en;
    const char *name_zh;
};

/* M10.2.3.1: built-ins first, then by English name; the list rows carry no
 * XML (nwfilter_get has it). */
bool nwfilter_list(struct db *db, const struct nwfilter_filter *f, int64_t offset, int limit,
                   struct nwfilter_page *out, struct dv_error *err);
void nwfilter_page_free(struct nwfilter_page *p);
bool nwfilter_get(struct db *db, int64_t id, struct nwfilter *out, struct dv_error *err);
void nwfilter_clear(struct nwfilter *f);

/* What the add and modify dialogs submit: the XML comes from exactly one of
 * a local file's path and the typed text. */
struct nwfilter_input {
    const char *name_zh;
    const char *name_en; /* ignored when modifying: read-only */
    const char *description;
    const char *xml_file;
    const char *xml_text;
};

/* A filter operation's input, typed.  xml is owned (nwfilter_spec_clear). */
struct nwfilter_spec {
    const char *name_zh;
    const char *name_en;
    const char *description;
    char *xml;
    int64_t version; /* modify: the row_version read with the record (0: no check) */
};

/* The spec of what a dialog typed (names borrowed from in): exactly one of
 * the file and the text ("Provide the filter XML"), the file a regular file
 * (never a symbolic link, a device or a FIFO) of at most NWFILTER_XML_MAX
 * bytes, read in UTF-8.  The rules of the fields are checked by add and
 * modify. */
bool nwfilter_spec_parse(const struct nwfilter_input *in, struct nwfilter_spec *out,
                         struct dv_error *err);
void nwfilter_spec_clear(struct nwfilter_spec *s);

/* OP-15: when the XML of s names another filter than its English name,
 * *found gets that name (g_free) and true is returned: the console offers
 * nwfilter_spec_rename.  False when the names agree or the XML has no name. */
bool nwfilter_spec_name_differs(const struct nwfilter_spec *s, char **found);
/* OP-15: rewrite the name attribute of the XML of s to its English name. */
bool nwfilter_spec_rename(struct nwfilter_spec *s, struct dv_error *err);

/* M10.2.3.2: validate (names, description, the XML: nwfilterxml_check with
 * the English name) and insert, the English name unique among all filters
 * (built-ins included) inside the transaction; *id may be NULL.  Nothing is
 * defined on a host yet (that happens where a security group needs it). */
bool nwfilter_add(struct db *db, const struct dv_actor *actor, const struct nwfilter_spec *s,
                  int64_t *id, struct dv_error *err);

/* M10.2.3.3 as a job: the record (Chinese name, description, XML; the
 * English name stays) is saved with its audit row on the caller's thread,
 * then the worker re-defines the filter on every host of nwfilter_host
 * (libvirt re-applies it to running interfaces, OP-17).  A built-in filter
 * is refused; a stale s->version is refused with DV_ERR_STALE.  The job
 * fails when a host cannot be reached or refuses the XML (the record stays
 * saved: modify again to retry).  nwfilter_modify runs it and waits. */
struct job *nwfilter_modify_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                  const struct nwfilter_spec *s, struct dv_error *err);
bool nwfilter_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                     const struct nwfilter_spec *s, struct dv_error *err);

/* M10.2.3.4 as a job: refused (nothing written) for a built-in filter and
 * for a filter that is the top-level or a referenced filter of a security
 * group (OP-16); else the worker undefines it on every host of
 * nwfilter_host, and the finish deletes the record with its audit row (the
 * checks run again in that transaction).  When a host refuses (libvirt
 * refuses while a running interface uses it) the record stays, without the
 * hosts it did leave.  nwfilter_delete runs it and waits. */
struct job *nwfilter_delete_start(struct db *db, const struct dv_actor *actor, int64_t id,
                                  struct dv_error *err);
bool nwfilter_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* Insert the built-in filters embedded from data/nwfilter/ that the
 * database lacks (program_open calls it; no audit row: nobody did it). */
bool nwfilter_seed_builtin(struct db *db, struct dv_error *err);

/* Remember that the filter id is defined on host_id (inside or outside a
 * transaction; idempotent). */
bool nwfilter_remember_host(struct db *db, int64_t id, int64_t host_id, struct dv_error *err);

#endif
