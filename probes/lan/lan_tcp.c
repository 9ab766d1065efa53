/* lan_tcp.c - whether a terminal's ECR port takes a TCP connection: the
 * connection is opened and closed, nothing is sent on it. */
#include "lan.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "sys_net.h"

/* Connect to ip:port within timeout_ms; *ms: how long it took. */
int lan_tcp_try(uint32_t ip, int port, int timeout_ms, double *ms)
{
	struct sockaddr_in sa;
	int fd = -1, err;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = ip;
	err = sys_tcp_connect((const struct sockaddr *)&sa, sizeof(sa), timeout_ms, &fd, ms);
	/* A lost ARP answer or an unreachable host both mean no answer. */
	if (err == EHOSTUNREACH || err == ENETUNREACH)
		err = ETIMEDOUT;
	if (fd >= 0)
		close(fd);
	return err;
}
