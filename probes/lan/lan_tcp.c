/* lan_tcp.c - whether a terminal's ECR port takes a TCP connection: the
 * connection is opened and closed, nothing is sent on it. */
#include "lan.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"

/* Connect to ip:port within timeout_ms; *ms: how long it took. */
int lan_tcp_try(uint32_t ip, int port, int timeout_ms, double *ms)
{
	struct sockaddr_in sa;
	int64_t t0 = clock_us(), until = t0 + (int64_t)timeout_ms * 1000;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int err = 0;
	socklen_t el = sizeof(err);

	*ms = 0;
	if (fd < 0)
		return errno;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = ip;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		err = errno;
		while (err == EINPROGRESS) {
			struct pollfd p = { fd, POLLOUT, 0 };
			int64_t left = until - clock_us();
			int rc;

			if (left <= 0) {
				err = ETIMEDOUT;
				break;
			}
			rc = poll(&p, 1, (int)((left + 999) / 1000));
			if (rc < 0 && errno == EINTR)
				continue;
			if (rc < 0) {
				err = errno;
				break;
			}
			if (rc == 0)
				continue;
			el = sizeof(err);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0)
				err = errno;
		}
	}
	*ms = (double)(clock_us() - t0) / 1000.0;
	/* A lost ARP answer or an unreachable host both mean no answer. */
	if (err == EHOSTUNREACH || err == ENETUNREACH)
		err = ETIMEDOUT;
	close(fd);
	return err;
}
