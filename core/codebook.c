/* codebook.c - response-code tables in memory, and code lookup. */
#include "codebook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const retry_words[CODE_RETRY_COUNT] = { "no", "yes", "later" };
static const char *const call_words[CODE_CALL_COUNT] = { "nobody", "issuer", "acquirer" };

/* YAML word of a retry value. */
const char *code_retry_word(enum code_retry r)
{
	return (unsigned)r < CODE_RETRY_COUNT ? retry_words[r] : "no";
}

/* YAML word of a call value. */
const char *code_call_word(enum code_call c)
{
	return (unsigned)c < CODE_CALL_COUNT ? call_words[c] : "nobody";
}

/* Free every language of one text. */
static void tr_free_all(struct tr_text *t)
{
	for (int l = 0; l < LANG_COUNT; l++) {
		free(t->text[l]);
		t->text[l] = NULL;
	}
}

/* Free every table and empty the book. */
void codebook_free(struct codebook *cb)
{
	if (!cb)
		return;
	for (int i = 0; i < cb->n_tables; i++) {
		struct code_table *t = &cb->tables[i];

		free(t->id);
		tr_free_all(&t->name);
		for (int c = 0; c < t->n_classes; c++)
			tr_free_all(&t->class_text[c]);
		for (size_t j = 0; j < t->n_codes; j++) {
			tr_free_all(&t->codes[j].meaning);
			tr_free_all(&t->codes[j].advice);
		}
		free(t->codes);
	}
	memset(cb, 0, sizeof(*cb));
}

/* Linear search: a table holds about a hundred codes. */
const struct code_entry *codebook_find(const struct code_table *t, const char *code)
{
	for (size_t i = 0; t && code && i < t->n_codes; i++)
		if (strcmp(t->codes[i].code, code) == 0)
			return &t->codes[i];
	return NULL;
}

/* The text of class letter cls, or NULL. */
const struct tr_text *codebook_class(const struct code_table *t, char cls)
{
	for (int i = 0; t && i < t->n_classes; i++)
		if (t->class_id[i] == cls)
			return &t->class_text[i];
	return NULL;
}

/* Check and normalise a typed code (see codebook.h). */
int code_normalise(const char *in, char out[CODE_MAX_LEN + 1], char *why, size_t why_len)
{
	size_t n = strlen(in);

	if (n == 0) {
		snprintf(why, why_len, "the code is empty");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
			snprintf(why, why_len, "%s at position %zu: a response code has only "
				 "letters and digits", c == ' ' ? "a space" :
				 (c < 0x20 || c >= 0x7f) ? "a character that is not a letter or digit"
							 : "a sign", i + 1);
			return -1;
		}
	}
	if (n > CODE_MAX_LEN) {
		snprintf(why, why_len, "too long (%zu bytes): a response code is one or two "
			 "letters or digits", n);
		return -1;
	}
	if (n == 1) {
		if (in[0] < '0' || in[0] > '9') {
			snprintf(why, why_len, "a single letter is not a response code");
			return -1;
		}
		out[0] = '0';
		out[1] = in[0];
	} else {
		out[0] = in[0] >= 'a' && in[0] <= 'z' ? (char)(in[0] - 32) : in[0];
		out[1] = in[1] >= 'a' && in[1] <= 'z' ? (char)(in[1] - 32) : in[1];
	}
	out[2] = '\0';
	return 0;
}
