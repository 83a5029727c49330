// SPDX-License-Identifier: GPL-2.0-only
/*
 * Connections to protected endpoints, found in this host's real socket
 * tables: a unix listener and a TCP listener of the test's own, clients in
 * child processes as root and as nobody, judged by a compiled policy.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <grp.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "connections.h"
#include "policy.h"
#include "policy_compile.h"
#include "process_identity.h"
#include "unit.h"

#define NOBODY 65534

static char dir[64], sock_path[96];
static int unix_listener = -1, tcp_listener = -1, accepted = -1;
static unsigned short tcp_port;
static struct sf_policy compiled;
static pid_t root_client, nobody_client, tcp_client;

static int listen_unix(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock_path);
	unix_listener = socket(AF_UNIX, SOCK_STREAM, 0);
	if (unix_listener < 0 || bind(unix_listener, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    listen(unix_listener, 16) != 0)
		return -1;
	return 0;
}

static int listen_tcp(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);

	tcp_listener = socket(AF_INET, SOCK_STREAM, 0);
	if (tcp_listener < 0 || bind(tcp_listener, (struct sockaddr *)&sin, sizeof(sin)) != 0 ||
	    listen(tcp_listener, 16) != 0 ||
	    getsockname(tcp_listener, (struct sockaddr *)&sin, &len) != 0)
		return -1;
	tcp_port = ntohs(sin.sin_port);
	return 0;
}

/* A child that becomes uid, connects, says so on a pipe and waits to be killed. */
static pid_t client(uid_t uid, bool tcp)
{
	int ready[2];
	char c = 0;
	pid_t pid;

	if (pipe(ready) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		int fd;

		if (uid && (setgroups(0, NULL) != 0 || setresgid(uid, uid, uid) != 0 ||
			    setresuid(uid, uid, uid) != 0))
			_exit(2);
		if (tcp) {
			struct sockaddr_in sin = { .sin_family = AF_INET,
						   .sin_port = htons(tcp_port),
						   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

			fd = socket(AF_INET, SOCK_STREAM, 0);
			if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
				_exit(3);
		} else {
			struct sockaddr_un sun = { .sun_family = AF_UNIX };

			snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", sock_path);
			fd = socket(AF_UNIX, SOCK_STREAM, 0);
			if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
				_exit(3);
		}
		if (write(ready[1], "r", 1) != 1)
			_exit(4);
		for (;;)
			pause();
	}
	close(ready[1]);
	if (pid < 0 || read(ready[0], &c, 1) != 1 || c != 'r')
		pid = -1;
	close(ready[0]);
	return pid;
}

static int compile_policy(void)
{
	char text[512];
	struct policy policy;
	struct diag_list diags;
	int err;

	snprintf(text, sizeof(text),
		 "endpoints:\n"
		 "  docker: { unix: %s }\n"
		 "  api: { tcp: %u }\n"
		 "rules:\n"
		 "  - { action: allow, endpoint: docker, uid: root }\n",
		 sock_path, tcp_port);
	diag_init(&diags, "test.yaml");
	err = policy_parse(text, strlen(text), &policy, &diags);
	if (!err)
		err = policy_compile(&policy, 3, &compiled, &diags);
	policy_free(&policy);
	diag_free(&diags);
	return err;
}

static int setup(void)
{
	char tmpl[] = "/tmp/sockfence-conn-XXXXXX";

	if (!mkdtemp(tmpl))
		return -1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	snprintf(sock_path, sizeof(sock_path), "%s/docker.sock", dir);
	if (chmod(dir, 0755) != 0 || listen_unix() != 0 || chmod(sock_path, 0666) != 0 ||
	    listen_tcp() != 0 || compile_policy() != 0)
		return -1;
	/* root's connection accepted, nobody's still queued: both are found. */
	root_client = client(0, false);
	accepted = accept(unix_listener, NULL, NULL);
	nobody_client = client(NOBODY, false);
	tcp_client = client(NOBODY, true);
	return root_client > 0 && accepted >= 0 && nobody_client > 0 && tcp_client > 0 ? 0 : -1;
}

static void stop(pid_t pid)
{
	if (pid > 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
}

static int teardown(void)
{
	stop(root_client);
	stop(nobody_client);
	stop(tcp_client);
	close(accepted);
	close(unix_listener);
	close(tcp_listener);
	unlink(sock_path);
	return rmdir(dir);
}

static const struct connection *held_by(const struct connections *list, pid_t pid)
{
	for (size_t i = 0; i < list->n; i++) {
		if (list->items[i].n_pids == 1 && list->items[i].pids[0] == pid)
			return &list->items[i];
	}
	return NULL;
}

static void find(struct connections *list)
{
	struct connections_scope scope = { .policy = &compiled,
					   .proc_dir = "/proc",
					   .cgroup_root = "" };

	CU_ASSERT_EQUAL_FATAL(connections_find(&scope, list), 0);
}

static void lists_each_client_with_owner_and_verdict(void)
{
	struct connections list;
	const struct connection *c;

	find(&list);
	/* Only this test's clients reach these endpoints: the listeners are its own. */
	CU_ASSERT_EQUAL(list.n, 3);
	c = held_by(&list, root_client);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->kind, CONNECTION_UNIX);
	CU_ASSERT_STRING_EQUAL(c->endpoint, "docker");
	CU_ASSERT_STRING_EQUAL(c->target, sock_path);
	CU_ASSERT_EQUAL(c->judged, CONNECTION_JUDGED);
	CU_ASSERT_EQUAL(c->verdict, SF_VERDICT_ALLOW);
	CU_ASSERT_EQUAL(c->rule, 0);
	CU_ASSERT_EQUAL(c->owner.who.caller.uid, 0);

	c = held_by(&list, nobody_client);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->kind, CONNECTION_UNIX);
	CU_ASSERT_EQUAL(c->verdict, SF_VERDICT_DENY);
	CU_ASSERT_EQUAL(c->rule, SF_RULE_DEFAULT);
	CU_ASSERT_EQUAL(c->owner.who.caller.uid, NOBODY);
	CU_ASSERT(c->has_uid && c->socket_uid == NOBODY);

	c = held_by(&list, tcp_client);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->kind, CONNECTION_TCP);
	CU_ASSERT_STRING_EQUAL(c->endpoint, "api");
	CU_ASSERT_EQUAL(c->verdict, SF_VERDICT_DENY);
	CU_ASSERT_EQUAL(c->owner.who.caller.uid, NOBODY);
	CU_ASSERT(connection_refused_tcp(c));
	CU_ASSERT_FALSE(connection_refused_tcp(held_by(&list, nobody_client)));
	connections_free(&list);
}

