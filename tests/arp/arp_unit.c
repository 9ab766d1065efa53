/* arp_unit.c - unit tests of the arp module's parts that need no privilege:
 * the classic BPF program (run by the kernel on a socketpair), frame
 * parsing, the routing table, vendor names, the remembered gateway MAC, and
 * the checks' answers for interfaces that cannot be checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arp.h"
#include "clock.h"
#include "config.h"
#include "registry.h"

static char tmpdir[64];

static const uint8_t mac_us[6] = { 0x02, 0, 0, 0, 0, 0x0a };
static const uint8_t mac_other[6] = { 0x54, 0xe1, 0x40, 0, 0, 0x0b };

/* Network-order address of a dotted quad. */
static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

/* Write text to tmpdir/name; returns the path (static buffer per call site). */
static const char *fixture(const char *name, const char *text, char *path, size_t len)
{
	FILE *f;

	snprintf(path, len, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* An ARP reply frame from src claiming spa. */
static void reply_frame(uint8_t *buf, const uint8_t src[6], uint32_t spa, uint32_t tpa)
{
	arp_frame_build(buf, src, NULL, spa, tpa);
	buf[21] = ARP_OP_REPLY;
}

/* Whether the kernel lets frame through prog on a socketpair. */
static bool bpf_passes(const struct sock_filter *prog, int n, const uint8_t *frame, size_t len)
{
	int sv[2];
	struct sock_fprog fp = { (unsigned short)n, (struct sock_filter *)prog };
	uint8_t buf[128];
	ssize_t got;

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	assert_int_equal(setsockopt(sv[1], SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)), 0);
	assert_int_equal(send(sv[0], frame, len, 0), (ssize_t)len);
	got = recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT);
	close(sv[0]);
	close(sv[1]);
	return got > 0;
}

/* The kernel runs our BPF program: right frames in, others out. */
static void test_bpf_filter(void **state)
{
	struct sock_filter prog[ARP_BPF_MAX];
	uint32_t ours[2] = { ip4("10.0.0.10"), ip4("10.0.0.11") };
	uint8_t f[ARP_FRAME_LEN];
	int n;

	(void)state;
	n = arp_bpf_build(prog, 0, ours, 2, true);
	assert_true(n > 0);
	/* A reply claiming either of our addresses passes. */
	reply_frame(f, mac_other, ours[0], 0);
	assert_true(bpf_passes(prog, n, f, sizeof(f)));
	reply_frame(f, mac_other, ours[1], 0);
	assert_true(bpf_passes(prog, n, f, sizeof(f)));
	/* Someone else's address does not. */
	reply_frame(f, mac_other, ip4("10.0.0.20"), ours[0]);
	assert_false(bpf_passes(prog, n, f, sizeof(f)));
	/* A probe (sender 0.0.0.0) for our address passes, for another not. */
	arp_frame_build(f, mac_other, NULL, 0, ours[1]);
	assert_true(bpf_passes(prog, n, f, sizeof(f)));
	arp_frame_build(f, mac_other, NULL, 0, ip4("10.0.0.20"));
	assert_false(bpf_passes(prog, n, f, sizeof(f)));
	/* Not ARP, not Ethernet/IPv4 ARP: dropped. */
	reply_frame(f, mac_other, ours[0], 0);
	f[13] = 0x00;   /* EtherType 0x0800 */
	assert_false(bpf_passes(prog, n, f, sizeof(f)));
	reply_frame(f, mac_other, ours[0], 0);
	f[18] = 8;      /* hardware address length */
	assert_false(bpf_passes(prog, n, f, sizeof(f)));
	/* Without probes: only sender addresses count. */
	n = arp_bpf_build(prog, 0, ours, 1, false);
	arp_frame_build(f, mac_other, NULL, 0, ours[0]);
	assert_false(bpf_passes(prog, n, f, sizeof(f)));
	/* Any sender (the lan module's passive listening): every sane ARP
	 * frame passes, a non-ARP one still does not. */
	n = arp_bpf_build(prog, 0, NULL, 0, false);
	assert_true(n > 0);
	reply_frame(f, mac_other, ip4("172.16.9.9"), ours[0]);
	assert_true(bpf_passes(prog, n, f, sizeof(f)));
	arp_frame_build(f, mac_other, NULL, ip4("10.0.0.20"), ip4("10.0.0.20"));
	assert_true(bpf_passes(prog, n, f, sizeof(f)));
	f[13] = 0x00;
	assert_false(bpf_passes(prog, n, f, sizeof(f)));
	/* Bad sizes are refused. */
	assert_int_equal(arp_bpf_build(prog, 0, ours, 0, true), -1);
	assert_int_equal(arp_bpf_build(prog, 0, ours, -1, false), -1);
	assert_int_equal(arp_bpf_build(prog, 0, ours, SYS_IF_MAX_ADDRS + 1, true), -1);
}

