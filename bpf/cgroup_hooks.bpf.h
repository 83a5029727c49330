/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The cgroup backend, for kernels where BPF LSM is not active: sock_addr
 * hooks attached to a cgroup v2 directory (the root, for the whole host).
 * They judge with the same policy, identity and reports as the LSM hooks,
 * but see only the address a client passed to connect(): a unix socket is
 * recognised by the file name in that path, not by its inode (see
 * docs/backends.md for what that leaves open). 1 lets the connect go on;
 * 0 fails it with EPERM.
 */
#ifndef SOCKFENCE_CGROUP_HOOKS_BPF_H
#define SOCKFENCE_CGROUP_HOOKS_BPF_H

#include "unix_places.bpf.h"
#include <bpf/bpf_endian.h>

#define SF_CGROUP_ALLOW 1
#define SF_CGROUP_DENY	0

static __always_inline int sf_cgroup_verdict(int judged)
{
	return judged ? SF_CGROUP_DENY : SF_CGROUP_ALLOW;
}

/* 0 or -EPERM, for a target whose port is known. */
static __always_inline int sf_cgroup_judge_inet(const struct sf_policy *policy, __u8 hook,
						struct sf_target *target)
{
	int found;

	found = sf_find_port(policy, target->port);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	return sf_judge_as(hook, policy, 0, policy->tcp_targets[found].endpoint_id, NULL, target,
			   false);
}

static __always_inline int sf_cgroup_inet(struct bpf_sock_addr *ctx, __u8 hook,
					  struct sf_target *target)
{
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	int judged;

	if (ctx->type != SOCK_STREAM)
		return SF_CGROUP_ALLOW;
	target->port = bpf_ntohs((__u16)ctx->user_port);
	if (sf_port_surely_unprotected(target->port))
		return SF_CGROUP_ALLOW;
	policy = sf_active_policy(&hold);
	if (!policy)
		return SF_CGROUP_DENY;
	judged = sf_cgroup_judge_inet(policy, hook, target);
	sf_policy_release(&hold);
	return sf_cgroup_verdict(judged);
}

SEC("cgroup/connect4")
int sf_cgroup_connect4(struct bpf_sock_addr *ctx)
{
	struct sf_target target = { .family = AF_INET };
	__u32 ip4 = ctx->user_ip4;

	__builtin_memcpy(target.addr, &ip4, 4);
	return sf_cgroup_inet(ctx, SF_HOOK_CGROUP_CONNECT4, &target);
}

/* IPv4-mapped addresses come here too, with the same port. */
SEC("cgroup/connect6")
int sf_cgroup_connect6(struct bpf_sock_addr *ctx)
{
	struct sf_target target = { .family = AF_INET6 };
	__u32 ip6[4];

	ip6[0] = ctx->user_ip6[0];
	ip6[1] = ctx->user_ip6[1];
	ip6[2] = ctx->user_ip6[2];
	ip6[3] = ctx->user_ip6[3];
	__builtin_memcpy(target.addr, ip6, 16);
	return sf_cgroup_inet(ctx, SF_HOOK_CGROUP_CONNECT6, &target);
}

/* Linux 6.2+; only the unix hook (6.7+) uses it, and 6.1 never loads that. */
extern void *bpf_cast_to_kern_ctx(void *obj) __ksym __weak;

/*
 * The section is "cgroup/connect_unix" in libbpf 1.3+, unknown to older
 * ones: this one names a section every libbpf knows, and the loader sets
 * the expected attach type (read from the kernel's BTF) before loading.
 */
SEC("cgroup/connect4")
int sf_cgroup_connect_unix(struct bpf_sock_addr *ctx)
{
	struct bpf_sock_addr_kern *kctx = bpf_cast_to_kern_ctx(ctx);
	struct sf_target target = { .family = AF_UNIX };
	struct sf_name_walk walk = { .hash = SF_NAME_HASH_SEED };
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	struct sockaddr_un *address;
	__u32 addrlen;
	int found, judged = 0;

	if (!kctx)
		return SF_CGROUP_DENY; /* cannot happen; never fail open */
	address = (struct sockaddr_un *)BPF_CORE_READ(kctx, uaddr);
	addrlen = BPF_CORE_READ(kctx, uaddrlen);
	if (addrlen <= offsetof(struct sockaddr_un, sun_path))
		return SF_CGROUP_ALLOW; /* unnamed: the kernel refuses it */
	walk.len = addrlen - offsetof(struct sockaddr_un, sun_path);
	if (bpf_probe_read_kernel(walk.path, sizeof(walk.path), address->sun_path) != 0)
		return SF_CGROUP_DENY;
	if (!walk.path[0])
		return SF_CGROUP_ALLOW; /* abstract: no file to protect */
	bpf_loop(SF_PATH_LEN, sf_name_hash_one, &walk, 0);
	policy = sf_active_policy(&hold);
	if (!policy)
		return SF_CGROUP_DENY;
	found = sf_find(policy, SF_TABLE_NAME, 0, walk.hash, 0);
	if (found >= 0 && found < SF_MAX_TARGETS)
		judged = sf_judge_as(SF_HOOK_CGROUP_CONNECT_UNIX, policy, 0,
				     policy->unix_names[found].endpoint_id,
				     policy->unix_names[found].path, &target, false);
	sf_policy_release(&hold);
	return sf_cgroup_verdict(judged);
}

#endif /* SOCKFENCE_CGROUP_HOOKS_BPF_H */
