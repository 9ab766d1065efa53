/* codebook.h - response-code tables (ISO 8583 field 39, China UnionPay's POS
 * table): what a code the card terminal shows means and what to do.
 *
 * Filled by config/codes_load.c from the YAML files of assets/codes/; read-only
 * afterwards, so any thread may look up.
 */
#ifndef POSDOCTOR_CODEBOOK_H
#define POSDOCTOR_CODEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "catalog.h"

#define CODEBOOK_MAX_TABLES  8
#define CODEBOOK_MAX_CLASSES 8
#define CODE_MAX_LEN         2      /* codes are two letters or digits */

/* Whether to run the payment again. */
enum code_retry { CODE_RETRY_NO, CODE_RETRY_YES, CODE_RETRY_LATER, CODE_RETRY_COUNT };
/* Who to call: nobody, the card's bank (the customer calls), the acquirer's helpdesk. */
enum code_call { CODE_CALL_NOBODY, CODE_CALL_ISSUER, CODE_CALL_ACQUIRER, CODE_CALL_COUNT };

struct code_entry {
	char code[CODE_MAX_LEN + 1];    /* "51", "A0" */
	char cls;                       /* action class letter, '\0' when the table has none */
	enum code_retry retry;
	enum code_call call;
	struct tr_text meaning;
	struct tr_text advice;
};

struct code_table {
	char *id;                       /* "iso8583", "cup" */
	struct tr_text name;
	int n_classes;
	char class_id[CODEBOOK_MAX_CLASSES];
	struct tr_text class_text[CODEBOOK_MAX_CLASSES];
	struct code_entry *codes;
	size_t n_codes;
};

struct codebook {
	struct code_table tables[CODEBOOK_MAX_TABLES];
	int n_tables;
};

/* Word for a retry / call value as written in the YAML ("later", "issuer"). */
const char *code_retry_word(enum code_retry r);
const char *code_call_word(enum code_call c);

void codebook_free(struct codebook *cb);
/* The entry for code in table t, or NULL. */
const struct code_entry *codebook_find(const struct code_table *t, const char *code);
/* The text of an action class of table t, or NULL. */
const struct tr_text *codebook_class(const struct code_table *t, char cls);

/* Normalise what a user typed into a code: one or two ASCII letters or
 * digits, letters upper-cased, one digit zero-padded ("5" -> "05").
 * Returns 0, or -1 with a plain reason in why (English). */
int code_normalise(const char *in, char out[CODE_MAX_LEN + 1], char *why, size_t why_len);

#endif
