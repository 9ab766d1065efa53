/* guide_load.c - read and validate triage flows: every problem reported as
 * FILE:LINE:COLUMN: message, and a flow must be a sound graph - no link to
 * a node that does not exist, no node that cannot be reached, no loop
 * without a way out to an outcome, every text in every language. */
#define _POSIX_C_SOURCE 200809L
#include "guide_load.h"

#include <stdlib.h>
#include <string.h>

#include "load_common.h"

#define MAX_NODES 64
#define MAX_LINKS (MAX_NODES * (GUIDE_MAX_ANSWERS + 4))

/* A link waiting for every node to be known. */
struct link {
	int *slot;                  /* where the node index goes */
	const struct yt_node *v;    /* the node id as written */
	const char *what;           /* "next", "answers[1].next" ... (static or in buf) */
	int from;
	char buf[48];
};

struct flow_ctx {
	struct yt_errs *e;
	struct guide_flow *f;
	const char *fid;
	const struct yt_node *keys[MAX_NODES];  /* each node's key, for positions */
	struct link links[MAX_LINKS];
	int n_links;
};

/* Whether v is a word for an id: letters, digits, '_' and '-', 1..47 bytes. */
static bool valid_id(const struct yt_node *v)
{
	if (!v || v->kind != YT_SCALAR || v->len == 0 || v->len > 47 || strlen(v->value) != v->len)
		return false;
	for (size_t i = 0; i < v->len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
			    v->value[i]))
			return false;
	return true;
}

/* Report keys of m not listed in known (NULL-terminated). */
static void check_known(struct flow_ctx *c, struct yt_node *m, const char *where,
			const char *const *known)
{
	char s[64], list[200] = "";

	for (int j = 0; known[j]; j++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", j ? ", " : "",
			 known[j]);
	yt_check_keys(m, where, c->e);
	for (size_t i = 0; i + 1 < m->n_kids; i += 2) {
		const struct yt_node *k = m->kids[i];
		bool ok = false;

		if (k->bad)
			continue;
		for (int j = 0; known[j]; j++)
			ok |= strcmp(k->value, known[j]) == 0;
		if (!ok)
			yt_error_at(c->e, k, "%s: unknown key '%s' here (known: %s)", where,
				    yt_show(k, s, sizeof(s)), list);
	}
}

/* Queue a link from node `from` to the node named by v. */
static void add_link(struct flow_ctx *c, int from, int *slot, const struct yt_node *v,
		     const char *what, const char *where)
{
	struct link *l;
	char s[64];

	*slot = -1;
	if (!v)
		return;
	if (!valid_id(v)) {
		yt_error_at(c->e, v, "%s.%s: '%s' is not a node id", where, what,
			    yt_show(v, s, sizeof(s)));
		return;
	}
	if (c->n_links == MAX_LINKS)
		return;
	l = &c->links[c->n_links++];
	l->slot = slot;
	l->v = v;
	l->from = from;
	snprintf(l->buf, sizeof(l->buf), "%s", what);
	l->what = l->buf;
}

/* A required link: reported when missing. */
static void need_link(struct flow_ctx *c, int from, int *slot, struct yt_node *m,
		      const char *key, const char *where)
{
	struct yt_node *v = load_map_get(m, key);

	if (!v) {
		*slot = -1;
		yt_error_at(c->e, m, "%s: '%s' is missing (the node to go to)", where, key);
		return;
	}
	add_link(c, from, slot, v, key, where);
}

/* A required translated text. */
static void need_text(struct flow_ctx *c, struct yt_node *m, const char *key,
		      struct tr_text *t, const char *where)
{
	struct yt_node *v = load_map_get(m, key);
	char w[160];

	snprintf(w, sizeof(w), "%s.%s", where, key);
	if (!v)
		yt_error_at(c->e, m, "%s: '%s' is missing", where, key);
	else
		load_tr_full(v, w, t, c->e);
}

