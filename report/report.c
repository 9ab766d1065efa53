/* report.c - picks the writer for a format (report_text.c, report_json.c,
 * report_prom.c). The writers share the helpers of report_common.c; none
 * of them calls back here. */
#include "report_int.h"

#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <string.h>

/* "text", "json", "prometheus" -> the format. */
bool report_format_parse(const char *s, enum report_format *out)
{
	if (!s)
		return false;
	if (strcmp(s, "text") == 0) *out = REPORT_TEXT;
	else if (strcmp(s, "json") == 0) *out = REPORT_JSON;
	else if (strcmp(s, "prometheus") == 0) *out = REPORT_PROMETHEUS;
	else return false;
	return true;
}

static locale_t c_numeric = (locale_t)0;
static pthread_once_t c_numeric_once = PTHREAD_ONCE_INIT;

/* The program's locale with LC_NUMERIC from "C"; made once, kept for the
 * life of the process (newlocale is not free: it reads LOCPATH). */
static void c_numeric_make(void)
{
	locale_t base = duplocale(LC_GLOBAL_LOCALE);

	if (base) {
		c_numeric = newlocale(LC_NUMERIC_MASK, "C", base);
		if (!c_numeric)
			freelocale(base);   /* newlocale failed and left base alone */
	}
}

/* Write the report with the format's writer, numbers in the C locale. */
int report_write(FILE *out, enum report_format fmt, const struct checklist *cl,
		 const struct catalog *cat, const struct report_meta *meta)
{
	locale_t old = (locale_t)0;
	int rc = -1, saved;

	/* Numbers in JSON and Prometheus need '.' whatever LC_NUMERIC says;
	 * the other categories stay as the program set them. */
	pthread_once(&c_numeric_once, c_numeric_make);
	if (c_numeric)
		old = uselocale(c_numeric);
	errno = 0;
	if (!out || !cl || !meta)
		errno = EINVAL;
	else if (fmt == REPORT_TEXT)
		rc = report_write_text(out, cl, cat, meta);
	else if (fmt == REPORT_JSON)
		rc = report_write_json(out, cl, cat, meta);
	else if (fmt == REPORT_PROMETHEUS)
		rc = report_write_prom(out, cl, cat, meta);
	else
		errno = EINVAL;
	if (rc == 0 && ferror(out)) {
		if (!errno)
			errno = EIO;
		rc = -1;
	}
	saved = errno;
	if (c_numeric)
		uselocale(old);
	errno = saved;
	return rc;
}
