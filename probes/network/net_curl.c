/* net_curl.c - libcurl, loaded the first time an HTTPS check runs.
 *
 * libcurl brings some thirty shared libraries (TLS, Kerberos, LDAP, ...);
 * linked in, every start of posdoctor paid for loading them, --version
 * included. Loaded here with dlopen() on first use, a run without an HTTPS
 * check never touches them. curl_global_init() is thread-safe in the
 * libcurl Debian 12 ships (7.84 and later); pthread_once runs it once.
 */
#include "network.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

/* The library's name as its runtime package installs it (libcurl4). */
#define NET_CURL_SONAME "libcurl.so.4"

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static struct net_curl api;
static bool api_ok;
static char api_err[160];

/* Look up one symbol into *slot; false (with the reason kept) when absent. */
static bool curl_sym(void *lib, const char *name, void **slot)
{
	*slot = dlsym(lib, name);
	if (!*slot)
		snprintf(api_err, sizeof(api_err), "%s has no %s", NET_CURL_SONAME, name);
	return *slot != NULL;
}

/* exit() handler: libcurl's and the TLS library's global state. */
static void curl_at_exit(void)
{
	api.global_cleanup();
}

/* Once: load the library, find every function, initialise it. */
static void curl_load(void)
{
	void *lib = dlopen(NET_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
	CURLcode (*global_init)(long);

	if (!lib) {
		snprintf(api_err, sizeof(api_err), "%s", dlerror());
		return;
	}
	if (!curl_sym(lib, "curl_global_init", (void **)&global_init) ||
	    !curl_sym(lib, "curl_global_cleanup", (void **)&api.global_cleanup) ||
	    !curl_sym(lib, "curl_easy_init", (void **)&api.easy_init) ||
	    !curl_sym(lib, "curl_easy_setopt", (void **)&api.easy_setopt) ||
	    !curl_sym(lib, "curl_easy_getinfo", (void **)&api.easy_getinfo) ||
	    !curl_sym(lib, "curl_easy_perform", (void **)&api.easy_perform) ||
	    !curl_sym(lib, "curl_easy_cleanup", (void **)&api.easy_cleanup) ||
	    !curl_sym(lib, "curl_easy_strerror", (void **)&api.easy_strerror))
		return;   /* the library stays loaded: harmless, and it is shared */
	if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(api_err, sizeof(api_err), "%s", "libcurl failed to initialise");
		return;
	}
	atexit(curl_at_exit);
	api_ok = true;
}

/* libcurl's functions, loading it on first use (see network.h). */
const struct net_curl *net_curl(const char **why)
{
	pthread_once(&curl_once, curl_load);
	if (!api_ok && why)
		*why = api_err;
	return api_ok ? &api : NULL;
}
