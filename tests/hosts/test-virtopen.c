/* test-virtopen.c - the bounded open of libvirt connections (virt/virt.h,
 * issue 8 point 5): an endpoint that accepts and never answers (a unix
 * socket of this test that is listened on and never read) fails the open
 * after DOSVM_VIRT_OPEN_TIMEOUT_S with DV_ERR_TIMEOUT instead of hanging; a
 * second open of it fails at once while the first thread still waits; other
 * hosts open meanwhile.
 * features: M6.2.2 D3 */
#include "virt/virt.h"
#include "lib/tap.h"

#include <glib/gstdio.h>

#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int listen_on(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    if (fd < 0 || strlen(path) >= sizeof(a.sun_path))
        return -1;
    strcpy(a.sun_path, path);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 16) != 0) {
        close(fd);
        return -1;
    }
    return fd; /* connections wait in the backlog: never answered */
}

int main(void)
{
    char *dir = g_dir_make_tmp("dosvm-open-XXXXXX", NULL);
    char *sock = g_build_filename(dir, "hang.sock", NULL);
    char *uri = g_strdup_printf("qemu+unix:///system?socket=%s", sock);
    const char *top = getenv("top_srcdir");
    char *good = g_strdup_printf("test://%s/data/demo/host1.xml", top ? top : "..");
    struct dv_error err = {0};
    struct virt_conn *c;
    int fd = listen_on(sock);
    int64_t t0, ms;

    setenv("DOSVM_VIRT_OPEN_TIMEOUT_S", "1", 1);
    is_int(virt_open_timeout_s(), 1, "DOSVM_VIRT_OPEN_TIMEOUT_S sets the bound");
    ok(fd >= 0, "a socket that never answers listens at %s", sock);
    t0 = g_get_monotonic_time();
    c = virt_open(uri, &err);
    ms = (g_get_monotonic_time() - t0) / 1000;
    ok(c == NULL, "the open of a host that never answers fails");
    ok(ms >= 900 && ms < 5000, "after the bound of 1 s, not never (%lld ms)", (long long)ms);
    is_int(err.code, DV_ERR_TIMEOUT, "DV_ERR_TIMEOUT");
    is_str(err.field, "uri", "naming the uri field");
    ok(strstr(err.msg, "No answer in time (1 s)") && strstr(err.msg, sock),
       "the message names the bound and the URI (%s)", err.msg);

    dv_error_clear(&err);
    t0 = g_get_monotonic_time();
    c = virt_open(uri, &err);
    ms = (g_get_monotonic_time() - t0) / 1000;
    ok(c == NULL && ms < 500, "a second open fails at once while the first still waits (%lld ms)",
       (long long)ms);
    ok(err.code == DV_ERR_TIMEOUT && strstr(err.msg, "still waiting"), "saying so (%s)", err.msg);

    dv_error_clear(&err);
    c = virt_open(good, &err);
    ok(c != NULL, "another host opens meanwhile (%s)", err.msg);
    ok(c && virt_alive(c), "and is alive");
    virt_close(c);

    unsetenv("DOSVM_VIRT_OPEN_TIMEOUT_S");
    is_int(virt_open_timeout_s(), VIRT_OPEN_TIMEOUT_DEFAULT_S, "the built-in bound otherwise");
    unlink(sock);
    g_rmdir(dir);
    g_free(dir);
    g_free(sock);
    g_free(uri);
    g_free(good);
    return tap_done();
}
