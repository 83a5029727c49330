/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Which process holds a listening socket, by its inode: what a remote
 * request's event names as the listener (the hook runs in softirq, where
 * no task is the listener's). /proc is read again at most every 2 s, and
 * only when an inode is not found.
 */
#ifndef SOCKFENCE_LISTENER_OWNER_H
#define SOCKFENCE_LISTENER_OWNER_H

#include <linux/types.h>
#include <stddef.h>
#include <sys/types.h>

/* The lowest pid holding socket inode ino and its command name; -1 when none is found. */
pid_t listener_owner(__u64 ino, char *comm, size_t comm_len);

#endif /* SOCKFENCE_LISTENER_OWNER_H */
