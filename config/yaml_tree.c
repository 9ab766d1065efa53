/* yaml_tree.c - build a node tree from libyaml's events, with positions. */
#include "yaml_tree.h"

#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "text.h"

struct yt_msg {
	int line, col;
	size_t seq;         /* order of discovery, to keep the sort stable */
	char *text;
};

/* Keep one problem (printed by yt_errs_flush) and count it. */
void yt_error(struct yt_errs *e, int line, int col, const char *fmt, ...)
{
	struct yt_msg *m;
	char text[1024];
	va_list ap;

	e->count++;
	if (!e->out)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	m = realloc(e->msgs, (e->n_msgs + 1) * sizeof(*m));
	if (!m || !(m[e->n_msgs].text = strdup(text))) {
		/* Out of memory: print at once rather than lose the problem. */
		if (m)
			e->msgs = m;
		fprintf(e->out, "%s:%d:%d: %s\n", e->file ? e->file : "-", line, col, text);
		return;
	}
	e->msgs = m;
	m[e->n_msgs].line = line;
	m[e->n_msgs].col = col;
	m[e->n_msgs].seq = e->n_msgs;
	e->n_msgs++;
}

/* qsort order: line, column, then discovery. */
static int msg_cmp(const void *a, const void *b)
{
	const struct yt_msg *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Print the kept problems in file order and free them. */
void yt_errs_flush(struct yt_errs *e)
{
	if (e->n_msgs)
		qsort(e->msgs, e->n_msgs, sizeof(*e->msgs), msg_cmp);
	for (size_t i = 0; i < e->n_msgs; i++) {
		if (e->out)
			fprintf(e->out, "%s:%d:%d: %s\n", e->file ? e->file : "-",
				e->msgs[i].line, e->msgs[i].col, e->msgs[i].text);
		free(e->msgs[i].text);
	}
	free(e->msgs);
	e->msgs = NULL;
	e->n_msgs = 0;
}

/* One problem at a node's position. */
void yt_error_at(struct yt_errs *e, const struct yt_node *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	yt_error(e, n ? n->line : 0, n ? n->col : 0, "%s", msg);
}

/* Free a tree (depth is bounded by YT_MAX_DEPTH). */
void yt_free(struct yt_node *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n_kids; i++)
		yt_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

/* A new node at a libyaml mark (0-based) converted to 1-based. */
static struct yt_node *node_new(enum yt_kind kind, yaml_mark_t m)
{
	struct yt_node *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->kind = kind;
	n->line = m.line < INT32_MAX ? (int)m.line + 1 : INT32_MAX;
	n->col = m.column < INT32_MAX ? (int)m.column + 1 : INT32_MAX;
	return n;
}

/* Append kid to parent's children. Returns -1 on ENOMEM (kid not taken). */
static int node_add(struct yt_node *parent, struct yt_node *kid)
{
	if ((parent->n_kids & (parent->n_kids - 1)) == 0) {
		size_t cap = parent->n_kids ? parent->n_kids * 2 : 4;
		struct yt_node **k = realloc(parent->kids, cap * sizeof(*k));

		if (!k)
			return -1;
		parent->kids = k;
	}
	parent->kids[parent->n_kids++] = kid;
	return 0;
}

/* Line and column (1-based) of a byte offset in buf, for reader errors that
 * carry only an offset. */
static void offset_position(const char *buf, size_t len, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && i < len; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Report libyaml's own problem (syntax, bad encoding) with its position. */
static void report_parser_error(const yaml_parser_t *p, const char *buf, size_t len,
				struct yt_errs *e)
{
	const char *problem = p->problem ? p->problem : "cannot parse";
	int line, col;

	if (p->error == YAML_MEMORY_ERROR) {
		yt_error(e, 0, 0, "out of memory while reading YAML");
		return;
	}
	if (p->error == YAML_READER_ERROR) {
		offset_position(buf, len, p->problem_offset, &line, &col);
		yt_error(e, line, col, "invalid YAML: %s (the file must be UTF-8 text)", problem);
		return;
	}
	line = (int)p->problem_mark.line + 1;
	col = (int)p->problem_mark.column + 1;
	/* The commonest mistake gets a plain hint. */
	if (p->problem_mark.index < len && buf[p->problem_mark.index] == '\t')
		yt_error(e, line, col, "invalid YAML: a tab character here; indent with spaces, "
			 "not tabs");
	else if (p->context)
		yt_error(e, line, col, "invalid YAML: %s (%s at line %d, column %d)", problem,
			 p->context, (int)p->context_mark.line + 1,
			 (int)p->context_mark.column + 1);
	else
		yt_error(e, line, col, "invalid YAML: %s", problem);
}

/* Tree builder state: the open containers, innermost last. */
struct builder {
	struct yt_node *root;
	struct yt_node *stack[YT_MAX_DEPTH + 1];
	int depth;
	int docs;
};

/* Hang a finished or opened node under the innermost container. */
static int builder_attach(struct builder *b, struct yt_node *n)
{
	if (b->depth == 0) {
		if (b->root) {
			yt_free(n);
			return 0;
		}
		b->root = n;
		return 0;
	}
	if (node_add(b->stack[b->depth - 1], n) != 0) {
		yt_free(n);
		return -1;
	}
	return 0;
}

/* Handle one parser event. Returns 1 to go on, 0 at the end, -1 to stop. */
static int builder_event(struct builder *b, const yaml_event_t *ev, struct yt_errs *e)
{
	struct yt_node *n;
	yaml_mark_t m = ev->start_mark;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1) {
			yt_error(e, (int)m.line + 1, (int)m.column + 1,
				 "only one YAML document is allowed (remove this '---')");
			return -1;
		}
		return 1;
	case YAML_ALIAS_EVENT:
		yt_error(e, (int)m.line + 1, (int)m.column + 1,
			 "aliases (*%s) are not supported: write the value out in full",
			 (const char *)ev->data.alias.anchor);
		n = node_new(YT_SCALAR, m);
		if (!n || !(n->value = calloc(1, 1)))
			goto nomem;
		n->bad = true;
		return builder_attach(b, n) == 0 ? 1 : -1;
	case YAML_SCALAR_EVENT:
		n = node_new(YT_SCALAR, m);
		if (!n || !(n->value = malloc(ev->data.scalar.length + 1)))
			goto nomem;
		memcpy(n->value, ev->data.scalar.value, ev->data.scalar.length);
		n->value[ev->data.scalar.length] = '\0';
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			   !ev->data.scalar.tag;
		if (ev->data.scalar.anchor) {
			yt_error(e, n->line, n->col,
				 "anchors (&%s) are not supported: write the value out in full",
				 (const char *)ev->data.scalar.anchor);
			n->bad = true;
		}
		return builder_attach(b, n) == 0 ? 1 : -1;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT: {
		bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
		const yaml_char_t *anchor = seq ? ev->data.sequence_start.anchor
						: ev->data.mapping_start.anchor;

		if (b->depth >= YT_MAX_DEPTH) {
			yt_error(e, (int)m.line + 1, (int)m.column + 1,
				 "nested more than %d levels deep", YT_MAX_DEPTH);
			return -1;
		}
		n = node_new(seq ? YT_SEQ : YT_MAP, m);
		if (!n)
			goto nomem;
		if (anchor) {
			yt_error(e, n->line, n->col,
				 "anchors (&%s) are not supported: write the value out in full",
				 (const char *)anchor);
			n->bad = true;
		}
		if (builder_attach(b, n) != 0)
			goto nomem;
		b->stack[b->depth++] = n;
		return 1;
	}
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (b->depth > 0)
			b->depth--;
		return 1;
	default:
		return 1;
	}
nomem:
	yt_free(n);
	yt_error(e, (int)m.line + 1, (int)m.column + 1, "out of memory");
	return -1;
}

