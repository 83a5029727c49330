// SPDX-License-Identifier: GPL-2.0-only
#include "kept.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decide.h"
#include "grow.h"
#include "log.h"

static __u64 monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (__u64)ts.tv_sec * 1000000000ULL + (__u64)ts.tv_nsec;
}

int kept_hold_dropped(int map_fd, int used_fd, const struct sf_policy *old,
		      const struct sf_policy *next, const struct bound_files *bound)
{
	__u32 zero = 0, one = 1;
	int added = 0;

	for (__u32 i = 0; old && i < old->n_unix && i < SF_MAX_TARGETS; i++) {
		const struct sf_unix_target *t = &old->unix_targets[i];
		struct sf_kept_key key = { .dev = t->dev, .ino = t->ino };
		struct sf_kept value = { .by = SF_KEPT_BY_DAEMON,
					 .logged = 1,
					 .since_ns = monotonic_ns() };

		if (sf_find_unix(next, t->dev, t->ino) >= 0 || t->endpoint_id >= SF_MAX_ENDPOINTS)
			continue;
		value.endpoint_hash = old->endpoint_hash[t->endpoint_id];
		if (sf_endpoint_by_hash(next, value.endpoint_hash) < 0 ||
		    !bound_files_has(bound, t->dev, t->ino))
			continue;
		snprintf(value.path, sizeof(value.path), "%s", t->path);
		/* Before the entry: the kernel looks in the map only once it is set. */
		if (bpf_map_update_elem(used_fd, &zero, &one, BPF_ANY) != 0 ||
		    bpf_map_update_elem(map_fd, &key, &value, BPF_NOEXIST) != 0) {
			if (errno == EEXIST)
				continue; /* already kept (a rename, seen by the kernel) */
			int err = -errno;

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

int kept_prune(int map_fd, const struct bound_files *bound)
{
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
		if (!value.logged)
			report_renamed(map_fd, &key, &value);
	}
	for (size_t i = 0; i < n_gone; i++) {
		if (bpf_map_delete_elem(map_fd, &gone[i]) == 0)
			log_info("socket inode %llu is closed: no longer kept protected",
				 (unsigned long long)gone[i].ino);
	}
	free(gone);
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
