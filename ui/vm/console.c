/* console.c - a running VM's serial console inside the console (issue 11):
 * a full-screen pane on the guest's first serial port through the host's
 * libvirt connection (virt/virtdom.h's console stream).  Keys go to the
 * guest, its output comes back; Ctrl-] detaches, as virsh console.  Peek
 * mode takes the console only when no other client holds it and sends no
 * key (it watches).  Opening and closing the stream call the host, so
 * they run as jobs; between them nothing here waits on the host. */
#include <string.h>

#include "jobs/job.h"
#include "virt/hostconn.h"
#include "virt/virtdom.h"
#include "vm/vm.h"
#include "vm/vmpages.h"
#include "widgets/dialog.h"
#include "widgets/keys.h"
#include "widgets/progress.h"
#include "widgets/tui.h"

#include <panel.h>

#define DETACH_KEY 0x1d /* Ctrl-] */
#define KEEP_LINES 1000
#define POLL_MS    50

/* ---------------------------------------------------------------- opening and closing */

struct open_req {
    char *uri, *uuid;
    bool peek;
    struct virt_console *con; /* the result */
};

static void open_req_free(void *data)
{
    struct open_req *o = data;

    if (o->con) /* a stream nobody took: closed on the worker that frees it */
        virt_console_close(o->con);
    g_free(o->uri);
    g_free(o->uuid);
    g_free(o);
}

static bool open_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    struct open_req *o = data;
    struct virt_conn *c = hostconn_get_uri(o->uri, err);

    (void)ctx;
    (void)result;
    return c &&
           (o->con = virt_console_open(
                c, o->uuid, NULL, o->peek ? VIRT_CONSOLE_SAFE : VIRT_CONSOLE_FORCE, err)) != NULL;
}

static bool close_work(struct job_ctx *ctx, void *data, void **result, struct dv_error *err)
{
    (void)ctx;
    (void)result;
    (void)err;
    virt_console_close(data);
    return true;
}

/* ---------------------------------------------------------------- the screen */

struct screen {
    GPtrArray *lines; /* GString, the last one being written */
    bool esc;         /* inside an escape sequence */
    bool csi;
};

static GString *last_line(struct screen *s)
{
    if (s->lines->len == 0)
        g_ptr_array_add(s->lines, g_string_new(NULL));
    return g_ptr_array_index(s->lines, s->lines->len - 1);
}

static void free_line(gpointer p)
{
    g_string_free(p, TRUE);
}

/* The guest's bytes into lines: newlines, backspace, carriage returns;
 * escape sequences (colours, cursor moves) are dropped. */
static void feed(struct screen *s, const char *buf, ssize_t n)
{
    for (ssize_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)buf[i];
        GString *l = last_line(s);

        if (s->esc) {
            if (!s->csi && ch == '[') {
                s->csi = true;
                continue;
            }
            if (!s->csi || (ch >= 0x40 && ch <= 0x7e))
                s->esc = s->csi = false;
            continue;
        }
        if (ch == 0x1b) {
            s->esc = true;
        } else if (ch == '\n') {
            g_ptr_array_add(s->lines, g_string_new(NULL));
            if (s->lines->len > KEEP_LINES)
                g_ptr_array_remove_index(s->lines, 0);
        } else if (ch == '\b' || ch == 0x7f) {
            while (l->len && ((unsigned char)l->str[l->len - 1] & 0xc0) == 0x80)
                g_string_truncate(l, l->len - 1);
            if (l->len)
                g_string_truncate(l, l->len - 1);
        } else if (ch == '\r' || (ch < 0x20 && ch != '\t')) {
            /* carriage returns and other control characters: nothing */
        } else {
            g_string_append_c(l, (char)ch);
        }
    }
}

static void draw(WINDOW *win, struct screen *s, const char *title, const char *hint)
{
    int h = getmaxy(win), w = getmaxx(win);
    int rows = h - 2, first = (int)s->lines->len - rows;

    werase(win);
    wattrset(win, tui_attr(TR_TITLE));
    tui_blank(win, 0, 0, w);
    tui_put(win, 0, 0, w, title);
    wattrset(win, A_NORMAL);
    for (int i = 0; i < rows; i++) {
        int k = first + i;

        if (k >= 0 && k < (int)s->lines->len) {
            const char *raw = ((GString *)g_ptr_array_index(s->lines, k))->str;
            /* the guest may write anything: shown only as valid UTF-8 */
            char *line = g_utf8_make_valid(raw, -1);

            tui_put(win, 1 + i, 0, w, line);
            g_free(line);
        }
    }
    wattrset(win, tui_attr(TR_DIM));
    tui_blank(win, h - 1, 0, w);
    tui_put(win, h - 1, 0, w, hint);
    wattrset(win, A_NORMAL);
    update_panels();
    doupdate();
}

