// SPDX-License-Identifier: GPL-2.0-only
#include "events.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "agg_sweep.h"
#include "event_format.h"
#include "event_json.h"
#include "log.h"

static int severity_of(__u8 verdict)
{
	if (verdict == SF_VERDICT_DENY)
		return LOG_WARNING;
	return verdict == SF_VERDICT_AUDIT_DENY ? LOG_NOTICE : LOG_INFO;
}

static uint64_t ns_of(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000ULL + t->tv_nsec;
}

/* The wall clock time of a CLOCK_MONOTONIC stamp (bpf_ktime_get_ns). */
static void wall_time(uint64_t ts_ns, struct timespec *when)
{
	struct timespec mono, real;
	uint64_t now, age, wall;

	clock_gettime(CLOCK_MONOTONIC, &mono);
	clock_gettime(CLOCK_REALTIME, &real);
	now = ns_of(&mono);
	age = now > ts_ns ? now - ts_ns : 0;
	wall = ns_of(&real) - age;
	when->tv_sec = wall / 1000000000ULL;
	when->tv_nsec = wall % 1000000000ULL;
}

/* One event, decoded once, to every sink. */
static void dispatch(struct event_consumer *ec, const struct sf_event *ev)
{
	char line[SF_EVENT_LINE_MAX], json[SF_EVENT_JSON_MAX];
	struct event_view *v = &ec->view;
	struct timespec when;
	int n;

	wall_time(ev->ts_ns, &when);
	event_view_decode(v, ev, &when);
	event_recent_push(ec->recent, v);
	if (event_format_logfmt(line, sizeof(line), v) < 0)
		log_warn("event line truncated"); /* cannot happen with SF_EVENT_LINE_MAX */
	/* The journal entry shares the syslog line's rate cap: both or neither. */
	if (syslog_sink_event(&ec->syslog, severity_of(ev->verdict), line))
		journal_sink_event(&ec->journal, v, severity_of(ev->verdict));
	if (ec->cfg.json_path) {
		n = event_format_json(json, sizeof(json), v);
		if (n > 0)
			json_sink_write(&ec->json, json, n);
		else
			ec->json.lost++;
	}
	subscribers_publish(&ec->subscribers, v);
}

/*
 * libbpf consumes for as long as the kernel produces: under a flood of
 * distinct events it would never return. A callback's negative return
 * stops it (the event counts as consumed), so after this many events the
 * loop's other sources get their turn; the ring buffer stays readable.
 */
#define EVENTS_BATCH 8
#define BATCH_DONE   (-EALREADY)

static int handle_event(void *ctx, void *data, size_t size)
{
	struct event_consumer *ec = ctx;
	const struct sf_event *ev = data;

	if (size < sizeof(*ev) || ev->version != SF_EVENT_VERSION) {
		ec->malformed++;
		log_warn("ignoring an event of %zu bytes, version %u (expected %zu "
			 "bytes, version %u): BPF object and daemon do not match",
			 size, size >= sizeof(__u16) ? ev->version : 0, sizeof(*ev),
			 SF_EVENT_VERSION);
		return --ec->batch_left == 0 ? BATCH_DONE : 0;
	}
	dispatch(ec, ev);
	ec->delivered++;
	return --ec->batch_left == 0 ? BATCH_DONE : 0;
}

static void report_repeats(void *ctx, const struct sf_event *ev)
{
	struct event_consumer *ec = ctx;

	dispatch(ec, ev);
	ec->repeats++;
}

void events_totals(struct event_consumer *ec, struct events_totals *t)
{
	memset(t, 0, sizeof(*t));
	if (loader_read_counters(ec->loader, t->kernel) != 0)
		memset(t->kernel, 0, sizeof(t->kernel));
	t->repeats = ec->repeats;
	t->rate_limited = ec->syslog.rate_limited;
	t->syslog_lost = ec->syslog.lost;
	t->json_lost = ec->json.lost;
	t->journal_lost = ec->journal.failed;
	t->subscriber_dropped = ec->subscribers.dropped;
	t->cpu_paused = ec->cpu_paused;
}

#define SHARE_LINES_MAX 10 /* identities named per summary; the rest are summed up */

