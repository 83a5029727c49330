/* SPDX-License-Identifier: GPL-2.0-only */
/* The BPF skeleton's lifecycle: open, load, fill maps, attach, destroy. */
#ifndef SOCKFENCE_LOADER_H
#define SOCKFENCE_LOADER_H

#include <linux/types.h>

#include "sockfence.h"

struct sockfence_bpf;

struct loader {
	struct sockfence_bpf *skel;
};

/* Opens and loads the programs; on failure logs errno and what to do. */
int loader_load(struct loader *l);

/*
 * Makes compiled the active policy generation: writes it into a new inner
 * map, then points the "policy" map-of-maps at it with one update. Until
 * that update the previous generation stays in force; afterwards nothing
 * writes to the new one again. Returns 0 or a negative errno (logged).
 */
int loader_publish(struct loader *l, const struct sf_policy *compiled);

int loader_attach(struct loader *l);

int loader_events_map_fd(const struct loader *l);

/* Sums the per-CPU counters (enum sf_counter) into out. */
int loader_read_counters(const struct loader *l, __u64 out[SF_CNT_MAX]);

/* Detaches and frees everything; safe on a zeroed or half-built loader. */
void loader_destroy(struct loader *l);

#endif /* SOCKFENCE_LOADER_H */
