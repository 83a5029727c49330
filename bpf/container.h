/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Does a cgroup ancestry mark a container runtime, and which container?
 * Pure C, free of BPF helpers: the kernel decides with it at the hook, the
 * host unit tests run the same code. Names come leaf first.
 *
 * Runtime patterns: docker-<id>.scope (systemd driver), docker/<id>
 * (cgroupfs driver), libpod-<id>.scope (podman), cri-containerd-<id>.scope,
 * crio-<id>.scope, and anything under a kubepods* cgroup.
 *
 * Any user who may create cgroups (systemd delegates user@UID.service to
 * its user) can give one of them a runtime's name. So the name makes the
 * caller container-originated wherever it is (that only ever refuses
 * more), but the container id, which allow rules match, counts only where
 * runtimes put their containers and only root can create cgroups:
 * /system.slice/<scope> and /machine.slice/<scope> (systemd driver),
 * /docker/<id> (cgroupfs driver), anywhere under a top-level kubepods*.
 */
#ifndef SOCKFENCE_CONTAINER_H
#define SOCKFENCE_CONTAINER_H

#ifndef __VMLINUX_H__
#include <stdbool.h>
#endif
#include "sockfence.h"
#include "decide.h"

/*
 * Not zero in bit 63 exactly when c is a lower-case hex digit: arithmetic
 * alone, since BPF has no conditional set and a comparison there is a jump,
 * which the verifier follows both ways for each digit it checks.
 */
static inline __u64 sf_hex_sign(char c)
{
	__u64 digit = (__u64)(__u8)(c - '0') - 10; /* wraps, bit 63 set, below 10 */
	__u64 letter = (__u64)(__u8)(c - 'a') - 6;

	return digit | letter;
}

/*
 * Which of a name's first bytes are hex digits, bit i for name[i]: made
 * once per name, so that each place an id may start is one test (an id
 * starts at 15 at most, after "cri-containerd-").
 */
#define SF_HEX_MAPPED 80
_Static_assert(SF_HEX_MAPPED <= SF_CGROUP_NAME_LEN && SF_HEX_MAPPED - 64 <= 64 &&
		       SF_CONTAINER_ID_LEN == 64,
	       "the hex map: two words, inside the name, an id one word long");

struct sf_hex_map {
	__u64 lo; /* name[0..63] */
	__u64 hi; /* name[64..SF_HEX_MAPPED - 1] */
};

static inline void sf_hex_map_of(const char *name, struct sf_hex_map *map)
{
	__u64 lo = 0, hi = 0;

	for (__u32 i = 0; i < 64; i++)
		lo |= (sf_hex_sign(name[i]) >> 63) << i;
	for (__u32 i = 64; i < SF_HEX_MAPPED; i++)
		hi |= (sf_hex_sign(name[i]) >> 63) << (i - 64);
	map->lo = lo;
	map->hi = hi;
}

/* 64 lower-case hex digits at name[off]. */
static inline bool sf_hex_id_at(const struct sf_hex_map *map, __u32 off)
{
	__u64 run;

	if (off > SF_HEX_MAPPED - SF_CONTAINER_ID_LEN)
		return false;
	run = off ? map->lo >> off | map->hi << (64 - off) : map->lo;
	return run == ~0ULL;
}

/*
 * Zero exactly when name starts with prefix (len bytes): every byte
 * compared, without a jump between them (as sf_hex_sign()).
 */
static inline __u8 sf_prefix_differs(const char *name, const char *prefix, __u32 len)
{
	__u8 differ = 0;

	for (__u32 i = 0; i < len && i < SF_CGROUP_NAME_LEN; i++)
		differ |= name[i] ^ prefix[i];
	return differ;
}

static inline bool sf_starts_with(const char *name, const char *prefix, __u32 len)
{
	return !sf_prefix_differs(name, prefix, len);
}

/* "<prefix><64 hex>.scope", exactly: the id starts at prefix_len. */
static inline bool sf_scope_name(const char *name, const struct sf_hex_map *map, const char *prefix,
				 __u32 prefix_len)
{
	__u32 end = prefix_len + SF_CONTAINER_ID_LEN;

	if (end + 7 > SF_CGROUP_NAME_LEN || !sf_starts_with(name, prefix, prefix_len) ||
	    !sf_hex_id_at(map, prefix_len))
		return false;
	return sf_starts_with(name + end, ".scope", 7); /* the NUL included */
}

