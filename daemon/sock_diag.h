/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The kernel's socket tables, read through NETLINK_SOCK_DIAG: which unix
 * socket files are bound now, and the one request/dump exchange every
 * table reader shares. (Plain netlink from the uapi headers: the binaries
 * are also linked statically for the test VM, and Debian ships no static
 * libmnl.)
 */
#ifndef SOCKFENCE_SOCK_DIAG_H
#define SOCKFENCE_SOCK_DIAG_H

#include <linux/netlink.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

/* Called for each message of a dump; a non-zero return ends it with that value. */
typedef int (*sock_diag_fn)(const struct nlmsghdr *h, void *ctx);

/*
 * Sends req (len bytes, a struct nlmsghdr first, NLM_F_DUMP set) on a new
 * NETLINK_SOCK_DIAG socket and calls fn for each answer until the dump is
 * done. Returns 0, fn's non-zero value, or a negative errno.
 */
int sock_diag_dump(void *req, size_t len, sock_diag_fn fn, void *ctx);

/*
 * Sends one request that wants only an acknowledgement (SOCK_DESTROY).
 * Returns 0 or the kernel's negative errno.
 */
int sock_diag_request(void *req, size_t len);

/*
 * Calls fn(type, payload, payload_len, ctx) for each netlink attribute in
 * the len bytes at attrs, until fn returns non-zero (which is returned).
 */
typedef int (*sock_diag_attr_fn)(unsigned type, const void *payload, size_t len, void *ctx);
int sock_diag_attrs(const void *attrs, size_t len, sock_diag_attr_fn fn, void *ctx);

/*
 * A unix socket file some socket is bound to: its inode, as the kernel
 * reports it (dev in the kernel's encoding, as in sf_unix_target; the
 * inode number cut to 32 bits, as unix_diag carries it).
 */
struct bound_file {
	__u64 dev;
	__u32 ino32;
};

struct bound_files {
	struct bound_file *items;
	size_t n;
	size_t cap;
	__u64 taken_ns; /* CLOCK_MONOTONIC just before the tables were read */
};

/*
 * Fills out with every unix socket file a socket is bound to, in any
 * state (a renamed or unlinked file included: the socket holds it).
 * Returns 0 or a negative errno; out is left empty on error.
 */
int sock_diag_bound_files(struct bound_files *out);

/*
 * Is (dev, ino) among them? A 64-bit inode is compared on its low 32 bits.
 * b NULL (the tables could not be read) counts every file as bound.
 */
bool bound_files_has(const struct bound_files *b, __u64 dev, __u64 ino);

void bound_files_free(struct bound_files *b);

#endif /* SOCKFENCE_SOCK_DIAG_H */
