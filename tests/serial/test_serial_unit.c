/* test_serial_unit.c - serial module: framing, ranking, and the checks run
 * in-process against the simulated terminal (termsim.py) on a plain pty. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "probe.h"
#include "registry.h"
#include "serial.h"

/* LRC of a known Concert-style frame: XOR after STX through ETX. */
static void test_lrc_frame(void **state)
{
	uint8_t out[16];
	size_t n;

	(void)state;
	n = proto_frame_build((const uint8_t *)"00OK", 4, out, sizeof(out));
	assert_int_equal(n, 7);
	assert_int_equal(out[0], PROTO_STX);
	assert_int_equal(out[5], PROTO_ETX);
	assert_int_equal(out[6], '0' ^ '0' ^ 'O' ^ 'K' ^ PROTO_ETX);
	assert_int_equal(proto_frame_build((const uint8_t *)"abc", 3, out, 5), 0);
	n = proto_frame_build(NULL, 0, out, sizeof(out));
	assert_int_equal(n, 3);
	assert_int_equal(out[2], PROTO_ETX);
}

/* Published ZVT example frames (as the open ecrterm project's tests give
 * them): APDU, then the whole frame on the wire. */
static const struct {
	const char *apdu, *frame;
} zvt_examples[] = {
	{ "80 00 00", "10 02 80 00 00 10 03 F5 1F" },                       /* app ACK */
	{ "84 9C 00", "10 02 84 9C 00 10 03 C3 41" },                       /* app error */
	{ "05 01 03 12 34 56", "10 02 05 01 03 12 34 56 10 03 E0 43" },     /* status enquiry */
	{ "06 70 00", "10 02 06 70 00 10 03 D9 F9" },                       /* diagnosis */
	/* An authorisation: only decoded here, never sent; its amount holds a
	 * 0x10 that the frame doubles. */
	{ "06 01 0A 04 00 00 00 01 10 00 49 09 78",
	  "10 02 06 01 0A 04 00 00 00 01 10 10 00 49 09 78 10 03 F2 FF" },
};

/* Raw APDUs as ZVT sends them over TCP/IP (no transport layer): the
 * published examples above, the FF long-length form (a print text block),
 * cut and oversized ones, and which are terminal replies. */
static void test_zvt_raw_apdus(void **state)
{
	static const struct {
		const char *hex;
		uint8_t cls, instr;
		size_t header, len;
		bool reply;
	} ok[] = {
		{ "80 00 00", 0x80, 0x00, 3, 0, true },
		{ "84 9C 00", 0x84, 0x9c, 3, 0, true },
		{ "05 01 03 00 00 00", 0x05, 0x01, 3, 3, false },
		{ "04 0F 02 27 00", 0x04, 0x0f, 3, 2, true },
		{ "04 FF 01 0A", 0x04, 0xff, 3, 1, true },
		{ "06 0F 00", 0x06, 0x0f, 3, 0, true },
		{ "06 1E 01 6C", 0x06, 0x1e, 3, 1, true },
		{ "06 D3 FF 04 00 06 D3 00 00", 0x06, 0xd3, 5, 4, true },
		{ "06 01 0A 04 00 00 00 01 10 00 49 09 78", 0x06, 0x01, 3, 10, false },
		{ "06 70 00", 0x06, 0x70, 3, 0, false },
	};
	uint8_t b[ZVT_APDU_MAX + 8], out[ZVT_APDU_MAX + 8];
	struct zvt_apdu a;
	int n;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		n = proto_hex_parse(ok[i].hex, b, sizeof(b));
		assert_true(n > 0);
		/* Whole, followed by the next APDU, and cut at every byte. */
		assert_int_equal(zvt_apdu_decode(b, (size_t)n, &a), n);
		assert_int_equal(a.cls, ok[i].cls);
		assert_int_equal(a.instr, ok[i].instr);
		assert_int_equal(a.header, ok[i].header);
		assert_int_equal(a.len, ok[i].len);
		assert_int_equal(zvt_apdu_is_reply(&a), ok[i].reply);
		assert_int_equal(zvt_apdu_encode(&a, out, sizeof(out)), (size_t)n);
		assert_memory_equal(out, b, (size_t)n);
		memcpy(b + n, "\x80\x00\x00", 3);
		assert_int_equal(zvt_apdu_decode(b, (size_t)n + 3, &a), n);
		for (int k = 0; k < n; k++)
			assert_int_equal(zvt_apdu_decode(b, (size_t)k, &a), 0);
	}
	/* A length past what a status dialogue can carry. */
	assert_int_equal(zvt_apdu_decode((const uint8_t *)"\x06\xd3\xff\xff\xff", 5, &a), -1);
	assert_int_equal(zvt_apdu_decode((const uint8_t *)"\x06\xd3\xff\x00\x02", 5, &a), -1);
	/* Only the enquiry and the acknowledgement may leave, raw as framed. */
	assert_true(zvt_apdu_is_allowed((const uint8_t *)"\x05\x01\x03\x00\x00\x00", 6));
	assert_false(zvt_apdu_is_allowed((const uint8_t *)"\x06\x01\x00", 3));
}

