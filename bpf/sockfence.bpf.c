// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hooks. Each one answers "is the target protected?" with a bounded
 * search of the active policy and returns 0 at once when it is not; only
 * protected targets pay for identity, rule matching and reporting.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "sockfence.h"
#include "decide.h"
#include "events.bpf.h"
#include "identity.bpf.h"

#define EPERM	  1
#define AF_UNSPEC 0
#define AF_UNIX	  1
#define AF_INET	  2
#define AF_INET6  10

char LICENSE[] SEC("license") = "GPL";

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

/* Index of the target in policy, or -1 when it is not protected. */
static __always_inline int sf_find(const struct sf_policy *policy, __u32 is_unix,
				   const struct sf_target *target)
{
	struct sf_search search;

	sf_search_init(&search, policy, is_unix, target->dev, target->ino, target->port);
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

static __always_inline int sf_judge(__u8 hook, const struct sf_policy *policy, __u32 endpoint_id,
				    const char *path, const struct sf_target *target)
{
	struct rule_walk walk = { .policy = policy, .endpoint_id = endpoint_id };
	struct sf_report report = { .hook = hook, .endpoint_id = endpoint_id, .policy = policy };
	__u32 zero = 0, n_rules = policy->n_rules;
	struct sf_identity *who;
	__u8 action, mode;

	who = bpf_map_lookup_elem(&scratch_space, &zero);
	if (!who)
		return -EPERM; /* cannot happen; never fail open */
	sf_read_caller(who);
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

/*
 * other is the listening socket. Its bound path's inode is what every alias
 * (bind mount, symlink, hard link, /proc/PID/root, relative path, chroot)
 * resolves to, so matching on it judges all of them alike.
 */
SEC("lsm/unix_stream_connect")
int BPF_PROG(sf_unix_stream_connect, struct sock *sock, struct sock *other, struct sock *newsk,
	     int ret)
{
	struct unix_sock *listener = (struct unix_sock *)other;
	struct sf_target target = { .family = AF_UNIX };
	const struct sf_policy *policy;
	struct inode *inode;
	int found;

	if (ret)
		return ret;
	inode = BPF_CORE_READ(listener, path.dentry, d_inode);
	if (!inode)
		return 0; /* abstract or autobound: no file to protect */
	policy = sf_active_policy();
	if (!policy)
		return 0;
	target.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	target.ino = BPF_CORE_READ(inode, i_ino);
	found = sf_find(policy, 1, &target);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	return sf_judge(SF_HOOK_UNIX_STREAM_CONNECT, policy,
			policy->unix_targets[found].endpoint_id, policy->unix_targets[found].path,
			&target);
}

/*
 * Stream sockets of both inet families. An AF_INET6 socket reaching an
 * IPv4-mapped address carries the same port, so it is caught here too.
 */
SEC("lsm/socket_connect")
int BPF_PROG(sf_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	struct sf_target target = {};
	const struct sf_policy *policy;
	struct sockaddr_in6 sin6 = {};
	struct sockaddr_in sin = {};
	__u16 family, sa_family;
	int found;

	if (ret)
		return ret;
	if (BPF_CORE_READ(sock, type) != SOCK_STREAM)
		return 0;
	family = BPF_CORE_READ(sock, sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (addrlen < (int)sizeof(sa_family))
		return 0; /* the kernel rejects it with EINVAL */
	bpf_probe_read_kernel(&sa_family, sizeof(sa_family), &address->sa_family);
	if (sa_family == AF_UNSPEC)
		return 0; /* disconnect, reaches no one */

	target.family = family;
	if (family == AF_INET) {
		bpf_probe_read_kernel(&sin, sizeof(sin), address);
		target.port = bpf_ntohs(sin.sin_port);
		__builtin_memcpy(target.addr, &sin.sin_addr, 4);
	} else {
		bpf_probe_read_kernel(&sin6, sizeof(sin6), address);
		target.port = bpf_ntohs(sin6.sin6_port);
		__builtin_memcpy(target.addr, &sin6.sin6_addr, 16);
	}
	policy = sf_active_policy();
	if (!policy)
		return 0;
	found = sf_find(policy, 0, &target);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	return sf_judge(SF_HOOK_SOCKET_CONNECT, policy, policy->tcp_targets[found].endpoint_id,
			NULL, &target);
}
