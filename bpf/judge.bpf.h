/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What both backends share once a hook knows its target: the policy in
 * force, the search for the target, the rule walk, the verdict and the
 * report. A hook answers "is the target protected?" first and returns at
 * once when it is not; only protected targets pay for identity.
 */
#ifndef SOCKFENCE_JUDGE_BPF_H
#define SOCKFENCE_JUDGE_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "sockfence.h"
#include "decide.h"
#include "events.bpf.h"
#include "identity.bpf.h"

#define EPERM	  1
#define AF_UNSPEC 0
#define AF_UNIX	  1
#define AF_INET	  2
#define AF_INET6  10
#define AF_SMC	  43

/*
 * The template of every policy generation: one struct sf_policy. Sizes, not
 * types: the programs only reach sf_policy through pointers, so its BTF is
 * a forward declaration that libbpf could not size.
 */
struct policy_generation {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(struct sf_policy));
};

/* Slot 0 points at the active generation; a reload swaps it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct policy_generation);
} policy SEC(".maps");

/* Caller identity is too big for the 512-byte stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_identity);
} scratch_space SEC(".maps");

static __always_inline const struct sf_policy *sf_active_policy(void)
{
	__u32 zero = 0;
	void *generation = bpf_map_lookup_elem(&policy, &zero);

	if (!generation) {
		sf_count(SF_CNT_NO_POLICY);
		return NULL;
	}
	return bpf_map_lookup_elem(generation, &zero);
}

static long sf_search_one(__u32 i, struct sf_search *search)
{
	return sf_search_step(search);
}

/*
 * Index in the policy's table (enum sf_table) of what key names: the dev
 * and inode of a socket, a file name's hash (in ino) or a port. -1 when it
 * is not protected.
 */
static __always_inline int sf_find(const struct sf_policy *policy, __u32 table, __u64 dev,
				   __u64 ino, __u32 port)
{
	struct sf_search search;

	sf_search_init(&search, policy, table, dev, ino, port);
	if (search.hi <= SF_SEARCH_LINEAR_MAX)
		return sf_search_linear(&search);
	bpf_loop(SF_SEARCH_STEPS, sf_search_one, &search, 0);
	return search.found;
}

struct rule_walk {
	const struct sf_policy *policy;
	const struct sf_identity *who;
	__u32 endpoint_id;
	__u32 matched; /* index into policy->rules, or SF_RULE_DEFAULT */
};

static long sf_match_one(__u32 i, struct rule_walk *walk)
{
	if (i >= SF_MAX_RULES)
		return 1;
	if (!sf_rule_matches(&walk->policy->rules[i], walk->endpoint_id, walk->who))
		return 0;
	walk->matched = i;
	return 1; /* first match wins */
}

/* A configured path, sized so that a global function may take a pointer to it. */
struct sf_path {
	char s[SF_PATH_LEN];
};

/*
 * The judgement proper: who asks, which rule, the verdict, the report.
 * A global function, so the verifier checks it once for what its
 * arguments' types allow, instead of once more for every state a hook
 * reaches it in (each target a small table's inline search can return,
 * each branch before it): 6.12 took 475,000 instructions and 8 s under
 * emulation to verify the unix hook with it inlined, 120,000 and 2 s
 * like this. Returns 0 or -EPERM.
 */
__attribute__((noinline)) int sf_judge_once(__u64 hook_endpoint, const struct sf_policy *policy,
					    const struct sf_path *path_in,
					    const struct sf_target *target, struct sf_identity *who)
{
	/* Five arguments at most: the hook in the high half, the endpoint in the low. */
	__u32 hook = hook_endpoint >> 32, endpoint_id = (__u32)hook_endpoint;
	struct rule_walk walk = { .policy = policy, .endpoint_id = endpoint_id };
	struct sf_report report = { .hook = hook, .endpoint_id = endpoint_id, .policy = policy };
	const char *path = path_in ? path_in->s : NULL;
	__u32 n_rules;
	__u8 action, mode;

	if (!policy || !target || !who)
		return -EPERM; /* cannot happen; never fail open */
	n_rules = policy->n_rules;
	walk.who = who;
	walk.matched = SF_RULE_DEFAULT;
	if (n_rules > SF_MAX_RULES)
		n_rules = SF_MAX_RULES;
	bpf_loop(n_rules, sf_match_one, &walk, 0);

	if (walk.matched < SF_MAX_RULES) {
		action = policy->rules[walk.matched].action;
		mode = policy->rules[walk.matched].mode;
		report.rule = policy->rules[walk.matched].index;
	} else {
		action = policy->default_action;
		mode = policy->mode;
		report.rule = SF_RULE_DEFAULT;
	}
	sf_count_rule(report.rule == SF_RULE_DEFAULT ? SF_MAX_RULES : report.rule);
	report.verdict = sf_verdict_of(action, mode);
	if (report.verdict == SF_VERDICT_ALLOW)
		return 0;
	report.path = path;
	sf_emit(&report, &who->caller, target);
	return report.verdict == SF_VERDICT_DENY ? -EPERM : 0;
}

struct remote_walk {
	const struct sf_policy *policy;
	const struct sf_addr16 *addr; /* the source, as in sf_source */
	__u32 endpoint_id;
	__u32 matched;
};

