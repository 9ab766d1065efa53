/* checklist.c - the checks to run, built from the registry, and their state. */
#include "checklist.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "runner_event.h"
#include "text.h"

/* Whether probe p (instance label) is selected by the comma list only. */
static bool selected(const struct probe *p, const char *label, const char *only,
		     bool *used, int n_used)
{
	char buf[512], full[CHECK_ID_MAX];
	char *save = NULL, *tok;
	bool hit = false;
	int k = 0;

	if (!only || !*only)
		return true;
	snprintf(buf, sizeof(buf), "%s", only);
	if (snprintf(full, sizeof(full), "%s%s%s", p->id, label[0] ? ":" : "", label) >=
	    (int)sizeof(full))
		return false;
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), k++) {
		while (*tok == ' ')
			tok++;
		if (strcmp(tok, p->module) == 0 || strcmp(tok, p->id) == 0 ||
		    strcmp(tok, full) == 0) {
			hit = true;
			if (k < n_used)
				used[k] = true;
		}
	}
	return hit;
}

/* Grow the item array by one; NULL on ENOMEM. */
static struct check_item *add_item(struct checklist *cl, int *cap)
{
	if (cl->n == *cap) {
		int ncap = *cap ? *cap * 2 : 16;
		struct check_item *n = realloc(cl->items, (size_t)ncap * sizeof(*n));

		if (!n)
			return NULL;
		cl->items = n;
		*cap = ncap;
	}
	memset(&cl->items[cl->n], 0, sizeof(cl->items[0]));
	return &cl->items[cl->n++];
}

/* Edit distance (insert, delete, change, swap two neighbours) between a
 * and b, counting no further than 8. */
static int checklist_distance(const char *a, const char *b)
{
	enum { MAXL = 64 };
	int la = (int)strlen(a), lb = (int)strlen(b);
	static int d[MAXL + 1][MAXL + 1];

	if (la > MAXL || lb > MAXL)
		return 8;
	for (int i = 0; i <= la; i++)
		d[i][0] = i;
	for (int j = 0; j <= lb; j++)
		d[0][j] = j;
	for (int i = 1; i <= la; i++) {
		for (int j = 1; j <= lb; j++) {
			int c = a[i - 1] != b[j - 1];
			int v = d[i - 1][j - 1] + c;

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb] < 8 ? d[la][lb] : 8;
}

/* The module or check id closest to a mistyped --only name ("powr" ->
 * "power"), NULL when none is close: at most one edit in four letters. */
static const char *checklist_nearest(const struct probe *const *probes, const char *tok)
{
	const char *best = NULL;
	int best_d = 8;

	for (int i = 0; probes[i]; i++) {
		const char *names[2] = { probes[i]->module, probes[i]->id };

		for (int k = 0; k < 2; k++) {
			int d = checklist_distance(tok, names[k]);

			if (d < best_d) {
				best_d = d;
				best = names[k];
			}
		}
	}
	if (!best || best_d > 1 + (int)strlen(tok) / 4)
		return NULL;
	return best;
}

/* The module names of probes, each once, as "serial, network, ..." in buf. */
static const char *checklist_modules(const struct probe *const *probes, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = '\0';
	for (int i = 0; probes[i]; i++) {
		bool seen = false;

		for (int j = 0; j < i && !seen; j++)
			seen = strcmp(probes[j]->module, probes[i]->module) == 0;
		if (!seen && o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? ", " : "",
					      probes[i]->module);
	}
	return buf;
}

int checklist_build(struct checklist *cl, const struct probe *const *probes,
		    const struct config *cfg, const char *only,
		    char *err, size_t errlen)
{
	bool used[64] = { false };
	int n_tokens = 0, cap = 0;

	memset(cl, 0, sizeof(*cl));
	if (only && *only) {
		n_tokens = 1;
		for (const char *p = only; *p; p++)
			n_tokens += *p == ',';
		if (n_tokens > 64)
			n_tokens = 64;
	}
	for (int i = 0; probes[i]; i++) {
		const struct probe *p = probes[i];
		char labels[PROBE_MAX_INSTANCES][PROBE_LABEL_MAX];
		int n = 1;

		if (p->instances)
			n = p->instances(cfg, labels, PROBE_MAX_INSTANCES);
		else
			labels[0][0] = '\0';
		for (int k = 0; k < n; k++) {
			struct check_item *it;

			if (!selected(p, labels[k], only, used, n_tokens))
				continue;
			it = add_item(cl, &cap);
			if (!it) {
				snprintf(err, errlen, "%s", strerror(ENOMEM));
				checklist_free(cl);
				return -1;
			}
			it->probe = p;
			labels[k][PROBE_LABEL_MAX - 1] = '\0';
			memcpy(it->label, labels[k], sizeof(it->label));
			if (snprintf(it->id, sizeof(it->id), "%s%s%s", p->id,
				     labels[k][0] ? ":" : "", labels[k]) >= (int)sizeof(it->id))
				it->id[sizeof(it->id) - 1] = '\0';
			it->instance = k;
			it->timeout_ms = p->budget_ms ? p->budget_ms(cfg, k) : p->timeout_ms;
			it->state = STATE_PENDING;
			result_init(&it->result);
		}
	}
	/* Every name in --only must have matched something that exists. */
	if (only && *only) {
		char buf[512], mods[256], *save = NULL, *tok;
		int k = 0;

		snprintf(buf, sizeof(buf), "%s", only);
		for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save), k++) {
			bool known = k < 64 && used[k];

			while (*tok == ' ')
				tok++;
			/* A module or check that exists but has no instances
			 * (no hosts configured) is not a typo. */
			for (int i = 0; probes[i] && !known; i++)
				known = strcmp(tok, probes[i]->module) == 0 ||
					strcmp(tok, probes[i]->id) == 0;
			if (!known) {
				const char *near = checklist_nearest(probes, tok);

				if (near)
					snprintf(err, errlen, "--only: no module or check named '%s'; "
						 "did you mean '%s'?", tok, near);
				else
					snprintf(err, errlen, "--only: no module or check named '%s' "
						 "(modules: %s; check ids: posdoctor --once -v)", tok,
						 checklist_modules(probes, mods, sizeof(mods)));
				checklist_free(cl);
				return -1;
			}
		}
	}
	return 0;
}