static void share_line(struct event_consumer *ec, int severity, const struct sf_share_key *key,
		       __u64 shed)
{
	char line[256];

	if (key->remote)
		snprintf(line, sizeof(line),
			 "summary=share remote_source=%016llx shed=%llu share_per_s=%d",
			 (unsigned long long)key->cgroup_id, (unsigned long long)shed,
			 SF_SHARE_PER_S);
	else
		snprintf(line, sizeof(line),
			 "summary=share uid=%u cgroup=%llu shed=%llu share_per_s=%d", key->uid,
			 (unsigned long long)key->cgroup_id, (unsigned long long)shed,
			 SF_SHARE_PER_S);
	syslog_sink_send(&ec->syslog, ec->cfg.syslog_facility | severity, line);
	fprintf(stderr, "sockfence: %s\n", line);
}

/*
 * Who went over their share since the last summary: one line per identity
 * (uid and cgroup, or a remote source), up to SHARE_LINES_MAX, and the
 * counts cleared. A count the kernel adds between the read and the delete
 * is lost from the lines, never from the shed counter.
 */
static void summarize_shares(struct event_consumer *ec, int severity)
{
	static struct sf_share_key shed_keys[SF_SHARE_ENTRIES];
	int fd = loader_shares_map_fd(ec->loader);
	struct sf_share_key key, next, *prev = NULL;
	struct sf_share_value value;
	__u64 rest = 0;
	size_t n = 0;
	char line[160];

	while (fd >= 0 && n < SF_SHARE_ENTRIES && bpf_map_get_next_key(fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &value) != 0 || !value.shed)
			continue;
		if (n < SHARE_LINES_MAX)
			share_line(ec, severity, &key, value.shed);
		else
			rest += value.shed;
		shed_keys[n++] = key;
	}
	if (n > SHARE_LINES_MAX) {
		snprintf(line, sizeof(line), "summary=share others=%zu shed=%llu share_per_s=%d",
			 n - SHARE_LINES_MAX, (unsigned long long)rest, SF_SHARE_PER_S);
		syslog_sink_send(&ec->syslog, ec->cfg.syslog_facility | severity, line);
		fprintf(stderr, "sockfence: %s\n", line);
	}
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(fd, &shed_keys[i]);
}

/*
 * Every summary_interval seconds, when anything was aggregated or lost:
 * one line that accounts for what the event lines alone do not show.
 */
static void summarize(struct event_consumer *ec)
{
	struct events_totals now, *was = &ec->reported;
	char line[512];
	int severity;

	events_totals(ec, &now);
#define DELTA(field) ((unsigned long long)(now.field - was->field))
	if (!DELTA(kernel[SF_CNT_EVENTS_AGGREGATED]) && !DELTA(kernel[SF_CNT_EVENTS_DROPPED]) &&
	    !DELTA(kernel[SF_CNT_EVENTS_SHED]) && !DELTA(rate_limited) && !DELTA(syslog_lost) &&
	    !DELTA(json_lost) && !DELTA(journal_lost) && !DELTA(subscriber_dropped) &&
	    !DELTA(cpu_paused))
		return;
	snprintf(line, sizeof(line),
		 "summary=events interval_s=%u emitted=%llu aggregated=%llu dropped=%llu "
		 "shed=%llu repeats=%llu syslog_rate_limited=%llu syslog_lost=%llu json_lost=%llu "
		 "journal_lost=%llu subscriber_dropped=%llu cpu_paused_s=%llu",
		 ec->cfg.summary_interval, DELTA(kernel[SF_CNT_EVENTS_EMITTED]),
		 DELTA(kernel[SF_CNT_EVENTS_AGGREGATED]), DELTA(kernel[SF_CNT_EVENTS_DROPPED]),
		 DELTA(kernel[SF_CNT_EVENTS_SHED]), DELTA(repeats), DELTA(rate_limited),
		 DELTA(syslog_lost), DELTA(json_lost), DELTA(journal_lost),
		 DELTA(subscriber_dropped), DELTA(cpu_paused));
	/* Lost reports are worth a warning; aggregation is flood control at work. */
	severity = DELTA(kernel[SF_CNT_EVENTS_DROPPED]) || DELTA(syslog_lost) || DELTA(json_lost) ||
				   DELTA(journal_lost)
			   ? LOG_WARNING
			   : LOG_NOTICE;
#undef DELTA
	syslog_sink_send(&ec->syslog, ec->cfg.syslog_facility | severity, line);
	fprintf(stderr, "sockfence: %s\n", line);
	if (now.kernel[SF_CNT_EVENTS_SHED] != was->kernel[SF_CNT_EVENTS_SHED])
		summarize_shares(ec, severity);
	*was = now;
}

/* CPU time the daemon used so far, in ns. */
static uint64_t cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return ns_of(&t);
}

