/* SPDX-License-Identifier: GPL-2.0-only */
/* Who is asking: the calling task's identity, read at the hook. */
#ifndef SOCKFENCE_IDENTITY_BPF_H
#define SOCKFENCE_IDENTITY_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "sockfence.h"
#include "container.h"
#include "decide.h"

/* Before Linux 6.15 a kernfs node's parent was "parent", now "__parent". */
struct kernfs_node___parent_old {
	struct kernfs_node *parent;
} __attribute__((preserve_access_index));

static __always_inline struct kernfs_node *sf_kn_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___parent_old *)kn, parent);
}

/* The caller's cgroup v2 ancestry: ids (all levels) and the lowest names. */
static __always_inline void sf_read_cgroups(struct task_struct *task, struct sf_cgroups *cg)
{
	struct kernfs_node *kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn);

	cg->depth = 0;
	cg->truncated = 0;
	for (__u32 level = 0; level < SF_CGROUP_DEPTH && kn; level++) {
		cg->id[level] = BPF_CORE_READ(kn, id);
		if (level < SF_CGROUP_NAMES &&
		    bpf_probe_read_kernel_str(cg->name[level], SF_CGROUP_NAME_LEN,
					      BPF_CORE_READ(kn, name)) < 0)
			cg->name[level][0] = '\0';
		cg->depth = level + 1;
		kn = sf_kn_parent(kn);
	}
	cg->truncated = kn != NULL;
}

static __always_inline bool sf_in_container_cgroup(struct sf_identity *who)
{
	return sf_container_cgroup(&who->cgroups,
				   (struct sf_container_id *)who->caller.container_id);
}

/*
 * What both ways of reading the caller decide from what they read: its
 * cgroup id, and whether it runs in a container. Decided here, at the
 * hook: no cache a new container could outrun.
 */
static __always_inline void sf_caller_origin_read(struct sf_identity *who)
{
	struct sf_caller *caller = &who->caller;

	caller->cgroup_id = who->cgroups.depth ? who->cgroups.id[0] : 0;
	caller->container_by = 0;
	if (caller->pidns_level > 0)
		caller->container_by |= SF_CONTAINER_PIDNS;
	if (sf_in_container_cgroup(who))
		caller->container_by |= SF_CONTAINER_CGROUP;
}

/* The executable as an inode: a copied or renamed binary is another one. */
static __always_inline void sf_read_exe(struct task_struct *task, struct sf_caller *caller)
{
	struct inode *inode = BPF_CORE_READ(task, mm, exe_file, f_inode);

	caller->exe_dev = inode ? BPF_CORE_READ(inode, i_sb, s_dev) : 0;
	caller->exe_ino = inode ? BPF_CORE_READ(inode, i_ino) : 0;
}

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

static __always_inline void sf_read_caller(struct sf_identity *who)
{
	struct sf_caller *caller = &who->caller;
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	const struct cred *cred = BPF_CORE_READ(task, cred);
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	caller->pid = (__u32)pid_tgid;
	caller->tgid = pid_tgid >> 32;
	caller->ppid = BPF_CORE_READ(task, real_parent, tgid);
	/* Values as seen from the initial user namespace. */
	caller->uid = BPF_CORE_READ(cred, uid.val);
	caller->euid = BPF_CORE_READ(cred, euid.val);
	caller->gid = BPF_CORE_READ(cred, gid.val);
	caller->egid = BPF_CORE_READ(cred, egid.val);
	/* The namespace the task itself lives in, not pid_ns_for_children. */
	caller->pidns_level = BPF_CORE_READ(task, thread_pid, level);
	bpf_get_current_comm(caller->comm, sizeof(caller->comm));
	sf_read_groups(cred, &who->groups);
	sf_read_exe(task, caller);
	sf_read_cgroups(task, &who->cgroups);
	sf_caller_origin_read(who);
	who->unread = 0;
}

