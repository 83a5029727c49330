/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control socket's protocol, shared by the daemon and the CLI.
 * Request: one line "COMMAND [ARGUMENT]\n". Response: any number of
 * "| TEXT\n" message lines, then one final "ok TEXT\n" or "error TEXT\n".
 */
#ifndef SOCKFENCE_CONTROL_PROTO_H
#define SOCKFENCE_CONTROL_PROTO_H

#include <stdbool.h>
#include <stddef.h>

#define SF_CONTROL_DIR	    "/run/sockfence"
#define SF_CONTROL_SOCKET   "/run/sockfence/control.sock"
#define SF_CONTROL_LINE_MAX 4096

#define CONTROL_CMD_RELOAD "reload"
#define CONTROL_CMD_UNLOAD "unload"
/* "health": one "| TEXT" line per problem (a failing event sink), then "ok N problems". */
#define CONTROL_CMD_HEALTH "health"
/*
 * "events [follow] [json]": the answer to events is a stream. Without
 * follow: "| EVENT" for each recent event, then "ok". With follow:
 * "following TEXT", then "| EVENT" lines until the daemon ends the stream
 * with "ok TEXT". Either way "dropped N" stands for N events this client
 * did not get because it read too slowly.
 */
#define CONTROL_CMD_EVENTS "events"

enum control_line_kind {
	CONTROL_LINE_MESSAGE,	/* "| text" */
	CONTROL_LINE_OK,	/* "ok text": final, success */
	CONTROL_LINE_ERROR,	/* "error text": final, failure */
	CONTROL_LINE_FOLLOWING, /* "following text": an events stream begins */
	CONTROL_LINE_DROPPED,	/* "dropped N": N events skipped for this client */
	CONTROL_LINE_INVALID,
};

struct control_request {
	char command[32];
	char argument[SF_CONTROL_LINE_MAX];
};

/*
 * Parses one request line (without its newline). Returns 0, or -EINVAL for
 * an empty command, a command that is not [a-z-]+, or control bytes.
 */
int control_parse_request(const char *line, struct control_request *req);

/* Formats a request line with its newline; -ENOSPC when it does not fit. */
int control_format_request(char *out, size_t out_len, const char *command, const char *argument);

/* Classifies a response line and points *text at its text. */
enum control_line_kind control_parse_response(const char *line, const char **text);

#endif /* SOCKFENCE_CONTROL_PROTO_H */
