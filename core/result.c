/* result.c - filling and reading a check_result. */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

void result_init(struct check_result *r)
{
	memset(r, 0, sizeof(*r));
	r->status = STATUS_SKIP;
}

void result_set(struct check_result *r, enum check_status st, const char *code)
{
	r->status = st;
	text_copy(r->code, sizeof(r->code), code);
}

/* The metric slot named name: the existing one, a new one, or NULL. */
static struct metric *metric_slot(struct check_result *r, const char *name)
{
	for (int i = 0; i < r->n_metrics; i++)
		if (strcmp(r->metrics[i].name, name) == 0)
			return &r->metrics[i];
	if (r->n_metrics >= RESULT_MAX_METRICS)
		return NULL;
	struct metric *m = &r->metrics[r->n_metrics++];
	memset(m, 0, sizeof(*m));
	text_copy(m->name, sizeof(m->name), name);
	return m;
}

int result_metric(struct check_result *r, const char *name, double value)
{
	struct metric *m = metric_slot(r, name);

	if (!m)
		return -1;
	m->is_text = false;
	m->value = value;
	m->text[0] = '\0';
	return 0;
}

int result_metric_text(struct check_result *r, const char *name, const char *text)
{
	struct metric *m = metric_slot(r, name);

	if (!m)
		return -1;
	m->is_text = true;
	m->value = 0;
	text_copy(m->text, sizeof(m->text), text);
	return 0;
}

int result_arg(struct check_result *r, const char *name, const char *fmt, ...)
{
	struct result_arg *a = NULL;
	va_list ap;

	for (int i = 0; i < r->n_args; i++)
		if (strcmp(r->args[i].name, name) == 0)
			a = &r->args[i];
	if (!a) {
		if (r->n_args >= RESULT_MAX_ARGS)
			return -1;
		a = &r->args[r->n_args++];
		text_copy(a->name, sizeof(a->name), name);
	}
	va_start(ap, fmt);
	vsnprintf(a->value, sizeof(a->value), fmt, ap);
	va_end(ap);
	return 0;
}

void result_detail(struct check_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->detail);
	size_t room = sizeof(r->detail) - used;
	va_list ap;
	int n;

	if (room < 2)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->detail + used, room - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	used = strlen(r->detail);
	r->detail[used] = '\n';
	r->detail[used + 1] = '\0';
}

void result_sample(struct check_result *r, double v)
{
	if (r->n_samples < RESULT_MAX_SAMPLES)
		r->samples[r->n_samples++] = v;
}

const struct metric *result_find_metric(const struct check_result *r, const char *name)
{
	for (int i = 0; i < r->n_metrics; i++)
		if (strcmp(r->metrics[i].name, name) == 0)
			return &r->metrics[i];
	return NULL;
}

const char *result_find_arg(const struct check_result *r, const char *name)
{
	for (int i = 0; i < r->n_args; i++)
		if (strcmp(r->args[i].name, name) == 0)
			return r->args[i].value;
	return NULL;
}

static const char *const status_names[] = {
	[STATUS_SKIP] = "skip",
	[STATUS_OK] = "ok",
	[STATUS_WARN] = "warn",
	[STATUS_FAIL] = "fail",
};

const char *status_name(enum check_status st)
{
	if ((unsigned)st < sizeof(status_names) / sizeof(status_names[0]))
		return status_names[st];
	return "?";
}

int status_rank(enum check_status st)
{
	switch (st) {
	case STATUS_SKIP: return 0;
	case STATUS_OK: return 1;
	case STATUS_WARN: return 2;
	case STATUS_FAIL: return 3;
	}
	return 0;
}

int status_exit_code(enum check_status st)
{
	switch (st) {
	case STATUS_WARN: return 1;
	case STATUS_FAIL: return 2;
	default: return 0;
	}
}

const char *errno_text(int err, char *buf, size_t len)
{
	const char *d = strerrordesc_np(err);

	if (d)
		return d;
	snprintf(buf, len, "error %d", err);
	return buf;
}

const char *errno_key(int err, char *buf, size_t len)
{
	const char *name = strerrorname_np(err);

	snprintf(buf, len, "error.errno.%s", name ? name : "other");
	return buf;
}

void result_error(struct check_result *r, const char *key, const char *fmt, ...)
{
	char raw[ARG_VALUE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	result_arg(r, "error", "%s", raw);
	result_arg(r, "error_key", "%s", key);
	result_metric_text(r, "error", raw);
}

void result_errno(struct check_result *r, int err)
{
	char key[64], eb[32];

	result_error(r, errno_key(err, key, sizeof(key)), "%s", errno_text(err, eb, sizeof(eb)));
}
