/* SPDX-License-Identifier: GPL-2.0-only */
/* The compiled policy as a table a person can check (sockfence check). */
#ifndef SOCKFENCE_POLICY_PRINT_H
#define SOCKFENCE_POLICY_PRINT_H

#include <stdio.h>

#include "policy.h"

/* "docker,containerd": the names of the endpoints in mask, into out. */
void policy_endpoint_list(const struct sf_policy *compiled, __u64 mask, char *out, size_t len);

/*
 * Who a rule matches, as the policy names them ("uid=0 exe=/usr/bin/docker
 * ..."), or "anyone" for a rule that names no one, into out.
 */
void policy_rule_who(const struct policy_rule *rule, char *out, size_t len);

void policy_print_table(FILE *out, const struct policy *policy, const struct sf_policy *compiled);

#endif /* SOCKFENCE_POLICY_PRINT_H */
