/* config_keys.h - the table of config keys and the walker that applies them.
 *
 * Private to config/. Each known key is one row: its dotted path, its type,
 * where it lands (offset and size in the struct the table describes), its
 * range or allowed words. Adding a key to an existing section is one row in
 * config_keys.c (plus the field in config.h and its default in config.c).
 */
#ifndef POSDOCTOR_CONFIG_KEYS_H
#define POSDOCTOR_CONFIG_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "yaml_tree.h"

enum key_type {
	K_SECTION,   /* a map of further keys; offset/size: optional bool flag */
	K_STRING,    /* char[size]; names: allowed words (NULL: any text) */
	K_PATH,      /* char[size]; relative paths resolved against the file's folder */
	K_HEX,       /* char[size]; hex bytes, "06" or "02 41 03" */
	K_INT,       /* int in [min, max] */
	K_NUMBER,    /* double in [min, max] */
	K_BOOL,      /* bool: true/false (yes/no, on/off) */
	K_ENUM,      /* int (an enum): index of the word in names */
	K_USB_ID,    /* int 0..0xffff: 0x11ca or a decimal number */
	K_BAUD,      /* int: a standard serial rate */
	K_CUSTOM,    /* set() does the work */
};

struct load_ctx;
struct key_row;

typedef void (*key_setter)(const struct key_row *row, void *base,
			   const struct yt_node *v, struct load_ctx *ctx);

struct key_row {
	const char *path;          /* "serial.baud"; relative to the table */
	enum key_type type;
	size_t offset, size;       /* field in the struct the table describes */
	double min, max;           /* K_INT, K_NUMBER */
	const char *const *names;  /* K_ENUM (in enum order), K_STRING words */
	key_setter set;            /* K_CUSTOM */
};

/* What a load carries along. */
struct load_ctx {
	struct yt_errs errs;
	struct config *cfg;
	const struct key_row *top_rows; /* the table whose paths seen[] holds */
	char dir[CFG_PATH_MAX];        /* folder of the file, "" for cwd */
	/* Keys seen at the top table, for checks across keys. */
	struct { const char *path; const struct yt_node *node; } seen[128];
	int n_seen;
};

/* The top-level table (NULL-path terminated) and the one for a host item. */
extern const struct key_row config_rows[];
extern const struct key_row config_host_rows[];
/* The table for an item of lan.terminals (a struct cfg_terminal). */
extern const struct key_row config_terminal_rows[];

/* config_yaml.c, the walker (uses no table of its own). Apply map node m
 * to base using table rows; prefix is m's path inside the
 * table ("" at its top), shown is how messages name it ("network.hosts[0]"). */
void config_walk(const struct key_row *rows, void *base, const struct yt_node *m,
		 const char *prefix, const char *shown, struct load_ctx *ctx);
/* Apply one value to one row (of table rows). shown: the key's full name. */
void config_apply(const struct key_row *rows, const struct key_row *row, void *base,
		  const struct yt_node *v, const char *shown, struct load_ctx *ctx);
/* Whether b is a standard serial rate (config_yaml.c). */
bool config_is_std_baud(int b);
/* config_keys.c: checks across keys once the whole file is applied. */
void config_check_cross(struct load_ctx *ctx);
/* The node a top-level path was set from, or NULL (config_yaml.c). */
const struct yt_node *config_seen(const struct load_ctx *ctx, const char *path);

#endif
