/* SPDX-License-Identifier: GPL-2.0-only */
/* The BPF skeleton's lifecycle: open, load, fill maps, attach, destroy. */
#ifndef SOCKFENCE_LOADER_H
#define SOCKFENCE_LOADER_H

#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>

#include "sockfence.h"

struct sockfence_bpf;
struct bpf_program;
struct backend;
struct hook;

/* A backend attaches at most every hook of the table. */
#define LOADER_MAX_LINKS SF_HOOK_COUNT

/* A program loaded for its hook, to attach. */
struct loader_program {
	const struct hook *hook;
	struct bpf_program *prog;
};

struct loader {
	struct sockfence_bpf *skel;
	struct loader_program programs[LOADER_MAX_LINKS]; /* the backend's, in table order */
	size_t n_programs;
	int link_fds[LOADER_MAX_LINKS]; /* this daemon's links, also pinned */
	size_t n_links;
	bool adopted;		 /* reusing the pinned maps of an earlier daemon */
	bool migrating;		 /* pins of another map layout: fresh maps, old drained */
	__u32 pinned_generation; /* generation in force before this daemon, 0: none */
	int old_events_fd;	 /* migrating: the old ring buffer, to drain; else -1 */
};

/*
 * Opens and loads the programs of backend b (the others are not loaded).
 * The loader is reset first. Pinned maps of the same layout are reused,
 * so the policy in force, the counters and the events a dead daemon left
 * in the ring buffer carry over. On failure logs errno and what to do.
 */
int loader_load(struct loader *l, const struct backend *b);

/*
 * Makes compiled the active policy generation (policy_slots.h): writes it
 * into the slot no hook reads, names that slot active, and returns once no
 * hook still judges with the generation before. Until the name changes the
 * previous generation stays in force. Returns 0 or a negative errno (logged).
 */
int loader_publish(struct loader *l, const struct sf_policy *compiled);

/*
 * Attaches the programs of backend b (to its cgroup, for the cgroup
 * backend) and pins links and maps, make-before-break: the new
 * links are attached before the pins of any earlier links are replaced, so
 * for a moment both judge (a connect is denied if either denies) and there
 * is never a moment with none.
 */
int loader_attach(struct loader *l, const struct backend *b);

/* Records the daemon and the generation in force in the pinned meta map. */
int loader_write_meta(const struct loader *l, const struct sf_meta *meta);

/*
 * Zeroes the per-rule hit counters (a new policy numbers rules anew): the
 * ones before's rules and default could raise, all when before is NULL.
 */
int loader_clear_rule_hits(const struct loader *l, const struct sf_policy *before);

/*
 * Removes all pins, releases the whole BPF object and waits until the
 * programs are gone from their hooks: enforcement has ended on return. The
 * loader is empty afterwards.
 */
int loader_unload(struct loader *l);

int loader_events_map_fd(const struct loader *l);

/* The flood-control map ("agg"), or -1 once unloaded. */
int loader_agg_map_fd(const struct loader *l);

/* The decisions per rule ("rule_hits", per CPU), or -1. */
int loader_rule_hits_map_fd(const struct loader *l);

/* The "shares" map (fair events, sf_share_key), or -1. */
int loader_shares_map_fd(const struct loader *l);

/* The map of protected sockets that moved away from their path ("kept"), or -1. */
int loader_kept_map_fd(const struct loader *l);
/* The policy state, which also holds the kept map's filters ("policy_state"), or -1. */
int loader_policy_state_map_fd(const struct loader *l);

/* Sums the per-CPU counters (enum sf_counter) into out. */
int loader_read_counters(const struct loader *l, __u64 out[SF_CNT_MAX]);

/*
 * What a failed load or attach (errno err) means for the user; log_shown:
 * libbpf printed the verifier's log (it does not during auto's trial of a
 * backend, unless -v).
 */
const char *loader_error_hint(int err, bool log_shown);

/* Detaches and frees everything; safe on a zeroed or half-built loader. */
void loader_destroy(struct loader *l);

#endif /* SOCKFENCE_LOADER_H */
