// SPDX-License-Identifier: GPL-2.0-only
/*
 * Policy parser: YAML text to struct policy, every problem reported as a
 * diagnostic with its position, what is wrong and what to do about it.
 *
 * The YAML is first read into a small tree (yaml_tree.c), so the checks
 * below can look at a whole mapping at once and keep going after an error.
 * Nothing is logged: callers print the diagnostics.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"
#include "policy.h"
#include "policy_words.h"
#include "yaml_tree.h"

#define POLICY_MAX_FILE (1024 * 1024)
#define SHOW_MAX	80 /* bytes of a user's text quoted in a message */
#define SHOW_BUF	(SHOW_MAX * 4 + 8)
#define SHOW_SLOTS	4 /* quoted texts alive in one message */
#define WHERE_BUF	(SHOW_BUF + 32)
#define ID_MAX		4294967294u /* (uid_t)-1 means "no change" to the kernel */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define report_error(c, pos, ...)   diag_add((c)->diags, DIAG_ERROR, pos, __VA_ARGS__)
#define report_warning(c, pos, ...) diag_add((c)->diags, DIAG_WARNING, pos, __VA_ARGS__)

/* ---- Checking the tree ---- */

struct checker {
	struct diag_list *diags;
	struct policy *pol;
	bool resolve;	      /* endpoints were read: unknown names in rules are errors */
	char *defined;	      /* "docker, docker-tcp", for hints */
	size_t n_targets;     /* paths and ports stored */
	struct diag_pos over; /* of the first target beyond SF_MAX_TARGETS */
	struct diag_pos port_pos[SF_MAX_ENDPOINTS][SF_MAX_PORTS_PER_ENDPOINT];
	char show[SHOW_SLOTS][SHOW_BUF];
	unsigned int show_next;
};

/* A key of a mapping and its value, NULL when not given. */
struct field {
	const struct ynode *key;
	const struct ynode *val;
};

/* A user's text, quotable in a one-line message: escaped and shortened. */
static const char *show(struct checker *c, const char *text, size_t len)
{
	char *out = c->show[c->show_next++ % SHOW_SLOTS];
	size_t cut = len, o = 0;

	if (len > SHOW_MAX) {
		cut = SHOW_MAX;
		while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut--; /* never split a UTF-8 sequence */
	}
	for (size_t i = 0; i < cut; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch < 0x20 || ch == 0x7f)
			o += (size_t)snprintf(out + o, SHOW_BUF - o, "\\x%02x", ch);
		else
			out[o++] = (char)ch;
	}
	strcpy(out + o, cut < len ? "..." : "");
	return out;
}

static const char *show_node(struct checker *c, const struct ynode *n)
{
	return show(c, n->text, n->len);
}

static bool text_is(const struct ynode *n, const char *s)
{
	return n->len == strlen(s) && !memcmp(n->text, s, n->len);
}

/* What YAML reads as null: a key given without a value, most often. */
static bool is_null(const struct ynode *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

	if (n->kind != YN_SCALAR || !n->plain)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(nulls); i++) {
		if (text_is(n, nulls[i]))
			return true;
	}
	return false;
}

static const char *kind_desc(const struct ynode *n)
{
	if (is_null(n))
		return "empty";
	switch (n->kind) {
	case YN_SEQ:
		return "a list";
	case YN_MAP:
		return "a mapping";
	default:
		return "a single value";
	}
}

/*
 * True when n is of kind (a scalar must not be empty); otherwise says
 * "LABEL is a list (expected EXPECTED)". Aliases were reported when read.
 */
static bool expect(struct checker *c, const struct ynode *n, enum ynode_kind kind,
		   const char *label, const char *expected)
{
	if (n->kind == kind && !is_null(n))
		return true;
	if (n->kind != YN_ALIAS)
		report_error(c, n->pos, "%s is %s (expected %s)", label, kind_desc(n), expected);
	return false;
}

/* A scalar used as text: NUL bytes would silently cut it short later. */
static bool expect_text(struct checker *c, const struct ynode *n, const char *label,
			const char *expected)
{
	if (!expect(c, n, YN_SCALAR, label, expected))
		return false;
	if (memchr(n->text, '\0', n->len)) {
		report_error(c, n->pos, "%s contains a NUL byte (remove the \\0 escape)", label);
		return false;
	}
	return true;
}

/*
 * expect_text()'s test without its message: the hot paths test first and
 * compose the message's label only for a value that fails (a policy of a
 * thousand rules would otherwise format thousands of labels for nothing).
 */
static bool is_text(const struct ynode *n)
{
	return n->kind == YN_SCALAR && !is_null(n) && !memchr(n->text, '\0', n->len);
}

static void join(char *out, size_t out_len, const char *const *names, size_t n)
{
	size_t o = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && o < out_len; i++)
		o += (size_t)snprintf(out + o, out_len - o, "%s%s", i ? ", " : "", names[i]);
}

/*
 * Sorts the keys of map into out[] by names[]; reports keys that are not
 * names, unknown keys and keys given twice. where: "in rule 2".
 */
static void read_keys(struct checker *c, const struct ynode *map, const char *const *names,
		      size_t n_names, struct field *out, const char *where)
{
	char valid[256];

	join(valid, sizeof(valid), names, n_names);
	memset(out, 0, n_names * sizeof(*out));
	for (size_t i = 0; i + 1 < map->n; i += 2) {
		const struct ynode *k = map->items[i];
		size_t j = 0;

		if (k->kind == YN_ALIAS)
			continue;
		if (k->kind != YN_SCALAR) {
			report_error(c, k->pos, "a key %s is %s (valid keys: %s)", where,
				     kind_desc(k), valid);
			continue;
		}
		while (j < n_names && !text_is(k, names[j]))
			j++;
		if (j == n_names) {
			report_error(c, k->pos, "unknown key '%s' %s (valid keys: %s)",
				     show_node(c, k), where, valid);
		} else if (out[j].key) {
			report_error(c, k->pos,
				     "duplicate key '%s' %s (first given at line %u; remove one)",
				     names[j], where, out[j].key->pos.line);
		} else {
			out[j].key = k;
			out[j].val = map->items[i + 1];
		}
	}
}

