/* serial_link.c - the serial.link check: does the terminal answer?
 *
 * Listen briefly (a heartbeat frame is proof of life), then the configured
 * handshake with timeout and retries; no answer at the configured rate: the
 * other try_bauds on the same open fd (no close/reopen, no DTR toggle).
 * Only handshake bytes and the configured status frame are ever sent.
 */
#include "serial.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

#define LINK_LISTEN_MAX_MS 100   /* brief listen before sending; heartbeats are
				 * also heard while waiting for answers */
#define LINK_QUIET_MS      20    /* input quiet this long: the answer is over */
#define LINK_SLICE_MS      100   /* wait in slices to notice cancel */
#define LINK_RESERVE_MS    120   /* kept back for close and report */
#define LINK_HEX_SHOWN     48    /* bytes of a frame shown in detail */

enum link_outcome {
	OUT_OK,          /* the expected answer */
	OUT_ALIVE,       /* a valid frame or ENQ heard: alive at this rate */
	OUT_NAK,
	OUT_GARBLED,     /* bytes, but not a valid answer */
	OUT_SILENT,
	OUT_HANGUP,
	OUT_STOP,        /* cancelled, deadline, or a local error */
};

struct link_run {
	struct probe_ctx *ctx;
	struct check_result *res;
	struct serial_line *ln;
	const struct config *cfg;
	int line_errors;
	int frames_sent;
	int naks;
	uint8_t request[PROTO_FRAME_MAX];
	size_t req_len;
	uint8_t expect[CFG_HEX_MAX];
	size_t exp_len;
	int err;                     /* errno of a local error */
};

/* Listen time before the first frame is sent. */
static int link_listen_ms(const struct config *cfg)
{
	return cfg->serial.timeout_ms < LINK_LISTEN_MAX_MS ? cfg->serial.timeout_ms
							    : LINK_LISTEN_MAX_MS;
}

/* Count of rates tried besides the configured one. */
static int link_other_bauds(const struct config *cfg)
{
	int n = 0;

	for (int i = 0; i < cfg->serial.n_try_bauds; i++)
		n += cfg->serial.try_bauds[i] != cfg->serial.baud;
	return n;
}

/* Budget of serial.link: listen + retries x timeout + one try per other rate. */
int serial_link_budget_ms(const struct config *cfg, int instance)
{
	int per = cfg->serial.timeout_ms + 2 * LINK_QUIET_MS;
	int tries = 1 + (cfg->serial.retries > 0 ? cfg->serial.retries : 0);

	(void)instance;
	/* listen + retries x timeout at the configured rate + one try per
	 * other rate, plus open/close and the port lock. */
	return link_listen_ms(cfg) + tries * per + link_other_bauds(cfg) * per + 2000;
}

/* Log bytes as hex in the detail lines ("tx 05", "rx 06"). */
static void link_log(struct link_run *lr, const char *dir, const uint8_t *b, size_t n)
{
	char hex[LINK_HEX_SHOWN * 3 + 8];

	proto_hex_format(b, n, hex, sizeof(hex));
	result_detail(lr->res, "%s %s", dir, hex);
}

/* Send bytes; false on hang-up or error (lr->err). */
static bool link_send(struct link_run *lr, const uint8_t *b, size_t n)
{
	link_log(lr, "tx", b, n);
	if (serial_sp_write(lr->ln, b, n, lr->cfg->serial.timeout_ms) != 0) {
		lr->err = errno;
		return false;
	}
	return true;
}

/* Whether what was heard so far is a complete answer for the handshake. */
static bool link_answer_complete(const struct link_run *lr, const struct proto_scan *s,
				 const uint8_t *rx, size_t rxlen)
{
	switch (lr->cfg->serial.handshake) {
	case HANDSHAKE_ENQ_ACK:
		return s->acks > 0 || s->naks > 0 || s->frames_ok > 0;
	case HANDSHAKE_STX_ETX_LRC:
		return s->frames_ok > 0 || s->frames_bad > 0 || s->naks > 0;
	case HANDSHAKE_CUSTOM:
		return lr->exp_len ? rxlen >= lr->exp_len || (rxlen > 0 && rx[0] == PROTO_NAK)
				   : rxlen > 0;
	}
	return false;
}

