/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The access decision, kept free of BPF helpers so the host unit tests run
 * the very code the kernel runs: target lookup in a compiled policy, rule
 * matching, and the verdict. The hooks only gather inputs and report.
 */
#ifndef SOCKFENCE_DECIDE_H
#define SOCKFENCE_DECIDE_H

#ifndef __VMLINUX_H__
#include <stdbool.h>
#endif
#include "sockfence.h"

/* log2(SF_MAX_TARGETS) + 1 halvings find any target. */
#define SF_SEARCH_STEPS 10

static inline bool sf_unix_less(const struct sf_unix_target *t, __u64 dev, __u64 ino)
{
	return t->dev < dev || (t->dev == dev && t->ino < ino);
}

/*
 * The policy's filters (struct sf_policy): a clear bit is a certain "not
 * protected", so the connects that reach nothing sockfence guards, nearly
 * all of them, end after one load instead of a search. A set bit only
 * means the search runs.
 */
/*
 * A file's bit: its inode number mixed with its device, since the roots
 * of every tmpfs (/tmp, /run, ...) are all inode 1, and so on.
 */
static inline __u32 sf_ino_filter_bit(__u64 dev, __u64 ino)
{
	__u64 key = ino ^ (dev * 0x9e3779b97f4a7c15ULL);

	return (__u32)(key ^ (key >> 32)) & (SF_INO_FILTER_BITS - 1);
}

static inline bool sf_ino_filter_has(const struct sf_ino_filter *filter, __u64 dev, __u64 ino)
{
	__u32 bit = sf_ino_filter_bit(dev, ino);

	return (filter->bits[bit / 64] >> (bit % 64)) & 1;
}

static inline void sf_ino_filter_add(struct sf_ino_filter *filter, __u64 dev, __u64 ino)
{
	__u32 bit = sf_ino_filter_bit(dev, ino);

	filter->bits[bit / 64] |= 1ULL << (bit % 64);
}

/*
 * A socket file's bit in a filter by inode number alone (struct
 * sf_fast_filter, the kept filters): the unprotected unix connect does
 * not read the device. The low bits: file systems hand inode numbers out
 * one after another (tmpfs, ext4 within a group), which spreads them over
 * the filter as well as any hash would; a collision only costs a search.
 */
static inline __u32 sf_inode_bit(__u64 ino)
{
	return (__u32)ino & (SF_INO_FILTER_BITS - 1);
}

static inline bool sf_inode_filter_has(const struct sf_ino_filter *filter, __u64 ino)
{
	__u32 bit = sf_inode_bit(ino);

	return (filter->bits[bit / 64] >> (bit % 64)) & 1;
}

static inline void sf_inode_filter_add(struct sf_ino_filter *filter, __u64 ino)
{
	__u32 bit = sf_inode_bit(ino);

	filter->bits[bit / 64] |= 1ULL << (bit % 64);
}

/*
 * The kept filters (struct sf_policy_state): inode bit b is bit b % 32 of
 * word b / 32 for the kernel's filter and bit 32 + b % 32 for the
 * daemon's.
 */
static inline __u32 sf_kept_word(__u64 ino)
{
	return sf_inode_bit(ino) / 32;
}

static inline __u64 sf_kept_bit(__u64 ino, __u32 which)
{
	return 1ULL << ((which & 1) * 32 + sf_inode_bit(ino) % 32);
}

/* May ino be kept, by either filter? false is certain. */
static inline bool sf_kept_has(const __u64 *kept, __u64 ino)
{
	__u32 bit = sf_inode_bit(ino);

	return (kept[(bit / 32) & (SF_KEPT_FILTERS * SF_INO_FILTER_BITS / 64 - 1)] >> (bit % 32)) &
	       (1ULL << 32 | 1);
}

/* May a socket file whose name is len bytes long be bound at one of the places? */
static inline bool sf_place_name_len_has(const struct sf_fast_filter *fast, __u32 len)
{
	len &= SF_NAME_LEN_BITS - 1;
	return (fast->place_name_lens[len / 64] >> (len % 64)) & 1;
}

static inline void sf_place_name_len_add(struct sf_fast_filter *fast, __u32 len)
{
	len &= SF_NAME_LEN_BITS - 1;
	fast->place_name_lens[len / 64] |= 1ULL << (len % 64);
}

