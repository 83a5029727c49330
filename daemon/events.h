/* SPDX-License-Identifier: GPL-2.0-only */
/* Consumes the kernel's event ring buffer and writes each event to syslog. */
#ifndef SOCKFENCE_EVENTS_H
#define SOCKFENCE_EVENTS_H

#include <stdint.h>

struct ring_buffer;

struct event_consumer {
	struct ring_buffer *rb;
	uint64_t delivered; /* written to syslog */
	uint64_t malformed; /* wrong size or version: reported, not parsed */
};

int events_open(struct event_consumer *ec, int ringbuf_map_fd);

/*
 * Consumes another ring buffer as well: the one pinned by a daemon of an
 * older map layout, whose programs may still write to it until detached.
 */
int events_add_ring(struct event_consumer *ec, int ringbuf_map_fd);

/* File descriptor that becomes readable when events are waiting. */
int events_epoll_fd(const struct event_consumer *ec);

/* Handles every waiting event without blocking. */
int events_drain(struct event_consumer *ec);

void events_close(struct event_consumer *ec);

#endif /* SOCKFENCE_EVENTS_H */