/* A bare 64-hex name, as the cgroupfs driver names a container's cgroup. */
static inline bool sf_bare_id(const char *name, const struct sf_hex_map *map)
{
	return sf_hex_id_at(map, 0) && name[SF_CONTAINER_ID_LEN] == '\0';
}

/*
 * Can name hold an id? Only when it starts as a runtime's scope does
 * ("docker-", "libpod-", "cri": cri-containerd- and crio-) or as a bare id
 * (8 hex digits first): other names, service names that begin with a hex
 * letter among them, never pay for the hex map. No jump (sf_hex_sign()).
 */
static inline bool sf_may_hold_id(const char *name)
{
	__u64 hex8 = ~0ULL;

	for (__u32 i = 0; i < 8; i++)
		hex8 &= sf_hex_sign(name[i]);
	/* A zero difference wraps to bit 63 set. */
	return (hex8 | ((__u64)sf_prefix_differs(name, "docker-", 7) - 1) |
		((__u64)sf_prefix_differs(name, "libpod-", 7) - 1) |
		((__u64)sf_prefix_differs(name, "cri", 3) - 1)) >>
	       63;
}

/* Offset of the container id in name, or -1 when name is no runtime scope. */
static inline int sf_scope_id_offset(const char *name, const struct sf_hex_map *map)
{
	if (sf_scope_name(name, map, "docker-", 7))
		return 7;
	if (sf_scope_name(name, map, "libpod-", 7))
		return 7;
	if (sf_scope_name(name, map, "cri-containerd-", 15))
		return 15;
	if (sf_scope_name(name, map, "crio-", 5))
		return 5;
	return -1;
}

static inline void sf_copy_id(char *id, const char *from)
{
	for (__u32 i = 0; i < SF_CONTAINER_ID_LEN; i++)
		id[i] = from[i];
	id[SF_CONTAINER_ID_LEN] = '\0';
}

/* What one cgroup level's name says. */
enum sf_level {
	SF_LEVEL_OTHER = 0,
	SF_LEVEL_SCOPE = 1,    /* a runtime's <prefix><id>.scope: the id copied */
	SF_LEVEL_BARE_ID = 2,  /* 64 hex digits alone: the id copied */
	SF_LEVEL_KUBEPODS = 3, /* kubepods* */
	SF_LEVEL_DOCKER = 4,   /* exactly "docker": the cgroupfs driver's parent */
	SF_LEVEL_SLICE = 5,    /* exactly "system.slice" or "machine.slice" */
};

/*
 * Level i's name: the mask keeps every index inside name[] where an older
 * verifier (Linux 6.1) loses the bound a comparison gave.
 */
#define SF_CGROUP_NAME_AT(cg, i)                                                                   \
	((const struct sf_cgroup_name *)(cg)->name[(i) & (SF_CGROUP_NAMES - 1)])
_Static_assert((SF_CGROUP_NAMES & (SF_CGROUP_NAMES - 1)) == 0, "SF_CGROUP_NAMES: a power of 2");

/* Sized, so that a BPF global function may take pointers to them. */
struct sf_cgroup_name {
	char s[SF_CGROUP_NAME_LEN];
};
struct sf_container_id {
	char s[SF_CONTAINER_ID_LEN + 1];
};

/*
 * In BPF a global function: the verifier checks it once, for any name,
 * instead of once more for every state of the scan around it (on 6.12 that
 * was 110,000 of the 117,000 instructions it checked for a hook).
 */
#ifdef __VMLINUX_H__
#define SF_CONTAINER_FN __attribute__((noinline))
#else
#define SF_CONTAINER_FN static inline
#endif

/*
 * The kind of one level's name (enum sf_level); copies the id it holds into
 * id unless id is NULL (in BPF no spare id on the stack: it is scarce).
 */
