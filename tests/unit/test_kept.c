// SPDX-License-Identifier: GPL-2.0-only
/* The daemon's side of the kept map, against real BPF maps of the host. */
#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decide.h"
#include "kept.h"
#include "unit.h"

static int kept_fd = -1, state_fd = -1;
static struct sf_policy *old_gen, *next_gen;

static int setup(void)
{
	kept_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "kept", sizeof(struct sf_kept_key),
				 sizeof(struct sf_kept), 16, NULL);
	LIBBPF_OPTS(bpf_map_create_opts, mmapable, .map_flags = BPF_F_MMAPABLE);

	state_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "policy_state", sizeof(__u32),
				  sizeof(struct sf_policy_state), 1, &mmapable);
	old_gen = calloc(1, sizeof(*old_gen));
	next_gen = calloc(1, sizeof(*next_gen));
	return kept_fd < 0 || state_fd < 0 || !old_gen || !next_gen ? -1 : 0;
}

static int teardown(void)
{
	close(kept_fd);
	close(state_fd);
	free(old_gen);
	free(next_gen);
	return 0;
}

static void name_endpoint(struct sf_policy *p, __u32 id, const char *name)
{
	snprintf(p->endpoint_names[id], SF_NAME_LEN, "%s", name);
	p->endpoint_hash[id] = sf_text_hash(name);
	if (p->n_endpoints <= id)
		p->n_endpoints = id + 1;
}

/* old: docker (7, 10) and other (7, 20); next: only other's socket still found. */
static void two_generations(void)
{
	memset(old_gen, 0, sizeof(*old_gen));
	memset(next_gen, 0, sizeof(*next_gen));
	name_endpoint(old_gen, 0, "docker");
	name_endpoint(old_gen, 1, "other");
	old_gen->n_unix = 2;
	old_gen->unix_targets[0] = (struct sf_unix_target){ .dev = 7, .ino = 10, .endpoint_id = 0 };
	snprintf(old_gen->unix_targets[0].path, SF_PATH_LEN, "/run/docker.sock");
	old_gen->unix_targets[1] = (struct sf_unix_target){ .dev = 7, .ino = 20, .endpoint_id = 1 };
	name_endpoint(next_gen, 0, "other"); /* ids may change between generations */
	name_endpoint(next_gen, 1, "docker");
	next_gen->n_unix = 1;
	next_gen->unix_targets[0] =
		(struct sf_unix_target){ .dev = 7, .ino = 20, .endpoint_id = 0 };
}

