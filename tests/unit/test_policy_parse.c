// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* open_memstream */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy.h"
#include "unit.h"

#define FILE_NAME "p.yaml"

/* Every diagnostic as printed, one a line, no trailing newline. */
static char *joined(const struct diag_list *diags)
{
	char line[1024], *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	for (size_t i = 0; f && i < diags->count; i++) {
		diag_format(diags, i, line, sizeof(line));
		fprintf(f, "%s%s", i ? "\n" : "", line);
	}
	if (f)
		fclose(f);
	return out;
}

static bool policy_is_empty(const struct policy *p)
{
	return !p->endpoints && !p->n_endpoints && !p->rules && !p->n_rules && !p->mode &&
	       !p->default_action;
}

/* Parses text, checks the return value and the exact diagnostics. */
static void expect_diags(const char *text, int want_ret, const char *want, unsigned int line)
{
	struct diag_list diags;
	struct policy policy;
	int ret;
	char *got;
	bool same;

	diag_init(&diags, FILE_NAME);
	ret = policy_parse(text, strlen(text), &policy, &diags);
	got = joined(&diags);
	same = got && !strcmp(got, want);
	if (!same)
		fprintf(stderr, "\n%s:%u: diagnostics differ\n--- want\n%s\n--- got\n%s\n",
			__FILE__, line, want, got ? got : "(null)");
	CU_assertImplementation(same, line, "diagnostics as expected", __FILE__, "", CU_FALSE);
	CU_assertImplementation(ret == want_ret, line, "return value", __FILE__, "", CU_FALSE);
	if (ret)
		CU_assertImplementation(policy_is_empty(&policy), line, "policy left empty",
					__FILE__, "", CU_FALSE);
	else
		policy_free(&policy);
	free(got);
	diag_free(&diags);
}

#define EXPECT_ERRORS(text, want) expect_diags(text, -EINVAL, want, __LINE__)
#define EXPECT_VALID(text)	  expect_diags(text, 0, "", __LINE__)

/* A valid policy, the rules given after it. */
#define ENDPOINTS                                                                                  \
	"endpoints:\n"                                                                             \
	"  docker: { unix: [/var/run/docker.sock, /run/docker.sock] }\n"                           \
	"  docker-tcp: { tcp: 2375 }\n"

static int parse_ok(const char *text, struct policy *policy)
{
	struct diag_list diags;
	int ret;

	diag_init(&diags, FILE_NAME);
	ret = policy_parse(text, strlen(text), policy, &diags);
	if (diags.count) {
		char *got = joined(&diags);

		fprintf(stderr, "\nunexpected diagnostics:\n%s\n", got);
		free(got);
	}
	CU_ASSERT_EQUAL(diags.count, 0);
	diag_free(&diags);
	return ret;
}

static void parses_a_full_policy(void)
{
	static const char text[] =
		"mode: audit\n"
		"default: allow\n"
		"endpoints:\n"
		"  docker: { unix: [/var/run/docker.sock, /run/docker.sock] }\n"
		"  containerd:\n"
		"    unix: /run/containerd/containerd.sock\n"
		"  docker-tcp: { tcp: [2375, 2376] }\n"
		"rules:\n"
		"  - { action: deny, endpoint: [docker, containerd], from: container }\n"
		"  - action: allow\n"
		"    endpoint: docker\n"
		"    uid: 1000\n"
		"    gid: 998\n"
		"    from: host\n"
		"    mode: enforce\n"
		"  - { action: deny, endpoint: docker-tcp, from: any, mode: audit }\n";
	struct policy p;
	const struct policy_rule *r;

	CU_ASSERT_EQUAL_FATAL(parse_ok(text, &p), 0);
	CU_ASSERT_EQUAL(p.mode, SF_MODE_AUDIT);
	CU_ASSERT_EQUAL(p.default_action, SF_ACTION_ALLOW);
	CU_ASSERT_EQUAL_FATAL(p.n_endpoints, 3);
	CU_ASSERT_STRING_EQUAL(p.endpoints[0].name, "docker");
	CU_ASSERT_EQUAL(p.endpoints[0].pos.line, 4);
	CU_ASSERT_EQUAL(p.endpoints[0].pos.col, 3);
	CU_ASSERT_EQUAL_FATAL(p.endpoints[0].n_paths, 2);
	CU_ASSERT_STRING_EQUAL(p.endpoints[0].paths[0], "/var/run/docker.sock");
	CU_ASSERT_STRING_EQUAL(p.endpoints[0].paths[1], "/run/docker.sock");
	CU_ASSERT_EQUAL(p.endpoints[0].path_pos[1].line, 4);
	CU_ASSERT_EQUAL(p.endpoints[0].path_pos[1].col, 42);
	CU_ASSERT_EQUAL(p.endpoints[0].n_ports, 0);
	CU_ASSERT_STRING_EQUAL(p.endpoints[1].name, "containerd");
	CU_ASSERT_EQUAL_FATAL(p.endpoints[1].n_paths, 1);
	CU_ASSERT_STRING_EQUAL(p.endpoints[1].paths[0], "/run/containerd/containerd.sock");
	CU_ASSERT_STRING_EQUAL(p.endpoints[2].name, "docker-tcp");
	CU_ASSERT_EQUAL(p.endpoints[2].n_paths, 0);
	CU_ASSERT_EQUAL_FATAL(p.endpoints[2].n_ports, 2);
	CU_ASSERT_EQUAL(p.endpoints[2].ports[0], 2375);
	CU_ASSERT_EQUAL(p.endpoints[2].ports[1], 2376);

	CU_ASSERT_EQUAL_FATAL(p.n_rules, 3);
	r = &p.rules[0];
	CU_ASSERT_EQUAL(r->pos.line, 9);
	CU_ASSERT_EQUAL(r->pos.col, 5);
	CU_ASSERT_EQUAL(r->action, SF_ACTION_DENY);
	CU_ASSERT_EQUAL(r->endpoints, 0x3);
	CU_ASSERT_EQUAL(r->origin, SF_ORIGIN_CONTAINER);
	CU_ASSERT_EQUAL(r->match, 0);
	CU_ASSERT_EQUAL(r->mode, POLICY_MODE_INHERIT);
	r = &p.rules[1];
	CU_ASSERT_EQUAL(r->pos.line, 10);
	CU_ASSERT_EQUAL(r->pos.col, 5);
	CU_ASSERT_EQUAL(r->action, SF_ACTION_ALLOW);
	CU_ASSERT_EQUAL(r->endpoints, 0x1);
	CU_ASSERT_EQUAL(r->origin, SF_ORIGIN_HOST);
	CU_ASSERT_EQUAL(r->match, SF_MATCH_UID | SF_MATCH_GID);
	CU_ASSERT_EQUAL(r->uid, 1000);
	CU_ASSERT_EQUAL(r->gid, 998);
	CU_ASSERT_EQUAL(r->mode, SF_MODE_ENFORCE);
	r = &p.rules[2];
	CU_ASSERT_EQUAL(r->endpoints, 0x4);
	CU_ASSERT_EQUAL(r->origin, SF_ORIGIN_ANY);
	CU_ASSERT_EQUAL(r->match, 0);
	CU_ASSERT_EQUAL(r->mode, SF_MODE_AUDIT);
	policy_free(&p);
	CU_ASSERT_TRUE(policy_is_empty(&p));
}