/* Run last: the refused TCP client's connection is closed; the unix ones stay. */
static void closes_only_the_refused_tcp_connection(void)
{
	struct connections list;
	const struct connection *c;

	find(&list);
	connections_close_refused(&list);
	c = held_by(&list, tcp_client);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->closed, 1);
	c = held_by(&list, root_client);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->closed, 0);
	c = held_by(&list, nobody_client);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->closed, 0);
	connections_free(&list);

	find(&list);
	CU_ASSERT_EQUAL(list.n, 2);
	CU_ASSERT_PTR_NULL(held_by(&list, tcp_client));
	connections_free(&list);
}

static void reads_own_identity(void)
{
	struct process_identity id;
	char exe[256];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	struct stat st;

	CU_ASSERT_FATAL(n > 0);
	exe[n] = '\0';
	CU_ASSERT_EQUAL_FATAL(process_identity_read(getpid(), "/proc", "", &id), 0);
	CU_ASSERT_EQUAL(id.who.caller.tgid, (__u32)getpid());
	CU_ASSERT_EQUAL(id.who.caller.uid, getuid());
	CU_ASSERT_EQUAL(id.who.caller.pidns_level, 0);
	CU_ASSERT_STRING_EQUAL(id.exe, exe);
	CU_ASSERT_EQUAL_FATAL(stat(exe, &st), 0);
	CU_ASSERT_EQUAL(id.who.caller.exe_ino, st.st_ino);
	CU_ASSERT_EQUAL(id.who.caller.exe_dev, compile_kernel_dev(st.st_dev));
	CU_ASSERT_EQUAL(process_identity_read(999999999, "/proc", "", &id), -ESRCH);
}

int register_connections_tests(void)
{
	static const struct unit_test tests[] = {
		{ "reads its own identity from /proc", reads_own_identity },
		{ "lists each client with owner and verdict",
		  lists_each_client_with_owner_and_verdict },
		{ "closes only the refused TCP connection",
		  closes_only_the_refused_tcp_connection },
		{ 0 },
	};

	return unit_add_suite("connections", setup, teardown, tests);
}
