/* paths.c - locate the shipped assets, installed or in the build tree. */
#include "paths.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "version.h"

static char datadir[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Whether dir holds a fixes/ folder. */
static int has_assets(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;

	if (snprintf(p, sizeof(p), "%s/fixes", dir) >= (int)sizeof(p))
		return 0;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Take dir as the datadir if it has assets; resolved to an absolute path. */
static int try_dir(const char *dir)
{
	char real[PATH_MAX];

	if (!has_assets(dir) || !realpath(dir, real))
		return 0;
	snprintf(datadir, sizeof(datadir), "%s", real);
	return 1;
}

static void find_datadir(void)
{
	const char *env = getenv("POSDOCTOR_DATADIR");
	char exe[PATH_MAX], cand[PATH_MAX + 32];
	ssize_t n;

	if (env && *env && try_dir(env))
		return;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* Build tree: <build>/assets; tests: <build>/tests/../assets. */
		snprintf(cand, sizeof(cand), "%s/assets", exe);
		if (try_dir(cand))
			return;
		snprintf(cand, sizeof(cand), "%s/../assets", exe);
		if (try_dir(cand))
			return;
		/* Installed, relocatable: <prefix>/bin/../share/posdoctor. */
		snprintf(cand, sizeof(cand), "%s/../share/posdoctor", exe);
		if (try_dir(cand))
			return;
	}
	if (try_dir(POSDOCTOR_INSTALL_DATADIR))
		return;
	datadir[0] = '\0';
}

const char *paths_datadir(void)
{
	pthread_once(&once, find_datadir);
	return datadir[0] ? datadir : NULL;
}
