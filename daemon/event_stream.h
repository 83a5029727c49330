/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The client's side of an events stream (`sockfence events`): the daemon's
 * answer lines (control_proto.h) turned into events on out and notes about
 * the stream on err.
 */
#ifndef SOCKFENCE_EVENT_STREAM_H
#define SOCKFENCE_EVENT_STREAM_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Copies the stream in to out until its final line: "| EVENT" lines as the
 * events; "following", "dropped N" and the final "ok"/"error" to err (with
 * json, a gap is also a {"type":"gap"} record on out). Returns the exit
 * status: 0 ok, 1 refused, 2 the stream ended without a final line.
 */
int event_stream_relay(FILE *in, bool json, FILE *out, FILE *err);

#endif /* SOCKFENCE_EVENT_STREAM_H */
