/* test_sys_file.c - sys/sys_file.c: bounded attribute readers, sorted
 * folder listings, glob walks, against fixture trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "sys_file.h"
#include "sys_tree.h"

/* Text files: trimmed, bounded, cut at a NUL; missing ones say -1. */
static void read_text(void **state)
{
	char buf[16];
	FILE *f;

	(void)state;
	tree_begin();
	tree_put("a", "  Discharging \n\n");
	assert_int_equal(sys_read_text(tree_path("a"), buf, sizeof(buf)), 13);
	assert_string_equal(buf, "  Discharging");
	tree_put("long", "0123456789abcdefghij\n");
	assert_int_equal(sys_read_text(tree_path("long"), buf, sizeof(buf)), 15);
	assert_string_equal(buf, "0123456789abcde");
	tree_put("empty", "");
	assert_int_equal(sys_read_text(tree_path("empty"), buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	f = fopen(tree_path("nul"), "w");
	assert_non_null(f);
	fwrite("ab\0cd", 1, 5, f);
	fclose(f);
	assert_int_equal(sys_read_text(tree_path("nul"), buf, sizeof(buf)), 2);
	assert_string_equal(buf, "ab");
	strcpy(buf, "old");
	assert_int_equal(sys_read_text(tree_path("missing"), buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	/* A folder opens but cannot be read. */
	assert_int_equal(sys_read_text(tree_path(""), buf, sizeof(buf)), -1);
	assert_int_equal(sys_read_text(tree_path("a"), buf, 0), -1);
	assert_int_equal(sys_read_text(tree_path("a"), buf, 1), 0);
	tree_end();
}

/* A FIFO with no writer answers at once instead of hanging the reader. */
static void read_fifo(void **state)
{
	char buf[16];
	int64_t t0;

	(void)state;
	tree_begin();
	assert_int_equal(mkfifo(tree_path("fifo"), 0600), 0);
	t0 = clock_ms();
	assert_true(sys_read_text(tree_path("fifo"), buf, sizeof(buf)) <= 0);
	assert_true(clock_ms() - t0 < 1000);
	tree_end();
}

/* Integers: blanks around allowed, garbage and overflow refused. */
static void read_long(void **state)
{
	long v = 7;

	(void)state;
	tree_begin();
	tree_put("d/ok", " -42\n");
	tree_put("d/hex", "0x10\n");
	tree_put("d/word", "12 volts\n");
	tree_put("d/big", "99999999999999999999999\n");
	tree_put("d/blank", " \n");
	assert_true(sys_read_long(tree_path("d/ok"), &v));
	assert_int_equal(v, -42);
	v = 7;
	assert_false(sys_read_long(tree_path("d/hex"), &v));
	assert_false(sys_read_long(tree_path("d/word"), &v));
	assert_false(sys_read_long(tree_path("d/big"), &v));
	assert_false(sys_read_long(tree_path("d/blank"), &v));
	assert_false(sys_read_long(tree_path("d/none"), &v));
	assert_int_equal(v, 7);
	assert_true(sys_read_long_at(tree_path("d"), "ok", &v));
	assert_int_equal(v, -42);
	tree_end();
}

/* The number from text, as sys_read_long() hands it over. */
static void parse_long(void **state)
{
	long v = 7;
	char lo[32], over[40];

	(void)state;
	assert_true(sys_parse_long("\t 123 \n", &v));
	assert_int_equal(v, 123);
	/* The ends of long, whatever its width (32 bits on armhf). */
	snprintf(lo, sizeof(lo), "%ld", LONG_MIN);
	assert_true(sys_parse_long(lo, &v));
	assert_true(v == LONG_MIN);
	v = 7;
	snprintf(over, sizeof(over), "%ld0", LONG_MAX);
	assert_false(sys_parse_long(over, &v));
	assert_false(sys_parse_long("", &v));
	assert_false(sys_parse_long("  ", &v));
	assert_false(sys_parse_long("-", &v));
	assert_false(sys_parse_long("1 2", &v));
	assert_false(sys_parse_long("12\x01", &v));
	assert_int_equal(v, 7);
}

/* The *_at readers and sys_path_join refuse a path that does not fit. */
static void join_bounds(void **state)
{
	char out[8], name[2000], buf[8];
	long v;

	(void)state;
	assert_true(sys_path_join(out, sizeof(out), "/sys", "ab"));
	assert_string_equal(out, "/sys/ab");
	assert_false(sys_path_join(out, sizeof(out), "/sys", "abc"));
	assert_string_equal(out, "/sys/ab");
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	strcpy(buf, "old");
	assert_int_equal(sys_read_text_at("/tmp", name, buf, sizeof(buf)), -1);
	assert_string_equal(buf, "");
	assert_false(sys_read_long_at("/tmp", name, &v));
}

/* Listings: prefix, hidden and overlong names left out, numeric order. */
static void list_dir(void **state)
{
	char names[8][SYS_NAME_MAX], longname[SYS_NAME_MAX + 8];
	int n;

	(void)state;
	tree_begin();
	tree_mkdir("h/hwmon10");
	tree_mkdir("h/hwmon2");
	tree_mkdir("h/hwmon0");
	tree_put("h/hwmonx", "");
	tree_mkdir("h/.hwmon1");
	tree_mkdir("h/other");
	memset(longname, 'h', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	memcpy(longname, "hwmon", 5);
	tree_mkdir("h");
	{
		char rel[SYS_NAME_MAX + 16];

		snprintf(rel, sizeof(rel), "h/%s", longname);
		tree_put(rel, "");
	}
	n = sys_list_dir(tree_path("h"), "hwmon", names, 8);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "hwmon0");
	assert_string_equal(names[1], "hwmon2");
	assert_string_equal(names[2], "hwmon10");
	assert_string_equal(names[3], "hwmonx");
	assert_int_equal(sys_list_dir(tree_path("h"), "", names, 8), 5);
	assert_int_equal(sys_list_dir(tree_path("h"), "hwmon", names, 2), 2);
	assert_int_equal(sys_list_dir(tree_path("nothing"), "", names, 8), 0);
	tree_end();
}

/* A filter that keeps folders only (sys_name_filter). */
static bool keep_dirs(const char *dir, const char *name, void *arg)
{
	char p[512];

	(*(int *)arg)++;
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return sys_is_dir(p);
}

/* The filter sees each candidate; max counts kept names only. */
static void list_dir_filtered(void **state)
{
	char names[4][SYS_NAME_MAX];
	int seen = 0;

	(void)state;
	tree_begin();
	for (int i = 0; i < 6; i++) {
		char rel[16];

		snprintf(rel, sizeof(rel), "d/f%d", i);
		tree_put(rel, "");
	}
	tree_mkdir("d/z1");
	tree_mkdir("d/z0");
	assert_int_equal(sys_list_dir_if(tree_path("d"), "", keep_dirs, &seen, names, 4), 2);
	assert_int_equal(seen, 8);
	assert_string_equal(names[0], "z0");
	assert_string_equal(names[1], "z1");
	/* Six dropped names take no room: two kept fill max = 2. */
	seen = 0;
	assert_int_equal(sys_list_dir_if(tree_path("d"), "", keep_dirs, &seen, names, 2), 2);
	assert_true(seen >= 2 && seen <= 8);
	assert_string_equal(names[0], "z0");
	assert_true(sys_is_dir(tree_path("d")));
	assert_false(sys_is_dir(tree_path("d/f0")));
	assert_false(sys_is_dir(tree_path("d/none")));
	tree_end();
}

/* Counts the paths it is shown; takes the one ending in "take". */
static bool take_marked(const char *path, void *arg)
{
	size_t n = strlen(path);

	(*(int *)arg)++;
	return n >= 4 && strcmp(path + n - 4, "take") == 0;
}

/* Glob walks stop at the first path taken. */
static void glob_each(void **state)
{
	char pat[1024];
	int seen = 0;

	(void)state;
	tree_begin();
	tree_put("devices/platform/soc/fw/skip", "");
	tree_put("devices/platform/soc/fw/take", "");
	snprintf(pat, sizeof(pat), "%s", tree_path("devices/platform/soc*/fw/*"));
	assert_true(sys_glob_each(pat, take_marked, &seen));
	assert_true(seen >= 1 && seen <= 2);
	seen = 0;
	snprintf(pat, sizeof(pat), "%s", tree_path("devices/platform/soc*/fw/skip"));
	assert_false(sys_glob_each(pat, take_marked, &seen));
	assert_int_equal(seen, 1);
	seen = 0;
	snprintf(pat, sizeof(pat), "%s", tree_path("devices/none*/x"));
	assert_false(sys_glob_each(pat, take_marked, &seen));
	assert_int_equal(seen, 0);
	tree_end();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(read_text),
		cmocka_unit_test(read_fifo),
		cmocka_unit_test(read_long),
		cmocka_unit_test(parse_long),
		cmocka_unit_test(join_bounds),
		cmocka_unit_test(list_dir),
		cmocka_unit_test(list_dir_filtered),
		cmocka_unit_test(glob_each),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