/* question: ask, answers [{text, next}]. */
static void parse_question(struct flow_ctx *c, int idx, struct yt_node *m, const char *where)
{
	static const char *const known[] = { "ask", "answers", NULL };
	struct guide_node *n = &c->f->nodes[idx];
	struct yt_node *ans = load_map_get(m, "answers");
	char w[200], what[48];

	check_known(c, m, where, known);
	need_text(c, m, "ask", &n->text, where);
	if (!ans) {
		yt_error_at(c->e, m, "%s: 'answers' is missing (a list of {text: ..., next: ...})",
			    where);
		return;
	}
	if (ans->kind != YT_SEQ || ans->n_kids == 0) {
		yt_error_at(c->e, ans, "%s.answers: expected a list of {text: {en: ..., zh_CN: ...}, "
			    "next: node}, got %s", where,
			    ans->kind == YT_SEQ ? "an empty list" : yt_kind_name(ans));
		return;
	}
	for (size_t i = 0; i < ans->n_kids; i++) {
		static const char *const aknown[] = { "text", "next", NULL };
		struct yt_node *a = ans->kids[i];

		snprintf(w, sizeof(w), "%s.answers[%zu]", where, i);
		if (n->n_answers == GUIDE_MAX_ANSWERS) {
			yt_error_at(c->e, a, "%s.answers: more than %d answers", where,
				    GUIDE_MAX_ANSWERS);
			break;
		}
		if (a->kind != YT_MAP) {
			yt_error_at(c->e, a, "%s: expected {text: {en: ..., zh_CN: ...}, next: node}, "
				    "got %s", w, yt_kind_name(a));
			continue;
		}
		check_known(c, a, w, aknown);
		need_text(c, a, "text", &n->answer[n->n_answers], w);
		snprintf(what, sizeof(what), "answers[%d].next", (int)i);
		need_link(c, idx, &n->answer_next[n->n_answers], a, "next", w);
		/* Name the link by its answer in messages. */
		if (c->n_links && c->links[c->n_links - 1].slot == &n->answer_next[n->n_answers])
			snprintf(c->links[c->n_links - 1].buf, sizeof(c->links[0].buf), "%s", what);
		n->n_answers++;
	}
}

/* checks: [patterns], say, next, ok (default: next). */
static void parse_checks(struct flow_ctx *c, int idx, struct yt_node *m, const char *where)
{
	static const char *const known[] = { "checks", "say", "next", "ok", NULL };
	struct guide_node *n = &c->f->nodes[idx];
	struct yt_node *list = load_map_get(m, "checks");
	char s[64];

	check_known(c, m, where, known);
	need_text(c, m, "say", &n->text, where);
	need_link(c, idx, &n->next, m, "next", where);
	if (load_map_get(m, "ok"))
		add_link(c, idx, &n->ok, load_map_get(m, "ok"), "ok", where);
	else
		n->ok = -2;     /* resolved to next */
	if (list->kind != YT_SEQ || list->n_kids == 0) {
		yt_error_at(c->e, list, "%s.checks: expected a list of check ids such as "
			    "[serial.link, \"network.host:*\"], got %s", where,
			    list->kind == YT_SEQ ? "an empty list" : yt_kind_name(list));
		return;
	}
	for (size_t i = 0; i < list->n_kids; i++) {
		const struct yt_node *p = list->kids[i];

		if (n->n_checks == GUIDE_MAX_CHECKS) {
			yt_error_at(c->e, p, "%s.checks: more than %d", where, GUIDE_MAX_CHECKS);
			break;
		}
		if (p->kind != YT_SCALAR || !guide_pattern_valid(p->value)) {
			yt_error_at(c->e, p, "%s.checks[%zu]: '%s' is not a check id or pattern "
				    "(serial.link, serial.*, \"network.host:*\", \"*\")", where, i,
				    yt_show(p, s, sizeof(s)));
			continue;
		}
		n->checks[n->n_checks] = strdup(p->value);
		if (n->checks[n->n_checks])
			n->n_checks++;
	}
}

/* code: prompt, and a node for each answer of the tables' "who to call". */
static void parse_code(struct flow_ctx *c, int idx, struct yt_node *m, const char *where)
{
	static const char *const known[] = { "code", "nobody", "issuer", "acquirer", "unknown",
					     NULL };
	struct guide_node *n = &c->f->nodes[idx];

	check_known(c, m, where, known);
	need_text(c, m, "code", &n->text, where);
	for (int i = 0; i < CODE_CALL_COUNT; i++)
		need_link(c, idx, &n->on_call[i], m, code_call_word((enum code_call)i), where);
	need_link(c, idx, &n->on_unknown, m, "unknown", where);
}

