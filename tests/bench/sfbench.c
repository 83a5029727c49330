// SPDX-License-Identifier: GPL-2.0-only
/*
 * sfbench: the benchmark client run inside the VM (linked statically, like
 * sfprobe). It only measures; the scenarios under tests/bench/vm/ decide
 * what runs when, and the host turns the numbers into ratios.
 *
 *   sfbench loop --ms N [--rounds N] [--warm MS] [--uid N] [--gid N] STEP...
 *	Runs the STEPs in order, --rounds times (default 1). A step is
 *	NAME=ADDR: connect() then close() a fresh socket in a tight loop for
 *	N ms, after --warm MS of the same loop untimed (default 0), and print
 *	"case=NAME round=R ops=N ns=N ok=N EPERM=N ECONNREFUSED=N other=N";
 *	or reload=FILE: make the running daemon reload FILE (not timed here),
 *	or do nothing when no daemon listens, and print
 *	"reload=FILE round=R ok=1|0|-". One process measures every window of a
 *	phase: windows of one process vary far less than separate processes.
 *	A NAME=http+ADDR step sends one `docker ps` request (GET
 *	/v1.41/containers/json, HTTP/1.1, Connection: close) on each
 *	connection and reads the whole answer; ok counts "200" answers.
 *   sfbench serve-http ADDR [--ready FILE]
 *	A stand-in for the Docker API: answers every request on ADDR with a
 *	small JSON list and closes the connection, one client at a time.
 *   sfbench reload [--cli] --rounds N FILE...
 *	Asks the running daemon over its control socket to reload each FILE
 *	in turn, N rounds; "-" stands for a request the daemon refuses at
 *	once (an unknown command: the bare socket round trip). With --cli it
 *	runs `sockfence reload FILE` instead and times the whole command.
 *	Prints one line per FILE and round: "file=F round=N us=N ok=0|1".
 *
 * ADDR is unix:PATH or tcp:A.B.C.D:PORT. --uid and --gid switch identity
 * (and drop supplementary groups) before the first step.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../vm/helpers/address.h"

#include "control_proto.h"

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: sfbench loop --ms N [--rounds N] [--warm MS] [--uid N] [--gid N] "
			"STEP...\n"
			"       sfbench serve-http ADDR [--ready FILE]\n"
			"       sfbench reload [--cli] --rounds N FILE...\n"
			"STEP: NAME=ADDR | NAME=http+ADDR | reload=FILE\n"
			"ADDR: unix:PATH | tcp:A.B.C.D:PORT\n");
	exit(2);
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "sfbench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static long parse_number(const char *s, long max)
{
	long v = address_number(s, max);

	if (v < 0) {
		fprintf(stderr, "sfbench: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

static void parse_address(const char *spec, struct address *a)
{
	if (address_parse(spec, a) != 0)
		usage();
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

struct counts {
	unsigned long ops, ok, eperm, refused, other;
	long long ns;
};

#define HTTP_REQUEST                                                                               \
	"GET /v1.41/containers/json HTTP/1.1\r\nHost: docker\r\nUser-Agent: sfbench\r\n"           \
	"Connection: close\r\n\r\n"

/* `docker ps` on a connected socket: true when the answer is a 200. */
static bool http_docker_ps(int fd)
{
	char reply[4096];
	size_t used = 0;
	ssize_t n;

	if (write(fd, HTTP_REQUEST, strlen(HTTP_REQUEST)) != (ssize_t)strlen(HTTP_REQUEST))
		return false;
	while ((n = read(fd, reply + used, sizeof(reply) - 1 - used)) > 0) {
		used += n;
		if (used == sizeof(reply) - 1)
			used = 64; /* keep the status line, drop the rest */
	}
	reply[used] = '\0';
	return strncmp(reply, "HTTP/1.1 200 ", 13) == 0 || strncmp(reply, "HTTP/1.0 200 ", 13) == 0;
}

