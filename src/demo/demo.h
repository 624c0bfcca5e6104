/* demo.h - the embedded demo: a fresh database in a temporary directory,
 * seeded with the sysadm and two project administrators. */
#ifndef DV_DEMO_H
#define DV_DEMO_H

#include "db/db.h"

/* Create and seed the demo database; *dir receives the temporary directory
 * (g_free it after demo_remove). NULL on failure. */
struct db *demo_open(char **dir, struct dv_error *err);

/* Delete the demo directory and its files. */
void demo_remove(const char *dir);

#endif
