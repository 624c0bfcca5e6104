/* command.c - actions as dosvmctl command lines (command.h) */
#include "base/command.h"

#include <stdbool.h>
#include <string.h>

/* a value a POSIX shell reads as one word as it is */
static bool plain_word(const char *v)
{
    if (!*v)
        return false;
    for (const char *p = v; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("%+,-./:=@_", *p) && !((unsigned char)*p & 0x80))
            return false;
    return true;
}

static void append_word(GString *cmd, const char *v)
{
    char *q;

    if (plain_word(v)) {
        g_string_append(cmd, v);
        return;
    }
    q = g_shell_quote(v);
    g_string_append(cmd, q);
    g_free(q);
}

GString *command_new(const char *account, const char *noun, const char *verb)
{
    GString *cmd = g_string_new("dosvmctl --user ");

    append_word(cmd, account);
    g_string_append_printf(cmd, " %s %s", noun, verb);
    return cmd;
}

void command_option(GString *cmd, const char *key, const char *value)
{
    g_string_append(cmd, " --");
    for (const char *p = key; *p; p++)
        g_string_append_c(cmd, *p == '_' ? '-' : *p);
    g_string_append_c(cmd, ' ');
    append_word(cmd, value ? value : "");
}

void command_options(GString *cmd, const char *const *pairs)
{
    for (int i = 0; pairs && pairs[i] && pairs[i + 1]; i += 2)
        command_option(cmd, pairs[i], pairs[i + 1]);
}
