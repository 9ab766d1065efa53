/* report_save.c - write a report to a file atomically (sys/sys_atomic.h):
 * readers see the old file or the whole new one, never a part. */
#include "report_int.h"

#include <errno.h>

#include "sys_atomic.h"

struct save_job {
	enum report_format fmt;
	const struct checklist *cl;
	const struct catalog *cat;
	const struct report_meta *meta;
};

/* fill() for sys_atomic_write: the report itself. */
static int save_fill(FILE *f, void *arg)
{
	const struct save_job *j = arg;

	return report_write(f, j->fmt, j->cl, j->cat, j->meta);
}

int report_save(const char *path, enum report_format fmt,
		const struct checklist *cl, const struct catalog *cat,
		const struct report_meta *meta)
{
	struct save_job j = { fmt, cl, cat, meta };

	/* A report is for others to read too. */
	return sys_atomic_write(path, 0644, save_fill, &j);
}
