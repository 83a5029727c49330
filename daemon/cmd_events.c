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
#include "event_json.h"
#include "event_recent.h"

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

static void report_gap(const char *count, bool json)
{
	char record[256];
	unsigned long long n = strtoull(count, NULL, 10);

	fprintf(stderr,
		"sockfence: the daemon dropped %llu events for this client: it read them too "
		"slowly (syslog and --events-json still have them)\n",
		n);
	if (json && event_format_json_gap(record, sizeof(record), n) > 0) {
		fputs(record, stdout);
		fflush(stdout);
	}
}

/* Copies the stream to stdout; returns the exit status. */
static int relay(FILE *in, bool json)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int status = 2;

	while ((len = getline(&line, &cap, in)) > 0) {
		const char *text;

		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		switch (control_parse_response(line, &text)) {
		case CONTROL_LINE_MESSAGE:
			puts(text);
			fflush(stdout); /* live: a pipe must not wait for a full buffer */
			continue;
		case CONTROL_LINE_FOLLOWING:
			fprintf(stderr, "sockfence: following %s (Ctrl-C stops)\n", text);
			continue;
		case CONTROL_LINE_DROPPED:
			report_gap(text, json);
			continue;
		case CONTROL_LINE_OK:
			fprintf(stderr, "sockfence: %s\n", text);
			status = 0;
			break;
		case CONTROL_LINE_ERROR:
			fprintf(stderr, "sockfence: %s\n", text);
			status = 1;
			break;
		case CONTROL_LINE_INVALID:
			fprintf(stderr, "sockfence: unexpected answer from the daemon: %s\n", line);
			break;
		}
		free(line);
		return status;
	}
	free(line);
	fprintf(stderr, "sockfence: the daemon closed the connection before the end of the "
			"events (did it stop?)\n");
	return 2;
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
	status = relay(in, json);
	fclose(in);
	return status;
}