/* Collect input until the answer is complete and the line quiet, or until
 * timeout_ms. Returns OUT_HANGUP, OUT_STOP, or OUT_OK (look at s/rx). */
static enum link_outcome link_collect(struct link_run *lr, struct proto_scan *s,
				      uint8_t *rx, size_t *rxlen, size_t cap,
				      int timeout_ms, bool listen_only)
{
	int64_t end = clock_ms() + timeout_ms, quiet_end = -1;

	for (;;) {
		int64_t now = clock_ms(), stop = quiet_end >= 0 && quiet_end < end ? quiet_end : end;
		int left = (int)(stop - now), w;
		uint8_t buf[256];
		ssize_t n;

		if (probe_cancelled(lr->ctx))
			return OUT_STOP;
		if (left <= 0)
			return OUT_OK;
		w = serial_sp_wait(lr->ln, left < LINK_SLICE_MS ? left : LINK_SLICE_MS);
		if (w == -1)
			return OUT_HANGUP;
		if (w == -2) {
			lr->err = errno;
			return OUT_STOP;
		}
		if (w == 0)
			continue;
		n = serial_sp_read(lr->ln, buf, sizeof(buf));
		if (n < 0) {
			lr->err = errno;
			return serial_port_errno_gone(errno) ? OUT_HANGUP : OUT_STOP;
		}
		proto_scan_feed(s, buf, (size_t)n);
		for (ssize_t i = 0; i < n && *rxlen < cap; i++)
			rx[(*rxlen)++] = buf[i];
		/* Garbage, or a complete answer: wait for the line to go quiet so
		 * trailing bytes are judged too. */
		if ((!listen_only && link_answer_complete(lr, s, rx, *rxlen)) ||
		    (listen_only && s->frames_ok > 0) || s->garbage)
			quiet_end = clock_ms() + LINK_QUIET_MS;
	}
}

/* Judge what one attempt heard. */
static enum link_outcome link_judge(const struct link_run *lr, const struct proto_scan *s,
				    const uint8_t *rx, size_t rxlen)
{
	bool clean = s->garbage == 0 && s->frames_bad == 0;

	if (rxlen == 0)
		return OUT_SILENT;
	switch (lr->cfg->serial.handshake) {
	case HANDSHAKE_ENQ_ACK:
		if (rx[0] == PROTO_ACK && clean)
			return OUT_OK;
		break;
	case HANDSHAKE_STX_ETX_LRC:
		if (s->frames_ok > 0 && clean && s->naks == 0)
			return OUT_OK;
		/* An ACK without the reply frame: it heard us at this rate. */
		if (s->acks > 0 && clean && s->naks == 0 && s->frames_ok == 0)
			return OUT_ALIVE;
		break;
	case HANDSHAKE_CUSTOM:
		if (lr->exp_len == 0 || (rxlen >= lr->exp_len && memcmp(rx, lr->expect, lr->exp_len) == 0))
			return OUT_OK;
		if (rx[0] == PROTO_NAK)
			return OUT_NAK;
		return OUT_GARBLED;
	}
	if (s->naks > 0 && clean)
		return OUT_NAK;
	if (clean && (s->frames_ok > 0 || s->enqs > 0))
		return OUT_ALIVE;
	return OUT_GARBLED;
}

/* One request and its answer at the current rate. */
static enum link_outcome link_attempt(struct link_run *lr, int timeout_ms)
{
	struct proto_scan s;
	uint8_t rx[PROTO_FRAME_MAX];
	size_t rxlen = 0;
	enum link_outcome out;

