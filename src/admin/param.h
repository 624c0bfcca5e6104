/* param.h - system runtime parameters (manual 13.2.1).
 *
 * The parameters are a table: key, label, range, default and the parameter
 * each must be greater than.  Values live in the `setting` table; an absent
 * key takes its default. */
#ifndef DV_PARAM_H
#define DV_PARAM_H

#include "db/db.h"

enum param_id {
    PARAM_VM_COLLECT,      /* 虚拟机动态信息收集间隔(秒) */
    PARAM_VM_FLUSH,        /* 虚拟机动态信息刷磁盘间隔(秒) */
    PARAM_HOST_COLLECT,    /* 宿主机动态信息收集间隔(秒) */
    PARAM_HOST_HISTORY,    /* 宿主机保存历史信息间隔(秒) */
    PARAM_HEARTBEAT,       /* 调度服务器心跳基础间隔(秒) */
    PARAM_TASK_INTERVAL,   /* 任务调度时间间隔(秒) */
    PARAM_HEARTBEAT_FAILS, /* 判定主机故障的心跳次数 */
    PARAM_DOSVMD_PORT,     /* 后台程序(dosvmd)监听端口 */
    PARAM_VM_TEMP_DIR,     /* 虚拟机临时文件保存目录 */
    PARAM_SHARED_ROOT,     /* 数字有机体文件系统根目录 (D8, P1/OP-29) */
    PARAM_LOGIN_LOCK_FAILS, /* 锁定前允许的登录失败次数 (issue 8) */
    PARAM_LOGIN_LOCK_WINDOW, /* 登录锁定时间窗口(分钟) (issue 8) */
    PARAM_COUNT
};

enum param_kind {
    PARAM_KIND_INT,
    PARAM_KIND_PATH,
};

struct param_def {
    enum param_id id;
    const char *key;   /* setting key, also the form-field key */
    const char *label; /* msgid */
    enum param_kind kind;
    long min, max;    /* range of an integer; max length of a path */
    const char *def;  /* default value */
    int greater_than; /* id of the parameter this one must exceed, or -1 */
};

/* The definition of a parameter. */
const struct param_def *param_def(enum param_id id);

/* Every parameter's value: n for an integer one, text (owned) for a path. */
struct param_values {
    long n[PARAM_COUNT];
    char *text[PARAM_COUNT];
};
void param_values_clear(struct param_values *v);

/* Current values (defaults for absent or damaged ones). */
bool param_load(struct db *db, struct param_values *out, struct dv_error *err);

/* The form's texts (PARAM_COUNT of them) into out: each integer in its range,
 * each path absolute (trimmed); an error names the field.  The relations
 * are param_check's. */
bool param_parse(const char *const *texts, struct param_values *out, struct dv_error *err);

/* Values as the form's texts; g_strfreev the result. */
char **param_texts(const struct param_values *v);

/* Integer value of an integer parameter (its default on any error). */
long param_get_int(struct db *db, enum param_id id);

/* Value of a path parameter (its default when unset); g_free it. */
char *param_get_text(struct db *db, enum param_id id);

/* Check every value (ranges, then the "greater than" relations) without
 * writing. */
bool param_check(const struct param_values *v, struct dv_error *err);

/* Values that are allowed but that the sysadm should confirm (spec 13.2.1:
 * a dosvmd listen port of 1024 or below, which only root may open): the
 * question to ask, naming the field, or NULL; g_free it.  *field receives the
 * key of the field concerned. */
char *param_warning(const struct param_values *v, const char **field);

/* Check, then write all values in one transaction with an audit row. */
bool param_save(struct db *db, const struct dv_actor *actor, const struct param_values *v,
                struct dv_error *err);

/* Reading and writing one raw setting (used by other settings modules). */
char *setting_get(struct db *db, const char *key, const char *def);
bool setting_put(struct db *db, const char *key, const char *value, struct dv_error *err);

#endif
