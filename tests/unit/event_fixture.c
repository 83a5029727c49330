// SPDX-License-Identifier: GPL-2.0-only
#include "event_fixture.h"

#include <sys/socket.h>

#include "event_format.h"
#include "event_json.h"

const struct timespec fixture_when = { .tv_sec = 1714564800, .tv_nsec = 123456789 };

struct sf_event fixture_event(void)
{
	struct sf_event ev = {
		.version = SF_EVENT_VERSION,
		.hook = SF_HOOK_UNIX_STREAM_CONNECT,
		.verdict = SF_VERDICT_DENY,
		.generation = 3,
		.rule = 1,
		.caller = { .pid = 43,
			    .tgid = 42,
			    .uid = 1000,
			    .euid = 1000,
			    .gid = 100,
			    .egid = 100,
			    .comm = "curl" },
		.target = { .family = AF_UNIX, .dev = 25, .ino = 7 },
		.endpoint = "docker",
		.path = "/run/docker.sock",
	};

	return ev;
}

int fixture_logfmt(char *out, size_t len, const struct sf_event *ev)
{
	struct event_view v;

	event_view_decode(&v, ev, &fixture_when);
	return event_format_logfmt(out, len, &v);
}

int fixture_json(char *out, size_t len, const struct sf_event *ev)
{
	struct event_view v;

	event_view_decode(&v, ev, &fixture_when);
	return event_format_json(out, len, &v);
}
