/* power_apcupsd.c - apcupsd's Network Information Server (TCP 3551).
 *
 * Every message either way is a 2-byte big-endian length and that many
 * bytes; the client sends "status", the server answers one "KEY : value"
 * line per message and ends with a zero-length message (apcupsd manual,
 * "NIS Network Server"; src/lib/apclibnis.c frames it the same way).
 */
#include "power.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>


#define APC_MAX_LINES 200       /* apcupsd sends ~50; more is garbage */

/* Read exactly len bytes by the deadline. */
static enum nut_status apc_read_full(struct nut_conn *c, unsigned char *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n;

		if (nut_wait(c, POLLIN) <= 0)
			return NUT_TIMEOUT;
		n = recv(c->fd, buf + got, len - got, 0);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return NUT_CLOSED;
		got += (size_t)n;
	}
	return NUT_OK;
}

/* Map apcupsd's STATUS words onto NUT's flags. */
static unsigned apc_status_flags(const char *status, char *unknown, size_t len)
{
	static const struct { const char *word; unsigned flag; } words[] = {
		{ "ONLINE", UPS_OL }, { "ONBATT", UPS_OB }, { "LOWBATT", UPS_LB },
		{ "REPLACEBATT", UPS_RB }, { "OVERLOAD", UPS_OVER },
		{ "COMMLOST", UPS_COMMLOST }, { "SHUTTING", UPS_FSD },
		{ "DOWN", 0 }, { "CAL", UPS_CAL }, { "TRIM", UPS_TRIM },
		{ "BOOST", UPS_BOOST }, { "NOBATT", UPS_ALARM }, { "SLAVE", 0 },
		{ "SLAVEDOWN", UPS_COMMLOST },
	};
	const char *p = status;
	unsigned flags = 0;
	size_t used = 0;

	unknown[0] = '\0';
	while (*p) {
		size_t wl;
		bool known = false;

		while (*p == ' ')
			p++;
		wl = strcspn(p, " ");
		if (wl == 0)
			break;
		for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
			if (strlen(words[i].word) == wl && strncmp(p, words[i].word, wl) == 0) {
				flags |= words[i].flag;
				known = true;
			}
		}
		if (!known && used + wl + 2 < len)
			used += (size_t)snprintf(unknown + used, len - used, "%s%.*s",
						 used ? " " : "", (int)wl, p);
		p += wl;
	}
	return flags;
}

/* The number at the start of "87.0 Percent"; -1 when there is none. */
static double apc_number(const char *v)
{
	char *end;
	double d = strtod(v, &end);

	return end == v || d < 0 ? -1 : d;
}

/* Take the fields posdoctor uses from one status line. */
void apcupsd_parse_line(const char *line, struct ups_reading *rd)
{
	char key[16], value[128];
	const char *colon = strchr(line, ':');
	size_t kl, vl;

	if (!colon)
		return;
	kl = (size_t)(colon - line);
	while (kl > 0 && line[kl - 1] == ' ')
		kl--;
	if (kl == 0 || kl >= sizeof(key))
		return;
	memcpy(key, line, kl);
	key[kl] = '\0';
	colon++;
	while (*colon == ' ')
		colon++;
	vl = strcspn(colon, "\r\n");
	while (vl > 0 && colon[vl - 1] == ' ')
		vl--;
	snprintf(value, sizeof(value), "%.*s", (int)vl, colon);

	if (strcmp(key, "UPSNAME") == 0) {
		text_copy(rd->name, sizeof(rd->name), value);
	} else if (strcmp(key, "STATUS") == 0) {
		text_copy(rd->status, sizeof(rd->status), value);
		rd->flags = apc_status_flags(value, rd->unknown, sizeof(rd->unknown));
	} else if (strcmp(key, "BCHARGE") == 0) {
		rd->charge_pct = apc_number(value);
	} else if (strcmp(key, "TIMELEFT") == 0) {
		double m = apc_number(value);       /* "45.0 Minutes" */

		rd->runtime_s = m < 0 ? -1 : m * 60.0;
	} else if (strcmp(key, "LINEV") == 0) {
		rd->input_v = apc_number(value);
	} else if (strcmp(key, "LOADPCT") == 0) {
		rd->load_pct = apc_number(value);
	}
}

/* A reading with nothing known yet. */
static void apc_reading_init(struct ups_reading *rd)
{
	memset(rd, 0, sizeof(*rd));
	snprintf(rd->source, sizeof(rd->source), "apcupsd");
	snprintf(rd->name, sizeof(rd->name), "apcupsd");
	rd->charge_pct = rd->runtime_s = rd->input_v = rd->load_pct = -1;
}

/* Read the framed status answer on c->fd into rd (see power.h). */
enum nut_status apcupsd_read_status(struct nut_conn *c, struct ups_reading *rd)
{
	unsigned char hdr[2], line[1024];
	enum nut_status st = NUT_GARBAGE;

	apc_reading_init(rd);
	for (int i = 0; i <= APC_MAX_LINES; i++) {
		size_t len;

		if (i == APC_MAX_LINES) {
			snprintf(c->err, sizeof(c->err), "too many lines");
			snprintf(c->err_key, sizeof(c->err_key), "error.ups.too_long");
			st = NUT_GARBAGE;
			break;
		}
		if ((st = apc_read_full(c, hdr, 2)) != NUT_OK)
			break;
		len = (size_t)hdr[0] << 8 | hdr[1];
		if (len == 0) {
			st = rd->status[0] ? NUT_OK : NUT_GARBAGE;
			if (st != NUT_OK) {
				snprintf(c->err, sizeof(c->err), "no STATUS line");
				snprintf(c->err_key, sizeof(c->err_key), "error.ups.no_status");
			}
			break;
		}
		if (len >= sizeof(line)) {
			snprintf(c->err, sizeof(c->err), "frame of %zu bytes", len);
			snprintf(c->err_key, sizeof(c->err_key), "error.ups.too_long");
			st = NUT_GARBAGE;
			break;
		}
		if ((st = apc_read_full(c, line, len)) != NUT_OK)
			break;
		line[len] = '\0';
		if (memchr(line, '\0', len)) {
			snprintf(c->err, sizeof(c->err), "binary data in a line");
			snprintf(c->err_key, sizeof(c->err_key), "error.ups.garbage");
			st = NUT_GARBAGE;
			break;
		}
		apcupsd_parse_line((const char *)line, rd);
	}
	return st;
}

/* Ask apcupsd for its status and parse the framed answer into rd. */
enum nut_status apcupsd_read(struct nut_conn *c, const char *host, int port,
			     int64_t deadline_ms, const struct probe_ctx *ctx,
			     struct ups_reading *rd)
{
	static const unsigned char request[] = { 0, 6, 's', 't', 'a', 't', 'u', 's' };
	enum nut_status st = NUT_GARBAGE;
	size_t off = 0;

	apc_reading_init(rd);
	if (nut_connect(c, host, port, deadline_ms, ctx) != NUT_OK)
		return NUT_UNREACHABLE;
	while (off < sizeof(request)) {
		ssize_t n = send(c->fd, request + off, sizeof(request) - off, MSG_NOSIGNAL);

		if (n > 0) {
			off += (size_t)n;
		} else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (nut_wait(c, POLLOUT) <= 0) {
				st = NUT_TIMEOUT;
				goto out;
			}
		} else {
			st = NUT_CLOSED;
			goto out;
		}
	}
	st = apcupsd_read_status(c, rd);
out:
	close(c->fd);
	c->fd = -1;
	return st;
}
