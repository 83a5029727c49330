/* SPDX-License-Identifier: GPL-2.0-only */
/* Where the policy comes from: a file, or the built-in default. */
#ifndef SOCKFENCE_POLICY_SOURCE_H
#define SOCKFENCE_POLICY_SOURCE_H

#include <stdbool.h>

#include "policy.h"

/* The shipped etc/sockfence/policy.yaml, embedded at build time. */
extern const char sf_default_policy[];

#define POLICY_BUILTIN_NAME "built-in default policy"

/*
 * Parses path. When explicit is false and path does not exist, parses the
 * built-in default instead. diags is initialised here with the name that
 * was read; *source_out (malloc'd) says the same for logs.
 */
int policy_source_load(const char *path, bool explicit, struct policy *policy,
		       struct diag_list *diags, char **source_out);

#endif /* SOCKFENCE_POLICY_SOURCE_H */
