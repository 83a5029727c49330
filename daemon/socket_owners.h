/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which processes hold a socket: every /proc/PID/fd entry that names
 * "socket:[INODE]", read once, looked up by inode.
 */
#ifndef SOCKFENCE_SOCKET_OWNERS_H
#define SOCKFENCE_SOCKET_OWNERS_H

#include <linux/types.h>
#include <stddef.h>
#include <sys/types.h>

struct socket_owner {
	__u64 ino;
	pid_t pid;
};

struct socket_owners {
	struct socket_owner *items; /* sorted by inode, then pid; one entry per (inode, pid) */
	size_t n;
	size_t cap;
};

/*
 * Reads the descriptors of every process under proc_dir ("/proc"). A
 * process that exits meanwhile is skipped. Returns 0 or a negative errno.
 */
int socket_owners_read(struct socket_owners *out, const char *proc_dir);

/*
 * The processes that hold socket ino: up to max pids into pids, lowest
 * first. Returns how many hold it (which may be more than max).
 */
size_t socket_owners_of(const struct socket_owners *o, __u64 ino, pid_t *pids, size_t max);

void socket_owners_free(struct socket_owners *o);

#endif /* SOCKFENCE_SOCKET_OWNERS_H */