/* One node: which kind, then its fields. */
static void parse_node(struct flow_ctx *c, int idx, struct yt_node *m, const char *where)
{
	static const char *const kinds[] = { "ask", "do", "checks", "code", "outcome" };
	struct guide_node *n = &c->f->nodes[idx];
	int found = -1, count = 0;
	char s[64];

	if (m->kind != YT_MAP) {
		yt_error_at(c->e, m, "%s: expected a map (ask, do, checks, code or outcome), got %s",
			    where, yt_kind_name(m));
		return;
	}
	for (int k = 0; k < 5; k++)
		if (load_map_get(m, kinds[k])) {
			found = k;
			count++;
		}
	if (count != 1) {
		yt_error_at(c->e, m, "%s: a node is one of: a question (ask), a step (do), "
			    "checks, a code lookup (code) or an outcome; %s", where,
			    count ? "this one has more than one" : "this one has none");
		return;
	}
	switch (found) {
	case 0:
		n->kind = GUIDE_QUESTION;
		parse_question(c, idx, m, where);
		break;
	case 1: {
		static const char *const known[] = { "do", "next", NULL };

		n->kind = GUIDE_STEP;
		check_known(c, m, where, known);
		need_text(c, m, "do", &n->text, where);
		need_link(c, idx, &n->next, m, "next", where);
		break;
	}
	case 2:
		n->kind = GUIDE_CHECKS;
		parse_checks(c, idx, m, where);
		break;
	case 3:
		n->kind = GUIDE_CODE;
		parse_code(c, idx, m, where);
		break;
	default: {
		static const char *const known[] = { "outcome", "say", NULL };
		struct yt_node *o = load_map_get(m, "outcome");

		n->kind = GUIDE_OUTCOME;
		check_known(c, m, where, known);
		need_text(c, m, "say", &n->text, where);
		if (o->kind != YT_SCALAR || !guide_outcome_parse(o->value, &n->outcome))
			yt_error_at(c->e, o, "%s.outcome: '%s' is not one of solved, call_issuer, "
				    "call_acquirer, call_repair", where, yt_show(o, s, sizeof(s)));
		break;
	}
	}
}

/* The node indexes one node leads to; returns how many. */
static int edges(const struct guide_node *n, int *out)
{
	int k = 0;

	switch (n->kind) {
	case GUIDE_QUESTION:
		for (int i = 0; i < n->n_answers; i++)
			out[k++] = n->answer_next[i];
		break;
	case GUIDE_STEP:
		out[k++] = n->next;
		break;
	case GUIDE_CHECKS:
		out[k++] = n->next;
		out[k++] = n->ok;
		break;
	case GUIDE_CODE:
		for (int i = 0; i < CODE_CALL_COUNT; i++)
			out[k++] = n->on_call[i];
		out[k++] = n->on_unknown;
		break;
	case GUIDE_OUTCOME:
		break;
	}
	return k;
}

/* Unreachable nodes, and reachable ones that never lead to an outcome. */
static void check_graph(struct flow_ctx *c)
{
	struct guide_flow *f = c->f;
	bool seen[MAX_NODES] = { false }, exits[MAX_NODES] = { false };
	int queue[MAX_NODES], head = 0, tail = 0, e[GUIDE_MAX_ANSWERS + 4];
	bool changed = true;

	seen[f->start] = true;
	queue[tail++] = f->start;
	while (head < tail) {
		int k = edges(&f->nodes[queue[head++]], e);

		for (int i = 0; i < k; i++)
			if (e[i] >= 0 && !seen[e[i]]) {
				seen[e[i]] = true;
				queue[tail++] = e[i];
			}
	}
	for (int i = 0; i < f->n_nodes; i++)
		exits[i] = f->nodes[i].kind == GUIDE_OUTCOME;
	while (changed) {
		changed = false;
		for (int i = 0; i < f->n_nodes; i++) {
			int k = edges(&f->nodes[i], e);

			for (int j = 0; j < k && !exits[i]; j++)
				if (e[j] >= 0 && exits[e[j]]) {
					exits[i] = true;
					changed = true;
				}
		}
	}
	for (int i = 0; i < f->n_nodes; i++) {
		if (!seen[i])
			yt_error_at(c->e, c->keys[i], "flow %s: node '%s' cannot be reached from "
				    "the start node '%s'", c->fid, f->nodes[i].id,
				    f->nodes[f->start].id);
		else if (!exits[i])
			yt_error_at(c->e, c->keys[i], "flow %s: node '%s' never leads to an outcome "
				    "(a loop without an exit)", c->fid, f->nodes[i].id);
	}
}

/* Resolve every queued link; returns how many point nowhere. */
static int resolve_links(struct flow_ctx *c)
{
	int bad = 0;
	char s[64];

	for (int i = 0; i < c->n_links; i++) {
		struct link *l = &c->links[i];
		int to = guide_node_index(c->f, l->v->value);

		if (to < 0) {
			yt_error_at(c->e, l->v, "flow %s: node '%s': %s points to '%s', which is not "
				    "a node of this flow", c->fid, c->f->nodes[l->from].id, l->what,
				    yt_show(l->v, s, sizeof(s)));
			bad++;
		}
		*l->slot = to;
	}
	for (int i = 0; i < c->f->n_nodes; i++)
		if (c->f->nodes[i].kind == GUIDE_CHECKS && c->f->nodes[i].ok == -2)
			c->f->nodes[i].ok = c->f->nodes[i].next;
	return bad;
}

/* One flow: order, title, start, nodes. Returns 0 when it is sound. */
static int parse_flow(struct yt_node *k, struct yt_node *v, struct guide_flow *f,
		      struct yt_errs *e)
{
	static const char *const known[] = { "order", "title", "start", "nodes", NULL };
	struct flow_ctx *c = calloc(1, sizeof(*c));
	struct yt_node *order, *start, *nodes;
	int before = e->count;
	char s[64];