/* What sf_read_caller_btf() left out, read now for a report (any program type). */
static __always_inline void sf_read_caller_rest(struct sf_identity *who)
{
	struct sf_caller *caller = &who->caller;
	struct task_struct *task;

	if (!who->unread)
		return;
	task = (struct task_struct *)bpf_get_current_task();
	if (who->unread & SF_IDENTITY_UNREAD_REPORT) {
		caller->ppid = BPF_CORE_READ(task, real_parent, tgid);
		bpf_get_current_comm(caller->comm, sizeof(caller->comm));
	}
	if (who->unread & SF_IDENTITY_UNREAD_EXE)
		sf_read_exe(task, caller);
	who->unread = 0;
}

static __always_inline struct kernfs_node *sf_kn_parent_btf(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return kn->__parent;
	return ((struct kernfs_node___parent_old *)kn)->parent;
}

/*
 * The origin of each cgroup a trampoline program has seen, by cgroup id: a
 * caller in a cgroup seen before skips reading its ancestry's names and
 * matching them (sf_container_cgroup()). Sound because the answer of an id
 * never changes: cgroup v2 directories cannot be renamed or moved (the
 * hierarchy's kernfs operations have no rename) and ids are not reused
 * within a boot, so a new container is a new cgroup, which is not in here
 * and is read in full. Kept by the programs alone (never pinned, never
 * written by the daemon); an evicted entry is read again.
 */
#define SF_CGROUP_ORIGINS 4096

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, SF_CGROUP_ORIGINS);
	__type(key, __u64);
	__type(value, struct sf_cgroup_origin);
} cgroup_origins SEC(".maps");

/* The ancestry's ids, leaf first, and unless known the lowest levels' names. */
static __always_inline void sf_walk_cgroups_btf(struct kernfs_node *kn, struct sf_cgroups *cg,
						const struct sf_cgroup_origin *known)
{
	cg->depth = 0;
	cg->truncated = 0;
	for (__u32 level = 0; level < SF_CGROUP_DEPTH && kn; level++) {
		cg->id[level] = kn->id;
		if (!known && level < SF_CGROUP_NAMES &&
		    bpf_probe_read_kernel_str(cg->name[level], SF_CGROUP_NAME_LEN, kn->name) < 0)
			cg->name[level][0] = '\0';
		cg->depth = level + 1;
		kn = sf_kn_parent_btf(kn);
	}
	cg->truncated = kn != NULL;
}

static __always_inline void sf_read_groups_btf(const struct cred *cred, struct sf_groups *groups)
{
	struct group_info *info = cred->group_info;
	int count = info ? info->ngroups : 0;
	__u32 n = count > 0 ? count : 0;

	groups->count = 0;
	groups->truncated = 0;
	if (!n)
		return;
	if (n > SF_MAX_GROUPS) {
		n = SF_MAX_GROUPS;
		groups->truncated = 1;
	}
	if (bpf_probe_read_kernel(groups->gid, n * sizeof(__u32), info->gid) == 0)
		groups->count = n;
	else
		groups->truncated = 1; /* unreadable: deny rules on groups apply */
}

/* The executable's inode, unless no rule of the generation asks (then 0). */
static __always_inline void sf_read_exe_btf(struct task_struct *task, __u8 unread, __u64 *dev,
					    __u64 *ino)
{
	struct mm_struct *mm = unread & SF_UNREAD_EXE ? NULL : task->mm;
	struct file *exe = mm ? mm->exe_file : NULL;
	struct inode *inode = exe ? exe->f_inode : NULL;

	*dev = inode ? inode->i_sb->s_dev : 0;
	*ino = inode ? inode->i_ino : 0;
}

/*
 * sf_read_caller() with the task as a BTF pointer (lsm and fmod_ret
 * programs): plain, fault-safe loads instead of a bpf_probe_read_kernel()
 * call each, and only what rules match on (unread: enum
 * sf_policy_unread): the parent and the command name are read for a
 * report only, the executable too when no rule of the generation names
 * one (sf_read_caller_rest()); a cgroup seen before is not walked at all
 * when no rule names a cgroup. The supplementary groups (an array read by
 * its length, when there are any) and the cgroup names still go through
 * the helper.
 */
