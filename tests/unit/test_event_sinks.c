// SPDX-License-Identifier: GPL-2.0-only
/*
 * The sinks that must never block: live subscribers (over socketpairs, one
 * of them never reading) and the syslog datagram sink (on a socket of the
 * test's own, whose queue fills up).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "control_proto.h"
#include "event_source.h"
#include "subscribers.h"
#include "syslog_sink.h"
#include "unit.h"

static const struct timespec when = { .tv_sec = 1714564800 };

/* Event n of a flood, decoded as the daemon does before the sinks see it. */
static struct event_view event_n(unsigned int n)
{
	struct event_view v;
	struct sf_event ev = {
		.version = SF_EVENT_VERSION,
		.hook = SF_HOOK_SOCKET_CONNECT,
		.verdict = SF_VERDICT_DENY,
		.generation = 1,
		.rule = SF_RULE_DEFAULT,
		.caller = { .pid = n, .tgid = n, .uid = 1000, .comm = "flood" },
		.target = { .family = 2 /* AF_INET */, .port = 2375, .addr = { 127, 0, 0, 1 } },
		.endpoint = "docker-tcp",
	};

	event_view_decode(&v, &ev, &when);
	return v;
}

/* Everything the client side can read now, appended to buf. */
static size_t read_available(int fd, char *buf, size_t used, size_t cap)
{
	ssize_t n;

	while (used < cap - 1 && (n = recv(fd, buf + used, cap - 1 - used, MSG_DONTWAIT)) > 0)
		used += n;
	buf[used] = '\0';
	return used;
}

/* Serves what the epoll set reports, as the daemon's loop would. */
static void serve(int epfd)
{
	struct epoll_event ready;

	while (epoll_wait(epfd, &ready, 1, 0) == 1) {
		struct event_source *src = ready.data.ptr;

		src->ready(src, ready.events);
	}
}

static size_t count_lines(const char *buf, const char *prefix)
{
	size_t n = 0, len = strlen(prefix);

	for (const char *line = buf; line && *line;
	     line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, prefix, len) == 0)
			n++;
	}
	return n;
}

#define N_FLOOD 3000

static void stuck_subscriber_loses_only_its_own(void)
{
	static char fast_buf[N_FLOOD * 1024], stuck_buf[4 * SUBSCRIBER_QUEUE_BYTES];
	int epfd = epoll_create1(EPOLL_CLOEXEC), fast[2], stuck[2], small = 4096;
	struct subscribers subs;
	struct event_view ev;
	size_t fast_used = 0, stuck_used;
	struct timespec t0, t1;
	char why[256];
	unsigned long long dropped = 0;
	const char *gap;

	CU_ASSERT_FATAL(epfd >= 0);
	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, fast) == 0);
	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, stuck) == 0);
	setsockopt(stuck[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	subscribers_init(&subs, epfd);
	CU_ASSERT_EQUAL_FATAL(subscribers_add(&subs, stuck[0], "follow", NULL, why, sizeof(why)),
			      0);
	CU_ASSERT_EQUAL_FATAL(
		subscribers_add(&subs, fast[0], "follow json", NULL, why, sizeof(why)), 0);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned int i = 0; i < N_FLOOD; i++) {
		ev = event_n(i + 1);
		subscribers_publish(&subs, &ev);
		serve(epfd);
		fast_used = read_available(fast[1], fast_buf, fast_used, sizeof(fast_buf));
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* Nothing waited on the stuck one: the whole flood took well under 5 s. */
	CU_ASSERT(t1.tv_sec - t0.tv_sec < 5);
	CU_ASSERT_EQUAL(count_lines(fast_buf, "| {\"version\":1,\"type\":\"event\""), N_FLOOD);
	CU_ASSERT_EQUAL(count_lines(fast_buf, "dropped "), 0);
	CU_ASSERT(subs.dropped > 0);
	CU_ASSERT(subs.dropped < N_FLOOD);

	/* The stuck one reads at last: all it got, then the size of its gap. */
	stuck_used = read_available(stuck[1], stuck_buf, 0, sizeof(stuck_buf));
	serve(epfd);
	ev = event_n(N_FLOOD + 1);
	subscribers_publish(&subs, &ev);
	serve(epfd);
	for (int i = 0; i < 100; i++) {
		stuck_used = read_available(stuck[1], stuck_buf, stuck_used, sizeof(stuck_buf));
		serve(epfd);
	}
	CU_ASSERT_PTR_NOT_NULL(strstr(stuck_buf, "following "));
	/* Every event is either delivered or counted in a gap line. */
	for (gap = strstr(stuck_buf, "\ndropped "); gap; gap = strstr(gap + 1, "\ndropped ")) {
		unsigned long long n = 0;

		CU_ASSERT_EQUAL(sscanf(gap, "\ndropped %llu", &n), 1);
		dropped += n;
	}
	CU_ASSERT(dropped > 0);
	CU_ASSERT_EQUAL(dropped, subs.dropped);
	CU_ASSERT_EQUAL(count_lines(stuck_buf, "| ") + dropped, N_FLOOD + 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(stuck_buf, " pid=3001 "));

	subscribers_close_all(&subs, "test over");
	CU_ASSERT(read_available(fast[1], fast_buf, 0, sizeof(fast_buf)) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(fast_buf, "ok test over\n"));
	close(fast[1]);
	close(stuck[1]);
	close(epfd);
}

static void one_shot_gets_recent_then_end(void)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC), pair[2];
	static struct event_recent recent;
	struct subscribers subs;
	char buf[16384], why[256];
	struct event_view ev;
	size_t used = 0;

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
	memset(&recent, 0, sizeof(recent));
	for (unsigned int i = 1; i <= EVENT_RECENT_MAX + 5; i++) {
		ev = event_n(i);
		event_recent_push(&recent, &ev);
	}
	subscribers_init(&subs, epfd);
	CU_ASSERT_EQUAL_FATAL(subscribers_add(&subs, pair[0], "", &recent, why, sizeof(why)), 0);
	for (int i = 0; i < 50; i++) {
		used = read_available(pair[1], buf, used, sizeof(buf));
		serve(epfd);
	}
	CU_ASSERT_EQUAL(count_lines(buf, "| 2024-05-01T12:00:00.000000Z verdict=deny "),
			EVENT_RECENT_MAX);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " pid=6 "));	 /* the oldest kept */
	CU_ASSERT_PTR_NULL(strstr(buf, " pid=5 "));	 /* gone from the ring */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, " pid=69 ")); /* the newest */
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "\nok 64 recent events"));
	/* Sent: the daemon closed its end. */
	CU_ASSERT_EQUAL(recv(pair[1], buf, sizeof(buf), MSG_DONTWAIT), 0);
	CU_ASSERT_PTR_NULL(subs.slot[0]);
	close(pair[1]);
	close(epfd);
}

