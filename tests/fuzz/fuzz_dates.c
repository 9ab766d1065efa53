/* fuzz_dates.c - an HTTP Date: header value (net_parse_http_date) and a
 * certificate's notAfter text (net_parse_cert_date), as
 * probes/network/net_time.c reads them. What parses as a date prints back
 * as an IMF-fixdate that parses to the same time. */
#include <string.h>
#include <time.h>

#include "fuzz.h"
#include "network.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size), back[64];
	time_t t = net_parse_http_date(s);
	struct tm tm;

	if (t != (time_t)-1 && gmtime_r(&t, &tm) && tm.tm_year >= -1899 &&
	    tm.tm_year <= 9999 - 1900 &&
	    strftime(back, sizeof(back), "%a, %d %b %Y %H:%M:%S GMT", &tm) > 0)
		FUZZ_ASSERT(net_parse_http_date(back) == t);
	(void)net_parse_cert_date(s);
	free(s);
	return 0;
}
