/* power_nut.c - a client for NUT's network protocol (upsd, TCP 3493).
 *
 * One command per line; answers are "BEGIN LIST ...", "UPS"/"VAR" lines and
 * "END LIST ...", or "ERR <CODE>" (NUT docs/net-protocol.txt). Every wait is
 * a poll() bounded by the caller's deadline; nothing blocks past it.
 */
#include "power.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "sys_net.h"
#include "sys_resolve.h"

#define NUT_MAX_LIST_LINES 2000   /* a list longer than this is garbage */

/* Split a protocol line into words, undoing quotes and escapes. */
int nut_split_words(const char *line, char words[][NUT_VALUE_MAX], int max)
{
	const char *p = line;
	int n = 0;

	for (;;) {
		size_t len = 0;
		bool quoted = false;

		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '\r' || *p == '\n')
			return n;
		if (n >= max)
			return n;
		if (*p == '"') {
			quoted = true;
			p++;
		}
		while (*p) {
			char ch = *p;

			if (quoted && ch == '"') {
				p++;
				quoted = false;
				break;
			}
			if (!quoted && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'))
				break;
			if (ch == '\\' && p[1] != '\0') {
				p++;
				ch = *p;   /* \" and \\ (and any other escaped char) */
			}
			if (len + 1 < NUT_VALUE_MAX)
				words[n][len++] = ch;
			p++;
		}
		if (quoted)
			return -1;      /* the closing quote never came */
		words[n][len] = '\0';
		n++;
	}
}

/* Milliseconds left before the connection's deadline, at least 0. */
static int nut_left(const struct nut_conn *c)
{
	int64_t left = c->deadline_ms - clock_ms();

	return left > 0 ? (int)(left > 60000 ? 60000 : left) : 0;
}

/* Wait in slices of at most 100 ms so that a cancelled check stops soon. */
int nut_wait(struct nut_conn *c, short events)
{
	for (;;) {
		int left = nut_left(c), r;
		struct pollfd p = { c->fd, events, 0 };

		if (left <= 0 || (c->ctx && probe_cancelled(c->ctx)))
			return 0;
		r = poll(&p, 1, left > 100 ? 100 : left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r != 0)
			return r > 0 ? 1 : -1;
	}
}

/* stop() for sys_resolve: the check was cancelled. */
static bool nut_resolve_stop(void *arg)
{
	const struct probe_ctx *ctx = arg;

	return ctx && probe_cancelled(ctx);
}

/* Resolve host:port, bounded by the deadline; NULL on failure with the
 * reason in why. A numeric address (IPv4 or IPv6) never leaves the
 * process; a name goes through sys_resolve() so that a slow resolver
 * cannot hold us past the deadline. */
static struct addrinfo *nut_resolve(const struct probe_ctx *ctx, const char *host, int port,
				    int64_t deadline_ms, char *why, size_t whylen, char *key,
				    size_t keylen)
{
	struct addrinfo hints, *res = NULL;
	char serv[16], dotted[16];
	uint32_t addr;
	double took;
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	snprintf(serv, sizeof(serv), "%d", port);
	if (getaddrinfo(host, serv, &hints, &res) == 0)
		return res;
	if (deadline_ms - clock_ms() <= 0) {
		snprintf(why, whylen, "no time left for the name lookup");
		snprintf(key, keylen, "error.resolver.no_time");
		return NULL;
	}
	rc = sys_resolve(host, deadline_ms, nut_resolve_stop, (void *)ctx, &addr, &took);
	if (rc != 0) {
		snprintf(why, whylen, "%s", rc == EAI_AGAIN ? "name lookup timed out"
							      : gai_strerror(rc));
		snprintf(key, keylen, "%s", sys_resolve_error_key(rc));
		return NULL;
	}
	sys_ip_format(addr, dotted);
	if (getaddrinfo(dotted, serv, &hints, &res) != 0) {
		snprintf(why, whylen, "%s", strerrordesc_np(ENOMEM));
		snprintf(key, keylen, "error.errno.ENOMEM");
		return NULL;
	}
	return res;
}

/* Non-blocking connect to one address, waiting at most until the deadline. */
static int nut_connect_one(struct nut_conn *c, const struct addrinfo *ai)
{
	int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			ai->ai_protocol);
	int err = 0, r;
	socklen_t el = sizeof(err);

	if (fd < 0) {
		c->sys_errno = errno;
		return -1;
	}
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return fd;
	if (errno != EINPROGRESS) {
		c->sys_errno = errno;
		close(fd);
		return -1;
	}
	c->fd = fd;
	r = nut_wait(c, POLLOUT);
	c->fd = -1;
	if (r <= 0) {
		c->sys_errno = r == 0 ? ETIMEDOUT : errno;
		close(fd);
		return -1;
	}
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) != 0 || err != 0) {
		c->sys_errno = err ? err : errno;
		close(fd);
		return -1;
	}
	return fd;
}