	proto_scan_init(&s);
	if (!link_send(lr, lr->request, lr->req_len))
		return serial_port_errno_gone(lr->err) ? OUT_HANGUP : OUT_STOP;
	lr->frames_sent++;
	out = link_collect(lr, &s, rx, &rxlen, sizeof(rx), timeout_ms, false);
	if (rxlen)
		link_log(lr, "rx", rx, rxlen < LINK_HEX_SHOWN ? rxlen : LINK_HEX_SHOWN);
	if (lr->cfg->serial.handshake == HANDSHAKE_CUSTOM) {
		if (out == OUT_OK && rxlen && link_judge(lr, &s, rx, rxlen) == OUT_GARBLED)
			lr->line_errors++;
	} else {
		lr->line_errors += proto_scan_errors(&s);
	}
	lr->naks += s.naks;
	if (out != OUT_OK)
		return out;
	out = link_judge(lr, &s, rx, rxlen);
	if (out == OUT_OK && lr->cfg->serial.handshake == HANDSHAKE_STX_ETX_LRC) {
		static const uint8_t ack = PROTO_ACK;

		if (!link_send(lr, &ack, 1))   /* acknowledge the reply frame */
			return serial_port_errno_gone(lr->err) ? OUT_HANGUP : OUT_STOP;
	}
	if (out == OUT_OK && lr->cfg->serial.handshake != HANDSHAKE_CUSTOM) {
		static const uint8_t eot = PROTO_EOT;

		if (!link_send(lr, &eot, 1))   /* end of transmission */
			return serial_port_errno_gone(lr->err) ? OUT_HANGUP : OUT_STOP;
	}
	return out;
}

/* Time for the next wait: the timeout, cut to what the deadline leaves. */
static int link_slot_ms(struct link_run *lr, int want)
{
	int left = probe_remaining_ms(lr->ctx) - LINK_RESERVE_MS;

	return left < want ? left : want;
}

/* Listen before sending: a heartbeat is proof of life. */
static enum link_outcome link_listen(struct link_run *lr)
{
	struct proto_scan s;
	uint8_t rx[PROTO_FRAME_MAX];
	size_t rxlen = 0;
	int ms = link_slot_ms(lr, link_listen_ms(lr->cfg));
	enum link_outcome out;

	if (ms <= 0)
		return OUT_SILENT;
	proto_scan_init(&s);
	out = link_collect(lr, &s, rx, &rxlen, sizeof(rx), ms, true);
	if (rxlen)
		link_log(lr, "rx", rx, rxlen < LINK_HEX_SHOWN ? rxlen : LINK_HEX_SHOWN);
	lr->line_errors += proto_scan_errors(&s);
	if (out != OUT_OK)
		return out;
	if (s.frames_ok > 0 && s.frames_bad == 0 && s.garbage == 0) {
		result_detail(lr->res, "heartbeat heard");
		return OUT_ALIVE;
	}
	return rxlen ? OUT_GARBLED : OUT_SILENT;
}

/* Build the request from the config: ENQ, a framed payload, or hex. */
static bool link_build_request(struct link_run *lr)
{
	const char *req = lr->cfg->serial.request;
	int n;

	switch (lr->cfg->serial.handshake) {
	case HANDSHAKE_ENQ_ACK:
		lr->request[0] = PROTO_ENQ;
		lr->req_len = 1;
		return true;
	case HANDSHAKE_STX_ETX_LRC:
		lr->req_len = proto_frame_build((const uint8_t *)req, strlen(req),
						lr->request, sizeof(lr->request));
		return lr->req_len > 0;
	case HANDSHAKE_CUSTOM:
		n = proto_hex_parse(req, lr->request, sizeof(lr->request));
		if (n <= 0)
			return false;
		lr->req_len = (size_t)n;
		n = proto_hex_parse(lr->cfg->serial.expect, lr->expect, sizeof(lr->expect));
		if (n < 0)
			return false;
		lr->exp_len = (size_t)n;
		return true;
	}
	return false;
}

