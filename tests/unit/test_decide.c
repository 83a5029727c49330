// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's matching and verdict functions, run on the host. */
#include <arpa/inet.h>
#include <linux/types.h>
#include <string.h>

#include "decide.h"
#include "unit.h"

static struct sf_caller caller(__u32 uid, __u32 gid, __u32 level)
{
	struct sf_caller c = { .uid = uid,
			       .euid = uid,
			       .gid = gid,
			       .egid = gid,
			       .pidns_level = level,
			       .container_by = level ? SF_CONTAINER_PIDNS : 0 };

	return c;
}

static const struct sf_groups no_groups;
static struct sf_identity who;

static bool matches(const struct sf_rule *r, __u32 endpoint, const struct sf_caller *c,
		    const struct sf_groups *g)
{
	memset(&who, 0, sizeof(who));
	who.caller = *c;
	who.groups = *g;
	return sf_rule_matches(r, endpoint, &who);
}

static void endpoint_must_be_in_the_rule(void)
{
	struct sf_rule r = { .endpoints = 1ULL << 3 };
	struct sf_caller c = caller(0, 0, 0);

	CU_ASSERT_TRUE(matches(&r, 3, &c, &no_groups));
	CU_ASSERT_FALSE(matches(&r, 2, &c, &no_groups));
	CU_ASSERT_FALSE(matches(&r, 64, &c, &no_groups));
	r.endpoints = 1ULL << 63;
	CU_ASSERT_TRUE(matches(&r, 63, &c, &no_groups));
}

static void origin_follows_the_pid_namespace(void)
{
	struct sf_rule r = { .endpoints = 1, .origin = SF_ORIGIN_CONTAINER };
	struct sf_caller host = caller(0, 0, 0), contained = caller(0, 0, 2);

	CU_ASSERT_FALSE(matches(&r, 0, &host, &no_groups));
	CU_ASSERT_TRUE(matches(&r, 0, &contained, &no_groups));
	r.origin = SF_ORIGIN_HOST;
	CU_ASSERT_TRUE(matches(&r, 0, &host, &no_groups));
	CU_ASSERT_FALSE(matches(&r, 0, &contained, &no_groups));
	r.origin = SF_ORIGIN_ANY;
	CU_ASSERT_TRUE(matches(&r, 0, &contained, &no_groups));
}

static void uid_needs_real_and_effective(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_UID, .uid = 0 };
	struct sf_caller root = caller(0, 0, 0), user = caller(1000, 1000, 0);
	struct sf_caller setuid_binary = caller(1000, 1000, 0);

	setuid_binary.euid = 0;
	CU_ASSERT_TRUE(matches(&r, 0, &root, &no_groups));
	CU_ASSERT_FALSE(matches(&r, 0, &user, &no_groups));
	CU_ASSERT_FALSE(matches(&r, 0, &setuid_binary, &no_groups));
}

static void gid_matches_real_effective_or_supplementary(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_GID, .gid = 999 };
	struct sf_groups groups = { .count = 3, .gid = { 4, 24, 999 } };
	struct sf_caller c = caller(1000, 1000, 0);

	CU_ASSERT_FALSE(matches(&r, 0, &c, &no_groups));
	CU_ASSERT_TRUE(matches(&r, 0, &c, &groups));
	groups.count = 2; /* 999 beyond the count is not held */
	CU_ASSERT_FALSE(matches(&r, 0, &c, &groups));
	c.egid = 999;
	CU_ASSERT_TRUE(matches(&r, 0, &c, &no_groups));
	c.egid = 1000;
	c.gid = 999;
	CU_ASSERT_TRUE(matches(&r, 0, &c, &no_groups));
}

static void truncated_groups_fail_closed(void)
{
	struct sf_rule deny = { .endpoints = 1, .match = SF_MATCH_GID, .gid = 5 };
	struct sf_rule allow = deny;
	struct sf_groups many = { .count = SF_MAX_GROUPS, .truncated = 1 };
	struct sf_caller c = caller(1000, 1000, 0);

	deny.action = SF_ACTION_DENY;
	allow.action = SF_ACTION_ALLOW;
	CU_ASSERT_TRUE(matches(&deny, 0, &c, &many));
	CU_ASSERT_FALSE(matches(&allow, 0, &c, &many));
}

static void origin_counts_a_container_cgroup_as_container(void)
{
	struct sf_rule r = { .endpoints = 1, .origin = SF_ORIGIN_CONTAINER };
	struct sf_caller pid_host = caller(0, 0, 0); /* --pid=host: host pid namespace */

	pid_host.container_by = SF_CONTAINER_CGROUP;
	CU_ASSERT_TRUE(matches(&r, 0, &pid_host, &no_groups));
	r.origin = SF_ORIGIN_HOST;
	CU_ASSERT_FALSE(matches(&r, 0, &pid_host, &no_groups));
}

