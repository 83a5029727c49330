// SPDX-License-Identifier: GPL-2.0-only
/*
 * sfprobe: the scenario tests' client and server. It reports a connect's
 * outcome as the errno name so a test can assert "EPERM", not just "failed".
 *
 *   sfprobe listen ADDR [--ready FILE] [--dual-stack]
 *   sfprobe connect ADDR [IDENTITY] [--chroot DIR] [--chdir DIR] [--comm NAME]
 *                  [--via fastopen] [--kind KIND] [--landlock tcp|abstract]
 *                  [--syn-retries N]
 *   sfprobe hammer ADDR [IDENTITY] (--until FILE | --count N) [--comm NAME |
 *                  --vary-comm PREFIX] [--vary-addr]
 *   sfprobe exec [IDENTITY] -- COMMAND [ARG...]
 *   sfprobe notify-wait ADDR --socket PATH [IDENTITY]
 *   sfprobe syslog unix:PATH --out FILE [--ready FILE]
 *   sfprobe exchange PATH PATH
 *   sfprobe pass ADDR [IDENTITY]
 *   sfprobe hold ADDR [IDENTITY] --ready FILE
 *   sfprobe grab PID FD [IDENTITY]
 *
 * IDENTITY is [--uid N] [--gid N] [--groups G,G,...] (default: no
 * supplementary groups once --uid or --gid is given).
 * ADDR is unix:PATH, tcp:A.B.C.D:PORT or tcp:[IPV6]:PORT. connect prints
 * "pid=N uid=N socket=D/P result=ok|ERRNAME" and exits 0 when connected, 1
 * when not.
 * hammer connects in a tight loop until FILE exists or N attempts were made,
 * then prints "attempts=N ok=N EPERM=N other=N" (exit 0). --comm sets the
 * command name the kernel reports (any bytes but NUL, 15 at most);
 * --vary-comm makes it PREFIX and the attempt's number, so that no two
 * attempts look alike; --vary-addr (tcp:127.x.y.z only) sends each attempt
 * to another 127.x.y.z, the same port, for the same purpose; --pause MS
 * waits that long between attempts (a workload, not a flood).
 * notify-wait plays systemd's side of sd_notify: it waits on the datagram
 * socket PATH for READY=1, then connects at once, as connect does.
 * pass connects to ADDR as the caller, then hands the connected socket with
 * SCM_RIGHTS to a child that becomes IDENTITY, which reports
 * "pid=N uid=N result=ok" when it got the descriptor and "result=EPERM"
 * when the kernel left it out (MSG_CTRUNC, no descriptor).
 * hold becomes IDENTITY (staying dumpable, so the same user may take its
 * descriptors), connects to ADDR and writes "PID FD" to FILE, then waits
 * for the connection to end: it then writes "closed ERRNAME" (the socket's
 * error, "ok" for none) to FILE.end and exits.
 * grab takes descriptor FD of process PID with pidfd_getfd() as IDENTITY and
 * reports it as connect does.
 * exchange swaps two files' names in one step (renameat2 RENAME_EXCHANGE),
 * which busybox mv cannot do.
 * syslog plays a syslog daemon where there is none: it receives datagrams on
 * PATH and appends each to FILE as a line, until killed.
 * --kind makes the connecting socket another kind that reaches TCP: smc
 * (AF_SMC, which falls back to TCP with a peer that does not speak SMC),
 * mptcp (IPPROTO_MPTCP) or smc-proto (IPPROTO_SMC on AF_INET/AF_INET6).
 * Default: a plain socket of the address's family. connect's socket=D/P
 * says which domain and protocol the kernel gave it (SO_DOMAIN,
 * SO_PROTOCOL).
 * --syn-retries N makes a TCP connect give up after N resent SYNs
 * (TCP_SYNCNT): with 1, an unanswered connect fails with ETIMEDOUT after
 * about 3 s instead of 2 minutes.
 * --landlock puts the connecting process in a Landlock domain first, as a
 * sandbox would: tcp denies every TCP connect (Linux 6.7+), abstract every
 * abstract unix socket made outside the domain (6.12+). Another LSM's
 * refusal, to show that sockfence leaves it in force.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "address.h"
#include "sequence.h"

static void die(const char *what)
{
	fprintf(stderr, "sfprobe: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* A map pinned at path, as an earlier sockfence's map layout could leave one. */
