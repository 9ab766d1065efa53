/* serial_link.c - the serial.link check: does the terminal answer, in which
 * protocol, at which speed and framing?
 *
 * What is already queued is read first (a heartbeat frame is proof of
 * life), then the configured protocol's exchange with timeout and retries.
 * No answer at the configured settings: the other speeds (try_bauds) and
 * framings (8N1, 7E1, 8N2; the protocol's own first) on the same open fd
 * (no close/reopen, no DTR toggle), within a bounded time. Then, for a named
 * protocol that met silence everywhere, the other protocols at the
 * configured speed, to tell "the terminal speaks another protocol" from
 * "no answer".
 *
 * Only these ever go out (serial.h): ENQ, EOT, ACK, NAK; the configured STX
 * frame or custom bytes; the ZVT status enquiry (05 01) and the ZVT
 * application acknowledgement (80 00). None of them starts a payment.
 */
#include "serial.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

#define LINK_LISTEN_MS     0     /* read what is queued; heartbeats are also
				  * heard while waiting for answers */
#define LINK_QUIET_MIN_MS  3     /* input quiet this long (plus 3 character
				  * times): the answer is over */
#define LINK_SLICE_MS      100   /* wait in slices to notice cancel */
#define LINK_RESERVE_MS    120   /* kept back for close and report */
#define LINK_HEX_SHOWN     48    /* bytes of a frame shown in detail */
#define LINK_SEARCH_TRY_MS 100   /* wait for an answer at a searched setting */
#define LINK_SEARCH_MAX_MS 4000  /* the whole speed x framing search at most */
#define LINK_ZVT_FRAMES    8     /* terminal messages answered after the ACK */
#define LINK_TCP_QUIET_MS  5     /* socket quiet this long after an answer: it is over */

enum link_outcome {
	OUT_OK,          /* the expected answer */
	OUT_ALIVE,       /* a valid frame or ENQ heard: alive at this setting */
	OUT_ACK_ONLY,    /* ZVT: transport ACK, no application answer */
	OUT_NAK,
	OUT_GARBLED,     /* bytes, but not a valid answer */
	OUT_SILENT,
	OUT_HANGUP,
	OUT_STOP,        /* cancelled, deadline, or a local error */
};

/* A line framing: data bits, parity, stop bits. */
struct link_framing {
	int data_bits;
	char parity;
	int stop_bits;
};

struct link_run {
	struct probe_ctx *ctx;
	struct check_result *res;
	struct serial_line *ln;
	const struct config *cfg;
	int line_errors;
	int frames_sent;
	int naks;
	int naks_cfg;                /* naks at the configured settings */
	int baud;                    /* the rate set now */
	enum cfg_handshake answered; /* protocol of the last OK/ALIVE answer */
	bool unknown_bytes;          /* bytes that fit no protocol came back */
	uint8_t expect[CFG_HEX_MAX];
	size_t exp_len;
	int err;                     /* errno of a local error */
};

/* What a protocol is called in reports. */
static const char *link_proto_name(enum cfg_handshake p)
{
	switch (p) {
	case HANDSHAKE_ENQ_ACK: return "enq-ack";
	case HANDSHAKE_STX_ETX_LRC: return "stx-etx-lrc";
	case HANDSHAKE_CUSTOM: return "custom";
	case HANDSHAKE_ZVT: return "zvt";
	case HANDSHAKE_CONCERT: return "concert";
	case HANDSHAKE_AUTO: return "auto";
	}
	return "?";
}

/* "8N1" for a framing. */
static void link_framing_text(const struct link_framing *f, char *out, size_t len)
{
	snprintf(out, len, "%d%c%d", f->data_bits, f->parity, f->stop_bits);
}

/* The configured framing. */
static struct link_framing link_cfg_framing(const struct config *cfg)
{
	struct link_framing f = { cfg->serial.data_bits, cfg->serial.parity,
				  cfg->serial.stop_bits };

	return f;
}

/* Whether two framings are the same. */
static bool link_framing_same(const struct link_framing *a, const struct link_framing *b)
{
	return a->data_bits == b->data_bits && a->parity == b->parity &&
	       a->stop_bits == b->stop_bits;
}

/* Whether protocol p's bytes leave the line alike in framings a and b, so
 * that one answer (or silence) stands for both. Receivers check one stop
 * bit, so 8N1 and 8N2 (7E1 and 7E2) carry every byte alike. The ENQ/ACK
 * line handshake sends ENQ (05) and reads ACK (06): bit 7 clear and an even
 * count of bits set, so 7E1 puts on the wire exactly the bits of 8N1 (the
 * even parity bit is the clear 8th data bit). */
static bool link_framing_alike(enum cfg_handshake p, const struct link_framing *a,
			       const struct link_framing *b)
{
	bool a8n = a->data_bits == 8 && a->parity == 'N', b8n = b->data_bits == 8 && b->parity == 'N';
	bool a7e = a->data_bits == 7 && a->parity == 'E', b7e = b->data_bits == 7 && b->parity == 'E';

	if (a->data_bits == b->data_bits && a->parity == b->parity)
		return true;
	return (p == HANDSHAKE_ENQ_ACK || p == HANDSHAKE_CONCERT) && (a8n || a7e) && (b8n || b7e);
}

/* The framings the search tries for protocol p: configured first, then the
 * protocol's own (ZVT 8N2, Concert 7E1), then the common ones, one of each
 * set that p's bytes cannot tell apart (link_framing_alike). Returns the
 * count. */
static int link_framings(const struct config *cfg, enum cfg_handshake p,
			 struct link_framing *out, int max)
{
	static const struct link_framing common[] = { { 8, 'N', 1 }, { 7, 'E', 1 }, { 8, 'N', 2 } };
	struct link_framing cand[5];
	int nc = 0, n = 0;

	cand[nc++] = link_cfg_framing(cfg);
	if (p == HANDSHAKE_ZVT)
		cand[nc++] = common[2];
	else if (p == HANDSHAKE_CONCERT)
		cand[nc++] = common[1];
	for (size_t i = 0; i < 3; i++)
		cand[nc++] = common[i];
	for (int i = 0; i < nc && n < max; i++) {
		bool dup = false;

		for (int k = 0; k < n; k++)
			dup |= link_framing_alike(p, &out[k], &cand[i]);
		if (!dup)
			out[n++] = cand[i];
	}
	return n;
}

/* The rates the search tries: the configured one, then try_bauds. */
static int link_bauds(const struct config *cfg, int *out, int max)
{
	int n = 0;

	out[n++] = cfg->serial.baud;
	for (int i = 0; i < cfg->serial.n_try_bauds && n < max; i++)
		if (cfg->serial.try_bauds[i] != cfg->serial.baud)
			out[n++] = cfg->serial.try_bauds[i];
	return n;
}

/* Count of protocols one try sends: auto asks in three. */
static int link_probes_per_try(const struct config *cfg)
{
	return cfg->serial.handshake == HANDSHAKE_AUTO ? 3 : 1;
}

/* One step of the search: a protocol's request at a rate and framing. */
struct link_step {
	enum cfg_handshake proto;
	int baud;
	struct link_framing framing;
};

#define LINK_STEPS_MAX (3 * 5 * (CFG_MAX_BAUDS + 1))

/* The search, in order: for each protocol (auto: ENQ/ACK over every rate
 * first, then ZVT, then an STX frame, so that no terminal meets a foreign
 * frame before the harmless ENQ was tried everywhere), each of its framings
 * over every rate, less what the configured setting already asked.
 * Returns the count of steps. */
