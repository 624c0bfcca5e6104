/* hang-listener.c - a libvirt endpoint that never answers, for the hang
 * test (tests/jobs/e2e-hang.sh): listens on each unix socket path given,
 * accepts every connection and keeps it open without reading or writing a
 * byte, until it is killed.  "ready" on stdout once every socket listens. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_SOCKETS 8

static int listen_on(const char *path)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    if (fd < 0 || strlen(path) >= sizeof(a.sun_path))
        return -1;
    strcpy(a.sun_path, path);
    unlink(path);
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 16) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int main(int argc, char **argv)
{
    struct pollfd fds[MAX_SOCKETS];
    int n = 0;

    for (int i = 1; i < argc && n < MAX_SOCKETS; i++) {
        fds[n].fd = listen_on(argv[i]);
        fds[n].events = POLLIN;
        if (fds[n].fd < 0) {
            perror(argv[i]);
            return 1;
        }
        n++;
    }
    if (n == 0) {
        fprintf(stderr, "usage: hang-listener SOCKET...\n");
        return 2;
    }
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        if (poll(fds, (nfds_t)n, -1) < 0)
            continue;
        for (int i = 0; i < n; i++)
            if (fds[i].revents & POLLIN)
                (void)accept(fds[i].fd, NULL, NULL); /* held open, never answered */
    }
}
