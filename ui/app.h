/* app.h - the console application: the logged-in session, the screen
 * contract, the layout, the status line and the one place that reads keys. */
#ifndef DV_APP_H
#define DV_APP_H

#include "base/dv.h"
#include "db/db.h"
#include "admin/user.h"
#include "widgets/tui.h"
#include "widgets/keys.h"

/* What a key handler did, so the caller knows what to redraw (as htop does). */
enum ui_flags {
    UI_UNHANDLED = 0,
    UI_HANDLED = 1 << 0,
    UI_REDRAW = 1 << 1, /* redraw the page */
    UI_RELOAD = 1 << 2, /* re-read the page's data, then redraw */
    UI_NAV = 1 << 3,    /* give the focus back to the navigation pane */
};

struct app;

/* A page of the console: one module per manual screen ends in one of these.
 * open() receives ops->data; key() returns enum ui_flags. */
struct screen_ops {
    const char *name;
    const void *data;
    void *(*open)(struct app *app, const void *data);
    void (*draw)(struct app *app, void *state, WINDOW *win, bool focused);
    int (*key)(struct app *app, void *state, int key);
    void (*close)(void *state);
    /* lines of page-specific help (action table), may be NULL */
    void (*help)(void *state, GString *out);
    /* the page is one form that takes typed keys: it opens with the focus on
     * the navigation pane, so digits still switch modules; Enter goes in */
    bool form;
};

enum status_kind { STATUS_INFO, STATUS_OK, STATUS_ERROR };

struct nav_role;

struct app {
    struct db *db;
    bool demo;
    bool quit;
    bool logout;

    /* the session */
    struct user me;
    struct dv_actor actor;

    /* navigation */
    const struct nav_role *role;
    int module, page;
    bool nav_focus;

    /* the open page */
    const struct screen_ops *screen;
    void *screen_state;

    /* run about once a second while no key comes (the demo's collector) */
    void (*tick)(struct app *app);
    void *tick_data;

    /* drawn under dialogs when no page is open (the login screen) */
    void (*backdrop)(struct app *app);
    int login_failures;

    char status[512];
    enum status_kind status_kind;
    /* the status line's messages of this session, oldest first ("HH:MM:SS
     * text"), for F3 (app_messages) */
    GPtrArray *messages;
    /* the last action as the dosvmctl command that does it (F4), or NULL;
     * and the options a screen gives the next form dialog's command (the
     * record it acts on: "pool", "p1"), key, value pairs */
    char *command;
    GPtrArray *command_context;
    GString *command_pending; /* app_command_pending() */

    /* SIGHUP (the terminal closed), SIGTERM or SIGINT arrived: called from
     * app_read_key, where no operation is under way, to end the program
     * cleanly (the demo removes its directory); it does not return */
    void (*on_signal)(struct app *app, int sig);

    /* open modal pages (list_run_modal, the host details) and form dialogs,
     * so the key bar shows the keys that work there */
    int modal;
    int dialogs;
    bool modal_query; /* the open modal list has a query row: the key bar offers '/' */
};

/* Layout of the main screen for the current terminal size. */
struct layout {
    int nav_w;             /* left navigation width */
    int page_y, page_x, page_h, page_w;
    int status_y, keybar_y;
};
void app_layout(struct layout *l);

/* The only reader of keys: waits up to timeout_ms (-1 = forever) and returns
 * a key (see keys.h) or K_NONE; while waiting it runs app->tick each second.  A resize re-lays out and redraws the main
 * screen before K_F(KEY_RESIZE) is returned, so a dialog only redraws itself. */
int app_read_key(struct app *app, int timeout_ms);

/* Catch SIGHUP, SIGTERM and SIGINT: the next app_read_key calls
 * app->on_signal.  Call before tui_start (curses keeps handlers it finds). */
void app_catch_signals(void);
/* The signal caught, or 0. */
int app_caught_signal(void);

/* Status line. */
void app_status(struct app *app, enum status_kind kind, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
void app_status_error(struct app *app, const struct dv_error *err);

/* The focused field's hint on the status line (NULL: none); unlike a
 * message it is not kept for F3. */
void app_hint(struct app *app, const char *hint);
/* F3: every message the status line showed in this session, newest first. */
void app_messages(struct app *app);
/* The last action was cmd (taken: g_string_free'd here): F4 shows it and
 * F3 lists it among the messages. */
void app_set_command(struct app *app, GString *cmd);
/* A command for the action of a screen that is no form dialog: "dosvmctl
 * --user ME noun verb" and pairs (key, value, ..., NULL). */
void app_command(struct app *app, const char *noun, const char *verb, const char *const *pairs);
/* Options (key, value, ..., NULL) the next form dialog with a command
 * (fv_def.command) puts before its fields; used once, then forgotten. */
void app_command_context(struct app *app, const char *const *pairs);
/* The command of a confirmed row action (list_confirm_op) that is about to
 * run: kept by app_command_done(app, true) when it succeeds, dropped
 * otherwise. */
void app_command_pending(struct app *app, const char *noun, const char *verb,
                         const char *const *pairs);
void app_command_done(struct app *app, bool ok);
/* F4: the last action as a command. */
void app_show_command(struct app *app);
/* Forget the status line and its messages (at logout). */
void app_status_forget(struct app *app);

/* Redraw only the status line and key bar. */
void app_draw_status(struct app *app);

/* Redraw the whole main screen (bar, navigation, page, status, key bar). */
void app_draw(struct app *app);

/* Run the logged-in session until logout or quit. */
void app_run_session(struct app *app);

/* Open page p of module m of the role (closing the current one). */
void app_open_page(struct app *app, int module, int page);

/* Ask before quitting; true when the user confirmed. */
bool app_confirm_quit(struct app *app);

/* The help window: global keys plus the open page's help. */
void app_help(struct app *app);

/* The keys every page shares, modal or not (issue 9): F1 and ? help (with
 * help(state) adding the page's own lines; NULL for none), F10 and q quit
 * after a confirmation, F8 log out, Ctrl-L redraw.  typing: a text field has
 * the focus, so ? and q are text.  enum ui_flags; a modal loop ends when
 * app_leaving() says so. */
int app_common_key(struct app *app, int key, bool typing, void (*help)(void *state, GString *out),
                   void *state);

/* The session is ending (quit or logout was asked for): modal loops close. */
bool app_leaving(const struct app *app);

#endif