/* ZVT frames: CRC, DLE doubling, decoding, and the allow-list. */
static void test_zvt_frames(void **state)
{
	uint8_t apdu[64], wire[64], out[64];
	struct zvt_frame f;
	struct zvt_scan sc;
	int na, nw;

	(void)state;
	/* The CRC-16 catalogue check value of this variant (reflected CCITT,
	 * start 0): "123456789" -> 0x2189. */
	assert_int_equal(zvt_crc((const uint8_t *)"123456789", 9), 0x2189);
	for (size_t i = 0; i < sizeof(zvt_examples) / sizeof(zvt_examples[0]); i++) {
		na = proto_hex_parse(zvt_examples[i].apdu, apdu, sizeof(apdu));
		nw = proto_hex_parse(zvt_examples[i].frame, wire, sizeof(wire));
		assert_true(na > 0 && nw > 0);
		assert_int_equal(zvt_frame_build(apdu, (size_t)na, out, sizeof(out)), nw);
		assert_memory_equal(out, wire, (size_t)nw);
		assert_int_equal(zvt_frame_decode(wire, (size_t)nw, &f), nw);
		assert_true(f.crc_ok);
		assert_true(f.length_ok);
		assert_int_equal(f.len, na);
		assert_memory_equal(f.apdu, apdu, (size_t)na);
		/* One byte at a time, after a transport ACK. */
		zvt_scan_init(&sc);
		assert_int_equal(zvt_scan_feed(&sc, (const uint8_t *)"\x06", 1), 0);
		for (int k = 0; k < nw; k++)
			zvt_scan_feed(&sc, wire + k, 1);
		assert_int_equal(sc.acks, 1);
		assert_int_equal(sc.frames_ok, 1);
		assert_int_equal(sc.garbage, 0);
		assert_false(zvt_scan_in_frame(&sc));
	}
	/* A flipped CRC byte is a bad frame, a cut frame is incomplete, a DLE
	 * followed by anything but DLE/ETX is broken. */
	nw = proto_hex_parse("10 02 80 00 00 10 03 F5 1E", wire, sizeof(wire));
	assert_int_equal(zvt_frame_decode(wire, (size_t)nw, &f), nw);
	assert_false(f.crc_ok);
	assert_int_equal(zvt_frame_decode(wire, 6, &f), 0);
	nw = proto_hex_parse("10 02 80 10 41 00 10 03 00 00", wire, sizeof(wire));
	assert_int_equal(zvt_frame_decode(wire, (size_t)nw, &f), -1);
	/* The length field disagreeing with the APDU's size. */
	na = proto_hex_parse("80 00 05", apdu, sizeof(apdu));
	nw = (int)zvt_frame_build(apdu, (size_t)na, wire, sizeof(wire));
	assert_int_equal(zvt_frame_decode(wire, (size_t)nw, &f), nw);
	assert_true(f.crc_ok);
	assert_false(f.length_ok);
	/* Scanner sorts application answers. */
	zvt_scan_init(&sc);
	nw = proto_hex_parse("06 10 02 80 00 00 10 03 F5 1F 15 10 02 84 9C 00 10 03 C3 41 FF FE", wire, sizeof(wire));
	assert_int_equal(zvt_scan_feed(&sc, wire, (size_t)nw), 2);
	assert_int_equal(sc.app_acks, 1);
	assert_int_equal(sc.app_errors, 1);
	assert_int_equal(sc.naks, 1);
	assert_int_equal(sc.garbage, 1);
	/* What posdoctor may send, and what it may not. */
	na = (int)zvt_status_enquiry(apdu, sizeof(apdu));
	assert_true(zvt_apdu_is_allowed(apdu, (size_t)na));
	assert_true(zvt_apdu_is_allowed((const uint8_t *)"\x80\x00\x00", 3));
	for (size_t i = 3; i < sizeof(zvt_examples) / sizeof(zvt_examples[0]); i++) {
		na = proto_hex_parse(zvt_examples[i].apdu, apdu, sizeof(apdu));
		assert_false(zvt_apdu_is_allowed(apdu, (size_t)na));
	}
	assert_int_equal(zvt_frame_build(apdu, 40, out, 20), 0);
}

