// SPDX-License-Identifier: GPL-2.0-only
/* The identity match fields: exe, container, cgroup, parsed and compiled. */
#include <linux/types.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "policy.h"
#include "policy_compile.h"
#include "policy_print.h"
#include "unit.h"

#define HEAD "endpoints: { docker: { unix: /nonexistent/docker.sock } }\nrules:\n"

static struct sf_policy compiled;

/* Parses text; returns the diagnostics as lines joined by '\n'. */
static char *parse(const char *text, struct policy *p, int *err)
{
	static char out[4096];
	struct diag_list diags;
	size_t used = 0;

	diag_init(&diags, "p.yaml");
	*err = policy_parse(text, strlen(text), p, &diags);
	out[0] = '\0';
	for (size_t i = 0; i < diags.count && used < sizeof(out); i++) {
		char line[1024];

		diag_format(&diags, i, line, sizeof(line));
		used += snprintf(out + used, sizeof(out) - used, "%s%s", i ? "\n" : "", line);
	}
	diag_free(&diags);
	return out;
}

static void parses_the_identity_fields(void)
{
	struct policy p;
	int err;

	parse(HEAD "  - { action: allow, endpoint: docker, exe: /usr/bin/docker,\n"
		   "      container: 3f2a9c0123ab, cgroup: /system.slice/portainer.service }\n",
	      &p, &err);
	CU_ASSERT_EQUAL_FATAL(err, 0);
	CU_ASSERT_EQUAL(p.rules[0].match, SF_MATCH_EXE | SF_MATCH_CONTAINER | SF_MATCH_CGROUP);
	CU_ASSERT_STRING_EQUAL(p.rules[0].exe, "/usr/bin/docker");
	CU_ASSERT_STRING_EQUAL(p.rules[0].container, "3f2a9c0123ab");
	CU_ASSERT_STRING_EQUAL(p.rules[0].cgroup, "system.slice/portainer.service");
	policy_free(&p);
}

/* sockfence check prints who a rule is for: a narrowed rule never reads as anyone. */
static void check_table_names_who_a_rule_matches(void)
{
	struct policy p;
	char who[512];
	int err;

	parse(HEAD "  - { action: allow, endpoint: docker, exe: /usr/bin/docker,\n"
		   "      container: 3f2a9c0123ab, cgroup: /system.slice/portainer.service }\n"
		   "  - { action: allow, endpoint: docker, uid: 0, gid: 999 }\n"
		   "  - { action: allow, endpoint: docker, group: no-such-group-here }\n"
		   "  - { action: deny, endpoint: docker }\n",
	      &p, &err);
	CU_ASSERT_EQUAL_FATAL(err, 0);
	policy_rule_who(&p.rules[0], who, sizeof(who));
	CU_ASSERT_STRING_EQUAL(who, "exe=/usr/bin/docker container=3f2a9c0123ab "
				    "cgroup=system.slice/portainer.service");
	policy_rule_who(&p.rules[1], who, sizeof(who));
	CU_ASSERT_STRING_EQUAL(who, "uid=0 gid=999");
	policy_rule_who(&p.rules[2], who, sizeof(who));
	CU_ASSERT_STRING_EQUAL(who, "gid=none(no such group: matches no one)");
	policy_rule_who(&p.rules[3], who, sizeof(who));
	CU_ASSERT_STRING_EQUAL(who, "anyone");
	policy_free(&p);
}

static void rejects_bad_identity_fields(void)
{
	struct policy p;
	int err;
	const char *out =
		parse(HEAD "  - { action: allow, endpoint: docker, exe: docker }\n"
			   "  - { action: allow, endpoint: docker, container: 3f2a9c }\n"
			   "  - { action: allow, endpoint: docker, container: 3F2A9C0123AB }\n"
			   "  - { action: allow, endpoint: docker, cgroup: ../../etc }\n",
		      &p, &err);

	CU_ASSERT_EQUAL(err, -EINVAL);
	CU_ASSERT_STRING_EQUAL(
		out,
		"p.yaml:3:45: error: exe 'docker' in rule 1 is not an absolute path (start it "
		"with '/')\n"
		"p.yaml:4:51: error: container '3f2a9c' in rule 2 is not a container id (give 12 "
		"to 64 lower-case hex digits, e.g. from 'docker ps --no-trunc')\n"
		"p.yaml:5:51: error: container '3F2A9C0123AB' in rule 3 is not a container id "
		"(give 12 to 64 lower-case hex digits, e.g. from 'docker ps --no-trunc')\n"
		"p.yaml:6:48: error: cgroup '../../etc' in rule 4 is not a cgroup path (give it "
		"below the cgroup v2 root, e.g. system.slice/portainer.service, without '..')");
}