/* Exact: is port (host order) one of the policy's protected ports? */
static inline bool sf_fast_port_has(const struct sf_fast_filter *fast, __u32 port)
{
	port &= 0xffff;
	return (fast->tcp_ports[port / 64] >> (port % 64)) & 1;
}

static inline bool sf_port_protected(const struct sf_policy *p, __u32 port)
{
	return sf_fast_port_has(&p->fast, port);
}

/* Which sorted table of a policy a search looks in. */
enum sf_table {
	SF_TABLE_UNIX = 0,     /* unix_targets, by (dev, ino) */
	SF_TABLE_TCP = 1,      /* tcp_targets, by port */
	SF_TABLE_NAME = 2,     /* unix_names, by hash */
	SF_TABLE_DIR = 3,      /* unix_dirs, by (dev, ino) */
	SF_TABLE_DENTRY = 4,   /* unix_dentries, by (dir, name hash) */
	SF_TABLE_ABSTRACT = 5, /* unix_abstract, by (key, hash) */
};

/*
 * A binary search over a sorted table of a policy, one halving per call of
 * sf_search_step(). BPF runs the steps through bpf_loop() so the verifier
 * checks one step, not every path through ten of them. Every table is
 * ordered by a pair of keys (a, b); the one-key tables have a = 0.
 */
struct sf_search {
	const struct sf_policy *policy;
	__u64 a;
	__u64 b;
	__u32 table; /* enum sf_table */
	__u32 lo;
	__u32 hi;
	int found; /* index, or -1 */
};

static inline __u32 sf_table_len(const struct sf_policy *p, __u32 table)
{
	switch (table) {
	case SF_TABLE_UNIX:
		return p->n_unix;
	case SF_TABLE_TCP:
		return p->n_tcp;
	case SF_TABLE_NAME:
		return p->n_unix_names;
	case SF_TABLE_DIR:
		return p->n_unix_dirs;
	case SF_TABLE_DENTRY:
		return p->n_unix_dentries;
	default:
		return p->n_unix_abstract < SF_MAX_ABSTRACT ? p->n_unix_abstract : SF_MAX_ABSTRACT;
	}
}

/* The keys of entry i (< SF_MAX_TARGETS) of a table. */
static inline void sf_table_key(const struct sf_policy *p, __u32 table, __u32 i, __u64 *a, __u64 *b)
{
	switch (table) {
	case SF_TABLE_UNIX:
		*a = p->unix_targets[i].dev;
		*b = p->unix_targets[i].ino;
		break;
	case SF_TABLE_TCP:
		*a = 0;
		*b = p->tcp_targets[i].port;
		break;
	case SF_TABLE_NAME:
		*a = 0;
		*b = p->unix_names[i].hash;
		break;
	case SF_TABLE_DIR:
		*a = p->unix_dirs[i].dev;
		*b = p->unix_dirs[i].ino;
		break;
	case SF_TABLE_DENTRY:
		*a = p->unix_dentries[i].dir;
		*b = p->unix_dentries[i].name_hash;
		break;
	default:
		i &= SF_MAX_ABSTRACT - 1; /* the table is smaller; its length is capped too */
		*a = p->unix_abstract[i].key;
		*b = p->unix_abstract[i].hash;
		break;
	}
}

/*
 * dev and ino are the keys of the pair tables (a dentry's: dir, name hash;
 * a name's: ino is the hash), port the TCP table's.
 */
static inline void sf_search_init(struct sf_search *s, const struct sf_policy *p, __u32 table,
				  __u64 dev, __u64 ino, __u32 port)
{
	__u32 n = sf_table_len(p, table);

	s->policy = p;
	s->table = table;
	s->a = table == SF_TABLE_TCP || table == SF_TABLE_NAME ? 0 : dev;
	s->b = table == SF_TABLE_TCP ? port : ino;
	s->lo = 0;
	s->hi = n < SF_MAX_TARGETS ? n : SF_MAX_TARGETS;
	s->found = -1;
}

/* Does entry i of the searched table hold the key? */
static inline bool sf_search_hit(const struct sf_search *s, __u32 i)
{
	__u64 a, b;

	if (i >= SF_MAX_TARGETS)
		return false;
	sf_table_key(s->policy, s->table, i, &a, &b);
	return a == s->a && b == s->b;
}