/* STX..ETX LRC frames decoded into a struct (Concert, generic). */
static void test_lrc_decode(void **state)
{
	uint8_t wire[32];
	struct proto_lrc_frame f;
	size_t n;

	(void)state;
	n = proto_frame_build((const uint8_t *)"00OK", 4, wire, sizeof(wire));
	assert_int_equal(proto_lrc_decode(wire, n, &f), (int)n);
	assert_true(f.lrc_ok);
	assert_int_equal(f.len, 4);
	assert_memory_equal(f.payload, "00OK", 4);
	wire[n - 1] ^= 1;
	assert_int_equal(proto_lrc_decode(wire, n, &f), (int)n);
	assert_false(f.lrc_ok);
	assert_int_equal(proto_lrc_decode(wire, n - 1, &f), 0);
	assert_int_equal(proto_lrc_decode((const uint8_t *)"\x06\x15", 2, &f), 0);
}

/* The scanner tells good frames, bad LRCs, control bytes and garbage. */
static void test_scan(void **state)
{
	struct proto_scan s;
	uint8_t good[16], bad[16];
	size_t ng = proto_frame_build((const uint8_t *)"HB", 2, good, sizeof(good));
	size_t nb = proto_frame_build((const uint8_t *)"HB", 2, bad, sizeof(bad));
	static const uint8_t junk[] = { 0x81, 0x92, 0xff, PROTO_ACK, 0x80 };

	(void)state;
	bad[nb - 1] ^= 0x5a;
	proto_scan_init(&s);
	proto_scan_feed(&s, good, 3);            /* split across reads */
	assert_true(proto_scan_in_frame(&s));
	proto_scan_feed(&s, good + 3, ng - 3);
	assert_false(proto_scan_in_frame(&s));
	assert_int_equal(s.frames_ok, 1);
	assert_memory_equal(s.last, "HB", 2);
	proto_scan_feed(&s, bad, nb);
	assert_int_equal(s.frames_bad, 1);
	proto_scan_feed(&s, junk, sizeof(junk));
	assert_int_equal(s.garbage, 2);          /* two runs around the ACK */
	assert_int_equal(s.acks, 1);
	assert_int_equal(proto_scan_errors(&s), 3);
	assert_false(s.first_is_garbage);
}

/* Hex parsing accepts the usual spellings and refuses the rest. */
static void test_hex(void **state)
{
	uint8_t b[4];
	char s[32];

	(void)state;
	assert_int_equal(proto_hex_parse("05 01", b, sizeof(b)), 2);
	assert_int_equal(b[0], 5);
	assert_int_equal(b[1], 1);
	assert_int_equal(proto_hex_parse("0x02,0xAf", b, sizeof(b)), 2);
	assert_int_equal(b[1], 0xaf);
	assert_int_equal(proto_hex_parse("0G", b, sizeof(b)), -1);
	assert_int_equal(proto_hex_parse("050", b, sizeof(b)), -1);
	assert_int_equal(proto_hex_parse("0102030405", b, sizeof(b)), -1);
	assert_int_equal(proto_hex_parse("", b, sizeof(b)), 0);
	proto_hex_format((const uint8_t *)"\x05\x06", 2, s, sizeof(s));
	assert_string_equal(s, "05 06");
}