/* Open a TCP connection to upsd, every wait bounded by the deadline. */
enum nut_status nut_connect(struct nut_conn *c, const char *host, int port,
			    int64_t deadline_ms, const struct probe_ctx *ctx)
{
	struct addrinfo *res, *ai;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->deadline_ms = deadline_ms;
	c->ctx = ctx;
	res = nut_resolve(c->ctx, host, port, deadline_ms, c->err, sizeof(c->err), c->err_key,
			  sizeof(c->err_key));
	if (!res)
		return NUT_UNREACHABLE;
	for (ai = res; ai && c->fd < 0 && nut_left(c) > 0; ai = ai->ai_next)
		c->fd = nut_connect_one(c, ai);
	freeaddrinfo(res);
	if (c->fd < 0 && c->sys_errno == 0)
		c->sys_errno = ETIMEDOUT;
	return c->fd >= 0 ? NUT_OK : NUT_UNREACHABLE;
}

/* Say goodbye (best effort) and close. */
void nut_close(struct nut_conn *c)
{
	if (c->fd >= 0) {
		/* Polite goodbye; upsd does not mind if it never arrives. */
		(void)send(c->fd, "LOGOUT\n", 7, MSG_NOSIGNAL | MSG_DONTWAIT);
		close(c->fd);
	}
	c->fd = -1;
}

/* Send a whole command line by the deadline. */
static enum nut_status nut_send(struct nut_conn *c, const char *line)
{
	size_t len = strlen(line), off = 0;

	while (off < len) {
		ssize_t n = send(c->fd, line + off, len - off, MSG_NOSIGNAL);

		if (n > 0) {
			off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (nut_wait(c, POLLOUT) <= 0)
				return NUT_TIMEOUT;
			continue;
		}
		return NUT_CLOSED;
	}
	return NUT_OK;
}

/* Read one line (without its newline) into out by the deadline. */
static enum nut_status nut_read_line(struct nut_conn *c, char *out, size_t len)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->have);

		if (nl) {
			size_t ll = (size_t)(nl - c->buf);

			if (ll >= len || memchr(c->buf, '\0', ll))
				return NUT_GARBAGE;
			memcpy(out, c->buf, ll);
			out[ll] = '\0';
			if (ll > 0 && out[ll - 1] == '\r')
				out[ll - 1] = '\0';
			memmove(c->buf, nl + 1, c->have - ll - 1);
			c->have -= ll + 1;
			return NUT_OK;
		}
		if (c->have >= sizeof(c->buf) || c->have >= len)
			return NUT_GARBAGE;     /* no line is this long */

		if (nut_wait(c, POLLIN) <= 0)
			return NUT_TIMEOUT;
		ssize_t n = recv(c->fd, c->buf + c->have, sizeof(c->buf) - c->have, 0);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return NUT_CLOSED;
		c->have += (size_t)n;
	}
}

/* "ERR <CODE> ..." -> NUT_ERR with c->err set; otherwise NUT_GARBAGE. */
static enum nut_status nut_take_err(struct nut_conn *c, const char *line)
{
	if (strncmp(line, "ERR ", 4) != 0)
		return NUT_GARBAGE;
	snprintf(c->err, sizeof(c->err), "%.*s", (int)strcspn(line + 4, " "), line + 4);
	return NUT_ERR;
}

/* Send cmd and read "BEGIN LIST <what>" ... "END LIST <what>", handing each
 * line in between to take(). */
static enum nut_status nut_list(struct nut_conn *c, const char *cmd, const char *what,
				bool (*take)(char w[][NUT_VALUE_MAX], int nw, void *arg),
				void *arg)
{
	char line[NUT_LINE_MAX], begin[NUT_LINE_MAX], end[NUT_LINE_MAX];
	char (*w)[NUT_VALUE_MAX];
	enum nut_status st = nut_send(c, cmd);

	if (st != NUT_OK)
		return st;
	if ((st = nut_read_line(c, line, sizeof(line))) != NUT_OK)
		return st;
	snprintf(begin, sizeof(begin), "BEGIN LIST %s", what);
	snprintf(end, sizeof(end), "END LIST %s", what);
	if (strcmp(line, begin) != 0)
		return nut_take_err(c, line);
	w = calloc(8, NUT_VALUE_MAX);
	if (!w)
		return NUT_GARBAGE;
	st = NUT_GARBAGE;
	for (int i = 0; i < NUT_MAX_LIST_LINES; i++) {
		enum nut_status r = nut_read_line(c, line, sizeof(line));
		int nw;

		if (r != NUT_OK) {
			st = r;
			break;
		}
		if (strcmp(line, end) == 0) {
			st = NUT_OK;
			break;
		}
		nw = nut_split_words(line, w, 8);
		if (nw < 0 || !take(w, nw, arg))
			break;  /* garbage */
	}
	free(w);
	return st;
}