/* Parse buf event by event into a tree. */
int yt_load_buffer(const char *buf, size_t len, struct yt_node **root, struct yt_errs *e)
{
	struct builder b;
	yaml_parser_t parser;
	int before = e->count, rc = 1;

	memset(&b, 0, sizeof(b));
	*root = NULL;
	if (!yaml_parser_initialize(&parser)) {
		yt_error(e, 0, 0, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (rc > 0) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&parser, &ev)) {
			report_parser_error(&parser, buf, len, e);
			rc = -1;
			break;
		}
		rc = builder_event(&b, &ev, e);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	if (rc < 0) {
		yt_free(b.root);
		return -1;
	}
	*root = b.root;
	return e->count == before ? 0 : -1;
}

/* Read a file (bounded size) and parse it. A regular file or a character
 * device (/dev/null, read no further than the size bound); never a FIFO or
 * a socket named by mistake, whose read would block. */
int yt_load_file(const char *path, struct yt_node **root, struct yt_errs *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	struct stat st;
	FILE *f;
	char *buf;
	size_t n;
	int rc;

	*root = NULL;
	if (fd < 0) {
		yt_error(e, 0, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		yt_error(e, 0, 0, "cannot read: %s", strerror(S_ISDIR(st.st_mode) ? EISDIR : errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
		yt_error(e, 0, 0, "not a file that can be read (a pipe or a socket)");
		close(fd);
		return -1;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		yt_error(e, 0, 0, "cannot open: %s", strerror(errno));
		close(fd);
		return -1;
	}
	buf = malloc(YT_MAX_BYTES + 1);
	if (!buf) {
		fclose(f);
		yt_error(e, 0, 0, "out of memory");
		return -1;
	}
	n = fread(buf, 1, YT_MAX_BYTES + 1, f);
	if (ferror(f)) {
		yt_error(e, 0, 0, "cannot read: %s", strerror(errno ? errno : EIO));
		rc = -1;
	} else if (n > YT_MAX_BYTES) {
		yt_error(e, 0, 0, "file is larger than %d bytes", YT_MAX_BYTES);
		rc = -1;
	} else {
		rc = yt_load_buffer(buf, n, root, e);
	}
	fclose(f);
	free(buf);
	return rc;
}

/* Whether n is absent or a plain YAML null. */
bool yt_is_null(const struct yt_node *n)
{
	if (!n)
		return true;
	if (n->kind != YT_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
	       strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

/* What a node is, in words, for type errors. */
const char *yt_kind_name(const struct yt_node *n)
{
	if (yt_is_null(n))
		return "nothing";
	if (n->kind == YT_MAP)
		return "a map";
	if (n->kind == YT_SEQ)
		return "a list";
	return "a string";
}

/* A scalar made short and printable for a message. */
const char *yt_show(const struct yt_node *n, char *buf, size_t len)
{
	size_t o = 0, max = len > 48 ? 40 : (len > 8 ? len - 8 : 0);

	if (len == 0)
		return "";
	if (!n || n->kind != YT_SCALAR) {
		snprintf(buf, len, "%s", yt_kind_name(n));
		return buf;
	}
	for (size_t i = 0; i < n->len && o < max; i++) {
		unsigned char c = (unsigned char)n->value[i];

		buf[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	/* Do not end on half a UTF-8 sequence. */
	if (o < n->len) {
		o = text_utf8_whole(buf, o);
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o] = '\0';
	return buf;
}

/* Report and mark duplicate or non-string keys of a map. */
int yt_check_keys(struct yt_node *n, const char *where, struct yt_errs *e)
{
	int bad = 0;
	char s[64];

	if (!n || n->kind != YT_MAP)
		return 0;
	for (size_t i = 0; i + 1 < n->n_kids; i += 2) {
		struct yt_node *k = n->kids[i];

		if (k->bad)
			continue;
		if (k->kind != YT_SCALAR || yt_is_null(k) || strlen(k->value) != k->len) {
			yt_error_at(e, k, "a key must be a plain word, not %s%s%s",
				    yt_kind_name(k), *where ? " in " : "", where);
			k->bad = true;
			bad++;
			continue;
		}
		for (size_t j = 0; j < i; j += 2) {
			const struct yt_node *o = n->kids[j];

			if (!o->bad && strcmp(o->value, k->value) == 0) {
				yt_error_at(e, k, "duplicate key '%s'%s%s (first at line %d, column %d)",
					    yt_show(k, s, sizeof(s)), *where ? " in " : "", where,
					    o->line, o->col);
				k->bad = true;
				bad++;
				break;
			}
		}
	}
	return bad;
}

/* Levenshtein distance with one row (for "did you mean"). */
int yt_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[65];

	if (la > 64 || lb > 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j];
			int best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb] > 99 ? 99 : row[lb];
}

/* qsort order of names: bytes, as ls in the C locale. */
static int yt_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Each *.yaml of dir that want() accepts, in name order (see yaml_tree.h). */
int yt_each_yaml(const char *dir, FILE *errs, bool (*want)(const char *name, void *arg),
		 void *want_arg, int (*fn)(const char *path, void *arg), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int problems = 0;

	if (!d) {
		if (errno == ENOENT)
			return 0;
		fprintf(errs, "%s:0:0: cannot open folder: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char **nn;

		if (len < 6 || de->d_name[0] == '.' || strcmp(de->d_name + len - 5, ".yaml") != 0 ||
		    (want && !want(de->d_name, want_arg)))
			continue;
		nn = realloc(names, (n + 1) * sizeof(*names));
		if (!nn || !(nn[n] = strdup(de->d_name))) {
			names = nn ? nn : names;
			fprintf(errs, "%s:0:0: out of memory\n", dir);
			problems++;
			break;
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), yt_name_cmp);
	for (size_t i = 0; i < n; i++) {
		char path[4096];

		if (snprintf(path, sizeof(path), "%s/%s", dir, names[i]) < (int)sizeof(path))
			problems += fn(path, arg);
		free(names[i]);
	}
	free(names);
	return problems;
}
