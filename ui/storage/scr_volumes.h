/* scr_volumes.h - the volume pages of a pool (M9.4.2-M9.4.8.5), opened from the
 * sysadm's pool list (M9.3.6) and a project admin's (M9.4.1). */
#ifndef DV_VOLUMES_H
#define DV_VOLUMES_H

#include "app.h"

/* The volumes of pool_id, named pool_name, as a modal page. */
void volumes_run(struct app *app, int64_t pool_id, const char *pool_name);

/* The first refresh of a new iSCSI, logical or disk pool (P1/OP-28): its
 * volumes are read from the host; the status line says how many. */
void volumes_initial_refresh(struct app *app, int64_t pool_id);

#endif