void checklist_free(struct checklist *cl)
{
	free(cl->items);
	cl->items = NULL;
	cl->n = 0;
}

void checklist_apply(struct checklist *cl, const struct runner_event *ev)
{
	struct check_item *it;

	if (ev->index < 0 || ev->index >= cl->n)
		return;
	it = &cl->items[ev->index];
	switch (ev->kind) {
	case EV_STATE:
		it->state = ev->state;
		it->started_ms = ev->started_ms;
		it->progress_done = it->progress_total = 0;
		break;
	case EV_PROGRESS:
		it->state = STATE_RUNNING;
		it->progress_done = ev->progress_done;
		it->progress_total = ev->progress_total;
		break;
	case EV_DONE:
		/* Its running state may have been coalesced into this event. */
		it->state = STATE_DONE;
		if (ev->started_ms)
			it->started_ms = ev->started_ms;
		it->result = ev->result;
		it->runs++;
		if (it->n_history == CHECK_HISTORY_MAX) {
			memmove(it->history, it->history + 1,
				(CHECK_HISTORY_MAX - 1) * sizeof(it->history[0]));
			it->n_history--;
		}
		it->history[it->n_history++] = ev->result.status;
		break;
	}
}

int checklist_find(const struct checklist *cl, const char *id)
{
	for (int i = 0; i < cl->n; i++)
		if (strcmp(cl->items[i].id, id) == 0)
			return i;
	return -1;
}

/* The one "has a result" rule: at least one run finished. */
bool checklist_item_done(const struct check_item *it)
{
	return it->runs > 0;
}

enum check_status checklist_overall(const struct checklist *cl)
{
	enum check_status worst = STATUS_SKIP;

	for (int i = 0; i < cl->n; i++) {
		const struct check_item *it = &cl->items[i];

		if (checklist_item_done(it) && status_rank(it->result.status) > status_rank(worst))
			worst = it->result.status;
	}
	return worst;
}

int checklist_count(const struct checklist *cl, enum check_state st)
{
	int n = 0;

	for (int i = 0; i < cl->n; i++)
		n += cl->items[i].state == st;
	return n;
}

int checklist_count_status(const struct checklist *cl, enum check_status st)
{
	int n = 0;

	for (int i = 0; i < cl->n; i++)
		n += checklist_item_done(&cl->items[i]) && cl->items[i].result.status == st;
	return n;
}

int checklist_exit_code(const struct checklist *cl)
{
	return status_exit_code(checklist_overall(cl));
}

void checklist_order_worst_first(const struct checklist *cl, int *idx)
{
	int k = 0;

	/* Stable: fail, warn, ok, skip, then not finished; registry order within. */
	static const int rank_order[] = { 3, 2, 1, 0 };

	for (unsigned r = 0; r < sizeof(rank_order) / sizeof(rank_order[0]); r++)
		for (int i = 0; i < cl->n; i++)
			if (checklist_item_done(&cl->items[i]) &&
			    status_rank(cl->items[i].result.status) == rank_order[r])
				idx[k++] = i;
	for (int i = 0; i < cl->n; i++)
		if (!checklist_item_done(&cl->items[i]))
			idx[k++] = i;
}

