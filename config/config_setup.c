/* config_setup.c - merge the setup screen's fields into a config file's
 * tree, write the tree back as YAML, and replace the file only once the
 * loader accepts the result (config_setup.h). */
#include "config_setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sys_atomic.h"
#include "yaml_tree.h"

#define SYSTEM_CONFIG "/etc/posdoctor/posdoctor.yaml"
/* The first line of a file the screen wrote. */
#define HEADER "# posdoctor configuration, written by posdoctor --setup (see posdoctor.yaml(5))\n"

/* The fields as the loaded config has them. */
void config_setup_from(const struct config *cfg, struct config_setup *s)
{
	const struct cfg_host *pay = NULL, *term = NULL;

	memset(s, 0, sizeof(*s));
	snprintf(s->shop, sizeof(s->shop), "%s", cfg->site.name);
	snprintf(s->terminal_id, sizeof(s->terminal_id), "%s", cfg->site.terminal_id);
	for (int i = 0; i < cfg->network.n_hosts; i++) {
		const struct cfg_host *h = &cfg->network.hosts[i];

		if (strcmp(h->name, CONFIG_SETUP_TERMINAL) == 0) {
			if (!term)
				term = h;
		} else if (!pay) {
			pay = h;
		}
	}
	s->port = pay ? pay->port : 443;
	if (pay)
		snprintf(s->host, sizeof(s->host), "%s", pay->address);
	s->terminal_network = term != NULL;
	if (term)
		snprintf(s->terminal_address, sizeof(s->terminal_address), "%s", term->address);
	snprintf(s->serial_port, sizeof(s->serial_port), "%s",
		 cfg->serial.port[0] && strcmp(cfg->serial.port, "none") != 0 ? cfg->serial.port
									      : "auto");
}

/* path made absolute against the current folder (so the screen can say
 * where), into buf. */
static const char *absolute(const char *path, char *buf, size_t len)
{
	char cwd[CFG_PATH_MAX];

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) &&
	    (size_t)snprintf(buf, len, "%s/%s", cwd, path) < len)
		return buf;
	snprintf(buf, len, "%s", path);
	return buf;
}

/* Where the screen writes (config_setup.h). */
const char *config_setup_path(const char *given, char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	char found[CFG_PATH_MAX];

	if (given && *given)
		return absolute(given, buf, len);
	if (config_find(found, sizeof(found)) && strcmp(found, SYSTEM_CONFIG) != 0)
		return absolute(found, buf, len);
	if (xdg && *xdg)
		snprintf(found, sizeof(found), "%s/posdoctor/posdoctor.yaml", xdg);
	else if (home && *home)
		snprintf(found, sizeof(found), "%s/.config/posdoctor/posdoctor.yaml", home);
	else
		snprintf(found, sizeof(found), "posdoctor.yaml");
	return absolute(found, buf, len);
}

/* A new node; NULL on ENOMEM. */
static struct yt_node *node_new(enum yt_kind kind, const char *value)
{
	struct yt_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->kind = kind;
	if (value) {
		n->value = strdup(value);
		if (!n->value) {
			free(n);
			return NULL;
		}
		n->len = strlen(value);
	}
	return n;
}

/* Append kid to n; -1 on ENOMEM (kid freed). */
static int node_add(struct yt_node *n, struct yt_node *kid)
{
	struct yt_node **k;

	if (!kid)
		return -1;
	k = realloc(n->kids, (n->n_kids + 1) * sizeof(*k));
	if (!k) {
		yt_free(kid);
		return -1;
	}
	n->kids = k;
	n->kids[n->n_kids++] = kid;
	return 0;
}

/* The value of key in map m, or NULL. */
static struct yt_node **map_slot(struct yt_node *m, const char *key)
{
	for (size_t i = 0; i + 1 < m->n_kids; i += 2)
		if (m->kids[i]->kind == YT_SCALAR && strcmp(m->kids[i]->value, key) == 0)
			return &m->kids[i + 1];
	return NULL;
}

static struct yt_node *plain_node(const char *s);

/* Set key of map m to a new node (replacing the old value); -1 on ENOMEM. */
static int map_put(struct yt_node *m, const char *key, struct yt_node *v)
{
	struct yt_node **slot = map_slot(m, key);

	if (!v)
		return -1;
	if (slot) {
		yt_free(*slot);
		*slot = v;
		return 0;
	}
	if (node_add(m, plain_node(key)) != 0) {
		yt_free(v);
		return -1;
	}
	if (node_add(m, v) != 0) {
		/* Keep the map well formed: drop the lone key again. */
		yt_free(m->kids[--m->n_kids]);
		return -1;
	}
	return 0;
}

