/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `sockfence run --metrics-file PATH`: the node_exporter textfile format
 * (Prometheus text exposition 0.0.4), written to a temporary file and
 * renamed over PATH, so that a scrape never reads half a file. Metric
 * names are sockfence_*; no label holds a pid, a container id or anything
 * else without bound.
 */
#ifndef SOCKFENCE_METRICS_H
#define SOCKFENCE_METRICS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "sockfence.h"

#define METRICS_MAPS_MAX 4

/* Everything the metrics say, gathered by the daemon. */
struct metrics_view {
	bool up; /* false: the daemon's last words (it stopped; enforcement stays pinned) */
	const struct sf_policy *policy; /* in force; NULL when none */
	const char *policy_source;	/* file name, or the built-in default's name */
	const char *policy_sha256;	/* of the text in force */
	uint64_t policy_loaded_at;	/* unix time */
	const char *backend;		/* lsm, fmod_ret, cgroup */
	__u64 kernel[SF_CNT_MAX];	/* the kernel's counters */
	__u64 hits[SF_RULE_HITS];	/* decisions per rule index, default at SF_MAX_RULES */
	uint64_t syslog_written, syslog_rate_limited, syslog_lost;
	uint64_t json_written, json_lost, journal_written, journal_lost, subscriber_dropped;
	struct {
		const char *name;
		int64_t entries; /* -1: unreadable */
		uint32_t capacity;
	} maps[METRICS_MAPS_MAX];
	unsigned int n_maps;
};

/* Writes the exposition of v to out. Returns 0, or -EIO when out failed. */
int metrics_format(FILE *out, const struct metrics_view *v);

/* Writes it to path.tmp, then renames it over path. Returns 0 or a negative errno. */
int metrics_write_file(const char *path, const struct metrics_view *v);

#endif /* SOCKFENCE_METRICS_H */
