/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Docker API's exposure as the kernel sees it now (sockfence status
 * --posture): listeners on protected ports and their addresses, the
 * protected socket files' owner and mode, who has them bind-mounted or
 * connected, and the hosts dockerd was told to listen on. Docker Bench for
 * Security's API checks, live.
 */
#ifndef SOCKFENCE_POSTURE_H
#define SOCKFENCE_POSTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

enum posture_kind {
	POSTURE_LISTENER = 0,	 /* a listening socket on a protected port */
	POSTURE_SOCKET_FILE = 1, /* a protected unix socket's file */
	POSTURE_MOUNT = 2,	 /* a protected socket bind-mounted into a mount namespace */
	POSTURE_CONNECTION = 3,	 /* a connection to a protected endpoint */
	POSTURE_DOCKER_HOST = 4, /* a host dockerd is configured to listen on */
};

struct posture_item {
	__u8 kind;    /* enum posture_kind */
	bool finding; /* a problem to fix, not only a fact */
	char endpoint[SF_NAME_LEN];
	char what[SF_PATH_LEN + 32]; /* address, path or host URL */
	char detail[256];
	int pid; /* the process concerned; 0: none */
	char comm[16];
	char container_id[SF_CONTAINER_ID_LEN + 1];
	bool container;
};

struct posture {
	struct posture_item *items;
	size_t n;
	size_t cap;
	size_t findings;
};

/* The kind's name: "listener", "socket-file", "mount", "connection", "dockerd-host". */
const char *posture_kind_name(__u8 kind);

/*
 * Gathers every item for the generation policy (kept_fd: the "kept" map,
 * or -1); docker_config is dockerd's daemon.json. Returns 0 or a negative
 * errno.
 */
int posture_gather(const struct sf_policy *policy, int kept_fd, const char *docker_config,
		   struct posture *out);

/* Adds one item (a finding when finding); returns it, or NULL without memory. */
struct posture_item *posture_add(struct posture *p, __u8 kind, bool finding);

void posture_free(struct posture *p);

#endif /* SOCKFENCE_POSTURE_H */
