/* power_kmsg_linux.c - count under-voltage warnings in the kernel log.
 *
 * /dev/kmsg hands out one record per read(), "prio,seq,usec,flags;message"
 * followed by optional " KEY=value" lines (Documentation/ABI/testing/
 * dev-kmsg). Opened non-blocking, it says EAGAIN after the newest record
 * and EPIPE when a record was overwritten while we read. A plain file of
 * such records (a test fixture, a saved log) reads the same way: lines are
 * split here, so several records per read() are fine.
 */
#include "power.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"

#define KMSG_BUF        16384           /* > the kernel's 1024-byte records */
#define KMSG_MAX_BYTES  (64L << 20)     /* never read more than this */

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

/* Split a record into its timestamp and message. */
bool power_kmsg_parse(const char *rec, size_t len, uint64_t *usec,
		      const char **msg, size_t *msg_len)
{
	const char *p = rec, *end = rec + len, *semi;
	uint64_t prio, seq, us;

	if (!parse_u64(&p, end, &prio) || p >= end || *p++ != ',')
		return false;
	if (!parse_u64(&p, end, &seq) || p >= end || *p++ != ',')
		return false;
	if (!parse_u64(&p, end, &us) || p >= end || *p++ != ',')
		return false;
	/* flags, then possibly more comma fields, up to the ';'. */
	semi = memchr(p, ';', (size_t)(end - p));
	if (!semi)
		return false;
	for (const char *q = p; q < semi; q++)
		if (isspace((unsigned char)*q))
			return false;
	*usec = us;
	*msg = semi + 1;
	*msg_len = (size_t)(end - semi - 1);
	while (*msg_len > 0 && ((*msg)[*msg_len - 1] == '\n' || (*msg)[*msg_len - 1] == '\r'))
		(*msg_len)--;
	return true;
}

/* Case-insensitive search for needle in the first len bytes of hay. */
static bool contains_nocase(const char *hay, size_t len, const char *needle)
{
	size_t nl = strlen(needle);

	for (size_t i = 0; i + nl <= len; i++)
		if (strncasecmp(hay + i, needle, nl) == 0)
			return true;
	return false;
}

/* Does this message report an under-voltage? */
bool power_kmsg_is_undervoltage(const char *msg, size_t len)
{
	/* drivers/firmware/raspberrypi.c (downstream): "Under-voltage
	 * detected! (0x00050005)"; drivers/hwmon/raspberrypi-hwmon.c:
	 * "Undervoltage detected!". */
	return contains_nocase(msg, len, "under-voltage detected") ||
	       contains_nocase(msg, len, "undervoltage detected");
}

/* Account one line (a record or a continuation line). */
static void kmsg_take_line(const char *line, size_t len, struct power_kmsg_stats *st)
{
	const char *msg;
	size_t mlen;
	uint64_t us;

	if (!power_kmsg_parse(line, len, &us, &msg, &mlen))
		return;
	st->records++;
	if (power_kmsg_is_undervoltage(msg, mlen)) {
		double t = (double)us / 1e6;

		if (st->undervoltage == 0 || t < st->first_s)
			st->first_s = t;
		if (st->undervoltage == 0 || t > st->last_s)
			st->last_s = t;
		st->undervoltage++;
	} else if (contains_nocase(msg, mlen, "voltage normalised")) {
		st->normalised++;
	}
}

/* Count under-voltage records in the whole log, bounded in time and size. */
void power_kmsg_scan(const char *path, int64_t deadline_ms,
		     struct power_kmsg_stats *st)
{
	static const size_t cap = KMSG_BUF;
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
	for (;;) {
		ssize_t n;

		if (st->records >= POWER_KMSG_MAX_RECORDS || total >= KMSG_MAX_BYTES ||
		    ((++reads & 63) == 0 && clock_ms() >= deadline_ms)) {
			st->truncated = true;
			break;
		}
		n = read(fd, buf + have, cap - have);
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
		have += (size_t)n;
		/* Take every complete line; keep the tail for the next read. */
		size_t start = 0;
		for (size_t i = 0; i < have; i++) {
			if (buf[i] != '\n')
				continue;
			kmsg_take_line(buf + start, i - start, st);
			start = i + 1;
		}
		if (start > 0) {
			memmove(buf, buf + start, have - start);
			have -= start;
		} else if (have == cap) {
			have = 0;       /* a line longer than any record: garbage */
		}
	}
	if (have > 0 && !st->truncated)
		kmsg_take_line(buf, have, st);  /* last line without newline */
	close(fd);
}
