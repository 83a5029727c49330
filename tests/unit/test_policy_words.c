// SPDX-License-Identifier: GPL-2.0-only
/* The one table of the policy's words, both ways. */
#include "policy.h"
#include "policy_words.h"
#include "unit.h"

static void words_by_value(void)
{
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_action_words, SF_ACTION_DENY), "deny");
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_mode_words, SF_MODE_AUDIT), "audit");
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_origin_words, SF_ORIGIN_CONTAINER), "container");
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_backend_words, POLICY_BACKEND_AUTO), "auto");
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_verdict_words, SF_VERDICT_AUDIT_DENY),
			       "audit-deny");
	/* A value from a newer kernel object or a corrupt record is named, not read past. */
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_action_words, 2), "unknown");
	CU_ASSERT_STRING_EQUAL(policy_word(&policy_verdict_words, 255), "unknown");
}

static void values_by_word(void)
{
	CU_ASSERT_EQUAL(policy_word_value(&policy_action_words, "allow"), SF_ACTION_ALLOW);
	CU_ASSERT_EQUAL(policy_word_value(&policy_backend_words, "cgroup"), SF_BACKEND_CGROUP);
	CU_ASSERT_EQUAL(policy_word_value(&policy_bool_words, "true"), 1);
	CU_ASSERT_EQUAL(policy_word_value(&policy_mode_words, "Audit"), -1); /* exact words only */
	CU_ASSERT_EQUAL(policy_word_value(&policy_origin_words, ""), -1);
}

int register_policy_words_tests(void)
{
	static const struct unit_test tests[] = {
		{ "words by value", words_by_value },
		{ "values by word", values_by_word },
		{ 0 },
	};

	return unit_add_suite("policy_words", NULL, NULL, tests);
}