static void bad_requests_are_refused(void)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC), pair[2];
	struct subscribers subs;
	char why[256];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
	subscribers_init(&subs, epfd);
	CU_ASSERT_EQUAL(subscribers_add(&subs, pair[0], "follow yaml", NULL, why, sizeof(why)),
			-EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "'follow yaml'"));
	CU_ASSERT_PTR_NULL(subs.slot[0]);
	close(pair[0]);
	close(pair[1]);
	close(epfd);
}

static void gone_subscriber_is_removed(void)
{
	int epfd = epoll_create1(EPOLL_CLOEXEC), pair[2];
	struct subscribers subs;
	struct event_view ev = event_n(1);
	char why[256];

	CU_ASSERT_FATAL(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
	subscribers_init(&subs, epfd);
	CU_ASSERT_EQUAL_FATAL(subscribers_add(&subs, pair[0], "follow", NULL, why, sizeof(why)), 0);
	close(pair[1]);
	serve(epfd);
	CU_ASSERT_PTR_NULL(subs.slot[0]);
	subscribers_publish(&subs, &ev); /* nobody left: nothing happens */
	close(epfd);
}

/* A datagram socket standing in for /dev/log. */
static int fake_syslogd(char *path, size_t len)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	snprintf(path, len, "/tmp/sockfence-unit-log.%d", (int)getpid());
	unlink(path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		return -1;
	return fd;
}

static void syslog_lines_are_rfc3164(void)
{
	char path[108], msg[4096], want[64];
	int log_fd = fake_syslogd(path, sizeof(path)), epfd = epoll_create1(EPOLL_CLOEXEC);
	struct syslog_sink sink;
	ssize_t n;

	CU_ASSERT_FATAL(log_fd >= 0);
	CU_ASSERT_EQUAL_FATAL(syslog_sink_init(&sink, epfd, LOG_LOCAL3, 0), 0);
	sink.path = path;
	syslog_sink_event(&sink, LOG_WARNING, "verdict=deny comm=x");
	n = recv(log_fd, msg, sizeof(msg) - 1, MSG_DONTWAIT);
	CU_ASSERT_FATAL(n > 0);
	msg[n] = '\0';
	CU_ASSERT_EQUAL(strncmp(msg, "<156>", 5), 0); /* local3.warning: 19 * 8 + 4 */
	snprintf(want, sizeof(want), " sockfence[%d]: verdict=deny comm=x", (int)getpid());
	CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
	CU_ASSERT_EQUAL(sink.written, 1);
	syslog_sink_close(&sink);
	close(log_fd);
	close(epfd);
	unlink(path);
}

static void syslog_rate_is_capped(void)
{
	char path[108], msg[4096];
	int log_fd = fake_syslogd(path, sizeof(path)), epfd = epoll_create1(EPOLL_CLOEXEC);
	struct syslog_sink sink;
	unsigned int got = 0;

	CU_ASSERT_FATAL(log_fd >= 0);
	CU_ASSERT_EQUAL_FATAL(syslog_sink_init(&sink, epfd, LOG_AUTHPRIV, 5), 0);
	sink.path = path;
	for (int i = 0; i < 20; i++) {
		syslog_sink_event(&sink, LOG_WARNING, "verdict=deny");
		while (recv(log_fd, msg, sizeof(msg), MSG_DONTWAIT) > 0)
			got++;
	}
	/* 5 in any second: the loop takes far less than one. */
	CU_ASSERT_EQUAL(got, 5);
	CU_ASSERT_EQUAL(sink.written, got);
	CU_ASSERT_EQUAL(sink.rate_limited + got, 20);
	syslog_sink_send(&sink, LOG_AUTHPRIV | LOG_NOTICE, "summary"); /* never capped */
	CU_ASSERT_EQUAL(sink.written, got + 1);
	syslog_sink_close(&sink);
	close(log_fd);
	close(epfd);
	unlink(path);
}

static void full_syslog_never_blocks(void)
{
	char path[108], msg[4096];
	int log_fd = fake_syslogd(path, sizeof(path)), epfd = epoll_create1(EPOLL_CLOEXEC);
	struct syslog_sink sink;
	struct timespec t0, t1;
	unsigned int got = 0;

	CU_ASSERT_FATAL(log_fd >= 0);
	CU_ASSERT_EQUAL_FATAL(syslog_sink_init(&sink, epfd, LOG_AUTHPRIV, 0), 0);
	sink.path = path;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 5000; i++)
		syslog_sink_event(&sink, LOG_WARNING, "verdict=deny a line nobody reads yet");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CU_ASSERT(t1.tv_sec - t0.tv_sec < 5);
	CU_ASSERT(sink.queued == SYSLOG_SINK_QUEUE);
	CU_ASSERT(sink.lost > 0);
	CU_ASSERT_EQUAL(sink.written + sink.queued + sink.lost, 5000);
	/* syslogd catches up: the queue goes out in order once writable. */
	for (int i = 0; i < 200 && sink.queued; i++) {
		while (recv(log_fd, msg, sizeof(msg), MSG_DONTWAIT) > 0)
			got++;
		serve(epfd);
	}
	while (recv(log_fd, msg, sizeof(msg), MSG_DONTWAIT) > 0)
		got++;
	CU_ASSERT_EQUAL(sink.queued, 0);
	CU_ASSERT_EQUAL(got, sink.written);
	CU_ASSERT_EQUAL(sink.written + sink.lost, 5000);
	syslog_sink_close(&sink);
	close(log_fd);
	close(epfd);
	unlink(path);
}

