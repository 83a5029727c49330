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
 * The kept map is looked in only for the inodes its filters have (struct
 * sf_policy_state): false is certain.
 */
static __always_inline bool sf_may_be_kept(__u64 ino)
{
	return sf_kept_has(sf_policy_state()->kept, ino);
}

/* The kernel's side of sf_may_be_kept(), before it keeps ino. */
static __always_inline void sf_kept_filter_add(__u64 ino)
{
	struct sf_policy_state *state = sf_policy_state();

	__sync_fetch_and_or(
		&state->kept[sf_kept_word(ino) & (SF_KEPT_FILTERS * SF_INO_FILTER_BITS / 64 - 1)],
		sf_kept_bit(ino, SF_KEPT_FILTER_KERNEL));
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

/* Off the stack: a hook's own state and the judge's leave no room for it. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_name_walk);
} name_scratch SEC(".maps");

/* bpf_loop()'s context must be on the stack: it points at the walk. */
struct sf_place_ctx {
	struct sf_name_walk *w;
};

static long sf_place_hash_one(__u32 i, struct sf_place_ctx *ctx)
{
	return sf_name_hash_one(i, ctx->w);
}

/*
 * A socket file as the checks below need it, read once from its inode and
 * the dentry it is bound at: plain numbers, so that a BPF global function
 * may take it (sf_keep_renamed()). The directory is on the socket file's
 * file system (a dentry's parent always is): one device serves both.
 */
struct sf_socket_file {
	__u64 dev;
	__u64 ino;
	__u64 dir_ino;	 /* 0: no directory (cannot happen for a bound socket file) */
	__u64 name_addr; /* its name's address in the kernel */
};

/* All but the name, which only sf_unix_protected() reads (sf_socket_file_name()). */
static __always_inline void sf_socket_file_read(struct inode *inode, struct dentry *dentry,
						struct sf_socket_file *file)
{
	struct dentry *parent = dentry->d_parent;
	struct inode *dir = parent ? parent->d_inode : NULL;

	file->dev = inode->i_sb->s_dev;
	file->ino = inode->i_ino;
	file->dir_ino = dir ? dir->i_ino : 0;
	file->name_addr = 0;
}

static __always_inline void sf_socket_file_name(struct dentry *dentry, struct sf_socket_file *file)
{
	file->name_addr = (__u64)(unsigned long)dentry->d_name.name;
}

/* unix_dentries index of the place the socket file is bound at, or -1. */
static __always_inline int sf_find_place(const struct sf_policy *policy,
					 const struct sf_socket_file *file)
{
	struct sf_place_ctx ctx;
	struct sf_name_walk *w;
	__u32 zero = 0;
	long len;
	int found;

	if (!file->dir_ino || !file->name_addr ||
	    !sf_ino_filter_has(&policy->dir_ino_filter, file->dev, file->dir_ino))
		return -1; /* the common case ends here: not a directory of the policy */
	found = sf_find(policy, SF_TABLE_DIR, file->dev, file->dir_ino, 0);
	if (found < 0)
		return -1;
	w = bpf_map_lookup_elem(&name_scratch, &zero);
	if (!w)
		return -1;
	len = bpf_probe_read_kernel_str(w->path, sizeof(w->path),
					(const void *)(unsigned long)file->name_addr);
	if (len <= 1)
		return -1;
	w->len = (__u32)len - 1;
	w->hash = SF_NAME_HASH_SEED;
	ctx.w = w;
	bpf_loop(SF_PATH_LEN, sf_place_hash_one, &ctx, 0);
	return sf_find(policy, SF_TABLE_DENTRY, (__u64)found, w->hash, 0);
}

/* Does policy protect the socket file? Fills out and returns true when it does. */
static __always_inline bool sf_unix_protected(const struct sf_policy *policy,
					      const struct sf_socket_file *file,
					      struct sf_protection *out)
{
	struct sf_kept_key key = { .dev = file->dev, .ino = file->ino };
	struct sf_kept *kept_socket;
	int found;

	if (sf_ino_filter_has(&policy->unix_ino_filter, key.dev, key.ino)) {
		found = sf_find(policy, SF_TABLE_UNIX, key.dev, key.ino, 0);
		if (found >= 0 && found < SF_MAX_TARGETS) {
			out->endpoint_id = policy->unix_targets[found].endpoint_id;
			out->path = policy->unix_targets[found].path;
			return true;
		}
	}
	found = sf_find_place(policy, file);
	if (found >= 0 && found < SF_MAX_TARGETS) {
		out->endpoint_id = policy->unix_dentries[found].endpoint_id;
		out->path = policy->unix_dentries[found].path;
		return true;
	}
	if (!sf_may_be_kept(key.ino))
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

/*
 * Is the socket file (inode ino, file name name_len bytes long) certainly
 * not protected by the generation in force? A peek (judge.bpf.h) at the
 * state alone: the slot's filters and the kept ones live in it, so most
 * connects end without a map lookup and without reading a device,
 * directory or name. A set bit only means the held path looks (sf_unix_protected()).
 */
static __always_inline bool sf_unix_surely_unprotected(__u64 ino, __u32 name_len)
{
	struct sf_peek peek;
	const struct sf_fast_filter *fast = sf_peek_fast(&peek);

	if (!fast)
		return false;
	/* The name's length first: then only the inode's bit is live for the rest. */
	if (sf_place_name_len_has(fast, name_len) || sf_inode_filter_has(&fast->unix_inodes, ino) ||
	    sf_kept_has(peek.state->kept, ino))
		return false;
	return sf_peek_still(&peek);
}

/* An abstract name being hashed, with the hashes at the policy's prefix lengths. */
struct sf_abstract_walk {
	char name[SF_PATH_LEN];
	__u32 len;
	__u32 n_prefixes;
	__u64 hash;
	__u32 prefix_len[SF_ABSTRACT_PREFIX_LENS];
	__u64 prefix_hash[SF_ABSTRACT_PREFIX_LENS];
};

/* bpf_loop()'s context: pointers stay on the stack (a map value may not hold one). */
struct sf_abstract_ctx {
	struct sf_abstract_walk *w;
	const struct sf_policy *policy;
};

static long sf_abstract_hash_one(__u32 i, struct sf_abstract_ctx *ctx)
{
	struct sf_abstract_walk *w = ctx->w;
	__u32 l = i + 1, slot;

	if (i >= SF_PATH_LEN || i >= w->len)
		return 1;
	w->hash = sf_text_hash_step(w->hash, (unsigned char)w->name[i]);
	if (!((ctx->policy->abstract_prefix_lens[(l / 64) & 1] >> (l % 64)) & 1))
		return 0;
	slot = w->n_prefixes;
	if (slot < SF_ABSTRACT_PREFIX_LENS) {
		w->prefix_len[slot] = l;
		w->prefix_hash[slot] = w->hash;
		w->n_prefixes = slot + 1;
	}
	return 0;
}

/* unix_abstract index of the entry protecting this abstract name, or -1. */
static __always_inline int sf_find_abstract(const struct sf_policy *policy,
					    struct sf_abstract_walk *w)
{
	struct sf_abstract_ctx ctx = { .w = w, .policy = policy };
	int found;

	w->hash = SF_NAME_HASH_SEED;
	w->n_prefixes = 0;
	bpf_loop(SF_PATH_LEN, sf_abstract_hash_one, &ctx, 0);
	found = sf_find(policy, SF_TABLE_ABSTRACT, w->len, w->hash, 0);
	/* The longest prefix first. */
	for (int k = SF_ABSTRACT_PREFIX_LENS - 1; k >= 0 && found < 0; k--) {
		if ((__u32)k < w->n_prefixes)
			found = sf_find(policy, SF_TABLE_ABSTRACT,
					w->prefix_len[k] | SF_ABSTRACT_PREFIX, w->prefix_hash[k],
					0);
	}
	return found;
}

/* The walk does not fit on the stack beside a hook's own state. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_abstract_walk);
} abstract_scratch SEC(".maps");

/*
 * Does policy protect sock, a unix socket with an abstract address? Only
 * in the host's network namespace: the same name in another namespace is
 * another socket (CVE-2020-15257 was a host-network container reaching
 * containerd-shim's). Fills out and returns true when it does.
 */
static __always_inline bool sf_abstract_protected(const struct sf_policy *policy, struct sock *sock,
						  struct unix_sock *u, struct sf_protection *out)
{
	struct unix_address *addr = u->addr;
	struct sf_abstract_walk *w;
	__u32 zero = 0;
	int len, found;

	if (!addr || !policy->n_unix_abstract)
		return false;
	if (sock->__sk_common.skc_net.net->ns.inum != policy->host_netns)
		return false;
	/* The address: sun_family, a NUL, then the name's bytes. */
	len = addr->len - (int)offsetof(struct sockaddr_un, sun_path) - 1;
	if (len <= 0)
		return false;
	w = bpf_map_lookup_elem(&abstract_scratch, &zero);
	if (!w)
		return false;
	if (len > SF_PATH_LEN - 1)
		len = SF_PATH_LEN - 1;
	if (bpf_probe_read_kernel(w->name, len,
				  (const char *)addr->name +
					  offsetof(struct sockaddr_un, sun_path) + 1) != 0)
		return false;
	w->len = (__u32)len;
	found = sf_find_abstract(policy, w);
	if (found < 0 || found >= SF_MAX_ABSTRACT)
		return false;
	out->endpoint_id = policy->unix_abstract[found].endpoint_id;
	out->path = policy->unix_abstract[found].name;
	return true;
}

#define SF_S_IFMT   00170000
#define SF_S_IFSOCK 0140000

/*
 * A rename is about to move a socket file (or replace it): when it is
 * protected, keep it protected under whatever name it gets. 0 lets the
 * rename go on; -EPERM refuses it when the kept map has no room, since
 * letting it through would unprotect the socket. A global function, so
 * that the verifier checks it once and not once per side and state of the
 * hook (6.12 spent 2.8 s of every start on the two sides inline).
 */
__attribute__((noinline)) int sf_keep_renamed(const struct sf_policy *policy,
					      const struct sf_socket_file *file)
{
	struct sf_protection why;
	struct sf_kept_key key;
	struct sf_kept value = { .by = SF_KEPT_BY_RENAME };

	if (!policy || !file)
		return -EPERM; /* cannot happen; never fail open */
	if (!sf_unix_protected(policy, file, &why))
		return 0;
	key.dev = file->dev;
	key.ino = file->ino;
	if (bpf_map_lookup_elem(&kept, &key))
		return 0;
	if (why.endpoint_id >= SF_MAX_ENDPOINTS)
		return -EPERM; /* cannot happen; never fail open */
	value.endpoint_hash = policy->endpoint_hash[why.endpoint_id];
	value.since_ns = bpf_ktime_get_ns();
	bpf_probe_read_kernel_str(value.path, sizeof(value.path), why.path);
	sf_kept_filter_add(key.ino);
	if (bpf_map_update_elem(&kept, &key, &value, BPF_NOEXIST) != 0 &&
	    !bpf_map_lookup_elem(&kept, &key)) {
		sf_count(SF_CNT_KEPT_FULL);
		return -EPERM;
	}
	sf_count(SF_CNT_KEPT_BY_RENAME);
	return 0;
}

/* A socket file's inode, or NULL. */
static __always_inline struct inode *sf_socket_inode(struct dentry *dentry)
{
	struct inode *inode = dentry ? dentry->d_inode : NULL;

	if (!inode || (inode->i_mode & SF_S_IFMT) != SF_S_IFSOCK)
		return NULL;
	return inode;
}

/*
 * Both sides: the file moved, and (RENAME_EXCHANGE, or replaced) the one
 * at the new name. One hold of the policy for both: the verifier then
 * follows the hold once.
 */
static __always_inline int sf_check_rename(struct dentry *old_dentry, struct dentry *new_dentry)
{
	struct inode *old_inode = sf_socket_inode(old_dentry);
	struct inode *new_inode = sf_socket_inode(new_dentry);
	struct sf_socket_file old_file, new_file;
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	int err = 0;

	if (!old_inode && !new_inode)
		return 0;
	if (old_inode) {
		sf_socket_file_read(old_inode, old_dentry, &old_file);
		sf_socket_file_name(old_dentry, &old_file);
	}
	if (new_inode) {
		sf_socket_file_read(new_inode, new_dentry, &new_file);
		sf_socket_file_name(new_dentry, &new_file);
	}
	policy = sf_active_policy(&hold);
	if (!policy)
		return -EPERM;
	if (old_inode)
		err = sf_keep_renamed(policy, &old_file) ? -EPERM : 0;
	if (!err && new_inode)
		err = sf_keep_renamed(policy, &new_file) ? -EPERM : 0;
	sf_policy_release(&hold);
	return err;
}

#endif /* SOCKFENCE_UNIX_PLACES_BPF_H */
