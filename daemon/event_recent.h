/* SPDX-License-Identifier: GPL-2.0-only */
/* The last events the daemon handled, for `sockfence events` without --follow. */
#ifndef SOCKFENCE_EVENT_RECENT_H
#define SOCKFENCE_EVENT_RECENT_H

#include <stddef.h>
#include <time.h>

#include "sockfence.h"

#define EVENT_RECENT_MAX 64

struct event_recent {
	struct {
		struct sf_event ev;
		struct timespec when; /* wall clock */
	} slot[EVENT_RECENT_MAX];
	size_t next;  /* slot the next event goes to */
	size_t count; /* slots in use */
};

void event_recent_push(struct event_recent *r, const struct sf_event *ev,
		       const struct timespec *when);

/* The i-th kept event, oldest first (i < r->count). */
const struct sf_event *event_recent_get(const struct event_recent *r, size_t i,
					const struct timespec **when);

#endif /* SOCKFENCE_EVENT_RECENT_H */
