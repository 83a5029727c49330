/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Watches the directories of the policy's unix paths with inotify, so a
 * socket that appears (dockerd started after sockfence) or is replaced
 * (dockerd restarted: new inode) is protected without waiting for a reload.
 */
#ifndef SOCKFENCE_WATCH_H
#define SOCKFENCE_WATCH_H

#include "policy.h"

#define WATCH_MAX_DIRS (SF_MAX_ENDPOINTS * SF_MAX_PATHS_PER_ENDPOINT + SF_MAX_RULES)

struct watch {
	int fd;
	int wds[WATCH_MAX_DIRS];
	int n_wds;
};

int watch_init(struct watch *w);

/*
 * Adds watches on the parent directory of every unix path and exe of policy; when
 * a parent does not exist yet, its nearest existing ancestor is watched
 * instead (call again after a change to go deeper).
 */
int watch_policy_paths(struct watch *w, const struct policy *policy);

/* Reads all pending notifications; returns 1 when there were any, else 0. */
int watch_drain(struct watch *w);

void watch_fini(struct watch *w);

#endif /* SOCKFENCE_WATCH_H */
