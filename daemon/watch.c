// SPDX-License-Identifier: GPL-2.0-only
#include "watch.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "log.h"

#define WATCH_EVENTS                                                                               \
	(IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ATTRIB | IN_DELETE_SELF |        \
	 IN_MOVE_SELF)

int watch_init(struct watch *w)
{
	w->n_wds = 0;
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	return w->fd < 0 ? -errno : 0;
}

/* Watches path's parent, or the nearest ancestor of it that exists. */
static int watch_parent(struct watch *w, const char *path)
{
	char dir[PATH_MAX];
	int wd;

	snprintf(dir, sizeof(dir), "%s", path);
	for (;;) {
		char *slash = strrchr(dir, '/');

		if (!slash)
			return -ENOENT;
		if (slash == dir)
			slash[1] = '\0'; /* reached "/" */
		else
			*slash = '\0';
		wd = inotify_add_watch(w->fd, dir, WATCH_EVENTS);
		if (wd >= 0)
			break;
		if (errno != ENOENT && errno != ENOTDIR) {
			log_warn("cannot watch %s for %s: %s; a socket created there is protected "
				 "only after 'sockfence reload'",
				 dir, path, strerror(errno));
			return -errno;
		}
		if (strcmp(dir, "/") == 0)
			return -ENOENT;
	}
	for (int i = 0; i < w->n_wds; i++) {
		if (w->wds[i] == wd)
			return 0; /* a directory shared by several paths */
	}
	if (w->n_wds < WATCH_MAX_DIRS)
		w->wds[w->n_wds++] = wd;
	return 0;
}

int watch_policy_paths(struct watch *w, const struct policy *policy)
{
	/*
	 * Watches are only ever added: removing one queues IN_IGNORED, which
	 * would wake the loop again. A directory no longer needed only costs
	 * a re-resolve that changes nothing.
	 */
	for (size_t e = 0; e < policy->n_endpoints; e++) {
		for (size_t p = 0; p < policy->endpoints[e].n_paths; p++)
			watch_parent(w, policy->endpoints[e].paths[p]);
	}
	/* An upgrade replaces an allowed binary: a new inode to re-read. */
	for (size_t r = 0; r < policy->n_rules; r++) {
		if (policy->rules[r].exe)
			watch_parent(w, policy->rules[r].exe);
	}
	return 0;
}

int watch_drain(struct watch *w)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int seen = 0;

	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof(buf));

		if (n <= 0)
			break;
		seen = 1;
	}
	return seen;
}

void watch_fini(struct watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