/*
 * Tables this small (the shipped policy's are) are compared entry by entry,
 * inline: cheaper than the bpf_loop() calls of a binary search, on the
 * path every unprotected connect takes.
 */
#define SF_SEARCH_LINEAR_MAX 4

static inline int sf_search_linear(const struct sf_search *s)
{
	for (__u32 i = 0; i < SF_SEARCH_LINEAR_MAX; i++) {
		if (i >= s->hi)
			break;
		if (sf_search_hit(s, i))
			return (int)i;
	}
	return -1;
}

/* One halving; returns 1 when the search is over (found or not). */
static inline long sf_search_step(struct sf_search *s)
{
	__u32 mid = s->lo + (s->hi - s->lo) / 2;
	__u64 a, b;

	if (s->lo >= s->hi || mid >= SF_MAX_TARGETS)
		return 1;
	sf_table_key(s->policy, s->table, mid, &a, &b);
	if (a == s->a && b == s->b) {
		s->found = (int)mid;
		return 1;
	}
	if (a < s->a || (a == s->a && b < s->b))
		s->lo = mid + 1;
	else
		s->hi = mid;
	return 0;
}

/*
 * FNV-1a (64 bit) of a socket path's file name, fed one byte at a time: a
 * '/' starts the hash again, so after the last byte it covers only what
 * follows the last '/'. The kernel side hashes the path a client passed to
 * connect() this way; a collision can only make an unprotected socket be
 * judged as a protected one, never the reverse.
 */
#define SF_NAME_HASH_SEED  0xcbf29ce484222325ULL
#define SF_NAME_HASH_PRIME 0x100000001b3ULL

static inline __u64 sf_name_hash_step(__u64 hash, unsigned char c)
{
	if (c == '/')
		return SF_NAME_HASH_SEED;
	return (hash ^ c) * SF_NAME_HASH_PRIME;
}

static inline __u64 sf_text_hash_step(__u64 hash, unsigned char c)
{
	return (hash ^ c) * SF_NAME_HASH_PRIME;
}

#ifndef __VMLINUX_H__
static inline __u64 sf_name_hash(const char *path)
{
	__u64 hash = SF_NAME_HASH_SEED;

	for (; *path; path++)
		hash = sf_name_hash_step(hash, (unsigned char)*path);
	return hash;
}

static inline int sf_find_in(const struct sf_policy *p, __u32 table, __u64 dev, __u64 ino,
			     __u32 port)
{
	struct sf_search s;

	sf_search_init(&s, p, table, dev, ino, port);
	if (s.hi <= SF_SEARCH_LINEAR_MAX)
		return sf_search_linear(&s);
	for (int step = 0; step < SF_SEARCH_STEPS && !sf_search_step(&s); step++)
		;
	return s.found;
}

/* Index of the unix target (dev, ino) in p, or -1 when it is not protected. */
static inline int sf_find_unix(const struct sf_policy *p, __u64 dev, __u64 ino)
{
	return sf_find_in(p, SF_TABLE_UNIX, dev, ino, 0);
}

/* Index of the TCP target for port in p, or -1 when it is not protected. */
static inline int sf_find_tcp(const struct sf_policy *p, __u32 port)
{
	return sf_find_in(p, SF_TABLE_TCP, 0, 0, port);
}

/* Index of the unix name of path's file name in p, or -1. */
static inline int sf_find_name(const struct sf_policy *p, const char *path)
{
	return sf_find_in(p, SF_TABLE_NAME, 0, sf_name_hash(path), 0);
}

/*
 * Index of the unix dentry for file name in directory (dir_dev, dir_ino)
 * in p, or -1: what the kernel side looks up for a listener's bound dentry.
 */
static inline int sf_find_dentry(const struct sf_policy *p, __u64 dir_dev, __u64 dir_ino,
				 const char *name)
{
	int dir = sf_find_in(p, SF_TABLE_DIR, dir_dev, dir_ino, 0);

	return dir < 0 ? -1 : sf_find_in(p, SF_TABLE_DENTRY, (__u64)dir, sf_name_hash(name), 0);
}

/* FNV-1a (64 bit) of a whole string: endpoint names in sf_kept, abstract names. */
static inline __u64 sf_text_hash(const char *text)
{
	__u64 hash = SF_NAME_HASH_SEED;

	for (; *text; text++)
		hash = sf_text_hash_step(hash, (unsigned char)*text);
	return hash;
}