static int link_plan(const struct config *cfg, struct link_step *out, int max)
{
	static const enum cfg_handshake any[] = { HANDSHAKE_ENQ_ACK, HANDSHAKE_ZVT,
						  HANDSHAKE_STX_ETX_LRC };
	enum cfg_handshake mine = cfg->serial.handshake;
	const enum cfg_handshake *protos = mine == HANDSHAKE_AUTO ? any : &mine;
	int np = mine == HANDSHAKE_AUTO ? 3 : 1, n = 0;
	struct link_framing cfgf = link_cfg_framing(cfg), fr[5];
	int bauds[CFG_MAX_BAUDS + 1], nb = link_bauds(cfg, bauds, CFG_MAX_BAUDS + 1);

	for (int p = 0; p < np; p++) {
		int nf = link_framings(cfg, protos[p], fr, 5);

		for (int i = 0; i < nf; i++)
			for (int k = 0; k < nb && n < max; k++) {
				if (bauds[k] == cfg->serial.baud &&
				    link_framing_alike(protos[p], &fr[i], &cfgf))
					continue;   /* asked at the configured setting */
				out[n].proto = protos[p];
				out[n].baud = bauds[k];
				out[n].framing = fr[i];
				n++;
			}
	}
	return n;
}

/* Wait for an answer at one searched setting. */
static int link_search_wait_ms(const struct config *cfg)
{
	return cfg->serial.timeout_ms < LINK_SEARCH_TRY_MS ? cfg->serial.timeout_ms
							   : LINK_SEARCH_TRY_MS;
}

/* Time the search may take at most: its steps, plus auto's quick first
 * look at the configured setting. */
static int link_search_budget_ms(const struct config *cfg)
{
	struct link_step steps[LINK_STEPS_MAX];
	int per = link_search_wait_ms(cfg) + 30;
	int want = link_plan(cfg, steps, LINK_STEPS_MAX) * per;

	if (want > LINK_SEARCH_MAX_MS)
		want = LINK_SEARCH_MAX_MS;
	if (cfg->serial.handshake == HANDSHAKE_AUTO)
		want += 3 * per;
	return want;
}

/* Budget of serial.link: retries x timeout, the search, the other
 * protocols (auto: the wait for late answers, link_settle), plus
 * open/close and the port lock. */
int serial_link_budget_ms(const struct config *cfg, int instance)
{
	int per = cfg->serial.timeout_ms + 40;
	int tries = 1 + (cfg->serial.retries > 0 ? cfg->serial.retries : 0);
	int settle = cfg->serial.handshake == HANDSHAKE_AUTO ? 2 * cfg->serial.timeout_ms : 0;

	(void)instance;
	return tries * per * link_probes_per_try(cfg) + link_search_budget_ms(cfg) + 3 * per +
	       settle + 2000;
}

/* Log bytes as hex in the detail lines ("tx 05", "rx 06"). */
static void link_log(struct link_run *lr, const char *dir, const uint8_t *b, size_t n)
{
	char hex[LINK_HEX_SHOWN * 3 + 8];

	/* The first LINK_HEX_SHOWN bytes; a longer frame ends in "...". */
	proto_hex_format(b, n < LINK_HEX_SHOWN ? n : LINK_HEX_SHOWN, hex, sizeof(hex));
	result_detail(lr->res, "%s %s%s", dir, hex, n > LINK_HEX_SHOWN ? "..." : "");
}

/* The outcome of a failed read or write with errno err: the terminal went
 * away (unplug, hang-up, closed connection), or a local error. */
static enum link_outcome link_lost(int err)
{
	return serial_port_errno_gone(err) ? OUT_HANGUP : OUT_STOP;
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

/* Send one ZVT APDU framed; only the allowed ones ever leave. */
static bool link_send_zvt(struct link_run *lr, const uint8_t *apdu, size_t n)
{
	uint8_t frame[64];
	size_t len;

	if (!zvt_apdu_is_allowed(apdu, n) || !(len = zvt_frame_build(apdu, n, frame, sizeof(frame)))) {
		lr->err = EINVAL;
		return false;
	}
	return link_send(lr, frame, len);
}

/* What came back so far, read by every protocol's reader at once. */
struct link_heard {
	struct proto_scan s;         /* ENQ/ACK bytes, STX..ETX LRC frames */
	struct zvt_scan z;           /* ZVT transport */
	uint8_t rx[PROTO_FRAME_MAX];
	size_t rxlen;
};

/* Start a fresh reading. */
static void link_heard_init(struct link_heard *h)
{
	proto_scan_init(&h->s);
	zvt_scan_init(&h->z);
	h->rxlen = 0;
}

/* Whether what was heard so far is a complete answer for protocol p. */
static bool link_answer_complete(const struct link_run *lr, enum cfg_handshake p,
				 const struct link_heard *h)
{
	switch (p) {
	case HANDSHAKE_ENQ_ACK:
	case HANDSHAKE_CONCERT:
		return h->s.acks > 0 || h->s.naks > 0 || h->s.frames_ok > 0;
	case HANDSHAKE_STX_ETX_LRC:
		return h->s.frames_ok > 0 || h->s.frames_bad > 0 || h->s.naks > 0;
	case HANDSHAKE_CUSTOM:
		return lr->exp_len ? h->rxlen >= lr->exp_len || (h->rxlen > 0 && h->rx[0] == PROTO_NAK)
				   : h->rxlen > 0;
	case HANDSHAKE_ZVT:
		return h->z.naks > 0 || h->z.frames_ok > 0 || h->z.frames_bad > 0;
	case HANDSHAKE_AUTO:
		break;
	}
	return false;
}

/* Time the line must stay quiet before an answer counts as over: a few ms
 * plus three characters at the current rate (11 bits each at most). */
static int link_quiet_ms(const struct link_run *lr)
{
	int baud = lr->baud > 0 ? lr->baud : 9600;

	return LINK_QUIET_MIN_MS + (3 * 11 * 1000 + baud - 1) / baud;
}

struct link_tcp_heard;
static int link_tcp_more(struct link_run *lr, enum cfg_handshake p, struct link_tcp_heard *t);
static void link_tcp_closed(struct link_tcp_heard *t);

/* Collect input until the answer for p is complete and the line quiet, or
 * until timeout_ms (listen_only: any valid frame ends it). Returns
 * OUT_HANGUP, OUT_STOP, or OUT_OK (look at h). tcp (NULL on a line): the
 * exchange runs on a socket, h is tcp's, and a close by the terminal ends
 * the reading with OUT_OK (tcp says so). */
static enum link_outcome link_collect(struct link_run *lr, enum cfg_handshake p,
				      struct link_heard *h, int timeout_ms, bool listen_only,
				      struct link_tcp_heard *tcp)
{
	int64_t end = clock_ms() + timeout_ms, quiet_end = -1;