/* One of a few words; the value is the index of the word in names[]. */
static bool read_word(struct checker *c, const struct field *f, const char *where,
		      const struct policy_words *words, uint8_t *out)
{
	char choices[128], label[WHERE_BUF], expected[160];
	const char *const *names = words->word;
	size_t n = words->n;

	if (!is_text(f->val)) {
		join(choices, sizeof(choices), names, n);
		snprintf(label, sizeof(label), "'%s' %s", f->key->text, where);
		snprintf(expected, sizeof(expected), "one of: %s", choices);
		return expect_text(c, f->val, label, expected);
	}
	for (size_t i = 0; i < n; i++) {
		if (text_is(f->val, names[i])) {
			*out = (uint8_t)i;
			return true;
		}
	}
	join(choices, sizeof(choices), names, n);
	report_error(c, f->val->pos, "invalid %s '%s' %s (use one of: %s)", f->key->text,
		     show_node(c, f->val), where, choices);
	return false;
}

enum num_status {
	NUM_OK,
	NUM_NOT_NUMBER, /* does not even look like one: maybe a name */
	NUM_QUOTED,
	NUM_INVALID, /* sign, leading zero, hex, fraction... */
	NUM_RANGE,
};

/* Plain decimal digits only: YAML 1.1 would read 0755 as octal, 0x1f as hex. */
static enum num_status read_number(const struct ynode *n, uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	char first = n->len ? n->text[0] : '\0';

	if (!(first >= '0' && first <= '9') && first != '+' && first != '-')
		return NUM_NOT_NUMBER;
	if (!n->plain)
		return NUM_QUOTED;
	if (first == '0' && n->len > 1)
		return NUM_INVALID;
	for (size_t i = 0; i < n->len; i++) {
		char ch = n->text[i];

		if (ch < '0' || ch > '9')
			return NUM_INVALID;
		if (v > (UINT64_MAX - 9) / 10)
			return NUM_RANGE;
		v = v * 10 + (uint64_t)(ch - '0');
	}
	if (v < min || v > max)
		return NUM_RANGE;
	*out = v;
	return NUM_OK;
}

/* ---- Endpoints ---- */

/* What a key that takes one value or a non-empty list of them expects. */
struct list_spec {
	const char *key;
	const char *item;	/* expected of each item: "a socket path" */
	const char *plural;	/* "socket paths", for the too-many message */
	size_t max;		/* items read at most; 0: no limit */
	const char *empty_hint; /* what to do about an empty list */
	void (*fn)(struct checker *c, const struct ynode *item, void *ctx);
};

/* A key whose value is one ITEM or a list of them, read by fn. */
#define LIST_SPEC(key_, item_, plural_, max_, empty_hint_, fn_)                                    \
	{                                                                                          \
		.key = key_, .item = item_, .plural = plural_, .max = max_,                        \
		.empty_hint = empty_hint_, .fn = fn_                                               \
	}

static void read_one_or_list(struct checker *c, const struct list_spec *spec, const struct ynode *v,
			     const char *where, void *ctx)
{
	char label[WHERE_BUF + 64], expected[128];
	size_t n = v->n;

	if (v->kind != YN_SEQ) {
		if (is_text(v)) {
			spec->fn(c, v, ctx);
			return;
		}
		snprintf(label, sizeof(label), "'%s' %s", spec->key, where);
		snprintf(expected, sizeof(expected), "%s or a list of them", spec->item);
		expect_text(c, v, label, expected);
		return;
	}
	if (n == 0) {
		report_error(c, v->pos, "'%s' %s is an empty list (%s)", spec->key, where,
			     spec->empty_hint);
		return;
	}
	if (spec->max && n > spec->max) {
		report_error(c, v->items[spec->max]->pos, "too many %s %s: %zu (at most %zu)",
			     spec->plural, where, n, spec->max);
		n = spec->max;
	}
	label[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (is_text(v->items[i])) {
			spec->fn(c, v->items[i], ctx);
			continue;
		}
		if (!label[0])
			snprintf(label, sizeof(label), "an item of '%s' %s", spec->key, where);
		expect_text(c, v->items[i], label, spec->item);
	}
}

struct endpoint_ctx {
	size_t index;
	const char *where; /* "in endpoint 'docker'" */
};

static void count_target(struct checker *c, struct diag_pos pos)
{
	if (c->n_targets++ == SF_MAX_TARGETS)
		c->over = pos;
}

