/* app.c - the console application: layout, status line, key bar, the one
 * key reader and the session loop */
#include "app.h"
#include "widgets/dialog.h"
#include "widgets/progress.h"
#include "widgets/list.h"
#include "nav.h"
#include "palette.h"
#include "base/command.h"
#include "base/textwidth.h"
#include "jobs/job.h"

#include <signal.h>
#include <stdarg.h>
#include <string.h>

#define NAV_MIN 12
#define NAV_MAX 20

static WINDOW *page_win; /* the page area; re-created on resize */

void app_layout(struct layout *l)
{
    l->nav_w = CLAMP(COLS / 5, NAV_MIN, NAV_MAX);
    l->page_y = 1;
    l->page_x = l->nav_w + 2;
    l->page_h = MAX(1, LINES - 3);
    l->page_w = MAX(1, COLS - l->page_x);
    l->status_y = LINES - 2;
    l->keybar_y = LINES - 1;
}

static WINDOW *get_page_win(void)
{
    struct layout l;

    if (!page_win) {
        app_layout(&l);
        page_win = derwin(stdscr, l.page_h, l.page_w, l.page_y, l.page_x);
    }
    return page_win;
}

static void drop_page_win(void)
{
    if (page_win)
        delwin(page_win);
    page_win = NULL;
}

#define MESSAGES_KEPT 200

/* one more line of the F3 list */
static void remember_line(struct app *app, const char *text)
{
    GDateTime *now = g_date_time_new_now_local();
    char *hm = g_date_time_format(now, "%H:%M:%S");

    if (!app->messages)
        app->messages = g_ptr_array_new_with_free_func(g_free);
    g_ptr_array_add(app->messages, g_strdup_printf("%s %s", hm, text));
    if (app->messages->len > MESSAGES_KEPT)
        g_ptr_array_remove_index(app->messages, 0);
    g_free(hm);
    g_date_time_unref(now);
}

/* Keep a new message of the status line (not the same one twice running). */
static void remember(struct app *app)
{
    const char *last;

    if (!app->status[0])
        return;
    last = app->messages && app->messages->len
               ? g_ptr_array_index(app->messages, app->messages->len - 1)
               : NULL;
    if (last && strlen(last) > 9 && strcmp(last + 9, app->status) == 0)
        return;
    remember_line(app, app->status);
}

void app_status(struct app *app, enum status_kind kind, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_vsnprintf(app->status, sizeof(app->status), fmt, ap);
    va_end(ap);
    app->status_kind = kind;
    remember(app);
}

void app_hint(struct app *app, const char *hint)
{
    g_strlcpy(app->status, hint ? hint : "", sizeof(app->status));
    app->status_kind = STATUS_INFO;
}

void app_set_command(struct app *app, GString *cmd)
{
    char *line = g_strdup_printf("$ %s", cmd->str);

    g_free(app->command);
    app->command = g_string_free(cmd, FALSE);
    remember_line(app, line);
    g_free(line);
}

void app_command(struct app *app, const char *noun, const char *verb, const char *const *pairs)
{
    GString *cmd = command_new(app->actor.account, noun, verb);

    command_options(cmd, pairs);
    app_set_command(app, cmd);
}

void app_command_pending(struct app *app, const char *noun, const char *verb,
                         const char *const *pairs)
{
    if (app->command_pending)
        g_string_free(app->command_pending, TRUE);
    app->command_pending = command_new(app->actor.account, noun, verb);
    command_options(app->command_pending, pairs);
}

void app_command_done(struct app *app, bool ok)
{
    GString *cmd = g_steal_pointer(&app->command_pending);

    if (cmd && ok)
        app_set_command(app, cmd);
    else if (cmd)
        g_string_free(cmd, TRUE);
}

void app_command_context(struct app *app, const char *const *pairs)
{
    if (app->command_context)
        g_ptr_array_set_size(app->command_context, 0);
    else
        app->command_context = g_ptr_array_new_with_free_func(g_free);
    for (int i = 0; pairs && pairs[i] && pairs[i + 1]; i += 2) {
        g_ptr_array_add(app->command_context, g_strdup(pairs[i]));
        g_ptr_array_add(app->command_context, g_strdup(pairs[i + 1]));
    }
}

void app_show_command(struct app *app)
{
    char *text;

    if (!app->command) {
        app_status(app, STATUS_INFO, "%s",
                   _("No action of this session has a dosvmctl command yet."));
        return;
    }
    /* L10N: F4; %s is a dosvmctl command line */
    text = g_strdup_printf(_("The last action as a command:\n\n%s\n\nThe password comes from "
                             "DOSVM_PASSWORD_FILE, --password-fd or a prompt (dosvmctl(1))."),
                           app->command);
    dialog_text(app, _("As a command"), text);
    g_free(text);
}

