/* palette.h - the command palette on ':' (issue 9 point 5): type part of a
 * page's or an action's name, in the language shown or in English, to go
 * there or run it; every entry shows its key, so users learn them. */
#ifndef DV_PALETTE_H
#define DV_PALETTE_H

#include "app.h"

/* Run the palette over the role's pages, the open list page's actions and
 * the global commands; enum ui_flags.  An action runs through the page's own
 * key, so its prerequisites are those of the toolbar. */
int palette_run(struct app *app);

#endif
