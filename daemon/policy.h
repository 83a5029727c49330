/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The policy as the user wrote it, validated: what the parser produces and
 * the compiler consumes. Knows nothing of YAML or of BPF maps.
 */
#ifndef SOCKFENCE_POLICY_H
#define SOCKFENCE_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "sockfence.h"

#define POLICY_DEFAULT_PATH "/etc/sockfence/policy.yaml"

/* policy.backend when the policy leaves the choice to sockfence. */
#define POLICY_BACKEND_AUTO 0 /* else an enum sf_backend */

/*
 * The uid or gid of an allow rule whose user or group does not exist:
 * (uid_t)-1 is no one's id, so the rule matches no caller.
 */
#define POLICY_ID_NONE 0xffffffffu

/*
 * What the daemon does with connections to protected endpoints that exist
 * when it starts or reloads (made before the hooks ran, or allowed by an
 * older generation): it always lists them; close also closes the TCP ones
 * the policy refuses.
 */
enum policy_existing {
	POLICY_EXISTING_REPORT = 0,
	POLICY_EXISTING_CLOSE = 1,
};

/* policy_rule.mode when the rule has no mode of its own. */
#define POLICY_MODE_INHERIT 0xff

struct policy_endpoint {
	char *name;
	struct diag_pos pos; /* of the name */
	char **paths;	     /* unix socket paths, absolute */
	struct diag_pos *path_pos;
	size_t n_paths;
	uint16_t *ports; /* TCP ports */
	size_t n_ports;
	char **abstracts; /* abstract unix socket names: "@name" or "@prefix*" */
	struct diag_pos *abstract_pos;
	size_t n_abstracts;
};

struct policy_rule {
	struct diag_pos pos; /* of the rule's first key */
	uint8_t action;	     /* enum sf_action */
	uint8_t mode;	     /* enum sf_mode, or POLICY_MODE_INHERIT */
	uint8_t origin;	     /* enum sf_origin; SF_ORIGIN_ANY when not given */
	uint64_t endpoints;  /* bit i set: policy.endpoints[i] */
	uint32_t match;	     /* enum sf_match bits of the fields given */
	uint32_t uid;	     /* SF_MATCH_UID */
	uint32_t gid;	     /* SF_MATCH_GID */
	char *exe;	     /* SF_MATCH_EXE: absolute path, resolved when compiled */
	struct diag_pos exe_pos;
	char *cgroup; /* SF_MATCH_CGROUP: path below the cgroup v2 root */
	struct diag_pos cgroup_pos;
	char container[SF_CONTAINER_ID_LEN + 1];	   /* SF_MATCH_CONTAINER: hex prefix */
	struct sf_source sources[SF_MAX_SOURCES_PER_RULE]; /* SF_MATCH_SOURCE */
	size_t n_sources;
};

struct policy {
	uint8_t mode;		      /* enum sf_mode; enforce when not given */
	uint8_t default_action;	      /* enum sf_action; deny when not given */
	uint8_t backend;	      /* POLICY_BACKEND_AUTO or an enum sf_backend */
	uint8_t allow_degraded;	      /* run even where the backend cannot enforce everything */
	uint8_t existing_connections; /* enum policy_existing: what start and reload do */
	uint8_t exposure;	      /* enum sf_exposure; audit when not given */
	struct diag_pos backend_pos;
	struct policy_endpoint *endpoints;
	size_t n_endpoints;
	struct policy_rule *rules;
	size_t n_rules;
	char sha256[65]; /* of the text parsed, lower-case hex: which file is in force */
};

/*
 * Parses and validates a policy from YAML text. Every problem found is added
 * to diags (errors and warnings, all of them in one pass, with positions).
 * Returns 0 when there is no error (the policy is filled, warnings may have
 * been added), -EINVAL when diags holds at least one error (the policy is
 * left empty). User and group names are resolved here (getpwnam/getgrnam).
 */
int policy_parse(const char *text, size_t len, struct policy *policy, struct diag_list *diags);

/*
 * Reads path and parses it; diags must have been initialised with the name
 * to print. Returns -errno (and one diagnostic at 0:0 saying why) when the
 * file cannot be read.
 */
int policy_parse_file(const char *path, struct policy *policy, struct diag_list *diags);

/* Warnings about a valid policy: shadowed rules, endpoints no rule names. */
void policy_lint(const struct policy *policy, struct diag_list *diags);

void policy_free(struct policy *policy);

#endif /* SOCKFENCE_POLICY_H */
