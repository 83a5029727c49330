// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* open_memstream */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "unit.h"

#define ENDPOINTS                                                                                  \
	"endpoints:\n"                                                                             \
	"  docker: { unix: /var/run/docker.sock }\n"                                               \
	"  containerd: { unix: /run/containerd/containerd.sock }\n"                                \
	"rules:\n"

/* Parses a valid policy, lints it and compares every diagnostic printed. */
static void expect_lint(const char *text, const char *want, unsigned int line)
{
	struct diag_list diags;
	struct policy policy;
	char buf[1024], *got = NULL;
	size_t len = 0;
	FILE *f;
	bool same;

	diag_init(&diags, "p.yaml");
	CU_assertImplementation(policy_parse(text, strlen(text), &policy, &diags) == 0, line,
				"policy parses", __FILE__, "", CU_TRUE);
	policy_lint(&policy, &diags);
	f = open_memstream(&got, &len);
	for (size_t i = 0; f && i < diags.count; i++) {
		diag_format(&diags, i, buf, sizeof(buf));
		fprintf(f, "%s%s", i ? "\n" : "", buf);
	}
	if (f)
		fclose(f);
	same = got && !strcmp(got, want);
	if (!same)
		fprintf(stderr, "\n%s:%u: warnings differ\n--- want\n%s\n--- got\n%s\n", __FILE__,
			line, want, got ? got : "(null)");
	CU_assertImplementation(same, line, "warnings as expected", __FILE__, "", CU_FALSE);
	CU_assertImplementation(diags.errors == 0, line, "no errors", __FILE__, "", CU_FALSE);
	free(got);
	policy_free(&policy);
	diag_free(&diags);
}

#define EXPECT_LINT(text, want) expect_lint(text, want, __LINE__)

static void warns_about_a_shadowed_rule(void)
{
	EXPECT_LINT(ENDPOINTS "  - { action: allow, endpoint: [docker, containerd] }\n"
			      "  - { action: deny, endpoint: docker, from: container, uid: 0 }\n",
		    "p.yaml:6:5: warning: rule 2 can never match: rule 1 (line 5) already matches "
		    "every connect it would (remove or reorder it)");
}

static void names_only_the_first_shadowing_rule(void)
{
	EXPECT_LINT(ENDPOINTS
		    "  - { action: deny, endpoint: docker, from: container }\n"
		    "  - { action: allow, endpoint: containerd }\n"
		    "  - action: deny\n"
		    "    endpoint: docker\n"
		    "    from: any\n"
		    "  - { action: allow, endpoint: docker, from: container, user: root }\n",
		    "p.yaml:10:5: warning: rule 4 can never match: rule 1 (line 5) already matches "
		    "every connect it would (remove or reorder it)");
}

#define TCP_ENDPOINT "endpoints:\n  api: { tcp: 2375 }\nrules:\n"

static void compares_origins(void)
{
	/* A rule for host callers does not hide one for containers... */
	EXPECT_LINT(ENDPOINTS
		    "  - { action: allow, endpoint: [docker, containerd], from: host }\n"
		    "  - { action: deny, endpoint: [docker, containerd], from: container }\n",
		    "");
	/* ...but one for any caller hides both, and equal origins hide each other. */
	EXPECT_LINT(ENDPOINTS "  - { action: allow, endpoint: [docker, containerd], from: host }\n"
			      "  - { action: deny, endpoint: [docker, containerd], from: host }\n",
		    "p.yaml:6:5: warning: rule 2 can never match: rule 1 (line 5) already matches "
		    "every connect it would (remove or reorder it)");
}