/* A front-end string: catalogue, else built-in English, else NULL. */
const char *check_text_opt(const struct catalog *cat, enum lang l, const char *key)
{
	const char *t = catalog_text(cat, l, key);

	return t ? t : catalog_builtin(key);
}

/* The same, or the key itself. */
const char *check_text(const struct catalog *cat, enum lang l, const char *key)
{
	const char *t = check_text_opt(cat, l, key);

	return t ? t : key;
}

size_t check_title(const struct catalog *cat, enum lang l,
		   const struct check_item *it, char *out, size_t len)
{
	char key[128];
	const char *t;
	struct check_result *args = malloc(sizeof(*args));
	size_t n;

	/* One instance may have a title of its own ("title.network.host:terminal"). */
	t = NULL;
	if (it->label[0] && snprintf(key, sizeof(key), "title.%s", it->id) < (int)sizeof(key))
		t = catalog_text(cat, l, key);
	if (!t) {
		snprintf(key, sizeof(key), "title.%s", it->probe->id);
		t = catalog_text(cat, l, key);
	}
	if (!t || !args) {
		free(args);
		return (size_t)snprintf(out, len, "%s", it->id);
	}
	result_init(args);
	result_arg(args, "label", "%s", it->label);
	n = catalog_expand(t, args, out, len);
	free(args);
	return n;
}

/* The title of check id ("network.host:acquirer") in l, into out; the id
 * itself when the catalogue has no title for it. */
static void check_id_title(const struct catalog *cat, enum lang l, const char *id,
			   char *out, size_t len)
{
	char key[160];
	const char *colon = strchr(id, ':');
	struct check_result *lab;
	const char *t;

	t = NULL;
	if (cat && colon && snprintf(key, sizeof(key), "title.%s", id) < (int)sizeof(key))
		t = catalog_text(cat, l, key);
	snprintf(key, sizeof(key), "title.%.*s", colon ? (int)(colon - id) : (int)strlen(id), id);
	if (!t)
		t = cat ? catalog_text(cat, l, key) : NULL;
	lab = t ? malloc(sizeof(*lab)) : NULL;
	if (!lab) {
		snprintf(out, len, "%s", id);
		return;
	}
	result_init(lab);
	result_arg(lab, "label", "%s", colon ? colon + 1 : "");
	catalog_expand(t, lab, out, len);
	free(lab);
}

/* The text of key in l, or NULL. */
static const char *check_text_in(const struct catalog *cat, enum lang l, const char *key)
{
	const struct tr_text *e = catalog_entry(cat, key);

	return e && (unsigned)l < LANG_COUNT ? e->text[l] : NULL;
}

/* The catalogue key for a text value of arg name: "arg.<name>.<value>",
 * the value lower-cased, each run of other characters than a-z and 0-9 one
 * "_" ("ICMP echo (ping)" -> "icmp_echo_ping"). False when too long. */
static bool check_value_key(const char *name, const char *value, char *key, size_t len)
{
	size_t o = (size_t)snprintf(key, len, "arg.%s.", name);

	if (o >= len)
		return false;
	for (const char *p = value; *p; p++) {
		char c = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			c = '_';
		if (c == '_' && (o == 0 || key[o - 1] == '_' || key[o - 1] == '.'))
			continue;
		if (o + 1 >= len)
			return false;
		key[o++] = c;
	}
	while (o > 0 && key[o - 1] == '_')
		o--;
	key[o] = '\0';
	return true;
}

size_t check_arg_text(const struct catalog *cat, enum lang l, const struct check_result *r,
		      const char *name, char *out, size_t len)
{
	char key[ARG_NAME_MAX + ARG_VALUE_MAX + 16], other[80];
	const char *value = result_find_arg(r, name), *k, *t, *dot;

	if (!cat || !value)
		return 0;
	snprintf(key, sizeof(key), "%s_key", name);
	k = result_find_arg(r, key);
	if (!k) {
		/* A value of a fixed set ("icmp", "Overheat"): never a number, an
		 * address, a host name or a path, so those cost no lookup. */
		if (value[strcspn(value, "0123456789.:@")] != '\0' || value[0] == '/' ||
		    !check_value_key(name, value, key, sizeof(key)) ||
		    !(t = check_text_in(cat, l, key)))
			return 0;
		return catalog_expand(t, r, out, len);
	}
	if ((t = check_text_in(cat, l, k)))
		return catalog_expand(t, r, out, len);
	if (l == LANG_EN)
		return 0;
	/* Never the English words: the family's own ("error.curl.other"),
	 * else the general ones. */
	dot = strrchr(k, '.');
	if (dot && dot > k && (size_t)(dot - k) + 7 < sizeof(other)) {
		snprintf(other, sizeof(other), "%.*s.other", (int)(dot - k), k);
		if ((t = check_text_in(cat, l, other)))
			return catalog_expand(t, r, out, len);
	}
	if ((t = check_text_in(cat, l, "error.unknown")))
		return catalog_expand(t, r, out, len);
	return 0;
}

