/* fuzz_kmsg.c - one kernel log record (sys_kmsg_parse), and the power
 * module's reading of its message (power_kmsg_is_undervoltage). */
#include <string.h>

#include "fuzz.h"
#include "power.h"
#include "sys_kmsg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *rec = malloc(size ? size : 1);
	struct sys_kmsg_record r;

	if (!rec)
		abort();
	memcpy(rec, data, size);
	if (sys_kmsg_parse(rec, size, &r)) {
		/* The message lies inside the record. */
		FUZZ_ASSERT(r.msg >= rec && r.msg_len <= size);
		FUZZ_ASSERT((size_t)(r.msg - rec) + r.msg_len <= size);
		(void)power_kmsg_is_undervoltage(r.msg, r.msg_len);
	}
	(void)power_kmsg_is_undervoltage(rec, size);
	free(rec);
	return 0;
}