	for (;;) {
		int64_t now = clock_ms(), stop = quiet_end >= 0 && quiet_end < end ? quiet_end : end;
		int left = (int)(stop - now), w;
		uint8_t buf[256];
		ssize_t n;

		if (probe_cancelled(lr->ctx))
			return OUT_STOP;
		if (left < 0)
			return OUT_OK;
		w = serial_sp_wait(lr->ln, left < LINK_SLICE_MS ? left : LINK_SLICE_MS);
		if (w == -2) {
			lr->err = errno;
			return OUT_STOP;
		}
		if (w == 0) {
			if (left == 0)
				return OUT_OK;
			continue;
		}
		n = w == 1 ? serial_sp_read(lr->ln, buf, sizeof(buf)) : -1;
		if (n < 0) {
			if (w == 1 && !serial_port_errno_gone(errno)) {
				lr->err = errno;
				return OUT_STOP;
			}
			lr->err = w == 1 ? errno : EIO;
			if (!tcp)
				return OUT_HANGUP;
			link_tcp_closed(tcp);   /* FIN or RST */
			return OUT_OK;
		}
		proto_scan_feed(&h->s, buf, (size_t)n);
		zvt_scan_feed(&h->z, buf, (size_t)n);
		for (ssize_t i = 0; i < n && h->rxlen < sizeof(h->rx); i++)
			h->rx[h->rxlen++] = buf[i];
		if (tcp) {
			int more = link_tcp_more(lr, p, tcp);

			if (more == 2)
				return OUT_OK;
			if (more == 1)
				quiet_end = clock_ms() + LINK_TCP_QUIET_MS;
			continue;
		}
		/* Garbage, or a complete answer: wait for the line to go quiet so
		 * trailing bytes are judged too. */
		if ((!listen_only && link_answer_complete(lr, p, h)) ||
		    (listen_only && (h->s.frames_ok > 0 || h->z.frames_ok > 0)) ||
		    (h->s.garbage && h->z.garbage))
			quiet_end = clock_ms() + link_quiet_ms(lr);
		/* A clean ZVT answer is over at its CRC: the terminal sends its
		 * next frame only after our ACK, and link_zvt_finish reads it. */
		if (!listen_only && p == HANDSHAKE_ZVT && h->z.frames_ok > 0 &&
		    h->z.garbage == 0 && h->z.frames_bad == 0 && !zvt_scan_in_frame(&h->z))
			return OUT_OK;
	}
}

/* Keep what a judged answer of protocol p says of the line: bytes of no
 * known protocol, or a terminal that answered p. Returns out. */
static enum link_outcome link_noted(struct link_run *lr, enum cfg_handshake p,
				    enum link_outcome out)
{
	if (out == OUT_GARBLED)
		lr->unknown_bytes = true;
	if (out == OUT_OK || out == OUT_ALIVE)
		lr->answered = p;
	return out;
}

/* Judge what one attempt of protocol p heard. */
static enum link_outcome link_judge(const struct link_run *lr, enum cfg_handshake p,
				    const struct link_heard *h)
{
	const struct proto_scan *s = &h->s;
	const struct zvt_scan *z = &h->z;
	bool clean = s->garbage == 0 && s->frames_bad == 0;
	bool zclean = z->garbage == 0 && z->frames_bad == 0;

	if (h->rxlen == 0)
		return OUT_SILENT;
	switch (p) {
	case HANDSHAKE_ENQ_ACK:
	case HANDSHAKE_CONCERT:
		if (h->rx[0] == PROTO_ACK && clean)
			return OUT_OK;
		break;
	case HANDSHAKE_STX_ETX_LRC:
		if (s->frames_ok > 0 && clean && s->naks == 0)
			return OUT_OK;
		/* An ACK without the reply frame: it heard us at this rate. auto
		 * cannot tell it from a late ACK to its earlier ENQ. */
		if (s->acks > 0 && clean && s->naks == 0 && s->frames_ok == 0)
			return lr->cfg->serial.handshake == HANDSHAKE_AUTO ? OUT_ACK_ONLY
									 : OUT_ALIVE;
		break;
	case HANDSHAKE_CUSTOM:
		if (lr->exp_len == 0 ||
		    (h->rxlen >= lr->exp_len && memcmp(h->rx, lr->expect, lr->exp_len) == 0))
			return OUT_OK;
		if (h->rx[0] == PROTO_NAK)
			return OUT_NAK;
		return OUT_GARBLED;
	case HANDSHAKE_ZVT:
		if (zclean && z->acks > 0 && (z->app_acks > 0 || z->app_errors > 0))
			return OUT_OK;
		if (zclean && z->frames_ok > 0)
			return OUT_ALIVE;
		if (zclean && z->naks > 0)
			return OUT_NAK;
		if (zclean && z->acks > 0)
			return OUT_ACK_ONLY;
		return OUT_GARBLED;
	case HANDSHAKE_AUTO:
		break;
	}
	if (s->naks > 0 && clean)
		return OUT_NAK;
	if (clean && (s->frames_ok > 0 || s->enqs > 0))
		return OUT_ALIVE;
	if (zclean && z->frames_ok > 0)
		return OUT_ALIVE;
	return OUT_GARBLED;
}

/* Line errors of one attempt as protocol p reads them. */
static int link_errors_of(enum cfg_handshake p, const struct link_heard *h)
{
	if (p == HANDSHAKE_ZVT)
		return h->z.frames_bad + h->z.naks + h->z.garbage;
	return proto_scan_errors(&h->s);
}

/* The request protocol p sends; false when the config gives none. */
static bool link_request(struct link_run *lr, enum cfg_handshake p, uint8_t *out, size_t cap,
			 size_t *len)
{
	const char *req = lr->cfg->serial.request;
	int n;

	switch (p) {
	case HANDSHAKE_ENQ_ACK:
	case HANDSHAKE_CONCERT:
		out[0] = PROTO_ENQ;
		*len = 1;
		return true;
	case HANDSHAKE_STX_ETX_LRC:
		/* auto asks with the configured payload only when it is text
		 * meant for a frame (not custom hex). */
		*len = proto_frame_build((const uint8_t *)req, strlen(req), out, cap);
		return *len > 0;
	case HANDSHAKE_CUSTOM:
		n = proto_hex_parse(req, out, cap);
		if (n <= 0)
			return false;
		*len = (size_t)n;
		return true;
	case HANDSHAKE_ZVT:
		*len = zvt_status_enquiry(out, cap);
		return *len > 0;
	case HANDSHAKE_AUTO:
		break;
	}
	return false;
}

/* After a ZVT answer: acknowledge the terminal's frames (transport ACK,
 * and 80 00 for each message) until it ends the dialogue (06 0F completion
 * or 06 1E abort), falls quiet, or LINK_ZVT_FRAMES came. Leaves the
 * terminal as it was before the enquiry. */
static enum link_outcome link_zvt_finish(struct link_run *lr, int timeout_ms)
{
	static const uint8_t ack = PROTO_ACK, nak = PROTO_NAK;
	static const uint8_t app_ack[] = { 0x80, 0x00, 0x00 };
	struct zvt_scan z;
	int64_t end = clock_ms() + timeout_ms;

	if (!link_send(lr, &ack, 1))   /* for the application answer */
		return link_lost(lr->err);
	zvt_scan_init(&z);
	for (int frames = 0; frames < LINK_ZVT_FRAMES;) {
		int left = (int)(end - clock_ms()), w, bad = z.frames_bad;
		uint8_t b;
		ssize_t n;

		if (left <= 0 || probe_cancelled(lr->ctx))
			return OUT_OK;
		w = serial_sp_wait(lr->ln, left < LINK_SLICE_MS ? left : LINK_SLICE_MS);
		if (w == -1)
			return OUT_HANGUP;
		if (w != 1)
			continue;
		/* One byte at a time: each frame is answered as it ends. */
		n = serial_sp_read(lr->ln, &b, 1);
		if (n < 0)
			return link_lost(errno);
		if (n == 0)
			continue;
		if (zvt_scan_feed(&z, &b, 1) == 0) {
			if (z.frames_bad > bad && !link_send(lr, &nak, 1))
				return OUT_HANGUP;
			continue;
		}
		frames++;
		link_log(lr, "rx", z.last, z.last_len);
		if (!link_send(lr, &ack, 1))
			return link_lost(lr->err);
		if (z.last_len >= 1 && (z.last[0] == 0x80 || z.last[0] == 0x84))
			continue;   /* an acknowledgement needs no answer */
		if (!link_send_zvt(lr, app_ack, sizeof(app_ack)))
			return link_lost(lr->err);
		if (z.ends > 0) {
			result_detail(lr->res, "zvt dialogue ended by the terminal");
			return OUT_OK;
		}
	}
	return OUT_OK;
}

/* One request of protocol p and its answer at the current setting. */
static enum link_outcome link_attempt(struct link_run *lr, enum cfg_handshake p, int timeout_ms)
{
	static const uint8_t ack = PROTO_ACK, eot = PROTO_EOT;
	struct link_heard h;
	uint8_t req[PROTO_FRAME_MAX];
	size_t req_len = 0;
	enum link_outcome out;
	bool sent;

