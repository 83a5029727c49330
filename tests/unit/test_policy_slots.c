// SPDX-License-Identifier: GPL-2.0-only
/* Publication into the two policy slots, on real BPF maps of this host. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "decide.h"
#include "policy_slots.h"
#include "unit.h"

static struct policy_slots slots = { .policy_fd = -1, .state_fd = -1, .readers_fd = -1 };
static struct sf_policy *gen, *seen;

static int setup(void)
{
	slots.policy_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "policy", sizeof(__u32),
					 sizeof(struct sf_policy), SF_POLICY_SLOTS, NULL);
	LIBBPF_OPTS(bpf_map_create_opts, mmapable, .map_flags = BPF_F_MMAPABLE);

	slots.state_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "policy_state", sizeof(__u32),
					sizeof(struct sf_policy_state), 1, &mmapable);
	slots.readers_fd = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "policy_readers",
					  sizeof(__u32), sizeof(__s64), SF_POLICY_SLOTS, NULL);
	slots.wait_ns = 300ULL * 1000000ULL;
	gen = calloc(1, sizeof(*gen));
	seen = calloc(1, sizeof(*seen));
	return slots.policy_fd < 0 || slots.state_fd < 0 || slots.readers_fd < 0 || !gen || !seen
		       ? -1
		       : 0;
}

static int teardown(void)
{
	close(slots.policy_fd);
	close(slots.state_fd);
	close(slots.readers_fd);
	free(gen);
	free(seen);
	return 0;
}

/* What a hook on CPU 0 does to the count: readers on slot. */
static void set_readers(__u32 slot, __s64 readers)
{
	int n_cpus = libbpf_num_possible_cpus();
	__s64 *values = calloc((size_t)n_cpus, sizeof(*values));

	values[0] = readers;
	bpf_map_update_elem(slots.readers_fd, &slot, values, BPF_ANY);
	free(values);
}

static struct sf_policy_state state_now(void)
{
	struct sf_policy_state st = { 0 };
	__u32 zero = 0;

	bpf_map_lookup_elem(slots.state_fd, &zero, &st);
	return st;
}

