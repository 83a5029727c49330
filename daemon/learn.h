/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sockfence learn's model: the would-be denials of an events log (JSON
 * records, docs/events.md) grouped by who made them, named as narrowly as
 * the records allow, and the smallest policy that lets exactly those
 * callers through. It proposes; it never applies anything.
 */
#ifndef SOCKFENCE_LEARN_H
#define SOCKFENCE_LEARN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "connections.h"
#include "policy.h"

/* How a caller is named, narrowest first; the kind of rule proposed for it. */
enum learn_kind {
	LEARN_UNIT = 0,	 /* a system service: cgroup: its unit, and uid */
	LEARN_CONTAINER, /* a container: container: its id */
	LEARN_PROGRAM,	 /* any other host process: uid and exe */
	LEARN_USER,	 /* a host process whose executable was not seen: uid */
	LEARN_REMOTE,	 /* another host: from: remote, source: its address */
	LEARN_UNNAMED,	 /* container-originated without an id, or no uid to name: no rule */
};

#define LEARN_TIME_LEN 40

struct learn_identity {
	enum learn_kind kind;
	char name[256]; /* unit path, container id, exe path or source address */
	uint32_t uid;	/* but for containers and remote hosts: the uid (= euid when uid_matches) */
	bool uid_matches;   /* uid and euid were one: a uid rule can name it */
	uint64_t endpoints; /* bit i: the base policy's endpoint i */
	uint64_t attempts;  /* connects, aggregated repeats included */
	uint64_t existing;  /* of which connections that already existed (no event) */
	char first[LEARN_TIME_LEN], last[LEARN_TIME_LEN];
	char comm[17];	       /* the first command name seen */
	char container_by[32]; /* LEARN_UNNAMED: how it was seen to be in a container */
	char detail[192];      /* LEARN_CONTAINER: name and image, when dockerd told */
};

#define LEARN_MAX_UNKNOWN 8

struct learn_set {
	const struct policy *base; /* the endpoints, and the settings kept */
	struct learn_identity *items;
	size_t n, cap;
	uint64_t lines;	    /* read */
	uint64_t counted;   /* would-be denials (records of one), repeats included */
	uint64_t malformed; /* not a JSON object */
	char first[LEARN_TIME_LEN], last[LEARN_TIME_LEN];
	char unknown[LEARN_MAX_UNKNOWN][SF_NAME_LEN]; /* endpoints of records not in base */
	size_t n_unknown;
	/* A cgroup id's path below the cgroup v2 root: cgroup2_path_of_id, or a test's. */
	int (*cgroup_path)(__u64 id, char *out, size_t len);
};

/* One observation: a would-be denial's record, or a connection that existed already. */
struct learn_record {
	const char *endpoint;
	const char *time; /* RFC 3339 UTC, or NULL */
	uint64_t attempts;
	uint64_t existing; /* 1: an existing connection, not an event */
	uint32_t uid, euid;
	const char *source;    /* from another host: its address; else NULL */
	char container_by[32]; /* "" on the host, else ["pidns"], ["cgroup"] or both */
	const char *container; /* its 64-hex id, or NULL */
	bool has_cgroup;
	__u64 cgroup_id;
	const char *exe; /* absolute path, or NULL when not seen */
	const char *comm;
};

void learn_init(struct learn_set *s, const struct policy *base);
void learn_free(struct learn_set *s);

/*
 * One line of an events log. Returns 1 when it was a would-be denial
 * (verdict deny or audit-deny, an event or a repeats record), 0 when it was
 * some other record, -EINVAL when it is not a JSON object, -ENOMEM.
 */
int learn_add_line(struct learn_set *s, const char *line);

/* Adds one observation; 1 counted, 0 its endpoint is not the base's, -ENOMEM. */
int learn_add(struct learn_set *s, const struct learn_record *r);

/*
 * A connection to an endpoint that exists now (connections_find): its
 * owner uses the endpoint over it without connecting again, so it counts
 * as one would-be denial seen at time. Returns as learn_add().
 */
int learn_add_connection(struct learn_set *s, const struct connection *c, const char *time);

/* The endpoints of the base policy that hold the control socket (bit i: endpoint i). */
uint64_t learn_control_endpoints(const struct policy *base);

/*
 * The proposed policy as YAML: the base policy's endpoints and settings
 * (enforced, default deny), root on the host to the control socket, one
 * allow rule per identity, comments with counts and times.
 */
void learn_propose(const struct learn_set *s, FILE *out);

/*
 * The proposed rules against the base policy's: "-" a rule of the base
 * that the proposal does not have, "+" one it adds, " " one both have
 * (uid and gid as numbers, so that one rule is spelled one way).
 */
void learn_diff(const struct learn_set *s, FILE *out);

#endif /* SOCKFENCE_LEARN_H */