	if (!c) {
		yt_error_at(e, k, "out of memory");
		return -1;
	}
	c->e = e;
	c->f = f;
	c->fid = k->value;
	if (v->kind != YT_MAP) {
		yt_error_at(e, v, "flow %s: expected a map with order, title, start and nodes, "
			    "got %s", k->value, yt_kind_name(v));
		goto out;
	}
	check_known(c, v, k->value, known);
	f->id = strdup(k->value);
	order = load_map_get(v, "order");
	f->order = 50;
	if (order) {
		char *end = NULL;
		long o = order->kind == YT_SCALAR ? strtol(order->value, &end, 10) : -1;

		if (!end || *end || o < 1 || o > 99)
			yt_error_at(e, order, "flow %s.order: expected a number 1..99, got '%s'",
				    k->value, yt_show(order, s, sizeof(s)));
		else
			f->order = (int)o;
	}
	need_text(c, v, "title", &f->title, k->value);
	start = load_map_get(v, "start");
	nodes = load_map_get(v, "nodes");
	if (!nodes || nodes->kind != YT_MAP || nodes->n_kids == 0) {
		yt_error_at(e, nodes ? nodes : v, "flow %s: 'nodes' must be a map of nodes "
			    "(id: {ask: ...} / {do: ...} / ...)", k->value);
		goto out;
	}
	yt_check_keys(nodes, "nodes", e);
	f->nodes = calloc(MAX_NODES, sizeof(*f->nodes));
	if (!f->nodes) {
		yt_error_at(e, nodes, "out of memory");
		goto out;
	}
	for (size_t i = 0; i + 1 < nodes->n_kids; i += 2) {
		struct yt_node *nk = nodes->kids[i];
		char where[120];

		if (nk->bad)
			continue;
		if (!valid_id(nk)) {
			yt_error_at(e, nk, "flow %s: '%s' is not a node id (letters, digits, '_', '-')",
				    k->value, yt_show(nk, s, sizeof(s)));
			continue;
		}
		if (f->n_nodes == MAX_NODES) {
			yt_error_at(e, nk, "flow %s: more than %d nodes", k->value, MAX_NODES);
			break;
		}
		c->keys[f->n_nodes] = nk;
		f->nodes[f->n_nodes].id = strdup(nk->value);
		snprintf(where, sizeof(where), "%s.%s", k->value, nk->value);
		parse_node(c, f->n_nodes, nodes->kids[i + 1], where);
		f->n_nodes++;
	}
	if (!start) {
		yt_error_at(e, v, "flow %s: 'start' is missing (the first node)", k->value);
		goto out;
	}
	if (!valid_id(start) || (f->start = guide_node_index(f, start->value)) < 0) {
		yt_error_at(e, start, "flow %s: start '%s' is not a node of this flow", k->value,
			    yt_show(start, s, sizeof(s)));
		goto out;
	}
	/* The graph is judged only when every node and link is sound. */
	if (resolve_links(c) == 0 && e->count == before)
		check_graph(c);
out:
	free(c);
	return e->count == before ? 0 : -1;
}

/* One file of flows. */
int guides_load_file(struct guidebook *gb, const char *path, FILE *errs)
{
	struct yt_errs e = { .file = path, .out = errs };
	struct yt_node *root = NULL;
	char s[64];

	if (yt_load_file(path, &root, &e) == 0 && root && !yt_is_null(root)) {
		if (root->kind != YT_MAP) {
			yt_error_at(&e, root, "the top level must be a map of flows "
				    "(card_read: {...}), not %s", yt_kind_name(root));
		} else {
			yt_check_keys(root, "", &e);
			for (size_t i = 0; i + 1 < root->n_kids; i += 2) {
				struct yt_node *k = root->kids[i];
				struct guide_flow f;

				if (k->bad || root->kids[i + 1]->bad)
					continue;
				if (!valid_id(k)) {
					yt_error_at(&e, k, "'%s' is not a flow id (letters, digits, "
						    "'_', '-')", yt_show(k, s, sizeof(s)));
					continue;
				}
				memset(&f, 0, sizeof(f));
				if (parse_flow(k, root->kids[i + 1], &f, &e) == 0 &&
				    guidebook_put(gb, &f) != 0)
					yt_error_at(&e, k, "out of memory");
				guide_flow_clear(&f);
			}
		}
	}
	yt_free(root);
	yt_errs_flush(&e);
	return e.count;
}

/* load_each_in's loader: one file. */
static int load_one(void *obj, const char *path, FILE *errs)
{
	return guides_load_file(obj, path, errs);
}

/* The shipped flows. */
int guides_load_dir(struct guidebook *gb, const char *datadir, FILE *errs)
{
	return load_each_in(datadir, "guides", errs, load_one, gb);
}
