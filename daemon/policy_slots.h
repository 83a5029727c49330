/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The user-space half of policy publication (struct sf_policy_state in
 * sockfence.h): write the slot no hook reads, name it active, and wait
 * until no hook still reads the old one.
 */
#ifndef SOCKFENCE_POLICY_SLOTS_H
#define SOCKFENCE_POLICY_SLOTS_H

#include <linux/types.h>

#include "sockfence.h"

/* The three maps that hold the generations: "policy", "policy_state", "policy_readers". */
struct policy_slots {
	int policy_fd;
	int state_fd;
	int readers_fd;
	unsigned long long wait_ns; /* how long to wait for readers; 0: a few seconds */
};

/*
 * Makes compiled the generation in force. Returns 0 once no hook reads
 * the generation it replaced; -EBUSY when hooks still read the slot it
 * would write, or still read the old generation, after a few seconds
 * (then the first leaves the policy in force unchanged, the second has
 * made compiled active); another negative errno when a map cannot be
 * used. Logged.
 */
int policy_slots_publish(const struct policy_slots *s, const struct sf_policy *compiled);

/* Copies the generation in force. 0 or a negative errno. */
int policy_slots_read_active(const struct policy_slots *s, struct sf_policy *out);

/* The flips count after flips (struct sf_policy_state): the next Gray code. */
__u32 policy_slots_flips_next(__u32 flips);

/* Hooks that read slot now, summed over the CPUs (tests use it). */
int policy_slots_readers(const struct policy_slots *s, __u32 slot, long long *readers);

#endif /* SOCKFENCE_POLICY_SLOTS_H */