static void exe_is_an_inode(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_EXE, .exe_dev = 8, .exe_ino = 42 };
	struct sf_caller c = caller(1000, 1000, 0);

	c.exe_dev = 8;
	c.exe_ino = 42;
	CU_ASSERT_TRUE(matches(&r, 0, &c, &no_groups));
	c.exe_ino = 43; /* a copy of the same bytes is another inode */
	CU_ASSERT_FALSE(matches(&r, 0, &c, &no_groups));
	c.exe_ino = 42;
	c.exe_dev = 9;
	CU_ASSERT_FALSE(matches(&r, 0, &c, &no_groups));
}

static void container_matches_by_prefix(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_CONTAINER, .container_len = 12 };
	struct sf_caller c = caller(0, 0, 1);

	memcpy(r.container, "3f2a9c0123ab", 12);
	CU_ASSERT_FALSE(matches(&r, 0, &c, &no_groups)); /* no id known */
	strcpy(c.container_id, "3f2a9c0123ab"
			       "0000000000000000000000000000000000000000000000000000");
	CU_ASSERT_TRUE(matches(&r, 0, &c, &no_groups));
	c.container_id[11] = 'c';
	CU_ASSERT_FALSE(matches(&r, 0, &c, &no_groups));
}

static void cgroup_matches_itself_and_descendants(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_CGROUP, .cgroup_id = 77 };
	struct sf_caller c = caller(0, 0, 0);

	memset(&who, 0, sizeof(who));
	who.caller = c;
	who.cgroups.depth = 3;
	who.cgroups.id[0] = 90; /* leaf */
	who.cgroups.id[1] = 77; /* its parent: the rule's cgroup */
	who.cgroups.id[2] = 1;	/* root */
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &who));
	who.cgroups.depth = 1; /* only the leaf: not inside 77 */
	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &who));
	r.cgroup_id = 0; /* unresolved: matches nothing */
	who.cgroups.depth = 3;
	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &who));
}

/* Deeper than SF_CGROUP_DEPTH: the rule's cgroup may be above what was read. */
static void truncated_cgroups_fail_closed(void)
{
	struct sf_rule deny = { .endpoints = 1, .match = SF_MATCH_CGROUP, .cgroup_id = 77 };
	struct sf_rule allow = deny;

	memset(&who, 0, sizeof(who));
	who.caller = caller(1000, 1000, 0);
	who.cgroups.depth = SF_CGROUP_DEPTH;
	for (__u32 i = 0; i < SF_CGROUP_DEPTH; i++)
		who.cgroups.id[i] = 1000 + i;
	who.cgroups.truncated = 1;
	deny.action = SF_ACTION_DENY;
	allow.action = SF_ACTION_ALLOW;
	CU_ASSERT_TRUE(sf_rule_matches(&deny, 0, &who));
	CU_ASSERT_FALSE(sf_rule_matches(&allow, 0, &who));
	who.cgroups.truncated = 0;
	CU_ASSERT_FALSE(sf_rule_matches(&deny, 0, &who));
}

static struct sf_source prefix(const char *text, __u32 len)
{
	struct sf_source s = { .prefix_len = len };

	if (strchr(text, ':')) {
		inet_pton(AF_INET6, text, s.addr);
	} else {
		s.addr[10] = s.addr[11] = 0xff;
		inet_pton(AF_INET, text, &s.addr[12]);
		s.prefix_len = 96 + len;
	}
	return s;
}

static bool contains(const char *net, __u32 len, const char *addr)
{
	struct sf_source s = prefix(net, len), a = prefix(addr, strchr(addr, ':') ? 128 : 32);
	struct sf_addr16 at;

	memcpy(at.b, a.addr, sizeof(at.b));
	return sf_source_contains(&s, &at);
}

