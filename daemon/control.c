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
#include "process_identity.h"

int control_bind(struct control_server *s, const char *path)
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
	if (err != 0) {
		err = -errno;
		log_err("cannot serve the control socket %s: %s", path, strerror(-err));
		close(s->fd);
		s->fd = -1;
		return err;
	}
	return 0;
}

int control_listen(struct control_server *s)
{
	if (listen(s->fd, 16) != 0) {
		int err = -errno;

		log_err("cannot serve the control socket %s: %s", s->path, strerror(-err));
		return err;
	}
	return 0;
}

/*
 * Is the peer root on the host, as the kernel's hooks would judge it: uid 0
 * (as seen from here, so root of another user namespace is not), in the
 * host's pid namespace and no container runtime's cgroup. A pid that cannot
 * be read is refused. Returns NULL, or why not.
 */
static const char *peer_refusal(const struct control_server *s, const struct ucred *peer, char *why,
				size_t len)
{
	struct process_identity id;

	if (peer->uid != 0) {
		snprintf(why, len, "only root may control sockfence (you are uid %u)", peer->uid);
		return why;
	}
	if (peer->pid <= 0 ||
	    process_identity_read(peer->pid, "/proc", s->cgroup_root ? s->cgroup_root : "", &id) !=
		    0) {
		snprintf(why, len, "cannot read who pid %d is, so it may not control sockfence",
			 peer->pid);
		return why;
	}
	if (id.who.caller.container_by) {
		snprintf(why, len,
			 "only root on the host may control sockfence, not a container (%s%s%s)",
			 id.who.caller.container_by & SF_CONTAINER_PIDNS ? "another pid namespace"
									 : "a container cgroup",
			 id.who.caller.container_id[0] ? ", container " : "",
			 id.who.caller.container_id);
		return why;
	}
	return NULL;
}

static void send_line(int fd, const char *prefix, const char *text)
{
	char line[SF_CONTROL_LINE_MAX];
	int n = snprintf(line, sizeof(line), "%s%s\n", prefix, text);

	if (n > 0 && (size_t)n >= sizeof(line)) {
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	/* A client gone already must not take the daemon with it (SIGPIPE). */
	if (n > 0 && send(fd, line, n, MSG_NOSIGNAL) < 0)
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
	char line[SF_CONTROL_LINE_MAX], summary[512], why[256];
	struct control_request req;
	struct ucred peer;
	socklen_t len = sizeof(peer);
	int err;

	if (getsockopt(client, SOL_SOCKET, SO_PEERCRED, &peer, &len) != 0) {
		send_line(client, "error ", "cannot identify the caller");
		return false;
	}
	if (peer_refusal(s, &peer, why, sizeof(why))) {
		log_warn("control socket: refused pid %d uid %u: %s", peer.pid, peer.uid, why);
		snprintf(summary, sizeof(summary), "permission denied: %s", why);
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
	/* health is asked by every `sockfence status`: not worth a line each time. */
	log_msg(strcmp(req.command, CONTROL_CMD_HEALTH) == 0 ? LOG_DEBUG : LOG_INFO,
		"%s requested by pid %d%s%s", req.command, peer.pid, req.argument[0] ? ": " : "",
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
