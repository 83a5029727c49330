/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Is a unix socket file protected, and as which configured path? Three
 * answers, tried in turn, so that protection follows the socket and not
 * what the daemon last saw:
 *   - its inode is one the daemon resolved a configured path to
 *     (unix_targets): every alias of that file alike;
 *   - it is bound at the place of a configured path (unix_dentries: its
 *     directory and name), which holds from a new socket's first connect,
 *     before the daemon has seen it and while no daemon runs;
 *   - it was protected and moved away from its path ("kept": by a rename,
 *     seen here, or a path that stopped leading to it, seen by the daemon),
 *     for as long as it is bound.
 */
#ifndef SOCKFENCE_UNIX_PLACES_BPF_H
#define SOCKFENCE_UNIX_PLACES_BPF_H

#include "judge.bpf.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SF_KEPT_ENTRIES);
	__type(key, struct sf_kept_key);
	__type(value, struct sf_kept);
} kept SEC(".maps");

/*
 * Slot 0 is 1 once anything was ever kept (set before the entry goes in):
 * until then, the hash lookup every unprotected unix connect would make is
 * skipped for an array load the verifier inlines. Never cleared.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} kept_used SEC(".maps");

static __always_inline bool sf_kept_ever(void)
{
	__u32 zero = 0, *used = bpf_map_lookup_elem(&kept_used, &zero);

	return used && *used;
}

/* A file name being hashed (sf_name_hash_step), one byte per loop step. */
struct sf_name_walk {
	char path[SF_PATH_LEN];
	__u32 len;
	__u64 hash;
};

static long sf_name_hash_one(__u32 i, struct sf_name_walk *walk)
{
	if (i >= SF_PATH_LEN || i >= walk->len || !walk->path[i])
		return 1;
	walk->hash = sf_name_hash_step(walk->hash, walk->path[i]);
	return 0;
}

/* What protects a unix socket file: its endpoint and configured path. */
struct sf_protection {
	__u32 endpoint_id;
	const char *path; /* inside the policy or the kept map */
};

/* unix_dentries index of the place dentry is bound at, or -1. */
static __always_inline int sf_find_place(const struct sf_policy *policy, struct dentry *dentry)
{
	struct sf_name_walk walk = { .hash = SF_NAME_HASH_SEED };
	struct inode *dir;
	long len;
	int found;

	if (!policy->n_unix_dentries)
		return -1;
	dir = dentry->d_parent ? dentry->d_parent->d_inode : NULL;
	if (!dir)
		return -1;
	found = sf_find(policy, SF_TABLE_DIR, dir->i_sb->s_dev, dir->i_ino, 0);
	if (found < 0)
		return -1; /* the common case ends here: not a directory of the policy */
	len = bpf_probe_read_kernel_str(walk.path, sizeof(walk.path), dentry->d_name.name);
	if (len <= 1)
		return -1;
	walk.len = (__u32)len - 1;
	bpf_loop(SF_PATH_LEN, sf_name_hash_one, &walk, 0);
	return sf_find(policy, SF_TABLE_DENTRY, (__u64)found, walk.hash, 0);
}

/*
 * Does policy protect the socket file inode, bound at dentry? Fills out
 * and returns true when it does.
 */
static __always_inline bool sf_unix_protected(const struct sf_policy *policy, struct inode *inode,
					      struct dentry *dentry, struct sf_protection *out)
{
	struct sf_kept_key key = { .dev = inode->i_sb->s_dev, .ino = inode->i_ino };
	struct sf_kept *kept_socket;
	int found;

	found = sf_find(policy, SF_TABLE_UNIX, key.dev, key.ino, 0);
	if (found >= 0 && found < SF_MAX_TARGETS) {
		out->endpoint_id = policy->unix_targets[found].endpoint_id;
		out->path = policy->unix_targets[found].path;
		return true;
	}
	found = sf_find_place(policy, dentry);
	if (found >= 0 && found < SF_MAX_TARGETS) {
		out->endpoint_id = policy->unix_dentries[found].endpoint_id;
		out->path = policy->unix_dentries[found].path;
		return true;
	}
	if (!sf_kept_ever())
		return false;
	kept_socket = bpf_map_lookup_elem(&kept, &key);
	if (!kept_socket)
		return false;
	found = sf_endpoint_by_hash(policy, kept_socket->endpoint_hash);
	if (found < 0)
		return false; /* the policy in force has no such endpoint any more */
	out->endpoint_id = (__u32)found;
	out->path = kept_socket->path;
	return true;
}

#define SF_S_IFMT   00170000
#define SF_S_IFSOCK 0140000

/*
 * A rename is about to move dentry (or replace it): when it is a protected
 * socket file, keep it protected under whatever name it gets. 0 lets the
 * rename go on; -EPERM refuses it when the kept map has no room, since
 * letting it through would unprotect the socket.
 */
static __always_inline int sf_keep_renamed(struct dentry *dentry)
{
	const struct sf_policy *policy;
	struct sf_protection why;
	struct sf_kept_key key;
	struct sf_kept value = { .by = SF_KEPT_BY_RENAME };
	__u32 zero = 0, *used;
	struct inode *inode;

	inode = dentry ? dentry->d_inode : NULL;
	if (!inode || (inode->i_mode & SF_S_IFMT) != SF_S_IFSOCK)
		return 0;
	policy = sf_active_policy();
	if (!policy || !sf_unix_protected(policy, inode, dentry, &why))
		return 0;
	key.dev = inode->i_sb->s_dev;
	key.ino = inode->i_ino;
	if (bpf_map_lookup_elem(&kept, &key))
		return 0;
	if (why.endpoint_id >= SF_MAX_ENDPOINTS)
		return -EPERM; /* cannot happen; never fail open */
	value.endpoint_hash = policy->endpoint_hash[why.endpoint_id];
	value.since_ns = bpf_ktime_get_ns();
	bpf_probe_read_kernel_str(value.path, sizeof(value.path), why.path);
	used = bpf_map_lookup_elem(&kept_used, &zero);
	if (!used)
		return -EPERM; /* cannot happen; never fail open */
	*used = 1;
	if (bpf_map_update_elem(&kept, &key, &value, BPF_NOEXIST) != 0 &&
	    !bpf_map_lookup_elem(&kept, &key)) {
		sf_count(SF_CNT_KEPT_FULL);
		return -EPERM;
	}
	sf_count(SF_CNT_KEPT_BY_RENAME);
	return 0;
}

/* Both sides: the file moved, and (RENAME_EXCHANGE, or replaced) the one at the new name. */
static __always_inline int sf_check_rename(struct dentry *old_dentry, struct dentry *new_dentry)
{
	int err = sf_keep_renamed(old_dentry);

	return err ? err : sf_keep_renamed(new_dentry);
}

#endif /* SOCKFENCE_UNIX_PLACES_BPF_H */
