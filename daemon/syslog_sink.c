// SPDX-License-Identifier: GPL-2.0-only
#include "syslog_sink.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "event_format.h"

static const struct {
	const char *name;
	int facility;
} facilities[] = {
	{ "auth", LOG_AUTH },	  { "authpriv", LOG_AUTHPRIV }, { "daemon", LOG_DAEMON },
	{ "user", LOG_USER },	  { "local0", LOG_LOCAL0 },	{ "local1", LOG_LOCAL1 },
	{ "local2", LOG_LOCAL2 }, { "local3", LOG_LOCAL3 },	{ "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },	{ "local7", LOG_LOCAL7 },
};

int syslog_facility_parse(const char *name, int *facility)
{
	for (size_t i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++) {
		if (strcmp(name, facilities[i].name) == 0) {
			*facility = facilities[i].facility;
			return 0;
		}
	}
	return -EINVAL;
}

const char *syslog_facility_name(int facility)
{
	for (size_t i = 0; i < sizeof(facilities) / sizeof(facilities[0]); i++) {
		if (facilities[i].facility == facility)
			return facilities[i].name;
	}
	return "unknown";
}

/* Messages about the sink go to stderr only: syslog is what failed. */
static void warn_once(struct syslog_sink *s, const char *what, int err)
{
	if (s->warned)
		return;
	s->warned = true;
	fprintf(stderr,
		"sockfence: cannot send to syslog at %s: %s: %s; event lines are counted as "
		"lost until it answers (is syslogd or journald running?)\n",
		s->path, what, strerror(err));
}

static int reconnect(struct syslog_sink *s)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int err;

	if (s->fd >= 0)
		close(s->fd); /* also leaves the epoll set */
	s->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		return -errno;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", s->path);
	if (connect(s->fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
		return 0;
	err = -errno;
	warn_once(s, err == -EPROTOTYPE ? "it is not a datagram socket" : "connect", -err);
	close(s->fd);
	s->fd = -1;
	return err;
}

/* 0 sent, -EAGAIN the socket is full, another -errno the line is lost. */
static int try_send(struct syslog_sink *s, const char *msg)
{
	size_t len = strlen(msg);

	for (int attempt = 0; attempt < 2; attempt++) {
		int err;

		if (s->fd < 0 && reconnect(s) != 0)
			return -ENOTCONN;
		if (send(s->fd, msg, len, MSG_DONTWAIT | MSG_NOSIGNAL) == (ssize_t)len) {
			s->written++;
			s->warned = false;
			return 0;
		}
		err = errno;
		if (err == EAGAIN || err == ENOBUFS)
			return -EAGAIN;
		if (err != ECONNREFUSED && err != ENOTCONN && err != ECONNRESET && err != EPIPE) {
			warn_once(s, "send", err);
			return -err;
		}
		/* syslogd restarted: its new socket is another one. */
		close(s->fd);
		s->fd = -1;
	}
	return -ENOTCONN;
}

static void set_armed(struct syslog_sink *s, bool on)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.ptr = &s->src };

	if (s->fd < 0 || s->epfd < 0)
		return;
	if (on)
		epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->fd, &ev); /* EEXIST: already armed */
	else
		epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->fd, NULL);
}

static void flush(struct syslog_sink *s)
{
	while (s->queued) {
		int err = try_send(s, s->queue[s->head]);

		if (err == -EAGAIN)
			break;
		if (err)
			s->lost++;
		free(s->queue[s->head]);
		s->queue[s->head] = NULL;
		s->head = (s->head + 1) % SYSLOG_SINK_QUEUE;
		s->queued--;
	}
	set_armed(s, s->queued > 0);
}

static void on_writable(struct event_source *src, uint32_t events)
{
	(void)events;
	flush((struct syslog_sink *)src);
}

int syslog_sink_init(struct syslog_sink *s, int epfd, int facility, unsigned int max_rate)
{
	memset(s, 0, sizeof(*s));
	s->src.ready = on_writable;
	s->path = SYSLOG_SINK_PATH;
	s->fd = -1;
	s->epfd = epfd;
	s->facility = facility;
	s->max_rate = max_rate > SYSLOG_SINK_MAX_RATE ? SYSLOG_SINK_MAX_RATE : max_rate;
	if (s->max_rate) {
		s->sent_ns = calloc(s->max_rate, sizeof(*s->sent_ns));
		if (!s->sent_ns)
			return -ENOMEM;
	}
	return 0;
}

void syslog_sink_send(struct syslog_sink *s, int priority, const char *line)
{
	char msg[SF_EVENT_LINE_MAX + 128], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int err;

	/* RFC 3164, as syslog(3) sends it to the local daemon. */
	if (!localtime_r(&now, &tm) || !strftime(stamp, sizeof(stamp), "%b %e %H:%M:%S", &tm))
		stamp[0] = '\0';
	snprintf(msg, sizeof(msg), "<%d>%s sockfence[%d]: %s", priority, stamp, (int)getpid(),
		 line);
	if (s->queued == 0) {
		err = try_send(s, msg);
		if (err == 0)
			return;
		if (err != -EAGAIN) {
			s->lost++;
			return;
		}
	}
	if (s->queued == SYSLOG_SINK_QUEUE) {
		s->lost++;
		return;
	}
	s->queue[(s->head + s->queued) % SYSLOG_SINK_QUEUE] = strdup(msg);
	if (!s->queue[(s->head + s->queued) % SYSLOG_SINK_QUEUE]) {
		s->lost++;
		return;
	}
	s->queued++;
	flush(s);
}

/*
 * A sliding window, not per-second buckets: buckets would let twice the
 * rate through across a bucket boundary.
 */
static bool within_rate(struct syslog_sink *s)
{
	struct timespec now;
	uint64_t now_ns;

	if (!s->max_rate)
		return true;
	clock_gettime(CLOCK_MONOTONIC, &now);
	now_ns = (uint64_t)now.tv_sec * 1000000000ULL + now.tv_nsec;
	if (s->n_sent == s->max_rate && now_ns - s->sent_ns[s->next_sent] < 1000000000ULL)
		return false;
	s->sent_ns[s->next_sent] = now_ns;
	s->next_sent = (s->next_sent + 1) % s->max_rate;
	if (s->n_sent < s->max_rate)
		s->n_sent++;
	return true;
}

bool syslog_sink_event(struct syslog_sink *s, int severity, const char *line)
{
	if (!within_rate(s)) {
		s->rate_limited++;
		return false;
	}
	syslog_sink_send(s, s->facility | severity, line);
	return true;
}

void syslog_sink_retry(struct syslog_sink *s)
{
	if (s->queued)
		flush(s);
}

void syslog_sink_close(struct syslog_sink *s)
{
	flush(s);
	for (; s->queued; s->queued--) {
		free(s->queue[s->head]);
		s->queue[s->head] = NULL;
		s->head = (s->head + 1) % SYSLOG_SINK_QUEUE;
		s->lost++;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	free(s->sent_ns);
	s->sent_ns = NULL;
}
