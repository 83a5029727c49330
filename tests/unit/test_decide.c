// SPDX-License-Identifier: GPL-2.0-only
/* The kernel's matching and verdict functions, run on the host. */
#include <linux/types.h>

#include "decide.h"
#include "unit.h"

static struct sf_caller caller(__u32 uid, __u32 gid, __u32 level)
{
	struct sf_caller c = {
		.uid = uid, .euid = uid, .gid = gid, .egid = gid, .pidns_level = level
	};

	return c;
}

static const struct sf_groups no_groups;

static void endpoint_must_be_in_the_rule(void)
{
	struct sf_rule r = { .endpoints = 1ULL << 3 };
	struct sf_caller c = caller(0, 0, 0);

	CU_ASSERT_TRUE(sf_rule_matches(&r, 3, &c, &no_groups));
	CU_ASSERT_FALSE(sf_rule_matches(&r, 2, &c, &no_groups));
	CU_ASSERT_FALSE(sf_rule_matches(&r, 64, &c, &no_groups));
	r.endpoints = 1ULL << 63;
	CU_ASSERT_TRUE(sf_rule_matches(&r, 63, &c, &no_groups));
}

static void origin_follows_the_pid_namespace(void)
{
	struct sf_rule r = { .endpoints = 1, .origin = SF_ORIGIN_CONTAINER };
	struct sf_caller host = caller(0, 0, 0), contained = caller(0, 0, 2);

	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &host, &no_groups));
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &contained, &no_groups));
	r.origin = SF_ORIGIN_HOST;
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &host, &no_groups));
	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &contained, &no_groups));
	r.origin = SF_ORIGIN_ANY;
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &contained, &no_groups));
}

static void uid_needs_real_and_effective(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_UID, .uid = 0 };
	struct sf_caller root = caller(0, 0, 0), user = caller(1000, 1000, 0);
	struct sf_caller setuid_binary = caller(1000, 1000, 0);

	setuid_binary.euid = 0;
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &root, &no_groups));
	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &user, &no_groups));
	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &setuid_binary, &no_groups));
}

static void gid_matches_real_effective_or_supplementary(void)
{
	struct sf_rule r = { .endpoints = 1, .match = SF_MATCH_GID, .gid = 999 };
	struct sf_groups groups = { .count = 3, .gid = { 4, 24, 999 } };
	struct sf_caller c = caller(1000, 1000, 0);

	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &c, &no_groups));
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &c, &groups));
	groups.count = 2; /* 999 beyond the count is not held */
	CU_ASSERT_FALSE(sf_rule_matches(&r, 0, &c, &groups));
	c.egid = 999;
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &c, &no_groups));
	c.egid = 1000;
	c.gid = 999;
	CU_ASSERT_TRUE(sf_rule_matches(&r, 0, &c, &no_groups));
}

static void truncated_groups_fail_closed(void)
{
	struct sf_rule deny = { .endpoints = 1, .match = SF_MATCH_GID, .gid = 5 };
	struct sf_rule allow = deny;
	struct sf_groups many = { .count = SF_MAX_GROUPS, .truncated = 1 };
	struct sf_caller c = caller(1000, 1000, 0);

	deny.action = SF_ACTION_DENY;
	allow.action = SF_ACTION_ALLOW;
	CU_ASSERT_TRUE(sf_rule_matches(&deny, 0, &c, &many));
	CU_ASSERT_FALSE(sf_rule_matches(&allow, 0, &c, &many));
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

int register_decide_tests(void)
{
	static const struct unit_test tests[] = {
		{ "endpoint must be in the rule", endpoint_must_be_in_the_rule },
		{ "origin follows the pid namespace", origin_follows_the_pid_namespace },
		{ "uid needs real and effective", uid_needs_real_and_effective },
		{ "gid: real, effective or supplementary",
		  gid_matches_real_effective_or_supplementary },
		{ "truncated groups fail closed", truncated_groups_fail_closed },
		{ "verdicts", verdicts },
		{ "search finds every target of a full table",
		  search_finds_every_target_of_a_full_table },
		{ 0 },
	};

	return unit_add_suite("decide", NULL, NULL, tests);
}