	link_heard_init(&h);
	if (!link_request(lr, p, req, sizeof(req), &req_len))
		return OUT_SILENT;
	sent = p == HANDSHAKE_ZVT ? link_send_zvt(lr, req, req_len) : link_send(lr, req, req_len);
	if (!sent)
		return link_lost(lr->err);
	lr->frames_sent++;
	out = link_collect(lr, p, &h, timeout_ms, false, NULL);
	if (h.rxlen)
		link_log(lr, "rx", h.rx, h.rxlen);
	if (p == HANDSHAKE_CUSTOM) {
		if (out == OUT_OK && h.rxlen && link_judge(lr, p, &h) == OUT_GARBLED)
			lr->line_errors++;
	} else {
		lr->line_errors += link_errors_of(p, &h);
	}
	lr->naks += p == HANDSHAKE_ZVT ? h.z.naks : h.s.naks;
	if (out != OUT_OK)
		return out;
	out = link_noted(lr, p, link_judge(lr, p, &h));
	if (out == OUT_OK && p == HANDSHAKE_ZVT)
		return link_zvt_finish(lr, lr->cfg->serial.timeout_ms);
	if (out == OUT_OK && p == HANDSHAKE_STX_ETX_LRC && !link_send(lr, &ack, 1))
		return link_lost(lr->err);
	if (out == OUT_OK && p != HANDSHAKE_CUSTOM && !link_send(lr, &eot, 1))
		return link_lost(lr->err);
	return out;
}

/* auto's request of protocol p, after an EOT: it ends any line session
 * that a late ACK (a slow terminal answering an earlier ENQ, or the 05
 * inside a ZVT frame) may have opened at this setting, so that no frame
 * ever reaches an ENQ/ACK terminal inside a session, where it would be read
 * as a message. A lone EOT is ignored by every protocol outside a session. */
static enum link_outcome link_attempt_auto(struct link_run *lr, enum cfg_handshake p,
					   int timeout_ms)
{
	static const uint8_t eot = PROTO_EOT;

	if (lr->cfg->serial.handshake == HANDSHAKE_AUTO && !link_send(lr, &eot, 1))
		return link_lost(lr->err);
	return link_attempt(lr, p, timeout_ms);
}

/* One try with the configured protocol; auto asks ENQ first (a ZVT
 * terminal ignores a lone byte outside DLE STX), then the ZVT status
 * enquiry, then an STX frame. Returns the best outcome. */
static enum link_outcome link_try(struct link_run *lr, int timeout_ms)
{
	static const enum cfg_handshake order[] = { HANDSHAKE_ENQ_ACK, HANDSHAKE_ZVT,
						    HANDSHAKE_STX_ETX_LRC };
	enum link_outcome best = OUT_SILENT;

	if (lr->cfg->serial.handshake != HANDSHAKE_AUTO)
		return link_attempt(lr, lr->cfg->serial.handshake, timeout_ms);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum link_outcome o = link_attempt_auto(lr, order[i], timeout_ms);

		if (o == OUT_OK || o == OUT_ALIVE || o == OUT_HANGUP || o == OUT_STOP)
			return o;
		if (o == OUT_ACK_ONLY)
			lr->answered = order[i];
		if (o < best)
			best = o;
	}
	return best;
}

/* Time for the next wait: the timeout, cut to what the deadline leaves. */
static int link_slot_ms(struct link_run *lr, int want)
{
	int left = probe_remaining_ms(lr->ctx) - LINK_RESERVE_MS;

	return left < want ? left : want;
}

/* Read what is already queued: a heartbeat is proof of life. */
static enum link_outcome link_listen(struct link_run *lr)
{
	struct link_heard h;
	enum link_outcome out;

	if (link_slot_ms(lr, 1) <= 0)
		return OUT_SILENT;
	link_heard_init(&h);
	out = link_collect(lr, HANDSHAKE_AUTO, &h, LINK_LISTEN_MS, true, NULL);
	if (h.rxlen)
		link_log(lr, "rx", h.rx, h.rxlen);
	if (out != OUT_OK)
		return out;
	if ((h.s.frames_ok > 0 && h.s.frames_bad == 0 && h.s.garbage == 0) ||
	    (h.z.frames_ok > 0 && h.z.frames_bad == 0 && h.z.garbage == 0)) {
		result_detail(lr->res, "heartbeat heard");
		return OUT_ALIVE;
	}
	/* Stale bytes from before the check are not counted against the line. */
	return h.rxlen ? OUT_GARBLED : OUT_SILENT;
}

/* Check the config's request/expect for the protocol. */
static bool link_check_request(struct link_run *lr)
{
	uint8_t req[PROTO_FRAME_MAX];
	size_t len;
	int n;

	if (lr->cfg->serial.handshake != HANDSHAKE_CUSTOM)
		return lr->cfg->serial.handshake == HANDSHAKE_AUTO ||
		       link_request(lr, lr->cfg->serial.handshake, req, sizeof(req), &len);
	if (!link_request(lr, HANDSHAKE_CUSTOM, req, sizeof(req), &len))
		return false;
	n = proto_hex_parse(lr->cfg->serial.expect, lr->expect, sizeof(lr->expect));
	if (n < 0)
		return false;
	lr->exp_len = (size_t)n;
	return true;
}

/* The configured protocol at the configured settings, with retries.
 * Returns the best outcome seen, or HANGUP/STOP at once. */
static enum link_outcome link_configured(struct link_run *lr, int *tries_done)
{
	int tries = 1 + (lr->cfg->serial.retries > 0 ? lr->cfg->serial.retries : 0);
	enum link_outcome best = OUT_SILENT;

	for (int i = 0; i < tries; i++) {
		int ms = link_slot_ms(lr, lr->cfg->serial.timeout_ms);
		enum link_outcome o;

		if (ms <= 0)
			break;
		o = link_try(lr, ms);
		*tries_done = i + 1;
		probe_progress(lr->ctx, i + 1, tries + 1);
		if (o == OUT_OK || o == OUT_ALIVE || o == OUT_HANGUP || o == OUT_STOP)
			return o;
		if (o < best)
			best = o;
	}
	return best;
}

/* Put the line at a rate and framing (same fd). */
static bool link_set_line(struct link_run *lr, int baud, const struct link_framing *f)
{
	struct serial_settings s;
	char eb[SERIAL_ERRTEXT_MAX], ft[8];

	serial_port_settings(lr->cfg, baud, &s);
	s.data_bits = f->data_bits;
	s.parity = f->parity;
	s.stop_bits = f->stop_bits;
	if (serial_sp_set_line(lr->ln, &s) != 0) {
		link_framing_text(f, ft, sizeof(ft));
		result_detail(lr->res, "%d %s refused: %s", baud, ft, errno_text(errno, eb, sizeof(eb)));
		return false;
	}
	lr->baud = baud;
	return true;
}

