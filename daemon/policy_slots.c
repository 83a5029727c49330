// SPDX-License-Identifier: GPL-2.0-only
#include "policy_slots.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "policy_state.h"

/* How long a reload waits for hooks to leave a slot before it gives up. */
#define SLOT_WAIT_NS (3ULL * 1000000000ULL)

static unsigned long long wait_limit(const struct policy_slots *s)
{
	return s->wait_ns ? s->wait_ns : SLOT_WAIT_NS;
}

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

int policy_slots_readers(const struct policy_slots *s, __u32 slot, long long *readers)
{
	int n_cpus = libbpf_num_possible_cpus();
	__s64 *values;
	int err = 0;

	if (n_cpus < 0)
		return n_cpus;
	values = calloc((size_t)n_cpus, sizeof(*values));
	if (!values)
		return -ENOMEM;
	*readers = 0;
	if (bpf_map_lookup_elem(s->readers_fd, &slot, values) != 0)
		err = -errno;
	for (int cpu = 0; !err && cpu < n_cpus; cpu++)
		*readers += values[cpu];
	free(values);
	return err;
}

/*
 * Until no hook reads slot. A hook holds it for microseconds; the first
 * looks are spins, then short sleeps. -EBUSY after wait_limit().
 */
static int wait_for_readers(const struct policy_slots *s, __u32 slot)
{
	unsigned long long start = now_ns();
	struct timespec pause = { .tv_nsec = 20000 };
	long long readers = 0;

	for (unsigned tries = 0;; tries++) {
		int err = policy_slots_readers(s, slot, &readers);

		if (err)
			return err;
		if (readers == 0)
			return 0;
		if (now_ns() - start > wait_limit(s))
			break;
		if (tries >= 100)
			nanosleep(&pause, NULL);
	}
	log_err("%lld BPF hooks still read policy slot %u after %llu ms: a sockfence program "
		"that never ends its reading cannot happen; report it, with 'sockfence status' "
		"and the kernel version",
		readers, slot, wait_limit(s) / 1000000ULL);
	return -EBUSY;
}

__u32 policy_slots_flips_next(__u32 flips)
{
	__u32 n = flips;

	/* Gray code to count (each bit the XOR of those above it), one more, back. */
	for (unsigned shift = 1; shift < 32; shift <<= 1)
		n ^= n >> shift;
	n++;
	return n ^ (n >> 1);
}

static int read_state(const struct policy_slots *s, struct sf_policy_state *state)
{
	__u32 zero = 0;

	if (bpf_map_lookup_elem(s->state_fd, &zero, state) != 0)
		return -errno;
	state->active &= SF_POLICY_SLOTS - 1;
	return 0;
}

int policy_slots_publish(const struct policy_slots *s, const struct sf_policy *compiled)
{
	struct policy_state_map map;
	struct sf_policy_state state;
	__u32 old, next;
	int err = read_state(s, &state);

	if (err) {
		log_err("cannot read which policy slot is active: %s", strerror(-err));
		return err;
	}
	old = state.active;
	next = old ^ 1;
	/* The last reload waited for this slot's readers; a hook that came late left since. */
	err = wait_for_readers(s, next);
	if (err) {
		log_err("policy generation %u not activated: the slot it goes to is still read; "
			"generation in force unchanged",
			compiled->generation);
		return err;
	}
	if (bpf_map_update_elem(s->policy_fd, &next, compiled, BPF_ANY) != 0) {
		err = -errno;
		log_err("cannot write policy generation %u: %s", compiled->generation,
			strerror(-err));
		return err;
	}
	err = policy_state_map(s->state_fd, &map);
	if (err) {
		log_err("cannot map the policy state to activate generation %u: %s (the kernel "
			"needs BPF_F_MMAPABLE arrays, Linux 5.5 or newer)",
			compiled->generation, strerror(-err));
		return err;
	}
	/* The slot's content before the name that makes it active... */
	policy_state_set_fast(&map, next, &compiled->fast);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	policy_state_activate(&map, next, policy_slots_flips_next(state.flips));
	policy_state_unmap(&map);
	/*
	 * ... and the name before the look at the old slot's readers: a hook
	 * that raised its count after this look reads the new name and moves
	 * to the new slot (judge.bpf.h).
	 */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	err = wait_for_readers(s, old);
	if (err)
		log_err("policy generation %u is active, but hooks may still judge with the "
			"one before it",
			compiled->generation);
	return err;
}

int policy_slots_read_active(const struct policy_slots *s, struct sf_policy *out)
{
	/*
	 * A reload may meanwhile write the other slot and name it active: read
	 * until the state held still (flips: two reloads in between too).
	 */
	for (int attempt = 0; attempt < 8; attempt++) {
		struct sf_policy_state before, after;
		int err = read_state(s, &before);

		if (err)
			return err;
		if (bpf_map_lookup_elem(s->policy_fd, &before.active, out) != 0)
			return -errno;
		err = read_state(s, &after);
		if (err)
			return err;
		if (after.active == before.active && after.flips == before.flips)
			return 0;
	}
	return -EAGAIN;
}
