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

static inline bool sf_is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

/* 64 lower-case hex digits at name[off]. */
static inline bool sf_hex_id_at(const char *name, __u32 off)
{
	if (off + SF_CONTAINER_ID_LEN > SF_CGROUP_NAME_LEN)
		return false;
	for (__u32 i = 0; i < SF_CONTAINER_ID_LEN; i++) {
		if (!sf_is_hex(name[off + i]))
			return false;
	}
	return true;
}

static inline bool sf_starts_with(const char *name, const char *prefix, __u32 len)
{
	for (__u32 i = 0; i < len && i < SF_CGROUP_NAME_LEN; i++) {
		if (name[i] != prefix[i])
			return false;
	}
	return true;
}

/* "<prefix><64 hex>.scope", exactly: the id starts at prefix_len. */
static inline bool sf_scope_name(const char *name, const char *prefix, __u32 prefix_len)
{
	__u32 end = prefix_len + SF_CONTAINER_ID_LEN;

	if (end + 7 > SF_CGROUP_NAME_LEN || !sf_starts_with(name, prefix, prefix_len) ||
	    !sf_hex_id_at(name, prefix_len))
		return false;
	return sf_starts_with(name + end, ".scope", 7); /* the NUL included */
}

/* A bare 64-hex name, as the cgroupfs driver names a container's cgroup. */
static inline bool sf_bare_id(const char *name)
{
	return sf_hex_id_at(name, 0) && name[SF_CONTAINER_ID_LEN] == '\0';
}

/* Offset of the container id in name, or -1 when name is no runtime scope. */
static inline int sf_scope_id_offset(const char *name)
{
	if (sf_scope_name(name, "docker-", 7))
		return 7;
	if (sf_scope_name(name, "libpod-", 7))
		return 7;
	if (sf_scope_name(name, "cri-containerd-", 15))
		return 15;
	if (sf_scope_name(name, "crio-", 5))
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
	int off;

	if (!name)
		return SF_LEVEL_OTHER;
	off = sf_scope_id_offset(name->s);
	if (off >= 0 && off <= 15) {
		if (id)
			sf_copy_id(id->s, name->s + off);
		return SF_LEVEL_SCOPE;
	}
	if (sf_bare_id(name->s)) {
		if (id)
			sf_copy_id(id->s, name->s);
		return SF_LEVEL_BARE_ID;
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

/*
 * Did a runtime put the container whose id is at leaf index `at` (of kind
 * SF_LEVEL_SCOPE, or SF_LEVEL_BARE_ID) there? Only when the whole ancestry
 * was read: the level below the root says which tree it is in.
 */
static inline bool sf_runtime_place(const struct sf_cgroups *cg, __u32 at, int kind)
{
	__u32 top, level;
	int top_kind;

	if (cg->truncated || cg->depth < 3 || cg->depth > SF_CGROUP_DEPTH)
		return false;
	top = cg->depth - 2; /* leaf index of the level below the root */
	if (top >= SF_CGROUP_NAMES || at > top)
		return false;
	top_kind = sf_level_kind(SF_CGROUP_NAME_AT(cg, top), NULL);
	if (top_kind == SF_LEVEL_KUBEPODS)
		return true;
	level = cg->depth - 1 - at; /* from the root, which is level 0 */
	if (kind == SF_LEVEL_SCOPE)
		return level == 2 && top_kind == SF_LEVEL_SLICE;
	return kind == SF_LEVEL_BARE_ID && level == 2 && top_kind == SF_LEVEL_DOCKER;
}

/*
 * Is the caller in a container runtime's cgroup? Reads the lowest levels of
 * cg (leaf first). Fills id with the container id when a runtime put it
 * where it is (sf_runtime_place), else "" (also when the cgroup marks a
 * container without naming one). A global function in BPF, as
 * sf_level_kind: inline, it cost each hook 10,000 more instructions to verify.
 */
SF_CONTAINER_FN int sf_container_cgroup(const struct sf_cgroups *cg, struct sf_container_id *id)
{
	bool kubepods = false;
	__u32 n;
	int at = -1, at_kind = SF_LEVEL_OTHER;

	if (!cg || !id)
		return 1; /* cannot happen; never fail open: a container */
	n = cg->depth < SF_CGROUP_NAMES ? cg->depth : SF_CGROUP_NAMES;
	id->s[0] = '\0';
	for (__u32 i = 0; i < SF_CGROUP_NAMES && i < n; i++) {
		int kind = sf_level_kind(SF_CGROUP_NAME_AT(cg, i), at < 0 ? id : NULL);

		if (kind == SF_LEVEL_KUBEPODS)
			kubepods = true;
		if (at >= 0)
			continue;
		if (kind == SF_LEVEL_SCOPE) {
			at = (int)i;
			at_kind = kind;
		} else if (kind == SF_LEVEL_BARE_ID && i + 1 < n && i + 1 < SF_CGROUP_NAMES &&
			   sf_level_kind(SF_CGROUP_NAME_AT(cg, i + 1), NULL) == SF_LEVEL_DOCKER) {
			at = (int)i;
			at_kind = kind;
		}
	}
	/* Anything under kubepods is a container, its leaf's id or not. */
	if (at < 0 && kubepods && n &&
	    sf_level_kind(SF_CGROUP_NAME_AT(cg, 0), id) == SF_LEVEL_BARE_ID) {
		at = 0;
		at_kind = SF_LEVEL_BARE_ID;
	}
	if (at < 0 || !sf_runtime_place(cg, (__u32)at, at_kind))
		id->s[0] = '\0';
	return at >= 0 || kubepods;
}

#endif /* SOCKFENCE_CONTAINER_H */
