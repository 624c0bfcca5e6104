/* login.h - the login screen (M5.2) and the forced change of the initial
 * sysadm password (D6). */
#ifndef DV_LOGIN_H
#define DV_LOGIN_H

#include "app.h"

/* Show the login screen until an account logs in (true: app->me and
 * app->actor are set, the initial password already changed) or the user
 * quits (false). */
bool login_run(struct app *app);

/* End the session: forget the user. */
void login_forget(struct app *app);

#endif
