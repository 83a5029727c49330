// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memo of allowed judgements (decide.h): an answer only for the very
 * facts and generation it was made with.
 */
#include <stddef.h>
#include <string.h>
#include "decide.h"
#include "unit.h"

#define STATE	 0x0000000500000001ULL
#define ENDPOINT 3
#define RULE	 7

static struct sf_identity judged(void)
{
	struct sf_identity who;

	memset(&who, 0, sizeof(who));
	who.caller.uid = who.caller.euid = 1000;
	who.caller.gid = who.caller.egid = 1000;
	who.caller.cgroup_id = 4242;
	who.caller.exe_dev = 8;
	who.caller.exe_ino = 77;
	who.groups.count = 3;
	who.groups.gid[0] = 4;
	who.groups.gid[1] = 27;
	who.groups.gid[2] = 999;
	who.groups.gid[3] = 55; /* beyond count: not a group the caller holds */
	return who;
}

static struct sf_allowed_memo memo_of(const struct sf_caller_facts *f)
{
	struct sf_allowed_memo m;

	memset(&m, 0, sizeof(m));
	sf_memo_add(&m, STATE, ENDPOINT, RULE, f);
	return m;
}

static void same_facts_same_answer(void)
{
	struct sf_identity who = judged();
	struct sf_caller_facts f = { 0 };
	struct sf_allowed_memo m;

	CU_ASSERT_TRUE_FATAL(sf_caller_facts_of(&who, &f));
	m = memo_of(&f);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT, &f), RULE);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT + 1, &f), -1);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE + 1, ENDPOINT, &f), -1);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, SF_MAX_ENDPOINTS, &f), -1);
	CU_ASSERT_EQUAL(f.groups[3], 0); /* what lies beyond the groups is not kept */
}

/* Each fact changed alone (every bit of it in turn) must miss. */
static void every_fact_counts(void)
{
	struct sf_identity who = judged();
	struct sf_caller_facts f = { 0 }, g;
	struct sf_allowed_memo m;
	unsigned char *bytes = (unsigned char *)&g;
	size_t groups_at = offsetof(struct sf_caller_facts, groups);

	CU_ASSERT_TRUE_FATAL(sf_caller_facts_of(&who, &f));
	m = memo_of(&f);
	for (size_t at = 0; at < sizeof(g); at++) {
		if (at >= groups_at + f.n_groups * sizeof(__u32))
			break; /* past the groups held: 0 on both sides by construction */
		for (int bit = 0; bit < 8; bit++) {
			g = f;
			bytes[at] ^= (unsigned char)(1u << bit);
			if (sf_memo_rule(&m, STATE, ENDPOINT, &g) != -1) {
				CU_FAIL("a changed fact was answered from the memo");
				return;
			}
		}
	}
}

static void facts_that_cannot_be_kept(void)
{
	struct sf_identity who = judged();
	struct sf_caller_facts f = { 0 };

	who.groups.truncated = 1;
	CU_ASSERT_FALSE(sf_caller_facts_of(&who, &f));
	who = judged();
	who.groups.count = SF_MEMO_GROUPS + 1;
	CU_ASSERT_FALSE(sf_caller_facts_of(&who, &f));
	who.groups.count = SF_MEMO_GROUPS;
	CU_ASSERT_TRUE(sf_caller_facts_of(&who, &f));
}

/* New facts or a new generation start the memo again: nothing of the old answers. */
static void a_new_judgement_replaces_the_old(void)
{
	struct sf_identity who = judged();
	struct sf_caller_facts f = { 0 }, other;
	struct sf_allowed_memo m;

	CU_ASSERT_TRUE_FATAL(sf_caller_facts_of(&who, &f));
	m = memo_of(&f);
	sf_memo_add(&m, STATE, ENDPOINT + 1, RULE + 1, &f);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT, &f), RULE);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT + 1, &f), RULE + 1);
	other = f;
	other.uid = 0;
	sf_memo_add(&m, STATE, ENDPOINT + 1, RULE, &other);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT, &other), -1);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT + 1, &f), -1);
	sf_memo_add(&m, STATE + 2, ENDPOINT, SF_RULE_DEFAULT, &other);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE, ENDPOINT + 1, &other), -1);
	CU_ASSERT_EQUAL(sf_memo_rule(&m, STATE + 2, ENDPOINT, &other), SF_MAX_RULES);
}

int register_allowed_memo_tests(void)
{
	static const struct unit_test tests[] = {
		{ "same facts, same answer", same_facts_same_answer },
		{ "every fact counts", every_fact_counts },
		{ "facts that cannot be kept", facts_that_cannot_be_kept },
		{ "a new judgement replaces the old", a_new_judgement_replaces_the_old },
		{ 0 },
	};

	return unit_add_suite("allowed memo", NULL, NULL, tests);
}