static int do_pin_map(const char *path)
{
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = 4;
	attr.value_size = 8;
	attr.max_entries = 1;
	fd = (int)syscall(SYS_bpf, BPF_MAP_CREATE, &attr, sizeof(attr));
	if (fd < 0)
		die("bpf(BPF_MAP_CREATE)");
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (__u64)(unsigned long)path;
	attr.bpf_fd = (__u32)fd;
	if (syscall(SYS_bpf, BPF_OBJ_PIN, &attr, sizeof(attr)) != 0)
		die("bpf(BPF_OBJ_PIN)");
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: sfprobe listen ADDR [--ready FILE]\n"
		"       sfprobe pin-map PATH\n"
		"       sfprobe connect ADDR [IDENTITY] [--chroot DIR] [--chdir DIR] [--comm "
		"NAME] [--via fastopen] [--kind smc|mptcp|smc-proto] [--landlock "
		"tcp|abstract]\n"
		"       sfprobe hammer ADDR [IDENTITY] (--until FILE | --count N) [--pause MS] "
		"[--comm NAME | "
		"--vary-comm PREFIX] [--vary-addr]\n"
		"       sfprobe exec [IDENTITY] -- COMMAND [ARG...]\n"
		"       sfprobe notify-wait ADDR --socket PATH [IDENTITY]\n"
		"       sfprobe syslog unix:PATH --out FILE [--ready FILE]\n"
		"       sfprobe exchange PATH PATH\n"
		"       sfprobe pass ADDR [IDENTITY]\n"
		"       sfprobe hold ADDR [IDENTITY] --ready FILE\n"
		"       sfprobe grab PID FD [IDENTITY]\n"
		"       sfprobe sequence ADDR STEP... (tests/vm/helpers/sequence.c)\n"
		"IDENTITY: [--uid N] [--gid N] [--groups G,G,...]\n"
		"ADDR: unix:PATH | tcp:A.B.C.D:PORT | tcp:[IPV6]:PORT\n");
	exit(2);
}

static long parse_number(const char *s, long max)
{
	long v = address_number(s, max);

	if (v < 0) {
		fprintf(stderr, "sfprobe: bad number '%s'\n", s);
		exit(2);
	}
	return v;
}

struct identity {
	long uid, gid;
	gid_t groups[32];
	int n_groups;
};

static void parse_groups(const char *list, struct identity *id)
{
	char copy[256], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
		if (id->n_groups == 32)
			usage();
		id->groups[id->n_groups++] = parse_number(g, 65534);
	}
}

/* Becomes the identity; without one, stays who it is. */
static void become(const struct identity *id)
{
	if ((id->uid >= 0 || id->gid >= 0 || id->n_groups) &&
	    setgroups(id->n_groups, id->groups) != 0)
		die("setgroups");
	if (id->gid >= 0 && setresgid(id->gid, id->gid, id->gid) != 0)
		die("setgid");
	if (id->uid >= 0 && setresuid(id->uid, id->uid, id->uid) != 0)
		die("setuid");
}

static void parse_address(const char *spec, struct address *a)
{
	if (address_parse(spec, a) != 0)
		usage();
}

/*
 * Accepts connections and keeps each open until its client closes it, as
 * a real server would: a connection handed to another process still leads
 * to a listener's socket. The client closes first (sfbench with a reset for
 * TCP), so no TIME_WAIT piles up here under a connect loop.
 */
#define SERVE_MAX 256

static _Noreturn void serve(int listener)
{
	struct pollfd fds[SERVE_MAX + 1] = { { .fd = listener, .events = POLLIN } };
	nfds_t n = 1;

	for (;;) {
		if (poll(fds, n, -1) < 0)
			continue;
		for (nfds_t i = n; i-- > 1;) {
			char buf[256];

			if (!fds[i].revents)
				continue;
			if (read(fds[i].fd, buf, sizeof(buf)) > 0)
				continue;
			close(fds[i].fd);
			fds[i] = fds[--n];
		}
		if (fds[0].revents & POLLIN) {
			int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC);

			if (c >= 0 && n <= SERVE_MAX)
				fds[n++] = (struct pollfd){ .fd = c, .events = POLLIN };
			else if (c >= 0)
				close(c); /* full: the oldest stay served */
		}
	}
}

