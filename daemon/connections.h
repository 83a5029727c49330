/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The connections to protected endpoints that exist now, from the kernel's
 * socket tables: unix connections accepted by a protected socket (by its
 * inode, a kept one included, or by abstract name), TCP connections to a
 * protected port. Each is judged in user space by the rules the kernel
 * would apply to its owner connecting now, so connections made before the
 * hooks ran (before sockfence started) can be listed and the refused TCP
 * ones closed.
 */
#ifndef SOCKFENCE_CONNECTIONS_H
#define SOCKFENCE_CONNECTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "process_identity.h"
#include "sockfence.h"
#include "tcp_sockets.h"

enum connection_kind {
	CONNECTION_UNIX = 0,
	CONNECTION_ABSTRACT = 1,
	CONNECTION_TCP = 2,
};

/* How a connection stands against the policy in force. */
enum connection_judged {
	CONNECTION_JUDGED = 0,	 /* by its owners' identity: verdict and rule */
	CONNECTION_NO_OWNER = 1, /* no process holds it (in flight, or a kernel socket) */
	CONNECTION_REMOTE = 2,	 /* TCP from another host: no identity to judge */
};

#define CONNECTION_PIDS 8

struct connection {
	__u8 kind;    /* enum connection_kind */
	__u8 judged;  /* enum connection_judged */
	__u8 verdict; /* enum sf_verdict: of the strictest owner, or of the source */
	__u32 rule;   /* that owner's rule (sf_rule.index), or SF_RULE_DEFAULT */
	__u32 endpoint_id;
	char endpoint[SF_NAME_LEN];
	char target[SF_PATH_LEN]; /* the socket's path, "@name", or "127.0.0.1:2375" */
	char client[64];	  /* TCP: the client's address and port */
	__u32 socket_ino;	  /* the client's end (the server's for a remote client) */
	bool has_uid;
	__u32 socket_uid; /* the client socket's creator */
	size_t n_pids;	  /* processes holding the client's end (may exceed CONNECTION_PIDS) */
	pid_t pids[CONNECTION_PIDS];
	struct process_identity owner; /* of the owner judged (the strictest), when n_pids */
	struct tcp_socket tcp;	       /* TCP: the end a close names */
	int closed;		       /* 1 closed, 0 not tried, or the negative errno */
};

struct connections {
	struct connection *items;
	size_t n;
	size_t cap;
	bool abstract_unseen; /* not in the host's network namespace: abstract ones unlisted */
};

/* A kept socket (the "kept" map): protected by inode while bound. */
struct connections_kept {
	__u64 dev, ino;
	__u64 endpoint_hash;
	char path[SF_PATH_LEN];
};

struct connections_scope {
	const struct sf_policy *policy; /* the generation in force */
	const struct connections_kept *kept;
	size_t n_kept;
	const char *proc_dir;	 /* "/proc" */
	const char *cgroup_root; /* the cgroup v2 mount point, "" when none */
};

/*
 * Fills out with every connection to an endpoint of scope->policy.
 * Returns 0 or a negative errno (out left empty).
 */
int connections_find(const struct connections_scope *scope, struct connections *out);

/*
 * Would the policy close c? A TCP connection whose owner (or, from another
 * host, whose source) it refuses, or that no process holds; never a unix
 * one (nothing can close it from outside).
 */
bool connection_refused_tcp(const struct connection *c);

/* Closes every connection_refused_tcp(); sets each one's closed. */
void connections_close_refused(struct connections *list);

/* One line: "docker-tcp 127.0.0.1:2375 from 127.0.0.1:40312, pid 42 (curl) uid 1000". */
void connection_describe(const struct connection *c, char *out, size_t len);

/* "allow (rule 3)", "deny (default)", "no owner". */
void connection_verdict_text(const struct connection *c, char *out, size_t len);

void connections_free(struct connections *list);

#endif /* SOCKFENCE_CONNECTIONS_H */