static void source_prefixes(void)
{
	CU_ASSERT_TRUE(contains("10.99.0.0", 28, "10.99.0.2"));
	CU_ASSERT_TRUE(contains("10.99.0.0", 28, "10.99.0.15"));
	CU_ASSERT_FALSE(contains("10.99.0.0", 28, "10.99.0.16"));
	CU_ASSERT_FALSE(contains("10.99.0.0", 28, "10.98.0.2"));
	CU_ASSERT_TRUE(contains("0.0.0.0", 0, "192.0.2.1"));	/* every IPv4 address */
	CU_ASSERT_FALSE(contains("0.0.0.0", 0, "2001:db8::1")); /* but no IPv6 one */
	CU_ASSERT_TRUE(contains("2001:db8::", 32, "2001:db8:1::5"));
	CU_ASSERT_FALSE(contains("2001:db8::", 33, "2001:db8:8000::5"));
	CU_ASSERT_TRUE(contains("::", 0, "10.0.0.1")); /* ::/0: every address */
	CU_ASSERT_TRUE(contains("fd00:99::2", 128, "fd00:99::2"));
	CU_ASSERT_FALSE(contains("fd00:99::2", 128, "fd00:99::3"));
}

/* Only rules that ask nothing about a caller decide a remote request. */
static void remote_rules(void)
{
	static struct sf_policy p;
	struct sf_source src = prefix("10.99.0.2", 32);
	struct sf_addr16 a;
	struct sf_rule r = { .endpoints = 1, .origin = SF_ORIGIN_REMOTE };
	struct sf_caller c = caller(0, 0, 0);

	memcpy(a.b, src.addr, sizeof(a.b));
	memset(&p, 0, sizeof(p));
	p.sources[0] = prefix("10.99.0.0", 28);
	p.sources[1] = prefix("192.0.2.0", 24);
	p.n_sources = 2;
	CU_ASSERT_TRUE(sf_remote_rule_matches(&p, &r, 0, &a)); /* from: remote, any source */
	CU_ASSERT_FALSE(sf_remote_rule_matches(&p, &r, 1, &a));
	r.match = SF_MATCH_SOURCE;
	r.source_first = 1;
	r.source_count = 1;
	CU_ASSERT_FALSE(sf_remote_rule_matches(&p, &r, 0, &a));
	r.source_first = 0;
	r.source_count = 2;
	CU_ASSERT_TRUE(sf_remote_rule_matches(&p, &r, 0, &a));
	/* A source rule never decides a local caller. */
	CU_ASSERT_FALSE(matches(&r, 0, &c, &no_groups));
	r.origin = SF_ORIGIN_ANY;
	r.match = 0;
	CU_ASSERT_TRUE(sf_remote_rule_matches(&p, &r, 0, &a)); /* no from, no identity */
	r.match = SF_MATCH_UID;
	CU_ASSERT_FALSE(sf_remote_rule_matches(&p, &r, 0, &a)); /* uid 0 is nobody remote */
	r.match = 0;
	r.origin = SF_ORIGIN_HOST;
	CU_ASSERT_FALSE(sf_remote_rule_matches(&p, &r, 0, &a));
	r.origin = SF_ORIGIN_CONTAINER;
	CU_ASSERT_FALSE(sf_remote_rule_matches(&p, &r, 0, &a));
}

static void verdicts(void)
{
	CU_ASSERT_EQUAL(sf_verdict_of(SF_ACTION_ALLOW, SF_MODE_ENFORCE), SF_VERDICT_ALLOW);
	CU_ASSERT_EQUAL(sf_verdict_of(SF_ACTION_ALLOW, SF_MODE_AUDIT), SF_VERDICT_ALLOW);
	CU_ASSERT_EQUAL(sf_verdict_of(SF_ACTION_DENY, SF_MODE_ENFORCE), SF_VERDICT_DENY);
	CU_ASSERT_EQUAL(sf_verdict_of(SF_ACTION_DENY, SF_MODE_AUDIT), SF_VERDICT_AUDIT_DENY);
}

static void search_finds_every_target_of_a_full_table(void)
{
	static struct sf_policy p;

	p.n_unix = SF_MAX_TARGETS;
	p.n_tcp = SF_MAX_TARGETS;
	for (__u32 i = 0; i < SF_MAX_TARGETS; i++) {
		p.unix_targets[i].dev = i / 16;
		p.unix_targets[i].ino = 100 + i;
		p.tcp_targets[i].port = 2 * i + 1;
	}
	for (__u32 i = 0; i < SF_MAX_TARGETS; i++) {
		CU_ASSERT_EQUAL(sf_find_unix(&p, i / 16, 100 + i), (int)i);
		CU_ASSERT_EQUAL(sf_find_tcp(&p, 2 * i + 1), (int)i);
		CU_ASSERT_EQUAL(sf_find_tcp(&p, 2 * i), -1);
	}
	CU_ASSERT_EQUAL(sf_find_unix(&p, 0, 99), -1);
	CU_ASSERT_EQUAL(sf_find_unix(&p, 99, 100), -1);
	p.n_tcp = 0;
	CU_ASSERT_EQUAL(sf_find_tcp(&p, 1), -1);
}

