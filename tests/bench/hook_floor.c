// SPDX-License-Identifier: GPL-2.0-only
/*
 * sfbench-floor: attaches the empty program of bpf/hook_floor.bpf.c for
 * BACKEND (lsm, the default, or fmod_ret) to every hook of that backend
 * (the hook table), touches FILE once they are attached, and holds them
 * until SIGTERM or SIGINT. Benchmarks only.
 *
 *   sfbench-floor READY-FILE [lsm|fmod_ret]
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "hook_floor.skel.h"
#include "hooks.h"

/* One copy of the object per hook: a program attaches to one hook only. */
static struct hook_floor_bpf *floor_on(const char *hook, bool fmod_ret)
{
	struct hook_floor_bpf *skel = hook_floor_bpf__open();
	struct bpf_program *prog;
	int err;

	if (!skel) {
		fprintf(stderr, "sfbench-floor: cannot open the object: %s\n", strerror(errno));
		return NULL;
	}
	prog = fmod_ret ? skel->progs.floor_fmod_ret : skel->progs.floor_lsm;
	bpf_program__set_autoload(fmod_ret ? skel->progs.floor_lsm : skel->progs.floor_fmod_ret,
				  false);
	/* An fmod_ret hook's name is the kernel function it attaches to. */
	err = bpf_program__set_attach_target(prog, 0, hook);
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
	enum sf_backend backend = SF_BACKEND_LSM;
	size_t n = 0;
	int sig, fd, status = 0;
	sigset_t stop;

	if (argc == 3 && strcmp(argv[2], "fmod_ret") == 0)
		backend = SF_BACKEND_FMODRET;
	else if (argc != 2 && !(argc == 3 && strcmp(argv[2], "lsm") == 0)) {
		fprintf(stderr, "usage: sfbench-floor READY-FILE [lsm|fmod_ret]\n");
		return 2;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	for (size_t i = 0; i < SF_HOOK_COUNT && status == 0; i++) {
		if (hooks[i].backend != backend)
			continue;
		skels[n] = floor_on(hooks[i].name, backend == SF_BACKEND_FMODRET);
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
