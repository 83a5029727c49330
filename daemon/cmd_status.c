// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockfence status [--json]: what is enforced, read from the pins, so it
 * answers whether or not a daemon runs. JSON through json-c.
 */
#include <bpf/bpf.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "commands.h"
#include "control_client.h"
#include "lsm_check.h"
#include "pins.h"
#include "policy_print.h"
#include "policy_words.h"
#include "status_connections.h"
#include "status_posture.h"

struct status {
	char kernel[65];
	char lsm[256];
	bool lsm_active;
	int links;
	bool pins_trusted; /* SF_PIN_DIR is root's alone (or absent) */
	bool daemon;
	bool have_meta;
	struct sf_meta meta;
	bool have_counters;
	__u64 counters[SF_CNT_MAX];
	int kept; /* protected sockets kept after their path moved; -1: unreadable */
	struct sf_policy *policy; /* NULL when unreadable */
	__u64 hits[SF_RULE_HITS];
	struct backend backend; /* kind SF_BACKEND_NONE when nothing is pinned */
	char lsm_why[384];
	char lsm_hint[512];
	char degraded[6][640];
	size_t n_degraded;
	char problems[4][400]; /* what the running daemon reports failing (health) */
	size_t n_problems;
	size_t n_not_enforced;
};

static void add_degradation(void *ctx, bool fatal, const char *line)
{
	struct status *st = ctx;

	(void)fatal;
	if (st->n_degraded < sizeof(st->degraded) / sizeof(st->degraded[0]))
		snprintf(st->degraded[st->n_degraded++], sizeof(st->degraded[0]), "%s", line);
}

static void add_problem(void *ctx, const char *line)
{
	struct status *st = ctx;

	if (st->n_problems < sizeof(st->problems) / sizeof(st->problems[0]))
		snprintf(st->problems[st->n_problems++], sizeof(st->problems[0]), "%s", line);
}

static void usage(FILE *out)
{
	fprintf(out, "Usage: sockfence status [--connections | --posture] [--json]\n"
		     "Show the backend, kernel, pins, daemon, policy generation, per-rule\n"
		     "hit counters and event counters. Works without a running daemon.\n"
		     "  --connections  list the connections to protected endpoints that exist\n"
		     "                 now (also those made before sockfence started): owner\n"
		     "                 pid, uid, container, and what the policy in force says\n"
		     "  --posture      how exposed the Docker API is now: listeners on protected\n"
		     "                 ports and their addresses, the socket files' owner and\n"
		     "                 mode, bind mounts and connections of the sockets (with\n"
		     "                 containers), the hosts dockerd listens on; exit 4 when\n"
		     "                 anything needs fixing\n"
		     "  --json         one JSON object instead of text\n"
		     "Exit status: 0 enforcing, 3 not enforcing, 2 usage error, 1 when the\n"
		     "connections or the posture cannot be read.\n");
}

static void read_lsm(struct status *st)
{
	FILE *f = fopen(SF_LSM_FILE, "re");

	snprintf(st->lsm, sizeof(st->lsm), "unreadable");
	if (f) {
		if (fgets(st->lsm, sizeof(st->lsm), f))
			st->lsm[strcspn(st->lsm, "\n")] = '\0';
		fclose(f);
	}
	st->lsm_active = lsm_bpf_active(st->lsm_why, sizeof(st->lsm_why)) == 0;
	lsm_enable_hint(st->lsm_hint, sizeof(st->lsm_hint));
}

static void read_counters(struct status *st)
{
	int fd = pins_open_map("counters");

	if (fd < 0)
		return;
	st->have_counters = true;
	for (__u32 i = 0; i < SF_CNT_MAX; i++)
		if (pins_percpu_sum(fd, i, &st->counters[i]) != 0)
			st->have_counters = false;
	close(fd);
}

/* How many protected sockets the "kept" map holds (sf_kept). */
static void read_kept(struct status *st)
{
	int fd = pins_open_map("kept");
	struct sf_kept_key key, next;
	void *prev = NULL;

	st->kept = -1;
	if (fd < 0)
		return;
	st->kept = 0;
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		st->kept++;
	}
	close(fd);
}

static void read_policy(struct status *st)
{
	int fd;

	st->policy = calloc(1, sizeof(*st->policy));
	if (!st->policy || pins_read_active_policy(st->policy) != 0) {
		free(st->policy);
		st->policy = NULL;
		return;
	}
	fd = pins_open_map("rule_hits");
	if (fd < 0)
		return;
	for (__u32 i = 0; i < st->policy->n_rules && i < SF_MAX_RULES; i++)
		pins_percpu_sum(fd, i, &st->hits[i]);
	pins_percpu_sum(fd, SF_MAX_RULES, &st->hits[SF_MAX_RULES]);
	close(fd);
}