/* The bytes a key sends to the guest (NUL-terminated in out), or 0. */
static int key_bytes(int key, char out[8])
{
    static const struct {
        int key;
        const char *seq;
    } special[] = {
        {K_F(KEY_UP), "\x1b[A"},      {K_F(KEY_DOWN), "\x1b[B"},
        {K_F(KEY_RIGHT), "\x1b[C"},   {K_F(KEY_LEFT), "\x1b[D"},
        {K_F(KEY_HOME), "\x1b[H"},    {K_F(KEY_END), "\x1b[F"},
        {K_F(KEY_BACKSPACE), "\x7f"}, {K_F(KEY_DC), "\x1b[3~"},
        {K_F(KEY_ENTER), "\r"},       {'\n', "\r"},
    };

    for (size_t i = 0; i < G_N_ELEMENTS(special); i++)
        if (special[i].key == key) {
            g_strlcpy(out, special[i].seq, 8);
            return (int)strlen(out);
        }
    if (key < 0 || K_IS_FN(key) || key >= 0x110000)
        return 0;
    return g_unichar_to_utf8((gunichar)key, out);
}

/* ---------------------------------------------------------------- the pane */

static bool read_uri(const struct db_row *r, void *ctx)
{
    *(char **)ctx = db_row_text(r, 0);
    return false;
}

static struct virt_console *open_console(struct app *app, const struct vm *v, bool peek,
                                         const char *title)
{
    struct dv_error err = {0};
    struct open_req *o = g_new0(struct open_req, 1);
    struct job_spec js = {.what = N_("Open the serial console"),
                          .object = v->name_en,
                          .host = v->run_host,
                          .work = open_work,
                          .data = o,
                          .data_free = open_req_free,
                          .quiet = true};
    struct virt_console *con = NULL;
    struct job *job;

    if (!db_get(app->db, "SELECT uri FROM host WHERE id = ?1", DB_ARGS(DB_I(v->run_host_id)),
                read_uri, &o->uri, _("The host no longer exists."), &err)) {
        app_status_error(app, &err);
        open_req_free(o);
        return NULL;
    }
    o->uuid = g_strdup(v->uuid);
    o->peek = peek;
    job = job_start(NULL, NULL, &js, &err);
    if (!job) {
        app_status_error(app, &err);
        return NULL;
    }
    if (progress_run(app, job, title, _("Opening the serial console...")) == PROGRESS_ENDED &&
        job_ok(job)) {
        con = o->con;
        o->con = NULL;
    } else if (job_ended(job)) {
        app_status_error(app, job_error(job));
    } else {
        app_status(app, STATUS_INFO, "%s", progress_background_note());
    }
    job_unref(job);
    return con;
}

static void close_console(struct virt_console *con)
{
    struct job_spec js = {
        .what = N_("Close the serial console"), .work = close_work, .data = con, .quiet = true};
    struct job *job = job_start(NULL, NULL, &js, NULL);

    if (job)
        job_unref(job);
}

void vm_console_run(struct app *app, int64_t vm_id, bool peek)
{
    struct dv_error err = {0};
    struct vm v = {0};
    struct virt_console *con;
    struct screen s = {g_ptr_array_new_with_free_func(free_line), false, false};
    WINDOW *win = NULL;
    PANEL *panel = NULL;
    char *title, *hint;
    char buf[4096];
    bool redraw = true, ended = false;

    if (!vm_get(app->db, &app->actor, vm_id, &v, &err)) {
        app_status_error(app, &err);
        g_ptr_array_free(s.lines, TRUE);
        return;
    }
    if (v.run != VM_RUNNING && v.run != VM_SUSPENDED) {
        app_status(app, STATUS_ERROR, "%s",
                   _("The VM is not running: only a running VM has a serial console."));
        vm_clear(&v);
        g_ptr_array_free(s.lines, TRUE);
        return;
    }
    title = g_strdup_printf(
        peek ? _("Serial console of %s (peek: read-only)") : _("Serial console of %s"), v.name_en);
    hint = g_strdup(peek ? _("Ctrl-] leaves; keys are not sent while peeking.")
                         : _("Ctrl-] detaches; every other key goes to the guest."));
    con = open_console(app, &v, peek, title);
    while (con) {
        ssize_t n;
        int key;

        if (!win || redraw) {
            if (panel)
                del_panel(panel);
            if (win)
                delwin(win);
            win = newwin(LINES, COLS, 0, 0);
            keypad(win, TRUE);
            panel = new_panel(win);
            redraw = false;
        }
        while ((n = virt_console_recv(con, buf, sizeof buf, &err)) > 0)
            feed(&s, buf, n);
        if (n < 0 && !ended) {
            ended = true;
            feed(&s, "\n", 1);
            g_string_append(last_line(&s), err.msg);
            g_free(hint);
            hint = g_strdup(_("The console has ended; any key leaves."));
        }
        draw(win, &s, title, hint);
        key = app_read_key(app, POLL_MS);
        if (key == K_NONE)
            continue;
        if (key == K_F(KEY_RESIZE)) {
            redraw = true;
            continue;
        }
        if (key == DETACH_KEY || ended)
            break;
        if (!peek) {
            char out[8];
            int len = key_bytes(key, out);

            if (len > 0 && !virt_console_send(con, out, (size_t)len, &err)) {
                ended = true;
                g_free(hint);
                hint = g_strdup(_("The console has ended; any key leaves."));
            }
        }
    }
    if (con)
        close_console(con);
    if (panel)
        del_panel(panel);
    if (win)
        delwin(win);
    update_panels();
    g_ptr_array_free(s.lines, TRUE);
    g_free(title);
    g_free(hint);
    vm_clear(&v);
}