void app_status_forget(struct app *app)
{
    g_clear_pointer(&app->command, g_free);
    app_command_done(app, false);
    if (app->command_context)
        g_ptr_array_set_size(app->command_context, 0);
    app->status[0] = '\0';
    app->status_kind = STATUS_INFO;
    if (app->messages)
        g_ptr_array_set_size(app->messages, 0);
}

void app_messages(struct app *app)
{
    GString *s = g_string_new(NULL);

    for (guint i = app->messages ? app->messages->len : 0; i > 0; i--)
        g_string_append_printf(s, "%s\n", (char *)g_ptr_array_index(app->messages, i - 1));
    if (!s->len)
        g_string_append(s, _("No message yet."));
    dialog_text(app, _("Messages (newest first)"), s->str);
    g_string_free(s, TRUE);
}

void app_status_error(struct app *app, const struct dv_error *err)
{
    bool info = err->code == DV_ERR_INFO || err->code == DV_ERR_CANCELLED;

    app_status(app, info ? STATUS_INFO : STATUS_ERROR, "%s", err->msg);
}

struct keyhint {
    const char *key;  /* not translated */
    const char *what; /* msgid */
};

static const struct keyhint page_keys[] = {
    {"F1", N_("Help")},    {"Tab", N_("Pane")},  {"/", N_("Query")},
    {"F5", N_("Refresh")}, {"F8", N_("Logout")}, {"F10", N_("Quit")},
};
static const struct keyhint nav_keys[] = {
    {"↑↓", N_("Page")}, {"←→", N_("Module")}, {"Enter", N_("Open")},
    {"F1", N_("Help")}, {"F8", N_("Logout")}, {"F10", N_("Quit")},
};
/* a page that is no list: no query row, no refresh of rows */
static const struct keyhint other_keys[] = {
    {"F1", N_("Help")},
    {"Tab", N_("Pane")},
    {"F8", N_("Logout")},
    {"F10", N_("Quit")},
};
static const struct keyhint modal_keys[] = {
    {"F1", N_("Help")},    {"Esc", N_("Back")},  {"/", N_("Query")},
    {"F5", N_("Refresh")}, {"F8", N_("Logout")}, {"F10", N_("Quit")},
};
static const struct keyhint dialog_keys[] = {
    {"F1", N_("Help")},    {"Tab", N_("Next")}, {"Enter", N_("OK")},
    {"Esc", N_("Cancel")}, {"F10", N_("Quit")},
};

/* The key bar, with "account@address" at its right end when logged in. */
static void draw_keybar(struct app *app, const struct keyhint *k, int n, int y, bool query)
{
    int x = 0, right = COLS;

    tui_blank(stdscr, y, 0, COLS);
    if (app->me.account) {
        char *who = g_strdup_printf("%s@%s", app->me.account, app->actor.addr);
        int ww = tw_width(who);

        if (ww < COLS / 3) {
            right = COLS - ww;
            attrset(tui_attr(TR_DIM));
            tui_put(stdscr, y, right, ww, who);
            attrset(A_NORMAL);
        }
        g_free(who);
    }
    for (int i = 0; i < n && x < right - 4; i++) {
        int need = tw_width(k[i].key) + 1 + tw_width(_(k[i].what));

        if (!query && strcmp(k[i].key, "/") == 0)
            continue; /* "/ Query" only where there is a query row */
        if (x + need > right - 1)
            break;
        attrset(tui_attr(TR_KEY));
        x += tui_put(stdscr, y, x, right - x, k[i].key);
        attrset(A_NORMAL);
        x += tui_put(stdscr, y, x, right - x, " ");
        x += tui_put(stdscr, y, x, right - x, _(k[i].what));
        x += tui_put(stdscr, y, x, right - x, "  ");
    }
}

