/* nav.h - the navigation tree of each role as data: modules on the top bar,
 * each with its pages in the left pane (spec C1, M5.1). */
#ifndef DV_NAV_H
#define DV_NAV_H

#include "app.h"

struct nav_page {
    const char *label; /* msgid */
    const struct screen_ops *ops;
};

struct nav_module {
    const char *label; /* msgid */
    const struct nav_page *pages;
    int npages;
};

struct nav_role {
    const char *name; /* msgid of the role */
    const struct nav_module *modules;
    int nmodules;
};

extern const struct nav_role nav_sysadm;
extern const struct nav_role nav_projadm;

/* Draw the top module bar on row 0 (scrolled so the current one shows). */
void nav_draw_bar(struct app *app);
/* Draw the left pane of the current module in rows [y, y+h). */
void nav_draw_pages(struct app *app, int y, int h, int w);
/* F9: a menu of every module of the role ("N label"), as mc's; the one
 * chosen opens.  enum ui_flags. */
int nav_menu(struct app *app);
/* Handle a key while the navigation pane has the focus; enum ui_flags. */
int nav_key(struct app *app, int key);

#endif