/* What the search found. */
struct link_found {
	int baud;                    /* 0: nothing answered */
	struct link_framing framing;
	int tried;                   /* settings tried */
	int64_t took_ms;
};

/* Walk the search plan (link_plan) on the same fd, within the search
 * budget. Returns 1 found, 0 not, -1 hang-up, -2 stop. */
static int link_search(struct link_run *lr, struct link_found *fd)
{
	struct link_step steps[LINK_STEPS_MAX];
	int n = link_plan(lr->cfg, steps, LINK_STEPS_MAX), rc = 0;
	int64_t t0 = clock_ms(), end = t0 + link_search_budget_ms(lr->cfg);
	char ft[8];

	memset(fd, 0, sizeof(*fd));
	for (int i = 0; i < n && rc == 0; i++) {
		const struct link_step *st = &steps[i];
		int ms = link_slot_ms(lr, link_search_wait_ms(lr->cfg));
		enum link_outcome o;

		if (ms <= 0 || clock_ms() >= end) {
			result_detail(lr->res, "search stopped: time budget used");
			break;
		}
		link_framing_text(&st->framing, ft, sizeof(ft));
		result_detail(lr->res, "try %d %s %s", st->baud, ft, link_proto_name(st->proto));
		if (!link_set_line(lr, st->baud, &st->framing))
			continue;
		fd->tried++;
		o = link_attempt_auto(lr, st->proto, ms);
		probe_progress(lr->ctx, i + 1, n);
		if (o == OUT_OK || o == OUT_ALIVE) {
			fd->baud = st->baud;
			fd->framing = st->framing;
			rc = 1;
		} else if (o == OUT_HANGUP) {
			rc = -1;
		} else if (o == OUT_STOP) {
			rc = -2;
		}
	}
	fd->took_ms = clock_ms() - t0;
	return rc;
}

/* Let late answers to earlier requests come in and drop them: read until
 * the line is quiet for half the timeout, for two timeouts at most.
 * Returns OUT_OK, OUT_HANGUP or OUT_STOP. */
static enum link_outcome link_settle(struct link_run *lr)
{
	int quiet = lr->cfg->serial.timeout_ms / 2, dropped = 0;
	int64_t end = clock_ms() + link_slot_ms(lr, 2 * lr->cfg->serial.timeout_ms);

	while (clock_ms() < end) {
		int64_t now = clock_ms();
		int w = serial_sp_wait(lr->ln, (int)(end - now < quiet ? end - now : quiet));
		uint8_t buf[64];
		ssize_t n;

		if (w == 0)
			break;
		if (w == -1)
			return OUT_HANGUP;
		if (w == -2 || probe_cancelled(lr->ctx))
			return OUT_STOP;
		n = serial_sp_read(lr->ln, buf, sizeof(buf));
		if (n < 0)
			return link_lost(errno);
		dropped += (int)n;
	}
	if (dropped)
		result_detail(lr->res, "%d late bytes dropped", dropped);
	return OUT_OK;
}

/* auto found nothing in its quick look: back to the configured setting,
 * now with the full timeout and retries (a slow terminal). Returns the
 * better of that and the quick look's outcome; adds the tries. */
static enum link_outcome link_slow_look(struct link_run *lr, enum link_outcome quick,
					int *tries)
{
	struct link_framing cfgf = link_cfg_framing(lr->cfg);
	enum link_outcome o;
	int more = 0, naks = lr->naks;

	if (!link_set_line(lr, lr->cfg->serial.baud, &cfgf))
		return quick;
	result_detail(lr->res, "again at the configured setting, %d ms each",
		      lr->cfg->serial.timeout_ms);
	if (link_settle(lr) != OUT_OK)
		return quick;
	o = link_configured(lr, &more);
	*tries += more;
	lr->naks_cfg += lr->naks - naks;
	if (o == OUT_OK || o == OUT_ALIVE || o == OUT_HANGUP || o == OUT_STOP || o < quick)
		return o;
	return quick;
}

/* For a named protocol that got no answer anywhere: do the others answer
 * at the configured rate (configured framing, then each one's own)?
 * Returns the protocol that answered, HANDSHAKE_AUTO when none. */
static enum cfg_handshake link_other_protocols(struct link_run *lr, enum link_outcome *stop)
{
	static const enum cfg_handshake others[] = { HANDSHAKE_ENQ_ACK, HANDSHAKE_ZVT,
						     HANDSHAKE_STX_ETX_LRC };
	static const struct link_framing own[] = { { 7, 'E', 1 }, { 8, 'N', 2 }, { 8, 'N', 1 } };
	static const uint8_t eot = PROTO_EOT;
	enum cfg_handshake mine = lr->cfg->serial.handshake;
	struct link_framing cfgf = link_cfg_framing(lr->cfg);

	*stop = OUT_SILENT;
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		enum cfg_handshake p = others[i];
		const struct link_framing *try[2] = { &cfgf, &own[i] };

		/* Concert and enq-ack are the same on the wire here. */
		if (p == mine || (p == HANDSHAKE_ENQ_ACK && mine == HANDSHAKE_CONCERT))
			continue;
		for (int k = 0; k < 2; k++) {
			int ms = link_slot_ms(lr, lr->cfg->serial.timeout_ms);
			enum link_outcome o;

			/* The EOT that opens an ENQ/ACK try has one bit set: unlike
			 * ENQ and ACK it differs between 7E1 and 8N1. */
			if (k == 1 && (p == HANDSHAKE_ENQ_ACK ? link_framing_same(try[0], try[1])
							      : link_framing_alike(p, try[0], try[1])))
				break;
			if (ms <= 0)
				return HANDSHAKE_AUTO;
			if (!link_set_line(lr, lr->cfg->serial.baud, try[k]))
				continue;
			result_detail(lr->res, "try protocol %s", link_proto_name(p));
			/* An EOT first: it ends a line session that bytes of the
			 * configured protocol may have opened (a 05 inside a ZVT
			 * frame reads as ENQ); outside one it is ignored. */
			if (p == HANDSHAKE_ENQ_ACK && !link_send(lr, &eot, 1)) {
				*stop = link_lost(lr->err);
				return HANDSHAKE_AUTO;
			}
			o = link_attempt(lr, p, ms);
			if (o == OUT_HANGUP || o == OUT_STOP) {
				*stop = o;
				return HANDSHAKE_AUTO;
			}
			if (o == OUT_OK || o == OUT_ALIVE)
				return p;
		}
	}
	return HANDSHAKE_AUTO;
}

/* Count what the UART itself saw go wrong during the check (TIOCGICOUNT:
 * frame, parity and overrun errors), when it keeps counters: evidence of a
 * framing or speed mismatch, reported as such. */
static void link_add_uart_errors(struct link_run *lr, const struct serial_counters *a,
				 const struct serial_counters *b)
{
	long frame = b->frame - a->frame, parity = b->parity - a->parity;
	long overrun = (b->overrun - a->overrun) + (b->buf_overrun - a->buf_overrun);

	result_metric(lr->res, "uart_frame_errors", (double)frame);
	result_metric(lr->res, "uart_parity_errors", (double)parity);
	result_metric(lr->res, "uart_overruns", (double)overrun);
	if (frame + parity + overrun > 0)
		result_detail(lr->res, "uart errors: frame %ld parity %ld overrun %ld "
			      "(the port's own count: bits arrived in another framing or speed)",
			      frame, parity, overrun);
	lr->line_errors += (int)(frame + parity + overrun);
}

/* Fill the result from the outcome at the configured settings, the search
 * and the other protocols. */
