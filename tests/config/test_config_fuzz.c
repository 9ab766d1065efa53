/* test_config_fuzz.c - the config and catalogue loaders never crash, hang or
 * leak on broken input: every truncation of real files, seeded random
 * mutations, and a few pathological shapes (deep nesting, huge keys, NULs).
 * Run under ASan+UBSan in CI. Each load must also keep its promises: one
 * FILE:LINE:COLUMN line per problem counted, and in-range values when the
 * file was accepted.
 */
#include <dirent.h>
#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "catalog.h"
#include "catalog_load.h"
#include "config.h"

static char tmp[] = "/tmp/config_fuzz.XXXXXX";
static char path[600];
static long loads;

/* Deterministic xorshift, so a failure can be replayed. */
static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Lines in msgs, each checked to be "FILE:LINE:COLUMN: text" (FILE is the
 * loaded file, or a fixes file it names). */
static int count_lines(const char *msgs)
{
	regex_t re;
	int n = 0;

	assert_int_equal(regcomp(&re, "^[^\n]+:[0-9]+:[0-9]+: [^\n]+$", REG_EXTENDED | REG_NOSUB), 0);
	for (const char *p = msgs; *p; n++) {
		const char *nl = strchr(p, '\n');
		char line[2048];

		assert_non_null(nl);
		assert_true((size_t)(nl - p) < sizeof(line));
		memcpy(line, p, (size_t)(nl - p));
		line[nl - p] = '\0';
		if (regexec(&re, line, 0, NULL, 0) != 0)
			fail_msg("not FILE:LINE:COLUMN: message: %s", line);
		p = nl + 1;
	}
	regfree(&re);
	return n;
}

/* Whether a char[] field holds a terminated string. */
#define TERMINATED(f) (memchr((f), '\0', sizeof(f)) != NULL)

/* Load buf as config, fixes and strings; check the invariants. */
static void load_all(const char *buf, size_t len)
{
	struct config cfg;
	struct catalog *cat;
	char *msgs = NULL;
	size_t mlen;
	FILE *f = fopen(path, "wb"), *out;
	int n;

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
	loads++;

	config_defaults(&cfg);
	out = open_memstream(&msgs, &mlen);
	n = config_load_file(&cfg, path, out);
	fclose(out);
	assert_int_equal(count_lines(msgs), n);
	free(msgs);
	assert_true(cfg.network.n_hosts >= 0 && cfg.network.n_hosts <= CFG_MAX_HOSTS);
	assert_true(cfg.serial.n_try_bauds >= 0 && cfg.serial.n_try_bauds <= CFG_MAX_BAUDS);
	assert_true(TERMINATED(cfg.site.name) && TERMINATED(cfg.serial.port) &&
		    TERMINATED(cfg.fixes) && TERMINATED(cfg.power.ups.host) &&
		    TERMINATED(cfg.language));
	for (int i = 0; i < cfg.network.n_hosts; i++)
		assert_true(TERMINATED(cfg.network.hosts[i].name) &&
			    TERMINATED(cfg.network.hosts[i].ca_file));
	if (n == 0) {
		assert_true(cfg.network.count >= 1 && cfg.network.count <= 1000);
		assert_true(cfg.serial.data_bits >= 5 && cfg.serial.data_bits <= 8);
		assert_true(cfg.serial.usb_vid >= -1 && cfg.serial.usb_vid <= 0xffff);
		for (int i = 0; i < cfg.network.n_hosts; i++)
			assert_true(cfg.network.hosts[i].name[0] && cfg.network.hosts[i].address[0]);
	}

	cat = catalog_new();
	assert_non_null(cat);
	out = open_memstream(&msgs, &mlen);
	n = catalog_load_fixes(cat, path, out);
	n += catalog_load_strings(cat, path, out);
	fclose(out);
	assert_int_equal(count_lines(msgs), n);
	free(msgs);
	catalog_free(cat);
}

/* Read a whole file into memory (NULL when it cannot be read). */
static char *slurp(const char *file, size_t *len)
{
	FILE *f = fopen(file, "rb");
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 1 << 20, f);
	fclose(f);
	return buf;
}

