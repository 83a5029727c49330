// SPDX-License-Identifier: GPL-2.0-only
/* The journal sink of a build without libsystemd (the static one). */
#include "journal_sink.h"

#include <stdlib.h>

#include "log.h"

void journal_sink_init(struct journal_sink *j)
{
	*j = (struct journal_sink){ 0 };
	if (getenv("INVOCATION_ID") || getenv("JOURNAL_STREAM"))
		log_notice("this build of sockfence has no journal support (no libsystemd): events "
			   "go to syslog only");
}

void journal_sink_event(struct journal_sink *j, const struct event_view *v, int priority)
{
	(void)j;
	(void)v;
	(void)priority;
}