/* A port description for ranking tests. */
static struct serial_portinfo mk_port(const char *dev, const char *transport, int vid,
				      int pid, const char *by_id)
{
	struct serial_portinfo p;

	memset(&p, 0, sizeof(p));
	snprintf(p.device, sizeof(p.device), "%s", dev);
	snprintf(p.transport, sizeof(p.transport), "%s", transport);
	snprintf(p.by_id, sizeof(p.by_id), "%s", by_id);
	p.vid = vid;
	p.pid = pid;
	return p;
}

/* Evidence order: configured id > terminal maker > chip > by-id > native. */
static void test_rank(void **state)
{
	struct config cfg;
	struct serial_candidate c[8];
	struct serial_portinfo l[5];
	int n;

	(void)state;
	config_defaults(&cfg);
	l[0] = mk_port("/dev/ttyS0", "native", -1, -1, "");
	l[1] = mk_port("/dev/ttyUSB0", "usb", 0x0403, 0x6001, "");
	l[2] = mk_port("/dev/ttyACM0", "usb", 0x11ca, 0x0219, "/dev/serial/by-id/usb-Verifone");
	l[3] = mk_port("/dev/ttyUSB1", "usb", 0x1a86, 0x7523, "/dev/serial/by-id/usb-ch340");
	l[4] = mk_port("/dev/ttyUSB2", "usb", 0x1234, 0x0001, "");
	n = serial_port_rank(&cfg, l, 5, c);
	assert_int_equal(n, 5);
	assert_string_equal(c[0].info.device, "/dev/ttyACM0");
	assert_string_equal(c[1].info.device, "/dev/ttyUSB1");
	assert_string_equal(c[2].info.device, "/dev/ttyUSB0");
	assert_string_equal(c[4].info.device, "/dev/ttyS0");
	assert_non_null(strstr(c[0].why, "Verifone"));

	/* A configured USB id narrows the field to the ports that carry it. */
	cfg.serial.usb_vid = 0x0403;
	n = serial_port_rank(&cfg, l, 5, c);
	assert_int_equal(n, 1);
	assert_string_equal(c[0].info.device, "/dev/ttyUSB0");
	cfg.serial.usb_pid = 0x6015;
	assert_int_equal(serial_port_rank(&cfg, l, 5, c), 0);

	/* Two equal adapters tie. */
	config_defaults(&cfg);
	l[0] = mk_port("/dev/ttyUSB3", "usb", 0x0403, 0x6001, "");
	n = serial_port_rank(&cfg, l, 2, c);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].score, c[1].score);
}

/* ---- checks against termsim.py on a plain pty ---- */

struct sim {
	pid_t pid;
	char dir[64];
	char port[128];
};