/* "@name" or "@prefix*": an abstract socket of the host's network namespace. */
static void read_abstract(struct checker *c, const struct ynode *n, const struct endpoint_ctx *e)
{
	struct policy_endpoint *ep = &c->pol->endpoints[e->index];
	bool prefix = n->text[n->len - 1] == '*';

	if (n->len < (prefix ? 3u : 2u)) {
		report_error(c, n->pos,
			     "abstract socket name '%s' %s is empty (write '@' and the name, "
			     "or '@' and a prefix followed by '*')",
			     show_node(c, n), e->where);
		return;
	}
	if (n->len >= SF_PATH_LEN) {
		report_error(c, n->pos,
			     "abstract socket name %s is too long: %zu bytes (at most %d)",
			     e->where, n->len, SF_PATH_LEN - 1);
		return;
	}
	for (size_t i = 0; i <= e->index; i++) {
		const struct policy_endpoint *o = &c->pol->endpoints[i];

		for (size_t j = 0; j < o->n_abstracts; j++) {
			if (!strcmp(o->abstracts[j], n->text)) {
				report_error(c, n->pos,
					     "abstract socket '%s' %s is already given in endpoint "
					     "'%s' at line %u (give each name once)",
					     show_node(c, n), e->where,
					     show(c, o->name, strlen(o->name)),
					     o->abstract_pos[j].line);
				return;
			}
		}
	}
	ep->abstracts[ep->n_abstracts] = strdup(n->text);
	if (!ep->abstracts[ep->n_abstracts]) {
		report_error(c, n->pos, "out of memory (free some memory and retry)");
		return;
	}
	ep->abstract_pos[ep->n_abstracts++] = n->pos;
	count_target(c, n->pos);
}

static void read_path(struct checker *c, const struct ynode *n, void *ctx)
{
	const struct endpoint_ctx *e = ctx;
	struct policy_endpoint *ep = &c->pol->endpoints[e->index];

	if (n->len == 0) {
		report_error(c, n->pos, "empty socket path %s (give an absolute path)", e->where);
		return;
	}
	if (n->text[0] == '@') {
		read_abstract(c, n, e);
		return;
	}
	if (n->text[0] != '/') {
		report_error(c, n->pos,
			     "socket path '%s' %s is not absolute (start it with '/', or with '@' "
			     "for an abstract socket)",
			     show_node(c, n), e->where);
		return;
	}
	if (n->len >= SF_PATH_LEN) {
		report_error(c, n->pos, "socket path %s is too long: %zu bytes (at most %d)",
			     e->where, n->len, SF_PATH_LEN - 1);
		return;
	}
	for (size_t i = 0; i <= e->index; i++) {
		const struct policy_endpoint *o = &c->pol->endpoints[i];

		for (size_t j = 0; j < o->n_paths; j++) {
			if (!strcmp(o->paths[j], n->text)) {
				report_error(c, n->pos,
					     "socket path '%s' %s is already given in endpoint "
					     "'%s' at line %u (give each path once)",
					     show_node(c, n), e->where,
					     show(c, o->name, strlen(o->name)),
					     o->path_pos[j].line);
				return;
			}
		}
	}
	ep->paths[ep->n_paths] = strdup(n->text);
	if (!ep->paths[ep->n_paths]) {
		report_error(c, n->pos, "out of memory (free some memory and retry)");
		return;
	}
	ep->path_pos[ep->n_paths++] = n->pos;
	count_target(c, n->pos);
}

static void read_port(struct checker *c, const struct ynode *n, void *ctx)
{
	const struct endpoint_ctx *e = ctx;
	struct policy_endpoint *ep = &c->pol->endpoints[e->index];
	const char *text = show_node(c, n);
	uint64_t port;

	switch (read_number(n, 1, 65535, &port)) {
	case NUM_OK:
		break;
	case NUM_QUOTED:
		report_error(c, n->pos, "port '%s' %s is quoted (write it as a plain number: %s)",
			     text, e->where, text);
		return;
	case NUM_RANGE:
		report_error(c, n->pos,
			     "port %s %s is out of range (a port is a number from 1 to 65535)",
			     text, e->where);
		return;
	default:
		report_error(c, n->pos,
			     "invalid port '%s' %s (a port is a number from 1 to 65535, "
			     "without quotes, sign or leading zeros)",
			     text, e->where);
		return;
	}
	for (size_t i = 0; i <= e->index; i++) {
		const struct policy_endpoint *o = &c->pol->endpoints[i];

		for (size_t j = 0; j < o->n_ports; j++) {
			if (o->ports[j] == port) {
				report_error(c, n->pos,
					     "port %s %s is already given in endpoint '%s' "
					     "at line %u (give each port once)",
					     text, e->where, show(c, o->name, strlen(o->name)),
					     c->port_pos[i][j].line);
				return;
			}
		}
	}
	c->port_pos[e->index][ep->n_ports] = n->pos;
	ep->ports[ep->n_ports++] = (uint16_t)port;
	count_target(c, n->pos);
}

static const struct list_spec unix_spec =
	LIST_SPEC("unix", "a socket path", "socket paths", SF_MAX_PATHS_PER_ENDPOINT,
		  "give at least one socket path, or remove the key", read_path);
static const struct list_spec tcp_spec =
	LIST_SPEC("tcp", "a port number", "ports", SF_MAX_PORTS_PER_ENDPOINT,
		  "give at least one port, or remove the key", read_port);

static void check_endpoint_name(struct checker *c, const struct ynode *k)
{
	static const char *const rule =
		"use lower-case letters, digits, '_', '.' and '-', starting with a letter or digit";
	bool ok = k->len > 0;

	for (size_t i = 0; i < k->len && ok; i++) {
		char ch = k->text[i];

		ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		     (i > 0 && (ch == '_' || ch == '.' || ch == '-'));
	}
	if (k->len == 0)
		report_error(c, k->pos, "empty endpoint name (%s)", rule);
	else if (k->len >= SF_NAME_LEN)
		report_error(c, k->pos,
			     "endpoint name '%s' is too long: %zu characters (at most %d)",
			     show_node(c, k), k->len, SF_NAME_LEN - 1);
	else if (!ok)
		report_error(c, k->pos, "invalid endpoint name '%s' (%s)", show_node(c, k), rule);
}