static void applies_the_defaults(void)
{
	struct policy p;

	CU_ASSERT_EQUAL_FATAL(
		parse_ok("endpoints: { docker: { unix: /var/run/docker.sock } }\n", &p), 0);
	CU_ASSERT_EQUAL(p.mode, SF_MODE_ENFORCE);
	CU_ASSERT_EQUAL(p.default_action, SF_ACTION_DENY);
	CU_ASSERT_EQUAL(p.n_endpoints, 1);
	CU_ASSERT_EQUAL(p.n_rules, 0);
	CU_ASSERT_PTR_NULL(p.rules);
	policy_free(&p);

	CU_ASSERT_EQUAL_FATAL(parse_ok(ENDPOINTS "rules: []\n", &p), 0);
	CU_ASSERT_EQUAL(p.n_rules, 0);
	policy_free(&p);
}

static void resolves_users_and_groups(void)
{
	struct policy p;

	CU_ASSERT_EQUAL_FATAL(parse_ok(ENDPOINTS
				       "rules:\n"
				       "  - { action: allow, endpoint: docker, user: root, "
				       "group: root }\n"
				       "  - { action: allow, endpoint: docker, uid: daemon, "
				       "gid: nogroup }\n"
				       "  - { action: allow, endpoint: docker, user: 0, "
				       "group: 4294967294 }\n",
				       &p),
			      0);
	CU_ASSERT_EQUAL_FATAL(p.n_rules, 3);
	CU_ASSERT_EQUAL(p.rules[0].match, SF_MATCH_UID | SF_MATCH_GID);
	CU_ASSERT_EQUAL(p.rules[0].uid, 0);
	CU_ASSERT_EQUAL(p.rules[0].gid, 0);
	CU_ASSERT_EQUAL(p.rules[1].uid, 1);	/* Debian's fixed uid of daemon */
	CU_ASSERT_EQUAL(p.rules[1].gid, 65534); /* and of nogroup */
	CU_ASSERT_EQUAL(p.rules[2].match, SF_MATCH_UID | SF_MATCH_GID);
	CU_ASSERT_EQUAL(p.rules[2].uid, 0);
	CU_ASSERT_EQUAL(p.rules[2].gid, 4294967294u);
	policy_free(&p);
}

static void accepts_the_limits(void)
{
	char path[256];
	char name[SF_NAME_LEN];

	/* 107 bytes of path, 31 of name, ports 1 and 65535. */
	memset(name, 'a', SF_NAME_LEN - 1);
	name[SF_NAME_LEN - 1] = '\0';
	snprintf(path, sizeof(path), "endpoints:\n  %s: { unix: /%0106d, tcp: [1, 65535] }\n", name,
		 0);
	EXPECT_VALID(path);
	EXPECT_VALID("endpoints: { 0a_.-z: { tcp: 1 } }\n");
}

static void reports_unknown_keys_at_each_level(void)
{
	EXPECT_ERRORS(
		"endpoint: {}\n",
		"p.yaml:1:1: error: unknown key 'endpoint' at the top level (valid keys: mode, "
		"default, backend, allow-degraded, existing-connections, exposure, endpoints, "
		"rules)\n"
		"p.yaml:1:1: error: missing key 'endpoints' at the top level (define the "
		"endpoints to protect, e.g. endpoints: { docker: { unix: /var/run/docker.sock "
		"} })");
	EXPECT_ERRORS("endpoints:\n  docker: { unix: /var/run/docker.sock, path: /x }\n",
		      "p.yaml:2:41: error: unknown key 'path' in endpoint 'docker' (valid keys: "
		      "unix, tcp)");
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n"
			  "  - { action: allow, endpoint: docker }\n"
			  "  - { acton: allow, endpoint: docker }\n",
		"p.yaml:6:5: error: rule 2 has no action (add action: allow or action: "
		"deny)\n"
		"p.yaml:6:7: error: unknown key 'acton' in rule 2 (valid keys: action, "
		"endpoint, from, uid, user, gid, group, mode, exe, container, cgroup, source)");
	EXPECT_ERRORS("endpoints: { d: { tcp: 1 } }\n[a]: 1\n",
		      "p.yaml:2:1: error: a key at the top level is a list (valid keys: mode, "
		      "default, backend, allow-degraded, existing-connections, exposure, "
		      "endpoints, rules)");
}

