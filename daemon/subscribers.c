// SPDX-License-Identifier: GPL-2.0-only
#include "subscribers.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "control_proto.h"
#include "event_format.h"
#include "event_json.h"
#include "event_source.h"
#include "log.h"

struct subscriber {
	struct event_source src;
	struct subscribers *owner;
	int fd;
	bool json;
	bool follow;
	bool closing;	  /* answer complete: close once it is sent */
	bool peer_done;	  /* the client shut its side for writing: stop reading */
	time_t deadline;  /* closing: CLOCK_MONOTONIC second to give up */
	uint32_t watched; /* epoll events registered */
	uint64_t missed;  /* events dropped since the last one queued */
	size_t start, len;
	char buf[SUBSCRIBER_QUEUE_BYTES];
};

void subscribers_init(struct subscribers *s, int epfd)
{
	memset(s, 0, sizeof(*s));
	s->epfd = epfd;
}

static void remove_subscriber(struct subscriber *sub)
{
	struct subscribers *s = sub->owner;

	for (size_t i = 0; i < SUBSCRIBERS_MAX; i++) {
		if (s->slot[i] == sub)
			s->slot[i] = NULL;
	}
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, sub->fd, NULL);
	close(sub->fd);
	free(sub);
}

static void watch(struct subscriber *sub)
{
	uint32_t want = (sub->peer_done ? 0 : EPOLLIN | EPOLLRDHUP) | (sub->len ? EPOLLOUT : 0);
	struct epoll_event ev = { .events = want, .data.ptr = &sub->src };

	if (want != sub->watched && epoll_ctl(sub->owner->epfd, EPOLL_CTL_MOD, sub->fd, &ev) == 0)
		sub->watched = want;
}

static bool enqueue(struct subscriber *sub, const char *line, size_t n);

/* Tells the subscriber how many events it missed, if there is room. */
static bool queue_gap(struct subscriber *sub, size_t room_after)
{
	char gap[64];
	int n;

	if (!sub->missed)
		return true;
	n = snprintf(gap, sizeof(gap), "dropped %llu\n", (unsigned long long)sub->missed);
	if (SUBSCRIBER_QUEUE_BYTES - sub->len < (size_t)n + room_after || !enqueue(sub, gap, n))
		return false;
	sub->missed = 0;
	return true;
}

/* Sends what the socket takes. Returns false when the subscriber is gone. */
static bool flush(struct subscriber *sub)
{
	/* A gap is told as soon as it fits, not only before the next event. */
	queue_gap(sub, 0);
	while (sub->len) {
		ssize_t n =
			send(sub->fd, sub->buf + sub->start, sub->len, MSG_DONTWAIT | MSG_NOSIGNAL);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (n <= 0) {
			remove_subscriber(sub); /* it went away */
			return false;
		}
		sub->start += n;
		sub->len -= n;
	}
	if (sub->len == 0)
		sub->start = 0;
	if (sub->len == 0 && sub->closing) {
		remove_subscriber(sub);
		return false;
	}
	watch(sub);
	return true;
}

/* Appends a whole line or nothing. */
static bool enqueue(struct subscriber *sub, const char *line, size_t n)
{
	if (n > SUBSCRIBER_QUEUE_BYTES - sub->len)
		return false;
	if (sub->start + sub->len + n > SUBSCRIBER_QUEUE_BYTES) {
		memmove(sub->buf, sub->buf + sub->start, sub->len);
		sub->start = 0;
	}
	memcpy(sub->buf + sub->start + sub->len, line, n);
	sub->len += n;
	return true;
}

/* "| " and the event as the subscriber asked for it, with a newline. */
static int stream_line(char *out, size_t out_len, const struct event_view *v, bool json)
{
	int n;

	if (json) {
		n = event_format_json(out + 2, out_len - 2, v);
	} else {
		n = snprintf(out + 2, out_len - 2, "%s ", v->time);
		if (n > 0 && (size_t)n < out_len - 2) {
			int rest = event_format_logfmt(out + 2 + n, out_len - 3 - n, v);

			n = rest < 0 ? rest : n + rest;
		}
		if (n > 0)
			out[2 + n++] = '\n';
	}
	if (n < 0)
		return n;
	memcpy(out, "| ", 2);
	return n + 2;
}

/* Queues a line, first telling the subscriber how many it missed. */
static void offer(struct subscriber *sub, const char *line, size_t n)
{
	if (queue_gap(sub, n) && enqueue(sub, line, n))
		return;
	sub->missed++;
	sub->owner->dropped++;
}

static void on_ready(struct event_source *src, uint32_t events)
{
	struct subscriber *sub = (struct subscriber *)src;
	char discard[256];

	if (events & (EPOLLERR | EPOLLHUP)) {
		remove_subscriber(sub);
		return;
	}
	if (events & (EPOLLIN | EPOLLRDHUP)) {
		/* A subscriber has nothing more to say; only its going matters. */
		ssize_t n = recv(sub->fd, discard, sizeof(discard), MSG_DONTWAIT);

		if (n == 0)
			sub->peer_done = true;
		else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			remove_subscriber(sub);
			return;
		}
	}
	flush(sub);
}

