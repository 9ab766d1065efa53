/* arp_oui.c - vendor names for MAC addresses.
 *
 * Sources, loaded once on first use (any thread): the more recent of
 * Debian's ieee-data CSV files (MA-L, MA-M, MA-S, IAB) and arp-scan's
 * ieee-oui.txt, then the short list shipped in assets/ so payment-terminal
 * and router vendors are named even without those packages. Earlier
 * sources win for the same prefix; the longest matching prefix wins.
 */
#include "arp.h"

#include <ctype.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "paths.h"

/* One prefix: its key ((prefix << 2) | length class: 0 = 24 bits, 1 = 28,
 * 2 = 36) in the top 38 bits, the offset of its name in names in the low
 * 26. Appended while loading, then sorted once (stable, so the first source
 * to name a prefix wins) and searched by halves. */
#define NAME_BITS 26
#define ENTRY_KEY(e) ((e) >> NAME_BITS)
#define OUI_FILE_MAX (64L << 20)

static uint64_t *entries;
static size_t n_entries, cap_entries;
static char *names;
static size_t names_len, names_cap;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
/* Set (release) once the lists are sorted and searchable; lookups never
 * wait for the loader, checks wait for it with arp_oui_wait(). */
static atomic_bool loaded;
static atomic_bool preload_failed;
static pthread_mutex_t load_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t load_cv;
static pthread_once_t cv_once = PTHREAD_ONCE_INIT;
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

/* Copy name into the arena; returns its offset, or UINT32_MAX. */
static uint32_t names_add(const char *name)
{
	size_t len = strlen(name) + 1;

	if (names_len + len > names_cap) {
		size_t cap = names_cap ? names_cap * 2 : 1 << 16;
		char *p;

		while (cap < names_len + len)
			cap *= 2;
		p = realloc(names, cap);
		if (!p)
			return UINT32_MAX;
		names = p;
		names_cap = cap;
	}
	memcpy(names + names_len, name, len);
	names_len += len;
	return (uint32_t)(names_len - len);
}

/* Add one prefix (hex digits) with its organisation name. */
static void entry_add(const char *hex, size_t nhex, const char *name)
{
	uint64_t v = 0;
	uint32_t off;

	if ((nhex != 6 && nhex != 7 && nhex != 9) || !*name)
		return;
	for (size_t i = 0; i < nhex; i++) {
		int c = (unsigned char)hex[i];

		if (!isxdigit(c))
			return;
		v = (v << 4) | (uint64_t)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
	}
	if (n_entries == cap_entries) {
		size_t cap = cap_entries ? cap_entries * 2 : 1 << 15;
		uint64_t *p = realloc(entries, cap * sizeof(*p));

		if (!p)
			return;
		entries = p;
		cap_entries = cap;
	}
	off = names_add(name);
	if (off == UINT32_MAX || off >= (1u << NAME_BITS))
		return;
	v = (v << 2) | (nhex == 6 ? 0 : nhex == 7 ? 1 : 2);
	entries[n_entries++] = (v << NAME_BITS) | off;
}

/* Sort by key (LSD radix, stable), keep the first entry of each key. */
static void entries_finish(void)
{
	uint64_t *tmp;
	size_t kept = 0;

	if (n_entries == 0)
		return;
	tmp = malloc(n_entries * sizeof(*tmp));
	if (!tmp) {
		n_entries = 0;   /* no vendor names rather than wrong ones */
		return;
	}
	for (unsigned shift = NAME_BITS; shift < 64; shift += 8) {
		size_t count[257] = { 0 };

		for (size_t i = 0; i < n_entries; i++)
			count[((entries[i] >> shift) & 0xff) + 1]++;
		for (int b = 0; b < 256; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n_entries; i++)
			tmp[count[(entries[i] >> shift) & 0xff]++] = entries[i];
		memcpy(entries, tmp, n_entries * sizeof(*tmp));
	}
	free(tmp);
	for (size_t i = 0; i < n_entries; i++)
		if (kept == 0 || ENTRY_KEY(entries[kept - 1]) != ENTRY_KEY(entries[i]))
			entries[kept++] = entries[i];
	n_entries = kept;
}

