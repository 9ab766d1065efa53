/* arp_state.c - the gateway MAC remembered between runs.
 *
 * One small text file, $XDG_STATE_HOME/posdoctor/arp-gateway (else
 * ~/.local/state/posdoctor/arp-gateway), one line per interface and gateway:
 *     <interface> <gateway IPv4> <MAC> <unix time seen>
 * Rewritten whole through a temp file and rename(), so a crash or a second
 * posdoctor never leaves half a file. A mutex orders writers in one process.
 */
#include "arp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sys_atomic.h"

#define STATE_FILE   "arp-gateway"
#define STATE_LINES  64
#define PATH_LEN     4096

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;

/* Where the remembered gateway MACs live (XDG state folder). */
bool arp_state_dir(char *out, size_t len)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	/* XDG Base Directory spec: relative paths are invalid and ignored. */
	if (xdg && xdg[0] == '/')
		n = snprintf(out, len, "%s/posdoctor", xdg);
	else if (home && home[0] == '/')
		n = snprintf(out, len, "%s/.local/state/posdoctor", home);
	else
		return false;
	return n > 0 && (size_t)n < len;
}

/* Path of the state file into out; false when it cannot be named. */
static bool state_path(char *out, size_t len)
{
	char dir[PATH_LEN];

	if (!arp_state_dir(dir, sizeof(dir)))
		return false;
	return snprintf(out, len, "%s/%s", dir, STATE_FILE) < (int)len;
}

/* Parse one state line; false when it is not one. */
static bool state_parse(const char *line, char *ifname, uint32_t *gw, uint8_t mac[6])
{
	char ip[64], mac_s[64];
	struct in_addr a;

	if (sscanf(line, "%31s %63s %63s", ifname, ip, mac_s) != 3)
		return false;
	if (inet_pton(AF_INET, ip, &a) != 1 || !sys_mac_parse(mac_s, mac))
		return false;
	*gw = a.s_addr;
	return true;
}

/* Look up the MAC remembered for an interface and gateway. */
int arp_state_get(const char *ifname, uint32_t gw, uint8_t mac[6])
{
	char path[PATH_LEN], line[256];
	FILE *f;
	int found = 0;

	if (!state_path(path, sizeof(path)))
		return 0;
	pthread_mutex_lock(&state_lock);
	f = fopen(path, "re");
	if (!f) {
		int err = errno;

		pthread_mutex_unlock(&state_lock);
		errno = err;
		return err == ENOENT ? 0 : -1;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		char name[32];
		uint32_t ip;
		uint8_t m[6];

		if (state_parse(line, name, &ip, m) && ip == gw && strcmp(name, ifname) == 0) {
			memcpy(mac, m, 6);
			found = 1;
		}
	}
	fclose(f);
	pthread_mutex_unlock(&state_lock);
	return found;
}

/* Write the other keys' lines from the old file, then ours, to fd. */
static int state_write(FILE *out, const char *path, const char *ifname, uint32_t gw,
		       const uint8_t mac[6])
{
	FILE *in = fopen(path, "re");
	char line[256], ip[16], mac_s[18];
	int kept = 0;

	if (in) {
		while (kept < STATE_LINES - 1 && fgets(line, sizeof(line), in)) {
			char name[32];
			uint32_t g;
			uint8_t m[6];

			if (!state_parse(line, name, &g, m) ||
			    (g == gw && strcmp(name, ifname) == 0))
				continue;
			fputs(line, out);
			if (!strchr(line, '\n'))
				fputc('\n', out);
			kept++;
		}
		fclose(in);
	}
	sys_ip_format(gw, ip);
	sys_mac_format(mac, mac_s);
	fprintf(out, "%s %s %s %lld\n", ifname, ip, mac_s, (long long)time(NULL));
	return ferror(out) ? -1 : 0;
}

struct state_job {
	const char *path, *ifname;
	uint32_t gw;
	const uint8_t *mac;
};

/* fill() for sys_atomic_write: the state file's new text. */
static int state_fill(FILE *out, void *arg)
{
	const struct state_job *j = arg;

	return state_write(out, j->path, j->ifname, j->gw, j->mac);
}

/* Remember a MAC for an interface and gateway, atomically. */
int arp_state_put(const char *ifname, uint32_t gw, const uint8_t mac[6])
{
	char dir[PATH_LEN], path[PATH_LEN];
	struct state_job j = { path, ifname, gw, mac };
	int rc, err;

	if (!arp_state_dir(dir, sizeof(dir)) || !state_path(path, sizeof(path))) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(ifname, ' ') || strchr(ifname, '\n') || !*ifname) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&state_lock);
	/* Private to the user: folders 0700, the file 0600. */
	rc = sys_mkdir_parents(dir, 0700);
	if (rc == 0)
		rc = sys_atomic_write(path, 0600, state_fill, &j);
	err = errno;
	pthread_mutex_unlock(&state_lock);
	errno = err;
	return rc;
}