static void reports_duplicate_keys(void)
{
	EXPECT_ERRORS(ENDPOINTS "mode: audit\nmode: enforce\n",
		      "p.yaml:5:1: error: duplicate key 'mode' at the top level (first given at "
		      "line 4; remove one)");
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n  - { action: allow, endpoint: docker, action: deny }\n",
		"p.yaml:5:40: error: duplicate key 'action' in rule 1 (first given at line 5; "
		"remove one)");
	EXPECT_ERRORS(
		"endpoints:\n  d: { tcp: 1, tcp: 2 }\n",
		"p.yaml:2:16: error: duplicate key 'tcp' in endpoint 'd' (first given at line "
		"2; remove one)");
}

static void reports_wrong_types(void)
{
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n  - { action: { a: b }, endpoint: docker }\n",
		"p.yaml:5:15: error: 'action' in rule 1 is a mapping (expected one of: allow, "
		"deny)");
	EXPECT_ERRORS(ENDPOINTS "mode: [audit]\n",
		      "p.yaml:4:7: error: 'mode' at the top level is a list (expected one of: "
		      "enforce, audit)");
	EXPECT_ERRORS(
		ENDPOINTS "rules: { action: allow }\n",
		"p.yaml:4:8: error: 'rules' at the top level is a mapping (expected a list of "
		"rules; write 'rules: []' for none)");
	EXPECT_ERRORS(ENDPOINTS "rules:\n",
		      "p.yaml:4:7: error: 'rules' at the top level is empty (expected a list of "
		      "rules; write 'rules: []' for none)");
	EXPECT_ERRORS(ENDPOINTS "rules:\n  - allow\n",
		      "p.yaml:5:5: error: rule 1 is a single value (expected a mapping such as { "
		      "action: allow, endpoint: docker })");
	EXPECT_ERRORS("endpoints: [docker]\n",
		      "p.yaml:1:12: error: 'endpoints' at the top level is a list (expected a "
		      "mapping of endpoint names to { unix: ..., tcp: ... })");
	EXPECT_ERRORS("endpoints:\n  docker: /var/run/docker.sock\n",
		      "p.yaml:2:11: error: endpoint 'docker' is a single value (expected a mapping "
		      "with unix and/or tcp)");
	EXPECT_ERRORS("endpoints:\n  docker: { unix: { a: b } }\n",
		      "p.yaml:2:19: error: 'unix' in endpoint 'docker' is a mapping (expected a "
		      "socket path or a list of them)");
	EXPECT_ERRORS("endpoints:\n  docker: { unix: [[/x]] }\n",
		      "p.yaml:2:20: error: an item of 'unix' in endpoint 'docker' is a list "
		      "(expected a socket path)");
	EXPECT_ERRORS(ENDPOINTS "rules:\n  - { action: allow, endpoint: docker, uid: [0] }\n",
		      "p.yaml:5:45: error: 'uid' in rule 1 is a list (expected a uid or a user "
		      "name)");
	EXPECT_ERRORS(ENDPOINTS "rules:\n  - { action: allow, endpoint: { docker: 1 } }\n",
		      "p.yaml:5:32: error: 'endpoint' in rule 1 is a mapping (expected an endpoint "
		      "name or a list of them)");
}

static void reports_bad_words(void)
{
	EXPECT_ERRORS(ENDPOINTS
		      "mode: audti\ndefault: reject\n"
		      "rules:\n"
		      "  - { action: permit, endpoint: docker, from: inside, mode: warn }\n",
		      "p.yaml:4:7: error: invalid mode 'audti' at the top level (use one of: "
		      "enforce, audit)\n"
		      "p.yaml:5:10: error: invalid default 'reject' at the top level (use one of: "
		      "allow, deny)\n"
		      "p.yaml:7:15: error: invalid action 'permit' in rule 1 (use one of: allow, "
		      "deny)\n"
		      "p.yaml:7:47: error: invalid from 'inside' in rule 1 (use one of: any, host, "
		      "container, remote)\n"
		      "p.yaml:7:61: error: invalid mode 'warn' in rule 1 (use one of: enforce, "
		      "audit)");
}

static void reads_remote_rules(void)
{
	const char *text = ENDPOINTS "rules:\n"
				     "  - { action: allow, endpoint: docker-tcp, from: remote,\n"
				     "      source: [10.0.0.0/8, \"2001:db8::/32\", 192.0.2.7] }\n";
	struct diag_list diags;
	struct policy policy;
	const struct policy_rule *r;

	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &policy, &diags), 0);
	r = &policy.rules[0];
	CU_ASSERT_EQUAL(r->origin, SF_ORIGIN_REMOTE);
	CU_ASSERT(r->match & SF_MATCH_SOURCE);
	CU_ASSERT_EQUAL_FATAL(r->n_sources, 3);
	CU_ASSERT_EQUAL(r->sources[0].prefix_len, 104); /* IPv4 as IPv4-mapped */
	CU_ASSERT_EQUAL(r->sources[0].addr[10], 0xff);
	CU_ASSERT_EQUAL(r->sources[0].addr[12], 10);
	CU_ASSERT_EQUAL(r->sources[1].prefix_len, 32);
	CU_ASSERT_EQUAL(r->sources[1].addr[0], 0x20);
	CU_ASSERT_EQUAL(r->sources[2].prefix_len, 128);
	policy_free(&policy);
	diag_free(&diags);
}

