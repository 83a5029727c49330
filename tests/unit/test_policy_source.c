// SPDX-License-Identifier: GPL-2.0-only
/* The built-in default policy and the fallback to it. */
#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>

#include "policy_source.h"
#include "unit.h"

#define MISSING "/nonexistent/sockfence/policy.yaml"

static size_t endpoint_index(const struct policy *p, const char *name)
{
	for (size_t i = 0; i < p->n_endpoints; i++) {
		if (strcmp(p->endpoints[i].name, name) == 0)
			return i;
	}
	return 64;
}

/* The shipped policy is valid wherever a docker group exists. */
static void default_policy_is_valid(void)
{
	struct policy policy;
	struct diag_list diags;
	char *source;
	char line[512];
	int err = policy_source_load(MISSING, false, &policy, &diags, &source);

	CU_ASSERT_STRING_EQUAL(source, POLICY_BUILTIN_NAME);
	if (getgrnam("docker")) {
		CU_ASSERT_EQUAL(err, 0);
		CU_ASSERT_EQUAL(diags.count, 0);
	} else {
		/* A host without Docker: the allow rule naming its group matches no one. */
		CU_ASSERT_EQUAL(err, 0);
		CU_ASSERT_EQUAL_FATAL(diags.count, 1);
		CU_ASSERT_EQUAL(diags.errors, 0);
		diag_format(&diags, 0, line, sizeof(line));
		CU_ASSERT_PTR_NOT_NULL(strstr(line, "unknown group 'docker'"));
	}
	policy_free(&policy);
	diag_free(&diags);
	free(source);
}

/* Its shape, read with the docker group replaced by a group every host has. */
static void default_policy_says_what_the_docs_say(void)
{
	extern const char sf_default_policy[];
	char *text = strdup(sf_default_policy);
	char *group = strstr(text, "group: docker");
	struct diag_list diags;
	struct policy p;
	size_t docker, containerd, control, tcp;

	CU_ASSERT_PTR_NOT_NULL_FATAL(group);
	memcpy(group, "group: root  ", 13);
	diag_init(&diags, "default");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &p, &diags), 0);
	CU_ASSERT_EQUAL(p.mode, SF_MODE_ENFORCE);
	CU_ASSERT_EQUAL(p.default_action, SF_ACTION_DENY);
	docker = endpoint_index(&p, "docker");
	containerd = endpoint_index(&p, "containerd");
	control = endpoint_index(&p, "sockfence");
	tcp = endpoint_index(&p, "docker-tcp");
	CU_ASSERT_FATAL(docker < 64 && containerd < 64 && control < 64 && tcp < 64);
	CU_ASSERT_EQUAL(p.endpoints[docker].n_paths, 2);
	CU_ASSERT_STRING_EQUAL(p.endpoints[control].paths[0], "/run/sockfence/control.sock");
	CU_ASSERT_EQUAL(p.endpoints[tcp].ports[0], 2375);
	CU_ASSERT_EQUAL_FATAL(p.n_rules, 4);
	/* Containers first, then 2375 for everyone, then root, then the group. */
	CU_ASSERT_EQUAL(p.rules[0].action, SF_ACTION_DENY);
	CU_ASSERT_EQUAL(p.rules[0].origin, SF_ORIGIN_CONTAINER);
	CU_ASSERT_EQUAL(p.rules[0].endpoints,
			(1ULL << docker) | (1ULL << containerd) | (1ULL << control));
	CU_ASSERT_EQUAL(p.rules[1].action, SF_ACTION_DENY);
	CU_ASSERT_EQUAL(p.rules[1].endpoints, 1ULL << tcp);
	CU_ASSERT_EQUAL(p.rules[1].match, 0);
	CU_ASSERT_EQUAL(p.rules[2].action, SF_ACTION_ALLOW);
	CU_ASSERT_EQUAL(p.rules[2].origin, SF_ORIGIN_HOST);
	CU_ASSERT_EQUAL(p.rules[2].match, SF_MATCH_UID);
	CU_ASSERT_EQUAL(p.rules[2].uid, 0);
	CU_ASSERT_EQUAL(p.rules[3].endpoints, 1ULL << docker);
	CU_ASSERT_EQUAL(p.rules[3].match, SF_MATCH_GID);
	policy_free(&p);
	diag_free(&diags);
	free(text);
}

static void an_explicit_missing_file_is_an_error(void)
{
	struct policy policy;
	struct diag_list diags;
	char *source;

	CU_ASSERT_EQUAL(policy_source_load(MISSING, true, &policy, &diags, &source), -ENOENT);
	CU_ASSERT_STRING_EQUAL(source, MISSING);
	CU_ASSERT_EQUAL(diags.errors, 1);
	policy_free(&policy);
	diag_free(&diags);
	free(source);
}

int register_policy_source_tests(void)
{
	static const struct unit_test tests[] = {
		{ "default policy is valid", default_policy_is_valid },
		{ "default policy says what the docs say", default_policy_says_what_the_docs_say },
		{ "an explicit missing file is an error", an_explicit_missing_file_is_an_error },
		{ 0 },
	};

	return unit_add_suite("policy_source", NULL, NULL, tests);
}
