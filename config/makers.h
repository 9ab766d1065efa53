/* makers.h - the list of payment-terminal makers (assets/lan/terminal-makers.yaml):
 * which MAC vendors make card terminals. The lan module flags a device on
 * the shop LAN as a terminal when its vendor (from the IEEE registry,
 * probes/arp_wire.h) matches an entry. Format: posdoctor.yaml(5),
 * TERMINAL MAKERS. Any thread once loaded.
 */
#ifndef POSDOCTOR_MAKERS_H
#define POSDOCTOR_MAKERS_H

#include <stdint.h>
#include <stdio.h>

#define MAKERS_MAX          64
#define MAKER_NAME_MAX      48
#define MAKER_PATTERNS_MAX  8
#define MAKER_PATTERN_MAX   64
#define MAKER_PREFIXES_MAX  16

/* One maker: its short name, the registry names it trades under, and
 * prefixes (first three bytes of a MAC) it uses without a registry name
 * matching. */
struct maker {
	char name[MAKER_NAME_MAX];
	char vendors[MAKER_PATTERNS_MAX][MAKER_PATTERN_MAX];
	int n_vendors;
	uint8_t prefixes[MAKER_PREFIXES_MAX][3];
	int n_prefixes;
};

struct maker_list {
	struct maker m[MAKERS_MAX];
	int n;
};

/* Load path into out (emptied first). Problems go to errs as
 * "FILE:LINE:COLUMN: message"; returns their count (0: loaded). */
int makers_load_file(const char *path, struct maker_list *out, FILE *errs);
/* The same from memory; name is how messages call it. */
int makers_load_buffer(const char *buf, size_t len, const char *name,
		       struct maker_list *out, FILE *errs);
/* The maker of a device with this MAC whose registry vendor name is vendor
 * ("" unknown): a prefix listed, else a vendor name containing one of the
 * maker's names (case ignored). NULL when it is no terminal maker. */
const struct maker *makers_match(const struct maker_list *l, const uint8_t mac[6],
				 const char *vendor);

#endif