/*
 * Index of the abstract entry that protects the socket named name (without
 * its leading NUL) in p, or -1: what the kernel side searches, for tests.
 * An exact name first, then the longest prefix.
 */
static inline int sf_find_abstract(const struct sf_policy *p, const char *name)
{
	__u64 hash = SF_NAME_HASH_SEED, prefix[SF_PATH_LEN];
	__u32 len = 0;
	int found;

	for (; len < SF_PATH_LEN && name[len]; len++) {
		hash = sf_text_hash_step(hash, (unsigned char)name[len]);
		prefix[len] = hash;
	}
	found = sf_find_in(p, SF_TABLE_ABSTRACT, len, hash, 0);
	for (__u32 l = len; found < 0 && l > 0; l--) {
		if (p->abstract_prefix_lens[l / 64] & (1ULL << (l % 64)))
			found = sf_find_in(p, SF_TABLE_ABSTRACT, l | SF_ABSTRACT_PREFIX,
					   prefix[l - 1], 0);
	}
	return found;
}
#endif

/*
 * The endpoint of p whose name has hash (sf_kept.endpoint_hash), or -1 when
 * the generation has no endpoint of that name.
 */
static inline int sf_endpoint_by_hash(const struct sf_policy *p, __u64 hash)
{
	for (__u32 i = 0; i < SF_MAX_ENDPOINTS; i++) {
		if (i >= p->n_endpoints)
			break;
		if (p->endpoint_hash[i] == hash)
			return (int)i;
	}
	return -1;
}

/* What the names of a cgroup's ancestry say about it (identity.bpf.h caches it). */
struct sf_cgroup_origin {
	__u32 in_container; /* SF_CONTAINER_CGROUP, or 0 */
	char container_id[SF_CONTAINER_ID_LEN + 1];
};

/* Everything a rule can ask about the caller. */
struct sf_identity {
	struct sf_caller caller;
	struct sf_groups groups;
	struct sf_cgroups cgroups;
	__u32 unread;	  /* enum sf_identity_unread: caller fields still to read for a report */
	__s32 allowed_by; /* after a judgement: the rule_hits index of an unreported allow, or -1 */
};

/*
 * Caller fields no rule reads, left for the report (identity.bpf.h): an
 * allowed connect, the common case, never pays for them.
 */
enum sf_identity_unread {
	SF_IDENTITY_UNREAD_REPORT = 1 << 0, /* ppid and comm */
	SF_IDENTITY_UNREAD_EXE = 1 << 1,    /* exe_dev and exe_ino */
};

/*
 * Everything a judgement of the caller depends on, as few numbers as a
 * hook can read again cheaply: the credentials, the supplementary groups,
 * the pid namespace's level, the cgroup (its id names its whole ancestry,
 * the names the container origin and id come from included: cgroup v2
 * directories are never renamed or moved and ids are not reused within a
 * boot), and the executable when the generation reads it (0 when not).
 */
#define SF_MEMO_GROUPS 16 /* a caller with more is judged every time */

struct sf_caller_facts {
	__u32 uid;
	__u32 euid;
	__u32 gid;
	__u32 egid;
	__u32 pidns_level;
	__u32 n_groups;
	__u64 cgroup_id;
	__u64 exe_dev;
	__u64 exe_ino;
	__u32 groups[SF_MEMO_GROUPS]; /* 0 beyond n_groups */
};

/*
 * A task's allowed judgements (judge.bpf.h keeps one per task): the
 * generation (its policy state word, which comes back only after 2^32
 * publications, each a reload by root)
 * and the caller's facts they were made with, the endpoints they allowed
 * and the rule that allowed each. The same facts under the same
 * generation are the same judgement: a hook may answer "allowed" from it
 * without walking the rules. Only an allow is kept; a denial (and an
 * audited one) is judged, and reported, every time.
 */
struct sf_allowed_memo {
	__u64 state;
	__u64 endpoints; /* a bit per endpoint id */
	struct sf_caller_facts facts;
	__u16 rule[SF_MAX_ENDPOINTS]; /* index into rule_hits (SF_MAX_RULES: the default) */
};

/*
 * All ones when i < n, else 0. In BPF without a branch, which would fork
 * the verifier's states once per use: clang makes one of the plain
 * comparison, and of the same arithmetic written in C.
 */
