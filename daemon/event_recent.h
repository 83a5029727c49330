/* SPDX-License-Identifier: GPL-2.0-only */
/* The last events the daemon handled, for `sockfence events` without --follow. */
#ifndef SOCKFENCE_EVENT_RECENT_H
#define SOCKFENCE_EVENT_RECENT_H

#include <stddef.h>

#include "event_view.h"

#define EVENT_RECENT_MAX 64

struct event_recent {
	struct event_view slot[EVENT_RECENT_MAX]; /* as decoded when they arrived */
	size_t next;				  /* slot the next event goes to */
	size_t count;				  /* slots in use */
};

void event_recent_push(struct event_recent *r, const struct event_view *v);

/* The i-th kept event, oldest first (i < r->count). */
const struct event_view *event_recent_get(const struct event_recent *r, size_t i);

#endif /* SOCKFENCE_EVENT_RECENT_H */