static __always_inline void sf_read_caller_btf(struct sf_identity *who, __u8 unread)
{
	struct sf_caller *caller = &who->caller;
	struct sf_cgroups *cg = &who->cgroups;
	struct task_struct *task = bpf_get_current_task_btf();
	const struct cred *cred = task->cred;
	struct kernfs_node *kn = task->cgroups->dfl_cgrp->kn;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	const struct sf_cgroup_origin *known;
	struct sf_cgroup_origin origin;
	__u64 leaf;

	caller->pid = (__u32)pid_tgid;
	caller->tgid = pid_tgid >> 32;
	caller->ppid = 0;
	caller->comm[0] = '\0';
	caller->uid = cred->uid.val;
	caller->euid = cred->euid.val;
	caller->gid = cred->gid.val;
	caller->egid = cred->egid.val;
	caller->pidns_level = task->thread_pid->level;
	sf_read_groups_btf(cred, &who->groups);
	who->unread = SF_IDENTITY_UNREAD_REPORT;
	sf_read_exe_btf(task, unread, &caller->exe_dev, &caller->exe_ino);
	if (unread & SF_UNREAD_EXE)
		who->unread |= SF_IDENTITY_UNREAD_EXE;
	leaf = kn ? kn->id : 0;
	known = leaf ? bpf_map_lookup_elem(&cgroup_origins, &leaf) : NULL;
	if (known && (unread & SF_UNREAD_CGROUPS)) {
		/* No rule asks about the ancestors: the leaf's id for the report. */
		cg->id[0] = leaf;
		cg->depth = 1;
		cg->truncated = 0;
	} else {
		sf_walk_cgroups_btf(kn, cg, known);
	}
	if (known) {
		caller->cgroup_id = cg->depth ? cg->id[0] : 0;
		caller->container_by = caller->pidns_level > 0 ? SF_CONTAINER_PIDNS : 0;
		caller->container_by |= known->in_container & SF_CONTAINER_CGROUP;
		__builtin_memcpy(caller->container_id, known->container_id,
				 sizeof(caller->container_id));
		caller->container_id[SF_CONTAINER_ID_LEN] = '\0';
		return;
	}
	sf_caller_origin_read(who);
	if (!leaf)
		return;
	/* On the stack: Linux 6.1 takes no other memory for a map update's value. */
	origin.in_container = caller->container_by & SF_CONTAINER_CGROUP;
	__builtin_memcpy(origin.container_id, caller->container_id, sizeof(origin.container_id));
	bpf_map_update_elem(&cgroup_origins, &leaf, &origin, BPF_ANY);
}

/*
 * The caller's facts (decide.h) read again to check a memo: the loads of
 * sf_read_caller_btf() that rules match on, the cgroup by its id alone.
 * false when they cannot be compared: more groups than a memo holds, or
 * unreadable ones.
 */
static __always_inline bool sf_read_facts_btf(struct task_struct *task, struct sf_caller_facts *f,
					      __u8 unread)
{
	const struct cred *cred = task->cred;
	struct group_info *info = cred->group_info;
	int count = info ? info->ngroups : 0;
	__u32 n = count > 0 ? count : 0;

	f->uid = cred->uid.val;
	f->euid = cred->euid.val;
	f->gid = cred->gid.val;
	f->egid = cred->egid.val;
	f->pidns_level = task->thread_pid->level;
	f->n_groups = n;
	f->cgroup_id = bpf_get_current_cgroup_id();
	sf_read_exe_btf(task, unread, &f->exe_dev, &f->exe_ino);
	if (!n)
		return true; /* no groups: sf_caller_facts_same() does not look at them */
	if (n > SF_MEMO_GROUPS)
		return false;
	__builtin_memset(f->groups, 0, sizeof(f->groups));
	return bpf_probe_read_kernel(f->groups, n * sizeof(__u32), info->gid) == 0;
}

#endif /* SOCKFENCE_IDENTITY_BPF_H */
