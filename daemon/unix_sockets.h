/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every unix socket of this network namespace as unix_diag reports it:
 * which file or abstract name it is bound to (a connection accepted by a
 * listener carries the listener's), its peer and its owner's uid.
 */
#ifndef SOCKFENCE_UNIX_SOCKETS_H
#define SOCKFENCE_UNIX_SOCKETS_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

struct unix_socket {
	__u32 ino;  /* the socket's inode number */
	__u32 peer; /* the other end's inode number; 0: none */
	__u8 state; /* TCP_ESTABLISHED, TCP_LISTEN, ... as unix_diag says */
	__u8 type;  /* SOCK_STREAM, SOCK_SEQPACKET, SOCK_DGRAM */
	bool has_file;
	bool has_uid;
	__u64 file_dev; /* the bound file (kernel dev encoding), when has_file */
	__u32 file_ino;
	__u32 uid; /* the socket's owner (its creator), when has_uid */
	/* The abstract name without its leading NUL, when abstract_len > 0. */
	char abstract[SF_PATH_LEN];
	__u32 abstract_len;
	/*
	 * A listener's queue: the client ends of connections not yet accepted
	 * (their server ends have no inode yet, so the table lacks them).
	 */
	__u32 *queued;
	size_t n_queued;
};

struct unix_sockets {
	struct unix_socket *items;
	size_t n;
	size_t cap;
};

/* Reads the table. Returns 0 or a negative errno (out left empty). */
int unix_sockets_read(struct unix_sockets *out);

/* The socket with inode ino, or NULL. */
const struct unix_socket *unix_sockets_find(const struct unix_sockets *t, __u32 ino);

void unix_sockets_free(struct unix_sockets *t);

#endif /* SOCKFENCE_UNIX_SOCKETS_H */
