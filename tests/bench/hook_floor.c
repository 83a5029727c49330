// SPDX-License-Identifier: GPL-2.0-only
/*
 * sfbench-floor: attaches the empty LSM program of bpf/hook_floor.bpf.c to
 * every hook of sockfence's lsm backend (the hook table), touches FILE once
 * they are attached, and holds them until SIGTERM or SIGINT. Benchmarks
 * only.
 *
 *   sfbench-floor READY-FILE
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hook_floor.skel.h"
#include "hooks.h"

/* One copy of the object per hook: a program attaches to one hook only. */
static struct hook_floor_bpf *floor_on(const char *hook)
{
	struct hook_floor_bpf *skel = hook_floor_bpf__open();
	int err;

	if (!skel) {
		fprintf(stderr, "sfbench-floor: cannot open the object: %s\n", strerror(errno));
		return NULL;
	}
	err = bpf_program__set_attach_target(skel->progs.floor_hook, 0, hook);
	if (!err)
		err = hook_floor_bpf__load(skel);
	if (!err)
		err = hook_floor_bpf__attach(skel);
	if (err) {
		fprintf(stderr, "sfbench-floor: cannot load or attach on %s: %s\n", hook,
			strerror(-err));
		hook_floor_bpf__destroy(skel);
		return NULL;
	}
	return skel;
}

int main(int argc, char **argv)
{
	struct hook_floor_bpf *skels[SF_HOOK_COUNT] = { 0 };
	size_t n = 0;
	int sig, fd, status = 0;
	sigset_t stop;

	if (argc != 2) {
		fprintf(stderr, "usage: sfbench-floor READY-FILE\n");
		return 2;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	for (size_t i = 0; i < SF_HOOK_COUNT && status == 0; i++) {
		if (hooks[i].backend != SF_BACKEND_LSM)
			continue;
		skels[n] = floor_on(hooks[i].name);
		if (skels[n++] == NULL)
			status = 1;
	}
	if (status == 0) {
		fd = open(argv[1], O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		sigwait(&stop, &sig);
	}
	for (size_t i = 0; i < n; i++)
		hook_floor_bpf__destroy(skels[i]);
	return status;
}
