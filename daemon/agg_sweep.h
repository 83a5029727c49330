/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tail of a flood: attempts the kernel aggregated after a key's last
 * event are carried by that key's next event, and when none comes within
 * the window, the sweep reports them as an SF_EVENT_REPEATS record built
 * from the last event the kernel kept. It also removes stale keys, which
 * keeps the aggregation map small.
 */
#ifndef SOCKFENCE_AGG_SWEEP_H
#define SOCKFENCE_AGG_SWEEP_H

#include <stdint.h>

#include "sockfence.h"

typedef void (*agg_report_fn)(void *ctx, const struct sf_event *ev);

/*
 * Visits every key of the "agg" map (fd) whose last event is at least
 * SF_AGG_WINDOW_NS older than now_ns (CLOCK_MONOTONIC): reports its
 * pending count through report, if any, and deletes it. Returns the number
 * of records reported. Not reentrant (one static key buffer).
 */
int agg_sweep(int agg_fd, uint64_t now_ns, agg_report_fn report, void *ctx);

#endif /* SOCKFENCE_AGG_SWEEP_H */