void check_errno_text(const struct catalog *cat, enum lang l, int err, char *out, size_t len)
{
	struct check_result *r = malloc(sizeof(*r));
	char eb[32];

	if (!r) {
		snprintf(out, len, "%s", errno_text(err, eb, sizeof(eb)));
		return;
	}
	result_init(r);
	result_errno(r, err);
	if (check_arg_text(cat, l, r, "error", out, len) == 0)
		snprintf(out, len, "%s", result_find_arg(r, "error"));
	free(r);
}

/* A copy of the item's result whose {blocker} names the blocking check by
 * its title in l, as people read it, not by its id, and whose arguments
 * are in words of l (check_arg_text). Malloc'd; NULL on ENOMEM. */
static struct check_result *check_titled_args(const struct catalog *cat, enum lang l,
					      const struct check_item *it)
{
	struct check_result *r = malloc(sizeof(*r));
	const char *id;

	if (!r)
		return NULL;
	*r = it->result;
	id = result_find_arg(&it->result, "blocker");
	if (id && cat) {
		char title[ARG_VALUE_MAX];

		check_id_title(cat, l, id, title, sizeof(title));
		result_arg(r, "blocker", "%s", title);
	}
	/* Each argument in words of l: a keyed one (result_error) or a value
	 * of a fixed set; addresses, names and numbers stay as they are. */
	for (int i = 0; i < it->result.n_args; i++) {
		const struct result_arg *a = &it->result.args[i];
		size_t nl = strlen(a->name);
		char words[ARG_VALUE_MAX];

		if ((nl > 4 && strcmp(a->name + nl - 4, "_key") == 0) ||
		    strcmp(a->name, "blocker") == 0)
			continue;
		if (check_arg_text(cat, l, &it->result, a->name, words, sizeof(words)) == 0)
			continue;
		result_arg(r, a->name, "%s", words);
		if (result_find_metric(r, a->name))
			result_metric_text(r, a->name, words);
	}
	return r;
}

/* The singular form of summary key (text t) when the catalogue has one
 * ("<key>.one") and the first number t names is 1 ("1 name looked up");
 * else t. */
static const char *check_summary_one(const struct catalog *cat, enum lang l, const char *key,
				     const char *t, const struct check_result *r)
{
	char one[200], name[ARG_NAME_MAX], num[32];
	const char *p = t, *end, *text;

	snprintf(one, sizeof(one), "%s.one", key);
	/* Only the language's own singular: Chinese has none. */
	text = check_text_in(cat, l, one);
	if (!text)
		return t;
	while ((p = strchr(p, '{')) && (end = strchr(p, '}'))) {
		const struct metric *m;
		const char *v;

		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		p = end + 1;
		v = result_find_arg(r, name);
		if (!v && (m = result_find_metric(r, name)) && !m->is_text) {
			text_number(m->value, num, sizeof(num));
			v = num;
		}
		if (!v || !*v || strspn(v, "0123456789.-") != strlen(v))
			continue;
		return strcmp(v, "1") == 0 ? text : t;
	}
	return t;
}

size_t check_summary(const struct catalog *cat, enum lang l,
		     const struct check_item *it, char *out, size_t len)
{
	char key[160];
	const char *t;
	struct check_result *args;
	size_t n;

	snprintf(key, sizeof(key), "summary.%s@%s", it->result.code, it->probe->id);
	t = catalog_text(cat, l, key);
	if (!t) {
		snprintf(key, sizeof(key), "summary.%s", it->result.code);
		t = catalog_text(cat, l, key);
	}
	if (!t)
		return (size_t)snprintf(out, len, "%s", it->result.code);
	t = check_summary_one(cat, l, key, t, &it->result);
	args = check_titled_args(cat, l, it);
	n = catalog_expand(t, args ? args : &it->result, out, len);
	free(args);
	return n;
}

struct check_result *check_fix_args(const struct catalog *cat, enum lang l,
				    const struct check_item *it)
{
	struct check_result *r = check_titled_args(cat, l, it);

	if (!r)
		return NULL;
	if (!result_find_arg(r, "id"))
		result_arg(r, "id", "%s", it->id);
	if (!result_find_arg(r, "label"))
		result_arg(r, "label", "%s", it->label);
	if (!result_find_arg(r, "code"))
		result_arg(r, "code", "%s", it->result.code);
	return r;
}
