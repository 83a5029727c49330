// SPDX-License-Identifier: GPL-2.0-only
#include "policy_source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int policy_source_load(const char *path, bool explicit, struct policy *policy,
		       struct diag_list *diags, char **source_out)
{
	bool builtin = !explicit && access(path, F_OK) != 0 && errno == ENOENT;
	const char *name = builtin ? POLICY_BUILTIN_NAME : path;

	diag_init(diags, name);
	*source_out = strdup(name);
	if (!*source_out)
		return -ENOMEM;
	if (builtin)
		return policy_parse(sf_default_policy, strlen(sf_default_policy), policy, diags);
	return policy_parse_file(path, policy, diags);
}
