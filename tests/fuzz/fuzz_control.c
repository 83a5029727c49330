// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: any bytes as a client's side of the control socket.
 * A real control server (control.c) on a socket in a temp directory, a
 * stand-in for the daemon's commands, and the real event subscribers
 * (subscribers.c) for "events ...": each input is written by a client that
 * then stops writing; the server serves it; what it answered is parsed as
 * the CLI would (control_parse_response), and a subscription is flushed,
 * fed the rest of the input and closed.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <stdarg.h>

#include "control.h"
#include "control_proto.h"
#include "event_recent.h"
#include "event_source.h"
#include "log.h"
#include "subscribers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/*
 * The daemon's log (log.c), formatted and dropped: thousands of "no
 * request" lines a second would bury libFuzzer's own report.
 */
void log_msg(int severity, const char *fmt, ...)
{
	char line[1024];
	va_list args;

	(void)severity;
	va_start(args, fmt);
	vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
}

bool log_is_verbose(void)
{
	return false;
}

static struct control_server server = { .fd = -1 };
static struct subscribers subs;
static struct event_recent recent;
static char socket_path[108];

static int fake_command(void *ctx, const struct control_request *req, daemon_say_fn say,
			void *say_ctx, char *summary, size_t summary_len)
{
	(void)ctx;
	if (say)
		say(say_ctx, req->argument);
	snprintf(summary, summary_len, "did %s", req->command);
	return strcmp(req->command, "reload") == 0 ? 0 : -EINVAL;
}

static int real_subscribe(void *ctx, int fd, const char *argument, char *why, size_t why_len)
{
	(void)ctx;
	return subscribers_add(&subs, fd, argument, &recent, why, why_len);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/sockfence-fuzz-XXXXXX";
	int epfd = epoll_create1(EPOLL_CLOEXEC);

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir) || epfd < 0)
		abort();
	snprintf(socket_path, sizeof(socket_path), "%s/control.sock", dir);
	server.command = fake_command;
	server.subscribe = real_subscribe;
	server.cgroup_root = "";
	if (control_bind(&server, socket_path) != 0 || control_listen(&server) != 0)
		abort();
	subscribers_init(&subs, epfd);
	return 0;
}

/* Whatever the server wrote back, line by line, as the CLI reads it. */
static void read_answer(int fd)
{
	char buf[SF_CONTROL_LINE_MAX * 2 + 1];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT)) > 0) {
		char *save = NULL;

		buf[n] = '\0';
		for (char *line = strtok_r(buf, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			const char *text;

			control_parse_response(line, &text);
		}
	}
}

/* One round of the subscribers' epoll set, as the event loop runs it. */
static void serve_subscribers(void)
{
	struct epoll_event ev[SUBSCRIBERS_MAX];
	int n = epoll_wait(subs.epfd, ev, SUBSCRIBERS_MAX, 0);

	for (int i = 0; i < n; i++) {
		struct event_source *src = ev[i].data.ptr;

		src->ready(src, ev[i].events);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (client < 0)
		abort();
	strcpy(addr.sun_path, socket_path);
	if (connect(client, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		abort();
	if (size && send(client, data, size > 65536 ? 65536 : size, MSG_DONTWAIT) < 0)
		abort();
	shutdown(client, SHUT_WR);
	control_handle(&server);
	serve_subscribers();
	read_answer(client);
	close(client);
	serve_subscribers();
	subscribers_close_all(&subs, "fuzz round over");
	return 0;
}
