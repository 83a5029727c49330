// SPDX-License-Identifier: GPL-2.0-only
#include "metrics_gather.h"

#include <bpf/bpf.h>
#include <string.h>

#include "pins.h"

/* Keys in a hash map, or -1 when it cannot be read. */
static int64_t count_entries(int fd)
{
	char key[256], next[256]; /* larger than any key here */
	void *prev = NULL;
	int64_t n = 0;

	if (fd < 0)
		return -1;
	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		memcpy(key, next, sizeof(key));
		prev = key;
		n++;
	}
	return n;
}

static void add_map(struct metrics_view *v, const char *name, int fd, uint32_t capacity)
{
	if (v->n_maps >= METRICS_MAPS_MAX)
		return;
	v->maps[v->n_maps].name = name;
	v->maps[v->n_maps].entries = count_entries(fd);
	v->maps[v->n_maps].capacity = capacity;
	v->n_maps++;
}

void metrics_gather(struct metrics_view *v, bool up, const struct daemon *d, const struct loader *l,
		    struct event_consumer *ec, const struct backend *b)
{
	struct events_totals t;
	int hits_fd = loader_rule_hits_map_fd(l);

	memset(v, 0, sizeof(*v));
	v->up = up;
	v->policy = d->active;
	v->policy_source = d->policy_source;
	v->policy_sha256 = d->policy.sha256;
	v->policy_loaded_at = d->loaded_at;
	v->backend = b ? backend_name(b->kind) : NULL;
	events_totals(ec, &t);
	memcpy(v->kernel, t.kernel, sizeof(v->kernel));
	v->syslog_written = ec->syslog.written;
	v->syslog_rate_limited = t.rate_limited;
	v->syslog_lost = t.syslog_lost;
	v->json_written = ec->json.written;
	v->json_lost = t.json_lost;
	v->journal_written = ec->journal.sent;
	v->journal_lost = t.journal_lost;
	v->subscriber_dropped = t.subscriber_dropped;
	for (__u32 i = 0; hits_fd >= 0 && d->active && i < d->active->n_rules && i < SF_MAX_RULES;
	     i++)
		pins_percpu_sum(hits_fd, i, &v->hits[i]);
	if (hits_fd >= 0)
		pins_percpu_sum(hits_fd, SF_MAX_RULES, &v->hits[SF_MAX_RULES]);
	add_map(v, "agg", loader_agg_map_fd(l), SF_AGG_ENTRIES);
	add_map(v, "shares", loader_shares_map_fd(l), SF_SHARE_ENTRIES);
	add_map(v, "kept", loader_kept_map_fd(l), SF_KEPT_ENTRIES);
}
