/* sys_kmsg.h - the kernel log (Linux: /dev/kmsg), read to its newest record
 * without blocking, one callback a record. Any thread; no globals.
 *
 * /dev/kmsg hands out one record per read(), "prio,seq,usec,flags;message"
 * followed by optional " KEY=value" lines (the kernel's
 * Documentation/ABI/testing/dev-kmsg). A plain file of such records (a test
 * fixture, a saved log) reads the same way: lines are split here, so several
 * records per read() are fine.
 */
#ifndef POSDOCTOR_SYS_KMSG_H
#define POSDOCTOR_SYS_KMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One record; msg points into the bytes parsed (not terminated). */
struct sys_kmsg_record {
	uint64_t prio;          /* syslog facility * 8 + level */
	uint64_t seq;           /* the kernel's sequence number */
	uint64_t usec;          /* microseconds since boot */
	const char *msg;        /* the text, trailing CR/LF dropped */
	size_t msg_len;
};

/* How a read of the log went. */
struct sys_kmsg_status {
	bool readable;          /* the log could be opened and read */
	int error;              /* errno when not readable */
	int records;            /* records handed to the callback */
	bool truncated;         /* stopped at the deadline, a size or record cap */
};

/* Called for each record; return false to stop reading. */
typedef bool (*sys_kmsg_fn)(const struct sys_kmsg_record *rec, void *arg);

/* Parse one record "prio,seq,usec,flags;message" of len bytes. False when
 * it is not one (continuation lines " KEY=value" included). */
bool sys_kmsg_parse(const char *rec, size_t len, struct sys_kmsg_record *out);

/* Read every record of path (/dev/kmsg or a plain file of records) from the
 * oldest one, never blocking, calling each(rec, arg) for each; stops at the
 * newest record, when each returns false, after max_records records (<= 0:
 * no cap), or by deadline_ms (clock_ms()). */
void sys_kmsg_read(const char *path, int64_t deadline_ms, int max_records,
		   sys_kmsg_fn each, void *arg, struct sys_kmsg_status *st);

#endif
