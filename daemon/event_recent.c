// SPDX-License-Identifier: GPL-2.0-only
#include "event_recent.h"

void event_recent_push(struct event_recent *r, const struct event_view *v)
{
	r->slot[r->next] = *v;
	r->next = (r->next + 1) % EVENT_RECENT_MAX;
	if (r->count < EVENT_RECENT_MAX)
		r->count++;
}

const struct event_view *event_recent_get(const struct event_recent *r, size_t i)
{
	return &r->slot[(r->next + EVENT_RECENT_MAX - r->count + i) % EVENT_RECENT_MAX];
}
