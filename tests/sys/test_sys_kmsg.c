/* test_sys_kmsg.c - sys/sys_kmsg_linux.c: record parsing (bytes in, struct
 * out), reading a file of records with a callback, and the real /dev/kmsg. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "sys_kmsg.h"
#include "sys_tree.h"

/* Whether the len bytes at s are the text want. */
static bool span_is(const char *s, size_t len, const char *want)
{
	return len == strlen(want) && memcmp(s, want, len) == 0;
}

/* Records and what is not one. */
static void parse_records(void **state)
{
	struct sys_kmsg_record r;
	const char *r1 = "2,412,12500000,-;Under-voltage detected! (0x00050005)";
	const char *r2 = "30,900,340000000,c,caller=T12;hwmon hwmon1: Undervoltage detected!\r\n";
	const char *r3 = "6,1,2,-;";

	(void)state;
	assert_true(sys_kmsg_parse(r1, strlen(r1), &r));
	assert_int_equal(r.prio, 2);
	assert_int_equal(r.seq, 412);
	assert_int_equal(r.usec, 12500000);
	assert_true(span_is(r.msg, r.msg_len, "Under-voltage detected! (0x00050005)"));
	assert_true(sys_kmsg_parse(r2, strlen(r2), &r));
	assert_int_equal(r.prio, 30);   /* daemon.info: facility 3, level 6 */
	assert_int_equal(r.usec, 340000000);
	assert_true(span_is(r.msg, r.msg_len, "hwmon hwmon1: Undervoltage detected!"));
	assert_true(sys_kmsg_parse(r3, strlen(r3), &r));
	assert_int_equal(r.msg_len, 0);
	/* The length bounds the parse: the same bytes cut before the ';'. */
	assert_false(sys_kmsg_parse(r1, 16, &r));
	assert_false(sys_kmsg_parse(" SUBSYSTEM=cpu", 14, &r));
	assert_false(sys_kmsg_parse("6,1,2", 5, &r));
	assert_false(sys_kmsg_parse("6,1,2,", 6, &r));
	assert_false(sys_kmsg_parse("x,1,2,-;m", 9, &r));
	assert_false(sys_kmsg_parse("6,,2,-;m", 8, &r));
	assert_false(sys_kmsg_parse("6,1,2,- y;m", 11, &r));
	assert_false(sys_kmsg_parse("6,1,99999999999999999999999,-;m", 31, &r));
	assert_false(sys_kmsg_parse("", 0, &r));
	assert_true(sys_kmsg_parse("9999999999999999999,0,0,-;m", 27, &r));
	assert_true(r.prio == 9999999999999999999u);
}

/* What the callback saw. */
struct seen {
	int calls, stop_after;
	uint64_t last_seq;
	char last_msg[32];
};

/* Collects records; says stop after stop_after of them (0: never). */
static bool collect(const struct sys_kmsg_record *rec, void *arg)
{
	struct seen *s = arg;

	s->calls++;
	s->last_seq = rec->seq;
	snprintf(s->last_msg, sizeof(s->last_msg), "%.*s", (int)rec->msg_len, rec->msg);
	return s->stop_after == 0 || s->calls < s->stop_after;
}

/* A file of records: continuation lines and an overlong line skipped, the
 * last line read without its newline; the callback and the record cap stop
 * the read. */
static void read_file(void **state)
{
	struct sys_kmsg_status st;
	struct seen s;
	FILE *f;

	(void)state;
	tree_begin();
	f = fopen(tree_path("kmsg"), "w");
	assert_non_null(f);
	fputs("6,1,1000000,-;first\n SUBSYSTEM=platform\n DEVICE=+platform:x\n", f);
	for (int i = 0; i < 40000; i++)
		fputc('z', f);
	fputs("\n6,2,2000000,-;second\n", f);
	fputs("6,3,3000000,-;third", f);
	fclose(f);

	memset(&s, 0, sizeof(s));
	sys_kmsg_read(tree_path("kmsg"), clock_ms() + 5000, 0, collect, &s, &st);
	assert_true(st.readable);
	assert_false(st.truncated);
	assert_int_equal(st.records, 3);
	assert_int_equal(s.calls, 3);
	assert_int_equal(s.last_seq, 3);
	assert_string_equal(s.last_msg, "third");

	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	sys_kmsg_read(tree_path("kmsg"), clock_ms() + 5000, 0, collect, &s, &st);
	assert_int_equal(s.calls, 2);
	assert_int_equal(s.last_seq, 2);
	assert_false(st.truncated);

	memset(&s, 0, sizeof(s));
	sys_kmsg_read(tree_path("kmsg"), clock_ms() + 5000, 1, collect, &s, &st);
	assert_int_equal(s.calls, 1);
	assert_true(st.truncated);

	memset(&s, 0, sizeof(s));
	sys_kmsg_read(tree_path("none"), clock_ms() + 5000, 0, collect, &s, &st);
	assert_false(st.readable);
	assert_int_equal(st.error, ENOENT);
	assert_int_equal(s.calls, 0);
	tree_end();
}

/* The real /dev/kmsg: non-blocking to the newest record, then done. */
static void read_real_device(void **state)
{
	struct sys_kmsg_status st;
	struct seen s;
	int64_t t0 = clock_ms();
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	(void)state;
	if (fd < 0) {
		print_message("skipping: /dev/kmsg not readable here (%s)\n", strerror(errno));
		skip();
	}
	close(fd);
	memset(&s, 0, sizeof(s));
	sys_kmsg_read("/dev/kmsg", t0 + 5000, 0, collect, &s, &st);
	assert_true(st.readable);
	assert_true(st.records > 0);
	assert_int_equal(s.calls, st.records);
	assert_false(st.truncated);
	assert_true(clock_ms() - t0 < 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_records),
		cmocka_unit_test(read_file),
		cmocka_unit_test(read_real_device),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
