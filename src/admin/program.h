/* program.h - opening the dosvm database for a program: migrations plus the
 * initial system administrator, and the product's identity. */
#ifndef DV_PROGRAM_H
#define DV_PROGRAM_H

#include "db/db.h"

#define DV_PRODUCT_ZH "数字有机体虚拟机系统"
#define DV_PRODUCT N_("Digital Organism VM System")
#define DV_COPYRIGHT N_("Chengdu Tianxinyue High-Tech Development Co., Ltd.")
#define DV_MANUAL_VERSION "V-1.20"
#define DV_COPYRIGHT_ZH "成都天心悦高科技发展有限公司"

/* Open path (creating and migrating it) and make sure the sysadm exists;
 * must_change: the initial password must be changed at first login. */
/* The program's locale and the dosvm catalogue (DOSVM_LOCALEDIR, else the
 * build tree's when the program runs from there, else the installed one),
 * for dosvmd and the command-line tools. */
void program_setup_locale(void);

struct db *program_open(const char *path, bool must_change, struct dv_error *err);

/* The sealing key file of db's secrets: "<database>.key" (D7); g_free it. */
char *program_key_path(struct db *db);

/* Load db's sealing key: it is created only while no sealed value exists in
 * the database (a security object's value, the site's TLS password);
 * otherwise a missing or damaged key file is an error naming it (issue 8). */
bool program_seal_key(struct db *db, unsigned char key[32], struct dv_error *err);

/* The default database path: /var/lib/dosvm/dosvm.db for root and for the
 * members of that set-group-ID directory's group (who may write it), else
 * $XDG_DATA_HOME/dosvm/dosvm.db; g_free it. */
char *program_default_db_path(void);

#endif