/* Frames that must not count are dropped and counted by reason. */
static void test_frame_parse(void **state)
{
	uint8_t local[2][6];
	uint8_t f[64];
	struct arp_frame fr;
	struct arp_drops d;

	(void)state;
	memset(&d, 0, sizeof(d));
	memcpy(local[0], mac_us, 6);
	memcpy(local[1], mac_us, 6);
	local[1][5] = 0x1a;
	reply_frame(f, mac_other, ip4("10.0.0.10"), 0);
	assert_true(arp_frame_parse(f, ARP_FRAME_LEN, false, local, 2, &fr, &d));
	assert_int_equal(fr.op, ARP_OP_REPLY);
	assert_memory_equal(fr.sha, mac_other, 6);
	assert_int_equal(fr.spa, ip4("10.0.0.10"));
	/* Padded to the Ethernet minimum is fine. */
	memset(f + ARP_FRAME_LEN, 0, 18);
	assert_true(arp_frame_parse(f, 60, false, local, 2, &fr, &d));
	/* Short, tagged, spoofed source, our own second port, group MAC. */
	assert_false(arp_frame_parse(f, 41, false, local, 2, &fr, &d));
	assert_int_equal(d.malformed, 1);
	assert_false(arp_frame_parse(f, ARP_FRAME_LEN, true, local, 2, &fr, &d));
	assert_int_equal(d.vlan, 1);
	f[11] = 0x99;
	assert_false(arp_frame_parse(f, ARP_FRAME_LEN, false, local, 2, &fr, &d));
	assert_int_equal(d.spoofed_src, 1);
	reply_frame(f, local[1], ip4("10.0.0.10"), 0);
	assert_false(arp_frame_parse(f, ARP_FRAME_LEN, false, local, 2, &fr, &d));
	assert_int_equal(d.own_mac, 1);
	reply_frame(f, (const uint8_t[6]){ 0x01, 0, 0x5e, 0, 0, 1 }, ip4("10.0.0.10"), 0);
	assert_false(arp_frame_parse(f, ARP_FRAME_LEN, false, local, 2, &fr, &d));
	reply_frame(f, mac_other, ip4("10.0.0.10"), 0);
	f[21] = 9;      /* not request or reply */
	assert_false(arp_frame_parse(f, ARP_FRAME_LEN, false, local, 2, &fr, &d));
	assert_int_equal(d.malformed, 3);
}

/* Random bytes never crash the parser, and whatever it accepts is a sane
 * Ethernet/IPv4 ARP request or reply from someone else. */
static void test_frame_parse_garbage(void **state)
{
	uint8_t local[1][6], buf[80];
	struct arp_frame fr;
	struct arp_drops d;
	unsigned int seed = 42;
	int accepted = 0;

	(void)state;
	memset(&d, 0, sizeof(d));
	memcpy(local[0], mac_us, 6);
	for (int i = 0; i < 200000; i++) {
		size_t len = (size_t)(rand_r(&seed) % sizeof(buf));

		for (size_t k = 0; k < len; k++)
			buf[k] = (uint8_t)rand_r(&seed);
		/* Half the time, a valid header so the deeper checks are reached. */
		if (i % 2 && len >= ARP_FRAME_LEN) {
			static const uint8_t hdr[] = { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0 };

			memcpy(buf + 12, hdr, sizeof(hdr));
			if (i % 4 == 1)
				memcpy(buf + 22, buf + 6, 6);   /* sender = source */
		}
		if (arp_frame_parse(buf, len, false, local, 1, &fr, &d)) {
			accepted++;
			assert_true(len >= ARP_FRAME_LEN);
			assert_true(fr.op == ARP_OP_REQUEST || fr.op == ARP_OP_REPLY);
			assert_memory_equal(fr.sha, fr.eth_src, 6);
			assert_false(fr.sha[0] & 1);
			assert_memory_not_equal(fr.sha, mac_us, 6);
		}
	}
	assert_true(accepted > 0);
	assert_true(d.malformed > 0 && d.spoofed_src > 0);
}