#ifdef __VMLINUX_H__
static inline __u32 sf_below_mask(__u32 i, __u32 n)
{
	__s64 d = (__s64)i - (__s64)n;

	asm volatile("%0 s>>= 63" : "+r"(d));
	return (__u32)d;
}
#else
static inline __u32 sf_below_mask(__u32 i, __u32 n)
{
	return i < n ? ~0u : 0;
}
#endif

/* The facts of a judged caller; false when they cannot be kept (too many groups). */
static inline bool sf_caller_facts_of(const struct sf_identity *who, struct sf_caller_facts *f)
{
	const struct sf_caller *c = &who->caller;
	__u32 n = who->groups.count;

	if (who->groups.truncated || n > SF_MEMO_GROUPS)
		return false;
	f->uid = c->uid;
	f->euid = c->euid;
	f->gid = c->gid;
	f->egid = c->egid;
	f->pidns_level = c->pidns_level;
	f->n_groups = n;
	f->cgroup_id = c->cgroup_id;
	f->exe_dev = c->exe_dev;
	f->exe_ino = c->exe_ino;
	for (__u32 i = 0; i < SF_MEMO_GROUPS; i++)
		f->groups[i] = who->groups.gid[i] & sf_below_mask(i, n);
	return true;
}

/*
 * Are two callers' facts the same? Every field, without a branch per
 * group; the groups only when there are any (both are 0 beyond n_groups).
 */
static inline bool sf_caller_facts_same(const struct sf_caller_facts *a,
					const struct sf_caller_facts *b)
{
	__u64 diff = (a->uid ^ b->uid) | (a->euid ^ b->euid) | (a->gid ^ b->gid) |
		     (a->egid ^ b->egid) | (a->pidns_level ^ b->pidns_level) |
		     (a->n_groups ^ b->n_groups);

	diff |= (a->cgroup_id ^ b->cgroup_id) | (a->exe_dev ^ b->exe_dev) |
		(a->exe_ino ^ b->exe_ino);
	if (diff || !a->n_groups)
		return diff == 0;
	for (__u32 i = 0; i < SF_MEMO_GROUPS; i++)
		diff |= a->groups[i] ^ b->groups[i];
	return diff == 0;
}

/*
 * i & (n - 1), n a power of two, at the very use: clang drops a mask it
 * can prove redundant after a bounds check, and Linux 6.1's verifier has
 * by then lost that check's bound whenever the value went through the
 * stack.
 */
#ifdef __VMLINUX_H__
#define SF_INDEX(i, n)                                                                             \
	({                                                                                         \
		__u64 __at = (i);                                                                  \
		asm volatile("%0 &= %1" : "+r"(__at) : "i"((n)-1));                                \
		__at;                                                                              \
	})
#else
#define SF_INDEX(i, n) ((i) & ((n)-1))
#endif

/* The rule a memo says allowed endpoint_id under state, or -1. */
static inline int sf_memo_rule(const struct sf_allowed_memo *m, __u64 state, __u32 endpoint_id,
			       const struct sf_caller_facts *now)
{
	if (m->state != state || endpoint_id >= SF_MAX_ENDPOINTS ||
	    !((m->endpoints >> endpoint_id) & 1) || !sf_caller_facts_same(&m->facts, now))
		return -1;
	return m->rule[SF_INDEX(endpoint_id, SF_MAX_ENDPOINTS)];
}

/*
 * An allowed judgement into the memo: the caller's facts under state,
 * joining what the memo already holds when both are the same.
 */
static inline void sf_memo_add(struct sf_allowed_memo *m, __u64 state, __u32 endpoint_id,
			       __u32 rule, const struct sf_caller_facts *now)
{
	if (endpoint_id >= SF_MAX_ENDPOINTS)
		return;
	if (m->state != state || !sf_caller_facts_same(&m->facts, now)) {
		m->state = state;
		m->endpoints = 0;
		m->facts = *now;
	}
	m->rule[SF_INDEX(endpoint_id, SF_MAX_ENDPOINTS)] =
		rule < SF_MAX_RULES ? rule : SF_MAX_RULES;
	m->endpoints |= 1ULL << endpoint_id;
}

