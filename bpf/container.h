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

/*
 * A scan of the lowest cgroup levels, leaf first, one level per call of
 * sf_container_scan_level(): BPF runs the levels through bpf_loop() so the
 * verifier checks one level, not every path through eight.
 */
struct sf_container_scan {
	const char (*names)[SF_CGROUP_NAME_LEN]; /* each NUL-terminated */
	__u32 n;				 /* levels in names[] */
	bool kubepods;				 /* some level is kubepods* */
	bool found;
	char *id; /* SF_CONTAINER_ID_LEN + 1 bytes: the container id, or "" */
};

static inline void sf_container_scan_init(struct sf_container_scan *s,
					  const char (*names)[SF_CGROUP_NAME_LEN], __u32 n,
					  char *id)
{
	s->names = names;
	s->n = n < SF_CGROUP_NAMES ? n : SF_CGROUP_NAMES;
	s->kubepods = false;
	s->found = false;
	s->id = id;
	id[0] = '\0';
}

/* Looks at one level; returns 1 when the scan is over. */
static inline long sf_container_scan_level(__u32 level, struct sf_container_scan *s)
{
	const char *name;
	int off;

	if (level >= SF_CGROUP_NAMES || level >= s->n)
		return 1;
	name = s->names[level];
	off = sf_scope_id_offset(name);
	if (off >= 0 && off <= 15) {
		sf_copy_id(s->id, name + off);
		s->found = true;
		return 1;
	}
	if (level + 1 < s->n && level + 1 < SF_CGROUP_NAMES && sf_bare_id(name) &&
	    sf_starts_with(s->names[level + 1], "docker", 7)) {
		sf_copy_id(s->id, name);
		s->found = true;
		return 1;
	}
	if (sf_starts_with(name, "kubepods", 8))
		s->kubepods = true;
	return 0;
}

/* After the levels: anything under kubepods is a container, id or not. */
static inline bool sf_container_scan_done(struct sf_container_scan *s)
{
	if (s->found)
		return true;
	if (s->kubepods && s->n > 0 && sf_bare_id(s->names[0]))
		sf_copy_id(s->id, s->names[0]);
	return s->kubepods;
}

#ifndef __VMLINUX_H__
/*
 * Is the caller in a container runtime's cgroup? names[0..n) are the
 * lowest cgroup levels, leaf first. Fills id (65 bytes) with the container
 * id, or "" when the cgroup marks a container without naming one.
 */
static inline bool sf_container_cgroup(const char names[][SF_CGROUP_NAME_LEN], __u32 n, char *id)
{
	struct sf_container_scan s;

	sf_container_scan_init(&s, names, n, id);
	for (__u32 level = 0; level < SF_CGROUP_NAMES && !sf_container_scan_level(level, &s);
	     level++)
		;
	return sf_container_scan_done(&s);
}
#endif

#endif /* SOCKFENCE_CONTAINER_H */
