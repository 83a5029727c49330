/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Consumes the kernel's event ring buffer and hands every event to the
 * sinks: syslog, the JSON Lines file, the live subscribers, and the ring
 * of recent events. It owns one epoll set for all of that I/O (the ring
 * buffer, the syslog socket, the subscribers, a one-second ticker), which
 * the daemon's loop watches as one file descriptor. Nothing in here waits.
 */
#ifndef SOCKFENCE_EVENTS_H
#define SOCKFENCE_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "event_recent.h"
#include "event_source.h"
#include "journal_sink.h"
#include "json_sink.h"
#include "loader.h"
#include "subscribers.h"
#include "syslog_sink.h"

#define EVENTS_DEFAULT_SUMMARY_S 60
#define EVENTS_DEFAULT_CPU	 4 /* percent of one core: under 5% with the rest */

struct ring_buffer;

struct events_config {
	int syslog_facility;	       /* LOG_AUTHPRIV unless --syslog-facility */
	unsigned int syslog_max_rate;  /* event lines per second; 0: no cap */
	const char *syslog_path;       /* --syslog-socket, or NULL for /dev/log */
	const char *json_path;	       /* --events-json FILE, or NULL */
	uint64_t json_max_size;	       /* --events-json-max-size: rotate past it; 0: never */
	unsigned int json_keep;	       /* --events-json-keep: rotated files kept */
	unsigned int summary_interval; /* seconds between summaries; 0: none */
	unsigned int cpu_percent;      /* of one core, per second, for events; 100: no cap */
};

struct events_totals {
	__u64 kernel[SF_CNT_MAX]; /* the kernel's counters, when last read */
	uint64_t repeats, rate_limited, syslog_lost, json_lost, journal_lost, subscriber_dropped;
	uint64_t cpu_paused;
};

struct event_consumer {
	bool open;
	struct ring_buffer *rb;
	int epfd;
	int timerfd;
	const struct loader *loader;
	struct event_source rb_src, timer_src;
	struct events_config cfg;
	struct syslog_sink syslog;
	struct json_sink json;
	struct journal_sink journal;
	struct subscribers subscribers;
	struct event_recent *recent;
	struct event_view view; /* the event being dispatched, decoded */
	unsigned int ticks;
	unsigned int batch_left;       /* events this turn may still handle */
	uint64_t cpu_at_tick;	       /* process CPU time at the last tick, ns */
	int64_t cpu_allowed;	       /* of it, this second: the budget less what is owed */
	bool ring_paused;	       /* CPU budget spent: the ring buffer waits for the tick */
	uint64_t cpu_paused;	       /* seconds in which that happened */
	struct events_totals reported; /* as of the last summary */
	uint64_t delivered;	       /* events from the ring buffer, handed to the sinks */
	uint64_t malformed;	       /* wrong size or version: reported, not parsed */
	uint64_t repeats;	       /* SF_EVENT_REPEATS records from the aggregation sweep */
};

/*
 * Opens the ring buffer of loader's maps and the sinks. From here on the
 * daemon's own syslog messages also go through the non-blocking sink.
 */
int events_open(struct event_consumer *ec, const struct events_config *cfg,
		const struct loader *loader);

/*
 * Consumes another ring buffer as well: the one pinned by a daemon of an
 * older map layout, whose programs may still write to it until detached.
 */
int events_add_ring(struct event_consumer *ec, int ringbuf_map_fd);

/*
 * Says one line for each sink that is failing now (the JSON file cannot be
 * opened or written); returns how many.
 */
int events_health(const struct event_consumer *ec, void (*say)(void *ctx, const char *line),
		  void *ctx);

/* File descriptor that becomes readable when anything needs handling. */
int events_epoll_fd(const struct event_consumer *ec);

/* Loop handler: serves whatever is ready, without blocking. */
int events_handle(struct event_consumer *ec);

/* Handles every event waiting in the ring buffer now. */
int events_drain(struct event_consumer *ec);

/*
 * Hands a control connection that asked for "events ARGUMENT" to the
 * subscribers. Returns 0 (the connection is theirs now) or a negative
 * errno with why (the caller answers and closes).
 */
int events_subscribe(struct event_consumer *ec, int fd, const char *argument, char *why,
		     size_t why_len);

/* SIGHUP: reopens the JSON file (after logrotate moved it). */
void events_reopen(struct event_consumer *ec);

/* What the sinks did so far, for the final log line. */
void events_totals(struct event_consumer *ec, struct events_totals *totals);

/* Ends every subscription and closes the sinks; safe to call twice. */
void events_close(struct event_consumer *ec);

#endif /* SOCKFENCE_EVENTS_H */
