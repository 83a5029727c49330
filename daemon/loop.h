/* SPDX-License-Identifier: GPL-2.0-only */
/* The daemon's event loop: epoll over signals and the event ring buffer. */
#ifndef SOCKFENCE_LOOP_H
#define SOCKFENCE_LOOP_H

#include "events.h"

/*
 * Blocks SIGTERM, SIGINT and SIGHUP and serves events until SIGTERM or
 * SIGINT arrives. Returns 0 on a requested stop, a negative errno on error.
 */
int loop_run(struct event_consumer *ec);

#endif /* SOCKFENCE_LOOP_H */
