// SPDX-License-Identifier: GPL-2.0-only
/* The hook table against the BPF object it describes and the docs. */
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "sockfence.skel.h"
#include "unit.h"

static void ids_and_names_are_unique(void)
{
	for (size_t i = 0; i < SF_HOOK_COUNT; i++) {
		CU_ASSERT_PTR_EQUAL(hook_by_id(hooks[i].id), &hooks[i]);
		for (size_t j = i + 1; j < SF_HOOK_COUNT; j++) {
			CU_ASSERT_NOT_EQUAL(hooks[i].id, hooks[j].id);
			CU_ASSERT_STRING_NOT_EQUAL(hooks[i].name, hooks[j].name);
		}
	}
	CU_ASSERT_PTR_NULL(hook_by_id(0));
	CU_ASSERT_STRING_EQUAL(hook_name(0), "unknown");
	CU_ASSERT_STRING_EQUAL(hook_name(SF_HOOK_SOCKET_CONNECT), "socket_connect");
}

static enum bpf_prog_type type_of(enum sf_backend backend)
{
	switch (backend) {
	case SF_BACKEND_LSM:
		return BPF_PROG_TYPE_LSM;
	case SF_BACKEND_FMODRET:
		return BPF_PROG_TYPE_TRACING;
	default:
		return BPF_PROG_TYPE_CGROUP_SOCK_ADDR;
	}
}

/* Every row has its program, of its backend's type, and every program a row. */
static void table_matches_the_object(void)
{
	struct sockfence_bpf *skel = sockfence_bpf__open();
	struct bpf_program *prog;
	size_t programs = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(skel);
	for (size_t i = 0; i < SF_HOOK_COUNT; i++) {
		prog = bpf_object__find_program_by_name(skel->obj, hooks[i].program);
		CU_ASSERT_PTR_NOT_NULL(prog);
		if (prog)
			CU_ASSERT_EQUAL(bpf_program__type(prog), type_of(hooks[i].backend));
		/* fmod_ret programs must modify the return, never only watch it. */
		if (prog && hooks[i].backend == SF_BACKEND_FMODRET)
			CU_ASSERT_EQUAL(bpf_program__expected_attach_type(prog), BPF_MODIFY_RETURN);
	}
	bpf_object__for_each_program (prog, skel->obj) {
		bool listed = false;

		for (size_t i = 0; i < SF_HOOK_COUNT; i++)
			listed |= strcmp(bpf_program__name(prog), hooks[i].program) == 0;
		if (!listed)
			fprintf(stderr, "program %s has no row in SF_HOOK_TABLE\n",
				bpf_program__name(prog));
		CU_ASSERT_TRUE(listed);
		programs++;
	}
	CU_ASSERT_EQUAL(programs, SF_HOOK_COUNT);
	sockfence_bpf__destroy(skel);
}

static void backends_attach_their_own_hooks(void)
{
	const struct hook *unix_cgroup = hook_by_id(SF_HOOK_CGROUP_CONNECT_UNIX);
	const struct hook *tcp_lsm = hook_by_id(SF_HOOK_SOCKET_CONNECT);

	CU_ASSERT_TRUE(hook_used_by(tcp_lsm, SF_BACKEND_LSM, false));
	CU_ASSERT_FALSE(hook_used_by(tcp_lsm, SF_BACKEND_CGROUP, true));
	CU_ASSERT_TRUE(hook_used_by(unix_cgroup, SF_BACKEND_CGROUP, true));
	CU_ASSERT_FALSE(hook_used_by(unix_cgroup, SF_BACKEND_CGROUP, false)); /* < 6.7 */
	CU_ASSERT_FALSE(hook_used_by(unix_cgroup, SF_BACKEND_LSM, true));
	CU_ASSERT_FALSE(hook_used_by(tcp_lsm, SF_BACKEND_FMODRET, true));
	CU_ASSERT_TRUE(hook_used_by(hook_by_id(SF_HOOK_SECURITY_SOCKET_CONNECT), SF_BACKEND_FMODRET,
				    false));
}

/* docs/events.md names every hook an event can carry (unit tests run at the top). */
static void every_hook_is_documented(void)
{
	FILE *f = fopen("docs/events.md", "re");
	char *doc = NULL;
	size_t len = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_TRUE(getdelim(&doc, &len, '\0', f) > 0);
	fclose(f);
	for (size_t i = 0; doc && i < SF_HOOK_COUNT; i++) {
		char quoted[64];

		snprintf(quoted, sizeof(quoted), "`%s`", hooks[i].name);
		if (!strstr(doc, quoted))
			fprintf(stderr, "docs/events.md does not name hook %s\n", hooks[i].name);
		CU_ASSERT_PTR_NOT_NULL(strstr(doc, quoted));
	}
	free(doc);
}

int register_hooks_tests(void)
{
	static const struct unit_test tests[] = {
		{ "ids and names are unique", ids_and_names_are_unique },
		{ "table matches the BPF object", table_matches_the_object },
		{ "backends attach their own hooks", backends_attach_their_own_hooks },
		{ "every hook is documented", every_hook_is_documented },
		{ 0 },
	};

	return unit_add_suite("hooks", NULL, NULL, tests);
}
