/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Protected endpoints: the configured names, unix paths and TCP ports, and
 * the unix paths resolved to the socket inodes the kernel matches on.
 */
#ifndef SOCKFENCE_ENDPOINTS_H
#define SOCKFENCE_ENDPOINTS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sockfence.h"

enum endpoint_kind {
	ENDPOINT_UNIX,
	ENDPOINT_TCP,
};

/* One path or one port of a named endpoint. */
struct endpoint_target {
	uint32_t endpoint_id; /* index into endpoint_config.names */
	enum endpoint_kind kind;
	const char *path; /* ENDPOINT_UNIX */
	uint16_t port;	  /* ENDPOINT_TCP */
};

struct endpoint_config {
	const char *const *names;
	size_t n_names;
	const struct endpoint_target *targets;
	size_t n_targets;
};

/* A unix target whose socket file exists, as the kernel will see it. */
struct resolved_unix {
	struct sf_unix_key key;
	uint32_t endpoint_id;
	const char *path; /* first configured path that reached this inode */
};

struct endpoint_state {
	const struct endpoint_config *config;
	struct resolved_unix unix_targets[SF_MAX_UNIX_ENDPOINTS];
	size_t n_unix;
};

/*
 * The endpoints of the first slice (before the policy file exists): the
 * Docker socket at both of its usual paths, and plaintext TCP 2375.
 */
const struct endpoint_config *endpoints_builtin(void);

/* stat(2)'s st_dev in the kernel's internal dev_t encoding (s_dev). */
uint64_t endpoint_kernel_dev(dev_t st_dev);

/*
 * Resolves a unix socket path (following symlinks) to its inode key.
 * Returns 0, -ENOTSOCK when the file is not a socket, or -errno of stat(2).
 */
int endpoint_resolve_unix(const char *path, struct sf_unix_key *key);

/*
 * Resolves every unix target of cfg into st. A missing socket file is a
 * warning (that path is not protected until it exists); anything else that
 * is wrong (not a socket, unreadable, too many) is an error. Returns 0 or a
 * negative errno, having logged why.
 */
int endpoints_resolve(struct endpoint_state *st, const struct endpoint_config *cfg);

const char *endpoints_name(const struct endpoint_config *cfg, uint32_t endpoint_id);

/* The configured path of a resolved inode, or NULL. */
const char *endpoints_unix_path(const struct endpoint_state *st, const struct sf_unix_key *key);

#endif /* SOCKFENCE_ENDPOINTS_H */
