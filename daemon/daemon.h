/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The running daemon's state: the policy in force, its generation, and the
 * reload that replaces it all or not at all.
 */
#ifndef SOCKFENCE_DAEMON_H
#define SOCKFENCE_DAEMON_H

#include <stdbool.h>

#include "backend.h"
#include "loader.h"
#include "policy.h"

/* Receives each diagnostic line of a reload, e.g. to send to the CLI. */
typedef void (*daemon_say_fn)(void *ctx, const char *line);

struct daemon {
	char *policy_path;	  /* the file reloads read when given none */
	bool policy_explicit;	  /* --policy given: the file must exist */
	char *policy_source;	  /* what the policy in force came from */
	struct policy policy;	  /* in force */
	struct sf_policy *active; /* its compiled generation, as published */
	__u32 base_generation;	  /* in force before this daemon started (0: none) */
	__u64 started_at;	  /* unix time */
	__u64 loaded_at;	  /* unix time the generation in force was published */
	struct loader *loader;
	const struct backend *backend; /* judges each policy before it is published */
};

/*
 * The policy's backend setting (POLICY_BACKEND_AUTO or an enum sf_backend),
 * read before anything is loaded. On a policy that does not parse, reports
 * why and returns a negative errno: the daemon does not start.
 */
int daemon_read_backend_setting(const struct daemon *d, uint8_t *backend);

/*
 * Reads the policy (path, or the daemon's own file when NULL; the built-in
 * default when that file does not exist and was not given explicitly),
 * validates and compiles it, and publishes it as the next generation. On
 * any error nothing changes. Every diagnostic goes to the log and to say.
 * summary receives the one-line outcome. Returns 0 or a negative errno.
 */
int daemon_reload(struct daemon *d, const char *path, daemon_say_fn say, void *say_ctx,
		  char *summary, size_t summary_len);

/*
 * Re-resolves the paths of the policy in force (a socket appeared, vanished
 * or was replaced; an allowed binary was upgraded; a cgroup came or went)
 * and publishes a new generation when any resolved inode or id changed.
 * Returns 0 or a negative errno.
 */
int daemon_refresh(struct daemon *d);

void daemon_fini(struct daemon *d);

#endif /* SOCKFENCE_DAEMON_H */