/* Handshake at the configured rate with retries. Returns the best outcome
 * seen (OK > ALIVE > NAK > GARBLED > SILENT), or HANGUP/STOP at once. */
static enum link_outcome link_configured(struct link_run *lr, int *tries_done)
{
	int tries = 1 + (lr->cfg->serial.retries > 0 ? lr->cfg->serial.retries : 0);
	enum link_outcome best = OUT_SILENT;

	for (int i = 0; i < tries; i++) {
		int ms = link_slot_ms(lr, lr->cfg->serial.timeout_ms);
		enum link_outcome o;

		if (ms <= 0)
			break;
		o = link_attempt(lr, ms);
		*tries_done = i + 1;
		probe_progress(lr->ctx, i + 1, tries + link_other_bauds(lr->cfg));
		if (o == OUT_OK || o == OUT_ALIVE || o == OUT_HANGUP || o == OUT_STOP)
			return o;
		if (o < best)
			best = o;
	}
	return best;
}

/* Try the other rates on the same fd; returns the rate that answered, 0
 * when none did, -1 on hang-up, -2 on stop. */
static int link_search(struct link_run *lr)
{
	char eb[SERIAL_ERRTEXT_MAX];
	int step = 0;

	for (int i = 0; i < lr->cfg->serial.n_try_bauds; i++) {
		int b = lr->cfg->serial.try_bauds[i], ms;
		enum link_outcome o;

		if (b == lr->cfg->serial.baud)
			continue;
		ms = link_slot_ms(lr, lr->cfg->serial.timeout_ms);
		if (ms <= 0)
			return 0;
		result_detail(lr->res, "baud %d", b);
		if (serial_sp_set_baud(lr->ln, b) != 0) {
			result_detail(lr->res, "baud %d refused: %s", b, errno_text(errno, eb, sizeof(eb)));
			continue;
		}
		o = link_attempt(lr, ms);
		probe_progress(lr->ctx, ++step, link_other_bauds(lr->cfg));
		if (o == OUT_OK || o == OUT_ALIVE)
			return b;
		if (o == OUT_HANGUP)
			return -1;
		if (o == OUT_STOP)
			return -2;
	}
	return 0;
}

/* Count what the UART itself saw go wrong during the check (TIOCGICOUNT:
 * frame, parity and overrun errors), when it keeps counters. */
static void link_add_uart_errors(struct link_run *lr, const struct serial_counters *a,
				 const struct serial_counters *b)
{
	long frame = b->frame - a->frame, parity = b->parity - a->parity;
	long overrun = (b->overrun - a->overrun) + (b->buf_overrun - a->buf_overrun);

	result_metric(lr->res, "uart_frame_errors", (double)frame);
	result_metric(lr->res, "uart_parity_errors", (double)parity);
	result_metric(lr->res, "uart_overruns", (double)overrun);
	if (frame + parity + overrun > 0)
		result_detail(lr->res, "uart errors: frame %ld parity %ld overrun %ld",
			      frame, parity, overrun);
	lr->line_errors += (int)(frame + parity + overrun);
}

