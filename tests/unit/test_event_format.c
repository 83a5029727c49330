// SPDX-License-Identifier: GPL-2.0-only
/* Event lines: exact layout, and escaping of attacker-chosen bytes. */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "event_fixture.h"
#include "event_format.h"
#include "unit.h"

static void escape_is(const char *in, const char *want)
{
	char out[256];

	CU_ASSERT_EQUAL(logfmt_escape(out, sizeof(out), in, 256), (int)strlen(want));
	CU_ASSERT_STRING_EQUAL(out, want);
}

static void plain_values_stay_bare(void)
{
	escape_is("sfprobe", "sfprobe");
	escape_is("/var/run/docker.sock", "/var/run/docker.sock");
	escape_is("[::1]:2375", "[::1]:2375");
}

static void specials_are_quoted_and_escaped(void)
{
	escape_is("", "\"\"");
	escape_is("two words", "\"two words\"");
	escape_is("a=b", "\"a=b\"");
	escape_is("say \"hi\"", "\"say \\\"hi\\\"\"");
	escape_is("back\\slash", "\"back\\\\slash\"");
	escape_is("tab\there", "\"tab\\there\"");
	escape_is("\x1b[31mred", "\"\\x1b[31mred\"");
	escape_is("del\x7f", "\"del\\x7f\"");
}

static void newlines_cannot_forge_a_line(void)
{
	escape_is("x\nverdict=allow", "\"x\\nverdict=allow\"");
	escape_is("x\rverdict=allow", "\"x\\x0dverdict=allow\"");
}

static void invalid_utf8_is_escaped_bytewise(void)
{
	escape_is("caf\xc3\xa9", "\"caf\\xc3\\xa9\"");
	escape_is("\xff\xfe", "\"\\xff\\xfe\"");
}

static void reads_at_most_max_bytes(void)
{
	char comm[4] = { 'a', 'b', 'c', 'd' }; /* not NUL-terminated */
	char out[16];

	CU_ASSERT_EQUAL(logfmt_escape(out, sizeof(out), comm, sizeof(comm)), 4);
	CU_ASSERT_STRING_EQUAL(out, "abcd");
}

static void short_buffer_is_reported(void)
{
	char out[4];

	CU_ASSERT_EQUAL(logfmt_escape(out, sizeof(out), "sfprobe", 16), -ENOSPC);
	CU_ASSERT_EQUAL(logfmt_escape(out, sizeof(out), "a b", 16), -ENOSPC);
}

#define CONTAINER_ID "3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef"

/* The test's own exe, seen as the kernel would report it. */
static void exe_path_of_a_live_process(void)
{
	struct sf_caller c = { .tgid = getpid() };
	char path[256], want[256];
	struct stat st;
	ssize_t n = readlink("/proc/self/exe", want, sizeof(want) - 1);

	CU_ASSERT_FATAL(n > 0 && stat("/proc/self/exe", &st) == 0);
	want[n] = '\0';
	c.exe_ino = st.st_ino;
	c.exe_dev = ((__u64)major(st.st_dev) << 20) | minor(st.st_dev);
	CU_ASSERT_TRUE(event_exe_path(&c, path, sizeof(path)));
	CU_ASSERT_STRING_EQUAL(path, want);
	c.exe_ino++; /* the process exec'd something else since */
	CU_ASSERT_FALSE(event_exe_path(&c, path, sizeof(path)));
	c.exe_ino = 0;
	CU_ASSERT_FALSE(event_exe_path(&c, path, sizeof(path)));
}

/* The fixture, from a container, with an exe no /proc entry has. */
static struct sf_event sample_event(void)
{
	struct sf_event ev = fixture_event();

	ev.caller.ppid = 41;
	ev.caller.exe_dev = 30;
	ev.caller.exe_ino = 999; /* no /proc/42/exe has it: printed as an inode */
	ev.caller.cgroup_id = 5;
	ev.caller.container_by = SF_CONTAINER_PIDNS | SF_CONTAINER_CGROUP;
	ev.caller.pidns_level = 1;
	memcpy(ev.caller.container_id, CONTAINER_ID, sizeof(CONTAINER_ID));
	return ev;
}

static void unix_event_line(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_STRING_EQUAL(line, "verdict=deny hook=unix_stream_connect endpoint=docker "
				     "target=/run/docker.sock inode=0:25:7 rule=2 gen=3 pid=42 "
				     "tid=43 ppid=41 uid=1000 euid=1000 gid=100 egid=100 "
				     "pidns_level=1 comm=curl exe=inode:0:30:999 cgroup=5 "
				     "container_by=pidns,cgroup container=" CONTAINER_ID);
	ev.target.dev = (8ULL << 20) | 3;
	ev.path[0] = '\0';
	ev.rule = SF_RULE_DEFAULT;
	ev.verdict = SF_VERDICT_AUDIT_DENY;
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "verdict=audit-deny "));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " target=unknown inode=8:3:7 rule=default "));
}

static void inet_event_lines(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	ev.hook = SF_HOOK_SOCKET_CONNECT;
	ev.target.family = AF_INET;
	ev.target.port = 2375;
	memcpy(ev.endpoint, "docker-tcp", 11);
	inet_pton(AF_INET, "127.0.0.1", ev.target.addr);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "hook=socket_connect endpoint=docker-tcp "
					    "target=127.0.0.1:2375 rule=2 "));
	ev.target.family = AF_INET6;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", ev.target.addr);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " target=[::ffff:127.0.0.1]:2375 "));
}

