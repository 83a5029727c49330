/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's side of the control socket: root on the host only (uid 0 by
 * SO_PEERCRED, and not in a container, as the hooks judge it), one
 * request per connection, answered synchronously; an events subscription
 * keeps its connection and is handed over.
 */
#ifndef SOCKFENCE_CONTROL_H
#define SOCKFENCE_CONTROL_H

#include <stddef.h>

#include "daemon.h"

#include "control_proto.h"

/*
 * Carries out one request of a root client. say sends message lines; the
 * summary becomes the final "ok"/"error" line. Returns 0 or a negative errno.
 */
typedef int (*control_command_fn)(void *ctx, const struct control_request *req, daemon_say_fn say,
				  void *say_ctx, char *summary, size_t summary_len);

/*
 * Takes over the connection of a root client that asked for
 * CONTROL_CMD_EVENTS. Returns 0 when it keeps fd, or a negative errno with
 * why, which the client then gets as the error.
 */
typedef int (*control_subscribe_fn)(void *ctx, int fd, const char *argument, char *why,
				    size_t why_len);

struct control_server {
	int fd;
	const char *path;
	control_command_fn command;
	void *command_ctx;
	control_subscribe_fn subscribe; /* NULL: no subscriptions */
	const char *cgroup_root;	/* cgroup v2 mount point, "" for none: judging peers */
};

/*
 * Creates the socket directory (0700) and the socket file (0600) at path,
 * bound but not listening: a connect is refused until control_listen, so
 * that nothing is served before the policy that protects this new socket
 * file is in force.
 */
int control_bind(struct control_server *s, const char *path);

/* Starts accepting clients on the bound socket. */
int control_listen(struct control_server *s);

/* Loop handler: accepts and serves one client. Never fails the loop. */
int control_handle(void *ctx);

void control_close(struct control_server *s);

#endif /* SOCKFENCE_CONTROL_H */
