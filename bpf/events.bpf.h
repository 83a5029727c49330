/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reporting decisions: ring buffer, flood control and per-CPU counters,
 * never blocking.
 */
#ifndef SOCKFENCE_EVENTS_BPF_H
#define SOCKFENCE_EVENTS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "sockfence.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SF_RINGBUF_BYTES);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SF_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* Decisions per rule (index) and for the default (SF_MAX_RULES). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SF_RULE_HITS);
	__type(key, __u32);
	__type(value, __u64);
} rule_hits SEC(".maps");

/*
 * Flood control, by sf_agg_key: when its last event was emitted and how
 * many identical attempts were aggregated since. LRU: a flood of distinct
 * keys evicts old ones (their counts stay in SF_CNT_EVENTS_AGGREGATED).
 */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, SF_AGG_ENTRIES);
	__type(key, struct sf_agg_key);
	__type(value, struct sf_agg_value);
} agg SEC(".maps");

/* Fair events: each identity's share of the ring buffer (sf_share_key). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, SF_SHARE_ENTRIES);
	__type(key, struct sf_share_key);
	__type(value, struct sf_share_value);
} shares SEC(".maps");

static const struct sf_share_value sf_share_fresh;

/* The value a new key starts from (read-only: map updates copy it). */
static const struct sf_agg_value sf_agg_fresh;

/* Written only by the daemon; here so it is created and pinned with the rest. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sf_meta);
} meta SEC(".maps");

static __always_inline void sf_count_rule(__u32 index)
{
	__u64 *value;

	if (index >= SF_RULE_HITS)
		index = SF_MAX_RULES;
	value = bpf_map_lookup_elem(&rule_hits, &index);
	if (value)
		*value += 1;
}

static __always_inline void sf_count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&counters, &counter);

	if (value)
		*value += 1;
}

/* What a decision reports, besides who asked and what was reached. */
struct sf_report {
	__u8 hook;
	__u8 verdict;
	__u32 rule;
	__u32 endpoint_id;
	const struct sf_policy *policy;
	const char *path;		/* unix: inside policy; NULL for tcp */
	const struct sf_remote *remote; /* a remote source; NULL for a local caller */
	__u32 kind;			/* enum sf_event_kind: a decision, or an exposure */
};

/*
 * The aggregation key: everything that tells one attempt from another but
 * the pid, the tid and the time, so a process that forks per connect is
 * still one flood. A field added to struct sf_caller that names who is
 * asking (not which process) belongs here and in struct sf_agg_key.
 */
static __always_inline void sf_agg_key_of(struct sf_agg_key *key, const struct sf_report *report,
					  const struct sf_caller *caller,
					  const struct sf_target *target)
{
	__builtin_memset(key, 0, sizeof(*key)); /* padding is hashed too */
	key->uid = caller->uid;
	key->euid = caller->euid;
	key->gid = caller->gid;
	key->egid = caller->egid;
	key->pidns_level = caller->pidns_level;
	key->exe_dev = caller->exe_dev;
	key->exe_ino = caller->exe_ino;
	key->cgroup_id = caller->cgroup_id;
	__builtin_memcpy(key->comm, caller->comm, SF_COMM_LEN);
	key->generation = report->policy->generation;
	key->endpoint_id = report->endpoint_id;
	key->rule = report->rule;
	key->hook = report->hook;
	key->verdict = report->verdict;
	key->target = *target;
	if (report->remote) {
		/* No caller: one source is one key (the port it came from is not). */
		key->target.family = report->remote->family;
		__builtin_memcpy(key->target.addr, report->remote->addr, 16);
		key->target.dev = report->remote->ifindex;
	}
}

/*
 * May this identity (caller, or remote when not NULL) send one more event
 * this second? Counts the send, or the shed one. Without room in the map
 * (it cannot be: LRU) it may. A global function, so that its branches do
 * not multiply the states the verifier walks through the rest of sf_emit.
 */
