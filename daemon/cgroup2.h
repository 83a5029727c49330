/* SPDX-License-Identifier: GPL-2.0-only */
/* Where the cgroup v2 hierarchy is, read from the mount table. */
#ifndef SOCKFENCE_CGROUP2_H
#define SOCKFENCE_CGROUP2_H

#include <linux/types.h>
#include <stddef.h>

/* Deepest a search by id descends below the root (real hierarchies are far shallower). */
#define CGROUP2_MAX_DEPTH 32

/*
 * The mount point of cgroup v2 (/sys/fs/cgroup, or /sys/fs/cgroup/unified on
 * hybrid hosts) into out; "" and -ENOENT when none is mounted.
 */
int cgroup2_mount_point(char *out, size_t len);

/*
 * The path below the cgroup v2 root of the cgroup whose id is id (a cgroup's
 * id is its directory's inode number), "system.slice/web.service", into
 * out ("" for the root). -ENOENT when no cgroup has it (any more).
 */
int cgroup2_path_of_id(__u64 id, char *out, size_t len);

#endif /* SOCKFENCE_CGROUP2_H */