static long sf_match_remote_one(__u32 i, struct remote_walk *walk)
{
	if (i >= SF_MAX_RULES)
		return 1;
	if (!sf_remote_rule_matches(walk->policy, &walk->policy->rules[i], walk->endpoint_id,
				    walk->addr))
		return 0;
	walk->matched = i;
	return 1;
}

/* Caller identity of a remote request: nobody on this host. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_caller);
} nobody_space SEC(".maps");

/*
 * The judgement of a connection request from another host (or network
 * namespace): no task to ask, only the source. A global function, as
 * sf_judge_once. Returns 0 or -EPERM.
 */
__attribute__((noinline)) int sf_judge_remote_once(__u32 hook, const struct sf_policy *policy,
						   __u32 endpoint_id,
						   const struct sf_target *target,
						   const struct sf_remote *remote)
{
	struct remote_walk walk = { .policy = policy, .endpoint_id = endpoint_id };
	struct sf_report report = { .hook = hook, .endpoint_id = endpoint_id, .policy = policy };
	struct sf_addr16 mapped = {};
	struct sf_caller *nobody;
	__u32 zero = 0, n_rules;
	__u8 action, mode;

	if (!policy || !target || !remote)
		return -EPERM; /* cannot happen; never fail open */
	nobody = bpf_map_lookup_elem(&nobody_space, &zero);
	if (!nobody)
		return -EPERM;
	if (remote->family == AF_INET) {
		mapped.b[10] = 0xff;
		mapped.b[11] = 0xff;
		__builtin_memcpy(&mapped.b[12], remote->addr, 4);
	} else {
		__builtin_memcpy(mapped.b, remote->addr, 16);
	}
	walk.addr = &mapped;
	walk.matched = SF_RULE_DEFAULT;
	n_rules = policy->n_rules;
	if (n_rules > SF_MAX_RULES)
		n_rules = SF_MAX_RULES;
	bpf_loop(n_rules, sf_match_remote_one, &walk, 0);
	if (walk.matched < SF_MAX_RULES) {
		action = policy->rules[walk.matched].action;
		mode = policy->rules[walk.matched].mode;
		report.rule = policy->rules[walk.matched].index;
	} else {
		action = policy->default_action;
		mode = policy->mode;
		report.rule = SF_RULE_DEFAULT;
	}
	sf_count_rule(report.rule == SF_RULE_DEFAULT ? SF_MAX_RULES : report.rule);
	report.verdict = sf_verdict_of(action, mode);
	if (report.verdict == SF_VERDICT_ALLOW)
		return 0;
	report.remote = remote;
	sf_emit(&report, nobody, target);
	return report.verdict == SF_VERDICT_DENY ? -EPERM : 0;
}

/*
 * A protected port listened on beyond loopback: reported with who listens,
 * and refused when the policy says exposure: deny. No rule decides it. A
 * global function, as sf_judge_once. Returns 0 or -EPERM.
 */
__attribute__((noinline)) int sf_report_exposure(__u32 hook, const struct sf_policy *policy,
						 __u32 endpoint_id, const struct sf_target *target)
{
	struct sf_report report = { .hook = hook,
				    .endpoint_id = endpoint_id,
				    .policy = policy,
				    .rule = SF_RULE_DEFAULT,
				    .kind = SF_EVENT_EXPOSURE };
	struct sf_identity *who;
	__u32 zero = 0;
	bool deny;

	if (!policy || !target)
		return -EPERM; /* cannot happen; never fail open */
	deny = policy->exposure == SF_EXPOSURE_DENY;
	who = bpf_map_lookup_elem(&scratch_space, &zero);
	if (who) {
		sf_read_caller(who);
		report.verdict = deny ? SF_VERDICT_DENY : SF_VERDICT_AUDIT_DENY;
		sf_emit(&report, &who->caller, target);
	}
	return deny ? -EPERM : 0;
}

/*
 * What a hook calls: the caller's identity read (with BTF loads where the
 * program type has the task as a BTF pointer: lsm and fmod_ret; with
 * bpf_probe_read_kernel() in cgroup programs), then the judgement, its
 * verdict as constants, so the verifier knows an LSM program's return is
 * 0 or -EPERM (it cannot know a global function's).
 */
/* Subprograms of their own: their locals never stack on a hook's and the judge's. */
static __noinline void sf_read_caller_by_btf(struct sf_identity *who)
{
	sf_read_caller_btf(who);
}

static __noinline void sf_read_caller_by_probe(struct sf_identity *who)
{
	sf_read_caller(who);
}

static __always_inline int sf_judge_as(__u8 hook, const struct sf_policy *policy, __u32 endpoint_id,
				       const char *path, const struct sf_target *target,
				       bool task_btf)
{
	__u32 zero = 0;
	struct sf_identity *who = bpf_map_lookup_elem(&scratch_space, &zero);

	if (!who)
		return -EPERM; /* cannot happen; never fail open */
	if (task_btf)
		sf_read_caller_by_btf(who);
	else
		sf_read_caller_by_probe(who);
	return sf_judge_once((__u64)hook << 32 | endpoint_id, policy, (const struct sf_path *)path,
			     target, who)
		       ? -EPERM
		       : 0;
}

/* The trampoline backends' (lsm, fmod_ret) judgement. */
static __always_inline int sf_judge(__u8 hook, const struct sf_policy *policy, __u32 endpoint_id,
				    const char *path, const struct sf_target *target)
{
	return sf_judge_as(hook, policy, endpoint_id, path, target, true);
}

#endif /* SOCKFENCE_JUDGE_BPF_H */
