/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The hooks of every backend as one table, expanded from SF_HOOK_TABLE:
 * what the loader attaches, what events and link pins call each hook, and
 * which BPF program serves it.
 */
#ifndef SOCKFENCE_HOOKS_H
#define SOCKFENCE_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

struct hook {
	enum sf_hook id;
	const char *name;    /* in events and link pin names */
	const char *program; /* the BPF program's name in the object: sf_<name> */
	enum sf_backend backend;
	enum sf_hook_needs needs;
};

extern const struct hook hooks[SF_HOOK_COUNT];

/* The row of hook id, or NULL for an id no row has. */
const struct hook *hook_by_id(unsigned int id);

/*
 * Does a backend of this kind attach hook h? has_unix_connect: the kernel
 * has the cgroup unix connect hook (BPF_CGROUP_UNIX_CONNECT).
 */
bool hook_used_by(const struct hook *h, enum sf_backend kind, bool has_unix_connect);

/* The name events give hook id: "unknown" for an id no row has. */
const char *hook_name(unsigned int id);

#endif /* SOCKFENCE_HOOKS_H */