static int parse_argument(const char *argument, bool *follow, bool *json)
{
	char copy[128], *save = NULL;

	if (strlen(argument) >= sizeof(copy))
		return -EINVAL;
	strcpy(copy, argument);
	*follow = *json = false;
	for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (strcmp(w, "follow") == 0)
			*follow = true;
		else if (strcmp(w, "json") == 0)
			*json = true;
		else
			return -EINVAL;
	}
	return 0;
}

static time_t monotonic_seconds(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec;
}

/* A one-shot answer: the recent events, then "ok". */
static void queue_recent(struct subscriber *sub, const struct event_recent *recent)
{
	char line[SF_EVENT_JSON_MAX + SF_EVENT_LINE_MAX], ok[128];
	size_t sent = 0;

	for (size_t i = 0; recent && i < recent->count; i++) {
		int n = stream_line(line, sizeof(line), event_recent_get(recent, i), sub->json);

		if (n > 0 && enqueue(sub, line, n))
			sent++;
	}
	snprintf(ok, sizeof(ok), "ok %zu recent events (the daemon keeps the last %d)\n", sent,
		 EVENT_RECENT_MAX);
	enqueue(sub, ok, strlen(ok));
	sub->closing = true;
	sub->deadline = monotonic_seconds() + SUBSCRIBER_DRAIN_S;
}

int subscribers_add(struct subscribers *s, int fd, const char *argument,
		    const struct event_recent *recent, char *why, size_t why_len)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP };
	static const char following[] = "following events as they happen\n";
	struct subscriber *sub;
	bool follow, json;
	size_t i;

	if (parse_argument(argument, &follow, &json) != 0) {
		snprintf(why, why_len, "unknown events option '%s' (known: follow, json)",
			 argument);
		return -EINVAL;
	}
	for (i = 0; i < SUBSCRIBERS_MAX && s->slot[i]; i++)
		;
	if (i == SUBSCRIBERS_MAX) {
		snprintf(why, why_len,
			 "too many event subscribers (%d): stop one of the running "
			 "'sockfence events' first",
			 SUBSCRIBERS_MAX);
		return -EBUSY;
	}
	sub = calloc(1, sizeof(*sub));
	if (!sub) {
		snprintf(why, why_len, "out of memory for another subscriber");
		return -ENOMEM;
	}
	*sub = (struct subscriber){ .src.ready = on_ready,
				    .owner = s,
				    .fd = fd,
				    .json = json,
				    .follow = follow,
				    .watched = ev.events };
	ev.data.ptr = &sub->src;
	/* Never wait on this client again, whatever it does. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0 ||
	    epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) != 0) {
		snprintf(why, why_len, "cannot watch the connection: %s", strerror(errno));
		free(sub);
		return -EIO;
	}
	s->slot[i] = sub;
	if (follow)
		enqueue(sub, following, sizeof(following) - 1);
	else
		queue_recent(sub, recent);
	log_debug("event subscriber %zu: %s%s", i, follow ? "follow" : "recent",
		  json ? ", json" : "");
	flush(sub);
	return 0;
}

void subscribers_publish(struct subscribers *s, const struct event_view *v)
{
	char line[2][SF_EVENT_JSON_MAX + SF_EVENT_LINE_MAX];
	int len[2] = { 0, 0 }; /* text, json; 0: not formatted yet */

	for (size_t i = 0; i < SUBSCRIBERS_MAX; i++) {
		struct subscriber *sub = s->slot[i];

		if (!sub || !sub->follow || sub->closing)
			continue;
		if (len[sub->json] == 0)
			len[sub->json] =
				stream_line(line[sub->json], sizeof(line[0]), v, sub->json);
		if (len[sub->json] < 0)
			continue; /* cannot happen with these buffer sizes */
		offer(sub, line[sub->json], len[sub->json]);
		flush(sub);
	}
}

void subscribers_tick(struct subscribers *s)
{
	time_t now = monotonic_seconds();

	for (size_t i = 0; i < SUBSCRIBERS_MAX; i++) {
		if (s->slot[i] && s->slot[i]->closing && now >= s->slot[i]->deadline)
			remove_subscriber(s->slot[i]);
	}
}

void subscribers_close_all(struct subscribers *s, const char *why)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "ok %s\n", why);

	for (size_t i = 0; i < SUBSCRIBERS_MAX; i++) {
		struct subscriber *sub = s->slot[i];

		if (!sub)
			continue;
		if (sub->follow && !sub->closing && queue_gap(sub, n))
			enqueue(sub, line, n);
		sub->closing = true;
		if (flush(sub))
			remove_subscriber(sub); /* what did not fit is lost with it */
	}
}
