// SPDX-License-Identifier: GPL-2.0-only
/*
 * The steps of `sfprobe sequence ADDR STEP...`, all in one task (the
 * kernel keeps per-task state, and an exec keeps the task):
 *   connect       connect to ADDR; prints "step=K connect result=R"
 *   uid=N         real and effective uid N, the saved uid stays (so a
 *                 later uid=0 can come back)
 *   gid=N         real and effective gid N (the saved gid stays)
 *   groups=G,...  the supplementary groups (empty: none)
 *   cgroup=DIR    into the cgroup v2 directory DIR
 *   touch=FILE    creates FILE (tells a test script where the task is)
 *   wait=FILE     waits up to 60 s for FILE
 *   exec=PROGRAM  runs PROGRAM as "sfprobe sequence ADDR" with the steps
 *                 left, in the same task
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "sequence.h"

static _Noreturn void step_failed(const char *step, const char *why)
{
	fprintf(stderr, "sfprobe sequence: step '%s': %s\n", step, why);
	exit(2);
}

static long step_number(const char *step, const char *s)
{
	long v = address_number(s, 65534);

	if (v < 0)
		step_failed(step, "not a number 0..65534");
	return v;
}

static void set_groups(const char *step, const char *list)
{
	gid_t groups[32];
	size_t n = 0;
	char copy[256], *save = NULL;

	snprintf(copy, sizeof(copy), "%s", list);
	for (char *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
		if (n == 32)
			step_failed(step, "more than 32 groups");
		groups[n++] = (gid_t)step_number(step, g);
	}
	if (setgroups(n, groups) != 0)
		step_failed(step, strerror(errno));
}

static void enter_cgroup(const char *step, const char *dir)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "0", 1) != 1)
		step_failed(step, strerror(errno));
	close(fd);
}

static void wait_file(const char *step, const char *file)
{
	struct timespec tick = { 0, 20 * 1000000L };

	for (int i = 0; i < 3000; i++) {
		if (access(file, F_OK) == 0)
			return;
		nanosleep(&tick, NULL);
	}
	step_failed(step, "the file did not appear within 60 s");
}

static _Noreturn void exec_rest(const char *step, const char *program, const char *spec,
				char **rest, int n_rest)
{
	char **argv = calloc((size_t)n_rest + 4, sizeof(*argv));

	if (!argv)
		step_failed(step, "out of memory");
	argv[0] = "sfprobe";
	argv[1] = "sequence";
	argv[2] = (char *)spec;
	for (int i = 0; i < n_rest; i++)
		argv[3 + i] = rest[i];
	execv(program, argv);
	step_failed(step, strerror(errno));
}

int sequence_run(const char *spec, const struct address *a, int n, char **steps,
		 int (*connect_once)(const struct address *a))
{
	/* Steps are numbered on across an exec (SF_SEQUENCE_STEP). */
	const char *from = getenv("SF_SEQUENCE_STEP");
	int k = from ? atoi(from) : 0;

	for (int i = 0; i < n; i++, k++) {
		const char *s = steps[i], *v = strchr(s, '=') ? strchr(s, '=') + 1 : "";

		if (strcmp(s, "connect") == 0) {
			int err = connect_once(a);

			printf("step=%d pid=%d uid=%d connect result=%s\n", k, getpid(), getuid(),
			       err ? strerrorname_np(err) : "ok");
			fflush(stdout);
		} else if (strncmp(s, "uid=", 4) == 0) {
			uid_t uid = (uid_t)step_number(s, v);

			if (setresuid(uid, uid, -1) != 0)
				step_failed(s, strerror(errno));
		} else if (strncmp(s, "gid=", 4) == 0) {
			gid_t gid = (gid_t)step_number(s, v);

			if (setresgid(gid, gid, -1) != 0)
				step_failed(s, strerror(errno));
		} else if (strncmp(s, "groups=", 7) == 0) {
			set_groups(s, v);
		} else if (strncmp(s, "cgroup=", 7) == 0) {
			enter_cgroup(s, v);
		} else if (strncmp(s, "touch=", 6) == 0) {
			close(open(v, O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
		} else if (strncmp(s, "wait=", 5) == 0) {
			wait_file(s, v);
		} else if (strncmp(s, "exec=", 5) == 0) {
			char next[16];

			snprintf(next, sizeof(next), "%d", k + 1);
			setenv("SF_SEQUENCE_STEP", next, 1);
			exec_rest(s, v, spec, steps + i + 1, n - i - 1);
		} else {
			step_failed(s, "unknown step");
		}
	}
	return 0;
}
