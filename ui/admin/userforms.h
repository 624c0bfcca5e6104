/* userforms.h - the account dialogs shared by the sysadm's user page and a
 * project admin's personal page (M5.4.2-M5.4.5, M5.5.2, M5.5.3). */
#ifndef DV_USERFORMS_H
#define DV_USERFORMS_H

#include "app.h"

/* 修改自己的密码: old, new, confirm (M5.4.2, M5.5.3). Returns enum ui_flags. */
int userform_own_password(struct app *app);

/* 修改基本信息 of user id; account_editable false shows it read-only (M5.5.2). */
int userform_edit(struct app *app, int64_t id, bool account_editable);

/* The cells of the list row of u: 中文名, 账号, 管理项目名称, 联系电话, 禁用标记. */
void userform_row_cells(const struct user *u, char **cells);

#endif