static void reports_bad_remote_rules(void)
{
	EXPECT_ERRORS(ENDPOINTS
		      "rules:\n"
		      "  - { action: allow, endpoint: docker-tcp, from: remote, uid: root }\n",
		      "p.yaml:5:58: error: 'uid' in rule 1 cannot match with 'from: remote': the "
		      "kernel cannot know who is on the other end of a remote connection (match it "
		      "by 'source' prefixes)");
	EXPECT_ERRORS(ENDPOINTS "rules:\n"
				"  - { action: allow, endpoint: docker-tcp, source: 10.0.0.0/8 }\n",
		      "p.yaml:5:44: error: 'source' in rule 1 needs 'from: remote' (a source "
		      "address is what a connection from another host has instead of a caller)");
	EXPECT_ERRORS(ENDPOINTS
		      "rules:\n"
		      "  - { action: allow, endpoint: docker-tcp, from: remote,\n"
		      "      source: [10.1.2.3/8, 10.0.0.0/33, fe80::/129, 300.1.1.1, x] }\n",
		      "p.yaml:6:16: error: source '10.1.2.3/8' in rule 1 is not an address prefix "
		      "(give e.g. 192.0.2.0/24, 2001:db8::/32 or one address, with no bits set "
		      "after the prefix)\n"
		      "p.yaml:6:28: error: source '10.0.0.0/33' in rule 1 is not an address "
		      "prefix (give e.g. 192.0.2.0/24, 2001:db8::/32 or one address, with no bits "
		      "set after the prefix)\n"
		      "p.yaml:6:41: error: source 'fe80::/129' in rule 1 is not an address prefix "
		      "(give e.g. 192.0.2.0/24, 2001:db8::/32 or one address, with no bits set "
		      "after the prefix)\n"
		      "p.yaml:6:53: error: source '300.1.1.1' in rule 1 is not an address prefix "
		      "(give e.g. 192.0.2.0/24, 2001:db8::/32 or one address, with no bits set "
		      "after the prefix)\n"
		      "p.yaml:6:64: error: source 'x' in rule 1 is not an address prefix (give "
		      "e.g. 192.0.2.0/24, 2001:db8::/32 or one address, with no bits set after the "
		      "prefix)");
}

static void reports_unknown_endpoints(void)
{
	EXPECT_ERRORS(ENDPOINTS "rules:\n  - { action: allow, endpoint: [docker, dokcer] }\n",
		      "p.yaml:5:41: error: unknown endpoint 'dokcer' (defined endpoints: docker, "
		      "docker-tcp)");
}

static void warns_about_an_endpoint_named_twice(void)
{
	expect_diags(ENDPOINTS "rules:\n  - { action: allow, endpoint: [docker, docker] }\n", 0,
		     "p.yaml:5:41: warning: endpoint 'docker' is named twice in rule 1 (name it "
		     "once)",
		     __LINE__);
}

/* A deny rule must match what it names: an unknown name is an error. */
static void reports_unknown_users_and_groups_in_deny_rules(void)
{
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n"
			  "  - { action: deny, endpoint: docker, user: nosuchuser-sf }\n"
			  "  - { action: deny, endpoint: docker, group: nosuchgroup-sf }\n",
		"p.yaml:5:45: error: unknown user 'nosuchuser-sf' (no such user in the passwd "
		"database; use a numeric uid or create the user)\n"
		"p.yaml:6:46: error: unknown group 'nosuchgroup-sf' (no such group in the "
		"group database; use a numeric gid or create the group)");
}

/* An allow rule with an unknown name loads but matches no one (fail closed). */
static void warns_about_unknown_users_and_groups_in_allow_rules(void)
{
	const char *text =
		ENDPOINTS "rules:\n"
			  "  - { action: allow, endpoint: docker, user: nosuchuser-sf }\n"
			  "  - { action: allow, endpoint: docker, group: nosuchgroup-sf }\n";
	struct diag_list diags;
	struct policy policy;

	expect_diags(text, 0,
		     "p.yaml:5:46: warning: unknown user 'nosuchuser-sf': this allow rule matches "
		     "no caller until the user exists and the policy is reloaded\n"
		     "p.yaml:6:47: warning: unknown group 'nosuchgroup-sf': this allow rule "
		     "matches no caller until the group exists and the policy is reloaded",
		     __LINE__);
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &policy, &diags), 0);
	CU_ASSERT_EQUAL(policy.rules[0].uid, POLICY_ID_NONE);
	CU_ASSERT(policy.rules[0].match & SF_MATCH_UID);
	CU_ASSERT_EQUAL(policy.rules[1].gid, POLICY_ID_NONE);
	CU_ASSERT(policy.rules[1].match & SF_MATCH_GID);
	policy_free(&policy);
	diag_free(&diags);
}

