/* test_report_save.c - report_save(): the whole new file or the old one,
 * mode 0644, never a temp file left behind. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include "report_fixture.h"

struct save_state {
	struct fixture fx;
	char dir[64];
};

static int setup(void **state)
{
	struct save_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	fixture_setup(&s->fx, false);
	snprintf(s->dir, sizeof(s->dir), "/tmp/report_save_XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	*state = s;
	return 0;
}

/* Remove the test folder and what is in it (one level). */
static int teardown(void **state)
{
	struct save_state *s = *state;
	DIR *d = opendir(s->dir);
	struct dirent *e;
	char p[512];

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", s->dir, e->d_name);
		chmod(p, 0755);
		if (unlink(p) != 0)
			rmdir(p);
	}
	if (d)
		closedir(d);
	chmod(s->dir, 0755);
	rmdir(s->dir);
	fixture_teardown(&s->fx);
	free(s);
	return 0;
}

/* Names in the folder, sorted, joined by ' '. */
static void list_dir(const char *dir, char *out, size_t len)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	size_t o = 0;

	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0)
			o += (size_t)snprintf(out + o, len - o, "%s%s", o ? " " : "",
					      names[i]->d_name);
		free(names[i]);
	}
	free(names);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(1 << 20);
	size_t n;

	assert_non_null(f);
	assert_non_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* Saved file equals the rendered report, is 0644, replaces the old one. */
static void test_save_replaces(void **state)
{
	struct save_state *s = *state;
	char path[128], names[512], *want, *got;
	struct stat st;
	size_t wl, gl;
	mode_t old = umask(077);   /* the mode must not depend on the umask */

	snprintf(path, sizeof(path), "%s/report.json", s->dir);
	write_file(path, "old\n");
	assert_int_equal(report_save(path, REPORT_JSON, &s->fx.cl, s->fx.cat, &s->fx.meta), 0);
	umask(old);
	want = fixture_render(&s->fx, REPORT_JSON, &wl);
	got = slurp(path, &gl);
	assert_int_equal(gl, wl);
	assert_memory_equal(got, want, wl);
	assert_int_equal(fixture_python(got, gl, "check_json.py", "tricky"), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	list_dir(s->dir, names, sizeof(names));
	assert_string_equal(names, "report.json");   /* no temp left */
	free(want);
	free(got);
}

/* A symlink stays; the file it points to is replaced. */
static void test_save_symlink(void **state)
{
	struct save_state *s = *state;
	char link[128], target[128], names[512], *got;
	struct stat st;

	snprintf(target, sizeof(target), "%s/real.txt", s->dir);
	snprintf(link, sizeof(link), "%s/link.txt", s->dir);
	write_file(target, "old\n");
	assert_int_equal(symlink("real.txt", link), 0);
	assert_int_equal(report_save(link, REPORT_TEXT, &s->fx.cl, s->fx.cat, &s->fx.meta), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	got = slurp(target, NULL);
	assert_non_null(strstr(got, "[FAIL]"));
	list_dir(s->dir, names, sizeof(names));
	assert_string_equal(names, "link.txt real.txt");
	free(got);
}

/* A relative path (no folder part) is saved in the current folder. */
static void test_save_relative(void **state)
{
	struct save_state *s = *state;
	char cwd[4096], names[512], *got;
	size_t gl;

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(s->dir), 0);
	assert_int_equal(report_save("metrics.prom", REPORT_PROMETHEUS, &s->fx.cl, s->fx.cat,
				     &s->fx.meta), 0);
	assert_int_equal(chdir(cwd), 0);
	list_dir(s->dir, names, sizeof(names));
	assert_string_equal(names, "metrics.prom");
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/metrics.prom", s->dir);
		got = slurp(path, &gl);
	}
	assert_int_equal(fixture_python(got, gl, "prom_check.py", NULL), 0);
	free(got);
}

/* A folder that does not exist: -1, ENOENT, nothing created. */
static void test_save_no_dir(void **state)
{
	struct save_state *s = *state;
	char path[128], names[512];

	snprintf(path, sizeof(path), "%s/missing/report.txt", s->dir);
	errno = 0;
	assert_int_equal(report_save(path, REPORT_TEXT, &s->fx.cl, s->fx.cat, &s->fx.meta), -1);
	assert_int_equal(errno, ENOENT);
	list_dir(s->dir, names, sizeof(names));
	assert_string_equal(names, "");
	errno = 0;
	assert_int_equal(report_save("", REPORT_TEXT, &s->fx.cl, s->fx.cat, &s->fx.meta), -1);
	assert_int_equal(errno, ENOENT);
	snprintf(path, sizeof(path), "%s/", s->dir);
	assert_int_equal(report_save(path, REPORT_TEXT, &s->fx.cl, s->fx.cat, &s->fx.meta), -1);
	assert_int_equal(errno, EISDIR);
}

/* The target is a folder: rename fails, the folder and its content stay,
 * the temp file is removed. */
static void test_save_onto_dir(void **state)
{
	struct save_state *s = *state;
	char path[128], inner[160], names[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/report.txt", s->dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(inner, sizeof(inner), "%s/keep", path);
	write_file(inner, "keep\n");
	errno = 0;
	assert_int_equal(report_save(path, REPORT_TEXT, &s->fx.cl, s->fx.cat, &s->fx.meta), -1);
	assert_true(errno == EISDIR || errno == ENOTEMPTY || errno == EEXIST);
	assert_int_equal(stat(inner, &st), 0);
	list_dir(s->dir, names, sizeof(names));
	assert_string_equal(names, "report.txt");
	unlink(inner);
}

/* A folder the user may not write to (not as root: root may). */
static void test_save_unwritable(void **state)
{
	struct save_state *s = *state;
	char path[128], names[512], *got;

	if (geteuid() == 0)
		skip();   /* root writes anywhere; the shell test uses a read-only mount */
	snprintf(path, sizeof(path), "%s/report.txt", s->dir);
	write_file(path, "old\n");
	assert_int_equal(chmod(s->dir, 0555), 0);
	errno = 0;
	assert_int_equal(report_save(path, REPORT_TEXT, &s->fx.cl, s->fx.cat, &s->fx.meta), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(chmod(s->dir, 0755), 0);
	got = slurp(path, NULL);
	assert_string_equal(got, "old\n");
	list_dir(s->dir, names, sizeof(names));
	assert_string_equal(names, "report.txt");
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_save_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_relative, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_no_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_onto_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_unwritable, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