static void gather(struct status *st)
{
	struct utsname uts;

	if (uname(&uts) == 0)
		snprintf(st->kernel, sizeof(st->kernel), "%s", uts.release);
	read_lsm(st);
	st->pins_trusted = pins_dir_trusted();
	st->links = pins_count_links();
	st->daemon = control_daemon_health(add_problem, st);
	st->have_meta = pins_read_meta(&st->meta) == 0;
	read_counters(st);
	read_kept(st);
	read_policy(st);
	if (st->have_meta && st->links)
		backend_from_meta(&st->backend, &st->meta);
	if (st->policy)
		st->n_not_enforced =
			backend_degradations(&st->backend, st->policy, add_degradation, st);
}

static void format_time(__u64 when, char *out, size_t len)
{
	time_t t = (time_t)when;
	struct tm tm;

	if (!when || !gmtime_r(&t, &tm) || !strftime(out, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, len, "unknown");
}

static void print_text(const struct status *st)
{
	char when[32], names[512];

	if (st->backend.kind == SF_BACKEND_CGROUP)
		printf("backend:     cgroup, attached to %s (%s)\n", st->backend.cgroup_path,
		       st->backend.reason);
	else if (st->backend.kind)
		printf("backend:     %s (%s)\n", backend_name(st->backend.kind),
		       st->backend.reason);
	else
		printf("backend:     none\n");
	for (size_t i = 0; i < st->n_degraded; i++)
		printf("degraded:    %s\n", st->degraded[i]);
	printf("bpf lsm:     %s\n", st->lsm_why);
	if (st->backend.kind != SF_BACKEND_LSM)
		printf("             %s\n", st->lsm_hint);
	printf("kernel:      %s\n", st->kernel);
	if (st->links)
		printf("enforcing:   yes, %d links pinned at %s\n", st->links, SF_PIN_DIR);
	else
		printf("enforcing:   no (nothing pinned at %s)\n", SF_PIN_DIR);
	if (!st->pins_trusted)
		printf("pins:        %s is not root's alone (another owner, writable by others, or "
		       "a symbolic link): what it holds may be planted or removed by another "
		       "user. 'sockfence run' moves it aside.\n",
		       SF_PIN_DIR);
	if (st->daemon && st->have_meta)
		printf("daemon:      running, pid %u, up %llus\n", st->meta.daemon_pid,
		       (unsigned long long)(time(NULL) - st->meta.daemon_started_at));
	else if (st->links)
		printf("daemon:      not running (the pinned policy is still enforced; events "
		       "wait in the ring buffer)\n");
	else
		printf("daemon:      not running\n");
	for (size_t i = 0; i < st->n_problems; i++)
		printf("problem:     %s\n", st->problems[i]);
	if (st->have_meta) {
		format_time(st->meta.loaded_at, when, sizeof(when));
		printf("policy:      %.*s, generation %u, loaded %s\n",
		       (int)sizeof(st->meta.policy_source), st->meta.policy_source,
		       st->meta.generation, when);
	}
	if (st->have_counters)
		printf("events:      %llu emitted, %llu aggregated (identical within %llu ms),"
		       " %llu dropped (ring buffer full), %llu shed (over an identity's share of"
		       " %d a second)\n",
		       (unsigned long long)st->counters[SF_CNT_EVENTS_EMITTED],
		       (unsigned long long)st->counters[SF_CNT_EVENTS_AGGREGATED],
		       SF_AGG_WINDOW_NS / 1000000ULL,
		       (unsigned long long)st->counters[SF_CNT_EVENTS_DROPPED],
		       (unsigned long long)st->counters[SF_CNT_EVENTS_SHED], SF_SHARE_PER_S);
	if (st->kept >= 0 && st->have_counters)
		printf("kept:        %d protected sockets whose path moved away (kept while bound; "
		       "%llu kept at a rename, %llu renames refused: no room)\n",
		       st->kept, (unsigned long long)st->counters[SF_CNT_KEPT_BY_RENAME],
		       (unsigned long long)st->counters[SF_CNT_KEPT_FULL]);
	if (!st->policy)
		return;
	printf("rule hits:   (decisions since generation %u was loaded)\n", st->policy->generation);
	for (__u32 i = 0; i < st->policy->n_rules && i < SF_MAX_RULES; i++) {
		const struct sf_rule *r = &st->policy->rules[i];

		policy_endpoint_list(st->policy, r->endpoints, names, sizeof(names));
		printf("  rule %-4u %-5s %-30s %llu\n", r->index + 1,
		       policy_word(&policy_action_words, r->action), names,
		       (unsigned long long)st->hits[i]);
	}
	printf("  default   %-5s %-30s %llu\n",
	       policy_word(&policy_action_words, st->policy->default_action), "",
	       (unsigned long long)st->hits[SF_MAX_RULES]);
}

static json_object *rules_json(const struct status *st)
{
	json_object *rules = json_object_new_array();
	char names[512];

	for (__u32 i = 0; i < st->policy->n_rules && i < SF_MAX_RULES; i++) {
		const struct sf_rule *r = &st->policy->rules[i];
		json_object *rule = json_object_new_object();

		policy_endpoint_list(st->policy, r->endpoints, names, sizeof(names));
		json_object_object_add(rule, "rule", json_object_new_int(r->index + 1));
		json_object_object_add(
			rule, "action",
			json_object_new_string(policy_word(&policy_action_words, r->action)));
		json_object_object_add(rule, "endpoints", json_object_new_string(names));
		json_object_object_add(rule, "hits", json_object_new_uint64(st->hits[i]));
		json_object_array_add(rules, rule);
	}
	return rules;
}

static void print_json(const struct status *st)
{
	json_object *root = json_object_new_object(), *problems;
	json_object *degraded = json_object_new_array();
	char when[32];

	for (size_t i = 0; i < st->n_degraded; i++)
		json_object_array_add(degraded, json_object_new_string(st->degraded[i]));
	json_object_object_add(
		root, "backend",
		json_object_new_string(st->backend.kind ? backend_name(st->backend.kind) : "none"));
	json_object_object_add(root, "backend_reason", json_object_new_string(st->backend.reason));
	if (st->backend.kind == SF_BACKEND_CGROUP)
		json_object_object_add(root, "cgroup",
				       json_object_new_string(st->backend.cgroup_path));
	json_object_object_add(root, "degraded", degraded);
	json_object_object_add(root, "not_enforced", json_object_new_int64(st->n_not_enforced));
	json_object_object_add(root, "bpf_lsm_active", json_object_new_boolean(st->lsm_active));
	json_object_object_add(root, "bpf_lsm", json_object_new_string(st->lsm_why));
	json_object_object_add(root, "bpf_lsm_hint", json_object_new_string(st->lsm_hint));
	json_object_object_add(root, "lsm", json_object_new_string(st->lsm));
	json_object_object_add(root, "kernel", json_object_new_string(st->kernel));
	json_object_object_add(root, "enforcing", json_object_new_boolean(st->links > 0));
	json_object_object_add(root, "pinned_links", json_object_new_int(st->links));
	json_object_object_add(root, "pin_dir", json_object_new_string(SF_PIN_DIR));
	json_object_object_add(root, "pin_dir_trusted", json_object_new_boolean(st->pins_trusted));
	json_object_object_add(root, "daemon_running", json_object_new_boolean(st->daemon));
	problems = json_object_new_array();
	for (size_t i = 0; i < st->n_problems; i++)
		json_object_array_add(problems, json_object_new_string(st->problems[i]));
	json_object_object_add(root, "problems", problems);
	if (st->have_meta) {
		format_time(st->meta.loaded_at, when, sizeof(when));
		if (st->daemon) {
			json_object_object_add(root, "daemon_pid",
					       json_object_new_int(st->meta.daemon_pid));
			json_object_object_add(
				root, "uptime_s",
				json_object_new_int64(time(NULL) - st->meta.daemon_started_at));
		}
		json_object_object_add(
			root, "policy_source",
			json_object_new_string_len(
				st->meta.policy_source,
				strnlen(st->meta.policy_source, sizeof(st->meta.policy_source))));
		json_object_object_add(root, "generation",
				       json_object_new_int64(st->meta.generation));
		json_object_object_add(root, "map_layout", json_object_new_int64(st->meta.layout));
		json_object_object_add(root, "loaded_at", json_object_new_string(when));
	}
	if (st->have_counters) {
		json_object_object_add(root, "events_emitted",
				       json_object_new_uint64(st->counters[SF_CNT_EVENTS_EMITTED]));
		json_object_object_add(root, "events_dropped",
				       json_object_new_uint64(st->counters[SF_CNT_EVENTS_DROPPED]));
		json_object_object_add(root, "events_shed",
				       json_object_new_uint64(st->counters[SF_CNT_EVENTS_SHED]));
		json_object_object_add(
			root, "events_aggregated",
			json_object_new_uint64(st->counters[SF_CNT_EVENTS_AGGREGATED]));
		json_object_object_add(root, "kept_by_rename",
				       json_object_new_uint64(st->counters[SF_CNT_KEPT_BY_RENAME]));
		json_object_object_add(root, "renames_refused",
				       json_object_new_uint64(st->counters[SF_CNT_KEPT_FULL]));
	}
	if (st->kept >= 0)
		json_object_object_add(root, "kept_sockets", json_object_new_int(st->kept));
	if (st->policy) {
		json_object_object_add(root, "rules", rules_json(st));
		json_object_object_add(root, "default_hits",
				       json_object_new_uint64(st->hits[SF_MAX_RULES]));
	}
	printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN));
	json_object_put(root);
}

int cmd_status(int argc, char **argv)
{
	static const char *const flags[] = { "--json", "--connections", "--posture" };
	struct status st = { 0 };
	bool given[3];
	bool json;
	int rc = command_args_flags(argc, argv, flags, given, 3, usage);

	if (rc != COMMAND_GO_ON)
		return rc;
	json = given[0];
	if (given[1] && given[2]) {
		usage(stderr);
		return 2;
	}
	if (given[1])
		return status_connections(json);
	if (given[2])
		return status_posture(json);
	gather(&st);
	if (json)
		print_json(&st);
	else
		print_text(&st);
	free(st.policy);
	return st.links > 0 ? 0 : 3;
}
