/* SPDX-License-Identifier: GPL-2.0-only */
/* The CLI's side of the control socket. */
#ifndef SOCKFENCE_CONTROL_CLIENT_H
#define SOCKFENCE_CONTROL_CLIENT_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Sends one request and returns the stream of the daemon's answer lines,
 * or NULL after saying why on stderr. The caller fcloses it.
 */
FILE *control_request(const char *command, const char *argument);

/* Can a daemon be reached? (Its control socket accepts a connection.) */
bool control_daemon_answers(void);

/*
 * Asks the daemon for CONTROL_CMD_HEALTH, quietly: true when one answered.
 * Calls problem for each line it reports (a failing event sink, ...).
 */
bool control_daemon_health(void (*problem)(void *ctx, const char *text), void *ctx);

/*
 * Sends one request and prints the answer: message lines to stderr, the
 * outcome to stdout (ok) or stderr (error). Returns the exit status it
 * means: 0 ok, 1 refused by the daemon, 2 no daemon or no answer.
 */
int control_call(const char *command, const char *argument);

#endif /* SOCKFENCE_CONTROL_CLIENT_H */
