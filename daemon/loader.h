/* SPDX-License-Identifier: GPL-2.0-only */
/* The BPF skeleton's lifecycle: open, load, fill maps, attach, destroy. */
#ifndef SOCKFENCE_LOADER_H
#define SOCKFENCE_LOADER_H

#include <linux/types.h>

#include "endpoints.h"

struct sockfence_bpf;

struct loader {
	struct sockfence_bpf *skel;
};

/* Opens and loads the programs; on failure logs errno and what to do. */
int loader_load(struct loader *l);

/* Writes the resolved endpoints into the protected-endpoint maps. */
int loader_fill_endpoints(struct loader *l, const struct endpoint_state *st);

int loader_attach(struct loader *l);

int loader_events_map_fd(const struct loader *l);

/* Sums the per-CPU counters (enum sf_counter) into out. */
int loader_read_counters(const struct loader *l, __u64 out[SF_CNT_MAX]);

/* Detaches and frees everything; safe on a zeroed or half-built loader. */
void loader_destroy(struct loader *l);

#endif /* SOCKFENCE_LOADER_H */
