/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon's event loop: one epoll set; every source (signals, the event
 * ring buffer, the control socket, inotify) is a file descriptor with a
 * handler.
 */
#ifndef SOCKFENCE_LOOP_H
#define SOCKFENCE_LOOP_H

#include <stdbool.h>

#define LOOP_MAX_WATCHES 8

/* Returns 0 to go on, a negative errno to stop the loop with that error. */
typedef int (*loop_handler)(void *ctx);

struct loop_watch {
	int fd;
	loop_handler handle;
	void *ctx;
};

struct loop {
	int epfd;
	bool stop;
	struct loop_watch watches[LOOP_MAX_WATCHES];
	int n_watches;
};

int loop_init(struct loop *loop);
int loop_add(struct loop *loop, int fd, loop_handler handle, void *ctx);
/* Serves until loop_stop() or a handler error. Returns 0 or that error. */
int loop_run(struct loop *loop);
void loop_stop(struct loop *loop);
void loop_fini(struct loop *loop);

#endif /* SOCKFENCE_LOOP_H */
