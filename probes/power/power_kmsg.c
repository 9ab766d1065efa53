/* power_kmsg.c - count under-voltage warnings in the kernel log.
 *
 * The log is read by sys/sys_kmsg_linux.c; this file only says which
 * records are under-voltage warnings and keeps the count.
 */
#include "power.h"

#include <string.h>

#include "sys_kmsg.h"

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

/* Account one record (sys_kmsg_fn). */
static bool kmsg_take_record(const struct sys_kmsg_record *rec, void *arg)
{
	struct power_kmsg_stats *st = arg;

	if (power_kmsg_is_undervoltage(rec->msg, rec->msg_len)) {
		double t = (double)rec->usec / 1e6;

		if (st->undervoltage == 0 || t < st->first_s)
			st->first_s = t;
		if (st->undervoltage == 0 || t > st->last_s)
			st->last_s = t;
		st->undervoltage++;
	} else if (contains_nocase(rec->msg, rec->msg_len, "voltage normalised")) {
		st->normalised++;
	}
	return true;
}

/* Count under-voltage records in the whole log, bounded in time and size. */
void power_kmsg_scan(const char *path, int64_t deadline_ms,
		     struct power_kmsg_stats *st)
{
	struct sys_kmsg_status log;

	memset(st, 0, sizeof(*st));
	sys_kmsg_read(path, deadline_ms, POWER_KMSG_MAX_RECORDS, kmsg_take_record, st, &log);
	st->readable = log.readable;
	st->error = log.error;
	st->records = log.records;
	st->truncated = log.truncated;
}
