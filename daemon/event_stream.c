// SPDX-License-Identifier: GPL-2.0-only
#include "event_stream.h"

#include <stdlib.h>
#include <string.h>

#include "control_proto.h"
#include "event_json.h"

static void report_gap(const char *count, bool json, FILE *out, FILE *err)
{
	char record[256];
	unsigned long long n = strtoull(count, NULL, 10);

	fprintf(err,
		"sockfence: the daemon dropped %llu events for this client: it read them too "
		"slowly (syslog and --events-json still have them)\n",
		n);
	if (json && event_format_json_gap(record, sizeof(record), n) > 0) {
		fputs(record, out);
		fflush(out);
	}
}

int event_stream_relay(FILE *in, bool json, FILE *out, FILE *err)
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
			fputs(text, out);
			fputc('\n', out);
			fflush(out); /* live: a pipe must not wait for a full buffer */
			continue;
		case CONTROL_LINE_FOLLOWING:
			fprintf(err, "sockfence: following %s (Ctrl-C stops)\n", text);
			continue;
		case CONTROL_LINE_DROPPED:
			report_gap(text, json, out, err);
			continue;
		case CONTROL_LINE_OK:
			fprintf(err, "sockfence: %s\n", text);
			status = 0;
			break;
		case CONTROL_LINE_ERROR:
			fprintf(err, "sockfence: %s\n", text);
			status = 1;
			break;
		case CONTROL_LINE_INVALID:
			fprintf(err, "sockfence: unexpected answer from the daemon: %s\n", line);
			break;
		}
		free(line);
		return status;
	}
	free(line);
	fprintf(err, "sockfence: the daemon closed the connection before the end of the "
		     "events (did it stop?)\n");
	return 2;
}