/* listen --dual-stack: an IPv6 listener that takes IPv4 too (IPv4-mapped). */
static bool dual_stack;

static _Noreturn void do_listen(const struct address *a, const char *ready)
{
	int fd = socket(a->ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1, v6only = dual_stack ? 0 : 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (a->ss.ss_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof(v6only));
	bool named =
		a->ss.ss_family == AF_UNIX && ((const struct sockaddr_un *)&a->ss)->sun_path[0];

	if (named)
		unlink(((const struct sockaddr_un *)&a->ss)->sun_path);
	/*
	 * Open to all by file mode, so any refusal seen is sockfence's. Set by
	 * the umask at bind, not a chmod after: a test may rename the socket
	 * the moment it appears.
	 */
	mode_t old_umask = umask(0111);

	if (bind(fd, (const struct sockaddr *)&a->ss, a->len) != 0)
		die("bind");
	umask(old_umask);
	if (listen(fd, 64) != 0)
		die("listen");
	if (ready) {
		int rfd = open(ready, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

		if (rfd < 0)
			die("ready file");
		close(rfd);
	}
	serve(fd);
}

/* One connect; returns 0 or the errno it failed with. */
/* --via fastopen: TCP Fast Open's sendto(MSG_FASTOPEN) connects without connect(). */
static bool via_fastopen;

/* --kind: the kind of socket that connects (see the top of the file). */
static const char *socket_kind = "plain";

#define SF_AF_SMC	 43  /* include/linux/socket.h */
#define SF_SMCPROTO_SMC	 0   /* net/smc/smc.h: AF_SMC over IPv4 */
#define SF_SMCPROTO_SMC6 1   /* over IPv6 */
#define SF_IPPROTO_SMC	 256 /* include/uapi/linux/in.h, Linux 6.11+ */
#define SF_IPPROTO_MPTCP 262

/* --syn-retries: SYNs resent before connect gives up (TCP_SYNCNT); -1: the default. */
static int syn_retries = -1;

static int open_socket(int family)
{
	int fd;

	if (strcmp(socket_kind, "plain") == 0)
		fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	else if (strcmp(socket_kind, "smc") == 0)
		fd = socket(SF_AF_SMC, SOCK_STREAM | SOCK_CLOEXEC,
			    family == AF_INET6 ? SF_SMCPROTO_SMC6 : SF_SMCPROTO_SMC);
	else if (strcmp(socket_kind, "mptcp") == 0)
		fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, SF_IPPROTO_MPTCP);
	else if (strcmp(socket_kind, "smc-proto") == 0)
		fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, SF_IPPROTO_SMC);
	else
		usage();
	if (fd < 0)
		die(socket_kind);
	if (syn_retries >= 0 &&
	    setsockopt(fd, IPPROTO_TCP, TCP_SYNCNT, &syn_retries, sizeof(syn_retries)) != 0)
		die("TCP_SYNCNT");
	return fd;
}

/* What the kernel made of the last socket: "DOMAIN/PROTOCOL", e.g. "43/0". */
static char made[32] = "-";

static int try_connect(const struct address *a)
{
	int fd = a->ss.ss_family == AF_UNIX ? socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)
					    : open_socket(a->ss.ss_family);
	int err = 0, domain = -1, protocol = -1;
	socklen_t len = sizeof(int);

	if (fd < 0)
		die("socket");
	getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len);
	len = sizeof(int);
	getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len);
	snprintf(made, sizeof(made), "%d/%d", domain, protocol);
	if (via_fastopen) {
		if (sendto(fd, "x", 1, MSG_FASTOPEN, (const struct sockaddr *)&a->ss, a->len) < 0)
			err = errno;
	} else if (connect(fd, (const struct sockaddr *)&a->ss, a->len) != 0) {
		err = errno;
	}
	close(fd);
	return err;
}

static void set_comm(const char *name)
{
	if (name && prctl(PR_SET_NAME, name) != 0)
		die("prctl(PR_SET_NAME)");
}

