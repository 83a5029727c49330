// SPDX-License-Identifier: GPL-2.0-only
#include "control_client.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "control_proto.h"

static int connect_control(bool quiet)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	strcpy(addr.sun_path, SF_CONTROL_SOCKET);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0)
		return fd;
	if (!quiet) {
		int err = errno;

		fprintf(stderr, "sockfence: cannot reach the daemon at %s: %s%s\n",
			SF_CONTROL_SOCKET, strerror(err),
			err == ENOENT || err == ECONNREFUSED ? " (is 'sockfence run' running?)"
			: err == EACCES || err == EPERM	     ? " (run as root)"
							     : "");
	}
	if (fd >= 0)
		close(fd);
	return -1;
}

bool control_daemon_answers(void)
{
	int fd = connect_control(true);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Prints the daemon's answer; returns the exit status it means. */
static int read_response(FILE *in)
{
	char line[SF_CONTROL_LINE_MAX];

	while (fgets(line, sizeof(line), in)) {
		const char *text;

		line[strcspn(line, "\n")] = '\0';
		switch (control_parse_response(line, &text)) {
		case CONTROL_LINE_MESSAGE:
			fprintf(stderr, "%s\n", text);
			break;
		case CONTROL_LINE_OK:
			printf("sockfence: %s\n", text);
			return 0;
		case CONTROL_LINE_ERROR:
			fprintf(stderr, "sockfence: %s\n", text);
			return 1;
		case CONTROL_LINE_FOLLOWING:
		case CONTROL_LINE_DROPPED:
		case CONTROL_LINE_INVALID:
			fprintf(stderr, "sockfence: unexpected answer from the daemon: %s\n", line);
			return 2;
		}
	}
	fprintf(stderr, "sockfence: the daemon closed the connection without an answer\n");
	return 2;
}

static FILE *request_stream(const char *command, const char *argument, bool quiet)
{
	char request[SF_CONTROL_LINE_MAX];
	FILE *in;
	int fd;

	if (control_format_request(request, sizeof(request), command, argument) < 0) {
		fprintf(stderr, "sockfence: request too long\n");
		return NULL;
	}
	fd = connect_control(quiet);
	if (fd < 0)
		return NULL;
	/* A refusing daemon may answer and close before reading: read on. */
	if (send(fd, request, strlen(request), MSG_NOSIGNAL) < 0 && errno != EPIPE &&
	    errno != ECONNRESET) {
		fprintf(stderr, "sockfence: cannot send to the daemon: %s\n", strerror(errno));
		close(fd);
		return NULL;
	}
	in = fdopen(fd, "r");
	if (!in)
		close(fd);
	return in;
}

FILE *control_request(const char *command, const char *argument)
{
	return request_stream(command, argument, false);
}

bool control_daemon_health(void (*problem)(void *ctx, const char *text), void *ctx)
{
	char line[SF_CONTROL_LINE_MAX];
	FILE *in = request_stream(CONTROL_CMD_HEALTH, NULL, true);
	bool answered = false;

	if (!in)
		return false;
	while (!answered && fgets(line, sizeof(line), in)) {
		const char *text;

		line[strcspn(line, "\n")] = '\0';
		switch (control_parse_response(line, &text)) {
		case CONTROL_LINE_MESSAGE:
			problem(ctx, text);
			break;
		case CONTROL_LINE_OK:
			answered = true;
			break;
		default: /* an error (not root, an older daemon): it runs, but says nothing */
			problem(ctx, text);
			answered = true;
			break;
		}
	}
	fclose(in);
	return answered;
}

int control_call(const char *command, const char *argument)
{
	FILE *in = control_request(command, argument);
	int status;

	if (!in)
		return 2;
	status = read_response(in);
	fclose(in);
	return status;
}