static void run_loop(const struct address *a, bool http, long ms, struct counts *c)
{
	const struct linger no_linger = { .l_onoff = 1, .l_linger = 0 };
	long long start = now_ns(), end = start + ms * 1000000LL, elapsed;

	memset(c, 0, sizeof(*c));
	do {
		int fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (fd < 0)
			die("socket");
		/*
		 * A TCP close with linger 0 leaves no TIME_WAIT behind: thousands
		 * of those per second make port allocation, not the hooks, the
		 * cost of the next connect.
		 */
		if (a->ss.ss_family != AF_UNIX &&
		    setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_linger, sizeof(no_linger)) != 0)
			die("setsockopt(SO_LINGER)");
		if (connect(fd, (const struct sockaddr *)&a->ss, a->len) == 0)
			(!http || http_docker_ps(fd)) ? c->ok++ : c->other++;
		else if (errno == EPERM)
			c->eperm++;
		else if (errno == ECONNREFUSED)
			c->refused++;
		else
			c->other++;
		close(fd);
		c->ops++;
		elapsed = now_ns();
	} while (elapsed < end);
	c->ns = elapsed - start;
}

/* One request over the control socket; returns 1 on "ok", 0 otherwise. */
static int control_round_trip(const char *file)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char request[SF_CONTROL_LINE_MAX], reply[SF_CONTROL_LINE_MAX];
	size_t used = 0;
	int fd, n;

	if (strcmp(file, "-") == 0)
		n = control_format_request(request, sizeof(request), "bench-ping", NULL);
	else
		n = control_format_request(request, sizeof(request), CONTROL_CMD_RELOAD, file);
	if (n < 0)
		usage();
	strcpy(addr.sun_path, SF_CONTROL_SOCKET);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		die("connect to the control socket");
	if (write(fd, request, n) != n)
		die("send");
	/* The answer ends with its only line that starts "ok " or "error ". */
	for (;;) {
		ssize_t got = read(fd, reply + used, sizeof(reply) - 1 - used);
		char *line, *newline;

		if (got <= 0)
			break;
		used += got;
		reply[used] = '\0';
		line = reply;
		while ((newline = strchr(line, '\n'))) {
			const char *text;
			enum control_line_kind kind;

			*newline = '\0';
			kind = control_parse_response(line, &text);
			if (kind == CONTROL_LINE_OK || kind == CONTROL_LINE_ERROR) {
				close(fd);
				return kind == CONTROL_LINE_OK;
			}
			line = newline + 1;
		}
		used = strlen(line);
		memmove(reply, line, used + 1);
		if (used == sizeof(reply) - 1)
			used = 0; /* a message line too long to keep: drop it */
	}
	close(fd);
	return 0;
}

/* A reload=FILE step: "-" when no daemon listens. */
static const char *reload_step(const char *file)
{
	if (access(SF_CONTROL_SOCKET, F_OK) != 0)
		return "-";
	return control_round_trip(file) ? "1" : "0";
}

static int loop(long ms, long rounds, long warm, char **steps, int n_steps)
{
	struct address *addrs = calloc(n_steps, sizeof(*addrs));
	bool *http = calloc(n_steps, sizeof(*http));

	if (!addrs || !http)
		die("calloc");
	for (int i = 0; i < n_steps; i++) {
		char *eq = strchr(steps[i], '=');

		if (!eq || eq == steps[i])
			usage();
		*eq = '\0';
		http[i] = strncmp(eq + 1, "http+", 5) == 0;
		if (strcmp(steps[i], "reload") != 0)
			parse_address(eq + 1 + (http[i] ? 5 : 0), &addrs[i]);
	}
	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < n_steps; i++) {
			const char *arg = steps[i] + strlen(steps[i]) + 1;
			struct counts c;

			if (strcmp(steps[i], "reload") == 0) {
				printf("reload=%s round=%ld ok=%s\n", arg, r, reload_step(arg));
				fflush(stdout);
				continue;
			}
			if (warm > 0)
				run_loop(&addrs[i], http[i], warm, &c);
			run_loop(&addrs[i], http[i], ms, &c);
			printf("case=%s round=%ld ops=%lu ns=%lld ok=%lu EPERM=%lu "
			       "ECONNREFUSED=%lu "
			       "other=%lu\n",
			       steps[i], r, c.ops, c.ns, c.ok, c.eperm, c.refused, c.other);
			fflush(stdout);
		}
	}
	free(addrs);
	free(http);
	return 0;
}

