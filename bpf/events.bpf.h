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

static __always_inline void sf_count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&counters, &counter);

	if (value)
		*value += 1;
}

static __always_inline void sf_emit(__u8 hook, __u8 verdict, __u32 endpoint_id,
				    const struct sf_caller *caller, const struct sf_target *target)
{
	struct sf_event *event;

	event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);
	if (!event) {
		/* The verdict stands; only the report is lost, and counted. */
		sf_count(SF_CNT_EVENTS_DROPPED);
		return;
	}
	event->version = SF_EVENT_VERSION;
	event->hook = hook;
	event->verdict = verdict;
	event->endpoint_id = endpoint_id;
	event->ts_ns = bpf_ktime_get_ns();
	event->caller = *caller;
	event->target = *target;
	bpf_ringbuf_submit(event, 0);
	sf_count(SF_CNT_EVENTS_EMITTED);
}

#endif /* SOCKFENCE_EVENTS_BPF_H */
