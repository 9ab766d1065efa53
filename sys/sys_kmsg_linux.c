/* sys_kmsg_linux.c - read the kernel log record by record (sys_kmsg.h).
 *
 * Opened non-blocking, /dev/kmsg says EAGAIN after the newest record and
 * EPIPE when a record was overwritten while we read.
 */
#include "sys_kmsg.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

#define KMSG_BUF        16384           /* > the kernel's 1024-byte records */
#define KMSG_MAX_BYTES  (64L << 20)     /* never read more than this */

/* Where one read of the log stands. */
struct kmsg_reader {
	sys_kmsg_fn each;
	void *arg;
	int max_records;
	bool stopped;           /* the callback said stop */
	struct sys_kmsg_status *st;
};

/* Parse a run of decimal digits at *p; false when there is none. */
static bool parse_u64(const char **p, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	const char *s = *p;

	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	while (s < end && isdigit((unsigned char)*s)) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
		s++;
	}
	*p = s;
	*out = v;
	return true;
}

/* Split a record into its numbers and message. */
bool sys_kmsg_parse(const char *rec, size_t len, struct sys_kmsg_record *out)
{
	const char *p = rec, *end = rec + len, *semi;
	struct sys_kmsg_record r;

	if (!parse_u64(&p, end, &r.prio) || p >= end || *p++ != ',')
		return false;
	if (!parse_u64(&p, end, &r.seq) || p >= end || *p++ != ',')
		return false;
	if (!parse_u64(&p, end, &r.usec) || p >= end || *p++ != ',')
		return false;
	/* flags, then possibly more comma fields, up to the ';'. */
	semi = memchr(p, ';', (size_t)(end - p));
	if (!semi)
		return false;
	for (const char *q = p; q < semi; q++)
		if (isspace((unsigned char)*q))
			return false;
	r.msg = semi + 1;
	r.msg_len = (size_t)(end - semi - 1);
	while (r.msg_len > 0 && (r.msg[r.msg_len - 1] == '\n' || r.msg[r.msg_len - 1] == '\r'))
		r.msg_len--;
	*out = r;
	return true;
}

/* Hand one line (a record or a continuation line) to the callback. */
static void kmsg_take_line(struct kmsg_reader *rd, const char *line, size_t len)
{
	struct sys_kmsg_record rec;

	if (rd->stopped || !sys_kmsg_parse(line, len, &rec))
		return;
	rd->st->records++;
	if (!rd->each(&rec, rd->arg))
		rd->stopped = true;
}

/* Take every complete line of buf[0..have); returns the bytes left over. */
static size_t kmsg_take_lines(struct kmsg_reader *rd, char *buf, size_t have, size_t cap)
{
	size_t start = 0;

	for (size_t i = 0; i < have && !rd->stopped; i++) {
		if (buf[i] != '\n')
			continue;
		kmsg_take_line(rd, buf + start, i - start);
		start = i + 1;
	}
	if (start > 0) {
		memmove(buf, buf + start, have - start);
		return have - start;
	}
	return have == cap ? 0 : have;  /* a line longer than any record: garbage */
}

/* Read the log at path, record by record, bounded in time and size. */
void sys_kmsg_read(const char *path, int64_t deadline_ms, int max_records,
		   sys_kmsg_fn each, void *arg, struct sys_kmsg_status *st)
{
	struct kmsg_reader rd = { each, arg, max_records > 0 ? max_records : INT_MAX, false, st };
	char buf[KMSG_BUF];
	size_t have = 0;
	long total = 0;
	int fd, reads = 0;

	memset(st, 0, sizeof(*st));
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		st->error = errno;
		return;
	}
	/* From the oldest record still in the ring buffer (or the file start). */
	(void)lseek(fd, 0, SEEK_SET);
	st->readable = true;
	while (!rd.stopped) {
		ssize_t n;

		if (st->records >= rd.max_records || total >= KMSG_MAX_BYTES ||
		    ((++reads & 63) == 0 && clock_ms() >= deadline_ms)) {
			st->truncated = true;
			break;
		}
		n = read(fd, buf + have, sizeof(buf) - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)
			continue;       /* overwritten under us: go on with the next */
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;          /* newest record reached */
		if (n < 0) {
			if (st->records == 0) {
				st->readable = false;
				st->error = errno;
			}
			break;
		}
		if (n == 0)
			break;          /* end of a plain file */
		total += n;
		have = kmsg_take_lines(&rd, buf, have + (size_t)n, sizeof(buf));
	}
	if (have > 0 && !st->truncated)
		kmsg_take_line(&rd, buf, have);  /* last line without newline */
	close(fd);
}