/* Index of the endpoint called like n, or n_endpoints. */
static size_t find_endpoint(const struct policy *pol, const struct ynode *n)
{
	size_t i = 0;

	while (i < pol->n_endpoints &&
	       !(pol->endpoints[i].name && text_is(n, pol->endpoints[i].name)))
		i++;
	return i;
}

static bool alloc_targets(struct policy_endpoint *ep)
{
	ep->paths = calloc(SF_MAX_PATHS_PER_ENDPOINT, sizeof(*ep->paths));
	ep->path_pos = calloc(SF_MAX_PATHS_PER_ENDPOINT, sizeof(*ep->path_pos));
	ep->ports = calloc(SF_MAX_PORTS_PER_ENDPOINT, sizeof(*ep->ports));
	ep->abstracts = calloc(SF_MAX_PATHS_PER_ENDPOINT, sizeof(*ep->abstracts));
	ep->abstract_pos = calloc(SF_MAX_PATHS_PER_ENDPOINT, sizeof(*ep->abstract_pos));
	return ep->paths && ep->path_pos && ep->ports && ep->abstracts && ep->abstract_pos;
}

static void read_endpoint(struct checker *c, const struct ynode *k, const struct ynode *v)
{
	static const char *const keys[] = { "unix", "tcp" };
	struct policy *pol = c->pol;
	struct policy_endpoint *ep = &pol->endpoints[pol->n_endpoints];
	struct endpoint_ctx e = { .index = pol->n_endpoints };
	char where[WHERE_BUF], label[WHERE_BUF];
	size_t dup = find_endpoint(pol, k);
	struct field f[2];

	check_endpoint_name(c, k);
	if (dup < pol->n_endpoints) {
		report_error(c, k->pos,
			     "duplicate endpoint name '%s' (first defined at line %u; "
			     "rename or merge them)",
			     show_node(c, k), pol->endpoints[dup].pos.line);
		return;
	}
	/* Stored even when invalid, so rules naming it raise no second error. */
	pol->n_endpoints++;
	ep->name = strdup(k->text);
	ep->pos = k->pos;
	if (!ep->name || !alloc_targets(ep)) {
		report_error(c, k->pos, "out of memory (free some memory and retry)");
		return;
	}
	snprintf(where, sizeof(where), "in endpoint '%s'", show_node(c, k));
	snprintf(label, sizeof(label), "endpoint '%s'", show_node(c, k));
	e.where = where;
	if (!expect(c, v, YN_MAP, label, "a mapping with unix and/or tcp"))
		return;
	read_keys(c, v, keys, 2, f, where);
	if (f[0].val)
		read_one_or_list(c, &unix_spec, f[0].val, where, &e);
	if (f[1].val)
		read_one_or_list(c, &tcp_spec, f[1].val, where, &e);
	if (!f[0].key && !f[1].key)
		report_error(c, k->pos,
			     "endpoint '%s' has neither unix nor tcp (add unix: SOCKET_PATH "
			     "or tcp: PORT)",
			     show_node(c, k));
}

/* "docker, docker-tcp": the hint of an unknown endpoint name. */
static void list_endpoints(struct checker *c)
{
	size_t size = 1, o = 0;

	for (size_t i = 0; i < c->pol->n_endpoints; i++)
		size += SHOW_BUF + 2;
	c->defined = malloc(size);
	if (!c->defined)
		return;
	c->defined[0] = '\0';
	for (size_t i = 0; i < c->pol->n_endpoints; i++) {
		const char *name = c->pol->endpoints[i].name;

		if (!name)
			continue;
		o += (size_t)snprintf(c->defined + o, size - o, "%s%s", i ? ", " : "",
				      show(c, name, strlen(name)));
	}
}

static void read_endpoints(struct checker *c, const struct ynode *v)
{
	size_t pairs = v->n / 2;

	if (!expect(c, v, YN_MAP, "'endpoints' at the top level",
		    "a mapping of endpoint names to { unix: ..., tcp: ... }"))
		return;
	if (pairs == 0) {
		report_error(c, v->pos,
			     "'endpoints' at the top level is empty (define at least one, e.g. "
			     "docker: { unix: /var/run/docker.sock })");
		return;
	}
	c->pol->endpoints = calloc(pairs < SF_MAX_ENDPOINTS ? pairs : SF_MAX_ENDPOINTS,
				   sizeof(*c->pol->endpoints));
	if (!c->pol->endpoints) {
		report_error(c, v->pos, "out of memory (free some memory and retry)");
		return;
	}
	for (size_t i = 0; i < pairs; i++) {
		const struct ynode *k = v->items[2 * i];

		if (c->pol->n_endpoints == SF_MAX_ENDPOINTS) {
			/* Beyond the mask: rules naming them would only add noise. */
			report_error(c, k->pos, "too many endpoints: %zu (at most %d)", pairs,
				     SF_MAX_ENDPOINTS);
			return;
		}
		if (k->kind == YN_ALIAS)
			continue;
		if (!expect_text(c, k, "an endpoint name", "a name such as docker"))
			continue;
		read_endpoint(c, k, v->items[2 * i + 1]);
	}
	if (c->n_targets > SF_MAX_TARGETS)
		report_error(c, c->over,
			     "too many socket paths and ports: %zu in all (at most %d; "
			     "protect fewer targets)",
			     c->n_targets, SF_MAX_TARGETS);
	list_endpoints(c);
	c->resolve = true;
}

/* ---- Rules ---- */

enum rule_key {
	RK_ACTION,
	RK_ENDPOINT,
	RK_FROM,
	RK_UID,
	RK_USER,
	RK_GID,
	RK_GROUP,
	RK_MODE,
	RK_EXE,
	RK_CONTAINER,
	RK_CGROUP,
	RK_SOURCE,
	RK_N
};

