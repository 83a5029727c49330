/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Does a cgroup ancestry mark a container runtime, and which container?
 * Pure C, free of BPF helpers: the kernel decides with it at the hook, the
 * host unit tests run the same code. Names come leaf first.
 *
 * Runtime patterns: docker-<id>.scope (systemd driver), docker/<id>
 * (cgroupfs driver), libpod-<id>.scope (podman), cri-containerd-<id>.scope,
 * crio-<id>.scope, and anything under a kubepods* cgroup.
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
};

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

/* The kind of one level's name (enum sf_level); copies the id it holds into id. */
SF_CONTAINER_FN int sf_level_kind(const struct sf_cgroup_name *name, struct sf_container_id *id)
{
	int off;

	if (!name || !id)
		return SF_LEVEL_OTHER;
	off = sf_scope_id_offset(name->s);
	if (off >= 0 && off <= 15) {
		sf_copy_id(id->s, name->s + off);
		return SF_LEVEL_SCOPE;
	}
	if (sf_bare_id(name->s)) {
		sf_copy_id(id->s, name->s);
		return SF_LEVEL_BARE_ID;
	}
	if (sf_starts_with(name->s, "kubepods", 8))
		return SF_LEVEL_KUBEPODS;
	if (sf_starts_with(name->s, "docker", 7))
		return SF_LEVEL_DOCKER;
	return SF_LEVEL_OTHER;
}

/*
 * Is the caller in a container runtime's cgroup? names[0..n) are the
 * lowest cgroup levels, leaf first. Fills id with the container id, or ""
 * when the cgroup marks a container without naming one (or none).
 */
static inline bool sf_container_cgroup(const struct sf_cgroup_name *names, __u32 n,
				       struct sf_container_id *id)
{
	bool kubepods = false;
	int kind, next = SF_LEVEL_OTHER;

	if (n > SF_CGROUP_NAMES)
		n = SF_CGROUP_NAMES;
	kind = n ? sf_level_kind(&names[0], id) : SF_LEVEL_OTHER;
	for (__u32 level = 0; level < SF_CGROUP_NAMES && level < n; level++) {
		if (kind == SF_LEVEL_SCOPE)
			return true;
		if (level + 1 < n && level + 1 < SF_CGROUP_NAMES) {
			struct sf_container_id spare;

			next = sf_level_kind(&names[level + 1], &spare);
			if (kind == SF_LEVEL_BARE_ID && next == SF_LEVEL_DOCKER) {
				sf_level_kind(&names[level], id); /* its id, again */
				return true;
			}
			if (next == SF_LEVEL_SCOPE)
				sf_level_kind(&names[level + 1], id);
		}
		if (kind == SF_LEVEL_KUBEPODS)
			kubepods = true;
		kind = next;
		next = SF_LEVEL_OTHER;
	}
	/* Anything under kubepods is a container, its leaf's id or not. */
	if (kubepods && n && sf_level_kind(&names[0], id) == SF_LEVEL_BARE_ID)
		return true;
	id->s[0] = '\0';
	return kubepods;
}

#endif /* SOCKFENCE_CONTAINER_H */
