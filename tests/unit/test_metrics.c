// SPDX-License-Identifier: GPL-2.0-only
/* The metrics file's text: rules and their verdicts, escaping, bounded labels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "unit.h"

static struct sf_policy policy;

static char *format(const struct metrics_view *v)
{
	static char text[16384];
	FILE *out = fmemopen(text, sizeof(text), "w");

	CU_ASSERT_PTR_NOT_NULL_FATAL(out);
	CU_ASSERT_EQUAL(metrics_format(out, v), 0);
	fclose(out);
	return text;
}

static void rules_endpoints_and_verdicts(void)
{
	struct metrics_view v = { .up = true, .policy = &policy, .backend = "fmod_ret" };
	char *text;

	memset(&policy, 0, sizeof(policy));
	policy.generation = 7;
	policy.n_endpoints = 2;
	strcpy(policy.endpoint_names[0], "docker");
	strcpy(policy.endpoint_names[1], "docker-tcp");
	policy.n_rules = 2;
	policy.rules[0] = (struct sf_rule){ .index = 0, .endpoints = 2, .action = SF_ACTION_DENY };
	policy.rules[1] = (struct sf_rule){
		.index = 2, .endpoints = 3, .action = SF_ACTION_DENY, .mode = SF_MODE_AUDIT
	};
	policy.default_action = SF_ACTION_ALLOW;
	v.hits[0] = 5;
	v.hits[1] = 6;
	v.hits[SF_MAX_RULES] = 9;
	v.kernel[SF_CNT_EVENTS_SHED] = 4;
	text = format(&v);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(text, "\nsockfence_decisions_total{rule=\"1\",endpoints=\"docker-tcp\","
			     "verdict=\"deny\"} 5\n"));
	/* The policy file's numbering: the third rule of the file. */
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text, "\nsockfence_decisions_total{rule=\"3\",endpoints=\"docker,docker-tcp\","
		      "verdict=\"audit-deny\"} 6\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_decisions_total{rule=\"default\","
					    "endpoints=\"*\",verdict=\"allow\"} 9\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_events_total{outcome=\"shed\"} 4\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_policy_generation 7\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_backend_info{backend=\"fmod_ret\"} 1\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_up 1\n"));
	CU_ASSERT_PTR_NULL(strstr(text, "pid"));
}

static void label_values_are_escaped(void)
{
	struct metrics_view v = { .policy_source = "/etc/a \"b\"\\c\nd", .policy_sha256 = "00" };

	CU_ASSERT_PTR_NOT_NULL(strstr(
		format(&v),
		"\nsockfence_policy_info{source=\"/etc/a \\\"b\\\"\\\\c\\nd\",sha256=\"00\"} 1\n"));
}

/* Every sample line belongs to a metric announced with # TYPE before it. */
static void every_sample_has_a_type(void)
{
	struct metrics_view v = { .up = false, .policy = &policy, .n_maps = 1 };
	char *text, *save = NULL, types[8192] = "";

	v.maps[0].name = "agg";
	v.maps[0].entries = -1; /* unreadable: left out, its capacity stays */
	v.maps[0].capacity = SF_AGG_ENTRIES;
	text = format(&v);
	CU_ASSERT_PTR_NULL(strstr(text, "sockfence_map_entries{map=\"agg\"}"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_map_capacity{map=\"agg\"} 2048\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nsockfence_up 0\n"));
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[128];

		if (sscanf(line, "# TYPE %127s", name) == 1) {
			strcat(types, name);
			strcat(types, " ");
		} else if (line[0] != '#' && sscanf(line, "%127[a-z_]", name) == 1) {
			strcat(name, " ");
			CU_ASSERT_PTR_NOT_NULL(strstr(types, name));
		}
	}
}

int register_metrics_tests(void)
{
	static const struct unit_test tests[] = {
		{ "rules, endpoints and verdicts", rules_endpoints_and_verdicts },
		{ "label values are escaped", label_values_are_escaped },
		{ "every sample has a type", every_sample_has_a_type },
		{ 0 },
	};

	return unit_add_suite("metrics", NULL, NULL, tests);
}
