/* SPDX-License-Identifier: GPL-2.0-only */
/* Who is asking: the calling task's identity, read at the hook. */
#ifndef SOCKFENCE_IDENTITY_BPF_H
#define SOCKFENCE_IDENTITY_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "sockfence.h"

static __always_inline void sf_read_caller(struct sf_caller *caller)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	caller->pid = (__u32)pid_tgid;
	caller->tgid = pid_tgid >> 32;
	/* Values as seen from the initial user namespace. */
	caller->uid = BPF_CORE_READ(task, cred, uid.val);
	caller->euid = BPF_CORE_READ(task, cred, euid.val);
	caller->gid = BPF_CORE_READ(task, cred, gid.val);
	/* The namespace the task itself lives in, not pid_ns_for_children. */
	caller->pidns_level = BPF_CORE_READ(task, thread_pid, level);
	bpf_get_current_comm(caller->comm, sizeof(caller->comm));
}

#endif /* SOCKFENCE_IDENTITY_BPF_H */
