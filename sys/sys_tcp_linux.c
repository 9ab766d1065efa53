/* sys_tcp_linux.c - a TCP connect with a timeout (sys/sys_net.h). */
#include "sys_net.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "clock.h"

/* Wait for a connect in progress on fd until until_us; returns its errno. */
static int tcp_connect_wait(int fd, int64_t until_us)
{
	for (;;) {
		struct pollfd p = { fd, POLLOUT, 0 };
		int64_t left = until_us - clock_us();
		int rc, err = 0;
		socklen_t el = sizeof(err);

		if (left <= 0)
			return ETIMEDOUT;
		rc = poll(&p, 1, (int)((left + 999) / 1000));
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return errno;
		if (rc == 0)
			continue;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
			return errno;
		return err;
	}
}

/* Connect to sa within timeout_ms; the socket stays non-blocking. */
int sys_tcp_connect(const struct sockaddr *sa, socklen_t sa_len, int timeout_ms,
		    int *fd_out, double *took_ms)
{
	int64_t t0 = clock_us();
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int err = 0;

	*fd_out = -1;
	*took_ms = 0;
	if (fd < 0)
		return errno;
	if (connect(fd, sa, sa_len) != 0) {
		err = errno;
		if (err == EINPROGRESS)
			err = tcp_connect_wait(fd, t0 + (int64_t)timeout_ms * 1000);
	}
	*took_ms = (double)(clock_us() - t0) / 1000.0;
	if (err != 0) {
		close(fd);
		return err;
	}
	*fd_out = fd;
	return 0;
}
