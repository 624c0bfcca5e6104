/* command.h - an action as the dosvmctl command line that does it (issue
 * 12): "as a command: dosvmctl --user sysadm volume create --pool p1 ...".
 * The console shows it on request (F4), so what an admin just did can be
 * scripted.  Options are written as dosvmctl takes them: a field key with
 * '-' for '_'; values are quoted for a POSIX shell where they need it. */
#ifndef DV_COMMAND_H
#define DV_COMMAND_H

#include <glib.h>

/* A command being built: "dosvmctl --user ACCOUNT NOUN VERB". */
GString *command_new(const char *account, const char *noun, const char *verb);
/* Append " --KEY VALUE" (key in its option spelling; value quoted when it
 * is empty or has a character a shell treats specially). */
void command_option(GString *cmd, const char *key, const char *value);
/* Append the key, value pairs of pairs (NULL-terminated; a NULL value ends
 * it too). */
void command_options(GString *cmd, const char *const *pairs);

#endif
