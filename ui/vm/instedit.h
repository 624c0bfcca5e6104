/* instedit.h - the instance editor (M11.3c, M11.3d, M11.3e; ui/vm/instedit.c). */
#ifndef DV_INSTEDIT_H
#define DV_INSTEDIT_H

#include "app.h"

enum instedit_mode {
    INSTEDIT_ADD,    /* 自定义新增: the defaults (OP-39) */
    INSTEDIT_IMPORT, /* 从实例导入: a copy of instance id with the names cleared */
    INSTEDIT_MODIFY, /* 修改: instance id itself */
};

/* Run the editor page until the instance is saved (true; the status line
 * says so) or the user leaves it. */
bool instedit_run(struct app *app, enum instedit_mode mode, int64_t id);

#endif