static void missing_syslog_is_counted(void)
{
	struct syslog_sink sink;

	CU_ASSERT_EQUAL_FATAL(syslog_sink_init(&sink, -1, LOG_AUTHPRIV, 0), 0);
	sink.path = "/nonexistent/sockfence-unit-log";
	syslog_sink_event(&sink, LOG_WARNING, "verdict=deny");
	CU_ASSERT_EQUAL(sink.lost, 1);
	CU_ASSERT_EQUAL(sink.written, 0);
	syslog_sink_close(&sink);
}

static void stream_lines_are_classified(void)
{
	const char *text;

	CU_ASSERT_EQUAL(control_parse_response("following events", &text), CONTROL_LINE_FOLLOWING);
	CU_ASSERT_STRING_EQUAL(text, "events");
	CU_ASSERT_EQUAL(control_parse_response("dropped 12", &text), CONTROL_LINE_DROPPED);
	CU_ASSERT_STRING_EQUAL(text, "12");
	CU_ASSERT_EQUAL(control_parse_response("| {}", &text), CONTROL_LINE_MESSAGE);
	CU_ASSERT_EQUAL(control_parse_response("droppedX", &text), CONTROL_LINE_INVALID);
}

static void facilities_by_name(void)
{
	int f = -1;

	CU_ASSERT_EQUAL(syslog_facility_parse("authpriv", &f), 0);
	CU_ASSERT_EQUAL(f, LOG_AUTHPRIV);
	CU_ASSERT_EQUAL(syslog_facility_parse("local7", &f), 0);
	CU_ASSERT_EQUAL(f, LOG_LOCAL7);
	CU_ASSERT_EQUAL(syslog_facility_parse("daemon", &f), 0);
	CU_ASSERT_EQUAL(f, LOG_DAEMON);
	CU_ASSERT_EQUAL(syslog_facility_parse("local8", &f), -EINVAL);
	CU_ASSERT_EQUAL(syslog_facility_parse("", &f), -EINVAL);
	CU_ASSERT_STRING_EQUAL(syslog_facility_name(LOG_LOCAL0), "local0");
}

int register_event_sinks_tests(void)
{
	static const struct unit_test tests[] = {
		{ "stuck subscriber loses only its own", stuck_subscriber_loses_only_its_own },
		{ "one-shot gets recent then end", one_shot_gets_recent_then_end },
		{ "bad requests are refused", bad_requests_are_refused },
		{ "gone subscriber is removed", gone_subscriber_is_removed },
		{ "syslog lines are RFC 3164", syslog_lines_are_rfc3164 },
		{ "syslog rate is capped", syslog_rate_is_capped },
		{ "full syslog never blocks", full_syslog_never_blocks },
		{ "missing syslog is counted", missing_syslog_is_counted },
		{ "stream lines are classified", stream_lines_are_classified },
		{ "facilities by name", facilities_by_name },
		{ 0 },
	};

	return unit_add_suite("event_sinks", NULL, NULL, tests);
}