static int count_kept(void)
{
	struct sf_kept_key key, next;
	void *prev = NULL;
	int n = 0;

	while (bpf_map_get_next_key(kept_fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		n++;
	}
	return n;
}

static void clear_kept(void)
{
	static const struct sf_policy_state none;
	struct sf_kept_key key;
	__u32 zero = 0;

	while (bpf_map_get_next_key(kept_fd, NULL, &key) == 0)
		bpf_map_delete_elem(kept_fd, &key);
	bpf_map_update_elem(state_fd, &zero, &none, BPF_ANY);
}

static struct sf_ino_filter filter_slot(__u32 slot)
{
	struct sf_policy_state state = { 0 };
	__u32 zero = 0;

	CU_ASSERT_EQUAL(bpf_map_lookup_elem(state_fd, &zero, &state), 0);
	struct sf_ino_filter filter = { 0 };

	/* As the daemon reads it: one filter out of the interleaved words. */
	for (__u32 b = 0; b < SF_INO_FILTER_BITS; b++) {
		if (state.kept[b / 32] & (1ULL << (slot * 32 + b % 32)))
			filter.bits[b / 64] |= 1ULL << (b % 64);
	}
	return filter;
}

/* What the kernel does at a rename: its bit for ino, set beside the daemon's writes. */
static void kernel_keeps(__u64 ino)
{
	struct sf_policy_state state = { 0 };
	__u32 zero = 0;

	CU_ASSERT_EQUAL(bpf_map_lookup_elem(state_fd, &zero, &state), 0);
	state.kept[sf_kept_word(ino)] |= sf_kept_bit(ino, SF_KEPT_FILTER_KERNEL);
	CU_ASSERT_EQUAL(bpf_map_update_elem(state_fd, &zero, &state, BPF_ANY), 0);
}

static void keeps_a_dropped_socket_that_is_bound(void)
{
	struct bound_file files[] = { { .dev = 7, .ino32 = 10 } };
	struct bound_files bound = { .items = files, .n = 1 };
	struct sf_kept_key key = { .dev = 7, .ino = 10 };
	struct sf_kept value;
	struct sf_ino_filter filter;

	clear_kept();
	two_generations();
	CU_ASSERT_FALSE(kept_any(state_fd));
	kernel_keeps(99);
	CU_ASSERT_EQUAL(kept_hold_dropped(kept_fd, state_fd, old_gen, next_gen, &bound), 1);
	CU_ASSERT_EQUAL_FATAL(bpf_map_lookup_elem(kept_fd, &key, &value), 0);
	CU_ASSERT_EQUAL(value.endpoint_hash, sf_text_hash("docker"));
	CU_ASSERT_EQUAL(sf_endpoint_by_hash(next_gen, value.endpoint_hash), 1);
	CU_ASSERT_EQUAL(value.by, SF_KEPT_BY_DAEMON);
	CU_ASSERT_STRING_EQUAL(value.path, "/run/docker.sock");
	/* The kernel looks in the map for this inode from now on, and only for it. */
	filter = filter_slot(SF_KEPT_FILTER_DAEMON);
	CU_ASSERT_TRUE(sf_inode_filter_has(&filter, 10));
	CU_ASSERT_FALSE(sf_inode_filter_has(&filter, 20));
	filter = filter_slot(SF_KEPT_FILTER_KERNEL);
	CU_ASSERT_FALSE(sf_inode_filter_has(&filter, 10)); /* the kernel's own slot */
	CU_ASSERT_TRUE(sf_inode_filter_has(&filter, 99));  /* and left as it was */
	CU_ASSERT_TRUE(kept_any(state_fd));
	/* Again: nothing new. */
	CU_ASSERT_EQUAL(kept_hold_dropped(kept_fd, state_fd, old_gen, next_gen, &bound), 0);
	CU_ASSERT_EQUAL(count_kept(), 1);
}

static void does_not_keep_closed_sockets_or_dropped_endpoints(void)
{
	struct bound_files none = { 0 };
	struct bound_file files[] = { { .dev = 7, .ino32 = 10 } };
	struct bound_files bound = { .items = files, .n = 1 };

	clear_kept();
	two_generations();
	CU_ASSERT_EQUAL(kept_hold_dropped(kept_fd, state_fd, old_gen, next_gen, &none), 0);
	memset(next_gen->endpoint_names[1], 0, SF_NAME_LEN); /* next drops "docker" */
	next_gen->n_endpoints = 1;
	CU_ASSERT_EQUAL(kept_hold_dropped(kept_fd, state_fd, old_gen, next_gen, &bound), 0);
	CU_ASSERT_EQUAL(count_kept(), 0);
}

/* The tables could not be read: every dropped socket counts as bound. */
static void keeps_when_the_tables_are_unreadable(void)
{
	clear_kept();
	two_generations();
	CU_ASSERT_EQUAL(kept_hold_dropped(kept_fd, state_fd, old_gen, next_gen, NULL), 1);
	CU_ASSERT_EQUAL(count_kept(), 1);
}

static void prunes_closed_sockets_only(void)
{
	struct sf_kept_key closed = { .dev = 7, .ino = 10 }, open = { .dev = 7, .ino = 11 },
			   newer = { .dev = 7, .ino = 12 };
	struct sf_kept value = { .since_ns = 100, .logged = 1 };
	struct bound_file files[] = { { .dev = 7, .ino32 = 11 } };
	struct bound_files bound = { .items = files, .n = 1, .taken_ns = 1000 };
	struct sf_ino_filter filter;

	clear_kept();
	kernel_keeps(99);
	CU_ASSERT_EQUAL(bpf_map_update_elem(kept_fd, &closed, &value, BPF_ANY), 0);
	CU_ASSERT_EQUAL(bpf_map_update_elem(kept_fd, &open, &value, BPF_ANY), 0);
	/* Kept after the tables were read: its socket may be newer than them. */
	value.since_ns = 2000;
	CU_ASSERT_EQUAL(bpf_map_update_elem(kept_fd, &newer, &value, BPF_ANY), 0);
	CU_ASSERT_EQUAL(kept_prune(kept_fd, state_fd, &bound), 2);
	CU_ASSERT_NOT_EQUAL(bpf_map_lookup_elem(kept_fd, &closed, &value), 0);
	CU_ASSERT_EQUAL(bpf_map_lookup_elem(kept_fd, &open, &value), 0);
	CU_ASSERT_EQUAL(bpf_map_lookup_elem(kept_fd, &newer, &value), 0);
	/* The daemon's filter now covers what is left, and not the closed one. */
	filter = filter_slot(SF_KEPT_FILTER_DAEMON);
	CU_ASSERT_FALSE(sf_inode_filter_has(&filter, closed.ino));
	CU_ASSERT_TRUE(sf_inode_filter_has(&filter, open.ino));
	CU_ASSERT_TRUE(sf_inode_filter_has(&filter, newer.ino));
	/* The daemon wrote its own filter only: the kernel's bits are all still there. */
	filter = filter_slot(SF_KEPT_FILTER_KERNEL);
	CU_ASSERT_TRUE(sf_inode_filter_has(&filter, 99));
	CU_ASSERT_FALSE(sf_inode_filter_has(&filter, open.ino));
}

int register_kept_tests(void)
{
	static const struct unit_test tests[] = {
		{ "keeps a dropped socket that is bound", keeps_a_dropped_socket_that_is_bound },
		{ "not closed sockets, not dropped endpoints",
		  does_not_keep_closed_sockets_or_dropped_endpoints },
		{ "keeps when sock_diag fails", keeps_when_the_tables_are_unreadable },
		{ "prunes closed sockets only", prunes_closed_sockets_only },
		{ 0 },
	};

	return unit_add_suite("kept", setup, teardown, tests);
}
