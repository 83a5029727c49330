/* SPDX-License-Identifier: GPL-2.0-only */
/* Reporting decisions: ring buffer plus per-CPU counters, never blocking. */
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
	const char *path; /* unix: inside policy; NULL for tcp */
};

static __always_inline void sf_emit(const struct sf_report *report, const struct sf_caller *caller,
				    const struct sf_target *target)
{
	struct sf_event *event;

	event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
	if (!event) {
		/* The verdict stands; only the report is lost, and counted. */
		sf_count(SF_CNT_EVENTS_DROPPED);
		return;
	}
	event->version = SF_EVENT_VERSION;
	event->hook = report->hook;
	event->verdict = report->verdict;
	event->generation = report->policy->generation;
	event->endpoint_id = report->endpoint_id;
	event->rule = report->rule;
	event->ts_ns = bpf_ktime_get_ns();
	event->caller = *caller;
	event->target = *target;
	event->endpoint[0] = '\0';
	event->path[0] = '\0';
	if (report->endpoint_id < SF_MAX_ENDPOINTS)
		__builtin_memcpy(event->endpoint,
				 report->policy->endpoint_names[report->endpoint_id], SF_NAME_LEN);
	if (report->path)
		__builtin_memcpy(event->path, report->path, SF_PATH_LEN);
	bpf_ringbuf_submit(event, 0);
	sf_count(SF_CNT_EVENTS_EMITTED);
}

#endif /* SOCKFENCE_EVENTS_BPF_H */