static void compiles_exe_to_its_inode(void)
{
	struct stat st;
	struct policy p;
	struct diag_list diags;
	int err;

	CU_ASSERT_FATAL(stat("/bin/sh", &st) == 0);
	parse(HEAD "  - { action: allow, endpoint: docker, exe: /bin/sh }\n"
		   "  - { action: allow, endpoint: docker, exe: /nonexistent/bin }\n",
	      &p, &err);
	CU_ASSERT_EQUAL_FATAL(err, 0);
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL(policy_compile(&p, 1, &compiled, &diags), 0);
	CU_ASSERT_EQUAL(compiled.rules[0].exe_ino, st.st_ino);
	CU_ASSERT_EQUAL(compiled.rules[0].exe_dev, compile_kernel_dev(st.st_dev));
	/* A missing exe matches no caller, and says so. */
	CU_ASSERT_EQUAL(compiled.rules[1].exe_dev, ~0ULL);
	CU_ASSERT_EQUAL(compiled.rules[1].exe_ino, 0);
	CU_ASSERT_EQUAL(diags.warnings, 2); /* the missing exe, the missing socket */
	/* Rules name an executable: the hooks read it before the walk. */
	CU_ASSERT_EQUAL(compiled.unread & SF_UNREAD_EXE, 0);
	diag_free(&diags);
	policy_free(&p);
}

static void compiles_container_prefix(void)
{
	struct policy p;
	struct diag_list diags;
	int err;

	parse(HEAD "  - { action: allow, endpoint: docker, container: 3f2a9c0123ab }\n", &p, &err);
	CU_ASSERT_EQUAL_FATAL(err, 0);
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL(policy_compile(&p, 1, &compiled, &diags), 0);
	CU_ASSERT_EQUAL(compiled.rules[0].container_len, 12);
	CU_ASSERT_EQUAL(memcmp(compiled.rules[0].container, "3f2a9c0123ab", 12), 0);
	/* No rule names an executable or a cgroup: the hooks read them only for a report. */
	CU_ASSERT_EQUAL(compiled.unread, SF_UNREAD_EXE | SF_UNREAD_CGROUPS);
	diag_free(&diags);
	policy_free(&p);
}

static void unresolved_cgroup_matches_nothing(void)
{
	struct policy p;
	struct diag_list diags;
	int err;

	parse(HEAD "  - { action: allow, endpoint: docker, cgroup: no/such/cgroup.scope }\n", &p,
	      &err);
	CU_ASSERT_EQUAL_FATAL(err, 0);
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL(policy_compile(&p, 1, &compiled, &diags), 0);
	CU_ASSERT_EQUAL(compiled.rules[0].cgroup_id, 0);
	CU_ASSERT_EQUAL(diags.warnings, 2);
	/* A rule names a cgroup: the hooks walk the caller's ancestry for it. */
	CU_ASSERT_EQUAL(compiled.unread & SF_UNREAD_CGROUPS, 0);
	diag_free(&diags);
	policy_free(&p);
}

int register_policy_identity_tests(void)
{
	static const struct unit_test tests[] = {
		{ "parses the identity fields", parses_the_identity_fields },
		{ "check table names who a rule matches", check_table_names_who_a_rule_matches },
		{ "rejects bad identity fields", rejects_bad_identity_fields },
		{ "compiles exe to its inode", compiles_exe_to_its_inode },
		{ "compiles a container prefix", compiles_container_prefix },
		{ "an unresolved cgroup matches nothing", unresolved_cgroup_matches_nothing },
		{ 0 },
	};

	return unit_add_suite("policy_identity", NULL, NULL, tests);
}
