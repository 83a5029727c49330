/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's writes into the "policy_state" map's one value (struct
 * sf_policy_state): through a shared mapping, never a whole-value update,
 * since the kernel ORs its kept bits into the same value at any moment.
 */
#ifndef SOCKFENCE_POLICY_STATE_H
#define SOCKFENCE_POLICY_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

struct policy_state_map {
	struct sf_policy_state *state;
	size_t len;
};

/* Maps the value of the map fd. 0, or a negative errno (logged by the caller). */
int policy_state_map(int fd, struct policy_state_map *m);
void policy_state_unmap(struct policy_state_map *m);

/* Writes slot's fast filters: only while no hook may read them (policy_slots.c). */
void policy_state_set_fast(struct policy_state_map *m, __u32 slot,
			   const struct sf_fast_filter *fast);

/* Names slot active with flips, in one store, after everything written before it. */
void policy_state_activate(struct policy_state_map *m, __u32 slot, __u32 flips);

/* Is a bit of either kept filter set? */
bool policy_state_any_kept(const struct policy_state_map *m);

/* The daemon's kept filter: it is its only writer (kept.c). */
void policy_state_write_daemon_kept(struct policy_state_map *m, const struct sf_ino_filter *in);
void policy_state_add_daemon_kept(struct policy_state_map *m, __u64 ino);

#endif /* SOCKFENCE_POLICY_STATE_H */
