// SPDX-License-Identifier: GPL-2.0-only
#include "events.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <string.h>

#include "event_format.h"
#include "log.h"

static int severity_of(__u8 verdict)
{
	if (verdict == SF_VERDICT_DENY)
		return LOG_WARNING;
	return verdict == SF_VERDICT_AUDIT_DENY ? LOG_NOTICE : LOG_INFO;
}

static int handle_event(void *ctx, void *data, size_t size)
{
	struct event_consumer *ec = ctx;
	const struct sf_event *ev = data;
	char line[SF_EVENT_LINE_MAX];

	if (size < sizeof(*ev) || ev->version != SF_EVENT_VERSION) {
		ec->malformed++;
		log_warn("ignoring an event of %zu bytes, version %u (expected %zu "
			 "bytes, version %u): BPF object and daemon do not match",
			 size, size >= sizeof(__u16) ? ev->version : 0, sizeof(*ev),
			 SF_EVENT_VERSION);
		return 0;
	}
	if (event_format_logfmt(line, sizeof(line), ev) < 0) {
		/* Cannot happen with SF_EVENT_LINE_MAX; say so rather than drop. */
		log_warn("event line truncated");
	}
	log_event(severity_of(ev->verdict), line);
	ec->delivered++;
	return 0;
}

int events_open(struct event_consumer *ec, int ringbuf_map_fd)
{
	memset(ec, 0, sizeof(*ec));
	ec->rb = ring_buffer__new(ringbuf_map_fd, handle_event, ec, NULL);
	if (!ec->rb) {
		int err = -errno;

		log_err("cannot open the event ring buffer: %s", strerror(-err));
		return err;
	}
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
	return ring_buffer__epoll_fd(ec->rb);
}

int events_drain(struct event_consumer *ec)
{
	int n;

	if (!ec->rb)
		return 0; /* closed by an unload */
	n = ring_buffer__consume(ec->rb);

	if (n < 0 && n != -EINTR) {
		log_err("reading the event ring buffer failed: %s", strerror(-n));
		return n;
	}
	return 0;
}

void events_close(struct event_consumer *ec)
{
	ring_buffer__free(ec->rb);
	ec->rb = NULL;
}
