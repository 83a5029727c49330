/* SPDX-License-Identifier: GPL-2.0-only */
/* Where the cgroup v2 hierarchy is, read from the mount table. */
#ifndef SOCKFENCE_CGROUP2_H
#define SOCKFENCE_CGROUP2_H

#include <stddef.h>

/*
 * The mount point of cgroup v2 (/sys/fs/cgroup, or /sys/fs/cgroup/unified on
 * hybrid hosts) into out; "" and -ENOENT when none is mounted.
 */
int cgroup2_mount_point(char *out, size_t len);

#endif /* SOCKFENCE_CGROUP2_H */