static inline __u8 sf_caller_origin(const struct sf_caller *c)
{
	return c->container_by ? SF_ORIGIN_CONTAINER : SF_ORIGIN_HOST;
}

/* Does the container id start with the rule's prefix? */
static inline bool sf_container_matches(const struct sf_rule *r, const struct sf_caller *c)
{
	if (!c->container_id[0] || r->container_len == 0)
		return false;
	for (__u32 i = 0; i < SF_CONTAINER_ID_LEN && i < r->container_len; i++) {
		if (c->container_id[i] != r->container[i])
			return false;
	}
	return true;
}

/*
 * Is the rule's cgroup the caller's or one of its ancestors? When the
 * ancestry was deeper than could be read, a deny rule counts it as one
 * (fail closed: its cgroup may be above what was read) and an allow rule
 * does not.
 */
static inline bool sf_cgroup_matches(const struct sf_rule *r, const struct sf_cgroups *cg)
{
	for (__u32 i = 0; i < SF_CGROUP_DEPTH && i < cg->depth; i++) {
		if (cg->id[i] == r->cgroup_id)
			return true;
	}
	return cg->truncated && r->action == SF_ACTION_DENY;
}

/*
 * Does the caller hold group gid? When its supplementary groups were more
 * than could be read, a deny rule counts the group as held (fail closed)
 * and an allow rule does not.
 */
static inline bool sf_caller_in_group(const struct sf_caller *c, const struct sf_groups *g,
				      __u32 gid, __u8 action)
{
	if (c->gid == gid || c->egid == gid)
		return true;
	for (__u32 i = 0; i < SF_MAX_GROUPS && i < g->count; i++) {
		if (g->gid[i] == gid)
			return true;
	}
	return g->truncated && action == SF_ACTION_DENY;
}

static inline bool sf_rule_matches(const struct sf_rule *r, __u32 endpoint_id,
				   const struct sf_identity *who)
{
	const struct sf_caller *c = &who->caller;

	if (endpoint_id >= 64 || !(r->endpoints & (1ULL << endpoint_id)))
		return false;
	if (r->origin != SF_ORIGIN_ANY && r->origin != sf_caller_origin(c))
		return false;
	if (r->match & SF_MATCH_SOURCE)
		return false; /* source prefixes decide only remote requests */
	if ((r->match & SF_MATCH_UID) && (c->uid != r->uid || c->euid != r->uid))
		return false;
	if ((r->match & SF_MATCH_GID) && !sf_caller_in_group(c, &who->groups, r->gid, r->action))
		return false;
	if ((r->match & SF_MATCH_EXE) && (c->exe_dev != r->exe_dev || c->exe_ino != r->exe_ino))
		return false;
	if ((r->match & SF_MATCH_CONTAINER) && !sf_container_matches(r, c))
		return false;
	if ((r->match & SF_MATCH_CGROUP) && !sf_cgroup_matches(r, &who->cgroups))
		return false;
	return true;
}

/* A source address as in sf_source: 16 bytes, IPv4 as IPv4-mapped. */
struct sf_addr16 {
	__u8 b[16];
};

/*
 * In BPF a global function: verified once, not once more for each source
 * of each rule the rule walk reaches (26,000 instructions on 6.12 inline).
 */
#ifdef __VMLINUX_H__
#define SF_DECIDE_FN __attribute__((noinline))
#else
#define SF_DECIDE_FN static inline
#endif

/* Is addr inside the prefix? */
SF_DECIDE_FN int sf_source_contains(const struct sf_source *src, const struct sf_addr16 *addr)
{
	__u32 bits;

	if (!src || !addr)
		return 0;
	bits = src->prefix_len > 128 ? 128 : src->prefix_len;
	for (__u32 i = 0; i < 16; i++) {
		__u8 mask;

		if (bits == 0)
			return 1;
		mask = bits >= 8 ? 0xff : (__u8)(0xff << (8 - bits));
		if ((src->addr[i] ^ addr->b[i]) & mask)
			return 0;
		bits = bits >= 8 ? bits - 8 : 0;
	}
	return 1;
}

/*
 * Does rule r decide a connection request from a remote source (addr, as
 * in sf_source) to endpoint_id? Only a rule that asks nothing about the
 * caller: the kernel cannot know who is on the other end. from: remote
 * rules and rules without from; with sources, one of them must hold addr.
 */