/* Vendor lookup: first source wins, longest prefix, special ranges. */
static void test_oui(void **state)
{
	char csv[256], txt[256], fb[256], fifo[256], v[ARP_VENDOR_MAX];
	static const char *paths[5];
	int64_t t0;

	(void)state;
	/* A source that would block like a cold SD card: a FIFO nobody writes
	 * to. Only regular files are read, so it is skipped, not waited on. */
	snprintf(fifo, sizeof(fifo), "%s/slow-oui.txt", tmpdir);
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	paths[0] = fifo;
	paths[1] = fixture("oui.csv",
		"Registry,Assignment,Organization Name,Organization Address\n"
		"MA-L,54E140,INGENICO,28-32 boulevard de Grenelle PARIS  FR 75015 \n"
		"MA-L,4CBD8F,\"Hangzhou Hikvision Digital Technology Co.,Ltd.\",\"No.555 Qianmo Road\"\n"
		"MA-L,001DA9,\"Castles Technology, Co., LTD\",Taipei TW\r\n"
		"MA-L,70B3D5,IEEE Registration Authority,Piscataway\n"
		"MA-L,ZZZZZZ,Broken,\n", csv, sizeof(csv));
	paths[2] = fixture("ieee-oui.txt",
		"# arp-scan style\n"
		"70B3D5F2F\tTELEPLATFORMS\n"
		"54E140\tShould Not Win\n"
		"A0B1C2\t  Apple, Inc.\n", txt, sizeof(txt));
	paths[3] = fixture("fallback.txt", "# ours\nB827EB\tRaspberry Pi\n", fb, sizeof(fb));
	paths[4] = "/nonexistent/posdoctor-oui.csv";   /* a missing source */
	arp_oui_use_files(paths, 5);
	t0 = clock_ms();
	arp_oui_vendor(mac_other, v, sizeof(v));
	assert_true(clock_ms() - t0 < 1500);
	assert_string_equal(v, "INGENICO");             /* first source wins */
	arp_oui_vendor((const uint8_t[6]){ 0x4c, 0xbd, 0x8f, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "Hangzhou Hikvision Digital Technology");
	arp_oui_vendor((const uint8_t[6]){ 0x00, 0x1d, 0xa9, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "Castles Technology");
	/* Longest prefix: the MA-S block inside the IEEE's own MA-L. */
	arp_oui_vendor((const uint8_t[6]){ 0x70, 0xb3, 0xd5, 0xf2, 0xf0, 0x01 }, v, sizeof(v));
	assert_string_equal(v, "TELEPLATFORMS");
	arp_oui_vendor((const uint8_t[6]){ 0x70, 0xb3, 0xd5, 0x11, 0x10, 0x01 }, v, sizeof(v));
	assert_string_equal(v, "IEEE Registration Authority");
	arp_oui_vendor((const uint8_t[6]){ 0xa0, 0xb1, 0xc2, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "Apple");
	arp_oui_vendor((const uint8_t[6]){ 0xb8, 0x27, 0xeb, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "Raspberry Pi");
	arp_oui_vendor((const uint8_t[6]){ 0x00, 0x11, 0x22, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "");
	arp_oui_vendor(mac_us, v, sizeof(v));
	assert_string_equal(v, "locally administered");
	arp_oui_vendor((const uint8_t[6]){ 0, 0, 0x5e, 0, 1, 7 }, v, sizeof(v));
	assert_string_equal(v, "VRRP virtual router");
	/* A small buffer truncates, never overflows. */
	arp_oui_vendor(mac_other, v, 4);
	assert_string_equal(v, "ING");
	arp_oui_use_files(NULL, 0);
}

/* Vendor lookup edge cases: the key must be a whole key field (not text in
 * a name or an address), at the first or last byte of a file, quoted names,
 * 28- and 36-bit blocks beating their 24-bit parent in any order. */
static void test_oui_edges(void **state)
{
	char a[256], b[256], c[256], v[ARP_VENDOR_MAX];
	static const char *paths[3];

	(void)state;
	/* No header, key on the first byte, no newline at the end. */
	paths[0] = fixture("edge1.csv",
		"MA-L,A1B2C4,First Line Inc.,Addr\n"
		"MA-L,C0FFEE,\"Quote \"\"Q\"\" Co., Ltd.\",\"Street 1, MA-L,A1B2C6,Town\"\n"
		"MA-L,123456,Holder,\"near ,A1B2C6, and \"\n"
		"MA-M,A1B2C80,Twenty Eight,x\n"
		"MA-L,A1B2C8,Parent Of Blocks,x\n"
		"MA-S,A1B2C8123,Thirty Six,x\n"
		"MA-L,D1E2F3,Last Line", a, sizeof(a));
	/* The 24-bit name comes first here: longer still wins across files. */
	paths[1] = fixture("edge2.txt",
		"A1B2C6\tOnly In Text\n"
		"A1B2C8\tLosing Parent\n"
		"A1B2C9\tTab Name\n"
		"9C4C2C3\tNot A Key\n"
		"E0E1E2 Space Separated\n"
		"F0F1F2\tEnd Of File", b, sizeof(b));
	paths[2] = fixture("edge3.txt", "", c, sizeof(c));   /* empty */
	arp_oui_use_files(paths, 3);
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc4, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "First Line");
	arp_oui_vendor((const uint8_t[6]){ 0xd1, 0xe2, 0xf3, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "Last Line");
	arp_oui_vendor((const uint8_t[6]){ 0xc0, 0xff, 0xee, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "Quote Q");
	/* ",A1B2C6," appears only inside address fields of the CSV. */
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc6, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "Only In Text");
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc8, 0x01, 0x23, 0x45 }, v, sizeof(v));
	assert_string_equal(v, "Twenty Eight");
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc8, 0x12, 0x34, 0x56 }, v, sizeof(v));
	assert_string_equal(v, "Thirty Six");
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc8, 0xff, 0x34, 0x56 }, v, sizeof(v));
	assert_string_equal(v, "Parent Of Blocks");
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc9, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "Tab Name");
	arp_oui_vendor((const uint8_t[6]){ 0xc4, 0xc2, 0xc3, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "");   /* its digits are not at a line start */
	arp_oui_vendor((const uint8_t[6]){ 0xe0, 0xe1, 0xe2, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "Space Separated");
	arp_oui_vendor((const uint8_t[6]){ 0xf0, 0xf1, 0xf2, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "End Of File");
	/* Only missing files: unknown, no error. */
	paths[0] = paths[1] = "/nonexistent/oui.csv";
	arp_oui_use_files(paths, 2);
	arp_oui_vendor((const uint8_t[6]){ 0xa1, 0xb2, 0xc4, 1, 2, 3 }, v, sizeof(v));
	assert_string_equal(v, "");
	arp_oui_use_files(NULL, 0);
}

/* A line longer than the read buffer is skipped, keys after it found, and
 * a key straddling two reads is found whole. */
static void test_oui_long_lines(void **state)
{
	char path[256], v[ARP_VENDOR_MAX];
	static const char *paths[1];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/long.csv", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "MA-L,A8CDE0,Long,\"");
	for (int i = 0; i < 100000; i++)
		fputc('x', f);
	fprintf(f, "\"\n");
	for (int i = 0; i < 3000; i++)   /* ~90 KB: crosses read boundaries */
		fprintf(f, "MA-L,%06X,Vendor %d,Somewhere\n", 0x100000 + i, i);
	fclose(f);
	paths[0] = path;
	arp_oui_use_files(paths, 1);
	for (int i = 0; i < 3000; i += 7) {
		char want[32];
		unsigned x = 0x100000u + (unsigned)i;

		arp_oui_vendor((const uint8_t[6]){ (uint8_t)(x >> 16), (uint8_t)(x >> 8), (uint8_t)x, 0, 0, 1 },
			       v, sizeof(v));
		snprintf(want, sizeof(want), "Vendor %d", i);
		assert_string_equal(v, want);
	}
	arp_oui_vendor((const uint8_t[6]){ 0xa8, 0xcd, 0xe0, 0, 0, 1 }, v, sizeof(v));
	assert_string_equal(v, "");   /* its line did not fit: skipped, no crash */
	arp_oui_use_files(NULL, 0);
	unlink(path);
}

/* Error texts: glibc's English descriptions, "error N" when unknown. */
static void test_strerror(void **state)
{
	char eb[24];

	(void)state;
	assert_string_equal(errno_text(ENODEV, eb, sizeof(eb)), "No such device");
	assert_string_equal(errno_text(EPERM, eb, sizeof(eb)), "Operation not permitted");
	assert_string_equal(errno_text(99999, eb, sizeof(eb)), "error 99999");
	assert_string_equal(errno_text(-1, eb, sizeof(eb)), "error -1");
}

/* Registry names lose quotes, spaces and legal suffixes. */
static void test_oui_trim(void **state)
{
	static const char *const cases[][2] = {
		{ "TP-LINK TECHNOLOGIES CO.,LTD.", "TP-LINK TECHNOLOGIES" },
		{ "  Espressif   Inc. ", "Espressif" },
		{ "\"Cisco Systems, Inc\"", "Cisco Systems" },
		{ "Seiko Epson Corporation", "Seiko Epson" },
		{ "Ltd", "Ltd" },
		{ "Verifone", "Verifone" },
		{ "", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%s", cases[i][0]);
		arp_oui_trim(buf);
		assert_string_equal(buf, cases[i][1]);
	}
}

/* Remembered MACs: keyed, atomic, private, safe without a home. */
static void test_state(void **state)
{
	char dir[128], path[160];
	uint8_t m[6], m2[6] = { 0x54, 0xe1, 0x40, 0, 0, 2 };
	struct stat st;
	FILE *f;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/xdg", tmpdir);
	setenv("XDG_STATE_HOME", dir, 1);
	assert_int_equal(arp_state_get("eth0", ip4("10.0.0.1"), m), 0);
	assert_int_equal(arp_state_put("eth0", ip4("10.0.0.1"), mac_other), 0);
	assert_int_equal(arp_state_get("eth0", ip4("10.0.0.1"), m), 1);
	assert_memory_equal(m, mac_other, 6);
	/* Keyed by interface and gateway. */
	assert_int_equal(arp_state_get("wlan0", ip4("10.0.0.1"), m), 0);
	assert_int_equal(arp_state_get("eth0", ip4("10.0.0.2"), m), 0);
	assert_int_equal(arp_state_put("wlan0", ip4("10.0.0.1"), m2), 0);
	assert_int_equal(arp_state_put("eth0", ip4("10.0.0.1"), m2), 0);
	assert_int_equal(arp_state_get("eth0", ip4("10.0.0.1"), m), 1);
	assert_memory_equal(m, m2, 6);
	assert_int_equal(arp_state_get("wlan0", ip4("10.0.0.1"), m), 1);
	/* Private folder; exactly two lines, no temp file left. */
	snprintf(path, sizeof(path), "%s/posdoctor", dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	snprintf(path, sizeof(path), "%s/posdoctor/arp-gateway", dir);
	f = fopen(path, "r");
	assert_non_null(f);
	{
		char line[128];
		int lines = 0;

		while (fgets(line, sizeof(line), f))
			lines++;
		assert_int_equal(lines, 2);
	}
	fclose(f);
	/* Bad names are refused; no usable folder is an error, not a crash. */
	assert_int_equal(arp_state_put("a b", ip4("10.0.0.1"), m2), -1);
	setenv("XDG_STATE_HOME", "relative/path", 1);
	unsetenv("HOME");
	assert_false(arp_state_dir(path, sizeof(path)));
	assert_int_equal(arp_state_put("eth0", ip4("10.0.0.1"), m2), -1);
	assert_int_equal(arp_state_get("eth0", ip4("10.0.0.1"), m), 0);
}

/* One MAC is one claimant however often it speaks. */
static void test_claims(void **state)
{
	struct arp_claims cl;
	uint8_t m[6];

	(void)state;
	memset(&cl, 0, sizeof(cl));
	arp_claims_add(&cl, mac_other, 1, false, 10);
	arp_claims_add(&cl, mac_other, 1, false, 20);
	assert_int_equal(cl.n, 1);
	assert_int_equal(cl.c[0].frames, 2);
	assert_int_equal(cl.c[0].first_us, 10);
	for (int i = 0; i < ARP_MAX_CLAIMS + 3; i++) {
		memcpy(m, mac_us, 6);
		m[5] = (uint8_t)i;
		arp_claims_add(&cl, m, 1, false, 30);
	}
	assert_int_equal(cl.n, ARP_MAX_CLAIMS);
	assert_true(sys_mac_parse("54:e1:40:00:00:0b", m));
	assert_memory_equal(m, mac_other, 6);
	assert_false(sys_mac_parse("54:e1:40:00:00", m));
	assert_false(sys_mac_parse("54:e1:40:00:00:0b:ff", m));
}

/* Run check id on interface ifname with a far deadline. */
static void run_on(const char *id, const char *ifname, struct check_result *res)
{
	struct config cfg;
	struct probe_ctx ctx;

	config_defaults(&cfg);
	snprintf(cfg.arp.interface, sizeof(cfg.arp.interface), "%s", ifname);
	memset(&ctx, 0, sizeof(ctx));
	ctx.cfg = &cfg;
	ctx.label = "";
	ctx.deadline_ms = clock_ms() + 5000;
	result_init(res);
	for (int i = 0; arp_probes[i]; i++)
		if (strcmp(arp_probes[i]->id, id) == 0)
			arp_probes[i]->run(&ctx, res);
}

/* Loopback and missing interfaces are named, never clean. */
static void test_unusable_interfaces(void **state)
{
	struct check_result r;
	static const char *const ids[] = { "arp.conflict", "arp.gateway" };

	(void)state;
	for (int i = 0; i < 2; i++) {
		run_on(ids[i], "lo", &r);
		assert_int_equal(r.status, STATUS_SKIP);
		assert_string_equal(r.code, "arp.loopback");
		run_on(ids[i], "nosuch0", &r);
		assert_int_equal(r.status, STATUS_WARN);
		assert_string_equal(r.code, "arp.interface_missing");
		assert_string_equal(result_find_arg(&r, "interface"), "nosuch0");
	}
}

/* Every code a check declares is one the module's files define, and the
 * declared budget covers the RFC timing. */
static void test_descriptors(void **state)
{
	struct config cfg;
	int n = 0;

	(void)state;
	config_defaults(&cfg);
	for (int i = 0; arp_probes[i]; i++, n++) {
		assert_string_equal(arp_probes[i]->module, "arp");
		assert_non_null(arp_probes[i]->codes);
		assert_true(arp_probes[i]->budget_ms(&cfg, 0) >= cfg.arp.wait_ms + 500);
	}
	assert_int_equal(n, 2);
	cfg.arp.mode = ARP_MODE_RFC;
	assert_true(arp_probes[0]->budget_ms(&cfg, 0) >= 7000);
}

/* A private temp folder for fixtures. */
static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/arp_unit.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Remove the fixtures. */
static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	/* Fixed layout: remove the files we made, then the folders. */
	static const char *const files[] = {
		"route", "oui.csv", "ieee-oui.txt", "fallback.txt", "slow-oui.txt",
		"edge1.csv", "edge2.txt", "edge3.txt",
		"xdg/posdoctor/arp-gateway", "xdg/posdoctor", "xdg",
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(cmd, sizeof(cmd), "%s/%s", tmpdir, files[i]);
		if (unlink(cmd) != 0)
			rmdir(cmd);
	}
	rmdir(tmpdir);
	return 0;
}

/* Run every test. */
int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bpf_filter),
		cmocka_unit_test(test_frame_parse),
		cmocka_unit_test(test_frame_parse_garbage),
		cmocka_unit_test(test_oui),
		cmocka_unit_test(test_oui_edges),
		cmocka_unit_test(test_oui_long_lines),
		cmocka_unit_test(test_strerror),
		cmocka_unit_test(test_oui_trim),
		cmocka_unit_test(test_claims),
		cmocka_unit_test(test_unusable_interfaces),
		cmocka_unit_test(test_descriptors),
		cmocka_unit_test(test_state),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
