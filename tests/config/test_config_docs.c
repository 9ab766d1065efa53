/* test_config_docs.c - every key of the loader's table is documented in
 * man/posdoctor.yaml.5 and shown in assets/posdoctor.example.yaml, and the
 * example holds exactly the built-in defaults. A key added with one table
 * row fails here until it is documented. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "config_keys.h"

/* A whole file as a string (caller frees). */
static char *slurp(const char *rel)
{
	const char *src = getenv("SOURCE_DIR");
	char path[1024];
	char *buf;
	size_t n;
	FILE *f;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/%s", src, rel);
	f = fopen(path, "r");
	assert_non_null(f);
	buf = calloc(1, 1 << 20);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Check each row's last path part: in the man page as a word, in the
 * example as "leaf:". Returns the number missing (printed). */
static int check_rows(const struct key_row *rows, const char *man, const char *example)
{
	int missing = 0;

	for (const struct key_row *r = rows; r->path; r++) {
		const char *leaf = strrchr(r->path, '.');
		char want[80];

		leaf = leaf ? leaf + 1 : r->path;
		if (!strstr(man, leaf)) {
			printf("man/posdoctor.yaml.5 does not document %s\n", r->path);
			missing++;
		}
		snprintf(want, sizeof(want), "%s:", leaf);
		if (!strstr(example, want)) {
			printf("assets/posdoctor.example.yaml does not show %s\n", r->path);
			missing++;
		}
	}
	return missing;
}

static void test_every_key_documented(void **state)
{
	char *man = slurp("man/posdoctor.yaml.5");
	char *example = slurp("assets/posdoctor.example.yaml");

	(void)state;
	assert_int_equal(check_rows(config_rows, man, example) +
			 check_rows(config_host_rows, man, example) +
			 check_rows(config_terminal_rows, man, example), 0);
	free(man);
	free(example);
}

/* The example states the defaults: loading it changes nothing. */
static void test_example_is_defaults(void **state)
{
	const char *src = getenv("SOURCE_DIR");
	struct config want, got;
	char path[1024];

	(void)state;
	snprintf(path, sizeof(path), "%s/assets/posdoctor.example.yaml", src);
	config_defaults(&want);
	config_defaults(&got);
	assert_int_equal(config_load_file(&got, path, stdout), 0);
	snprintf(want.source, sizeof(want.source), "%s", got.source);
	assert_memory_equal(&want, &got, sizeof(want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_key_documented),
		cmocka_unit_test(test_example_is_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
