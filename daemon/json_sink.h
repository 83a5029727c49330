/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `sockfence run --events-json FILE`: one JSON record per event, appended.
 * Reopened on SIGHUP so logrotate can move the file away.
 */
#ifndef SOCKFENCE_JSON_SINK_H
#define SOCKFENCE_JSON_SINK_H

#include <stddef.h>
#include <stdint.h>

struct json_sink {
	const char *path; /* NULL: no JSON file */
	int fd;
	uint64_t written;
	uint64_t lost;	 /* write failed (disk full, ...) or the file could not be opened */
	char error[256]; /* why the file is not being written now, "" when it is */
};

/*
 * Opens path for appending (created 0600). Returns 0 or a negative errno
 * (logged, and kept in error: events are then counted as lost until a
 * reopen succeeds).
 */
int json_sink_open(struct json_sink *j, const char *path);

/* Closes and opens the file again: after logrotate moved it. */
int json_sink_reopen(struct json_sink *j);

/* Appends one record, newline included; never blocks on a pipe. */
void json_sink_write(struct json_sink *j, const char *record, size_t len);

void json_sink_close(struct json_sink *j);

#endif /* SOCKFENCE_JSON_SINK_H */
