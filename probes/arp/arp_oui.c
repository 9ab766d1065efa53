/* arp_oui.c - vendor names for MAC addresses.
 *
 * Sources: the more recent of Debian's ieee-data CSV files (MA-L, MA-M,
 * MA-S, IAB) and arp-scan's ieee-oui.txt, then the short list shipped in
 * assets/ so payment-terminal and router vendors are named even without
 * those packages. The longest matching prefix wins; earlier sources win for
 * the same prefix. Nothing is loaded ahead: a lookup streams each source
 * through a small buffer and searches it for the MAC's own key, so a run
 * that names no vendor reads no list and one that does holds no table.
 */
#include "arp.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"

/* Bytes read from a source at a time; a longer line is skipped. */
#define OUI_CHUNK (64 * 1024)
/* Longest organisation name kept from a registry line. */
#define OUI_NAME_MAX 256

static const char *const *test_paths;
static int n_test_paths;

/* Two installed copies of the IEEE registry (MA-L, MA-M, MA-S and IAB): only
 * the more recent one is read, since reading both doubles the start-up cost
 * for the same names. */
static const char *const ieee_data_files[] = {
	"/usr/share/ieee-data/oui.csv",
	"/usr/share/ieee-data/mam.csv",
	"/usr/share/ieee-data/oui36.csv",
	"/usr/share/ieee-data/iab.csv",
};
static const char *const arp_scan_files[] = {
	"/usr/share/arp-scan/ieee-oui.txt",
	"/usr/local/share/arp-scan/ieee-oui.txt",
};

/* Whether word (len bytes) is a legal-form word such as "Ltd.". */
static bool is_legal_suffix(const char *word, size_t len)
{
	static const char *const suffixes[] = {
		"Co", "Co.", "Ltd", "Ltd.", "Inc", "Inc.", "Corp", "Corp.", "Corporation",
		"LLC", "L.L.C.", "GmbH", "S.A.", "SA", "SAS", "AG", "Limited", "Company",
		"B.V.", "BV", "Pty", "A/S", "AB", "Oy", "S.p.A.", "SpA", "S.L.", "KG",
		"Co.Ltd", "Co.,Ltd", "Co.,Ltd.", "Co.Ltd.", "Ltda", "PLC", "Srl", "S.r.l.",
	};

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (strlen(suffixes[i]) == len && strncasecmp(word, suffixes[i], len) == 0)
			return true;
	return false;
}

/* Make a registry name readable: no quotes, no "Co.,Ltd.". */
void arp_oui_trim(char *name)
{
	char *w = name;
	bool space = false;

	/* Drop quotes, collapse runs of white space. */
	for (const char *r = name; *r; r++) {
		if (*r == '"')
			continue;
		if (isspace((unsigned char)*r)) {
			space = w != name;
			continue;
		}
		if (space)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
	/* Strip trailing legal-form words ("Co.,Ltd.", "Inc."), keeping one word. */
	for (;;) {
		size_t len = strlen(name);
		char *cut;

		while (len > 0 && (name[len - 1] == ',' || name[len - 1] == ' '))
			name[--len] = '\0';
		cut = name + len;
		while (cut > name && cut[-1] != ' ' && cut[-1] != ',')
			cut--;
		if (cut == name || !is_legal_suffix(cut, (size_t)(name + len - cut)))
			return;
		*cut = '\0';
	}
}

/* Best match so far: how many hex digits (0 = none) and the name. */
struct oui_best {
	size_t nhex;
	char name[OUI_NAME_MAX];
};

/* Whether c ends a key: the field separator of the format. */
static bool key_end(char c, bool csv)
{
	return csv ? c == ',' : c == '\t' || c == ' ';
}

/* Whether the key at hit starts a key field of its line (line starts the
 * line): the first field of arp-scan's format, the second (after a bare
 * registry name such as "MA-L") of a CSV - never text inside a name or an
 * address. */
static bool key_field_start(const char *line, const char *hit, bool csv)
{
	if (!csv)
		return hit == line;
	if (hit == line || hit[-1] != ',')
		return false;
	for (const char *p = line; p < hit - 1; p++)
		if (*p == ',' || *p == '"')
			return false;
	return hit - 1 > line;
}

/* Copy the name field starting at p (end: end of the line) into out:
 * a CSV field unquoted ("" is a quote), or the rest of a text line. */
static void name_copy(const char *p, const char *end, bool csv, char *out, size_t len)
{
	size_t w = 0;

	if (!csv) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		while (p < end && *p != '\r' && w + 1 < len)
			out[w++] = *p++;
	} else if (p < end && *p == '"') {
		for (p++; p < end && w + 1 < len; p++) {
			if (*p == '"' && p + 1 < end && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
			out[w++] = *p;
		}
	} else {
		while (p < end && *p != ',' && *p != '\r' && w + 1 < len)
			out[w++] = *p++;
	}
	out[w] = '\0';
}

/* Search complete lines buf[0..n) (buf starts a line) for key (9
 * upper-case hex digits of the MAC); record a match longer than best's. */
static void scan_lines(const char *buf, size_t n, const char key[9], bool csv,
		       struct oui_best *best)
{
	static const size_t lengths[] = { 9, 7, 6 };
	const char *end = buf + n, *p = buf, *hit;

	while (best->nhex < 9 && (hit = memmem(p, (size_t)(end - p), key, 6)) != NULL) {
		const char *line = memrchr(buf, '\n', (size_t)(hit - buf));
		const char *eol;

		p = hit + 1;
		line = line ? line + 1 : buf;
		if (!key_field_start(line, hit, csv))
			continue;
		eol = memchr(hit, '\n', (size_t)(end - hit));
		if (!eol)
			eol = end;
		for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
			size_t k = lengths[i];
			char name[OUI_NAME_MAX];

			if (k <= best->nhex || hit + k >= eol || !key_end(hit[k], csv) ||
			    memcmp(hit, key, k) != 0)
				continue;
			name_copy(hit + k + 1, eol, csv, name, sizeof(name));
			arp_oui_trim(name);
			if (!name[0])
				continue;
			best->nhex = k;
			memcpy(best->name, name, sizeof(name));
			break;
		}
	}
}

