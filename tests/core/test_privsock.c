/* test_privsock.c - raw sockets are opened once, CAP_NET_RAW is dropped,
 * sockets are lent exclusively and come back clean. */
#include <errno.h>
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop_and_lend),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