/* One line of an ieee-data CSV: Registry,Assignment,"Organization",Address. */
static void parse_csv_line(char *line)
{
	char *hex = strchr(line, ',');
	char *org, *w;
	size_t nhex;

	if (!hex)
		return;
	hex++;
	org = strchr(hex, ',');
	if (!org)
		return;
	nhex = (size_t)(org - hex);
	org++;
	if (*org == '"') {
		/* Quoted field: "" is a quote, the closing quote ends it. */
		w = org;
		for (char *r = org + 1; *r; r++) {
			if (*r == '"' && r[1] == '"') {
				*w++ = '"';
				r++;
			} else if (*r == '"') {
				break;
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
	} else {
		w = strchr(org, ',');
		if (w)
			*w = '\0';
	}
	entry_add(hex, nhex, org);
}

/* One line of arp-scan's format (and ours): HEX<white space>Name. */
static void parse_txt_line(char *line)
{
	char *p = line;

	while (isxdigit((unsigned char)*p))
		p++;
	if (p == line || (*p != '\t' && *p != ' '))
		return;
	*p++ = '\0';
	while (*p == ' ' || *p == '\t')
		p++;
	entry_add(line, strlen(line), p);
}

/* Load one file; a missing or unreadable file is not an error. */
static void load_file(const char *path)
{
	size_t plen = strlen(path);
	bool csv = plen > 4 && strcmp(path + plen - 4, ".csv") == 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf, *line, *end;
	size_t got = 0;

	if (fd < 0)
		return;
	/* The IEEE lists are a few MB: read whole, split in place. */
	if (fstat(fd, &st) != 0 || st.st_size <= 0 || st.st_size > OUI_FILE_MAX ||
	    !(buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return;
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	buf[got] = '\0';
	for (line = buf; line < buf + got; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + got - line));
		if (!end)
			end = buf + got;
		*end = '\0';
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (csv)
			parse_csv_line(line);
		else
			parse_txt_line(line);
	}
	free(buf);
}

/* pthread_once body: load every source. */
static void db_load(void)
{
	if (test_paths) {
		for (int i = 0; i < n_test_paths; i++)
			if (test_paths[i])
				load_file(test_paths[i]);
	} else {
		const char *dir = paths_datadir();
		char fallback[4096];

		struct stat a, b;
		const char *scan = NULL;

		for (size_t i = 0; i < sizeof(arp_scan_files) / sizeof(arp_scan_files[0]) && !scan; i++)
			if (stat(arp_scan_files[i], &b) == 0)
				scan = arp_scan_files[i];
		if (stat(ieee_data_files[0], &a) == 0 &&
		    (!scan || a.st_mtime >= b.st_mtime)) {
			for (size_t i = 0; i < sizeof(ieee_data_files) / sizeof(ieee_data_files[0]); i++)
				load_file(ieee_data_files[i]);
		} else if (scan) {
			load_file(scan);
		}
		if (dir) {
			snprintf(fallback, sizeof(fallback), "%s/oui-fallback.txt", dir);
			load_file(fallback);
		}
	}
	entries_finish();
	pthread_mutex_lock(&load_mu);
	atomic_store_explicit(&loaded, true, memory_order_release);
	pthread_cond_broadcast(&load_cv);
	pthread_mutex_unlock(&load_mu);
}

/* The condition variable waits on the monotonic clock (the wall clock may
 * jump when NTP sets it at boot). */
static void cv_init(void)
{
	pthread_condattr_t a;

	pthread_condattr_init(&a);
	pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
	pthread_cond_init(&load_cv, &a);
	pthread_condattr_destroy(&a);
}

/* Loader thread body. */
static void *preload_main(void *arg);

/* Start the loader thread once; without a thread, lookups load it. */
static void preload_start(void)
{
	pthread_t t;
	pthread_attr_t attr;

	pthread_once(&cv_once, cv_init);
	if (pthread_attr_init(&attr) != 0) {
		atomic_store(&preload_failed, true);
		return;
	}
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* Without a loader thread there are no vendor names this run: a
	 * lookup never reads the lists on the check's own time. */
	if (pthread_create(&t, &attr, preload_main, NULL) != 0)
		atomic_store(&preload_failed, true);
	pthread_attr_destroy(&attr);
}

/* Loader thread body. */
static void *preload_main(void *arg)
{
	(void)arg;
	pthread_once(&load_once, db_load);
	return NULL;
}

/* Start loading the vendor lists in the background (once). */
void arp_oui_preload(void)
{
	static pthread_once_t started = PTHREAD_ONCE_INIT;

	pthread_once(&started, preload_start);
}

/* Wait at most ms for the lists (starting the loader if need be); true
 * when they are loaded, false when the time ran out first. */
bool arp_oui_wait(int ms)
{
	struct timespec until;
	bool ok;

	if (atomic_load_explicit(&loaded, memory_order_acquire))
		return true;
	arp_oui_preload();
	if (ms <= 0 || atomic_load(&preload_failed))
		return atomic_load_explicit(&loaded, memory_order_acquire);
	until = clock_deadline_ts(ms);
	pthread_mutex_lock(&load_mu);
	while (!atomic_load_explicit(&loaded, memory_order_acquire))
		if (pthread_cond_timedwait(&load_cv, &load_mu, &until) != 0)
			break;   /* ETIMEDOUT (or EINVAL): stop waiting */
	ok = atomic_load_explicit(&loaded, memory_order_acquire);
	pthread_mutex_unlock(&load_mu);
	return ok;
}

/* Tests: read these files instead of the system lists. */
void arp_oui_use_files(const char *const *paths, int n)
{
	test_paths = paths;
	n_test_paths = n;
}

/* The name registered for prefix of bits, or NULL. */
static const char *db_find(uint64_t prefix, uint8_t bits)
{
	uint64_t key = (prefix << 2) | (bits == 24 ? 0 : bits == 28 ? 1 : 2);
	size_t lo = 0, hi = n_entries;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ENTRY_KEY(entries[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n_entries && ENTRY_KEY(entries[lo]) == key)
		return names + (entries[lo] & ((1u << NAME_BITS) - 1));
	return NULL;
}

/* Vendor of a MAC, or what kind of address it is. */
void arp_oui_vendor(const uint8_t mac[6], char *out, size_t len)
{
	static const uint8_t lengths[] = { 36, 28, 24 };
	uint64_t v = 0;

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
	/* Never wait here: a list still loading means "vendor unknown". */
	if (!atomic_load_explicit(&loaded, memory_order_acquire))
		return;
	for (int i = 0; i < 6; i++)
		v = (v << 8) | mac[i];
	for (size_t i = 0; i < sizeof(lengths); i++) {
		const char *name = db_find(v >> (48 - lengths[i]), lengths[i]);

		if (name) {
			snprintf(out, len, "%s", name);
			arp_oui_trim(out);
			return;
		}
	}
}