/* Every truncation, then random mutations, of one real file. */
static void fuzz_file(const char *file)
{
	static const char specials[] = "{}[]:-&*!|>'\"\t\n#%@`,?\\ ~0x\xff\xe4\xb8";
	size_t len = 0, step;
	char *buf = slurp(file, &len), *m;

	assert_non_null(buf);
	step = len > 1500 ? len / 1500 + 1 : 1;
	for (size_t cut = 0; cut <= len; cut += step)
		load_all(buf, cut);
	m = malloc(len + 16);
	assert_non_null(m);
	for (int round = 0; round < 150 && len > 0; round++) {
		size_t mlen = len;

		memcpy(m, buf, len);
		for (int k = 1 + (int)(rnd() % 4); k > 0; k--) {
			size_t at = rnd() % mlen;

			switch (rnd() % 3) {
			case 0:         /* overwrite with a special character */
				m[at] = specials[rnd() % (sizeof(specials) - 1)];
				break;
			case 1:         /* random byte, NUL included */
				m[at] = (char)(rnd() & 0xff);
				break;
			default:        /* delete a byte */
				memmove(m + at, m + at + 1, mlen - at - 1);
				mlen--;
				break;
			}
			if (mlen == 0)
				break;
		}
		load_all(m, mlen);
	}
	free(m);
	free(buf);
}

/* Every fixture, the example config and the shipped catalogue. */
static void test_real_files(void **state)
{
	const char *src = getenv("SOURCE_DIR");
	static const char *const dirs[] = { "tests/config/fixtures", "assets", "assets/fixes",
					    "assets/strings" };
	int files = 0;

	(void)state;
	assert_non_null(src);
	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char dir[600];
		DIR *dh;
		struct dirent *de;

		snprintf(dir, sizeof(dir), "%s/%s", src, dirs[d]);
		dh = opendir(dir);
		assert_non_null(dh);
		while ((de = readdir(dh)) != NULL) {
			char file[1200];
			size_t l = strlen(de->d_name);

			if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") != 0)
				continue;
			snprintf(file, sizeof(file), "%s/%s", dir, de->d_name);
			fuzz_file(file);
			files++;
		}
		closedir(dh);
	}
	printf("%d files, %ld loads\n", files, loads);
	assert_true(files >= 20);
}

/* Shapes that break naive recursive or fixed-buffer loaders. */
static void test_pathological(void **state)
{
	size_t big = 200000;
	char *b = malloc(2 * 1024 * 1024 + 2);

	(void)state;
	assert_non_null(b);
	memset(b, '[', big);                             /* deep flow nesting */
	load_all(b, big);
	for (size_t i = 0; i + 3 <= big; i += 3)          /* deep flow maps */
		memcpy(b + i, "{a:", 3);
	load_all(b, big - big % 3);
	for (size_t i = 0, d = 0; i + 200 < big && d < 500; d++) {  /* deep block maps */
		memset(b + i, ' ', d);
		memcpy(b + i + d, "k:\n", 3);
		i += d + 3;
		b[i] = '\0';
	}
	load_all(b, strlen(b));
	memset(b, 'k', big);                             /* a 200 kB key */
	memcpy(b + big, ": 1\n", 4);
	load_all(b, big + 4);
	memcpy(b, "serial:\n  port: \"", 17);            /* a 200 kB string value */
	memset(b + 17, 'p', big);
	memcpy(b + 17 + big, "\"\n", 2);
	load_all(b, big + 19);
	load_all("serial: {port: \"a\\0b\"}\n", 23);     /* an escaped NUL */
	load_all("\"a\\0b\": 1\n", 10);                  /* a NUL in a key */
	load_all("\xef\xbb\xbfserial: {baud: 9600}\n", 24);  /* BOM */
	load_all("\xff\xfe\x00\x00", 4);                 /* UTF-32 BOM garbage */
	load_all("? [a, b]\n: 1\n", 13);                 /* a list as a key */
	load_all("network:\n  hosts: [[], {}, ~, 1]\n", 33);
	memset(b, '\n', 2 * 1024 * 1024 + 2);            /* over the size limit */
	load_all(b, 2 * 1024 * 1024 + 2);
	free(b);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(tmp))
		return -1;
	snprintf(path, sizeof(path), "%s/fuzz.yaml", tmp);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_files),
		cmocka_unit_test(test_pathological),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
