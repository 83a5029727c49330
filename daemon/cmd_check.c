// SPDX-License-Identifier: GPL-2.0-only
/* sockfence check [FILE]: validate and show the compiled policy, no kernel. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "backend.h"
#include "policy_compile.h"
#include "policy_print.h"
#include "policy_source.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sockfence check [FILE]\n"
		"Validate a policy (default %s, or the built-in default when that\n"
		"file does not exist) and print its compiled rule table. Needs no root\n"
		"and does not touch the kernel.\n"
		"Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error or\n"
		"unreadable file.\n",
		POLICY_DEFAULT_PATH);
}

int cmd_check(int argc, char **argv)
{
	const char *path = POLICY_DEFAULT_PATH;
	struct policy policy = { 0 };
	struct sf_policy *compiled;
	struct diag_list diags;
	char *source = NULL;
	int err, status = command_args_file(argc, argv, usage);

	if (status != COMMAND_GO_ON)
		return status;
	if (argc == 2)
		path = argv[1];
	compiled = calloc(1, sizeof(*compiled));
	if (!compiled)
		return 2;
	err = policy_source_load(path, argc == 2, &policy, &diags, &source);
	if (!err) {
		policy_lint(&policy, &diags);
		err = policy_compile(&policy, 1, compiled, &diags);
	}
	if (!err && policy.backend == SF_BACKEND_CGROUP) {
		/* What `run` would refuse on this kernel; auto decides only at run time. */
		struct backend cgroup = { .kind = SF_BACKEND_CGROUP, .cgroup_is_root = true };

		cgroup.unix_attach_type = backend_unix_connect_type();
		err = backend_check_policy(&cgroup, &policy, compiled, &diags);
	}
	diag_print(&diags, stderr);
	if (err == -EINVAL) {
		fprintf(stderr, "%s: invalid: %zu errors, %zu warnings\n", source, diags.errors,
			diags.warnings);
		status = 1;
	} else if (err) {
		status = 2;
	} else {
		printf("%s: valid, %zu warnings\n", source, diags.warnings);
		policy_print_table(stdout, &policy, compiled);
		status = 0;
	}
	policy_free(&policy);
	diag_free(&diags);
	free(compiled);
	free(source);
	return status;
}