void app_draw_status(struct app *app)
{
    struct layout l;
    static const enum tui_role roles[] = {TR_NORMAL, TR_OK, TR_ERROR};
    char *line;

    app_layout(&l);
    /* one line: a longer message ends in "…", F3 shows it whole */
    line = g_strdelimit(g_strdup(app->status), "\n\t", ' ');
    attrset(tui_attr(roles[app->status_kind]));
    tui_put_cell(stdscr, l.status_y, 0, COLS, line, 0);
    attrset(A_NORMAL);
    g_free(line);
    if (!app->screen || app->dialogs > 0)
        draw_keybar(app, dialog_keys, G_N_ELEMENTS(dialog_keys), l.keybar_y, false);
    else if (app->modal > 0)
        draw_keybar(app, modal_keys, G_N_ELEMENTS(modal_keys), l.keybar_y, app->modal_query);
    else if (app->nav_focus)
        draw_keybar(app, nav_keys, G_N_ELEMENTS(nav_keys), l.keybar_y, false);
    else if (app->screen->key == list_key)
        draw_keybar(app, page_keys, G_N_ELEMENTS(page_keys), l.keybar_y,
                    list_has_query(app->screen_state));
    else
        draw_keybar(app, other_keys, G_N_ELEMENTS(other_keys), l.keybar_y, false);
    wnoutrefresh(stdscr);
}

void app_draw(struct app *app)
{
    struct layout l;
    WINDOW *pw = get_page_win();

    app_layout(&l);
    curs_set(0);
    /* the page first: drawing it may read data and set the status line */
    if (app->screen)
        app->screen->draw(app, app->screen_state, pw, !app->nav_focus);
    nav_draw_bar(app);
    nav_draw_pages(app, l.page_y, l.page_h, l.nav_w);
    app_draw_status(app);
    wnoutrefresh(stdscr);
    wnoutrefresh(pw); /* last: the page owns the cursor */
    doupdate();
}

static void handle_resize(struct app *app)
{
    drop_page_win();
    erase();
    if (app->screen)
        app_draw(app);
    else if (app->backdrop)
        app->backdrop(app);
    wnoutrefresh(stdscr);
}

static volatile sig_atomic_t caught_signal;

static void on_signal(int sig)
{
    caught_signal = sig;
}

void app_catch_signals(void)
{
    static const int sigs[] = {SIGHUP, SIGTERM, SIGINT};
    struct sigaction sa = {0};

    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        sigaction(sigs[i], &sa, NULL);
}

int app_caught_signal(void)
{
    return caught_signal;
}

static int64_t now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

/* Background jobs end here (their finish runs on this thread); while one
 * runs, keys are waited for in short slices so that its end is seen soon. */
#define JOB_POLL_MS 100

int app_read_key(struct app *app, int timeout_ms)
{
    static int64_t ticked_at;
    int64_t deadline = timeout_ms < 0 ? -1 : now_ms() + timeout_ms;
    wint_t ch;
    int rc;

    for (;;) {
        int64_t wait = job_pending() ? JOB_POLL_MS : 1000;

        if (caught_signal && app->on_signal)
            app->on_signal(app, caught_signal);

        if (job_poll() > 0 && timeout_ms >= 0)
            return K_NONE; /* the caller redraws what the job changed */
        if (deadline >= 0)
            wait = CLAMP(deadline - now_ms(), 0, wait);
        timeout((int)wait);
        rc = get_wch(&ch);
        if (rc != ERR)
            break;
        if (app->tick && now_ms() - ticked_at >= 1000) {
            ticked_at = now_ms();
            app->tick(app);
        }
        if (deadline >= 0 && now_ms() >= deadline)
            return K_NONE;
    }
    if (rc == KEY_CODE_YES) {
        if (ch == KEY_RESIZE)
            handle_resize(app);
        return K_F((int)ch);
    }
    return (int)ch;
}

/* A job ended: unless a progress dialog watches it, say how in the status
 * line (it ran in the background). */
static void on_job_end(struct job *job, void *ctx)
{
    struct app *app = ctx;
    char *s;

    if (progress_watching(job))
        return;
    s = progress_job_summary(job);
    app_status(app, job_ok(job) ? STATUS_OK : STATUS_ERROR, "%s", s);
    g_free(s);
}

void app_open_page(struct app *app, int module, int page)
{
    const struct nav_module *m = &app->role->modules[module];

    if (app->screen)
        app->screen->close(app->screen_state);
    app->module = module;
    app->page = CLAMP(page, 0, m->npages - 1);
    app->screen = m->pages[app->page].ops;
    werase(get_page_win());
    app->status[0] = '\0';
    app->screen_state = app->screen->open(app, app->screen->data);
    if (app->screen->form)
        app->nav_focus = true;
}

bool app_confirm_quit(struct app *app)
{
    static bool asking; /* F10 in the question itself asks nothing more */
    int running = job_pending_shown();
    char *text;
    bool ok;

    if (asking)
        return false;
    asking = true;
    if (!running) {
        ok = dialog_confirm(app, _("Quit"), _("Quit dosvm?"));
        asking = false;
        return ok;
    }
    /* L10N: %d is the number of background tasks of this console */
    text = g_strdup_printf(_("Quit dosvm?\n\nTasks still running: %d. They end now and are "
                             "marked interrupted."),
                           running);
    ok = dialog_confirm(app, _("Quit"), text);
    g_free(text);
    asking = false;
    return ok;
}