/* hammer --vary-addr: each attempt to another 127.x.y.z, same port. */
static bool vary_addr;
/* hammer --pause: milliseconds between attempts. */
static long pause_ms;

static int do_hammer(const struct address *a, const char *until, long count, const char *vary)
{
	unsigned long attempts = 0, ok = 0, eperm = 0, other = 0;
	struct address to = *a;
	char comm[16];

	if (vary_addr && a->ss.ss_family != AF_INET)
		usage();
	while (until ? access(until, F_OK) != 0 : (long)attempts < count) {
		int err;

		if (vary) {
			snprintf(comm, sizeof(comm), "%s%lu", vary, attempts);
			set_comm(comm);
		}
		if (vary_addr)
			((struct sockaddr_in *)&to.ss)->sin_addr.s_addr =
				htonl(0x7f000000u | (__u32)(attempts % 0xfffffeu + 1));
		err = try_connect(&to);

		attempts++;
		if (pause_ms) {
			struct timespec pause = { pause_ms / 1000, (pause_ms % 1000) * 1000000L };

			nanosleep(&pause, NULL);
		}
		if (err == 0)
			ok++;
		else if (err == EPERM)
			eperm++;
		else
			other++;
	}
	printf("attempts=%lu ok=%lu EPERM=%lu other=%lu\n", attempts, ok, eperm, other);
	return 0;
}

/* Waits for READY=1 on a datagram socket at path, as systemd would. */
static void await_ready(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char msg[512];
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || strlen(path) >= sizeof(sun.sun_path))
		die("notify socket");
	strcpy(sun.sun_path, path);
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		die("bind notify socket");
	for (;;) {
		ssize_t n = recv(fd, msg, sizeof(msg) - 1, 0);

		if (n < 0)
			die("recv");
		msg[n] = '\0';
		if (strstr(msg, "READY=1"))
			break;
	}
	for (char *c = msg; *c; c++)
		if (*c == '\n')
			*c = ' ';
	printf("notify: %s\n", msg);
	close(fd);
}

/* The Landlock ABI as of Linux 6.12, whatever the build host's headers know. */
struct landlock_attr {
	__u64 handled_access_fs;
	__u64 handled_access_net;
	__u64 scoped;
};
#define LANDLOCK_NET_CONNECT_TCP     (1ULL << 1)
#define LANDLOCK_SCOPE_ABSTRACT_UNIX (1ULL << 0)
#define SYS_LANDLOCK_CREATE_RULESET  444
#define SYS_LANDLOCK_RESTRICT_SELF   446

static void enter_landlock(const char *what)
{
	struct landlock_attr attr = { 0 };
	int fd;

	if (strcmp(what, "tcp") == 0)
		attr.handled_access_net = LANDLOCK_NET_CONNECT_TCP;
	else if (strcmp(what, "abstract") == 0)
		attr.scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX;
	else
		usage();
	fd = syscall(SYS_LANDLOCK_CREATE_RULESET, &attr, sizeof(attr), 0);
	if (fd < 0)
		die("landlock_create_ruleset");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    syscall(SYS_LANDLOCK_RESTRICT_SELF, fd, 0) != 0)
		die("landlock_restrict_self");
	close(fd);
}

static int do_connect(const struct address *a, const char *root, const char *dir,
		      const struct identity *id, const char *landlock)
{
	int err;

	if (root && (chroot(root) != 0 || chdir("/") != 0))
		die("chroot");
	if (dir && chdir(dir) != 0)
		die("chdir");
	become(id);
	if (landlock)
		enter_landlock(landlock);
	err = try_connect(a);
	printf("pid=%d uid=%d socket=%s result=%s\n", getpid(), getuid(), made,
	       err ? strerrorname_np(err) : "ok");
	fflush(stdout);
	return err ? 1 : 0;
}

static int connected_socket(const struct address *a)
{
	int fd = a->ss.ss_family == AF_UNIX ? socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)
					    : open_socket(a->ss.ss_family);

	if (fd < 0 || connect(fd, (const struct sockaddr *)&a->ss, a->len) != 0)
		die("connect");
	return fd;
}