/* A remote request has no caller: the source and interface stand in for one. */
static void remote_event_lines(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	memset(&ev.caller, 0, sizeof(ev.caller));
	ev.target.ino = 0; /* no listener to look for (see the next test) */
	ev.hook = SF_HOOK_SECURITY_INET_CONN_REQUEST;
	ev.target.family = AF_INET;
	ev.target.port = 2375;
	memcpy(ev.endpoint, "docker-tcp", 11);
	inet_pton(AF_INET, "10.99.0.1", ev.target.addr);
	ev.remote.family = AF_INET;
	ev.remote.port = 40000;
	ev.remote.ifindex = 1; /* lo: a name every host has */
	inet_pton(AF_INET, "10.99.0.2", ev.remote.addr);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "hook=security_inet_conn_request endpoint=docker-tcp "
					    "target=10.99.0.1:2375 rule=2 gen="));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " origin=remote source=10.99.0.2:40000 iif=lo"));
	CU_ASSERT_PTR_NULL(strstr(line, " pid="));
	CU_ASSERT(fixture_json(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"origin\":\"remote\",\"source\":\"10.99.0.2\","
					    "\"source_port\":40000,\"interface\":\"lo\""));
	CU_ASSERT_PTR_NULL(strstr(line, "\"pid\""));
}

/* The listener a remote request was sent to: found by its socket inode. */
static void remote_event_names_the_listener(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX], want[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct stat st;

	CU_ASSERT_FATAL(fd >= 0 && listen(fd, 1) == 0 && fstat(fd, &st) == 0);
	memset(&ev.caller, 0, sizeof(ev.caller));
	ev.hook = SF_HOOK_INET_CONN_REQUEST;
	ev.target.family = AF_INET;
	ev.target.port = 2375;
	ev.target.ino = st.st_ino;
	ev.remote.family = AF_INET;
	ev.remote.ifindex = 1;
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	snprintf(want, sizeof(want), " listener_pid=%d listener_comm=unit-tests", getpid());
	CU_ASSERT_PTR_NOT_NULL(strstr(line, want));
	close(fd);
}

static void exposure_event_lines(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	ev.hook = SF_HOOK_SOCKET_LISTEN;
	ev.kind = SF_EVENT_EXPOSURE;
	ev.verdict = SF_VERDICT_AUDIT_DENY;
	ev.rule = SF_RULE_DEFAULT;
	ev.target.family = AF_INET;
	ev.target.port = 2375;
	memset(ev.target.addr, 0, sizeof(ev.target.addr));
	memcpy(ev.endpoint, "docker-tcp", 11);
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line,
				      "verdict=audit-deny hook=socket_listen "
				      "endpoint=docker-tcp target=0.0.0.0:2375 rule=default "));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " type=exposure"));
	CU_ASSERT(fixture_json(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "\"type\":\"exposure\""));
}

static void hostile_bytes_stay_inside_their_values(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	memcpy(ev.caller.comm, "a\nverdict=allow!", 16); /* all 16 bytes, no NUL */
	memcpy(ev.path, "/tmp/x\ny", 9);		 /* a configured path is escaped too */
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NULL(strchr(line, '\n'));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " comm=\"a\\nverdict=allow!\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " target=\"/tmp/x\\ny\" "));
	CU_ASSERT_PTR_NULL(strstr(line, " verdict=allow"));
}

/* The sinks print what the view holds: /proc is read once, when decoding. */
static void lines_come_from_the_decoded_view(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];
	struct event_view v;

	event_view_decode(&v, &ev, &fixture_when);
	CU_ASSERT_FALSE(v.has_exe_path);
	CU_ASSERT_STRING_EQUAL(v.exe_inode, "0:30:999");
	CU_ASSERT_STRING_EQUAL(v.inode, "0:25:7");
	CU_ASSERT_STRING_EQUAL(v.time, "2024-05-01T12:00:00.123456Z");
	v.has_exe_path = true;
	strcpy(v.exe_path, "/seen/at/decode");
	CU_ASSERT(event_format_logfmt(line, sizeof(line), &v) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, " exe=/seen/at/decode "));
}

static void unknown_values_are_named(void)
{
	struct sf_event ev = sample_event();
	char line[SF_EVENT_LINE_MAX];

	ev.verdict = 9;
	ev.hook = 200; /* no hook has this id */
	ev.target.family = 99;
	ev.endpoint[0] = '\0';
	CU_ASSERT(fixture_logfmt(line, sizeof(line), &ev) > 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "verdict=unknown hook=unknown endpoint=unknown "
					    "target=unknown family=99 "));
}

int register_event_format_tests(void)
{
	static const struct unit_test tests[] = {
		{ "plain values stay bare", plain_values_stay_bare },
		{ "specials are quoted and escaped", specials_are_quoted_and_escaped },
		{ "newlines cannot forge a line", newlines_cannot_forge_a_line },
		{ "invalid UTF-8 is escaped bytewise", invalid_utf8_is_escaped_bytewise },
		{ "reads at most max bytes", reads_at_most_max_bytes },
		{ "short buffer is reported", short_buffer_is_reported },
		{ "unix event line", unix_event_line },
		{ "exe path of a live process", exe_path_of_a_live_process },
		{ "inet event lines", inet_event_lines },
		{ "remote event lines", remote_event_lines },
		{ "remote event names the listener", remote_event_names_the_listener },
		{ "exposure event lines", exposure_event_lines },
		{ "hostile bytes stay inside their values",
		  hostile_bytes_stay_inside_their_values },
		{ "unknown values are named", unknown_values_are_named },
		{ "lines come from the decoded view", lines_come_from_the_decoded_view },
		{ 0 },
	};

	return unit_add_suite("event_format", NULL, NULL, tests);
}
