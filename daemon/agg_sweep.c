// SPDX-License-Identifier: GPL-2.0-only
#include "agg_sweep.h"

#include <bpf/bpf.h>

/*
 * A key the kernel touches between our lookup and our delete costs at most
 * one extra event (it starts afresh); the counters stay exact either way.
 */
static int sweep_key(int fd, const struct sf_agg_key *key, uint64_t now_ns, agg_report_fn report,
		     void *ctx)
{
	struct sf_agg_value value;
	struct sf_event ev;

	if (bpf_map_lookup_elem(fd, key, &value) != 0)
		return 0; /* evicted meanwhile */
	if (now_ns - value.last_ns < SF_AGG_WINDOW_NS)
		return 0;
	if (value.suppressed == 0) {
		bpf_map_delete_elem(fd, key);
		return 0;
	}
	/* Read and remove in one step, so the count is reported once. */
	if (bpf_map_lookup_and_delete_elem(fd, key, &value) != 0 || value.suppressed == 0)
		return 0;
	ev = value.last;
	ev.kind = SF_EVENT_REPEATS;
	ev.more = value.suppressed > UINT32_MAX ? UINT32_MAX : (uint32_t)value.suppressed;
	ev.ts_ns = now_ns;
	report(ctx, &ev);
	return 1;
}

int agg_sweep(int agg_fd, uint64_t now_ns, agg_report_fn report, void *ctx)
{
	/* Every second, one daemon: no point allocating it each time. */
	static struct sf_agg_key keys[SF_AGG_ENTRIES];
	size_t n = 0;
	int reported = 0;

	/* Keys first: deleting while walking would restart the walk. */
	while (n < SF_AGG_ENTRIES &&
	       bpf_map_get_next_key(agg_fd, n ? &keys[n - 1] : NULL, &keys[n]) == 0)
		n++;
	for (size_t i = 0; i < n; i++)
		reported += sweep_key(agg_fd, &keys[i], now_ns, report, ctx);
	return reported;
}