static const char *const rule_keys[RK_N] = {
	"action", "endpoint", "from", "uid",	   "user",   "gid",
	"group",  "mode",     "exe",  "container", "cgroup", "source",
};

struct rule_ctx {
	struct policy_rule *rule;
	const char *where; /* "in rule 2" */
};

static void read_rule_endpoint(struct checker *c, const struct ynode *n, void *ctx)
{
	const struct rule_ctx *r = ctx;
	size_t i;

	if (!c->resolve)
		return;
	i = find_endpoint(c->pol, n);
	if (i == c->pol->n_endpoints) {
		report_error(c, n->pos, "unknown endpoint '%s' (defined endpoints: %s)",
			     show_node(c, n), c->defined ? c->defined : "?");
	} else if (r->rule->endpoints & (1ull << i)) {
		report_warning(c, n->pos, "endpoint '%s' is named twice %s (name it once)",
			       show_node(c, n), r->where);
	} else {
		r->rule->endpoints |= 1ull << i;
	}
}

static const struct list_spec endpoint_spec =
	LIST_SPEC("endpoint", "an endpoint name", "endpoints", 0, "name at least one endpoint",
		  read_rule_endpoint);

/*
 * An allow rule naming a user or group this host does not have matches no
 * caller (fail closed) and is only a warning, so one policy serves hosts
 * with and without e.g. Docker's group. A deny rule must match what it
 * names: there it is an error.
 */
static bool lookup_id(struct checker *c, const struct ynode *n, bool group, bool allow_rule,
		      uint32_t *out)
{
	const char *kind = group ? "group" : "user";
	struct passwd *pw = NULL;
	struct group *gr = NULL;

	errno = 0;
	if (group) {
		gr = getgrnam(n->text);
		if (gr)
			*out = (uint32_t)gr->gr_gid;
	} else {
		pw = getpwnam(n->text);
		if (pw)
			*out = (uint32_t)pw->pw_uid;
	}
	if (pw || gr)
		return true;
	/* glibc returns NULL with errno 0 (or ENOENT...) for "no such name". */
	if (errno && errno != ENOENT && errno != ESRCH && errno != EBADF && errno != EPERM)
		report_error(c, n->pos,
			     "cannot look up %s '%s': %s (check the name service, or use a "
			     "number)",
			     kind, show_node(c, n), strerror(errno));
	else if (allow_rule) {
		report_warning(c, n->pos,
			       "unknown %s '%s': this allow rule matches no caller until the %s "
			       "exists and the policy is reloaded",
			       kind, show_node(c, n), kind);
		*out = POLICY_ID_NONE;
		return true;
	} else
		report_error(c, n->pos,
			     "unknown %s '%s' (no such %s in the %s database; use a numeric %s "
			     "or create the %s)",
			     kind, show_node(c, n), kind, group ? "group" : "passwd",
			     group ? "gid" : "uid", kind);
	return false;
}

/* uid/user or gid/group: a number or a name to look up. */
static bool read_id(struct checker *c, const struct field *f, const char *where, bool group,
		    bool allow_rule, uint32_t *out)
{
	const char *id = group ? "gid" : "uid";
	const char *key = f->key->text;
	char label[WHERE_BUF];
	enum num_status st;
	const char *text;
	uint64_t v;

	if (!is_text(f->val)) {
		snprintf(label, sizeof(label), "'%s' %s", key, where);
		return expect_text(c, f->val, label,
				   group ? "a gid or a group name" : "a uid or a user name");
	}
	st = read_number(f->val, 0, ID_MAX, &v);
	if (st == NUM_OK) {
		*out = (uint32_t)v;
		return true;
	}
	if (st == NUM_NOT_NUMBER)
		return lookup_id(c, f->val, group, allow_rule, out);
	text = show_node(c, f->val); /* the value, for the messages below */
	switch (st) {
	case NUM_QUOTED:
		report_error(c, f->val->pos,
			     "%s '%s' %s is quoted (write it as a plain number: %s)", key, text,
			     where, text);
		return false;
	case NUM_RANGE:
		report_error(c, f->val->pos,
			     "%s %s %s is out of range (a %s is a number from 0 to %u)", key, text,
			     where, id, ID_MAX);
		return false;
	default:
		report_error(c, f->val->pos,
			     "invalid %s '%s' %s (a %s is a number from 0 to %u without sign or "
			     "leading zeros, or a %s name)",
			     key, text, where, id, ID_MAX, group ? "group" : "user");
		return false;
	}
}

static bool pos_before(struct diag_pos a, struct diag_pos b)
{
	return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/* One of two keys naming the same thing (uid/user): both is an error. */
static const struct field *either(struct checker *c, const struct field *a, const struct field *b,
				  const char *where)
{
	if (a->key && b->key) {
		struct diag_pos later =
			pos_before(a->key->pos, b->key->pos) ? b->key->pos : a->key->pos;

		report_error(c, later, "both %s and %s are given %s (give only one)", a->key->text,
			     b->key->text, where);
	}
	if (a->key)
		return a;
	return b->key ? b : NULL;
}

static void read_origin(struct checker *c, const struct field *f, const char *where,
			struct policy_rule *rule)
{
	read_word(c, f, where, &policy_origin_words, &rule->origin);
}

/* "10.0.0.0/8", "2001:db8::/32" or one address: IPv4 as IPv4-mapped IPv6. */
static bool parse_prefix(const char *text, struct sf_source *out)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	size_t len = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long bits = 0;
	bool v4;
	char *end;

	if (len == 0 || len >= sizeof(addr))
		return false;
	memcpy(addr, text, len);
	addr[len] = '\0';
	memset(out, 0, sizeof(*out));
	v4 = inet_pton(AF_INET, addr, &out->addr[12]) == 1;
	if (v4) {
		out->addr[10] = out->addr[11] = 0xff;
	} else if (inet_pton(AF_INET6, addr, out->addr) != 1) {
		return false;
	}
	if (!slash) {
		out->prefix_len = 128;
		return true;
	}
	if (!slash[1] || slash[1] == '-' || slash[1] == '+')
		return false;
	bits = strtoul(slash + 1, &end, 10);
	if (*end || bits > (v4 ? 32 : 128))
		return false;
	out->prefix_len = (__u32)(v4 ? 96 + bits : bits);
	/* Host bits set (10.1.2.3/8) most likely mean another prefix than written. */
	for (__u32 b = out->prefix_len; b < 128; b++)
		if (out->addr[b / 8] & (0x80 >> (b % 8)))
			return false;
	return true;
}