static void reads_backend_settings(void)
{
	const char *text = "backend: cgroup\nallow-degraded: true\n" ENDPOINTS;
	struct diag_list diags;
	struct policy policy;

	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &policy, &diags), 0);
	CU_ASSERT_EQUAL(policy.backend, SF_BACKEND_CGROUP);
	CU_ASSERT_EQUAL(policy.allow_degraded, 1);
	CU_ASSERT_EQUAL(policy.backend_pos.line, 1);
	policy_free(&policy);
	diag_free(&diags);
	EXPECT_ERRORS("backend: ebpf\nallow-degraded: yes\n" ENDPOINTS,
		      "p.yaml:1:10: error: invalid backend 'ebpf' at the top level (use one of: "
		      "auto, lsm, cgroup, fmod_ret)\n"
		      "p.yaml:2:17: error: invalid allow-degraded 'yes' at the top level (use one "
		      "of: false, true)");
}

static void reads_existing_connections(void)
{
	const char *text = "existing-connections: close\n" ENDPOINTS;
	struct diag_list diags;
	struct policy policy;

	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &policy, &diags), 0);
	CU_ASSERT_EQUAL(policy.existing_connections, POLICY_EXISTING_CLOSE);
	policy_free(&policy);
	diag_free(&diags);
	text = ENDPOINTS;
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &policy, &diags), 0);
	CU_ASSERT_EQUAL(policy.existing_connections, POLICY_EXISTING_REPORT);
	policy_free(&policy);
	diag_free(&diags);
	text = "exposure: deny\n" ENDPOINTS;
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &policy, &diags), 0);
	CU_ASSERT_EQUAL(policy.exposure, SF_EXPOSURE_DENY);
	policy_free(&policy);
	diag_free(&diags);
	EXPECT_ERRORS("exposure: block\n" ENDPOINTS,
		      "p.yaml:1:11: error: invalid exposure 'block' at the top level (use one of: "
		      "audit, deny)");
	EXPECT_ERRORS("existing-connections: kill\n" ENDPOINTS,
		      "p.yaml:1:23: error: invalid existing-connections 'kill' at the top level "
		      "(use one of: report, close)");
}

static void reports_uid_and_user_together(void)
{
	EXPECT_ERRORS(ENDPOINTS "rules:\n"
				"  - { action: allow, endpoint: docker, user: root, uid: 0 }\n"
				"  - { action: allow, endpoint: docker, gid: 0, group: root }\n",
		      "p.yaml:5:52: error: both uid and user are given in rule 1 (give only one)\n"
		      "p.yaml:6:48: error: both gid and group are given in rule 2 (give only one)");
}

static void reports_bad_numbers(void)
{
	EXPECT_ERRORS("endpoints:\n  d: { tcp: [0, 65536, \"2375\", 0x10, +5, -1, 1.5, 080, "
		      "99999999999999999999999] }\n",
		      "p.yaml:2:14: error: port 0 in endpoint 'd' is out of range (a port is a "
		      "number from 1 to 65535)\n"
		      "p.yaml:2:17: error: port 65536 in endpoint 'd' is out of range (a port is a "
		      "number from 1 to 65535)\n"
		      "p.yaml:2:24: error: port '2375' in endpoint 'd' is quoted (write it as a "
		      "plain number: 2375)\n"
		      "p.yaml:2:32: error: invalid port '0x10' in endpoint 'd' (a port is a number "
		      "from 1 to 65535, without quotes, sign or leading zeros)\n"
		      "p.yaml:2:38: error: invalid port '+5' in endpoint 'd' (a port is a number "
		      "from 1 to 65535, without quotes, sign or leading zeros)\n"
		      "p.yaml:2:42: error: invalid port '-1' in endpoint 'd' (a port is a number "
		      "from 1 to 65535, without quotes, sign or leading zeros)\n"
		      "p.yaml:2:46: error: invalid port '1.5' in endpoint 'd' (a port is a number "
		      "from 1 to 65535, without quotes, sign or leading zeros)\n"
		      "p.yaml:2:51: error: invalid port '080' in endpoint 'd' (a port is a number "
		      "from 1 to 65535, without quotes, sign or leading zeros)\n"
		      "p.yaml:2:56: error: port 99999999999999999999999 in endpoint 'd' is out of "
		      "range (a port is a number from 1 to 65535)");
	EXPECT_ERRORS("endpoints: { d: { tcp: x } }\n",
		      "p.yaml:1:24: error: invalid port 'x' in endpoint 'd' (a port is a number "
		      "from 1 to 65535, without quotes, sign or leading zeros)");
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n"
			  "  - { action: allow, endpoint: docker, uid: 4294967295 }\n"
			  "  - { action: allow, endpoint: docker, gid: -1 }\n"
			  "  - { action: allow, endpoint: docker, uid: \"0\" }\n",
		"p.yaml:5:45: error: uid 4294967295 in rule 1 is out of range (a uid is a "
		"number from 0 to 4294967294)\n"
		"p.yaml:6:45: error: invalid gid '-1' in rule 2 (a gid is a number from 0 to "
		"4294967294 without sign or leading zeros, or a group name)\n"
		"p.yaml:7:45: error: uid '0' in rule 3 is quoted (write it as a plain number: "
		"0)");
}