static inline bool sf_remote_rule_matches(const struct sf_policy *p, const struct sf_rule *r,
					  __u32 endpoint_id, const struct sf_addr16 *addr)
{
	if (endpoint_id >= 64 || !(r->endpoints & (1ULL << endpoint_id)))
		return false;
	if (r->origin != SF_ORIGIN_ANY && r->origin != SF_ORIGIN_REMOTE)
		return false;
	if (r->match & SF_MATCH_IDENTITY)
		return false;
	if (!(r->match & SF_MATCH_SOURCE))
		return true;
	for (__u32 i = 0; i < SF_MAX_SOURCES_PER_RULE && i < r->source_count; i++) {
		__u32 at = r->source_first + i;

		if (at < SF_MAX_SOURCES && sf_source_contains(&p->sources[at], addr))
			return true;
	}
	return false;
}

/*
 * The rule index (struct sf_rule_index): the compiler sets every rule in
 * each mask it can match under, so walking only the bits set in all of a
 * caller's masks, in order, finds the first match a walk of every rule
 * finds.
 */
static inline __u32 sf_id_bucket(__u32 id)
{
	return (id * 0x9e3779b1u) >> (32 - SF_ID_BUCKET_BITS);
}

static inline void sf_rule_mask_set(struct sf_rule_mask *m, __u32 rule)
{
	if (rule < SF_MAX_RULES)
		m->w[rule / 64] |= 1ULL << (rule % 64);
}

/* Words of a mask that hold rules of this policy. */
static inline __u32 sf_rule_words(const struct sf_policy *p)
{
	__u32 n = p->n_rules > SF_MAX_RULES ? SF_MAX_RULES : p->n_rules;

	return (n + 63) / 64;
}

/* The compiler's half: rule r (at position i) into every mask it can match under. */
static inline void sf_rule_index_add(struct sf_rule_index *x, const struct sf_rule *r, __u32 i)
{
	for (__u32 e = 0; e < SF_MAX_ENDPOINTS; e++) {
		if (r->endpoints & (1ULL << e))
			sf_rule_mask_set(&x->endpoint[e], i);
	}
	if (!(r->match & SF_MATCH_SOURCE)) { /* as sf_rule_matches() */
		if (r->origin == SF_ORIGIN_ANY || r->origin == SF_ORIGIN_HOST)
			sf_rule_mask_set(&x->host, i);
		if (r->origin == SF_ORIGIN_ANY || r->origin == SF_ORIGIN_CONTAINER)
			sf_rule_mask_set(&x->container, i);
	}
	if ((r->origin == SF_ORIGIN_ANY || r->origin == SF_ORIGIN_REMOTE) &&
	    !(r->match & SF_MATCH_IDENTITY)) /* as sf_remote_rule_matches() */
		sf_rule_mask_set(&x->remote, i);
	for (__u32 b = 0; b < SF_ID_BUCKETS; b++) {
		if (!(r->match & SF_MATCH_UID) || b == sf_id_bucket(r->uid))
			sf_rule_mask_set(&x->uid[b], i);
	}
	if (r->match & SF_MATCH_GID)
		sf_rule_mask_set(&x->gid[sf_id_bucket(r->gid)], i);
	else
		sf_rule_mask_set(&x->gid_any, i);
}

/*
 * The walk's half, in steps a BPF program can take one at a time. First
 * the rules the caller's groups allow (as sf_caller_in_group()): those
 * without a gid, then those of each gid the caller holds. Groups beyond
 * what was read: every rule with a gid, since a deny rule then matches.
 */
static inline void sf_rule_gids_start(const struct sf_policy *p, struct sf_rule_mask *out,
				      const struct sf_groups *g, __u32 gid, __u32 egid)
{
	const struct sf_rule_mask *of_gid = &p->rule_index.gid[sf_id_bucket(gid)];
	const struct sf_rule_mask *of_egid = &p->rule_index.gid[sf_id_bucket(egid)];
	__u64 none_or_all = g->truncated ? ~0ULL : 0;
	__u32 words = sf_rule_words(p);

	/*
	 * One loop for the rules without a gid and those of the gid and the
	 * egid: in BPF each loop on the policy's word count forks the
	 * verifier's states once per count, and loops after it multiply that.
	 */
	for (__u32 w = 0; w < SF_RULE_WORDS && w < words; w++)
		out->w[w] = none_or_all | p->rule_index.gid_any.w[w] | of_gid->w[w] | of_egid->w[w];
}