static void read_source_item(struct checker *c, const struct ynode *n, void *ctx)
{
	struct rule_ctx *r = ctx;
	struct sf_source src;

	if (!parse_prefix(n->text, &src)) {
		report_error(c, n->pos,
			     "source '%s' %s is not an address prefix (give e.g. 192.0.2.0/24, "
			     "2001:db8::/32 or one address, with no bits set after the prefix)",
			     show_node(c, n), r->where);
		return;
	}
	if (r->rule->n_sources < SF_MAX_SOURCES_PER_RULE)
		r->rule->sources[r->rule->n_sources++] = src;
	r->rule->match |= SF_MATCH_SOURCE;
}

/* exe: an absolute path; the compiler resolves it to the file's inode. */
static void read_exe(struct checker *c, const struct field *f, const char *where,
		     struct policy_rule *rule)
{
	const struct ynode *v = f->val;

	if (!expect_text(c, v, "exe", "an absolute path such as /usr/bin/docker"))
		return;
	if (v->text[0] != '/' || v->len >= PATH_MAX) {
		report_error(c, v->pos, "exe '%s' %s is not an absolute path (start it with '/')",
			     show_node(c, v), where);
		return;
	}
	rule->exe = strdup(v->text);
	if (!rule->exe) {
		report_error(c, v->pos, "out of memory (free some memory and retry)");
		return;
	}
	rule->exe_pos = v->pos;
	rule->match |= SF_MATCH_EXE;
}

/* container: an id or a prefix of one, 12 to 64 lower-case hex digits. */
static void read_container(struct checker *c, const struct field *f, const char *where,
			   struct policy_rule *rule)
{
	const struct ynode *v = f->val;
	bool hex = true;

	if (!expect_text(c, v, "container",
			 "a container id or a prefix of 12 or more of its digits"))
		return;
	for (size_t i = 0; i < v->len; i++)
		hex = hex && ((v->text[i] >= '0' && v->text[i] <= '9') ||
			      (v->text[i] >= 'a' && v->text[i] <= 'f'));
	if (!hex || v->len < SF_CONTAINER_PREFIX_MIN || v->len > SF_CONTAINER_ID_LEN) {
		report_error(
			c, v->pos,
			"container '%s' %s is not a container id (give %d to %d lower-case hex "
			"digits, e.g. from 'docker ps --no-trunc')",
			show_node(c, v), where, SF_CONTAINER_PREFIX_MIN, SF_CONTAINER_ID_LEN);
		return;
	}
	memcpy(rule->container, v->text, v->len);
	rule->container[v->len] = '\0';
	rule->match |= SF_MATCH_CONTAINER;
}

/* cgroup: a path below the cgroup v2 root; the rule covers its subtree. */
static void read_cgroup(struct checker *c, const struct field *f, const char *where,
			struct policy_rule *rule)
{
	const struct ynode *v = f->val;
	const char *t;

	if (!expect_text(c, v, "cgroup", "a cgroup path such as system.slice/portainer.service"))
		return;
	t = v->text;
	while (*t == '/')
		t++; /* "/system.slice/x" and "system.slice/x" name the same cgroup */
	if (!*t || strstr(t, "..") || strstr(t, "//") || strlen(t) >= PATH_MAX - 64) {
		report_error(
			c, v->pos,
			"cgroup '%s' %s is not a cgroup path (give it below the cgroup v2 root, "
			"e.g. system.slice/portainer.service, without '..')",
			show_node(c, v), where);
		return;
	}
	rule->cgroup = strdup(t);
	if (!rule->cgroup) {
		report_error(c, v->pos, "out of memory (free some memory and retry)");
		return;
	}
	rule->cgroup_pos = v->pos;
	rule->match |= SF_MATCH_CGROUP;
}

static const struct list_spec source_spec =
	LIST_SPEC("source", "an address prefix", "source prefixes", SF_MAX_SOURCES_PER_RULE,
		  "give at least one prefix, or remove the key", read_source_item);

/* from: remote decides by the source alone: nothing on this host asks. */
static void check_remote(struct checker *c, const struct field *f, const char *where,
			 const struct policy_rule *rule)
{
	static const char *const identity[] = { "uid", "user",	    "gid",   "group",
						"exe", "container", "cgroup" };

	if (rule->origin != SF_ORIGIN_REMOTE) {
		if (f[RK_SOURCE].key)
			report_error(c, f[RK_SOURCE].key->pos,
				     "'source' %s needs 'from: remote' (a source address is what "
				     "a connection from another host has instead of a caller)",
				     where);
		return;
	}
	for (size_t e = 0; e < c->pol->n_endpoints && e < SF_MAX_ENDPOINTS; e++) {
		if ((rule->endpoints & (1ULL << e)) && !c->pol->endpoints[e].n_ports)
			report_error(c, f[RK_FROM].val->pos,
				     "'from: remote' %s names endpoint '%s', which has no TCP "
				     "port (only TCP connections come from other hosts)",
				     where, c->pol->endpoints[e].name);
	}
	for (size_t i = 0; i < sizeof(identity) / sizeof(identity[0]); i++) {
		for (size_t k = 0; k < RK_N; k++) {
			if (!f[k].key || strcmp(rule_keys[k], identity[i]) != 0)
				continue;
			report_error(
				c, f[k].key->pos,
				"'%s' %s cannot match with 'from: remote': the kernel cannot "
				"know who is on the other end of a remote connection (match it "
				"by 'source' prefixes)",
				identity[i], where);
		}
	}
}

