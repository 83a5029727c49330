/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Live subscribers: `sockfence events` clients, each a control connection
 * the daemon keeps. Every subscriber has its own bounded queue and is
 * written without blocking, so one that stops reading loses its own events
 * (counted, and reported to it as "dropped N" before the next one it gets)
 * and never delays the daemon, syslog or the other subscribers.
 */
#ifndef SOCKFENCE_SUBSCRIBERS_H
#define SOCKFENCE_SUBSCRIBERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "event_recent.h"
#include "sockfence.h"

#define SUBSCRIBERS_MAX	       16
#define SUBSCRIBER_QUEUE_BYTES (128 * 1024)
#define SUBSCRIBER_DRAIN_S     10 /* a one-shot client has this long to read its answer */

struct subscriber;

struct subscribers {
	int epfd; /* the event consumer's epoll set */
	struct subscriber *slot[SUBSCRIBERS_MAX];
	uint64_t dropped; /* events not queued for some subscriber, all of them */
};

void subscribers_init(struct subscribers *s, int epfd);

/*
 * Takes over a root client's control connection that asked for "events
 * ARGUMENT" (ARGUMENT: words "follow", "json"). Without follow it gets the
 * recent events and "ok", and is closed once it has read them; with follow
 * "following", then every event until it or the daemon goes. Returns 0, or
 * a negative errno with why (the caller then answers and closes fd).
 */
int subscribers_add(struct subscribers *s, int fd, const char *argument,
		    const struct event_recent *recent, char *why, size_t why_len);

/* Queues an event for every following subscriber. */
void subscribers_publish(struct subscribers *s, const struct event_view *v);

/* Once a second: drops one-shot clients that did not read their answer. */
void subscribers_tick(struct subscribers *s);

/* Says "ok why" to each (if its socket takes it) and closes them all. */
void subscribers_close_all(struct subscribers *s, const char *why);

#endif /* SOCKFENCE_SUBSCRIBERS_H */