/* Every table size from 0 to past the linear limit, both search paths. */
static void search_finds_targets_of_small_tables(void)
{
	static struct sf_policy p;

	for (__u32 n = 0; n <= SF_SEARCH_LINEAR_MAX + 2; n++) {
		memset(&p, 0, sizeof(p));
		p.n_unix = p.n_tcp = p.n_unix_names = n;
		for (__u32 i = 0; i < n; i++) {
			p.unix_targets[i].dev = 7;
			p.unix_targets[i].ino = 10 * (i + 1);
			p.tcp_targets[i].port = 1000 + i;
			p.unix_names[i].hash = 5 * (i + 1);
		}
		for (__u32 i = 0; i < n; i++) {
			CU_ASSERT_EQUAL(sf_find_unix(&p, 7, 10 * (i + 1)), (int)i);
			CU_ASSERT_EQUAL(sf_find_tcp(&p, 1000 + i), (int)i);
			CU_ASSERT_EQUAL(sf_find_in(&p, SF_TABLE_NAME, 0, 5 * (i + 1), 0), (int)i);
		}
		CU_ASSERT_EQUAL(sf_find_unix(&p, 8, 10), -1);
		CU_ASSERT_EQUAL(sf_find_unix(&p, 7, 10 * (n + 1)), -1);
		CU_ASSERT_EQUAL(sf_find_tcp(&p, 999), -1);
		CU_ASSERT_EQUAL(sf_find_tcp(&p, 1000 + n), -1);
		CU_ASSERT_EQUAL(sf_find_in(&p, SF_TABLE_NAME, 0, 3, 0), -1);
	}
}

/* A small linear congruential generator: the same "random" policies every run. */
static __u32 lcg(__u32 *state)
{
	*state = *state * 1664525u + 1013904223u;
	return *state >> 8;
}

/* Few distinct ids, so that rules and callers meet (and buckets collide). */
static __u32 pick_id(__u32 *state)
{
	static const __u32 ids[] = { 0, 1000, 1001, 999, 20003, 30016, 65534, 4242 };

	return ids[lcg(state) % (sizeof(ids) / sizeof(ids[0]))];
}

static struct sf_policy indexed;

static void random_policy(__u32 *state, __u32 n_rules)
{
	memset(&indexed, 0, sizeof(indexed));
	indexed.n_rules = n_rules;
	indexed.n_sources = 2;
	indexed.sources[0].prefix_len = 0; /* everything */
	indexed.sources[1].addr[15] = 7;
	indexed.sources[1].prefix_len = 128;
	for (__u32 i = 0; i < n_rules; i++) {
		struct sf_rule *r = &indexed.rules[i];

		r->index = i;
		r->endpoints = lcg(state) % 7 + 1; /* some of endpoints 0..2 */
		r->origin = lcg(state) % 4;
		r->action = lcg(state) % 2;
		if (lcg(state) % 3 == 0) {
			r->match |= SF_MATCH_UID;
			r->uid = pick_id(state);
		}
		if (lcg(state) % 3 == 0) {
			r->match |= SF_MATCH_GID;
			r->gid = pick_id(state);
		}
		if (lcg(state) % 5 == 0) {
			r->match |= SF_MATCH_SOURCE;
			r->source_first = lcg(state) % 2;
			r->source_count = 1;
		}
		sf_rule_index_add(&indexed.rule_index, r, i);
	}
}

static void random_caller(__u32 *state, struct sf_identity *w)
{
	memset(w, 0, sizeof(*w));
	w->caller.uid = pick_id(state);
	w->caller.euid = lcg(state) % 4 ? w->caller.uid : pick_id(state);
	w->caller.gid = pick_id(state);
	w->caller.egid = lcg(state) % 4 ? w->caller.gid : pick_id(state);
	w->caller.container_by = lcg(state) % 3 == 0 ? SF_CONTAINER_PIDNS : 0;
	w->groups.count = lcg(state) % 4;
	for (__u32 g = 0; g < w->groups.count; g++)
		w->groups.gid[g] = pick_id(state);
	w->groups.truncated = lcg(state) % 8 == 0;
}

static void lowest_bit_counts_trailing_zeros(void)
{
	__u32 state = 99, wrong = 0;

	for (__u32 b = 0; b < 64; b++)
		wrong += sf_lowest_bit(1ULL << b) != b;
	for (__u32 k = 0; k < 10000; k++) {
		__u64 m = ((__u64)lcg(&state) << 40) ^ ((__u64)lcg(&state) << 20) ^ lcg(&state);

		if (m)
			wrong += sf_lowest_bit(m) != (__u32)__builtin_ctzll(m);
	}
	CU_ASSERT_EQUAL(wrong, 0);
}

