/* SPDX-License-Identifier: GPL-2.0-only */
/* What the running daemon's metrics say, read from its parts. */
#ifndef SOCKFENCE_METRICS_GATHER_H
#define SOCKFENCE_METRICS_GATHER_H

#include "backend.h"
#include "daemon.h"
#include "events.h"
#include "loader.h"
#include "metrics.h"

/* Fills v from the daemon, its loader's maps and the event consumer. */
void metrics_gather(struct metrics_view *v, bool up, const struct daemon *d, const struct loader *l,
		    struct event_consumer *ec, const struct backend *b);

#endif /* SOCKFENCE_METRICS_GATHER_H */