static inline void sf_rule_gids_add(const struct sf_policy *p, struct sf_rule_mask *out, __u32 gid)
{
	const struct sf_rule_mask *bucket = &p->rule_index.gid[sf_id_bucket(gid)];
	__u32 words = sf_rule_words(p);

	for (__u32 w = 0; w < SF_RULE_WORDS && w < words; w++)
		out->w[w] |= bucket->w[w];
}

/* Word w of the rules that can match the caller at the endpoint. */
static inline __u64 sf_rule_candidates(const struct sf_policy *p, __u32 endpoint_id,
				       const struct sf_caller *c, const struct sf_rule_mask *gids,
				       __u32 w)
{
	const struct sf_rule_index *x = &p->rule_index;
	const struct sf_rule_mask *origin = c->container_by ? &x->container : &x->host;

	if (w >= SF_RULE_WORDS || endpoint_id >= SF_MAX_ENDPOINTS)
		return 0;
	return x->endpoint[endpoint_id].w[w] & origin->w[w] & x->uid[sf_id_bucket(c->uid)].w[w] &
	       gids->w[w];
}

/* Word w of the rules that can match a remote request at the endpoint. */
static inline __u64 sf_remote_candidates(const struct sf_policy *p, __u32 endpoint_id, __u32 w)
{
	if (w >= SF_RULE_WORDS || endpoint_id >= SF_MAX_ENDPOINTS)
		return 0;
	return p->rule_index.endpoint[endpoint_id].w[w] & p->rule_index.remote.w[w];
}

/*
 * The lowest set bit's position (m != 0), counted in arithmetic: BPF has
 * no instruction for it, and a branch per step would leave the verifier
 * 64 paths to follow through the rule match after it.
 */
static inline __u32 sf_lowest_bit(__u64 m)
{
	__u64 x = (m & -m) - 1; /* the bits below it */

	x = x - ((x >> 1) & 0x5555555555555555ULL);
	x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
	x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (__u32)((x * 0x0101010101010101ULL) >> 56);
}

#ifndef __VMLINUX_H__
/*
 * The walk in one piece, for the daemon (which judges existing connections
 * as the hooks would) and the unit tests: the position of the first rule
 * that matches, or SF_RULE_DEFAULT.
 */
static inline __u32 sf_first_match(const struct sf_policy *p, __u32 endpoint_id,
				   const struct sf_identity *who)
{
	struct sf_rule_mask gids;

	sf_rule_gids_start(p, &gids, &who->groups, who->caller.gid, who->caller.egid);
	for (__u32 i = 0; i < SF_MAX_GROUPS && i < who->groups.count; i++)
		sf_rule_gids_add(p, &gids, who->groups.gid[i]);
	for (__u32 w = 0; w < sf_rule_words(p); w++) {
		__u64 m = sf_rule_candidates(p, endpoint_id, &who->caller, &gids, w);

		for (; m; m &= m - 1) {
			__u32 i = w * 64 + sf_lowest_bit(m);

			if (i < p->n_rules && sf_rule_matches(&p->rules[i], endpoint_id, who))
				return i;
		}
	}
	return SF_RULE_DEFAULT;
}

/* The same for a remote request's source. */
static inline __u32 sf_first_remote_match(const struct sf_policy *p, __u32 endpoint_id,
					  const struct sf_addr16 *addr)
{
	for (__u32 w = 0; w < sf_rule_words(p); w++) {
		__u64 m = sf_remote_candidates(p, endpoint_id, w);

		for (; m; m &= m - 1) {
			__u32 i = w * 64 + sf_lowest_bit(m);

			if (i < p->n_rules &&
			    sf_remote_rule_matches(p, &p->rules[i], endpoint_id, addr))
				return i;
		}
	}
	return SF_RULE_DEFAULT;
}
#endif

static inline __u8 sf_verdict_of(__u8 action, __u8 mode)
{
	if (action == SF_ACTION_ALLOW)
		return SF_VERDICT_ALLOW;
	return mode == SF_MODE_AUDIT ? SF_VERDICT_AUDIT_DENY : SF_VERDICT_DENY;
}

#endif /* SOCKFENCE_DECIDE_H */