static __u32 active_slot(void)
{
	return state_now().active;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void publish(__u32 generation, int want)
{
	gen->generation = generation;
	gen->n_rules = generation;
	CU_ASSERT_EQUAL(policy_slots_publish(&slots, gen), want);
}

static void publishes_into_the_other_slot(void)
{
	publish(1, 0);
	CU_ASSERT_EQUAL(active_slot(), 1);
	CU_ASSERT_EQUAL(policy_slots_read_active(&slots, seen), 0);
	CU_ASSERT_EQUAL(seen->generation, 1);
	publish(2, 0);
	CU_ASSERT_EQUAL(active_slot(), 0);
	CU_ASSERT_EQUAL(policy_slots_read_active(&slots, seen), 0);
	CU_ASSERT_EQUAL(seen->generation, 2);
	CU_ASSERT_EQUAL(seen->n_rules, 2);
}

static void *leave_later(void *slot)
{
	usleep(100 * 1000);
	set_readers(*(__u32 *)slot, 0);
	return NULL;
}

/* A hook still judging with the old generation holds the reload's answer back. */
static void waits_for_readers_of_the_old_slot(void)
{
	__u32 old = active_slot();
	pthread_t t;
	double start;

	set_readers(old, 1);
	pthread_create(&t, NULL, leave_later, &old);
	start = now_ms();
	publish(3, 0);
	CU_ASSERT_TRUE(now_ms() - start >= 90);
	pthread_join(t, NULL);
	CU_ASSERT_NOT_EQUAL(active_slot(), old);
	CU_ASSERT_EQUAL(policy_slots_read_active(&slots, seen), 0);
	CU_ASSERT_EQUAL(seen->generation, 3);
}

/* Never written while read: a slot still read refuses the reload, the policy stays. */
static void never_writes_a_slot_in_use(void)
{
	__u32 active = active_slot(), other = active ^ 1;

	set_readers(other, 1);
	publish(4, -EBUSY);
	CU_ASSERT_EQUAL(active_slot(), active);
	CU_ASSERT_EQUAL(policy_slots_read_active(&slots, seen), 0);
	CU_ASSERT_EQUAL(seen->generation, 3);
	set_readers(other, 0);
	publish(5, 0);
	CU_ASSERT_EQUAL(active_slot(), other);
}

/*
 * What a hook that only peeks relies on: every naming changes flips by
 * exactly one bit (a read overlapping the write sees old or new), and a
 * value never comes back, over more namings than any hook could sleep
 * through; a refused reload names nothing.
 */
static void flips_change_one_bit_and_never_repeat(void)
{
	enum { N = 1 << 16 };
	unsigned char *seen_flips = calloc(N, 1);
	__u32 flips = 0, ok_bits = 1, ok_new = 1, before, other;

	seen_flips[0] = 1;
	for (unsigned i = 1; i < N; i++) {
		__u32 next = policy_slots_flips_next(flips);

		ok_bits &= __builtin_popcount(next ^ flips) == 1;
		ok_new &= next < N && !seen_flips[next];
		if (next < N)
			seen_flips[next] = 1;
		flips = next;
	}
	CU_ASSERT_TRUE(ok_bits);
	CU_ASSERT_TRUE(ok_new);
	CU_ASSERT_EQUAL(policy_slots_flips_next(0xffffffffu ^ 0x7fffffffu), 0); /* wraps at 2^32 */
	free(seen_flips);

	before = state_now().flips;
	publish(6, 0);
	CU_ASSERT_EQUAL(state_now().flips, policy_slots_flips_next(before));
	other = active_slot() ^ 1;
	before = state_now().flips;
	set_readers(other, 1);
	publish(7, -EBUSY);
	CU_ASSERT_EQUAL(state_now().flips, before);
	set_readers(other, 0);
}

/*
 * The slot's fast filters go into the state with it, before its name; the
 * kernel's kept bits in the same value stay (the daemon never writes the
 * value whole). The other slot keeps the filters of the generation before.
 */
static void publishes_the_fast_filters_and_leaves_the_kernels_bits(void)
{
	struct sf_policy_state st;
	__u32 zero = 0, active;

	st = state_now();
	st.kept[sf_kept_word(4242)] |= sf_kept_bit(4242, SF_KEPT_FILTER_KERNEL);
	CU_ASSERT_EQUAL(bpf_map_update_elem(slots.state_fd, &zero, &st, BPF_ANY), 0);
	memset(&gen->fast, 0, sizeof(gen->fast));
	sf_inode_filter_add(&gen->fast.unix_inodes, 77);
	sf_place_name_len_add(&gen->fast, 11);
	publish(8, 0);
	memset(&gen->fast, 0, sizeof(gen->fast));
	sf_inode_filter_add(&gen->fast.unix_inodes, 78);
	publish(9, 0);
	st = state_now();
	active = st.active;
	CU_ASSERT_TRUE(sf_inode_filter_has(&st.fast[active].unix_inodes, 78));
	CU_ASSERT_FALSE(sf_inode_filter_has(&st.fast[active].unix_inodes, 77));
	CU_ASSERT_FALSE(sf_place_name_len_has(&st.fast[active], 11));
	CU_ASSERT_TRUE(sf_inode_filter_has(&st.fast[active ^ 1].unix_inodes, 77));
	CU_ASSERT_TRUE(sf_place_name_len_has(&st.fast[active ^ 1], 11));
	CU_ASSERT_TRUE(st.kept[sf_kept_word(4242)] & sf_kept_bit(4242, SF_KEPT_FILTER_KERNEL));
	memset(&gen->fast, 0, sizeof(gen->fast));
}

/* Readers that moved CPU count -1 on one, +1 on another: the sum decides. */
static void sums_the_cpus(void)
{
	int n_cpus = libbpf_num_possible_cpus();
	__s64 *values = calloc((size_t)n_cpus, sizeof(*values));
	__u32 slot = 0;
	long long readers = -7;

	values[0] = 1;
	if (n_cpus > 1)
		values[n_cpus - 1] = -1;
	bpf_map_update_elem(slots.readers_fd, &slot, values, BPF_ANY);
	CU_ASSERT_EQUAL(policy_slots_readers(&slots, slot, &readers), 0);
	CU_ASSERT_EQUAL(readers, n_cpus > 1 ? 0 : 1);
	set_readers(slot, 0);
	free(values);
}

int register_policy_slots_tests(void)
{
	static const struct unit_test tests[] = {
		{ "publishes into the other slot", publishes_into_the_other_slot },
		{ "waits for readers of the old slot", waits_for_readers_of_the_old_slot },
		{ "never writes a slot in use", never_writes_a_slot_in_use },
		{ "flips change one bit and never repeat", flips_change_one_bit_and_never_repeat },
		{ "publishes the fast filters, leaves the kernel's bits",
		  publishes_the_fast_filters_and_leaves_the_kernels_bits },
		{ "sums the CPUs", sums_the_cpus },
		{ 0 },
	};

	return unit_add_suite("policy_slots", setup, teardown, tests);
}
