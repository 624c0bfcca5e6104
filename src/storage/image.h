/* image.h - image files (manual 9.5): disk and CD images kept in the file
 * directories of project groups.  A project admin sees and modifies every
 * image of the groups its project is in; only the project that uploaded an
 * image may delete it, which also removes the file.  An image is added by
 * registering a file already in the directory, or by importing a local file
 * (copied there chunk by chunk with a progress callback); either way the
 * format is detected with qemu-img and must be the chosen one, and the
 * project's image count and size quotas apply. */
#ifndef DV_IMAGE_H
#define DV_IMAGE_H

#include "db/choice.h"

/* form-field keys */
#define IMF_NAME        "name"
#define IMF_FORMAT      "format"
#define IMF_ARCH        "arch"
#define IMF_SHARED      "shared"
#define IMF_READONLY    "readonly"
#define IMF_DESCRIPTION "description"
#define IMF_SAVE_DIR    "save_dir"
#define IMF_UPLOAD      "upload"
#define IMF_FILE_NAME   "file_name"
#define IMF_SOURCE      "source"

/* The formats qemu takes that the manual allows, and the architectures
 * (P1/OP-39); NULL-terminated. */
extern const char *const image_formats[];
extern const char *const image_archs[];

struct image {
    int64_t id;
    char *name;
    char *format; /* raw, qcow or qcow2 */
    char *arch;   /* x86-64 or i686 */
    bool shared;
    bool readonly;
    char *description;
    char *save_dir;  /* a project group's file directory */
    char *file_name; /* relative to save_dir */
    int64_t size_mb;
    int64_t owner_project_id;
    char *owner_project; /* its name */
    char *uploader;      /* account of the uploader, "" once deleted */
    int64_t uploaded_at;
    bool own;            /* uploaded by the project that looks (项目镜像 是) */
    int64_t row_version; /* hand it back in image_spec.version (P2/OP-6) */
};

struct image_page {
    struct image *rows;
    int n;
    int64_t total;
};

/* M9.5.1: the images in the directories of project_id's groups whose name
 * contains name (fuzzy; NULL or "" for all), oldest first. */
bool image_list(struct db *db, int64_t project_id, const char *name, int64_t offset, int limit,
                struct image_page *out, struct dv_error *err);
void image_page_free(struct image_page *p);
/* One image as project_id sees it (0: any project, own always false). */
bool image_get(struct db *db, int64_t project_id, int64_t id, struct image *out,
               struct dv_error *err);
void image_clear(struct image *im);
/* save_dir/file_name; g_free it. */
char *image_path(const struct image *im);

/* The save directories offered to project_id: the distinct file directories
 * of its groups (choice id: a group's id, label: the directory). */
bool image_dir_choices(struct db *db, int64_t project_id, struct choice_list *out,
                       struct dv_error *err);

/* An image operation's input, typed; strings may be NULL (empty).
 *   register, import (M9.5.2): everything but version
 *   modify (M9.5.3): everything but save_dir and source; version is the
 *     row_version read with the record (0 skips the comparison) */
struct image_spec {
    const char *name;
    const char *format; /* one of image_formats */
    const char *arch;   /* one of image_archs */
    bool shared;
    bool readonly;
    const char *description;
    const char *save_dir;  /* one of image_dir_choices */
    const char *file_name; /* the file in save_dir; importing: the copy's name ("": source's) */
    const char *source;    /* importing: an absolute path of a readable local file */
    int64_t version;
};

/* What the add and modify dialogs submit; yes/no values are "1" or "0". */
struct image_input {
    const char *name;
    const char *format;
    const char *arch;
    const char *shared;
    const char *readonly;
    const char *description;
    const char *save_dir;  /* add only: one of image_dir_choices */
    const char *upload;    /* add only: "1" imports source, "0" registers file_name */
    const char *file_name; /* the file in save_dir; importing: the copy's name ("": source's) */
    const char *source;    /* importing: an absolute path of a readable local file */
};

/* The spec of what a dialog typed (strings borrowed from in); *import (may
 * be NULL) says whether the upload choice is yes.  False with err naming a
 * yes/no field that is neither. */
bool image_spec_parse(const struct image_input *in, struct image_spec *out, bool *import,
                      struct dv_error *err);

/* Called after each chunk copied while importing; returning false cancels
 * the import (the partial copy is removed). */
typedef bool (*image_progress_fn)(void *ctx, uint64_t done, uint64_t total);

/* M9.5.2: validate the fields and the file (OP-40: no '/' or '..', exists,
 * readable), check the detected format and the actor's project's quotas,
 * then save the record owned by the actor's project; the quotas and the
 * file's uniqueness are checked again inside the transaction.  Nothing is
 * written when refused.  *id may be NULL.
 * image_register: the file s->file_name already is in s->save_dir.
 * image_import: s->source is copied there first (its name s->file_name, the
 * source's when empty, still free), calling progress (may be NULL); nothing
 * is written when cancelled. */
bool image_register(struct db *db, const struct dv_actor *actor, const struct image_spec *s,
                    int64_t *id, struct dv_error *err);
bool image_import(struct db *db, const struct dv_actor *actor, const struct image_spec *s,
                  image_progress_fn progress, void *ctx, int64_t *id, struct dv_error *err);
/* M9.5.3: any admin of a project of the image's group: every field but the
 * save directory; the file may become another existing file of the same
 * directory (OP-41), whose format and size are checked again.  A stale
 * s->version is refused with DV_ERR_STALE. */
bool image_modify(struct db *db, const struct dv_actor *actor, int64_t id,
                  const struct image_spec *s, struct dv_error *err);
/* M9.5.4: only the owner project, and never while an instance uses the
 * image; removes the record and the file (a missing file is no obstacle). */
bool image_delete(struct db *db, const struct dv_actor *actor, int64_t id, struct dv_error *err);

/* The format of the file at path as qemu-img reports it ("raw" for an ISO);
 * g_free it.  NULL with err when qemu-img fails or cannot be run. */
char *image_detect_format(const char *path, struct dv_error *err);

#endif