/*
 * A new second of CPU budget. The budget is checked between batches, and
 * the tick's own work is not optional, so a second can overrun it; the
 * next second owes what it overran, which keeps the average within the
 * budget. Never more than that: a slow reload must not hold events back
 * for seconds. Unused budget is not saved.
 */
static void budget_second(struct event_consumer *ec)
{
	int64_t budget = ec->cfg.cpu_percent * 10000000LL;
	uint64_t now = cpu_ns();
	int64_t left = ec->cpu_allowed - (int64_t)(now - ec->cpu_at_tick);

	ec->cpu_allowed = left >= 0 ? budget : budget + left > 0 ? budget + left : 0;
	ec->cpu_at_tick = now;
}

/* Reads the ring buffer when it has events (on), or lets it fill (off). */
static void watch_ring(struct event_consumer *ec, bool on)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &ec->rb_src };

	if (on != ec->ring_paused || !ec->rb)
		return;
	if (epoll_ctl(ec->epfd, on ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, ring_buffer__epoll_fd(ec->rb),
		      &ev) == 0)
		ec->ring_paused = !on;
}

static void on_tick(struct event_source *src, uint32_t events)
{
	struct event_consumer *ec =
		(struct event_consumer *)((char *)src - offsetof(struct event_consumer, timer_src));
	int agg_fd = loader_agg_map_fd(ec->loader);
	uint64_t expirations;
	struct timespec now;

	(void)events;
	if (read(ec->timerfd, &expirations, sizeof(expirations)) != sizeof(expirations))
		return;
	budget_second(ec);
	watch_ring(ec, true);
	/*
	 * Events still in the ring buffer need not go first: the sweep only
	 * takes keys with no event for a whole window.
	 */
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (agg_fd >= 0)
		agg_sweep(agg_fd, ns_of(&now), report_repeats, ec);
	syslog_sink_retry(&ec->syslog);
	subscribers_tick(&ec->subscribers);
	if (ec->cfg.summary_interval && ++ec->ticks % ec->cfg.summary_interval == 0)
		summarize(ec);
}

static int drain_batch(struct event_consumer *ec);

/*
 * A flood of distinct events is not aggregated; each costs the daemon
 * formatting and writing. Past its CPU budget for this second the daemon
 * stops reading until the next tick: the ring buffer fills and the kernel
 * counts what it cannot take as dropped, so everything is still accounted
 * for and the daemon stays light whatever the flood.
 */
static void on_ring(struct event_source *src, uint32_t events)
{
	struct event_consumer *ec =
		(struct event_consumer *)((char *)src - offsetof(struct event_consumer, rb_src));

	(void)events;
	if (ec->cfg.cpu_percent < 100 && (int64_t)(cpu_ns() - ec->cpu_at_tick) >= ec->cpu_allowed) {
		watch_ring(ec, false);
		ec->cpu_paused++;
		return;
	}
	drain_batch(ec);
}

static void log_through_sink(void *ctx, int priority, const char *message)
{
	struct event_consumer *ec = ctx;

	syslog_sink_send(&ec->syslog, priority, message);
}

static int watch_fd(struct event_consumer *ec, int fd, struct event_source *src)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.ptr = src };

	return epoll_ctl(ec->epfd, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
}

static int open_ticker(struct event_consumer *ec)
{
	struct itimerspec every = { .it_interval = { 1, 0 }, .it_value = { 1, 0 } };

	ec->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (ec->timerfd < 0 || timerfd_settime(ec->timerfd, 0, &every, NULL) != 0)
		return -errno;
	return watch_fd(ec, ec->timerfd, &ec->timer_src);
}

