// SPDX-License-Identifier: GPL-2.0-only
#include "loop.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "log.h"

enum watch {
	WATCH_SIGNAL,
	WATCH_EVENTS,
};

static int watch_fd(int epfd, int fd, enum watch what)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = what };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) == 0 ? 0 : -errno;
}

/* Returns 1 to stop serving, 0 to go on. */
static int handle_signal(int sigfd)
{
	struct signalfd_siginfo info;

	if (read(sigfd, &info, sizeof(info)) != sizeof(info))
		return 0;
	switch (info.ssi_signo) {
	case SIGHUP:
		log_warn("SIGHUP: reloading is not supported yet (the endpoints are "
			 "built in); nothing changed");
		return 0;
	default:
		log_info("received %s from pid %u; stopping", strsignal(info.ssi_signo),
			 info.ssi_pid);
		return 1;
	}
}

int loop_run(struct event_consumer *ec)
{
	struct epoll_event ready[4];
	int epfd = -1, sigfd = -1, err = 0, stop = 0;
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0)
		return -errno;
	sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (sigfd < 0 || epfd < 0) {
		err = -errno;
		goto cleanup;
	}
	err = watch_fd(epfd, sigfd, WATCH_SIGNAL);
	if (!err)
		err = watch_fd(epfd, events_epoll_fd(ec), WATCH_EVENTS);
	if (err)
		goto cleanup;

	while (!stop) {
		int n = epoll_wait(epfd, ready, 4, -1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			goto cleanup;
		}
		for (int i = 0; i < n; i++) {
			if (ready[i].data.u32 == WATCH_SIGNAL)
				stop = handle_signal(sigfd);
			else if ((err = events_drain(ec)) != 0)
				goto cleanup;
		}
	}
	/* Report what arrived before the stop. */
	err = events_drain(ec);
cleanup:
	if (err)
		log_err("event loop failed: %s", strerror(-err));
	if (epfd >= 0)
		close(epfd);
	if (sigfd >= 0)
		close(sigfd);
	return err;
}