static void help_with(struct app *app, void (*help)(void *state, GString *out), void *state)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "%s\n", _("Keys everywhere:"));
    g_string_append_printf(s, "  F1, ?      %s\n", _("This help"));
    g_string_append_printf(s, "  1-9        %s\n", _("Switch to module 1-9 of the top bar"));
    g_string_append_printf(s, "  F9         %s\n", _("Menu of every module"));
    g_string_append_printf(s, "  :          %s\n", _("Command palette: pages and actions by name"));
    g_string_append_printf(s, "  Tab, Esc   %s\n", _("Move between the page list and the page"));
    g_string_append_printf(s, "  F5         %s\n", _("Refresh the page"));
    g_string_append_printf(s, "  F3         %s\n", _("Messages of the status line, whole"));
    g_string_append_printf(s, "  F4         %s\n", _("The last action as a dosvmctl command"));
    g_string_append_printf(s, "  F8         %s\n", _("Log out"));
    g_string_append_printf(s, "  q, F10     %s\n", _("Quit (asks first)"));
    g_string_append_printf(s, "\n%s\n",
                           _("In dialogs: Tab/Up/Down move, Enter goes on or "
                             "presses a button, F2 submits, Esc cancels."));
    if (help) {
        g_string_append_printf(s, "\n%s\n", _("Keys of this page:"));
        help(state, s);
    }
    dialog_text(app, _("Help"), s->str);
    g_string_free(s, TRUE);
}

void app_help(struct app *app)
{
    if (app->screen && app->screen->help)
        help_with(app, app->screen->help, app->screen_state);
    else
        help_with(app, NULL, NULL);
}

bool app_leaving(const struct app *app)
{
    return app->quit || app->logout;
}

int app_common_key(struct app *app, int key, bool typing, void (*help)(void *state, GString *out),
                   void *state)
{
    if (key == K_F(KEY_F(1)) || (key == '?' && !typing)) {
        help_with(app, help, state);
        return UI_REDRAW;
    }
    if (key == K_F(KEY_F(10)) || (key == 'q' && !typing)) {
        app->quit = app_confirm_quit(app);
        return UI_REDRAW;
    }
    if (key == K_F(KEY_F(8))) {
        app->logout = true;
        return UI_REDRAW;
    }
    if (key == K_F(KEY_F(3))) {
        app_messages(app);
        return UI_REDRAW;
    }
    if (key == K_F(KEY_F(4))) {
        app_show_command(app);
        return UI_REDRAW;
    }
    if (key == K_CTRL('l')) {
        clearok(curscr, TRUE);
        return UI_REDRAW;
    }
    return UI_UNHANDLED;
}

static int global_key(struct app *app, int key)
{
    int n = app->role->nmodules;

    if (key >= '1' && key <= '9' && key - '1' < n) {
        app_open_page(app, key - '1', 0);
        app->nav_focus = app->screen->form; /* a list takes its hotkeys at once */
        return UI_REDRAW;
    }
    if (key == K_TAB) {
        app->nav_focus = !app->nav_focus;
        return UI_REDRAW;
    }
    if (key == K_F(KEY_F(9)))
        return nav_menu(app);
    if (key == ':')
        return palette_run(app);
    if (app->screen && app->screen->help)
        return app_common_key(app, key, false, app->screen->help, app->screen_state);
    return app_common_key(app, key, false, NULL, NULL);
}

static void dispatch(struct app *app, int key)
{
    int flags = UI_UNHANDLED;

    if (app->nav_focus)
        flags = nav_key(app, key);
    else if (app->screen)
        flags = app->screen->key(app, app->screen_state, key);
    if (flags & UI_NAV)
        app->nav_focus = true;
    if (flags == UI_UNHANDLED)
        global_key(app, key);
}

void app_run_session(struct app *app)
{
    app->quit = app->logout = false;
    app->nav_focus = false;
    job_set_notify(on_job_end, app);
    erase();
    app_open_page(app, 0, 0);
    while (!app->quit && !app->logout) {
        int key;

        app_draw(app);
        key = app_read_key(app, 1000);
        if (key == K_NONE || key == K_F(KEY_RESIZE))
            continue;
        dispatch(app, key);
    }
    if (app->screen)
        app->screen->close(app->screen_state);
    app->screen = NULL;
    app->screen_state = NULL;
    app_status_forget(app); /* the next session starts with a clean status line */
    drop_page_win();
    erase();
}
