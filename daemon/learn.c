// SPDX-License-Identifier: GPL-2.0-only
#include "learn.h"

#include <arpa/inet.h>
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup2.h"
#include "control_proto.h"
#include "grow.h"
#include "policy_yaml.h"

void learn_init(struct learn_set *s, const struct policy *base)
{
	memset(s, 0, sizeof(*s));
	s->base = base;
	s->cgroup_path = cgroup2_path_of_id;
}

void learn_free(struct learn_set *s)
{
	free(s->items);
	s->items = NULL;
	s->n = s->cap = 0;
}

uint64_t learn_control_endpoints(const struct policy *base)
{
	uint64_t mask = 0;

	for (size_t i = 0; i < base->n_endpoints && i < 64; i++) {
		for (size_t k = 0; k < base->endpoints[i].n_paths; k++) {
			if (strcmp(base->endpoints[i].paths[k], SF_CONTROL_SOCKET) == 0)
				mask |= 1ULL << i;
		}
	}
	return mask;
}

static const char *get_string(json_object *record, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(record, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A key with a "_hex" twin held bytes that were not UTF-8: not usable as a name. */
static const char *get_clean_string(json_object *record, const char *key)
{
	char hex_key[64];
	json_object *v;

	snprintf(hex_key, sizeof(hex_key), "%s_hex", key);
	return json_object_object_get_ex(record, hex_key, &v) ? NULL : get_string(record, key);
}

static uint64_t get_u64(json_object *record, const char *key, bool *present)
{
	json_object *v;

	*present =
		json_object_object_get_ex(record, key, &v) && json_object_is_type(v, json_type_int);
	return *present ? json_object_get_uint64(v) : 0;
}

static int endpoint_index(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_endpoints && i < 64; i++) {
		if (strcmp(p->endpoints[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

static void note_unknown(struct learn_set *s, const char *name)
{
	for (size_t i = 0; i < s->n_unknown; i++) {
		if (strcmp(s->unknown[i], name) == 0)
			return;
	}
	if (s->n_unknown < LEARN_MAX_UNKNOWN)
		snprintf(s->unknown[s->n_unknown++], SF_NAME_LEN, "%s", name);
}

/*
 * The system unit a cgroup path is in: the path up to its first ".service"
 * component, outside user.slice (where a user creates cgroups and moves
 * processes at will). false when there is none.
 */
static bool system_unit(const char *path, char *out, size_t len)
{
	const char *at = path, *end;

	if (strncmp(path, "user.slice", 10) == 0 && (path[10] == '/' || path[10] == '\0'))
		return false;
	while (*at) {
		end = strchr(at, '/');
		if (!end)
			end = at + strlen(at);
		if (end - at > 8 && strncmp(end - 8, ".service", 8) == 0) {
			snprintf(out, len, "%.*s", (int)(end - path), path);
			return true;
		}
		at = *end ? end + 1 : end;
	}
	return false;
}

/* Who made the record, as narrowly as it can be named (enum learn_kind). */
static void identify(const struct learn_set *s, const struct learn_record *r,
		     struct learn_identity *who)
{
	char path[PATH_MAX];

	who->uid = r->uid;
	who->uid_matches = r->uid == r->euid;
	if (r->source) {
		who->kind = LEARN_REMOTE;
		snprintf(who->name, sizeof(who->name), "%s", r->source);
		return;
	}
	if (r->container_by[0]) {
		if (r->container && strlen(r->container) == SF_CONTAINER_ID_LEN) {
			who->kind = LEARN_CONTAINER;
			snprintf(who->name, sizeof(who->name), "%s", r->container);
			return;
		}
		who->kind = LEARN_UNNAMED;
		snprintf(who->container_by, sizeof(who->container_by), "%s", r->container_by);
		snprintf(who->name, sizeof(who->name), "%s", r->exe ?: "");
		return;
	}
	if (r->has_cgroup && s->cgroup_path &&
	    s->cgroup_path(r->cgroup_id, path, sizeof(path)) == 0 &&
	    system_unit(path, who->name, sizeof(who->name))) {
		who->kind = LEARN_UNIT;
		return;
	}
	if (r->exe && r->exe[0] == '/') {
		who->kind = LEARN_PROGRAM;
		snprintf(who->name, sizeof(who->name), "%s", r->exe);
		return;
	}
	who->kind = who->uid_matches ? LEARN_USER : LEARN_UNNAMED;
}

static bool same_identity(const struct learn_identity *a, const struct learn_identity *b)
{
	if (a->kind != b->kind || strcmp(a->name, b->name) != 0)
		return false;
	if (a->kind == LEARN_CONTAINER || a->kind == LEARN_REMOTE)
		return true;
	/* A unit's callers by uid too: root may start anyone's process in any unit. */
	return a->uid == b->uid && a->uid_matches == b->uid_matches;
}

static void widen_times(char *first, char *last, const char *time)
{
	if (!time)
		return;
	if (!first[0] || strcmp(time, first) < 0)
		snprintf(first, LEARN_TIME_LEN, "%s", time);
	if (strcmp(time, last) > 0)
		snprintf(last, LEARN_TIME_LEN, "%s", time);
}

int learn_add(struct learn_set *s, const struct learn_record *r)
{
	struct learn_identity who = { 0 };
	int id = endpoint_index(s->base, r->endpoint);
	size_t i = 0;

	if (id < 0) {
		note_unknown(s, r->endpoint);
		return 0;
	}
	identify(s, r, &who);
	while (i < s->n && !same_identity(&s->items[i], &who))
		i++;
	if (i == s->n) {
		if (GROW_FOR_ONE(s->items, s->n, s->cap, 16))
			return -ENOMEM;
		snprintf(who.comm, sizeof(who.comm), "%s", r->comm ?: "");
		s->items[s->n++] = who;
	}
	s->items[i].endpoints |= 1ULL << id;
	s->items[i].attempts += r->attempts;
	s->items[i].existing += r->existing;
	s->counted += r->attempts;
	widen_times(s->items[i].first, s->items[i].last, r->time);
	widen_times(s->first, s->last, r->time);
	return 1;
}

int learn_add_line(struct learn_set *s, const char *line)
{
	json_object *record = json_tokener_parse(line), *by;
	struct learn_record r = { 0 };
	const char *type, *verdict, *origin;
	bool present;
	int status = 0;

	s->lines++;
	if (!record || !json_object_is_type(record, json_type_object)) {
		s->malformed++;
		json_object_put(record);
		return -EINVAL;
	}
	type = get_string(record, "type");
	verdict = get_string(record, "verdict");
	r.endpoint = get_string(record, "endpoint");
	if (!type || (strcmp(type, "event") != 0 && strcmp(type, "repeats") != 0) || !verdict ||
	    (strcmp(verdict, "deny") != 0 && strcmp(verdict, "audit-deny") != 0) || !r.endpoint)
		goto out; /* allowed, an exposure, a gap: nothing to learn */
	r.attempts = get_u64(record, "more", &present) + (strcmp(type, "event") == 0);
	r.time = get_string(record, "time");
	r.comm = get_clean_string(record, "comm");
	r.uid = (uint32_t)get_u64(record, "uid", &present);
	r.euid = (uint32_t)get_u64(record, "euid", &present);
	origin = get_string(record, "origin");
	if (origin && strcmp(origin, "remote") == 0)
		r.source = get_string(record, "source") ?: "";
	if (json_object_object_get_ex(record, "container_by", &by) &&
	    json_object_is_type(by, json_type_array) && json_object_array_length(by) > 0)
		snprintf(r.container_by, sizeof(r.container_by), "%s",
			 json_object_to_json_string_ext(by, JSON_C_TO_STRING_PLAIN));
	r.container = get_string(record, "container");
	r.cgroup_id = get_u64(record, "cgroup_id", &r.has_cgroup);
	r.exe = get_clean_string(record, "exe");
	status = learn_add(s, &r);
out:
	json_object_put(record);
	return status;
}

int learn_add_connection(struct learn_set *s, const struct connection *c, const char *time)
{
	const struct sf_caller *who = &c->owner.who.caller;
	struct learn_record r = {
		.endpoint = c->endpoint, .time = time, .attempts = 1, .existing = 1
	};
	char source[sizeof(c->client)];

	if (c->judged == CONNECTION_REMOTE) {
		/* "192.0.2.7:40312" or "[2001:db8::7]:40312": the address alone. */
		const char *colon = strrchr(c->client, ':');
		size_t len = colon ? (size_t)(colon - c->client) : strlen(c->client);

		if (c->client[0] == '[' && len >= 2)
			snprintf(source, sizeof(source), "%.*s", (int)(len - 2), c->client + 1);
		else
			snprintf(source, sizeof(source), "%.*s", (int)len, c->client);
		r.source = source;
		return learn_add(s, &r);
	}
	if (c->judged != CONNECTION_JUDGED || !c->n_pids)
		return 0; /* nobody to name (in flight, or a kernel socket) */
	r.uid = who->uid;
	r.euid = who->euid;
	r.comm = who->comm;
	if (who->container_by)
		snprintf(r.container_by, sizeof(r.container_by), "[%s%s%s]",
			 who->container_by & SF_CONTAINER_PIDNS ? "\"pidns\"" : "",
			 who->container_by == (SF_CONTAINER_PIDNS | SF_CONTAINER_CGROUP) ? "," : "",
			 who->container_by & SF_CONTAINER_CGROUP ? "\"cgroup\"" : "");
	r.container = who->container_id[0] ? who->container_id : NULL;
	r.has_cgroup = true;
	r.cgroup_id = who->cgroup_id;
	r.exe = c->owner.exe[0] ? c->owner.exe : NULL;
	return learn_add(s, &r);
}

/* A remote source address as the one-address prefix of a source: rule. */
static bool source_of(const char *address, struct sf_source *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, address, out->addr + 12) == 1) {
		out->addr[10] = out->addr[11] = 0xff;
		out->prefix_len = 128;
		return true;
	}
	if (inet_pton(AF_INET6, address, out->addr) == 1) {
		out->prefix_len = 128;
		return true;
	}
	return false;
}

/* The allow rule that names who; false when none can. */
static bool rule_for(const struct learn_identity *who, uint64_t control, struct policy_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->action = SF_ACTION_ALLOW;
	r->mode = POLICY_MODE_INHERIT;
	r->endpoints = who->endpoints;
	switch (who->kind) {
	case LEARN_UNIT:
		r->origin = SF_ORIGIN_HOST;
		r->match = SF_MATCH_CGROUP;
		r->cgroup = (char *)who->name;
		if (who->uid_matches) {
			r->match |= SF_MATCH_UID;
			r->uid = who->uid;
			if (who->uid == 0)
				r->endpoints &= ~control;
		}
		return r->endpoints != 0;
	case LEARN_CONTAINER:
		r->origin = SF_ORIGIN_CONTAINER;
		r->match = SF_MATCH_CONTAINER;
		snprintf(r->container, sizeof(r->container), "%.64s", who->name);
		return true;
	case LEARN_PROGRAM:
	case LEARN_USER:
		/* Root on the host reaches the control socket by the rule learn always adds. */
		if (who->uid == 0 && who->uid_matches)
			r->endpoints &= ~control;
		r->origin = SF_ORIGIN_HOST;
		if (who->uid_matches) {
			r->match |= SF_MATCH_UID;
			r->uid = who->uid;
		}
		if (who->kind == LEARN_PROGRAM) {
			r->match |= SF_MATCH_EXE;
			r->exe = (char *)who->name;
		}
		return r->endpoints != 0;
	case LEARN_REMOTE:
		r->origin = SF_ORIGIN_REMOTE;
		r->match = SF_MATCH_SOURCE;
		r->n_sources = 1;
		return source_of(who->name, &r->sources[0]);
	default:
		return false;
	}
}

static int compare_identities(const void *a, const void *b)
{
	const struct learn_identity *x = a, *y = b;
	int by_name = strcmp(x->name, y->name);

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (by_name)
		return by_name;
	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

/* The identities in the order rules are proposed (a sorted copy; the caller frees it). */
static struct learn_identity *sorted(const struct learn_set *s)
{
	struct learn_identity *copy = malloc((s->n ? s->n : 1) * sizeof(*copy));

	if (!copy)
		return NULL;
	if (s->n)
		memcpy(copy, s->items, s->n * sizeof(*copy));
	qsort(copy, s->n, sizeof(*copy), compare_identities);
	return copy;
}

static void root_control_rule(uint64_t control, struct policy_rule *r)
{
	memset(r, 0, sizeof(*r));
	r->action = SF_ACTION_ALLOW;
	r->mode = POLICY_MODE_INHERIT;
	r->endpoints = control;
	r->origin = SF_ORIGIN_HOST;
	r->match = SF_MATCH_UID;
	r->uid = 0;
}

static void describe(const struct learn_identity *who, FILE *out)
{
	struct passwd *pw = getpwuid(who->uid);
	char user[64];

	snprintf(user, sizeof(user), "uid %u%s%s%s", who->uid, pw ? " (" : "",
		 pw ? pw->pw_name : "", pw ? ")" : "");
	switch (who->kind) {
	case LEARN_UNIT:
		fprintf(out, "unit %s as %s (%s)", who->name, user, who->comm);
		break;
	case LEARN_CONTAINER:
		fprintf(out, "container %.12s%s%s (%s, %s)", who->name, who->detail[0] ? ", " : "",
			who->detail, user, who->comm);
		break;
	case LEARN_PROGRAM:
		fprintf(out, "%s running %s (%s)", user, who->name, who->comm);
		break;
	case LEARN_USER:
		fprintf(out, "%s (%s; its executable was not seen)", user, who->comm);
		break;
	case LEARN_REMOTE:
		fprintf(out, "another host, %s", who->name);
		break;
	default:
		fprintf(out, "%s (%s)", user, who->comm);
		break;
	}
}

/* The would-be denials no rule can allow, as comments: what to do instead. */
static void unnamed_notes(const struct learn_identity *items, size_t n, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		const struct learn_identity *who = &items[i];

		if (who->kind == LEARN_UNNAMED && who->container_by[0]) {
			fprintf(out,
				"  # Not proposed: %llu connects from a container sockfence cannot "
				"name\n  # (container_by %s, uid %u, %s%s%s): it has no container "
				"id "
				"where\n  # runtimes put containers (docs/policy.md, \"Who is "
				"asking\"); run it as a real container to allow it.\n",
				(unsigned long long)who->attempts, who->container_by, who->uid,
				who->comm, who->name[0] ? ", " : "", who->name);
		} else if (who->kind == LEARN_UNNAMED) {
			fprintf(out,
				"  # Not proposed: %llu connects by uid %u (%s) with another "
				"effective uid and no executable seen:\n  # no rule can name it "
				"narrowly; add one by hand if it must reach the API.\n",
				(unsigned long long)who->attempts, who->uid, who->comm);
		}
	}
}

void learn_propose(const struct learn_set *s, FILE *out)
{
	struct policy settings = *s->base;
	uint64_t control = learn_control_endpoints(s->base);
	struct learn_identity *items = sorted(s);
	char text[1024];
	size_t rules = 0;

	if (!items)
		return;
	settings.mode = SF_MODE_ENFORCE;
	settings.default_action = SF_ACTION_DENY;
	fprintf(out,
		"# Proposed by 'sockfence learn' from %llu would-be denials%s%s%s%s.\n"
		"# It allows exactly the callers seen; everyone else gets the default (deny).\n"
		"# Nothing was applied: review every rule, install the file, check it with\n"
		"# 'sockfence check FILE', then run 'sockfence reload FILE'.\n",
		(unsigned long long)s->counted, s->first[0] ? ", " : "", s->first,
		s->first[0] ? " to " : "", s->last);
	policy_yaml_settings(&settings, out);
	policy_yaml_endpoints(s->base, out);
	fprintf(out, "rules:%s\n", control || s->n ? "" : " []");
	if (control) {
		struct policy_rule r;

		root_control_rule(control, &r);
		policy_yaml_rule(s->base, &r, false, text, sizeof(text));
		fprintf(out,
			"  # sockfence's own control socket: root on the host, so that "
			"'sockfence reload' keeps working.\n  - %s\n",
			text);
		rules++;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct policy_rule r;

		if (!rule_for(&items[i], control, &r))
			continue;
		policy_yaml_rule(s->base, &r, false, text, sizeof(text));
		fprintf(out, "  # ");
		describe(&items[i], out);
		fprintf(out, ": %llu connect%s", (unsigned long long)items[i].attempts,
			items[i].attempts == 1 ? "" : "s");
		if (items[i].existing)
			fprintf(out, " (%llu of them open already)",
				(unsigned long long)items[i].existing);
		fprintf(out, ", first %s, last %s\n", items[i].first, items[i].last);
		if (items[i].kind == LEARN_CONTAINER)
			fprintf(out, "  # A container that may reach these endpoints controls this "
				     "host (it can start a privileged\n  # container with the "
				     "host's root mounted): keep this rule only if it must.\n");
		fprintf(out, "  - %s\n", text);
		rules++;
	}
	if (!rules && s->n)
		fprintf(out, "  []\n");
	unnamed_notes(items, s->n, out);
	for (size_t i = 0; i < s->n_unknown; i++)
		fprintf(out,
			"# Left out: records for endpoint '%s', which this policy does not have.\n",
			s->unknown[i]);
	free(items);
}

/* Whether the one-line text of a rule is among n others. */
static bool listed(char (*texts)[1024], size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(texts[i], text) == 0)
			return true;
	}
	return false;
}

void learn_diff(const struct learn_set *s, FILE *out)
{
	uint64_t control = learn_control_endpoints(s->base);
	struct learn_identity *items = sorted(s);
	char(*proposed)[1024] = calloc(s->n + 1, sizeof(*proposed));
	char(*current)[1024] = calloc(s->base->n_rules + 1, sizeof(*current));
	size_t n_proposed = 0;

	if (!items || !proposed || !current)
		goto out;
	if (control) {
		struct policy_rule r;

		root_control_rule(control, &r);
		policy_yaml_rule(s->base, &r, true, proposed[n_proposed++], sizeof(*proposed));
	}
	for (size_t i = 0; i < s->n; i++) {
		struct policy_rule r;

		if (rule_for(&items[i], control, &r))
			policy_yaml_rule(s->base, &r, true, proposed[n_proposed++],
					 sizeof(*proposed));
	}
	for (size_t i = 0; i < s->base->n_rules; i++)
		policy_yaml_rule(s->base, &s->base->rules[i], true, current[i], sizeof(*current));
	fprintf(out, "# rules: - only in the policy in force, + only in the proposal\n");
	for (size_t i = 0; i < s->base->n_rules; i++)
		fprintf(out, "%c %s\n", listed(proposed, n_proposed, current[i]) ? ' ' : '-',
			current[i]);
	for (size_t i = 0; i < n_proposed; i++) {
		if (!listed(current, s->base->n_rules, proposed[i]))
			fprintf(out, "+ %s\n", proposed[i]);
	}
	if (s->base->mode != SF_MODE_ENFORCE || s->base->default_action != SF_ACTION_DENY)
		fprintf(out,
			"# and: mode: enforce, default: deny (the policy in force has mode: "
			"%s, default: %s)\n",
			s->base->mode == SF_MODE_ENFORCE ? "enforce" : "audit",
			s->base->default_action == SF_ACTION_DENY ? "deny" : "allow");
out:
	free(items);
	free(proposed);
	free(current);
}