__attribute__((noinline)) int sf_take_share(const struct sf_caller *caller,
					    const struct sf_remote *remote, __u64 now)
{
	struct sf_share_key key = {};
	struct sf_share_value *share;

	if (remote) {
		__u64 lo, hi;

		__builtin_memcpy(&lo, remote->addr, 8);
		__builtin_memcpy(&hi, remote->addr + 8, 8);
		key.cgroup_id = lo ^ hi;
		key.remote = 1;
	} else if (caller) {
		key.cgroup_id = caller->cgroup_id;
		key.uid = caller->uid;
	}
	share = bpf_map_lookup_elem(&shares, &key);
	if (!share) {
		bpf_map_update_elem(&shares, &key, &sf_share_fresh, BPF_NOEXIST);
		share = bpf_map_lookup_elem(&shares, &key);
		if (!share)
			return 1;
	}
	if (now - share->window_ns >= 1000000000ULL) {
		/* A new second; racing CPUs may each start it: a few events more. */
		share->window_ns = now;
		share->sent = 0;
	}
	if (share->sent >= SF_SHARE_PER_S) {
		__sync_fetch_and_add(&share->shed, 1);
		return 0;
	}
	__sync_fetch_and_add(&share->sent, 1);
	return 1;
}

/*
 * Reports a decision, unless an identical one was emitted less than
 * SF_AGG_WINDOW_NS ago, or its identity used its share of this second
 * (sf_take_share): then it is only counted. Every call lands in exactly
 * one of the emitted, aggregated, shed and dropped counters. Nothing here
 * waits: a full ring buffer loses the report, never the verdict.
 */
static __always_inline void sf_emit(const struct sf_report *report, const struct sf_caller *caller,
				    const struct sf_target *target)
{
	struct sf_agg_value *agg_value;
	struct sf_event *event;
	struct sf_agg_key key;
	__u64 now, more = 0;

	sf_agg_key_of(&key, report, caller, target);
	now = bpf_ktime_get_ns();
	agg_value = bpf_map_lookup_elem(&agg, &key);
	if (agg_value && now - agg_value->last_ns < SF_AGG_WINDOW_NS) {
		__sync_fetch_and_add(&agg_value->suppressed, 1);
		sf_count(SF_CNT_EVENTS_AGGREGATED);
		return;
	}
	if (!sf_take_share(caller, report->remote, now)) {
		sf_count(SF_CNT_EVENTS_SHED);
		return;
	}
	if (agg_value)
		more = __sync_lock_test_and_set(&agg_value->suppressed, 0);
	event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
	if (!event) {
		/* The aggregated count waits for the next event of the key. */
		if (agg_value && more)
			__sync_fetch_and_add(&agg_value->suppressed, more);
		sf_count(SF_CNT_EVENTS_DROPPED);
		return;
	}
	event->version = SF_EVENT_VERSION;
	event->hook = report->hook;
	event->verdict = report->verdict;
	event->generation = report->policy->generation;
	event->endpoint_id = report->endpoint_id;
	event->rule = report->rule;
	event->caller = *caller;
	event->target = *target;
	event->endpoint[0] = '\0';
	event->path[0] = '\0';
	if (report->endpoint_id < SF_MAX_ENDPOINTS)
		__builtin_memcpy(event->endpoint,
				 report->policy->endpoint_names[report->endpoint_id], SF_NAME_LEN);
	if (report->path)
		__builtin_memcpy(event->path, report->path, SF_PATH_LEN);
	event->more = more > 0xffffffffULL ? 0xffffffffU : (__u32)more;
	event->kind = report->kind;
	event->ts_ns = now;
	__builtin_memset(&event->remote, 0, sizeof(event->remote));
	if (report->remote)
		event->remote = *report->remote;
	if (!agg_value) {
		/* Another CPU may insert it first; either copy will do. */
		bpf_map_update_elem(&agg, &key, &sf_agg_fresh, BPF_NOEXIST);
		agg_value = bpf_map_lookup_elem(&agg, &key);
	}
	if (agg_value) {
		agg_value->last_ns = now;
		agg_value->last = *event;
	}
	bpf_ringbuf_submit(event, 0);
	sf_count(SF_CNT_EVENTS_EMITTED);
}

#endif /* SOCKFENCE_EVENTS_BPF_H */