static void read_rule(struct checker *c, size_t index, const struct ynode *n,
		      struct policy_rule *rule)
{
	struct field f[RK_N];
	const struct field *id;
	struct rule_ctx ctx = { .rule = rule };
	char where[32], label[32];

	snprintf(where, sizeof(where), "in rule %zu", index + 1);
	ctx.where = where;
	rule->pos = n->pos;
	rule->action = SF_ACTION_DENY;
	rule->mode = POLICY_MODE_INHERIT;
	rule->origin = SF_ORIGIN_ANY;
	if (n->kind != YN_MAP || is_null(n)) {
		snprintf(label, sizeof(label), "rule %zu", index + 1);
		expect(c, n, YN_MAP, label,
		       "a mapping such as { action: allow, endpoint: docker }");
		return;
	}
	read_keys(c, n, rule_keys, RK_N, f, where);
	if (!f[RK_ACTION].key)
		report_error(c, n->pos,
			     "rule %zu has no action (add action: allow or action: deny)",
			     index + 1);
	else
		read_word(c, &f[RK_ACTION], where, &policy_action_words, &rule->action);
	if (!f[RK_ENDPOINT].key)
		report_error(c, n->pos,
			     "rule %zu has no endpoint (add endpoint: NAME, a name defined under "
			     "endpoints)",
			     index + 1);
	else
		read_one_or_list(c, &endpoint_spec, f[RK_ENDPOINT].val, where, &ctx);
	if (f[RK_FROM].key)
		read_origin(c, &f[RK_FROM], where, rule);
	id = either(c, &f[RK_UID], &f[RK_USER], where);
	if (id && read_id(c, id, where, false, rule->action == SF_ACTION_ALLOW, &rule->uid))
		rule->match |= SF_MATCH_UID;
	id = either(c, &f[RK_GID], &f[RK_GROUP], where);
	if (id && read_id(c, id, where, true, rule->action == SF_ACTION_ALLOW, &rule->gid))
		rule->match |= SF_MATCH_GID;
	if (f[RK_MODE].key)
		read_word(c, &f[RK_MODE], where, &policy_mode_words, &rule->mode);
	if (f[RK_EXE].key)
		read_exe(c, &f[RK_EXE], where, rule);
	if (f[RK_CONTAINER].key)
		read_container(c, &f[RK_CONTAINER], where, rule);
	if (f[RK_CGROUP].key)
		read_cgroup(c, &f[RK_CGROUP], where, rule);
	if (f[RK_SOURCE].key)
		read_one_or_list(c, &source_spec, f[RK_SOURCE].val, where, &ctx);
	check_remote(c, f, where, rule);
}

static void read_rules(struct checker *c, const struct ynode *v)
{
	struct policy *pol = c->pol;

	if (!expect(c, v, YN_SEQ, "'rules' at the top level",
		    "a list of rules; write 'rules: []' for none"))
		return;
	if (v->n > SF_MAX_RULES)
		report_error(c, v->items[SF_MAX_RULES]->pos, "too many rules: %zu (at most %d)",
			     v->n, SF_MAX_RULES);
	if (v->n == 0)
		return;
	pol->rules = calloc(v->n, sizeof(*pol->rules));
	if (!pol->rules) {
		report_error(c, v->pos, "out of memory (free some memory and retry)");
		return;
	}
	pol->n_rules = v->n;
	for (size_t i = 0; i < v->n; i++)
		read_rule(c, i, v->items[i], &pol->rules[i]);
}

/* ---- The whole policy ---- */

enum top_key {
	TK_MODE,
	TK_DEFAULT,
	TK_BACKEND,
	TK_ALLOW_DEGRADED,
	TK_EXISTING,
	TK_EXPOSURE,
	TK_ENDPOINTS,
	TK_RULES,
	TK_N
};

static const char *const top_keys[TK_N] = {
	[TK_MODE] = "mode",
	[TK_DEFAULT] = "default",
	[TK_BACKEND] = "backend",
	[TK_ALLOW_DEGRADED] = "allow-degraded",
	[TK_EXISTING] = "existing-connections",
	[TK_EXPOSURE] = "exposure",
	[TK_ENDPOINTS] = "endpoints",
	[TK_RULES] = "rules",
};

