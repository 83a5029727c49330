/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One file descriptor in the event consumer's epoll set (the ring buffer,
 * the syslog socket, a subscriber, the ticker): epoll_event.data.ptr points
 * at it, and ready() gets what epoll reported.
 */
#ifndef SOCKFENCE_EVENT_SOURCE_H
#define SOCKFENCE_EVENT_SOURCE_H

#include <stdint.h>

struct event_source {
	void (*ready)(struct event_source *src, uint32_t events);
};

#endif /* SOCKFENCE_EVENT_SOURCE_H */