int events_open(struct event_consumer *ec, const struct events_config *cfg,
		const struct loader *loader)
{
	int err;

	memset(ec, 0, sizeof(*ec));
	ec->open = true;
	ec->cfg = *cfg;
	ec->loader = loader;
	ec->timerfd = -1;
	ec->json.fd = -1;
	ec->rb_src.ready = on_ring;
	ec->timer_src.ready = on_tick;
	ec->epfd = epoll_create1(EPOLL_CLOEXEC);
	ec->recent = calloc(1, sizeof(*ec->recent));
	if (ec->epfd < 0 || !ec->recent) {
		err = ec->epfd < 0 ? -errno : -ENOMEM;
		log_err("cannot set up event handling: %s", strerror(-err));
		return err;
	}
	subscribers_init(&ec->subscribers, ec->epfd);
	journal_sink_init(&ec->journal);
	err = syslog_sink_init(&ec->syslog, ec->epfd, cfg->syslog_facility, cfg->syslog_max_rate);
	if (!err && cfg->syslog_path)
		ec->syslog.path = cfg->syslog_path;
	if (err) {
		log_err("cannot set up the syslog sink: %s", strerror(-err));
		return err;
	}
	/* A file that cannot be opened is reported (log, health), never fatal. */
	ec->json.max_size = cfg->json_max_size;
	ec->json.keep = cfg->json_keep;
	if (cfg->json_path)
		json_sink_open(&ec->json, cfg->json_path);
	ec->rb = ring_buffer__new(loader_events_map_fd(loader), handle_event, ec, NULL);
	if (!ec->rb) {
		err = -errno;
		log_err("cannot open the event ring buffer: %s", strerror(-err));
		return err;
	}
	err = watch_fd(ec, ring_buffer__epoll_fd(ec->rb), &ec->rb_src);
	if (!err)
		err = open_ticker(ec);
	if (err) {
		log_err("cannot watch the event sources: %s", strerror(-err));
		return err;
	}
	events_totals(ec, &ec->reported);
	ec->cpu_at_tick = cpu_ns();
	ec->cpu_allowed = ec->cfg.cpu_percent * 10000000ULL;
	log_set_syslog_writer(log_through_sink, ec);
	return 0;
}

int events_add_ring(struct event_consumer *ec, int ringbuf_map_fd)
{
	int err = ring_buffer__add(ec->rb, ringbuf_map_fd, handle_event, ec);

	if (err)
		log_err("cannot read the previous ring buffer: %s", strerror(-err));
	return err;
}

int events_epoll_fd(const struct event_consumer *ec)
{
	return ec->epfd;
}

int events_handle(struct event_consumer *ec)
{
	struct epoll_event ready;

	/*
	 * One at a time: handling one source may free another (a subscriber
	 * that went away), so a batch could hold a stale pointer. The budget
	 * lets the daemon's other sources have their turn.
	 */
	for (int budget = 8; budget > 0 && ec->open; budget--) {
		struct event_source *src;

		if (epoll_wait(ec->epfd, &ready, 1, 0) != 1)
			break;
		src = ready.data.ptr;
		src->ready(src, ready.events);
	}
	return 0;
}

/*
 * Handles up to EVENTS_BATCH waiting events. Returns 1 when more may be
 * waiting, 0 when the ring buffer is empty, or a negative errno.
 */
static int drain_batch(struct event_consumer *ec)
{
	int n;

	if (!ec->rb)
		return 0; /* closed by an unload */
	ec->batch_left = EVENTS_BATCH;
	n = ring_buffer__consume(ec->rb);
	if (n == BATCH_DONE)
		return 1;
	if (n < 0 && n != -EINTR) {
		log_err("reading the event ring buffer failed: %s", strerror(-n));
		return n;
	}
	return 0;
}

int events_drain(struct event_consumer *ec)
{
	/* What a full ring buffer holds (and a little more), not a flood's worth. */
	int batches = SF_RINGBUF_BYTES / sizeof(struct sf_event) / EVENTS_BATCH + 2, n;

	while ((n = drain_batch(ec)) == 1 && --batches > 0)
		;
	return n < 0 ? n : 0;
}

int events_subscribe(struct event_consumer *ec, int fd, const char *argument, char *why,
		     size_t why_len)
{
	events_drain(ec); /* what happened before the request counts as recent */
	return subscribers_add(&ec->subscribers, fd, argument, ec->recent, why, why_len);
}

int events_health(const struct event_consumer *ec, void (*say)(void *ctx, const char *line),
		  void *ctx)
{
	char line[320];
	int problems = 0;

	if (ec->open && ec->json.path && ec->json.error[0]) {
		snprintf(line, sizeof(line), "events-json: %s (events lost: %llu)", ec->json.error,
			 (unsigned long long)ec->json.lost);
		say(ctx, line);
		problems++;
	}
	return problems;
}

void events_reopen(struct event_consumer *ec)
{
	if (ec->open)
		json_sink_reopen(&ec->json);
}

void events_close(struct event_consumer *ec)
{
	if (!ec->open)
		return;
	ec->open = false;
	subscribers_close_all(&ec->subscribers, "the daemon stopped; no more events");
	log_set_syslog_writer(NULL, NULL);
	syslog_sink_close(&ec->syslog);
	json_sink_close(&ec->json);
	ring_buffer__free(ec->rb);
	ec->rb = NULL;
	if (ec->timerfd >= 0)
		close(ec->timerfd);
	if (ec->epfd >= 0)
		close(ec->epfd);
	ec->timerfd = ec->epfd = -1;
	free(ec->recent);
	ec->recent = NULL;
}