/* Search one source for key; a missing, unreadable or non-regular file (a
 * FIFO would block) is skipped. buf holds OUI_CHUNK bytes. */
static void scan_file(const char *path, const char key[9], char *buf, struct oui_best *best)
{
	size_t plen = strlen(path), have = 0;
	bool csv = plen > 4 && strcmp(path + plen - 4, ".csv") == 0;
	bool skipping = false;   /* inside a line longer than the buffer */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;

	if (fd < 0)
		return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return;
	}
	while (best->nhex < 9) {
		ssize_t got = read(fd, buf + have, OUI_CHUNK - have);
		const char *start = buf, *last;
		size_t n;

		if (got < 0)
			break;
		n = have + (size_t)got;
		if (skipping) {
			start = memchr(buf, '\n', n);
			if (!start) {
				have = 0;
				if (got == 0)
					break;
				continue;
			}
			start++;
			skipping = false;
		}
		if (got == 0) {          /* end of file: the last line may lack '\n' */
			scan_lines(start, (size_t)(buf + n - start), key, csv, best);
			break;
		}
		last = memrchr(start, '\n', (size_t)(buf + n - start));
		if (!last) {
			if (n == OUI_CHUNK) {
				skipping = true;
				have = 0;
			} else {
				memmove(buf, start, (size_t)(buf + n - start));
				have = (size_t)(buf + n - start);
			}
			continue;
		}
		scan_lines(start, (size_t)(last + 1 - start), key, csv, best);
		have = (size_t)(buf + n - (last + 1));
		memmove(buf, last + 1, have);
	}
	close(fd);
}

/* Search every source in order for key, stopping at a 36-bit match. */
static void db_search(const char key[9], struct oui_best *best)
{
	char *buf = malloc(OUI_CHUNK);

	if (!buf)
		return;   /* vendor unknown rather than a crash */
	if (test_paths) {
		for (int i = 0; i < n_test_paths && best->nhex < 9; i++)
			if (test_paths[i])
				scan_file(test_paths[i], key, buf, best);
	} else {
		const char *dir = paths_datadir();
		const char *scan = NULL;
		struct stat a, b;

		for (size_t i = 0; i < sizeof(arp_scan_files) / sizeof(arp_scan_files[0]) && !scan; i++)
			if (stat(arp_scan_files[i], &b) == 0)
				scan = arp_scan_files[i];
		if (stat(ieee_data_files[0], &a) == 0 && (!scan || a.st_mtime >= b.st_mtime)) {
			for (size_t i = 0; i < sizeof(ieee_data_files) / sizeof(ieee_data_files[0]); i++)
				scan_file(ieee_data_files[i], key, buf, best);
		} else if (scan) {
			scan_file(scan, key, buf, best);
		}
		if (dir && best->nhex < 9) {
			char fallback[4096];

			snprintf(fallback, sizeof(fallback), "%s/oui-fallback.txt", dir);
			scan_file(fallback, key, buf, best);
		}
	}
	free(buf);
}

/* Tests: read these files instead of the system lists. */
void arp_oui_use_files(const char *const *paths, int n)
{
	test_paths = paths;
	n_test_paths = n;
}

/* Vendor of a MAC, or what kind of address it is. */
void arp_oui_vendor(const uint8_t mac[6], char *out, size_t len)
{
	static const char hexd[] = "0123456789ABCDEF";
	struct oui_best best = { 0 };
	char key[9];

	if (len == 0)
		return;
	out[0] = '\0';
	/* RFC 5798 §7.3 and Cisco HSRP: shared router addresses, not a vendor. */
	if (mac[0] == 0 && mac[1] == 0 && mac[2] == 0x5e && mac[3] == 0 && mac[4] == 1) {
		snprintf(out, len, "VRRP virtual router");
		return;
	}
	if (mac[0] == 0 && mac[1] == 0 && mac[2] == 0x0c && mac[3] == 0x07 && mac[4] == 0xac) {
		snprintf(out, len, "HSRP virtual router");
		return;
	}
	/* IEEE 802: the U/L bit set means no vendor assigned it. */
	if (mac[0] & 0x02) {
		snprintf(out, len, "locally administered");
		return;
	}
	/* The registries write prefixes in upper-case hex, as key does. */
	for (int i = 0; i < 9; i++)
		key[i] = hexd[(mac[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	db_search(key, &best);
	if (best.nhex)
		snprintf(out, len, "%s", best.name);
}
