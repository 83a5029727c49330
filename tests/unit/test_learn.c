// SPDX-License-Identifier: GPL-2.0-only
/* sockfence learn's model: records in, the proposed policy out, parsed back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learn.h"
#include "policy_source.h"
#include "unit.h"

#define CONTAINER_ID "3f2a9c0d5e6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a69788796a5b4c3"

static struct policy base;
static struct diag_list base_diags;

/* The cgroups of the records below, as the live hierarchy would name them. */
static int fake_cgroup_path(__u64 id, char *out, size_t len)
{
	const char *path =
		id == 100   ? "system.slice/web.service/worker"
		: id == 200 ? "user.slice/user-4712.slice/session-3.scope"
		: id == 300 ? "system.slice/docker-" CONTAINER_ID ".scope"
		: id == 400 ? "user.slice/user-4713.slice/user@4713.service/app.slice/x.service"
		: id == 500 ? "system.slice/docker.service"
			    : NULL;

	if (!path)
		return -ENOENT;
	snprintf(out, len, "%s", path);
	return 0;
}

static int setup(void)
{
	diag_init(&base_diags, "default");
	return policy_parse(sf_default_policy, strlen(sf_default_policy), &base, &base_diags);
}

static int teardown(void)
{
	policy_free(&base);
	diag_free(&base_diags);
	return 0;
}

#define RECORD(fields)                                                                             \
	"{\"version\":1,\"type\":\"event\",\"verdict\":\"audit-deny\",\"container_by\":[]," fields \
	"}"

static const char *const workload[] = {
	/* A service in its own unit (a process in a cgroup below it). */
	RECORD("\"time\":\"2026-12-02T10:00:01.000000Z\",\"endpoint\":\"docker\",\"uid\":4711,"
	       "\"euid\":4711,\"comm\":\"web\",\"exe\":\"/usr/bin/web\",\"cgroup_id\":100,"
	       "\"more\":4"),
	/* Its flood's end: ten more. */
	"{\"type\":\"repeats\",\"verdict\":\"audit-deny\",\"endpoint\":\"docker\",\"time\":"
	"\"2026-12-02T10:00:09.000000Z\",\"uid\":4711,\"euid\":4711,\"comm\":\"web\",\"exe\":"
	"\"/usr/bin/web\",\"cgroup_id\":100,\"container_by\":[],\"more\":10}",
	/* A user in a login session: named by uid and executable. */
	RECORD("\"time\":\"2026-12-02T10:00:02.000000Z\",\"endpoint\":\"docker\",\"uid\":4712,"
	       "\"euid\":4712,\"comm\":\"docker\",\"exe\":\"/usr/bin/docker\",\"cgroup_id\":200"),
	/* A user's own service is still the user's: uid and executable, not its cgroup. */
	RECORD("\"time\":\"2026-12-02T10:00:02.500000Z\",\"endpoint\":\"containerd\",\"uid\":4713,"
	       "\"euid\":4713,\"comm\":\"x\",\"exe\":\"/usr/bin/x\",\"cgroup_id\":400"),
	/* A container, by its id. */
	"{\"type\":\"event\",\"verdict\":\"deny\",\"endpoint\":\"docker\",\"time\":"
	"\"2026-12-02T10:00:03.000000Z\",\"uid\":0,\"euid\":0,\"comm\":\"portainer\",\"exe\":"
	"\"/portainer\",\"cgroup_id\":300,\"container_by\":[\"cgroup\"],\"container\":"
	"\"" CONTAINER_ID "\"}",
	/* Root's CLI on the control socket: the rule learn always adds covers it. */
	RECORD("\"time\":\"2026-12-02T10:00:04.000000Z\",\"endpoint\":\"sockfence\",\"uid\":0,"
	       "\"euid\":0,\"comm\":\"sockfence\",\"exe\":\"/usr/sbin/"
	       "sockfence\",\"cgroup_id\":200"),
	/* Another host on the plaintext port. */
	RECORD("\"time\":\"2026-12-02T10:00:05.000000Z\",\"endpoint\":\"docker-tcp\",\"origin\":"
	       "\"remote\",\"source\":\"192.0.2.7\",\"source_port\":40000,\"uid\":0,\"euid\":0"),
	/* A container sockfence cannot name: noted, never allowed. */
	"{\"type\":\"event\",\"verdict\":\"audit-deny\",\"endpoint\":\"docker\",\"time\":"
	"\"2026-12-02T10:00:06.000000Z\",\"uid\":0,\"euid\":0,\"comm\":\"curl\",\"cgroup_id\":1,"
	"\"container_by\":[\"pidns\"]}",
	/* Nothing to learn from these. */
	"{\"type\":\"gap\",\"dropped\":3}",
	"{\"type\":\"exposure\",\"verdict\":\"audit-deny\",\"endpoint\":\"docker-tcp\"}",
	RECORD("\"time\":\"2026-12-02T10:00:07.000000Z\",\"endpoint\":\"podman\",\"uid\":1,"
	       "\"euid\":1"),
};