/* Receives one descriptor from channel: it, or -1 when none came with the message. */
static int receive_fd(int channel)
{
	char byte, control[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *c;
	int fd = -1;

	if (recvmsg(channel, &msg, MSG_CMSG_CLOEXEC) != 1)
		die("recvmsg");
	c = CMSG_FIRSTHDR(&msg);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

static int do_pass(const struct address *a, const struct identity *id)
{
	char byte = 'x', control[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov,
			      .msg_iovlen = 1,
			      .msg_control = control,
			      .msg_controllen = sizeof(control) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	int pair[2], fd = connected_socket(a), status;
	pid_t child;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
		die("socketpair");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		int got;

		close(pair[0]);
		become(id);
		got = receive_fd(pair[1]);
		printf("pid=%d uid=%d socket=passed result=%s\n", getpid(), getuid(),
		       got >= 0 ? "ok" : "EPERM");
		exit(got >= 0 ? 0 : 1);
	}
	close(pair[1]);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	if (sendmsg(pair[0], &msg, 0) != 1)
		die("sendmsg");
	if (waitpid(child, &status, 0) != child)
		die("waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

/*
 * Waits until the connection ends (the peer closes it, or it is closed from
 * outside), then writes "closed ERRNAME" (SO_ERROR; "closed ok" when none)
 * to READY.end and exits.
 */
static _Noreturn void wait_closed(int fd, const char *ready)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDHUP };
	char end[4096], byte;
	socklen_t len = sizeof(int);
	int err = 0;
	FILE *f;

	for (;;) {
		if (poll(&p, 1, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (p.revents & (POLLERR | POLLHUP | POLLRDHUP))
			break;
		if ((p.revents & POLLIN) && recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0)
			break;
		if (p.revents & POLLIN)
			sleep(1); /* data nobody reads: the connection still stands */
	}
	getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
	snprintf(end, sizeof(end), "%s.end", ready);
	f = fopen(end, "we");
	if (!f)
		die("end file");
	fprintf(f, "closed %s\n", err ? strerrorname_np(err) : "ok");
	fclose(f);
	exit(0);
}

static _Noreturn void do_hold(const struct address *a, const char *ready, const struct identity *id)
{
	FILE *f = ready ? fopen(ready, "we") : NULL;
	int fd;

	become(id);
	/* Changing uid made it undumpable: the user's other programs may take its fds. */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) != 0)
		die("prctl(PR_SET_DUMPABLE)");
	fd = connected_socket(a);

	if (!f)
		die("ready file");
	fprintf(f, "%d %d\n", getpid(), fd);
	fclose(f);
	wait_closed(fd, ready);
}

static int do_grab(const char *pid_text, const char *fd_text, const struct identity *id)
{
	int pidfd, fd;

	pidfd = syscall(SYS_pidfd_open, (pid_t)parse_number(pid_text, 4194304), 0);
	if (pidfd < 0)
		die("pidfd_open");
	become(id);
	fd = syscall(SYS_pidfd_getfd, pidfd, (int)parse_number(fd_text, 1048576), 0);
	printf("pid=%d uid=%d socket=grabbed result=%s\n", getpid(), getuid(),
	       fd >= 0 ? "ok" : strerrorname_np(errno));
	return fd >= 0 ? 0 : 1;
}

static void do_syslog(const struct address *a, const char *out, const char *ready)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	FILE *log = fopen(out, "ae");
	char line[8192];
	ssize_t n;

	if (fd < 0 || !log)
		die("syslog");
	unlink(((const struct sockaddr_un *)&a->ss)->sun_path);
	if (bind(fd, (const struct sockaddr *)&a->ss, a->len) != 0)
		die("bind");
	if (ready)
		close(open(ready, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	while ((n = recv(fd, line, sizeof(line) - 1, 0)) >= 0) {
		line[n] = '\0';
		fprintf(log, "%s\n", line);
		fflush(log);
	}
	die("recv");
}

int main(int argc, char **argv)
{
	const char *ready = NULL, *root = NULL, *dir = NULL, *until = NULL, *notify = NULL;
	const char *comm = NULL, *vary = NULL, *out = NULL, *landlock = NULL;
	long count = -1;
	struct identity id = { .uid = -1, .gid = -1 };
	bool exec_mode;
	struct address a;
	int i;

	if (argc < 3)
		usage();
	if (strcmp(argv[1], "grab") == 0) {
		if (argc < 4)
			usage();
		for (i = 4; i + 1 < argc; i += 2) {
			if (strcmp(argv[i], "--uid") == 0)
				id.uid = parse_number(argv[i + 1], 65534);
			else if (strcmp(argv[i], "--gid") == 0)
				id.gid = parse_number(argv[i + 1], 65534);
			else
				usage();
		}
		return do_grab(argv[2], argv[3], &id);
	}
	if (strcmp(argv[1], "pin-map") == 0)
		return do_pin_map(argv[2]);
	if (strcmp(argv[1], "sequence") == 0) {
		parse_address(argv[2], &a);
		return sequence_run(argv[2], &a, argc - 3, argv + 3, try_connect);
	}
	if (strcmp(argv[1], "exchange") == 0) {
		if (argc != 4)
			usage();
		if (syscall(SYS_renameat2, AT_FDCWD, argv[2], AT_FDCWD, argv[3], RENAME_EXCHANGE) !=
		    0)
			die("renameat2(RENAME_EXCHANGE)");
		return 0;
	}
	exec_mode = strcmp(argv[1], "exec") == 0;
	if (!exec_mode)
		parse_address(argv[2], &a);
	for (i = exec_mode ? 2 : 3; i < argc; i += 2) {
		if (exec_mode && strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--dual-stack") == 0 || strcmp(argv[i], "--vary-addr") == 0) {
			if (argv[i][2] == 'd')
				dual_stack = true;
			else
				vary_addr = true;
			i--; /* a flag: one word, not two */
			continue;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "--ready") == 0)
			ready = argv[i + 1];
		else if (strcmp(argv[i], "--uid") == 0)
			id.uid = parse_number(argv[i + 1], 65534);
		else if (strcmp(argv[i], "--gid") == 0)
			id.gid = parse_number(argv[i + 1], 65534);
		else if (strcmp(argv[i], "--groups") == 0)
			parse_groups(argv[i + 1], &id);
		else if (strcmp(argv[i], "--chroot") == 0)
			root = argv[i + 1];
		else if (strcmp(argv[i], "--chdir") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--until") == 0)
			until = argv[i + 1];
		else if (strcmp(argv[i], "--count") == 0)
			count = parse_number(argv[i + 1], 1000000000);
		else if (strcmp(argv[i], "--pause") == 0)
			pause_ms = parse_number(argv[i + 1], 60000);
		else if (strcmp(argv[i], "--comm") == 0)
			comm = argv[i + 1];
		else if (strcmp(argv[i], "--vary-comm") == 0)
			vary = argv[i + 1];
		else if (strcmp(argv[i], "--socket") == 0)
			notify = argv[i + 1];
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "--via") == 0 && strcmp(argv[i + 1], "fastopen") == 0)
			via_fastopen = true;
		else if (strcmp(argv[i], "--kind") == 0)
			socket_kind = argv[i + 1];
		else if (strcmp(argv[i], "--syn-retries") == 0)
			syn_retries = (int)parse_number(argv[i + 1], 127);
		else if (strcmp(argv[i], "--landlock") == 0)
			landlock = argv[i + 1];
		else
			usage();
	}
	if (exec_mode) {
		if (i + 1 >= argc)
			usage();
		become(&id);
		execvp(argv[i + 1], argv + i + 1);
		die("exec");
	}
	if (strcmp(argv[1], "listen") == 0)
		do_listen(&a, ready);
	if (strcmp(argv[1], "hold") == 0)
		do_hold(&a, ready, &id);
	if (strcmp(argv[1], "pass") == 0)
		return do_pass(&a, &id);
	if (strcmp(argv[1], "syslog") == 0 && out)
		do_syslog(&a, out, ready);
	set_comm(comm);
	if (strcmp(argv[1], "connect") == 0)
		return do_connect(&a, root, dir, &id, landlock);
	if (strcmp(argv[1], "notify-wait") == 0 && notify) {
		await_ready(notify);
		return do_connect(&a, NULL, NULL, &id, NULL);
	}
	if (strcmp(argv[1], "hammer") == 0 && (until || count >= 0)) {
		become(&id);
		return do_hammer(&a, until, count, vary);
	}
	usage();
	return 2;
}
