/* SPDX-License-Identifier: GPL-2.0-only */
/* Who is asking: the calling task's identity, read at the hook. */
#ifndef SOCKFENCE_IDENTITY_BPF_H
#define SOCKFENCE_IDENTITY_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "sockfence.h"

static __always_inline void sf_read_groups(const struct cred *cred, struct sf_groups *groups)
{
	struct group_info *info = BPF_CORE_READ(cred, group_info);
	__u32 n = 0;
	int count;

	groups->count = 0;
	groups->truncated = 0;
	if (!info)
		return;
	count = BPF_CORE_READ(info, ngroups);
	if (count > 0)
		n = count;
	if (n > SF_MAX_GROUPS) {
		n = SF_MAX_GROUPS;
		groups->truncated = 1;
	}
	if (bpf_probe_read_kernel(groups->gid, n * sizeof(__u32),
				  (void *)info + bpf_core_field_offset(info->gid)) == 0)
		groups->count = n;
	else
		groups->truncated = 1; /* unreadable: deny rules on groups apply */
}

static __always_inline void sf_read_caller(struct sf_caller *caller, struct sf_groups *groups)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const struct cred *cred = BPF_CORE_READ(task, cred);
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	caller->pid = (__u32)pid_tgid;
	caller->tgid = pid_tgid >> 32;
	/* Values as seen from the initial user namespace. */
	caller->uid = BPF_CORE_READ(cred, uid.val);
	caller->euid = BPF_CORE_READ(cred, euid.val);
	caller->gid = BPF_CORE_READ(cred, gid.val);
	caller->egid = BPF_CORE_READ(cred, egid.val);
	/* The namespace the task itself lives in, not pid_ns_for_children. */
	caller->pidns_level = BPF_CORE_READ(task, thread_pid, level);
	bpf_get_current_comm(caller->comm, sizeof(caller->comm));
	sf_read_groups(cred, groups);
}

#endif /* SOCKFENCE_IDENTITY_BPF_H */
