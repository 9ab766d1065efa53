/* net_time.c - dates as servers and certificates spell them, parsed without
 * the locale (month names are English whatever LC_TIME says) into UTC.
 */
#include "network.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Month index 0..11 of an English three-letter abbreviation, else -1. */
static int net_month(const char *s)
{
	static const char *const names[12] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
	};

	for (int i = 0; i < 12; i++)
		if (strncasecmp(s, names[i], 3) == 0 && s[3] == '\0')
			return i;
	return -1;
}

/* Build a UTC time_t from broken-down fields, checking ranges; -1 if bad. */
static time_t net_make_utc(int year, int mon, int day, int h, int m, int s)
{
	struct tm tm;

	if (year < 1970 || year > 9999 || mon < 0 || mon > 11 || day < 1 || day > 31 ||
	    h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = year - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = day;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = s;
	return timegm(&tm);
}

/* A certificate date in OpenSSL or GnuTLS spelling to UTC. */
time_t net_parse_cert_date(const char *s)
{
	char mon[8], zone[8];
	int y, mo, d, h, mi, se, n = 0;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	/* OpenSSL's ASN1_TIME_print: "Jan  2 15:04:05 2027 GMT". */
	if (sscanf(s, "%3s %d %d:%d:%d %d %3s%n", mon, &d, &h, &mi, &se, &y, zone, &n) == 7 &&
	    strcmp(zone, "GMT") == 0 && net_month(mon) >= 0)
		return net_make_utc(y, net_month(mon), d, h, mi, se);
	/* GnuTLS: "2027-01-02 15:04:05 GMT" (the zone may be "UTC"). */
	if (sscanf(s, "%d-%d-%d %d:%d:%d %3s%n", &y, &mo, &d, &h, &mi, &se, zone, &n) == 7 &&
	    (strcmp(zone, "GMT") == 0 || strcmp(zone, "UTC") == 0))
		return net_make_utc(y, mo - 1, d, h, mi, se);
	return -1;
}

/* An HTTP Date: header value to UTC. */
time_t net_parse_http_date(const char *s)
{
	char wd[16], mon[8], zone[8];
	int y, d, h, mi, se;

	if (!s)
		return -1;
	while (*s == ' ' || *s == '\t')
		s++;
	/* RFC 9110 §5.6.7 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
	if (sscanf(s, "%15[A-Za-z], %d %3s %d %d:%d:%d %3s", wd, &d, mon, &y, &h, &mi, &se,
		   zone) == 8 && strcmp(zone, "GMT") == 0 && net_month(mon) >= 0)
		return net_make_utc(y, net_month(mon), d, h, mi, se);
	/* Obsolete RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT". */
	if (sscanf(s, "%15[A-Za-z], %d-%3[A-Za-z]-%d %d:%d:%d %3s", wd, &d, mon, &y, &h, &mi,
		   &se, zone) == 8 && strcmp(zone, "GMT") == 0 && net_month(mon) >= 0) {
		/* RFC 9110: a two-digit year more than 50 years ahead is past. */
		if (y < 100)
			y += y < 70 ? 2000 : 1900;
		return net_make_utc(y, net_month(mon), d, h, mi, se);
	}
	/* asctime: "Sun Nov  6 08:49:37 1994". */
	if (sscanf(s, "%15[A-Za-z] %3s %d %d:%d:%d %d", wd, mon, &d, &h, &mi, &se, &y) == 7 &&
	    net_month(mon) >= 0)
		return net_make_utc(y, net_month(mon), d, h, mi, se);
	return -1;
}
