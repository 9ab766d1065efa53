/* fuzz_util.c - helpers the harnesses share (fuzz.h). */
#include "fuzz.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char tmp_dir[64];

/* A NUL-terminated copy of the input. */
char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Remove the private folder and what is in it (atexit). */
static void tmp_cleanup(void)
{
	DIR *d = opendir(tmp_dir);
	struct dirent *de;

	while (d && (de = readdir(d)) != NULL) {
		char path[PATH_MAX];

		if (de->d_name[0] != '.' &&
		    snprintf(path, sizeof(path), "%s/%s", tmp_dir, de->d_name) < (int)sizeof(path))
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(tmp_dir);
}

/* Write the input to tmp_dir/name, replacing what was there. */
const char *fuzz_tmp_write(const char *name, const uint8_t *data, size_t size)
{
	static char path[PATH_MAX];
	size_t off = 0;
	int fd;

	if (!tmp_dir[0]) {
		const char *base = getenv("TMPDIR");

		/* Memory-backed when there is one: a file is written per input. */
		if (!base || !*base || strlen(base) >= 32)
			base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(tmp_dir, sizeof(tmp_dir), "%s/posdoctor-fuzz.XXXXXX", base);
		if (!mkdtemp(tmp_dir))
			abort();
		atexit(tmp_cleanup);
	}
	snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		abort();
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		if (n <= 0)
			abort();
		off += (size_t)n;
	}
	close(fd);
	return path;
}

/* Strict UTF-8 check, independent of report/report_wrap.c's decoder. */
bool fuzz_utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = s[i];
		uint32_t cp;
		size_t len;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4;
			cp = c & 0x07;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return false;
		i += len;
	}
	return true;
}

/* Every line "FILE:LINE:COLUMN: message" with FILE an absolute path (the
 * loaders name the file they were given; fuzz_tmp_write gives absolute ones). */
bool fuzz_errors_well_formed(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *c;
		bool found = false;

		if (!nl || *p != '/')
			return false;
		/* The last ":N:N: " before the message (a path may hold colons). */
		for (c = p; c < nl && !found; c++) {
			unsigned long line, col;
			int used = 0;

			found = *c == ':' &&
				sscanf(c, ":%lu:%lu: %n", &line, &col, &used) == 2 &&
				used > 0 && c + used <= nl;
		}
		if (!found)
			return false;
		p = nl + 1;
	}
	return true;
}