static char *propose(struct learn_set *set, bool diff)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	if (!out)
		return NULL;
	if (diff)
		learn_diff(set, out);
	else
		learn_propose(set, out);
	fclose(out);
	return text;
}

static void load_workload(struct learn_set *set)
{
	learn_init(set, &base);
	set->cgroup_path = fake_cgroup_path;
	for (size_t i = 0; i < sizeof(workload) / sizeof(workload[0]); i++)
		learn_add_line(set, workload[i]);
}

static void counts_would_be_denials_only(void)
{
	struct learn_set set;

	load_workload(&set);
	CU_ASSERT_EQUAL(learn_add_line(&set, "not json"), -EINVAL);
	CU_ASSERT_EQUAL(set.malformed, 1);
	/* 5 + 10 (web) + 1 + 1 + 1 + 1 (root) + 1 (remote) + 1 (curl) */
	CU_ASSERT_EQUAL(set.counted, 21);
	CU_ASSERT_EQUAL(set.n_unknown, 1);
	CU_ASSERT_STRING_EQUAL(set.unknown[0], "podman");
	CU_ASSERT_STRING_EQUAL(set.first, "2026-12-02T10:00:01.000000Z");
	CU_ASSERT_STRING_EQUAL(set.last, "2026-12-02T10:00:09.000000Z");
	learn_free(&set);
}