#define HTTP_ANSWER                                                                                \
	"HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: application/json\r\n"               \
	"Content-Length: 2\r\nConnection: close\r\n\r\n[]"

/* Reads a request's head (up to the blank line), answers, closes. */
static void serve_one(int fd)
{
	char request[4096];
	size_t used = 0;
	ssize_t n;

	while (used < sizeof(request) - 1 &&
	       (n = read(fd, request + used, sizeof(request) - 1 - used)) > 0) {
		used += n;
		request[used] = '\0';
		if (strstr(request, "\r\n\r\n"))
			break;
	}
	/* A client that hung up early (a bare connect probe) costs no SIGPIPE. */
	if (send(fd, HTTP_ANSWER, strlen(HTTP_ANSWER), MSG_NOSIGNAL) < 0)
		return;
	shutdown(fd, SHUT_WR);
}

static int serve_http(const char *spec, const char *ready)
{
	struct address a;
	int fd, one = 1;

	parse_address(spec, &a);
	fd = socket(a.ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die("socket");
	if (a.ss.ss_family == AF_UNIX)
		unlink(((struct sockaddr_un *)&a.ss)->sun_path);
	else
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&a.ss, a.len) != 0 || listen(fd, 128) != 0)
		die("bind");
	if (ready)
		close(open(ready, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	for (;;) {
		int client = accept4(fd, NULL, NULL, SOCK_CLOEXEC);

		if (client < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		serve_one(client);
		close(client);
	}
}

/* `sockfence reload FILE`, its output discarded; returns 1 when it succeeded. */
static int run_cli(const char *file)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0) {
			dup2(null, 1);
			dup2(null, 2);
		}
		execlp("sockfence", "sockfence", "reload", file, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid)
		die("waitpid");
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int reload(bool cli, long rounds, char **files, int n_files)
{
	for (long r = 0; r < rounds; r++) {
		for (int i = 0; i < n_files; i++) {
			long long start = now_ns();
			int ok = cli ? run_cli(files[i]) : control_round_trip(files[i]);

			printf("file=%s round=%ld us=%.1f ok=%d\n", files[i], r,
			       (now_ns() - start) / 1000.0, ok);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	long ms = -1, rounds = 1, warm = 0, uid = -1, gid = -1;
	int i;

	if (argc >= 2 && strcmp(argv[1], "reload") == 0) {
		bool cli = argc >= 3 && strcmp(argv[2], "--cli") == 0;

		i = cli ? 3 : 2;
		if (argc < i + 3 || strcmp(argv[i], "--rounds") != 0)
			usage();
		return reload(cli, parse_number(argv[i + 1], 100000), argv + i + 2, argc - i - 2);
	}
	if (argc >= 3 && strcmp(argv[1], "serve-http") == 0) {
		if (argc == 5 && strcmp(argv[3], "--ready") == 0)
			return serve_http(argv[2], argv[4]);
		if (argc != 3)
			usage();
		return serve_http(argv[2], NULL);
	}
	if (argc < 2 || strcmp(argv[1], "loop") != 0)
		usage();
	for (i = 2; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--ms") == 0)
			ms = parse_number(argv[i + 1], 3600000);
		else if (strcmp(argv[i], "--rounds") == 0)
			rounds = parse_number(argv[i + 1], 100000);
		else if (strcmp(argv[i], "--warm") == 0)
			warm = parse_number(argv[i + 1], 3600000);
		else if (strcmp(argv[i], "--uid") == 0)
			uid = parse_number(argv[i + 1], 65534);
		else if (strcmp(argv[i], "--gid") == 0)
			gid = parse_number(argv[i + 1], 65534);
		else
			usage();
	}
	if (i >= argc || ms <= 0)
		usage();
	if (gid >= 0 && (setgroups(0, NULL) != 0 || setresgid(gid, gid, gid) != 0))
		die("setgid");
	if (uid >= 0 && setresuid(uid, uid, uid) != 0)
		die("setuid");
	return loop(ms, rounds, warm, argv + i, argc - i);
}
