// SPDX-License-Identifier: GPL-2.0-only
/*
 * sfbench-floor: attaches the empty LSM programs of bpf/hook_floor.bpf.c to
 * the hooks sockfence uses, touches FILE once they are attached, and holds
 * them until SIGTERM or SIGINT. Benchmarks only.
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

int main(int argc, char **argv)
{
	struct hook_floor_bpf *skel;
	sigset_t stop;
	int sig, fd;

	if (argc != 2) {
		fprintf(stderr, "usage: sfbench-floor READY-FILE\n");
		return 2;
	}
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	skel = hook_floor_bpf__open_and_load();
	if (!skel || hook_floor_bpf__attach(skel) != 0) {
		fprintf(stderr, "sfbench-floor: cannot load or attach: %s\n", strerror(errno));
		hook_floor_bpf__destroy(skel);
		return 1;
	}
	fd = open(argv[1], O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	sigwait(&stop, &sig);
	hook_floor_bpf__destroy(skel);
	return 0;
}
