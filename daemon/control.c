// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* struct ucred */
#include "control.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_proto.h"
#include "log.h"

int control_listen(struct control_server *s, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char dir[PATH_MAX];
	mode_t old_umask;
	int err;

	s->path = path;
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	snprintf(dir, sizeof(dir), "%s", path);
	if (mkdir(dirname(dir), 0700) != 0 && errno != EEXIST) {
		err = -errno;
		log_err("cannot create %s for the control socket: %s", dir, strerror(-err));
		return err;
	}
	strcpy(addr.sun_path, path);
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		return -errno;
	unlink(path); /* left by a daemon that did not stop cleanly */
	old_umask = umask(0177);
	err = bind(s->fd, (struct sockaddr *)&addr, sizeof(addr));
	umask(old_umask);
	if (err == 0)
		err = listen(s->fd, 16);
	if (err != 0) {
		err = -errno;
		log_err("cannot serve the control socket %s: %s", path, strerror(-err));
		close(s->fd);
		s->fd = -1;
		return err;
	}
	return 0;
}

static void send_line(int fd, const char *prefix, const char *text)
{
	char line[SF_CONTROL_LINE_MAX];
	int n = snprintf(line, sizeof(line), "%s%s\n", prefix, text);

	if (n > 0 && (size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (n > 0 && write(fd, line, n) < 0)
		log_debug("control client went away: %s", strerror(errno));
}

static void say_to_client(void *ctx, const char *line)
{
	send_line(*(int *)ctx, "| ", line);
}

/* Reads one request line; the client has a few seconds to send it. */
static int read_request(int fd, char *line, size_t len)
{
	struct timeval timeout = { .tv_sec = 3 };
	size_t used = 0;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
	while (used < len - 1) {
		ssize_t n = read(fd, line + used, len - 1 - used);

		if (n <= 0)
			return n == 0 ? -ECONNRESET : -errno;
		used += n;
		line[used] = '\0';
		char *newline = strchr(line, '\n');

		if (newline) {
			*newline = '\0';
			return 0;
		}
	}
	return -EMSGSIZE;
}

/* Serves one client; returns true when a subscription took it over. */
static bool serve(struct control_server *s, int client)
{
	char line[SF_CONTROL_LINE_MAX], summary[512];
	struct control_request req;
	struct ucred peer;
	socklen_t len = sizeof(peer);
	int err;

	if (getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0) {
		send_line(client, "error ", "cannot identify the caller");
		return false;
	}
	if (peer.uid != 0) {
		log_warn("control socket: refused pid %d uid %u: only root may control sockfence",
			 peer.pid, peer.uid);
		snprintf(summary, sizeof(summary),
			 "permission denied: only root may control sockfence (you are uid %u)",
			 peer.uid);
		send_line(client, "error ", summary);
		return false;
	}
	err = read_request(client, line, sizeof(line));
	if (err) {
		log_warn("control socket: no request from pid %d: %s", peer.pid, strerror(-err));
		return false;
	}
	if (control_parse_request(line, &req) != 0) {
		send_line(client, "error ", "malformed request");
		return false;
	}
	log_info("%s requested by pid %d%s%s", req.command, peer.pid, req.argument[0] ? ": " : "",
		 req.argument);
	if (s->subscribe && strcmp(req.command, CONTROL_CMD_EVENTS) == 0) {
		err = s->subscribe(s->command_ctx, client, req.argument, summary, sizeof(summary));
		if (err == 0)
			return true; /* the connection is the subscriber's now */
		send_line(client, "error ", summary);
		return false;
	}
	err = s->command(s->command_ctx, &req, say_to_client, &client, summary, sizeof(summary));
	send_line(client, err ? "error " : "ok ", summary);
	return false;
}

int control_handle(void *ctx)
{
	struct control_server *s = ctx;
	int client = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC);

	if (client < 0)
		return 0; /* EAGAIN or a client that gave up: not the daemon's problem */
	if (!serve(s, client))
		close(client);
	return 0;
}

void control_close(struct control_server *s)
{
	if (s->fd >= 0) {
		close(s->fd);
		unlink(s->path);
	}
	s->fd = -1;
}
