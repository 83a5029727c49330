// SPDX-License-Identifier: GPL-2.0-only
#include "event_recent.h"

void event_recent_push(struct event_recent *r, const struct sf_event *ev,
		       const struct timespec *when)
{
	r->slot[r->next].ev = *ev;
	r->slot[r->next].when = *when;
	r->next = (r->next + 1) % EVENT_RECENT_MAX;
	if (r->count < EVENT_RECENT_MAX)
		r->count++;
}

const struct sf_event *event_recent_get(const struct event_recent *r, size_t i,
					const struct timespec **when)
{
	size_t slot = (r->next + EVENT_RECENT_MAX - r->count + i) % EVENT_RECENT_MAX;

	*when = &r->slot[slot].when;
	return &r->slot[slot].ev;
}
