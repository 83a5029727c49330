// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockfence events [--follow] [--json]: the running daemon's events, over
 * the control socket. Events go to stdout, one per line; what is about the
 * stream itself (following, gaps, the end) goes to stderr, and in --json
 * mode a gap is also a {"type":"gap"} record, so a pipeline sees it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "control_client.h"
#include "control_proto.h"
#include "event_recent.h"
#include "event_stream.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sockfence events [-f|--follow] [--json]\n"
		"Print the events of the running daemon (root only). Without --follow:\n"
		"the last %d events it kept, then exit. With --follow: every event from\n"
		"now on, until Ctrl-C or the daemon stops. --json: one JSON object per\n"
		"line (schema in docs/events.md) instead of a timestamp and key=value text.\n"
		"Exit status: 0 ok, 1 refused by the daemon, 2 no daemon or usage error.\n",
		EVENT_RECENT_MAX);
}

int cmd_events(int argc, char **argv)
{
	char argument[32] = "";
	bool follow = false, json = false;
	FILE *in;
	int status;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--follow")) {
			follow = true;
		} else if (!strcmp(argv[i], "--json")) {
			json = true;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	snprintf(argument, sizeof(argument), "%s%s%s", follow ? "follow" : "",
		 follow && json ? " " : "", json ? "json" : "");
	in = control_request(CONTROL_CMD_EVENTS, argument);
	if (!in)
		return 2;
	status = event_stream_relay(in, json, stdout, stderr);
	fclose(in);
	return status;
}
