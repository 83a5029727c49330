// SPDX-License-Identifier: GPL-2.0-only
#include "kept.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decide.h"
#include "grow.h"
#include "log.h"
#include "policy_state.h"

static __u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

/* The daemon's kept filter in "policy_state" (state_fd): it is that filter's only writer. */
static int daemon_filter_add(int state_fd, __u64 ino)
{
	struct policy_state_map map;
	int err = policy_state_map(state_fd, &map);

	if (err)
		return err;
	policy_state_add_daemon_kept(&map, ino);
	policy_state_unmap(&map);
	return 0;
}

static int write_daemon_filter(int state_fd, const struct sf_ino_filter *filter)
{
	struct policy_state_map map;
	int err = policy_state_map(state_fd, &map);

	if (err)
		return err;
	policy_state_write_daemon_kept(&map, filter);
	policy_state_unmap(&map);
	return 0;
}

bool kept_any(int state_fd)
{
	struct policy_state_map map;
	bool any;

	if (policy_state_map(state_fd, &map) != 0)
		return true; /* cannot tell: look */
	any = policy_state_any_kept(&map);
	policy_state_unmap(&map);
	return any;
}

/* Is old's unix target t one next no longer finds, with an endpoint next still has? */
static bool dropped_target(const struct sf_policy *old, const struct sf_policy *next,
			   const struct sf_unix_target *t)
{
	return sf_find_unix(next, t->dev, t->ino) < 0 && t->endpoint_id < SF_MAX_ENDPOINTS &&
	       sf_endpoint_by_hash(next, old->endpoint_hash[t->endpoint_id]) >= 0;
}

bool kept_would_hold(const struct sf_policy *old, const struct sf_policy *next)
{
	for (__u32 i = 0; old && i < old->n_unix && i < SF_MAX_TARGETS; i++) {
		if (dropped_target(old, next, &old->unix_targets[i]))
			return true;
	}
	return false;
}

int kept_hold_dropped(int map_fd, int state_fd, const struct sf_policy *old,
		      const struct sf_policy *next, const struct bound_files *bound)
{
	int added = 0, err;

	for (__u32 i = 0; old && i < old->n_unix && i < SF_MAX_TARGETS; i++) {
		const struct sf_unix_target *t = &old->unix_targets[i];
		struct sf_kept_key key = { .dev = t->dev, .ino = t->ino };
		struct sf_kept value = { .by = SF_KEPT_BY_DAEMON,
					 .logged = 1,
					 .since_ns = monotonic_ns() };

		if (!dropped_target(old, next, t) || !bound_files_has(bound, t->dev, t->ino))
			continue;
		value.endpoint_hash = old->endpoint_hash[t->endpoint_id];
		snprintf(value.path, sizeof(value.path), "%s", t->path);
		/* Before the entry: the kernel looks in the map only for inodes it has. */
		err = daemon_filter_add(state_fd, t->ino);
		if (!err && bpf_map_update_elem(map_fd, &key, &value, BPF_NOEXIST) != 0) {
			if (errno == EEXIST)
				continue; /* already kept (a rename, seen by the kernel) */
			err = -errno;
		}
		if (err) {
			log_err("cannot keep socket inode %llu (%s) protected: %s",
				(unsigned long long)t->ino, t->path, strerror(-err));
			return err;
		}
		log_notice("%s no longer leads to socket inode %llu, which is still bound: it "
			   "stays protected as endpoint '%s' until it is closed",
			   t->path, (unsigned long long)t->ino,
			   old->endpoint_names[t->endpoint_id]);
		added++;
	}
	return added;
}

/* A kept socket the kernel added at a rename, reported once. */
static void report_renamed(int map_fd, const struct sf_kept_key *key, struct sf_kept *value)
{
	log_notice("socket inode %llu, protected as %s, was renamed: it stays protected "
		   "under its new name until it is closed",
		   (unsigned long long)key->ino, value->path);
	value->logged = 1;
	bpf_map_update_elem(map_fd, key, value, BPF_EXIST);
}

int kept_prune(int map_fd, int state_fd, const struct bound_files *bound)
{
	struct sf_ino_filter still = { 0 };
	struct sf_kept_key *gone = calloc(SF_KEPT_ENTRIES, sizeof(*gone));
	struct sf_kept_key key, next;
	size_t n_gone = 0;
	void *prev = NULL;
	int kept = 0;

	if (!gone)
		return -ENOMEM;
	/* Deleting while walking would restart the walk: collect, then delete. */
	while (bpf_map_get_next_key(map_fd, prev, &next) == 0) {
		struct sf_kept value;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(map_fd, &key, &value) != 0)
			continue; /* removed meanwhile */
		/* Kept after the tables were read: its socket may be newer than them. */
		if (!bound_files_has(bound, key.dev, key.ino) && value.since_ns < bound->taken_ns) {
			if (n_gone < SF_KEPT_ENTRIES)
				gone[n_gone++] = key;
			continue;
		}
		kept++;
		sf_inode_filter_add(&still, key.ino);
		if (!value.logged)
			report_renamed(map_fd, &key, &value);
	}
	for (size_t i = 0; i < n_gone; i++) {
		if (bpf_map_delete_elem(map_fd, &gone[i]) == 0)
			log_info("socket inode %llu is closed: no longer kept protected",
				 (unsigned long long)gone[i].ino);
	}
	free(gone);
	/*
	 * The daemon's filter forgets the closed ones: it covers every entry
	 * left (the kernel's slot covers the ones it adds meanwhile).
	 */
	int err = write_daemon_filter(state_fd, &still);

	if (err)
		log_warn("cannot rewrite the kept sockets' filter: %s (it keeps old bits, which "
			 "only costs lookups)",
			 strerror(-err));
	return kept;
}

int kept_read_all(int map_fd, struct connections_kept **out, size_t *n)
{
	struct connections_kept *items = NULL;
	struct sf_kept_key key, next;
	void *prev = NULL;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	while (bpf_map_get_next_key(map_fd, prev, &next) == 0) {
		struct sf_kept value;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(map_fd, &key, &value) != 0)
			continue; /* removed meanwhile */
		if (GROW_FOR_ONE(items, *n, cap, 16)) {
			free(items);
			*out = NULL;
			*n = 0;
			return -ENOMEM;
		}
		*out = items;
		items[*n] = (struct connections_kept){ .dev = key.dev,
						       .ino = key.ino,
						       .endpoint_hash = value.endpoint_hash };
		snprintf(items[*n].path, sizeof(items[*n].path), "%s", value.path);
		(*n)++;
	}
	return 0;
}
