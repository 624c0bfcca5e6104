/* formpage.h - a page that is one form (settings pages, log purge): a title,
 * an optional intro line, the form in column layout, and button 0 submits. */
#ifndef DV_FORMPAGE_H
#define DV_FORMPAGE_H

#include "app.h"
#include "widgets/form.h"

struct formpage_def {
    const char *title; /* msgid */
    const char *intro; /* msgid or NULL */
    const struct fv_def *form;
    /* current values, one per field (g_strfreev'd by the engine); NULL = empty */
    char **(*load)(struct app *app);
    /* button 0: validate and write; false with err naming the field */
    bool (*submit)(struct app *app, char **values, struct dv_error *err);
    const char *done; /* msgid of the success message */
    /* optional: a question to confirm before submit (a value allowed but not
     * recommended), or NULL to go on; g_free'd.  *field names the field the
     * focus goes back to when the user says no. */
    char *(*confirm)(struct app *app, char **values, const char **field);
    /* optional: complete the page's own copy of the form's fields when it
     * opens (keys and labels from a core table); the tables stay const */
    void (*complete)(struct fv_field *fields, int n);
};

void *formpage_open(struct app *app, const void *def);
void formpage_draw(struct app *app, void *state, WINDOW *win, bool focused);
int formpage_key(struct app *app, void *state, int key);
void formpage_close(void *state);
void formpage_help(void *state, GString *out);

#define FORMPAGE_SCREEN(NAME, DEF)                                                             \
    const struct screen_ops NAME = {.name = #NAME,                                             \
                                    .data = &DEF,                                              \
                                    .open = formpage_open,                                     \
                                    .draw = formpage_draw,                                     \
                                    .key = formpage_key,                                       \
                                    .close = formpage_close,                                   \
                                    .help = formpage_help,                                     \
                                    .form = true}

#endif