/* Start termsim.py with extra args; waits for its ready file. */
static int sim_start(struct sim *s, const char *const *args)
{
	const char *py = getenv("TERMSIM");
	char ready[128];
	const char *argv[24];
	int n = 0;
	FILE *f;

	if (!py)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/serial-unit-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(ready, sizeof(ready), "%s/ready", s->dir);
	argv[n++] = "python3";
	argv[n++] = py;
	argv[n++] = "--ready";
	argv[n++] = ready;
	for (int i = 0; args[i] && n < 22; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	s->pid = fork();
	if (s->pid == 0) {
		execvp("python3", (char *const *)argv);
		_exit(127);
	}
	for (int i = 0; i < 500; i++) {
		f = fopen(ready, "r");
		if (f) {
			if (fgets(s->port, sizeof(s->port), f))
				s->port[strcspn(s->port, "\n")] = '\0';
			fclose(f);
			unlink(ready);
			rmdir(s->dir);
			return s->port[0] ? 0 : -1;
		}
		clock_sleep_ms(10);
	}
	return -1;
}

static void sim_stop(struct sim *s)
{
	int st;

	kill(s->pid, SIGTERM);
	waitpid(s->pid, &st, 0);
}

/* Run a serial check by id against cfg with a deadline ms from now. */
static void run_check_within(const char *id, const struct config *cfg,
			     struct check_result *res, int ms)
{
	const struct probe *const *p = serial_probes;
	struct probe_ctx ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = cfg;
	ctx.label = "";
	ctx.deadline_ms = clock_ms() + ms;
	result_init(res);
	for (; *p; p++)
		if (strcmp((*p)->id, id) == 0)
			(*p)->run(&ctx, res);
}

/* Run a serial check by id against cfg with a far deadline. */
static void run_check(const char *id, const struct config *cfg, struct check_result *res)
{
	run_check_within(id, cfg, res, 20000);
}

/* Config for the plain pty path at baud. */
static void pty_config(struct config *cfg, const char *port, int baud)
{
	config_defaults(cfg);
	snprintf(cfg->serial.port, sizeof(cfg->serial.port), "%s", port);
	cfg->serial.baud = baud;
	cfg->serial.timeout_ms = 300;
	cfg->serial.retries = 1;
}

static double metric(const struct check_result *r, const char *name)
{
	const struct metric *m = result_find_metric(r, name);

	return m ? m->value : -1;
}

static void test_link_enq_ack(void **state)
{
	static const char *const args[] = { "--mode", "ack", "--baud", "9600", NULL };
	struct sim s;
	struct config cfg;
	struct check_result res;

	(void)state;
	if (sim_start(&s, args) != 0)
		skip();
	pty_config(&cfg, s.port, 9600);
	run_check("serial.link", &cfg, &res);
	assert_string_equal(res.code, "serial.ok");
	assert_int_equal(res.status, STATUS_OK);
	assert_non_null(strstr(res.detail, "tx 05"));
	assert_non_null(strstr(res.detail, "rx 06"));
	run_check("serial.access", &cfg, &res);
	assert_string_equal(res.code, "serial.ok");
	run_check("serial.signals", &cfg, &res);
	assert_string_equal(res.code, "serial.no_modem_lines");
	assert_int_equal(res.status, STATUS_SKIP);
	sim_stop(&s);
}

static void test_link_baud_search(void **state)
{
	static const char *const args[] = { "--mode", "ack", "--baud", "38400", NULL };
	struct sim s;
	struct config cfg;
	struct check_result res;
	int64_t t0;

	(void)state;
	if (sim_start(&s, args) != 0)
		skip();
	pty_config(&cfg, s.port, 9600);
	cfg.serial.handshake = HANDSHAKE_STX_ETX_LRC;
	t0 = clock_ms();
	run_check("serial.link", &cfg, &res);
	assert_string_equal(res.code, "serial.baud_mismatch");
	assert_int_equal((int)metric(&res, "detected_baud"), 38400);
	assert_true(clock_ms() - t0 < 5000);
	sim_stop(&s);
}

static void test_link_hangup(void **state)
{
	static const char *const args[] = { "--mode", "hangup", NULL };
	struct sim s;
	struct config cfg;
	struct check_result res;
	int64_t t0;

	(void)state;
	if (sim_start(&s, args) != 0)
		skip();
	pty_config(&cfg, s.port, 9600);
	cfg.serial.timeout_ms = 3000;
	t0 = clock_ms();
	run_check("serial.link", &cfg, &res);
	assert_string_equal(res.code, "serial.hangup");
	/* Seen at once: well before the 3 s timeout. */
	assert_true(clock_ms() - t0 < 2000);
	sim_stop(&s);
}

/* Run serial.link against a simulator started with args; cfg is adjusted
 * by the caller through fn. */
static void link_case(const char *const *args, void (*fn)(struct config *),
		      struct check_result *res)
{
	struct sim s;
	struct config cfg;

	if (sim_start(&s, args) != 0)
		skip();
	pty_config(&cfg, s.port, 9600);
	if (fn)
		fn(&cfg);
	run_check("serial.link", &cfg, res);
	sim_stop(&s);
}

static void cfg_stx(struct config *cfg)
{
	cfg->serial.handshake = HANDSHAKE_STX_ETX_LRC;
	snprintf(cfg->serial.request, sizeof(cfg->serial.request), "00");
}

static void cfg_custom(struct config *cfg)
{
	cfg->serial.handshake = HANDSHAKE_CUSTOM;
	snprintf(cfg->serial.request, sizeof(cfg->serial.request), "05 01");
	snprintf(cfg->serial.expect, sizeof(cfg->serial.expect), "06 00");
}

static void cfg_noisy(struct config *cfg)
{
	cfg->serial.retries = 3;
	cfg->serial.line_errors_warn = 2;
}

static void cfg_one_rate(struct config *cfg)
{
	cfg_stx(cfg);
	cfg->serial.retries = 2;
	cfg->serial.n_try_bauds = 1;
	cfg->serial.try_bauds[0] = 9600;
}

static void test_link_handshakes(void **state)
{
	static const char *const ack[] = { "--mode", "ack", NULL };
	static const char *const ackonly[] = { "--mode", "ackonly", NULL };
	static const char *const custom[] = { "--mode", "ack", "--request", "0501",
					      "--reply", "0600", NULL };
	static const char *const wrong[] = { "--mode", "ack", "--request", "0501",
					     "--reply", "0601", NULL };
	static const char *const longer[] = { "--mode", "ack", "--request", "0501", "--reply",
					      "06000000000000000000000000000000000000000000000000"
					      "00000000000000000000000000000000000000000000000000"
					      "00000000000000000000", NULL };
	struct check_result res;

	(void)state;
	link_case(ack, cfg_stx, &res);
	assert_string_equal(res.code, "serial.ok");
	assert_non_null(strstr(res.detail, "tx 02 30 30 03 03"));   /* LRC 30^30^03 */
	link_case(ackonly, cfg_stx, &res);
	assert_string_equal(res.code, "serial.ok");
	assert_int_equal((int)metric(&res, "frames_sent"), 1);
	link_case(custom, cfg_custom, &res);
	assert_string_equal(res.code, "serial.ok");
	assert_non_null(strstr(res.detail, "rx 06 00"));
	link_case(wrong, cfg_custom, &res);
	assert_int_equal(res.status, STATUS_FAIL);
	assert_string_equal(res.code, "serial.line_errors");
	/* A reply longer than the detail shows: its first 48 bytes, then "...". */
	link_case(longer, cfg_custom, &res);
	{
		char want[8 + 48 * 3 + 4] = "rx 06";

		for (int i = 1; i < 48; i++)
			strcat(want, " 00");
		strcat(want, "...");
		assert_non_null(strstr(res.detail, want));
	}
}

static void test_link_faults(void **state)
{
	static const char *const nak[] = { "--mode", "nak", NULL };
	static const char *const silent[] = { "--mode", "silent", NULL };
	static const char *const badlrc[] = { "--mode", "badlrc", NULL };
	static const char *const noisy[] = { "--mode", "noisy", "--noisy", "3", NULL };
	static const char *const hb[] = { "--mode", "silent", "--heartbeat-ms", "50", NULL };
	struct check_result res;

	(void)state;
	link_case(nak, NULL, &res);
	assert_string_equal(res.code, "serial.nak");
	assert_int_equal((int)metric(&res, "naks"), 2);
	link_case(silent, NULL, &res);
	assert_string_equal(res.code, "serial.no_response");
	/* 2 tries, then the 4 other rates (ENQ and ACK are the same bits in
	 * 8N1, 7E1 and 8N2: one framing stands for all), then ZVT (8N1, which
	 * stands for its own 8N2) and an STX frame at the configured rate. */
	assert_int_equal((int)metric(&res, "frames_sent"), 2 + 4 + 2);
	assert_int_equal((int)metric(&res, "settings_tried"), 4);
	assert_true(metric(&res, "search_ms") <= metric(&res, "search_budget_ms") + 100);
	link_case(badlrc, cfg_one_rate, &res);
	assert_string_equal(res.code, "serial.line_errors");
	assert_int_equal(res.status, STATUS_FAIL);
	assert_int_equal((int)metric(&res, "line_errors"), 3);
	link_case(noisy, cfg_noisy, &res);
	assert_string_equal(res.code, "serial.line_errors");
	assert_int_equal(res.status, STATUS_WARN);
	assert_int_equal((int)metric(&res, "line_errors"), 3);
	/* Heartbeats are heard while the answer is awaited. */
	link_case(hb, NULL, &res);
	assert_string_equal(res.code, "serial.ok");
}

static void test_port_missing(void **state)
{
	struct config cfg;
	struct check_result res;

	(void)state;
	pty_config(&cfg, "/dev/ttyUSB-posdoctor-none", 9600);
	run_check("serial.port", &cfg, &res);
	assert_string_equal(res.code, "serial.port_missing");
	assert_int_equal(res.status, STATUS_FAIL);
	assert_non_null(result_find_arg(&res, "available"));
	pty_config(&cfg, "/etc/hostname", 9600);
	run_check("serial.port", &cfg, &res);
	assert_string_equal(res.code, "serial.not_a_port");
}

/* A budget used up before any request went out is a timeout, never
 * "the terminal did not answer" (it was never asked). */
static void test_link_no_time_to_ask(void **state)
{
	static const char *const args[] = { "--mode", "ack", "--baud", "9600", NULL };
	struct sim s;
	struct config cfg;
	struct check_result res;

	(void)state;
	if (sim_start(&s, args) != 0)
		skip();
	pty_config(&cfg, s.port, 9600);
	/* 100 ms: less than the time kept back for closing and reporting. */
	run_check_within("serial.link", &cfg, &res, 100);
	assert_string_equal(res.code, "check.timeout");
	assert_int_equal(res.status, STATUS_FAIL);
	assert_int_equal((int)metric(&res, "frames_sent"), 0);
	assert_non_null(result_find_arg(&res, "timeout_s"));
	/* With time, the same terminal answers. */
	run_check("serial.link", &cfg, &res);
	assert_string_equal(res.code, "serial.ok");
	sim_stop(&s);
}

struct lock_case {
	struct config cfg;
	struct check_result res;
	int64_t took_ms;
};

/* Thread body: serial.access with a short deadline. */
static void *lock_case_run(void *arg)
{
	struct lock_case *lc = arg;
	int64_t t0 = clock_ms();

	run_check_within("serial.access", &lc->cfg, &lc->res, 600);
	lc->took_ms = clock_ms() - t0;
	return NULL;
}

/* A check that spends its budget waiting for the port lock (another check
 * holds the port) ends in check.timeout by its deadline. */
static void test_lock_timeout(void **state)
{
	static const char *const args[] = { "--mode", "ack", "--baud", "9600", NULL };
	static struct lock_case lc;
	struct serial_portinfo info;
	struct serial_line held;
	struct check_result tmp;
	struct sim s;
	pthread_t th;

	(void)state;
	if (sim_start(&s, args) != 0)
		skip();
	pty_config(&lc.cfg, s.port, 9600);
	result_init(&tmp);
	assert_true(serial_port_choose(&lc.cfg, &info, &tmp, false));
	assert_int_equal(serial_sp_open(&held, &info, clock_ms() + 2000, false), 0);
	assert_int_equal(pthread_create(&th, NULL, lock_case_run, &lc), 0);
	pthread_join(th, NULL);
	serial_sp_close(&held);
	assert_string_equal(lc.res.code, "check.timeout");
	assert_int_equal(lc.res.status, STATUS_FAIL);
	assert_non_null(result_find_arg(&lc.res, "timeout_s"));
	assert_true(lc.took_ms < 600 + 500);
	sim_stop(&s);
}

/* errno texts are fixed English, never the locale's, and never NULL. */
static void test_errno_text(void **state)
{
	char eb[SERIAL_ERRTEXT_MAX];

	(void)state;
	assert_string_equal(errno_text(EACCES, eb, sizeof(eb)), "Permission denied");
	assert_string_equal(errno_text(EIO, eb, sizeof(eb)), "Input/output error");
	assert_string_equal(errno_text(99999, eb, sizeof(eb)), "error 99999");
	assert_string_equal(errno_text(-3, eb, sizeof(eb)), "error -3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lrc_frame),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_zvt_frames),
		cmocka_unit_test(test_zvt_raw_apdus),
		cmocka_unit_test(test_lrc_decode),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_link_enq_ack),
		cmocka_unit_test(test_link_baud_search),
		cmocka_unit_test(test_link_hangup),
		cmocka_unit_test(test_link_handshakes),
		cmocka_unit_test(test_link_faults),
		cmocka_unit_test(test_port_missing),
		cmocka_unit_test(test_errno_text),
		cmocka_unit_test(test_link_no_time_to_ask),
		cmocka_unit_test(test_lock_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
