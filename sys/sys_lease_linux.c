/* sys_lease_linux.c - the DHCP lease of an interface, from the files the
 * DHCP clients of Debian keep (sys/sys_lease.h lists them). */
#include "sys_lease.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A lease file larger than this is read from its end (dhclient appends the
 * newest lease). */
#define LEASE_READ_MAX (256 * 1024)
#define STMT_MAX 256

/* IPv4 address of the text s[0..n), leading blanks allowed, ending at a
 * blank, comma or the end; 0 when it is not one. */
static uint32_t ip_of(const char *s, size_t n)
{
	char buf[INET_ADDRSTRLEN];
	size_t i = 0, w = 0;
	struct in_addr a;

	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != ',' && s[i] != '\r' &&
	       w + 1 < sizeof(buf))
		buf[w++] = s[i++];
	if (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != ',' && s[i] != '\r')
		return 0;   /* longer than any dotted quad */
	buf[w] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return 0;
	return a.s_addr;
}

/* Whether the key k[0..kn) is word. */
static bool key_is(const char *k, size_t kn, const char *word)
{
	return strlen(word) == kn && memcmp(k, word, kn) == 0;
}

/* KEY=VALUE lines; in a file with [sections], only those of [dhcp4]. */
static bool parse_keyval(const char *text, size_t len, struct sys_lease *out)
{
	const char *p = text, *end = text + len;
	bool in_dhcp4 = true;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *eq, *k;
		size_t kn;

		if (!eol)
			eol = end;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p < eol && *p == '[') {
			in_dhcp4 = (size_t)(eol - p) >= 7 && memcmp(p, "[dhcp4]", 7) == 0;
		} else if (in_dhcp4 && p < eol && *p != '#' &&
			   (eq = memchr(p, '=', (size_t)(eol - p))) != NULL) {
			k = p;
			kn = (size_t)(eq - p);
			while (kn > 0 && (k[kn - 1] == ' ' || k[kn - 1] == '\t'))
				kn--;
			eq++;
			if (key_is(k, kn, "ADDRESS") || key_is(k, kn, "ip_address"))
				out->address = ip_of(eq, (size_t)(eol - eq));
			else if (key_is(k, kn, "NETMASK") || key_is(k, kn, "subnet_mask"))
				out->mask = ip_of(eq, (size_t)(eol - eq));
			else if (key_is(k, kn, "SERVER_ADDRESS") ||
				 key_is(k, kn, "dhcp_server_identifier"))
				out->server = ip_of(eq, (size_t)(eol - eq));
			else if (key_is(k, kn, "ROUTER") || key_is(k, kn, "routers"))
				out->router = ip_of(eq, (size_t)(eol - eq));
		}
		p = eol + 1;
	}
	return out->address && out->server;
}

/* One statement of a dhclient lease block, into the lease being read. */
static void dhclient_stmt(char *s, struct sys_lease *cur, char *iface, size_t iface_len)
{
	static const char *const opts[] = { "option subnet-mask ",
		"option dhcp-server-identifier ", "option routers " };
	uint32_t *fields[] = { &cur->mask, &cur->server, &cur->router };
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	if (strncmp(s, "interface ", 10) == 0) {
		char *q = strchr(s + 10, '"'), *e = q ? strchr(q + 1, '"') : NULL;

		if (q && e && (size_t)(e - q - 1) < iface_len) {
			memcpy(iface, q + 1, (size_t)(e - q - 1));
			iface[e - q - 1] = '\0';
		}
		return;
	}
	if (strncmp(s, "fixed-address ", 14) == 0) {
		cur->address = ip_of(s + 14, n - 14);
		return;
	}
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strncmp(s, opts[i], strlen(opts[i])) == 0)
			*fields[i] = ip_of(s + strlen(opts[i]), n - strlen(opts[i]));
}

/* ISC dhclient's lease { ... } blocks: the last complete one for ifname. */
static bool parse_dhclient(const char *text, size_t len, const char *ifname,
			   struct sys_lease *out)
{
	struct sys_lease cur;
	char stmt[STMT_MAX], iface[32];
	size_t sn = 0;
	int depth = 0;
	bool quoted = false, comment = false, in_lease = false, too_long = false;
	bool found = false;

	memset(&cur, 0, sizeof(cur));
	iface[0] = '\0';
	for (size_t i = 0; i < len; i++) {
		char c = text[i];

		if (comment) {
			comment = c != '\n';
			continue;
		}
		if (!quoted && c == '#') {
			comment = true;
			continue;
		}
		if (c == '"')
			quoted = !quoted;
		if (quoted || (c != ';' && c != '{' && c != '}')) {
			if (c == '\0')
				c = ' ';   /* a NUL never ends a statement early */
			if (sn + 1 < sizeof(stmt))
				stmt[sn++] = c;
			else
				too_long = true;
			continue;
		}
		stmt[sn] = '\0';
		if (c == '{') {
			char *w = stmt;

			while (isspace((unsigned char)*w))
				w++;
			if (depth == 0) {
				in_lease = strncmp(w, "lease", 5) == 0 &&
					   (w[5] == '\0' || isspace((unsigned char)w[5]));
				memset(&cur, 0, sizeof(cur));
				iface[0] = '\0';
			}
			depth++;
		} else if (c == ';') {
			if (in_lease && depth == 1 && !too_long)
				dhclient_stmt(stmt, &cur, iface, sizeof(iface));
		} else if (depth > 0) {   /* '}' */
			depth--;
			if (depth == 0 && in_lease && cur.address && cur.server &&
			    (!iface[0] || !ifname || strcmp(iface, ifname) == 0)) {
				out->address = cur.address;
				out->mask = cur.mask;
				out->server = cur.server;
				out->router = cur.router;
				found = true;
			}
			if (depth == 0)
				in_lease = false;
		}
		sn = 0;
		too_long = false;
	}
	return found;
}

