/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One kernel event decoded once, for every sink: the wall clock time, the
 * caller's executable path (read from /proc while the caller may still be
 * there), and the target and inodes as text. logfmt, JSON, syslog, the
 * subscribers and the recent ring all serialise this view, so /proc is
 * read once per event and every sink says the same.
 */
#ifndef SOCKFENCE_EVENT_VIEW_H
#define SOCKFENCE_EVENT_VIEW_H

#include <netinet/in.h>
#include <sys/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "sockfence.h"

#define SF_PATH_MAX  256 /* longest path printed; a unix sun_path is 108 */
#define SF_INODE_MAX 64	 /* "major:minor:inode" */

struct event_view {
	struct sf_event ev;		    /* the record as the kernel sent it */
	struct timespec when;		    /* wall clock */
	char time[40];			    /* when, RFC 3339 UTC with microseconds */
	const char *verdict;		    /* "deny", "audit-deny", ... */
	const char *hook;		    /* the hook's name, "unknown" for an id of no hook */
	const char *family;		    /* "unix", "ipv4", "ipv6" or "unknown" */
	char address[INET6_ADDRSTRLEN];	    /* inet: the destination address */
	char target[INET6_ADDRSTRLEN + 16]; /* inet: "a.b.c.d:port" or "[v6]:port"; unix: "" */
	char inode[SF_INODE_MAX];	    /* unix: the socket file's inode; "" when not seen */
	bool has_exe_path;		    /* exe_path is where the reported exe inode is */
	char exe_path[SF_PATH_MAX];
	char exe_inode[SF_INODE_MAX]; /* "" when the caller had no executable */
	/* A remote source (ev.remote.family set): "a.b.c.d:port" or "[v6]:port". */
	char source[INET6_ADDRSTRLEN + 16];
	char source_address[INET6_ADDRSTRLEN];
	char interface[16]; /* the interface it arrived on, or its index */
	int listener_pid;   /* who listens on the port it was sent to; -1: not found */
	char listener_comm[16];
};

/* Decodes ev, which happened at wall clock time when, into v. */
void event_view_decode(struct event_view *v, const struct sf_event *ev,
		       const struct timespec *when);

/*
 * The caller's executable path, read from /proc/TGID/exe, only when that
 * still leads to the inode the kernel reported (the caller may have exited
 * or exec'd). Returns false otherwise; events then give the inode.
 */
bool event_exe_path(const struct sf_caller *c, char *out, size_t len);

/* A kernel dev_t (major << 20 | minor) and an inode as "major:minor:inode". */
void event_format_inode(char *out, size_t len, __u64 dev, __u64 ino);

/* when as RFC 3339 UTC with microseconds: 2024-05-01T12:00:00.123456Z. */
void event_format_time(char *out, size_t out_len, const struct timespec *when);

/* The name of an enum sf_verdict. */
const char *event_verdict_name(__u8 verdict);

#endif /* SOCKFENCE_EVENT_VIEW_H */
