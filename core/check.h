/* check.h - statuses and the result a probe fills in.
 *
 * A check_result is plain data of fixed size: it is copied from the worker
 * thread that filled it, through the runner's queue, into the checklist that
 * the UI thread or the report writer reads. Nothing in it points anywhere.
 */
#ifndef POSDOCTOR_CHECK_H
#define POSDOCTOR_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Final status of a check (SPEC §2). */
enum check_status {
	STATUS_SKIP,
	STATUS_OK,
	STATUS_WARN,
	STATUS_FAIL,
};

/* Live state of a check in the checklist: pending, running, done. */
enum check_state {
	STATE_PENDING,
	STATE_RUNNING,
	STATE_DONE,
};

#define RESULT_CODE_MAX    48
#define RESULT_MAX_METRICS 32
#define METRIC_NAME_MAX    32
#define METRIC_TEXT_MAX    64
#define RESULT_MAX_ARGS    12
#define ARG_NAME_MAX       24
#define ARG_VALUE_MAX      192
#define RESULT_DETAIL_MAX  2048
#define RESULT_MAX_SAMPLES 64

/* A measured value: a number whose name carries its unit (rtt_avg_ms), or a
 * short text (probe_method: "icmp"). */
struct metric {
	char name[METRIC_NAME_MAX];
	bool is_text;
	double value;
	char text[METRIC_TEXT_MAX];
};

/* A named argument for the summary template ("{host}" -> "pay.example.com"). */
struct result_arg {
	char name[ARG_NAME_MAX];
	char value[ARG_VALUE_MAX];
};

struct check_result {
	enum check_status status;
	char code[RESULT_CODE_MAX];        /* "net.loss_high" */
	int64_t duration_ms;               /* set by the runner */
	int n_metrics;
	struct metric metrics[RESULT_MAX_METRICS];
	int n_args;
	struct result_arg args[RESULT_MAX_ARGS];
	/* Language-neutral detail lines for verbose output (hex frames, a list of
	 * claimants). Newline-separated; truncated when full. */
	char detail[RESULT_DETAIL_MAX];
	/* A series for a sparkline (RTTs in ms, in order). */
	int n_samples;
	double samples[RESULT_MAX_SAMPLES];
};

/* Any thread. */
void result_init(struct check_result *r);
void result_set(struct check_result *r, enum check_status st, const char *code);
/* Add or replace a numeric metric; returns -1 when the table is full. */
int result_metric(struct check_result *r, const char *name, double value);
int result_metric_text(struct check_result *r, const char *name, const char *text);
/* Add or replace a summary argument, printf-style. */
int result_arg(struct check_result *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append one detail line, printf-style. */
void result_detail(struct check_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void result_sample(struct check_result *r, double v);
const struct metric *result_find_metric(const struct check_result *r, const char *name);
const char *result_find_arg(const struct check_result *r, const char *name);

/* English text for errno err, for results on any thread: strerror() is not
 * thread-safe and follows LANG rather than --lang; strerrordesc_np() is
 * neither. "error N" (written into buf) when glibc has no text. */
const char *errno_text(int err, char *buf, size_t len);

/* An error, for people and for technicians: arg "error" and the text
 * metric "error" (what the JSON report keeps) get the raw words as the
 * system or library said them (English); arg "error_key" gets the
 * catalogue key of the phrase the front ends show instead, in the chosen
 * language (check_summary, check_fix_args): "error.errno.ETIMEDOUT",
 * "error.resolver.again". A key the catalogue lacks falls back to the raw
 * words in English and to "<family>.other", else "error.unknown", in
 * other languages. */
void result_error(struct check_result *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for errno err: key "error.errno.<NAME>", words strerrordesc_np(). */
void result_errno(struct check_result *r, int err);
/* The catalogue key for errno err into buf ("error.errno.ECONNREFUSED";
 * "error.errno.other" for a number glibc does not name). */
const char *errno_key(int err, char *buf, size_t len);

const char *status_name(enum check_status st);        /* "ok", "warn", ... */
/* Order for "worst": skip < ok < warn < fail. */
int status_rank(enum check_status st);
/* Exit code contribution (SPEC §1): ok/skip 0, warn 1, fail 2. */
int status_exit_code(enum check_status st);

#endif