static void link_verdict(struct link_run *lr, enum link_outcome at_cfg,
			 const struct link_found *fd, enum cfg_handshake other)
{
	struct check_result *res = lr->res;
	struct link_framing cfgf = link_cfg_framing(lr->cfg);
	char ft[8];

	link_framing_text(&cfgf, ft, sizeof(ft));
	result_metric(res, "line_errors", lr->line_errors);
	result_metric(res, "frames_sent", lr->frames_sent);
	result_metric(res, "baud", lr->cfg->serial.baud);
	result_metric_text(res, "framing", ft);
	result_arg(res, "framing", "%s", ft);
	result_metric_text(res, "protocol_configured", link_proto_name(lr->cfg->serial.handshake));
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
	if (at_cfg == OUT_OK || at_cfg == OUT_ALIVE || fd->baud > 0)
		result_metric_text(res, "protocol", link_proto_name(lr->answered));
	if (at_cfg == OUT_OK || at_cfg == OUT_ALIVE) {
		if (lr->line_errors > lr->cfg->serial.line_errors_warn) {
			result_set(res, STATUS_WARN, "serial.line_errors");
			result_metric(res, "line_errors_warn", lr->cfg->serial.line_errors_warn);
		} else {
			result_set(res, STATUS_OK, "serial.ok");
		}
		return;
	}
	if (other != HANDSHAKE_AUTO) {
		result_set(res, STATUS_FAIL, "serial.protocol_mismatch");
		result_metric_text(res, "detected_protocol", link_proto_name(other));
		result_arg(res, "detected_protocol", "%s", link_proto_name(other));
		result_arg(res, "protocol", "%s", link_proto_name(lr->cfg->serial.handshake));
		return;
	}
	if (at_cfg == OUT_ACK_ONLY) {
		result_metric_text(res, "protocol", link_proto_name(lr->answered));
		result_set(res, STATUS_WARN, "serial.no_app_reply");
		result_metric(res, "timeout_ms", lr->cfg->serial.timeout_ms);
		return;
	}
	if (fd->baud > 0) {
		char dt[8];

		link_framing_text(&fd->framing, dt, sizeof(dt));
		result_metric(res, "detected_baud", fd->baud);
		if (!link_framing_same(&fd->framing, &cfgf)) {
			result_set(res, STATUS_FAIL, "serial.framing_mismatch");
			result_metric_text(res, "detected_framing", dt);
			result_arg(res, "detected_framing", "%s", dt);
		} else {
			result_set(res, STATUS_FAIL, "serial.baud_mismatch");
		}
		return;
	}
	if (at_cfg == OUT_NAK) {
		result_set(res, STATUS_FAIL, "serial.nak");
		result_metric(res, "naks", lr->naks_cfg);
	} else if (lr->cfg->serial.handshake == HANDSHAKE_AUTO && lr->unknown_bytes &&
		   at_cfg == OUT_GARBLED) {
		result_set(res, STATUS_FAIL, "serial.unknown_protocol");
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

/* ---- over TCP (serial.port: tcp://HOST:PORT) ----
 * No line to search: connect, then the protocol's exchange on the socket.
 * ZVT goes as raw APDUs (its TCP/IP transport has no DLE STX, CRC or
 * ACK/NAK); ENQ/ACK, Concert and STX..ETX LRC send the same bytes as on a
 * line. Each protocol auto tries, and each other protocol asked after a
 * named one failed, gets its own connection: bytes of one protocol never
 * sit in the parser of another. */


/* What a TCP exchange heard. */
struct link_tcp_heard {
	struct link_heard h;         /* the line protocols' readers (rx: the bytes) */
	bool closed;                 /* the terminal closed the connection */
	size_t used;                 /* raw ZVT: bytes of rx taken by whole APDUs */
	int apdus, replies, unknown; /* raw ZVT: APDUs, known replies, others */
	int app_acks, refusals;      /* 80 00, 84 xx */
	int ends;                    /* 06 0F, 06 1E */
	bool too_long;               /* a length field past ZVT_APDU_MAX */
};

/* Take the whole raw APDUs in rx; returns how many new ones. */
static int link_tcp_zvt_parse(struct link_tcp_heard *t, struct link_run *lr, bool log)
{
	struct zvt_apdu a;
	int n = 0, k;

	while (!t->too_long &&
	       (k = zvt_apdu_decode(t->h.rx + t->used, t->h.rxlen - t->used, &a)) != 0) {
		if (k < 0) {
			t->too_long = true;
			break;
		}
		if (log)
			link_log(lr, "rx", t->h.rx + t->used, (size_t)k);
		t->used += (size_t)k;
		t->apdus++;
		n++;
		if (!zvt_apdu_is_reply(&a)) {
			t->unknown++;
			continue;
		}
		t->replies++;
		t->app_acks += a.cls == 0x80;
		t->refusals += a.cls == 0x84;
		t->ends += a.cls == 0x06 && (a.instr == 0x0f || a.instr == 0x1e);
	}
	return n;
}

/* Whether a TCP answer for p is complete. */
static bool link_tcp_complete(const struct link_run *lr, enum cfg_handshake p,
			      const struct link_tcp_heard *t)
{
	/* A first byte no terminal message starts with needs no more bytes. */
	if (p == HANDSHAKE_ZVT)
		return t->apdus > 0 || t->too_long ||
		       (t->h.rxlen > t->used && !memchr("\x04\x06\x80\x84", t->h.rx[t->used], 4));
	return link_answer_complete(lr, p, &t->h) || (t->h.s.garbage && t->h.z.garbage);
}

/* After bytes came on a socket: 2 when the answer for p is over (raw ZVT,
 * at its last length byte), 1 when it is complete and only the socket's
 * falling quiet ends it, 0 when more must come. */
static int link_tcp_more(struct link_run *lr, enum cfg_handshake p, struct link_tcp_heard *t)
{
	if (p == HANDSHAKE_ZVT) {
		link_tcp_zvt_parse(t, lr, false);
		return link_tcp_complete(lr, p, t) ? 2 : 0;
	}
	return link_tcp_complete(lr, p, t) ? 1 : 0;
}

/* The terminal closed the connection. */
static void link_tcp_closed(struct link_tcp_heard *t)
{
	t->closed = true;
}

/* Judge a TCP answer for p. */
static enum link_outcome link_tcp_judge(const struct link_run *lr, enum cfg_handshake p,
					const struct link_tcp_heard *t)
{
	if (t->h.rxlen == 0)
		return t->closed ? OUT_HANGUP : OUT_SILENT;
	if (p == HANDSHAKE_ZVT) {
		if (!t->too_long && t->unknown == 0 && (t->app_acks > 0 || t->refusals > 0))
			return OUT_OK;
		if (!t->too_long && t->unknown == 0 && t->replies > 0)
			return OUT_ALIVE;
		/* Cut inside an APDU, or bytes that are none. */
		return t->closed && !t->too_long && t->unknown == 0 ? OUT_HANGUP : OUT_GARBLED;
	}
	if (t->closed && !link_answer_complete(lr, p, &t->h))
		return OUT_HANGUP;
	/* Each protocol has a connection of its own: an ACK to the STX frame
	 * cannot be a late answer to an earlier ENQ, as it can on a line. */
	if (p == HANDSHAKE_STX_ETX_LRC && link_judge(lr, p, &t->h) == OUT_ACK_ONLY)
		return OUT_ALIVE;
	return link_judge(lr, p, &t->h);
}

/* Send a raw ZVT APDU; only the allowed ones ever leave. */
static bool link_tcp_send_apdu(struct link_run *lr, const uint8_t *apdu, size_t n)
{
	if (!zvt_apdu_is_allowed(apdu, n)) {
		lr->err = EINVAL;
		return false;
	}
	return link_send(lr, apdu, n);
}

/* After the raw ZVT answer: acknowledge each terminal message (status,
 * completion) with the raw 80 00 00 until it ends the dialogue, falls
 * quiet for timeout_ms, or LINK_ZVT_FRAMES came. */
static enum link_outcome link_tcp_zvt_finish(struct link_run *lr, struct link_tcp_heard *t,
					     int timeout_ms)
{
	static const uint8_t app_ack[] = { 0x80, 0x00, 0x00 };
	size_t done = t->used;

	/* What came with the answer is looked at again, one APDU at a time. */
	t->used = 0;
	t->apdus = t->replies = t->unknown = t->app_acks = t->refusals = t->ends = 0;
	for (int frames = 0; frames < LINK_ZVT_FRAMES;) {
		struct zvt_apdu a;
		int k = zvt_apdu_decode(t->h.rx + t->used, t->h.rxlen - t->used, &a);

		if (k < 0)
			return OUT_OK;
		if (k > 0) {
			bool seen = t->used < done;

			if (!seen)
				link_log(lr, "rx", t->h.rx + t->used, (size_t)k);
			t->used += (size_t)k;
			if (a.cls == 0x80 || a.cls == 0x84)
				continue;   /* an acknowledgement needs no answer */
			if (!zvt_apdu_is_reply(&a))
				return OUT_OK;
			frames++;
			if (!link_tcp_send_apdu(lr, app_ack, sizeof(app_ack)))
				return link_lost(lr->err);
			if (a.cls == 0x06 && (a.instr == 0x0f || a.instr == 0x1e)) {
				result_detail(lr->res, "zvt dialogue ended by the terminal");
				return OUT_OK;
			}
			continue;
		}
		/* Need more bytes: read, within timeout_ms of quiet. */
		if (t->used > 0) {
			memmove(t->h.rx, t->h.rx + t->used, t->h.rxlen - t->used);
			t->h.rxlen -= t->used;
			done = done > t->used ? done - t->used : 0;
			t->used = 0;
		}
		{
			int w = serial_sp_wait(lr->ln, timeout_ms);
			ssize_t n;

			if (w != 1 || probe_cancelled(lr->ctx))
				return OUT_OK;   /* the answer came: quiet or gone now is fine */
			n = serial_sp_read(lr->ln, t->h.rx + t->h.rxlen, sizeof(t->h.rx) - t->h.rxlen);
			if (n <= 0)
				return OUT_OK;
			t->h.rxlen += (size_t)n;
		}
	}
	return OUT_OK;
}

/* One request of protocol p on the connected socket and its answer. */
static enum link_outcome link_tcp_attempt(struct link_run *lr, enum cfg_handshake p,
					  int timeout_ms, double *exchange_ms)
{
	static const uint8_t ack = PROTO_ACK, eot = PROTO_EOT;
	struct link_tcp_heard t;
	uint8_t req[PROTO_FRAME_MAX];
	size_t req_len = 0;
	enum link_outcome out;
	int64_t t0;
	bool sent;

	memset(&t, 0, sizeof(t));
	link_heard_init(&t.h);
	if (!link_request(lr, p, req, sizeof(req), &req_len))
		return OUT_SILENT;
	t0 = clock_us();
	sent = p == HANDSHAKE_ZVT ? link_tcp_send_apdu(lr, req, req_len)
				  : link_send(lr, req, req_len);
	if (!sent)
		return link_lost(lr->err);
	lr->frames_sent++;
	out = link_collect(lr, p, &t.h, timeout_ms, false, &t);
	*exchange_ms = (double)(clock_us() - t0) / 1000.0;
	if (t.h.rxlen)
		link_log(lr, "rx", t.h.rx, t.h.rxlen);
	if (t.closed)
		result_detail(lr->res, "the terminal closed the connection");
	lr->naks += t.h.s.naks;
	if (out != OUT_OK)
		return out;
	out = link_noted(lr, p, link_tcp_judge(lr, p, &t));
	if (out == OUT_OK && p == HANDSHAKE_ZVT && !t.closed)
		return link_tcp_zvt_finish(lr, &t, lr->cfg->serial.timeout_ms);
	if (out == OUT_OK && p == HANDSHAKE_STX_ETX_LRC && !t.closed && !link_send(lr, &ack, 1))
		return OUT_OK;   /* answered; a close now only cuts the courtesy */
	if (out == OUT_OK && p != HANDSHAKE_CUSTOM && p != HANDSHAKE_ZVT && !t.closed)
		link_send(lr, &eot, 1);
	return out;
}

/* One connection: connect, then protocol p tries times. Returns the best
 * outcome; connect failures fill res and give OUT_STOP with *connected
 * false. */
static enum link_outcome link_tcp_session(struct link_run *lr,
					  const struct serial_tcp_target *tg, enum cfg_handshake p,
					  int tries, bool *connected, double *connect_ms,
					  double *exchange_ms)
{
	struct serial_line ln;
	enum link_outcome best = OUT_SILENT;
	struct check_result scratch;

	/* A failed connect is reported in res only for the first connection. */
	result_init(&scratch);
	if (!serial_tcp_open(lr->ctx, tg, &ln, *connected ? &scratch : lr->res, connect_ms)) {
		if (*connected)
			lr->err = ECONNABORTED;
		return OUT_STOP;
	}
	*connected = true;
	lr->ln = &ln;
	result_detail(lr->res, "try protocol %s", link_proto_name(p));
	for (int i = 0; i < tries; i++) {
		int ms = link_slot_ms(lr, lr->cfg->serial.timeout_ms);
		enum link_outcome o;

		if (ms <= 0)
			break;
		o = link_tcp_attempt(lr, p, ms, exchange_ms);
		probe_progress(lr->ctx, i + 1, tries);
		if (o == OUT_OK || o == OUT_ALIVE || o == OUT_HANGUP || o == OUT_STOP ||
		    o == OUT_NAK) {
			best = o;
			break;
		}
		if (o < best)
			best = o;
	}
	serial_sp_close(&ln);
	lr->ln = NULL;
	return best;
}

/* serial.link over TCP: the configured protocol (auto: each in the serial
 * order), then, when a named one got no proper answer, the others. */
static void link_tcp_run(struct link_run *lr, const struct serial_tcp_target *tg)
{
	static const enum cfg_handshake order[] = { HANDSHAKE_ENQ_ACK, HANDSHAKE_ZVT,
						    HANDSHAKE_STX_ETX_LRC };
	struct check_result *res = lr->res;
	enum cfg_handshake mine = lr->cfg->serial.handshake, other = HANDSHAKE_AUTO;
	enum link_outcome o = OUT_SILENT;
	bool connected = false, garbled = false, hung = false;
	double connect_ms = 0, first_connect = 0, exchange_ms = 0;
	int tries = 1 + (lr->cfg->serial.retries > 0 ? lr->cfg->serial.retries : 0);

	if (mine != HANDSHAKE_AUTO) {
		o = link_tcp_session(lr, tg, mine, tries, &connected, &first_connect, &exchange_ms);
		garbled = o == OUT_GARBLED;
	}
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		enum cfg_handshake p = order[i];
		enum link_outcome q;

		if (mine != HANDSHAKE_AUTO &&
		    (o == OUT_OK || o == OUT_ALIVE || o == OUT_NAK || o == OUT_HANGUP ||
		     o == OUT_STOP))
			break;
		/* Concert and enq-ack are the same on the wire. */
		if (p == mine || (p == HANDSHAKE_ENQ_ACK && mine == HANDSHAKE_CONCERT))
			continue;
		q = link_tcp_session(lr, tg, p, 1, &connected, connected ? &connect_ms : &first_connect,
				     &exchange_ms);
		if (q == OUT_STOP && !connected)
			return;   /* the first connect failed: res says why */
		if (mine == HANDSHAKE_AUTO) {
			/* A terminal may drop a connection that brought it another
			 * protocol's bytes: go on with the next one. */
			garbled |= q == OUT_GARBLED;
			hung |= q == OUT_HANGUP;
			if (q != OUT_HANGUP && q < o)
				o = q;
			if (q == OUT_OK || q == OUT_ALIVE || q == OUT_STOP)
				break;
		} else if (q == OUT_OK || q == OUT_ALIVE) {
			other = p;
			break;
		} else if (q == OUT_STOP) {
			break;
		}
	}
	if (!connected)
		return;   /* the connect failed: serial_tcp_open filled res */
	if (hung && o == OUT_SILENT && !garbled)
		o = OUT_HANGUP;
	result_metric(res, "connect_ms", first_connect);
	result_metric(res, "frames_sent", lr->frames_sent);
	result_metric_text(res, "protocol_configured", link_proto_name(mine));
	if (o == OUT_OK || o == OUT_ALIVE) {
		result_set(res, STATUS_OK, "serial.tcp_ok");
		result_metric_text(res, "protocol", link_proto_name(lr->answered));
		result_arg(res, "protocol", "%s", link_proto_name(lr->answered));
		result_metric(res, "exchange_ms", exchange_ms);
	} else if (other != HANDSHAKE_AUTO) {
		result_set(res, STATUS_FAIL, "serial.protocol_mismatch");
		result_metric_text(res, "detected_protocol", link_proto_name(other));
		result_arg(res, "detected_protocol", "%s", link_proto_name(other));
		result_arg(res, "protocol", "%s", link_proto_name(mine));
	} else if (o == OUT_NAK) {
		result_set(res, STATUS_FAIL, "serial.tcp_nak");
		result_metric(res, "naks", lr->naks);
	} else if (o == OUT_HANGUP) {
		result_set(res, STATUS_FAIL, "serial.tcp_closed");
	} else if (o == OUT_STOP) {
		/* Cancelled runs are relabelled by the runner. */
		result_set(res, STATUS_FAIL, "serial.open_failed");
		result_errno(res, lr->err ? lr->err : EIO);
	} else if (garbled) {
		result_set(res, STATUS_FAIL, "serial.tcp_garbage");
	} else {
		result_set(res, STATUS_FAIL, "serial.tcp_silent");
		result_metric(res, "timeout_ms", lr->cfg->serial.timeout_ms);
	}
	serial_tcp_args(tg, res);
}

/* Set up a run of serial.link; false (res filled) when the config's
 * request/expect cannot be sent. */
static bool link_start(struct link_run *lr, struct probe_ctx *ctx, struct check_result *res,
		       struct serial_line *ln)
{
	memset(lr, 0, sizeof(*lr));
	lr->ctx = ctx;
	lr->res = res;
	lr->ln = ln;
	lr->cfg = ctx->cfg;
	lr->baud = ctx->cfg->serial.baud;
	lr->answered = ctx->cfg->serial.handshake;
	if (!link_check_request(lr)) {
		result_set(res, STATUS_FAIL, "serial.bad_setting");
		result_arg(res, "setting", "%s", "request/expect (hex bytes)");
		return false;
	}
	return true;
}

/* The exchange with a network terminal named by the caller (serial.ecr). */
void serial_link_run_tcp(struct probe_ctx *ctx, struct check_result *res,
			 const struct serial_tcp_target *tg)
{
	struct serial_line ln;
	struct link_run lr;

	if (link_start(&lr, ctx, res, &ln))
		link_tcp_run(&lr, tg);
}

/* serial.link: choose, open, listen, handshake, search, close, verdict. */
void serial_link_run(struct probe_ctx *ctx, struct check_result *res)
{
	struct serial_portinfo info;
	struct serial_line ln;
	struct link_run lr;
	struct serial_counters c0, c1;
	struct link_found fd;
	struct serial_tcp_target tg;
	enum link_outcome o, stop = OUT_SILENT;
	enum cfg_handshake other = HANDSHAKE_AUTO;
	int tries = 0, rc, cfg_errors;
	bool have_counters, is_auto = ctx->cfg->serial.handshake == HANDSHAKE_AUTO;

	memset(&fd, 0, sizeof(fd));
	if (!link_start(&lr, ctx, res, &ln))
		return;
	if (serial_tcp_target(ctx->cfg, &tg)) {
		link_tcp_run(&lr, &tg);
		return;
	}
	if (!serial_port_choose(ctx->cfg, &info, res, false))
		return;
	if (!serial_port_open(ctx, &info, &ln, res, true))
		return;
	have_counters = serial_sp_counters(&ln, &c0) == 0;
	o = link_listen(&lr);
	if (o != OUT_ALIVE && o != OUT_HANGUP && o != OUT_STOP) {
		if (is_auto) {
			/* auto first takes a quick look everywhere (the terminal's
			 * protocol and setting are unknown); the configured setting
			 * gets its full timeout and retries after the search. */
			o = link_try(&lr, link_slot_ms(&lr, link_search_wait_ms(ctx->cfg)));
			tries = 1;
		} else {
			o = link_configured(&lr, &tries);
		}
	}
	lr.naks_cfg = lr.naks;   /* refusals at the configured settings */
	/* Garbage at a wrong speed or framing is expected, not a line fault:
	 * line_errors counts what the configured settings met. */
	cfg_errors = lr.line_errors;
	if (o == OUT_ACK_ONLY && ctx->cfg->serial.handshake != HANDSHAKE_AUTO) {
		/* A lone ACK to a ZVT frame may come from a Concert terminal that
		 * took the 05 inside it for ENQ: ask the others before saying
		 * "no application reply". */
		other = link_other_protocols(&lr, &stop);
		lr.line_errors = cfg_errors;
		if (stop == OUT_HANGUP || stop == OUT_STOP)
			o = stop;
	} else if (o != OUT_OK && o != OUT_ALIVE && o != OUT_HANGUP && o != OUT_STOP) {
		rc = link_search(&lr, &fd);
		result_metric(res, "search_ms", (double)fd.took_ms);
		result_metric(res, "search_budget_ms", link_search_budget_ms(ctx->cfg));
		result_metric(res, "settings_tried", fd.tried);
		if (rc < 0)
			o = rc == -1 ? OUT_HANGUP : OUT_STOP;
		else if (rc == 0 && o == OUT_SILENT && !is_auto)
			other = link_other_protocols(&lr, &stop);
		if (lr.line_errors > cfg_errors)
			result_detail(res, "%d garbled answers at the other settings tried",
				      lr.line_errors - cfg_errors);
		lr.line_errors = cfg_errors;
		if (rc == 0 && is_auto)
			o = link_slow_look(&lr, o, &tries);
		/* A full answer found at another setting outweighs a lone ACK
		 * (perhaps a late one) at the configured setting. */
		if (rc == 1 && o == OUT_ACK_ONLY)
			o = OUT_SILENT;
		if (stop == OUT_HANGUP || stop == OUT_STOP)
			o = stop;
	}
	result_metric(res, "tries", tries);
	if (o == OUT_HANGUP || o == OUT_STOP) {
		link_interrupted(&lr, o);
		serial_sp_close(&ln);
		return;
	}
	if (have_counters && serial_sp_counters(&ln, &c1) == 0)
		link_add_uart_errors(&lr, &c0, &c1);
	serial_sp_close(&ln);
	link_verdict(&lr, o, &fd, other);
}
