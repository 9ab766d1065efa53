/* fuzz_system.c - the system module's readers of outside text: a
 * mountinfo line, /proc/meminfo, /proc/PID/stat, an out-of-memory kernel
 * message, a udev rule line and a modprobe.d line. */
#include <string.h>

#include "fuzz.h"
#include "sys_host.h"
#include "system.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size), name[16];
	struct sys_mount m;
	struct sys_meminfo mi;
	unsigned long long ticks;
	char state;
	long pid;

	if (sys_mountinfo_parse_line(s, &m)) {
		FUZZ_ASSERT(m.point[0] == '/');
		FUZZ_ASSERT(strlen(m.point) < sizeof(m.point));
		FUZZ_ASSERT(strlen(m.source) < sizeof(m.source));
	}
	if (sys_meminfo_parse(s, &mi))
		FUZZ_ASSERT(mi.total_kb > 0);
	if (sys_proc_stat_parse(s, &state, &ticks))
		FUZZ_ASSERT(state != '\0' && strrchr(s, ')'));
	/* The raw bytes, NULs and all, bounded by size. */
	if (system_oom_parse((const char *)data, size, &pid, name, sizeof(name))) {
		FUZZ_ASSERT(pid >= 0 && strlen(name) > 0 && strlen(name) < sizeof(name));
		for (const char *c = name; *c; c++)
			FUZZ_ASSERT((unsigned char)*c >= 0x20 && *c != 0x7f);
	}
	(void)system_udev_line_matches(s, 0x1a86, 0x7523);
	(void)system_modprobe_line_blocks(s, "ch341");
	free(s);
	return 0;
}
