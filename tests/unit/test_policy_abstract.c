// SPDX-License-Identifier: GPL-2.0-only
/* Abstract socket names: from the policy file to the kernel side's search. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "decide.h"
#include "policy_compile.h"
#include "unit.h"

static const char policy_text[] =
	"endpoints:\n"
	"  shim: { unix: ['@/containerd-shim/*', '@/containerd-shim/x'] }\n"
	"  other: { unix: ['@other', '@o*'] }\n"
	"rules:\n"
	"  - { action: allow, endpoint: shim, uid: root }\n";

static int compile_text(const char *text, struct sf_policy *out, struct diag_list *diags)
{
	struct policy policy = { 0 };
	int err;

	diag_init(diags, "p.yaml");
	err = policy_parse(text, strlen(text), &policy, diags);
	if (!err)
		err = policy_compile(&policy, 1, out, diags);
	policy_free(&policy);
	return err;
}

static void matches_names_and_prefixes(void)
{
	struct sf_policy *p = calloc(1, sizeof(*p));
	struct diag_list diags;
	struct stat netns;
	int found;

	CU_ASSERT_EQUAL_FATAL(compile_text(policy_text, p, &diags), 0);
	CU_ASSERT_EQUAL(diags.errors, 0);
	CU_ASSERT_EQUAL(p->n_unix_abstract, 4);
	CU_ASSERT_EQUAL(stat("/proc/self/ns/net", &netns), 0);
	CU_ASSERT_EQUAL(p->host_netns, (__u32)netns.st_ino);
	/* Exact beats prefix; then the longest prefix. */
	found = sf_find_abstract(p, "/containerd-shim/x");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_STRING_EQUAL(p->unix_abstract[found].name, "@/containerd-shim/x");
	found = sf_find_abstract(p, "/containerd-shim/moby/abc/shim.sock");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_STRING_EQUAL(p->unix_abstract[found].name, "@/containerd-shim/*");
	CU_ASSERT_EQUAL(p->unix_abstract[found].endpoint_id, 0);
	found = sf_find_abstract(p, "other");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_STRING_EQUAL(p->unix_abstract[found].name, "@other");
	found = sf_find_abstract(p, "otter");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_STRING_EQUAL(p->unix_abstract[found].name, "@o*");
	/* A prefix is not the name itself shortened, nor longer than the name. */
	CU_ASSERT_EQUAL(sf_find_abstract(p, "/containerd-shim"), -1);
	CU_ASSERT_EQUAL(sf_find_abstract(p, "x/containerd-shim/a"), -1);
	CU_ASSERT_EQUAL(sf_find_abstract(p, "@o"), -1);
	diag_free(&diags);
	free(p);
}

static void refuses_bad_names(void)
{
	struct sf_policy *p = calloc(1, sizeof(*p));
	struct diag_list diags;
	char line[512];

	CU_ASSERT_EQUAL(compile_text("endpoints:\n  a: { unix: ['@'] }\n", p, &diags), -EINVAL);
	diag_format(&diags, 0, line, sizeof(line));
	CU_ASSERT_PTR_NOT_NULL(strstr(
		line, "p.yaml:2:15: error: abstract socket name '@' in endpoint 'a' is empty"));
	diag_free(&diags);
	CU_ASSERT_EQUAL(compile_text("endpoints:\n  a: { unix: ['@*'] }\n", p, &diags), -EINVAL);
	diag_free(&diags);
	CU_ASSERT_EQUAL(compile_text("endpoints:\n  a: { unix: ['@x'] }\n  b: { unix: ['@x'] }\n",
				     p, &diags),
			-EINVAL);
	diag_format(&diags, 0, line, sizeof(line));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "is already given in endpoint 'a'"));
	diag_free(&diags);
	/* More prefix lengths than the kernel side records. */
	CU_ASSERT_EQUAL(compile_text("endpoints:\n  a: { unix: ['@a*', '@bb*', '@ccc*', '@dddd*', "
				     "'@eeeee*'] }\n",
				     p, &diags),
			-EINVAL);
	diag_format(&diags, 0, line, sizeof(line));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "prefixes of more than 4 lengths"));
	diag_free(&diags);
	free(p);
}

int register_policy_abstract_tests(void)
{
	static const struct unit_test tests[] = {
		{ "names and prefixes", matches_names_and_prefixes },
		{ "bad names", refuses_bad_names },
		{ 0 },
	};

	return unit_add_suite("policy_abstract", NULL, NULL, tests);
}