struct ups_list { struct nut_ups *ups; int max, n; };

/* One "UPS <name> "<description>"" line. */
static bool nut_take_ups(char w[][NUT_VALUE_MAX], int nw, void *arg)
{
	struct ups_list *l = arg;

	if (nw < 2 || strcmp(w[0], "UPS") != 0)
		return false;
	if (l->n < l->max) {
		text_copy(l->ups[l->n].name, sizeof(l->ups[l->n].name), w[1]);
		text_copy(l->ups[l->n].desc, sizeof(l->ups[l->n].desc), nw > 2 ? w[2] : "");
		l->n++;
	}
	return true;
}

/* LIST UPS: the names upsd serves. */
enum nut_status nut_list_ups(struct nut_conn *c, struct nut_ups *ups, int max, int *n)
{
	struct ups_list l = { ups, max, 0 };
	enum nut_status st = nut_list(c, "LIST UPS\n", "UPS", nut_take_ups, &l);

	*n = l.n;
	return st;
}

struct var_list { struct nut_var *vars; int max, n; const char *ups; };

/* One "VAR <ups> <name> "<value>"" line. */
static bool nut_take_var(char w[][NUT_VALUE_MAX], int nw, void *arg)
{
	struct var_list *l = arg;

	if (nw < 4 || strcmp(w[0], "VAR") != 0 || strcmp(w[1], l->ups) != 0)
		return false;
	if (l->n < l->max) {
		text_copy(l->vars[l->n].name, sizeof(l->vars[l->n].name), w[2]);
		text_copy(l->vars[l->n].value, sizeof(l->vars[l->n].value), w[3]);
		l->n++;
	}
	return true;
}

/* LIST VAR: every variable of one UPS. */
enum nut_status nut_list_vars(struct nut_conn *c, const char *ups,
			      struct nut_var *vars, int max, int *n)
{
	struct var_list l = { vars, max, 0, ups };
	char cmd[NUT_LINE_MAX], what[NUT_LINE_MAX];
	enum nut_status st;

	/* A name with blanks, quotes or newlines cannot be a UPS: refuse it
	 * rather than smuggle a second command onto the line. */
	if (!ups[0] || strpbrk(ups, " \t\r\n\"\\")) {
		snprintf(c->err, sizeof(c->err), "UNKNOWN-UPS");
		*n = 0;
		return NUT_ERR;
	}
	snprintf(cmd, sizeof(cmd), "LIST VAR %s\n", ups);
	snprintf(what, sizeof(what), "VAR %s", ups);
	st = nut_list(c, cmd, what, nut_take_var, &l);
	*n = l.n;
	return st;
}

/* GET VAR: one variable of one UPS. */
enum nut_status nut_get_var(struct nut_conn *c, const char *ups,
			    const char *var, char *value, size_t len)
{
	char cmd[NUT_LINE_MAX], line[NUT_LINE_MAX], w[4][NUT_VALUE_MAX];
	enum nut_status st;

	if (!ups[0] || strpbrk(ups, " \t\r\n\"\\") || !var[0] || strpbrk(var, " \t\r\n\"\\")) {
		snprintf(c->err, sizeof(c->err), "INVALID-ARGUMENT");
		return NUT_ERR;
	}
	snprintf(cmd, sizeof(cmd), "GET VAR %s %s\n", ups, var);
	if ((st = nut_send(c, cmd)) != NUT_OK)
		return st;
	if ((st = nut_read_line(c, line, sizeof(line))) != NUT_OK)
		return st;
	if (nut_split_words(line, w, 4) != 4 || strcmp(w[0], "VAR") != 0 ||
	    strcmp(w[1], ups) != 0 || strcmp(w[2], var) != 0)
		return nut_take_err(c, line);
	snprintf(value, len, "%s", w[3]);
	return NUT_OK;
}

/* Look a variable up by name in a LIST VAR answer. */
const char *nut_var_find(const struct nut_var *vars, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(vars[i].name, name) == 0)
			return vars[i].value;
	return NULL;
}