static void proposes_the_narrowest_rules(void)
{
	struct learn_set set;
	char *text;

	load_workload(&set);
	text = propose(&set, false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(
		text, "  - { action: allow, endpoint: sockfence, from: host, user: root }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  - { action: allow, endpoint: docker, from: host, "
					    "uid: 4711, cgroup: system.slice/web.service }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  - { action: allow, endpoint: docker, from: "
					    "container, container: " CONTAINER_ID " }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "controls this host"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  - { action: allow, endpoint: docker, from: host, "
					    "uid: 4712, exe: /usr/bin/docker }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  - { action: allow, endpoint: containerd, from: "
					    "host, uid: 4713, exe: /usr/bin/x }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  - { action: allow, endpoint: docker-tcp, from: "
					    "remote, source: [192.0.2.7/32] }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, ": 15 connects, first 2026-12-02T10:00:01.000000Z"));
	/* Never broad: no rule for all containers, none for root's CLI beyond the socket. */
	CU_ASSERT_PTR_NULL(strstr(text, "from: container }"));
	CU_ASSERT_PTR_NULL(strstr(text, "/usr/sbin/sockfence }"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "# Not proposed: 1 connects from a container"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "endpoint 'podman'"));
	free(text);
	learn_free(&set);
}

/* What it prints is a valid policy with exactly those rules, enforced, default deny. */
static void proposal_is_a_valid_policy(void)
{
	struct policy proposed = { 0 };
	struct diag_list diags;
	struct learn_set set;
	char *text;

	load_workload(&set);
	text = propose(&set, false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	diag_init(&diags, "proposal");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &proposed, &diags), 0);
	CU_ASSERT_EQUAL(diags.errors, 0);
	CU_ASSERT_EQUAL(proposed.mode, SF_MODE_ENFORCE);
	CU_ASSERT_EQUAL(proposed.default_action, SF_ACTION_DENY);
	CU_ASSERT_EQUAL(proposed.n_endpoints, base.n_endpoints);
	CU_ASSERT_EQUAL(proposed.n_rules, 6);
	for (size_t i = 0; i < proposed.n_rules; i++)
		CU_ASSERT_EQUAL(proposed.rules[i].action, SF_ACTION_ALLOW);
	policy_free(&proposed);
	diag_free(&diags);
	free(text);
	learn_free(&set);
}

static void diff_against_the_policy_in_force(void)
{
	struct learn_set set;
	char *text;

	load_workload(&set);
	text = propose(&set, true);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "- { action: deny, endpoint: [docker, containerd, "
					    "sockfence], from: container }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "+ { action: allow, endpoint: docker, from: host, "
					    "uid: 4711, cgroup: system.slice/web.service }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "+ { action: allow, endpoint: sockfence, from: host, "
					    "uid: 0 }\n"));
	free(text);
	learn_free(&set);
}

/* Connections open before learning began: their owners are learnt too. */
static void open_connections_count(void)
{
	struct connection dockerd = { .kind = CONNECTION_UNIX,
				      .judged = CONNECTION_JUDGED,
				      .endpoint = "containerd",
				      .n_pids = 1 };
	struct connection remote = { .kind = CONNECTION_TCP,
				     .judged = CONNECTION_REMOTE,
				     .endpoint = "docker-tcp",
				     .client = "[2001:db8::9]:40312" };
	struct connection in_flight = { .judged = CONNECTION_NO_OWNER, .endpoint = "docker" };
	struct learn_set set;
	char *text;

	dockerd.owner.who.caller.cgroup_id = 500;
	snprintf(dockerd.owner.who.caller.comm, SF_COMM_LEN, "dockerd");
	learn_init(&set, &base);
	set.cgroup_path = fake_cgroup_path;
	CU_ASSERT_EQUAL(learn_add_connection(&set, &dockerd, "2026-12-02T10:00:00.000000Z"), 1);
	CU_ASSERT_EQUAL(learn_add_connection(&set, &remote, "2026-12-02T10:00:00.000000Z"), 1);
	CU_ASSERT_EQUAL(learn_add_connection(&set, &in_flight, "2026-12-02T10:00:00.000000Z"), 0);
	text = propose(&set, false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_PTR_NOT_NULL(strstr(text,
				      "  - { action: allow, endpoint: containerd, from: host, "
				      "user: root, cgroup: system.slice/docker.service }\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, ": 1 connect (1 of them open already)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "  - { action: allow, endpoint: docker-tcp, from: "
					    "remote, source: [2001:db8::9/128] }\n"));
	free(text);
	learn_free(&set);
}

static void nothing_seen_proposes_no_rule_but_root_s(void)
{
	struct learn_set set;
	char *text;

	learn_init(&set, &base);
	text = propose(&set, false);
	CU_ASSERT_PTR_NOT_NULL_FATAL(text);
	CU_ASSERT_EQUAL(set.counted, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "endpoint: sockfence, from: host, user: root"));
	CU_ASSERT_PTR_NULL(strstr(text, "endpoint: docker,"));
	free(text);
	learn_free(&set);
}

int register_learn_tests(void)
{
	static const struct unit_test tests[] = {
		{ "counts would-be denials only", counts_would_be_denials_only },
		{ "proposes the narrowest rules", proposes_the_narrowest_rules },
		{ "the proposal is a valid policy", proposal_is_a_valid_policy },
		{ "diff against the policy in force", diff_against_the_policy_in_force },
		{ "connections open already count", open_connections_count },
		{ "nothing seen: only root's control socket",
		  nothing_seen_proposes_no_rule_but_root_s },
		{ 0 },
	};

	return unit_add_suite("learn", setup, teardown, tests);
}
