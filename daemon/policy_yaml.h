/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A parsed policy written back as the YAML the parser reads: what
 * `sockfence learn` proposes, and the rules it compares with --diff.
 */
#ifndef SOCKFENCE_POLICY_YAML_H
#define SOCKFENCE_POLICY_YAML_H

#include <stdbool.h>
#include <stdio.h>

#include "policy.h"

/*
 * One rule of p as a YAML flow mapping, "{ action: allow, endpoint: docker,
 * from: host, user: root }", into out. numeric_ids: uid and gid as numbers
 * (one spelling, for comparing); else the user or group name where this
 * host has one.
 */
void policy_yaml_rule(const struct policy *p, const struct policy_rule *r, bool numeric_ids,
		      char *out, size_t len);

/* The top-level settings of p (mode, default, and those it sets otherwise than the default). */
void policy_yaml_settings(const struct policy *p, FILE *out);

/* The endpoints: mapping of p, one endpoint a line. */
void policy_yaml_endpoints(const struct policy *p, FILE *out);

#endif /* SOCKFENCE_POLICY_YAML_H */