/* Parse one lease file's text in either format. */
bool sys_lease_parse(const char *text, size_t len, enum sys_lease_format fmt,
		     const char *ifname, struct sys_lease *out)
{
	memset(out, 0, sizeof(*out));
	if (fmt == SYS_LEASE_DHCLIENT)
		return parse_dhclient(text, len, ifname, out);
	if (!parse_keyval(text, len, out)) {
		memset(out, 0, sizeof(*out));
		return false;
	}
	return true;
}

/* Read a regular file (its last LEASE_READ_MAX bytes); NULL when missing,
 * not regular or unreadable. */
static char *read_tail(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	char *buf;
	size_t want, got = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	want = st.st_size > LEASE_READ_MAX ? LEASE_READ_MAX : (size_t)st.st_size;
	if (st.st_size > LEASE_READ_MAX)
		lseek(fd, st.st_size - LEASE_READ_MAX, SEEK_SET);
	buf = malloc(want + 1);
	while (buf && got < want) {
		ssize_t n = read(fd, buf + got, want - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (buf) {
		buf[got] = '\0';
		*len = got;
	}
	return buf;
}

/* Try one file: a lease for addr (0: any) fills out. */
static bool try_file(const char *path, enum sys_lease_format fmt, const char *ifname,
		     uint32_t addr, const char *client, struct sys_lease *out)
{
	struct sys_lease l;
	size_t len = 0;
	char *text = read_tail(path, &len);
	bool ok;

	if (!text)
		return false;
	ok = sys_lease_parse(text, len, fmt, ifname, &l) && (!addr || l.address == addr);
	free(text);
	if (!ok)
		return false;
	snprintf(l.client, sizeof(l.client), "%s", client);
	snprintf(l.path, sizeof(l.path), "%s", path);
	*out = l;
	return true;
}

/* Whether name ends with suffix. */
static bool ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	return n >= s && strcmp(name + n - s, suffix) == 0;
}

/* Try the files of folder dir whose names start with prefix and end with
 * suffix, in the folder's order. */
static bool try_dir(const char *dir, const char *prefix, const char *suffix,
		    enum sys_lease_format fmt, const char *ifname, uint32_t addr,
		    const char *client, struct sys_lease *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool found = false;

	if (!d)
		return false;
	while (!found && (e = readdir(d)) != NULL) {
		char path[SYS_LEASE_PATH_MAX];

		if (strncmp(e->d_name, prefix, strlen(prefix)) != 0 ||
		    !ends_with(e->d_name, suffix))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >= (int)sizeof(path))
			continue;
		found = try_file(path, fmt, ifname, addr, client, out);
	}
	closedir(d);
	return found;
}

/* The lease of one interface from every client's files, in order. */
bool sys_lease_find(const char *root, const char *ifname, int ifindex,
		    uint32_t addr, struct sys_lease *out)
{
	char path[SYS_LEASE_PATH_MAX], dir[SYS_LEASE_PATH_MAX], sfx[48];

	if (!root)
		root = "";
	memset(out, 0, sizeof(*out));
	if (!ifname || !ifname[0] || strchr(ifname, '/'))
		return false;
	snprintf(path, sizeof(path), "%s/run/systemd/netif/leases/%d", root, ifindex);
	if (try_file(path, SYS_LEASE_KEYVAL, ifname, addr, "systemd-networkd", out))
		return true;
	snprintf(path, sizeof(path), "%s/run/NetworkManager/devices/%d", root, ifindex);
	if (try_file(path, SYS_LEASE_KEYVAL, ifname, addr, "NetworkManager", out))
		return true;
	snprintf(dir, sizeof(dir), "%s/var/lib/NetworkManager", root);
	snprintf(sfx, sizeof(sfx), "-%s.lease", ifname);
	if (try_dir(dir, "internal-", sfx, SYS_LEASE_KEYVAL, ifname, addr,
		    "NetworkManager", out) ||
	    try_dir(dir, "dhclient-", sfx, SYS_LEASE_DHCLIENT, ifname, addr,
		    "NetworkManager", out))
		return true;
	snprintf(dir, sizeof(dir), "%s/var/lib/dhcp", root);
	return try_dir(dir, "dhclient", ".leases", SYS_LEASE_DHCLIENT, ifname, addr,
		       "dhclient", out);
}