static void reports_duplicate_endpoints_and_targets(void)
{
	EXPECT_ERRORS(
		"endpoints:\n"
		"  docker: { unix: /var/run/docker.sock, tcp: 2375 }\n"
		"  docker: { tcp: 2376 }\n"
		"  other: { unix: [/run/x.sock, /var/run/docker.sock], tcp: [1, 2375] }\n"
		"  self: { unix: [/a, /a], tcp: [7, 7] }\n",
		"p.yaml:3:3: error: duplicate endpoint name 'docker' (first defined at line 2; "
		"rename or merge them)\n"
		"p.yaml:4:32: error: socket path '/var/run/docker.sock' in endpoint 'other' "
		"is already given in endpoint 'docker' at line 2 (give each path once)\n"
		"p.yaml:4:64: error: port 2375 in endpoint 'other' is already given in "
		"endpoint 'docker' at line 2 (give each port once)\n"
		"p.yaml:5:22: error: socket path '/a' in endpoint 'self' is already given in "
		"endpoint 'self' at line 5 (give each path once)\n"
		"p.yaml:5:36: error: port 7 in endpoint 'self' is already given in endpoint "
		"'self' at line 5 (give each port once)");
}

static void reports_empty_lists(void)
{
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n  - { action: allow, endpoint: [] }\n",
		"p.yaml:5:32: error: 'endpoint' in rule 1 is an empty list (name at least one "
		"endpoint)");
	EXPECT_ERRORS(
		"endpoints: { d: { unix: [], tcp: [] } }\n",
		"p.yaml:1:25: error: 'unix' in endpoint 'd' is an empty list (give at least "
		"one socket path, or remove the key)\n"
		"p.yaml:1:34: error: 'tcp' in endpoint 'd' is an empty list (give at least one "
		"port, or remove the key)");
	EXPECT_ERRORS("endpoints: {}\n",
		      "p.yaml:1:12: error: 'endpoints' at the top level is empty (define at least "
		      "one, e.g. docker: { unix: /var/run/docker.sock })");
}

static void reports_an_endpoint_without_targets(void)
{
	EXPECT_ERRORS("endpoints:\n  docker: {}\n",
		      "p.yaml:2:3: error: endpoint 'docker' has neither unix nor tcp (add unix: "
		      "SOCKET_PATH or tcp: PORT)");
	EXPECT_ERRORS(
		"endpoints:\n  docker:\n",
		"p.yaml:2:10: error: endpoint 'docker' is empty (expected a mapping with unix "
		"and/or tcp)");
}

static void reports_bad_paths(void)
{
	char text[512];

	EXPECT_ERRORS(
		"endpoints: { d: { unix: [run/docker.sock, \"\", \"/a\\0b\"] } }\n",
		"p.yaml:1:26: error: socket path 'run/docker.sock' in endpoint 'd' is not "
		"absolute (start it with '/', or with '@' for an abstract socket)\n"
		"p.yaml:1:43: error: empty socket path in endpoint 'd' (give an absolute path)\n"
		"p.yaml:1:47: error: an item of 'unix' in endpoint 'd' contains a NUL byte "
		"(remove the \\0 escape)");
	snprintf(text, sizeof(text), "endpoints: { d: { unix: /%0107d } }\n", 0);
	EXPECT_ERRORS(text, "p.yaml:1:25: error: socket path in endpoint 'd' is too long: 108 "
			    "bytes (at most 107)");
}

static void reports_bad_endpoint_names(void)
{
	EXPECT_ERRORS(
		"endpoints:\n"
		"  Docker: { tcp: 1 }\n"
		"  -x: { tcp: 2 }\n"
		"  abcdefghijklmnopqrstuvwxyz01234z: { tcp: 3 }\n"
		"  \"\": { tcp: 4 }\n"
		"  \"a\\tb\": { tcp: 5 }\n",
		"p.yaml:2:3: error: invalid endpoint name 'Docker' (use lower-case letters, "
		"digits, '_', '.' and '-', starting with a letter or digit)\n"
		"p.yaml:3:3: error: invalid endpoint name '-x' (use lower-case letters, "
		"digits, '_', '.' and '-', starting with a letter or digit)\n"
		"p.yaml:4:3: error: endpoint name 'abcdefghijklmnopqrstuvwxyz01234z' is too "
		"long: 32 characters (at most 31)\n"
		"p.yaml:5:3: error: empty endpoint name (use lower-case letters, digits, '_', "
		"'.' and '-', starting with a letter or digit)\n"
		"p.yaml:6:3: error: invalid endpoint name 'a\\x09b' (use lower-case letters, "
		"digits, '_', '.' and '-', starting with a letter or digit)");
}

static void reports_missing_rule_keys(void)
{
	EXPECT_ERRORS(
		ENDPOINTS "rules:\n  - { from: host }\n",
		"p.yaml:5:5: error: rule 1 has no action (add action: allow or action: deny)\n"
		"p.yaml:5:5: error: rule 1 has no endpoint (add endpoint: NAME, a name defined "
		"under endpoints)");
}

/* Writes n copies of fmt (with %zu = the copy's index) after head. */
static char *repeat(const char *head, const char *fmt, size_t n, const char *tail)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	if (!f)
		return NULL;
	fputs(head, f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, fmt, i);
	fputs(tail, f);
	fclose(f);
	return out;
}