/* A string scalar (written quoted) or a plain one (numbers, words). */
static struct yt_node *str_node(const char *s)
{
	return node_new(YT_SCALAR, s);
}

static struct yt_node *plain_node(const char *s)
{
	struct yt_node *n = node_new(YT_SCALAR, s);

	if (n)
		n->plain = true;
	return n;
}

/* The map under key of m, made when absent or null; NULL with *bad set when
 * it is something else, NULL on ENOMEM. */
static struct yt_node *map_section(struct yt_node *m, const char *key, bool *bad)
{
	struct yt_node **slot = map_slot(m, key);

	if (slot && (*slot)->kind == YT_MAP)
		return *slot;
	if (slot && !yt_is_null(*slot)) {
		*bad = true;
		return NULL;
	}
	if (map_put(m, key, node_new(YT_MAP, NULL)) != 0)
		return NULL;
	return *map_slot(m, key);
}

/* The value of "name" in host item h, or "". */
static const char *host_name(struct yt_node *h)
{
	struct yt_node **n = h->kind == YT_MAP ? map_slot(h, "name") : NULL;

	return n && (*n)->kind == YT_SCALAR ? (*n)->value : "";
}

/* Set address (and port) of host item h; -1 on ENOMEM. */
static int host_set(struct yt_node *h, const char *address, int port)
{
	char p[16];

	if (map_put(h, "address", str_node(address)) != 0)
		return -1;
	if (port <= 0)
		return 0;
	snprintf(p, sizeof(p), "%d", port);
	return map_put(h, "port", plain_node(p));
}

/* A new host item {name, address, [port], [https: false]}; NULL on ENOMEM. */
static struct yt_node *host_new(const char *name, const char *address, int port, bool no_https)
{
	struct yt_node *h = node_new(YT_MAP, NULL);

	if (!h || map_put(h, "name", plain_node(name)) != 0 ||
	    host_set(h, address, port) != 0 ||
	    (no_https && map_put(h, "https", plain_node("false")) != 0)) {
		yt_free(h);
		return NULL;
	}
	return h;
}

/* network.hosts: the payment host (first item not named terminal) and the
 * terminal item, added, changed or removed. 0, -1 ENOMEM, 1 bad shape. */
static int merge_hosts(struct yt_node *net, const struct config_setup *s)
{
	struct yt_node **slot = map_slot(net, "hosts"), *seq, *pay = NULL;
	size_t term = (size_t)-1;

	if (slot && (*slot)->kind != YT_SEQ && !yt_is_null(*slot))
		return 1;
	if (!slot || (*slot)->kind != YT_SEQ) {
		if (map_put(net, "hosts", node_new(YT_SEQ, NULL)) != 0)
			return -1;
		slot = map_slot(net, "hosts");
	}
	seq = *slot;
	for (size_t i = 0; i < seq->n_kids; i++) {
		if (seq->kids[i]->kind != YT_MAP)
			return 1;
		if (strcmp(host_name(seq->kids[i]), CONFIG_SETUP_TERMINAL) == 0) {
			if (term == (size_t)-1)
				term = i;
		} else if (!pay) {
			pay = seq->kids[i];
		}
	}
	if (pay) {
		if (host_set(pay, s->host, s->port) != 0)
			return -1;
	} else if (node_add(seq, host_new(CONFIG_SETUP_ACQUIRER, s->host, s->port, false)) != 0) {
		return -1;
	}
	if (s->terminal_network && term != (size_t)-1)
		return host_set(seq->kids[term], s->terminal_address, 0);
	if (s->terminal_network)
		return node_add(seq, host_new(CONFIG_SETUP_TERMINAL, s->terminal_address, 0, true));
	if (term != (size_t)-1) {
		yt_free(seq->kids[term]);
		memmove(&seq->kids[term], &seq->kids[term + 1],
			(seq->n_kids - term - 1) * sizeof(seq->kids[0]));
		seq->n_kids--;
	}
	return 0;
}

/* Put the fields into root (a map). 0, -1 ENOMEM, 1 bad shape. */
static int merge(struct yt_node *root, const struct config_setup *s)
{
	bool bad = false;
	struct yt_node *site = map_section(root, "site", &bad);
	struct yt_node *net, *serial;

	if (!site)
		return bad ? 1 : -1;
	if (map_put(site, "name", str_node(s->shop)) != 0 ||
	    map_put(site, "terminal_id", str_node(s->terminal_id)) != 0)
		return -1;
	if (!(serial = map_section(root, "serial", &bad)))
		return bad ? 1 : -1;
	if (map_put(serial, "port", str_node(s->terminal_network ? "none" : s->serial_port)) != 0)
		return -1;
	if (!(net = map_section(root, "network", &bad)))
		return bad ? 1 : -1;
	return merge_hosts(net, s);
}

