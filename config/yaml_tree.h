/* yaml_tree.h - a YAML file as a small tree of nodes with their positions.
 *
 * The only place that talks to libyaml. Built from parser events so that
 * anchors, aliases and extra documents are refused with a clear message
 * instead of silently shared. Positions are 1-based (line, column), as the
 * FILE:LINE:COLUMN error format wants. Any thread; no global state.
 */
#ifndef POSDOCTOR_YAML_TREE_H
#define POSDOCTOR_YAML_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define YT_MAX_DEPTH  64                /* deeper nesting is refused */
#define YT_MAX_BYTES  (1024 * 1024)     /* larger files are refused */

enum yt_kind { YT_SCALAR, YT_MAP, YT_SEQ };

struct yt_node {
	enum yt_kind kind;
	int line, col;          /* 1-based start position */
	char *value;            /* scalar text (NUL-terminated), else NULL */
	size_t len;             /* scalar length in bytes (may hold NULs) */
	bool plain;             /* scalar written without quotes or block style */
	bool bad;               /* already reported (alias, duplicate key): skip */
	/* Map: kids[2i] is a key, kids[2i+1] its value. Seq: the items. */
	struct yt_node **kids;
	size_t n_kids;
};

struct yt_msg;

/* An error sink: counts problems and keeps them until yt_errs_flush()
 * prints them in file order as FILE:LINE:COLUMN: message. Zero it, then set
 * file and out (NULL: only count). */
struct yt_errs {
	const char *file;
	FILE *out;
	int count;
	struct yt_msg *msgs;
	size_t n_msgs;
};

/* Print the kept problems sorted by position, one a line, and free them. */
void yt_errs_flush(struct yt_errs *e);

/* Print one problem at (line, col) and count it. */
void yt_error(struct yt_errs *e, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Print one problem at a node's position. */
void yt_error_at(struct yt_errs *e, const struct yt_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Load path into *root (NULL for an empty file or an empty document).
 * Problems go to e; returns 0 when the tree is usable. */
int yt_load_file(const char *path, struct yt_node **root, struct yt_errs *e);
/* Same, from memory; e->file names it in messages. */
int yt_load_buffer(const char *buf, size_t len, struct yt_node **root,
		   struct yt_errs *e);
void yt_free(struct yt_node *n);

/* A plain null scalar: empty, "~", "null", "Null" or "NULL". */
bool yt_is_null(const struct yt_node *n);
/* "a map", "a list", "a string"... for type errors. */
const char *yt_kind_name(const struct yt_node *n);
/* Scalar text shortened and made printable for a message, into buf. */
const char *yt_show(const struct yt_node *n, char *buf, size_t len);
/* Report duplicate keys and keys that are not strings in map n ("where"
 * names the map in messages, "" for the top level); marks them bad so
 * callers skip them. Returns how many. */
int yt_check_keys(struct yt_node *n, const char *where, struct yt_errs *e);
/* Levenshtein distance between a and b, capped at 99 (for suggestions). */
int yt_edit_distance(const char *a, const char *b);

/* Call fn(path, arg) for each *.yaml of dir, in byte order of names, that
 * want(name, want_arg) accepts (want NULL: all); a missing folder has no
 * files, an unreadable one is one problem. Returns the problems: fn's sum. */
int yt_each_yaml(const char *dir, FILE *errs, bool (*want)(const char *name, void *arg),
		 void *want_arg, int (*fn)(const char *path, void *arg), void *arg);

#endif
