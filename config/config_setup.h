/* config_setup.h - what the setup screen edits, and writing it into the
 * user's config file.
 *
 * The screen (tui/tui_setup.c) edits a struct config_setup; saving merges
 * it into the file as a tree (every key the screen does not edit stays),
 * loads the result with the loader --check-config uses before anything is
 * replaced, then replaces the file atomically (sys/sys_atomic.h). Comments
 * cannot survive the tree, so an existing file is first kept as FILE.bak.
 * Any thread; no global state.
 */
#ifndef POSDOCTOR_CONFIG_SETUP_H
#define POSDOCTOR_CONFIG_SETUP_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"

/* The label of the network.hosts entry that stands for a terminal on the
 * network; the payment host is the first entry with another name. */
#define CONFIG_SETUP_TERMINAL "terminal"
#define CONFIG_SETUP_ACQUIRER "acquirer"

struct config_setup {
	char shop[128];                       /* site.name */
	char terminal_id[CFG_NAME_MAX];       /* site.terminal_id */
	char host[CFG_HOST_MAX];              /* payment host address */
	int port;                             /* its port */
	bool terminal_network;                /* the terminal is on the network */
	char serial_port[CFG_PATH_MAX];       /* "auto" or a device path (written as
					       * "none" when terminal_network) */
	char terminal_address[CFG_HOST_MAX];  /* when terminal_network */
};

enum config_setup_outcome {
	SETUP_SAVED,
	SETUP_BAD_FILE,     /* the file there does not load: fix it first */
	SETUP_BAD_SHAPE,    /* a section the screen edits is not a map/list */
	SETUP_INVALID,      /* the merged file would not load (detail says why) */
	SETUP_WRITE_FAILED, /* folder, backup or file could not be written */
};

/* The fields as cfg has them (the payment host: the first host not named
 * CONFIG_SETUP_TERMINAL; the terminal on the network: the one named so). */
void config_setup_from(const struct config *cfg, struct config_setup *s);

/* Where the screen writes: given (-c FILE) when set, else the first file of
 * the search order unless it is the system-wide one, else the user's own
 * ($XDG_CONFIG_HOME or ~/.config)/posdoctor/posdoctor.yaml. Into buf. */
const char *config_setup_path(const char *given, char *buf, size_t len);

/* Merge s into the YAML of base (NULL or a missing file: none; usually
 * path itself, or the system-wide file the run loaded), check the result
 * with config_load_buffer(), and write it to path atomically (folders made
 * as needed, mode 0700; an existing path kept as path.bak first: backup gets
 * its name, else ""). On SETUP_SAVED out holds the config loaded back from
 * path; otherwise path is untouched and detail holds the first problem
 * (a FILE:LINE:COLUMN message or an errno text). */
enum config_setup_outcome config_setup_save(const char *path, const char *base,
					    const struct config_setup *s, struct config *out,
					    char *detail, size_t detail_len,
					    char *backup, size_t backup_len);

#endif
