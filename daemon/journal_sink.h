/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Events into the systemd journal with structured fields (SOCKFENCE_*) and
 * a fixed MESSAGE_ID per event type, through libsystemd's sd_journal_send,
 * when the daemon runs as a systemd service. The syslog lines stay (for
 * rsyslog and other forwarders); the journal entry's MESSAGE is a sentence,
 * not the key=value line, so that a search for the line finds it once.
 * The static build (the test VMs) has no libsystemd: there the sink says
 * so once and stays off.
 */
#ifndef SOCKFENCE_JOURNAL_SINK_H
#define SOCKFENCE_JOURNAL_SINK_H

#include <stdbool.h>
#include <stdint.h>

#include "event_view.h"

/* MESSAGE_ID of each event type (journalctl MESSAGE_ID=...). */
#define JOURNAL_ID_DECISION "6a6a7109444e40bc84c7ae6f9319f982"
#define JOURNAL_ID_EXPOSURE "b775cd60430c4d5c956c162e978b4490"
#define JOURNAL_ID_REPEATS  "9278058c299f45abbf7a62959e16b9f5"

struct journal_sink {
	bool enabled;
	uint64_t sent;
	uint64_t failed; /* sd_journal_send returned an error */
};

/*
 * On when the daemon runs under systemd (INVOCATION_ID or JOURNAL_STREAM
 * in its environment) and this build has the journal.
 */
void journal_sink_init(struct journal_sink *j);

/* One entry for the event; priority as its syslog line's. */
void journal_sink_event(struct journal_sink *j, const struct event_view *v, int priority);

#endif /* SOCKFENCE_JOURNAL_SINK_H */
