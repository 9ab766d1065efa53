/* test_privsock.c - raw sockets are opened once, CAP_NET_RAW is dropped,
 * sockets are lent exclusively and come back clean. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "privsock.h"

/* The effective capability mask from /proc/self/status. */
static unsigned long long cap_eff(void)
{
	char line[256];
	unsigned long long v = 0;
	FILE *f = fopen("/proc/self/status", "r");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			break;
	fclose(f);
	return v;
}

#define CAP_NET_RAW_BIT 13 /* linux/capability.h */

static void test_drop_and_lend(void **state)
{
	bool had = (cap_eff() >> CAP_NET_RAW_BIT) & 1;
	int fds[8], n = 0, fd;

	(void)state;
	privsock_init(PRIVSOCK_ALL);
	assert_false((cap_eff() >> CAP_NET_RAW_BIT) & 1);
	/* Without the capability now, a new raw socket is refused. */
	fd = socket(AF_INET, SOCK_RAW, 1);
	assert_true(fd < 0);
	if (!had) {
		assert_false(privsock_available(PRIVSOCK_RAW_ICMP));
		assert_int_equal(privsock_take(PRIVSOCK_RAW_ICMP), -1);
		assert_int_equal(errno, EPERM);
		return;
	}
	assert_true(privsock_available(PRIVSOCK_PACKET_ARP));
	while ((fd = privsock_take(PRIVSOCK_PACKET_ARP)) >= 0 && n < 8)
		fds[n++] = fd;
	assert_int_equal(errno, EBUSY);
	assert_true(n >= 1);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			assert_int_not_equal(fds[i], fds[j]);
	privsock_give(fds[0]);
	fd = privsock_take(PRIVSOCK_PACKET_ARP);
	assert_int_equal(fd, fds[0]);
	for (int i = 0; i < n; i++)
		privsock_give(fds[i]);
}

/* The socket domain behind fd, or -1. */
static int sock_domain(int fd)
{
	int d = -1;
	socklen_t len = sizeof(d);

	return getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &d, &len) == 0 ? d : -1;
}

/* A socket revoked from a borrower that never gave it back (a run cut at
 * its deadline) is lent again; the late borrower's number leads nowhere
 * and its late give only closes it. */
static void test_revoke(void **state)
{
	int fds[8], n = 0, fd, again;

	(void)state;
	privsock_init(PRIVSOCK_ALL);
	if (!privsock_available(PRIVSOCK_PACKET_ARP))
		skip(); /* not run with CAP_NET_RAW */
	while (n < 8 && (fd = privsock_take(PRIVSOCK_PACKET_ARP)) >= 0)
		fds[n++] = fd;
	assert_int_equal(privsock_take(PRIVSOCK_PACKET_ARP), -1);
	assert_int_equal(errno, EBUSY);
	privsock_revoke(fds[0]);
	again = privsock_take(PRIVSOCK_PACKET_ARP);
	assert_true(again >= 0);
	assert_int_not_equal(again, fds[0]);
	assert_int_equal(sock_domain(again), AF_PACKET);
	/* The late borrower's number is still open (never reused under it)
	 * but is no packet socket any more. */
	assert_int_equal(sock_domain(fds[0]), AF_UNIX);
	privsock_give(fds[0]);
	assert_int_equal(fcntl(fds[0], F_GETFD), -1);
	assert_int_equal(errno, EBADF);
	/* Revoking what is not lent changes nothing. */
	privsock_revoke(fds[0]);
	privsock_revoke(-1);
	privsock_give(again);
	for (int i = 1; i < n; i++)
		privsock_give(fds[i]);
	/* The whole pool is back. */
	for (int i = 0; i < n; i++) {
		fds[i] = privsock_take(PRIVSOCK_PACKET_ARP);
		assert_true(fds[i] >= 0);
		assert_int_equal(sock_domain(fds[i]), AF_PACKET);
	}
	for (int i = 0; i < n; i++)
		privsock_give(fds[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop_and_lend),
		cmocka_unit_test(test_revoke),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
