// SPDX-License-Identifier: GPL-2.0-only
#include "loop.h"

#include <errno.h>
#include <sys/epoll.h>
#include <unistd.h>

int loop_init(struct loop *loop)
{
	*loop = (struct loop){ .epfd = epoll_create1(EPOLL_CLOEXEC) };
	return loop->epfd < 0 ? -errno : 0;
}

int loop_add(struct loop *loop, int fd, loop_handler handle, void *ctx)
{
	struct epoll_event ev = { .events = EPOLLIN };

	if (loop->n_watches == LOOP_MAX_WATCHES)
		return -E2BIG;
	ev.data.u32 = loop->n_watches;
	if (epoll_ctl(loop->epfd, EPOLL_CTL_ADD, fd, &ev) != 0)
		return -errno;
	loop->watches[loop->n_watches++] = (struct loop_watch){ fd, handle, ctx };
	return 0;
}

int loop_run(struct loop *loop)
{
	struct epoll_event ready[LOOP_MAX_WATCHES];

	while (!loop->stop) {
		int n = epoll_wait(loop->epfd, ready, LOOP_MAX_WATCHES, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		for (int i = 0; i < n && !loop->stop; i++) {
			const struct loop_watch *w = &loop->watches[ready[i].data.u32];
			int err = w->handle(w->ctx);

			if (err)
				return err;
		}
	}
	return 0;
}

void loop_stop(struct loop *loop)
{
	loop->stop = true;
}

void loop_fini(struct loop *loop)
{
	if (loop->epfd >= 0)
		close(loop->epfd);
	loop->epfd = -1;
}