static void counts_rules(void)
{
	const char *rule = "  - { action: allow, endpoint: docker } # %zu\n";
	char *text = repeat(ENDPOINTS "rules:\n", rule, SF_MAX_RULES, "");

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	expect_diags(text, 0, "", __LINE__);
	free(text);
	text = repeat(ENDPOINTS "rules:\n", rule, SF_MAX_RULES + 1, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	EXPECT_ERRORS(text, "p.yaml:1029:5: error: too many rules: 1025 (at most 1024)");
	free(text);
}

static void counts_endpoints(void)
{
	char *text = repeat("endpoints:\n", "  e%1$zu: { tcp: 1%1$zu }\n", SF_MAX_ENDPOINTS, "");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	EXPECT_VALID(text);
	free(text);
	text = repeat("endpoints:\n", "  e%1$zu: { tcp: 1%1$zu }\n", SF_MAX_ENDPOINTS + 1,
		      "rules: [{ action: allow, endpoint: e64 }]\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	EXPECT_ERRORS(text, "p.yaml:66:3: error: too many endpoints: 65 (at most 64)");
	free(text);
}

static void counts_paths_and_ports(void)
{
	char *text = repeat("endpoints:\n  d:\n    unix:\n", "      - /s%zu\n",
			    SF_MAX_PATHS_PER_ENDPOINT + 1, "    tcp: [");
	char *more;

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	more = repeat(text, "1%zu, ", SF_MAX_PORTS_PER_ENDPOINT, "999]\n");
	CU_ASSERT_PTR_NOT_NULL_FATAL(more);
	EXPECT_ERRORS(more, "p.yaml:20:9: error: too many socket paths in endpoint 'd': 17 (at "
			    "most 16)\n"
			    "p.yaml:21:81: error: too many ports in endpoint 'd': 17 (at most 16)");
	free(text);
	free(more);
}

static void counts_targets(void)
{
	/* 17 endpoints of 16 ports (1IIJJ): 272 targets, the 257th is e16's first. */
	char *text =
		repeat("endpoints:\n",
		       "  e%1$zu: { tcp: [1%1$02zu01, 1%1$02zu02, 1%1$02zu03, 1%1$02zu04, "
		       "1%1$02zu05, 1%1$02zu06, 1%1$02zu07, 1%1$02zu08, 1%1$02zu09, 1%1$02zu10, "
		       "1%1$02zu11, 1%1$02zu12, 1%1$02zu13, 1%1$02zu14, 1%1$02zu15, "
		       "1%1$02zu16] }\n",
		       17, "");

	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	EXPECT_ERRORS(text, "p.yaml:18:16: error: too many socket paths and ports: 272 in all (at "
			    "most 256; protect fewer targets)");
	free(text);
}

static void reports_syntax_errors(void)
{
	/* Only the syntax error: what came before it is not worth reporting. */
	EXPECT_ERRORS(
		"endpoints:\n  docker: { unix: /x\nrules: *a\n",
		"p.yaml:3:6: error: did not find expected ',' or '}' (YAML syntax error while "
		"parsing a flow mapping at line 2:11; check indentation, colons and quotes)");
	EXPECT_ERRORS("mode: a: b\n", "p.yaml:1:8: error: mapping values are not allowed in this "
				      "context (YAML syntax error; check indentation, colons and "
				      "quotes)");
	EXPECT_ERRORS("mode: audit\n\x01\n", "p.yaml:2:1: error: control characters are not "
					     "allowed: #1 (a policy file is UTF-8 text without "
					     "control characters)");
}

static void reports_empty_and_non_mapping_documents(void)
{
	EXPECT_ERRORS("", "p.yaml: error: the policy is empty (define at least the endpoints to "
			  "protect)");
	EXPECT_ERRORS("# nothing\n---\n", "p.yaml: error: the policy is empty (define at least "
					  "the endpoints to protect)");
	EXPECT_ERRORS("- docker\n", "p.yaml:1:1: error: the policy is a list (expected a mapping "
				    "with keys: mode, default, backend, allow-degraded, "
				    "existing-connections, exposure, endpoints, rules)");
	EXPECT_ERRORS("docker\n", "p.yaml:1:1: error: the policy is a single value (expected a "
				  "mapping with keys: mode, default, backend, allow-degraded, "
				  "existing-connections, exposure, endpoints, rules)");
}

static void refuses_a_second_document(void)
{
	EXPECT_ERRORS(ENDPOINTS "---\n" ENDPOINTS,
		      "p.yaml:4:1: error: more than one YAML document (a policy file holds exactly "
		      "one; remove everything from here on)");
}

static void refuses_aliases_and_tags(void)
{
	EXPECT_ERRORS("endpoints:\n"
		      "  docker: &d { unix: /var/run/docker.sock }\n"
		      "  other: *d\n"
		      "rules: &r [*r, *r]\n",
		      "p.yaml:3:10: error: aliases are not supported (write the value out in full "
		      "instead of '*d')\n"
		      "p.yaml:4:12: error: aliases are not supported (write the value out in full "
		      "instead of '*r')\n"
		      "p.yaml:4:16: error: aliases are not supported (write the value out in full "
		      "instead of '*r')");
	EXPECT_ERRORS("endpoints: { d: { tcp: !!int 1 } }\n",
		      "p.yaml:1:24: error: tags are not supported (remove the '!' tag before this "
		      "value)");
}

static void refuses_deep_nesting(void)
{
	EXPECT_ERRORS(
		"endpoints: [[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]\n",
		"p.yaml:1:27: error: the policy nests more than 16 levels deep (a policy needs "
		"at most 4)");
}

static void reports_every_error_in_one_run(void)
{
	EXPECT_ERRORS(
		"mode: loud\n"
		"endpoints:\n"
		"  docker: { unix: var/run/docker.sock }\n"
		"  tcp: { tcp: 70000 }\n"
		"rules:\n"
		"  - { action: allow, endpoint: dokcer }\n"
		"  - { action: allow, endpoint: docker, from: remote }\n"
		"  - { action: allow, endpoint: docker, user: nosuchuser-sf }\n",
		"p.yaml:1:7: error: invalid mode 'loud' at the top level (use one of: enforce, "
		"audit)\n"
		"p.yaml:3:19: error: socket path 'var/run/docker.sock' in endpoint 'docker' is "
		"not absolute (start it with '/', or with '@' for an abstract socket)\n"
		"p.yaml:4:15: error: port 70000 in endpoint 'tcp' is out of range (a port is a "
		"number from 1 to 65535)\n"
		"p.yaml:6:32: error: unknown endpoint 'dokcer' (defined endpoints: docker, "
		"tcp)\n"
		"p.yaml:7:46: error: 'from: remote' in rule 2 names endpoint 'docker', which "
		"has no TCP port (only TCP connections come from other hosts)\n"
		"p.yaml:8:46: warning: unknown user 'nosuchuser-sf': this allow rule matches no "
		"caller until the user exists and the policy is reloaded");
}

static void parses_a_file(void)
{
	char path[] = "/tmp/sockfence-policy-XXXXXX";
	struct diag_list diags;
	struct policy p;
	char line[256];
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, ENDPOINTS, strlen(ENDPOINTS)), (ssize_t)strlen(ENDPOINTS));
	close(fd);
	diag_init(&diags, path);
	CU_ASSERT_EQUAL(policy_parse_file(path, &p, &diags), 0);
	CU_ASSERT_EQUAL(diags.count, 0);
	CU_ASSERT_EQUAL(p.n_endpoints, 2);
	policy_free(&p);
	diag_free(&diags);
	unlink(path);

	diag_init(&diags, "missing.yaml");
	CU_ASSERT_EQUAL(policy_parse_file("/nonexistent/sockfence.yaml", &p, &diags), -ENOENT);
	CU_ASSERT_TRUE(policy_is_empty(&p));
	CU_ASSERT_EQUAL_FATAL(diags.count, 1);
	diag_format(&diags, 0, line, sizeof(line));
	CU_ASSERT_STRING_EQUAL(line,
			       "missing.yaml: error: cannot read /nonexistent/sockfence.yaml: "
			       "No such file or directory");
	diag_free(&diags);
}