static void compares_sources(void)
{
	/* Disjoint prefixes, or a wider one after a narrower one: no warning. */
	EXPECT_LINT(TCP_ENDPOINT
		    "  - { action: allow, endpoint: api, from: remote, source: 10.1.0.0/16 }\n"
		    "  - { action: deny, endpoint: api, from: remote, source: 10.2.0.0/16 }\n"
		    "  - { action: deny, endpoint: api, from: remote, source: 10.0.0.0/8 }\n",
		    "");
	/* Inside an earlier prefix, or any source after from: remote: hidden. */
	EXPECT_LINT(TCP_ENDPOINT
		    "  - { action: allow, endpoint: api, from: remote, source: [10.0.0.0/8, "
		    "\"2001:db8::/32\"] }\n"
		    "  - { action: deny, endpoint: api, from: remote, source: [10.9.0.0/16, "
		    "\"2001:db8:1::/48\"] }\n",
		    "p.yaml:5:5: warning: rule 2 can never match: rule 1 (line 4) already matches "
		    "every connect it would (remove or reorder it)");
	EXPECT_LINT(TCP_ENDPOINT
		    "  - { action: deny, endpoint: api }\n"
		    "  - { action: allow, endpoint: api, from: remote, source: 10.0.0.1 }\n",
		    "p.yaml:5:5: warning: rule 2 can never match: rule 1 (line 4) already matches "
		    "every connect it would (remove or reorder it)");
}

static void compares_uids_and_gids(void)
{
	/* Different values, or a constraint the later rule does not have: no warning. */
	EXPECT_LINT(ENDPOINTS "  - { action: allow, endpoint: [docker, containerd], uid: 0 }\n"
			      "  - { action: allow, endpoint: docker, uid: 1 }\n"
			      "  - { action: allow, endpoint: docker }\n"
			      "  - { action: allow, endpoint: containerd, gid: 5 }\n"
			      "  - { action: allow, endpoint: containerd, gid: 6, uid: 7 }\n",
		    "");
	EXPECT_LINT(ENDPOINTS
		    "  - { action: allow, endpoint: [docker, containerd], user: root, gid: 5 }\n"
		    "  - { action: allow, endpoint: containerd, uid: 0, group: 5, from: host }\n",
		    "p.yaml:6:5: warning: rule 2 can never match: rule 1 (line 5) already matches "
		    "every connect it would (remove or reorder it)");
}

static void needs_every_endpoint_covered(void)
{
	EXPECT_LINT(ENDPOINTS "  - { action: deny, endpoint: docker }\n"
			      "  - { action: allow, endpoint: [docker, containerd] }\n",
		    "");
}

static void warns_about_unused_endpoints(void)
{
	EXPECT_LINT("endpoints:\n"
		    "  docker: { unix: /var/run/docker.sock }\n"
		    "  spare: { tcp: 2375 }\n",
		    "p.yaml:2:3: warning: endpoint 'docker' is not named by any rule (only the "
		    "default action, deny, applies to it)\n"
		    "p.yaml:3:3: warning: endpoint 'spare' is not named by any rule (only the "
		    "default action, deny, applies to it)");
	EXPECT_LINT("default: allow\n" ENDPOINTS "  - { action: deny, endpoint: docker }\n",
		    "p.yaml:4:3: warning: endpoint 'containerd' is not named by any rule (only the "
		    "default action, allow, applies to it)");
}

static void is_quiet_about_a_clean_policy(void)
{
	EXPECT_LINT("mode: enforce\n" ENDPOINTS
		    "  - { action: deny, endpoint: [docker, containerd], from: container }\n"
		    "  - { action: allow, endpoint: docker, user: root }\n"
		    "  - { action: allow, endpoint: [docker, containerd], group: nogroup }\n"
		    "  - { action: deny, endpoint: containerd, from: host }\n",
		    "");
}

int register_policy_lint_tests(void)
{
	static const struct unit_test tests[] = {
		{ "warns about a shadowed rule", warns_about_a_shadowed_rule },
		{ "names only the first shadowing rule", names_only_the_first_shadowing_rule },
		{ "compares origins", compares_origins },
		{ "compares source prefixes", compares_sources },
		{ "compares uids and gids", compares_uids_and_gids },
		{ "needs every endpoint covered", needs_every_endpoint_covered },
		{ "warns about unused endpoints", warns_about_unused_endpoints },
		{ "is quiet about a clean policy", is_quiet_about_a_clean_policy },
		{ 0 },
	};

	return unit_add_suite("policy_lint", NULL, NULL, tests);
}