/* The index may only skip rules that cannot match: same first match as a full walk. */
static void rule_index_finds_the_first_match(void)
{
	__u32 state = 12345, mismatches = 0;

	for (__u32 round = 0; round < 200; round++) {
		random_policy(&state, 1 + lcg(&state) % 300);
		for (__u32 k = 0; k < 50; k++) {
			struct sf_addr16 addr = { .b = { [15] = lcg(&state) % 2 ? 7 : 8 } };
			__u32 endpoint = lcg(&state) % 4, want = SF_RULE_DEFAULT;
			__u32 want_remote = SF_RULE_DEFAULT;

			random_caller(&state, &who);
			for (__u32 i = 0; i < indexed.n_rules; i++) {
				if (sf_rule_matches(&indexed.rules[i], endpoint, &who)) {
					want = i;
					break;
				}
			}
			for (__u32 i = 0; i < indexed.n_rules; i++) {
				if (sf_remote_rule_matches(&indexed, &indexed.rules[i], endpoint,
							   &addr)) {
					want_remote = i;
					break;
				}
			}
			mismatches += sf_first_match(&indexed, endpoint, &who) != want;
			mismatches +=
				sf_first_remote_match(&indexed, endpoint, &addr) != want_remote;
		}
	}
	CU_ASSERT_EQUAL(mismatches, 0);
}

/*
 * And it does skip: root on the host, with the benchmark's 100 rules (97
 * about other uids and gids), has a handful of candidates, not 100.
 */
static void rule_index_leaves_out_other_callers_rules(void)
{
	struct sf_rule_mask gids;
	__u32 candidates = 0;

	memset(&indexed, 0, sizeof(indexed));
	indexed.n_rules = 100;
	for (__u32 i = 0; i < 100; i++) {
		struct sf_rule *r = &indexed.rules[i];

		r->endpoints = 1;
		r->origin = i == 0 ? SF_ORIGIN_CONTAINER : SF_ORIGIN_HOST;
		if (i == 1)
			r->endpoints = 2; /* another endpoint */
		else if (i > 1 && i < 99 && i % 2)
			r->match = SF_MATCH_UID, r->uid = 20000 + i;
		else if (i > 1 && i < 99)
			r->match = SF_MATCH_GID, r->gid = 30000 + i;
		else if (i == 99)
			r->match = SF_MATCH_UID, r->uid = 0;
		sf_rule_index_add(&indexed.rule_index, r, i);
	}
	memset(&who, 0, sizeof(who));
	sf_rule_gids_start(&indexed, &gids, &who.groups, 0, 0);
	for (__u32 w = 0; w < sf_rule_words(&indexed); w++)
		candidates += __builtin_popcountll(
			sf_rule_candidates(&indexed, 0, &who.caller, &gids, w));
	CU_ASSERT_TRUE(candidates >= 1 && candidates <= 5);
	CU_ASSERT_EQUAL(sf_first_match(&indexed, 0, &who), 99);
}

int register_decide_tests(void)
{
	static const struct unit_test tests[] = {
		{ "endpoint must be in the rule", endpoint_must_be_in_the_rule },
		{ "search in small tables", search_finds_targets_of_small_tables },
		{ "origin follows the pid namespace", origin_follows_the_pid_namespace },
		{ "uid needs real and effective", uid_needs_real_and_effective },
		{ "gid: real, effective or supplementary",
		  gid_matches_real_effective_or_supplementary },
		{ "truncated groups fail closed", truncated_groups_fail_closed },
		{ "truncated cgroups fail closed", truncated_cgroups_fail_closed },
		{ "container cgroup is container origin",
		  origin_counts_a_container_cgroup_as_container },
		{ "exe is an inode", exe_is_an_inode },
		{ "container matches by prefix", container_matches_by_prefix },
		{ "cgroup matches itself and descendants", cgroup_matches_itself_and_descendants },
		{ "verdicts", verdicts },
		{ "source prefixes", source_prefixes },
		{ "remote rules", remote_rules },
		{ "search finds every target of a full table",
		  search_finds_every_target_of_a_full_table },
		{ "lowest bit counts trailing zeros", lowest_bit_counts_trailing_zeros },
		{ "rule index finds the first match", rule_index_finds_the_first_match },
		{ "rule index leaves out other callers' rules",
		  rule_index_leaves_out_other_callers_rules },
		{ 0 },
	};

	return unit_add_suite("decide", NULL, NULL, tests);
}