/* Whether a scalar that was plain in the file can be written plain again. */
static bool plain_ok(const struct yt_node *n)
{
	return n->plain && n->len == strlen(n->value) && !strchr(n->value, '\n') &&
	       !strchr(n->value, '#') && !strstr(n->value, ": ") &&
	       (n->len == 0 || n->value[n->len - 1] != ':');
}

/* One scalar: plain when it was (or is a word we made plain), else double
 * quoted with every byte that needs it escaped. */
static void emit_scalar(FILE *f, const struct yt_node *n)
{
	if (plain_ok(n)) {
		fputs(n->value, f);
		return;
	}
	fputc('"', f);
	for (size_t i = 0; i < n->len; i++) {
		unsigned char c = (unsigned char)n->value[i];

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void emit_block(FILE *f, const struct yt_node *n, int indent, bool inline_first);

/* The value after "key:" or "-": on the same line when it is a scalar or
 * empty, else as a block below. */
static void emit_value(FILE *f, const struct yt_node *v, int indent)
{
	if (v->kind == YT_SCALAR) {
		if (v->len || !plain_ok(v)) {
			fputc(' ', f);
			emit_scalar(f, v);
		}
		fputc('\n', f);
	} else if (v->n_kids == 0) {
		fputs(v->kind == YT_MAP ? " {}\n" : " []\n", f);
	} else {
		fputc('\n', f);
		emit_block(f, v, indent, false);
	}
}

/* A map or list in block style at indent; inline_first: its first line
 * follows a "- " already written. */
static void emit_block(FILE *f, const struct yt_node *n, int indent, bool inline_first)
{
	if (n->kind == YT_MAP) {
		for (size_t i = 0; i + 1 < n->n_kids; i += 2) {
			if (!(i == 0 && inline_first))
				fprintf(f, "%*s", indent, "");
			emit_scalar(f, n->kids[i]);
			fputc(':', f);
			emit_value(f, n->kids[i + 1], indent + 2);
		}
		return;
	}
	for (size_t i = 0; i < n->n_kids; i++) {
		const struct yt_node *k = n->kids[i];

		if (!(i == 0 && inline_first))
			fprintf(f, "%*s", indent, "");
		if (k->kind == YT_MAP && k->n_kids > 0) {
			fputs("- ", f);
			emit_block(f, k, indent + 2, true);
		} else {
			fputc('-', f);
			emit_value(f, k, indent + 2);
		}
	}
}

/* The first line of what loading printed (or of text), into out. */
static void first_line(const char *text, char *out, size_t len)
{
	snprintf(out, len, "%.*s", (int)strcspn(text, "\n"), text);
}

/* Load base into *root (a map; made empty when base is absent or empty).
 * SETUP_SAVED when usable, else the outcome, detail filled. */
static enum config_setup_outcome load_base(const char *base, struct yt_node **root,
					   char *detail, size_t len)
{
	char *msgs = NULL;
	size_t msgs_len = 0;
	FILE *m;
	struct yt_errs e;
	enum config_setup_outcome rc = SETUP_SAVED;

	*root = NULL;
	if (base && access(base, F_OK) == 0) {
		m = open_memstream(&msgs, &msgs_len);
		if (!m) {
			snprintf(detail, len, "%s", strerror(errno));
			return SETUP_WRITE_FAILED;
		}
		memset(&e, 0, sizeof(e));
		e.file = base;
		e.out = m;
		yt_load_file(base, root, &e);
		yt_errs_flush(&e);
		fclose(m);
		if (e.count) {
			first_line(msgs ? msgs : "", detail, len);
			rc = SETUP_BAD_FILE;
		} else if (*root && (*root)->kind != YT_MAP && !yt_is_null(*root)) {
			snprintf(detail, len, "%s: the top level is not a map of keys", base);
			rc = SETUP_BAD_FILE;
		}
		free(msgs);
		if (rc != SETUP_SAVED) {
			yt_free(*root);
			*root = NULL;
			return rc;
		}
	}
	if (*root && (*root)->kind == YT_MAP)
		return SETUP_SAVED;
	yt_free(*root);
	*root = node_new(YT_MAP, NULL);
	if (!*root) {
		snprintf(detail, len, "%s", strerror(ENOMEM));
		return SETUP_WRITE_FAILED;
	}
	return SETUP_SAVED;
}

/* fill() for sys_atomic_write: the bytes of a buffer. */
struct bytes {
	const char *p;
	size_t n;
};

static int write_bytes(FILE *f, void *arg)
{
	const struct bytes *b = arg;

	if (b->n && fwrite(b->p, 1, b->n, f) != b->n)
		return -1;
	return 0;
}

/* Keep the file at path as path.bak (same bytes, atomically). */
static int keep_backup(const char *path, char *backup, size_t len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = -1, e;

	if (!f)
		return -1;
	for (;;) {
		if (n == cap) {
			char *nb;

			if (cap > YT_MAX_BYTES) {
				errno = EFBIG;
				goto out;
			}
			nb = realloc(buf, cap + 65536);
			if (!nb) {
				errno = ENOMEM;
				goto out;
			}
			buf = nb;
			cap += 65536;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto out;
	snprintf(backup, len, "%s.bak", path);
	{
		struct bytes b = { buf, n };

		rc = sys_atomic_write(backup, 0600, write_bytes, &b);
	}
out:
	e = errno;
	fclose(f);
	free(buf);
	errno = e;
	return rc;
}

/* Whether the file at path starts with the line the screen writes (its
 * comments are already gone: no backup needed). */
static bool written_by_setup(const char *path)
{
	char line[sizeof(HEADER) + 1];
	FILE *f = fopen(path, "r");
	bool ours;

	if (!f)
		return false;
	ours = fgets(line, sizeof(line), f) && strcmp(line, HEADER) == 0;
	fclose(f);
	return ours;
}

/* Folder of path made when missing (mode 0700). */
static int make_folder(const char *path)
{
	char dir[CFG_PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return 0;
	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	return sys_mkdir_parents(dir, 0700);
}

/* Check text (NULL: the file at path) with the loader into out;
 * SETUP_SAVED or SETUP_INVALID with detail. */
static enum config_setup_outcome check_text(const char *path, const char *text, size_t n,
					    struct config *out, char *detail, size_t len)
{
	char *msgs = NULL;
	size_t msgs_len = 0;
	FILE *m = open_memstream(&msgs, &msgs_len);
	int problems;

	if (!m) {
		snprintf(detail, len, "%s", strerror(errno));
		return SETUP_WRITE_FAILED;
	}
	config_defaults(out);
	problems = text ? config_load_buffer(out, path, text, n, m)
			: config_load_file(out, path, m);
	fclose(m);
	if (problems)
		first_line(msgs ? msgs : "", detail, len);
	free(msgs);
	return problems ? SETUP_INVALID : SETUP_SAVED;
}

/* Merge, check, back up, write, load back (config_setup.h). */
enum config_setup_outcome config_setup_save(const char *path, const char *base,
					    const struct config_setup *s, struct config *out,
					    char *detail, size_t detail_len,
					    char *backup, size_t backup_len)
{
	struct yt_node *root;
	enum config_setup_outcome rc;
	char *text = NULL;
	size_t n = 0;
	FILE *f;
	struct stat st;
	mode_t mode = 0644;
	int m;

	detail[0] = '\0';
	backup[0] = '\0';
	rc = load_base(base, &root, detail, detail_len);
	if (rc != SETUP_SAVED)
		return rc;
	m = merge(root, s);
	if (m != 0) {
		yt_free(root);
		if (m > 0)
			snprintf(detail, detail_len, "%s: site, serial and network must be maps "
				 "and network.hosts a list of maps", base ? base : path);
		else
			snprintf(detail, detail_len, "%s", strerror(ENOMEM));
		return m > 0 ? SETUP_BAD_SHAPE : SETUP_WRITE_FAILED;
	}
	f = open_memstream(&text, &n);
	if (!f) {
		yt_free(root);
		snprintf(detail, detail_len, "%s", strerror(errno));
		return SETUP_WRITE_FAILED;
	}
	fputs(HEADER, f);
	emit_block(f, root, 0, false);
	yt_free(root);
	if (fclose(f) != 0) {
		free(text);
		snprintf(detail, detail_len, "%s", strerror(errno));
		return SETUP_WRITE_FAILED;
	}
	rc = check_text(path, text, n, out, detail, detail_len);
	if (rc == SETUP_SAVED) {
		struct bytes b = { text, n };

		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			mode = st.st_mode & 0777;
		if (make_folder(path) != 0 ||
		    (access(path, F_OK) == 0 && !written_by_setup(path) &&
		     keep_backup(path, backup, backup_len) != 0) ||
		    sys_atomic_write(path, mode, write_bytes, &b) != 0) {
			snprintf(detail, detail_len, "%s: %s", path, strerror(errno));
			rc = SETUP_WRITE_FAILED;
		}
	}
	free(text);
	if (rc != SETUP_SAVED)
		return rc;
	/* What the next run will read: the file itself, loaded again. */
	return check_text(path, NULL, 0, out, detail, detail_len);
}