SF_CONTAINER_FN int sf_level_kind(const struct sf_cgroup_name *name, struct sf_container_id *id)
{
	struct sf_hex_map map;
	int off;

	if (!name)
		return SF_LEVEL_OTHER;
	if (sf_may_hold_id(name->s)) {
		sf_hex_map_of(name->s, &map);
		off = sf_scope_id_offset(name->s, &map);
		if (off >= 0 && off <= 15) {
			if (id)
				sf_copy_id(id->s, name->s + off);
			return SF_LEVEL_SCOPE;
		}
		if (sf_bare_id(name->s, &map)) {
			if (id)
				sf_copy_id(id->s, name->s);
			return SF_LEVEL_BARE_ID;
		}
	}
	if (sf_starts_with(name->s, "kubepods", 8))
		return SF_LEVEL_KUBEPODS;
	if (sf_starts_with(name->s, "docker", 7))
		return SF_LEVEL_DOCKER;
	if (sf_starts_with(name->s, "system.slice", 13) ||
	    sf_starts_with(name->s, "machine.slice", 14))
		return SF_LEVEL_SLICE;
	return SF_LEVEL_OTHER;
}

/* The levels' kinds, one bit per level (bit i: leaf index i) and kind. */
struct sf_level_bits {
	__u32 scope, bare_id, kubepods, docker, slice;
};
_Static_assert(SF_CGROUP_NAMES <= 32, "a level's bit in a __u32");

static inline void sf_level_bits_add(struct sf_level_bits *bits, __u32 i, int kind)
{
	__u32 is = 1u << ((__u32)kind & 7);

	bits->scope |= (is >> SF_LEVEL_SCOPE & 1) << i;
	bits->bare_id |= (is >> SF_LEVEL_BARE_ID & 1) << i;
	bits->kubepods |= (is >> SF_LEVEL_KUBEPODS & 1) << i;
	bits->docker |= (is >> SF_LEVEL_DOCKER & 1) << i;
	bits->slice |= (is >> SF_LEVEL_SLICE & 1) << i;
}

/*
 * Did a runtime put the container whose id is at the level of bit `at`
 * there? Only when the whole ancestry was read: the level below the root
 * says which tree it is in.
 */
static inline bool sf_runtime_place(const struct sf_cgroups *cg, const struct sf_level_bits *bits,
				    __u32 at)
{
	__u32 top;

	if (cg->truncated || cg->depth < 3 || cg->depth > SF_CGROUP_DEPTH)
		return false;
	top = cg->depth - 2; /* leaf index of the level below the root */
	if (top >= SF_CGROUP_NAMES || at > 1u << top)
		return false;
	if (bits->kubepods >> top & 1)
		return true;
	if (at != 1u << (cg->depth - 3)) /* level 2 from the root, which is level 0 */
		return false;
	if (at & bits->scope)
		return bits->slice >> top & 1;
	return (at & bits->bare_id) && (bits->docker >> top & 1);
}

/*
 * Is the caller in a container runtime's cgroup? Reads the lowest levels of
 * cg (leaf first). Fills id with the container id when a runtime put it
 * where it is (sf_runtime_place), else "" (also when the cgroup marks a
 * container without naming one). The id is the one nearest the leaf: a
 * runtime's scope, or a bare id under "docker". A global function in BPF,
 * as sf_level_kind: inline, it cost each hook 10,000 more instructions to
 * verify; the kinds go into bits, not branches, for the same reason.
 */
SF_CONTAINER_FN int sf_container_cgroup(const struct sf_cgroups *cg, struct sf_container_id *id)
{
	struct sf_level_bits bits = {};
	__u32 n, found, at;

	if (!cg || !id)
		return 1; /* cannot happen; never fail open: a container */
	n = cg->depth < SF_CGROUP_NAMES ? cg->depth : SF_CGROUP_NAMES;
	id->s[0] = '\0';
	for (__u32 i = 0; i < SF_CGROUP_NAMES && i < n; i++)
		sf_level_bits_add(&bits, i, sf_level_kind(SF_CGROUP_NAME_AT(cg, i), NULL));
	found = bits.scope | (bits.bare_id & bits.docker >> 1);
	/* Anything under kubepods is a container, its leaf's id or not. */
	if (!found && bits.kubepods)
		found = bits.bare_id & 1;
	at = found & -found; /* the lowest bit: the level nearest the leaf */
	if (at && sf_runtime_place(cg, &bits, at))
		sf_level_kind(SF_CGROUP_NAME_AT(cg, sf_lowest_bit(found)), id);
	return at || bits.kubepods;
}

#endif /* SOCKFENCE_CONTAINER_H */