/* Fill the result from the outcome at the configured rate and the search. */
static void link_verdict(struct link_run *lr, enum link_outcome at_cfg, int found)
{
	struct check_result *res = lr->res;

	result_metric(res, "line_errors", lr->line_errors);
	result_metric(res, "frames_sent", lr->frames_sent);
	result_metric(res, "baud", lr->cfg->serial.baud);
	if (lr->frames_sent == 0 && at_cfg != OUT_OK && at_cfg != OUT_ALIVE) {
		/* Opening (the port lock, another check on the port) used the
		 * budget before one request could go out: the terminal was never
		 * asked, so this is no "no answer". */
		result_set(res, STATUS_FAIL, "check.timeout");
		result_arg(res, "timeout_s", "%.1f",
			   serial_link_budget_ms(lr->cfg, lr->ctx->instance) / 1000.0);
		result_detail(res, "no request sent: the time ran out before the handshake");
		return;
	}
	if (at_cfg == OUT_OK || at_cfg == OUT_ALIVE) {
		if (lr->line_errors > lr->cfg->serial.line_errors_warn) {
			result_set(res, STATUS_WARN, "serial.line_errors");
			result_metric(res, "line_errors_warn", lr->cfg->serial.line_errors_warn);
		} else {
			result_set(res, STATUS_OK, "serial.ok");
		}
		return;
	}
	if (found > 0) {
		result_set(res, STATUS_FAIL, "serial.baud_mismatch");
		result_metric(res, "detected_baud", found);
		return;
	}
	if (at_cfg == OUT_NAK) {
		result_set(res, STATUS_FAIL, "serial.nak");
		result_metric(res, "naks", lr->naks);
	} else if (lr->line_errors > 0) {
		result_set(res, STATUS_FAIL, "serial.line_errors");
		result_metric(res, "line_errors_warn", lr->cfg->serial.line_errors_warn);
	} else {
		result_set(res, STATUS_FAIL, "serial.no_response");
		result_metric(res, "timeout_ms", lr->cfg->serial.timeout_ms);
	}
}

/* Fill the result for a run that could not finish. */
static void link_interrupted(struct link_run *lr, enum link_outcome o)
{

	result_metric(lr->res, "line_errors", lr->line_errors);
	result_metric(lr->res, "frames_sent", lr->frames_sent);
	if (o == OUT_HANGUP) {
		result_set(lr->res, STATUS_FAIL, "serial.hangup");
		result_detail(lr->res, "hang-up: the port went away");
	} else {
		/* Cancelled runs are relabelled by the runner. */
		result_set(lr->res, STATUS_FAIL, "serial.open_failed");
		result_errno(lr->res, lr->err ? lr->err : EIO);
	}
}

/* serial.link: choose, open, listen, handshake, rate search, close, verdict. */
void serial_link_run(struct probe_ctx *ctx, struct check_result *res)
{
	struct serial_portinfo info;
	struct serial_line ln;
	struct link_run lr;
	struct serial_counters c0, c1;
	enum link_outcome o;
	int tries = 0, found = 0;
	bool have_counters;

	memset(&lr, 0, sizeof(lr));
	lr.ctx = ctx;
	lr.res = res;
	lr.ln = &ln;
	lr.cfg = ctx->cfg;
	if (!link_build_request(&lr)) {
		result_set(res, STATUS_FAIL, "serial.bad_setting");
		result_arg(res, "setting", "%s", "request/expect (hex bytes)");
		return;
	}
	if (!serial_port_choose(ctx->cfg, &info, res, false))
		return;
	if (!serial_port_open(ctx, &info, &ln, res, true))
		return;
	have_counters = serial_sp_counters(&ln, &c0) == 0;
	o = link_listen(&lr);
	if (o != OUT_ALIVE && o != OUT_HANGUP && o != OUT_STOP)
		o = link_configured(&lr, &tries);
	result_metric(res, "tries", tries);
	if (o == OUT_HANGUP || o == OUT_STOP) {
		link_interrupted(&lr, o);
		serial_sp_close(&ln);
		return;
	}
	if (o != OUT_OK && o != OUT_ALIVE) {
		found = link_search(&lr);
		if (found < 0) {
			link_interrupted(&lr, found == -1 ? OUT_HANGUP : OUT_STOP);
			serial_sp_close(&ln);
			return;
		}
	}
	if (have_counters && serial_sp_counters(&ln, &c1) == 0)
		link_add_uart_errors(&lr, &c0, &c1);
	serial_sp_close(&ln);
	link_verdict(&lr, o, found);
}
