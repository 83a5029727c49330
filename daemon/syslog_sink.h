/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Event lines to syslog without ever blocking. syslog(3) sends on a
 * blocking socket and waits whenever /dev/log's queue is full (a slow or
 * flooded syslogd); this sink sends each line as one datagram with
 * MSG_DONTWAIT, keeps what did not fit in a bounded queue sent when the
 * socket is writable again, and counts every line it had to give up.
 * Event lines are also capped: at most max_rate in any one-second window,
 * so no flood floods the log.
 */
#ifndef SOCKFENCE_SYSLOG_SINK_H
#define SOCKFENCE_SYSLOG_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event_source.h"

#define SYSLOG_SINK_PATH	 "/dev/log"
#define SYSLOG_SINK_QUEUE	 128   /* datagrams waiting for the socket */
#define SYSLOG_SINK_DEFAULT_RATE 100   /* event lines per second */
#define SYSLOG_SINK_MAX_RATE	 10000 /* the cap's own limit: it keeps a stamp per line */

struct syslog_sink {
	struct event_source src; /* EPOLLOUT, registered only while the queue waits */
	const char *path;	 /* SYSLOG_SINK_PATH; tests point it elsewhere */
	int fd;			 /* -1 while path cannot be reached */
	int epfd;
	int facility;			/* LOG_AUTHPRIV, ...: for event lines */
	unsigned int max_rate;		/* event lines in any one second; 0: no cap */
	uint64_t *sent_ns;		/* CLOCK_MONOTONIC of the last max_rate event lines */
	unsigned int n_sent, next_sent; /* a ring; when full, next_sent is the oldest */
	char *queue[SYSLOG_SINK_QUEUE]; /* formatted datagrams, oldest at head */
	unsigned int head, queued;
	bool warned;	       /* about an unreachable /dev/log, until it answers */
	uint64_t written;      /* datagrams the socket took */
	uint64_t rate_limited; /* event lines over max_rate, not sent */
	uint64_t lost;	       /* queue full or socket error */
};

/* Facility by name: auth, authpriv, daemon, user, local0..local7. */
int syslog_facility_parse(const char *name, int *facility);
const char *syslog_facility_name(int facility);

/*
 * Prepares the sink; epfd is the epoll set that reports the socket
 * writable. /dev/log need not exist yet: the sink connects when it does.
 * Returns 0 or -ENOMEM.
 */
int syslog_sink_init(struct syslog_sink *s, int epfd, int facility, unsigned int max_rate);

/*
 * One event line at severity on the sink's facility, within max_rate.
 * Returns false when the rate cap held it back (counted as rate_limited).
 */
bool syslog_sink_event(struct syslog_sink *s, int severity, const char *line);

/* One line at priority (facility | severity), not rate-limited. */
void syslog_sink_send(struct syslog_sink *s, int priority, const char *line);

/* Sends what waits in the queue, if the socket takes it (called each second). */
void syslog_sink_retry(struct syslog_sink *s);

/* Sends what still fits, drops the rest (counted), closes the socket. */
void syslog_sink_close(struct syslog_sink *s);

#endif /* SOCKFENCE_SYSLOG_SINK_H */
