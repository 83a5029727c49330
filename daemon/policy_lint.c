// SPDX-License-Identifier: GPL-2.0-only
/*
 * Warnings about a valid policy: things that are allowed but almost surely
 * not what the author meant.
 */
#include <string.h>

#include "decide.h"
#include "policy.h"
#include "policy_words.h"

/* Does rule a constrain field bit to nothing stricter than rule b does? */
static bool field_covers(const struct policy_rule *a, const struct policy_rule *b, uint32_t bit,
			 uint32_t va, uint32_t vb)
{
	if (!(a->match & bit))
		return true;
	return (b->match & bit) && va == vb;
}

/* The same for a text field: equal paths (or, for containers, a shorter prefix). */
static bool text_covers(const struct policy_rule *a, const struct policy_rule *b, uint32_t bit,
			const char *ta, const char *tb, bool prefix)
{
	if (!(a->match & bit))
		return true;
	if (!(b->match & bit) || !ta || !tb)
		return false;
	return prefix ? strncmp(ta, tb, strlen(ta)) == 0 : strcmp(ta, tb) == 0;
}

/*
 * First match wins, so a later rule j is dead when an earlier rule i matches
 * every connect j would: j's endpoints within i's, and i no stricter in
 * origin, uid, gid, exe, container or cgroup.
 */
/* Every source prefix of b lies inside one of a's (a without sources: any source). */
static bool sources_cover(const struct policy_rule *a, const struct policy_rule *b)
{
	if (!(a->match & SF_MATCH_SOURCE))
		return true;
	if (!(b->match & SF_MATCH_SOURCE))
		return false;
	for (size_t k = 0; k < b->n_sources; k++) {
		bool inside = false;

		for (size_t m = 0; m < a->n_sources && !inside; m++)
			inside = a->sources[m].prefix_len <= b->sources[k].prefix_len &&
				 sf_source_contains(&a->sources[m],
						    (const struct sf_addr16 *)b->sources[k].addr);
		if (!inside)
			return false;
	}
	return true;
}

static bool covers(const struct policy_rule *i, const struct policy_rule *j)
{
	return (j->endpoints & ~i->endpoints) == 0 &&
	       (i->origin == SF_ORIGIN_ANY || i->origin == j->origin) &&
	       field_covers(i, j, SF_MATCH_UID, i->uid, j->uid) &&
	       field_covers(i, j, SF_MATCH_GID, i->gid, j->gid) &&
	       text_covers(i, j, SF_MATCH_EXE, i->exe, j->exe, false) &&
	       text_covers(i, j, SF_MATCH_CONTAINER, i->container, j->container, true) &&
	       text_covers(i, j, SF_MATCH_CGROUP, i->cgroup, j->cgroup, false) &&
	       sources_cover(i, j);
}

static void lint_shadowed(const struct policy *policy, struct diag_list *diags)
{
	for (size_t j = 1; j < policy->n_rules; j++) {
		for (size_t i = 0; i < j; i++) {
			if (!covers(&policy->rules[i], &policy->rules[j]))
				continue;
			diag_add(diags, DIAG_WARNING, policy->rules[j].pos,
				 "rule %zu can never match: rule %zu (line %u) already matches "
				 "every connect it would (remove or reorder it)",
				 j + 1, i + 1, policy->rules[i].pos.line);
			break;
		}
	}
}

static void lint_unused(const struct policy *policy, struct diag_list *diags)
{
	uint64_t named = 0;

	for (size_t i = 0; i < policy->n_rules; i++)
		named |= policy->rules[i].endpoints;
	for (size_t i = 0; i < policy->n_endpoints && i < 64; i++) {
		if (named & (1ull << i))
			continue;
		diag_add(diags, DIAG_WARNING, policy->endpoints[i].pos,
			 "endpoint '%s' is not named by any rule (only the default action, %s, "
			 "applies to it)",
			 policy->endpoints[i].name,
			 policy_word(&policy_action_words, policy->default_action));
	}
}

/* Endpoints usually come before rules: warnings then follow the file. */
void policy_lint(const struct policy *policy, struct diag_list *diags)
{
	lint_unused(policy, diags);
	lint_shadowed(policy, diags);
}
