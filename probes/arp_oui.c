/* arp_oui.c - vendor names for MAC addresses.
 *
 * Sources, loaded once on first use (any thread): Debian's ieee-data CSV
 * files (MA-L, MA-M, MA-S, IAB), arp-scan's ieee-oui.txt, then the short
 * list shipped in assets/ so payment-terminal and router vendors are named
 * even without those packages. Earlier sources win for the same prefix;
 * the longest matching prefix wins overall.
 */
#include "arp.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "paths.h"

struct oui_entry {
	uint64_t key;        /* (prefix << 8) | bits; 0 = empty slot */
	uint32_t name_off;   /* into names (the registry's text, untrimmed) */
};

/* Open-addressing hash of prefixes: the first source to name a prefix wins,
 * so later duplicates cost neither a name nor a sort. */
static struct oui_entry *table;
static size_t table_cap, table_used;
static char *names;
static size_t names_len, names_cap;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static const char *const *test_paths;
static int n_test_paths;

static const char *const system_files[] = {
	"/usr/share/ieee-data/oui.csv",
	"/usr/share/ieee-data/mam.csv",
	"/usr/share/ieee-data/oui36.csv",
	"/usr/share/ieee-data/iab.csv",
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

/* Slot of key: its own, or the empty one where it belongs. */
static struct oui_entry *table_slot(uint64_t key)
{
	/* Fibonacci hashing; the table size is a power of two. */
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 20) & (table_cap - 1);

	while (table[i].key && table[i].key != key)
		i = (i + 1) & (table_cap - 1);
	return &table[i];
}

/* Double the table (or make the first); false when out of memory. */
static bool table_grow(void)
{
	struct oui_entry *old = table;
	size_t old_cap = table_cap;
	size_t cap = table_cap ? table_cap * 2 : 1 << 16;
	struct oui_entry *t = calloc(cap, sizeof(*t));

	if (!t)
		return false;
	table = t;
	table_cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key)
			*table_slot(old[i].key) = old[i];
	free(old);
	return true;
}

/* Add one prefix (hex digits) with its organisation name, unless an earlier
 * source named it already. */
static void entry_add(const char *hex, size_t nhex, const char *name)
{
	uint64_t v = 0, key;
	struct oui_entry *e;
	uint32_t off;

	if ((nhex != 6 && nhex != 7 && nhex != 9) || !*name)
		return;
	for (size_t i = 0; i < nhex; i++) {
		int c = (unsigned char)hex[i];

		if (!isxdigit(c))
			return;
		v = (v << 4) | (uint64_t)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
	}
	key = (v << 8) | (uint64_t)(nhex * 4);
	if ((table_used + 1) * 4 > table_cap * 3 && !table_grow())
		return;
	e = table_slot(key);
	if (e->key)
		return;
	off = names_add(name);
	if (off == UINT32_MAX)
		return;
	e->key = key;
	e->name_off = off;
	table_used++;
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

/* Load one file; a missing file is not an error. */
static void load_file(const char *path)
{
	FILE *f = fopen(path, "re");
	size_t plen = strlen(path);
	bool csv = plen > 4 && strcmp(path + plen - 4, ".csv") == 0;
	char line[1024];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");

		line[n] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (csv)
			parse_csv_line(line);
		else
			parse_txt_line(line);
	}
	fclose(f);
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

		for (size_t i = 0; i < sizeof(system_files) / sizeof(system_files[0]); i++)
			load_file(system_files[i]);
		if (dir) {
			snprintf(fallback, sizeof(fallback), "%s/oui-fallback.txt", dir);
			load_file(fallback);
		}
	}
}

/* Loader thread body. */
static void *preload_main(void *arg);

/* Start the loader thread once; without a thread, lookups load it. */
static void preload_start(void)
{
	pthread_t t;
	pthread_attr_t attr;

	if (pthread_attr_init(&attr) != 0)
		return;
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, preload_main, NULL) != 0)
		(void)0;   /* the first lookup loads the lists itself */
	pthread_attr_destroy(&attr);
}

/* Loader thread body. */
static void *preload_main(void *arg)
{
	(void)arg;
	pthread_once(&load_once, db_load);
	return NULL;
}

void arp_oui_preload(void)
{
	static pthread_once_t started = PTHREAD_ONCE_INIT;

	pthread_once(&started, preload_start);
}

void arp_oui_use_files(const char *const *paths, int n)
{
	test_paths = paths;
	n_test_paths = n;
}

/* The name registered for prefix of bits, or NULL. */
static const char *db_find(uint64_t prefix, uint8_t bits)
{
	const struct oui_entry *e;

	if (!table_cap)
		return NULL;
	e = table_slot((prefix << 8) | bits);
	return e->key ? names + e->name_off : NULL;
}

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
	pthread_once(&load_once, db_load);
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