static void refuses_a_file_over_1_mib(void)
{
	char path[] = "/tmp/sockfence-policy-XXXXXX";
	struct diag_list diags;
	struct policy p;
	char line[256], expected[256];
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(ftruncate(fd, 1024 * 1024 + 1), 0);
	close(fd);
	diag_init(&diags, "big.yaml");
	CU_ASSERT_EQUAL(policy_parse_file(path, &p, &diags), -EFBIG);
	CU_ASSERT_TRUE(policy_is_empty(&p));
	CU_ASSERT_EQUAL_FATAL(diags.count, 1);
	diag_format(&diags, 0, line, sizeof(line));
	snprintf(expected, sizeof(expected),
		 "big.yaml: error: %s is larger than 1 MiB (a policy file is at most 1 MiB)", path);
	CU_ASSERT_STRING_EQUAL(line, expected);
	diag_free(&diags);
	unlink(path);
}

int register_policy_parse_tests(void)
{
	static const struct unit_test tests[] = {
		{ "parses a full policy", parses_a_full_policy },
		{ "applies the defaults", applies_the_defaults },
		{ "resolves users and groups", resolves_users_and_groups },
		{ "accepts the limits", accepts_the_limits },
		{ "reports unknown keys at each level", reports_unknown_keys_at_each_level },
		{ "reports duplicate keys", reports_duplicate_keys },
		{ "reports wrong types", reports_wrong_types },
		{ "reports bad words", reports_bad_words },
		{ "reads remote rules", reads_remote_rules },
		{ "reports bad remote rules", reports_bad_remote_rules },
		{ "reports unknown endpoints", reports_unknown_endpoints },
		{ "warns about an endpoint named twice", warns_about_an_endpoint_named_twice },
		{ "reports unknown users and groups in deny rules",
		  reports_unknown_users_and_groups_in_deny_rules },
		{ "warns about unknown users and groups in allow rules",
		  warns_about_unknown_users_and_groups_in_allow_rules },
		{ "reads backend settings", reads_backend_settings },
		{ "reads existing-connections", reads_existing_connections },
		{ "reports uid and user together", reports_uid_and_user_together },
		{ "reports bad numbers", reports_bad_numbers },
		{ "reports duplicate endpoints and targets",
		  reports_duplicate_endpoints_and_targets },
		{ "reports empty lists", reports_empty_lists },
		{ "reports an endpoint without targets", reports_an_endpoint_without_targets },
		{ "reports bad paths", reports_bad_paths },
		{ "reports bad endpoint names", reports_bad_endpoint_names },
		{ "reports missing rule keys", reports_missing_rule_keys },
		{ "counts rules", counts_rules },
		{ "counts endpoints", counts_endpoints },
		{ "counts paths and ports", counts_paths_and_ports },
		{ "counts targets", counts_targets },
		{ "reports syntax errors", reports_syntax_errors },
		{ "reports empty and non-mapping documents",
		  reports_empty_and_non_mapping_documents },
		{ "refuses a second document", refuses_a_second_document },
		{ "refuses aliases and tags", refuses_aliases_and_tags },
		{ "refuses deep nesting", refuses_deep_nesting },
		{ "reports every error in one run", reports_every_error_in_one_run },
		{ "parses a file", parses_a_file },
		{ "refuses a file over 1 MiB", refuses_a_file_over_1_mib },
		{ 0 },
	};

	return unit_add_suite("policy_parse", NULL, NULL, tests);
}