static void check_policy(struct checker *c, const struct ynode *root)
{
	struct field f[TK_N];

	c->pol->mode = SF_MODE_ENFORCE;
	c->pol->default_action = SF_ACTION_DENY;
	if (!root || is_null(root)) {
		report_error(c, (struct diag_pos){ 0 },
			     "the policy is empty (define at least the endpoints to protect)");
		return;
	}
	if (!expect(c, root, YN_MAP, "the policy",
		    "a mapping with keys: mode, default, backend, allow-degraded, "
		    "existing-connections, exposure, endpoints, rules"))
		return;
	read_keys(c, root, top_keys, TK_N, f, "at the top level");
	if (f[TK_MODE].key)
		read_word(c, &f[TK_MODE], "at the top level", &policy_mode_words, &c->pol->mode);
	if (f[TK_DEFAULT].key)
		read_word(c, &f[TK_DEFAULT], "at the top level", &policy_action_words,
			  &c->pol->default_action);
	if (f[TK_BACKEND].key)
		c->pol->backend_pos = f[TK_BACKEND].key->pos;
	if (f[TK_BACKEND].key)
		read_word(c, &f[TK_BACKEND], "at the top level", &policy_backend_words,
			  &c->pol->backend);
	if (f[TK_ALLOW_DEGRADED].key)
		read_word(c, &f[TK_ALLOW_DEGRADED], "at the top level", &policy_bool_words,
			  &c->pol->allow_degraded);
	if (f[TK_EXISTING].key)
		read_word(c, &f[TK_EXISTING], "at the top level", &policy_existing_words,
			  &c->pol->existing_connections);
	if (f[TK_EXPOSURE].key)
		read_word(c, &f[TK_EXPOSURE], "at the top level", &policy_exposure_words,
			  &c->pol->exposure);
	if (f[TK_ENDPOINTS].key)
		read_endpoints(c, f[TK_ENDPOINTS].val);
	else
		report_error(
			c, root->pos,
			"missing key 'endpoints' at the top level (define the endpoints to "
			"protect, e.g. endpoints: { docker: { unix: /var/run/docker.sock } })");
	if (f[TK_RULES].key)
		read_rules(c, f[TK_RULES].val);
}

/* File order, unknown positions first; ties keep the order found. */
static int diag_cmp(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a;
	const struct diag *y = *(const struct diag *const *)b;

	if (pos_before(x->pos, y->pos))
		return -1;
	if (pos_before(y->pos, x->pos))
		return 1;
	return x < y ? -1 : x > y;
}

static void move_sorted(struct diag_list *to, const struct diag_list *from)
{
	const struct diag **order = calloc(from->count ? from->count : 1, sizeof(*order));

	for (size_t i = 0; order && i < from->count; i++)
		order[i] = &from->items[i];
	if (order)
		qsort(order, from->count, sizeof(*order), diag_cmp);
	for (size_t i = 0; i < from->count; i++) {
		const struct diag *d = order ? order[i] : &from->items[i];

		diag_add(to, d->severity, d->pos, "%s", d->message ? d->message : "out of memory");
	}
	if (from->count < from->errors + from->warnings)
		diag_add(to, DIAG_ERROR, (struct diag_pos){ 0 },
			 "out of memory: some diagnostics were lost (free some memory and retry)");
	free(order);
}

int policy_parse(const char *text, size_t len, struct policy *policy, struct diag_list *diags)
{
	struct checker *c = calloc(1, sizeof(*c));
	struct ynode *root = NULL;
	struct diag_list mine;
	int ret;

	memset(policy, 0, sizeof(*policy));
	diag_init(&mine, diags->file);
	if (!c) {
		diag_add(&mine, DIAG_ERROR, (struct diag_pos){ 0 },
			 "out of memory (free some memory and retry)");
	} else if (yaml_tree_read(text, len, &mine, &root)) {
		c->diags = &mine;
		c->pol = policy;
		check_policy(c, root);
		free(c->defined);
	}
	free(c);
	yaml_tree_free(root);
	if (!mine.errors && digest_sha256_hex(text, len, policy->sha256) != 0)
		diag_add(&mine, DIAG_ERROR, (struct diag_pos){ 0 },
			 "cannot compute the policy's SHA-256 (libcrypto failed)");
	ret = mine.errors ? -EINVAL : 0;
	if (ret)
		policy_free(policy);
	move_sorted(diags, &mine);
	diag_free(&mine);
	return ret;
}

/* The whole file, refusing more than POLICY_MAX_FILE bytes. */
static int read_file(const char *path, char **out, size_t *out_len)
{
	size_t len = 0, cap = 64 * 1024;
	char *buf = malloc(cap);
	int fd, ret = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *bigger = cap > POLICY_MAX_FILE ? NULL : realloc(buf, cap * 2);

			if (!bigger) {
				ret = cap > POLICY_MAX_FILE ? -EFBIG : -ENOMEM;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (!ret && len > POLICY_MAX_FILE)
		ret = -EFBIG;
	if (ret) {
		free(buf);
		return ret;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

int policy_parse_file(const char *path, struct policy *policy, struct diag_list *diags)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	memset(policy, 0, sizeof(*policy));
	ret = read_file(path, &text, &len);
	if (ret == -EFBIG) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){ 0 },
			 "%s is larger than 1 MiB (a policy file is at most 1 MiB)", path);
		return ret;
	}
	if (ret) {
		diag_add(diags, DIAG_ERROR, (struct diag_pos){ 0 }, "cannot read %s: %s", path,
			 strerror(-ret));
		return ret;
	}
	ret = policy_parse(text, len, policy, diags);
	free(text);
	return ret;
}

void policy_free(struct policy *policy)
{
	for (size_t i = 0; i < policy->n_endpoints; i++) {
		struct policy_endpoint *ep = &policy->endpoints[i];

		for (size_t j = 0; j < ep->n_paths; j++)
			free(ep->paths[j]);
		for (size_t j = 0; j < ep->n_abstracts; j++)
			free(ep->abstracts[j]);
		free(ep->abstracts);
		free(ep->abstract_pos);
		free(ep->name);
		free(ep->paths);
		free(ep->path_pos);
		free(ep->ports);
	}
	free(policy->endpoints);
	for (size_t i = 0; i < policy->n_rules; i++) {
		free(policy->rules[i].exe);
		free(policy->rules[i].cgroup);
	}
	free(policy->rules);
	memset(policy, 0, sizeof(*policy));
}
