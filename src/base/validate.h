/* validate.h - field validators shared by every form and core operation.
 *
 * Each takes the field's key (copied into err->field) and its translated
 * label (named in the message), returns true when the value passes, and
 * otherwise fills err with a sentence naming the field and the rule. */
#ifndef DV_VALIDATE_H
#define DV_VALIDATE_H

#include "base/dv.h"

#define DV_PASSWORD_MAX 16 /* manual 5.4.2: "不超过 16 位" */
/* Lengths in characters that many fields share (forms and the core). */
#define DV_NAME_MAX 64  /* names and accounts (CN-NAME, validate_account) */
#define DV_TEXT_MAX 128 /* emails, addresses, usages, labels, certificate paths */
#define DV_DESC_MAX 256 /* descriptions and remarks */
#define DV_PATH_MAX 255 /* absolute paths, URIs, server addresses */

/* The text rule every text validator applies first: valid UTF-8 (overlong
 * forms and surrogates are invalid), no C0 or C1 control character, DEL or
 * escape sequence. NULL passes (the other validators decide about it). */
bool validate_text(const char *key, const char *label, const char *v, struct dv_error *err);

/* The strict number parser, used instead of strtod/strtol for every typed
 * number: ASCII digits only; a leading '-' only when negative is true; at most
 * one '.' between digits only when decimals is true; no blank, sign '+',
 * exponent, hex form or non-ASCII digit. The value times factor (> 0),
 * rounded, must be at most max in magnitude; it is stored into *out. */
enum dv_num_rc { DV_NUM_OK, DV_NUM_SYNTAX, DV_NUM_RANGE };
enum dv_num_rc dv_num_parse(const char *s, bool decimals, bool negative, int64_t factor,
                            int64_t max, int64_t *out);
/* A size: a strict non-negative number (decimals allowed) directly followed
 * by one of the units (matched exactly), or by nothing (a factor of 1). */
struct dv_unit {
    const char *unit;
    int64_t factor;
};
enum dv_num_rc dv_size_parse(const char *s, const struct dv_unit *units, size_t n_units,
                             int64_t max, int64_t *out);

bool validate_required(const char *key, const char *label, const char *v, struct dv_error *err);
/* length in characters within [min, max]; min 0 allows empty */
bool validate_length(const char *key, const char *label, const char *v, long min, long max,
                     struct dv_error *err);
/* 1-64 of letters, digits, '-', '_', '.' */
bool validate_account(const char *key, const char *label, const char *v, struct dv_error *err);
/* 1-64 of letters, digits, Chinese characters, '-', '_', '.' (CN-NAME) */
bool validate_cn_name(const char *key, const char *label, const char *v, struct dv_error *err);
/* 1-max of letters, digits, '-', '.', '_', '/' (a usage id, M8.2b) and ':'
 * (which every iSCSI qualified name contains) */
bool validate_usage_id(const char *key, const char *label, const char *v, long max,
                       struct dv_error *err);
/* a non-negative decimal integer at most max, stored into *out */
bool validate_count(const char *key, const char *label, const char *v, long max, long *out,
                    struct dv_error *err);
/* empty, or local@domain without blanks */
bool validate_email(const char *key, const char *label, const char *v, struct dv_error *err);
/* 1-16 characters */
bool validate_password(const char *key, const char *label, const char *v, struct dv_error *err);
/* confirm equals password */
bool validate_same(const char *key, const char *label, const char *v, const char *first,
                   struct dv_error *err);
/* a decimal integer within [min, max], stored into *out */
bool validate_int_range(const char *key, const char *label, const char *v, long min, long max,
                        long *out, struct dv_error *err);
/* dotted-quad IPv4 address */
bool validate_ipv4(const char *key, const char *label, const char *v, struct dv_error *err);
/* an absolute path of 1-max characters without control characters */
bool validate_abs_path(const char *key, const char *label, const char *v, long max,
                       struct dv_error *err);
/* manual 13.2.2: 1-128 of Chinese, letters, digits, '-', '.', '_', '/', ':', '\' */
bool validate_cert_path(const char *key, const char *label, const char *v,
                        struct dv_error *err);

#endif
